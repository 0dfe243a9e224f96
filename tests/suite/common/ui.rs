//! State builders and keys shared by the UI tests: the snapshot tests work
//! on a `State` in place (`press`, `typed`, `select`), the `update` tables
//! build `Action`s (`cmd`, `key`, `chars`) and `run` them.

use ratatui_textarea::Input;
use siaga::escalate::Escalation;
use siaga::escalate::packet::EscalationRequest;
use siaga::ingest::{Health, HealthReport};
use siaga::model::{InquiryId, Status};
use siaga::reply::compose::approve;
use siaga::reply::{Reply, ReplyRequest};
use siaga::store::StatusCounts;
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::overlay::{Overlay, Picker};
use siaga::ui::{Action, Command, Effect, State, update};

use super::{now, rows};

// ------------------------------------------------------------- states

/// `options`' queue at `width`x`height` with `common::rows(n)`, as the
/// snapshot tests draw it: every row new, the views counted to match
/// (n / 5 of them by private message), the demo source starting.
pub fn screen_state(options: &UiOptions, width: u16, height: u16, n: u64) -> State {
    let mut s = options.initial_state(width, height);
    s.now = now();
    s.rows = rows(n);
    s.counts = StatusCounts(vec![(Status::New, n), (Status::Claimed, 0)]);
    s.view_counts = vec![n, 0, n / 5, 0, 0, 0, n];
    update(
        &mut s,
        Action::Health(HealthReport {
            source: "demo".into(),
            health: Health::Starting,
        }),
    );
    s
}

/// `options`' queue at 80x24 with `common::rows(n)`.
pub fn queue_state(options: &UiOptions, n: u64) -> State {
    let mut s = options.initial_state(80, 24);
    s.now = now();
    s.rows = rows(n);
    s
}

// ----------------------------------------------------- on the state

/// Select row #`id`.
pub fn select(s: &mut State, id: u64) {
    s.selected = s
        .rows
        .iter()
        .position(|r| r.id == InquiryId(id))
        .expect("the row");
}

/// The key of `c`, pressed.
pub fn press(s: &mut State, c: Command) {
    update(s, Action::Command(c));
}

/// The view reloads with `rows`, as after an arrival.
pub fn reloaded(s: &mut State, rows: Vec<siaga::model::Inquiry>) -> Vec<siaga::ui::Effect> {
    update(
        s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows,
            more: false,
            append: false,
        },
    )
}

pub fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Action::Text(TextKey::Char(c)));
    }
}

// ------------------------------------------------------------ actions

pub fn cmd(c: Command) -> Action {
    Action::Command(c)
}

pub fn key(k: TextKey) -> Action {
    Action::Text(k)
}

pub fn chars(text: &str) -> Vec<Action> {
    text.chars().map(|c| key(TextKey::Char(c))).collect()
}

/// `text` as the terminal's keys, each made an action by `action` (the
/// editor's `Action::ComposeInput`, the form's `Action::EscalateInput`),
/// as the app makes them.
pub fn terminal_keys(text: &str, action: fn(Input) -> Action) -> Vec<Action> {
    text.chars()
        .map(|c| {
            let event = crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            );
            action(Input::from(event))
        })
        .collect()
}

/// Feed `actions` in order; every effect they asked for, in order.
pub fn run(s: &mut State, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().flat_map(|a| update(s, a)).collect()
}

// ---------------------------------------------------- reading a state

pub fn picker(s: &State) -> &Picker {
    match &s.overlay {
        Some(Overlay::Picker(p)) => p,
        other => panic!("expected a picker, found {other:?}"),
    }
}

/// What each item picks (its label, or the template name behind a title).
pub fn labels(p: &Picker) -> Vec<String> {
    p.items.iter().map(|i| i.value().to_string()).collect()
}

pub fn checked(p: &Picker) -> Vec<String> {
    p.items
        .iter()
        .filter(|i| i.checked)
        .map(|i| i.value().to_string())
        .collect()
}

pub fn message(s: &State) -> &str {
    s.message.as_deref().unwrap_or("")
}

/// The reply the desk makes of `request` from the compose `s` holds, as
/// `officer` now: what `DeskPolicy::reply` builds once the daemon or the
/// store checked it (source, target, state), the same rules the TUI ran.
pub fn desk_reply(s: &State, request: &ReplyRequest, officer: &str) -> Box<Reply> {
    let c = s.compose.as_ref().expect("composing");
    let templates: Vec<String> = s.templates.iter().map(|t| t.name.clone()).collect();
    let reply = approve(
        request.clone(),
        &c.inquiry,
        &c.rules,
        &s.reply_config,
        c.mission.as_ref(),
        &templates,
        officer,
        now(),
    )
    .expect("the desk takes what the TUI sends");
    Box::new(reply)
}

/// The escalation the desk makes of `request` from the form `s` holds, as
/// `officer` now (`DeskPolicy::escalation`).
pub fn desk_escalation(s: &State, request: &EscalationRequest, officer: &str) -> Box<Escalation> {
    let form = s.escalate.as_ref().expect("escalating");
    let escalation = form
        .setup
        .escalation(
            request.clone(),
            &form.inquiry,
            &form.history,
            officer,
            now(),
        )
        .expect("the desk takes what the TUI sends");
    Box::new(escalation)
}
