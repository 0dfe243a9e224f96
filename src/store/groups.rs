//! The `groups` and `grouped` trees: which near-identical pleas the desk
//! grouped (#16). Beside the inquiries, never in them: placing an inquiry
//! in a group changes nothing of its record or its history, so these trees
//! are outside the history chain. Written in one transaction per page of
//! placements; flushed with the next change (placements can be derived
//! again, see `record_grouping`).
//!
//! `groups`: group id (8 bytes, big-endian) -> `GroupRecord` (JSON).
//! `grouped`: inquiry id (8 bytes) -> group id (8 bytes): an inquiry's
//! group without reading every group.

use sled::transaction::Transactional;

use super::keys::item_key;
use super::{Store, StoreError, StoreResult, abort, from_json, to_json};
use crate::model::{GroupId, GroupRecord, Inquiry, InquiryId};
use jiff::Timestamp;

fn group_key(id: GroupId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// Where grouping put one inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub inquiry: InquiryId,
    pub group: GroupId,
}

impl Store {
    /// Record that each of `placed` is in its group (in that order), a
    /// group not yet kept founded at `now`. An inquiry already in a group
    /// stays where it is.
    pub fn record_grouping(&self, placed: &[Placed], now: Timestamp) -> StoreResult<()> {
        if placed.is_empty() {
            return Ok(());
        }
        let _writing = self.writing();
        self.committed(
            (&self.groups, &self.grouped).transaction(|(groups, grouped)| {
                // Each group read and written once per page, however many
                // of the page join it: a surge joins one group a hundred
                // times a page, and its record grows with every member.
                let mut touched: Vec<GroupRecord> = Vec::new();
                for p in placed {
                    let member = item_key(p.inquiry);
                    if grouped.get(member)?.is_some() {
                        continue;
                    }
                    let at = match touched.iter().position(|r| r.id == p.group) {
                        Some(at) => at,
                        None => {
                            let record = match groups.get(group_key(p.group))? {
                                Some(bytes) => match from_json::<GroupRecord>(&bytes, "group") {
                                    Ok(record) => record,
                                    Err(e) => return abort(e),
                                },
                                None => GroupRecord {
                                    id: p.group,
                                    founded_at: now,
                                    members: Vec::new(),
                                },
                            };
                            touched.push(record);
                            touched.len() - 1
                        }
                    };
                    touched[at].members.push(p.inquiry);
                    grouped.insert(&member, &group_key(p.group))?;
                }
                for record in &touched {
                    groups.insert(&group_key(record.id), to_json(record))?;
                }
                Ok(())
            }),
        )?;
        // Not flushed on its own: placements are derived (a restart places
        // again whatever a crash left unplaced, `queue::grouping`), and
        // sled's log is written in order, so the next flushed change (the
        // next page, a claim, a group's escalation) makes them durable.
        // A second fsync per page was most of what grouping cost a surge.
        Ok(())
    }

    /// Every group, oldest first.
    pub fn groups(&self) -> StoreResult<Vec<GroupRecord>> {
        self.groups
            .iter()
            .values()
            .map(|v| from_json(&self.named(v.map_err(StoreError::from))?, "group"))
            .collect()
    }

    /// One group, if it is kept.
    pub fn group(&self, id: GroupId) -> StoreResult<Option<GroupRecord>> {
        match self.named(self.groups.get(group_key(id)).map_err(StoreError::from))? {
            Some(bytes) => from_json(&bytes, "group").map(Some),
            None => Ok(None),
        }
    }

    /// The inquiries received since `since`, oldest first: read from the
    /// newest back (ids grow with arrival), so the cost is the window's,
    /// never the store's.
    pub fn received_since(&self, since: Timestamp) -> StoreResult<Vec<Inquiry>> {
        let mut out = Vec::new();
        for value in self.items.iter().values().rev() {
            let inquiry: Inquiry =
                from_json(&self.named(value.map_err(StoreError::from))?, "inquiry")?;
            if inquiry.received_at < since {
                break;
            }
            out.push(inquiry);
        }
        out.reverse();
        Ok(out)
    }

    /// The group `inquiry` is in, if any.
    pub fn group_of(&self, inquiry: InquiryId) -> StoreResult<Option<GroupId>> {
        let value = self.named(
            self.grouped
                .get(item_key(inquiry))
                .map_err(StoreError::from),
        )?;
        let group =
            value.and_then(|v| Some(GroupId(u64::from_be_bytes(v.as_ref().try_into().ok()?))));
        // Split out by an officer: in no group.
        Ok(group.filter(|g| *g != super::group_edit::ALONE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        (dir, store)
    }

    #[test]
    fn placements_are_kept_in_order_and_an_inquiry_stays_in_its_first_group() {
        let (_dir, store) = store();
        let now = Timestamp::now();
        let (g1, g2) = (GroupId(1), GroupId(2));
        let at = |i, g| Placed {
            inquiry: InquiryId(i),
            group: g,
        };
        store.record_grouping(&[at(1, g1), at(2, g1)], now).unwrap();
        store
            .record_grouping(&[at(3, g2), at(4, g1), at(2, g2)], now)
            .unwrap();
        let groups = store.groups().unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(
            groups[0].members,
            [InquiryId(1), InquiryId(2), InquiryId(4)]
        );
        assert_eq!(groups[1].members, [InquiryId(3)], "2 stays in g1");
        assert_eq!(store.group_of(InquiryId(2)).unwrap(), Some(g1));
        assert_eq!(store.group_of(InquiryId(9)).unwrap(), None);
        assert_eq!(store.group(g2).unwrap().unwrap().founded_at, now);
    }
}
