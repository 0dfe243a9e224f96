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

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

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

/// Links. A bare domain counts when a path follows it (`x.com/a/status/1`).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(?:https?://|www\.)[^\s<>"]+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/[^\s<>"]*"#,
    )
    .expect("valid")
});
/// The phone number in a WhatsApp link (`wa.me/6281...`,
/// `api.whatsapp.com/send?phone=6281...`).
static WHATSAPP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:wa\.me/|whatsapp\.com/send/?\?(?:[^\s#]*&)?phone=)(\+?[0-9]{7,15})\b")
        .expect("valid")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[a-z0-9._%+\-]+@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}\b",
    )
    .expect("valid")
});
/// An IBAN candidate: country, check digits, then letters and digits,
/// maybe in groups of four. What it really is gets decided by
/// `iban_prefix` (length per country, mod-97).
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}[0-9]{2}[A-Z0-9]*(?: [A-Z0-9]+)*\b").expect("valid"));
/// NIK: 16 digits, alone or grouped 6-6-4 or 4-4-4-4 by spaces, dots or
/// dashes.
static NIK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[0-9]{16}|[0-9]{6}[ .\-][0-9]{6}[ .\-][0-9]{4}|[0-9]{4}(?:[ .\-][0-9]{4}){3})\b",
    )
    .expect("valid")
});
/// Passports: a letter (or two, older books) then 6 to 8 digits, maybe a
/// closing letter: Indonesian A1234567, B 1234567, C5123456, X-series;
/// Malaysian A12345678; Philippine P1234567A. Prices ("Rp 500000") and
/// words ("no", "id") before a number are not passports.
static PASSPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([A-Z]{1,2})\s?[0-9]{6,8}(?:[A-Z]\b|\b)").expect("valid"));
/// Letters that precede numbers without being a passport series.
const NOT_PASSPORT: &[&str] = &[
    "RP", "RM", "SR", "NT", "ID", "NO", "RT", "RW", "KM", "HP", "WA", "TF", "VA",
];
/// Phones, each with how many digits it may have. `+` and a country code;
/// Indonesian `0` and an area or mobile code (`0` then 1-9: "000" is part
/// of a price); `(021)`; `62 8..` (a mobile written without the `+`).
static PHONES: LazyLock<[(Regex, Range<usize>); 4]> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("valid");
    [
        (
            re(r"\+[0-9]{1,3}[ .\-]?\(?[0-9]{1,4}\)?(?:[ .\-]?[0-9]{2,4}){1,4}\b"),
            8..16,
        ),
        (re(r"\b0[1-9][0-9]{1,3}(?:[ .\-]?[0-9]{2,4}){1,4}\b"), 9..14),
        (
            re(r"\(0[0-9]{1,3}\) ?[0-9]{3,4}(?:[ .\-]?[0-9]{2,4}){1,2}\b"),
            9..14,
        ),
        (
            re(r"\b62[ .\-]?8[0-9]{1,3}(?:[ .\-]?[0-9]{2,4}){2,4}\b"),
            11..15,
        ),
    ]
});
/// A run of digits with single separators: what a bank account may look
/// like ("1234567890", "123-00-1234567-8", "1234 5678 90").
static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9]+(?:[ .\-][0-9]+)*\b").expect("valid"));
/// A price as Indonesians write it: 1.500.000.
static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$").expect("valid"));
/// Words that put a number next to them in a bank account.
static BANK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:no\.?\s?rek|norek|rek|rekening|account|acct|a/c|a/n|transfer|trf|tf|iban|bank|bca|bri|bni|mandiri|bsi|btn|cimb|niaga|danamon|permata|ocbc|maybank|muamalat|jenius|btpn)\b",
    )
    .expect("valid")
});
/// Words that name a NIK.
static NIK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:nik|ktp|e-?ktp|kependudukan|nomor induk)\b").expect("valid")
});
/// Currency right before a number makes it an amount.
static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:rp|idr|rm|myr|sar|sr|usd|hkd|nt|twd|aed|qar|kwd)\.?|\$)\s?$")
        .expect("valid")
});

