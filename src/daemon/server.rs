//! `siaga serve`: one process owns the store, runs the fetchers, the reply
//! sender and the escalation courier, and serves every officer's client
//! over a Unix socket.
//!
//! Each connection is checked by its peer credentials; one Unix user
//! holds at most `max_per_user` of them (so nobody's idle connections
//! lock the others out), and a connection must say hello within
//! `HELLO_WITHIN`. It gets its own reader, a queue of lines to write
//! bounded in bytes and lines (`OUT_BYTES`, `OUT_LINES`), and at most
//! `IN_FLIGHT` requests at once. A client that does not read what it is sent is disconnected (it
//! reconnects and reloads); a client that sends garbage, an over-long
//! line or the wrong version gets one error line and is closed. None of
//! this waits on another client.
//!
//! Nothing a client sends is taken as a record: replies and escalations
//! arrive as requests (`ReplyRequest`, `EscalationRequest`) and the queue
//! builds them from the stored inquiry under the desk's policy; changes
//! pass `queue::limits`; the officer is the socket's peer, never a field.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Semaphore, broadcast, mpsc};

use super::access::DaemonConfig;
use super::authorize::{Refusal, Verdict, clearance, decide, may_see};
use super::protocol::{
    Activity, Call, ClientMsg, MAX_LINE, Outcome, Presence, Role, ServerMsg, VERSION, WireError,
    encode,
};
use super::socket;
use crate::ingest::HealthReport;
use crate::model::InquiryId;
use crate::queue::{LocalQueue, QueueEvent, QueueService};
use crate::store::StoreError;

/// Requests one client may have running at once.
const IN_FLIGHT: usize = 16;
/// Bytes waiting to be written to one client before it counts as stuck
/// (two of the longest lines: a full page of answers and its events).
pub const OUT_BYTES: usize = 2 * MAX_LINE;
/// Lines waiting for one client before it counts as stuck, however short.
pub const OUT_LINES: usize = 4096;
/// How long a new connection has to say hello.
const HELLO_WITHIN: Duration = Duration::from_secs(10);

/// What one connection's officer is on: (officer, inquiry and activity).
type OnIt = (String, Option<(InquiryId, Activity)>);

/// What every connection shares.
pub struct Shared {
    queue: Arc<LocalQueue>,
    config: DaemonConfig,
    daemon_uid: u32,
    /// connection -> (officer, what they are on).
    presence: Mutex<BTreeMap<u64, OnIt>>,
    /// Events the daemon itself makes: presence, source health.
    notices: broadcast::Sender<QueueEvent>,
    health: Mutex<BTreeMap<String, HealthReport>>,
    /// Retention and the desk's own numbers, for records duties.
    records: crate::records::steward::Context,
    clients: AtomicUsize,
    /// uid -> its connections now.
    per_user: Mutex<HashMap<u32, usize>>,
    next_conn: AtomicU64,
}

impl Shared {
    pub fn new(queue: Arc<LocalQueue>, config: DaemonConfig) -> Arc<Shared> {
        Shared::with_records(queue, config, Default::default())
    }

    /// A daemon that also serves records duties with `records`.
    pub fn with_records(
        queue: Arc<LocalQueue>,
        config: DaemonConfig,
        records: crate::records::steward::Context,
    ) -> Arc<Shared> {
        Arc::new(Shared {
            queue,
            config,
            records,
            daemon_uid: nix::unistd::getuid().as_raw(),
            presence: Mutex::new(BTreeMap::new()),
            notices: broadcast::channel(1024).0,
            health: Mutex::new(BTreeMap::new()),
            clients: AtomicUsize::new(0),
            per_user: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
        })
    }

    /// Keep each source's latest health and pass it on to clients.
    pub async fn relay_health(self: Arc<Self>, mut rx: mpsc::UnboundedReceiver<HealthReport>) {
        while let Some(report) = rx.recv().await {
            self.health
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(report.source.clone(), report.clone());
            let _ = self.notices.send(QueueEvent::Health { report });
        }
    }

    fn presences(&self) -> Vec<Presence> {
        self.presence
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter_map(|(officer, on)| {
                on.map(|(inquiry, activity)| Presence {
                    officer: officer.clone(),
                    inquiry,
                    activity,
                })
            })
            .collect()
    }

