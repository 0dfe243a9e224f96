//! Builders shared by the integration tests.
#![allow(dead_code)]

pub mod fixtures;
pub mod platform;
pub mod pty;
pub mod screen;
pub mod smtp;
pub mod ui;

use jiff::{SignedDuration, Timestamp};
use siaga::model::{Arrival, Author, Channel, Inquiry, InquiryId, Priority};

/// A fixed "now" so that ages on screen never change between runs.
pub fn now() -> Timestamp {
    "2026-11-28T03:00:00Z".parse().unwrap()
}

/// A public mention `id` from `handle` saying `text`, fetched five
/// minutes after it was written: what a test tweaks for the case it
/// needs with struct update (`Arrival { priority, ..arrival(..) }`;
/// #14: one builder, not one per file).
pub fn arrival(id: &str, handle: &str, text: &str) -> Arrival {
    Arrival {
        external_id: id.into(),
        conversation_id: Some(id.into()),
        in_reply_to: None,
        author: author(
            handle,
            &format!("Name of {handle}"),
            &format!("uid-{handle}"),
        ),
        channel: Channel::Public,
        text: text.into(),
        created_at: Timestamp::now() - SignedDuration::from_mins(5),
        lang: Some("in".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec!["labour: gaji".into()],
    }
}

/// The person `handle`, shown as `name`, whose platform id is `uid`.
pub fn author(handle: &str, name: &str, uid: &str) -> Author {
    Author {
        handle: handle.into(),
        display_name: name.into(),
        platform_id: Some(uid.into()),
    }
}

/// An inquiry built from a mention `minutes_ago` (every fifth private).
pub fn inquiry(id: u64, priority: Priority, minutes_ago: i64, handle: &str, text: &str) -> Inquiry {
    let at = now() - SignedDuration::from_mins(minutes_ago);
    let arrival = Arrival {
        external_id: format!("18610000000000{id:05}"),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: handle.into(),
            display_name: handle.to_uppercase(),
            platform_id: Some(format!("70000{id}")),
        },
        channel: if id.is_multiple_of(5) {
            Channel::Private
        } else {
            Channel::Public
        },
        text: text.into(),
        created_at: at,
        lang: Some("in".into()),
        priority,
        category: "labour".into(),
        reasons: vec!["labour: gaji, majikan".into()],
    };
    let mut inq = Inquiry::from_arrival(InquiryId(id), "demo", arrival, at);
    inq.history_len = 1;
    inq
}

/// `n` rows in queue order: P1s first, then older first.
pub fn rows(n: u64) -> Vec<Inquiry> {
    // One text per priority, most urgent first.
    let texts = [
        "@Kemlu_RI My brother is held in a compound in Sihanoukville, they want ransom",
        "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan",
        "@Kemlu_RI mohon info syarat perpanjang paspor di KBRI Tokyo",
        "@Kemlu_RI terima kasih Kemlu atas bantuannya 🙏🇮🇩",
    ];
    let mut out: Vec<Inquiry> = (1..=n)
        .map(|id| {
            let rank = (id as usize * 7) % 4;
            inquiry(
                id,
                Priority::ALL[rank],
                500 - id as i64 * 3,
                &format!("warga_{id}"),
                texts[rank],
            )
        })
        .collect();
    out.sort_by_key(|i| (i.priority, i.queued_at, i.id));
    out
}

/// Every `.rs` file under `dir`, for tests that read the project's own
/// source (the layers, where duties start).
pub fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `siaga ARGS` run as the officer would after quitting the TUI (HOME in
/// `home`, and `env`): what it printed, which must be a success.
pub fn cli(home: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `siaga ARGS list --json`, as `cli`: its rows, one JSON object a line.
pub fn listed(
    home: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> Vec<serde_json::Value> {
    let args: Vec<&str> = args.iter().copied().chain(["list", "--json"]).collect();
    let out = cli(home, &args, env);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
