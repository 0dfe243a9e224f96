//! What the desk does when a citizen writes again or a restricted person
//! writes: the rules `Store::commit_page` asks inside its transaction
//! (#14: the store commits, the queue decides).
//!
//! - A follow-up continues an open inquiry of the same author only; a
//!   closed one is left closed and the message becomes a new inquiry.
//! - A follow-up raises its inquiry again: a reply or a snooze is undone
//!   (the citizen wrote again), and a more urgent message lifts the
//!   priority, unless an officer set it.
//! - A person's standing restriction covers their new inquiries too.
//! - A new inquiry is shown to the learned model (`queue::learning`)
//!   unless its person restricted their data: its suggestion is kept on
//!   it, and with `[triage] learned = "raise"` a sure and more urgent one
//!   raises its priority, as history by `siaga`.

use std::sync::Arc;

use crate::model::{Arrival, Inquiry, LearnedMode, Mark, Status};
use crate::store::{ArrivalRules, FieldChange};
use crate::triage::Lexicon;
use crate::triage::learn::Model;

/// The desk's rules for arrivals.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeskArrivals;

/// The desk's rules with its learned model's first look at each new
/// inquiry: what `LocalQueue::ingest` commits a page with.
#[derive(Clone, Default)]
pub struct LearnedArrivals {
    first_look: Option<FirstLook>,
}

/// The learned model as arrivals meet it.
#[derive(Clone)]
struct FirstLook {
    model: Arc<Model>,
    lexicon: Arc<Lexicon>,
    mode: LearnedMode,
}

impl LearnedArrivals {
    /// The rules with the desk's learned model, if there is one and the
    /// config uses it.
    pub fn with_model(model: Option<Arc<Model>>, lexicon: Arc<Lexicon>, mode: LearnedMode) -> Self {
        let first_look = model
            .filter(|_| mode != LearnedMode::Off)
            .map(|model| FirstLook {
                model,
                lexicon,
                mode,
            });
        LearnedArrivals { first_look }
    }
}

impl ArrivalRules for DeskArrivals {
    fn continues(&self, parent: &Inquiry, arrival: &Arrival) -> bool {
        parent.status != Status::Closed && parent.author.key() == arrival.author.key()
    }

    fn after_follow_up(&self, inquiry: &mut Inquiry, arrival: &Arrival) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        if matches!(inquiry.status, Status::Replied | Status::Snoozed) {
            let to = if inquiry.claimed_by.is_some() {
                Status::Claimed
            } else {
                Status::New
            };
            changes.push(FieldChange::new(
                "status",
                Some(inquiry.status.to_string()),
                Some(to.to_string()),
            ));
            inquiry.status = to;
            inquiry.snoozed_until = None;
        }
        // An officer's own priority stands; otherwise the more urgent wins.
        if arrival.priority < inquiry.priority && inquiry.priority_set_by.is_none() {
            changes.push(FieldChange::new(
                "priority",
                Some(inquiry.priority.to_string()),
                Some(arrival.priority.to_string()),
            ));
            inquiry.priority = arrival.priority;
            inquiry.reasons.extend(arrival.reasons.iter().cloned());
        }
        changes
    }

    fn standing_restriction(&self, inquiry: &mut Inquiry, mark: Mark) -> Vec<FieldChange> {
        let change = FieldChange::new(
            "restrict",
            None,
            Some(format!("the person's standing request: {}", mark.reason)),
        );
        inquiry.restricted = Some(mark);
        vec![change]
    }
}

impl ArrivalRules for LearnedArrivals {
    fn continues(&self, parent: &Inquiry, arrival: &Arrival) -> bool {
        DeskArrivals.continues(parent, arrival)
    }

    fn after_follow_up(&self, inquiry: &mut Inquiry, arrival: &Arrival) -> Vec<FieldChange> {
        DeskArrivals.after_follow_up(inquiry, arrival)
    }

    fn standing_restriction(&self, inquiry: &mut Inquiry, mark: Mark) -> Vec<FieldChange> {
        DeskArrivals.standing_restriction(inquiry, mark)
    }

