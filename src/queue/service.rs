//! What crosses the queue's door: the `QueueService` trait that the TUI
//! and the CLI verbs hold, and the values its calls take and give (views,
//! an inquiry's detail, listings, events), the same over the daemon's
//! socket as in process.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::{Activity, Change, HealthReport, Presence, QueueResult};
use crate::escalate::Escalation;
use crate::escalate::packet::EscalationRequest;
use crate::model::group::{GroupReplyOutcome, GroupReplyRequest};
use crate::model::{
    Arrival, DeskState, Draft, DraftBody, DraftKind, Event, GroupId, GroupSummary, Inquiry,
    InquiryId, Status,
};
use crate::reply::{PlatformRules, Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, PageCommit, QueuePos, StatusCounts};
// Crises (#16).
use crate::model::{CrisisSpec, CrisisSummary};
use crate::triage::surge::Suggestion;

/// Which inquiries a view shows, and which page of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewQuery {
    /// Which index: everything, one officer's claims, private messages.
    #[serde(default)]
    pub facet: Facet,
    pub statuses: Vec<Status>,
    /// Continue after this position (from the last row of the previous page).
    pub after: Option<QueuePosWire>,
    pub limit: usize,
}

/// A queue position that can cross a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePosWire {
    pub priority: crate::model::Priority,
    pub queued_micros: i64,
    pub id: InquiryId,
}

impl From<QueuePos> for QueuePosWire {
    fn from(p: QueuePos) -> Self {
        QueuePosWire {
            priority: p.priority,
            queued_micros: p.queued_micros,
            id: p.id,
        }
    }
}

impl From<QueuePosWire> for QueuePos {
    fn from(p: QueuePosWire) -> Self {
        QueuePos {
            priority: p.priority,
            queued_micros: p.queued_micros,
            id: p.id,
        }
    }
}

impl QueuePosWire {
    pub fn of(inq: &Inquiry) -> QueuePosWire {
        QueuePos::new(inq.priority, inq.queued_at, inq.id).into()
    }
}

/// An inquiry with its full history, for the detail pane and `siaga show`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InquiryDetail {
    pub inquiry: Inquiry,
    pub history: Vec<Event>,
    /// Its replies, oldest first.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// How its platform counts a reply's length.
    pub rules: PlatformRules,
    /// Its escalations, oldest first.
    #[serde(default)]
    pub escalations: Vec<Escalation>,
    /// The other open inquiries of its author on its source (empty until
    /// the search index is built).
    #[serde(default)]
    pub same_author_open: Vec<InquiryId>,
}

/// Escalations at a glance: those open (delivering or awaiting
/// acknowledgement) and the latest of any state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EscalationListing {
    pub open: Vec<Escalation>,
    pub recent: Vec<Escalation>,
}

/// The outbox at a glance: what is still to go, and what went lately.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboxListing {
    /// Pending, sending, unknown and failed replies, oldest first.
    pub open: Vec<Reply>,
    /// The latest replies of any state, newest first.
    pub recent: Vec<Reply>,
}

/// What subscribers hear: something in the queue changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QueueEvent {
    Arrived {
        source: String,
        ids: Vec<InquiryId>,
        /// The new inquiries among `ids` that arrived as P1: the desk rings
        /// for these, whatever view is on screen.
        #[serde(default)]
        urgent: Vec<InquiryId>,
    },
    Changed {
        inquiry: Box<Inquiry>,
        officer: String,
    },
    /// A reply was queued or moved on (sent, failed, cancelled).
    Reply { reply: Box<Reply> },
    /// An escalation was made, delivered, acknowledged or went overdue.
    Escalation { escalation: Box<Escalation> },
    /// Who is on which inquiry now (from the daemon; all of it each time).
    Presence { presences: Vec<Presence> },
    /// How a source the daemon fetches from is doing.
    Health { report: HealthReport },
}

