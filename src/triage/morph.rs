//! Indonesian (and Malay) word forms read as the lexicon's words.
//!
//! The lexicon lists "eksekusi", "dipukuli", "disekap"; people write
//! "eksekusinya", "dipukulinya", "menyekap", "dikunciin", "kena bom". No maintained Indonesian stemmer is in the build's registry,
//! and a full stemmer would fold words the lexicon keeps apart ("dipukul" and
//! "pukulan"), so this is a small affix stripper checked against the
//! lexicon: a word is read as another only when that other is a word of a
//! lexicon term, and the reading is shown in "Why:" ("eksekusinya →
//! eksekusi").
//!
//! What is stripped, in order:
//! - particles and possessives: -nya, -lah, -kah, -ku, -mu;
//! - suffixes: -kan, -an, -i, and Jakarta's -in;
//! - prefixes: di-, ter-, ber-, ke-, se-, and me-/pe- with their nasal forms
//!   (mem- before p, men- before t, meng- before k, meny- before s).
//!
//! An active form is never read as the lexicon's passive one: "memukul"
//! and "mukul" do not say who was hit (the citizen may be the one arrested
//! for it), and "terkunci", "terkepung" are as often a state ("akun
//! terkunci", "terkepung banjir") as someone's act. Malay "kena" before a
//! root is the passive itself, so "kena bom" reads as "dibom". Arabic
//! words with a letter joined to their front ("وضربني") are read without it
//! when the rest is a lexicon word ([`super::arabic::prefix_splits`]).

use std::collections::HashSet;

use super::arabic;

/// Shortest word a stripped form may be: shorter roots are too often
/// another word.
const MIN_LEN: usize = 3;

const PARTICLES: [&str; 5] = ["nya", "lah", "kah", "ku", "mu"];
const SUFFIXES: [&str; 4] = ["kan", "an", "in", "i"];

/// A prefix, and the letter its nasal stands for (if it replaces one).
const PREFIXES: [(&str, Option<char>); 20] = [
    ("meny", Some('s')),
    ("meng", Some('k')),
    ("meng", None),
    ("mem", Some('p')),
    ("mem", None),
    ("men", Some('t')),
    ("men", None),
    ("me", None),
    ("peny", Some('s')),
    ("peng", Some('k')),
    ("peng", None),
    ("pem", Some('p')),
    ("pen", Some('t')),
    ("per", None),
    ("pe", None),
    ("di", None),
    ("ter", None),
    ("ber", None),
    ("ke", None),
    ("se", None),
];

/// The lexicon's words: what a form may be read as.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

/// A word read as a lexicon word: "eksekusinya" → "eksekusi".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub from: String,
    pub to: String,
}

impl Vocabulary {
    /// Every word of the given terms (already normalised).
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        Vocabulary {
            words: terms
                .into_iter()
                .flat_map(str::split_whitespace)
                .map(str::to_string)
                .collect(),
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// `words` (normalised, one space apart) with each form that is not a
    /// lexicon word read as one where it can be, and what was read.
    pub fn read(&self, words: &str) -> (String, Vec<Reading>) {
        let words: Vec<&str> = words.split_whitespace().collect();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        let mut readings = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let word = words[i];
            // Malay "kena" + root is the passive: "kena bom" → "dibom".
            let kena = (word == "kena")
                .then(|| words.get(i + 1))
                .flatten()
                .map(|root| (format!("kena {root}"), format!("di{root}")))
                .filter(|(_, passive)| self.contains(passive));
            if let Some((from, to)) = kena {
                out.push(to.clone());
                readings.push(Reading { from, to });
                i += 2;
                continue;
            }
            match self.base(word) {
                Some(to) => {
                    out.push(to.clone());
                    readings.push(Reading {
                        from: word.to_string(),
                        to,
                    });
                }
                None => out.push(word.to_string()),
            }
            i += 1;
        }
        (out.join(" "), readings)
    }

