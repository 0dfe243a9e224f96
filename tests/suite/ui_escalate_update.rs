//! Escalating in `update`, as tables: (state, actions) -> (state, effects).
//! `e` opens the mission picker with the routing suggestion first; a pick
//! opens the escalation form (severity, summary, note); sending records it
//! through `Effect::Escalate` and the store's answer; `A` records the
//! mission's acknowledgement; the courier's news and the clock ring the
//! bell, once, for an overdue escalation. No terminal, no store. Officer
//! siti.
//!
//! Times of day in messages are compared through `view::clock_zoned`, so these
//! tests hold in any time zone.

use crate::common;

use common::ui::{
    chars, checked, cmd, key, labels, message, picker, queue_state, run, terminal_keys,
};

use jiff::{SignedDuration, Timestamp};
use siaga::config::Config;
use siaga::escalate::packet::Request;
use siaga::escalate::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Purpose, Route,
};
use siaga::model::{Draft, DraftBody, DraftKind, Event, FollowUp, Inquiry, InquiryId, Priority};
use siaga::queue::{InquiryDetail, QueueEvent};
use siaga::reply::PlatformRules;
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::escalate::{EscalateForm, Field};
use siaga::ui::overlay::{InputPurpose, Overlay, PickerKind};
use siaga::ui::view::clock_zoned as clock;
use siaga::ui::{Action, Command, Effect, Mode, State, update};

const OFFICER: &str = "siti";

/// The built-in directory, no contacts anywhere (not even the default
/// desk's): nothing can be delivered.
fn options() -> UiOptions {
    UiOptions::from_config(&Config::defaults(), OFFICER, false, false)
}

/// KBRI Riyadh has a duty desk e-mail; nobody else has a contact.
fn riyadh_options() -> UiOptions {
    let config = Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n",
        "t.toml",
    )
    .expect("a valid config");
    UiOptions::from_config(&config, OFFICER, false, false)
}

/// The queue with one public P2 `labour` inquiry, #1 from @warga_1,
/// saying `text`.
fn one_of(options: &UiOptions, text: &str) -> State {
    let mut s = queue_state(options, 0);
    s.rows = vec![common::inquiry(1, Priority::P2, 30, "warga_1", text)];
    s
}

/// No contacts configured.
fn one(text: &str) -> State {
    one_of(&options(), text)
}

/// KBRI Riyadh reachable by e-mail.
fn deliverable(text: &str) -> State {
    one_of(&riyadh_options(), text)
}

const RIYADH: &str = "my sister is a maid in Riyadh, 5 months not paid";
const TAWAU: &str = "adik sy ditahan di Tawau";
const MYAWADDY: &str = "dibawa ke Myawaddy";
const NOWHERE: &str = "tolong bantu saya, paspor saya ditahan";

/// Keys for the form's focused field, as the app makes them from the
/// terminal's.
fn typing(text: &str) -> Vec<Action> {
    terminal_keys(text, Action::EscalateInput)
}

/// `e`, part of a mission's name, Enter.
fn pick(s: &mut State, name: &str) -> Vec<Effect> {
    let mut actions = vec![cmd(Command::Escalate)];
    actions.extend(chars(name));
    actions.push(key(TextKey::Enter));
    run(s, actions)
}

/// The form for the selected row (or the open detail), with the mission
/// that `name` matches.
fn escalating(s: &mut State, name: &str) {
    pick(s, name);
    assert!(
        matches!(s.mode, Mode::Escalate { .. }),
        "{name}: not escalating ({:?})",
        s.overlay
    );
}

fn form(s: &State) -> &EscalateForm {
    s.escalate.as_deref().expect("an escalation form")
}

fn summary(s: &State) -> String {
    form(s).summary.lines().join("\n")
}

fn note(s: &State) -> String {
    form(s).note.lines().join("\n")
}

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
            at: common::now() - SignedDuration::from_mins(5),
            officer: "budi".into(),
            what: "tag".into(),
            before: None,
            after: Some("urgent-call".into()),
            link: None,
            sealed: None,
            content: None,
        },
    ]
}

fn detail(inq: &Inquiry, escalations: Vec<Escalation>) -> InquiryDetail {
    let mut inquiry = inq.clone();
    inquiry.escalations = escalations.iter().map(EscalationBrief::of).collect();
    InquiryDetail {
        inquiry,
        history: history(inq),
        replies: Vec::new(),
        rules: PlatformRules::x(),
        escalations,
        same_author_open: Vec::new(),
    }
}

/// The detail of the selected row loaded (with `history`), and open.
fn in_detail(s: &mut State, escalations: Vec<Escalation>) {
    loaded(s, escalations);
    s.mode = Mode::Detail;
}

/// The detail of the selected row loaded, the mode left as it is.
fn loaded(s: &mut State, escalations: Vec<Escalation>) {
    let inq = s.selected_inquiry().expect("a row").clone();
    update(s, Action::DetailLoaded(Box::new(detail(&inq, escalations))));
}

/// A recorded escalation of `inq` to KBRI Riyadh, numbered `id`, made by
/// `officer` `minutes_ago` at `severity`; its e-mail pending.
fn escalation(
    inq: &Inquiry,
    id: u64,
    officer: &str,
    severity: Priority,
    minutes_ago: i64,
) -> Escalation {
    let options = riyadh_options();
    let setup = &options.escalation;
    let at = common::now() - SignedDuration::from_mins(minutes_ago);
    let request = Request {
        mission: "riyadh".into(),
        reason: "Riyadh (named as where they are) → KBRI Riyadh".into(),
        severity,
        summary: format!("labour — unpaid 5 months (#{})", inq.id),
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
    for (n, d) in e.deliveries.iter_mut().enumerate() {
        d.message_id = format!("siaga.e{id}.d{n}.i{}@test", inq.id);
    }
    e
}

fn acked(mut e: Escalation, by: &str, how: &str) -> Escalation {
    e.ack = Some(Ack {
        by: by.into(),
        how: how.into(),
        recorded_by: OFFICER.into(),
        at: common::now() - SignedDuration::from_mins(1),
    });
    e
}

fn bells(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| **e == Effect::Bell).count()
}

