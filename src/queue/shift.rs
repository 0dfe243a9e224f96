//! Shift handover: the digest an outgoing officer leaves (what they hold
//! open, replies still going out or failed, escalations awaiting
//! acknowledgement and their deadlines, snoozed promises to come back,
//! their notes), and the incoming officer's acceptance, which takes over
//! every claim with a `shift_handover` entry in each inquiry's history.
//! Built on `QueueService` alone, so it works the same through a daemon.

use std::fmt::Write;

use jiff::Timestamp;
use serde::Serialize;

use super::{Change, QueuePosWire, QueueResult, QueueService, ViewQuery};
use crate::escalate::Escalation;
use crate::i18n::Lang;
use crate::model::{Inquiry, InquiryId, Note, Status};
use crate::reply::Reply;
use crate::store::Facet;
use crate::tr;
use crate::triage::sanitize_line;

#[derive(Debug, Clone, Serialize)]
pub struct ShiftDigest {
    pub officer: String,
    pub at: Timestamp,
    /// Open inquiries they hold, most urgent first.
    pub held: Vec<Inquiry>,
    /// Snoozed inquiries they hold: promised to come back to.
    pub snoozed: Vec<Inquiry>,
    /// Their replies not yet sent (pending, unknown, failed).
    pub replies: Vec<Reply>,
    /// Escalations of theirs, or on what they hold, not yet acknowledged.
    pub escalations: Vec<Escalation>,
    /// Their notes on what they hold, newest last.
    pub notes: Vec<(InquiryId, Note)>,
}

fn claimed(
    queue: &dyn QueueService,
    officer: &str,
    statuses: &[Status],
) -> QueueResult<Vec<Inquiry>> {
    listed(queue, Facet::ClaimedBy(officer.to_string()), statuses)
}

/// Snoozed inquiries no one holds whose snooze `officer` set: a promise to
/// call back is theirs, claimed or not.
fn snoozed_unclaimed_by(queue: &dyn QueueService, officer: &str) -> QueueResult<Vec<Inquiry>> {
    let mut out = Vec::new();
    for inq in listed(queue, Facet::All, &[Status::Snoozed])? {
        if inq.claimed_by.is_some() {
            continue;
        }
        let history = queue.get(inq.id)?.history;
        let snoozer = history.iter().rev().find(|e| e.what == "snooze");
        if snoozer.is_some_and(|e| e.officer == officer) {
            out.push(inq);
        }
    }
    Ok(out)
}

/// Every inquiry of `facet` in `statuses`, page by page.
fn listed(
    queue: &dyn QueueService,
    facet: Facet,
    statuses: &[Status],
) -> QueueResult<Vec<Inquiry>> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = queue.list(&ViewQuery {
            facet: facet.clone(),
            statuses: statuses.to_vec(),
            after,
            limit: 500,
        })?;
        let Some(last) = page.last() else { break };
        after = Some(QueuePosWire::of(last));
        out.extend(page);
    }
    Ok(out)
}

/// What `officer` leaves for the next shift.
pub fn digest(queue: &dyn QueueService, officer: &str, now: Timestamp) -> QueueResult<ShiftDigest> {
    let held = claimed(queue, officer, &Status::OPEN)?;
    let mut snoozed = claimed(queue, officer, &[Status::Snoozed])?;
    snoozed.extend(snoozed_unclaimed_by(queue, officer)?);
    snoozed.sort_by_key(|i| i.snoozed_until);
    let ids: Vec<InquiryId> = held.iter().chain(&snoozed).map(|i| i.id).collect();
    let replies = queue
        .outbox(0)?
        .open
        .into_iter()
        .filter(|r| r.officer == officer || ids.contains(&r.inquiry))
        .collect();
    let escalations = queue
        .escalations(0)?
        .open
        .into_iter()
        .filter(|e| e.ack.is_none() && (e.officer == officer || ids.contains(&e.inquiry)))
        .collect();
    let notes = held
        .iter()
        .chain(&snoozed)
        .flat_map(|i| {
            i.notes
                .iter()
                .filter(|n| n.officer == officer)
                .map(move |n| (i.id, n.clone()))
        })
        .collect();
    Ok(ShiftDigest {
        officer: officer.to_string(),
        at: now,
        held,
        snoozed,
        replies,
        escalations,
        notes,
    })
}

/// What a handover did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handover {
    pub taken: Vec<InquiryId>,
    /// Not taken, and why (someone else took it meanwhile).
    pub refused: Vec<(InquiryId, String)>,
}

