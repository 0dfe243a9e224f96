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
//! Indonesian places are never destinations: Indonesia has no country entry,
//! no mission covers its towns, and missions at home (the directorate in
//! Jakarta) are left out, so "Jakarta", "Malang" or "Indramayu" match nothing.

use std::collections::{HashMap, HashSet};

use super::arabic;
use crate::model::missions::{Countries, Missions};

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
}

/// Names also used as ordinary words or given names: a place only with a
/// place word right before them.
#[rustfmt::skip]
const GATED: &[&str] = &[
    // Indonesian / Malay words and slang
    "arab", "kl", "jb", "kabul", "baku", "perak", "nadi", "oran", "trang", "saga", "asan",
    "fes", "uk", "png", "cile", "usa", "tampa", "tuas", "peking", "sri aman",
    // Jakarta's business district as well as the Mekong's
    "segitiga emas",
    // given names
    "rayyan", "jordan", "yordan", "sofia", "karen", "clark", "austin", "houston", "sydney",
    "darwin", "santiago", "roma", "athena", "nara", "aden", "saida", "ahmadi", "jena",
    "madinah", "madina", "medina", "virginia", "washington", "dallas", "orlando", "phoenix",
    "queens", "maine",
    // English words
    "hail", "tyre", "riverside", "hollywood", "chili", "lae",
    // Arabic: grandmother, the city, the sunset prayer, the obstacle
    "جدة", "المدينة", "المغرب", "العقبة",
    // football clubs more often than cities in chatter
    "liverpool", "barcelona", "milan", "madrid", "bayern", "dortmund", "napoli", "valencia",
    "sevilla", "porto",
];

/// Phrases that are not places abroad although place names are inside them.
const MASKS: &[&str] = &[
    "lima",
    "ijab kabul",
    "ijab qabul",
    "amerika latin",
    "amerika selatan",
    "amerika tengah",
    "amerika utara",
    "latin america",
    "south america",
    "central america",
    "north america",
    "tanjung pinang",
    "labuan bajo",
    "kuantan singingi",
    "teluk kuantan",
    "paris van java",
    "made in china",
    "kampung arab",
    "kampung cina",
    "little india",
    "singapore airlines",
    "malaysia airlines",
    "qatar airways",
    "saudi airlines",
    "saudia airlines",
    "china airlines",
    "real madrid",
    "atletico madrid",
    "ac milan",
    "inter milan",
    "manchester united",
    "manchester city",
    "man united",
    "bayern munchen",
    "bayern munich",
    "paris saint germain",
    "paris st germain",
    "inter miami",
];

