//! The records duties as requests: data-subject requests, purges, the
//! audit, exports, reports, backups and checks. The CLI sends the same
//! `Request` to its own queue or, on a shared host, to `siaga serve`, which
//! decides with the caller's role (`Clearance`) what they may do.

use std::path::PathBuf;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::erase::Scrub;
use super::export::{ExportPage, ExportQuery, row};
use super::report::Stats;
use super::retention::{self, PurgeReport, RetentionConfig};
use crate::escalate::EscalationId;
use crate::i18n::Said;
use crate::model::{Inquiry, InquiryId, Mark};
use crate::queue::{Change, LocalQueue, QueueResult, QueueService};
use crate::reply::{ReplyId, ReplyState};
use crate::store::chain::AuditReport;
use crate::store::{BackupReport, CheckReport, StoreError};

/// A records duty asked of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    SubjectFind {
        handle: String,
    },
    SubjectErase {
        handle: String,
        reason: String,
    },
    SubjectRestrict {
        handle: String,
        reason: String,
        lift: bool,
    },
    Purge {
        dry_run: bool,
    },
    AuditVerify,
    Export {
        query: ExportQuery,
    },
    Report {
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    },
    Backup {
        path: PathBuf,
    },
    Check {
        repair: bool,
    },
}

impl Request {
    /// What a supervisor's clearance is needed for, if this request needs
    /// it (the words finish "only a supervisor may ...", in the reader's
    /// language: `refused-supervisor-only`).
    pub fn needs_full(&self) -> Option<Said> {
        match self {
            Request::SubjectErase { .. } => Some(crate::said!("supervisor-may-erase")),
            Request::SubjectRestrict { .. } => Some(crate::said!("supervisor-may-restrict")),
            Request::Purge { dry_run: false } => Some(crate::said!("supervisor-may-purge")),
            Request::Export { query } if query.unredacted => {
                Some(crate::said!("supervisor-may-export"))
            }
            Request::Backup { .. } => Some(crate::said!("supervisor-may-backup")),
            Request::Check { repair: true } => Some(crate::said!("supervisor-may-repair")),
            _ => None,
        }
    }
}

/// What a request gave back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Subject(SubjectReport),
    Purge(PurgeReport),
    Audit(AuditReport),
    Export(ExportPage),
    Report(Box<Stats>),
    Backup(BackupReport),
    Check(CheckReport),
}

/// Who asks: a supervisor (or the one user of an embedded desk) may do
/// everything; an officer may look, export redacted and check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clearance {
    Full,
    Officer,
}

/// What the desk holds about one person, and what a request did to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubjectReport {
    pub handle: String,
    pub restriction: Option<Mark>,
    /// Inquiries they wrote.
    pub inquiries: Vec<SubjectItem>,
    /// Other people's inquiries naming them (`@handle`): not theirs to
    /// erase, listed so the officer can judge.
    pub mentioned_in: Vec<InquiryId>,
    /// Inquiries erased or restricted by this request.
    pub done: Vec<InquiryId>,
    /// Inquiries left as they were, and why.
    pub kept: Vec<(InquiryId, crate::i18n::Said)>,
    /// Whether what was erased has left the store's files.
    #[serde(default)]
    pub files: Scrub,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectItem {
    pub id: InquiryId,
    pub source: String,
    pub channel: String,
    pub received_at: Timestamp,
    pub status: String,
    pub category: String,
    pub text: String,
    pub followups: Vec<String>,
    pub notes: usize,
    pub replies: Vec<(ReplyId, ReplyState, String)>,
    pub escalations: Vec<(EscalationId, String)>,
    pub legal_hold: Option<Mark>,
    pub restricted: bool,
    pub erased: bool,
}

/// What the desk needs to know to serve requests.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub retention: RetentionConfig,
    /// Numbers that are the desk's own (never masked).
    pub public_numbers: Vec<String>,
}

