//! The reply outbox in-process: a `LocalQueue` on a temporary directory, the
//! real `Sender` with the real X and Mastodon clients, against the fake
//! platform of tests/common/platform.rs. Every test checks what the
//! platform really got (`posted()`: exactly once), where the reply ended
//! up, and what its inquiry says about it.

use crate::common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use common::platform::{Fault, Platform, PostKind, Posted};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use siaga::ingest::{Fetcher, Platform as SourcePlatform};
use siaga::model::{Arrival, Channel, InquiryId, Status};
use siaga::outbound::sender::{Sender, idempotency_key};
use siaga::queue::{Change, DeskPolicy, LocalQueue, QueueService};
use siaga::reply::compose::{ReplyConfig, default_channel, fit_channel, render_for};
use siaga::reply::{Lang, Platform as LengthPlatform, Reply, ReplyId, ReplyRequest, ReplyState};
use siaga::source::mastodon::MastodonClient;
use siaga::source::x::XClient;
use siaga::store::StoreError;
use tempfile::TempDir;

/// The ministry's account: the X user id and the Mastodon account id.
const ACCOUNT: &str = "1072250532645998596";
const TOKEN: &str = "t0ken";
const X_SOURCE: &str = "kemlu-x";
const MASTODON_SOURCE: &str = "kemlu-social";
const OFFICER: &str = "ani";
/// The HTTP client's timeout: a stall longer than this is a lost answer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(1);
const STALL: Duration = Duration::from_secs(3);
const TWEETS: &str = "/2/tweets";
const STATUSES: &str = "/api/v1/statuses";

/// Where a reply goes, as the tests pick it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    XPublic,
    XDm,
    MastodonPublic,
    MastodonDirect,
}

impl Kind {
    fn source(self) -> &'static str {
        match self {
            Kind::XPublic | Kind::XDm => X_SOURCE,
            Kind::MastodonPublic | Kind::MastodonDirect => MASTODON_SOURCE,
        }
    }

    fn channel(self) -> Channel {
        match self {
            Kind::XPublic | Kind::MastodonPublic => Channel::Public,
            Kind::XDm | Kind::MastodonDirect => Channel::Private,
        }
    }

    fn length_platform(self) -> LengthPlatform {
        match self {
            Kind::XPublic | Kind::XDm => LengthPlatform::X,
            Kind::MastodonPublic | Kind::MastodonDirect => LengthPlatform::Mastodon,
        }
    }

    /// The path prefix of the request that creates the post.
    fn post_path(self, author_id: &str) -> String {
        match self {
            Kind::XPublic => TWEETS.into(),
            Kind::XDm => format!("/2/dm_conversations/with/{author_id}/messages"),
            Kind::MastodonPublic | Kind::MastodonDirect => STATUSES.into(),
        }
    }

    fn post_kind(self) -> PostKind {
        match self {
            Kind::XPublic => PostKind::Tweet,
            Kind::XDm => PostKind::Dm,
            Kind::MastodonPublic | Kind::MastodonDirect => PostKind::Status,
        }
    }
}

/// A citizen's message as a fetcher would commit it. X ids are numeric;
/// Mastodon handles are `user@instance`.
fn arrival(kind: Kind, n: u64) -> Arrival {
    let (external_id, handle, platform_id) = match kind {
        Kind::XPublic => (
            format!("18610000000000{n:05}"),
            format!("warga_{n}"),
            format!("70000{n}"),
        ),
        Kind::XDm => (
            format!("dm:18620000000000{n:05}"),
            format!("warga_{n}"),
            format!("70000{n}"),
        ),
        Kind::MastodonPublic | Kind::MastodonDirect => (
            format!("1170205832454{n:05}"),
            format!("warga{n}@instance.example"),
            format!("10900{n}"),
        ),
    };
    let text = format!("@Kemlu_RI tolong, paspor saya hilang di Riyadh ({n})");
    Arrival {
        conversation_id: None,
        author: common::author(&handle, &handle.to_uppercase(), &platform_id),
        channel: kind.channel(),
        created_at: Timestamp::now() - SignedDuration::from_mins(10),
        category: "documents".into(),
        reasons: vec!["documents: paspor".into()],
        ..common::arrival(&external_id, &handle, &text)
    }
}

/// The policy the tests run with: no grace before a resend.
fn config() -> ReplyConfig {
    ReplyConfig {
        reconcile_grace_secs: 0,
        ..ReplyConfig::default()
    }
}

/// The desk's rules the queue builds replies under: `config` with the
/// desk's own (public) numbers, and the built-in templates.
fn policy(config: &ReplyConfig) -> DeskPolicy {
    let desk = desk_config();
    DeskPolicy {
        reply: ReplyConfig {
            hotline: desk.hotline,
            desk_hotline: desk.desk_hotline,
            ..config.clone()
        },
        templates: siaga::config::builtin_templates(),
        ..DeskPolicy::default()
    }
}

struct Desk {
    _dir: TempDir,
    queue: Arc<LocalQueue>,
    platform: Platform,
    sender: Sender,
}

async fn desk_with(config: ReplyConfig) -> Desk {
    build_desk(config, true).await
}

/// A desk whose sources name no `account_id` (#13): the clients learn it
/// from the token (`/2/users/me`, `verify_credentials`) when first needed.
async fn learning_desk() -> Desk {
    build_desk(config(), false).await
}