/// How sure a candidate is; lower wins an overlap.
mod rank {
    /// An e-mail, an IBAN (mod-97 checked), a WhatsApp link's number.
    pub const CERTAIN: u8 = 0;
    /// `+CC`, `62 8..`, `08..`, `(0xx)`: nothing else looks like it; and a
    /// NIK written next to "NIK"/"KTP".
    pub const STRONG: u8 = 1;
    /// 10-16 digits next to a bank word.
    pub const BANK: u8 = 2;
    /// 16 digits starting with a province code.
    pub const NIK: u8 = 3;
    /// `0` and an area code: may be a bank account starting with 0.
    pub const WEAK_PHONE: u8 = 4;
    pub const PASSPORT: u8 = 5;
}

struct Candidate {
    kind: Personal,
    range: Range<usize>,
    rank: u8,
}

/// The personal data in `text`: sorted, non-overlapping byte ranges into
/// `text`. Numbers and e-mail addresses in `allowed` (the desk's own
/// hotlines and addresses) are not personal, in whatever spacing or with
/// `0` for `+62`; neither are links (except the number in a WhatsApp
/// link), a Mastodon handle (`@siti@mastodon.social`) or a government
/// address (`...@kemlu.go.id`).
pub fn find_spans(text: &str, allowed: &[&str]) -> Vec<Span> {
    let mut work = blank_allowed(text, allowed);
    let mut found: Vec<Candidate> = Vec::new();

    // Links: only a WhatsApp link's number is personal.
    let links: Vec<Range<usize>> = URL.find_iter(&work).map(|m| m.range()).collect();
    for link in links {
        for c in WHATSAPP.captures_iter(&work[link.clone()]) {
            let number = c.get(1).expect("group 1");
            found.push(Candidate {
                kind: Personal::Phone,
                range: link.start + number.start()..link.start + number.end(),
                rank: rank::CERTAIN,
            });
        }
        blank(&mut work, link);
    }

    // E-mail addresses, then IBANs: blanked once found, so that the digits
    // inside them are not found again.
    let emails: Vec<Range<usize>> = EMAIL
        .find_iter(&work)
        .filter_map(|m| email_range(&work, m.range()))
        .collect();
    for range in emails {
        found.push(Candidate {
            kind: Personal::Email,
            range: range.clone(),
            rank: rank::CERTAIN,
        });
        blank(&mut work, range);
    }
    // An IBAN with a wrong check digit is no bank account, nor a phone or
    // a NIK through the digits in it (a typo'd IBAN is not flagged).
    let mut not_iban: Vec<Range<usize>> = Vec::new();
    let mut ibans: Vec<Range<usize>> = Vec::new();
    for m in IBAN.find_iter(&work) {
        match iban_prefix(m.as_str()) {
            Some((len, true)) => ibans.push(m.start()..m.start() + len),
            Some((len, false)) => not_iban.push(m.start()..m.start() + len),
            None => {}
        }
    }
    for range in ibans {
        found.push(Candidate {
            kind: Personal::BankAccount,
            range: range.clone(),
            rank: rank::CERTAIN,
        });
        blank(&mut work, range);
    }

    for m in NIK.find_iter(&work).filter(|m| is_nik(m.as_str())) {
        let named = NIK_WORDS.is_match(&context(&work, m.range()));
        found.push(Candidate {
            kind: Personal::Nik,
            range: m.range(),
            rank: if named { rank::STRONG } else { rank::NIK },
        });
    }

    for (pattern, digits) in PHONES.iter() {
        for m in pattern.find_iter(&work) {
            if continues_a_number(&work, m.start()) {
                continue;
            }
            let Some(end) = trim_to_digits(m.as_str(), digits) else {
                continue;
            };
            let found_text = &m.as_str()[..end];
            let weak = found_text.starts_with('0') && !found_text.starts_with("08");
            found.push(Candidate {
                kind: Personal::Phone,
                range: m.start()..m.start() + end,
                rank: if weak { rank::WEAK_PHONE } else { rank::STRONG },
            });
        }
    }

    for m in DIGIT_RUN.find_iter(&work) {
        let Some(end) = account_end(m.as_str()) else {
            continue;
        };
        let range = m.start()..m.start() + end;
        let before = &work[..range.start];
        if THOUSANDS.is_match(&work[range.clone()]) || CURRENCY.is_match(before) {
            continue;
        }
        if BANK_WORDS.is_match(&context(&work, range.clone())) {
            found.push(Candidate {
                kind: Personal::BankAccount,
                range,
                rank: rank::BANK,
            });
        }
    }

    for c in PASSPORT.captures_iter(&work) {
        if NOT_PASSPORT.contains(&c[1].to_ascii_uppercase().as_str()) {
            continue;
        }
        let m = c.get(0).expect("group 0");
        found.push(Candidate {
            kind: Personal::Passport,
            range: m.range(),
            rank: rank::PASSPORT,
        });
    }

    found.retain(|c| {
        c.kind == Personal::Passport
            || c.rank == rank::CERTAIN
            || !not_iban
                .iter()
                .any(|r| c.range.start < r.end && r.start < c.range.end)
    });
    resolve(found)
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

/// Pick, among overlapping candidates, the best explained; sorted.
fn resolve(mut found: Vec<Candidate>) -> Vec<Span> {
    found.sort_by_key(|c| (c.rank, c.range.start, std::cmp::Reverse(c.range.end)));
    let mut kept: Vec<Span> = Vec::new();
    for c in found {
        if c.range.is_empty()
            || kept
                .iter()
                .any(|k| c.range.start < k.range.end && k.range.start < c.range.end)
        {
            continue;
        }
        kept.push(Span {
            kind: c.kind,
            range: c.range,
        });
    }
    kept.sort_by_key(|s| s.range.start);
    kept
}

/// A few words either side of `range`, for the words that say what a
/// number is ("rek BCA 1234567890 a/n Siti").
fn context(text: &str, range: Range<usize>) -> String {
    let before: Vec<&str> = text[..range.start]
        .split_whitespace()
        .rev()
        .take(4)
        .collect();
    let after: Vec<&str> = text[range.end..].split_whitespace().take(3).collect();
    let mut words: Vec<&str> = before.into_iter().rev().collect();
    words.push("#");
    words.extend(after);
    words.join(" ")
}

/// Whether the number at `start` is the tail of a bigger one
/// ("1.081.234.567" holds no phone "081.234.567").
fn continues_a_number(text: &str, start: usize) -> bool {
    let before = &text.as_bytes()[..start];
    matches!(before, [.., d, b'.' | b',' | b'-'] if d.is_ascii_digit())
}

/// The end (in bytes) of the longest prefix of a phone match, cut only at
/// separators, whose digit count is in `digits`.
fn trim_to_digits(found: &str, digits: &Range<usize>) -> Option<usize> {
    let mut end = found.len();
    loop {
        let n = found[..end].bytes().filter(u8::is_ascii_digit).count();
        if n < digits.start {
            return None;
        }
        if n < digits.end {
            return Some(end);
        }
        // Too many: drop the last group ("0812-3456-7890 24 jam").
        end = found[..end].rfind([' ', '.', '-'])?;
        end = found[..end].trim_end_matches([' ', '.', '-']).len();
    }
}

/// How much of a digit run is an account number (10-16 digits), if any: a
/// complete number followed by another one keeps only the first.
fn account_end(run: &str) -> Option<usize> {
    let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).count();
    let first_chunk = run.find(' ').unwrap_or(run.len());
    if first_chunk < run.len() && (10..=16).contains(&digits(&run[..first_chunk])) {
        return Some(first_chunk);
    }
    let mut end = run.len();
    while digits(&run[..end]) > 16 {
        end = run[..end].rfind(' ')?;
    }
    (10..=16).contains(&digits(&run[..end])).then_some(end)
}

