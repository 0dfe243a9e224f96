//! Threads: a follow-up from the same author in the same conversation joins
//! the open inquiry it continues, and raises it again.

use crate::common;
use jiff::Timestamp;
use siaga::model::{Arrival, InquiryId, Priority, Status};
use siaga::store::{FieldChange, Store};

fn arrival(
    id: &str,
    author: &str,
    conversation: Option<&str>,
    in_reply_to: Option<&str>,
    priority: Priority,
) -> Arrival {
    let handle = format!("h{author}");
    Arrival {
        conversation_id: conversation.map(Into::into),
        in_reply_to: in_reply_to.map(Into::into),
        author: common::author(&handle, &format!("Author {author}"), author),
        created_at: Timestamp::from_second(1_800_000_000).unwrap(),
        priority,
        reasons: vec![format!("because {id}")],
        ..common::arrival(id, &handle, &format!("message {id}"))
    }
}

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_100).unwrap()
}

fn set_status(store: &Store, id: InquiryId, to: Status) {
    store
        .update(id, "officer", now(), |inq| {
            let from = std::mem::replace(&mut inq.status, to);
            Ok(vec![FieldChange::new(
                "status",
                Some(from.to_string()),
                Some(to.to_string()),
            )])
        })
        .unwrap();
}

#[test]
fn a_follow_up_attaches_and_re_raises() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let first = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("100", "7", Some("100"), None, Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    let parent = first.new_ids[0];

    let again = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("101", "7", Some("100"), Some("100"), Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    assert!(again.new_ids.is_empty());
    assert_eq!(again.attached_ids, vec![parent]);
    let inq = store.get(parent).unwrap();
    assert_eq!(inq.followups.len(), 1);
    assert_eq!(inq.followups[0].external_id, "101");
    assert_eq!(store.counts().unwrap().get(Status::New), 1);
    assert!(
        store
            .history(parent)
            .unwrap()
            .iter()
            .any(|e| e.what == "follow_up")
    );

    // The desk replied; the citizen writes again, more urgently.
    set_status(&store, parent, Status::Replied);
    let urgent = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("102", "7", Some("100"), None, Priority::P1)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(urgent.attached_ids, vec![parent]);
    let inq = store.get(parent).unwrap();
    assert_eq!(inq.status, Status::New, "back in the inbox");
    assert_eq!(inq.priority, Priority::P1, "raised to the new urgency");
    let open = store.list(&Status::OPEN, None, 10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, parent);
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.get(Status::New), counts.get(Status::Replied)),
        (1, 0)
    );

    // Fetching the same follow-up again changes nothing.
    let dup = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("102", "7", Some("100"), None, Priority::P1)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!((dup.duplicates, dup.attached_ids.len()), (1, 0));
    assert_eq!(store.get(parent).unwrap().followups.len(), 2);
}

#[test]
fn another_author_in_the_same_conversation_opens_their_own_inquiry() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("200", "7", Some("200"), None, Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    let other = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("201", "8", Some("200"), Some("200"), Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(other.new_ids.len(), 1);
    assert!(other.attached_ids.is_empty());
}

#[test]
fn after_close_a_new_message_opens_a_new_inquiry_which_then_collects_the_thread() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let first = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("300", "7", Some("300"), None, Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    set_status(&store, first.new_ids[0], Status::Closed);
    let reopened = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("301", "7", Some("300"), None, Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(
        reopened.new_ids.len(),
        1,
        "a closed inquiry is not reopened silently"
    );
    let next = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "x",
            &[arrival("302", "7", Some("300"), None, Priority::P3)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(next.attached_ids, reopened.new_ids);
}

#[test]
fn mastodon_replies_attach_by_in_reply_to_from_the_same_author_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let first = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "m",
            &[arrival("a1", "7", None, None, Priority::P2)],
            None,
            now(),
        )
        .unwrap();
    let own = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "m",
            &[arrival("a2", "7", None, Some("a1"), Priority::P2)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(own.attached_ids, first.new_ids);
    let stranger = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "m",
            &[arrival("a3", "9", None, Some("a1"), Priority::P2)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(stranger.new_ids.len(), 1);
    // A chain: a reply to the follow-up still finds the inquiry.
    let chain = store
        .commit_page(
            &siaga::queue::DeskArrivals,
            "m",
            &[arrival("a4", "7", None, Some("a2"), Priority::P2)],
            None,
            now(),
        )
        .unwrap();
    assert_eq!(chain.attached_ids, first.new_ids);
}

#[test]
fn follow_ups_in_one_page_all_attach() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let page = [
        arrival("400", "7", Some("400"), None, Priority::P3),
        arrival("401", "7", Some("400"), None, Priority::P3),
        arrival("402", "7", Some("400"), None, Priority::P2),
    ];
    let commit = store
        .commit_page(&siaga::queue::DeskArrivals, "x", &page, None, now())
        .unwrap();
    assert_eq!(commit.new_ids.len(), 1);
    assert_eq!(commit.attached_ids.len(), 2);
    let inq = store.get(commit.new_ids[0]).unwrap();
    assert_eq!(inq.followups.len(), 2);
    assert_eq!(inq.priority, Priority::P2);
    assert_eq!(store.len(), 1);
}

#[test]
fn a_page_read_newest_first_still_opens_the_inquiry_with_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut question = arrival("500", "7", Some("500"), None, Priority::P2);
    let mut reply = arrival("501", "7", Some("500"), Some("500"), Priority::P2);
    question.created_at = Timestamp::from_second(1_800_000_000).unwrap();
    reply.created_at = Timestamp::from_second(1_800_000_060).unwrap();
    // As X sends them: newest first.
    let mut page = vec![reply, question];
    siaga::ingest::oldest_first(&mut page);
    let commit = store
        .commit_page(&siaga::queue::DeskArrivals, "x", &page, None, now())
        .unwrap();
    let inq = store.get(commit.new_ids[0]).unwrap();
    assert_eq!(inq.external_id, "500", "the question is the inquiry");
    assert_eq!(inq.followups[0].external_id, "501");
}
