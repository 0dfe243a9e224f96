//! `siaga subject`: what is held about one person, and the data-subject
//! requests on it (find, erase, restrict), each sent to the desk and the
//! answer printed.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{ask, ids, kept, scrub_words, unexpected};
use crate::cli::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::zone;
use crate::records::steward::{Answer, Request, SubjectItem, SubjectReport};
use crate::tr;
use crate::triage::sanitize_line;

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

/// `siaga subject find|erase|restrict`. An erase without `--yes` only
/// lists what it would erase.
pub fn subject(
    desk: &Desk,
    config: &Config,
    me: &str,
    command: &SubjectCommand,
) -> Result<ExitCode> {
    let lang = config.lang();
    if let SubjectCommand::Erase {
        handle, yes: false, ..
    } = command
    {
        return preview_erase(desk, config, me, handle);
    }
    let (request, json) = request_for(command);
    let Answer::Subject(report) = ask(desk, config, me, request)? else {
        return Err(unexpected(lang));
    };
    if json {
        say!("{}", serde_json::to_string(&report)?);
    } else {
        print_subject(&report, lang)?;
        print_outcome(command, &report, lang)?;
    }
    Ok(if report.kept.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// An erase not yet confirmed: what is held, and that nothing was erased.
fn preview_erase(desk: &Desk, config: &Config, me: &str, handle: &str) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Subject(found) = ask(
        desk,
        config,
        me,
        Request::SubjectFind {
            handle: handle.to_string(),
        },
    )?
    else {
        return Err(unexpected(lang));
    };
    print_subject(&found, lang)?;
    say!("\n{}", tr!(lang, "cli-subject-nothing-erased"));
    Ok(ExitCode::SUCCESS)
}

/// The desk's request for `command`, and whether its answer is printed as
/// JSON.
fn request_for(command: &SubjectCommand) -> (Request, bool) {
    match command {
        SubjectCommand::Find { handle, json } => (
            Request::SubjectFind {
                handle: handle.clone(),
            },
            *json,
        ),
        SubjectCommand::Erase { handle, reason, .. } => (
            Request::SubjectErase {
                handle: handle.clone(),
                reason: reason.clone(),
            },
            false,
        ),
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
    }
}

/// What the request did: the inquiries erased or restricted, those kept
/// and why, and whether the erased text has left the files.
fn print_outcome(command: &SubjectCommand, report: &SubjectReport, lang: Lang) -> Result<()> {
    let done = ids(&report.done, lang);
    match command {
        SubjectCommand::Erase { .. } => {
            say!("\n{}", tr!(lang, "cli-subject-erased", ids = done));
            if !report.done.is_empty() {
                say!("{}", tr!(lang, "cli-subject-erased-model"));
            }
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
        say!(
            "{}",
            kept(lang, *id, sanitize_line(&why.in_lang(lang), 200))
        );
    }
    if let Some(words) = scrub_words(&report.files, lang) {
        say!("{}", sanitize_line(&words, 300));
    }
    Ok(())
}

/// An inquiry's channel as the store names it, in the officer's language.
pub(super) fn channel_words(channel: &str, lang: Lang) -> String {
    match channel {
        "public" => tr!(lang, "channel-public"),
        "private" => tr!(lang, "channel-private"),
        other => other.to_string(),
    }
}

/// Everything held about the person: who, any restriction, each inquiry
/// they wrote, and the others that name them.
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
        print_item(i, lang)?;
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

/// One inquiry the person wrote: its line, then what it holds (text,
/// follow-ups, notes, replies, escalations).
fn print_item(i: &SubjectItem, lang: Lang) -> Result<()> {
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
            flags = item_flags(i, lang)
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
    Ok(())
}

/// " [erased, restricted, on hold: why]", or nothing.
fn item_flags(i: &SubjectItem, lang: Lang) -> String {
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
    if flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", flags.join(", "))
    }
}
