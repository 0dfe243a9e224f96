//! Which platform ids siaga takes, checked before an id is stored or
//! becomes a cursor: a cursor no real id can pass (40 digits) would make
//! every later poll ask beyond it and silently get nothing, forever.
//!
//! - X: a snowflake, a decimal number that fits in 64 bits (no sign, no
//!   leading zero); the API sends it as a string.
//! - Mastodon: a string. Mastodon's own are Postgres `bigint`s (decimal,
//!   fitting a signed 64-bit number, as every id in tests/data/mastodon);
//!   servers speaking its API with other ids (GoToSocial's ULIDs) send up
//!   to 32 letters and digits. The API promises no more than "a string".

/// Why an id was refused: no part of the id itself, so it may be logged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} refused: {why} ({len} bytes)")]
pub struct BadId {
    pub what: &'static str,
    pub why: &'static str,
    pub len: usize,
}

/// The longest non-numeric Mastodon-API id taken.
pub const MAX_OPAQUE_LEN: usize = 32;

/// An X id: decimal, fits u64, no leading zero.
pub fn x(id: &str, what: &'static str) -> Result<(), BadId> {
    decimal(
        id,
        what,
        |s| s.parse::<u64>().is_ok(),
        "larger than 64 bits",
    )
}

/// A Mastodon id: a decimal that fits a signed 64-bit number, or (other
/// servers of the API) 1 to 32 ASCII letters and digits with a letter.
pub fn mastodon(id: &str, what: &'static str) -> Result<(), BadId> {
    let opaque = id.bytes().any(|b| b.is_ascii_alphabetic());
    if !opaque {
        return decimal(
            id,
            what,
            |s| s.parse::<i64>().is_ok(),
            "larger than 63 bits",
        );
    }
    let bad = |why| BadId {
        what,
        why,
        len: id.len(),
    };
    if id.len() > MAX_OPAQUE_LEN {
        return Err(bad("longer than 32 characters"));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad("not letters and digits"));
    }
    Ok(())
}

fn decimal(
    id: &str,
    what: &'static str,
    fits: impl Fn(&str) -> bool,
    too_big: &'static str,
) -> Result<(), BadId> {
    let bad = |why| BadId {
        what,
        why,
        len: id.len(),
    };
    if id.is_empty() {
        return Err(bad("empty"));
    }
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("not a decimal number"));
    }
    if id.len() > 1 && id.starts_with('0') {
        return Err(bad("a leading zero"));
    }
    if !fits(id) {
        return Err(bad(too_big));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_ids_are_u64_decimals() {
        assert!(x("1861000000000000001", "id").is_ok());
        assert!(x("18446744073709551615", "id").is_ok());
        assert_eq!(
            x("18446744073709551616", "id").unwrap_err().why,
            "larger than 64 bits"
        );
        assert!(x(&"9".repeat(40), "id").is_err());
        for bad in ["", "+5", "-5", "012", "12a", "1 2", "١٢"] {
            assert!(x(bad, "id").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn mastodon_ids_are_bigints_or_short_opaque_strings() {
        // As recorded: notification ids are small, status ids 18 digits.
        for good in [
            "20",
            "117020577157693549",
            "9223372036854775807",
            "01F8MH1H7YV1Z7D2C8K2730QBF",
        ] {
            assert!(mastodon(good, "id").is_ok(), "{good:?}");
        }
        for bad in [
            "",
            "9223372036854775808",
            &"1".repeat(40),
            "0020",
            "abc-def",
            &"a".repeat(33),
        ] {
            assert!(mastodon(bad, "id").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_reason_never_repeats_the_id() {
        let e = x("tolong 0812345678", "newest_id").unwrap_err();
        assert!(!e.to_string().contains("0812"), "{e}");
    }
}
