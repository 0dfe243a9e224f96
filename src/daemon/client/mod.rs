//! The queue over the daemon's socket: `RemoteQueue` implements
//! `QueueService`, so the TUI and the CLI verbs work the same against a
//! daemon as against their own store. A background task owns the
//! connection: requests go out with ids, answers are matched back, and
//! pushed events (the queue's, colleagues' presence, sources' health)
//! reach subscribers.
//!
//! Calls block, like `LocalQueue`'s: run them from a blocking thread
//! (`spawn_blocking`) or outside the runtime, never on it.
//!
//! How a connection is made (checked, greeted) is [`connect`].

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::protocol::{
    Activity, Call, ClientMsg, MAX_LINE, Outcome, Role, ServerMsg, WireError, encode,
};
use super::socket::Trust;
use crate::escalate::Escalation;
use crate::escalate::packet::EscalationRequest;
use crate::model::{
    Arrival, DeskState, Draft, DraftBody, DraftKind, GroupId, GroupSummary, Inquiry, InquiryId,
};
use crate::queue::{
    Change, EscalationListing, InquiryDetail, OutboxListing, QueueEvent, QueueResult, QueueService,
    ViewQuery,
};
use crate::reply::{Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, PageCommit, StatusCounts, StoreError};
use connect::{greet, reach};

mod connect;

pub use connect::ConnectError;

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Outcome>>>>;

pub struct RemoteQueue {
    requests: mpsc::UnboundedSender<Vec<u8>>,
    pending: Pending,
    /// The connection is gone: calls fail at once.
    closed: Arc<AtomicBool>,
    next_id: AtomicU64,
    events: broadcast::Sender<QueueEvent>,
    officer: String,
    role: Role,
}

impl RemoteQueue {
    /// Connect and say hello, trusting root, oneself and the packaged
    /// service user; the daemon says who we are.
    pub async fn connect(socket: &Path, client: &str) -> Result<Arc<RemoteQueue>, ConnectError> {
        RemoteQueue::connect_trusting(socket, client, &Trust::of("")).await
    }

    /// Connect to a daemon `trust` vouches for: the socket's directory and
    /// the socket are checked before connecting, the peer's uid after,
    /// and only then is a word sent.
    pub async fn connect_trusting(
        socket: &Path,
        client: &str,
        trust: &Trust,
    ) -> Result<Arc<RemoteQueue>, ConnectError> {
        let stream = reach(socket, trust).await?;
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        let (officer, role) = greet(&mut reader, &mut write, client).await?;
        Ok(RemoteQueue::start(reader, write, officer, role))
    }

