//! The real Mastodon adapter and fetch loop against a server on 127.0.0.1
//! that replays Mastodon's own recorded responses
//! (tests/data/mastodon).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde_json::{Value, json};
use siaga::ingest::{Fetcher, Platform, poll_once};
use siaga::model::{Channel, Status};
use siaga::queue::{LocalQueue, QueueService, ViewQuery};
use siaga::source::mastodon::{MastodonClient, parse_notifications};
use siaga::triage::Lexicon;

/// The ministry's account in the recordings (the one mentioned).
const ACCOUNT: &str = "117020565966271181";

fn recorded(name: &str, n: usize) -> Value {
    crate::common::fixtures::cassette("mastodon", name)[n]["body"].clone()
}

/// The recorded mention notification, plus the recorded direct status
/// wrapped as a newer notification, plus one whose status was deleted.
fn notifications() -> Vec<Value> {
    let mention = recorded("test_notifications_mentions_only.decoded.json", 1)[0].clone();
    let mut direct = mention.clone();
    direct["id"] = json!("22");
    direct["status"] = recorded("test_status_post_None-direct.decoded.json", 0);
    // Recorded as posted by the mentioned account; here a citizen sends it.
    direct["status"]["account"] = mention["status"]["account"].clone();
    let mut gone = mention.clone();
    gone["id"] = json!("23");
    gone["status"] = Value::Null;
    vec![gone, direct, mention]
}

type Seen = Arc<Mutex<Vec<HashMap<String, String>>>>;

async fn serve(seen: Seen) -> String {
    let all = notifications();
    let router = Router::new()
        .route(
            "/api/v1/notifications",
            get(
                move |State(seen): State<Seen>, Query(q): Query<HashMap<String, String>>| {
                    let all = all.clone();
                    async move {
                        seen.lock().unwrap().push(q.clone());
                        let min: u64 = q.get("min_id").and_then(|m| m.parse().ok()).unwrap_or(0);
                        let newer: Vec<Value> = all
                            .into_iter()
                            .filter(|n| n["id"].as_str().unwrap().parse::<u64>().unwrap() > min)
                            .collect();
                        axum::Json(newer)
                    }
                },
            ),
        )
        .with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

#[test]
fn the_accounts_own_messages_are_not_inquiries() {
    let mut own = recorded("test_notifications_mentions_only.decoded.json", 1)[0].clone();
    own["status"] = recorded("test_status_post_None-direct.decoded.json", 0);
    let page = parse_notifications(&serde_json::to_vec(&json!([own])).unwrap(), ACCOUNT).unwrap();
    assert_eq!((page.posts.len(), page.skipped), (0, 1));
}

#[test]
fn recorded_notifications_parse_into_plain_text_mentions() {
    let body = serde_json::to_vec(&recorded(
        "test_notifications_mentions_only.decoded.json",
        1,
    ))
    .unwrap();
    let page = parse_notifications(&body, ACCOUNT).unwrap();
    assert_eq!(page.posts.len(), 1);
    let post = &page.posts[0];
    assert_eq!(post.external_id, "117020577157693549");
    assert_eq!(post.text, "@mastodonpy_test hello!");
    assert_eq!(post.author.handle, "admin");
    assert_eq!(post.channel, Channel::Public);
    assert_eq!(page.newest_id.as_deref(), Some("21"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_walks_min_id_until_empty_and_stores_each_once() {
    let seen: Seen = Arc::default();
    let base = serve(seen.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let queue: Arc<dyn QueueService> = LocalQueue::open(dir.path(), 16 << 20).unwrap();
    let http = siaga::source::http::client(Duration::from_secs(5));
    let fetcher = Fetcher {
        limits: siaga::ingest::WalkLimits::default(),
        name: "kemlu-social".into(),
        poll: Duration::from_secs(60),
        platform: Platform::Mastodon(MastodonClient::new(http, &base, ACCOUNT, "tok".into())),
    };
    let lexicon = Lexicon::builtin();

    let first = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
    assert_eq!(
        (first.new, first.skipped),
        (2, 1),
        "the null status is counted and skipped"
    );
    let again = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
    assert_eq!((again.new, again.duplicate), (0, 0));
    assert_eq!(
        queue
            .cursor("kemlu-social/notifications")
            .unwrap()
            .as_deref(),
        Some("23")
    );

    let rows = queue
        .list(&ViewQuery {
            facet: Default::default(),
            statuses: Status::ALL.to_vec(),
            after: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(rows.len(), 2);
    let private = rows
        .iter()
        .find(|r| r.channel == Channel::Private)
        .expect("the direct status");
    assert!(
        !private.text.contains('<'),
        "HTML became text: {}",
        private.text
    );

    let requests = seen.lock().unwrap().clone();
    assert_eq!(
        requests[0].get("types[]").map(String::as_str),
        Some("mention")
    );
    assert_eq!(
        requests[0].get("min_id").map(String::as_str),
        Some("0"),
        "the first walk starts at the very beginning"
    );
    assert_eq!(
        requests[1].get("min_id").map(String::as_str),
        Some("23"),
        "then pages on with min_id"
    );
    assert!(
        requests.iter().all(|q| !q.contains_key("since_id")),
        "since_id can skip; never used"
    );
}
