//! `update(state, action) -> effects`: the whole behaviour of the UI as one
//! pure function, tested with tables of (state, action) -> (state, effects).
//!
//! - `nav`: moving, opening, loading pages, keeping the selection;
//! - `work`: the officer's changes (claim, tag, close, snooze, note,
//!   priority, category, undo), marks, pickers and confirmations;
//! - `search`: `/`, as you type, and back;
//! - `compose`: the reply screen (template, text, preview, send);
//! - `outbox`: the outbox's news (sent, failed, retried, cancelled);
//! - `group`: a group's row: open and fold it, answer or escalate it whole;
//! - `escalate`: the escalation form (mission, summary, note, confirm);
//! - `drafts`: what is being written, kept by the desk and brought back;
//! - `group`: a group's row, opened in place, answered with one template;
//! - `crisis`: a crisis's tab, its header, the surge banner (#16).

mod compose;
mod crisis;
mod drafts;
mod escalate;
mod group;
mod nav;
mod outbox;
mod search;
mod work;

use super::action::TextKey;
use super::action::{Action, Command, Effect};
use super::state::{Mode, State};
use crate::model::{Inquiry, Status};
use crate::queue::InquiryDetail;
use crate::store::Facet;
use crate::tr;

pub use crisis::{slug, spec_of};
pub use work::DEFAULT_CLOSE_REASONS;

/// Effects that start the UI: the first page, the counts, the outbox,
/// the officer's drafts, and the desk's crises and surge.
pub fn init(state: &mut State) -> Vec<Effect> {
    let mut effects = nav::init(state);
    effects.extend(crisis::ask(state));
    effects
}

/// One action, the state it leaves and the effects it asks for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    note_officer_key(state, &action);
    match action {
        Action::Command(cmd) => command(state, cmd),
        Action::Terminate => terminate(state),
        Action::Text(key) => text(state, key),
        Action::Resize { width, height } => nav::resize(state, width, height),
        Action::Tick(now) => tick(state, now),
        Action::ViewLoaded {
            for_view,
            rows,
            groups,
            more,
            append,
        } => view_loaded(state, for_view, (rows, groups), more, append),
        Action::CountsLoaded(counts) => {
            state.counts = counts;
            Vec::new()
        }
        Action::ViewCounts(counts) => {
            state.view_counts = counts;
            Vec::new()
        }
        Action::DetailLoaded(detail) => detail_loaded(state, *detail),
        Action::ComposeInput(input) => compose::input(state, input),
        Action::ReplyQueued(result) => compose::queued(state, result),
        Action::ExternalEdited(result) => compose::edited(state, result),
        Action::OutboxLoaded(open) => outbox::outbox_loaded(state, open),
        Action::ReplyChanged(result) => outbox::reply_changed(state, result),
        Action::EscalateInput(input) => escalate::input(state, input),
        Action::Escalated(result) => escalate::recorded(state, result),
        Action::EscalationChanged(result) => escalate::changed(state, result),
        Action::ShiftLoaded(result) => shift_loaded(state, result),
        Action::ShiftAccepted(result) => shift_accepted(state, result),
        Action::SearchDone { text, result } => search::done(state, text, result),
        Action::Undone { what, outcomes } => work::undone(state, what, outcomes),
        Action::Applied {
            change,
            outcomes,
            undoable,
        } => work::applied(state, change, outcomes, undoable),
        Action::Queue(event) => {
            if matches!(event, crate::queue::QueueEvent::Arrived { .. }) {
                crisis::arrived(state);
            }
            nav::queue_event(state, event)
        }
        Action::Health(report) => {
            state.health.insert(report.source, report.health);
            Vec::new()
        }
        Action::DraftsLoaded(result) => drafts::loaded(state, result),
        Action::DraftNotKept { inquiry, why } => drafts::not_kept(state, inquiry, &why),
        Action::GroupAnswered(result) => group::answered(state, result),
        Action::GroupEscalated(result) => group::escalated(state, result),
        Action::CrisesLoaded(result) => crisis::loaded(state, result),
        Action::SuggestionLoaded(result) => crisis::suggestion_loaded(state, result),
        Action::CrisisOpened(result) => crisis::opened(state, result),
        Action::CrisisClosed(result) => crisis::closed(state, result),
        Action::DismissFailed(why) => crisis::dismiss_failed(state, why),
        Action::Failed(message) => {
            state.loading = false;
            state.message = Some(message);
            Vec::new()
        }
    }
}

/// The officer's first key: the selection is theirs from now on, and any
/// key but another quit disarms a quit.
fn note_officer_key(state: &mut State, action: &Action) {
    if matches!(
        action,
        Action::Command(_) | Action::Text(_) | Action::ComposeInput(_) | Action::EscalateInput(_)
    ) {
        state.placed = true;
        if *action != Action::Command(Command::Quit) {
            state.quit_armed = false;
        }
    }
}

