//! `update` as tables: (state, action) -> (state, effects). No terminal, no
//! store: the whole behaviour of the UI is a pure function.

use crate::common;

use common::ui::{cmd, reloaded};

use siaga::config::Config;
use siaga::ingest::{Health, HealthReport};
use siaga::model::InquiryId;
use siaga::queue::{QueueEvent, ViewQuery};
use siaga::ui::keymap::Keymap;
use siaga::ui::{Action, Command, Effect, Mode, State, update};

fn state_with(n: u64) -> State {
    let mut s = State::new(
        "alice",
        Keymap::from_config(&Config::defaults().keys),
        common::now(),
    );
    s.rows = common::rows(n);
    s.width = 80;
    s.height = 24;
    s
}

#[test]
fn movement_table() {
    // (rows, start, command, expected selection)
    let table = [
        (10, 0, Command::Down, 1),
        (10, 9, Command::Down, 9),
        (10, 0, Command::Up, 0),
        (10, 5, Command::Up, 4),
        (10, 5, Command::Top, 0),
        (10, 2, Command::Bottom, 9),
        (100, 0, Command::PageDown, 20),
        (100, 50, Command::PageUp, 30),
        (0, 0, Command::Down, 0),
    ];
    for (n, start, command, expected) in table {
        let mut s = state_with(n);
        s.selected = start;
        update(&mut s, cmd(command));
        assert_eq!(s.selected, expected, "{command:?} from {start} of {n}");
        if n > 0 {
            assert!(
                s.selected >= s.offset && s.selected < s.offset + s.list_height(),
                "selection on screen"
            );
        }
    }
}

#[test]
fn open_back_help_quit_table() {
    let mut s = state_with(5);
    s.selected = 2;
    let id = s.rows[2].id;
    assert_eq!(
        update(&mut s, cmd(Command::Open)),
        vec![Effect::LoadDetail(id)]
    );
    assert_eq!(s.mode, Mode::Detail);

    assert!(update(&mut s, cmd(Command::Help)).is_empty());
    assert_eq!(s.mode, Mode::Help { over_detail: true });
    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Detail, "help returns to the mode beneath");

    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Queue);

    // Commands that do not belong to a mode do nothing there.
    assert!(update(&mut s, cmd(Command::ScrollDown)).is_empty());
    assert_eq!(s.selected, 2);

    assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn open_on_an_empty_queue_does_nothing() {
    let mut s = state_with(0);
    assert!(update(&mut s, cmd(Command::Open)).is_empty());
    assert_eq!(s.mode, Mode::Queue);
}

#[test]
fn detail_next_prev_move_and_load() {
    let mut s = state_with(5);
    update(&mut s, cmd(Command::Open));
    let effects = update(&mut s, cmd(Command::Next));
    assert_eq!(s.selected, 1);
    assert_eq!(effects, vec![Effect::LoadDetail(s.rows[1].id)]);
    update(&mut s, cmd(Command::Prev));
    assert_eq!(s.selected, 0);
}

fn arrived(ids: &[u64], urgent: &[u64]) -> Action {
    Action::Queue(QueueEvent::Arrived {
        source: "demo".into(),
        ids: ids.iter().copied().map(InquiryId).collect(),
        urgent: urgent.iter().copied().map(InquiryId).collect(),
    })
}

/// `common::rows(n)` with urgent arrivals sorted above them, newest first.
fn with_arrivals(n: u64, arrivals: &[(u64, siaga::model::Priority)]) -> Vec<siaga::model::Inquiry> {
    let mut rows = common::rows(n);
    for (id, priority) in arrivals {
        rows.insert(0, common::inquiry(*id, *priority, 900, "baru", "tolong"));
    }
    rows
}

#[test]
fn new_rows_keep_a_scrolled_selection_on_the_same_inquiry_and_screen_line() {
    let mut s = state_with(60);
    for _ in 0..30 {
        update(&mut s, cmd(Command::Down));
    }
    assert!(s.offset > 0, "scrolled");
    let (id, line) = (s.selected_id().unwrap(), s.selected - s.offset);
    use siaga::model::Priority::{P1, P3};
    update(&mut s, arrived(&[901, 902, 903], &[901, 902]));
    reloaded(
        &mut s,
        with_arrivals(60, &[(901, P1), (902, P1), (903, P3)]),
    );
    assert_eq!(s.selected_id(), Some(id), "same inquiry stays selected");
    assert_eq!(s.selected - s.offset, line, "and on the same screen line");
    assert_eq!(s.arrived_above(), (3, 2), "▲ 3 new above, 2 P1");
}

#[test]
fn arrivals_at_the_top_stay_in_sight_and_the_selection_stays_put() {
    let mut s = state_with(30);
    for _ in 0..5 {
        update(&mut s, cmd(Command::Down));
    }
    let id = s.selected_id().unwrap();
    use siaga::model::Priority::P1;
    update(&mut s, arrived(&[901, 902], &[901, 902]));
    reloaded(&mut s, with_arrivals(30, &[(901, P1), (902, P1)]));
    assert_eq!(s.offset, 0, "the top was showing, so it still shows");
    assert_eq!(
        s.selected_id(),
        Some(id),
        "the officer's inquiry stays selected"
    );
    assert_eq!(s.selected, 7);
    assert_eq!(s.arrived_above(), (0, 0), "nothing is out of sight");
}

