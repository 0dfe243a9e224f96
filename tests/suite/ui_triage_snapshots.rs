//! The triage screens as the officer sees them, at 80x24 and 120x40: the
//! tag picker over marked rows, the close picker, the take-over question,
//! the note input, search results with their matches, a row a colleague
//! holds, and the Mine view. Fixed clock (`common::now()`), officer alice.
//!
//! Under each screen, the lines that carry a style the text cannot show are
//! repeated as marks: `~` reversed (the selection, the current tab), `^`
//! underlined (a search match).

use crate::common;

// This file's screens mark no red: its snapshots were drawn without `!`.
use common::screen::{draw_without_red as draw, screen_line};
use common::ui::{press, screen_state, typed};

use insta::assert_snapshot;
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use siaga::config::Config;
use siaga::model::{Inquiry, Status};
use siaga::queue::Change;
use siaga::store::StatusCounts;
use siaga::triage::search::{Matcher, Query, rank};
use siaga::ui::action::TextKey;
use siaga::ui::action::{ApplyError, Outcome};
use siaga::ui::app::UiOptions;
use siaga::ui::view::render;
use siaga::ui::{Action, Command, State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn state(width: u16, height: u16, rows: u64) -> State {
    let options = UiOptions::from_config(&Config::defaults(), "alice", false, true);
    screen_state(&options, width, height, rows)
}

fn keys(s: &mut State, keys: &[TextKey]) {
    for k in keys {
        update(s, Action::Text(*k));
    }
}

/// The tag picker over two marked rows: `urgent-call` just toggled on for
/// both (checked), `media` on one of them only (not checked).
fn tag_picker(width: u16, height: u16) -> State {
    let mut s = state(width, height, 40);
    s.rows[1].tags = vec!["media".into()];
    press(&mut s, Command::Mark);
    press(&mut s, Command::Mark);
    press(&mut s, Command::Tag);
    keys(&mut s, &[TextKey::Enter]);
    typed(&mut s, "me");
    s
}

#[test]
fn tag_picker_over_marked_rows() {
    for (w, h) in SIZES {
        let s = tag_picker(w, h);
        let screen = draw(&s);
        assert!(
            screen.contains("Tags: Enter toggles (2 inquiries)"),
            "{screen}"
        );
        assert!(screen.contains("(2 marked)"), "{screen}");
        assert!(screen.contains("[ ] media"), "{screen}");
        assert!(screen.contains("+ new: me"), "{screen}");
        assert_snapshot!(format!("tag_picker_{w}x{h}"), screen);
    }
}

#[test]
fn tag_picker_shows_the_checked_tag() {
    for (w, h) in SIZES {
        let mut s = tag_picker(w, h);
        keys(&mut s, &[TextKey::ClearLine]);
        let screen = draw(&s);
        assert!(screen.contains("[x] urgent-call"), "{screen}");
        assert!(screen.contains("[ ] media"), "{screen}");
        assert_snapshot!(format!("tag_picker_checked_{w}x{h}"), screen);
    }
}

#[test]
fn close_picker() {
    for (w, h) in SIZES {
        let mut s = state(w, h, 40);
        press(&mut s, Command::Down);
        press(&mut s, Command::Close);
        keys(&mut s, &[TextKey::Down]);
        let screen = draw(&s);
        assert!(screen.contains("Close: why? (1 inquiry)"), "{screen}");
        for reason in Config::defaults().triage.close_reasons {
            assert!(screen.contains(&reason), "{reason}:\n{screen}");
        }
        assert_snapshot!(format!("close_picker_{w}x{h}"), screen);
    }
}

/// Row 0 is held by budi since 5 minutes; the claim asks to take over.
fn held_by_budi(width: u16, height: u16) -> State {
    let mut s = state(width, height, 40);
    s.counts = StatusCounts(vec![(Status::New, 38), (Status::Claimed, 2)]);
    s.rows[0].status = Status::Claimed;
    s.rows[0].claimed_by = Some("budi".into());
    s.rows[0].claimed_at = Some(common::now() - SignedDuration::from_mins(5));
    s.rows[2].status = Status::Claimed;
    s.rows[2].claimed_by = Some("alice".into());
    s.rows[2].claimed_at = Some(common::now() - SignedDuration::from_mins(40));
    s
}

#[test]
fn take_over_confirm() {
    for (w, h) in SIZES {
        let mut s = held_by_budi(w, h);
        let row = s.rows[0].clone();
        press(&mut s, Command::Claim);
        update(
            &mut s,
            Action::Applied {
                change: Change::Claim { take_over: false },
                outcomes: vec![Outcome {
                    id: row.id,
                    before: siaga::model::DeskState::of(&row),
                    result: Err(ApplyError::ClaimedBy {
                        holder: "budi".into(),
                        since: row.claimed_at,
                    }),
                }],
                undoable: true,
            },
        );
        let screen = draw(&s);
        assert!(screen.contains("claimed by budi 5m ago"), "{screen}");
        assert!(screen.contains("Take it over? (y/n)"), "{screen}");
        assert_snapshot!(format!("take_over_confirm_{w}x{h}"), screen);
    }
}

#[test]
fn note_input() {
    for (w, h) in SIZES {
        let mut s = state(w, h, 40);
        press(&mut s, Command::Note);
        typed(&mut s, "rang KBRI Riyadh, kasus dibuka");
        let screen = draw(&s);
        assert!(
            screen.contains("Internal note, never posted (1 inquiry)"),
            "{screen}"
        );
        assert!(
            screen.contains("rang KBRI Riyadh, kasus dibuka▏"),
            "{screen}"
        );
        assert_snapshot!(format!("note_input_{w}x{h}"), screen);
    }
}

/// What `LocalQueue::search` would answer: the same matcher and ranking.
fn search(rows: &[Inquiry], text: &str) -> Vec<Inquiry> {
    let matcher = Matcher::new(Query::parse(text).unwrap());
    rank(
        rows.iter()
            .filter_map(|r| matcher.score(r).map(|s| (s, r.clone())))
            .collect(),
    )
}

/// `/`, `text` typed, the searches answered (one stale, then the last).
fn searched(width: u16, height: u16, text: &str) -> (State, usize) {
    let mut s = state(width, height, 40);
    let all = s.rows.clone();
    press(&mut s, Command::Search);
    typed(&mut s, text);
    let results = search(&all, text);
    update(
        &mut s,
        Action::SearchDone {
            text: text[..1].to_string(),
            result: Ok(Vec::new()),
        },
    );
    let n = results.len();
    update(
        &mut s,
        Action::SearchDone {
            text: text.into(),
            result: Ok(results),
        },
    );
    (s, n)
}

#[test]
fn search_results_with_highlighted_matches() {
    for (w, h) in SIZES {
        let (s, n) = searched(w, h, "adik");
        assert_eq!(n, 10, "the ten \"adik\" rows");
        let screen = draw(&s);
        let found = format!(" /adik▏  {n} found · Esc: back");
        assert!(screen.contains(&found), "{found}:\n{screen}");
        let underlined = screen.lines().filter(|l| l.contains("^^^^")).count();
        assert_eq!(underlined, n, "every result shows its match:\n{screen}");
        assert_snapshot!(format!("search_results_{w}x{h}"), screen);
    }
}

#[test]
fn search_with_capitals_finds_and_an_empty_result_says_no_match() {
    let (_, lower) = searched(80, 24, "adik");
    let (_, upper) = searched(80, 24, "ADIK");
    assert_eq!(upper, lower, "case does not matter (#21)");
    let (s, n) = searched(80, 24, "Zzyzx");
    assert_eq!(n, 0);
    let screen = draw(&s);
    assert!(screen.contains("No match for “Zzyzx”."), "{screen}");
    assert!(!screen.contains("the queue is empty"), "{screen}");
}

#[test]
fn search_kept_with_enter_and_a_filter() {
    for (w, h) in SIZES {
        let (mut s, n) = searched(w, h, "prio:P3 mohon");
        assert_eq!(n, 10);
        // Enter opens the first match; back from it, the results stay.
        keys(&mut s, &[TextKey::Enter]);
        press(&mut s, Command::Back);
        press(&mut s, Command::Down);
        let screen = draw(&s);
        assert!(
            screen.contains(" /prio:P3 mohon  10 found · Esc: back"),
            "no cursor after Enter:\n{screen}"
        );
        assert!(screen.contains(" 2/10 "), "{screen}");
        assert_snapshot!(format!("search_kept_{w}x{h}"), screen);
    }
}

/// Where the matching word lies past the end of the shown text, nothing on
/// the row says why it matched (all of them at 120x40, where the list is
/// half as wide). Kept as a record of what the officer sees.
#[test]
fn search_match_beyond_the_cut() {
    for (w, h) in SIZES {
        let (s, n) = searched(w, h, "paspor");
        assert_eq!(n, 20);
        let screen = draw(&s);
        let underlined = screen.lines().filter(|l| l.contains("^^^^^^")).count();
        assert_eq!(underlined, if s.split() { 0 } else { 10 }, "{screen}");
        assert_snapshot!(format!("search_match_beyond_the_cut_{w}x{h}"), screen);
    }
}

#[test]
fn scattered_letters_that_did_not_match_are_not_highlighted() {
    let mut s = state(80, 24, 0);
    s.rows = vec![common::inquiry(
        1,
        siaga::model::Priority::P2,
        30,
        "ibu_sumarni",
        "@Kemlu_RI pak saya sudah pergi ke kantor polisi dan rumah sakit tapi belum ada kabar, paspor anak sy ditahan",
    )];
    press(&mut s, Command::Search);
    typed(&mut s, "paspor");
    let screen = draw(&s);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| render(&s, f)).unwrap();
    let underlined = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::UNDERLINED))
        .count();
    assert_eq!(
        underlined, 0,
        "\"paspor\" lies past the cut: p, a, s, p, o, r scattered over other words are not a match:\n{screen}"
    );
}

