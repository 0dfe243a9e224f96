//! The records verbs: `subject`, `purge`, `hold`, `audit`, `export`,
//! `report`, `backup`, `restore` and `check`. Each sends a
//! `records::steward::Request` to the desk (the daemon decides who may);
//! these files only parse dates and print, one per verb family. This one
//! dispatches and holds what they share: asking the desk, periods, and
//! the words for ids and outcomes.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use jiff::Timestamp;
use jiff::civil::Date;

use super::Command;
use super::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::erase::Scrub;
use crate::model::{InquiryId, zone};
use crate::records::steward::{Answer, Clearance, Context, Request, serve};
use crate::tr;

mod audit;
mod export;
mod retention;
mod storage;
mod subject;
#[cfg(test)]
mod tests;

pub use audit::{AuditCommand, audit, reseal};
pub use export::{ExportArgs, export, report};
pub use retention::{hold, purge};
pub use storage::{backup, check, check_or_survey, restore, salvage};
pub use subject::{SubjectCommand, subject};

/// The records verbs: `subject`, `purge`, `hold`, `audit verify`,
/// `export`, `report`, `backup`, `check`.
pub(super) fn verb(desk: &Desk, config: &Config, me: &str, command: &Command) -> Result<ExitCode> {
    let lang = config.lang();
    match command {
        Command::Subject { command } => subject(desk, config, me, command),
        Command::Purge { dry_run, json } => purge(desk, config, me, *dry_run, *json),
        Command::Hold {
            id,
            reason,
            release,
        } => hold(desk, me, *id, reason, *release, lang),
        Command::Audit {
            command: AuditCommand::Verify { json },
        } => audit(desk, config, me, *json),
        Command::Export {
            format,
            from,
            to,
            unredacted,
            out,
        } => {
            let args = ExportArgs {
                format: *format,
                from: from.as_deref(),
                to: to.as_deref(),
                unredacted: *unredacted,
                out: out.as_deref(),
            };
            export(desk, config, me, args)
        }
        Command::Report { month, from, to } => {
            let range = if month.is_none() && from.is_none() && to.is_none() {
                let now = jiff::Timestamp::now();
                (Some(now - jiff::SignedDuration::from_hours(24)), Some(now))
            } else {
                period(from.as_deref(), to.as_deref(), month.as_deref(), lang)?
            };
            report(desk, config, me, range)
        }
        Command::Backup { path } => backup(desk, config, me, path),
        Command::Check { repair, json } => check(desk, config, me, *repair, *json),
        _ => unreachable!("only records verbs come here"),
    }
}

/// The desk answered something other than what was asked for.
fn unexpected(lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(tr!(lang, "cli-unexpected-answer"))
}

/// What the records verbs need from the config.
pub fn context(config: &Config) -> Context {
    Context {
        retention: config.retention.clone(),
        public_numbers: config
            .reply
            .public_numbers()
            .into_iter()
            .map(String::from)
            .collect(),
    }
}

/// Send `request` to the desk: the daemon, or this process's own store
/// (whose one user may do everything).
pub fn ask(desk: &Desk, config: &Config, officer: &str, request: Request) -> Result<Answer> {
    Ok(match desk {
        Desk::Local(queue) => serve(queue, officer, Clearance::Full, &context(config), request)?,
        Desk::Remote { queue, .. } => queue.records(request)?,
    })
}

/// A day in the officer's time zone, as the instant it starts.
pub fn day_start(text: &str, lang: Lang) -> Result<Timestamp> {
    let date: Date = text
        .parse()
        .with_context(|| tr!(lang, "cli-not-a-date", text = text))?;
    Ok(date.to_zoned(zone::current())?.timestamp())
}

/// `--from`/`--to` (both inclusive days) or `--month YYYY-MM`, as a range.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    month: Option<&str>,
    lang: Lang,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    if let Some(m) = month {
        let first = day_start(&format!("{m}-01"), lang)
            .with_context(|| tr!(lang, "cli-not-a-month", text = m))?;
        let next: Date = format!("{m}-01")
            .parse::<Date>()?
            .checked_add(jiff::Span::new().months(1))?;
        return Ok((
            Some(first),
            Some(next.to_zoned(zone::current())?.timestamp()),
        ));
    }
    let from = from.map(|f| day_start(f, lang)).transpose()?;
    let to = match to {
        Some(t) => {
            let d: Date = t
                .parse()
                .with_context(|| tr!(lang, "cli-not-a-date", text = t))?;
            Some(d.tomorrow()?.to_zoned(zone::current())?.timestamp())
        }
        None => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        bail!(tr!(lang, "cli-to-before-from"));
    }
    Ok((from, to))
}

/// `#3 #7`, or the word for none.
fn ids(ids: &[InquiryId], lang: Lang) -> String {
    if ids.is_empty() {
        return tr!(lang, "cli-ids-none");
    }
    ids.iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `kept #12: why`: an inquiry a request left as it was.
fn kept(lang: Lang, id: InquiryId, why: String) -> String {
    tr!(lang, "cli-kept", id = id.to_string(), why = why)
}

/// Whether what was erased has left the store's files, in words
/// (`Scrub::words`, in the officer's language).
fn scrub_words(files: &Scrub, lang: Lang) -> Option<String> {
    match files {
        Scrub::Nothing => None,
        Scrub::Rewritten => Some(tr!(lang, "cli-files-rewritten")),
        Scrub::Pending => Some(tr!(lang, "cli-files-pending")),
        Scrub::Failed(why) => Some(tr!(lang, "cli-files-failed", why = why)),
    }
}

/// Offline verbs refuse while a daemon holds the store; `doing` is what
/// the verb would do, in the officer's language.
fn refuse_while_served(config: &Config, doing: String) -> Result<()> {
    let socket = config.daemon.socket_path();
    if socket.exists() && std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        let lang = config.lang();
        bail!(tr!(
            lang,
            "cli-serve-running",
            socket = socket.display().to_string(),
            doing = doing
        ));
    }
    Ok(())
}
