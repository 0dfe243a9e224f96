//! The records duties at library level (issue #8), on temporary stores:
//! the history's hash chain and what tampering with it looks like, erasure
//! (what goes, what stays, that the chain survives it), retention purges,
//! data-subject requests through `records::steward::serve`, exports,
//! the statistics report, backup and restore, and the index check.
//!
//! Tampering and index damage are done the way an intruder or a bad disk
//! would: with the store closed, through sled directly, never through the
//! store's own code. Expected values are worked out by hand or by brute
//! force over what was stored, never by asking the code under test twice.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use siaga::config::Config;
use siaga::escalate::packet::{EscalationRequest as Asked, Request as EscalationRequest, build};
use siaga::escalate::{Ack, DeliveryState, Escalation};
use siaga::model::{Arrival, Author, Channel, DeskState, Inquiry, InquiryId, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::records::RetentionConfig;
use siaga::records::export::{ExportPage, ExportQuery, Format, Writer};
use siaga::records::steward::{self, Answer, Clearance, Context, Request};
use siaga::reply::compose::target;
use siaga::reply::{Lang, Reply, ReplyRequest, ReplyState};
use siaga::store::{Facet, FieldChange, Store, StoreError};
use tempfile::TempDir;

const SOURCE: &str = "kemlu-x";
const OFFICER: &str = "ani";

// ---------------------------------------------------------------------------
// helpers

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

/// A citizen's post. Its own conversation unless `conversation` is given.
struct Post<'a> {
    id: &'a str,
    handle: &'a str,
    text: &'a str,
    category: &'a str,
    channel: Channel,
    priority: Priority,
    conversation: Option<&'a str>,
}

impl<'a> Post<'a> {
    fn new(id: &'a str, handle: &'a str, text: &'a str) -> Post<'a> {
        Post {
            id,
            handle,
            text,
            category: "labour",
            channel: Channel::Public,
            priority: Priority::P2,
            conversation: None,
        }
    }

    fn arrival(&self, created_at: Timestamp) -> Arrival {
        let uid = format!("uid-{}", self.handle.to_lowercase());
        Arrival {
            conversation_id: Some(self.conversation.unwrap_or(self.id).to_string()),
            author: common::author(self.handle, &format!("Name of {}", self.handle), &uid),
            channel: self.channel,
            created_at,
            priority: self.priority,
            category: self.category.to_string(),
            reasons: vec![format!("{}: matched", self.category)],
            ..common::arrival(self.id, self.handle, self.text)
        }
    }
}

fn open(dir: &Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(missions().desk_policy());
    queue
}

/// Commit `posts` as one page received at `now`; their ids.
fn ingest_at(queue: &LocalQueue, posts: &[Post<'_>], now: Timestamp) -> Vec<InquiryId> {
    let arrivals: Vec<Arrival> = posts
        .iter()
        .map(|p| p.arrival(now - SignedDuration::from_mins(5)))
        .collect();
    let commit = queue
        .store()
        .commit_page(&siaga::queue::DeskArrivals, SOURCE, &arrivals, None, now)
        .unwrap();
    assert_eq!(commit.new_ids.len(), posts.len(), "{commit:?}");
    commit.new_ids
}

fn ingest(queue: &LocalQueue, posts: &[Post<'_>]) -> Vec<InquiryId> {
    ingest_at(queue, posts, Timestamp::now())
}

/// Apply `change` as `officer` at `at` (the store's own `update`, so that
/// history times can be set in the past).
fn apply_at(queue: &LocalQueue, id: InquiryId, change: Change, at: Timestamp) -> Inquiry {
    queue
        .store()
        .update(id, OFFICER, at, |inq| change.apply(inq, OFFICER, at))
        .unwrap()
}

fn apply(queue: &LocalQueue, id: InquiryId, change: Change) -> Inquiry {
    queue.apply(id, &change, OFFICER).unwrap()
}

fn close(queue: &LocalQueue, id: InquiryId) -> Inquiry {
    apply(
        queue,
        id,
        Change::Close {
            reason: "answered".into(),
        },
    )
}

fn reply_draft(queue: &LocalQueue, id: InquiryId, channel: Channel, text: &str) -> Reply {
    let inq = queue.get(id).unwrap().inquiry;
    Reply::draft(
        id,
        &inq.source,
        OFFICER,
        Timestamp::now(),
        channel,
        Lang::Id,
        None,
        text.to_string(),
        target(&inq),
    )
}

/// A reply to `id` as an officer asks for it.
fn reply_request(id: InquiryId, channel: Channel, text: &str) -> ReplyRequest {
    ReplyRequest {
        inquiry: id,
        channel,
        lang: Lang::Id,
        template: None,
        text: text.to_string(),
    }
}

/// Move a reply to `state` the way the sender would, at `at`.
fn settle_reply(queue: &LocalQueue, reply: &Reply, state: ReplyState, at: Timestamp) -> Reply {
    queue
        .store()
        .update_reply(reply.id, "siaga-sender", at, |r, _| {
            r.state = state;
            r.attempts = 1;
            match state {
                ReplyState::Sent => {
                    r.platform_id = Some(format!("1999{}", r.id.0));
                    r.finished_at = Some(at);
                }
                ReplyState::Failed => {
                    r.last_error = Some("refused (403): test".into());
                }
                _ => {}
            }
            Ok(vec![FieldChange::new(
                if state == ReplyState::Sent {
                    "reply_sent"
                } else {
                    "reply_failed"
                },
                None,
                Some(r.id.to_string()),
            )])
        })
        .unwrap()
        .0
}

fn missions() -> Config {
    Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n\
         [missions.tawau]\nemail = \"desk@kri-tawau.test\"\n",
        "missions.toml",
    )
    .unwrap()
}

/// An escalation of `id` to `mission` as an officer asks for it.
fn escalation_request(id: InquiryId, mission: &str, summary: &str, note: &str) -> Asked {
    Asked {
        inquiry: id,
        mission: mission.into(),
        severity: Priority::P2,
        summary: summary.into(),
        note: note.into(),
        made: None,
    }
}

fn escalation_draft(
    queue: &LocalQueue,
    id: InquiryId,
    mission: &str,
    summary: &str,
    note: &str,
    now: Timestamp,
) -> Escalation {
    let config = missions();
    let detail = queue.get(id).unwrap();
    build(
        &detail.inquiry,
        &detail.history,
        &EscalationRequest {
            mission: mission.into(),
            reason: "chosen by the officer".into(),
            severity: Priority::P2,
            summary: summary.into(),
            note: note.into(),
            made: None,
        },
        OFFICER,
        now,
        &config.missions,
        &config.escalation,
        Some(format!(
            "https://x.com/i/status/{}",
            detail.inquiry.external_id
        )),
        &format!("SIAGA-{id}"),
    )
    .unwrap()
}

/// Every delivery of escalation `e` sent at `at`.
fn deliver(queue: &LocalQueue, e: &Escalation, at: Timestamp) -> Escalation {
    queue
        .store()
        .update_escalation(e.id, "siaga-courier", at, |e, _| {
            for d in &mut e.deliveries {
                d.state = DeliveryState::Sent;
                d.sent_at = Some(at);
                d.attempts = 1;
            }
            Ok(vec![FieldChange::new(
                "escalation_delivered",
                None,
                Some(e.id.to_string()),
            )])
        })
        .unwrap()
        .0
}

fn acknowledge(queue: &LocalQueue, e: &Escalation, at: Timestamp) -> Escalation {
    queue
        .store()
        .update_escalation(e.id, OFFICER, at, |e, _| {
            e.ack = Some(Ack {
                by: "Pak Hadi".into(),
                how: "phone".into(),
                recorded_by: OFFICER.into(),
                at,
            });
            Ok(vec![FieldChange::new(
                "escalation_ack",
                None,
                Some(format!("{} acknowledged", e.id)),
            )])
        })
        .unwrap()
        .0
}

/// All history events of the store, by brute force over its inquiries.
fn all_events(store: &Store) -> Vec<(InquiryId, siaga::model::Event)> {
    let mut out = Vec::new();
    for inq in store.scan() {
        let inq = inq.unwrap();
        for e in store.history(inq.id).unwrap() {
            out.push((inq.id, e));
        }
    }
    out
}

/// A store with some of everything: a page of inquiries, a follow-up,
/// officer changes, a sent reply, a delivered and acknowledged escalation.
fn mixed(dir: &Path) -> (Arc<LocalQueue>, Vec<InquiryId>) {
    let queue = open(dir);
    let mut ids = ingest(
        &queue,
        &[
            Post::new("1861000000000000001", "warga_1", "@Kemlu_RI paspor hilang"),
            Post::new(
                "1861000000000000002",
                "warga_2",
                "@Kemlu_RI gaji blm dibayar",
            ),
            Post::new(
                "1861000000000000003",
                "warga_3",
                "@Kemlu_RI ditahan majikan",
            ),
        ],
    );
    ids.extend(ingest(
        &queue,
        &[Post::new(
            "1861000000000000004",
            "warga_4",
            "@Kemlu_RI info KBRI",
        )],
    ));
    // A follow-up in #1's conversation.
    let follow = Post {
        conversation: Some("1861000000000000001"),
        ..Post::new("1861000000000000005", "warga_1", "@Kemlu_RI tolong cepat")
    };
    let commit = queue
        .store()
        .commit_page(
            &siaga::queue::DeskArrivals,
            SOURCE,
            &[follow.arrival(Timestamp::now())],
            None,
            Timestamp::now(),
        )
        .unwrap();
    assert_eq!(commit.attached_ids, vec![ids[0]]);
    apply(&queue, ids[0], Change::Claim { take_over: false });
    apply(
        &queue,
        ids[0],
        Change::Tag {
            tag: "urgent".into(),
        },
    );
    apply(
        &queue,
        ids[1],
        Change::Note {
            text: "called the family".into(),
        },
    );
    apply(
        &queue,
        ids[2],
        Change::SetPriority {
            priority: Priority::P1,
        },
    );
    let r = queue
        .queue_reply(
            reply_request(ids[1], Channel::Public, "Mohon DM kami"),
            OFFICER,
            None,
        )
        .unwrap();
    settle_reply(&queue, &r, ReplyState::Sent, Timestamp::now());
    let e = queue
        .escalate(
            escalation_request(ids[2], "riyadh", "held by employer", ""),
            OFFICER,
        )
        .unwrap();
    deliver(&queue, &e, Timestamp::now());
    acknowledge(&queue, &e, Timestamp::now());
    close(&queue, ids[3]);
    (queue, ids)
}

/// Open the closed store's sled database directly (as an intruder would),
/// run `f`, flush and close it again.
fn raw<T>(dir: &Path, f: impl FnOnce(&sled::Db) -> T) -> T {
    let deadline = Instant::now() + Duration::from_secs(5);
    let db = loop {
        match sled::Config::new().path(dir.join("db")).open() {
            Ok(db) => break db,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("opening the sled db directly: {e}"),
        }
    };
    let out = f(&db);
    db.flush().unwrap();
    drop(db);
    out
}

/// Open the store again, retrying while sled lets go of its file lock.
fn reopen(dir: &Path) -> Store {
    Store::open(dir).unwrap()
}

fn event_key(id: InquiryId, seq: u32) -> Vec<u8> {
    let mut k = id.0.to_be_bytes().to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn identity_key(source: &str, external: &str) -> Vec<u8> {
    let mut k = source.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(external.as_bytes());
    k
}

/// Rewrite one stored event's JSON with `f`.
fn edit_event(db: &sled::Db, id: InquiryId, seq: u32, f: impl FnOnce(&mut Value)) {
    let events = db.open_tree("events").unwrap();
    let key = event_key(id, seq);
    let mut v: Value = serde_json::from_slice(&events.get(&key).unwrap().unwrap()).unwrap();
    f(&mut v);
    events.insert(key, serde_json::to_vec(&v).unwrap()).unwrap();
}

/// Every key and value of every tree, for a search for planted text.
fn dump(db: &sled::Db) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for name in db.tree_names() {
        let tree = db.open_tree(&name).unwrap();
        for kv in tree.iter() {
            let (k, v) = kv.unwrap();
            out.push((
                String::from_utf8_lossy(&name).into_owned(),
                k.to_vec(),
                v.to_vec(),
            ));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn full() -> (Clearance, Context) {
    (Clearance::Full, Context::default())
}

fn serve(queue: &LocalQueue, clearance: Clearance, request: Request) -> Result<Answer, StoreError> {
    steward::serve(queue, OFFICER, clearance, &Context::default(), request)
}

fn subject(queue: &LocalQueue, request: Request) -> steward::SubjectReport {
    let (c, ctx) = full();
    match steward::serve(queue, OFFICER, c, &ctx, request).unwrap() {
        Answer::Subject(r) => r,
        other => panic!("not a subject report: {other:?}"),
    }
}

fn export(queue: &LocalQueue, query: ExportQuery) -> ExportPage {
    match serve(queue, Clearance::Full, Request::Export { query }).unwrap() {
        Answer::Export(p) => p,
        other => panic!("not an export: {other:?}"),
    }
}

fn query(unredacted: bool) -> ExportQuery {
    ExportQuery {
        from: None,
        to: None,
        unredacted,
        after: None,
        limit: 100,
    }
}

// ===========================================================================
// 1. The hash chain

#[test]
fn the_chain_links_every_event_of_mixed_work_in_writing_order() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, _) = mixed(dir.path());
    let store = queue.store();
    let events = all_events(&store);
    assert!(events.len() > 15, "a real mix: {} events", events.len());
    let report = store.verify_chain().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, events.len() as u64);
    assert_eq!(report.expected, events.len() as u64);
    // Every event has a link, and the numbers are exactly 0..N.
    let ns: BTreeSet<u64> = events
        .iter()
        .map(|(id, e)| {
            e.link
                .as_ref()
                .unwrap_or_else(|| panic!("#{id} event {} has no link", e.seq))
                .n
        })
        .collect();
    assert_eq!(ns, (0..events.len() as u64).collect());
    // The head is the hash of the last link.
    let last = events
        .iter()
        .max_by_key(|(_, e)| e.link.as_ref().unwrap().n)
        .unwrap();
    assert_eq!(report.head, last.1.link.as_ref().unwrap().hash);
    // Within one inquiry, later events have later links.
    let mut by_inquiry: BTreeMap<InquiryId, Vec<u64>> = BTreeMap::new();
    for (id, e) in &events {
        by_inquiry
            .entry(*id)
            .or_default()
            .push(e.link.as_ref().unwrap().n);
    }
    for (id, ns) in by_inquiry {
        assert!(ns.windows(2).all(|w| w[0] < w[1]), "#{id}: {ns:?}");
    }
}

/// One event to tamper with: an officer's change in the middle of the chain.
fn middle_event(store: &Store, id: InquiryId) -> (u32, u64, u64) {
    let history = store.history(id).unwrap();
    let e = history
        .iter()
        .find(|e| e.what == "priority")
        .expect("a priority change");
    let total = store.verify_chain().unwrap().expected;
    (e.seq, e.link.as_ref().unwrap().n, total)
}

#[test]
fn changing_any_part_of_one_event_names_exactly_that_event() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let victim = ids[2];
    let (seq, n, total) = middle_event(&queue.store(), victim);
    assert!(n > 0 && n + 1 < total, "in the middle: {n} of {total}");
    drop(queue);

    type Tamper = Box<dyn Fn(&mut Value)>;
    let tamperings: Vec<(&str, Tamper)> = vec![
        ("after", Box::new(|v| v["after"] = "P4".into())),
        ("before", Box::new(|v| v["before"] = Value::Null)),
        ("officer", Box::new(|v| v["officer"] = "budi".into())),
        ("what", Box::new(|v| v["what"] = "tag".into())),
        ("at", Box::new(|v| v["at"] = "2020-01-01T00:00:00Z".into())),
        (
            "link hash",
            Box::new(|v| v["link"]["hash"] = "00".repeat(32).into()),
        ),
    ];
    for (what, tamper) in tamperings {
        let original = raw(dir.path(), |db| {
            let events = db.open_tree("events").unwrap();
            let original = events.get(event_key(victim, seq)).unwrap().unwrap();
            edit_event(db, victim, seq, |v| tamper(v));
            original
        });
        let store = reopen(dir.path());
        let report = store.verify_chain().unwrap();
        let broken = report
            .broken
            .clone()
            .unwrap_or_else(|| panic!("changing `{what}` went unnoticed: {report:?}"));
        assert_eq!(broken.n, n, "{what}: {broken:?}");
        assert_eq!(broken.inquiry, Some(victim), "{what}: {broken:?}");
        assert_eq!(broken.seq, Some(seq), "{what}: {broken:?}");
        assert_eq!(report.checked, n, "{what}: links before it verified");
        assert_eq!(report.expected, total);
        assert!(
            broken.to_string().contains(&format!("link {n}")),
            "{what}: {broken}"
        );
        drop(store);
        raw(dir.path(), |db| {
            db.open_tree("events")
                .unwrap()
                .insert(event_key(victim, seq), original)
                .unwrap();
        });
        let store = reopen(dir.path());
        assert!(
            store.verify_chain().unwrap().is_intact(),
            "{what}: put back, the chain verifies again"
        );
        drop(store);
    }
}

#[test]
fn two_changed_events_report_the_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let history0 = queue.store().history(ids[0]).unwrap();
    let early = history0[0].clone(); // #1 received
    let (late_seq, _, _) = middle_event(&queue.store(), ids[2]);
    drop(queue);
    raw(dir.path(), |db| {
        edit_event(db, ids[2], late_seq, |v| v["after"] = "P3".into());
        edit_event(db, ids[0], early.seq, |v| v["after"] = "elsewhere".into());
    });
    let store = reopen(dir.path());
    let broken = store.verify_chain().unwrap().broken.unwrap();
    assert_eq!(broken.n, early.link.unwrap().n);
    assert_eq!(broken.inquiry, Some(ids[0]));
    assert_eq!(broken.seq, Some(early.seq));
}

