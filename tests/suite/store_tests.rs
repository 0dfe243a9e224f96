//! Integration tests of the sled store and the local queue service: dedupe,
//! listing order and paging, transitions and their history, status counts,
//! durability across reopen, the single-owner lock and change notification.
//!
//! Expectations are computed independently (brute force over every stored
//! inquiry, a small reference model of the claim/close workflow), never by
//! asking the index the same question twice.

use std::collections::{BTreeMap, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::{RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use crate::common;
use jiff::Timestamp;
use siaga::model::{Arrival, Inquiry, InquiryId, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueEvent, QueuePosWire, QueueService, ViewQuery};
use siaga::store::{QueuePos, Store, StoreError};

// ---------------------------------------------------------------------------
// helpers

/// xorshift64*: deterministic, no extra crates.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn ts(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap()
}

const BASE: i64 = 1_700_000_000;

fn arrival(external_id: &str, priority: Priority, created_at: Timestamp) -> Arrival {
    let handle = format!("citizen{external_id}");
    let text = format!("Tolong bantu, paspor saya hilang ({external_id})");
    Arrival {
        // Every arrival is its own conversation, by its own author: these
        // tests are about distinct inquiries, not threads.
        conversation_id: Some(format!("conv-{external_id}")),
        author: common::author(
            &handle,
            &format!("Citizen {external_id}"),
            &format!("9{external_id}"),
        ),
        created_at,
        lang: Some("id".into()),
        priority,
        category: "documents".into(),
        reasons: vec!["paspor".into()],
        ..common::arrival(external_id, &handle, &text)
    }
}

/// Open a store that this process has just dropped. sled 0.34 releases its
/// own file lock (`db/db`) from a background thread shortly after the last
/// handle is dropped (spacejam/sled#1234, #1289), so an immediate reopen
/// may fail with sled's bare "could not acquire lock" error even though
/// siaga's own lock is free. Only that error is retried, briefly; siaga's
/// `Locked` and anything else fail at once.
fn reopen_store(dir: &Path) -> Result<Store, StoreError> {
    let started = Instant::now();
    loop {
        // The dropped holder's lock can outlive it a moment under load.
        let held = |r: &Result<Store, StoreError>| match r {
            Err(StoreError::Sled(e)) => e.to_string().contains("could not acquire lock"),
            Err(StoreError::Locked { .. }) => true,
            _ => false,
        };
        match Store::open(dir) {
            r if held(&r) && started.elapsed() < Duration::from_secs(3) => {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn reopen_queue(dir: &Path) -> LocalQueue {
    LocalQueue::new(reopen_store(dir).expect("store reopens"))
}

fn open_queue(dir: &Path) -> LocalQueue {
    LocalQueue::new(Store::open(dir).expect("store opens"))
}

fn query(statuses: &[Status], after: Option<&Inquiry>, limit: usize) -> ViewQuery {
    ViewQuery {
        facet: Default::default(),
        statuses: statuses.to_vec(),
        after: after.map(QueuePosWire::of),
        limit,
    }
}

fn ids(items: &[Inquiry]) -> Vec<InquiryId> {
    items.iter().map(|i| i.id).collect()
}

/// The desk order, computed from the inquiries themselves.
fn desk_key(inq: &Inquiry) -> (Priority, i64, InquiryId) {
    (inq.priority, inq.queued_at.as_microsecond(), inq.id)
}

/// Every stored inquiry, fetched one by one by id.
fn all_items(q: &LocalQueue, known: &[InquiryId]) -> Vec<Inquiry> {
    known
        .iter()
        .map(|id| q.get(*id).expect("known id exists").inquiry)
        .collect()
}

/// Brute-force expectation of a listing: filter by status, sort by the
/// desk order.
fn expected_listing(items: &[Inquiry], statuses: &[Status]) -> Vec<InquiryId> {
    let mut v: Vec<&Inquiry> = items
        .iter()
        .filter(|i| statuses.contains(&i.status))
        .collect();
    v.sort_by_key(|i| desk_key(i));
    v.into_iter().map(|i| i.id).collect()
}

/// Page through a listing `limit` rows at a time, following `after`.
fn page_through(q: &LocalQueue, statuses: &[Status], limit: usize) -> Vec<InquiryId> {
    let mut out = Vec::new();
    let mut last: Option<Inquiry> = None;
    for _ in 0..10_000 {
        let page = q.list(&query(statuses, last.as_ref(), limit)).unwrap();
        assert!(page.len() <= limit, "a page holds at most `limit` rows");
        if page.is_empty() {
            return out;
        }
        out.extend(page.iter().map(|i| i.id));
        last = page.last().cloned();
    }
    panic!("paging did not terminate");
}

fn brute_counts(items: &[Inquiry]) -> BTreeMap<Status, u64> {
    let mut m: BTreeMap<Status, u64> = Status::ALL.iter().map(|s| (*s, 0)).collect();
    for i in items {
        *m.get_mut(&i.status).unwrap() += 1;
    }
    m
}

fn assert_counts_match(q: &LocalQueue, items: &[Inquiry], context: &str) {
    let counts = q.counts().unwrap();
    let brute = brute_counts(items);
    for s in Status::ALL {
        assert_eq!(counts.get(s), brute[&s], "count of {s} ({context})");
    }
    let open: u64 = Status::OPEN.iter().map(|s| brute[s]).sum();
    assert_eq!(counts.open(), open, "open count ({context})");
}

/// Ingest `n` arrivals with mixed priorities and (partly colliding)
/// creation times; returns their ids.
fn ingest_mixed(q: &LocalQueue, source: &str, n: usize, rng: &mut Rng) -> Vec<InquiryId> {
    let arrivals: Vec<Arrival> = (0..n)
        .map(|i| {
            let p = *rng.pick(&Priority::ALL);
            // Only 60 distinct seconds: many inquiries share a queued time,
            // so the id must break ties.
            let t = ts(BASE + rng.below(60) as i64 * 30);
            arrival(&format!("{source}-{i}"), p, t)
        })
        .collect();
    let mut out = Vec::new();
    for chunk in arrivals.chunks(50) {
        let commit = q.ingest(source, chunk, None).unwrap();
        assert_eq!(commit.new_ids.len(), chunk.len());
        out.extend(commit.new_ids);
    }
    out
}

/// `a_second_process_is_refused` spawns a child process. Between its fork
/// and its exec the child holds copies of every open descriptor, so a lock
/// file another test has just closed stays locked for that instant (flock
/// belongs to the open file, not the descriptor). Tests that drop a store
/// and reopen it hold this for reading; the spawning test for writing.
static SPAWN_GUARD: RwLock<()> = RwLock::new(());

fn reopen_guard() -> RwLockReadGuard<'static, ()> {
    SPAWN_GUARD.read().unwrap_or_else(|e| e.into_inner())
}

fn refused_message(r: Result<Inquiry, StoreError>) -> String {
    match r {
        Err(StoreError::Refused(m)) => m.to_string(),
        Err(e @ StoreError::ClaimedBy { .. }) => e.to_string(),
        Err(other) => panic!("expected a refusal, got error {other:?}"),
        Ok(inq) => panic!("expected a refusal, got Ok({inq:?})"),
    }
}

// ---------------------------------------------------------------------------
// dedupe

#[test]
fn same_page_twice_creates_each_inquiry_once() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let page: Vec<Arrival> = (0..5)
        .map(|i| arrival(&format!("100{i}"), Priority::P3, ts(BASE + i)))
        .collect();

    let first = q.ingest("kemlu-x", &page, None).unwrap();
    assert_eq!(first.new_ids.len(), 5);
    assert_eq!(first.duplicates, 0);
    let distinct: HashSet<InquiryId> = first.new_ids.iter().copied().collect();
    assert_eq!(distinct.len(), 5, "ids are distinct: {:?}", first.new_ids);
    assert!(first.new_ids.iter().all(|id| id.0 != 0), "ids are nonzero");

    let second = q.ingest("kemlu-x", &page, None).unwrap();
    assert!(
        second.new_ids.is_empty(),
        "nothing new: {:?}",
        second.new_ids
    );
    assert_eq!(second.duplicates, 5);

    assert_eq!(q.store().len(), 5);
    assert_eq!(q.counts().unwrap().get(Status::New), 5);
    for (a, id) in page.iter().zip(&first.new_ids) {
        let found = q.store().find("kemlu-x", &a.external_id).unwrap().unwrap();
        assert_eq!(found.id, *id);
        assert_eq!(found.external_id, a.external_id);
        assert_eq!(found.source, "kemlu-x");
        assert_eq!(found.status, Status::New);
        assert_eq!(found.text, a.text);
        assert_eq!(found.queued_at, a.created_at);
        // exactly one history event: its arrival
        let history = q.get(*id).unwrap().history;
        assert_eq!(history.len(), 1, "{history:?}");
        assert_eq!(history[0].seq, 0);
        assert_eq!(history[0].what, "received");
        assert_eq!(history[0].officer, "siaga");
        assert_eq!(found.history_len, 1);
    }
}

#[test]
fn duplicates_inside_one_page_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let page = vec![
        arrival("a", Priority::P2, ts(BASE)),
        arrival("b", Priority::P2, ts(BASE + 1)),
        arrival("a", Priority::P2, ts(BASE)),
        arrival("a", Priority::P2, ts(BASE)),
    ];
    let commit = q.ingest("kemlu-x", &page, None).unwrap();
    assert_eq!(commit.new_ids.len(), 2, "{commit:?}");
    assert_eq!(commit.duplicates, 2, "{commit:?}");
    assert_eq!(q.store().len(), 2);
    assert_eq!(q.counts().unwrap().get(Status::New), 2);
    let listed = q.list(&query(&Status::ALL, None, 100)).unwrap();
    assert_eq!(listed.len(), 2, "the index holds each inquiry once");
    let ext: Vec<&str> = listed.iter().map(|i| i.external_id.as_str()).collect();
    assert_eq!(ext, ["a", "b"]);
}

#[test]
fn same_external_id_under_another_source_is_another_inquiry() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let page = vec![arrival("42", Priority::P1, ts(BASE))];
    let x = q.ingest("kemlu-x", &page, None).unwrap();
    let m = q.ingest("kemlu-mastodon", &page, None).unwrap();
    assert_eq!((x.new_ids.len(), x.duplicates), (1, 0));
    assert_eq!((m.new_ids.len(), m.duplicates), (1, 0));
    assert_ne!(x.new_ids[0], m.new_ids[0]);
    assert_eq!(q.store().len(), 2);

    let fx = q.store().find("kemlu-x", "42").unwrap().unwrap();
    let fm = q.store().find("kemlu-mastodon", "42").unwrap().unwrap();
    assert_eq!((fx.id, fx.source.as_str()), (x.new_ids[0], "kemlu-x"));
    assert_eq!(
        (fm.id, fm.source.as_str()),
        (m.new_ids[0], "kemlu-mastodon")
    );
    assert!(q.store().find("other", "42").unwrap().is_none());

    // A source name that is a prefix of another must not collide either.
    let p = q.ingest("kemlu", &page, None).unwrap();
    assert_eq!(p.new_ids.len(), 1);
    assert_eq!(q.store().len(), 3);
}

#[test]
fn ids_stay_distinct_across_many_pages() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let mut rng = Rng::new(7);
    let a = ingest_mixed(&q, "src-a", 120, &mut rng);
    let b = ingest_mixed(&q, "src-b", 120, &mut rng);
    let all: HashSet<InquiryId> = a.iter().chain(&b).copied().collect();
    assert_eq!(all.len(), 240);
    assert!(!all.contains(&InquiryId(0)));
    assert_eq!(q.store().len(), 240);
}