fn news(e: &Escalation) -> Action {
    Action::Queue(QueueEvent::Escalation {
        escalation: Box::new(e.clone()),
    })
}

// -------------------------------------------------------------- picker

#[test]
fn e_offers_the_mission_of_the_place_named_first_and_checked() {
    // (text, the suggested mission's label, the reason in the title)
    let table = [
        (
            TAWAU,
            "tawau · KRI Tawau (Malaysia)",
            "Tawau (named as where they are) → KRI Tawau",
        ),
        (
            RIYADH,
            "riyadh · KBRI Riyadh (Saudi Arabia)",
            "Riyadh (named as where they are) → KBRI Riyadh",
        ),
        (
            MYAWADDY,
            "yangon · KBRI Yangon (Myanmar)",
            "Myawaddy (named as where they are) → KBRI Yangon",
        ),
    ];
    for (text, first, reason) in table {
        let mut s = one(text);
        let effects = update(&mut s, cmd(Command::Escalate));
        assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))], "{text}");
        let p = picker(&s);
        assert_eq!(p.kind, PickerKind::Mission, "{text}");
        assert_eq!(p.items[0].label, first, "{text}");
        assert_eq!(checked(p), vec![first.to_string()], "{text}: only it");
        assert_eq!(p.title, format!("Escalate #1 to (✓ {reason})"), "{text}");
        assert_eq!(p.targets.len(), 1, "{text}");
        assert_eq!(p.targets[0].0, InquiryId(1), "{text}");
        assert!(!p.allow_new, "{text}: only missions can be picked");
        assert_eq!(
            labels(p).iter().filter(|l| **l == first).count(),
            1,
            "{text}: the suggestion is not listed twice"
        );
        assert_eq!(s.mode, Mode::Queue, "{text}");
    }
}

#[test]
fn a_follow_up_naming_the_place_is_heard_too() {
    let mut s = one(NOWHERE);
    s.rows[0].followups.push(FollowUp {
        external_id: "18610000000000099".into(),
        text: "skrg sy di Tawau".into(),
        created_at: common::now(),
        received_at: common::now(),
    });
    update(&mut s, cmd(Command::Escalate));
    let p = picker(&s);
    assert_eq!(
        checked(p),
        vec!["tawau · KRI Tawau (Malaysia)".to_string()],
        "{}",
        p.title
    );
}

#[test]
fn no_place_named_checks_nothing_and_the_title_says_so() {
    let mut s = one(NOWHERE);
    let effects = update(&mut s, cmd(Command::Escalate));
    assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))]);
    let p = picker(&s);
    assert!(checked(p).is_empty(), "{:?}", checked(p));
    assert_eq!(p.title, "Escalate #1 to (no place named; pick a mission)");
    // Every mission that takes cases, by country then city.
    let setup = s.escalation.clone().unwrap();
    let takes = setup
        .missions
        .iter()
        .filter(|(_, m)| m.takes_cases())
        .count();
    assert_eq!(p.items.len(), takes);
    let countries: Vec<String> = p
        .items
        .iter()
        .map(|i| {
            let code = i.label.split(" · ").next().unwrap();
            setup.missions.get(code).unwrap().country.clone()
        })
        .collect();
    let mut sorted = countries.clone();
    sorted.sort();
    assert_eq!(countries, sorted, "ordered by country");
}

#[test]
fn missions_to_the_un_and_asean_are_never_offered() {
    for text in [
        NOWHERE,
        RIYADH,
        "PTRI Jenewa, kakak sy di Geneva",
        "di New York, PTRI",
        "sekretariat ASEAN Jakarta",
    ] {
        let mut s = one(text);
        update(&mut s, cmd(Command::Escalate));
        let p = picker(&s);
        let setup = s.escalation.clone().unwrap();
        let offered = setup
            .missions
            .iter()
            .filter(|(_, m)| m.kind != "PTRI")
            .count();
        assert_eq!(labels(p).len(), offered, "{text}: every other mission");
        for label in labels(p) {
            let code = label.split(" · ").next().unwrap();
            let m = setup
                .missions
                .get(code)
                .expect("a mission of the directory");
            assert_ne!(m.kind, "PTRI", "{text}: {label}");
        }
        for code in ["jenewa", "newyork-un", "ptri-asean"] {
            assert!(
                !labels(p)
                    .iter()
                    .any(|l| l.starts_with(&format!("{code} · "))),
                "{text}: {code} offered"
            );
        }
    }
}

#[test]
fn e_escalates_the_selected_row_or_the_open_detail() {
    let mut s = queue_state(&options(), 12);
    s.selected = 3;
    let id = s.rows[3].id;
    assert_eq!(
        update(&mut s, cmd(Command::Escalate)),
        vec![Effect::LoadDetail(id)]
    );
    assert_eq!(picker(&s).targets[0].0, id);
    assert!(picker(&s).title.starts_with(&format!("Escalate #{id} to")));

    let mut s = queue_state(&options(), 12);
    s.selected = 2;
    in_detail(&mut s, Vec::new());
    let open = s.rows[2].id;
    assert_eq!(
        update(&mut s, cmd(Command::Escalate)),
        vec![Effect::LoadDetail(open)]
    );
    assert_eq!(picker(&s).targets[0].0, open);
}

/// In the detail, `n` shows the next inquiry at once (its row, while its
/// detail loads); `e` pressed then escalates the one still in
/// `state.detail`, not the one on screen.
#[test]
fn e_after_next_in_the_detail_escalates_the_inquiry_on_screen() {
    let mut s = queue_state(&options(), 12);
    s.selected = 2;
    in_detail(&mut s, Vec::new());
    let effects = update(&mut s, cmd(Command::Next));
    let shown = s.rows[3].id;
    assert_eq!(effects, vec![Effect::LoadDetail(shown)]);
    assert_eq!(s.selected_inquiry().unwrap().id, shown, "on screen");
    let effects = update(&mut s, cmd(Command::Escalate));
    assert_eq!(picker(&s).targets[0].0, shown, "{}", picker(&s).title);
    assert_eq!(effects, vec![Effect::LoadDetail(shown)]);
}

