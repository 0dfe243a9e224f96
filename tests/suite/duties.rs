//! Background duties start in one place for every mode (#14): the
//! fetchers, the sender, the courier, the deletion sweep, the retention
//! purge, snoozes, the history head and the escalated groups' rosters are spawned only by
//! `src/cli/duties.rs`, so the TUI without a daemon, the demo and `siaga
//! serve` cannot drift apart again (before, only `serve` purged). The
//! CLI verbs that deliver at once (`reply`, `escalate`) drain an outbox in
//! the foreground and spawn nothing.

use std::path::Path;

const DUTIES: [&str; 8] = [
    "run_fetcher(",
    "Sender::new(",
    "courier(",
    "deletions::run(",
    "purge_daily(",
    "wake_snoozed(",
    "log_history_head(",
    "sync_rosters(",
];

#[test]
fn background_duties_are_spawned_only_by_cli_duties() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = crate::common::rust_files(&src);
    let home = src.join("cli").join("duties.rs");
    let mut elsewhere = Vec::new();
    let mut at_home = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let spawns_a_duty =
                line.contains("tokio::spawn(") && DUTIES.iter().any(|d| line.contains(d));
            if !spawns_a_duty {
                continue;
            }
            if *file == home {
                at_home += 1;
            } else {
                elsewhere.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        elsewhere.is_empty(),
        "duties spawned outside cli/duties.rs:\n{}",
        elsewhere.join("\n")
    );
    assert!(
        at_home >= 6,
        "cli/duties.rs spawns the duties ({at_home} found)"
    );
}
