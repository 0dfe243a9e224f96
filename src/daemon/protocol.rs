//! The wire between `siaga serve` and its clients: newline-delimited JSON,
//! one message per line, versioned, with request ids, typed errors, and a
//! size limit per line. Every call of `QueueService` has its request; the
//! daemon also pushes queue events and who is on which inquiry.
//!
//! A client speaks first (`Hello` with its protocol version); the daemon
//! answers `Welcome` (who the client is, by its peer credentials, and its
//! role) or an `Error` and closes. After that, requests may be sent at any
//! time; answers carry the request's id and may come in any order.

use serde::{Deserialize, Serialize};

use crate::escalate::packet::EscalationRequest;
use crate::model::{Arrival, DraftBody, DraftKind, InquiryId};
pub use crate::queue::{Activity, Presence};
use crate::queue::{Change, QueueEvent, ViewQuery};
use crate::reply::{ReplyId, ReplyRequest};
use crate::store::Facet;

/// Bumped on any incompatible change; both sides refuse a mismatch.
pub const VERSION: u32 = 5;

/// Longest line either side accepts (bytes, newline excluded). A longer
/// one is an error and closes the connection.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

/// Who an officer is to the daemon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    Officer,
    /// Sees everything and may reassign claims.
    Supervisor,
    /// Consular staff of these missions: see and acknowledge only what was
    /// escalated to them.
    Consular {
        missions: Vec<String>,
    },
}

/// A call, as `QueueService` names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum Call {
    List {
        query: ViewQuery,
    },
    Counts,
    FacetCounts {
        facet: Facet,
    },
    Search {
        view: ViewQuery,
        text: String,
        limit: usize,
    },
    PrepareSearch,
    WakeDue,
    Get {
        id: InquiryId,
    },
    Apply {
        id: InquiryId,
        change: Change,
    },
    Ingest {
        source: String,
        arrivals: Vec<Arrival>,
        cursor: Option<(String, String)>,
    },
    Cursor {
        name: String,
    },
    /// The officer's words for a reply; the daemon builds the record.
    QueueReply {
        request: ReplyRequest,
        seen_answers: Option<usize>,
    },
    Outbox {
        recent: usize,
    },
    RetryReply {
        id: ReplyId,
    },
    CancelReply {
        id: ReplyId,
    },
    /// What to escalate where; the daemon builds the packet and its
    /// deliveries from its own directory.
    Escalate {
        request: EscalationRequest,
    },
    Acknowledge {
        inquiry: InquiryId,
        by: String,
        how: String,
    },
    Escalations {
        recent: usize,
    },
    /// Tell the others what this client is on (None: nothing).
    SetPresence {
        on: Option<(InquiryId, Activity)>,
    },
    /// Everyone's presence now.
    Presences,
    /// Keep the caller's draft for `inquiry`: the daemon names the officer
    /// (the socket's), so nobody saves over a colleague's.
    SaveDraft {
        inquiry: InquiryId,
        body: DraftBody,
    },
    /// Forget the caller's draft of `kind` for `inquiry`.
    DropDraft {
        inquiry: InquiryId,
        kind: DraftKind,
    },
    /// The caller's own drafts.
    Drafts,
    /// Every group of near-identical pleas.
    Groups,
    /// The group of each inquiry.
    GroupsOf {
        ids: Vec<InquiryId>,
    },
    /// Some groups, by id.
    GroupsNamed {
        ids: Vec<crate::model::GroupId>,
    },
    /// Answer a group with one template: the desk renders and checks
    /// each member's reply.
    ReplyGroup {
        request: crate::model::group::GroupReplyRequest,
    },
    /// Escalate a group to one mission, every member a roster row.
    EscalateGroup {
        request: crate::model::group::GroupEscalationRequest,
    },
    // Crises on the desk (#16); the officer is the socket's.
    /// Open a crisis and tag what matches it.
    OpenCrisis {
        spec: crate::model::CrisisSpec,
    },
    CloseCrisis {
        name: String,
    },
    /// Every crisis with its live counts.
    Crises,
    // The learned model (#19); the officer is the socket's.
    /// Train the desk's model on its recorded decisions.
    TrainModel,
    /// Score a model trained on four fifths of the decisions on the rest.
    EvaluateModel,
    /// The place whose arrivals surge now, if any.
    CrisisSuggestion,
    DismissSuggestion {
        place: String,
    },
    // An officer's group edits (#16); the officer is the socket's.
    /// Split an inquiry out of its group.
    SplitFromGroup {
        inquiry: InquiryId,
    },
    /// Join group `from` into `into`.
    JoinGroups {
        into: crate::model::GroupId,
        from: crate::model::GroupId,
    },
    /// A records duty: data-subject requests, purge, audit, export,
    /// report, backup, check (`records::steward`).
    Records {
        request: crate::records::steward::Request,
    },
}

/// From client to daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    Hello { version: u32, client: String },
    Request { id: u64, call: Call },
}

/// Why a call failed, as the client needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WireError {
    NotFound {
        id: InquiryId,
    },
    ClaimedBy {
        id: InquiryId,
        holder: String,
        since: Option<jiff::Timestamp>,
    },
    Refused {
        message: String,
        /// The same in the catalog's terms, for the client to say in its
        /// officer's language (absent: words outside the catalog).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        said: Option<crate::i18n::Said>,
    },
    Forbidden {
        message: String,
        /// The same in the catalog's terms (as `Refused`'s).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        said: Option<crate::i18n::Said>,
    },
    Version {
        daemon: u32,
        client: u32,
    },
    Malformed {
        message: String,
    },
    TooLarge {
        limit: usize,
    },
    Internal {
        message: String,
    },
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::NotFound { id } => write!(f, "inquiry {id} does not exist"),
            WireError::ClaimedBy { id, holder, since } => write!(
                f,
                "inquiry {id} is claimed by {holder}{}",
                since.map(|t| format!(" since {t}")).unwrap_or_default()
            ),
            WireError::Refused { message, .. } | WireError::Internal { message } => {
                f.write_str(message)
            }
            WireError::Forbidden { message, .. } => write!(f, "not allowed: {message}"),
            WireError::Version { daemon, client } => write!(
                f,
                "the daemon speaks protocol {daemon}, this siaga {client}; use the same siaga version for both"
            ),
            WireError::Malformed { message } => write!(f, "malformed message: {message}"),
            WireError::TooLarge { limit } => write!(f, "message longer than {limit} bytes"),
        }
    }
}

/// From daemon to client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    Welcome {
        version: u32,
        officer: String,
        role: Role,
    },
    Response {
        id: u64,
        #[serde(flatten)]
        result: Outcome,
    },
    Event {
        event: QueueEvent,
    },
    /// The connection is being closed, and why.
    Error {
        error: WireError,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok(serde_json::Value),
    Err(WireError),
}

/// One line of JSON, newline-terminated.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(msg).expect("protocol messages serialize");
    line.push(b'\n');
    line
}
