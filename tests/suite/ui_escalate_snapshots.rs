//! Escalating as the officer sees it, at 80x24 and 120x40: the mission
//! picker (with the routing suggestion, and narrowed by typing), the form
//! (a mission that receives it by e-mail; one that cannot be delivered),
//! the queue's `[⇢mission state]` tags (delivered and awaiting
//! acknowledgement, acknowledged, OVERDUE), and the detail's escalations.
//! Fixed clock (`common::now()`, 03:00 UTC), officer siti; KBRI Riyadh's
//! duty desk is desk@kbri-riyadh.test and no other mission has a contact.
//!
//! Times of day are drawn in the run's zone (`model::zone`), which no test
//! here sets: UTC, whatever the host's (`TZ=UTC` is set as well, as before).
//!
//! Under each screen, the lines that carry a style the text cannot show are
//! repeated as marks: `~` reversed (the selection, the cursor), `^`
//! underlined, `!` red (warnings, P1).

use crate::common;

use common::screen::{draw, line_index, marks, screen_line, status_bar};
use common::ui::{press, screen_state, select, typed};

use std::sync::Once;

use insta::assert_snapshot;
use jiff::SignedDuration;
use siaga::config::Config;
use siaga::escalate::packet::Request;
use siaga::escalate::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Purpose, Route,
};
use siaga::model::{Event, Inquiry, InquiryId, Priority, Status};
use siaga::queue::InquiryDetail;
use siaga::reply::PlatformRules;
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::{Action, Command, Mode, State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Times of day on screen in UTC, whatever the host's zone.
fn utc() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test of this file sets the same value, before
        // anything reads the time zone.
        unsafe { std::env::set_var("TZ", "UTC") };
    });
}

fn options() -> UiOptions {
    let config = Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n",
        "t.toml",
    )
    .expect("a valid config");
    UiOptions::from_config(&config, "siti", false, true)
}

/// The queue of `common::rows(40)`, every row `labour`; #3 (P2) names
/// Riyadh, #4 (P1) Sihanoukville; #5, #10, … came by private message.
fn state(width: u16, height: u16) -> State {
    utc();
    screen_state(&options(), width, height, 40)
}

/// The marks under the characters of `needle` on its screen line.
fn marks_under(screen: &str, needle: &str) -> String {
    let y = line_index(screen, needle);
    let line = screen.lines().nth(y).unwrap();
    let byte = line.find(needle).unwrap();
    let col = line[..byte].chars().count();
    let len = needle.chars().count();
    let m = marks(screen, y);
    // The mark line is `NN "...`: its marks start after the quote, the
    // screen line's text after its own quote.
    m.chars().skip(4 + col - 1).take(len).collect()
}

/// All the screen's text on one line, words single-spaced: for phrases
/// that wrap.
fn flat(screen: &str) -> String {
    screen
        .lines()
        .take_while(|l| !l.starts_with("styles "))
        .map(|l| l.trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

// -------------------------------------------------------------- picker

#[test]
fn mission_picker() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        press(&mut s, Command::Escalate);
        let screen = draw(&s);
        assert!(
            screen.contains("Escalate #3 to (✓ Riyadh (named as where they are) → KBRI"),
            "{screen}"
        );
        assert!(
            screen.contains("riyadh · KBRI Riyadh (Saudi Arabia)"),
            "{screen}"
        );
        // The suggestion is first, and highlighted.
        let y = line_index(&screen, "riyadh · KBRI Riyadh");
        assert_eq!(y, line_index(&screen, "> ▏") + 1, "{screen}");
        assert!(marks(&screen, y).contains('~'), "{screen}");
        assert_snapshot!(format!("mission_picker_{w}x{h}"), screen);
    }
}

