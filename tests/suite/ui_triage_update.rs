//! The officer's triage in `update`, as tables: (state, actions) ->
//! (state, effects). Marks, bulk targets, the pickers (tag, close, snooze,
//! priority, category), notes, claims and take-overs, undo, search as you
//! type, views, ticks and quitting. No terminal, no store.

use crate::common;

use common::ui::{chars, checked, cmd, key, labels, picker, queue_state, run};

use jiff::{SignedDuration, Timestamp};
use siaga::config::Config;
use siaga::model::{DeskState, Inquiry, InquiryId, Priority, Status};
use siaga::queue::{Change, QueueEvent, ViewQuery};
use siaga::store::Facet;
use siaga::ui::action::{ApplyError, Outcome};
use siaga::ui::action::{Target, TextKey};
use siaga::ui::app::UiOptions;
use siaga::ui::overlay::{Overlay, PickerKind};
use siaga::ui::{Action, Command, Effect, Mode, State, update};

/// Most results one search asks for (`update::search::SEARCH_LIMIT`).
const SEARCH_LIMIT: usize = 500;

fn state(n: u64) -> State {
    let options = UiOptions::from_config(&Config::defaults(), "alice", false, true);
    queue_state(&options, n)
}

fn target(inq: &Inquiry) -> Target {
    (inq.id, DeskState::of(inq))
}

fn apply(targets: Vec<Target>, change: Change) -> Effect {
    Effect::Apply {
        targets,
        change,
        undoable: true,
    }
}

/// A change that went through: `inq` before, edited by `edit` after.
fn ok(inq: &Inquiry, edit: impl FnOnce(&mut Inquiry)) -> Outcome {
    let mut after = inq.clone();
    edit(&mut after);
    Outcome {
        id: inq.id,
        before: DeskState::of(inq),
        result: Ok(Box::new(after)),
    }
}

fn refused(inq: &Inquiry, why: ApplyError) -> Outcome {
    Outcome {
        id: inq.id,
        before: DeskState::of(inq),
        result: Err(why),
    }
}

