//! The one door to the queue. The TUI and the CLI verbs never hold a `Store`;
//! they hold a `QueueService`: list a view, get one inquiry, apply a change,
//! subscribe to changes. `LocalQueue` serves it from the embedded store;
//! `daemon::client::RemoteQueue` serves the same trait over `siaga serve`'s
//! socket, so the UI and the verbs never know which one they have.
//!
//! Calls block on disk; async callers run them with `spawn_blocking`.
//!
//! Here: `LocalQueue` itself; the trait and what crosses it are in
//! [`service`], `LocalQueue`'s side of it in [`serve`].

mod arrivals;
mod change;
mod crisis;
mod group_escalate;
mod group_reply;
pub mod grouping;
pub mod health;
mod index;
pub mod learning;
pub mod limits;
mod outbox_change;
pub mod policy;
pub mod presence;
mod serve;
mod service;
pub mod shift;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use tokio::sync::broadcast;

pub use arrivals::DeskArrivals;
pub use change::Change;
pub use crisis::spec_said;
pub use health::{Health, HealthReport};
pub use policy::DeskPolicy;
pub use presence::{Activity, Presence};
pub use service::{
    EscalationListing, InquiryDetail, OutboxListing, QueueEvent, QueuePosWire, QueueService,
    ViewQuery,
};

use crate::escalate::{Escalation, EscalationId};
use crate::model::{DraftKind, Inquiry, InquiryId};
use crate::reply::{PlatformRules, Reply, ReplyId};
use crate::store::{FieldChange, Store, StoreError};
use crate::triage::search::{Matcher, Query};

pub type QueueError = StoreError;
pub type QueueResult<T> = Result<T, QueueError>;

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
    /// Which escalations carry which group's roster.
    group_escalations: group_escalate::GroupEscalations,
    /// Open crises' matchers and the surge watch (`crisis`).
    crisis: crisis::CrisisDesk,
    /// The desk's learned model (`learning`).
    learning: learning::Learning,
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
            group_escalations: group_escalate::GroupEscalations::default(),
            crisis: crisis::CrisisDesk::default(),
            learning: learning::Learning::default(),
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
        // Its directory says which places crises name; `[crisis]` the watch.
        self.crisis.reset();
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

    /// Record the escalation `draft` (the desk built it) and tell
    /// subscribers: the courier delivers it.
    fn record_escalation(
        &self,
        draft: Escalation,
        officer: &str,
        now: Timestamp,
    ) -> QueueResult<Escalation> {
        let (e, inquiry) = self.store().add_escalation(draft, now)?;
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Escalation {
                escalation: Box::new(e.clone()),
            }),
        );
        Ok(e)
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
            return Err(StoreError::Refused(crate::said!("refused-ack-who")));
        }
        limits::check_ack(by, how).map_err(StoreError::Refused)?;
        let now = Timestamp::now();
        self.update_escalation(id, officer, |e, _| {
            if e.ack.is_some() {
                return Err(StoreError::Refused(crate::said!(
                    "refused-already-acknowledged",
                    escalation = e.id.to_string()
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
        self.erase_from_rosters(id, officer);
        self.announce(&inquiry, officer, None);
        Ok(inquiry)
    }

    /// An inquiry changed (and maybe a reply or escalation with it): keep
    /// the search index current and tell subscribers, the inquiry first.
    fn announce(&self, inquiry: &Inquiry, officer: &str, news: Option<QueueEvent>) {
        self.reindex_one(inquiry);
        self.grouping.left(inquiry);
        self.publish(QueueEvent::Changed {
            inquiry: Box::new(inquiry.clone()),
            officer: officer.to_string(),
        });
        if let Some(news) = news {
            self.publish(news);
        }
    }

    /// A page's new inquiries, read once, and the missions whose places
    /// each names: what grouping and the crisis desk both hear.
    fn arrived(&self, ids: &[InquiryId]) -> (Vec<Inquiry>, Vec<Vec<String>>) {
        let store = self.store();
        let arrived: Vec<Inquiry> = ids.iter().filter_map(|id| store.get(*id).ok()).collect();
        let policy = self.policy();
        let named = (arrived.iter())
            .map(|i| policy.gazetteer.missions_named(&i.text))
            .collect();
        (arrived, named)
    }

    /// A group edit is stored: the grouper is rebuilt from the store on
    /// next use, and the members' new history told to subscribers.
    fn group_edited(&self, members: &[InquiryId], officer: &str) {
        self.grouping.reset();
        let store = self.store();
        for id in members {
            if let Ok(inquiry) = store.get(*id) {
                self.announce(&inquiry, officer, None);
            }
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

#[cfg(test)]
mod tests;
