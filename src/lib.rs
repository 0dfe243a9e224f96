//! siaga: a terminal desk where duty officers triage citizen-protection
//! inquiries addressed to the ministry's public accounts.
//!
//! `ARCHITECTURE.md` gives the data flow, the layers and the rules; each
//! module's header says what it owns and what it must never do.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod escalate;
pub mod fuzzing;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod outbound;
pub mod queue;
pub mod records;
pub mod reply;
pub mod source;
pub mod store;
pub mod triage;
pub mod ui;
