//! Urgency and category from a bilingual lexicon (`config/lexicon.toml`).
//! Deliberately simple and explainable: every verdict lists the words that
//! produced it, so a duty officer can see why an item sits where it does and
//! override it. Before matching, emoji are read as words
//! ([`super::emoji`]) and affixed Indonesian forms as the lexicon's words
//! ([`super::morph`]); terms in scripts written without spaces (Chinese,
//! Japanese, Thai) match inside a run of them ([`super::unspaced`]). Each
//! such reading is in the reasons too.

use std::collections::BTreeMap;

use memchr::memmem::Finder;

use serde::Deserialize;

use super::arabic;
use super::emoji::{Emoji, EmojiFile};
use super::morph::{Reading, Vocabulary};
use super::unspaced;
use crate::model::Priority;

pub const LEXICON_TOML: &str = include_str!("../../config/lexicon.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    abbrev: BTreeMap<String, String>,
    category: Vec<CategoryFile>,
    signals: SignalsFile,
    #[serde(default)]
    emoji: EmojiFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    name: String,
    priority: Priority,
    terms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalsFile {
    raise: Vec<String>,
    lower: Vec<String>,
    /// Needs that are one person's (a baby, an injury, a wheelchair):
    /// they leave the priority alone, but a group answer holds back the
    /// member who says one the others do not.
    #[serde(default)]
    individual: Vec<String>,
}

/// A lexicon term in both forms it is looked for in, each with its
/// searcher built once: a message is matched against every term, and
/// building a substring searcher per term and message was most of the
/// scorer's time.
#[derive(Debug, Clone)]
struct Term {
    /// As written, normalised, padded with spaces for whole-word matching.
    plain: String,
    /// A term in a script written without spaces ("被打"): matched inside
    /// a run of that script, not as a whole word.
    unspaced: Option<String>,
    plain_finder: Finder<'static>,
    /// `plain` with every doubled letter single ("tolongg" and "tolong"
    /// alike).
    flat_finder: Finder<'static>,
}

impl Term {
    fn new(text: &str, abbrev: &BTreeMap<String, String>) -> Term {
        let norm = normalise(text, abbrev);
        let plain = pad(&norm);
        let flat = pad(&flatten(&norm));
        Term {
            plain_finder: Finder::new(plain.as_bytes()).into_owned(),
            flat_finder: Finder::new(flat.as_bytes()).into_owned(),
            unspaced: unspaced::is_unspaced_term(&norm).then(|| norm.replace(' ', "")),
            plain,
        }
    }

    fn label(&self) -> String {
        self.plain.trim().to_string()
    }
}

/// A text prepared for matching: its normalised and flattened forms, the
/// form with affixed words read as the lexicon's, and what was read.
struct Prepared {
    plain: String,
    flat: String,
    /// `plain` with affixed forms read as lexicon words ("eksekusi").
    read: String,
    readings: Vec<Reading>,
    /// What the emoji were read as ("🆘 → sos").
    emoji: Vec<String>,
}

impl Prepared {
    #[cfg(test)]
    fn new(text: &str, abbrev: &BTreeMap<String, String>) -> Prepared {
        Prepared::with(text, abbrev, &Emoji::default(), &Vocabulary::default())
    }

    fn with(
        text: &str,
        abbrev: &BTreeMap<String, String>,
        emoji: &Emoji,
        vocab: &Vocabulary,
    ) -> Prepared {
        let emoji = emoji.read(text);
        let norm = normalise(&emoji.text, abbrev);
        let (read, readings) = vocab.read(&norm);
        Prepared {
            flat: pad(&flatten(&norm)),
            plain: pad(&norm),
            read: pad(&read),
            readings,
            emoji: emoji.notes,
        }
    }

    /// Found, as a whole word or phrase, in either form. With
    /// `mind_negation`, an occurrence right after "tidak", "belum", "not",
    /// ... does not count ("blm ada kekerasan": no violence yet).
    fn has(&self, term: &Term, mind_negation: bool) -> bool {
        self.find(term, mind_negation).is_some()
    }

    /// How the term was found: as written (its label), or in an affixed
    /// form ("eksekusinya → eksekusi", "ditahan di (ditahannya → ditahan)").
    fn find(&self, term: &Term, mind_negation: bool) -> Option<String> {
        // Matches start at a space (terms are padded), so every offset is
        // a char boundary of the text.
        let count = |text: &str, finder: &Finder<'static>| {
            finder
                .find_iter(text.as_bytes())
                .any(|at| !mind_negation || !negated(&text[..at]))
        };
        if let Some(needle) = &term.unspaced {
            return unspaced::find(&self.plain, needle, mind_negation).then(|| term.label());
        }
        if count(&self.plain, &term.plain_finder) || count(&self.flat, &term.flat_finder) {
            return Some(term.label());
        }
        if self.readings.is_empty() || !count(&self.read, &term.plain_finder) {
            return None;
        }
        let label = term.label();
        let words: Vec<&str> = label.split(' ').collect();
        let used: Vec<String> = self
            .readings
            .iter()
            .filter(|r| words.contains(&r.to.as_str()))
            .map(|r| format!("{} → {}", r.from, r.to))
            .collect();
        Some(match (words.len(), used.as_slice()) {
            (1, [one]) => one.clone(),
            (_, []) => label,
            _ => format!("{label} ({})", used.join(", ")),
        })
    }
}

