//! What the outbox records of each attempt: a reply marked as being sent
//! before its request, then sent (the inquiry marked replied), failed, or
//! due again, each one change of the store.

use jiff::Timestamp;

use super::SENDER;
use super::Sender;
use crate::model::reply::{Reply, ReplyState};
use crate::model::{Inquiry, Status};
use crate::store::{FieldChange, StoreError};

impl Sender {
    pub(super) fn mark_sending(&self, reply: &Reply) -> Result<Reply, StoreError> {
        let now = Timestamp::now();
        let (r, _) = self.queue.update_reply(reply.id, SENDER, |r, inq| {
            expect_open(r)?;
            crate::store::check_usable(inq, "sent")?;
            r.state = ReplyState::Sending;
            r.attempts += 1;
            r.first_attempt_at.get_or_insert(now);
            r.last_attempt_at = Some(now);
            r.next_attempt_at = None;
            Ok(Vec::new())
        })?;
        Ok(r)
    }

    pub(super) fn sent(
        &self,
        reply: &Reply,
        platform_id: String,
        flag: Option<&str>,
    ) -> Result<Reply, StoreError> {
        let now = Timestamp::now();
        let (r, _) = self.queue.update_reply(reply.id, SENDER, |r, inq| {
            r.state = ReplyState::Sent;
            r.platform_id = Some(platform_id.clone()).filter(|s| !s.is_empty());
            r.flag = flag.map(str::to_string);
            r.finished_at = Some(now);
            r.next_attempt_at = None;
            let mut changes = vec![FieldChange::new(
                "reply_sent",
                None,
                Some(format!(
                    "{} posted{}{}",
                    r.id,
                    r.platform_id
                        .as_deref()
                        .map(|p| format!(" as {p}"))
                        .unwrap_or_default(),
                    flag.map(|f| format!(" ({f})")).unwrap_or_default()
                )),
            )];
            changes.extend(mark_replied(inq));
            Ok(changes)
        })?;
        Ok(r)
    }

    pub(super) fn fail(&self, reply: &Reply, why: &str) -> Result<Reply, StoreError> {
        let (r, _) = self.queue.update_reply(reply.id, SENDER, |r, _| {
            r.state = ReplyState::Failed;
            r.last_error = Some(why.to_string());
            r.next_attempt_at = None;
            Ok(vec![FieldChange::new(
                "reply_failed",
                None,
                Some(format!("{}: {why}", r.id)),
            )])
        })?;
        Ok(r)
    }

    pub(super) fn reschedule(
        &self,
        reply: &Reply,
        state: ReplyState,
        at: Timestamp,
        error: Option<String>,
    ) -> Result<Reply, StoreError> {
        let (r, _) = self.queue.update_reply(reply.id, SENDER, |r, _| {
            expect_open(r)?;
            r.state = state;
            r.next_attempt_at = Some(at);
            if let Some(e) = &error {
                r.last_error = Some(e.clone());
            }
            Ok(Vec::new())
        })?;
        Ok(r)
    }

    pub(super) fn reschedule_after_attempt(
        &self,
        reply: &Reply,
        state: ReplyState,
        at: Timestamp,
        error: String,
        maybe_posted: bool,
    ) -> Result<Reply, StoreError> {
        let (r, _) = self.queue.update_reply(reply.id, SENDER, |r, _| {
            r.state = state;
            r.next_attempt_at = Some(at);
            r.last_error = Some(error.clone());
            r.maybe_posted |= maybe_posted;
            Ok(Vec::new())
        })?;
        Ok(r)
    }
}

/// Refuse to touch a reply an officer cancelled meanwhile.
fn expect_open(r: &Reply) -> Result<(), StoreError> {
    if r.state.is_final() {
        return Err(StoreError::Refused(
            format!("reply {} is {}", r.id, r.state).into(),
        ));
    }
    Ok(())
}

/// A sent reply moves a new or claimed inquiry to "replied".
fn mark_replied(inq: &mut Inquiry) -> Option<FieldChange> {
    if !matches!(inq.status, Status::New | Status::Claimed) {
        return None;
    }
    let from = std::mem::replace(&mut inq.status, Status::Replied);
    Some(FieldChange::new(
        "status",
        Some(from.to_string()),
        Some(Status::Replied.to_string()),
    ))
}
