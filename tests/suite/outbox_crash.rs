//! The real binary's `siaga outbox send`, killed with SIGKILL at random
//! instants over and over, against the fake X + Mastodon running in this
//! test process: every reply must end up posted exactly once, recorded as
//! sent with the platform's id.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::platform::{Fault, Platform, PostKind};
use jiff::{SignedDuration, Timestamp};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use siaga::model::{Arrival, Channel, InquiryId, Status};
use siaga::outbound::sender::idempotency_key;
use siaga::queue::{LocalQueue, QueueService};
use siaga::reply::compose::fit_channel;
use siaga::reply::{Lang, Platform as LengthPlatform, Reply, ReplyRequest, ReplyState};

const ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "crash-t0ken";
const X_SOURCE: &str = "kemlu-x";
const MASTODON_SOURCE: &str = "kemlu-social";
/// Inquiries, each answered by one reply.
const REPLIES: u64 = 40;
/// Children killed with SIGKILL at least this many times...
const MIN_KILLS: usize = 24;
/// ...this many of them while some reply was not yet on the platform.
const MIN_INTERRUPTING: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    XPublic,
    XDm,
    MastodonPublic,
    MastodonDirect,
}

const KINDS: [Kind; 4] = [
    Kind::XPublic,
    Kind::XDm,
    Kind::MastodonPublic,
    Kind::MastodonDirect,
];

impl Kind {
    fn source(self) -> &'static str {
        match self {
            Kind::XPublic | Kind::XDm => X_SOURCE,
            _ => MASTODON_SOURCE,
        }
    }

    fn channel(self) -> Channel {
        match self {
            Kind::XPublic | Kind::MastodonPublic => Channel::Public,
            _ => Channel::Private,
        }
    }
}

fn arrival(kind: Kind, n: u64) -> Arrival {
    let (external_id, handle) = match kind {
        Kind::XPublic => (format!("18610000000000{n:05}"), format!("warga_{n}")),
        Kind::XDm => (format!("dm:18620000000000{n:05}"), format!("warga_{n}")),
        _ => (
            format!("1170205832454{n:05}"),
            format!("warga{n}@instance.example"),
        ),
    };
    let text = format!("@Kemlu_RI mohon bantuan, gaji belum dibayar ({n})");
    Arrival {
        conversation_id: None,
        author: common::author(&handle, &handle.to_uppercase(), &format!("70000{n}")),
        channel: kind.channel(),
        created_at: Timestamp::now() - SignedDuration::from_mins(30),
        ..common::arrival(&external_id, &handle, &text)
    }
}