/// The title promises a ✓ on the suggested mission.
#[test]
fn mission_picker_marks_the_suggestion() {
    let mut s = state(80, 24);
    select(&mut s, 3);
    press(&mut s, Command::Escalate);
    let screen = draw(&s);
    let row = screen_line(&screen, "riyadh · KBRI Riyadh");
    assert!(row.contains('✓'), "the suggestion: {row}");
}

/// The reason is the officer's only way to judge the suggestion; the
/// title shows it whole (or at least the mission it leads to).
#[test]
fn mission_picker_title_names_the_suggested_mission() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        press(&mut s, Command::Escalate);
        let screen = draw(&s);
        assert!(
            screen.contains("→ KBRI Riyadh)"),
            "{w}x{h}: the title's end is cut:\n{}",
            screen_line(&screen, "Escalate #3")
        );
    }
}

#[test]
fn mission_picker_narrowed_by_typing() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        press(&mut s, Command::Escalate);
        typed(&mut s, "jedd");
        let screen = draw(&s);
        assert!(screen.contains("> jedd▏"), "{screen}");
        let y = line_index(&screen, "jeddah · KJRI Jeddah (Saudi Arabia)");
        assert!(marks(&screen, y).contains('~'), "the best match: {screen}");
        assert!(!screen.contains("riyadh · "), "{screen}");
        assert_snapshot!(format!("mission_picker_jedd_{w}x{h}"), screen);
    }
}

// ---------------------------------------------------------------- form