#[test]
fn e_does_nothing_without_a_row_and_says_so_without_a_directory() {
    let mut s = queue_state(&options(), 0);
    assert!(update(&mut s, cmd(Command::Escalate)).is_empty());
    assert!(s.overlay.is_none());

    let mut s = one(RIYADH);
    s.escalation = None;
    assert!(update(&mut s, cmd(Command::Escalate)).is_empty());
    assert!(s.overlay.is_none());
    assert_eq!(message(&s), "no mission directory is loaded");
}

#[test]
fn esc_closes_the_picker_without_a_form() {
    let mut s = one(RIYADH);
    let effects = run(
        &mut s,
        [
            cmd(Command::Escalate),
            key(TextKey::Char('j')),
            key(TextKey::Esc),
        ],
    );
    assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))]);
    assert!(s.overlay.is_none());
    assert!(s.escalate.is_none());
    assert_eq!(s.mode, Mode::Queue);
}

#[test]
fn a_query_matching_nothing_picks_nothing() {
    let mut s = one(RIYADH);
    let effects = pick(&mut s, "zzzzqq");
    assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))]);
    assert!(s.escalate.is_none());
    assert_eq!(s.mode, Mode::Queue);
    assert!(picker(&s).visible().is_empty(), "still open, empty");
}

// ---------------------------------------------------------------- form

#[test]
fn a_pick_opens_the_form() {
    // (text, typed, mission, its name, the reason)
    let table = [
        (
            RIYADH,
            "",
            "riyadh",
            "KBRI Riyadh",
            "Riyadh (named as where they are) → KBRI Riyadh".to_string(),
        ),
        (
            TAWAU,
            "tawau",
            "tawau",
            "KRI Tawau",
            "Tawau (named as where they are) → KRI Tawau".to_string(),
        ),
        (
            MYAWADDY,
            "",
            "yangon",
            "KBRI Yangon",
            "Myawaddy (named as where they are) → KBRI Yangon".to_string(),
        ),
        (
            RIYADH,
            "jeddah",
            "jeddah",
            "KJRI Jeddah",
            "chosen by siti (suggested: Riyadh (named as where they are) → KBRI Riyadh)"
                .to_string(),
        ),
        (
            NOWHERE,
            "kuala lumpur",
            "kualalumpur",
            "KBRI Kuala Lumpur",
            "chosen by siti (no place named)".to_string(),
        ),
    ];
    for (text, typed, mission, name, reason) in table {
        let mut s = one(text);
        let effects = pick(&mut s, typed);
        assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))], "{typed}");
        assert!(s.overlay.is_none(), "{typed}: picker closed");
        assert_eq!(s.mode, Mode::Escalate { from_detail: false }, "{typed}");
        let f = form(&s);
        assert_eq!(f.id(), InquiryId(1));
        assert_eq!(f.mission, mission, "{typed}");
        assert_eq!(f.mission_name, name, "{typed}");
        assert_eq!(f.reason, reason, "{typed}");
        assert_eq!(f.severity, Priority::P2, "{typed}: the inquiry's priority");
        assert_eq!(summary(&s), format!("labour — {text}"), "{typed}");
        assert_eq!(note(&s), "", "{typed}");
        assert_eq!(f.focus, Field::Summary, "{typed}");
        assert!(!f.sending, "{typed}");
    }
}

#[test]
fn the_form_starts_at_the_inquiry_s_priority_with_its_first_line() {
    for p in Priority::ALL {
        let mut s = one("\n  \nadik sy ditahan di Tawau\nmohon bantuan");
        s.rows[0].priority = p;
        s.rows[0].category = "detention".into();
        escalating(&mut s, "");
        assert_eq!(form(&s).severity, p);
        assert_eq!(summary(&s), "detention — adik sy ditahan di Tawau");
    }
}

#[test]
fn a_pick_from_the_detail_returns_to_the_detail() {
    let mut s = one(RIYADH);
    in_detail(&mut s, Vec::new());
    escalating(&mut s, "");
    assert_eq!(s.mode, Mode::Escalate { from_detail: true });
    assert_eq!(form(&s).history, history(&s.rows[0]));
    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Detail);
}

#[test]
fn esc_on_a_typed_summary_or_note_asks_first() {
    // Nothing typed: one Esc leaves.
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Queue);
    assert_eq!(message(&s), "escalation not sent");

    let mut s = one(RIYADH);
    escalating(&mut s, "");
    run(&mut s, typing(" majikan menahan paspor"));
    update(&mut s, cmd(Command::Back));
    assert!(
        matches!(s.mode, Mode::Escalate { .. }),
        "one Esc keeps the form"
    );
    assert_eq!(
        message(&s),
        "Esc again discards the summary and note you typed"
    );
    assert!(summary(&s).ends_with("majikan menahan paspor"), "text kept");
    // Anything in between disarms it.
    update(&mut s, cmd(Command::NextField));
    update(&mut s, cmd(Command::Back));
    assert!(matches!(s.mode, Mode::Escalate { .. }));
    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Queue);
    assert_eq!(message(&s), "escalation not sent");
}

#[test]
fn quit_with_a_typed_escalation_keeps_its_draft_and_asks_first() {
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    run(&mut s, typing("x"));
    let body = form(&s).draft();
    assert_eq!(
        update(&mut s, cmd(Command::Quit)),
        vec![Effect::SaveDraft {
            inquiry: InquiryId(1),
            body
        }]
    );
    assert_eq!(
        message(&s),
        "your escalation of #1 is not sent; its draft is kept: C-c again quits, Esc goes back to it"
    );
    assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
}

