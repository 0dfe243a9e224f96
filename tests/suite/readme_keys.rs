//! The README's key tables and tab names against the binary: every key a
//! table names does what the table says in that mode, every default
//! binding of a documented mode is in the README, and every tab the README
//! shows is a view name of the English catalog.

use std::collections::{BTreeMap, BTreeSet};

use siaga::config::Config;
use siaga::ui::Command;
use siaga::ui::keymap::{KeySpec, Keymap};

const README: &str = include_str!("../../README.md");
const VIEWS_CATALOG: &str = include_str!("../../src/i18n/en/queue.ftl");

/// A key table's column header, and the keymap mode it documents.
const COLUMNS: [(&str, &str); 4] = [
    ("in the queue", "queue"),
    ("in an inquiry", "detail"),
    ("in a reply", "compose"),
    ("in the escalation form", "escalate"),
];

/// The README writes a few keys as people say them.
const ALIASES: [(&str, &str); 7] = [
    ("↓", "Down"),
    ("↑", "Up"),
    ("→", "Right"),
    ("←", "Left"),
    ("PgDn", "PageDown"),
    ("PgUp", "PageUp"),
    ("Shift-Tab", "BackTab"),
];

/// What each README row says its keys do, by the row's first key, in
/// the modes listed (space-separated). Commands are given one per key, one per `, `-separated group of
/// keys, or one for the whole row; an empty list: the row says nothing in
/// that mode (its cell is empty). The cell `same` repeats the queue's.
const ROWS: &[(&str, &str, &[&str])] = &[
    ("j", "queue", &["down", "up"]),
    ("j", "detail", &["scroll_down", "scroll_up"]),
    ("g", "queue", &["top", "bottom"]),
    ("PgDn", "queue detail", &["page_down", "page_up"]),
    ("Enter", "queue", &["open"]),
    ("l", "queue", &["expand", "collapse"]),
    ("J", "detail", &["next", "prev"]),
    ("Tab", "queue", &["next_view", "prev_view"]),
    ("/", "queue", &["search"]),
    ("Space", "queue", &["mark"]),
    ("c", "queue detail", &["claim"]),
    ("t", "queue detail", &["tag"]),
    ("x", "queue detail", &["close"]),
    ("s", "queue detail", &["snooze"]),
    ("n", "queue detail", &["note"]),
    ("p", "queue detail", &["priority", "category"]),
    ("L", "queue detail", &["accept_learned"]),
    ("u", "queue detail", &["undo"]),
    ("r", "queue detail", &["reply"]),
    ("E", "queue detail", &["reply_in_editor"]),
    ("e", "queue detail", &["escalate"]),
    ("A", "queue detail", &["acknowledge"]),
    ("a", "queue detail", &["assign"]),
    ("H", "queue", &["shift"]),
    ("O", "queue", &["open_crisis"]),
    ("D", "queue", &["dismiss_suggestion"]),
    ("v", "detail", &["reveal"]),
    ("R", "detail", &["retry_reply"]),
    ("X", "detail", &["cancel_reply"]),
    ("X", "queue", &["close_crisis"]),
    ("Esc", "queue detail", &["back"]),
    ("?", "queue detail", &["help"]),
    ("q", "queue", &["quit"]),
    ("q", "detail", &["back"]),
    ("C-c", "queue detail", &["quit"]),
    ("C-s", "compose", &["send"]),
    ("C-t", "compose", &["toggle_channel"]),
    ("C-l", "compose", &["switch_lang"]),
    ("C-x", "compose", &["external_editor"]),
    ("Esc", "compose", &["back"]),
    ("C-c", "compose", &["quit"]),
    ("Tab", "escalate", &["next_field"]),
    ("C-p", "escalate", &["severity"]),
    ("C-o", "escalate", &["via"]),
    ("C-s", "escalate", &["send"]),
    ("Esc", "escalate", &["back"]),
    ("C-c", "escalate", &["quit"]),
];

/// One row of a README key table: its keys by `, ` group, and per mode
/// whether its cell says anything (and whether that is `same`).
struct Row {
    line: usize,
    groups: Vec<Vec<String>>,
    cells: Vec<(&'static str, String)>,
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Every table of the README whose first column is `key`.
fn key_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut modes: Option<Vec<&'static str>> = None;
    for (n, line) in README.lines().enumerate() {
        if !line.starts_with('|') {
            modes = None;
            continue;
        }
        let cells = cells(line);
        if cells[0] == "key" {
            let found: Vec<&'static str> = cells[1..]
                .iter()
                .map(|h| {
                    COLUMNS
                        .iter()
                        .find(|(head, _)| head == h)
                        .map(|(_, mode)| *mode)
                        .unwrap_or_else(|| {
                            panic!("README line {}: key column `{h}` names no mode", n + 1)
                        })
                })
                .collect();
            modes = Some(found);
            continue;
        }
        let Some(modes) = &modes else { continue };
        if cells[0].starts_with("---") {
            continue;
        }
        let groups: Vec<Vec<String>> = cells[0]
            .split(", ")
            .map(backticked)
            .filter(|g| !g.is_empty())
            .collect();
        assert!(
            !groups.is_empty(),
            "README line {}: a key table row names no key",
            n + 1
        );
        rows.push(Row {
            line: n + 1,
            groups,
            cells: modes
                .iter()
                .copied()
                .zip(cells[1..].iter().cloned())
                .collect(),
        });
    }
    rows
}

fn label(readme_key: &str) -> String {
    let name = ALIASES
        .iter()
        .find(|(a, _)| *a == readme_key)
        .map_or(readme_key, |(_, n)| n);
    KeySpec::parse(name)
        .unwrap_or_else(|e| panic!("README key `{readme_key}`: {e}"))
        .label()
}

/// mode → key label → command, as the default config binds them.
fn default_bindings() -> BTreeMap<&'static str, BTreeMap<String, Command>> {
    let keymap = Keymap::from_config(&Config::defaults().keys);
    siaga::ui::keymap::MODES
        .iter()
        .map(|mode| {
            let keys = keymap
                .bindings(mode)
                .into_iter()
                .flat_map(|(cmd, keys)| keys.into_iter().map(move |k| (k, cmd)))
                .collect();
            (*mode, keys)
        })
        .collect()
}