/// An e-mail match, unless it is a Mastodon handle (`@user@instance`) or a
/// government address; leading dots are not part of it.
fn email_range(text: &str, found: Range<usize>) -> Option<Range<usize>> {
    if text[..found.start].ends_with('@') {
        return None;
    }
    let value = &text[found.clone()];
    let domain = value.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
    if domain == "go.id" || domain.ends_with(".go.id") {
        return None;
    }
    let lead = value.len() - value.trim_start_matches(['.', '-', '+']).len();
    let start = found.start + lead;
    (!text[start..found.end].starts_with('@')).then_some(start..found.end)
}

/// The length in bytes of the IBAN that `found` starts with, if it holds
/// one (the right length for its country, grouped by fours or not at all),
/// and whether its mod-97 check is right.
fn iban_prefix(found: &str) -> Option<(usize, bool)> {
    let expected = iban_length(&found[..2])?;
    let groups: Vec<&str> = found.split(' ').collect();
    for k in (1..=groups.len()).rev() {
        let taken = &groups[..k];
        let compact: String = taken.concat();
        if compact.len() != expected {
            continue;
        }
        let grouped =
            k == 1 || (taken[..k - 1].iter().all(|g| g.len() == 4) && taken[k - 1].len() <= 4);
        if grouped {
            let len = taken.iter().map(|g| g.len()).sum::<usize>() + k - 1;
            return Some((len, mod97(&compact) == 1));
        }
    }
    None
}

