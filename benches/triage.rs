//! Triage at scale: "time to first frame on a store of 1,000,000 inquiries
//! beside the same with 1,000 (goal: no more than 1.5x); per-keystroke
//! search time beside `fzf --filter` on the same texts in the same run
//! (goal: faster than fzf); memory (goal: under 100 MB resident)".
//!
//! The stores are built first (N = `SIAGA_BENCH_TRIAGE_N`, default
//! 1,000,000; 2,000 under `--test`; and 1,000). Every measurement then runs
//! in a fresh child process (this same binary, `--child`), so that times
//! include opening the store and memory is what a fresh `siaga` would use:
//! - first frame: open the store, load the first page, the counts and the
//!   view counts, and draw one 80x24 frame, as the TUI does at start;
//! - search: the same, then the search index built (as the TUI does in the
//!   background), then each of [`QUERIES`] typed one key at a time ("p",
//!   "pa", ... "paspor"), each a search of the Inbox view as the TUI asks
//!   for it (narrowing from the last key, stopping once nothing better can
//!   come); then the same keys by the reference scan that scores every
//!   inquiry (what one key cost before narrowing), in the same process;
//! - fzf: `fzf --filter` over the same texts (one line each), per prefix.
//!
//! Then the same with `siaga serve` owning each store (the way a shared
//! jump host runs): the daemon opens the store and builds the search index
//! once; the measured child is a client, which connects, loads the first
//! page and counts over the socket, and draws. Its memory is the client's;
//! the daemon's is reported beside it.
//!
//! Run: `cargo bench --bench triage`.

mod support;
use support::vm;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use siaga::config::Config;
use siaga::model::{Arrival, Author, Channel};
use siaga::queue::{LocalQueue, QueueService, ViewQuery};
use siaga::store::{DEFAULT_CACHE_BYTES, Store};
use siaga::triage::Lexicon;
use siaga::ui::app::UiOptions;
use siaga::ui::effect::run_effect;
use siaga::ui::update;

/// What an officer types on a crisis day: a common word, two words, a
/// place, a plea, a handle, a filter with a word.
const QUERIES: [&str; 6] = [
    "paspor",
    "gaji paspor",
    "myawaddy",
    "tolong",
    "@warga_4242",
    "prio:P1 paspor",
];

/// Every prefix of `query`, one key at a time.
fn keys(query: &str) -> impl Iterator<Item = &str> {
    query
        .char_indices()
        .map(move |(i, c)| &query[..i + c.len_utf8()])
}
const PAGE: usize = 100;

const PLACES: [&str; 8] = [
    "Riyadh",
    "Jeddah",
    "Kuala Lumpur",
    "Hong Kong",
    "Taipei",
    "Myawaddy",
    "Dubai",
    "Tokyo",
];
const TEXTS: [&str; 8] = [
    "min tlg adik sy di {p} udh 5 bln gaji blm dibayar, paspor ditahan majikan. gmn caranya?",
    "TOLONG sepupu sy dibawa ke {p}, disekap di perusahaan scam, bosnya minta tebusan",
    "mohon info syarat perpanjang paspor di {p}, apakah bisa online?",
    "my husband is detained in {p} since last week, nobody tells us anything",
    "terima kasih Kemlu atas bantuannya memulangkan jenazah ayah kami dari {p}",
    "suami sy ABK kapal ikan di {p}, katanya ada yg meninggal dan disimpan di freezer",
    "kak sy kehilangan dompet dan kartu identitas di {p}, harus lapor ke mana?",
    "is this agency in {p} legal? they promise a high salary for factory work",
];

fn text(i: usize) -> String {
    format!(
        "@Kemlu_RI {} #{i}",
        TEXTS[i % 8].replace("{p}", PLACES[(i / 8) % 8])
    )
}

fn arrival(i: usize, lexicon: &Lexicon) -> Arrival {
    let text = text(i);
    let verdict = lexicon.score(&text);
    Arrival {
        external_id: (1_861_000_000_000_000_000u64 + i as u64).to_string(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga_{}", i % 50_000),
            display_name: "Warga".into(),
            platform_id: Some(i.to_string()),
        },
        channel: if i.is_multiple_of(6) {
            Channel::Private
        } else {
            Channel::Public
        },
        created_at: Timestamp::from_second(1_780_000_000 + i as i64).unwrap(),
        lang: Some("in".into()),
        text,
        priority: verdict.priority,
        category: verdict.category,
        reasons: verdict.reasons,
    }
}

fn build(dir: &Path, n: usize) {
    let lexicon = Lexicon::builtin();
    let store = Store::open(dir).unwrap();
    let now = Timestamp::now();
    let started = Instant::now();
    for page in 0..n.div_ceil(PAGE) {
        let arrivals: Vec<Arrival> = (page * PAGE..((page + 1) * PAGE).min(n))
            .map(|i| arrival(i, &lexicon))
            .collect();
        store
            .commit_page(&siaga::queue::DeskArrivals, "bench", &arrivals, None, now)
            .unwrap();
    }
    eprintln!("built {n} inquiries in {:.1?}", started.elapsed());
}

