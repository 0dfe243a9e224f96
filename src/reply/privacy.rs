//! Personal numbers that must never go out in public: a passport number,
//! an Indonesian NIK, a phone number. A public reply carrying one is
//! refused, and the officer is pointed to the private channel.

use std::sync::LazyLock;

use regex::Regex;

/// One kind of personal number found in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    Passport,
    Nik,
    Phone,
}

impl Personal {
    pub fn describe(self) -> &'static str {
        match self {
            Personal::Passport => "a passport number",
            Personal::Nik => "a NIK (national identity number)",
            Personal::Phone => "a phone number",
        }
    }
}

/// NIK: 16 digits, alone or grouped 6-6-4 or 4-4-4-4 by spaces, dots or
/// dashes.
static NIK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\d{16}|\d{6}[ .\-]\d{6}[ .\-]\d{4}|\d{4}(?:[ .\-]\d{4}){3})\b")
        .expect("valid")
});
/// Indonesian passports: a capital letter (or two, older books) then 6 to
/// 8 digits (A1234567, E- and X-series); most foreign passports have the
/// same shape. Prices ("Rp 500000") and words ("no", "id") before a
/// number are not passports.
static PASSPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([A-Z]{1,2})\s?\d{6,8}\b").expect("valid"));
/// Letters that precede numbers without being a passport series.
const NOT_PASSPORT: &[&str] = &["RP", "ID", "NO", "RT", "RW", "KM", "HP", "WA"];
/// Phones: +62 or 0xx numbers, any international +CC number, and a
/// bracketed area code such as (021), with the usual separators.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\+\d{1,3}|\b0\d{2,3})[\s.\-]?\(?\d{2,4}\)?(?:[\s.\-]?\d{2,4}){1,3}\b|\(0\d{1,3}\)\s?\d{3,4}[\s.\-]?\d{3,4}\b",
    )
    .expect("valid")
});

/// The personal numbers in `text`, each kind once, in a fixed order.
/// Numbers in `allowed` (the desk's own hotlines) are not personal, in
/// whatever spacing or with `0` for `+62`.
pub fn find_personal(text: &str, allowed: &[&str]) -> Vec<Personal> {
    let text = blank_allowed(text, allowed);
    let mut out = Vec::new();
    if PASSPORT
        .captures_iter(&text)
        .any(|c| !NOT_PASSPORT.contains(&c[1].to_ascii_uppercase().as_str()))
    {
        out.push(Personal::Passport);
    }
    let niks: Vec<std::ops::Range<usize>> = NIK
        .find_iter(&text)
        .filter(|m| is_nik(m.as_str()))
        .map(|m| m.range())
        .collect();
    if !niks.is_empty() {
        out.push(Personal::Nik);
    }
    let inside_nik =
        |r: std::ops::Range<usize>| niks.iter().any(|n| r.start < n.end && n.start < r.end);
    if PHONE
        .find_iter(&text)
        .any(|m| !inside_nik(m.range()) && !NIK.is_match(m.as_str()))
    {
        out.push(Personal::Phone);
    }
    out
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

/// `text` with every allowed number replaced by spaces.
fn blank_allowed(text: &str, allowed: &[&str]) -> String {
    let mut out = text.to_string();
    for number in allowed {
        let Some(re) = allowed_pattern(number) else {
            continue;
        };
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| " ".repeat(c[0].len()))
            .into_owned();
    }
    out
}

/// A pattern for one allowed number: its digits with any separators
/// between them, `+62` or `0` in front.
fn allowed_pattern(number: &str) -> Option<Regex> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let spaced = |d: &str| {
        d.chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(r"[\s.\-()]?")
    };
    let international = number.trim_start().starts_with('+');
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
}
