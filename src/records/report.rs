//! The statistics report for a shift or a month: how many inquiries, of
//! what kind, through which channel, to which mission, and how fast the
//! desk answered and the missions acknowledged. Works on erased inquiries
//! too: the content-free record keeps exactly what this needs.

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::escalate::Escalation;
use crate::model::Inquiry;
use crate::reply::{Reply, ReplyState};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub total: u64,
    pub by_category: BTreeMap<String, u64>,
    pub by_priority: BTreeMap<String, u64>,
    pub by_channel: BTreeMap<String, u64>,
    pub by_status: BTreeMap<String, u64>,
    pub by_mission: BTreeMap<String, u64>,
    /// Seconds from receipt (when siaga fetched it) to the first reply
    /// sent, one per answered inquiry.
    pub first_reply_secs: Vec<i64>,
    /// Seconds from the citizen's own post to the first reply sent: what
    /// the citizen waited, the headline.
    #[serde(default)]
    pub first_reply_from_post_secs: Vec<i64>,
    /// Seconds from escalation to acknowledgement, one per acknowledged one.
    pub ack_secs: Vec<i64>,
}

impl Stats {
    /// Count one inquiry, with its replies and escalations.
    pub fn add(&mut self, inq: &Inquiry, replies: &[Reply], escalations: &[Escalation]) {
        self.total += 1;
        *self.by_category.entry(inq.category.clone()).or_default() += 1;
        *self
            .by_priority
            .entry(inq.priority.to_string())
            .or_default() += 1;
        *self
            .by_channel
            .entry(inq.channel.as_str().into())
            .or_default() += 1;
        *self.by_status.entry(inq.status.to_string()).or_default() += 1;
        for e in escalations {
            *self.by_mission.entry(e.mission_name.clone()).or_default() += 1;
            if let Some(ack) = &e.ack {
                self.ack_secs
                    .push(ack.at.duration_since(e.created_at).as_secs());
            }
        }
        if let Some(first) = replies
            .iter()
            .filter(|r| r.state == ReplyState::Sent)
            .filter_map(|r| r.finished_at)
            .min()
        {
            self.first_reply_secs
                .push(first.duration_since(inq.received_at).as_secs());
            self.first_reply_from_post_secs
                .push(first.duration_since(inq.created_at).as_secs());
        }
    }

    /// The report in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let when = |t: Option<Timestamp>| {
            t.map_or("…".to_string(), |t| {
                t.strftime("%Y-%m-%d %H:%M UTC").to_string()
            })
        };
        let _ = writeln!(
            out,
            "# siaga report: {} to {}\n",
            when(self.from),
            when(self.to)
        );
        let _ = writeln!(out, "Inquiries received: **{}**\n", self.total);
        let _ = writeln!(
            out,
            "- Median time to first reply, from the citizen's post: {} ({} answered)",
            median(&self.first_reply_from_post_secs),
            self.first_reply_from_post_secs.len()
        );
        let _ = writeln!(
            out,
            "  - from when siaga fetched it: {}",
            median(&self.first_reply_secs)
        );
        let _ = writeln!(
            out,
            "- Median time to acknowledgement by the mission: {} ({} acknowledged)\n",
            median(&self.ack_secs),
            self.ack_secs.len()
        );
        for (title, map) in [
            ("Category", &self.by_category),
            ("Priority", &self.by_priority),
            ("Channel", &self.by_channel),
            ("Status now", &self.by_status),
            ("Escalated to", &self.by_mission),
        ] {
            let _ = writeln!(
                out,
                "## By {}\n\n| {title} | Count |\n|---|---:|",
                title.to_lowercase()
            );
            if map.is_empty() {
                let _ = writeln!(out, "| (none) | 0 |");
            }
            for (k, n) in map {
                let _ = writeln!(out, "| {} | {n} |", k.replace('|', "/"));
            }
            let _ = writeln!(out);
        }
        out
    }
}

/// The median of durations in seconds, for people (`1h 05m`), or `n/a`.
pub fn median(secs: &[i64]) -> String {
    if secs.is_empty() {
        return "n/a".into();
    }
    let mut v = secs.to_vec();
    v.sort_unstable();
    let mid = v.len() / 2;
    let m = if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2
    } else {
        v[mid]
    };
    human(SignedDuration::from_secs(m))
}

fn human(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {:02}s", s / 60, s % 60),
        3600..=86_399 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {:02}h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), "n/a");
        assert_eq!(median(&[30, 10, 20]), "20s");
        assert_eq!(median(&[60, 180]), "2m 00s");
        assert_eq!(median(&[7200]), "2h 00m");
    }
}
