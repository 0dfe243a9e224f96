//! `siaga serve` and its clients, end to end over a real Unix socket: an
//! in-process daemon (`server::bind` + `Shared::new` + `server::run`) on a
//! store seeded before it starts, `RemoteQueue` clients, raw sockets that
//! misbehave, and the real binary (as the daemon and as a CLI client).
//!
//! Identity comes from the socket's peer credentials, and every process of
//! this test runs as root. Where two *different* officers are needed (the
//! claim race), the second one connects as `nobody`: a fresh thread drops
//! its own effective uid/gid with the raw `setresuid`/`setresgid` syscalls
//! (Linux credentials are per thread; glibc's wrappers would change the
//! whole process), calls `RemoteQueue::connect` there, and exits. The
//! kernel records the connecting thread's credentials as the peer's, so the
//! daemon sees uid 65534 for the whole connection, while the test process
//! (and the client's own runtime threads) stay root. The daemon is
//! configured as a desk would be: `group = "nogroup"` (nobody's primary
//! group; `bind` gives the socket and its directory to it) plus
//! `officers = ["root"]`. No fork, no helper binary.
//!
//! Tests whose doc comment starts with "Regression guard" each describe a
//! defect of the daemon or its client as it was found: they pass because
//! it is fixed, and fail if it comes back.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Value, json};
use siaga::config::Config;
use siaga::daemon::access::DaemonConfig;
use siaga::daemon::client::{ConnectError, RemoteQueue};
use siaga::daemon::protocol::{Activity, Role, WireError};
use siaga::daemon::server;

use crate::common;
use siaga::escalate::packet::EscalationRequest;
use siaga::model::{Arrival, Channel, DeskState, Inquiry, InquiryId, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueEvent, QueueService, ViewQuery};
use siaga::reply::{Lang, ReplyRequest};
use siaga::store::{Facet, StoreError};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{broadcast, oneshot};

pub(crate) const SOURCE: &str = "kemlu-x";
/// Long enough for any event on a loaded CI machine; no test asserts timing.
pub(crate) const PATIENCE: Duration = Duration::from_secs(5);
pub(crate) const NOBODY: (u32, u32) = (65534, 65534);

// ------------------------------------------------------------------ helpers

pub(crate) fn arrival(n: usize) -> Arrival {
    let handle = format!("warga_{n}");
    let text =
        format!("@Kemlu_RI min tlg paspor sy ditahan majikan di Riyadh, gaji blm dibayar #{n}");
    Arrival {
        conversation_id: None,
        author: common::author(&handle, &format!("Warga {n}"), &format!("80000{n}")),
        created_at: Timestamp::now(),
        reasons: vec!["labour: paspor, majikan".into()],
        ..common::arrival(&format!("1862{n:015}"), &handle, &text)
    }
}

/// A desk's daemon config: room for many clients (the derived default has
/// `max_clients: 0`, which the server reads as one).
pub(crate) fn desk(config: DaemonConfig) -> DaemonConfig {
    DaemonConfig {
        max_clients: 128,
        ..config
    }
}

pub(crate) fn personal() -> DaemonConfig {
    desk(DaemonConfig::default())
}

/// root and the members of `nogroup` (nobody) are officers.
pub(crate) fn two_officers() -> DaemonConfig {
    desk(DaemonConfig {
        group: "nogroup".into(),
        officers: vec!["root".into()],
        ..DaemonConfig::default()
    })
}

/// An in-process daemon on a temporary store of `n` inquiries.
pub(crate) struct Daemon {
    pub(crate) socket: PathBuf,
    /// A siaga config naming the socket, for the CLI.
    pub(crate) config_file: PathBuf,
    pub(crate) data: PathBuf,
    pub(crate) home: PathBuf,
    pub(crate) local: Arc<LocalQueue>,
    pub(crate) ids: Vec<InquiryId>,
    pub(crate) stop: Option<oneshot::Sender<()>>,
    pub(crate) served: Option<tokio::task::JoinHandle<()>>,
    // Last: the store closes before its directory goes.
    pub(crate) _root: tempfile::TempDir,
}

impl Daemon {
    pub(crate) async fn start(n: usize, config: DaemonConfig) -> Daemon {
        Daemon::start_seeded(n, config, |_, _| {}).await
    }

    /// `seed` runs on the store before the daemon serves it.
    pub(crate) async fn start_seeded(
        n: usize,
        config: DaemonConfig,
        seed: impl FnOnce(&LocalQueue, &[InquiryId]),
    ) -> Daemon {
        let root = tempfile::Builder::new()
            .prefix("siaga-daemon-")
            .tempdir()
            .unwrap();
        // Another uid must reach the socket's directory inside it.
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
        let data = root.path().join("data");
        let local = LocalQueue::open(&data, 16 << 20).unwrap();
        local.set_policy(missions_config().desk_policy());
        let mut ids = Vec::with_capacity(n);
        let all: Vec<usize> = (0..n).collect();
        for page in all.chunks(100) {
            let arrivals: Vec<Arrival> = page.iter().map(|i| arrival(*i)).collect();
            ids.extend(local.ingest(SOURCE, &arrivals, None).unwrap().new_ids);
        }
        assert_eq!(ids.len(), n);
        seed(&local, &ids);
        let socket = root.path().join("run").join("siaga.sock");
        let listener = server::bind(&socket, &config.group).await.unwrap();
        let config_file = root.path().join("desk.toml");
        std::fs::write(
            &config_file,
            format!("[daemon]\nsocket = \"{}\"\n", socket.display()),
        )
        .unwrap();
        let home = root.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let shared = server::Shared::new(local.clone(), config);
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(server::run(listener, socket.clone(), shared, async {
            let _ = stopped.await;
        }));
        Daemon {
            socket,
            config_file,
            data,
            home,
            local,
            ids,
            stop: Some(stop),
            served: Some(served),
            _root: root,
        }
    }

    /// Stop accepting; `run` removes the socket and flushes.
    pub(crate) async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            served.await.unwrap();
        }
    }

    /// `siaga --config desk.toml --data-dir data ARGS`, as root, HOME inside
    /// the test's directory.
    pub(crate) fn cli(&self, args: &[&str]) -> tokio::process::Command {
        siaga_command(&self.config_file, &self.data, &self.home, args)
    }
}

pub(crate) fn siaga_command(
    config: &Path,
    data: &Path,
    home: &Path,
    args: &[&str],
) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_siaga"));
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        // English, whatever the locale of the machine running the tests.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

pub(crate) async fn client(socket: &Path) -> Arc<RemoteQueue> {
    match RemoteQueue::connect(socket, "test").await {
        Ok(q) => q,
        Err(e) => panic!("connecting to {}: {e}", socket.display()),
    }
}

/// `RemoteQueue`'s calls block: run them off the runtime.
pub(crate) async fn off<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

