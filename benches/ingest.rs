//! Ingest at crisis speed: "inquiries per second from a local server through
//! parse, dedupe and durable commit, beside sled's own rate for the same
//! writes in the same run (goal: at least half of sled's raw rate)".
//!
//! 1. A server on 127.0.0.1 serves N mentions (`SIAGA_BENCH_INGEST_N`,
//!    default 20,000; 500 under `--test`) as X API v2 pages of 100.
//! 2. siaga fetches them all with the real adapter and fetch loop
//!    (`ingest::poll_once`): HTTP, JSON parse, scoring, dedupe, one durable
//!    flushed transaction per page. Then a second pass with the cursor reset
//!    measures the dedupe path (every item already stored).
//! 3. Raw sled, same run, same machine: for every inquiry the same five
//!    records the store writes (item JSON, identity, queue index, history
//!    event, thread), plain inserts without a transaction, one flush per 100.
//!
//! Run: `cargo bench --bench ingest`.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Query;
use axum::routing::get;
use jiff::Timestamp;
use serde_json::json;
use siaga::ingest::{Fetcher, poll_once};
use siaga::model::{Arrival, Author, Channel, Event, Inquiry, InquiryId};
use siaga::queue::{LocalQueue, QueueService};
use siaga::source::x::XClient;
use siaga::triage::Lexicon;

const PAGE: usize = 100;
const FIRST_ID: u64 = 1_861_000_000_000_000_000;

const TEXTS: [&str; 6] = [
    "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan. gmn caranya?",
    "@Kemlu_RI TOLONG sepupu sy dibawa ke Myawaddy, disekap di perusahaan scam, bosnya minta tebusan",
    "@Kemlu_RI mohon info syarat perpanjang paspor di KBRI Tokyo, apakah bisa online?",
    "@Kemlu_RI my husband is detained in Johor Bahru since last week, nobody tells us anything",
    "@Kemlu_RI terima kasih Kemlu atas bantuannya memulangkan jenazah ayah kami 🙏",
    "@Kemlu_RI suami sy ABK kapal ikan Taiwan, katanya ada yg meninggal dan disimpan di freezer",
];

fn n() -> usize {
    support::size("SIAGA_BENCH_INGEST_N", 500, 20_000)
}

/// Page `k` (0-based, newest first) of an `n`-item feed, as X sends it.
fn page_body(k: usize, n: usize) -> String {
    let ids: Vec<u64> = (k * PAGE..((k + 1) * PAGE).min(n))
        .map(|i| FIRST_ID + (n - i) as u64)
        .collect();
    let data: Vec<_> = ids
        .iter()
        .map(|id| {
            json!({"id": id.to_string(), "text": format!("{} #{id}", TEXTS[(*id % 6) as usize]),
                "author_id": (id % 5000).to_string(), "conversation_id": id.to_string(),
                "created_at": "2026-11-28T01:00:00.000Z", "lang": "in",
                "edit_history_tweet_ids": [id.to_string()]})
        })
        .collect();
    let users: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": (id % 5000).to_string(), "username": format!("warga_{}", id % 5000), "name": "Warga"}))
        .collect();
    let mut body = json!({"data": data, "includes": {"users": users},
        "meta": {"result_count": ids.len(), "newest_id": ids[0].to_string(), "oldest_id": ids[ids.len() - 1].to_string()}});
    if (k + 1) * PAGE < n {
        body["meta"]["next_token"] = json!(format!("p{}", k + 1));
    }
    body.to_string()
}

