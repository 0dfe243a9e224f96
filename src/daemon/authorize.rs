//! Who may do what on the desk, in one place (#14): every role against
//! every call, and every officer's change against every role, as two
//! tables of data the server only asks. A call or change missing from a
//! table is refused (fail closed), so a new one cannot slip through
//! unjudged. Identity and role come from `access` (peer credentials,
//! never the client's word); what consular staff may see of an allowed
//! call is narrowed here too (`may_see`, `OwnMissions`).
//!
//! Long because it is two tables (the calls, the changes) and its tests
//! judge every role against every row, pinned by one snapshot beside it.

use super::protocol::{Call, Role};
use crate::queue::{Change, QueueEvent};
use crate::records::steward::Clearance;

/// Why a request is refused; each reason has one text, shown to the
/// client as "not allowed: ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// New inquiries come only from the daemon's own fetchers.
    FetchersOnly,
    /// Consular staff only see and acknowledge their mission's escalations.
    ConsularScope,
    /// The desk records a platform deletion or an export itself.
    DeskRecordsItself,
    SupervisorAssigns,
    SupervisorHoldsAndRestricts,
    /// An undo may only give a claim back to its previous holder.
    UndoClaim,
    /// A consular officer asked for an inquiry not escalated to them.
    NotTheirInquiry,
    /// A consular officer acknowledged where nothing of theirs waits.
    NothingToAcknowledge,
    /// A call or change this table does not know.
    Unknown,
}

impl Refusal {
    pub fn text(self) -> &'static str {
        match self {
            Refusal::FetchersOnly => "only the daemon's own fetchers store new inquiries",
            Refusal::ConsularScope => {
                "consular staff see and acknowledge what was escalated to their mission"
            }
            Refusal::DeskRecordsItself => "the desk records that itself",
            Refusal::SupervisorAssigns => "only a supervisor reassigns claims",
            Refusal::SupervisorHoldsAndRestricts => {
                "only a supervisor releases a legal hold or restricts processing"
            }
            Refusal::UndoClaim => {
                "an undo may give the inquiry back only to whoever held it before your own last change"
            }
            Refusal::NotTheirInquiry => "this inquiry was not escalated to your mission",
            Refusal::NothingToAcknowledge => {
                "no escalation to your mission awaits acknowledgement here"
            }
            Refusal::Unknown => "the desk does not know this request",
        }
    }
}

/// One cell of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Allow,
    Refuse(Refusal),
    /// Allowed, narrowed to what was escalated to the caller's missions.
    OwnMissions,
    /// Allowed where the records request needs no full clearance.
    OfficerRecords,
    /// Decided by the change (`CHANGES`).
    ByChange,
    /// Allowed if the undo's claim passes the undo check.
    UndoClaimCheck,
}

use Refusal::*;
use Rule::*;

/// Every call: (name, officer, supervisor, consular staff).
pub const CALLS: [(&str, Rule, Rule, Rule); 35] = [
    ("list", Allow, Allow, Refuse(ConsularScope)),
    ("counts", Allow, Allow, Allow),
    ("facet_counts", Allow, Allow, Refuse(ConsularScope)),
    ("search", Allow, Allow, Refuse(ConsularScope)),
    ("prepare_search", Allow, Allow, Refuse(ConsularScope)),
    ("wake_due", Allow, Allow, Refuse(ConsularScope)),
    ("get", Allow, Allow, OwnMissions),
    ("apply", ByChange, ByChange, Refuse(ConsularScope)),
    (
        "ingest",
        Refuse(FetchersOnly),
        Refuse(FetchersOnly),
        Refuse(ConsularScope),
    ),
    ("cursor", Allow, Allow, Refuse(ConsularScope)),
    ("queue_reply", Allow, Allow, Refuse(ConsularScope)),
    ("outbox", Allow, Allow, Refuse(ConsularScope)),
    ("retry_reply", Allow, Allow, Refuse(ConsularScope)),
    ("cancel_reply", Allow, Allow, Refuse(ConsularScope)),
    ("escalate", Allow, Allow, Refuse(ConsularScope)),
    ("acknowledge", Allow, Allow, OwnMissions),
    ("escalations", Allow, Allow, OwnMissions),
    ("set_presence", Allow, Allow, Allow),
    ("presences", Allow, Allow, Allow),
    // Always the caller's own: the server passes the socket's officer.
    ("save_draft", Allow, Allow, Refuse(ConsularScope)),
    ("drop_draft", Allow, Allow, Refuse(ConsularScope)),
    ("drafts", Allow, Allow, Refuse(ConsularScope)),
    // Groups name every member: for the desk, not a mission.
    ("groups", Allow, Allow, Refuse(ConsularScope)),
    ("groups_of", Allow, Allow, Refuse(ConsularScope)),
    ("groups_named", Allow, Allow, Refuse(ConsularScope)),
    ("reply_group", Allow, Allow, Refuse(ConsularScope)),
    ("escalate_group", Allow, Allow, Refuse(ConsularScope)),
    // Crises (#16): the desk's to open, close and be told of.
    ("open_crisis", Allow, Allow, Refuse(ConsularScope)),
    ("close_crisis", Allow, Allow, Refuse(ConsularScope)),
    ("crises", Allow, Allow, Refuse(ConsularScope)),
    ("crisis_suggestion", Allow, Allow, Refuse(ConsularScope)),
    ("dismiss_suggestion", Allow, Allow, Refuse(ConsularScope)),
    // Group edits (#16): the desk's, like its groups.
    ("split_from_group", Allow, Allow, Refuse(ConsularScope)),
    ("join_groups", Allow, Allow, Refuse(ConsularScope)),
    ("records", OfficerRecords, Allow, Refuse(ConsularScope)),
];

