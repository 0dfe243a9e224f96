//! Hygiene: a distinctive token and distinctive personal data are planted,
//! then every place siaga writes text is searched for them.
//!
//! The token (`PLANTEDTOKEN-9f3c1e`) is an X source's bearer token, read
//! from an environment variable. The personal data (a passport number, a
//! NIK, a phone, an e-mail address and a bank account) arrive in mentions
//! and a direct message served by a fake X API on 127.0.0.1. `SIAGA_LOG=debug`
//! makes the log as talkative as it gets.
//!
//! Searched: every file in the log directory, the output (stdout and
//! stderr) of the CLI verbs and of their error paths (a token the platform
//! rejects, a server error, an unknown inquiry, config errors), and the TUI's
//! screens in a pseudo-terminal (the queue, every inquiry's detail, the
//! compose quote) before any reveal.
//!
//! - The token is found nowhere, not even in the store's files.
//! - The personal values, in any way they are written, are found in none of
//!   those, except where they belong: `siaga show --reveal`, `siaga export
//!   --unredacted`, `siaga list --json --reveal`/`show --json --reveal`
//!   (tools; plain `--json` is masked as the screen is), and
//!   `subject find` (the person's own data for the officer handling their
//!   request). Those are checked to hold them, so the search is known to
//!   work.
//! - Every file siaga makes is its owner's alone: the data dir and log dir
//!   0700, every file under them 0600, exports and backups 0600.
//!
//! Then what else carries the citizen's words: an officer's note and an
//! escalation's prefilled summary (masked like the text, in the history and
//! the shift digest too), a page that does not parse (reported without the
//! words it starts with), and a token pasted where its variable's name goes
//! (not repeated back).
//!
//! The fake X here serves mentions and direct messages (the shared fake in
//! `common::platform` serves the reply and lookup routes only).

use crate::common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use common::pty::Session;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use siaga::model::InquiryId;
use siaga::queue::{Change, LocalQueue, QueueService};

const TOKEN: &str = "PLANTEDTOKEN-9f3c1e";
const TOKEN_VAR: &str = "SIAGA_HYGIENE_TOKEN";
const ACCOUNT: &str = "1000000001";

// The planted personal data, as the citizen wrote it.
const PASSPORT: &str = "C7341298";
const NIK: &str = "3174051203880007";
const PHONE: &str = "+62 812-7777-3412";
const EMAIL: &str = "planted.person@example.org";
const BANK: &str = "7310045521";
/// The author of the message that carries all five.
const HANDLE: &str = "planted_citizen";

/// Written forms searched as they are (case-insensitive).
const PERSONAL_RAW: &[(&str, &str)] = &[
    ("passport", PASSPORT),
    ("passport", "C 7341298"),
    ("NIK", NIK),
    ("phone", PHONE),
    ("e-mail", EMAIL),
    ("e-mail", "planted.person"),
    ("e-mail", "planted.person%40"),
    ("bank account", BANK),
];
/// Digits searched in the text with separators (spaces, dashes, dots,
/// brackets, slashes) taken out, so that `0812 7777 3412`, `+6281277773412`
/// and `812-7777-3412` are all found; the masked forms keep too few digits
/// to match.
const PERSONAL_DIGITS: &[(&str, &str)] = &[
    ("passport", "7341298"),
    ("NIK", "3174051203880007"),
    ("NIK", "0512038800"),
    ("phone", "81277773412"),
    ("phone", "77773412"),
    ("bank account", "7310045521"),
];

// ---------------------------------------------------------------------------
// What the fake X serves

