//! What an officer may do to a reply in the outbox: retry a failed one,
//! cancel one not yet sent.

use jiff::Timestamp;

use crate::reply::{Reply, ReplyState};
use crate::store::{FieldChange, StoreError};

pub(super) fn retry(r: &mut Reply) -> Result<Vec<FieldChange>, StoreError> {
    if r.state != ReplyState::Failed {
        return Err(StoreError::Refused(crate::said!(
            "refused-retry-not-failed",
            reply = r.id.to_string(),
            state = r.state.as_str()
        )));
    }
    r.state = if r.maybe_posted {
        ReplyState::Unknown
    } else {
        ReplyState::Pending
    };
    r.attempts = 0;
    r.next_attempt_at = None;
    Ok(vec![FieldChange::new(
        "reply_retry",
        None,
        Some(r.id.to_string()),
    )])
}

pub(super) fn cancel(r: &mut Reply, now: Timestamp) -> Result<Vec<FieldChange>, StoreError> {
    match r.state {
        ReplyState::Sent | ReplyState::Cancelled => {
            return Err(StoreError::Refused(crate::said!(
                "refused-reply-already",
                reply = r.id.to_string(),
                state = r.state.as_str()
            )));
        }
        ReplyState::Sending => {
            return Err(StoreError::Refused(crate::said!(
                "refused-reply-sending",
                reply = r.id.to_string()
            )));
        }
        _ => {}
    }
    r.state = ReplyState::Cancelled;
    r.finished_at = Some(now);
    r.next_attempt_at = None;
    let note = if r.maybe_posted {
        " (an earlier attempt may have been posted; check the platform)"
    } else {
        ""
    };
    Ok(vec![FieldChange::new(
        "reply_cancelled",
        None,
        Some(format!("{}{note}", r.id)),
    )])
}
