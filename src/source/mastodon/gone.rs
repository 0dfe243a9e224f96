//! Which statuses were deleted on the instance since they were fetched:
//! `GET /api/v1/statuses/:id`, one status at a time.

use jiff::Timestamp;
use reqwest::StatusCode;
use serde::Deserialize;

use super::MastodonClient;
use crate::source::http::{self, status_error};
use crate::source::{SourceError, items};

/// Whether a status is still there, from the answer to
/// `GET /api/v1/statuses/:id`: 200 with that status is there (`false`);
/// 404 or 410 with Mastodon's JSON error (`{"error":"Record not found"}`)
/// is gone, deleted or made invisible to us (`true`). A 404 that is not
/// Mastodon's (a proxy's HTML page, a wrong base URL) is not taken for a
/// deletion; it and every other answer is an error, as for a fetch.
pub fn parse_status_gone(
    status: StatusCode,
    body: &[u8],
    id: &str,
    reset: Option<Timestamp>,
) -> Result<bool, SourceError> {
    #[derive(Deserialize)]
    struct Found {
        id: String,
    }
    #[derive(Deserialize)]
    struct Missing {
        #[allow(dead_code)]
        error: String,
    }
    match status.as_u16() {
        200 => match serde_json::from_slice::<Found>(body) {
            Ok(found) if found.id == id => Ok(false),
            Ok(found) => Err(SourceError::Malformed(format!(
                "asked for status {}, got {}",
                crate::triage::sanitize_line(id, 40),
                crate::triage::sanitize_line(&found.id, 40)
            ))),
            Err(e) => Err(SourceError::Malformed(format!(
                "not a Mastodon status ({}); {}",
                items::json_error(&e),
                http::body_shape(body)
            ))),
        },
        404 | 410 if serde_json::from_slice::<Missing>(body).is_ok() => Ok(true),
        _ => Err(status_error(status, body, reset)),
    }
}

impl MastodonClient {
    /// Which of `ids` are gone from the instance (deleted, or no longer
    /// visible to the account): one `GET /api/v1/statuses/:id` each (see
    /// [`parse_status_gone`]), in the order given. Ids that could not be a
    /// status id (anything but letters and digits) are not asked about and
    /// never reported. The first failing request (rate limit, refused
    /// token, server error) ends the sweep with its error; see
    /// [`Self::gone_partial`] to keep what was found before it.
    pub async fn gone(&self, ids: &[String]) -> Result<Vec<String>, SourceError> {
        match self.gone_partial(ids).await {
            (gone, None) => Ok(gone),
            (_, Some(e)) => Err(e),
        }
    }

    /// As [`Self::gone`], but what was found gone before a request failed
    /// is kept, beside the error that stopped the sweep: with one request
    /// per status, a long list meets the rate limit (300 per 5 minutes)
    /// before its end.
    pub async fn gone_partial(&self, ids: &[String]) -> (Vec<String>, Option<SourceError>) {
        let mut gone: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            let plausible =
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
            if !plausible || !seen.insert(id.as_str()) {
                continue;
            }
            match self.status_gone(id).await {
                Ok(true) => gone.push(id.clone()),
                Ok(false) => {}
                Err(e) => return (gone, Some(e)),
            }
        }
        (gone, None)
    }

    async fn status_gone(&self, id: &str) -> Result<bool, SourceError> {
        let url = format!("{}/api/v1/statuses/{id}", self.base);
        let (status, body, reset) = self.get(&url, &[]).await?;
        parse_status_gone(status, &body, id, reset)
    }
}
