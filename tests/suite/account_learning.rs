//! A source without a numeric account id (issue 13): the real clients, the
//! fetch loop and the binary against a server on 127.0.0.1 replaying the
//! platforms' recorded answers: Mastodon's `verify_credentials` (the
//! mentioned account of tests/data/mastodon) and X's `users/me`
//! (tests/data/x/test_client_get_me).
//!
//! - learned: the account's id comes from the token, before the first
//!   poll; the account's own posts are skipped by it;
//! - kept: the learned id is the cursor `<source>/account`, so a restart
//!   does not ask again;
//! - checked: a configured id that is not the token's account stops that
//!   source, naming both, and no other;
//! - `siaga config check --online` says whose each token is; without
//!   `--online` nothing goes to the network.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use siaga::config::{Config, SourceConfig, SourceKind};
use siaga::ingest::{self, Fetcher, Health, Platform, poll_once};
use siaga::queue::{LocalQueue, QueuePosWire, QueueService, ViewQuery};
use siaga::source::SourceError;
use siaga::triage::Lexicon;

/// The Mastodon account of the recordings that is mentioned (the
/// ministry's, here) and the one that mentions it (a citizen).
const MASTO_ACCOUNT: &str = "117020565966271181";
/// The X account of tests/data/x/test_client_get_me.decoded.json.
const X_ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "account-token";
const VERIFY: &str = "/api/v1/accounts/verify_credentials";
const ME: &str = "/2/users/me";
/// Every test's outer bound: the call returns at all.
const DEADLINE: Duration = Duration::from_secs(60);

fn recorded(platform: &str, name: &str, n: usize) -> Value {
    crate::common::fixtures::cassette(platform, name)[n]["body"].clone()
}

/// The recorded mention (by `admin`, id 21) and the ministry account's own
/// recorded direct status wrapped as a newer notification (22).
fn notifications() -> Vec<Value> {
    let mention = recorded(
        "mastodon",
        "test_notifications_mentions_only.decoded.json",
        1,
    )[0]
    .clone();
    let mut own = mention.clone();
    own["id"] = json!("22");
    own["status"] = recorded("mastodon", "test_status_post_None-direct.decoded.json", 0);
    vec![own, mention]
}

/// One request as the replay server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    query: HashMap<String, String>,
}

/// Both platforms on one server: Mastodon under `/api/`, X under `/2/`.
/// Every request must carry the token; `verify_status` (200 as recorded)
/// is what `verify_credentials` answers.
struct Replay {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    verify_status: Arc<Mutex<u16>>,
}

impl Replay {
    async fn start() -> Replay {
        let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
        let verify_status = Arc::new(Mutex::new(200u16));
        let (log, status) = (seen.clone(), verify_status.clone());
        let router = Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let (log, status) = (log.clone(), status.clone());
            async move {
                let request = Seen {
                    path: uri.path().to_string(),
                    query: pairs(uri.query().unwrap_or_default()),
                };
                log.lock().unwrap().push(request.clone());
                let authorised = headers
                    .get("authorization")
                    .is_some_and(|v| v.to_str().ok() == Some(&format!("Bearer {TOKEN}")));
                if !authorised {
                    return answer(401, json!({"error": "The access token is invalid"}));
                }
                let verify_status = *status.lock().unwrap();
                replay(&request, verify_status)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Replay {
            url,
            seen,
            verify_status,
        }
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|s| s.path == path).count()
    }
}

fn pairs(query: &str) -> HashMap<String, String> {
    let url = reqwest::Url::parse(&format!("http://h/?{query}")).unwrap();
    url.query_pairs().into_owned().collect()
}

