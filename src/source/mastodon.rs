//! Mastodon: mention notifications (`GET /api/v1/notifications?types[]=mention`)
//! polled with `min_id` until a page comes back empty (`since_id` can skip).
//!
//! Ids are strings, checked (`ids::mastodon`) before one is stored or
//! becomes the `min_id` cursor. A notification whose `status` is null (deleted,
//! or hidden from us) is counted and skipped. `status.content` is HTML and
//! becomes plain text; `visibility: direct` is a private message. Error
//! bodies are in the instance's language, so we branch on the HTTP status.
//! Which statuses were deleted since: `GET /api/v1/statuses/:id` (see [`gone`]).
//! Which account the token is: `GET /api/v1/accounts/verify_credentials`
//! (see `verify_credentials`); a client made without an account id learns
//! it there the first time it needs it.

use jiff::Timestamp;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::html::{MentionRef, tidy, to_text};
use super::http::{self, PostError, network_error, read_body, status_error};
use super::ids;
use super::items::{self, Rejected};
use super::{Account as TokenAccount, AccountSlot, Post, SourceError, compare_ids};
use crate::model::{Author, Channel};

/// How many notifications one page asks for (Mastodon's maximum is 80).
mod gone;

pub use gone::parse_status_gone;

pub const PAGE_LIMIT: &str = "40";

/// A notification. Its `status` is read apart (see [`parse_notifications`]).
#[derive(Debug, Deserialize)]
struct Notification {
    id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// A status. Optional fields may be null as well as absent; `id`, the
/// `content` and the author's `account.id` must be strings.
#[derive(Debug, Deserialize)]
struct Status {
    id: String,
    created_at: Option<String>,
    in_reply_to_id: Option<String>,
    visibility: Option<String>,
    language: Option<String>,
    content: String,
    spoiler_text: Option<String>,
    mentions: Option<Vec<Mention>>,
    account: Account,
}

#[derive(Debug, Deserialize)]
struct Mention {
    url: Option<String>,
    acct: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Account {
    id: String,
    acct: Option<String>,
    display_name: Option<String>,
}

/// One page of mention notifications.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MastodonPage {
    pub posts: Vec<Post>,
    /// Notifications without a status, or from the account itself.
    pub skipped: usize,
    /// Notifications that could not be read, left out and recorded.
    pub rejected: Vec<Rejected>,
    /// The newest readable notification id on the page (a Mastodon id,
    /// see [`ids::mastodon`]): the next `min_id`.
    pub newest_id: Option<String>,
    /// How many notifications the page held (0 ends a walk).
    pub notifications: usize,
}

/// Parse a notifications page: a list whose every notification is read
/// on its own, so one bad notification never loses the page.
pub fn parse_notifications(body: &[u8], account_id: &str) -> Result<MastodonPage, SourceError> {
    let values = match items::decode(body, "Mastodon notifications")? {
        Value::Array(values) => values,
        _ => {
            return Err(SourceError::Malformed(format!(
                "not Mastodon notifications (not a list; {} bytes)",
                body.len()
            )));
        }
    };
    let mut page = MastodonPage {
        notifications: values.len(),
        ..MastodonPage::default()
    };
    let statuses: Vec<Value> = values
        .iter()
        .map(|v| v.get("status").cloned().unwrap_or(Value::Null))
        .collect();
    let (notifications, rejected) = items::each::<Notification>(values);
    page.rejected = rejected;
    for (index, n) in notifications {
        if let Err(e) = ids::mastodon(&n.id, "notification id") {
            page.rejected.push(bad_id(index, e));
            continue;
        }
        if page
            .newest_id
            .as_deref()
            .is_none_or(|m| compare_ids(&n.id, m).is_gt())
        {
            page.newest_id = Some(n.id.clone());
        }
        if n.kind.as_deref() != Some("mention") {
            page.skipped += 1;
            continue;
        }
        match read_status(&statuses[index], index) {
            Ok(Some(status)) if status.account.id == account_id => page.skipped += 1,
            Ok(Some(status)) => match ids::mastodon(&status.id, "status id") {
                Ok(()) => page.posts.push(post(status)),
                Err(e) => page.rejected.push(bad_id(index, e)),
            },
            Ok(None) => page.skipped += 1,
            Err(rejected) => page.rejected.push(rejected),
        }
    }
    Ok(page)
}

fn bad_id(index: usize, e: ids::BadId) -> Rejected {
    Rejected {
        id: None,
        index,
        reason: e.to_string(),
    }
}

/// A notification's status: None when null (deleted, or hidden from us),
/// rejected when it is there but unreadable.
fn read_status(value: &Value, index: usize) -> Result<Option<Status>, Rejected> {
    if value.is_null() {
        return Ok(None);
    }
    serde_json::from_value(value.clone())
        .map(Some)
        .map_err(|e| Rejected {
            id: items::plain_id(value),
            index,
            reason: format!("status: {}", items::without_values(&e.to_string())),
        })
}

fn post(status: Status) -> Post {
    let mentions: Vec<MentionRef> = status
        .mentions
        .iter()
        .flatten()
        .map(|m| MentionRef {
            url: m.url.clone().unwrap_or_default(),
            acct: m.acct.clone().unwrap_or_default(),
        })
        .collect();
    let mut text = to_text(&status.content, &mentions);
    let spoiler = status.spoiler_text.as_deref().unwrap_or_default().trim();
    if !spoiler.is_empty() {
        // Tidied like the content: an empty content leaves no trailing
        // blank lines, a warning of several lines no run of blank ones.
        text = tidy(&format!("CW: {spoiler}\n\n{text}"));
    }
    Post {
        external_id: status.id,
        conversation_id: None,
        in_reply_to: status.in_reply_to_id,
        author: Author {
            handle: status.account.acct.unwrap_or_default(),
            display_name: status.account.display_name.unwrap_or_default(),
            platform_id: Some(status.account.id),
        },
        channel: if status.visibility.as_deref() == Some("direct") {
            Channel::Private
        } else {
            Channel::Public
        },
        text,
        created_at: status.created_at.and_then(|t| t.parse().ok()),
        lang: status.language,
    }
}

/// The account a `verify_credentials` answer names: its `id` (a Mastodon
/// id) and its `acct`. A local account's `acct` has no domain; `host` (the
/// instance asked) is added so the handle says where it is.
pub fn parse_verify_credentials(
    body: &[u8],
    host: Option<&str>,
) -> Result<TokenAccount, SourceError> {
    #[derive(Deserialize)]
    struct Credentials {
        id: String,
        acct: Option<String>,
    }
    let value = items::decode(body, "a Mastodon account")?;
    let found: Credentials = serde_json::from_value(value).map_err(|e| {
        SourceError::Malformed(format!(
            "not a Mastodon account ({})",
            items::without_values(&e.to_string())
        ))
    })?;
    let acct = match (found.acct, host) {
        (Some(acct), Some(host)) if !acct.is_empty() && !acct.contains('@') => {
            Some(format!("{acct}@{host}"))
        }
        (acct, _) => acct,
    };
    TokenAccount::checked(&found.id, acct.as_deref(), ids::mastodon)
}

/// A client for one account on one instance.
#[derive(Clone)]
pub struct MastodonClient {
    http: reqwest::Client,
    base: String,
    account: AccountSlot,
    token: String,
}

impl MastodonClient {
    /// A client for the account `account_id` (empty: learned, see
    /// [`Self::learning`]).
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        account_id: &str,
        token: String,
    ) -> MastodonClient {
        MastodonClient {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            account: AccountSlot::known(account_id),
            token,
        }
    }