/// `e` on row #3 (Riyadh), `typed`, Enter.
fn form(width: u16, height: u16, typed_name: &str) -> State {
    let mut s = state(width, height);
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
fn escalation_form() {
    for (w, h) in SIZES {
        let s = form(w, h, "");
        let screen = draw(&s);
        assert!(screen.contains(" ESCALATE  #3 to KBRI Riyadh "), "{screen}");
        let text = flat(&screen);
        assert!(
            text.contains("why: Riyadh (named as where they are) → KBRI Riyadh"),
            "{screen}"
        );
        // P2: an hour from 03:00 UTC.
        assert!(
            screen.contains(" P2  acknowledgement due 04:00 UTC (1 h from now)"),
            "{screen}"
        );
        assert!(
            screen.contains(" to: e-mail desk@kbri-riyadh.test"),
            "{screen}"
        );
        assert!(screen.contains(" Summary "), "{screen}");
        assert!(screen.contains(" Note for the mission "), "{screen}");
        assert!(
            text.contains("labour — @Kemlu_RI min tlg adik sy di Riyadh"),
            "{screen}"
        );
        let hints = screen.lines().nth(usize::from(h) - 1).unwrap();
        assert!(hints.contains("send"), "{hints}");
        assert_snapshot!(format!("escalate_form_{w}x{h}"), screen);
    }
}

/// Every line of the form's head is shown whole: the last one (what the
/// packet carries) is not pushed out of its five rows by wrapping.
#[test]
fn escalation_form_head_fits_80_columns() {
    let s = form(80, 24, "");
    let screen = draw(&s);
    let text = flat(&screen);
    assert!(text.contains("(personal data marked)"), "{screen}");
}

#[test]
fn escalation_form_severity_and_note() {
    for (w, h) in SIZES {
        let mut s = form(w, h, "");
        press(&mut s, Command::Severity);
        press(&mut s, Command::Severity);
        press(&mut s, Command::Severity);
        press(&mut s, Command::NextField);
        type_in_form(&mut s, "majikan mengancam; tolong segera");
        let screen = draw(&s);
        // P1: fifteen minutes.
        assert!(
            screen.contains(" P1  acknowledgement due 03:15 UTC (15 min from now)"),
            "{screen}"
        );
        let y = line_index(&screen, "acknowledgement due");
        assert!(marks(&screen, y).contains("!!!!"), "P1 is red: {screen}");
        assert!(
            screen.contains("majikan mengancam; tolong segera"),
            "{screen}"
        );
        assert_snapshot!(format!("escalate_form_p1_note_{w}x{h}"), screen);
    }
}

#[test]
fn escalation_form_that_cannot_deliver() {
    for (w, h) in SIZES {
        let s = form(w, h, "tawau");
        let screen = draw(&s);
        assert!(screen.contains(" ESCALATE  #3 to KRI Tawau "), "{screen}");
        let text = flat(&screen);
        assert!(
            text.contains("why: chosen by siti (suggested: Riyadh"),
            "{screen}"
        );
        let y = line_index(
            &screen,
            " cannot deliver: KRI Tawau has no e-mail or webhook",
        );
        let red = marks(&screen, y);
        assert!(red.contains("!!!!!!!!!!"), "red: {red}\n{screen}");
        assert_snapshot!(format!("escalate_form_undeliverable_{w}x{h}"), screen);
    }
}

/// KRI Tawau has no contact: the officer phones and records who answered.
#[test]
fn escalation_form_made_by_phone() {
    for (w, h) in SIZES {
        let mut s = form(w, h, "tawau");
        press(&mut s, Command::Via);
        type_in_form(&mut s, "Pak Hendra, piket");
        let screen = draw(&s);
        let text = flat(&screen);
        assert!(
            text.contains("made by you by phone, reached: Pak Hendra, piket (nothing is sent)"),
            "{screen}"
        );
        assert!(!text.contains("cannot deliver"), "{screen}");
        assert!(
            screen.contains(" Reached at the mission (name) "),
            "{screen}"
        );
        assert_snapshot!(format!("escalate_form_by_phone_{w}x{h}"), screen);
    }
}

/// The refusal says what to configure; it is the only place it does
/// before a Send, so it must be whole on screen, also when the reason
/// above it wraps (#4 names Sihanoukville: "chosen by siti (suggested:
/// Sihanoukville (named as where they are) → KBRI Phnom Penh)" is longer
/// than 80 columns).
#[test]
fn escalation_form_says_what_to_configure_at_80_columns() {
    for id in [3, 4] {
        let mut s = state(80, 24);
        select(&mut s, id);
        press(&mut s, Command::Escalate);
        typed(&mut s, "tawau");
        update(&mut s, Action::Text(TextKey::Enter));
        assert!(matches!(s.mode, Mode::Escalate { .. }), "#{id}");
        let screen = draw(&s);
        assert!(
            flat(&screen).contains("set [missions.tawau] email = \"...\" in your config"),
            "#{id}:\n{screen}"
        );
    }
}

#[test]
fn escalation_form_recording() {
    for (w, h) in SIZES {
        let mut s = form(w, h, "");
        press(&mut s, Command::Send);
        let screen = draw(&s);
        assert!(screen.contains(" recording…"), "{screen}");
        assert!(
            status_bar(&s, &screen).contains("recording the escalation…"),
            "{screen}"
        );
        assert_snapshot!(format!("escalate_form_recording_{w}x{h}"), screen);
    }
}

// ----------------------------------------------------- queue, detail

fn history(inq: &Inquiry) -> Vec<Event> {
    vec![
        Event {
            seq: 0,
            at: inq.created_at,
            officer: "siaga".into(),
            what: "received".into(),
            before: None,
            after: Some("demo".into()),
            link: None,
            sealed: None,
            content: None,
        },
        Event {
            seq: 1,
            at: common::now() - SignedDuration::from_mins(40),
            officer: "siti".into(),
            what: "escalation".into(),
            before: None,
            after: Some("e1 to KBRI Riyadh (P2)".into()),
            link: None,
            sealed: None,
            content: None,
        },
    ]
}

/// `inq` escalated to KBRI Riyadh as `id` by `officer` `minutes_ago` at
/// `severity`; its e-mail in `delivery`.
fn escalation(
    inq: &Inquiry,
    id: u64,
    officer: &str,
    severity: Priority,
    minutes_ago: i64,
    delivery: DeliveryState,
) -> Escalation {
    let options = options();
    let setup = &options.escalation;
    let at = common::now() - SignedDuration::from_mins(minutes_ago);
    let request = Request {
        mission: "riyadh".into(),
        reason: "Riyadh (named as where they are) → KBRI Riyadh".into(),
        severity,
        summary: "labour — 5 months unpaid, passport held by the employer".into(),
        note: String::new(),
        made: None,
    };
    let mut e = siaga::escalate::packet::build(
        inq,
        &history(inq),
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

/// Rows #3 (sent, awaiting acknowledgement), #7 (acknowledged) and #11
/// (overdue) escalated to KBRI Riyadh.
fn escalated_queue(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    let edit = |s: &mut State, id: u64, e: &Escalation| {
        let row = s.rows.iter_mut().find(|r| r.id == InquiryId(id)).unwrap();
        row.escalations = vec![EscalationBrief::of(e)];
        row.status = Status::Escalated;
    };
    let row = |s: &State, id: u64| {
        s.rows
            .iter()
            .find(|r| r.id == InquiryId(id))
            .unwrap()
            .clone()
    };
    let pending = escalation(
        &row(&s, 3),
        1,
        "siti",
        Priority::P2,
        40,
        DeliveryState::Sent,
    );
    edit(&mut s, 3, &pending);
    let mut acked = escalation(
        &row(&s, 7),
        2,
        "budi",
        Priority::P2,
        90,
        DeliveryState::Sent,
    );
    acked.ack = Some(Ack {
        by: "Rina".into(),
        how: "by phone".into(),
        recorded_by: "budi".into(),
        at: common::now() - SignedDuration::from_mins(70),
    });
    edit(&mut s, 7, &acked);
    let mut overdue = escalation(
        &row(&s, 11),
        3,
        "siti",
        Priority::P2,
        75,
        DeliveryState::Sent,
    );
    overdue.overdue_at = Some(overdue.deadline);
    edit(&mut s, 11, &overdue);
    select(&mut s, 3);
    s
}

#[test]
fn queue_with_escalations() {
    for (w, h) in SIZES {
        let s = escalated_queue(w, h);
        let screen = draw(&s);
        // Made 40 minutes ago at P2: acknowledgement due 03:20 UTC.
        let pending = screen_line(&screen, "warga_3 ");
        assert!(
            pending.contains("[⇢KBRI Riyadh sent · ack 03:20]"),
            "{pending}\n{screen}"
        );
        let acked = screen_line(&screen, "warga_7 ");
        assert!(acked.contains("[⇢KBRI Riyadh acked]"), "{acked}");
        let overdue = screen_line(&screen, "warga_11 ");
        assert!(overdue.contains("[⇢KBRI Riyadh OVERDUE]"), "{overdue}");
        assert_eq!(
            marks_under(&screen, "[⇢KBRI Riyadh OVERDUE]"),
            "!".repeat("[⇢KBRI Riyadh OVERDUE]".chars().count()),
            "OVERDUE in red:\n{screen}"
        );
        assert!(
            !marks_under(&screen, "[⇢KBRI Riyadh acked]").contains('!'),
            "{screen}"
        );
        assert_snapshot!(format!("queue_escalations_{w}x{h}"), screen);
    }
}

/// Row #3 open with two escalations to KBRI Riyadh: e1 (siti, 40 minutes
/// ago, P2) e-mailed and acknowledged by Rina by phone; e2 (budi, 20
/// minutes ago, P1) whose e-mail failed and whose webhook is retrying,
/// now overdue.
fn detail_with_escalations(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    select(&mut s, 3);
    let inq = s.rows[s.selected].clone();
    let mut first = escalation(&inq, 1, "siti", Priority::P2, 40, DeliveryState::Sent);
    first.ack = Some(Ack {
        by: "Rina".into(),
        how: "by phone".into(),
        recorded_by: "siti".into(),
        at: common::now() - SignedDuration::from_mins(25),
    });
    let mut second = escalation(&inq, 2, "budi", Priority::P1, 20, DeliveryState::Failed);
    second.deliveries[0].attempts = 10;
    second.deliveries[0].last_error = Some("550 5.1.1 mailbox unavailable".into());
    let mut hook = Delivery::new(
        Route::Webhook,
        "https://desk.kbri-riyadh.test/siaga",
        Purpose::Mission,
    );
    hook.state = DeliveryState::Unknown;
    hook.attempts = 3;
    hook.last_error = Some("timed out after 15 s".into());
    second.deliveries.push(hook);
    second.overdue_at = Some(second.deadline);
    let escalations = vec![first, second];
    let mut inquiry = inq.clone();
    inquiry.escalations = escalations.iter().map(EscalationBrief::of).collect();
    inquiry.status = Status::Escalated;
    s.rows[s.selected] = inquiry.clone();
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            history: history(&inquiry),
            inquiry,
            replies: Vec::new(),
            rules: PlatformRules::x(),
            escalations,
            same_author_open: Vec::new(),
        })),
    );
    s.mode = Mode::Detail;
    s
}

