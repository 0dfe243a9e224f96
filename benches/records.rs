//! The records duties at desk scale (issue #8): what the hash chain costs
//! each write, and how long the duties a supervisor runs take on a full
//! store.
//!
//! 1. Builds a store of N inquiries (`SIAGA_BENCH_N`, default 100,000;
//!    2,000 with `--test`) as the fetcher does (pages of 100, one flushed
//!    transaction each), every text carrying a phone number and some a
//!    passport number; then an officer's change on every tenth inquiry and
//!    the closing of every fifth.
//! 2. Times, each once on that store: `audit verify` (the whole chain),
//!    `check`, `backup` and `restore` (bytes, MB/s), a redacted export
//!    (rows/s, masking included), the monthly report, and a purge dry run.
//! 3. Masking alone: `mask_personal` over 10,000 texts (per text).
//!
//! The chain's cost per write is the insert rate here compared with the
//! store benchmark's (`cargo bench --bench store`) on the commit before the
//! chain; the numbers are in the session note.
//!
//! Run: `cargo bench --bench records`; quick: `cargo bench --bench records -- --test`.

mod support;

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use siaga::model::{Arrival, Author, Channel, InquiryId, Priority};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::records::export::ExportQuery;
use siaga::records::steward::{Answer, Clearance, Context, Request, serve};
use siaga::store::Store;

const PAGE: usize = 100;

fn main() {
    let n = support::size("SIAGA_BENCH_N", 2_000, 100_000);
    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 64 << 20).unwrap();

    let started = Instant::now();
    for first in (0..n).step_by(PAGE) {
        let page: Vec<Arrival> = (first..(first + PAGE).min(n)).map(arrival).collect();
        queue
            .ingest(
                "kemlu-x",
                &page,
                Some(("kemlu-x/mentions", &first.to_string())),
            )
            .unwrap();
    }
    let insert = started.elapsed();
    println!(
        "[records bench] INSERT {n} inquiries in {:.1} s = {:.0} /s (chained history, one flushed page of {PAGE} per transaction)",
        insert.as_secs_f64(),
        n as f64 / insert.as_secs_f64()
    );
    let started = Instant::now();
    let mut changes = 0;
    for i in (1..=n as u64).step_by(10) {
        queue
            .apply(
                InquiryId(i),
                &Change::Tag {
                    tag: "bench".into(),
                },
                "budi",
            )
            .unwrap();
        changes += 1;
    }
    for i in (1..=n as u64).step_by(5) {
        queue
            .apply(
                InquiryId(i),
                &Change::Close {
                    reason: "answered".into(),
                },
                "budi",
            )
            .unwrap();
        changes += 1;
    }
    let update = started.elapsed();
    println!(
        "[records bench] UPDATE {changes} officer changes in {:.1} s = {:.2} ms each (flushed)",
        update.as_secs_f64(),
        update.as_secs_f64() * 1000.0 / changes as f64
    );

    let context = Context {
        retention: siaga::config::Config::defaults().retention,
        public_numbers: vec![],
    };
    let ask = |request: Request| serve(&queue, "sup", Clearance::Full, &context, request).unwrap();

    let (answer, t) = timed(|| ask(Request::AuditVerify));
    let Answer::Audit(audit) = answer else {
        panic!()
    };
    assert!(audit.is_intact(), "{audit:?}");
    println!(
        "[records bench] AUDIT VERIFY {} events in {:.2} s = {:.0} events/s",
        audit.checked,
        t,
        audit.checked as f64 / t
    );

    let (answer, t) = timed(|| ask(Request::Check { repair: false }));
    let Answer::Check(check) = answer else {
        panic!()
    };
    assert!(check.is_clean(), "{check:?}");
    println!(
        "[records bench] CHECK {} inquiries in {t:.2} s",
        check.inquiries
    );

    let backup = dir.path().join("bench.backup");
    let (answer, t) = timed(|| {
        ask(Request::Backup {
            path: backup.clone(),
        })
    });
    let Answer::Backup(b) = answer else { panic!() };
    println!(
        "[records bench] BACKUP {} records, {:.1} MB in {t:.2} s = {:.1} MB/s (writers wait this long)",
        b.records,
        b.bytes as f64 / 1e6,
        b.bytes as f64 / 1e6 / t
    );
    let restored = tempfile::tempdir().unwrap();
    let (store, t) = timed(|| Store::restore(restored.path(), &backup, false).unwrap().0);
    println!(
        "[records bench] RESTORE {} inquiries in {t:.2} s (digest checked first)",
        store.len()
    );
    drop(store);

    let (rows, t) = timed(|| {
        let mut query = ExportQuery {
            from: None,
            to: None,
            unredacted: false,
            after: None,
            limit: 1_000,
        };
        let mut rows = 0;
        loop {
            let Answer::Export(page) = ask(Request::Export {
                query: query.clone(),
            }) else {
                panic!()
            };
            rows += page.rows.len();
            match page.next {
                Some(next) => query.after = Some(next),
                None => break rows,
            }
        }
    });
    println!(
        "[records bench] EXPORT redacted {rows} rows in {t:.2} s = {:.0} rows/s",
        rows as f64 / t
    );

    let (_, t) = timed(|| {
        ask(Request::Report {
            from: None,
            to: None,
        })
    });
    println!("[records bench] REPORT over {n} inquiries in {t:.2} s");

    let (answer, t) = timed(|| ask(Request::Purge { dry_run: true }));
    let Answer::Purge(p) = answer else { panic!() };
    println!(
        "[records bench] PURGE dry run over the closed ones in {t:.2} s ({} due)",
        p.due.len()
    );

    let texts: Vec<String> = (0..10_000).map(|i| arrival(i).text).collect();
    let (masked, t) = timed(|| {
        texts
            .iter()
            .map(|t| siaga::triage::privacy::mask_personal(t, &[]).len())
            .sum::<usize>()
    });
    std::hint::black_box(masked);
    println!(
        "[records bench] MASK {} texts in {t:.3} s = {:.1} µs per text",
        texts.len(),
        t * 1e6 / texts.len() as f64
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed().as_secs_f64())
}

fn arrival(i: usize) -> Arrival {
    const PLACES: [&str; 5] = ["Riyadh", "Kuala Lumpur", "Taipei", "Hong Kong", "Myawaddy"];
    let passport = if i.is_multiple_of(3) {
        format!(
            " Paspor saya C{:07} ditahan majikan.",
            1_000_000 + i % 9_000_000
        )
    } else {
        String::new()
    };
    Arrival {
        external_id: format!("{}", 1_861_000_000_000_000_000u64 + i as u64),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga_{}", i % 50_000),
            display_name: format!("Warga {i}"),
            platform_id: Some(format!("{}", 700_000 + i % 50_000)),
        },
        channel: if i.is_multiple_of(7) {
            Channel::Private
        } else {
            Channel::Public
        },
        text: format!(
            "@Kemlu_RI tolong, saudara saya di {} tidak bisa pulang, hubungi +62 812-{:04}-{:04}.{passport}",
            PLACES[i % PLACES.len()],
            i % 10_000,
            (i * 7) % 10_000
        ),
        created_at: Timestamp::now() - SignedDuration::from_mins((i % 10_000) as i64),
        lang: Some("in".into()),
        priority: Priority::ALL[i % 4],
        category: ["labour", "documents", "trafficking", "consular_info"][i % 4].into(),
        reasons: vec![],
    }
}
