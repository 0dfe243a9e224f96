//! Noticing posts deleted on the platform: `XClient::gone` and
//! `MastodonClient::gone` against the fake X + Mastodon of
//! tests/common/platform.rs, which answers lookups the way the real
//! services do (X: 200 with `data` and per-id `errors`; Mastodon: 404 per
//! status).

use crate::common;

use std::time::Duration;

use common::platform::{Fault, Platform};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use siaga::source::SourceError;
use siaga::source::mastodon::MastodonClient;
use siaga::source::x::XClient;

const ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "t0ken";
const LOOKUP: &str = "/2/tweets";

fn x(p: &Platform, token: &str) -> XClient {
    let http = siaga::source::http::client(Duration::from_secs(5));
    XClient::new(http, &p.url, ACCOUNT, token.into())
}

fn mastodon(p: &Platform, token: &str) -> MastodonClient {
    let http = siaga::source::http::client(Duration::from_secs(5));
    MastodonClient::new(http, &p.url, ACCOUNT, token.into())
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The `ids` each lookup asked for, in order.
fn lookups(p: &Platform) -> Vec<Vec<String>> {
    p.request_log()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path == LOOKUP)
        .map(|r| r.query["ids"].split(',').map(String::from).collect())
        .collect()
}

/// A reset time in whole seconds (X sends epoch seconds).
fn reset() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second() + 900).unwrap()
}

#[tokio::test]
async fn x_reports_deleted_posts_but_not_hidden_or_present_ones() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let at = Timestamp::now() - SignedDuration::from_mins(30);
    let seeded = p.seed_tweet("Halo, kami bantu.", None, at);
    let deleted_seed = p.seed_tweet("Nomor saya 0812...", None, at);
    p.delete_tweet(&deleted_seed);
    p.delete_tweet("1861000000000000002");
    p.hide_tweet("1861000000000000003");

    let asked = ids(&[
        &seeded,
        "1861000000000000002",
        "1861000000000000003",
        "1861000000000000004",
        &deleted_seed,
        "dm:1861000000000000005",
        "1861000000000000002",
    ]);
    let gone = x(&p, TOKEN).gone(&asked).await.unwrap();
    assert_eq!(gone, ids(&["1861000000000000002", &deleted_seed]));

    // One request, bearer token, the DM event id and the repeat left out.
    assert_eq!(p.requests(LOOKUP), 1);
    assert_eq!(
        lookups(&p),
        vec![ids(&[
            &seeded,
            "1861000000000000002",
            "1861000000000000003",
            "1861000000000000004",
            &deleted_seed,
        ])]
    );
    let request = &p.request_log()[0];
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn x_with_nothing_deleted_or_nothing_to_ask_reports_nothing() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let client = x(&p, TOKEN);
    p.hide_tweet("1861000000000000003");
    assert_eq!(
        client
            .gone(&ids(&["1861000000000000001", "1861000000000000003"]))
            .await
            .unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(client.gone(&[]).await.unwrap(), Vec::<String>::new());
    assert_eq!(
        client.gone(&ids(&["dm:1", "abc", ""])).await.unwrap(),
        Vec::<String>::new()
    );
    // Only the first call asked anything.
    assert_eq!(p.requests(LOOKUP), 1);
}

#[tokio::test]
async fn x_asks_at_most_100_ids_at_a_time() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let asked: Vec<String> = (0..150)
        .map(|i| (1_861_000_000_000_000_000u64 + i).to_string())
        .collect();
    p.delete_tweet(&asked[5]);
    p.delete_tweet(&asked[99]);
    p.delete_tweet(&asked[100]);
    p.delete_tweet(&asked[149]);
    p.hide_tweet(&asked[120]);

    let gone = x(&p, TOKEN).gone(&asked).await.unwrap();
    assert_eq!(
        gone,
        vec![
            asked[5].clone(),
            asked[99].clone(),
            asked[100].clone(),
            asked[149].clone()
        ]
    );
    assert_eq!(p.requests(LOOKUP), 2);
    let seen = lookups(&p);
    assert_eq!(seen[0], asked[..100].to_vec());
    assert_eq!(seen[1], asked[100..].to_vec());
}

