//! The `drafts` tree: what each officer was writing and has not sent
//! (`model::draft`), kept so a quit, a dropped session or a crash does not
//! lose it. Drafts are not acts: they are outside the history chain and
//! its transactions, but flushed before a save returns like everything
//! else. An erasure (and so a retention purge) removes an inquiry's drafts
//! with its personal data.
//!
//! Key: inquiry id (8 bytes, big-endian), kind (one byte), officer. An
//! inquiry's drafts are one prefix, for the erasure; an officer's are
//! found by a walk (the tree holds a handful).

use sled::transaction::{Transactional, TransactionalTree};

use super::keys::item_key;
use super::{Store, StoreError, StoreResult, TxResult, abort, from_json, load, to_json};
use crate::model::{Draft, DraftKind, InquiryId};

fn kind_byte(kind: DraftKind) -> u8 {
    match kind {
        DraftKind::Reply => 0,
        DraftKind::Escalation => 1,
    }
}

fn draft_key(inquiry: InquiryId, kind: DraftKind, officer: &str) -> Vec<u8> {
    let mut key = item_key(inquiry).to_vec();
    key.push(kind_byte(kind));
    key.extend_from_slice(officer.as_bytes());
    key
}

/// The officer a key names (after the id and the kind).
fn key_officer(key: &[u8]) -> &[u8] {
    key.get(9..).unwrap_or_default()
}

impl Store {
    /// Keep `draft`, replacing the officer's earlier one of its kind for
    /// its inquiry. Refused for an inquiry that is not there or erased.
    pub fn save_draft(&self, draft: &Draft) -> StoreResult<()> {
        let _writing = self.writing();
        let key = draft_key(draft.inquiry, draft.kind(), &draft.officer);
        let value = to_json(draft);
        self.committed((&self.items, &self.drafts).transaction(|(items, drafts)| {
            match load(items, draft.inquiry)? {
                None => abort(StoreError::NotFound(draft.inquiry)),
                Some(inq) if inq.erased.is_some() => abort(StoreError::Refused(crate::said!(
                    "refused-draft-erased",
                    id = draft.inquiry.to_string()
                ))),
                Some(_) => {
                    drafts.insert(key.as_slice(), value.as_slice())?;
                    Ok(())
                }
            }
        }))?;
        self.settle()
    }

    /// Forget the officer's draft of `kind` for `inquiry` (none: nothing).
    pub fn drop_draft(
        &self,
        inquiry: InquiryId,
        kind: DraftKind,
        officer: &str,
    ) -> StoreResult<()> {
        let _writing = self.writing();
        let removed = self.named(
            self.drafts
                .remove(draft_key(inquiry, kind, officer))
                .map_err(StoreError::from),
        )?;
        if removed.is_some() {
            self.settle()?;
        }
        Ok(())
    }

    /// The officer's drafts, by inquiry.
    pub fn drafts_of(&self, officer: &str) -> StoreResult<Vec<Draft>> {
        let mut out = Vec::new();
        for entry in self.drafts.iter() {
            let (key, value) = self.named(entry.map_err(StoreError::from))?;
            if key_officer(&key) == officer.as_bytes() {
                out.push(from_json(&value, "draft")?);
            }
        }
        Ok(out)
    }

    /// The keys of every officer's drafts of `inquiry`, read before an
    /// erasure's transaction (which cannot walk a tree) removes them.
    pub(super) fn draft_keys_of(&self, inquiry: InquiryId) -> StoreResult<Vec<sled::IVec>> {
        self.drafts
            .scan_prefix(item_key(inquiry))
            .keys()
            .map(|k| self.named(k.map_err(StoreError::from)))
            .collect()
    }

    /// Remove what `draft_keys_of` found since the erasure committed (a
    /// save that raced it), once the inquiry is erased and no save is
    /// taken for it any more.
    pub(super) fn drop_drafts_of(&self, inquiry: InquiryId) -> StoreResult<()> {
        for key in self.draft_keys_of(inquiry)? {
            self.named(self.drafts.remove(key).map_err(StoreError::from))?;
        }
        Ok(())
    }
}

/// Inside an erasure: remove the drafts found by `draft_keys_of`.
pub(super) fn remove_all(drafts: &TransactionalTree, keys: &[sled::IVec]) -> TxResult<()> {
    for key in keys {
        drafts.remove(key)?;
    }
    Ok(())
}
