//! The records verbs: `subject`, `purge`, `hold`, `audit`, `export`,
//! `report`, `backup`, `restore` and `check`. Each sends a
//! `records::steward::Request` to the desk (the daemon decides who may);
//! this file only parses dates and prints.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Subcommand;
use jiff::Timestamp;
use jiff::civil::Date;

use super::Command;
use super::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::erase::Scrub;
use crate::model::{InquiryId, zone};
use crate::queue::Change;
use crate::records::export::{ExportQuery, Format, Writer};
use crate::records::steward::{Answer, Clearance, Context, Request, SubjectReport, serve};
use crate::store::Store;
use crate::tr;
use crate::triage::{sanitize, sanitize_line};

#[derive(Debug, Subcommand)]
pub enum SubjectCommand {
    /// List everything held about a person: what they wrote, replies to
    /// them, escalations, and other inquiries that name them.
    Find {
        /// Their handle (`budi`, `@budi`, `budi@mastodon.social`) or platform id.
        handle: String,
        #[arg(long)]
        json: bool,
    },
    /// Erase a person's data (text, handle, ids, notes, reply text,
    /// escalation packets), keeping content-free statistics. Inquiries on
    /// legal hold, or with a reply or escalation in flight, are kept and
    /// listed. Supervisors only on a shared desk.
    Erase {
        handle: String,
        /// How the request came, for the record ("e-mail of 20 Nov, ref 123").
        #[arg(long)]
        reason: String,
        /// Without it, only list what would be erased.
        #[arg(long)]
        yes: bool,
    },
    /// Restrict the processing of a person's data: kept, hidden, never
    /// answered or escalated; new messages from them are restricted too.
    Restrict {
        handle: String,
        #[arg(long)]
        reason: String,
        /// Lift the restriction instead.
        #[arg(long)]
        lift: bool,
    },
}

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

