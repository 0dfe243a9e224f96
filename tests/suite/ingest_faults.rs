//! The real fetch code (the X and Mastodon adapters, the page walks, the
//! queue on disk) against a scriptable fake platform on 127.0.0.1.
//!
//! The fake speaks the shapes the recordings in tests/data show:
//! X API v2 mentions (`since_id`, `pagination_token`, `max_results`, 19-digit
//! string ids, `includes.users`, `meta.newest_id/next_token/result_count`,
//! `data` absent on an empty page) and Mastodon mention notifications
//! (`types[]`, `min_id`, `limit`, newest first, built from the recorded
//! notification objects). A script, a closure on (endpoint, request number),
//! swaps any answer for a fault: an error status, a rate limit, a cut
//! connection, a cut body, a slow server, an oversized body.
//!
//! After every fault the rule is the same: once polls succeed again, every
//! item the platform served is in the queue exactly once.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use siaga::ingest::{Fetcher, Health, Platform, PollCount, backoff, poll_once, run_fetcher};
use siaga::model::{Channel, Inquiry, Status};
use siaga::queue::{LocalQueue, QueuePosWire, QueueService, ViewQuery};
use siaga::source::SourceError;
use siaga::source::http::MAX_BODY_BYTES;
use siaga::source::mastodon::MastodonClient;
use siaga::source::x::XClient;
use siaga::triage::Lexicon;

const X_ACCOUNT: &str = "1278933212344557569";
/// The recorded test account the fixtures' mentions address.
const MASTO_ACCOUNT: &str = "117020565966271181";
const TOKEN: &str = "token-one";
const X_SOURCE: &str = "kemlu-x";
const MASTO_SOURCE: &str = "kemlu-masto";
const X_CURSOR: &str = "kemlu-x/mentions";
const MASTO_CURSOR: &str = "kemlu-masto/notifications";

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

// ---------------------------------------------------------------------------
// The fake platform
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ep {
    Mentions,
    Dms,
    Notifications,
}

/// What the script puts in place of the normal answer.
#[derive(Debug, Clone)]
enum Fault {
    /// This status, these headers, this body.
    Status {
        code: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Declare the page's full length, send half, then drop the connection.
    Truncate,
    /// A 200 carrying the page cut mid-object, with a Content-Length that
    /// matches what is sent.
    CutJson,
    /// Sleep this long before answering normally.
    Slow(Duration),
    /// Send the headers and half the page, stall this long, then the rest.
    StallBody(Duration),
    /// A valid 200 page padded to `bytes`; `declared` sends a Content-Length,
    /// otherwise the body is chunked.
    Huge { bytes: usize, declared: bool },
    /// The page with an `errors` array beside `data` (X only).
    PartialErrors,
}

impl Fault {
    fn status(code: u16, body: &str) -> Fault {
        Fault::Status {
            code,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Fault {
        if let Fault::Status { headers, .. } = &mut self {
            headers.push((name, value.to_string()));
        }
        self
    }
}

type Script = Box<dyn Fn(Ep, usize) -> Option<Fault> + Send + Sync>;

/// One request as the fake received it.
#[derive(Debug, Clone)]
struct Seen {
    ep: Ep,
    query: Vec<(String, String)>,
}

impl Seen {
    fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

struct XItem {
    id: String,
    tweet: Value,
    user: Value,
    /// False for what the desk must not queue (retweets).
    inquiry: bool,
}

struct MastoItem {
    id: u64,
    notification: Value,
    /// The status id the desk queues, if it should queue one.
    expect: Option<String>,
}

struct Fake {
    x: Mutex<Vec<XItem>>,
    masto: Mutex<Vec<MastoItem>>,
    /// Most items one X page holds (X may return fewer than max_results).
    x_page_cap: usize,
    script: Mutex<Script>,
    seen: Mutex<Vec<Seen>>,
    tokens: Mutex<Vec<String>>,
    /// The Mastodon template: a recorded mention notification.
    template: Value,
    next_x: Mutex<u64>,
    next_masto: Mutex<u64>,
}

fn recorded(platform: &str, name: &str) -> Vec<Value> {
    crate::common::fixtures::cassette(platform, name)
}

const USERS: [(&str, &str, &str); 6] = [
    ("1490211843123453953", "siti_rahma88", "Siti Rahmawati"),
    ("783214", "budi_tkw", "Budi Santoso"),
    ("1360501772883918848", "dewi.hk", "Dewi 🇮🇩 HK"),
    ("2244994945", "agus_pmi_taiwan", "Agus P."),
    ("1577720403929350144", "nur_aini", "نور عيني"),
    ("9223372036854775807", "maxid_user", "Max Id"),
];

const TEXTS: [&str; 6] = [
    "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan",
    "@Kemlu_RI mohon info syarat perpanjang paspor di KBRI Tokyo",
    "@Kemlu_RI My brother is held in a compound in Sihanoukville, they want ransom https://t.co/abc",
    "@Kemlu_RI @KBRI_KualaLumpur kapan jadwal pemilu di luar negeri?",
    "@Kemlu_RI terima kasih Kemlu atas bantuannya 🙏🇮🇩",
    "@Kemlu_RI ibu saya sakit keras di Jeddah, mohon bantuan segera\n\nno hp 0812xxxx",
];

impl Fake {
    fn new(x_page_cap: usize) -> Arc<Fake> {
        let template =
            recorded("mastodon", "test_notifications_mentions_only.decoded.json")[1]["body"][0]
                .clone();
        assert_eq!(template["type"], "mention", "the recorded template");
        Arc::new(Fake {
            x: Mutex::new(Vec::new()),
            masto: Mutex::new(Vec::new()),
            x_page_cap,
            script: Mutex::new(Box::new(|_, _| None)),
            seen: Mutex::new(Vec::new()),
            tokens: Mutex::new(vec![TOKEN.to_string()]),
            template,
            next_x: Mutex::new(1_861_234_500_000_000_000),
            // Crosses 999 -> 1000: ids must compare as numbers, not text.
            next_masto: Mutex::new(990),
        })
    }

    fn script(&self, f: impl Fn(Ep, usize) -> Option<Fault> + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Box::new(f);
    }

    fn clear_script(&self) {
        self.script(|_, _| None);
    }

    fn revoke(&self, token: &str) {
        self.tokens.lock().unwrap().retain(|t| t != token);
    }

    fn grant(&self, token: &str) {
        self.tokens.lock().unwrap().push(token.to_string());
    }

    /// Record a request and ask the script about it.
    fn arrive(&self, ep: Ep, query: &[(String, String)]) -> Option<Fault> {
        let n = {
            let mut seen = self.seen.lock().unwrap();
            let n = seen.iter().filter(|s| s.ep == ep).count();
            seen.push(Seen {
                ep,
                query: query.to_vec(),
            });
            n
        };
        (self.script.lock().unwrap())(ep, n)
    }

    fn requests(&self, ep: Ep) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.ep == ep)
            .cloned()
            .collect()
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        self.tokens
            .lock()
            .unwrap()
            .iter()
            .any(|t| auth == format!("Bearer {t}"))
    }

    // --- X feed ---

    fn add_x(&self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.push_x(None, false)).collect()
    }

