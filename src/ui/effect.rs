//! Running one `Effect` against the queue, blocking, and turning what came
//! back into the `Action` that reports it. The loop in `app` runs these on
//! blocking tasks so the UI never waits on disk or network; tests and the
//! triage bench call `run_effect` directly.

use jiff::Timestamp;

use super::action::{Action, ApplyError, Effect, Outcome, Target};
use crate::i18n::Lang;
use crate::queue::{Change, QueueService, ViewQuery};
use crate::store::StoreError;
use crate::tr;

/// One effect, blocking; None for effects that report nothing.
pub fn run_effect(
    effect: Effect,
    queue: &dyn QueueService,
    officer: &str,
    lang: Lang,
) -> Option<Action> {
    let failed = |e: StoreError| Action::Failed(e.describe(lang));
    Some(match effect {
        Effect::LoadView { query, append } => load_view(queue, query, append, lang),
        Effect::LoadCounts => queue.counts().map_or_else(failed, Action::CountsLoaded),
        Effect::LoadViewCounts(views) => view_counts(queue, &views, lang),
        Effect::LoadDetail(id) => queue
            .get(id)
            .map_or_else(failed, |d| Action::DetailLoaded(Box::new(d))),
        Effect::Search { view, text, limit } => {
            let result = queue
                .search(&view, &text, limit)
                .map_err(|e| e.describe(lang));
            Action::SearchDone { text, result }
        }
        Effect::Apply {
            targets,
            change,
            undoable,
        } => apply(queue, (officer, lang), targets, change, undoable),
        Effect::Undo(step) => undo(queue, (officer, lang), step),
        Effect::WakeDue => {
            if let Err(e) = queue.wake_due(Timestamp::now()) {
                tracing::warn!("waking snoozed inquiries failed: {e}");
            }
            return None;
        }
        Effect::LoadOutbox => queue
            .outbox(0)
            .map_or_else(failed, |o| Action::OutboxLoaded(o.open)),
        Effect::QueueReply { .. }
        | Effect::Escalate(_)
        | Effect::Acknowledge { .. }
        | Effect::RetryReply(_)
        | Effect::CancelReply(_) => return outbound(effect, queue, officer, lang),
        Effect::LoadShift { .. } | Effect::AcceptShift { .. } => {
            return shift(effect, queue, officer, lang);
        }
        Effect::SaveDraft { .. } | Effect::DropDraft { .. } | Effect::LoadDrafts => {
            return draft(effect, queue, officer, lang);
        }
        Effect::ReplyGroup(request) => Action::GroupAnswered(
            queue
                .reply_group(request, officer)
                .map_err(|e| e.describe(lang)),
        ),
        Effect::EscalateGroup(request) => Action::GroupEscalated(
            queue
                .escalate_group(request, officer)
                .map(Box::new)
                .map_err(|e| e.describe(lang)),
        ),
        Effect::LoadCrises
        | Effect::LoadSuggestion
        | Effect::OpenCrisis(_)
        | Effect::CloseCrisis(_)
        | Effect::DismissSuggestion(_) => return crisis(effect, queue, officer, lang),
        // The loop runs these itself: it owns the terminal.
        Effect::ExternalEdit(_) | Effect::Bell | Effect::Quit => return None,
    })
}

/// A reply queued, retried or cancelled, an escalation recorded or
/// acknowledged: the outboxes' answer, or why not.
fn outbound(effect: Effect, queue: &dyn QueueService, officer: &str, lang: Lang) -> Option<Action> {
    let text = |e: StoreError| e.describe(lang);
    Some(match effect {
        Effect::QueueReply {
            request,
            seen_answers,
        } => Action::ReplyQueued(
            queue
                .queue_reply(request, officer, Some(seen_answers))
                .map(Box::new)
                .map_err(text),
        ),
        Effect::Escalate(request) => {
            Action::Escalated(queue.escalate(request, officer).map(Box::new).map_err(text))
        }
        Effect::Acknowledge { inquiry, by, how } => Action::EscalationChanged(
            queue
                .acknowledge(inquiry, &by, &how, officer)
                .map(Box::new)
                .map_err(text),
        ),
        Effect::RetryReply(id) => {
            Action::ReplyChanged(queue.retry_reply(id, officer).map(Box::new).map_err(text))
        }
        Effect::CancelReply(id) => {
            Action::ReplyChanged(queue.cancel_reply(id, officer).map(Box::new).map_err(text))
        }
        _ => return None,
    })
}