#[test]
fn invalid_identities_are_refused_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let good = arrival("1", Priority::P3, ts(BASE));
    let empty_id = arrival("", Priority::P3, ts(BASE));
    let nul_id = arrival("a\0b", Priority::P3, ts(BASE));
    for (source, page) in [
        ("", vec![good.clone()]),
        ("a\0b", vec![good.clone()]),
        ("kemlu-x", vec![good.clone(), empty_id]),
        ("kemlu-x", vec![good.clone(), nul_id]),
    ] {
        let r = q.ingest(source, &page, Some(("c", "v")));
        assert!(
            matches!(r, Err(StoreError::InvalidIdentity(_))),
            "source {source:?}: {r:?}"
        );
    }
    assert_eq!(q.store().len(), 0, "a refused page stores nothing");
    assert_eq!(q.cursor("c").unwrap(), None, "nor moves the cursor");
}

// ---------------------------------------------------------------------------
// ordering and paging

#[test]
fn open_list_is_priority_first_then_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    // Arrive in an order unrelated to the desk order.
    let page = vec![
        arrival("p4-old", Priority::P4, ts(BASE - 1000)),
        arrival("p1-new", Priority::P1, ts(BASE + 500)),
        arrival("p2-mid", Priority::P2, ts(BASE)),
        arrival("p1-old", Priority::P1, ts(BASE - 500)),
        arrival("p4-new", Priority::P4, ts(BASE + 9000)),
        arrival("p3", Priority::P3, ts(BASE + 1)),
        // Before the epoch: must still sort before later times.
        arrival("p2-ancient", Priority::P2, ts(-86_400)),
        arrival("p1-mid", Priority::P1, ts(BASE)),
    ];
    q.ingest("kemlu-x", &page, None).unwrap();
    let listed = q.list(&query(&Status::OPEN, None, 100)).unwrap();
    let ext: Vec<&str> = listed.iter().map(|i| i.external_id.as_str()).collect();
    assert_eq!(
        ext,
        [
            "p1-old",
            "p1-mid",
            "p1-new",
            "p2-ancient",
            "p2-mid",
            "p3",
            "p4-old",
            "p4-new"
        ]
    );

    // Raising the priority moves it to its new place at once.
    let p4_new = q.store().find("kemlu-x", "p4-new").unwrap().unwrap();
    q.apply(
        p4_new.id,
        &Change::SetPriority {
            priority: Priority::P1,
        },
        "ana",
    )
    .unwrap();
    let listed = q.list(&query(&Status::OPEN, None, 3)).unwrap();
    let ext: Vec<&str> = listed.iter().map(|i| i.external_id.as_str()).collect();
    assert_eq!(ext, ["p1-old", "p1-mid", "p1-new"]);
    let listed = q.list(&query(&Status::OPEN, None, 100)).unwrap();
    assert_eq!(listed[3].external_id, "p4-new");
    assert_eq!(listed[3].priority, Priority::P1);
    assert_eq!(listed.len(), 8, "moved, not copied");
}

