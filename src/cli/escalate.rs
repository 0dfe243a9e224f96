//! `siaga escalate` and `siaga ack`: the same packet, deliveries and
//! deadlines as `e` and `A` in the UI. With no daemon running, the
//! escalation is delivered at once by this process and each delivery's
//! state printed.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};

use super::desk::Desk;
use super::{Command, EscalationsCommand, Verb, officer, runtime};
use crate::config::Config;
use crate::escalate::deliver::Deliverer;
use crate::escalate::packet::{EscalationRequest, default_summary, suggestion_in};
use crate::escalate::{DeliveryState, Escalation};
use crate::i18n::Lang;
use crate::model::escalation::MadeContact;
use crate::model::{InquiryId, Priority};
use crate::outbound::courier::Courier;
use crate::queue::{LocalQueue, QueueService};
use crate::tr;
use crate::triage::route::Gazetteer;
use crate::triage::sanitize_line;

/// `siaga escalate`, `siaga ack` and `siaga escalations`.
pub(super) fn verb(v: &Verb, command: &Command) -> Result<ExitCode> {
    let (queue, me, config, ui) = (v.queue(), v.me.as_str(), v.config, v.lang());
    match command {
        Command::Escalate {
            id,
            mission,
            severity,
            summary,
            note,
            via,
            reached,
            wait,
        } => {
            let made = via.zip(reached.as_ref()).map(|(via, reached)| MadeContact {
                via,
                reached: reached.clone(),
            });
            let args = EscalateArgs {
                id: *id,
                mission: mission.as_deref(),
                severity: *severity,
                summary: summary.as_deref(),
                note,
                made,
                wait: Duration::from_secs(*wait),
            };
            match &v.desk {
                Desk::Local(local) => {
                    let _log = v.log();
                    runtime()?.block_on(escalate(local.clone(), config, args, ui))
                }
                Desk::Remote { .. } => escalate_remote(queue, me, config, args, ui),
            }
        }
        Command::Ack { id, by, how } => ack(queue, me, *id, by, how, ui),
        Command::Escalations {
            command,
            json,
            recent,
        } => match (command, &v.desk) {
            (None, _) => list(queue, *json, *recent, ui),
            (Some(EscalationsCommand::Deliver { wait }), Desk::Local(local)) => {
                let _log = v.log();
                let wait = Duration::from_secs(*wait);
                runtime()?.block_on(deliver(local.clone(), config, wait, ui))
            }
            (Some(EscalationsCommand::Deliver { .. }), Desk::Remote { .. }) => {
                say!("{}", tr!(ui, "cli-escalations-daemon-delivers"));
                list(queue, *json, *recent, ui)
            }
        },
        _ => unreachable!("only escalate, ack and escalations come here"),
    }
}

pub struct EscalateArgs<'a> {
    pub id: InquiryId,
    pub mission: Option<&'a str>,
    pub severity: Option<Priority>,
    pub summary: Option<&'a str>,
    pub note: &'a str,
    /// Made by hand (phone, WhatsApp): recorded, nothing to deliver.
    pub made: Option<MadeContact>,
    pub wait: Duration,
}

pub fn courier(queue: &Arc<LocalQueue>, config: &Config) -> Courier {
    Courier::new(
        queue.clone(),
        Deliverer::new(&config.smtp, &config.escalation, &config.missions),
        config.escalation.clone(),
    )
}

/// The escalation `args` ask for. The desk builds it (packet, deliveries,
/// deadline) from its own directory; this only picks the mission.
fn request(
    detail: &crate::queue::InquiryDetail,
    config: &Config,
    args: &EscalateArgs<'_>,
    ui: Lang,
) -> Result<EscalationRequest> {
    let inq = &detail.inquiry;
    let mission = match args.mission {
        Some(code) => code.to_string(),
        None => {
            let gazetteer = Gazetteer::new(&config.missions, &config.countries);
            let Some(s) = gazetteer.suggest(&inq.text) else {
                bail!(tr!(ui, "cli-no-place-named", id = inq.id.to_string()));
            };
            say!(
                "{}",
                tr!(
                    ui,
                    "cli-mission-suggested",
                    mission = &s.mission,
                    reason = sanitize_line(&suggestion_in(ui, &s.reason), 120)
                )
            );
            s.mission
        }
    };
    Ok(EscalationRequest {
        inquiry: inq.id,
        mission,
        severity: args.severity.unwrap_or(inq.priority),
        summary: args
            .summary
            .map_or_else(|| default_summary(inq), str::to_string),
        note: args.note.to_string(),
        made: args.made.clone(),
    })
}