#[tokio::test]
async fn x_rate_limit_ends_the_sweep_with_its_reset() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let until = reset();
    p.fault_next(LOOKUP, Fault::x_rate_limited(until));
    let asked: Vec<String> = (0..150)
        .map(|i| (1_861_000_000_000_000_000u64 + i).to_string())
        .collect();
    let err = x(&p, TOKEN).gone(&asked).await.unwrap_err();
    assert_eq!(err, SourceError::RateLimited { until });
    // The second chunk was never asked.
    assert_eq!(p.requests(LOOKUP), 1);
}

#[tokio::test]
async fn x_partial_keeps_what_the_first_chunk_found() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let until = reset();
    let asked: Vec<String> = (0..150)
        .map(|i| (1_861_000_000_000_000_000u64 + i).to_string())
        .collect();
    p.delete_tweet(&asked[7]);
    p.delete_tweet(&asked[130]);
    // The second lookup (its first id is asked[100]) is rate limited.
    p.fault_next(
        &format!("{LOOKUP}?ids={}", asked[100]),
        Fault::x_rate_limited(until),
    );
    let (gone, stopped) = x(&p, TOKEN).gone_partial(&asked).await;
    assert_eq!(gone, vec![asked[7].clone()]);
    assert_eq!(stopped, Some(SourceError::RateLimited { until }));
    assert_eq!(p.requests(LOOKUP), 2);
    assert_eq!(p.pending_faults(), 0);

    // `gone` gives the error alone.
    p.fault_next(
        &format!("{LOOKUP}?ids={}", asked[100]),
        Fault::x_rate_limited(until),
    );
    assert_eq!(
        x(&p, TOKEN).gone(&asked).await,
        Err(SourceError::RateLimited { until })
    );
}

#[tokio::test]
async fn x_refused_token_and_server_errors_are_errors_not_deletions() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let asked = ids(&["1861000000000000001"]);
    let err = x(&p, "wrong").gone(&asked).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    assert!(err.is_fatal());

    p.fault_next(LOOKUP, Fault::server_error(503));
    let err = x(&p, TOKEN).gone(&asked).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Server { status: 503, .. }),
        "{err:?}"
    );

    // A 404 for the whole request (a wrong base URL) is not "all deleted".
    let http = siaga::source::http::client(Duration::from_secs(5));
    let wrong = XClient::new(http, &format!("{}/nope", p.url), ACCOUNT, TOKEN.into());
    let err = wrong.gone(&asked).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Unexpected { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn x_malformed_answers_are_malformed() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let asked = ids(&["1861000000000000001"]);
    for body in [
        json!({"meta": {"result_count": 0}}),
        json!("<html>upstream connect error</html>"),
        json!([{"id": "1861000000000000001"}]),
    ] {
        p.fault_next(LOOKUP, Fault::Status(200, body.clone(), Vec::new()));
        let err = x(&p, TOKEN).gone(&asked).await.unwrap_err();
        assert!(matches!(err, SourceError::Malformed(_)), "{body}: {err:?}");
    }
}

#[tokio::test]
async fn the_fake_x_refuses_a_lookup_as_x_does() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let http = reqwest::Client::new();
    let too_many: Vec<String> = (0..101).map(|i| (1000 + i).to_string()).collect();
    for query in [
        vec![("ids", too_many.join(","))],
        vec![("ids", "12,dm:3".to_string())],
        vec![("ids", String::new())],
        vec![("ids", "12".to_string()), ("id", "12".to_string())],
    ] {
        let resp = http
            .get(format!("{}{LOOKUP}", p.url))
            .query(&query)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400, "{query:?}");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["title"], "Invalid Request", "{query:?}");
    }
    // All deleted: no `data` key at all, as on X.
    p.delete_tweet("12");
    let body: serde_json::Value = http
        .get(format!("{}{LOOKUP}", p.url))
        .query(&[("ids", "12")])
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body.get("data"), None);
    assert_eq!(body["errors"][0]["title"], "Not Found Error");
    assert_eq!(body["errors"][0]["value"], "12");
}