#[test]
fn limit_caps_a_listing() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let mut rng = Rng::new(3);
    let known = ingest_mixed(&q, "kemlu-x", 30, &mut rng);
    let items = all_items(&q, &known);
    let want = expected_listing(&items, &Status::OPEN);
    for limit in [0, 1, 7, 30, 31, 1000] {
        let got = q.list(&query(&Status::OPEN, None, limit)).unwrap();
        let n = limit.min(30);
        assert_eq!(ids(&got), want[..n].to_vec(), "limit {limit}");
    }
}

/// 250 inquiries with mixed priorities, shared queued times and statuses
/// scattered by claims, closes and reprioritisations.
fn scattered_queue(dir: &Path, seed: u64) -> (LocalQueue, Vec<InquiryId>) {
    let q = open_queue(dir);
    let mut rng = Rng::new(seed);
    let known = ingest_mixed(&q, "kemlu-x", 250, &mut rng);
    for id in &known {
        match rng.below(6) {
            0 => {}
            1 => {
                q.apply(*id, &Change::Claim { take_over: false }, "ana")
                    .unwrap();
            }
            2 => {
                q.apply(
                    *id,
                    &Change::Close {
                        reason: "answered by phone".into(),
                    },
                    "budi",
                )
                .unwrap();
            }
            3 => {
                q.apply(
                    *id,
                    &Change::SetPriority {
                        priority: *rng.pick(&Priority::ALL),
                    },
                    "citra",
                )
                .unwrap();
            }
            4 => {
                q.apply(*id, &Change::Claim { take_over: false }, "citra")
                    .unwrap();
                q.apply(
                    *id,
                    &Change::Close {
                        reason: "duplicate".into(),
                    },
                    "citra",
                )
                .unwrap();
            }
            _ => {
                q.apply(
                    *id,
                    &Change::Tag {
                        tag: "consular".into(),
                    },
                    "ana",
                )
                .unwrap();
            }
        }
    }
    (q, known)
}

