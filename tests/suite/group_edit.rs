//! An officer's group edits (#16): a member split out of its group is alone
//! (and stays so), two groups joined are one; each is in the history of
//! every member it moves, with who did it; the groups survive a restart
//! as edited; and both work through the daemon and the CLI.

use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use siaga::config::Config;
use siaga::model::{Arrival, Event, GroupId, InquiryId};
use siaga::queue::{LocalQueue, QueueService};

use crate::common;
use crate::daemon::{Daemon, NOBODY, off, officer, two_officers};

const EVACUATE: [&str; 4] = [
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
    "please evacuate my family from Khartoum, no water for days 😭",
    "min tlg evakuasi kluarga sy di Khartoum, air habis 🙏",
    "evakuasi keluarga kami dari Khartoum secepatnya, tidak ada air",
];
const WAGES: [&str; 3] = [
    "gaji saya 5 bulan belum dibayar majikan di Riyadh, paspor ditahan",
    "majikan di Riyadh tidak bayar gaji saya 5 bulan, paspor saya ditahan",
    "gaji 5 bulan blm dibayar majikan Riyadh, paspor ditahan majikan",
];

fn open(dir: &Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(Config::defaults().desk_policy());
    queue
}

fn plea(n: u64, text: &str) -> Arrival {
    Arrival {
        created_at: Timestamp::now() - SignedDuration::from_mins(60 - n as i64),
        ..common::arrival(&format!("1867{n:015}"), &format!("warga_{n}"), text)
    }
}

fn ingest(queue: &dyn QueueService, from: u64, texts: &[&str]) -> Vec<InquiryId> {
    let arrivals: Vec<Arrival> = (from..).zip(texts).map(|(n, text)| plea(n, text)).collect();
    queue.ingest("demo", &arrivals, None).unwrap().new_ids
}

/// The evacuees' group and the wage claims' group: (evacuees, wages).
fn two_groups(queue: &dyn QueueService) -> (Vec<InquiryId>, Vec<InquiryId>) {
    let evacuees = ingest(queue, 1, &EVACUATE);
    let wages = ingest(queue, 10, &WAGES);
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert_eq!(groups[0].members, evacuees);
    assert_eq!(groups[1].members, wages);
    (evacuees, wages)
}

fn last_event(queue: &LocalQueue, id: InquiryId) -> Event {
    queue.store().history(id).unwrap().pop().unwrap()
}

#[test]
fn a_member_split_out_is_alone_with_who_did_it_in_its_history_and_stays_alone() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (evacuees, _) = two_groups(&*queue);
    let left = queue.split_from_group(evacuees[1], "budi").unwrap();
    assert_eq!(left, GroupId(1));
    let event = last_event(&queue, evacuees[1]);
    assert_eq!(event.what, "group_split");
    assert_eq!(event.officer, "budi");
    assert_eq!(event.before.as_deref(), Some("1"));
    assert_eq!(event.after, None);
    assert_eq!(queue.groups_of(&evacuees[..2]).unwrap(), [Some(left), None]);
    let group = &queue.groups().unwrap()[0];
    assert_eq!(group.members, [evacuees[0], evacuees[2], evacuees[3]]);
    // The others' history is theirs: the split is not in it.
    assert_eq!(queue.store().history(evacuees[0]).unwrap().len(), 1);
    // Alone for good: the same words again are not put back with it.
    let again = ingest(&*queue, 20, &[EVACUATE[1]]);
    assert_eq!(queue.groups_of(&again).unwrap(), [Some(left)]);
    assert_eq!(queue.groups_of(&evacuees[1..2]).unwrap(), [None]);
    match queue.split_from_group(evacuees[1], "budi") {
        Err(e) => assert!(e.to_string().contains("in no group"), "{e}"),
        Ok(g) => panic!("split twice: {g}"),
    }
    queue.store().verify_chain().unwrap();
}

