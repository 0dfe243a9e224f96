//! The real X adapter and fetch loop against a server on 127.0.0.1 that
//! replays X's own recorded responses (tests/data/x).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use serde_json::Value;
use siaga::ingest::{Fetcher, poll_once};
use siaga::queue::{LocalQueue, QueueService};
use siaga::source::x::{XClient, parse_mentions};
use siaga::triage::Lexicon;

fn recorded(name: &str) -> Vec<Value> {
    crate::common::fixtures::cassette("x", name)
}

fn recorded_body(name: &str, n: usize) -> String {
    recorded(name)[n]["body"].to_string()
}

/// One request the replay server received: endpoint, query, Authorization.
type Request = (String, HashMap<String, String>, String);

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Request>>>);

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn replay_server(seen: Seen) -> Router {
    let mentions = recorded_body("test_client_get_users_mentions.decoded.json", 0);
    let empty_dms = recorded_body("test_manage_and_lookup_direct_messages.decoded.json", 3);
    Router::new()
        .route(
            "/2/users/783214/mentions",
            get(
                move |State(seen): State<Seen>,
                      Query(q): Query<HashMap<String, String>>,
                      headers: HeaderMap| {
                    let body = mentions.clone();
                    async move {
                        let auth = headers
                            .get("authorization")
                            .map(|v| v.to_str().unwrap().to_string())
                            .unwrap_or_default();
                        let page_two =
                            q.contains_key("pagination_token") || q.contains_key("since_id");
                        seen.0.lock().unwrap().push(("mentions".into(), q, auth));
                        let body = if page_two {
                            r#"{"meta":{"result_count":0}}"#.to_string()
                        } else {
                            body
                        };
                        ([("content-type", "application/json")], body)
                    }
                },
            ),
        )
        .route(
            "/2/dm_events",
            get(
                move |State(seen): State<Seen>, Query(q): Query<HashMap<String, String>>| {
                    let body = empty_dms.clone();
                    async move {
                        seen.0
                            .lock()
                            .unwrap()
                            .push(("dm_events".into(), q, String::new()));
                        ([("content-type", "application/json")], body)
                    }
                },
            ),
        )
        .with_state(seen)
}

#[test]
fn recorded_pages_parse_with_string_ids_and_cursors() {
    let page =
        parse_mentions(recorded_body("test_client_get_users_mentions.decoded.json", 0).as_bytes())
            .unwrap();
    assert_eq!(page.posts.len(), 10);
    assert_eq!(page.newest_id.as_deref(), Some("1578516295611748353"));
    assert_eq!(
        page.next_token.as_deref(),
        Some("7140dibdnow9c7btw423i3sy3u5zupmkcpofxcsmxj48j")
    );
    assert_eq!(
        page.posts[0].external_id, "1578516295611748353",
        "19-digit id kept exactly"
    );
    let search = parse_mentions(
        recorded_body("test_client_search_recent_tweets.decoded.json", 0).as_bytes(),
    )
    .unwrap();
    assert_eq!(search.posts.len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetching_recorded_mentions_twice_stores_each_once_and_moves_the_cursor() {
    let seen = Seen::default();
    let base = serve(replay_server(seen.clone())).await;
    let dir = tempfile::tempdir().unwrap();
    let queue: Arc<dyn QueueService> = LocalQueue::open(dir.path(), 16 << 20).unwrap();
    let http = siaga::source::http::client(siaga::source::http::DEFAULT_TIMEOUT);
    let client = XClient::new(http, &base, "783214", "secret-token".into());
    let fetcher = Fetcher::x("kemlu-x", Duration::from_secs(60), client);
    let lexicon = Lexicon::builtin();

    let first = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
    assert_eq!((first.new, first.duplicate), (10, 0));
    let second = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
    assert_eq!((second.new, second.duplicate), (0, 0));
    assert_eq!(queue.counts().unwrap().open(), 10);
    assert_eq!(
        queue.cursor("kemlu-x/mentions").unwrap().as_deref(),
        Some("1578516295611748353"),
        "cursor is the first page's newest_id"
    );

    let requests = seen.0.lock().unwrap().clone();
    let mentions: Vec<_> = requests
        .iter()
        .filter(|(what, _, _)| what == "mentions")
        .collect();
    // Poll 1: page 1, then page 2 by pagination_token (same, absent since_id).
    assert!(!mentions[0].1.contains_key("since_id"));
    assert_eq!(
        mentions[1].1.get("pagination_token").map(String::as_str),
        Some("7140dibdnow9c7btw423i3sy3u5zupmkcpofxcsmxj48j")
    );
    // Poll 2 starts from the cursor.
    assert_eq!(
        mentions[2].1.get("since_id").map(String::as_str),
        Some("1578516295611748353")
    );
    assert_eq!(mentions[0].2, "Bearer secret-token");
    assert_eq!(
        mentions[0].1.get("expansions").map(String::as_str),
        Some("author_id")
    );
    assert!(mentions[0].1["tweet.fields"].contains("conversation_id"));
}
