//! What the TOML reader says about an officer's config, in the catalog's
//! words (#15): `toml` and serde speak English ("unknown field `languag`,
//! expected one of ..."), and an officer at 3 a.m. reads `config check`
//! in Bahasa Indonesia. Each of serde's shapes (an unknown key, a value of
//! the wrong type, an unknown choice, a missing or doubled key) becomes a
//! catalog sentence carrying the same names, in English as in Indonesian
//! (an officer's words: "a whole number from 0 to 65535" for serde's
//! "u16"). A text that is not
//! TOML at all is framed as such, the reader's detail quoted; anything
//! else (a check of our own that refused a value) is framed as a refusal.

use crate::i18n::Said;
use crate::said;

/// Serde's or the TOML reader's `message`, as the catalog says it.
/// `syntax`: the text is not TOML at all.
pub fn said_of(message: &str, syntax: bool) -> Said {
    let message = message.trim();
    if syntax {
        return said!("config-not-toml", detail = message);
    }
    unknown_field(message)
        .or_else(|| wrong_type(message))
        .or_else(|| unknown_variant(message))
        .or_else(|| missing(message))
        .or_else(|| duplicate(message))
        .unwrap_or_else(|| said!("config-value-refused", detail = message))
}

/// "unknown field `X`, expected one of `a`, `b`" (or "expected `a`", or
/// "there are no fields").
fn unknown_field(message: &str) -> Option<Said> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    if rest.trim() == ", there are no fields" {
        return Some(said!("config-unknown-key-none", key = key));
    }
    let known = expected_list(rest)?;
    Some(said!("config-unknown-key", key = key, known = known))
}

/// "unknown variant `X`, expected one of `a`, `b`".
fn unknown_variant(message: &str) -> Option<Said> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (value, rest) = rest.split_once('`')?;
    let known = expected_list(rest)?;
    Some(said!("config-unknown-choice", value = value, known = known))
}

/// ", expected one of `a`, `b`" or ", expected `a`": the names.
fn expected_list(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix(", expected ")?;
    Some(rest.strip_prefix("one of ").unwrap_or(rest))
}

/// "invalid type: string \"lima\", expected u64" (or "invalid value").
fn wrong_type(message: &str) -> Option<Said> {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = kinds(rest)?;
        return Some(said!(
            "config-wrong-type",
            found = found,
            expected = expected
        ));
    }
    let (found, expected) = kinds(message.strip_prefix("invalid value: ")?)?;
    Some(said!(
        "config-wrong-value",
        found = found,
        expected = expected
    ))
}

/// "string \"lima\", expected u64": what was found and what was expected.
fn kinds(rest: &str) -> Option<(Said, Said)> {
    let (found, expected) = rest.rsplit_once(", expected ")?;
    Some((kind_of(found), kind_of(expected)))
}

/// "missing field `X`", "duplicate key `X`": X.
fn key_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split_once('`').map(|(key, _)| key)
}

/// "missing field `X`".
fn missing(message: &str) -> Option<Said> {
    let key = key_after(message, "missing field `")?;
    Some(said!("config-missing-key", key = key))
}

/// "duplicate field `X`" (serde) or "duplicate key `X`" (TOML).
fn duplicate(message: &str) -> Option<Said> {
    let key = key_after(message, "duplicate field `")
        .or_else(|| key_after(message, "duplicate key `"))?;
    Some(said!("config-duplicate-key", key = key))
}

/// What serde says a value is or should be ("string \"lima\"", "u64",
/// "a sequence"): a catalog word where it has one, with the value kept;
/// else as serde said it (a type of ours, such as "a duration like 15m").
fn kind_of(serde: &str) -> Said {
    let serde = serde.trim();
    let (head, value) = match serde.split_once(' ') {
        Some((head, value)) if head != "a" && head != "an" => (head, Some(value)),
        _ => (serde, None),
    };
    let most = match head {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        _ => None,
    };
    if let Some(max) = most {
        return said!("config-kind-up-to", max = max.to_string());
    }
    let word = match head {
        "string" | "a string" => "text",
        "u64" | "usize" => "count",
        "integer" | "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "integer",
        "floating" | "f32" | "f64" | "a float" => "number",
        "boolean" | "a boolean" => "boolean",
        "sequence" | "a sequence" => "list",
        "map" | "a map" => "table",
        "char" | "a character" => "character",
        _ => return Said::plain(serde),
    };
    match value {
        Some(value) => {
            let value = value.trim_start_matches("point ").to_string();
            said!("config-kind-valued", kind = word, value = value)
        }
        None => said!("config-kind", kind = word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn each_shape_is_a_catalog_sentence_naming_the_same_things() {
        let en = |m: &str| said_of(m, false).to_string();
        assert_eq!(
            en("unknown field `languag`, expected one of `page_size`, `language`"),
            "unknown key `languag`; this table takes `page_size`, `language`"
        );
        assert_eq!(
            en("invalid type: string \"lima\", expected u64"),
            "the text \"lima\" is the wrong kind of value here; expected a whole number, 0 or more"
        );
        assert_eq!(
            en("invalid value: integer `-1`, expected u16"),
            "the number `-1` is not a value this key takes; expected a whole number from 0 to 65535"
        );
        assert_eq!(
            en("unknown variant `maybe`, expected one of `off`, `raise`"),
            "unknown value `maybe`; choose one of `off`, `raise`"
        );
        assert_eq!(en("missing field `name`"), "missing key `name`");
        assert_eq!(en("duplicate key `name`"), "key `name` is set twice");
        assert_eq!(
            en("unknown time zone `Asia/Atlantis`"),
            "unknown time zone `Asia/Atlantis`",
            "a check of our own keeps its words"
        );
    }

    #[test]
    fn indonesian_names_the_same_keys_and_values() {
        let id = |m: &str| said_of(m, false).in_lang(Lang::Id);
        let unknown = id("unknown field `languag`, expected one of `page_size`, `language`");
        assert!(unknown.contains("`languag`"), "{unknown}");
        assert!(unknown.contains("tidak dikenal"), "{unknown}");
        let typed = id("invalid type: string \"lima\", expected u64");
        assert!(typed.contains("\"lima\""), "{typed}");
        assert!(typed.contains("bilangan bulat"), "{typed}");
        assert!(!typed.contains("expected"), "{typed}");
        let choice = id("unknown variant `maybe`, expected one of `off`, `suggest`");
        assert!(
            choice.contains("`maybe`") && choice.contains("`suggest`"),
            "{choice}"
        );
        let syntax = said_of("unclosed table, expected `]`", true).in_lang(Lang::Id);
        assert!(syntax.starts_with("bukan TOML yang sah"), "{syntax}");
    }
}