/// The incoming officer takes over everything `from` holds.
pub fn accept(queue: &dyn QueueService, from: &str, officer: &str) -> QueueResult<Handover> {
    let mut statuses = Status::OPEN.to_vec();
    statuses.push(Status::Snoozed);
    let mut taken = Vec::new();
    let mut refused = Vec::new();
    for inq in claimed(queue, from, &statuses)? {
        let change = Change::Handover {
            from: from.to_string(),
        };
        match queue.apply(inq.id, &change, officer) {
            Ok(_) => taken.push(inq.id),
            Err(e) => refused.push((inq.id, e.to_string())),
        }
    }
    Ok(Handover { taken, refused })
}

fn when(t: Timestamp) -> String {
    crate::model::zone::date_time(t)
}

fn line_of(i: &Inquiry, lang: Lang) -> String {
    format!(
        "#{} {} {} @{} [{}]: {}",
        i.id,
        i.priority,
        sanitize_line(&i.category, 20),
        sanitize_line(&i.author.handle, 30),
        lang.member("status", i.status.as_str()),
        sanitize_line(
            &crate::triage::mask::for_display_in(lang, i, &i.text, false, &[]),
            90
        )
    )
}

impl ShiftDigest {
    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
            && self.snoozed.is_empty()
            && self.replies.is_empty()
            && self.escalations.is_empty()
    }

    /// Markdown for the shift log (also the plain-text form), in `lang`.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        let officer = sanitize_line(&self.officer, 40);
        let _ = writeln!(
            out,
            "# {}\n",
            tr!(
                lang,
                "shift-heading",
                officer = &officer,
                time = when(self.at)
            )
        );
        let none = format!("- {}", tr!(lang, "shift-none"));
        for (k, (heading, lines)) in self.sections(lang).into_iter().enumerate() {
            let lead = if k == 0 { "" } else { "\n" };
            let _ = writeln!(out, "{lead}## {heading}\n");
            for line in &lines {
                let _ = writeln!(out, "- {line}");
            }
            if lines.is_empty() {
                let _ = writeln!(out, "{none}");
            }
        }
        let _ = writeln!(
            out,
            "\n{}",
            tr!(lang, "shift-accept-hint", officer = &officer)
        );
        out
    }

    /// The digest's sections in order, each a heading and its lines:
    /// held, escalations, replies, snoozed, notes.
    fn sections(&self, lang: Lang) -> [(String, Vec<String>); 5] {
        let held = self.held.iter().map(|i| line_of(i, lang)).collect();
        let escalations = self
            .escalations
            .iter()
            .map(|e| self.escalation_line(e, lang))
            .collect();
        let replies = self
            .replies
            .iter()
            .map(|r| {
                let summary = sanitize_line(&r.summary_in(lang), 120);
                format!("{} #{}: {summary}", r.id, r.inquiry)
            })
            .collect();
        let snoozed = self
            .snoozed
            .iter()
            .map(|i| {
                let until = i.snoozed_until.map(when).unwrap_or_default();
                tr!(
                    lang,
                    "shift-snoozed-until",
                    until = until,
                    line = line_of(i, lang)
                )
            })
            .collect();
        let notes = self
            .notes
            .iter()
            .map(|(id, n)| {
                let text = crate::triage::privacy::mask_personal(&n.text, &[]);
                format!("#{id} {}: {}", when(n.at), sanitize_line(&text, 200))
            })
            .collect();
        [
            (tr!(lang, "shift-held", count = self.held.len()), held),
            (
                tr!(lang, "shift-escalations", count = self.escalations.len()),
                escalations,
            ),
            (
                tr!(lang, "shift-replies", count = self.replies.len()),
                replies,
            ),
            (
                tr!(lang, "shift-snoozed", count = self.snoozed.len()),
                snoozed,
            ),
            (tr!(lang, "shift-notes", count = self.notes.len()), notes),
        ]
    }

    /// One escalation: where it went, how severe, when due (and whether
    /// overdue), its summary masked.
    fn escalation_line(&self, e: &Escalation, lang: Lang) -> String {
        let overdue = if self.at >= e.deadline {
            format!(" {}", tr!(lang, "shift-overdue"))
        } else {
            String::new()
        };
        let summary = crate::triage::privacy::mask_personal(&e.summary, &[]);
        tr!(
            lang,
            "shift-escalation",
            id = e.id.to_string(),
            inquiry = e.inquiry.to_string(),
            mission = sanitize_line(&e.mission_name, 40),
            severity = e.severity.to_string(),
            due = when(e.deadline),
            overdue = overdue,
            summary = sanitize_line(&summary, 90)
        )
    }
}
