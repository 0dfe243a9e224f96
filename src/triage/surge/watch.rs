//! How `SurgeWatch` decides: a place's last hour against its trailing
//! baseline, a floor so a place never seen does not fire on a handful,
//! and quiet after a dismissal so the officer is not asked again every
//! minute of the same surge.

use jiff::{SignedDuration, Timestamp};

use super::{Quiet, SLOT_SECS, SLOTS_PER_HOUR, Suggestion, SurgeSettings, SurgeWatch, slot_of};

impl SurgeWatch {
    pub fn new(settings: SurgeSettings) -> SurgeWatch {
        SurgeWatch {
            settings,
            ..SurgeWatch::default()
        }
    }

    pub fn settings(&self) -> &SurgeSettings {
        &self.settings
    }

    fn baseline_slots(&self) -> i64 {
        i64::from(self.settings.baseline_days.max(1)) * 24 * SLOTS_PER_HOUR
    }

    /// One arrival naming `place` at `at` (a time after `now` counts as
    /// `now`); a suggestion if this arrival raises one for `place`.
    pub fn note(&mut self, place: &str, at: Timestamp, now: Timestamp) -> Option<Suggestion> {
        let at = at.min(now);
        let slot = slot_of(at);
        if slot <= slot_of(now) - self.baseline_slots() - SLOTS_PER_HOUR {
            return None;
        }
        self.prune(now);
        self.since = Some(self.since.map_or(at, |s| s.min(at)));
        *self
            .places
            .entry(place.to_string())
            .or_default()
            .entry(slot)
            .or_default() += 1;
        self.evaluate(place, now)
    }

    /// The arrivals naming `place` in the last hour, and its usual rate
    /// per hour before that.
    pub fn rate(&self, place: &str, now: Timestamp) -> (u32, f64) {
        let Some(slots) = self.places.get(place) else {
            return (0, 0.0);
        };
        let now_slot = slot_of(now);
        let hour_start = now_slot - SLOTS_PER_HOUR + 1;
        let base_start = hour_start - self.baseline_slots();
        let last_hour = slots.range(hour_start..=now_slot).map(|(_, n)| *n).sum();
        let before: u32 = slots.range(base_start..hour_start).map(|(_, n)| *n).sum();
        let hours = self.history_hours(base_start, hour_start);
        (last_hour, f64::from(before) / hours)
    }

    /// Hours of history the baseline from `start` to `end` (slots) holds:
    /// from the earliest arrival seen, at least one.
    fn history_hours(&self, start: i64, end: i64) -> f64 {
        let first = self.since.map_or(end, slot_of).max(start);
        ((end - first) as f64 / SLOTS_PER_HOUR as f64).max(1.0)
    }

    /// Whether `place` surges now, and with what numbers. With under a day
    /// of history the watch cannot know a day's peaks, so it then needs
    /// `factor` times the floor.
    fn surging(&self, place: &str, now: Timestamp) -> Option<Suggestion> {
        let (last_hour, usual) = self.rate(place, now);
        let young = self
            .since
            .is_none_or(|s| now.duration_since(s).as_hours() < 24);
        let floor = if young {
            f64::from(self.settings.min_count) * self.settings.factor
        } else {
            f64::from(self.settings.min_count)
        };
        let over = f64::from(last_hour) > self.settings.factor * usual;
        (over && f64::from(last_hour) >= floor).then(|| Suggestion {
            place: place.to_string(),
            last_hour,
            usual_per_hour: (usual * 10.0).round() / 10.0,
        })
    }

    fn evaluate(&mut self, place: &str, now: Timestamp) -> Option<Suggestion> {
        let Some(surge) = self.surging(place, now) else {
            self.lapse(place, now);
            return None;
        };
        if let Some(standing) = self.standing.get_mut(place) {
            *standing = surge;
            return None;
        }
        if let Some(quiet) = self.quiet.get(place) {
            let quiet_for = SignedDuration::from_hours(i64::from(self.settings.quiet_hours));
            let doubled = surge.last_hour >= quiet.last_hour.saturating_mul(2);
            if now.duration_since(quiet.at) < quiet_for && !doubled {
                return None;
            }
        }
        self.quiet.remove(place);
        self.standing.insert(place.to_string(), surge.clone());
        Some(surge)
    }

    /// A standing suggestion whose surge ended goes quiet like a dismissed
    /// one: a surge that flickers around the line is not asked about anew
    /// each time.
    fn lapse(&mut self, place: &str, now: Timestamp) {
        if let Some(gone) = self.standing.remove(place) {
            self.quiet.insert(
                place.to_string(),
                Quiet {
                    at: now,
                    last_hour: gone.last_hour,
                },
            );
        }
    }

    /// The suggestion to show now: the standing one with the most
    /// arrivals in the last hour, its numbers as of `now`.
    pub fn current(&mut self, now: Timestamp) -> Option<Suggestion> {
        let places: Vec<String> = self.standing.keys().cloned().collect();
        for place in places {
            self.evaluate(&place, now);
        }
        self.standing
            .values()
            .max_by(|a, b| a.last_hour.cmp(&b.last_hour).then(b.place.cmp(&a.place)))
            .cloned()
    }

    /// The officer said no (or opened a crisis for it): not asked again
    /// for `place` until its rate doubles or `quiet_hours` pass.
    pub fn dismiss(&mut self, place: &str, now: Timestamp) {
        let (last_hour, _) = self.rate(place, now);
        self.standing.remove(place);
        self.quiet
            .insert(place.to_string(), Quiet { at: now, last_hour });
    }

    /// Dismiss every standing suggestion for a place `covered` says is
    /// its (a crisis just opened for them).
    pub fn settle(&mut self, covered: impl Fn(&str) -> bool, now: Timestamp) {
        let places: Vec<String> = self
            .standing
            .keys()
            .filter(|p| covered(p))
            .cloned()
            .collect();
        for place in places {
            self.dismiss(&place, now);
        }
    }

    /// Forget counters older than the baseline, once an hour.
    fn prune(&mut self, now: Timestamp) {
        let hour = slot_of(now) / SLOTS_PER_HOUR;
        if hour == self.pruned_at {
            return;
        }
        self.pruned_at = hour;
        let oldest = slot_of(now) - self.baseline_slots() - SLOTS_PER_HOUR;
        self.places.retain(|_, slots| {
            *slots = slots.split_off(&oldest);
            !slots.is_empty()
        });
        let quiet_for = SignedDuration::from_hours(i64::from(self.settings.quiet_hours));
        self.quiet
            .retain(|_, q| now.duration_since(q.at) < quiet_for);
    }

    /// How many places the watch holds counters for (its memory).
    pub fn places_held(&self) -> usize {
        self.places.len()
    }

    /// Counters held in all (bounded by places × the baseline's slots).
    pub fn counters_held(&self) -> usize {
        self.places.values().map(|s| s.len()).sum()
    }
}

const _: () = assert!(SLOT_SECS * SLOTS_PER_HOUR == 3600);