#[test]
fn severity_cycles_p1_to_p4_and_round() {
    // (the inquiry's priority, after each press)
    let table = [
        (
            Priority::P1,
            [Priority::P2, Priority::P3, Priority::P4, Priority::P1],
        ),
        (
            Priority::P2,
            [Priority::P3, Priority::P4, Priority::P1, Priority::P2],
        ),
        (
            Priority::P4,
            [Priority::P1, Priority::P2, Priority::P3, Priority::P4],
        ),
    ];
    for (start, after) in table {
        let mut s = one(RIYADH);
        s.rows[0].priority = start;
        escalating(&mut s, "");
        assert_eq!(form(&s).severity, start);
        for (i, want) in after.into_iter().enumerate() {
            assert!(update(&mut s, cmd(Command::Severity)).is_empty());
            assert_eq!(form(&s).severity, want, "{start} press {i}");
        }
        assert_eq!(s.rows[0].priority, start, "the inquiry keeps its own");
    }
}

#[test]
fn typing_goes_to_the_focused_field_only() {
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    let start = summary(&s);
    run(&mut s, typing(" (urgent)"));
    assert_eq!(summary(&s), format!("{start} (urgent)"));
    assert_eq!(note(&s), "");

    assert!(update(&mut s, cmd(Command::NextField)).is_empty());
    assert_eq!(form(&s).focus, Field::Note);
    run(&mut s, typing("called her, no answer"));
    assert_eq!(note(&s), "called her, no answer");
    assert_eq!(summary(&s), format!("{start} (urgent)"), "untouched");

    update(&mut s, cmd(Command::NextField));
    assert_eq!(form(&s).focus, Field::Summary);
    run(&mut s, typing("!"));
    assert_eq!(summary(&s), format!("{start} (urgent)!"));
    assert_eq!(note(&s), "called her, no answer");
}

#[test]
fn keys_outside_the_form_do_nothing() {
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    for c in [
        Command::Down,
        Command::Open,
        Command::Claim,
        Command::Reply,
        Command::Escalate,
        Command::Acknowledge,
    ] {
        assert!(update(&mut s, cmd(c)).is_empty(), "{c:?}");
        assert!(matches!(s.mode, Mode::Escalate { .. }), "{c:?}");
        assert!(s.overlay.is_none(), "{c:?}");
    }
    // Typing while nothing is open is dropped.
    let mut s = one(RIYADH);
    assert!(run(&mut s, typing("x")).is_empty());
    assert!(s.escalate.is_none());
}

// ---------------------------------------------------------------- send

#[test]
fn a_call_made_by_hand_is_recorded_without_any_contact_configured() {
    use siaga::model::escalation::{MadeContact, Route};
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    // C-o: phone; the keys go to who was reached.
    assert!(update(&mut s, cmd(Command::Via)).is_empty());
    assert_eq!(form(&s).via, Some(Route::Phone));
    assert_eq!(form(&s).focus, Field::Reached);
    // Without a name it is refused, and says so.
    assert!(update(&mut s, cmd(Command::Send)).is_empty());
    assert_eq!(
        message(&s),
        "not escalated: name the person you reached at the mission"
    );
    run(&mut s, typing("Bu Rina (piket KBRI)"));
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        request.made,
        Some(MadeContact {
            via: Route::Phone,
            reached: "Bu Rina (piket KBRI)".into()
        })
    );
    assert_eq!(request.mission, "riyadh");
}

#[test]
fn c_o_cycles_sent_phone_whatsapp_and_tab_visits_who_was_reached() {
    use siaga::model::escalation::Route;
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    let mut seen = Vec::new();
    for _ in 0..3 {
        update(&mut s, cmd(Command::Via));
        seen.push(form(&s).via);
    }
    assert_eq!(seen, [Some(Route::Phone), Some(Route::WhatsApp), None]);
    assert_eq!(
        form(&s).focus,
        Field::Summary,
        "back to sending: off the name"
    );
    // Sent by siaga: Tab goes summary, note, summary.
    update(&mut s, cmd(Command::NextField));
    update(&mut s, cmd(Command::NextField));
    assert_eq!(form(&s).focus, Field::Summary);
    // Made by hand: summary, note, reached.
    update(&mut s, cmd(Command::Via));
    update(&mut s, cmd(Command::NextField));
    assert_eq!(form(&s).focus, Field::Summary);
    update(&mut s, cmd(Command::NextField));
    update(&mut s, cmd(Command::NextField));
    assert_eq!(form(&s).focus, Field::Reached);
    // Sent by siaga, the request carries no made contact.
    update(&mut s, cmd(Command::Via));
    update(&mut s, cmd(Command::Via));
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(request.made, None);
}

#[test]
fn send_without_any_contact_is_refused_and_says_what_to_configure() {
    let mut s = one(RIYADH);
    escalating(&mut s, "");
    let effects = update(&mut s, cmd(Command::Send));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        message(&s),
        "not escalated: KBRI Riyadh has no e-mail or webhook, nor has the default desk \
         `pwni`; set [missions.riyadh] email = \"...\" in your config, or record a call or \
         WhatsApp you made (--via phone --reached NAME; phoned/WA in the form)"
    );
    assert!(!form(&s).sending);
    assert_eq!(s.mode, Mode::Escalate { from_detail: false });
    assert_eq!(
        form(&s).recipients(),
        Err(message(&s)["not escalated: ".len()..].into())
    );
}

#[test]
fn send_without_a_summary_is_refused() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    form_clear_summary(&mut s);
    let effects = update(&mut s, cmd(Command::Send));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(message(&s), "not escalated: an escalation needs a summary");
    assert!(!form(&s).sending);
}

fn form_clear_summary(s: &mut State) {
    let f = s.escalate.as_mut().unwrap();
    f.summary.select_all();
    f.summary.cut();
    assert_eq!(summary(s), "");
}

