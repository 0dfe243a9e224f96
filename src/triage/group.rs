//! Near-identical pleas found by what they say (#16): on the day a city
//! falls into war hundreds of people write "tolong evakuasi keluarga saya
//! di Khartoum" in their own words, and the desk needs them as one group,
//! not as hundreds of rows.
//!
//! A plea becomes a set of weighted *terms* (`Vocabulary::terms`): its
//! normalised words minus the words every plea says, synonyms across
//! Indonesian, English and slang folded into one concept
//! (`config/grouping.toml`), long words compared by their consonants so a
//! misspelt "Kartoum" is still "Khartoum". Alike is the cosine of two
//! pleas' weighted terms, or of a plea with a group's profile (how many of
//! its members say each term), whichever is higher; never alike are pleas
//! about places of no mission in common (`Gazetteer::missions_named`), of
//! different kinds of case, or sharing too little.
//!
//! `Grouper` keeps the open pleas of the recent window and places each
//! arrival: alone, joining the group it is most like, or founding a group
//! with the lone plea it is most like. Looking for look-alikes is bounded:
//! each term remembers only its most recent pleas, so an arrival in a surge
//! costs the same as one on a calm day. Pure and in memory: the caller
//! decides what is stored and when. How well it does is measured on
//! labelled pleas by `tests/suite/grouping.rs`.
//!
//! Long because it is one algorithm read together: what a plea's terms
//! are, how alike two pleas or a plea and a group are, and where an
//! arrival goes; split it when the crisis view adds to it.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};

use serde::Deserialize;

use super::score::{UNSORTED, normalise};
pub use crate::model::GroupId;

/// The built-in vocabulary: `config/grouping.toml`.
pub const GROUPING_TOML: &str = include_str!("../../config/grouping.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupingFile {
    stopwords: Vec<String>,
    light: Vec<String>,
    tuning: Tuning,
    concepts: BTreeMap<String, Vec<String>>,
}

/// How alike is alike, and how far an arrival looks.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tuning {
    /// The cosine from which two pleas are the same situation.
    similar: f32,
    /// How many recent pleas each term remembers.
    recent_per_term: usize,
}

/// The words grouping reads: what to drop, what to fold, and the slang the
/// scorer expands (shared with the lexicon so "tlg" is "tolong" for both).
#[derive(Debug, Clone)]
pub struct Vocabulary {
    abbrev: BTreeMap<String, String>,
    stop: HashSet<String>,
    concept_of: HashMap<String, String>,
    /// Concepts that say little about which situation it is.
    light: HashSet<String>,
    tuning: Tuning,
}

/// A term: a hashed word or concept, or a mission.
pub type Term = u64;

/// What a plea says, for comparing: its terms, sorted, and the words they
/// stand for (for a group's label).
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    /// Sorted, no repeats.
    pub ids: Vec<Term>,
    /// Each term's word as the label shows it, in the order of `ids`.
    pub words: Vec<String>,
    /// How much each term says about the situation, in the order of `ids`.
    pub weights: Vec<f32>,
}

impl Vocabulary {
    /// The vocabulary shipped in the binary, with the lexicon's slang.
    pub fn builtin() -> Vocabulary {
        Vocabulary::from_toml(
            GROUPING_TOML,
            super::score::Lexicon::builtin().abbreviations(),
        )
        .expect("embedded config/grouping.toml is valid")
    }

    /// A vocabulary from `text` (the shape of `config/grouping.toml`).
    pub fn from_toml(
        text: &str,
        abbrev: &BTreeMap<String, String>,
    ) -> Result<Vocabulary, toml::de::Error> {
        let file: GroupingFile = toml::from_str(text)?;
        let concept_of = file
            .concepts
            .iter()
            .flat_map(|(concept, words)| words.iter().map(move |w| (w.clone(), concept.clone())))
            .collect();
        Ok(Vocabulary {
            abbrev: abbrev.clone(),
            stop: file.stopwords.into_iter().collect(),
            light: file.light.into_iter().collect(),
            concept_of,
            tuning: file.tuning,
        })
    }