    /// A client for whichever account `token` is: the id is learned from
    /// the instance the first time it is needed, or set beforehand
    /// ([`Self::set_account_id`]).
    pub fn learning(http: reqwest::Client, base_url: &str, token: String) -> MastodonClient {
        MastodonClient::new(http, base_url, "", token)
    }

    /// The account's id, when configured or learned.
    pub fn account_id(&self) -> Option<&str> {
        self.account.get()
    }

    /// Act for `id` from now on (and every clone), unless an id is held.
    pub fn set_account_id(&self, id: &str) {
        self.account.set(id);
    }

    /// Which account the token belongs to:
    /// `GET /api/v1/accounts/verify_credentials`. Sets nothing.
    pub async fn verify_credentials(&self) -> Result<TokenAccount, SourceError> {
        let url = format!("{}/api/v1/accounts/verify_credentials", self.base);
        let (status, body, reset) = self.get(&url, &[]).await?;
        if status != StatusCode::OK {
            return Err(status_error(status, &body, reset));
        }
        let host = reqwest::Url::parse(&self.base).ok();
        parse_verify_credentials(&body, host.as_ref().and_then(|u| u.host_str()))
    }

    /// The account's id: the one held, else learned from the instance
    /// (and held from then on).
    pub async fn own_id(&self) -> Result<String, SourceError> {
        if let Some(id) = self.account.get() {
            return Ok(id.to_string());
        }
        let learned = self.verify_credentials().await?;
        Ok(self.account.set(&learned.id).to_string())
    }

    /// An authenticated GET: the answer's status, body (size-capped) and
    /// rate-limit reset time, whatever the status.
    async fn get(
        &self,
        url: &str,
        query: &[(&str, &str)],
    ) -> Result<(StatusCode, Vec<u8>, Option<Timestamp>), SourceError> {
        let response = self
            .http
            .get(url)
            .query(query)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(network_error)?;
        let status = response.status();
        let reset = http::retry_after(&response).or_else(|| iso_reset(&response));
        Ok((status, read_body(response).await?, reset))
    }