    fn set_presence(&self, conn: u64, officer: &str, on: Option<(InquiryId, Activity)>) {
        self.presence
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(conn, (officer.to_string(), on));
        self.announce_presence();
    }

    fn announce_presence(&self) {
        let _ = self.notices.send(QueueEvent::Presence {
            presences: self.presences(),
        });
    }
}

/// Make the socket's directory (0750, the officers' group) and bind the
/// socket (0660). A directory that exists must be the daemon's own (or
/// root's) and closed to others' writes, never a symlink; a stale socket
/// nobody answers on is replaced; a live one means another daemon runs;
/// anything else at the path is left alone and binding fails.
pub async fn bind(path: &Path, group: &str) -> std::io::Result<UnixListener> {
    use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
    socket::check_length(path).map_err(refused)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A directory made here belongs to the daemon; one that existed (a
    // shared /tmp, systemd's RuntimeDirectory) must be safe as it is.
    let made = match std::fs::symlink_metadata(dir) {
        Ok(_) => false,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(e),
    };
    if made {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o750)
            .create(dir)?;
    } else {
        socket::check_daemon_dir(dir).map_err(refused)?;
    }
    let gid = if group.is_empty() {
        None
    } else {
        nix::unistd::Group::from_name(group)
            .ok()
            .flatten()
            .map(|g| g.gid)
    };
    if made {
        if let Some(gid) = gid {
            let _ = nix::unistd::chown(dir, None, Some(gid));
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => {
            if UnixStream::connect(path).await.is_ok() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AddrInUse,
                    format!("a daemon already answers on {}", path.display()),
                ));
            }
            std::fs::remove_file(path)?;
        }
        Ok(_) => {
            return Err(refused(format!(
                "{} exists and is not a socket; siaga will not remove it: look at what it \
                 is, or set [daemon] socket elsewhere",
                path.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let listener = UnixListener::bind(path)?;
    if let Some(gid) = gid {
        let _ = nix::unistd::chown(path, None, Some(gid));
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    Ok(listener)
}

fn refused(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, why)
}

/// Let the daemon hold as many descriptors as the system allows it (the
/// soft limit raised to the hard one), so idle connections run out of
/// per-user slots long before the process runs out of files.
pub fn raise_fd_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < hard
        && let Err(e) = setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
    {
        tracing::warn!("could not raise the open-file limit from {soft} to {hard}: {e}");
    }
}

/// Serve clients until `shutdown` resolves; then stop accepting, let the
/// store flush, and remove the socket.
pub async fn run(
    listener: UnixListener,
    socket: PathBuf,
    shared: Arc<Shared>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = shared.clone();
                    tokio::spawn(async move { connection(shared, stream).await });
                }
                Err(e) => {
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    let _ = std::fs::remove_file(&socket);
    if let Err(e) = shared.queue.store().flush() {
        tracing::error!("flushing the store on shutdown: {e}");
    }
    tracing::info!("daemon stopped");
}

/// Why reading a line stopped.
enum LineError {
    TooLong,
    Io,
}

/// One line, without its newline; None at a clean end. Never holds more
/// than `max` bytes of a line, however long the peer makes it.
async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(|_| LineError::Io)?;
        if buf.is_empty() {
            return Ok((!line.is_empty()).then_some(line));
        }
        if let Some(pos) = buf.iter().position(|b| *b == b'\n') {
            if line.len() + pos > max {
                return Err(LineError::TooLong);
            }
            line.extend_from_slice(&buf[..pos]);
            reader.consume(pos + 1);
            return Ok(Some(line));
        }
        let n = buf.len();
        if line.len() + n > max {
            return Err(LineError::TooLong);
        }
        line.extend_from_slice(buf);
        reader.consume(n);
    }
}

/// One line to a peer that may not read it: given up on after a second.
async fn say(stream: &mut (impl AsyncWriteExt + Unpin), msg: &ServerMsg) {
    let line = encode(msg);
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(&line).await;
        let _ = stream.flush().await;
    })
    .await;
}

