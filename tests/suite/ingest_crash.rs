//! `kill -9` during ingest loses nothing and duplicates nothing (ARCHITECTURE.md
//! rule 1). The real binary runs `siaga ingest --once` against a long X
//! mentions feed served on 127.0.0.1, and is killed with SIGKILL at
//! pseudo-random moments, 25 times: during start-up, while a page is in
//! flight, while a page commits. Then it runs to completion, and the queue
//! must hold every item of the feed exactly once.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

const ITEMS: usize = 3000;
/// Kills 30 to 400 ms after start, which land in start-up and in the first
/// pages of the walk (every restart walks again from the top)...
const KILLS: usize = 25;
/// ...then kills 400 to 1,800 ms after start, which land deeper in the walk
/// (a whole walk of 30 pages takes about 2 s here).
const LATE_KILLS: usize = 5;
const ACCOUNT: &str = "1278933212344557569";
const TOKEN: &str = "crash-test-token";
const SOURCE: &str = "kemlu-x";

const USERS: [(&str, &str, &str); 4] = [
    ("1490211843123453953", "siti_rahma88", "Siti Rahmawati"),
    ("783214", "budi_tkw", "Budi Santoso"),
    ("1360501772883918848", "dewi_hk", "Dewi HK"),
    ("2244994945", "agus_pmi", "Agus P."),
];

/// The feed (ids ascending) and what the server was asked.
struct Feed {
    ids: Vec<u64>,
    mentions: AtomicUsize,
    dm_events: AtomicUsize,
}

impl Feed {
    fn new(n: usize) -> Feed {
        let mut id = 1_861_234_500_000_000_000u64;
        let ids = (0..n)
            .map(|i| {
                id += 1_000_003 + (i as u64 % 5) * 4_194_304;
                id
            })
            .collect();
        Feed {
            ids,
            mentions: AtomicUsize::new(0),
            dm_events: AtomicUsize::new(0),
        }
    }

    fn tweet(&self, index: usize) -> (Value, Value) {
        let id = self.ids[index].to_string();
        let (uid, username, name) = USERS[index % USERS.len()];
        let created = jiff::Timestamp::from_second(1_764_300_000 + index as i64 * 20).unwrap();
        (
            json!({
                "edit_history_tweet_ids": [id],
                "id": id,
                "text": format!("@Kemlu_RI mohon bantuan, paspor saya ditahan majikan di Riyadh (#{index})"),
                "author_id": uid,
                "conversation_id": id,
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
                "lang": "in",
            }),
            json!({"id": uid, "name": name, "username": username}),
        )
    }

    /// A mentions page as X builds it: newest first, strictly newer than
    /// `since_id`, from `pagination_token` on, `max_results` of them.
    fn page(&self, q: &[(String, String)]) -> Value {
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let max = get("max_results")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(10)
            .clamp(5, 100);
        let since = get("since_id").map(|v| v.parse::<u64>().expect("since_id is digits"));
        let from = get("pagination_token").map(|t| {
            u64::from_str_radix(t.strip_prefix("b26ctc").expect("our token"), 36).unwrap()
        });
        let eligible: Vec<usize> = (0..self.ids.len())
            .rev()
            .filter(|&i| {
                since.is_none_or(|s| self.ids[i] > s) && from.is_none_or(|f| self.ids[i] <= f)
            })
            .collect();
        let page = &eligible[..max.min(eligible.len())];
        if page.is_empty() {
            return json!({"meta": {"result_count": 0}});
        }
        let (mut data, mut users) = (Vec::new(), Vec::<Value>::new());
        for &i in page {
            let (tweet, user) = self.tweet(i);
            data.push(tweet);
            if !users.contains(&user) {
                users.push(user);
            }
        }
        let mut meta = json!({
            "result_count": page.len(),
            "newest_id": self.ids[page[0]].to_string(),
            "oldest_id": self.ids[page[page.len() - 1]].to_string(),
        });
        if let Some(&next) = eligible.get(max) {
            meta["next_token"] = json!(format!("b26ctc{}", base36(self.ids[next])));
        }
        json!({"data": data, "includes": {"users": users}, "meta": meta})
    }
}

fn base36(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"))
}

fn unauthorized() -> Response {
    (
        axum::http::StatusCode::UNAUTHORIZED,
        [("content-type", "application/json")],
        r#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#,
    )
        .into_response()
}

async fn mentions(
    State(feed): State<Arc<Feed>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let n = feed.mentions.fetch_add(1, Ordering::SeqCst);
    if !authorized(&headers) {
        return unauthorized();
    }
    assert_eq!(id, ACCOUNT);
    // 20 to 40 ms a page, so that kills land mid-walk.
    tokio::time::sleep(Duration::from_millis(20 + (n as u64 * 7) % 21)).await;
    let body = feed.page(&q).to_string();
    (
        [
            ("content-type", "application/json; charset=utf-8"),
            ("x-rate-limit-limit", "450"),
            ("x-rate-limit-remaining", "449"),
        ],
        body,
    )
        .into_response()
}

