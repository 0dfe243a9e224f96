//! The tables judged: every role against every call and change, pinned
//! by one snapshot (`snapshots/`), and the rules around them.

use std::fmt::Write;

use super::*;
use crate::model::{Channel, DeskState, InquiryId, Lang, Priority, Status};
use crate::records::steward::Request;

fn roles() -> [(&'static str, Role); 3] {
    [
        ("officer", Role::Officer),
        ("supervisor", Role::Supervisor),
        (
            "consular",
            Role::Consular {
                missions: vec!["riyadh".into()],
            },
        ),
    ]
}

fn desk_state() -> DeskState {
    DeskState {
        status: Status::New,
        priority: Priority::P2,
        category: "other".into(),
        tags: vec![],
        claimed_by: None,
        claimed_at: None,
        snoozed_until: None,
        priority_set_by: None,
        category_set_by: None,
        notes: 0,
    }
}

/// One of every change.
fn changes() -> Vec<Change> {
    let at = jiff::Timestamp::UNIX_EPOCH;
    let r = || "why".to_string();
    vec![
        Change::Claim { take_over: false },
        Change::Release,
        Change::Close { reason: r() },
        Change::Reopen,
        Change::Tag { tag: "t".into() },
        Change::Untag { tag: "t".into() },
        Change::Note { text: "n".into() },
        Change::SetPriority {
            priority: Priority::P1,
        },
        Change::SetCategory {
            category: "other".into(),
        },
        Change::AcceptLearned,
        Change::Snooze { until: at },
        Change::Wake,
        Change::Assign { to: "budi".into() },
        Change::Handover {
            from: "budi".into(),
        },
        Change::Restore {
            expect: Box::new(desk_state()),
            to: Box::new(desk_state()),
        },
        Change::Reveal {
            what: "numbers".into(),
        },
        Change::Hold { reason: r() },
        Change::ReleaseHold { reason: r() },
        Change::Restrict { reason: r() },
        Change::Unrestrict { reason: r() },
        Change::DeletedOnPlatform { at },
        Change::Exported { how: "csv".into() },
    ]
}

/// One of every call, an `apply` of every change, and a records
/// request with and without the need for full clearance.
fn calls() -> Vec<Call> {
    let id = InquiryId(1);
    let view = crate::queue::ViewQuery {
        facet: Default::default(),
        statuses: vec![],
        after: None,
        limit: 1,
    };
    let mut calls = vec![
        Call::List {
            query: view.clone(),
        },
        Call::Counts,
        Call::FacetCounts {
            facet: Default::default(),
        },
        Call::Search {
            view,
            text: "gaji".into(),
            limit: 1,
        },
        Call::PrepareSearch,
        Call::WakeDue,
        Call::Get { id },
        Call::Ingest {
            source: "x".into(),
            arrivals: vec![],
            cursor: None,
        },
        Call::Cursor { name: "x".into() },
        Call::QueueReply {
            request: crate::reply::ReplyRequest {
                inquiry: id,
                channel: Channel::Public,
                lang: Lang::Id,
                template: None,
                text: "t".into(),
            },
            seen_answers: None,
        },
        Call::Outbox { recent: 1 },
        Call::RetryReply {
            id: crate::reply::ReplyId(1),
        },
        Call::CancelReply {
            id: crate::reply::ReplyId(1),
        },
        Call::Escalate {
            request: crate::escalate::packet::EscalationRequest {
                inquiry: id,
                mission: "riyadh".into(),
                severity: Priority::P1,
                summary: "s".into(),
                note: String::new(),
                made: None,
            },
        },
        Call::Acknowledge {
            inquiry: id,
            by: "rina".into(),
            how: "phone".into(),
        },
        Call::Escalations { recent: 1 },
        Call::SetPresence { on: None },
        Call::Presences,
        Call::SaveDraft {
            inquiry: id,
            body: crate::model::DraftBody::Reply {
                text: "t".into(),
                template: None,
                lang: Lang::Id,
                channel: Channel::Public,
            },
        },
        Call::DropDraft {
            inquiry: id,
            kind: crate::model::DraftKind::Reply,
        },
        Call::Drafts,
        Call::Groups,
        Call::GroupsOf { ids: vec![id] },
        Call::GroupsNamed {
            ids: vec![crate::model::GroupId(1)],
        },
        Call::ReplyGroup {
            request: crate::model::group::GroupReplyRequest {
                group: crate::model::GroupId(1),
                template: "t".into(),
                members: vec![id],
                dry_run: true,
            },
        },
        Call::EscalateGroup {
            request: crate::model::group::GroupEscalationRequest {
                group: crate::model::GroupId(1),
                mission: None,
                severity: None,
                summary: None,
                note: String::new(),
            },
        },
        // Crises (#16).
        Call::OpenCrisis {
            spec: crate::model::CrisisSpec::default(),
        },
        Call::CloseCrisis { name: "x".into() },
        Call::Crises,
        Call::CrisisSuggestion,
        Call::DismissSuggestion { place: "x".into() },
        // The learned model (#19).
        Call::TrainModel,
        Call::EvaluateModel,
        // Group edits (#16).
        Call::SplitFromGroup { inquiry: id },
        Call::JoinGroups {
            into: crate::model::GroupId(1),
            from: crate::model::GroupId(2),
        },
        Call::Records {
            request: Request::Report {
                from: None,
                to: None,
            },
        },
        Call::Records {
            request: Request::Backup {
                path: "/tmp/b".into(),
            },
        },
    ];
    calls.extend(
        changes()
            .into_iter()
            .map(|change| Call::Apply { id, change }),
    );
    calls
}

fn tag(value: impl serde::Serialize, key: &str) -> String {
    serde_json::to_value(value).unwrap()[key]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_call_and_change_has_exactly_one_row_named_as_on_the_wire() {
    let call_names: std::collections::BTreeSet<&str> = calls().iter().map(call_name).collect();
    let table: std::collections::BTreeSet<&str> = CALLS.iter().map(|r| r.0).collect();
    assert_eq!(call_names, table, "CALLS against one sample of every call");
    assert_eq!(table.len(), CALLS.len(), "a call has two rows");
    let change_names: std::collections::BTreeSet<&str> =
        changes().iter().map(change_name).collect();
    let table: std::collections::BTreeSet<&str> = CHANGES.iter().map(|r| r.0).collect();
    assert_eq!(
        change_names, table,
        "CHANGES against one sample of every change"
    );
    assert_eq!(table.len(), CHANGES.len(), "a change has two rows");
    for call in calls() {
        assert_eq!(call_name(&call), tag(&call, "call"));
    }
    for change in changes() {
        assert_eq!(change_name(&change), tag(&change, "change"));
    }
}

#[test]
fn a_name_outside_the_tables_is_refused() {
    for (_, role) in roles() {
        assert_eq!(call_rule(&role, "drop_store"), Refuse(Unknown));
        assert_eq!(change_rule(&role, "make_me_supervisor"), Refuse(Unknown));
    }
}

/// The whole matrix, every role against every call and change: the
/// snapshot is the desk's permission table a reviewer reads.
#[test]
fn every_role_against_every_call_and_change() {
    let mut out = String::new();
    for call in calls() {
        let name = match &call {
            Call::Apply { change, .. } => format!("apply {}", change_name(change)),
            Call::Records { request } => format!("records {}", tag(request, "op")),
            other => call_name(other).to_string(),
        };
        write!(out, "{name:<26}").unwrap();
        for (role, r) in roles() {
            let cell = match decide(&r, &call) {
                Verdict::Allow => "allow".to_string(),
                Verdict::OwnMissions => "own missions".to_string(),
                Verdict::CheckUndoClaim => "undo check".to_string(),
                Verdict::Refuse(why) => format!("REFUSED ({why})"),
            };
            write!(out, " | {role}: {cell}").unwrap();
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}

#[test]
fn consular_staff_see_only_their_missions_escalations_and_presence() {
    let consular = Role::Consular {
        missions: vec!["riyadh".into()],
    };
    let presence = QueueEvent::Presence { presences: vec![] };
    assert!(may_see(&consular, &presence));
    assert!(may_see(&Role::Officer, &presence));
    assert_eq!(clearance(&Role::Supervisor), Clearance::Full);
    assert_eq!(clearance(&Role::Officer), Clearance::Officer);
    assert_eq!(clearance(&consular), Clearance::Officer);
}
