//! The detail, the compose screen and the escalation form in Bahasa
//! Indonesia (#15), at 80x24 and 120x40, beside the English ones of
//! `ui_snapshots`, `ui_reply_snapshots` and `ui_escalate_snapshots`.

use crate::common;
use common::screen::{fits, flat};

use common::screen::{draw, line_index, marks, status_bar};
use common::ui::{press, run, screen_state, select, terminal_keys, typed};

use std::sync::Once;

use insta::assert_snapshot;
use jiff::SignedDuration;
use siaga::config::Config;
use siaga::escalate::packet::Request;
use siaga::escalate::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Purpose, Route,
};
use siaga::i18n::Lang;
use siaga::model::{Channel, Event, Inquiry, Note, Status};
use siaga::queue::InquiryDetail;
use siaga::reply::{PlatformRules, Reply, ReplyBrief, ReplyId, ReplyState};
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::{Action, Command, Mode, State, update};

/// Times of day on screen in UTC, whatever the host's zone (as in
/// `ui_escalate_snapshots`, with the same value).
fn utc() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test that sets it sets the same value, before
        // anything reads the time zone.
        unsafe { std::env::set_var("TZ", "UTC") };
    });
}

/// The defaults, KBRI Riyadh's duty desk at desk@kbri-riyadh.test, and
/// `[ui] language = "id"`.
fn options(officer: &str) -> UiOptions {
    let config = Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n",
        "t.toml",
    )
    .expect("a valid config");
    let mut options = UiOptions::from_config(&config, officer, false, true);
    options.lang = Lang::Id;
    options
}

/// The queue of `common::rows(40)` in Indonesian; #3 (P2) names Riyadh;
/// #5, #10, … came by private message.
fn state(width: u16, height: u16, officer: &str) -> State {
    utc();
    screen_state(&options(officer), width, height, 40)
}

