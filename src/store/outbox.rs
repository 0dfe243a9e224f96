//! The outboxes in the store: replies and escalations. A record and the
//! inquiry it belongs to move together in one transaction, flushed before
//! the call returns, so what an officer saw "queued" survives any crash,
//! and the inquiry's view of its records never disagrees with the outbox.
//!
//! Trees, per book: the records (id -> JSON) and an index of the open ones
//! (id -> ()): what a sender works through.

use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{Transactional, TransactionalTree};

use super::{
    Edit, FieldChange, Store, StoreError, StoreResult, Trees, TxResult, abort, from_json,
    last_number, load, next_number, save_edit, to_json,
};
use crate::model::escalation::{Escalation, EscalationBrief, EscalationId};
use crate::model::reply::{Reply, ReplyBrief, ReplyId};
use crate::model::{Inquiry, InquiryId};

/// Something kept in an outbox beside its inquiry.
pub trait Outboxed: Serialize + DeserializeOwned + Clone {
    /// For messages: "reply", "escalation".
    const WHAT: &'static str;
    fn number(&self) -> u64;
    fn set_number(&mut self, n: u64);
    fn inquiry(&self) -> InquiryId;
    /// Still work for a sender (or a deadline to watch).
    fn is_open(&self) -> bool;
    /// Put this record's summary into its inquiry.
    fn note_on(&self, inq: &mut Inquiry);
}

impl Outboxed for Reply {
    const WHAT: &'static str = "reply";
    fn number(&self) -> u64 {
        self.id.0
    }
    fn set_number(&mut self, n: u64) {
        self.id = ReplyId(n);
    }
    fn inquiry(&self) -> InquiryId {
        self.inquiry
    }
    fn is_open(&self) -> bool {
        !self.state.is_final()
    }
    fn note_on(&self, inq: &mut Inquiry) {
        let brief = ReplyBrief::of(self);
        match inq.replies.iter_mut().find(|b| b.id == self.id) {
            Some(b) => *b = brief,
            None => inq.replies.push(brief),
        }
    }
}

impl Outboxed for Escalation {
    const WHAT: &'static str = "escalation";
    fn number(&self) -> u64 {
        self.id.0
    }
    fn set_number(&mut self, n: u64) {
        self.id = EscalationId(n);
    }
    fn inquiry(&self) -> InquiryId {
        self.inquiry
    }
    fn is_open(&self) -> bool {
        self.is_open()
    }
    fn note_on(&self, inq: &mut Inquiry) {
        let brief = EscalationBrief::of(self);
        match inq.escalations.iter_mut().find(|b| b.id == self.id) {
            Some(b) => *b = brief,
            None => inq.escalations.push(brief),
        }
    }
}

/// Which outbox.
#[derive(Clone, Copy)]
enum Book {
    Replies,
    Escalations,
}