fn texts_file(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("texts.txt");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n {
        writeln!(out, "@warga_{} Warga {}", i % 50_000, text(i)).unwrap();
    }
    path
}

/// In the child: open, first frame, then (with `search`) type the query.
fn child(dir: &Path, search: bool) {
    let started = Instant::now();
    let queue = LocalQueue::open(dir, DEFAULT_CACHE_BYTES).unwrap();
    let view = measure(queue.as_ref(), started, search);
    if search {
        for query in QUERIES {
            for key in keys(query) {
                let started = Instant::now();
                let Ok(hits) = queue.search_every_inquiry(&view, key, 500) else {
                    continue;
                };
                println!(
                    "scan {} {:.3} {}",
                    key.replace(' ', "_"),
                    started.elapsed().as_secs_f64() * 1000.0,
                    hits.len()
                );
            }
        }
    }
}

/// In the child, as a client of `siaga serve` on `socket`.
fn client(socket: &Path, search: bool) {
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let queue = rt
        .block_on(siaga::daemon::client::RemoteQueue::connect(socket, "bench"))
        .unwrap();
    measure(queue.as_ref(), started, search);
}

/// First frame, then (with `search`) every query typed; the Inbox view's
/// query comes back for the reference scan.
fn measure(queue: &dyn QueueService, started: Instant, search: bool) -> ViewQuery {
    let options = UiOptions::from_config(&Config::defaults(), "alice", false, false);
    let mut state = options.initial_state(80, 24);
    for effect in siaga::ui::update::init(&mut state) {
        if let Some(action) = run_effect(effect, queue, "alice", siaga::i18n::Lang::En) {
            update(&mut state, action);
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| siaga::ui::view::render(&state, f))
        .unwrap();
    let first_frame = started.elapsed();
    assert!(!state.rows.is_empty());
    println!("first_frame_ms {:.3}", first_frame.as_secs_f64() * 1000.0);
    println!("rss_kb {} hwm_kb {}", vm("VmRSS:"), vm("VmHWM:"));
    if search {
        // The TUI builds this in the background right after the first frame.
        let started = Instant::now();
        queue.prepare_search().unwrap();
        println!("index_ms {:.3}", started.elapsed().as_secs_f64() * 1000.0);
        println!("rss_kb {} hwm_kb {}", vm("VmRSS:"), vm("VmHWM:"));
        let view = state.current_view().query(500);
        for query in QUERIES {
            for key in keys(query) {
                let started = Instant::now();
                // "prio:P" is refused (the TUI says why): no search runs.
                let Ok(hits) = queue.search(&view, key, 500) else {
                    continue;
                };
                println!(
                    "search {} {:.3} {}",
                    key.replace(' ', "_"),
                    started.elapsed().as_secs_f64() * 1000.0,
                    hits.len()
                );
            }
        }
        println!("rss_kb {} hwm_kb {}", vm("VmRSS:"), vm("VmHWM:"));
    }
    state.current_view().query(500)
}

fn run_child(dir: &Path, search: bool) -> String {
    run_as("--child", dir, search)
}

fn run_as(mode: &str, dir: &Path, search: bool) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.arg(mode).arg(dir);
    if search {
        cmd.arg("--search");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn first_frame_ms(output: &str) -> f64 {
    output
        .lines()
        .find_map(|l| l.strip_prefix("first_frame_ms ")?.parse().ok())
        .unwrap()
}

/// `(key, ms, shown)` of every `prefix` line a child printed.
fn timed(output: &str, prefix: &str) -> Vec<(String, f64, String)> {
    output
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let key = parts.next()?.to_string();
            let ms = parts.next()?.parse().ok()?;
            Some((key, ms, parts.next()?.to_string()))
        })
        .collect()
}

