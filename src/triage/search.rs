//! Search and filter, shared by `/` in the UI and `siaga list --search`:
//! filter terms (`tag:`, `status:`, `prio:`, `cat:`, `lang:`, `source:`,
//! `from:`) narrow, the remaining words rank fuzzily (nucleo-matcher, fzf's
//! algorithm) over author, text and tags.

use std::collections::HashSet;
use std::sync::Arc;

use nucleo_matcher::Utf32Str;

use crate::i18n::Said;
use crate::model::{Channel, Inquiry, InquiryId, Priority, Status};

/// What search needs of an inquiry, compact enough to keep every open
/// inquiry in memory: the fields filters look at, and one haystack string.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub id: InquiryId,
    pub status: Status,
    pub priority: Priority,
    pub queued_micros: i64,
    /// Officer, category, language and source: a handful of distinct
    /// values among a million docs, shared through `Names`.
    pub claimed_by: Option<Arc<str>>,
    pub private: bool,
    /// Category, source and tags are folded (`lower`), as filters compare.
    pub category: Arc<str>,
    pub lang: Option<Arc<str>>,
    pub source: Arc<str>,
    pub tags: Box<[Box<str>]>,
    /// "@handle display name text #tag ...", lowercased.
    pub haystack: Box<str>,
    /// Bytes of the haystack that name the author (for `from:`).
    pub author_len: usize,
}

/// One copy of each officer, category, language and source name for all
/// the docs of an index (a million docs name seven or so): each doc holds
/// a shared pointer, not an allocation of its own.
#[derive(Debug, Default)]
pub struct Names(HashSet<Arc<str>>);

impl Names {
    fn share(&mut self, name: &Arc<str>) -> Arc<str> {
        match self.0.get(name) {
            Some(shared) => shared.clone(),
            None => {
                self.0.insert(name.clone());
                name.clone()
            }
        }
    }
}

impl SearchDoc {
    /// `of`, its names shared with every other doc of `names`' index.
    pub fn of_shared(inq: &Inquiry, names: &mut Names) -> SearchDoc {
        let mut doc = SearchDoc::of(inq);
        doc.category = names.share(&doc.category);
        doc.source = names.share(&doc.source);
        doc.lang = doc.lang.as_ref().map(|l| names.share(l));
        doc.claimed_by = doc.claimed_by.as_ref().map(|c| names.share(c));
        doc
    }

    pub fn of(inq: &Inquiry) -> SearchDoc {
        // Lowercased once here, so that matching never lowercases again.
        let author = lower(&format!(
            "@{} {}",
            inq.author.handle, inq.author.display_name
        ));
        let mut haystack = String::with_capacity(author.len() + inq.text.len() + 16);
        haystack.push_str(&author);
        // A hidden text (restricted, deleted by its author) must not be
        // found by what it says either.
        if inq.text_hidden().is_none() {
            haystack.push(' ');
            haystack.push_str(&lower(&inq.text));
            for f in &inq.followups {
                haystack.push(' ');
                haystack.push_str(&lower(&f.text));
            }
        }
        for tag in &inq.tags {
            haystack.push_str(" #");
            haystack.push_str(&lower(tag));
        }
        SearchDoc {
            id: inq.id,
            status: inq.status,
            priority: inq.priority,
            queued_micros: inq.queued_at.as_microsecond(),
            claimed_by: inq.claimed_by.as_deref().map(Into::into),
            private: inq.channel == Channel::Private,
            category: lower(&inq.category).into(),
            lang: inq
                .lang
                .as_deref()
                .map(|l| crate::model::lang::canonical_code(l).into()),
            source: lower(&inq.source).into(),
            tags: inq.tags.iter().map(|t| lower(t).into()).collect(),
            haystack: haystack.into(),
            author_len: author.len(),
        }
    }
}