async fn build_desk(config: ReplyConfig, configured_id: bool) -> Desk {
    let platform = Platform::start(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let queue = LocalQueue::open(dir.path(), 64 << 20).unwrap();
    queue.set_policy(policy(&config));
    let http = siaga::source::http::client(CLIENT_TIMEOUT);
    let (x, mastodon) = if configured_id {
        (
            XClient::new(http.clone(), &platform.url, ACCOUNT, TOKEN.into()),
            MastodonClient::new(http, &platform.url, ACCOUNT, TOKEN.into()),
        )
    } else {
        (
            XClient::learning(http.clone(), &platform.url, TOKEN.into()),
            MastodonClient::learning(http, &platform.url, TOKEN.into()),
        )
    };
    let fetchers = vec![
        Fetcher::x(X_SOURCE, Duration::from_secs(60), x),
        Fetcher {
            limits: siaga::ingest::WalkLimits::default(),
            name: MASTODON_SOURCE.into(),
            poll: Duration::from_secs(60),
            platform: SourcePlatform::Mastodon(mastodon),
        },
    ];
    let sender = Sender::new(queue.clone(), &fetchers, config);
    Desk {
        _dir: dir,
        queue,
        platform,
        sender,
    }
}

async fn desk() -> Desk {
    desk_with(config()).await
}

impl Desk {
    /// Commit inquiry `n` of `kind` as the fetcher would; its id.
    fn inquiry(&self, kind: Kind, n: u64) -> InquiryId {
        let commit = self
            .queue
            .ingest(kind.source(), &[arrival(kind, n)], None)
            .unwrap();
        assert_eq!(commit.new_ids.len(), 1, "{commit:?}");
        commit.new_ids[0]
    }

    /// A reply to `id` in `kind`'s channel (a Mastodon direct reply gets
    /// the citizen's mention, as compose adds it).
    fn request(&self, id: InquiryId, kind: Kind, text: &str) -> ReplyRequest {
        let inq = self.queue.get(id).unwrap().inquiry;
        let text = fit_channel(text.into(), &inq, kind.channel(), kind.length_platform());
        ReplyRequest {
            inquiry: id,
            channel: kind.channel(),
            lang: Lang::Id,
            template: None,
            text,
        }
    }

    fn queue_reply(&self, id: InquiryId, kind: Kind, text: &str) -> Reply {
        self.queue
            .queue_reply(self.request(id, kind, text), OFFICER, None)
            .unwrap()
    }

    fn reply(&self, id: ReplyId) -> Reply {
        self.queue.store().reply(id).unwrap()
    }

    fn status(&self, id: InquiryId) -> Status {
        self.queue.get(id).unwrap().inquiry.status
    }

    /// The inquiry's history, as `what` words in order.
    fn history(&self, id: InquiryId) -> Vec<String> {
        self.queue
            .get(id)
            .unwrap()
            .history
            .into_iter()
            .map(|e| e.what)
            .collect()
    }

    /// The creating requests for `kind` (faulted and replayed included).
    fn post_requests(&self, kind: Kind, id: InquiryId) -> Vec<common::platform::Request> {
        let author = self.author_id(id);
        let path = kind.post_path(&author);
        self.platform
            .request_log()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.starts_with(&path))
            .collect()
    }

    fn author_id(&self, id: InquiryId) -> String {
        self.queue
            .get(id)
            .unwrap()
            .inquiry
            .author
            .platform_id
            .unwrap()
    }

    fn external_id(&self, id: InquiryId) -> String {
        self.queue.get(id).unwrap().inquiry.external_id
    }

    async fn send_due(&self) -> Vec<Reply> {
        self.sender.send_due().await.unwrap()
    }

    async fn drain(&self, secs: u64) -> Vec<Reply> {
        self.sender.drain(Duration::from_secs(secs)).await.unwrap()
    }
}

/// The one post on the platform; fails unless there is exactly one.
fn only_post(platform: &Platform) -> Posted {
    let posted = platform.posted();
    assert_eq!(posted.len(), 1, "exactly one post expected: {posted:#?}");
    posted.into_iter().next().unwrap()
}

/// A sent reply, its inquiry replied, and the history that says so.
fn assert_sent(desk: &Desk, reply: &Reply, platform_id: &str) {
    assert_eq!(reply.state, ReplyState::Sent, "{reply:#?}");
    assert_eq!(
        reply.platform_id.as_deref(),
        Some(platform_id),
        "{reply:#?}"
    );
    assert!(reply.finished_at.is_some());
    assert_eq!(reply.next_attempt_at, None);
    let stored = desk.reply(reply.id);
    assert_eq!(&stored, reply, "the returned reply is the stored one");
    let detail = desk.queue.get(reply.inquiry).unwrap();
    assert_eq!(detail.inquiry.status, Status::Replied);
    let brief = detail
        .inquiry
        .replies
        .iter()
        .find(|b| b.id == reply.id)
        .expect("the inquiry lists its reply");
    assert_eq!(brief.state, ReplyState::Sent);
    let sent: Vec<_> = detail
        .history
        .iter()
        .filter(|e| e.what == "reply_sent")
        .collect();
    assert_eq!(sent.len(), 1, "one reply_sent event: {:#?}", detail.history);
    assert_eq!(sent[0].officer, siaga::outbound::sender::SENDER);
    let after = sent[0].after.as_deref().unwrap_or_default();
    assert!(
        after.contains(&reply.id.to_string()) && after.contains(platform_id),
        "reply_sent names the reply and its platform id: {after}"
    );
    let status: Vec<_> = detail
        .history
        .iter()
        .filter(|e| e.what == "status")
        .collect();
    assert_eq!(status.len(), 1, "{:#?}", detail.history);
    assert_eq!(status[0].before.as_deref(), Some("new"));
    assert_eq!(status[0].after.as_deref(), Some("replied"));
    assert!(
        desk.queue
            .outbox(10)
            .unwrap()
            .open
            .iter()
            .all(|r| r.id != reply.id),
        "a sent reply is no longer open"
    );
}

fn refused(result: Result<Reply, StoreError>) -> String {
    match result {
        Err(StoreError::Refused(msg)) => msg.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// 1-3: the happy paths.

#[tokio::test]
async fn x_public_reply_is_posted_once_in_the_thread_and_recorded() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 1);
    let inq = desk.queue.get(id).unwrap().inquiry;
    assert_eq!(default_channel(&inq, &desk_config()), Channel::Public);
    let template = siaga::config::builtin_templates()
        .into_iter()
        .find(|t| t.name == "hotline")
        .unwrap();
    let text = render_for(
        &template,
        Lang::Id,
        &inq,
        OFFICER,
        Channel::Public,
        LengthPlatform::X,
        &desk_config(),
    );
    let queued = desk
        .queue
        .queue_reply(
            ReplyRequest {
                inquiry: id,
                channel: Channel::Public,
                lang: Lang::Id,
                template: Some("hotline".into()),
                text: text.clone(),
            },
            OFFICER,
            None,
        )
        .unwrap();
    assert_eq!(queued.state, ReplyState::Pending);
    assert!(desk.platform.posted().is_empty(), "queued is not sent");
    assert_eq!(desk.history(id), ["received", "reply"]);

    let done = desk.send_due().await;
    assert_eq!(done.len(), 1);
    let post = only_post(&desk.platform);
    assert_eq!(post.kind, PostKind::Tweet);
    assert_eq!(post.text, text);
    assert_eq!(post.in_reply_to.as_deref(), Some(inq.external_id.as_str()));
    assert_sent(&desk, &done[0], &post.id);
    assert_eq!(done[0].attempts, 1);
    assert_eq!(done[0].flag, None);
    assert!(!done[0].maybe_posted);
    assert_eq!(
        desk.history(id),
        ["received", "reply", "reply_sent", "status"]
    );
    let history = desk.queue.get(id).unwrap().history;
    assert_eq!(history[1].officer, OFFICER);
    assert!(
        history[1]
            .after
            .as_deref()
            .unwrap()
            .contains("template hotline")
    );

    // Nothing is due any more: sending again posts nothing.
    assert!(desk.send_due().await.is_empty());
    assert!(desk.drain(1).await.is_empty());
    assert_eq!(desk.platform.posted().len(), 1);
    assert_eq!(desk.platform.requests(TWEETS), 1);
}