#[test]
fn send_hands_the_store_the_whole_escalation() {
    // (severity presses, severity, time to acknowledge)
    let table = [
        (0, Priority::P2, SignedDuration::from_hours(1)),
        (1, Priority::P3, SignedDuration::from_hours(4)),
        (2, Priority::P4, SignedDuration::from_hours(24)),
        (3, Priority::P1, SignedDuration::from_mins(15)),
    ];
    for (presses, severity, window) in table {
        let mut s = deliverable(RIYADH);
        s.rows[0].tags = vec!["urgent-call".into()];
        let inq = s.rows[0].clone();
        loaded(&mut s, Vec::new());
        escalating(&mut s, "");
        for _ in 0..presses {
            update(&mut s, cmd(Command::Severity));
        }
        run(&mut s, typing(" (paspor ditahan)"));
        update(&mut s, cmd(Command::NextField));
        run(&mut s, typing("majikan di Riyadh"));
        let effects = update(&mut s, cmd(Command::Send));
        let [Effect::Escalate(request)] = effects.as_slice() else {
            panic!("{severity}: {effects:?}");
        };
        let draft = common::ui::desk_escalation(&s, request, OFFICER);
        let label = format!("{severity}");
        assert_eq!(draft.id, EscalationId(0), "{label}: the store numbers it");
        assert_eq!(draft.inquiry, InquiryId(1), "{label}");
        assert_eq!(draft.officer, OFFICER, "{label}");
        assert_eq!(draft.created_at, common::now(), "{label}");
        assert_eq!(draft.mission, "riyadh", "{label}");
        assert_eq!(draft.mission_name, "KBRI Riyadh", "{label}");
        assert_eq!(
            draft.reason, "Riyadh (named as where they are) → KBRI Riyadh",
            "{label}"
        );
        assert_eq!(draft.severity, severity, "{label}");
        assert_eq!(
            draft.summary,
            format!("labour — {RIYADH} (paspor ditahan)"),
            "{label}"
        );
        assert_eq!(draft.note, "majikan di Riyadh", "{label}");
        assert_eq!(draft.deadline, common::now() + window, "{label}");
        assert_eq!(
            draft.deliveries,
            vec![Delivery::new(
                Route::Email,
                "desk@kbri-riyadh.test",
                Purpose::Mission
            )],
            "{label}"
        );
        assert!(draft.ack.is_none() && draft.overdue_at.is_none(), "{label}");
        let p = &draft.packet;
        assert_eq!(p.case_ref, "SIAGA-1", "{label}");
        assert_eq!(p.inquiry, InquiryId(1), "{label}");
        assert_eq!(p.text.value, vec![RIYADH.to_string()], "{label}");
        assert!(p.text.personal_data && p.author.personal_data, "{label}");
        assert_eq!(p.author.value.handle, "warga_1", "{label}");
        assert_eq!(p.category, "labour", "{label}");
        assert_eq!(p.priority, Priority::P2, "{label}: the inquiry's own");
        assert_eq!(p.tags, vec!["urgent-call".to_string()], "{label}");
        assert_eq!(p.history.len(), 2, "{label}: from the loaded detail");
        assert_eq!(p.history[1].officer, "budi", "{label}");
        assert_eq!(p.history[1].after.as_deref(), Some("urgent-call"));
        let link = p.link.as_deref().unwrap_or_default();
        assert!(link.contains(&inq.external_id), "{label}: {link}");

        let f = form(&s);
        assert!(f.sending, "{label}");
        assert_eq!(message(&s), "recording the escalation…", "{label}");
        assert_eq!(s.mode, Mode::Escalate { from_detail: false });
    }
}

#[test]
fn a_mission_without_contacts_goes_to_the_default_desk() {
    let config = Config::from_user_text("[missions.pwni]\nemail = \"pwni@kemlu.test\"\n", "t.toml")
        .expect("a valid config");
    let mut s = one_of(
        &UiOptions::from_config(&config, OFFICER, false, false),
        TAWAU,
    );
    escalating(&mut s, "");
    assert_eq!(
        form(&s).recipients(),
        Ok(vec!["e-mail pwni@kemlu.test".to_string()])
    );
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_escalation(&s, request, OFFICER);
    assert_eq!(draft.mission, "tawau");
    assert_eq!(
        draft.deliveries,
        vec![Delivery::new(
            Route::Email,
            "pwni@kemlu.test",
            Purpose::DefaultDesk
        )]
    );
}

/// The officer picks fast: `e`, Enter, before the detail (and so the
/// history) has loaded. The history that arrives next must still go out
/// in the packet.
#[test]
fn the_history_loaded_after_the_pick_goes_in_the_packet() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    loaded(&mut s, Vec::new());
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_escalation(&s, request, OFFICER);
    assert_eq!(
        draft.packet.history.len(),
        2,
        "the packet's history: {:?}",
        draft.packet.history
    );
}

#[test]
fn while_recording_the_form_holds_still() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    assert_eq!(update(&mut s, cmd(Command::Send)).len(), 1);
    let before = summary(&s);
    assert!(
        update(&mut s, cmd(Command::Send)).is_empty(),
        "no second send"
    );
    assert!(run(&mut s, typing("x")).is_empty());
    assert_eq!(summary(&s), before, "typing is dropped");
    assert!(update(&mut s, cmd(Command::Back)).is_empty());
    assert_eq!(
        s.mode,
        Mode::Escalate { from_detail: false },
        "Esc cannot leave"
    );
    assert_eq!(
        message(&s),
        "the escalation is being recorded and will be delivered"
    );
    assert!(form(&s).sending);
}