    /// A retweet of the ministry: served, never queued.
    fn add_x_retweet(&self) -> String {
        self.push_x(None, true)
    }

    /// A reply by the same author in the conversation of `to`.
    fn add_x_reply(&self, to: &str) -> String {
        self.push_x(Some(to.to_string()), false)
    }

    fn push_x(&self, reply_to: Option<String>, retweet: bool) -> String {
        let mut x = self.x.lock().unwrap();
        let mut next = self.next_x.lock().unwrap();
        // Ids grow by uneven steps, as snowflakes do.
        *next += 1_000_003 + (x.len() as u64 % 7) * 65_537;
        let id = next.to_string();
        let i = x.len();
        let parent = reply_to.and_then(|p| x.iter().find(|t| t.id == p));
        let user_index = match parent {
            Some(p) => USERS
                .iter()
                .position(|u| u.0 == p.user["id"])
                .expect("parent author"),
            None => i % USERS.len(),
        };
        let (uid, username, name) = USERS[user_index];
        let created = Timestamp::from_second(1_764_300_000 + i as i64 * 60).unwrap();
        let mut tweet = json!({
            "edit_history_tweet_ids": [id],
            "id": id,
            "text": format!("{} ({i})", TEXTS[i % TEXTS.len()]),
            "author_id": uid,
            "conversation_id": id,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string(),
            "lang": if i.is_multiple_of(3) { "en" } else { "in" },
        });
        if let Some(p) = parent {
            tweet["conversation_id"] = p.tweet["conversation_id"].clone();
            tweet["in_reply_to_user_id"] = json!(X_ACCOUNT);
            tweet["referenced_tweets"] = json!([{"type": "replied_to", "id": p.id}]);
            tweet["text"] = json!(format!("@Kemlu_RI masih belum ada kabar, tolong ({i})"));
        }
        if retweet {
            tweet["text"] = json!("RT @Kemlu_RI: Hati-hati tawaran kerja online di Kamboja");
            tweet["referenced_tweets"] =
                json!([{"type": "retweeted", "id": "1577000000000000001"}]);
        }
        x.push(XItem {
            id: id.clone(),
            tweet,
            user: json!({"id": uid, "name": name, "username": username}),
            inquiry: !retweet,
        });
        id
    }

    fn x_expected(&self) -> BTreeSet<String> {
        let x = self.x.lock().unwrap();
        x.iter()
            .filter(|t| t.inquiry)
            .map(|t| t.id.clone())
            .collect()
    }

    fn x_newest(&self) -> Option<String> {
        self.x.lock().unwrap().last().map(|t| t.id.clone())
    }

    /// One mentions page, as X builds it: newest first, strictly newer than
    /// `since_id`, continuing at `pagination_token`.
    fn x_page(&self, q: &[(String, String)]) -> Result<Value, String> {
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let max: usize = match get("max_results") {
            Some(v) => v.parse().map_err(|_| format!("max_results {v}"))?,
            None => 10,
        };
        if !(5..=100).contains(&max) {
            return Err(format!("max_results {max} is not between 5 and 100"));
        }
        let since = get("since_id").map(|s| s.parse::<u64>().map_err(|_| format!("since_id {s}")));
        let since = since.transpose()?;
        let start = match get("pagination_token") {
            Some(t) => Some(decode_token(t).ok_or_else(|| format!("pagination_token {t}"))?),
            None => None,
        };
        let x = self.x.lock().unwrap();
        let eligible: Vec<&XItem> = x
            .iter()
            .rev()
            .filter(|t| {
                let id: u64 = t.id.parse().unwrap();
                since.is_none_or(|s| id > s) && start.is_none_or(|s| id <= s)
            })
            .collect();
        let take = max.min(self.x_page_cap);
        let page = &eligible[..take.min(eligible.len())];
        if page.is_empty() {
            return Ok(json!({"meta": {"result_count": 0}}));
        }
        let mut users: Vec<Value> = Vec::new();
        for t in page {
            if !users.contains(&t.user) {
                users.push(t.user.clone());
            }
        }
        let mut meta = json!({
            "result_count": page.len(),
            "newest_id": page[0].id,
            "oldest_id": page[page.len() - 1].id,
        });
        if let Some(next) = eligible.get(take) {
            meta["next_token"] = json!(encode_token(next.id.parse().unwrap()));
        }
        Ok(json!({
            "data": page.iter().map(|t| t.tweet.clone()).collect::<Vec<_>>(),
            "includes": {"users": users},
            "meta": meta,
        }))
    }

    // --- Mastodon feed ---

    fn masto_notification(&self, id: u64, status_id: &str, who: usize) -> Value {
        let mut n = self.template.clone();
        let (uid, username, name) = USERS[who % USERS.len()];
        let acct = format!("{}@mastodon.social", username.replace('.', "_"));
        let created = Timestamp::from_second(1_785_592_300 + id as i64 * 30).unwrap();
        let at = created.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string();
        let account = json!({
            "id": uid, "username": username, "acct": acct, "display_name": name,
            "url": format!("https://mastodon.social/@{username}"),
        });
        n["id"] = json!(id.to_string());
        n["group_key"] = json!(format!("ungrouped-{id}"));
        n["created_at"] = json!(at);
        for (k, v) in account.as_object().unwrap() {
            n["account"][k] = v.clone();
            n["status"]["account"][k] = v.clone();
        }
        let s = &mut n["status"];
        s["id"] = json!(status_id);
        s["created_at"] = json!(at);
        s["uri"] = json!(format!(
            "https://mastodon.social/users/{username}/statuses/{status_id}"
        ));
        s["url"] = json!(format!("https://mastodon.social/@{username}/{status_id}"));
        s["language"] = json!("id");
        s["content"] = json!(format!(
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"http://localhost:3000/@mastodonpy_test\" class=\"u-url mention\">@<span>mastodonpy_test</span></a></span> tolong &amp; segera, paspor saya hilang ({id})<br>lihat <a href=\"https://kemlu.go.id/osaka\" rel=\"nofollow noopener\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"\">kemlu.go.id/osaka</span></a></p>"
        ));
        n
    }

