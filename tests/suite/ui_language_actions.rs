//! What the desk says after an action, in pickers, questions and inputs,
//! in Bahasa Indonesia (#15): the status-bar messages, confirmations and
//! refusals, beside the English ones of `ui_update` and `ui_triage_update`.

use crate::common;
use common::screen::{fits, plain as draw};

use common::ui::{chars, cmd, key, picker, queue_state, run, screen_state, terminal_keys};

use insta::assert_snapshot;
use jiff::{SignedDuration, Timestamp};
use siaga::config::Config;
use siaga::i18n::Lang;
use siaga::model::{DeskState, Inquiry, InquiryId, Priority, Status};
use siaga::queue::{Change, LocalQueue, QueueEvent, QueueService, ViewQuery};
use siaga::store::Facet;
use siaga::ui::action::{ApplyError, Outcome, TextKey};
use siaga::ui::app::UiOptions;
use siaga::ui::overlay::{Overlay, PickerKind};
use siaga::ui::{Action, Command, Effect, Mode, State, update};

fn options(lang: Lang) -> UiOptions {
    let mut options = UiOptions::from_config(&Config::defaults(), "alice", false, true);
    options.lang = lang;
    options
}

/// `common::rows(n)` at 80x24, the desk in Indonesian.
fn state(n: u64) -> State {
    queue_state(&options(Lang::Id), n)
}

/// The status-bar message fits the bar at 80 columns.
fn short(message: &str) -> &str {
    let width = unicode_width::UnicodeWidthStr::width(message);
    assert!(width <= 78, "{width} columns: {message:?}");
    message
}

fn message(s: &State) -> &str {
    short(s.message.as_deref().unwrap_or(""))
}

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

