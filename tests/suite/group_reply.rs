//! Answering a group at once (#16): each member gets their own reply
//! (their mention, their language, their channel), the member whose plea
//! says what the others' do not is held back, nobody is answered twice
//! (not by a second group answer, not after an officer's own reply), the
//! replies are spaced out for the platform, and `siaga group reply
//! --dry-run` says all of it without queueing anything.

use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use siaga::config::Config;
use siaga::model::group::{GroupReplyOutcome, GroupReplyRequest, SkipReason};
use siaga::model::{Arrival, Channel, GroupId, InquiryId, Lang, Priority};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::store::StoreError;

use crate::common;

const TEMPLATE: &str = "crisis_register";
const OFFICER: &str = "ani";

/// Five pleas from Khartoum; the fourth in English, written privately.
const EVACUATE: [&str; 5] = [
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
    "min tlg evakuasi kluarga sy di Khartoum, air habis 🙏",
    "Khartoum: keluarga saya butuh evakuasi, air dan makanan habis",
    "please evacuate my family from Khartoum, no water for days",
    "evakuasi keluarga kami dari Khartoum secepatnya, tidak ada air",
];
/// One like them that carries what they do not: a pregnancy.
const PREGNANT: &str = "tolong evakuasi keluarga saya di Khartoum, istri saya hamil, tidak ada air";

fn open(dir: &Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(Config::defaults().desk_policy());
    queue
}

fn plea(n: u64, text: &str) -> Arrival {
    let base = common::arrival(&format!("1877{n:015}"), &format!("warga_{n}"), text);
    let english = text.starts_with("please");
    Arrival {
        created_at: Timestamp::now() - SignedDuration::from_mins(60 - n as i64),
        priority: Priority::P2,
        lang: Some(if english { "en" } else { "in" }.into()),
        channel: if english {
            Channel::Private
        } else {
            Channel::Public
        },
        ..base
    }
}

/// The desk with the five pleas and the pregnant one grouped; their ids
/// (the pregnant one last) and the group.
fn crisis(queue: &LocalQueue) -> (Vec<InquiryId>, GroupId) {
    let mut texts = EVACUATE.to_vec();
    texts.push(PREGNANT);
    let arrivals: Vec<Arrival> = (1..).zip(&texts).map(|(n, t)| plea(n, t)).collect();
    let ids = queue.ingest("demo", &arrivals, None).unwrap().new_ids;
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].members, ids, "all six are one group");
    (ids, groups[0].id)
}

fn answer(queue: &LocalQueue, group: GroupId, dry_run: bool) -> GroupReplyOutcome {
    let request = GroupReplyRequest {
        group,
        template: TEMPLATE.into(),
        members: Vec::new(),
        dry_run,
    };
    queue.reply_group(request, OFFICER).unwrap()
}

#[test]
fn each_member_gets_their_own_reply_and_the_one_who_is_different_is_held_back() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (ids, group) = crisis(&queue);
    let outcome = answer(&queue, group, false);
    let answered: Vec<InquiryId> = outcome.queued.iter().map(|m| m.inquiry).collect();
    assert_eq!(answered, ids[..5], "{outcome:#?}");
    assert_eq!(outcome.held.len(), 1, "{outcome:#?}");
    assert_eq!(outcome.held[0].inquiry, ids[5]);
    assert_eq!(outcome.held[0].signals, ["hamil"]);
    assert!(outcome.skipped.is_empty(), "{outcome:#?}");
    let replies = queue.store().open_replies().unwrap();
    assert_eq!(replies.len(), 5, "one each, the held one none");
    for (n, reply) in (1..).zip(&replies) {
        assert_eq!(reply.group, Some(group));
        assert_eq!(reply.officer, OFFICER);
        assert_eq!(reply.template.as_deref(), Some(TEMPLATE));
        assert!(
            reply.text.contains(&format!("@warga_{n}")),
            "rendered for its own member: {}",
            reply.text
        );
    }
    let english = &replies[3];
    assert_eq!(english.lang, Lang::En, "{}", english.text);
    assert_eq!(english.channel, Channel::Private, "wrote privately");
    assert!(english.text.starts_with("Hello"), "{}", english.text);
    assert_eq!(replies[0].lang, Lang::Id);
    assert_eq!(replies[0].channel, Channel::Public);
}

#[test]
fn a_group_answer_is_spread_out_under_the_platforms_limit() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (_, group) = crisis(&queue);
    answer(&queue, group, false);
    let replies = queue.store().open_replies().unwrap();
    let pace = Config::defaults().reply.group_pace_x_secs as i64;
    assert!(pace > 0);
    assert_eq!(replies[0].next_attempt_at, None, "the first goes at once");
    let turns: Vec<Timestamp> = replies[1..]
        .iter()
        .map(|r| r.next_attempt_at.expect("the rest wait their turn"))
        .collect();
    for pair in turns.windows(2) {
        assert_eq!(
            pair[1].duration_since(pair[0]),
            SignedDuration::from_secs(pace)
        );
    }
}

#[test]
fn nobody_is_answered_twice_by_a_second_group_answer_or_after_an_officers_own() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (ids, group) = crisis(&queue);
    // An officer answered the first herself; the second is closed.
    let own = siaga::reply::ReplyRequest {
        inquiry: ids[0],
        channel: Channel::Public,
        lang: Lang::Id,
        template: None,
        text: "@warga_1 kami sudah meneruskan ke KBRI Khartoum".into(),
    };
    queue.queue_reply(own, "budi", None).unwrap();
    let close = Change::Close {
        reason: "duplicate".into(),
    };
    queue.apply(ids[1], &close, "budi").unwrap();
    let first = answer(&queue, group, false);
    assert_eq!(first.queued.len(), 3, "{first:#?}");
    let why = |o: &GroupReplyOutcome, id| {
        o.skipped
            .iter()
            .find(|s| s.inquiry == id)
            .map(|s| s.why.clone())
    };
    assert_eq!(why(&first, ids[0]), Some(SkipReason::Answered));
    assert_eq!(why(&first, ids[1]), Some(SkipReason::Closed));
    let again = answer(&queue, group, false);
    assert!(again.queued.is_empty(), "{again:#?}");
    assert_eq!(again.skipped.len(), 5, "{again:#?}");
    assert_eq!(again.held.len(), 1, "still held, still not answered");
    assert_eq!(queue.store().open_replies().unwrap().len(), 4);
}

