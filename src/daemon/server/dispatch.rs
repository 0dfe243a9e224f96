//! What a request does: the call checked against the connection's role
//! (`authorize`), then run against the queue as the socket's officer, and
//! its result put in the wire's words.

use std::sync::Arc;

use serde::Serialize;

use super::super::authorize::{Refusal, Verdict, clearance, decide};
use super::super::protocol::{Call, Outcome, Role, WireError};
use super::Shared;
use crate::model::InquiryId;
use crate::queue::{LocalQueue, QueueService};
use crate::store::StoreError;

/// Consular staff hear only of escalations to their missions.
pub(super) async fn answer(
    shared: Arc<Shared>,
    conn: u64,
    officer: String,
    role: Role,
    call: Call,
) -> Outcome {
    let verdict = decide(&role, &call);
    if let Verdict::Refuse(why) = verdict {
        return forbidden(why);
    }
    match call {
        Call::SetPresence { on } => {
            shared.set_presence(conn, &officer, on);
            ok(&())
        }
        Call::Presences => ok(&shared.presences()),
        Call::Records { request } => {
            let clearance = clearance(&role);
            let shared = shared.clone();
            let served = tokio::task::spawn_blocking(move || {
                crate::records::steward::serve(
                    &shared.queue,
                    &officer,
                    clearance,
                    &shared.records,
                    request,
                )
            })
            .await;
            match served {
                Ok(answer) => done(answer),
                Err(e) => Outcome::Err(WireError::Internal {
                    message: format!("the request failed inside the daemon: {e}"),
                }),
            }
        }
        call => {
            let queue = shared.queue.clone();
            let missions = match role {
                Role::Consular { missions } => missions,
                _ => Vec::new(),
            };
            let work = move || match verdict {
                Verdict::OwnMissions => consular(&queue, &officer, &missions, call),
                Verdict::CheckUndoClaim => undo_checked(&queue, &officer, call),
                _ => dispatch(&queue, &officer, call),
            };
            match tokio::task::spawn_blocking(work).await {
                Ok(outcome) => outcome,
                Err(e) => Outcome::Err(WireError::Internal {
                    message: format!("the request failed inside the daemon: {e}"),
                }),
            }
        }
    }
}

fn ok<T: Serialize>(value: &T) -> Outcome {
    Outcome::Ok(serde_json::to_value(value).expect("answers serialize"))
}

fn wire(e: StoreError) -> WireError {
    match e {
        StoreError::NotFound(id) => WireError::NotFound { id },
        StoreError::ClaimedBy { id, holder, since } => WireError::ClaimedBy { id, holder, since },
        StoreError::Refused(said) | StoreError::Withheld(said) => WireError::Refused {
            message: said.to_string(),
            said: said.is_catalogued().then_some(said),
        },
        other => WireError::Internal {
            message: other.to_string(),
        },
    }
}

fn done<T: Serialize>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(v) => ok(&v),
        Err(e) => Outcome::Err(wire(e)),
    }
}

fn forbidden(why: crate::i18n::Said) -> Outcome {
    Outcome::Err(WireError::Forbidden {
        message: why.to_string(),
        said: Some(why),
    })
}

/// An undo whose claim `authorize` asked to be checked: it may give the
/// inquiry back only as `undo_may_set_claim` allows.
fn undo_checked(queue: &LocalQueue, officer: &str, call: Call) -> Outcome {
    if let Call::Apply {
        id,
        change: crate::queue::Change::Restore { to, .. },
    } = &call
        && !undo_may_set_claim(queue, *id, officer, to.claimed_by.as_deref())
    {
        return forbidden(Refusal::UndoClaim.said());
    }
    dispatch(queue, officer, call)
}