fn desk_config() -> ReplyConfig {
    ReplyConfig {
        hotline: "+62 812-9007-0027".into(),
        portal_url: "https://peduli.wni.kemlu.go.id".into(),
        desk_name: "Direktorat Pelindungan WNI Kemlu".into(),
        desk_hotline: "+62 812-9007-0027".into(),
        ..config()
    }
}

#[tokio::test]
async fn x_private_reply_is_a_direct_message_to_the_author() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XDm, 2);
    let inq = desk.queue.get(id).unwrap().inquiry;
    assert_eq!(default_channel(&inq, &desk_config()), Channel::Private);
    let reply = desk.queue_reply(id, Kind::XDm, "Silakan kirim nomor paspor Anda di sini.");

    let done = desk.send_due().await;
    let post = only_post(&desk.platform);
    assert_eq!(post.kind, PostKind::Dm);
    assert_eq!(post.recipient.as_deref(), Some("700002"));
    assert_eq!(post.text, reply.text);
    assert_eq!(desk.platform.requests(TWEETS), 0, "no public tweet");
    assert_sent(&desk, &done[0], &post.id);
    assert_eq!(
        desk.history(id),
        ["received", "reply", "reply_sent", "status"]
    );
}

#[tokio::test]
async fn mastodon_replies_carry_visibility_reply_to_and_a_stable_idempotency_key() {
    let desk = desk().await;
    // Until the sender asks the instance, compose counts as X does.
    assert_eq!(
        desk.queue.rules(MASTODON_SOURCE).platform,
        LengthPlatform::X
    );
    desk.platform.set_max_characters(1234);
    desk.sender.learn_rules().await;
    let rules = desk.queue.rules(MASTODON_SOURCE);
    assert_eq!(rules.platform, LengthPlatform::Mastodon);
    assert_eq!(rules.max, 1234);
    assert_eq!(desk.queue.rules(X_SOURCE).platform, LengthPlatform::X);

    let public = desk.inquiry(Kind::MastodonPublic, 3);
    let direct = desk.inquiry(Kind::MastodonDirect, 4);
    let r_public = desk.queue_reply(public, Kind::MastodonPublic, "Kami bantu, cek DM.");
    let r_direct = desk.queue_reply(direct, Kind::MastodonDirect, "Kirim nomor paspor Anda.");
    assert!(
        r_direct.text.starts_with("@warga4@instance.example "),
        "a direct reply mentions the citizen: {}",
        r_direct.text
    );

    // The public one first meets a 503: its resend must carry the same key.
    desk.platform.fault_next(STATUSES, Fault::server_error(503));
    let first = desk.send_due().await;
    assert_eq!(first.len(), 2);
    let after_503 = first.iter().find(|r| r.id == r_public.id).unwrap();
    assert_eq!(after_503.state, ReplyState::Unknown, "{after_503:#?}");
    assert!(after_503.maybe_posted);
    assert_eq!(desk.status(public), Status::New, "not replied yet");
    let done = desk.drain(10).await;
    assert!(
        done.iter().all(|r| r.state == ReplyState::Sent),
        "{done:#?}"
    );

    let posted = desk.platform.posted();
    assert_eq!(posted.len(), 2, "{posted:#?}");
    let ext_public = desk.external_id(public);
    let ext_direct = desk.external_id(direct);
    let p = posted
        .iter()
        .find(|p| p.in_reply_to.as_deref() == Some(ext_public.as_str()))
        .expect("the public reply");
    let d = posted
        .iter()
        .find(|p| p.in_reply_to.as_deref() == Some(ext_direct.as_str()))
        .expect("the direct reply");
    assert_eq!(p.kind, PostKind::Status);
    assert_eq!(p.visibility.as_deref(), Some("public"));
    assert_eq!(p.text, r_public.text);
    assert_eq!(d.visibility.as_deref(), Some("direct"));
    assert_eq!(d.recipient.as_deref(), Some("warga4@instance.example"));
    assert_eq!(d.text, r_direct.text);

    for (inquiry, reply, post) in [(public, &r_public, p), (direct, &r_direct, d)] {
        let sent = desk.reply(reply.id);
        assert_sent(&desk, &sent, &post.id);
        let key = idempotency_key(&sent);
        assert_eq!(post.idempotency_key.as_deref(), Some(key.as_str()));
        let requests = desk.post_requests(Kind::MastodonPublic, inquiry);
        let mine: Vec<_> = requests
            .iter()
            .filter(|r| {
                r.body.contains(&format!(
                    "\"in_reply_to_id\":\"{}\"",
                    sent.target.in_reply_to
                ))
            })
            .collect();
        assert!(!mine.is_empty());
        for r in &mine {
            assert_eq!(
                r.idempotency_key.as_deref(),
                Some(key.as_str()),
                "every attempt carries the reply's key"
            );
            assert!(r.body.contains("\"language\":\"id\""), "{}", r.body);
        }
        let expected_attempts = if reply.id == r_public.id { 2 } else { 1 };
        assert_eq!(mine.len(), expected_attempts, "{mine:#?}");
    }
    let keys: HashSet<_> = posted.iter().map(|p| p.idempotency_key.clone()).collect();
    assert_eq!(keys.len(), 2, "each reply has its own key");
}

// ---------------------------------------------------------------------------
// 4: X's duplicate refusal.

#[tokio::test]
async fn x_duplicate_content_counts_as_posted_and_is_flagged() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 5);
    let text = "Mohon hubungi Hotline Pelindungan WNI +62 812-9007-0027.";
    let ext = desk.external_id(id);
    let seeded = desk.platform.seed_tweet(
        text,
        Some(&ext),
        Timestamp::now() - SignedDuration::from_secs(30),
    );
    desk.queue_reply(id, Kind::XPublic, text);

    let done = desk.send_due().await;
    assert!(desk.platform.posted().is_empty(), "nothing newly posted");
    assert_eq!(desk.platform.requests(TWEETS), 1);
    let reply = &done[0];
    assert_sent(&desk, reply, &seeded);
    let flag = reply.flag.as_deref().expect("flagged for the officer");
    assert!(flag.to_lowercase().contains("duplicate"), "{flag}");
    assert!(reply.summary().contains("duplicate"), "{}", reply.summary());
    let history = desk.queue.get(id).unwrap().history;
    let sent = history.iter().find(|e| e.what == "reply_sent").unwrap();
    assert!(
        sent.after.as_deref().unwrap().contains("duplicate"),
        "{sent:?}"
    );
    assert!(desk.drain(1).await.is_empty());
    assert!(desk.platform.posted().is_empty());
}