/// The shift digest, in the officer's language, or a handover accepted.
fn shift(effect: Effect, queue: &dyn QueueService, officer: &str, lang: Lang) -> Option<Action> {
    let text = |e: StoreError| e.describe(lang);
    Some(match effect {
        Effect::LoadShift { lang } => Action::ShiftLoaded(
            crate::queue::shift::digest(queue, officer, Timestamp::now())
                .map(|d| d.markdown(lang))
                .map_err(text),
        ),
        Effect::AcceptShift { from, lang } => {
            Action::ShiftAccepted(accept_shift(queue, &from, officer, lang))
        }
        _ => return None,
    })
}

/// A crisis listed, opened or closed, the surge asked about or its
/// suggestion dismissed (#16): the desk's answer, or why not. A dismissal
/// reports only its failure.
fn crisis(effect: Effect, queue: &dyn QueueService, officer: &str, lang: Lang) -> Option<Action> {
    let text = |e: StoreError| e.describe(lang);
    Some(match effect {
        Effect::LoadCrises => Action::CrisesLoaded(queue.crises().map_err(text)),
        Effect::LoadSuggestion => Action::SuggestionLoaded(queue.crisis_suggestion().map_err(text)),
        Effect::OpenCrisis(spec) => Action::CrisisOpened(
            queue
                .open_crisis(&spec, officer)
                .map(Box::new)
                .map_err(text),
        ),
        Effect::CloseCrisis(name) => Action::CrisisClosed(
            queue
                .close_crisis(&name, officer)
                .map(Box::new)
                .map_err(text),
        ),
        Effect::DismissSuggestion(place) => match queue.dismiss_suggestion(&place, officer) {
            Ok(()) => return None,
            Err(e) => Action::DismissFailed(e.describe(lang)),
        },
        _ => return None,
    })
}

/// A draft saved, dropped or loaded. A save reports only its failure; a
/// drop that fails is logged (the draft comes back at worst).
fn draft(effect: Effect, queue: &dyn QueueService, officer: &str, lang: Lang) -> Option<Action> {
    match effect {
        Effect::SaveDraft { inquiry, body } => match queue.save_draft(inquiry, body, officer) {
            Ok(_) => None,
            Err(e) => Some(Action::DraftNotKept {
                inquiry,
                why: e.describe(lang),
            }),
        },
        Effect::DropDraft { inquiry, kind } => {
            if let Err(e) = queue.drop_draft(inquiry, kind, officer) {
                tracing::warn!("dropping the draft of inquiry {inquiry} failed: {e}");
            }
            None
        }
        Effect::LoadDrafts => Some(Action::DraftsLoaded(
            queue.drafts_of(officer).map_err(|e| e.describe(lang)),
        )),
        _ => None,
    }
}

/// A page of a view, asking for one row more to learn whether more follow.
fn load_view(queue: &dyn QueueService, mut query: ViewQuery, append: bool, lang: Lang) -> Action {
    let wanted = query.limit;
    query.limit += 1;
    match queue.list(&query) {
        Ok(mut rows) => {
            let more = rows.len() > wanted;
            rows.truncate(wanted);
            let groups = match groups_of(queue, &rows) {
                Ok(groups) => groups,
                Err(e) => return Action::Failed(e.describe(lang)),
            };
            Action::ViewLoaded {
                for_view: Some((query.facet.clone(), query.statuses.clone())),
                rows,
                groups,
                more,
                append,
            }
        }
        Err(e) => Action::Failed(e.describe(lang)),
    }
}

