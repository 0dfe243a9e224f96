//! Held-out check of the urgency scorer (`config/lexicon.toml`).
//!
//! Two sets of realistic messages, each written for this check and never
//! used to tune the lexicon (the demo seed set is the tuning set), each
//! message with an honest duty-officer label:
//! - `tests/data/scoring_heldout.json`, the first;
//! - `tests/data/scoring_heldout2.json`, written for issue #19 before any
//!   of its tuning: slang, affixed forms ("eksekusinya", "dipukulinya"),
//!   emoji-only pleas, mixed languages, Chinese, Japanese and Arabic.
//!
//! Each set is scored with the built-in lexicon and reported (see
//! [`report`]): P1 precision and recall; *danger recall*, the share of
//! messages labelled P1 or P2 (people in danger or in serious trouble)
//! scored P1 or P2; *calm recall*, the share labelled P3 or P4
//! (information requests, routine cases, noise) scored P3 or P4; the
//! priority confusion; categories; and the misses with their reasons.
//!
//! The bar, on the first set:
//! (a) labelled-P1 cases rank above information requests (labelled P4):
//!     no information request is scored P1, the mean scored rank of the P1
//!     cases is more urgent than that of the information requests, and at
//!     least 90% of (P1, information) pairs are strictly ordered;
//! (b) P1 recall >= 0.8 and P1 precision >= 0.7 (recall floor currently
//!     0.70: see `MIN_P1_RECALL`).
//!
//! On the second set, floors at the numbers measured (see `SECOND`), so
//! what was gained is kept.
//!
//! Run with `cargo test --test suite -- scoring_eval --nocapture` to see
//! the numbers.

use std::collections::BTreeMap;

use serde::Deserialize;
use siaga::model::Priority;
use siaga::triage::{Lexicon, Verdict};

// The bar is recall >= 0.8. Measured once on the held-out set after
// tuning on the seed set only: recall 15/20 = 0.75, precision 15/17 = 0.88,
// 410/420 (P1, info) pairs ordered, so the floor was 0.70. With issue #19's
// readings (affixes, emoji, unspaced scripts): recall 17/20 = 0.85,
// precision 17/19 = 0.89, and the floor is the bar again.
const MIN_P1_RECALL: f64 = 0.8;
const MIN_P1_PRECISION: f64 = 0.7;
const MIN_PAIRS_ORDERED: f64 = 0.9;

/// Floors on the second set: (P1 precision, danger recall, calm recall).
/// Measured when it was written, before any tuning: P1 precision 30/32 =
/// 0.938, P1 recall 30/55 = 0.545, danger 79/107 = 0.738, calm 63/69 =
/// 0.913 (first set then: P1 15/17 = 0.882 and 15/20 = 0.750, danger
/// 37/46 = 0.804, calm 31/40 = 0.775). After issue #19's readings: P1
/// precision 45/48 = 0.938, P1 recall 45/55 = 0.818, danger 98/107 =
/// 0.916, calm 64/69 = 0.928. P1 precision must not fall below where it
/// started.
const SECOND: (f64, f64, f64) = (0.9375, 0.91, 0.92);

const FIRST_SET: &str = "scoring_heldout.json";
const SECOND_SET: &str = "scoring_heldout2.json";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    lang: String,
    priority: Priority,
    category: String,
}

fn load(name: &str) -> Vec<Case> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(90).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// A set meets the description: enough messages, every category,
/// enough P1 cases and information requests, only known categories.
fn assert_well_formed(cases: &[Case], at_least: usize) {
    let lexicon = Lexicon::builtin();
    let known: Vec<&str> = lexicon.categories().collect();
    assert!(cases.len() >= at_least, "{} messages", cases.len());
    for name in &known {
        let n = cases.iter().filter(|c| c.category == *name).count();
        assert!(n >= 3, "category {name} has {n} messages");
    }
    for c in cases {
        assert!(
            known.contains(&c.category.as_str()),
            "unknown category {}",
            c.category
        );
    }
    let p1 = cases.iter().filter(|c| c.priority == Priority::P1).count();
    let info = cases
        .iter()
        .filter(|c| {
            c.priority == Priority::P4
                && matches!(c.category.as_str(), "consular_info" | "not_protection")
        })
        .count();
    assert!(p1 >= 15, "{p1} P1 cases");
    assert!(info >= 15, "{info} information requests");
}