// ---------------------------------------------------------------------------
// 5: rate limits.

#[tokio::test]
async fn x_rate_limit_waits_for_the_reset_then_posts_once() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 6);
    desk.queue_reply(id, Kind::XPublic, "Kami bantu (6).");
    // X's reset is in epoch seconds.
    let reset = Timestamp::from_second(Timestamp::now().as_second() + 2).unwrap();
    desk.platform
        .fault_next(TWEETS, Fault::x_rate_limited(reset));

    let done = desk.send_due().await;
    let r = &done[0];
    assert!(desk.platform.posted().is_empty());
    assert_eq!(r.state, ReplyState::Pending, "{r:#?}");
    assert!(!r.maybe_posted, "a 429 proves nothing was posted");
    assert_eq!(r.next_attempt_at, Some(reset));
    assert!(r.last_error.as_deref().unwrap().contains("rate limited"));
    assert_eq!(desk.status(id), Status::New);

    // Not due before the reset.
    assert!(desk.send_due().await.is_empty());
    assert_eq!(desk.platform.requests(TWEETS), 1);

    let done = desk.drain(10).await;
    assert!(Timestamp::now() >= reset);
    let post = only_post(&desk.platform);
    assert_sent(&desk, &done[0], &post.id);
    assert_eq!(desk.platform.requests(TWEETS), 2);
}

#[tokio::test]
async fn mastodon_rate_limit_waits_for_the_reset_then_posts_once() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::MastodonPublic, 7);
    desk.queue_reply(id, Kind::MastodonPublic, "Kami bantu (7).");
    let reset = Timestamp::now() + SignedDuration::from_millis(1500);
    desk.platform
        .fault_next(STATUSES, Fault::mastodon_rate_limited(reset));

    let done = desk.send_due().await;
    let r = &done[0];
    assert!(desk.platform.posted().is_empty());
    assert_eq!(r.state, ReplyState::Pending, "{r:#?}");
    let at = r.next_attempt_at.expect("rescheduled");
    assert!(
        at.duration_since(reset).abs() < SignedDuration::from_millis(1),
        "next attempt {at} at the reset {reset}"
    );
    assert!(desk.send_due().await.is_empty());

    let done = desk.drain(10).await;
    let post = only_post(&desk.platform);
    assert_sent(&desk, &done[0], &post.id);
}

/// Attack (#20, time): the clock runs a day ahead of X's, so its reset
/// looks long past. Before: retried at once, again and again. Now: backed
/// off; not due again straight away.
#[tokio::test]
async fn a_rate_limit_reset_long_past_is_not_a_storm_of_retries() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 8);
    desk.queue_reply(id, Kind::XPublic, "Kami bantu (8).");
    let reset = Timestamp::now() - SignedDuration::from_hours(24);
    desk.platform
        .fault_next(TWEETS, Fault::x_rate_limited(reset));
    let done = desk.send_due().await;
    let at = done[0].next_attempt_at.expect("rescheduled");
    assert!(at > Timestamp::now(), "{at}");
    assert!(desk.send_due().await.is_empty(), "not due again at once");
    assert_eq!(desk.platform.requests(TWEETS), 1);
    let done = desk.drain(10).await;
    assert_sent(&desk, &done[0], &only_post(&desk.platform).id);
}

/// Attack (#20, time): a retry was scheduled 30 s ahead, then the clock
/// stepped back an hour. Before: the reply waited an hour. Now: no retry is
/// ever scheduled more than 15 minutes ahead, so it is due, and sent.
#[tokio::test]
async fn a_retry_is_not_held_for_an_hour_when_the_clock_steps_back() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 9);
    let reply = desk.queue_reply(id, Kind::XPublic, "Kami bantu (9).");
    let as_seen_after_the_step = Timestamp::now() + SignedDuration::from_secs(3600 + 30);
    desk.queue
        .update_reply(reply.id, "siaga", |r, _| {
            r.next_attempt_at = Some(as_seen_after_the_step);
            Ok(Vec::new())
        })
        .unwrap();
    let done = desk.send_due().await;
    assert_eq!(done.len(), 1);
    assert_sent(&desk, &done[0], &only_post(&desk.platform).id);
}

// ---------------------------------------------------------------------------
// 6-8: outcomes lost after the platform accepted (or not).

/// The platform creates the post but the answer is lost (`fault`): the
/// reply is Unknown; the next attempt finds it and records its id without
/// posting again.
async fn lost_answer_is_reconciled(kind: Kind, fault: Fault) {
    let desk = desk().await;
    let id = desk.inquiry(kind, 10);
    let reply = desk.queue_reply(id, kind, "Balasan kami untuk Anda (10).");
    let author = desk.author_id(id);
    desk.platform.fault_next(&kind.post_path(&author), fault);

    let done = desk.send_due().await;
    let r = &done[0];
    assert_eq!(r.state, ReplyState::Unknown, "{r:#?}");
    assert!(r.maybe_posted);
    assert_eq!(r.platform_id, None);
    assert_eq!(r.attempts, 1);
    assert!(r.last_error.is_some());
    assert_eq!(desk.status(id), Status::New, "not known to be replied yet");
    let post = only_post(&desk.platform);
    assert_eq!(post.kind, kind.post_kind());
    assert_eq!(post.text, reply.text);

    let done = desk.drain(15).await;
    assert_eq!(done.len(), 1, "{done:#?}");
    assert_eq!(
        only_post(&desk.platform),
        post,
        "found, not posted a second time"
    );
    assert_sent(&desk, &done[0], &post.id);
    let creating = desk.post_requests(kind, id);
    match kind {
        Kind::XPublic => {
            assert_eq!(creating.len(), 1, "X is never asked twice");
            assert!(
                desk.platform
                    .requests(&format!("/2/users/{ACCOUNT}/tweets"))
                    >= 1
            );
            assert!(done[0].flag.is_some(), "the officer may look: {done:#?}");
        }
        Kind::XDm => {
            assert_eq!(creating.len(), 1, "X is never asked twice");
            assert!(
                desk.platform
                    .requests(&format!("/2/dm_conversations/with/{author}/dm_events"))
                    >= 1
            );
        }
        Kind::MastodonPublic | Kind::MastodonDirect => {
            // Mastodon's own reconciliation: the same key again.
            assert_eq!(creating.len(), 2, "{creating:#?}");
            let key = idempotency_key(&done[0]);
            assert!(
                creating
                    .iter()
                    .all(|r| r.idempotency_key.as_deref() == Some(key.as_str()))
            );
        }
    }
    assert!(desk.drain(1).await.is_empty());
    assert_eq!(desk.platform.posted().len(), 1);
}

