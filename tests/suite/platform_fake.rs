//! The fake X + Mastodon of tests/common/platform.rs speaks the real shapes
//! and counts what it posted.

use crate::common;

use std::time::Duration;

use common::platform::{Fault, Platform, PostKind, api_time};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

const ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "t0ken";

async fn send(req: reqwest::RequestBuilder) -> (u16, Value) {
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn a_tweet_is_posted_once_and_its_duplicate_refused() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let tweet = json!({"text": "Halo, kami bantu.", "reply": {"in_reply_to_tweet_id": "1861000000000000001"}});
    let post = || client().post(format!("{}/2/tweets", p.url)).json(&tweet);

    let (status, body) = send(post().bearer_auth(TOKEN)).await;
    assert_eq!(status, 201);
    assert_eq!(
        body,
        json!({"data": {"id": "1870000000000000000", "text": "Halo, kami bantu."}})
    );

    let (status, body) = send(post().bearer_auth(TOKEN)).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"detail": "You are not allowed to create a Tweet with duplicate content.",
               "type": "about:blank", "title": "Forbidden", "status": 403})
    );

    let (status, body) = send(post().bearer_auth("wrong")).await;
    assert_eq!(status, 401);
    assert_eq!(body["title"], "Unauthorized");

    let (status, body) = send(
        client()
            .post(format!("{}/2/tweets", p.url))
            .bearer_auth(TOKEN)
            .json(&json!({"text": "x", "in_reply_to": "1"})),
    )
    .await;
    assert_eq!(status, 400, "unknown keys are refused as on X: {body}");

    let (status, body) = send(
        client()
            .post(format!(
                "{}/2/dm_conversations/with/750362064426721281/messages",
                p.url
            ))
            .bearer_auth(TOKEN)
            .json(&json!({"text": "Silakan kirim nomor paspor."})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        body["data"]["dm_conversation_id"],
        "750362064426721281-1072250532645998596"
    );
    assert_eq!(body["data"]["dm_event_id"], "1870000000000000001");

    let posted = p.posted();
    assert_eq!(posted.len(), 2);
    assert_eq!(posted[0].kind, PostKind::Tweet);
    assert_eq!(
        posted[0].in_reply_to.as_deref(),
        Some("1861000000000000001")
    );
    assert_eq!(posted[1].kind, PostKind::Dm);
    assert_eq!(posted[1].recipient.as_deref(), Some("750362064426721281"));
    assert_eq!(p.requests("/2/tweets"), 4);
    assert_eq!(p.requests(""), 5);
}

#[tokio::test]
async fn mastodon_idempotency_key_returns_the_same_status_and_posts_once() {
    let p = Platform::start("117020565693913441", TOKEN).await;
    let status = json!({"status": "@warga Kami bantu <segera>.", "in_reply_to_id": "117020583245459824",
                        "visibility": "direct", "language": "id"});
    let post = |key: &str| {
        client()
            .post(format!("{}/api/v1/statuses", p.url))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", key)
            .json(&status)
    };

    let (code, first) = send(post("reply-1")).await;
    assert_eq!(code, 200);
    assert_eq!(first["id"], "117100000000000000");
    assert_eq!(first["content"], "<p>@warga Kami bantu &lt;segera&gt;.</p>");
    assert_eq!(first["in_reply_to_id"], "117020583245459824");
    assert_eq!(first["visibility"], "direct");
    assert_eq!(first["language"], "id");
    assert_eq!(first["url"], format!("{}/@admin/117100000000000000", p.url));

    let (code, again) = send(post("reply-1")).await;
    assert_eq!(code, 200);
    assert_eq!(again, first);
    let (_, other) = send(post("reply-2")).await;
    assert_eq!(other["id"], "117100000000000001");

    let posted = p.posted();
    assert_eq!(posted.len(), 2);
    assert_eq!(posted[0].idempotency_key.as_deref(), Some("reply-1"));
    assert_eq!(posted[0].recipient.as_deref(), Some("warga"));
    assert_eq!(p.requests("/api/v1/statuses"), 3);

    // The instance's limit, and the same limit on posting.
    let instance = |p: &Platform| client().get(format!("{}/api/v2/instance", p.url));
    let (_, body) = send(instance(&p)).await;
    assert_eq!(body["configuration"]["statuses"]["max_characters"], 500);
    p.set_max_characters(10);
    let (_, body) = send(instance(&p)).await;
    assert_eq!(body["configuration"]["statuses"]["max_characters"], 10);
    let (code, body) = send(post("reply-3")).await;
    assert_eq!(code, 422);
    assert_eq!(
        body,
        json!({"error": "Validation failed: Text character limit of 10 exceeded"})
    );

    let (code, body) = send(
        client()
            .post(format!("{}/api/v1/statuses", p.url))
            .bearer_auth("wrong")
            .json(&status),
    )
    .await;
    assert_eq!(code, 401);
    assert_eq!(body, json!({"error": "The access token is invalid"}));
    assert_eq!(p.posted().len(), 2);
}

