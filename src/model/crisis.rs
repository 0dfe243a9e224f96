//! A crisis on the desk (#16): a war, a sinking, a raid that brings
//! hundreds of pleas naming the same places within hours. The officer
//! opens one with a short name, its places and keywords; every matching
//! inquiry is tagged `krisis:NAME`, so the desk sees, counts and answers
//! them together. Closing keeps the record: what the desk did stays
//! readable.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The longest crisis name (characters).
pub const MAX_NAME: usize = 40;
/// Most places, and most keywords, one crisis names.
pub const MAX_TERMS: usize = 32;
/// Longest place or keyword (characters).
pub const MAX_TERM: usize = 64;
/// What every crisis tag starts with.
pub const TAG_PREFIX: &str = "krisis:";

/// A crisis as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crisis {
    /// A short slug: letters, digits and '-' ("sudan-2026").
    pub name: String,
    /// Places its pleas name ("Khartoum", "Omdurman").
    pub places: Vec<String>,
    /// Words its pleas say ("evakuasi").
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The reply template offered for its inquiries.
    #[serde(default)]
    pub template: Option<String>,
    pub opened_by: String,
    pub opened_at: Timestamp,
    #[serde(default)]
    pub closed_by: Option<String>,
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
}

impl Crisis {
    /// The tag every matching inquiry gets: `krisis:NAME`.
    pub fn tag(&self) -> String {
        tag_of(&self.name)
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// The tag of the crisis named `name`.
pub fn tag_of(name: &str) -> String {
    format!("{TAG_PREFIX}{name}")
}

/// What an officer asks for when opening a crisis; the desk stamps who
/// and when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisSpec {
    pub name: String,
    pub places: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub template: Option<String>,
}

impl CrisisSpec {
    /// The spec with its terms trimmed and empty ones dropped, or why it
    /// cannot be a crisis.
    pub fn checked(&self) -> Result<CrisisSpec, SpecProblem> {
        check_name(&self.name)?;
        let places = terms(&self.places, Term::Place)?;
        let keywords = terms(&self.keywords, Term::Keyword)?;
        if places.is_empty() && keywords.is_empty() {
            return Err(SpecProblem::NoTerms);
        }
        let template = self
            .template
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from);
        Ok(CrisisSpec {
            name: self.name.clone(),
            places,
            keywords,
            template,
        })
    }
}

/// Why a spec cannot be a crisis. `Display` is English (logs, tests);
/// `queue::crisis::spec_said` says it in the officer's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecProblem {
    #[error("a crisis needs a name (letters, digits and '-', such as sudan-2026)")]
    NoName,
    /// `shown`: the name's start, quoted.
    #[error("crisis name {shown}... is too long: at most {MAX_NAME} characters")]
    NameTooLong { shown: String },
    /// `bad`: the first character refused, quoted.
    #[error("crisis name {shown} may hold only letters, digits and '-' (not {bad})")]
    NameNotSlug { shown: String, bad: String },
    #[error("a crisis names at most {MAX_TERMS} of each {0}")]
    TooManyTerms(Term),
    #[error("the {what} {shown}... is too long: at most {MAX_TERM} characters")]
    TermTooLong { what: Term, shown: String },
    #[error("a crisis needs at least one place or keyword")]
    NoTerms,
}

/// What a crisis names: its places, its keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Place,
    Keyword,
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Term::Place => "place",
            Term::Keyword => "keyword",
        })
    }
}

/// Whether `name` is a crisis name: 1 to 40 letters, digits and '-'.
pub fn check_name(name: &str) -> Result<(), SpecProblem> {
    let shown: String = name.chars().take(MAX_NAME).collect();
    let shown = format!("{shown:?}");
    if name.is_empty() {
        return Err(SpecProblem::NoName);
    }
    if name.chars().count() > MAX_NAME {
        return Err(SpecProblem::NameTooLong { shown });
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
        let bad = format!("{bad:?}");
        return Err(SpecProblem::NameNotSlug { shown, bad });
    }
    Ok(())
}

fn terms(raw: &[String], what: Term) -> Result<Vec<String>, SpecProblem> {
    let out: Vec<String> = raw
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if out.len() > MAX_TERMS {
        return Err(SpecProblem::TooManyTerms(what));
    }
    if let Some(long) = out.iter().find(|t| t.chars().count() > MAX_TERM) {
        let shown: String = long.chars().take(20).collect();
        let shown = format!("{shown:?}");
        return Err(SpecProblem::TermTooLong { what, shown });
    }
    Ok(out)
}

/// A crisis as the desk lists it: its record and what is happening now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisSummary {
    pub crisis: Crisis,
    /// Inquiries carrying its tag.
    pub tagged: usize,
    /// Of them, those that arrived in the last hour.
    pub last_hour: u32,
    /// Arrivals per 10 minutes over the last 2 hours, oldest first (a
    /// sparkline's values).
    pub buckets: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_a_short_slug() {
        assert!(check_name("sudan-2026").is_ok());
        assert!(
            check_name("")
                .unwrap_err()
                .to_string()
                .contains("needs a name")
        );
        let long = "a".repeat(41);
        assert!(
            check_name(&long)
                .unwrap_err()
                .to_string()
                .contains("at most 40")
        );
        let err = check_name("sudan 2026").unwrap_err().to_string();
        assert!(err.contains("only letters, digits and '-'"), "{err}");
        assert!(check_name("krisis:x").is_err());
    }

    #[test]
    fn a_spec_needs_a_place_or_a_keyword_and_is_trimmed() {
        let spec = CrisisSpec {
            name: "sudan".into(),
            places: vec![" Khartoum ".into(), "".into()],
            keywords: vec![],
            template: Some(" ".into()),
        };
        let checked = spec.checked().unwrap();
        assert_eq!(checked.places, ["Khartoum"]);
        assert_eq!(checked.template, None);
        let empty = CrisisSpec {
            name: "x".into(),
            ..CrisisSpec::default()
        };
        assert!(
            empty
                .checked()
                .unwrap_err()
                .to_string()
                .contains("at least one")
        );
    }

    #[test]
    fn its_tag_names_it() {
        assert_eq!(tag_of("sudan-2026"), "krisis:sudan-2026");
    }
}
