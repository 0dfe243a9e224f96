//! Finding personal data: each kind looked for in turn on a copy of the
//! text where what is never personal, and what was already found, is
//! blanked; then, where candidates overlap, the best explanation wins.

use std::ops::Range;

use super::Personal;
use super::Span;
use super::allowed::{blank, blank_allowed};
use super::iban::iban_prefix;
use super::patterns::{
    BANK_WORDS, CURRENCY, DIGIT_RUN, EMAIL, IBAN, NIK, NIK_WORDS, NOT_PASSPORT, PASSPORT, PHONES,
    THOUSANDS, URL, WHATSAPP,
};

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

/// Something that may be personal data, and how sure that is.
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
    let mut finder = Finder {
        work: blank_allowed(text, allowed),
        found: Vec::new(),
        not_iban: Vec::new(),
    };
    // Links, e-mail addresses, then IBANs: blanked once found, so that the
    // digits inside them are not found again.
    finder.links();
    finder.emails();
    finder.ibans();
    finder.niks();
    finder.phones();
    finder.bank_accounts();
    finder.passports();
    finder.resolve()
}

/// One pass of [`find_spans`]: the text as it is being blanked, and what
/// was found in it so far.
struct Finder {
    /// The text, with what is never personal or already found blanked.
    work: String,
    found: Vec<Candidate>,
    /// IBAN-looking runs whose check digit is wrong.
    not_iban: Vec<Range<usize>>,
}

impl Finder {
    fn push(&mut self, kind: Personal, range: Range<usize>, rank: u8) {
        self.found.push(Candidate { kind, range, rank });
    }

    /// Links, blanked: only a WhatsApp link's number is personal.
    fn links(&mut self) {
        let links: Vec<Range<usize>> = URL.find_iter(&self.work).map(|m| m.range()).collect();
        for link in links {
            let numbers: Vec<Range<usize>> = WHATSAPP
                .captures_iter(&self.work[link.clone()])
                .map(|c| c.get(1).expect("group 1").range())
                .collect();
            for number in numbers {
                let range = link.start + number.start..link.start + number.end;
                self.push(Personal::Phone, range, rank::CERTAIN);
            }
            blank(&mut self.work, link);
        }
    }

    /// E-mail addresses, blanked.
    fn emails(&mut self) {
        let emails: Vec<Range<usize>> = EMAIL
            .find_iter(&self.work)
            .filter_map(|m| email_range(&self.work, m.range()))
            .collect();
        for range in emails {
            self.push(Personal::Email, range.clone(), rank::CERTAIN);
            blank(&mut self.work, range);
        }
    }

    /// IBANs, blanked. An IBAN with a wrong check digit is no bank
    /// account, nor a phone or a NIK through the digits in it (a typo'd
    /// IBAN is not flagged).
    fn ibans(&mut self) {
        let mut ibans: Vec<Range<usize>> = Vec::new();
        for m in IBAN.find_iter(&self.work) {
            match iban_prefix(m.as_str()) {
                Some((len, true)) => ibans.push(m.start()..m.start() + len),
                Some((len, false)) => self.not_iban.push(m.start()..m.start() + len),
                None => {}
            }
        }
        for range in ibans {
            self.push(Personal::BankAccount, range.clone(), rank::CERTAIN);
            blank(&mut self.work, range);
        }
    }

    /// NIKs, stronger with "NIK"/"KTP" next to them.
    fn niks(&mut self) {
        let niks: Vec<(Range<usize>, bool)> = NIK
            .find_iter(&self.work)
            .filter(|m| is_nik(m.as_str()))
            .map(|m| {
                (
                    m.range(),
                    NIK_WORDS.is_match(&context(&self.work, m.range())),
                )
            })
            .collect();
        for (range, named) in niks {
            let rank = if named { rank::STRONG } else { rank::NIK };
            self.push(Personal::Nik, range, rank);
        }
    }

    /// Phone numbers; one starting `0` but not `08` is weak (it may be a
    /// bank account).
    fn phones(&mut self) {
        let mut phones = Vec::new();
        for (pattern, digits) in PHONES.iter() {
            for m in pattern.find_iter(&self.work) {
                if continues_a_number(&self.work, m.start()) {
                    continue;
                }
                let Some(end) = trim_to_digits(m.as_str(), digits) else {
                    continue;
                };
                let found_text = &m.as_str()[..end];
                let weak = found_text.starts_with('0') && !found_text.starts_with("08");
                let rank = if weak { rank::WEAK_PHONE } else { rank::STRONG };
                phones.push((m.start()..m.start() + end, rank));
            }
        }
        for (range, rank) in phones {
            self.push(Personal::Phone, range, rank);
        }
    }

    /// Account numbers next to a bank word, not amounts of money.
    fn bank_accounts(&mut self) {
        let work = &self.work;
        let accounts: Vec<Range<usize>> = DIGIT_RUN
            .find_iter(work)
            .filter_map(|m| {
                let end = account_end(m.as_str())?;
                let range = m.start()..m.start() + end;
                let amount = THOUSANDS.is_match(&work[range.clone()])
                    || CURRENCY.is_match(&work[..range.start]);
                (!amount && BANK_WORDS.is_match(&context(work, range.clone()))).then_some(range)
            })
            .collect();
        for range in accounts {
            self.push(Personal::BankAccount, range, rank::BANK);
        }
    }

    /// Passport numbers, but not what only looks like one.
    fn passports(&mut self) {
        let passports: Vec<Range<usize>> = PASSPORT
            .captures_iter(&self.work)
            .filter(|c| !NOT_PASSPORT.contains(&c[1].to_ascii_uppercase().as_str()))
            .map(|c| c.get(0).expect("group 0").range())
            .collect();
        for range in passports {
            self.push(Personal::Passport, range, rank::PASSPORT);
        }
    }

    /// What was found, without what lies in a false IBAN, the best
    /// explanation kept where two overlap.
    fn resolve(mut self) -> Vec<Span> {
        let not_iban = self.not_iban;
        self.found.retain(|c| {
            c.kind == Personal::Passport
                || c.rank == rank::CERTAIN
                || !not_iban
                    .iter()
                    .any(|r| c.range.start < r.end && r.start < c.range.end)
        });
        resolve(self.found)
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