/// The next event `pred` accepts, within `PATIENCE`.
pub(crate) async fn wait_event(
    rx: &mut broadcast::Receiver<QueueEvent>,
    what: &str,
    pred: impl Fn(&QueueEvent) -> bool,
) -> QueueEvent {
    let found = tokio::time::timeout(PATIENCE, async {
        loop {
            match rx.recv().await {
                Ok(e) if pred(&e) => return e,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    panic!("the client's events ended before {what}")
                }
            }
        }
    })
    .await;
    found.unwrap_or_else(|_| panic!("no {what} within {PATIENCE:?}"))
}

pub(crate) fn presences_of(e: &QueueEvent) -> Option<&Vec<siaga::daemon::protocol::Presence>> {
    match e {
        QueueEvent::Presence { presences } => Some(presences),
        _ => None,
    }
}

/// A raw connection: lines in, bytes out.
pub(crate) async fn raw(socket: &Path) -> (BufReader<OwnedReadHalf>, OwnedWriteHalf) {
    let (read, write) = UnixStream::connect(socket).await.unwrap().into_split();
    (BufReader::new(read), write)
}

/// The next JSON line, None at the end of the stream (or a reset).
pub(crate) async fn read_json(reader: &mut BufReader<OwnedReadHalf>) -> Option<Value> {
    let mut line = String::new();
    let n = tokio::time::timeout(PATIENCE, reader.read_line(&mut line))
        .await
        .expect("the daemon answers or closes within 5 s");
    match n {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(serde_json::from_str(&line).expect("the daemon writes JSON lines")),
    }
}

pub(crate) async fn send_json(write: &mut OwnedWriteHalf, v: &Value) {
    let mut line = serde_json::to_vec(v).unwrap();
    line.push(b'\n');
    write.write_all(&line).await.unwrap();
}

pub(crate) async fn hello(
    reader: &mut BufReader<OwnedReadHalf>,
    write: &mut OwnedWriteHalf,
) -> Value {
    send_json(
        write,
        &json!({"type": "hello", "version": siaga::daemon::protocol::VERSION, "client": "raw"}),
    )
    .await;
    let welcome = read_json(reader).await.expect("a welcome");
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    welcome
}

/// `who`'s `counts` still work (through the daemon).
pub(crate) async fn still_serves(who: &Arc<RemoteQueue>, n: u64) {
    let q = who.clone();
    let counts = off(move || q.counts())
        .await
        .expect("the daemon still answers");
    let total: u64 = counts.0.iter().map(|(_, c)| c).sum();
    assert_eq!(total, n, "{counts:?}");
}

pub(crate) fn history_whats(local: &LocalQueue, id: InquiryId) -> Vec<(String, String)> {
    local
        .get(id)
        .unwrap()
        .history
        .into_iter()
        .map(|e| (e.what, e.officer))
        .collect()
}

/// `f` on a fresh thread whose effective uid/gid are `uid`/`gid` (only that
/// thread's: the raw syscalls, not glibc's process-wide wrappers). The
/// thread ends afterwards, so no other work ever runs with them.
pub(crate) fn as_user<T: Send>(uid: u32, gid: u32, f: impl FnOnce() -> T + Send) -> T {
    use nix::libc::{SYS_setresgid, SYS_setresuid, c_long, syscall};
    std::thread::scope(|s| {
        s.spawn(|| {
            let keep: c_long = -1;
            // SAFETY: plain syscalls changing this thread's credentials.
            unsafe {
                assert_eq!(syscall(SYS_setresgid, keep, c_long::from(gid), keep), 0);
                assert_eq!(syscall(SYS_setresuid, keep, c_long::from(uid), keep), 0);
            }
            f()
        })
        .join()
        .unwrap()
    })
}

/// A client with its own runtime (so it can be connected from another
/// thread's credentials and called from plain threads).
pub(crate) struct Officer {
    pub(crate) queue: Arc<RemoteQueue>,
    pub(crate) _rt: tokio::runtime::Runtime,
}

pub(crate) fn officer(socket: &Path, user: Option<(u32, u32)>) -> Officer {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let connect = || rt.block_on(RemoteQueue::connect(socket, "race"));
    let connected = match user {
        Some((uid, gid)) => as_user(uid, gid, connect),
        None => connect(),
    };
    match connected {
        Ok(queue) => Officer { queue, _rt: rt },
        Err(e) => panic!("connecting as {user:?}: {e}"),
    }
}

pub(crate) fn missions_config() -> Config {
    Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n\
         [missions.tawau]\nemail = \"desk@kri-tawau.test\"\n\
         [daemon]\nofficers = [\"budi\"]\n",
        "missions.toml",
    )
    .expect("a valid config")
}

/// An escalation of `id` to `mission`, asked for as the CLI asks.
pub(crate) fn escalation_request(id: InquiryId, mission: &str) -> EscalationRequest {
    EscalationRequest {
        inquiry: id,
        mission: mission.into(),
        severity: Priority::P2,
        summary: format!("labour: passport held (#{id})"),
        note: String::new(),
        made: None,
    }
}

pub(crate) fn refused_as_forbidden<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::Refused(m)) if m.starts_with("not allowed") => {}
        other => panic!("{what}: expected a refusal (not allowed), got {other:?}"),
    }
}

// ------------------------------------------------------ 1. propagation

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_claim_and_a_presence_reach_the_other_client_and_the_presence_leaves_with_its_client() {
    let d = Daemon::start(5, personal()).await;
    let a = client(&d.socket).await;
    let b = client(&d.socket).await;
    assert_eq!(a.officer().as_deref(), Some("root"));
    assert_eq!(b.role(), &Role::Officer);
    let mut events = b.subscribe();
    still_serves(&b, 5).await; // B's session is up

    let id = d.ids[2];
    let qa = a.clone();
    // The officer named in the call is ignored: the daemon says who it is.
    let after = off(move || qa.apply(id, &Change::Claim { take_over: false }, "mallory"))
        .await
        .unwrap();
    assert_eq!(after.claimed_by.as_deref(), Some("root"));
    let event = wait_event(
        &mut events,
        "the claim on B",
        |e| matches!(e, QueueEvent::Changed { inquiry, .. } if inquiry.id == id),
    )
    .await;
    let QueueEvent::Changed { inquiry, officer } = event else {
        unreachable!()
    };
    assert_eq!(inquiry.claimed_by.as_deref(), Some("root"));
    assert_eq!(inquiry.status, Status::Claimed);
    assert_eq!(officer, "root");

    let qa = a.clone();
    off(move || qa.set_presence(Some((id, Activity::Replying)))).await;
    let event = wait_event(&mut events, "A's presence on B", |e| {
        presences_of(e).is_some_and(|p| !p.is_empty())
    })
    .await;
    let presences = presences_of(&event).unwrap();
    assert_eq!(presences.len(), 1, "{presences:?}");
    assert_eq!(presences[0].officer, "root");
    assert_eq!(presences[0].inquiry, id);
    assert_eq!(presences[0].activity, Activity::Replying);

    // A goes away: B hears that nobody is on the inquiry any more.
    drop(a);
    let event = wait_event(&mut events, "A's presence cleared", |e| {
        presences_of(e).is_some()
    })
    .await;
    assert_eq!(presences_of(&event).unwrap(), &Vec::new());
    still_serves(&b, 5).await;
}