#[test]
fn a_removed_event_is_named_by_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let victim = ids[2];
    let (seq, n, total) = middle_event(&queue.store(), victim);
    drop(queue);
    raw(dir.path(), |db| {
        let removed = db
            .open_tree("events")
            .unwrap()
            .remove(event_key(victim, seq))
            .unwrap();
        assert!(removed.is_some());
    });
    let store = reopen(dir.path());
    let report = store.verify_chain().unwrap();
    let broken = report.broken.clone().expect("a removal is noticed");
    assert_eq!(broken.n, n, "{broken:?}");
    assert_eq!(broken.inquiry, Some(victim));
    assert_eq!(broken.seq, Some(seq));
    assert!(broken.problem.contains("removed"), "{broken:?}");
    assert_eq!(report.checked, n);
    assert_eq!(report.expected, total);
    // The index check sees it too, and does not pretend to repair it.
    let check = store.check(true).unwrap();
    assert!(
        check
            .unrepaired
            .iter()
            .any(|p| p.contains(&format!("inquiry {victim}"))),
        "{check:?}"
    );
}

#[test]
fn a_forged_event_without_a_link_is_found_outside_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let victim = ids[3];
    let inq = queue.get(victim).unwrap().inquiry;
    let total = queue.store().verify_chain().unwrap().expected;
    drop(queue);
    raw(dir.path(), |db| {
        let forged = serde_json::json!({
            "seq": inq.history_len,
            "at": "2026-11-28T03:00:00Z",
            "officer": "budi",
            "what": "note",
            "before": null,
            "after": "the citizen withdrew the complaint",
        });
        db.open_tree("events")
            .unwrap()
            .insert(
                event_key(victim, inq.history_len),
                serde_json::to_vec(&forged).unwrap(),
            )
            .unwrap();
    });
    let store = reopen(dir.path());
    let report = store.verify_chain().unwrap();
    let broken = report.broken.clone().expect("an insertion is noticed");
    assert_eq!(broken.n, total, "after every real link: {broken:?}");
    assert_eq!(broken.inquiry, Some(victim));
    assert_eq!(broken.seq, Some(inq.history_len));
    assert!(broken.problem.contains("inserted"), "{broken:?}");
    assert_eq!(report.checked, total, "every real link verified");
}

#[test]
fn a_forged_event_with_a_copied_link_is_caught() {
    // An event inserted with another event's link (so it "has" one).
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let victim = ids[3];
    let inq = queue.get(victim).unwrap().inquiry;
    let donor = queue.store().history(victim).unwrap().pop().unwrap();
    drop(queue);
    raw(dir.path(), |db| {
        let mut forged = serde_json::to_value(&donor).unwrap();
        forged["seq"] = inq.history_len.into();
        forged["after"] = "forged".into();
        db.open_tree("events")
            .unwrap()
            .insert(
                event_key(victim, inq.history_len),
                serde_json::to_vec(&forged).unwrap(),
            )
            .unwrap();
    });
    let store = reopen(dir.path());
    let broken = store.verify_chain().unwrap().broken.expect("caught");
    assert_eq!(broken.inquiry, Some(victim), "{broken:?}");
    assert_eq!(broken.seq, Some(inq.history_len), "{broken:?}");
}

#[test]
fn a_rewritten_head_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, _) = mixed(dir.path());
    let total = queue.store().verify_chain().unwrap().expected;
    drop(queue);
    raw(dir.path(), |db| {
        let chain = db.open_tree("chain").unwrap();
        let mut head = chain.get(b"head").unwrap().unwrap().to_vec();
        assert_eq!(head.len(), 40);
        assert_eq!(u64::from_be_bytes(head[..8].try_into().unwrap()), total);
        head[20] ^= 0x55;
        chain.insert(b"head", head).unwrap();
    });
    let store = reopen(dir.path());
    let report = store.verify_chain().unwrap();
    let broken = report.broken.clone().expect("a changed head is noticed");
    assert_eq!(broken.n, total - 1, "{broken:?}");
    assert!(broken.problem.contains("head"), "{broken:?}");
    assert_eq!(report.checked, total, "every link itself verified");
}

