//! The reply outbox in the store: a reply and the inquiry it answers move
//! together in one transaction, flushed before the call returns, so a
//! reply the officer saw "queued" survives any crash, and the inquiry's
//! view of its replies never disagrees with the outbox.
//!
//! Trees: `replies` (reply id -> Reply), `outbox` (reply id -> () for
//! every reply not yet final: what the sender works through).

use jiff::Timestamp;
use sled::transaction::Transactional;

use super::{
    Edit, FieldChange, Store, StoreError, StoreResult, Trees, TxResult, abort, from_json, load,
    save_edit, to_json, unwrap_tx,
};
use crate::model::Inquiry;
use crate::reply::{Reply, ReplyBrief, ReplyId};

fn reply_key(id: ReplyId) -> [u8; 8] {
    id.0.to_be_bytes()
}

fn load_reply(tree: &sled::transaction::TransactionalTree, id: ReplyId) -> TxResult<Reply> {
    match tree.get(reply_key(id))? {
        Some(bytes) => match from_json(&bytes, "reply") {
            Ok(r) => Ok(r),
            Err(e) => abort(e),
        },
        None => abort(StoreError::Refused(format!("reply {id} does not exist"))),
    }
}

/// Put the reply's brief into its inquiry (added or updated in place).
fn sync_brief(inq: &mut Inquiry, reply: &Reply) {
    let brief = ReplyBrief::of(reply);
    match inq.replies.iter_mut().find(|b| b.id == reply.id) {
        Some(b) => *b = brief,
        None => inq.replies.push(brief),
    }
}

/// Refuse a reply that would collide with a colleague's work.
fn check_collision(inq: &Inquiry, officer: &str, seen_answers: Option<usize>) -> StoreResult<()> {
    if let Some(holder) = inq.claimed_by.as_deref().filter(|h| *h != officer) {
        let since = inq
            .claimed_at
            .map(|t| format!(" since {}", t.strftime("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_default();
        return Err(StoreError::Refused(format!(
            "inquiry {} is claimed by {holder}{since}; only they may reply (take it over first)",
            inq.id
        )));
    }
    let answers: Vec<&ReplyBrief> = inq
        .replies
        .iter()
        .filter(|b| b.state.counts_as_answer())
        .collect();
    if let Some(seen) = seen_answers
        && answers.len() > seen
        && let Some(last) = answers.last()
    {
        return Err(StoreError::Refused(format!(
            "inquiry {} was already answered by {} at {} ({}) since you opened it; nothing queued",
            inq.id,
            last.officer,
            last.at.strftime("%Y-%m-%d %H:%M UTC"),
            last.id
        )));
    }
    Ok(())
}

impl Store {
    /// Put `draft` in the outbox and note it on its inquiry, durably.
    /// `seen_answers` is how many answers the officer saw when they began
    /// (None: no such check, as for the CLI, which reads them just now).
    pub fn queue_reply(
        &self,
        draft: Reply,
        seen_answers: Option<usize>,
        now: Timestamp,
    ) -> StoreResult<(Reply, Inquiry)> {
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            &self.replies,
            &self.outbox,
        );
        let done = unwrap_tx(trees.transaction(
            |(items, queue, events, counts, replies, outbox)| {
                let Some(before) = load(items, draft.inquiry)? else {
                    return abort(StoreError::NotFound(draft.inquiry));
                };
                if let Err(e) = check_collision(&before, &draft.officer, seen_answers) {
                    return abort(e);
                }
                let mut reply = draft.clone();
                reply.id = ReplyId(replies.generate_id()? + 1);
                let mut after = before.clone();
                sync_brief(&mut after, &reply);
                let change = FieldChange::new(
                    "reply",
                    None,
                    Some(format!(
                        "{} queued ({} {}{})",
                        reply.id,
                        reply.channel.as_str(),
                        reply.lang.as_str(),
                        reply
                            .template
                            .as_deref()
                            .map(|t| format!(", template {t}"))
                            .unwrap_or_default()
                    )),
                );
                let edit = Edit {
                    officer: &reply.officer,
                    now,
                    changes: &[change],
                };
                let t = Trees {
                    items,
                    queue,
                    events,
                    counts,
                };
                save_edit(&t, &before, &mut after, &edit)?;
                replies.insert(&reply_key(reply.id), to_json(&reply))?;
                outbox.insert(&reply_key(reply.id), &[])?;
                Ok((reply, after))
            },
        ))?;
        self.db.flush()?;
        Ok(done)
    }

    /// Change a reply with `edit`, which may also change its inquiry (a
    /// sent reply marks it replied) and returns the history it made. The
    /// reply, the outbox index, the inquiry and its history move together.
    pub fn update_reply<F>(
        &self,
        id: ReplyId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(Reply, Inquiry)>
    where
        F: Fn(&mut Reply, &mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            &self.replies,
            &self.outbox,
        );
        let done = unwrap_tx(trees.transaction(
            |(items, queue, events, counts, replies, outbox)| {
                let mut reply = load_reply(replies, id)?;
                let Some(before) = load(items, reply.inquiry)? else {
                    return abort(StoreError::NotFound(reply.inquiry));
                };
                let mut after = before.clone();
                let changes = match edit(&mut reply, &mut after) {
                    Ok(c) => c,
                    Err(e) => return abort(e),
                };
                sync_brief(&mut after, &reply);
                if after != before || !changes.is_empty() {
                    let t = Trees {
                        items,
                        queue,
                        events,
                        counts,
                    };
                    let edit = Edit {
                        officer,
                        now,
                        changes: &changes,
                    };
                    save_edit(&t, &before, &mut after, &edit)?;
                }
                replies.insert(&reply_key(id), to_json(&reply))?;
                if reply.state.is_final() {
                    outbox.remove(&reply_key(id))?;
                } else {
                    outbox.insert(&reply_key(id), &[])?;
                }
                Ok((reply, after))
            },
        ))?;
        self.db.flush()?;
        Ok(done)
    }

    pub fn reply(&self, id: ReplyId) -> StoreResult<Reply> {
        let bytes = self
            .replies
            .get(reply_key(id))?
            .ok_or_else(|| StoreError::Refused(format!("reply {id} does not exist")))?;
        from_json(&bytes, "reply")
    }

    /// Every reply not yet sent or cancelled, oldest first.
    pub fn open_replies(&self) -> StoreResult<Vec<Reply>> {
        self.outbox
            .iter()
            .keys()
            .map(|k| {
                let k = k?;
                let id =
                    u64::from_be_bytes(k.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                        what: "outbox".into(),
                        detail: "bad key".into(),
                    })?);
                self.reply(ReplyId(id))
            })
            .collect()
    }

    /// The newest `limit` replies of any state, newest first.
    pub fn recent_replies(&self, limit: usize) -> StoreResult<Vec<Reply>> {
        self.replies
            .iter()
            .values()
            .rev()
            .take(limit)
            .map(|v| from_json(&v?, "reply"))
            .collect()
    }

    /// The replies to one inquiry, oldest first.
    pub fn replies_of(&self, inq: &Inquiry) -> StoreResult<Vec<Reply>> {
        inq.replies.iter().map(|b| self.reply(b.id)).collect()
    }
}
