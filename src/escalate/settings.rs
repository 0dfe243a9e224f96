//! The `[smtp]` and `[escalation]` sections of the config: how e-mail
//! leaves, which desk takes cases for missions without contacts, who is
//! told when a deadline passes, and how long each severity may wait.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::Priority;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// Plain SMTP (a relay on the same host or a test server).
    None,
    /// Plain connection upgraded with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// Empty: no e-mail (webhooks only).
    pub host: String,
    pub port: u16,
    /// The sender address: `Siaga Desk <siaga@kemlu.go.id>`.
    pub from: String,
    pub tls: Tls,
    /// Log in as this user (needs a password); empty: no login.
    pub username: String,
    pub password_env: Option<String>,
    pub password_file: Option<PathBuf>,
    pub timeout_secs: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: String::new(),
            port: 587,
            from: String::new(),
            tls: Tls::Starttls,
            username: String::new(),
            password_env: None,
            password_file: None,
            timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationConfig {
    /// The mission code of the central desk that takes cases for missions
    /// without contacts.
    pub default_desk: String,
    /// Told by e-mail when an escalation passes its deadline unacknowledged.
    pub supervisor_email: String,
    /// How long each severity may wait for acknowledgement ("15m", "1h").
    pub ack_within: BTreeMap<Priority, String>,
    /// The HMAC-SHA256 secret that signs webhook bodies.
    pub webhook_secret_env: Option<String>,
    pub webhook_secret_file: Option<PathBuf>,
    pub webhook_timeout_secs: u64,
    /// Attempts per delivery before it is marked failed.
    pub max_attempts: u32,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        EscalationConfig {
            default_desk: String::new(),
            supervisor_email: String::new(),
            ack_within: BTreeMap::new(),
            webhook_secret_env: None,
            webhook_secret_file: None,
            webhook_timeout_secs: 15,
            max_attempts: 10,
        }
    }
}

impl EscalationConfig {
    /// The acknowledgement deadline for `severity`; a missing or bad entry
    /// (reported by `config check`) falls back to 15 minutes.
    pub fn ack_window(&self, severity: Priority) -> jiff::SignedDuration {
        self.ack_within
            .get(&severity)
            .and_then(|t| crate::model::duration::parse_snooze(t).ok())
            .unwrap_or(jiff::SignedDuration::from_mins(15))
    }
}
