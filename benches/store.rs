//! The store at desk scale: "a benchmark (criterion) of the store with
//! 1,000,000 inquiries: insert rate, time to list the first screen of the
//! open queue, and disk and memory use."
//!
//! What it does, in order:
//! 1. Builds a store of N inquiries (`SIAGA_BENCH_N`, default 1,000,000;
//!    2,000 under `--test`) in a temporary directory, as the fetcher does:
//!    pages of 100 arrivals, one durable, flushed `commit_page` per page, with
//!    the fetcher's cursor. Arrivals are deterministic but realistic: mixed
//!    P1-P4, 80-300 character Indonesian/English texts from templates with
//!    varying names, places and amounts, public mentions and DMs, created over
//!    30 days (pages in time order, each post up to six hours old).
//!    Prints the sustained insert rate, per-page commit latency, then a few
//!    officer updates (so the open queue spans several statuses), reopen time
//!    and cold first screen, disk use (`size_on_disk` and the files
//!    themselves) and process memory (VmRSS, VmHWM).
//! 2. Writes comparable data to a plain `sled::Db` with the same settings and
//!    one flush per 100 (the same item JSON alone, then the same five records
//!    per inquiry without a transaction), for the raw-sled insert rate.
//!    `SIAGA_BENCH_RAW=0` skips it.
//! 3. Criterion: the first screen (22 rows of an 80x24 terminal) at N and at
//!    1,000 inquiries, a 200-row page from the top and from mid-queue, the
//!    status counts, and committing a page of 100 new arrivals, of 100
//!    follow-ups that attach to open inquiries, or of 100 already stored
//!    ones (each including its flush). The commit benchmarks run last: they
//!    grow the store.
//!
//! The stores are built lazily, once, the first time a benchmark needs them,
//! so `--list` and filters that skip them cost nothing.
//!
//! `SIAGA_BENCH_CACHE_MB` sets sled's page cache (default: the desk's 64 MiB).
//!
//! Run: `cargo bench --bench store` (about 6 minutes at 1,000,000 on two
//! cores); quick check: `cargo bench --bench store -- --test` (2,000, a second).

use std::cell::{Cell, OnceCell};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion};
use jiff::Timestamp;
use siaga::model::{Arrival, Author, Channel, Event, Inquiry, InquiryId, Priority, Status};
use siaga::store::{DEFAULT_CACHE_BYTES, FieldChange, QueuePos, Store};
use tempfile::TempDir;

/// Rows of the queue on an 80x24 screen (header, column titles, status line).
const SCREEN_ROWS: usize = 22;
/// What one fetched page holds (X returns up to 100 per request).
const PAGE: usize = 100;
/// The store size the first screen is compared with.
const SMALL_N: usize = 1_000;
const SOURCE: &str = "kemlu-x";
const CURSOR: &str = "kemlu-x/mentions";
const DAY_MICROS: i64 = 86_400 * 1_000_000;
const SPAN_DAYS: i64 = 30;
/// When the last page of the built store arrives: 2025-06-30T00:00:00Z.
const END_MICROS: i64 = 1_751_241_600 * 1_000_000;
const MAX_AGE_MICROS: i64 = 6 * 3_600 * 1_000_000;