/// Words before a place saying the person is there.
/// Arabic words are written folded (as [`fold`] leaves them): "في" (in, also
/// spelt "فى"), "ب" (in, joined), "داخل" (inside).
const HERE: &[&str] = &[
    "di", "dlm", "dalam", "kat", "dekat", "dkt", "in", "at", "inside", "near", "within", "off",
    "في", "ب", "داخل",
];
/// "ke"/"to" ...
/// "الي" is "إلى"/"الى" (to) folded; "ل" (to) is joined.
const TOWARD: &[&str] = &[
    "ke", "to", "into", "towards", "toward", "menuju", "tujuan", "الي", "ل",
];
/// ... after one of these means the person was taken there and is there.
const TAKEN: &[&str] = &[
    "dibawa",
    "bawa",
    "dijual",
    "jual",
    "dikirim",
    "kirim",
    "dipindah",
    "dipindahkan",
    "pindah",
    "diselundupkan",
    "kabur",
    "lari",
    "ngungsi",
    "mengungsi",
    "taken",
    "sent",
    "trafficked",
    "sold",
    "moved",
    "brought",
    "transferred",
    "smuggled",
    "fled",
    "escaped",
    "relocated",
];
/// Words before a place saying it is where they came from or pass through.
const ORIGIN: &[&str] = &[
    "dari", "dr", "asal", "asalnya", "from", "frm", "via", "lewat", "lwt", "melalui", "mlalui",
    "melewati", "transit", "through", "thru", "من", "عبر",
];
/// Words before a place saying it is a nationality or a ship's flag.
const AFFILIATION: &[&str] = &[
    "orang",
    "org",
    "warga",
    "wn",
    "wna",
    "warganegara",
    "kewarganegaraan",
    "citizen",
    "national",
    "nationals",
    "nationality",
    "bendera",
    "berbendera",
    "flag",
    "flagged",
    "paspor",
    "passport",
];
/// A name right after these is a language.
const LANGUAGE: &[&str] = &["bahasa", "bhs", "berbahasa", "speak", "speaks", "speaking"];
/// Words naming a mission, skipped between a marker and the place.
const MISSION_WORDS: &[&str] = &[
    "kbri",
    "kjri",
    "kri",
    "kdei",
    "konjen",
    "kedubes",
    "kedutaan",
    "konsulat",
    "embassy",
    "consulate",
    "perwakilan",
    // embassy, consulate (ta marbuta folded)
    "سفاره",
    "السفاره",
    "قنصليه",
    "القنصليه",
];
/// Words calling the place a place, skipped like mission words; alone they
/// say where the person is ("daerah Tawau"). The Arabic ones, folded: city,
/// region, governorate.
#[rustfmt::skip]
const LOCATIVE: &[&str] = &[
    "daerah", "kawasan", "wilayah", "kota", "provinsi", "negeri", "negara", "bagian", "area",
    "city", "province", "state", "region", "district", "مدينه", "منطقه", "محافظه",
];
/// Handle prefixes of missions' accounts.
const HANDLE_PREFIXES: &[&str] = &["kbri", "kjri", "kdei", "kri", "konjen"];

/// How far before a place a marker is looked for, in words.
const WINDOW: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Affiliation,
    Origin,
    Named,
    Going,
    Here,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::Here => "named as where they are",
            Role::Going => "named as where they are going",
            Role::Named => "named",
            Role::Origin => "origin/transit",
            Role::Affiliation => "nationality/flag",
        }
    }
}

/// A word of the text: folded, and where it is in the original.
#[derive(Debug, Clone)]
struct Token {
    word: String,
    start: usize,
    end: usize,
    /// Punctuation (or a skipped handle or URL) between this word and the
    /// one before.
    after_break: bool,
}

/// A place or country found in the text.
#[derive(Debug, Clone)]
struct Mention<'g> {
    target: &'g Target,
    /// As written.
    text: String,
    role: Role,
    /// The token of the word that gave the role.
    marker_at: Option<usize>,
    /// Qualifies the place before it ("Sabah" in "Tawau, Sabah").
    qualifier: bool,
}

impl Gazetteer {
    pub fn new(missions: &Missions, countries: &Countries) -> Gazetteer {
        let mut phrases: HashMap<String, Entry> = HashMap::new();
        for mask in MASKS {
            phrases.insert(fold(mask), Entry { target: None });
        }
        let mut handles = HashMap::new();
        let mut names = HashMap::new();
        // Places first, so that a phrase that is both a place and a country
        // ("Hong Kong", "Singapura") is a place; the first mission (by code)
        // keeps a phrase two missions list.
        for (code, mission) in missions.iter().filter(|(_, m)| routable(m)) {
            names.insert(code.clone(), mission.display_name());
            for place in std::iter::once(&mission.city).chain(&mission.covers) {
                let key = fold(place);
                if key.is_empty() {
                    continue;
                }
                phrases.entry(key).or_insert_with(|| Entry {
                    target: Some(Target {
                        mission: code.clone(),
                        kind: Kind::Place,
                        iso2: mission.iso2.to_uppercase(),
                    }),
                });
            }
            let stem = |s: &str| fold(s).replace(' ', "");
            handles.entry(stem(code)).or_insert_with(|| code.clone());
            handles
                .entry(stem(&mission.city))
                .or_insert_with(|| code.clone());
        }
        for (code, mission) in missions.iter().filter(|(_, m)| routable(m)) {
            for place in &mission.covers {
                let stem = fold(place).replace(' ', "");
                handles.entry(stem).or_insert_with(|| code.clone());
            }
        }
        for (iso2, country) in countries {
            if !names.contains_key(&country.mission) {
                continue; // no such mission, or one that takes no cases
            }
            for name in &country.names {
                let key = fold(name);
                if key.is_empty() {
                    continue;
                }
                phrases.entry(key).or_insert_with(|| Entry {
                    target: Some(Target {
                        mission: country.mission.clone(),
                        kind: Kind::Country,
                        iso2: iso2.to_uppercase(),
                    }),
                });
            }
        }
        let longest = phrases
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        Gazetteer {
            phrases,
            longest,
            gated: GATED.iter().map(|g| fold(g)).collect(),
            handles,
            names,
        }
    }

