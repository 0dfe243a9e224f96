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
        if en > id { Lang::En } else { Lang::Id }
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
}
