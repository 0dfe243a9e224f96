//! The one door to the queue. The TUI and the CLI verbs never hold a `Store`;
//! they hold a `QueueService`: list a view, get one inquiry, apply a change,
//! subscribe to changes. `LocalQueue` serves it from the embedded store;
//! `daemon::client::RemoteQueue` serves the same trait over `siaga serve`'s
//! socket, so the UI and the verbs never know which one they have.
//!
//! Calls block on disk; async callers run them with `spawn_blocking`.

mod arrivals;
mod change;
pub mod grouping;
pub mod health;
mod index;
pub mod limits;
pub mod policy;
pub mod presence;
pub mod shift;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

pub use arrivals::DeskArrivals;
pub use change::Change;
pub use health::{Health, HealthReport};
pub use policy::DeskPolicy;
pub use presence::{Activity, Presence};

use crate::escalate::packet::EscalationRequest;
use crate::escalate::{Escalation, EscalationId};
use crate::model::{
    Arrival, DeskState, Draft, DraftBody, DraftKind, Event, GroupId, GroupSummary, Inquiry,
    InquiryId, Status,
};
use crate::reply::{PlatformRules, Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, FieldChange, PageCommit, QueuePos, StatusCounts, Store, StoreError};
use crate::triage::search::{Matcher, Query};

pub type QueueError = StoreError;
pub type QueueResult<T> = Result<T, QueueError>;

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
    /// Tell colleagues what this officer is on (a daemon shares it; an
    /// embedded queue has nobody to tell).
    fn set_presence(&self, _on: Option<(InquiryId, Activity)>) {}
    /// Who this desk knows the officer to be, if it decides (a daemon, by
    /// the socket's peer credentials).
    fn officer(&self) -> Option<String> {
        None
    }
}

/// The search index, and while it is being built, what changed meanwhile.
#[derive(Default)]
struct IndexSlot {
    index: Option<index::SearchIndex>,
    building: Option<Vec<InquiryId>>,
}

/// The queue served from a store this process owns.
pub struct LocalQueue {
    /// Reopened underneath after an I/O error, rewritten after an erasure.
    live: crate::store::LiveStore,
    /// Length rules per source, learned by the sender.
    rules: Mutex<HashMap<String, PlatformRules>>,
    events: broadcast::Sender<QueueEvent>,
    /// Built on the first search (or by `prepare_search`), then kept current.
    index: Mutex<IndexSlot>,
    /// Rung when a build of the index ends (for a search waiting on it).
    index_built: std::sync::Condvar,
    /// What replies and escalations may be (the config's, once set).
    policy: std::sync::RwLock<Arc<DeskPolicy>>,
    /// Near-identical pleas, grouped as they arrive.
    grouping: grouping::Grouping,
}

impl LocalQueue {
    pub fn new(store: Store) -> LocalQueue {
        let (events, _) = broadcast::channel(1024);
        LocalQueue {
            live: crate::store::LiveStore::new(store),
            rules: Mutex::new(HashMap::new()),
            events,
            index: Mutex::new(IndexSlot::default()),
            index_built: std::sync::Condvar::new(),
            policy: std::sync::RwLock::new(Arc::new(DeskPolicy::default())),
            grouping: grouping::Grouping::default(),
        }
    }

    /// The desk's rules for replies and escalations, from the config.
    pub fn with_policy(self, policy: DeskPolicy) -> LocalQueue {
        self.set_policy(policy);
        self
    }

    pub fn set_policy(&self, policy: DeskPolicy) {
        *self.policy.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(policy);
        // Its gazetteer says which places pleas name.
        self.grouping.reset();
    }