fn main() {
    let test_mode = criterion_test_mode();
    let n = env_usize("SIAGA_BENCH_N").unwrap_or(if test_mode { 2_000 } else { 1_000_000 });
    assert!(n > 0, "SIAGA_BENCH_N must be at least 1");
    let cache_bytes =
        env_usize("SIAGA_BENCH_CACHE_MB").map_or(DEFAULT_CACHE_BYTES, |mb| mb as u64 * 1024 * 1024);
    let raw = std::env::var("SIAGA_BENCH_RAW").map_or(true, |v| v != "0");

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    let big_cell: OnceCell<Fixture> = OnceCell::new();
    let small_cell: OnceCell<Fixture> = OnceCell::new();
    let big = || {
        big_cell.get_or_init(|| {
            let f = Fixture::build(n, cache_bytes, true);
            if raw {
                raw_sled(n, cache_bytes);
                print_memory("after the raw sled runs (their stores closed)");
            }
            f
        })
    };
    let small = || small_cell.get_or_init(|| Fixture::build(SMALL_N, cache_bytes, false));

    {
        let mut g = c.benchmark_group("list_first_screen");
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let store = &big().store;
            b.iter(|| black_box(store.list(&Status::OPEN, None, SCREEN_ROWS).unwrap()));
        });
        g.bench_function(BenchmarkId::from_parameter(SMALL_N), |b| {
            let store = &small().store;
            b.iter(|| black_box(store.list(&Status::OPEN, None, SCREEN_ROWS).unwrap()));
        });
    }
    {
        let mut g = c.benchmark_group("list_page_200");
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let store = &big().store;
            b.iter(|| black_box(store.list(&Status::OPEN, None, 200).unwrap()));
        });
    }
    {
        let mut g = c.benchmark_group("list_page_200_mid_queue");
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let f = big();
            let after = f.mid_queue();
            b.iter(|| black_box(f.store.list(&Status::OPEN, Some(after), 200).unwrap()));
        });
    }
    {
        let mut g = c.benchmark_group("counts");
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let store = &big().store;
            b.iter(|| black_box(store.counts().unwrap()));
        });
    }
    {
        // Each iteration makes the store bigger by one page; these run last.
        let mut g = c.benchmark_group("commit_page_100_new");
        g.sample_size(20)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(10));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let f = big();
            b.iter_batched(
                || f.fresh_page(),
                |page| {
                    let done = f
                        .store
                        .commit_page(
                            &siaga::queue::DeskArrivals,
                            SOURCE,
                            &page.arrivals,
                            Some((CURSOR, &page.cursor)),
                            page.now,
                        )
                        .unwrap();
                    assert_eq!(done.new_ids.len(), page.arrivals.len());
                    done
                },
                BatchSize::PerIteration,
            );
        });
    }
    {
        let mut g = c.benchmark_group("commit_page_100_followups");
        g.sample_size(20)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(10));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let f = big();
            b.iter_batched(
                || f.follow_up_page(),
                |page| {
                    let done = f
                        .store
                        .commit_page(
                            &siaga::queue::DeskArrivals,
                            SOURCE,
                            &page.arrivals,
                            Some((CURSOR, &page.cursor)),
                            page.now,
                        )
                        .unwrap();
                    assert_eq!(done.attached_ids.len(), page.arrivals.len());
                    done
                },
                BatchSize::PerIteration,
            );
        });
    }
    {
        let mut g = c.benchmark_group("commit_page_100_duplicates");
        g.sample_size(20)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(10));
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            let f = big();
            // The first page ever stored, fetched again.
            let page = page_arrivals(0, PAGE.min(n), page_now(0, pages(n)));
            let cursor = page.last().unwrap().external_id.clone();
            let now = Timestamp::from_microsecond(END_MICROS + DAY_MICROS).unwrap();
            b.iter(|| {
                let done = f
                    .store
                    .commit_page(
                        &siaga::queue::DeskArrivals,
                        SOURCE,
                        &page,
                        Some((CURSOR, &cursor)),
                        now,
                    )
                    .unwrap();
                assert_eq!(done.duplicates, page.len());
                done
            });
        });
    }

    c.final_summary();
    if let Some(f) = big_cell.get() {
        println!(
            "\n[siaga bench] after the benchmarks: {} inquiries ({} added by commit_page_100_new)",
            f.store.len(),
            f.store.len() - n
        );
        print_disk(&f.store, f.dir.path());
        print_memory("at the end");
    }
}

/// Mirrors criterion: without `--bench` (cargo test) or with `--test`, each
/// benchmark runs once as a test.
fn criterion_test_mode() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--test") || !has("--bench")
}

fn env_usize(name: &str) -> Option<usize> {
    let v = std::env::var(name).ok()?;
    let digits: String = v.chars().filter(|c| *c != '_' && *c != ',').collect();
    Some(
        digits
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
    )
}

// ---------------------------------------------------------------------------
// The built store

struct Fixture {
    // Declared before `dir` so the store closes before its directory goes.
    store: Store,
    n: usize,
    /// Index of the next arrival `commit_page_100_new` invents.
    next: Cell<usize>,
    /// How many parents `commit_page_100_followups` went through.
    followups: Cell<usize>,
    moved: Moved,
    dir: TempDir,
}

struct FreshPage {
    arrivals: Vec<Arrival>,
    cursor: String,
    now: Timestamp,
}

impl Fixture {
    fn build(n: usize, cache_bytes: u64, report: bool) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("siaga-bench-")
            .tempdir()
            .expect("a temporary directory");
        let path = dir.path().join("store");
        let store = Store::open_with_cache(&path, cache_bytes).expect("open the store");
        let pages = pages(n);
        if report {
            println!(
                "\n[siaga bench] building a store of {n} inquiries in {} \
                 ({pages} pages of {PAGE}, one flushed commit_page each, sled cache {} MiB)",
                path.display(),
                cache_bytes / (1024 * 1024)
            );
        }

        let mut commit_times = Vec::with_capacity(pages);
        let mut text_chars = (usize::MAX, 0usize, 0usize); // min, max, sum
        let mut by_priority = [0usize; 4];
        let started = Instant::now();
        let mut last_progress = Instant::now();
        for p in 0..pages {
            let first = p * PAGE;
            let now = page_now(p, pages);
            let arrivals = page_arrivals(first, PAGE.min(n - first), now);
            for a in &arrivals {
                let chars = a.text.chars().count();
                text_chars = (
                    text_chars.0.min(chars),
                    text_chars.1.max(chars),
                    text_chars.2 + chars,
                );
                by_priority[usize::from(a.priority.rank() - 1)] += 1;
            }
            let cursor = arrivals.last().unwrap().external_id.clone();
            let t = Instant::now();
            let done = store
                .commit_page(
                    &siaga::queue::DeskArrivals,
                    SOURCE,
                    &arrivals,
                    Some((CURSOR, &cursor)),
                    now,
                )
                .expect("commit a page");
            commit_times.push(t.elapsed());
            assert_eq!(
                done.new_ids.len(),
                arrivals.len(),
                "page {p} had duplicates"
            );
            if report && last_progress.elapsed() > Duration::from_secs(15) {
                last_progress = Instant::now();
                let stored = first + arrivals.len();
                eprintln!(
                    "[siaga bench]   {stored} / {n} stored, {:.0} inquiries/s so far",
                    stored as f64 / started.elapsed().as_secs_f64()
                );
            }
        }
        let wall = started.elapsed();
        let in_commit: Duration = commit_times.iter().sum();
        assert_eq!(store.len(), n);

