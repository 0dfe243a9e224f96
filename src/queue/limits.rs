//! How much an officer's words may weigh. Every change, note, tag and
//! acknowledgement passes here before the store sees it, from the TUI, a
//! CLI verb or a client of the daemon alike: a 3 MB note would make every
//! later answer about its inquiry longer than the protocol's line limit,
//! and a million tags would make its queue row unusable.

use super::Change;
use crate::i18n::Said;
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

/// Refuse `text` longer than `max` characters, naming `what`: a
/// variant of `limit-too-long` (`tag`, `note`, `reason`, ..).
pub fn within(what: &str, text: &str, max: usize) -> Result<(), Said> {
    // Bytes bound characters from above: a cheap first look.
    if text.len() > max && text.chars().count() > max {
        return Err(crate::said!(
            "limit-too-long",
            what = what,
            max = max.to_string()
        ));
    }
    Ok(())
}

/// Refuse a change whose words are too long or too many.
pub fn check_change(change: &Change) -> Result<(), Said> {
    match change {
        Change::Tag { tag } | Change::Untag { tag } => within("tag", tag, MAX_TAG),
        Change::Note { text } => within("note", text, MAX_NOTE),
        Change::Close { reason }
        | Change::Hold { reason }
        | Change::ReleaseHold { reason }
        | Change::Restrict { reason }
        | Change::Unrestrict { reason } => within("reason", reason, MAX_REASON),
        Change::SetCategory { category } => within("category", category, MAX_LABEL),
        Change::Assign { to } => within("officer", to, MAX_LABEL),
        Change::Handover { from } => within("officer", from, MAX_LABEL),
        Change::Reveal { what } => within("revealed", what, MAX_LABEL),
        Change::Exported { how } => within("exported", how, MAX_REASON),
        Change::Restore { expect, to } => check_state(expect).and_then(|()| check_state(to)),
        Change::Claim { .. }
        | Change::Release
        | Change::Reopen
        | Change::SetPriority { .. }
        | Change::AcceptLearned
        | Change::Snooze { .. }
        | Change::Wake
        | Change::DeletedOnPlatform { .. } => Ok(()),
    }
}

/// Refuse a draft whose words are too long.
pub fn check_draft(body: &crate::model::DraftBody) -> Result<(), Said> {
    use crate::model::DraftBody;
    match body {
        DraftBody::Reply { text, template, .. } => {
            within("draft-text", text, MAX_DRAFT)?;
            within("template", template.as_deref().unwrap_or(""), MAX_LABEL)
        }
        DraftBody::Escalation {
            mission,
            summary,
            note,
            reached,
            ..
        } => {
            within("mission", mission, MAX_LABEL)?;
            within("draft-summary", summary, MAX_DRAFT)?;
            within("draft-note", note, MAX_DRAFT)?;
            within("reached", reached, MAX_ACK)
        }
    }
}

/// A tag that would be one too many on an inquiry holding `tags`.
pub fn check_tag_count(tags: &[String]) -> Result<(), Said> {
    if tags.len() >= MAX_TAGS {
        return Err(crate::said!(
            "limit-tags-remove-one",
            max = MAX_TAGS.to_string()
        ));
    }
    Ok(())
}

fn check_state(state: &DeskState) -> Result<(), Said> {
    within("category", &state.category, MAX_LABEL)?;
    if state.tags.len() > MAX_TAGS {
        return Err(crate::said!("limit-tags", max = MAX_TAGS.to_string()));
    }
    for tag in &state.tags {
        within("tag", tag, MAX_TAG)?;
    }
    for name in [
        &state.claimed_by,
        &state.priority_set_by,
        &state.category_set_by,
    ]
    .into_iter()
    .flatten()
    {
        within("officer", name, MAX_LABEL)?;
    }
    Ok(())
}

/// Refuse an acknowledgement whose words are too long.
pub fn check_ack(by: &str, how: &str) -> Result<(), Said> {
    within("ack-by", by, MAX_ACK)?;
    within("ack-how", how, MAX_ACK)
}

/// Refuse a search text beyond the limit.
pub fn check_search(text: &str) -> Result<(), Said> {
    within("search", text, MAX_SEARCH)
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
        let why = check_change(&long).unwrap_err();
        assert_eq!(why, "a note is longer than 10000 characters");
        assert_eq!(
            why.in_lang(crate::i18n::Lang::Id),
            "catatan lebih panjang dari 10000 karakter"
        );
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