#[test]
fn before_the_first_key_the_first_screen_starts_at_the_top() {
    let mut s = state_with(0);
    reloaded(&mut s, common::rows(24));
    use siaga::model::Priority::P1;
    update(&mut s, arrived(&[901], &[]));
    reloaded(&mut s, with_arrivals(24, &[(901, P1)]));
    assert_eq!(
        (s.selected, s.offset),
        (0, 0),
        "1/25, the new top row shown and selected"
    );
    // Once the officer has pressed a key, the selection is theirs.
    update(&mut s, cmd(Command::Down));
    let id = s.selected_id().unwrap();
    update(&mut s, arrived(&[902], &[]));
    reloaded(&mut s, with_arrivals(24, &[(901, P1), (902, P1)]));
    assert_eq!(s.selected_id(), Some(id));
}

#[test]
fn unseen_arrivals_are_forgotten_once_they_come_into_view() {
    let mut s = state_with(60);
    for _ in 0..40 {
        update(&mut s, cmd(Command::Down));
    }
    use siaga::model::Priority::{P1, P2};
    update(&mut s, arrived(&[901, 902], &[901]));
    reloaded(&mut s, with_arrivals(60, &[(901, P1), (902, P2)]));
    assert_eq!(s.arrived_above(), (2, 1));
    // A later reload without new arrivals keeps counting them.
    reloaded(&mut s, with_arrivals(60, &[(901, P1), (902, P2)]));
    assert_eq!(s.arrived_above(), (2, 1));
    update(&mut s, cmd(Command::Top));
    assert_eq!(s.offset, 0);
    assert_eq!(s.arrived_above(), (0, 0));
    assert!(s.unseen_above.is_empty(), "seen once, never counted again");
    // Scrolling back down does not bring the count back.
    for _ in 0..40 {
        update(&mut s, cmd(Command::Down));
    }
    assert_eq!(s.arrived_above(), (0, 0));
}

#[test]
fn a_p1_arrival_rings_once_and_is_named_in_the_status_bar_whatever_the_view() {
    let mut s = state_with(10);
    let effects = update(&mut s, arrived(&[901, 902, 903], &[901, 903]));
    assert_eq!(
        effects.iter().filter(|e| **e == Effect::Bell).count(),
        1,
        "one bell for the batch: {effects:?}"
    );
    assert_eq!(s.message.as_deref(), Some("New P1: #901 #903"));
    let effects = update(&mut s, arrived(&[904], &[]));
    assert!(!effects.contains(&Effect::Bell), "no bell for a P3");
    // `[ui] bell_on_p1 = false`: the word, no bell.
    s.bell_on_p1 = false;
    let effects = update(&mut s, arrived(&[905], &[905]));
    assert!(!effects.contains(&Effect::Bell));
    assert_eq!(s.message.as_deref(), Some("New P1: #905"));
}

#[test]
fn selected_inquiry_gone_keeps_the_index() {
    let mut s = state_with(10);
    s.selected = 4;
    s.placed = true;
    let mut rows = common::rows(10);
    rows.remove(4);
    update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows,
            more: false,
            append: false,
        },
    );
    assert_eq!(s.selected, 4);
}

#[test]
fn queue_events_reload_one_running_one_pending() {
    let mut s = state_with(3);
    let arrived = || {
        Action::Queue(QueueEvent::Arrived {
            source: "demo".into(),
            ids: vec![InquiryId(7)],
            urgent: Vec::new(),
        })
    };
    let effects = update(&mut s, arrived());
    assert!(effects.contains(&Effect::LoadCounts));
    assert!(matches!(
        effects.last(),
        Some(Effect::LoadView { append: false, .. })
    ));
    assert!(s.loading);
    // While loading: no second load, one pending; counts still refresh.
    for _ in 0..2 {
        let effects = update(&mut s, arrived());
        assert!(effects.contains(&Effect::LoadCounts));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::LoadViewCounts(_)))
        );
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::LoadView { .. })),
            "{effects:?}"
        );
    }
    assert!(s.reload_pending);
    // The load finishes: exactly one more reload.
    let effects = update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: common::rows(3),
            more: false,
            append: false,
        },
    );
    assert!(matches!(
        effects.as_slice(),
        [Effect::LoadView { append: false, .. }]
    ));
    assert!(!s.reload_pending);
    let effects = update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: common::rows(3),
            more: false,
            append: false,
        },
    );
    assert!(effects.is_empty());
}

#[test]
fn reload_keeps_as_many_rows_as_loaded() {
    let mut s = state_with(450);
    s.page_size = 200;
    let effects = update(
        &mut s,
        Action::Queue(QueueEvent::Arrived {
            source: "x".into(),
            ids: vec![],
            urgent: vec![],
        }),
    );
    let limit = effects.iter().find_map(|e| match e {
        Effect::LoadView {
            query: ViewQuery { limit, .. },
            ..
        } => Some(*limit),
        _ => None,
    });
    assert_eq!(limit, Some(450));
}

