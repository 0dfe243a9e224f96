//! Moving around: selection, pages, views, the detail pane, and keeping the
//! officer's place when the list changes under them.

use std::collections::HashSet;

use crate::model::Inquiry;
use crate::queue::QueueEvent;
use crate::tr;
use crate::ui::action::Effect;
use crate::ui::state::{Mode, State};

use super::search;

/// Load more rows when the selection comes this close to the loaded end.
const PREFETCH_MARGIN: usize = 20;

/// Effects that start the UI: the first page, the counts, the outbox and
/// the officer's drafts.
pub fn init(state: &mut State) -> Vec<Effect> {
    state.loading = true;
    vec![
        reload(state),
        Effect::LoadCounts,
        view_counts(state),
        Effect::WakeDue,
        Effect::LoadOutbox,
        Effect::LoadDrafts,
    ]
}

pub fn reload(state: &State) -> Effect {
    Effect::LoadView {
        query: state
            .current_view()
            .query(state.grouping.loaded(&state.rows).max(state.page_size)),
        append: false,
    }
}

pub fn view_counts(state: &State) -> Effect {
    Effect::LoadViewCounts(
        state
            .views
            .iter()
            .map(|v| (v.facet.clone(), v.statuses.clone()))
            .collect(),
    )
}

pub fn resize(state: &mut State, width: u16, height: u16) -> Vec<Effect> {
    state.width = width;
    state.height = height;
    keep_selection_visible(state);
    detail_effect(state)
}

pub fn scroll_detail(state: &mut State, by: i32) -> Vec<Effect> {
    state.detail_scroll =
        (i32::from(state.detail_scroll) + by).clamp(0, i32::from(u16::MAX)) as u16;
    Vec::new()
}

pub fn open(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.selected_id() else {
        return Vec::new();
    };
    state.mode = Mode::Detail;
    state.detail_scroll = 0;
    vec![Effect::LoadDetail(id)]
}