    /// The queue over a greeted connection: a task writing requests, one
    /// reading answers and events.
    fn start(
        reader: BufReader<OwnedReadHalf>,
        mut write: OwnedWriteHalf,
        officer: String,
        role: Role,
    ) -> Arc<RemoteQueue> {
        let (requests, mut outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
        let pending: Pending = Arc::new(Mutex::new(HashMap::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let (events, _) = broadcast::channel(4096);
        let (p, c) = (pending.clone(), closed.clone());
        tokio::spawn(async move {
            let _hang_up = HangUpOnDrop {
                pending: p,
                closed: c,
            };
            while let Some(line) = outgoing.recv().await {
                if write.write_all(&line).await.is_err() {
                    break;
                }
            }
        });
        tokio::spawn(read_loop(
            reader,
            pending.clone(),
            closed.clone(),
            events.clone(),
        ));
        Arc::new(RemoteQueue {
            requests,
            pending,
            closed,
            next_id: AtomicU64::new(1),
            events,
            officer,
            role,
        })
    }

    pub fn role(&self) -> &Role {
        &self.role
    }

    /// One call, waiting for its answer (blocking).
    /// A records duty (`records::steward`), decided by the daemon.
    pub fn records(
        &self,
        request: crate::records::steward::Request,
    ) -> QueueResult<crate::records::steward::Answer> {
        self.call(Call::Records { request })
    }

    fn call<T: DeserializeOwned>(&self, call: Call) -> QueueResult<T> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, tx);
        let line = encode(&ClientMsg::Request { id, call });
        if line.len() > MAX_LINE {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
            return Err(StoreError::Refused(crate::said!(
                "refused-request-too-large",
                max = MAX_LINE.to_string()
            )));
        }
        if self.closed.load(Ordering::SeqCst) || self.requests.send(line).is_err() {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
            return Err(gone());
        }
        // The connection may have gone between the check and the send.
        if self.closed.load(Ordering::SeqCst) {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
        }
        match rx.blocking_recv() {
            Ok(Outcome::Ok(value)) => {
                serde_json::from_value(value).map_err(|e| StoreError::Corrupt {
                    what: "daemon answer".into(),
                    detail: e.to_string(),
                })
            }
            Ok(Outcome::Err(e)) => Err(local(e)),
            Err(_) => Err(gone()),
        }
    }
}

fn gone() -> StoreError {
    StoreError::Refused(crate::said!("refused-daemon-gone"))
}

/// A daemon's error as the local one the callers know.
fn local(e: WireError) -> StoreError {
    match e {
        WireError::NotFound { id } => StoreError::NotFound(id),
        WireError::ClaimedBy { id, holder, since } => StoreError::ClaimedBy { id, holder, since },
        WireError::Refused {
            said: Some(said), ..
        } => StoreError::Refused(said),
        WireError::Forbidden {
            said: Some(said), ..
        } => StoreError::Refused(crate::said!("refused-not-allowed", why = said)),
        other => StoreError::Refused(other.to_string().into()),
    }
}

/// The connection is gone: every waiting call, and every later one,
/// learns it at once.
fn hang_up(pending: &Pending, closed: &AtomicBool) {
    closed.store(true, Ordering::SeqCst);
    pending.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Hangs up when the task holding it ends in any way: returning, or being
/// dropped when the runtime shuts down (a blocking call still waiting for
/// an answer would otherwise keep that shutdown waiting forever).
struct HangUpOnDrop {
    pending: Pending,
    closed: Arc<AtomicBool>,
}

impl Drop for HangUpOnDrop {
    fn drop(&mut self) {
        hang_up(&self.pending, &self.closed);
    }
}

async fn read_loop(
    mut reader: BufReader<tokio::net::unix::OwnedReadHalf>,
    pending: Pending,
    closed: Arc<AtomicBool>,
    events: broadcast::Sender<QueueEvent>,
) {
    let guard = HangUpOnDrop { pending, closed };
    let pending = &guard.pending;
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        match serde_json::from_str::<ServerMsg>(&line) {
            Ok(ServerMsg::Response { id, result }) => {
                if let Some(tx) = pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id)
                {
                    let _ = tx.send(result);
                }
            }
            Ok(ServerMsg::Event { event }) => {
                let _ = events.send(event);
            }
            Ok(ServerMsg::Error { error }) => {
                tracing::warn!("the daemon closed the connection: {error}");
                break;
            }
            Ok(ServerMsg::Welcome { .. }) => {}
            Err(e) => tracing::warn!(
                "unreadable line from the daemon: {}",
                crate::source::items::json_error(&e)
            ),
        }
    }
    // Dropping the guard hangs up.
}

impl QueueService for RemoteQueue {
    fn list(&self, query: &ViewQuery) -> QueueResult<Vec<Inquiry>> {
        self.call(Call::List {
            query: query.clone(),
        })
    }

    fn counts(&self) -> QueueResult<StatusCounts> {
        self.call(Call::Counts)
    }

    fn facet_counts(&self, facet: &Facet) -> QueueResult<StatusCounts> {
        self.call(Call::FacetCounts {
            facet: facet.clone(),
        })
    }

    fn search(&self, view: &ViewQuery, text: &str, limit: usize) -> QueueResult<Vec<Inquiry>> {
        self.call(Call::Search {
            view: view.clone(),
            text: text.to_string(),
            limit,
        })
    }

    fn prepare_search(&self) -> QueueResult<()> {
        self.call(Call::PrepareSearch)
    }

    fn wake_due(&self, _now: Timestamp) -> QueueResult<Vec<InquiryId>> {
        self.call(Call::WakeDue)
    }

    fn get(&self, id: InquiryId) -> QueueResult<InquiryDetail> {
        self.call(Call::Get { id })
    }

    fn apply_traced(
        &self,
        id: InquiryId,
        change: &Change,
        _officer: &str,
    ) -> QueueResult<(DeskState, Inquiry)> {
        self.call(Call::Apply {
            id,
            change: change.clone(),
        })
    }

    fn ingest(
        &self,
        source: &str,
        arrivals: &[Arrival],
        cursor: Option<(&str, &str)>,
    ) -> QueueResult<PageCommit> {
        let _ = (source, arrivals, cursor);
        Err(StoreError::Refused(crate::said!("refused-daemon-fetches")))
    }

    fn cursor(&self, name: &str) -> QueueResult<Option<String>> {
        self.call(Call::Cursor {
            name: name.to_string(),
        })
    }

    fn subscribe(&self) -> broadcast::Receiver<QueueEvent> {
        self.events.subscribe()
    }

    fn queue_reply(
        &self,
        request: ReplyRequest,
        _officer: &str,
        seen_answers: Option<usize>,
    ) -> QueueResult<Reply> {
        self.call(Call::QueueReply {
            request,
            seen_answers,
        })
    }

