//! Masking and reveal as an officer meets them, in the real binary in an
//! 80x24 pseudo-terminal.
//!
//! An inquiry carrying a passport number and a phone number shows both
//! masked, in its queue row and in its detail. `v` reveals them (the
//! detail says so) and the reveal is in the inquiry's history, by the
//! officer's login; `v` again masks them; leaving the detail and coming
//! back shows them masked again.
//!
//! An inquiry whose author asked for their data to be restricted (`siaga
//! subject restrict`) shows `[text restricted at the person's request]`,
//! and a reply to it is refused with the reason, and never queued.

use crate::common;

use std::path::{Path, PathBuf};

use common::pty::Session;
use serde_json::Value;
use siaga::model::{Arrival, InquiryId, Priority};
use siaga::queue::{LocalQueue, QueueService};

const COLS: u16 = 80;
const ROWS: u16 = 24;

const PASSPORT: &str = "A7654321";
const PHONE: &str = "+62 813-5555-0199";
/// How they are masked (`triage::privacy::mask`): a value of 8 keeps its
/// first and last 2; a phone its country code, then the first 3 and the
/// last 2 of the rest, separators kept.
const PASSPORT_MASKED: &str = "A7••••21";
const PHONE_MASKED: &str = "+62 813-••••-••99";

const NUMBERS: &str = "@Kemlu_RI paspor A7654321, hp +62 813-5555-0199, ditahan agen di Riyadh";
const RESTRICTED: &str = "@Kemlu_RI adik saya di Kuala Lumpur belum pulang, tolong dibantu";
const RESTRICTED_NOTICE: &str = "[text restricted at the person's request]";

fn arrival(id: &str, handle: &str, text: &str, priority: Priority, minutes_ago: i64) -> Arrival {
    let uid = format!("7{}", &id[id.len() - 5..]);
    Arrival {
        author: common::author(handle, &handle.to_uppercase(), &uid),
        created_at: jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes_ago),
        priority,
        reasons: vec!["labour: paspor ditahan".into()],
        ..common::arrival(id, handle, text)
    }
}

/// A store with the two inquiries (the one with numbers first in the
/// queue); their ids.
fn desk(home: &Path) -> (PathBuf, InquiryId, InquiryId) {
    let data = home.join("queue");
    let queue = LocalQueue::open(&data, 16 << 20).unwrap();
    let commit = queue
        .ingest(
            "kemlu-x",
            &[
                arrival("1861000000000000301", "rina_tki", NUMBERS, Priority::P1, 30),
                arrival(
                    "1861000000000000302",
                    "dewi_rahasia",
                    RESTRICTED,
                    Priority::P3,
                    20,
                ),
            ],
            None,
        )
        .unwrap();
    let ids = commit.new_ids.clone();
    assert_eq!(ids.len(), 2, "{commit:?}");
    (data, ids[0], ids[1])
}

