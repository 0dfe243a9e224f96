//! Replying as the officer sees it, at 80x24 and 120x40: the template
//! picker, the compose screen (a public reply, a private message, one over
//! X's limit, one refused for a phone number), the detail with a sent and
//! a failed reply, and the status bar's outbox. Fixed clock
//! (`common::now()`), officer siti.
//!
//! Under each screen, the lines that carry a style the text cannot show are
//! repeated as marks: `~` reversed (the selection, the cursor), `^`
//! underlined, `!` red (warnings, P1).

use crate::common;

use common::screen::{draw, line_index, marks, screen_line, status_bar};
use common::ui::{press, run, screen_state, select, terminal_keys, typed};

use insta::assert_snapshot;
use siaga::config::Config;
use siaga::model::{Channel, Event, Inquiry, Status};
use siaga::queue::InquiryDetail;
use siaga::reply::{Lang, PlatformRules, Reply, ReplyBrief, ReplyId, ReplyState};
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::{Action, Command, Mode, State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The queue of `common::rows(40)`, every row `labour`; #5, #10, … came
/// by private message.
fn state(width: u16, height: u16) -> State {
    let options = UiOptions::from_config(&Config::defaults(), "siti", false, true);
    screen_state(&options, width, height, 40)
}

/// Text typed into the reply editor, as the terminal's keys.
fn written(s: &mut State, text: &str) {
    run(s, terminal_keys(text, Action::ComposeInput));
}

/// `r` on row #`id`, its detail loaded (X), `name` typed, Enter.
fn compose(width: u16, height: u16, id: u64, name: &str) -> State {
    let mut s = state(width, height);
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

// -------------------------------------------------------------- picker

#[test]
fn template_picker() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        press(&mut s, Command::Reply);
        let screen = draw(&s);
        assert!(
            screen.contains("Reply to @warga_3: template (✓ suits labour)"),
            "{screen}"
        );
        for title in [
            "Contact the local Indonesian mission",
            "File on the Peduli WNI portal",
            "Thank you",
            "(blank reply)",
        ] {
            assert!(screen.contains(title), "{title}:\n{screen}");
        }
        // Under the highlighted title, the start of its text, filled in
        // for @warga_3; only there, so every template fits.
        assert!(
            screen.contains("Hello @warga_3, please contact"),
            "{screen}"
        );
        assert!(!screen.contains("Hello @warga_3, thank you"), "{screen}");
        assert!(
            !screen.contains("mission_contact"),
            "names stay behind titles:\n{screen}"
        );
        assert_snapshot!(format!("template_picker_{w}x{h}"), screen);
    }
}

/// The title promises a ✓ on the templates that suit the category; the
/// rows show none (the picker draws checks for tags only).
#[test]
fn template_picker_marks_the_suited_templates() {
    let mut s = state(80, 24);
    select(&mut s, 3);
    press(&mut s, Command::Reply);
    let screen = draw(&s);
    for title in [
        "Contact the local Indonesian mission",
        "Ask for details by direct message",
        "File on the Peduli WNI portal",
    ] {
        let row = screen_line(&screen, title);
        assert!(row.contains('✓'), "{title} suits labour: {row}");
    }
}

#[test]
fn template_picker_narrowed_by_typing() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        press(&mut s, Command::Reply);
        typed(&mut s, "doc");
        let screen = draw(&s);
        assert!(screen.contains("> doc▏"), "{screen}");
        // "doc" matches the name never_post_documents behind its title.
        assert!(
            screen.contains("Never post documents in public"),
            "{screen}"
        );
        assert!(!screen.contains("Thank you"), "{screen}");
        assert_snapshot!(format!("template_picker_doc_{w}x{h}"), screen);
    }
}

// ------------------------------------------------------------- compose

#[test]
fn compose_public_reply() {
    for (w, h) in SIZES {
        let s = compose(w, h, 3, "miss");
        let screen = draw(&s);
        assert!(
            screen.contains(
                " PUBLIC reply  to @warga_3 · #3 · X · lang id · template mission_contact"
            ),
            "{screen}"
        );
        assert!(screen.contains(" they wrote:"), "{screen}");
        assert!(screen.contains("Halo @warga_3, mohon hubungi"), "{screen}");
        assert!(screen.contains("SIAGA-3."), "{screen}");
        let count = s.compose.as_ref().unwrap().verdict(&s.reply_config).0;
        let verdict = format!(" {}/280 ready to send", count.count);
        assert!(screen.contains(&verdict), "{verdict}:\n{screen}");
        assert_snapshot!(format!("compose_public_{w}x{h}"), screen);
    }
}