pub fn move_selection(state: &mut State, by: i64) -> Vec<Effect> {
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

/// Tab: the next view; its first page loads, marks and search are dropped.
pub fn switch_view(state: &mut State, by: i64) -> Vec<Effect> {
    let n = state.views.len() as i64;
    state.view = (state.view as i64 + by).rem_euclid(n) as usize;
    state.search = None;
    state.marked.clear();
    state.rows.clear();
    state.grouping.folded.clear();
    state.grouping.expanded.clear();
    state.selected = 0;
    state.offset = 0;
    state.placed = false;
    state.arrivals.clear();
    state.unseen_above.clear();
    state.more = false;
    state.loading = true;
    state.reload_pending = false;
    vec![reload(state)]
}

/// The detail is needed when it is on screen: detail mode, or a split.
pub fn detail_effect(state: &State) -> Vec<Effect> {
    let visible = state.mode == Mode::Detail || state.split();
    match state.selected_id() {
        Some(id) if visible && state.selected_detail().is_none() => vec![Effect::LoadDetail(id)],
        _ => Vec::new(),
    }
}

fn more_effect(state: &mut State) -> Vec<Effect> {
    let near_end = state.selected + PREFETCH_MARGIN >= state.rows.len();
    match state.grouping.last_loaded(&state.rows) {
        Some(last) if near_end && state.more && !state.loading && state.search.is_none() => {
            state.loading = true;
            vec![state.current_view().more_after(last, state.page_size)]
        }
        _ => Vec::new(),
    }
}

/// The list scrolls by half a screen when the selection leaves it, not by
/// one row a key: over a slow link a scroll rewrites every row (~2.5 KB at
/// 80x24), a move within the screen two (~0.3 KB).
pub fn keep_selection_visible(state: &mut State) {
    let height = state.list_height();
    let half = height / 2;
    if state.selected < state.offset {
        state.offset = state.selected.saturating_sub(half);
    } else if state.selected >= state.offset + height {
        state.offset = (state.selected + 1 + half).saturating_sub(height);
    }
    let max_offset = state.rows.len().saturating_sub(height);
    state.offset = state.offset.min(max_offset);
    forget_seen_arrivals(state);
}

pub fn view_loaded(
    state: &mut State,
    rows: Vec<Inquiry>,
    groups: Vec<crate::model::GroupSummary>,
    more: bool,
    append: bool,
) -> Vec<Effect> {
    state.loading = false;
    if state.search.is_some() {
        // Results are on screen; the view is refreshed when search ends.
        return Vec::new();
    }
    state.more = more;
    if append {
        let mut all = state.grouping.unfold(state.rows.clone());
        let known: HashSet<_> = all.iter().map(|r| r.id).collect();
        all.extend(rows.into_iter().filter(|r| !known.contains(&r.id)));
        state.grouping.learn(groups);
        replace_rows(state, all);
    } else {
        state.grouping.summaries.clear();
        state.grouping.learn(groups);
        replace_rows(state, rows);
        note_arrivals(state);
    }
    if std::mem::take(&mut state.reload_pending) {
        state.loading = true;
        return vec![reload(state)];
    }
    detail_effect(state)
}

/// New rows, with the officer's place kept: before their first key the
/// selection follows the top row; after it, it stays on its inquiry, on the
/// same screen line when scrolled, at the top when the top was showing.
/// Arrivals that land above the screen are counted for "▲ N new above".
pub fn replace_rows(state: &mut State, rows: Vec<Inquiry>) {
    let keep = state.selected_id();
    let on_group = state
        .grouping
        .group_at(&state.rows, state.selected)
        .map(|g| g.id);
    let screen_line = state.selected.saturating_sub(state.offset);
    let at_top = state.offset == 0;
    state.rows = if state.search.is_none() {
        state.grouping.fold(rows)
    } else {
        rows
    };
    if state.placed {
        let found = match on_group.and_then(|g| state.grouping.head_of(g)) {
            Some(head) => Some(head),
            None => keep.and_then(|id| find_row(state, id)),
        };
        state.selected = match found {
            Some(i) => i,
            None => state.selected.min(state.rows.len().saturating_sub(1)),
        };
        state.offset = if at_top {
            0
        } else {
            state.selected.saturating_sub(screen_line)
        };
    } else {
        state.selected = 0;
        state.offset = 0;
    }
    keep_selection_visible(state);
    let present: HashSet<_> = state.rows.iter().map(|r| r.id).collect();
    state.marked.retain(|id| present.contains(id));
}

/// Where inquiry `id` is listed: its own row, not its group's when it
/// heads an open group (that row stands for the group).
fn find_row(state: &State, id: crate::model::InquiryId) -> Option<usize> {
    let mut at = state.rows.iter().enumerate().filter(|(_, r)| r.id == id);
    let first = at.next().map(|(i, _)| i)?;
    match state.grouping.group_at(&state.rows, first) {
        Some(_) => at.next().map(|(i, _)| i).or(Some(first)),
        None => Some(first),
    }
}

/// The view reloaded after arrivals: those now above the screen are unseen
/// until they come into view.
fn note_arrivals(state: &mut State) {
    let arrivals = std::mem::take(&mut state.arrivals);
    let above = state.rows[..state.offset.min(state.rows.len())]
        .iter()
        .filter(|r| arrivals.contains(&r.id))
        .map(|r| r.id);
    state.unseen_above.extend(above);
    forget_seen_arrivals(state);
}

/// An arrival counts as unseen only while it sits above the first row drawn.
fn forget_seen_arrivals(state: &mut State) {
    if state.unseen_above.is_empty() {
        return;
    }
    let above: HashSet<_> = state.rows[..state.offset.min(state.rows.len())]
        .iter()
        .map(|r| r.id)
        .collect();
    state.unseen_above.retain(|id| above.contains(id));
}

/// A P1 arrived: the bell (once for the batch, if configured) and a word in
/// the status bar, whatever view is on screen.
fn urgent_arrivals(state: &mut State, urgent: &[crate::model::InquiryId]) -> Vec<Effect> {
    if urgent.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = urgent.iter().take(3).map(|id| format!("#{id}")).collect();
    let ids = ids.join(" ");
    state.message = Some(match urgent.len() {
        n if n > 3 => tr!(state.lang, "p1-arrived-more", ids = ids, more = n - 3),
        _ => tr!(state.lang, "p1-arrived", ids = ids),
    });
    if state.bell_on_p1 {
        vec![Effect::Bell]
    } else {
        Vec::new()
    }
}

pub fn queue_event(state: &mut State, event: QueueEvent) -> Vec<Effect> {
    if let QueueEvent::Reply { reply } = &event {
        return super::outbox::reply_event(state, reply);
    }
    if let QueueEvent::Escalation { escalation } = &event {
        return super::escalate::escalation_event(state, escalation);
    }
    if let QueueEvent::Presence { presences } = event {
        state.presences = presences;
        return Vec::new();
    }
    if let QueueEvent::Health { report } = event {
        state.health.insert(report.source, report.health);
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let QueueEvent::Arrived { ids, urgent, .. } = &event {
        state.arrivals.extend(ids.iter().copied());
        effects.extend(urgent_arrivals(state, urgent));
    }
    if let QueueEvent::Changed { inquiry, .. } = &event {
        if let Some(detail) = state.detail.as_mut().filter(|d| d.inquiry.id == inquiry.id) {
            detail.inquiry = (**inquiry).clone();
        }
        // Keep the row itself fresh at once; the reload reorders.
        let rows = state.rows.iter_mut().chain(&mut state.grouping.folded);
        for row in rows.filter(|r| r.id == inquiry.id) {
            *row = (**inquiry).clone();
        }
    }
    effects.extend([Effect::LoadCounts, view_counts(state)]);
    let touched = |id| match &event {
        QueueEvent::Changed { inquiry, .. } => inquiry.id == id,
        QueueEvent::Arrived { ids, .. } => ids.contains(&id),
        QueueEvent::Reply { reply } => reply.inquiry == id,
        QueueEvent::Escalation { escalation } => escalation.inquiry == id,
        QueueEvent::Presence { .. } | QueueEvent::Health { .. } => false,
    };
    let shown = state.mode == Mode::Detail || state.split();
    if let Some(id) = state.selected_id().filter(|id| shown && touched(*id)) {
        effects.push(Effect::LoadDetail(id));
    }
    if state.search.is_some() {
        effects.extend(search::refresh(state));
    } else if state.loading {
        state.reload_pending = true;
    } else {
        state.loading = true;
        effects.push(reload(state));
    }
    effects
}

/// A form (compose, escalate) left: back to the detail it was opened
/// from, else the queue.
pub fn back_from_form(state: &mut State, from_detail: bool) {
    state.mode = if from_detail {
        Mode::Detail
    } else {
        Mode::Queue
    };
}
