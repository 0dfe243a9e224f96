//! A crisis on the desk (#16): opening one tags the matching open pleas
//! (and not the others), every matching arrival after it is tagged by the
//! desk, closing stops that; `siaga crisis open/list/close` on a data dir;
//! and the suggestion to open one fires on a surge ingested through the
//! queue and stays silent through a calm stream with daily peaks.

use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use siaga::config::Config;
use siaga::model::{Arrival, CrisisSpec, InquiryId};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::store::StoreError;

use crate::common;

const TAG: &str = "krisis:sudan-2026";

fn open(dir: &Path) -> Arc<LocalQueue> {
    let queue = LocalQueue::open(dir, 16 << 20).unwrap();
    queue.set_policy(Config::defaults().desk_policy());
    queue
}

/// The `n`th plea, by its own author, written `ago` before now.
fn plea(n: u64, text: &str, ago: SignedDuration) -> Arrival {
    Arrival {
        created_at: Timestamp::now() - ago,
        ..common::arrival(&format!("1977{n:015}"), &format!("warga_{n}"), text)
    }
}

fn ingest(queue: &LocalQueue, arrivals: &[Arrival]) -> Vec<InquiryId> {
    let mut ids = Vec::new();
    for page in arrivals.chunks(200) {
        ids.extend(queue.ingest("demo", page, None).unwrap().new_ids);
    }
    ids
}

fn spec(places: &[&str]) -> CrisisSpec {
    CrisisSpec {
        name: "sudan-2026".into(),
        places: places.iter().map(|p| p.to_string()).collect(),
        keywords: vec![],
        template: None,
    }
}

fn tagged(queue: &LocalQueue, id: InquiryId) -> bool {
    queue.store().get(id).unwrap().tags.iter().any(|t| t == TAG)
}

/// Who tagged `id` with the crisis, from its history.
fn tagged_by(queue: &LocalQueue, id: InquiryId) -> Option<String> {
    let history = queue.store().history(id).unwrap();
    history
        .into_iter()
        .find(|e| e.what == "tag" && e.after.as_deref() == Some(TAG))
        .map(|e| e.officer)
}

/// A desk of four pleas half an hour old, the last one closed.
fn desk_before_the_crisis(dir: &Path) -> (Arc<LocalQueue>, Vec<InquiryId>) {
    let queue = open(dir);
    let before = [
        "tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
        "my brother is in OMDURMAN, no water, please help",
        "gaji saya 5 bulan belum dibayar majikan di Riyadh",
        "keluarga kami di Khartoum sudah aman, terima kasih",
    ];
    let ago = SignedDuration::from_mins(30);
    let arrivals: Vec<Arrival> = (1..).zip(before).map(|(n, t)| plea(n, t, ago)).collect();
    let ids = ingest(&queue, &arrivals);
    let closed = Change::Close {
        reason: "answered".into(),
    };
    queue.apply(ids[3], &closed, "budi").unwrap();
    (queue, ids)
}

#[test]
fn opening_a_crisis_tags_the_open_pleas_that_match_it_and_no_others() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, ids) = desk_before_the_crisis(dir.path());
    let opened = queue
        .open_crisis(&spec(&["Khartoum", "Omdurman"]), "ana")
        .unwrap();
    assert_eq!(opened.tagged, 2, "{opened:?}");
    assert_eq!(opened.crisis.opened_by, "ana");
    assert_eq!(tagged_by(&queue, ids[0]).as_deref(), Some("ana"));
    assert!(tagged(&queue, ids[1]), "Omdurman, in capitals");
    assert!(!tagged(&queue, ids[2]), "Riyadh is not the crisis");
    assert!(!tagged(&queue, ids[3]), "a closed inquiry is left alone");
    let again = queue.open_crisis(&spec(&["Khartoum"]), "budi");
    match again {
        Err(StoreError::Refused(why)) => assert!(why.contains("already open"), "{why}"),
        other => panic!("opened twice: {other:?}"),
    }
}

#[test]
fn arrivals_are_tagged_while_the_crisis_is_open_and_not_after_its_close() {
    let dir = tempfile::tempdir().unwrap();
    let (queue, _) = desk_before_the_crisis(dir.path());
    queue
        .open_crisis(&spec(&["Khartoum", "Omdurman"]), "ana")
        .unwrap();
    let mins = SignedDuration::from_mins;
    let later = [
        "min tlg adik sy di Khartoum blm bisa keluar rumah",
        "paspor saya hilang di Jeddah",
    ];
    let arrivals: Vec<Arrival> = (10..)
        .zip(later)
        .map(|(n, t)| plea(n, t, mins(1)))
        .collect();
    let new = ingest(&queue, &arrivals);
    assert_eq!(tagged_by(&queue, new[0]).as_deref(), Some("siaga"));
    assert!(!tagged(&queue, new[1]));

    let listed = queue.crises().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].tagged, 3);
    assert_eq!(listed[0].last_hour, 3);
    assert_eq!(listed[0].buckets.len(), 12);
    assert_eq!(listed[0].buckets.iter().sum::<u32>(), 3);

    let closed = queue.close_crisis("sudan-2026", "ana").unwrap();
    assert_eq!(closed.crisis.closed_by.as_deref(), Some("ana"));
    let after = ingest(
        &queue,
        &[plea(20, "tolong, kami terjebak di Khartoum", mins(1))],
    );
    assert!(!tagged(&queue, after[0]), "closed: no more tags");
    let listed = queue.crises().unwrap();
    assert!(!listed[0].crisis.is_open());
    assert_eq!(listed[0].tagged, 3, "its tags stay");
}