async fn serve(n: usize) -> String {
    let pages: Arc<Vec<String>> =
        Arc::new((0..n.div_ceil(PAGE)).map(|k| page_body(k, n)).collect());
    let router = Router::new()
        .route(
            "/2/users/1/mentions",
            get(
                move |Query(q): Query<std::collections::HashMap<String, String>>| {
                    let pages = pages.clone();
                    async move {
                        let k: usize = q
                            .get("pagination_token")
                            .and_then(|t| t[1..].parse().ok())
                            .unwrap_or(0);
                        ([("content-type", "application/json")], pages[k].clone())
                    }
                },
            ),
        )
        .route(
            "/2/dm_events",
            get(|| async { r#"{"meta":{"result_count":0}}"# }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn rate(n: usize, took: Duration) -> f64 {
    n as f64 / took.as_secs_f64()
}

/// The same five records per inquiry that `commit_page` writes, as plain
/// sled inserts, one flush per page.
fn raw_sled(n: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::Config::new()
        .path(dir.path())
        .cache_capacity(siaga::store::DEFAULT_CACHE_BYTES)
        .mode(sled::Mode::HighThroughput)
        .open()
        .unwrap();
    let trees: Vec<sled::Tree> = ["items", "identity", "queue", "events", "threads"]
        .iter()
        .map(|t| db.open_tree(t).unwrap())
        .collect();
    let now = Timestamp::now();
    let lexicon = Lexicon::builtin();
    let started = Instant::now();
    for i in 0..n {
        let text = TEXTS[i % 6];
        let verdict = lexicon.score(text);
        let arrival = Arrival {
            external_id: (FIRST_ID + i as u64).to_string(),
            conversation_id: Some((FIRST_ID + i as u64).to_string()),
            in_reply_to: None,
            author: Author {
                handle: format!("warga_{}", i % 5000),
                display_name: "Warga".into(),
                platform_id: Some((i % 5000).to_string()),
            },
            channel: Channel::Public,
            text: format!("{text} #{i}"),
            created_at: now,
            lang: Some("in".into()),
            priority: verdict.priority,
            category: verdict.category,
            reasons: verdict.reasons,
        };
        let id = InquiryId(i as u64 + 1);
        let inquiry = Inquiry::from_arrival(id, "bench", arrival, now);
        let event = Event {
            seq: 0,
            at: now,
            officer: "siaga".into(),
            what: "received".into(),
            before: None,
            after: Some("bench".into()),
            link: None,
            sealed: None,
            content: None,
        };
        let key = id.0.to_be_bytes();
        trees[0]
            .insert(key, serde_json::to_vec(&inquiry).unwrap())
            .unwrap();
        trees[1]
            .insert(format!("bench\0{}", inquiry.external_id), &key)
            .unwrap();
        let mut qk = vec![1u8, inquiry.priority.rank()];
        qk.extend_from_slice(&(now.as_microsecond() as u64).to_be_bytes());
        qk.extend_from_slice(&key);
        trees[2].insert(qk, &[]).unwrap();
        let mut ek = key.to_vec();
        ek.extend_from_slice(&0u32.to_be_bytes());
        trees[3]
            .insert(ek, serde_json::to_vec(&event).unwrap())
            .unwrap();
        trees[4]
            .insert(
                format!("bench\0{}\0{}", i % 5000, inquiry.external_id),
                &key,
            )
            .unwrap();
        if (i + 1) % PAGE == 0 || i + 1 == n {
            db.flush().unwrap();
        }
    }
    started.elapsed()
}

fn main() {
    let n = n();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (fetch, dedupe) = runtime.block_on(async {
        let base = serve(n).await;
        let dir = tempfile::tempdir().unwrap();
        let queue: Arc<dyn QueueService> =
            LocalQueue::open(dir.path(), siaga::store::DEFAULT_CACHE_BYTES).unwrap();
        let client = XClient::new(
            siaga::source::http::client(Duration::from_secs(30)),
            &base,
            "1",
            "t".into(),
        );
        let fetcher = Fetcher::x("bench", Duration::from_secs(60), client);
        let lexicon = Lexicon::builtin();
        let started = Instant::now();
        let first = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
        let fetch = started.elapsed();
        assert_eq!(first.new, n, "every item stored once");
        // The server ignores since_id, so a second poll re-reads every page:
        // all duplicates, the dedupe path.
        let started = Instant::now();
        let again = poll_once(&queue, &fetcher, &lexicon).await.unwrap();
        let dedupe = started.elapsed();
        assert_eq!((again.new, again.duplicate), (0, n), "nothing stored twice");
        (fetch, dedupe)
    });
    let raw = raw_sled(n);
    println!("ingest: {n} inquiries from a local X API v2 server, pages of {PAGE}");
    println!(
        "  siaga fetch+parse+score+dedupe+commit: {:>9.0} inquiries/s ({:.2?})",
        rate(n, fetch),
        fetch
    );
    println!(
        "  siaga, same feed again (all dupes):   {:>9.0} inquiries/s ({:.2?})",
        rate(n, dedupe),
        dedupe
    );
    println!(
        "  raw sled, same five records, flush/page: {:>7.0} inquiries/s ({:.2?})",
        rate(n, raw),
        raw
    );
    println!(
        "  siaga / raw sled: {:.2} (goal: at least 0.5)",
        raw.as_secs_f64() / fetch.as_secs_f64()
    );
}