/// Every change an `apply` carries: (name, officer, supervisor).
pub const CHANGES: [(&str, Rule, Rule); 21] = [
    ("claim", Allow, Allow),
    ("release", Allow, Allow),
    ("close", Allow, Allow),
    ("reopen", Allow, Allow),
    ("tag", Allow, Allow),
    ("untag", Allow, Allow),
    ("note", Allow, Allow),
    ("set_priority", Allow, Allow),
    ("set_category", Allow, Allow),
    ("snooze", Allow, Allow),
    ("wake", Allow, Allow),
    ("assign", Refuse(SupervisorAssigns), Allow),
    ("handover", Allow, Allow),
    ("restore", UndoClaimCheck, Allow),
    ("reveal", Allow, Allow),
    ("hold", Allow, Allow),
    ("release_hold", Refuse(SupervisorHoldsAndRestricts), Allow),
    ("restrict", Refuse(SupervisorHoldsAndRestricts), Allow),
    ("unrestrict", Refuse(SupervisorHoldsAndRestricts), Allow),
    // Only the desk itself records these, never a client.
    (
        "deleted_on_platform",
        Refuse(DeskRecordsItself),
        Refuse(DeskRecordsItself),
    ),
    (
        "exported",
        Refuse(DeskRecordsItself),
        Refuse(DeskRecordsItself),
    ),
];

/// What the server does with a request, decided before any data is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    Refuse(String),
    /// Serve it only for what was escalated to these missions.
    OwnMissions,
    /// Allowed if the undo's claim passes `server::dispatch::undo_may_set_claim`.
    CheckUndoClaim,
}

/// The verdict for `role` making `call`.
pub fn decide(role: &Role, call: &Call) -> Verdict {
    let rule = call_rule(role, call_name(call));
    match rule {
        ByChange => match call {
            Call::Apply { change, .. } => verdict(change_rule(role, change_name(change))),
            _ => verdict(Refuse(Unknown)),
        },
        OfficerRecords => match call {
            Call::Records { request } => match request.needs_full() {
                Some(what) => Verdict::Refuse(format!("only a supervisor may {what}")),
                None => Verdict::Allow,
            },
            _ => verdict(Refuse(Unknown)),
        },
        rule => verdict(rule),
    }
}

/// The table's cell for `role` and the call named `name`.
pub fn call_rule(role: &Role, name: &str) -> Rule {
    let Some(row) = CALLS.iter().find(|(n, ..)| *n == name) else {
        return Refuse(Unknown);
    };
    match role {
        Role::Officer => row.1,
        Role::Supervisor => row.2,
        Role::Consular { .. } => row.3,
    }
}

/// The table's cell for `role` and the change named `name`.
pub fn change_rule(role: &Role, name: &str) -> Rule {
    let Some(row) = CHANGES.iter().find(|(n, ..)| *n == name) else {
        return Refuse(Unknown);
    };
    match role {
        Role::Officer => row.1,
        Role::Supervisor => row.2,
        Role::Consular { .. } => Refuse(ConsularScope),
    }
}

