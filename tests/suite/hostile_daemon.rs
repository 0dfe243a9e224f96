//! The daemon against clients that do not play by the TUI's rules (#20):
//! an ordinary officer speaking the protocol straight over the socket, a
//! flood of idle connections, a client that never reads, a socket
//! directory someone else prepared, an impostor listening where the desk's
//! daemon should. Each test names the attack, what it did before, and
//! what happens now. The harness (an in-process daemon, raw connections,
//! `nobody` as a second officer) is `daemon`'s.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::{Value, json};
use siaga::daemon::access::DaemonConfig;
use siaga::daemon::client::{ConnectError, RemoteQueue};
use siaga::daemon::protocol::{Call, ClientMsg, encode};
use siaga::daemon::server;
use siaga::escalate::packet::EscalationRequest;
use siaga::model::{Arrival, Author, Channel, InquiryId, Priority, Status};
use siaga::queue::QueueService;
use siaga::reply::{Lang, ReplyRequest, ReplyState};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use super::daemon::{
    Daemon, NOBODY, PATIENCE, as_user, hello, off, officer, raw, read_json, send_json,
    siaga_command, still_serves, two_officers,
};

const PASSPORT_AND_NIK: &str =
    "Baik Bu, paspor B1234567 dan NIK 3201011234567890 sudah kami catat.";

/// A direct message to the desk (the citizen wrote privately).
fn private_arrival() -> Arrival {
    Arrival {
        external_id: "1863000000000000001".into(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: "warga_dm".into(),
            display_name: "Warga DM".into(),
            platform_id: Some("900001".into()),
        },
        channel: Channel::Private,
        text: "paspor saya ditahan majikan, tolong".into(),
        created_at: jiff::Timestamp::now(),
        lang: Some("in".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec!["labour: paspor".into()],
    }
}

/// A daemon of two officers on 3 public inquiries and one private one
/// (the last id).
async fn desk_with_a_private_inquiry() -> (Daemon, InquiryId) {
    let mut private = InquiryId(0);
    let d = Daemon::start_seeded(3, two_officers(), |local, _| {
        private = local
            .ingest("kemlu-x", &[private_arrival()], None)
            .unwrap()
            .new_ids[0];
    })
    .await;
    (d, private)
}

/// One request on a fresh raw connection; the answer line (a response or
/// an error; events pushed meanwhile are passed over).
async fn ask(socket: &Path, call: Value) -> Value {
    let (mut reader, mut write) = raw(socket).await;
    hello(&mut reader, &mut write).await;
    send_json(
        &mut write,
        &json!({"type": "request", "id": 1, "call": call}),
    )
    .await;
    loop {
        let line = read_json(&mut reader).await.expect("an answer");
        if line["type"] != "event" {
            return line;
        }
    }
}

fn reply_call(inquiry: InquiryId, channel: &str, text: &str) -> Value {
    json!({
        "call": "queue_reply",
        "request": {"inquiry": inquiry, "channel": channel, "lang": "id", "template": null, "text": text},
        "seen_answers": null,
    })
}

/// The message of a refusal, or a panic showing what came instead.
fn refusal(answer: &Value) -> String {
    let error = &answer["err"];
    assert_eq!(error["kind"], "refused", "expected a refusal: {answer}");
    error["message"].as_str().unwrap().to_string()
}

fn malformed(answer: &Value) -> String {
    assert_eq!(answer["type"], "error", "expected an error line: {answer}");
    assert_eq!(answer["error"]["kind"], "malformed", "{answer}");
    answer["error"]["message"].as_str().unwrap().to_string()
}

// ------------------------------------------------ 1. the daemon builds replies

/// Before: the daemon stored the client's reply record as it came, so an
/// officer's client got a public Mastodon reply carrying a passport
/// number and NIK posted to a citizen who wrote privately. Now: the
/// daemon runs the compose screen's rules on the officer's words.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_public_reply_with_a_passport_number_to_a_private_inquiry_is_refused() {
    let (d, private) = desk_with_a_private_inquiry().await;
    let answer = ask(
        &d.socket,
        reply_call(private, "public", "Kami bantu, cek DM."),
    )
    .await;
    assert!(refusal(&answer).contains("answer privately"), "{answer}");

    let public = d.ids[0];
    let answer = ask(&d.socket, reply_call(public, "public", PASSPORT_AND_NIK)).await;
    let why = refusal(&answer);
    assert!(why.contains("must not contain"), "{why}");

    let answer = ask(
        &d.socket,
        reply_call(public, "public", &"panjang ".repeat(125)),
    )
    .await;
    assert!(refusal(&answer).contains("too long"), "{answer}");
    assert!(
        d.local.outbox(10).unwrap().open.is_empty(),
        "nothing queued"
    );
}

