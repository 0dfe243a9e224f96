//! Emoji read as words, so a plea written only in emoji is scored.
//!
//! A domestic worker who cannot write the desk's languages may write
//! "😭🙏 🇸🇦🏠🔒 🛂❌ 💰❌ 🆘": crying, Saudi Arabia, locked in a house, no
//! passport, no money, SOS. The lexicon matches words, and punctuation and
//! symbols become spaces before matching, so such a message said nothing.
//! Here each emoji or sequence the lexicon's `[emoji]` table names is
//! replaced, where it stands, by the words it means ("🆘" → "sos"), which
//! the lexicon's terms and signals then match as any word; what was read is
//! listed in "Why:".
//!
//! Some emoji mean something only beside a place: a lock is a person
//! locked in when it follows or precedes a house, a door, a room or a flag
//! ("🏠🔒"), and a padlock alone is as often "private". Flags (two regional
//! indicator letters) are read as the country's ISO code, for the "Why:"
//! and for routing ([`super::route`] routes a flag when no place is
//! written); they match no term.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The `[emoji]` table of `config/lexicon.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmojiFile {
    /// Emoji or sequences and the words they mean, anywhere.
    #[serde(default)]
    read: BTreeMap<String, String>,
    /// Emoji and the words they mean, only beside a place.
    #[serde(default)]
    with_place: BTreeMap<String, String>,
    /// What counts as a place beside them (any flag does too).
    #[serde(default)]
    places: Vec<String>,
}

/// The emoji table, ready: sequences longest first.
#[derive(Debug, Clone, Default)]
pub struct Emoji {
    read: Vec<(Vec<char>, String)>,
    with_place: Vec<(Vec<char>, String)>,
    places: Vec<char>,
}

/// A text with its emoji read, and what was read ("🆘 → sos").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    pub text: String,
    pub notes: Vec<String>,
    /// The flags' ISO codes, in order, each once ("SA").
    pub flags: Vec<String>,
}

/// Variation selectors and skin tones: how an emoji is drawn, not what it
/// says.
fn is_presentation(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

fn regional_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1F1E6)?;
    (offset < 26).then(|| char::from(b'A' + offset as u8))
}

/// Every flag in `text`, as written and as its ISO code ("🇸🇦", "SA"), in
/// order.
pub fn flags(text: &str) -> Vec<(String, String)> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < cs.len() {
        match (regional_letter(cs[i]), regional_letter(cs[i + 1])) {
            (Some(a), Some(b)) => {
                out.push((format!("{}{}", cs[i], cs[i + 1]), format!("{a}{b}")));
                i += 2;
            }
            _ => i += 1,
        }
    }
    out
}

fn chars(key: &str) -> Vec<char> {
    key.chars().filter(|c| !is_presentation(*c)).collect()
}

impl Emoji {
    pub fn new(file: &EmojiFile) -> Emoji {
        let prepare = |table: &BTreeMap<String, String>| {
            let mut out: Vec<(Vec<char>, String)> = table
                .iter()
                .map(|(k, v)| (chars(k), v.clone()))
                .filter(|(k, _)| !k.is_empty())
                .collect();
            out.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
            out
        };
        Emoji {
            read: prepare(&file.read),
            with_place: prepare(&file.with_place),
            places: file.places.iter().flat_map(|p| chars(p)).collect(),
        }
    }

    /// `text` with each emoji of the table replaced by its words.
    pub fn read(&self, text: &str) -> Read {
        let cs: Vec<char> = text.chars().filter(|c| !is_presentation(*c)).collect();
        let mut out = Read::default();
        let mut i = 0;
        while i < cs.len() {
            if let (Some(a), Some(b)) = (
                regional_letter(cs[i]),
                cs.get(i + 1).copied().and_then(regional_letter),
            ) {
                let code = format!("{a}{b}");
                let note = format!("{}{} → {code}", cs[i], cs[i + 1]);
                if !out.flags.contains(&code) {
                    out.flags.push(code);
                    out.notes.push(note);
                }
                out.text.push(' ');
                i += 2;
                continue;
            }
            let found = self.at(&self.read, &cs, i).or_else(|| {
                self.at(&self.with_place, &cs, i)
                    .filter(|(len, _)| self.beside_place(&cs, i, *len))
            });
            match found {
                Some((len, words)) => {
                    let seq: String = cs[i..i + len].iter().collect();
                    let note = format!("{seq} → {words}");
                    if !out.notes.contains(&note) {
                        out.notes.push(note);
                    }
                    out.text.push_str(&format!(" {words} "));
                    i += len;
                }
                None => {
                    out.text.push(cs[i]);
                    i += 1;
                }
            }
        }
        out
    }

    /// The longest sequence of `table` at `i`: its length and words.
    fn at<'a>(
        &self,
        table: &'a [(Vec<char>, String)],
        cs: &[char],
        i: usize,
    ) -> Option<(usize, &'a str)> {
        table
            .iter()
            .find(|(k, _)| cs[i..].starts_with(k))
            .map(|(k, words)| (k.len(), words.as_str()))
    }

    /// Whether the next emoji before `i` or after `i + len` (spaces
    /// skipped) is a place or the end of a flag.
    fn beside_place(&self, cs: &[char], i: usize, len: usize) -> bool {
        let before = cs[..i].iter().rev().find(|c| !c.is_whitespace());
        let after = cs[i + len..].iter().find(|c| !c.is_whitespace());
        [before, after]
            .into_iter()
            .flatten()
            .any(|c| self.places.contains(c) || regional_letter(*c).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Emoji {
        let file: EmojiFile = toml::from_str(
            r#"
            places = ["🏠"]
            [read]
            "🆘" = "sos"
            "🛂❌" = "tidak punya paspor"
            [with_place]
            "🔒" = "dikunci"
            "#,
        )
        .unwrap();
        Emoji::new(&file)
    }

    #[test]
    fn sequences_read_as_their_words_where_they_stand() {
        let read = table().read("tolong 🆘🆘 🛂❌");
        assert_eq!(
            read.text.split_whitespace().collect::<Vec<_>>(),
            ["tolong", "sos", "sos", "tidak", "punya", "paspor"]
        );
        assert_eq!(read.notes, ["🆘 → sos", "🛂❌ → tidak punya paspor"]);
    }

    #[test]
    fn a_lock_counts_only_beside_a_place() {
        assert_eq!(table().read("🏠🔒").notes, ["🔒 → dikunci"]);
        assert_eq!(table().read("🇸🇦 🔒").notes, ["🇸🇦 → SA", "🔒 → dikunci"]);
        assert!(table().read("akun 🔒 private").notes.is_empty());
    }

    #[test]
    fn flags_are_read_as_country_codes() {
        let read = table().read("🇸🇦🏠 ✈️🇮🇩❓ 🇸🇦");
        assert_eq!(read.flags, ["SA", "ID"]);
        assert!(!read.text.contains('\u{1F1F8}'));
    }

    #[test]
    fn presentation_selectors_do_not_hide_a_sequence() {
        let read = table().read("🛂\u{FE0F}❌\u{FE0F}");
        assert_eq!(read.notes, ["🛂❌ → tidak punya paspor"]);
    }
}