#[tokio::test]
async fn mastodon_404_and_410_are_gone_200_is_not() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    p.delete_status("117100000000000101");
    p.fault_next(
        "/api/v1/statuses/117100000000000103",
        Fault::Status(410, json!({"error": "Gone"}), Vec::new()),
    );
    let asked = ids(&[
        "117100000000000101",
        "117100000000000102",
        "117100000000000103",
        "117100000000000104",
        "../../api/v1/accounts",
        "117100000000000101",
    ]);
    let gone = mastodon(&p, TOKEN).gone(&asked).await.unwrap();
    assert_eq!(gone, ids(&["117100000000000101", "117100000000000103"]));
    // One request per plausible id, once each.
    let paths: Vec<String> = p.request_log().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        vec![
            "/api/v1/statuses/117100000000000101",
            "/api/v1/statuses/117100000000000102",
            "/api/v1/statuses/117100000000000103",
            "/api/v1/statuses/117100000000000104",
        ]
    );
}

#[tokio::test]
async fn mastodon_a_posted_status_is_there_until_deleted() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let client = mastodon(&p, TOKEN);
    let id = client
        .post_reply("Halo, kami bantu.", "117100000000000001", false, "id", "k1")
        .await
        .unwrap();
    assert_eq!(
        client.gone(std::slice::from_ref(&id)).await.unwrap(),
        Vec::<String>::new()
    );
    p.delete_status(&id);
    assert_eq!(
        client.gone(std::slice::from_ref(&id)).await.unwrap(),
        vec![id]
    );
}

#[tokio::test]
async fn mastodon_rate_limit_stops_the_sweep() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let until = reset();
    p.delete_status("117100000000000201");
    p.fault_next(
        "/api/v1/statuses/117100000000000202",
        Fault::mastodon_rate_limited(until),
    );
    let asked = ids(&[
        "117100000000000201",
        "117100000000000202",
        "117100000000000203",
    ]);
    let err = mastodon(&p, TOKEN).gone(&asked).await.unwrap_err();
    assert_eq!(err, SourceError::RateLimited { until });
    assert_eq!(p.requests("/api/v1/statuses/"), 2);

    // The partial sweep keeps the deletion found before the limit.
    p.fault_next(
        "/api/v1/statuses/117100000000000202",
        Fault::mastodon_rate_limited(until),
    );
    let (gone, stopped) = mastodon(&p, TOKEN).gone_partial(&asked).await;
    assert_eq!(gone, ids(&["117100000000000201"]));
    assert_eq!(stopped, Some(SourceError::RateLimited { until }));
    assert_eq!(p.requests("/api/v1/statuses/"), 4);
}

#[tokio::test]
async fn mastodon_refused_token_stops_the_sweep() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let asked = ids(&["117100000000000301", "117100000000000302"]);
    let err = mastodon(&p, "wrong").gone(&asked).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    assert_eq!(p.requests("/api/v1/statuses/"), 1);
}

#[tokio::test]
async fn mastodon_malformed_and_foreign_404_are_errors_not_deletions() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let id = "117100000000000401";
    let path = format!("/api/v1/statuses/{id}");
    p.fault_next(
        &path,
        Fault::Status(
            200,
            json!("<html>login</html>"),
            vec![("content-type".into(), "text/html".into())],
        ),
    );
    let err = mastodon(&p, TOKEN).gone(&ids(&[id])).await.unwrap_err();
    assert!(matches!(err, SourceError::Malformed(_)), "{err:?}");

    p.fault_next(&path, Fault::Status(404, json!("Not Found"), Vec::new()));
    let err = mastodon(&p, TOKEN).gone(&ids(&[id])).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Unexpected { status: 404, .. }),
        "{err:?}"
    );

    p.fault_next(&path, Fault::server_error(502));
    let err = mastodon(&p, TOKEN).gone(&ids(&[id])).await.unwrap_err();
    assert!(
        matches!(err, SourceError::Server { status: 502, .. }),
        "{err:?}"
    );
}