#[test]
fn paging_with_after_has_no_gaps_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let (q, known) = scattered_queue(dir.path(), 0x5ea9a);
    let items = all_items(&q, &known);
    let statuses_present: HashSet<Status> = items.iter().map(|i| i.status).collect();
    assert!(
        statuses_present.len() >= 3,
        "the fixture mixes statuses: {statuses_present:?}"
    );

    for statuses in [
        Status::OPEN.to_vec(),
        Status::ALL.to_vec(),
        vec![Status::New],
        vec![Status::Closed],
        vec![Status::Claimed, Status::New],
    ] {
        let want = expected_listing(&items, &statuses);
        assert!(!want.is_empty(), "{statuses:?} has rows");
        for limit in [1, 7, 17, 50, 1000] {
            let got = page_through(&q, &statuses, limit);
            let unique: HashSet<InquiryId> = got.iter().copied().collect();
            assert_eq!(
                unique.len(),
                got.len(),
                "no duplicates ({statuses:?}, limit {limit})"
            );
            assert_eq!(got, want, "paging {statuses:?} by {limit}");
        }
    }
}

#[test]
fn after_accepts_a_store_queue_pos_too() {
    let dir = tempfile::tempdir().unwrap();
    let (q, known) = scattered_queue(dir.path(), 99);
    let items = all_items(&q, &known);
    let want = expected_listing(&items, &Status::OPEN);
    let first = q.store().list(&Status::OPEN, None, 40).unwrap();
    let last = first.last().unwrap();
    let pos = QueuePos::new(last.priority, last.queued_at, last.id);
    let wire: QueuePos = QueuePosWire::of(last).into();
    assert_eq!(pos, wire);
    let second = q.store().list(&Status::OPEN, Some(pos), 40).unwrap();
    let mut got = ids(&first);
    got.extend(ids(&second));
    assert_eq!(got, want[..got.len()].to_vec());
    assert_eq!(got.len(), 80.min(want.len()));
}

#[test]
fn multi_status_listing_merges_in_desk_order() {
    let dir = tempfile::tempdir().unwrap();
    let (q, known) = scattered_queue(dir.path(), 1234);
    let items = all_items(&q, &known);
    let want = expected_listing(&items, &[Status::New, Status::Closed]);
    // The order statuses are named in does not matter.
    for statuses in [[Status::New, Status::Closed], [Status::Closed, Status::New]] {
        let got = q.list(&query(&statuses, None, 10_000)).unwrap();
        assert_eq!(ids(&got), want, "{statuses:?}");
        // a short page is the head of the merge, not of one status
        let head = q.list(&query(&statuses, None, 25)).unwrap();
        assert_eq!(ids(&head), want[..25].to_vec(), "{statuses:?} head");
        let news = head.iter().filter(|i| i.status == Status::New).count();
        assert!(
            news > 0 && news < 25,
            "both statuses appear in the head ({news} new)"
        );
    }
}

// ---------------------------------------------------------------------------
// transitions

