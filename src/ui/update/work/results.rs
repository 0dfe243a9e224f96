//! What comes back from a change or an undo: rows refreshed, the step
//! kept for undo, a take-over offered, and the words that say it
//! ("closed: 6; 1 refused (claimed by budi)").

use crate::i18n::Lang;
use crate::model::{DeskState, InquiryId};
use crate::queue::Change;
use crate::tr;
use crate::ui::action::{ApplyError, Effect, Outcome, UndoStep};
use crate::ui::overlay::{Confirm, Overlay};
use crate::ui::state::State;

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

/// Results of a change: rows refreshed at once, the step kept for undo,
/// refusals explained; a claim held by a colleague offers a take-over.
pub fn applied(
    state: &mut State,
    change: Change,
    outcomes: Vec<Outcome>,
    undoable: bool,
) -> Vec<Effect> {
    let ids: Vec<InquiryId> = outcomes.iter().map(|o| o.id).collect();
    let (step, refused) = take_outcomes(state, &change, outcomes);
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
        let question = take_over_question(state, *id, holder, *since);
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
    let text = done_text(state.lang, &change, changed) + &refusals(state.lang, &refused);
    state.message = Some(match super::group::group_of_change(state, &ids) {
        Some(group) => tr!(
            state.lang,
            "group-changed",
            group = group.to_string(),
            members = ids.len(),
            done = text
        ),
        None => text,
    });
    Vec::new()
}

/// What each inquiry's change did: the rows it changed refreshed (and a
/// reveal remembered), as the undo step's `(id, before, after)`, and the
/// refusals with their reasons.
fn take_outcomes(
    state: &mut State,
    change: &Change,
    outcomes: Vec<Outcome>,
) -> (Vec<(InquiryId, DeskState, DeskState)>, Vec<Refusal>) {
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
    (step, refused)
}

/// "#12 is claimed by budi (5m): take it over?", the holder's time said
/// apart under a minute (the age would read "now", "kini").
fn take_over_question(
    state: &State,
    id: InquiryId,
    holder: &str,
    since: Option<jiff::Timestamp>,
) -> String {
    let (lang, id_text) = (state.lang, id.to_string());
    match since {
        None => tr!(lang, "take-over", id = &id_text, holder = holder),
        Some(t) if state.now.duration_since(t).as_secs() < 60 => {
            tr!(lang, "take-over-just-now", id = &id_text, holder = holder)
        }
        Some(t) => tr!(
            lang,
            "take-over-since",
            id = &id_text,
            holder = holder,
            age = crate::ui::view::age(lang, state.now, t)
        ),
    }
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
        Change::AcceptLearned => "suggestion accepted",
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
        Change::AcceptLearned => tr!(lang, "done-accept-learned", count = n),
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
        "suggestion accepted" => tr!(lang, "undone-accept-learned", count = n),
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

/// An inquiry a change left alone: which, as it was, and why.
type Refusal = (InquiryId, DeskState, ApplyError);

/// "; 1 refused (claimed by budi)", or nothing.
fn refusals(lang: Lang, refused: &[Refusal]) -> String {
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
