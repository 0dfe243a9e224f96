//! `siaga group reply GROUP --template T`: a crisis day's hundreds of
//! near-identical pleas answered with one template (#16). The desk renders
//! and checks each member's own reply and holds back those whose plea
//! says what the others' do not; this verb prints what it did, member by
//! member. Without a daemon it then sends them itself, paced, printing a
//! progress line as they go; a daemon's sender sends them otherwise.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::desk::Desk;
use super::{GroupCommand, Verb, runtime};
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::GroupId;
use crate::model::group::{
    GroupEscalationRequest, GroupReplyOutcome, GroupReplyRequest, SkipReason,
};
use crate::model::reply::ReplyState;
use crate::queue::{LocalQueue, QueueService};
use crate::tr;
use crate::triage::sanitize_line;

/// `siaga group ...`.
pub(super) fn verb(v: &Verb, command: &GroupCommand) -> Result<ExitCode> {
    match command {
        GroupCommand::Reply { .. } => reply(v, command),
        GroupCommand::Escalate { .. } => escalate(v, command),
        GroupCommand::Split { .. } | GroupCommand::Join { .. } => {
            super::group_edit::verb(v, command)
        }
    }
}

/// `siaga group escalate GROUP`: recorded by the desk, delivered by this
/// process (no daemon) or the daemon's courier.
fn escalate(v: &Verb, command: &GroupCommand) -> Result<ExitCode> {
    let GroupCommand::Escalate {
        group,
        mission,
        severity,
        summary,
        note,
        wait,
    } = command
    else {
        unreachable!("escalate only");
    };
    let request = GroupEscalationRequest {
        group: *group,
        mission: mission.clone(),
        severity: *severity,
        summary: summary.clone(),
        note: note.clone(),
    };
    let lang = v.lang();
    let recorded = v.queue().escalate_group(request, &v.me)?;
    let rows = recorded.roster.as_ref().map_or(0, |r| r.rows.len());
    say!(
        "{}",
        tr!(
            lang,
            "cli-group-escalated",
            group = group.to_string(),
            rows = rows,
            escalation = recorded.id.to_string()
        )
    );
    super::escalate::announce(&recorded, lang)?;
    let Desk::Local(local) = &v.desk else {
        return Ok(ExitCode::SUCCESS);
    };
    let _log = v.log();
    let courier = super::escalate::courier(local, v.config);
    let done = runtime()?.block_on(courier.drain(Duration::from_secs(*wait)))?;
    let latest = done
        .into_iter()
        .find(|e| e.id == recorded.id)
        .unwrap_or(recorded);
    super::escalate::print_escalation(&latest, lang)?;
    Ok(super::escalate::code(&latest))
}

