//! A group's row in `update` (#16), as tables: the loaded rows fold a
//! group of three or more into one row where its most urgent member sits;
//! Enter and `→` open it in place, `←` folds it back, a search sees every
//! member; `r` on it asks the desk for a dry run, the answer becomes a y/n
//! question naming the held back, `y` answers exactly those members, and
//! the replies' news drive the status bar's progress and its summary.

use crate::common;

use common::ui::{cmd, key, message, picker, queue_state, run};
use siaga::config::Config;
use siaga::model::group::{GroupReplyOutcome, HeldBack, MemberReply};
use siaga::model::{Channel, GroupId, GroupSummary, Inquiry, InquiryId, Lang, Priority};
use siaga::queue::QueueEvent;
use siaga::reply::{Reply, ReplyId, ReplyState};
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::group::RowKind;
use siaga::ui::overlay::{Overlay, PickerKind};
use siaga::ui::{Action, Command, Effect, State, update};

const OFFICER: &str = "siti";
const G: GroupId = GroupId(3);

fn options() -> UiOptions {
    UiOptions::from_config(&Config::defaults(), OFFICER, false, false)
}

fn plea(id: u64, priority: Priority, minutes_ago: i64) -> Inquiry {
    common::inquiry(
        id,
        priority,
        minutes_ago,
        &format!("warga_{id}"),
        "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum",
    )
}

fn other(id: u64, minutes_ago: i64) -> Inquiry {
    common::inquiry(
        id,
        Priority::P2,
        minutes_ago,
        "lain",
        "@Kemlu_RI gaji belum dibayar di Riyadh",
    )
}

fn summary(members: &[u64]) -> GroupSummary {
    GroupSummary {
        id: G,
        label: "evakuasi · keluarga · Khartoum".into(),
        missions: vec!["khartoum".into()],
        members: members.iter().map(|m| InquiryId(*m)).collect(),
        open: members.len(),
        priority: Priority::P1,
        founded_at: common::now(),
        newest_at: common::now(),
    }
}

/// The queue in its order: #1 (P1, in the group), #2 alone, #3 and #4
/// in the group, #5 alone; the group of #1 #3 #4.
fn loaded() -> State {
    let mut s = queue_state(&options(), 0);
    let rows = vec![
        plea(1, Priority::P1, 50),
        other(2, 40),
        plea(3, Priority::P2, 30),
        plea(4, Priority::P2, 20),
        other(5, 10),
    ];
    load(&mut s, rows, vec![summary(&[1, 3, 4])]);
    s
}

fn load(s: &mut State, rows: Vec<Inquiry>, groups: Vec<GroupSummary>) -> Vec<Effect> {
    update(
        s,
        Action::ViewLoaded {
            for_view: None,
            rows,
            groups,
            more: false,
            append: false,
        },
    )
}

fn ids(s: &State) -> Vec<u64> {
    s.rows.iter().map(|r| r.id.0).collect()
}

fn kinds(s: &State) -> Vec<&'static str> {
    (0..s.rows.len())
        .map(|i| match s.row_kind(i) {
            RowKind::Group { expanded: true, .. } => "open group",
            RowKind::Group { .. } => "group",
            RowKind::Member => "member",
            RowKind::Alone => "alone",
        })
        .collect()
}

#[test]
fn a_group_of_three_is_one_row_where_its_most_urgent_member_sits() {
    let s = loaded();
    assert_eq!(ids(&s), [1, 2, 5]);
    assert_eq!(kinds(&s), ["group", "alone", "alone"]);
    assert_eq!(s.group_row(0).map(|g| g.members.len()), Some(3));
}

#[test]
fn enter_and_right_open_it_in_place_and_left_folds_it_back() {
    let mut s = loaded();
    run(&mut s, [cmd(Command::Open)]);
    assert_eq!(ids(&s), [1, 1, 3, 4, 2, 5]);
    assert_eq!(
        kinds(&s),
        ["open group", "member", "member", "member", "alone", "alone"]
    );
    assert_eq!(s.selected, 0, "the selection stays on the group's row");
    assert_eq!(
        s.mode,
        siaga::ui::Mode::Queue,
        "Enter did not open a detail"
    );
    run(&mut s, [cmd(Command::Down), cmd(Command::Down)]);
    assert_eq!(s.selected_id(), Some(InquiryId(3)));
    run(&mut s, [cmd(Command::Collapse)]);
    assert_eq!(ids(&s), [1, 2, 5]);
    assert_eq!(s.selected, 0, "back on the group's row");
    run(&mut s, [cmd(Command::Expand)]);
    assert_eq!(ids(&s), [1, 1, 3, 4, 2, 5]);
    run(&mut s, [cmd(Command::Open)]);
    assert_eq!(ids(&s), [1, 2, 5], "Enter on an open group folds it");
}