#[test]
fn detail_with_an_escalation() {
    for (w, h) in SIZES {
        let s = detail_with_escalations(w, h);
        let screen = draw(&s);
        let text = detail_text(&screen);
        assert!(screen.contains("Escalations"), "{screen}");
        assert!(
            text.contains(
                "e1 KBRI Riyadh P2 by siti 40m ago · acknowledged by Rina (by phone) 25m ago"
            ),
            "{screen}"
        );
        assert!(
            text.contains("e-mail sent → desk@kbri-riyadh.test"),
            "{screen}"
        );
        // Made 20 minutes ago at P1: due 02:55 UTC.
        assert!(
            text.contains("e2 KBRI Riyadh P1 by budi 20m ago · OVERDUE since 02:55"),
            "{screen}"
        );
        assert!(
            text.contains("e-mail failed → desk@kbri-riyadh.test: 550 5.1.1 mailbox unavailable"),
            "{screen}"
        );
        assert!(
            text.contains("webhook unknown → https://desk.kbri-riyadh.test/siaga"),
            "{screen}"
        );
        let y = line_index(&screen, "e2 KBRI Riyadh");
        assert!(
            marks(&screen, y).contains("!!!!"),
            "overdue is red:\n{screen}"
        );
        assert_snapshot!(format!("detail_escalations_{w}x{h}"), screen);
    }
}