/// A connection's place among the daemon's clients: one of its user's
/// `max_per_user`, one of everyone's `max_clients`. Given back on drop.
struct Slot<'a> {
    shared: &'a Shared,
    uid: u32,
}

impl<'a> Slot<'a> {
    fn take(shared: &'a Shared, uid: u32, officer: &str) -> Result<Slot<'a>, String> {
        let per_user = shared.config.max_per_user.max(1);
        {
            let mut users = shared.per_user.lock().unwrap_or_else(|e| e.into_inner());
            let held = users.entry(uid).or_insert(0);
            if *held >= per_user {
                return Err(format!(
                    "{officer} already has {held} connections to the daemon, the most one \
                     user may hold ([daemon] max_per_user = {per_user}); close a siaga you \
                     no longer use"
                ));
            }
            *held += 1;
        }
        let max = shared.config.max_clients.max(1);
        if shared.clients.fetch_add(1, Ordering::SeqCst) >= max {
            shared.clients.fetch_sub(1, Ordering::SeqCst);
            release_user(shared, uid);
            return Err(format!(
                "the daemon serves at most {max} clients at once ([daemon] max_clients); \
                 try again in a moment"
            ));
        }
        Ok(Slot { shared, uid })
    }
}

fn release_user(shared: &Shared, uid: u32) {
    let mut users = shared.per_user.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(held) = users.get_mut(&uid) {
        *held -= 1;
        if *held == 0 {
            users.remove(&uid);
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.shared.clients.fetch_sub(1, Ordering::SeqCst);
        release_user(self.shared, self.uid);
    }
}

async fn connection(shared: Arc<Shared>, mut stream: UnixStream) {
    let uid = match stream.peer_cred() {
        Ok(cred) => cred.uid(),
        Err(e) => {
            tracing::warn!("no peer credentials: {e}");
            return;
        }
    };
    let officer = socket::user_name(uid);
    let role = match shared.config.role_of(&officer, uid, shared.daemon_uid) {
        Ok(role) => role,
        Err(why) => {
            tracing::warn!("refused {officer} (uid {uid}): {why}");
            let error = WireError::Forbidden { message: why };
            say(&mut stream, &ServerMsg::Error { error }).await;
            return;
        }
    };
    let slot = match Slot::take(&shared, uid, &officer) {
        Ok(slot) => slot,
        Err(message) => {
            tracing::warn!(officer, uid, "connection refused: {message}");
            let error = WireError::Refused { message };
            say(&mut stream, &ServerMsg::Error { error }).await;
            return;
        }
    };
    let conn = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    tracing::info!(officer, conn, ?role, "client connected");
    session(&shared, stream, conn, &officer, &role).await;
    drop(slot);
    let had_presence = shared
        .presence
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&conn)
        .is_some_and(|(_, on)| on.is_some());
    if had_presence {
        shared.announce_presence();
    }
    tracing::info!(officer, conn, "client disconnected");
}

/// The lines waiting to be written to one client, bounded: a line that
/// would take it past `OUT_BYTES` or `OUT_LINES` is dropped and the client
/// marked stuck (the session then disconnects it). Nobody waits here.
#[derive(Clone)]
struct Outbound {
    lines: mpsc::UnboundedSender<Vec<u8>>,
    /// Bytes and lines queued, not yet written.
    bytes: Arc<AtomicUsize>,
    count: Arc<AtomicUsize>,
    stuck: Arc<tokio::sync::Notify>,
}

impl Outbound {
    fn new() -> (Outbound, mpsc::UnboundedReceiver<Vec<u8>>) {
        let (lines, rx) = mpsc::unbounded_channel();
        let out = Outbound {
            lines,
            bytes: Arc::new(AtomicUsize::new(0)),
            count: Arc::new(AtomicUsize::new(0)),
            stuck: Arc::new(tokio::sync::Notify::new()),
        };
        (out, rx)
    }

    /// Queue `msg`; false when the client is too far behind.
    fn push(&self, msg: &ServerMsg) -> bool {
        let line = encode(msg);
        let len = line.len();
        let over_bytes = self.bytes.fetch_add(len, Ordering::SeqCst) + len > OUT_BYTES;
        let over_lines = self.count.fetch_add(1, Ordering::SeqCst) >= OUT_LINES;
        if over_bytes || over_lines {
            self.bytes.fetch_sub(len, Ordering::SeqCst);
            self.count.fetch_sub(1, Ordering::SeqCst);
            self.stuck.notify_one();
            return false;
        }
        self.lines.send(line).is_ok()
    }

