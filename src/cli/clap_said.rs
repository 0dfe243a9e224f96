//! A command line clap could not parse, said in Bahasa Indonesia (#15):
//! clap writes its parse errors in English ("error: unexpected argument
//! '--bogus' found"), and an officer who mistypes at 3 a.m. reads the
//! desk's own language. Each kind of mistake clap reports becomes a
//! catalog sentence (`clap-error-*`) carrying the same argument, value and
//! suggestion from the error's context, followed by the usage and the
//! pointer to `--help`, as clap lays them out. A kind without a sentence
//! of ours (rare: bad UTF-8, an I/O error) is said as clap says it.
//! English is clap's own rendering, untouched.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;
use crate::tr;

/// The error as the officer reads it in `lang`; None: as clap says it.
pub fn said(error: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let mut out = tr!(lang, "clap-error", what = sentence(error, lang)?);
    if let Some(tip) = tip(error, lang) {
        out.push_str("\n\n  ");
        out.push_str(&tip);
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n\n{} {usage}", tr!(lang, "clap-usage")));
    }
    out.push_str("\n\n");
    out.push_str(&tr!(lang, "clap-error-more"));
    Some(out)
}

/// The sentence for the error's kind, from its context.
fn sentence(error: &clap::Error, lang: Lang) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = || text(ContextKind::InvalidArg);
    let value = || text(ContextKind::InvalidValue);
    Some(match error.kind() {
        ErrorKind::UnknownArgument => tr!(lang, "clap-error-unknown-argument", arg = arg()?),
        ErrorKind::InvalidSubcommand => tr!(
            lang,
            "clap-error-unknown-command",
            command = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::InvalidValue => {
            invalid_value(lang, value()?, arg()?, text(ContextKind::ValidValue))
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error).map_or_else(String::new, |e| why(e, lang));
            tr!(
                lang,
                "clap-error-value-refused",
                value = value()?,
                arg = arg()?,
                why = why
            )
        }
        ErrorKind::MissingRequiredArgument => {
            tr!(lang, "clap-error-missing-argument", args = arg()?)
        }
        ErrorKind::MissingSubcommand => tr!(
            lang,
            "clap-error-missing-command",
            command = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::ArgumentConflict => tr!(
            lang,
            "clap-error-conflict",
            arg = arg()?,
            other = text(ContextKind::PriorArg)?
        ),
        ErrorKind::TooManyValues => {
            tr!(lang, "clap-error-too-many", value = value()?, arg = arg()?)
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            tr!(lang, "clap-error-values-count", arg = arg()?)
        }
        ErrorKind::NoEquals => tr!(lang, "clap-error-no-equals", arg = arg()?),
        _ => return None,
    })
}

/// "invalid value 'fr' for '--lang'", and the values it takes.
fn invalid_value(lang: Lang, value: String, arg: String, valid: Option<String>) -> String {
    let said = tr!(lang, "clap-error-invalid-value", value = value, arg = arg);
    match valid {
        Some(valid) => format!(
            "{said}\n  [{}]",
            tr!(lang, "clap-error-valid-values", values = valid)
        ),
        None => said,
    }
}

/// Why a value parser refused: a number's mistake in the catalog's
/// words, any other (a parser of ours) as it says it.
fn why(source: &(dyn std::error::Error + 'static), lang: Lang) -> String {
    use std::num::IntErrorKind;
    let Some(e) = source.downcast_ref::<std::num::ParseIntError>() else {
        return source.to_string();
    };
    let kind = match e.kind() {
        IntErrorKind::Empty => "empty",
        IntErrorKind::InvalidDigit => "digit",
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "size",
        _ => "other",
    };
    tr!(lang, "clap-error-number", kind = kind)
}

/// clap's "tip: a similar argument exists: '--limit'", said in `lang`.
fn tip(error: &clap::Error, lang: Lang) -> Option<String> {
    let listed = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(format!("'{s}'")),
        Some(ContextValue::Strings(v)) if !v.is_empty() => Some(
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    let suggested = listed(ContextKind::SuggestedSubcommand)
        .or_else(|| listed(ContextKind::SuggestedArg))
        .or_else(|| listed(ContextKind::SuggestedValue))?;
    Some(tr!(lang, "clap-error-tip", suggested = suggested))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> clap::Error {
        use clap::Parser;
        match crate::cli::Cli::try_parse_from(args) {
            Err(e) => e,
            Ok(_) => panic!("{args:?} parsed"),
        }
    }

    #[test]
    fn each_mistake_is_said_in_indonesian_with_its_argument() {
        let said = |args: &[&str]| said(&error_of(args), Lang::Id).expect("a sentence");
        let unknown = said(&["siaga", "--bogus"]);
        assert!(unknown.contains("'--bogus'"), "{unknown}");
        assert!(unknown.contains("tidak dikenal"), "{unknown}");
        assert!(unknown.contains("Penggunaan: siaga"), "{unknown}");
        assert!(!unknown.contains("Usage:"), "{unknown}");
        assert!(!unknown.contains("unexpected"), "{unknown}");
        let typo = said(&["siaga", "lisst"]);
        assert!(
            typo.contains("'lisst'") && typo.contains("'list'"),
            "{typo}"
        );
        let value = said(&["siaga", "list", "--limit", "x"]);
        assert!(
            value.contains("'x'") && value.contains("--limit"),
            "{value}"
        );
        assert!(value.contains("bukan angka bulat"), "{value}");
        assert!(said(&["siaga", "--lang", "fr"]).contains("'fr'"));
    }

    #[test]
    fn english_is_left_to_clap() {
        assert_eq!(said(&error_of(&["siaga", "--bogus"]), Lang::En), None);
    }
}
