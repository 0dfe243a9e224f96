//! The officer's changes: claim, tag, close, snooze, note, priority and
//! category, on the marked inquiries or the selected one; the pickers and
//! confirmations they open; the results coming back; and undo. This file
//! turns commands into changes and opens what they ask for; `keys` is
//! what the officer types into those, `results` what comes back.

use crate::i18n::Lang;
use crate::model::{DeskState, Inquiry, Priority};
use crate::queue::Change;
use crate::tr;
use crate::ui::action::{Command, Effect, Target};
use crate::ui::overlay::{Input, InputPurpose, Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::State;

use super::nav;

mod group;
mod keys;
mod results;

pub use group::refused as refused_on_group;
pub use keys::overlay_key;
pub use results::{applied, undone};

pub fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    if let Some(effects) = group::refused(state, cmd) {
        return effects;
    }
    match cmd {
        Command::Mark => mark(state),
        Command::Claim => apply(state, Change::Claim { take_over: false }),
        Command::Tag => open_tags(state),
        Command::Close => open_picker(state, PickerKind::Close),
        Command::Snooze => open_picker(state, PickerKind::Snooze),
        Command::Priority => open_picker(state, PickerKind::Priority),
        Command::Category => open_picker(state, PickerKind::Category),
        Command::AcceptLearned => apply(state, Change::AcceptLearned),
        Command::Note => open_note(state),
        Command::Assign => open_assign(state),
        Command::Undo => undo(state),
        _ => Vec::new(),
    }
}

/// What a change applies to: the marked inquiries, else the selected
/// one; on a group's row, every open member of the group this view lists.
fn targets(state: &State) -> Vec<Target> {
    let pick = |inq: &Inquiry| (inq.id, DeskState::of(inq));
    if let Some(members) = group::members_targeted(state) {
        members.into_iter().map(pick).collect()
    } else if state.marked.is_empty() {
        state.selected_inquiry().map(pick).into_iter().collect()
    } else {
        state
            .rows
            .iter()
            .filter(|r| state.marked.contains(&r.id))
            .map(pick)
            .collect()
    }
}

fn mark(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.selected_id() else {
        return Vec::new();
    };
    if !state.marked.remove(&id) {
        state.marked.insert(id);
    }
    nav::move_selection(state, 1)
}

fn apply(state: &mut State, change: Change) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    vec![Effect::Apply {
        targets,
        change,
        undoable: true,
    }]
}

/// `v`: show the selected inquiry's masked numbers and hidden text, once
/// the reveal is recorded; again: mask them.
pub fn reveal(state: &mut State) -> Vec<Effect> {
    let Some(inq) = state.selected_detail().map(|d| &d.inquiry) else {
        return Vec::new();
    };
    if state.revealed == Some(inq.id) {
        state.revealed = None;
        state.message = Some(tr!(state.lang, "reveal-masked-again"));
        return Vec::new();
    }
    if inq.erased.is_some() {
        state.message = Some(tr!(state.lang, "reveal-erased", id = inq.id.to_string()));
        return Vec::new();
    }
    // Recorded in the inquiry's history, which is kept as written: not
    // the officer's language.
    let what = match inq.text_hidden() {
        Some(why) => format!("text hidden ({why}) and personal numbers"),
        None => "personal numbers".to_string(),
    };
    vec![Effect::Apply {
        targets: vec![(inq.id, DeskState::of(inq))],
        change: Change::Reveal { what },
        undoable: false,
    }]
}

/// The close reasons of the default config, whose labels the catalogs
/// translate (`close-reason-answered`, ...). What is recorded is the
/// reason as configured, in every language: the history is kept as
/// written, and `[triage] noise_reasons` names the same words.
pub const DEFAULT_CLOSE_REASONS: [&str; 7] = [
    "answered",
    "referred to the mission",
    "handled by phone",
    "not a protection case",
    "duplicate",
    "spam",
    "no reply from the citizen",
];

/// The close picker's items: each reason, labelled in the officer's
/// language when it is one of the defaults, picking the reason itself.
fn close_reasons(lang: Lang, reasons: &[String]) -> Vec<PickerItem> {
    let item = |reason: &String| match DEFAULT_CLOSE_REASONS.contains(&reason.as_str()) {
        true => PickerItem {
            label: lang.member("close-reason", &reason.replace(' ', "-")),
            value: Some(reason.clone()),
            ..PickerItem::default()
        },
        false => PickerItem::plain(reason.clone(), false),
    };
    reasons.iter().map(item).collect()
}

