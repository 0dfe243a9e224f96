//! The local queue over a store of its own: arrivals, changes, views.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in mod.rs).

use jiff::Timestamp;

use super::*;
use crate::model::{Arrival, Author, Channel, Priority, Status};
use crate::store::Facet;

fn arrival(n: u64, text: &str) -> Arrival {
    Arrival {
        external_id: n.to_string(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga{n}"),
            display_name: format!("Warga {n}"),
            platform_id: Some(n.to_string()),
        },
        channel: Channel::Public,
        text: text.into(),
        created_at: Timestamp::from_second(1_800_000_000 + n as i64).unwrap(),
        lang: Some("id".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec![],
    }
}

fn found(q: &LocalQueue, text: &str) -> Vec<InquiryId> {
    let inbox = ViewQuery {
        facet: Facet::All,
        statuses: Status::OPEN.to_vec(),
        after: None,
        limit: 0,
    };
    q.search(&inbox, text, 50)
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect()
}

/// The build's window, step by step: the index is built from the store
/// as it was, an arrival and a tag land before it is put in place, and
/// both are found once it is (were nothing replayed, neither would be).
#[test]
fn what_changes_during_a_build_is_replayed_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap());
    let first = q
        .ingest("x", &[arrival(1, "gaji tidak dibayar")], None)
        .unwrap()
        .new_ids[0];
    assert!(q.begin_index_build());
    let built = index::SearchIndex::build(&q.store());
    let later = q
        .ingest("x", &[arrival(2, "paspor ditahan majikan")], None)
        .unwrap()
        .new_ids[0];
    let tag = Change::Tag {
        tag: "meanwhile".into(),
    };
    q.apply(first, &tag, "ana").unwrap();
    q.finish_index_build(built).unwrap();
    assert!(
        !q.begin_index_build(),
        "the index is in place: no second build"
    );
    assert_eq!(found(&q, "paspor"), vec![later]);
    assert_eq!(found(&q, "tag:meanwhile"), vec![first]);
    assert_eq!(found(&q, "gaji"), vec![first]);
}

/// An inquiry is given only to someone who exists: a login on this
/// host or an officer the config names; a typo is refused, naming it,
/// and the inquiry stays as it was.
#[test]
fn an_inquiry_is_given_only_to_a_known_officer() {
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap()).with_policy(DeskPolicy {
        officers: vec!["budi".into()],
        ..DeskPolicy::default()
    });
    let id = q
        .ingest("x", &[arrival(1, "paspor ditahan")], None)
        .unwrap()
        .new_ids[0];
    let give = |to: &str| q.apply(id, &Change::Assign { to: to.into() }, "ana");
    match give("bdui") {
        Err(StoreError::Refused(why)) => {
            assert!(why.contains("no officer named bdui"), "{why}")
        }
        other => panic!("a typo was accepted: {other:?}"),
    }
    assert_eq!(q.store().get(id).unwrap().claimed_by, None);
    assert_eq!(give("budi").unwrap().claimed_by.as_deref(), Some("budi"));
    // `root` is a login on every host these tests run on.
    assert_eq!(give(" root ").unwrap().claimed_by.as_deref(), Some("root"));
}