    pub fn policy(&self) -> Arc<DeskPolicy> {
        self.policy
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn open(dir: &Path, cache_bytes: u64) -> QueueResult<Arc<LocalQueue>> {
        Ok(Arc::new(LocalQueue::new(Store::open_with_cache(
            dir,
            cache_bytes,
        )?)))
    }

    /// The store, for one operation (hold it no longer: a rewrite or a
    /// reopen waits until nobody holds it).
    pub fn store(&self) -> Arc<Store> {
        self.live.get()
    }

    /// Rewrite the store's files so that what was erased leaves them.
    pub fn rewrite_erased(&self) -> QueueResult<crate::store::Rewrite> {
        self.live.rewrite(std::time::Duration::from_secs(5))
    }

    /// Keep the search index (if built) current with these inquiries;
    /// while one is being built, note them for it (an ingest never waits
    /// on a build).
    fn reindex(&self, ids: &[InquiryId]) {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(changed) = slot.building.as_mut() {
            changed.extend_from_slice(ids);
            return;
        }
        let Some(index) = slot.index.as_mut() else {
            return;
        };
        if !self.upsert_all(index, ids) {
            // Unreadable now: drop the index; the next search rebuilds it.
            slot.index = None;
        }
    }

    /// `ids` as the store has them now, into `index`; false if one could
    /// not be read.
    fn upsert_all(&self, index: &mut index::SearchIndex, ids: &[InquiryId]) -> bool {
        let store = self.store();
        for id in ids {
            match store.get(*id) {
                Ok(inq) => index.upsert(&inq),
                Err(_) => return false,
            }
        }
        true
    }

    /// Which of `ids` are P1 now (one that cannot be read is left out: the
    /// reload shows it anyway).
    fn urgent_among(&self, ids: &[InquiryId]) -> Vec<InquiryId> {
        ids.iter()
            .copied()
            .filter(|id| {
                self.store()
                    .get(*id)
                    .is_ok_and(|inq| inq.priority == crate::model::Priority::P1)
            })
            .collect()
    }

    fn reindex_one(&self, inq: &Inquiry) {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(changed) = slot.building.as_mut() {
            changed.push(inq.id);
        } else if let Some(index) = slot.index.as_mut() {
            index.upsert(inq);
        }
    }

    /// True if this caller is to build the index (changes are noted from
    /// now on); false once an index is there (after waiting for another
    /// caller's build).
    fn begin_index_build(&self) -> bool {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if slot.index.is_some() {
                return false;
            }
            if slot.building.is_none() {
                break;
            }
            slot = self
                .index_built
                .wait(slot)
                .unwrap_or_else(|e| e.into_inner());
        }
        slot.building = Some(Vec::new());
        true
    }

    /// Put a finished build in place, with what changed while it ran
    /// replayed into it, and wake whoever waits for it.
    fn finish_index_build(&self, built: QueueResult<index::SearchIndex>) -> QueueResult<()> {
        let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let changed = slot.building.take().unwrap_or_default();
        let outcome = built.map(|mut index| {
            if self.upsert_all(&mut index, &changed) {
                slot.index = Some(index);
            }
        });
        drop(slot);
        self.index_built.notify_all();
        outcome
    }

    /// How `source` counts a reply (X's rules until told otherwise).
    pub fn rules(&self, source: &str) -> PlatformRules {
        self.rules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(source)
            .copied()
            .unwrap_or_else(PlatformRules::x)
    }

    pub fn set_rules(&self, source: &str, rules: PlatformRules) {
        self.rules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(source.to_string(), rules);
    }

