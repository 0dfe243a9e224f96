//! The outbox record: a reply as the officer approved it, stored before
//! anything is sent, and where its delivery stands.
//!
//! States and who moves them:
//! - `Pending`: queued, never tried, or a retry after a refusal that
//!   proves nothing was posted. The sender takes it.
//! - `Sending`: the sender wrote this, durably, just before the request.
//!   Found at start-up it means a crash mid-request: outcome unknown.
//! - `Unknown`: a request may have reached the platform (timeout, 5xx,
//!   crash). Before any new attempt the sender reconciles: Mastodon by
//!   resending with the same `Idempotency-Key`, X by looking for the
//!   account's own reply in the conversation.
//! - `Sent` (final): the platform's id is recorded.
//! - `Failed`: the platform refused, or attempts ran out; the officer
//!   retries (back to `Pending` or `Unknown`) or cancels.
//! - `Cancelled` (final).

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Channel, GroupId, InquiryId, Lang};

/// The desk's number for a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplyId(pub u64);

impl fmt::Display for ReplyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

impl FromStr for ReplyId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim_start_matches(['r', 'R', '#'])
            .parse()
            .map(ReplyId)
            .map_err(|_| format!("`{s}` is not a reply id (such as r12)"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyState {
    Pending,
    Sending,
    Unknown,
    Sent,
    Failed,
    Cancelled,
}

impl ReplyState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyState::Pending => "pending",
            ReplyState::Sending => "sending",
            ReplyState::Unknown => "unknown",
            ReplyState::Sent => "sent",
            ReplyState::Failed => "failed",
            ReplyState::Cancelled => "cancelled",
        }
    }

    /// Done with: nothing more will be sent.
    pub fn is_final(self) -> bool {
        matches!(self, ReplyState::Sent | ReplyState::Cancelled)
    }

    /// Still counts as an answer to the inquiry (for collisions).
    pub fn counts_as_answer(self) -> bool {
        self != ReplyState::Cancelled
    }
}

impl fmt::Display for ReplyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a reply goes on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The platform id of the post or message answered.
    pub in_reply_to: String,
    /// The platform's user id of the citizen (X direct messages).
    pub recipient_id: Option<String>,
    /// The citizen's handle (`user` or `user@instance`).
    pub recipient_handle: String,
}

/// What an officer asks to send: their words, the channel and language.
/// Only this crosses from a client to the desk; the desk builds the
/// outbox record (where it goes, through which source, by whom, in which
/// state) from the stored inquiry, never from what a client claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    pub inquiry: InquiryId,
    pub channel: Channel,
    pub lang: Lang,
    /// The template it started from, if any (a name the desk knows).
    pub template: Option<String>,
    pub text: String,
}

/// One reply in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: ReplyId,
    pub inquiry: InquiryId,
    /// The configured source the inquiry came from; the reply goes back
    /// through it.
    pub source: String,
    pub officer: String,
    pub created_at: Timestamp,
    pub channel: Channel,
    pub lang: Lang,
    pub template: Option<String>,
    pub text: String,
    pub target: Target,
    pub state: ReplyState,
    pub attempts: u32,
    /// When the first request went out (reconciliation looks from here).
    pub first_attempt_at: Option<Timestamp>,
    /// When the latest request went out.
    #[serde(default)]
    pub last_attempt_at: Option<Timestamp>,
    /// Not before this time (backoff, rate limit).
    pub next_attempt_at: Option<Timestamp>,
    /// Some attempt's outcome was never learned: it may be posted.
    #[serde(default)]
    pub maybe_posted: bool,
    pub last_error: Option<String>,
    /// The platform's id of the posted reply.
    pub platform_id: Option<String>,
    /// Something the officer should look at (X's duplicate answer).
    pub flag: Option<String>,
    pub finished_at: Option<Timestamp>,
    /// The group answered at once, when this reply is one of a group
    /// answer's (#16): paced, and counted in the answer's progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupId>,
}

impl Reply {
    /// A reply to be queued; the store gives it its id.
    #[allow(clippy::too_many_arguments)]
    pub fn draft(
        inquiry: InquiryId,
        source: &str,
        officer: &str,
        now: Timestamp,
        channel: Channel,
        lang: Lang,
        template: Option<String>,
        text: String,
        target: Target,
    ) -> Reply {
        Reply {
            id: ReplyId(0),
            inquiry,
            source: source.to_string(),
            officer: officer.to_string(),
            created_at: now,
            channel,
            lang,
            template,
            text,
            target,
            state: ReplyState::Pending,
            attempts: 0,
            first_attempt_at: None,
            last_attempt_at: None,
            next_attempt_at: None,
            maybe_posted: false,
            last_error: None,
            platform_id: None,
            flag: None,
            finished_at: None,
            group: None,
        }
    }

    /// Due for the sender at `now`.
    pub fn is_due(&self, now: Timestamp) -> bool {
        matches!(
            self.state,
            ReplyState::Pending | ReplyState::Unknown | ReplyState::Sending
        ) && crate::model::retry_due(self.next_attempt_at, now)
    }

    /// One line for lists: id, state, channel, who, and the platform id.
    pub fn summary(&self) -> String {
        let head = format!(
            "{} {} {} by {}",
            self.id,
            self.state,
            self.channel.as_str(),
            self.officer
        );
        head + &self.summary_tail()
    }

    /// What follows a summary's words in any language: " -> <post id>",
    /// the last error while it still matters, and the flag.
    pub fn summary_tail(&self) -> String {
        let mut s = String::new();
        if let Some(pid) = &self.platform_id {
            s.push_str(&format!(" -> {pid}"));
        }
        if let Some(e) = self.last_error.as_ref().filter(|_| !self.state.is_final()) {
            s.push_str(&format!(" ({e})"));
        }
        if let Some(f) = &self.flag {
            s.push_str(&format!(" [{f}]"));
        }
        s
    }
}

/// What an inquiry keeps of each of its replies: enough for collisions,
/// the queue row and the detail header without loading the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyBrief {
    pub id: ReplyId,
    pub officer: String,
    pub at: Timestamp,
    pub state: ReplyState,
    pub channel: Channel,
}

impl ReplyBrief {
    pub fn of(r: &Reply) -> ReplyBrief {
        ReplyBrief {
            id: r.id,
            officer: r.officer.clone(),
            at: r.created_at,
            state: r.state,
            channel: r.channel,
        }
    }
}
