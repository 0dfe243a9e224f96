//! Drafts in the desk's store (issue #21): what an officer was writing is
//! saved, replaced, dropped, kept across a reopening, each officer's
//! apart from a colleague's; a send drops the sender's; and a draft, which
//! quotes the citizen, goes with the inquiry's personal data when a
//! data-subject erasure or a retention purge erases it, down to the
//! bytes of the store's files.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use siaga::model::{Channel, Draft, DraftBody, DraftKind, InquiryId, Lang, Priority};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::records::RetentionConfig;
use siaga::records::steward::{self, Answer, Clearance, Context, Request};
use siaga::reply::ReplyRequest;
use siaga::store::StoreError;

const SOURCE: &str = "kemlu-x";

/// A store with three inquiries: two from @budi_99, one from @sari.
fn desk(dir: &Path) -> (Arc<LocalQueue>, Vec<InquiryId>) {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    let page = [
        common::arrival("101", "budi_99", "gaji adik sy blm dibayar"),
        common::arrival("102", "sari", "paspor ditahan majikan"),
        common::arrival("103", "budi_99", "tolong, majikan marah"),
    ];
    let commit = queue.ingest(SOURCE, &page, None).unwrap();
    (queue, commit.new_ids)
}

fn words(text: &str) -> DraftBody {
    DraftBody::Reply {
        text: text.into(),
        template: None,
        lang: Lang::Id,
        channel: Channel::Public,
    }
}

fn escalation_words(summary: &str) -> DraftBody {
    DraftBody::Escalation {
        mission: "riyadh".into(),
        severity: Priority::P1,
        summary: summary.into(),
        note: String::new(),
        via: None,
        reached: String::new(),
    }
}

/// Each officer's drafts, as (inquiry, kind) -> what they hold.
fn kept(queue: &LocalQueue, officer: &str) -> BTreeMap<(InquiryId, DraftKind), DraftBody> {
    queue
        .drafts_of(officer)
        .unwrap()
        .into_iter()
        .inspect(|d| assert_eq!(d.officer, officer, "{d:?}"))
        .map(|d| ((d.inquiry, d.kind()), d.body))
        .collect()
}

/// Whether any file of the store closed at `dir` holds `needle`: the
/// bytes as someone with the disk would read them, old log segments too.
fn in_files(dir: &Path, needle: &str) -> bool {
    let mut todo = vec![dir.to_path_buf()];
    while let Some(at) = todo.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                return true;
            }
        }
    }
    false
}

#[test]
fn a_draft_is_saved_replaced_dropped_and_kept_across_a_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk(dir.path());
    let saved = queue
        .save_draft(ids[0], words("Halo, kami"), "ani")
        .unwrap();
    assert_eq!((saved.inquiry, saved.officer.as_str()), (ids[0], "ani"));
    assert!(saved.saved_at <= Timestamp::now());
    // Saved again: the one draft of its kind, replaced.
    queue
        .save_draft(ids[0], words("Halo, kami bantu"), "ani")
        .unwrap();
    queue
        .save_draft(ids[0], escalation_words("gaji 5 bulan"), "ani")
        .unwrap();
    queue
        .save_draft(ids[1], words("Selamat siang"), "ani")
        .unwrap();
    queue
        .save_draft(ids[0], words("punya Rudi"), "rudi")
        .unwrap();
    let want = BTreeMap::from([
        ((ids[0], DraftKind::Reply), words("Halo, kami bantu")),
        (
            (ids[0], DraftKind::Escalation),
            escalation_words("gaji 5 bulan"),
        ),
        ((ids[1], DraftKind::Reply), words("Selamat siang")),
    ]);
    assert_eq!(kept(&queue, "ani"), want);
    assert_eq!(
        kept(&queue, "rudi"),
        BTreeMap::from([((ids[0], DraftKind::Reply), words("punya Rudi"))]),
        "a colleague's draft is theirs"
    );
    assert!(
        kept(&queue, "an").is_empty(),
        "no login is a prefix of another"
    );
    queue.drop_draft(ids[1], DraftKind::Reply, "ani").unwrap();
    queue.drop_draft(ids[1], DraftKind::Reply, "ani").unwrap();
    // Closed and opened again: what was kept is there.
    drop(queue);
    let queue = LocalQueue::open(dir.path(), 16 << 20).unwrap();
    let mut want = want;
    want.remove(&(ids[1], DraftKind::Reply));
    assert_eq!(kept(&queue, "ani"), want);
    assert_eq!(kept(&queue, "rudi").len(), 1);
}