/// One `key:value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Tag(String),
    Status(Status),
    Priority(Priority),
    Category(String),
    Lang(String),
    Source(String),
    From(String),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub filters: Vec<Filter>,
    /// What is left after the filters, matched fuzzily.
    pub fuzzy: String,
}

impl Query {
    /// Parse `text`. An unknown `key:` or a bad value is an error an officer
    /// can read (in the catalog's words); anything without a known key is
    /// fuzzy text.
    pub fn parse(text: &str) -> Result<Query, Said> {
        let mut query = Query::default();
        let mut words = Vec::new();
        for word in text.split_whitespace() {
            match word.split_once(':') {
                Some((key, value)) if !value.is_empty() && is_filter_key(key) => {
                    query.filters.push(filter(key, value)?);
                }
                _ => words.push(word),
            }
        }
        query.fuzzy = words.join(" ");
        Ok(query)
    }

    pub fn is_empty(&self) -> bool {
        self.filters.is_empty() && self.fuzzy.is_empty()
    }
}

const FILTER_KEYS: [&str; 7] = ["tag", "status", "prio", "cat", "lang", "source", "from"];

fn is_filter_key(key: &str) -> bool {
    FILTER_KEYS.contains(&key.to_ascii_lowercase().as_str())
}

fn filter(key: &str, value: &str) -> Result<Filter, Said> {
    let lower = lower(value);
    Ok(match key.to_ascii_lowercase().as_str() {
        "tag" => Filter::Tag(lower),
        "status" => Filter::Status(
            value
                .parse()
                .map_err(|_| crate::said!("search-unknown-status", value = value))?,
        ),
        "prio" => Filter::Priority(
            value
                .parse()
                .map_err(|_| crate::said!("search-unknown-priority", value = value))?,
        ),
        "cat" => Filter::Category(lower),
        "lang" => Filter::Lang(crate::model::lang::canonical_code(value)),
        "source" => Filter::Source(lower),
        _ => Filter::From(lower.trim_start_matches('@').to_string()),
    })
}

impl Filter {
    /// Fields in a `SearchDoc` are folded already: nothing is allocated.
    pub fn holds(&self, doc: &SearchDoc) -> bool {
        let has = |field: &str, want: &str| field.contains(want);
        match self {
            Filter::Tag(t) => doc.tags.iter().any(|tag| has(tag, t)),
            Filter::Status(s) => doc.status == *s,
            Filter::Priority(p) => doc.priority == *p,
            Filter::Category(c) => has(&doc.category, c),
            Filter::Lang(l) => doc.lang.as_deref().is_some_and(|lang| lang == l.as_str()),
            Filter::Source(s) => has(&doc.source, s),
            Filter::From(f) => has(&doc.haystack[..doc.author_len], f),
        }
    }
}

/// Ranks inquiries against a query. Reuse one for many inquiries.
///
/// Each fuzzy word must match on its own, and compactly: its letters within
/// twice its length (abbreviations and typos pass, "psprt" finds "paspor
/// t"), since in a 280-character post almost any short word can be found
/// scattered; and scoring at least half of a perfect match.
///
/// Scoring is nucleo-matcher's (fzf's algorithm): measured 5-10x faster a
/// document than fuzzy-matcher's skim scorer on this desk's texts, and a
/// score depends only on the word and the text, so a word's best possible
/// score (`ceiling`) is known before the scan and a search can stop once
/// enough inquiries reach it (see `queue::index`).
pub struct Matcher {
    query: Query,
    words: Vec<Word>,
}

/// One fuzzy word of a query, folded like the haystacks.
struct Word {
    chars: Vec<char>,
    /// The word's bytes, when it is ASCII (the common case).
    ascii: Option<Vec<u8>>,
    /// The score of the word against itself: no text scores it higher.
    ceiling: u16,
    /// The least score that counts as a match.
    least: u16,
}