// ------------------------------------------------------ 2. the claim race

/// Two different officers (root, and nobody by its own uid) claim each of
/// 1,000 fresh inquiries at the same moment: exactly one wins each round,
/// the other is told who; one `claim` in each history; 1,000 claimed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_officers_racing_for_each_of_1000_inquiries_get_exactly_one_winner_each() {
    const ROUNDS: usize = 1000;
    let d = Daemon::start(ROUNDS, two_officers()).await;
    let socket = d.socket.clone();
    let ids = d.ids.clone();
    let results = off(move || {
        let officers = [officer(&socket, None), officer(&socket, Some(NOBODY))];
        assert_eq!(officers[0].queue.officer().as_deref(), Some("root"));
        assert_eq!(officers[1].queue.officer().as_deref(), Some("nobody"));
        let barrier = Barrier::new(2);
        let results: Vec<Vec<Result<Inquiry, StoreError>>> = std::thread::scope(|s| {
            let racers: Vec<_> = officers
                .iter()
                .map(|o| {
                    let (barrier, ids) = (&barrier, &ids);
                    s.spawn(move || {
                        ids.iter()
                            .map(|id| {
                                barrier.wait();
                                o.queue.apply(*id, &Change::Claim { take_over: false }, "x")
                            })
                            .collect()
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        drop(officers);
        results
    })
    .await;

    let names = ["root", "nobody"];
    let mut wins = [0usize; 2];
    for (round, id) in d.ids.iter().enumerate() {
        let (r0, r1) = (&results[0][round], &results[1][round]);
        let winner = match (r0, r1) {
            (Ok(_), Err(_)) => 0,
            (Err(_), Ok(_)) => 1,
            other => panic!("round {round} (#{id}): not exactly one winner: {other:?}"),
        };
        wins[winner] += 1;
        let won = results[winner][round].as_ref().unwrap();
        assert_eq!(won.claimed_by.as_deref(), Some(names[winner]));
        match &results[1 - winner][round] {
            Err(StoreError::ClaimedBy {
                id: lost,
                holder,
                since,
            }) => {
                assert_eq!(lost, id);
                assert_eq!(
                    holder, names[winner],
                    "round {round}: the loser is told who won"
                );
                assert!(since.is_some());
            }
            other => panic!("round {round}: the loser got {other:?}"),
        }
        let claims: Vec<_> = history_whats(&d.local, *id)
            .into_iter()
            .filter(|(what, _)| what == "claim")
            .collect();
        assert_eq!(
            claims,
            vec![("claim".to_string(), names[winner].to_string())],
            "#{id}"
        );
    }
    let counts = d.local.counts().unwrap();
    assert_eq!(counts.get(Status::Claimed), ROUNDS as u64, "{counts:?}");
    assert_eq!(counts.get(Status::New), 0, "{counts:?}");
    let mine = |who: &str| {
        d.local
            .facet_counts(&Facet::ClaimedBy(who.into()))
            .unwrap()
            .get(Status::Claimed)
    };
    assert_eq!(mine("root") + mine("nobody"), ROUNDS as u64);
    assert_eq!(
        [mine("root") as usize, mine("nobody") as usize],
        wins,
        "the facet counts agree with the winners"
    );
    eprintln!("claim race: root won {}, nobody won {}", wins[0], wins[1]);
    assert!(
        wins[0] > 0 && wins[1] > 0,
        "both officers won some rounds (a real race): {wins:?}"
    );
}

/// The same race by one officer from two clients is no race: a claim of
/// what one already holds is a no-op, so both succeed and the history has
/// one `claim`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_officer_claiming_from_two_clients_at_once_records_one_claim() {
    const ROUNDS: usize = 100;
    let d = Daemon::start(ROUNDS, personal()).await;
    let socket = d.socket.clone();
    let ids = d.ids.clone();
    let results = off(move || {
        let officers = [officer(&socket, None), officer(&socket, None)];
        let barrier = Barrier::new(2);
        let results: Vec<Vec<Result<Inquiry, StoreError>>> = std::thread::scope(|s| {
            let racers: Vec<_> = officers
                .iter()
                .map(|o| {
                    let (barrier, ids) = (&barrier, &ids);
                    s.spawn(move || {
                        ids.iter()
                            .map(|id| {
                                barrier.wait();
                                o.queue.apply(*id, &Change::Claim { take_over: false }, "x")
                            })
                            .collect()
                    })
                })
                .collect();
            racers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        drop(officers);
        results
    })
    .await;
    for (round, id) in d.ids.iter().enumerate() {
        for side in &results {
            assert_eq!(
                side[round].as_ref().unwrap().claimed_by.as_deref(),
                Some("root")
            );
        }
        let claims = history_whats(&d.local, *id)
            .into_iter()
            .filter(|(what, _)| what == "claim")
            .count();
        assert_eq!(claims, 1, "#{id}");
    }
    let counts = d.local.counts().unwrap();
    assert_eq!(counts.get(Status::Claimed), ROUNDS as u64);
}

// ------------------------------------- 3. a client killed mid-request

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_killed_mid_request_leaves_the_daemon_serving_and_nothing_lost() {
    const N: usize = 2000;
    let d = Daemon::start(N, personal()).await;
    let other = client(&d.socket).await;

    // The real binary, listing 2,000 inquiries into a pipe nobody reads:
    // it blocks mid-listing; then it is killed.
    let mut listing = d
        .cli(&["list", "--json", "--status", "new"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    listing.start_kill().unwrap();
    let status = listing.wait().await.unwrap();
    assert!(!status.success());

    // A raw client: a change and a big listing, then gone before any answer.
    let id = d.ids[7];
    for _ in 0..5 {
        let (mut reader, mut write) = raw(&d.socket).await;
        hello(&mut reader, &mut write).await;
        let requests = [
            json!({"type": "request", "id": 1, "call": {"call": "apply", "id": id,
                   "change": {"change": "tag", "tag": "dropped-client"}}}),
            json!({"type": "request", "id": 2, "call": {"call": "list", "query":
                   {"facet": "all", "statuses": ["new", "claimed"], "after": null, "limit": 0}}}),
        ];
        for r in &requests {
            send_json(&mut write, r).await;
        }
        drop((reader, write));
    }

    // Meanwhile and afterwards, the daemon serves others.
    still_serves(&other, N as u64).await;
    let q = other.clone();
    let other_id = d.ids[8];
    let tagged = off(move || {
        q.apply(
            other_id,
            &Change::Tag {
                tag: "after".into(),
            },
            "x",
        )
    })
    .await
    .unwrap();
    assert_eq!(tagged.tags, vec!["after".to_string()]);
    // A request sent in full is carried out even if its client left.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let tags = d.local.get(id).unwrap().inquiry.tags;
        if tags == vec!["dropped-client".to_string()] {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the dropped client's change never landed: {tags:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let counts = d.local.counts().unwrap();
    assert_eq!(counts.get(Status::New), N as u64, "{counts:?}");
    // The real CLI, through the daemon, sees every one of them.
    let out = d
        .cli(&["list", "--json", "--status", "new"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), N);
}

// ------------------------------------------------------------ 4. garbage

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn garbage_after_hello_gets_one_malformed_error_and_the_door() {
    let d = Daemon::start(3, personal()).await;
    let other = client(&d.socket).await;
    let (mut reader, mut write) = raw(&d.socket).await;
    let welcome = hello(&mut reader, &mut write).await;
    assert_eq!(welcome["officer"], "root");
    assert_eq!(welcome["role"]["role"], "officer");
    write.write_all(b"{not json\n").await.unwrap();
    let error = read_json(&mut reader).await.expect("an error line");
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["error"]["kind"], "malformed", "{error}");
    assert_eq!(read_json(&mut reader).await, None, "then closed");
    still_serves(&other, 3).await;

    // Garbage instead of a hello: the same.
    let (mut reader, mut write) = raw(&d.socket).await;
    write.write_all(b"\x00\xffGET / HTTP/1.1\n").await.unwrap();
    let error = read_json(&mut reader).await.expect("an error line");
    assert_eq!(error["error"]["kind"], "malformed", "{error}");
    assert_eq!(read_json(&mut reader).await, None, "then closed");
    still_serves(&other, 3).await;
}

// ---------------------------------------------------- 5. a 100 MB line

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_100_mb_line_is_too_large_and_others_are_served_during_and_after() {
    const TOTAL: usize = 100 * 1024 * 1024;
    let d = Daemon::start(10, personal()).await;
    let other = client(&d.socket).await;
    let (mut reader, mut write) = raw(&d.socket).await;
    hello(&mut reader, &mut write).await;
    let streamer = tokio::spawn(async move {
        let chunk = vec![b'x'; 1 << 20];
        let mut sent = 0;
        while sent < TOTAL {
            if write.write_all(&chunk).await.is_err() {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    // During: the other client is served.
    for _ in 0..20 {
        still_serves(&other, 10).await;
    }
    let error = read_json(&mut reader).await.expect("an error line");
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["error"]["kind"], "too_large", "{error}");
    assert_eq!(
        error["error"]["limit"],
        siaga::daemon::protocol::MAX_LINE as u64
    );
    assert_eq!(read_json(&mut reader).await, None, "then closed");
    let sent = tokio::time::timeout(Duration::from_secs(30), streamer)
        .await
        .expect("the stream stops once the daemon closes")
        .unwrap();
    assert!(
        sent < TOTAL,
        "the daemon stopped reading long before 100 MB ({sent} bytes went)"
    );
    // After: still served, and a new client too.
    still_serves(&other, 10).await;
    still_serves(&client(&d.socket).await, 10).await;
}

// ------------------------------------------------- 6. version mismatch

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hello_in_another_version_is_refused_with_both_versions() {
    let d = Daemon::start(1, personal()).await;
    let (mut reader, mut write) = raw(&d.socket).await;
    send_json(
        &mut write,
        &json!({"type": "hello", "version": 999, "client": "siaga-from-the-future"}),
    )
    .await;
    let error = read_json(&mut reader).await.expect("an error line");
    assert_eq!(
        error,
        json!({"type": "error", "error": {"kind": "version",
               "daemon": siaga::daemon::protocol::VERSION, "client": 999}})
    );
    assert_eq!(read_json(&mut reader).await, None, "then closed");
    let other = client(&d.socket).await;
    still_serves(&other, 1).await;
}

// ------------------------------------------------ 7. unauthorized uid

/// Regression guard (the defect as it was found): the daemon refuses root with a `forbidden` line and closes (seen
/// raw, reading before writing), but `RemoteQueue::connect` writes its
/// hello first: when the daemon has already refused and closed, that write
/// fails with EPIPE and connect returns `Io("Broken pipe")` without reading
/// the refusal, so the officer (and `siaga list`: "talking to the daemon:
/// Broken pipe") never learns why. Here that happens in about half of the
/// attempts; the test makes 20.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn naming_officers_closes_the_door_to_everyone_else() {
    let d = Daemon::start(
        1,
        desk(DaemonConfig {
            officers: vec!["someone-else".into()],
            ..DaemonConfig::default()
        }),
    )
    .await;
    let (mut reader, _write) = raw(&d.socket).await;
    let error = read_json(&mut reader).await.expect("a refusal");
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["error"]["kind"], "forbidden", "{error}");
    assert_eq!(read_json(&mut reader).await, None, "then closed");

    let mut outcomes = Vec::new();
    for _ in 0..20 {
        outcomes.push(match RemoteQueue::connect(&d.socket, "test").await {
            Err(ConnectError::Refused(WireError::Forbidden { message, .. })) => {
                assert!(message.contains("root"), "{message}");
                "refused (forbidden)".to_string()
            }
            Err(e) => format!("{e:?}"),
            Ok(_) => panic!("root was let in"),
        });
    }
    let wrong: Vec<&String> = outcomes
        .iter()
        .filter(|o| *o != "refused (forbidden)")
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of 20 connects did not say why root was refused: {wrong:?}",
        wrong.len()
    );
    // And the CLI says so, rather than falling back to the store.
    for _ in 0..5 {
        let out = d.cli(&["list"]).output().await.unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not allowed"), "{stderr}");
    }
}

// ------------------------------------------------------ 8. consular staff

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn consular_staff_see_and_acknowledge_only_their_missions_escalations() {
    let mut riyadh_case = InquiryId(0);
    let mut tawau_case = InquiryId(0);
    let d = Daemon::start_seeded(
        6,
        desk(DaemonConfig {
            consular: [("riyadh".to_string(), vec!["root".to_string()])].into(),
            ..DaemonConfig::default()
        }),
        |local, ids| {
            riyadh_case = ids[1];
            tawau_case = ids[2];
            local
                .escalate(escalation_request(riyadh_case, "riyadh"), "root")
                .unwrap();
            local
                .escalate(escalation_request(tawau_case, "tawau"), "root")
                .unwrap();
        },
    )
    .await;
    let c = client(&d.socket).await;
    assert_eq!(
        c.role(),
        &Role::Consular {
            missions: vec!["riyadh".into()]
        }
    );
    let plain = d.ids[0];
    let q = c.clone();
    let (list, get_plain, get_tawau, get_riyadh, listing, counts) = off(move || {
        (
            q.list(&ViewQuery {
                facet: Facet::All,
                statuses: Status::ALL.to_vec(),
                after: None,
                limit: 0,
            }),
            q.get(plain),
            q.get(tawau_case),
            q.get(riyadh_case),
            q.escalations(50),
            q.counts(),
        )
    })
    .await;
    refused_as_forbidden(list, "list");
    refused_as_forbidden(get_plain, "get of an inquiry never escalated");
    refused_as_forbidden(get_tawau, "get of an inquiry escalated to tawau");
    assert_eq!(get_riyadh.unwrap().inquiry.id, riyadh_case);
    let listing = listing.unwrap();
    assert_eq!(listing.open.len(), 1, "{:?}", listing.open);
    assert_eq!(listing.open[0].mission, "riyadh");
    assert!(listing.recent.iter().all(|e| e.mission == "riyadh"));
    assert_eq!(listing.recent.len(), 1);
    assert!(counts.is_ok());

    let q = c.clone();
    let (ack_tawau, ack_plain, ack_riyadh, apply) = off(move || {
        (
            q.acknowledge(tawau_case, "Pak Budi", "phone", "x"),
            q.acknowledge(plain, "Pak Budi", "phone", "x"),
            q.acknowledge(riyadh_case, "Bu Rina", "phone", "x"),
            q.apply(riyadh_case, &Change::Claim { take_over: false }, "x"),
        )
    })
    .await;
    refused_as_forbidden(ack_tawau, "acknowledging tawau's escalation");
    refused_as_forbidden(ack_plain, "acknowledging what was never escalated");
    let acked = ack_riyadh.unwrap();
    assert_eq!(acked.mission, "riyadh");
    let ack = acked.ack.expect("acknowledged");
    assert_eq!(
        (ack.by.as_str(), ack.recorded_by.as_str()),
        ("Bu Rina", "root")
    );
    refused_as_forbidden(apply, "a change");
    // tawau's escalation still waits for tawau.
    let open = d.local.escalations(0).unwrap().open;
    let tawau = open.iter().find(|e| e.inquiry == tawau_case).unwrap();
    assert!(tawau.ack.is_none());
}

/// Regression guard (the defect as it was found): an inquiry escalated to riyadh and later to tawau. riyadh's staff
/// may acknowledge it (one of its escalations is theirs), but the daemon
/// then acknowledges the inquiry's *latest* open escalation, tawau's.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn consular_acknowledgement_only_ever_acknowledges_their_own_missions_escalation() {
    let mut case = InquiryId(0);
    let d = Daemon::start_seeded(
        2,
        desk(DaemonConfig {
            consular: [("riyadh".to_string(), vec!["root".to_string()])].into(),
            ..DaemonConfig::default()
        }),
        |local, ids| {
            case = ids[0];
            local
                .escalate(escalation_request(case, "riyadh"), "root")
                .unwrap();
            local
                .escalate(escalation_request(case, "tawau"), "root")
                .unwrap();
        },
    )
    .await;
    let c = client(&d.socket).await;
    let q = c.clone();
    let result = off(move || q.acknowledge(case, "Bu Rina", "phone", "x")).await;
    let open = d.local.escalations(10).unwrap().recent;
    let tawau = open
        .iter()
        .find(|e| e.mission == "tawau")
        .expect("the tawau escalation");
    assert!(
        tawau.ack.is_none(),
        "riyadh's consular staff acknowledged tawau's escalation: {:?}",
        tawau.ack
    );
    match result {
        Ok(e) => assert_eq!(
            e.mission, "riyadh",
            "acknowledged {}'s escalation",
            e.mission
        ),
        Err(e) => panic!("refused: {e}"),
    }
}

// ---------------------------------------------------------- 9. supervisor

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_a_supervisor_assigns_a_claim() {
    let id = InquiryId(1);
    let mut sup = Daemon::start(
        2,
        desk(DaemonConfig {
            supervisors: vec!["root".into()],
            ..DaemonConfig::default()
        }),
    )
    .await;
    let s = client(&sup.socket).await;
    assert_eq!(s.role(), &Role::Supervisor);
    let q = s.clone();
    let assigned = off(move || q.apply(id, &Change::Assign { to: "budi".into() }, "x"))
        .await
        .unwrap();
    assert_eq!(assigned.claimed_by.as_deref(), Some("budi"));
    assert_eq!(assigned.status, Status::Claimed);
    assert!(
        history_whats(&sup.local, id).contains(&("assign".into(), "root".into())),
        "the assignment is recorded as the supervisor's"
    );
    sup.stop().await;

    let plain = Daemon::start(
        2,
        desk(DaemonConfig {
            officers: vec!["root".into()],
            ..DaemonConfig::default()
        }),
    )
    .await;
    let o = client(&plain.socket).await;
    assert_eq!(o.role(), &Role::Officer);
    let q = o.clone();
    let refused = off(move || q.apply(id, &Change::Assign { to: "budi".into() }, "x")).await;
    refused_as_forbidden(refused, "an officer's assign");
    assert_eq!(plain.local.get(id).unwrap().inquiry.claimed_by, None);
}

/// A draft is its officer's own: the daemon keeps and reads drafts as the
/// socket's officer, whatever login the client names, so nobody reads,
/// overwrites or drops a colleague's; a consular client has none.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_cannot_read_or_overwrite_a_colleagues_draft() {
    use siaga::model::{DraftBody, DraftKind};
    let words = |text: &str| DraftBody::Reply {
        text: text.into(),
        template: None,
        lang: Lang::Id,
        channel: Channel::Public,
    };
    let d = Daemon::start(2, two_officers()).await;
    let (socket, id) = (d.socket.clone(), d.ids[0]);
    let (root_words, theirs) = (words("punya root"), words("punya nobody"));
    let (mine, seen) = off(move || {
        let root = officer(&socket, None);
        let nobody = officer(&socket, Some(NOBODY));
        let saved = root.queue.save_draft(id, root_words, "root").unwrap();
        assert_eq!(saved.officer, "root");
        // nobody names root, and is still nobody.
        assert!(nobody.queue.drafts_of("root").unwrap().is_empty());
        let saved = nobody.queue.save_draft(id, theirs, "root").unwrap();
        assert_eq!(saved.officer, "nobody", "kept as the socket's officer");
        nobody
            .queue
            .drop_draft(id, DraftKind::Reply, "root")
            .unwrap();
        let seen = nobody.queue.drafts_of("root").unwrap();
        (root.queue.drafts_of("nobody").unwrap(), seen)
    })
    .await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(
        (mine[0].officer.as_str(), &mine[0].body),
        ("root", &words("punya root")),
        "root's draft is as root left it"
    );
    assert!(seen.is_empty(), "nobody dropped only their own: {seen:?}");
    let stored = d.local.drafts_of("root").unwrap();
    assert_eq!(stored, mine);
    assert!(d.local.drafts_of("nobody").unwrap().is_empty());
}

/// The groups of near-identical pleas reach officers over the socket as
/// the daemon keeps them (#16): the seeded pleas all say the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn officers_see_the_desks_groups_through_the_daemon() {
    let d = Daemon::start(3, two_officers()).await;
    let (socket, ids) = (d.socket.clone(), d.ids.clone());
    let (groups, of) = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        let groups = nobody.queue.groups().unwrap();
        (groups, nobody.queue.groups_of(&ids).unwrap())
    })
    .await;
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].members, d.ids);
    assert_eq!(groups, d.local.groups().unwrap());
    assert_eq!(of, vec![Some(groups[0].id); 3]);
    let (socket, id) = (d.socket.clone(), groups[0].id);
    let named = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        nobody
            .queue
            .groups_named(&[id, siaga::model::GroupId(99), id])
            .unwrap()
    })
    .await;
    assert_eq!(named, groups, "each once, the unknown left out");
}