        if report {
            let mut sorted = commit_times.clone();
            sorted.sort_unstable();
            let pct = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
            println!(
                "[siaga bench] INSERT siaga: {n} inquiries in {:.1} s wall = {:.0} inquiries/s sustained \
                 ({:.0} inquiries/s counting commit_page time only, {:.1} s of it)",
                wall.as_secs_f64(),
                n as f64 / wall.as_secs_f64(),
                n as f64 / in_commit.as_secs_f64(),
                in_commit.as_secs_f64()
            );
            println!(
                "[siaga bench]   commit_page per page of {PAGE}: p50 {} p90 {} p99 {} max {}",
                ms(pct(0.5)),
                ms(pct(0.9)),
                ms(pct(0.99)),
                ms(*sorted.last().unwrap())
            );
            let decile = |i: usize| -> Duration {
                let chunk = commit_times.len().div_ceil(10);
                let part = &commit_times[(i * chunk).min(commit_times.len())
                    ..((i + 1) * chunk).min(commit_times.len())];
                part.iter().sum::<Duration>() / part.len().max(1) as u32
            };
            let mut line = String::new();
            for i in 0..10 {
                let _ = write!(line, " {}", ms(decile(i)));
            }
            println!("[siaga bench]   mean commit_page by tenth of the build:{line}");
            println!(
                "[siaga bench]   texts: {}-{} chars, mean {:.0}; priorities P1 {} P2 {} P3 {} P4 {}",
                text_chars.0,
                text_chars.1,
                text_chars.2 as f64 / n as f64,
                by_priority[0],
                by_priority[1],
                by_priority[2],
                by_priority[3]
            );
            print_disk(&store, dir.path());
            print_memory("after the build");
        }

        let (store, moved) = desk_activity(store, n, report);
        let store = if report {
            reopen(store, &path, cache_bytes)
        } else {
            store
        };
        if report {
            println!("[siaga bench]   counts: {:?}", store.counts().unwrap().0);
        }
        Fixture {
            store,
            n,
            next: Cell::new(n),
            followups: Cell::new(0),
            moved,
            dir,
        }
    }

    /// A page of 100 later messages, each from the author of an inquiry
    /// still open, in its thread: they attach to it instead of opening one.
    fn follow_up_page(&self) -> FreshPage {
        let first = self.followups.get();
        let now =
            Timestamp::from_microsecond(END_MICROS + 2 * DAY_MICROS + first as i64 * 10_000_000)
                .unwrap();
        let mut arrivals = Vec::with_capacity(PAGE);
        let mut k = first;
        while arrivals.len() < PAGE {
            // Walk the built inquiries in a scattered order.
            let parent = (k * 7_919 + 1) % self.n;
            if !self.moved.contains(parent) {
                arrivals.push(follow_up(parent, first + arrivals.len(), now));
            }
            k += 1;
        }
        self.followups.set(k);
        let cursor = arrivals.last().unwrap().external_id.clone();
        FreshPage {
            arrivals,
            cursor,
            now,
        }
    }

    /// The next page of arrivals nobody has seen, arriving after the build.
    fn fresh_page(&self) -> FreshPage {
        let first = self.next.get();
        self.next.set(first + PAGE);
        let k = (first - self.n) as i64;
        let now = Timestamp::from_microsecond(END_MICROS + k * 1_000_000 + 1).unwrap();
        let arrivals = page_arrivals(first, PAGE, now);
        let cursor = arrivals.last().unwrap().external_id.clone();
        FreshPage {
            arrivals,
            cursor,
            now,
        }
    }

    /// The position of an inquiry stored half-way through the build.
    fn mid_queue(&self) -> QueuePos {
        let inq = self
            .store
            .get(InquiryId((self.n as u64).div_ceil(2)))
            .unwrap();
        QueuePos::new(inq.priority, inq.queued_at, inq.id)
    }
}