/// Words that turn the next words around. "didn t": the apostrophe is a
/// space by then.
const NEGATORS: [&str; 28] = [
    "tidak", "belum", "bukan", "bukannya", "tak", "tanpa", "jangan", "belom", "blom", "not", "no",
    "never", "without", "nobody", "none", "nothing", "neither", "nor", "didn", "don", "doesn",
    "wasn", "isn", "haven", "hasn", "aren", "weren", "won",
];

/// Words that make what follows a supposition, not an event: up to five
/// words before a match ("seandainya majikan mukul", "in case they take my
/// passport").
const HEDGES: [&str; 12] = [
    "seandainya",
    "andaikan",
    "andaikata",
    "misalkan",
    "umpamanya",
    "jikalau",
    "hypothetically",
    "suppose",
    "supposing",
    "in case",
    "what if",
    "just in case",
];

/// Whether one of the two words before a match negates it, or one of the
/// five before makes it a supposition.
fn negated(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(5).collect();
    if words.iter().take(2).any(|w| NEGATORS.contains(w)) {
        return true;
    }
    let window = format!(
        " {} ",
        words.into_iter().rev().collect::<Vec<_>>().join(" ")
    );
    HEDGES.iter().any(|h| window.contains(&format!(" {h} ")))
}

/// A compiled lexicon: terms already normalised (with the same
/// abbreviations as the texts) for whole-word matching.
#[derive(Debug, Clone)]
pub struct Lexicon {
    abbrev: BTreeMap<String, String>,
    categories: Vec<(String, Priority, Vec<Term>)>,
    raise: Vec<Term>,
    lower: Vec<Term>,
    individual: Vec<Term>,
    /// Every word of a term: what an affixed form may be read as.
    vocab: Vocabulary,
    emoji: Emoji,
}

/// What the scorer decided, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub priority: Priority,
    pub category: String,
    pub reasons: Vec<String>,
}

/// Category given to text that matches no term.
pub const UNSORTED: &str = "unsorted";

impl Lexicon {
    pub fn builtin() -> Lexicon {
        Lexicon::from_toml(LEXICON_TOML).expect("embedded config/lexicon.toml is valid")
    }