/// A page of rows, unless it was for a view the officer has since left.
fn view_loaded(
    state: &mut State,
    for_view: Option<(Facet, Vec<Status>)>,
    (rows, groups): (Vec<Inquiry>, Vec<crate::model::GroupSummary>),
    more: bool,
    append: bool,
) -> Vec<Effect> {
    let view = state.current_view();
    match for_view {
        Some((facet, statuses)) if facet != view.facet || statuses != view.statuses => Vec::new(),
        _ => nav::view_loaded(state, rows, groups, more, append),
    }
}

/// The selected inquiry's detail: the compose screen takes its rules,
/// an open form its history.
fn detail_loaded(state: &mut State, detail: InquiryDetail) -> Vec<Effect> {
    if let Some(c) = state
        .compose
        .as_mut()
        .filter(|c| c.id() == detail.inquiry.id)
    {
        c.rules = detail.rules;
    }
    // A form opened before the history arrived gets it now, for
    // the packet.
    if let Some(f) = state
        .escalate
        .as_mut()
        .filter(|f| f.id() == detail.inquiry.id && !f.sending)
    {
        f.history = detail.history.clone();
    }
    state.detail = Some(detail);
    Vec::new()
}

/// The shift digest to show, or why it could not be made.
fn shift_loaded(state: &mut State, result: Result<String, String>) -> Vec<Effect> {
    match result {
        Ok(text) => state.shift = Some(text),
        Err(why) => state.message = Some(why),
    }
    Vec::new()
}

/// A handover accepted (or not), said; claims moved, so the views, their
/// counts and the digest change.
fn shift_accepted(state: &mut State, result: Result<String, String>) -> Vec<Effect> {
    state.message = Some(result.unwrap_or_else(|why| why));
    vec![Effect::LoadShift { lang: state.lang }, Effect::LoadCounts]
}

/// Every 30 s, snoozed inquiries whose time came go back to the inbox;
/// every tick, what is being written and changed since is kept.
fn tick(state: &mut State, now: jiff::Timestamp) -> Vec<Effect> {
    let wake = now.as_second() / 30 != state.now.as_second() / 30;
    state.now = now;
    let mut effects = escalate::check_deadlines(state);
    effects.extend(drafts::keep(state));
    effects.extend(crisis::tick(state));
    if wake {
        effects.push(Effect::WakeDue);
    }
    effects
}

fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    if cmd == Command::Quit {
        return quit(state);
    }
    state.message = None;
    match state.mode {
        Mode::Help { over_detail } => help_command(state, cmd, over_detail),
        Mode::Detail => detail_command(state, cmd),
        Mode::Queue => queue_command(state, cmd),
        Mode::Compose { .. } => compose::command(state, cmd),
        Mode::Escalate { .. } => escalate::command(state, cmd),
        Mode::Shift => shift_command(state, cmd),
    }
}

/// `q` / `C-c`. In search results (not while typing the query) it leaves
/// the search, as `Esc`. With a reply or an escalation typed and not
/// sent, the first one saves its draft and asks, the second quits: the
/// draft is kept either way. Other typed text (a note) is never lost to
/// one key.
fn quit(state: &mut State) -> Vec<Effect> {
    let in_results = state.search.as_ref().is_some_and(|s| !s.editing);
    if state.mode == Mode::Queue && in_results {
        return search::leave(state);
    }
    match unsent_work(state) {
        Some(warning) if !state.quit_armed => {
            state.quit_armed = true;
            state.message = Some(warning);
            drafts::keep(state)
        }
        _ => terminate(state),
    }
}

/// Quit now, whatever is open: a signal, or the terminal gone. What is
/// being written is kept first (the loop finishes the save before it
/// exits).
fn terminate(state: &mut State) -> Vec<Effect> {
    let mut effects = drafts::keep(state);
    state.quitting = true;
    effects.push(Effect::Quit);
    effects
}

/// "your reply to #12 is not sent; its draft is kept: ..." when typed
/// text is open, and "what you typed is not saved" when it would be lost.
fn unsent_work(state: &State) -> Option<String> {
    if let Some(c) = state.compose.as_ref().filter(|c| c.edited && !c.sending) {
        let id = c.id().to_string();
        return Some(tr!(state.lang, "quit-unsent-reply", id = id));
    }
    if let Some(f) = state.escalate.as_ref().filter(|f| f.edited && !f.sending) {
        let id = f.id().to_string();
        return Some(tr!(state.lang, "quit-unsent-escalation", id = id));
    }
    if let Some(crate::ui::overlay::Overlay::Input(input)) = state.overlay.as_ref()
        && !input.text.trim().is_empty()
    {
        return Some(tr!(state.lang, "quit-unsent-input"));
    }
    None
}