async fn dm_events(State(feed): State<Arc<Feed>>, headers: HeaderMap) -> Response {
    feed.dm_events.fetch_add(1, Ordering::SeqCst);
    if !authorized(&headers) {
        return unauthorized();
    }
    (
        [("content-type", "application/json; charset=utf-8")],
        r#"{"meta":{"result_count":0}}"#,
    )
        .into_response()
}

async fn start(feed: Arc<Feed>) -> String {
    let router = Router::new()
        .route("/2/users/{id}/mentions", get(mentions))
        .route("/2/dm_events", get(dm_events))
        .with_state(feed);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// splitmix64: a fixed seed, so every run kills at the same moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

struct Desk {
    home: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Desk {
    fn new(base: &str) -> Desk {
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("siaga.toml");
        std::fs::write(
            &config,
            format!(
                "[store]\ncache_mb = 16\n\n\
                 [[sources]]\n\
                 name = \"{SOURCE}\"\n\
                 kind = \"x\"\n\
                 base_url = \"{base}\"\n\
                 account_id = \"{ACCOUNT}\"\n\
                 token_env = \"SIAGA_TEST_TOKEN\"\n\
                 poll_secs = 1\n\
                 timeout_secs = 5\n"
            ),
        )
        .unwrap();
        let data = home.path().join("queue");
        Desk { home, config, data }
    }

    fn siaga(&self, args: &[&str]) -> Command {
        let home = self.home.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siaga"));
        cmd.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("SIAGA_TEST_TOKEN", TOKEN)
            .env("RUST_BACKTRACE", "1")
            .arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args);
        cmd
    }

    /// Run to the end (at most `limit`), collecting stdout and stderr.
    fn run(&self, args: &[&str], limit: Duration) -> (ExitStatus, String, String) {
        let mut child = self
            .siaga(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let reader = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut s = String::new();
                pipe.read_to_string(&mut s).unwrap();
                s
            })
        };
        let out = reader(Box::new(child.stdout.take().unwrap()));
        let err = reader(Box::new(child.stderr.take().unwrap()));
        let status = wait_at_most(&mut child, limit)
            .unwrap_or_else(|| panic!("`siaga {}` still runs after {limit:?}", args.join(" ")));
        (status, out.join().unwrap(), err.join().unwrap())
    }

    /// Every row of `list --json` over all statuses.
    fn rows(&self) -> Vec<Value> {
        let mut args = vec!["list", "--json"];
        for s in [
            "new",
            "claimed",
            "replied",
            "escalated",
            "snoozed",
            "closed",
        ] {
            args.extend(["--status", s]);
        }
        let (status, out, err) = self.run(&args, Duration::from_secs(60));
        assert!(status.success(), "list failed: {err}");
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn wait_at_most(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `kemlu-x: 12 new, 0 follow-up, 3 duplicate, 0 skipped` -> (12, 3).
fn counts(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{SOURCE}: ")))
        .unwrap_or_else(|| panic!("no line for {SOURCE} in {stdout:?}"));
    let number = |word: &str| -> usize {
        let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let at = words
            .iter()
            .position(|w| *w == word)
            .unwrap_or_else(|| panic!("{line}"));
        words[at - 1].parse().unwrap_or_else(|_| panic!("{line}"))
    };
    (number("new"), number("duplicate"))
}

fn data_dir_exists(p: &Path) -> bool {
    p.join("db").exists()
}

/// What `list --json` does not show: follow-ups (a re-fetched item that
/// slipped past dedupe could hide there as a follow-up of itself), the
/// status counts and the cursor. Every conversation of the feed is its own,
/// so no inquiry may have a follow-up.
fn check_store(data: &Path, feed: &Feed) {
    use siaga::model::Status;
    use siaga::queue::{LocalQueue, QueuePosWire, QueueService, ViewQuery};
    let queue = LocalQueue::open(data, 16 << 20).unwrap();
    let (mut after, mut listed) = (None, 0);
    loop {
        // Built through serde: fields a view gains with a serde default
        // (a facet, a filter) keep that default here.
        let view: ViewQuery =
            serde_json::from_value(json!({"statuses": Status::ALL, "after": after, "limit": 500}))
                .unwrap();
        let page = queue.list(&view).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(QueuePosWire::of(last));
        listed += page.len();
        for inq in &page {
            assert!(
                inq.followups.is_empty(),
                "#{} {} has follow-ups {:?}",
                inq.id,
                inq.external_id,
                inq.followups
                    .iter()
                    .map(|f| &f.external_id)
                    .collect::<Vec<_>>()
            );
            assert_eq!(inq.history_len, 1, "#{}: only `received`", inq.id);
        }
    }
    assert_eq!(listed, ITEMS);
    assert_eq!(queue.counts().unwrap().get(Status::New), ITEMS as u64);
    assert_eq!(queue.store().len(), ITEMS);
    assert_eq!(
        queue.cursor(&format!("{SOURCE}/mentions")).unwrap(),
        feed.ids.last().map(u64::to_string),
        "the cursor is the newest id"
    );
}

#[test]
fn killed_at_random_moments_ingest_ends_with_every_item_once() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let feed = Arc::new(Feed::new(ITEMS));
    let base = rt.block_on(start(feed.clone()));
    let desk = Desk::new(&base);
    let started = Instant::now();

    let mut rng = Rng(0x5349_4147_4120_2026);
    // (ms after spawn, mentions requests of this run at the kill, whether
    // its mentions walk had ended, whether it had exited)
    let mut kills: Vec<(u64, usize, bool, Option<ExitStatus>)> = Vec::new();
    for k in 0..KILLS + LATE_KILLS {
        let before = feed.mentions.load(Ordering::SeqCst);
        let dms_before = feed.dm_events.load(Ordering::SeqCst);
        let mut child = desk
            .siaga(&["ingest", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let after_ms = if k < KILLS {
            30 + rng.next() % 371
        } else {
            400 + rng.next() % 1401
        };
        std::thread::sleep(Duration::from_millis(after_ms));
        let exited = child.try_wait().unwrap();
        let requests = feed.mentions.load(Ordering::SeqCst) - before;
        let walk_done = feed.dm_events.load(Ordering::SeqCst) > dms_before;
        child.kill().unwrap(); // SIGKILL
        let status = wait_at_most(&mut child, Duration::from_secs(10)).expect("killed child ends");
        if exited.is_none() {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "ended by SIGKILL");
        }
        kills.push((after_ms, requests, walk_done, exited));
    }
    assert!(
        data_dir_exists(&desk.data),
        "some run got as far as the store"
    );

    let stored_before = desk.rows().len();
    let (status, out, err) = desk.run(&["ingest", "--once"], Duration::from_secs(60));
    assert!(status.success(), "final ingest: {out}\n{err}");
    let (new, duplicate) = counts(&out);
    assert_eq!(
        stored_before + new,
        ITEMS,
        "what the kills left plus what the final run added: {out}"
    );
    if stored_before < ITEMS {
        // No killed run finished its walk, so the cursor never moved and
        // the final run walked the whole feed again.
        assert_eq!(duplicate, stored_before, "the re-walk met what was stored");
    }
    let (status, out, err) = desk.run(&["ingest", "--once"], Duration::from_secs(60));
    assert!(status.success(), "second ingest: {out}\n{err}");
    assert_eq!(counts(&out), (0, 0), "nothing newer than the cursor: {out}");

    let rows = desk.rows();
    let served: BTreeSet<String> = feed.ids.iter().map(u64::to_string).collect();
    let mut external = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for row in &rows {
        assert_eq!(row["source"], SOURCE);
        let ext = row["external_id"].as_str().unwrap().to_string();
        assert!(external.insert(ext.clone()), "external_id {ext} twice");
        let id = row["id"].as_u64().unwrap();
        assert!(ids.insert(id), "id {id} twice");
    }
    assert_eq!(rows.len(), ITEMS, "one row per item");
    assert_eq!(external, served, "the queue holds exactly the feed");
    check_store(&desk.data, &feed);

    let before_first = kills.iter().filter(|k| k.1 == 0).count();
    let mid_walk = kills
        .iter()
        .filter(|k| k.1 > 0 && !k.2 && k.3.is_none())
        .count();
    let after_walk = kills.iter().filter(|k| k.2 && k.3.is_none()).count();
    let finished = kills.iter().filter(|k| k.3.is_some()).count();
    let pages: Vec<usize> = kills.iter().map(|k| k.1).collect();
    eprintln!(
        "{} SIGKILLs: {before_first} before the first request, {mid_walk} mid-walk, \
         {after_walk} after the mentions walk, {finished} after the run had ended; \
         pages requested at each kill: {pages:?}; \
         {stored_before} of {ITEMS} stored before the final run; {} mentions requests in all; {:?}",
        kills.len(),
        feed.mentions.load(Ordering::SeqCst),
        started.elapsed()
    );
    // Not a timing assertion: without a single kill inside a walk, this
    // test would not have tested what it claims.
    assert!(mid_walk >= 1, "no kill landed mid-walk: {kills:?}");
}
