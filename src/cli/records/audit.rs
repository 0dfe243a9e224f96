//! `siaga audit`: verify the history's hash chain through the desk, or
//! (offline) reseal it under a new key.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{ask, refuse_while_served, unexpected};
use crate::cli::desk::Desk;
use crate::config::Config;
use crate::records::steward::{Answer, Request};
use crate::store::Store;
use crate::tr;
use crate::triage::sanitize_line;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain of the history; name the first broken link.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Start the tamper evidence again under a new chain.key, trusting the
    /// history as the store holds it now: after the chain or its key was
    /// lost (the store refuses to open and says so). Offline, as the
    /// store's owner; logged as a warning with the new head.
    Reseal,
}

/// `siaga audit reseal`: offline, into the configured data dir.
pub fn reseal(dir: &Path, config: &Config, me: &str) -> Result<ExitCode> {
    let lang = config.lang();
    refuse_while_served(config, tr!(lang, "cli-doing-resealing"))?;
    let (events, relinked, head) = Store::reseal(dir, me)?;
    if relinked {
        say!("{}", tr!(lang, "cli-reseal-relinked", events = events));
    } else {
        say!("{}", tr!(lang, "cli-reseal-linked", events = events));
    }
    say!("{}", tr!(lang, "cli-reseal-head", head = head));
    Ok(ExitCode::SUCCESS)
}

/// `siaga audit verify`: the first broken link, or that the chain is
/// intact up to its head.
pub fn audit(desk: &Desk, config: &Config, me: &str, json: bool) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Audit(report) = ask(desk, config, me, Request::AuditVerify)? else {
        return Err(unexpected(lang));
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else if let Some(broken) = &report.broken {
        say!(
            "{}",
            tr!(
                lang,
                "cli-audit-broken",
                link = sanitize_line(&broken.to_string(), 300)
            )
        );
        say!(
            "{}",
            tr!(
                lang,
                "cli-audit-verified-before",
                checked = report.checked,
                expected = report.expected
            )
        );
    } else {
        say!(
            "{}",
            tr!(
                lang,
                "cli-audit-intact",
                count = report.checked,
                head = &report.head
            )
        );
        say!("{}", tr!(lang, "cli-audit-note-head"));
    }
    Ok(if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
