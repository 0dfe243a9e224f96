//! `LocalQueue` serving `QueueService` from the store this process owns:
//! each call a read, or a change in one transaction followed by its event.

use jiff::Timestamp;
use tokio::sync::broadcast;

use super::{
    Change, EscalationListing, InquiryDetail, LocalQueue, OutboxListing, QueueEvent, QueueResult,
    QueueService, ViewQuery, index, limits, outbox_change,
};
use crate::escalate::Escalation;
use crate::escalate::packet::EscalationRequest;
use crate::model::group::{GroupReplyOutcome, GroupReplyRequest};
use crate::model::{
    Arrival, DeskState, Draft, DraftBody, DraftKind, GroupId, GroupSummary, Inquiry, InquiryId,
    Status,
};
use crate::reply::{Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, PageCommit, StatusCounts, StoreError};
use crate::triage::search::{Matcher, Query};
// Crises (#16).
use crate::model::{CrisisSpec, CrisisSummary};
use crate::triage::surge::Suggestion;

impl QueueService for LocalQueue {
    fn list(&self, query: &ViewQuery) -> QueueResult<Vec<Inquiry>> {
        self.store().list_facet(
            &query.facet,
            &query.statuses,
            query.after.map(Into::into),
            limits::page(query.limit),
        )
    }

    fn counts(&self) -> QueueResult<StatusCounts> {
        self.store().counts()
    }

    fn facet_counts(&self, facet: &Facet) -> QueueResult<StatusCounts> {
        self.store().facet_counts(facet)
    }

    fn search(&self, view: &ViewQuery, text: &str, limit: usize) -> QueueResult<Vec<Inquiry>> {
        limits::check_search(text).map_err(StoreError::Refused)?;
        let limit = limits::page(limit);
        let matcher = Matcher::new(Query::parse(text).map_err(StoreError::Refused)?);
        self.prepare_search()?;
        let ids = {
            let mut slot = self.index.lock().unwrap_or_else(|e| e.into_inner());
            slot.index
                .as_mut()
                .map(|i| i.search(view, &matcher, limit))
                .unwrap_or_default()
        };
        ids.into_iter().map(|id| self.store().get(id)).collect()
    }

    /// Build the index once, without holding it: an ingest meanwhile notes
    /// what it changed (replayed into the new index before it is used); a
    /// second caller waits for the first one's build.
    fn prepare_search(&self) -> QueueResult<()> {
        if !self.begin_index_build() {
            return Ok(());
        }
        let built = index::SearchIndex::build(&self.store());
        self.finish_index_build(built)
    }

    fn wake_due(&self, now: Timestamp) -> QueueResult<Vec<InquiryId>> {
        let snoozed = self.store().list(&[Status::Snoozed], None, usize::MAX)?;
        let mut woken = Vec::new();
        for inq in snoozed
            .iter()
            .filter(|i| i.snoozed_until.is_none_or(|t| t <= now))
        {
            self.apply(inq.id, &Change::Wake, "siaga")?;
            woken.push(inq.id);
        }
        Ok(woken)
    }

    fn get(&self, id: InquiryId) -> QueueResult<InquiryDetail> {
        let inquiry = self.store().get(id)?;
        Ok(InquiryDetail {
            history: self.store().history(id)?,
            replies: self.store().replies_of(&inquiry)?,
            rules: self.rules(&inquiry.source),
            escalations: self.escalations_carrying(&inquiry)?,
            same_author_open: self.open_by_author(&inquiry),
            inquiry,
        })
    }

    fn apply_traced(
        &self,
        id: InquiryId,
        change: &Change,
        officer: &str,
    ) -> QueueResult<(DeskState, Inquiry)> {
        limits::check_change(change).map_err(StoreError::Refused)?;
        if let Change::Assign { to } = change
            && !self.policy().knows_officer(to)
        {
            return Err(StoreError::Refused(crate::said!(
                "refused-no-officer",
                name = crate::triage::sanitize_line(to.trim(), 64)
            )));
        }
        let now = Timestamp::now();
        let (before, inquiry) = self.store().update_traced(id, officer, now, |inq| {
            if let Change::Tag { tag } = change
                && !inq.tags.iter().any(|t| t == tag.trim())
            {
                limits::check_tag_count(&inq.tags).map_err(StoreError::Refused)?;
            }
            change.apply(inq, officer, now)
        })?;
        self.announce(&inquiry, officer, None);
        Ok((DeskState::of(&before), inquiry))
    }

