//! How well near-duplicate grouping finds the pleas of one situation
//! (#16): `tests/data/grouping/*.toml` holds labelled pleas written for
//! the purpose (Indonesian, English and mixed; paraphrases, typos, slang;
//! unrelated pleas naming the same cities). Each is routed and scored as
//! ingest does, offered to a `Grouper` in file order, and every pair of
//! pleas is judged: grouped together or not, against the labels.
//!
//! Precision: of the pairs grouped together, how many are one situation.
//! Recall: of the pairs that are one situation, how many were grouped.
//! Run with `--nocapture` to see the numbers and the misses.
//!
//! The bars put precision first: a plea wrongly grouped could be sent the
//! group's answer, while one left out is still answered on its own.
//! `pleas.toml` is the set `config/grouping.toml` is tuned on; `heldout.toml`
//! was written apart and never tuned on, so its numbers are the honest ones.

use std::collections::BTreeMap;

use serde::Deserialize;
use siaga::config::Config;
use siaga::triage::Lexicon;
use siaga::triage::group::{Grouper, Vocabulary};
use siaga::triage::route::Gazetteer;

#[derive(Deserialize)]
struct File {
    plea: Vec<Plea>,
}

#[derive(Deserialize)]
struct Plea {
    group: String,
    text: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

fn pleas(name: &str) -> Vec<Plea> {
    let path = format!("{}/tests/data/grouping/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    file.plea
}

/// The group each plea was placed in (None: alone), in file order.
fn placed(pleas: &[Plea]) -> Vec<Option<u64>> {
    let config = Config::defaults();
    let gazetteer = Gazetteer::new(&config.missions, &config.countries);
    let lexicon = Lexicon::builtin();
    let mut grouper = Grouper::new(Vocabulary::builtin());
    for (id, plea) in pleas.iter().enumerate() {
        let places = gazetteer.missions_named(&plea.text);
        let category = lexicon.score(&plea.text).category;
        grouper.offer(id as u64, &plea.text, &places, &category);
    }
    (0..pleas.len())
        .map(|id| grouper.group_of(id as u64).map(|g| g.0))
        .collect()
}

/// Pair counts: grouped and one situation, grouped, one situation.
#[derive(Debug, Default)]
struct Pairs {
    right: usize,
    grouped: usize,
    alike: usize,
    wrong: Vec<String>,
}

impl Pairs {
    fn of(pleas: &[Plea], placed: &[Option<u64>]) -> Pairs {
        let mut out = Pairs::default();
        for i in 0..pleas.len() {
            for j in i + 1..pleas.len() {
                let alike = !pleas[i].group.is_empty() && pleas[i].group == pleas[j].group;
                let grouped = placed[i].is_some() && placed[i] == placed[j];
                out.alike += alike as usize;
                out.grouped += grouped as usize;
                out.right += (alike && grouped) as usize;
                if grouped && !alike {
                    out.wrong
                        .push(format!("{:?} ~ {:?}", pleas[i].text, pleas[j].text));
                }
            }
        }
        out
    }

    fn precision(&self) -> f64 {
        self.right as f64 / self.grouped.max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.right as f64 / self.alike.max(1) as f64
    }
}

/// The labelled groups and how each came out: sizes of the groups its
/// members landed in, `-` for members left alone.
fn report(pleas: &[Plea], placed: &[Option<u64>]) -> String {
    let mut by_label: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (p, g) in pleas.iter().zip(placed) {
        let label = if p.group.is_empty() {
            "(none)"
        } else {
            &p.group
        };
        by_label
            .entry(label)
            .or_default()
            .push(g.map_or("-".to_string(), |g| g.to_string()));
    }
    by_label
        .iter()
        .map(|(label, groups)| format!("{label}: {}", groups.join(" ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn measure(name: &str, min_precision: f64, min_recall: f64) {
    let pleas = pleas(name);
    assert!(pleas.len() >= 100, "{name}: {} pleas", pleas.len());
    let placed = placed(&pleas);
    let pairs = Pairs::of(&pleas, &placed);
    println!(
        "{name}: {} pleas; precision {:.3} ({}/{} grouped pairs), recall {:.3} ({}/{} pairs of one situation)\n{}\nwrongly together:\n{}",
        pleas.len(),
        pairs.precision(),
        pairs.right,
        pairs.grouped,
        pairs.recall(),
        pairs.right,
        pairs.alike,
        report(&pleas, &placed),
        pairs.wrong.join("\n")
    );
    assert!(
        pairs.precision() >= min_precision,
        "{name}: precision {:.3} under {min_precision}",
        pairs.precision()
    );
    assert!(
        pairs.recall() >= min_recall,
        "{name}: recall {:.3} under {min_recall}",
        pairs.recall()
    );
}

#[test]
fn grouping_finds_the_pleas_of_one_situation_and_only_those() {
    // Measured: precision 0.917, recall 0.528.
    measure("pleas.toml", 0.9, 0.5);
}

#[test]
fn grouping_holds_up_on_pleas_it_was_never_tuned_on() {
    // Measured when it was written: precision 0.832, recall 0.304. Lower
    // than on the tuning set (its fires, crashes and kidnappings have no
    // concepts of their own yet): the bars are the measure less a margin,
    // a guard against getting worse, not a goal.
    measure("heldout.toml", 0.8, 0.28);
}
