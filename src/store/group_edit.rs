//! An officer's edits of the desk's groups (#16): a member split out of its
//! group, two groups joined. Grouping itself stays outside the history
//! (`groups.rs`), but an officer's act is an act: each edit is one
//! transaction over the `groups` and `grouped` trees and the history of
//! every inquiry whose group it changes (`group_split`, `group_joined`,
//! before and after the group ids).
//!
//! A member split out stays in `grouped`, pointing at group 0 (`ALONE`):
//! alone by an officer's word, so grouping never places it again, and
//! `group_of` says it is in none.

use sled::transaction::{Transactional, TransactionalTree};

use super::keys::item_key;
use super::write::{append_events, load};
use super::{FieldChange, Store, StoreError, StoreResult, TxResult, abort, from_json, to_json};
use crate::model::{GroupId, GroupRecord, InquiryId};
use jiff::Timestamp;

/// Where `grouped` keeps an inquiry an officer split out of its group.
pub(super) const ALONE: GroupId = GroupId(0);

/// The trees one group edit writes.
struct EditTrees<'a> {
    items: &'a TransactionalTree,
    events: &'a TransactionalTree,
    chain: &'a TransactionalTree,
    groups: &'a TransactionalTree,
    grouped: &'a TransactionalTree,
}

impl Store {
    /// Split `inquiry` out of its group, as `officer`: it is alone from now
    /// on (grouping leaves it so); its group keeps the others, even one.
    /// Returns the group it left.
    pub fn split_from_group(
        &self,
        inquiry: InquiryId,
        officer: &str,
        now: Timestamp,
    ) -> StoreResult<GroupId> {
        self.edit_groups(|t| split_in(self, t, inquiry, officer, now))
    }

    /// Join group `from` into `into`, as `officer`: every member of `from`
    /// moves to `into` (in the order they were placed), `from` is no more.
    pub fn join_groups(
        &self,
        into: GroupId,
        from: GroupId,
        officer: &str,
        now: Timestamp,
    ) -> StoreResult<GroupRecord> {
        if into == from {
            return Err(StoreError::Refused(crate::said!(
                "refused-join-itself",
                group = into.to_string()
            )));
        }
        self.edit_groups(|t| join_in(self, t, into, from, officer, now))
    }

    /// Run `edit` in one transaction over the trees a group edit touches
    /// (the members, their history, the groups), then flush.
    fn edit_groups<T>(&self, edit: impl Fn(&EditTrees) -> TxResult<T>) -> StoreResult<T> {
        let _writing = self.writing();
        let trees = (
            &self.items,
            &self.events,
            &self.chain,
            &self.groups,
            &self.grouped,
        );
        let done = self.committed(trees.transaction(
            |(items, events, chain, groups, grouped)| {
                edit(&EditTrees {
                    items,
                    events,
                    chain,
                    groups,
                    grouped,
                })
            },
        ))?;
        self.settle()?;
        Ok(done)
    }

    /// The inquiries officers split out of their groups: alone for good.
    pub fn kept_alone(&self) -> StoreResult<std::collections::HashSet<InquiryId>> {
        let mut out = std::collections::HashSet::new();
        for entry in self.grouped.iter() {
            let (key, value) = self.named(entry.map_err(StoreError::from))?;
            if value.as_ref() == ALONE.0.to_be_bytes()
                && let Ok(bytes) = key.as_ref().try_into()
            {
                out.insert(InquiryId(u64::from_be_bytes(bytes)));
            }
        }
        Ok(out)
    }
}

fn split_in(
    store: &Store,
    t: &EditTrees,
    inquiry: InquiryId,
    officer: &str,
    now: Timestamp,
) -> TxResult<GroupId> {
    let group = match t.grouped.get(item_key(inquiry))? {
        Some(v) => GroupId(u64::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 8]))),
        None => GroupId(0),
    };
    if group == ALONE {
        return abort(StoreError::Refused(crate::said!(
            "refused-in-no-group",
            id = inquiry.to_string()
        )));
    }
    let mut record = group_in(t.groups, group)?;
    record.members.retain(|m| *m != inquiry);
    t.groups.insert(&group.0.to_be_bytes(), to_json(&record))?;
    t.grouped
        .insert(&item_key(inquiry), &ALONE.0.to_be_bytes())?;
    let change = FieldChange::new("group_split", Some(group.0.to_string()), None);
    history(store, t, inquiry, officer, now, change)?;
    Ok(group)
}

fn join_in(
    store: &Store,
    t: &EditTrees,
    into: GroupId,
    from: GroupId,
    officer: &str,
    now: Timestamp,
) -> TxResult<GroupRecord> {
    let mut target = group_in(t.groups, into)?;
    let moved = group_in(t.groups, from)?;
    for member in &moved.members {
        target.members.push(*member);
        t.grouped
            .insert(&item_key(*member), &into.0.to_be_bytes())?;
        let (before, after) = (Some(from.0.to_string()), Some(into.0.to_string()));
        let change = FieldChange::new("group_joined", before, after);
        history(store, t, *member, officer, now, change)?;
    }
    t.groups.remove(&from.0.to_be_bytes())?;
    t.groups.insert(&into.0.to_be_bytes(), to_json(&target))?;
    Ok(target)
}

/// The group `id` as kept, or the edit refused.
fn group_in(groups: &TransactionalTree, id: GroupId) -> TxResult<GroupRecord> {
    match groups.get(id.0.to_be_bytes())? {
        Some(bytes) => match from_json(&bytes, "group") {
            Ok(record) => Ok(record),
            Err(e) => abort(e),
        },
        None => abort(StoreError::Refused(crate::said!(
            "refused-no-group",
            group = id.to_string()
        ))),
    }
}

/// `change` in `inquiry`'s history, linked into the chain.
fn history(
    store: &Store,
    t: &EditTrees,
    inquiry: InquiryId,
    officer: &str,
    now: Timestamp,
    change: FieldChange,
) -> TxResult<()> {
    let Some(mut inq) = load(t.items, inquiry)? else {
        return abort(StoreError::NotFound(inquiry));
    };
    append_events(
        (t.events, t.chain, &store.seal),
        &mut inq,
        officer,
        now,
        &[change],
    )?;
    t.items.insert(&item_key(inquiry), to_json(&inq))?;
    Ok(())
}