pub trait QueueService: Send + Sync {
    fn list(&self, query: &ViewQuery) -> QueueResult<Vec<Inquiry>>;
    fn counts(&self) -> QueueResult<StatusCounts>;
    /// Counts per status within one facet (for a view's count).
    fn facet_counts(&self, facet: &Facet) -> QueueResult<StatusCounts>;
    /// Every inquiry of the view matching `text`, best first, at most
    /// `limit`. `text` uses the filter terms of `triage::search`.
    fn search(&self, view: &ViewQuery, text: &str, limit: usize) -> QueueResult<Vec<Inquiry>>;
    /// Get ready to search (build an index); searching works without it.
    fn prepare_search(&self) -> QueueResult<()> {
        Ok(())
    }
    /// Bring back snoozed inquiries whose time has come; returns them.
    fn wake_due(&self, now: Timestamp) -> QueueResult<Vec<InquiryId>>;
    fn get(&self, id: InquiryId) -> QueueResult<InquiryDetail>;
    fn apply(&self, id: InquiryId, change: &Change, officer: &str) -> QueueResult<Inquiry> {
        self.apply_traced(id, change, officer)
            .map(|(_, after)| after)
    }
    /// `apply`, also returning the officer-set fields exactly as the change
    /// found them: what `u` (undo) restores.
    fn apply_traced(
        &self,
        id: InquiryId,
        change: &Change,
        officer: &str,
    ) -> QueueResult<(DeskState, Inquiry)>;
    /// Commit one fetched page and the fetcher's cursor, durably.
    fn ingest(
        &self,
        source: &str,
        arrivals: &[Arrival],
        cursor: Option<(&str, &str)>,
    ) -> QueueResult<PageCommit>;
    fn cursor(&self, name: &str) -> QueueResult<Option<String>>;
    fn subscribe(&self) -> broadcast::Receiver<QueueEvent>;
    /// Put the reply `request` asks for in the outbox, built by the desk
    /// from the inquiry (`DeskPolicy::reply`). Refused if a rule forbids
    /// it, a colleague holds the inquiry, or it was answered since the
    /// officer saw `seen_answers`.
    fn queue_reply(
        &self,
        request: ReplyRequest,
        officer: &str,
        seen_answers: Option<usize>,
    ) -> QueueResult<Reply>;
    /// Open replies and the latest `recent` ones.
    fn outbox(&self, recent: usize) -> QueueResult<OutboxListing>;
    /// Send a failed reply again (after reconciling if it may have gone).
    fn retry_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply>;
    /// Withdraw a reply that has not been sent.
    fn cancel_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply>;
    /// Record the escalation `request` asks for, built by the desk
    /// (`DeskPolicy::escalation`); the courier delivers it.
    fn escalate(&self, request: EscalationRequest, officer: &str) -> QueueResult<Escalation>;
    /// Record that the mission took the inquiry's latest unacknowledged
    /// escalation: who there confirmed (`by`) and how.
    fn acknowledge(
        &self,
        inquiry: InquiryId,
        by: &str,
        how: &str,
        officer: &str,
    ) -> QueueResult<Escalation>;
    fn escalations(&self, recent: usize) -> QueueResult<EscalationListing>;
    /// Keep `officer`'s draft for `inquiry` (their unsent reply or
    /// escalation), replacing their earlier one of its kind; the desk
    /// stamps whose it is and when. A daemon takes the officer from the
    /// socket, so nobody saves over a colleague's.
    fn save_draft(&self, inquiry: InquiryId, body: DraftBody, officer: &str) -> QueueResult<Draft>;
    /// Forget `officer`'s draft of `kind` for `inquiry`: sent or discarded.
    fn drop_draft(&self, inquiry: InquiryId, kind: DraftKind, officer: &str) -> QueueResult<()>;
    /// `officer`'s drafts, and nobody else's.
    fn drafts_of(&self, officer: &str) -> QueueResult<Vec<Draft>>;
    /// Every group of near-identical pleas, oldest first.
    fn groups(&self) -> QueueResult<Vec<GroupSummary>>;
    /// The group each of `ids` is in (None: in none), in that order.
    fn groups_of(&self, ids: &[InquiryId]) -> QueueResult<Vec<Option<GroupId>>>;
    /// The groups `ids` as `groups` lists them, each once (a page of the
    /// queue needs its rows' groups, not every group).
    fn groups_named(&self, ids: &[GroupId]) -> QueueResult<Vec<GroupSummary>>;
    /// Answer a group's members (or those marked) with one template, each
    /// their own reply, built and checked by the desk; members whose plea
    /// carries what the others' do not are held back, listed.
    fn reply_group(
        &self,
        request: GroupReplyRequest,
        officer: &str,
    ) -> QueueResult<GroupReplyOutcome>;
    /// Escalate a group to one mission: one escalation, the packet of its
    /// most urgent member, every open member a row of its roster; members
    /// who join later are sent as additions to it.
    fn escalate_group(
        &self,
        request: crate::model::group::GroupEscalationRequest,
        officer: &str,
    ) -> QueueResult<Escalation>;
    // Crises on the desk (#16).
    /// Open the crisis `spec` asks for, as `officer`: the open inquiries
    /// of the last 72 h that match it are tagged `krisis:NAME` at once,
    /// every matching arrival from then on. Refused for a name that is or
    /// was open, or a template the desk does not have.
    fn open_crisis(&self, spec: &CrisisSpec, officer: &str) -> QueueResult<CrisisSummary>;
    /// Close the open crisis `name`: arrivals are no longer tagged; the
    /// record and the tags stay.
    fn close_crisis(&self, name: &str, officer: &str) -> QueueResult<CrisisSummary>;
    /// Every crisis, the most recently opened first, with its live counts
    /// and the last 2 hours in 10-minute buckets (a sparkline's).
    fn crises(&self) -> QueueResult<Vec<CrisisSummary>>;
    /// The place whose arrivals surge now, if any: a crisis to suggest.
    fn crisis_suggestion(&self) -> QueueResult<Option<Suggestion>>;
    /// The officer said no to the suggestion for `place`: not asked again
    /// until its rate doubles or `[crisis] quiet_hours` pass.
    fn dismiss_suggestion(&self, place: &str, officer: &str) -> QueueResult<()>;
    // The learned model (#19): `queue::learning`.
    /// Train the desk's model on every decision its store records and use
    /// it for the open queue and every arrival from now on. Refused with
    /// too few decisions.
    fn train_model(&self, officer: &str) -> QueueResult<super::learning::TrainReport>;
    /// Precision and recall per priority and category of a model trained
    /// on four fifths of the decisions, on the fifth held out.
    fn evaluate_model(&self) -> QueueResult<crate::triage::learn::Evaluation>;
    // An officer's group edits (#16), each in the history of every member
    // it moves.
    /// Split `inquiry` out of its group, as `officer`: alone from now on.
    /// Returns the group it left.
    fn split_from_group(&self, inquiry: InquiryId, officer: &str) -> QueueResult<GroupId>;
    /// Join group `from` into `into`, as `officer`: `from`'s members move
    /// to `into`, `from` is no more. Returns `into` as it is now.
    fn join_groups(
        &self,
        into: GroupId,
        from: GroupId,
        officer: &str,
    ) -> QueueResult<crate::model::GroupRecord>;
    /// Tell colleagues what this officer is on (a daemon shares it; an
    /// embedded queue has nobody to tell).
    fn set_presence(&self, _on: Option<(InquiryId, Activity)>) {}
    /// Who this desk knows the officer to be, if it decides (a daemon, by
    /// the socket's peer credentials).
    fn officer(&self) -> Option<String> {
        None
    }
}
