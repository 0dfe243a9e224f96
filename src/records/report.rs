//! The statistics report for a shift or a month: how many inquiries, of
//! what kind, through which channel, to which mission, and how fast the
//! desk answered and the missions acknowledged. Works on erased inquiries
//! too: the content-free record keeps exactly what this needs.

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::escalate::Escalation;
use crate::i18n::Lang;
use crate::model::Inquiry;
use crate::reply::{Reply, ReplyState};
use crate::tr;

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

    /// The report in Markdown, in English (`markdown_in` for another
    /// language).
    pub fn markdown(&self) -> String {
        self.markdown_in(Lang::En)
    }

    /// The report in Markdown, in `lang`: the words are the catalog's
    /// (`records.ftl`); categories, priorities and mission names are as
    /// the desk names them.
    pub fn markdown_in(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write_times(&mut out, lang);
        let count = tr!(lang, "report-count");
        for (heading, title, map, key) in self.tables(lang) {
            let _ = writeln!(out, "## {heading}\n\n| {title} | {count} |\n|---|---:|");
            if map.is_empty() {
                let _ = writeln!(out, "| {} | 0 |", tr!(lang, "report-none"));
            }
            for (k, n) in map {
                let _ = writeln!(out, "| {} | {n} |", key.words(k, lang).replace('|', "/"));
            }
            let _ = writeln!(out);
        }
        out
    }

    /// The heading (the period), how many arrived, and the medians: first
    /// reply (from the post and from its fetching) and acknowledgement.
    fn write_times(&self, out: &mut String, lang: Lang) {
        let when = |t: Option<Timestamp>| t.map_or("…".to_string(), crate::model::zone::date_time);
        let _ = writeln!(
            out,
            "# {}\n",
            tr!(
                lang,
                "report-heading",
                from = when(self.from),
                to = when(self.to)
            )
        );
        let _ = writeln!(
            out,
            "{}\n",
            tr!(lang, "report-received", count = self.total)
        );
        let _ = writeln!(
            out,
            "- {}",
            tr!(
                lang,
                "report-first-reply",
                median = median_in(&self.first_reply_from_post_secs, lang),
                count = self.first_reply_from_post_secs.len()
            )
        );
        let _ = writeln!(
            out,
            "  - {}",
            tr!(
                lang,
                "report-first-reply-fetched",
                median = median_in(&self.first_reply_secs, lang)
            )
        );
        let _ = writeln!(
            out,
            "- {}\n",
            tr!(
                lang,
                "report-ack",
                median = median_in(&self.ack_secs, lang),
                count = self.ack_secs.len()
            )
        );
    }

    /// The tables, in order: each its heading, its first column's title,
    /// its counts and what they count by.
    fn tables(&self, lang: Lang) -> [(String, String, &BTreeMap<String, u64>, Key); 5] {
        [
            (
                tr!(lang, "report-by-category"),
                tr!(lang, "report-category"),
                &self.by_category,
                Key::Name,
            ),
            (
                tr!(lang, "report-by-priority"),
                tr!(lang, "report-priority"),
                &self.by_priority,
                Key::Name,
            ),
            (
                tr!(lang, "report-by-channel"),
                tr!(lang, "report-channel"),
                &self.by_channel,
                Key::Channel,
            ),
            (
                tr!(lang, "report-by-status"),
                tr!(lang, "report-status"),
                &self.by_status,
                Key::Status,
            ),
            (
                tr!(lang, "report-by-mission"),
                tr!(lang, "report-mission"),
                &self.by_mission,
                Key::Name,
            ),
        ]
    }
}

/// What a table's rows count by: statuses and channels are the desk's
/// words, in the report's language; categories, priorities and missions
/// are names.
#[derive(Clone, Copy)]
enum Key {
    Name,
    Channel,
    Status,
}

impl Key {
    fn words(self, key: &str, lang: Lang) -> String {
        match (self, key) {
            (Key::Status, status) => lang.member("status", status),
            (Key::Channel, "public") => tr!(lang, "channel-public"),
            (Key::Channel, "private") => tr!(lang, "channel-private"),
            (Key::Name | Key::Channel, name) => name.to_string(),
        }
    }
}

/// The median of durations in seconds, for people (`1h 05m`), or `n/a`.
pub fn median(secs: &[i64]) -> String {
    median_in(secs, Lang::En)
}

/// The median in `lang` (`1h 05m`; `1 jam 05 mnt`), or its `n/a`.
pub fn median_in(secs: &[i64], lang: Lang) -> String {
    if secs.is_empty() {
        return tr!(lang, "report-not-available");
    }
    let mut v = secs.to_vec();
    v.sort_unstable();
    let mid = v.len() / 2;
    let m = if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2
    } else {
        v[mid]
    };
    human(SignedDuration::from_secs(m), lang)
}

fn human(d: SignedDuration, lang: Lang) -> String {
    let s = d.as_secs().max(0);
    let (big, small) = match s {
        0..=59 => return tr!(lang, "report-seconds", s = s.to_string()),
        60..=3599 => (s / 60, s % 60),
        3600..=86_399 => (s / 3600, (s % 3600) / 60),
        _ => (s / 86_400, (s % 86_400) / 3600),
    };
    let (big, small) = (big.to_string(), format!("{small:02}"));
    match s {
        60..=3599 => tr!(lang, "report-minutes", m = big, s = small),
        3600..=86_399 => tr!(lang, "report-hours", h = big, m = small),
        _ => tr!(lang, "report-days", d = big, h = small),
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

    #[test]
    fn medians_in_bahasa_indonesia() {
        assert_eq!(median_in(&[], Lang::Id), "belum ada");
        assert_eq!(median_in(&[30, 10, 20], Lang::Id), "20 dtk");
        assert_eq!(median_in(&[60, 180], Lang::Id), "2 mnt 00 dtk");
        assert_eq!(median_in(&[7200], Lang::Id), "2 jam 00 mnt");
        assert_eq!(median_in(&[90_000], Lang::Id), "1 hari 01 jam");
        assert_eq!(median(&[90_000]), "1d 01h");
    }

    #[test]
    fn the_report_reads_in_the_language_asked_for() {
        let mut stats = Stats {
            total: 2,
            ..Stats::default()
        };
        stats.by_status.insert("closed".into(), 2);
        stats.by_channel.insert("public".into(), 2);
        let en = stats.markdown();
        assert_eq!(en, stats.markdown_in(Lang::En));
        assert!(en.contains("# siaga report: … to …\n"), "{en}");
        assert!(
            en.contains("## By status now\n\n| Status now | Count |"),
            "{en}"
        );
        assert!(en.contains("| closed | 2 |"), "{en}");
        assert!(en.contains("## By escalated to"), "{en}");
        assert!(en.contains("| (none) | 0 |"), "{en}");
        let id = stats.markdown_in(Lang::Id);
        assert!(id.contains("# Laporan siaga: … s.d. …\n"), "{id}");
        assert!(id.contains("Aduan diterima: **2**"), "{id}");
        assert!(id.contains("| ditutup | 2 |"), "{id}");
        assert!(id.contains("| publik | 2 |"), "{id}");
        assert!(id.contains("| (tidak ada) | 0 |"), "{id}");
        assert!(!id.contains("Count"), "{id}");
    }
}