struct Tweet {
    id: &'static str,
    author: (&'static str, &'static str, &'static str),
    text: &'static str,
    conversation: &'static str,
    replied_to: Option<&'static str>,
    minutes_ago: i64,
}

const ALL_FIVE: &str = "@Kemlu_RI tolong paspor saya C7341298 ditahan majikan di Riyadh. \
    NIK 3174051203880007, hp +62 812-7777-3412, email planted.person@example.org, \
    gaji belum dibayar ke rek BCA 7310045521";

/// Mentions: one carrying all five values, one per value near the start of
/// the text (so that `siaga list`, which cuts the text, still shows it), and
/// a follow-up of the first in other written forms.
fn tweets() -> Vec<Tweet> {
    vec![
        Tweet {
            id: "1861000000000000101",
            author: ("700001", HANDLE, "Planted Citizen"),
            text: ALL_FIVE,
            conversation: "1861000000000000101",
            replied_to: None,
            minutes_ago: 50,
        },
        Tweet {
            id: "1861000000000000102",
            author: ("700002", "warga_hp", "Warga HP"),
            text: "@Kemlu_RI hp adik +62 812-7777-3412 tidak aktif sejak kemarin di Dubai",
            conversation: "1861000000000000102",
            replied_to: None,
            minutes_ago: 45,
        },
        Tweet {
            id: "1861000000000000103",
            author: ("700003", "warga_email", "Warga Email"),
            text: "@Kemlu_RI email planted.person@example.org mohon info perpanjang paspor",
            conversation: "1861000000000000103",
            replied_to: None,
            minutes_ago: 40,
        },
        Tweet {
            id: "1861000000000000104",
            author: ("700004", "warga_nik", "Warga NIK"),
            text: "@Kemlu_RI NIK 3174051203880007 tolong cek, paspor hilang di Jeddah",
            conversation: "1861000000000000104",
            replied_to: None,
            minutes_ago: 35,
        },
        Tweet {
            id: "1861000000000000105",
            author: ("700005", "warga_rek", "Warga Rek"),
            text: "@Kemlu_RI rek BCA 7310045521 gaji tidak masuk 5 bulan, majikan di Taipei",
            conversation: "1861000000000000105",
            replied_to: None,
            minutes_ago: 30,
        },
        Tweet {
            id: "1861000000000000106",
            author: ("700006", "warga_paspor", "Warga Paspor"),
            text: "@Kemlu_RI paspor C7341298 ditahan agen di Kuala Lumpur, tolong",
            conversation: "1861000000000000106",
            replied_to: None,
            minutes_ago: 25,
        },
        Tweet {
            id: "1861000000000000107",
            author: ("700001", HANDLE, "Planted Citizen"),
            text: "@Kemlu_RI ini WA saya 0812 7777 3412, paspor C 7341298, nomor lengkap +6281277773412",
            conversation: "1861000000000000101",
            replied_to: Some("1861000000000000101"),
            minutes_ago: 20,
        },
    ]
}

/// A direct message carrying three of the values.
const DM_ID: &str = "1861000000000000201";
const DM_TEXT: &str = "selamat siang, paspor saya C7341298 dan NIK 3174051203880007, \
    email planted.person@example.org, tolong dibantu";
const DM_SENDER: (&str, &str, &str) = ("700007", "warga_dm", "Warga DM");

/// Every author handle (a redacted export hides them all).
const HANDLES: &[&str] = &[
    HANDLE,
    "warga_hp",
    "warga_email",
    "warga_nik",
    "warga_rek",
    "warga_paspor",
    "warga_dm",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Normal,
    /// Every request refused as X refuses a revoked token.
    Unauthorized,
    /// Every request a 500.
    ServerError,
    /// A 200 whose page is cut short after the citizen's first words (a
    /// proxy's truncation), so it does not parse.
    CutPage,
    /// A 502 from a proxy whose HTML error page echoes what it was
    /// carrying: the citizen's words.
    EchoingProxy,
}

/// The words of `CUT_PAGE`'s citizen that are not personal numbers: the
/// log must not hold them either (#20 item 12: logs carry ids, not content).
const CITIZEN_WORDS: &str = "paspor saya";

/// A page cut inside the first post's text, which is near the start.
const CUT_PAGE: &str = "{\"data\":[{\"id\":\"1861000000000000199\",\"text\":\"@Kemlu_RI paspor saya C7341298, hp +62 812-7777-3412, tolong";

struct Fake {
    mode: Mutex<Mode>,
    /// The `Authorization` headers received.
    auth: Mutex<Vec<String>>,
}

fn api_time(minutes_ago: i64) -> String {
    format!(
        "{:.3}",
        Timestamp::now() - SignedDuration::from_mins(minutes_ago)
    )
}

fn json_response(status: u16, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The answer for a request in the current mode, or None to serve it.
fn refusal(fake: &Fake, headers: &HeaderMap) -> Option<Response> {
    if let Some(auth) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        fake.auth.lock().unwrap().push(auth.to_string());
    }
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"));
    let mode = *fake.mode.lock().unwrap();
    if !authorized || mode == Mode::Unauthorized {
        return Some(
            Response::builder()
                .status(401)
                .header("content-type", "application/problem+json")
                .body(Body::from(
                    json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})
                        .to_string(),
                ))
                .unwrap(),
        );
    }
    if mode == Mode::CutPage {
        return Some(
            Response::builder()
                .status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(Body::from(CUT_PAGE))
                .unwrap(),
        );
    }
    if mode == Mode::EchoingProxy {
        return Some(
            Response::builder()
                .status(502)
                .header("content-type", "text/html")
                .body(Body::from(format!(
                    "<html><body><h1>502 Bad Gateway</h1><pre>{CUT_PAGE}</pre></body></html>"
                )))
                .unwrap(),
        );
    }
    if mode == Mode::ServerError {
        return Some(json_response(
            500,
            &json!({"title": "Internal Server Error", "type": "about:blank", "status": 500, "detail": "Internal Server Error"}),
        ));
    }
    None
}