fn shift_command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Back => {
            state.mode = Mode::Queue;
            state.shift = None;
        }
        Command::ScrollDown => state.shift_scroll = state.shift_scroll.saturating_add(1),
        Command::ScrollUp => state.shift_scroll = state.shift_scroll.saturating_sub(1),
        Command::AcceptShift => {
            state.overlay = Some(crate::ui::overlay::Overlay::Input(
                crate::ui::overlay::Input {
                    title: tr!(state.lang, "input-handover"),
                    text: String::new(),
                    targets: Vec::new(),
                    purpose: crate::ui::overlay::InputPurpose::Handover,
                    discard_armed: false,
                },
            ));
        }
        _ => {}
    }
    Vec::new()
}

fn open_shift(state: &mut State) -> Vec<Effect> {
    state.mode = Mode::Shift;
    state.shift = None;
    state.shift_scroll = 0;
    vec![Effect::LoadShift { lang: state.lang }]
}

fn help_command(state: &mut State, cmd: Command, over_detail: bool) -> Vec<Effect> {
    match cmd {
        Command::Back | Command::Help => {
            state.mode = if over_detail {
                Mode::Detail
            } else {
                Mode::Queue
            };
        }
        Command::ScrollDown => {
            let last = crate::ui::view::help_max_scroll(state);
            state.help_scroll = state.help_scroll.saturating_add(1).min(last);
        }
        Command::ScrollUp => state.help_scroll = state.help_scroll.saturating_sub(1),
        _ => {}
    }
    Vec::new()
}

fn open_help(state: &mut State) -> Vec<Effect> {
    state.help_scroll = 0;
    state.mode = Mode::Help {
        over_detail: state.mode == Mode::Detail,
    };
    Vec::new()
}

fn detail_command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let page = state.list_height() as i32;
    if matches!(cmd, Command::Back | Command::Next | Command::Prev) {
        // A reveal holds for the inquiry it was recorded on, while open.
        state.revealed = None;
    }
    match cmd {
        Command::Back => {
            state.mode = Mode::Queue;
            Vec::new()
        }
        Command::Help => open_help(state),
        Command::ScrollDown => nav::scroll_detail(state, 1),
        Command::ScrollUp => nav::scroll_detail(state, -1),
        Command::PageDown => nav::scroll_detail(state, page),
        Command::PageUp => nav::scroll_detail(state, -page),
        Command::Next => nav::move_selection(state, 1),
        Command::Prev => nav::move_selection(state, -1),
        Command::Reply => compose::open_picker(state, false),
        Command::ReplyInEditor => compose::open_picker(state, true),
        Command::RetryReply | Command::CancelReply => outbox::retry_or_cancel(state, cmd),
        Command::Escalate => escalate::open_picker(state),
        Command::Acknowledge => escalate::open_ack(state),
        Command::Shift => open_shift(state),
        Command::Reveal => work::reveal(state),
        other => work::command(state, other),
    }
}

fn queue_command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let page = state.list_height() as i64;
    match cmd {
        Command::Help => open_help(state),
        Command::Down => nav::move_selection(state, 1),
        Command::Up => nav::move_selection(state, -1),
        Command::PageDown => nav::move_selection(state, page),
        Command::PageUp => nav::move_selection(state, -page),
        Command::Top => nav::move_selection(state, i64::MIN / 2),
        Command::Bottom => nav::move_selection(state, i64::MAX / 2),
        Command::Open => group::open(state),
        Command::Expand => group::expand(state),
        Command::Collapse => group::collapse(state),
        Command::NextView => nav::switch_view(state, 1),
        Command::PrevView => nav::switch_view(state, -1),
        Command::Search => search::start(state),
        Command::Back => search::leave(state),
        Command::Reply => {
            group::open_picker(state).unwrap_or_else(|| compose::open_picker(state, false))
        }
        Command::ReplyInEditor => {
            work::refused_on_group(state, cmd).unwrap_or_else(|| compose::open_picker(state, true))
        }
        Command::Escalate => {
            group::open_mission_picker(state).unwrap_or_else(|| escalate::open_picker(state))
        }
        Command::Acknowledge => {
            work::refused_on_group(state, cmd).unwrap_or_else(|| escalate::open_ack(state))
        }
        Command::Shift => open_shift(state),
        Command::OpenCrisis | Command::CloseCrisis | Command::DismissSuggestion => {
            crisis::command(state, cmd)
        }
        other => work::command(state, other),
    }
}

fn text(state: &mut State, key: TextKey) -> Vec<Effect> {
    if state.overlay.is_some() {
        work::overlay_key(state, key)
    } else if state.search.as_ref().is_some_and(|s| s.editing) {
        search::key(state, key)
    } else {
        Vec::new()
    }
}
