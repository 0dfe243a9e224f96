//! Escalating as an officer would, in the real binary in a pseudo-terminal:
//! an inquiry that names Myawaddy, `e`, the suggested mission (KBRI Yangon)
//! first and ticked, Enter, the form (who receives it), a note, C-s; the
//! courier delivers it to a real SMTP server (aiosmtpd, see
//! `common::smtp`), exactly once; the Escalated view shows the row's
//! delivery state; `A` records the mission's acknowledgement.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::Session;
use common::smtp::SmtpServer;
use siaga::escalate::{DeliveryState, Purpose, Route};
use siaga::model::{Arrival, Author, Channel, Priority, Status};
use siaga::queue::{LocalQueue, QueueService};

const YANGON: &str = "pelindungan@kbri-yangon.test";
const TEXT: &str = "@Kemlu_RI tolong min, sepupu sy dibawa ke Myawaddy, disekap di KK Park";
const NOTE: &str = "Keluarga di Cirebon menunggu kabar";
const COLS: u16 = 96;
const ROWS: u16 = 32;

/// A store with one inquiry naming Myawaddy, and a config whose KBRI
/// Yangon is reached by e-mail through `smtp`.
fn desk(home: &Path, smtp: &SmtpServer) -> (PathBuf, PathBuf) {
    let data = home.join("queue");
    let queue = LocalQueue::open(&data, 16 << 20).unwrap();
    let arrival = Arrival {
        external_id: "1866000000000000042".into(),
        conversation_id: Some("1866000000000000042".into()),
        in_reply_to: None,
        author: Author {
            handle: "dewi_crb".into(),
            display_name: "Dewi".into(),
            platform_id: Some("700042".into()),
        },
        channel: Channel::Public,
        text: TEXT.into(),
        created_at: jiff::Timestamp::now(),
        lang: Some("in".into()),
        priority: Priority::P1,
        category: "trafficking".into(),
        reasons: vec!["trafficking: disekap".into()],
    };
    queue.ingest("kemlu-x", &[arrival], None).unwrap();
    drop(queue);
    let config = home.join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n\
             from = \"Siaga Desk <siaga@desk.test>\"\ntimeout_secs = 5\n\n\
             [missions.yangon]\nemail = \"{YANGON}\"\n",
            smtp.port
        ),
    )
    .unwrap();
    (config, data)
}

fn start(home: &Path, config: &Path, data: &Path) -> Session {
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    Session::start_with_env(&args, home, COLS, ROWS, &[])
}

/// The screen's line that contains `needle`.
fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{screen}"))
}

