//! The learned model (#19): "training time and memory on 100,000
//! decisions; scoring cost per arrival with the model on (goal: under
//! 50 µs)".
//!
//! Decisions are made up from the words of a desk (places, kin, troubles,
//! paperwork, slang, emoji) with a seeded generator, each with the
//! priority, category and tags an officer would leave: N =
//! `SIAGA_BENCH_LEARN_N` (default 100,000; 2,000 under `--test`). Reported:
//! - training: wall time of `Model::train`, and memory (VmRSS before and
//!   after, VmHWM: the peak), the model's features and stored size;
//! - scoring: `Model::suggest` per arrival over 20,000 fresh messages
//!   (median of 5 passes), beside the lexicon's own `score` of the same
//!   messages for scale.
//!
//! Run: `cargo bench --bench learning`.

mod support;
use support::vm;

use std::time::{Duration, Instant};

use jiff::Timestamp;
use siaga::model::Priority;
use siaga::triage::Lexicon;
use siaga::triage::learn::{Example, Model};

const KIN: [&str; 8] = [
    "adik",
    "kakak",
    "suami",
    "istri",
    "anak",
    "sepupu",
    "my brother",
    "my sister",
];
const PLACES: [&str; 10] = [
    "Myawaddy",
    "Jeddah",
    "Riyadh",
    "Kuala Lumpur",
    "Taipei",
    "Khartoum",
    "Phnom Penh",
    "Dubai",
    "Hong Kong",
    "Busan",
];
const TROUBLES: [(&str, Priority, &str, &[&str]); 8] = [
    (
        "disekap di kompleks scam online, diminta tebusan",
        Priority::P1,
        "trafficking",
        &["urgent-call"],
    ),
    (
        "abk kapal ikan tidak digaji, paspor ditahan kapten",
        Priority::P1,
        "crew",
        &["repatriation"],
    ),
    (
        "dipukul majikan, tidak boleh keluar rumah 😭🆘",
        Priority::P1,
        "violence",
        &["urgent-call"],
    ),
    (
        "ditangkap polisi, tidak ada pengacara",
        Priority::P2,
        "detention",
        &[],
    ),
    (
        "gaji 5 bulan tidak dibayar agen",
        Priority::P2,
        "labour",
        &["follow-up"],
    ),
    (
        "sakit keras di rumah sakit, butuh biaya 🏥",
        Priority::P2,
        "health",
        &["needs-translation"],
    ),
    (
        "meninggal dunia, keluarga minta jenazah dipulangkan",
        Priority::P1,
        "death",
        &["repatriation"],
    ),
    (
        "hamil dan ditelantarkan, tidak punya uang",
        Priority::P1,
        "family",
        &["pregnant"],
    ),
];
const PAPERS: [&str; 5] = [
    "mohon info syarat perpanjang paspor",
    "jam buka layanan legalisir",
    "cara lapor diri online untuk pelajar",
    "biaya paspor elektronik berapa",
    "apakah bisa ganti paspor hilang lewat pos",
];
const FILLER: [&str; 8] = [
    "tolong",
    "min",
    "pak",
    "bu",
    "please help",
    "mohon bantuan",
    "🙏",
    "segera",
];

/// A small seeded generator (xorshift), so every run makes the same desk.
struct Dice(u64);

impl Dice {
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        &from[(self.0 % from.len() as u64) as usize]
    }
}

fn decision(dice: &mut Dice) -> Example {
    let (kin, place, filler) = (*dice.pick(&KIN), *dice.pick(&PLACES), *dice.pick(&FILLER));
    if dice.pick(&[0, 1, 2]) == &0 {
        let paper = *dice.pick(&PAPERS);
        return Example {
            text: format!("{filler} {paper} di KBRI {place}"),
            priority: Priority::P4,
            category: Some("consular_info".into()),
            tags: vec![],
        };
    }
    let (trouble, priority, category, tags) = *dice.pick(&TROUBLES);
    Example {
        text: format!("{filler} {kin} saya di {place} {trouble} {filler}"),
        priority,
        category: Some(category.into()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

fn per_message(texts: &[String], f: impl Fn(&str)) -> Duration {
    let mut passes: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            for t in texts {
                f(t);
            }
            started.elapsed() / texts.len() as u32
        })
        .collect();
    passes.sort();
    passes[2]
}

fn main() {
    let test = support::quick();
    let n = support::size("SIAGA_BENCH_LEARN_N", 2_000, 100_000);
    let lexicon = Lexicon::builtin();
    let abbrev = lexicon.abbreviations();
    let mut dice = Dice(0x5eed_2026);
    let decisions: Vec<Example> = (0..n).map(|_| decision(&mut dice)).collect();

    let rss_before = vm("VmRSS:");
    let started = Instant::now();
    let model = Model::train(&decisions, abbrev, Timestamp::now()).expect("enough decisions");
    let took = started.elapsed();
    let (rss_after, peak) = (vm("VmRSS:"), vm("VmHWM:"));
    let stored = model.to_bytes().len();

    let fresh: Vec<String> = (0..if test { 2_000 } else { 20_000 })
        .map(|_| decision(&mut dice).text)
        .collect();
    let suggest = per_message(&fresh, |t| {
        std::hint::black_box(model.suggest(t, abbrev));
    });
    let score = per_message(&fresh, |t| {
        std::hint::black_box(lexicon.score(t));
    });

    println!("[siaga bench] learned model, {n} decisions");
    println!(
        "  training:   {:.2} s; {} features, stored {:.1} MB",
        took.as_secs_f64(),
        model.features(),
        stored as f64 / 1e6
    );
    println!(
        "  memory:     VmRSS {rss_before} kB -> {rss_after} kB (the decisions and the model), VmHWM {peak} kB"
    );
    println!(
        "  scoring:    suggest {:.1} µs per arrival (goal < 50 µs); the lexicon's score {:.1} µs",
        suggest.as_secs_f64() * 1e6,
        score.as_secs_f64() * 1e6
    );
}