pub fn subject(
    desk: &Desk,
    config: &Config,
    me: &str,
    command: &SubjectCommand,
) -> Result<ExitCode> {
    let lang = config.lang();
    let (request, json) = match command {
        SubjectCommand::Find { handle, json } => (
            Request::SubjectFind {
                handle: handle.clone(),
            },
            *json,
        ),
        SubjectCommand::Erase {
            handle,
            reason,
            yes,
        } => {
            if !yes {
                let Answer::Subject(found) = ask(
                    desk,
                    config,
                    me,
                    Request::SubjectFind {
                        handle: handle.clone(),
                    },
                )?
                else {
                    return Err(unexpected(lang));
                };
                print_subject(&found, lang)?;
                say!("\n{}", tr!(lang, "cli-subject-nothing-erased"));
                return Ok(ExitCode::SUCCESS);
            }
            (
                Request::SubjectErase {
                    handle: handle.clone(),
                    reason: reason.clone(),
                },
                false,
            )
        }
        SubjectCommand::Restrict {
            handle,
            reason,
            lift,
        } => (
            Request::SubjectRestrict {
                handle: handle.clone(),
                reason: reason.clone(),
                lift: *lift,
            },
            false,
        ),
    };
    let Answer::Subject(report) = ask(desk, config, me, request)? else {
        return Err(unexpected(lang));
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else {
        print_subject(&report, lang)?;
        let done = ids(&report.done, lang);
        match command {
            SubjectCommand::Erase { .. } => {
                say!("\n{}", tr!(lang, "cli-subject-erased", ids = done))
            }
            SubjectCommand::Restrict { lift: false, .. } => {
                say!("\n{}", tr!(lang, "cli-subject-restricted", ids = done))
            }
            SubjectCommand::Restrict { lift: true, .. } => {
                say!(
                    "\n{}",
                    tr!(lang, "cli-subject-restriction-lifted", ids = done)
                )
            }
            SubjectCommand::Find { .. } => {}
        }
        for (id, why) in &report.kept {
            say!("{}", kept(lang, *id, sanitize_line(why, 200)));
        }
        if let Some(words) = scrub_words(&report.files, lang) {
            say!("{}", sanitize_line(&words, 300));
        }
    }
    Ok(if report.kept.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

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

/// An inquiry's channel as the store names it, in the officer's language.
fn channel_words(channel: &str, lang: Lang) -> String {
    match channel {
        "public" => tr!(lang, "channel-public"),
        "private" => tr!(lang, "channel-private"),
        other => other.to_string(),
    }
}

fn print_subject(r: &SubjectReport, lang: Lang) -> Result<()> {
    say!(
        "{}",
        tr!(
            lang,
            "cli-subject-person",
            handle = sanitize_line(&r.handle, 80)
        )
    );
    if let Some(m) = &r.restriction {
        say!(
            "{}",
            tr!(
                lang,
                "cli-subject-restricted-since",
                time = zone::date_time(m.at),
                officer = sanitize_line(&m.by, 40),
                reason = sanitize_line(&m.reason, 120)
            )
        );
    }
    say!(
        "{}",
        tr!(lang, "cli-subject-wrote", count = r.inquiries.len())
    );
    for i in &r.inquiries {
        let mut flags = Vec::new();
        if i.erased {
            flags.push(tr!(lang, "cli-subject-flag-erased"));
        }
        if i.restricted {
            flags.push(tr!(lang, "cli-subject-flag-restricted"));
        }
        if let Some(h) = &i.legal_hold {
            flags.push(tr!(
                lang,
                "cli-subject-flag-hold",
                reason = sanitize_line(&h.reason, 60)
            ));
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        say!(
            "  {}",
            tr!(
                lang,
                "cli-subject-item",
                id = i.id.to_string(),
                source = sanitize_line(&i.source, 20),
                channel = channel_words(&i.channel, lang),
                status = lang.member("status", &i.status),
                category = sanitize_line(&i.category, 20),
                time = zone::date_time(i.received_at),
                flags = flags
            )
        );
        if !i.text.is_empty() {
            say!("    {}", sanitize_line(&i.text, 200));
        }
        for f in &i.followups {
            say!("    + {}", sanitize_line(f, 200));
        }
        if i.notes > 0 {
            say!("    {}", tr!(lang, "cli-subject-notes", count = i.notes));
        }
        for (id, state, text) in &i.replies {
            say!(
                "    {}",
                tr!(
                    lang,
                    "cli-subject-reply",
                    id = id.to_string(),
                    state = crate::reply::state_name(lang, *state),
                    text = sanitize_line(text, 160)
                )
            );
        }
        for (id, mission) in &i.escalations {
            say!(
                "    {}",
                tr!(
                    lang,
                    "cli-subject-escalation",
                    id = id.to_string(),
                    mission = sanitize_line(mission, 60)
                )
            );
        }
    }
    if !r.mentioned_in.is_empty() {
        say!(
            "{}",
            tr!(
                lang,
                "cli-subject-named-in",
                ids = ids(&r.mentioned_in, lang)
            )
        );
    }
    Ok(())
}

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
        say!("  {}", kept(lang, *id, sanitize_line(why, 160)));
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
    if let Some(words) = scrub_words(&report.files, lang) {
        say!("{}", sanitize_line(&words, 300));
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

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

pub struct ExportArgs<'a> {
    pub format: Format,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub unredacted: bool,
    pub out: Option<&'a Path>,
}

pub fn export(desk: &Desk, config: &Config, me: &str, args: ExportArgs<'_>) -> Result<ExitCode> {
    let lang = config.lang();
    let (from, to) = period(args.from, args.to, None, lang)?;
    let sink: Box<dyn Write> = match args.out {
        Some(path) => Box::new(std::io::BufWriter::new(private_file(path, lang)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = Writer::new(sink, args.format);
    let mut query = ExportQuery {
        from,
        to,
        unredacted: args.unredacted,
        after: None,
        limit: 1_000,
    };
    let mut rows = 0usize;
    loop {
        let Answer::Export(page) = ask(
            desk,
            config,
            me,
            crate::records::steward::Request::Export {
                query: query.clone(),
            },
        )?
        else {
            return Err(unexpected(lang));
        };
        for row in &page.rows {
            writer.write(row)?;
        }
        rows += page.rows.len();
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    writer.finish()?;
    let exported = match (args.unredacted, rows == 1) {
        (true, true) => tr!(lang, "cli-exported-unredacted-one", count = rows),
        (true, false) => tr!(lang, "cli-exported-unredacted", count = rows),
        (false, true) => tr!(lang, "cli-exported-one", count = rows),
        (false, false) => tr!(lang, "cli-exported", count = rows),
    };
    eprintln!("{exported}");
    Ok(ExitCode::SUCCESS)
}

/// A new file readable by its owner only; never overwrites.
fn private_file(path: &Path, lang: Lang) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| tr!(lang, "cli-cannot-create", path = path.display().to_string()))
}

pub fn report(
    desk: &Desk,
    config: &Config,
    me: &str,
    (from, to): (Option<Timestamp>, Option<Timestamp>),
) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Report(stats) = ask(desk, config, me, Request::Report { from, to })? else {
        return Err(unexpected(lang));
    };
    say_part!("{}", sanitize(&stats.markdown_in(lang)));
    Ok(ExitCode::SUCCESS)
}

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
            if b.problem.contains("seal") && key.is_none() {
                say!("{}", tr!(lang, "cli-restore-key-hint"));
            }
        }
    }
    if !check.is_clean() {
        say!("{}", tr!(lang, "cli-restore-needs-repair"));
    }
    Ok(if audit.is_intact() && check.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
fn opened_words(opened: &str, lang: Lang) -> String {
    match opened {
        "as it is" => tr!(lang, "cli-opened-as-is"),
        "without its unfinished snapshot" => tr!(lang, "cli-opened-without-unfinished"),
        "from its log alone, up to the first damaged record (what was written after it is lost)" => {
            tr!(lang, "cli-opened-log-only")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog's English is the records' own words, so the English
    /// output is unchanged.
    #[test]
    fn the_english_words_are_the_records_own() {
        for files in [
            Scrub::Nothing,
            Scrub::Rewritten,
            Scrub::Pending,
            Scrub::Failed("disk full".into()),
        ] {
            assert_eq!(scrub_words(&files, Lang::En), files.words());
        }
        use crate::reply::ReplyState;
        for state in [
            ReplyState::Pending,
            ReplyState::Sending,
            ReplyState::Unknown,
            ReplyState::Sent,
            ReplyState::Failed,
            ReplyState::Cancelled,
        ] {
            assert_eq!(crate::reply::state_name(Lang::En, state), state.as_str());
        }
        assert_eq!(channel_words("public", Lang::Id), "publik");
        assert_eq!(opened_words("as it is", Lang::Id), "apa adanya");
        assert_eq!(opened_words("as it is", Lang::En), "as it is");
        assert_eq!(ids(&[], Lang::Id), "tidak ada");
        assert_eq!(ids(&[], Lang::En), "none");
    }
}
