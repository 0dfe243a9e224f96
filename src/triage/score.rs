//! Urgency and category from a bilingual lexicon (`config/lexicon.toml`).
//! Deliberately simple and explainable: every verdict lists the words that
//! produced it, so a duty officer can see why an item sits where it does and
//! override it.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Priority;

pub const LEXICON_TOML: &str = include_str!("../../config/lexicon.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    abbrev: BTreeMap<String, String>,
    category: Vec<CategoryFile>,
    signals: SignalsFile,
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
}

/// A compiled lexicon: terms already normalised and padded for whole-word
/// matching.
#[derive(Debug, Clone)]
pub struct Lexicon {
    abbrev: BTreeMap<String, String>,
    categories: Vec<(String, Priority, Vec<String>)>,
    raise: Vec<String>,
    lower: Vec<String>,
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
        let prepare = |terms: &[String]| -> Vec<String> {
            terms
                .iter()
                .map(|t| pad(&normalise(t, &BTreeMap::new())))
                .collect()
        };
        Ok(Lexicon {
            categories: file
                .category
                .iter()
                .map(|c| (c.name.clone(), c.priority, prepare(&c.terms)))
                .collect(),
            raise: prepare(&file.signals.raise),
            lower: prepare(&file.signals.lower),
            abbrev,
        })
    }

    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|(name, _, _)| name.as_str())
    }

    pub fn score(&self, text: &str) -> Verdict {
        let norm = pad(&normalise(text, &self.abbrev));
        let found = |terms: &[String]| -> Vec<String> {
            terms
                .iter()
                .filter(|t| norm.contains(t.as_str()))
                .map(|t| t.trim().to_string())
                .collect()
        };
        let mut best: Option<(&str, Priority, Vec<String>)> = None;
        for (name, priority, terms) in &self.categories {
            let hits = found(terms);
            if !hits.is_empty() && best.as_ref().is_none_or(|(_, _, b)| hits.len() > b.len()) {
                best = Some((name, *priority, hits));
            }
        }
        let (raise, lower) = (found(&self.raise), found(&self.lower));
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
        Verdict {
            priority: Priority::from_rank(rank).unwrap_or(Priority::P3),
            category,
            reasons,
        }
    }
}

fn pad(s: &str) -> String {
    format!(" {s} ")
}

/// Lowercase, letters and digits only, stretched letters squeezed
/// ("tolonggg" -> "tolong"), abbreviations expanded, single spaces.
pub fn normalise(text: &str, abbrev: &BTreeMap<String, String>) -> String {
    let mut words = String::with_capacity(text.len());
    let (mut last, mut run) = ('\0', 0);
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_alphanumeric() { c } else { ' ' };
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
        .map(|w| abbrev.get(w).map_or(w, String::as_str))
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
    fn nothing_matched_is_unsorted_p3() {
        let v = Lexicon::builtin().score("hello there");
        assert_eq!((v.priority, v.category.as_str()), (Priority::P3, UNSORTED));
    }
}