fn budi(since: Option<Timestamp>) -> ApplyError {
    ApplyError::ClaimedBy {
        holder: "budi".into(),
        since,
    }
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn ids(s: &State, rows: &[usize]) -> Vec<InquiryId> {
    rows.iter().map(|i| s.rows[*i].id).collect()
}

fn marked(s: &State) -> Vec<InquiryId> {
    s.marked.iter().copied().collect()
}

fn mark_rows(s: &mut State, rows: &[usize]) {
    for i in rows {
        s.marked.insert(s.rows[*i].id);
    }
}

fn search_effect(view: ViewQuery, text: &str) -> Effect {
    Effect::Search {
        view,
        text: text.into(),
        limit: SEARCH_LIMIT,
    }
}

fn inbox_query(limit: usize) -> ViewQuery {
    ViewQuery {
        facet: Facet::All,
        statuses: Status::OPEN.to_vec(),
        after: None,
        limit,
    }
}

fn search_done(text: &str, rows: Vec<Inquiry>) -> Action {
    Action::SearchDone {
        text: text.into(),
        result: Ok(rows),
    }
}

// ---------------------------------------------------------------- marks

#[test]
fn space_marks_toggles_and_moves_down() {
    use Command::{Mark, Up};
    // (rows, selected, commands, marked rows after, selected after)
    type Row = (u64, usize, &'static [Command], &'static [usize], usize);
    let table: [Row; 9] = [
        (5, 0, &[Mark], &[0], 1),
        (5, 0, &[Mark, Mark], &[0, 1], 2),
        (5, 0, &[Mark, Up, Mark], &[], 1),
        (5, 2, &[Mark, Up, Up, Mark, Mark], &[1], 3),
        (5, 0, &[Mark, Mark, Mark, Mark, Mark], &[0, 1, 2, 3, 4], 4),
        (5, 4, &[Mark], &[4], 4),
        (5, 4, &[Mark, Mark], &[], 4),
        (5, 3, &[Mark, Mark, Mark], &[3], 4),
        (0, 0, &[Mark], &[], 0),
    ];
    for (n, start, commands, want_marked, want_selected) in table {
        let mut s = state(n);
        s.selected = start;
        let effects = run(&mut s, commands.iter().map(|c| cmd(*c)));
        let label = format!("{commands:?} from {start} of {n}");
        assert!(effects.is_empty(), "{label}: {effects:?}");
        let mut want = ids(&s, want_marked);
        want.sort();
        assert_eq!(marked(&s), want, "{label}: marked");
        assert_eq!(s.selected, want_selected, "{label}: selection");
    }
}

#[test]
fn marking_keeps_the_selection_on_screen_and_loads_the_detail_when_split() {
    let mut s = state(30);
    s.width = 160;
    s.selected = 0;
    let effects = update(&mut s, cmd(Command::Mark));
    assert_eq!(effects, vec![Effect::LoadDetail(s.rows[1].id)]);
    let mut s = state(30);
    s.height = 6; // two list rows
    run(&mut s, (0..3).map(|_| cmd(Command::Mark)));
    assert_eq!(s.selected, 3);
    assert!(s.offset <= 3 && 3 < s.offset + s.list_height());
}

// ------------------------------------------------------- bulk targets

/// Each change, from its key to its Effect::Apply (default choices).
fn flows() -> Vec<(&'static str, Vec<Action>, Change)> {
    let first_category = state(0).choices.categories[0].clone();
    let mut note = vec![cmd(Command::Note)];
    note.extend(chars("rang KBRI"));
    note.push(key(TextKey::Enter));
    vec![
        (
            "claim",
            vec![cmd(Command::Claim)],
            Change::Claim { take_over: false },
        ),
        (
            "close",
            vec![cmd(Command::Close), key(TextKey::Enter)],
            Change::Close {
                reason: "answered".into(),
            },
        ),
        (
            "snooze",
            vec![cmd(Command::Snooze), key(TextKey::Enter)],
            Change::Snooze {
                until: common::now() + mins(60),
            },
        ),
        (
            "priority",
            vec![cmd(Command::Priority), key(TextKey::Enter)],
            Change::SetPriority {
                priority: Priority::P1,
            },
        ),
        (
            "category",
            vec![cmd(Command::Category), key(TextKey::Enter)],
            Change::SetCategory {
                category: first_category,
            },
        ),
        (
            "note",
            note,
            Change::Note {
                text: "rang KBRI".into(),
            },
        ),
        (
            "tag",
            vec![cmd(Command::Tag), key(TextKey::Enter)],
            Change::Tag {
                tag: "urgent-call".into(),
            },
        ),
    ]
}

#[test]
fn changes_apply_to_the_marked_rows_else_the_selected_one() {
    // (marked rows, selected, target rows in queue order)
    let table: [(&[usize], usize, &[usize]); 5] = [
        (&[], 2, &[2]),
        (&[], 0, &[0]),
        (&[1, 3], 0, &[1, 3]),
        (&[4, 1], 2, &[1, 4]),
        (&[2], 5, &[2]),
    ];
    for (name, actions, change) in flows() {
        for (marks, selected, want) in table {
            let mut s = state(6);
            s.selected = selected;
            mark_rows(&mut s, marks);
            let targets: Vec<Target> = want.iter().map(|i| target(&s.rows[*i])).collect();
            let effects = run(&mut s, actions.clone());
            assert_eq!(
                effects,
                vec![apply(targets, change.clone())],
                "{name} with marks {marks:?}, selected {selected}"
            );
        }
    }
}

#[test]
fn changes_on_an_empty_queue_do_nothing() {
    use Command::*;
    for c in [Claim, Close, Snooze, Priority, Category, Note, Tag, Mark] {
        let mut s = state(0);
        assert!(update(&mut s, cmd(c)).is_empty(), "{c:?}");
        assert!(s.overlay.is_none(), "{c:?} opens nothing");
        assert!(!s.typing());
    }
}

#[test]
fn the_detail_pane_triages_the_inquiry_it_shows() {
    let mut s = state(5);
    s.selected = 3;
    let row = s.rows[3].clone();
    update(&mut s, cmd(Command::Open));
    assert_eq!(s.mode, Mode::Detail);
    assert_eq!(
        update(&mut s, cmd(Command::Claim)),
        vec![apply(
            vec![target(&row)],
            Change::Claim { take_over: false }
        )]
    );
    update(&mut s, cmd(Command::Tag));
    assert_eq!(picker(&s).targets, vec![target(&row)]);
    assert!(s.typing(), "keys type into the picker");
}

// ---------------------------------------------------------------- claim

#[test]
fn a_claim_held_by_a_colleague_asks_before_taking_over() {
    let yes = TextKey::Char('y');
    // (keys at the question, taken over)
    let table: [(&[TextKey], bool); 8] = [
        (&[yes], true),
        (&[TextKey::Char('Y')], true),
        // Enter out of habit must not take a colleague's case: only `y`.
        (&[TextKey::Enter, TextKey::Esc], false),
        (&[TextKey::Char('n')], false),
        (&[TextKey::Char('N')], false),
        (&[TextKey::Esc], false),
        (&[TextKey::Char('q'), TextKey::Down, yes], true),
        (&[TextKey::Backspace, TextKey::Esc], false),
    ];
    for (keys, taken) in table {
        let mut s = state(4);
        s.selected = 1;
        let row = s.rows[1].clone();
        let effects = update(&mut s, cmd(Command::Claim));
        assert_eq!(
            effects,
            vec![apply(
                vec![target(&row)],
                Change::Claim { take_over: false }
            )]
        );
        let effects = update(
            &mut s,
            Action::Applied {
                change: Change::Claim { take_over: false },
                outcomes: vec![refused(&row, budi(Some(common::now() - mins(5))))],
                undoable: true,
            },
        );
        assert!(effects.is_empty());
        let Some(Overlay::Confirm(confirm)) = &s.overlay else {
            panic!("no confirm: {:?}", s.overlay);
        };
        assert_eq!(
            confirm.question,
            format!(
                "Inquiry {} is claimed by budi 5m ago. Take it over? (y/n)",
                row.id
            )
        );
        assert!(s.typing(), "the answer is typed");
        assert!(s.undo.is_empty(), "nothing changed yet");
        let effects = run(&mut s, keys.iter().map(|k| key(*k)));
        let want = if taken {
            vec![apply(vec![target(&row)], Change::Claim { take_over: true })]
        } else {
            Vec::new()
        };
        assert_eq!(effects, want, "{keys:?}");
        assert!(s.overlay.is_none(), "{keys:?} answers the question");
    }
}

#[test]
fn claim_refusals_table() {
    let since = Some(common::now() - mins(5));
    // (change, outcomes by row, confirm question, message, undo steps)
    type Row = (
        Change,
        Vec<(usize, Option<ApplyError>)>,
        Option<&'static str>,
        Option<&'static str>,
        usize,
    );
    let claim = Change::Claim { take_over: false };
    let table: Vec<Row> = vec![
        (
            claim.clone(),
            vec![(0, Some(budi(None)))],
            Some("Inquiry 4 is claimed by budi. Take it over? (y/n)"),
            None,
            0,
        ),
        (
            Change::Claim { take_over: true },
            vec![(0, Some(budi(since)))],
            None,
            Some("claimed: 0; 1 refused (claimed by budi)"),
            0,
        ),
        (
            claim.clone(),
            vec![(0, Some(budi(since))), (1, Some(budi(since)))],
            None,
            Some("claimed: 0; 2 refused (claimed by budi)"),
            0,
        ),
        (
            claim.clone(),
            vec![(0, Some(ApplyError::Other("inquiry 4 is closed".into())))],
            None,
            Some("claimed: 0; 1 refused (inquiry 4 is closed)"),
            0,
        ),
        (
            claim.clone(),
            vec![(0, None), (1, Some(budi(since)))],
            Some("Inquiry 3 is claimed by budi 5m ago. Take it over? (y/n)"),
            None,
            1,
        ),
        (
            Change::Close {
                reason: "answered".into(),
            },
            vec![(0, Some(budi(since)))],
            None,
            Some("closed: 0; 1 refused (claimed by budi)"),
            0,
        ),
        (claim, vec![(0, None)], None, Some("claimed: 1"), 1),
    ];
    for (change, outcomes, question, message, steps) in table {
        let mut s = state(4);
        assert_eq!((s.rows[0].id.0, s.rows[1].id.0), (4, 3), "fixture order");
        let outcomes = outcomes
            .into_iter()
            .map(|(i, err)| match err {
                Some(e) => refused(&s.rows[i], e),
                None => ok(&s.rows[i], |inq| inq.claimed_by = Some("alice".into())),
            })
            .collect();
        let label = format!("{change:?}");
        let effects = update(
            &mut s,
            Action::Applied {
                change,
                outcomes,
                undoable: true,
            },
        );
        assert!(effects.is_empty(), "{label}");
        match (&s.overlay, question) {
            (Some(Overlay::Confirm(c)), Some(q)) => assert_eq!(c.question, q, "{label}"),
            (None, None) => {}
            (other, q) => panic!("{label}: overlay {other:?}, wanted {q:?}"),
        }
        assert_eq!(s.message.as_deref(), message, "{label}");
        assert_eq!(s.undo.len(), steps, "{label}");
    }
}

#[test]
fn a_late_claim_refusal_does_not_throw_away_the_note_being_typed() {
    let mut s = state(4);
    let row = s.rows[0].clone();
    update(&mut s, cmd(Command::Claim));
    // The officer goes on before the store answers.
    run(
        &mut s,
        [vec![cmd(Command::Note)], chars("rang KBRI")].concat(),
    );
    update(
        &mut s,
        Action::Applied {
            change: Change::Claim { take_over: false },
            outcomes: vec![refused(&row, budi(None))],
            undoable: true,
        },
    );
    assert!(
        matches!(&s.overlay, Some(Overlay::Input(i)) if i.text == "rang KBRI"),
        "the note survives: {:?}",
        s.overlay
    );
}

// --------------------------------------------------------- tag picker

#[test]
fn the_tag_picker_toggles_on_every_target_and_stays_open() {
    let mut s = state(6);
    s.rows[0].tags = vec!["media".into(), "vip".into()];
    s.rows[1].tags = vec!["media".into()];
    s.rows[2].tags = vec!["consulate".into()];
    let (r0, r1) = (s.rows[0].clone(), s.rows[1].clone());
    run(&mut s, [cmd(Command::Mark), cmd(Command::Mark)]);
    assert!(update(&mut s, cmd(Command::Tag)).is_empty());
    let p = picker(&s);
    assert_eq!(p.kind, PickerKind::Tag);
    assert_eq!(p.title, "Tags: Enter toggles (2 inquiries)");
    assert!(p.allow_new);
    let mut want_labels = Config::defaults().triage.tags.clone();
    want_labels.extend(["vip".to_string(), "consulate".to_string()]);
    assert_eq!(labels(p), want_labels, "configured tags, then tags in use");
    assert_eq!(checked(p), ["media"], "checked when every target has it");
    assert_eq!(p.targets, vec![target(&r0), target(&r1)]);

    // (keys, change, checked after)
    let steps: Vec<(Vec<Action>, Change, Vec<&str>)> = vec![
        (
            vec![key(TextKey::Enter)],
            Change::Tag {
                tag: "urgent-call".into(),
            },
            vec!["urgent-call", "media"],
        ),
        (
            [chars("media"), vec![key(TextKey::Enter)]].concat(),
            Change::Untag {
                tag: "media".into(),
            },
            vec!["urgent-call"],
        ),
        (
            [chars("vip"), vec![key(TextKey::Enter)]].concat(),
            Change::Tag { tag: "vip".into() },
            vec!["urgent-call", "vip"],
        ),
        (
            vec![key(TextKey::Enter)],
            Change::Untag {
                tag: "urgent-call".into(),
            },
            vec!["vip"],
        ),
        (
            [chars("visa-run"), vec![key(TextKey::Enter)]].concat(),
            Change::Tag {
                tag: "visa-run".into(),
            },
            vec!["vip", "visa-run"],
        ),
        (
            [chars("preg"), vec![key(TextKey::Enter)]].concat(),
            Change::Tag {
                tag: "pregnant".into(),
            },
            vec!["pregnant", "vip", "visa-run"],
        ),
        (
            vec![key(TextKey::Down), key(TextKey::Enter)],
            Change::Tag {
                tag: "minor".into(),
            },
            vec!["minor", "pregnant", "vip", "visa-run"],
        ),
        (
            [
                chars("zzz"),
                vec![
                    key(TextKey::ClearLine),
                    key(TextKey::Down),
                    key(TextKey::Enter),
                ],
            ]
            .concat(),
            Change::Untag {
                tag: "minor".into(),
            },
            vec!["pregnant", "vip", "visa-run"],
        ),
    ];
    for (keys, change, want_checked) in steps {
        let targets_before = picker(&s).targets.clone();
        let effects = run(&mut s, keys);
        assert_eq!(effects, vec![apply(targets_before, change.clone())]);
        let p = picker(&s);
        assert_eq!(checked(p), want_checked, "after {change:?}");
        assert!(p.query.is_empty() && p.selected == 0, "ready for the next");
        assert_eq!(s.marked.len(), 2, "marks stay while tagging");
    }
    let p = picker(&s);
    assert_eq!(
        labels(p).last().map(String::as_str),
        Some("visa-run"),
        "a new name joins the list"
    );
    let tags: Vec<Vec<String>> = p.targets.iter().map(|(_, d)| d.tags.clone()).collect();
    assert_eq!(
        tags,
        vec![
            vec!["vip", "visa-run", "pregnant"],
            vec!["vip", "visa-run", "pregnant"]
        ],
        "the picker's targets follow what it did, for the next toggle and undo"
    );

    // A result arriving keeps the picker and the marks.
    let outcomes = vec![
        ok(&r0, |i| i.tags.push("pregnant".into())),
        ok(&r1, |i| i.tags.push("pregnant".into())),
    ];
    update(
        &mut s,
        Action::Applied {
            change: Change::Tag {
                tag: "pregnant".into(),
            },
            outcomes,
            undoable: true,
        },
    );
    assert!(matches!(s.overlay, Some(Overlay::Picker(_))));
    assert_eq!(s.marked.len(), 2);
    assert_eq!(s.message.as_deref(), Some("tagged: 2"));

    // Esc closes it and clears the marks.
    assert!(update(&mut s, key(TextKey::Esc)).is_empty());
    assert!(s.overlay.is_none());
    assert!(s.marked.is_empty());
}

#[test]
fn the_tag_picker_on_one_inquiry_and_picker_keys() {
    let mut s = state(3);
    s.selected = 2;
    s.rows[2].tags = vec!["minor".into()];
    update(&mut s, cmd(Command::Tag));
    let p = picker(&s);
    assert_eq!(p.title, "Tags: Enter toggles (1 inquiry)");
    assert_eq!(checked(p), ["minor"]);
    // (keys, selected row in the picker, query)
    let table: Vec<(Vec<TextKey>, usize, &str)> = vec![
        (vec![TextKey::Down], 1, ""),
        (vec![TextKey::Down, TextKey::Down, TextKey::Up], 1, ""),
        (vec![TextKey::Up], 0, ""),
        (vec![TextKey::Down; 20], 7, ""),
        (vec![TextKey::Down, TextKey::Char('m')], 0, "m"),
        (
            vec![TextKey::Char('m'), TextKey::Char('x'), TextKey::Backspace],
            0,
            "m",
        ),
        (vec![TextKey::Char('m'), TextKey::ClearLine], 0, ""),
    ];
    for (keys, selected, query) in table {
        let mut t = s.clone();
        assert!(run(&mut t, keys.iter().map(|k| key(*k))).is_empty());
        let p = picker(&t);
        assert_eq!(
            (p.selected, p.query.as_str()),
            (selected, query),
            "{keys:?}"
        );
    }
    // Enter on the tag it has removes it.
    let effects = run(&mut s, [chars("minor"), vec![key(TextKey::Enter)]].concat());
    assert!(matches!(
        effects.as_slice(),
        [Effect::Apply { change: Change::Untag { tag }, .. }] if tag == "minor"
    ));
}

// ----------------------------------------------------- other pickers

#[test]
fn the_close_picker_table() {
    // (keys after `x`, reason chosen)
    let table: Vec<(Vec<Action>, Option<&str>)> = vec![
        (vec![key(TextKey::Enter)], Some("answered")),
        (
            vec![key(TextKey::Down), key(TextKey::Enter)],
            Some("referred to the mission"),
        ),
        (
            vec![
                key(TextKey::Down),
                key(TextKey::Down),
                key(TextKey::Up),
                key(TextKey::Enter),
            ],
            Some("referred to the mission"),
        ),
        (
            [chars("phone"), vec![key(TextKey::Enter)]].concat(),
            Some("handled by phone"),
        ),
        (
            [chars("moved away"), vec![key(TextKey::Enter)]].concat(),
            Some("moved away"),
        ),
        (
            [
                chars("zz"),
                vec![
                    key(TextKey::Backspace),
                    key(TextKey::Backspace),
                    key(TextKey::Enter),
                ],
            ]
            .concat(),
            Some("answered"),
        ),
        (
            [
                chars("phone"),
                vec![key(TextKey::ClearLine), key(TextKey::Enter)],
            ]
            .concat(),
            Some("answered"),
        ),
        (vec![key(TextKey::Esc)], None),
        ([chars("spam"), vec![key(TextKey::Esc)]].concat(), None),
    ];
    for (keys, reason) in table {
        let mut s = state(5);
        mark_rows(&mut s, &[1, 2]);
        let targets = vec![target(&s.rows[1]), target(&s.rows[2])];
        assert!(update(&mut s, cmd(Command::Close)).is_empty());
        let p = picker(&s);
        assert_eq!(p.kind, PickerKind::Close);
        assert_eq!(p.title, "Close: why? (2 inquiries)");
        assert_eq!(labels(p), Config::defaults().triage.close_reasons);
        assert!(checked(p).is_empty(), "no checks outside tags");
        let effects = run(&mut s, keys.clone());
        let want = reason
            .map(|r| {
                apply(
                    targets.clone(),
                    Change::Close {
                        reason: r.to_string(),
                    },
                )
            })
            .into_iter()
            .collect::<Vec<_>>();
        assert_eq!(effects, want, "{keys:?}");
        assert!(s.overlay.is_none(), "{keys:?} closes the picker");
        assert_eq!(s.marked.len(), 2, "marks stay until the result");
    }
}

#[test]
fn the_snooze_picker_table() {
    let down = || key(TextKey::Down);
    let enter = || key(TextKey::Enter);
    // (keys after `s`, minutes from now)
    let table: Vec<(Vec<Action>, i64)> = vec![
        (vec![enter()], 60),
        (vec![down(), enter()], 4 * 60),
        (vec![down(), down(), enter()], 8 * 60),
        (vec![down(), down(), down(), enter()], 24 * 60),
        (vec![down(), down(), down(), down(), enter()], 3 * 24 * 60),
        ([vec![down(); 9], vec![enter()]].concat(), 3 * 24 * 60),
        ([chars("1d"), vec![enter()]].concat(), 24 * 60),
        ([chars("30m"), vec![enter()]].concat(), 30),
        ([chars("2d"), vec![enter()]].concat(), 2 * 24 * 60),
    ];
    for (keys, minutes) in table {
        let mut s = state(3);
        let row = s.rows[0].clone();
        update(&mut s, cmd(Command::Snooze));
        let p = picker(&s);
        assert_eq!(p.kind, PickerKind::Snooze);
        assert_eq!(p.title, "Snooze for how long? (1 inquiry)");
        assert_eq!(labels(p), ["1h", "4h", "8h", "1d", "3d"]);
        let effects = run(&mut s, keys.clone());
        assert_eq!(
            effects,
            vec![apply(
                vec![target(&row)],
                Change::Snooze {
                    until: common::now() + mins(minutes)
                }
            )],
            "{keys:?}"
        );
    }
}

#[test]
fn snooze_counts_from_the_clock_of_the_last_tick() {
    let mut s = state(3);
    let later = common::now() + mins(7);
    update(&mut s, Action::Tick(later));
    let effects = run(&mut s, [cmd(Command::Snooze), key(TextKey::Enter)]);
    assert_eq!(
        effects,
        vec![apply(
            vec![target(&s.rows[0])],
            Change::Snooze {
                until: later + mins(60)
            }
        )]
    );
}

#[test]
fn a_snooze_length_that_is_not_one_keeps_the_picker_and_says_why() {
    for typed in ["2x", "0m", "100d"] {
        let mut s = state(3);
        update(&mut s, cmd(Command::Snooze));
        let effects = run(&mut s, [chars(typed), vec![key(TextKey::Enter)]].concat());
        assert!(effects.is_empty(), "{typed}: {effects:?}");
        assert_eq!(picker(&s).query, typed, "{typed}: picker stays as it was");
        let message = s.message.clone().unwrap_or_default();
        assert!(message.contains(typed), "{typed}: {message}");
    }
}

#[test]
fn the_priority_picker_table() {
    let down = || key(TextKey::Down);
    let enter = || key(TextKey::Enter);
    // (keys after `p`, priority chosen; None keeps the picker open)
    let table: Vec<(Vec<Action>, Option<Priority>)> = vec![
        (vec![enter()], Some(Priority::P1)),
        (vec![down(), enter()], Some(Priority::P2)),
        (vec![down(), down(), enter()], Some(Priority::P3)),
        (
            vec![down(), down(), down(), down(), enter()],
            Some(Priority::P4),
        ),
        ([chars("p3"), vec![enter()]].concat(), Some(Priority::P3)),
        ([chars("4"), vec![enter()]].concat(), Some(Priority::P4)),
        ([chars("P9"), vec![enter()]].concat(), None),
        ([chars("zz"), vec![enter()]].concat(), None),
    ];
    for (keys, priority) in table {
        let mut s = state(3);
        s.selected = 2;
        let row = s.rows[2].clone();
        update(&mut s, cmd(Command::Priority));
        let p = picker(&s);
        assert_eq!(p.kind, PickerKind::Priority);
        assert_eq!(p.title, "Priority (1 inquiry)");
        assert_eq!(labels(p), ["P1", "P2", "P3", "P4"]);
        assert!(!p.allow_new, "no made-up priorities");
        let effects = run(&mut s, keys.clone());
        match priority {
            Some(priority) => {
                assert_eq!(
                    effects,
                    vec![apply(vec![target(&row)], Change::SetPriority { priority })],
                    "{keys:?}"
                );
                assert!(s.overlay.is_none());
            }
            None => {
                assert!(effects.is_empty(), "{keys:?}");
                assert!(!picker(&s).query.is_empty(), "{keys:?}: still open");
            }
        }
    }
}

#[test]
fn the_category_picker_table() {
    let lexicon = siaga::triage::Lexicon::builtin();
    let mut categories: Vec<String> = lexicon.categories().map(str::to_string).collect();
    categories.push(siaga::triage::score::UNSORTED.to_string());
    let enter = || key(TextKey::Enter);
    // (keys after `C`, category chosen)
    let table: Vec<(Vec<Action>, String)> = vec![
        (vec![enter()], categories[0].clone()),
        (vec![key(TextKey::Down), enter()], categories[1].clone()),
        (
            [chars(&categories[2]), vec![enter()]].concat(),
            categories[2].clone(),
        ),
        ([chars("qqzz"), vec![enter()]].concat(), "qqzz".to_string()),
    ];
    for (keys, category) in table {
        let mut s = state(3);
        update(&mut s, cmd(Command::Category));
        let p = picker(&s);
        assert_eq!(p.kind, PickerKind::Category);
        assert_eq!(p.title, "Category (1 inquiry)");
        assert_eq!(labels(p), categories);
        let effects = run(&mut s, keys.clone());
        assert_eq!(
            effects,
            vec![apply(
                vec![target(&s.rows[0])],
                Change::SetCategory { category }
            )],
            "{keys:?}"
        );
    }
}

// ----------------------------------------------------------------- note

#[test]
fn the_note_input_table() {
    let enter = || key(TextKey::Enter);
    // (keys after `n`, note saved)
    let table: Vec<(Vec<Action>, Option<&str>)> = vec![
        (
            [chars("rang KBRI, case opened"), vec![enter()]].concat(),
            Some("rang KBRI, case opened"),
        ),
        (
            [chars("abc"), vec![key(TextKey::Backspace), enter()]].concat(),
            Some("ab"),
        ),
        (
            [
                chars("abc"),
                vec![key(TextKey::ClearLine)],
                chars("x"),
                vec![enter()],
            ]
            .concat(),
            Some("x"),
        ),
        (
            [
                chars("a"),
                vec![key(TextKey::Up), key(TextKey::Down), enter()],
            ]
            .concat(),
            Some("a"),
        ),
        (vec![enter()], None),
        ([chars("   "), vec![enter()]].concat(), None),
        ([chars("draft"), vec![key(TextKey::Esc)]].concat(), None),
        (vec![key(TextKey::Esc)], None),
    ];
    for (keys, note) in table {
        let mut s = state(4);
        mark_rows(&mut s, &[0, 3]);
        let targets = vec![target(&s.rows[0]), target(&s.rows[3])];
        assert!(update(&mut s, cmd(Command::Note)).is_empty());
        let Some(Overlay::Input(input)) = &s.overlay else {
            panic!("no input: {:?}", s.overlay);
        };
        assert_eq!(input.title, "Internal note, never posted (2 inquiries)");
        assert_eq!(input.text, "");
        assert_eq!(input.targets, targets);
        assert!(s.typing());
        let effects = run(&mut s, keys.clone());
        let want: Vec<Effect> = note
            .map(|t| apply(targets.clone(), Change::Note { text: t.into() }))
            .into_iter()
            .collect();
        assert_eq!(effects, want, "{keys:?}");
        if note.is_some() {
            assert!(s.overlay.is_none(), "saved and closed");
        }
    }
}

#[test]
fn esc_cancels_the_note_and_keeps_the_marks() {
    let mut s = state(4);
    mark_rows(&mut s, &[1]);
    run(&mut s, [vec![cmd(Command::Note)], chars("half")].concat());
    // The first Esc on typed words asks; the second cancels.
    assert!(update(&mut s, key(TextKey::Esc)).is_empty());
    assert!(s.overlay.is_some());
    assert!(update(&mut s, key(TextKey::Esc)).is_empty());
    assert!(s.overlay.is_none());
    assert!(!s.typing());
    assert_eq!(s.marked.len(), 1);
}

#[test]
fn enter_on_an_empty_note_keeps_the_input_open() {
    let mut s = state(4);
    update(&mut s, cmd(Command::Note));
    assert!(update(&mut s, key(TextKey::Enter)).is_empty());
    assert!(
        matches!(s.overlay, Some(Overlay::Input(_))),
        "empty Enter does nothing: the input stays"
    );
}

// -------------------------------------------------------- results, undo

#[test]
fn applied_results_table() {
    let close = Change::Close {
        reason: "answered".into(),
    };
    let tag = Change::Tag {
        tag: "media".into(),
    };
    let boom = || Some(ApplyError::Other("boom".into()));
    // (change, undoable, refused per target row, undo steps, marks left, message)
    type Row = (
        Change,
        bool,
        Vec<Option<ApplyError>>,
        usize,
        usize,
        &'static str,
    );
    let table: Vec<Row> = vec![
        (close.clone(), true, vec![None, None], 1, 0, "closed: 2"),
        (close.clone(), false, vec![None, None], 0, 0, "closed: 2"),
        (
            close.clone(),
            true,
            vec![None, boom()],
            1,
            2,
            "closed: 1; 1 refused (boom)",
        ),
        (
            close.clone(),
            true,
            vec![boom(), boom()],
            0,
            2,
            "closed: 0; 2 refused (boom)",
        ),
        (tag.clone(), true, vec![None, None], 1, 2, "tagged: 2"),
        (
            Change::Restore {
                expect: Box::new(DeskState::of(&common::rows(1)[0])),
                to: Box::new(DeskState::of(&common::rows(1)[0])),
            },
            false,
            vec![None, None],
            0,
            0,
            "undone: 2",
        ),
    ];
    for (change, undoable, refusals, steps, marks, message) in table {
        let mut s = state(5);
        mark_rows(&mut s, &[1, 2]);
        let rows = [s.rows[1].clone(), s.rows[2].clone()];
        let outcomes: Vec<Outcome> = rows
            .iter()
            .zip(refusals)
            .map(|(r, e)| match e {
                Some(e) => refused(r, e),
                None => ok(r, |i| {
                    i.status = Status::Closed;
                    i.tags.push("media".into());
                }),
            })
            .collect();
        let want_step: Vec<_> = outcomes
            .iter()
            .filter_map(|o| {
                let after = o.result.as_ref().ok()?;
                Some((o.id, o.before.clone(), DeskState::of(after)))
            })
            .collect();
        let label = format!("{change:?} undoable={undoable}");
        let effects = update(
            &mut s,
            Action::Applied {
                change,
                outcomes: outcomes.clone(),
                undoable,
            },
        );
        assert!(effects.is_empty(), "{label}");
        assert_eq!(s.undo.len(), steps, "{label}: undo steps");
        if steps == 1 {
            assert_eq!(
                s.undo[0].changes, want_step,
                "{label}: step holds before and after"
            );
        }
        assert_eq!(s.marked.len(), marks, "{label}: marks");
        assert_eq!(s.message.as_deref(), Some(message), "{label}");
        for o in &outcomes {
            let row = s.rows.iter().find(|r| r.id == o.id).unwrap();
            let changed = o.result.is_ok();
            assert_eq!(
                row.status == Status::Closed,
                changed,
                "{label}: row {} refreshed at once only when changed",
                o.id
            );
        }
    }
}

#[test]
fn undo_restores_the_last_step_per_inquiry_then_the_one_before() {
    let mut s = state(5);
    let (a, b) = (s.rows[0].clone(), s.rows[1].clone());
    let tagged = |i: &mut Inquiry| i.tags.push("media".into());
    update(
        &mut s,
        Action::Applied {
            change: Change::Tag {
                tag: "media".into(),
            },
            outcomes: vec![ok(&a, tagged), ok(&b, tagged)],
            undoable: true,
        },
    );
    let (a1, b1) = (s.rows[0].clone(), s.rows[1].clone());
    assert_eq!(a1.tags, ["media"]);
    update(
        &mut s,
        Action::Applied {
            change: Change::Close {
                reason: "spam".into(),
            },
            outcomes: vec![ok(&b1, |i| i.status = Status::Closed)],
            undoable: true,
        },
    );
    let b2 = s.rows[1].clone();
    assert_eq!(s.undo.len(), 2);

    let change = |id: InquiryId, before: &Inquiry, after: &Inquiry| {
        (id, DeskState::of(before), DeskState::of(after))
    };
    let undo =
        |what: &'static str, changes| Effect::Undo(siaga::ui::action::UndoStep { what, changes });
    // (effects of one `u`, steps left)
    let table: Vec<(Vec<Effect>, usize)> = vec![
        (vec![undo("closed", vec![change(b.id, &b1, &b2)])], 1),
        (
            vec![undo(
                "tagged",
                vec![change(a.id, &a, &a1), change(b.id, &b, &b1)],
            )],
            0,
        ),
        (vec![], 0),
    ];
    for (want, left) in table {
        assert_eq!(update(&mut s, cmd(Command::Undo)), want);
        assert_eq!(s.undo.len(), left);
    }
    assert_eq!(s.message.as_deref(), Some("nothing to undo"));

    // The undo's own result is not undoable, and says the whole step.
    update(
        &mut s,
        Action::Undone {
            what: "tagged",
            outcomes: vec![ok(&a1, |i| i.tags.clear()), ok(&b1, |i| i.tags.clear())],
        },
    );
    assert!(s.undo.is_empty());
    assert_eq!(s.message.as_deref(), Some("undone: 2 tagged"));
    assert!(s.rows[0].tags.is_empty(), "rows refreshed at once");
}

#[test]
fn nothing_to_undo_is_said_and_cleared_by_the_next_key() {
    let mut s = state(3);
    assert!(update(&mut s, cmd(Command::Undo)).is_empty());
    assert_eq!(s.message.as_deref(), Some("nothing to undo"));
    update(&mut s, cmd(Command::Down));
    assert_eq!(s.message, None);
}

// --------------------------------------------------------------- search

/// The rows of `common::rows(n)` whose text has "paspor".
fn paspor(n: u64) -> Vec<Inquiry> {
    common::rows(n)
        .into_iter()
        .filter(|r| r.text.contains("paspor"))
        .collect()
}

#[test]
fn search_as_you_type_one_running_one_pending() {
    let mut s = state(20);
    s.selected = 5;
    let before = s.rows.clone();
    assert!(update(&mut s, cmd(Command::Search)).is_empty());
    let search = s.search.as_ref().unwrap();
    assert!(search.editing && search.text.is_empty() && !search.running);
    assert_eq!(
        (search.saved.rows.len(), search.saved.selected),
        (20, 5),
        "the view is kept to come back to"
    );
    assert!(s.typing());

    // (key, effects, text, running, rerun)
    let table: Vec<(Action, Vec<Effect>, &str, bool, bool)> = vec![
        (
            key(TextKey::Char('p')),
            vec![search_effect(inbox_query(SEARCH_LIMIT), "p")],
            "p",
            true,
            false,
        ),
        (key(TextKey::Char('a')), vec![], "pa", true, true),
        (key(TextKey::Char('s')), vec![], "pas", true, true),
        // The first result is stale: one fresh search, not shown.
        (
            search_done("p", paspor(20)),
            vec![search_effect(inbox_query(SEARCH_LIMIT), "pas")],
            "pas",
            true,
            false,
        ),
        (key(TextKey::Backspace), vec![], "pa", true, true),
        (
            search_done("pas", vec![]),
            vec![search_effect(inbox_query(SEARCH_LIMIT), "pa")],
            "pa",
            true,
            false,
        ),
        (search_done("pa", paspor(20)), vec![], "pa", false, false),
        (
            key(TextKey::Char('s')),
            vec![search_effect(inbox_query(SEARCH_LIMIT), "pas")],
            "pas",
            true,
            false,
        ),
    ];
    for (i, (action, want, text, running, rerun)) in table.into_iter().enumerate() {
        let effects = update(&mut s, action);
        assert_eq!(effects, want, "step {i}");
        let search = s.search.as_ref().unwrap();
        assert_eq!(
            (search.text.as_str(), search.running, search.rerun),
            (text, running, rerun),
            "step {i}"
        );
        if i < 6 {
            assert_eq!(s.rows, before, "step {i}: stale results never shown");
        }
    }
    // The last result replaces the rows, selection at the best match.
    assert_eq!(s.rows, paspor(20));
    assert_eq!((s.selected, s.offset, s.more), (0, 0, false));
}

#[test]
fn search_asks_within_the_current_view() {
    let mine = [
        Status::Claimed,
        Status::Replied,
        Status::Escalated,
        Status::Snoozed,
    ];
    // (view index, facet, statuses)
    let table: Vec<(usize, Facet, Vec<Status>)> = vec![
        (0, Facet::All, Status::OPEN.to_vec()),
        (1, Facet::ClaimedBy("alice".into()), mine.to_vec()),
        (2, Facet::Private, Status::OPEN.to_vec()),
        (3, Facet::All, vec![Status::Escalated]),
        (4, Facet::All, vec![Status::Snoozed]),
        (5, Facet::All, vec![Status::Closed]),
        (6, Facet::All, Status::ALL.to_vec()),
    ];
    for (view, facet, statuses) in table {
        let mut s = state(5);
        s.view = view;
        let effects = run(
            &mut s,
            [
                cmd(Command::Search),
                key(TextKey::Char('t')),
                key(TextKey::Char('a')),
            ],
        );
        let query = ViewQuery {
            facet,
            statuses,
            after: None,
            limit: SEARCH_LIMIT,
        };
        assert_eq!(effects, vec![search_effect(query, "t")], "view {view}");
    }
}

#[test]
fn filter_terms_go_to_the_search_as_typed() {
    let mut s = state(5);
    let typed = "tag:urgent status:new prio:P1 cat:labour lang:in source:demo from:@siti paspor";
    let effects = run(&mut s, [vec![cmd(Command::Search)], chars(typed)].concat());
    assert_eq!(
        effects,
        vec![search_effect(inbox_query(SEARCH_LIMIT), "t")],
        "one running"
    );
    let effects = update(&mut s, search_done("t", vec![]));
    assert_eq!(
        effects,
        vec![search_effect(inbox_query(SEARCH_LIMIT), typed)]
    );
}

#[test]
fn search_results_errors_and_keys_while_typing() {
    let mut s = state(20);
    run(&mut s, [cmd(Command::Search), key(TextKey::Char('p'))]);
    update(&mut s, search_done("p", paspor(20)));
    let n = s.rows.len();
    assert!(n >= 3, "fixture has a few paspor rows");
    // (key while typing, selection after)
    let table = [
        (TextKey::Down, 1),
        (TextKey::Down, 2),
        (TextKey::Up, 1),
        (TextKey::Up, 0),
        (TextKey::Up, 0),
    ];
    for (k, want) in table {
        update(&mut s, key(k));
        assert_eq!(s.selected, want, "{k:?}");
        assert!(s.search.as_ref().unwrap().editing);
    }
    // A bad filter: the error is shown, the results stay.
    run(&mut s, chars(" prio:P9"));
    // The search for the first key ends stale: one more for the rest.
    let effects = update(&mut s, search_done("p ", vec![]));
    assert_eq!(
        effects,
        vec![search_effect(inbox_query(SEARCH_LIMIT), "p prio:P9")]
    );
    update(
        &mut s,
        Action::SearchDone {
            text: "p prio:P9".into(),
            result: Err("unknown priority `P9`".into()),
        },
    );
    let search = s.search.as_ref().unwrap();
    assert_eq!(search.error.as_deref(), Some("unknown priority `P9`"));
    assert!(!search.running);
    assert_eq!(s.rows.len(), n);
    // Emptying the query shows the view again, without a search.
    let effects = run(&mut s, [key(TextKey::ClearLine)]);
    assert!(effects.is_empty());
    assert_eq!(s.rows, common::rows(20));
    assert_eq!(s.search.as_ref().unwrap().error, None);
}

#[test]
fn enter_keeps_the_results_to_work_on_and_slash_resumes_typing() {
    let mut s = state(20);
    run(&mut s, [cmd(Command::Search), key(TextKey::Char('p'))]);
    update(&mut s, search_done("p", paspor(20)));
    // Enter opens the first match; back from it, the results are there.
    let first = s.rows[0].id;
    assert_eq!(
        update(&mut s, key(TextKey::Enter)),
        vec![Effect::LoadDetail(first)]
    );
    assert!(update(&mut s, cmd(Command::Back)).is_empty());
    let search = s.search.as_ref().unwrap();
    assert!(!search.editing && search.text == "p");
    assert!(!s.typing(), "keys are commands again");
    update(&mut s, cmd(Command::Down));
    assert_eq!(s.selected, 1);
    // Act on a result: the targets are the result rows.
    let row = s.rows[1].clone();
    assert_eq!(
        update(&mut s, cmd(Command::Claim)),
        vec![apply(
            vec![target(&row)],
            Change::Claim { take_over: false }
        )]
    );
    // Marks work on the results too.
    run(&mut s, [cmd(Command::Mark), cmd(Command::Mark)]);
    assert_eq!(marked(&s).len(), 2);
    assert!(update(&mut s, cmd(Command::Search)).is_empty());
    let search = s.search.as_ref().unwrap();
    assert!(
        search.editing && search.text == "p",
        "resumes the same query"
    );
    assert_eq!(s.rows, paspor(20), "results stay");
}

#[test]
fn leaving_a_search_restores_the_view_selection_and_offset_and_reloads() {
    // (keys to leave)
    let table: Vec<Vec<Action>> = vec![
        vec![key(TextKey::Esc)],
        // Enter opens the match; back in the results, Esc leaves them.
        vec![key(TextKey::Enter), cmd(Command::Back), cmd(Command::Back)],
        vec![
            key(TextKey::Enter),
            cmd(Command::Back),
            cmd(Command::Down),
            cmd(Command::Back),
        ],
        // `q` in the results leaves the search too; it never quits siaga.
        vec![key(TextKey::Enter), cmd(Command::Back), cmd(Command::Quit)],
    ];
    for leave in table {
        let mut s = state(50);
        s.selected = 30;
        s.offset = 15;
        s.more = true;
        let rows = s.rows.clone();
        run(
            &mut s,
            [
                cmd(Command::Search),
                key(TextKey::Char('p')),
                key(TextKey::Char('a')),
            ],
        );
        update(&mut s, search_done("p", vec![]));
        update(&mut s, search_done("pa", paspor(50)));
        assert_eq!((s.selected, s.offset, s.more), (0, 0, false));
        update(&mut s, key(TextKey::Down));
        let chosen = s.selected_id().unwrap();
        let mut effects = run(&mut s, leave.clone());
        if leave[0] == key(TextKey::Enter) {
            assert_eq!(effects.remove(0), Effect::LoadDetail(chosen), "{leave:?}");
        }
        assert_eq!(
            effects,
            vec![Effect::LoadView {
                query: inbox_query(200),
                append: false
            }],
            "{leave:?}: the view may have changed meanwhile"
        );
        assert!(s.search.is_none(), "{leave:?}");
        assert_eq!(s.rows, rows, "{leave:?}");
        assert_eq!((s.selected, s.offset, s.more), (30, 15, true), "{leave:?}");
        assert!(s.loading);
    }
}

/// Enter in the search input opens the selected match (as fzf), and the
/// results are still there once the officer comes back from it.
#[test]
fn enter_in_the_search_opens_the_selected_match() {
    let mut s = state(50);
    run(&mut s, [cmd(Command::Search), key(TextKey::Char('p'))]);
    update(&mut s, search_done("p", paspor(50)));
    update(&mut s, key(TextKey::Down));
    let chosen = s.selected_id().unwrap();
    let effects = update(&mut s, key(TextKey::Enter));
    assert_eq!(effects, vec![Effect::LoadDetail(chosen)]);
    assert_eq!(s.mode, Mode::Detail);
    update(&mut s, cmd(Command::Back));
    assert_eq!(s.mode, Mode::Queue);
    let search = s.search.as_ref().expect("the results stay");
    assert!(!search.editing);
    assert_eq!(s.selected_id(), Some(chosen));
}

/// With nothing typed, before the results land, after typing them away, or
/// when the query's last run failed, Enter only closes the input: the rows
/// shown are not this query's matches.
#[test]
fn enter_without_a_match_only_closes_the_input() {
    let failed = || Action::SearchDone {
        text: "p".into(),
        result: Err("no".into()),
    };
    let cases: Vec<(&str, Vec<Action>)> = vec![
        ("nothing typed", vec![]),
        ("not landed yet", vec![key(TextKey::Char('p'))]),
        (
            "typed away",
            vec![
                key(TextKey::Char('p')),
                search_done("p", paspor(5)),
                key(TextKey::Backspace),
            ],
        ),
        ("failed", vec![key(TextKey::Char('p')), failed()]),
        (
            "a rerun of the same text failed",
            vec![
                key(TextKey::Char('p')),
                search_done("p", paspor(5)),
                failed(),
            ],
        ),
    ];
    for (case, actions) in cases {
        let mut s = state(5);
        run(&mut s, [vec![cmd(Command::Search)], actions].concat());
        assert!(update(&mut s, key(TextKey::Enter)).is_empty(), "{case}");
        assert_eq!(s.mode, Mode::Queue, "{case}");
        assert!(!s.search.as_ref().unwrap().editing, "{case}");
    }
}

#[test]
fn back_without_a_search_does_nothing() {
    let mut s = state(5);
    s.selected = 2;
    assert!(update(&mut s, cmd(Command::Back)).is_empty());
    assert_eq!(s.selected, 2);
    assert!(!s.loading);
}

#[test]
fn changes_during_a_search_refresh_the_results_not_the_view() {
    let mut s = state(20);
    run(&mut s, [cmd(Command::Search), key(TextKey::Char('p'))]);
    update(&mut s, search_done("p", paspor(20)));
    update(&mut s, key(TextKey::Enter));
    let event = || {
        Action::Queue(QueueEvent::Arrived {
            source: "demo".into(),
            ids: vec![InquiryId(99)],
            urgent: Vec::new(),
        })
    };
    let effects = update(&mut s, event());
    assert!(effects.contains(&search_effect(inbox_query(SEARCH_LIMIT), "p")));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::LoadView { .. })),
        "{effects:?}"
    );
    // One running, one pending.
    let effects = update(&mut s, event());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Search { .. })));
    assert!(s.search.as_ref().unwrap().rerun);
    // A view page arriving meanwhile does not replace the results.
    update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: common::rows(20),
            more: false,
            append: false,
        },
    );
    assert_eq!(s.rows, paspor(20));
}

