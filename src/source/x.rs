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

use jiff::Timestamp;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::http::{self, PostError, network_error, read_body, status_error};
use super::ids;
use super::items::{self, Rejected};
use super::{Account, AccountSlot, Post, SourceError, compare_ids};
use crate::model::{Author, Channel};

const TWEET_FIELDS: &str =
    "created_at,author_id,conversation_id,in_reply_to_user_id,lang,referenced_tweets";
const DM_FIELDS: &str = "id,text,event_type,created_at,sender_id,dm_conversation_id";

/// An error answer: `errors`, and nothing else that matters.
#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    #[serde(default)]
    errors: Vec<ApiError>,
}

/// A page with its items still raw: each is read on its own (see
/// [`items`]), so one bad item never loses the page.
struct RawPage {
    data: Vec<Value>,
    users: Vec<User>,
    meta: Meta,
    errors: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    newest_id: Option<String>,
    next_token: Option<String>,
    result_count: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct ApiError {
    title: Option<String>,
    detail: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    message: Option<String>,
}

impl ApiError {
    fn describe(&self) -> String {
        [&self.title, &self.detail, &self.message]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(": ")
    }
}

/// A tweet as the mentions and search endpoints send it. Optional fields
/// may be null as well as absent; `id` and `text` must be strings.
#[derive(Debug, Deserialize)]
struct Tweet {
    id: String,
    text: String,
    author_id: Option<String>,
    conversation_id: Option<String>,
    created_at: Option<String>,
    lang: Option<String>,
    referenced_tweets: Option<Vec<Reference>>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<String>,
}

/// The post `tweet` references as `kind` (`replied_to`, `retweeted`).
fn referenced<'a>(refs: &'a Option<Vec<Reference>>, kind: &str) -> Option<&'a Reference> {
    refs.iter()
        .flatten()
        .find(|r| r.kind.as_deref() == Some(kind))
}

#[derive(Debug, Deserialize)]
struct DmEvent {
    id: String,
    event_type: Option<String>,
    text: String,
    sender_id: Option<String>,
    dm_conversation_id: Option<String>,
    created_at: Option<String>,
}

/// One page of posts, and where the walk goes next.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct XPage {
    pub posts: Vec<Post>,
    /// Items deliberately left out (retweets, the account's own messages).
    pub skipped: usize,
    /// Items that could not be read, left out and recorded.
    pub rejected: Vec<Rejected>,
    /// Where the walk's cursor may move: the page's `newest_id`, or the
    /// newest item's id when that was refused.
    pub newest_id: Option<String>,
    /// A `newest_id` that was no X id, refused (for the log).
    pub refused: Vec<ids::BadId>,
    pub next_token: Option<String>,
    /// Partial errors reported beside good data.
    pub errors: Vec<String>,
}

/// Split a page into its parts; only the page's own frame (an object,
/// a readable `meta`, lists where lists belong) can make it unreadable.
fn raw_page(body: &[u8]) -> Result<RawPage, SourceError> {
    let mut root = items::decode(body, "X API JSON")?;
    if !root.is_object() {
        return Err(SourceError::Malformed(format!(
            "not X API JSON (not an object; {} bytes)",
            body.len()
        )));
    }
    let data = items::list(&mut root, "data", "an X page")?;
    let users = match root.get_mut("includes") {
        Some(includes) if includes.is_object() => items::list(includes, "users", "an X page")?,
        _ => Vec::new(),
    };
    let errors: Vec<String> =
        items::each::<ApiError>(items::list(&mut root, "errors", "an X page")?)
            .0
            .iter()
            .map(|(_, e)| e.describe())
            .collect();
    let meta = match root.get_mut("meta").map(Value::take) {
        None | Some(Value::Null) => None,
        Some(meta) => Some(serde_json::from_value::<Meta>(meta).map_err(|e| {
            SourceError::Malformed(format!(
                "an X page with unreadable paging information ({})",
                items::without_values(&e.to_string())
            ))
        })?),
    };
    Ok(RawPage {
        data,
        users: items::each::<User>(users)
            .0
            .into_iter()
            .map(|(_, u)| u)
            .collect(),
        meta: meta_or_error(meta, &errors)?,
        errors,
    })
}

