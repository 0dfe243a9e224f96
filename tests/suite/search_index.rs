//! The search index answers exactly what a scan of the store would, and
//! stays current as inquiries arrive and change.

use crate::common;
use jiff::Timestamp;
use siaga::model::{Arrival, Channel, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueService, ViewQuery};
use siaga::store::{Facet, Store};
use siaga::triage::search::{Matcher, Query, rank};

const TEXTS: [&str; 5] = [
    "min tlg paspor sy ditahan majikan di Riyadh",
    "gaji blm dibayar 5 bln, majikan kabur",
    "mohon info perpanjang paspor di Tokyo",
    "my cousin is held in a scam compound in Myawaddy",
    "terima kasih Kemlu",
];

fn arrival(i: u64) -> Arrival {
    let handle = format!("warga{i}");
    let text = format!("{} #{i}", TEXTS[i as usize % 5]);
    Arrival {
        conversation_id: None,
        author: common::author(&handle, &format!("Warga {i}"), &i.to_string()),
        channel: if i.is_multiple_of(4) {
            Channel::Private
        } else {
            Channel::Public
        },
        created_at: Timestamp::from_second(1_800_000_000 + i as i64).unwrap(),
        priority: Priority::ALL[i as usize % 4],
        reasons: vec![],
        ..common::arrival(&format!("{}", 5_000 + i), &handle, &text)
    }
}

fn view(facet: Facet) -> ViewQuery {
    ViewQuery {
        facet,
        statuses: Status::OPEN.to_vec(),
        after: None,
        limit: 0,
    }
}

/// What a plain scan of the view would answer.
fn brute(q: &LocalQueue, view: &ViewQuery, text: &str) -> Vec<u64> {
    let matcher = Matcher::new(Query::parse(text).unwrap());
    let all = q
        .store()
        .list_facet(&view.facet, &view.statuses, None, usize::MAX)
        .unwrap();
    let hits = all
        .into_iter()
        .filter_map(|i| matcher.score(&i).map(|s| (s, i)))
        .collect();
    rank(hits).into_iter().map(|i| i.id.0).collect()
}

fn found(q: &LocalQueue, view: &ViewQuery, text: &str) -> Vec<u64> {
    q.search(view, text, 500)
        .unwrap()
        .into_iter()
        .map(|i| i.id.0)
        .collect()
}

#[test]
fn index_answers_like_a_scan_and_stays_current() {
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap());
    let first: Vec<Arrival> = (0..40).map(arrival).collect();
    let ids = q.ingest("x", &first, None).unwrap().new_ids;
    let inbox = view(Facet::All);
    for text in [
        "paspor",
        "majikan riyadh",
        "tag:minor",
        "prio:P1 paspor",
        "from:warga1",
        "myawadi",
        "zzz",
    ] {
        assert_eq!(found(&q, &inbox, text), brute(&q, &inbox, text), "{text}");
    }
    // Arrivals after the index was built are found.
    let later: Vec<Arrival> = (40..45).map(arrival).collect();
    q.ingest("x", &later, None).unwrap();
    assert_eq!(found(&q, &inbox, "paspor"), brute(&q, &inbox, "paspor"));
    // Changes are seen: a tag, a claim (the Mine facet), a close.
    q.apply(
        ids[3],
        &Change::Tag {
            tag: "minor".into(),
        },
        "ana",
    )
    .unwrap();
    assert_eq!(found(&q, &inbox, "tag:minor"), vec![ids[3].0]);
    q.apply(ids[5], &Change::Claim { take_over: false }, "ana")
        .unwrap();
    let mine = view(Facet::ClaimedBy("ana".into()));
    assert_eq!(found(&q, &mine, "majikan"), brute(&q, &mine, "majikan"));
    q.apply(
        ids[0],
        &Change::Close {
            reason: "done".into(),
        },
        "ana",
    )
    .unwrap();
    assert!(
        !found(&q, &inbox, "paspor").contains(&ids[0].0),
        "closed left the inbox"
    );
    let private = view(Facet::Private);
    assert_eq!(found(&q, &private, "paspor"), brute(&q, &private, "paspor"));
}

