//! `update(state, action) -> effects`: the whole behaviour of the UI as one
//! pure function, tested with tables of (state, action) -> (state, effects).

use crate::queue::{QueueEvent, ViewQuery};

use super::action::{Action, Command, Effect};
use super::state::{Mode, State};

/// Load more rows when the selection comes this close to the loaded end.
const PREFETCH_MARGIN: usize = 20;

/// Effects that start the UI: the first page and the counts.
pub fn init(state: &mut State) -> Vec<Effect> {
    state.loading = true;
    vec![reload(state), Effect::LoadCounts]
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(cmd) => command(state, cmd),
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            keep_selection_visible(state);
            detail_effect(state)
        }
        Action::Tick(now) => {
            state.now = now;
            Vec::new()
        }
        Action::ViewLoaded { rows, more, append } => view_loaded(state, rows, more, append),
        Action::CountsLoaded(counts) => {
            state.counts = counts;
            Vec::new()
        }
        Action::DetailLoaded(detail) => {
            state.detail = Some(*detail);
            Vec::new()
        }
        Action::Queue(event) => queue_event(state, event),
        Action::Health(report) => {
            state.health.insert(report.source, report.health);
            Vec::new()
        }
        Action::Failed(message) => {
            state.loading = false;
            state.message = Some(message);
            Vec::new()
        }
    }
}

fn reload(state: &State) -> Effect {
    Effect::LoadView {
        query: ViewQuery {
            statuses: state.view_statuses.clone(),
            after: None,
            limit: state.rows.len().max(state.page_size),
        },
        append: false,
    }
}

fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match (state.mode, cmd) {
        (_, Command::Quit) => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        (Mode::Help { over_detail }, Command::Back) => {
            state.mode = if over_detail {
                Mode::Detail
            } else {
                Mode::Queue
            };
            Vec::new()
        }
        (Mode::Help { .. }, Command::ScrollDown) => {
            state.help_scroll = state.help_scroll.saturating_add(1);
            Vec::new()
        }
        (Mode::Help { .. }, Command::ScrollUp) => {
            state.help_scroll = state.help_scroll.saturating_sub(1);
            Vec::new()
        }
        (mode, Command::Help) => {
            state.help_scroll = 0;
            state.mode = Mode::Help {
                over_detail: mode == Mode::Detail,
            };
            Vec::new()
        }
        (Mode::Detail, Command::Back) => {
            state.mode = Mode::Queue;
            Vec::new()
        }
        (Mode::Detail, Command::ScrollDown) => scroll_detail(state, 1),
        (Mode::Detail, Command::ScrollUp) => scroll_detail(state, -1),
        (Mode::Detail, Command::PageDown) => scroll_detail(state, state.list_height() as i32),
        (Mode::Detail, Command::PageUp) => scroll_detail(state, -(state.list_height() as i32)),
        (Mode::Detail, Command::Next) => move_selection(state, 1),
        (Mode::Detail, Command::Prev) => move_selection(state, -1),
        (Mode::Queue, Command::Down) => move_selection(state, 1),
        (Mode::Queue, Command::Up) => move_selection(state, -1),
        (Mode::Queue, Command::PageDown) => move_selection(state, state.list_height() as i64),
        (Mode::Queue, Command::PageUp) => move_selection(state, -(state.list_height() as i64)),
        (Mode::Queue, Command::Top) => move_selection(state, i64::MIN / 2),
        (Mode::Queue, Command::Bottom) => move_selection(state, i64::MAX / 2),
        (Mode::Queue, Command::Open) => open(state),
        _ => Vec::new(),
    }
}

fn scroll_detail(state: &mut State, by: i32) -> Vec<Effect> {
    state.detail_scroll =
        (i32::from(state.detail_scroll) + by).clamp(0, i32::from(u16::MAX)) as u16;
    Vec::new()
}

fn open(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.selected_id() else {
        return Vec::new();
    };
    state.mode = Mode::Detail;
    state.detail_scroll = 0;
    vec![Effect::LoadDetail(id)]
}

fn move_selection(state: &mut State, by: i64) -> Vec<Effect> {
    if state.rows.is_empty() {
        return Vec::new();
    }
    let last = state.rows.len() as i64 - 1;
    let target = (state.selected as i64).saturating_add(by).clamp(0, last) as usize;
    if target == state.selected {
        return more_effect(state);
    }
    state.selected = target;
    state.detail_scroll = 0;
    keep_selection_visible(state);
    let mut effects = more_effect(state);
    effects.extend(detail_effect(state));
    effects
}

/// The detail is needed when it is on screen: detail mode, or a split.
fn detail_effect(state: &State) -> Vec<Effect> {
    let visible = state.mode == Mode::Detail || state.split();
    match state.selected_id() {
        Some(id) if visible && state.selected_detail().is_none() => vec![Effect::LoadDetail(id)],
        _ => Vec::new(),
    }
}

fn more_effect(state: &mut State) -> Vec<Effect> {
    let near_end = state.selected + PREFETCH_MARGIN >= state.rows.len();
    match state.rows.last() {
        Some(last) if near_end && state.more && !state.loading => {
            state.loading = true;
            vec![Effect::load_more(
                &state.view_statuses,
                last,
                state.page_size,
            )]
        }
        _ => Vec::new(),
    }
}

fn keep_selection_visible(state: &mut State) {
    let height = state.list_height();
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + height {
        state.offset = state.selected + 1 - height;
    }
    let max_offset = state.rows.len().saturating_sub(height);
    state.offset = state.offset.min(max_offset);
}

fn view_loaded(
    state: &mut State,
    rows: Vec<crate::model::Inquiry>,
    more: bool,
    append: bool,
) -> Vec<Effect> {
    state.loading = false;
    state.more = more;
    if append {
        let known: std::collections::HashSet<_> = state.rows.iter().map(|r| r.id).collect();
        state
            .rows
            .extend(rows.into_iter().filter(|r| !known.contains(&r.id)));
    } else {
        replace_rows(state, rows);
    }
    if std::mem::take(&mut state.reload_pending) {
        state.loading = true;
        return vec![reload(state)];
    }
    detail_effect(state)
}

/// New rows, with the officer's selection kept on the same inquiry and on
/// the same screen line, wherever the inquiry moved in the list.
fn replace_rows(state: &mut State, rows: Vec<crate::model::Inquiry>) {
    let keep = state.selected_id();
    let screen_line = state.selected.saturating_sub(state.offset);
    state.rows = rows;
    let found = keep.and_then(|id| state.rows.iter().position(|r| r.id == id));
    state.selected = match found {
        Some(i) => i,
        None => state.selected.min(state.rows.len().saturating_sub(1)),
    };
    state.offset = state.selected.saturating_sub(screen_line);
    keep_selection_visible(state);
}

fn queue_event(state: &mut State, event: QueueEvent) -> Vec<Effect> {
    if let QueueEvent::Changed { inquiry, .. } = &event
        && let Some(detail) = state.detail.as_mut().filter(|d| d.inquiry.id == inquiry.id)
    {
        detail.inquiry = (**inquiry).clone();
    }
    let mut effects = vec![Effect::LoadCounts];
    if state.loading {
        state.reload_pending = true;
    } else {
        state.loading = true;
        effects.push(reload(state));
    }
    effects
}
