//! Answering a group at once (#16): one template, and each member gets
//! their own reply, rendered for them (their name, their language, a
//! private answer to those who wrote privately), checked as the compose
//! screen checks one, queued in the outbox like any other.
//!
//! What makes it safe to press on a crisis day:
//! - a member whose plea carries what most of the group's do not (the
//!   scorer's raise signals: a child, an injury; a passport or NIK) is
//!   held back for an officer's own look and listed, never auto-answered;
//! - a member already answered (by anyone, any way) is passed over, so
//!   answering the group again after a crash or a colleague's answer
//!   sends nobody a second reply;
//! - the replies are spread out (`[reply] group_pace_*_secs`), so a
//!   hundred of them do not trip the platform's rate limit.

use std::collections::HashMap;

use jiff::Timestamp;

use super::policy::DeskPolicy;
use super::{LocalQueue, QueueEvent, QueueResult};
use crate::model::group::{
    GroupReplyOutcome, GroupReplyRequest, HeldBack, MemberReply, SkipReason, Skipped,
};
use crate::model::{Inquiry, InquiryId, Lang, Status};
use crate::reply::compose::{covering_mission, default_channel, render_naming};
use crate::reply::{PlatformRules, Reply, ReplyRequest, Template};
use crate::store::{StoreError, check_usable};
use crate::triage::privacy::{Personal, find_personal};

impl LocalQueue {
    /// Answer the members of `request.group` with one template.
    pub(super) fn answer_group(
        &self,
        request: GroupReplyRequest,
        officer: &str,
    ) -> QueueResult<GroupReplyOutcome> {
        if request.members.len() > super::limits::MAX_PAGE {
            return Err(StoreError::Refused(crate::said!(
                "refused-group-answer-too-many",
                max = super::limits::MAX_PAGE.to_string()
            )));
        }
        let policy = self.policy();
        let template = find_template(&policy, &request.template)?;
        let store = self.store();
        let record = store.group(request.group)?.ok_or_else(|| {
            StoreError::Refused(crate::said!(
                "refused-no-group",
                group = request.group.to_string()
            ))
        })?;
        let members: Vec<Inquiry> = record
            .members
            .iter()
            .map(|id| store.get(*id))
            .collect::<QueueResult<_>>()?;
        drop(store);
        let uncommon = Uncommon::among(&members, &policy);
        let mut answer = Answer {
            queue: self,
            policy: &policy,
            template,
            officer,
            now: Timestamp::now(),
            next_at: HashMap::new(),
            outcome: GroupReplyOutcome {
                group: request.group,
                template: template.name.clone(),
                dry_run: request.dry_run,
                queued: Vec::new(),
                held: Vec::new(),
                skipped: Vec::new(),
            },
        };
        for id in chosen(&record.members, &request.members) {
            match members.iter().find(|m| m.id == id) {
                None => answer.skip(id, SkipReason::NotMember),
                Some(member) => answer.member(member, uncommon.of(member), request.dry_run)?,
            }
        }
        Ok(answer.outcome)
    }
}

fn find_template<'a>(policy: &'a DeskPolicy, name: &str) -> QueueResult<&'a Template> {
    policy
        .templates
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| {
            StoreError::Refused(crate::said!(
                "refused-no-template",
                name = crate::triage::sanitize_line(name, 60)
            ))
        })
}

