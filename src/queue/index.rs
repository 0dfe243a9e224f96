//! The search index: every inquiry as a compact `SearchDoc`, in memory, so
//! that a search as the officer types scans memory rather than the store.
//! Built once by reading the store front to back, then kept current by the
//! queue service on every ingest and change.
//!
//! A keystroke must not cost a scan of a million texts, so a search
//! narrows and skips:
//! - it walks the inquiries in the desk's order (priority, longest
//!   waiting, id), keeping the best `limit` in a heap, and stops once all
//!   of them reach the query's best possible score: a later inquiry could
//!   only tie, and a tie goes to the one earlier in the desk's order;
//! - it remembers, for the last few queries, which inquiries passed the
//!   query's cheap test (filters, each word's letters in order). A longer
//!   query (more letters, another word, another filter) can only pass fewer,
//!   so it starts from the narrowest remembered one that it extends, and
//!   Backspace lands on a query remembered from the way in;
//! - changes since a query was remembered are replayed from a short log,
//!   so arrivals between keystrokes do not throw the narrowing away.
//!
//! `search_full` is the plain scan every search must agree with (tested on
//! a random corpus, and measured beside it by `benches/triage.rs`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::model::{Inquiry, InquiryId, Status};
use crate::store::{Facet, Store, StoreResult};
use crate::triage::search::{Matcher, Names, Query, SearchDoc, Verdict, lower};

use super::ViewQuery;

/// Queries remembered for narrowing (each holds one `u32` per inquiry that
/// passed it).
const REMEMBERED: usize = 16;
/// Changes kept for replaying into remembered queries.
const CHANGE_LOG: usize = 4096;
/// The first batch is small (a common query fills its page at once), later
/// ones grow to this.
const FIRST_BATCH: usize = 2048;
const MAX_BATCH: usize = 65_536;

/// Where an inquiry stands in the desk's order; `pos` is its doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct DeskKey {
    rank: u8,
    queued_micros: i64,
    id: u64,
    pos: u32,
}

impl DeskKey {
    fn of(doc: &SearchDoc, pos: u32) -> DeskKey {
        DeskKey {
            rank: doc.priority.rank(),
            queued_micros: doc.queued_micros,
            id: doc.id.0,
            pos,
        }
    }
}

/// What passed one query's cheap test, in the desk's order.
struct Remembered {
    facet: Facet,
    statuses: Vec<Status>,
    query: Query,
    /// Docs that passed, among those looked at.
    passed: Vec<u32>,
    /// Where the walk stopped early: every doc after this key was not
    /// looked at. None: all were.
    stopped_at: Option<DeskKey>,
    /// The index's change count when this was made.
    generation: u64,
}

#[derive(Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    at: HashMap<InquiryId, u32>,
    /// Every doc in the desk's order; after a change, until the next
    /// search tidies it, an entry may be stale (its doc moved) or missing
    /// its sorting.
    order: Vec<DeskKey>,
    untidy: bool,
    /// How many changes the index has seen.
    generation: u64,
    /// The last `CHANGE_LOG` changes: (generation after it, doc).
    changes: VecDeque<(u64, u32)>,
    remembered: VecDeque<Remembered>,
    names: Names,
}

impl SearchIndex {
    pub fn build(store: &Store) -> StoreResult<SearchIndex> {
        let mut index = SearchIndex::default();
        for inquiry in store.scan() {
            index.upsert(&inquiry?);
        }
        // What was built is nobody's change.
        index.changes.clear();
        Ok(index)
    }

    pub fn upsert(&mut self, inq: &Inquiry) {
        let doc = SearchDoc::of_shared(inq, &mut self.names);
        let pos = match self.at.get(&inq.id) {
            Some(&pos) => {
                let old = DeskKey::of(&self.docs[pos as usize], pos);
                self.docs[pos as usize] = doc;
                let new = DeskKey::of(&self.docs[pos as usize], pos);
                if new != old {
                    self.order.push(new);
                    self.untidy = true;
                }
                pos
            }
            None => {
                let pos = u32::try_from(self.docs.len()).expect("fewer than 4 billion inquiries");
                self.at.insert(inq.id, pos);
                let key = DeskKey::of(&doc, pos);
                self.untidy |= self.order.last().is_some_and(|last| *last > key);
                self.order.push(key);
                self.docs.push(doc);
                pos
            }
        };
        self.generation += 1;
        self.changes.push_back((self.generation, pos));
        if self.changes.len() > CHANGE_LOG {
            self.changes.pop_front();
        }
    }

