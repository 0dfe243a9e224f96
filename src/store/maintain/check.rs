//! The check of every index against the items it indexes: the queue and
//! its counts, the identity and conversation entries, the history's
//! length, the outboxes' open lists; with `repair`, what can be derived
//! again is rebuilt (never an item or the history).

use std::collections::{BTreeMap, BTreeSet};

use super::super::keys::{identity_key, item_key, parse_item_key, queue_key};
use super::super::{
    Facet, Store, StoreResult, add_count_plain, decode_count, from_json, position, thread_key,
};
use super::CheckReport;
use crate::model::escalation::Escalation;
use crate::model::reply::Reply;
use crate::model::{Inquiry, Status};

impl Store {
    /// Check every index against the items; with `repair`, rebuild what can
    /// be derived from them. Never changes an item or the history.
    pub fn check(&self, repair: bool) -> StoreResult<CheckReport> {
        let _quiet = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let mut report = CheckReport {
            repair,
            ..Default::default()
        };
        let mut items = Vec::new();
        for kv in self.items.iter() {
            let (k, v) = kv?;
            match from_json::<Inquiry>(&v, "inquiry") {
                Ok(inq) => items.push(inq),
                Err(e) => report.unrepaired.push(format!(
                    "item {:?} is unreadable: {e}",
                    parse_item_key(&k).map(|i| i.0)
                )),
            }
        }
        report.inquiries = items.len() as u64;
        self.check_queue(&items, repair, &mut report)?;
        self.check_identity(&items, repair, &mut report)?;
        self.check_history(&items, &mut report)?;
        if let Some(broken) = self.verify_chain()?.broken {
            report.unrepaired.push(format!(
                "the history chain breaks at {broken} (see `siaga audit verify`)"
            ));
        }
        self.check_open::<Reply>(&self.replies, &self.outbox, repair, &mut report)?;
        self.check_open::<Escalation>(
            &self.escalations,
            &self.escalation_open,
            repair,
            &mut report,
        )?;
        if repair {
            self.settle()?;
        }
        Ok(report)
    }

    /// The queue index and the status counts, against what the items say
    /// they should be.
    fn check_queue(
        &self,
        items: &[Inquiry],
        repair: bool,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        let mut want_keys = BTreeSet::new();
        let mut want_counts: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        for inq in items {
            for facet in Facet::keys_of(inq) {
                want_keys.insert(queue_key(&facet, inq.status, &position(inq)));
                *want_counts
                    .entry(super::super::keys::status_prefix(&facet, inq.status))
                    .or_default() += 1;
            }
        }
        self.check_queue_index(&want_keys, repair, report)?;
        self.check_counts(&want_counts, repair, report)
    }

    /// Queue entries missing, and those pointing at nothing current.
    fn check_queue_index(
        &self,
        want_keys: &BTreeSet<Vec<u8>>,
        repair: bool,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        let have: BTreeSet<Vec<u8>> = self
            .queue
            .iter()
            .keys()
            .map(|k| k.map(|k| k.to_vec()))
            .collect::<Result<_, _>>()?;
        let missing = want_keys.difference(&have).count();
        let extra: Vec<&Vec<u8>> = have.difference(want_keys).collect();
        if missing > 0 {
            report
                .repaired
                .push(format!("{missing} queue index entries were missing"));
        }
        if !extra.is_empty() {
            report.repaired.push(format!(
                "{} queue index entries pointed at nothing current",
                extra.len()
            ));
        }
        if repair {
            for k in extra {
                self.queue.remove(k)?;
            }
            for k in want_keys.difference(&have) {
                self.queue.insert(k, &[])?;
            }
        }
        Ok(())
    }

    /// Every (facet, status) count in the counts tree that is not one of
    /// the numbering or privacy keys (those start with 0xff).
    fn check_counts(
        &self,
        want_counts: &BTreeMap<Vec<u8>, i64>,
        repair: bool,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        let mut have_counts: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        for kv in self.counts.iter() {
            let (k, v) = kv?;
            if k.first() == Some(&0xff) {
                continue;
            }
            have_counts.insert(k.to_vec(), decode_count(&v));
        }
        let mut wrong = 0;
        let keys: BTreeSet<&Vec<u8>> = want_counts.keys().chain(have_counts.keys()).collect();
        for k in keys {
            let want = want_counts.get(k).copied().unwrap_or(0);
            let have = have_counts.get(k).copied().unwrap_or(0);
            if want != have {
                wrong += 1;
                if repair {
                    add_count_plain(&self.counts, k, want)?;
                }
            }
        }
        if wrong > 0 {
            report
                .repaired
                .push(format!("{wrong} status counts were wrong"));
        }
        Ok(())
    }

