//! A crisis seen in the stream (#16): which pleas belong to an open crisis
//! (`Matcher`: its places and keywords, also through the mission
//! directory), how many arrived per 10 minutes (`buckets`, a sparkline's
//! values), and when arrivals naming one place exceed its usual rate
//! several times over (`SurgeWatch`), so the desk can suggest opening a
//! crisis. Only suggest: an officer decides.
//!
//! Pure: no clock is read (every call is given `now`), nothing is stored.
//! The watch keeps counters per place and 10 minutes for the baseline's
//! days, never every arrival, so a surge of thousands costs what a calm
//! day does.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::score::{Lexicon, normalise};
use super::search::lower;
use crate::model::Crisis;
use crate::model::missions::Missions;

/// One bar of the sparkline, and one counter of the watch.
pub const BUCKET: SignedDuration = SignedDuration::from_mins(10);
const SLOT_SECS: i64 = 600;
const SLOTS_PER_HOUR: i64 = 6;

/// When the desk suggests a crisis (`[crisis]` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurgeSettings {
    /// How many times its usual hourly rate a place's last hour must exceed.
    pub factor: f64,
    /// The fewest arrivals in the hour that may suggest anything.
    pub min_count: u32,
    /// Days of the trailing baseline (the usual rate's).
    pub baseline_days: u32,
    /// Hours a dismissed suggestion stays quiet (unless its rate doubles).
    pub quiet_hours: u32,
}

impl Default for SurgeSettings {
    fn default() -> SurgeSettings {
        SurgeSettings {
            factor: 4.0,
            min_count: 20,
            baseline_days: 7,
            quiet_hours: 6,
        }
    }
}

/// A place whose arrivals surge: open a crisis for it?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// A mission code ("khartoum") or a place name.
    pub place: String,
    /// Arrivals naming it in the last hour.
    pub last_hour: u32,
    /// Its usual arrivals per hour (the baseline's mean).
    pub usual_per_hour: f64,
}

fn abbreviations() -> &'static BTreeMap<String, String> {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::builtin).abbreviations()
}

/// A text's words as a crisis matches them: lowercase, diacritics
/// folded, slang expanded (`triage::score::normalise`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(String);

impl Words {
    pub fn of(text: &str) -> Words {
        Words(format!(" {} ", normalise(&lower(text), abbreviations())))
    }

    /// Whether `phrase` (already as `Words`) is among these, whole words.
    fn has(&self, phrase: &Words) -> bool {
        !phrase.0.trim().is_empty() && self.0.contains(&phrase.0)
    }
}

/// Which inquiries belong to a crisis.
#[derive(Debug, Clone)]
pub struct Matcher {
    phrases: Vec<Words>,
    /// Missions whose city is one of its places.
    missions: Vec<String>,
}

impl Matcher {
    pub fn new(crisis: &Crisis, missions: &Missions) -> Matcher {
        let places: Vec<Words> = crisis.places.iter().map(|p| Words::of(p)).collect();
        let codes = missions
            .iter()
            .filter(|(_, m)| places.contains(&Words::of(&m.city)))
            .map(|(code, _)| code.clone())
            .collect();
        let keywords = crisis.keywords.iter().map(|k| Words::of(k));
        Matcher {
            phrases: places.iter().cloned().chain(keywords).collect(),
            missions: codes,
        }
    }

    /// Whether a text belongs: its words name a place or keyword, or
    /// `named` (the missions the gazetteer finds in it,
    /// `Gazetteer::missions_named`) holds one of the crisis's cities.
    pub fn matches(&self, words: &Words, named: &[String]) -> bool {
        named.iter().any(|m| self.missions.contains(m)) || self.phrases.iter().any(|p| words.has(p))
    }

    /// Whether `place` (a mission code or a place name) is one of its.
    pub fn covers(&self, place: &str) -> bool {
        self.missions.iter().any(|m| m == place) || self.phrases.contains(&Words::of(place))
    }
}

/// Arrivals per `width` over the last `n` widths before `now`, oldest
/// first (a time after `now` or before the first width is left out).
pub fn buckets(times: &[Timestamp], now: Timestamp, width: SignedDuration, n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    let width = width.as_secs().max(1);
    for t in times {
        let age = now.duration_since(*t).as_secs();
        if age < 0 {
            continue;
        }
        let back = usize::try_from(age / width).unwrap_or(usize::MAX);
        if back < n {
            out[n - 1 - back] += 1;
        }
    }
    out
}

/// `values` as a line of block characters, the largest a full block,
/// none a low one: "▁▁▂▅█▇".
pub fn sparkline(values: &[u32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values
        .iter()
        .map(|v| {
            let level = (u64::from(*v) * 7).div_ceil(u64::from(max));
            BARS[usize::try_from(level.min(7)).unwrap_or(7)]
        })
        .collect()
}

fn slot_of(t: Timestamp) -> i64 {
    t.as_second().div_euclid(SLOT_SECS)
}

/// A suggestion the officer dismissed (or that lapsed): when, at what rate.
#[derive(Debug, Clone, Copy)]
struct Quiet {
    at: Timestamp,
    last_hour: u32,
}

/// Watches every place's arrivals for a surge.
#[derive(Debug, Clone, Default)]
pub struct SurgeWatch {
    settings: SurgeSettings,
    /// Place -> 10-minute slot -> arrivals, for the baseline's days.
    places: HashMap<String, BTreeMap<i64, u32>>,
    /// The earliest arrival seen: how much history the baseline has.
    since: Option<Timestamp>,
    /// Suggestions raised and not dismissed, by place.
    standing: HashMap<String, Suggestion>,
    quiet: HashMap<String, Quiet>,
    pruned_at: i64,
}

mod watch;

#[cfg(test)]
mod tests;
