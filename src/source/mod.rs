//! One adapter per platform: fetch a page of what was addressed to the
//! ministry, in the platform's real API shape, and hand back neutral `Post`s.
//! Adapters parse defensively: every byte from a platform is hostile.
//! Which account a client acts for is an [`AccountSlot`]: configured, or
//! learned once from the platform (see [`Account`]) and seen by every clone.

pub mod demo;
pub mod html;
pub mod http;
pub mod ids;
pub mod items;
pub mod mastodon;
pub mod secret;
pub mod settings;
pub mod x;

use std::sync::{Arc, OnceLock};

use jiff::Timestamp;

use crate::model::{Author, Channel};

/// A post or message as a platform delivered it, before triage.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub external_id: String,
    pub conversation_id: Option<String>,
    /// The platform id of the post this one answers, if any.
    pub in_reply_to: Option<String>,
    pub author: Author,
    pub channel: Channel,
    pub text: String,
    /// None when the platform did not say; the fetcher uses arrival time.
    pub created_at: Option<Timestamp>,
    pub lang: Option<String>,
}

/// Order platform ids that are decimal (X) or numeric-but-opaque (Mastodon)
/// strings without parsing them: longer is newer, then byte order.
pub fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The account a token belongs to, as its platform says
/// (`GET /api/v1/accounts/verify_credentials`, `GET /2/users/me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The platform's id, checked (`ids::x`, `ids::mastodon`).
    pub id: String,
    /// Without the `@`: an X username, a Mastodon `acct`; empty when the
    /// platform gave none.
    pub handle: String,
}

/// The longest handle taken: a Mastodon `acct` is a user name and a
/// domain name (X's usernames have 15 characters at most).
pub const MAX_HANDLE_LEN: usize = 320;

impl Account {
    /// An account from what a platform sent: `id` must pass `rule`, the
    /// handle (None: not given) must be short and free of control
    /// characters. The error never repeats the id or the handle.
    pub fn checked(
        id: &str,
        handle: Option<&str>,
        rule: fn(&str, &'static str) -> Result<(), ids::BadId>,
    ) -> Result<Account, SourceError> {
        rule(id, "account id").map_err(|e| SourceError::Malformed(e.to_string()))?;
        let handle = handle.unwrap_or_default();
        if handle.len() > MAX_HANDLE_LEN || handle.chars().any(char::is_control) {
            return Err(SourceError::Malformed(format!(
                "the account's handle refused: longer than {MAX_HANDLE_LEN} bytes \
                 or control characters ({} bytes)",
                handle.len()
            )));
        }
        Ok(Account {
            id: id.to_string(),
            handle: handle.to_string(),
        })
    }

    /// `@handle`, or words saying there was none.
    pub fn at(&self) -> String {
        if self.handle.is_empty() {
            "no handle given".to_string()
        } else {
            format!("@{}", self.handle)
        }
    }
}

impl std::fmt::Display for Account {
    /// `@Kemlu_RI (id 1278933212344557569)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (id {})", self.at(), self.id)
    }
}

/// The id of the account a client acts for, shared by every clone of the
/// client (the fetcher's, the sender's, the deletion sweep's): configured
/// at construction, or set once when learned (from the platform, or from
/// the id a previous run stored). The first id set stays.
#[derive(Debug, Clone, Default)]
pub struct AccountSlot(Arc<OnceLock<String>>);

impl AccountSlot {
    /// A slot holding `id`; an empty one holds nothing.
    pub fn known(id: &str) -> AccountSlot {
        let slot = AccountSlot::default();
        if !id.is_empty() {
            slot.set(id);
        }
        slot
    }

    pub fn get(&self) -> Option<&str> {
        self.0.get().map(String::as_str)
    }

    /// Hold `id` unless an id is held already; the id now held.
    pub fn set(&self, id: &str) -> &str {
        self.0.get_or_init(|| id.to_string())
    }
}

/// Why a fetch failed, in words an officer can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SourceError {
    #[error("rate limited until {until}")]
    RateLimited { until: Timestamp },
    #[error("access refused ({status}): {detail}; check the token")]
    Unauthorized { status: u16, detail: String },
    #[error("the platform's usage cap is reached: {0}")]
    UsageCapped(String),
    #[error("server error {status}: {detail}")]
    Server { status: u16, detail: String },
    #[error("unexpected answer {status}: {detail}")]
    Unexpected { status: u16, detail: String },
    /// The page was fetched but could not be stored (a full disk): it is
    /// fetched again next poll, the cursor having not moved.
    #[error("could not store the page: {0}")]
    Storage(String),
    #[error("unreadable response: {0}")]
    Malformed(String),
    #[error("response larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("network: {0}")]
    Network(String),
    #[error("no token: {0}")]
    NoToken(String),
    /// The configured `account_id` is another account than the token's:
    /// polling would skip the wrong account's posts as "our own".
    #[error("account_id {configured} is not the token's account {} ({})", .account.id, .account.at())]
    WrongAccount {
        configured: String,
        account: Account,
    },
}

impl SourceError {
    /// Errors that will not fix themselves: stop polling and say why.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            SourceError::Unauthorized { .. }
                | SourceError::UsageCapped(_)
                | SourceError::NoToken(_)
                | SourceError::WrongAccount { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_account_names_both_and_stops_the_source() {
        let e = SourceError::WrongAccount {
            configured: "123".into(),
            account: Account {
                id: "456".into(),
                handle: "kemlu@kemlu.social".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "account_id 123 is not the token's account 456 (@kemlu@kemlu.social)"
        );
        assert!(e.is_fatal());
    }

    #[test]
    fn a_slot_keeps_the_first_id_in_every_clone() {
        let slot = AccountSlot::known("");
        let clone = slot.clone();
        assert_eq!(slot.get(), None);
        assert_eq!(clone.set("7"), "7");
        assert_eq!(slot.set("8"), "7");
        assert_eq!(slot.get(), Some("7"));
        assert_eq!(AccountSlot::known("9").get(), Some("9"));
    }
}