#[test]
fn e_escalates_to_the_suggested_mission_and_a_records_the_ack() {
    let smtp = SmtpServer::start();
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &smtp);
    let mut s = start(home.path(), &config, &data);
    s.wait_text("dewi_crb");

    // The picker: the suggestion first, ticked, with why.
    s.keys("e");
    let screen = s.wait_text("Escalate #");
    let first = screen
        .lines()
        .skip_while(|l| !l.contains("Escalate #"))
        .find(|l| l.contains(" · "))
        .unwrap_or_else(|| panic!("no mission in the picker:\n{screen}"));
    assert!(
        first.contains("KBRI Yangon"),
        "first item: {first}\n{screen}"
    );
    assert!(
        first.contains('✓'),
        "the suggested mission is ticked: {first:?}\n{screen}"
    );

    // The form: the mission, why, who receives it.
    s.keys("\r");
    let screen = s.wait_text("ESCALATE");
    assert!(screen.contains("to KBRI Yangon"), "{screen}");
    let why = line_with(&screen, "why:");
    // Myawaddy and KK Park are both where the cousin is; both are Yangon's.
    assert!(
        (why.contains("Myawaddy") || why.contains("KK Park")) && why.contains("→ KBRI Yangon"),
        "{why}\n{screen}"
    );
    assert!(screen.contains(&format!("to: e-mail {YANGON}")), "{screen}");
    assert!(screen.contains("acknowledgement due"), "{screen}");

    // A note, then C-s.
    s.keys("\t");
    s.keys(NOTE);
    s.wait_text(NOTE);
    s.keys("\x13");
    let screen = s.wait_text("recorded");
    assert!(screen.contains("to KBRI Yangon recorded"), "{screen}");

    // Delivered, once.
    let mails = smtp.wait_for(1, Duration::from_secs(20));
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let m = &mails[0];
    assert!(m.rcpt_to.contains(YANGON), "{m:#?}");
    assert!(m.subject.contains("KBRI Yangon"), "{}", m.subject);
    assert!(m.subject.contains("P1"), "{}", m.subject);
    assert!(
        m.body.contains(&format!("Officer's note: {NOTE}")),
        "{}",
        m.body
    );
    assert!(m.body.contains("disekap di KK Park"), "{}", m.body);
    assert!(m.body.contains("Myawaddy"), "{}", m.body);
    // Escalated from the list, the packet still carries the history.
    let history = m.body.split("History:").nth(1).unwrap_or("");
    assert!(history.contains("received"), "{}", m.body);

    // Tab to the Escalated view: its tab is the selected one.
    for _ in 0..8 {
        if s.reversed_text(0).contains("Escalated") {
            break;
        }
        s.keys("\t");
        s.settle(Duration::from_millis(150));
    }
    assert!(
        s.reversed_text(0).contains("Escalated 1"),
        "selected tab: {:?}\n{}",
        s.reversed_text(0),
        s.contents()
    );
    // The row says where it went and that it was delivered (README:
    // "The queue row shows `[⇢KBRI Riyadh sent · ack 14:05]`").
    let mut problems = Vec::new();
    s.wait_text("[⇢KBRI Yangon");
    // The store says sent just after the relay's "250": give the row time.
    let documented = "[⇢KBRI Yangon sent · ack ";
    let until = std::time::Instant::now() + Duration::from_secs(5);
    while !s.contents().contains(documented) && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    let screen = s.contents();
    let row = line_with(&screen, "[⇢KBRI Yangon");
    assert!(row.contains("dewi_crb"), "{row}");
    if !row.contains(documented) {
        problems.push(format!(
            "the delivered escalation's row lacks `[⇢KBRI Yangon sent · ack HH:MM]`: {:?}",
            row.trim_end()
        ));
    }

    // The acknowledgement.
    s.keys("A");
    s.wait_text("Acknowledged by whom");
    s.keys("Rina, by phone");
    s.wait_text("Rina, by phone");
    s.keys("\r");
    let screen = s.wait_text("acknowledged by Rina");
    let screen = if screen.contains("[⇢KBRI Yangon ack") {
        screen
    } else {
        s.wait_text("[⇢KBRI Yangon ack")
    };
    let row = line_with(&screen, "[⇢KBRI Yangon");
    assert!(row.contains("[⇢KBRI Yangon acked]"), "{row}\n{screen}");

    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp.messages().len(), 1, "sent exactly once");

    // The store agrees.
    let queue = LocalQueue::open(&data, 16 << 20).unwrap();
    let listing = queue.escalations(10).unwrap();
    assert_eq!(listing.recent.len(), 1, "{listing:#?}");
    let e = &listing.recent[0];
    assert_eq!(e.mission, "yangon");
    assert_eq!(e.note, NOTE);
    assert!(e.reason.contains("→ KBRI Yangon"), "{}", e.reason);
    assert_eq!(e.severity, Priority::P1);
    assert_eq!(e.deliveries.len(), 1);
    let d = &e.deliveries[0];
    assert_eq!((d.route, d.purpose), (Route::Email, Purpose::Mission));
    assert_eq!(d.state, DeliveryState::Sent);
    assert_eq!(m.message_id, format!("<{}>", d.message_id));
    let ack = e.ack.as_ref().expect("acknowledged");
    assert_eq!((ack.by.as_str(), ack.how.as_str()), ("Rina", "by phone"));
    let detail = queue.get(e.inquiry).unwrap();
    assert_eq!(detail.inquiry.status, Status::Escalated);
    let whats: Vec<&str> = detail.history.iter().map(|h| h.what.as_str()).collect();
    for what in ["escalation", "escalation_delivered", "escalation_ack"] {
        assert_eq!(
            whats.iter().filter(|w| **w == what).count(),
            1,
            "{what}: {whats:?}"
        );
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