fn applied(change: Change, outcomes: Vec<Outcome>) -> Action {
    Action::Applied {
        change,
        outcomes,
        undoable: true,
    }
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

// ------------------------------------------------- the status bar

#[test]
fn a_claim_is_said_in_indonesian() {
    let mut s = state(3);
    let row = s.rows[0].clone();
    let effects = update(&mut s, cmd(Command::Claim));
    assert_eq!(effects.len(), 1, "{effects:?}");
    update(
        &mut s,
        applied(
            Change::Claim { take_over: false },
            vec![ok(&row, |i| i.claimed_by = Some("alice".into()))],
        ),
    );
    assert_eq!(message(&s), "diambil: 1");
    assert_eq!(s.undo.len(), 1);
}

#[test]
fn closing_the_marked_inquiries_asks_why_and_says_how_many_in_indonesian() {
    let mut s = state(5);
    for i in [1, 2] {
        s.marked.insert(s.rows[i].id);
    }
    let rows = [s.rows[1].clone(), s.rows[2].clone()];
    update(&mut s, cmd(Command::Close));
    let p = picker(&s);
    assert_eq!(p.kind, PickerKind::Close);
    assert_eq!(p.title, "Tutup: apa alasannya? (2 aduan)");
    // The default reasons in Indonesian; what is recorded is the reason
    // as configured, in every language.
    assert_eq!(p.items[0].label, "sudah dijawab");
    assert_eq!(p.items[0].value(), "answered");
    let effects = run(&mut s, [key(TextKey::Enter)]);
    let [Effect::Apply { change, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        *change,
        siaga::queue::Change::Close {
            reason: "answered".into()
        }
    );
    let change = change.clone();
    let closed = |i: &mut Inquiry| i.status = Status::Closed;
    update(
        &mut s,
        applied(change.clone(), rows.iter().map(|r| ok(r, closed)).collect()),
    );
    assert_eq!(message(&s), "ditutup: 2");
    assert!(s.marked.is_empty(), "marks are dropped once done");

    // One refused: the store's words stay as they are, framed in Indonesian.
    let mut s = state(5);
    for i in [1, 2] {
        s.marked.insert(s.rows[i].id);
    }
    let boom = ApplyError::Other("inquiry 3 is closed".into());
    update(
        &mut s,
        applied(change, vec![ok(&rows[0], closed), refused(&rows[1], boom)]),
    );
    assert_eq!(message(&s), "ditutup: 1; 1 ditolak (inquiry 3 is closed)");
}

#[test]
fn a_snooze_is_asked_and_said_in_indonesian() {
    let mut s = state(3);
    let row = s.rows[0].clone();
    update(&mut s, cmd(Command::Snooze));
    let p = picker(&s);
    assert_eq!(p.title, "Tunda berapa lama? (1 aduan)");
    assert_eq!(p.items[0].label, "1h", "the config's lengths, as written");
    let effects = run(&mut s, [key(TextKey::Enter)]);
    let until = common::now() + mins(60);
    assert_eq!(
        effects,
        vec![Effect::Apply {
            targets: vec![(row.id, DeskState::of(&row))],
            change: Change::Snooze { until },
            undoable: true,
        }]
    );
    update(
        &mut s,
        applied(
            Change::Snooze { until },
            vec![ok(&row, |i| i.status = Status::Snoozed)],
        ),
    );
    assert_eq!(message(&s), "ditunda: 1");
}

#[test]
fn the_other_pickers_and_inputs_have_indonesian_titles() {
    // (command, title)
    let table = [
        (Command::Priority, "Prioritas (1 aduan)"),
        (Command::Category, "Kategori (1 aduan)"),
        (Command::Tag, "Label: Enter pasang/lepas (1 aduan)"),
        (
            Command::Note,
            "Catatan internal, tidak pernah diunggah (1 aduan)",
        ),
        (Command::Assign, "Serahkan kepada (login rekan; 1 aduan)"),
    ];
    for (command, want) in table {
        let mut s = state(3);
        update(&mut s, cmd(command));
        let title = match &s.overlay {
            Some(Overlay::Picker(p)) => p.title.clone(),
            Some(Overlay::Input(i)) => i.title.clone(),
            other => panic!("{command:?}: {other:?}"),
        };
        assert_eq!(title, want, "{command:?}");
    }
}

#[test]
fn undo_is_said_in_indonesian() {
    let mut s = state(4);
    assert!(update(&mut s, cmd(Command::Undo)).is_empty());
    assert_eq!(message(&s), "tidak ada yang bisa dibatalkan");

    let rows = [s.rows[0].clone(), s.rows[1].clone()];
    let tagged = |i: &mut Inquiry| i.tags.push("media".into());
    update(
        &mut s,
        applied(
            Change::Tag {
                tag: "media".into(),
            },
            rows.iter().map(|r| ok(r, tagged)).collect(),
        ),
    );
    assert_eq!(message(&s), "diberi label: 2");
    let effects = update(&mut s, cmd(Command::Undo));
    let [Effect::Undo(step)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let what = step.what;
    let back = |r: &Inquiry| {
        let mut after = r.clone();
        after.tags.push("media".into());
        ok(&after, |i| i.tags.clear())
    };
    update(
        &mut s,
        Action::Undone {
            what,
            outcomes: vec![
                back(&rows[0]),
                refused(&rows[1], ApplyError::Other("changed since".into())),
            ],
        },
    );
    assert_eq!(
        message(&s),
        "1 pemberian label dibatalkan; 1 ditolak (changed since)"
    );
}

/// The whole way through a store: six marked, closed, undone.
#[test]
fn undoing_a_bulk_close_against_a_store_says_it_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 8 << 20).unwrap();
    let ids = ingest(queue.as_ref(), 6);
    let mut s = state(0);
    s.rows = queue.list(&inbox(10)).unwrap();
    run(&mut s, (0..6).map(|_| cmd(Command::Mark)));
    let close = run(&mut s, [cmd(Command::Close), key(TextKey::Enter)]);
    run_against(queue.as_ref(), &mut s, close);
    assert_eq!(message(&s), "ditutup: 6");
    let undo = update(&mut s, cmd(Command::Undo));
    run_against(queue.as_ref(), &mut s, undo);
    assert_eq!(message(&s), "6 penutupan dibatalkan");
    for id in &ids {
        assert_eq!(queue.get(*id).unwrap().inquiry.status, Status::New, "{id}");
    }
}

/// A rule of the desk that says no says it in the officer's language:
/// the store's refusal travels as its catalog sentence (#15).
#[test]
fn a_refusal_from_the_store_is_said_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 8 << 20).unwrap();
    let ids = ingest(queue.as_ref(), 1);
    queue
        .apply(
            ids[0],
            &Change::Close {
                reason: "selesai".into(),
            },
            "alice",
        )
        .unwrap();
    let mut s = state(0);
    s.rows = queue
        .list(&ViewQuery {
            statuses: Status::ALL.to_vec(),
            ..inbox(10)
        })
        .unwrap();
    let inq = s.rows[0].clone();
    let snooze = Effect::Apply {
        targets: vec![(inq.id, DeskState::of(&inq))],
        change: Change::Snooze {
            until: Timestamp::now() + mins(60),
        },
        undoable: true,
    };
    let Some(Action::Applied { outcomes, .. }) =
        siaga::ui::effect::run_effect(snooze, queue.as_ref(), "alice", Lang::Id)
    else {
        panic!("applied");
    };
    let Err(ApplyError::Other(why)) = &outcomes[0].result else {
        panic!("{outcomes:?}");
    };
    assert_eq!(why, &format!("aduan {} sudah ditutup", inq.id));
}