/// The detail pane's text on one line, words single-spaced: what is
/// right of the first `│` (the pane's border) on each line.
fn detail_text(screen: &str) -> String {
    let pane: String = screen
        .lines()
        .take_while(|l| !l.starts_with("styles "))
        .filter_map(|l| l.split_once('│').map(|(_, r)| r.trim_end_matches('"')))
        .collect::<Vec<_>>()
        .join(" ");
    pane.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn event(
    at: jiff::Timestamp,
    officer: &str,
    what: &str,
    before: Option<&str>,
    after: &str,
) -> Event {
    Event {
        seq: 0,
        at,
        officer: officer.into(),
        what: what.into(),
        before: before.map(str::to_string),
        after: Some(after.into()),
        link: None,
        sealed: None,
        content: None,
    }
}

// -------------------------------------------------------------- detail

/// Row #3 open in the detail: claimed by siti, tagged, a note, a
/// colleague's follow-up, and its history loaded.
fn detail(width: u16, height: u16) -> State {
    let mut s = state(width, height, "siti");
    select(&mut s, 3);
    press(&mut s, Command::Open);
    let mut inquiry = s.rows[s.selected].clone();
    inquiry.status = Status::Claimed;
    inquiry.claimed_by = Some("siti".into());
    inquiry.claimed_at = Some(common::now() - SignedDuration::from_mins(12));
    inquiry.tags = vec!["gaji".into(), "paspor".into()];
    inquiry.priority_set_by = Some("budi".into());
    inquiry.notes = vec![Note {
        at: common::now() - SignedDuration::from_mins(5),
        officer: "siti".into(),
        text: "sudah telepon keluarga, menunggu nomor majikan".into(),
    }];
    s.rows[s.selected] = inquiry.clone();
    let history = vec![
        event(inquiry.created_at, "siaga", "received", None, "demo"),
        event(
            common::now() - SignedDuration::from_mins(12),
            "siti",
            "status",
            Some("new"),
            "claimed",
        ),
    ];
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history,
            replies: Vec::new(),
            rules: PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
    s
}

#[test]
fn detail_80x24_in_indonesian() {
    let s = detail(80, 24);
    assert_eq!(s.mode, Mode::Detail);
    let screen = draw(&s);
    for word in [
        "diambil",
        "diambil oleh siti 12 menit lalu",
        "Dari: ",
        "Saluran: sebutan publik",
        "bahasa id",
        "Masuk: ",
        "Label: gaji, paspor",
        "Diatur manual: prioritas oleh budi",
        "Catatan (internal)",
    ] {
        assert!(screen.contains(word), "{word}:\n{screen}");
    }
    for english in ["claimed by", "From:", "Where:", "Received:", "Notes ("] {
        assert!(!screen.contains(english), "{english}:\n{screen}");
    }
    fits(&screen, 80);
    assert_snapshot!(screen);
}

/// A reply to `inq` numbered `id`, by `officer`, `minutes_ago`.
fn reply(inq: &Inquiry, id: u64, officer: &str, state: ReplyState, minutes_ago: i64) -> Reply {
    let mut r = Reply::draft(
        inq.id,
        &inq.source,
        officer,
        common::now() - SignedDuration::from_mins(minutes_ago),
        Channel::Public,
        siaga::reply::Lang::Id,
        Some("mission_contact".into()),
        format!(
            "Halo @{}, mohon hubungi Direktorat Pelindungan WNI Kemlu, dengan nomor kasus SIAGA-{}.",
            inq.author.handle, inq.id
        ),
        siaga::reply::compose::target(inq),
    );
    r.id = ReplyId(id);
    r.state = state;
    if state == ReplyState::Sent {
        r.attempts = 1;
        r.platform_id = Some("1999000000000000001".into());
        r.finished_at = Some(r.created_at);
    } else if state == ReplyState::Failed {
        r.attempts = 8;
        r.last_error = Some("X 403: You are not permitted to reply to this conversation".into());
    }
    r
}

/// `inq` escalated to KBRI Riyadh as `id` by `officer` `minutes_ago`;
/// its e-mail in `delivery`.
fn escalation(
    inq: &Inquiry,
    id: u64,
    officer: &str,
    severity: siaga::model::Priority,
    minutes_ago: i64,
    delivery: DeliveryState,
) -> Escalation {
    let options = options(officer);
    let setup = &options.escalation;
    let at = common::now() - SignedDuration::from_mins(minutes_ago);
    let request = Request {
        mission: "riyadh".into(),
        reason: "Riyadh (named as where they are) → KBRI Riyadh".into(),
        severity,
        summary: "labour — 5 bulan gaji tidak dibayar, paspor ditahan majikan".into(),
        note: String::new(),
        made: None,
    };
    let history = vec![event(inq.created_at, "siaga", "received", None, "demo")];
    let mut e = siaga::escalate::packet::build(
        inq,
        &history,
        &request,
        officer,
        at,
        &setup.missions,
        &setup.escalation,
        None,
        &format!("SIAGA-{}", inq.id),
    )
    .expect("riyadh can be escalated to");
    e.id = EscalationId(id);
    let d = &mut e.deliveries[0];
    d.message_id = format!("siaga.e{id}.d0.i{}@test", inq.id);
    d.state = delivery;
    d.attempts = 1;
    d.first_attempt_at = Some(at);
    d.last_attempt_at = Some(at);
    if delivery == DeliveryState::Sent {
        d.sent_at = Some(at);
    }
    e
}

/// Row #3 open with two escalations (e1 acknowledged by Rina by phone;
/// e2 overdue, its e-mail failed, its webhook unsure) and two replies
/// (one sent, one failed).
fn detail_with_escalations_and_replies(width: u16, height: u16) -> State {
    let mut s = state(width, height, "siti");
    select(&mut s, 3);
    let inq = s.rows[s.selected].clone();
    let mut first = escalation(
        &inq,
        1,
        "siti",
        siaga::model::Priority::P2,
        40,
        DeliveryState::Sent,
    );
    first.ack = Some(Ack {
        by: "Rina".into(),
        how: "telepon".into(),
        recorded_by: "siti".into(),
        at: common::now() - SignedDuration::from_mins(25),
    });
    let mut second = escalation(
        &inq,
        2,
        "budi",
        siaga::model::Priority::P1,
        20,
        DeliveryState::Failed,
    );
    second.deliveries[0].attempts = 10;
    second.deliveries[0].last_error = Some("550 5.1.1 mailbox unavailable".into());
    let mut hook = Delivery::new(
        Route::Webhook,
        "https://desk.kbri-riyadh.test/siaga",
        Purpose::DefaultDesk,
    );
    hook.state = DeliveryState::Unknown;
    second.deliveries.push(hook);
    second.overdue_at = Some(second.deadline);
    let escalations = vec![first, second];
    let replies = vec![
        reply(&inq, 1, "budi", ReplyState::Sent, 120),
        reply(&inq, 2, "siti", ReplyState::Failed, 10),
    ];
    let mut inquiry = inq.clone();
    inquiry.escalations = escalations.iter().map(EscalationBrief::of).collect();
    inquiry.replies = replies.iter().map(ReplyBrief::of).collect();
    inquiry.status = Status::Escalated;
    s.rows[s.selected] = inquiry.clone();
    let history = vec![
        event(inquiry.created_at, "siaga", "received", None, "demo"),
        event(
            common::now() - SignedDuration::from_mins(40),
            "siti",
            "escalation",
            None,
            "e1 to KBRI Riyadh (P2)",
        ),
    ];
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            history,
            inquiry,
            replies,
            rules: PlatformRules::x(),
            escalations,
            same_author_open: Vec::new(),
        })),
    );
    s.mode = Mode::Detail;
    s
}