#[test]
fn a_chain_cut_short_leaves_its_last_event_outside() {
    // Rewind the head by one (with the right hash) and drop the last index
    // entry: the last event is still there, and now outside the chain.
    let dir = tempfile::tempdir().unwrap();
    let (queue, _) = mixed(dir.path());
    let events = all_events(&queue.store());
    let total = events.len() as u64;
    let link_of = |n: u64| {
        events
            .iter()
            .find(|(_, e)| e.link.as_ref().unwrap().n == n)
            .unwrap()
            .clone()
    };
    let (last_id, last) = link_of(total - 1);
    let (_, before_last) = link_of(total - 2);
    drop(queue);
    raw(dir.path(), |db| {
        let chain = db.open_tree("chain").unwrap();
        let mut head = (total - 1).to_be_bytes().to_vec();
        head.extend(hex::decode(&before_last.link.as_ref().unwrap().hash).unwrap());
        chain.insert(b"head", head).unwrap();
        chain.remove((total - 1).to_be_bytes()).unwrap();
    });
    let store = reopen(dir.path());
    let report = store.verify_chain().unwrap();
    let broken = report.broken.clone().expect("the cut is noticed");
    assert_eq!(broken.n, total - 1, "{broken:?}");
    assert_eq!(broken.inquiry, Some(last_id));
    assert_eq!(broken.seq, Some(last.seq));
}

#[test]
fn a_store_without_links_is_chained_when_opened_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = mixed(dir.path());
    let total = all_events(&queue.store()).len();
    drop(queue);
    raw(dir.path(), |db| {
        let events = db.open_tree("events").unwrap();
        for kv in events.iter() {
            let (k, v) = kv.unwrap();
            let mut v: Value = serde_json::from_slice(&v).unwrap();
            v.as_object_mut().unwrap().remove("link");
            events.insert(k, serde_json::to_vec(&v).unwrap()).unwrap();
        }
        assert!(db.drop_tree("chain").unwrap());
    });
    // Really unlinked now.
    raw(dir.path(), |db| {
        let events = db.open_tree("events").unwrap();
        assert_eq!(events.len(), total);
        for kv in events.iter() {
            let v: Value = serde_json::from_slice(&kv.unwrap().1).unwrap();
            assert!(v.get("link").is_none());
        }
    });
    let queue = LocalQueue::new(reopen(dir.path()));
    let report = queue.store().verify_chain().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, total as u64);
    let events = all_events(&queue.store());
    assert!(events.iter().all(|(_, e)| e.link.is_some()));
    // Adopted in key order: inquiry by inquiry, event by event.
    let ns: Vec<u64> = events
        .iter()
        .map(|(_, e)| e.link.as_ref().unwrap().n)
        .collect();
    assert_eq!(ns, (0..total as u64).collect::<Vec<_>>());
    // And new work chains on after it.
    apply(
        &queue,
        ids[1],
        Change::Tag {
            tag: "later".into(),
        },
    );
    let report = queue.store().verify_chain().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, total as u64 + 1);
    // Opening again does not chain it a second time.
    drop(queue);
    let store = reopen(dir.path());
    assert_eq!(store.verify_chain().unwrap().checked, total as u64 + 1);
}

// ===========================================================================
// 2. Erasure

const HANDLE: &str = "siti_aminah88";
const EXT: &str = "1869000000000012345";
const FOLLOW_EXT: &str = "1869000000000012399";
const PASSPORT: &str = "A1234567";
const NIK: &str = "3174051203870002";
const PHONE: &str = "081234567890";
const EMAIL: &str = "siti.aminah@gmail.com";
const NOTE: &str = "her brother Joko answers on 081298765432";
const REPLY_TEXT: &str = "Kak Siti, kami hubungi KBRI Riyadh untuk paspor Kakak";
const SUMMARY: &str = "Siti Aminah: passport held by employer";
const ESC_NOTE: &str = "the family asks for discretion, Joko";

/// What an erased inquiry must no longer hold anywhere in the store.
fn planted() -> Vec<String> {
    vec![
        HANDLE.into(),
        format!("Name of {HANDLE}"),
        format!("uid-{HANDLE}"),
        EXT.into(),
        FOLLOW_EXT.into(),
        PASSPORT.into(),
        NIK.into(),
        PHONE.into(),
        EMAIL.into(),
        "Joko".into(),
        "081298765432".into(),
        "Kak Siti".into(),
        "Siti Aminah".into(),
        "majikan sy di Riyadh".into(),
        "masih ditahan".into(),
    ]
}

fn siti_text() -> String {
    format!(
        "@Kemlu_RI tolong paspor {PASSPORT} NIK {NIK} ditahan majikan sy di Riyadh, hp {PHONE}, email {EMAIL}"
    )
}

/// Siti's inquiry, a follow-up, a note, a sent reply, a delivered and
/// acknowledged escalation: then erased. And a bystander's inquiry.
fn erased_siti(dir: &Path) -> (Arc<LocalQueue>, InquiryId, InquiryId, Escalation, Reply) {
    let queue = open(dir);
    let text = siti_text();
    let ids = ingest(
        &queue,
        &[
            Post::new(EXT, HANDLE, &text),
            Post::new("1869000000000000777", "bystander", "@Kemlu_RI info visa"),
        ],
    );
    let (siti, other) = (ids[0], ids[1]);
    let follow = Post {
        conversation: Some(EXT),
        ..Post::new(FOLLOW_EXT, HANDLE, "@Kemlu_RI paspor masih ditahan")
    };
    let commit = queue
        .store()
        .commit_page(
            &siaga::queue::DeskArrivals,
            SOURCE,
            &[follow.arrival(Timestamp::now())],
            None,
            Timestamp::now(),
        )
        .unwrap();
    assert_eq!(commit.attached_ids, vec![siti]);
    apply(&queue, siti, Change::Claim { take_over: false });
    apply(&queue, siti, Change::Note { text: NOTE.into() });
    let reply = queue
        .queue_reply(
            reply_request(siti, Channel::Private, REPLY_TEXT),
            OFFICER,
            None,
        )
        .unwrap();
    let reply = settle_reply(&queue, &reply, ReplyState::Sent, Timestamp::now());
    let e = queue
        .escalate(
            escalation_request(siti, "riyadh", SUMMARY, ESC_NOTE),
            OFFICER,
        )
        .unwrap();
    assert!(
        serde_json::to_string(&e).unwrap().contains(PASSPORT),
        "the packet carries the text before erasure"
    );
    let e = deliver(&queue, &e, Timestamp::now());
    let e = acknowledge(&queue, &e, Timestamp::now());
    queue
        .erase(siti, OFFICER, "data-subject request: e-mail ref 123")
        .unwrap();
    (queue, siti, other, e, reply)
}

#[test]
fn erasure_removes_the_personal_content_from_the_item_and_keeps_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, siti, other, _, _) = erased_siti(dir.path());
    let inq = queue.get(siti).unwrap().inquiry;
    assert_eq!(inq.text, "");
    assert_eq!(inq.author, Author::default());
    assert_ne!(inq.external_id, EXT);
    assert!(
        inq.external_id.starts_with("erased-"),
        "{}",
        inq.external_id
    );
    assert_eq!(inq.conversation_id, None);
    assert!(inq.reasons.is_empty());
    assert_eq!(inq.followups.len(), 1);
    assert_eq!(inq.followups[0].text, "");
    assert_ne!(inq.followups[0].external_id, FOLLOW_EXT);
    assert_eq!(inq.notes.len(), 1);
    assert_eq!(inq.notes[0].text, "");
    let erasure = inq.erased.clone().expect("marked erased");
    assert_eq!(erasure.by, OFFICER);
    assert!(erasure.why.contains("ref 123"));
    // What statistics need stays.
    assert_eq!(inq.category, "labour");
    assert_eq!(inq.priority, Priority::P2);
    assert_eq!(inq.channel, Channel::Public);
    assert_eq!(inq.source, SOURCE);
    assert_eq!(inq.escalations.len(), 1);
    assert_eq!(inq.replies.len(), 1);
    assert_eq!(inq.status, Status::Closed, "an open inquiry is closed");
    let json = serde_json::to_string(&inq).unwrap();
    for p in planted() {
        assert!(!json.contains(&p), "the item still holds {p:?}: {json}");
    }
    // The bystander is untouched.
    let o = queue.get(other).unwrap().inquiry;
    assert_eq!(o.text, "@Kemlu_RI info visa");
    assert!(o.erased.is_none());
    assert_eq!(o.author.handle, "bystander");
}

#[test]
fn erasure_seals_personal_history_and_keeps_the_rest_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, siti, _, _, _) = erased_siti(dir.path());
    let history = queue.store().history(siti).unwrap();
    let find = |what: &str| -> Vec<&siaga::model::Event> {
        history.iter().filter(|e| e.what == what).collect()
    };
    // Kept as they were.
    let received = find("received");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].after.as_deref(), Some(SOURCE));
    assert!(received[0].sealed.is_none());
    let statuses = find("status");
    assert!(!statuses.is_empty());
    assert!(statuses.iter().all(|e| e.sealed.is_none()));
    assert_eq!(
        statuses.last().unwrap().after.as_deref(),
        Some("closed"),
        "the erasure's closing is recorded"
    );
    let erased = find("erased");
    assert_eq!(erased.len(), 1);
    assert!(erased[0].after.as_deref().unwrap().contains("ref 123"));
    // Sealed: the note, the follow-up's id, the reply summary.
    for what in ["note", "follow_up", "reply"] {
        let es = find(what);
        assert!(!es.is_empty(), "a {what} event exists");
        for e in es {
            assert!(
                e.sealed.is_some() && e.before.is_none() && e.after.is_none(),
                "{what} not sealed: {e:?}"
            );
        }
    }
    let json = serde_json::to_string(&history).unwrap();
    for p in planted() {
        assert!(!json.contains(&p), "the history still holds {p:?}: {json}");
    }
    // And the chain still verifies over the sealed events.
    let report = queue.store().verify_chain().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, all_events(&queue.store()).len() as u64);
}

#[test]
fn erasure_clears_the_reply_text_and_the_escalation_packet() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, siti, _, e, r) = erased_siti(dir.path());
    let reply = queue.store().reply(r.id).unwrap();
    assert_eq!(reply.text, "");
    assert_eq!(reply.target.recipient_handle, "");
    assert_eq!(reply.target.recipient_id, None);
    assert_ne!(reply.target.in_reply_to, EXT);
    assert_ne!(reply.target.in_reply_to, FOLLOW_EXT);
    assert_eq!(reply.state, ReplyState::Sent, "its state stays");
    let esc = queue.store().escalation(e.id).unwrap();
    assert_eq!(esc.summary, "");
    assert_eq!(esc.note, "");
    assert_eq!(esc.packet.link, None);
    assert_eq!(esc.packet.author.value.handle, "");
    assert_eq!(esc.packet.author.value.name, "");
    assert_eq!(esc.packet.author.value.platform_id, None);
    assert!(esc.packet.text.value.is_empty());
    assert_eq!(esc.mission, "riyadh", "the mission stays");
    assert!(esc.ack.is_some(), "the acknowledgement stays");
    for (what, json) in [
        ("reply", serde_json::to_string(&reply).unwrap()),
        ("escalation", serde_json::to_string(&esc).unwrap()),
    ] {
        for p in planted() {
            assert!(!json.contains(&p), "the {what} still holds {p:?}: {json}");
        }
    }
    // The detail an officer opens shows nothing either.
    let detail = serde_json::to_string(&queue.get(siti).unwrap()).unwrap();
    for p in planted() {
        assert!(!detail.contains(&p), "the detail still holds {p:?}");
    }
}

