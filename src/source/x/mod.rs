//! X API v2: mentions of the ministry's account (`GET /2/users/:id/mentions`)
//! and its direct messages (`GET /2/dm_events`); which posts were deleted
//! since (`GET /2/tweets?ids=`, see `gone`); which account the token is
//! (`GET /2/users/me`, see `me`), learned the first time it is needed by a
//! client made without an account id.
//!
//! Ids stay strings (decimal, fitting 64 bits: `ids::x`; never floats); an
//! item whose id is not one is rejected, a `meta.newest_id` that is not one
//! is refused before it can become the cursor. `data` is absent on an
//! empty page; a 200 may carry both `data` and `errors` and the good items
//! are kept; each item is read on its own (`items`). Retweets are not inquiries; the account's own messages neither.
//!
//! Here: the client and its reads; answers are read in [`parse`], deletions
//! looked up in [`gone`], posts made and found again in [`post`].

use jiff::Timestamp;
use reqwest::StatusCode;

use super::http::{self, network_error, read_body, status_error};
use super::{Account, AccountSlot, SourceError};

mod gone;
mod parse;
mod post;

pub use gone::{LOOKUP_MAX_IDS, parse_gone};
use parse::{ApiError, DM_FIELDS, ErrorAnswer, TWEET_FIELDS};
pub use parse::{XPage, parse_dm_events, parse_me, parse_mentions};
pub use post::OwnPost;

/// A client for one account.
#[derive(Clone)]
pub struct XClient {
    http: reqwest::Client,
    base: String,
    account: AccountSlot,
    token: String,
}

impl XClient {
    /// A client for the account `account_id` (empty: learned, see
    /// [`Self::learning`]).
    pub fn new(http: reqwest::Client, base_url: &str, account_id: &str, token: String) -> XClient {
        XClient {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            account: AccountSlot::known(account_id),
            token,
        }
    }

    /// A client for whichever account `token` is: the id is learned from
    /// `GET /2/users/me` the first time it is needed, or set beforehand
    /// ([`Self::set_account_id`]). That needs a user-context token; an
    /// app-only one is refused there.
    pub fn learning(http: reqwest::Client, base_url: &str, token: String) -> XClient {
        XClient::new(http, base_url, "", token)
    }

    /// The account's id, when configured or learned.
    pub fn account_id(&self) -> Option<&str> {
        self.account.get()
    }

    /// Act for `id` from now on (and every clone), unless an id is held.
    pub fn set_account_id(&self, id: &str) {
        self.account.set(id);
    }

    /// Which account the token belongs to: `GET /2/users/me` (`id`,
    /// `name` and `username` are its default fields). Sets nothing.
    pub async fn me(&self) -> Result<Account, SourceError> {
        let url = format!("{}/2/users/me", self.base);
        parse_me(&self.get(&url, &[]).await?)
    }

    /// The account's id: the one held, else learned from X (and held from
    /// then on).
    pub async fn own_id(&self) -> Result<String, SourceError> {
        if let Some(id) = self.account.get() {
            return Ok(id.to_string());
        }
        let learned = self.me().await?;
        Ok(self.account.set(&learned.id).to_string())
    }

    /// One page of mentions newer than `since_id`.
    pub async fn mentions(
        &self,
        since_id: Option<&str>,
        pagination_token: Option<&str>,
    ) -> Result<XPage, SourceError> {
        let url = format!("{}/2/users/{}/mentions", self.base, self.own_id().await?);
        let mut query = vec![
            ("max_results", "100"),
            ("tweet.fields", TWEET_FIELDS),
            ("expansions", "author_id"),
            ("user.fields", "username,name"),
        ];
        query.extend(since_id.map(|v| ("since_id", v)));
        query.extend(pagination_token.map(|v| ("pagination_token", v)));
        parse_mentions(&self.get(&url, &query).await?)
    }

    /// One page of `GET /2/tweets/search/recent` for `query` (which pages
    /// with `next_token`, where mentions use `pagination_token`).
    pub async fn search(
        &self,
        query: &str,
        since_id: Option<&str>,
        next_token: Option<&str>,
    ) -> Result<XPage, SourceError> {
        let url = format!("{}/2/tweets/search/recent", self.base);
        let mut params = vec![
            ("query", query),
            ("max_results", "100"),
            ("tweet.fields", TWEET_FIELDS),
            ("expansions", "author_id"),
            ("user.fields", "username,name"),
        ];
        params.extend(since_id.map(|v| ("since_id", v)));
        params.extend(next_token.map(|v| ("next_token", v)));
        parse_mentions(&self.get(&url, &params).await?)
    }

    /// One page of direct message events, newest first.
    pub async fn dm_events(&self, pagination_token: Option<&str>) -> Result<XPage, SourceError> {
        let url = format!("{}/2/dm_events", self.base);
        let mut query = vec![
            ("max_results", "100"),
            ("event_types", "MessageCreate"),
            ("dm_event.fields", DM_FIELDS),
            ("expansions", "sender_id"),
            ("user.fields", "username,name"),
        ];
        query.extend(pagination_token.map(|v| ("pagination_token", v)));
        let own = self.own_id().await?;
        parse_dm_events(&self.get(&url, &query).await?, &own)
    }

    async fn get(&self, url: &str, query: &[(&str, &str)]) -> Result<Vec<u8>, SourceError> {
        let response = self
            .http
            .get(url)
            .query(query)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(network_error)?;
        let status = response.status();
        let reset = http::retry_after(&response).or_else(|| x_reset(&response));
        let body = read_body(response).await?;
        if status == StatusCode::OK {
            return Ok(body);
        }
        if let Ok(env) = serde_json::from_slice::<ErrorAnswer>(&body)
            && let Some(capped) = env.errors.iter().find(|e| {
                e.kind
                    .as_deref()
                    .is_some_and(|k| k.ends_with("usage-capped"))
            })
        {
            return Err(SourceError::UsageCapped(capped.describe()));
        }
        if let Ok(capped) = serde_json::from_slice::<ApiError>(&body)
            && capped
                .kind
                .as_deref()
                .is_some_and(|k| k.ends_with("usage-capped"))
        {
            return Err(SourceError::UsageCapped(capped.describe()));
        }
        Err(status_error(status, &body, reset))
    }
}

/// `x-rate-limit-reset`: epoch seconds.
pub(super) fn x_reset(response: &reqwest::Response) -> Option<Timestamp> {
    let secs: i64 = response
        .headers()
        .get("x-rate-limit-reset")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Timestamp::from_second(secs).ok()
}

#[cfg(test)]
mod tests;
