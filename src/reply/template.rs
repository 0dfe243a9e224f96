//! Canned replies: a template per situation, in Indonesian and English,
//! with placeholders filled from the inquiry and the desk's directory.
//!
//! `{name}` is a placeholder; `{{` and `}}` are literal braces. Every
//! placeholder is known here, so a typo is a config error with its line,
//! never a reply that goes out with `{mision_name}` in it.

use serde::{Deserialize, Serialize};

pub use crate::model::Lang;

/// The placeholders a template may use, and what each becomes.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("author", "the citizen's @handle"),
    ("author_name", "the citizen's display name"),
    (
        "mission_name",
        "the mission that covers the case (else the central desk)",
    ),
    ("mission_hotline", "that mission's hotline"),
    ("hotline", "the ministry's citizen-protection hotline"),
    ("portal_url", "the Peduli WNI portal"),
    ("case_ref", "the desk's case reference, such as SIAGA-42"),
    ("officer", "the replying officer's login"),
];

/// One canned reply as written in the config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Template {
    pub name: String,
    /// What the picker shows the officer, in each language (else the
    /// name, its underscores as spaces).
    pub title: Option<TemplateTitle>,
    /// Categories for which this template is offered first.
    pub categories: Vec<String>,
    /// Indonesian text.
    pub id: String,
    /// English text.
    pub en: String,
}

impl Template {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    /// The template's title for an officer reading `lang`: "Hotline 24
    /// jam", else the name as words ("send details privately").
    pub fn title(&self, lang: Lang) -> String {
        match &self.title {
            Some(t) if !t.in_lang(lang).trim().is_empty() => t.in_lang(lang).to_string(),
            _ => self.name.replace('_', " "),
        }
    }

    /// Whether the template is suggested for `category`.
    pub fn suits(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c == category)
    }
}

/// A template's title in both languages: `title = { id = "…", en = "…" }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateTitle {
    pub id: String,
    pub en: String,
}

impl TemplateTitle {
    fn in_lang(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

/// The values placeholders take for one reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub author: String,
    pub author_name: String,
    pub mission_name: String,
    pub mission_hotline: String,
    pub hotline: String,
    pub portal_url: String,
    pub case_ref: String,
    pub officer: String,
}

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "author" => &self.author,
            "author_name" => &self.author_name,
            "mission_name" => &self.mission_name,
            "mission_hotline" => &self.mission_hotline,
            "hotline" => &self.hotline,
            "portal_url" => &self.portal_url,
            "case_ref" => &self.case_ref,
            "officer" => &self.officer,
            _ => return None,
        })
    }
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Brace(char),
    Slot(&'a str),
}

/// Split a template into text and placeholders; an unclosed or stray
/// brace is an error.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, crate::i18n::Said> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        let tail = &rest[i..];
        if let Some(r) = tail.strip_prefix("{{") {
            out.push(Piece::Brace('{'));
            rest = r;
        } else if let Some(r) = tail.strip_prefix("}}") {
            out.push(Piece::Brace('}'));
            rest = r;
        } else if tail.starts_with('}') {
            return Err(crate::said!("template-lone-brace"));
        } else {
            let end = tail
                .find('}')
                .ok_or_else(|| crate::said!("template-unclosed-brace"))?;
            out.push(Piece::Slot(&tail[1..end]));
            rest = &tail[end + 1..];
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Every problem with a template's text: unknown placeholders, braces.
pub fn check_text(text: &str) -> Vec<crate::i18n::Said> {
    let pieces = match pieces(text) {
        Err(e) => return vec![e],
        Ok(pieces) => pieces,
    };
    let known = Values::default();
    let mut seen = std::collections::HashSet::new();
    let mut unknown: Vec<&str> = Vec::new();
    for p in &pieces {
        if let Piece::Slot(name) = p
            && known.get(name).is_none()
            && seen.insert(*name)
        {
            unknown.push(name);
        }
    }
    if unknown.is_empty() {
        return Vec::new();
    }
    // One problem per text, naming a few: 8,000 unknown placeholders are
    // one mistake, not 8,000 lines to locate.
    const SHOWN: usize = 5;
    let named: Vec<String> = unknown
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{{{n}}}`"))
        .collect();
    let more = unknown.len().saturating_sub(SHOWN);
    let known: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .collect();
    vec![crate::said!(
        "template-unknown-placeholder",
        count = unknown.len(),
        named = named.join(", "),
        more = more,
        known = known.join(", ")
    )]
}

/// Fill `text`'s placeholders. Templates are checked when the config
/// loads, so an unknown placeholder here is kept as written.
pub fn render(text: &str, values: &Values) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 64);
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Brace(c) => out.push(c),
            Piece::Slot(name) => match values.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Templates in the order to offer them for `category`: suggested first,
/// then the rest, each group in config order.
pub fn offer_order<'a>(templates: &'a [Template], category: &str) -> Vec<&'a Template> {
    let (mut first, rest): (Vec<&Template>, Vec<&Template>) =
        templates.iter().partition(|t| t.suits(category));
    first.extend(rest);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_known_placeholders_and_literal_braces() {
        let v = Values {
            author: "@siti".into(),
            case_ref: "SIAGA-7".into(),
            ..Values::default()
        };
        assert_eq!(
            render("Halo {author} ({case_ref}) {{ok}}", &v),
            "Halo @siti (SIAGA-7) {ok}"
        );
    }

    #[test]
    fn unknown_placeholders_and_broken_braces_are_reported() {
        assert!(check_text("Halo {author}").is_empty());
        assert!(
            check_text("Halo {mision_name}")[0].contains("unknown placeholder `{mision_name}`")
        );
        assert!(!check_text("Halo {author").is_empty());
        assert!(!check_text("Halo }").is_empty());
    }
}
