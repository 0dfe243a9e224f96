//! Personal data in text: passport numbers, Indonesian NIKs, phone numbers,
//! e-mail addresses and bank accounts (Indonesian account numbers and
//! IBANs). A public reply carrying one is refused (`find_personal`), and on
//! screen each one is masked (`find_spans` + `mask`) until the officer
//! reveals it.
//!
//! Detection works on a copy of the text of the same length in bytes, where
//! what is never personal is blanked first: the desk's own numbers and
//! addresses (`allowed`) and links (a tweet's URL carries a 19-digit id;
//! only a WhatsApp link's phone number is kept). Every candidate then gets a
//! rank, and where two overlap the better explanation wins: an e-mail or an
//! IBAN over anything inside it, a phone that can only be a phone (`+62`,
//! `08..`) over a bank account, a bank account (a 10-16 digit number near
//! "rek", "BCA", "transfer", ...) over a NIK or a landline-looking number,
//! unless "NIK"/"KTP" is written next to it.
//!
//! Masking keeps a few characters so the officer can tell two numbers apart
//! and never more than half of a value (see [`mask`]).

use std::ops::Range;

pub use find::find_spans;

mod allowed;
mod find;
mod iban;
mod patterns;

/// One kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Personal {
    Passport,
    Nik,
    Phone,
    Email,
    BankAccount,
}

impl Personal {
    /// Every kind, in the order `find_personal` reports them.
    pub const ALL: [Personal; 5] = [
        Personal::Passport,
        Personal::Nik,
        Personal::Phone,
        Personal::Email,
        Personal::BankAccount,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Personal::Passport => "a passport number",
            Personal::Nik => "a NIK (national identity number)",
            Personal::Phone => "a phone number",
            Personal::Email => "an e-mail address",
            Personal::BankAccount => "a bank account number",
        }
    }
}

/// One piece of personal data: its kind and where it is, as a byte range
/// into the text it was found in (always on `char` boundaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub kind: Personal,
    pub range: Range<usize>,
}

/// The kinds of personal data in `text`, each once, in the order of
/// [`Personal::ALL`]. Numbers in `allowed` (the desk's own hotlines) are
/// not personal, in whatever spacing or with `0` for `+62`.
pub fn find_personal(text: &str, allowed: &[&str]) -> Vec<Personal> {
    let spans = find_spans(text, allowed);
    Personal::ALL
        .into_iter()
        .filter(|kind| spans.iter().any(|s| s.kind == *kind))
        .collect()
}

/// `text` with every span masked: its separators (spaces, dashes, dots,
/// brackets) stay, and of its letters and digits only a few are kept, one
/// `•` standing for each of the others.
///
/// - A value of 10 or more letters and digits keeps its first 3 and last 2
///   (`3174012345670001` → `317•••••••••••01`); of 8 or 9, first 2 and last
///   2 (`A1234567` → `A1••••67`, `P1234567A` → `P1•••••7A`); of 4 to 7,
///   first and last; shorter, nothing. So never more than half of it.
/// - A phone keeps its country code or its leading `0`, which say where
///   and not who, and masks the rest by the same rule:
///   `+62 812-3456-7890` → `+62 812-••••-••90`, `081234567890` →
///   `0812••••••90`, `+852 9123 4567` → `+852 91•• ••67`,
///   `(021) 5678 901` → `(021) •••• •01`.
/// - An e-mail address keeps the first character of its local part (when
///   that has 3 or more) and its domain: `budi.santoso@gmail.com` →
///   `b•••••••••••@gmail.com`.
///
/// Spans out of order, overlapping, or not on character boundaries are
/// tolerated (widened to whole characters, never narrowed).
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut spans: Vec<&Span> = spans.iter().collect();
    spans.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for span in spans {
        let start = floor_boundary(text, span.range.start.max(at));
        let start = start.max(at);
        let end = ceil_boundary(text, span.range.end);
        if end <= start {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&mask_value(span.kind, &text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with its personal data masked (see [`find_spans`], [`mask`]).
pub fn mask_personal(text: &str, allowed: &[&str]) -> String {
    mask(text, &find_spans(text, allowed))
}

/// One value, masked.
fn mask_value(kind: Personal, value: &str) -> String {
    match kind {
        Personal::Email => {
            let (local, domain) = value.split_at(value.find('@').unwrap_or(value.len()));
            let keep = if local.chars().count() >= 3 { 1 } else { 0 };
            let mut out: String = local
                .chars()
                .enumerate()
                .map(|(i, c)| if i < keep { c } else { '•' })
                .collect();
            out.push_str(domain);
            out
        }
        Personal::Phone => {
            let split = phone_prefix(value);
            format!("{}{}", &value[..split], mask_chars(&value[split..]))
        }
        Personal::Passport | Personal::Nik | Personal::BankAccount => mask_chars(value),
    }
}

/// Letters and digits masked but the first and last few; separators kept.
fn mask_chars(value: &str) -> String {
    let n = value.chars().filter(|c| c.is_alphanumeric()).count();
    let (first, last) = match n {
        10.. => (3, 2),
        8 | 9 => (2, 2),
        4..=7 => (1, 1),
        _ => (0, 0),
    };
    let mut i = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            let keep = i < first || i >= n - last;
            i += 1;
            if keep { c } else { '•' }
        })
        .collect()
}

/// Where a phone's prefix ends: `+` and its country code, `(0` or `0`
/// (the trunk prefix), or a country code written without `+` (`62812...`,
/// a WhatsApp link's `60123...`).
fn phone_prefix(value: &str) -> usize {
    let bytes = value.as_bytes();
    if value.starts_with("(0") {
        return 2;
    }
    if value.starts_with('0') {
        return 1;
    }
    let start = usize::from(value.starts_with('+'));
    let digits: String = bytes[start..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    start + country_code_len(&digits).min(digits.len())
}

/// The length of the country code that `digits` starts with (E.164).
fn country_code_len(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if digits.len() >= 2 && TWO.contains(&&digits[..2]) {
        2
    } else {
        3
    }
}

/// Round down to a character boundary.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Round up to a character boundary.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests;
