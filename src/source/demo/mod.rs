//! The demo feed: a small HTTP server on 127.0.0.1 that speaks the X API v2
//! (`/2/users/:id/mentions`, `/2/dm_events`, `/2/users/me`, and the post
//! endpoints the desk answers through), seeded with realistic inquiries,
//! releasing a new one every few seconds. `siaga demo` fetches
//! from it through the real X adapter, so the demo exercises the real path.
//! Each seed is told once; then, ten times slower, new inquiries made up
//! from parts (`trickle`) keep the desk moving.
//! It also plays a mission's duty desk (`/demo/mission-desk`), a webhook
//! receiver the demo's escalations are delivered to, so escalate, deliver
//! and acknowledge can all be tried without any contact configured.

mod trickle;

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

/// The demo account's id and the token its server expects.
pub const ACCOUNT_ID: &str = "1000000001";
pub const TOKEN: &str = "demo-token";
const FIRST_ID: u64 = 1_861_000_000_000_000_000;
/// Once the seeds are told, a made-up inquiry comes this many times less
/// often than a seed did.
const TRICKLE_SLOWER: u32 = 10;

#[derive(Debug, Clone, Deserialize)]
pub struct Seed {
    pub handle: String,
    pub name: String,
    pub lang: String,
    pub channel: String,
    pub text: String,
    pub expect_priority: String,
    pub expect_category: String,
}

pub fn seeds() -> Vec<Seed> {
    serde_json::from_str(include_str!("seed.json")).expect("embedded demo seed is valid")
}

struct Feed {
    seeds: Vec<Seed>,
    started: Instant,
    started_at: Timestamp,
    initial: u64,
    release: Duration,
    /// What the desk posted: replies and direct messages, oldest first.
    posted: Mutex<Vec<Posted>>,
    /// Escalations delivered to the pretend mission desk, oldest first.
    escalations: Mutex<Vec<Value>>,
}

/// A reply or direct message the desk posted to the demo feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub id: String,
    pub text: String,
    /// The post answered (public replies).
    pub in_reply_to: Option<String>,
    /// The user written to (direct messages).
    pub recipient: Option<String>,
    pub created_at: Timestamp,
}

/// One released demo item.
struct Item<'a> {
    id: u64,
    /// Which item it is (0, 1, ...): its author's id.
    n: u64,
    seed: Cow<'a, Seed>,
    created_at: Timestamp,
}

impl Feed {
    /// Items released at the seeds' pace after the first screen, and for
    /// how long.
    fn seeded_phase(&self) -> (u64, Duration) {
        let told = (self.seeds.len() as u64).saturating_sub(self.initial);
        (told, self.release * told as u32)
    }

    fn released(&self) -> u64 {
        let step = self.release.as_millis().max(1);
        let (told, seeded) = self.seeded_phase();
        let elapsed = self.started.elapsed();
        match elapsed.checked_sub(seeded) {
            None => self.initial + (elapsed.as_millis() / step) as u64,
            Some(after) => {
                let slow = step * u128::from(TRICKLE_SLOWER);
                self.initial + told + (after.as_millis() / slow) as u64
            }
        }
    }

    fn item(&self, n: u64) -> Item<'_> {
        let seed = match self.seeds.get(n as usize) {
            Some(seed) => Cow::Borrowed(seed),
            None => Cow::Owned(trickle::seed(n)),
        };
        Item {
            id: FIRST_ID + n + 1,
            n,
            seed,
            created_at: self.created_at(n),
        }
    }

    /// When item `n` was "written": before the start for the first screen,
    /// then at the pace it is released.
    fn created_at(&self, n: u64) -> Timestamp {
        let offset = n as i64 - self.initial as i64;
        if offset < 0 {
            return self.started_at + SignedDuration::from_mins(7) * offset as i32;
        }
        let (told, seeded) = self.seeded_phase();
        let release = SignedDuration::try_from(self.release).unwrap_or_default();
        if (offset as u64) < told {
            return self.started_at + release * offset as i32;
        }
        let later = (offset as u64 - told + 1) as i32;
        let seeded = SignedDuration::try_from(seeded).unwrap_or_default();
        self.started_at + seeded + release * TRICKLE_SLOWER as i32 * later
    }

    /// Released items on `channel`, newest first, with ids in (since, before).
    fn window(&self, channel: &str, since: u64, before: u64) -> impl Iterator<Item = Item<'_>> {
        (0..self.released())
            .rev()
            .map(|n| self.item(n))
            .filter(move |i| i.seed.channel == channel && i.id > since && i.id < before)
    }
}

