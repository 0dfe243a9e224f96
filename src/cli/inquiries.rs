//! The verbs on inquiries themselves (`list`, `show`, `tag`, `claim`,
//! `assign`, `close`) and their output: the human rows and the
//! `list --json` contract.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Command, Verb};
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::zone::rfc3339_seconds;
use crate::model::{GroupId, Inquiry, InquiryId, Status};
use crate::queue::{Change, InquiryDetail, QueuePosWire, QueueService, ViewQuery};
use crate::store::Facet;
use crate::tr;
use crate::triage::{sanitize, sanitize_line};

/// The `list --json` contract (ARCHITECTURE.md). `text` is masked as on
/// the screen unless the run recorded a reveal (`--reveal`).
#[derive(Debug, Serialize)]
struct JsonRow<'a> {
    id: InquiryId,
    source: &'a str,
    external_id: &'a str,
    author: &'a str,
    author_name: &'a str,
    text: std::borrow::Cow<'a, str>,
    channel: &'a str,
    status: &'a str,
    priority: &'a str,
    category: &'a str,
    tags: &'a [String],
    claimed_by: Option<&'a str>,
    created_at: String,
    lang: Option<&'a str>,
    /// The group of near-identical pleas it is in, or null.
    group: Option<GroupId>,
}

impl<'a> JsonRow<'a> {
    fn of(i: &'a Inquiry, revealed: bool, group: Option<GroupId>) -> JsonRow<'a> {
        JsonRow {
            id: i.id,
            source: &i.source,
            external_id: &i.external_id,
            author: &i.author.handle,
            author_name: &i.author.display_name,
            text: crate::triage::mask::for_display(i, &i.text, revealed, &[]),
            channel: i.channel.as_str(),
            status: i.status.as_str(),
            priority: i.priority.as_str(),
            category: &i.category,
            tags: &i.tags,
            claimed_by: i.claimed_by.as_deref(),
            created_at: i.created_at.to_string(),
            lang: i.lang.as_deref(),
            group,
        }
    }
}

/// `list`, `show`, `tag`, `claim`, `assign` and `close`.
pub(super) fn verb(v: &Verb, command: &Command) -> Result<ExitCode> {
    let (queue, me, config, lang) = (v.queue(), v.me.as_str(), v.config, v.lang());
    match command {
        Command::List {
            json,
            reveal,
            status,
            limit,
            search,
            view,
        } => {
            let query = view_query(config, me, status, view.as_deref())?;
            let run = ListRun {
                json: *json,
                reveal: *reveal,
                limit: *limit,
                search: search.as_deref(),
            };
            list(queue, me, &run, query, lang)
        }
        Command::Show { id, json, reveal } => show(queue, me, *id, *json, *reveal, lang),
        Command::Tag { id, tags } => tag(queue, me, *id, tags, lang),
        Command::Claim { id, take_over } => {
            let take_over = *take_over;
            apply(queue, me, *id, Change::Claim { take_over }, lang)
        }
        Command::Assign { id, to } => {
            apply(queue, me, *id, Change::Assign { to: to.clone() }, lang)
        }
        Command::Close { id, reason } => {
            let reason = reason.clone();
            apply(queue, me, *id, Change::Close { reason }, lang)
        }
        _ => unreachable!("only the verbs on inquiries come here"),
    }
}

/// The statuses and facet `siaga list` shows.
pub(super) fn view_query(
    config: &Config,
    officer: &str,
    status: &[Status],
    view: Option<&str>,
) -> Result<ViewQuery> {
    if let Some(name) = view {
        let v = config
            .views
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = config.views.iter().map(|v| v.name.as_str()).collect();
                let lang = config.lang();
                anyhow::anyhow!(tr!(
                    lang,
                    "cli-no-view",
                    name = name,
                    views = names.join(", ")
                ))
            })?;
        return Ok(ViewQuery {
            facet: v.facet.for_officer(officer),
            statuses: v.statuses.clone(),
            after: None,
            limit: 0,
        });
    }
    let statuses = if status.is_empty() {
        Status::OPEN.to_vec()
    } else {
        status.to_vec()
    };
    Ok(ViewQuery {
        facet: Facet::All,
        statuses,
        after: None,
        limit: 0,
    })
}