fn verdict(rule: Rule) -> Verdict {
    match rule {
        Allow => Verdict::Allow,
        Refuse(why) => Verdict::Refuse(why.text().to_string()),
        OwnMissions => Verdict::OwnMissions,
        UndoClaimCheck => Verdict::CheckUndoClaim,
        ByChange | OfficerRecords => Verdict::Refuse(Unknown.text().to_string()),
    }
}

/// What a records request may reach for `role`.
pub fn clearance(role: &Role) -> Clearance {
    match role {
        Role::Supervisor => Clearance::Full,
        _ => Clearance::Officer,
    }
}

/// Whether a live event reaches a client of `role`: consular staff see
/// only their missions' escalations and the desk's presence.
pub fn may_see(role: &Role, event: &QueueEvent) -> bool {
    match role {
        Role::Consular { missions } => match event {
            QueueEvent::Escalation { escalation } => missions.contains(&escalation.mission),
            QueueEvent::Presence { .. } => true,
            _ => false,
        },
        _ => true,
    }
}

/// The wire name of a call (its `"call"` tag).
pub fn call_name(call: &Call) -> &'static str {
    match call {
        Call::List { .. } => "list",
        Call::Counts => "counts",
        Call::FacetCounts { .. } => "facet_counts",
        Call::Search { .. } => "search",
        Call::PrepareSearch => "prepare_search",
        Call::WakeDue => "wake_due",
        Call::Get { .. } => "get",
        Call::Apply { .. } => "apply",
        Call::Ingest { .. } => "ingest",
        Call::Cursor { .. } => "cursor",
        Call::QueueReply { .. } => "queue_reply",
        Call::Outbox { .. } => "outbox",
        Call::RetryReply { .. } => "retry_reply",
        Call::CancelReply { .. } => "cancel_reply",
        Call::Escalate { .. } => "escalate",
        Call::Acknowledge { .. } => "acknowledge",
        Call::Escalations { .. } => "escalations",
        Call::SetPresence { .. } => "set_presence",
        Call::Presences => "presences",
        Call::SaveDraft { .. } => "save_draft",
        Call::DropDraft { .. } => "drop_draft",
        Call::Drafts => "drafts",
        Call::Groups => "groups",
        Call::GroupsOf { .. } => "groups_of",
        Call::GroupsNamed { .. } => "groups_named",
        Call::ReplyGroup { .. } => "reply_group",
        Call::EscalateGroup { .. } => "escalate_group",
        // Crises (#16).
        Call::OpenCrisis { .. } => "open_crisis",
        Call::CloseCrisis { .. } => "close_crisis",
        Call::Crises => "crises",
        Call::CrisisSuggestion => "crisis_suggestion",
        Call::DismissSuggestion { .. } => "dismiss_suggestion",
        // Group edits (#16).
        Call::SplitFromGroup { .. } => "split_from_group",
        Call::JoinGroups { .. } => "join_groups",
        Call::Records { .. } => "records",
    }
}

/// The wire name of a change (its `"change"` tag).
pub fn change_name(change: &Change) -> &'static str {
    match change {
        Change::Claim { .. } => "claim",
        Change::Release => "release",
        Change::Close { .. } => "close",
        Change::Reopen => "reopen",
        Change::Tag { .. } => "tag",
        Change::Untag { .. } => "untag",
        Change::Note { .. } => "note",
        Change::SetPriority { .. } => "set_priority",
        Change::SetCategory { .. } => "set_category",
        Change::Snooze { .. } => "snooze",
        Change::Wake => "wake",
        Change::Assign { .. } => "assign",
        Change::Handover { .. } => "handover",
        Change::Restore { .. } => "restore",
        Change::Reveal { .. } => "reveal",
        Change::Hold { .. } => "hold",
        Change::ReleaseHold { .. } => "release_hold",
        Change::Restrict { .. } => "restrict",
        Change::Unrestrict { .. } => "unrestrict",
        Change::DeletedOnPlatform { .. } => "deleted_on_platform",
        Change::Exported { .. } => "exported",
    }
}

#[cfg(test)]
mod tests {
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
}