// ----------------------------------------------- refusals, questions

#[test]
fn a_claim_held_by_a_colleague_asks_in_indonesian_before_taking_over() {
    // (since, question)
    let table = [
        (
            Some(mins(5)),
            "Aduan 4 sudah diambil budi 5m lalu. Ambil alih? (y/n)",
        ),
        (
            Some(mins(3 * 60)),
            "Aduan 4 sudah diambil budi 3j lalu. Ambil alih? (y/n)",
        ),
        (
            Some(SignedDuration::from_secs(20)),
            "Aduan 4 baru saja diambil budi. Ambil alih? (y/n)",
        ),
        (None, "Aduan 4 sudah diambil budi. Ambil alih? (y/n)"),
    ];
    for (ago, question) in table {
        let mut s = state(4);
        let row = s.rows[0].clone();
        assert_eq!(row.id, InquiryId(4), "fixture order");
        let since = ago.map(|d| common::now() - d);
        update(
            &mut s,
            applied(
                Change::Claim { take_over: false },
                vec![refused(&row, budi(since))],
            ),
        );
        let Some(Overlay::Confirm(confirm)) = &s.overlay else {
            panic!("no question: {:?}", s.overlay);
        };
        assert_eq!(short(&confirm.question), question);
        let effects = run(&mut s, [key(TextKey::Char('y'))]);
        assert_eq!(
            effects,
            vec![Effect::Apply {
                targets: vec![(row.id, DeskState::of(&row))],
                change: Change::Claim { take_over: true },
                undoable: true,
            }],
            "`y` answers, in either language"
        );
    }

    // A take-over refused, and a claim refused for two.
    let mut s = state(4);
    let rows = [s.rows[0].clone(), s.rows[1].clone()];
    let since = Some(common::now() - mins(5));
    update(
        &mut s,
        applied(
            Change::Claim { take_over: true },
            vec![refused(&rows[0], budi(since))],
        ),
    );
    assert_eq!(message(&s), "diambil: 0; 1 ditolak (diambil budi)");
    update(
        &mut s,
        applied(
            Change::Claim { take_over: false },
            rows.iter().map(|r| refused(r, budi(since))).collect(),
        ),
    );
    assert_eq!(message(&s), "diambil: 0; 2 ditolak (diambil budi)");
}

