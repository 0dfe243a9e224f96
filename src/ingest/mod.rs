//! The fetch loop: for each source, poll its platform, turn posts into
//! scored arrivals, and commit each page with its cursor through the queue
//! service. A page and its cursor commit together; the cursor moves to the
//! walk's newest id only when the whole walk is done, so a failure midway
//! re-walks rather than skips, and dedupe makes the re-walk harmless.
//! Before the first poll, the account the source acts for is settled
//! (`account`: a configured id checked, a missing one learned and kept).

pub mod account;
pub mod deletions;
pub mod limits;
mod walk;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc;

use crate::model::Arrival;
use crate::queue::QueueService;
pub use crate::queue::health::{Health, HealthReport};
use crate::source::mastodon::MastodonClient;
use crate::source::settings::{SourceConfig, SourceKind};
use crate::source::x::XClient;
use crate::source::{Post, SourceError};
use crate::triage::Lexicon;
pub use limits::{Cut, WalkLimits};

/// What one poll of one source did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollCount {
    pub new: usize,
    /// Follow-ups attached to an open inquiry of the same thread.
    pub followups: usize,
    pub duplicate: usize,
    pub skipped: usize,
    /// Items the platform sent that could not be read: left out, and
    /// logged by id (see `walk::record_rejected`).
    pub rejected: usize,
    /// Why a walk of this poll stopped before the platform's end (its
    /// limits, a repeated token, a server ignoring `min_id`); it goes on at
    /// the next poll.
    pub cut: Option<Cut>,
}

impl PollCount {
    pub(crate) fn add(&mut self, other: PollCount) {
        self.new += other.new;
        self.followups += other.followups;
        self.duplicate += other.duplicate;
        self.skipped += other.skipped;
        self.rejected += other.rejected;
        self.cut = self.cut.or(other.cut);
    }
}

/// The platform client behind a fetcher.
#[derive(Clone)]
pub enum Platform {
    X {
        client: XClient,
        searches: Vec<String>,
    },
    Mastodon(MastodonClient),
}

/// A source ready to poll.
#[derive(Clone)]
pub struct Fetcher {
    pub name: String,
    pub poll: Duration,
    pub platform: Platform,
    /// How far one poll's walk of each stream may go.
    pub limits: WalkLimits,
}

impl Fetcher {
    /// An X source without searches (the demo feed, tests).
    pub fn x(name: &str, poll: Duration, client: XClient) -> Fetcher {
        Fetcher {
            name: name.to_string(),
            poll,
            platform: Platform::X {
                client,
                searches: Vec::new(),
            },
            limits: WalkLimits::default(),
        }
    }

    /// A Mastodon source.
    pub fn mastodon(name: &str, poll: Duration, client: MastodonClient) -> Fetcher {
        Fetcher {
            name: name.to_string(),
            poll,
            platform: Platform::Mastodon(client),
            limits: WalkLimits::default(),
        }
    }
}

/// Read a source's token from its environment variable or its 0600 file.
pub fn resolve_token(source: &SourceConfig) -> Result<String, SourceError> {
    if source.token_env.is_none() && source.token_file.is_none() {
        return Err(SourceError::NoToken(
            "the source names no token_env or token_file".into(),
        ));
    }
    crate::source::secret::read_secret(source.token_env.as_deref(), source.token_file.as_deref())
        .map_err(|e| SourceError::NoToken(e.to_string()))
}

/// Build the fetchers for the configured sources. A source whose token is
/// missing is returned as an error beside the others, never stopping them.
pub fn fetchers(sources: &[SourceConfig]) -> Vec<Result<Fetcher, (String, SourceError)>> {
    sources
        .iter()
        .map(|s| fetcher(s).map_err(|e| (s.name.clone(), e)))
        .collect()
}

fn fetcher(s: &SourceConfig) -> Result<Fetcher, SourceError> {
    let token = resolve_token(s)?;
    let http = crate::source::http::client(Duration::from_secs(s.timeout_secs.max(1)));
    // No account_id: the client learns it (see `account`).
    let account_id = s.account_id.as_deref().unwrap_or_default();
    let platform = match s.kind {
        SourceKind::X => Platform::X {
            client: XClient::new(http, &s.base_url, account_id, token),
            searches: s.searches.clone(),
        },
        SourceKind::Mastodon => {
            Platform::Mastodon(MastodonClient::new(http, &s.base_url, account_id, token))
        }
    };
    Ok(Fetcher {
        name: s.name.clone(),
        poll: Duration::from_secs(s.poll_secs.max(1)),
        platform,
        limits: WalkLimits {
            max_pages: s.max_pages.max(1),
            max_time: Duration::from_secs(s.max_walk_secs.max(1)),
        },
    })
}

