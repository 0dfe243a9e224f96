//! What the desk keeps about people, and for how long: erasure, retention,
//! data-subject requests, exports and statistics. Indonesia's personal
//! data protection law (UU 27/2022) applies to every message here; this
//! module makes the lawful thing the default.

pub use crate::model::erase;
pub mod retention;

pub use retention::RetentionConfig;
pub mod export;
pub use crate::triage::mask;
pub mod report;
pub mod steward;