/// #13: without `account_id`, replies go out and a lost answer is
/// reconciled: on X against the account's own posts and messages, found
/// by the id the token belongs to (asked of the platform once); on
/// Mastodon by the Idempotency-Key, as always.
#[tokio::test]
async fn without_account_id_replies_are_sent_and_reconciled() {
    for kind in [
        Kind::XPublic,
        Kind::XDm,
        Kind::MastodonPublic,
        Kind::MastodonDirect,
    ] {
        let desk = learning_desk().await;
        let id = desk.inquiry(kind, 20);
        desk.queue_reply(id, kind, "Balasan kami untuk Anda (20).");
        let done = desk.drain(15).await;
        assert_eq!(done[0].state, ReplyState::Sent, "{kind:?}: {done:#?}");
        let second = desk.inquiry(kind, 21);
        desk.queue_reply(second, kind, "Balasan kami untuk Anda (21).");
        let author = desk.author_id(second);
        desk.platform
            .fault_next(&kind.post_path(&author), Fault::AcceptThenStall(STALL));
        let done = desk.drain(15).await;
        assert!(
            done.iter().all(|r| r.state == ReplyState::Sent),
            "{kind:?}: {done:#?}"
        );
        assert_eq!(
            desk.platform.posted().len(),
            2,
            "{kind:?}: each posted once"
        );
        // X reconciles through the account's own posts and messages, so it
        // needs the id; Mastodon through the Idempotency-Key, so it need not.
        if matches!(kind, Kind::XPublic | Kind::XDm) {
            assert_eq!(
                desk.platform.requests("/2/users/me"),
                1,
                "{kind:?}: asked once"
            );
        }
    }
}

#[tokio::test]
async fn x_public_timeout_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::XPublic, Fault::AcceptThenStall(STALL)).await;
}

#[tokio::test]
async fn x_dm_timeout_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::XDm, Fault::AcceptThenStall(STALL)).await;
}

#[tokio::test]
async fn mastodon_timeout_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::MastodonPublic, Fault::AcceptThenStall(STALL)).await;
}

#[tokio::test]
async fn mastodon_direct_timeout_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::MastodonDirect, Fault::AcceptThenStall(STALL)).await;
}

#[tokio::test]
async fn x_public_dropped_connection_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::XPublic, Fault::AcceptThenDrop).await;
}

#[tokio::test]
async fn x_dm_dropped_connection_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::XDm, Fault::AcceptThenDrop).await;
}

#[tokio::test]
async fn mastodon_dropped_connection_after_accept_is_reconciled() {
    lost_answer_is_reconciled(Kind::MastodonPublic, Fault::AcceptThenDrop).await;
}

/// A 5xx: the platform did not post. The reply is Unknown; reconciling
/// finds nothing, and it is sent once.
async fn server_error_is_reconciled_then_sent_once(kind: Kind) {
    let desk = desk().await;
    let id = desk.inquiry(kind, 11);
    desk.queue_reply(id, kind, "Balasan kami untuk Anda (11).");
    let author = desk.author_id(id);
    desk.platform
        .fault_next(&kind.post_path(&author), Fault::server_error(500));

    let done = desk.send_due().await;
    let r = &done[0];
    assert_eq!(r.state, ReplyState::Unknown, "{r:#?}");
    assert!(r.maybe_posted);
    assert!(
        r.last_error.as_deref().unwrap().contains("500"),
        "{:?}",
        r.last_error
    );
    assert!(r.next_attempt_at.is_some_and(|t| t > Timestamp::now()));
    assert!(desk.platform.posted().is_empty());

    let done = desk.drain(15).await;
    let post = only_post(&desk.platform);
    assert_eq!(post.kind, kind.post_kind());
    assert_sent(&desk, &done[0], &post.id);
    assert_eq!(done[0].attempts, 2);
    assert_eq!(desk.post_requests(kind, id).len(), 2);
    match kind {
        Kind::XPublic => {
            assert!(
                desk.platform
                    .requests(&format!("/2/users/{ACCOUNT}/tweets"))
                    >= 1
            )
        }
        Kind::XDm => assert!(
            desk.platform
                .requests(&format!("/2/dm_conversations/with/{author}/dm_events"))
                >= 1
        ),
        _ => {}
    }
}

#[tokio::test]
async fn x_public_server_error_is_reconciled_then_sent_once() {
    server_error_is_reconciled_then_sent_once(Kind::XPublic).await;
}

#[tokio::test]
async fn x_dm_server_error_is_reconciled_then_sent_once() {
    server_error_is_reconciled_then_sent_once(Kind::XDm).await;
}

#[tokio::test]
async fn mastodon_server_error_is_resent_with_its_key_once() {
    server_error_is_reconciled_then_sent_once(Kind::MastodonDirect).await;
}

#[tokio::test]
async fn the_grace_delays_a_resend_after_an_unknown_outcome() {
    let desk = desk_with(ReplyConfig {
        reconcile_grace_secs: 30,
        ..ReplyConfig::default()
    })
    .await;
    let id = desk.inquiry(Kind::XPublic, 12);
    desk.queue_reply(id, Kind::XPublic, "Kami bantu (12).");
    desk.platform.fault_next(TWEETS, Fault::server_error(502));
    let r = desk.send_due().await.remove(0);
    assert_eq!(r.state, ReplyState::Unknown);
    let last = r.last_attempt_at.unwrap();

    // When the backoff is over, X is asked, and the resend waits for the grace.
    let wait = r.next_attempt_at.unwrap().duration_since(Timestamp::now());
    tokio::time::sleep(Duration::try_from(wait).unwrap_or_default() + Duration::from_millis(50))
        .await;
    let r = desk.send_due().await.remove(0);
    assert_eq!(r.state, ReplyState::Unknown, "{r:#?}");
    assert_eq!(
        r.next_attempt_at,
        Some(last + SignedDuration::from_secs(30))
    );
    assert!(
        desk.platform
            .requests(&format!("/2/users/{ACCOUNT}/tweets"))
            >= 1
    );
    assert_eq!(
        desk.platform.requests(TWEETS),
        1,
        "no resend within the grace"
    );
    assert!(desk.platform.posted().is_empty());
}

// ---------------------------------------------------------------------------
// 9-10: refusals, retry, cancel, giving up.

