//! Escalations delivered for real: e-mail through a real SMTP server
//! (Python's aiosmtpd, see `common::smtp`), signed webhooks to a small
//! axum receiver in this process, the default desk, acknowledgement and
//! overdue deadlines (the supervisor is mailed once), the real binary
//! killed with SIGKILL again and again while it delivers (every delivery
//! reaches its mission; resends carry the same id), the CLI verbs, and
//! each mission's own webhook secret (one mission's key signs for no
//! other; a mission naming none uses the `[escalation]` one), and a
//! group's roster (#16: a CSV sheet attached, an array in the JSON, an
//! addition carrying only the rows that joined).

use crate::common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::smtp::{Mail, SmtpServer};
use jiff::{SignedDuration, Timestamp};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;
use siaga::config::Config;
use siaga::escalate::deliver::{DELIVERY_HEADER, Deliverer, SIGNATURE_HEADER, verify};
use siaga::escalate::packet::{EscalationRequest, Request, build, deliveries, platform_link};
use siaga::escalate::roster;
use siaga::escalate::{DeliveryState, Escalation, EscalationId, Purpose, Route};
use siaga::model::escalation::{Roster, RosterRow};
use siaga::model::group::GroupId;
use siaga::model::{Arrival, InquiryId, Priority, Status};
use siaga::outbound::courier::Courier;
use siaga::queue::{Change, LocalQueue, QueueEvent, QueueService};
use siaga::store::StoreError;
use siaga::triage::route::Gazetteer;

/// The webhook secret's variable: this test binary's own name, set once.
const HOOK_SECRET_ENV: &str = "SIAGA_TEST_HOOK_SECRET_ESCALATION_DELIVERY";
const HOOK_SECRET: &str = "s3cret-of-the-escalation-tests";
const FROM: &str = "Siaga Desk <siaga@desk.test>";
const RIYADH: &str = "pelindungan@kbri-riyadh.test";

fn set_hook_secret() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: set once, before any Deliverer of this binary reads it;
        // the name is this binary's own.
        unsafe { std::env::set_var(HOOK_SECRET_ENV, HOOK_SECRET) };
    });
}

fn config(text: &str) -> Config {
    Config::from_user_text(text, "test.toml").unwrap_or_else(|e| panic!("config: {e}\n{text}"))
}

fn smtp_toml(port: u16) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"{FROM}\"\ntimeout_secs = 5\n"
    )
}

fn open_queue(dir: &Path) -> Arc<LocalQueue> {
    LocalQueue::open(dir, 16 << 20).unwrap()
}

fn arrival(n: u64, handle: &str, name: &str, text: &str, priority: Priority) -> Arrival {
    Arrival {
        author: common::author(handle, name, &format!("80000{n}")),
        created_at: Timestamp::now() - SignedDuration::from_mins(20),
        priority,
        ..common::arrival(&format!("18650000000000{n:05}"), handle, text)
    }
}

fn ingest(queue: &LocalQueue, a: Arrival) -> InquiryId {
    let commit = queue.ingest("kemlu-x", &[a], None).unwrap();
    assert_eq!(commit.new_ids.len(), 1, "{commit:?}");
    commit.new_ids[0]
}

/// The escalation an officer would make of `id` now, not yet recorded.
fn draft(
    queue: &LocalQueue,
    cfg: &Config,
    id: InquiryId,
    mission: &str,
    severity: Priority,
    officer: &str,
    note: &str,
) -> Result<Escalation, String> {
    let detail = queue.get(id).unwrap();
    let inq = &detail.inquiry;
    let request = Request {
        mission: mission.into(),
        reason: format!("chosen by {officer}"),
        severity,
        summary: format!(
            "Case of @{}: needs the mission's duty desk",
            inq.author.handle
        ),
        note: note.into(),
        made: None,
    };
    build(
        inq,
        &detail.history,
        &request,
        officer,
        Timestamp::now(),
        &cfg.missions,
        &cfg.escalation,
        platform_link(inq, &cfg.sources),
        &format!("{}{}", cfg.reply.case_prefix, inq.id),
    )
    .map_err(|p| p.to_string())
}

/// Escalating as the desk does: a request, built by the queue under the
/// config's policy.
trait EscalateUnder {
    fn escalate_under(
        &self,
        cfg: &Config,
        id: InquiryId,
        mission: &str,
        severity: Priority,
        officer: &str,
        note: &str,
    ) -> Result<Escalation, StoreError>;

    /// Record what `draft` shows, asked for the way an officer asks.
    fn record(&self, cfg: &Config, d: &Escalation) -> Result<Escalation, StoreError>;
}

impl EscalateUnder for LocalQueue {
    fn escalate_under(
        &self,
        cfg: &Config,
        id: InquiryId,
        mission: &str,
        severity: Priority,
        officer: &str,
        note: &str,
    ) -> Result<Escalation, StoreError> {
        let inq = self.get(id).unwrap().inquiry;
        self.set_policy(cfg.desk_policy());
        let request = EscalationRequest {
            inquiry: id,
            mission: mission.into(),
            severity,
            summary: format!(
                "Case of @{}: needs the mission's duty desk",
                inq.author.handle
            ),
            note: note.into(),
            made: None,
        };
        self.escalate(request, officer)
    }

    fn record(&self, cfg: &Config, d: &Escalation) -> Result<Escalation, StoreError> {
        self.escalate_under(cfg, d.inquiry, &d.mission, d.severity, &d.officer, &d.note)
    }
}

fn courier(queue: &Arc<LocalQueue>, cfg: &Config) -> Courier {
    Courier::new(
        queue.clone(),
        Deliverer::new(&cfg.smtp, &cfg.escalation, &cfg.missions),
        cfg.escalation.clone(),
    )
}

fn history(queue: &LocalQueue, id: InquiryId) -> Vec<String> {
    queue
        .get(id)
        .unwrap()
        .history
        .iter()
        .map(|e| e.what.clone())
        .collect()
}

fn count(history: &[String], what: &str) -> usize {
    history.iter().filter(|w| *w == what).count()
}

// ---------------------------------------------------------------------------
// A webhook receiver: records every request (headers, body, whether its
// signature verified when it arrived), answers with queued statuses (200
// when none is queued), optionally after a delay.

#[derive(Debug, Clone)]
struct Hit {
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
    /// `verify(secret, X-Siaga-Signature, body, now, 300)` on arrival.
    verified: bool,
    status: u16,
}

impl Hit {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Clone)]
struct HookState {
    hits: Arc<Mutex<Vec<Hit>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    delay: Duration,
    secret: Vec<u8>,
}

struct Hook {
    url: String,
    state: HookState,
}

async fn hook_handler(State(s): State<HookState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let status = s.answers.lock().unwrap().pop_front().unwrap_or(200);
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let verified = verify(
        &s.secret,
        signature,
        &body,
        Timestamp::now().as_second(),
        300,
    );
    let headers = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    s.hits.lock().unwrap().push(Hit {
        headers,
        body: body.to_vec(),
        verified,
        status,
    });
    if !s.delay.is_zero() {
        tokio::time::sleep(s.delay).await;
    }
    StatusCode::from_u16(status).unwrap()
}

impl Hook {
    /// Serve `POST /hook` on 127.0.0.1 (on the current tokio runtime),
    /// verifying with the tests' shared secret.
    async fn start(delay: Duration) -> Hook {
        Hook::verifying_with(HOOK_SECRET, delay).await
    }

