//! The store's own safety: `siaga backup`, `check`, `restore` and
//! `salvage` (the last two offline, refusing while a daemon serves).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::{ask, refuse_while_served, unexpected};
use crate::cli::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::records::steward::{Answer, Request};
use crate::store::Store;
use crate::store::chain::AuditReport;
use crate::tr;
use crate::triage::sanitize_line;

/// `siaga backup PATH`: written through the desk, with its digest and
/// chain head.
pub fn backup(desk: &Desk, config: &Config, me: &str, path: &Path) -> Result<ExitCode> {
    let lang = config.lang();
    let path = std::path::absolute(path)?;
    let Answer::Backup(b) = ask(desk, config, me, Request::Backup { path })? else {
        return Err(unexpected(lang));
    };
    say!(
        "{}",
        tr!(
            lang,
            "cli-backup-written",
            path = b.path.display().to_string(),
            bytes = b.bytes,
            records = b.records,
            inquiries = b.inquiries
        )
    );
    say!("sha256 {}", b.sha256);
    say!("{}", tr!(lang, "cli-backup-head", head = &b.chain_head));
    say!("{}", tr!(lang, "cli-backup-key-apart"));
    Ok(ExitCode::SUCCESS)
}

/// `siaga check [--repair]`: what was (or could be) repaired and what
/// could not.
pub fn check(desk: &Desk, config: &Config, me: &str, repair: bool, json: bool) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Check(report) = ask(desk, config, me, Request::Check { repair })? else {
        return Err(unexpected(lang));
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else {
        say!(
            "{}",
            tr!(lang, "cli-check-checked", count = report.inquiries)
        );
        for p in &report.repaired {
            let problem = sanitize_line(p, 200);
            let line = if repair {
                tr!(lang, "cli-check-repaired", problem = problem)
            } else {
                tr!(lang, "cli-check-repairable", problem = problem)
            };
            say!("  {line}");
        }
        for p in &report.unrepaired {
            say!(
                "  {}",
                tr!(
                    lang,
                    "cli-check-not-repairable",
                    problem = sanitize_line(p, 200)
                )
            );
        }
        if report.is_clean() {
            say!("  {}", tr!(lang, "cli-check-clean"));
        }
    }
    let fine = report.unrepaired.is_empty() && (repair || report.repaired.is_empty());
    Ok(if fine {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `siaga restore`: offline only, into the configured data dir.
pub fn restore(
    dir: &Path,
    config: &Config,
    backup: &Path,
    replace: bool,
    key: Option<&Path>,
) -> Result<ExitCode> {
    let lang = config.lang();
    refuse_while_served(config, tr!(lang, "cli-doing-restoring"))?;
    let (store, moved) = Store::restore_keyed(dir, backup, replace, key)?;
    if let Some(aside) = moved {
        say!(
            "{}",
            tr!(
                lang,
                "cli-restore-moved-aside",
                path = aside.display().to_string()
            )
        );
    }
    say!(
        "{}",
        tr!(
            lang,
            "cli-restored",
            count = store.len(),
            path = dir.display().to_string()
        )
    );
    let audit = store.verify_chain()?;
    let check = store.check(false)?;
    print_restored_chain(&audit, key.is_some(), lang)?;
    if !check.is_clean() {
        say!("{}", tr!(lang, "cli-restore-needs-repair"));
    }
    Ok(if audit.is_intact() && check.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether the restored history's chain is intact; when its seal fails
/// and no key was given, that the backup's key may be missing.
fn print_restored_chain(audit: &AuditReport, keyed: bool, lang: Lang) -> Result<()> {
    match &audit.broken {
        None => say!(
            "{}",
            tr!(
                lang,
                "cli-restore-intact",
                count = audit.checked,
                head = &audit.head
            )
        ),
        Some(b) => {
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-restore-broken",
                    link = sanitize_line(&b.to_string(), 300)
                )
            );
            if b.problem.contains("seal") && !keyed {
                say!("{}", tr!(lang, "cli-restore-key-hint"));
            }
        }
    }
    Ok(())
}

/// `siaga check`: the ordinary check, or, when the store is too damaged to
/// open, a survey of what a salvage would recover.
pub fn check_or_survey(
    dir: &Path,
    json: bool,
    lang: Lang,
    check: impl FnOnce() -> Result<ExitCode>,
) -> Result<ExitCode> {
    let err = match check() {
        Ok(code) => return Ok(code),
        Err(e) => e,
    };
    let Some(crate::store::StoreError::Damaged { detail, .. }) = err.downcast_ref() else {
        return Err(err);
    };
    say!(
        "{}",
        tr!(
            lang,
            "cli-store-damaged",
            path = dir.display().to_string(),
            detail = sanitize_line(detail, 300)
        )
    );
    let survey = Store::salvage(dir, None)?;
    print_salvage(&survey, json, false, lang)?;
    say!("{}", tr!(lang, "cli-salvage-hint"));
    Ok(ExitCode::FAILURE)
}

/// `siaga salvage --into DIR`: offline only.
pub fn salvage(dir: &Path, config: &Config, into: &Path, json: bool) -> Result<ExitCode> {
    let lang = config.lang();
    refuse_while_served(config, tr!(lang, "cli-doing-salvaging"))?;
    let report = Store::salvage(dir, Some(into))?;
    print_salvage(&report, json, true, lang)?;
    if !json {
        say!(
            "{}",
            tr!(lang, "cli-salvaged-hint", path = into.display().to_string())
        );
    }
    Ok(if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a salvage `recovered` (else what a survey would recover).
fn print_salvage(
    r: &crate::store::SalvageReport,
    json: bool,
    recovered: bool,
    lang: Lang,
) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string(r).unwrap_or_default());
        return Ok(());
    }
    let opened = opened_words(&r.opened, lang);
    let line = tr!(
        lang,
        "cli-salvage-result",
        done = if recovered { "yes" } else { "no" },
        inquiries = r.inquiries,
        expected = r.expected,
        records = r.records,
        opened = opened
    );
    say!("{line}");
    for what in &r.unreadable {
        say!(
            "  {}",
            tr!(
                lang,
                "cli-salvage-unreadable",
                what = sanitize_line(what, 300)
            )
        );
    }
    Ok(())
}

/// How the damaged store could be opened (`SalvageReport::opened`, the
/// store's words), in the officer's language; anything else as it is.
pub(super) fn opened_words(opened: &str, lang: Lang) -> String {
    match opened {
        "as it is" => tr!(lang, "cli-opened-as-is"),
        "without its unfinished snapshot" => tr!(lang, "cli-opened-without-unfinished"),
        "from its log alone, up to the first damaged record (what was written after it is lost)" => {
            tr!(lang, "cli-opened-log-only")
        }
        other => other.to_string(),
    }
}
