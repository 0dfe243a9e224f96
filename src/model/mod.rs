//! The words of the desk: an `Inquiry` from a citizen, who wrote it, where it
//! stands, and the history of what officers did with it.
//!
//! Plain data only. Nothing here touches disk, network or terminal; the raw
//! text is kept exactly as received (evidence) and must pass through
//! `triage::sanitize` before it is drawn.

pub mod crisis;
pub mod draft;
pub mod duration;
pub mod erase;
pub mod escalation;
pub mod group;
pub mod lang;
pub mod learned;
pub mod missions;
pub mod reply;
pub mod retry;
pub mod roster;
pub mod zone;

pub use crisis::{Crisis, CrisisSpec, CrisisSummary};
pub use draft::{Draft, DraftBody, DraftKind};
pub use escalation::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Packet, Purpose, Route,
};
pub use group::{GroupId, GroupRecord, GroupSummary};
pub use lang::Lang;
pub use learned::{Learned, LearnedMode};
pub use reply::{Reply, ReplyBrief, ReplyId, ReplyRequest, ReplyState, Target};
pub use retry::{MAX_RETRY_WAIT, rate_limited_retry, retry_due, retry_wait};

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The desk's own number for an inquiry: small, stable, typed by officers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InquiryId(pub u64);

impl fmt::Display for InquiryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for InquiryId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim_start_matches('#')
            .parse()
            .map(InquiryId)
            .map_err(|_| format!("`{s}` is not an inquiry id (a number such as 42)"))
    }
}

/// Where the citizen wrote: in public (a mention, a reply) or privately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Public,
    Private,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Public => "public",
            Channel::Private => "private",
        }
    }
}

/// Where an inquiry stands in the desk's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Claimed,
    Replied,
    Escalated,
    Snoozed,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Claimed,
        Status::Replied,
        Status::Escalated,
        Status::Snoozed,
        Status::Closed,
    ];

    /// Statuses that still need someone's attention.
    pub const OPEN: [Status; 4] = [
        Status::New,
        Status::Claimed,
        Status::Replied,
        Status::Escalated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Claimed => "claimed",
            Status::Replied => "replied",
            Status::Escalated => "escalated",
            Status::Snoozed => "snoozed",
            Status::Closed => "closed",
        }
    }

    /// One byte for index keys; stable on disk, never reorder.
    pub fn code(self) -> u8 {
        match self {
            Status::New => 1,
            Status::Claimed => 2,
            Status::Replied => 3,
            Status::Escalated => 4,
            Status::Snoozed => 5,
            Status::Closed => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown status `{s}`; expected one of new, claimed, replied, escalated, snoozed, closed")
            })
    }
}

/// Urgency: P1 is life or safety now, P4 is information only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }

    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_rank(rank: u8) -> Option<Priority> {
        Priority::ALL
            .get(usize::from(rank.checked_sub(1)?))
            .copied()
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s) || p.rank().to_string() == s)
            .ok_or_else(|| format!("unknown priority `{s}`; expected P1, P2, P3 or P4"))
    }
}

/// The person who wrote, as the platform names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Author {
    /// `@handle` without the `@`; for Mastodon `user@instance`.
    pub handle: String,
    pub display_name: String,
    /// The platform's own user id, as a string (X ids exceed f64).
    pub platform_id: Option<String>,
}

impl Author {
    /// Who wrote, as a key for threads: the platform's user id if known.
    pub fn key(&self) -> &str {
        self.platform_id.as_deref().unwrap_or(&self.handle)
    }
}

/// An internal note; never posted to the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: Timestamp,
    pub officer: String,
    pub text: String,
}

/// One message from the public addressed to the ministry, and its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: InquiryId,
    /// The configured source it came from (`kemlu-x`, `demo`).
    pub source: String,
    /// The platform's id of the post or message, as a string.
    pub external_id: String,
    pub conversation_id: Option<String>,
    pub author: Author,
    pub channel: Channel,
    /// Exactly as received, HTML already reduced to plain text; hostile.
    pub text: String,
    pub created_at: Timestamp,
    pub received_at: Timestamp,
    /// Time that orders it within its priority (arrival, or a re-raise).
    pub queued_at: Timestamp,
    pub lang: Option<String>,
    pub status: Status,
    pub priority: Priority,
    pub category: String,
    /// Why the scorer chose this priority and category (matched words).
    #[serde(default)]
    pub reasons: Vec<String>,
    /// What the desk's learned model suggests (#19), when it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<Learned>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub claimed_by: Option<String>,
    #[serde(default)]
    pub claimed_at: Option<Timestamp>,
    /// When a snoozed inquiry comes back to the inbox.
    #[serde(default)]
    pub snoozed_until: Option<Timestamp>,
    /// The officer who set the priority by hand; the scorer and follow-ups
    /// then leave it alone.
    #[serde(default)]
    pub priority_set_by: Option<String>,
    /// The officer who set the category by hand.
    #[serde(default)]
    pub category_set_by: Option<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Later messages from the same author in the same conversation.
    #[serde(default)]
    pub followups: Vec<FollowUp>,
    /// How many history events exist; the next one gets this number.
    #[serde(default)]
    pub history_len: u32,
    /// Every reply queued for it, and where each stands.
    #[serde(default)]
    pub replies: Vec<reply::ReplyBrief>,
    /// Every escalation to a mission, and where each stands.
    #[serde(default)]
    pub escalations: Vec<escalation::EscalationBrief>,
    /// Kept beyond retention and never erased: evidence in a legal case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_hold: Option<Mark>,
    /// The person asked that their data be kept but not used: the text is
    /// hidden and no reply or escalation goes out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted: Option<Mark>,
    /// When the platform told us the post was deleted; its text is then
    /// hidden unless it was already escalated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_on_platform: Option<Timestamp>,
    /// Set once the personal content is gone (retention, erasure request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased: Option<Erasure>,
}