/// `siaga group reply GROUP --template T`.
fn reply(v: &Verb, command: &GroupCommand) -> Result<ExitCode> {
    let GroupCommand::Reply {
        group,
        template,
        only,
        dry_run,
        wait,
    } = command
    else {
        unreachable!("reply only");
    };
    let template = match template {
        Some(t) => t.clone(),
        None => crisis_template(v.queue(), *group, v.lang())?,
    };
    let request = GroupReplyRequest {
        group: *group,
        template,
        members: only.clone(),
        dry_run: *dry_run,
    };
    let lang = v.lang();
    match &v.desk {
        Desk::Local(local) => {
            let _log = v.log();
            let wait = Duration::from_secs(*wait);
            runtime()?.block_on(reply_here(
                local.clone(),
                v.config,
                request,
                &v.me,
                wait,
                lang,
            ))
        }
        Desk::Remote { .. } => {
            let outcome = v.queue().reply_group(request, &v.me)?;
            print_outcome(&outcome, lang)?;
            if !outcome.dry_run && !outcome.queued.is_empty() {
                say!("{}", tr!(lang, "cli-group-daemon-sends"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The template of the open crisis whose tag the group's members carry
/// (`siaga crisis open ... --template T`), when no `--template` is given.
fn crisis_template(queue: &dyn QueueService, group: GroupId, lang: Lang) -> Result<String> {
    let members = queue
        .groups_named(&[group])?
        .pop()
        .map(|g| g.members)
        .unwrap_or_default();
    let open: Vec<_> = queue
        .crises()?
        .into_iter()
        .map(|c| c.crisis)
        .filter(|c| c.is_open() && c.template.is_some())
        .collect();
    for id in members.iter().take(50) {
        let tags = queue.get(*id)?.inquiry.tags;
        if let Some(c) = open.iter().find(|c| tags.contains(&c.tag())) {
            return Ok(c.template.clone().unwrap_or_default());
        }
    }
    anyhow::bail!(tr!(
        lang,
        "cli-group-no-template",
        group = group.to_string()
    ))
}

/// No daemon: answer, then send from this process until every reply of
/// the answer has settled or `wait` is over.
async fn reply_here(
    queue: Arc<LocalQueue>,
    config: &Config,
    request: GroupReplyRequest,
    officer: &str,
    wait: Duration,
    lang: Lang,
) -> Result<ExitCode> {
    let sender = super::reply::sender(&queue, config, lang);
    // Mastodon's length limit, learned first, is the one each reply is
    // checked against.
    sender.learn_rules().await;
    let outcome = queue.reply_group(request, officer)?;
    print_outcome(&outcome, lang)?;
    if outcome.dry_run || outcome.queued.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let deadline = Instant::now() + wait;
    let mut last = Progress::default();
    loop {
        sender.send_due().await?;
        let now = progress(&queue, &outcome)?;
        if now != last {
            say!("{}", now.line(lang));
            last = now;
        }
        let next = sender.next_due_in()?;
        match next {
            Some(pause) if !last.settled() && Instant::now() + pause <= deadline => {
                tokio::time::sleep(pause).await;
            }
            _ => break,
        }
    }
    if !last.settled() {
        say!("{}", tr!(lang, "cli-group-left-to-outbox"));
    }
    Ok(if last.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Where the replies of one group answer stand.
#[derive(Debug, Default, PartialEq, Eq)]
struct Progress {
    sent: usize,
    failed: usize,
    queued: usize,
    of: usize,
}

impl Progress {
    fn settled(&self) -> bool {
        self.queued == 0
    }

    fn line(&self, lang: Lang) -> String {
        tr!(
            lang,
            "cli-group-progress",
            sent = self.sent.to_string(),
            failed = self.failed.to_string(),
            queued = self.queued.to_string(),
            of = self.of.to_string()
        )
    }
}

fn progress(queue: &LocalQueue, outcome: &GroupReplyOutcome) -> Result<Progress> {
    let store = queue.store();
    let mut p = Progress {
        of: outcome.queued.len(),
        ..Progress::default()
    };
    for id in outcome.queued.iter().filter_map(|m| m.reply) {
        match store.reply(id)?.state {
            ReplyState::Sent => p.sent += 1,
            ReplyState::Failed | ReplyState::Cancelled => p.failed += 1,
            _ => p.queued += 1,
        }
    }
    Ok(p)
}

/// What the desk did with each member, then the count.
fn print_outcome(outcome: &GroupReplyOutcome, lang: Lang) -> Result<()> {
    for m in &outcome.queued {
        let id = m.inquiry.to_string();
        let channel = m.channel.as_str();
        if outcome.dry_run {
            let text = sanitize_line(&m.text, 100);
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-group-would-send",
                    id = id,
                    channel = channel,
                    text = text
                )
            );
        } else {
            let reply = m.reply.map(|r| r.to_string()).unwrap_or_default();
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-group-queued",
                    id = id,
                    reply = reply,
                    channel = channel
                )
            );
        }
    }
    for h in &outcome.held {
        let signals = sanitize_line(&h.signals.join(", "), 100);
        say!(
            "{}",
            tr!(
                lang,
                "cli-group-held",
                id = h.inquiry.to_string(),
                signals = signals
            )
        );
    }
    for s in &outcome.skipped {
        let why = skip_reason(&s.why, lang);
        say!(
            "{}",
            tr!(
                lang,
                "cli-group-skipped",
                id = s.inquiry.to_string(),
                why = why
            )
        );
    }
    say!("{}", summary(outcome, lang));
    Ok(())
}

fn summary(outcome: &GroupReplyOutcome, lang: Lang) -> String {
    let (group, queued) = (outcome.group.to_string(), outcome.queued.len().to_string());
    let members = outcome.looked_at().to_string();
    let template = sanitize_line(&outcome.template, 60);
    let (held, skipped) = (
        outcome.held.len().to_string(),
        outcome.skipped.len().to_string(),
    );
    if outcome.dry_run {
        tr!(
            lang,
            "cli-group-summary-dry-run",
            group = group,
            queued = queued,
            members = members,
            template = template,
            held = held,
            skipped = skipped
        )
    } else {
        tr!(
            lang,
            "cli-group-summary",
            group = group,
            queued = queued,
            members = members,
            template = template,
            held = held,
            skipped = skipped
        )
    }
}

fn skip_reason(why: &SkipReason, lang: Lang) -> String {
    match why {
        SkipReason::NotMember => tr!(lang, "group-skip-not-member"),
        SkipReason::Closed => tr!(lang, "group-skip-closed"),
        SkipReason::Answered => tr!(lang, "group-skip-answered"),
        SkipReason::Withheld => tr!(lang, "group-skip-withheld"),
        SkipReason::Refused(detail) => tr!(
            lang,
            "group-skip-refused",
            detail = sanitize_line(detail, 200)
        ),
    }
}