#[test]
fn acknowledgement_input() {
    for (w, h) in SIZES {
        let mut s = escalated_queue(w, h);
        press(&mut s, Command::Acknowledge);
        typed(&mut s, "Rina, by phone");
        let screen = draw(&s);
        assert!(
            screen.contains("Acknowledged by whom, and how? (e.g. Rina, by phone)"),
            "{screen}"
        );
        assert!(screen.contains("Rina, by phone▏"), "{screen}");
        assert_snapshot!(format!("ack_input_{w}x{h}"), screen);
    }
}

#[test]
fn status_bar_when_an_escalation_is_overdue() {
    for (w, h) in SIZES {
        let mut s = escalated_queue(w, h);
        // #3's P2 escalation, made 40 minutes ago, is due at 03:20; #11's
        // was due at 02:45.
        update(
            &mut s,
            Action::Tick(common::now() + SignedDuration::from_mins(21)),
        );
        let screen = draw(&s);
        let bar = status_bar(&s, &screen);
        assert!(
            bar.contains("2 escalations are OVERDUE: not acknowledged in time"),
            "{bar}"
        );
        let row = screen_line(&screen, "warga_3 ");
        assert!(row.contains("[⇢KBRI Riyadh OVERDUE]"), "{row}");
        assert_snapshot!(format!("status_escalation_overdue_{w}x{h}"), screen);
    }
}