    fn first_look(&self, inquiry: &mut Inquiry) -> Vec<FieldChange> {
        let Some(look) = &self.first_look else {
            return Vec::new();
        };
        if inquiry.restricted.is_some() {
            return Vec::new();
        }
        let learned = look
            .model
            .suggest(&inquiry.text, look.lexicon.abbreviations());
        let raised = (look.mode == LearnedMode::Raise)
            .then(|| Model::raises(&learned, inquiry.priority))
            .flatten();
        let mut changes = Vec::new();
        if let Some(to) = raised {
            changes.push(FieldChange::new(
                "priority",
                Some(inquiry.priority.to_string()),
                Some(to.to_string()),
            ));
            inquiry.priority = to;
            inquiry
                .reasons
                .push(format!("learned: {to} ({})", learned.words.join(", ")));
        }
        inquiry.learned = Some(learned);
        changes
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::model::{Author, Channel, InquiryId, Priority};

    fn arrival(handle: &str, priority: Priority) -> Arrival {
        Arrival {
            external_id: "2".into(),
            conversation_id: Some("c".into()),
            in_reply_to: None,
            author: Author {
                handle: handle.into(),
                display_name: handle.into(),
                platform_id: None,
            },
            channel: Channel::Public,
            text: "tolong".into(),
            created_at: Timestamp::UNIX_EPOCH,
            lang: None,
            priority,
            category: "other".into(),
            reasons: vec![format!("{priority:?}")],
        }
    }

    fn inquiry(status: Status, priority: Priority) -> Inquiry {
        let mut inq = Inquiry::from_arrival(
            InquiryId(1),
            "x",
            arrival("siti", priority),
            Timestamp::UNIX_EPOCH,
        );
        inq.status = status;
        inq
    }

    fn whats(changes: &[FieldChange]) -> Vec<&str> {
        changes.iter().map(|c| c.what.as_str()).collect()
    }

    #[test]
    fn only_an_open_inquiry_of_the_same_author_is_continued() {
        let rules = DeskArrivals;
        let open = inquiry(Status::New, Priority::P3);
        assert!(rules.continues(&open, &arrival("siti", Priority::P3)));
        assert!(!rules.continues(&open, &arrival("budi", Priority::P3)));
        let closed = inquiry(Status::Closed, Priority::P3);
        assert!(!rules.continues(&closed, &arrival("siti", Priority::P3)));
    }

    #[test]
    fn a_follow_up_undoes_a_reply_or_snooze_and_lifts_the_priority() {
        let rules = DeskArrivals;
        for (status, claimed, back_to) in [
            (Status::Replied, None, Status::New),
            (Status::Snoozed, None, Status::New),
            (Status::Replied, Some("budi"), Status::Claimed),
        ] {
            let mut inq = inquiry(status, Priority::P3);
            inq.claimed_by = claimed.map(String::from);
            inq.snoozed_until = Some(Timestamp::UNIX_EPOCH);
            let changes = rules.after_follow_up(&mut inq, &arrival("siti", Priority::P1));
            assert_eq!(whats(&changes), ["status", "priority"], "{status:?}");
            assert_eq!(inq.status, back_to);
            assert_eq!(inq.snoozed_until, None);
            assert_eq!(inq.priority, Priority::P1);
            assert!(inq.reasons.contains(&"P1".to_string()));
        }
        let mut claimed = inquiry(Status::Claimed, Priority::P2);
        let changes = rules.after_follow_up(&mut claimed, &arrival("siti", Priority::P3));
        assert!(changes.is_empty(), "a calmer follow-up changes nothing");
        assert_eq!(
            (claimed.status, claimed.priority),
            (Status::Claimed, Priority::P2)
        );
    }

    #[test]
    fn an_officers_priority_stands_against_a_follow_up() {
        let mut inq = inquiry(Status::Claimed, Priority::P3);
        inq.priority_set_by = Some("budi".into());
        let changes = DeskArrivals.after_follow_up(&mut inq, &arrival("siti", Priority::P1));
        assert!(changes.is_empty());
        assert_eq!(inq.priority, Priority::P3);
    }

    #[test]
    fn a_standing_restriction_covers_a_new_inquiry_and_says_so() {
        let mut inq = inquiry(Status::New, Priority::P2);
        let mark = Mark {
            at: Timestamp::UNIX_EPOCH,
            by: "kepala".into(),
            reason: "asked by email".into(),
        };
        let changes = DeskArrivals.standing_restriction(&mut inq, mark.clone());
        assert_eq!(whats(&changes), ["restrict"]);
        assert_eq!(
            changes[0].after.as_deref(),
            Some("the person's standing request: asked by email")
        );
        assert_eq!(inq.restricted, Some(mark));
    }
}