#[test]
fn after_erasure_no_tree_of_the_store_holds_the_personal_content() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ..) = erased_siti(dir.path());
    drop(queue);
    raw(dir.path(), |db| {
        for (tree, k, v) in dump(db) {
            for p in planted() {
                assert!(
                    !contains(&k, &p) && !contains(&v, &p),
                    "tree {tree} still holds {p:?}: key {:?} value {}",
                    String::from_utf8_lossy(&k),
                    String::from_utf8_lossy(&v)
                );
            }
        }
    });
}

#[test]
fn an_erased_post_fetched_again_is_a_duplicate_and_the_store_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, siti, _, _, _) = erased_siti(dir.path());
    let len = queue.store().len();
    let text = siti_text();
    for ext in [EXT, FOLLOW_EXT] {
        let commit = queue
            .store()
            .commit_page(
                &siaga::queue::DeskArrivals,
                SOURCE,
                &[Post::new(ext, HANDLE, &text).arrival(Timestamp::now())],
                None,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(commit.duplicates, 1, "{ext}: {commit:?}");
        assert!(commit.new_ids.is_empty() && commit.attached_ids.is_empty());
    }
    assert_eq!(queue.store().len(), len);
    assert_eq!(queue.store().find(SOURCE, EXT).unwrap(), None);
    let check = queue.store().check(false).unwrap();
    assert!(check.is_clean(), "{check:?}");
    // The same post under another source is new: the tombstone is per source.
    let commit = queue
        .store()
        .commit_page(
            &siaga::queue::DeskArrivals,
            "kemlu-social",
            &[Post::new(EXT, HANDLE, &text).arrival(Timestamp::now())],
            None,
            Timestamp::now(),
        )
        .unwrap();
    assert_eq!(commit.new_ids.len(), 1);
    // Erasing again changes nothing.
    let before = queue.store().history(siti).unwrap().len();
    queue.erase(siti, OFFICER, "again").unwrap();
    assert_eq!(queue.store().history(siti).unwrap().len(), before);
}

#[test]
fn erasing_an_open_claimed_inquiry_closes_it_and_keeps_every_count_right() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let ids = ingest(
        &queue,
        &[
            Post {
                channel: Channel::Private,
                ..Post::new("dm:1", "warga_a", "paspor")
            },
            Post::new("2", "warga_b", "gaji"),
            Post::new("3", "warga_c", "visa"),
        ],
    );
    apply(&queue, ids[0], Change::Claim { take_over: false });
    apply(&queue, ids[1], Change::Claim { take_over: false });
    let counts = queue.store().counts().unwrap();
    assert_eq!(counts.get(Status::Claimed), 2);
    assert_eq!(counts.get(Status::New), 1);
    queue.erase(ids[0], OFFICER, "request").unwrap();
    let inq = queue.get(ids[0]).unwrap().inquiry;
    assert_eq!(inq.status, Status::Closed);
    assert_eq!(inq.claimed_by, None);
    let counts = queue.store().counts().unwrap();
    assert_eq!(counts.get(Status::Claimed), 1);
    assert_eq!(counts.get(Status::New), 1);
    assert_eq!(counts.get(Status::Closed), 1);
    let mine = queue
        .store()
        .facet_counts(&Facet::ClaimedBy(OFFICER.into()))
        .unwrap();
    assert_eq!(mine.get(Status::Claimed), 1, "{mine:?}");
    let private = queue.store().facet_counts(&Facet::Private).unwrap();
    assert_eq!(private.get(Status::Closed), 1, "{private:?}");
    assert_eq!(private.get(Status::Claimed), 0, "{private:?}");
    let listed: Vec<InquiryId> = queue
        .store()
        .list(&[Status::Claimed], None, 10)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(listed, vec![ids[1]]);
    let check = queue.store().check(false).unwrap();
    assert!(check.is_clean(), "{check:?}");
    assert!(queue.store().verify_chain().unwrap().is_intact());
}

/// The same person wrote again in a conversation whose first inquiry was
/// closed: a second inquiry opened there and took over the conversation.
/// Erasing the first must leave the second's thread entry alone, or the
/// next follow-up opens a third inquiry instead of attaching.
#[test]
fn erasing_an_old_inquiry_keeps_the_thread_of_a_newer_one_in_its_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let conv = "1870000000000000001";
    let first = ingest(&queue, &[Post::new(conv, "warga_t", "paspor hilang")])[0];
    close(&queue, first);
    let again = Post {
        conversation: Some(conv),
        ..Post::new("1870000000000000002", "warga_t", "paspor masih hilang")
    };
    let second = ingest(&queue, &[again])[0];
    assert_ne!(second, first, "a closed inquiry takes no follow-up");
    queue.erase(first, OFFICER, "request").unwrap();
    assert!(queue.store().check(false).unwrap().is_clean());
    let third = Post {
        conversation: Some(conv),
        ..Post::new("1870000000000000003", "warga_t", "tolong")
    };
    let commit = queue
        .store()
        .commit_page(
            &siaga::queue::DeskArrivals,
            SOURCE,
            &[third.arrival(Timestamp::now())],
            None,
            Timestamp::now(),
        )
        .unwrap();
    assert_eq!(
        commit.attached_ids,
        vec![second],
        "the follow-up opened a new inquiry: {commit:?}"
    );
}

#[test]
fn legal_hold_and_work_in_flight_refuse_erasure_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let ids = ingest(
        &queue,
        &[
            Post::new("11", "warga_a", "paspor A1234567"),
            Post::new("12", "warga_b", "gaji"),
        ],
    );
    apply(
        &queue,
        ids[0],
        Change::Hold {
            reason: "court case 12/2026".into(),
        },
    );
    let before = queue.get(ids[0]).unwrap();
    let err = queue.erase(ids[0], OFFICER, "request").unwrap_err();
    match &err {
        StoreError::Refused(m) => {
            assert!(m.contains("legal hold") && m.contains("court case"), "{m}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(queue.get(ids[0]).unwrap(), before, "nothing changed");
    // A reply not yet sent also keeps it.
    let r = queue
        .queue_reply(
            reply_request(ids[1], Channel::Public, "Mohon DM"),
            OFFICER,
            None,
        )
        .unwrap();
    let before = queue.get(ids[1]).unwrap();
    let err = queue.erase(ids[1], OFFICER, "request").unwrap_err();
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("reply")),
        "{err:?}"
    );
    assert_eq!(queue.get(ids[1]).unwrap(), before);
    // Released / settled: erasure goes ahead.
    apply(
        &queue,
        ids[0],
        Change::ReleaseHold {
            reason: "case closed".into(),
        },
    );
    queue.erase(ids[0], OFFICER, "request").unwrap();
    queue.cancel_reply(r.id, OFFICER).unwrap();
    queue.erase(ids[1], OFFICER, "request").unwrap();
    // Nothing is put on hold once erased.
    let err = queue
        .apply(
            ids[0],
            &Change::Hold {
                reason: "too late".into(),
            },
            OFFICER,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert!(queue.store().verify_chain().unwrap().is_intact());
}

#[test]
fn an_erased_inquiry_takes_no_reply_or_escalation() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let id = ingest(&queue, &[Post::new("21", "warga_a", "paspor")])[0];
    let draft = reply_request(id, Channel::Private, "Mohon DM");
    let esc = escalation_request(id, "riyadh", "passport", "");
    queue.erase(id, OFFICER, "request").unwrap();
    let err = queue.queue_reply(draft, OFFICER, None).unwrap_err();
    assert!(
        matches!(&err, StoreError::Withheld(m) if m.contains("erased")),
        "{err:?}"
    );
    let err = queue.escalate(esc, OFFICER).unwrap_err();
    assert!(
        matches!(&err, StoreError::Withheld(m) if m.contains("erased")),
        "{err:?}"
    );
}

/// Regression guard (the defect as it was found): a reply that had failed before the inquiry was erased can still be
/// retried afterwards: `retry_reply` puts it back to pending (with its text
/// and target erased), and the sender would post it to the person.
#[test]
fn a_failed_reply_of_an_erased_inquiry_cannot_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let id = ingest(&queue, &[Post::new("31", "warga_a", "paspor")])[0];
    let r = queue
        .queue_reply(
            reply_request(id, Channel::Public, "Mohon DM"),
            OFFICER,
            None,
        )
        .unwrap();
    settle_reply(&queue, &r, ReplyState::Failed, Timestamp::now());
    // A failed reply does not block the erasure...
    queue.erase(id, OFFICER, "request").unwrap();
    // ...so it must not come back to life afterwards.
    let retried = queue.retry_reply(r.id, OFFICER);
    let stored = queue.store().reply(r.id).unwrap();
    assert!(
        matches!(retried, Err(StoreError::Withheld(_))) && !stored.is_due(Timestamp::now()),
        "the erased inquiry's failed reply was put back in the outbox: {retried:?}, stored {stored:?}"
    );
}

/// Regression guard (the defect as it was found): the history event that records the platform's deletion of a post
/// (`deleted_on_platform`) carries the post's platform id in `after`, and
/// is listed as content-free, so erasure leaves the id the erasure retires
/// everywhere else (item, identity index) in the history.
#[test]
fn erasure_leaves_no_platform_id_in_a_deleted_on_platform_event() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let ext = "1869000000000054321";
    let id = ingest(&queue, &[Post::new(ext, "warga_a", "paspor")])[0];
    apply(
        &queue,
        id,
        Change::DeletedOnPlatform {
            at: Timestamp::now(),
        },
    );
    queue.erase(id, OFFICER, "request").unwrap();
    let history = queue.store().history(id).unwrap();
    let json = serde_json::to_string(&history).unwrap();
    assert!(
        !json.contains(ext),
        "the erased post's platform id is still in its history: {:#?}",
        history
            .iter()
            .filter(|e| serde_json::to_string(e).unwrap().contains(ext))
            .collect::<Vec<_>>()
    );
}

// ===========================================================================
// 3. Retention purge

fn retention() -> RetentionConfig {
    let mut categories = BTreeMap::new();
    categories.insert("not_protection".to_string(), 30);
    categories.insert("trafficking".to_string(), 1825);
    RetentionConfig {
        default_days: 365,
        categories,
        daily_purge: false,
        ..Default::default()
    }
}

