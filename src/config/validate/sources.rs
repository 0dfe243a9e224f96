//! Each `[[sources]]` entry: a unique name, an http(s) base URL, an
//! account id of the right shape, a token named (never written) once, and
//! polling and walking limits in range.

use std::collections::HashSet;

use super::super::locate::{Step, key};
use super::super::{SourceConfig, SourceKind};
use super::Found;
use crate::i18n::Said;
use crate::said;

/// What is wrong with a source's `account_id`, if anything. Left out, it
/// is learned from the token; given, it must be one.
fn account_id_problem(source: &SourceConfig) -> Option<Said> {
    let id = source.account_id.as_deref()?;
    if id.is_empty() {
        return Some(said!("config-account-id-empty"));
    }
    let number = id.bytes().all(|b| b.is_ascii_digit());
    (source.kind == SourceKind::X && !number).then(|| said!("config-account-id-number"))
}

/// Every source's problems, with their paths.
pub(super) fn check_sources(sources: &[SourceConfig], found: &mut Found) {
    let mut names = HashSet::new();
    for (i, source) in sources.iter().enumerate() {
        let at = |field: &str| vec![key("sources"), Step::Index(i), key(field)];
        if let Some(problem) = name_problem(source, &mut names) {
            found.push((at("name"), problem));
        }
        match reqwest::Url::parse(&source.base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => found.push((
                at("base_url"),
                crate::said!("config-base-url", url = &source.base_url),
            )),
        }
        if let Some(problem) = account_id_problem(source) {
            found.push((at("account_id"), problem));
        }
        if let Some((field, problem)) = token_problem(source) {
            found.push((at(field), problem));
        }
        for (field, problem) in limit_problems(source) {
            found.push((at(field), problem));
        }
    }
}

/// A source's name missing, or one an earlier source has (`names`).
fn name_problem<'a>(
    source: &'a SourceConfig,
    names: &mut HashSet<&'a str>,
) -> Option<crate::i18n::Said> {
    if source.name.trim().is_empty() || source.name.contains('\0') {
        Some(crate::said!("config-source-no-name"))
    } else if !names.insert(source.name.as_str()) {
        Some(crate::said!("config-source-twice", name = &source.name))
    } else {
        None
    }
}

/// How a source's token is named, if wrongly: the field to point at and
/// what is wrong.
fn token_problem(source: &SourceConfig) -> Option<(&'static str, Said)> {
    match (&source.token_env, &source.token_file) {
        (Some(_), Some(_)) => Some(("token_file", said!("config-token-both"))),
        (None, None) => Some(("name", said!("config-token-none"))),
        (Some(var), None) if !crate::source::secret::is_variable_name(var) => {
            Some(("token_env", said!("config-token-env-name")))
        }
        _ => None,
    }
}

/// A source's polling and walking limits out of range, and searches on a
/// source that has none: each field and what is wrong.
fn limit_problems(source: &SourceConfig) -> Vec<(&'static str, Said)> {
    let range = |field: &'static str, wrong: bool, min: u64, max: u64| {
        wrong.then(|| {
            let said = said!(
                "config-source-range",
                field = field,
                min = min.to_string(),
                max = max.to_string()
            );
            (field, said)
        })
    };
    [
        (source.poll_secs == 0).then(|| {
            let said = said!("config-source-at-least", field = "poll_secs", min = "1");
            ("poll_secs", said)
        }),
        range(
            "timeout_secs",
            !(1..=600).contains(&source.timeout_secs),
            1,
            600,
        ),
        range(
            "max_pages",
            !(1..=1000).contains(&source.max_pages),
            1,
            1000,
        ),
        range(
            "max_walk_secs",
            !(1..=3600).contains(&source.max_walk_secs),
            1,
            3600,
        ),
        (source.kind == SourceKind::Mastodon && !source.searches.is_empty())
            .then(|| ("searches", said!("config-searches-x-only"))),
    ]
    .into_iter()
    .flatten()
    .collect()
}
