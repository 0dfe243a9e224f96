//! The daemon under its clients: an in-process `siaga serve` (the server
//! of `siaga::daemon::server` on its own runtime, over a real Unix socket)
//! on a store of N inquiries (`SIAGA_BENCH_N`, default 2,000), and
//! `RemoteQueue` clients on another runtime, as separate `siaga` processes
//! would be.
//!
//! (a) Request rate of one client: `counts` and `get` round trips, one at
//!     a time (criterion), and per second over a fixed run (summary); also
//!     `get` from 4 threads sharing the one connection.
//! (b) Propagation: one client toggles a tag (`apply`), K other clients
//!     (1, 10, 50), all subscribed, wait for the `Changed` event. Per
//!     change: the time from the `apply` call until the LAST subscriber has
//!     it (criterion measures this one), and until the median one has it.
//!
//! A summary table goes to stderr at the end.
//!
//! Run: `cargo bench --bench daemon`; quick check (as CI does):
//! `cargo bench --bench daemon -- --test`.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use jiff::Timestamp;
use siaga::daemon::access::DaemonConfig;
use siaga::daemon::client::RemoteQueue;
use siaga::daemon::server;
use siaga::model::{Arrival, Author, Channel, InquiryId, Priority};
use siaga::queue::{Change, LocalQueue, QueueEvent, QueueService};

const SOURCE: &str = "kemlu-x";
const TAG: &str = "bench";
const FANOUT: [usize; 3] = [1, 10, 50];