pub(super) fn announce(e: &Escalation, ui: Lang) -> Result<()> {
    say!(
        "{}",
        tr!(
            ui,
            "cli-escalation-recorded",
            id = e.id.to_string(),
            mission = sanitize_line(&e.mission_name, 40),
            inquiry = e.inquiry.to_string(),
            severity = e.severity.to_string(),
            due = due(e)
        )
    );
    Ok(())
}

pub(super) fn code(e: &Escalation) -> ExitCode {
    if e.delivery() == DeliveryState::Sent {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// No daemon: record, then deliver at once from this process.
pub async fn escalate(
    queue: Arc<LocalQueue>,
    config: &Config,
    args: EscalateArgs<'_>,
    ui: Lang,
) -> Result<ExitCode> {
    let detail = queue.get(args.id)?;
    let recorded = queue.escalate(request(&detail, config, &args, ui)?, &officer())?;
    announce(&recorded, ui)?;
    let done = courier(&queue, config).drain(args.wait).await?;
    let latest = done
        .into_iter()
        .find(|e| e.id == recorded.id)
        .unwrap_or(recorded);
    print_escalation(&latest, ui)?;
    Ok(code(&latest))
}

/// Through the daemon: record it there; its courier delivers. Wait (at
/// most `--wait`) to print the outcome.
pub fn escalate_remote(
    queue: &dyn QueueService,
    officer: &str,
    config: &Config,
    args: EscalateArgs<'_>,
    ui: Lang,
) -> Result<ExitCode> {
    let detail = queue.get(args.id)?;
    let recorded = queue.escalate(request(&detail, config, &args, ui)?, officer)?;
    announce(&recorded, ui)?;
    let deadline = std::time::Instant::now() + args.wait;
    let mut latest = recorded.clone();
    while std::time::Instant::now() < deadline {
        if let Some(e) = queue
            .get(recorded.inquiry)?
            .escalations
            .into_iter()
            .find(|e| e.id == recorded.id)
        {
            latest = e;
        }
        if latest.deliveries.iter().all(|d| d.state.is_final()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    print_escalation(&latest, ui)?;
    Ok(code(&latest))
}

/// When the mission's acknowledgement is due.
fn due(e: &Escalation) -> String {
    crate::model::zone::date_time(e.deadline)
}

pub fn print_escalation(e: &Escalation, ui: Lang) -> Result<()> {
    say!(
        "{} #{} {} {} {}",
        e.id,
        e.inquiry,
        sanitize_line(&e.mission_name, 40),
        e.severity,
        match &e.ack {
            Some(a) => tr!(ui, "cli-acknowledged-by", who = sanitize_line(&a.by, 40)),
            None => tr!(ui, "cli-ack-due", due = due(e)),
        }
    );
    for d in &e.deliveries {
        say!(
            "  {} → {}{}",
            d.describe_in(ui),
            sanitize_line(&d.to, 80),
            d.last_error
                .as_deref()
                .filter(|_| d.state != DeliveryState::Sent)
                .map(|err| format!(": {}", sanitize_line(err, 120)))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub fn ack(
    queue: &dyn QueueService,
    officer: &str,
    id: InquiryId,
    by: &str,
    how: &str,
    ui: Lang,
) -> Result<ExitCode> {
    let e = queue.acknowledge(id, by, how, officer)?;
    print_escalation(&e, ui)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn deliver(
    queue: Arc<LocalQueue>,
    config: &Config,
    wait: Duration,
    ui: Lang,
) -> Result<ExitCode> {
    let done = courier(&queue, config).drain(wait).await?;
    if done.is_empty() {
        say!("{}", tr!(ui, "cli-no-escalation-open"));
    }
    for e in &done {
        print_escalation(e, ui)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(queue: &dyn QueueService, json: bool, recent: usize, ui: Lang) -> Result<ExitCode> {
    let listing = queue.escalations(recent)?;
    if json {
        // Masked as `show --json` is: `show ID --json --reveal` has the words.
        for e in &listing.recent {
            let mut e = e.clone();
            match queue.get(e.inquiry) {
                Ok(d) => super::inquiries::mask_escalation(&mut e, &d.inquiry),
                // Its inquiry unreadable: none of the personal parts.
                Err(_) => crate::model::erase::escalation(&mut e),
            }
            say!("{}", serde_json::to_string(&e)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "{}",
        tr!(ui, "cli-escalations-open", count = listing.open.len())
    );
    for e in &listing.open {
        print_escalation(e, ui)?;
    }
    Ok(ExitCode::SUCCESS)
}
