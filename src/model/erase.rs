//! What erasing a person's data means, field by field, as pure functions
//! over the records: the inquiry keeps what statistics need (when, where
//! from, category, priority, status, which mission, how fast the desk
//! answered) and loses everything that says who or what (text, handle,
//! names, platform ids, notes, reply and packet text). The store runs
//! these inside one transaction (`Store::erase`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Author, Erasure, Escalation, Inquiry, InquiryId, Reply, ReplyState};

/// A group escalation's row of an erased member: who, where and their
/// phones go; that someone was on the list, when, and how many they spoke
/// for stay (the mission's count of people).
pub fn roster_row(row: &mut super::escalation::RosterRow) {
    row.author.value = Default::default();
    row.places.clear();
    row.phones.value.clear();
    row.link = None;
}

/// Whether `row` was already erased.
pub fn roster_row_erased(row: &super::escalation::RosterRow) -> bool {
    row.author.value == Default::default()
        && row.places.is_empty()
        && row.phones.value.is_empty()
        && row.link.is_none()
}

/// History kinds whose `before`/`after` carry no personal content: kept
/// as they are when an inquiry is erased. Every other kind (notes,
/// follow-up ids, reply summaries, and any kind added later) is sealed.
pub const CONTENT_FREE_EVENTS: &[&str] = &[
    "received",
    "status",
    "priority",
    "category",
    "claim",
    "assign",
    "shift_handover",
    "tag",
    "snooze",
    "undo",
    "close_reason",
    "escalation",
    "escalation_ack",
    "escalation_delivered",
    "escalation_failed",
    "escalation_overdue",
    "reply_sent",
    "reply_retry",
    "reply_cancelled",
    "reply_failed",
    "legal_hold",
    "restrict",
    "reveal",
    "exported",
    "erased",
];

pub fn event_is_content_free(what: &str) -> bool {
    CONTENT_FREE_EVENTS.contains(&what)
}

/// Whether erased data has left the store's files (sled keeps old
/// versions in its log until the store is rewritten, `store::rewrite`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scrub {
    /// Nothing was erased.
    #[default]
    Nothing,
    /// The files were rewritten: nothing erased is left in them.
    Rewritten,
    /// The store was busy; its files are rewritten as soon as it is idle.
    Pending,
    /// Rewriting failed (a full disk): the erased data is still in the
    /// files until the next erasure or purge rewrites them.
    Failed(String),
}

impl Scrub {
    /// In words, for the officer.
    pub fn words(&self) -> Option<String> {
        match self {
            Scrub::Nothing => None,
            Scrub::Rewritten => {
                Some("the store's files were rewritten: the erased data is no longer in them".into())
            }
            Scrub::Pending => Some(
                "the store is busy: its files are rewritten, the erased data removed from them, as soon as it is idle"
                    .into(),
            ),
            Scrub::Failed(why) => Some(format!(
                "the erased data is still in the store's files: rewriting them failed: {why}"
            )),
        }
    }
}

/// A platform id replaced by a keyed digest: still distinct, no longer a
/// pointer to the person's post.
pub fn pseudonym(pepper: &[u8], value: &str) -> String {
    format!("erased-{}", keyed_digest(pepper, value))
}

/// 16 hex digits of SHA-256 over the store's key and `value`.
pub fn keyed_digest(pepper: &[u8], value: &str) -> String {
    let mut h = Sha256::new();
    h.update(pepper);
    h.update(value.as_bytes());
    hex::encode(&h.finalize()[..8])
}

/// Why an inquiry cannot be erased now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// Kept as evidence: since when (a date), by whom, why.
    LegalHold {
        since: String,
        by: String,
        reason: String,
    },
    ReplyInFlight,
    EscalationInFlight,
}

impl std::fmt::Display for Blocker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Blocker::LegalHold { since, by, reason } => {
                write!(f, "on legal hold since {since} by {by}: {reason}")
            }
            Blocker::ReplyInFlight => {
                f.write_str("a reply is still being sent; wait for it or cancel it")
            }
            Blocker::EscalationInFlight => {
                f.write_str("an escalation is still being delivered; wait for it")
            }
        }
    }
}

/// Why an inquiry cannot be erased now, if it cannot.
pub fn blocker(inq: &Inquiry) -> Option<Blocker> {
    if let Some(hold) = &inq.legal_hold {
        return Some(Blocker::LegalHold {
            since: hold.at.strftime("%Y-%m-%d").to_string(),
            by: hold.by.clone(),
            reason: hold.reason.clone(),
        });
    }
    if inq.replies.iter().any(|r| {
        matches!(
            r.state,
            ReplyState::Pending | ReplyState::Sending | ReplyState::Unknown
        )
    }) {
        return Some(Blocker::ReplyInFlight);
    }
    if inq.escalations.iter().any(|e| !e.delivery.is_final()) {
        return Some(Blocker::EscalationInFlight);
    }
    None
}

/// Erase the inquiry's personal content. Returns the platform ids it held
/// (the post and its follow-ups), for the caller to retire from the
/// identity index.
pub fn inquiry(
    inq: &mut Inquiry,
    pepper: &[u8],
    by: &str,
    why: &str,
    now: Timestamp,
) -> Vec<String> {
    let mut ids = vec![inq.external_id.clone()];
    inq.external_id = pseudonym(pepper, &inq.external_id);
    inq.conversation_id = None;
    inq.author = Author::default();
    inq.text = String::new();
    inq.reasons.clear();
    // The learned model's suggestion names words of the text.
    inq.learned = None;
    for f in &mut inq.followups {
        ids.push(std::mem::take(&mut f.external_id));
        f.external_id = pseudonym(pepper, ids.last().expect("just pushed"));
        f.text.clear();
    }
    for n in &mut inq.notes {
        n.text.clear();
    }
    inq.erased = Some(Erasure {
        at: now,
        by: by.to_string(),
        why: why.to_string(),
    });
    ids
}

/// Erase a reply's words and whom it went to; its state and times stay.
pub fn reply(r: &mut Reply, pepper: &[u8]) {
    r.text.clear();
    r.target.in_reply_to = pseudonym(pepper, &r.target.in_reply_to);
    r.target.recipient_id = None;
    r.target.recipient_handle.clear();
    r.last_error = None;
}

/// A group escalation as one of its other members sees it in their
/// detail: their own roster row only, and none of the lead's packet (who
/// wrote, what, where, their history); the group's summary, the
/// officer's note for the group, the mission and the deliveries stay.
pub fn escalation_for_member(e: &mut Escalation, member: InquiryId) {
    if let Some(roster) = e.roster.as_mut() {
        roster.rows.retain(|r| r.inquiry == member);
    }
    e.packet.link = None;
    e.packet.author.value = Default::default();
    e.packet.text.value.clear();
    e.packet.history.clear();
}

/// Erase the packet's personal parts and the officer's free text; the
/// mission, severity, deliveries and acknowledgement stay.
pub fn escalation(e: &mut Escalation) {
    if let Some(roster) = e.roster.as_mut() {
        for row in roster.rows.iter_mut().filter(|r| r.inquiry == e.inquiry) {
            roster_row(row);
        }
    }
    e.summary.clear();
    e.note.clear();
    e.packet.link = None;
    e.packet.author.value = Default::default();
    e.packet.text.value.clear();
    for ev in &mut e.packet.history {
        if !event_is_content_free(&ev.what) {
            ev.before = None;
            ev.after = None;
        }
    }
}