    /// The terms of `text`.
    pub fn terms(&self, text: &str) -> Terms {
        let mut found: BTreeMap<Term, (String, f32)> = BTreeMap::new();
        for word in normalise(&without_handles_and_links(text), &self.abbrev).split(' ') {
            if let Some((word, weight)) = self.term_word(word) {
                found
                    .entry(hash_of(&spelling_key(word)))
                    .or_insert_with(|| (word.to_string(), weight));
            }
        }
        let mut terms = Terms {
            ids: Vec::with_capacity(found.len()),
            words: Vec::with_capacity(found.len()),
            weights: Vec::with_capacity(found.len()),
        };
        for (id, (word, weight)) in found {
            terms.ids.push(id);
            terms.words.push(word);
            terms.weights.push(weight);
        }
        terms
    }

    /// The term `word` stands for and its weight (a light concept 0.5,
    /// another concept or word 1), or None for a word that tells nothing.
    fn term_word<'a>(&'a self, word: &'a str) -> Option<(&'a str, f32)> {
        if word.chars().count() < 2 || word.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if self.stop.contains(word) {
            return None;
        }
        let concept = self
            .concept_of
            .get(word)
            .or_else(|| self.concept_of.get(stem(word)));
        Some(match concept {
            Some(c) if self.light.contains(c) => (c, LIGHT),
            Some(c) => (c, CONCEPT),
            None => (word, 1.0),
        })
    }
}

/// The weight of a concept: what the situation is ("evakuasi", "gempa").
/// As a word (measured: 1.5 finds more of a group and twice the strays).
const CONCEPT: f32 = 1.0;
/// The weight of a light concept: said in many situations ("keluarga").
const LIGHT: f32 = 0.5;

/// "keluarganya" -> "keluarga", "brothers" -> "brother": the endings that
/// only say whose or how many, taken off long words.
fn stem(word: &str) -> &str {
    for ending in ["nya", "ku", "mu", "lah", "s"] {
        if let Some(base) = word.strip_suffix(ending)
            && base.chars().count() >= 4
            && !base.ends_with('s')
        {
            return base;
        }
    }
    word
}

/// What `word` is compared by: its consonants, repeats squeezed, for a
/// long word ("Khartoum", "Kartoum" and "Khartum" are all `krtm`;
/// "Myawaddy" and "Myawady" `mwd`), so a misspelt place or name still
/// agrees; short words, concepts and words not in Latin letters as they
/// are.
fn spelling_key(word: &str) -> std::borrow::Cow<'_, str> {
    let latin = word.chars().all(|c| c.is_ascii_lowercase());
    if !latin || word.len() < 5 {
        return word.into();
    }
    let mut key = String::with_capacity(word.len());
    for c in word.chars().filter(|c| !"aeiouyh".contains(*c)) {
        if !key.ends_with(c) {
            key.push(c);
        }
    }
    if key.len() < 3 {
        return word.into();
    }
    // Marked, so a key never equals a short word or a concept.
    key.insert(0, '~');
    key.into()
}

