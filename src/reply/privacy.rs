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

/// NIK: 16 digits, optionally grouped by spaces or dots.
static NIK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{6}[ .]?\d{6}[ .]?\d{4}\b").expect("valid"));
/// Indonesian passports: one or two letters then 7 digits (A1234567,
/// AB123456 for older books, E- and X-series); most foreign passports
/// have the same shape of letters then 6 to 9 digits.
static PASSPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[A-Z]{1,2}\s?\d{6,8}\b").expect("valid"));
/// Phones: +62 or 08 numbers, and any international +CC number, with the
/// usual separators.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}|\b0\d{2,3})[\s.\-]?\(?\d{2,4}\)?(?:[\s.\-]?\d{2,4}){1,3}\b")
        .expect("valid")
});

/// The personal numbers in `text`, each kind once, in a fixed order.
pub fn find_personal(text: &str, allowed: &[&str]) -> Vec<Personal> {
    let hit = |re: &Regex| {
        re.find_iter(text)
            .any(|m| !allowed.iter().any(|a| digits(a) == digits(m.as_str())))
    };
    let mut out = Vec::new();
    if hit(&PASSPORT) {
        out.push(Personal::Passport);
    }
    if hit(&NIK) {
        out.push(Personal::Nik);
    }
    if PHONE
        .find_iter(text)
        .filter(|m| !NIK.is_match(m.as_str()))
        .any(|m| !allowed.iter().any(|a| digits(a) == digits(m.as_str())))
    {
        out.push(Personal::Phone);
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
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
        assert!(find_personal("tahun 2026, 15 menit", &[]).is_empty());
    }
}