/// Officers work some of the queue, so the open view merges several statuses:
/// one inquiry in a thousand (at least eight, at most a thousand) moves on.
fn desk_activity(store: Store, n: usize, report: bool) -> (Store, Moved) {
    const MOVES: [Status; 5] = [
        Status::Claimed,
        Status::Replied,
        Status::Escalated,
        Status::Closed,
        Status::Snoozed,
    ];
    let updates = (n / 1_000).clamp(8, 1_000).min(n);
    let step = n / updates;
    let now = Timestamp::from_microsecond(END_MICROS + 1).unwrap();
    let started = Instant::now();
    for k in 0..updates {
        let id = InquiryId((k * step + 1) as u64);
        let to = MOVES[k % MOVES.len()];
        store
            .update(id, "bench", now, |inq| {
                let before = inq.status;
                inq.status = to;
                if to == Status::Claimed {
                    inq.claimed_by = Some("bench".into());
                    inq.claimed_at = Some(now);
                }
                Ok(vec![FieldChange::new(
                    "status",
                    Some(before.to_string()),
                    Some(to.to_string()),
                )])
            })
            .expect("update an inquiry");
    }
    if report {
        let t = started.elapsed();
        println!(
            "[siaga bench]   desk activity: {updates} status changes (flushed each) in {} = {:.0} updates/s",
            ms(t),
            updates as f64 / t.as_secs_f64()
        );
    }
    (store, Moved { step, updates })
}

/// Which arrivals of the build `desk_activity` moved: every `step`th, the
/// first `updates` of them.
struct Moved {
    step: usize,
    updates: usize,
}

impl Moved {
    fn contains(&self, index: usize) -> bool {
        index.is_multiple_of(self.step) && index / self.step < self.updates
    }
}

/// Close the store and open it again, as `siaga` does at start: the time to
/// open, and to the first screen with sled's cache cold (the OS's is warm).
fn reopen(store: Store, path: &Path, cache_bytes: u64) -> Store {
    let t = Instant::now();
    drop(store);
    let closed = t.elapsed();
    let t = Instant::now();
    let store = Store::open_with_cache(path, cache_bytes).expect("reopen the store");
    let opened = t.elapsed();
    let t = Instant::now();
    let rows = store.list(&Status::OPEN, None, SCREEN_ROWS).unwrap();
    let first = t.elapsed();
    let t = Instant::now();
    let counts = store.counts().unwrap();
    let counted = t.elapsed();
    let t = Instant::now();
    let _ = store.list(&Status::OPEN, None, SCREEN_ROWS).unwrap();
    let second = t.elapsed();
    println!(
        "[siaga bench] REOPEN: close {} , open {} , first screen ({} rows) cold {} , counts {} , \
         first screen again {} ; open to first screen {}",
        ms(closed),
        ms(opened),
        rows.len(),
        ms(first),
        ms(counted),
        ms(second),
        ms(opened + first + counted)
    );
    assert_eq!(
        counts.0.iter().map(|(_, k)| *k).sum::<u64>(),
        store.len() as u64
    );
    print_memory("after reopening and the first screen");
    store
}

// ---------------------------------------------------------------------------
// Raw sled, for comparison

/// The same item JSON written to a plain sled tree, 100 per batch and flush;
/// then the five records siaga writes per new inquiry (item, identity, queue
/// index, history event, thread) as plain batches without a transaction,
/// still one flush per 100.
fn raw_sled(n: usize, cache_bytes: u64) {
    const TREES: [&str; 5] = ["items", "identity", "queue", "events", "threads"];
    for (label, trees) in [("item JSON only", 1), ("same 5 records", TREES.len())] {
        let dir = tempfile::Builder::new()
            .prefix("siaga-bench-raw-")
            .tempdir()
            .expect("a temporary directory");
        let db = sled::Config::new()
            .path(dir.path().join("db"))
            .cache_capacity(cache_bytes)
            .mode(sled::Mode::HighThroughput)
            .open()
            .expect("open raw sled");
        let trees: Vec<sled::Tree> = TREES[..trees]
            .iter()
            .map(|name| db.open_tree(name).unwrap())
            .collect();
        let pages = pages(n);
        let (mut value_bytes, mut in_write) = (0usize, Duration::ZERO);
        let started = Instant::now();
        for p in 0..pages {
            let first = p * PAGE;
            let now = page_now(p, pages);
            let arrivals = page_arrivals(first, PAGE.min(n - first), now);
            let mut batches: Vec<sled::Batch> = trees.iter().map(|_| Default::default()).collect();
            // Timed like commit_page: building and serializing the records too.
            let t = Instant::now();
            for (k, a) in arrivals.into_iter().enumerate() {
                let id = InquiryId((first + k + 1) as u64);
                let mut inq = Inquiry::from_arrival(id, SOURCE, a, now);
                inq.history_len = 1;
                let value = serde_json::to_vec(&inq).unwrap();
                value_bytes += value.len();
                batches[0].insert(&id.0.to_be_bytes(), value);
                if let [_, identity, queue, events, threads] = &mut batches[..] {
                    add_raw_records(identity, queue, events, threads, &inq, now);
                }
            }
            for (tree, batch) in trees.iter().zip(batches) {
                tree.apply_batch(batch).unwrap();
            }
            db.flush().unwrap();
            in_write += t.elapsed();
        }
        let wall = started.elapsed();
        println!(
            "[siaga bench] INSERT raw sled ({label}): {n} in {:.1} s wall = {:.0} /s \
             ({:.0} /s counting record building, batch and flush only); mean item JSON {} bytes; \
             size_on_disk {} ; files {}",
            wall.as_secs_f64(),
            n as f64 / wall.as_secs_f64(),
            n as f64 / in_write.as_secs_f64(),
            value_bytes / n,
            bytes(db.size_on_disk().unwrap()),
            bytes(dir_bytes(dir.path()).0)
        );
    }
}