#[test]
fn close_moves_between_status_indexes_and_records_history() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let id = q
        .ingest("kemlu-x", &[arrival("1", Priority::P2, ts(BASE))], None)
        .unwrap()
        .new_ids[0];
    let other = q
        .ingest("kemlu-x", &[arrival("2", Priority::P3, ts(BASE))], None)
        .unwrap()
        .new_ids[0];

    let in_list = |statuses: &[Status]| -> bool {
        q.list(&query(statuses, None, 100))
            .unwrap()
            .iter()
            .any(|i| i.id == id)
    };
    assert!(in_list(&Status::OPEN));
    assert!(in_list(&[Status::New]));
    assert!(!in_list(&[Status::Closed]));

    // claim
    let inq = q
        .apply(id, &Change::Claim { take_over: false }, "ana")
        .unwrap();
    assert_eq!(inq.status, Status::Claimed);
    assert_eq!(inq.claimed_by.as_deref(), Some("ana"));
    assert!(inq.claimed_at.is_some());
    assert!(in_list(&[Status::Claimed]));
    assert!(!in_list(&[Status::New]));
    assert!(in_list(&Status::OPEN));

    // close with an empty reason is refused and changes nothing
    for reason in ["", "   "] {
        let msg = refused_message(q.apply(
            id,
            &Change::Close {
                reason: reason.into(),
            },
            "ana",
        ));
        assert!(msg.contains("reason"), "{msg}");
    }
    assert_eq!(q.get(id).unwrap().inquiry, inq);

    // close
    let closed = q
        .apply(
            id,
            &Change::Close {
                reason: "answered by DM".into(),
            },
            "ana",
        )
        .unwrap();
    assert_eq!(closed.status, Status::Closed);
    assert!(in_list(&[Status::Closed]));
    assert!(!in_list(&Status::OPEN));
    assert!(!in_list(&[Status::Claimed]));
    let counts = q.counts().unwrap();
    assert_eq!(counts.get(Status::Closed), 1);
    assert_eq!(counts.get(Status::Claimed), 0);
    assert_eq!(counts.get(Status::New), 1);
    assert_eq!(counts.open(), 1);

    // reopen: it was still held by ana, so it is claimed again
    let reopened = q.apply(id, &Change::Reopen, "budi").unwrap();
    assert_eq!(reopened.status, Status::Claimed);
    assert!(in_list(&[Status::Claimed]));
    assert!(!in_list(&[Status::Closed]));

    // release: back to new
    let released = q.apply(id, &Change::Release, "ana").unwrap();
    assert_eq!(released.status, Status::New);
    assert_eq!(released.claimed_by, None);
    assert!(in_list(&[Status::New]));

    // tag, untag, note, priority
    let tagged = q
        .apply(
            id,
            &Change::Tag {
                tag: "consular".into(),
            },
            "citra",
        )
        .unwrap();
    assert_eq!(tagged.tags, ["consular"]);
    let untagged = q
        .apply(
            id,
            &Change::Untag {
                tag: "consular".into(),
            },
            "citra",
        )
        .unwrap();
    assert!(untagged.tags.is_empty());
    let noted = q
        .apply(
            id,
            &Change::Note {
                text: "called the embassy".into(),
            },
            "citra",
        )
        .unwrap();
    assert_eq!(noted.notes.len(), 1);
    assert_eq!(noted.notes[0].text, "called the embassy");
    assert_eq!(noted.notes[0].officer, "citra");
    let raised = q
        .apply(
            id,
            &Change::SetPriority {
                priority: Priority::P1,
            },
            "citra",
        )
        .unwrap();
    assert_eq!(raised.priority, Priority::P1);
    let listed = q.list(&query(&[Status::New], None, 100)).unwrap();
    assert_eq!(ids(&listed), [id, other], "P1 now leads");

    // the history, in order
    let history = q.get(id).unwrap().history;
    let seqs: Vec<u32> = history.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (0..history.len() as u32).collect::<Vec<_>>());
    assert_eq!(raised.history_len as usize, history.len());
    let has = |officer: &str, what: &str, before: Option<&str>, after: Option<&str>| {
        history.iter().any(|e| {
            e.officer == officer
                && e.what == what
                && e.before.as_deref() == before
                && e.after.as_deref() == after
        })
    };
    let pos = |officer: &str, what: &str, before: Option<&str>, after: Option<&str>| {
        history
            .iter()
            .position(|e| {
                e.officer == officer
                    && e.what == what
                    && e.before.as_deref() == before
                    && e.after.as_deref() == after
            })
            .unwrap_or_else(|| panic!("no event {officer} {what} {before:?}->{after:?}"))
    };
    assert_eq!(history[0].what, "received");
    let steps = [
        pos("ana", "claim", None, Some("ana")),
        pos("ana", "status", Some("new"), Some("claimed")),
        pos("ana", "status", Some("claimed"), Some("closed")),
        pos("budi", "status", Some("closed"), Some("claimed")),
        pos("ana", "claim", Some("ana"), None),
        pos("ana", "status", Some("claimed"), Some("new")),
        pos("citra", "tag", None, Some("consular")),
        pos("citra", "tag", Some("consular"), None),
        pos("citra", "note", None, Some("called the embassy")),
        pos("citra", "priority", Some("P2"), Some("P1")),
    ];
    assert!(
        steps.windows(2).all(|w| w[0] < w[1]),
        "events are in the order they happened: {steps:?}\n{history:#?}"
    );
    assert!(
        history
            .iter()
            .any(|e| e.officer == "ana" && e.after.as_deref() == Some("answered by DM")),
        "the close reason is in the history: {history:#?}"
    );
    // refusals left no trace
    assert!(!has("ana", "close_reason", None, Some("")));
    assert!(history.iter().all(|e| e.at >= history[0].at));
}

#[test]
fn claim_held_by_another_needs_take_over() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let id = q
        .ingest("kemlu-x", &[arrival("1", Priority::P1, ts(BASE))], None)
        .unwrap()
        .new_ids[0];
    let mut rx = q.subscribe();
    let held = q
        .apply(id, &Change::Claim { take_over: false }, "ana")
        .unwrap();
    assert!(matches!(rx.try_recv(), Ok(QueueEvent::Changed { .. })));

    // claiming again by the holder is a no-op, not an error
    let again = q
        .apply(id, &Change::Claim { take_over: false }, "ana")
        .unwrap();
    assert_eq!(again, held);

    let msg = refused_message(q.apply(id, &Change::Claim { take_over: false }, "budi"));
    assert!(msg.contains("ana"), "the refusal names the holder: {msg}");
    let after_refusal = q.get(id).unwrap();
    assert_eq!(after_refusal.inquiry, held, "a refusal changes nothing");
    assert_eq!(after_refusal.history.len(), held.history_len as usize);

    let taken = q
        .apply(id, &Change::Claim { take_over: true }, "budi")
        .unwrap();
    assert_eq!(taken.claimed_by.as_deref(), Some("budi"));
    assert_eq!(taken.status, Status::Claimed);
    let history = q.get(id).unwrap().history;
    let last = history.last().unwrap();
    assert_eq!(last.officer, "budi");
    assert_eq!(last.what, "claim");
    assert_eq!(last.before.as_deref(), Some("ana"));
    assert_eq!(last.after.as_deref(), Some("budi"));
    assert_eq!(history.len(), held.history_len as usize + 1);
    assert_eq!(q.counts().unwrap().get(Status::Claimed), 1);
}

/// What the workflow should do, written from its rules rather than its code.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    status: Status,
    claimed_by: Option<String>,
    priority: Priority,
    /// An officer set the priority by hand (the scorer then leaves it).
    priority_overridden: bool,
    tags: Vec<String>,
    notes: usize,
}