    /// The mention notifications right after `min_id` (all, if None);
    /// the account's own statuses among them are skipped.
    pub async fn mentions(&self, min_id: Option<&str>) -> Result<MastodonPage, SourceError> {
        let own = self.own_id().await?;
        let url = format!("{}/api/v1/notifications", self.base);
        let mut query = vec![("types[]", "mention"), ("limit", PAGE_LIMIT)];
        query.extend(min_id.map(|v| ("min_id", v)));
        let (status, body, reset) = self.get(&url, &query).await?;
        if status != StatusCode::OK {
            return Err(status_error(status, &body, reset));
        }
        parse_notifications(&body, &own)
    }
}

#[derive(Debug, Deserialize)]
struct PostedStatus {
    id: String,
    #[serde(default)]
    in_reply_to_id: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Instance {
    configuration: Option<InstanceConfiguration>,
}

#[derive(Debug, Deserialize)]
struct InstanceConfiguration {
    statuses: Option<StatusLimits>,
}

#[derive(Debug, Deserialize)]
struct StatusLimits {
    max_characters: Option<u64>,
}

impl MastodonClient {
    /// `POST /api/v1/statuses` answering `in_reply_to`. The instance keeps
    /// `idempotency_key` for a while: sending again with the same key
    /// returns the first status instead of posting twice.
    pub async fn post_reply(
        &self,
        text: &str,
        in_reply_to: &str,
        direct: bool,
        language: &str,
        idempotency_key: &str,
    ) -> Result<String, PostError> {
        let url = format!("{}/api/v1/statuses", self.base);
        let body = serde_json::json!({
            "status": text,
            "in_reply_to_id": in_reply_to,
            "visibility": if direct { "direct" } else { "public" },
            "language": language,
        });
        let response = self
            .http
            .post(&url)
            .bearer_auth(&self.token)
            .header("Idempotency-Key", idempotency_key)
            .json(&body)
            .send()
            .await
            .map_err(http::post_network_error)?;
        let status = response.status();
        let reset = http::retry_after(&response).or_else(|| iso_reset(&response));
        let body = read_body(response)
            .await
            .map_err(|e| PostError::Unknown(e.to_string()))?;
        if !status.is_success() {
            return Err(http::post_status_error(status, &body, reset));
        }
        serde_json::from_slice::<PostedStatus>(&body)
            .map(|s| s.id)
            .map_err(|e| {
                PostError::Unknown(format!(
                    "unreadable answer to a post: {}",
                    items::json_error(&e)
                ))
            })
    }

    /// The account's latest statuses (one page of 40), for reconciling a
    /// reply whose outcome was lost longer ago than the instance keeps
    /// idempotency keys (an hour).
    pub async fn own_statuses(&self) -> Result<Vec<crate::source::x::OwnPost>, SourceError> {
        let url = format!(
            "{}/api/v1/accounts/{}/statuses",
            self.base,
            self.own_id().await?
        );
        let (status, body, reset) = self
            .get(&url, &[("limit", "40"), ("exclude_reblogs", "true")])
            .await?;
        if status != StatusCode::OK {
            return Err(status_error(status, &body, reset));
        }
        let statuses: Vec<PostedStatus> = serde_json::from_slice(&body).map_err(|e| {
            SourceError::Malformed(format!("not a list of statuses: {}", items::json_error(&e)))
        })?;
        Ok(statuses
            .into_iter()
            .map(|s| crate::source::x::OwnPost {
                id: s.id,
                text: String::new(),
                in_reply_to: s.in_reply_to_id,
                created_at: s.created_at.and_then(|c| c.parse().ok()),
            })
            .collect())
    }

    /// The instance's limit for a status (`/api/v2/instance`), if it says.
    pub async fn max_characters(&self) -> Result<Option<usize>, SourceError> {
        let url = format!("{}/api/v2/instance", self.base);
        let response = self.http.get(&url).send().await.map_err(network_error)?;
        let status = response.status();
        let body = read_body(response).await?;
        if status != StatusCode::OK {
            return Err(status_error(status, &body, None));
        }
        let instance: Instance = serde_json::from_slice(&body).map_err(|e| {
            SourceError::Malformed(format!(
                "not a Mastodon instance: {}",
                items::json_error(&e)
            ))
        })?;
        Ok(instance
            .configuration
            .and_then(|c| c.statuses)
            .and_then(|s| s.max_characters)
            .map(|n| n as usize))
    }
}

/// `X-RateLimit-Reset`: an ISO 8601 time.
fn iso_reset(response: &reqwest::Response) -> Option<Timestamp> {
    response
        .headers()
        .get("x-ratelimit-reset")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests;