/// ISO 13616 remainder: the first four characters moved to the end,
/// letters as 10..35.
fn mod97(iban: &str) -> u32 {
    let (head, tail) = iban.split_at(4);
    tail.chars().chain(head.chars()).fold(0u32, |acc, c| {
        let v = c.to_digit(36).unwrap_or(0);
        if v >= 10 {
            (acc * 100 + v) % 97
        } else {
            (acc * 10 + v) % 97
        }
    })
}

/// The IBAN length of each country that uses them.
fn iban_length(country: &str) -> Option<usize> {
    const LENGTHS: &[(&str, usize)] = &[
        ("AD", 24),
        ("AE", 23),
        ("AL", 28),
        ("AT", 20),
        ("AZ", 28),
        ("BA", 20),
        ("BE", 16),
        ("BG", 22),
        ("BH", 22),
        ("BR", 29),
        ("BY", 28),
        ("CH", 21),
        ("CR", 22),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("DO", 28),
        ("EE", 20),
        ("EG", 29),
        ("ES", 24),
        ("FI", 18),
        ("FO", 18),
        ("FR", 27),
        ("GB", 22),
        ("GE", 22),
        ("GI", 23),
        ("GL", 18),
        ("GR", 27),
        ("GT", 28),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IL", 23),
        ("IQ", 23),
        ("IS", 26),
        ("IT", 27),
        ("JO", 30),
        ("KW", 30),
        ("KZ", 20),
        ("LB", 28),
        ("LC", 32),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("MC", 27),
        ("MD", 24),
        ("ME", 22),
        ("MK", 19),
        ("MR", 27),
        ("MT", 31),
        ("MU", 30),
        ("NL", 18),
        ("NO", 15),
        ("PK", 24),
        ("PL", 28),
        ("PS", 29),
        ("PT", 25),
        ("QA", 29),
        ("RO", 24),
        ("RS", 22),
        ("SA", 24),
        ("SC", 31),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("SM", 27),
        ("ST", 25),
        ("SV", 28),
        ("TL", 23),
        ("TN", 24),
        ("TR", 26),
        ("UA", 29),
        ("VA", 22),
        ("VG", 24),
        ("XK", 20),
    ];
    LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|&(_, n)| n)
}

/// A NIK starts with the code of one of Indonesia's provinces, which
/// tells it from a run of years ("2019 2020 2021 2022").
fn is_nik(found: &str) -> bool {
    const PROVINCES: &[u8] = &[
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64,
        65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
    ];
    let digits: Vec<u8> = found
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    digits.len() == 16 && PROVINCES.contains(&(digits[0] * 10 + digits[1]))
}

/// Replace `range` of `text` by as many spaces (offsets stay valid).
fn blank(text: &mut String, range: Range<usize>) {
    text.replace_range(range.clone(), &" ".repeat(range.len()));
}

/// `text` with every allowed number or address replaced by spaces.
fn blank_allowed(text: &str, allowed: &[&str]) -> String {
    let mut out = text.to_string();
    for entry in allowed {
        let Some(re) = allowed_pattern_cached(entry) else {
            continue;
        };
        let found: Vec<Range<usize>> = re.find_iter(&out).map(|m| m.range()).collect();
        for range in found {
            blank(&mut out, range);
        }
    }
    out
}

