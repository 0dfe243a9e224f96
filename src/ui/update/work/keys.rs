//! Keys typed into what a change opened: a picker (priority, category,
//! close reason, tags), an input (a note, whom to assign) or a question
//! (take it over?), and the change each one makes.

use crate::queue::Change;
use crate::tr;
use crate::ui::action::{Effect, TextKey};
use crate::ui::overlay::{Confirm, Input, InputPurpose, Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::State;

use super::{check_tags, inquiries};
use crate::ui::update::{compose, crisis, escalate, group};

/// A key for the open picker, input or question.
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
            return compose::start(state, &picker, &choice, then_editor);
        }
        PickerKind::Mission => return escalate::start(state, &picker, &choice),
        PickerKind::GroupTemplate { group } => return group::picked(state, group, &choice),
        PickerKind::GroupMission { group } => return group::mission_picked(state, group, &choice),
        PickerKind::Close => Change::Close { reason: choice },
        PickerKind::Snooze => match crate::model::duration::parse_snooze(&choice) {
            Ok(length) => Change::Snooze {
                until: state.now + length,
            },
            Err(e) => {
                state.message = Some(e.in_lang(state.lang));
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
        TextKey::Enter if input.purpose == InputPurpose::Ack => escalate::acknowledge(state, input),
        TextKey::Enter if input.purpose == InputPurpose::Assign => confirm_assign(state, input),
        TextKey::Enter if input.purpose == InputPurpose::OpenCrisis => crisis::submit(state, input),
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