impl Model {
    fn of(inq: &Inquiry) -> Model {
        Model {
            status: inq.status,
            claimed_by: inq.claimed_by.clone(),
            priority: inq.priority,
            priority_overridden: inq.priority_set_by.is_some(),
            tags: inq.tags.clone(),
            notes: inq.notes.len(),
        }
    }

    /// None: the change must be refused.
    fn apply(&self, change: &Change, officer: &str) -> Option<Model> {
        let mut m = self.clone();
        match change {
            Change::Claim { take_over } => {
                match m.claimed_by.as_deref() {
                    Some(h) if h == officer => return Some(m),
                    Some(_) if !take_over => return None,
                    _ => {}
                }
                if m.status == Status::Closed {
                    return None;
                }
                m.claimed_by = Some(officer.to_string());
                if m.status == Status::New {
                    m.status = Status::Claimed;
                }
            }
            Change::Assign { to } => {
                if m.status == Status::Closed || to.trim().is_empty() {
                    return None;
                }
                m.claimed_by = Some(to.trim().to_string());
                if m.status == Status::New {
                    m.status = Status::Claimed;
                }
            }
            Change::Handover { from } => match m.claimed_by.as_deref() {
                Some(h) if h == from => m.claimed_by = Some(officer.to_string()),
                Some(h) if h == officer => return Some(m),
                _ => return None,
            },
            Change::Release => {
                // Only the holder may release a claim.
                if m.claimed_by.as_deref().is_some_and(|h| h != officer) {
                    return None;
                }
                if m.claimed_by.take().is_some() && m.status == Status::Claimed {
                    m.status = Status::New;
                }
            }
            Change::Close { reason } => {
                if reason.trim().is_empty() {
                    return None;
                }
                m.status = Status::Closed;
            }
            Change::Reopen => {
                if matches!(m.status, Status::Closed | Status::Snoozed) {
                    m.status = if m.claimed_by.is_some() {
                        Status::Claimed
                    } else {
                        Status::New
                    };
                }
            }
            Change::Tag { tag } => {
                if !m.tags.contains(tag) {
                    m.tags.push(tag.clone());
                }
            }
            Change::Untag { tag } => m.tags.retain(|t| t != tag),
            Change::Note { .. } => m.notes += 1,
            Change::SetPriority { priority } => {
                m.priority = *priority;
                m.priority_overridden = true;
            }
            Change::SetCategory { .. }
            | Change::AcceptLearned
            | Change::Snooze { .. }
            | Change::Wake
            | Change::Restore { .. }
            | Change::Reveal { .. }
            | Change::Hold { .. }
            | Change::ReleaseHold { .. }
            | Change::Restrict { .. }
            | Change::Unrestrict { .. }
            | Change::DeletedOnPlatform { .. }
            | Change::Exported { .. } => {
                unreachable!("not generated")
            }
        }
        Some(m)
    }
}

fn random_change(rng: &mut Rng) -> Change {
    const TAGS: [&str; 3] = ["consular", "visa", "urgent"];
    match rng.below(10) {
        0 | 1 => Change::Claim {
            take_over: rng.below(2) == 0,
        },
        2 => Change::Release,
        3 => Change::Close {
            reason: if rng.below(4) == 0 {
                String::new()
            } else {
                "resolved".into()
            },
        },
        4 => Change::Reopen,
        5 => Change::Tag {
            tag: rng.pick(&TAGS).to_string(),
        },
        6 => Change::Untag {
            tag: rng.pick(&TAGS).to_string(),
        },
        7 => Change::Note {
            text: format!("note {}", rng.below(1000)),
        },
        _ => Change::SetPriority {
            priority: *rng.pick(&Priority::ALL),
        },
    }
}

#[test]
fn random_changes_keep_counts_indexes_and_history_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let mut rng = Rng::new(0xC0FFEE);
    let known = ingest_mixed(&q, "kemlu-x", 30, &mut rng);
    let officers = ["ana", "budi", "citra"];
    let (mut applied, mut refused) = (0, 0);

    for step in 0..300 {
        let id = *rng.pick(&known);
        let officer = *rng.pick(&officers);
        let change = random_change(&mut rng);
        let before = q.get(id).unwrap();
        let expected = Model::of(&before.inquiry).apply(&change, officer);

        match q.apply(id, &change, officer) {
            Ok(after) => {
                applied += 1;
                let want = expected.unwrap_or_else(|| {
                    panic!("step {step}: {change:?} by {officer} should be refused on {before:?}")
                });
                assert_eq!(Model::of(&after), want, "step {step}: {change:?}");
                let detail = q.get(id).unwrap();
                assert_eq!(detail.inquiry, after, "step {step}: stored as returned");
                let history = detail.history;
                assert_eq!(history.len(), after.history_len as usize, "step {step}");
                assert_eq!(
                    history[..before.history.len()],
                    before.history[..],
                    "step {step}: history is append-only"
                );
                let new_events = &history[before.history.len()..];
                let changed = Model::of(&after) != Model::of(&before.inquiry);
                assert_eq!(
                    !new_events.is_empty(),
                    changed,
                    "step {step}: {change:?} appends events iff it changed something: {new_events:?}"
                );
                for e in new_events {
                    assert_eq!(e.officer, officer, "step {step}");
                }
            }
            Err(e @ (StoreError::Refused(_) | StoreError::ClaimedBy { .. })) => {
                let msg = e.to_string();
                refused += 1;
                assert!(
                    expected.is_none(),
                    "step {step}: {change:?} by {officer} refused ({msg}) on {before:?}"
                );
                assert_eq!(
                    q.get(id).unwrap(),
                    before,
                    "step {step}: refusal is a no-op"
                );
            }
            Err(e) => panic!("step {step}: {e}"),
        }

        let items = all_items(&q, &known);
        assert_counts_match(&q, &items, &format!("step {step}"));
    }
    assert!(
        applied > 150 && refused > 10,
        "{applied} applied, {refused} refused"
    );

    // Every inquiry sits in exactly its status's index, in desk order.
    let items = all_items(&q, &known);
    for s in Status::ALL {
        let listed = q.list(&query(&[s], None, 10_000)).unwrap();
        assert_eq!(ids(&listed), expected_listing(&items, &[s]), "{s}");
        assert!(listed.iter().all(|i| i.status == s));
    }
    // seq strictly increasing, from 0, for every inquiry
    for id in &known {
        let h = q.get(*id).unwrap().history;
        for (i, e) in h.iter().enumerate() {
            assert_eq!(e.seq, i as u32, "inquiry {id}");
        }
    }
}