#[test]
fn siaga_crisis_open_list_and_close_on_a_data_dir() {
    let desk = crate::records_cli::desk();
    desk.seed(|queue| {
        let texts = [
            "tolong evakuasi keluarga saya di Khartoum",
            "adik saya di Omdurman tidak ada air",
            "gaji belum dibayar di Riyadh",
        ];
        let arrivals: Vec<Arrival> = (1..)
            .zip(texts)
            .map(|(n, t)| plea(n, t, SignedDuration::from_mins(20)))
            .collect();
        ingest(queue, &arrivals)
    });
    let places = ["--places", "Khartoum,Omdurman"];
    let opened = desk.ok(&[&["crisis", "open", "sudan-2026"][..], &places].concat());
    let said = opened.stdout.trim();
    assert!(
        said.starts_with("crisis sudan-2026 opened: 2 inquiries"),
        "{said}"
    );
    assert!(said.contains(TAG), "{said}");

    refusals(&desk);

    let human = desk.ok(&["crisis", "list"]);
    let line = human.stdout.trim();
    assert!(
        line.starts_with("sudan-2026  open  Khartoum, Omdurman  2 tagged, 2 in the last hour  "),
        "{line}"
    );
    assert!(
        line.ends_with(['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']),
        "{line}"
    );
    let json = desk.ok(&["crisis", "list", "--json"]);
    let rows: Vec<Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{json:?}");
    assert_eq!(rows[0]["tagged"], 2);
    assert_eq!(rows[0]["crisis"]["name"], "sudan-2026");
    assert_eq!(rows[0]["buckets"].as_array().unwrap().len(), 12);

    let closed = desk.ok(&["crisis", "close", "sudan-2026"]);
    assert!(
        closed.stdout.contains("crisis sudan-2026 closed"),
        "{closed:?}"
    );
    let line = desk.ok(&["crisis", "list"]).stdout;
    assert!(line.starts_with("sudan-2026  closed  "), "{line}");
    let gone = desk.run(&["crisis", "close", "nosuch"]);
    assert!(gone.stderr.contains("no crisis named nosuch"), "{gone:?}");
}

/// What `siaga crisis open` refuses, saying why: a name in use, a name
/// that is not a slug, a template the desk does not have.
fn refusals(desk: &crate::records_cli::Desk) {
    let places = ["--places", "Khartoum,Omdurman"];
    let twice = desk.run(&[&["crisis", "open", "sudan-2026"][..], &places].concat());
    assert_ne!(twice.code, 0, "{twice:?}");
    assert!(twice.stderr.contains("already open"), "{twice:?}");
    let bad = desk.run(&["crisis", "open", "sudan 2026", "--places", "Khartoum"]);
    assert!(
        bad.stderr.contains("only letters, digits and '-'"),
        "{bad:?}"
    );
    let template = ["--places", "Beirut", "--template", "nosuch"];
    let unknown = desk.run(&[&["crisis", "open", "lebanon"][..], &template].concat());
    assert!(
        unknown.stderr.contains("no template named nosuch"),
        "{unknown:?}"
    );
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
}

/// How busy each hour of the day is against its mean: quiet nights, a
/// peak of about 2.5 times the mean around midday.
const DAY: [f64; 24] = [
    0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.1, 1.5, 2.0, 2.3, 2.5, 2.5, 2.3, 2.0, 1.6, 1.3, 1.1, 1.0,
    0.9, 0.8, 0.6, 0.5, 0.4,
];

/// `hours` of a mixed stream ending now: four places at their hourly
/// means, shaped by the day, each hour's count rounded at random.
fn calm_stream(hours: i64, first: u64) -> Vec<Arrival> {
    let places = [
        ("Kuala Lumpur", 8.0),
        ("Riyadh", 6.0),
        ("Jeddah", 4.0),
        ("Khartoum", 3.0),
    ];
    let mean = DAY.iter().sum::<f64>() / 24.0;
    let (mut rng, mut n, mut out) = (Rng(0x5eed_c415), first, Vec::new());
    for back in (1..=hours).rev() {
        let hour = usize::try_from((hours - back) % 24).unwrap();
        for (place, per_hour) in places {
            let want = per_hour * DAY[hour] / mean;
            let count = want.floor() as u64 + u64::from(rng.next() < want.fract());
            for _ in 0..count {
                let ago = back * 3600 - (rng.next() * 3599.0) as i64;
                let text = format!("mohon info, saya di {place} ({n})");
                out.push(plea(n, &text, SignedDuration::from_secs(ago)));
                n += 1;
            }
        }
    }
    out
}

