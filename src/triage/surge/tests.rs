//! The watch on made-up streams: a surge over a calm week fires once, a
//! calm week with daily peaks never, a newcomer's handful never, and a
//! dismissed surge stays quiet; the matcher and the sparkline's counts.

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::model::missions::Mission;

fn start() -> Timestamp {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

/// Khartoum at 3 an hour for 7 days from `start()`; the time after.
fn calm_week(watch: &mut SurgeWatch) -> (usize, Timestamp) {
    let mut fired = 0;
    let mut t = start();
    for _ in 0..7 * 24 {
        for m in [5, 25, 45] {
            let at = t + mins(m);
            fired += usize::from(watch.note("khartoum", at, at).is_some());
        }
        t += mins(60);
    }
    (fired, t)
}

/// `n` arrivals for `place` spread evenly over the hour from `from`; how
/// many raised a suggestion.
fn hour_of(watch: &mut SurgeWatch, place: &str, from: Timestamp, n: i64) -> usize {
    (0..n)
        .map(|i| from + SignedDuration::from_secs(i * 3600 / n))
        .filter(|at| watch.note(place, *at, *at).is_some())
        .count()
}

#[test]
fn a_surge_over_a_calm_week_fires_exactly_once() {
    let mut watch = SurgeWatch::new(SurgeSettings::default());
    let (calm, surge_at) = calm_week(&mut watch);
    assert_eq!(calm, 0, "the calm week fired");
    let fired = hour_of(&mut watch, "khartoum", surge_at, 150);
    assert_eq!(fired, 1);
    let now = surge_at + mins(59);
    let shown = watch.current(now).expect("a standing suggestion");
    assert_eq!(shown.place, "khartoum");
    assert!(shown.last_hour >= 140, "{shown:?}");
    assert!((2.5..=3.5).contains(&shown.usual_per_hour), "{shown:?}");
    assert!(watch.counters_held() <= 8 * 24 * 6, "bounded memory");
}

/// A deterministic pseudo-random stream (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Poisson count of mean `mean` (Knuth's).
    fn poisson(&mut self, mean: f64) -> u32 {
        let (limit, mut p, mut k) = ((-mean).exp(), 1.0, 0);
        loop {
            p *= self.next();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
}

/// How busy each hour of the desk's day is, relative to its mean: quiet
/// nights, a peak about 2.5 times the mean around midday.
fn day_shape() -> [f64; 24] {
    let raw = [
        0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.1, 1.5, 2.0, 2.3, 2.5, 2.5, 2.3, 2.0, 1.6, 1.3, 1.1,
        1.0, 0.9, 0.8, 0.6, 0.5, 0.4,
    ];
    let mean = raw.iter().sum::<f64>() / 24.0;
    raw.map(|r| r / mean)
}

/// `days` of a realistic mixed stream: six places, 2 to 12 an hour on
/// average, each with the day's shape and random arrivals, in order.
fn calm_stream(days: i64) -> Vec<(&'static str, Timestamp)> {
    let places = [
        ("kualalumpur", 12.0),
        ("riyadh", 8.0),
        ("jeddah", 6.0),
        ("hongkong", 5.0),
        ("taipei", 3.0),
        ("khartoum", 2.0),
    ];
    let (shape, mut rng, mut out) = (day_shape(), Rng(0x5eed_1234_abcd), Vec::new());
    for slot in 0..days * 24 * 6 {
        let from = start() + mins(slot * 10);
        let hour = usize::try_from(slot / 6 % 24).unwrap();
        let mut here = Vec::new();
        for (place, per_hour) in places {
            for _ in 0..rng.poisson(per_hour * shape[hour] / 6.0) {
                let at = from + SignedDuration::from_secs((rng.next() * 600.0) as i64);
                here.push((place, at));
            }
        }
        here.sort_by_key(|(_, at)| *at);
        out.extend(here);
    }
    out
}

#[test]
fn a_calm_week_with_daily_peaks_never_fires() {
    let stream = calm_stream(8);
    let mut watch = SurgeWatch::new(SurgeSettings::default());
    let fired: Vec<Suggestion> = stream
        .iter()
        .filter_map(|(place, at)| watch.note(place, *at, *at))
        .collect();
    assert_eq!(fired, [], "a calm stream fired");
    // It is a stream with peaks: the busiest hour of the last day is
    // more than twice the mean.
    let last_day = start() + SignedDuration::from_hours(7 * 24);
    let kl: Vec<Timestamp> = stream
        .iter()
        .filter(|(p, at)| *p == "kualalumpur" && *at >= last_day)
        .map(|(_, at)| *at)
        .collect();
    let hourly = buckets(&kl, last_day + SignedDuration::from_hours(24), mins(60), 24);
    let peak = *hourly.iter().max().unwrap();
    assert!(peak >= 24, "peak {peak} in {hourly:?}");
    assert!(
        watch
            .current(last_day + SignedDuration::from_hours(24))
            .is_none()
    );
}

#[test]
fn a_place_never_seen_does_not_fire_on_a_handful() {
    let mut watch = SurgeWatch::new(SurgeSettings::default());
    calm_week(&mut watch);
    let from = start() + SignedDuration::from_hours(7 * 24);
    assert_eq!(hour_of(&mut watch, "beirut", from, 5), 0);
    assert!(watch.current(from + mins(30)).is_none());
}

#[test]
fn a_dismissed_surge_stays_quiet_for_six_hours_unless_it_doubles() {
    let mut watch = SurgeWatch::new(SurgeSettings::default());
    let (_, mut t) = calm_week(&mut watch);
    assert_eq!(hour_of(&mut watch, "khartoum", t, 150), 1);
    watch.dismiss("khartoum", t + mins(59));
    assert!(watch.current(t + mins(59)).is_none());
    for _ in 0..5 {
        t += mins(60);
        assert_eq!(hour_of(&mut watch, "khartoum", t, 150), 0, "re-fired");
    }
    // Six hours after the dismissal, a surge still going is asked again.
    t += mins(60);
    assert_eq!(hour_of(&mut watch, "khartoum", t, 150), 1);
    // Dismissed again; the rate doubling is asked at once.
    watch.dismiss("khartoum", t + mins(59));
    t += mins(60);
    assert_eq!(hour_of(&mut watch, "khartoum", t, 400), 1);
}

#[test]
fn under_a_day_of_history_it_takes_a_large_surge() {
    let mut watch = SurgeWatch::new(SurgeSettings::default());
    assert_eq!(hour_of(&mut watch, "khartoum", start(), 40), 0);
    let next = start() + mins(60);
    assert_eq!(hour_of(&mut watch, "khartoum", next, 150), 1);
}

#[test]
fn buckets_count_arrivals_per_width_oldest_first() {
    let now = start() + mins(120);
    let times = [
        now - mins(1),
        now - mins(9),
        now - mins(15),
        now - mins(119),
        now - mins(125),
        now + mins(3),
    ];
    let counts = buckets(&times, now, BUCKET, 12);
    assert_eq!(counts.len(), 12);
    assert_eq!(counts[11], 2, "the newest ten minutes");
    assert_eq!(counts[10], 1);
    assert_eq!(counts[0], 1, "the oldest; one before it is left out");
    assert_eq!(counts.iter().sum::<u32>(), 4);
}

fn crisis(places: &[&str], keywords: &[&str]) -> Crisis {
    Crisis {
        name: "sudan".into(),
        places: places.iter().map(|s| s.to_string()).collect(),
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        template: None,
        opened_by: "ana".into(),
        opened_at: start(),
        closed_by: None,
        closed_at: None,
    }
}

fn missions() -> Missions {
    let khartoum = Mission {
        kind: "KBRI".into(),
        city: "Khartoum".into(),
        ..Mission::default()
    };
    [("khartoum".to_string(), khartoum)].into_iter().collect()
}

#[test]
fn a_crisis_matches_its_places_and_keywords_as_whole_words() {
    let m = Matcher::new(
        &crisis(&["Omdurman", "São Tomé"], &["evakuasi"]),
        &missions(),
    );
    let yes = |text: &str| m.matches(&Words::of(text), &[]);
    assert!(yes("adik saya di OMDURMAN tolong"));
    assert!(
        yes("keluarga di Sao Tome butuh bantuan"),
        "diacritics folded"
    );
    assert!(yes("min tlg EVAKUASI kami"));
    assert!(!yes("Omdurmanville is far"), "whole words only");
    assert!(!yes("paspor hilang di Riyadh"));
    // Not a mission's city: the gazetteer's missions do not count.
    assert!(!m.matches(&Words::of("di Sudan"), &["khartoum".into()]));
}

#[test]
fn a_crisis_of_a_missions_city_matches_what_the_gazetteer_names() {
    let m = Matcher::new(&crisis(&["khartoum"], &[]), &missions());
    assert!(m.matches(&Words::of("keluarga saya di Bahri"), &["khartoum".into()]));
    assert!(!m.matches(&Words::of("di Riyadh"), &["riyadh".into()]));
    assert!(m.covers("khartoum") && m.covers("Khartoum") && !m.covers("riyadh"));
}

#[test]
fn a_sparkline_is_a_block_per_value_the_largest_full() {
    assert_eq!(sparkline(&[0, 1, 50, 100]), "▁▂▅█");
    assert_eq!(sparkline(&[0, 0]), "▁▁");
    assert_eq!(sparkline(&[]), "");
}