/// Send, and the draft the store was handed, numbered `id`.
fn sent(s: &mut State, id: u64) -> Box<Escalation> {
    let effects = update(s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_escalation(s, request, OFFICER);
    let mut e = draft.clone();
    e.id = EscalationId(id);
    e
}

#[test]
fn recorded_leaves_the_form_naming_the_mission_and_the_deadline() {
    for from_detail in [false, true] {
        let mut s = deliverable(RIYADH);
        if from_detail {
            in_detail(&mut s, Vec::new());
        }
        escalating(&mut s, "");
        let e = sent(&mut s, 4);
        let deadline = e.deadline;
        assert!(update(&mut s, Action::Escalated(Ok(e))).is_empty());
        let back = if from_detail {
            Mode::Detail
        } else {
            Mode::Queue
        };
        assert_eq!(s.mode, back, "from detail {from_detail}");
        assert!(s.escalate.is_none());
        assert_eq!(
            message(&s),
            format!(
                "e4 to KBRI Riyadh recorded; delivering. Acknowledgement due {}",
                clock(deadline)
            )
        );
        assert_eq!(deadline, common::now() + SignedDuration::from_hours(1));
    }
}

#[test]
fn a_refusal_keeps_the_form_and_says_why() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    run(&mut s, typing(" 2x"));
    sent(&mut s, 4);
    let effects = update(
        &mut s,
        Action::Escalated(Err("the store is busy; try again".into())),
    );
    assert!(effects.is_empty());
    assert_eq!(s.mode, Mode::Escalate { from_detail: false });
    assert!(!form(&s).sending, "can be sent again");
    assert!(summary(&s).ends_with(" 2x"), "nothing typed is lost");
    assert_eq!(message(&s), "not escalated: the store is busy; try again");
    // And sent again.
    assert_eq!(update(&mut s, cmd(Command::Send)).len(), 1);
}

/// The store's answer that comes after the officer left the form must
/// not move them, nor close another form.
#[test]
fn a_late_answer_leaves_the_officer_where_they_are() {
    // Refused, left, opened the detail; then the store's late yes.
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    let e = sent(&mut s, 4);
    update(&mut s, Action::Escalated(Err("timed out".into())));
    update(&mut s, cmd(Command::Back));
    update(&mut s, cmd(Command::Open));
    assert_eq!(s.mode, Mode::Detail);
    update(&mut s, Action::Escalated(Ok(e.clone())));
    assert_eq!(s.mode, Mode::Detail, "still in the detail");
    assert!(message(&s).starts_with("e4 to KBRI Riyadh recorded"));

    // Began another escalation meanwhile.
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    update(&mut s, Action::Escalated(Ok(e.clone())));
    assert_eq!(s.mode, Mode::Escalate { from_detail: false });
    assert!(s.escalate.is_some(), "the new form is still open");

    // Sending another inquiry's escalation meanwhile.
    let mut s = queue_state(&riyadh_options(), 3);
    s.rows[1].text = RIYADH.into();
    s.selected = 1;
    escalating(&mut s, "");
    sent(&mut s, 5);
    update(&mut s, Action::Escalated(Ok(e)));
    assert_ne!(s.rows[1].id, InquiryId(1));
    assert!(
        matches!(s.mode, Mode::Escalate { .. }),
        "not the one answered"
    );
    assert!(form(&s).sending);
}

#[test]
fn back_leaves_without_escalating() {
    for from_detail in [false, true] {
        let mut s = deliverable(RIYADH);
        if from_detail {
            in_detail(&mut s, Vec::new());
        }
        escalating(&mut s, "");
        run(&mut s, typing(" edited"));
        // Typed text: the first Esc asks, the second leaves.
        assert!(update(&mut s, cmd(Command::Back)).is_empty());
        assert!(update(&mut s, cmd(Command::Back)).is_empty());
        let back = if from_detail {
            Mode::Detail
        } else {
            Mode::Queue
        };
        assert_eq!(s.mode, back);
        assert!(s.escalate.is_none());
        assert_eq!(message(&s), "escalation not sent");
    }
}

#[test]
fn quit_works_from_the_form() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
    assert!(s.quitting);
}

// --------------------------------------------------------- acknowledge

/// Row #1 escalated to KBRI Riyadh (e3, P2, 10 minutes ago), acked or not.
fn escalated_row(ack: bool) -> (State, Escalation) {
    let mut s = deliverable(RIYADH);
    let mut e = escalation(&s.rows[0], 3, OFFICER, Priority::P2, 10);
    if ack {
        e = acked(e, "Rina", "by phone");
    }
    s.rows[0].escalations = vec![EscalationBrief::of(&e)];
    (s, e)
}

#[test]
fn a_asks_who_acknowledged_and_enter_records_it() {
    // (typed, by, how)
    let table = [
        ("Rina, by phone", "Rina", "by phone"),
        ("  Pak Hadi ,  WhatsApp  ", "Pak Hadi", "WhatsApp"),
        ("Rina", "Rina", ""),
        ("Rina, by phone, at 10:15", "Rina", "by phone, at 10:15"),
    ];
    for in_detail_mode in [false, true] {
        for (typed, by, how) in table {
            let (mut s, e) = escalated_row(false);
            if in_detail_mode {
                in_detail(&mut s, vec![e]);
            }
            assert!(update(&mut s, cmd(Command::Acknowledge)).is_empty());
            let Some(Overlay::Input(input)) = &s.overlay else {
                panic!("{typed}: {:?}", s.overlay);
            };
            assert_eq!(input.purpose, InputPurpose::Ack, "{typed}");
            assert_eq!(
                input.title,
                "Acknowledged by whom, and how? (e.g. Rina, by phone)"
            );
            assert_eq!(input.targets[0].0, InquiryId(1), "{typed}");
            let mut actions = chars(typed);
            actions.push(key(TextKey::Enter));
            let effects = run(&mut s, actions);
            assert_eq!(
                effects,
                vec![Effect::Acknowledge {
                    inquiry: InquiryId(1),
                    by: by.into(),
                    how: how.into(),
                }],
                "{typed}"
            );
            assert!(s.overlay.is_none(), "{typed}");
        }
    }
}

#[test]
fn an_acknowledgement_needs_a_name() {
    for typed in ["", "   ", ", by phone"] {
        let (mut s, _) = escalated_row(false);
        update(&mut s, cmd(Command::Acknowledge));
        let mut actions = chars(typed);
        actions.push(key(TextKey::Enter));
        assert!(run(&mut s, actions).is_empty(), "{typed:?}");
        assert!(
            matches!(&s.overlay, Some(Overlay::Input(i)) if i.purpose == InputPurpose::Ack),
            "{typed:?}: still asking"
        );
        // Typed words take a second Esc to discard.
        let escapes = if typed.trim().is_empty() { 1 } else { 2 };
        assert!(run(&mut s, vec![key(TextKey::Esc); escapes]).is_empty());
        assert!(s.overlay.is_none());
    }
}