/// X sends post text with `&`, `<` and `>` escaped as `&amp;`, `&lt;` and
/// `&gt;` (and only those); the officer reads what the person typed. One
/// pass, so `&amp;lt;` (a typed `&lt;`) stays `&lt;`. Direct messages are
/// decoded the same way: a typed `&amp;` in a DM is rarer than an escaped one.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (decoded, len) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')]
            .iter()
            .find(|(entity, _)| rest.starts_with(entity))
            .map_or(('&', 1), |(entity, c)| (*c, entity.len()));
        out.push(decoded);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

fn author_of(users: &[User], id: Option<&str>) -> Author {
    let user = id.and_then(|id| users.iter().find(|u| u.id == id));
    Author {
        handle: user.and_then(|u| u.username.clone()).unwrap_or_default(),
        display_name: user.and_then(|u| u.name.clone()).unwrap_or_default(),
        platform_id: id.map(str::to_string),
    }
}

fn timestamp(raw: Option<&str>) -> Option<Timestamp> {
    raw.and_then(|s| s.parse().ok())
}

/// The page's `meta`, or an error: an answer without it is not a page.
fn meta_or_error(meta: Option<Meta>, errors: &[String]) -> Result<Meta, SourceError> {
    match meta {
        Some(meta)
            if meta.result_count.is_some()
                || meta.newest_id.is_some()
                || meta.next_token.is_some() =>
        {
            Ok(meta)
        }
        _ => Err(SourceError::Malformed(format!(
            "a 200 answer without paging information{}",
            if errors.is_empty() {
                String::new()
            } else {
                format!(": {}", errors.join("; "))
            }
        ))),
    }
}

/// Parse a mentions (or search) page.
pub fn parse_mentions(body: &[u8]) -> Result<XPage, SourceError> {
    let raw = raw_page(body)?;
    let (tweets, rejected) = items::each::<Tweet>(raw.data);
    let mut page = XPage {
        next_token: raw.meta.next_token,
        errors: raw.errors,
        rejected,
        ..XPage::default()
    };
    let mut newest_item: Option<String> = None;
    for (index, tweet) in tweets {
        if let Err(e) = ids::x(&tweet.id, "tweet id") {
            page.rejected.push(bad_id(index, e));
            continue;
        }
        if newest_item
            .as_deref()
            .is_none_or(|n| compare_ids(&tweet.id, n).is_gt())
        {
            newest_item = Some(tweet.id.clone());
        }
        if referenced(&tweet.referenced_tweets, "retweeted").is_some() {
            page.skipped += 1;
            continue;
        }
        let in_reply_to =
            referenced(&tweet.referenced_tweets, "replied_to").and_then(|r| r.id.clone());
        page.posts.push(Post {
            in_reply_to,
            author: author_of(&raw.users, tweet.author_id.as_deref()),
            channel: Channel::Public,
            conversation_id: tweet.conversation_id,
            created_at: timestamp(tweet.created_at.as_deref()),
            lang: tweet.lang,
            text: unescape(&tweet.text),
            external_id: tweet.id,
        });
    }
    page.newest_id = newest(raw.meta.newest_id, newest_item, &mut page.refused);
    Ok(page)
}

/// The page's `newest_id` if it is an X id; else (refused, with the
/// reason kept for the log) the newest id of the page's own items.
fn newest(
    said: Option<String>,
    newest_item: Option<String>,
    refused: &mut Vec<ids::BadId>,
) -> Option<String> {
    match said {
        Some(id) => match ids::x(&id, "meta.newest_id") {
            Ok(()) => Some(id),
            Err(e) => {
                refused.push(e);
                newest_item
            }
        },
        None => newest_item,
    }
}

fn bad_id(index: usize, e: ids::BadId) -> Rejected {
    Rejected {
        id: None,
        index,
        reason: e.to_string(),
    }
}