#[tokio::test]
async fn faults_refuse_stall_or_drop_the_next_matching_request() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let post = |text: &str| {
        client()
            .post(format!("{}/2/tweets", p.url))
            .bearer_auth(TOKEN)
            .json(&json!({"text": text}))
    };
    let reset = Timestamp::now() + SignedDuration::from_mins(15);
    p.fault_next("/2/tweets", Fault::x_rate_limited(reset));

    let resp = post("satu").send().await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(
        resp.headers()["x-rate-limit-reset"],
        reset.as_second().to_string().as_str()
    );
    assert!(p.posted().is_empty());
    let (code, _) = send(post("satu")).await;
    assert_eq!(code, 201);
    assert_eq!(p.posted().len(), 1);

    // Accepted, then no answer in time: the post exists all the same.
    p.fault_next("/2/tweets", Fault::AcceptThenStall(Duration::from_secs(5)));
    let err = post("dua")
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(p.posted().len(), 2);

    // Accepted, then the connection closes without a byte.
    p.fault_next("/2/tweets", Fault::AcceptThenDrop);
    let err = post("tiga").send().await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert_eq!(p.posted().len(), 3);
    assert_eq!(p.posted()[2].text, "tiga");
    assert_eq!(p.requests("/2/tweets"), 4, "no silent retry");
    assert_eq!(p.pending_faults(), 0);
}

#[tokio::test]
async fn timelines_answer_newest_first_from_start_time_on() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let two_hours_ago = Timestamp::now() - SignedDuration::from_hours(2);
    let old = p.seed_tweet("balasan lama", Some("1861000000000000001"), two_hours_ago);
    let (_, made) = send(
        client()
            .post(format!("{}/2/tweets", p.url))
            .bearer_auth(TOKEN)
            .json(&json!({"text": "balasan baru", "reply": {"in_reply_to_tweet_id": "1861000000000000002"}})),
    )
    .await;
    let new = made["data"]["id"].as_str().unwrap().to_string();

    let timeline = |start: Option<Timestamp>| {
        let mut q = vec![
            ("max_results", "5".to_string()),
            (
                "tweet.fields",
                "created_at,conversation_id,referenced_tweets,author_id".to_string(),
            ),
        ];
        if let Some(s) = start {
            q.push(("start_time", api_time(s)));
        }
        client()
            .get(format!("{}/2/users/{ACCOUNT}/tweets", p.url))
            .bearer_auth(TOKEN)
            .query(&q)
    };

    let (code, all) = send(timeline(None)).await;
    assert_eq!(code, 200);
    let ids: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [new.as_str(), old.as_str()]);
    assert_eq!(
        all["meta"],
        json!({"result_count": 2, "newest_id": new, "oldest_id": old})
    );
    let newest = &all["data"][0];
    assert_eq!(
        newest["referenced_tweets"],
        json!([{"type": "replied_to", "id": "1861000000000000002"}])
    );
    assert_eq!(newest["author_id"], ACCOUNT);
    assert_eq!(newest["conversation_id"], "1861000000000000002");
    assert_eq!(
        newest["created_at"].as_str().unwrap().len(),
        "2026-11-28T03:00:00.000Z".len()
    );

    let (_, recent) = send(timeline(Some(
        Timestamp::now() - SignedDuration::from_hours(1),
    )))
    .await;
    assert_eq!(recent["meta"]["result_count"], 1);
    assert_eq!(recent["data"][0]["text"], "balasan baru");

    let (_, none) = send(timeline(Some(
        Timestamp::now() + SignedDuration::from_mins(1),
    )))
    .await;
    assert_eq!(none, json!({"meta": {"result_count": 0}}));

    // X's own 400 for what it does not know.
    let (code, body) = send(
        client()
            .get(format!("{}/2/users/{ACCOUNT}/tweets?max_results=1", p.url))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(body["title"], "Invalid Request");

    // DM events: newest first, extra fields only when asked for.
    let dm_url = format!("{}/2/dm_conversations/with/750362064426721281", p.url);
    p.seed_dm(
        "750362064426721281",
        "750362064426721281",
        "tolong",
        two_hours_ago,
    );
    let (empty_code, _) = send(
        client()
            .post(format!("{dm_url}/messages"))
            .bearer_auth(TOKEN)
            .json(&json!({"text": "siap"})),
    )
    .await;
    assert_eq!(empty_code, 201);
    let (_, events) = send(
        client()
            .get(format!("{dm_url}/dm_events"))
            .bearer_auth(TOKEN)
            .query(&[
                ("max_results", "10"),
                ("event_types", "MessageCreate"),
                ("dm_event.fields", "created_at,sender_id,dm_conversation_id"),
            ]),
    )
    .await;
    assert_eq!(events["meta"]["result_count"], 2);
    assert_eq!(events["data"][0]["text"], "siap");
    assert_eq!(events["data"][0]["sender_id"], ACCOUNT);
    assert_eq!(
        events["data"][0]["dm_conversation_id"],
        "750362064426721281-1072250532645998596"
    );
    assert_eq!(events["data"][1]["sender_id"], "750362064426721281");
    let (_, bare) = send(
        client()
            .get(format!("{dm_url}/dm_events"))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(
        bare["data"][0],
        json!({"event_type": "MessageCreate", "id": events["data"][0]["id"], "text": "siap"})
    );
    let (_, other) = send(
        client()
            .get(format!("{}/2/dm_conversations/with/42/dm_events", p.url))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(other, json!({"meta": {"result_count": 0}}));
}