    fn push_masto(&self, f: impl FnOnce(&Fake, u64, String) -> (Value, Option<String>)) -> u64 {
        let id = {
            let mut next = self.next_masto.lock().unwrap();
            *next += 1;
            *next
        };
        let status_id = (117_020_577_157_693_549u64 + id * 4_096).to_string();
        let (notification, expect) = f(self, id, status_id);
        self.masto.lock().unwrap().push(MastoItem {
            id,
            notification,
            expect,
        });
        id
    }

    fn add_masto(&self, n: usize) {
        for _ in 0..n {
            self.push_masto(|f, id, sid| {
                (
                    f.masto_notification(id, &sid, id as usize),
                    Some(sid.clone()),
                )
            });
        }
    }

    /// The notifications a real instance sends that are not plain public
    /// mentions: a mention whose status is gone (`status: null`), a direct
    /// message naming a remote account, a favourite (which `types[]=mention`
    /// filters out on the server).
    fn add_masto_specials(&self) -> (String, String) {
        self.push_masto(|f, id, sid| {
            let mut n = f.masto_notification(id, &sid, 1);
            n["status"] = Value::Null;
            (n, None)
        });
        let mut direct = String::new();
        self.push_masto(|f, id, sid| {
            let mut n = f.masto_notification(id, &sid, 2);
            n["status"]["visibility"] = json!("direct");
            n["status"]["content"] = json!(
                "<p><span class=\"h-card\" translate=\"no\"><a href=\"http://localhost:3000/@mastodonpy_test\" class=\"u-url mention\">@<span>mastodonpy_test</span></a></span> <span class=\"h-card\"><a href=\"https://mastodon.social/@siti\" class=\"u-url mention\">@<span>siti</span></a></span> suami saya ditahan di Kuching</p><p>mohon &lt;segera&gt;</p>"
            );
            n["status"]["mentions"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "1", "username": "siti", "url": "https://mastodon.social/@siti", "acct": "siti@mastodon.social"}));
            direct = sid.clone();
            (n, Some(sid))
        });
        let mut favourite = String::new();
        self.push_masto(|f, id, sid| {
            let mut n = f.masto_notification(id, &sid, 3);
            n["type"] = json!("favourite");
            favourite = sid;
            (n, None)
        });
        (direct, favourite)
    }

    /// Where the notifications cursor must end: the newest mention
    /// notification (a favourite is never served to a `types[]=mention`
    /// poll).
    fn masto_newest_mention(&self) -> Option<String> {
        let m = self.masto.lock().unwrap();
        m.iter()
            .rev()
            .find(|n| n.notification["type"] == "mention")
            .map(|n| n.id.to_string())
    }

    fn masto_expected(&self) -> BTreeSet<String> {
        let m = self.masto.lock().unwrap();
        m.iter().filter_map(|n| n.expect.clone()).collect()
    }

    /// A notifications page as Mastodon builds it: of the requested types;
    /// with `min_id`, the `limit` right after it; without, the newest
    /// `limit`; newest first either way.
    fn masto_page(&self, q: &[(String, String)]) -> Result<(Value, String), String> {
        let types: Vec<&str> = q
            .iter()
            .filter(|(k, _)| k == "types[]")
            .map(|(_, v)| v.as_str())
            .collect();
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let limit = match get("limit") {
            Some(v) => v.parse::<usize>().map_err(|_| format!("limit {v}"))?,
            None => 40,
        }
        .clamp(1, 80);
        let min_id = match get("min_id") {
            Some(v) => Some(v.parse::<u64>().map_err(|_| format!("min_id {v}"))?),
            None => None,
        };
        let m = self.masto.lock().unwrap();
        let of_type = m.iter().filter(|n| {
            types.is_empty()
                || types
                    .iter()
                    .any(|t| n.notification["type"].as_str() == Some(t))
        });
        let mut page: Vec<&MastoItem> = match min_id {
            Some(min) => of_type.filter(|n| n.id > min).take(limit).collect(),
            None => {
                let all: Vec<_> = of_type.collect();
                all[all.len().saturating_sub(limit)..].to_vec()
            }
        };
        page.reverse();
        let link = match (page.first(), page.last()) {
            (Some(newest), Some(oldest)) => format!(
                "<http://localhost:3000/api/v1/notifications?max_id={}&types%5B%5D=mention>; rel=\"next\", <http://localhost:3000/api/v1/notifications?min_id={}&types%5B%5D=mention>; rel=\"prev\"",
                oldest.id, newest.id
            ),
            _ => String::new(),
        };
        Ok((
            Value::Array(page.iter().map(|n| n.notification.clone()).collect()),
            link,
        ))
    }
}

fn encode_token(id: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let (mut n, mut out) = (id, Vec::new());
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    format!("7140d{}", String::from_utf8(out).unwrap())
}

fn decode_token(token: &str) -> Option<u64> {
    u64::from_str_radix(token.strip_prefix("7140d")?, 36).ok()
}

// --- HTTP side ---

enum Step {
    Bytes(Vec<u8>),
    Pause(Duration),
    Fail,
}

fn streamed(steps: Vec<Step>) -> Body {
    let stream = futures::stream::unfold(steps.into_iter(), |mut steps| async move {
        loop {
            match steps.next()? {
                Step::Bytes(b) => return Some((Ok(Bytes::from(b)), steps)),
                Step::Pause(d) => tokio::time::sleep(d).await,
                Step::Fail => {
                    return Some((
                        Err(std::io::Error::other("connection cut by the test")),
                        steps,
                    ));
                }
            }
        }
    });
    Body::from_stream(stream)
}

fn response(code: u16, headers: &[(&str, String)], body: Body) -> Response {
    let mut b = Response::builder().status(code);
    let has_type = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
    if !has_type {
        b = b.header("content-type", "application/json; charset=utf-8");
    }
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    b.body(body).unwrap()
}