/// A later message of the same thread, attached to the open inquiry it
/// continues instead of opening a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub external_id: String,
    pub text: String,
    pub created_at: Timestamp,
    pub received_at: Timestamp,
}

/// The fields officers change, as one value: what `u` (undo) restores,
/// and what it checks nobody else changed in between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskState {
    pub status: Status,
    pub priority: Priority,
    pub category: String,
    pub tags: Vec<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<Timestamp>,
    pub snoozed_until: Option<Timestamp>,
    pub priority_set_by: Option<String>,
    pub category_set_by: Option<String>,
    pub notes: usize,
}

impl DeskState {
    pub fn of(inq: &Inquiry) -> DeskState {
        DeskState {
            status: inq.status,
            priority: inq.priority,
            category: inq.category.clone(),
            tags: inq.tags.clone(),
            claimed_by: inq.claimed_by.clone(),
            claimed_at: inq.claimed_at,
            snoozed_until: inq.snoozed_until,
            priority_set_by: inq.priority_set_by.clone(),
            category_set_by: inq.category_set_by.clone(),
            notes: inq.notes.len(),
        }
    }
}

/// Something that happened to an inquiry, and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u32,
    pub at: Timestamp,
    /// The Unix login of the officer, or `siaga` for the fetcher.
    pub officer: String,
    /// What changed: `received`, `status`, `claim`, `tag`, `note`, ...
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Its place in the store's hash chain (`store::chain`); every event
    /// written since the chain began has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// Set when `before`/`after` were erased (retention, a data-subject
    /// request): their digests, so the chain still verifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
    /// On `received` and `follow_up`: the SHA-256 (hex) of what the person
    /// wrote as it arrived, so the chain covers the text and the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// An event's place in the tamper-evident history: its number in the
/// order events were written across the whole store, and the SHA-256 (hex)
/// of its content chained to the event before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub n: u64,
    pub hash: String,
}

/// The digests (hex) of an event's erased `before` and `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub before: String,
    pub after: String,
}

/// Why and when an inquiry's personal content was erased; what remains is
/// a content-free statistical record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub at: Timestamp,
    pub by: String,
    /// `retention`, `data-subject request`, ...
    pub why: String,
}

/// A flag an officer set, with who, when and why: a legal hold (never
/// purged or erased) or a restriction of processing (kept, not used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub at: Timestamp,
    pub by: String,
    pub reason: String,
}

/// What a fetcher hands to the store: an inquiry without desk state yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arrival {
    pub external_id: String,
    pub conversation_id: Option<String>,
    /// The platform id of the post this one answers.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    pub author: Author,
    pub channel: Channel,
    pub text: String,
    pub created_at: Timestamp,
    pub lang: Option<String>,
    pub priority: Priority,
    pub category: String,
    pub reasons: Vec<String>,
}

impl Inquiry {
    /// A fresh inquiry from an arrival, before any officer touched it.
    pub fn from_arrival(id: InquiryId, source: &str, a: Arrival, now: Timestamp) -> Inquiry {
        Inquiry {
            id,
            source: source.to_string(),
            external_id: a.external_id,
            conversation_id: a.conversation_id,
            author: a.author,
            channel: a.channel,
            text: a.text,
            created_at: a.created_at,
            received_at: now,
            queued_at: a.created_at,
            lang: a.lang,
            status: Status::New,
            priority: a.priority,
            category: a.category,
            reasons: a.reasons,
            learned: None,
            tags: Vec::new(),
            claimed_by: None,
            claimed_at: None,
            snoozed_until: None,
            priority_set_by: None,
            category_set_by: None,
            notes: Vec::new(),
            followups: Vec::new(),
            history_len: 0,
            replies: Vec::new(),
            escalations: Vec::new(),
            legal_hold: None,
            restricted: None,
            deleted_on_platform: None,
            erased: None,
        }
    }

    /// Whether its text may be shown to an officer without a deliberate
    /// reveal: not restricted, and not deleted by its author (unless it
    /// was escalated before that, when the mission's copy is the record).
    pub fn text_hidden(&self) -> Option<&'static str> {
        if self.erased.is_some() {
            Some("erased")
        } else if self.restricted.is_some() {
            Some("restricted at the person's request")
        } else if self.deleted_on_platform.is_some() && self.escalations.is_empty() {
            Some("deleted on the platform by its author")
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests;