/// The groups `rows` are in, as the desk lists them (none asked for when
/// no row is in one).
fn groups_of(
    queue: &dyn QueueService,
    rows: &[crate::model::Inquiry],
) -> Result<Vec<crate::model::GroupSummary>, StoreError> {
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let wanted: std::collections::BTreeSet<_> =
        queue.groups_of(&ids)?.into_iter().flatten().collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<_> = wanted.into_iter().collect();
    queue.groups_named(&wanted)
}

/// The count of each tab: its facet's counts summed over its statuses.
fn view_counts(
    queue: &dyn QueueService,
    views: &[(crate::store::Facet, Vec<crate::model::Status>)],
    lang: Lang,
) -> Action {
    let counts: Result<Vec<u64>, StoreError> = views
        .iter()
        .map(|(facet, statuses)| {
            let c = queue.facet_counts(facet)?;
            Ok(statuses.iter().map(|s| c.get(*s)).sum())
        })
        .collect();
    counts.map_or_else(|e| Action::Failed(e.describe(lang)), Action::ViewCounts)
}

/// Each inquiry of the step back to its state before, in one action, so
/// the officer hears how many were undone.
fn undo(queue: &dyn QueueService, who: (&str, Lang), step: super::action::UndoStep) -> Action {
    let outcomes = step
        .changes
        .into_iter()
        .map(|(id, before, after)| {
            let change = Change::Restore {
                expect: Box::new(after.clone()),
                to: Box::new(before),
            };
            traced(queue, who, id, &change, after)
        })
        .collect();
    Action::Undone {
        what: step.what,
        outcomes,
    }
}

/// One change to each target, each its own outcome.
fn apply(
    queue: &dyn QueueService,
    who: (&str, Lang),
    targets: Vec<Target>,
    change: Change,
    undoable: bool,
) -> Action {
    let outcomes = targets
        .into_iter()
        .map(|(id, seen)| traced(queue, who, id, &change, seen))
        .collect();
    Action::Applied {
        change,
        outcomes,
        undoable,
    }
}

/// One change to one inquiry. Undo restores what the change replaced (the
/// store's "before"), not what the officer saw when the key was pressed;
/// a refusal keeps what they saw.
fn traced(
    queue: &dyn QueueService,
    who: (&str, Lang),
    id: crate::model::InquiryId,
    change: &Change,
    seen: crate::model::DeskState,
) -> Outcome {
    match queue.apply_traced(id, change, who.0) {
        Ok((before, after)) => Outcome {
            id,
            before,
            result: Ok(Box::new(after)),
        },
        Err(e) => Outcome {
            id,
            before: seen,
            result: Err(apply_error(e, who.1)),
        },
    }
}

/// A shift handover accepted, said as the status bar says it, in `lang`.
fn accept_shift(
    queue: &dyn QueueService,
    from: &str,
    officer: &str,
    lang: Lang,
) -> Result<String, String> {
    let h = crate::queue::shift::accept(queue, from, officer).map_err(|e| e.describe(lang))?;
    let n = h.taken.len();
    let mut text = if n == 1 {
        tr!(lang, "handover-took-over-one", count = n, from = from)
    } else {
        tr!(lang, "handover-took-over", count = n, from = from)
    };
    if !h.refused.is_empty() {
        let refused = h.refused.len();
        text.push_str(&format!(
            "; {}",
            tr!(lang, "handover-not-taken", count = refused)
        ));
    }
    Ok(text)
}

fn apply_error(e: StoreError, lang: Lang) -> ApplyError {
    match e {
        StoreError::ClaimedBy { holder, since, .. } => ApplyError::ClaimedBy { holder, since },
        other => ApplyError::Other(other.describe(lang)),
    }
}
