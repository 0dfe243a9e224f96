//! Posts deleted by their authors: `ingest::deletions::sweep` asks the
//! fake X and Mastodon of tests/common/platform.rs about the open
//! inquiries of a source, marks those the platform reports gone (recorded,
//! text hidden), never asks about X direct messages, and refuses a public
//! reply to a deleted post.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::platform::Platform;
use jiff::{SignedDuration, Timestamp};
use siaga::ingest::{Fetcher, Platform as SourcePlatform, deletions};
use siaga::model::{Arrival, Channel, InquiryId};
use siaga::queue::{LocalQueue, QueueService};
use siaga::source::mastodon::MastodonClient;
use siaga::source::x::XClient;

const ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "t0ken";

fn arrival(id: &str, channel: Channel, text: &str) -> Arrival {
    let handle = format!("warga_{}", &id[id.len() - 2..]);
    Arrival {
        conversation_id: None,
        author: common::author(&handle, "Warga", &format!("7{}", &id[id.len() - 3..])),
        channel,
        category: "documents".into(),
        reasons: vec![],
        ..common::arrival(id, &handle, text)
    }
}

fn queue(dir: &tempfile::TempDir) -> Arc<LocalQueue> {
    LocalQueue::open(dir.path(), 8 * 1024 * 1024).unwrap()
}

fn lookups(p: &Platform, path: &str) -> Vec<String> {
    p.request_log()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.starts_with(path))
        .map(|r| {
            r.query
                .get("ids")
                .cloned()
                .unwrap_or_else(|| r.path.clone())
        })
        .collect()
}

#[tokio::test]
async fn x_deleted_post_is_marked_once_hidden_and_not_answered_in_public() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let q = queue(&dir);
    let arrivals = vec![
        arrival(
            "1861000000000000011",
            Channel::Public,
            "paspor saya A1234567 ditahan",
        ),
        arrival(
            "1861000000000000012",
            Channel::Public,
            "tolong, saya dikurung",
        ),
        arrival("dm:1862000000000000013", Channel::Private, "pesan pribadi"),
    ];
    q.ingest("kemlu-x", &arrivals, None).unwrap();
    p.delete_tweet("1861000000000000011");
    let client = XClient::new(
        siaga::source::http::client(Duration::from_secs(5)),
        &p.url,
        ACCOUNT,
        TOKEN.into(),
    );
    let fetcher = Fetcher::x("kemlu-x", Duration::from_secs(60), client);

    assert_eq!(deletions::sweep(&q, &fetcher, 0).await.unwrap().marked, 1);
    let asked = lookups(&p, "/2/tweets");
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        !asked[0].contains("dm:"),
        "X DMs cannot be checked: {asked:?}"
    );
    assert!(asked[0].contains("1861000000000000012"));

    let gone = q.get(InquiryId(1)).unwrap();
    assert!(gone.inquiry.deleted_on_platform.is_some());
    assert_eq!(
        gone.inquiry.text_hidden(),
        Some("deleted on the platform by its author")
    );
    assert!(
        gone.history
            .iter()
            .any(|e| e.what == "deleted_on_platform" && e.officer == "siaga"),
        "recorded: {:?}",
        gone.history
    );
    let kept = q.get(InquiryId(2)).unwrap();
    assert!(kept.inquiry.deleted_on_platform.is_none());

    // The next sweep does not ask about it again, and marks nothing new.
    assert_eq!(deletions::sweep(&q, &fetcher, 0).await.unwrap().marked, 0);
    let asked = lookups(&p, "/2/tweets");
    assert!(!asked[1].contains("1861000000000000011"), "{asked:?}");

    // A public reply cannot thread to a deleted post.
    let request = siaga::reply::ReplyRequest {
        inquiry: InquiryId(1),
        channel: Channel::Public,
        lang: siaga::reply::Lang::Id,
        template: None,
        text: "@warga_11 Mohon hubungi hotline kami.".into(),
    };
    let refused = q
        .queue_reply(request, "budi", None)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("deleted on the platform"), "{refused}");
}

#[tokio::test]
async fn mastodon_deleted_status_is_marked_and_others_left_alone() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let q = queue(&dir);
    let arrivals = vec![
        arrival("117020583245400021", Channel::Public, "tolong kami"),
        arrival("117020583245400022", Channel::Private, "pesan langsung"),
    ];
    q.ingest("kemlu-social", &arrivals, None).unwrap();
    p.delete_status("117020583245400022");
    let client = MastodonClient::new(
        siaga::source::http::client(Duration::from_secs(5)),
        &p.url,
        ACCOUNT,
        TOKEN.into(),
    );
    let fetcher = Fetcher {
        limits: siaga::ingest::WalkLimits::default(),
        name: "kemlu-social".into(),
        poll: Duration::from_secs(60),
        platform: SourcePlatform::Mastodon(client),
    };
    assert_eq!(deletions::sweep(&q, &fetcher, 0).await.unwrap().marked, 1);
    assert!(lookups(&p, "/api/v1/statuses/").len() >= 2);
    assert!(
        q.get(InquiryId(2))
            .unwrap()
            .inquiry
            .deleted_on_platform
            .is_some()
    );
    assert!(
        q.get(InquiryId(1))
            .unwrap()
            .inquiry
            .deleted_on_platform
            .is_none()
    );
}

#[tokio::test]
async fn a_rate_limit_midway_keeps_what_was_found_and_the_next_sweep_goes_on_round() {
    let p = Platform::start(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let q = queue(&dir);
    let arrivals: Vec<Arrival> = (0..4)
        .map(|n| arrival(&format!("11702058324540010{n}"), Channel::Public, "tolong"))
        .collect();
    q.ingest("kemlu-social", &arrivals, None).unwrap();
    p.delete_status("117020583245400100");
    p.delete_status("117020583245400103");
    // The third lookup is refused with a rate limit.
    p.fault_next(
        "/api/v1/statuses/117020583245400102",
        common::platform::Fault::mastodon_rate_limited(
            Timestamp::now() + SignedDuration::from_mins(5),
        ),
    );
    let client = MastodonClient::new(
        siaga::source::http::client(Duration::from_secs(5)),
        &p.url,
        ACCOUNT,
        TOKEN.into(),
    );
    let fetcher = Fetcher {
        limits: siaga::ingest::WalkLimits::default(),
        name: "kemlu-social".into(),
        poll: Duration::from_secs(60),
        platform: SourcePlatform::Mastodon(client),
    };
    let first = deletions::sweep(&q, &fetcher, 0).await.unwrap();
    assert_eq!(first.marked, 1, "found before the limit is kept: {first:?}");
    assert!(first.stopped.is_some());
    // Round again from where the last one began: the rest is found.
    let second = deletions::sweep(&q, &fetcher, 0).await.unwrap();
    assert_eq!(second.marked, 1, "{second:?}");
    assert!(
        q.get(InquiryId(4))
            .unwrap()
            .inquiry
            .deleted_on_platform
            .is_some()
    );
}