    /// Move a reply on (the sender, an officer's retry or cancel), and
    /// tell subscribers about it and its inquiry.
    pub fn update_reply<F>(
        &self,
        id: ReplyId,
        officer: &str,
        edit: F,
    ) -> QueueResult<(Reply, Inquiry)>
    where
        F: Fn(&mut Reply, &mut Inquiry) -> QueueResult<Vec<FieldChange>>,
    {
        let (reply, inquiry) = self
            .store()
            .update_reply(id, officer, Timestamp::now(), edit)?;
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Reply {
                reply: Box::new(reply.clone()),
            }),
        );
        Ok((reply, inquiry))
    }

    /// Move an escalation on (the courier, an acknowledgement), and tell
    /// subscribers.
    pub fn update_escalation<F>(
        &self,
        id: EscalationId,
        officer: &str,
        edit: F,
    ) -> QueueResult<(Escalation, Inquiry)>
    where
        F: Fn(&mut Escalation, &mut Inquiry) -> QueueResult<Vec<FieldChange>>,
    {
        let (e, inquiry) = self
            .store()
            .update_escalation(id, officer, Timestamp::now(), edit)?;
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Escalation {
                escalation: Box::new(e.clone()),
            }),
        );
        Ok((e, inquiry))
    }

    /// Record that the mission took escalation `id`: who confirmed, how.
    pub fn acknowledge_escalation(
        &self,
        id: EscalationId,
        by: &str,
        how: &str,
        officer: &str,
    ) -> QueueResult<Escalation> {
        if by.trim().is_empty() {
            return Err(StoreError::Refused(
                "say who at the mission confirmed (a name)".into(),
            ));
        }
        limits::check_ack(by, how).map_err(StoreError::Refused)?;
        let now = Timestamp::now();
        self.update_escalation(id, officer, |e, _| {
            if e.ack.is_some() {
                return Err(StoreError::Refused(format!(
                    "{} is already acknowledged",
                    e.id
                )));
            }
            e.ack = Some(crate::escalate::Ack {
                by: by.trim().to_string(),
                how: how.trim().to_string(),
                recorded_by: officer.to_string(),
                at: now,
            });
            let late = if now > e.deadline {
                " (after the deadline)"
            } else {
                ""
            };
            Ok(vec![FieldChange::new(
                "escalation_ack",
                None,
                Some(format!(
                    "{} acknowledged by {}{}{late}",
                    e.id,
                    by.trim(),
                    if how.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", how.trim())
                    }
                )),
            )])
        })
        .map(|(e, _)| e)
    }

    /// Erase the personal content of inquiry `id` (see `records::erase`),
    /// and tell subscribers.
    pub fn erase(&self, id: InquiryId, officer: &str, why: &str) -> QueueResult<Inquiry> {
        let inquiry = self.store().erase(id, officer, why, Timestamp::now())?;
        self.announce(&inquiry, officer, None);
        Ok(inquiry)
    }

    /// An inquiry changed (and maybe a reply or escalation with it): keep
    /// the search index current and tell subscribers, the inquiry first.
    fn announce(&self, inquiry: &Inquiry, officer: &str, news: Option<QueueEvent>) {
        self.reindex_one(inquiry);
        self.publish(QueueEvent::Changed {
            inquiry: Box::new(inquiry.clone()),
            officer: officer.to_string(),
        });
        if let Some(news) = news {
            self.publish(news);
        }
    }

    /// What `officer` sent is no draft any more. The send stands if the
    /// drop fails (the draft comes back at worst): logged, not refused.
    fn sent_draft(&self, inquiry: InquiryId, kind: DraftKind, officer: &str) {
        if let Err(e) = self.store().drop_draft(inquiry, kind, officer) {
            tracing::warn!("the draft of inquiry {inquiry} stays after its send: {e}");
        }
    }

    fn publish(&self, event: QueueEvent) {
        // No subscriber is fine: the CLI verbs do not listen.
        let _ = self.events.send(event);
    }
}

impl LocalQueue {
    /// `inq`'s author's other open inquiries, from the search index if it
    /// is built (opening a detail never waits for a build).
    fn open_by_author(&self, inq: &Inquiry) -> Vec<InquiryId> {
        let slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
        slot.index
            .as_ref()
            .map(|i| i.open_by_author(inq))
            .unwrap_or_default()
    }

    /// The same search as [`QueueService::search`], by the plain
    /// reference scan: every inquiry scored, nothing narrowed or skipped.
    /// It is what search cost before narrowing; benches compare the two.
    pub fn search_every_inquiry(
        &self,
        view: &ViewQuery,
        text: &str,
        limit: usize,
    ) -> QueueResult<Vec<Inquiry>> {
        let matcher = Matcher::new(Query::parse(text).map_err(StoreError::Refused)?);
        self.prepare_search()?;
        let ids = {
            let slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
            slot.index
                .as_ref()
                .map(|i| i.search_full(view, &matcher, limits::page(limit)))
                .unwrap_or_default()
        };
        ids.into_iter().map(|id| self.store().get(id)).collect()
    }
}

impl QueueService for LocalQueue {
    fn list(&self, query: &ViewQuery) -> QueueResult<Vec<Inquiry>> {
        self.store().list_facet(
            &query.facet,
            &query.statuses,
            query.after.map(Into::into),
            limits::page(query.limit),
        )
    }

    fn counts(&self) -> QueueResult<StatusCounts> {
        self.store().counts()
    }

    fn facet_counts(&self, facet: &Facet) -> QueueResult<StatusCounts> {
        self.store().facet_counts(facet)
    }