#[test]
fn a_dry_run_says_what_each_would_get_and_queues_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (ids, group) = crisis(&queue);
    let outcome = answer(&queue, group, true);
    assert!(outcome.dry_run);
    assert_eq!(outcome.queued.len(), 5);
    assert!(outcome.queued.iter().all(|m| m.reply.is_none()));
    assert!(outcome.queued[0].text.contains("@warga_1"));
    assert!(queue.store().open_replies().unwrap().is_empty());
    for id in ids {
        let history = queue.store().history(id).unwrap();
        assert_eq!(history.len(), 1, "only its arrival: {history:?}");
    }
}

#[test]
fn only_the_marked_members_are_answered_and_a_stranger_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (ids, group) = crisis(&queue);
    let stranger = queue
        .ingest(
            "demo",
            &[plea(40, "gaji saya belum dibayar di Riyadh")],
            None,
        )
        .unwrap()
        .new_ids[0];
    let request = GroupReplyRequest {
        group,
        template: TEMPLATE.into(),
        members: vec![ids[2], stranger, ids[4]],
        dry_run: false,
    };
    let outcome = queue.reply_group(request, OFFICER).unwrap();
    let answered: Vec<InquiryId> = outcome.queued.iter().map(|m| m.inquiry).collect();
    assert_eq!(answered, [ids[2], ids[4]]);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].inquiry, stranger);
    assert_eq!(outcome.skipped[0].why, SkipReason::NotMember);
}

#[test]
fn an_unknown_template_or_group_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (_, group) = crisis(&queue);
    let ask = |group, template: &str| {
        queue.reply_group(
            GroupReplyRequest {
                group,
                template: template.into(),
                members: Vec::new(),
                dry_run: false,
            },
            OFFICER,
        )
    };
    match ask(group, "no_such") {
        Err(StoreError::Refused(why)) => assert!(why.contains("no_such"), "{why}"),
        other => panic!("{other:?}"),
    }
    match ask(GroupId(99), TEMPLATE) {
        Err(StoreError::Refused(why)) => assert!(why.contains("g99"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(queue.store().open_replies().unwrap().is_empty());
}

#[test]
fn siaga_group_reply_dry_run_lists_each_member_and_the_one_held_back() {
    let desk = crate::records_cli::desk();
    let ids = desk.seed(|queue| {
        queue.set_policy(Config::defaults().desk_policy());
        crisis(queue).0
    });
    let out = desk.ok(&["group", "reply", "g1", "--template", TEMPLATE, "--dry-run"]);
    let text = &out.stdout;
    for id in &ids[..5] {
        assert!(text.contains(&format!("#{id} would get (")), "{text}");
    }
    assert!(
        text.contains(&format!("#{} held back for your own look: hamil", ids[5])),
        "{text}"
    );
    assert!(
        text.contains("g1: 5 of 6 would be answered with crisis_register; 1 held back"),
        "{text}"
    );
    let outbox = desk.ok(&["outbox", "--json"]);
    assert!(outbox.stdout.trim().is_empty(), "{outbox:?}");
}

#[test]
fn without_a_template_the_open_crisis_of_its_members_names_it() {
    let desk = crate::records_cli::desk();
    desk.seed(|queue| {
        queue.set_policy(Config::defaults().desk_policy());
        crisis(queue);
        let spec = siaga::model::CrisisSpec {
            name: "sudan-2026".into(),
            places: vec!["Khartoum".into()],
            keywords: Vec::new(),
            template: Some("hotline".into()),
        };
        queue.open_crisis(&spec, OFFICER).unwrap();
    });
    let out = desk.ok(&["group", "reply", "g1", "--dry-run"]);
    assert!(
        out.stdout.contains("would be answered with hotline"),
        "{}",
        out.stdout
    );
}

#[test]
fn without_a_template_or_a_crisis_the_officer_is_told_to_name_one() {
    let desk = crate::records_cli::desk();
    desk.seed(|queue| {
        queue.set_policy(Config::defaults().desk_policy());
        crisis(queue);
    });
    let out = desk.run(&["group", "reply", "g1", "--dry-run"]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("name a template (--template)"),
        "{out:?}"
    );
}

/// A need that is one person's (a baby here) holds a member back too,
/// though it leaves the priority alone.
#[test]
fn a_baby_in_one_plea_holds_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let mut texts = EVACUATE.to_vec();
    texts.push("tolong evakuasi keluarga saya di Khartoum, ada bayi 3 bulan, tidak ada air");
    let arrivals: Vec<Arrival> = (1..).zip(&texts).map(|(n, t)| plea(n, t)).collect();
    let ids = queue.ingest("demo", &arrivals, None).unwrap().new_ids;
    let group = queue.groups().unwrap()[0].clone();
    assert_eq!(group.members, ids);
    let outcome = answer(&queue, group.id, true);
    assert_eq!(outcome.held.len(), 1, "{outcome:#?}");
    assert_eq!(outcome.held[0].inquiry, ids[5]);
    assert_eq!(outcome.held[0].signals, ["bayi"]);
}
