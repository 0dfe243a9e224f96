//! The store's side of the data-protection duties: erasing an inquiry's
//! personal content in one transaction (with its replies, its escalation
//! packets, the personal parts of its history, and its platform ids), and
//! the register of people who asked that their data not be processed.
//!
//! Trees: `subjects`: normalized handle -> `Mark` (a restriction).
//! The `counts` tree keeps `\xffpepper`, a random key made once per store,
//! which turns erased platform ids into digests nobody outside can invert.

use jiff::Timestamp;
use sled::transaction::{Transactional, TransactionalTree};

use super::keys::{event_key, identity_key, item_key};
use super::{
    Edit, FieldChange, Store, StoreError, StoreResult, Trees, TxResult, abort, chain, from_json,
    load, save_edit, thread_key, to_json,
};
use crate::model::erase;
use crate::model::escalation::Escalation;
use crate::model::reply::Reply;
use crate::model::{Event, Inquiry, InquiryId, Mark, Status};

const PEPPER: &[u8] = b"\xffpepper";

/// How a handle is compared in the register: no `@`, lower case.
pub fn normalize_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

/// The identity key under which an erased platform id is remembered, so
/// that the post is not fetched again as new.
pub(super) fn tombstone_key(pepper: &[u8], source: &str, external_id: &str) -> Vec<u8> {
    identity_key(
        source,
        &format!("\u{1}{}", erase::pseudonym(pepper, external_id)),
    )
}

/// Whether `inq` was written by `handle` (by handle, either case, with or
/// without `@`, or by platform id).
pub fn is_author(inq: &Inquiry, handle: &str) -> bool {
    let wanted = normalize_handle(handle);
    normalize_handle(&inq.author.handle) == wanted
        || inq.author.platform_id.as_deref() == Some(wanted.as_str())
}

/// Names an author in a redacted export: repeat contacts still count,
/// nobody outside can tell who.
pub struct Pseudonyms(Vec<u8>);

impl Pseudonyms {
    pub fn of(&self, handle: &str) -> String {
        if handle.is_empty() {
            return String::new();
        }
        format!(
            "person-{}",
            erase::keyed_digest(&self.0, &normalize_handle(handle))
        )
    }
}

/// What an erasure is asked to do, and what it read before its
/// transaction.
struct Erasure<'a> {
    id: InquiryId,
    officer: &'a str,
    why: &'a str,
    now: Timestamp,
    pepper: &'a [u8],
    drafts_found: &'a [sled::IVec],
}

/// The trees an erasure changes, in the order `erase` opens them.
type ErasureView = (
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
);