/// Parse a `dm_events` page, dropping what the ministry's account sent.
pub fn parse_dm_events(body: &[u8], account_id: &str) -> Result<XPage, SourceError> {
    let raw = raw_page(body)?;
    let (events, rejected) = items::each::<DmEvent>(raw.data);
    let mut page = XPage {
        next_token: raw.meta.next_token,
        errors: raw.errors,
        rejected,
        ..XPage::default()
    };
    for (index, event) in events {
        if let Err(e) = ids::x(&event.id, "direct message event id") {
            page.rejected.push(bad_id(index, e));
            continue;
        }
        if page
            .newest_id
            .as_deref()
            .is_none_or(|n| compare_ids(&event.id, n).is_gt())
        {
            page.newest_id = Some(event.id.clone());
        }
        let own = event.sender_id.as_deref() == Some(account_id);
        let created = event.event_type.as_deref() == Some("MessageCreate");
        if own || !created {
            page.skipped += 1;
            continue;
        }
        page.posts.push(Post {
            in_reply_to: None,
            author: author_of(&raw.users, event.sender_id.as_deref()),
            channel: Channel::Private,
            conversation_id: event.dm_conversation_id,
            created_at: timestamp(event.created_at.as_deref()),
            lang: None,
            text: unescape(&event.text),
            external_id: format!("dm:{}", event.id),
        });
    }
    Ok(page)
}

/// The account a `GET /2/users/me` answer names: `data.id` (an X id) and
/// `data.username`. An answer without `data` (X's `errors` alone) is
/// malformed.
pub fn parse_me(body: &[u8]) -> Result<Account, SourceError> {
    #[derive(Deserialize)]
    struct Me {
        data: User,
    }
    let value = items::decode(body, "an X user")?;
    let me: Me = serde_json::from_value(value).map_err(|e| {
        SourceError::Malformed(format!(
            "not an X user ({})",
            items::without_values(&e.to_string())
        ))
    })?;
    Account::checked(&me.data.id, me.data.username.as_deref(), ids::x)
}

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

/// The most ids one `GET /2/tweets` takes.
pub const LOOKUP_MAX_IDS: usize = 100;

/// A `GET /2/tweets?ids=` answer: the posts that exist in `data`, one
/// problem per post that does not in `errors`.
#[derive(Debug, Deserialize)]
struct Lookup {
    data: Option<Vec<LookedUp>>,
    errors: Option<Vec<LookupError>>,
}

#[derive(Debug, Deserialize)]
struct LookedUp {
    id: String,
}

#[derive(Debug, Deserialize)]
struct LookupError {
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

impl LookupError {
    /// X's words for a post that is no more: `type` ends in
    /// `resource-not-found` (or, without a type, the title "Not Found
    /// Error"), about a tweet asked for in `ids`. An "Authorization Error"
    /// (suspended or protected author) is not a deletion.
    fn not_found_id(&self) -> Option<String> {
        let not_found = match &self.kind {
            Some(kind) => kind.ends_with("/resource-not-found"),
            None => self.title.as_deref() == Some("Not Found Error"),
        };
        let about_ids = self.parameter.as_deref().is_none_or(|p| p == "ids")
            && self.resource_type.as_deref().is_none_or(|t| t == "tweet");
        if !not_found || !about_ids {
            return None;
        }
        match &self.value {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => self.resource_id.clone(),
        }
    }
}

/// The ids among `asked` that a `GET /2/tweets?ids=` answer reports as
/// not found (deleted, or its author deactivated), in the order asked,
/// each once. Posts that exist, that we may not see (suspended or
/// protected authors), errors about other resources, and ids not asked
/// are never reported. An answer with neither `data` nor `errors` is
/// `Malformed`.
pub fn parse_gone(body: &[u8], asked: &[String]) -> Result<Vec<String>, SourceError> {
    let lookup: Lookup = serde_json::from_slice(body).map_err(|e| {
        SourceError::Malformed(format!(
            "not an X lookup answer ({}); {}",
            items::json_error(&e),
            http::body_shape(body)
        ))
    })?;
    if lookup.data.is_none() && lookup.errors.is_none() {
        return Err(SourceError::Malformed(format!(
            "an X lookup answer with neither data nor errors: {}",
            http::body_shape(body)
        )));
    }
    let present: Vec<&str> = lookup
        .data
        .iter()
        .flatten()
        .map(|t| t.id.as_str())
        .collect();
    let not_found: Vec<String> = lookup
        .errors
        .iter()
        .flatten()
        .filter_map(LookupError::not_found_id)
        .collect();
    let mut gone: Vec<String> = Vec::new();
    for id in asked {
        if not_found.contains(id) && !present.contains(&id.as_str()) && !gone.contains(id) {
            gone.push(id.clone());
        }
    }
    Ok(gone)
}

impl XClient {
    /// Which of `ids` were deleted on X: `GET /2/tweets?ids=`, up to
    /// [`LOOKUP_MAX_IDS`] per request, the ids each time that X reports
    /// not found (see [`parse_gone`]). Ids that are no tweet ids (a direct
    /// message's `dm:...`) are not asked about and never reported. The
    /// first failing request ends the sweep with its error (rate limit,
    /// refused token, server error), as a fetch does; see
    /// [`Self::gone_partial`] to keep what was found before it.
    pub async fn gone(&self, ids: &[String]) -> Result<Vec<String>, SourceError> {
        match self.gone_partial(ids).await {
            (gone, None) => Ok(gone),
            (_, Some(e)) => Err(e),
        }
    }

