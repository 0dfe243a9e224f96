//! Routing suggestion: which mission covers the place a citizen is in.
//!
//! A [`Gazetteer`] is built from the mission directory: every mission's own
//! city and its `covers` are *places*, every country's `names` are
//! *countries* (going to the country's embassy). Missions that take no
//! consular cases (PTRI) and the directorate at home are left out. Matching is case-insensitive, on whole
//! words and phrases, with diacritics and apostrophes dropped and letters
//! stretched for emphasis squeezed ("MALAYSIAAA"); the longest phrase wins
//! ("Korea Utara" over "Korea", "Johor Bahru" over "Johor").
//!
//! Each mention gets a role from the words just before it (up to three, not
//! across punctuation or an earlier mention):
//! - *where they are*: "di", "kat", "in", "at", ... and "dibawa ke",
//!   "dijual ke", "kabur ke", "taken to", "sent to", ...
//! - *where they are going*: "ke", "to", "menuju", ...
//! - *origin/transit*: "dari", "asal", "from", "via", "lewat", "transit", ...
//! - *nationality/flag*: "orang", "WN", "warga", "bendera", "flagged", ...
//! - otherwise just *named*.
//!
//! "KBRI"/"KJRI"/"embassy" between the marker and the place are skipped, and
//! a mission named that way is never an origin ("tlg dibantu lewat KJRI
//! Tawau" names Tawau); so are "kota"/"daerah"/"negeri"/"state", which
//! alone say where the person is ("di Sabah, daerah Tawau"). A mention right after "bahasa"/"speak" is a
//! language, not a place. A mention that follows another with nothing but
//! punctuation between ("Tawau, Sabah", "Pampanga Filipina") qualifies it:
//! it shares its role, and after a place it is not a candidate itself.
//!
//! The choice: where they are beats where they are going, which beats a
//! plain mention, which beats origin/transit and nationality; among equals a
//! place beats a country, then the later mention wins. When the winner is a
//! country, a place inside that country that is named other than as an
//! origin wins instead ("Malaysia ... ditahan polisi Tawau" -> KRI Tawau).
//! A place named only as origin/transit is still suggested, saying so.
//!
//! Some names are also ordinary words or given names in these messages
//! ("Arab", "Jordan", "Perak", "KL" for "kalau", "Kabul" in "ijab kabul",
//! "Baku", "Sofia", "Nadi"): they count only with a place word right before
//! them ("kerja di Arab", "KBRI KL"). A few are never places ("Lima": five),
//! and some phrases hide the place names inside them ("Amerika Latin",
//! "Real Madrid", "bahasa Inggris").
//!
//! A flag ("🇸🇦") names its country when nothing written does: a plea in
//! emoji only goes to that country's mission, saying it was a flag
//! ([`flag`]); a flag of home (🇮🇩) names nothing.
//!
//! @handles, e-mail addresses and URLs are not read for places:
//! "@KBRIKualaLumpur" is an addressee, not a location. Only when nothing in
//! the text names a place abroad does a handle of a mission ("@KBRITokyo",
//! "@KJRI_HongKong") give a weak suggestion, marked as such.
//!
//! Arabic script is read as [`super::arabic`] folds it: harakat and tatweel
//! dropped, alef, ta marbuta and alef maqsura variants read as one letter,
//! and letters joined to the front of a word ("بالرياض", "والرياض",
//! "للرياض") made words of their own when the rest is a name, so "ب" (in)
//! and "ل" (to) are place words like the separate "في" and "إلى". The
//! place is then shown as written without them ("الرياض"; "للرياض" whole,
//! its "ل" shared with the article).
//!
//! The words (place words, mission words, names that need one, masking
//! phrases) are data, in `config/place_words.toml` ([`words`]); the words
//! before a mention are read in [`marker`], the text's words in [`tokens`].
//!
//! Indonesian places are never destinations: Indonesia has no country entry,
//! no mission covers its towns, and missions at home (the directorate in
//! Jakarta) are left out, so "Jakarta", "Malang" or "Indramayu" match nothing.

use std::collections::{HashMap, HashSet};

use super::arabic;
use crate::model::missions::{Countries, Missions};
use mention::choose;
use tokens::{Token, fold, tokenize, tokens_key};
use words::WORDS;

mod flag;
mod marker;
mod mention;
mod tokens;
mod words;

/// How a phrase names somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A mission's city or a place in its `covers`.
    Place,
    /// A country's name; goes to the country's mission.
    Country,
}

/// The mission a suggestion names, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The mission's code in the directory.
    pub mission: String,
    /// The place as the citizen wrote it ("Myawaddy"), or the handle.
    pub place: String,
    /// For the officer: "Myawaddy (named as where they are) → KBRI Yangon".
    pub reason: String,
    /// The other places named, each with its role: "Thailand (origin/transit)".
    pub others: Vec<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// None for a masking phrase: matched, so nothing inside it counts.
    target: Option<Target>,
}

#[derive(Debug, Clone)]
struct Target {
    mission: String,
    kind: Kind,
    /// The country the place is in, or the country named.
    iso2: String,
}