/// `text` without @handles, links, e-mail addresses and long numbers: who
/// a plea is addressed to, what it links, and the passport, phone or
/// account that is one person's are not what it says (two messages of one
/// person giving the same e-mail are not near-identical pleas).
fn without_handles_and_links(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| {
            let w = w.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
            let digits = w.chars().filter(char::is_ascii_digit).count();
            !(w.starts_with('@')
                || w.contains('@')
                || w.starts_with("http://")
                || w.starts_with("https://")
                || digits >= 4)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn hash_of(word: &str) -> Term {
    // FNV-1a: stable across runs and builds, unlike std's RandomState.
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    word.hash(&mut hasher);
    hasher.0
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Where an arrival was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Like nothing open: a row of its own.
    Alone,
    /// Founded `group` together with the open plea `with`.
    Founded { group: GroupId, with: u64 },
    /// Joined an existing group.
    Joined(GroupId),
}

impl Placement {
    pub fn group(self) -> Option<GroupId> {
        match self {
            Placement::Alone => None,
            Placement::Founded { group, .. } | Placement::Joined(group) => Some(group),
        }
    }
}

/// One open plea the grouper remembers.
#[derive(Debug, Clone)]
struct Member {
    terms: Vec<Term>,
    /// Each term's weight, squared (what a shared term adds).
    squared: Vec<f32>,
    /// The length of its weighted terms.
    norm: f32,
    /// The missions of the places it names (`Gazetteer::missions_named`).
    places: Vec<Box<str>>,
    category: Box<str>,
    group: Option<GroupId>,
}

/// A group: its members, and how often each term is said in it. What an
/// arrival is compared with is this profile, not one member, so a group
/// that has heard many ways of saying the same thing recognises more.
#[derive(Debug, Clone)]
pub struct Group {
    pub members: Vec<u64>,
    /// The missions of the places its members name, and how many name each.
    places: HashMap<Box<str>, u32>,
    /// The kind of case of the plea that founded it.
    category: Box<str>,
    said: FxHashMap<Term, u32>,
    /// The sum of (weight x count) squared over `said`: the profile's
    /// length, squared.
    said_squared: f64,
}

impl Group {
    fn founded_by(member: &Member) -> Group {
        Group {
            members: Vec::new(),
            places: HashMap::new(),
            category: member.category.clone(),
            said: FxHashMap::default(),
            said_squared: 0.0,
        }
    }

    fn add(&mut self, id: u64, member: &Member) {
        self.members.push(id);
        for place in &member.places {
            *self.places.entry(place.clone()).or_default() += 1;
        }
        for (term, w2) in member.terms.iter().zip(&member.squared) {
            let n = self.said.entry(*term).or_default();
            self.said_squared += f64::from(*w2) * f64::from(2 * *n + 1);
            *n += 1;
        }
    }
}

/// What an arrival can be placed with: a group, or a plea alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Candidate {
    Group(GroupId),
    Alone(u64),
}

/// The open pleas of the window and their groups.
#[derive(Debug, Clone)]
pub struct Grouper {
    vocabulary: Vocabulary,
    members: FxHashMap<u64, Member>,
    groups: BTreeMap<GroupId, Group>,
    /// Each term's most recent pleas, newest last.
    recent: FxHashMap<Term, VecDeque<u64>>,
    /// Each term's word as a label shows it.
    dictionary: FxHashMap<Term, Box<str>>,
    next_group: u64,
}

impl Grouper {
    pub fn new(vocabulary: Vocabulary) -> Grouper {
        Grouper {
            vocabulary,
            members: FxHashMap::default(),
            groups: BTreeMap::new(),
            recent: FxHashMap::default(),
            dictionary: FxHashMap::default(),
            next_group: 1,
        }
    }

    /// Place the open plea `id` saying `text`, naming places of the
    /// missions `places` (`Gazetteer::missions_named`), of `category`; a
    /// plea already placed keeps its place.
    pub fn offer(&mut self, id: u64, text: &str, places: &[String], category: &str) -> Placement {
        if let Some(m) = self.members.get(&id) {
            return m.group.map_or(Placement::Alone, Placement::Joined);
        }
        let member = self.member(text, places, category);
        let placement = match self.most_alike(&member) {
            None => Placement::Alone,
            Some(Candidate::Group(group)) => Placement::Joined(group),
            Some(Candidate::Alone(other)) => self.found(other),
        };
        self.keep(id, member, placement.group());
        placement
    }

    /// Take back the plea `id` as it was placed before (in `group`, or
    /// alone), without placing it again: how the desk's groups are rebuilt
    /// from the store after a restart. Restore in the order they arrived.
    pub fn restore(
        &mut self,
        id: u64,
        text: &str,
        places: &[String],
        category: &str,
        group: Option<GroupId>,
    ) {
        if self.members.contains_key(&id) {
            return;
        }
        let member = self.member(text, places, category);
        if let Some(g) = group {
            self.next_group = self.next_group.max(g.0 + 1);
            self.groups
                .entry(g)
                .or_insert_with(|| Group::founded_by(&member));
        }
        self.keep(id, member, group);
    }

    /// Make sure groups are numbered after `group` (one kept but none of
    /// whose members is open any more).
    pub fn numbered_after(&mut self, group: GroupId) {
        self.next_group = self.next_group.max(group.0 + 1);
    }

    /// Leave the plea `id` out of what arrivals are compared with (closed,
    /// erased, or out of the window). Its group keeps what it said.
    pub fn forget(&mut self, id: u64) {
        self.members.remove(&id);
    }

    fn member(&mut self, text: &str, places: &[String], category: &str) -> Member {
        let terms = self.vocabulary.terms(text);
        for (term, word) in terms.ids.iter().zip(terms.words) {
            self.dictionary.entry(*term).or_insert_with(|| word.into());
        }
        let squared: Vec<f32> = terms.weights.iter().map(|w| w * w).collect();
        Member {
            norm: squared.iter().sum::<f32>().sqrt(),
            squared,
            terms: terms.ids,
            places: places.iter().map(|p| p.as_str().into()).collect(),
            category: category.into(),
            group: None,
        }
    }

    /// Remember `member` as `id`, in `group`.
    fn keep(&mut self, id: u64, mut member: Member, group: Option<GroupId>) {
        member.group = group;
        if let Some(group) = group
            && let Some(g) = self.groups.get_mut(&group)
        {
            g.add(id, &member);
        }
        self.remember(id, &member.terms);
        self.members.insert(id, member);
    }

    /// A new group, founded by the open plea `other` (the arrival joins it).
    fn found(&mut self, other: u64) -> Placement {
        let group = GroupId(self.next_group);
        self.next_group += 1;
        let Some(founder) = self.members.get_mut(&other) else {
            return Placement::Alone;
        };
        founder.group = Some(group);
        let mut founded = Group::founded_by(founder);
        founded.add(other, founder);
        self.groups.insert(group, founded);
        Placement::Founded { group, with: other }
    }

    /// The group or lone plea most like `member`, if one is alike enough
    /// (ties: the older). A group is as alike as the best of its profile
    /// and of its members among each term's recent pleas.
    ///
    /// The hot path of a surge: the recent pleas of a crisis's words are
    /// mostly of one group, so each is looked at once (a sorted list, not
    /// a hash set) and the group's profile scored once.
    fn most_alike(&self, member: &Member) -> Option<Candidate> {
        let mut recent: Vec<u64> = (member.terms.iter())
            .filter_map(|t| self.recent.get(t))
            .flatten()
            .copied()
            .collect();
        recent.sort_unstable();
        recent.dedup();
        let mut scored: Vec<GroupId> = Vec::new();
        let mut best: Option<(f32, Candidate)> = None;
        for id in recent {
            let Some(other) = self.members.get(&id) else {
                continue;
            };
            let candidate = other.group.map_or(Candidate::Alone(id), Candidate::Group);
            let mut score = similarity(member, other);
            if let Candidate::Group(g) = candidate
                && !scored.contains(&g)
            {
                scored.push(g);
                score = score.max(self.groups.get(&g).map_or(0.0, |g| fit(member, g)));
            }
            if score < self.vocabulary.tuning.similar {
                continue;
            }
            let better = best.is_none_or(|(s, c)| {
                score
                    .total_cmp(&s)
                    .then(order(c).cmp(&order(candidate)))
                    .is_gt()
            });
            if better {
                best = Some((score, candidate));
            }
        }
        best.map(|(_, c)| c)
    }

    fn remember(&mut self, id: u64, terms: &[Term]) {
        let most = self.vocabulary.tuning.recent_per_term;
        for term in terms {
            let recent = self.recent.entry(*term).or_default();
            if recent.len() == most {
                recent.pop_front();
            }
            recent.push_back(id);
        }
    }

    /// The words most of a group's members say, most said first: the
    /// label "evakuasi · keluarga" (the place comes from the mission).
    pub fn common_words(&self, group: GroupId, most: usize) -> Vec<&str> {
        let Some(group) = self.groups.get(&group) else {
            return Vec::new();
        };
        let mut said: Vec<(u32, &str)> = group
            .said
            .iter()
            .filter_map(|(t, n)| Some((*n, &**self.dictionary.get(t)?)))
            .filter(|(_, w)| !w.is_empty())
            .collect();
        said.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        said.into_iter().take(most).map(|(_, w)| w).collect()
    }

    /// The missions of the places a group's members name, most named
    /// first.
    pub fn missions(&self, group: GroupId) -> Vec<&str> {
        let Some(group) = self.groups.get(&group) else {
            return Vec::new();
        };
        let mut named: Vec<(u32, &str)> = group.places.iter().map(|(p, n)| (*n, &**p)).collect();
        named.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        named.into_iter().map(|(_, p)| p).collect()
    }

    /// The group of `id`, if it is in one.
    pub fn group_of(&self, id: u64) -> Option<GroupId> {
        self.members.get(&id)?.group
    }

    pub fn group(&self, id: GroupId) -> Option<&Group> {
        self.groups.get(&id)
    }

    /// Every group, oldest first.
    pub fn groups(&self) -> impl Iterator<Item = (GroupId, &Group)> {
        self.groups.iter().map(|(id, g)| (*id, g))
    }

    /// How many pleas it remembers.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// Older first: a lone plea's number, a group's (founded later than its
/// first plea, so groups sort by their age too).
fn order(candidate: Candidate) -> (u8, u64) {
    match candidate {
        Candidate::Group(g) => (0, g.0),
        Candidate::Alone(id) => (1, id),
    }
}

/// Whether two pleas name the same place: a place of a mission in
/// common, or neither names one (`Same`); both name places and none in
/// common (`Elsewhere`); or only one names a place a mission covers
/// (`Unsure`: the other may have misspelt it, or named a place the
/// directory does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whereabouts {
    Same,
    Elsewhere,
    Unsure,
}

fn whereabouts(
    named: &[Box<str>],
    none_there: bool,
    named_there: impl Fn(&str) -> bool,
) -> Whereabouts {
    match (named.is_empty(), none_there) {
        (true, true) => Whereabouts::Same,
        (true, false) | (false, true) => Whereabouts::Unsure,
        (false, false) if named.iter().any(|p| named_there(p)) => Whereabouts::Same,
        (false, false) => Whereabouts::Elsewhere,
    }
}

/// Whether pleas whose places agree as `whereabouts` say, sharing what
/// `shared` finds among `member`'s terms, can be one situation: never
/// elsewhere; when unsure, only if they share a word of their own (not a
/// concept), as a misspelt "Kartoum" shares the key of "Khartoum".
fn may_be_one(whereabouts: Whereabouts, member: &Member, shared: impl Fn(Term) -> bool) -> bool {
    match whereabouts {
        Whereabouts::Same => true,
        Whereabouts::Elsewhere => false,
        Whereabouts::Unsure => member
            .terms
            .iter()
            .zip(&member.squared)
            .any(|(t, w2)| *w2 == 1.0 && shared(*t)),
    }
}

/// Whether two kinds of case can be one situation: the same, or either
/// unsorted (the scorer found no kind).
fn same_kind(a: &str, b: &str) -> bool {
    a == b || a == UNSORTED || b == UNSORTED
}

/// How alike two lone pleas are: the cosine of their weighted terms, 0
/// when they share too little or cannot be one situation.
fn similarity(a: &Member, b: &Member) -> f32 {
    let shared = |t: Term| b.terms.binary_search(&t).is_ok();
    let place = whereabouts(&a.places, b.places.is_empty(), |p| {
        b.places.iter().any(|q| &**q == p)
    });
    if !may_be_one(place, a, shared) || !same_kind(&a.category, &b.category) {
        return 0.0;
    }
    let dot = shared_weight(a, |t| shared(t).then_some(1));
    if dot < ENOUGH_SHARED {
        return 0.0;
    }
    dot / (a.norm * b.norm)
}

/// How well a plea fits a group: the cosine of its weighted terms with the
/// group's profile (how many members say each term), 0 when it shares too
/// little with it or cannot be its situation.
fn fit(member: &Member, group: &Group) -> f32 {
    let said = |t: Term| group.said.get(&t).copied();
    let place = whereabouts(&member.places, group.places.is_empty(), |p| {
        group.places.contains_key(p)
    });
    if !may_be_one(place, member, |t| said(t).is_some())
        || !same_kind(&member.category, &group.category)
    {
        return 0.0;
    }
    if shared_weight(member, |t| said(t).map(|_| 1)) < ENOUGH_SHARED {
        return 0.0;
    }
    let dot = shared_weight(member, said);
    dot / (member.norm * group.said_squared.sqrt() as f32)
}

/// Two terms (a light concept counts a quarter): the least two pleas of one
/// situation share.
const ENOUGH_SHARED: f32 = 2.0;

/// The sum over `member`'s terms of weight squared x `count` (None: not
/// there).
fn shared_weight(member: &Member, count: impl Fn(Term) -> Option<u32>) -> f32 {
    member
        .terms
        .iter()
        .zip(&member.squared)
        .filter_map(|(t, w2)| Some(w2 * count(*t)? as f32))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut w = Vocabulary::builtin().terms(text).words;
        w.sort();
        w
    }

    #[test]
    fn slang_handles_links_and_synonyms_fold_into_the_same_terms() {
        let id = words("@Kemlu_RI tlg evakuasi kluarga sy di Khartoum https://t.co/x 🙏🙏");
        let en = words("please EVACUATE my family in khartoum!!");
        assert_eq!(id, en);
        assert_eq!(id, ["evakuasi", "keluarga", "khartoum"]);
    }

    #[test]
    fn a_misspelt_place_is_still_the_place() {
        let v = Vocabulary::builtin();
        let a = v.terms("evakuasi adik di Khartoum");
        let b = v.terms("evakusi adik di Kartoum");
        assert_eq!(a.ids, b.ids, "{:?} {:?}", a.words, b.words);
    }

    fn grouper() -> Grouper {
        Grouper::new(Vocabulary::builtin())
    }

    #[test]
    fn alike_pleas_found_a_group_then_join_it() {
        let mut g = grouper();
        let m = &["khartoum".to_string()];
        let c = "conflict";
        assert_eq!(
            g.offer(1, "tolong evakuasi keluarga saya di Khartoum", m, c),
            Placement::Alone
        );
        let founded = g.offer(2, "please evacuate my family from Khartoum, no water", m, c);
        let Placement::Founded { group, with: 1 } = founded else {
            panic!("{founded:?}")
        };
        assert_eq!(
            g.offer(3, "min tlg evakuasi kluarga sy Khartoum 😭", m, c),
            Placement::Joined(group)
        );
        assert_eq!(g.group(group).unwrap().members, [1, 2, 3]);
        assert_eq!(g.common_words(group, 2), ["evakuasi", "keluarga"]);
        assert_eq!(
            g.offer(3, "anything", m, c),
            Placement::Joined(group),
            "placed once"
        );
    }

    #[test]
    fn the_same_city_for_another_need_stays_alone() {
        let mut g = grouper();
        let m = &["khartoum".to_string()];
        g.offer(
            1,
            "tolong evakuasi keluarga saya di Khartoum",
            m,
            "conflict",
        );
        g.offer(2, "please evacuate my family from Khartoum", m, "conflict");
        let renew = g.offer(
            3,
            "mau tanya perpanjang paspor di KBRI Khartoum",
            m,
            "documents",
        );
        assert_eq!(renew, Placement::Alone);
        let beirut = &["beirut".to_string()];
        let elsewhere = g.offer(4, "tolong evakuasi keluarga saya", beirut, "conflict");
        assert_eq!(elsewhere, Placement::Alone, "another place");
    }
}