async fn mentions(
    State(fake): State<Arc<Fake>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = refusal(&fake, &headers) {
        return r;
    }
    assert_eq!(id, ACCOUNT);
    let since: u64 = q.get("since_id").and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut page: Vec<Tweet> = tweets()
        .into_iter()
        .filter(|t| t.id.parse::<u64>().unwrap() > since)
        .collect();
    page.sort_by(|a, b| b.id.cmp(a.id));
    if page.is_empty() {
        return json_response(200, &json!({"meta": {"result_count": 0}}));
    }
    let data: Vec<Value> = page
        .iter()
        .map(|t| {
            let mut v = json!({
                "id": t.id,
                "text": t.text,
                "author_id": t.author.0,
                "conversation_id": t.conversation,
                "created_at": api_time(t.minutes_ago),
                "lang": "in",
                "edit_history_tweet_ids": [t.id],
            });
            if let Some(parent) = t.replied_to {
                v["referenced_tweets"] = json!([{"type": "replied_to", "id": parent}]);
                v["in_reply_to_user_id"] = json!(ACCOUNT);
            }
            v
        })
        .collect();
    let mut users: BTreeMap<&str, Value> = BTreeMap::new();
    for t in &page {
        users.insert(
            t.author.0,
            json!({"id": t.author.0, "username": t.author.1, "name": t.author.2}),
        );
    }
    json_response(
        200,
        &json!({
            "data": data,
            "includes": {"users": users.into_values().collect::<Vec<_>>()},
            "meta": {
                "newest_id": page.first().unwrap().id,
                "oldest_id": page.last().unwrap().id,
                "result_count": page.len(),
            }
        }),
    )
}

async fn dm_events(State(fake): State<Arc<Fake>>, headers: HeaderMap) -> Response {
    if let Some(r) = refusal(&fake, &headers) {
        return r;
    }
    json_response(
        200,
        &json!({
            "data": [{
                "id": DM_ID,
                "event_type": "MessageCreate",
                "text": DM_TEXT,
                "sender_id": DM_SENDER.0,
                "dm_conversation_id": format!("{}-{ACCOUNT}", DM_SENDER.0),
                "created_at": api_time(15),
            }],
            "includes": {"users": [{"id": DM_SENDER.0, "username": DM_SENDER.1, "name": DM_SENDER.2}]},
            "meta": {"result_count": 1}
        }),
    )
}

async fn start_fake(fake: Arc<Fake>) -> String {
    let router = Router::new()
        .route("/2/users/{id}/mentions", get(mentions))
        .route("/2/dm_events", get(dm_events))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

// ---------------------------------------------------------------------------
// The desk: a home with XDG dirs, a config naming the fake, a data dir.

struct Desk {
    home: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
    fake: Arc<Fake>,
    _rt: tokio::runtime::Runtime,
}

/// One run of a CLI verb: what it printed, on both streams.
struct Run {
    label: String,
    success: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    fn both(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl Desk {
    /// The fake X, the config, and one `siaga ingest --once` that stored
    /// everything it served.
    fn new() -> Desk {
        Desk::with_config("")
    }

    /// `new`, with `extra` appended to the config.
    fn with_config(extra: &str) -> Desk {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let fake = Arc::new(Fake {
            mode: Mutex::new(Mode::Normal),
            auth: Mutex::new(Vec::new()),
        });
        let url = rt.block_on(start_fake(fake.clone()));
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("desk.toml");
        std::fs::write(
            &config,
            source_config(&url, &format!("token_env = \"{TOKEN_VAR}\"")) + extra,
        )
        .unwrap();
        let data = home.path().join("queue");
        let desk = Desk {
            home,
            config,
            data,
            fake,
            _rt: rt,
        };
        let run = desk.siaga(&["ingest", "--once"]);
        assert!(run.success, "ingest failed:\n{}", run.both());
        assert!(
            run.stdout.contains("kemlu-x: 7 new, 1 follow-up"),
            "ingest: {}",
            run.both()
        );
        assert!(
            desk.fake
                .auth
                .lock()
                .unwrap()
                .iter()
                .any(|a| a == &format!("Bearer {TOKEN}")),
            "the token was not even sent"
        );
        desk
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    fn set_mode(&self, mode: Mode) {
        *self.fake.mode.lock().unwrap() = mode;
    }

    fn siaga(&self, args: &[&str]) -> Run {
        self.siaga_with(&self.config, args)
    }

    /// `siaga --config CONFIG --data-dir DATA ARGS`, with HOME and XDG inside
    /// the home, the token in its variable and the log at debug.
    fn siaga_with(&self, config: &Path, args: &[&str]) -> Run {
        let home = self.home();
        let out: Output = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("SIAGA_LOG", "debug")
            // English, whatever the locale of the machine running the tests.
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env(TOKEN_VAR, TOKEN)
            .env_remove("XDG_RUNTIME_DIR")
            .output()
            .unwrap();
        Run {
            label: format!("siaga {}", args.join(" ")),
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The ids of the inquiries, by author handle (`list --json`).
    fn ids(&self) -> BTreeMap<String, InquiryId> {
        let run = self.siaga(&["list", "--json"]);
        assert!(run.success, "{}", run.both());
        run.stdout
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["author"].as_str().unwrap().to_string(),
                    InquiryId(v["id"].as_u64().unwrap()),
                )
            })
            .collect()
    }

    /// Every file in the log directory (`config::state_dir`: here
    /// `$XDG_STATE_HOME/siaga`), with its text.
    fn logs(&self) -> Vec<(String, String)> {
        let dir = self.home().join("state");
        let files = walk(&dir);
        assert!(
            files.iter().any(|f| f.ends_with("siaga/siaga.log")),
            "no siaga.log under {}: {files:?}",
            dir.display()
        );
        files
            .into_iter()
            .map(|f| {
                let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
                (f.display().to_string(), text)
            })
            .collect()
    }
}

fn source_config(url: &str, token_line: &str) -> String {
    format!(
        "[[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\nbase_url = \"{url}\"\n\
         account_id = \"{ACCOUNT}\"\n{token_line}\npoll_secs = 3600\ntimeout_secs = 5\n"
    )
}

/// Every regular file under `dir`, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let path = e.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.extend(walk(&path));
        } else if meta.is_file() {
            out.push(path);
        }
    }
    out
}