/// Serve one request on `queue` for `officer`.
pub fn serve(
    queue: &LocalQueue,
    officer: &str,
    clearance: Clearance,
    context: &Context,
    request: Request,
) -> QueueResult<Answer> {
    if let (Clearance::Officer, Some(what)) = (clearance, request.needs_full()) {
        return Err(StoreError::Refused(crate::said!(
            "refused-supervisor-only",
            what = what
        )));
    }
    match request {
        Request::SubjectFind { handle } => subject_find(queue, &handle).map(Answer::Subject),
        Request::SubjectErase { handle, reason } => {
            subject_erase(queue, officer, &handle, &reason).map(Answer::Subject)
        }
        Request::SubjectRestrict {
            handle,
            reason,
            lift,
        } => subject_restrict(queue, officer, &handle, &reason, lift).map(Answer::Subject),
        Request::Purge { dry_run } => purge(
            queue,
            officer,
            &context.retention,
            dry_run,
            Timestamp::now(),
        )
        .map(Answer::Purge),
        Request::AuditVerify => Ok(Answer::Audit(queue.store().verify_chain()?)),
        Request::Export { query } => export(queue, officer, context, &query).map(Answer::Export),
        Request::Report { from, to } => {
            report(queue, from, to).map(|s| Answer::Report(Box::new(s)))
        }
        Request::Backup { path } => {
            if !path.is_absolute() {
                return Err(StoreError::Refused(crate::said!(
                    "refused-backup-absolute",
                    path = path.display().to_string()
                )));
            }
            Ok(Answer::Backup(queue.store().backup(&path)?))
        }
        Request::Check { repair } => Ok(Answer::Check(queue.store().check(repair)?)),
    }
}

fn mentions(text: &str, handle: &str) -> bool {
    let needle = format!("@{}", crate::store::normalize_handle(handle));
    let lower = text.to_lowercase();
    lower.match_indices(&needle).any(|(i, m)| {
        !lower[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Everything held about `handle`.
pub fn subject_find(queue: &LocalQueue, handle: &str) -> QueueResult<SubjectReport> {
    if crate::store::normalize_handle(handle).is_empty() {
        return Err(StoreError::Refused(crate::said!("refused-give-handle")));
    }
    let store = queue.store();
    let mut report = SubjectReport {
        handle: crate::store::normalize_handle(handle),
        restriction: store.subject_restriction(handle)?,
        ..Default::default()
    };
    // One pass: what they wrote, and what others wrote naming them.
    for inq in store.scan() {
        let inq = inq?;
        if crate::store::is_author(&inq, handle) {
            report.inquiries.push(item(queue, &inq)?);
        } else if mentions(&inq.text, handle)
            || inq.followups.iter().any(|f| mentions(&f.text, handle))
        {
            report.mentioned_in.push(inq.id);
        }
    }
    Ok(report)
}

fn item(queue: &LocalQueue, inq: &Inquiry) -> QueueResult<SubjectItem> {
    let store = queue.store();
    Ok(SubjectItem {
        id: inq.id,
        source: inq.source.clone(),
        channel: inq.channel.as_str().into(),
        received_at: inq.received_at,
        status: inq.status.to_string(),
        category: inq.category.clone(),
        text: inq.text.clone(),
        followups: inq.followups.iter().map(|f| f.text.clone()).collect(),
        notes: inq.notes.len(),
        replies: store
            .replies_of(inq)?
            .into_iter()
            .map(|r| (r.id, r.state, r.text))
            .collect(),
        escalations: store
            .escalations_of(inq)?
            .into_iter()
            .map(|e| (e.id, e.mission_name))
            .collect(),
        legal_hold: inq.legal_hold.clone(),
        restricted: inq.restricted.is_some(),
        erased: inq.erased.is_some(),
    })
}

fn subject_erase(
    queue: &LocalQueue,
    officer: &str,
    handle: &str,
    reason: &str,
) -> QueueResult<SubjectReport> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!(
            "refused-say-how-request-example"
        )));
    }
    let mut report = subject_find(queue, handle)?;
    let why = format!("data-subject request: {}", reason.trim());
    for item in &report.inquiries {
        if item.erased {
            continue;
        }
        match queue.erase(item.id, officer, &why) {
            Ok(_) => report.done.push(item.id),
            Err(e) => report.kept.push((item.id, e.said())),
        }
    }
    if !report.done.is_empty() {
        report.files = scrub(queue);
    }
    Ok(report)
}

/// Rewrite the store so that what was just erased leaves its files.
fn scrub(queue: &LocalQueue) -> Scrub {
    match queue.rewrite_erased() {
        Ok(crate::store::Rewrite::Done) => Scrub::Rewritten,
        Ok(crate::store::Rewrite::Pending) => Scrub::Pending,
        Err(e) => {
            tracing::error!("rewriting the store after an erasure failed: {e}");
            Scrub::Failed(e.to_string())
        }
    }
}