/// The normal answer, or the scripted fault in its place.
async fn answer(fault: Option<Fault>, mut page: Value, headers: Vec<(&str, String)>) -> Response {
    let full = |page: &Value| serde_json::to_vec(page).unwrap();
    match fault {
        None => response(200, &headers, Body::from(full(&page))),
        Some(Fault::Status {
            code,
            headers: extra,
            body,
        }) => response(code, &extra, Body::from(body)),
        Some(Fault::Slow(d)) => {
            tokio::time::sleep(d).await;
            response(200, &headers, Body::from(full(&page)))
        }
        Some(Fault::StallBody(d)) => {
            let body = full(&page);
            let half = body.len() / 2;
            let mut headers = headers;
            headers.push(("content-length", body.len().to_string()));
            let steps = vec![
                Step::Bytes(body[..half].to_vec()),
                Step::Pause(d),
                Step::Bytes(body[half..].to_vec()),
            ];
            response(200, &headers, streamed(steps))
        }
        Some(Fault::Truncate) => {
            let body = full(&page);
            let mut headers = headers;
            headers.push(("content-length", body.len().to_string()));
            let steps = vec![
                Step::Bytes(body[..body.len() / 2].to_vec()),
                Step::Pause(Duration::from_millis(30)),
                Step::Fail,
            ];
            response(200, &headers, streamed(steps))
        }
        Some(Fault::CutJson) => {
            let body = full(&page);
            // Cut inside an object, after a key's opening quote if possible.
            let cut = body[..body.len() / 2]
                .iter()
                .rposition(|&b| b == b'"')
                .map_or(body.len() / 2, |p| p + 1);
            response(200, &headers, Body::from(body[..cut].to_vec()))
        }
        Some(Fault::Huge { bytes, declared }) => {
            let head = br#"{"meta":{"result_count":0},"pad":""#.to_vec();
            let tail = br#""}"#.to_vec();
            let pad = bytes - head.len() - tail.len();
            if declared {
                let mut body = head;
                body.resize(body.len() + pad, b'x');
                body.extend_from_slice(&tail);
                response(200, &headers, Body::from(body))
            } else {
                let mut steps = vec![Step::Bytes(head)];
                let chunk = 64 * 1024;
                let mut left = pad;
                while left > 0 {
                    let n = left.min(chunk);
                    steps.push(Step::Bytes(vec![b'x'; n]));
                    left -= n;
                }
                steps.push(Step::Bytes(tail));
                response(200, &headers, streamed(steps))
            }
        }
        Some(Fault::PartialErrors) => {
            page["errors"] = json!([{
                "value": "1577000000000000000",
                "detail": "Could not find tweet with referenced_tweets.id: [1577000000000000000].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "referenced_tweets.id",
                "resource_id": "1577000000000000000",
                "type": "https://api.twitter.com/2/problems/resource-not-found"
            }]);
            response(200, &headers, Body::from(full(&page)))
        }
    }
}

fn x_rate_headers() -> Vec<(&'static str, String)> {
    vec![
        ("api-version", "2.52".into()),
        ("x-rate-limit-limit", "450".into()),
        ("x-rate-limit-remaining", "448".into()),
        (
            "x-rate-limit-reset",
            (Timestamp::now().as_second() + 900).to_string(),
        ),
    ]
}

fn x_unauthorized() -> Response {
    response(
        401,
        &[],
        Body::from(
            r#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#,
        ),
    )
}