#[test]
fn scrolling_near_the_end_loads_the_next_page_once() {
    let mut s = state_with(30);
    s.more = true;
    s.selected = 8;
    assert!(
        update(&mut s, cmd(Command::Down)).is_empty(),
        "far from the end: nothing to load"
    );
    let effects = update(&mut s, cmd(Command::Down));
    let last = s.rows.last().unwrap().clone();
    let expected = Effect::LoadView {
        query: siaga::queue::ViewQuery {
            facet: s.current_view().facet.clone(),
            statuses: s.current_view().statuses.clone(),
            after: Some(siaga::queue::QueuePosWire::of(&last)),
            limit: s.page_size,
        },
        append: true,
    };
    assert_eq!(effects, vec![expected]);
    assert!(
        update(&mut s, cmd(Command::Down)).is_empty(),
        "no second load while one runs"
    );
    let page: Vec<_> = common::rows(40)
        .into_iter()
        .filter(|r| r.id.0 > 30)
        .collect();
    update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: page,
            more: false,
            append: true,
        },
    );
    assert_eq!(s.rows.len(), 40);
    assert!(!s.more);
}

#[test]
fn appended_pages_never_duplicate_rows() {
    let mut s = state_with(10);
    update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: common::rows(12),
            more: false,
            append: true,
        },
    );
    assert_eq!(s.rows.len(), 12);
}

#[test]
fn health_counts_failures_and_ticks_are_recorded() {
    let mut s = state_with(1);
    update(
        &mut s,
        Action::Health(HealthReport {
            source: "demo".into(),
            health: Health::Starting,
        }),
    );
    assert_eq!(s.health.get("demo"), Some(&Health::Starting));
    update(&mut s, Action::Failed("store unreachable".into()));
    assert_eq!(s.message.as_deref(), Some("store unreachable"));
    let later = common::now() + jiff::SignedDuration::from_mins(5);
    update(&mut s, Action::Tick(later));
    assert_eq!(s.now, later);
}

#[test]
fn resize_keeps_selection_visible_and_wide_screens_load_detail() {
    let mut s = state_with(50);
    s.selected = 40;
    s.offset = 30;
    let effects = update(
        &mut s,
        Action::Resize {
            width: 160,
            height: 10,
        },
    );
    assert!(s.selected >= s.offset && s.selected < s.offset + s.list_height());
    assert_eq!(
        effects,
        vec![Effect::LoadDetail(s.rows[40].id)],
        "split view shows the detail"
    );
}

#[test]
fn reveal_is_recorded_first_then_shown_and_leaving_masks_again() {
    use siaga::model::DeskState;
    use siaga::queue::{Change, InquiryDetail};
    use siaga::ui::action::Outcome;
    let mut s = state_with(3);
    s.rows[0].text = "paspor saya A1234567, hp +62 812-3456-7890".into();
    update(&mut s, cmd(Command::Open));
    let detail = InquiryDetail {
        inquiry: s.rows[0].clone(),
        history: vec![],
        replies: vec![],
        rules: siaga::reply::PlatformRules::x(),
        escalations: vec![],
        same_author_open: Vec::new(),
    };
    update(&mut s, Action::DetailLoaded(Box::new(detail)));
    let id = s.rows[0].id;

    // `v` asks the desk to record the reveal; nothing is shown before.
    let effects = update(&mut s, cmd(Command::Reveal));
    let [
        Effect::Apply {
            targets,
            change: change @ Change::Reveal { .. },
            undoable: false,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(targets[0].0, id);
    assert_eq!(s.revealed, None);

    // Recorded: shown. A refusal would have left it masked.
    let row = s.rows[0].clone();
    update(
        &mut s,
        Action::Applied {
            change: change.clone(),
            outcomes: vec![Outcome {
                id,
                before: DeskState::of(&row),
                result: Ok(Box::new(row.clone())),
            }],
            undoable: false,
        },
    );
    assert_eq!(s.revealed, Some(id));
    assert!(s.undo.is_empty(), "a reveal is not undone");

    // `v` again masks without asking; leaving the detail masks too.
    update(&mut s, cmd(Command::Reveal));
    assert_eq!(s.revealed, None);
    s.revealed = Some(id);
    update(&mut s, cmd(Command::Next));
    assert_eq!(s.revealed, None, "another inquiry is never revealed");
}

#[test]
fn c_d_and_c_u_page_the_detail_as_in_the_queue() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let keymap = Keymap::from_config(&Config::defaults().keys);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    for mode in ["queue", "detail"] {
        assert_eq!(
            keymap.lookup(mode, &ctrl('d')),
            Some(Command::PageDown),
            "{mode}"
        );
        assert_eq!(
            keymap.lookup(mode, &ctrl('u')),
            Some(Command::PageUp),
            "{mode}"
        );
    }
}