/// Phrases of the mission directory, ready to find in citizens' text.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Folded phrase -> mission code, kind and country.
    phrases: HashMap<String, Entry>,
    /// The most words a phrase has.
    longest: usize,
    /// Folded names that need a place word right before them.
    gated: HashSet<String>,
    /// A mission handle's stem ("tokyo", "hongkong") -> mission code.
    handles: HashMap<String, String>,
    /// Mission code -> "KBRI Yangon".
    names: HashMap<String, String>,
    /// A country's ISO code -> its mission and its first name.
    flags: HashMap<String, (String, String)>,
}
impl Gazetteer {
    pub fn new(missions: &Missions, countries: &Countries) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            phrases: HashMap::new(),
            longest: 1,
            gated: WORDS.names.gated.iter().map(|g| fold(g)).collect(),
            handles: HashMap::new(),
            names: HashMap::new(),
            flags: HashMap::new(),
        };
        gazetteer.add_masks();
        // Places first, so that a phrase that is both a place and a country
        // ("Hong Kong", "Singapura") is a place; the first mission (by code)
        // keeps a phrase two missions list.
        gazetteer.add_missions(missions);
        gazetteer.add_covered_handles(missions);
        gazetteer.add_countries(countries);
        gazetteer.longest = gazetteer
            .phrases
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        gazetteer
    }

    /// The phrases that hide the place names inside them.
    fn add_masks(&mut self) {
        for mask in &WORDS.names.masks {
            self.phrases.insert(fold(mask), Entry { target: None });
        }
    }

    /// Each routable mission's name, its city and `covers` as places, and
    /// its code and city as handle stems.
    fn add_missions(&mut self, missions: &Missions) {
        for (code, mission) in missions.iter().filter(|(_, m)| routable(m)) {
            self.names.insert(code.clone(), mission.display_name());
            for place in std::iter::once(&mission.city).chain(&mission.covers) {
                self.add_phrase(place, code, Kind::Place, &mission.iso2);
            }
            for name in [code, &mission.city] {
                self.handles
                    .entry(handle_stem(name))
                    .or_insert_with(|| code.clone());
            }
        }
    }

    /// The places each mission covers as handle stems, after every
    /// mission's own code and city.
    fn add_covered_handles(&mut self, missions: &Missions) {
        for (code, mission) in missions.iter().filter(|(_, m)| routable(m)) {
            for place in &mission.covers {
                self.handles
                    .entry(handle_stem(place))
                    .or_insert_with(|| code.clone());
            }
        }
    }

    /// Every country's names, going to a mission already added.
    fn add_countries(&mut self, countries: &Countries) {
        for (iso2, country) in countries {
            if !self.names.contains_key(&country.mission) {
                continue; // no such mission, or one that takes no cases
            }
            for name in &country.names {
                self.add_phrase(name, &country.mission, Kind::Country, iso2);
            }
            if let Some(first) = country.names.first() {
                self.flags.insert(
                    iso2.to_uppercase(),
                    (country.mission.clone(), first.clone()),
                );
            }
        }
    }

    /// `phrase` as naming `mission`, unless it is empty or already taken.
    fn add_phrase(&mut self, phrase: &str, mission: &str, kind: Kind, iso2: &str) {
        let key = fold(phrase);
        if key.is_empty() {
            return;
        }
        self.phrases.entry(key).or_insert_with(|| Entry {
            target: Some(Target {
                mission: mission.to_string(),
                kind,
                iso2: iso2.to_uppercase(),
            }),
        });
    }

    /// The mission that covers the place the citizen is in, with the reason,
    /// or None when no place abroad is named.
    pub fn suggest(&self, text: &str) -> Option<Suggestion> {
        let (tokens, handles) = tokenize(text);
        let tokens = self.split_joined_letters(text, tokens);
        let mentions = self.mentions(text, &tokens);
        let Some(chosen) = choose(&mentions) else {
            return self.by_flag(text).or_else(|| self.by_handle(&handles));
        };
        let winner = &mentions[chosen.index];
        let mission = winner.target.mission.clone();
        let mut note = winner.role.label().to_string();
        if let Some(country) = chosen.inside {
            let c = &mentions[country];
            note.push_str(&format!("; inside {}, {}", c.text, c.role.label()));
        }
        let reason = format!(
            "{} ({note}) → {}",
            winner.text,
            self.names
                .get(&mission)
                .cloned()
                .unwrap_or_else(|| mission.clone())
        );
        let mut seen = HashSet::from([fold(&winner.text)]);
        let others = mentions
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != chosen.index)
            .filter(|(_, m)| seen.insert(fold(&m.text)))
            .map(|(_, m)| format!("{} ({})", m.text, m.role.label()))
            .collect();
        Some(Suggestion {
            mission,
            place: winner.text.clone(),
            reason,
            others,
        })
    }

    /// The mission of every place and country `text` names, each once, in
    /// order ("Myawaddy, Thailand": `yangon`, `bangkok`): what grouping
    /// compares pleas by, so "Omdurman", "Khartum" and "Sudan" agree and
    /// two pleas about places no mission has in common are not one
    /// situation.
    pub fn missions_named(&self, text: &str) -> Vec<String> {
        let (tokens, _) = tokenize(text);
        let tokens = self.split_joined_letters(text, tokens);
        let mut seen = HashSet::new();
        self.mentions(text, &tokens)
            .into_iter()
            .map(|m| m.target.mission.clone())
            .filter(|mission| seen.insert(mission.clone()))
            .collect()
    }

    /// Every place and country `text` names, as written, each once (by
    /// its folded spelling), in order ("di Myawaddy, dekat perbatasan
    /// Thailand": "Myawaddy", "Thailand"): what a group's roster lists.
    pub fn places_named(&self, text: &str) -> Vec<String> {
        let (tokens, _) = tokenize(text);
        let tokens = self.split_joined_letters(text, tokens);
        let mut seen = HashSet::new();
        self.mentions(text, &tokens)
            .into_iter()
            .filter(|m| seen.insert(fold(&m.text)))
            .map(|m| m.text)
            .collect()
    }

    /// The words with Arabic letters joined to a name made words of their
    /// own ("بالرياض" -> "ب", "الرياض"). A phrase found as written is kept
    /// whole.
    fn split_joined_letters(&self, text: &str, tokens: Vec<Token>) -> Vec<Token> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let kept = match self.longest_at(&tokens, i) {
                Some((len, _)) => len,
                None => match self.joined_letters_at(text, &tokens, i) {
                    Some(split) => {
                        out.extend(split);
                        i += 1;
                        continue;
                    }
                    None => 1,
                },
            };
            out.extend_from_slice(&tokens[i..i + kept]);
            i += kept;
        }
        out
    }

    /// Token `i` as joined letters, each a token, and the name after them,
    /// if the rest of the word starts a phrase.
    fn joined_letters_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<Vec<Token>> {
        let token = &tokens[i];
        if !arabic::is_arabic(&token.word) {
            return None;
        }
        let offsets = arabic::letter_offsets(&text[token.start..token.end]);
        let at = |letter: usize| offsets.get(letter).map(|o| token.start + o);
        let following = &tokens[i + 1..tokens.len().min(i + self.longest)];
        arabic::prefix_splits(&token.word)
            .into_iter()
            .find_map(|(joined, rest)| {
                let letters = joined.chars().count();
                // "للرياض": the name shown keeps the "ل" it shares with "ال".
                let elided = !token.word.ends_with(rest.as_str());
                let name = Token {
                    word: rest,
                    start: at(letters - usize::from(elided))?,
                    end: token.end,
                    after_break: false,
                };
                let mut candidate = vec![name];
                candidate.extend_from_slice(following);
                self.longest_at(&candidate, 0)?;
                let mut split = joined
                    .chars()
                    .enumerate()
                    .map(|(k, letter)| {
                        Some(Token {
                            word: letter.to_string(),
                            start: at(k)?,
                            end: at(k + 1)?,
                            after_break: k == 0 && token.after_break,
                        })
                    })
                    .collect::<Option<Vec<Token>>>()?;
                split.push(candidate.swap_remove(0));
                Some(split)
            })
    }

    /// The longest phrase starting at token `i`: its length in tokens.
    fn longest_at(&self, tokens: &[Token], i: usize) -> Option<(usize, &Entry)> {
        let max = self.longest.min(tokens.len() - i);
        (1..=max).rev().find_map(|len| {
            self.phrases
                .get(&tokens_key(&tokens[i..i + len]))
                .map(|e| (len, e))
        })
    }

    /// A weak suggestion from the first handle of a mission's account.
    fn by_handle(&self, handles: &[String]) -> Option<Suggestion> {
        let mut hits = handles.iter().filter_map(|h| {
            let folded: String = h
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase();
            let stem = WORDS
                .handles
                .prefixes
                .iter()
                .find_map(|p| folded.strip_prefix(p.as_str()))?;
            let code = self.handles.get(stem)?;
            Some((h, code))
        });
        let (handle, code) = hits.next()?;
        let others = hits.map(|(h, _)| format!("{h} (addressed)")).collect();
        Some(Suggestion {
            mission: code.clone(),
            place: handle.clone(),
            reason: format!(
                "{handle} (addressed; no place named) → {}",
                self.names
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| code.clone())
            ),
            others,
        })
    }
}

/// Whether places can route to the mission: one that takes consular cases
/// and is abroad (the directorate in Jakarta is the default desk, and the
/// citizen's home towns are not destinations).
fn routable(mission: &crate::model::missions::Mission) -> bool {
    mission.takes_cases() && !mission.iso2.eq_ignore_ascii_case(HOME)
}

/// A name as the end of a mission's handle: folded, without spaces
/// ("Hong Kong" -> "hongkong").
fn handle_stem(name: &str) -> String {
    fold(name).replace(' ', "")
}

/// The citizens' own country.
const HOME: &str = "ID";

#[cfg(test)]
mod tests;