    /// The mission that covers the place the citizen is in, with the reason,
    /// or None when no place abroad is named.
    pub fn suggest(&self, text: &str) -> Option<Suggestion> {
        let (tokens, handles) = tokenize(text);
        let tokens = self.split_joined_letters(text, tokens);
        let mentions = self.mentions(text, &tokens);
        let Some(chosen) = choose(&mentions) else {
            return self.by_handle(&handles);
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

    /// Every place and country named, in order, with its role.
    fn mentions<'g>(&'g self, text: &str, tokens: &[Token]) -> Vec<Mention<'g>> {
        let mut out: Vec<Mention<'g>> = Vec::new();
        // Where the last match (a mention or a mask) ended.
        let mut floor = 0;
        let mut last_mention_end: Option<usize> = None;
        let mut i = 0;
        while i < tokens.len() {
            let Some((len, entry)) = self.longest_at(tokens, i) else {
                i += 1;
                continue;
            };
            let end = i + len;
            let Some(target) = &entry.target else {
                floor = end;
                i = end;
                continue;
            };
            let gated = self.gated.contains(&tokens_key(&tokens[i..end]));
            let found = marker(tokens, i, floor);
            let appositive = last_mention_end == Some(i);
            let mut marker_at = None;
            let role = match found {
                Marker::Language => None,
                _ if appositive && !gated => Some(out.last().map_or(Role::Named, |m| m.role)),
                Marker::Role {
                    role,
                    immediate,
                    at,
                } => {
                    marker_at = at;
                    (!gated || immediate && role != Role::Affiliation).then_some(role)
                }
                Marker::None => (!gated).then_some(Role::Named),
            };
            // "dibawa dari Malaysia ke Kamboja": taken to, across the origin.
            let role = match (role, out.last()) {
                (Some(Role::Going), Some(prev))
                    if last_mention_end.is_some_and(|e| Some(e) == marker_at)
                        && prev.role == Role::Origin
                        && prev.marker_at.is_some_and(|m| taken_before(tokens, m)) =>
                {
                    Some(Role::Here)
                }
                (role, _) => role,
            };
            let start = i;
            floor = end;
            i = end;
            let Some(role) = role else {
                continue;
            };
            let qualifier = appositive && out.last().is_some_and(|m| m.target.kind == Kind::Place);
            out.push(Mention {
                target,
                text: text[tokens[start].start..tokens[end - 1].end].to_string(),
                role,
                marker_at,
                qualifier,
            });
            last_mention_end = Some(end);
        }
        out
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
            let stem = HANDLE_PREFIXES
                .iter()
                .find_map(|p| folded.strip_prefix(p))?;
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

/// The citizens' own country.
const HOME: &str = "ID";

/// The mention chosen, and the country mention it won inside, if any.
struct Chosen {
    index: usize,
    inside: Option<usize>,
}

fn choose(mentions: &[Mention]) -> Option<Chosen> {
    let candidates = || mentions.iter().enumerate().filter(|(_, m)| !m.qualifier);
    let (best, winner) =
        candidates().max_by_key(|(i, m)| (m.role, m.target.kind == Kind::Place, *i))?;
    if winner.target.kind == Kind::Country {
        let inside = candidates()
            .filter(|(_, m)| {
                m.target.kind == Kind::Place
                    && m.target.iso2 == winner.target.iso2
                    && m.role >= Role::Named
            })
            .max_by_key(|(i, m)| (m.role, *i));
        if let Some((index, _)) = inside {
            return Some(Chosen {
                index,
                inside: Some(best),
            });
        }
    }
    Some(Chosen {
        index: best,
        inside: None,
    })
}

enum Marker {
    None,
    Language,
    Role {
        role: Role,
        /// Right before the place (or its "KBRI").
        immediate: bool,
        /// The marker word's token.
        at: Option<usize>,
    },
}

/// The role the words before token `at` give it, looking no further back
/// than `floor` (the end of the last match) and not across punctuation.
fn marker(tokens: &[Token], at: usize, floor: usize) -> Marker {
    let word = |k: usize| tokens[k].word.as_str();
    // Whether token k-1 belongs to the same stretch as token k.
    let joined = |k: usize| k > floor && !tokens[k].after_break;
    // Skip "KBRI", "kota", "negara bagian" right before the place.
    let mut j = at;
    let (mut via_mission, mut via_locative) = (false, false);
    while joined(j) {
        let w = word(j - 1);
        if MISSION_WORDS.contains(&w) {
            via_mission = true;
        } else if LOCATIVE.contains(&w) {
            via_locative = true;
        } else {
            break;
        }
        j -= 1;
    }
    if joined(at) && LANGUAGE.contains(&word(at - 1)) {
        return Marker::Language;
    }
    let mut k = j;
    for step in 0..WINDOW {
        if !joined(k) {
            break;
        }
        k -= 1;
        let w = word(k);
        let role = if HERE.contains(&w) {
            Some(Role::Here)
        } else if TOWARD.contains(&w) {
            Some(if taken_before(tokens, k) {
                Role::Here
            } else {
                Role::Going
            })
        } else if ORIGIN.contains(&w) {
            Some(if via_mission {
                Role::Named
            } else {
                Role::Origin
            })
        } else if AFFILIATION.contains(&w) {
            Some(Role::Affiliation)
        } else {
            None
        };
        if let Some(role) = role {
            return Marker::Role {
                role,
                immediate: step == 0 || via_mission || via_locative,
                at: Some(k),
            };
        }
    }
    if via_mission || via_locative {
        // "KBRI KL": a mission named is a place named; "daerah Tawau",
        // "negeri Sabah": a place said to be one is where they are.
        return Marker::Role {
            role: if via_mission { Role::Named } else { Role::Here },
            immediate: true,
            at: None,
        };
    }
    Marker::None
}

/// Whether a verb of being taken somewhere ("dibawa", "sent") is right
/// before token `k`.
fn taken_before(tokens: &[Token], k: usize) -> bool {
    k > 0 && !tokens[k].after_break && TAKEN.contains(&tokens[k - 1].word.as_str())
}

fn tokens_key(tokens: &[Token]) -> String {
    let mut key = String::new();
    for t in tokens {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.word);
    }
    key
}

/// A phrase in the form it is matched in: folded words, single spaces.
fn fold(phrase: &str) -> String {
    let (tokens, _) = tokenize(phrase);
    tokens_key(&tokens)
}

/// The text's words (outside handles, e-mail addresses and URLs), and the
/// handles in it.
fn tokenize(text: &str) -> (Vec<Token>, Vec<String>) {
    let mut tokens = Vec::new();
    let mut handles = Vec::new();
    let mut pending_break = false;
    for (offset, chunk) in chunks(text) {
        if is_link(chunk) {
            pending_break = true;
            continue;
        }
        let mut rest_start = 0;
        if let Some(after_at) = chunk.trim_start_matches(is_opening).strip_prefix('@') {
            let name_len = after_at
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after_at.len());
            let at = chunk.len() - after_at.len() - 1;
            handles.push(chunk[at..at + 1 + name_len].to_string());
            rest_start = at + 1 + name_len;
            pending_break = true;
        }
        words(
            &chunk[rest_start..],
            offset + rest_start,
            &mut pending_break,
            &mut tokens,
        );
    }
    (tokens, handles)
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '"' | '\'' | '“' | '‘' | '<')
}