#[test]
fn detail_120x40_in_indonesian() {
    let s = detail_with_escalations_and_replies(120, 40);
    let screen = draw(&s);
    assert!(
        screen.contains("│#3 P2 labour  diteruskan  belum diambil"),
        "{screen}"
    );
    let text = detail_text(&screen);
    for phrase in [
        "Eskalasi",
        "e1 KBRI Riyadh P2 oleh siti 40 menit lalu · diterima oleh Rina (telepon) 25 menit lalu",
        "surel terkirim → desk@kbri-riyadh.test",
        "e2 KBRI Riyadh P1 oleh budi 20 menit lalu · LEWAT BATAS sejak 02:55 UTC",
        "surel gagal → desk@kbri-riyadh.test: 550 5.1.1 mailbox unavailable",
        "webhook (piket pusat) belum pasti → https://desk.kbri-riyadh.test/siaga",
        "Balasan",
        "r1 terkirim publik oleh budi 2 jam lalu",
        "r2 gagal publik oleh siti 10 menit lalu",
        "Riwayat",
    ] {
        assert!(text.contains(phrase), "{phrase}:\n{screen}");
    }
    for english in [
        "acknowledged by",
        "OVERDUE",
        " by budi",
        "History",
        "Replies",
    ] {
        assert!(!text.contains(english), "{english}:\n{screen}");
    }
    let y = line_index(&screen, "e2 KBRI Riyadh");
    assert!(
        marks(&screen, y).contains("!!!!"),
        "overdue is red:\n{screen}"
    );
    fits(&screen, 120);
    assert_snapshot!(screen);
}

// ------------------------------------------------------------- compose

/// `r` on row #`id`, its detail loaded (X), `name` typed, Enter.
fn compose(width: u16, height: u16, id: u64, name: &str) -> State {
    let mut s = state(width, height, "siti");
    select(&mut s, id);
    press(&mut s, Command::Reply);
    let inquiry = s.rows[s.selected].clone();
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history: Vec::new(),
            replies: Vec::new(),
            rules: PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
    typed(&mut s, name);
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(matches!(s.mode, Mode::Compose { .. }), "{name}");
    s
}

#[test]
fn template_picker_80x24_in_indonesian() {
    let mut s = state(80, 24, "siti");
    select(&mut s, 3);
    press(&mut s, Command::Reply);
    let screen = draw(&s);
    assert!(
        screen.contains("Balas @warga_3: templat (✓ cocok untuk labour)"),
        "{screen}"
    );
    assert!(screen.contains("(balasan kosong)"), "{screen}");
    // Titles and previews in the officer's language.
    assert!(
        screen.contains("Hubungi Perwakilan RI setempat"),
        "{screen}"
    );
    assert!(screen.contains("Halo @warga_3, mohon hubungi"), "{screen}");
    fits(&screen, 80);
}

#[test]
fn compose_80x24_in_indonesian() {
    let s = compose(80, 24, 3, "miss");
    let screen = draw(&s);
    assert!(
        screen.contains(
            " BALASAN PUBLIK  ke @warga_3 · #3 · X · bahasa id · templat mission_contact"
        ),
        "{screen}"
    );
    assert!(screen.contains(" isi aduan:"), "{screen}");
    assert!(screen.contains("siap dikirim"), "{screen}");
    assert!(
        screen.contains("Halo @warga_3, mohon hubungi"),
        "the template's text"
    );
    assert!(!screen.contains("ready to send"), "{screen}");
    fits(&screen, 80);
    assert_snapshot!(screen);
}

