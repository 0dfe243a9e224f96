//! The desk's learned model (#19) as officers meet it: decisions recorded
//! through the queue, `siaga triage train` and `triage eval` in the real
//! binary, a suggestion kept on the next arrival of the kind officers
//! raise, `L`'s change taking it, and `[triage] learned = "raise"`
//! raising (never lowering) a priority as history by `siaga`.

use std::sync::Arc;

use serde_json::Value;
use siaga::model::{Arrival, LearnedMode, Priority, Status};
use siaga::queue::{Change, DeskPolicy, LocalQueue, QueueService};

use crate::common;
use crate::records_cli::desk;

const SOURCE: &str = "kemlu-x";

/// Crew stuck on fishing boats: the lexicon says P3, officers say P1.
const BOATS: [&str; 8] = [
    "adik saya abk di kapal ikan taiwan sudah lama tidak digaji",
    "suami saya abk kapal ikan, paspornya ditahan kapten",
    "abk indonesia di kapal china tidak boleh turun ke darat",
    "kakak saya kerja di kapal ikan, kontak putus sejak minggu lalu",
    "tolong abk kapal ikan korea dipukul mandor",
    "anak saya abk di kapal ikan somalia, makan tidak cukup",
    "kapal ikan tempat sepupu saya kerja tidak pulang pulang",
    "abk kapal ikan dari tegal minta dipulangkan",
];

/// Paperwork: officers close it as not a protection case.
const PAPERS: [&str; 6] = [
    "mohon info syarat perpanjang paspor di KBRI Tokyo",
    "jam buka layanan paspor KJRI Jeddah hari sabtu?",
    "bagaimana cara lapor diri online untuk pelajar",
    "syarat legalisir ijazah di KBRI Kuala Lumpur apa saja",
    "apakah bisa perpanjang paspor lewat pos",
    "info biaya paspor elektronik di KBRI Seoul",
];

fn post(n: usize, text: &str, priority: Priority) -> Arrival {
    let id = format!("{}", 9000 + n);
    Arrival {
        priority,
        category: "crew".into(),
        reasons: vec![],
        ..common::arrival(&id, &format!("warga{n}"), text)
    }
}

/// Three rounds of the desk: every boat plea raised to P1 and tagged
/// `abk` by ana, every paperwork question closed as noise.
fn record_a_desk(queue: &LocalQueue) {
    let mut n = 0;
    for round in 0..3 {
        for text in BOATS {
            n += 1;
            let commit = queue
                .ingest(
                    SOURCE,
                    &[post(n, &format!("{text} ({round})"), Priority::P3)],
                    None,
                )
                .unwrap();
            let id = commit.new_ids[0];
            queue
                .apply(
                    id,
                    &Change::SetPriority {
                        priority: Priority::P1,
                    },
                    "ana",
                )
                .unwrap();
            queue
                .apply(id, &Change::Tag { tag: "abk".into() }, "ana")
                .unwrap();
        }
        for text in PAPERS {
            n += 1;
            let commit = queue
                .ingest(SOURCE, &[post(n, text, Priority::P4)], None)
                .unwrap();
            let close = Change::Close {
                reason: "not a protection case".into(),
            };
            queue.apply(commit.new_ids[0], &close, "budi").unwrap();
        }
    }
}

const NEW_BOAT: &str = "bapak saya abk kapal ikan di fiji, gajinya tidak dibayar";

#[test]
fn officers_raising_one_kind_of_plea_teach_the_model_to_suggest_that_raise() {
    let desk = desk();
    desk.seed(|q| record_a_desk(q));
    let trained = desk.ok(&["triage", "train"]);
    assert!(
        trained.stdout.contains("trained on 42 decisions"),
        "{trained:?}"
    );
    let eval = desk.ok(&["triage", "eval", "--json"]);
    let eval: Value = serde_json::from_str(eval.stdout.trim()).unwrap();
    let p1 = eval["priority"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["class"] == "P1")
        .unwrap();
    assert!(p1["support"].as_u64().unwrap() > 0, "{eval}");
    assert!(p1["recall"].as_f64().unwrap() >= 0.99, "{eval}");
    let human = desk.ok(&["triage", "eval"]);
    assert!(human.stdout.contains("P1: precision"), "{human:?}");

    desk.seed(|q| {
        let commit = q
            .ingest(SOURCE, &[post(500, NEW_BOAT, Priority::P3)], None)
            .unwrap();
        let id = commit.new_ids[0];
        let inq = q.get(id).unwrap().inquiry;
        let learned = inq.learned.clone().expect("a suggestion on the new plea");
        assert_eq!(learned.priority, Priority::P1, "{learned:?}");
        assert_eq!(learned.tags, vec!["abk".to_string()]);
        assert!(
            learned
                .words
                .iter()
                .any(|w| w.contains("abk") || w.contains("kapal")),
            "the words that drove it: {learned:?}"
        );
        assert_eq!(
            inq.priority,
            Priority::P3,
            "suggested, never applied unasked"
        );

        let taken = q.apply(id, &Change::AcceptLearned, "ana").unwrap();
        assert_eq!(taken.priority, Priority::P1);
        assert_eq!(taken.priority_set_by.as_deref(), Some("ana"));
        assert!(taken.tags.contains(&"abk".to_string()));
    });
}