#[test]
fn reveal_again_masks_and_says_so_in_indonesian() {
    let mut s = state(3);
    let row = s.rows[0].clone();
    s.mode = Mode::Detail;
    s.detail = Some(siaga::queue::InquiryDetail {
        inquiry: row.clone(),
        history: Vec::new(),
        replies: Vec::new(),
        rules: siaga::reply::length::PlatformRules::x(),
        escalations: Vec::new(),
        same_author_open: Vec::new(),
    });
    s.revealed = Some(row.id);
    update(&mut s, cmd(Command::Reveal));
    assert_eq!(message(&s), "disamarkan lagi");
}

#[test]
fn a_p1_arrival_is_named_in_indonesian() {
    let mut s = state(10);
    let arrived = |ids: &[u64]| {
        Action::Queue(QueueEvent::Arrived {
            source: "demo".into(),
            ids: ids.iter().copied().map(InquiryId).collect(),
            urgent: ids.iter().copied().map(InquiryId).collect(),
        })
    };
    let effects = update(&mut s, arrived(&[901, 903]));
    assert!(effects.contains(&Effect::Bell));
    assert_eq!(message(&s), "P1 baru: #901 #903");
    update(&mut s, arrived(&[905, 906, 907, 908, 909]));
    assert_eq!(message(&s), "P1 baru: #905 #906 #907 dan 2 lainnya");
}

#[test]
fn quitting_with_a_reply_typed_asks_first_in_indonesian() {
    let mut s = state(3);
    let id = s.rows[0].id;
    run(
        &mut s,
        [
            vec![cmd(Command::Reply)],
            chars("miss"),
            vec![key(TextKey::Enter)],
        ]
        .concat(),
    );
    assert!(matches!(s.mode, Mode::Compose { .. }), "composing");
    run(&mut s, terminal_keys("x", Action::ComposeInput));
    let saved = update(&mut s, cmd(Command::Quit));
    assert!(
        matches!(saved.as_slice(), [Effect::SaveDraft { .. }]),
        "{saved:?}"
    );
    assert_eq!(
        message(&s),
        format!("balasan #{id} belum dikirim; drafnya disimpan: C-c lagi keluar, Esc kembali")
    );
    assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
}

/// `H`, `A`, a colleague's login: their claims move, said in Indonesian;
/// the digest comes in Indonesian too.
#[test]
fn accepting_a_shift_handover_is_said_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 8 << 20).unwrap();
    let ids = ingest(queue.as_ref(), 3);
    for id in &ids[..2] {
        queue
            .apply(*id, &Change::Claim { take_over: false }, "budi")
            .unwrap();
    }
    let mut s = state(0);
    s.rows = queue.list(&inbox(10)).unwrap();
    let effects = update(&mut s, cmd(Command::Shift));
    assert_eq!(effects, vec![Effect::LoadShift { lang: Lang::Id }]);
    run_against(queue.as_ref(), &mut s, effects);
    assert_eq!(s.mode, Mode::Shift);
    let digest = s.shift.clone().expect("the digest");
    assert!(digest.contains("Serah terima piket"), "{digest}");
    update(&mut s, cmd(Command::AcceptShift));
    let Some(Overlay::Input(input)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(
        input.title,
        "Ambil alih semua aduan milik (login petugas piket sebelumnya)"
    );
    let accept = run(&mut s, [chars("budi"), vec![key(TextKey::Enter)]].concat());
    assert_eq!(
        accept,
        vec![Effect::AcceptShift {
            from: "budi".into(),
            lang: Lang::Id,
        }]
    );
    run_against(queue.as_ref(), &mut s, accept);
    assert_eq!(message(&s), "mengambil alih 2 aduan dari budi");
    for id in &ids[..2] {
        let inq = queue.get(*id).unwrap().inquiry;
        assert_eq!(inq.claimed_by.as_deref(), Some("alice"), "{id}");
    }
}