/// The index records of one new inquiry, laid out as the store lays them.
fn add_raw_records(
    identity: &mut sled::Batch,
    queue: &mut sled::Batch,
    events: &mut sled::Batch,
    threads: &mut sled::Batch,
    inq: &Inquiry,
    now: Timestamp,
) {
    let id = inq.id.0.to_be_bytes();
    let key = |parts: &[&str]| parts.join("\0").into_bytes();
    identity.insert(key(&[SOURCE, &inq.external_id]), &id);
    let mut qkey = Vec::with_capacity(18);
    qkey.push(inq.status.code());
    qkey.push(inq.priority.rank());
    qkey.extend_from_slice(&((inq.queued_at.as_microsecond() as u64) ^ (1 << 63)).to_be_bytes());
    qkey.extend_from_slice(&id);
    queue.insert(qkey, &[]);
    let event = Event {
        seq: 0,
        at: now,
        officer: "siaga".into(),
        what: "received".into(),
        before: None,
        after: Some(SOURCE.into()),
        link: None,
        sealed: None,
        content: None,
    };
    let mut ekey = id.to_vec();
    ekey.extend_from_slice(&0u32.to_be_bytes());
    events.insert(ekey, serde_json::to_vec(&event).unwrap());
    if let Some(conversation) = &inq.conversation_id {
        let author = inq
            .author
            .platform_id
            .as_deref()
            .unwrap_or(&inq.author.handle);
        threads.insert(key(&[SOURCE, author, conversation]), &id);
    }
}

// ---------------------------------------------------------------------------
// Realistic arrivals, a pure function of their index

fn pages(n: usize) -> usize {
    n.div_ceil(PAGE)
}

/// When page `p` of `pages` is fetched: evenly over the 30 days to the end.
fn page_now(p: usize, pages: usize) -> Timestamp {
    let span = SPAN_DAYS * DAY_MICROS;
    let at = END_MICROS - span + span * (p as i64 + 1) / pages as i64;
    Timestamp::from_microsecond(at).unwrap()
}

fn page_arrivals(first: usize, len: usize, now: Timestamp) -> Vec<Arrival> {
    (first..first + len).map(|i| arrival(i, now)).collect()
}

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5eed_5a9a_0000_0001)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

struct Template {
    /// Out of 1000 arrivals.
    weight: u32,
    priority: Priority,
    category: &'static str,
    reasons: &'static [&'static str],
    lang: &'static str,
    text: &'static str,
}

