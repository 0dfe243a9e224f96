//! The changes that are about the record more than the case: a legal
//! hold, a restriction at the person's request, a post deleted on its
//! platform. Each needs a reason (who asked, why), kept with who set it,
//! and is what erasure and retention read before they act.

use jiff::Timestamp;

use crate::model::Inquiry;
use crate::store::{FieldChange, StoreError};

fn mark(officer: &str, reason: &str, now: Timestamp) -> Result<crate::model::Mark, StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!("refused-say-why")));
    }
    Ok(crate::model::Mark {
        at: now,
        by: officer.to_string(),
        reason: reason.trim().to_string(),
    })
}

pub(super) fn hold(
    inq: &mut Inquiry,
    officer: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Vec<FieldChange>, StoreError> {
    let mark = mark(officer, reason, now)?;
    if inq.erased.is_some() {
        return Err(StoreError::Refused(crate::said!(
            "refused-hold-erased",
            id = inq.id.to_string()
        )));
    }
    let before = inq.legal_hold.replace(mark).map(|m| m.reason);
    Ok(vec![FieldChange::new(
        "legal_hold",
        before,
        Some(reason.trim().to_string()),
    )])
}

pub(super) fn release_hold(
    inq: &mut Inquiry,
    reason: &str,
) -> Result<Vec<FieldChange>, StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!(
            "refused-say-why-hold-ends"
        )));
    }
    match inq.legal_hold.take() {
        Some(old) => Ok(vec![FieldChange::new(
            "legal_hold",
            Some(old.reason),
            Some(format!("released: {}", reason.trim())),
        )]),
        None => Err(StoreError::Refused(crate::said!(
            "refused-not-on-hold",
            id = inq.id.to_string()
        ))),
    }
}

pub(super) fn restrict(
    inq: &mut Inquiry,
    officer: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Vec<FieldChange>, StoreError> {
    let mark = mark(officer, reason, now)?;
    if inq.restricted.is_some() {
        return Ok(Vec::new());
    }
    inq.restricted = Some(mark);
    Ok(vec![FieldChange::new(
        "restrict",
        None,
        Some(reason.trim().to_string()),
    )])
}

pub(super) fn unrestrict(inq: &mut Inquiry, reason: &str) -> Result<Vec<FieldChange>, StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!(
            "refused-say-why-restriction-ends"
        )));
    }
    Ok(inq
        .restricted
        .take()
        .map(|old| {
            vec![FieldChange::new(
                "restrict",
                Some(old.reason),
                Some(format!("lifted: {}", reason.trim())),
            )]
        })
        .unwrap_or_default())
}

pub(super) fn deleted_on_platform(inq: &mut Inquiry, at: Timestamp) -> Vec<FieldChange> {
    if inq.deleted_on_platform.is_some() {
        return Vec::new();
    }
    inq.deleted_on_platform = Some(at);
    let kept = if inq.escalations.is_empty() {
        "text hidden"
    } else {
        "already escalated: text kept visible"
    };
    vec![FieldChange::new(
        "deleted_on_platform",
        None,
        Some(format!("{} ({kept})", inq.external_id)),
    )]
}