impl Store {
    /// This store's key for digests of erased ids (made on first use).
    pub(super) fn pepper(&self) -> StoreResult<Vec<u8>> {
        if let Some(p) = self.counts.get(PEPPER)? {
            return Ok(p.to_vec());
        }
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).map_err(|e| super::seal::no_randomness(&e))?;
        // Another thread may have made one meanwhile: keep whichever won.
        let _ = self
            .counts
            .compare_and_swap(PEPPER, None as Option<&[u8]>, Some(&fresh[..]))?;
        Ok(self
            .counts
            .get(PEPPER)?
            .map(|p| p.to_vec())
            .unwrap_or_default())
    }

    /// Erase the personal content of inquiry `id` (see `records::erase`),
    /// recorded as `erased` with `why`. Refused on legal hold or while a
    /// reply or escalation is in flight. An open inquiry is closed.
    pub fn erase(
        &self,
        id: InquiryId,
        officer: &str,
        why: &str,
        now: Timestamp,
    ) -> StoreResult<Inquiry> {
        let pepper = self.pepper()?;
        let drafts_found = self.draft_keys_of(id)?;
        let erasure = Erasure {
            id,
            officer,
            why,
            now,
            pepper: &pepper,
            drafts_found: &drafts_found,
        };
        let _writing = self.writing();
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            &self.chain,
            &self.identity,
            &self.threads,
            &self.replies,
            &self.escalations,
            &self.drafts,
        );
        let done = self.committed(trees.transaction(|tx| self.erase_in(tx, &erasure)))?;
        drop(_writing);
        self.drop_drafts_of(id)?;
        self.settle()?;
        Ok(done)
    }

    /// The erasure's one transaction: the inquiry, its indexes, history,
    /// replies, escalations and drafts.
    fn erase_in(&self, tx: &ErasureView, e: &Erasure) -> TxResult<Inquiry> {
        let (items, queue, events, counts, chain, identity, threads, replies, escalations, drafts) =
            tx;
        let Some(before) = load(items, e.id)? else {
            return abort(StoreError::NotFound(e.id));
        };
        // What officers were writing quotes the person too.
        super::drafts::remove_all(drafts, e.drafts_found)?;
        if before.erased.is_some() {
            return Ok(before);
        }
        if let Some(why_not) = erase::blocker(&before) {
            return abort(StoreError::Refused(why_not.said_for(e.id)));
        }
        unthread(threads, &before, e.id)?;
        let mut after = before.clone();
        let erased_ids = erase::inquiry(&mut after, e.pepper, e.officer, e.why, e.now);
        tombstone_ids(identity, &before, &erased_ids, e.pepper, e.id)?;
        seal_history(events, &before, e.id)?;
        erase_replies(replies, &before, e.pepper)?;
        erase_escalations(escalations, &before)?;
        // Until the files are rewritten, a crash must not forget
        // that they still hold what this erases.
        counts.insert(super::rewrite::DUE, &[1u8])?;
        let changes = close_erased(&mut after, e.why);
        let t = Trees {
            items,
            queue,
            events,
            counts,
            chain,
            seal: &self.seal,
        };
        save_edit(
            &t,
            &before,
            &mut after,
            Edit::by(e.officer, e.now, &changes),
        )?;
        Ok(after)
    }

    /// Stable pseudonyms for authors in a redacted export, with this
    /// store's key read once.
    pub fn pseudonyms(&self) -> StoreResult<Pseudonyms> {
        Ok(Pseudonyms(self.pepper()?))
    }

    /// Put `handle` on the register of restricted subjects.
    pub fn restrict_subject(&self, handle: &str, mark: &Mark) -> StoreResult<()> {
        let _writing = self.writing();
        self.subjects
            .insert(normalize_handle(handle), to_json(mark))?;
        self.settle()?;
        Ok(())
    }

    /// Take `handle` off the register; whether it was on it.
    pub fn lift_subject(&self, handle: &str) -> StoreResult<bool> {
        let _writing = self.writing();
        let was = self.subjects.remove(normalize_handle(handle))?.is_some();
        self.settle()?;
        Ok(was)
    }

    /// The restriction on `handle`, if any.
    pub fn subject_restriction(&self, handle: &str) -> StoreResult<Option<Mark>> {
        self.subjects
            .get(normalize_handle(handle))?
            .map(|b| from_json(&b, "restriction"))
            .transpose()
    }
}

/// The conversation no longer leads to inquiry `id` (its thread key holds
/// the person's handle).
fn unthread(threads: &TransactionalTree, before: &Inquiry, id: InquiryId) -> TxResult<()> {
    if let Some(conv) = &before.conversation_id {
        let key = thread_key(&before.source, before.author.key(), conv);
        if threads.get(&key)?.is_some_and(|v| v == item_key(id)) {
            threads.remove(key)?;
        }
    }
    Ok(())
}

/// The erased platform ids are remembered only as digests, so the posts
/// are not fetched again as new.
fn tombstone_ids(
    identity: &TransactionalTree,
    before: &Inquiry,
    erased_ids: &[String],
    pepper: &[u8],
    id: InquiryId,
) -> TxResult<()> {
    for ext in erased_ids {
        identity.remove(identity_key(&before.source, ext))?;
        identity.insert(tombstone_key(pepper, &before.source, ext), &item_key(id))?;
    }
    Ok(())
}

