//! siaga's integration tests, in one binary so the library is linked once
//! (`cargo test`; one file: `cargo test --test suite daemon::`).
//!
//! Each module is one capability, tested as its users meet it: the real
//! binary in a pseudo-terminal, real HTTP servers on 127.0.0.1 replaying the
//! platforms' recorded responses (`tests/data`), a real SMTP server, a real
//! Unix socket. `common` is the shared toolbox.

mod account_learning;
mod catalog;
mod cli_docs;
mod common;
mod config_tests;
mod crisis;
mod daemon;
mod deletion_sweep;
mod drafts_store;
mod duties;
mod e2e_crisis;
mod e2e_daemon;
mod e2e_demo;
mod e2e_escalate;
mod e2e_group;
mod e2e_privacy;
mod e2e_reply;
mod e2e_triage;
mod escalation_delivery;
mod facets;
mod fuzz_corpus;
mod group_edit;
mod group_reply;
mod grouping;
mod grouping_desk;
mod hostile_config;
mod hostile_daemon;
mod hostile_history;
mod hostile_network;
mod hygiene;
mod ingest_crash;
mod ingest_faults;
mod language_cli;
mod language_help;
mod language_records;
mod language_refusals;
mod layers;
mod learning;
mod mastodon_replay;
mod outbox_crash;
mod outbox_send;
mod platform_deletions;
mod platform_fake;
mod privacy_detect;
mod readme_keys;
mod records_cli;
mod records_daemon;
mod records_store;
mod reply_rules;
mod routing;
mod sanitize;
mod scoring_eval;
mod scoring_signals;
mod search_index;
mod shift_cli;
mod storage_faults;
mod store_tests;
mod threads;
mod timezone_cli;
mod ui_crisis_update;
mod ui_escalate_snapshots;
mod ui_escalate_update;
mod ui_group_update;
mod ui_language;
mod ui_language_actions;
mod ui_language_forms;
mod ui_language_screens;
mod ui_reply_snapshots;
mod ui_reply_update;
mod ui_snapshots;
mod ui_triage_snapshots;
mod ui_triage_update;
mod ui_update;
mod x_replay;