/// A small deterministic generator (SplitMix64), one per loop index.
fn random(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Env {
    home: PathBuf,
    data: PathBuf,
    config: PathBuf,
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siaga"));
        cmd.arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("SIAGA_TEST_TOKEN", TOKEN)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn write_config(path: &Path, url: &str) {
    let text = format!(
        r#"[reply]
reconcile_grace_secs = 0
# Every kill during a request counts as an attempt; do not give up here.
max_attempts = 100

[[sources]]
name = "{X_SOURCE}"
kind = "x"
base_url = "{url}"
account_id = "{ACCOUNT}"
token_env = "SIAGA_TEST_TOKEN"
timeout_secs = 1

[[sources]]
name = "{MASTODON_SOURCE}"
kind = "mastodon"
base_url = "{url}"
account_id = "{ACCOUNT}"
token_env = "SIAGA_TEST_TOKEN"
timeout_secs = 1
"#
    );
    std::fs::write(path, text).unwrap();
}

/// What the test expects of one reply.
struct Expected {
    kind: Kind,
    inquiry: InquiryId,
    reply: Reply,
}

/// Ingest the inquiries and queue one reply to each, then close the store.
fn seed(data: &Path) -> Vec<Expected> {
    let queue = LocalQueue::open(data, 64 << 20).unwrap();
    let mut out = Vec::new();
    for n in 1..=REPLIES {
        let kind = KINDS[(n % 4) as usize];
        let commit = queue
            .ingest(kind.source(), &[arrival(kind, n)], None)
            .unwrap();
        let id = commit.new_ids[0];
        let inq = queue.get(id).unwrap().inquiry;
        let platform = match kind {
            Kind::XPublic | Kind::XDm => LengthPlatform::X,
            _ => LengthPlatform::Mastodon,
        };
        let text = fit_channel(
            format!("Balasan nomor {n}: mohon hubungi hotline kami."),
            &inq,
            kind.channel(),
            platform,
        );
        let request = ReplyRequest {
            inquiry: id,
            channel: kind.channel(),
            lang: Lang::Id,
            template: None,
            text,
        };
        let reply = queue.queue_reply(request, "ani", None).unwrap();
        out.push(Expected {
            kind,
            inquiry: id,
            reply,
        });
    }
    out
}

/// Now and then the next request somewhere loses its answer, or fails.
fn inject(platform: &Platform, i: u64) {
    match random(i ^ 0xFA17) % 8 {
        0 => platform.fault_next("/2/tweets", Fault::AcceptThenStall(Duration::from_secs(2))),
        1 => platform.fault_next("/2/tweets", Fault::AcceptThenDrop),
        2 => platform.fault_next(
            "/2/dm_conversations/",
            Fault::AcceptThenStall(Duration::from_secs(2)),
        ),
        3 => platform.fault_next("/2/dm_conversations/", Fault::AcceptThenDrop),
        4 => platform.fault_next(
            "/api/v1/statuses",
            Fault::AcceptThenStall(Duration::from_secs(2)),
        ),
        5 => platform.fault_next("/api/v1/statuses", Fault::server_error(500)),
        _ => {}
    }
}

#[test]
fn killed_senders_never_post_a_reply_twice() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let tmp = tempfile::tempdir().unwrap();
    let env = Env {
        home: tmp.path().join("home"),
        data: tmp.path().join("data"),
        config: tmp.path().join("siaga.toml"),
    };
    std::fs::create_dir_all(&env.home).unwrap();
    write_config(&env.config, &platform.url);
    let expected = seed(&env.data);

    let check = env.run(&["config", "check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let started = Instant::now();
    // A child needs some 20-50 ms to start, then ~2 ms a reply: a plain
    // random delay would mostly kill it before it sends or after it is
    // done. So one run in three is killed after 5 ms up to the time its
    // predecessor took to its first request (opening the store, asking the
    // instance); the others when their k-th request (1 to 4) reaches the
    // platform, plus 0-1.5 ms (waiting for the answer, storing it, marking
    // the next reply). Kills go on until most replies are posted, so that
    // they fall all over the outbox and not only on its first replies.
    let mut kills = 0;
    // Kills that caught the platform with replies still unposted.
    let mut interrupting = 0;
    let mut startup = Duration::from_millis(30);
    let mut i = 0u64;
    while kills < MIN_KILLS || (platform.posted().len() as u64) < REPLIES * 3 / 4 {
        i += 1;
        assert!(i < 400, "no progress after {i} runs");
        if i.is_multiple_of(3) {
            inject(&platform, i);
        }
        let r = random(i);
        let base = platform.requests("");
        let spawned = Instant::now();
        let mut child = env
            .command(&["outbox", "send", "--wait", "20"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if r.is_multiple_of(3) {
            let ms = (startup.as_millis() as u64).max(6) - 5;
            std::thread::sleep(Duration::from_millis(5 + (r >> 8) % ms));
        } else {
            let k = 1 + ((r >> 8) % 4) as usize;
            let give_up = Instant::now() + Duration::from_secs(3);
            let mut first = None;
            while platform.requests("") < base + k
                && Instant::now() < give_up
                && child.try_wait().unwrap().is_none()
            {
                if first.is_none() && platform.requests("") > base {
                    first = Some(spawned.elapsed());
                }
                std::thread::sleep(Duration::from_micros(100));
            }
            if let Some(first) = first {
                startup = first;
            }
            std::thread::sleep(Duration::from_micros((r >> 16) % 1500));
        }
        if child.try_wait().unwrap().is_none() {
            let posted = platform.posted().len();
            kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
            kills += 1;
            if (posted as u64) < REPLIES {
                interrupting += 1;
            }
        }
        child.wait().unwrap();
    }
    assert!(
        interrupting >= MIN_INTERRUPTING,
        "only {interrupting} of {kills} kills caught replies unposted"
    );
    let posted_before_final = platform.posted().len();

    let last = env.run(&["outbox", "send", "--wait", "30"]);
    assert!(
        last.status.success(),
        "the final send: {}\n{}",
        String::from_utf8_lossy(&last.stdout),
        String::from_utf8_lossy(&last.stderr)
    );

    // Exactly once on the platform.
    let posted = platform.posted();
    let mut tweets: HashMap<String, Vec<_>> = HashMap::new();
    let mut dms: HashMap<String, Vec<_>> = HashMap::new();
    let mut statuses: HashMap<String, Vec<_>> = HashMap::new();
    for p in &posted {
        match p.kind {
            PostKind::Tweet => tweets.entry(p.text.clone()).or_default().push(p),
            PostKind::Dm => dms.entry(p.text.clone()).or_default().push(p),
            PostKind::Status => statuses
                .entry(p.idempotency_key.clone().unwrap_or_default())
                .or_default()
                .push(p),
        }
    }
    let mut ids: HashMap<u64, String> = HashMap::new();
    for e in &expected {
        let r = &e.reply;
        let found = match e.kind {
            Kind::XPublic => tweets.get(&r.text),
            Kind::XDm => dms.get(&r.text),
            _ => statuses.get(&idempotency_key(r)),
        };
        let found = found.unwrap_or_else(|| panic!("{} ({:?}) never posted", r.id, e.kind));
        assert_eq!(
            found.len(),
            1,
            "{} ({:?}) posted {} times: {found:#?}",
            r.id,
            e.kind,
            found.len()
        );
        let p = found[0];
        assert_eq!(p.text, r.text);
        match e.kind {
            Kind::XPublic => {
                assert_eq!(
                    p.in_reply_to.as_deref(),
                    Some(r.target.in_reply_to.as_str())
                )
            }
            Kind::XDm => assert_eq!(p.recipient, r.target.recipient_id),
            Kind::MastodonPublic => {
                assert_eq!(
                    p.in_reply_to.as_deref(),
                    Some(r.target.in_reply_to.as_str())
                );
                assert_eq!(p.visibility.as_deref(), Some("public"));
            }
            Kind::MastodonDirect => {
                assert_eq!(
                    p.in_reply_to.as_deref(),
                    Some(r.target.in_reply_to.as_str())
                );
                assert_eq!(p.visibility.as_deref(), Some("direct"));
            }
        }
        ids.insert(r.id.0, p.id.clone());
    }
    assert_eq!(
        posted.len(),
        REPLIES as usize,
        "nothing else was posted: {posted:#?}"
    );

    // The outbox says so.
    let listing = env.run(&["outbox", "--json", "--recent", "1000"]);
    assert!(listing.status.success());
    let replies: Vec<Reply> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replies.len(), REPLIES as usize, "{replies:#?}");
    for r in &replies {
        assert_eq!(r.state, ReplyState::Sent, "{r:#?}");
        assert_eq!(
            r.platform_id.as_ref(),
            ids.get(&r.id.0),
            "{} records the platform's id",
            r.id
        );
    }

    // And so do the inquiries.
    let queue = LocalQueue::open(&env.data, 64 << 20).unwrap();
    assert!(
        queue.outbox(0).unwrap().open.is_empty(),
        "no reply left open"
    );
    for e in &expected {
        let detail = queue.get(e.inquiry).unwrap();
        assert_eq!(detail.inquiry.status, Status::Replied);
        let sent = detail
            .history
            .iter()
            .filter(|ev| ev.what == "reply_sent")
            .count();
        assert_eq!(sent, 1, "{:#?}", detail.history);
    }

    // The kills did land between a request and its outcome: some replies
    // were found on the platform rather than posted by the attempt that
    // recorded them.
    let found = replies.iter().filter(|r| r.flag.is_some()).count();
    let log = platform.request_log();
    let x_lookups = log
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/2/"))
        .count();
    let status_posts = log
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v1/statuses")
        .count();
    eprintln!(
        "{REPLIES} replies, {kills} kills ({interrupting} with replies still unposted) in {i} runs \
         (last start-up {startup:?}); \
         {posted_before_final} posted before the final run; {found} found after an unknown outcome; \
         {x_lookups} X lookups; {status_posts} Mastodon posts for {} statuses; {} requests; {:?}",
        statuses.len(),
        platform.requests(""),
        started.elapsed()
    );
    assert!(
        found + status_posts - statuses.len() > 0,
        "no kill or fault ever left an accepted post unrecorded"
    );
    drop(platform);
}