/// Every history event that carries content is sealed (its content
/// replaced by its digest, the chain unbroken).
fn seal_history(events: &TransactionalTree, before: &Inquiry, id: InquiryId) -> TxResult<()> {
    for seq in 0..before.history_len {
        let key = event_key(id, seq);
        let Some(bytes) = events.get(key)? else {
            continue;
        };
        let mut event: Event = from_json(&bytes, "event").or_else(abort)?;
        if !erase::event_is_content_free(&event.what) && event.sealed.is_none() {
            chain::seal(&mut event);
            events.insert(&key, to_json(&event))?;
        }
    }
    Ok(())
}

/// The inquiry's replies, erased in the outbox.
fn erase_replies(replies: &TransactionalTree, before: &Inquiry, pepper: &[u8]) -> TxResult<()> {
    for brief in &before.replies {
        let key = brief.id.0.to_be_bytes();
        if let Some(bytes) = replies.get(key)? {
            let mut r: Reply = from_json(&bytes, "reply").or_else(abort)?;
            erase::reply(&mut r, pepper);
            replies.insert(&key, to_json(&r))?;
        }
    }
    Ok(())
}

/// The inquiry's escalation packets, erased in the outbox.
fn erase_escalations(escalations: &TransactionalTree, before: &Inquiry) -> TxResult<()> {
    for brief in &before.escalations {
        let key = brief.id.0.to_be_bytes();
        if let Some(bytes) = escalations.get(key)? {
            let mut e: Escalation = from_json(&bytes, "escalation").or_else(abort)?;
            erase::escalation(&mut e);
            escalations.insert(&key, to_json(&e))?;
        }
    }
    Ok(())
}

/// The changes an erasure records: `erased`, and an open inquiry closed.
fn close_erased(after: &mut Inquiry, why: &str) -> Vec<FieldChange> {
    let mut changes = vec![FieldChange::new("erased", None, Some(why.to_string()))];
    if after.status != Status::Closed {
        changes.push(FieldChange::new(
            "status",
            Some(after.status.to_string()),
            Some(Status::Closed.to_string()),
        ));
        after.status = Status::Closed;
        after.claimed_by = None;
        after.claimed_at = None;
        after.snoozed_until = None;
    }
    changes
}

impl erase::Blocker {
    /// Why inquiry `id` is kept, as the catalog says it.
    pub fn said_for(&self, id: InquiryId) -> crate::i18n::Said {
        let id = id.to_string();
        match self {
            erase::Blocker::LegalHold { since, by, reason } => crate::said!(
                "refused-kept-legal-hold",
                id = id,
                since = since,
                by = by,
                reason = reason
            ),
            erase::Blocker::ReplyInFlight => crate::said!("refused-kept-reply", id = id),
            erase::Blocker::EscalationInFlight => {
                crate::said!("refused-kept-escalation", id = id)
            }
        }
    }

    /// The same, without the inquiry (a list of kept inquiries names it).
    pub fn said(&self) -> crate::i18n::Said {
        match self {
            erase::Blocker::LegalHold { since, by, reason } => {
                crate::said!("kept-legal-hold", since = since, by = by, reason = reason)
            }
            erase::Blocker::ReplyInFlight => crate::said!("kept-reply"),
            erase::Blocker::EscalationInFlight => crate::said!("kept-escalation"),
        }
    }
}

#[cfg(test)]
mod blocker_words {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn why_an_inquiry_is_kept_is_said_in_both_languages() {
        let b = erase::Blocker::ReplyInFlight;
        assert_eq!(
            b.said_for(InquiryId(7)).to_string(),
            format!("inquiry 7 is kept: {b}")
        );
        assert_eq!(b.said().to_string(), b.to_string());
        assert_eq!(
            b.said().in_lang(Lang::Id),
            "sebuah balasan masih dikirim; tunggu atau batalkan"
        );
    }
}