/// Whitespace-separated chunks with their byte offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .scan(0usize, |pos, chunk| {
            let start = *pos;
            // The separator is one whitespace character of any width.
            let sep = text[start + chunk.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            *pos = start + chunk.len() + sep;
            Some((start, chunk))
        })
        .filter(|(_, c)| !c.is_empty())
}

/// A URL or e-mail address: not read for places.
fn is_link(chunk: &str) -> bool {
    let lower = chunk.to_lowercase();
    let trimmed = lower.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    if lower.contains("://") || lower.starts_with("www.") || lower.contains("[.]") {
        return true;
    }
    // An e-mail address (but not a leading @handle).
    if trimmed
        .trim_start_matches(is_opening)
        .get(1..)
        .is_some_and(|s| s.contains('@'))
    {
        return true;
    }
    // domain.tld/path
    if let Some(slash) = trimmed.find('/') {
        let host = &trimmed[..slash];
        if host.contains('.') && host.split('.').all(|p| !p.is_empty()) {
            return true;
        }
    }
    // domain.tld
    const TLDS: &[&str] = &[
        "com", "net", "org", "id", "ly", "io", "xyz", "co", "gov", "info", "me", "app", "link",
    ];
    match trimmed.rsplit_once('.') {
        Some((host, tld)) => {
            TLDS.contains(&tld)
                && !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        }
        None => false,
    }
}