/// What a document is to a query, as the index needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Out of the query: a filter fails or a word's letters are not all
    /// there in order (so no longer word can match either).
    Out,
    /// Every word's letters are there in order, but not compactly enough.
    Near,
    /// A match, with its score.
    Match(u32),
}

thread_local! {
    /// nucleo's scratch memory (~135 KB), one per scanning thread.
    static NUCLEO: std::cell::RefCell<(nucleo_matcher::Matcher, Vec<char>, Vec<u32>)> =
        std::cell::RefCell::new((
            nucleo_matcher::Matcher::new(nucleo_config()),
            Vec::new(),
            Vec::new(),
        ));
}

/// nucleo's defaults, without its own folding: texts and words come folded
/// by `lower`, so that positions line up and `Jose` finds `José` as before.
fn nucleo_config() -> nucleo_matcher::Config {
    let mut config = nucleo_matcher::Config::DEFAULT;
    config.normalize = false;
    config
}

impl Matcher {
    pub fn new(query: Query) -> Matcher {
        // Haystacks are folded once (`lower`), so the query is folded the
        // same way: `Riyadh`, `ABK` and `riyadh` find the same inquiries.
        let words = query
            .fuzzy
            .split_whitespace()
            .map(|w| {
                let chars: Vec<char> = lower(w).chars().collect();
                let ascii = chars
                    .iter()
                    .all(char::is_ascii)
                    .then(|| chars.iter().map(|c| *c as u8).collect());
                let mut word = Word {
                    chars,
                    ascii,
                    ceiling: 0,
                    least: 0,
                };
                word.ceiling = self_score(&word);
                word.least = word.ceiling / 2;
                word
            })
            .collect();
        Matcher { query, words }
    }

    /// None: no match. Some(score): higher ranks first (0 with no fuzzy text).
    pub fn score(&self, inq: &Inquiry) -> Option<i64> {
        self.score_doc(&SearchDoc::of(inq))
    }

    pub fn score_doc(&self, doc: &SearchDoc) -> Option<i64> {
        match self.judge(doc) {
            Verdict::Match(score) => Some(i64::from(score)),
            _ => None,
        }
    }

    /// The best score any document can have for this query.
    pub fn ceiling(&self) -> u32 {
        self.words.iter().map(|w| u32::from(w.ceiling)).sum()
    }

    /// Judge one document: filters, then each word's letters in order (the
    /// cheap test a longer query can only fail more), then scoring.
    pub fn judge(&self, doc: &SearchDoc) -> Verdict {
        if !self.query.filters.iter().all(|f| f.holds(doc)) {
            return Verdict::Out;
        }
        let haystack = &*doc.haystack;
        if !self
            .words
            .iter()
            .all(|w| contains_in_order(haystack, &w.chars))
        {
            return Verdict::Out;
        }
        let mut total = 0;
        for word in &self.words {
            match compact_match(haystack, word, false) {
                Some((score, _)) => total += u32::from(score),
                None => return Verdict::Near,
            }
        }
        Verdict::Match(total)
    }

