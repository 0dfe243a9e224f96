//! The desk's own words, in the officer's language. Every text an officer
//! reads comes from one Project Fluent catalog per language (`id/*.ftl`,
//! `en/*.ftl` beside this file, compiled in), looked up by a stable message
//! id: Indonesian first, English second. What the citizen wrote, names
//! and template texts are not ours to translate and never pass through
//! here; `--json`, logs and the daemon's protocol stay language-neutral.
//!
//! `tests/suite/catalog.rs` walks both catalogs against the code: every id
//! used exists in both with the same placeholders, none is unused, and no
//! English sentence is left in the Indonesian one. The glossary of the
//! desk's terms is `docs/glossary.md`.

mod said;

pub use said::{Said, Value};

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The catalogs' sources, as compiled in (the catalog test reads them):
/// one file per part of the desk, the same files in each language.
pub const CATALOG_ID: &str = concat!(
    include_str!("id/queue.ftl"),
    include_str!("id/detail.ftl"),
    include_str!("id/forms.ftl"),
    include_str!("id/actions.ftl"),
    include_str!("id/cli.ftl"),
    include_str!("id/records.ftl"),
    include_str!("id/help.ftl"),
);
pub const CATALOG_EN: &str = concat!(
    include_str!("en/queue.ftl"),
    include_str!("en/detail.ftl"),
    include_str!("en/forms.ftl"),
    include_str!("en/actions.ftl"),
    include_str!("en/cli.ftl"),
    include_str!("en/records.ftl"),
    include_str!("en/help.ftl"),
);

/// The language the desk speaks to one officer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English: where nothing asks for Indonesian.
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// "id", "en", or a locale such as `id_ID.UTF-8` / `en-GB`; `None` for
    /// anything else (`C`, `POSIX`, a language siaga does not speak).
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" | "ind" => Some(Lang::Id),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// The locale's language, as the C library reads it: the first of
    /// `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty decides.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .and_then(|v| Lang::parse(&v))
    }

    /// `--lang`, else `[ui] language`, else the locale, else English.
    pub fn choose(
        flag: Option<Lang>,
        config: Option<Lang>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Lang {
        flag.or(config)
            .or_else(|| Lang::from_locale(var))
            .unwrap_or_default()
    }

    /// `choose` with this process's own environment.
    pub fn for_this_run(flag: Option<Lang>, config: Option<Lang>) -> Lang {
        Lang::choose(flag, config, |name| std::env::var(name).ok())
    }

    /// The message `id`, without placeholders.
    pub fn t(self, id: &str) -> String {
        self.format(id, None).into_owned()
    }

    /// The message `id` with its placeholders filled.
    pub fn f(self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.to_fluent(self));
        }
        self.format(id, Some(&fluent)).into_owned()
    }

    /// One of a family of messages named `{family}-{name}` (a command's
    /// description, a status's name): the catalog test enumerates each
    /// family from the code.
    /// `_` in a name (`page_down`) is `-` in the id (`cmd-page-down`).
    pub fn member(self, family: &str, name: &str) -> String {
        self.t(&format!("{family}-{}", name.replace('_', "-")))
    }

    fn format(self, id: &str, args: Option<&FluentArgs>) -> Cow<'static, str> {
        let bundle = &BUNDLES[self as usize];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            // The catalog test keeps this from happening; the id is at
            // least something an engineer can find.
            return Cow::Owned(id.to_string());
        };
        let mut errors = Vec::new();
        Cow::Owned(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }
}

/// A placeholder's value: a number (which chooses a plural form), text,
/// or a sentence of its own ("not queued: { $why }"), said in the same
/// language as the sentence around it.
#[derive(Debug, Clone)]
pub enum Arg {
    Number(f64),
    Text(String),
    Said(Box<Said>),
}

impl Arg {
    fn to_fluent(&self, lang: Lang) -> FluentValue<'static> {
        match self {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(s) => FluentValue::from(s.clone()),
            Arg::Said(s) => FluentValue::from(s.in_lang(lang)),
        }
    }
}

impl From<Said> for Arg {
    fn from(s: Said) -> Arg {
        Arg::Said(Box::new(s))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

/// `tr!(lang, "message-id")` or `tr!(lang, "message-id", n = 3, who = name)`.
/// The catalog test finds the ids written this way.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $lang.t($id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.f($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// Both catalogs, parsed once. Placeholders are not wrapped in Unicode
/// isolation marks: a terminal shows them as width, and `sanitize` would
/// show them as escapes.
static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| Lang::ALL.map(bundle));

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (source, locale) = match lang {
        Lang::Id => (CATALOG_ID, "id"),
        Lang::En => (CATALOG_EN, "en"),
    };
    let locale = locale.parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    bundle.set_use_isolating(false);
    // A catalog that does not parse is a build mistake the catalog test
    // names line by line; what did parse is still used.
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// The message ids a catalog defines, in order (for the catalog test).
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The parse errors of a catalog, each with its line.
pub fn parse_errors(source: &str) -> Vec<String> {
    match FluentResource::try_new(source.to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors
            .iter()
            .map(|e| {
                let line = source[..e.pos.start.min(source.len())]
                    .lines()
                    .count()
                    .max(1);
                format!("line {line}: {:?}", e.kind)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_unless_told() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::choose(None, None, env(&[("LANG", "id_ID.UTF-8")])),
            Lang::Id
        );
        assert_eq!(
            Lang::choose(
                None,
                None,
                env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "id_ID")])
            ),
            Lang::En
        );
        assert_eq!(
            Lang::choose(None, None, env(&[("LC_ALL", ""), ("LANG", "id_ID")])),
            Lang::Id,
            "an empty variable is not set"
        );
        assert_eq!(
            Lang::choose(None, None, env(&[("LANG", "C.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::choose(None, Some(Lang::Id), env(&[("LANG", "en_GB")])),
            Lang::Id
        );
        assert_eq!(
            Lang::choose(Some(Lang::En), Some(Lang::Id), env(&[("LANG", "id_ID")])),
            Lang::En
        );
    }

    #[test]
    fn placeholders_and_plurals_are_filled_without_isolation_marks() {
        let en = tr!(Lang::En, "marked-count", count = 1usize);
        let en_many = tr!(Lang::En, "marked-count", count = 3usize);
        let id = tr!(Lang::Id, "marked-count", count = 3usize);
        assert_eq!(en, "1 marked");
        assert_eq!(en_many, "3 marked");
        assert_eq!(id, "3 ditandai");
        assert!(!en.contains('\u{2068}') && !id.contains('\u{2069}'));
        let unknown = "no-such-message";
        assert_eq!(Lang::En.t(unknown), unknown, "the id, found by an engineer");
    }
}
