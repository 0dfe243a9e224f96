//! Posting as the account (a public reply, a direct message) and, to
//! reconcile a post whose outcome is unknown, finding the account's own
//! posts and messages.

use jiff::Timestamp;
use reqwest::StatusCode;
use serde::Deserialize;

use super::parse::{ApiError, DM_FIELDS, Meta, Reference, referenced, unescape};
use super::{XClient, x_reset};
use crate::source::http::{self, PostError, read_body};
use crate::source::{SourceError, items};

/// A post or message of the account itself, found while reconciling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnPost {
    pub id: String,
    pub text: String,
    /// The post it replies to (public replies).
    pub in_reply_to: Option<String>,
    pub created_at: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Created {
    data: CreatedData,
}

#[derive(Debug, Deserialize)]
pub(super) struct CreatedData {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    dm_event_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct OwnTweet {
    id: String,
    #[serde(default)]
    text: String,
    created_at: Option<String>,
    referenced_tweets: Option<Vec<Reference>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct OwnDm {
    id: String,
    #[serde(default)]
    text: String,
    created_at: Option<String>,
    sender_id: Option<String>,
    event_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct OwnPage<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    meta: Option<Meta>,
}

/// X's words for a repeated post: "You are not allowed to create a Tweet
/// with duplicate content."
pub(super) fn is_duplicate(status: StatusCode, body: &[u8]) -> Option<String> {
    if status != StatusCode::FORBIDDEN {
        return None;
    }
    let err: ApiError = serde_json::from_slice(body).ok()?;
    let text = err.describe();
    text.to_lowercase().contains("duplicate").then_some(text)
}

impl XClient {
    /// `POST /2/tweets` as a reply to `in_reply_to`; the new post's id.
    pub async fn post_reply(&self, text: &str, in_reply_to: &str) -> Result<String, PostError> {
        let url = format!("{}/2/tweets", self.base);
        let body = serde_json::json!({
            "text": text,
            "reply": { "in_reply_to_tweet_id": in_reply_to },
        });
        let created = self.post(&url, &body).await?;
        created
            .data
            .id
            .ok_or_else(|| PostError::Unknown("X accepted the post but sent no id".into()))
    }

    /// `POST /2/dm_conversations/with/:id/messages`; the message's event id.
    pub async fn send_dm(&self, participant_id: &str, text: &str) -> Result<String, PostError> {
        let url = format!(
            "{}/2/dm_conversations/with/{}/messages",
            self.base, participant_id
        );
        let created = self
            .post(&url, &serde_json::json!({ "text": text }))
            .await?;
        created
            .data
            .dm_event_id
            .ok_or_else(|| PostError::Unknown("X accepted the message but sent no id".into()))
    }

    pub(super) async fn post(
        &self,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<Created, PostError> {
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(http::post_network_error)?;
        let status = response.status();
        let reset = http::retry_after(&response).or_else(|| x_reset(&response));
        let body = read_body(response)
            .await
            .map_err(|e| PostError::Unknown(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                PostError::Unknown(format!(
                    "X answered {status} with an unreadable body: {}",
                    items::json_error(&e)
                ))
            });
        }
        if let Some(detail) = is_duplicate(status, &body) {
            return Err(PostError::Duplicate(detail));
        }
        Err(http::post_status_error(status, &body, reset))
    }

    /// The account's own posts since `start`, newest first (one page of
    /// up to 100): where a reply whose outcome was lost would be.
    pub async fn own_posts_since(&self, start: Timestamp) -> Result<Vec<OwnPost>, SourceError> {
        let url = format!("{}/2/users/{}/tweets", self.base, self.own_id().await?);
        let start = start.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        let query = [
            ("max_results", "100"),
            (
                "tweet.fields",
                "created_at,conversation_id,referenced_tweets",
            ),
            ("start_time", start.as_str()),
        ];
        let page: OwnPage<OwnTweet> = serde_json::from_slice(&self.get(&url, &query).await?)
            .map_err(|e| {
                SourceError::Malformed(format!("not a page of posts: {}", items::json_error(&e)))
            })?;
        if page.meta.is_none() {
            return Err(SourceError::Malformed(
                "a page of posts without meta".into(),
            ));
        }
        Ok(page
            .data
            .into_iter()
            .map(|t| OwnPost {
                in_reply_to: referenced(&t.referenced_tweets, "replied_to")
                    .and_then(|r| r.id.clone()),
                id: t.id,
                text: unescape(&t.text),
                created_at: t.created_at.and_then(|c| c.parse().ok()),
            })
            .collect())
    }

    /// The account's own messages in its conversation with `participant`,
    /// newest first (one page).
    pub async fn own_dms_with(&self, participant_id: &str) -> Result<Vec<OwnPost>, SourceError> {
        let url = format!(
            "{}/2/dm_conversations/with/{}/dm_events",
            self.base, participant_id
        );
        let query = [
            ("max_results", "100"),
            ("event_types", "MessageCreate"),
            ("dm_event.fields", DM_FIELDS),
        ];
        let own = self.own_id().await?;
        let page: OwnPage<OwnDm> =
            serde_json::from_slice(&self.get(&url, &query).await?).map_err(|e| {
                SourceError::Malformed(format!("not a page of messages: {}", items::json_error(&e)))
            })?;
        Ok(page
            .data
            .into_iter()
            .filter(|m| {
                m.sender_id.as_deref() == Some(own.as_str())
                    && m.event_type.as_deref().is_none_or(|k| k == "MessageCreate")
            })
            .map(|m| OwnPost {
                id: m.id,
                text: unescape(&m.text),
                in_reply_to: None,
                created_at: m.created_at.and_then(|c| c.parse().ok()),
            })
            .collect())
    }
}