#[test]
fn a_refreshed_search_keeps_the_officer_on_the_same_result() {
    let mut s = state(20);
    run(&mut s, [cmd(Command::Search), key(TextKey::Char('p'))]);
    update(&mut s, search_done("p", paspor(20)));
    update(&mut s, key(TextKey::Enter));
    run(&mut s, [cmd(Command::Down), cmd(Command::Down)]);
    let chosen = s.selected_id().unwrap();
    // A new, better match arrives and the search is refreshed.
    update(
        &mut s,
        Action::Queue(QueueEvent::Arrived {
            source: "demo".into(),
            ids: vec![InquiryId(900)],
            urgent: Vec::new(),
        }),
    );
    let mut rows = paspor(20);
    rows.insert(
        0,
        common::inquiry(900, Priority::P1, 1, "baru", "paspor hilang"),
    );
    update(&mut s, search_done("p", rows));
    assert_eq!(
        s.selected_id(),
        Some(chosen),
        "the officer's result stays selected when results refresh"
    );
}

// ---------------------------------------------------------------- views

#[test]
fn tab_and_backtab_cycle_views_and_load_the_new_one() {
    let names: Vec<String> = state(0).views.iter().map(|v| v.name.clone()).collect();
    assert_eq!(
        names,
        [
            "Inbox",
            "Mine",
            "Private",
            "Escalated",
            "Snoozed",
            "Closed",
            "All"
        ]
    );
    let mine = vec![
        Status::Claimed,
        Status::Replied,
        Status::Escalated,
        Status::Snoozed,
    ];
    let open = Status::OPEN.to_vec();
    // (from, command, to, facet, statuses)
    let table: Vec<(usize, Command, usize, Facet, Vec<Status>)> = vec![
        (
            0,
            Command::NextView,
            1,
            Facet::ClaimedBy("alice".into()),
            mine.clone(),
        ),
        (1, Command::NextView, 2, Facet::Private, open.clone()),
        (5, Command::NextView, 6, Facet::All, Status::ALL.to_vec()),
        (6, Command::NextView, 0, Facet::All, open.clone()),
        (0, Command::PrevView, 6, Facet::All, Status::ALL.to_vec()),
        (
            2,
            Command::PrevView,
            1,
            Facet::ClaimedBy("alice".into()),
            mine,
        ),
        (4, Command::PrevView, 3, Facet::All, vec![Status::Escalated]),
    ];
    for (from, command, to, facet, statuses) in table {
        let mut s = state(30);
        s.view = from;
        s.selected = 12;
        s.offset = 3;
        mark_rows(&mut s, &[1, 2]);
        run(
            &mut s,
            [
                cmd(Command::Search),
                key(TextKey::Char('p')),
                key(TextKey::Enter),
            ],
        );
        let effects = update(&mut s, cmd(command));
        let label = format!("{command:?} from {from}");
        assert_eq!(
            effects,
            vec![Effect::LoadView {
                query: ViewQuery {
                    facet,
                    statuses,
                    after: None,
                    limit: 200
                },
                append: false
            }],
            "{label}"
        );
        assert_eq!(s.view, to, "{label}");
        assert!(s.rows.is_empty() && s.loading, "{label}");
        assert_eq!((s.selected, s.offset), (0, 0), "{label}");
        assert!(s.marked.is_empty() && s.search.is_none(), "{label}");
    }
}