    /// The other open inquiries of `inq`'s author on its source, oldest
    /// id first: the detail's "same author" mark. One pass over the docs
    /// comparing a short prefix, without a search.
    pub fn open_by_author(&self, inq: &Inquiry) -> Vec<InquiryId> {
        let author = lower(&format!("@{} ", inq.author.handle));
        let source = lower(&inq.source);
        let mut ids: Vec<InquiryId> = self
            .docs
            .iter()
            .filter(|d| d.id != inq.id && Status::OPEN.contains(&d.status))
            .filter(|d| *d.source == *source && d.haystack.starts_with(&author))
            .map(|d| d.id)
            .collect();
        ids.sort();
        ids
    }

    /// The best `limit` matches in the view: score first, then the desk's
    /// order (priority, longest waiting, id).
    pub fn search(&mut self, view: &ViewQuery, matcher: &Matcher, limit: usize) -> Vec<InquiryId> {
        if limit == 0 {
            return Vec::new();
        }
        self.tidy();
        let (head, tail_from) = self.candidates(view, matcher.query());
        let tail = self.order[tail_from..].iter().map(|k| k.pos);
        let walk = Walk::run(self, view, matcher, limit, head.into_iter().chain(tail));
        self.remember(Remembered {
            facet: view.facet.clone(),
            statuses: view.statuses.clone(),
            query: matcher.query().clone(),
            passed: walk.passed,
            stopped_at: walk.stopped_at,
            generation: self.generation,
        });
        walk.best
            .into_iter()
            .map(|pos| self.docs[pos as usize].id)
            .collect()
    }

    /// The plain scan: score every doc in the view, rank, keep `limit`.
    /// What `search` must always answer.
    pub fn search_full(&self, view: &ViewQuery, matcher: &Matcher, limit: usize) -> Vec<InquiryId> {
        let mut hits: Vec<(Reverse<i64>, u8, i64, InquiryId)> = self
            .docs
            .iter()
            .filter(|d| in_view(view, d))
            .filter_map(|d| {
                matcher
                    .score_doc(d)
                    .map(|s| (Reverse(s), d.priority.rank(), d.queued_micros, d.id))
            })
            .collect();
        hits.sort_unstable();
        hits.truncate(limit);
        hits.into_iter().map(|(_, _, _, id)| id).collect()
    }

    /// Sort `order` again after changes, dropping entries whose doc moved.
    fn tidy(&mut self) {
        if !self.untidy {
            return;
        }
        // Nearly sorted (a few changes at the end): the stable sort's runs
        // make this close to one pass.
        self.order.sort();
        let docs = &self.docs;
        self.order
            .retain(|k| DeskKey::of(&docs[k.pos as usize], k.pos) == *k);
        self.order.dedup();
        self.untidy = false;
    }

    /// Where to look for `query`: docs to look at first (in the desk's
    /// order), then every doc from `order[tail_from..]`.
    fn candidates(&self, view: &ViewQuery, query: &Query) -> (Vec<u32>, usize) {
        let Some(base) = self.narrowest(view, query) else {
            return (Vec::new(), 0);
        };
        let mut head: Vec<u32> = base.passed.clone();
        // Docs changed since: they may pass now.
        head.extend(
            self.changes
                .iter()
                .filter(|(generation, _)| *generation > base.generation)
                .map(|(_, pos)| *pos),
        );
        let key = |pos: u32| DeskKey::of(&self.docs[pos as usize], pos);
        let tail_from = match base.stopped_at {
            None => self.order.len(),
            Some(stop) => {
                // Everything after the stop is looked at anyway.
                head.retain(|&pos| key(pos) <= stop);
                self.order.partition_point(|k| *k <= stop)
            }
        };
        head.sort_unstable_by_key(|&pos| key(pos));
        head.dedup();
        (head, tail_from)
    }

    /// The remembered query with the fewest docs to look at that `query`
    /// extends, if any is still replayable.
    fn narrowest(&self, view: &ViewQuery, query: &Query) -> Option<&Remembered> {
        let oldest_replayable = self
            .changes
            .front()
            .map_or(0, |(generation, _)| generation - 1);
        self.remembered
            .iter()
            .filter(|r| r.facet == view.facet && r.statuses == view.statuses)
            .filter(|r| r.generation >= oldest_replayable && extends(query, &r.query))
            .min_by_key(|r| {
                let tail = r.stopped_at.map_or(0, |stop| {
                    self.order.len() - self.order.partition_point(|k| *k <= stop)
                });
                r.passed.len() + tail
            })
    }