/// One call against the store, as `officer` (from the peer credentials,
/// never from the request), already allowed by `authorize::decide`.
fn dispatch(queue: &LocalQueue, officer: &str, call: Call) -> Outcome {
    match call {
        Call::List { query } => done(queue.list(&query)),
        Call::Counts => done(queue.counts()),
        Call::FacetCounts { facet } => done(queue.facet_counts(&facet)),
        Call::Search { view, text, limit } => done(queue.search(&view, &text, limit)),
        Call::PrepareSearch => done(queue.prepare_search()),
        Call::WakeDue => done(queue.wake_due(jiff::Timestamp::now())),
        Call::Get { id } => done(queue.get(id)),
        Call::Apply { id, change } => done(queue.apply_traced(id, &change, officer)),
        Call::Ingest { .. } => forbidden(Refusal::FetchersOnly.said()),
        Call::Cursor { name } => done(queue.cursor(&name)),
        Call::QueueReply {
            request,
            seen_answers,
        } => done(queue.queue_reply(request, officer, seen_answers)),
        Call::Outbox { recent } => done(queue.outbox(recent)),
        Call::RetryReply { id } => done(queue.retry_reply(id, officer)),
        Call::CancelReply { id } => done(queue.cancel_reply(id, officer)),
        Call::Escalate { request } => done(queue.escalate(request, officer)),
        Call::Acknowledge { inquiry, by, how } => {
            done(queue.acknowledge(inquiry, &by, &how, officer))
        }
        Call::Escalations { recent } => done(queue.escalations(recent)),
        Call::SaveDraft { inquiry, body } => done(queue.save_draft(inquiry, body, officer)),
        Call::DropDraft { inquiry, kind } => done(queue.drop_draft(inquiry, kind, officer)),
        Call::Drafts => done(queue.drafts_of(officer)),
        Call::Groups => done(queue.groups()),
        Call::GroupsOf { ids } => done(queue.groups_of(&ids)),
        Call::GroupsNamed { ids } => done(queue.groups_named(&ids)),
        Call::ReplyGroup { request } => done(queue.reply_group(request, officer)),
        Call::EscalateGroup { request } => done(queue.escalate_group(request, officer)),
        // Crises (#16).
        Call::OpenCrisis { spec } => done(queue.open_crisis(&spec, officer)),
        Call::CloseCrisis { name } => done(queue.close_crisis(&name, officer)),
        Call::Crises => done(queue.crises()),
        Call::CrisisSuggestion => done(queue.crisis_suggestion()),
        Call::DismissSuggestion { place } => done(queue.dismiss_suggestion(&place, officer)),
        // Group edits (#16).
        Call::SplitFromGroup { inquiry } => done(queue.split_from_group(inquiry, officer)),
        Call::JoinGroups { into, from } => done(queue.join_groups(into, from, officer)),
        // The learned model (#19).
        Call::TrainModel => done(queue.train_model(officer)),
        Call::EvaluateModel => done(queue.evaluate_model()),
        Call::SetPresence { .. } | Call::Presences | Call::Records { .. } => ok(&()),
    }
}

/// An officer's undo may set the claim to nobody, to themselves, to what
/// it is, or back to whoever held it before their own latest claim
/// change (undoing a take-over). Anything else would be an assignment.
fn undo_may_set_claim(queue: &LocalQueue, id: InquiryId, officer: &str, to: Option<&str>) -> bool {
    let Some(to) = to else { return true };
    if to == officer {
        return true;
    }
    let Ok(detail) = queue.get(id) else {
        return false;
    };
    if detail.inquiry.claimed_by.as_deref() == Some(to) {
        return true;
    }
    detail
        .history
        .iter()
        .rev()
        .find(|e| matches!(e.what.as_str(), "claim" | "assign" | "shift_handover"))
        .is_some_and(|e| e.officer == officer && e.before.as_deref() == Some(to))
}

/// Consular staff: only what was escalated to their missions.
fn consular(queue: &LocalQueue, officer: &str, missions: &[String], call: Call) -> Outcome {
    let theirs = |id: InquiryId| -> Result<bool, StoreError> {
        Ok(queue
            .store()
            .get(id)?
            .escalations
            .iter()
            .any(|b| missions.contains(&b.mission)))
    };
    match call {
        Call::Get { id } => match theirs(id) {
            Ok(true) => done(queue.get(id)),
            Ok(false) => forbidden(Refusal::NotTheirInquiry.said()),
            Err(e) => Outcome::Err(wire(e)),
        },
        Call::Acknowledge { inquiry, by, how } => {
            // Their own mission's latest unacknowledged escalation, never
            // another mission's on the same inquiry.
            let theirs = queue.store().get(inquiry).map(|inq| {
                inq.escalations
                    .iter()
                    .rev()
                    .find(|b| !b.acked && missions.contains(&b.mission))
                    .map(|b| b.id)
            });
            match theirs {
                Ok(Some(e)) => done(queue.acknowledge_escalation(e, &by, &how, officer)),
                Ok(None) => forbidden(Refusal::NothingToAcknowledge.said()),
                Err(e) => Outcome::Err(wire(e)),
            }
        }
        Call::Escalations { recent } => done(queue.escalations(recent).map(|mut l| {
            l.open.retain(|e| missions.contains(&e.mission));
            l.recent.retain(|e| missions.contains(&e.mission));
            l
        })),
        Call::Counts => done(queue.counts()),
        _ => forbidden(Refusal::ConsularScope.said()),
    }
}