/// Before: the client chose the reply's target (an X DM to any user, a
/// reply to a made-up post id), its source, its officer and its state (a
/// reply stored as `sent` that never went out). Now: a request carries
/// only the officer's words; anything more is refused as malformed, and
/// the record is built from the stored inquiry and the socket's peer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_cannot_choose_where_a_reply_goes_who_wrote_it_or_its_state() {
    let (d, private) = desk_with_a_private_inquiry().await;
    let mut call = reply_call(private, "private", "Mohon kirim foto paspor Anda di sini.");
    call["request"]["target"] =
        json!({"in_reply_to": "1", "recipient_id": "12345", "recipient_handle": "someone"});
    call["request"]["state"] = json!("sent");
    call["request"]["officer"] = json!("budi");
    let answer = ask(&d.socket, call).await;
    assert!(malformed(&answer).contains("unknown field"), "{answer}");
    assert!(d.local.outbox(10).unwrap().open.is_empty());

    let answer = ask(
        &d.socket,
        reply_call(private, "private", "Mohon kirim foto paspor Anda di sini."),
    )
    .await;
    assert!(answer["ok"].is_object(), "{answer}");
    let open = d.local.outbox(10).unwrap().open;
    let [reply] = open.as_slice() else {
        panic!("{open:?}")
    };
    let inq = d.local.get(private).unwrap().inquiry;
    assert_eq!(reply.officer, "root", "the socket's peer, never a field");
    assert_eq!(reply.state, ReplyState::Pending);
    assert_eq!(reply.source, inq.source);
    assert_eq!(reply.target.in_reply_to, inq.external_id);
    assert_eq!(reply.target.recipient_id.as_deref(), Some("900001"));
}

// ------------------------------------------- 2. the daemon builds escalations

/// Before: the client sent the whole escalation, so a webhook signed with
/// the desk's secret went to a URL the officer chose, and an e-mail to an
/// address of their choosing. Now: a request names a mission code; the
/// deliveries come from the daemon's own directory.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_escalation_goes_only_where_the_directory_says() {
    let (d, _) = desk_with_a_private_inquiry().await;
    let id = d.ids[1];
    let request = |mission: &str, note: &str| {
        json!({"call": "escalate", "request": {
            "inquiry": id, "mission": mission, "severity": "P2",
            "summary": "labour: passport held", "note": note,
        }})
    };
    let mut forged = request("riyadh", "");
    forged["request"]["deliveries"] =
        json!([{"route": "webhook", "to": "https://attacker.example/hook"}]);
    let answer = ask(&d.socket, forged).await;
    assert!(malformed(&answer).contains("unknown field"), "{answer}");

    let answer = ask(&d.socket, request("attacker.example", "")).await;
    let why = refusal(&answer);
    assert!(why.contains("attacker.example"), "{why}");

    let answer = ask(&d.socket, request("riyadh", &"x".repeat(20_000))).await;
    let why = refusal(&answer);
    assert!(why.contains("longer than"), "{why}");
    assert!(d.local.escalations(10).unwrap().open.is_empty());

    let answer = ask(&d.socket, request("riyadh", "majikan di Dammam")).await;
    assert!(answer["ok"].is_object(), "{answer}");
    let open = d.local.escalations(10).unwrap().open;
    let [e] = open.as_slice() else {
        panic!("{open:?}")
    };
    let to: Vec<&str> = e.deliveries.iter().map(|d| d.to.as_str()).collect();
    assert_eq!(to, ["desk@kbri-riyadh.test"]);
    assert_eq!(e.officer, "root");
}

// ------------------------------------------------ 3. sizes a client may send

/// Before: 3 MB notes and tags were stored, and every answer carrying the
/// inquiry then broke the 4 MiB line limit. Now: each field has a limit
/// (`queue::limits`), and the refusal names it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_megabyte_notes_and_tags_are_refused_and_nothing_changes() {
    let (d, _) = desk_with_a_private_inquiry().await;
    let id = d.ids[2];
    let before = d.local.get(id).unwrap().inquiry;
    let huge = "catatan ".repeat(3 * 1024 * 1024 / 8);
    for change in [
        json!({"change": "note", "text": huge}),
        json!({"change": "tag", "tag": huge}),
    ] {
        let answer = ask(
            &d.socket,
            json!({"call": "apply", "id": id, "change": change}),
        )
        .await;
        let why = refusal(&answer);
        assert!(why.contains("longer than"), "{why}");
    }
    assert_eq!(d.local.get(id).unwrap().inquiry, before);
}

