//! Grouping at surge speed (#16): "a benchmark ingests 100,000 arrivals of
//! which a large share are near-duplicates and reports arrivals/s with
//! grouping on and off (goal: grouping costs under 25% of the ingest rate)
//! and memory of the index; grouping a page of 100 takes milliseconds".
//!
//! The surge: N arrivals (`SIAGA_BENCH_GROUPING_N`, default 100,000; 2,000
//! under `--test`), each a plea of `tests/data/grouping/pleas.toml` (six in
//! ten from its crisis groups) said again in another voice: another
//! relative, a word left out, a letter doubled or dropped, a handle, an
//! emoji, a number of its own.
//!
//! Measured, in one run:
//! - what ingest does per arrival without grouping: the scorer and the
//!   mission suggestion (`Lexicon::score`, `Gazetteer::suggest`);
//! - the same plus grouping: the places' missions (`missions_named`) and
//!   `Grouper::offer`, one page of 100 at a time (each page's time kept);
//! - the grouper's memory: resident memory before and after it holds the
//!   whole surge, per plea;
//! - the real ingest path: the same surge through `LocalQueue::ingest` on
//!   a store in a temporary directory, pages of 100 as the fetchers commit
//!   them (one flushed transaction each, then the page's placements),
//!   with `[grouping] enabled = false` and with it on, three times each
//!   in turn (the median of each), in this run, once with the arrivals
//!   scored beforehand (the store path) and once scored page by page in
//!   the time as the fetcher does before it commits (the fetch path: the
//!   whole ingest): arrivals/s of both, their ratio, and how long
//!   `groups()` (the
//!   desk's listing of every group) takes at the end.
//!
//! Run: `cargo bench --bench grouping`.

mod support;
use support::vm;

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use siaga::config::Config;
use siaga::model::{Arrival, Author, Channel};
use siaga::queue::{LocalQueue, QueueService};
use siaga::triage::Lexicon;
use siaga::triage::group::{Grouper, Vocabulary};
use siaga::triage::route::Gazetteer;

const PAGE: usize = 100;

#[derive(Deserialize)]
struct File {
    plea: Vec<Plea>,
}

#[derive(Deserialize)]
struct Plea {
    group: String,
    text: String,
}

fn n() -> usize {
    support::size("SIAGA_BENCH_GROUPING_N", 2_000, 100_000)
}

/// A small, seeded generator: the same surge every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const RELATIVES: [&str; 8] = [
    "adik", "kakak", "suami", "istri", "anak", "ibu", "sepupu", "ayah",
];
const EXTRAS: [&str; 6] = ["🙏", "😭😭", "@Kemlu_RI", "#SaveWNI", "tolonggg", "pls"];

/// `text` said again: a relative swapped, a word dropped, a typo, extras.
fn variant(text: &str, rng: &mut Rng, n: usize) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(String::from).collect();
    for w in words.iter_mut() {
        if RELATIVES.contains(&w.as_str()) && rng.below(2) == 0 {
            *w = RELATIVES[rng.below(RELATIVES.len())].to_string();
        }
    }
    if words.len() > 4 && rng.below(3) == 0 {
        let at = rng.below(words.len());
        words.remove(at);
    }
    if rng.below(3) == 0 {
        let at = rng.below(words.len());
        let w = &mut words[at];
        if let Some(c) = w.chars().last().filter(|c| c.is_alphabetic()) {
            w.push(c);
        }
    }
    words.push(EXTRAS[rng.below(EXTRAS.len())].to_string());
    words.push(format!("({n})"));
    words.join(" ")
}

fn surge(n: usize) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/grouping/pleas.toml"
    );
    let file: File = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (crisis, other): (Vec<&Plea>, Vec<&Plea>) =
        file.plea.iter().partition(|p| !p.group.is_empty());
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    (0..n)
        .map(|i| {
            let from = if rng.below(10) < 6 { &crisis } else { &other };
            variant(&from[rng.below(from.len())].text, &mut rng, i)
        })
        .collect()
}

/// Ingest's own triage of each arrival: the score and the suggestion.
fn triage_only(texts: &[String], lexicon: &Lexicon, gazetteer: &Gazetteer) -> Duration {
    let started = Instant::now();
    for text in texts {
        std::hint::black_box(lexicon.score(text));
        std::hint::black_box(gazetteer.suggest(text));
    }
    started.elapsed()
}