fn key(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

fn load_record<R: Outboxed>(tree: &TransactionalTree, n: u64) -> TxResult<R> {
    match tree.get(key(n))? {
        Some(bytes) => match from_json(&bytes, R::WHAT) {
            Ok(r) => Ok(r),
            Err(e) => abort(e),
        },
        None => abort(missing::<R>(n)),
    }
}

fn missing<R: Outboxed>(n: u64) -> StoreError {
    StoreError::Refused(match R::WHAT {
        "reply" => crate::said!("refused-no-reply", n = n.to_string()),
        _ => crate::said!("refused-no-escalation", n = n.to_string()),
    })
}

/// Refuse to act on what the law says must rest: a restricted or erased
/// inquiry.
pub fn check_usable(inq: &Inquiry, verb: &str) -> StoreResult<()> {
    if let Some(m) = &inq.restricted {
        return Err(StoreError::Withheld(crate::said!(
            "refused-restricted",
            id = inq.id.to_string(),
            by = &m.by,
            on = m.at.strftime("%Y-%m-%d").to_string(),
            reason = &m.reason,
            verb = verb
        )));
    }
    if inq.erased.is_some() {
        return Err(StoreError::Withheld(crate::said!(
            "refused-erased",
            id = inq.id.to_string(),
            verb = verb
        )));
    }
    Ok(())
}

/// Refuse a reply that would collide with a colleague's work.
fn check_reply_collision(
    inq: &Inquiry,
    officer: &str,
    seen_answers: Option<usize>,
) -> StoreResult<()> {
    if let Some(holder) = inq.claimed_by.as_deref().filter(|h| *h != officer) {
        let since = inq
            .claimed_at
            .map(|t| format!(" since {}", t.strftime("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_default();
        return Err(StoreError::Refused(crate::said!(
            "refused-reply-claimed",
            id = inq.id.to_string(),
            holder = holder,
            since = since
        )));
    }
    let answers: Vec<&ReplyBrief> = inq
        .replies
        .iter()
        .filter(|b| b.state.counts_as_answer())
        .collect();
    if let Some(seen) = seen_answers
        && answers.len() > seen
        && let Some(last) = answers.last()
    {
        return Err(StoreError::Refused(crate::said!(
            "refused-answered-since",
            id = inq.id.to_string(),
            by = &last.officer,
            at = last.at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            reply = last.id.to_string()
        )));
    }
    Ok(())
}

impl Store {
    fn book(&self, book: Book) -> (&sled::Tree, &sled::Tree) {
        match book {
            Book::Replies => (&self.replies, &self.outbox),
            Book::Escalations => (&self.escalations, &self.escalation_open),
        }
    }

    /// Add `record` (numbered here) to its book and its inquiry, with
    /// `edit` deciding, inside the transaction, what else changes on the
    /// inquiry and what the history says (or refusing).
    fn add_record<R, F>(
        &self,
        book: Book,
        record: R,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(R, Inquiry)>
    where
        R: Outboxed,
        F: Fn(&R, &mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        let _writing = self.writing();
        let (records, open) = self.book(book);
        let seed = last_number(records)?;
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            records,
            open,
            &self.chain,
        );
        let done = self.committed(trees.transaction(
            |(items, queue, events, counts, records, open, chain)| {
                let Some(before) = load(items, record.inquiry())? else {
                    return abort(StoreError::NotFound(record.inquiry()));
                };
                let mut record = record.clone();
                record.set_number(next_number(counts, R::WHAT.as_bytes(), seed)?);
                let mut after = before.clone();
                let changes = match edit(&record, &mut after) {
                    Ok(c) => c,
                    Err(e) => return abort(e),
                };
                record.note_on(&mut after);
                let t = Trees {
                    items,
                    queue,
                    events,
                    counts,
                    chain,
                    seal: &self.seal,
                };
                save_edit(&t, &before, &mut after, Edit::by(officer, now, &changes))?;
                records.insert(&key(record.number()), to_json(&record))?;
                if record.is_open() {
                    open.insert(&key(record.number()), &[])?;
                }
                Ok((record, after))
            },
        ))?;
        self.settle()?;
        Ok(done)
    }

    /// Change a record with `edit`, which may also change its inquiry and
    /// returns the history it made. Record, open index, inquiry and
    /// history move together.
    fn update_record<R, F>(
        &self,
        book: Book,
        n: u64,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(R, Inquiry)>
    where
        R: Outboxed,
        F: Fn(&mut R, &mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        let _writing = self.writing();
        let (records, open) = self.book(book);
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            records,
            open,
            &self.chain,
        );
        let done = self.committed(trees.transaction(
            |(items, queue, events, counts, records, open, chain)| {
                let mut record: R = load_record(records, n)?;
                let Some(before) = load(items, record.inquiry())? else {
                    return abort(StoreError::NotFound(record.inquiry()));
                };
                let mut after = before.clone();
                let changes = match edit(&mut record, &mut after) {
                    Ok(c) => c,
                    Err(e) => return abort(e),
                };
                record.note_on(&mut after);
                if after != before || !changes.is_empty() {
                    let t = Trees {
                        items,
                        queue,
                        events,
                        counts,
                        chain,
                        seal: &self.seal,
                    };
                    save_edit(&t, &before, &mut after, Edit::by(officer, now, &changes))?;
                }
                records.insert(&key(n), to_json(&record))?;
                if record.is_open() {
                    open.insert(&key(n), &[])?;
                } else {
                    open.remove(&key(n))?;
                }
                Ok((record, after))
            },
        ))?;
        self.settle()?;
        Ok(done)
    }

    fn record<R: Outboxed>(&self, book: Book, n: u64) -> StoreResult<R> {
        let (records, _) = self.book(book);
        let bytes = records.get(key(n))?.ok_or_else(|| missing::<R>(n))?;
        from_json(&bytes, R::WHAT)
    }

    fn open_records<R: Outboxed>(&self, book: Book) -> StoreResult<Vec<R>> {
        let (_, open) = self.book(book);
        open.iter()
            .keys()
            .map(|k| {
                let k = k?;
                let n =
                    u64::from_be_bytes(k.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                        what: format!("{} index", R::WHAT),
                        detail: "bad key".into(),
                    })?);
                self.record(book, n)
            })
            .collect()
    }

    fn recent_records<R: Outboxed>(&self, book: Book, limit: usize) -> StoreResult<Vec<R>> {
        let (records, _) = self.book(book);
        records
            .iter()
            .values()
            .rev()
            .take(limit)
            .map(|v| from_json(&v?, R::WHAT))
            .collect()
    }

    /// Put `draft` in the outbox and note it on its inquiry, durably.
    /// `seen_answers` is how many answers the officer saw when they began
    /// (None: no such check, as for the CLI, which reads them just now).
    pub fn queue_reply(
        &self,
        draft: Reply,
        seen_answers: Option<usize>,
        now: Timestamp,
    ) -> StoreResult<(Reply, Inquiry)> {
        let officer = draft.officer.clone();
        self.add_record(Book::Replies, draft, &officer, now, |reply, inq| {
            check_usable(inq, "answered")?;
            if inq.deleted_on_platform.is_some() && reply.channel == crate::model::Channel::Public {
                return Err(StoreError::Refused(crate::said!(
                    "refused-post-deleted",
                    id = inq.id.to_string()
                )));
            }
            check_reply_collision(inq, &reply.officer, seen_answers)?;
            Ok(vec![FieldChange::new(
                "reply",
                None,
                Some(format!(
                    "{} queued ({} {}{})",
                    reply.id,
                    reply.channel.as_str(),
                    reply.lang.as_str(),
                    reply
                        .template
                        .as_deref()
                        .map(|t| format!(", template {t}"))
                        .unwrap_or_default()
                )),
            )])
        })
    }

    /// Change a reply with `edit` (which may also change its inquiry).
    pub fn update_reply<F>(
        &self,
        id: ReplyId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(Reply, Inquiry)>
    where
        F: Fn(&mut Reply, &mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        self.update_record(Book::Replies, id.0, officer, now, edit)
    }

    pub fn reply(&self, id: ReplyId) -> StoreResult<Reply> {
        self.record(Book::Replies, id.0)
    }

    /// Every reply not yet sent or cancelled, oldest first.
    pub fn open_replies(&self) -> StoreResult<Vec<Reply>> {
        self.open_records(Book::Replies)
    }

    /// The newest `limit` replies of any state, newest first.
    pub fn recent_replies(&self, limit: usize) -> StoreResult<Vec<Reply>> {
        self.recent_records(Book::Replies, limit)
    }

    /// The replies to one inquiry, oldest first.
    pub fn replies_of(&self, inq: &Inquiry) -> StoreResult<Vec<Reply>> {
        inq.replies.iter().map(|b| self.reply(b.id)).collect()
    }

    /// Record an escalation, move its inquiry to "escalated", durably.
    pub fn add_escalation(
        &self,
        draft: Escalation,
        now: Timestamp,
    ) -> StoreResult<(Escalation, Inquiry)> {
        let officer = draft.officer.clone();
        self.add_record(Book::Escalations, draft, &officer, now, |e, inq| {
            check_usable(inq, "escalated")?;
            let mut changes = vec![FieldChange::new(
                "escalation",
                None,
                Some(format!(
                    "{} to {} ({}, ack due {})",
                    e.id,
                    e.mission_name,
                    e.severity,
                    e.deadline.strftime("%H:%M UTC")
                )),
            )];
            if inq.status != crate::model::Status::Escalated {
                changes.push(FieldChange::new(
                    "status",
                    Some(inq.status.to_string()),
                    Some("escalated".into()),
                ));
                inq.status = crate::model::Status::Escalated;
                inq.snoozed_until = None;
            }
            Ok(changes)
        })
    }

    pub fn update_escalation<F>(
        &self,
        id: EscalationId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(Escalation, Inquiry)>
    where
        F: Fn(&mut Escalation, &mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        self.update_record(Book::Escalations, id.0, officer, now, edit)
    }

    pub fn escalation(&self, id: EscalationId) -> StoreResult<Escalation> {
        self.record(Book::Escalations, id.0)
    }

    /// Escalations still being delivered or waiting for acknowledgement.
    pub fn open_escalations(&self) -> StoreResult<Vec<Escalation>> {
        self.open_records(Book::Escalations)
    }

    pub fn recent_escalations(&self, limit: usize) -> StoreResult<Vec<Escalation>> {
        self.recent_records(Book::Escalations, limit)
    }

    pub fn escalations_of(&self, inq: &Inquiry) -> StoreResult<Vec<Escalation>> {
        inq.escalations
            .iter()
            .map(|b| self.escalation(b.id))
            .collect()
    }
}