    fn remember(&mut self, entry: Remembered) {
        self.remembered.retain(|r| {
            !(r.query == entry.query && r.facet == entry.facet && r.statuses == entry.statuses)
        });
        self.remembered.push_front(entry);
        self.remembered.truncate(REMEMBERED);
    }
}

fn in_view(view: &ViewQuery, d: &SearchDoc) -> bool {
    view.statuses.contains(&d.status)
        && match &view.facet {
            Facet::All => true,
            Facet::ClaimedBy(officer) => d.claimed_by.as_deref() == Some(officer.as_str()),
            Facet::Private => d.private,
            // The doc's tags are folded (`lower`), as filters compare.
            Facet::Crisis(name) => d.tags.iter().any(|t| {
                t.strip_prefix(crate::model::crisis::TAG_PREFIX)
                    .is_some_and(|n| *n == *crate::triage::search::lower(name))
            }),
        }
}

/// Whether every doc that passes `new`'s cheap test passes `old`'s: each
/// old filter is among the new, and each old word's letters are, in order,
/// in one new word.
fn extends(new: &Query, old: &Query) -> bool {
    old.filters.iter().all(|f| new.filters.contains(f))
        && old.fuzzy.split_whitespace().all(|w| {
            let w = lower(w);
            new.fuzzy
                .split_whitespace()
                .any(|n| is_subsequence(&w, &lower(n)))
        })
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// One search's walk over its candidates in the desk's order.
struct Walk {
    /// The best docs, ranked.
    best: Vec<u32>,
    passed: Vec<u32>,
    stopped_at: Option<DeskKey>,
}

impl Walk {
    fn run(
        index: &SearchIndex,
        view: &ViewQuery,
        matcher: &Matcher,
        limit: usize,
        mut candidates: impl Iterator<Item = u32>,
    ) -> Walk {
        let ceiling = matcher.ceiling();
        // Worst of the best on top: lowest score, then latest in the walk.
        let mut heap: BinaryHeap<Reverse<(u32, Reverse<usize>, u32)>> = BinaryHeap::new();
        let mut passed = Vec::new();
        let mut seen = 0usize;
        let mut batch_len = FIRST_BATCH;
        let mut batch = Vec::with_capacity(batch_len);
        let mut stopped_at = None;
        loop {
            batch.clear();
            batch.extend(candidates.by_ref().take(batch_len));
            if batch.is_empty() {
                break;
            }
            for (pos, verdict) in judge_all(index, view, matcher, &batch) {
                passed.push(pos);
                if let Verdict::Match(score) = verdict {
                    let entry = Reverse((score, Reverse(seen), pos));
                    if heap.len() < limit {
                        heap.push(entry);
                    } else if heap.peek().is_some_and(|worst| worst.0.0 < score) {
                        heap.pop();
                        heap.push(entry);
                    }
                }
                seen += 1;
            }
            let full_marks = heap.len() == limit && heap.peek().is_some_and(|w| w.0.0 == ceiling);
            if full_marks {
                let last = *batch.last().expect("not empty");
                stopped_at = Some(DeskKey::of(&index.docs[last as usize], last));
                break;
            }
            batch_len = (batch_len * 2).min(MAX_BATCH);
        }
        let mut best: Vec<(u32, Reverse<usize>, u32)> = heap.into_iter().map(|r| r.0).collect();
        best.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
        Walk {
            best: best.into_iter().map(|(_, _, pos)| pos).collect(),
            passed,
            stopped_at,
        }
    }
}

/// Judge a batch over the machine's cores; what passed, in batch order.
fn judge_all(
    index: &SearchIndex,
    view: &ViewQuery,
    matcher: &Matcher,
    batch: &[u32],
) -> Vec<(u32, Verdict)> {
    let judge = |part: &[u32]| -> Vec<(u32, Verdict)> {
        part.iter()
            .filter_map(|&pos| {
                let doc = &index.docs[pos as usize];
                if !in_view(view, doc) {
                    return None;
                }
                match matcher.judge(doc) {
                    Verdict::Out => None,
                    verdict => Some((pos, verdict)),
                }
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || batch.len() < 4096 {
        return judge(batch);
    }
    let chunk = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| scope.spawn(move || judge(part)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests;