/// The same with grouping, a page at a time: (all, each page).
fn with_grouping(
    texts: &[String],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    grouper: &mut Grouper,
) -> (Duration, Vec<Duration>) {
    let started = Instant::now();
    let mut pages = Vec::new();
    for (p, page) in texts.chunks(PAGE).enumerate() {
        let page_started = Instant::now();
        for (i, text) in page.iter().enumerate() {
            let verdict = lexicon.score(text);
            std::hint::black_box(gazetteer.suggest(text));
            let places = gazetteer.missions_named(text);
            grouper.offer((p * PAGE + i) as u64, text, &places, &verdict.category);
        }
        pages.push(page_started.elapsed());
    }
    (started.elapsed(), pages)
}

/// Where grouping's time goes: the places' missions, the terms.
fn parts(texts: &[String], gazetteer: &Gazetteer) -> (Duration, Duration) {
    let vocabulary = Vocabulary::builtin();
    let started = Instant::now();
    for text in texts {
        std::hint::black_box(gazetteer.missions_named(text));
    }
    let places = started.elapsed();
    let started = Instant::now();
    for text in texts {
        std::hint::black_box(vocabulary.terms(text));
    }
    (places, started.elapsed())
}

/// `text` as the fetcher hands it over: each from its own author, so no
/// arrival is another's follow-up.
fn arrival(i: usize, text: &str, lexicon: &Lexicon) -> Arrival {
    let verdict = lexicon.score(text);
    Arrival {
        external_id: format!("{}", 1_861_000_000_000_000_000u64 + i as u64),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga_{i}"),
            display_name: format!("Warga {i}"),
            platform_id: Some(format!("{}", 700_000 + i)),
        },
        channel: Channel::Public,
        text: text.to_string(),
        created_at: Timestamp::now() - SignedDuration::from_secs(60),
        lang: Some("in".into()),
        priority: verdict.priority,
        category: verdict.category,
        reasons: verdict.reasons,
    }
}

/// What the desk ingest measured: its time, `groups()`'s, how many groups.
struct DeskRun {
    ingest: Duration,
    listing: Duration,
    groups: usize,
}

/// The surge through a real `LocalQueue`, grouping `enabled` or not. The
/// store path: each arrival scored beforehand, outside the time. The fetch
/// path (`fetched`): each page scored inside the time, as the fetcher does
/// before it commits (`ingest::arrival`), so the rate is the whole ingest's.
fn desk_ingest(texts: &[String], enabled: bool, fetched: bool) -> DeskRun {
    let dir = tempfile::tempdir().unwrap();
    let mut policy = Config::defaults().desk_policy();
    policy.grouping.enabled = enabled;
    let queue = LocalQueue::open(dir.path(), siaga::store::DEFAULT_CACHE_BYTES).unwrap();
    queue.set_policy(policy);
    let lexicon = Lexicon::builtin();
    let scored = |from: usize, page: &[String]| -> Vec<Arrival> {
        (page.iter().enumerate())
            .map(|(i, t)| arrival(from + i, t, &lexicon))
            .collect()
    };
    let mut beforehand: Vec<Vec<Arrival>> = if fetched {
        Vec::new()
    } else {
        (texts.chunks(PAGE).enumerate())
            .map(|(p, page)| scored(p * PAGE, page))
            .collect()
    };
    let started = Instant::now();
    for (p, page) in texts.chunks(PAGE).enumerate() {
        let arrivals = match beforehand.get_mut(p) {
            Some(ready) => std::mem::take(ready),
            None => scored(p * PAGE, page),
        };
        let cursor = (p * PAGE).to_string();
        let commit = queue
            .ingest("kemlu-x", &arrivals, Some(("kemlu-x/mentions", &cursor)))
            .unwrap();
        assert_eq!(commit.new_ids.len(), page.len());
    }
    let ingest = started.elapsed();
    let started = Instant::now();
    let groups = queue.groups().unwrap().len();
    DeskRun {
        ingest,
        listing: started.elapsed(),
        groups,
    }
}

/// How many times each desk ingest runs: off and on taken in turn, so
/// whatever else the machine does falls on both alike.
const DESK_RUNS: usize = 3;

/// `DESK_RUNS`, once under `--test` (CI's run on small data).
fn desk_run_count() -> usize {
    if support::quick() { 1 } else { DESK_RUNS }
}

