//! Groups on the desk (#16): arrivals are grouped as their page is stored,
//! groups survive a restart with their numbers, a crash between a page and
//! its placements loses no placement for good, grouping leaves each
//! member's own record alone, and `siaga groups` / `list --json` show them.

use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use siaga::config::Config;
use siaga::model::{Arrival, GroupId, InquiryId, Priority};
use siaga::queue::{DeskArrivals, LocalQueue, QueueService};

use crate::common;

const EVACUATE: [&str; 5] = [
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
    "please evacuate my family from Khartoum, no water for days 😭",
    "min tlg evakuasi kluarga sy di Khartoum, air habis 🙏",
    "Khartoum: keluarga saya butuh evakuasi, air dan makanan habis",
    "evakuasi keluarga kami dari Khartoum secepatnya, tidak ada air",
];
const RENEWAL: &str = "min mau tanya perpanjang paspor di KBRI Khartoum syaratnya apa ya";
const WAGES: &str = "gaji saya 5 bulan belum dibayar majikan di Riyadh, paspor ditahan";

fn open(dir: &Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(Config::defaults().desk_policy());
    queue
}

/// The `n`th plea, by its own author, a minute after the last; the third
/// is urgent.
fn plea(n: u64, text: &str) -> Arrival {
    Arrival {
        created_at: Timestamp::now() - SignedDuration::from_mins(60 - n as i64),
        priority: if n == 3 { Priority::P1 } else { Priority::P2 },
        ..common::arrival(&format!("1866{n:015}"), &format!("warga_{n}"), text)
    }
}

fn ingest(queue: &LocalQueue, from: u64, texts: &[&str]) -> Vec<InquiryId> {
    let arrivals: Vec<Arrival> = (from..).zip(texts).map(|(n, text)| plea(n, text)).collect();
    queue.ingest("demo", &arrivals, None).unwrap().new_ids
}

#[test]
fn near_identical_pleas_are_one_group_and_the_others_stay_alone() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let mut texts = vec![EVACUATE[0], RENEWAL, EVACUATE[1], WAGES];
    texts.extend(&EVACUATE[2..]);
    let ids = ingest(&queue, 1, &texts);
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let group = &groups[0];
    let evacuees = [ids[0], ids[2], ids[4], ids[5], ids[6]];
    assert_eq!(group.members, evacuees, "in the order they arrived");
    assert_eq!(group.open, 5);
    assert_eq!(group.priority, Priority::P1, "its most urgent member's");
    assert_eq!(group.missions, ["khartoum"]);
    assert!(group.label.contains("evakuasi"), "{}", group.label);
    assert!(group.label.ends_with("Khartoum"), "{}", group.label);
    assert_eq!(
        queue.groups_named(&[GroupId(7), group.id]).unwrap(),
        groups,
        "one group, as the whole list has it"
    );
    let of = queue.groups_of(&ids).unwrap();
    let g = Some(group.id);
    assert_eq!(of, [g, None, g, None, g, g, g]);
    // Nothing of a member's own record or history says so.
    for id in &ids {
        let history = queue.store().history(*id).unwrap();
        assert_eq!(history.len(), 1, "only its arrival: {history:?}");
    }
}

#[test]
fn after_a_restart_arrivals_join_the_groups_they_had_and_new_ones_are_numbered_after() {
    let dir = tempfile::tempdir().unwrap();
    let first = {
        let queue = open(dir.path());
        ingest(&queue, 1, &EVACUATE[..3]);
        queue.groups().unwrap()[0].id
    };
    let queue = open(dir.path());
    let later = ingest(&queue, 10, &[EVACUATE[3]]);
    let beirut = [
        "tolong evakuasi adik saya dari Beirut, bom semalam dekat apartemen",
        "please evacuate my brother from Beirut, bombing near his apartment",
    ];
    ingest(&queue, 20, &beirut);
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert_eq!(groups[0].id, first);
    assert_eq!(
        groups[0].members.last(),
        later.first(),
        "joined its old group"
    );
    assert!(groups[1].id > first, "{:?} after {first:?}", groups[1].id);
    assert!(groups[1].label.ends_with("Beirut"), "{}", groups[1].label);
}

#[test]
fn pleas_stored_without_their_placement_are_placed_when_the_desk_next_looks() {
    // What a crash between a page's commit and its placements leaves: the
    // inquiries, and no group.
    let dir = tempfile::tempdir().unwrap();
    {
        let queue = open(dir.path());
        let arrivals: Vec<Arrival> = (1..).zip(&EVACUATE[..3]).map(|(n, t)| plea(n, t)).collect();
        let commit = queue
            .store()
            .commit_page(&DeskArrivals, "demo", &arrivals, None, Timestamp::now())
            .unwrap();
        assert_eq!(commit.new_ids.len(), 3);
        assert!(queue.store().groups().unwrap().is_empty());
    }
    let queue = open(dir.path());
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].members.len(), 3);
    // And it was stored: a third process finds it as it is.
    drop(queue);
    let store = open(dir.path()).store();
    assert_eq!(store.groups().unwrap()[0].members, groups[0].members);
    assert_eq!(
        store.group_of(groups[0].members[0]).unwrap(),
        Some(GroupId(1))
    );
}

#[test]
fn siaga_groups_and_list_json_show_the_groups() {
    let desk = crate::records_cli::desk();
    let ids = desk.seed(|queue| {
        queue.set_policy(Config::defaults().desk_policy());
        let mut texts = vec![RENEWAL];
        texts.extend(&EVACUATE[..3]);
        ingest(queue, 1, &texts)
    });
    let listed = desk.ok(&["groups", "--json"]);
    let groups: Vec<Value> = listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups.len(), 1, "{listed:?}");
    let members: Vec<u64> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_u64().unwrap())
        .collect();
    assert_eq!(members, [ids[1].0, ids[2].0, ids[3].0]);
    assert_eq!(groups[0]["id"], 1);
    let human = desk.ok(&["groups"]);
    let line = human.stdout.trim();
    assert!(line.starts_with("g1  ×3  P1  "), "{line}");
    assert!(
        line.contains("Khartoum") && line.contains("(3 open, newest "),
        "{line}"
    );
    let rows = desk.ok(&["list", "--json"]);
    let group_of: Vec<(u64, Value)> = rows
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| (r["id"].as_u64().unwrap(), r["group"].clone()))
        .collect();
    assert_eq!(group_of.len(), 4);
    for (id, group) in group_of {
        let want = if id == ids[0].0 {
            Value::Null
        } else {
            Value::from(1)
        };
        assert_eq!(group, want, "inquiry {id}");
    }
}

// What leaves the desk leaves the grouper's window (#16).

#[test]
fn a_plea_closed_or_erased_is_no_longer_grouped_with_but_its_group_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let first = ingest(&queue, 1, &EVACUATE[..2]);
    let group = queue.groups().unwrap()[0].id;
    let close = siaga::queue::Change::Close {
        reason: "evacuated".into(),
    };
    queue.apply(first[0], &close, "budi").unwrap();
    queue.erase(first[1], "budi", "the person asked").unwrap();
    let later = ingest(&queue, 3, &EVACUATE[2..3]);
    assert_eq!(
        queue.groups_of(&later).unwrap(),
        [None],
        "nothing open to join"
    );
    let groups = queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].id, group);
    assert_eq!(groups[0].members, first, "kept as history");
}