const TEMPLATES: &[Template] = &[
    // P1: 6%
    Template {
        weight: 25,
        priority: Priority::P1,
        category: "trafficking",
        reasons: &["disekap", "scam online", "tebusan"],
        lang: "in",
        text: "tolong min, adik sy {name} disekap di {scam_city}, dipaksa kerja scam online {hours} jam sehari. HP mau diambil, keluarga diminta tebusan Rp{amount} juta. tlg bantu segera 🙏",
    },
    Template {
        weight: 20,
        priority: Priority::P1,
        category: "labour",
        reasons: &["dikunci", "tolong", "pulang"],
        lang: "in",
        text: "assalamualaikum pak/bu, sy {name} PRT di {me_city}. sy dikunci di kamar sm majikan dr {days} hr, blm dikasih makan, HP ini mau diambil. tlg sy mau pulang. no WA sy +{phone}",
    },
    Template {
        weight: 15,
        priority: Priority::P1,
        category: "crisis",
        reasons: &["stranded", "airport closed", "evacuation"],
        lang: "en",
        text: "URGENT: {count} Indonesian students stranded in {crisis_city}, airport closed for {days} days and we are running out of food and cash. Please advise on evacuation. Contact: {name} +{phone}",
    },
    // P2: 21%
    Template {
        weight: 60,
        priority: Priority::P2,
        category: "crew",
        reasons: &["abk", "kapal ikan", "gaji"],
        lang: "in",
        text: "min tlg suami sy ABK di kapal ikan {vessel}, udh {months} bln gaji blm dibayar, paspor ditahan kapten. terakhir kontak dr {port} tgl {day}. gmn caranya lapor?",
    },
    Template {
        weight: 60,
        priority: Priority::P2,
        category: "detention",
        reasons: &["ditangkap", "penjara"],
        lang: "in",
        text: "kakak sy {name} ditangkap polisi di {me_city} tgl {day} krn visa habis, skrg di penjara imigrasi. kami gak bisa hubungi dia udh {days} hr. tlg apa KBRI bs dampingi?",
    },
    Template {
        weight: 40,
        priority: Priority::P2,
        category: "death",
        reasons: &["died", "repatriation"],
        lang: "en",
        text: "My sister {name} died in a hospital in {asia_city} yesterday. The employer says repatriation of her body costs {currency} {amount},000 and we cannot pay. What can the embassy do? Ref {ref}",
    },
    Template {
        weight: 50,
        priority: Priority::P2,
        category: "family",
        reasons: &["gak bisa dihubungi", "sakit"],
        lang: "in",
        text: "selamat malam min, mohon maaf mengganggu. ibu sy {name} kerja di {me_city} sejak 2019 lewat agen {agency}. sdh {months} bln gak bisa dihubungi, terakhir dia bilang sakit & gak dikasih berobat sm majikan. kami sdh lapor ke disnaker tp blm ada kabar. tlg dicek 🙏",
    },
    // P3: 34%
    Template {
        weight: 120,
        priority: Priority::P3,
        category: "labour",
        reasons: &["gaji dipotong", "agen"],
        lang: "in",
        text: "kak sy PRT di {asia_city}, gaji dipotong {currency} {amount}00 tiap bln katanya \"biaya agen\", libur mingguan gak pernah dikasih udh {months} bln. klo lapor takut di-terminate. hrs gmn?",
    },
    Template {
        weight: 110,
        priority: Priority::P3,
        category: "job_offer",
        reasons: &["lowongan", "agen", "penipuan"],
        lang: "in",
        text: "min mau tanya, ada lowongan kerja di {country} lewat agen {agency}, diminta bayar Rp{amount} juta dulu buat visa & tiket. ini resmi gak ya? takut penipuan",
    },
    Template {
        weight: 70,
        priority: Priority::P3,
        category: "documents",
        reasons: &["passport", "stolen"],
        lang: "en",
        text: "Hello, my passport was stolen in {eu_city} on {day}. My flight home is in {days} days. How do I get an emergency travel document (SPLP) at the embassy, and what should I bring?",
    },
    Template {
        weight: 40,
        priority: Priority::P3,
        category: "family",
        reasons: &["missing"],
        lang: "en",
        text: "How do I report a missing relative in {me_city}? Last contact {days} days ago. Name: {name}",
    },
    // P4: 39%
    Template {
        weight: 150,
        priority: Priority::P4,
        category: "consular_info",
        reasons: &["paspor"],
        lang: "in",
        text: "selamat siang min, jam buka layanan paspor di KBRI {any_city} hari Sabtu apa ya? mau perpanjang paspor yg habis bln depan. perlu janji temu online dulu? makasih 🙏",
    },
    Template {
        weight: 100,
        priority: Priority::P4,
        category: "consular_info",
        reasons: &["legalisation"],
        lang: "en",
        text: "Hi, does the consulate in {any_city} legalise documents for marriage registration? What are the fees and how long does it take? Thanks in advance, {name}",
    },
    Template {
        weight: 60,
        priority: Priority::P4,
        category: "not_protection",
        reasons: &[],
        lang: "in",
        text: "mantap min, terima kasih banyak atas bantuannya kemarin utk keluarga kami di {any_city}. pelayanannya cepat dan ramah. sukses selalu buat tim KBRI!",
    },
    Template {
        weight: 40,
        priority: Priority::P4,
        category: "not_protection",
        reasons: &[],
        lang: "in",
        text: "min kapan ada sosialisasi pekerja migran di {any_city} lagi? kemarin sy ketinggalan krn shift. info jadwal & tempatnya dong, sama syarat daftarnya apa aja",
    },
    Template {
        weight: 40,
        priority: Priority::P4,
        category: "consular_info",
        reasons: &["legalisir"],
        lang: "in",
        text: "min, KBRI {any_city} buka hari ini gak? mau legalisir ijazah. makasih",
    },
];

// The weights are a distribution over 1000 arrivals.
const _: () = {
    let (mut sum, mut i) = (0, 0);
    while i < TEMPLATES.len() {
        sum += TEMPLATES[i].weight;
        i += 1;
    }
    assert!(sum == 1000, "template weights must add up to 1000");
};