#[test]
fn a_draft_for_no_inquiry_or_too_long_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk(dir.path());
    let err = queue
        .save_draft(InquiryId(99), words("x"), "ani")
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound(InquiryId(99))),
        "{err:?}"
    );
    let long = "a".repeat(siaga::queue::limits::MAX_DRAFT + 1);
    let err = queue.save_draft(ids[0], words(&long), "ani").unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert!(kept(&queue, "ani").is_empty());
}

#[test]
fn a_reply_queued_drops_the_senders_draft_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk(dir.path());
    queue.save_draft(ids[0], words("Halo"), "ani").unwrap();
    queue
        .save_draft(ids[0], escalation_words("s"), "ani")
        .unwrap();
    queue
        .save_draft(ids[0], words("Halo juga"), "rudi")
        .unwrap();
    let request = ReplyRequest {
        inquiry: ids[0],
        channel: Channel::Public,
        lang: Lang::Id,
        template: None,
        text: "@budi_99 Halo, kami bantu. Hubungi hotline 0800-123.".into(),
    };
    queue.queue_reply(request, "ani", None).unwrap();
    assert_eq!(
        kept(&queue, "ani").into_keys().collect::<Vec<_>>(),
        vec![(ids[0], DraftKind::Escalation)],
        "the escalation is not sent yet"
    );
    assert_eq!(kept(&queue, "rudi").len(), 1);
}

fn subject_erase(queue: &LocalQueue, handle: &str) {
    let request = Request::SubjectErase {
        handle: handle.into(),
        reason: "e-mail of 2026-11-20, ref 123".into(),
    };
    match steward::serve(queue, "ani", Clearance::Full, &Context::default(), request) {
        Ok(Answer::Subject(r)) => assert_eq!(r.done.len(), 2, "{r:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn erasing_a_person_deletes_every_officers_drafts_of_their_inquiries() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk(dir.path());
    queue
        .save_draft(ids[0], words("Pak Budi, NIK 3174012345678901"), "ani")
        .unwrap();
    queue
        .save_draft(
            ids[2],
            escalation_words("Budi di Riyadh, majikan marah"),
            "rudi",
        )
        .unwrap();
    queue
        .save_draft(ids[1], words("Bu Sari, paspor"), "ani")
        .unwrap();
    subject_erase(&queue, "@budi_99");
    assert_eq!(
        kept(&queue, "ani").into_keys().collect::<Vec<_>>(),
        vec![(ids[1], DraftKind::Reply)],
        "only Sari's is left"
    );
    assert!(kept(&queue, "rudi").is_empty());
    // And none is taken for an erased inquiry afterwards.
    let err = queue.save_draft(ids[0], words("lagi"), "ani").unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    drop(queue);
    assert!(
        !in_files(dir.path(), "3174012345678901"),
        "the NIK left the files"
    );
    assert!(!in_files(dir.path(), "majikan marah"));
    assert!(in_files(dir.path(), "Bu Sari, paspor"));
}

#[test]
fn a_retention_purge_deletes_the_drafts_of_what_it_erases() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk(dir.path());
    let close = Change::Close {
        reason: "answered".into(),
    };
    queue.apply(ids[0], &close, "ani").unwrap();
    queue
        .save_draft(ids[0], words("terima kasih, Pak Budi"), "ani")
        .unwrap();
    queue.save_draft(ids[1], words("open one"), "ani").unwrap();
    let config = RetentionConfig {
        default_days: 365,
        daily_purge: false,
        ..Default::default()
    };
    let later = Timestamp::now() + SignedDuration::from_hours(24 * 366);
    let report = steward::purge(&queue, "siaga", &config, false, later).unwrap();
    assert_eq!(
        report.due.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![ids[0]]
    );
    assert_eq!(
        kept(&queue, "ani").into_keys().collect::<Vec<_>>(),
        vec![(ids[1], DraftKind::Reply)]
    );
    drop(queue);
    assert!(!in_files(dir.path(), "terima kasih, Pak Budi"));
}

/// Unused draft fields stay typed as the wire has them.
#[test]
fn a_draft_reads_back_as_it_was_written() {
    let d = Draft {
        inquiry: InquiryId(7),
        officer: "ani".into(),
        saved_at: Timestamp::UNIX_EPOCH,
        body: escalation_words("s"),
    };
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), d);
    let forged = r#"{"kind":"reply","text":"x","template":null,"lang":"id","channel":"public","officer":"budi"}"#;
    assert!(
        serde_json::from_str::<DraftBody>(forged).is_err(),
        "a body naming an officer is refused"
    );
}