fn x_invalid(detail: String) -> Response {
    let body = json!({
        "errors": [{"parameters": {}, "message": detail}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request"
    });
    response(400, &[], Body::from(body.to_string()))
}

async fn x_mentions(
    State(fake): State<Arc<Fake>>,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let fault = fake.arrive(Ep::Mentions, &q);
    if fault.is_none() && !fake.authorized(&headers) {
        return x_unauthorized();
    }
    if id != X_ACCOUNT {
        return x_invalid(format!("no user {id}"));
    }
    match fake.x_page(&q) {
        Ok(page) => answer(fault, page, x_rate_headers()).await,
        Err(e) => x_invalid(e),
    }
}

async fn x_dm_events(
    State(fake): State<Arc<Fake>>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let fault = fake.arrive(Ep::Dms, &q);
    if fault.is_none() && !fake.authorized(&headers) {
        return x_unauthorized();
    }
    answer(
        fault,
        json!({"meta": {"result_count": 0}}),
        x_rate_headers(),
    )
    .await
}

async fn masto_notifications(
    State(fake): State<Arc<Fake>>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let fault = fake.arrive(Ep::Notifications, &q);
    if fault.is_none() && !fake.authorized(&headers) {
        return response(
            401,
            &[],
            Body::from(r#"{"error":"The access token was revoked"}"#),
        );
    }
    let reset = (Timestamp::now() + SignedDuration::from_mins(5))
        .strftime("%Y-%m-%dT%H:%M:%S.%6fZ")
        .to_string();
    match fake.masto_page(&q) {
        Ok((page, link)) => {
            let mut headers = vec![
                ("x-ratelimit-limit", "300".to_string()),
                ("x-ratelimit-remaining", "299".to_string()),
                ("x-ratelimit-reset", reset),
            ];
            if !link.is_empty() {
                headers.push(("link", link));
            }
            answer(fault, page, headers).await
        }
        Err(e) => response(
            422,
            &[],
            Body::from(json!({ "error": format!("Validation failed: {e}") }).to_string()),
        ),
    }
}

async fn start(fake: Arc<Fake>) -> String {
    let router = Router::new()
        .route("/2/users/{id}/mentions", get(x_mentions))
        .route("/2/dm_events", get(x_dm_events))
        .route("/api/v1/notifications", get(masto_notifications))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

// ---------------------------------------------------------------------------
// The desk side
// ---------------------------------------------------------------------------

struct Desk {
    fake: Arc<Fake>,
    base: String,
    queue: Arc<dyn QueueService>,
    lexicon: Lexicon,
    _dir: tempfile::TempDir,
}

impl Desk {
    async fn new(fake: Arc<Fake>) -> Desk {
        let base = start(fake.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        let queue: Arc<dyn QueueService> = LocalQueue::open(dir.path(), 16 << 20).unwrap();
        Desk {
            fake,
            base,
            queue,
            lexicon: Lexicon::builtin(),
            _dir: dir,
        }
    }

    fn x(&self, timeout: Duration, token: &str) -> Fetcher {
        let http = siaga::source::http::client(timeout);
        let client = XClient::new(http, &self.base, X_ACCOUNT, token.into());
        Fetcher::x(X_SOURCE, Duration::from_secs(60), client)
    }

    fn masto(&self, timeout: Duration, token: &str) -> Fetcher {
        let http = siaga::source::http::client(timeout);
        Fetcher {
            limits: siaga::ingest::WalkLimits::default(),
            name: MASTO_SOURCE.into(),
            poll: Duration::from_secs(60),
            platform: Platform::Mastodon(MastodonClient::new(
                http,
                &self.base,
                MASTO_ACCOUNT,
                token.into(),
            )),
        }
    }

    async fn poll(&self, f: &Fetcher) -> Result<PollCount, SourceError> {
        tokio::time::timeout(
            Duration::from_secs(30),
            poll_once(&self.queue, f, &self.lexicon),
        )
        .await
        .expect("a poll never hangs")
    }

    fn cursor(&self, key: &str) -> Option<String> {
        self.queue.cursor(key).unwrap()
    }

    /// Every inquiry, paging the listing over all statuses.
    fn all_inquiries(&self) -> Vec<Inquiry> {
        let (mut out, mut after) = (Vec::new(), None);
        loop {
            let page = self.queue.list(&every_status(after, 17)).unwrap();
            let Some(last) = page.last() else { break };
            after = Some(QueuePosWire::of(last));
            out.extend(page);
        }
        out
    }

    fn inquiries(&self, source: &str) -> Vec<Inquiry> {
        let mut all = self.all_inquiries();
        all.retain(|i| i.source == source);
        all
    }

    /// The platform ids stored for `source`: each inquiry's own, and those
    /// of the follow-ups attached to it.
    fn stored(&self, source: &str) -> Vec<String> {
        self.inquiries(source)
            .iter()
            .flat_map(|i| {
                std::iter::once(i.external_id.clone())
                    .chain(i.followups.iter().map(|f| f.external_id.clone()))
            })
            .collect()
    }

    fn assert_exactly_once(&self, source: &str, expected: &BTreeSet<String>) {
        let all = self.all_inquiries();
        let ids: BTreeSet<u64> = all.iter().map(|i| i.id.0).collect();
        assert_eq!(ids.len(), all.len(), "an inquiry id listed twice");
        let counts = self.queue.counts().unwrap();
        let total: u64 = Status::ALL.iter().map(|s| counts.get(*s)).sum();
        assert_eq!(
            total as usize,
            all.len(),
            "status counts agree with the listing"
        );
        let stored = self.stored(source);
        let mut seen = BTreeSet::new();
        let dups: Vec<&String> = stored
            .iter()
            .filter(|id| !seen.insert(id.to_string()))
            .collect();
        assert!(dups.is_empty(), "{source}: stored twice: {dups:?}");
        let missing: Vec<_> = expected.difference(&seen).collect();
        let extra: Vec<_> = seen.difference(expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{source}: {} stored, {} served; missing {missing:?}; not served {extra:?}",
            seen.len(),
            expected.len()
        );
    }

    fn assert_x_complete(&self) {
        self.assert_exactly_once(X_SOURCE, &self.fake.x_expected());
        assert_eq!(self.cursor(X_CURSOR), self.fake.x_newest());
    }

    fn assert_masto_complete(&self) {
        self.assert_exactly_once(MASTO_SOURCE, &self.fake.masto_expected());
        assert_eq!(self.cursor(MASTO_CURSOR), self.fake.masto_newest_mention());
    }
}

/// A view of every status. Built through serde, so that any field a view
/// gains with a serde default (a facet, a filter) keeps that default here.
fn every_status(after: Option<QueuePosWire>, limit: usize) -> ViewQuery {
    serde_json::from_value(json!({"statuses": Status::ALL, "after": after, "limit": limit}))
        .expect("a ViewQuery of statuses, after and limit")
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

const LONG: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_x_speaks_the_recorded_shape() {
    // The fake's pages parse like the recording does, so the scenarios below
    // test the adapter against what X really sends.
    let fake = Fake::new(10);
    fake.add_x(12);
    let page = fake
        .x_page(&[("max_results".into(), "100".into())])
        .unwrap();
    let recorded_page = &recorded("x", "test_client_get_users_mentions.decoded.json")[0]["body"];
    for key in ["data", "meta"] {
        assert!(recorded_page.get(key).is_some() && page.get(key).is_some());
    }
    let rec_keys: BTreeSet<&String> = recorded_page["meta"].as_object().unwrap().keys().collect();
    let our_keys: BTreeSet<&String> = page["meta"].as_object().unwrap().keys().collect();
    assert_eq!(rec_keys, our_keys, "meta keys as X sends them");
    assert_eq!(page["data"].as_array().unwrap().len(), 10);
    assert!(page["data"][0]["id"].as_str().unwrap().len() == 19);
    let parsed = siaga::source::x::parse_mentions(page.to_string().as_bytes()).unwrap();
    assert_eq!(parsed.posts.len(), 10);
    assert_eq!(parsed.posts[0].author.handle, USERS[11 % USERS.len()].1);
    let empty = fake
        .x_page(&[
            ("max_results".into(), "100".into()),
            ("since_id".into(), fake.x_newest().unwrap()),
        ])
        .unwrap();
    assert_eq!(empty, json!({"meta": {"result_count": 0}}), "no data key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_429_waits_until_the_reset_then_fetches_everything() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(25);
    let reset = Timestamp::now().as_second() + 600;
    desk.fake.script(move |ep, n| {
        (ep == Ep::Mentions && n == 0).then(|| {
            Fault::status(
                429,
                r#"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#,
            )
            .with("x-rate-limit-limit", 450)
            .with("x-rate-limit-remaining", 0)
            .with("x-rate-limit-reset", reset)
        })
    });
    let x = desk.x(LONG, TOKEN);
    let err = desk.poll(&x).await.unwrap_err();
    assert_eq!(
        err,
        SourceError::RateLimited {
            until: Timestamp::from_second(reset).unwrap()
        }
    );
    assert!(!err.is_fatal());
    assert_eq!(desk.cursor(X_CURSOR), None);
    assert!(desk.stored(X_SOURCE).is_empty());

    let count = desk.poll(&x).await.unwrap();
    assert_eq!((count.new, count.duplicate), (25, 0));
    desk.assert_x_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_429_waits_until_the_iso_reset() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_masto(5);
    let reset = "2031-03-14T09:26:53.589793Z";
    desk.fake.script(move |ep, n| {
        (ep == Ep::Notifications && n == 0).then(|| {
            Fault::status(429, r#"{"error":"Terlalu banyak permintaan"}"#)
                .with("x-ratelimit-limit", 300)
                .with("x-ratelimit-remaining", 0)
                .with("X-RateLimit-Reset", reset)
        })
    });
    let m = desk.masto(LONG, TOKEN);
    let err = desk.poll(&m).await.unwrap_err();
    assert_eq!(
        err,
        SourceError::RateLimited {
            until: reset.parse().unwrap()
        }
    );
    assert_eq!(desk.cursor(MASTO_CURSOR), None);
    assert_eq!(desk.poll(&m).await.unwrap().new, 5);
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_wins_over_both_platform_resets() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(3);
    desk.fake.add_masto(3);
    let x_reset = Timestamp::now().as_second() + 900;
    desk.fake.script(move |ep, n| {
        (ep != Ep::Dms && n == 0).then(|| match ep {
            Ep::Notifications => Fault::status(429, r#"{"error":"Too many requests"}"#)
                .with("X-RateLimit-Reset", "2031-03-14T09:26:53.589793Z")
                .with("Retry-After", 7),
            _ => Fault::status(429, "{}")
                .with("x-rate-limit-reset", x_reset)
                .with("retry-after", 7),
        })
    });
    for f in [desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN)] {
        let before = Timestamp::now();
        let err = desk.poll(&f).await.unwrap_err();
        let after = Timestamp::now();
        let SourceError::RateLimited { until } = err else {
            panic!("{}: {err:?}", f.name)
        };
        let seven = SignedDuration::from_secs(7);
        assert!(
            until >= before + seven - SignedDuration::from_secs(1) && until <= after + seven,
            "{}: Retry-After: 7 gives now+7s, got {until} (polled {before}..{after})",
            f.name
        );
        desk.poll(&f).await.unwrap();
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

/// A 5-page walk whose third page fails, for each way a page can fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_on_page_3_keeps_the_cursor_and_the_next_poll_rewalks() {
    type Expect = fn(&SourceError) -> bool;
    let faults: Vec<(&str, Fault, Expect)> = vec![
        (
            "500",
            Fault::status(500, r#"{"title":"Internal Server Error"}"#),
            |e| matches!(e, SourceError::Server { status: 500, .. }),
        ),
        (
            "429",
            Fault::status(429, "{}").with("x-rate-limit-reset", Timestamp::now().as_second() + 60),
            |e| matches!(e, SourceError::RateLimited { .. }),
        ),
        ("dropped connection", Fault::Truncate, |e| {
            matches!(e, SourceError::Network(_) | SourceError::Malformed(_))
        }),
        ("cut JSON", Fault::CutJson, |e| {
            matches!(e, SourceError::Malformed(_))
        }),
        (
            "slow",
            Fault::Slow(Duration::from_secs(2)),
            |e| matches!(e, SourceError::Network(m) if m.contains("timed out")),
        ),
    ];
    for (what, fault, expected) in faults {
        let desk = Desk::new(Fake::new(10)).await;
        let first = desk.fake.add_x(10);
        let x = desk.x(ms(500), TOKEN);
        desk.poll(&x).await.unwrap();
        let cursor = desk.cursor(X_CURSOR);
        assert_eq!(cursor.as_deref(), first.last().map(String::as_str));

        // 50 new mentions: five pages of ten, newest first.
        let new = desk.fake.add_x(50);
        let before = desk.fake.requests(Ep::Mentions).len();
        let at = before + 2;
        desk.fake
            .script(move |ep, n| (ep == Ep::Mentions && n == at).then(|| fault.clone()));
        let err = desk.poll(&x).await.unwrap_err();
        eprintln!("page 3 {what}: {err}");
        assert!(expected(&err), "{what}: got {err:?}");
        let walk = &desk.fake.requests(Ep::Mentions)[before..];
        assert_eq!(walk.len(), 3, "{what}: the walk stops at page 3");
        for r in walk {
            assert_eq!(
                r.get("since_id"),
                cursor.as_deref(),
                "{what}: same since_id"
            );
        }
        // Pages 1 and 2 (the 20 newest) are stored; the cursor has not moved.
        let stored: BTreeSet<String> = desk.stored(X_SOURCE).into_iter().collect();
        let want: BTreeSet<String> = first.iter().chain(&new[30..]).cloned().collect();
        assert_eq!(stored, want, "{what}: pages 1-2 kept");
        assert_eq!(desk.cursor(X_CURSOR), cursor, "{what}: cursor unchanged");

        // Something new arrives before the next poll; it re-walks from the
        // old cursor, finds everything, and moves the cursor to the newest.
        desk.fake.add_x(3);
        desk.fake.clear_script();
        let mark = desk.fake.requests(Ep::Mentions).len();
        let count = desk.poll(&x).await.unwrap();
        assert_eq!(
            (count.new, count.duplicate),
            (33, 20),
            "{what}: re-walk dedupes"
        );
        let rewalk = &desk.fake.requests(Ep::Mentions)[mark..];
        assert_eq!(rewalk.len(), 6, "{what}: 53 items in pages of 10");
        assert!(
            rewalk
                .iter()
                .all(|r| r.get("since_id") == cursor.as_deref())
        );
        desk.assert_x_complete();
        // And once more: nothing changes.
        let again = desk.poll(&x).await.unwrap();
        assert_eq!((again.new, again.duplicate), (0, 0), "{what}");
        desk.assert_x_complete();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_storm_loses_nothing() {
    let desk = Desk::new(Fake::new(10)).await;
    desk.fake.add_x(15);
    desk.fake.add_masto(15);
    let codes = [500u16, 502, 503];
    desk.fake.script(move |ep, n| {
        (ep != Ep::Dms && n < 10)
            .then(|| Fault::status(codes[n % 3], HTML_502).with("content-type", "text/html"))
    });
    for f in [desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN)] {
        for i in 0..10 {
            match desk.poll(&f).await {
                Err(SourceError::Server { status, detail }) => {
                    assert_eq!(status, codes[i % 3], "{}", f.name);
                    // The page is described, never quoted (#20 item 12).
                    assert!(detail.contains("bytes of HTML"), "{detail}");
                    assert!(!detail.contains('\n') && !detail.contains('\r'));
                }
                other => panic!("{} poll {i}: {other:?}", f.name),
            }
        }
        let count = desk.poll(&f).await.unwrap();
        assert_eq!(count.new, 15, "{}", f.name);
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[test]
fn backoff_grows_and_is_capped() {
    let secs = |n| backoff(n).as_secs_f64();
    for n in 1..8 {
        assert!(
            secs(n + 1) > secs(n) + 0.5,
            "backoff({}) = {} after backoff({n}) = {}",
            n + 1,
            secs(n + 1),
            secs(n)
        );
    }
    assert!(
        secs(1) >= 2.0 && secs(1) < 3.0,
        "starts at 2 s: {}",
        secs(1)
    );
    for n in [8, 9, 10, 20, 64, u32::MAX] {
        let b = backoff(n);
        assert!(b >= Duration::from_secs(120), "backoff({n}) = {b:?}");
        assert!(
            b <= Duration::from_secs(301),
            "backoff({n}) = {b:?} exceeds 5 min + 1 s"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_bodies_are_errors_not_panics() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(30);
    desk.fake.add_masto(30);
    desk.fake.script(|ep, n| match (ep, n) {
        (Ep::Dms, _) => None,
        (_, 0) => Some(Fault::Truncate),
        (_, 1) => Some(Fault::CutJson),
        _ => None,
    });
    for f in [desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN)] {
        let err = desk.poll(&f).await.unwrap_err();
        eprintln!("{}: connection cut mid-body: {err}", f.name);
        assert!(
            matches!(err, SourceError::Network(_) | SourceError::Malformed(_)),
            "{}: declared length, half sent: {err:?}",
            f.name
        );
        let err = desk.poll(&f).await.unwrap_err();
        assert!(
            matches!(err, SourceError::Malformed(_)),
            "{}: cut JSON: {err:?}",
            f.name
        );
        assert_eq!(desk.poll(&f).await.unwrap().new, 30, "{}", f.name);
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_with_200_is_malformed() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(4);
    desk.fake.add_masto(4);
    let bodies = [
        ("text/html", HTML_502),
        (
            "text/html",
            "<!DOCTYPE html><html><body>Maintenance</body></html>",
        ),
        ("application/json", ""),
        ("application/json", r#"{"data":"not a list"}"#),
        (
            "application/json",
            r#"{"error":"Diese Methode erfordert ein Token"}"#,
        ),
        ("application/json", "\u{feff}[garbage"),
    ];
    desk.fake.script(move |ep, n| {
        (ep != Ep::Dms)
            .then(|| bodies.get(n))
            .flatten()
            .map(|(ct, body)| Fault::status(200, body).with("content-type", ct))
    });
    for f in [desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN)] {
        for (i, (_, body)) in bodies.iter().enumerate() {
            let result = desk.poll(&f).await;
            // Without paging information a 200 is not a page: X too.
            assert!(
                matches!(result, Err(SourceError::Malformed(_))),
                "{} body {i} {body:?}: {result:?}",
                f.name
            );
        }
        desk.poll(&f).await.unwrap();
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(6);
    desk.fake.add_masto(6);
    let bytes = 10 * 1024 * 1024;
    assert!(bytes > MAX_BODY_BYTES);
    desk.fake.script(move |ep, n| match (ep, n) {
        (Ep::Dms, _) => None,
        (_, 0) => Some(Fault::Huge {
            bytes,
            declared: true,
        }),
        (_, 1) => Some(Fault::Huge {
            bytes,
            declared: false,
        }),
        _ => None,
    });
    for f in [desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN)] {
        for declared in [true, false] {
            let err = desk.poll(&f).await.unwrap_err();
            assert_eq!(
                err,
                SourceError::TooLarge {
                    limit: MAX_BODY_BYTES
                },
                "{} declared={declared}",
                f.name
            );
        }
        assert_eq!(desk.poll(&f).await.unwrap().new, 6);
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_server_times_out_then_recovers() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(8);
    desk.fake.add_masto(8);
    desk.fake.script(|ep, n| match (ep, n) {
        (Ep::Dms, _) => None,
        (_, 0) => Some(Fault::Slow(Duration::from_secs(2))),
        (_, 1) => Some(Fault::StallBody(Duration::from_secs(2))),
        _ => None,
    });
    for f in [desk.x(ms(300), TOKEN), desk.masto(ms(300), TOKEN)] {
        for what in ["before the headers", "mid-body"] {
            let err = desk.poll(&f).await.unwrap_err();
            eprintln!("{} {what}: {err}", f.name);
            assert!(
                matches!(&err, SourceError::Network(m) if m.contains("timed out")),
                "{} {what}: {err:?}",
                f.name
            );
        }
        assert_eq!(desk.poll(&f).await.unwrap().new, 8);
    }
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_revoked_mid_run_is_fatal_and_a_new_token_resumes() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(7);
    desk.fake.add_masto(7);
    let (x, m) = (desk.x(LONG, TOKEN), desk.masto(LONG, TOKEN));
    assert_eq!(desk.poll(&x).await.unwrap().new, 7);
    assert_eq!(desk.poll(&m).await.unwrap().new, 7);
    let (x_cursor, m_cursor) = (desk.cursor(X_CURSOR), desk.cursor(MASTO_CURSOR));

    desk.fake.revoke(TOKEN);
    desk.fake.add_x(5);
    desk.fake.add_masto(5);
    for f in [&x, &m] {
        let err = desk.poll(f).await.unwrap_err();
        assert!(
            matches!(err, SourceError::Unauthorized { status: 401, .. }),
            "{}: {err:?}",
            f.name
        );
        assert!(err.is_fatal());
        assert!(!err.to_string().contains(TOKEN), "no token in: {err}");
    }
    assert_eq!(desk.cursor(X_CURSOR), x_cursor);
    assert_eq!(desk.cursor(MASTO_CURSOR), m_cursor);

    desk.fake.grant("token-two");
    let (x, m) = (desk.x(LONG, "token-two"), desk.masto(LONG, "token-two"));
    assert_eq!(desk.poll(&x).await.unwrap().new, 5);
    assert_eq!(desk.poll(&m).await.unwrap().new, 5);
    desk.assert_x_complete();
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_cap_is_fatal() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(4);
    desk.fake.script(|ep, n| {
        (ep == Ep::Mentions && n == 0).then(|| {
            Fault::status(
                429,
                r#"{"account_id":1278933212344557569,"product_name":"standard-basic","title":"UsageCapExceeded","period":"Monthly","scope":"Product","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}"#,
            )
            .with("x-rate-limit-reset", Timestamp::now().as_second() + 60)
        })
    });
    let x = desk.x(LONG, TOKEN);
    let err = desk.poll(&x).await.unwrap_err();
    let SourceError::UsageCapped(detail) = &err else {
        panic!("{err:?}")
    };
    assert!(detail.contains("Usage cap exceeded"), "{detail}");
    assert!(err.is_fatal());
    assert_eq!(desk.cursor(X_CURSOR), None);
    // Next month.
    assert_eq!(desk.poll(&x).await.unwrap().new, 4);
    desk.assert_x_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_errors_beside_data_keep_the_good_items() {
    let desk = Desk::new(Fake::new(10)).await;
    let first = desk.fake.add_x(4);
    desk.fake.add_x_retweet();
    desk.fake.add_x_reply(&first[1]);
    desk.fake.add_x(14);
    desk.fake
        .script(|ep, n| (ep == Ep::Mentions && n < 2).then_some(Fault::PartialErrors));
    let x = desk.x(LONG, TOKEN);
    let count = desk.poll(&x).await.unwrap();
    assert_eq!(count.skipped, 1, "the retweet");
    assert_eq!(count.new + count.followups, 19);
    desk.assert_x_complete();
    let again = desk.poll(&x).await.unwrap();
    assert_eq!((again.new, again.followups, again.duplicate), (0, 0, 0));
    desk.assert_x_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_failures_lose_no_mentions() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(9);
    desk.fake.script(|ep, n| match (ep, n) {
        // A token without DM scope: mentions still count.
        (Ep::Dms, 0) => Some(Fault::status(
            403,
            r#"{"title":"Forbidden","type":"about:blank","status":403,"detail":"Forbidden"}"#,
        )),
        (Ep::Dms, 1) => Some(Fault::status(503, HTML_502).with("content-type", "text/html")),
        _ => None,
    });
    let x = desk.x(LONG, TOKEN);
    assert_eq!(desk.poll(&x).await.unwrap().new, 9);
    desk.fake.add_x(2);
    let err = desk.poll(&x).await.unwrap_err();
    assert!(matches!(err, SourceError::Server { status: 503, .. }));
    // The mentions of the failed poll were committed with their cursor.
    desk.assert_x_complete();
    let count = desk.poll(&x).await.unwrap();
    assert_eq!((count.new, count.duplicate), (0, 0));
    desk.assert_x_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_walks_min_id_until_an_empty_page() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_masto(6);
    let (direct, favourite) = desk.fake.add_masto_specials();
    desk.fake.add_masto(2);
    let m = desk.masto(LONG, TOKEN);

    let first = desk.poll(&m).await.unwrap();
    assert_eq!(first.new, 9, "6 + direct + 2");
    assert_eq!(first.skipped, 1, "the notification whose status is null");
    let reqs = desk.fake.requests(Ep::Notifications);
    assert_eq!(reqs.len(), 2, "one page, then an empty one");
    assert_eq!(reqs[0].get("types[]"), Some("mention"));
    assert_eq!(
        reqs[0].get("min_id"),
        Some("0"),
        "a new source reads the whole backlog"
    );
    let newest = desk.cursor(MASTO_CURSOR).expect("cursor after a page");
    assert_eq!(reqs[1].get("min_id"), Some(newest.as_str()));
    desk.assert_masto_complete();
    assert!(!desk.stored(MASTO_SOURCE).contains(&favourite));

    let inquiries = desk.inquiries(MASTO_SOURCE);
    let dm = inquiries.iter().find(|i| i.external_id == direct).unwrap();
    assert_eq!(dm.channel, Channel::Private);
    assert_eq!(dm.author.handle, "dewi_hk@mastodon.social");
    assert_eq!(
        dm.text,
        "@mastodonpy_test @siti@mastodon.social suami saya ditahan di Kuching\n\nmohon <segera>"
    );
    for i in inquiries.iter().filter(|i| i.external_id != direct) {
        assert_eq!(i.channel, Channel::Public);
        assert!(
            i.text
                .starts_with("@mastodonpy_test tolong & segera, paspor saya hilang"),
            "{:?}",
            i.text
        );
        assert!(i.text.contains("https://kemlu.go.id/osaka"), "{:?}", i.text);
        assert!(!i.text.contains('<') && !i.text.contains("&amp;"));
    }

    // 100 more: min_id pages of 40, 40, 20, then an empty one; ids cross
    // from three digits to four on the way.
    desk.fake.add_masto(100);
    let mark = desk.fake.requests(Ep::Notifications).len();
    let second = desk.poll(&m).await.unwrap();
    assert_eq!((second.new, second.skipped, second.duplicate), (100, 0, 0));
    let walk = &desk.fake.requests(Ep::Notifications)[mark..];
    assert_eq!(walk.len(), 4, "{walk:?}");
    assert_eq!(walk[0].get("min_id"), Some(newest.as_str()));
    assert!(walk.iter().all(|r| r.get("limit") == Some("40")));
    desk.assert_masto_complete();

    // Polling again changes nothing.
    let cursor = desk.cursor(MASTO_CURSOR);
    let third = desk.poll(&m).await.unwrap();
    assert_eq!(third, PollCount::default());
    assert_eq!(desk.cursor(MASTO_CURSOR), cursor);
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_failure_mid_walk_resumes_at_the_last_committed_page() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_masto(3);
    let m = desk.masto(LONG, TOKEN);
    desk.poll(&m).await.unwrap();
    desk.fake.add_masto(130);
    let before = desk.fake.requests(Ep::Notifications).len();
    let at = before + 2;
    desk.fake.script(move |ep, n| {
        (ep == Ep::Notifications && n == at).then(|| Fault::status(503, HTML_502))
    });
    let err = desk.poll(&m).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(desk.stored(MASTO_SOURCE).len(), 3 + 80, "two pages kept");
    desk.fake.clear_script();
    let count = desk.poll(&m).await.unwrap();
    assert_eq!(
        (count.new, count.duplicate),
        (50, 0),
        "resumes after page 2"
    );
    desk.assert_masto_complete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_fetcher_stops_on_401_without_hammering() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(3);
    desk.fake.revoke(TOKEN);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = desk.x(LONG, TOKEN);
    fetcher.poll = Duration::from_millis(50);
    let task = tokio::spawn(run_fetcher(
        desk.queue.clone(),
        fetcher,
        Arc::new(Lexicon::builtin()),
        tx,
    ));
    let mut reports = Vec::new();
    let stopped = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(r) = rx.recv().await {
            let done = matches!(r.health, Health::Stopped { .. });
            reports.push(r);
            if done {
                return true;
            }
        }
        false
    })
    .await
    .expect("a Stopped report within 10 s");
    assert!(stopped, "{reports:?}");
    assert_eq!(reports[0].health, Health::Starting);
    let Health::Stopped { reason } = &reports.last().unwrap().health else {
        unreachable!()
    };
    assert!(reason.contains("401"), "{reason}");
    assert!(reports.iter().all(|r| r.source == X_SOURCE));
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the task ends")
        .unwrap();
    // Nothing more comes: the channel closed with the task.
    assert!(rx.recv().await.is_none());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(desk.fake.requests(Ep::Mentions).len(), 1, "no hammering");
    assert_eq!(desk.fake.requests(Ep::Dms).len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_fetcher_waits_out_a_rate_limit_then_reports_ok() {
    let desk = Desk::new(Fake::new(100)).await;
    desk.fake.add_x(5);
    let reset = Timestamp::now().as_second() + 1;
    desk.fake.script(move |ep, n| {
        (ep == Ep::Mentions && n == 0)
            .then(|| Fault::status(429, "{}").with("x-rate-limit-reset", reset))
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut fetcher = desk.x(LONG, TOKEN);
    fetcher.poll = Duration::from_secs(3600);
    let task = tokio::spawn(run_fetcher(
        desk.queue.clone(),
        fetcher,
        Arc::new(Lexicon::builtin()),
        tx,
    ));
    let mut healths = Vec::new();
    tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(r) = rx.recv().await {
            let ok = matches!(r.health, Health::Ok { .. });
            healths.push(r.health);
            if ok {
                break;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no Ok report: {healths:?}"));
    task.abort();
    assert_eq!(healths[0], Health::Starting);
    assert_eq!(
        healths[1],
        Health::Waiting {
            until: Timestamp::from_second(reset).unwrap(),
            last_ok: None
        }
    );
    assert!(matches!(healths[2], Health::Ok { .. }), "{healths:?}");
    assert_eq!(desk.fake.requests(Ep::Mentions).len(), 2);
    desk.assert_x_complete();
}