const FIRST: &[&str] = &[
    "Siti",
    "Yuni",
    "Nurhayati",
    "Dewi",
    "Sri",
    "Wahyu",
    "Agus",
    "Rina",
    "Eko",
    "Putri",
    "Budi",
    "Ani",
    "Fitri",
    "Hendra",
    "Lestari",
    "Rahmat",
    "Maya",
    "Joko",
    "Indah",
    "Yusuf",
];
const LAST: &[&str] = &[
    "Aminah",
    "Rahayu",
    "Lestari",
    "Saputra",
    "Wulandari",
    "Hidayat",
    "Susanti",
    "Pratama",
    "Kusuma",
    "Nugroho",
    "Handayani",
    "Setiawan",
];
const SCAM_CITY: &[&str] = &[
    "Myawaddy",
    "Sihanoukville",
    "KK Park",
    "Shwe Kokko",
    "Poipet",
];
const ME_CITY: &[&str] = &[
    "Riyadh",
    "Jeddah",
    "Dammam",
    "Dubai",
    "Abu Dhabi",
    "Doha",
    "Kuwait City",
    "Amman",
];
const ASIA_CITY: &[&str] = &[
    "Tsuen Wan",
    "Taichung",
    "Kuala Lumpur",
    "Johor Bahru",
    "Singapore",
    "Taipei",
    "Kowloon",
    "Penang",
];
const EU_CITY: &[&str] = &[
    "Amsterdam",
    "Paris",
    "Barcelona",
    "Rome",
    "Berlin",
    "Istanbul",
    "Vienna",
];
const CRISIS_CITY: &[&str] = &["Khartoum", "Beirut", "Tehran", "Port-au-Prince", "Yangon"];
const ANY_CITY: &[&str] = &[
    "Kuala Lumpur",
    "Hong Kong",
    "Tokyo",
    "Seoul",
    "Riyadh",
    "Den Haag",
    "London",
    "Sydney",
    "Taipei",
    "Jeddah",
];
const COUNTRY: &[&str] = &[
    "Polandia",
    "Jepang",
    "Korea",
    "Taiwan",
    "Arab Saudi",
    "Australia",
    "Rumania",
];
const AGENCY: &[&str] = &[
    "PT Sinar Jaya",
    "PT Karya Mandiri",
    "LPK Harapan",
    "PT Berkah Abadi",
];
const VESSEL: &[&str] = &[
    "Fu Yuan Yu",
    "Long Xing",
    "Han Rong",
    "Da Wang",
    "Lien Yi Hsing",
];
const PORT: &[&str] = &[
    "Busan",
    "Cape Town",
    "Montevideo",
    "Port Louis",
    "Las Palmas",
];
const CURRENCY: &[&str] = &["HKD", "NT$", "RM", "SAR", "AED"];
/// Appended when a text is under 80 characters.
const TAILS: &[&str] = &[
    " mohon bantuannya 🙏",
    " terima kasih min.",
    " please help, thank you.",
    " ditunggu balasannya.",
];
/// Sometimes a citizen says a little more.
const MORE: &[&str] = &[
    " sy sdh hubungi agennya tp gak dibalas.",
    " We already called the hotline but nobody answered.",
    " mohon dibalas lewat DM ya min.",
    " Sudah lapor ke polisi setempat, tapi belum ada kabar sampai sekarang.",
    " please reply asap 🙏🙏",
];

fn arrival(i: usize, now: Timestamp) -> Arrival {
    let mut rng = Rng::new(i as u64);
    let mut roll = rng.below(1000) as u32;
    let template = TEMPLATES
        .iter()
        .find(|t| {
            if roll < t.weight {
                true
            } else {
                roll -= t.weight;
                false
            }
        })
        .unwrap_or(&TEMPLATES[TEMPLATES.len() - 1]);

    let first_name = rng.pick(FIRST);
    let last_name = rng.pick(LAST);
    let private = rng.below(100) < 25;
    let mut text = String::with_capacity(320);
    if !private {
        text.push_str(match rng.below(4) {
            0 => "@Kemlu_RI @BNP2TKI ",
            1 => "@Kemlu_RI @KBRI_KualaLumpur ",
            _ => "@Kemlu_RI ",
        });
    }
    fill(&mut text, template.text, &mut rng, first_name);
    if rng.below(100) < 30 {
        text.push_str(rng.pick(MORE));
    }
    while text.chars().count() < 80 {
        text.push_str(rng.pick(TAILS));
    }
    if let Some((cut, _)) = text.char_indices().nth(300) {
        text.truncate(cut);
    }

    let post = 1_800_000_000_000_000_000u64 + (i as u64) * 4_096 + rng.below(4_096);
    // Every inquiry of the build opens its own thread (same author in the
    // same conversation would attach as a follow-up): DM authors are
    // distinct, public authors come from a large pool and post in their own
    // or a ministry thread.
    let (channel, user, external_id, conversation_id, in_reply_to) = if private {
        let user = 2_000_000_000 + i as u64;
        let conversation = format!("{user}-1362745032");
        (
            Channel::Private,
            user,
            format!("dm:{post}"),
            conversation,
            None,
        )
    } else {
        let user = 1_000_000_000 + rng.below(400_000_000);
        if rng.below(10) < 7 {
            (
                Channel::Public,
                user,
                post.to_string(),
                post.to_string(),
                None,
            )
        } else {
            let thread = (post - 1 - rng.below(1 << 30)).to_string();
            let reply_to = Some(thread.clone());
            (Channel::Public, user, post.to_string(), thread, reply_to)
        }
    };
    let age = rng.below(MAX_AGE_MICROS as u64) as i64;
    Arrival {
        external_id,
        conversation_id: Some(conversation_id),
        in_reply_to,
        author: Author {
            handle: format!(
                "{}{}_{}",
                first_name.to_lowercase(),
                last_name.len(),
                user % 10_000
            ),
            display_name: format!("{first_name} {last_name}"),
            platform_id: Some(user.to_string()),
        },
        channel,
        text,
        created_at: Timestamp::from_microsecond(now.as_microsecond() - age).unwrap(),
        lang: Some(template.lang.to_string()),
        priority: template.priority,
        category: template.category.to_string(),
        reasons: template.reasons.iter().map(|r| r.to_string()).collect(),
    }
}

