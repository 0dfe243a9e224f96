//! The changes an officer can make to an inquiry, as data: the TUI keys and
//! the CLI verbs build the same `Change`, so both do exactly the same thing.
//! Those about the record more than the case (a legal hold, a restriction,
//! a post deleted on its platform) are in `records`.

mod records;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{DeskState, Inquiry, Priority, Status};
use crate::store::{FieldChange, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Take the inquiry. `take_over` confirms taking it from a colleague.
    Claim {
        take_over: bool,
    },
    Release,
    Close {
        reason: String,
    },
    Reopen,
    Tag {
        tag: String,
    },
    Untag {
        tag: String,
    },
    Note {
        text: String,
    },
    SetPriority {
        priority: Priority,
    },
    SetCategory {
        category: String,
    },
    /// Take the learned model's suggestion kept on the inquiry (#19): its
    /// priority, category and tags, set by the officer's hand. The desk
    /// reads the suggestion from its own record, never from the client.
    AcceptLearned,
    /// Put aside until a time; it comes back to the inbox then.
    Snooze {
        until: Timestamp,
    },
    /// Back from a snooze (its time came, or an officer woke it).
    Wake,
    /// A supervisor gives the inquiry to `to` (recorded).
    Assign {
        to: String,
    },
    /// Shift handover: the incoming officer takes the inquiry from `from`,
    /// who held it (refused if someone else holds it by now).
    Handover {
        from: String,
    },
    /// Undo: put the officer-set fields back to `to`, only if they are
    /// still as `expect` (what the undone change left), so an undo never
    /// overwrites a colleague's later change.
    Restore {
        expect: Box<DeskState>,
        to: Box<DeskState>,
    },
    /// The officer looked at what is masked or hidden (`what` says which:
    /// the personal numbers, a restricted or deleted text). Recorded only.
    Reveal {
        what: String,
    },
    /// Keep it beyond retention and never erase it (a legal case).
    Hold {
        reason: String,
    },
    /// End a legal hold.
    ReleaseHold {
        reason: String,
    },
    /// The person asked that their data be kept but not used.
    Restrict {
        reason: String,
    },
    /// End a restriction.
    Unrestrict {
        reason: String,
    },
    /// The platform says the post was deleted (at `at`, when we learned).
    DeletedOnPlatform {
        at: Timestamp,
    },
    /// It left the desk unredacted, in an export (`how` says which).
    Exported {
        how: String,
    },
}

impl Change {
    /// Apply to `inq` on behalf of `officer`, returning what changed for the
    /// history, or refusing with a reason the officer can act on.
    pub fn apply(
        &self,
        inq: &mut Inquiry,
        officer: &str,
        now: Timestamp,
    ) -> Result<Vec<FieldChange>, StoreError> {
        match self {
            Change::Claim { take_over } => claim(inq, officer, *take_over, now),
            Change::Release => release(inq, officer),
            Change::Close { reason } => close(inq, reason),
            Change::Reopen => Ok(reopen(inq)),
            Change::Tag { tag } => Ok(tag_add(inq, tag)),
            Change::Untag { tag } => Ok(tag_remove(inq, tag)),
            Change::Note { text } => Ok(note(inq, officer, text, now)),
            Change::SetPriority { priority } => Ok(set_priority(inq, *priority, officer)),
            Change::SetCategory { category } => Ok(set_category(inq, category, officer)),
            Change::AcceptLearned => accept_learned(inq, officer),
            Change::Snooze { until } => snooze(inq, *until, now),
            Change::Wake => Ok(wake(inq)),
            Change::Assign { to } => assign(inq, to, now),
            Change::Handover { from } => handover(inq, from, officer, now),
            Change::Restore { expect, to } => restore(inq, expect, to),
            Change::Reveal { what } => {
                Ok(vec![FieldChange::new("reveal", None, Some(what.clone()))])
            }
            Change::Hold { reason } => records::hold(inq, officer, reason, now),
            Change::ReleaseHold { reason } => records::release_hold(inq, reason),
            Change::Restrict { reason } => records::restrict(inq, officer, reason, now),
            Change::Unrestrict { reason } => records::unrestrict(inq, reason),
            Change::DeletedOnPlatform { at } => Ok(records::deleted_on_platform(inq, *at)),
            Change::Exported { how } => {
                Ok(vec![FieldChange::new("exported", None, Some(how.clone()))])
            }
        }
    }
}

fn status_change(inq: &mut Inquiry, to: Status) -> Option<FieldChange> {
    (inq.status != to).then(|| {
        let from = std::mem::replace(&mut inq.status, to);
        FieldChange::new("status", Some(from.to_string()), Some(to.to_string()))
    })
}

