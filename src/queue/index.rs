//! The search index: every inquiry as a compact `SearchDoc`, in memory, so
//! that a search as the officer types scans memory rather than the store.
//! Built once by reading the store front to back, then kept current by the
//! queue service on every ingest and change.

use std::collections::HashMap;

use crate::model::{Inquiry, InquiryId};
use crate::store::{Facet, Store, StoreResult};
use crate::triage::search::{Matcher, SearchDoc};

use super::ViewQuery;

#[derive(Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    at: HashMap<InquiryId, usize>,
}

impl SearchIndex {
    pub fn build(store: &Store) -> StoreResult<SearchIndex> {
        let mut index = SearchIndex::default();
        for inquiry in store.scan() {
            index.upsert(&inquiry?);
        }
        Ok(index)
    }

    pub fn upsert(&mut self, inq: &Inquiry) {
        let doc = SearchDoc::of(inq);
        match self.at.get(&inq.id) {
            Some(&i) => self.docs[i] = doc,
            None => {
                self.at.insert(inq.id, self.docs.len());
                self.docs.push(doc);
            }
        }
    }

    /// The best `limit` matches in the view: score first, then the desk's
    /// order (priority, longest waiting, id).
    pub fn search(&self, view: &ViewQuery, matcher: &Matcher, limit: usize) -> Vec<InquiryId> {
        let in_view = |d: &SearchDoc| {
            view.statuses.contains(&d.status)
                && match &view.facet {
                    Facet::All => true,
                    Facet::ClaimedBy(officer) => d.claimed_by.as_deref() == Some(officer.as_str()),
                    Facet::Private => d.private,
                }
        };
        let score = |docs: &[SearchDoc]| -> Vec<(i64, u8, i64, InquiryId)> {
            docs.iter()
                .filter(|d| in_view(d))
                .filter_map(|d| {
                    matcher
                        .score_doc(d)
                        .map(|s| (-s, d.priority.rank(), d.queued_micros, d.id))
                })
                .collect()
        };
        // Split the scan over the machine's cores.
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = self.docs.len().div_ceil(threads).max(1);
        let mut hits: Vec<(i64, u8, i64, InquiryId)> = std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .docs
                .chunks(chunk)
                .map(|part| scope.spawn(move || score(part)))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        });
        let keep = limit.min(hits.len());
        if keep < hits.len() {
            hits.select_nth_unstable(keep);
            hits.truncate(keep);
        }
        hits.sort_unstable();
        hits.into_iter().map(|(_, _, _, id)| id).collect()
    }
}
