//! The language a citizen wrote in and a reply is written in: Indonesian
//! or English, from the platform's tag, else from the words themselves.

use serde::{Deserialize, Serialize};

/// The language a reply is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The reply language for an inquiry: the platform's tag if it names
    /// Indonesian (X says `in`, Mastodon `id`) or English, else a guess
    /// from common words, else Indonesian.
    pub fn for_inquiry(platform_lang: Option<&str>, text: &str) -> Lang {
        match platform_lang.map(str::to_ascii_lowercase).as_deref() {
            Some("in" | "id" | "ms") => return Lang::Id,
            Some("en") => return Lang::En,
            _ => {}
        }
        let (id, en) = word_votes(text);
        if en > id { Lang::En } else { Lang::Id }
    }
}

/// Common words of each language: (Indonesian, English) counts in `text`.
fn word_votes(text: &str) -> (usize, usize) {
    const ID: &[&str] = &[
        "yang",
        "dan",
        "di",
        "saya",
        "tolong",
        "tidak",
        "adik",
        "kakak",
        "mohon",
        "bagaimana",
        "sudah",
        "belum",
        "tlg",
        "sy",
        "yg",
        "gmn",
        "min",
    ];
    const EN: &[&str] = &[
        "the", "and", "my", "please", "is", "help", "how", "what", "not", "was", "can",
    ];
    let (mut id, mut en) = (0, 0);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
    {
        id += usize::from(ID.contains(&word.as_str()));
        en += usize::from(EN.contains(&word.as_str()));
    }
    (id, en)
}

/// One language code everywhere: BCP 47 in lower case, with the retired
/// ISO 639 codes platforms still send mapped to today's (X tags Indonesian
/// `in`; the desk, Mastodon and `lang:` say `id`).
pub fn canonical_code(code: &str) -> String {
    let lower = code.trim().to_ascii_lowercase();
    let (primary, rest) = lower.split_at(lower.find(['-', '_']).unwrap_or(lower.len()));
    let primary = match primary {
        "in" => "id",
        "iw" => "he",
        "ji" => "yi",
        other => other,
    };
    format!("{primary}{}", rest.replace('_', "-"))
}

/// Tags that say "no language" (X: undetermined, media only, hashtags
/// only, cashtags only, mentions only; ISO: no linguistic content).
const NO_LANGUAGE: &[&str] = &["und", "zxx", "qme", "qht", "qct", "qam", "art"];

/// The language code an arrival is kept with: the platform's tag in its
/// canonical form, else (a direct message, which arrives without one, or an
/// undetermined post) Indonesian or English when the words say so clearly,
/// else none.
pub fn arrival_code(platform_lang: Option<&str>, text: &str) -> Option<String> {
    if let Some(code) = platform_lang.map(canonical_code)
        && !code.is_empty()
        && !NO_LANGUAGE.contains(&code.as_str())
    {
        return Some(code);
    }
    match word_votes(text) {
        (0, 0) => None,
        (id, en) if id > en => Some("id".into()),
        (id, en) if en > id => Some("en".into()),
        _ => None,
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.to_ascii_lowercase().as_str() {
            "id" | "in" | "indonesian" => Ok(Lang::Id),
            "en" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}`; use id or en")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_the_platform_then_the_words() {
        assert_eq!(Lang::for_inquiry(Some("in"), "anything"), Lang::Id);
        assert_eq!(Lang::for_inquiry(Some("en"), "tolong"), Lang::En);
        assert_eq!(Lang::for_inquiry(None, "please help my brother"), Lang::En);
        assert_eq!(Lang::for_inquiry(Some("und"), "tlg adik sy"), Lang::Id);
    }

    #[test]
    fn one_code_set_everywhere() {
        assert_eq!(canonical_code("in"), "id");
        assert_eq!(canonical_code("IN"), "id");
        assert_eq!(canonical_code("id"), "id");
        assert_eq!(canonical_code("pt_BR"), "pt-br");
        assert_eq!(canonical_code("en"), "en");
    }

    #[test]
    fn an_arrival_without_a_tag_is_detected_when_the_words_are_clear() {
        assert_eq!(arrival_code(Some("in"), "x").as_deref(), Some("id"));
        assert_eq!(arrival_code(Some("ar"), "x").as_deref(), Some("ar"));
        // A DM arrives with no tag.
        assert_eq!(
            arrival_code(None, "tolong paspor saya ditahan").as_deref(),
            Some("id")
        );
        assert_eq!(
            arrival_code(None, "please help my sister").as_deref(),
            Some("en")
        );
        assert_eq!(arrival_code(Some("und"), "tlg sy").as_deref(), Some("id"));
        // Nothing to go on: no guess.
        assert_eq!(arrival_code(None, "🆘🆘"), None);
        assert_eq!(arrival_code(Some("zxx"), "Khartoum"), None);
    }
}
