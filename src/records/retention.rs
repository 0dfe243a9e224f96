//! How long personal content is kept, and what a purge would erase. A
//! closed inquiry keeps its content for its category's period after it was
//! closed; then `siaga purge` (and the daemon, daily) erases it, leaving a
//! content-free statistical record. Legal holds are never purged.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::model::{Event, Inquiry, InquiryId, Status};

/// `[retention]` in the config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionConfig {
    /// Days a closed inquiry's personal content is kept, unless its
    /// category says otherwise.
    pub default_days: u64,
    /// category -> days.
    pub categories: BTreeMap<String, u64>,
    /// Whether `siaga serve` purges once a day by itself.
    pub daily_purge: bool,
    /// How often `siaga serve` asks the platforms which posts of open
    /// inquiries were deleted (0: never).
    pub check_deleted_minutes: u64,
}

impl RetentionConfig {
    pub fn days_for(&self, category: &str) -> u64 {
        self.categories
            .get(category)
            .copied()
            .unwrap_or(self.default_days)
    }
}

/// One inquiry a purge erases (or, in a dry run, would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub id: InquiryId,
    pub category: String,
    pub closed_at: Timestamp,
    pub days: u64,
}

/// What a purge did or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeReport {
    pub dry_run: bool,
    /// Erased (or due, in a dry run).
    pub due: Vec<Due>,
    /// Past their period but kept, and why (legal hold, in flight).
    pub kept: Vec<(InquiryId, crate::i18n::Said)>,
    /// Erasures that failed, and why.
    pub failed: Vec<(InquiryId, String)>,
    /// Whether what was erased has left the store's files.
    #[serde(default)]
    pub files: super::erase::Scrub,
}

/// When the inquiry was last closed, from its history: the latest change
/// that closed it and after which it stayed closed (a `status` change, or
/// an `undo` that put it back to closed). Its latest change if the history
/// never says.
pub fn closed_at(inq: &Inquiry, history: &[Event]) -> Timestamp {
    let mut closed_since = None;
    for e in history {
        let closes = match e.what.as_str() {
            "status" => e.after.as_deref() == Some(Status::Closed.as_str()),
            // An undo's after reads "<status> <priority> <holder>".
            "undo" => {
                e.after.as_deref().and_then(|a| a.split_whitespace().next())
                    == Some(Status::Closed.as_str())
            }
            _ => continue,
        };
        if !closes {
            closed_since = None;
        } else if closed_since.is_none() {
            closed_since = Some(e.at);
        }
    }
    closed_since
        .or(history.last().map(|e| e.at))
        .unwrap_or(inq.received_at)
}

/// Whether a closed inquiry's content is past its period at `now`.
pub fn due(
    inq: &Inquiry,
    history: &[Event],
    config: &RetentionConfig,
    now: Timestamp,
) -> Option<Due> {
    if inq.status != Status::Closed || inq.erased.is_some() {
        return None;
    }
    let days = config.days_for(&inq.category);
    let closed = closed_at(inq, history);
    let period = SignedDuration::from_hours(24 * days as i64);
    (now.duration_since(closed) >= period).then(|| Due {
        id: inq.id,
        category: inq.category.clone(),
        closed_at: closed,
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_override_the_default() {
        let mut c = RetentionConfig {
            default_days: 365,
            ..Default::default()
        };
        c.categories.insert("not_protection".into(), 30);
        assert_eq!(c.days_for("not_protection"), 30);
        assert_eq!(c.days_for("trafficking"), 365);
    }
}