/// An officer answers a group through the daemon: the desk renders each
/// member's reply and signs it with the socket's officer, whatever the
/// client says it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_answers_a_group_through_the_daemon_as_themselves() {
    let d = Daemon::start(3, two_officers()).await;
    let socket = d.socket.clone();
    let outcome = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        let group = nobody.queue.groups().unwrap()[0].id;
        let request = siaga::model::group::GroupReplyRequest {
            group,
            template: "hotline".into(),
            members: Vec::new(),
            dry_run: false,
        };
        nobody.queue.reply_group(request, "root").unwrap()
    })
    .await;
    assert_eq!(outcome.queued.len(), 3, "{outcome:#?}");
    let replies = d.local.store().open_replies().unwrap();
    assert_eq!(replies.len(), 3);
    for (reply, id) in replies.iter().zip(&d.ids) {
        assert_eq!(reply.inquiry, *id);
        assert_eq!(
            reply.officer, "nobody",
            "the socket's officer, not the claim"
        );
        assert_eq!(reply.group, Some(outcome.group));
    }
}

/// A group escalated through the daemon: one escalation, every member on
/// its roster, signed with the socket's officer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_escalates_a_group_through_the_daemon_as_themselves() {
    let d = Daemon::start(3, two_officers()).await;
    let socket = d.socket.clone();
    let e = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        let group = nobody.queue.groups().unwrap()[0].id;
        let request = siaga::model::group::GroupEscalationRequest {
            group,
            mission: None,
            severity: None,
            summary: None,
            note: String::new(),
        };
        nobody.queue.escalate_group(request, "root").unwrap()
    })
    .await;
    assert_eq!(e.officer, "nobody", "the socket's officer, not the claim");
    let rows: Vec<InquiryId> = e.roster.unwrap().rows.iter().map(|r| r.inquiry).collect();
    assert_eq!(rows, d.ids);
    assert_eq!(d.local.store().open_escalations().unwrap().len(), 1);
}