#[test]
fn the_new_views_page_fills_the_list_and_view_counts_are_kept() {
    let mut s = state(10);
    update(&mut s, cmd(Command::NextView));
    update(
        &mut s,
        Action::ViewLoaded {
            groups: Vec::new(),
            for_view: None,
            rows: common::rows(3),
            more: false,
            append: false,
        },
    );
    assert_eq!(s.rows, common::rows(3));
    assert!(!s.loading);
    let counts = vec![30, 2, 6, 0, 1, 4, 37];
    assert!(update(&mut s, Action::ViewCounts(counts.clone())).is_empty());
    assert_eq!(s.view_counts, counts);
}

#[test]
fn init_asks_for_every_views_count_in_order() {
    let mut s = state(0);
    let effects = siaga::ui::update::init(&mut s);
    let want: Vec<(Facet, Vec<Status>)> = s
        .views
        .iter()
        .map(|v| (v.facet.clone(), v.statuses.clone()))
        .collect();
    assert_eq!(want[1].0, Facet::ClaimedBy("alice".into()));
    assert!(effects.contains(&Effect::LoadViewCounts(want)));
    assert!(effects.contains(&Effect::WakeDue));
    // The outbox's state and the officer's drafts, from the start.
    assert!(effects.contains(&Effect::LoadOutbox));
    assert!(effects.contains(&Effect::LoadDrafts));
}