    fn ingest(
        &self,
        source: &str,
        arrivals: &[Arrival],
        cursor: Option<(&str, &str)>,
    ) -> QueueResult<PageCommit> {
        let policy = self.policy();
        let rules = super::arrivals::LearnedArrivals::with_model(
            self.learned_model(),
            policy.lexicon.clone(),
            policy.learned,
        );
        let commit =
            self.store()
                .commit_page(&rules, source, arrivals, cursor, Timestamp::now())?;
        if !commit.new_ids.is_empty() || !commit.attached_ids.is_empty() {
            let ids: Vec<InquiryId> = commit
                .new_ids
                .iter()
                .chain(&commit.attached_ids)
                .copied()
                .collect();
            self.reindex(&ids);
            let (arrived, named) = self.arrived(&commit.new_ids);
            let grown = self
                .grouping
                .place(&self.store(), &self.policy(), &arrived, &named);
            self.sync_rosters(&grown);
            self.crisis_arrivals(&arrived, &named);
            let urgent = self.urgent_among(&commit.new_ids);
            self.publish(QueueEvent::Arrived {
                source: source.to_string(),
                ids,
                urgent,
            });
        }
        Ok(commit)
    }

    fn cursor(&self, name: &str) -> QueueResult<Option<String>> {
        self.store().cursor(name)
    }

    fn subscribe(&self) -> broadcast::Receiver<QueueEvent> {
        self.events.subscribe()
    }

    fn queue_reply(
        &self,
        request: ReplyRequest,
        officer: &str,
        seen_answers: Option<usize>,
    ) -> QueueResult<Reply> {
        let now = Timestamp::now();
        let inq = self.store().get(request.inquiry)?;
        crate::store::check_usable(&inq, "answered")?;
        let draft = self
            .policy()
            .reply(request, &inq, &self.rules(&inq.source), officer, now)
            .map_err(|why| {
                StoreError::Refused(crate::said!("refused-not-queued", why = why.said()))
            })?;
        let (reply, inquiry) = self.store().queue_reply(draft, seen_answers, now)?;
        self.sent_draft(inquiry.id, DraftKind::Reply, officer);
        self.announce(
            &inquiry,
            officer,
            Some(QueueEvent::Reply {
                reply: Box::new(reply.clone()),
            }),
        );
        Ok(reply)
    }

    fn outbox(&self, recent: usize) -> QueueResult<OutboxListing> {
        Ok(OutboxListing {
            open: self.store().open_replies()?,
            recent: self.store().recent_replies(recent.min(limits::MAX_PAGE))?,
        })
    }

    fn retry_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply> {
        self.update_reply(id, officer, |r, inq| {
            crate::store::check_usable(inq, "answered")?;
            outbox_change::retry(r)
        })
        .map(|(r, _)| r)
    }

    fn cancel_reply(&self, id: ReplyId, officer: &str) -> QueueResult<Reply> {
        let now = Timestamp::now();
        self.update_reply(id, officer, |r, _| outbox_change::cancel(r, now))
            .map(|(r, _)| r)
    }

    fn escalate(&self, request: EscalationRequest, officer: &str) -> QueueResult<Escalation> {
        let now = Timestamp::now();
        let inq = self.store().get(request.inquiry)?;
        crate::store::check_usable(&inq, "escalated")?;
        let history = self.store().history(request.inquiry)?;
        let draft = self
            .policy()
            .escalation(request, &inq, &history, officer, now)
            .map_err(|why| {
                StoreError::Refused(crate::said!("refused-not-escalated", why = why.said()))
            })?;
        let e = self.record_escalation(draft, officer, now)?;
        self.sent_draft(e.inquiry, DraftKind::Escalation, officer);
        Ok(e)
    }

    fn acknowledge(
        &self,
        inquiry: InquiryId,
        by: &str,
        how: &str,
        officer: &str,
    ) -> QueueResult<Escalation> {
        let inq = self.store().get(inquiry)?;
        let open = match inq.escalations.iter().rev().find(|b| !b.acked) {
            Some(brief) => Some(brief.id),
            None => self.open_group_escalation(&inq)?,
        };
        let Some(open) = open else {
            return Err(StoreError::Refused(crate::said!(
                "refused-nothing-to-acknowledge",
                id = inquiry.to_string()
            )));
        };
        self.acknowledge_escalation(open, by, how, officer)
    }