#[test]
fn a_purge_erases_what_is_past_its_period_from_the_closing_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let now = ts("2027-06-01T00:00:00Z");
    let long_ago = now - days(400);
    // All received 400 days ago; what counts is when each was closed.
    let ids = ingest_at(
        &queue,
        &[
            Post::new("41", "a", "labour closed 380 days ago"), // due (365)
            Post::new("42", "b", "labour closed 10 days ago"),  // kept
            Post {
                category: "not_protection",
                ..Post::new("43", "c", "closed 40 days ago") // due (30)
            },
            Post {
                category: "trafficking",
                ..Post::new("44", "d", "closed 390 days ago") // kept (1825)
            },
            Post::new("45", "e", "labour, held, closed 390 days ago"), // kept: hold
            Post::new("46", "f", "labour, still open"),                // never
            Post::new("47", "g", "labour closed 365 days ago exactly"), // due
        ],
        long_ago,
    );
    let close_at = |id, ago: i64| {
        apply_at(
            &queue,
            id,
            Change::Close {
                reason: "answered".into(),
            },
            now - days(ago),
        )
    };
    close_at(ids[0], 380);
    close_at(ids[1], 10);
    close_at(ids[2], 40);
    close_at(ids[3], 390);
    close_at(ids[4], 390);
    close_at(ids[6], 365);
    apply_at(
        &queue,
        ids[4],
        Change::Hold {
            reason: "court case".into(),
        },
        now - days(300),
    );
    // A later change (a tag) does not move the closing time.
    apply_at(
        &queue,
        ids[0],
        Change::Tag { tag: "x".into() },
        now - days(5),
    );

    // A dry run lists and changes nothing.
    let snapshot = |q: &LocalQueue| -> Vec<(Inquiry, usize)> {
        q.store()
            .scan()
            .map(|i| {
                let i = i.unwrap();
                let n = q.store().history(i.id).unwrap().len();
                (i, n)
            })
            .collect()
    };
    let before = snapshot(&queue);
    let head = queue.store().verify_chain().unwrap().head;
    let dry = steward::purge(&queue, OFFICER, &retention(), true, now).unwrap();
    assert!(dry.dry_run);
    let due: BTreeSet<InquiryId> = dry.due.iter().map(|d| d.id).collect();
    assert_eq!(due, BTreeSet::from([ids[0], ids[2], ids[6]]), "{dry:?}");
    assert_eq!(
        dry.kept.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![ids[4]]
    );
    assert!(dry.kept[0].1.contains("legal hold"), "{dry:?}");
    let d0 = dry.due.iter().find(|d| d.id == ids[0]).unwrap();
    assert_eq!(d0.closed_at, now - days(380));
    assert_eq!(d0.days, 365);
    let d2 = dry.due.iter().find(|d| d.id == ids[2]).unwrap();
    assert_eq!((d2.days, d2.category.as_str()), (30, "not_protection"));
    assert_eq!(snapshot(&queue), before, "a dry run changes nothing");
    assert_eq!(queue.store().verify_chain().unwrap().head, head);

    // The real purge erases exactly those.
    let done = steward::purge(&queue, OFFICER, &retention(), false, now).unwrap();
    assert!(!done.dry_run);
    assert_eq!(
        done.due.iter().map(|d| d.id).collect::<BTreeSet<_>>(),
        due,
        "{done:?}"
    );
    assert!(done.failed.is_empty(), "{done:?}");
    for id in &ids {
        let inq = queue.get(*id).unwrap().inquiry;
        assert_eq!(inq.erased.is_some(), due.contains(id), "#{id}: {inq:?}");
        if due.contains(id) {
            assert_eq!(inq.text, "");
            assert!(inq.erased.unwrap().why.contains("retention"));
        } else {
            assert!(!inq.text.is_empty());
        }
    }
    assert!(queue.store().verify_chain().unwrap().is_intact());
    assert!(queue.store().check(false).unwrap().is_clean());
    // Nothing left to do.
    let again = steward::purge(&queue, OFFICER, &retention(), false, now).unwrap();
    assert!(again.due.is_empty(), "{again:?}");
}

#[test]
fn inquiries_closed_today_are_purged_only_when_their_period_has_passed() {
    // No time travel in the store: close now, purge "in the future".
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let ids = ingest(
        &queue,
        &[
            Post::new("51", "a", "labour"),
            Post {
                category: "not_protection",
                ..Post::new("52", "b", "spam")
            },
        ],
    );
    for id in &ids {
        close(&queue, *id);
    }
    let now = Timestamp::now();
    let at = |d| steward::purge(&queue, OFFICER, &retention(), true, now + days(d)).unwrap();
    assert!(at(0).due.is_empty());
    assert_eq!(
        at(31).due.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    assert_eq!(at(366).due.len(), 2);
    let done = steward::purge(&queue, OFFICER, &retention(), false, now + days(366)).unwrap();
    assert_eq!(done.due.len(), 2);
    assert!(
        ids.iter()
            .all(|id| queue.get(*id).unwrap().inquiry.erased.is_some())
    );
}

/// Regression guard (the defect as it was found): `retention::closed_at` looks for the latest `status` event that
/// closed the inquiry, but an undo that closes it again writes an `undo`
/// event, not a `status` one: an inquiry reopened and closed again (by
/// undoing the reopen) 20 days ago is taken as closed when it was first
/// closed, 380 days ago, and purged 345 days early.
#[test]
fn an_inquiry_closed_again_by_undo_counts_from_that_closing() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let now = ts("2027-06-01T00:00:00Z");
    let id = ingest_at(&queue, &[Post::new("61", "a", "labour")], now - days(400))[0];
    apply_at(
        &queue,
        id,
        Change::Close {
            reason: "answered".into(),
        },
        now - days(380),
    );
    // Reopened by mistake 20 days ago, and the reopen undone at once.
    let closed = DeskState::of(&queue.get(id).unwrap().inquiry);
    let reopened = apply_at(&queue, id, Change::Reopen, now - days(20));
    assert_eq!(reopened.status, Status::New);
    let back = apply_at(
        &queue,
        id,
        Change::Restore {
            expect: Box::new(DeskState::of(&reopened)),
            to: Box::new(closed),
        },
        now - days(20) + SignedDuration::from_mins(1),
    );
    assert_eq!(back.status, Status::Closed);
    let dry = steward::purge(&queue, OFFICER, &retention(), true, now).unwrap();
    assert!(
        dry.due.is_empty(),
        "closed again 20 days ago, yet due for purging: {:?}",
        dry.due
    );
}

// ===========================================================================
// 4. Data-subject requests

fn subject_store(dir: &Path) -> (Arc<LocalQueue>, Vec<InquiryId>) {
    let queue = open(dir);
    let ids = ingest(
        &queue,
        &[
            Post::new("71", "Budi_99", "@Kemlu_RI paspor sy hilang"),
            Post::new("72", "budi_99", "@Kemlu_RI masih belum ada kabar"),
            Post::new("73", "warga_c", "@Kemlu_RI kakak sy @BUDI_99 ditahan"),
            Post::new("74", "warga_d", "@Kemlu_RI teman sy @budi_990 hilang"),
            Post::new("75", "budi_99x", "@Kemlu_RI info visa"),
            Post::new("76", "warga_f", "@Kemlu_RI cc @budi_99, tolong"),
        ],
    );
    (queue, ids)
}

#[test]
fn subject_find_matches_the_handle_with_or_without_at_and_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = subject_store(dir.path());
    for handle in ["budi_99", "@budi_99", "@BUDI_99", " Budi_99 "] {
        let r = subject(
            &queue,
            Request::SubjectFind {
                handle: handle.into(),
            },
        );
        assert_eq!(r.handle, "budi_99", "{handle}");
        let theirs: Vec<InquiryId> = r.inquiries.iter().map(|i| i.id).collect();
        assert_eq!(theirs, vec![ids[0], ids[1]], "{handle}");
        assert_eq!(r.mentioned_in, vec![ids[2], ids[5]], "{handle}");
        assert!(r.done.is_empty() && r.kept.is_empty());
        assert_eq!(r.inquiries[0].text, "@Kemlu_RI paspor sy hilang");
    }
    // By platform id too.
    let r = subject(
        &queue,
        Request::SubjectFind {
            handle: "uid-budi_99".into(),
        },
    );
    assert_eq!(
        r.inquiries.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![ids[0], ids[1]]
    );
    let err = serve(
        &queue,
        Clearance::Full,
        Request::SubjectFind {
            handle: " @ ".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
}

#[test]
fn subject_erase_erases_only_the_persons_own_inquiries() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = subject_store(dir.path());
    let others: Vec<Inquiry> = ids[2..]
        .iter()
        .map(|id| queue.get(*id).unwrap().inquiry)
        .collect();
    let err = serve(
        &queue,
        Clearance::Full,
        Request::SubjectErase {
            handle: "@budi_99".into(),
            reason: "  ".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "a reason is needed");
    assert!(queue.get(ids[0]).unwrap().inquiry.erased.is_none());

    let r = subject(
        &queue,
        Request::SubjectErase {
            handle: "@BUDI_99".into(),
            reason: "e-mail of 2026-11-20, ref 123".into(),
        },
    );
    assert_eq!(r.done, vec![ids[0], ids[1]], "{r:?}");
    assert!(r.kept.is_empty(), "{r:?}");
    assert_eq!(r.mentioned_in, vec![ids[2], ids[5]]);
    for id in &ids[..2] {
        let inq = queue.get(*id).unwrap().inquiry;
        let e = inq.erased.expect("erased");
        assert!(e.why.contains("data-subject request") && e.why.contains("ref 123"));
        assert_eq!(inq.text, "");
    }
    for before in others {
        let after = queue.get(before.id).unwrap().inquiry;
        assert_eq!(after, before, "#{} is not theirs", before.id);
    }
    // Found again: nothing of theirs is left; the mentions are.
    let r = subject(
        &queue,
        Request::SubjectFind {
            handle: "budi_99".into(),
        },
    );
    assert!(r.inquiries.is_empty(), "{r:?}");
    assert_eq!(r.mentioned_in, vec![ids[2], ids[5]]);
    assert!(queue.store().verify_chain().unwrap().is_intact());
    assert!(queue.store().check(false).unwrap().is_clean());
}

#[test]
fn subject_erase_keeps_and_lists_what_is_on_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = subject_store(dir.path());
    apply(
        &queue,
        ids[1],
        Change::Hold {
            reason: "police report 7".into(),
        },
    );
    let r = subject(
        &queue,
        Request::SubjectErase {
            handle: "budi_99".into(),
            reason: "letter".into(),
        },
    );
    assert_eq!(r.done, vec![ids[0]]);
    assert_eq!(r.kept.len(), 1);
    assert_eq!(r.kept[0].0, ids[1]);
    assert!(r.kept[0].1.contains("legal hold"), "{r:?}");
    assert!(queue.get(ids[1]).unwrap().inquiry.erased.is_none());
}