#[test]
fn a_without_an_escalation_awaiting_says_so() {
    let (mut acked_row, _) = escalated_row(true);
    for (what, s) in [
        ("never escalated", &mut one(RIYADH)),
        ("acked", &mut acked_row),
    ] {
        assert!(update(s, cmd(Command::Acknowledge)).is_empty(), "{what}");
        assert!(s.overlay.is_none(), "{what}");
        assert_eq!(
            message(s),
            "#1 has no escalation awaiting acknowledgement",
            "{what}"
        );
    }
}

#[test]
fn the_store_s_answer_to_an_acknowledgement() {
    let (mut s, e) = escalated_row(false);
    let done = acked(e.clone(), "Rina", "by phone");
    assert!(update(&mut s, Action::EscalationChanged(Ok(Box::new(done)))).is_empty());
    assert_eq!(message(&s), "e3 acknowledged by Rina");

    update(&mut s, Action::EscalationChanged(Ok(Box::new(e))));
    assert_eq!(message(&s), "e3 updated");

    update(
        &mut s,
        Action::EscalationChanged(Err("e3 is already acknowledged".into())),
    );
    assert_eq!(message(&s), "e3 is already acknowledged");
}

// ------------------------------------------------ the courier's news

#[test]
fn an_overdue_escalation_rings_the_bell_once() {
    let (mut s, mut e) = escalated_row(false);
    e.overdue_at = Some(common::now());
    let effects = update(&mut s, news(&e));
    assert_eq!(effects, vec![Effect::Bell]);
    assert_eq!(
        message(&s),
        format!(
            "e3 to KBRI Riyadh is OVERDUE: not acknowledged by {}",
            clock(e.deadline)
        )
    );
    assert!(message(&s).contains("OVERDUE"));
    s.message = None;
    assert!(update(&mut s, news(&e)).is_empty(), "rung already");
    assert!(s.message.is_none());
    // Nor again when the clock passes its deadline.
    let effects = update(
        &mut s,
        Action::Tick(e.deadline + SignedDuration::from_secs(1)),
    );
    assert_eq!(bells(&effects), 0, "{effects:?}");
}

#[test]
fn news_that_is_not_overdue_rings_nothing() {
    // (what, edit, message)
    type Row = (&'static str, fn(&mut Escalation), Option<&'static str>);
    let table: [Row; 5] = [
        ("pending", |_| {}, None),
        (
            "sent",
            |e| e.deliveries[0].state = DeliveryState::Sent,
            None,
        ),
        (
            "overdue but acknowledged",
            |e| {
                e.overdue_at = Some(common::now());
                e.ack = Some(Ack {
                    by: "Rina".into(),
                    how: String::new(),
                    recorded_by: "siti".into(),
                    at: common::now(),
                });
            },
            None,
        ),
        (
            "my delivery failed",
            |e| {
                e.deliveries[0].state = DeliveryState::Failed;
                e.deliveries[0].last_error = Some("550 no such user".into());
            },
            Some("e3 to KBRI Riyadh: a delivery FAILED; see the inquiry's detail"),
        ),
        (
            "a colleague's delivery failed",
            |e| {
                e.officer = "budi".into();
                e.deliveries[0].state = DeliveryState::Failed;
            },
            None,
        ),
    ];
    for (what, edit, want) in table {
        let (mut s, mut e) = escalated_row(false);
        edit(&mut e);
        let effects = update(&mut s, news(&e));
        assert!(effects.is_empty(), "{what}: {effects:?}");
        assert_eq!(s.message.as_deref(), want, "{what}");
    }
}

#[test]
fn news_updates_the_open_detail_in_place() {
    let (mut s, e) = escalated_row(false);
    let other = escalation(&s.rows[0], 2, "budi", Priority::P3, 120);
    in_detail(&mut s, vec![other.clone(), e.clone()]);

    let mut delivered = e.clone();
    delivered.deliveries[0].state = DeliveryState::Sent;
    delivered.deliveries[0].sent_at = Some(common::now());
    update(&mut s, news(&delivered));
    let d = s.detail.as_ref().unwrap();
    assert_eq!(d.escalations, vec![other.clone(), delivered.clone()]);

    // A new one of this inquiry is added; another inquiry's is not.
    let new = escalation(&s.rows[0], 7, OFFICER, Priority::P1, 0);
    update(&mut s, news(&new));
    let mut elsewhere = escalation(&s.rows[0], 8, OFFICER, Priority::P1, 0);
    elsewhere.inquiry = InquiryId(99);
    update(&mut s, news(&elsewhere));
    let d = s.detail.as_ref().unwrap();
    assert_eq!(d.escalations, vec![other, delivered, new]);
    assert_eq!(s.mode, Mode::Detail);
}

#[test]
fn an_overdue_escalation_rings_while_filling_another_form() {
    let (mut s, mut e) = escalated_row(false);
    escalating(&mut s, "");
    run(&mut s, typing(" x"));
    e.overdue_at = Some(common::now());
    assert_eq!(update(&mut s, news(&e)), vec![Effect::Bell]);
    assert!(message(&s).contains("OVERDUE"));
    assert!(matches!(s.mode, Mode::Escalate { .. }));
    assert!(summary(&s).ends_with(" x"));
}

// ---------------------------------------------------------------- tick