fn user_id(item: &Item<'_>) -> String {
    (7_000_000_000u64 + item.n).to_string()
}

fn user_json(item: &Item<'_>) -> Value {
    json!({"id": user_id(item), "username": item.seed.handle, "name": item.seed.name})
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    since_id: Option<String>,
    pagination_token: Option<String>,
    max_results: Option<usize>,
}

fn authorised(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"))
}

fn unauthorised() -> Response {
    let body = json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"});
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

fn bounds(q: &PageQuery) -> (u64, u64, usize) {
    let since = q
        .since_id
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let before = q
        .pagination_token
        .as_deref()
        .and_then(|t| t.strip_prefix('p')?.parse().ok())
        .unwrap_or(u64::MAX);
    (since, before, q.max_results.unwrap_or(10).clamp(1, 100))
}

async fn mentions(
    State(feed): State<Arc<Feed>>,
    Path(account): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    if account != ACCOUNT_ID {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"errors": [{"title": "Not Found Error"}]})),
        )
            .into_response();
    }
    let (since, before, max) = bounds(&q);
    let items: Vec<Item<'_>> = feed.window("public", since, before).take(max + 1).collect();
    let more = items.len() > max;
    let page = &items[..items.len().min(max)];
    let data: Vec<Value> = page
        .iter()
        .map(|i| {
            json!({"id": i.id.to_string(), "text": i.seed.text, "author_id": user_id(i),
                "conversation_id": i.id.to_string(), "created_at": i.created_at.to_string(),
                "lang": i.seed.lang, "in_reply_to_user_id": ACCOUNT_ID,
                "edit_history_tweet_ids": [i.id.to_string()]})
        })
        .collect();
    let mut body = json!({"meta": {"result_count": data.len()}});
    if let (Some(first), Some(last)) = (page.first(), page.last()) {
        body["meta"]["newest_id"] = json!(first.id.to_string());
        body["meta"]["oldest_id"] = json!(last.id.to_string());
        body["data"] = json!(data);
        body["includes"] = json!({"users": page.iter().map(user_json).collect::<Vec<_>>()});
        if more {
            body["meta"]["next_token"] = json!(format!("p{}", last.id));
        }
    }
    Json(body).into_response()
}

async fn dm_events(
    State(feed): State<Arc<Feed>>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let (_, before, max) = bounds(&q);
    let items: Vec<Item<'_>> = feed.window("private", 0, before).take(max + 1).collect();
    let more = items.len() > max;
    let page = &items[..items.len().min(max)];
    let data: Vec<Value> = page
        .iter()
        .map(|i| {
            json!({"id": i.id.to_string(), "event_type": "MessageCreate", "text": i.seed.text,
                "sender_id": user_id(i), "dm_conversation_id": format!("{}-{}", user_id(i), ACCOUNT_ID),
                "created_at": i.created_at.to_string()})
        })
        .collect();
    let mut body = json!({"meta": {"result_count": data.len()}});
    if !data.is_empty() {
        body["data"] = json!(data);
        body["includes"] = json!({"users": page.iter().map(user_json).collect::<Vec<_>>()});
    }
    if let (true, Some(last)) = (more, page.last()) {
        body["meta"]["next_token"] = json!(format!("p{}", last.id));
    }
    Json(body).into_response()
}

#[derive(Debug, Deserialize)]
struct NewPost {
    text: String,
    reply: Option<ReplyTo>,
}

#[derive(Debug, Deserialize)]
struct ReplyTo {
    in_reply_to_tweet_id: String,
}

fn record(
    feed: &Feed,
    text: String,
    in_reply_to: Option<String>,
    recipient: Option<String>,
) -> String {
    let mut posted = feed.posted.lock().unwrap_or_else(|e| e.into_inner());
    let id = (FIRST_ID + 500_000_000 + posted.len() as u64).to_string();
    posted.push(Posted {
        id: id.clone(),
        text,
        in_reply_to,
        recipient,
        created_at: Timestamp::now(),
    });
    id
}

/// `POST /2/tweets`: the desk's public reply.
async fn post_tweet(
    State(feed): State<Arc<Feed>>,
    headers: HeaderMap,
    Json(post): Json<NewPost>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let text = post.text.clone();
    let id = record(
        &feed,
        post.text,
        post.reply.map(|r| r.in_reply_to_tweet_id),
        None,
    );
    (
        StatusCode::CREATED,
        Json(json!({"data": {"id": id, "text": text}})),
    )
        .into_response()
}