#[test]
fn changing_an_unknown_inquiry_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let r = q.apply(InquiryId(999), &Change::Release, "ana");
    assert!(
        matches!(r, Err(StoreError::NotFound(InquiryId(999)))),
        "{r:?}"
    );
    assert!(matches!(
        q.get(InquiryId(999)),
        Err(StoreError::NotFound(_))
    ));
}

// ---------------------------------------------------------------------------
// durability

#[test]
fn everything_survives_a_reopen() {
    let _guard = reopen_guard();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (known, items, histories, counts) = {
        let q = open_queue(&data);
        assert_eq!(q.cursor("kemlu-x/mentions").unwrap(), None);
        let page: Vec<Arrival> = (0..6)
            .map(|i| arrival(&format!("{i}"), Priority::ALL[i % 4], ts(BASE + i as i64)))
            .collect();
        let commit = q
            .ingest("kemlu-x", &page, Some(("kemlu-x/mentions", "since-0006")))
            .unwrap();
        let known = commit.new_ids;
        q.apply(known[0], &Change::Claim { take_over: false }, "ana")
            .unwrap();
        q.apply(
            known[1],
            &Change::Close {
                reason: "spam".into(),
            },
            "budi",
        )
        .unwrap();
        q.apply(
            known[2],
            &Change::Note {
                text: "passport office informed".into(),
            },
            "citra",
        )
        .unwrap();
        q.apply(
            known[3],
            &Change::SetPriority {
                priority: Priority::P1,
            },
            "ana",
        )
        .unwrap();
        q.apply(known[4], &Change::Tag { tag: "visa".into() }, "ana")
            .unwrap();
        assert_eq!(
            q.cursor("kemlu-x/mentions").unwrap().as_deref(),
            Some("since-0006")
        );
        let items = all_items(&q, &known);
        let histories: Vec<_> = known.iter().map(|id| q.get(*id).unwrap().history).collect();
        (known, items, histories, q.counts().unwrap())
    };

    let q = reopen_queue(&data);
    assert_eq!(q.store().len(), known.len());
    assert_eq!(all_items(&q, &known), items);
    let reread: Vec<_> = known.iter().map(|id| q.get(*id).unwrap().history).collect();
    assert_eq!(reread, histories);
    assert_eq!(q.counts().unwrap(), counts);
    assert_eq!(counts.get(Status::Closed), 1);
    assert_eq!(counts.get(Status::Claimed), 1);
    assert_eq!(counts.get(Status::New), 4);
    assert_eq!(
        q.cursor("kemlu-x/mentions").unwrap().as_deref(),
        Some("since-0006")
    );
    // the index survived too
    let listed = q.list(&query(&Status::ALL, None, 100)).unwrap();
    assert_eq!(ids(&listed), expected_listing(&items, &Status::ALL));

    // Dedupe remembers what it saw; new ids never reuse old ones.
    let again = q
        .ingest(
            "kemlu-x",
            &[
                arrival("0", Priority::P1, ts(BASE)),
                arrival("new", Priority::P1, ts(BASE)),
            ],
            Some(("kemlu-x/mentions", "since-0007")),
        )
        .unwrap();
    assert_eq!(again.duplicates, 1);
    assert_eq!(again.new_ids.len(), 1);
    assert!(
        !known.contains(&again.new_ids[0]),
        "{:?} reused",
        again.new_ids
    );
    assert_eq!(all_items(&q, &known), items, "old inquiries untouched");
    assert_eq!(q.store().len(), known.len() + 1);
    drop(q);

    let q = reopen_queue(&data);
    assert_eq!(
        q.cursor("kemlu-x/mentions").unwrap().as_deref(),
        Some("since-0007")
    );
    assert_eq!(q.store().len(), known.len() + 1);
    assert_eq!(q.counts().unwrap().get(Status::New), 5);
}

#[test]
fn cursor_moves_with_its_page_even_when_all_are_duplicates() {
    let _guard = reopen_guard();
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let page = vec![arrival("1", Priority::P3, ts(BASE))];
    q.ingest("kemlu-x", &page, Some(("a", "1"))).unwrap();
    q.ingest("kemlu-x", &page, Some(("a", "2"))).unwrap();
    q.ingest("kemlu-x", &[], Some(("b", "x"))).unwrap();
    drop(q);
    let q = reopen_queue(dir.path());
    assert_eq!(q.cursor("a").unwrap().as_deref(), Some("2"));
    assert_eq!(q.cursor("b").unwrap().as_deref(), Some("x"));
    assert_eq!(q.cursor("c").unwrap(), None);
}

