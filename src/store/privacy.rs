//! The store's side of the data-protection duties: erasing an inquiry's
//! personal content in one transaction (with its replies, its escalation
//! packets, the personal parts of its history, and its platform ids), and
//! the register of people who asked that their data not be processed.
//!
//! Trees: `subjects`: normalized handle -> `Mark` (a restriction).
//! The `counts` tree keeps `\xffpepper`, a random key made once per store,
//! which turns erased platform ids into digests nobody outside can invert.

use jiff::Timestamp;
use sled::transaction::Transactional;

use super::keys::{event_key, identity_key, item_key};
use super::{
    Edit, FieldChange, Store, StoreError, StoreResult, Trees, abort, chain, from_json, load,
    save_edit, thread_key, to_json,
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

impl Store {
    /// This store's key for digests of erased ids (made on first use).
    pub(super) fn pepper(&self) -> StoreResult<Vec<u8>> {
        if let Some(p) = self.counts.get(PEPPER)? {
            return Ok(p.to_vec());
        }
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh)
            .map_err(|e| StoreError::Refused(format!("no randomness: {e}")))?;
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
        let done = self.committed(trees.transaction(
            |(
                items,
                queue,
                events,
                counts,
                chain,
                identity,
                threads,
                replies,
                escalations,
                drafts,
            )| {
                let Some(before) = load(items, id)? else {
                    return abort(StoreError::NotFound(id));
                };
                // What officers were writing quotes the person too.
                super::drafts::remove_all(drafts, &drafts_found)?;
                if before.erased.is_some() {
                    return Ok(before);
                }
                if let Some(why_not) = erase::blocker(&before) {
                    return abort(StoreError::Refused(format!(
                        "inquiry {id} is kept: {why_not}"
                    )));
                }
                if let Some(conv) = &before.conversation_id {
                    let key = thread_key(&before.source, before.author.key(), conv);
                    if threads.get(&key)?.is_some_and(|v| v == item_key(id)) {
                        threads.remove(key)?;
                    }
                }
                let mut after = before.clone();
                for ext in erase::inquiry(&mut after, &pepper, officer, why, now) {
                    identity.remove(identity_key(&before.source, &ext))?;
                    identity.insert(tombstone_key(&pepper, &before.source, &ext), &item_key(id))?;
                }
                for seq in 0..before.history_len {
                    let key = event_key(id, seq);
                    let Some(bytes) = events.get(key)? else {
                        continue;
                    };
                    let mut event: Event = match from_json(&bytes, "event") {
                        Ok(e) => e,
                        Err(e) => return abort(e),
                    };
                    if !erase::event_is_content_free(&event.what) && event.sealed.is_none() {
                        chain::seal(&mut event);
                        events.insert(&key, to_json(&event))?;
                    }
                }
                for brief in &before.replies {
                    let key = brief.id.0.to_be_bytes();
                    if let Some(bytes) = replies.get(key)? {
                        let mut r: Reply = match from_json(&bytes, "reply") {
                            Ok(r) => r,
                            Err(e) => return abort(e),
                        };
                        erase::reply(&mut r, &pepper);
                        replies.insert(&key, to_json(&r))?;
                    }
                }
                for brief in &before.escalations {
                    let key = brief.id.0.to_be_bytes();
                    if let Some(bytes) = escalations.get(key)? {
                        let mut e: Escalation = match from_json(&bytes, "escalation") {
                            Ok(e) => e,
                            Err(e) => return abort(e),
                        };
                        erase::escalation(&mut e);
                        escalations.insert(&key, to_json(&e))?;
                    }
                }
                // Until the files are rewritten, a crash must not forget
                // that they still hold what this erases.
                counts.insert(super::rewrite::DUE, &[1u8])?;
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
                let t = Trees {
                    items,
                    queue,
                    events,
                    counts,
                    chain,
                    seal: &self.seal,
                };
                save_edit(&t, &before, &mut after, Edit::by(officer, now, &changes))?;
                Ok(after)
            },
        ))?;
        drop(_writing);
        self.drop_drafts_of(id)?;
        self.settle()?;
        Ok(done)
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
