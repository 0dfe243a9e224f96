//! The message catalogs against the code (#15): both parse; every id the
//! code uses (`tr!(lang, "id", ..)`, `said!("id", ..)`, `lang.t("id")`, `lang.f("id", ..)`)
//! and every member of a family it looks up (`lang.member("cmd", name)`)
//! exists in both languages with the same placeholders; no id is left
//! unused; and no English sentence is left in the Indonesian catalog.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use siaga::i18n::{CATALOG_EN, CATALOG_ID, Lang, message_ids, parse_errors};

/// `id -> value` of a catalog: a message is its `id = value` line and the
/// indented lines under it (a plural's variants), joined.
fn messages(source: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in source.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            last = None;
            continue;
        }
        if line.starts_with(' ') {
            let id = last
                .as_ref()
                .unwrap_or_else(|| panic!("an indented line under no message: {line:?}"));
            let value = out.get_mut(id).unwrap();
            value.push('\n');
            value.push_str(line);
            continue;
        }
        let (id, value) = line
            .split_once(" =")
            .unwrap_or_else(|| panic!("not `id = value`: {line:?}"));
        out.insert(id.to_string(), value.trim_start().to_string());
        last = Some(id.to_string());
    }
    out
}

/// The `$name`s a message's text fills in.
fn placeholders(value: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"\{\s*\$([a-z_]+)").unwrap();
    re.captures_iter(value).map(|c| c[1].to_string()).collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn source_text() -> String {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            // Comments (and doc examples) use no message.
            text.lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Ids the code names literally, and the families it looks up by name.
fn used_in_code() -> (BTreeSet<String>, BTreeSet<String>) {
    let code = source_text();
    let literal =
        regex::Regex::new(r#"(?:tr!\(\s*[A-Za-z_.]+,\s*|said!\(|\.t\(|\.f\()\s*"([a-z0-9-]+)""#)
            .unwrap();
    let family = regex::Regex::new(r#"\.member\(\s*"([a-z0-9-]+)""#).unwrap();
    (
        literal
            .captures_iter(&code)
            .map(|c| c[1].to_string())
            .collect(),
        family
            .captures_iter(&code)
            .map(|c| c[1].to_string())
            .collect(),
    )
}

/// Every member of each family, as the code enumerates it.
fn family_members() -> BTreeMap<&'static str, Vec<String>> {
    use siaga::model::Status;
    use siaga::ui::action::Command;
    let names = |v: Vec<&str>| v.into_iter().map(|n| n.replace('_', "-")).collect();
    let views = || {
        siaga::ui::view::DEFAULT_VIEWS
            .iter()
            .map(|v| v.to_lowercase())
            .collect::<Vec<_>>()
    };
    BTreeMap::from([
        (
            "cmd",
            names(Command::ALL.iter().map(|c| c.name()).collect()),
        ),
        (
            "hint",
            names(Command::ALL.iter().map(|c| c.name()).collect()),
        ),
        (
            "status",
            names(Status::ALL.iter().map(|s| s.as_str()).collect()),
        ),
        ("view", views()),
        ("view-short", views()),
        ("mode", names(vec!["queue", "detail"])),
        (
            "close-reason",
            (siaga::ui::update::DEFAULT_CLOSE_REASONS.iter())
                .map(|r| r.replace(' ', "-"))
                .collect(),
        ),
        // `--help` in Bahasa Indonesia: every text of the clap command tree.
        ("help", siaga::cli::help_ids()),
    ])
}

/// The close reasons the catalogs translate are the default config's own.
#[test]
fn the_translated_close_reasons_are_the_default_configs() {
    let defaults = siaga::config::Config::defaults().triage.close_reasons;
    assert_eq!(defaults, siaga::ui::update::DEFAULT_CLOSE_REASONS);
}

/// The views the catalogs translate are the default config's own.
#[test]
fn the_translated_views_are_the_default_configs() {
    let defaults: Vec<String> = siaga::config::Config::defaults()
        .views
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(defaults, siaga::ui::view::DEFAULT_VIEWS);
}

#[test]
fn both_catalogs_parse_and_define_each_message_once() {
    for (name, source) in [("id.ftl", CATALOG_ID), ("en.ftl", CATALOG_EN)] {
        let errors = parse_errors(source);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let ids = message_ids(source);
        let lines = messages(source);
        assert_eq!(ids.len(), lines.len(), "{name}: an id is defined twice");
        assert_eq!(
            ids.iter().cloned().collect::<BTreeSet<_>>(),
            lines.keys().cloned().collect::<BTreeSet<_>>()
        );
    }
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_placeholders() {
    let (id, en) = (messages(CATALOG_ID), messages(CATALOG_EN));
    let only_id: Vec<_> = id.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !id.contains_key(*k)).collect();
    assert!(
        only_id.is_empty() && only_en.is_empty(),
        "only in id.ftl: {only_id:?}; only in en.ftl: {only_en:?}"
    );
    for (key, value) in &id {
        assert_eq!(
            placeholders(value),
            placeholders(&en[key]),
            "{key}: placeholders differ between id.ftl and en.ftl"
        );
    }
}

#[test]
fn every_id_the_code_uses_exists_and_none_is_unused() {
    let (literal, families) = used_in_code();
    let catalog = messages(CATALOG_ID);
    let members = family_members();
    let missing: Vec<_> = literal
        .iter()
        .filter(|id| !catalog.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "used in the code, not in the catalogs: {missing:?}"
    );
    for family in &families {
        let names = members
            .get(family.as_str())
            .unwrap_or_else(|| panic!("family `{family}` is looked up; list its members here"));
        for name in names {
            let id = format!("{family}-{name}");
            assert!(
                catalog.contains_key(&id),
                "{id} is looked up, not in the catalogs"
            );
        }
    }
    let unused: Vec<_> = catalog
        .keys()
        .filter(|id| {
            !literal.contains(*id)
                && !families.iter().any(|f| {
                    members
                        .get(f.as_str())
                        .is_some_and(|m| m.iter().any(|n| **id == format!("{f}-{n}")))
                })
        })
        .collect();
    assert!(unused.is_empty(), "in the catalogs, never used: {unused:?}");
}

/// English words that have no business in an Indonesian sentence.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "with",
    "your",
    "you",
    "is",
    "are",
    "for",
    "from",
    "this",
    "that",
    "inquiry",
    "inquiries",
    "reply",
    "replies",
    "search",
    "searching",
    "loading",
    "marked",
    "new",
    "claimed",
    "back",
    "help",
    "quit",
    "next",
    "previous",
    "found",
    "failed",
    "sending",
    "sent",
    "acked",
    "view",
    "shift",
    "handover",
    "keys",
    "scroll",
    "closes",
    "nothing",
    "empty",
    "match",
    "above",
    "top",
    "ago",
    "just",
    "now",
    "minutes",
    "hours",
    "days",
    "rate",
    "limit",
    "until",
    "starting",
    "stopped",
    "failing",
    "last",
    "outbox",
    "escalate",
    "escalation",
    "close",
    "closed",
    "snooze",
    "snoozed",
    "claim",
    "mission",
    "officer",
    "take",
    "over",
];

#[test]
fn no_english_is_left_in_the_indonesian_catalog() {
    let word = regex::Regex::new(r"[A-Za-z]+").unwrap();
    let placeholder = regex::Regex::new(r"\{[^}]*\}").unwrap();
    // Search filter names (`tag:`), config sections (`[keys.*]`), flags
    // (`--mission`) and commands in backticks are what the officer types,
    // in either language.
    let syntax = regex::Regex::new(r"`[^`]*`|--[a-z-]+|[a-z]+:|\[[a-z.*]+\]|\$EDITOR").unwrap();
    let mut found = Vec::new();
    for (id, value) in messages(CATALOG_ID) {
        let text = placeholder.replace_all(&value, " ");
        let text = syntax.replace_all(&text, " ");
        for w in word.find_iter(&text) {
            if ENGLISH.contains(&w.as_str().to_lowercase().as_str()) {
                found.push(format!("{id}: {:?} in {value:?}", w.as_str()));
            }
        }
    }
    assert!(found.is_empty(), "English in id.ftl:\n{}", found.join("\n"));
}

#[test]
fn a_message_reads_in_the_language_asked_for() {
    assert_eq!(Lang::Id.member("status", "claimed"), "diambil");
    assert_eq!(Lang::En.member("status", "claimed"), "claimed");
    assert_eq!(Lang::Id.member("cmd", "page_down"), "satu layar ke bawah");
    assert_eq!(Lang::En.member("hint", "scroll_down"), "scroll");
}