#[test]
fn the_suggestion_stays_silent_through_a_calm_stream() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    let stream = calm_stream(48, 1);
    assert!(stream.len() > 800, "{}", stream.len());
    ingest(&queue, &stream);
    assert_eq!(queue.crisis_suggestion().unwrap(), None);
    // The stream was heard: a surge after it is measured against its rate.
    let surge: Vec<Arrival> = (0..150)
        .map(|i| {
            let text = format!("tolong evakuasi keluarga saya di Khartoum ({i})");
            plea(50_000 + i, &text, SignedDuration::from_secs(60))
        })
        .collect();
    ingest(&queue, &surge);
    let suggested = queue.crisis_suggestion().unwrap().expect("a surge");
    assert_eq!(suggested.place, "khartoum");
    assert!(
        (1.5..=4.5).contains(&suggested.usual_per_hour),
        "{suggested:?}"
    );
}

#[test]
fn the_suggestion_fires_on_a_surge_and_a_dismissal_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let queue = open(dir.path());
    // A calm week: Khartoum three times an hour.
    let calm: Vec<Arrival> = (0..7 * 24 * 3)
        .map(|i| {
            let ago = SignedDuration::from_mins(7 * 24 * 60 - i * 20);
            plea(i as u64, &format!("mohon info KBRI Khartoum ({i})"), ago)
        })
        .collect();
    ingest(&queue, &calm);
    assert_eq!(queue.crisis_suggestion().unwrap(), None, "a calm week");
    let surge: Vec<Arrival> = (0..150)
        .map(|i| {
            let ago = SignedDuration::from_secs(3500 - i * 23);
            let text = format!("tolong evakuasi keluarga saya di Khartoum ({i})");
            plea(10_000 + i as u64, &text, ago)
        })
        .collect();
    ingest(&queue, &surge);
    let suggested = queue.crisis_suggestion().unwrap().expect("a surge");
    assert_eq!(suggested.place, "khartoum");
    assert!(suggested.last_hour >= 120, "{suggested:?}");
    assert!(suggested.usual_per_hour < 4.0, "{suggested:?}");
    queue.dismiss_suggestion("khartoum", "ana").unwrap();
    assert_eq!(queue.crisis_suggestion().unwrap(), None);
    let more: Vec<Arrival> = (0..30)
        .map(|i| {
            plea(
                20_000 + i,
                &format!("tolong kami di Khartoum ({i})"),
                SignedDuration::from_secs(5),
            )
        })
        .collect();
    ingest(&queue, &more);
    assert_eq!(queue.crisis_suggestion().unwrap(), None, "dismissed");
}

/// Through `siaga serve`'s socket (#16): an officer opens and closes a
/// crisis as the socket's officer and sees what the daemon keeps;
/// consular staff may neither open one nor look.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn officers_open_and_close_a_crisis_through_the_daemon_and_consular_staff_may_not() {
    use crate::daemon::{Daemon, NOBODY, client, desk, off, officer, refused_as_forbidden};
    let config = desk(siaga::daemon::access::DaemonConfig {
        group: "nogroup".into(),
        consular: [("riyadh".to_string(), vec!["root".to_string()])].into(),
        ..Default::default()
    });
    let d = Daemon::start(3, config).await;
    let consular = client(&d.socket).await;
    let riyadh = CrisisSpec {
        name: "riyadh-raid".into(),
        places: vec!["Riyadh".into()],
        ..CrisisSpec::default()
    };
    let (spec, socket) = (riyadh.clone(), d.socket.clone());
    let (opened, listed, suggestion, closed) = off(move || {
        let nobody = officer(&socket, Some(NOBODY));
        let opened = nobody.queue.open_crisis(&spec, "root").unwrap();
        let listed = nobody.queue.crises().unwrap();
        let suggestion = nobody.queue.crisis_suggestion().unwrap();
        nobody.queue.dismiss_suggestion("riyadh", "root").unwrap();
        let closed = nobody.queue.close_crisis("riyadh-raid", "root").unwrap();
        (opened, listed, suggestion, closed)
    })
    .await;
    assert_eq!(opened.tagged, 3, "{opened:?}");
    assert_eq!(opened.crisis.opened_by, "nobody", "the socket's officer");
    assert_eq!(listed.len(), 1);
    assert_eq!(suggestion, None);
    assert_eq!(closed.crisis.closed_by.as_deref(), Some("nobody"));
    assert_eq!(d.local.crises().unwrap()[0].crisis, closed.crisis);
    let (open, list) = off(move || (consular.open_crisis(&riyadh, "x"), consular.crises())).await;
    refused_as_forbidden(open, "a consular open_crisis");
    refused_as_forbidden(list, "a consular crises");
}
