//! Triage that learns from the desk (#19): a multinomial naive Bayes model
//! over the words, word pairs, emoji and character pairs of what people
//! wrote, trained in-process on the officers' own decisions (the priority,
//! category and tags they left an inquiry with; the queue layer gathers
//! them, `queue::learning`). It is small, fast and explainable: every
//! suggestion names the words that weighed most for it.
//!
//! Naive Bayes is written here rather than taken from a crate because what
//! the desk needs around it is its own: the features (slang expanded as the
//! lexicon does, numbers and handles never kept, since the model is
//! derived from personal data), the explanation, and a stored form that
//! holds counts only. The arithmetic is a few lines.
//!
//! Pure: no clock, no store; the queue keeps the model in the store.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::unspaced::is_unspaced;
use crate::model::{Learned, Priority};

mod eval;
pub use eval::{ClassScore, Evaluation};

/// A word or pair must occur in this many decisions to be kept: a name or
/// a one-off spelling seen once is not learned.
pub const MIN_DOCS: u32 = 2;
/// At most this many features (the most frequent are kept).
pub const MAX_FEATURES: usize = 60_000;
/// Fewer decisions than this and there is nothing worth learning.
pub const MIN_EXAMPLES: usize = 20;
/// A category or tag is suggested only this sure.
pub const SUGGEST_CONFIDENCE: f32 = 0.6;
/// `[triage] learned = "raise"` raises a priority only this sure.
pub const RAISE_CONFIDENCE: f32 = 0.7;
/// A category or tag needs this many decisions before it is suggested.
pub const MIN_CLASS_DOCS: u32 = 3;
/// Laplace smoothing of the counts.
const ALPHA: f32 = 0.5;

/// One officer decision, as the model learns it: what was written and
/// where the officer left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub priority: Priority,
    /// `None`: the officer did not decide the category (left unsorted).
    pub category: Option<String>,
    pub tags: Vec<String>,
}

/// The counts of one question the model answers (priority, category, one
/// tag), per class and feature; its weights are derived on load.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Head {
    classes: Vec<String>,
    /// Decisions per class.
    docs: Vec<u32>,
    /// Feature-major: `counts[f * classes + c]`.
    counts: Vec<u32>,
    #[serde(skip)]
    weights: Weights,
}

#[derive(Debug, Clone, Default)]
struct Weights {
    prior: Vec<f32>,
    /// Feature-major like `counts`: log P(feature | class).
    likely: Vec<f32>,
}

/// The trained model: the features it knows and a head per question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub trained_at: Timestamp,
    /// How many decisions it was trained on.
    pub examples: usize,
    features: Vec<String>,
    priority: Head,
    category: Head,
    /// One two-class head per tag: (tag, [has it, has it not]).
    tags: Vec<(String, Head)>,
    #[serde(skip)]
    index: FxHashMap<String, u32>,
}

/// Why a model could not be trained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainProblem {
    TooFew { examples: usize, needed: usize },
}

impl Model {
    /// Train on `examples`; `abbrev` expands slang as the lexicon does.
    pub fn train(
        examples: &[Example],
        abbrev: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<Model, TrainProblem> {
        if examples.len() < MIN_EXAMPLES {
            return Err(TrainProblem::TooFew {
                examples: examples.len(),
                needed: MIN_EXAMPLES,
            });
        }
        let docs: Vec<Vec<String>> = examples.iter().map(|e| features(&e.text, abbrev)).collect();
        let features = vocabulary(&docs);
        let index = index_of(&features);
        let ids: Vec<Vec<u32>> = docs
            .iter()
            .map(|d| d.iter().filter_map(|f| index.get(f).copied()).collect())
            .collect();
        let n = features.len();
        let priority_of = |e: &Example| Some(e.priority.as_str().to_string());
        let priority = Head::count(
            Priority::ALL
                .iter()
                .map(|p| p.as_str().to_string())
                .collect(),
            examples,
            &ids,
            n,
            priority_of,
        );
        let mut categories: Vec<String> =
            examples.iter().filter_map(|e| e.category.clone()).collect();
        categories.sort();
        categories.dedup();
        let category = Head::count(categories, examples, &ids, n, |e| e.category.clone());
        let mut tag_names: Vec<String> = examples.iter().flat_map(|e| e.tags.clone()).collect();
        tag_names.sort();
        tag_names.dedup();
        let tags = tag_names
            .into_iter()
            .map(|tag| {
                let has = |e: &Example| {
                    Some(if e.tags.contains(&tag) { "yes" } else { "no" }.to_string())
                };
                let head = Head::count(vec!["yes".into(), "no".into()], examples, &ids, n, has);
                (tag, head)
            })
            .collect();
        let mut model = Model {
            trained_at: now,
            examples: examples.len(),
            features,
            priority,
            category,
            tags,
            index,
        };
        model.weigh();
        Ok(model)
    }

    /// Derive the weights from the counts.
    fn weigh(&mut self) {
        let n = self.features.len();
        self.priority.weigh(n);
        self.category.weigh(n);
        for (_, head) in &mut self.tags {
            head.weigh(n);
        }
    }

    /// The stored form: counts only (JSON).
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("the model always serializes")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut model: Model = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        model.check()?;
        model.index = index_of(&model.features);
        model.weigh();
        Ok(model)
    }