fn subject_restrict(
    queue: &LocalQueue,
    officer: &str,
    handle: &str,
    reason: &str,
    lift: bool,
) -> QueueResult<SubjectReport> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!("refused-say-how-request")));
    }
    let store = queue.store();
    if lift {
        store.lift_subject(handle)?;
    } else {
        store.restrict_subject(
            handle,
            &Mark {
                at: Timestamp::now(),
                by: officer.to_string(),
                reason: reason.trim().to_string(),
            },
        )?;
    }
    let mut report = subject_find(queue, handle)?;
    let change = if lift {
        Change::Unrestrict {
            reason: reason.into(),
        }
    } else {
        Change::Restrict {
            reason: reason.into(),
        }
    };
    for item in &report.inquiries {
        if item.erased || item.restricted != lift {
            continue;
        }
        match queue.apply(item.id, &change, officer) {
            Ok(_) => report.done.push(item.id),
            Err(e) => report.kept.push((item.id, e.said())),
        }
    }
    Ok(report)
}

/// Erase every closed inquiry past its retention period (or list them),
/// then rewrite the store so that what was erased leaves its files.
pub fn purge(
    queue: &LocalQueue,
    officer: &str,
    config: &RetentionConfig,
    dry_run: bool,
    now: Timestamp,
) -> QueueResult<PurgeReport> {
    let mut report = purge_due(queue, officer, config, dry_run, now)?;
    if !dry_run && !report.due.is_empty() {
        report.files = scrub(queue);
    }
    Ok(report)
}

fn purge_due(
    queue: &LocalQueue,
    officer: &str,
    config: &RetentionConfig,
    dry_run: bool,
    now: Timestamp,
) -> QueueResult<PurgeReport> {
    let store = queue.store();
    let mut report = PurgeReport {
        dry_run,
        ..Default::default()
    };
    for inq in store.list(&[crate::model::Status::Closed], None, usize::MAX)? {
        if inq.erased.is_some() {
            continue;
        }
        let history = store.history(inq.id)?;
        let Some(due) = retention::due(&inq, &history, config, now) else {
            continue;
        };
        if let Some(why) = super::erase::blocker(&inq) {
            report.kept.push((inq.id, why.said()));
            continue;
        }
        if dry_run {
            report.due.push(due);
            continue;
        }
        let why = format!(
            "retention: {} days after closing ({})",
            due.days, due.category
        );
        match queue.erase(inq.id, officer, &why) {
            Ok(_) => report.due.push(due),
            Err(e) => report.failed.push((inq.id, e.to_string())),
        }
    }
    Ok(report)
}

fn export(
    queue: &LocalQueue,
    officer: &str,
    context: &Context,
    query: &ExportQuery,
) -> QueueResult<ExportPage> {
    let store = queue.store();
    let allowed: Vec<&str> = context.public_numbers.iter().map(String::as_str).collect();
    let limit = query.limit.clamp(1, 5_000);
    let pseudonyms = store.pseudonyms()?;
    let mut page = ExportPage::default();
    for inq in store.scan_after(query.after) {
        let inq = inq?;
        if page.rows.len() == limit {
            page.next = page.rows.last().map(|r| InquiryId(r.id));
            break;
        }
        if !query.covers(&inq) {
            continue;
        }
        page.rows.push(row(
            &inq,
            query.unredacted,
            &pseudonyms.of(&inq.author.handle),
            &allowed,
        ));
        if query.unredacted {
            queue.apply(
                inq.id,
                &Change::Exported {
                    how: "unredacted export".into(),
                },
                officer,
            )?;
        }
    }
    Ok(page)
}

fn report(
    queue: &LocalQueue,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> QueueResult<Stats> {
    let store = queue.store();
    let mut stats = Stats {
        from,
        to,
        ..Default::default()
    };
    for inq in store.scan() {
        let inq = inq?;
        if from.is_some_and(|f| inq.received_at < f) || to.is_some_and(|t| inq.received_at >= t) {
            continue;
        }
        let replies = if inq.replies.is_empty() {
            Vec::new()
        } else {
            store.replies_of(&inq)?
        };
        let escalations = if inq.escalations.is_empty() {
            Vec::new()
        } else {
            store.escalations_of(&inq)?
        };
        stats.add(&inq, &replies, &escalations);
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_match_whole_handles() {
        assert!(mentions("tolong @Budi_99 ya", "budi_99"));
        assert!(mentions("cc @budi_99.", "@BUDI_99"));
        assert!(!mentions("cc @budi_990", "budi_99"));
        assert!(!mentions("budi_99 tanpa at", "budi_99"));
    }
}