#[test]
fn an_open_group_stays_open_and_grows_as_pleas_arrive() {
    let mut s = loaded();
    run(
        &mut s,
        [cmd(Command::Expand), cmd(Command::Down), cmd(Command::Down)],
    );
    let rows = vec![
        plea(1, Priority::P1, 50),
        other(2, 40),
        plea(3, Priority::P2, 30),
        plea(4, Priority::P2, 20),
        other(5, 10),
        plea(6, Priority::P2, 1),
    ];
    load(&mut s, rows, vec![summary(&[1, 3, 4, 6])]);
    assert_eq!(ids(&s), [1, 1, 3, 4, 6, 2, 5]);
    assert_eq!(s.group_row(0).map(|g| g.members.len()), Some(4));
    assert_eq!(
        s.selected_id(),
        Some(InquiryId(3)),
        "the officer's place kept"
    );
}

#[test]
fn a_search_lists_members_one_by_one() {
    let mut s = loaded();
    run(&mut s, [cmd(Command::Search)]);
    update(
        &mut s,
        Action::SearchDone {
            text: String::new(),
            result: Ok(vec![plea(3, Priority::P2, 30), plea(4, Priority::P2, 20)]),
        },
    );
    assert_eq!(kinds(&s), ["alone", "alone"]);
}

#[test]
fn a_pair_stays_two_rows() {
    let mut s = queue_state(&options(), 0);
    let rows = vec![plea(1, Priority::P1, 50), plea(3, Priority::P2, 30)];
    load(&mut s, rows, vec![summary(&[1, 3])]);
    assert_eq!(ids(&s), [1, 3]);
    assert_eq!(kinds(&s), ["alone", "alone"]);
}

fn outcome(dry_run: bool) -> GroupReplyOutcome {
    let member = |id: u64, reply: Option<u64>| MemberReply {
        inquiry: InquiryId(id),
        reply: reply.map(ReplyId),
        channel: Channel::Public,
        lang: Lang::Id,
        text: format!("Halo @warga_{id}"),
    };
    GroupReplyOutcome {
        group: G,
        template: "crisis_register".into(),
        dry_run,
        queued: vec![
            member(1, (!dry_run).then_some(11)),
            member(3, (!dry_run).then_some(12)),
        ],
        held: vec![HeldBack {
            inquiry: InquiryId(4),
            signals: vec!["hamil".into()],
        }],
        skipped: Vec::new(),
    }
}