    /// Write queued lines until the client goes or the queue closes.
    async fn drain(
        self,
        mut rx: mpsc::UnboundedReceiver<Vec<u8>>,
        mut write: tokio::net::unix::OwnedWriteHalf,
    ) {
        // Only the counters: the sender side must close when the session
        // drops its own `Outbound`.
        let (bytes, count) = (self.bytes.clone(), self.count.clone());
        drop(self);
        while let Some(line) = rx.recv().await {
            if write.write_all(&line).await.is_err() {
                break;
            }
            bytes.fetch_sub(line.len(), Ordering::SeqCst);
            count.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

async fn session(shared: &Arc<Shared>, stream: UnixStream, conn: u64, officer: &str, role: &Role) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    // Hello first, in time, in the right version.
    let hello = match tokio::time::timeout(HELLO_WITHIN, read_line(&mut reader, MAX_LINE)).await {
        Ok(Ok(Some(line))) => serde_json::from_slice::<ClientMsg>(&line).ok(),
        _ => None,
    };
    match hello {
        Some(ClientMsg::Hello { version, .. }) if version == VERSION => {}
        Some(ClientMsg::Hello { version, .. }) => {
            let error = WireError::Version {
                daemon: VERSION,
                client: version,
            };
            say(&mut write, &ServerMsg::Error { error }).await;
            return;
        }
        _ => {
            let error = WireError::Malformed {
                message: "expected a hello with the protocol version".into(),
            };
            say(&mut write, &ServerMsg::Error { error }).await;
            return;
        }
    }
    // Subscribe before the welcome, so no event falls in between.
    let events = shared.queue.subscribe();
    let notices = shared.notices.subscribe();
    let (out, out_rx) = Outbound::new();
    let mut writer = tokio::spawn(out.clone().drain(out_rx, write));
    out.push(&ServerMsg::Welcome {
        version: VERSION,
        officer: officer.to_string(),
        role: role.clone(),
    });
    let forwarder = tokio::spawn(forward_events(events, notices, role.clone(), out.clone()));
    // Catch the client up on the sources and who is where.
    let reports: Vec<HealthReport> = shared
        .health
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .values()
        .cloned()
        .collect();
    for report in reports {
        out.push(&ServerMsg::Event {
            event: QueueEvent::Health { report },
        });
    }
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    loop {
        let line = tokio::select! {
            line = read_line(&mut reader, MAX_LINE) => line,
            () = out.stuck.notified() => {
                tracing::warn!(officer, conn, "client too slow to read what it is sent; disconnected");
                break;
            }
        };
        let line = match line {
            Ok(Some(line)) => line,
            Ok(None) | Err(LineError::Io) => break,
            Err(LineError::TooLong) => {
                let error = WireError::TooLarge { limit: MAX_LINE };
                out.push(&ServerMsg::Error { error });
                break;
            }
        };
        let (id, call) = match serde_json::from_slice::<ClientMsg>(&line) {
            Ok(ClientMsg::Request { id, call }) => (id, call),
            Ok(ClientMsg::Hello { .. }) => continue,
            Err(e) => {
                let error = WireError::Malformed {
                    message: crate::source::items::json_error(&e),
                };
                out.push(&ServerMsg::Error { error });
                break;
            }
        };
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        let (shared, out, officer, role) = (
            shared.clone(),
            out.clone(),
            officer.to_string(),
            role.clone(),
        );
        tokio::spawn(async move {
            let result = answer(shared, conn, officer, role, call).await;
            out.push(&ServerMsg::Response { id, result });
            drop(permit);
        });
    }
    forwarder.abort();
    // Requests still running finish first (a presence they set must not
    // outlive the connection), for a while at most.
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        permits.acquire_many(IN_FLIGHT as u32),
    )
    .await;
    drop(out);
    // Let queued answers go out, briefly; then close, read or not.
    if tokio::time::timeout(Duration::from_secs(1), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

/// Pass the queue's events (and the daemon's own) to one client. One
/// that cannot keep up is told to go.
async fn forward_events(
    mut events: broadcast::Receiver<QueueEvent>,
    mut notices: broadcast::Receiver<QueueEvent>,
    role: Role,
    out: Outbound,
) {
    loop {
        let event = tokio::select! {
            e = events.recv() => e,
            n = notices.recv() => n,
        };
        let event = match event {
            Ok(event) => event,
            Err(broadcast::error::RecvError::Lagged(_)) => QueueEvent::Arrived {
                source: String::new(),
                ids: Vec::new(),
                urgent: Vec::new(),
            },
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if !may_see(&role, &event) {
            continue;
        }
        if !out.push(&ServerMsg::Event { event }) {
            return;
        }
    }
}

/// Consular staff hear only of escalations to their missions.
async fn answer(
    shared: Arc<Shared>,
    conn: u64,
    officer: String,
    role: Role,
    call: Call,
) -> Outcome {
    let verdict = decide(&role, &call);
    if let Verdict::Refuse(message) = verdict {
        return Outcome::Err(WireError::Forbidden { message });
    }
    match call {
        Call::SetPresence { on } => {
            shared.set_presence(conn, &officer, on);
            ok(&())
        }
        Call::Presences => ok(&shared.presences()),
        Call::Records { request } => {
            let clearance = clearance(&role);
            let shared = shared.clone();
            let served = tokio::task::spawn_blocking(move || {
                crate::records::steward::serve(
                    &shared.queue,
                    &officer,
                    clearance,
                    &shared.records,
                    request,
                )
            })
            .await;
            match served {
                Ok(answer) => done(answer),
                Err(e) => Outcome::Err(WireError::Internal {
                    message: format!("the request failed inside the daemon: {e}"),
                }),
            }
        }
        call => {
            let queue = shared.queue.clone();
            let missions = match role {
                Role::Consular { missions } => missions,
                _ => Vec::new(),
            };
            let work = move || match verdict {
                Verdict::OwnMissions => consular(&queue, &officer, &missions, call),
                Verdict::CheckUndoClaim => undo_checked(&queue, &officer, call),
                _ => dispatch(&queue, &officer, call),
            };
            match tokio::task::spawn_blocking(work).await {
                Ok(outcome) => outcome,
                Err(e) => Outcome::Err(WireError::Internal {
                    message: format!("the request failed inside the daemon: {e}"),
                }),
            }
        }
    }
}

fn ok<T: Serialize>(value: &T) -> Outcome {
    Outcome::Ok(serde_json::to_value(value).expect("answers serialize"))
}

fn wire(e: StoreError) -> WireError {
    match e {
        StoreError::NotFound(id) => WireError::NotFound { id },
        StoreError::ClaimedBy { id, holder, since } => WireError::ClaimedBy { id, holder, since },
        StoreError::Refused(message) | StoreError::Withheld(message) => {
            WireError::Refused { message }
        }
        other => WireError::Internal {
            message: other.to_string(),
        },
    }
}

fn done<T: Serialize>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(v) => ok(&v),
        Err(e) => Outcome::Err(wire(e)),
    }
}

fn forbidden(message: &str) -> Outcome {
    Outcome::Err(WireError::Forbidden {
        message: message.to_string(),
    })
}

/// An undo whose claim `authorize` asked to be checked: it may give the
/// inquiry back only as `undo_may_set_claim` allows.
fn undo_checked(queue: &LocalQueue, officer: &str, call: Call) -> Outcome {
    if let Call::Apply {
        id,
        change: crate::queue::Change::Restore { to, .. },
    } = &call
        && !undo_may_set_claim(queue, *id, officer, to.claimed_by.as_deref())
    {
        return forbidden(Refusal::UndoClaim.text());
    }
    dispatch(queue, officer, call)
}

/// One call against the store, as `officer` (from the peer credentials,
/// never from the request), already allowed by `authorize::decide`.
fn dispatch(queue: &LocalQueue, officer: &str, call: Call) -> Outcome {
    match call {
        Call::List { query } => done(queue.list(&query)),
        Call::Counts => done(queue.counts()),
        Call::FacetCounts { facet } => done(queue.facet_counts(&facet)),
        Call::Search { view, text, limit } => done(queue.search(&view, &text, limit)),
        Call::PrepareSearch => done(queue.prepare_search()),
        Call::WakeDue => done(queue.wake_due(jiff::Timestamp::now())),
        Call::Get { id } => done(queue.get(id)),
        Call::Apply { id, change } => done(queue.apply_traced(id, &change, officer)),
        Call::Ingest { .. } => forbidden(Refusal::FetchersOnly.text()),
        Call::Cursor { name } => done(queue.cursor(&name)),
        Call::QueueReply {
            request,
            seen_answers,
        } => done(queue.queue_reply(request, officer, seen_answers)),
        Call::Outbox { recent } => done(queue.outbox(recent)),
        Call::RetryReply { id } => done(queue.retry_reply(id, officer)),
        Call::CancelReply { id } => done(queue.cancel_reply(id, officer)),
        Call::Escalate { request } => done(queue.escalate(request, officer)),
        Call::Acknowledge { inquiry, by, how } => {
            done(queue.acknowledge(inquiry, &by, &how, officer))
        }
        Call::Escalations { recent } => done(queue.escalations(recent)),
        Call::SaveDraft { inquiry, body } => done(queue.save_draft(inquiry, body, officer)),
        Call::DropDraft { inquiry, kind } => done(queue.drop_draft(inquiry, kind, officer)),
        Call::Drafts => done(queue.drafts_of(officer)),
        Call::Groups => done(queue.groups()),
        Call::GroupsOf { ids } => done(queue.groups_of(&ids)),
        Call::SetPresence { .. } | Call::Presences | Call::Records { .. } => ok(&()),
    }
}

/// An officer's undo may set the claim to nobody, to themselves, to what
/// it is, or back to whoever held it before their own latest claim
/// change (undoing a take-over). Anything else would be an assignment.
fn undo_may_set_claim(queue: &LocalQueue, id: InquiryId, officer: &str, to: Option<&str>) -> bool {
    let Some(to) = to else { return true };
    if to == officer {
        return true;
    }
    let Ok(detail) = queue.get(id) else {
        return false;
    };
    if detail.inquiry.claimed_by.as_deref() == Some(to) {
        return true;
    }
    detail
        .history
        .iter()
        .rev()
        .find(|e| matches!(e.what.as_str(), "claim" | "assign" | "shift_handover"))
        .is_some_and(|e| e.officer == officer && e.before.as_deref() == Some(to))
}

/// Consular staff: only what was escalated to their missions.
fn consular(queue: &LocalQueue, officer: &str, missions: &[String], call: Call) -> Outcome {
    let theirs = |id: InquiryId| -> Result<bool, StoreError> {
        Ok(queue
            .store()
            .get(id)?
            .escalations
            .iter()
            .any(|b| missions.contains(&b.mission)))
    };
    match call {
        Call::Get { id } => match theirs(id) {
            Ok(true) => done(queue.get(id)),
            Ok(false) => forbidden(Refusal::NotTheirInquiry.text()),
            Err(e) => Outcome::Err(wire(e)),
        },
        Call::Acknowledge { inquiry, by, how } => {
            // Their own mission's latest unacknowledged escalation, never
            // another mission's on the same inquiry.
            let theirs = queue.store().get(inquiry).map(|inq| {
                inq.escalations
                    .iter()
                    .rev()
                    .find(|b| !b.acked && missions.contains(&b.mission))
                    .map(|b| b.id)
            });
            match theirs {
                Ok(Some(e)) => done(queue.acknowledge_escalation(e, &by, &how, officer)),
                Ok(None) => forbidden(Refusal::NothingToAcknowledge.text()),
                Err(e) => Outcome::Err(wire(e)),
            }
        }
        Call::Escalations { recent } => done(queue.escalations(recent).map(|mut l| {
            l.open.retain(|e| missions.contains(&e.mission));
            l.recent.retain(|e| missions.contains(&e.mission));
            l
        })),
        Call::Counts => done(queue.counts()),
        _ => forbidden(Refusal::ConsularScope.text()),
    }
}
