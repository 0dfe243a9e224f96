//! The sender: takes due replies from the outbox and posts each through
//! its source's platform, exactly once (ARCHITECTURE.md rule 5).
//!
//! Before each request the reply is marked `Sending`, durably. Whatever
//! happens next (an answer, a timeout, a crash), the next look at that
//! reply knows an attempt may have landed, and reconciles before sending
//! again: Mastodon by resending with the same `Idempotency-Key`, which the
//! instance answers with the first status; X, which has no such key, by
//! looking for the account's own reply in that conversation.
//!
//! What is recorded of each attempt is in [`record`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use crate::ingest::{Fetcher, Platform};
use crate::model::Channel;
use crate::model::reply::{Reply, ReplyState};
use crate::queue::LocalQueue;
use crate::reply::compose::ReplyConfig;
use crate::reply::length::PlatformRules;
use crate::source::SourceError;
use crate::source::http::PostError;
use crate::store::StoreError;

mod record;

/// The officer name the sender's own history entries carry.
pub const SENDER: &str = "siaga";

/// How long a Mastodon instance remembers an `Idempotency-Key` (an hour),
/// with a margin.
const MASTODON_KEY_LIFE: SignedDuration = SignedDuration::from_mins(55);

/// How far before the first attempt reconciliation looks (clock skew).
const SKEW: SignedDuration = SignedDuration::from_secs(120);

/// Posts replies for the sources it knows.
#[derive(Clone)]
pub struct Sender {
    queue: Arc<LocalQueue>,
    platforms: HashMap<String, Platform>,
    config: ReplyConfig,
    wake: Arc<Notify>,
    /// A source the platform rate limited, and until when: none of its
    /// replies is tried before then (a group answer's hundred would each
    /// spend a request learning the same thing).
    limited: Arc<std::sync::Mutex<HashMap<String, Timestamp>>>,
}

/// What reconciling a reply with an unknown outcome found.
enum Found {
    Posted(String),
    NotYet,
}

impl Sender {
    pub fn new(queue: Arc<LocalQueue>, fetchers: &[Fetcher], config: ReplyConfig) -> Sender {
        Sender {
            queue,
            platforms: fetchers
                .iter()
                .map(|f| (f.name.clone(), f.platform.clone()))
                .collect(),
            config,
            wake: Arc::new(Notify::new()),
            limited: Arc::default(),
        }
    }

    /// Ring this after queueing a reply so the loop sends it at once.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Learn each source's length rules (Mastodon asks its instance) and
    /// tell the queue, so compose counts as the platform will.
    pub async fn learn_rules(&self) {
        for (name, platform) in &self.platforms {
            let rules = match platform {
                Platform::X { .. } => PlatformRules::x(),
                Platform::Mastodon(client) => {
                    let max = client.max_characters().await.ok().flatten();
                    PlatformRules::mastodon(max.or(Some(self.config.mastodon_max_characters)))
                }
            };
            self.queue.set_rules(name, rules);
        }
    }

