//! An officer's triage in the real binary, `siaga demo` in a 100x30
//! pseudo-terminal: search "paspor", mark two results, tag them, claim one,
//! close it with the first reason, undo the close, leave and quit. Then the
//! CLI reads the store to check what the desk did, and in which order.
//!
//! Every step waits for the screen to say it happened; nothing relies on a
//! fixed sleep.

use crate::common;

use std::path::Path;

use common::pty::Session;
use serde_json::Value;

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// Run the CLI on the store the TUI left; its stdout.
fn cli(home: &Path, data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "siaga {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The list rows on screen (below the header, above status and hints).
fn list_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(1)
        .take(usize::from(ROWS) - 3)
        .map(str::to_string)
        .collect()
}

/// `*P1   7h @ handle     text`: the flag, then the handle as shown
/// (long handles end in an ellipsis). None for a line that is no row.
fn flag_and_handle(row: &str) -> Option<(char, String)> {
    let words: Vec<&str> = row.split_whitespace().collect();
    let head = words.first()?.trim_start_matches(['*', '●', '○']);
    if !["P1", "P2", "P3", "P4"].contains(&head) || words.len() < 4 {
        return None;
    }
    let flag = row.chars().next()?;
    Some((flag, words[3].trim_end_matches('…').to_string()))
}

fn flagged(screen: &str, flag: char) -> Vec<String> {
    list_rows(screen)
        .iter()
        .filter_map(|r| flag_and_handle(r))
        .filter(|(f, _)| *f == flag)
        .map(|(_, h)| h)
        .collect()
}

/// "N found" after the query in the hint line.
fn found(screen: &str, query: &str) -> Option<usize> {
    let line = screen.lines().find(|l| l.contains(query))?;
    let rest = &line[line.find(query)? + query.len()..];
    let rest = rest.trim_start().trim_start_matches('▏').trim_start();
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!n.is_empty() && rest[n.len()..].starts_with(" found")).then(|| n.parse().unwrap())
}

#[test]
fn officer_searches_tags_two_claims_closes_and_undoes() {
    let home = tempfile::tempdir().unwrap();
    let officer = siaga::cli::officer();
    let (mut s, data) = Session::quiet_demo(home.path(), COLS, ROWS);
    s.wait_for("the 30 demo inquiries", |sc| {
        sc.contains(" Inbox 30 ") && sc.contains(" P1 ")
    });

    // `/paspor`: results as you type; Enter opens the first, Esc comes back
    // to the results.
    s.keys("/");
    s.wait_text("type to search; Esc: back");
    s.keys("paspor");
    let screen = s.wait_for("the paspor results", |sc| found(sc, "/paspor▏").is_some());
    let n = found(&screen, "/paspor▏").unwrap();
    assert!(n >= 3, "a few demo inquiries mention paspor:\n{screen}");
    s.keys("\r");
    s.wait_text("From: ");
    s.keys("\x1b");
    s.wait_for("results kept", |sc| {
        !sc.contains("From: ") && found(sc, "/paspor ") == Some(n)
    });

    // Space, Space: two marked, the selection moves on.
    s.keys(" ");
    s.wait_text(&format!(" 2/{n} (1 marked)"));
    s.keys(" ");
    let screen = s.wait_text(&format!(" 3/{n} (2 marked)"));
    let marked = flagged(&screen, '*');
    assert_eq!(marked.len(), 2, "two rows marked:\n{screen}");

    // `t`, "urg", Enter: urgent-call on both; Esc closes and unmarks.
    s.keys("t");
    s.wait_text("Tags: Enter toggles (2 inquiries)");
    s.keys("urg");
    s.wait_text("> urg▏");
    s.keys("\r");
    s.wait_for("both tagged", |sc| {
        sc.contains("tagged: 2") && sc.contains("[x] urgent-call")
    });
    s.keys("\x1b");
    s.wait_for("the picker closed, the marks gone", |sc| {
        !sc.contains("Tags: Enter toggles") && !sc.contains("marked)")
    });

    // Up to the second tagged one; `c` claims it.
    s.keys("k");
    s.wait_text(&format!(" 2/{n}"));
    s.keys("c");
    let screen = s.wait_for("the claim", |sc| {
        sc.contains("claimed: 1") && flagged(sc, '●').len() == 1
    });
    let claimed = flagged(&screen, '●').remove(0);
    assert_eq!(claimed, marked[1], "the selected, tagged row:\n{screen}");

    // `x`, Enter: closed with the first reason; it leaves the results.
    s.keys("x");
    s.wait_text("Close: why? (1 inquiry)");
    s.keys("\r");
    s.wait_for("the close", |sc| {
        sc.contains("closed: 1") && found(sc, "/paspor ") == Some(n - 1)
    });

    // `u`: the close is undone; it is back among the results, still mine.
    s.keys("u");
    s.wait_for("the undo", |sc| {
        sc.contains("undone: 1")
            && found(sc, "/paspor ") == Some(n)
            && flagged(sc, '●') == [claimed.clone()]
    });

    // Esc leaves the search; q quits.
    s.keys("\x1b");
    s.wait_text("Enter open");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    // What the store holds.
    let data = data.as_path();
    let listed = cli(
        home.path(),
        data,
        &[
            "list", "--json", "--status", "new", "--status", "claimed", "--status", "closed",
        ],
    );
    let rows: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows.len(),
        30,
        "every demo inquiry is new, claimed or closed"
    );
    let author = |r: &Value| r["author"].as_str().unwrap().to_string();
    let shown_as = |r: &Value, shown: &str| author(r).starts_with(shown);

    let tagged: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "urgent-call")
        })
        .collect();
    assert_eq!(tagged.len(), 2, "{listed}");
    for shown in &marked {
        assert!(
            tagged.iter().any(|r| shown_as(r, shown)),
            "@{shown} was marked and carries the tag: {listed}"
        );
    }

    let mine: Vec<&Value> = rows
        .iter()
        .filter(|r| r["claimed_by"] == officer.as_str())
        .collect();
    assert_eq!(mine.len(), 1, "claimed by {officer}: {listed}");
    let inquiry = mine[0];
    assert!(shown_as(inquiry, &claimed), "{inquiry}");
    assert_eq!(inquiry["status"], "claimed", "not closed after the undo");
    assert!(
        rows.iter().all(|r| r["status"] != "closed"),
        "nothing stays closed: {listed}"
    );

    // Its history: tag, claim, close, undo, in that order, by the officer.
    let id = inquiry["id"].to_string();
    let shown = cli(home.path(), data, &["show", &id, "--json"]);
    let detail: Value = serde_json::from_str(&shown).unwrap();
    let history = detail["history"].as_array().unwrap();
    let at = |what: &str, after: Option<&str>| {
        history
            .iter()
            .position(|e| {
                e["what"] == what
                    && after.is_none_or(|a| e["after"] == a)
                    && e["officer"] == officer.as_str()
            })
            .unwrap_or_else(|| panic!("no {what} {after:?} event: {shown}"))
    };
    let steps = [
        at("tag", Some("urgent-call")),
        at("claim", Some(officer.as_str())),
        at("status", Some("closed")),
        at("close_reason", Some("answered")),
        at("undo", None),
    ];
    assert!(
        steps.windows(2).all(|w| w[0] < w[1]),
        "tag, claim, close, undo in order {steps:?}: {shown}"
    );
    let last = history.last().unwrap();
    assert_eq!(last["what"], "undo", "the undo is the last event: {shown}");
}