// ------------------------------------------------------- ticks and quit

#[test]
fn ticks_wake_snoozed_inquiries_on_each_30_second_boundary_only() {
    assert_eq!(common::now().as_second() % 30, 0, "fixture on a boundary");
    // (last tick, this tick, in seconds after the fixed now; wakes)
    let table = [
        (0, 0, false),
        (0, 1, false),
        (0, 29, false),
        (0, 30, true),
        (29, 30, true),
        (30, 31, false),
        (31, 59, false),
        (59, 60, true),
        (31, 125, true),
        (-1, 0, true),
    ];
    for (from, to, wakes) in table {
        let mut s = state(1);
        s.now = common::now() + SignedDuration::from_secs(from);
        let at = common::now() + SignedDuration::from_secs(to);
        let effects = update(&mut s, Action::Tick(at));
        let want = if wakes { vec![Effect::WakeDue] } else { vec![] };
        assert_eq!(effects, want, "{from}s -> {to}s");
        assert_eq!(s.now, at);
    }
}

#[test]
fn quit_from_anywhere() {
    // (setup, mode name)
    let setups: Vec<(Vec<Action>, &str)> = vec![
        (vec![], "queue"),
        (vec![cmd(Command::Open)], "detail"),
        (vec![cmd(Command::Help)], "help"),
        (
            vec![cmd(Command::Open), cmd(Command::Help)],
            "help over detail",
        ),
        (vec![cmd(Command::Tag)], "tag picker"),
        (vec![cmd(Command::Note)], "note"),
        (vec![cmd(Command::Search)], "search"),
    ];
    for (setup, label) in setups {
        let mut s = state(3);
        run(&mut s, setup);
        assert_eq!(
            update(&mut s, cmd(Command::Quit)),
            vec![Effect::Quit],
            "{label}"
        );
        assert!(s.quitting, "{label}");
    }
}

