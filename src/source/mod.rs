//! One adapter per platform: fetch a page of what was addressed to the
//! ministry, in the platform's real API shape, and hand back neutral `Post`s.
//! Adapters parse defensively: every byte from a platform is hostile.

pub mod demo;
pub mod html;
pub mod http;
pub mod ids;
pub mod items;
pub mod mastodon;
pub mod x;

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
}

impl SourceError {
    /// Errors that will not fix themselves: stop polling and say why.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            SourceError::Unauthorized { .. }
                | SourceError::UsageCapped(_)
                | SourceError::NoToken(_)
        )
    }
}
