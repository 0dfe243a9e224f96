//! Times in the officer's zone (#21), in the real binary: `TZ`, or `[ui]
//! timezone` over it, decides the zone of human output (WIB, WITA, WIT
//! named), `siaga show` gives RFC 3339 to the second, and `--json` stays
//! full-precision UTC. Each test failed before: the CLI printed UTC, and
//! nanoseconds in `siaga show`.

use jiff::Timestamp;
use siaga::queue::{Change, QueueService};

use crate::records_cli::{Desk, arrival, desk};

/// A TZif file for UTC (version 2): no transitions, one type, "UTC".
const UTC_TZIF: &[u8] = b"TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x04\0\0\0\0\0\0UTC\0TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x04\0\0\0\0\0\0UTC\0\nUTC0\n";

/// When the citizen posted: with nanoseconds, as platforms may give it.
const POSTED: &str = "2026-12-07T07:05:09.123456789Z";

/// A desk holding one inquiry posted at `POSTED`; its id.
fn desk_with_one() -> (Desk, String) {
    let d = desk();
    let id = d.seed(|q| {
        let posted: Timestamp = POSTED.parse().unwrap();
        let page = [arrival("t1", "warga_a", "paspor saya ditahan", posted)];
        let commit = q
            .store()
            .commit_page(&siaga::queue::DeskArrivals, "kemlu-x", &page, None, posted)
            .unwrap();
        let id = commit.new_ids[0];
        q.apply(
            id,
            &Change::Tag {
                tag: "paspor".into(),
            },
            "ani",
        )
        .unwrap();
        id
    });
    (d, id.to_string())
}

/// `args` run with `TZ` set to `tz`.
fn run_in(d: &Desk, tz: &str, args: &[&str]) -> String {
    let out = d.command(args).env("TZ", tz).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "siaga {args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The desk's config with `[ui] timezone = zone` added.
fn set_timezone(d: &Desk, zone: &str) {
    let path = d.path("desk.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[ui]\ntimezone = \"{zone}\"\n"));
    std::fs::write(path, text).unwrap();
}

/// A time with a fraction of a second, as `{}` of a Timestamp writes it.
fn has_fraction(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2] == b'.' && w[3].is_ascii_digit()
    }) && text.contains(':')
}

#[test]
fn show_in_jakarta_gives_local_time_to_the_second() {
    let (d, id) = desk_with_one();
    let out = run_in(&d, "Asia/Jakarta", &["show", &id]);
    assert!(
        out.contains("Created: 2026-12-07T14:05:09+07:00\n"),
        "{out}"
    );
    assert!(!has_fraction(&out), "no fractions of a second:\n{out}");
    // Each line of the history starts with its time, in the same form.
    let history = out.split("History:").nth(1).expect(&out);
    let lines: Vec<&str> = history.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(!lines.is_empty(), "{out}");
    for line in lines {
        let time = line.split_whitespace().next().unwrap();
        assert_eq!(time.len(), "2026-12-07T14:05:09+07:00".len(), "{line}");
        assert!(time.ends_with("+07:00"), "{line}");
    }
}

#[test]
fn show_in_utc_says_z_to_the_second() {
    let (d, id) = desk_with_one();
    let out = run_in(&d, "UTC", &["show", &id]);
    assert!(out.contains("Created: 2026-12-07T07:05:09Z\n"), "{out}");
    assert!(!has_fraction(&out), "{out}");
}

#[test]
fn json_stays_full_precision_utc_in_any_zone() {
    let (d, id) = desk_with_one();
    set_timezone(&d, "Asia/Jayapura");
    for args in [vec!["show", &id, "--json"], vec!["list", "--json"]] {
        let out = run_in(&d, "Asia/Jakarta", &args);
        assert!(out.contains(&format!("\"{POSTED}\"")), "{args:?}:\n{out}");
        assert!(!out.contains("+07:00") && !out.contains("+09:00"), "{out}");
    }
}

#[test]
fn the_configured_timezone_wins_over_tz_and_is_named() {
    let (d, id) = desk_with_one();
    set_timezone(&d, "Asia/Makassar");
    let out = run_in(&d, "Asia/Jakarta", &["show", &id]);
    assert!(
        out.contains("Created: 2026-12-07T15:05:09+08:00\n"),
        "{out}"
    );
    // A day given on the command line is a day on that clock, and the
    // report says which.
    let md = run_in(
        &d,
        "Asia/Jakarta",
        &["report", "--from", "2026-12-01", "--to", "2026-12-31"],
    );
    assert!(
        md.starts_with("# siaga report: 2026-12-01 00:00 WITA to 2027-01-01 00:00 WITA"),
        "{md}"
    );
}

#[test]
fn tz_alone_names_wib() {
    let (d, _) = desk_with_one();
    let md = run_in(&d, "Asia/Jakarta", &["report", "--month", "2026-12"]);
    assert!(
        md.starts_with("# siaga report: 2026-12-01 00:00 WIB to 2027-01-01 00:00 WIB"),
        "{md}"
    );
}

#[test]
fn the_shift_handover_names_a_call_back_on_the_officers_clock() {
    let (d, id) = desk_with_one();
    let until = Timestamp::now() + jiff::SignedDuration::from_hours(3);
    let me = siaga::cli::officer();
    d.seed(|q| {
        let id = id.parse().unwrap();
        q.apply(id, &Change::Snooze { until }, &me).unwrap();
    });
    let out = run_in(&d, "Asia/Jayapura", &["shift"]);
    let jayapura = until.in_tz("Asia/Jayapura").unwrap();
    let when = jayapura.strftime("%Y-%m-%d %H:%M WIT").to_string();
    assert!(out.contains(&when), "{when} in:\n{out}");
    assert!(!out.contains("UTC"), "{out}");
}

#[test]
fn an_escalations_deadline_is_on_the_officers_clock() {
    let (d, id) = desk_with_one();
    set_timezone(&d, "Asia/Makassar");
    let made = run_in(
        &d,
        "UTC",
        &[
            "escalate",
            &id,
            "--mission",
            "riyadh",
            "--via",
            "phone",
            "--reached",
            "Pak Hendra",
        ],
    );
    assert!(made.contains(" WITA)"), "{made}");
    let open = run_in(&d, "UTC", &["escalations"]);
    assert!(
        open.contains("ack due ") && open.contains(" WITA"),
        "{open}"
    );
    assert!(
        !made.contains("UTC") && !open.contains("UTC"),
        "{made}{open}"
    );
}

/// The zones are built into the binary: a host whose zoneinfo knows UTC
/// alone (here, `TZDIR` naming a directory of that one file, as a slim
/// container has) still knows "Asia/Makassar" in the config and
/// "Asia/Jayapura" in `TZ`.
#[test]
fn a_host_without_zoneinfo_still_knows_the_zones() {
    let (d, _) = desk_with_one();
    let empty = d.path("utc-only-zoneinfo");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("UTC"), UTC_TZIF).unwrap();
    let report = |d: &Desk| {
        let out = d
            .command(&["report", "--month", "2026-12"])
            .env("TZDIR", &empty)
            .env("TZ", "Asia/Jayapura")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let md = report(&d);
    assert!(
        md.starts_with("# siaga report: 2026-12-01 00:00 WIT to 2027-01-01 00:00 WIT"),
        "{md}"
    );
    set_timezone(&d, "Asia/Makassar");
    let md = report(&d);
    assert!(
        md.starts_with("# siaga report: 2026-12-01 00:00 WITA to 2027-01-01 00:00 WITA"),
        "{md}"
    );
}
