//! Reading X's answers: a page of mentions or of direct messages (good
//! items kept beside errors, retweets and the account's own messages
//! dropped, ids checked before they can become a cursor), and which
//! account a token is.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use crate::model::{Author, Channel};
use crate::source::items::{self, Rejected};
use crate::source::{Account, Post, SourceError, compare_ids, ids};

pub(super) const TWEET_FIELDS: &str =
    "created_at,author_id,conversation_id,in_reply_to_user_id,lang,referenced_tweets";
pub(super) const DM_FIELDS: &str = "id,text,event_type,created_at,sender_id,dm_conversation_id";

/// An error answer: `errors`, and nothing else that matters.
#[derive(Debug, Deserialize)]
pub(super) struct ErrorAnswer {
    #[serde(default)]
    pub(super) errors: Vec<ApiError>,
}

/// A page with its items still raw: each is read on its own (see
/// [`items`]), so one bad item never loses the page.
pub(super) struct RawPage {
    data: Vec<Value>,
    users: Vec<User>,
    meta: Meta,
    errors: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct User {
    id: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Meta {
    pub(super) newest_id: Option<String>,
    pub(super) next_token: Option<String>,
    pub(super) result_count: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ApiError {
    pub(super) title: Option<String>,
    pub(super) detail: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) message: Option<String>,
}

impl ApiError {
    pub(super) fn describe(&self) -> String {
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
pub(super) struct Tweet {
    id: String,
    text: String,
    author_id: Option<String>,
    conversation_id: Option<String>,
    created_at: Option<String>,
    lang: Option<String>,
    referenced_tweets: Option<Vec<Reference>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference {
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) id: Option<String>,
}

/// The post `tweet` references as `kind` (`replied_to`, `retweeted`).
pub(super) fn referenced<'a>(
    refs: &'a Option<Vec<Reference>>,
    kind: &str,
) -> Option<&'a Reference> {
    refs.iter()
        .flatten()
        .find(|r| r.kind.as_deref() == Some(kind))
}

#[derive(Debug, Deserialize)]
pub(super) struct DmEvent {
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
pub(super) fn raw_page(body: &[u8]) -> Result<RawPage, SourceError> {
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
pub(super) fn unescape(text: &str) -> String {
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

pub(super) fn author_of(users: &[User], id: Option<&str>) -> Author {
    let user = id.and_then(|id| users.iter().find(|u| u.id == id));
    Author {
        handle: user.and_then(|u| u.username.clone()).unwrap_or_default(),
        display_name: user.and_then(|u| u.name.clone()).unwrap_or_default(),
        platform_id: id.map(str::to_string),
    }
}

pub(super) fn timestamp(raw: Option<&str>) -> Option<Timestamp> {
    raw.and_then(|s| s.parse().ok())
}

/// The page's `meta`, or an error: an answer without it is not a page.
pub(super) fn meta_or_error(meta: Option<Meta>, errors: &[String]) -> Result<Meta, SourceError> {
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
pub(super) fn newest(
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

pub(super) fn bad_id(index: usize, e: ids::BadId) -> Rejected {
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
