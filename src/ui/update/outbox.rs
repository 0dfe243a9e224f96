//! The outbox's news on the screen: the status bar's count of replies
//! still to go, the detail's replies kept current, a word when the
//! officer's own reply went or failed, and `R` / `X` on the detail's
//! replies. A group answer's replies feed its progress line instead.

use crate::reply::{Reply, ReplyState};
use crate::tr;
use crate::ui::action::{Command, Effect};
use crate::ui::state::{OutboxItem, State};

/// Keep the status bar's outbox current. News can overtake an answer (a
/// reply sent before the store's "queued" reached the screen): a reply
/// once seen final is never tracked again.
pub(super) fn track(state: &mut State, reply: &Reply) {
    if reply.state.is_final() {
        state.outbox.remove(&reply.id);
        state.settled.insert(reply.id);
    } else if !state.settled.contains(&reply.id) {
        state.outbox.insert(
            reply.id,
            OutboxItem {
                inquiry: reply.inquiry,
                officer: reply.officer.clone(),
                state: reply.state,
            },
        );
    }
}

pub fn outbox_loaded(state: &mut State, open: Vec<Reply>) -> Vec<Effect> {
    state.outbox.clear();
    for r in &open {
        track(state, r);
    }
    Vec::new()
}

/// News from the outbox: keep the detail and the status bar current, and
/// tell the officer when their own reply went or failed.
pub fn reply_event(state: &mut State, reply: &Reply) -> Vec<Effect> {
    track(state, reply);
    if let Some(d) = state
        .detail
        .as_mut()
        .filter(|d| d.inquiry.id == reply.inquiry)
    {
        match d.replies.iter_mut().find(|r| r.id == reply.id) {
            Some(r) => *r = reply.clone(),
            None => d.replies.push(reply.clone()),
        }
    }
    if reply.group.is_some() {
        // One of a group answer's: the progress line speaks for it.
        super::group::reply_event(state, reply);
        return Vec::new();
    }
    if reply.officer == state.officer {
        match reply.state {
            ReplyState::Sent => {
                let (id, inquiry) = (reply.id.to_string(), reply.inquiry.to_string());
                state.message = Some(match reply.platform_id.as_deref() {
                    Some(p) => tr!(
                        state.lang,
                        "reply-posted-as",
                        id = id,
                        post = crate::triage::sanitize_line(p, 24),
                        inquiry = inquiry
                    ),
                    None => tr!(state.lang, "reply-posted", id = id, inquiry = inquiry),
                });
            }
            ReplyState::Failed => {
                state.message = Some(tr!(
                    state.lang,
                    "reply-failed",
                    id = reply.id.to_string(),
                    inquiry = reply.inquiry.to_string(),
                    why =
                        crate::triage::sanitize_line(reply.last_error.as_deref().unwrap_or(""), 40)
                ));
            }
            _ => {}
        }
    }
    Vec::new()
}

/// `R` / `X` in the detail: the reply they act on.
pub fn retry_or_cancel(state: &mut State, cmd: Command) -> Vec<Effect> {
    let Some(d) = &state.detail else {
        return Vec::new();
    };
    let pick = |wanted: &dyn Fn(ReplyState) -> bool| {
        d.replies
            .iter()
            .rev()
            .find(|r| wanted(r.state))
            .map(|r| r.id)
    };
    match cmd {
        Command::RetryReply => match pick(&|s| s == ReplyState::Failed) {
            Some(id) => vec![Effect::RetryReply(id)],
            None => {
                state.message = Some(tr!(state.lang, "reply-nothing-to-retry"));
                Vec::new()
            }
        },
        _ => match pick(&|s| !s.is_final() && s != ReplyState::Sending) {
            Some(id) => vec![Effect::CancelReply(id)],
            None => {
                state.message = Some(tr!(state.lang, "reply-nothing-to-cancel"));
                Vec::new()
            }
        },
    }
}

pub fn reply_changed(state: &mut State, result: Result<Box<Reply>, String>) -> Vec<Effect> {
    state.message = Some(match result {
        Ok(r) => {
            track(state, &r);
            tr!(
                state.lang,
                "reply-state-now",
                id = r.id.to_string(),
                state = crate::reply::state_name(state.lang, r.state)
            )
        }
        Err(why) => why,
    });
    Vec::new()
}