    fn escalations(&self, recent: usize) -> QueueResult<EscalationListing> {
        Ok(EscalationListing {
            open: self.store().open_escalations()?,
            recent: self
                .store()
                .recent_escalations(recent.min(limits::MAX_PAGE))?,
        })
    }

    fn save_draft(&self, inquiry: InquiryId, body: DraftBody, officer: &str) -> QueueResult<Draft> {
        limits::check_draft(&body)
            .map_err(|why| StoreError::Refused(crate::said!("refused-not-kept", why = why)))?;
        let draft = Draft {
            inquiry,
            officer: officer.to_string(),
            saved_at: Timestamp::now(),
            body,
        };
        self.store().save_draft(&draft)?;
        Ok(draft)
    }

    fn drop_draft(&self, inquiry: InquiryId, kind: DraftKind, officer: &str) -> QueueResult<()> {
        self.store().drop_draft(inquiry, kind, officer)
    }

    fn drafts_of(&self, officer: &str) -> QueueResult<Vec<Draft>> {
        self.store().drafts_of(officer)
    }

    fn groups(&self) -> QueueResult<Vec<GroupSummary>> {
        self.grouping.summaries(&self.store(), &self.policy())
    }

    fn groups_named(&self, ids: &[GroupId]) -> QueueResult<Vec<GroupSummary>> {
        self.grouping.summaries_of(
            &self.store(),
            &self.policy(),
            &ids[..ids.len().min(limits::MAX_PAGE)],
        )
    }

    fn groups_of(&self, ids: &[InquiryId]) -> QueueResult<Vec<Option<GroupId>>> {
        let store = self.store();
        ids.iter().map(|id| store.group_of(*id)).collect()
    }

    fn reply_group(
        &self,
        request: GroupReplyRequest,
        officer: &str,
    ) -> QueueResult<GroupReplyOutcome> {
        self.answer_group(request, officer)
    }

    fn escalate_group(
        &self,
        request: crate::model::group::GroupEscalationRequest,
        officer: &str,
    ) -> QueueResult<Escalation> {
        self.escalate_whole_group(request, officer)
    }

    // Crises on the desk (#16): `queue::crisis`.
    fn open_crisis(&self, spec: &CrisisSpec, officer: &str) -> QueueResult<CrisisSummary> {
        self.open_crisis_now(spec, officer)
    }

    fn close_crisis(&self, name: &str, officer: &str) -> QueueResult<CrisisSummary> {
        self.close_crisis_now(name, officer)
    }

    fn crises(&self) -> QueueResult<Vec<CrisisSummary>> {
        self.crisis_summaries()
    }

    fn crisis_suggestion(&self) -> QueueResult<Option<Suggestion>> {
        self.suggestion_now()
    }

    fn dismiss_suggestion(&self, place: &str, officer: &str) -> QueueResult<()> {
        self.dismiss_now(place, officer)
    }

    // The learned model (#19): `queue::learning`.
    fn train_model(&self, officer: &str) -> QueueResult<super::learning::TrainReport> {
        self.train_now(officer)
    }

    fn evaluate_model(&self) -> QueueResult<crate::triage::learn::Evaluation> {
        self.evaluate_now()
    }

    // Group edits (#16): the store's transaction, then the grouper rebuilt
    // from the store, which holds what the officer decided.
    fn split_from_group(&self, inquiry: InquiryId, officer: &str) -> QueueResult<GroupId> {
        let left = self
            .store()
            .split_from_group(inquiry, officer, Timestamp::now())?;
        self.group_edited(&[inquiry], officer);
        Ok(left)
    }

    fn join_groups(
        &self,
        into: GroupId,
        from: GroupId,
        officer: &str,
    ) -> QueueResult<crate::model::GroupRecord> {
        let joined = self
            .store()
            .join_groups(into, from, officer, Timestamp::now())?;
        self.group_edited(&joined.members, officer);
        // Who joined an escalated group goes to its mission as an addition.
        self.sync_rosters(&[into]);
        Ok(joined)
    }
}