#[tokio::test]
async fn an_x_refusal_fails_the_reply_until_an_officer_retries() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 13);
    let queued = desk.queue_reply(id, Kind::XPublic, "Kami bantu (13).");
    desk.platform.fault_next(
        TWEETS,
        Fault::Status(
            400,
            json!({"title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                   "type": "https://api.twitter.com/2/problems/invalid-request"}),
            vec![],
        ),
    );
    let r = desk.send_due().await.remove(0);
    assert_eq!(r.state, ReplyState::Failed, "{r:#?}");
    assert!(!r.maybe_posted);
    let err = r.last_error.as_deref().unwrap();
    assert!(
        err.contains("400") && err.contains("Invalid Request"),
        "{err}"
    );
    assert!(desk.platform.posted().is_empty());
    assert_eq!(desk.status(id), Status::New);
    assert!(desk.history(id).contains(&"reply_failed".to_string()));
    // Failed stays in the outbox (listed as open) but is not sent by itself.
    assert!(
        desk.queue
            .outbox(10)
            .unwrap()
            .open
            .iter()
            .any(|o| o.id == r.id)
    );
    assert!(desk.drain(2).await.is_empty());
    assert_eq!(desk.platform.requests(TWEETS), 1);

    let retried = desk.queue.retry_reply(queued.id, "budi").unwrap();
    assert_eq!(retried.state, ReplyState::Pending);
    assert_eq!(retried.attempts, 0);
    assert!(desk.history(id).contains(&"reply_retry".to_string()));
    let done = desk.send_due().await;
    let post = only_post(&desk.platform);
    assert_sent(&desk, &done[0], &post.id);
    // A sent reply cannot be retried (nor cancelled).
    let msg = refused(desk.queue.retry_reply(queued.id, OFFICER));
    assert!(msg.contains("only a failed reply"), "{msg}");
    let msg = refused(desk.queue.cancel_reply(queued.id, OFFICER));
    assert!(msg.contains("already sent"), "{msg}");
    assert_eq!(desk.reply(queued.id).state, ReplyState::Sent);
    assert_eq!(desk.platform.posted().len(), 1);
}

#[tokio::test]
async fn a_mastodon_422_fails_the_reply_until_an_officer_retries() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::MastodonPublic, 14);
    let queued = desk.queue_reply(
        id,
        Kind::MastodonPublic,
        "Mohon maaf, balasan ini sedikit lebih panjang dari batas instance (14).",
    );
    desk.platform.set_max_characters(20);
    let r = desk.send_due().await.remove(0);
    assert_eq!(r.state, ReplyState::Failed, "{r:#?}");
    let err = r.last_error.as_deref().unwrap();
    assert!(
        err.contains("422") && err.contains("character limit"),
        "{err}"
    );
    assert!(desk.platform.posted().is_empty());

    desk.platform.set_max_characters(500);
    assert_eq!(
        desk.queue.retry_reply(queued.id, OFFICER).unwrap().state,
        ReplyState::Pending
    );
    let done = desk.drain(5).await;
    let post = only_post(&desk.platform);
    assert_sent(&desk, &done[0], &post.id);
}

#[tokio::test]
async fn a_cancelled_reply_is_never_posted() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XDm, 15);
    let queued = desk.queue_reply(id, Kind::XDm, "Kami bantu (15).");
    let cancelled = desk.queue.cancel_reply(queued.id, OFFICER).unwrap();
    assert_eq!(cancelled.state, ReplyState::Cancelled);
    assert!(cancelled.finished_at.is_some());
    assert!(desk.history(id).contains(&"reply_cancelled".to_string()));
    assert!(desk.queue.outbox(10).unwrap().open.is_empty());

    assert!(desk.send_due().await.is_empty());
    assert!(desk.drain(1).await.is_empty());
    assert!(desk.platform.posted().is_empty());
    assert_eq!(desk.platform.requests(""), 0);
    assert_eq!(desk.status(id), Status::New);

    let msg = refused(desk.queue.cancel_reply(queued.id, OFFICER));
    assert!(msg.contains("already cancelled"), "{msg}");
    let msg = refused(desk.queue.retry_reply(queued.id, OFFICER));
    assert!(msg.contains("cancelled"), "{msg}");

    // A cancelled reply is no answer: a new one may be queued and is sent.
    let again = desk
        .queue
        .queue_reply(
            desk.request(id, Kind::XDm, "Kami bantu lagi (15)."),
            "budi",
            Some(0),
        )
        .unwrap();
    let done = desk.send_due().await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].id, again.id);
    let post = only_post(&desk.platform);
    assert_eq!(post.text, again.text);
    assert_eq!(desk.reply(queued.id).state, ReplyState::Cancelled);
}

#[tokio::test]
async fn server_errors_past_max_attempts_fail_the_reply() {
    let desk = desk_with(ReplyConfig {
        max_attempts: 2,
        ..config()
    })
    .await;
    let id = desk.inquiry(Kind::XPublic, 16);
    let queued = desk.queue_reply(id, Kind::XPublic, "Kami bantu (16).");
    for _ in 0..2 {
        desk.platform.fault_next(TWEETS, Fault::server_error(500));
    }
    let done = desk.drain(20).await;
    let r = &done[0];
    assert_eq!(r.state, ReplyState::Failed, "{r:#?}");
    assert_eq!(r.attempts, 2);
    assert!(r.maybe_posted);
    assert!(
        r.last_error
            .as_deref()
            .unwrap()
            .contains("gave up after 2 attempts"),
        "{:?}",
        r.last_error
    );
    assert!(desk.platform.posted().is_empty());
    assert_eq!(desk.platform.requests(TWEETS), 2);
    assert_eq!(desk.platform.pending_faults(), 0);
    assert!(r.summary().contains("failed"), "{}", r.summary());

    // Retried: it may have gone, so it is reconciled first, then sent.
    let retried = desk.queue.retry_reply(queued.id, OFFICER).unwrap();
    assert_eq!(retried.state, ReplyState::Unknown);
    let done = desk.drain(10).await;
    let post = only_post(&desk.platform);
    assert_sent(&desk, &done[0], &post.id);
}

// ---------------------------------------------------------------------------
// 11: collisions between officers.

#[tokio::test]
async fn a_reply_to_a_colleagues_claim_is_refused_naming_them() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 17);
    desk.queue
        .apply(id, &Change::Claim { take_over: false }, "budi")
        .unwrap();
    let msg = refused(desk.queue.queue_reply(
        desk.request(id, Kind::XPublic, "Kami bantu (17)."),
        OFFICER,
        None,
    ));
    assert!(msg.contains("budi"), "{msg}");
    assert!(msg.contains("claimed"), "{msg}");
    assert!(desk.queue.outbox(10).unwrap().open.is_empty());
    assert!(desk.queue.get(id).unwrap().inquiry.replies.is_empty());

    // The holder may.
    desk.queue
        .queue_reply(
            desk.request(id, Kind::XPublic, "Kami bantu (17)."),
            "budi",
            None,
        )
        .unwrap();
    let done = desk.send_due().await;
    let post = only_post(&desk.platform);
    assert_eq!(done[0].state, ReplyState::Sent);
    assert_eq!(done[0].platform_id.as_deref(), Some(post.id.as_str()));
    // Claimed -> replied.
    let history = desk.queue.get(id).unwrap().history;
    let status = history.iter().rfind(|e| e.what == "status").unwrap();
    assert_eq!(status.before.as_deref(), Some("claimed"));
    assert_eq!(status.after.as_deref(), Some("replied"));
}