/// Every directory under `dir`, recursively, `dir` included.
fn dirs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if std::fs::symlink_metadata(&path).unwrap().is_dir() {
            out.extend(dirs_under(&path));
        }
    }
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------
// The search

/// `text` without the separators people put between digits.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\n' | '\t'
            )
        })
        .collect()
}

/// Some 60 bytes either side of the first `needle` (case-insensitive) in
/// `text`, lowercased, for the report.
fn around(text: &str, needle: &str) -> String {
    let lower = text.to_lowercase();
    let Some(at) = lower.find(&needle.to_lowercase()) else {
        return String::new();
    };
    let mut start = at.saturating_sub(60);
    while !lower.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + needle.len() + 60).min(lower.len());
    while !lower.is_char_boundary(end) {
        end += 1;
    }
    lower[start..end].replace('\n', "⏎")
}

/// The planted personal values found in `text`, as "kind (form): context".
fn personal_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    for (kind, form) in PERSONAL_RAW {
        if lower.contains(&form.to_lowercase()) {
            found.push(format!("{kind} ({form}): …{}…", around(text, form)));
        }
    }
    let squeezed = compact(text);
    for (kind, digits) in PERSONAL_DIGITS {
        if squeezed.contains(digits) {
            found.push(format!(
                "{kind} (digits {digits}): …{}…",
                around(&squeezed, digits)
            ));
        }
    }
    found
}

/// The kinds of planted value found in `text`.
fn kinds_in(text: &str) -> BTreeSet<String> {
    personal_in(text)
        .iter()
        .map(|f| f.split(" (").next().unwrap().to_string())
        .collect()
}

fn token_in(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    ["plantedtoken", "9f3c1e"]
        .iter()
        .filter(|n| lower.contains(*n))
        .map(|n| format!("token ({n}): …{}…", around(text, n)))
        .collect()
}