#[test]
fn row_claimed_by_a_colleague() {
    for (w, h) in SIZES {
        let s = held_by_budi(w, h);
        let screen = draw(&s);
        let row = screen_line(&screen, "[budi 5m]");
        assert!(row.starts_with("\"○P1"), "colleague's mark: {row}");
        let mine = screen_line(&screen, "warga_12");
        assert!(mine.starts_with("\"●P1"), "mine: {mine}");
        assert!(
            !mine.contains("[alice"),
            "my own claim is not named: {mine}"
        );
        if s.split() {
            assert!(screen.contains("claimed by budi 5m ago"), "{screen}");
        }
        assert_snapshot!(format!("claimed_by_colleague_{w}x{h}"), screen);
    }
}

#[test]
fn mine_view_selected() {
    for (w, h) in SIZES {
        let mut s = state(w, h, 40);
        press(&mut s, Command::NextView);
        let mut mine = common::rows(6);
        for (i, r) in mine.iter_mut().enumerate() {
            r.status = Status::Claimed;
            r.claimed_by = Some("alice".into());
            r.claimed_at = Some(common::now() - SignedDuration::from_mins(10 * i as i64 + 3));
        }
        update(
            &mut s,
            Action::ViewLoaded {
                groups: Vec::new(),
                for_view: None,
                rows: mine,
                more: false,
                append: false,
            },
        );
        update(&mut s, Action::ViewCounts(vec![40, 6, 8, 1, 2, 13, 62]));
        s.counts = StatusCounts(vec![
            (Status::New, 33),
            (Status::Claimed, 6),
            (Status::Escalated, 1),
            (Status::Snoozed, 2),
            (Status::Closed, 13),
        ]);
        let screen = draw(&s);
        let header = screen.lines().next().unwrap();
        assert!(header.contains(" Mine 6 "), "{header}");
        assert_snapshot!(format!("mine_view_{w}x{h}"), screen);
    }
}

/// Rows 1 and 3 carry alice's drafts (a reply, an escalation): the row
/// says so, so she knows `r` or `e` brings them back.
#[test]
fn rows_with_a_draft_say_so() {
    use siaga::model::{Channel, Draft, DraftBody, Lang, Priority};
    for (w, h) in SIZES {
        let mut s = state(w, h, 40);
        let reply = DraftBody::Reply {
            text: "Halo".into(),
            template: None,
            lang: Lang::Id,
            channel: Channel::Public,
        };
        let escalation = DraftBody::Escalation {
            mission: "riyadh".into(),
            severity: Priority::P1,
            summary: "s".into(),
            note: String::new(),
            via: None,
            reached: String::new(),
        };
        let drafts = [(1, reply), (3, escalation)]
            .map(|(i, body)| Draft {
                inquiry: s.rows[i].id,
                officer: "alice".into(),
                saved_at: common::now(),
                body,
            })
            .to_vec();
        update(&mut s, Action::DraftsLoaded(Ok(drafts)));
        let screen = draw(&s);
        assert_eq!(screen.matches("[draft]").count(), 2, "{screen}");
        assert_snapshot!(format!("rows_with_a_draft_say_so_{w}x{h}"), screen);
    }
}
