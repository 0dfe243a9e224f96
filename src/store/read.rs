//! Reading the store: one inquiry, by id or by platform id; every one in
//! turn; its history; a page of the queue listing, per facet; the counts;
//! a fetcher's cursor.

use super::keys::{self, QueuePos, identity_key, item_key, parse_queue_key, queue_key};
use super::{Facet, StatusCounts, Store, StoreError, StoreResult, decode_count, from_json};
use crate::model::{Event, Inquiry, InquiryId, Status};

impl Store {
    pub fn get(&self, id: InquiryId) -> StoreResult<Inquiry> {
        let bytes = self
            .items
            .get(item_key(id))?
            .ok_or(StoreError::NotFound(id))?;
        from_json(&bytes, "inquiry")
    }

    pub fn find(&self, source: &str, external_id: &str) -> StoreResult<Option<Inquiry>> {
        match self.identity.get(identity_key(source, external_id))? {
            Some(id) => {
                let id = keys::parse_item_key(&id).ok_or_else(|| StoreError::Corrupt {
                    what: "identity".into(),
                    detail: "bad id".into(),
                })?;
                self.get(id).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Every inquiry, in id order, read front to back (for building the
    /// search index; never on the UI path).
    pub fn scan(&self) -> impl Iterator<Item = StoreResult<Inquiry>> + '_ {
        self.items.iter().values().map(|v| {
            v.map_err(StoreError::from)
                .and_then(|bytes| from_json(&bytes, "inquiry"))
        })
    }

    /// Inquiries after `after` (or from the first), in id order.
    pub fn scan_after(
        &self,
        after: Option<InquiryId>,
    ) -> impl Iterator<Item = StoreResult<Inquiry>> + '_ {
        let start = after.map_or(0, |a| a.0.saturating_add(1));
        self.items
            .range(item_key(InquiryId(start))..)
            .values()
            .map(|v| {
                v.map_err(StoreError::from)
                    .and_then(|bytes| from_json(&bytes, "inquiry"))
            })
    }

    pub fn history(&self, id: InquiryId) -> StoreResult<Vec<Event>> {
        self.events
            .scan_prefix(item_key(id))
            .map(|kv| from_json(&kv?.1, "event"))
            .collect()
    }

    /// Up to `limit` inquiries in `statuses`, by priority then age, starting
    /// after `after`. Reads only the index range it returns, never the queue.
    pub fn list(
        &self,
        statuses: &[Status],
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<Inquiry>> {
        self.list_facet(&Facet::All, statuses, after, limit)
    }

    /// Up to `limit` inquiries of `facet` in `statuses`, by priority then
    /// age, after `after`. Reads only the index range it returns.
    pub fn list_facet(
        &self,
        facet: &Facet,
        statuses: &[Status],
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<Inquiry>> {
        let mut positions =
            Vec::with_capacity(limit.min(1024).saturating_mul(statuses.len().min(2)));
        for status in statuses {
            positions.extend(self.positions(&facet.key(), *status, after, limit)?);
        }
        positions.sort_unstable();
        positions.dedup();
        positions.truncate(limit);
        positions.into_iter().map(|p| self.get(p.id)).collect()
    }

    fn positions(
        &self,
        facet: &str,
        status: Status,
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<QueuePos>> {
        let prefix = keys::status_prefix(facet, status);
        let start = match after {
            Some(pos) => {
                let mut k = queue_key(facet, status, &pos);
                k.push(0); // strictly after
                k
            }
            None => prefix.clone(),
        };
        let mut end = prefix;
        *end.last_mut().expect("prefix ends with the status") += 1;
        let mut out = Vec::with_capacity(limit.min(1024));
        for kv in self.queue.range(start..end).take(limit) {
            let (key, _) = kv?;
            let (_, pos) = parse_queue_key(&key).ok_or_else(|| StoreError::Corrupt {
                what: "queue index".into(),
                detail: format!("key of {} bytes", key.len()),
            })?;
            out.push(pos);
        }
        Ok(out)
    }

    pub fn counts(&self) -> StoreResult<StatusCounts> {
        self.facet_counts(&Facet::All)
    }

    /// Counts per status within a facet.
    pub fn facet_counts(&self, facet: &Facet) -> StoreResult<StatusCounts> {
        let mut out = Vec::with_capacity(Status::ALL.len());
        for status in Status::ALL {
            let key = keys::status_prefix(&facet.key(), status);
            let n = self.counts.get(key)?.map_or(0, |v| decode_count(&v));
            out.push((status, n.max(0) as u64));
        }
        Ok(StatusCounts(out))
    }

    pub fn cursor(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(self
            .cursors
            .get(name.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Number of inquiries held, of any status.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes the store occupies on disk.
    pub fn size_on_disk(&self) -> StoreResult<u64> {
        Ok(self.db.size_on_disk()?)
    }
}