    /// As [`Self::gone`], but what the requests before a failing one found
    /// is kept, beside the error that stopped the sweep.
    pub async fn gone_partial(&self, ids: &[String]) -> (Vec<String>, Option<SourceError>) {
        let url = format!("{}/2/tweets", self.base);
        let mut seen = std::collections::HashSet::new();
        let asked: Vec<String> = ids
            .iter()
            .filter(|id| ids::x(id, "id").is_ok() && seen.insert(id.as_str()))
            .cloned()
            .collect();
        let mut gone = Vec::new();
        for chunk in asked.chunks(LOOKUP_MAX_IDS) {
            let joined = chunk.join(",");
            let found = match self.get(&url, &[("ids", joined.as_str())]).await {
                Ok(body) => parse_gone(&body, chunk),
                Err(e) => Err(e),
            };
            match found {
                Ok(found) => gone.extend(found),
                Err(e) => return (gone, Some(e)),
            }
        }
        (gone, None)
    }
}

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
struct Created {
    data: CreatedData,
}

#[derive(Debug, Deserialize)]
struct CreatedData {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    dm_event_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OwnTweet {
    id: String,
    #[serde(default)]
    text: String,
    created_at: Option<String>,
    referenced_tweets: Option<Vec<Reference>>,
}

#[derive(Debug, Deserialize)]
struct OwnDm {
    id: String,
    #[serde(default)]
    text: String,
    created_at: Option<String>,
    sender_id: Option<String>,
    event_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OwnPage<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    meta: Option<Meta>,
}

/// X's words for a repeated post: "You are not allowed to create a Tweet
/// with duplicate content."
fn is_duplicate(status: StatusCode, body: &[u8]) -> Option<String> {
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

    async fn post(&self, url: &str, body: &serde_json::Value) -> Result<Created, PostError> {
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

/// `x-rate-limit-reset`: epoch seconds.
fn x_reset(response: &reqwest::Response) -> Option<Timestamp> {
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
mod tests {
    use super::*;

    #[test]
    fn empty_page_has_no_data_key() {
        let page = parse_mentions(br#"{"meta":{"result_count":0}}"#).unwrap();
        assert!(page.posts.is_empty());
        assert_eq!(page.next_token, None);
    }

    #[test]
    fn keeps_good_items_beside_errors_and_drops_retweets() {
        let body = br#"{"data":[{"id":"1861000000000000001","text":"tolong","author_id":"42","referenced_tweets":[{"type":"replied_to","id":"1"}]},
            {"id":"1861000000000000002","text":"RT @Kemlu_RI: info","referenced_tweets":[{"type":"retweeted","id":"9"}]}],
            "includes":{"users":[{"id":"42","username":"siti","name":"Siti"}]},
            "errors":[{"title":"Not Found Error","detail":"Could not find tweet"}],
            "meta":{"newest_id":"1861000000000000002","result_count":2}}"#;
        let page = parse_mentions(body).unwrap();
        assert_eq!(page.posts.len(), 1);
        assert_eq!(page.posts[0].author.handle, "siti");
        assert_eq!(page.skipped, 1);
        assert_eq!(page.errors, vec!["Not Found Error: Could not find tweet"]);
    }

    #[test]
    fn post_text_is_unescaped_as_x_documents() {
        let body = br#"{"data":[{"id":"1861000000000000001","text":"gaji &amp; paspor &lt;ditahan&gt; &amp;lt; &quot; & &","author_id":"42"}],
            "meta":{"newest_id":"1861000000000000001","result_count":1}}"#;
        let page = parse_mentions(body).unwrap();
        assert_eq!(
            page.posts[0].text,
            "gaji & paspor <ditahan> &lt; &quot; & &"
        );
    }

    #[test]
    fn dm_text_is_unescaped_too() {
        let body = br#"{"data":[{"id":"1861000000000000009","text":"A &amp; B","event_type":"MessageCreate","sender_id":"42","dm_conversation_id":"1-42"}],"meta":{"result_count":1}}"#;
        let page = parse_dm_events(body, "1").unwrap();
        assert_eq!(page.posts.len(), 1, "{page:?}");
        assert_eq!(page.posts[0].text, "A & B");
    }

    #[test]
    fn me_names_the_tokens_account() {
        // As recorded (tests/data/x/test_client_get_me.decoded.json).
        let body = br#"{"data":{"id":"1072250532645998596","name":"Tweepy Testing","username":"TweepyDev"}}"#;
        let me = parse_me(body).unwrap();
        assert_eq!(
            (me.id.as_str(), me.handle.as_str()),
            ("1072250532645998596", "TweepyDev")
        );
        assert_eq!(me.to_string(), "@TweepyDev (id 1072250532645998596)");
    }

    #[test]
    fn a_me_answer_without_a_real_id_is_malformed() {
        for body in [
            &br#"{"errors":[{"title":"Unauthorized"}]}"#[..],
            br#"{"data":{"id":1072250532645998596,"username":"a"}}"#,
            br#"{"data":{"id":"0123","username":"a"}}"#,
            br#"{"data":{"id":"99999999999999999999999","username":"a"}}"#,
            br#"{"data":{"id":"1","username":"a[2J"}}"#,
            b"<html>login</html>",
        ] {
            assert!(
                matches!(parse_me(body), Err(SourceError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn ids_compare_as_numbers() {
        assert!(compare_ids("999", "1000").is_lt());
        assert!(compare_ids("1861000000000000002", "1861000000000000001").is_gt());
    }

    #[test]
    fn html_error_page_is_malformed_not_a_crash() {
        assert!(matches!(
            parse_mentions(b"<html>502</html>"),
            Err(SourceError::Malformed(_))
        ));
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn gone_are_the_not_found_ones_asked_for() {
        // As X answers: the existing post in `data`, a deleted one as a
        // "Not Found Error", a suspended author's as an "Authorization
        // Error", and a not-found referenced tweet (not asked) beside.
        let body = br#"{"data":[{"edit_history_tweet_ids":["1861000000000000001"],"id":"1861000000000000001","text":"tolong"}],
            "errors":[
              {"value":"1861000000000000002","detail":"Could not find tweet with ids: [1861000000000000002].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids","resource_id":"1861000000000000002"},
              {"value":"1861000000000000003","detail":"Sorry, you are not authorized to see the Tweet with ids: [1861000000000000003].","type":"https://api.twitter.com/2/problems/not-authorized-for-resource","title":"Authorization Error","resource_type":"tweet","parameter":"ids","section":"data"},
              {"value":"999","detail":"Could not find tweet with ids: [999].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"referenced_tweets.id","section":"includes"},
              {"value":"1861000000000000004","detail":"Could not find tweet with ids: [1861000000000000004].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids"}
            ]}"#;
        let asked = ids(&[
            "1861000000000000001",
            "1861000000000000002",
            "1861000000000000003",
            "999",
        ]);
        assert_eq!(
            parse_gone(body, &asked).unwrap(),
            ids(&["1861000000000000002"])
        );
    }

    #[test]
    fn all_gone_has_no_data_key() {
        let body = br#"{"errors":[{"value":"5","detail":"Could not find tweet with ids: [5].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids","resource_id":"5"}]}"#;
        assert_eq!(parse_gone(body, &ids(&["5"])).unwrap(), ids(&["5"]));
    }

    #[test]
    fn unknown_lookup_shapes_are_malformed() {
        for body in [
            &b"<html>502</html>"[..],
            br#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#,
            br#"[{"id":"5"}]"#,
            br#"{"data":{"id":"5"}}"#,
            b"",
        ] {
            assert!(
                matches!(parse_gone(body, &ids(&["5"])), Err(SourceError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
