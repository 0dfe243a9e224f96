//! `siaga purge` (closed inquiries past their category's retention) and
//! `siaga hold` (a legal hold that keeps one from any erasure).

use std::process::ExitCode;

use anyhow::Result;

use super::{ask, kept, scrub_words, unexpected};
use crate::cli::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::{InquiryId, zone};
use crate::queue::Change;
use crate::records::retention::PurgeReport;
use crate::records::steward::{Answer, Request};
use crate::tr;
use crate::triage::sanitize_line;

/// `siaga purge [--dry-run]`: what retention erases (or would), what it
/// kept and what failed.
pub fn purge(
    desk: &Desk,
    config: &Config,
    me: &str,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Purge(report) = ask(desk, config, me, Request::Purge { dry_run })? else {
        return Err(unexpected(lang));
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    print_purge(&report, dry_run, lang)?;
    if let Some(words) = scrub_words(&report.files, lang) {
        say!("{}", sanitize_line(&words, 300));
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a purge erased (or would), kept and failed, line by line.
fn print_purge(report: &PurgeReport, dry_run: bool, lang: Lang) -> Result<()> {
    let count = report.due.len();
    let done = match (dry_run, count == 1) {
        (true, true) => tr!(lang, "cli-purge-would-erase-one", count = count),
        (true, false) => tr!(lang, "cli-purge-would-erase", count = count),
        (false, true) => tr!(lang, "cli-purge-erased-one", count = count),
        (false, false) => tr!(lang, "cli-purge-erased", count = count),
    };
    say!("{done}");
    for d in &report.due {
        say!(
            "  {}",
            tr!(
                lang,
                "cli-purge-due",
                id = d.id.to_string(),
                category = sanitize_line(&d.category, 30),
                date = zone::date(d.closed_at),
                days = d.days
            )
        );
    }
    for (id, why) in &report.kept {
        say!(
            "  {}",
            kept(lang, *id, sanitize_line(&why.in_lang(lang), 160))
        );
    }
    for (id, why) in &report.failed {
        say!(
            "  {}",
            tr!(
                lang,
                "cli-purge-failed",
                id = id.to_string(),
                why = sanitize_line(why, 160)
            )
        );
    }
    Ok(())
}

/// `siaga hold ID --reason` (or `--release`).
pub fn hold(
    desk: &Desk,
    me: &str,
    id: InquiryId,
    reason: &str,
    release: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let change = if release {
        Change::ReleaseHold {
            reason: reason.into(),
        }
    } else {
        Change::Hold {
            reason: reason.into(),
        }
    };
    desk.service().apply(id, &change, me)?;
    let id = id.to_string();
    if release {
        say!("{}", tr!(lang, "cli-hold-released", id = id));
    } else {
        say!("{}", tr!(lang, "cli-hold-placed", id = id));
    }
    Ok(ExitCode::SUCCESS)
}