/// `POST /2/dm_conversations/with/:id/messages`: a private answer.
async fn post_dm(
    State(feed): State<Arc<Feed>>,
    Path(participant): Path<String>,
    headers: HeaderMap,
    Json(post): Json<NewPost>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let conversation = format!("{participant}-{ACCOUNT_ID}");
    let id = record(&feed, post.text, None, Some(participant));
    let body = json!({"data": {"dm_conversation_id": conversation, "dm_event_id": id}});
    (StatusCode::CREATED, Json(body)).into_response()
}

/// `GET /2/users/me`: the demo account, as X names the token's user.
async fn me(headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let data = json!({"id": ACCOUNT_ID, "username": "Kemlu_Demo", "name": "Kemlu (demo)"});
    Json(json!({ "data": data })).into_response()
}

/// `GET /2/users/:id/tweets`: the account's own replies (reconciliation).
async fn own_tweets(State(feed): State<Arc<Feed>>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let posted = feed.posted.lock().unwrap_or_else(|e| e.into_inner());
    let data: Vec<Value> = posted
        .iter()
        .rev()
        .filter_map(|p| {
            let to = p.in_reply_to.as_ref()?;
            Some(
                json!({"id": p.id, "text": p.text, "created_at": p.created_at.to_string(),
                "referenced_tweets": [{"type": "replied_to", "id": to}]}),
            )
        })
        .collect();
    let mut body = json!({"meta": {"result_count": data.len()}});
    if !data.is_empty() {
        body["data"] = json!(data);
    }
    Json(body).into_response()
}

/// `GET /2/dm_conversations/with/:id/dm_events`: the account's messages.
async fn own_dms(
    State(feed): State<Arc<Feed>>,
    Path(participant): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let posted = feed.posted.lock().unwrap_or_else(|e| e.into_inner());
    let data: Vec<Value> = posted
        .iter()
        .rev()
        .filter(|p| p.recipient.as_deref() == Some(participant.as_str()))
        .map(|p| {
            json!({"id": p.id, "text": p.text, "event_type": "MessageCreate",
                "sender_id": ACCOUNT_ID, "created_at": p.created_at.to_string()})
        })
        .collect();
    let mut body = json!({"meta": {"result_count": data.len()}});
    if !data.is_empty() {
        body["data"] = json!(data);
    }
    Json(body).into_response()
}

/// A running demo server.
pub struct DemoServer {
    pub addr: SocketAddr,
    feed: Arc<Feed>,
    task: tokio::task::JoinHandle<()>,
}

impl DemoServer {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where the demo's pretend mission duty desk takes webhook deliveries.
    pub fn mission_desk_url(&self) -> String {
        format!("{}{MISSION_DESK_PATH}", self.base_url())
    }

    /// The escalation bodies the pretend mission desk received.
    pub fn escalations(&self) -> Vec<Value> {
        self.feed
            .escalations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Everything the desk posted so far.
    pub fn posted(&self) -> Vec<Posted> {
        self.feed
            .posted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The pretend mission desk's path on the demo server.
const MISSION_DESK_PATH: &str = "/demo/mission-desk";

/// The secret the demo's webhook deliveries are signed with (the demo
/// writes it to a 0600 file in its data dir).
pub const MISSION_DESK_SECRET: &str = "demo-mission-desk-secret";

/// The pretend mission desk: takes any signed escalation and says so.
async fn mission_desk(
    State(feed): State<Arc<Feed>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !headers.contains_key("x-siaga-signature") {
        return (StatusCode::UNAUTHORIZED, "unsigned").into_response();
    }
    feed.escalations
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(body);
    (StatusCode::OK, Json(json!({ "received": true }))).into_response()
}

/// Start the demo feed on an ephemeral 127.0.0.1 port.
pub async fn start(initial: usize, release_every: Duration) -> std::io::Result<DemoServer> {
    let feed = Arc::new(Feed {
        seeds: seeds(),
        started: Instant::now(),
        started_at: Timestamp::now(),
        initial: initial as u64,
        release: release_every,
        posted: Mutex::new(Vec::new()),
        escalations: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/2/users/{id}/mentions", get(mentions))
        .route("/2/dm_events", get(dm_events))
        .route("/2/users/me", get(me))
        .route("/2/tweets", post(post_tweet))
        .route("/2/users/{id}/tweets", get(own_tweets))
        .route("/2/dm_conversations/with/{id}/messages", post(post_dm))
        .route("/2/dm_conversations/with/{id}/dm_events", get(own_dms))
        .route(MISSION_DESK_PATH, post(mission_desk))
        .with_state(feed.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("demo feed stopped: {e}");
        }
    });
    Ok(DemoServer { addr, feed, task })
}

#[cfg(test)]
mod tests;