#[test]
fn lang_filter_takes_id_and_in_alike() {
    // X tags Indonesian `in`, Mastodon and the desk say `id`; both find both.
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap());
    let mut x_post = arrival(1);
    x_post.lang = Some("in".into());
    let mut mastodon_post = arrival(2);
    mastodon_post.lang = Some("id".into());
    let mut english = arrival(3);
    english.lang = Some("en".into());
    q.ingest("x", &[x_post, mastodon_post, english], None)
        .unwrap();
    let inbox = view(Facet::All);
    let mut by_id = found(&q, &inbox, "lang:id");
    by_id.sort();
    let mut by_in = found(&q, &inbox, "lang:IN");
    by_in.sort();
    assert_eq!(by_id.len(), 2, "lang:id finds both Indonesian posts");
    assert_eq!(by_id, by_in);
    assert_eq!(found(&q, &inbox, "lang:en").len(), 1);
    assert_eq!(brute(&q, &inbox, "lang:in").len(), 2);
}

/// The index is built without holding it (#18): arrivals and changes made
/// while it is being built are noted and replayed, so the built index
/// answers as a scan of the store does; a second search waits for the
/// first build rather than starting another.
#[test]
fn what_arrives_while_the_index_is_built_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let q = std::sync::Arc::new(LocalQueue::new(Store::open(dir.path()).unwrap()));
    let first: Vec<Arrival> = (0..3_000).map(arrival).collect();
    for page in first.chunks(500) {
        q.ingest("x", page, None).unwrap();
    }
    let builder = {
        let q = q.clone();
        std::thread::spawn(move || q.prepare_search().unwrap())
    };
    let searcher = {
        let q = q.clone();
        std::thread::spawn(move || found(&q, &view(Facet::All), "myawaddy").len())
    };
    // Arrivals and a change while the build runs (or just before or after:
    // each way, nothing may be missed).
    let mut later = Vec::new();
    for i in 3_000..3_040 {
        later.extend(q.ingest("x", &[arrival(i)], None).unwrap().new_ids);
    }
    q.apply(
        later[0],
        &Change::Tag {
            tag: "built-meanwhile".into(),
        },
        "ana",
    )
    .unwrap();
    builder.join().unwrap();
    assert!(searcher.join().unwrap() > 0);
    let inbox = view(Facet::All);
    for text in [
        "paspor",
        "myawaddy",
        "#3039",
        "tag:built-meanwhile",
        "from:warga3020",
    ] {
        let page: Vec<u64> = brute(&q, &inbox, text).into_iter().take(500).collect();
        assert_eq!(found(&q, &inbox, text), page, "{text}");
    }
    assert_eq!(found(&q, &inbox, "tag:built-meanwhile"), vec![later[0].0]);
}

/// #21: the detail names the author's other open inquiries on the same
/// source (not the closed one, not a namesake elsewhere, not a handle that
/// only starts the same), once the index is built, and follows changes.
#[test]
fn a_detail_names_the_same_authors_other_open_inquiries() {
    let dir = tempfile::tempdir().unwrap();
    let q = LocalQueue::new(Store::open(dir.path()).unwrap());
    let by = |i: u64, handle: &str| {
        let mut a = arrival(i);
        a.author.handle = handle.into();
        a
    };
    let ids = q
        .ingest(
            "x",
            &[
                by(1, "Siti_92"),
                by(2, "siti_92"),
                by(3, "siti_92"),
                by(4, "siti_920"),
            ],
            None,
        )
        .unwrap()
        .new_ids;
    q.ingest("mastodon", &[by(5, "siti_92")], None).unwrap();
    // Before the index is built, the detail does not wait for it.
    assert!(q.get(ids[0]).unwrap().same_author_open.is_empty());
    q.prepare_search().unwrap();
    assert_eq!(
        q.get(ids[0]).unwrap().same_author_open,
        vec![ids[1], ids[2]]
    );
    q.apply(
        ids[2],
        &Change::Close {
            reason: "answered".into(),
        },
        "siti",
    )
    .unwrap();
    assert_eq!(q.get(ids[0]).unwrap().same_author_open, vec![ids[1]]);
    assert_eq!(q.get(ids[3]).unwrap().same_author_open, vec![]);
}