fn answer(status: u16, body: Value) -> Response {
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

/// What the platforms answered when recorded.
fn replay(request: &Seen, verify_status: u16) -> Response {
    let mentions = format!("/2/users/{X_ACCOUNT}/mentions");
    match request.path.as_str() {
        VERIFY if verify_status != 200 => answer(verify_status, json!({"error": "Unavailable"})),
        VERIFY => answer(
            200,
            recorded("mastodon", "test_fetch_next_previous.decoded.json", 0),
        ),
        "/api/v1/notifications" => {
            let min: u64 = request
                .query
                .get("min_id")
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            let newer: Vec<Value> = notifications()
                .into_iter()
                .filter(|n| n["id"].as_str().unwrap().parse::<u64>().unwrap() > min)
                .collect();
            answer(200, json!(newer))
        }
        ME => answer(200, recorded("x", "test_client_get_me.decoded.json", 0)),
        path if path == mentions => {
            let later = request.query.contains_key("pagination_token")
                || request.query.contains_key("since_id");
            match later {
                true => answer(200, json!({"meta": {"result_count": 0}})),
                false => answer(
                    200,
                    recorded("x", "test_client_get_users_mentions.decoded.json", 0),
                ),
            }
        }
        "/2/dm_events" => answer(
            200,
            recorded(
                "x",
                "test_manage_and_lookup_direct_messages.decoded.json",
                3,
            ),
        ),
        _ => answer(404, json!({"error": "Record not found"})),
    }
}

/// A queue on disk and a 0600 token file.
struct Desk {
    dir: tempfile::TempDir,
    queue: Arc<dyn QueueService>,
    token: PathBuf,
    lexicon: Lexicon,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("token");
        std::fs::write(&token, TOKEN).unwrap();
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
        Desk {
            queue: open(&dir.path().join("data")),
            dir,
            token,
            lexicon: Lexicon::builtin(),
        }
    }

    /// Close the queue and open it again: a restart.
    fn restart(self) -> Desk {
        let Desk {
            dir,
            queue,
            token,
            lexicon,
        } = self;
        drop(queue);
        Desk {
            queue: open(&dir.path().join("data")),
            dir,
            token,
            lexicon,
        }
    }

    fn source(
        &self,
        name: &str,
        kind: SourceKind,
        url: &str,
        account: Option<&str>,
    ) -> SourceConfig {
        SourceConfig {
            name: name.into(),
            kind,
            base_url: url.into(),
            account_id: account.map(str::to_string),
            token_file: Some(self.token.clone()),
            timeout_secs: 5,
            ..SourceConfig::default()
        }
    }

    /// The fetcher the config makes of `source`.
    fn fetcher(&self, source: &SourceConfig) -> Fetcher {
        let built = ingest::fetchers(std::slice::from_ref(source)).remove(0);
        built.unwrap_or_else(|(name, e)| panic!("{name}: {e}"))
    }

    fn cursor(&self, key: &str) -> Option<String> {
        self.queue.cursor(key).unwrap()
    }

    /// Every stored (author, text).
    fn stored(&self) -> Vec<(String, String)> {
        let query: ViewQuery = serde_json::from_value(json!({
            "statuses": siaga::model::Status::ALL, "limit": 1000,
            "after": Option::<QueuePosWire>::None,
        }))
        .unwrap();
        self.queue
            .list(&query)
            .unwrap()
            .into_iter()
            .map(|i| (i.author.handle, i.text))
            .collect()
    }
}

fn open(dir: &Path) -> Arc<dyn QueueService> {
    LocalQueue::open(dir, 16 << 20).unwrap()
}

async fn bounded<T>(what: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(DEADLINE, what)
        .await
        .expect("returns at all")
}