    fn search(&self, view: &ViewQuery, text: &str, limit: usize) -> QueueResult<Vec<Inquiry>> {
        limits::check_search(text).map_err(StoreError::Refused)?;
        let limit = limits::page(limit);
        let matcher = Matcher::new(Query::parse(text).map_err(StoreError::Refused)?);
        self.prepare_search()?;
        let ids = {
            let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
            slot.index
                .as_mut()
                .map(|i| i.search(view, &matcher, limit))
                .unwrap_or_default()
        };
        ids.into_iter().map(|id| self.store().get(id)).collect()
    }

    /// Build the index once, without holding it: an ingest meanwhile notes
    /// what it changed (replayed into the new index before it is used); a
    /// second caller waits for the first one's build.
    fn prepare_search(&self) -> QueueResult<()> {
        if !self.begin_index_build() {
            return Ok(());
        }
        let built = index::SearchIndex::build(&self.store());
        self.finish_index_build(built)
    }

    fn wake_due(&self, now: Timestamp) -> QueueResult<Vec<InquiryId>> {
        let snoozed = self.store().list(&[Status::Snoozed], None, usize::MAX)?;
        let mut woken = Vec::new();
        for inq in snoozed
            .iter()
            .filter(|i| i.snoozed_until.is_none_or(|t| t <= now))
        {
            self.apply(inq.id, &Change::Wake, "siaga")?;
            woken.push(inq.id);
        }
        Ok(woken)
    }

    fn get(&self, id: InquiryId) -> QueueResult<InquiryDetail> {
        let inquiry = self.store().get(id)?;
        Ok(InquiryDetail {
            history: self.store().history(id)?,
            replies: self.store().replies_of(&inquiry)?,
            rules: self.rules(&inquiry.source),
            escalations: self.store().escalations_of(&inquiry)?,
            same_author_open: self.open_by_author(&inquiry),
            inquiry,
        })
    }

    fn apply_traced(
        &self,
        id: InquiryId,
        change: &Change,
        officer: &str,
    ) -> QueueResult<(DeskState, Inquiry)> {
        limits::check_change(change).map_err(StoreError::Refused)?;
        if let Change::Assign { to } = change
            && !self.policy().knows_officer(to)
        {
            return Err(StoreError::Refused(format!(
                "no officer named {}: not a login on this host, nor in [daemon] officers or supervisors",
                crate::triage::sanitize_line(to.trim(), 64)
            )));
        }
        let now = Timestamp::now();
        let (before, inquiry) = self.store().update_traced(id, officer, now, |inq| {
            if let Change::Tag { tag } = change
                && !inq.tags.iter().any(|t| t == tag.trim())
            {
                limits::check_tag_count(&inq.tags).map_err(StoreError::Refused)?;
            }
            change.apply(inq, officer, now)
        })?;
        self.announce(&inquiry, officer, None);
        Ok((DeskState::of(&before), inquiry))
    }

    fn ingest(
        &self,
        source: &str,
        arrivals: &[Arrival],
        cursor: Option<(&str, &str)>,
    ) -> QueueResult<PageCommit> {
        let commit =
            self.store()
                .commit_page(&DeskArrivals, source, arrivals, cursor, Timestamp::now())?;
        if !commit.new_ids.is_empty() || !commit.attached_ids.is_empty() {
            let ids: Vec<InquiryId> = commit
                .new_ids
                .iter()
                .chain(&commit.attached_ids)
                .copied()
                .collect();
            self.reindex(&ids);
            self.grouping
                .place(&self.store(), &self.policy(), &commit.new_ids);
            let urgent = self.urgent_among(&commit.new_ids);
            self.publish(QueueEvent::Arrived {
                source: source.to_string(),
                ids,
                urgent,
            });
        }
        Ok(commit)
    }

    fn cursor(&self, name: &str) -> QueueResult<Option<String>> {
        self.store().cursor(name)
    }

    fn subscribe(&self) -> broadcast::Receiver<QueueEvent> {
        self.events.subscribe()
    }