/// How `siaga list` prints: its flags.
pub(super) struct ListRun<'a> {
    pub json: bool,
    /// Show the text as received; each row printed so is recorded as a
    /// reveal in its history first.
    pub reveal: bool,
    pub limit: Option<usize>,
    pub search: Option<&'a str>,
}

pub(super) fn list(
    queue: &dyn QueueService,
    me: &str,
    run: &ListRun,
    view: ViewQuery,
    lang: Lang,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut remaining = run.limit.unwrap_or(usize::MAX);
    if let Some(text) = run.search {
        let found = queue.search(&view, text, remaining)?;
        print_rows(&mut out, queue, me, &found, run, lang)?;
        out.flush()?;
        if found.is_empty() {
            // On stderr, so a script reading stdout still sees no rows.
            eprintln!(
                "{}",
                tr!(lang, "cli-no-match", query = sanitize_line(text, 80))
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut after: Option<QueuePosWire> = None;
    while remaining > 0 {
        let page = queue.list(&ViewQuery {
            after,
            limit: remaining.min(1000),
            ..view.clone()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(QueuePosWire::of(last));
        remaining -= page.len();
        print_rows(&mut out, queue, me, &page, run, lang)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Rows of `siaga list` (with `--json`, each with its group).
fn print_rows(
    out: &mut impl Write,
    queue: &dyn QueueService,
    me: &str,
    rows: &[Inquiry],
    run: &ListRun,
    lang: Lang,
) -> Result<()> {
    let groups = if run.json {
        let ids: Vec<InquiryId> = rows.iter().map(|i| i.id).collect();
        queue.groups_of(&ids)?
    } else {
        vec![None; rows.len()]
    };
    for (inq, group) in rows.iter().zip(groups) {
        print_row(out, queue, me, inq, run, lang, group)?;
    }
    Ok(())
}

/// One row of `siaga list`; with `--reveal`, the reveal is recorded
/// before the row is written.
fn print_row(
    out: &mut impl Write,
    queue: &dyn QueueService,
    me: &str,
    inq: &Inquiry,
    run: &ListRun,
    lang: Lang,
    group: Option<GroupId>,
) -> Result<()> {
    if run.reveal {
        let what = "personal numbers and hidden text (siaga list --reveal)".into();
        queue.apply(inq.id, &Change::Reveal { what }, me)?;
    }
    if run.json {
        serde_json::to_writer(&mut *out, &JsonRow::of(inq, run.reveal, group))?;
        writeln!(out)?;
    } else {
        let who = sanitize_line(&inq.author.handle, 16);
        let text = sanitize_line(&masked(lang, inq, &inq.text, run.reveal), 60);
        let category = sanitize_line(&inq.category, 14);
        writeln!(
            out,
            "{:>6} {} {:<9} {category:<14} @{who:<16} {text}",
            inq.id,
            inq.priority,
            lang.member("status", inq.status.as_str())
        )?;
    }
    Ok(())
}

/// `text` of `inq` as a person at a terminal may see it (see
/// `records::mask`); `reveal` only once the caller recorded it.
fn masked<'a>(lang: Lang, inq: &Inquiry, text: &'a str, reveal: bool) -> std::borrow::Cow<'a, str> {
    crate::records::mask::for_display_in(lang, inq, text, reveal, &[])
}

/// `show --json` without a reveal: the words of the citizen and of the
/// officers' notes masked as on the screen, the rest as stored.
fn masked_detail(mut detail: InquiryDetail) -> InquiryDetail {
    let shown = |inq: &Inquiry, text: &str| {
        crate::triage::mask::for_display(inq, text, false, &[]).into_owned()
    };
    let inq = detail.inquiry.clone();
    detail.inquiry.text = shown(&inq, &inq.text);
    for note in &mut detail.inquiry.notes {
        note.text = shown(&inq, &note.text);
    }
    for f in &mut detail.inquiry.followups {
        f.text = shown(&inq, &f.text);
    }
    for e in &mut detail.history {
        let field = |v: &mut Option<String>| {
            if let Some(text) = v.as_mut() {
                *text =
                    crate::triage::mask::event_field(&inq, &e.what, text, false, &[]).into_owned();
            }
        };
        field(&mut e.before);
        field(&mut e.after);
    }
    for e in &mut detail.escalations {
        mask_escalation(e, &inq);
    }
    detail
}

/// An escalation in a masked detail: its summary and note, the packet's
/// words and history and the roster's phone numbers masked as the
/// inquiry's own text is (the packet froze them as they were written).
pub(super) fn mask_escalation(e: &mut crate::escalate::Escalation, inq: &Inquiry) {
    let shown = |text: &mut String| {
        *text = crate::triage::mask::for_display(inq, text, false, &[]).into_owned();
    };
    shown(&mut e.summary);
    shown(&mut e.note);
    e.packet.text.value.iter_mut().for_each(shown);
    for ev in &mut e.packet.history {
        for v in [&mut ev.before, &mut ev.after].into_iter().flatten() {
            *v = crate::triage::mask::event_field(inq, &ev.what, v, false, &[]).into_owned();
        }
    }
    for row in e.roster.iter_mut().flat_map(|r| r.rows.iter_mut()) {
        row.phones.value.iter_mut().for_each(shown);
    }
}

pub(super) fn show(
    queue: &dyn QueueService,
    me: &str,
    id: InquiryId,
    json: bool,
    reveal: bool,
    lang: Lang,
) -> Result<ExitCode> {
    if reveal {
        let what = "personal numbers and hidden text (siaga show --reveal)".into();
        queue.apply(id, &Change::Reveal { what }, me)?;
    }
    show_one(queue, id, json, reveal, lang)
}

fn show_one(
    queue: &dyn QueueService,
    id: InquiryId,
    json: bool,
    reveal: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let detail = queue.get(id)?;
    if json {
        let detail = if reveal {
            detail
        } else {
            masked_detail(detail)
        };
        say!("{}", serde_json::to_string(&detail)?);
        return Ok(ExitCode::SUCCESS);
    }
    let i = &detail.inquiry;
    print_facts(lang, i)?;
    print_marks(lang, i)?;
    say!(
        "\n{}\n\n{}",
        sanitize(&masked(lang, i, &i.text, reveal)),
        tr!(lang, "show-history")
    );
    print_history(lang, &detail, reveal)?;
    Ok(ExitCode::SUCCESS)
}

/// What the inquiry is and where it came from: priority, category,
/// status, author, source, when, who holds it, tags and why it scored so.
fn print_facts(lang: Lang, i: &Inquiry) -> Result<()> {
    say!(
        "#{} {} {} [{}] {}",
        i.id,
        i.priority,
        sanitize_line(&i.category, 30),
        lang.member("status", i.status.as_str()),
        i.channel.as_str()
    );
    say!(
        "{}",
        tr!(
            lang,
            "show-from",
            name = sanitize_line(&i.author.display_name, 60),
            handle = sanitize_line(&i.author.handle, 60)
        )
    );
    say!(
        "{}",
        tr!(
            lang,
            "show-source",
            source = sanitize_line(&i.source, 30),
            id = sanitize_line(&i.external_id, 40)
        )
    );
    say!(
        "{}",
        tr!(lang, "show-created", time = rfc3339_seconds(i.created_at))
    );
    if let Some(who) = &i.claimed_by {
        say!(
            "{}",
            tr!(lang, "show-claimed-by", officer = sanitize_line(who, 40))
        );
    }
    if !i.tags.is_empty() {
        let tags = sanitize_line(&i.tags.join(", "), 200);
        say!("{}", tr!(lang, "show-tags", tags = tags));
    }
    let reasons = sanitize_line(&i.reasons.join("; "), 300);
    say!("{}", tr!(lang, "show-why", reasons = reasons));
    Ok(())
}

/// What the records steward and the platform have done to it: a legal
/// hold, a restriction, a deletion on the platform, an erasure.
fn print_marks(lang: Lang, i: &Inquiry) -> Result<()> {
    if let Some(h) = &i.legal_hold {
        say!(
            "{}",
            tr!(
                lang,
                "show-legal-hold",
                reason = sanitize_line(&h.reason, 120),
                officer = sanitize_line(&h.by, 40)
            )
        );
    }
    if let Some(m) = &i.restricted {
        say!(
            "{}",
            tr!(
                lang,
                "show-restricted",
                reason = sanitize_line(&m.reason, 120)
            )
        );
    }
    if let Some(at) = i.deleted_on_platform {
        say!("{}", tr!(lang, "show-deleted", time = rfc3339_seconds(at)));
    }
    if let Some(e) = &i.erased {
        say!(
            "{}",
            tr!(
                lang,
                "show-erased",
                time = rfc3339_seconds(e.at),
                officer = sanitize_line(&e.by, 40),
                why = sanitize_line(&e.why, 120)
            )
        );
    }
    Ok(())
}

/// One line per history event, its values masked as on the screen unless
/// revealed.
fn print_history(lang: Lang, detail: &InquiryDetail, reveal: bool) -> Result<()> {
    let i = &detail.inquiry;
    for e in &detail.history {
        let shown = |v: &str| {
            crate::records::mask::event_field_in(lang, i, &e.what, v, reveal, &[]).into_owned()
        };
        let before = e
            .before
            .as_deref()
            .map(|b| sanitize_line(&shown(b), 60))
            .unwrap_or_default();
        let after = e
            .after
            .as_deref()
            .map(|a| sanitize_line(&shown(a), 100))
            .unwrap_or_default();
        say!(
            "  {} {} {} {before} -> {after}",
            rfc3339_seconds(e.at),
            sanitize_line(&e.officer, 20),
            e.what
        );
    }
    Ok(())
}

pub(super) fn apply(
    queue: &dyn QueueService,
    officer: &str,
    id: InquiryId,
    change: Change,
    lang: Lang,
) -> Result<ExitCode> {
    let inq = queue.apply(id, &change, officer)?;
    // "#6 claimed by root", "#6 escalated, claimed by root", "#6 closed".
    let status = lang.member("status", inq.status.as_str());
    let now = match inq.claimed_by.as_deref() {
        Some(c) if inq.status == Status::Claimed => tr!(lang, "applied-claimed-by", officer = c),
        Some(c) => format!("{status}, {}", tr!(lang, "applied-claimed-by", officer = c)),
        None => status,
    };
    say!("#{} {now}", inq.id);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn tag(
    queue: &dyn QueueService,
    officer: &str,
    id: InquiryId,
    tags: &[String],
    lang: Lang,
) -> Result<ExitCode> {
    for tag in tags {
        let change = match tag.strip_prefix('-') {
            Some(t) => Change::Untag { tag: t.to_string() },
            None => Change::Tag { tag: tag.clone() },
        };
        queue.apply(id, &change, officer)?;
    }
    let inq = queue.get(id)?.inquiry;
    say!(
        "{}",
        tr!(
            lang,
            "tags-now",
            id = inq.id.to_string(),
            tags = sanitize_line(&inq.tags.join(", "), 200)
        )
    );
    Ok(ExitCode::SUCCESS)
}
