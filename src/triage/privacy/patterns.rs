//! The patterns personal data is looked for with, each compiled once:
//! links, e-mail addresses, IBANs, NIKs, passports, phones, digit runs,
//! and the words that say what a number is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Links. A bare domain counts when a path follows it (`x.com/a/status/1`).
pub(super) static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(?:https?://|www\.)[^\s<>"]+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/[^\s<>"]*"#,
    )
    .expect("valid")
});
/// The phone number in a WhatsApp link (`wa.me/6281...`,
/// `api.whatsapp.com/send?phone=6281...`).
pub(super) static WHATSAPP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:wa\.me/|whatsapp\.com/send/?\?(?:[^\s#]*&)?phone=)(\+?[0-9]{7,15})\b")
        .expect("valid")
});
pub(super) static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[a-z0-9._%+\-]+@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}\b",
    )
    .expect("valid")
});
/// An IBAN candidate: country, check digits, then letters and digits,
/// maybe in groups of four. What it really is gets decided by
/// `iban_prefix` (length per country, mod-97).
pub(super) static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}[0-9]{2}[A-Z0-9]*(?: [A-Z0-9]+)*\b").expect("valid"));
/// NIK: 16 digits, alone or grouped 6-6-4 or 4-4-4-4 by spaces, dots or
/// dashes.
pub(super) static NIK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[0-9]{16}|[0-9]{6}[ .\-][0-9]{6}[ .\-][0-9]{4}|[0-9]{4}(?:[ .\-][0-9]{4}){3})\b",
    )
    .expect("valid")
});
/// Passports: a letter (or two, older books) then 6 to 8 digits, maybe a
/// closing letter: Indonesian A1234567, B 1234567, C5123456, X-series;
/// Malaysian A12345678; Philippine P1234567A. Prices ("Rp 500000") and
/// words ("no", "id") before a number are not passports.
pub(super) static PASSPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([A-Z]{1,2})\s?[0-9]{6,8}(?:[A-Z]\b|\b)").expect("valid"));
/// Letters that precede numbers without being a passport series.
pub(super) const NOT_PASSPORT: &[&str] = &[
    "RP", "RM", "SR", "NT", "ID", "NO", "RT", "RW", "KM", "HP", "WA", "TF", "VA",
];
/// Phones, each with how many digits it may have. `+` and a country code;
/// Indonesian `0` and an area or mobile code (`0` then 1-9: "000" is part
/// of a price); `(021)`; `62 8..` (a mobile written without the `+`).
pub(super) static PHONES: LazyLock<[(Regex, Range<usize>); 4]> = LazyLock::new(|| {
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
pub(super) static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9]+(?:[ .\-][0-9]+)*\b").expect("valid"));
/// A price as Indonesians write it: 1.500.000.
pub(super) static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$").expect("valid"));
/// Words that put a number next to them in a bank account.
pub(super) static BANK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:no\.?\s?rek|norek|rek|rekening|account|acct|a/c|a/n|transfer|trf|tf|iban|bank|bca|bri|bni|mandiri|bsi|btn|cimb|niaga|danamon|permata|ocbc|maybank|muamalat|jenius|btpn)\b",
    )
    .expect("valid")
});
/// Words that name a NIK.
pub(super) static NIK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:nik|ktp|e-?ktp|kependudukan|nomor induk)\b").expect("valid")
});
/// Currency right before a number makes it an amount.
pub(super) static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:rp|idr|rm|myr|sar|sr|usd|hkd|nt|twd|aed|qar|kwd)\.?|\$)\s?$")
        .expect("valid")
});
