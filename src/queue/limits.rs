//! How much an officer's words may weigh. Every change, note, tag and
//! acknowledgement passes here before the store sees it, from the TUI, a
//! CLI verb or a client of the daemon alike: a 3 MB note would make every
//! later answer about its inquiry longer than the protocol's line limit,
//! and a million tags would make its queue row unusable.

use super::Change;
use crate::model::DeskState;

/// Longest tag (characters).
pub const MAX_TAG: usize = 64;
/// Most tags on one inquiry.
pub const MAX_TAGS: usize = 64;
/// Longest note (characters).
pub const MAX_NOTE: usize = 10_000;
/// Longest reason for closing, holding, restricting (characters).
pub const MAX_REASON: usize = 1_000;
/// Longest category, officer name or similar label (characters).
pub const MAX_LABEL: usize = 64;
/// Longest search text (characters).
pub const MAX_SEARCH: usize = 1_000;
/// Most rows one list or search answer holds.
pub const MAX_PAGE: usize = 10_000;
/// Longest "who acknowledged" and "how" of an acknowledgement (characters).
pub const MAX_ACK: usize = 500;

/// Longest text a draft keeps in one field (characters): a reply is far
/// shorter, a note as long.
pub const MAX_DRAFT: usize = MAX_NOTE;

/// Refuse `text` longer than `max` characters, naming `what`.
pub fn within(what: &str, text: &str, max: usize) -> Result<(), String> {
    // Bytes bound characters from above: a cheap first look.
    if text.len() > max && text.chars().count() > max {
        return Err(format!("{what} is longer than {max} characters"));
    }
    Ok(())
}

/// Refuse a change whose words are too long or too many.
pub fn check_change(change: &Change) -> Result<(), String> {
    match change {
        Change::Tag { tag } | Change::Untag { tag } => within("a tag", tag, MAX_TAG),
        Change::Note { text } => within("a note", text, MAX_NOTE),
        Change::Close { reason }
        | Change::Hold { reason }
        | Change::ReleaseHold { reason }
        | Change::Restrict { reason }
        | Change::Unrestrict { reason } => within("the reason", reason, MAX_REASON),
        Change::SetCategory { category } => within("a category", category, MAX_LABEL),
        Change::Assign { to } => within("an officer's name", to, MAX_LABEL),
        Change::Handover { from } => within("an officer's name", from, MAX_LABEL),
        Change::Reveal { what } => within("what was revealed", what, MAX_LABEL),
        Change::Exported { how } => within("how it was exported", how, MAX_REASON),
        Change::Restore { expect, to } => check_state(expect).and_then(|()| check_state(to)),
        Change::Claim { .. }
        | Change::Release
        | Change::Reopen
        | Change::SetPriority { .. }
        | Change::Snooze { .. }
        | Change::Wake
        | Change::DeletedOnPlatform { .. } => Ok(()),
    }
}

/// Refuse a draft whose words are too long.
pub fn check_draft(body: &crate::model::DraftBody) -> Result<(), String> {
    use crate::model::DraftBody;
    match body {
        DraftBody::Reply { text, template, .. } => {
            within("a draft's text", text, MAX_DRAFT)?;
            within(
                "a template's name",
                template.as_deref().unwrap_or(""),
                MAX_LABEL,
            )
        }
        DraftBody::Escalation {
            mission,
            summary,
            note,
            reached,
            ..
        } => {
            within("a mission's code", mission, MAX_LABEL)?;
            within("a draft's summary", summary, MAX_DRAFT)?;
            within("a draft's note", note, MAX_DRAFT)?;
            within("who was reached", reached, MAX_ACK)
        }
    }
}

/// A tag that would be one too many on an inquiry holding `tags`.
pub fn check_tag_count(tags: &[String]) -> Result<(), String> {
    if tags.len() >= MAX_TAGS {
        return Err(format!(
            "an inquiry carries at most {MAX_TAGS} tags; remove one first"
        ));
    }
    Ok(())
}

fn check_state(state: &DeskState) -> Result<(), String> {
    within("a category", &state.category, MAX_LABEL)?;
    if state.tags.len() > MAX_TAGS {
        return Err(format!("an inquiry carries at most {MAX_TAGS} tags"));
    }
    for tag in &state.tags {
        within("a tag", tag, MAX_TAG)?;
    }
    for name in [
        &state.claimed_by,
        &state.priority_set_by,
        &state.category_set_by,
    ]
    .into_iter()
    .flatten()
    {
        within("an officer's name", name, MAX_LABEL)?;
    }
    Ok(())
}

/// Refuse an acknowledgement whose words are too long.
pub fn check_ack(by: &str, how: &str) -> Result<(), String> {
    within("who acknowledged", by, MAX_ACK)?;
    within("how it was acknowledged", how, MAX_ACK)
}

/// Refuse a search text beyond the limit.
pub fn check_search(text: &str) -> Result<(), String> {
    within("the search", text, MAX_SEARCH)
}

/// A page of at most `MAX_PAGE` rows, however many were asked for (a
/// page is read whole and sent as one answer; more rows come page by page).
pub fn page(limit: usize) -> usize {
    limit.min(MAX_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_note_is_refused_and_a_fitting_one_passes() {
        let long = Change::Note {
            text: "x".repeat(MAX_NOTE + 1),
        };
        assert!(check_change(&long).unwrap_err().contains("10000"));
        let fits = Change::Note {
            text: "é".repeat(MAX_NOTE),
        };
        assert_eq!(check_change(&fits), Ok(()));
    }

    fn state(tags: Vec<String>) -> DeskState {
        DeskState {
            status: crate::model::Status::New,
            priority: crate::model::Priority::P3,
            category: String::new(),
            tags,
            claimed_by: None,
            claimed_at: None,
            snoozed_until: None,
            priority_set_by: None,
            category_set_by: None,
            notes: 0,
        }
    }

    #[test]
    fn a_restore_carrying_a_huge_tag_is_refused() {
        let change = Change::Restore {
            expect: Box::new(state(Vec::new())),
            to: Box::new(state(vec!["t".repeat(MAX_TAG + 1)])),
        };
        assert!(check_change(&change).is_err());
    }
}
