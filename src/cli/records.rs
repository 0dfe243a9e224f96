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
use jiff::tz::TimeZone;

use super::Command;
use super::desk::Desk;
use crate::config::Config;
use crate::model::InquiryId;
use crate::queue::Change;
use crate::records::export::{ExportQuery, Format, Writer};
use crate::records::steward::{Answer, Clearance, Context, Request, SubjectReport, serve};
use crate::store::Store;
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
    match command {
        Command::Subject { command } => subject(desk, config, me, command),
        Command::Purge { dry_run, json } => purge(desk, config, me, *dry_run, *json),
        Command::Hold {
            id,
            reason,
            release,
        } => hold(desk, me, *id, reason, *release),
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
                period(from.as_deref(), to.as_deref(), month.as_deref())?
            };
            report(desk, config, me, range)
        }
        Command::Backup { path } => backup(desk, config, me, path),
        Command::Check { repair, json } => check(desk, config, me, *repair, *json),
        _ => unreachable!("only records verbs come here"),
    }
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
pub fn day_start(text: &str) -> Result<Timestamp> {
    let date: Date = text
        .parse()
        .with_context(|| format!("`{text}` is not a date; use YYYY-MM-DD"))?;
    Ok(date.to_zoned(TimeZone::system())?.timestamp())
}

/// `--from`/`--to` (both inclusive days) or `--month YYYY-MM`, as a range.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    month: Option<&str>,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    if let Some(m) = month {
        let first = day_start(&format!("{m}-01"))
            .with_context(|| format!("`{m}` is not a month; use YYYY-MM"))?;
        let next: Date = format!("{m}-01")
            .parse::<Date>()?
            .checked_add(jiff::Span::new().months(1))?;
        return Ok((
            Some(first),
            Some(next.to_zoned(TimeZone::system())?.timestamp()),
        ));
    }
    let from = from.map(day_start).transpose()?;
    let to = match to {
        Some(t) => {
            let d: Date = t
                .parse()
                .with_context(|| format!("`{t}` is not a date; use YYYY-MM-DD"))?;
            Some(d.tomorrow()?.to_zoned(TimeZone::system())?.timestamp())
        }
        None => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        bail!("--to is before --from");
    }
    Ok((from, to))
}