#[test]
fn compose_private_message() {
    for (w, h) in SIZES {
        let s = compose(w, h, 15, "send");
        assert_eq!(s.rows[s.selected].channel, Channel::Private);
        let screen = draw(&s);
        assert!(
            screen.contains(" PRIVATE message  to @warga_15 · #15 · X · lang id"),
            "{screen}"
        );
        assert!(screen.contains("ready to send"), "{screen}");
        assert_snapshot!(format!("compose_private_{w}x{h}"), screen);
    }
}

#[test]
fn compose_over_the_limit() {
    for (w, h) in SIZES {
        let mut s = compose(w, h, 3, "miss");
        written(
            &mut s,
            " Mohon juga siapkan salinan kontrak kerja, slip gaji terakhir, nama agen penyalur dan alamat majikan.",
        );
        let (measure, problem) = s.compose.as_ref().unwrap().verdict(&s.reply_config);
        assert!(measure.count > 280, "{measure:?}");
        let screen = draw(&s);
        let verdict = format!(
            " {}/280 too long for X: {} of 280",
            measure.count, measure.count
        );
        assert_eq!(
            problem.map(|p| p.to_string()),
            Some(format!("too long for X: {} of 280", measure.count))
        );
        assert!(screen.contains(&verdict), "{verdict}:\n{screen}");
        // The counter and the refusal are red.
        let y = line_index(&screen, &verdict);
        let red = marks(&screen, y);
        let counter = format!(" {}/280 ", measure.count);
        assert!(
            red.starts_with(&format!("{y:>2} \"{}", "!".repeat(counter.len()))),
            "{red}"
        );
        assert_snapshot!(format!("compose_too_long_{w}x{h}"), screen);
    }
}

#[test]
fn compose_refuses_a_phone_number_in_public() {
    for (w, h) in SIZES {
        let mut s = compose(w, h, 3, "miss");
        written(&mut s, " Atau WA 0812 3456 7890.");
        press(&mut s, Command::Send);
        let screen = draw(&s);
        assert!(
            screen.contains("a public reply must not contain a phone number"),
            "{screen}"
        );
        assert!(
            status_bar(&s, &screen).contains("not sent: a public reply must not contain"),
            "{screen}"
        );
        if w >= 100 {
            assert!(
                screen.contains(
                    "a public reply must not contain a phone number; answer privately instead"
                ),
                "{screen}"
            );
        }
        assert_snapshot!(format!("compose_phone_refused_{w}x{h}"), screen);
    }
}

/// At 80 columns the refusal that tells the officer what to do ("answer
/// privately instead") is cut off at the screen's edge, in the verdict
/// line and in the status bar's message.
#[test]
fn the_privacy_refusal_fits_80_columns() {
    let mut s = compose(80, 24, 3, "miss");
    written(&mut s, " Atau WA 0812 3456 7890.");
    press(&mut s, Command::Send);
    let screen = draw(&s);
    // The refusal is whole on screen (wrapped over the verdict's two rows).
    let flat = screen
        .replace('"', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("answer privately instead"), "{screen}");
}

#[test]
fn compose_in_english_after_a_switch() {
    for (w, h) in SIZES {
        let mut s = compose(w, h, 3, "hotl");
        press(&mut s, Command::SwitchLang);
        let screen = draw(&s);
        assert!(screen.contains("lang en · template hotline"), "{screen}");
        assert!(screen.contains("Hello @warga_3, please call"), "{screen}");
        assert!(
            status_bar(&s, &screen).contains("language: en (template text rendered again)"),
            "{screen}"
        );
        assert_snapshot!(format!("compose_english_{w}x{h}"), screen);
    }
}