#[test]
fn r_on_a_group_asks_the_desk_first_then_answers_exactly_the_members_confirmed() {
    let mut s = loaded();
    let effects = run(&mut s, [cmd(Command::Reply)]);
    assert!(effects.is_empty(), "{effects:?}");
    let p = picker(&s);
    assert_eq!(p.kind, PickerKind::GroupTemplate { group: G });
    assert!(
        p.title.contains("g3") && p.title.contains("×3"),
        "{}",
        p.title
    );
    let at = p
        .items
        .iter()
        .position(|i| i.value() == "crisis_register")
        .expect("the template is offered");
    let mut keys: Vec<Action> = (0..at).map(|_| key(TextKey::Down)).collect();
    keys.push(key(TextKey::Enter));
    let effects = run(&mut s, keys);
    let Some(Effect::ReplyGroup(dry)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(dry.dry_run && dry.group == G && dry.template == "crisis_register");

    update(&mut s, Action::GroupAnswered(Ok(outcome(true))));
    let Some(Overlay::Confirm(confirm)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert!(
        confirm
            .question
            .contains("Answer 2 of 3 with crisis_register")
            && confirm.question.contains("1 held back")
            && confirm.question.contains("#4"),
        "{}",
        confirm.question
    );
    let effects = run(&mut s, [key(TextKey::Char('y'))]);
    let Some(Effect::ReplyGroup(real)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(!real.dry_run);
    assert_eq!(real.members, [InquiryId(1), InquiryId(3)], "those it named");
    // The desk answers those two; the summary still names the held one.
    let mut done = outcome(false);
    done.held.clear();
    update(&mut s, Action::GroupAnswered(Ok(done)));
    assert_eq!(
        s.group_answer.as_ref().map(|a| a.held.clone()),
        Some(vec![InquiryId(4)])
    );
}

fn reply_news(id: u64, inquiry: u64, state: ReplyState) -> Action {
    let mut reply = Reply::draft(
        InquiryId(inquiry),
        "demo",
        OFFICER,
        common::now(),
        Channel::Public,
        Lang::Id,
        Some("crisis_register".into()),
        "Halo".into(),
        siaga::reply::Target {
            in_reply_to: "1".into(),
            recipient_id: None,
            recipient_handle: "w".into(),
        },
    );
    reply.id = ReplyId(id);
    reply.state = state;
    reply.group = Some(G);
    Action::Queue(QueueEvent::Reply {
        reply: Box::new(reply),
    })
}

#[test]
fn the_status_bar_follows_the_answer_and_sums_it_up() {
    let mut s = loaded();
    update(&mut s, Action::GroupAnswered(Ok(outcome(false))));
    let progress = |s: &State| s.group_answer.as_ref().map(|a| a.progress());
    assert_eq!(progress(&s), Some((0, 0, 2)));
    update(&mut s, reply_news(11, 1, ReplyState::Sent));
    assert_eq!(progress(&s), Some((1, 0, 1)));
    assert_eq!(message(&s), "", "no line per reply");
    update(&mut s, reply_news(12, 3, ReplyState::Failed));
    assert_eq!(progress(&s), None, "settled");
    let said = message(&s);
    assert!(
        said.contains("g3 answered: 1 sent, 1 failed") && said.contains("#4"),
        "{said}"
    );
}

#[test]
fn a_group_nobody_can_be_answered_in_says_so_and_asks_nothing() {
    let mut s = loaded();
    let mut nobody = outcome(true);
    nobody.queued.clear();
    update(&mut s, Action::GroupAnswered(Ok(nobody)));
    assert_eq!(s.overlay, None);
    assert!(message(&s).contains("nobody to answer"));
}

/// The sender may post before the desk's answer reaches the screen: the
/// news heard first still count.
#[test]
fn replies_sent_before_the_answer_arrives_still_count() {
    let mut s = loaded();
    update(&mut s, reply_news(11, 1, ReplyState::Sent));
    update(&mut s, reply_news(12, 3, ReplyState::Sent));
    update(&mut s, Action::GroupAnswered(Ok(outcome(false))));
    assert_eq!(s.group_answer, None, "settled at once");
    assert!(
        message(&s).contains("g3 answered: 2 sent, 0 failed"),
        "{}",
        message(&s)
    );
}

#[test]
fn e_on_a_group_escalates_the_whole_group_after_a_y() {
    let mut s = loaded();
    run(&mut s, [cmd(Command::Escalate)]);
    let p = picker(&s);
    assert_eq!(p.kind, PickerKind::GroupMission { group: G });
    assert!(
        p.items[0].value().starts_with("khartoum · ") && p.items[0].checked,
        "the mission its members name first: {:?}",
        p.items[0]
    );
    run(&mut s, [key(TextKey::Enter)]);
    let Some(Overlay::Confirm(confirm)) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert!(
        confirm.question.contains("Escalate g3 (×3) to khartoum"),
        "{}",
        confirm.question
    );
    let effects = run(&mut s, [key(TextKey::Char('y'))]);
    let Some(Effect::EscalateGroup(request)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(request.group, G);
    assert_eq!(request.mission.as_deref(), Some("khartoum"));
}

#[test]
fn marked_members_alone_are_answered_when_some_are_marked() {
    let mut s = loaded();
    run(
        &mut s,
        [cmd(Command::Expand), cmd(Command::Down), cmd(Command::Down)],
    );
    run(&mut s, [cmd(Command::Mark)]);
    assert!(s.marked.contains(&InquiryId(3)), "{:?}", s.marked);
    s.selected = 0;
    run(&mut s, [cmd(Command::Reply)]);
    let at = picker(&s)
        .items
        .iter()
        .position(|i| i.value() == "crisis_register")
        .unwrap();
    let mut keys: Vec<Action> = (0..at).map(|_| key(TextKey::Down)).collect();
    keys.push(key(TextKey::Enter));
    let effects = run(&mut s, keys);
    let Some(Effect::ReplyGroup(dry)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(dry.members, [InquiryId(3)]);
}

#[test]
fn the_crisis_template_comes_first_for_a_group_in_that_crisis() {
    let mut s = loaded();
    for row in &mut s.rows {
        row.tags.push("krisis:sudan-2026".into());
    }
    s.crises = vec![siaga::model::CrisisSummary {
        crisis: siaga::model::Crisis {
            name: "sudan-2026".into(),
            places: vec!["Khartoum".into()],
            keywords: Vec::new(),
            template: Some("hotline".into()),
            opened_by: "siti".into(),
            opened_at: common::now(),
            closed_by: None,
            closed_at: None,
        },
        tagged: 3,
        last_hour: 3,
        buckets: vec![0; 12],
    }];
    run(&mut s, [cmd(Command::Reply)]);
    assert_eq!(picker(&s).items[0].value(), "hotline");
}

#[test]
fn close_on_a_group_row_closes_every_open_member_as_one_step() {
    let mut s = loaded();
    run(&mut s, [cmd(Command::Close)]);
    let p = picker(&s);
    let targets: Vec<u64> = p.targets.iter().map(|(id, _)| id.0).collect();
    assert_eq!(targets, [1, 3, 4], "every member, never the head alone");
    let effects = run(&mut s, [key(TextKey::Enter)]);
    let Some(Effect::Apply {
        targets, undoable, ..
    }) = effects.first()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(targets.len(), 3);
    assert!(*undoable, "one undo step for the whole group");
}

#[test]
fn a_note_on_a_group_row_is_refused_and_says_to_open_the_group() {
    let mut s = loaded();
    let effects = run(&mut s, [cmd(Command::Note)]);
    assert!(effects.is_empty() && s.overlay.is_none(), "{:?}", s.overlay);
    assert!(message(&s).contains("open g3 (Enter)"), "{}", message(&s));
    run(&mut s, [cmd(Command::Mark)]);
    assert!(s.marked.is_empty(), "a group's row is not marked");
    assert_eq!(s.selected, 1, "Space still moves on");
}
