//! `siaga reply` and `siaga outbox`: the same compose checks and the same
//! outbox as `r` in the UI. With no daemon running, the reply is sent at
//! once by this process and its outcome printed.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};

use super::desk::Desk;
use super::{Command, OutboxCommand, Verb, officer, runtime};
use crate::config::Config;
use crate::ingest;
use crate::model::{Channel, InquiryId};
use crate::outbound::sender::Sender;
use crate::queue::{LocalQueue, QueueService};
use crate::reply::compose::{check_draft, covering_mission, default_channel, render_naming};
use crate::reply::{Lang, Reply, ReplyId, ReplyRequest, ReplyState};
use crate::tr;
use crate::triage::sanitize_line;

/// The language siaga speaks (not a reply's: that is `reply::Lang`).
type DeskLang = crate::i18n::Lang;

/// `siaga reply` and `siaga outbox`.
pub(super) fn verb(v: &Verb, command: &Command) -> Result<ExitCode> {
    let (queue, me, config, ui) = (v.queue(), v.me.as_str(), v.config, v.lang());
    match (command, &v.desk) {
        (
            Command::Reply {
                id,
                template,
                reply_lang,
                private,
                public,
                wait,
            },
            desk,
        ) => {
            let args = ReplyArgs {
                id: *id,
                template,
                lang: *reply_lang,
                private: *private,
                public: *public,
                wait: Duration::from_secs(*wait),
            };
            match desk {
                Desk::Local(local) => {
                    let _log = v.log();
                    runtime()?.block_on(reply(local.clone(), config, args, ui))
                }
                Desk::Remote { .. } => reply_remote(queue, me, config, args, ui),
            }
        }
        (
            Command::Outbox {
                command,
                json,
                recent,
            },
            desk,
        ) => match (command, desk) {
            (None, _) => list(queue, *json, *recent, ui),
            (Some(OutboxCommand::Send { wait }), Desk::Local(local)) => {
                let _log = v.log();
                let wait = Duration::from_secs(*wait);
                runtime()?.block_on(send(local.clone(), config, wait, ui))
            }
            (Some(OutboxCommand::Send { .. }), Desk::Remote { .. }) => {
                say!("{}", tr!(ui, "cli-outbox-daemon-sends"));
                list(queue, *json, *recent, ui)
            }
            (Some(OutboxCommand::Retry { id }), _) => retry(queue, *id, me, ui),
            (Some(OutboxCommand::Cancel { id }), _) => cancel(queue, *id, me, ui),
        },
        _ => unreachable!("only reply and outbox come here"),
    }
}

/// What `siaga reply` was asked.
pub struct ReplyArgs<'a> {
    pub id: InquiryId,
    pub template: &'a str,
    pub lang: Option<Lang>,
    pub private: bool,
    pub public: bool,
    pub wait: Duration,
}

/// A sender for the configured sources; a source without a token cannot
/// send, and says so.
pub(super) fn sender(queue: &Arc<LocalQueue>, config: &Config, ui: DeskLang) -> Sender {
    let mut ready = Vec::new();
    for built in ingest::fetchers(&config.sources) {
        match built {
            Ok(f) => ready.push(f),
            Err((name, e)) => eprintln!(
                "{}",
                tr!(
                    ui,
                    "cli-cannot-send",
                    source = name,
                    why = sanitize_line(&e.to_string(), 200)
                )
            ),
        }
    }
    Sender::new(queue.clone(), &ready, config.reply.clone())
}

/// The reply `args` ask for, checked here as `r` checks it (so the officer
/// hears why at once); the desk checks it again when it builds the record.
fn request(
    detail: &crate::queue::InquiryDetail,
    config: &Config,
    args: &ReplyArgs<'_>,
    officer: &str,
    ui: DeskLang,
) -> Result<ReplyRequest> {
    let templates = config.templates();
    let Some(template) = templates.iter().find(|t| t.name == args.template) else {
        let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        bail!(tr!(
            ui,
            "cli-no-template",
            name = args.template,
            names = names.join(", ")
        ));
    };
    let inq = &detail.inquiry;
    let channel = if args.private {
        Channel::Private
    } else if args.public {
        Channel::Public
    } else {
        default_channel(inq, &config.reply)
    };
    let lang = args
        .lang
        .unwrap_or_else(|| Lang::for_inquiry(inq.lang.as_deref(), &inq.text));
    let rules = detail.rules;
    let gazetteer = crate::triage::route::Gazetteer::new(&config.missions, &config.countries);
    let mission = covering_mission(inq, &config.missions, &gazetteer);
    let text = render_naming(
        template,
        lang,
        inq,
        officer,
        channel,
        rules.platform,
        &config.reply,
        mission.as_ref(),
    );
    if let Err(problem) = check_draft(&text, channel, inq, &rules, &config.reply, mission.as_ref())
    {
        bail!(tr!(ui, "cli-not-queued", problem = problem.describe(ui)));
    }
    Ok(ReplyRequest {
        inquiry: inq.id,
        channel,
        lang,
        template: Some(template.name.clone()),
        text,
    })
}