/// Every finding in `places` (label, text): the token anywhere, personal
/// data where `personal` says it must not be.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    fn no_token(&mut self, label: &str, text: &str) {
        for f in token_in(text) {
            self.0.push(format!("{label}: {f}"));
        }
    }

    fn clean(&mut self, label: &str, text: &str) {
        self.no_token(label, text);
        for f in personal_in(text) {
            self.0.push(format!("{label}: {f}"));
        }
    }

    fn run(&mut self, run: &Run) {
        self.clean(&run.label, &run.both());
    }

    fn assert_none(&self) {
        assert!(
            self.0.is_empty(),
            "planted data found where it does not belong ({}):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

const ALL_KINDS: [&str; 5] = ["passport", "NIK", "phone", "e-mail", "bank account"];

fn all_kinds() -> BTreeSet<String> {
    ALL_KINDS.iter().map(|k| k.to_string()).collect()
}

// ---------------------------------------------------------------------------
// The tests

/// The CLI's outputs and error messages, and the log they leave: no token
/// anywhere, no personal value outside the places it belongs (which do
/// hold it).
#[test]
fn cli_outputs_errors_and_logs_hold_no_token_and_no_personal_data() {
    let desk = Desk::new();
    let ids = desk.ids();
    let main = ids[HANDLE];
    let dm = ids["warga_dm"];
    let mut findings = Findings::default();

    // Masked: the officer's everyday verbs.
    let claim = desk.siaga(&["claim", &main.to_string()]);
    assert!(claim.success, "{}", claim.both());
    findings.run(&claim);
    let checks: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["list".into(), "--json".into()],
        vec!["show".into(), main.to_string(), "--json".into()],
        vec!["show".into(), dm.to_string(), "--json".into()],
        vec!["list".into(), "--search".into(), "paspor".into()],
        vec!["list".into(), "--view".into(), "Private".into()],
        vec!["show".into(), main.to_string()],
        vec!["show".into(), dm.to_string()],
        vec!["export".into(), "--format".into(), "csv".into()],
        vec!["export".into(), "--format".into(), "jsonl".into()],
        vec!["report".into()],
        vec!["audit".into(), "verify".into()],
        vec!["check".into()],
        vec!["shift".into()],
        vec!["outbox".into()],
        vec!["escalations".into()],
    ];
    for args in &checks {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = desk.siaga(&args);
        assert!(run.success, "{}:\n{}", run.label, run.both());
        findings.run(&run);
    }
    for id in ids.values() {
        let run = desk.siaga(&["show", &id.to_string()]);
        assert!(run.success, "{}", run.both());
        findings.run(&run);
    }

    // A redacted export hides the authors' handles too.
    for format in ["csv", "jsonl"] {
        let run = desk.siaga(&["export", "--format", format]);
        for handle in HANDLES {
            if run.stdout.contains(handle) {
                findings.0.push(format!(
                    "{}: handle @{handle} in a redacted export",
                    run.label
                ));
            }
        }
        assert!(run.stdout.contains("person-"), "{}", run.stdout);
    }

    // The person's own data, for the officer handling their request: it
    // belongs there, the token does not.
    let subject = desk.siaga(&["subject", "find", HANDLE]);
    assert!(subject.success, "{}", subject.both());
    findings.no_token(&subject.label, &subject.both());

    // Error paths. The platform refuses the token, then fails.
    desk.set_mode(Mode::Unauthorized);
    let refused = desk.siaga(&["ingest", "--once"]);
    assert!(!refused.success, "{}", refused.both());
    assert!(refused.both().contains("401"), "{}", refused.both());
    findings.run(&refused);
    desk.set_mode(Mode::ServerError);
    let failed = desk.siaga(&["ingest", "--once"]);
    assert!(!failed.success, "{}", failed.both());
    assert!(failed.both().contains("500"), "{}", failed.both());
    findings.run(&failed);
    desk.set_mode(Mode::Normal);
    let again = desk.siaga(&["ingest", "--once"]);
    assert!(again.success, "{}", again.both());
    findings.run(&again);
    // An unknown inquiry, a bad argument.
    let missing = desk.siaga(&["show", "999999"]);
    assert!(!missing.success, "{}", missing.both());
    assert!(missing.stderr.contains("999999"), "{}", missing.both());
    findings.run(&missing);
    let bad_date = desk.siaga(&["export", "--from", "kemarin"]);
    assert!(!bad_date.success, "{}", bad_date.both());
    findings.run(&bad_date);
    // Config errors: an unknown key beside the token's variable, and a
    // token file others may read (holding the token).
    let typo = desk.home().join("typo.toml");
    std::fs::write(
        &typo,
        format!(
            "{}pol_secs = 5\n",
            source_config(
                "http://127.0.0.1:9",
                &format!("token_env = \"{TOKEN_VAR}\"")
            )
        ),
    )
    .unwrap();
    for args in [&["list"][..], &["config", "check"], &["ingest", "--once"]] {
        let run = desk.siaga_with(&typo, args);
        assert!(!run.success, "{}", run.both());
        assert!(run.both().contains("pol_secs"), "{}", run.both());
        findings.run(&run);
    }
    let token_file = desk.home().join("x.token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let loose = desk.home().join("loose.toml");
    std::fs::write(
        &loose,
        source_config(
            "http://127.0.0.1:9",
            &format!("token_file = \"{}\"", token_file.display()),
        ),
    )
    .unwrap();
    let run = desk.siaga_with(&loose, &["ingest", "--once"]);
    assert!(!run.success, "{}", run.both());
    assert!(run.both().contains("chmod 600"), "{}", run.both());
    findings.run(&run);

    // Where the data belongs: it is there (so the search above can find
    // it), and the token still is not.
    let reveal = desk.siaga(&["show", &main.to_string(), "--reveal"]);
    assert!(reveal.success, "{}", reveal.both());
    findings.no_token(&reveal.label, &reveal.both());
    assert_eq!(kinds_in(&reveal.stdout), all_kinds(), "{}", reveal.stdout);
    for value in [PASSPORT, NIK, PHONE, EMAIL, BANK] {
        assert!(reveal.stdout.contains(value), "{value}: {}", reveal.stdout);
    }
    let json_list = desk.siaga(&["list", "--json", "--reveal"]);
    findings.no_token(&json_list.label, &json_list.both());
    assert_eq!(kinds_in(&json_list.stdout), all_kinds());
    let reveals_of = |id: InquiryId| {
        let shown = desk.siaga(&["show", &id.to_string(), "--json"]);
        let detail: Value = serde_json::from_str(&shown.stdout).unwrap();
        let history = detail["history"].as_array().unwrap().clone();
        history
            .into_iter()
            .filter(|e| e["what"] == "reveal")
            .map(|e| e["officer"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<String>>()
    };
    assert_eq!(
        reveals_of(dm),
        vec![siaga::cli::officer()],
        "list --reveal records a reveal on each row it prints"
    );
    let json_show = desk.siaga(&["show", &main.to_string(), "--json", "--reveal"]);
    findings.no_token(&json_show.label, &json_show.both());
    assert_eq!(kinds_in(&json_show.stdout), all_kinds());
    assert_eq!(reveals_of(main).len(), 3, "show --reveal and list --reveal");
    let out_dir = desk.home().join("exports");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("unredacted.csv");
    let unredacted = desk.siaga(&["export", "--unredacted", "--out", out.to_str().unwrap()]);
    assert!(unredacted.success, "{}", unredacted.both());
    findings.run(&unredacted);
    let file = std::fs::read_to_string(&out).unwrap();
    findings.no_token("export --unredacted file", &file);
    assert_eq!(kinds_in(&file), all_kinds());
    assert!(file.contains(HANDLE), "{file}");
    assert_eq!(mode(&out), 0o600, "{}", out.display());

    // The log, after all of that.
    for (path, text) in desk.logs() {
        findings.clean(&path, &text);
    }
    // The store holds personal data by design; never the token.
    for file in walk(&desk.data) {
        let bytes = std::fs::read(&file).unwrap();
        findings.no_token(
            &file.display().to_string(),
            &String::from_utf8_lossy(&bytes),
        );
    }
    findings.assert_none();
}

/// The detail title's inquiry id (`#12 P1 …`), if a detail is on screen.
fn detail_id(screen: &str) -> Option<u64> {
    screen.lines().find_map(|l| {
        let at = l.find('#')?;
        let rest = &l[at + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        (!digits.is_empty() && after.starts_with(" P")).then(|| digits.parse().ok())?
    })
}

/// The TUI's screens before any reveal: the queue, every inquiry's detail
/// (scrolled through), the compose screen's quote. Then the log.
#[test]
fn tui_screens_before_reveal_hold_no_token_and_no_personal_data() {
    let desk = Desk::new();
    let ids = desk.ids();
    let mut findings = Findings::default();
    let args = [
        "--config",
        desk.config.to_str().unwrap(),
        "--data-dir",
        desk.data.to_str().unwrap(),
    ];
    let env = [("SIAGA_LOG", "debug"), (TOKEN_VAR, TOKEN)];
    let mut s = Session::start_with_env(&args, desk.home(), 100, 40, &env);
    s.wait_for("every row", |screen| {
        HANDLES.iter().all(|h| screen.contains(h))
    });
    // The source polled again (with the token) and said so.
    let queue = s.wait_text("kemlu-x: ok");
    findings.clean("queue screen", &queue);
    // The queue rows do show the masks.
    assert!(queue.contains('•'), "{queue}");

    // Every inquiry, through its detail, scrolled to the end.
    s.keys("\r");
    let mut seen: BTreeSet<u64> = BTreeSet::new();
    let mut screen = s.wait_for("a detail", |sc| detail_id(sc).is_some());
    loop {
        let id = detail_id(&screen).unwrap();
        seen.insert(id);
        findings.clean(&format!("detail of #{id}"), &screen);
        for page in 1..=3 {
            s.keys("\x1b[6~"); // PgDn
            s.settle(Duration::from_millis(200));
            findings.clean(&format!("detail of #{id}, page {page}"), &s.contents());
        }
        s.keys("J");
        s.settle(Duration::from_millis(300));
        screen = s.contents();
        match detail_id(&screen) {
            Some(next) if !seen.contains(&next) => {}
            _ => break,
        }
    }
    let expected: BTreeSet<u64> = ids.values().map(|i| i.0).collect();
    assert_eq!(seen, expected, "every inquiry was opened");

    // The compose screen's quote, from the first inquiry's detail.
    s.keys("q");
    s.wait_for("the queue", |sc| detail_id(sc).is_none());
    s.keys("g\r");
    s.wait_for("a detail", |sc| detail_id(sc).is_some());
    s.keys("r");
    s.wait_text("Reply to @");
    s.keys("hotline\r");
    let compose = s.wait_text("they wrote");
    findings.clean("compose screen", &compose);
    assert!(compose.contains('•'), "the quote, masked:\n{compose}");
    s.keys("\x1b");
    s.wait_for("the detail again", |sc| !sc.contains("they wrote"));
    s.keys("q");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");

    for (path, text) in desk.logs() {
        findings.clean(&path, &text);
    }
    findings.assert_none();
}

/// Everything siaga writes is its owner's alone, though the tests' own
/// umask is looser: the data dir and every directory in it 0700, every
/// file 0600; the log dir and log; an export and a backup.
#[test]
fn files_siaga_creates_are_private() {
    // The test's own files are made with a looser umask, so the modes
    // below are siaga's doing.
    let probe = tempfile::tempdir().unwrap();
    let loose = probe.path().join("probe");
    std::fs::write(&loose, "x").unwrap();
    let desk = Desk::new();
    let ids = desk.ids();
    let main = ids[HANDLE].to_string();
    for args in [
        &["claim", main.as_str()][..],
        &["show", main.as_str(), "--reveal"],
        &["tag", main.as_str(), "minor"],
        &["check"],
    ] {
        let run = desk.siaga(args);
        assert!(run.success, "{}", run.both());
    }
    let export = desk.home().join("out.jsonl");
    let run = desk.siaga(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        export.to_str().unwrap(),
    ]);
    assert!(run.success, "{}", run.both());
    let backup = desk.home().join("store.backup");
    let run = desk.siaga(&["backup", backup.to_str().unwrap()]);
    assert!(run.success, "{}", run.both());

    let mut wrong = Vec::new();
    assert_eq!(mode(&desk.data), 0o700, "data dir {}", desk.data.display());
    for dir in dirs_under(&desk.data) {
        if mode(&dir) != 0o700 {
            wrong.push(format!("dir {} is {:o}", dir.display(), mode(&dir)));
        }
    }
    let files = walk(&desk.data);
    assert!(!files.is_empty());
    for file in &files {
        if mode(file) != 0o600 {
            wrong.push(format!("file {} is {:o}", file.display(), mode(file)));
        }
    }
    let logs = desk.home().join("state").join("siaga");
    for dir in dirs_under(&logs) {
        if mode(&dir) != 0o700 {
            wrong.push(format!("log dir {} is {:o}", dir.display(), mode(&dir)));
        }
    }
    for file in walk(&logs) {
        if mode(&file) != 0o600 {
            wrong.push(format!("log {} is {:o}", file.display(), mode(&file)));
        }
    }
    for file in [&export, &backup] {
        if mode(file) != 0o600 {
            wrong.push(format!("{} is {:o}", file.display(), mode(file)));
        }
    }
    assert!(wrong.is_empty(), "not private:\n{}", wrong.join("\n"));
    // So the checks above are not vacuous: this process's files are not
    // made 0600 by itself.
    assert_ne!(mode(&loose), 0o600, "the test's own umask is already 077");
}

/// Walk the open detail (J) until inquiry `id` shows; its screens, scrolled
/// through.
fn detail_pages(s: &mut Session, id: InquiryId) -> Vec<String> {
    let mut screen = s.contents();
    let mut guard = 0;
    while detail_id(&screen) != Some(id.0) {
        s.keys("J");
        s.settle(Duration::from_millis(300));
        screen = s.contents();
        guard += 1;
        assert!(guard < 20, "never reached #{id}:\n{screen}");
    }
    let mut pages = vec![screen];
    for _ in 0..3 {
        s.keys("\x1b[6~"); // PgDn
        s.settle(Duration::from_millis(200));
        pages.push(s.contents());
    }
    s.keys("\x1b[5~\x1b[5~\x1b[5~\x1b[5~"); // back to the top
    s.settle(Duration::from_millis(200));
    pages
}

/// What officers write about a case carries the citizen's numbers too: a
/// note that records the number called, an escalation whose summary is
/// prefilled with the first line of the citizen's words. Shown without a
/// reveal they are masked like the text itself: in `siaga show` (history),
/// `siaga shift` (escalations awaiting acknowledgement), and the TUI's
/// detail (notes, escalations, history).
#[test]
fn notes_and_escalation_summaries_are_masked_like_the_text() {
    let desk = Desk::with_config(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = 9\ntls = \"none\"\n\
         from = \"Siaga <siaga@example.go.id>\"\n\n\
         [missions.riyadh]\nemail = \"pelindungan.riyadh@example.go.id\"\n",
    );
    let ids = desk.ids();
    let (main, hp) = (ids[HANDLE], ids["warga_hp"]);
    {
        let queue = LocalQueue::open(&desk.data, 16 << 20).unwrap();
        queue
            .apply(
                main,
                &Change::Note {
                    text: "menelepon +62 812-7777-3412, paspor C7341298 dicek".into(),
                },
                &siaga::cli::officer(),
            )
            .unwrap();
    }
    let mut findings = Findings::default();
    for id in [main, hp] {
        let run = desk.siaga(&["claim", &id.to_string()]);
        assert!(run.success, "{}", run.both());
    }
    // Escalated with the prefilled summary; the mail relay is down, so
    // the delivery waits (the exit code says not delivered).
    let escalate = desk.siaga(&[
        "escalate",
        &hp.to_string(),
        "--mission",
        "riyadh",
        "--wait",
        "1",
    ]);
    assert!(
        escalate.stdout.contains("recorded for"),
        "{}",
        escalate.both()
    );
    findings.run(&escalate);
    let revealed = desk.siaga(&["show", &hp.to_string(), "--json", "--reveal"]);
    let detail: Value = serde_json::from_str(&revealed.stdout).unwrap();
    let summary = detail["escalations"][0]["summary"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        summary.contains(PHONE),
        "the summary quotes the citizen: {detail}"
    );
    // Without a reveal, `show --json` masks it as it masks the text.
    let masked = desk.siaga(&["show", &hp.to_string(), "--json"]);
    findings.run(&masked);

    for args in [
        vec!["show".to_string(), main.to_string()],
        vec!["show".to_string(), hp.to_string()],
        vec!["shift".to_string()],
        vec!["shift".to_string(), "--markdown".to_string()],
        vec!["escalations".to_string()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = desk.siaga(&args);
        assert!(run.success, "{}", run.both());
        findings.run(&run);
    }

    let args = [
        "--config",
        desk.config.to_str().unwrap(),
        "--data-dir",
        desk.data.to_str().unwrap(),
    ];
    let env = [("SIAGA_LOG", "debug"), (TOKEN_VAR, TOKEN)];
    let mut s = Session::start_with_env(&args, desk.home(), 100, 40, &env);
    s.wait_for("every row", |screen| {
        HANDLES.iter().all(|h| screen.contains(h))
    });
    s.keys("\r");
    s.wait_for("a detail", |sc| detail_id(sc).is_some());
    let pages = detail_pages(&mut s, main);
    let all = pages.join("\n");
    assert!(all.contains("Notes (internal)"), "{all}");
    for (i, p) in pages.iter().enumerate() {
        findings.clean(&format!("TUI detail of #{main} (a note), page {i}"), p);
    }
    let pages = detail_pages(&mut s, hp);
    let all = pages.join("\n");
    assert!(all.contains("Escalations"), "{all}");
    for (i, p) in pages.iter().enumerate() {
        findings.clean(&format!("TUI detail of #{hp} (escalated), page {i}"), p);
    }
    s.keys("q");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    for (path, text) in desk.logs() {
        findings.clean(&path, &text);
    }
    findings.assert_none();
}

/// A page that does not parse is reported with its first bytes, as said;
/// those are the citizen's words when the post's text comes early in it.
/// The report (on screen, in the log) must not carry their numbers.
#[test]
fn an_unreadable_page_is_reported_without_the_citizens_numbers() {
    let desk = Desk::new();
    desk.set_mode(Mode::CutPage);
    let mut findings = Findings::default();
    let run = desk.siaga(&["ingest", "--once"]);
    assert!(!run.success, "{}", run.both());
    assert!(run.stdout.contains("unreadable response"), "{}", run.both());
    findings.run(&run);
    // The desk, polling in the background, says it in its status bar and
    // its log.
    let args = [
        "--config",
        desk.config.to_str().unwrap(),
        "--data-dir",
        desk.data.to_str().unwrap(),
    ];
    let env = [("SIAGA_LOG", "debug"), (TOKEN_VAR, TOKEN)];
    let mut s = Session::start_with_env(&args, desk.home(), 200, 30, &env);
    let screen = s.wait_text("failing");
    findings.clean("status bar", &screen);
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    for (path, text) in desk.logs() {
        findings.clean(&path, &text);
    }
    findings.assert_none();
}

/// Item 12 of #20: the log is never erased or purged, so it carries ids
/// and reasons, never content. A page that does not parse and a proxy's
/// error page that echoes the citizen's message, each polled again and
/// again, leave none of the citizen's words in the log or the output.
#[test]
fn no_citizen_words_reach_the_log_however_often_a_poll_fails() {
    let desk = Desk::new();
    for mode in [Mode::CutPage, Mode::EchoingProxy] {
        desk.set_mode(mode);
        for _ in 0..3 {
            let run = desk.siaga(&["ingest", "--once"]);
            assert!(!run.success, "{mode:?}: {}", run.both());
            assert!(
                !run.both().contains(CITIZEN_WORDS),
                "{mode:?}: the output repeats the citizen: {}",
                run.both()
            );
            if mode == Mode::EchoingProxy {
                assert!(run.stdout.contains("bytes of HTML"), "{}", run.both());
            }
        }
    }
    let logs = desk.logs();
    assert!(
        logs.iter().any(|(_, text)| text.contains("poll failed")),
        "the failures are logged at all: {logs:?}"
    );
    for (path, text) in logs {
        assert!(
            !text.contains(CITIZEN_WORDS),
            "{path} holds the citizen's words:\n{text}"
        );
    }
}

/// An officer who pastes the token where the name of its variable goes
/// (`token_env = "<the token>"`) is told what is wrong, without the token
/// being repeated on screen or in the log.
#[test]
fn a_token_pasted_in_place_of_its_variable_is_not_repeated() {
    let desk = Desk::new();
    let pasted = desk.home().join("pasted.toml");
    std::fs::write(
        &pasted,
        source_config("http://127.0.0.1:9", &format!("token_env = \"{TOKEN}\"")),
    )
    .unwrap();
    let mut findings = Findings::default();
    let check = desk.siaga_with(&pasted, &["config", "check"]);
    findings.no_token(&check.label, &check.both());
    let ingest = desk.siaga_with(&pasted, &["ingest", "--once"]);
    assert!(!ingest.success, "{}", ingest.both());
    findings.no_token(&ingest.label, &ingest.both());
    let args = [
        "--config",
        pasted.to_str().unwrap(),
        "--data-dir",
        desk.data.to_str().unwrap(),
    ];
    let env = [("SIAGA_LOG", "debug")];
    // The config check refuses such a source before anything starts, and
    // says where without repeating the value.
    assert!(
        check.both().contains("token_env takes the NAME"),
        "{}",
        check.both()
    );
    let mut s = Session::start_with_env(&args, desk.home(), 200, 30, &env);
    let screen = s.wait_text("config has problems");
    findings.no_token("the desk's start", &screen);
    let status = s.wait_exit();
    assert!(!status.success(), "{status:?}");
    for (path, text) in desk.logs() {
        findings.no_token(&path, &text);
    }
    findings.assert_none();
}
