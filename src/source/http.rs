//! The HTTP client every adapter uses: timeouts on every request, a cap on
//! response size, and status codes turned into `SourceError`s.

use std::time::Duration;

use jiff::Timestamp;
use reqwest::{Response, StatusCode};

use super::SourceError;

/// Largest response body read; anything bigger is an error for that poll.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// A client whose every request gives up after `timeout`: connecting, each
/// read, and the whole exchange.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .read_timeout(timeout)
        .timeout(timeout)
        .user_agent(concat!("siaga/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("TLS backend initialises")
}

/// The timeout used where no source names one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

pub fn network_error(e: reqwest::Error) -> SourceError {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    SourceError::Network(format!("{kind}: {}", without_url(&e)))
}

fn without_url(e: &reqwest::Error) -> String {
    // The URL may carry query text; the error's own words are enough.
    let mut msg = e.to_string();
    if let Some(url) = e.url() {
        msg = msg.replace(url.as_str(), "<url>");
    }
    msg
}

/// Read the body, refusing more than `MAX_BODY_BYTES`.
pub async fn read_body(mut response: Response) -> Result<Vec<u8>, SourceError> {
    if response
        .content_length()
        .is_some_and(|n| n as usize > MAX_BODY_BYTES)
    {
        return Err(SourceError::TooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network_error)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(SourceError::TooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A short, safe excerpt of an error body for messages and logs: one
/// line, personal numbers masked (a page that failed to parse may be a
/// citizen's message), terminal-safe.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let masked = crate::reply::privacy::mask_personal(&one_line, &[]);
    crate::triage::sanitize_line(&masked, 160)
}

/// Turn a non-success status into the error the fetch loop acts on.
/// `reset` is the platform's rate-limit reset time, if it sent one.
pub fn status_error(status: StatusCode, body: &[u8], reset: Option<Timestamp>) -> SourceError {
    let detail = excerpt(body);
    match status.as_u16() {
        429 => SourceError::RateLimited {
            until: reset.unwrap_or_else(|| Timestamp::now() + jiff::SignedDuration::from_secs(60)),
        },
        401 | 403 => SourceError::Unauthorized {
            status: status.as_u16(),
            detail,
        },
        s if s >= 500 => SourceError::Server { status: s, detail },
        s => SourceError::Unexpected { status: s, detail },
    }
}

/// `Retry-After` in seconds, which wins over any platform header.
pub fn retry_after(response: &Response) -> Option<Timestamp> {
    let secs: i64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Timestamp::now() + jiff::SignedDuration::from_secs(secs.clamp(0, 86_400)))
}

/// Why a post (a reply, a direct message) did not certainly succeed. The
/// difference that matters is whether it may have been posted anyway.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostError {
    /// The platform answered no: nothing was posted.
    #[error("refused ({status}): {detail}")]
    Refused { status: u16, detail: String },
    /// X says an identical post exists: treat as posted, and flag it.
    #[error("the platform says this is a duplicate: {0}")]
    Duplicate(String),
    /// Not posted; try again after `until`.
    #[error("rate limited until {until}")]
    RateLimited { until: Timestamp },
    /// The request never left (could not connect): not posted.
    #[error("not sent: {0}")]
    NotSent(String),
    /// It may have been posted: a timeout, a 5xx, an unreadable success.
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

impl PostError {
    pub fn may_be_posted(&self) -> bool {
        matches!(self, PostError::Unknown(_) | PostError::Duplicate(_))
    }
}

/// Classify a failed send: a connect error never reached the platform;
/// anything later (a timeout while waiting for the answer) may have.
pub fn post_network_error(e: reqwest::Error) -> PostError {
    if e.is_connect() {
        PostError::NotSent(network_error(e).to_string())
    } else {
        PostError::Unknown(network_error(e).to_string())
    }
}

/// Classify a non-success answer to a post.
pub fn post_status_error(status: StatusCode, body: &[u8], reset: Option<Timestamp>) -> PostError {
    let detail = excerpt(body);
    match status.as_u16() {
        429 => PostError::RateLimited {
            until: reset.unwrap_or_else(|| Timestamp::now() + jiff::SignedDuration::from_secs(60)),
        },
        s if s >= 500 => PostError::Unknown(format!("server error {s}: {detail}")),
        s => PostError::Refused { status: s, detail },
    }
}