    /// The lexicon word `word` is a form of, if it is not one itself: the
    /// longest candidate found (the least stripped).
    pub fn base(&self, word: &str) -> Option<String> {
        if self.contains(word) {
            return None;
        }
        if arabic::is_arabic(word) {
            return arabic::prefix_splits(word)
                .into_iter()
                .map(|(_, rest)| rest)
                .find(|rest| self.contains(rest));
        }
        candidates(word)
            .into_iter()
            .filter(|c| c.chars().count() >= MIN_LEN && self.contains(c))
            .max_by_key(|c| c.len())
    }
}

/// Every form `word` may be with its affixes stripped.
fn candidates(word: &str) -> Vec<String> {
    let mut ends = vec![word.to_string()];
    for p in PARTICLES {
        if let Some(rest) = word.strip_suffix(p) {
            ends.push(rest.to_string());
        }
    }
    for stem in ends.clone() {
        for s in SUFFIXES {
            if let Some(rest) = stem.strip_suffix(s) {
                ends.push(rest.to_string());
            }
        }
    }
    let mut out = ends.clone();
    for stem in &ends {
        for (prefix, nasal) in PREFIXES {
            let Some(rest) = stem.strip_prefix(prefix) else {
                continue;
            };
            let root = match nasal {
                Some(letter) => format!("{letter}{rest}"),
                None => rest.to_string(),
            };
            if root.chars().count() < MIN_LEN {
                continue;
            }
            out.push(root);
        }
    }
    out.retain(|c| c != word);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::new([
            "eksekusi",
            "dipukul",
            "dipukuli",
            "disekap",
            "dikunci",
            "ditahan di",
            "dibom",
            "sekap",
            "gaji dipotong",
            "يضربني",
        ])
    }

    fn base(word: &str) -> Option<String> {
        vocab().base(word)
    }

    #[test]
    fn suffixes_strip_to_a_lexicon_word() {
        assert_eq!(base("eksekusinya").as_deref(), Some("eksekusi"));
        assert_eq!(base("dipukulinya").as_deref(), Some("dipukuli"));
        assert_eq!(base("disekapnya").as_deref(), Some("disekap"));
        assert_eq!(base("dikunciin").as_deref(), Some("dikunci"));
        assert_eq!(base("dipotongnya").as_deref(), Some("dipotong"));
    }

    #[test]
    fn prefixes_strip_to_a_lexicon_word() {
        assert_eq!(base("menyekap").as_deref(), Some("sekap"));
        assert_eq!(base("menyekapnya").as_deref(), Some("sekap"));
        assert_eq!(base("kedipukul").as_deref(), Some("dipukul"));
    }

    #[test]
    fn an_active_form_is_not_read_as_the_passive() {
        assert_eq!(base("memukul"), None, "who was hit is not said");
        assert_eq!(base("mukul"), None);
        assert_eq!(base("terkunci"), None, "\"akun terkunci\" is no lock-in");
    }

    #[test]
    fn only_lexicon_words_are_read() {
        assert_eq!(base("pukulan"), None, "a blow is not a beating");
        assert_eq!(base("dipukul"), None, "already a word");
        assert_eq!(base("makanan"), None);
        assert_eq!(base("kuncinya"), None, "a key is not a lock-in");
    }

    #[test]
    fn reading_a_text_says_what_it_read() {
        let (text, readings) = vocab().read("rumah kena bom dan ditahannya di pos");
        assert_eq!(text, "rumah dibom dan ditahan di pos");
        assert_eq!(
            readings,
            vec![
                Reading {
                    from: "kena bom".into(),
                    to: "dibom".into()
                },
                Reading {
                    from: "ditahannya".into(),
                    to: "ditahan".into()
                },
            ]
        );
    }

    #[test]
    fn arabic_joined_letters_are_read_off() {
        assert_eq!(base("ويضربني").as_deref(), Some("يضربني"));
    }
}