#[test]
fn two_groups_joined_are_one_and_each_moved_member_says_so_in_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let (evacuees, wages) = two_groups(&*queue);
    let joined = queue.join_groups(GroupId(1), GroupId(2), "ani").unwrap();
    let all: Vec<InquiryId> = evacuees.iter().chain(&wages).copied().collect();
    assert_eq!(joined.members, all);
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].members, all);
    assert_eq!(queue.groups_of(&all).unwrap(), vec![Some(GroupId(1)); 7]);
    for id in &wages {
        let event = last_event(&queue, *id);
        assert_eq!(event.what, "group_joined");
        assert_eq!(event.officer, "ani");
        assert_eq!(event.before.as_deref(), Some("2"));
        assert_eq!(event.after.as_deref(), Some("1"));
    }
    assert_eq!(queue.store().history(evacuees[0]).unwrap().len(), 1);
    assert!(queue.join_groups(GroupId(1), GroupId(2), "ani").is_err());
    assert!(queue.join_groups(GroupId(1), GroupId(1), "ani").is_err());
    queue.store().verify_chain().unwrap();
}

#[test]
fn after_a_restart_the_groups_are_as_the_officers_left_them() {
    let dir = tempfile::tempdir().unwrap();
    let (evacuees, wages) = {
        let queue = open(dir.path());
        let (evacuees, wages) = two_groups(&*queue);
        queue.split_from_group(evacuees[0], "budi").unwrap();
        queue.join_groups(GroupId(2), GroupId(1), "ani").unwrap();
        (evacuees, wages)
    };
    let queue = open(dir.path());
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].id, GroupId(2));
    let mut want = wages.clone();
    want.extend(&evacuees[1..]);
    assert_eq!(groups[0].members, want);
    assert_eq!(queue.groups_of(&evacuees[..1]).unwrap(), [None]);
    // The rebuilt grouper holds the join: an evacuee's words join group 2.
    let later = ingest(&*queue, 30, &[EVACUATE[3]]);
    assert_eq!(queue.groups_of(&later).unwrap(), [Some(GroupId(2))]);
}

/// Through the daemon, the officer is the socket's, whatever the client says.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn officers_split_and_join_groups_through_the_daemon_as_themselves() {
    let d = Daemon::start(0, two_officers()).await;
    let (evacuees, wages) = two_groups(&*d.local);
    let socket = d.socket.clone();
    let (split, moved) = (evacuees[2], wages.clone());
    let (left, joined) = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        let left = nobody.queue.split_from_group(split, "root").unwrap();
        let joined = nobody.queue.join_groups(left, GroupId(2), "root").unwrap();
        (left, joined)
    })
    .await;
    assert_eq!(left, GroupId(1));
    assert_eq!(joined.members.len(), 6);
    assert_eq!(last_event(&d.local, split).officer, "nobody");
    for id in &moved {
        let event = last_event(&d.local, *id);
        assert_eq!(
            (event.what.as_str(), event.officer.as_str()),
            ("group_joined", "nobody")
        );
    }
    assert_eq!(d.local.groups().unwrap().len(), 1);
}

#[test]
fn siaga_group_split_and_join_say_what_they_did() {
    let desk = crate::records_cli::desk();
    let (evacuees, wages) = desk.seed(|queue| {
        queue.set_policy(Config::defaults().desk_policy());
        two_groups(&**queue)
    });
    let split = desk.ok(&["group", "split", &evacuees[0].0.to_string()]);
    let want = format!("#{} is out of g1: alone from now on", evacuees[0].0);
    assert!(split.stdout.contains(&want), "{split:?}");
    let joined = desk.ok(&["group", "join", "g1", "g2"]);
    assert!(
        joined
            .stdout
            .contains("g2 joined into g1: 3 moved, 6 members now"),
        "{joined:?}"
    );
    let refused = desk.run(&["group", "join", "g1", "g2"]);
    assert_ne!(refused.code, 0, "{refused:?}");
    assert!(
        refused.stderr.contains("there is no group g2"),
        "{refused:?}"
    );
    desk.seed(|queue| {
        let history = queue.store().history(wages[0]).unwrap();
        assert_eq!(history.last().unwrap().what, "group_joined");
        assert_eq!(queue.groups_of(&evacuees).unwrap()[0], None);
    });
}