// ------------------------------------------------ undo, against a store

/// Run `effects` against `queue` as alice, feeding each result back.
fn run_against(queue: &dyn siaga::queue::QueueService, s: &mut State, effects: Vec<Effect>) {
    for effect in effects {
        if let Some(action) =
            siaga::ui::effect::run_effect(effect, queue, "alice", siaga::i18n::Lang::En)
        {
            update(s, action);
        }
    }
}

#[test]
fn undoing_a_bulk_close_of_six_reopens_all_six_and_says_six() {
    use siaga::queue::{LocalQueue, QueueService};

    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 8 << 20).unwrap();
    let arrivals: Vec<_> = (0..6)
        .map(|i| siaga::model::Arrival {
            external_id: format!("{i}"),
            conversation_id: None,
            in_reply_to: None,
            author: siaga::model::Author {
                handle: format!("warga_{i}"),
                display_name: "Warga".into(),
                platform_id: None,
            },
            channel: siaga::model::Channel::Public,
            text: "mohon info perpanjang paspor".into(),
            created_at: common::now(),
            lang: Some("id".into()),
            priority: Priority::P3,
            category: "documents".into(),
            reasons: vec![],
        })
        .collect();
    let ids = queue.ingest("demo", &arrivals, None).unwrap().new_ids;
    let mut s = state(0);
    s.rows = queue.list(&inbox_query(10)).unwrap();
    let run_all = |s: &mut State, effects| run_against(queue.as_ref(), s, effects);
    // Mark all six (each mark moves down), `x`, the first reason.
    run(&mut s, (0..6).map(|_| cmd(Command::Mark)));
    assert_eq!(s.marked.len(), 6);
    let close = run(&mut s, [cmd(Command::Close), key(TextKey::Enter)]);
    run_all(&mut s, close);
    assert_eq!(s.message.as_deref(), Some("closed: 6"));
    for id in &ids {
        assert_eq!(queue.get(*id).unwrap().inquiry.status, Status::Closed);
    }
    let undo = update(&mut s, cmd(Command::Undo));
    run_all(&mut s, undo);
    for id in &ids {
        assert_eq!(queue.get(*id).unwrap().inquiry.status, Status::New, "{id}");
    }
    assert_eq!(s.message.as_deref(), Some("undone: 6 closed"));
}