    /// A stored model whose counts do not fit its features is refused.
    fn check(&self) -> Result<(), String> {
        let n = self.features.len();
        let heads = std::iter::once(&self.priority)
            .chain(std::iter::once(&self.category))
            .chain(self.tags.iter().map(|(_, h)| h));
        for head in heads {
            if head.counts.len() != n * head.classes.len() || head.docs.len() != head.classes.len()
            {
                return Err("counts do not fit the features".into());
            }
        }
        Ok(())
    }

    pub fn features(&self) -> usize {
        self.features.len()
    }

    pub fn categories(&self) -> &[String] {
        &self.category.classes
    }

    pub fn tag_count(&self) -> usize {
        self.tags.len()
    }

    /// What the model suggests for `text`.
    pub fn suggest(&self, text: &str, abbrev: &BTreeMap<String, String>) -> Learned {
        let ids = self.ids(text, abbrev);
        let (best, confidence, runner_up) = self.priority.best(&ids);
        let priority = Priority::ALL[best];
        let category = self.category.sure(&ids);
        let mut tags: Vec<(f32, String)> = self
            .tags
            .iter()
            .filter(|(_, head)| head.docs[0] >= MIN_CLASS_DOCS)
            .filter_map(|(tag, head)| {
                let p = head.probabilities(&ids)[0];
                (p >= SUGGEST_CONFIDENCE).then(|| (p, tag.clone()))
            })
            .collect();
        tags.sort_by(|a, b| b.0.total_cmp(&a.0));
        Learned {
            priority,
            confidence,
            category,
            tags: tags.into_iter().take(3).map(|(_, t)| t).collect(),
            words: self.drivers(&ids, best, runner_up),
        }
    }

    /// The priority for the queue in `raise` mode: the suggestion's when it
    /// is more urgent than the lexicon's and sure enough, else none.
    pub fn raises(learned: &Learned, lexicon: Priority) -> Option<Priority> {
        (learned.priority < lexicon && learned.confidence >= RAISE_CONFIDENCE)
            .then_some(learned.priority)
    }

    fn ids(&self, text: &str, abbrev: &BTreeMap<String, String>) -> Vec<u32> {
        let mut ids: Vec<u32> = features(text, abbrev)
            .iter()
            .filter_map(|f| self.index.get(f).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The three features that most favour `class` over `other`.
    fn drivers(&self, ids: &[u32], class: usize, other: usize) -> Vec<String> {
        let head = &self.priority;
        let k = head.classes.len();
        let mut weighed: Vec<(f32, u32)> = ids
            .iter()
            .map(|&f| {
                let row = &head.weights.likely[f as usize * k..][..k];
                (row[class] - row[other], f)
            })
            .filter(|(w, _)| *w > 0.0)
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0));
        weighed
            .into_iter()
            .take(3)
            .map(|(_, f)| self.features[f as usize].clone())
            .collect()
    }
}

impl Head {
    fn count(
        classes: Vec<String>,
        examples: &[Example],
        ids: &[Vec<u32>],
        features: usize,
        class_of: impl Fn(&Example) -> Option<String>,
    ) -> Head {
        let k = classes.len();
        let mut docs = vec![0u32; k];
        let mut counts = vec![0u32; features * k];
        for (example, ids) in examples.iter().zip(ids) {
            let Some(c) = class_of(example).and_then(|c| classes.iter().position(|x| *x == c))
            else {
                continue;
            };
            docs[c] += 1;
            for &f in ids {
                counts[f as usize * k + c] += 1;
            }
        }
        Head {
            classes,
            docs,
            counts,
            weights: Weights::default(),
        }
    }