#[tokio::test]
async fn a_reply_after_someone_elses_answer_is_refused_naming_who_and_when() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::MastodonPublic, 18);
    let first = desk
        .queue
        .queue_reply(
            desk.request(id, Kind::MastodonPublic, "Kami bantu (18)."),
            "budi",
            None,
        )
        .unwrap();
    // Ani opened compose when there were no answers.
    let msg = refused(desk.queue.queue_reply(
        desk.request(id, Kind::MastodonPublic, "Kami juga bantu (18)."),
        OFFICER,
        Some(0),
    ));
    assert!(msg.contains("budi"), "{msg}");
    let when = first.created_at.strftime("%Y-%m-%d %H:%M UTC").to_string();
    assert!(msg.contains(&when), "{msg} names {when}");
    assert!(msg.contains(&first.id.to_string()), "{msg}");
    assert_eq!(
        desk.queue.outbox(10).unwrap().open.len(),
        1,
        "nothing queued"
    );
    assert_eq!(desk.queue.get(id).unwrap().inquiry.replies.len(), 1);

    // Having seen it, she may add hers.
    desk.queue
        .queue_reply(
            desk.request(id, Kind::MastodonPublic, "Kami juga bantu (18)."),
            OFFICER,
            Some(1),
        )
        .unwrap();
    let done = desk.send_due().await;
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|r| r.state == ReplyState::Sent));
    assert_eq!(desk.platform.posted().len(), 2);
}

// ---------------------------------------------------------------------------
// Crashes mid-request (the state a killed sender leaves), and a follow-up
// reply in the same thread.

/// What a sender killed after marking the reply leaves behind.
fn as_if_killed_while_sending(desk: &Desk, id: ReplyId) {
    let now = Timestamp::now();
    desk.queue
        .update_reply(id, "siaga", |r, _| {
            r.state = ReplyState::Sending;
            r.attempts += 1;
            r.first_attempt_at = Some(now);
            r.last_attempt_at = Some(now);
            Ok(Vec::new())
        })
        .unwrap();
}

#[tokio::test]
async fn a_reply_left_sending_is_found_when_it_was_posted() {
    let desk = desk().await;
    let public = desk.inquiry(Kind::XPublic, 20);
    let dm = desk.inquiry(Kind::XDm, 21);
    let r_public = desk.queue_reply(public, Kind::XPublic, "Kami bantu (20).");
    let r_dm = desk.queue_reply(dm, Kind::XDm, "Kami bantu (21).");
    as_if_killed_while_sending(&desk, r_public.id);
    as_if_killed_while_sending(&desk, r_dm.id);
    // The killed request had reached X.
    let tweet = desk.platform.seed_tweet(
        &r_public.text,
        Some(&desk.external_id(public)),
        Timestamp::now(),
    );
    let event = desk
        .platform
        .seed_dm(ACCOUNT, &desk.author_id(dm), &r_dm.text, Timestamp::now());

    let done = desk.send_due().await;
    assert_eq!(done.len(), 2);
    assert!(desk.platform.posted().is_empty(), "nothing posted again");
    assert_eq!(desk.platform.requests(TWEETS), 0);
    assert_eq!(
        desk.platform
            .requests(&Kind::XDm.post_path(&desk.author_id(dm))),
        0,
        "the DM was not sent again"
    );
    assert_sent(&desk, &desk.reply(r_public.id), &tweet);
    assert_sent(&desk, &desk.reply(r_dm.id), &event);
}

#[tokio::test]
async fn a_reply_left_sending_is_sent_once_when_it_was_not_posted() {
    let desk = desk().await;
    let public = desk.inquiry(Kind::XPublic, 22);
    let masto = desk.inquiry(Kind::MastodonDirect, 23);
    let r_public = desk.queue_reply(public, Kind::XPublic, "Kami bantu (22).");
    let r_masto = desk.queue_reply(masto, Kind::MastodonDirect, "Kami bantu (23).");
    as_if_killed_while_sending(&desk, r_public.id);
    as_if_killed_while_sending(&desk, r_masto.id);

    let done = desk.send_due().await;
    assert_eq!(done.len(), 2);
    let posted = desk.platform.posted();
    assert_eq!(posted.len(), 2, "{posted:#?}");
    for r in &done {
        let post = posted.iter().find(|p| p.text == r.text).unwrap();
        assert_sent(&desk, r, &post.id);
        assert_eq!(r.attempts, 2);
    }
}

/// A second reply in the same X thread whose answer is lost must not be
/// taken for the first one, which is already there.
#[tokio::test]
async fn a_follow_up_reply_in_the_same_thread_is_not_mistaken_for_the_first() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 24);
    let first = desk.queue_reply(id, Kind::XPublic, "Mohon hubungi hotline kami (24).");
    let done = desk.send_due().await;
    assert_eq!(done[0].state, ReplyState::Sent);
    let first_post = only_post(&desk.platform);

    let second = desk.queue_reply(
        id,
        Kind::XPublic,
        "Tambahan: formulir ada di portal Peduli WNI (24).",
    );
    desk.platform.fault_next(TWEETS, Fault::server_error(503));
    let r = desk.send_due().await.remove(0);
    assert_eq!(r.state, ReplyState::Unknown);
    let done = desk.drain(15).await;
    let r = done.iter().find(|r| r.id == second.id).unwrap();
    let posted = desk.platform.posted();
    assert_eq!(
        posted.len(),
        2,
        "the follow-up was never posted; reply {} recorded {:?} (the first reply {} is {}): {posted:#?}",
        second.id,
        r.platform_id,
        first.id,
        first_post.id
    );
    assert_eq!(r.state, ReplyState::Sent);
    assert_ne!(r.platform_id.as_deref(), Some(first_post.id.as_str()));
    assert_eq!(r.platform_id.as_deref(), Some(posted[1].id.as_str()));
    assert_eq!(posted[1].text, second.text);
}