#[test]
fn compose_for_an_inquiry_already_answered() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        select(&mut s, 3);
        let inq = s.rows[s.selected].clone();
        let earlier = reply(&inq, 3, "budi", ReplyState::Sent, 40);
        s.rows[s.selected].replies = vec![ReplyBrief::of(&earlier)];
        press(&mut s, Command::Reply);
        typed(&mut s, "peduli");
        update(&mut s, Action::Text(TextKey::Enter));
        let screen = draw(&s);
        assert!(
            screen.contains(" already answered 1× — check the detail before sending again"),
            "{screen}"
        );
        assert_snapshot!(format!("compose_already_answered_{w}x{h}"), screen);
    }
}

// ----------------------------------------------------- detail, outbox

/// A reply to `inq` numbered `id`, by `officer`, `minutes_ago`.
fn reply(inq: &Inquiry, id: u64, officer: &str, state: ReplyState, minutes_ago: i64) -> Reply {
    let mut r = Reply::draft(
        inq.id,
        &inq.source,
        officer,
        common::now() - jiff::SignedDuration::from_mins(minutes_ago),
        Channel::Public,
        Lang::Id,
        Some("mission_contact".into()),
        format!(
            "Halo @{}, mohon hubungi Direktorat Pelindungan WNI Kemlu di +62 812-9007-0027, dengan nomor kasus SIAGA-{}.",
            inq.author.handle, inq.id
        ),
        siaga::reply::compose::target(inq),
    );
    r.id = ReplyId(id);
    r.state = state;
    match state {
        ReplyState::Sent => {
            r.attempts = 1;
            r.platform_id = Some("1999000000000000001".into());
            r.finished_at = Some(r.created_at);
        }
        ReplyState::Failed => {
            r.attempts = 8;
            r.last_error =
                Some("X 403: You are not permitted to reply to this conversation".into());
        }
        _ => {}
    }
    r
}

/// Row #1 open in the detail, with a sent reply (budi, 2h ago) and a
/// failed one (siti, 10m ago); the outbox holds the failed one and a
/// pending one elsewhere.
fn detail_with_replies(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    select(&mut s, 3);
    let mut inquiry = s.rows[s.selected].clone();
    let replies = vec![
        reply(&inquiry, 1, "budi", ReplyState::Sent, 120),
        reply(&inquiry, 2, "siti", ReplyState::Failed, 10),
    ];
    inquiry.replies = replies.iter().map(ReplyBrief::of).collect();
    inquiry.status = Status::Replied;
    s.rows[s.selected] = inquiry.clone();
    let history = vec![
        Event {
            seq: 0,
            at: inquiry.created_at,
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
            at: common::now() - jiff::SignedDuration::from_mins(120),
            officer: "budi".into(),
            what: "status".into(),
            before: Some("new".into()),
            after: Some("replied".into()),
            link: None,
            sealed: None,
            content: None,
        },
    ];
    let pending_elsewhere = reply(&s.rows[0].clone(), 3, "siti", ReplyState::Pending, 1);
    update(
        &mut s,
        Action::OutboxLoaded(vec![replies[1].clone(), pending_elsewhere]),
    );
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history,
            replies,
            rules: PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
    s.mode = Mode::Detail;
    s
}

#[test]
fn detail_with_a_sent_and_a_failed_reply() {
    for (w, h) in SIZES {
        let s = detail_with_replies(w, h);
        let screen = draw(&s);
        assert!(screen.contains("Replies"), "{screen}");
        assert!(
            screen.contains("r1 sent public by budi 2h ago → 1999000000000000001"),
            "{screen}"
        );
        assert!(
            screen.contains("r2 failed public by siti 10m ago"),
            "{screen}"
        );
        assert!(screen.contains("X 403: You are not permitted"), "{screen}");
        // The failed reply and its error are red.
        let y = line_index(&screen, "r2 failed");
        assert!(marks(&screen, y).contains('!'), "{screen}");
        assert_snapshot!(format!("detail_replies_{w}x{h}"), screen);
    }
}

#[test]
fn detail_after_a_retry_was_refused() {
    for (w, h) in SIZES {
        let mut s = detail_with_replies(w, h);
        press(&mut s, Command::RetryReply);
        update(
            &mut s,
            Action::ReplyChanged(Err("r2: X refuses replies in this conversation".into())),
        );
        let screen = draw(&s);
        assert!(
            status_bar(&s, &screen).contains("r2: X refuses replies in this conversation"),
            "{screen}"
        );
        assert_snapshot!(format!("detail_retry_refused_{w}x{h}"), screen);
    }
}