    /// Character positions in `shown` that match, for highlighting: only
    /// where a word matches as `score` would accept it.
    pub fn highlights_in(&self, shown: &str) -> Vec<usize> {
        let folded = lower(shown);
        let mut hits: Vec<usize> = self
            .words
            .iter()
            .filter(|w| contains_in_order(&folded, &w.chars))
            .filter_map(|w| compact_match(&folded, w, true))
            .flat_map(|(_, at)| at)
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    pub fn query(&self) -> &Query {
        &self.query
    }
}

/// The score and character positions of `word` in `haystack`, if it
/// matches compactly and well enough (see `Matcher`). Positions are only
/// collected when asked for.
fn compact_match(haystack: &str, word: &Word, positions: bool) -> Option<(u16, Vec<usize>)> {
    let ascii = haystack.is_ascii();
    if ascii {
        // A word with other letters is never in an ASCII text.
        if !in_some_window(haystack.as_bytes(), word.ascii.as_deref()?) {
            return None;
        }
    }
    NUCLEO.with_borrow_mut(|(nucleo, chars, at)| {
        at.clear();
        let hay = if ascii {
            Utf32Str::Ascii(haystack.as_bytes())
        } else {
            // Characters, not graphemes: positions line up with `chars()`.
            chars.clear();
            chars.extend(haystack.chars());
            Utf32Str::Unicode(chars)
        };
        let score = nucleo.fuzzy_indices(hay, needle_of(word), at)?;
        let span = at.last().zip(at.first()).map_or(0, |(l, f)| l - f + 1);
        let compact = score >= word.least && span as usize <= 2 * word.chars.len() + 1;
        compact.then(|| {
            let at = if positions {
                at.iter().map(|&i| i as usize).collect()
            } else {
                Vec::new()
            };
            (score, at)
        })
    })
}

/// The score of a word against itself: the most any text can give it.
fn self_score(word: &Word) -> u16 {
    NUCLEO.with_borrow_mut(|(nucleo, _, _)| {
        nucleo
            .fuzzy_match(needle_of(word), needle_of(word))
            .unwrap_or(0)
    })
}

/// Whether some occurrence of the needle's first byte has the whole needle
/// in order within the next `2n + 1` bytes: the compact rule's window, so
/// most texts are turned away before scoring.
fn in_some_window(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let reach = 2 * needle.len() + 1;
    memchr::memchr_iter(first, haystack).any(|at| {
        let window = &haystack[at + 1..(at + reach).min(haystack.len())];
        let mut want = rest.iter().peekable();
        for b in window {
            if want.peek() == Some(&b) {
                want.next();
            }
        }
        want.peek().is_none()
    })
}

fn needle_of(word: &Word) -> Utf32Str<'_> {
    match &word.ascii {
        Some(bytes) => Utf32Str::Ascii(bytes),
        None => Utf32Str::Unicode(&word.chars),
    }
}

/// Every needle character appears in order (case-insensitively): a fuzzy
/// match is impossible otherwise, and this is far cheaper than scoring.
fn contains_in_order(haystack: &str, needle: &[char]) -> bool {
    if needle.iter().all(char::is_ascii) {
        // The common case: compare bytes (a multi-byte character never
        // equals an ASCII byte, so this is exact).
        let mut want = needle.iter().map(|c| *c as u8).peekable();
        for b in haystack.bytes() {
            match want.peek() {
                Some(w) if *w == b => {
                    want.next();
                }
                Some(_) => {}
                None => return true,
            }
        }
        return want.peek().is_none();
    }
    let mut want = needle.iter().peekable();
    for c in haystack.chars() {
        match want.peek() {
            Some(w) if **w == c => {
                want.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    want.peek().is_none()
}

/// Fold for matching, keeping one character for each (so positions still
/// line up with the text as shown): lowercase, and a Latin letter with
/// diacritics becomes its base letter (`é` -> `e`, `Ü` -> `u`), so `Jose`
/// finds `José`. Other scripts keep their letters whole.
pub fn lower(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii() {
        return c;
    }
    let mut base = None;
    let mut marks_only = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !unicode_normalization::char::is_combining_mark(d) {
            marks_only = false;
        }
    });
    match base {
        Some(b) if b.is_ascii_alphabetic() && marks_only => b,
        _ => c,
    }
}

/// Rank scored inquiries as the queue does: best score first, then the
/// desk's order (priority, longest waiting, id).
pub fn rank(mut hits: Vec<(i64, Inquiry)>) -> Vec<Inquiry> {
    hits.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then(a.priority.cmp(&b.priority))
            .then(a.queued_at.cmp(&b.queued_at))
            .then(a.id.cmp(&b.id))
    });
    hits.into_iter().map(|(_, inq)| inq).collect()
}

#[cfg(test)]
mod tests;