fn announce(queued: &Reply, detail: &crate::queue::InquiryDetail, ui: DeskLang) -> Result<()> {
    say!(
        "{}",
        tr!(
            ui,
            "cli-reply-queued",
            id = queued.id.to_string(),
            inquiry = queued.inquiry.to_string(),
            channel = queued.channel.as_str(),
            lang = queued.lang.as_str(),
            count = detail.rules.count(&queued.text)
        )
    );
    Ok(())
}

/// No daemon: queue, then send at once from this process.
pub async fn reply(
    queue: Arc<LocalQueue>,
    config: &Config,
    args: ReplyArgs<'_>,
    ui: DeskLang,
) -> Result<ExitCode> {
    let sender = sender(&queue, config, ui);
    sender.learn_rules().await;
    let detail = queue.get(args.id)?;
    let officer = officer();
    let request = request(&detail, config, &args, &officer, ui)?;
    let queued = queue.queue_reply(request, &officer, None)?;
    announce(&queued, &detail, ui)?;
    let sent = sender.drain(args.wait).await?;
    let mine = sent
        .into_iter()
        .find(|r| r.id == queued.id)
        .unwrap_or_else(|| queued.clone());
    print_reply(&mine, ui)?;
    Ok(outcome_code(&[mine]))
}

/// Through the daemon: queue it there; its sender posts it. Wait (at most
/// `--wait`) to print the outcome.
pub fn reply_remote(
    queue: &dyn QueueService,
    officer: &str,
    config: &Config,
    args: ReplyArgs<'_>,
    ui: DeskLang,
) -> Result<ExitCode> {
    let detail = queue.get(args.id)?;
    let request = request(&detail, config, &args, officer, ui)?;
    let queued = queue.queue_reply(request, officer, None)?;
    announce(&queued, &detail, ui)?;
    let deadline = std::time::Instant::now() + args.wait;
    let mut latest = queued.clone();
    while std::time::Instant::now() < deadline {
        if let Some(r) = queue
            .get(queued.inquiry)?
            .replies
            .into_iter()
            .find(|r| r.id == queued.id)
        {
            latest = r;
        }
        if matches!(
            latest.state,
            ReplyState::Sent | ReplyState::Failed | ReplyState::Cancelled
        ) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    print_reply(&latest, ui)?;
    if !latest.state.is_final() && latest.state != ReplyState::Failed {
        say!("{}", tr!(ui, "cli-daemon-keeps-sending"));
    }
    Ok(outcome_code(&[latest]))
}

pub async fn send(
    queue: Arc<LocalQueue>,
    config: &Config,
    wait: Duration,
    ui: DeskLang,
) -> Result<ExitCode> {
    let sender = sender(&queue, config, ui);
    sender.learn_rules().await;
    let done = sender.drain(wait).await?;
    if done.is_empty() {
        say!("{}", tr!(ui, "cli-outbox-nothing-due"));
    }
    for r in &done {
        print_reply(r, ui)?;
    }
    Ok(outcome_code(&done))
}

fn outcome_code(replies: &[Reply]) -> ExitCode {
    if replies.iter().all(|r| r.state == ReplyState::Sent) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub fn print_reply(r: &Reply, ui: DeskLang) -> Result<()> {
    say!(
        "{} #{} {}",
        r.id,
        r.inquiry,
        sanitize_line(&r.summary_in(ui), 200)
    );
    Ok(())
}

pub fn list(queue: &dyn QueueService, json: bool, recent: usize, ui: DeskLang) -> Result<ExitCode> {
    let listing = queue.outbox(recent)?;
    if json {
        for r in listing
            .open
            .iter()
            .chain(listing.recent.iter().filter(|r| r.state.is_final()))
        {
            say!("{}", serde_json::to_string(r)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "{}",
        tr!(ui, "cli-outbox-not-yet-sent", count = listing.open.len())
    );
    for r in &listing.open {
        print_reply(r, ui)?;
    }
    let done: Vec<&Reply> = listing
        .recent
        .iter()
        .filter(|r| r.state.is_final())
        .collect();
    say!("{}", tr!(ui, "cli-outbox-latest", count = done.len()));
    for r in done {
        print_reply(r, ui)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn retry(
    queue: &dyn QueueService,
    id: ReplyId,
    officer: &str,
    ui: DeskLang,
) -> Result<ExitCode> {
    let r = queue.retry_reply(id, officer)?;
    print_reply(&r, ui)?;
    say!("{}", tr!(ui, "cli-outbox-send-now"));
    Ok(ExitCode::SUCCESS)
}

pub fn cancel(
    queue: &dyn QueueService,
    id: ReplyId,
    officer: &str,
    ui: DeskLang,
) -> Result<ExitCode> {
    let r = queue.cancel_reply(id, officer)?;
    print_reply(&r, ui)?;
    Ok(ExitCode::SUCCESS)
}