    /// Log priors and log likelihoods from the counts, smoothed.
    fn weigh(&mut self, features: usize) {
        let k = self.classes.len();
        let total_docs: u32 = self.docs.iter().sum();
        self.weights.prior = self
            .docs
            .iter()
            .map(|&d| ((d as f32 + ALPHA) / (total_docs as f32 + ALPHA * k as f32)).ln())
            .collect();
        let mut totals = vec![0u64; k];
        for (i, &n) in self.counts.iter().enumerate() {
            totals[i % k] += u64::from(n);
        }
        let denominators: Vec<f32> = totals
            .iter()
            .map(|&t| (t as f32 + ALPHA * features as f32).ln())
            .collect();
        self.weights.likely = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, &n)| (n as f32 + ALPHA).ln() - denominators[i % k])
            .collect();
    }

    /// The probability of each class given the features `ids`.
    fn probabilities(&self, ids: &[u32]) -> Vec<f32> {
        let k = self.classes.len();
        let mut scores = self.weights.prior.clone();
        for &f in ids {
            let row = &self.weights.likely[f as usize * k..][..k];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
        let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = scores.iter().map(|s| (s - top).exp()).collect();
        let sum: f32 = exp.iter().sum();
        exp.into_iter().map(|e| e / sum).collect()
    }

    /// The most likely class, its probability and the runner-up.
    fn best(&self, ids: &[u32]) -> (usize, f32, usize) {
        let p = self.probabilities(ids);
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
        let runner_up = order.get(1).copied().unwrap_or(order[0]);
        (order[0], p[order[0]], runner_up)
    }

    /// The most likely class when sure enough and seen often enough.
    fn sure(&self, ids: &[u32]) -> Option<String> {
        if self.classes.is_empty() {
            return None;
        }
        let (best, p, _) = self.best(ids);
        (p >= SUGGEST_CONFIDENCE && self.docs[best] >= MIN_CLASS_DOCS)
            .then(|| self.classes[best].clone())
    }
}

/// Each feature's number.
fn index_of(features: &[String]) -> FxHashMap<String, u32> {
    features
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i as u32))
        .collect()
}

/// The features kept: in at least [`MIN_DOCS`] decisions, the
/// [`MAX_FEATURES`] most frequent, in a stable order.
fn vocabulary(docs: &[Vec<String>]) -> Vec<String> {
    let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
    for doc in docs {
        for f in doc {
            *seen.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut kept: Vec<(&str, u32)> = seen.into_iter().filter(|(_, n)| *n >= MIN_DOCS).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    kept.truncate(MAX_FEATURES);
    kept.into_iter().map(|(f, _)| f.to_string()).collect()
}

/// What the model reads of a message, each feature once: its words (slang
/// expanded, as the lexicon reads them), pairs of neighbouring words, each
/// emoji, and pairs of characters in scripts written without spaces.
/// Handles, links and anything with a digit (a passport or phone number, a
/// date) are never features: the model keeps no one's numbers or names
/// beyond words many people wrote ([`MIN_DOCS`]).
pub fn features(text: &str, abbrev: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut kept = String::with_capacity(text.len());
    for token in text.split_whitespace() {
        if token.starts_with('@') || token.contains("://") || token.starts_with("www.") {
            continue;
        }
        for c in token.chars() {
            if is_emoji(c) {
                out.push(c.to_string());
            }
        }
        kept.push_str(token);
        kept.push(' ');
    }
    let plain = super::score::normalise(&kept, abbrev);
    let words: Vec<&str> = plain
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    for w in &words {
        if w.chars().any(is_unspaced) {
            let chars: Vec<char> = w.chars().collect();
            out.extend(chars.windows(2).map(|p| p.iter().collect::<String>()));
            if chars.len() == 1 {
                out.push(w.to_string());
            }
        } else if w.chars().count() > 1 {
            out.push(w.to_string());
        }
    }
    out.extend(words.windows(2).map(|p| format!("{} {}", p[0], p[1])));
    let mut unique = FxHashSet::default();
    out.retain(|f| unique.insert(f.clone()));
    out
}

/// Pictographs, symbols and flag letters: read as features of their own.
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

#[cfg(test)]
mod tests;
