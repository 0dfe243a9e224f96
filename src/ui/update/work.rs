//! The officer's changes: claim, tag, close, snooze, note, priority and
//! category, on the marked inquiries or the selected one; the pickers and
//! confirmations they open; the results coming back; and undo.

use crate::model::{DeskState, Inquiry, Priority};
use crate::queue::Change;
use crate::ui::action::UndoStep;
use crate::ui::action::{ApplyError, Command, Effect, Outcome, Target, TextKey};
use crate::ui::overlay::{Confirm, Input, InputPurpose, Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::State;

use super::nav;

pub fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Mark => mark(state),
        Command::Claim => apply(state, Change::Claim { take_over: false }),
        Command::Tag => open_tags(state),
        Command::Close => open_picker(state, PickerKind::Close),
        Command::Snooze => open_picker(state, PickerKind::Snooze),
        Command::Priority => open_picker(state, PickerKind::Priority),
        Command::Category => open_picker(state, PickerKind::Category),
        Command::Note => open_note(state),
        Command::Assign => open_assign(state),
        Command::Undo => undo(state),
        _ => Vec::new(),
    }
}

/// What a change applies to: the marked inquiries, else the selected one.
fn targets(state: &State) -> Vec<Target> {
    let pick = |inq: &Inquiry| (inq.id, DeskState::of(inq));
    if state.marked.is_empty() {
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
        state.message = Some("masked again".into());
        return Vec::new();
    }
    if inq.erased.is_some() {
        state.message = Some(format!("inquiry {} was erased; nothing to reveal", inq.id));
        return Vec::new();
    }
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

fn items(labels: impl IntoIterator<Item = String>) -> Vec<PickerItem> {
    labels
        .into_iter()
        .map(|label| PickerItem {
            label,
            checked: false,
        })
        .collect()
}

fn open_picker(state: &mut State, kind: PickerKind) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    let c = &state.choices;
    let (title, list, allow_new) = match kind {
        PickerKind::Close => ("Close: why?", items(c.close_reasons.clone()), true),
        PickerKind::Snooze => ("Snooze for how long?", items(c.snooze.clone()), true),
        PickerKind::Priority => (
            "Priority",
            items(Priority::ALL.map(|p| p.to_string())),
            false,
        ),
        PickerKind::Category => ("Category", items(c.categories.clone()), true),
        PickerKind::Tag => return open_tags(state),
        PickerKind::Template { then_editor } => {
            return super::compose::open_picker(state, then_editor);
        }
        PickerKind::Mission => return super::escalate::open_picker(state),
    };
    let title = format!(
        "{title} ({} inquir{})",
        targets.len(),
        if targets.len() == 1 { "y" } else { "ies" }
    );
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
    let title = format!(
        "Tags: Enter toggles ({} inquir{})",
        targets.len(),
        if targets.len() == 1 { "y" } else { "ies" }
    );
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

fn open_note(state: &mut State) -> Vec<Effect> {
    open_input(state, InputPurpose::Note, |n| {
        format!("Internal note, never posted ({n})")
    })
}

/// `a`: to whom (a supervisor's reassignment; the daemon checks the role).
fn open_assign(state: &mut State) -> Vec<Effect> {
    open_input(state, InputPurpose::Assign, |n| {
        format!("Give to (a colleague's login; {n})")
    })
}

/// A text input for the targets; `title` is given "N inquiries".
fn open_input(
    state: &mut State,
    purpose: InputPurpose,
    title: impl Fn(&str) -> String,
) -> Vec<Effect> {
    let targets = targets(state);
    if targets.is_empty() {
        return Vec::new();
    }
    let n = targets.len();
    let title = title(&format!("{n} inquir{}", if n == 1 { "y" } else { "ies" }));
    state.overlay = Some(Overlay::Input(Input {
        title,
        text: String::new(),
        targets,
        purpose,
    }));
    Vec::new()
}

/// `u`: the last step, restored only where nobody changed it since.
fn undo(state: &mut State) -> Vec<Effect> {
    let Some(step) = state.undo.pop() else {
        state.message = Some("nothing to undo".into());
        return Vec::new();
    };
    vec![Effect::Undo(step)]
}

/// What an undo did: rows refreshed, and one word for the whole step.
pub fn undone(state: &mut State, what: &str, outcomes: Vec<Outcome>) -> Vec<Effect> {
    let mut undone = 0;
    let mut refused = Vec::new();
    for outcome in outcomes {
        match outcome.result {
            Ok(after) => {
                undone += 1;
                if let Some(row) = state.rows.iter_mut().find(|r| r.id == after.id) {
                    *row = *after;
                }
            }
            Err(e) => refused.push((outcome.id, outcome.before, e)),
        }
    }
    // "undone: 6 closed", or "undone: 5 closed; 1 refused (...)".
    let text = format!("undone: {undone} {what}") + &refusals(&refused);
    state.message = Some(text);
    Vec::new()
}

pub fn overlay_key(state: &mut State, key: TextKey) -> Vec<Effect> {
    match state.overlay.take() {
        Some(Overlay::Picker(picker)) => picker_key(state, picker, key),
        Some(Overlay::Input(input)) => input_key(state, input, key),
        Some(Overlay::Confirm(confirm)) => confirm_key(state, confirm, key),
        None => Vec::new(),
    }
}

fn picker_key(state: &mut State, mut picker: Picker, key: TextKey) -> Vec<Effect> {
    if picker.key(key) {
        state.overlay = Some(Overlay::Picker(picker));
        return Vec::new();
    }
    if key == TextKey::Esc {
        if picker.kind == PickerKind::Tag {
            state.marked.clear();
        }
        return Vec::new();
    }
    let Some(choice) = picker.chosen() else {
        state.overlay = Some(Overlay::Picker(picker));
        return Vec::new();
    };
    let change = match picker.kind {
        PickerKind::Tag => return toggle_tag(state, picker, choice),
        PickerKind::Template { then_editor } => {
            return super::compose::start(state, &picker, &choice, then_editor);
        }
        PickerKind::Mission => return super::escalate::start(state, &picker, &choice),
        PickerKind::Close => Change::Close { reason: choice },
        PickerKind::Snooze => match crate::model::duration::parse_snooze(&choice) {
            Ok(length) => Change::Snooze {
                until: state.now + length,
            },
            Err(e) => {
                state.message = Some(e);
                state.overlay = Some(Overlay::Picker(picker));
                return Vec::new();
            }
        },
        PickerKind::Priority => match choice.parse() {
            Ok(priority) => Change::SetPriority { priority },
            Err(_) => return Vec::new(),
        },
        PickerKind::Category => Change::SetCategory { category: choice },
    };
    vec![Effect::Apply {
        targets: picker.targets,
        change,
        undoable: true,
    }]
}

/// Enter on a tag: add it to every target, or remove it if all have it.
/// The picker stays open for the next tag.
fn toggle_tag(state: &mut State, mut picker: Picker, tag: String) -> Vec<Effect> {
    let all_have = picker.targets.iter().all(|(_, d)| d.tags.contains(&tag));
    let change = if all_have {
        Change::Untag { tag: tag.clone() }
    } else {
        Change::Tag { tag: tag.clone() }
    };
    let effect = Effect::Apply {
        targets: picker.targets.clone(),
        change,
        undoable: true,
    };
    for (_, desk) in &mut picker.targets {
        desk.tags.retain(|t| *t != tag);
        if !all_have {
            desk.tags.push(tag.clone());
        }
    }
    if !picker.items.iter().any(|i| i.label == tag) {
        picker.items.push(PickerItem {
            label: tag,
            checked: false,
        });
    }
    let targets = picker.targets.clone();
    check_tags(&mut picker.items, &targets);
    picker.query.clear();
    picker.selected = 0;
    state.overlay = Some(Overlay::Picker(picker));
    vec![effect]
}

fn input_key(state: &mut State, mut input: Input, key: TextKey) -> Vec<Effect> {
    match key {
        TextKey::Esc => Vec::new(),
        TextKey::Enter if input.text.trim().is_empty() => {
            state.overlay = Some(Overlay::Input(input));
            Vec::new()
        }
        TextKey::Enter if input.purpose == InputPurpose::Ack => {
            super::escalate::acknowledge(state, input)
        }
        TextKey::Enter if input.purpose == InputPurpose::Assign => vec![Effect::Apply {
            targets: input.targets,
            change: Change::Assign {
                to: input.text.trim().to_string(),
            },
            undoable: true,
        }],
        TextKey::Enter if input.purpose == InputPurpose::Handover => vec![Effect::AcceptShift {
            from: input.text.trim().to_string(),
        }],
        TextKey::Enter => vec![Effect::Apply {
            targets: input.targets,
            change: Change::Note { text: input.text },
            undoable: true,
        }],
        other => {
            input.key(other);
            state.overlay = Some(Overlay::Input(input));
            Vec::new()
        }
    }
}

fn confirm_key(state: &mut State, confirm: Confirm, key: TextKey) -> Vec<Effect> {
    match key {
        // Only `y`: an Enter typed out of habit must not take a colleague's case.
        TextKey::Char('y' | 'Y') => vec![confirm.on_yes],
        TextKey::Char('n' | 'N') | TextKey::Esc => Vec::new(),
        _ => {
            state.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
    }
}

/// Results of a change: rows refreshed at once, the step kept for undo,
/// refusals explained; a claim held by a colleague offers a take-over.
pub fn applied(
    state: &mut State,
    change: Change,
    outcomes: Vec<Outcome>,
    undoable: bool,
) -> Vec<Effect> {
    let mut step = Vec::new();
    let mut refused = Vec::new();
    for outcome in outcomes {
        match outcome.result {
            Ok(after) => {
                if matches!(change, Change::Reveal { .. }) {
                    state.revealed = Some(after.id);
                }
                step.push((outcome.id, outcome.before, DeskState::of(&after)));
                if let Some(row) = state.rows.iter_mut().find(|r| r.id == after.id) {
                    *row = *after;
                }
            }
            Err(e) => refused.push((outcome.id, outcome.before, e)),
        }
    }
    let changed = step.len();
    if undoable && !step.is_empty() {
        state.undo.push(UndoStep {
            what: verb(&change),
            changes: step,
        });
    }
    let tagging = matches!(change, Change::Tag { .. } | Change::Untag { .. });
    if !tagging && refused.is_empty() {
        state.marked.clear();
    }
    if let [(id, before, ApplyError::ClaimedBy { holder, since })] = refused.as_slice()
        && matches!(change, Change::Claim { take_over: false })
        && state.overlay.is_none()
    {
        let age = since
            .map(|t| format!(" {} ago", crate::ui::view::age(state.lang, state.now, t)))
            .unwrap_or_default();
        state.overlay = Some(Overlay::Confirm(Confirm {
            question: format!("Inquiry {id} is claimed by {holder}{age}. Take it over? (y/n)"),
            on_yes: Effect::Apply {
                targets: vec![(*id, before.clone())],
                change: Change::Claim { take_over: true },
                undoable: true,
            },
        }));
        return Vec::new();
    }
    state.message = Some(summary(&change, changed, &refused));
    Vec::new()
}

fn summary(
    change: &Change,
    changed: usize,
    refused: &[(crate::model::InquiryId, DeskState, ApplyError)],
) -> String {
    summary_of(verb(change), changed, refused)
}

/// What a change did, in the past tense: "closed".
fn verb(change: &Change) -> &'static str {
    match change {
        Change::Claim { .. } => "claimed",
        Change::Release => "released",
        Change::Close { .. } => "closed",
        Change::Reopen => "reopened",
        Change::Tag { .. } => "tagged",
        Change::Untag { .. } => "untagged",
        Change::Note { .. } => "noted",
        Change::SetPriority { .. } => "priority set",
        Change::SetCategory { .. } => "category set",
        Change::Snooze { .. } => "snoozed",
        Change::Wake => "woken",
        Change::Restore { .. } => "undone",
        Change::Assign { .. } => "assigned",
        Change::Handover { .. } => "taken over",
        Change::Reveal { .. } => "revealed",
        Change::Hold { .. } => "put on legal hold",
        Change::ReleaseHold { .. } => "released from hold",
        Change::Restrict { .. } => "restricted",
        Change::Unrestrict { .. } => "unrestricted",
        Change::DeletedOnPlatform { .. } => "marked deleted",
        Change::Exported { .. } => "exported",
    }
}

/// "closed: 6; 1 refused (claimed by budi)".
fn summary_of(
    verb: &str,
    changed: usize,
    refused: &[(crate::model::InquiryId, DeskState, ApplyError)],
) -> String {
    format!("{verb}: {changed}") + &refusals(refused)
}

/// "; 1 refused (claimed by budi)", or nothing.
fn refusals(refused: &[(crate::model::InquiryId, DeskState, ApplyError)]) -> String {
    let Some((_, _, first)) = refused.first() else {
        return String::new();
    };
    let why = match first {
        ApplyError::ClaimedBy { holder, .. } => format!("claimed by {holder}"),
        ApplyError::Other(e) => e.clone(),
    };
    format!("; {} refused ({why})", refused.len())
}