/// A refusal crosses the socket as its catalog sentence: the client says
/// it in its officer's language, not in the daemon's English (#15).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refusal_through_the_daemon_is_said_in_the_clients_language() {
    let d = Daemon::start(1, two_officers()).await;
    let (socket, id) = (d.socket.clone(), d.ids[0]);
    let refused = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        nobody
            .queue
            .apply(
                id,
                &Change::Close {
                    reason: String::new(),
                },
                "x",
            )
            .unwrap_err()
    })
    .await;
    assert_eq!(refused.to_string(), "closing needs a reason");
    assert_eq!(
        refused.describe(siaga::i18n::Lang::Id),
        "menutup perlu alasan"
    );
}

/// Regression guard (the defect as it was found): an officer (not a supervisor) gives an inquiry to a colleague with
/// the undo change, `Restore`, which sets `claimed_by` to whatever it is
/// told: the supervisor-only `Assign` by another name.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_cannot_assign_through_restore() {
    let d = Daemon::start(
        1,
        desk(DaemonConfig {
            officers: vec!["root".into()],
            ..DaemonConfig::default()
        }),
    )
    .await;
    let id = d.ids[0];
    let o = client(&d.socket).await;
    let q = o.clone();
    let result = off(move || {
        let now = DeskState::of(&q.get(id).unwrap().inquiry);
        let mut to = now.clone();
        to.claimed_by = Some("budi".into());
        to.claimed_at = Some(Timestamp::now());
        to.status = Status::Claimed;
        q.apply(
            id,
            &Change::Restore {
                expect: Box::new(now),
                to: Box::new(to),
            },
            "x",
        )
    })
    .await;
    let holder = d.local.get(id).unwrap().inquiry.claimed_by;
    assert_eq!(
        holder, None,
        "an officer assigned #{id} to budi through Restore ({result:?})"
    );
}