/// Split one chunk into folded words.
fn words(chunk: &str, offset: usize, pending_break: &mut bool, out: &mut Vec<Token>) {
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut flush = |word: &mut String, start: &mut Option<usize>, end: usize, brk: &mut bool| {
        if let Some(s) = start.take() {
            out.push(Token {
                word: squeeze(word),
                start: offset + s,
                end: offset + end,
                after_break: std::mem::take(brk),
            });
            word.clear();
        }
    };
    let mut chars = chunk.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if arabic::is_silent(c) {
            // A haraka, tatweel or accent written apart: part of the word.
            if start.is_some() {
                end = i + c.len_utf8();
            }
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
            word.extend(c.to_lowercase().map(fold_char));
            end = i + c.len_utf8();
        } else if is_apostrophe(c) && start.is_some() {
            // "Malaysia's": the word without its possessive; inside a name
            // ("Sana'a"): dropped.
            let rest = &chunk[i + c.len_utf8()..];
            let possessive =
                rest.starts_with(['s', 'S']) && !rest[1..].starts_with(char::is_alphanumeric);
            if possessive {
                chars.next();
                flush(&mut word, &mut start, end, pending_break);
            }
        } else {
            flush(&mut word, &mut start, end, pending_break);
            if !matches!(c, '-' | '/' | '&') && !is_apostrophe(c) {
                *pending_break = true;
            }
        }
    }
    flush(&mut word, &mut start, end, pending_break);
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | '´')
}

/// Three or more of one letter are emphasis: "MALAYSIAAA" -> "malaysia".
fn squeeze(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        if run >= 3 && c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(c, run));
        }
        i += run;
    }
    out
}

