//! How each source is doing, for the status bar: the fetchers report it,
//! the queue's events carry it to every screen (and the daemon to its
//! clients), so it lives here, below both.

use jiff::Timestamp;

/// How one source is doing, for the status bar.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Health {
    Starting,
    Ok {
        at: Timestamp,
    },
    Waiting {
        until: Timestamp,
        last_ok: Option<Timestamp>,
    },
    Failing {
        reason: String,
        last_ok: Option<Timestamp>,
    },
    Stopped {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HealthReport {
    pub source: String,
    pub health: Health,
}