// ---------------------------------------------------- 10. shift handover

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_shift_digest_and_handover_work_through_the_daemon() {
    let d = Daemon::start(
        8,
        desk(DaemonConfig {
            supervisors: vec!["root".into()],
            ..DaemonConfig::default()
        }),
    )
    .await;
    let r = client(&d.socket).await;
    let ids = d.ids.clone();
    let q = r.clone();
    let (digest, reply, escalation) = off(move || {
        for id in &ids[0..3] {
            q.apply(*id, &Change::Claim { take_over: false }, "x")
                .unwrap();
        }
        q.apply(
            ids[0],
            &Change::Note {
                text: "called the family".into(),
            },
            "x",
        )
        .unwrap();
        let request = ReplyRequest {
            inquiry: ids[1],
            channel: Channel::Public,
            lang: Lang::Id,
            template: None,
            text: "Mohon kirim nomor paspor melalui DM.".into(),
        };
        let reply = q.queue_reply(request, "mallory", None).unwrap();
        let escalation = q
            .escalate(escalation_request(ids[5], "riyadh"), "root")
            .unwrap();
        // Two inquiries a supervisor gives to budi, for the handover.
        for id in &ids[6..8] {
            q.apply(*id, &Change::Assign { to: "budi".into() }, "x")
                .unwrap();
        }
        let digest = siaga::queue::shift::digest(&*q, "root", Timestamp::now()).unwrap();
        (digest, reply, escalation)
    })
    .await;
    assert_eq!(
        reply.officer, "root",
        "the daemon names the reply's officer"
    );
    assert_eq!(escalation.officer, "root");
    let mut held: Vec<InquiryId> = digest.held.iter().map(|i| i.id).collect();
    held.sort();
    assert_eq!(held, d.ids[0..3].to_vec());
    assert_eq!(
        digest.replies.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![reply.id]
    );
    assert_eq!(
        digest.escalations.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![escalation.id]
    );
    assert_eq!(digest.notes.len(), 1);
    assert_eq!(digest.notes[0].0, d.ids[0]);

    // root takes over budi's claims (as any officer could).
    let q = r.clone();
    let (taken, refused, budi_after) = off(move || {
        let siaga::queue::shift::Handover { taken, refused } =
            siaga::queue::shift::accept(&*q, "budi", "x").unwrap();
        let budi = siaga::queue::shift::digest(&*q, "budi", Timestamp::now()).unwrap();
        (taken, refused, budi)
    })
    .await;
    assert_eq!(refused, vec![]);
    let mut taken = taken;
    taken.sort();
    assert_eq!(taken, d.ids[6..8].to_vec());
    assert!(budi_after.held.is_empty());
    for id in &d.ids[6..8] {
        let detail = d.local.get(*id).unwrap();
        assert_eq!(detail.inquiry.claimed_by.as_deref(), Some("root"));
        let handover = detail
            .history
            .iter()
            .find(|e| e.what == "shift_handover")
            .expect("a shift_handover entry");
        assert_eq!(handover.officer, "root");
        assert_eq!(handover.before.as_deref(), Some("budi"));
        assert_eq!(handover.after.as_deref(), Some("root"));
    }

    // The CLI, through the daemon.
    let out = d.cli(&["shift", "--markdown"]).output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for section in [
        "# Shift handover: root",
        "## Held open (5)",
        "## Escalations awaiting acknowledgement (1)",
        "## Replies pending or failed (1)",
        "## Promised call-backs (snoozed, 0)",
        "## Notes (1)",
        "called the family",
    ] {
        assert!(stdout.contains(section), "no {section:?} in:\n{stdout}");
    }
    assert!(stdout.contains(&format!("#{}", d.ids[0])), "{stdout}");
    assert!(stdout.contains(&escalation.id.to_string()), "{stdout}");
    assert!(stdout.contains(&reply.id.to_string()), "{stdout}");
}