    fn queue_reply(
        &self,
        request: ReplyRequest,
        officer: &str,
        seen_answers: Option<usize>,
    ) -> QueueResult<Reply> {
        let now = Timestamp::now();
        let inq = self.store().get(request.inquiry)?;
        crate::store::check_usable(&inq, "answered")?;
        let draft = self
            .policy()
            .reply(request, &inq, &self.rules(&inq.source), officer, now)
            .map_err(|why| StoreError::Refused(format!("not queued: {why}")))?;
        let (reply, inquiry) = self.store().queue_reply(draft, seen_answers, now)?;
        self.sent_draft(inquiry.id, DraftKind::Reply, officer);
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Reply {
                reply: Box::new(reply.clone()),
            }),
        );
        Ok(reply)
    }

    fn outbox(&self, recent: usize) -> QueueResult<OutboxListing> {
        Ok(OutboxListing {
            open: self.store().open_replies()?,
            recent: self.store().recent_replies(recent.min(limits::MAX_PAGE))?,
        })
    }

    fn retry_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply> {
        self.update_reply(id, officer, |r, inq| {
            crate::store::check_usable(inq, "answered")?;
            outbox_change::retry(r)
        })
        .map(|(r, _)| r)
    }

    fn cancel_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply> {
        let now = Timestamp::now();
        self.update_reply(id, officer, |r, _| outbox_change::cancel(r, now))
            .map(|(r, _)| r)
    }

    fn escalate(&self, request: EscalationRequest, officer: &str) -> QueueResult<Escalation> {
        let now = Timestamp::now();
        let inq = self.store().get(request.inquiry)?;
        crate::store::check_usable(&inq, "escalated")?;
        let history = self.store().history(request.inquiry)?;
        let draft = self
            .policy()
            .escalation(request, &inq, &history, officer, now)
            .map_err(|why| StoreError::Refused(format!("not escalated: {why}")))?;
        let (e, inquiry) = self.store().add_escalation(draft, now)?;
        self.sent_draft(inquiry.id, DraftKind::Escalation, officer);
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Escalation {
                escalation: Box::new(e.clone()),
            }),
        );
        Ok(e)
    }

    fn acknowledge(
        &self,
        inquiry: InquiryId,
        by: &str,
        how: &str,
        officer: &str,
    ) -> QueueResult<Escalation> {
        let inq = self.store().get(inquiry)?;
        let Some(brief) = inq.escalations.iter().rev().find(|b| !b.acked) else {
            return Err(StoreError::Refused(format!(
                "inquiry {inquiry} has no escalation awaiting acknowledgement"
            )));
        };
        self.acknowledge_escalation(brief.id, by, how, officer)
    }

    fn escalations(&self, recent: usize) -> QueueResult<EscalationListing> {
        Ok(EscalationListing {
            open: self.store().open_escalations()?,
            recent: self
                .store()
                .recent_escalations(recent.min(limits::MAX_PAGE))?,
        })
    }

    fn save_draft(&self, inquiry: InquiryId, body: DraftBody, officer: &str) -> QueueResult<Draft> {
        limits::check_draft(&body)
            .map_err(|why| StoreError::Refused(format!("not kept: {why}")))?;
        let draft = Draft {
            inquiry,
            officer: officer.to_string(),
            saved_at: Timestamp::now(),
            body,
        };
        self.store().save_draft(&draft)?;
        Ok(draft)
    }

    fn drop_draft(&self, inquiry: InquiryId, kind: DraftKind, officer: &str) -> QueueResult<()> {
        self.store().drop_draft(inquiry, kind, officer)
    }

    fn drafts_of(&self, officer: &str) -> QueueResult<Vec<Draft>> {
        self.store().drafts_of(officer)
    }

    fn groups(&self) -> QueueResult<Vec<GroupSummary>> {
        self.grouping.summaries(&self.store(), &self.policy())
    }

    fn groups_of(&self, ids: &[InquiryId]) -> QueueResult<Vec<Option<GroupId>>> {
        let store = self.store();
        ids.iter().map(|id| store.group_of(*id)).collect()
    }
}

/// What an officer may do to a reply in the outbox.
mod outbox_change {
    use jiff::Timestamp;

    use crate::reply::{Reply, ReplyState};
    use crate::store::{FieldChange, StoreError};

    pub fn retry(r: &mut Reply) -> Result<Vec<FieldChange>, StoreError> {
        if r.state != ReplyState::Failed {
            return Err(StoreError::Refused(format!(
                "reply {} is {}; only a failed reply can be retried",
                r.id, r.state
            )));
        }
        r.state = if r.maybe_posted {
            ReplyState::Unknown
        } else {
            ReplyState::Pending
        };
        r.attempts = 0;
        r.next_attempt_at = None;
        Ok(vec![FieldChange::new(
            "reply_retry",
            None,
            Some(r.id.to_string()),
        )])
    }