// ---------------------------------------------------------------------------
// learned

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_without_account_id_learns_it_and_skips_its_own_posts() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let source = desk.source("kemlu-masto", SourceKind::Mastodon, &server.url, None);
    let fetcher = desk.fetcher(&source);

    let count = bounded(poll_once(&desk.queue, &fetcher, &desk.lexicon))
        .await
        .unwrap();

    assert_eq!(
        (count.new, count.skipped),
        (1, 1),
        "admin's mention is new; the account's own direct status is skipped"
    );
    assert_eq!(
        desk.stored(),
        vec![("admin".to_string(), "@mastodonpy_test hello!".to_string())]
    );
    let requests = server.requests();
    assert_eq!(requests[0].path, VERIFY, "asked before the first poll");
    assert_eq!(server.count(VERIFY), 1);
    assert_eq!(
        desk.cursor("kemlu-masto/account").as_deref(),
        Some(MASTO_ACCOUNT)
    );
    let Platform::Mastodon(client) = &fetcher.platform else {
        panic!("a Mastodon fetcher");
    };
    assert_eq!(client.account_id(), Some(MASTO_ACCOUNT));
    let account = bounded(client.verify_credentials()).await.unwrap();
    assert_eq!(account.id, MASTO_ACCOUNT);
    assert_eq!(
        account.handle, "mastodonpy_test@127.0.0.1",
        "the acct, with the instance asked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_without_account_id_learns_it_from_users_me_and_polls_its_mentions() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let source = desk.source("kemlu-x", SourceKind::X, &server.url, None);
    let fetcher = desk.fetcher(&source);

    let count = bounded(poll_once(&desk.queue, &fetcher, &desk.lexicon))
        .await
        .unwrap();

    assert_eq!(count.new, 10, "the recorded page of mentions");
    let paths: Vec<String> = server.requests().into_iter().map(|s| s.path).collect();
    assert_eq!(paths[0], ME, "asked before the first poll: {paths:?}");
    assert_eq!(paths[1], format!("/2/users/{X_ACCOUNT}/mentions"));
    assert_eq!(server.count(ME), 1);
    assert!(
        !paths.iter().any(|p| p.starts_with("/2/users//")),
        "never a request without the id: {paths:?}"
    );
    assert_eq!(desk.cursor("kemlu-x/account").as_deref(), Some(X_ACCOUNT));
    let Platform::X { client, .. } = &fetcher.platform else {
        panic!("an X fetcher");
    };
    let me = bounded(client.me()).await.unwrap();
    assert_eq!(me.to_string(), format!("@TweepyDev (id {X_ACCOUNT})"));
}

// ---------------------------------------------------------------------------
// kept

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_uses_the_learned_id_without_asking_again() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let sources = [
        desk.source("kemlu-x", SourceKind::X, &server.url, None),
        desk.source("kemlu-masto", SourceKind::Mastodon, &server.url, None),
    ];
    let first = bounded(ingest::ingest_once(
        desk.queue.clone(),
        &sources,
        &desk.lexicon,
    ))
    .await;
    assert_eq!(first["kemlu-x"].clone().unwrap().new, 10);
    assert_eq!(first["kemlu-masto"].clone().unwrap().new, 1);
    assert_eq!((server.count(ME), server.count(VERIFY)), (1, 1));

    let desk = desk.restart();
    let second = bounded(ingest::ingest_once(
        desk.queue.clone(),
        &sources,
        &desk.lexicon,
    ))
    .await;
    assert!(second["kemlu-x"].is_ok(), "{:?}", second["kemlu-x"]);
    assert!(second["kemlu-masto"].is_ok(), "{:?}", second["kemlu-masto"]);
    assert_eq!(
        (server.count(ME), server.count(VERIFY)),
        (1, 1),
        "the stored ids are used: nobody asked again"
    );
    let mentions = format!("/2/users/{X_ACCOUNT}/mentions");
    let polls: Vec<Seen> = server
        .requests()
        .into_iter()
        .filter(|s| s.path == mentions)
        .collect();
    assert_eq!(
        polls
            .last()
            .unwrap()
            .query
            .get("since_id")
            .map(String::as_str),
        Some("1578516295611748353"),
        "the second start polled the stored id's mentions from its cursor"
    );
    let last_notifications = server
        .requests()
        .into_iter()
        .rfind(|s| s.path == "/api/v1/notifications")
        .unwrap();
    assert_eq!(
        last_notifications.query.get("min_id").map(String::as_str),
        Some("22")
    );
}