/// The CLI on the store (no TUI running); its stdout, or a panic with
/// stderr.
fn cli(home: &Path, data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("XDG_RUNTIME_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "siaga {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{screen}"))
}

fn assert_masked(screen: &str, what: &str) {
    assert!(
        !screen.contains(PASSPORT),
        "{what}: raw passport:\n{screen}"
    );
    assert!(!screen.contains("5555"), "{what}: raw phone:\n{screen}");
    assert!(
        screen.contains(PASSPORT_MASKED),
        "{what}: no masked passport:\n{screen}"
    );
}

#[test]
fn masked_numbers_reveal_on_v_are_recorded_and_mask_again() {
    let home = tempfile::tempdir().unwrap();
    let (data, numbers, restricted) = desk(home.path());
    let out = cli(
        home.path(),
        &data,
        &[
            "subject",
            "restrict",
            "dewi_rahasia",
            "--reason",
            "e-mail of 20 Nov, ref 123",
        ],
    );
    assert!(out.contains(&format!("#{restricted}")), "{out}");

    let args = ["--data-dir", data.to_str().unwrap()];
    let mut s = Session::start(&args, home.path(), COLS, ROWS);
    let screen = s.wait_for("both rows", |sc| {
        sc.contains("rina_tki") && sc.contains("dewi_rahasia")
    });

    // The row: both numbers masked, each still telling which it is.
    let row = line_with(&screen, "rina_tki");
    assert!(row.contains(PASSPORT_MASKED), "{row}\n{screen}");
    assert!(row.contains(PHONE_MASKED), "{row}");
    assert_masked(&screen, "queue");
    // The restricted inquiry's row says why its text is not there.
    let row = line_with(&screen, "dewi_rahasia");
    assert!(row.contains("[text restricted"), "{row}");
    assert!(!screen.contains("Kuala Lumpur"), "{screen}");

    // The detail: masked, and it says how to reveal.
    s.keys("\r");
    let screen = s.wait_text("History");
    assert!(screen.contains(&format!("#{numbers} P1")), "{screen}");
    assert_masked(&screen, "detail");
    assert!(screen.contains(PHONE_MASKED), "{screen}");
    assert!(screen.contains("v: reveal (recorded)"), "{screen}");

    // v: the numbers as written, and the detail says they are revealed.
    s.keys("v");
    let screen = s.wait_text(PASSPORT);
    assert!(screen.contains(PHONE), "{screen}");
    assert!(!screen.contains(PASSPORT_MASKED), "{screen}");
    let screen = s.wait_text("revealed (recorded)");
    assert!(screen.contains("v: mask"), "{screen}");

    // Leaving the detail masks again: the row, then the detail reopened.
    s.keys("\x1b");
    let screen = s.wait_for("the queue", |sc| !sc.contains("History"));
    assert_masked(&screen, "queue after a reveal");
    s.keys("\r");
    let screen = s.wait_text("History");
    assert!(screen.contains(&format!("#{numbers} P1")), "{screen}");
    assert_masked(&screen, "detail reopened");
    assert!(screen.contains("v: reveal (recorded)"), "{screen}");

    // v reveals, v again masks (without leaving).
    s.keys("v");
    s.wait_text(PASSPORT);
    s.keys("v");
    let screen = s.wait_for("masked again", |sc| !sc.contains(PASSPORT));
    assert_masked(&screen, "after v twice");
    assert!(screen.contains("masked again"), "{screen}");

    // The restricted inquiry: its text withheld, and no reply.
    s.keys("\x1b");
    s.wait_for("the queue", |sc| !sc.contains("History"));
    s.keys("j\r");
    let screen = s.wait_text("History");
    assert!(screen.contains(&format!("#{restricted} P3")), "{screen}");
    assert!(screen.contains(RESTRICTED_NOTICE), "{screen}");
    assert!(!screen.contains("Kuala Lumpur"), "{screen}");
    assert!(screen.contains("no reply"), "{screen}");
    s.keys("r");
    s.wait_text("Reply to @dewi_rahasia");
    s.keys("hotline\r");
    let screen = s.wait_text("they wrote");
    assert!(!screen.contains("Kuala Lumpur"), "compose quote:\n{screen}");
    s.keys("\x13"); // C-s
    let screen = s.wait_text("not sent");
    let message = line_with(&screen, "not sent");
    assert!(message.contains("restricted"), "{screen}");
    s.keys("\x1b");
    s.wait_text("History");
    s.keys("q");
    s.wait_for("the queue", |sc| !sc.contains("History"));
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");

    // The store: each reveal recorded, by this login; no reply queued.
    let me = siaga::cli::officer();
    let shown: Value = serde_json::from_str(&cli(
        home.path(),
        &data,
        &["show", &numbers.to_string(), "--json"],
    ))
    .unwrap();
    let reveals: Vec<&Value> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["what"] == "reveal")
        .collect();
    assert_eq!(reveals.len(), 2, "one per v that revealed: {shown}");
    for e in &reveals {
        assert_eq!(e["officer"], me.as_str(), "{e}");
    }
    let restricted_detail: Value = serde_json::from_str(&cli(
        home.path(),
        &data,
        &["show", &restricted.to_string(), "--json"],
    ))
    .unwrap();
    assert!(
        restricted_detail["replies"]
            .as_array()
            .is_none_or(|r| r.is_empty()),
        "{restricted_detail}"
    );
    let outbox = cli(home.path(), &data, &["outbox", "--json"]);
    assert!(outbox.trim().is_empty(), "{outbox}");
}