    /// The identity and conversation entries every kept inquiry needs, and
    /// identity entries pointing at no inquiry.
    fn check_identity(
        &self,
        items: &[Inquiry],
        repair: bool,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        let mut missing = Vec::new();
        let mut threads = Vec::new();
        for inq in items.iter().filter(|i| i.erased.is_none()) {
            let ids = std::iter::once(&inq.external_id)
                .chain(inq.followups.iter().map(|f| &f.external_id));
            for ext in ids {
                let key = identity_key(&inq.source, ext);
                if self.identity.get(&key)?.is_none() {
                    missing.push((key, inq.id));
                }
            }
            if let Some(conv) = &inq.conversation_id
                && inq.status != Status::Closed
            {
                let key = thread_key(&inq.source, inq.author.key(), conv);
                if self.threads.get(&key)?.is_none() {
                    threads.push((key, inq.id));
                }
            }
        }
        if !threads.is_empty() {
            report.repaired.push(format!(
                "{} conversation entries of open inquiries were missing (a follow-up would have opened a new inquiry)",
                threads.len()
            ));
            if repair {
                for (key, id) in &threads {
                    self.threads.insert(key, &item_key(*id))?;
                }
            }
        }
        if !missing.is_empty() {
            report.repaired.push(format!(
                "{} platform ids were missing from the identity index (a re-fetch would have duplicated them)",
                missing.len()
            ));
            if repair {
                for (key, id) in &missing {
                    self.identity.insert(key, &item_key(*id))?;
                }
            }
        }
        self.check_dangling_identity(repair, report)
    }

    /// Identity entries that point at no inquiry.
    fn check_dangling_identity(&self, repair: bool, report: &mut CheckReport) -> StoreResult<()> {
        let mut dangling = Vec::new();
        for kv in self.identity.iter() {
            let (k, v) = kv?;
            let points_nowhere = match parse_item_key(&v) {
                Some(id) => self.items.get(item_key(id))?.is_none(),
                None => true,
            };
            if points_nowhere {
                dangling.push(k);
            }
        }
        if !dangling.is_empty() {
            report.repaired.push(format!(
                "{} identity entries pointed at no inquiry",
                dangling.len()
            ));
            if repair {
                for k in dangling {
                    self.identity.remove(k)?;
                }
            }
        }
        Ok(())
    }

    fn check_history(&self, items: &[Inquiry], report: &mut CheckReport) -> StoreResult<()> {
        for inq in items {
            let n = self.events.scan_prefix(item_key(inq.id)).count() as u32;
            if n != inq.history_len {
                report.unrepaired.push(format!(
                    "inquiry {} has {n} history events, its record says {} (run `siaga audit verify`)",
                    inq.id, inq.history_len
                ));
            }
        }
        Ok(())
    }

    fn check_open<R: super::super::Outboxed>(
        &self,
        records: &sled::Tree,
        open: &sled::Tree,
        repair: bool,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        let mut wrong = 0;
        for kv in records.iter() {
            let (k, v) = kv?;
            let record: R = match from_json(&v, R::WHAT) {
                Ok(r) => r,
                Err(e) => {
                    report
                        .unrepaired
                        .push(format!("a {} is unreadable: {e}", R::WHAT));
                    continue;
                }
            };
            let indexed = open.get(&k)?.is_some();
            if indexed != record.is_open() {
                wrong += 1;
                if repair {
                    if record.is_open() {
                        open.insert(&k, &[])?;
                    } else {
                        open.remove(&k)?;
                    }
                }
            }
        }
        for kv in open.iter() {
            let (k, _) = kv?;
            if records.get(&k)?.is_none() {
                wrong += 1;
                if repair {
                    open.remove(&k)?;
                }
            }
        }
        if wrong > 0 {
            report.repaired.push(format!(
                "{wrong} entries of the open-{} index were wrong",
                R::WHAT
            ));
        }
        Ok(())
    }
}