// ---------------------------------------------------------------------------
// checked

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_id_that_is_not_the_tokens_stops_that_source_only() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let sources = [
        desk.source(
            "kemlu-masto",
            SourceKind::Mastodon,
            &server.url,
            Some("123"),
        ),
        desk.source("kemlu-x", SourceKind::X, &server.url, None),
    ];

    let results = bounded(ingest::ingest_once(
        desk.queue.clone(),
        &sources,
        &desk.lexicon,
    ))
    .await;

    let wrong = results["kemlu-masto"].clone().unwrap_err();
    assert!(
        matches!(&wrong, SourceError::WrongAccount { configured, account }
            if configured == "123" && account.id == MASTO_ACCOUNT),
        "{wrong:?}"
    );
    assert!(wrong.is_fatal());
    assert_eq!(
        wrong.to_string(),
        format!(
            "account_id 123 is not the token's account {MASTO_ACCOUNT} (@mastodonpy_test@127.0.0.1)"
        )
    );
    assert_eq!(
        server.count("/api/v1/notifications"),
        0,
        "nothing polled as the wrong account"
    );
    assert_eq!(
        results["kemlu-x"].clone().unwrap().new,
        10,
        "the other goes on"
    );
    assert_eq!(desk.cursor("kemlu-masto/account"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_fetcher_of_a_wrong_account_stops_and_says_why() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let source = desk.source(
        "kemlu-masto",
        SourceKind::Mastodon,
        &server.url,
        Some("123"),
    );
    let (health_tx, mut health_rx) = tokio::sync::mpsc::unbounded_channel();
    let run = ingest::run_fetcher(
        desk.queue.clone(),
        desk.fetcher(&source),
        Arc::new(Lexicon::builtin()),
        health_tx,
    );

    bounded(run).await;

    let mut reports = Vec::new();
    while let Ok(report) = health_rx.try_recv() {
        reports.push(report.health);
    }
    let reason = format!("account_id 123 is not the token's account {MASTO_ACCOUNT}");
    assert!(
        matches!(reports.last(), Some(Health::Stopped { reason: r }) if r.starts_with(&reason)),
        "{reports:?}"
    );
    assert_eq!(server.count("/api/v1/notifications"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_id_is_checked_once_at_start_and_used_when_unreachable() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let right = desk.source(
        "kemlu-masto",
        SourceKind::Mastodon,
        &server.url,
        Some(MASTO_ACCOUNT),
    );
    let started = bounded(ingest::ingest_once(
        desk.queue.clone(),
        std::slice::from_ref(&right),
        &desk.lexicon,
    ))
    .await;
    assert_eq!(started["kemlu-masto"].clone().unwrap().new, 1);
    assert_eq!(server.count(VERIFY), 1, "checked at start");
    let fetcher = desk.fetcher(&right);
    bounded(poll_once(&desk.queue, &fetcher, &desk.lexicon))
        .await
        .unwrap();
    assert_eq!(server.count(VERIFY), 1, "a later poll does not ask");
    assert_eq!(
        desk.cursor("kemlu-masto/account"),
        None,
        "a configured id is not stored"
    );

    // The instance cannot say (503): the configured id is polled as.
    *server.verify_status.lock().unwrap() = 503;
    let wrong_but_unchecked = desk.source("other", SourceKind::Mastodon, &server.url, Some("123"));
    let polled = bounded(ingest::ingest_once(
        desk.queue.clone(),
        std::slice::from_ref(&wrong_but_unchecked),
        &desk.lexicon,
    ))
    .await;
    let count = polled["other"].clone().unwrap();
    assert_eq!(
        (count.new, count.skipped),
        (2, 0),
        "polled as the configured 123: the account's own status is not recognised"
    );
    assert_eq!(server.count(VERIFY), 2);
}

// ---------------------------------------------------------------------------
// config

#[test]
fn a_source_may_leave_account_id_out_but_not_empty() {
    let source = |extra: &str| {
        format!(
            "[[sources]]\nname = \"s\"\nkind = \"mastodon\"\nbase_url = \"https://kemlu.social\"\n\
             token_env = \"T\"\n{extra}"
        )
    };
    let ok = Config::from_user_text(&source(""), "user.toml").unwrap();
    assert_eq!(ok.sources[0].account_id, None);
    let x = source("").replace("mastodon", "x");
    assert_eq!(
        Config::from_user_text(&x, "user.toml").unwrap().sources[0].account_id,
        None
    );
    let given = Config::from_user_text(&source("account_id = \"109876\"\n"), "user.toml").unwrap();
    assert_eq!(given.sources[0].account_id.as_deref(), Some("109876"));

    let e = Config::from_user_text(&source("account_id = \"\"\n"), "user.toml").unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].line, Some(6), "{e}");
    assert!(e.0[0].message.contains("leave it out"), "{e}");
}

/// Run the binary with `args` after `--config config`, away from the
/// user's own files; (exit code, stdout then stderr).
async fn siaga(home: &Path, config: &Path, args: &[&str]) -> (i32, String) {
    let (home, config) = (home.to_path_buf(), config.to_path_buf());
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(&config)
            .args(&args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env_remove("XDG_RUNTIME_DIR")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), format!("{stdout}{stderr}"))
}