fn main() {
    let test_mode = criterion_test_mode();
    let n = env_usize("SIAGA_BENCH_N").unwrap_or(2_000);
    assert!(n > 0, "SIAGA_BENCH_N must be at least 1");
    let (rate_calls, rounds) = if test_mode { (50, 5) } else { (5_000, 300) };

    let daemon = Daemon::start(n);
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the clients' runtime");
    let connect = || {
        clients
            .block_on(RemoteQueue::connect(&daemon.socket, "bench"))
            .unwrap_or_else(|e| panic!("connecting: {e}"))
    };
    let one = connect();
    // `get` reads an inquiry of ordinary history; the propagation rounds
    // toggle a tag on another one (whose history grows by one per round).
    let read = daemon.ids[daemon.ids.len() / 3];
    let target = daemon.ids[daemon.ids.len() / 2];
    let phase = Instant::now();

    // --- summary measurements (fixed counts) ---
    let mut table = Vec::new();
    let rate = |f: &dyn Fn()| {
        let started = Instant::now();
        for _ in 0..rate_calls {
            f();
        }
        rate_calls as f64 / started.elapsed().as_secs_f64()
    };
    let counts_rate = rate(&|| {
        black_box(one.counts().unwrap());
    });
    let get_rate = rate(&|| {
        black_box(one.get(read).unwrap());
    });
    let shared_rate = {
        let started = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..rate_calls / 4 {
                        black_box(one.get(read).unwrap());
                    }
                });
            }
        });
        (rate_calls / 4 * 4) as f64 / started.elapsed().as_secs_f64()
    };
    table.push(format!(
        "request rate, one client, one call at a time: counts {counts_rate:.0}/s, get {get_rate:.0}/s \
         ({rate_calls} calls each)"
    ));
    table.push(format!(
        "request rate, one client, 4 threads sharing it: get {shared_rate:.0}/s"
    ));

    eprintln!(
        "[siaga bench daemon] request rates in {:.1?}",
        phase.elapsed()
    );
    let phase = Instant::now();
    let mut fanouts = Vec::new();
    for k in FANOUT {
        let mut fan = Fanout::new(&connect, k, target);
        fan.round(&one); // warm-up: every subscriber's forwarder is running
        let mut lasts = Vec::with_capacity(rounds);
        let mut medians = Vec::with_capacity(rounds);
        let mut applies = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let r = fan.round(&one);
            lasts.push(r.last);
            medians.push(r.median);
            applies.push(r.apply);
        }
        fanouts.push((k, pct(&mut applies, 0.5), pct(&mut medians, 0.5), {
            let p50 = pct(&mut lasts, 0.5);
            let p99 = pct(&mut lasts, 0.99);
            let max = *lasts.iter().max().unwrap();
            (p50, p99, max)
        }));
        fan.close();
    }

    eprintln!(
        "[siaga bench daemon] propagation rounds in {:.1?}",
        phase.elapsed()
    );

    // --- criterion ---
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    {
        let mut g = c.benchmark_group("request");
        g.bench_function("counts", |b| b.iter(|| black_box(one.counts().unwrap())));
        g.bench_function("get", |b| b.iter(|| black_box(one.get(read).unwrap())));
        g.finish();
    }
    {
        let mut g = c.benchmark_group("propagation_to_last");
        for k in FANOUT {
            let mut fan = Fanout::new(&connect, k, target);
            fan.round(&one);
            g.bench_with_input(BenchmarkId::from_parameter(k), &k, |b, _| {
                b.iter_custom(|iters| (0..iters).map(|_| fan.round(&one).last).sum())
            });
            fan.close();
        }
        g.finish();
    }
    c.final_summary();

    eprintln!();
    eprintln!(
        "[siaga bench daemon] store of {n} inquiries; in-process daemon, clients on another runtime{}",
        if test_mode {
            " (--test: few rounds)"
        } else {
            ""
        }
    );
    for line in &table {
        eprintln!("  {line}");
    }
    eprintln!(
        "  propagation of one apply (tag toggle) to K subscribed clients, {rounds} changes each:"
    );
    eprintln!(
        "  {:>4} | {:>12} | {:>14} | {:>12} | {:>12} | {:>12}",
        "K", "apply p50", "median p50", "last p50", "last p99", "last max"
    );
    for (k, apply, median, (p50, p99, max)) in fanouts {
        eprintln!(
            "  {k:>4} | {:>12} | {:>14} | {:>12} | {:>12} | {:>12}",
            us(apply),
            us(median),
            us(p50),
            us(p99),
            us(max)
        );
    }
    drop(one);
    drop(clients);
    daemon.stop();
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn pct(v: &mut [Duration], q: f64) -> Duration {
    v.sort_unstable();
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// K subscribed clients, each with a thread that reports when it hears of
/// a change of `target` (and whether the tag is on).
struct Fanout {
    queues: Vec<Arc<RemoteQueue>>,
    heard: mpsc::Receiver<(bool, Instant)>,
    threads: Vec<std::thread::JoinHandle<()>>,
    tagged: bool,
    k: usize,
    target: InquiryId,
}

struct Round {
    apply: Duration,
    median: Duration,
    last: Duration,
}

impl Fanout {
    fn new(connect: &dyn Fn() -> Arc<RemoteQueue>, k: usize, target: InquiryId) -> Fanout {
        let (tx, heard) = mpsc::channel();
        let mut queues = Vec::new();
        let mut threads = Vec::new();
        for _ in 0..k {
            let q = connect();
            let mut rx = q.subscribe();
            let tx = tx.clone();
            threads.push(std::thread::spawn(move || {
                loop {
                    match rx.blocking_recv() {
                        Ok(QueueEvent::Changed { inquiry, .. }) if inquiry.id == target => {
                            let on = inquiry.tags.iter().any(|t| t == TAG);
                            if tx.send((on, Instant::now())).is_err() {
                                return;
                            }
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                    }
                }
            }));
            queues.push(q);
        }
        let tagged = queues[0]
            .get(target)
            .unwrap()
            .inquiry
            .tags
            .iter()
            .any(|t| t == TAG);
        Fanout {
            queues,
            heard,
            threads,
            tagged,
            k,
            target,
        }
    }

    /// One tag toggle by `writer`; returns when all K have heard of it.
    fn round(&mut self, writer: &RemoteQueue) -> Round {
        let target = self.target;
        let change = if self.tagged {
            Change::Untag { tag: TAG.into() }
        } else {
            Change::Tag { tag: TAG.into() }
        };
        self.tagged = !self.tagged;
        let started = Instant::now();
        writer.apply(target, &change, "bench").unwrap();
        let apply = started.elapsed();
        let mut times = Vec::with_capacity(self.k);
        while times.len() < self.k {
            let (on, at) = self
                .heard
                .recv_timeout(Duration::from_secs(10))
                .expect("every subscriber hears of the change within 10 s");
            if on == self.tagged {
                times.push(at.duration_since(started));
            }
        }
        times.sort_unstable();
        Round {
            apply,
            median: times[(times.len() - 1) / 2],
            last: *times.last().unwrap(),
        }
    }

    fn close(self) {
        drop(self.queues);
        drop(self.heard);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

struct Daemon {
    socket: PathBuf,
    ids: Vec<InquiryId>,
    rt: tokio::runtime::Runtime,
    stop: tokio::sync::oneshot::Sender<()>,
    served: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Daemon {
    fn start(n: usize) -> Daemon {
        let dir = tempfile::Builder::new()
            .prefix("siaga-bench-daemon-")
            .tempdir()
            .expect("a temporary directory");
        let local = LocalQueue::open(&dir.path().join("data"), 64 << 20).expect("the store");
        let started = Instant::now();
        let mut ids = Vec::with_capacity(n);
        let all: Vec<usize> = (0..n).collect();
        for page in all.chunks(100) {
            let arrivals: Vec<Arrival> = page.iter().map(|i| arrival(*i)).collect();
            ids.extend(local.ingest(SOURCE, &arrivals, None).unwrap().new_ids);
        }
        eprintln!(
            "[siaga bench daemon] stored {n} inquiries in {:.1?}",
            started.elapsed()
        );
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the daemon's runtime");
        let socket = dir.path().join("run").join("siaga.sock");
        let config = DaemonConfig {
            max_clients: 256,
            ..DaemonConfig::default()
        };
        let listener = rt
            .block_on(server::bind(&socket, ""))
            .expect("bind the socket");
        let shared = server::Shared::new(local, config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = rt.spawn(server::run(listener, socket.clone(), shared, async {
            let _ = stopped.await;
        }));
        Daemon {
            socket,
            ids,
            rt,
            stop,
            served,
            _dir: dir,
        }
    }

    fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.rt.block_on(self.served);
        drop(self.rt);
    }
}

fn arrival(i: usize) -> Arrival {
    Arrival {
        external_id: (1_864_000_000_000_000_000u64 + i as u64).to_string(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga_{i}"),
            display_name: "Warga".into(),
            platform_id: Some(i.to_string()),
        },
        channel: if i.is_multiple_of(6) {
            Channel::Private
        } else {
            Channel::Public
        },
        text: format!(
            "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan #{i}"
        ),
        created_at: Timestamp::now(),
        lang: Some("in".into()),
        priority: Priority::ALL[i % 4],
        category: "labour".into(),
        reasons: vec!["labour: gaji, paspor".into()],
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
