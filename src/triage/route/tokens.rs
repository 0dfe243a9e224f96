//! A text as routing reads it: words folded (lowercase, accents and
//! apostrophes dropped, stretched letters squeezed, Arabic as
//! [`super::arabic`] folds it), each with where it is in the original;
//! handles, e-mail addresses and URLs left out.

use super::arabic;

/// A word of the text: folded, and where it is in the original.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub word: String,
    pub start: usize,
    pub end: usize,
    /// Punctuation (or a skipped handle or URL) between this word and the
    /// one before.
    pub after_break: bool,
}

/// Folded words joined by single spaces: how phrases are keyed.
pub(super) fn tokens_key(tokens: &[Token]) -> String {
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
pub(super) fn fold(phrase: &str) -> String {
    let (tokens, _) = tokenize(phrase);
    tokens_key(&tokens)
}

/// The text's words (outside handles, e-mail addresses and URLs), and the
/// handles in it.
pub(super) fn tokenize(text: &str) -> (Vec<Token>, Vec<String>) {
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