// -------------------------------------------- 4. clients that hold the daemon

/// Before: a client that sent requests and never read the answers grew
/// the daemon without bound (~960 MB each) and was never disconnected.
/// Now: what waits for one client is bounded (`server::OUT_BYTES`); past
/// it the client is disconnected, and everyone else is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_that_never_reads_is_disconnected_and_the_others_are_served() {
    let d = Daemon::start(2000, two_officers()).await;
    let (mut reader, mut write) = raw(&d.socket).await;
    hello(&mut reader, &mut write).await;
    let list = json!({"facet": "all", "statuses": Status::ALL, "after": null, "limit": 2000});
    let mut sent = 0;
    for id in 0..200 {
        let line = json!({"type": "request", "id": id, "call": {"call": "list", "query": list}});
        let mut bytes = serde_json::to_vec(&line).unwrap();
        bytes.push(b'\n');
        if write.write_all(&bytes).await.is_err() {
            break;
        }
        sent += 1;
    }
    // Whatever was written before the cut can still be read; then the end.
    let mut answers = 0;
    let ended = tokio::time::timeout(PATIENCE * 12, async {
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => answers += 1,
            }
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the daemon never let go of a client that does not read"
    );
    assert!(
        answers < sent,
        "{answers} of {sent} answers came: nothing was cut"
    );
    assert_eq!(counted_by_nobody(&d.socket).await, 2000);
}

/// How many inquiries another officer (nobody) counts through the daemon.
async fn counted_by_nobody(socket: &Path) -> u64 {
    let socket = socket.to_path_buf();
    off(move || {
        let other = officer(&socket, Some(NOBODY));
        let counts = other.queue.counts().expect("nobody is served");
        counts.0.iter().map(|(_, c)| c).sum()
    })
    .await
}

/// The open-file limit the test process may use.
fn file_limit() -> u64 {
    server::raise_fd_limit();
    nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .map(|(soft, _)| soft)
        .unwrap_or(1024)
}

/// Before: one user opening 3,000 idle connections (never saying hello)
/// locked every other officer out ("the daemon serves at most 64
/// clients"). Now: one Unix user holds at most `max_per_user`; the next
/// is refused with why, and another officer still gets in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousands_of_idle_connections_from_one_user_lock_nobody_else_out() {
    let d = Daemon::start(
        5,
        DaemonConfig {
            max_clients: 64,
            max_per_user: 16,
            ..two_officers()
        },
    )
    .await;
    let n = 3000.min(file_limit().saturating_sub(500) as usize);
    assert!(n > 100, "the test needs some hundreds of descriptors");
    let mut idle = Vec::with_capacity(n);
    for _ in 0..n {
        idle.push(UnixStream::connect(&d.socket).await.unwrap());
    }
    // The last of them was turned away, saying why.
    let (read, _write) = idle.pop().unwrap().into_split();
    let mut reader = tokio::io::BufReader::new(read);
    let refused = read_json(&mut reader).await.expect("a reason");
    let why = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(why.contains("max_per_user = 16"), "{refused}");
    // Another officer is served; so is root's own TUI, once it closes some.
    assert_eq!(counted_by_nobody(&d.socket).await, 5);
    idle.clear();
    let own = tokio::time::timeout(PATIENCE, async {
        loop {
            match RemoteQueue::connect(&d.socket, "tui").await {
                Ok(q) => return q,
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
    })
    .await
    .expect("root gets back in once its idle connections are gone");
    still_serves(&own, 5).await;
}

// --------------------------------------------- 5. where the socket may live

/// Before: `bind` listened in whatever directory it found. Now it
/// refuses one someone else owns, a symlink put in its place, one others
/// may write to, a file that is not a socket, and a path the kernel
/// cannot bind, each saying why.
#[tokio::test]
async fn the_daemon_refuses_a_socket_directory_it_does_not_control() {
    let root = tempfile::tempdir().unwrap();
    let theirs = root.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    nix::unistd::chown(&theirs, Some(NOBODY.0.into()), Some(NOBODY.1.into())).unwrap();
    let why = server::bind(&theirs.join("siaga.sock"), "")
        .await
        .unwrap_err();
    assert!(why.to_string().contains("belongs to nobody"), "{why}");

    let real = root.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = root.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let why = server::bind(&link.join("siaga.sock"), "")
        .await
        .unwrap_err();
    assert!(why.to_string().contains("symlink"), "{why}");

    let open = root.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o770)).unwrap();
    let why = server::bind(&open.join("siaga.sock"), "")
        .await
        .unwrap_err();
    assert!(why.to_string().contains("writable by others"), "{why}");

    let file = real.join("siaga.sock");
    std::fs::write(&file, "not a socket").unwrap();
    let why = server::bind(&file, "").await.unwrap_err();
    assert!(why.to_string().contains("not a socket"), "{why}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a socket");

    let long = root.path().join("x".repeat(120)).join("siaga.sock");
    let why = server::bind(&long, "").await.unwrap_err();
    assert!(why.to_string().contains("at most 107"), "{why}");
    assert!(
        !long.parent().unwrap().exists(),
        "nothing made for a path it cannot bind"
    );
}