pub(crate) fn arrival(post: Post, lexicon: &Lexicon, now: Timestamp) -> Arrival {
    let verdict = lexicon.score(&post.text);
    Arrival {
        external_id: post.external_id,
        conversation_id: post.conversation_id,
        in_reply_to: post.in_reply_to,
        author: post.author,
        channel: post.channel,
        created_at: post.created_at.unwrap_or(now).min(now),
        lang: crate::model::lang::arrival_code(post.lang.as_deref(), &post.text),
        text: post.text,
        priority: verdict.priority,
        category: verdict.category,
        reasons: verdict.reasons,
    }
}

/// Platforms page newest first; a thread must be read oldest first so that
/// the question opens the inquiry and the later message follows it.
pub fn oldest_first(arrivals: &mut [Arrival]) {
    arrivals.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| crate::source::compare_ids(&a.external_id, &b.external_id))
    });
}

pub(crate) async fn commit(
    queue: &Arc<dyn QueueService>,
    source: &str,
    posts: Vec<Post>,
    lexicon: &Lexicon,
    cursor: Option<(String, String)>,
) -> Result<PollCount, SourceError> {
    let now = Timestamp::now();
    let mut arrivals: Vec<Arrival> = posts
        .into_iter()
        .map(|p| arrival(p, lexicon, now))
        .collect();
    oldest_first(&mut arrivals);
    let (queue, source) = (queue.clone(), source.to_string());
    let commit = tokio::task::spawn_blocking(move || {
        queue.ingest(
            &source,
            &arrivals,
            cursor.as_ref().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    })
    .await
    .map_err(|e| SourceError::Network(format!("commit task failed: {e}")))?
    .map_err(|e| SourceError::Storage(e.to_string()))?;
    Ok(PollCount {
        new: commit.new_ids.len(),
        followups: commit.attached_ids.len(),
        duplicate: commit.duplicates,
        ..PollCount::default()
    })
}

/// Store `value` as the cursor `key` of `source`, alone, durably.
pub(crate) async fn set_cursor(
    queue: &Arc<dyn QueueService>,
    source: &str,
    key: &str,
    value: &str,
) -> Result<(), SourceError> {
    let (queue, source) = (queue.clone(), source.to_string());
    let (key, value) = (key.to_string(), value.to_string());
    tokio::task::spawn_blocking(move || queue.ingest(&source, &[], Some((&key, &value))))
        .await
        .map_err(|e| SourceError::Network(format!("commit task failed: {e}")))?
        .map_err(|e| SourceError::Storage(e.to_string()))?;
    Ok(())
}

/// Poll one source once: every stream it has, its account learned first
/// if it has none yet (see `account`).
pub async fn poll_once(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    poll(queue, f, lexicon, false).await
}

/// A poll; `first` (a start) also checks a configured account id
/// against the token's.
async fn poll(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    lexicon: &Lexicon,
    first: bool,
) -> Result<PollCount, SourceError> {
    account::settle(queue, f, first).await?;
    match &f.platform {
        Platform::X { client, searches } => {
            walk::x_all(queue, &f.name, client, searches, lexicon, f.limits).await
        }
        Platform::Mastodon(client) => {
            walk::mastodon_mentions(queue, &f.name, client, lexicon, f.limits).await
        }
    }
}

/// Back-off after `failures` consecutive failures: 2 s doubling to 5 min,
/// with jitter so that several sources do not retry in step.
pub fn backoff(failures: u32) -> Duration {
    let base = 2u64.saturating_pow(failures.min(9)).min(300);
    let jitter = u64::from(std::process::id() ^ Timestamp::now().subsec_nanosecond() as u32) % 1000;
    Duration::from_secs(base) + Duration::from_millis(jitter)
}

/// How long to wait after the `limited`th rate limit in a row, whose reset
/// the platform gave as `until`: the wall clock may be off either way
/// (`model::rate_limited_retry`), so a reset already past backs off more
/// each time instead of polling every second, and one far ahead is asked
/// about again after 15 minutes.
fn rate_limit_wait(until: Timestamp, now: Timestamp, limited: u32) -> Duration {
    let floor = jiff::SignedDuration::try_from(backoff(limited)).unwrap_or_default();
    let at = crate::model::rate_limited_retry(until, now, floor);
    Duration::try_from(at.duration_since(now)).unwrap_or_default()
}

/// Poll one source forever, reporting its health.
pub async fn run_fetcher(
    queue: Arc<dyn QueueService>,
    f: Fetcher,
    lexicon: Arc<Lexicon>,
    health: mpsc::UnboundedSender<HealthReport>,
) {
    let report = |h: Health| {
        let _ = health.send(HealthReport {
            source: f.name.clone(),
            health: h,
        });
    };
    report(Health::Starting);
    let (mut failures, mut limited, mut last_ok) = (0u32, 0u32, None);
    let mut first = true;
    loop {
        let polled = poll(&queue, &f, &lexicon, std::mem::take(&mut first)).await;
        let wait = match polled {
            Ok(count) => {
                failures = 0;
                limited = 0;
                last_ok = Some(Timestamp::now());
                tracing::debug!(source = %f.name, new = count.new, dup = count.duplicate, "polled");
                report(Health::Ok {
                    at: Timestamp::now(),
                });
                f.poll
            }
            Err(SourceError::RateLimited { until }) => {
                report(Health::Waiting { until, last_ok });
                limited += 1;
                rate_limit_wait(until, Timestamp::now(), limited)
            }
            Err(e) if e.is_fatal() => {
                tracing::warn!(source = %f.name, "stopped: {e}");
                report(Health::Stopped {
                    reason: e.to_string(),
                });
                return;
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(source = %f.name, failures, "poll failed: {e}");
                report(Health::Failing {
                    reason: e.to_string(),
                    last_ok,
                });
                backoff(failures).max(f.poll)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

/// `siaga ingest --once`: every source once (a start: its account checked
/// or learned first), all at the same time, so a source that hangs or
/// trickles (each request is cut at its `timeout_secs`, each walk at its
/// limits) holds up only itself; counts or the failure per source, by name.
pub async fn ingest_once(
    queue: Arc<dyn QueueService>,
    sources: &[SourceConfig],
    lexicon: &Lexicon,
) -> BTreeMap<String, Result<PollCount, SourceError>> {
    let polls = fetchers(sources).into_iter().map(|built| {
        let queue = queue.clone();
        async move {
            let (name, result) = match built {
                Ok(f) => (f.name.clone(), poll(&queue, &f, lexicon, true).await),
                Err((name, e)) => (name, Err(e)),
            };
            if let Err(e) = &result {
                tracing::warn!(source = %name, "poll failed: {e}");
            }
            (name, result)
        }
    });
    futures::future::join_all(polls).await.into_iter().collect()
}

#[cfg(test)]
mod clock_tests {
    use super::*;
    use crate::model::Channel;

    fn post(lang: Option<&str>, channel: Channel, text: &str) -> Post {
        Post {
            external_id: "dm:1".into(),
            conversation_id: None,
            in_reply_to: None,
            author: crate::model::Author {
                handle: "siti".into(),
                display_name: "Siti".into(),
                platform_id: Some("42".into()),
            },
            channel,
            text: text.into(),
            created_at: None,
            lang: lang.map(Into::into),
        }
    }

    #[test]
    fn arrivals_carry_one_language_code_set_and_dms_are_detected() {
        let lexicon = Lexicon::builtin();
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let lang = |p: Post| arrival(p, &lexicon, now).lang;
        // X says `in`; the desk keeps BCP 47 `id`.
        assert_eq!(
            lang(post(Some("in"), Channel::Public, "x")).as_deref(),
            Some("id")
        );
        // An X DM arrives without a tag: the words say Indonesian.
        assert_eq!(
            lang(post(None, Channel::Private, "tolong paspor saya ditahan")).as_deref(),
            Some("id")
        );
        assert_eq!(lang(post(None, Channel::Private, "🆘")), None);
    }

    #[test]
    fn a_reset_long_past_backs_off_instead_of_storming() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let past = now - jiff::SignedDuration::from_hours(24);
        let waits: Vec<Duration> = (1..=6).map(|n| rate_limit_wait(past, now, n)).collect();
        assert!(waits[0] >= Duration::from_secs(2), "{waits:?}");
        assert!(waits[5] >= Duration::from_secs(64), "{waits:?}");
        assert!(waits.windows(2).all(|w| w[1] > w[0]), "{waits:?}");
    }

    #[test]
    fn a_reset_an_hour_ahead_is_asked_about_again_within_fifteen_minutes() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let ahead = now + jiff::SignedDuration::from_hours(1);
        assert_eq!(rate_limit_wait(ahead, now, 1), Duration::from_secs(15 * 60));
        let soon = now + jiff::SignedDuration::from_secs(40);
        assert_eq!(rate_limit_wait(soon, now, 1), Duration::from_secs(40));
    }
}