fn claim(
    inq: &mut Inquiry,
    officer: &str,
    take_over: bool,
    now: Timestamp,
) -> Result<Vec<FieldChange>, StoreError> {
    if let Some(holder) = inq.claimed_by.as_deref() {
        if holder == officer {
            return Ok(Vec::new());
        }
        if !take_over {
            return Err(StoreError::ClaimedBy {
                id: inq.id,
                holder: holder.to_string(),
                since: inq.claimed_at,
            });
        }
    }
    if inq.status == Status::Closed {
        return Err(StoreError::Refused(crate::said!(
            "refused-closed-reopen",
            id = inq.id.to_string()
        )));
    }
    let before = inq.claimed_by.replace(officer.to_string());
    inq.claimed_at = Some(now);
    let mut changes = vec![FieldChange::new("claim", before, Some(officer.to_string()))];
    if inq.status == Status::New {
        changes.extend(status_change(inq, Status::Claimed));
    }
    Ok(changes)
}

fn release(inq: &mut Inquiry, officer: &str) -> Result<Vec<FieldChange>, StoreError> {
    match inq.claimed_by.as_deref() {
        None => return Ok(Vec::new()),
        Some(holder) if holder != officer => {
            return Err(StoreError::Refused(crate::said!(
                "refused-release-claimed",
                id = inq.id.to_string(),
                holder = holder
            )));
        }
        Some(_) => {}
    }
    let before = inq.claimed_by.take();
    inq.claimed_at = None;
    let mut changes = vec![FieldChange::new("claim", before, None)];
    if inq.status == Status::Claimed {
        changes.extend(status_change(inq, Status::New));
    }
    Ok(changes)
}

fn close(inq: &mut Inquiry, reason: &str) -> Result<Vec<FieldChange>, StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::Refused(crate::said!("refused-close-reason")));
    }
    let mut changes: Vec<FieldChange> = status_change(inq, Status::Closed).into_iter().collect();
    if !changes.is_empty() {
        changes.push(FieldChange::new(
            "close_reason",
            None,
            Some(reason.to_string()),
        ));
    }
    Ok(changes)
}

fn reopen(inq: &mut Inquiry) -> Vec<FieldChange> {
    if !matches!(inq.status, Status::Closed | Status::Snoozed) {
        return Vec::new();
    }
    let to = if inq.claimed_by.is_some() {
        Status::Claimed
    } else {
        Status::New
    };
    status_change(inq, to).into_iter().collect()
}

fn tag_add(inq: &mut Inquiry, tag: &str) -> Vec<FieldChange> {
    let tag = tag.trim();
    if tag.is_empty() || inq.tags.iter().any(|t| t == tag) {
        return Vec::new();
    }
    inq.tags.push(tag.to_string());
    vec![FieldChange::new("tag", None, Some(tag.to_string()))]
}

fn tag_remove(inq: &mut Inquiry, tag: &str) -> Vec<FieldChange> {
    let tag = tag.trim();
    let before = inq.tags.len();
    inq.tags.retain(|t| t != tag);
    if inq.tags.len() == before {
        return Vec::new();
    }
    vec![FieldChange::new("tag", Some(tag.to_string()), None)]
}

fn note(inq: &mut Inquiry, officer: &str, text: &str, now: Timestamp) -> Vec<FieldChange> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    inq.notes.push(crate::model::Note {
        at: now,
        officer: officer.to_string(),
        text: text.to_string(),
    });
    vec![FieldChange::new("note", None, Some(text.to_string()))]
}

fn set_priority(inq: &mut Inquiry, priority: Priority, officer: &str) -> Vec<FieldChange> {
    if inq.priority == priority && inq.priority_set_by.is_some() {
        return Vec::new();
    }
    inq.priority_set_by = Some(officer.to_string());
    let before = std::mem::replace(&mut inq.priority, priority);
    vec![FieldChange::new(
        "priority",
        Some(before.to_string()),
        Some(priority.to_string()),
    )]
}

fn set_category(inq: &mut Inquiry, category: &str, officer: &str) -> Vec<FieldChange> {
    let category = category.trim();
    if category.is_empty() || (inq.category == category && inq.category_set_by.is_some()) {
        return Vec::new();
    }
    inq.category_set_by = Some(officer.to_string());
    let before = std::mem::replace(&mut inq.category, category.to_string());
    vec![FieldChange::new(
        "category",
        Some(before),
        Some(category.to_string()),
    )]
}

