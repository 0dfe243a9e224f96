//! How a change is written: inside one transaction, an inquiry's item,
//! its queue entries and counts per facet, and its history (appended to
//! the hash chain) move together; `update` is that for one inquiry.

use jiff::Timestamp;
use sled::transaction::{Transactional, TransactionalTree};

use super::keys::{self, QueuePos, event_key, identity_key, item_key, queue_key};
use super::{
    Facet, FieldChange, Store, StoreError, StoreResult, TxResult, abort, chain, from_json, seal,
    to_json,
};
use crate::model::{Event, Inquiry, InquiryId, Status};

impl Store {
    /// Change one inquiry with `edit`, which returns the field changes it
    /// made (or refuses). Item, index, counts and history move together.
    /// `edit` may run more than once if the transaction is retried.
    pub fn update<F>(
        &self,
        id: InquiryId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<Inquiry>
    where
        F: Fn(&mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        self.update_traced(id, officer, now, edit)
            .map(|(_, after)| after)
    }

    /// `update`, also returning the inquiry exactly as the change found it
    /// (what an undo must restore, whatever the caller saw earlier).
    pub fn update_traced<F>(
        &self,
        id: InquiryId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(Inquiry, Inquiry)>
    where
        F: Fn(&mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        let _writing = self.writing();
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            &self.chain,
        );
        let updated =
            self.committed(trees.transaction(|(items, queue, events, counts, chain)| {
                let Some(before) = load(items, id)? else {
                    return abort(StoreError::NotFound(id));
                };
                let mut after = before.clone();
                let changes = match edit(&mut after) {
                    Ok(c) => c,
                    Err(e) => return abort(e),
                };
                if changes.is_empty() {
                    return Ok((before.clone(), before));
                }
                let trees = Trees {
                    items,
                    queue,
                    events,
                    counts,
                    chain,
                    seal: &self.seal,
                };
                save_edit(
                    &trees,
                    &before,
                    &mut after,
                    Edit::by(officer, now, &changes),
                )?;
                Ok((before, after))
            }))?;
        self.settle()?;
        Ok(updated)
    }
}

/// The trees an edit of an existing inquiry writes.
pub(super) struct Trees<'a> {
    pub items: &'a TransactionalTree,
    pub queue: &'a TransactionalTree,
    pub events: &'a TransactionalTree,
    pub counts: &'a TransactionalTree,
    pub chain: &'a TransactionalTree,
    pub seal: &'a seal::SealKey,
}

pub(super) struct Edit<'a> {
    pub officer: &'a str,
    pub now: Timestamp,
    pub changes: &'a [FieldChange],
}

impl<'a> Edit<'a> {
    pub(super) fn by(officer: &'a str, now: Timestamp, changes: &'a [FieldChange]) -> Edit<'a> {
        Edit {
            officer,
            now,
            changes,
        }
    }
}

/// Write an edited inquiry: move its index entry, fix the counts, append
/// the history. Inside the caller's transaction.
pub(super) fn save_edit(
    t: &Trees<'_>,
    before: &Inquiry,
    after: &mut Inquiry,
    edit: Edit<'_>,
) -> TxResult<()> {
    let entries = |inq: &Inquiry| -> Vec<(String, Vec<u8>)> {
        Facet::keys_of(inq)
            .into_iter()
            .map(|f| {
                let key = queue_key(&f, inq.status, &position(inq));
                (f, key)
            })
            .collect()
    };
    let (old, new) = (entries(before), entries(after));
    let moved_status = before.status != after.status;
    for (facet, key) in &old {
        if !new.iter().any(|(_, k)| k == key) {
            t.queue.remove(key.as_slice())?;
        }
        if moved_status || !new.iter().any(|(f, _)| f == facet) {
            add_count(t.counts, facet, before.status, -1)?;
        }
    }
    for (facet, key) in &new {
        if !old.iter().any(|(_, k)| k == key) {
            t.queue.insert(key.as_slice(), &[])?;
        }
        if moved_status || !old.iter().any(|(f, _)| f == facet) {
            add_count(t.counts, facet, after.status, 1)?;
        }
    }
    append_events(
        (t.events, t.chain, t.seal),
        after,
        edit.officer,
        edit.now,
        edit.changes,
    )?;
    t.items.insert(&item_key(after.id), to_json(after))?;
    Ok(())
}

/// Key of an open thread: the same author in the same conversation.
pub(super) fn thread_key(source: &str, author: &str, conversation: &str) -> Vec<u8> {
    let mut key = identity_key(source, author);
    key.push(0);
    key.extend_from_slice(conversation.as_bytes());
    key
}

pub(super) fn load(items: &TransactionalTree, id: InquiryId) -> TxResult<Option<Inquiry>> {
    match items.get(item_key(id))? {
        Some(bytes) => match from_json(&bytes, "inquiry") {
            Ok(inq) => Ok(Some(inq)),
            Err(e) => abort(e),
        },
        None => Ok(None),
    }
}

pub(super) fn position(inquiry: &Inquiry) -> QueuePos {
    QueuePos::new(inquiry.priority, inquiry.queued_at, inquiry.id)
}

pub(super) fn append_events(
    (events, chain, seal): (&TransactionalTree, &TransactionalTree, &seal::SealKey),
    inquiry: &mut Inquiry,
    officer: &str,
    at: Timestamp,
    changes: &[FieldChange],
) -> TxResult<()> {
    for change in changes {
        let mut event = Event {
            seq: inquiry.history_len,
            at,
            officer: officer.to_string(),
            what: change.what.clone(),
            before: change.before.clone(),
            after: change.after.clone(),
            link: None,
            sealed: None,
            content: change.content.clone(),
        };
        chain::link(chain, seal, inquiry.id, &mut event)?;
        events.insert(&event_key(inquiry.id, event.seq), to_json(&event))?;
        inquiry.history_len += 1;
    }
    Ok(())
}

pub(super) fn decode_count(bytes: &[u8]) -> i64 {
    bytes.try_into().map(i64::from_be_bytes).unwrap_or(0)
}

/// Set a count outside a transaction (repairs, under the gate).
pub(super) fn add_count_plain(counts: &sled::Tree, key: &[u8], value: i64) -> StoreResult<()> {
    counts.insert(key, &value.to_be_bytes())?;
    Ok(())
}

pub(super) fn add_count(
    counts: &TransactionalTree,
    facet: &str,
    status: Status,
    delta: i64,
) -> TxResult<()> {
    let key = keys::status_prefix(facet, status);
    let n = counts.get(&key)?.map_or(0, |v| decode_count(&v));
    counts.insert(key, &(n + delta).to_be_bytes())?;
    Ok(())
}

/// The largest number used in `tree` (keys are big-endian u64 numbers):
/// where numbering starts in a store made before the counters existed.
pub(super) fn last_number(tree: &sled::Tree) -> StoreResult<u64> {
    Ok(tree
        .last()?
        .and_then(|(k, _)| k.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0))
}

/// The next number of a kind (inquiry, reply, escalation), from a counter
/// kept in the `counts` tree inside the caller's transaction: 1, 2, 3 ...
/// across restarts (sled's own ids jump by a million on each reopen, and
/// officers type these numbers).
pub(super) fn next_number(counts: &TransactionalTree, kind: &[u8], seed: u64) -> TxResult<u64> {
    let mut key = b"\xffnext:".to_vec();
    key.extend_from_slice(kind);
    let last = counts
        .get(&key)?
        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(seed);
    let next = last + 1;
    counts.insert(key, &next.to_be_bytes())?;
    Ok(next)
}