/// `siaga serve` in `root` with `[daemon] socket = socket`: it must give up
/// at once and fail; what it said on stderr.
async fn serve_refused(root: &Path, socket: &Path) -> String {
    let config = root.join("desk.toml");
    std::fs::write(
        &config,
        format!("[daemon]\nsocket = \"{}\"\n", socket.display()),
    )
    .unwrap();
    let home = root.join("home");
    std::fs::create_dir(&home).unwrap();
    let out = tokio::time::timeout(
        PATIENCE * 6,
        siaga_command(&config, &root.join("data"), &home, &["serve"]).output(),
    )
    .await
    .expect("serve gives up at once")
    .unwrap();
    assert!(!out.status.success(), "serve started: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The same refusal from `siaga serve`, the way the service would meet it.
#[tokio::test]
async fn siaga_serve_says_why_it_will_not_listen_in_someone_elses_directory() {
    let root = tempfile::tempdir().unwrap();
    let theirs = root.path().join("run");
    std::fs::create_dir(&theirs).unwrap();
    nix::unistd::chown(&theirs, Some(NOBODY.0.into()), Some(NOBODY.1.into())).unwrap();
    let socket = theirs.join("siaga.sock");
    let stderr = serve_refused(root.path(), &socket).await;
    assert!(stderr.contains("belongs to nobody"), "{stderr}");
    assert!(!socket.exists());
}

// ---------------------------------------------------- 6. impostor daemons

/// A listener at `path` whose socket file root makes but whose `listen`
/// runs as `uid`: what the client sees as the daemon's credentials.
fn listen_as(path: &Path, uid: u32, gid: u32) -> std::os::unix::net::UnixListener {
    use nix::libc;
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    // SAFETY: a fresh socket; the address is zeroed and filled within
    // sun_path's length (the test's paths are short).
    unsafe {
        let fd = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let mut addr: libc::sockaddr_un = std::mem::zeroed();
        addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
        assert!(bytes.len() < addr.sun_path.len());
        for (i, b) in bytes.iter().enumerate() {
            addr.sun_path[i] = *b as libc::c_char;
        }
        let len = (std::mem::size_of::<libc::sa_family_t>() + bytes.len() + 1) as libc::socklen_t;
        let bound = libc::bind(fd, std::ptr::from_ref(&addr).cast(), len);
        assert_eq!(bound, 0, "bind {}", path.display());
        as_user(uid, gid, || assert_eq!(libc::listen(fd, 16), 0));
        std::os::unix::net::UnixListener::from_raw_fd(fd)
    }
}

/// Before: a client talked to whatever listened on the path. Now it
/// checks the directory and the socket before connecting and the peer's
/// uid after, and sends nothing to a stranger.
#[tokio::test]
async fn a_client_refuses_an_impostor_and_tells_it_nothing() {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711)).unwrap();

    // A directory nobody prepared, with nobody's socket in it.
    let theirs = root.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    nix::unistd::chown(&theirs, Some(NOBODY.0.into()), Some(NOBODY.1.into())).unwrap();
    let path = theirs.join("siaga.sock");
    let impostor = as_user(NOBODY.0, NOBODY.1, || {
        std::os::unix::net::UnixListener::bind(&path).unwrap()
    });
    impostor.set_nonblocking(true).unwrap();
    match RemoteQueue::connect(&path, "test").await {
        Err(ConnectError::Untrusted(why)) => assert!(why.contains("belongs to nobody"), "{why}"),
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    assert!(
        impostor.accept().is_err(),
        "the client never even connected"
    );

    // The desk's own directory and socket file, but a stranger listening.
    let ours = root.path().join("ours");
    std::fs::create_dir(&ours).unwrap();
    let path = ours.join("siaga.sock");
    let impostor = listen_as(&path, NOBODY.0, NOBODY.1);
    let heard = std::thread::spawn(move || {
        let (mut conn, _) = impostor.accept().unwrap();
        let mut got = Vec::new();
        std::io::Read::read_to_end(&mut conn, &mut got).unwrap();
        got
    });
    match RemoteQueue::connect(&path, "test").await {
        Err(ConnectError::Untrusted(why)) => {
            assert!(why.contains("runs as nobody (uid 65534)"), "{why}")
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    assert!(
        heard.join().unwrap().is_empty(),
        "not a byte went to the impostor"
    );
}

/// The request types themselves: what a client may put on the wire.
#[test]
fn requests_carry_only_the_officers_words() {
    let reply = ReplyRequest {
        inquiry: InquiryId(1),
        channel: Channel::Private,
        lang: Lang::Id,
        template: None,
        text: "Halo".into(),
    };
    let escalation = EscalationRequest {
        inquiry: InquiryId(1),
        mission: "riyadh".into(),
        severity: Priority::P1,
        summary: "s".into(),
        note: String::new(),
        made: None,
    };
    for call in [
        Call::QueueReply {
            request: reply,
            seen_answers: None,
        },
        Call::Escalate {
            request: escalation,
        },
    ] {
        let line = encode(&ClientMsg::Request { id: 1, call });
        let v: Value = serde_json::from_slice(&line).unwrap();
        let fields: Vec<&String> = v["call"]["request"].as_object().unwrap().keys().collect();
        for never in [
            "target",
            "state",
            "officer",
            "source",
            "deliveries",
            "packet",
        ] {
            assert!(!fields.iter().any(|f| *f == never), "{never} in {v}");
        }
    }
}

// ------------------------------------------- 7. lines cut at every byte

/// Attack: a request line delivered in two writes, split at every byte
/// boundary, and a connection dropped after every prefix of a line.
/// Before: held, untested. Now a test: the daemon joins the halves and answers each
/// split request once; a dropped half-line changes nothing and the
/// daemon serves on.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_split_at_every_byte_is_answered_and_a_dropped_half_changes_nothing() {
    let d = Daemon::start(3, super::daemon::personal()).await;
    let other = super::daemon::client(&d.socket).await;
    let id = d.ids[0];
    let line = format!(
        "{}\n",
        json!({"type": "request", "id": 7, "call": {"call": "apply", "id": id,
               "change": {"change": "tag", "tag": "half"}}})
    );
    let bytes = line.as_bytes();
    for cut in 1..bytes.len() {
        let (mut reader, mut write) = raw(&d.socket).await;
        hello(&mut reader, &mut write).await;
        write.write_all(&bytes[..cut]).await.unwrap();
        write.flush().await.unwrap();
        tokio::task::yield_now().await;
        write.write_all(&bytes[cut..]).await.unwrap();
        let answer = loop {
            let answer = read_json(&mut reader).await.expect("an answer");
            if answer["type"] != "event" {
                break answer;
            }
        };
        assert_eq!(answer["type"], "response", "cut at {cut}: {answer}");
        assert_eq!(answer["id"], 7, "cut at {cut}: {answer}");
    }
    // The change was the same each time: one tag, not one per request.
    assert_eq!(
        d.local.get(id).unwrap().inquiry.tags,
        vec!["half".to_string()]
    );

    let untouched = d.ids[1];
    let other_line = line.replace(&format!("\"id\":{id}"), &format!("\"id\":{untouched}"));
    assert_ne!(other_line, line, "the second line names another inquiry");
    for cut in 0..other_line.len() - 1 {
        let (mut reader, mut write) = raw(&d.socket).await;
        hello(&mut reader, &mut write).await;
        write
            .write_all(&other_line.as_bytes()[..cut])
            .await
            .unwrap();
        drop((reader, write));
    }
    still_serves(&other, 3).await;
    assert!(d.local.get(untouched).unwrap().inquiry.tags.is_empty());
}

// ------------------------------------------------ 8. a socket path too long

/// Attack: a `[daemon] socket` path longer than `sun_path` (108 bytes).
/// Before (already): refused, said why. Kept as a test.
#[tokio::test]
async fn a_socket_path_longer_than_sun_path_is_refused_with_a_reason() {
    let root = tempfile::tempdir().unwrap();
    let long = root.path().join("d".repeat(120)).join("siaga.sock");
    let stderr = serve_refused(root.path(), &long).await;
    assert!(stderr.contains("takes at most 107"), "{stderr}");
    assert!(stderr.contains("set a shorter [daemon] socket"), "{stderr}");
}