// ------------------------------------------- 11 + 12. the real daemon

/// `siaga serve` on a store of `n` inquiries, its socket in a temp dir.
struct Served {
    child: std::process::Child,
    socket: PathBuf,
    config: PathBuf,
    data: PathBuf,
    home: PathBuf,
    ids: Vec<InquiryId>,
    _root: tempfile::TempDir,
}

impl Served {
    fn start(n: usize) -> Served {
        let root = tempfile::Builder::new()
            .prefix("siaga-serve-")
            .tempdir()
            .unwrap();
        let data = root.path().join("data");
        let local = LocalQueue::open(&data, 16 << 20).unwrap();
        let arrivals: Vec<Arrival> = (0..n).map(arrival).collect();
        let ids = local.ingest(SOURCE, &arrivals, None).unwrap().new_ids;
        drop(local);
        let socket = root.path().join("run").join("siaga.sock");
        let config = root.path().join("desk.toml");
        std::fs::write(
            &config,
            format!("[daemon]\nsocket = \"{}\"\n", socket.display()),
        )
        .unwrap();
        let home = root.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(&data)
            .arg("serve")
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let served = Served {
            child,
            socket,
            config,
            data,
            home,
            ids,
            _root: root,
        };
        served.wait_for_socket();
        served
    }

    fn wait_for_socket(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(&self.socket).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "siaga serve never listened on {}",
                self.socket.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn cli(&self, args: &[&str]) -> tokio::process::Command {
        siaga_command(&self.config, &self.data, &self.home, args)
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        use nix::sys::signal::{Signal, kill};
        use nix::unistd::Pid;
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "siaga serve did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_stops_the_daemon_cleanly_and_the_claim_is_on_disk() {
    let mut served = off(|| Served::start(5)).await;
    let c = client(&served.socket).await;
    let id = served.ids[3];
    let q = c.clone();
    let claimed = off(move || q.apply(id, &Change::Claim { take_over: false }, "x"))
        .await
        .unwrap();
    assert_eq!(claimed.claimed_by.as_deref(), Some("root"));
    let (served, status) = off(move || {
        let status = served.terminate();
        (served, status)
    })
    .await;
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(!served.socket.exists(), "the socket was removed");
    let local = LocalQueue::open(&served.data, 16 << 20).unwrap();
    let inq = local.get(id).unwrap().inquiry;
    assert_eq!(inq.claimed_by.as_deref(), Some("root"));
    assert_eq!(inq.status, Status::Claimed);
    assert!(history_whats(&local, id).contains(&("claim".into(), "root".into())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_cli_works_through_the_real_daemon_which_holds_the_store() {
    let mut served = off(|| Served::start(4)).await;
    let id = served.ids[1];

    let out = served.cli(&["list", "--json"]).output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.to_lowercase().contains("lock"), "{stderr}");
    assert!(!stderr.contains("in use"), "{stderr}");
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["status"] == "new"));

    let out = served
        .cli(&["claim", &id.to_string()])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("claimed by root"), "{stdout}");

    let out = served
        .cli(&["show", &id.to_string(), "--json"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let detail: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(detail["inquiry"]["claimed_by"], "root");
    assert_eq!(detail["inquiry"]["status"], "claimed");
    assert!(
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "claim" && e["officer"] == "root"),
        "{detail}"
    );

    // The daemon holds the store.
    match LocalQueue::open(&served.data, 16 << 20) {
        Err(StoreError::Locked { .. }) => {}
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("the store opened beside a running daemon"),
    }
    let out = served.cli(&["list"]).output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "siaga list said: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);

    let status = off(move || served.terminate()).await;
    assert_eq!(status.code(), Some(0));
}

// ------------------------------------------------------- more of the same

/// A client that never reads is disconnected once its queue of lines is
/// full; meanwhile the others are served and hear every event.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_that_never_reads_is_dropped_without_holding_up_the_others() {
    let d = Daemon::start(3, personal()).await;
    let (mut stuck_reader, mut stuck_write) = raw(&d.socket).await;
    hello(&mut stuck_reader, &mut stuck_write).await;
    let busy = client(&d.socket).await;
    let listener = client(&d.socket).await;
    let mut events = listener.subscribe();
    let id = d.ids[0];
    // Presence changes are events for everyone, and cheap: 6,000 of them
    // are more than the stuck client's socket buffer and queue hold.
    let q = busy.clone();
    let last = off(move || {
        for n in 0..6000 {
            let activity = if n % 2 == 0 {
                Activity::Viewing
            } else {
                Activity::Replying
            };
            q.set_presence(Some((id, activity)));
        }
        q.set_presence(Some((id, Activity::Escalating)));
        q.counts()
    })
    .await;
    assert!(last.is_ok(), "{last:?}");
    wait_event(&mut events, "the last presence", |e| {
        presences_of(e).is_some_and(|p| p.iter().any(|p| p.activity == Activity::Escalating))
    })
    .await;
    // The stuck client: whatever was buffered, then the end.
    let drained = tokio::time::timeout(Duration::from_secs(20), async {
        let mut lines = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            match stuck_reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return lines,
                Ok(_) => lines += 1,
            }
        }
    })
    .await
    .expect("the stuck client's connection ends");
    assert!(
        drained < 6000,
        "it was cut off ({drained} lines reached it)"
    );
    still_serves(&listener, 3).await;
}

/// `max_clients` is enforced with a `refused` line, and a slot comes back
/// when a client leaves. (Read before writing: `RemoteQueue::connect` has
/// the broken-pipe problem of `naming_officers_closes_the_door...` here
/// too.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn max_clients_refuses_the_next_one_until_a_client_leaves() {
    let d = Daemon::start(
        1,
        DaemonConfig {
            max_clients: 2,
            ..DaemonConfig::default()
        },
    )
    .await;
    let first = client(&d.socket).await;
    let second = client(&d.socket).await;
    let (mut reader, _write) = raw(&d.socket).await;
    let error = read_json(&mut reader).await.expect("a refusal");
    assert_eq!(error["error"]["kind"], "refused", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 2"),
        "{error}"
    );
    assert_eq!(read_json(&mut reader).await, None);
    still_serves(&second, 1).await;
    drop(first);
    // The daemon notices the leaver (its session ends) shortly.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let (mut reader, mut write) = raw(&d.socket).await;
        // A refusal may close the socket before the hello is written.
        let hello = json!({"type": "hello", "version": siaga::daemon::protocol::VERSION,
                           "client": "raw"});
        let _ = write.write_all(format!("{hello}\n").as_bytes()).await;
        let answer = read_json(&mut reader).await.expect("an answer");
        if answer["type"] == "welcome" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no slot came back: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Identity is the peer's uid, not the socket's permissions: with the