    fn outbox(&self, recent: usize) -> QueueResult<OutboxListing> {
        self.call(Call::Outbox { recent })
    }

    fn retry_reply(&self, id: ReplyId, _officer: &str) -> QueueResult<Reply> {
        self.call(Call::RetryReply { id })
    }

    fn cancel_reply(&self, id: ReplyId, _officer: &str) -> QueueResult<Reply> {
        self.call(Call::CancelReply { id })
    }

    fn escalate(&self, request: EscalationRequest, _officer: &str) -> QueueResult<Escalation> {
        self.call(Call::Escalate { request })
    }

    fn acknowledge(
        &self,
        inquiry: InquiryId,
        by: &str,
        how: &str,
        _officer: &str,
    ) -> QueueResult<Escalation> {
        self.call(Call::Acknowledge {
            inquiry,
            by: by.to_string(),
            how: how.to_string(),
        })
    }

    fn escalations(&self, recent: usize) -> QueueResult<EscalationListing> {
        self.call(Call::Escalations { recent })
    }

    /// The daemon keeps it as the socket's officer, whoever `_officer` is.
    fn save_draft(
        &self,
        inquiry: InquiryId,
        body: DraftBody,
        _officer: &str,
    ) -> QueueResult<Draft> {
        self.call(Call::SaveDraft { inquiry, body })
    }

    fn drop_draft(&self, inquiry: InquiryId, kind: DraftKind, _officer: &str) -> QueueResult<()> {
        self.call(Call::DropDraft { inquiry, kind })
    }

    /// The socket's officer's drafts, whoever `_officer` is.
    fn drafts_of(&self, _officer: &str) -> QueueResult<Vec<Draft>> {
        self.call(Call::Drafts)
    }

    fn groups(&self) -> QueueResult<Vec<GroupSummary>> {
        self.call(Call::Groups)
    }

    fn groups_named(&self, ids: &[GroupId]) -> QueueResult<Vec<crate::model::GroupSummary>> {
        self.call(Call::GroupsNamed { ids: ids.to_vec() })
    }

    fn groups_of(&self, ids: &[InquiryId]) -> QueueResult<Vec<Option<GroupId>>> {
        self.call(Call::GroupsOf { ids: ids.to_vec() })
    }

    fn reply_group(
        &self,
        request: crate::model::group::GroupReplyRequest,
        _officer: &str,
    ) -> QueueResult<crate::model::group::GroupReplyOutcome> {
        self.call(Call::ReplyGroup { request })
    }

    fn escalate_group(
        &self,
        request: crate::model::group::GroupEscalationRequest,
        _officer: &str,
    ) -> QueueResult<crate::escalate::Escalation> {
        self.call(Call::EscalateGroup { request })
    }

    // Crises (#16): the daemon takes the officer from the socket.
    fn open_crisis(
        &self,
        spec: &crate::model::CrisisSpec,
        _officer: &str,
    ) -> QueueResult<crate::model::CrisisSummary> {
        self.call(Call::OpenCrisis { spec: spec.clone() })
    }

    fn close_crisis(&self, name: &str, _officer: &str) -> QueueResult<crate::model::CrisisSummary> {
        self.call(Call::CloseCrisis {
            name: name.to_string(),
        })
    }

    fn crises(&self) -> QueueResult<Vec<crate::model::CrisisSummary>> {
        self.call(Call::Crises)
    }

    fn train_model(&self, _officer: &str) -> QueueResult<crate::queue::learning::TrainReport> {
        self.call(Call::TrainModel)
    }

    fn evaluate_model(&self) -> QueueResult<crate::triage::learn::Evaluation> {
        self.call(Call::EvaluateModel)
    }

    fn crisis_suggestion(&self) -> QueueResult<Option<crate::triage::surge::Suggestion>> {
        self.call(Call::CrisisSuggestion)
    }

    fn dismiss_suggestion(&self, place: &str, _officer: &str) -> QueueResult<()> {
        self.call(Call::DismissSuggestion {
            place: place.to_string(),
        })
    }

    // Group edits (#16): the daemon takes the officer from the socket.
    fn split_from_group(&self, inquiry: InquiryId, _officer: &str) -> QueueResult<GroupId> {
        self.call(Call::SplitFromGroup { inquiry })
    }

    fn join_groups(
        &self,
        into: GroupId,
        from: GroupId,
        _officer: &str,
    ) -> QueueResult<crate::model::GroupRecord> {
        self.call(Call::JoinGroups { into, from })
    }

    fn set_presence(&self, on: Option<(InquiryId, Activity)>) {
        let _: QueueResult<()> = self.call(Call::SetPresence { on });
    }

    fn officer(&self) -> Option<String> {
        Some(self.officer.clone())
    }
}