#[test]
fn undoing_a_close_keeps_the_claim_made_just_before_it() {
    use siaga::model::{Arrival, Author, Channel};
    use siaga::queue::{LocalQueue, QueueService};

    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 8 << 20).unwrap();
    let arrival = Arrival {
        external_id: "1".into(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: "siti".into(),
            display_name: "Siti".into(),
            platform_id: None,
        },
        channel: Channel::Public,
        text: "paspor sy ditahan majikan".into(),
        created_at: common::now(),
        lang: Some("in".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec![],
    };
    let id = queue.ingest("demo", &[arrival], None).unwrap().new_ids[0];
    let mut s = state(0);
    s.rows = queue.list(&inbox_query(10)).unwrap();
    let run_all = |s: &mut State, effects| run_against(queue.as_ref(), s, effects);
    // `c`, then `x` Enter before the claim's result is back.
    let claim = update(&mut s, cmd(Command::Claim));
    let close = run(&mut s, [cmd(Command::Close), key(TextKey::Enter)]);
    run_all(&mut s, [claim, close].concat());
    assert_eq!(queue.get(id).unwrap().inquiry.status, Status::Closed);
    // `u` undoes the last change, the close; the claim stays.
    let undo = update(&mut s, cmd(Command::Undo));
    run_all(&mut s, undo);
    let inquiry = queue.get(id).unwrap().inquiry;
    assert_eq!(
        inquiry.claimed_by.as_deref(),
        Some("alice"),
        "the claim stays"
    );
    assert_eq!(inquiry.status, Status::Claimed);
}

