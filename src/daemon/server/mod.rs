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
//!
//! Here: the connections and their sessions; the wire under them is
//! [`transport`] (framing, reading, writing), what a request does is
//! [`dispatch`], where the socket is made is [`listen`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::BufReader;
use tokio::net::unix::OwnedReadHalf;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, mpsc};
use tokio::task::JoinHandle;

use super::access::DaemonConfig;
use super::authorize::may_see;
use super::protocol::{
    Activity, Call, ClientMsg, MAX_LINE, Presence, Role, ServerMsg, VERSION, WireError,
};
use super::socket;
use dispatch::answer;
use transport::{LineError, Outbound, read_line, say};

mod dispatch;
mod listen;
mod transport;

use crate::ingest::HealthReport;
use crate::model::InquiryId;
use crate::queue::{LocalQueue, QueueEvent, QueueService};
pub use listen::{bind, raise_fd_limit};
pub use transport::{OUT_BYTES, OUT_LINES};

/// Requests one client may have running at once.
const IN_FLIGHT: usize = 16;
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
            let error = WireError::Forbidden {
                message: why,
                said: None,
            };
            say(&mut stream, &ServerMsg::Error { error }).await;
            return;
        }
    };
    let slot = match Slot::take(&shared, uid, &officer) {
        Ok(slot) => slot,
        Err(message) => {
            tracing::warn!(officer, uid, "connection refused: {message}");
            let error = WireError::Refused {
                message,
                said: None,
            };
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

/// One client, from its hello to its going: events forwarded to it, its
/// requests answered (at most `IN_FLIGHT` at once), then a short wind-down.
async fn session(shared: &Arc<Shared>, stream: UnixStream, conn: u64, officer: &str, role: &Role) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    if let Err(error) = hello(&mut reader).await {
        say(&mut write, &ServerMsg::Error { error }).await;
        return;
    }
    // Subscribe before the welcome, so no event falls in between.
    let events = shared.queue.subscribe();
    let notices = shared.notices.subscribe();
    let (out, out_rx) = Outbound::new();
    let writer = tokio::spawn(out.clone().drain(out_rx, write));
    out.push(&ServerMsg::Welcome {
        version: VERSION,
        officer: officer.to_string(),
        role: role.clone(),
    });
    let forwarder = tokio::spawn(forward_events(events, notices, role.clone(), out.clone()));
    catch_up(shared, &out);
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let client = Client {
        shared,
        conn,
        officer,
        role,
        out: &out,
    };
    while let Some((id, call)) = client.next_request(&mut reader).await {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        client.answer_later(id, call, permit);
    }
    forwarder.abort();
    wind_down(&permits, out, writer).await;
}

/// The client's hello, in time and in this protocol's version; the error
/// to tell it otherwise.
async fn hello(reader: &mut BufReader<OwnedReadHalf>) -> Result<(), WireError> {
    let hello = match tokio::time::timeout(HELLO_WITHIN, read_line(reader, MAX_LINE)).await {
        Ok(Ok(Some(line))) => serde_json::from_slice::<ClientMsg>(&line).ok(),
        _ => None,
    };
    match hello {
        Some(ClientMsg::Hello { version, .. }) if version == VERSION => Ok(()),
        Some(ClientMsg::Hello { version, .. }) => Err(WireError::Version {
            daemon: VERSION,
            client: version,
        }),
        _ => Err(WireError::Malformed {
            message: "expected a hello with the protocol version".into(),
        }),
    }
}

/// Catch a new client up on the sources' health.
fn catch_up(shared: &Shared, out: &Outbound) {
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
}

/// The connection a session serves, as its requests need it.
struct Client<'a> {
    shared: &'a Arc<Shared>,
    conn: u64,
    officer: &'a str,
    role: &'a Role,
    out: &'a Outbound,
}

impl Client<'_> {
    /// The next request; None when the session ends (the client went, is
    /// too slow to read, or sent what is not a request: it is told why).
    async fn next_request(&self, reader: &mut BufReader<OwnedReadHalf>) -> Option<(u64, Call)> {
        let (officer, conn) = (self.officer, self.conn);
        loop {
            let line = tokio::select! {
                line = read_line(reader, MAX_LINE) => line,
                () = self.out.stuck.notified() => {
                    tracing::warn!(officer, conn, "client too slow to read what it is sent; disconnected");
                    return None;
                }
            };
            let line = match line {
                Ok(Some(line)) => line,
                Ok(None) | Err(LineError::Io) => return None,
                Err(LineError::TooLong) => {
                    let error = WireError::TooLarge { limit: MAX_LINE };
                    self.out.push(&ServerMsg::Error { error });
                    return None;
                }
            };
            match serde_json::from_slice::<ClientMsg>(&line) {
                Ok(ClientMsg::Request { id, call }) => return Some((id, call)),
                Ok(ClientMsg::Hello { .. }) => continue,
                Err(e) => {
                    let error = WireError::Malformed {
                        message: crate::source::items::json_error(&e),
                    };
                    self.out.push(&ServerMsg::Error { error });
                    return None;
                }
            }
        }
    }

    /// Answer `call` in its own task, holding `permit` until it is queued.
    fn answer_later(&self, id: u64, call: Call, permit: OwnedSemaphorePermit) {
        let (shared, out, officer, role) = (
            self.shared.clone(),
            self.out.clone(),
            self.officer.to_string(),
            self.role.clone(),
        );
        let conn = self.conn;
        tokio::spawn(async move {
            let result = answer(shared, conn, officer, role, call).await;
            out.push(&ServerMsg::Response { id, result });
            drop(permit);
        });
    }
}

/// The session's end: requests still running finish first (a presence
/// they set must not outlive the connection), for a while at most; then
/// queued answers go out, briefly, and the connection closes, read or not.
async fn wind_down(permits: &Semaphore, out: Outbound, mut writer: JoinHandle<()>) {
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        permits.acquire_many(IN_FLIGHT as u32),
    )
    .await;
    drop(out);
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
