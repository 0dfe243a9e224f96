//! `siaga groups`: the groups of near-identical pleas (#16), with their
//! size, label, places and urgency, for the officer and (`--json`) for a
//! script. Labels are the pleas' own words: sanitized like any outside
//! text.

use std::process::ExitCode;

use anyhow::Result;

use crate::i18n::Lang;
use crate::model::GroupSummary;
use crate::model::zone::{clock_zoned, date, date_time};
use crate::queue::QueueService;
use crate::tr;
use crate::triage::sanitize_line;

/// Every group, oldest first: one JSON object a line, or a line each.
pub(super) fn list(queue: &dyn QueueService, json: bool, lang: Lang) -> Result<ExitCode> {
    let groups = queue.groups()?;
    if json {
        for group in &groups {
            say!("{}", serde_json::to_string(group)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if groups.is_empty() {
        say!("{}", tr!(lang, "cli-no-groups"));
    }
    for group in &groups {
        say!("{}", row(group, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// "g3  ×14  P1  evakuasi · keluarga · Khartoum  (12 open, newest 14:05 WIB)"
fn row(group: &GroupSummary, lang: Lang) -> String {
    let today = date(jiff::Timestamp::now()) == date(group.newest_at);
    let newest = if today {
        clock_zoned(group.newest_at)
    } else {
        date_time(group.newest_at)
    };
    tr!(
        lang,
        "cli-group-row",
        id = group.id.to_string(),
        size = group.members.len().to_string(),
        priority = group.priority.to_string(),
        label = sanitize_line(&group.label, 48),
        open = group.open.to_string(),
        newest = newest
    )
}