#[test]
fn subject_restrict_marks_theirs_and_their_next_messages_and_stops_replies() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = subject_store(dir.path());
    let r = subject(
        &queue,
        Request::SubjectRestrict {
            handle: "@Budi_99".into(),
            reason: "objection by e-mail".into(),
            lift: false,
        },
    );
    assert_eq!(r.done, vec![ids[0], ids[1]], "{r:?}");
    assert!(r.restriction.is_some());
    for id in &ids {
        let inq = queue.get(*id).unwrap().inquiry;
        assert_eq!(inq.restricted.is_some(), id <= &ids[1], "#{id}");
    }
    let history = queue.store().history(ids[0]).unwrap();
    assert!(history.iter().any(|e| e.what == "restrict"));
    assert!(
        queue
            .store()
            .subject_restriction("BUDI_99")
            .unwrap()
            .is_some()
    );
    // Their next message arrives restricted; someone else's does not.
    let new = ingest(
        &queue,
        &[
            Post::new("81", "BuDi_99", "@Kemlu_RI halo lagi"),
            Post::new("82", "warga_z", "@Kemlu_RI halo"),
        ],
    );
    let n0 = queue.get(new[0]).unwrap();
    assert!(n0.inquiry.restricted.is_some(), "{:?}", n0.inquiry);
    assert!(n0.history.iter().any(|e| e.what == "restrict"));
    assert!(queue.get(new[1]).unwrap().inquiry.restricted.is_none());
    // No reply, no escalation.
    for id in [ids[0], new[0]] {
        let err = queue
            .queue_reply(reply_request(id, Channel::Private, "Halo"), OFFICER, None)
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Withheld(m) if m.contains("restricted")),
            "{err:?}"
        );
        let err = queue
            .escalate(escalation_request(id, "riyadh", "x", ""), OFFICER)
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Withheld(m) if m.contains("restricted")),
            "{err:?}"
        );
    }
    // The export withholds the text.
    let page = export(&queue, query(true));
    let row = page.rows.iter().find(|r| r.id == ids[0].0).unwrap();
    assert_eq!(row.text, "");
    assert!(row.withheld.contains("restricted"), "{row:?}");
    // Lifted: theirs (the new one too) are free again, new ones arrive free.
    let r = subject(
        &queue,
        Request::SubjectRestrict {
            handle: "budi_99".into(),
            reason: "withdrawn".into(),
            lift: true,
        },
    );
    assert_eq!(r.done, vec![ids[0], ids[1], new[0]], "{r:?}");
    assert!(r.restriction.is_none());
    for id in [ids[0], ids[1], new[0]] {
        assert!(queue.get(id).unwrap().inquiry.restricted.is_none());
    }
    let later = ingest(&queue, &[Post::new("83", "budi_99", "@Kemlu_RI lagi")]);
    assert!(queue.get(later[0]).unwrap().inquiry.restricted.is_none());
    assert!(queue.store().verify_chain().unwrap().is_intact());
}

/// Regression guard (the defect as it was found): restricting processing does nothing to a reply already in the
/// outbox: `Change::Restrict` (and `subject restrict`) leave it pending,
/// and the sender posts it to the person who asked not to be contacted
/// (the model says of a restricted inquiry: "no reply or escalation goes
/// out"). The control inquiry's reply shows the sender works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_queued_before_a_restriction_is_not_posted_after_it() {
    const ACCOUNT: &str = "1072250532645998596";
    const TOKEN: &str = "t0ken";
    let platform = common::platform::Platform::start(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let ids = ingest(
        &queue,
        &[
            Post::new("1861000000000000901", "budi_99", "@Kemlu_RI paspor hilang"),
            Post::new("1861000000000000902", "warga_x", "@Kemlu_RI paspor hilang"),
        ],
    );
    for id in &ids {
        queue
            .queue_reply(
                reply_request(
                    *id,
                    Channel::Public,
                    &format!("Terima kasih, kami bantu (#{id})"),
                ),
                OFFICER,
                None,
            )
            .unwrap();
    }
    let r = subject(
        &queue,
        Request::SubjectRestrict {
            handle: "budi_99".into(),
            reason: "objection by e-mail".into(),
            lift: false,
        },
    );
    assert_eq!(r.done, vec![ids[0]], "{r:?}");
    let fetchers = vec![siaga::ingest::Fetcher::x(
        SOURCE,
        Duration::from_secs(60),
        siaga::source::x::XClient::new(
            siaga::source::http::client(Duration::from_secs(2)),
            &platform.url,
            ACCOUNT,
            TOKEN.into(),
        ),
    )];
    let sender = siaga::outbound::sender::Sender::new(
        queue.clone(),
        &fetchers,
        siaga::reply::compose::ReplyConfig {
            reconcile_grace_secs: 0,
            ..Default::default()
        },
    );
    let _ = sender.send_due().await;
    let posted: Vec<Option<String>> = platform
        .posted()
        .into_iter()
        .map(|p| p.in_reply_to)
        .collect();
    assert!(
        posted.contains(&Some("1861000000000000902".into())),
        "the control reply went out: {posted:?}"
    );
    assert!(
        !posted.contains(&Some("1861000000000000901".into())),
        "a reply was posted to the person who restricted processing: {posted:?}"
    );
}

#[test]
fn an_officer_may_look_but_not_erase_restrict_export_unredacted_back_up_or_repair() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = subject_store(dir.path());
    let backup = dir.path().join("officer.backup");
    close(&queue, ids[4]);
    let refused = [
        Request::SubjectErase {
            handle: "budi_99".into(),
            reason: "r".into(),
        },
        Request::SubjectRestrict {
            handle: "budi_99".into(),
            reason: "r".into(),
            lift: false,
        },
        Request::SubjectRestrict {
            handle: "budi_99".into(),
            reason: "r".into(),
            lift: true,
        },
        Request::Export { query: query(true) },
        Request::Backup {
            path: backup.clone(),
        },
        Request::Check { repair: true },
        Request::Purge { dry_run: false },
    ];
    let head = queue.store().verify_chain().unwrap();
    for request in refused {
        let what = format!("{request:?}");
        match serve(&queue, Clearance::Officer, request) {
            Err(StoreError::Refused(m)) => assert!(m.contains("supervisor"), "{what}: {m}"),
            other => panic!("{what}: an officer was not refused: {other:?}"),
        }
    }
    assert!(!backup.exists(), "no backup file");
    assert_eq!(
        queue.store().verify_chain().unwrap(),
        head,
        "no event was written"
    );
    assert!(
        queue
            .store()
            .subject_restriction("budi_99")
            .unwrap()
            .is_none()
    );
    let allowed = [
        Request::SubjectFind {
            handle: "budi_99".into(),
        },
        Request::AuditVerify,
        Request::Export {
            query: query(false),
        },
        Request::Report {
            from: None,
            to: None,
        },
        Request::Purge { dry_run: true },
        Request::Check { repair: false },
    ];
    for request in allowed {
        let what = format!("{request:?}");
        if let Err(e) = serve(&queue, Clearance::Officer, request) {
            panic!("{what}: an officer was refused: {e}");
        }
    }
}

// ===========================================================================
// 5. Exports

struct ExportFixture {
    _dir: TempDir,
    queue: Arc<LocalQueue>,
    ids: Vec<InquiryId>,
    days: Vec<Timestamp>,
}

const EX_PASSPORT: &str = "B7654321";
const EX_NIK: &str = "3201234567890123";
const EX_PHONE: &str = "+62 812-3456-7890";
const EX_EMAIL: &str = "rina.w@yahoo.co.id";

fn export_fixture() -> ExportFixture {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let day0 = ts("2026-10-01T08:00:00Z");
    let days: Vec<Timestamp> = (0..5).map(|d| day0 + days(d)).collect();
    let posts = [
        Post::new(
            "91",
            "rina_w",
            "@Kemlu_RI paspor B7654321 ditahan, hubungi +62 812-3456-7890",
        ),
        Post::new("92", "agus_s", "@Kemlu_RI NIK 3201234567890123 diblokir"),
        Post::new(
            "93",
            "rina_w",
            "@Kemlu_RI ini email sy rina.w@yahoo.co.id, teman sy @dewi_k juga",
        ),
        Post::new("94", "dewi_k", "@Kemlu_RI gaji belum dibayar"),
        Post::new("95", "joko_p", "@Kemlu_RI terima kasih"),
    ];
    let mut ids = Vec::new();
    for (post, day) in posts.iter().zip(&days) {
        ids.extend(ingest_at(&queue, std::slice::from_ref(post), *day));
    }
    ExportFixture {
        _dir: dir,
        queue,
        ids,
        days,
    }
}

fn raw_values() -> Vec<&'static str> {
    vec![
        EX_PASSPORT,
        EX_NIK,
        EX_PHONE,
        "812-3456-7890",
        EX_EMAIL,
        "rina.w",
        "@dewi_k",
        "@Kemlu_RI",
        "rina_w",
        "agus_s",
        "dewi_k",
        "joko_p",
    ]
}

#[test]
fn a_redacted_export_carries_no_handle_or_personal_number_and_is_not_recorded() {
    let f = export_fixture();
    let before: Vec<usize> = f
        .ids
        .iter()
        .map(|id| f.queue.store().history(*id).unwrap().len())
        .collect();
    let page = export(&f.queue, query(false));
    assert_eq!(page.rows.len(), 5);
    assert_eq!(page.next, None);
    for row in &page.rows {
        let json = serde_json::to_string(row).unwrap();
        for v in raw_values() {
            assert!(!json.contains(v), "row {} carries {v:?}: {json}", row.id);
        }
        assert!(row.author.starts_with("person-"), "{row:?}");
        assert!(!row.text.is_empty(), "the text is there, masked: {row:?}");
    }
    // The same person has the same pseudonym; others differ.
    let author = |i: usize| page.rows[i].author.clone();
    assert_eq!(author(0), author(2), "rina_w twice");
    let distinct: BTreeSet<String> = [0, 1, 3, 4].iter().map(|i| author(*i)).collect();
    assert_eq!(distinct.len(), 4);
    // A later export names them the same.
    let again = export(&f.queue, query(false));
    assert_eq!(again.rows[0].author, author(0));
    // Written as CSV: still nothing raw.
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out, Format::Csv);
    for r in &page.rows {
        w.write(r).unwrap();
    }
    w.finish().unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert!(csv.starts_with("id,source,channel,"), "{csv}");
    assert_eq!(csv.lines().count(), 6, "{csv}");
    for v in raw_values() {
        assert!(!csv.contains(v), "the CSV carries {v:?}");
    }
    // Nothing recorded in the histories.
    let after: Vec<usize> = f
        .ids
        .iter()
        .map(|id| f.queue.store().history(*id).unwrap().len())
        .collect();
    assert_eq!(after, before);
}

#[test]
fn an_unredacted_export_carries_everything_and_is_recorded_in_each_history() {
    let f = export_fixture();
    let page = export(&f.queue, query(true));
    assert_eq!(page.rows.len(), 5);
    let all = serde_json::to_string(&page).unwrap();
    for v in [EX_PASSPORT, EX_NIK, EX_PHONE, EX_EMAIL, "@dewi_k"] {
        assert!(all.contains(v), "unredacted carries {v:?}");
    }
    assert_eq!(page.rows[0].author, "rina_w");
    for id in &f.ids {
        let history = f.queue.store().history(*id).unwrap();
        let exported: Vec<_> = history.iter().filter(|e| e.what == "exported").collect();
        assert_eq!(exported.len(), 1, "#{id}: {history:?}");
        assert_eq!(exported[0].officer, OFFICER);
    }
    assert!(f.queue.store().verify_chain().unwrap().is_intact());
}

#[test]
fn an_export_covers_its_period_only() {
    let f = export_fixture();
    let page = export(
        &f.queue,
        ExportQuery {
            from: Some(f.days[1]),
            to: Some(f.days[3]),
            ..query(true)
        },
    );
    let got: Vec<u64> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(
        got,
        vec![f.ids[1].0, f.ids[2].0],
        "from inclusive, to exclusive"
    );
    // Only those were recorded as exported.
    for (i, id) in f.ids.iter().enumerate() {
        let n = f
            .queue
            .store()
            .history(*id)
            .unwrap()
            .iter()
            .filter(|e| e.what == "exported")
            .count();
        assert_eq!(n, usize::from(i == 1 || i == 2), "#{id}");
    }
    let open_ended = export(
        &f.queue,
        ExportQuery {
            from: Some(f.days[3]),
            ..query(false)
        },
    );
    assert_eq!(
        open_ended.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![f.ids[3].0, f.ids[4].0]
    );
}

