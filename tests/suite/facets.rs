//! Facets: "Mine", "Private messages" and a crisis's tab (#16) have their
//! own index and counts, which must always agree with the inquiries
//! themselves.

use crate::common;
use jiff::Timestamp;
use siaga::model::{Arrival, Channel, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::store::{Facet, Store};

fn arrival(i: u64) -> Arrival {
    let handle = format!("w{i}");
    Arrival {
        conversation_id: None,
        author: common::author(&handle, "", &format!("{i}")),
        channel: if i.is_multiple_of(3) {
            Channel::Private
        } else {
            Channel::Public
        },
        created_at: Timestamp::from_second(1_800_000_000 + i as i64).unwrap(),
        lang: None,
        priority: Priority::ALL[(i % 4) as usize],
        reasons: vec![],
        ..common::arrival(&format!("{}", 1_000 + i), &handle, &format!("pesan {i}"))
    }
}

/// Brute force: what the facet should hold, per status.
fn expected(all: &[siaga::model::Inquiry], facet: &Facet, status: Status) -> Vec<u64> {
    let mut ids: Vec<_> = all
        .iter()
        .filter(|i| i.status == status)
        .filter(|i| match facet {
            Facet::All => true,
            Facet::ClaimedBy(o) => i.claimed_by.as_deref() == Some(o),
            Facet::Private => i.channel == Channel::Private,
            Facet::Crisis(name) => i.tags.contains(&format!("krisis:{name}")),
        })
        .map(|i| (i.priority, i.queued_at, i.id.0))
        .collect();
    ids.sort();
    ids.into_iter().map(|(_, _, id)| id).collect()
}

#[test]
fn facet_lists_and_counts_follow_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap());
    let arrivals: Vec<Arrival> = (0..60).map(arrival).collect();
    let ids = q.ingest("x", &arrivals, None).unwrap().new_ids;
    let officers = ["ana", "budi"];
    let mut seed = 7u64;
    for step in 0..400 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let id = ids[(seed >> 33) as usize % ids.len()];
        let officer = officers[(seed >> 20) as usize % 2];
        let change = match (seed >> 40) % 8 {
            0 | 1 => Change::Claim {
                take_over: step % 2 == 0,
            },
            2 => Change::Release,
            3 => Change::Close {
                reason: "done".into(),
            },
            4 => Change::Reopen,
            5 => Change::Tag {
                tag: "krisis:sudan".into(),
            },
            6 => Change::Untag {
                tag: "krisis:sudan".into(),
            },
            _ => Change::SetPriority {
                priority: Priority::ALL[(seed >> 50) as usize % 4],
            },
        };
        let _ = q.apply(id, &change, officer);
    }
    let all = q.store().list(&Status::ALL, None, 1000).unwrap();
    assert_eq!(all.len(), 60);
    let facets = [
        Facet::All,
        Facet::Private,
        Facet::ClaimedBy("ana".into()),
        Facet::ClaimedBy("budi".into()),
        Facet::Crisis("sudan".into()),
        Facet::Crisis("myanmar".into()),
    ];
    let tagged = all
        .iter()
        .filter(|i| i.tags.contains(&"krisis:sudan".into()));
    assert!(
        tagged.count() > 3,
        "the walk tags some, so the facet is tried"
    );
    for facet in &facets {
        let counts = q.store().facet_counts(facet).unwrap();
        for status in Status::ALL {
            let want = expected(&all, facet, status);
            let got: Vec<u64> = q
                .store()
                .list_facet(facet, &[status], None, 1000)
                .unwrap()
                .iter()
                .map(|i| i.id.0)
                .collect();
            assert_eq!(got, want, "{facet:?} {status}");
            assert_eq!(
                counts.get(status),
                want.len() as u64,
                "{facet:?} {status} count"
            );
        }
    }
}