    /// A receiver that verifies with `secret` alone: a mission's own.
    async fn verifying_with(secret: &str, delay: Duration) -> Hook {
        let state = HookState {
            hits: Arc::default(),
            answers: Arc::default(),
            delay,
            secret: secret.as_bytes().to_vec(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/hook", post(hook_handler))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Hook {
            url: format!("http://{addr}/hook"),
            state,
        }
    }

    fn hits(&self) -> Vec<Hit> {
        self.state.hits.lock().unwrap().clone()
    }

    fn answer_next(&self, status: u16) {
        self.state.answers.lock().unwrap().push_back(status);
    }
}

// ---------------------------------------------------------------------------
// 1. E-mail.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_reaches_the_mission_through_a_real_smtp_server() {
    let smtp = SmtpServer::start();
    let cfg = config(&format!(
        "{}\n[missions.riyadh]\nemail = \"{RIYADH}\"\n",
        smtp_toml(smtp.port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let text =
        "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan";
    let mut first = arrival(1, "sitiaminah_92", "Siti Aminah", text, Priority::P2);
    first.conversation_id = Some("1865000000000000001".into());
    let id = ingest(&queue, first);
    // The citizen writes again in the same thread: a follow-up.
    let mut again = arrival(
        2,
        "sitiaminah_92",
        "Siti Aminah",
        "@Kemlu_RI nomor majikannya 0551234567, tolong cepat",
        Priority::P2,
    );
    again.conversation_id = Some("1865000000000000001".into());
    again.in_reply_to = Some("1865000000000000001".into());
    again.author.platform_id = Some("800001".into());
    let commit = queue.ingest("kemlu-x", &[again], None).unwrap();
    assert_eq!(commit.attached_ids, vec![id], "{commit:?}");
    queue
        .apply(id, &Change::Claim { take_over: false }, "siti")
        .unwrap();
    queue
        .apply(
            id,
            &Change::Tag {
                tag: "urgent-call".into(),
            },
            "siti",
        )
        .unwrap();

    let mut events = queue.subscribe();
    let d = draft(
        &queue,
        &cfg,
        id,
        "riyadh",
        Priority::P2,
        "siti",
        "Majikan di Dammam; mohon hubungi keluarga.",
    )
    .unwrap();
    assert_eq!(d.deliveries.len(), 1);
    assert_eq!(d.deliveries[0].route, Route::Email);
    assert_eq!(d.deliveries[0].purpose, Purpose::Mission);
    let e = queue.record(&cfg, &d).unwrap();
    let mut told = false;
    while let Ok(ev) = events.try_recv() {
        if let QueueEvent::Escalation { escalation } = ev {
            assert_eq!(escalation.id, e.id);
            told = true;
        }
    }
    assert!(told, "subscribers hear of the escalation");
    assert_eq!(queue.get(id).unwrap().inquiry.status, Status::Escalated);

    let done = courier(&queue, &cfg)
        .drain(Duration::from_secs(20))
        .await
        .unwrap();
    let after = done.iter().find(|x| x.id == e.id).expect("drained").clone();
    let delivery = &after.deliveries[0];
    assert_eq!(delivery.state, DeliveryState::Sent, "{delivery:#?}");
    assert_eq!(delivery.attempts, 1);
    assert!(delivery.sent_at.is_some());
    assert_eq!(after.delivery(), DeliveryState::Sent);
    assert!(
        delivery.message_id.ends_with("@desk.test"),
        "{}",
        delivery.message_id
    );

    let mails = smtp.wait_for(1, Duration::from_secs(10));
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let m = &mails[0];
    assert!(m.to.contains(RIYADH), "To: {}", m.to);
    assert!(m.rcpt_to.contains(RIYADH), "RCPT TO: {}", m.rcpt_to);
    assert!(
        m.from.contains("Siaga Desk") && m.from.contains("<siaga@desk.test>"),
        "From: {}",
        m.from
    );
    let case_ref = format!("SIAGA-{id}");
    assert!(m.subject.contains("P2"), "Subject: {}", m.subject);
    assert!(m.subject.contains(&case_ref), "Subject: {}", m.subject);
    assert!(m.subject.contains("KBRI Riyadh"), "Subject: {}", m.subject);
    assert_eq!(m.message_id, format!("<{}>", delivery.message_id));

    let body = &m.body;
    assert!(body.contains(&after.summary), "{body}");
    assert!(
        body.contains("Officer's note: Majikan di Dammam; mohon hubungi keluarga."),
        "{body}"
    );
    assert!(body.contains("escalated to KBRI Riyadh by siti"), "{body}");
    // siaga's framing in Indonesian first, then in English (#15).
    let id_line = format!("Kasus {case_ref} diteruskan ke KBRI Riyadh oleh siti");
    let en_line = format!("Case {case_ref} escalated to KBRI Riyadh by siti");
    let (Some(id_at), Some(en_at)) = (body.find(&id_line), body.find(&en_line)) else {
        panic!("the case line in both languages:\n{body}");
    };
    assert!(id_at < en_at, "{body}");
    assert!(
        body.contains("Catatan petugas / Officer's note: Majikan di Dammam"),
        "{body}"
    );
    assert!(body.contains("Mohon kirim tanda terima sebelum"), "{body}");
    assert!(
        m.subject.contains("kasus") && m.subject.contains(" case"),
        "Subject: {}",
        m.subject
    );
    let marker = body
        .find("[PERSONAL DATA] The citizen's words")
        .unwrap_or_else(|| panic!("no personal-data marker over the text:\n{body}"));
    let words = body
        .find(text)
        .unwrap_or_else(|| panic!("no text:\n{body}"));
    assert!(marker < words, "{body}");
    assert!(body.contains("-- follow-up --"), "{body}");
    assert!(body.contains("0551234567"), "{body}");
    assert!(
        body.contains("[PERSONAL DATA] Author:") && body.contains("Siti Aminah (@sitiaminah_92)"),
        "{body}"
    );
    assert!(body.contains("Tags: urgent-call"), "{body}");
    assert!(
        body.contains("Link: https://x.com/sitiaminah_92/status/1865000000000000001"),
        "{body}"
    );
    let hist = body.split("History:").nth(1).expect("a history section");
    for what in ["received", "claim", "tag", "follow_up"] {
        assert!(
            hist.lines().any(|l| l.contains(what)),
            "history lacks {what}:\n{hist}"
        );
    }
    assert!(hist.lines().any(|l| l.contains("siti")), "{hist}");

    // The inquiry: escalated, its history says so, and the delivery.
    let detail = queue.get(id).unwrap();
    assert_eq!(detail.inquiry.status, Status::Escalated);
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation"), 1, "{h:?}");
    assert_eq!(count(&h, "escalation_delivered"), 1, "{h:?}");
    let delivered = detail
        .history
        .iter()
        .find(|e| e.what == "escalation_delivered")
        .unwrap();
    assert!(
        delivered
            .after
            .as_deref()
            .unwrap_or("")
            .contains(&delivery.message_id),
        "{delivered:?}"
    );
    assert_eq!(detail.inquiry.escalations.len(), 1);
    assert_eq!(detail.inquiry.escalations[0].delivery, DeliveryState::Sent);
    assert_eq!(detail.escalations[0], after);

    // Nothing more is due: another pass sends nothing.
    courier(&queue, &cfg).work_due().await.unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(smtp.messages().len(), 1);
}

/// What the relay answers decides the delivery's state: 550 fails it for
/// good, 451 leaves it pending (nothing was accepted), 250 sends it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relays_answer_decides_the_delivery_state() {
    let smtp = SmtpServer::start_slow(0);
    let cfg = config(&format!(
        "{}\n[missions.riyadh]\nemail = \"reject-desk@kbri-riyadh.test\"\n\
         [missions.jeddah]\nemail = \"later-desk@kjri-jeddah.test\"\n\
         [missions.tawau]\nemail = \"pelindungan@kri-tawau.test\"\n",
        smtp_toml(smtp.port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let mut ids = BTreeMap::new();
    for (n, mission) in [(31, "riyadh"), (32, "jeddah"), (33, "tawau")] {
        let id = riyadh_case(&queue, n);
        let e = queue
            .escalate_under(&cfg, id, mission, Priority::P2, "ani", "")
            .unwrap();
        ids.insert(mission, (id, e.id));
    }
    let pass = courier(&queue, &cfg).work_due().await.unwrap();
    let state = |mission: &str| {
        let (_, eid) = ids[mission];
        pass.iter().find(|e| e.id == eid).unwrap().deliveries[0].clone()
    };
    let refused = state("riyadh");
    assert_eq!(refused.state, DeliveryState::Failed, "{refused:#?}");
    assert!(
        refused.last_error.as_deref().unwrap_or("").contains("550"),
        "{refused:#?}"
    );
    let later = state("jeddah");
    assert_eq!(later.state, DeliveryState::Pending, "{later:#?}");
    assert!(later.next_attempt_at.is_some(), "{later:#?}");
    assert!(
        later.last_error.as_deref().unwrap_or("").contains("451"),
        "{later:#?}"
    );
    assert_eq!(state("tawau").state, DeliveryState::Sent);
    let mails = smtp.wait_for(1, Duration::from_secs(5));
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert!(mails[0].rcpt_to.contains("pelindungan@kri-tawau.test"));
    let h = history(&queue, ids["riyadh"].0);
    assert_eq!(count(&h, "escalation_failed"), 1, "{h:?}");
}

/// No relay listening: the message never left, so the delivery is pending
/// (to be sent later), not "unknown" (it may have been accepted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_refuses_connections_leaves_the_delivery_pending() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = config(&format!(
        "{}\n[missions.riyadh]\nemail = \"{RIYADH}\"\n",
        smtp_toml(port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = riyadh_case(&queue, 34);
    let e = queue
        .escalate_under(&cfg, id, "riyadh", Priority::P2, "ani", "")
        .unwrap();
    let pass = courier(&queue, &cfg).work_due().await.unwrap();
    let d = &pass.iter().find(|x| x.id == e.id).unwrap().deliveries[0];
    assert_eq!(d.attempts, 1);
    assert!(d.next_attempt_at.is_some(), "retried later: {d:#?}");
    assert_eq!(
        d.state,
        DeliveryState::Pending,
        "connection refused: nothing was sent, yet the delivery reads {}: {d:#?}",
        d.state
    );
}

// ---------------------------------------------------------------------------
// 2. Webhooks.

fn hook_config(hook: &Hook, extra: &str) -> Config {
    set_hook_secret();
    config(&format!(
        "[escalation]\nwebhook_secret_env = \"{HOOK_SECRET_ENV}\"\n{extra}\n\
         [missions.kotakinabalu]\nwebhook_url = \"{}\"\n",
        hook.url
    ))
}

fn sabah_case(queue: &LocalQueue) -> InquiryId {
    ingest(
        queue,
        arrival(
            7,
            "rahmat_sbh",
            "Rahmat",
            "@Kemlu_RI suami sy ditangkap polisi di Sandakan, Sabah, tanpa dokumen",
            Priority::P1,
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_is_signed_and_carries_the_packet() {
    let hook = Hook::start(Duration::ZERO).await;
    let cfg = hook_config(&hook, "");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = sabah_case(&queue);
    let e = queue
        .escalate_under(&cfg, id, "kotakinabalu", Priority::P1, "ani", "")
        .unwrap();
    assert_eq!(e.deliveries[0].route, Route::Webhook);
    let done = courier(&queue, &cfg)
        .drain(Duration::from_secs(20))
        .await
        .unwrap();
    let after = done.into_iter().find(|x| x.id == e.id).unwrap();
    let d = &after.deliveries[0];
    assert_eq!(d.state, DeliveryState::Sent, "{d:#?}");

    let hits = hook.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert!(hit.verified, "the signature verifies: {hit:#?}");
    assert_eq!(hit.header(DELIVERY_HEADER), d.message_id);
    assert!(!d.message_id.is_empty());
    assert!(
        hit.header("content-type").starts_with("application/json"),
        "{hit:#?}"
    );

    // A receiver with another secret refuses it; so does one that gets the
    // same request replayed later.
    let signature = hit.header(SIGNATURE_HEADER).to_string();
    let now = Timestamp::now().as_second();
    assert!(verify(
        HOOK_SECRET.as_bytes(),
        &signature,
        &hit.body,
        now,
        300
    ));
    assert!(!verify(b"not-the-secret", &signature, &hit.body, now, 300));
    assert!(!verify(
        HOOK_SECRET.as_bytes(),
        &signature,
        &hit.body,
        now + 3600,
        300
    ));
    let mut tampered = hit.body.clone();
    let at = tampered.iter().position(|b| *b == b'P').unwrap();
    tampered[at] = b'Q';
    assert!(!verify(
        HOOK_SECRET.as_bytes(),
        &signature,
        &tampered,
        now,
        300
    ));
    // The header is t=<unix>,v1=<hex>.
    let t: i64 = signature
        .split(',')
        .find_map(|p| p.strip_prefix("t="))
        .unwrap()
        .parse()
        .unwrap();
    assert!((now - t).abs() < 60, "{signature}");
    assert!(signature.contains(",v1="), "{signature}");

    let json = hit.json();
    assert_eq!(json["delivery"], d.message_id.as_str());
    assert_eq!(json["escalation"], e.id.to_string());
    assert_eq!(json["mission"]["code"], "kotakinabalu");
    assert_eq!(json["mission"]["name"], "KJRI Kota Kinabalu");
    assert_eq!(json["severity"], "P1");
    assert_eq!(json["purpose"], "mission");
    assert_eq!(json["officer"], "ani");
    assert_eq!(json["overdue"], false);
    let deadline: Timestamp = json["ack_deadline"].as_str().unwrap().parse().unwrap();
    assert_eq!(deadline, e.deadline);
    assert_eq!(
        e.deadline.duration_since(e.created_at),
        SignedDuration::from_mins(15),
        "P1 is acknowledged within 15 minutes by default"
    );
    let packet = &json["packet"];
    assert_eq!(packet["case_ref"], format!("SIAGA-{id}"));
    assert_eq!(packet["author"]["personal_data"], true);
    assert_eq!(packet["author"]["value"]["handle"], "rahmat_sbh");
    assert_eq!(packet["text"]["personal_data"], true);
    assert!(
        packet["text"]["value"][0]
            .as_str()
            .unwrap()
            .contains("ditangkap polisi di Sandakan"),
        "{packet}"
    );
    let history = packet["history"].as_array().unwrap();
    assert!(
        history.iter().any(|h| h["what"] == "received"),
        "{history:?}"
    );

    let h = self::history(&queue, id);
    assert_eq!(count(&h, "escalation_delivered"), 1, "{h:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_500_is_unknown_then_resent_with_the_same_delivery_id() {
    let hook = Hook::start(Duration::ZERO).await;
    let cfg = hook_config(&hook, "");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = sabah_case(&queue);
    let e = queue
        .escalate_under(&cfg, id, "kotakinabalu", Priority::P1, "ani", "")
        .unwrap();
    hook.answer_next(500);
    let c = courier(&queue, &cfg);
    let first = c.work_due().await.unwrap();
    let d = &first.iter().find(|x| x.id == e.id).unwrap().deliveries[0];
    assert_eq!(d.state, DeliveryState::Unknown, "{d:#?}");
    assert_eq!(d.attempts, 1);
    assert!(d.next_attempt_at.is_some());
    assert!(
        d.last_error.as_deref().unwrap_or("").contains("500"),
        "{d:#?}"
    );
    let id_first = d.message_id.clone();

    let done = c.drain(Duration::from_secs(20)).await.unwrap();
    let d = &done.iter().find(|x| x.id == e.id).unwrap().deliveries[0];
    assert_eq!(d.state, DeliveryState::Sent, "{d:#?}");
    assert_eq!(d.attempts, 2);
    assert_eq!(d.message_id, id_first);

    let hits = hook.hits();
    assert_eq!(hits.len(), 2, "{hits:#?}");
    assert_eq!(hits[0].status, 500);
    assert_eq!(hits[1].status, 200);
    for hit in &hits {
        assert_eq!(hit.header(DELIVERY_HEADER), id_first, "the same id");
        assert!(hit.verified, "{hit:#?}");
        assert_eq!(hit.json()["delivery"], id_first.as_str());
    }
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation_delivered"), 1, "{h:?}");
    assert_eq!(count(&h, "escalation_failed"), 0, "{h:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_400_fails_the_delivery_without_retrying() {
    let hook = Hook::start(Duration::ZERO).await;
    let cfg = hook_config(&hook, "");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = sabah_case(&queue);
    let e = queue
        .escalate_under(&cfg, id, "kotakinabalu", Priority::P1, "ani", "")
        .unwrap();
    hook.answer_next(400);
    let done = courier(&queue, &cfg)
        .drain(Duration::from_secs(10))
        .await
        .unwrap();
    let after = done.iter().find(|x| x.id == e.id).unwrap();
    let d = &after.deliveries[0];
    assert_eq!(d.state, DeliveryState::Failed, "{d:#?}");
    assert_eq!(d.attempts, 1);
    assert_eq!(after.delivery(), DeliveryState::Failed);
    assert_eq!(hook.hits().len(), 1);
    let detail = queue.get(id).unwrap();
    assert_eq!(
        detail.inquiry.escalations[0].delivery,
        DeliveryState::Failed
    );
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation_failed"), 1, "{h:?}");
    assert_eq!(count(&h, "escalation_delivered"), 0, "{h:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_escalation_made_before_a_restriction_is_not_delivered_after_it() {
    let hook = Hook::start(Duration::ZERO).await;
    let cfg = hook_config(&hook, "");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = sabah_case(&queue);
    let e = queue
        .escalate_under(&cfg, id, "kotakinabalu", Priority::P1, "ani", "")
        .unwrap();
    queue
        .apply(
            id,
            &siaga::queue::Change::Restrict {
                reason: "the person's written request".into(),
            },
            "supervisor",
        )
        .unwrap();
    let done = courier(&queue, &cfg)
        .drain(Duration::from_secs(10))
        .await
        .unwrap();
    let after = done.iter().find(|x| x.id == e.id).unwrap();
    let d = &after.deliveries[0];
    assert_eq!(d.state, DeliveryState::Failed, "{d:#?}");
    assert!(
        d.last_error.as_deref().unwrap_or("").contains("restricted"),
        "{d:#?}"
    );
    assert!(hook.hits().is_empty(), "nothing may reach the mission");
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation_failed"), 1, "{h:?}");
}

// ---------------------------------------------------------------------------
// 3. The default desk.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mission_without_contacts_goes_to_the_default_desk() {
    let smtp = SmtpServer::start();
    let cfg = config(&format!(
        "{}\n[missions.pwni]\nemail = \"pwni@kemlu.test\"\n",
        smtp_toml(smtp.port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = ingest(
        &queue,
        arrival(
            3,
            "umroh_mandiri",
            "Hj. Rosidah",
            "@Kemlu_RI ibu sy tertinggal rombongan di Makkah, hp nya mati",
            Priority::P1,
        ),
    );
    let d = draft(&queue, &cfg, id, "jeddah", Priority::P1, "ani", "").unwrap();
    assert_eq!(d.deliveries.len(), 1, "{:#?}", d.deliveries);
    assert_eq!(d.deliveries[0].to, "pwni@kemlu.test");
    assert_eq!(d.deliveries[0].purpose, Purpose::DefaultDesk);
    assert_eq!(d.mission, "jeddah");
    let e = queue.record(&cfg, &d).unwrap();
    let done = courier(&queue, &cfg)
        .drain(Duration::from_secs(20))
        .await
        .unwrap();
    let after = done.iter().find(|x| x.id == e.id).unwrap();
    assert_eq!(after.deliveries[0].state, DeliveryState::Sent);
    let mails = smtp.wait_for(1, Duration::from_secs(10));
    let m = &mails[0];
    assert!(m.rcpt_to.contains("pwni@kemlu.test"), "{m:#?}");
    assert!(m.subject.contains("For the default desk"), "{}", m.subject);
    assert!(m.subject.contains("KJRI Jeddah"), "{}", m.subject);
    assert!(m.subject.contains("Untuk piket pusat"), "{}", m.subject);
    assert!(
        m.body.contains(
            "KJRI Jeddah belum punya kontak di siaga; kasus ini ditujukan kepada mereka."
        ),
        "{}",
        m.body
    );
    assert!(
        m.body
            .contains("KJRI Jeddah has no contact configured in siaga"),
        "{}",
        m.body
    );
}

#[test]
fn with_no_contact_anywhere_build_refuses_and_names_the_key() {
    let cfg = config("");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = ingest(
        &queue,
        arrival(
            4,
            "umroh_mandiri",
            "Hj. Rosidah",
            "@Kemlu_RI ibu sy tertinggal rombongan di Makkah",
            Priority::P1,
        ),
    );
    let err = draft(&queue, &cfg, id, "jeddah", Priority::P1, "ani", "").unwrap_err();
    assert!(err.contains("[missions.jeddah] email"), "{err}");
    assert!(err.contains("KJRI Jeddah"), "{err}");
    let err = deliveries("jeddah", &cfg.missions, &cfg.escalation).unwrap_err();
    assert!(err.contains("[missions.jeddah] email"), "{err}");
    // Nothing was recorded.
    assert_eq!(queue.get(id).unwrap().inquiry.status, Status::New);
    assert!(queue.escalations(10).unwrap().recent.is_empty());
}

// ---------------------------------------------------------------------------
// 4. Acknowledgement and deadlines.

fn deadline_config(port: u16) -> Config {
    config(&format!(
        "{}\n[escalation]\nsupervisor_email = \"supervisor@kemlu.test\"\n\
         ack_within = {{ P1 = \"1m\", P2 = \"1h\", P3 = \"4h\", P4 = \"1d\" }}\n\
         [missions.riyadh]\nemail = \"{RIYADH}\"\n",
        smtp_toml(port)
    ))
}

fn riyadh_case(queue: &LocalQueue, n: u64) -> InquiryId {
    ingest(
        queue,
        arrival(
            n,
            &format!("warga_{n}"),
            "Warga",
            "@Kemlu_RI kakak sy di Riyadh disiksa majikan, tolong",
            Priority::P1,
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledgement_is_recorded_once() {
    let smtp = SmtpServer::start();
    let cfg = deadline_config(smtp.port);
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = riyadh_case(&queue, 11);
    let d = draft(&queue, &cfg, id, "riyadh", Priority::P1, "siti", "").unwrap();
    assert_eq!(
        d.deadline.duration_since(d.created_at),
        SignedDuration::from_mins(1),
        "ack_within P1 = 1m"
    );
    let e = queue.record(&cfg, &d).unwrap();
    courier(&queue, &cfg)
        .drain(Duration::from_secs(20))
        .await
        .unwrap();
    assert_eq!(queue.escalations(10).unwrap().open.len(), 1, "awaits ack");

    assert!(queue.acknowledge(id, "  ", "phone", "siti").is_err());
    let acked = queue.acknowledge(id, "Rina", "phone", "siti").unwrap();
    assert_eq!(acked.id, e.id);
    let ack = acked.ack.as_ref().unwrap();
    assert_eq!(
        (ack.by.as_str(), ack.how.as_str(), ack.recorded_by.as_str()),
        ("Rina", "phone", "siti")
    );
    let detail = queue.get(id).unwrap();
    assert!(detail.inquiry.escalations[0].acked);
    let ev = detail
        .history
        .iter()
        .find(|e| e.what == "escalation_ack")
        .expect("escalation_ack in the history");
    assert_eq!(ev.officer, "siti");
    assert!(
        ev.after.as_deref().unwrap_or("").contains("Rina (phone)"),
        "{ev:?}"
    );

    let again = queue.acknowledge(id, "Budi", "e-mail", "ani");
    assert!(
        format!("{again:?}").contains("no escalation awaiting acknowledgement"),
        "a second ack is refused: {again:?}"
    );
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation_ack"), 1, "{h:?}");
    assert_eq!(
        queue.get(id).unwrap().escalations[0]
            .ack
            .as_ref()
            .unwrap()
            .by,
        "Rina"
    );
    // Delivered and acknowledged: nothing is open.
    assert!(queue.escalations(10).unwrap().open.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_its_deadline_the_supervisor_is_mailed_once() {
    let smtp = SmtpServer::start();
    let cfg = deadline_config(smtp.port);
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let id = riyadh_case(&queue, 12);
    let mut d = draft(&queue, &cfg, id, "riyadh", Priority::P1, "siti", "").unwrap();
    d.deadline = Timestamp::now() - SignedDuration::from_mins(2);
    // Straight into the store: no request makes a deadline already past.
    let (e, _) = queue.store().add_escalation(d, Timestamp::now()).unwrap();

    let c = courier(&queue, &cfg);
    let pass = c.work_due().await.unwrap();
    let after = pass.iter().find(|x| x.id == e.id).unwrap().clone();
    let overdue_at = after.overdue_at.expect("marked overdue");
    assert_eq!(after.deliveries.len(), 2, "{:#?}", after.deliveries);
    let sup = &after.deliveries[1];
    assert_eq!(sup.purpose, Purpose::Supervisor);
    assert_eq!(sup.route, Route::Email);
    assert_eq!(sup.to, "supervisor@kemlu.test");
    assert_eq!(sup.state, DeliveryState::Sent, "{sup:#?}");
    assert_eq!(after.deliveries[0].state, DeliveryState::Sent);
    assert_ne!(after.deliveries[0].message_id, sup.message_id);
    assert!(queue.get(id).unwrap().inquiry.escalations[0].overdue);

    let mails = smtp.wait_for(2, Duration::from_secs(10));
    assert_eq!(mails.len(), 2, "{mails:#?}");
    let to_sup: Vec<&Mail> = mails
        .iter()
        .filter(|m| m.rcpt_to.contains("supervisor@kemlu.test"))
        .collect();
    assert_eq!(to_sup.len(), 1, "{mails:#?}");
    let m = to_sup[0];
    assert!(m.subject.contains("OVERDUE"), "{}", m.subject);
    assert!(m.subject.contains("KBRI Riyadh"), "{}", m.subject);
    assert!(m.subject.contains("LEWAT BATAS"), "{}", m.subject);
    assert!(
        m.body
            .contains("Eskalasi ini belum mendapat tanda terima hingga batas waktunya"),
        "{}",
        m.body
    );
    assert_eq!(m.message_id, format!("<{}>", sup.message_id));
    assert!(
        m.body.contains("was not acknowledged by its deadline"),
        "{}",
        m.body
    );

    // Again: nothing new.
    let pass = c.work_due().await.unwrap();
    let again = pass.iter().find(|x| x.id == e.id).unwrap();
    assert_eq!(again.overdue_at, Some(overdue_at));
    assert_eq!(again.deliveries.len(), 2);
    c.drain(Duration::from_secs(2)).await.unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(smtp.messages().len(), 2);
    let h = history(&queue, id);
    assert_eq!(count(&h, "escalation_overdue"), 1, "{h:?}");
    assert_eq!(count(&h, "escalation_delivered"), 2, "{h:?}");

    // A late acknowledgement says so.
    queue.acknowledge(id, "Rina", "phone", "siti").unwrap();
    let detail = queue.get(id).unwrap();
    let ack = detail
        .history
        .iter()
        .find(|e| e.what == "escalation_ack")
        .unwrap();
    assert!(
        ack.after
            .as_deref()
            .unwrap_or("")
            .contains("after the deadline"),
        "{ack:?}"
    );
    assert!(!detail.inquiry.escalations[0].overdue);
    c.work_due().await.unwrap();
    assert_eq!(smtp.messages().len(), 2);
}

// ---------------------------------------------------------------------------
// 5. Killed while delivering.

/// A small deterministic generator (SplitMix64).
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
    fn new(root: &Path) -> Env {
        let env = Env {
            home: root.join("home"),
            data: root.join("data"),
            config: root.join("siaga.toml"),
        };
        std::fs::create_dir_all(&env.home).unwrap();
        env
    }

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
            .env(HOOK_SECRET_ENV, HOOK_SECRET)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn show(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Missions of the crash test, and where each is reached.
const CRASH_MISSIONS: [&str; 5] = ["riyadh", "jeddah", "kotakinabalu", "tawau", "yangon"];
const ESCALATIONS: u64 = 15;
const RUNS: u64 = 25;

#[test]
fn killed_couriers_deliver_every_escalation_once_per_id() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Both receivers take a while after storing a delivery before they
    // answer: a kill in that window leaves the outcome unknown.
    let smtp = SmtpServer::start_slow(40);
    let hook = rt.block_on(Hook::start(Duration::from_millis(40)));
    let tmp = tempfile::tempdir().unwrap();
    let env = Env::new(tmp.path());
    let text = format!(
        "{smtp}\n[escalation]\nwebhook_secret_env = \"{HOOK_SECRET_ENV}\"\n\
         # Every kill during a delivery counts as an attempt; do not give up here.\n\
         max_attempts = 100\nwebhook_timeout_secs = 5\n\n\
         [missions.riyadh]\nemail = \"{RIYADH}\"\n\
         [missions.jeddah]\nemail = \"pelindungan@kjri-jeddah.test\"\nwebhook_url = \"{hook}\"\n\
         [missions.kotakinabalu]\nwebhook_url = \"{hook}\"\n\
         [missions.tawau]\nemail = \"pelindungan@kri-tawau.test\"\n\
         [missions.yangon]\nwebhook_url = \"{hook}\"\n",
        smtp = smtp_toml(smtp.port),
        hook = hook.url,
    );
    std::fs::write(&env.config, &text).unwrap();
    let check = env.run(&["config", "check"]);
    assert!(check.status.success(), "{}", show(&check));

    // Seed and escalate, then close the store: one process at a time.
    set_hook_secret();
    let cfg = config(&text);
    let mut expected_deliveries = 0;
    let mut escalations = Vec::new();
    {
        let queue = open_queue(&env.data);
        for n in 1..=ESCALATIONS {
            let id = ingest(
                &queue,
                arrival(
                    100 + n,
                    &format!("warga_{n}"),
                    "Warga",
                    &format!("@Kemlu_RI mohon bantuan, kasus nomor {n}"),
                    Priority::P2,
                ),
            );
            let mission = CRASH_MISSIONS[(n % 5) as usize];
            let e = queue
                .escalate_under(&cfg, id, mission, Priority::P2, "ani", "")
                .unwrap();
            expected_deliveries += e.deliveries.len();
            escalations.push(e);
        }
    }
    assert_eq!(expected_deliveries, 18);

    let distinct_received = || {
        let mut ids: BTreeSet<String> = smtp
            .messages()
            .iter()
            .map(|m| m.message_id.trim_matches(['<', '>']).to_string())
            .collect();
        ids.extend(
            hook.hits()
                .iter()
                .map(|h| h.header(DELIVERY_HEADER).to_string()),
        );
        ids.len()
    };
    let mut kills = 0;
    let mut interrupting = 0;
    for i in 0..RUNS {
        let ms = 5 + random(i) % 196;
        let mut child = env
            .command(&["escalations", "deliver", "--wait", "20"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        if child.try_wait().unwrap().is_none() {
            let before = distinct_received();
            kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
            kills += 1;
            if before < expected_deliveries {
                interrupting += 1;
            }
        }
        child.wait().unwrap();
    }
    let last = env.run(&["escalations", "deliver", "--wait", "20"]);
    assert!(last.status.success(), "{}", show(&last));

    // The store: every delivery sent, each with its stable id.
    let queue = open_queue(&env.data);
    let mut expected_ids = BTreeMap::new();
    for e in &escalations {
        let now = queue.store().escalation(e.id).unwrap();
        for (n, d) in now.deliveries.iter().enumerate() {
            assert_eq!(d.state, DeliveryState::Sent, "{} d{n}: {d:#?}", e.id);
            assert_eq!(d.message_id, now.message_id(n, "desk.test"));
            expected_ids.insert(d.message_id.clone(), (now.mission.clone(), d.route));
        }
        let h = history(&queue, e.inquiry);
        assert_eq!(
            count(&h, "escalation_delivered"),
            now.deliveries.len(),
            "{}: {h:?}",
            e.id
        );
        assert_eq!(count(&h, "escalation_failed"), 0, "{h:?}");
    }
    drop(queue);
    assert_eq!(expected_ids.len(), expected_deliveries);

    // What the missions received: each id, to the right place.
    let mails = smtp.messages();
    let hits = hook.hits();
    let mut received: BTreeMap<String, usize> = BTreeMap::new();
    for m in &mails {
        let id = m.message_id.trim_matches(['<', '>']).to_string();
        let (mission, route) = expected_ids
            .get(&id)
            .unwrap_or_else(|| panic!("unexpected e-mail {id}: {m:#?}"));
        assert_eq!(*route, Route::Email);
        let to = cfg.missions[mission].email.clone();
        assert!(m.rcpt_to.contains(&to), "{id} went to {}", m.rcpt_to);
        *received.entry(id).or_default() += 1;
    }
    for h in &hits {
        let id = h.header(DELIVERY_HEADER).to_string();
        let (mission, route) = expected_ids
            .get(&id)
            .unwrap_or_else(|| panic!("unexpected webhook {id}: {h:#?}"));
        assert_eq!(*route, Route::Webhook);
        assert!(h.verified, "{id}: bad signature");
        assert_eq!(h.json()["mission"]["code"], mission.as_str());
        assert_eq!(h.json()["delivery"], id.as_str());
        *received.entry(id).or_default() += 1;
    }
    let raw = mails.len() + hits.len();
    let duplicates: Vec<(&String, &usize)> = received.iter().filter(|(_, n)| **n > 1).collect();
    let resends: usize = duplicates.iter().map(|(_, n)| **n - 1).sum();
    println!(
        "crash test: {RUNS} runs, {kills} killed ({interrupting} with deliveries outstanding); \
         {raw} messages received ({} e-mail, {} webhook) for {} deliveries; \
         {resends} resends of an id already received",
        mails.len(),
        hits.len(),
        expected_deliveries
    );
    for (id, n) in &duplicates {
        println!("  received {n} times: {id}");
    }
    let missing: Vec<&String> = expected_ids
        .keys()
        .filter(|id| !received.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "never received: {missing:?}");
    assert_eq!(received.len(), expected_deliveries, "{received:#?}");
    // The relay and the one webhook URL are two lanes worked at once
    // (`Courier::work_due`): a kill leaves at most one delivery of each
    // with an unknown outcome, so at most two resends per kill.
    let lanes = 2;
    assert!(
        raw <= expected_deliveries + lanes * kills,
        "{raw} messages for {expected_deliveries} deliveries and {kills} kills"
    );
    assert!(
        kills >= 10,
        "only {kills} of {RUNS} runs were still working"
    );
    assert!(
        interrupting >= 5,
        "only {interrupting} kills interrupted work"
    );
    drop(rt);
}

// ---------------------------------------------------------------------------
// 6. The CLI.

#[test]
fn cli_escalates_acknowledges_and_checks_the_config() {
    let smtp = SmtpServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let env = Env::new(tmp.path());
    let text = format!(
        "{}\n[missions.riyadh]\nemail = \"{RIYADH}\"\n\
         [missions.tawau]\nemail = \"pelindungan@kri-tawau.test\"\n",
        smtp_toml(smtp.port)
    );
    std::fs::write(&env.config, &text).unwrap();
    let (riyadh, tawau) = {
        let queue = open_queue(&env.data);
        (
            riyadh_case(&queue, 21),
            ingest(
                &queue,
                arrival(
                    22,
                    "istri_tki",
                    "Nur",
                    "@Kemlu_RI suami sy ditahan di Tawau sejak minggu lalu, hub sy 0812-7777-3412 tolong",
                    Priority::P2,
                ),
            ),
        )
    };

    let out = env.run(&[
        "escalate",
        &riyadh.to_string(),
        "--mission",
        "riyadh",
        "--note",
        "Keluarga menunggu kabar",
    ]);
    assert!(out.status.success(), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("to KBRI Riyadh recorded"), "{}", show(&out));
    assert!(
        stdout.contains(&format!("e-mail sent → {RIYADH}")),
        "{}",
        show(&out)
    );
    let mails = smtp.wait_for(1, Duration::from_secs(10));
    assert_eq!(mails.len(), 1);
    assert!(mails[0].rcpt_to.contains(RIYADH));
    assert!(
        mails[0]
            .body
            .contains("Officer's note: Keluarga menunggu kabar"),
        "{}",
        mails[0].body
    );

    // No --mission: the place named decides.
    let out = env.run(&["escalate", &tawau.to_string()]);
    assert!(out.status.success(), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("suggested"), "{}", show(&out));
    assert!(stdout.contains("KRI Tawau"), "{}", show(&out));
    assert!(
        stdout.contains("e-mail sent → pelindungan@kri-tawau.test"),
        "{}",
        show(&out)
    );
    let mails = smtp.wait_for(2, Duration::from_secs(10));
    assert!(
        mails
            .iter()
            .any(|m| m.rcpt_to.contains("pelindungan@kri-tawau.test")
                && m.subject.contains("KRI Tawau")),
        "{mails:#?}"
    );

    // The escalation in `show --json` is masked as the inquiry's text is:
    // its packet froze the number as written.
    let out = env.run(&["show", &tawau.to_string(), "--json"]);
    assert!(out.status.success(), "{}", show(&out));
    let masked = String::from_utf8_lossy(&out.stdout);
    assert!(masked.contains("\"escalations\":[{"), "{masked}");
    assert!(!masked.contains("7777-3412"), "{masked}");
    let out = env.run(&["show", &tawau.to_string(), "--json", "--reveal"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0812-7777-3412"));
    let out = env.run(&["escalations", "--json"]);
    assert!(out.status.success(), "{}", show(&out));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("KRI Tawau"), "{listed}");
    assert!(!listed.contains("7777-3412"), "{listed}");

    let out = env.run(&["ack", &riyadh.to_string(), "--by", "Rina", "--how", "phone"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("acknowledged by Rina"),
        "{}",
        show(&out)
    );
    let out = env.run(&["show", &riyadh.to_string(), "--json"]);
    assert!(out.status.success(), "{}", show(&out));
    let detail: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ack = &detail["escalations"][0]["ack"];
    assert_eq!(ack["by"], "Rina", "{detail}");
    assert_eq!(ack["how"], "phone", "{detail}");
    assert_eq!(detail["inquiry"]["status"], "escalated");
    assert_eq!(detail["inquiry"]["escalations"][0]["acked"], true);
    assert!(
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["what"] == "escalation_ack"),
        "{detail}"
    );
    // A second acknowledgement is refused.
    let out = env.run(&["ack", &riyadh.to_string(), "--by", "Budi"]);
    assert!(
        !out.status.success() && show(&out).contains("no escalation awaiting acknowledgement"),
        "{}",
        show(&out)
    );

    // `config check` points at a mission e-mail that is not an address.
    let bad = tmp.path().join("bad.toml");
    let bad_text = format!(
        "{}\n[missions.riyadh]\nemail = \"KBRI Riyadh duty desk\"\n",
        smtp_toml(smtp.port)
    );
    let line = bad_text
        .lines()
        .position(|l| l.starts_with("email ="))
        .unwrap()
        + 1;
    std::fs::write(&bad, &bad_text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_siaga"))
        .arg("--config")
        .arg(&bad)
        .args(["config", "check"])
        .env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", env.home.join("config"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{}:{line}: `KBRI Riyadh duty desk` is not an e-mail address",
            bad.display()
        )),
        "expected line {line}: {}",
        show(&out)
    );
}

// ---------------------------------------------------------------------------
// The SMTP helper's decoding, against what a relay may store.

#[test]
fn mail_parsing_decodes_headers_and_bodies() {
    let raw =
        b"Subject: =?utf-8?b?W1NJQUdBIFAxXSBLQlJJIOKAlCB0ZXM=?=\n =?utf-8?q?t_=E2=80=94_ok?=\n\
Message-ID: <a.b@c>\nContent-Transfer-Encoding: quoted-printable\n\nHalo =E2=80=94 dunia=\n!\n";
    let m = common::smtp::parse(Path::new("x"), raw);
    assert_eq!(m.subject, "[SIAGA P1] KBRI — test — ok");
    assert_eq!(m.message_id, "<a.b@c>");
    assert_eq!(m.body, "Halo — dunia!\n");
    assert_eq!(common::smtp::base64("SGFsbyE="), b"Halo!");
    assert_eq!(common::smtp::base64("SGFsbw=="), b"Halo");
}

// ---------------------------------------------------------------------------
// 8. Hostile relays (issue 20, item 8)
//
// attack: an SMTP server that accepts the connection and then stalls:
//   before its greeting, halfway through it, or after taking DATA.
// before: lettre's timeout is per command and did not hold the whole
//   exchange: `escalate --wait` hung past 120 s with `timeout_secs = 5`,
//   and in `serve` the courier, delivering one at a time, stalled for 20
//   minutes, so a webhook-only escalation to another mission never left.
// now: one delivery's whole SMTP exchange has `[smtp] timeout_secs`; past
//   it the delivery reads "unknown" (after DATA the relay may have taken
//   it) and goes again later with the same Message-ID; the courier
//   delivers in lanes, one per receiver (the relay, each webhook URL), up
//   to eight lanes at once, so the webhook goes out meanwhile.

/// Where a stalling relay stops answering.
#[derive(Debug, Clone, Copy)]
enum Stall {
    BeforeGreeting,
    InGreeting,
    AfterData,
}

/// A relay on 127.0.0.1 that speaks SMTP up to `stall`, then holds the
/// connection open and says nothing more.
async fn stalling_relay(stall: Stall) -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                match stall {
                    Stall::BeforeGreeting => {}
                    Stall::InGreeting => {
                        let _ = write.write_all(b"220-relay.test wel").await;
                    }
                    Stall::AfterData => {
                        let _ = write.write_all(b"220 relay.test ESMTP\r\n").await;
                        let mut in_data = false;
                        while let Ok(Some(line)) = lines.next_line().await {
                            if in_data {
                                if line == "." {
                                    break;
                                }
                                continue;
                            }
                            let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                            let answer: &[u8] = match verb.as_str() {
                                "EHLO" | "HELO" => b"250 relay.test\r\n",
                                "DATA" => {
                                    in_data = true;
                                    b"354 go ahead\r\n"
                                }
                                _ => b"250 ok\r\n",
                            };
                            let _ = write.write_all(answer).await;
                        }
                    }
                }
                // Hold the connection, answering nothing, for longer than
                // any test runs.
                tokio::time::sleep(Duration::from_secs(600)).await;
                drop((lines, write));
            });
        }
    });
    port
}

/// A desk whose relay stalls at `stall` (its deadline `timeout_secs`)
/// beside a webhook receiver, with one e-mail escalation (Riyadh) made
/// before one webhook escalation (Kota Kinabalu).
struct StalledDesk {
    hook: Hook,
    cfg: Config,
    queue: Arc<LocalQueue>,
    mail: Escalation,
    hooked: Escalation,
    _dir: tempfile::TempDir,
}

async fn stalled_desk(stall: Stall, timeout_secs: u64, case: u64) -> StalledDesk {
    let port = stalling_relay(stall).await;
    let hook = Hook::start(Duration::ZERO).await;
    let smtp = smtp_toml(port).replace(
        "timeout_secs = 5",
        &format!("timeout_secs = {timeout_secs}"),
    );
    let cfg = hook_config(
        &hook,
        &format!("{smtp}\n[missions.riyadh]\nemail = \"{RIYADH}\"\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let mail = queue
        .escalate_under(
            &cfg,
            riyadh_case(&queue, case),
            "riyadh",
            Priority::P2,
            "ani",
            "",
        )
        .unwrap();
    let hooked = queue
        .escalate_under(
            &cfg,
            sabah_case(&queue),
            "kotakinabalu",
            Priority::P1,
            "ani",
            "",
        )
        .unwrap();
    StalledDesk {
        hook,
        cfg,
        queue,
        mail,
        hooked,
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalling_relay_is_left_at_its_deadline_and_the_webhook_goes_out() {
    for stall in [Stall::BeforeGreeting, Stall::InGreeting, Stall::AfterData] {
        let d = stalled_desk(stall, 2, 40).await;
        let (hook, cfg, queue) = (&d.hook, &d.cfg, &d.queue);
        let (mail, hooked) = (&d.mail, &d.hooked);
        let pass = tokio::time::timeout(Duration::from_secs(30), courier(queue, cfg).work_due())
            .await
            .unwrap_or_else(|_| panic!("{stall:?}: the courier's pass returns"))
            .unwrap();
        let state = |id| pass.iter().find(|x| x.id == id).unwrap().deliveries[0].clone();
        let webhook = state(hooked.id);
        assert_eq!(
            webhook.state,
            DeliveryState::Sent,
            "{stall:?}: {webhook:#?}"
        );
        assert_eq!(hook.hits().len(), 1, "{stall:?}");
        let email = state(mail.id);
        assert!(
            matches!(email.state, DeliveryState::Unknown | DeliveryState::Pending),
            "{stall:?}: left for a later attempt: {email:#?}"
        );
        assert!(email.next_attempt_at.is_some(), "{stall:?}: {email:#?}");
        if let Stall::AfterData = stall {
            assert_eq!(
                email.state,
                DeliveryState::Unknown,
                "{stall:?}: the relay may have taken it"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_held_by_its_relay_never_holds_another() {
    // The relay holds the e-mail far longer than this test waits (its
    // deadline is a minute); the webhook, escalated after it, must arrive
    // while the e-mail is still held.
    let d = stalled_desk(Stall::AfterData, 60, 41).await;
    let (hook, cfg, queue, mail) = (&d.hook, &d.cfg, &d.queue, &d.mail);
    let pass = tokio::spawn({
        let courier = courier(queue, cfg);
        async move { courier.work_due().await }
    });
    let waited = tokio::time::timeout(Duration::from_secs(30), async {
        while hook.hits().is_empty() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(
        waited.is_ok(),
        "the webhook went out while the e-mail was held"
    );
    let held = queue.store().escalation(mail.id).unwrap();
    assert_eq!(
        held.deliveries[0].state,
        DeliveryState::Sending,
        "the e-mail is still in its relay's hands"
    );
    pass.abort();
}

// ---------------------------------------------------------------------------
// 9. Each mission's own webhook secret (issue 13)
//
// attack: a key leaked from one mission's receiver.
// before: one [escalation] secret signed every mission's deliveries, so
//   that key could forge deliveries to any other mission.
// now: `[missions.<code>] webhook_secret_file` (or `_env`) signs that
//   mission's deliveries alone; the [escalation] one signs only for
//   missions that name none; a key that cannot be read fails that
//   mission's deliveries, naming the mission and the key, and no other.

/// A secret file holding `secret`, with `mode`, in `dir`.
fn secret_file(dir: &Path, name: &str, secret: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("{secret}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// `[missions.<code>]` reached by `hook`, signed with the secret in `file`
/// (None: the mission names no secret of its own).
fn hook_mission(code: &str, hook: &Hook, file: Option<&Path>) -> String {
    let own = file.map_or(String::new(), |f| {
        format!("webhook_secret_file = \"{}\"\n", f.display())
    });
    format!("[missions.{code}]\nwebhook_url = \"{}\"\n{own}", hook.url)
}

/// Escalate a fresh case to each of `missions` and deliver until done;
/// the escalations, in the same order.
async fn escalate_each(
    queue: &Arc<LocalQueue>,
    cfg: &Config,
    missions: &[&str],
) -> Vec<Escalation> {
    let mut ids = Vec::new();
    for (n, mission) in missions.iter().enumerate() {
        let id = riyadh_case(queue, 60 + n as u64);
        let e = queue
            .escalate_under(cfg, id, mission, Priority::P1, "ani", "")
            .unwrap();
        ids.push(e.id);
    }
    let done = courier(queue, cfg)
        .drain(Duration::from_secs(20))
        .await
        .unwrap();
    ids.iter()
        .map(|id| done.iter().find(|e| e.id == *id).expect("drained").clone())
        .collect()
}

/// Whether `hit` verifies under `secret`, checked now.
fn signed_by(hit: &Hit, secret: &str) -> bool {
    verify(
        secret.as_bytes(),
        hit.header(SIGNATURE_HEADER),
        &hit.body,
        Timestamp::now().as_second(),
        300,
    )
}

const KEY_SABAH: &str = "key-of-kjri-kota-kinabalu";
const KEY_TAWAU: &str = "key-of-kri-tawau";
const KEY_GLOBAL: &str = "key-of-the-escalation-section";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mission_signs_with_its_own_secret_and_no_other() {
    let keys = tempfile::tempdir().unwrap();
    let sabah = Hook::verifying_with(KEY_SABAH, Duration::ZERO).await;
    let tawau = Hook::verifying_with(KEY_TAWAU, Duration::ZERO).await;
    let global = secret_file(keys.path(), "global", KEY_GLOBAL, 0o600);
    let cfg = config(&format!(
        "[escalation]\nwebhook_secret_file = \"{}\"\n{}{}",
        global.display(),
        hook_mission(
            "kotakinabalu",
            &sabah,
            Some(&secret_file(keys.path(), "sabah", KEY_SABAH, 0o600))
        ),
        hook_mission(
            "tawau",
            &tawau,
            Some(&secret_file(keys.path(), "tawau", KEY_TAWAU, 0o600))
        ),
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let done = escalate_each(&queue, &cfg, &["kotakinabalu", "tawau"]).await;
    for e in &done {
        assert_eq!(e.deliveries[0].state, DeliveryState::Sent, "{e:#?}");
    }
    let (a, b) = (sabah.hits(), tawau.hits());
    assert_eq!((a.len(), b.len()), (1, 1), "{a:#?}\n{b:#?}");
    assert_eq!(a[0].json()["mission"]["code"], "kotakinabalu");
    assert_eq!(b[0].json()["mission"]["code"], "tawau");
    assert!(
        a[0].verified,
        "Kota Kinabalu's receiver verifies: {:#?}",
        a[0]
    );
    assert!(b[0].verified, "Tawau's receiver verifies: {:#?}", b[0]);
    // Neither key signs the other's delivery, nor does the global one.
    assert!(
        !signed_by(&a[0], KEY_TAWAU),
        "Tawau's key forges Kota Kinabalu's"
    );
    assert!(
        !signed_by(&b[0], KEY_SABAH),
        "Kota Kinabalu's key forges Tawau's"
    );
    assert!(!signed_by(&a[0], KEY_GLOBAL), "signed with the global key");
    assert!(!signed_by(&b[0], KEY_GLOBAL), "signed with the global key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mission_without_its_own_secret_is_signed_with_the_global_one() {
    let keys = tempfile::tempdir().unwrap();
    let sabah = Hook::verifying_with(KEY_SABAH, Duration::ZERO).await;
    let yangon = Hook::verifying_with(KEY_GLOBAL, Duration::ZERO).await;
    let cfg = config(&format!(
        "[escalation]\nwebhook_secret_file = \"{}\"\n{}{}",
        secret_file(keys.path(), "global", KEY_GLOBAL, 0o600).display(),
        hook_mission(
            "kotakinabalu",
            &sabah,
            Some(&secret_file(keys.path(), "sabah", KEY_SABAH, 0o600))
        ),
        hook_mission("yangon", &yangon, None),
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let done = escalate_each(&queue, &cfg, &["yangon", "kotakinabalu"]).await;
    for e in &done {
        assert_eq!(e.deliveries[0].state, DeliveryState::Sent, "{e:#?}");
    }
    let hits = yangon.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(
        hits[0].verified,
        "the global key signs Yangon's: {:#?}",
        hits[0]
    );
    assert!(
        !signed_by(&hits[0], KEY_SABAH),
        "another mission's key signed it"
    );
    assert!(sabah.hits()[0].verified, "{:#?}", sabah.hits());
}

/// A case for a mission without contacts goes to the default desk's
/// webhook, signed with the default desk's own secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_default_desk_delivery_is_signed_with_the_desks_own_secret() {
    const KEY_DESK: &str = "key-of-the-pwni-desk";
    let keys = tempfile::tempdir().unwrap();
    let desk = Hook::verifying_with(KEY_DESK, Duration::ZERO).await;
    let cfg = config(&format!(
        "[escalation]\nwebhook_secret_file = \"{}\"\n{}",
        secret_file(keys.path(), "global", KEY_GLOBAL, 0o600).display(),
        hook_mission(
            "pwni",
            &desk,
            Some(&secret_file(keys.path(), "pwni", KEY_DESK, 0o600))
        ),
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let done = escalate_each(&queue, &cfg, &["jeddah"]).await;
    let d = &done[0].deliveries[0];
    assert_eq!(d.purpose, Purpose::DefaultDesk);
    assert_eq!(d.state, DeliveryState::Sent, "{d:#?}");
    let hits = desk.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].json()["mission"]["code"], "jeddah");
    assert!(
        hits[0].verified,
        "the desk's own key signs it: {:#?}",
        hits[0]
    );
    assert!(
        !signed_by(&hits[0], KEY_GLOBAL),
        "signed with the global key"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mission_whose_secret_cannot_be_read_fails_alone_and_says_why() {
    const LEAKY: &str = "leaky-secret-of-kri-tawau";
    let keys = tempfile::tempdir().unwrap();
    let sabah = Hook::verifying_with(KEY_SABAH, Duration::ZERO).await;
    let tawau = Hook::verifying_with(LEAKY, Duration::ZERO).await;
    let yangon = Hook::verifying_with(KEY_GLOBAL, Duration::ZERO).await;
    let missing = keys.path().join("no-such-key");
    let cfg = config(&format!(
        "{}{}{}",
        hook_mission("kotakinabalu", &sabah, Some(&missing)),
        hook_mission(
            "tawau",
            &tawau,
            Some(&secret_file(keys.path(), "tawau", LEAKY, 0o644))
        ),
        hook_mission(
            "yangon",
            &yangon,
            Some(&secret_file(keys.path(), "yangon", KEY_GLOBAL, 0o600))
        ),
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let done = escalate_each(&queue, &cfg, &["kotakinabalu", "tawau", "yangon"]).await;
    let why = |e: &Escalation| {
        let d = &e.deliveries[0];
        assert_eq!(d.state, DeliveryState::Failed, "{d:#?}");
        d.last_error.clone().unwrap_or_default()
    };
    let missing_why = why(&done[0]);
    for part in [
        "mission `kotakinabalu`",
        "[missions.kotakinabalu] webhook_secret_file",
        "No such file",
    ] {
        assert!(missing_why.contains(part), "lacks {part:?}: {missing_why}");
    }
    let open_why = why(&done[1]);
    for part in [
        "mission `tawau`",
        "[missions.tawau] webhook_secret_file",
        "chmod 600",
    ] {
        assert!(open_why.contains(part), "lacks {part:?}: {open_why}");
    }
    assert!(
        !open_why.contains(LEAKY),
        "the secret is quoted: {open_why}"
    );
    assert!(
        sabah.hits().is_empty() && tawau.hits().is_empty(),
        "unsigned deliveries left"
    );
    // The mission whose key reads is delivered.
    assert_eq!(
        done[2].deliveries[0].state,
        DeliveryState::Sent,
        "{done:#?}"
    );
    let hits = yangon.hits();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(hits[0].verified, "{:#?}", hits[0]);
    for (e, failed) in done.iter().zip([1, 1, 0]) {
        let h = history(&queue, e.inquiry);
        assert_eq!(
            count(&h, "escalation_failed"),
            failed,
            "{}: {h:?}",
            e.mission
        );
        let events = queue.get(e.inquiry).unwrap().history;
        assert!(
            !events.iter().any(|ev| format!("{ev:?}").contains(LEAKY)),
            "the secret reached the history of {}",
            e.mission
        );
    }
}

// ---------------------------------------------------------------------------
// 10. A group's roster (#16): one escalation for a group of near-identical
// pleas carries every member as a row (a CSV sheet attached to the e-mail,
// an array in the webhook's JSON); members who join later go out as an
// addition carrying only their rows, never as a new escalation.

const KHARTOUM: &str = "pwni@kbri-khartoum.test";

/// Who wrote, and what: four pleas about the same evacuation.
const MEMBERS: [(&str, &str, &str); 4] = [
    (
        "ahmad_sdn",
        "Ahmad Fauzi",
        "Tolong kami 4 orang WNI terjebak di Omdurman, hub 0812-3456-7801",
    ),
    (
        "rina_k",
        "Rina Kartika",
        "keluarga saya 5 orang di Khartoum, HP 0812 3456 7802 mohon evakuasi",
    ),
    (
        "budi_h",
        "=HYPERLINK(\"http://evil.test\",\"klik\")",
        "ada 12 WNI di asrama Khartoum, 081234567803",
    ),
    (
        "dewi_s",
        "Dewi Sartika",
        "kami berdua di Port Sudan, tolong evakuasi, wa 0812-3456-7804",
    ),
];

/// The four pleas ingested, in order.
fn group_members(queue: &LocalQueue) -> Vec<InquiryId> {
    MEMBERS
        .iter()
        .zip(40u64..)
        .map(|((handle, name, text), n)| {
            ingest(queue, arrival(n, handle, name, text, Priority::P1))
        })
        .collect()
}

/// The roster rows of `ids`, as the desk reads them.
fn rows_of(queue: &LocalQueue, cfg: &Config, ids: &[InquiryId]) -> Vec<RosterRow> {
    let gazetteer = Gazetteer::new(&cfg.missions, &cfg.countries);
    ids.iter()
        .map(|id| {
            let inq = queue.get(*id).unwrap().inquiry;
            roster::row(&inq, &gazetteer, platform_link(&inq, &cfg.sources))
        })
        .collect()
}

/// The group escalation of the first three members, not recorded: the
/// store does not keep rosters yet, so the deliverer is driven directly.
fn group_escalation(queue: &LocalQueue, cfg: &Config, ids: &[InquiryId]) -> Escalation {
    let mut e = draft(queue, cfg, ids[0], "khartoum", Priority::P1, "siti", "").unwrap();
    e.id = EscalationId(12);
    e.roster = Some(Roster {
        group: GroupId(12),
        rows: rows_of(queue, cfg, &ids[..3]),
    });
    e
}

/// Send delivery `n` of `e` as the courier would: its Message-ID first.
async fn send_nth(deliverer: &Deliverer, e: &mut Escalation, n: usize) {
    e.deliveries[n].message_id = e.message_id(n, &deliverer.domain());
    deliverer.send(e, &e.deliveries[n]).await.unwrap();
    e.deliveries[n].state = DeliveryState::Sent;
}

/// The CSV attached to `mail`: its file name and its records (the header
/// first).
fn attached_sheet(mail: &Mail) -> (String, Vec<Vec<String>>) {
    let parts = mail.parts();
    assert_eq!(parts.len(), 2, "text and sheet: {mail:#?}");
    assert!(
        parts[0]
            .header("Content-Type")
            .unwrap_or("")
            .starts_with("text/plain"),
        "{parts:#?}"
    );
    let sheet = &parts[1];
    let content_type = sheet.header("Content-Type").unwrap_or("");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(content_type.contains("charset=utf-8"), "{content_type}");
    let disposition = sheet.header("Content-Disposition").unwrap_or("");
    let file = disposition
        .split("filename=")
        .nth(1)
        .unwrap_or("")
        .trim_matches('"')
        .to_string();
    let text = sheet.body.strip_prefix('\u{feff}').unwrap_or(&sheet.body);
    let records = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (file, records)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_escalation_mails_its_roster_and_an_addition_only_the_new_row() {
    let smtp = SmtpServer::start();
    let cfg = config(&format!(
        "{}\n[missions.khartoum]\nemail = \"{KHARTOUM}\"\n",
        smtp_toml(smtp.port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let ids = group_members(&queue);
    let mut e = group_escalation(&queue, &cfg, &ids);
    let deliverer = Deliverer::new(&cfg.smtp, &cfg.escalation, &cfg.missions);
    send_nth(&deliverer, &mut e, 0).await;

    let mails = smtp.wait_for(1, Duration::from_secs(10));
    let first = &mails[0];
    assert!(first.rcpt_to.contains(KHARTOUM), "{first:#?}");
    assert!(!first.subject.contains("Addition"), "{}", first.subject);
    let (file, sheet) = attached_sheet(first);
    assert_eq!(file, "roster-g12.csv");
    assert_eq!(sheet[0][0], "nama/name");
    assert_eq!(sheet[0][4], "telepon/phones");
    // name, phones, places, people of each of the first three.
    let cells = |r: &Vec<String>| (r[0].clone(), r[4].clone(), r[3].clone(), r[5].clone());
    let got: Vec<_> = sheet[1..].iter().map(cells).collect();
    let want = [
        ("Ahmad Fauzi", "0812-3456-7801", "Omdurman", "4"),
        ("Rina Kartika", "0812 3456 7802", "Khartoum", "5"),
        (
            "'=HYPERLINK(\"http://evil.test\",\"klik\")",
            "081234567803",
            "Khartoum",
            "12",
        ),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
    assert_eq!(got, want);
    assert_eq!(sheet[1][8], ids[0].to_string());
    let text = &first.parts()[0].body;
    assert!(text.contains("Daftar kelompok g12 (baris: 3"), "{text}");
    assert!(text.contains("Roster of group g12 (rows: 3"), "{text}");
    assert!(text.contains("roster-g12.csv"), "{text}");

    // The fourth joins (and the first is offered again): one row more.
    let later = rows_of(&queue, &cfg, &[ids[3], ids[0]]);
    assert_eq!(e.add_roster_rows(later, Timestamp::now()), Some(1));
    assert_eq!(e.deliveries.len(), 2, "{:#?}", e.deliveries);
    assert_eq!(e.deliveries[1].purpose, Purpose::Addition);
    send_nth(&deliverer, &mut e, 1).await;

    let mails = smtp.wait_for(2, Duration::from_secs(10));
    let addition = mails
        .iter()
        .find(|m| m.message_id != first.message_id)
        .unwrap();
    assert!(addition.rcpt_to.contains(KHARTOUM), "{addition:#?}");
    assert!(
        addition.subject.contains("Tambahan / Addition:"),
        "Subject: {}",
        addition.subject
    );
    assert_eq!(
        addition.header("In-Reply-To"),
        Some(first.message_id.as_str()),
        "{addition:#?}"
    );
    let (file, sheet) = attached_sheet(addition);
    assert_eq!(file, "roster-g12-rows-4-4.csv");
    assert_eq!(sheet.len(), 2, "the header and the new row: {sheet:?}");
    assert_eq!(
        cells(&sheet[1]),
        (
            "Dewi Sartika".to_string(),
            "0812-3456-7804".to_string(),
            "Port Sudan".to_string(),
            "2".to_string()
        )
    );
    let text = &addition.parts()[0].body;
    assert!(text.contains("Tambahan untuk kasus"), "{text}");
    assert!(text.contains("rows 4 to 4 of its roster"), "{text}");
    assert!(text.contains("(rows: 1,"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_webhook_carries_the_roster_and_an_addition_its_new_rows() {
    let hook = Hook::start(Duration::ZERO).await;
    set_hook_secret();
    let cfg = config(&format!(
        "[escalation]\nwebhook_secret_env = \"{HOOK_SECRET_ENV}\"\n\
         [missions.khartoum]\nwebhook_url = \"{}\"\n",
        hook.url
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    let ids = group_members(&queue);
    let mut e = group_escalation(&queue, &cfg, &ids);
    assert_eq!(e.deliveries[0].route, Route::Webhook);
    let deliverer = Deliverer::new(&cfg.smtp, &cfg.escalation, &cfg.missions);
    send_nth(&deliverer, &mut e, 0).await;
    e.add_roster_rows(rows_of(&queue, &cfg, &ids[3..]), Timestamp::now());
    send_nth(&deliverer, &mut e, 1).await;

    let hits = hook.hits();
    assert_eq!(hits.len(), 2, "{hits:#?}");
    assert!(hits.iter().all(|h| h.verified), "{hits:#?}");
    let (first, addition) = (hits[0].json(), hits[1].json());
    assert_eq!(first["purpose"], "mission");
    assert_eq!(first["group"], "g12");
    let roster = first["roster"].as_array().unwrap();
    assert_eq!(roster.len(), 3, "{first}");
    assert_eq!(roster[0]["inquiry"], ids[0].0);
    assert_eq!(roster[0]["author"]["personal_data"], true);
    assert_eq!(roster[0]["author"]["value"]["name"], "Ahmad Fauzi");
    assert_eq!(roster[0]["phones"]["personal_data"], true);
    assert_eq!(roster[0]["phones"]["value"][0], "0812-3456-7801");
    assert_eq!(roster[0]["people"], 4);
    assert_eq!(roster[1]["places"][0], "Khartoum");
    // Data, not a formula: a JSON receiver gets the name as written.
    assert_eq!(
        roster[2]["author"]["value"]["name"],
        "=HYPERLINK(\"http://evil.test\",\"klik\")"
    );
    assert_eq!(addition["purpose"], "addition");
    assert_eq!(addition["delivery"], e.deliveries[1].message_id.as_str());
    let new = addition["roster"].as_array().unwrap();
    assert_eq!(new.len(), 1, "{addition}");
    assert_eq!(new[0]["inquiry"], ids[3].0);
    assert_eq!(new[0]["people"], 2);
    // An escalation of one inquiry carries no roster at all.
    let single = draft(&queue, &cfg, ids[1], "khartoum", Priority::P1, "siti", "").unwrap();
    let body: Value = serde_json::from_slice(&siaga::escalate::packet::json_body(
        &single,
        &single.deliveries[0],
    ))
    .unwrap();
    assert!(
        body.get("roster").is_none() && body.get("group").is_none(),
        "{body}"
    );
}

/// Near-identical pleas from Khartoum, each with its phone.
const EVACUEES: [(&str, &str, &str); 4] = [
    (
        "sari_k",
        "Sari Kusuma",
        "tolong evakuasi keluarga saya di Khartoum, kami 4 orang, hp 0812-1111-0001",
    ),
    (
        "agus_w",
        "Agus Wibowo",
        "mohon evakuasi keluarga kami dari Khartoum, 3 orang, hp 0812-1111-0002",
    ),
    (
        "nina_p",
        "Nina Pratiwi",
        "keluarga saya di Khartoum butuh evakuasi, 2 orang, hp 0812-1111-0003",
    ),
    (
        "yusuf_a",
        "Yusuf Arif",
        "tolong evakuasi keluarga saya dari Khartoum, 5 orang, hp 0812-1111-0004",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_escalated_through_the_desk_mails_its_roster_then_an_addition_for_who_joins() {
    let smtp = SmtpServer::start();
    let cfg = config(&format!(
        "{}\n[missions.khartoum]\nemail = \"{KHARTOUM}\"\n",
        smtp_toml(smtp.port)
    ));
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    queue.set_policy(cfg.desk_policy());
    let plea = |n: usize| {
        let (handle, name, text) = EVACUEES[n];
        ingest(
            &queue,
            arrival(60 + n as u64, handle, name, text, Priority::P1),
        )
    };
    let first: Vec<InquiryId> = (0..3).map(plea).collect();
    let group = queue.groups().unwrap()[0].clone();
    assert_eq!(group.members, first, "{group:#?}");
    let request = |mission: Option<&str>| siaga::model::group::GroupEscalationRequest {
        group: group.id,
        mission: mission.map(String::from),
        severity: None,
        summary: None,
        note: "evakuasi lewat Port Sudan".into(),
    };
    let e = queue.escalate_group(request(None), "siti").unwrap();
    assert_eq!(e.mission, "khartoum", "the mission its members name");
    assert_eq!(e.roster.as_ref().map(|r| r.rows.len()), Some(3));
    courier(&queue, &cfg)
        .drain(Duration::from_secs(10))
        .await
        .unwrap();
    let mails = smtp.wait_for(1, Duration::from_secs(10));
    let (file, sheet) = attached_sheet(&mails[0]);
    assert_eq!(file, format!("roster-{}.csv", group.id));
    let names: Vec<&str> = sheet[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["Sari Kusuma", "Agus Wibowo", "Nina Pratiwi"]);
    assert_eq!(sheet[1][4], "0812-1111-0001");
    // Every member shows as escalated, each in its own history naming the
    // escalation that carries it; only the lead holds its brief.
    for id in &first {
        let member = queue.get(*id).unwrap().inquiry;
        assert_eq!(member.status, Status::Escalated, "{id}");
        if *id != e.inquiry {
            assert!(member.escalations.is_empty(), "{id}: no brief of its own");
            let said = queue.get(*id).unwrap().history;
            assert!(
                said.iter().any(|h| h.what == "group_escalation"
                    && h.after
                        .as_deref()
                        .is_some_and(|a| a.contains(&e.id.to_string()))),
                "{id}: {said:#?}"
            );
        }
    }

    let member = first.iter().copied().find(|id| *id != e.inquiry).unwrap();
    let detail = queue.get(member).unwrap();
    assert_eq!(detail.escalations.len(), 1, "the group's, in its detail");
    let rows = &detail.escalations[0].roster.as_ref().unwrap().rows;
    assert_eq!(rows.len(), 1, "only its own row: {rows:#?}");
    assert_eq!(rows[0].inquiry, member);
    let packet = &detail.escalations[0].packet;
    assert!(
        packet.text.value.is_empty() && packet.author.value.handle.is_empty(),
        "none of the lead's words or name in another member's detail: {packet:#?}"
    );
    assert!(
        packet.history.is_empty() && packet.link.is_none(),
        "{packet:#?}"
    );

    // Escalating the group again to the same mission is refused.
    match queue.escalate_group(request(Some("khartoum")), "siti") {
        Err(StoreError::Refused(why)) => assert!(why.contains("already escalated"), "{why}"),
        other => panic!("{other:?}"),
    }
    // A fourth joins: an addition to the same escalation, nothing new.
    let late = plea(3);
    assert_eq!(queue.groups_of(&[late]).unwrap(), [Some(group.id)]);
    let stored = queue.store().escalation(e.id).unwrap();
    assert_eq!(stored.roster.as_ref().map(|r| r.rows.len()), Some(4));
    assert_eq!(
        stored.deliveries.last().map(|d| d.purpose),
        Some(Purpose::Addition)
    );
    courier(&queue, &cfg)
        .drain(Duration::from_secs(10))
        .await
        .unwrap();
    let mails = smtp.wait_for(2, Duration::from_secs(10));
    let addition = mails
        .iter()
        .find(|m| m.subject.contains("Tambahan / Addition:"))
        .unwrap();
    let (_, sheet) = attached_sheet(addition);
    assert_eq!(
        sheet.len(),
        2,
        "the header and the one who joined: {sheet:?}"
    );
    assert_eq!(sheet[1][0], "Yusuf Arif");
    assert_eq!(
        queue.get(late).unwrap().inquiry.status,
        Status::Escalated,
        "who joins is escalated with the group"
    );
    let listing = queue.escalations(10).unwrap();
    assert_eq!(listing.recent.len(), 1, "one escalation, not two");
    // The mission's answer can be recorded from any member.
    let acked = queue
        .acknowledge(late, "Pak Hasan, KBRI Khartoum", "telepon", "siti")
        .unwrap();
    assert_eq!(acked.id, e.id);
    let history = history(&queue, e.inquiry);
    assert!(
        history.iter().any(|h| h.contains("roster_addition")),
        "{history:?}"
    );
}

/// What a crash between a member's placement and its addition leaves (the
/// member in the group, not on the roster): the next start sends it.
#[test]
fn a_member_whose_addition_a_crash_lost_is_added_at_the_next_start() {
    let cfg = config("[missions.khartoum]\nemail = \"pwni@kbri-khartoum.test\"\n");
    let dir = tempfile::tempdir().unwrap();
    let (group, escalation, late) = {
        let queue = open_queue(dir.path());
        queue.set_policy(cfg.desk_policy());
        let plea = |n: usize| {
            let (handle, name, text) = EVACUEES[n];
            ingest(
                &queue,
                arrival(70 + n as u64, handle, name, text, Priority::P1),
            )
        };
        (0..3).for_each(|n| {
            plea(n);
        });
        let group = queue.groups().unwrap()[0].id;
        let request = siaga::model::group::GroupEscalationRequest {
            group,
            mission: None,
            severity: None,
            summary: None,
            note: String::new(),
        };
        let e = queue.escalate_group(request, "siti").unwrap();
        // The fourth stored and placed straight through the store, as if
        // the process died before its addition.
        let (handle, name, text) = EVACUEES[3];
        let a = arrival(73, handle, name, text, Priority::P1);
        let store = queue.store();
        let commit = store
            .commit_page(
                &siaga::queue::DeskArrivals,
                "kemlu-x",
                &[a],
                None,
                Timestamp::now(),
            )
            .unwrap();
        let late = commit.new_ids[0];
        let placed = siaga::store::Placed {
            inquiry: late,
            group,
        };
        store.record_grouping(&[placed], Timestamp::now()).unwrap();
        (group, e.id, late)
    };
    let queue = open_queue(dir.path());
    queue.set_policy(cfg.desk_policy());
    let rows = |q: &LocalQueue| {
        q.store()
            .escalation(escalation)
            .unwrap()
            .roster
            .unwrap()
            .rows
    };
    assert_eq!(rows(&queue).len(), 3, "not yet");
    queue.sync_all_rosters().unwrap();
    let rows = rows(&queue);
    assert_eq!(rows.len(), 4, "{group}: {rows:#?}");
    assert_eq!(rows[3].inquiry, late);
}

/// Erasing a member blanks their row in the group's escalation (who,
/// where, phones, link), whoever leads it; the lead's own row goes with
/// the lead's erasure of its escalation.
#[test]
fn an_erased_member_leaves_the_rosters_that_carried_them() {
    let cfg = config("[missions.khartoum]\nemail = \"pwni@kbri-khartoum.test\"\n");
    let dir = tempfile::tempdir().unwrap();
    let queue = open_queue(dir.path());
    queue.set_policy(cfg.desk_policy());
    let ids: Vec<InquiryId> = (0..3)
        .map(|n| {
            let (handle, name, text) = EVACUEES[n];
            ingest(
                &queue,
                arrival(80 + n as u64, handle, name, text, Priority::P1),
            )
        })
        .collect();
    let group = queue.groups().unwrap()[0].id;
    let request = siaga::model::group::GroupEscalationRequest {
        group,
        mission: None,
        severity: None,
        summary: None,
        note: String::new(),
    };
    let e = queue.escalate_group(request, "siti").unwrap();
    let member = *ids.iter().find(|id| **id != e.inquiry).unwrap();
    queue.erase(member, "siti", "the person asked").unwrap();
    let rows = queue.store().escalation(e.id).unwrap().roster.unwrap().rows;
    let row = rows.iter().find(|r| r.inquiry == member).unwrap();
    assert_eq!(row.author.value.name, "");
    assert!(row.phones.value.is_empty() && row.places.is_empty() && row.link.is_none());
    let others: Vec<_> = rows.iter().filter(|r| r.inquiry != member).collect();
    assert!(
        others.iter().all(|r| !r.phones.value.is_empty()),
        "{others:#?}"
    );
    // The lead's own row goes with its escalation when the lead is erased.
    let mut lead_erased = queue.store().escalation(e.id).unwrap();
    siaga::model::erase::escalation(&mut lead_erased);
    let rows = lead_erased.roster.unwrap().rows;
    let lead = rows.iter().find(|r| r.inquiry == e.inquiry).unwrap();
    assert!(lead.phones.value.is_empty() && lead.author.value.handle.is_empty());
    assert!(
        rows.iter()
            .filter(|r| r.inquiry != e.inquiry && r.inquiry != member)
            .all(|r| !r.phones.value.is_empty())
    );
}