#[test]
fn an_export_in_pages_of_two_yields_every_inquiry_once() {
    let f = export_fixture();
    let mut q = ExportQuery {
        limit: 2,
        ..query(false)
    };
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = export(&f.queue, q.clone());
        pages += 1;
        assert!(page.rows.len() <= 2, "{page:?}");
        seen.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(next) => q.after = Some(next),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen, f.ids.iter().map(|i| i.0).collect::<Vec<_>>());
    assert_eq!(pages, 3);
}

// ===========================================================================
// 6. The statistics report

#[test]
fn the_report_counts_by_kind_and_takes_medians_of_response_times() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let from = ts("2026-11-01T00:00:00Z");
    let to = ts("2026-12-01T00:00:00Z");
    let r0 = ts("2026-11-10T08:00:00Z");
    let mk = |id: &'static str, category: &'static str, priority, channel| Post {
        category,
        priority,
        channel,
        ..Post::new(id, id, "text")
    };
    let ids = ingest_at(
        &queue,
        &[
            mk("a1", "labour", Priority::P1, Channel::Public),
            mk("a2", "labour", Priority::P2, Channel::Private),
            mk("a3", "documents", Priority::P2, Channel::Public),
            mk("a4", "trafficking", Priority::P1, Channel::Private),
            mk("a5", "documents", Priority::P3, Channel::Public),
        ],
        r0,
    );
    // Outside the period: not counted.
    ingest_at(
        &queue,
        &[mk("b1", "labour", Priority::P4, Channel::Public)],
        ts("2026-10-31T23:59:59Z"),
    );
    ingest_at(
        &queue,
        &[mk("b2", "labour", Priority::P4, Channel::Public)],
        to,
    );
    let secs = SignedDuration::from_secs;
    let send = |id, after: i64, state| {
        let draft = reply_draft(&queue, id, Channel::Private, "Halo");
        let (r, _) = queue.store().queue_reply(draft, None, r0).unwrap();
        settle_reply(&queue, &r, state, r0 + secs(after));
    };
    // First replies: a1 after 600 s (a later one too), a2 after 1800 s,
    // a3 after 3600 s; a5's only reply failed. Median: 1800 s.
    send(ids[0], 600, ReplyState::Sent);
    send(ids[0], 900, ReplyState::Sent);
    send(ids[1], 1800, ReplyState::Sent);
    send(ids[2], 3600, ReplyState::Sent);
    send(ids[4], 60, ReplyState::Failed);
    // Escalations: a1 and a4 to Riyadh, acknowledged after 7200 s and
    // 10800 s; a2 to Tawau, not acknowledged. Median: 9000 s.
    let escalate = |id, mission: &str, ack: Option<i64>| {
        let draft = escalation_draft(&queue, id, mission, "case", "", r0);
        let (e, _) = queue.store().add_escalation(draft, r0).unwrap();
        let e = deliver(&queue, &e, r0 + secs(10));
        if let Some(after) = ack {
            acknowledge(&queue, &e, r0 + secs(after));
        }
    };
    escalate(ids[0], "riyadh", Some(7200));
    escalate(ids[3], "riyadh", Some(10800));
    escalate(ids[1], "tawau", None);
    close(&queue, ids[4]);

    let stats = match serve(
        &queue,
        Clearance::Officer,
        Request::Report {
            from: Some(from),
            to: Some(to),
        },
    )
    .unwrap()
    {
        Answer::Report(s) => *s,
        other => panic!("{other:?}"),
    };
    let map = |pairs: &[(&str, u64)]| -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(stats.total, 5);
    assert_eq!(
        stats.by_category,
        map(&[("documents", 2), ("labour", 2), ("trafficking", 1)])
    );
    assert_eq!(stats.by_priority, map(&[("P1", 2), ("P2", 2), ("P3", 1)]));
    assert_eq!(stats.by_channel, map(&[("private", 2), ("public", 3)]));
    assert_eq!(
        stats.by_status,
        map(&[("closed", 1), ("escalated", 3), ("new", 1)])
    );
    assert_eq!(stats.by_mission.values().sum::<u64>(), 3);
    assert_eq!(stats.by_mission.len(), 2);
    let mut first = stats.first_reply_secs.clone();
    first.sort();
    assert_eq!(first, vec![600, 1800, 3600]);
    // Each post was written 5 minutes before siaga fetched it.
    let mut waited = stats.first_reply_from_post_secs.clone();
    waited.sort();
    assert_eq!(waited, vec![900, 2100, 3900], "what the citizen waited");
    let mut acks = stats.ack_secs.clone();
    acks.sort();
    assert_eq!(acks, vec![7200, 10800]);
    let md = stats.markdown();
    assert!(md.contains("Inquiries received: **5**"), "{md}");
    assert!(
        md.contains(
            "Median time to first reply, from the citizen's post: 35m 00s (3 answered)\n  - from when siaga fetched it: 30m 00s"
        ),
        "{md}"
    );
    assert!(
        md.contains("Median time to acknowledgement by the mission: 2h 30m (2 acknowledged)"),
        "{md}"
    );
    for row in [
        "| labour | 2 |",
        "| documents | 2 |",
        "| trafficking | 1 |",
        "| P1 | 2 |",
        "| P3 | 1 |",
        "| private | 2 |",
        "| public | 3 |",
        "| escalated | 3 |",
        "## By category",
        "| Category | Count |",
        "|---|---:|",
    ] {
        assert!(md.contains(row), "missing {row:?} in\n{md}");
    }
    // Erasing keeps the statistics the same.
    for id in &ids {
        queue.erase(*id, OFFICER, "retention").unwrap_or_else(|e| {
            panic!("#{id}: {e}");
        });
    }
    let after = match serve(
        &queue,
        Clearance::Full,
        Request::Report {
            from: Some(from),
            to: Some(to),
        },
    )
    .unwrap()
    {
        Answer::Report(s) => *s,
        other => panic!("{other:?}"),
    };
    assert_eq!(after.total, 5);
    assert_eq!(after.by_category, stats.by_category);
    assert_eq!(after.by_mission, stats.by_mission);
    assert_eq!(after.first_reply_secs.len(), 3);
    assert_eq!(after.ack_secs.len(), 2);
}

// ===========================================================================
// 7. Backup and restore

fn seeded(dir: &Path, n: usize) -> Arc<LocalQueue> {
    let queue = open(dir);
    let names: Vec<String> = (0..n).map(|i| format!("{}", 100 + i)).collect();
    let posts: Vec<Post<'_>> = names
        .iter()
        .map(|id| Post::new(id, "warga", "@Kemlu_RI tolong"))
        .collect();
    ingest(&queue, &posts);
    queue
}

#[test]
fn a_backup_taken_while_writers_work_restores_to_a_whole_store() {
    let root = tempfile::tempdir().unwrap();
    let queue = seeded(&root.path().join("live"), 20);
    let stop = Arc::new(AtomicBool::new(false));
    let writes = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (queue, stop, writes) = (queue.clone(), stop.clone(), writes.clone());
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                let id = InquiryId(1 + i % 20);
                queue
                    .apply(
                        id,
                        &Change::Tag {
                            tag: format!("t{i}"),
                        },
                        OFFICER,
                    )
                    .unwrap();
                queue
                    .apply(
                        id,
                        &Change::Note {
                            text: format!("n{i}"),
                        },
                        OFFICER,
                    )
                    .unwrap();
                let ext = format!("9{i:08}");
                queue
                    .store()
                    .commit_page(
                        &siaga::queue::DeskArrivals,
                        SOURCE,
                        &[Post::new(&ext, "w", "x").arrival(Timestamp::now())],
                        None,
                        Timestamp::now(),
                    )
                    .unwrap();
                writes.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while writes.load(Ordering::SeqCst) < 5 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let file = root.path().join("siaga.backup");
    let before = queue.store().len();
    let report = queue.store().backup(&file).unwrap();
    let after = queue.store().len();
    // Keep writing a little after the backup too.
    let at_backup = writes.load(Ordering::SeqCst);
    while writes.load(Ordering::SeqCst) < at_backup + 3 {
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(after > before || before > 20, "the writer was busy");

    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), report.bytes);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"SIAGA-BACKUP 1\n"));
    assert_eq!(hex::encode(&bytes[bytes.len() - 32..]), report.sha256);

    // Into another directory: with the key of the store it came from.
    let key = root.path().join("live").join("chain.key");
    let (restored, moved) =
        Store::restore_keyed(&root.path().join("copy"), &file, false, Some(&key)).unwrap();
    assert_eq!(moved, None);
    let n = restored.len();
    assert!(
        (before..=after).contains(&n),
        "restored {n}, live had {before}..{after}"
    );
    assert_eq!(n as u64, report.inquiries);
    let check = restored.check(false).unwrap();
    assert!(check.is_clean(), "{check:?}");
    let audit = restored.verify_chain().unwrap();
    assert!(audit.is_intact(), "{audit:?}");
    assert_eq!(audit.head, report.chain_head);
    // The restored store goes on: numbering and the chain continue.
    let restored = LocalQueue::new(restored);
    let new = ingest(&restored, &[Post::new("new-1", "w", "x")]);
    assert_eq!(new[0].0, n as u64 + 1);
    assert!(restored.store().verify_chain().unwrap().is_intact());
    assert!(restored.store().check(false).unwrap().is_clean());
    // The live one, for comparison, is whole too.
    assert!(queue.store().verify_chain().unwrap().is_intact());
}

fn backup_of(root: &Path, n: usize) -> (PathBuf, Vec<Inquiry>) {
    let queue = seeded(&root.join("src"), n);
    let file = root.join("b.backup");
    queue.store().backup(&file).unwrap();
    let items = queue.store().scan().map(Result::unwrap).collect();
    (file, items)
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_is_written() {
    let root = tempfile::tempdir().unwrap();
    let (file, _) = backup_of(root.path(), 5);
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("without its digest", good[..good.len() - 32].to_vec()),
        ("one bit flipped", flipped),
        ("empty", Vec::new()),
        (
            "not a backup",
            b"hello, this is not a backup at all, really".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let bad = root.path().join("bad.backup");
        std::fs::write(&bad, &bytes).unwrap();
        let target = root.path().join(format!("into-{}", what.replace(' ', "-")));
        let err = match Store::restore(&target, &bad, false) {
            Ok(_) => panic!("{what}: restored"),
            Err(e) => e,
        };
        let msg = err.to_string();
        assert!(
            msg.contains("damaged")
                || msg.contains("not a siaga backup")
                || msg.contains("incomplete"),
            "{what}: unclear error: {msg}"
        );
        assert!(!target.join("db").exists(), "{what}: a store was made");
    }
    // Over an existing store, with --replace: still refused, the store kept
    // where it was and as it was.
    let live = root.path().join("live");
    let queue = seeded(&live, 3);
    let items: Vec<Inquiry> = queue.store().scan().map(Result::unwrap).collect();
    drop(queue);
    let bad = root.path().join("bad.backup");
    std::fs::write(&bad, &good[..good.len() - 1]).unwrap();
    match Store::restore(&live, &bad, true) {
        Err(StoreError::Corrupt { detail, .. }) => assert!(detail.contains("digest"), "{detail}"),
        Err(e) => panic!("a truncated backup refused for the wrong reason: {e}"),
        Ok(_) => panic!("a truncated backup was restored"),
    }
    let names: Vec<String> = std::fs::read_dir(&live)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with("db.before-restore")),
        "{names:?}"
    );
    let store = reopen(&live);
    let now: Vec<Inquiry> = store.scan().map(Result::unwrap).collect();
    assert_eq!(now, items);
}