    pub fn from_toml(text: &str) -> Result<Lexicon, toml::de::Error> {
        let file: LexiconFile = toml::from_str(text)?;
        let abbrev = file.abbrev;
        let prepare = |terms: &[String]| -> Vec<Term> {
            terms.iter().map(|t| Term::new(t, &abbrev)).collect()
        };
        let categories: Vec<(String, Priority, Vec<Term>)> = file
            .category
            .iter()
            .map(|c| (c.name.clone(), c.priority, prepare(&c.terms)))
            .collect();
        let (raise, lower) = (prepare(&file.signals.raise), prepare(&file.signals.lower));
        let individual = prepare(&file.signals.individual);
        let vocab = Vocabulary::new(
            categories
                .iter()
                .flat_map(|(_, _, terms)| terms)
                .chain(&raise)
                .chain(&lower)
                .chain(&individual)
                .map(|t| t.plain.trim()),
        );
        Ok(Lexicon {
            categories,
            raise,
            lower,
            individual,
            vocab,
            emoji: Emoji::new(&file.emoji),
            abbrev,
        })
    }

    fn prepare(&self, text: &str) -> Prepared {
        Prepared::with(text, &self.abbrev, &self.emoji, &self.vocab)
    }

    /// The slang and abbreviations expanded before matching.
    pub fn abbreviations(&self) -> &BTreeMap<String, String> {
        &self.abbrev
    }

    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|(name, _, _)| name.as_str())
    }

    /// What `text` says that is one person's to look at: the raise
    /// signals (what puts a life or safety at risk now: "hamil",
    /// "berdarah") and the individual needs ("bayi", "kursi roda").
    pub fn personal_signals(&self, text: &str) -> Vec<String> {
        let prepared = self.prepare(text);
        let hits = self
            .raise
            .iter()
            .chain(&self.individual)
            .filter(|t| prepared.has(t, true))
            .map(Term::label)
            .collect();
        without_nested(hits)
    }

    pub fn score(&self, text: &str) -> Verdict {
        let prepared = self.prepare(text);
        let found = |terms: &[Term], mind_negation: bool| -> Vec<String> {
            let hits: Vec<(String, String)> = terms
                .iter()
                .filter_map(|t| Some((t.label(), prepared.find(t, mind_negation)?)))
                .collect();
            let labels = without_nested(hits.iter().map(|(l, _)| l.clone()).collect());
            hits.into_iter()
                .filter(|(l, _)| labels.contains(l))
                .map(|(_, shown)| shown)
                .collect()
        };
        let mut best: Option<(&str, Priority, Vec<String>)> = None;
        for (name, priority, terms) in &self.categories {
            let hits = found(terms, true);
            if !hits.is_empty() && best.as_ref().is_none_or(|(_, _, b)| hits.len() > b.len()) {
                best = Some((name, *priority, hits));
            }
        }
        let (raise, lower) = (found(&self.raise, true), found(&self.lower, false));
        let mut reasons = Vec::new();
        let (category, mut rank) = match best {
            Some((name, priority, hits)) => {
                reasons.push(format!("{name}: {}", hits.join(", ")));
                (name.to_string(), priority.rank())
            }
            None => (UNSORTED.to_string(), Priority::P3.rank()),
        };
        if !raise.is_empty() {
            rank = rank.saturating_sub(raise.len().min(2) as u8).max(1);
            reasons.push(format!("raised by: {}", raise.join(", ")));
        } else if !lower.is_empty() {
            rank = (rank + 1).min(4);
            reasons.push(format!("lowered by: {}", lower.join(", ")));
        }
        if !prepared.emoji.is_empty() {
            reasons.push(format!("emoji: {}", prepared.emoji.join(", ")));
        }
        Verdict {
            priority: Priority::from_rank(rank).unwrap_or(Priority::P3),
            category,
            reasons,
        }
    }
}

/// "online scam" and "scam" both found is one finding, not two.
fn without_nested(hits: Vec<String>) -> Vec<String> {
    hits.iter()
        .filter(|h| !hits.iter().any(|o| o != *h && o.contains(h.as_str())))
        .cloned()
        .collect()
}

fn pad(s: &str) -> String {
    format!(" {s} ")
}

/// Every run of one letter made single: "tolongg" -> "tolong", and
/// "maaf" -> "maf" on both sides of a comparison alike.
fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c.is_alphabetic() && out.ends_with(c)) {
            out.push(c);
        }
    }
    out
}