/// (mode, key label, command) for every key the README documents.
fn readme_claims() -> Vec<(usize, &'static str, String, Command)> {
    let mut claims = Vec::new();
    for row in key_rows() {
        let first = &row.groups[0][0];
        let keys: Vec<&String> = row.groups.iter().flatten().collect();
        for (mode, cell) in &row.cells {
            let mode = *mode;
            let expected = ROWS
                .iter()
                .find(|(k, m, _)| k == first && m.split(' ').any(|m| m == mode))
                .map_or(&[][..], |(_, _, cmds)| *cmds);
            assert_eq!(
                cell.is_empty(),
                expected.is_empty(),
                "README line {}: row `{first}` in {mode}: the cell is {:?} but the test's ROWS \
                 {}; bring the README (or ROWS, when the keymap changed) in step",
                row.line,
                cell,
                if expected.is_empty() {
                    "say nothing"
                } else {
                    "name commands"
                },
            );
            if cell == "same" {
                assert!(
                    row.cells.first().is_some_and(|(_, c)| !c.is_empty()),
                    "README line {}: `same` with nothing before it",
                    row.line
                );
            }
            for (i, key) in keys.iter().enumerate() {
                let cmd = if expected.len() == keys.len() {
                    expected[i]
                } else if expected.len() == row.groups.len() {
                    let group = row
                        .groups
                        .iter()
                        .scan(0, |seen, g| {
                            *seen += g.len();
                            Some(*seen)
                        })
                        .position(|end| i < end)
                        .unwrap();
                    expected[group]
                } else if expected.len() == 1 {
                    expected[0]
                } else if expected.is_empty() {
                    continue;
                } else {
                    panic!(
                        "ROWS for `{first}` in {mode}: {} commands for {} keys",
                        expected.len(),
                        keys.len()
                    );
                };
                let cmd = Command::from_name(cmd).unwrap_or_else(|| panic!("no command `{cmd}`"));
                claims.push((row.line, mode, label(key), cmd));
            }
        }
    }
    claims
}

#[test]
fn every_key_the_readme_names_does_what_it_says() {
    let bound = default_bindings();
    let mut wrong = Vec::new();
    for (line, mode, key, cmd) in readme_claims() {
        let actual = bound[mode].get(&key);
        if actual != Some(&cmd) {
            wrong.push(format!(
                "README line {line}: `{key}` in {mode} is documented as {} but is bound to {}",
                cmd.name(),
                actual.map_or("nothing", |c| c.name())
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_default_binding_of_a_documented_mode_is_in_the_readme() {
    let claims = readme_claims();
    let documented: BTreeSet<(&str, &str)> = claims.iter().map(|c| (c.1, c.2.as_str())).collect();
    let modes: BTreeSet<&str> = claims.iter().map(|c| c.1).collect();
    // The help overlay lists the queue's and the detail's bindings: those
    // at least must be documented.
    assert!(modes.contains("queue") && modes.contains("detail"));
    let mut missing = Vec::new();
    for (mode, keys) in default_bindings() {
        if !modes.contains(mode) {
            continue;
        }
        for (key, cmd) in keys {
            if !documented.contains(&(mode, key.as_str())) {
                missing.push(format!("`{key}` ({}) in {mode}", cmd.name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "bound by default but not in the README's key tables: {}",
        missing.join(", ")
    );
}

#[test]
fn the_tabs_the_readme_shows_are_the_binarys() {
    let names: BTreeSet<&str> = VIEWS_CATALOG
        .lines()
        .filter(|l| l.starts_with("view-"))
        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v.trim()))
        .collect();
    assert!(
        names.contains("Inbox") && names.contains("Priv"),
        "{names:?}"
    );
    // The screen under "What you see": its first line is the tabs, each
    // a name and a count.
    let screen = README
        .split("## What you see")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .expect("README has a screen under `## What you see`");
    let tabs = screen.lines().nth(1).expect("the screen's first line");
    let words: Vec<&str> = tabs.split_whitespace().collect();
    let mut shown = 0;
    for pair in words.windows(2) {
        if pair[1].parse::<u32>().is_ok() && pair[0].parse::<u32>().is_err() {
            assert!(
                names.contains(pair[0]),
                "README's screen shows a tab `{}` the binary does not have ({names:?})",
                pair[0]
            );
            shown += 1;
        }
    }
    assert!(shown >= 7, "the tabs line was not found: {tabs:?}");
    // "the Escalated view", in prose.
    for (i, _) in README.match_indices(" view") {
        let before = README[..i].split_whitespace().last().unwrap_or("");
        let word = before.trim_matches(|c: char| !c.is_alphanumeric());
        if word.chars().next().is_some_and(char::is_uppercase) && word != "The" {
            assert!(
                names.contains(word),
                "README names a view `{word}` the binary does not have"
            );
        }
    }
}