#[test]
fn restore_over_a_store_needs_replace_and_moves_the_old_one_aside() {
    let root = tempfile::tempdir().unwrap();
    let (file, backed_up) = backup_of(root.path(), 4);
    let live = root.path().join("live");
    let queue = seeded(&live, 7);
    let old_items: Vec<Inquiry> = queue.store().scan().map(Result::unwrap).collect();
    // While it is open: refused even with --replace.
    match Store::restore(&live, &file, true) {
        Err(StoreError::Locked { .. }) => {}
        Err(e) => panic!("restoring over an open store refused for the wrong reason: {e}"),
        Ok(_) => panic!("restored over a store that is open"),
    }
    drop(queue);
    let err = match Store::restore(&live, &file, false) {
        Ok(_) => panic!("restored over a store without --replace"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("--replace"), "{err}");
    assert_eq!(
        reopen(&live).scan().count(),
        7,
        "the old store is untouched"
    );
    let key = root.path().join("src").join("chain.key");
    let (store, moved) = Store::restore_keyed(&live, &file, true, Some(&key)).unwrap();
    let aside = moved.expect("the old store was moved aside");
    assert!(aside.is_dir(), "{}", aside.display());
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("db.before-restore-")
    );
    let restored: Vec<Inquiry> = store.scan().map(Result::unwrap).collect();
    assert_eq!(restored, backed_up);
    assert!(store.verify_chain().unwrap().is_intact());
    assert!(store.check(false).unwrap().is_clean());
    drop(store);
    // The old store is whole where it was moved.
    let old_dir = root.path().join("old");
    std::fs::create_dir(&old_dir).unwrap();
    std::fs::rename(&aside, old_dir.join("db")).unwrap();
    // Its key was moved aside too, when the backup's key came in.
    let old_key = std::fs::read_dir(&live)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("chain.key.before-restore-")
        })
        .expect("the old key kept aside");
    std::fs::rename(old_key, old_dir.join("chain.key")).unwrap();
    let old = reopen(&old_dir);
    assert_eq!(
        old.scan().map(Result::unwrap).collect::<Vec<_>>(),
        old_items
    );
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let root = tempfile::tempdir().unwrap();
    let queue = seeded(&root.path().join("live"), 2);
    let file = root.path().join("exists.backup");
    std::fs::write(&file, b"keep me").unwrap();
    match queue.store().backup(&file) {
        Err(StoreError::Open { source, .. }) => {
            assert_eq!(source.kind(), std::io::ErrorKind::AlreadyExists, "{source}")
        }
        other => panic!("a backup onto an existing file: {other:?}"),
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    // Through the steward: only an absolute path.
    let err = serve(
        &queue,
        Clearance::Full,
        Request::Backup {
            path: PathBuf::from("relative.backup"),
        },
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    let fresh = root.path().join("fresh.backup");
    match serve(
        &queue,
        Clearance::Full,
        Request::Backup {
            path: fresh.clone(),
        },
    )
    .unwrap()
    {
        Answer::Backup(b) => assert_eq!(b.inquiries, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

// ===========================================================================
// 8. The index check

struct Damaged {
    _dir: TempDir,
    dir: PathBuf,
    ids: Vec<InquiryId>,
    reply: siaga::reply::ReplyId,
}

/// A store with a claimed inquiry, a private one and a pending reply,
/// closed again.
fn checkable() -> Damaged {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let queue = open(&dir);
    let ids = ingest(
        &queue,
        &[
            Post::new("c1", "a", "one"),
            Post {
                channel: Channel::Private,
                ..Post::new("c2", "b", "two")
            },
            Post::new("c3", "c", "three"),
            Post::new("c4", "d", "four"),
        ],
    );
    apply(&queue, ids[0], Change::Claim { take_over: false });
    let r = queue
        .queue_reply(
            reply_request(ids[2], Channel::Public, "Halo"),
            OFFICER,
            None,
        )
        .unwrap();
    assert!(queue.store().check(false).unwrap().is_clean());
    Damaged {
        _dir: tmp,
        dir,
        ids,
        reply: r.id,
    }
}

#[test]
fn check_finds_each_damaged_index_and_repair_puts_it_right() {
    let d = checkable();
    let (x, y) = (d.ids[0], d.ids[3]);
    raw(&d.dir, |db| {
        // Every queue entry of #x (all its facets).
        let queue = db.open_tree("queue").unwrap();
        let keys: Vec<_> = queue
            .iter()
            .keys()
            .map(Result::unwrap)
            .filter(|k| k[k.len() - 8..] == x.0.to_be_bytes())
            .collect();
        assert_eq!(keys.len(), 2, "#x is in All and in its claimer's facet");
        for k in keys {
            queue.remove(k).unwrap();
        }
        // The count of new inquiries in All.
        let counts = db.open_tree("counts").unwrap();
        let key = [0u8, Status::New.code()];
        assert!(counts.get(key).unwrap().is_some());
        counts.insert(key, &999i64.to_be_bytes()).unwrap();
        // #y's identity, and a dangling one.
        let identity = db.open_tree("identity").unwrap();
        assert!(
            identity
                .remove(identity_key(SOURCE, "c4"))
                .unwrap()
                .is_some()
        );
        identity
            .insert(identity_key(SOURCE, "ghost"), &999u64.to_be_bytes())
            .unwrap();
        // The open-reply index entry.
        let outbox = db.open_tree("outbox").unwrap();
        assert!(outbox.remove(d.reply.0.to_be_bytes()).unwrap().is_some());
    });
    let queue = LocalQueue::new(reopen(&d.dir));
    let store = queue.store();
    // The damage shows: #x is not listed, the count is wrong.
    let listed = |s: &Store| -> Vec<InquiryId> {
        s.list(&Status::OPEN, None, 100)
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect()
    };
    assert!(!listed(&store).contains(&x));
    assert_eq!(store.counts().unwrap().get(Status::New), 999);

    let report = store.check(false).unwrap();
    assert!(!report.repair);
    assert_eq!(report.inquiries, 4);
    assert!(report.unrepaired.is_empty(), "{report:?}");
    let expect = [
        "queue index entries were missing",
        "status counts were wrong",
        "missing from the identity index",
        "identity entries pointed at no inquiry",
        "open-reply index",
    ];
    for e in expect {
        assert!(
            report.repaired.iter().any(|p| p.contains(e)),
            "not reported: {e:?} in {report:?}"
        );
    }
    assert_eq!(report.repaired.len(), expect.len(), "{report:?}");
    assert!(
        report.repaired[0].starts_with("2 "),
        "two queue entries: {report:?}"
    );
    // Looking changed nothing.
    assert_eq!(store.check(false).unwrap(), report);
    assert!(!listed(&store).contains(&x));

    let repaired = store.check(true).unwrap();
    assert!(repaired.repair);
    assert_eq!(repaired.repaired, report.repaired);
    let clean = store.check(false).unwrap();
    assert!(clean.is_clean(), "{clean:?}");
    // And the desk works again.
    assert!(listed(&store).contains(&x));
    assert!(
        store
            .list_facet(&Facet::ClaimedBy(OFFICER.into()), &Status::OPEN, None, 10)
            .unwrap()
            .iter()
            .any(|i| i.id == x)
    );
    let counts = store.counts().unwrap();
    let brute = |s: Status| {
        store
            .scan()
            .filter(|i| i.as_ref().unwrap().status == s)
            .count() as u64
    };
    for s in Status::ALL {
        assert_eq!(counts.get(s), brute(s), "{s}");
    }
    assert_eq!(store.find(SOURCE, "c4").unwrap().map(|i| i.id), Some(y));
    let again = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            SOURCE,
            &[Post::new("c4", "d", "four").arrival(Timestamp::now())],
            None,
            Timestamp::now(),
        )
        .unwrap();
    assert_eq!(again.duplicates, 1);
    assert!(store.find(SOURCE, "ghost").unwrap().is_none());
    assert_eq!(
        store
            .open_replies()
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![d.reply]
    );
    assert!(store.verify_chain().unwrap().is_intact());
}

#[test]
fn check_removes_stale_queue_entries_and_wrong_open_entries() {
    let d = checkable();
    let x = d.ids[1];
    raw(&d.dir, |db| {
        // A queue entry under a status #x is not in (left by a crash).
        let queue = db.open_tree("queue").unwrap();
        let (k, _) = queue
            .iter()
            .map(Result::unwrap)
            .find(|(k, _)| k[0] == 0 && k[k.len() - 8..] == x.0.to_be_bytes())
            .unwrap();
        let mut stale = k.to_vec();
        stale[1] = Status::Escalated.code();
        queue.insert(stale, &[]).unwrap();
        // An escalation-open entry for no escalation.
        db.open_tree("escalation_open")
            .unwrap()
            .insert(42u64.to_be_bytes(), &[])
            .unwrap();
    });
    let store = reopen(&d.dir);
    let escalated = store.list(&[Status::Escalated], None, 10).unwrap();
    assert_eq!(escalated.len(), 1, "the stale entry shows #x as escalated");
    let report = store.check(false).unwrap();
    assert!(
        report
            .repaired
            .iter()
            .any(|p| p.contains("pointed at nothing current")),
        "{report:?}"
    );
    assert!(
        report
            .repaired
            .iter()
            .any(|p| p.contains("open-escalation index")),
        "{report:?}"
    );
    store.check(true).unwrap();
    assert!(store.check(false).unwrap().is_clean());
    assert!(
        store
            .list(&[Status::Escalated], None, 10)
            .unwrap()
            .is_empty()
    );
}

/// Regression guard (the defect as it was found): `Store::check` does not report a missing `threads` entry of an open
/// inquiry: `check(false)` says every index agrees (while a follow-up in
/// that conversation would open a second inquiry instead of attaching),
/// and `check(true)` re-adds it silently, reporting nothing repaired.
#[test]
fn check_reports_a_missing_thread_entry() {
    let d = checkable();
    let x = d.ids[3]; // "c4", open, its own conversation
    raw(&d.dir, |db| {
        let threads = db.open_tree("threads").unwrap();
        let (k, _) = threads
            .iter()
            .map(Result::unwrap)
            .find(|(_, v)| v.as_ref() == x.0.to_be_bytes())
            .expect("#x opened a thread");
        threads.remove(k).unwrap();
    });
    let store = reopen(&d.dir);
    let report = store.check(false).unwrap();
    assert!(
        !report.is_clean(),
        "a missing thread index entry went unreported: {report:?}"
    );
}