/// The first set: half Indonesian.
#[test]
fn heldout_set_is_well_formed() {
    let cases = load(FIRST_SET);
    assert_well_formed(&cases, 70);
    let indonesian = cases.iter().filter(|c| c.lang == "in").count();
    assert!(
        indonesian * 2 >= cases.len(),
        "{indonesian} of {} Indonesian",
        cases.len()
    );
}

/// The second set: at least 150 messages, and every kind the issue names.
#[test]
fn second_heldout_set_is_well_formed() {
    let cases = load(SECOND_SET);
    assert_well_formed(&cases, 150);
    for lang in ["in", "en", "ms", "mixed", "emoji", "zh", "ja", "ar"] {
        let n = cases.iter().filter(|c| c.lang == lang).count();
        assert!(n >= 3, "{n} messages in {lang}");
    }
}

/// What one set's report measured.
struct Measured {
    p1_precision: f64,
    p1_recall: f64,
    danger_recall: f64,
    calm_recall: f64,
    pairs_ordered: f64,
    p1_mean: f64,
    info_mean: f64,
    info_at_p1: Vec<String>,
    true_p1_hits: usize,
    info_best: u8,
}

/// Scores `cases`, prints the report and gives the numbers.
fn report(name: &str, cases: &[Case]) -> Measured {
    let lexicon = Lexicon::builtin();
    let scored: Vec<(&Case, Verdict)> = cases.iter().map(|c| (c, lexicon.score(&c.text))).collect();
    let count =
        |f: &dyn Fn(&Case, &Verdict) -> bool| scored.iter().filter(|(c, v)| f(c, v)).count();
    let is_p1 = |p: Priority| p == Priority::P1;
    let urgent = |p: Priority| p.rank() <= 2;

    let tp = count(&|c, v| is_p1(c.priority) && is_p1(v.priority));
    let said_p1 = count(&|_, v| is_p1(v.priority));
    let label_p1 = count(&|c, _| is_p1(c.priority));
    let danger = count(&|c, _| urgent(c.priority));
    let danger_hit = count(&|c, v| urgent(c.priority) && urgent(v.priority));
    let calm = count(&|c, _| !urgent(c.priority));
    let calm_hit = count(&|c, v| !urgent(c.priority) && !urgent(v.priority));

    // Priority confusion: rows are labels, columns what the scorer said.
    let mut matrix = [[0usize; 4]; 4];
    for (c, v) in &scored {
        matrix[usize::from(c.priority.rank() - 1)][usize::from(v.priority.rank() - 1)] += 1;
    }
    let exact = (0..4).map(|i| matrix[i][i]).sum::<usize>();
    let within_one = count(&|c, v| c.priority.rank().abs_diff(v.priority.rank()) <= 1);

    // Category accuracy, per category and overall, and where misses went.
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut went: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (c, v) in &scored {
        let e = per_category.entry(c.category.as_str()).or_default();
        e.1 += 1;
        if v.category == c.category {
            e.0 += 1;
        } else {
            *went
                .entry((c.category.as_str(), v.category.as_str()))
                .or_default() += 1;
        }
    }
    let category_ok: usize = per_category.values().map(|(ok, _)| ok).sum();

    // Ranking: labelled P1 against information requests (labelled P4).
    let ranks = |p: Priority| -> Vec<u8> {
        scored
            .iter()
            .filter(|(c, _)| c.priority == p)
            .map(|(_, v)| v.priority.rank())
            .collect()
    };
    let (p1_ranks, info_ranks) = (ranks(Priority::P1), ranks(Priority::P4));
    let mean = |r: &[u8]| r.iter().map(|&x| f64::from(x)).sum::<f64>() / r.len() as f64;
    let pairs = p1_ranks.len() * info_ranks.len();
    let ordered = p1_ranks
        .iter()
        .map(|p| info_ranks.iter().filter(|i| p < i).count())
        .sum::<usize>();
    let measured = Measured {
        p1_precision: ratio(tp, said_p1),
        p1_recall: ratio(tp, label_p1),
        danger_recall: ratio(danger_hit, danger),
        calm_recall: ratio(calm_hit, calm),
        pairs_ordered: ratio(ordered, pairs),
        p1_mean: mean(&p1_ranks),
        info_mean: mean(&info_ranks),
        info_at_p1: scored
            .iter()
            .filter(|(c, v)| c.priority == Priority::P4 && is_p1(v.priority))
            .map(|(c, _)| c.text.clone())
            .collect(),
        true_p1_hits: tp,
        info_best: info_ranks.iter().min().copied().unwrap_or(4),
    };

    // The report.
    let n = scored.len();
    println!("\n== held-out scoring report, {name}: {n} messages ==");
    println!(
        "P1 precision {tp}/{said_p1} = {:.3}   P1 recall {tp}/{label_p1} = {:.3}",
        measured.p1_precision, measured.p1_recall
    );
    println!(
        "danger recall (P1/P2 scored P1/P2) {danger_hit}/{danger} = {:.3}   \
         calm recall (P3/P4 scored P3/P4) {calm_hit}/{calm} = {:.3}",
        measured.danger_recall, measured.calm_recall
    );
    println!(
        "priority exact {exact}/{n} = {:.2}   within one step {within_one}/{n} = {:.2}",
        ratio(exact, n),
        ratio(within_one, n),
    );
    println!("category {category_ok}/{n} = {:.2}", ratio(category_ok, n));
    println!(
        "ranking: mean rank labelled-P1 {:.2} vs information requests {:.2}; \
         {ordered}/{pairs} = {:.2} of (P1, info) pairs strictly ordered; \
         {tp} true-P1 hits at rank 1, most urgent info request at P{}",
        measured.p1_mean, measured.info_mean, measured.pairs_ordered, measured.info_best
    );
    println!("\npriority confusion (rows: label, columns: scored)");
    println!("        P1  P2  P3  P4");
    for (i, row) in matrix.iter().enumerate() {
        println!(
            "  P{}  {:>3} {:>3} {:>3} {:>3}",
            i + 1,
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    println!("\nper-category accuracy");
    for (name, (ok, n)) in &per_category {
        println!("  {name:<15} {ok}/{n} = {:.2}", ratio(*ok, *n));
    }
    println!("\ncategory confusion (label -> scored: count)");
    for ((label, got), n) in &went {
        println!("  {label} -> {got}: {n}");
    }
    println!("\nmisses (label vs scored)");
    for (c, v) in &scored {
        if c.priority != v.priority || c.category != v.category {
            println!(
                "  [{} {}] -> [{} {}] {:?}\n      {}",
                c.priority,
                c.category,
                v.priority,
                v.category,
                v.reasons,
                short(&c.text)
            );
        }
    }
    println!();
    measured
}

#[test]
fn heldout_p1_ranks_above_information_requests() {
    let m = report(FIRST_SET, &load(FIRST_SET));
    // (a) P1 cases rank above information requests.
    assert!(
        m.info_at_p1.is_empty(),
        "information requests scored P1: {:#?}",
        m.info_at_p1
    );
    assert!(
        m.p1_mean < m.info_mean,
        "mean rank of P1 cases {:.2} is not more urgent than information requests {:.2}",
        m.p1_mean,
        m.info_mean
    );
    assert!(
        m.true_p1_hits == 0 || m.info_best > 1,
        "a true-P1 hit does not rank above every information request"
    );
    assert!(
        m.pairs_ordered >= MIN_PAIRS_ORDERED,
        "only {:.2} of (P1, info) pairs strictly ordered",
        m.pairs_ordered
    );
    // (b) P1 precision and recall.
    assert!(
        m.p1_recall >= MIN_P1_RECALL,
        "P1 recall {:.2} < {MIN_P1_RECALL}",
        m.p1_recall
    );
    assert!(
        m.p1_precision >= MIN_P1_PRECISION,
        "P1 precision {:.2} < {MIN_P1_PRECISION}",
        m.p1_precision
    );
}

#[test]
fn second_heldout_keeps_its_floors() {
    let m = report(SECOND_SET, &load(SECOND_SET));
    let (precision, danger, calm) = SECOND;
    assert!(
        m.info_at_p1.is_empty(),
        "information requests scored P1: {:#?}",
        m.info_at_p1
    );
    assert!(
        m.p1_precision >= precision,
        "P1 precision {:.3} < {precision}",
        m.p1_precision
    );
    assert!(
        m.danger_recall >= danger,
        "danger recall {:.3} < {danger}",
        m.danger_recall
    );
    assert!(
        m.calm_recall >= calm,
        "calm recall {:.3} < {calm}",
        m.calm_recall
    );
}

fn reasons(v: &Verdict) -> String {
    v.reasons.join("; ")
}

/// Stretched letters are squeezed before matching, in both languages.
#[test]
fn stretched_spellings_match() {
    let lex = Lexicon::builtin();
    let v = lex.score("kakkk adik sy dipukulll majikannn tiap hariii");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P1, "violence"),
        "{}",
        reasons(&v)
    );
    assert!(reasons(&v).contains("dipukul"), "{}", reasons(&v));

    let v = lex.score("pleaseee my sister is lockeddd innn, no food since Monday");
    assert_eq!(v.priority, Priority::P1, "{}", reasons(&v));
    assert!(reasons(&v).contains("locked in"), "{}", reasons(&v));

    let v = lex.score("mohon infooo syaratttt perpanjang paspor min 🙏");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P4, "consular_info"),
        "{}",
        reasons(&v)
    );
}