#[test]
fn compose_private_80x24_in_indonesian() {
    let mut s = compose(80, 24, 15, "send");
    let screen = draw(&s);
    assert!(
        screen.contains(" PESAN PRIBADI  ke @warga_15 · #15 · X · bahasa id"),
        "{screen}"
    );
    fits(&screen, 80);
    press(&mut s, Command::ToggleChannel);
    let screen = draw(&s);
    assert!(
        status_bar(&s, &screen).contains("warga menulis secara pribadi"),
        "{screen}"
    );
}

#[test]
fn compose_news_in_indonesian() {
    let mut s = compose(80, 24, 3, "miss");
    run(
        &mut s,
        terminal_keys(" Terima kasih.", Action::ComposeInput),
    );
    press(&mut s, Command::SwitchLang);
    assert!(
        s.message
            .as_deref()
            .is_some_and(|m| m
                .contains("sekali lagi mengganti suntingan Anda dengan templat bahasa Inggris")),
        "{:?}",
        s.message
    );
    press(&mut s, Command::SwitchLang);
    assert_eq!(
        s.message.as_deref(),
        Some("bahasa: en (teks templat disusun ulang)")
    );
    press(&mut s, Command::Send);
    assert_eq!(s.message.as_deref(), Some("mengantrekan balasan…"));
    let screen = draw(&s);
    assert!(screen.contains("mengantrekan…"), "{screen}");
}

// ---------------------------------------------------------- escalation

/// `e` on row #3 (Riyadh), `typed_name`, Enter.
fn form(width: u16, height: u16, typed_name: &str) -> State {
    let mut s = state(width, height, "siti");
    select(&mut s, 3);
    press(&mut s, Command::Escalate);
    typed(&mut s, typed_name);
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(matches!(s.mode, Mode::Escalate { .. }), "{typed_name}");
    s
}

/// Keys typed into the form's focused field, as the terminal sends them.
fn type_in_form(s: &mut State, text: &str) {
    for c in text.chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        update(s, Action::EscalateInput(key.into()));
    }
}

#[test]
fn mission_picker_80x24_in_indonesian() {
    let mut s = state(80, 24, "siti");
    select(&mut s, 3);
    press(&mut s, Command::Escalate);
    let screen = draw(&s);
    assert!(screen.contains("Teruskan #3 ke (✓ Riyadh"), "{screen}");
    fits(&screen, 80);
}

#[test]
fn escalation_form_80x24_in_indonesian() {
    let s = form(80, 24, "");
    let screen = draw(&s);
    let text = flat(&screen);
    assert!(screen.contains(" ESKALASI  #3 ke KBRI Riyadh "), "{screen}");
    assert!(text.contains("alasan: Riyadh"), "{screen}");
    assert!(
        screen.contains(" P2  batas tanda terima 04:00 UTC (dalam 1 jam)"),
        "{screen}"
    );
    assert!(
        screen.contains(" kepada: surel desk@kbri-riyadh.test"),
        "{screen}"
    );
    assert!(text.contains("(data pribadi ditandai)"), "{screen}");
    assert!(screen.contains(" Ringkasan "), "{screen}");
    assert!(screen.contains(" Catatan untuk Perwakilan "), "{screen}");
    assert!(!text.contains("acknowledgement due"), "{screen}");
    fits(&screen, 80);
    assert_snapshot!(screen);
}

/// KRI Tawau has no contact: the officer phones and names who answered.
#[test]
fn escalation_form_made_by_phone_80x24_in_indonesian() {
    let mut s = form(80, 24, "tawau");
    let text = flat(&draw(&s));
    assert!(text.contains("tidak dapat dikirim: KRI Tawau"), "{text}");
    press(&mut s, Command::Via);
    type_in_form(&mut s, "Pak Hendra, piket");
    let screen = draw(&s);
    let text = flat(&screen);
    assert!(
        text.contains(
            "Anda menghubungi sendiri lewat telepon, yang dihubungi: Pak Hendra, piket (tidak ada yang dikirim)"
        ),
        "{screen}"
    );
    assert!(
        screen.contains(" Yang dihubungi di Perwakilan (nama) "),
        "{screen}"
    );
    fits(&screen, 80);
    assert_snapshot!(screen);
}

#[test]
fn escalation_form_recording_80x24_in_indonesian() {
    let mut s = form(80, 24, "");
    press(&mut s, Command::Send);
    let screen = draw(&s);
    assert!(screen.contains(" mencatat…"), "{screen}");
    assert!(
        status_bar(&s, &screen).contains("mencatat eskalasi…"),
        "{screen}"
    );
    fits(&screen, 80);
}