// ---------------------------------------------------------------------------
// the single-owner lock

#[test]
fn a_second_opener_fails_at_once_naming_the_path() {
    let _guard = reopen_guard();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = Store::open(&data).unwrap();

    let started = Instant::now();
    let second = Store::open(&data);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "fails at once, does not wait"
    );
    match second {
        Err(e @ StoreError::Locked { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains(&data.display().to_string()),
                "message names the path: {msg}"
            );
        }
        Err(other) => panic!("expected Locked, got {other:?}"),
        Ok(_) => panic!("a second opener must be refused"),
    }
    // The holder is unharmed by the failed attempt.
    first
        .commit_page(
            &siaga::queue::DeskArrivals,
            "kemlu-x",
            &[arrival("1", Priority::P2, ts(BASE))],
            None,
            ts(BASE),
        )
        .unwrap();
    drop(first);

    let reopened = reopen_store(&data).expect("opens once the first is dropped");
    assert_eq!(reopened.len(), 1);
}

const CHILD_ENV: &str = "SIAGA_STORE_TESTS_LOCK_CHILD_DIR";

/// Run in a child process by `a_second_process_is_refused`; a no-op
/// otherwise.
#[test]
fn lock_probe_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    match reopen_store(Path::new(&dir)) {
        Err(e @ StoreError::Locked { .. }) => println!("LOCKED: {e}"),
        Err(e) => println!("OTHER: {e}"),
        Ok(_) => println!("OPENED"),
    }
}

#[test]
fn a_second_process_is_refused() {
    let _guard = SPAWN_GUARD.write().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let probe = |data: &Path| -> String {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store_tests::lock_probe_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, data)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = Store::open(&data).unwrap();
    let out = probe(&data);
    assert!(out.contains("LOCKED: "), "{out}");
    assert!(out.contains(&data.display().to_string()), "{out}");
    assert!(
        out.contains(&format!("pid {}", std::process::id())),
        "names the holding process: {out}"
    );
    drop(first);
    let out = probe(&data);
    assert!(out.contains("OPENED"), "{out}");
}

#[test]
fn data_dir_is_created_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let store = Store::open(&data).unwrap();
    let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "mode {mode:o}");
    assert_eq!(store.path(), data);
    drop(store);

    // An existing directory readable by others is tightened.
    let loose = dir.path().join("loose");
    std::fs::create_dir(&loose).unwrap();
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _store = Store::open(&loose).unwrap();
    let mode = std::fs::metadata(&loose).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "mode {mode:o}");
}

// ---------------------------------------------------------------------------
// subscribe

#[test]
fn subscribers_hear_arrivals_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let mut rx = q.subscribe();
    assert!(rx.try_recv().is_err(), "nothing yet");

    let page = vec![
        arrival("1", Priority::P1, ts(BASE)),
        arrival("2", Priority::P3, ts(BASE)),
    ];
    let commit = q.ingest("kemlu-x", &page, None).unwrap();
    match rx.try_recv() {
        Ok(QueueEvent::Arrived {
            source,
            ids,
            urgent,
        }) => {
            assert_eq!(source, "kemlu-x");
            assert_eq!(ids, commit.new_ids);
            assert_eq!(
                urgent,
                vec![commit.new_ids[0]],
                "the P1 is named for the bell"
            );
        }
        other => panic!("expected Arrived, got {other:?}"),
    }
    // A page of duplicates brings nothing to announce.
    q.ingest("kemlu-x", &page, None).unwrap();
    assert!(rx.try_recv().is_err(), "no event for duplicates");

    let id = commit.new_ids[1];
    let claimed = q
        .apply(id, &Change::Claim { take_over: false }, "ana")
        .unwrap();
    match rx.try_recv() {
        Ok(QueueEvent::Changed { inquiry, officer }) => {
            assert_eq!(*inquiry, claimed);
            assert_eq!(inquiry.status, Status::Claimed);
            assert_eq!(officer, "ana");
        }
        other => panic!("expected Changed, got {other:?}"),
    }
    // A refused change announces nothing.
    q.apply(id, &Change::Claim { take_over: false }, "budi")
        .unwrap_err();
    assert!(rx.try_recv().is_err(), "no event for a refusal");

    // Every subscriber hears it.
    let mut rx2 = q.subscribe();
    q.apply(id, &Change::Note { text: "hi".into() }, "ana")
        .unwrap();
    assert!(matches!(rx.try_recv(), Ok(QueueEvent::Changed { .. })));
    assert!(matches!(rx2.try_recv(), Ok(QueueEvent::Changed { .. })));
}

#[test]
fn only_the_holder_releases_a_claim() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    let page = [arrival("9001", Priority::P2, ts(BASE))];
    let id = q.ingest("x", &page, None).unwrap().new_ids[0];
    q.apply(id, &Change::Claim { take_over: false }, "ana")
        .unwrap();
    let err = q.apply(id, &Change::Release, "budi").unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)));
    assert!(err.to_string().contains("claimed by ana"), "{err}");
    let released = q.apply(id, &Change::Release, "ana").unwrap();
    assert_eq!((released.claimed_by, released.status), (None, Status::New));
}

#[test]
fn an_absurd_listing_limit_is_served_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let q = open_queue(dir.path());
    q.ingest("x", &[arrival("9101", Priority::P1, ts(BASE))], None)
        .unwrap();
    let rows = q.list(&query(&Status::ALL, None, usize::MAX)).unwrap();
    assert_eq!(rows.len(), 1);
}