pub fn subject(
    desk: &Desk,
    config: &Config,
    me: &str,
    command: &SubjectCommand,
) -> Result<ExitCode> {
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
                    bail!("unexpected answer");
                };
                print_subject(&found)?;
                say!("\nNothing erased. Add --yes to erase the inquiries listed above.");
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
        bail!("unexpected answer");
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else {
        print_subject(&report)?;
        match command {
            SubjectCommand::Erase { .. } => say!("\nerased: {}", ids(&report.done)),
            SubjectCommand::Restrict { lift: false, .. } => {
                say!("\nrestricted: {}", ids(&report.done))
            }
            SubjectCommand::Restrict { lift: true, .. } => {
                say!("\nrestriction lifted: {}", ids(&report.done))
            }
            SubjectCommand::Find { .. } => {}
        }
        for (id, why) in &report.kept {
            say!("kept #{id}: {}", sanitize_line(why, 200));
        }
        if let Some(words) = report.files.words() {
            say!("{}", sanitize_line(&words, 300));
        }
    }
    Ok(if report.kept.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn ids(ids: &[InquiryId]) -> String {
    if ids.is_empty() {
        return "none".into();
    }
    ids.iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_subject(r: &SubjectReport) -> Result<()> {
    say!("Person: @{}", sanitize_line(&r.handle, 80));
    if let Some(m) = &r.restriction {
        say!(
            "Restricted since {} by {}: {}",
            m.at.strftime("%Y-%m-%d %H:%M UTC"),
            sanitize_line(&m.by, 40),
            sanitize_line(&m.reason, 120)
        );
    }
    say!("Inquiries they wrote: {}", r.inquiries.len());
    for i in &r.inquiries {
        let mut flags = Vec::new();
        if i.erased {
            flags.push("erased".to_string());
        }
        if i.restricted {
            flags.push("restricted".into());
        }
        if let Some(h) = &i.legal_hold {
            flags.push(format!("legal hold: {}", sanitize_line(&h.reason, 60)));
        }
        say!(
            "  #{} {} {} {} {} received {}{}",
            i.id,
            sanitize_line(&i.source, 20),
            i.channel,
            i.status,
            sanitize_line(&i.category, 20),
            i.received_at.strftime("%Y-%m-%d %H:%M UTC"),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", flags.join(", "))
            }
        );
        if !i.text.is_empty() {
            say!("    {}", sanitize_line(&i.text, 200));
        }
        for f in &i.followups {
            say!("    + {}", sanitize_line(f, 200));
        }
        if i.notes > 0 {
            say!("    {} internal note(s)", i.notes);
        }
        for (id, state, text) in &i.replies {
            say!("    reply {id} ({state}): {}", sanitize_line(text, 160));
        }
        for (id, mission) in &i.escalations {
            say!("    escalation {id} to {}", sanitize_line(mission, 60));
        }
    }
    if !r.mentioned_in.is_empty() {
        say!(
            "Named in other people's inquiries (not erased with theirs): {}",
            ids(&r.mentioned_in)
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
    let Answer::Purge(report) = ask(desk, config, me, Request::Purge { dry_run })? else {
        bail!("unexpected answer");
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if dry_run { "would erase" } else { "erased" };
    say!(
        "{verb} {} inquir{}",
        report.due.len(),
        plural(report.due.len())
    );
    for d in &report.due {
        say!(
            "  #{} {} closed {} ({} days)",
            d.id,
            sanitize_line(&d.category, 30),
            d.closed_at.strftime("%Y-%m-%d"),
            d.days
        );
    }
    for (id, why) in &report.kept {
        say!("  kept #{id}: {}", sanitize_line(why, 160));
    }
    for (id, why) in &report.failed {
        say!("  FAILED #{id}: {}", sanitize_line(why, 160));
    }
    if let Some(words) = report.files.words() {
        say!("{}", sanitize_line(&words, 300));
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "y" } else { "ies" }
}

pub fn hold(desk: &Desk, me: &str, id: InquiryId, reason: &str, release: bool) -> Result<ExitCode> {
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
    if release {
        say!("#{id}: legal hold released");
    } else {
        say!("#{id}: on legal hold (never purged or erased until released)");
    }
    Ok(ExitCode::SUCCESS)
}

/// Offline verbs refuse while a daemon holds the store.
fn refuse_while_served(config: &Config, doing: &str) -> Result<()> {
    let socket = config.daemon.socket_path();
    if socket.exists() && std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        bail!(
            "`siaga serve` is running ({}); stop it before {doing} (systemctl stop siaga)",
            socket.display()
        );
    }
    Ok(())
}

/// `siaga audit reseal`: offline, into the configured data dir.
pub fn reseal(dir: &Path, config: &Config, me: &str) -> Result<ExitCode> {
    refuse_while_served(config, "resealing")?;
    let (events, relinked, head) = Store::reseal(dir, me)?;
    if relinked {
        say!("the history's {events} events were linked anew and sealed under a new chain.key");
    } else {
        say!("the history's {events} events still link; its head is sealed under a new chain.key");
    }
    say!("head {head}: note it down outside siaga (it is also in the log).");
    Ok(ExitCode::SUCCESS)
}

pub fn audit(desk: &Desk, config: &Config, me: &str, json: bool) -> Result<ExitCode> {
    let Answer::Audit(report) = ask(desk, config, me, Request::AuditVerify)? else {
        bail!("unexpected answer");
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else if let Some(broken) = &report.broken {
        say!(
            "BROKEN: the history chain breaks at {}",
            sanitize_line(&broken.to_string(), 300)
        );
        say!(
            "{} of {} events verified before it.",
            report.checked,
            report.expected
        );
    } else {
        say!(
            "history intact: {} events chained and sealed; head {}:{}",
            report.checked,
            report.checked,
            report.head
        );
        say!(
            "(Note the head down outside siaga: a later head must continue from it. The seal \
             key, chain.key beside the store, is never in a backup: keep a copy apart.)"
        );
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
    let (from, to) = period(args.from, args.to, None)?;
    let sink: Box<dyn Write> = match args.out {
        Some(path) => Box::new(std::io::BufWriter::new(private_file(path)?)),
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
            bail!("unexpected answer");
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
    eprintln!(
        "exported {rows} inquir{}{}",
        plural(rows),
        if args.unredacted {
            " UNREDACTED (recorded in each one's history)"
        } else {
            " (redacted)"
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// A new file readable by its owner only; never overwrites.
fn private_file(path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))
}

pub fn report(
    desk: &Desk,
    config: &Config,
    me: &str,
    (from, to): (Option<Timestamp>, Option<Timestamp>),
) -> Result<ExitCode> {
    let Answer::Report(stats) = ask(desk, config, me, Request::Report { from, to })? else {
        bail!("unexpected answer");
    };
    say_part!("{}", sanitize(&stats.markdown()));
    Ok(ExitCode::SUCCESS)
}

pub fn backup(desk: &Desk, config: &Config, me: &str, path: &Path) -> Result<ExitCode> {
    let path = std::path::absolute(path)?;
    let Answer::Backup(b) = ask(desk, config, me, Request::Backup { path })? else {
        bail!("unexpected answer");
    };
    say!(
        "backup written: {} ({} bytes, {} records, {} inquiries)",
        b.path.display(),
        b.bytes,
        b.records,
        b.inquiries
    );
    say!("sha256 {}", b.sha256);
    say!("history head at backup: {}", b.chain_head);
    say!(
        "the history's seal key (chain.key beside the store) is not in the backup: keep a copy \
         apart, for `siaga restore --key` on another host"
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(desk: &Desk, config: &Config, me: &str, repair: bool, json: bool) -> Result<ExitCode> {
    let Answer::Check(report) = ask(desk, config, me, Request::Check { repair })? else {
        bail!("unexpected answer");
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else {
        say!("checked {} inquiries", report.inquiries);
        let done = if repair {
            "repaired"
        } else {
            "repairable (run with --repair)"
        };
        for p in &report.repaired {
            say!("  {done}: {}", sanitize_line(p, 200));
        }
        for p in &report.unrepaired {
            say!("  NOT repairable: {}", sanitize_line(p, 200));
        }
        if report.is_clean() {
            say!("  every index agrees with the items");
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
    refuse_while_served(config, "restoring")?;
    let (store, moved) = Store::restore_keyed(dir, backup, replace, key)?;
    if let Some(aside) = moved {
        say!("the previous store was moved to {}", aside.display());
    }
    say!("restored {} inquiries into {}", store.len(), dir.display());
    let audit = store.verify_chain()?;
    let check = store.check(false)?;
    match &audit.broken {
        None => say!(
            "history intact: {} events; head {}",
            audit.checked,
            audit.head
        ),
        Some(b) => {
            say!("BROKEN history: {}", sanitize_line(&b.to_string(), 300));
            if b.problem.contains("seal") && key.is_none() {
                say!(
                    "If the backup came from another store, restore again with --key <its chain.key>; \
                     to trust this history as it is, run `siaga audit reseal`."
                );
            }
        }
    }
    if !check.is_clean() {
        say!("the indexes need repair: run `siaga check --repair`");
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
        "the store at {} does not open: it is damaged ({})",
        dir.display(),
        sanitize_line(detail, 300)
    );
    let survey = Store::salvage(dir, None)?;
    print_salvage(&survey, json, "would recover")?;
    say!("Copy what is readable into a fresh store: siaga salvage --into NEW_DIR");
    Ok(ExitCode::FAILURE)
}

/// `siaga salvage --into DIR`: offline only.
pub fn salvage(dir: &Path, config: &Config, into: &Path, json: bool) -> Result<ExitCode> {
    refuse_if_serving(config, "salvaging")?;
    let report = Store::salvage(dir, Some(into))?;
    print_salvage(&report, json, "recovered")?;
    if !json {
        say!(
            "The damaged store is left as it was. To work on the salvaged one: siaga --data-dir {} (or move it into place)",
            into.display()
        );
    }
    Ok(if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_salvage(r: &crate::store::SalvageReport, json: bool, verb: &str) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string(r).unwrap_or_default());
        return Ok(());
    }
    say!(
        "salvage {verb} {} of {} inquiries ({} records), the store opened {}",
        r.inquiries,
        r.expected,
        r.records,
        r.opened
    );
    for what in &r.unreadable {
        say!("  could not read: {}", sanitize_line(what, 300));
    }
    Ok(())
}

fn refuse_if_serving(config: &Config, doing: &str) -> Result<()> {
    let socket = config.daemon.socket_path();
    if socket.exists() && std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        bail!(
            "`siaga serve` is running ({}); stop it before {doing} (systemctl stop siaga)",
            socket.display()
        );
    }
    Ok(())
}
