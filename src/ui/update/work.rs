//! The officer's changes: claim, tag, close, snooze, note, priority and
//! category, on the marked inquiries or the selected one; the pickers and
//! confirmations they open; the results coming back; and undo.

use crate::i18n::Lang;
use crate::model::{DeskState, Inquiry, Priority};
use crate::queue::Change;
use crate::tr;
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
            items(c.close_reasons.clone()),
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
    let text = undone_text(state.lang, what, undone) + &refusals(state.lang, &refused);
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
        picker.items.push(PickerItem::plain(tag, false));
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
        TextKey::Esc if !input.text.trim().is_empty() && !input.discard_armed => {
            input.discard_armed = true;
            state.message = Some(tr!(state.lang, "input-discard-again"));
            state.overlay = Some(Overlay::Input(input));
            Vec::new()
        }
        TextKey::Esc => Vec::new(),
        TextKey::Enter if input.text.trim().is_empty() => {
            state.overlay = Some(Overlay::Input(input));
            Vec::new()
        }
        TextKey::Enter if input.purpose == InputPurpose::Ack => {
            super::escalate::acknowledge(state, input)
        }
        TextKey::Enter if input.purpose == InputPurpose::Assign => confirm_assign(state, input),
        TextKey::Enter if input.purpose == InputPurpose::Handover => vec![Effect::AcceptShift {
            from: input.text.trim().to_string(),
            lang: state.lang,
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

/// "Give 2 inquiries to budi? (y/n)": a case given away leaves the officer's
/// hands, so it is asked once more; the desk then checks the login exists.
fn confirm_assign(state: &mut State, input: Input) -> Vec<Effect> {
    let to = input.text.trim().to_string();
    let count = inquiries(state.lang, input.targets.len());
    let question = tr!(
        state.lang,
        "confirm-assign",
        inquiries = count,
        to = crate::triage::sanitize_line(&to, 64)
    );
    state.overlay = Some(Overlay::Confirm(Confirm {
        question,
        on_yes: Effect::Apply {
            targets: input.targets,
            change: Change::Assign { to },
            undoable: true,
        },
    }));
    Vec::new()
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
        let (lang, id_text) = (state.lang, id.to_string());
        let question = match since {
            None => tr!(lang, "take-over", id = &id_text, holder = holder),
            // Under a minute the age is "now" ("kini"): said apart.
            Some(t) if state.now.duration_since(*t).as_secs() < 60 => {
                tr!(lang, "take-over-just-now", id = &id_text, holder = holder)
            }
            Some(t) => tr!(
                lang,
                "take-over-since",
                id = &id_text,
                holder = holder,
                age = crate::ui::view::age(lang, state.now, *t)
            ),
        };
        state.overlay = Some(Overlay::Confirm(Confirm {
            question,
            on_yes: Effect::Apply {
                targets: vec![(*id, before.clone())],
                change: Change::Claim { take_over: true },
                undoable: true,
            },
        }));
        return Vec::new();
    }
    state.message = Some(done_text(state.lang, &change, changed) + &refusals(state.lang, &refused));
    Vec::new()
}

/// The key of what a change did, kept with its undo step: the English
/// past tense, "closed" (`undone_text` says it in the officer's language).
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

/// "closed: 6" ("ditutup: 6"): what a change did to how many.
fn done_text(lang: Lang, change: &Change, n: usize) -> String {
    match change {
        Change::Claim { .. } => tr!(lang, "done-claim", count = n),
        Change::Release => tr!(lang, "done-release", count = n),
        Change::Close { .. } => tr!(lang, "done-close", count = n),
        Change::Reopen => tr!(lang, "done-reopen", count = n),
        Change::Tag { .. } => tr!(lang, "done-tag", count = n),
        Change::Untag { .. } => tr!(lang, "done-untag", count = n),
        Change::Note { .. } => tr!(lang, "done-note", count = n),
        Change::SetPriority { .. } => tr!(lang, "done-priority", count = n),
        Change::SetCategory { .. } => tr!(lang, "done-category", count = n),
        Change::Snooze { .. } => tr!(lang, "done-snooze", count = n),
        Change::Wake => tr!(lang, "done-wake", count = n),
        Change::Restore { .. } => tr!(lang, "done-restore", count = n),
        Change::Assign { .. } => tr!(lang, "done-assign", count = n),
        Change::Handover { .. } => tr!(lang, "done-handover", count = n),
        Change::Reveal { .. } => tr!(lang, "done-reveal", count = n),
        Change::Hold { .. } => tr!(lang, "done-hold", count = n),
        Change::ReleaseHold { .. } => tr!(lang, "done-release-hold", count = n),
        Change::Restrict { .. } => tr!(lang, "done-restrict", count = n),
        Change::Unrestrict { .. } => tr!(lang, "done-unrestrict", count = n),
        Change::DeletedOnPlatform { .. } => tr!(lang, "done-deleted", count = n),
        Change::Exported { .. } => tr!(lang, "done-export", count = n),
    }
}

/// "undone: 6 closed" ("6 penutupan dibatalkan"): an undo step, by the
/// key `verb` gave it.
fn undone_text(lang: Lang, what: &str, n: usize) -> String {
    match what {
        "claimed" => tr!(lang, "undone-claim", count = n),
        "released" => tr!(lang, "undone-release", count = n),
        "closed" => tr!(lang, "undone-close", count = n),
        "reopened" => tr!(lang, "undone-reopen", count = n),
        "tagged" => tr!(lang, "undone-tag", count = n),
        "untagged" => tr!(lang, "undone-untag", count = n),
        "noted" => tr!(lang, "undone-note", count = n),
        "priority set" => tr!(lang, "undone-priority", count = n),
        "category set" => tr!(lang, "undone-category", count = n),
        "snoozed" => tr!(lang, "undone-snooze", count = n),
        "woken" => tr!(lang, "undone-wake", count = n),
        "undone" => tr!(lang, "undone-restore", count = n),
        "assigned" => tr!(lang, "undone-assign", count = n),
        "taken over" => tr!(lang, "undone-handover", count = n),
        "revealed" => tr!(lang, "undone-reveal", count = n),
        "put on legal hold" => tr!(lang, "undone-hold", count = n),
        "released from hold" => tr!(lang, "undone-release-hold", count = n),
        "restricted" => tr!(lang, "undone-restrict", count = n),
        "unrestricted" => tr!(lang, "undone-unrestrict", count = n),
        "marked deleted" => tr!(lang, "undone-deleted", count = n),
        "exported" => tr!(lang, "undone-export", count = n),
        // `verb` gives no other key.
        other => tr!(lang, "undone-other", count = n, what = other),
    }
}

/// "; 1 refused (claimed by budi)", or nothing.
fn refusals(lang: Lang, refused: &[(crate::model::InquiryId, DeskState, ApplyError)]) -> String {
    let Some((_, _, first)) = refused.first() else {
        return String::new();
    };
    let count = refused.len();
    let text = match first {
        ApplyError::ClaimedBy { holder, .. } => {
            tr!(lang, "refused-claimed", count = count, holder = holder)
        }
        // The store's own words.
        ApplyError::Other(e) => tr!(lang, "refused-other", count = count, why = e),
    };
    format!("; {text}")
}