    /// Work through every reply due now, once each; returns them as they
    /// ended up. `siaga outbox send` and the loop both use this.
    pub async fn send_due(&self) -> Result<Vec<Reply>, StoreError> {
        let now = Timestamp::now();
        let due: Vec<Reply> = self
            .queue
            .store()
            .open_replies()?
            .into_iter()
            .filter(|r| r.is_due(now))
            .collect();
        let mut out = Vec::with_capacity(due.len());
        for reply in due {
            if self
                .held_until(&reply.source)
                .is_some_and(|t| t > Timestamp::now())
            {
                continue;
            }
            match self.send_one(reply).await {
                Ok(r) => out.push(r),
                // Cancelled (or otherwise settled) by an officer since the
                // pass began: skip it, send the rest.
                Err(StoreError::Refused(why)) => tracing::info!("outbox: skipped: {why}"),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Send until the outbox has nothing due, waiting for backoffs, for
    /// at most `patience` (the CLI's "send it now").
    pub async fn drain(&self, patience: Duration) -> Result<Vec<Reply>, StoreError> {
        let deadline = tokio::time::Instant::now() + patience;
        let mut last = HashMap::new();
        loop {
            for r in self.send_due().await? {
                last.insert(r.id, r);
            }
            let Some(wait) = self.next_due_in()? else {
                break;
            };
            if tokio::time::Instant::now() + wait > deadline {
                break;
            }
            tokio::time::sleep(wait).await;
        }
        let mut out: Vec<Reply> = last.into_values().collect();
        out.sort_by_key(|r| r.id);
        Ok(out)
    }

    /// Run forever: send what is due, then sleep until the next reply is
    /// due or someone queues one.
    pub async fn run(self) {
        self.learn_rules().await;
        // A reply queued by anyone wakes the loop at once.
        let mut events = crate::queue::QueueService::subscribe(self.queue.as_ref());
        let wake = self.wake.clone();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(crate::queue::QueueEvent::Reply { reply })
                        if reply.state == ReplyState::Pending =>
                    {
                        wake.notify_one();
                    }
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        loop {
            if let Err(e) = self.send_due().await {
                tracing::error!("outbox: {e}");
            }
            let wait = self
                .next_due_in()
                .ok()
                .flatten()
                .unwrap_or(Duration::from_secs(60));
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Until when `source` is rate limited, if it was.
    fn held_until(&self, source: &str) -> Option<Timestamp> {
        let limited = self.limited.lock().unwrap_or_else(|e| e.into_inner());
        limited.get(source).copied()
    }

    fn hold_source(&self, source: &str, until: Timestamp) {
        let mut limited = self.limited.lock().unwrap_or_else(|e| e.into_inner());
        limited.insert(source.to_string(), until);
    }

    /// Time until the earliest open reply is due (None: nothing open).
    pub fn next_due_in(&self) -> Result<Option<Duration>, StoreError> {
        let now = Timestamp::now();
        Ok(self
            .queue
            .store()
            .open_replies()?
            .iter()
            .filter(|r| r.state != ReplyState::Failed)
            .map(|r| {
                let held = self.held_until(&r.source);
                crate::model::retry_wait(r.next_attempt_at.max(held), now)
            })
            .min()
            .map(|d| {
                Duration::try_from(d)
                    .unwrap_or_default()
                    .max(Duration::from_millis(50))
                    // Look at the wall clock again within a minute: it may step.
                    .min(Duration::from_secs(60))
            }))
    }

    async fn send_one(&self, reply: Reply) -> Result<Reply, StoreError> {
        let Some(platform) = self.platforms.get(&reply.source) else {
            let msg = format!("no configured source `{}` to send through", reply.source);
            return self.fail(&reply, &msg);
        };
        let may_be_posted =
            reply.maybe_posted || matches!(reply.state, ReplyState::Sending | ReplyState::Unknown);
        if may_be_posted && let Some(settled) = self.settle_unknown(platform, &reply).await {
            return settled;
        }
        if reply.attempts >= self.config.max_attempts.max(1) {
            let msg = format!(
                "gave up after {} attempts: {}",
                reply.attempts,
                reply.last_error.as_deref().unwrap_or("no answer")
            );
            return self.fail(&reply, &msg);
        }
        let sending = match self.mark_sending(&reply) {
            // Restricted or erased since it was queued: it must not go.
            Err(StoreError::Withheld(why)) => {
                return self.fail(&reply, &why);
            }
            other => other?,
        };
        let posted = self.post(platform, &sending).await;
        self.record_post(platform, &sending, posted).await
    }

    /// A reply that may have been posted, checked with the platform first:
    /// found (sent), not yet within the grace (checked again later), or
    /// not to be told (checked again later). None: not posted, send it.
    async fn settle_unknown(
        &self,
        platform: &Platform,
        reply: &Reply,
    ) -> Option<Result<Reply, StoreError>> {
        match self.reconcile(platform, reply).await {
            Ok(Found::Posted(id)) => {
                Some(self.sent(reply, id, Some("found posted after an unknown outcome")))
            }
            Ok(Found::NotYet) if !self.grace_over(reply) => {
                let at = reply.last_attempt_at.unwrap_or_else(Timestamp::now)
                    + SignedDuration::from_secs(self.config.reconcile_grace_secs as i64);
                Some(self.reschedule(reply, ReplyState::Unknown, at, None))
            }
            Ok(Found::NotYet) => None,
            Err(e) => {
                let at = Timestamp::now() + backoff(reply.attempts);
                let msg = format!("could not check whether it was posted: {e}");
                Some(self.reschedule(reply, ReplyState::Unknown, at, Some(msg)))
            }
        }
    }

    /// What a post's outcome makes of the reply: sent, failed, or tried
    /// again later (as unknown when it may have been posted).
    async fn record_post(
        &self,
        platform: &Platform,
        sending: &Reply,
        posted: Result<String, PostError>,
    ) -> Result<Reply, StoreError> {
        let not_sent_state = if sending.maybe_posted {
            ReplyState::Unknown
        } else {
            ReplyState::Pending
        };
        match posted {
            Ok(id) => self.sent(sending, id, None),
            Err(PostError::Duplicate(detail)) => {
                let id = match self.reconcile(platform, sending).await {
                    Ok(Found::Posted(id)) => id,
                    _ => String::new(),
                };
                let flag = format!("X refused it as a duplicate ({detail}); treated as posted");
                self.sent(sending, id, Some(&flag))
            }
            Err(PostError::Refused { status, detail }) => {
                self.fail(sending, &format!("refused ({status}): {detail}"))
            }
            Err(PostError::RateLimited { until }) => {
                let msg = format!("rate limited until {until}");
                let now = Timestamp::now();
                let at = crate::model::rate_limited_retry(until, now, backoff(sending.attempts));
                self.hold_source(&sending.source, at);
                self.reschedule_after_attempt(sending, not_sent_state, at, msg, false)
            }
            Err(PostError::NotSent(e)) => {
                let at = Timestamp::now() + backoff(sending.attempts);
                self.reschedule_after_attempt(sending, not_sent_state, at, e, false)
            }
            Err(PostError::Unknown(e)) => {
                let at = Timestamp::now() + backoff(sending.attempts);
                self.reschedule_after_attempt(sending, ReplyState::Unknown, at, e, true)
            }
        }
    }

    fn grace_over(&self, reply: &Reply) -> bool {
        let grace = SignedDuration::from_secs(self.config.reconcile_grace_secs as i64);
        reply
            .last_attempt_at
            .is_none_or(|t| t + grace <= Timestamp::now())
    }

    async fn post(&self, platform: &Platform, reply: &Reply) -> Result<String, PostError> {
        let target = &reply.target;
        match (platform, reply.channel) {
            (Platform::X { client, .. }, Channel::Public) => {
                client.post_reply(&reply.text, &target.in_reply_to).await
            }
            (Platform::X { client, .. }, Channel::Private) => {
                let Some(to) = target.recipient_id.as_deref() else {
                    return Err(PostError::Refused {
                        status: 0,
                        detail: "no user id to send a direct message to".into(),
                    });
                };
                client.send_dm(to, &reply.text).await
            }
            (Platform::Mastodon(client), channel) => {
                client
                    .post_reply(
                        &reply.text,
                        &target.in_reply_to,
                        channel == Channel::Private,
                        reply.lang.as_str(),
                        &idempotency_key(reply),
                    )
                    .await
            }
        }
    }

    /// Was the reply posted by an attempt whose answer was lost?
    async fn reconcile(&self, platform: &Platform, reply: &Reply) -> Result<Found, SourceError> {
        let Some(first) = reply.first_attempt_at else {
            return Ok(Found::NotYet);
        };
        let since = first - SKEW;
        match (platform, reply.channel) {
            // Within the hour the instance keeps idempotency keys, resending
            // with the same key is Mastodon's own reconciliation; later,
            // look for the account's own reply.
            (Platform::Mastodon(_), _) if Timestamp::now() - MASTODON_KEY_LIFE < first => {
                Ok(Found::NotYet)
            }
            (Platform::Mastodon(client), _) => {
                let own = client.own_statuses().await?;
                Ok(own
                    .into_iter()
                    .find(|p| {
                        p.in_reply_to.as_deref() == Some(reply.target.in_reply_to.as_str())
                            && p.created_at.is_none_or(|t| t >= since)
                    })
                    .map_or(Found::NotYet, |p| Found::Posted(p.id)))
            }
            (Platform::X { client, .. }, Channel::Public) => {
                // Another reply to the same post (an earlier answer, a
                // colleague's) is not this one: the words must match too.
                let own = client.own_posts_since(since).await?;
                Ok(own
                    .into_iter()
                    .find(|p| {
                        p.in_reply_to.as_deref() == Some(reply.target.in_reply_to.as_str())
                            && p.created_at.is_none_or(|t| t >= since)
                            && same_text(&p.text, &reply.text)
                    })
                    .map_or(Found::NotYet, |p| Found::Posted(p.id)))
            }
            (Platform::X { client, .. }, Channel::Private) => {
                let Some(to) = reply.target.recipient_id.as_deref() else {
                    return Ok(Found::NotYet);
                };
                let own = client.own_dms_with(to).await?;
                let ours = comparable(&reply.text);
                Ok(own
                    .into_iter()
                    .find(|m| {
                        m.created_at.is_none_or(|t| t >= since) && comparable(&m.text) == ours
                    })
                    .map_or(Found::NotYet, |m| Found::Posted(m.id)))
            }
        }
    }
}

/// The key Mastodon deduplicates on: stable for the reply's whole life.
pub fn idempotency_key(reply: &Reply) -> String {
    format!("siaga-{}-{}-{}", reply.source, reply.inquiry, reply.id.0)
}

/// Text as the platform may give it back: links shortened, spacing kept
/// loosely. Only used to recognise our own message.
fn comparable(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.contains("://"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a post the platform gives back is this reply: the same words,
/// links aside, allowing for mentions X puts in front of a reply.
fn same_text(theirs: &str, ours: &str) -> bool {
    let (theirs, ours) = (comparable(theirs), comparable(ours));
    !ours.is_empty() && (theirs == ours || theirs.ends_with(&ours))
}

/// Wait before attempt `attempts + 1`: 2 s doubling to 5 min, jittered.
pub fn backoff(attempts: u32) -> SignedDuration {
    let d = crate::ingest::backoff(attempts.saturating_sub(1));
    SignedDuration::try_from(d).unwrap_or(SignedDuration::from_secs(300))
}
