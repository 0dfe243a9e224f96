//! A sentence of the desk's kept as what it is, not as English words: its
//! catalog id and its values. A refusal made deep in the store ("inquiry
//! 12 is closed") reaches the officer through a daemon, a CLI verb or the
//! TUI, and each says it in that officer's language (`in_lang`); logs,
//! tests and the wire's `message` read the English (`Display`).
//!
//! A sentence written before the catalog knew it (a rule's own words, an
//! outside error) is `Said::plain`: shown as it is in every language.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

use super::{Arg, Lang};

/// A catalog sentence and its values, with its English beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    /// The catalog id; empty for words outside the catalog.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Value)>,
    /// The English, rendered once (what `Display` and `Deref` give).
    pub text: String,
}

/// A value of a sentence: a count (which chooses a plural), text, or a
/// sentence of its own (said in the reader's language too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Number(i64),
    Text(String),
    Said(Box<Said>),
}

impl From<Arg> for Value {
    fn from(a: Arg) -> Value {
        match a {
            Arg::Number(n) => Value::Number(n as i64),
            Arg::Text(t) => Value::Text(t),
            Arg::Said(s) => Value::Said(s),
        }
    }
}

impl From<&Value> for Arg {
    fn from(v: &Value) -> Arg {
        match v {
            Value::Number(n) => Arg::Number(*n as f64),
            Value::Text(t) => Arg::Text(t.clone()),
            Value::Said(s) => Arg::Said(s.clone()),
        }
    }
}

impl Said {
    /// Message `id` of the catalog with `args` (use `said!`).
    pub fn new(id: &str, args: Vec<(&str, Arg)>) -> Said {
        let text = Lang::En.f(id, &args);
        Said {
            id: id.to_string(),
            args: args
                .into_iter()
                .map(|(n, a)| (n.to_string(), a.into()))
                .collect(),
            text,
        }
    }

    /// Words outside the catalog, said as they are in every language.
    pub fn plain(text: impl Into<String>) -> Said {
        Said {
            id: String::new(),
            args: Vec::new(),
            text: text.into(),
        }
    }

    /// The sentence in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        if self.id.is_empty() || lang == Lang::En {
            return self.text.clone();
        }
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(n, v)| (n.as_str(), Arg::from(v)))
            .collect();
        lang.f(&self.id, &args)
    }

    /// Whether the catalog knows it (else it is said as it is).
    pub fn is_catalogued(&self) -> bool {
        !self.id.is_empty()
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Deref for Said {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Said {
    fn from(text: String) -> Said {
        Said::plain(text)
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::plain(text)
    }
}

impl PartialEq<str> for Said {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Said {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// `said!("message-id", name = value, ..)`: a catalog sentence kept as its
/// id and values (the catalog test finds the ids written this way).
#[macro_export]
macro_rules! said {
    ($id:literal) => {
        $crate::i18n::Said::new($id, Vec::new())
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Said::new($id, vec![$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_sentence_is_english_for_logs_and_indonesian_for_the_officer() {
        let s = crate::said!("store-not-found", id = "12");
        assert_eq!(s.to_string(), "inquiry 12 does not exist");
        assert_eq!(s.in_lang(Lang::Id), "aduan 12 tidak ada");
        let wire: Said = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(
            wire.in_lang(Lang::Id),
            "aduan 12 tidak ada",
            "survives the wire"
        );
    }

    #[test]
    fn a_sentence_inside_a_sentence_is_said_in_the_same_language() {
        let s = crate::said!("refused-not-queued", why = crate::said!("draft-empty"));
        assert_eq!(s.to_string(), "not queued: the reply is empty");
        let wire: Said = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(wire, s, "survives the wire");
        let id = wire.in_lang(Lang::Id);
        assert!(id.starts_with("tidak diantrekan: "), "{id}");
        assert!(!id.contains("empty"), "{id}");
    }

    #[test]
    fn plain_words_stay_as_they_are() {
        let s = Said::plain("the relay said 451");
        assert_eq!(s.in_lang(Lang::Id), "the relay said 451");
        assert!(s.contains("451"));
    }
}