    pub fn cancel(r: &mut Reply, now: Timestamp) -> Result<Vec<FieldChange>, StoreError> {
        match r.state {
            ReplyState::Sent | ReplyState::Cancelled => {
                return Err(StoreError::Refused(format!(
                    "reply {} is already {}",
                    r.id, r.state
                )));
            }
            ReplyState::Sending => {
                return Err(StoreError::Refused(format!(
                    "reply {} is being sent right now; wait for the outcome",
                    r.id
                )));
            }
            _ => {}
        }
        r.state = ReplyState::Cancelled;
        r.finished_at = Some(now);
        r.next_attempt_at = None;
        let note = if r.maybe_posted {
            " (an earlier attempt may have been posted; check the platform)"
        } else {
            ""
        };
        Ok(vec![FieldChange::new(
            "reply_cancelled",
            None,
            Some(format!("{}{note}", r.id)),
        )])
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::model::{Arrival, Author, Channel, Priority};

    fn arrival(n: u64, text: &str) -> Arrival {
        Arrival {
            external_id: n.to_string(),
            conversation_id: None,
            in_reply_to: None,
            author: Author {
                handle: format!("warga{n}"),
                display_name: format!("Warga {n}"),
                platform_id: Some(n.to_string()),
            },
            channel: Channel::Public,
            text: text.into(),
            created_at: Timestamp::from_second(1_800_000_000 + n as i64).unwrap(),
            lang: Some("id".into()),
            priority: Priority::P2,
            category: "labour".into(),
            reasons: vec![],
        }
    }

    fn found(q: &LocalQueue, text: &str) -> Vec<InquiryId> {
        let inbox = ViewQuery {
            facet: Facet::All,
            statuses: Status::OPEN.to_vec(),
            after: None,
            limit: 0,
        };
        q.search(&inbox, text, 50)
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect()
    }

    /// The build's window, step by step: the index is built from the store
    /// as it was, an arrival and a tag land before it is put in place, and
    /// both are found once it is (were nothing replayed, neither would be).
    #[test]
    fn what_changes_during_a_build_is_replayed_into_it() {
        let dir = tempfile::tempdir().unwrap();
        let q = LocalQueue::new(Store::open(dir.path()).unwrap());
        let first = q
            .ingest("x", &[arrival(1, "gaji tidak dibayar")], None)
            .unwrap()
            .new_ids[0];
        assert!(q.begin_index_build());
        let built = index::SearchIndex::build(&q.store());
        let later = q
            .ingest("x", &[arrival(2, "paspor ditahan majikan")], None)
            .unwrap()
            .new_ids[0];
        let tag = Change::Tag {
            tag: "meanwhile".into(),
        };
        q.apply(first, &tag, "ana").unwrap();
        q.finish_index_build(built).unwrap();
        assert!(
            !q.begin_index_build(),
            "the index is in place: no second build"
        );
        assert_eq!(found(&q, "paspor"), vec![later]);
        assert_eq!(found(&q, "tag:meanwhile"), vec![first]);
        assert_eq!(found(&q, "gaji"), vec![first]);
    }

    /// An inquiry is given only to someone who exists: a login on this
    /// host or an officer the config names; a typo is refused, naming it,
    /// and the inquiry stays as it was.
    #[test]
    fn an_inquiry_is_given_only_to_a_known_officer() {
        let dir = tempfile::tempdir().unwrap();
        let q = LocalQueue::new(Store::open(dir.path()).unwrap()).with_policy(DeskPolicy {
            officers: vec!["budi".into()],
            ..DeskPolicy::default()
        });
        let id = q
            .ingest("x", &[arrival(1, "paspor ditahan")], None)
            .unwrap()
            .new_ids[0];
        let give = |to: &str| q.apply(id, &Change::Assign { to: to.into() }, "ana");
        match give("bdui") {
            Err(StoreError::Refused(why)) => {
                assert!(why.contains("no officer named bdui"), "{why}")
            }
            other => panic!("a typo was accepted: {other:?}"),
        }
        assert_eq!(q.store().get(id).unwrap().claimed_by, None);
        assert_eq!(give("budi").unwrap().claimed_by.as_deref(), Some("budi"));
        // `root` is a login on every host these tests run on.
        assert_eq!(give(" root ").unwrap().claimed_by.as_deref(), Some("root"));
    }
}