fn items(labels: impl IntoIterator<Item = String>) -> Vec<PickerItem> {
    labels
        .into_iter()
        .map(|label| PickerItem::plain(label, false))
        .collect()
}

fn open_picker(state: &mut State, kind: PickerKind) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    let (c, lang) = (&state.choices, state.lang);
    let n = inquiries(lang, targets.len());
    let (title, list, allow_new) = match kind {
        PickerKind::Close => (
            tr!(lang, "picker-close", inquiries = &n),
            close_reasons(lang, &c.close_reasons),
            true,
        ),
        PickerKind::Snooze => (
            tr!(lang, "picker-snooze", inquiries = &n),
            items(c.snooze.clone()),
            true,
        ),
        PickerKind::Priority => (
            tr!(lang, "picker-priority", inquiries = &n),
            items(Priority::ALL.map(|p| p.to_string())),
            false,
        ),
        PickerKind::Category => (
            tr!(lang, "picker-category", inquiries = &n),
            items(c.categories.clone()),
            true,
        ),
        PickerKind::Tag => return open_tags(state),
        PickerKind::Template { then_editor } => {
            return super::compose::open_picker(state, then_editor);
        }
        PickerKind::Mission => return super::escalate::open_picker(state),
        PickerKind::GroupTemplate { .. } => {
            return super::group::open_picker(state).unwrap_or_default();
        }
        PickerKind::GroupMission { .. } => {
            return super::group::open_mission_picker(state).unwrap_or_default();
        }
    };
    state.overlay = Some(Overlay::Picker(Picker::new(
        kind, &title, list, allow_new, targets,
    )));
    Vec::new()
}

fn open_tags(state: &mut State) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    let mut labels: Vec<String> = state.choices.tags.clone();
    for row in &state.rows {
        for tag in &row.tags {
            if !labels.contains(tag) {
                labels.push(tag.clone());
            }
        }
    }
    let mut list = items(labels);
    check_tags(&mut list, &targets);
    let n = inquiries(state.lang, targets.len());
    let title = tr!(state.lang, "picker-tags", inquiries = n);
    state.overlay = Some(Overlay::Picker(Picker::new(
        PickerKind::Tag,
        &title,
        list,
        true,
        targets,
    )));
    Vec::new()
}

/// A tag is checked when every target has it.
fn check_tags(list: &mut [PickerItem], targets: &[Target]) {
    for item in list {
        item.checked = targets.iter().all(|(_, d)| d.tags.contains(&item.label));
    }
}

/// "1 inquiry", "3 inquiries" ("3 aduan"): how many a picker or an input
/// is for, said in its title.
fn inquiries(lang: Lang, n: usize) -> String {
    if n == 1 {
        tr!(lang, "inquiries-one", count = n)
    } else {
        tr!(lang, "inquiries-many", count = n)
    }
}

fn open_note(state: &mut State) -> Vec<Effect> {
    open_input(state, InputPurpose::Note, |lang, n| {
        tr!(lang, "input-note", inquiries = n)
    })
}

/// `a`: to whom (a supervisor's reassignment; the daemon checks the role).
fn open_assign(state: &mut State) -> Vec<Effect> {
    open_input(state, InputPurpose::Assign, |lang, n| {
        tr!(lang, "input-assign", inquiries = n)
    })
}

/// A text input for the targets; `title` is given "N inquiries".
fn open_input(
    state: &mut State,
    purpose: InputPurpose,
    title: impl Fn(Lang, String) -> String,
) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    let title = title(state.lang, inquiries(state.lang, targets.len()));
    state.overlay = Some(Overlay::Input(Input {
        title,
        text: String::new(),
        targets,
        purpose,
        discard_armed: false,
    }));
    Vec::new()
}

/// `u`: the last step, restored only where nobody changed it since.
fn undo(state: &mut State) -> Vec<Effect> {
    let Some(step) = state.undo.pop() else {
        state.message = Some(tr!(state.lang, "undo-nothing"));
        return Vec::new();
    };
    vec![Effect::Undo(step)]
}