/// The desk ingest off and on, `DESK_RUNS` times each in turn: the run of
/// median time of each.
fn desk_runs(texts: &[String], fetched: bool) -> (DeskRun, DeskRun) {
    let runs = desk_run_count();
    let (mut off, mut on) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        off.push(desk_ingest(texts, false, fetched));
        on.push(desk_ingest(texts, true, fetched));
    }
    let median = |mut v: Vec<DeskRun>| {
        v.sort_by_key(|r| r.ingest);
        v.swap_remove(v.len() / 2)
    };
    (median(off), median(on))
}

fn report_desk(n: usize, what: &str, off: &DeskRun, on: &DeskRun) {
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    let (off_rate, on_rate) = (rate(off.ingest), rate(on.ingest));
    println!("  {what}:");
    println!(
        "    grouping off:   {off_rate:>9.0} arrivals/s ({:.2} s)",
        off.ingest.as_secs_f64()
    );
    println!(
        "    grouping on:    {on_rate:>9.0} arrivals/s ({:.2} s): {:.2} of the rate off, grouping costs {:.0}%",
        on.ingest.as_secs_f64(),
        on_rate / off_rate,
        100.0 * (1.0 - on_rate / off_rate)
    );
    println!(
        "    groups():       {:.1} ms for {} groups ({} with grouping off)",
        on.listing.as_secs_f64() * 1000.0,
        on.groups,
        off.groups
    );
    assert_eq!(off.groups, 0, "grouping off groups nothing");
}

fn main() {
    let n = n();
    let texts = surge(n);
    let config = Config::defaults();
    let gazetteer = Gazetteer::new(&config.missions, &config.countries);
    let lexicon = Lexicon::builtin();
    let plain = triage_only(&texts, &lexicon, &gazetteer);
    let (places, terms) = parts(&texts, &gazetteer);
    let rss_before = vm("VmRSS:");
    let mut grouper = Grouper::new(Vocabulary::builtin());
    let (grouped, mut pages) = with_grouping(&texts, &lexicon, &gazetteer, &mut grouper);
    let rss_after = vm("VmRSS:");
    pages.sort();
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    let groups: Vec<usize> = grouper.groups().map(|(_, g)| g.members.len()).collect();
    let in_groups: usize = groups.iter().sum();
    println!("[siaga bench] grouping: {n} arrivals, pages of {PAGE}");
    println!(
        "  triage only:      {:>9.0} arrivals/s ({:.2} s)",
        rate(plain),
        plain.as_secs_f64()
    );
    println!(
        "  triage+grouping:  {:>9.0} arrivals/s ({:.2} s): grouping costs {:.0}% of the rate",
        rate(grouped),
        grouped.as_secs_f64(),
        100.0 * (1.0 - grouped.as_secs_f64().recip() / plain.as_secs_f64().recip())
    );
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!(
        "  of which:         places' missions {:.1} µs, terms {:.1} µs a plea",
        per(places),
        per(terms)
    );
    println!(
        "  a page of {PAGE}:    median {:.2} ms, slowest {:.2} ms",
        pages[pages.len() / 2].as_secs_f64() * 1000.0,
        pages[pages.len() - 1].as_secs_f64() * 1000.0
    );
    println!(
        "  groups:           {} (largest {}), {in_groups} of {n} arrivals in one",
        groups.len(),
        groups.iter().max().unwrap_or(&0)
    );
    println!(
        "  memory:           VmRSS {rss_before} kB -> {rss_after} kB: {:.0} B per plea held",
        (rss_after.saturating_sub(rss_before) * 1024) as f64 / n as f64
    );
    assert_eq!(grouper.len(), n);
    drop(grouper);
    // The desk runs last: the grouper's memory is measured before them.
    let (store_off, store_on) = desk_runs(&texts, false);
    let (fetch_off, fetch_on) = desk_runs(&texts, true);
    let head = format!(
        "median of {} runs each, off and on in turn",
        desk_run_count()
    );
    let what = format!(
        "desk ingest, store path (LocalQueue::ingest on a temp dir, pages of {PAGE}, arrivals scored beforehand; {head})"
    );
    report_desk(n, &what, &store_off, &store_on);
    let what = format!(
        "desk ingest, fetch path (each page scored as the fetcher does, then LocalQueue::ingest: the whole ingest; {head})"
    );
    report_desk(n, &what, &fetch_off, &fetch_on);
    assert!(
        store_on.groups > 0 && fetch_on.groups > 0,
        "the surge's near-duplicates are grouped"
    );
}
