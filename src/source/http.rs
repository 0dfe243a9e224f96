//! The HTTP client every adapter uses: timeouts on every request, a cap on
//! response size, and status codes turned into `SourceError`s.

use std::time::Duration;

use jiff::Timestamp;
use reqwest::{Response, StatusCode};

use super::SourceError;

/// Largest response body read; anything bigger is an error for that poll.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Most redirects one request follows.
const MAX_REDIRECTS: usize = 5;

/// A client whose every request gives up after `timeout`: connecting, each
/// read, and the whole exchange (a server trickling a byte a second is cut
/// there too). Redirects are followed only within the origin asked
/// (scheme, host and port of `base_url`), at most `MAX_REDIRECTS`: the
/// token never travels to another origin, and a redirect away is answered
/// as an error naming that policy. Compressed bodies are never asked for
/// nor unpacked (no gzip/deflate feature), so the body cap is the size read.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .read_timeout(timeout)
        .timeout(timeout)
        .redirect(same_origin_redirects())
        .user_agent(concat!("siaga/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("TLS backend initialises")
}

fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().cloned();
        let same = first.is_some_and(|f| f.origin() == attempt.url().origin());
        if !same {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    })
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

/// What an error body says, for messages and logs, without what it holds
/// (#20 item 12): an unreadable page or an error page may echo a
/// citizen's message, and logs are never erased. A JSON answer gives the
/// platform's own error words (`title`, `detail`, `error`,
/// `error_description`, `message`, `errors[].message`), personal numbers
/// masked, one line, cut short; anything else only its size and kind.
pub fn excerpt(body: &[u8]) -> String {
    let words = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .map(|v| platform_words(&v))
        .unwrap_or_default();
    if words.is_empty() {
        return body_shape(body);
    }
    let one_line = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let masked = crate::triage::privacy::mask_personal(&one_line, &[]);
    crate::triage::sanitize_line(&masked, 160)
}

/// The error messages a platform's JSON error answer carries.
fn platform_words(v: &serde_json::Value) -> String {
    const FIELDS: [&str; 6] = [
        "title",
        "detail",
        "error",
        "error_description",
        "message",
        "reason",
    ];
    let own = FIELDS.iter().filter_map(|f| v.get(*f)?.as_str());
    let listed = v
        .get("errors")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .take(3)
        .filter_map(|e| e.get("message").or(e.get("detail"))?.as_str());
    own.chain(listed).collect::<Vec<_>>().join("; ")
}

/// A body's size and kind, never its content: "412 bytes of HTML".
pub fn body_shape(body: &[u8]) -> String {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let kind = match start.map(|i| body[i]) {
        None => "nothing but spaces",
        Some(b'<') => "HTML",
        Some(b'{' | b'[') => "JSON without an error message",
        Some(_) if std::str::from_utf8(body).is_err() => "bytes that are not text",
        Some(_) => "text",
    };
    match body.len() {
        0 => "an empty body".into(),
        n => format!("{n} bytes of {kind}"),
    }
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
        s @ 300..=399 => SourceError::Unexpected {
            status: s,
            detail: REDIRECT_AWAY.into(),
        },
        s => SourceError::Unexpected { status: s, detail },
    }
}

/// What a redirect to another origin is told as.
pub const REDIRECT_AWAY: &str =
    "a redirect away from base_url's origin, not followed (the token goes nowhere else)";

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
        s @ 300..=399 => PostError::Refused {
            status: s,
            detail: REDIRECT_AWAY.into(),
        },
        s => PostError::Refused { status: s, detail },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_is_described_by_its_platform_words_or_its_shape_only() {
        let html = b"<html><pre>paspor saya ditahan, tolong</pre></html>";
        assert_eq!(excerpt(html), format!("{} bytes of HTML", html.len()));
        assert_eq!(excerpt(b""), "an empty body");
        assert_eq!(excerpt(b"tolong saya"), "11 bytes of text");
        let problem = br#"{"title":"Unauthorized","detail":"Unauthorized","status":401}"#;
        assert_eq!(excerpt(problem), "Unauthorized; Unauthorized");
        let x = br#"{"errors":[{"message":"Invalid since_id"}],"title":"Invalid Request"}"#;
        assert_eq!(excerpt(x), "Invalid Request; Invalid since_id");
        let echo = br#"{"data":{"text":"paspor saya ditahan"}}"#;
        assert!(!excerpt(echo).contains("paspor"), "{}", excerpt(echo));
    }
}