#[test]
fn the_clock_passing_a_deadline_rings_once() {
    let (mut s, e) = escalated_row(false);
    // Made 10 minutes ago at P2: due 50 minutes from now.
    assert_eq!(e.deadline, common::now() + SignedDuration::from_mins(50));
    let at = |mins: i64| e.deadline + SignedDuration::from_mins(mins);
    let effects = update(&mut s, Action::Tick(at(-1)));
    assert_eq!(bells(&effects), 0, "{effects:?}");
    assert!(s.message.is_none());

    let effects = update(&mut s, Action::Tick(at(0)));
    assert_eq!(bells(&effects), 1, "{effects:?}");
    assert_eq!(
        message(&s),
        "1 escalation is OVERDUE: not acknowledged in time"
    );

    s.message = None;
    let effects = update(&mut s, Action::Tick(at(1)));
    assert_eq!(bells(&effects), 0, "not again: {effects:?}");
    assert!(s.message.is_none());
    // Nor when the courier reports it overdue.
    let mut overdue = e.clone();
    overdue.overdue_at = Some(at(1));
    assert!(update(&mut s, news(&overdue)).is_empty());
}

#[test]
fn the_clock_rings_once_for_several_and_never_for_the_acknowledged() {
    let mut s = queue_state(&riyadh_options(), 4);
    let briefs: Vec<EscalationBrief> = (0..4)
        .map(|i| {
            let e = escalation(&s.rows[i], 10 + i as u64, OFFICER, Priority::P1, 20);
            let e = if i == 3 { acked(e, "Rina", "") } else { e };
            EscalationBrief::of(&e)
        })
        .collect();
    for (row, b) in s.rows.iter_mut().zip(briefs) {
        row.escalations = vec![b];
    }
    // P1 made 20 minutes ago: 5 minutes late already.
    let effects = update(
        &mut s,
        Action::Tick(common::now() + SignedDuration::from_secs(1)),
    );
    assert_eq!(bells(&effects), 1, "{effects:?}");
    assert_eq!(
        message(&s),
        "3 escalations are OVERDUE: not acknowledged in time"
    );
    let effects = update(
        &mut s,
        Action::Tick(common::now() + SignedDuration::from_secs(2)),
    );
    assert_eq!(bells(&effects), 0, "{effects:?}");
}

#[test]
fn a_tick_keeps_waking_snoozed_inquiries() {
    let (mut s, _) = escalated_row(false);
    let later: Timestamp = common::now() + SignedDuration::from_mins(1);
    assert_eq!(update(&mut s, Action::Tick(later)), vec![Effect::WakeDue]);
}

// ---------------------------------------------------------------- drafts

fn tick(s: &mut State) -> Vec<Effect> {
    let now = s.now;
    update(s, Action::Tick(now))
}

#[test]
fn the_form_is_kept_on_the_next_tick_with_its_choices() {
    use siaga::model::escalation::Route;
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    assert!(tick(&mut s).is_empty(), "nothing typed, nothing kept");
    run(&mut s, typing(" sejak Mei"));
    update(&mut s, cmd(Command::NextField));
    run(&mut s, typing("Majikan menahan paspor."));
    update(&mut s, cmd(Command::Severity));
    update(&mut s, cmd(Command::Via));
    run(&mut s, typing("Bu Rina"));
    let want = DraftBody::Escalation {
        mission: "riyadh".into(),
        severity: Priority::P3,
        summary: summary(&s),
        note: "Majikan menahan paspor.".into(),
        via: Some(Route::Phone),
        reached: "Bu Rina".into(),
    };
    assert!(summary(&s).ends_with(" sejak Mei"), "{}", summary(&s));
    assert_eq!(
        tick(&mut s),
        vec![Effect::SaveDraft {
            inquiry: InquiryId(1),
            body: want
        }]
    );
    assert!(tick(&mut s).is_empty(), "unchanged since");
    // A severity alone is a change of what is kept.
    update(&mut s, cmd(Command::Severity));
    assert_eq!(tick(&mut s).len(), 1);
}

#[test]
fn recording_it_lets_the_desk_drop_the_draft_and_a_discard_drops_it() {
    let mut s = deliverable(RIYADH);
    escalating(&mut s, "");
    run(&mut s, typing(" sejak Mei"));
    tick(&mut s);
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::Escalate(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(effects[0].touches_drafts(), "the send runs after the save");
    let e = common::ui::desk_escalation(&s, request, OFFICER);
    assert!(tick(&mut s).is_empty(), "no save while it is recorded");
    update(&mut s, Action::Escalated(Ok(e)));
    assert!(s.drafts.is_empty());
    // Typed, kept, then thrown away with Esc Esc: the desk forgets it.
    escalating(&mut s, "");
    run(&mut s, typing("x"));
    tick(&mut s);
    update(&mut s, cmd(Command::Back));
    assert_eq!(
        update(&mut s, cmd(Command::Back)),
        vec![Effect::DropDraft {
            inquiry: InquiryId(1),
            kind: DraftKind::Escalation
        }]
    );
    assert!(s.drafts.is_empty());
}

#[test]
fn e_on_an_inquiry_with_a_draft_opens_the_form_as_it_was_left() {
    use siaga::model::escalation::Route;
    let mut s = deliverable(RIYADH);
    let body = DraftBody::Escalation {
        mission: "riyadh".into(),
        severity: Priority::P1,
        summary: "PMI di Riyadh, gaji 5 bulan".into(),
        note: "Paspor ditahan majikan.".into(),
        via: Some(Route::WhatsApp),
        reached: "Pak Andi".into(),
    };
    let draft = Draft {
        inquiry: InquiryId(1),
        officer: OFFICER.into(),
        saved_at: s.now - SignedDuration::from_mins(5),
        body: body.clone(),
    };
    update(&mut s, Action::DraftsLoaded(Ok(vec![draft.clone()])));
    assert_eq!(message(&s), "1 draft kept: #1");
    assert_eq!(
        update(&mut s, cmd(Command::Escalate)),
        vec![Effect::LoadDetail(InquiryId(1))]
    );
    assert!(s.overlay.is_none(), "no picker: the draft's mission");
    assert_eq!(form(&s).mission, "riyadh");
    assert_eq!(form(&s).draft(), body);
    assert!(form(&s).edited);
    assert_eq!(
        message(&s),
        format!("draft from {} restored", clock(draft.saved_at))
    );
    assert!(tick(&mut s).is_empty(), "kept as it is");
}