/// X abbreviations are expanded before matching.
#[test]
fn abbreviations_expand() {
    let lex = Lexicon::builtin();
    // blm -> belum, yg -> yang, gak -> tidak
    let v = lex.score("min gaji sy blm dibayar 4 bln, yg bulan lalu jg gak dibayar");
    assert_eq!(v.category, "labour", "{}", reasons(&v));
    let r = reasons(&v);
    assert!(
        r.contains("belum dibayar") && r.contains("tidak dibayar"),
        "{r}"
    );

    // udh -> sudah, hr -> hari, gak -> tidak: "no food" in slang raises.
    let v = lex.score("tlg min sy PRT udh 3 hr gak dikasih makan sm majikan");
    assert_eq!(v.priority, Priority::P1, "{}", reasons(&v));
    assert!(
        reasons(&v).contains("tidak dikasih makan"),
        "{}",
        reasons(&v)
    );

    // gmn -> gimana: an information request is lowered.
    let v = lex.score("gmn cara lapor diri di KBRI Seoul kak?");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P4, "consular_info"),
        "{}",
        reasons(&v)
    );

    // tak (Malay) -> tidak
    let v = lex.score("gaji saya tak dibayar 3 bulan, majikan tak mahu bayar");
    assert!(reasons(&v).contains("tidak dibayar"), "{}", reasons(&v));
}

/// A plea alone ("tolong") does not make a case P1: only a danger signal
/// does. Politeness must not outrank a beating.
#[test]
fn plea_alone_is_not_danger() {
    let lex = Lexicon::builtin();
    let plea = lex.score("tlg dibantu min, gaji adik sy blm dibayar 2 bln");
    let danger = lex.score("adik sy dipukul majikan, skrg dikunci di kamar");
    assert_eq!(plea.priority, Priority::P2, "{}", reasons(&plea));
    assert_eq!(danger.priority, Priority::P1, "{}", reasons(&danger));
}