/// [`allowed_pattern`], compiled once per entry: the same few hotlines
/// are asked about for every row on screen.
fn allowed_pattern_cached(entry: &str) -> Option<Regex> {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<Regex>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(re) = cache.get(entry) {
        return re.clone();
    }
    if cache.len() >= 256 {
        cache.clear();
    }
    let re = allowed_pattern(entry);
    cache.insert(entry.to_string(), re.clone());
    re
}

/// A pattern for one allowed entry: an e-mail address as written (any
/// case); a number as its digits with any separators between them, `+62`
/// or `0` in front.
fn allowed_pattern(entry: &str) -> Option<Regex> {
    let entry = entry.trim();
    if entry.contains('@') {
        return Regex::new(&format!("(?i){}", regex::escape(entry))).ok();
    }
    let digits: String = entry.chars().filter(char::is_ascii_digit).collect();
    let spaced = |d: &str| {
        d.chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(r"[\s.\-()]?")
    };
    let international = entry.starts_with('+');
    let pattern = match (digits.strip_prefix("62"), digits.strip_prefix('0')) {
        // Indonesian: written +62 or 0 in front.
        (Some(national), _) if international => {
            format!(r"(?:\+62|\b0)[\s.\-]?{}\b", spaced(national))
        }
        (_, Some(national)) => format!(r"(?:\+62|\b0)[\s.\-]?{}\b", spaced(national)),
        // A mission abroad: its international number, any spacing.
        _ if international && !digits.is_empty() => format!(r"\+{}\b", spaced(&digits)),
        _ => return None,
    };
    Regex::new(&pattern).ok()
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
mod tests {
    use super::*;

    #[test]
    fn finds_indonesian_formats() {
        assert_eq!(
            find_personal("paspor saya C1234567", &[]),
            vec![Personal::Passport]
        );
        assert_eq!(
            find_personal("NIK 3174012345670001", &[]),
            vec![Personal::Nik]
        );
        assert_eq!(
            find_personal("hub 0812-3456-7890", &[]),
            vec![Personal::Phone]
        );
        assert_eq!(
            find_personal("wa +62 812 3456 7890", &[]),
            vec![Personal::Phone]
        );
        assert_eq!(
            find_personal("call +60 12-345 6789", &[]),
            vec![Personal::Phone]
        );
    }

    #[test]
    fn plain_text_and_allowed_numbers_pass() {
        assert!(find_personal("Silakan hubungi KBRI Kuala Lumpur, kasus SIAGA-42", &[]).is_empty());
        assert!(find_personal("Hotline +62 812-9007-0027", &["+62 812-9007-0027"]).is_empty());
        assert!(find_personal("KBRI +966 11 488 2800", &["+966 11 488 2800"]).is_empty());
        assert_eq!(
            find_personal("KBRI +966 11 488 2800", &["+62 812-9007-0027"]),
            vec![Personal::Phone]
        );
        assert!(find_personal("tahun 2026, 15 menit", &[]).is_empty());
    }

    /// Each (text, kind, the exact text of the span) is found as that one
    /// span and nothing else.
    #[test]
    fn detection_table() {
        let cases: &[(&str, Personal, &str)] = &[
            // Indonesian phones.
            (
                "hub +62 812-3456-7890 ya",
                Personal::Phone,
                "+62 812-3456-7890",
            ),
            ("hub 0812 3456 7890 ya", Personal::Phone, "0812 3456 7890"),
            ("hub 081234567890 ya", Personal::Phone, "081234567890"),
            ("kantor (021) 5678 901", Personal::Phone, "(021) 5678 901"),
            ("wa 6281234567890", Personal::Phone, "6281234567890"),
            ("WA: 0812-3456-7890", Personal::Phone, "0812-3456-7890"),
            (
                "chat wa.me/6281234567890 ya",
                Personal::Phone,
                "6281234567890",
            ),
            (
                "https://api.whatsapp.com/send?phone=6281234567890&text=halo",
                Personal::Phone,
                "6281234567890",
            ),
            ("0812-3456-7890 24 jam", Personal::Phone, "0812-3456-7890"),
            // Foreign phones.
            (
                "majikan +60 12-345 6789",
                Personal::Phone,
                "+60 12-345 6789",
            ),
            (
                "majikan +966 55 123 4567",
                Personal::Phone,
                "+966 55 123 4567",
            ),
            ("agen +886 912 345 678", Personal::Phone, "+886 912 345 678"),
            ("+852 9123 4567 (HK)", Personal::Phone, "+852 9123 4567"),
            (
                "call +1 (555) 123-4567",
                Personal::Phone,
                "+1 (555) 123-4567",
            ),
            // NIK.
            ("NIK 3174012345670001", Personal::Nik, "3174012345670001"),
            (
                "ktp 3201 0123 4567 0002.",
                Personal::Nik,
                "3201 0123 4567 0002",
            ),
            (
                "nik 510101-010190-0001",
                Personal::Nik,
                "510101-010190-0001",
            ),
            // Passports.
            ("paspor A1234567", Personal::Passport, "A1234567"),
            ("paspor B 1234567 ditahan", Personal::Passport, "B 1234567"),
            ("paspor X1234567", Personal::Passport, "X1234567"),
            ("paspor C5123456", Personal::Passport, "C5123456"),
            (
                "Philippine passport P1234567A",
                Personal::Passport,
                "P1234567A",
            ),
            (
                "Malaysian passport A12345678",
                Personal::Passport,
                "A12345678",
            ),
            // E-mail.
            (
                "email budi.santoso+kbri@gmail.com ya",
                Personal::Email,
                "budi.santoso+kbri@gmail.com",
            ),
            (
                "ke siti_88@mail.student.ui.ac.id.",
                Personal::Email,
                "siti_88@mail.student.ui.ac.id",
            ),
            // Bank accounts.
            (
                "rek BCA 1234567890 a/n Siti",
                Personal::BankAccount,
                "1234567890",
            ),
            (
                "no rekening mandiri 123-00-1234567-8",
                Personal::BankAccount,
                "123-00-1234567-8",
            ),
            ("tf ke 0661234567 BCA", Personal::BankAccount, "0661234567"),
            (
                "BRI 1234 5678 9012 345 a/n Budi",
                Personal::BankAccount,
                "1234 5678 9012 345",
            ),
            (
                "norek 3174012345670001",
                Personal::BankAccount,
                "3174012345670001",
            ),
            (
                "IBAN DE89 3704 0044 0532 0130 00 ya",
                Personal::BankAccount,
                "DE89 3704 0044 0532 0130 00",
            ),
            (
                "iban GB82WEST12345698765432",
                Personal::BankAccount,
                "GB82WEST12345698765432",
            ),
            (
                "SA03 8000 0000 6080 1016 7519 BCA",
                Personal::BankAccount,
                "SA03 8000 0000 6080 1016 7519",
            ),
        ];
        for &(text, kind, value) in cases {
            let spans = find_spans(text, &[]);
            let got: Vec<(Personal, &str)> = spans
                .iter()
                .map(|s| (s.kind, &text[s.range.clone()]))
                .collect();
            assert_eq!(got, vec![(kind, value)], "{text}");
        }
    }

    #[test]
    fn negatives_table() {
        for text in [
            "Rp 15.000.000",
            "Rp15000000",
            "transfer Rp 1.500.000.000 kemarin",
            "transfer Rp 15000000000 ke agen",
            "gaji Rp 15.000.000.000 setahun",
            "tanggal 12/05/2024",
            "tahun 2024 dan 2025",
            "https://x.com/a/status/1790000000000000000",
            "lihat x.com/a/status/1790000000000000000 dan transfer",
            "rek https://bank.example/1234567890123",
            "tweet 1790000000000000000 sudah transfer",
            "@siti@mastodon.social tolong",
            "kirim ke pelindungan@kemlu.go.id",
            "sejak 2019 2020 2021 2022",
            "NIK 9912345678901234",
            "pukul 08.00 - 16.00",
            "1234567890",
            "IBAN DE88 3704 0044 0532 0130 00",
            "GB83WEST12345698765432",
            "RT 005 RW 003",
        ] {
            assert_eq!(find_spans(text, &[]), vec![], "{text}");
        }
    }

    #[test]
    fn a_nik_named_as_such_beats_a_bank_word() {
        let text = "sudah transfer, NIK saya 3174012345670001";
        assert_eq!(find_personal(text, &[]), vec![Personal::Nik]);
    }

    #[test]
    fn a_mobile_beats_a_bank_word_an_email_beats_its_digits() {
        assert_eq!(
            find_personal("transfer ke DANA 081234567890", &[]),
            vec![Personal::Phone]
        );
        assert_eq!(
            find_personal("budi081234567890@gmail.com", &[]),
            vec![Personal::Email]
        );
    }

    #[test]
    fn allowed_email_and_hotline_pass() {
        assert_eq!(
            find_spans(
                "tulis ke Desk@Example.org atau +62 812-9007-8008",
                &["desk@example.org", "+62 812-9007-8008"]
            ),
            vec![]
        );
    }

    #[test]
    fn masking_table() {
        for (text, masked) in [
            ("paspor A1234567", "paspor A1••••67"),
            ("paspor A12345678", "paspor A1•••••78"),
            ("paspor P1234567A", "paspor P1•••••7A"),
            ("paspor B 1234567", "paspor B 1••••67"),
            ("NIK 3174012345670001", "NIK 317•••••••••••01"),
            ("hp +62 812-3456-7890", "hp +62 812-••••-••90"),
            ("hp 081234567890", "hp 0812••••••90"),
            ("hp 0812 3456 7890", "hp 0812 •••• ••90"),
            ("hp (021) 5678 901", "hp (021) •••• •01"),
            ("hp +852 9123 4567", "hp +852 91•• ••67"),
            ("hp +60 12-345 6789", "hp +60 12-••• ••89"),
            ("wa 6281234567890", "wa 62812••••••90"),
            ("mail budi.santoso@gmail.com", "mail b•••••••••••@gmail.com"),
            ("mail bu@gmail.com", "mail ••@gmail.com"),
            ("rek BCA 1234567890", "rek BCA 123•••••90"),
            ("rek 123-00-1234567-8", "rek 123-••-••••••7-8"),
            ("DE89 3704 0044 0532 0130 00", "DE8• •••• •••• •••• •••• 00"),
        ] {
            assert_eq!(mask_personal(text, &[]), masked, "{text}");
        }
    }

    /// Random text made of what personal data is made of never panics; its
    /// spans are sorted, apart, on character boundaries, and masked one
    /// character for one.
    #[test]
    fn random_text_keeps_the_invariants() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "6",
            "8",
            "9",
            "12",
            "62",
            "0812",
            "3174",
            "+",
            "+62",
            " ",
            " ",
            "-",
            ".",
            ",",
            "/",
            "(",
            ")",
            "@",
            "a",
            "B",
            "DE",
            "GB82",
            "rek ",
            "BCA ",
            "NIK ",
            "é",
            "ü",
            "•",
            "\u{212A}",
            "x.com/",
            "https://",
            "wa.me/",
            "gmail.com",
            "a/n ",
            "Rp",
            "\u{a0}",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..2000 {
            let len = next(40);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            let spans = find_spans(&text, &["+62 812-9007-8008"]);
            for pair in spans.windows(2) {
                assert!(pair[0].range.end <= pair[1].range.start, "{text:?}");
            }
            for s in &spans {
                assert!(s.range.start < s.range.end, "{text:?}");
                assert!(text.is_char_boundary(s.range.start), "{text:?}");
                assert!(text.is_char_boundary(s.range.end), "{text:?}");
            }
            // One character for one: the screen layout does not move.
            let masked = mask(&text, &spans);
            assert_eq!(masked.chars().count(), text.chars().count(), "{text:?}");
            for s in &spans {
                let value = &text[s.range.clone()];
                if value.bytes().filter(u8::is_ascii_digit).count() >= 8 {
                    assert_ne!(mask_value(s.kind, value), value, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn masking_copes_with_odd_spans() {
        let text = "é 1234567890 ü";
        let spans = [
            Span {
                kind: Personal::BankAccount,
                range: 4..14,
            },
            Span {
                kind: Personal::BankAccount,
                range: 1..6,
            },
            Span {
                kind: Personal::Phone,
                range: 100..200,
            },
        ];
        // Widened to whole characters, the second span masked from where
        // the first ended, the one past the end ignored.
        assert_eq!(mask(text, &spans), "é ••34•••••0 ü");
    }
}