/// A lowercase letter without its accent; an Arabic letter as
/// [`arabic::fold_letter`] reads it.
fn fold_char(c: char) -> char {
    let c = arabic::fold_letter(c);
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' => {
            'a'
        }
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ệ' | 'ế' | 'ề' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'ị' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ơ' | 'ọ' | 'ố' | 'ồ' | 'ộ' => {
            'o'
        }
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ư' | 'ụ' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::missions::{Country, Mission};

    fn mission(kind: &str, city: &str, iso2: &str, covers: &[&str]) -> Mission {
        Mission {
            kind: kind.into(),
            city: city.into(),
            iso2: iso2.into(),
            covers: covers.iter().map(|s| s.to_string()).collect(),
            ..Mission::default()
        }
    }

    fn country(names: &[&str], mission: &str) -> Country {
        Country {
            names: names.iter().map(|s| s.to_string()).collect(),
            mission: mission.into(),
        }
    }

    /// A small directory, so these tests do not depend on missions.toml.
    fn gazetteer() -> Gazetteer {
        let missions: Missions = [
            (
                "kualalumpur",
                mission("KBRI", "Kuala Lumpur", "MY", &["KL", "Selangor"]),
            ),
            (
                "tawau",
                mission("KRI", "Tawau", "MY", &["Semporna", "Lahad Datu"]),
            ),
            (
                "kotakinabalu",
                mission("KJRI", "Kota Kinabalu", "MY", &["Sabah", "Sandakan"]),
            ),
            (
                "yangon",
                mission("KBRI", "Yangon", "MM", &["Myawaddy", "KK Park"]),
            ),
            ("bangkok", mission("KBRI", "Bangkok", "TH", &["Mae Sot"])),
            (
                "phnompenh",
                mission("KBRI", "Phnom Penh", "KH", &["Sihanoukville"]),
            ),
            ("riyadh", mission("KBRI", "Riyadh", "SA", &["Dammam"])),
            (
                "jeddah",
                mission("KJRI", "Jeddah", "SA", &["Makkah", "Madinah"]),
            ),
            ("tokyo", mission("KBRI", "Tokyo", "JP", &[])),
            ("amman", mission("KBRI", "Amman", "JO", &[])),
            ("lima", mission("KBRI", "Lima", "PE", &[])),
            ("ptri-asean", mission("PTRI", "Jakarta", "ID", &[])),
            ("pwni", mission("DIT", "Jakarta", "ID", &["Indramayu"])),
            ("jenewa", mission("PTRI", "Geneva", "CH", &[])),
        ]
        .into_iter()
        .map(|(c, m)| (c.to_string(), m))
        .collect();
        let countries: Countries = [
            ("MY", country(&["Malaysia"], "kualalumpur")),
            ("MM", country(&["Myanmar"], "yangon")),
            ("TH", country(&["Thailand"], "bangkok")),
            ("KH", country(&["Kamboja", "Cambodia"], "phnompenh")),
            (
                "SA",
                country(&["Arab Saudi", "Saudi Arabia", "Arab"], "riyadh"),
            ),
            ("JP", country(&["Jepang", "Japan"], "tokyo")),
            ("JO", country(&["Jordan", "Yordania"], "amman")),
            ("PE", country(&["Peru"], "lima")),
        ]
        .into_iter()
        .map(|(c, m)| (c.to_string(), m))
        .collect();
        Gazetteer::new(&missions, &countries)
    }

    fn route(text: &str) -> Option<String> {
        gazetteer().suggest(text).map(|s| s.mission)
    }

    #[test]
    fn a_place_names_its_mission_case_insensitively_as_a_whole_word() {
        assert_eq!(route("adik sy di SEMPORNA").as_deref(), Some("tawau"));
        assert_eq!(
            route("stuck in kuala lumpur").as_deref(),
            Some("kualalumpur")
        );
        assert_eq!(route("di Tawaunya"), None);
        assert_eq!(route("tolong min adik saya hilang kontak"), None);
    }

    #[test]
    fn the_reason_names_the_place_as_written_and_the_mission() {
        let s = gazetteer()
            .suggest("sepupu sy dibawa ke Myawaddy, katanya kerja di Thailand")
            .unwrap();
        assert_eq!(s.mission, "yangon");
        assert_eq!(s.place, "Myawaddy");
        assert_eq!(s.reason, "Myawaddy (named as where they are) → KBRI Yangon");
        assert_eq!(s.others, vec!["Thailand (named as where they are)"]);
    }

    #[test]
    fn where_they_are_beats_origin_and_transit() {
        assert_eq!(
            route("dari Malaysia dibawa ke Kamboja").as_deref(),
            Some("phnompenh")
        );
        let s = gazetteer()
            .suggest("transit via Thailand, now held in Myawaddy")
            .unwrap();
        assert_eq!(s.mission, "yangon");
        assert_eq!(s.others, vec!["Thailand (origin/transit)"]);
        // Named only as an origin: still suggested, saying so.
        let s = gazetteer().suggest("baru pulang dari Malaysia").unwrap();
        assert_eq!(s.reason, "Malaysia (origin/transit) → KBRI Kuala Lumpur");
    }

    #[test]
    fn where_they_are_beats_where_they_are_going() {
        assert_eq!(
            route("ditawari kerja di Kamboja, berangkat lusa lewat Bali trus ke Bangkok")
                .as_deref(),
            Some("phnompenh")
        );
    }

    #[test]
    fn a_place_beats_a_country_and_wins_inside_the_country_named() {
        assert_eq!(
            route("kerja di Arab Saudi, sekarang kabur ke KBRI Riyadh").as_deref(),
            Some("riyadh")
        );
        let s = gazetteer()
            .suggest("saudara sy di Malaysia, ditahan polisi Tawau")
            .unwrap();
        assert_eq!(s.mission, "tawau");
        assert_eq!(
            s.reason,
            "Tawau (named; inside Malaysia, named as where they are) → KRI Tawau"
        );
    }

    #[test]
    fn a_place_word_says_where_they_are() {
        assert_eq!(
            route("kerja di Sabah, daerah Tawau").as_deref(),
            Some("tawau")
        );
        assert_eq!(route("pulang dari kota Riyadh").as_deref(), Some("riyadh"));
        let s = gazetteer().suggest("pulang dari kota Riyadh").unwrap();
        assert_eq!(s.reason, "Riyadh (origin/transit) → KBRI Riyadh");
        assert_eq!(route("di kota Madinah").as_deref(), Some("jeddah"));
        assert_eq!(route("warga negara Malaysia"), route("WN Malaysia"));
    }

    #[test]
    fn the_later_mention_wins_among_equals() {
        assert_eq!(
            route("dulu di Riyadh, sekarang di Makkah").as_deref(),
            Some("jeddah")
        );
        assert_eq!(
            route("dulu di Makkah, sekarang di Riyadh").as_deref(),
            Some("riyadh")
        );
    }

    #[test]
    fn a_qualifying_region_does_not_outrank_the_town() {
        assert_eq!(route("ditahan di Tawau, Sabah").as_deref(), Some("tawau"));
        assert_eq!(route("kerja di Semporna Sabah").as_deref(), Some("tawau"));
        assert_eq!(
            route("held in Sihanoukville, Cambodia").as_deref(),
            Some("phnompenh")
        );
    }

    #[test]
    fn kk_park_is_in_myanmar() {
        assert_eq!(route("ADIK SAYA DI KK PARK!!!").as_deref(), Some("yangon"));
        assert_eq!(route("kk sy di rumah"), None);
    }

    #[test]
    fn handles_and_urls_are_not_places_but_a_mission_handle_is_a_weak_hint() {
        assert_eq!(
            route("@KBRIKualaLumpur adik sy di Makkah").as_deref(),
            Some("jeddah")
        );
        assert_eq!(route("info di bit.ly/Malaysia-jobs"), None);
        assert_eq!(route("cek https://example.com/Tawau"), None);
        let s = gazetteer()
            .suggest("@Kemlu_RI @KBRITokyo min paspor sy ilang di kereta")
            .unwrap();
        assert_eq!(s.mission, "tokyo");
        assert_eq!(s.place, "@KBRITokyo");
        assert_eq!(
            s.reason,
            "@KBRITokyo (addressed; no place named) → KBRI Tokyo"
        );
        assert_eq!(route("@Kemlu_RI mohon info"), None);
    }

    #[test]
    fn ambiguous_words_need_a_place_word() {
        assert_eq!(route("kerja di Arab udh 3 thn").as_deref(), Some("riyadh"));
        assert_eq!(route("bisa bahasa Arab sedikit"), None);
        assert_eq!(route("majikan orang Arab"), None);
        assert_eq!(route("tlg kl bisa dibantu"), None);
        assert_eq!(route("sy di KL").as_deref(), Some("kualalumpur"));
        assert_eq!(route("my friend Jordan is missing"), None);
        assert_eq!(route("she works in Jordan").as_deref(), Some("amman"));
        assert_eq!(route("anak ke lima sy"), None);
        assert_eq!(route("di Lima, Peru").as_deref(), Some("lima"));
    }

    #[test]
    fn missions_taking_no_cases_or_at_home_are_never_suggested() {
        assert_eq!(route("rapat di Geneva"), None);
        assert_eq!(route("sy di Jakarta"), None);
        assert_eq!(route("pulang ke Indramayu"), None);
    }

    #[test]
    fn a_mission_named_is_not_an_origin() {
        let s = gazetteer()
            .suggest("ditahan polisi, tlg dibantu lewat KJRI Tawau")
            .unwrap();
        assert_eq!(s.reason, "Tawau (named) → KRI Tawau");
    }

    #[test]
    fn folding_drops_accents_apostrophes_and_emphasis() {
        assert_eq!(fold("Sana'a"), "sanaa");
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("MALAYSIAAA!!"), "malaysia");
        assert_eq!(fold("Ras al-Khaimah"), "ras al khaimah");
        // An accent written apart (NFD) is part of its letter, not a break.
        assert_eq!(fold("Zu\u{308}rich"), "zurich");
        assert_eq!(fold("الرِّيَاض"), "الرياض");
        assert_eq!(
            route("TOLONGGG adik sy di MALAYSIAAAA").as_deref(),
            Some("kualalumpur")
        );
    }

    /// Every place and country name of the built-in directory routes to its
    /// own mission: no phrase is shadowed by another mission's.
    #[test]
    fn every_builtin_place_and_country_routes_to_its_mission() {
        /// The built-in directory, as `config/missions.toml` ships it.
        #[derive(serde::Deserialize)]
        struct Directory {
            missions: crate::model::missions::Missions,
            #[serde(default)]
            countries: crate::model::missions::Countries,
        }
        let config: Directory = toml::from_str(include_str!("../../config/missions.toml")).unwrap();
        let g = Gazetteer::new(&config.missions, &config.countries);
        let mut wrong = Vec::new();
        let masked: HashSet<String> = MASKS.iter().map(|m| fold(m)).collect();
        let mut check = |phrase: &str, code: &str| {
            if masked.contains(&fold(phrase)) {
                return;
            }
            let got = g
                .suggest(&format!("adik sy di {phrase} tolong"))
                .map(|s| s.mission);
            if got.as_deref() != Some(code) {
                wrong.push(format!("{phrase:?}: {got:?}, not {code}"));
            }
        };
        for (code, m) in config.missions.iter().filter(|(_, m)| routable(m)) {
            for place in std::iter::once(&m.city).chain(&m.covers) {
                check(place, code);
            }
        }
        for c in config.countries.values() {
            for name in &c.names {
                check(name, &c.mission);
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // Indonesia is nobody's destination; the PTRI missions take no cases.
        assert!(!config.countries.contains_key("ID"));
        assert_eq!(g.suggest("rapat di Jakarta"), None);
        assert!(
            config
                .countries
                .values()
                .all(|c| config.missions[&c.mission].takes_cases())
        );
    }
}