#[test]
fn status_bar_shows_the_outbox() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        let a = s.rows[0].clone();
        let b = s.rows[1].clone();
        update(
            &mut s,
            Action::OutboxLoaded(vec![
                reply(&a, 1, "siti", ReplyState::Sending, 1),
                reply(&b, 2, "budi", ReplyState::Failed, 30),
            ]),
        );
        let screen = draw(&s);
        let bar = status_bar(&s, &screen);
        assert!(bar.ends_with(" siti \""), "{bar}");
        // The outbox leads the bar, before the counts, at every width.
        assert!(bar.starts_with("\"outbox 1 sending, 1 FAILED │"), "{bar}");
        assert_snapshot!(format!("status_outbox_{w}x{h}"), screen);
    }
}

/// At 80 columns the outbox still shows: a FAILED reply is never cut off
/// behind the counts and each source's health.
#[test]
fn status_bar_shows_a_failed_reply_at_80_columns() {
    let mut s = state(80, 24);
    let b = s.rows[1].clone();
    update(
        &mut s,
        Action::OutboxLoaded(vec![reply(&b, 2, "budi", ReplyState::Failed, 30)]),
    );
    let screen = draw(&s);
    let bar = status_bar(&s, &screen);
    assert!(bar.contains("1 FAILED"), "{bar}");
}

#[test]
fn status_bar_after_a_reply_was_queued() {
    for (w, h) in SIZES {
        let mut s = compose(w, h, 3, "miss");
        let effects = update(&mut s, Action::Command(Command::Send));
        let [siaga::ui::Effect::QueueReply { request, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let draft = common::ui::desk_reply(&s, request, "siti");
        let mut queued = draft.clone();
        queued.id = ReplyId(12);
        update(&mut s, Action::ReplyQueued(Ok(queued)));
        let screen = draw(&s);
        let bar = status_bar(&s, &screen);
        assert!(
            bar.contains("r12 queued for @warga_3 (in public); sending…"),
            "{bar}"
        );
        assert_snapshot!(format!("status_reply_queued_{w}x{h}"), screen);
    }
}

#[test]
fn compose_while_queueing() {
    for (w, h) in SIZES {
        let mut s = compose(w, h, 15, "hotl");
        press(&mut s, Command::Send);
        let screen = draw(&s);
        assert!(screen.contains("/10000 queueing…"), "{screen}");
        assert!(
            status_bar(&s, &screen).contains("queueing the reply…"),
            "{screen}"
        );
        assert_snapshot!(format!("compose_queueing_{w}x{h}"), screen);
    }
}

/// The citizen's words above the editor get as many rows as they have
/// lines, not as many as they wrap to: at 80 columns a one-line post
/// longer than the screen loses its end, with no sign that it did.
#[test]
fn compose_quotes_the_whole_post_at_80_columns() {
    let s = compose(80, 24, 3, "miss");
    let screen = draw(&s);
    let flat = screen
        .replace('"', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("ditahan majikan"),
        "the post ends \"paspor ditahan majikan\":\n{screen}"
    );
}

fn my_reply_failed(width: u16, height: u16) -> State {
    let mut s = state(width, height);
    select(&mut s, 3);
    let inq = s.rows[s.selected].clone();
    let failed = reply(&inq, 2, "siti", ReplyState::Failed, 10);
    update(
        &mut s,
        Action::Queue(siaga::queue::QueueEvent::Reply {
            reply: Box::new(failed),
        }),
    );
    s
}

#[test]
fn status_bar_when_my_reply_failed() {
    for (w, h) in SIZES {
        let s = my_reply_failed(w, h);
        let screen = draw(&s);
        assert!(
            status_bar(&s, &screen).contains("r2 for #3 failed: X 403"),
            "{screen}"
        );
        assert_snapshot!(format!("status_reply_failed_{w}x{h}"), screen);
    }
}

/// The failure message ends with what to do ("open it, R retries, X
/// cancels"), but the status bar keeps only its first 60 characters, so
/// even at 120 columns the officer never reads it.
#[test]
fn the_failure_says_how_to_retry() {
    let s = my_reply_failed(120, 40);
    let screen = draw(&s);
    let bar = status_bar(&s, &screen);
    assert!(bar.contains("R retries, X cancels"), "{bar}");
}