/// Lowercase, letters and digits only, stretched letters squeezed
/// ("tolonggg" -> "tolong"), reduplication written with 2 read as the word
/// ("anak2" -> "anak"), abbreviations expanded, single spaces.
pub fn normalise(text: &str, abbrev: &BTreeMap<String, String>) -> String {
    let mut words = String::with_capacity(text.len());
    let (mut last, mut run) = ('\0', 0);
    for c in text.chars().flat_map(char::to_lowercase) {
        // Harakat and tatweel are no letters: "يَضْرِبُنِي" is "يضربني".
        if arabic::is_silent(c) {
            continue;
        }
        let c = if c.is_alphanumeric() {
            arabic::fold_letter(c)
        } else {
            ' '
        };
        run = if c == last { run + 1 } else { 1 };
        last = c;
        // Three or more of the same letter is emphasis, not spelling.
        if (run >= 3 && c.is_alphabetic()) || (c == ' ' && run > 1) {
            if run == 3 && c.is_alphabetic() {
                words.pop();
            }
            continue;
        }
        words.push(c);
    }
    words
        .split_whitespace()
        .map(|w| {
            let base = w
                .strip_suffix('2')
                .filter(|b| b.chars().count() > 1 && b.chars().all(char::is_alphabetic));
            let w = base.unwrap_or(w);
            abbrev.get(w).map_or(w, String::as_str)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezes_stretched_letters_and_expands_slang() {
        let lex = Lexicon::builtin();
        assert_eq!(normalise("TOLONGGGG!!! min", &lex.abbrev), "tolong min");
        assert_eq!(normalise("tlg gmn ini", &lex.abbrev), "tolong gimana ini");
        assert_eq!(normalise("jeddah", &lex.abbrev), "jeddah");
    }

    #[test]
    fn danger_outranks_information() {
        let lex = Lexicon::builtin();
        let danger = lex.score("min tlg sepupu sy disekap di Myawaddy, diminta tebusan");
        assert_eq!(danger.priority, Priority::P1);
        assert_eq!(danger.category, "trafficking");
        assert!(danger.reasons.iter().any(|r| r.contains("tebusan")));
        let info = lex.score("mohon info syarat perpanjang paspor di KBRI Tokyo");
        assert_eq!(info.priority, Priority::P4);
        assert_eq!(info.category, "consular_info");
    }

    #[test]
    fn doubled_letters_reduplication_and_abbreviated_terms_match() {
        let lex = Lexicon::builtin();
        let prepared = Prepared::new("tolongg anak2 sy", &lex.abbrev);
        assert!(prepared.has(&Term::new("tolong", &lex.abbrev), false));
        assert!(prepared.has(&Term::new("anak", &lex.abbrev), false));
        let slang = Prepared::new("ini legal gak ya", &lex.abbrev);
        assert!(
            slang.has(&Term::new("legal gak", &lex.abbrev), false),
            "terms expand abbreviations too"
        );
    }

    #[test]
    fn a_negated_danger_signal_does_not_raise() {
        let lex = Lexicon::builtin();
        let said = Prepared::new("dia dipukul majikan", &lex.abbrev);
        let denied = Prepared::new("blm ada dipukul sih", &lex.abbrev);
        let term = Term::new("dipukul", &lex.abbrev);
        assert!(said.has(&term, true));
        assert!(denied.has(&term, false));
        assert!(
            !denied.has(&term, true),
            "\"belum ... dipukul\" is not a beating"
        );
    }

    #[test]
    fn nested_terms_count_once() {
        assert_eq!(
            without_nested(vec!["online scam".into(), "scam".into()]),
            vec!["online scam"]
        );
    }

    #[test]
    fn nothing_matched_is_unsorted_p3() {
        let v = Lexicon::builtin().score("hello there");
        assert_eq!((v.priority, v.category.as_str()), (Priority::P3, UNSORTED));
    }
}