/// The same words in English, as they always were.
#[test]
fn the_english_desk_says_what_it_said() {
    let mut s = queue_state(&options(Lang::En), 4);
    let row = s.rows[0].clone();
    let since = Some(common::now() - SignedDuration::from_secs(20));
    update(
        &mut s,
        applied(
            Change::Claim { take_over: false },
            vec![refused(&row, budi(since))],
        ),
    );
    let Some(Overlay::Confirm(confirm)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(
        confirm.question,
        "Inquiry 4 was claimed by budi just now. Take it over? (y/n)"
    );
    let mut s = queue_state(&options(Lang::En), 4);
    update(&mut s, cmd(Command::Note));
    let Some(Overlay::Input(input)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(input.title, "Internal note, never posted (1 inquiry)");
    let mut s = queue_state(&options(Lang::En), 10);
    update(
        &mut s,
        Action::Queue(QueueEvent::Arrived {
            source: "demo".into(),
            ids: (901..906).map(InquiryId).collect(),
            urgent: (901..906).map(InquiryId).collect(),
        }),
    );
    assert_eq!(
        s.message.as_deref(),
        Some("New P1: #901 #902 #903 and 2 more")
    );
}

// ---------------------------------------------------------- screens

#[test]
fn the_close_picker_80x24_in_indonesian() {
    let mut s = screen_state(&options(Lang::Id), 80, 24, 10);
    for i in [1, 2] {
        s.marked.insert(s.rows[i].id);
    }
    update(&mut s, cmd(Command::Close));
    let screen = draw(&s);
    assert!(
        screen.contains("Tutup: apa alasannya? (2 aduan)"),
        "{screen}"
    );
    assert!(screen.contains("Enter: pilih · Esc: tutup"), "{screen}");
    assert!(
        screen.contains("diteruskan ke perwakilan") && !screen.contains("referred to"),
        "the default reasons in Indonesian: {screen}"
    );
    fits(&screen, 80);
    assert_snapshot!(screen);
    // A reason not in the list is offered as new.
    run(&mut s, chars("pindah"));
    let screen = draw(&s);
    assert!(screen.contains("+ baru: pindah"), "{screen}");
    // A default reason typed as configured is that reason, not a new one.
    if let Some(Overlay::Picker(p)) = s.overlay.as_mut() {
        p.query = "duplicate".into();
    }
    let screen = draw(&s);
    assert!(screen.contains("duplikat"), "{screen}");
    assert!(!screen.contains("+ baru"), "{screen}");
}

#[test]
fn the_take_over_question_80x24_in_indonesian() {
    let mut s = screen_state(&options(Lang::Id), 80, 24, 10);
    let row = s.rows[0].clone();
    update(
        &mut s,
        applied(
            Change::Claim { take_over: false },
            vec![refused(&row, budi(Some(common::now() - mins(5))))],
        ),
    );
    let screen = draw(&s);
    assert!(screen.contains("Konfirmasi"), "{screen}");
    assert!(screen.contains("Ambil alih? (y/n)"), "{screen}");
    fits(&screen, 80);
    assert_snapshot!(screen);
}

#[test]
fn the_note_input_80x24_in_indonesian() {
    let mut s = screen_state(&options(Lang::Id), 80, 24, 10);
    update(&mut s, cmd(Command::Note));
    run(&mut s, chars("sudah ditelepon"));
    let screen = draw(&s);
    assert!(screen.contains("Enter: simpan · Esc: batal"), "{screen}");
    fits(&screen, 80);
    assert_snapshot!(screen);
}

// ------------------------------------------------------------ helpers

/// `n` inquiries in a store, as the demo source brought them.
fn ingest(queue: &dyn QueueService, n: usize) -> Vec<InquiryId> {
    let arrivals: Vec<_> = (0..n)
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
    queue.ingest("demo", &arrivals, None).unwrap().new_ids
}

fn inbox(limit: usize) -> ViewQuery {
    ViewQuery {
        facet: Facet::All,
        statuses: Status::OPEN.to_vec(),
        after: None,
        limit,
    }
}

/// Run `effects` against `queue` as alice, feeding each result back.
fn run_against(queue: &dyn QueueService, s: &mut State, effects: Vec<Effect>) {
    for effect in effects {
        if let Some(action) = siaga::ui::effect::run_effect(effect, queue, "alice", s.lang) {
            update(s, action);
        }
    }
}