fn queue_raising(dir: &std::path::Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(DeskPolicy {
        learned: LearnedMode::Raise,
        ..DeskPolicy::default()
    });
    queue
}

#[test]
fn raise_mode_raises_a_sure_plea_as_history_and_never_lowers() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue_raising(dir.path());
    record_a_desk(&queue);
    let report = queue.train_model("ana").unwrap();
    assert_eq!(report.examples, 42);

    let commit = queue
        .ingest(
            SOURCE,
            &[
                post(600, NEW_BOAT, Priority::P3),
                post(
                    601,
                    "info syarat perpanjang paspor di KBRI Tokyo",
                    Priority::P2,
                ),
            ],
            None,
        )
        .unwrap();
    let boat = queue.get(commit.new_ids[0]).unwrap();
    assert_eq!(boat.inquiry.priority, Priority::P1);
    assert_eq!(
        boat.inquiry.priority_set_by, None,
        "the desk's, not an officer's"
    );
    assert!(
        boat.inquiry
            .reasons
            .iter()
            .any(|r| r.starts_with("learned: P1")),
        "{:?}",
        boat.inquiry.reasons
    );
    let raised = boat
        .history
        .iter()
        .find(|e| e.what == "priority")
        .expect("the raise is history");
    assert_eq!(
        (
            raised.officer.as_str(),
            raised.before.as_deref(),
            raised.after.as_deref()
        ),
        ("siaga", Some("P3"), Some("P1"))
    );
    let paper = queue.get(commit.new_ids[1]).unwrap().inquiry;
    assert_eq!(
        paper.priority,
        Priority::P2,
        "a calmer suggestion never lowers"
    );
    assert_eq!(paper.learned.unwrap().priority, Priority::P4);
}

#[test]
fn what_is_restricted_or_erased_is_not_learned_at_the_next_training() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue_raising(dir.path());
    record_a_desk(&queue);
    let some = queue
        .store()
        .scan()
        .map(Result::unwrap)
        .find(|i| i.status != Status::Closed)
        .expect("a raised plea")
        .id;
    queue
        .apply(
            some,
            &Change::Restrict {
                reason: "the person asked".into(),
            },
            "sup",
        )
        .unwrap();
    assert_eq!(queue.train_model("ana").unwrap().examples, 41);
}

#[test]
fn too_few_decisions_are_refused_with_what_is_needed() {
    let desk = desk();
    desk.seed(|q| {
        let commit = q
            .ingest(SOURCE, &[post(1, BOATS[0], Priority::P3)], None)
            .unwrap();
        q.apply(
            commit.new_ids[0],
            &Change::SetPriority {
                priority: Priority::P1,
            },
            "ana",
        )
        .unwrap();
    });
    let r = desk.run(&["triage", "train"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("only 1 decisions recorded"), "{r:?}");
    assert!(r.stderr.contains("at least 20"), "{r:?}");
}

/// Training gives the open queue the new model's suggestions at once, not
/// only later arrivals: the plea that came before the model shows one,
/// recorded by `siaga` without its words; its priority stays as the
/// desk had it, even in raise mode.
#[test]
fn training_suggests_for_the_open_queue_without_raising_it() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue_raising(dir.path());
    let waiting = queue
        .ingest(SOURCE, &[post(700, NEW_BOAT, Priority::P3)], None)
        .unwrap()
        .new_ids[0];
    assert_eq!(
        queue.get(waiting).unwrap().inquiry.learned,
        None,
        "no model yet"
    );
    record_a_desk(&queue);
    let report = queue.train_model("ana").unwrap();
    assert!(report.suggested >= 1, "{report:?}");

    let detail = queue.get(waiting).unwrap();
    let learned = detail
        .inquiry
        .learned
        .clone()
        .expect("suggested after training");
    assert_eq!(learned.priority, Priority::P1, "{learned:?}");
    assert_eq!(
        detail.inquiry.priority,
        Priority::P3,
        "not raised afterwards"
    );
    let event = detail
        .history
        .iter()
        .find(|e| e.what == "learned")
        .expect("the suggestion is history");
    assert_eq!(event.officer, "siaga");
    let said = event.after.as_deref().unwrap_or_default();
    assert!(said.starts_with("P1 ("), "{said}");
    assert!(!said.contains("kapal"), "no words of the text: {said}");

    let again = queue.train_model("ana").unwrap();
    assert_eq!(
        again.suggested, 0,
        "an unchanged suggestion is not written again"
    );

    // Erased, it keeps no suggestion (its words are the text's), and a
    // later training writes none back.
    let erased = queue.erase(waiting, "sup", "the person asked").unwrap();
    assert_eq!(erased.learned, None);
    queue.train_model("ana").unwrap();
    assert_eq!(queue.get(waiting).unwrap().inquiry.learned, None);
}