/// socket world-writable, a personal daemon (nothing configured) still
/// turns away another user, and a desk daemon takes nobody as an officer
/// only through the group.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn another_uid_is_refused_by_a_personal_daemon_even_through_an_open_socket() {
    use std::io::{BufRead, BufReader as StdReader};
    let d = Daemon::start(1, personal()).await;
    let dir = d.socket.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&d.socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    let socket = d.socket.clone();
    let line = off(move || {
        as_user(NOBODY.0, NOBODY.1, || {
            let stream = std::os::unix::net::UnixStream::connect(&socket).unwrap();
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
            let mut line = String::new();
            StdReader::new(stream).read_line(&mut line).unwrap();
            line
        })
    })
    .await;
    let error: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(error["error"]["kind"], "forbidden", "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("nobody (uid 65534)"), "{message}");

    // The same user, in the desk's group, is an officer by name; the
    // socket and its directory are the group's.
    let desk = Daemon::start(1, two_officers()).await;
    {
        use std::os::unix::fs::MetadataExt;
        let sock = std::fs::metadata(&desk.socket).unwrap();
        let dir = std::fs::metadata(desk.socket.parent().unwrap()).unwrap();
        assert_eq!((sock.mode() & 0o777, sock.gid()), (0o660, NOBODY.1));
        assert_eq!((dir.mode() & 0o777, dir.gid()), (0o750, NOBODY.1));
    }
    let socket = desk.socket.clone();
    let (role, name) = off(move || {
        let o = officer(&socket, Some(NOBODY));
        let out = (o.queue.role().clone(), o.queue.officer());
        drop(o);
        out
    })
    .await;
    assert_eq!(role, Role::Officer);
    assert_eq!(name.as_deref(), Some("nobody"));
}

// ---------------------------------------------------------------- bugs

/// Regression guard (the defect as it was found): once the daemon is gone, a `RemoteQueue` call never returns. The
/// reader clears the pending calls once, when the connection ends; a call
/// made afterwards is still written (the writer task lives until a write
/// fails) and waits for an answer that cannot come.
#[test]
fn a_call_after_the_daemon_died_fails_instead_of_hanging() {
    let daemon_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let d = daemon_rt.block_on(Daemon::start(3, personal()));
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let q = client_rt.block_on(client(&d.socket));
    assert!(q.counts().is_ok());
    // The daemon process dies (its runtime, and every connection, with it);
    // the client's reader sees the end of the connection.
    drop(daemon_rt);
    std::thread::sleep(Duration::from_millis(500));
    let (tx, rx) = std::sync::mpsc::channel();
    let q2 = q.clone();
    std::thread::spawn(move || {
        let _ = tx.send(q2.counts());
    });
    match rx.recv_timeout(PATIENCE) {
        Ok(Err(StoreError::Refused(m))) => assert!(m.contains("lost"), "{m}"),
        Ok(other) => panic!("a call to a dead daemon returned {other:?}"),
        Err(_) => panic!("a call to a dead daemon hung (no answer within {PATIENCE:?})"),
    }
    drop(d);
}

/// Regression guard (the defect as it was found): `bind` chmods (and chowns to the group) the socket's directory even
/// when it did not create it: `[daemon] socket = "/tmp/siaga.sock"` would
/// turn /tmp into 0750.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bind_leaves_an_existing_shared_directory_as_it_was() {
    let root = tempfile::tempdir().unwrap();
    let shared = root.path().join("tmp");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let _listener = server::bind(&shared.join("siaga.sock"), "").await.unwrap();
    let mode = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777;
    assert_eq!(
        mode, 0o1777,
        "bind changed the existing directory's mode to {mode:o}"
    );
}

/// Regression guard (the defect as it was found): a presence set by a request still running when its client's
/// connection is cleaned up outlives the connection. The cleanup (remove
/// the connection's presence) runs when the session ends, which waits for
/// queued answers only while the writer still works; a client that closed
/// without reading fails the writer at once, so the session ends while the
/// `set_presence` request is still to run, and the presence it then sets
/// belongs to no connection: every client shows the officer on that
/// inquiry until the daemon restarts.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_presence_never_outlives_its_connection() {
    const N: usize = 2000;
    let d = Daemon::start(N, personal()).await;
    let id = d.ids[0];
    for _ in 0..20 {
        let (mut reader, mut write) = raw(&d.socket).await;
        hello(&mut reader, &mut write).await;
        let mut lines = Vec::new();
        for n in 0..20 {
            let list = json!({"type": "request", "id": n, "call": {"call": "list", "query":
                   {"facet": "all", "statuses": ["new"], "after": null, "limit": 0}}});
            lines.extend(serde_json::to_vec(&list).unwrap());
            lines.push(b'\n');
        }
        let on = json!({"type": "request", "id": 99, "call": {"call": "set_presence",
                        "on": [id, "replying"]}});
        lines.extend(serde_json::to_vec(&on).unwrap());
        lines.push(b'\n');
        write.write_all(&lines).await.unwrap();
        drop((reader, write));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (mut reader, mut write) = raw(&d.socket).await;
    hello(&mut reader, &mut write).await;
    send_json(
        &mut write,
        &json!({"type": "request", "id": 1, "call": {"call": "presences"}}),
    )
    .await;
    let answer = loop {
        let line = read_json(&mut reader).await.expect("an answer");
        if line["type"] == "response" {
            break line;
        }
    };
    let ghosts = answer["ok"].as_array().expect("a list of presences").len();
    assert_eq!(
        ghosts, 0,
        "all 20 clients that set a presence have gone, yet {ghosts} presences remain: {answer}"
    );
}

/// Regression guard (the defect as it was found): `siaga serve` listens (the socket exists, clients connect) before
/// it handles SIGTERM: the handler is installed only when `run` first polls
/// `stop_signal()`. A SIGTERM in between (a quick `systemctl restart`, a
/// test harness) kills it by the signal: no flush, the socket left behind.
#[test]
fn sigterm_as_soon_as_the_socket_answers_still_stops_cleanly() {
    for round in 0..10 {
        let root = tempfile::tempdir().unwrap();
        let socket = root.path().join("run").join("siaga.sock");
        let config = root.path().join("desk.toml");
        std::fs::write(
            &config,
            format!("[daemon]\nsocket = \"{}\"\n", socket.display()),
        )
        .unwrap();
        let home = root.path().join("home");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(root.path().join("data"))
            .arg("serve")
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join("state"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(std::time::Instant::now() < deadline, "never listened");
            std::thread::sleep(Duration::from_micros(200));
        }
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        )
        .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(0),
            "round {round}: SIGTERM right after the socket answered: {status:?}; socket left: {}",
            socket.exists()
        );
    }
}