/// One row per key: siaga's search as the TUI asks for it, the reference
/// scan of every inquiry (what a key cost before narrowing), and
/// `fzf --filter`; then the totals over every key typed.
fn search_table(searched: &str, fzf: Option<&[(String, f64)]>, n: usize) {
    let (fast, scan) = (timed(searched, "search "), timed(searched, "scan "));
    println!("search in the Inbox view of {n}, one key at a time (ms; in-process):");
    println!(
        "  {:<16} {:>9} {:>9} {:>9}  shown",
        "key", "siaga", "full scan", "fzf"
    );
    let (mut total_fast, mut total_scan, mut worst) = (0.0, 0.0, 0.0f64);
    for ((key, ms, shown), (_, scan_ms, scan_shown)) in fast.iter().zip(&scan) {
        assert_eq!(
            shown, scan_shown,
            "narrowed and full scans disagree on {key}"
        );
        let fzf_ms = fzf
            .and_then(|f| f.iter().find(|(k, _)| k == key))
            .map_or("-".to_string(), |(_, ms)| format!("{ms:.1}"));
        println!("  {key:<16} {ms:>9.1} {scan_ms:>9.1} {fzf_ms:>9}  {shown}");
        total_fast += ms;
        total_scan += scan_ms;
        worst = worst.max(*ms);
    }
    println!(
        "  {} keys: siaga {total_fast:.0} ms in all (worst key {worst:.1} ms; goal 50), full scan {total_scan:.0} ms",
        fast.len()
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn fzf_times(file: &Path) -> Option<Vec<(String, f64)>> {
    Command::new("fzf").arg("--version").output().ok()?;
    let mut out = Vec::new();
    // fzf knows no `prio:` filter: it gets the words only.
    for key in QUERIES
        .iter()
        .filter(|q| !q.contains(':'))
        .flat_map(|q| keys(q))
    {
        let started = Instant::now();
        let status = Command::new("fzf")
            .arg(format!("--filter={key}"))
            .stdin(std::fs::File::open(file).ok()?)
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        let took: Duration = started.elapsed();
        if !status.success() && status.code() != Some(1) {
            return None;
        }
        out.push((key.replace(' ', "_"), took.as_secs_f64() * 1000.0));
    }
    Some(out)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(
            Path::new(&args[i + 1]),
            args.iter().any(|a| a == "--search"),
        );
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--client") {
        client(
            Path::new(&args[i + 1]),
            args.iter().any(|a| a == "--search"),
        );
        return;
    }
    let test = support::quick();
    let n = support::size("SIAGA_BENCH_TRIAGE_N", 2_000, 1_000_000);
    let work = tempfile::tempdir().unwrap();
    let (big, small) = (work.path().join("big"), work.path().join("small"));
    build(&big, n);
    build(&small, 1_000);
    let runs = if test { 1 } else { 5 };
    let time = |dir: &Path| {
        median(
            (0..runs)
                .map(|_| first_frame_ms(&run_child(dir, false)))
                .collect(),
        )
    };
    let (t_big, t_small) = (time(&big), time(&small));
    println!("first frame (open store, first page, counts, one 80x24 frame), median of {runs}:");
    println!("  {n:>9} inquiries: {t_big:>9.1} ms");
    println!("  {:>9} inquiries: {t_small:>9.1} ms", 1_000);
    println!("  ratio: {:.2} (goal: at most 1.5)", t_big / t_small);
    let searched = run_child(&big, true);
    let index_ms = searched
        .lines()
        .find_map(|l| l.strip_prefix("index_ms "))
        .unwrap_or("?");
    println!("search index built in the background after the first frame: {index_ms} ms");
    let fzf = fzf_times(&texts_file(work.path(), n));
    if fzf.is_none() {
        println!("fzf not installed: `apt-get install fzf` to compare");
    }
    search_table(&searched, fzf.as_deref(), n);
    let memory: Vec<&str> = searched
        .lines()
        .filter(|l| l.starts_with("rss_kb"))
        .collect();
    for (when, line) in [
        "after the first frame",
        "with the search index",
        "after searching",
    ]
    .iter()
    .zip(memory)
    {
        println!("memory ({n}, {when}): {line}");
    }
    daemon_mode(work.path(), &big, &small, n, runs);
}

/// A running `siaga serve` on one store.
struct Daemon {
    child: std::process::Child,
    socket: PathBuf,
}

impl Daemon {
    fn start(work: &Path, dir: &Path, name: &str) -> Daemon {
        let socket = work.join(format!("{name}.sock"));
        let config = work.join(format!("{name}.toml"));
        std::fs::write(
            &config,
            format!("[daemon]\nsocket = \"{}\"\n", socket.display()),
        )
        .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(dir)
            .arg("serve")
            .env("XDG_STATE_HOME", work.join("state"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(Instant::now() < deadline, "siaga serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Daemon { child, socket }
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.child.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.child.wait();
    }
}

fn daemon_mode(work: &Path, big: &Path, small: &Path, n: usize, runs: usize) {
    let time = |socket: &Path| {
        median(
            (0..runs)
                .map(|_| first_frame_ms(&run_as("--client", socket, false)))
                .collect(),
        )
    };
    let (t_big, client_big, daemon_rss, searched) = {
        let d = Daemon::start(work, big, "big");
        let t = time(&d.socket);
        let out = run_as("--client", &d.socket, false);
        let searched = run_as("--client", &d.socket, true);
        (t, out, d.rss_kb(), searched)
    };
    let t_small = {
        let d = Daemon::start(work, small, "small");
        time(&d.socket)
    };
    println!();
    println!(
        "with siaga serve owning the store, a client's first frame (connect, first page, counts, one 80x24 frame), median of {runs}:"
    );
    println!("  {n:>9} inquiries: {t_big:>9.1} ms");
    println!("  {:>9} inquiries: {t_small:>9.1} ms", 1_000);
    println!("  ratio: {:.2} (goal: at most 1.5)", t_big / t_small);
    if let Some(rss) = client_big.lines().find(|l| l.starts_with("rss_kb")) {
        println!("client memory ({n}, after the first frame): {rss}");
    }
    println!("daemon memory ({n}, serving, search index built): rss_kb {daemon_rss}");
    println!("search through the daemon, one key at a time (client round trip):");
    for line in searched.lines().filter(|l| l.starts_with("search ")) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        println!("  {:<16} {:>9} ms  {} shown", parts[1], parts[2], parts[3]);
    }
}