fn write_config(desk: &Desk, file: &str, sources: &[(&str, &str, &str, Option<&str>)]) -> PathBuf {
    let mut text = String::new();
    for (name, kind, url, account) in sources {
        text.push_str(&format!(
            "[[sources]]\nname = \"{name}\"\nkind = \"{kind}\"\nbase_url = \"{url}\"\n\
             token_file = \"{}\"\n",
            desk.token.display()
        ));
        if let Some(id) = account {
            text.push_str(&format!("account_id = \"{id}\"\n"));
        }
        text.push('\n');
    }
    let path = desk.dir.path().join(file);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_check_online_says_whose_each_token_is() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let home = desk.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let config = write_config(
        &desk,
        "good.toml",
        &[
            ("kemlu-x", "x", &server.url, None),
            ("kemlu-masto", "mastodon", &server.url, Some(MASTO_ACCOUNT)),
        ],
    );

    let (code, out) = siaga(&home, &config, &["config", "check"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("config ok"), "{out}");
    assert!(!out.contains("token belongs"), "{out}");
    assert!(
        server.requests().is_empty(),
        "without --online nothing goes to the network: {:?}",
        server.requests()
    );

    let (code, out) = siaga(&home, &config, &["config", "check", "--online"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "kemlu-x: token belongs to @TweepyDev (id {X_ACCOUNT}); no account_id"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "kemlu-masto: token belongs to @mastodonpy_test@127.0.0.1 (id {MASTO_ACCOUNT}), as account_id says"
        )),
        "{out}"
    );
    assert_eq!((server.count(ME), server.count(VERIFY)), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_check_online_names_a_wrong_account_and_an_unreachable_platform() {
    let server = Replay::start().await;
    let desk = Desk::new();
    let home = desk.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // A port nobody listens on any more.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = write_config(
        &desk,
        "bad.toml",
        &[
            ("kemlu-masto", "mastodon", &server.url, Some("123")),
            ("gone-x", "x", &dead, None),
        ],
    );

    let (code, out) = siaga(&home, &config, &["config", "check", "--online"]).await;

    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "kemlu-masto: account_id 123 is not the token's account {MASTO_ACCOUNT} (@mastodonpy_test@127.0.0.1)"
        )),
        "{out}"
    );
    assert!(
        out.contains("gone-x: could not ask which account the token belongs to: network"),
        "{out}"
    );
    assert!(out.contains("2 source(s) not confirmed"), "{out}");
}