/// The members asked for, in the group's order, then any asked for that
/// are not in it (each once); none asked for: every member.
fn chosen(members: &[InquiryId], asked: &[InquiryId]) -> Vec<InquiryId> {
    if asked.is_empty() {
        return members.to_vec();
    }
    let mut out: Vec<InquiryId> = members
        .iter()
        .copied()
        .filter(|m| asked.contains(m))
        .collect();
    for id in asked {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// What each member says that most of the group does not.
struct Uncommon {
    signals: HashMap<InquiryId, Vec<String>>,
}

impl Uncommon {
    fn among(members: &[Inquiry], policy: &DeskPolicy) -> Uncommon {
        let allowed = policy.reply.public_numbers();
        let mut said: HashMap<InquiryId, Vec<String>> = HashMap::new();
        let mut how_many: HashMap<String, usize> = HashMap::new();
        for m in members {
            let words = policy.lexicon.personal_signals(&m.text);
            for w in &words {
                *how_many.entry(w.clone()).or_default() += 1;
            }
            let mut signals = words;
            signals.extend(personal_numbers(&m.text, &allowed));
            said.insert(m.id, signals);
        }
        let common = |s: &String| how_many.get(s).is_some_and(|n| n * 2 > members.len());
        for signals in said.values_mut() {
            signals.retain(|s| !common(s));
        }
        Uncommon { signals: said }
    }

    fn of(&self, member: &Inquiry) -> Vec<String> {
        self.signals.get(&member.id).cloned().unwrap_or_default()
    }
}

/// The numbers that are one person's alone (a passport, a NIK, a bank
/// account): always reason for an individual look. Phone numbers are
/// not: nearly everyone in a crisis gives one.
fn personal_numbers(text: &str, allowed: &[&str]) -> Vec<String> {
    find_personal(text, allowed)
        .into_iter()
        .filter_map(|kind| match kind {
            Personal::Passport => Some("passport"),
            Personal::Nik => Some("nik"),
            Personal::BankAccount => Some("bank account"),
            Personal::Phone | Personal::Email => None,
        })
        .map(String::from)
        .collect()
}

/// One group answer under way.
struct Answer<'a> {
    queue: &'a LocalQueue,
    policy: &'a DeskPolicy,
    template: &'a Template,
    officer: &'a str,
    now: Timestamp,
    /// When the next reply through each source may go.
    next_at: HashMap<String, Timestamp>,
    outcome: GroupReplyOutcome,
}

impl Answer<'_> {
    fn skip(&mut self, inquiry: InquiryId, why: SkipReason) {
        self.outcome.skipped.push(Skipped { inquiry, why });
    }

    /// Answer, hold back or pass over one member.
    fn member(&mut self, m: &Inquiry, uncommon: Vec<String>, dry_run: bool) -> QueueResult<()> {
        if let Some(why) = passed_over(m) {
            self.skip(m.id, why);
            return Ok(());
        }
        if !uncommon.is_empty() {
            self.outcome.held.push(HeldBack {
                inquiry: m.id,
                signals: uncommon,
            });
            return Ok(());
        }
        let rules = self.queue.rules(&m.source);
        let draft = match self.draft(m, &rules) {
            Ok(draft) => draft,
            Err(why) => {
                self.skip(m.id, SkipReason::Refused(why));
                return Ok(());
            }
        };
        let (channel, lang, text) = (draft.channel, draft.lang, draft.text.clone());
        let reply = if dry_run {
            None
        } else {
            match self.queue_paced(draft, &rules) {
                Ok(reply) => Some(reply.id),
                Err(StoreError::Refused(why) | StoreError::Withheld(why)) => {
                    self.skip(m.id, SkipReason::Refused(why.to_string()));
                    return Ok(());
                }
                Err(e) => return Err(e),
            }
        };
        self.outcome.queued.push(MemberReply {
            inquiry: m.id,
            reply,
            channel,
            lang,
            text,
        });
        Ok(())
    }

    /// The member's own reply, rendered and checked; or why not.
    fn draft(&self, m: &Inquiry, rules: &PlatformRules) -> Result<Reply, String> {
        let reply_config = &self.policy.reply;
        let channel = default_channel(m, reply_config);
        let lang = Lang::for_inquiry(m.lang.as_deref(), &m.text);
        let mission = covering_mission(m, &self.policy.missions, &self.policy.gazetteer);
        let text = render_naming(
            self.template,
            lang,
            m,
            self.officer,
            channel,
            rules.platform,
            reply_config,
            mission.as_ref(),
        );
        let request = ReplyRequest {
            inquiry: m.id,
            channel,
            lang,
            template: Some(self.template.name.clone()),
            text,
        };
        let mut draft = self
            .policy
            .reply(request, m, rules, self.officer, self.now)
            .map_err(|why| why.to_string())?;
        draft.group = Some(self.outcome.group);
        Ok(draft)
    }

    /// Queue `draft` not before its turn on its source.
    fn queue_paced(&mut self, mut draft: Reply, rules: &PlatformRules) -> QueueResult<Reply> {
        let turn = *self.next_at.get(&draft.source).unwrap_or(&self.now);
        if turn > self.now {
            draft.next_attempt_at = Some(turn);
        }
        let source = draft.source.clone();
        let store = self.queue.store();
        let (reply, inquiry) = store.queue_reply(draft, None, self.now)?;
        drop(store);
        self.next_at
            .insert(source, turn + self.policy.reply.group_pace(rules.platform));
        self.queue.announce(
            &inquiry,
            self.officer,
            Some(QueueEvent::Reply {
                reply: Box::new(reply.clone()),
            }),
        );
        Ok(reply)
    }
}

/// Why a member gets no reply with the group, if they get none.
fn passed_over(m: &Inquiry) -> Option<SkipReason> {
    if check_usable(m, "answered").is_err() {
        Some(SkipReason::Withheld)
    } else if m.status == Status::Closed {
        Some(SkipReason::Closed)
    } else if m.replies.iter().any(|r| r.state.counts_as_answer()) {
        Some(SkipReason::Answered)
    } else {
        None
    }
}
