//! Who may do what on the desk, in one place (#14): every role against
//! every call, and every officer's change against every role, as two
//! tables of data the server only asks. A call or change missing from a
//! table is refused (fail closed), so a new one cannot slip through
//! unjudged. Identity and role come from `access` (peer credentials,
//! never the client's word); what consular staff may see of an allowed
//! call is narrowed here too (`may_see`, `OwnMissions`).
//!
//! Long because it is two tables (the calls, the changes); its tests
//! (`authorize/tests.rs`) judge every role against every row, pinned by
//! one snapshot beside them.

use super::protocol::{Call, Role};
use crate::i18n::Said;
use crate::queue::{Change, QueueEvent};
use crate::records::steward::Clearance;

/// Why a request is refused; each reason has one sentence, shown to the
/// client as "not allowed: ..." in its officer's language.
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
    pub fn said(self) -> Said {
        match self {
            Refusal::FetchersOnly => crate::said!("forbidden-fetchers-only"),
            Refusal::ConsularScope => crate::said!("forbidden-consular-scope"),
            Refusal::DeskRecordsItself => crate::said!("forbidden-desk-records-itself"),
            Refusal::SupervisorAssigns => crate::said!("forbidden-supervisor-assigns"),
            Refusal::SupervisorHoldsAndRestricts => crate::said!("forbidden-supervisor-holds"),
            Refusal::UndoClaim => crate::said!("forbidden-undo-claim"),
            Refusal::NotTheirInquiry => crate::said!("forbidden-not-their-inquiry"),
            Refusal::NothingToAcknowledge => crate::said!("forbidden-nothing-to-acknowledge"),
            Refusal::Unknown => crate::said!("forbidden-unknown"),
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
pub const CALLS: [(&str, Rule, Rule, Rule); 37] = [
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
    // The learned model (#19): trained on every decision, so the desk's.
    ("train_model", Allow, Allow, Refuse(ConsularScope)),
    ("evaluate_model", Allow, Allow, Refuse(ConsularScope)),
    ("records", OfficerRecords, Allow, Refuse(ConsularScope)),
];

/// Every change an `apply` carries: (name, officer, supervisor).
pub const CHANGES: [(&str, Rule, Rule); 22] = [
    ("claim", Allow, Allow),
    ("release", Allow, Allow),
    ("close", Allow, Allow),
    ("reopen", Allow, Allow),
    ("tag", Allow, Allow),
    ("untag", Allow, Allow),
    ("note", Allow, Allow),
    ("set_priority", Allow, Allow),
    ("set_category", Allow, Allow),
    ("accept_learned", Allow, Allow),
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
    Refuse(Said),
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
                Some(what) => Verdict::Refuse(crate::said!("refused-supervisor-only", what = what)),
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
        Refuse(why) => Verdict::Refuse(why.said()),
        OwnMissions => Verdict::OwnMissions,
        UndoClaimCheck => Verdict::CheckUndoClaim,
        ByChange | OfficerRecords => Verdict::Refuse(Unknown.said()),
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
        Call::TrainModel => "train_model",
        Call::EvaluateModel => "evaluate_model",
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
        Change::AcceptLearned => "accept_learned",
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
mod tests;