/// `a`: give the marked inquiries (or the selected one) to a colleague.
/// An empty name keeps the input open; a name is asked about once more
/// (`y` gives, `n` keeps); the change is undoable like any.
#[test]
fn a_gives_the_inquiry_to_a_colleague() {
    let mut s = state(5);
    let target = s.rows[s.selected].id;
    assert!(update(&mut s, cmd(Command::Assign)).is_empty());
    let Some(Overlay::Input(input)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(input.purpose, siaga::ui::overlay::InputPurpose::Assign);
    assert!(update(&mut s, key(TextKey::Enter)).is_empty());
    assert!(s.overlay.is_some(), "an empty name keeps the input open");
    run(&mut s, chars("budi"));
    let mut kept = s.clone();
    assert!(update(&mut s, key(TextKey::Enter)).is_empty());
    let Some(Overlay::Confirm(confirm)) = &s.overlay else {
        panic!("no question: {:?}", s.overlay);
    };
    assert_eq!(confirm.question, "Give 1 inquiry to budi? (y/n)");
    update(&mut kept, key(TextKey::Enter));
    assert!(update(&mut kept, key(TextKey::Char('n'))).is_empty());
    assert!(kept.overlay.is_none(), "n gives nothing");
    let effects = update(&mut s, key(TextKey::Char('y')));
    let [
        Effect::Apply {
            targets,
            change,
            undoable: true,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(
        targets.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![target]
    );
    assert_eq!(*change, Change::Assign { to: "budi".into() });
    assert!(s.overlay.is_none());
}

/// A typed note (or login, or acknowledgement) is never lost to one key:
/// the first Esc says the next one discards it, and C-c asks first.
#[test]
fn typed_text_in_an_input_is_not_lost_to_one_key() {
    for purpose in [Command::Note, Command::Assign] {
        let mut s = state(3);
        update(&mut s, cmd(purpose));
        // Nothing typed: Esc closes at once.
        assert!(update(&mut s.clone(), key(TextKey::Esc)).is_empty());
        let mut closed = s.clone();
        update(&mut closed, key(TextKey::Esc));
        assert!(closed.overlay.is_none(), "{purpose:?}");
        run(&mut s, chars("rang KBRI"));
        update(&mut s, key(TextKey::Esc));
        let Some(Overlay::Input(input)) = s.overlay.as_ref() else {
            panic!("{purpose:?}: one Esc closed the input");
        };
        assert_eq!(input.text, "rang KBRI");
        assert_eq!(
            s.message.as_deref(),
            Some("Esc again discards what you typed")
        );
        // A key in between disarms it.
        run(&mut s, chars("!"));
        update(&mut s, key(TextKey::Esc));
        assert!(s.overlay.is_some(), "{purpose:?}: typing disarms Esc");
        update(&mut s, key(TextKey::Esc));
        assert!(s.overlay.is_none(), "{purpose:?}: the second Esc discards");

        let mut s = state(3);
        update(&mut s, cmd(purpose));
        run(&mut s, chars("rang KBRI"));
        assert!(update(&mut s, cmd(Command::Quit)).is_empty());
        assert!(!s.quitting);
        assert_eq!(
            s.message.as_deref(),
            Some("what you typed is not saved: C-c again quits and loses it, Esc goes back to it")
        );
        assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
    }
}
