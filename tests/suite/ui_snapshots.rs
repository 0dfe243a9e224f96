//! What the officer sees, at 80x24 and 120x40, as insta snapshots of a
//! ratatui TestBackend. Times come from a fixed clock; ids are fixed.

use crate::common;

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use siaga::config::Config;
use siaga::model::{Event, InquiryId, Priority};
use siaga::queue::InquiryDetail;
use siaga::ui::app::UiOptions;
use siaga::ui::keymap::Keymap;
use siaga::ui::view::render;
use siaga::ui::{Action, Command, State, update};

fn state(width: u16, height: u16, rows: u64) -> State {
    let options = UiOptions::from_config(&Config::defaults(), "alice", true, true);
    common::ui::screen_state(&options, width, height, rows)
}

fn draw(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    terminal.draw(|f| render(s, f)).unwrap();
    terminal.backend().to_string()
}

/// The inquiry in the detail restricted at the person's request.
fn restrict_detail(s: &mut State) {
    if let Some(d) = s.detail.as_mut() {
        d.inquiry.restricted = Some(siaga::model::Mark {
            at: common::now(),
            by: "supervisor".into(),
            reason: "letter of 20 Nov".into(),
        });
    }
}

fn with_detail(mut s: State) -> State {
    let mut inquiry = s.rows[s.selected].clone();
    inquiry.text = "@Kemlu_RI TOLONG min, sepupu sy Andi dibawa ke Myawaddy, katanya kerja admin di Thailand tp ternyata di perusahaan scam.\nskrg bosnya minta tebusan 150rb baht 😭 \u{1b}]52;c;ZXZpbA==\u{7}".into();
    inquiry.reasons = vec![
        "trafficking: myawaddy, tebusan".into(),
        "raised by: tolong, tebusan".into(),
    ];
    let history = vec![Event {
        seq: 0,
        at: common::now(),
        officer: "siaga".into(),
        what: "received".into(),
        before: None,
        after: Some("demo".into()),
        link: None,
        sealed: None,
        content: None,
    }];
    s.rows[s.selected] = inquiry.clone();
    update(
        &mut s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history,
            replies: Vec::new(),
            rules: siaga::reply::PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
    s
}

#[test]
fn queue_80x24() {
    let mut s = state(80, 24, 40);
    update(&mut s, Action::Command(Command::Down));
    assert_snapshot!(draw(&s));
}

#[test]
fn queue_80x24_says_what_arrived_above() {
    let mut s = state(80, 24, 40);
    for _ in 0..30 {
        update(&mut s, Action::Command(Command::Down));
    }
    let mut rows = s.rows.clone();
    for (id, priority) in [
        (901, Priority::P1),
        (902, Priority::P2),
        (903, Priority::P3),
    ] {
        rows.insert(
            0,
            common::inquiry(id, priority, 1, "baru", "@Kemlu_RI tolong"),
        );
    }
    update(
        &mut s,
        Action::Queue(siaga::queue::QueueEvent::Arrived {
            source: "demo".into(),
            ids: vec![InquiryId(901), InquiryId(902), InquiryId(903)],
            urgent: vec![InquiryId(901)],
        }),
    );
    common::ui::reloaded(&mut s, rows);
    let screen = draw(&s);
    assert!(
        screen.contains("▲ 3 new above, 1 P1 · g to the top"),
        "{screen}"
    );
    assert!(screen.contains("New P1: #901"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn queue_120x40_splits_with_detail() {
    let s = with_detail(state(120, 40, 40));
    assert_snapshot!(draw(&s));
}

#[test]
fn detail_80x24_escapes_hostile_text() {
    let mut s = state(80, 24, 10);
    update(&mut s, Action::Command(Command::Open));
    let s = with_detail(s);
    let screen = draw(&s);
    assert!(
        screen.contains("^[]52;c;ZXZpbA==^G"),
        "OSC 52 shown, not run:\n{screen}"
    );
    assert_snapshot!(screen);
}

#[test]
fn help_overlay_80x24_comes_from_the_keymap() {
    let mut s = state(80, 24, 10);
    update(&mut s, Action::Command(Command::Help));
    let screen = draw(&s);
    assert!(screen.contains("next inquiry"));
    assert_snapshot!(screen);
}

#[test]
fn empty_queue_80x24() {
    let s = state(80, 24, 0);
    assert_snapshot!(draw(&s));
}

#[test]
fn rebinding_a_key_changes_help_and_hints() {
    let text = "[keys.queue]\nj = \"none\"\nn = \"down\"\n";
    let config = Config::from_user_text(text, "user.toml").unwrap();
    let mut s = state(80, 24, 5);
    s.keymap = Keymap::from_config(&config.keys);
    let screen = draw(&s);
    assert!(
        screen.contains(" n next"),
        "hint shows the new key:\n{screen}"
    );
    update(&mut s, Action::Command(Command::Help));
    let help = draw(&s);
    assert!(
        help.lines()
            .any(|l| l.contains(" n ") && l.contains("next inquiry"))
    );
}

#[test]
fn p1_rows_come_first_on_screen() {
    let s = state(80, 24, 40);
    let screen = draw(&s);
    let first_row = screen.lines().nth(1).unwrap();
    assert!(first_row.contains(Priority::P1.as_str()), "{first_row}");
}

#[test]
fn no_color_draws_without_any_colour_but_keeps_urgency_visible() {
    let mut s = state(80, 24, 40);
    s.color = false;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| render(&s, f)).unwrap();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "no foreground colour at {cell:?}"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "no background colour at {cell:?}"
        );
    }
    // P1 rows are still bold, the selected row still reversed.
    let p1 = &buffer[(1, 1)];
    assert!(p1.modifier.contains(ratatui::style::Modifier::BOLD));
    assert!(p1.modifier.contains(ratatui::style::Modifier::REVERSED));
}

/// The detail of a message carrying a passport number, a phone and an
/// e-mail: masked, with the hint that `v` reveals (recorded); and the same
/// inquiry restricted at the person's request.
#[test]
fn detail_80x24_masks_personal_data_until_revealed() {
    let mut s = state(80, 24, 10);
    update(&mut s, Action::Command(Command::Open));
    let mut s = with_detail(s);
    let personal = "@Kemlu_RI paspor istri sy C7341298 ditahan majikan di Riyadh, \
                    hubungi sy di +62 812-7777-3412 atau siti.rahma@example.org";
    s.rows[s.selected].text = personal.into();
    if let Some(d) = s.detail.as_mut() {
        d.inquiry.text = personal.into();
    }
    let masked = draw(&s);
    for raw in ["C7341298", "7777-3412", "siti.rahma@"] {
        assert!(!masked.contains(raw), "{raw} on screen:\n{masked}");
    }
    assert!(masked.contains("v: reveal (recorded)"), "{masked}");
    assert_snapshot!("detail_masked_80x24", masked);

    let id = s.rows[s.selected].id;
    s.revealed = Some(id);
    let shown = draw(&s);
    assert!(shown.contains("C7341298"), "{shown}");
    assert!(shown.contains("revealed (recorded)"), "{shown}");

    s.revealed = None;
    restrict_detail(&mut s);
    let restricted = draw(&s);
    assert!(!restricted.contains("Riyadh"), "{restricted}");
    assert!(
        restricted.contains("[text restricted at the person's request]"),
        "{restricted}"
    );
    assert_snapshot!("detail_restricted_80x24", restricted);
}

/// #20, one bad source: the status bar names the hung source and why
/// (sources in name order; the healthy ones beside it).
#[test]
fn a_hung_source_is_named_in_the_status_bar() {
    use siaga::ingest::{Health, HealthReport};
    let mut s = state(120, 40, 5);
    for (source, health) in [
        ("kemlu-masto", Health::Ok { at: common::now() }),
        (
            "hung-x",
            Health::Failing {
                reason: "network: timed out: operation timed out".into(),
                last_ok: None,
            },
        ),
    ] {
        update(
            &mut s,
            Action::Health(HealthReport {
                source: source.into(),
                health,
            }),
        );
    }
    let screen = draw(&s);
    assert!(
        screen.contains("hung-x: failing: network: timed out"),
        "{screen}"
    );
}

/// #21: sources that do not fit by name are summed up ("sources: 2/4 ok,
/// check hung-x, slow-x" at 120 columns, "check hung-x, slow-x" at 80),
/// never cut mid-word; a
/// message too long for the status line goes on in the hints' line, whole,
/// until the next key.
#[test]
fn long_status_words_are_shortened_by_meaning_or_wrapped_at_80_columns() {
    use siaga::ingest::{Health, HealthReport};
    let mut s = state(120, 40, 5);
    let failing = |reason: &str| Health::Failing {
        reason: reason.into(),
        last_ok: None,
    };
    for (source, health) in [
        ("kemlu-masto", Health::Ok { at: common::now() }),
        ("hung-x", failing("network: timed out: operation timed out")),
        ("slow-x", failing("HTTP 503 Service Unavailable")),
    ] {
        let report = HealthReport {
            source: source.into(),
            health,
        };
        update(&mut s, Action::Health(report));
    }
    s.message = Some("claimed: 3".into());
    let screen = draw(&s);
    let status = common::screen::screen_line(&screen, "snoozed");
    assert!(
        status.contains("│ sources: 2/4 ok, check hung-x, slow-x "),
        "{screen}"
    );
    update(
        &mut s,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    s.message = None;
    let screen = draw(&s);
    let status = common::screen::screen_line(&screen, "snoozed");
    assert!(status.contains("│ check hung-x, slow-x "), "{screen}");

    let long = "not sent: a public reply must not contain a phone number of the \
                citizen; answer by private message instead, or take the number out";
    s.message = Some(long.into());
    let screen = draw(&s);
    let lines: Vec<&str> = screen.lines().collect();
    let (status, rest) = (lines[22], lines[23]);
    let shown = format!(
        "{} {}",
        status
            .trim_matches('"')
            .trim_end()
            .trim_end_matches("alice")
            .trim(),
        rest.trim_matches('"').trim()
    );
    assert_eq!(shown, long, "{screen}");
    assert!(
        !status.contains('…') && !rest.contains('…'),
        "cut: {screen}"
    );
    assert!(!rest.contains("Enter"), "the hints give way: {screen}");

    // The next key clears it, and the hints come back.
    update(&mut s, Action::Command(Command::Down));
    let screen = draw(&s);
    assert!(
        screen.lines().nth(23).unwrap().contains("Enter"),
        "{screen}"
    );
}

/// #21: flags are drawn as their two letters ("ID"), and no wide
/// character hides a pop-up's border: every row the pop-up covers has
/// its left border where the pop-up says.
#[test]
fn flags_are_drawn_as_letters_and_pop_ups_keep_their_borders() {
    let mut s = state(80, 24, 5);
    for (i, inq) in s.rows.iter_mut().enumerate() {
        // Wide characters at every offset, so one lands on the border.
        inq.text = format!("{}🇮🇩印度尼西亚🙏🇲🇾 tolong", "x".repeat(i));
    }
    update(&mut s, Action::Command(Command::Close));
    let screen = draw(&s);
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    assert!(!screen.chars().any(regional), "{screen}");
    assert!(screen.contains("ID"), "{screen}");
    let lines: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
    let top = lines
        .iter()
        .position(|l| l.contains('┌'))
        .expect("a pop-up");
    let left = lines[top].chars().position(|c| c == '┌').unwrap();
    for line in &lines[top + 1..] {
        if line.contains('└') {
            break;
        }
        // Where the terminal puts the border: after the cells before it.
        let before: String = line.chars().take_while(|c| *c != '│').collect();
        let cells = unicode_width::UnicodeWidthStr::width(before.as_str());
        assert_eq!(cells, left, "border moved: {line}\n{screen}");
    }
}

/// #21: in the detail at 80 columns, a phone number is never wrapped
/// across two lines, wherever in the text it falls.
#[test]
fn a_phone_number_is_never_split_by_wrapping() {
    for pad in 30..90 {
        let mut s = with_detail(state(80, 24, 5));
        let lead = format!("{}{}", "kata ".repeat(pad / 5), "x".repeat(pad % 5));
        let text = format!("{lead} hubungi kakak sy di +62 812 3456 7890 ya");
        let mut detail = Box::new(s.detail.clone().expect("a detail"));
        detail.inquiry.text = text.clone();
        s.rows[s.selected].text = text;
        update(&mut s, Action::DetailLoaded(detail));
        update(&mut s, Action::Command(Command::Open));
        let screen = draw(&s);
        let line = screen
            .lines()
            .find(|l| l.contains("+62"))
            .unwrap_or_else(|| panic!("no number on screen:\n{screen}"));
        let tail = &line[line.find("+62").unwrap()..];
        let digits = tail.chars().filter(|c| c.is_ascii_digit() || *c == '•');
        assert_eq!(digits.count(), 13, "pad {pad}: split: {tail}\n{screen}");
    }
}

/// At 80x24, in both languages, the help says every description whole
/// (wrapped under itself, never cut at the border), and scrolling stops at
/// its last line instead of running into blank pages.
#[test]
fn help_at_80x24_is_whole_and_scrolls_no_further_than_its_end() {
    use siaga::i18n::Lang;
    for lang in Lang::ALL {
        let mut s = state(80, 24, 10);
        s.lang = lang;
        update(&mut s, Action::Command(Command::Help));
        let inside = |screen: &str| -> Vec<String> {
            screen
                .lines()
                .filter_map(|l| {
                    let l = l.trim_matches('"');
                    let start = l.find('│')?;
                    let end = l.rfind('│').filter(|e| *e > start)?;
                    Some(l[start + '│'.len_utf8()..end].trim_end().to_string())
                })
                .collect()
        };
        let mut seen: Vec<String> = Vec::new();
        let mut pages = Vec::new();
        for _ in 0..200 {
            let page = inside(&draw(&s));
            assert!(
                page.iter().any(|l| !l.trim().is_empty()),
                "{lang:?}: a blank page"
            );
            for line in &page {
                if !seen.contains(line) {
                    seen.push(line.clone());
                }
            }
            pages.push(page);
            update(&mut s, Action::Command(Command::ScrollDown));
        }
        assert_eq!(pages[198], pages[199], "{lang:?}: it stops at its end");
        let text = seen
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for (cmd, _) in s.keymap.bindings("queue") {
            let description = cmd.description(lang);
            let words = description.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                text.contains(&words),
                "{lang:?}: {words:?} is cut in\n{text}"
            );
        }
        // Back up: one key up from the end shows the line before.
        update(&mut s, Action::Command(Command::ScrollUp));
        assert_ne!(inside(&draw(&s)), pages[199], "{lang:?}: up moves at once");
    }
}

/// The detail on an officer's clock in Jakarta (#21): the time received and
/// the history in WIB, the zone named; other snapshots pin nothing and
/// draw UTC.
#[test]
fn detail_80x24_in_jakarta_says_wib() {
    let jakarta = siaga::model::zone::named("Asia/Jakarta").unwrap();
    let _pin = siaga::model::zone::pin(jakarta);
    let mut s = state(80, 24, 10);
    update(&mut s, Action::Command(Command::Open));
    let s = with_detail(s);
    let screen = draw(&s);
    assert!(
        screen.contains("Received: 8h ago (2026-11-28 01:52 WIB)"),
        "{screen}"
    );
    assert!(
        screen.contains("  11-28 10:00 siaga received demo"),
        "{screen}"
    );
    assert!(!screen.contains("UTC"), "{screen}");
    assert_snapshot!(screen);
}

/// #21: the detail says the author has other open inquiries, in the
/// officer's language.
#[test]
fn the_detail_names_the_same_authors_other_open_inquiries() {
    for (lang, want) in [
        (siaga::i18n::Lang::En, "Same author: 2 more open (#2, #3)"),
        (
            siaga::i18n::Lang::Id,
            "Pengirim sama: 2 aduan lain terbuka (#2, #3)",
        ),
    ] {
        let mut s = with_detail(state(80, 24, 5));
        s.lang = lang;
        let mut detail = Box::new(s.detail.clone().expect("a detail"));
        detail.same_author_open = vec![InquiryId(2), InquiryId(3)];
        update(&mut s, Action::DetailLoaded(detail));
        update(&mut s, Action::Command(Command::Open));
        let screen = draw(&s);
        assert!(screen.contains(want), "{screen}");
    }
}

/// #19: the learned model's suggestion beside the lexicon's "Why:", with
/// the words that drove it, in English and in Indonesian; hidden with a
/// restricted text (its words are the text's).
#[test]
fn detail_80x24_shows_the_learned_suggestion_beside_why() {
    let mut s = state(80, 24, 10);
    update(&mut s, Action::Command(Command::Open));
    let mut s = with_detail(s);
    let learned = siaga::model::Learned {
        priority: Priority::P1,
        confidence: 0.87,
        category: Some("trafficking".into()),
        tags: vec!["scam".into()],
        words: vec![
            "myawaddy".into(),
            "tebusan".into(),
            "perusahaan scam".into(),
        ],
    };
    if let Some(d) = s.detail.as_mut() {
        d.inquiry.learned = Some(learned);
    }
    let english = draw(&s);
    assert!(
        english.contains("Learned: P1 (87%) · trafficking · scam"),
        "{english}"
    );
    assert!(english.contains("myawaddy, tebusan"), "{english}");
    assert_snapshot!("detail_learned_80x24", english);

    s.lang = siaga::i18n::Lang::Id;
    let indonesian = draw(&s);
    assert!(
        indonesian.contains("Usulan model: P1 (87%)"),
        "{indonesian}"
    );

    s.lang = siaga::i18n::Lang::En;
    restrict_detail(&mut s);
    let restricted = draw(&s);
    assert!(!restricted.contains("Learned:"), "{restricted}");
}