fn accept_learned(inq: &mut Inquiry, officer: &str) -> Result<Vec<FieldChange>, StoreError> {
    let Some(learned) = inq.learned.clone() else {
        return Err(StoreError::Refused(crate::said!(
            "refused-no-learned",
            id = inq.id.to_string()
        )));
    };
    let mut changes = set_priority(inq, learned.priority, officer);
    if let Some(category) = &learned.category {
        changes.extend(set_category(inq, category, officer));
    }
    for tag in &learned.tags {
        changes.extend(tag_add(inq, tag));
    }
    Ok(changes)
}

fn snooze(
    inq: &mut Inquiry,
    until: Timestamp,
    now: Timestamp,
) -> Result<Vec<FieldChange>, StoreError> {
    if until <= now {
        return Err(StoreError::Refused(crate::said!("refused-snooze-past")));
    }
    if inq.status == Status::Closed {
        return Err(StoreError::Refused(crate::said!(
            "refused-closed",
            id = inq.id.to_string()
        )));
    }
    let before = inq.snoozed_until.replace(until);
    let mut changes = vec![FieldChange::new(
        "snooze",
        before.map(|t| t.to_string()),
        Some(until.to_string()),
    )];
    changes.extend(status_change(inq, Status::Snoozed));
    Ok(changes)
}

fn wake(inq: &mut Inquiry) -> Vec<FieldChange> {
    if inq.status != Status::Snoozed {
        return Vec::new();
    }
    let before = inq.snoozed_until.take();
    let to = if inq.claimed_by.is_some() {
        Status::Claimed
    } else {
        Status::New
    };
    let mut changes = vec![FieldChange::new(
        "snooze",
        before.map(|t| t.to_string()),
        None,
    )];
    changes.extend(status_change(inq, to));
    changes
}

fn assign(inq: &mut Inquiry, to: &str, now: Timestamp) -> Result<Vec<FieldChange>, StoreError> {
    let to = to.trim();
    if to.is_empty() {
        return Err(StoreError::Refused(crate::said!("refused-assign-whom")));
    }
    if inq.status == Status::Closed {
        return Err(StoreError::Refused(crate::said!(
            "refused-closed",
            id = inq.id.to_string()
        )));
    }
    if inq.claimed_by.as_deref() == Some(to) {
        return Ok(Vec::new());
    }
    let before = inq.claimed_by.replace(to.to_string());
    inq.claimed_at = Some(now);
    let mut changes = vec![FieldChange::new("assign", before, Some(to.to_string()))];
    if inq.status == Status::New {
        changes.extend(status_change(inq, Status::Claimed));
    }
    Ok(changes)
}

fn handover(
    inq: &mut Inquiry,
    from: &str,
    officer: &str,
    now: Timestamp,
) -> Result<Vec<FieldChange>, StoreError> {
    match inq.claimed_by.as_deref() {
        Some(holder) if holder == from => {}
        Some(holder) if holder == officer => return Ok(Vec::new()),
        holder => {
            return Err(StoreError::Refused(crate::said!(
                "refused-no-longer-held",
                id = inq.id.to_string(),
                from = from,
                now = holder.unwrap_or("nobody")
            )));
        }
    }
    inq.claimed_by = Some(officer.to_string());
    inq.claimed_at = Some(now);
    Ok(vec![FieldChange::new(
        "shift_handover",
        Some(from.to_string()),
        Some(officer.to_string()),
    )])
}

fn restore(
    inq: &mut Inquiry,
    expect: &DeskState,
    to: &DeskState,
) -> Result<Vec<FieldChange>, StoreError> {
    let now = DeskState::of(inq);
    if now != *expect {
        return Err(StoreError::Refused(crate::said!(
            "refused-changed-since",
            id = inq.id.to_string()
        )));
    }
    inq.status = to.status;
    inq.priority = to.priority;
    inq.category = to.category.clone();
    inq.tags = to.tags.clone();
    inq.claimed_by = to.claimed_by.clone();
    inq.claimed_at = to.claimed_at;
    inq.snoozed_until = to.snoozed_until;
    inq.priority_set_by = to.priority_set_by.clone();
    inq.category_set_by = to.category_set_by.clone();
    inq.notes.truncate(to.notes);
    let describe = |d: &DeskState| {
        format!(
            "{} {} {}",
            d.status,
            d.priority,
            d.claimed_by.as_deref().unwrap_or("-")
        )
    };
    Ok(vec![FieldChange::new(
        "undo",
        Some(describe(&now)),
        Some(describe(to)),
    )])
}