const FOLLOW_UPS: &[&str] = &[
    "min, sudah ada kabar? sy masih menunggu dari kemarin, tolong dibalas ya 🙏",
    "Any update on this? My family is still waiting to hear from the embassy. Thank you.",
    "ini sy kirim foto paspor & kontrak kerjanya ya min. nomor WA sy masih sama. mohon segera dibantu",
    "min tlg, kondisinya makin parah, majikan marah2 dan HP sy mau diambil lagi. tlg cepat",
];

/// Message `k` of the follow-ups: the author of arrival `parent` writes
/// again in the same thread (a reply to their own post, or the same DMs).
fn follow_up(parent: usize, k: usize, now: Timestamp) -> Arrival {
    let mut a = arrival(parent, now);
    let mut rng = Rng::new(!(k as u64));
    let post = 3_000_000_000_000_000_000u64 + k as u64;
    (a.external_id, a.in_reply_to) = match a.channel {
        Channel::Private => (format!("dm:{post}"), None),
        Channel::Public => (post.to_string(), Some(a.external_id)),
    };
    a.text = rng.pick(FOLLOW_UPS).to_string();
    while a.text.chars().count() < 80 {
        a.text.push_str(rng.pick(TAILS));
    }
    a.created_at = now;
    // One in ten is more urgent than the first message.
    if rng.below(10) == 0 {
        a.priority =
            Priority::from_rank(a.priority.rank().saturating_sub(1)).unwrap_or(Priority::P1);
    }
    a
}

/// Expand `{slot}`s of a template.
fn fill(out: &mut String, template: &str, rng: &mut Rng, first_name: &str) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        let slot = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let _ = match slot {
            "name" => write!(out, "{first_name}"),
            "scam_city" => write!(out, "{}", rng.pick(SCAM_CITY)),
            "me_city" => write!(out, "{}", rng.pick(ME_CITY)),
            "asia_city" => write!(out, "{}", rng.pick(ASIA_CITY)),
            "eu_city" => write!(out, "{}", rng.pick(EU_CITY)),
            "crisis_city" => write!(out, "{}", rng.pick(CRISIS_CITY)),
            "any_city" => write!(out, "{}", rng.pick(ANY_CITY)),
            "country" => write!(out, "{}", rng.pick(COUNTRY)),
            "agency" => write!(out, "{}", rng.pick(AGENCY)),
            "vessel" => write!(out, "{} {}", rng.pick(VESSEL), 100 + rng.below(900)),
            "port" => write!(out, "{}", rng.pick(PORT)),
            "currency" => write!(out, "{}", rng.pick(CURRENCY)),
            "hours" => write!(out, "{}", 12 + rng.below(7)),
            "days" => write!(out, "{}", 2 + rng.below(12)),
            "months" => write!(out, "{}", 2 + rng.below(10)),
            "day" => write!(out, "{}/{}", 1 + rng.below(28), 1 + rng.below(6)),
            "count" => write!(out, "{}", 5 + rng.below(60)),
            "amount" => write!(out, "{}", 5 + rng.below(195)),
            "phone" => write!(
                out,
                "966 5{} {:03} {:04}",
                rng.below(10),
                rng.below(1000),
                rng.below(10_000)
            ),
            "ref" => write!(out, "#{:06}", rng.below(1_000_000)),
            other => panic!("unknown slot {{{other}}}"),
        };
    }
    out.push_str(rest);
}

// ---------------------------------------------------------------------------
// Reporting

fn print_disk(store: &Store, dir: &Path) {
    let (apparent, allocated, files) = dir_bytes(dir);
    println!(
        "[siaga bench] DISK: size_on_disk {} ; files under the store directory: {files} files, \
         {} apparent, {} allocated ; {} store items",
        bytes(store.size_on_disk().unwrap()),
        bytes(apparent),
        bytes(allocated),
        store.len()
    );
}

fn print_memory(when: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| -> String {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| {
                let kib: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                bytes(kib * 1024)
            })
            .unwrap_or_else(|| "?".into())
    };
    println!(
        "[siaga bench] MEMORY {when}: VmRSS {} ; VmHWM {}",
        field("VmRSS:"),
        field("VmHWM:")
    );
}

/// (apparent bytes, allocated bytes, file count) of everything under `dir`.
fn dir_bytes(dir: &Path) -> (u64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let mut total = (0, 0, 0);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return total;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let (a, b, c) = dir_bytes(&entry.path());
            total = (total.0 + a, total.1 + b, total.2 + c);
        } else {
            total = (
                total.0 + meta.len(),
                total.1 + meta.blocks() * 512,
                total.2 + 1,
            );
        }
    }
    total
}

fn bytes(n: u64) -> String {
    format!("{n} B ({:.1} MiB)", n as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}