/// An officer cancels a queued reply while the sender is busy with an
/// earlier one of the same pass: that reply is skipped, the pass goes on.
#[tokio::test]
async fn a_cancel_during_a_pass_skips_that_reply_and_sends_the_rest() {
    let desk = desk().await;
    let a = desk.inquiry(Kind::XPublic, 30);
    let b = desk.inquiry(Kind::XDm, 31);
    let c = desk.inquiry(Kind::MastodonPublic, 32);
    let r_a = desk.queue_reply(a, Kind::XPublic, "Kami bantu (30).");
    let r_b = desk.queue_reply(b, Kind::XDm, "Kami bantu (31).");
    let r_c = desk.queue_reply(c, Kind::MastodonPublic, "Kami bantu (32).");
    // The first reply's answer takes the client's whole timeout.
    desk.platform
        .fault_next(TWEETS, Fault::AcceptThenStall(STALL));
    let sender = desk.sender.clone();
    let pass = tokio::spawn(async move { sender.send_due().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(desk.reply(r_a.id).state, ReplyState::Sending);
    desk.queue.cancel_reply(r_b.id, OFFICER).unwrap();

    let done = pass.await.unwrap();
    assert!(
        done.is_ok(),
        "the pass stopped at the cancelled reply: {done:?}"
    );
    assert_eq!(desk.reply(r_b.id).state, ReplyState::Cancelled);
    assert_eq!(desk.reply(r_a.id).state, ReplyState::Unknown);
    let c_now = desk.reply(r_c.id);
    assert_eq!(c_now.state, ReplyState::Sent, "{c_now:#?}");
    assert!(
        desk.platform
            .posted()
            .iter()
            .all(|p| p.kind != PostKind::Dm),
        "the cancelled DM was never sent"
    );
}

/// Officers type reply and inquiry numbers (`siaga outbox retry r12`,
/// `#12`): they go on from where they were after the desk restarts.
#[tokio::test]
async fn reply_and_inquiry_numbers_go_on_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let draft = |id: InquiryId, text: &str| ReplyRequest {
        inquiry: id,
        channel: Channel::Public,
        lang: Lang::Id,
        template: None,
        text: text.into(),
    };
    let (first_inquiry, first_reply) = {
        let queue = LocalQueue::open(dir.path(), 64 << 20).unwrap();
        let id = queue
            .ingest(X_SOURCE, &[arrival(Kind::XPublic, 40)], None)
            .unwrap()
            .new_ids[0];
        let reply = queue.queue_reply(draft(id, "(40)"), OFFICER, None).unwrap();
        (id, reply.id)
    };
    let queue = LocalQueue::open(dir.path(), 64 << 20).unwrap();
    let id = queue
        .ingest(X_SOURCE, &[arrival(Kind::XPublic, 41)], None)
        .unwrap()
        .new_ids[0];
    let reply = queue.queue_reply(draft(id, "(41)"), OFFICER, None).unwrap();
    assert!(
        id.0 > first_inquiry.0 && id.0 <= first_inquiry.0 + 10,
        "inquiry #{first_inquiry}, then after a restart #{id}"
    );
    assert!(
        reply.id.0 > first_reply.0 && reply.id.0 <= first_reply.0 + 10,
        "reply {first_reply}, then after a restart {}",
        reply.id
    );
}

#[tokio::test]
async fn a_reply_queued_before_a_restriction_is_not_sent_and_cannot_be_retried_until_lifted() {
    let desk = desk().await;
    let id = desk.inquiry(Kind::XPublic, 71);
    let queued = desk.queue_reply(id, Kind::XPublic, "Mohon hubungi hotline kami.");
    desk.queue
        .apply(
            id,
            &siaga::queue::Change::Restrict {
                reason: "the person's request by e-mail".into(),
            },
            "supervisor",
        )
        .unwrap();

    let done = desk.drain(5).await;
    assert_eq!(done.len(), 1, "{done:?}");
    let r = desk.reply(queued.id);
    assert_eq!(r.state, ReplyState::Failed);
    assert!(
        r.last_error.as_deref().unwrap_or("").contains("restricted"),
        "{r:?}"
    );
    assert!(desk.platform.posted().is_empty(), "nothing may go out");

    let refused = desk
        .queue
        .retry_reply(queued.id, OFFICER)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("restricted"), "{refused}");

    desk.queue
        .apply(
            id,
            &siaga::queue::Change::Unrestrict {
                reason: "withdrawn by the person".into(),
            },
            "supervisor",
        )
        .unwrap();
    desk.queue.retry_reply(queued.id, OFFICER).unwrap();
    let done = desk.drain(10).await;
    assert_eq!(done.len(), 1);
    assert_eq!(desk.reply(queued.id).state, ReplyState::Sent);
    assert_eq!(desk.platform.posted().len(), 1);
}

// 6: a group answer (#16).

/// Four near-identical pleas on X, grouped by the desk's own rules.
fn grouped_pleas(desk: &Desk) -> siaga::model::GroupId {
    let pleas: Vec<Arrival> = (1..=4u64)
        .map(|n| Arrival {
            text: format!(
                "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, tidak ada air ({n})"
            ),
            category: "crisis".into(),
            ..arrival(Kind::XPublic, 80 + n)
        })
        .collect();
    desk.queue.ingest(X_SOURCE, &pleas, None).unwrap();
    let groups = desk.queue.groups().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].members.len(), 4);
    groups[0].id
}

#[tokio::test]
async fn a_group_answer_posts_one_reply_per_member_and_a_rate_limit_holds_the_rest() {
    let reply = ReplyConfig {
        group_pace_x_secs: 0,
        ..desk_config()
    };
    let desk = desk_with(reply.clone()).await;
    desk.queue.set_policy(DeskPolicy {
        reply: ReplyConfig {
            reconcile_grace_secs: 0,
            ..reply
        },
        ..siaga::config::Config::defaults().desk_policy()
    });
    let group = grouped_pleas(&desk);
    let reset = Timestamp::from_second(Timestamp::now().as_second() + 2).unwrap();
    desk.platform
        .fault_next(TWEETS, Fault::x_rate_limited(reset));
    let request = siaga::model::group::GroupReplyRequest {
        group,
        template: "crisis_register".into(),
        members: Vec::new(),
        dry_run: false,
    };
    let outcome = desk.queue.reply_group(request, OFFICER).unwrap();
    assert_eq!(outcome.queued.len(), 4, "{outcome:#?}");

    desk.send_due().await;
    assert!(desk.platform.posted().is_empty());
    assert_eq!(
        desk.platform.requests(TWEETS),
        1,
        "after the 429 the others wait for the reset too"
    );

    desk.drain(10).await;
    let posted = desk.platform.posted();
    assert_eq!(posted.len(), 4, "one each: {posted:#?}");
    let answered: HashSet<Option<String>> = posted.iter().map(|p| p.in_reply_to.clone()).collect();
    let asked: HashSet<Option<String>> = outcome
        .queued
        .iter()
        .map(|m| Some(desk.external_id(m.inquiry)))
        .collect();
    assert_eq!(answered, asked, "each in its own member's thread");
    assert_eq!(
        desk.platform.requests(TWEETS),
        5,
        "4 posts and the refused one"
    );
    for m in &outcome.queued {
        assert_eq!(desk.reply(m.reply.unwrap()).state, ReplyState::Sent);
    }
}
