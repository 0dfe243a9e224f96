//! The fetch loop: for each source, poll its platform, turn posts into
//! scored arrivals, and commit each page with its cursor through the queue
//! service. A page and its cursor commit together; the cursor moves to the
//! walk's newest id only when the whole walk is done, so a failure midway
//! re-walks rather than skips, and dedupe makes the re-walk harmless.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc;

use crate::config::{SourceConfig, SourceKind};
use crate::model::Arrival;
use crate::queue::QueueService;
use crate::source::x::{XClient, compare_ids};
use crate::source::{Post, SourceError};
use crate::triage::Lexicon;

/// How one source is doing, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    Starting,
    Ok {
        at: Timestamp,
    },
    Waiting {
        until: Timestamp,
        last_ok: Option<Timestamp>,
    },
    Failing {
        reason: String,
        last_ok: Option<Timestamp>,
    },
    Stopped {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HealthReport {
    pub source: String,
    pub health: Health,
}

/// What one poll of one source did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollCount {
    pub new: usize,
    pub duplicate: usize,
    pub skipped: usize,
}

impl PollCount {
    fn add(&mut self, other: PollCount) {
        self.new += other.new;
        self.duplicate += other.duplicate;
        self.skipped += other.skipped;
    }
}

/// A source ready to poll.
#[derive(Clone)]
pub struct Fetcher {
    pub name: String,
    pub poll: Duration,
    pub client: XClient,
}

/// Read a source's token from its environment variable or its 0600 file.
pub fn resolve_token(source: &SourceConfig) -> Result<String, SourceError> {
    if let Some(var) = &source.token_env {
        return std::env::var(var)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().to_string())
            .ok_or_else(|| SourceError::NoToken(format!("environment variable {var} is not set")));
    }
    let Some(path) = &source.token_file else {
        return Err(SourceError::NoToken(
            "the source names no token_env or token_file".into(),
        ));
    };
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| SourceError::NoToken(format!("{}: {e}", path.display())))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(SourceError::NoToken(format!(
            "{} can be read by other users; run `chmod 600 {}`",
            path.display(),
            path.display()
        )));
    }
    let token = std::fs::read_to_string(path)
        .map_err(|e| SourceError::NoToken(format!("{}: {e}", path.display())))?;
    Ok(token.trim().to_string())
}

/// Build the fetchers for the configured sources. A source whose token is
/// missing is returned as an error beside the others, never stopping them.
pub fn fetchers(
    sources: &[SourceConfig],
    http: &reqwest::Client,
) -> Vec<Result<Fetcher, (String, SourceError)>> {
    sources
        .iter()
        .map(|s| {
            let token = resolve_token(s).map_err(|e| (s.name.clone(), e))?;
            match s.kind {
                SourceKind::X => Ok(Fetcher {
                    name: s.name.clone(),
                    poll: Duration::from_secs(s.poll_secs.max(1)),
                    client: XClient::new(http.clone(), &s.base_url, &s.account_id, token),
                }),
                SourceKind::Mastodon => Err((
                    s.name.clone(),
                    SourceError::Unexpected {
                        status: 0,
                        detail: "Mastodon sources are not supported by this build yet".into(),
                    },
                )),
            }
        })
        .collect()
}

fn arrival(post: Post, lexicon: &Lexicon, now: Timestamp) -> Arrival {
    let verdict = lexicon.score(&post.text);
    Arrival {
        external_id: post.external_id,
        conversation_id: post.conversation_id,
        author: post.author,
        channel: post.channel,
        created_at: post.created_at.unwrap_or(now).min(now),
        lang: post.lang,
        text: post.text,
        priority: verdict.priority,
        category: verdict.category,
        reasons: verdict.reasons,
    }
}

async fn commit(
    queue: &Arc<dyn QueueService>,
    source: &str,
    posts: Vec<Post>,
    lexicon: &Lexicon,
    cursor: Option<(String, String)>,
) -> Result<PollCount, SourceError> {
    let now = Timestamp::now();
    let arrivals: Vec<Arrival> = posts
        .into_iter()
        .map(|p| arrival(p, lexicon, now))
        .collect();
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
    .map_err(|e| SourceError::Unexpected {
        status: 0,
        detail: format!("could not store the page: {e}"),
    })?;
    Ok(PollCount {
        new: commit.new_ids.len(),
        duplicate: commit.duplicates,
        skipped: 0,
    })
}

async fn cursor(queue: &Arc<dyn QueueService>, key: &str) -> Option<String> {
    let (queue, key) = (queue.clone(), key.to_string());
    tokio::task::spawn_blocking(move || queue.cursor(&key).ok().flatten())
        .await
        .ok()
        .flatten()
}

/// Walk every page of mentions newer than the cursor.
async fn poll_mentions(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    let key = format!("{}/mentions", f.name);
    let since = cursor(queue, &key).await;
    let (mut token, mut newest, mut count) = (None::<String>, None::<String>, PollCount::default());
    loop {
        let page = f
            .client
            .mentions(since.as_deref(), token.as_deref())
            .await?;
        newest = newest.or(page.newest_id.clone());
        let done = page.next_token.is_none();
        let moved = newest.clone().filter(|_| done).map(|n| (key.clone(), n));
        count.skipped += page.skipped;
        count.add(commit(queue, &f.name, page.posts, lexicon, moved).await?);
        match page.next_token {
            Some(next) if !done => token = Some(next),
            _ => return Ok(count),
        }
    }
}

/// Walk direct messages, newest first, until a page reaches ones already seen.
async fn poll_dms(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    const MAX_PAGES: usize = 20;
    let key = format!("{}/dm", f.name);
    let seen = cursor(queue, &key).await;
    let (mut token, mut newest, mut count) = (None::<String>, None::<String>, PollCount::default());
    for _ in 0..MAX_PAGES {
        let page = f.client.dm_events(token.as_deref()).await?;
        newest = newest.or(page.newest_id.clone());
        let reached_seen = seen.as_deref().is_some_and(|s| {
            page.posts
                .iter()
                .any(|p| compare_ids(p.external_id.trim_start_matches("dm:"), s).is_le())
        });
        let done = reached_seen || page.next_token.is_none();
        let moved = newest.clone().filter(|_| done).map(|n| (key.clone(), n));
        count.skipped += page.skipped;
        count.add(commit(queue, &f.name, page.posts, lexicon, moved).await?);
        if done {
            break;
        }
        token = page.next_token;
    }
    Ok(count)
}

/// Poll one source once: mentions, then direct messages.
pub async fn poll_once(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    let mut count = poll_mentions(queue, f, lexicon).await?;
    match poll_dms(queue, f, lexicon).await {
        Ok(c) => count.add(c),
        // A token without DM scope still fetches mentions.
        Err(SourceError::Unauthorized { .. }) => {
            tracing::info!(source = %f.name, "no access to direct messages")
        }
        Err(e) => return Err(e),
    }
    Ok(count)
}

/// Back-off after `failures` consecutive failures: 2 s doubling to 5 min,
/// with jitter so that several sources do not retry in step.
pub fn backoff(failures: u32) -> Duration {
    let base = 2u64.saturating_pow(failures.min(8)).min(300);
    let jitter = u64::from(std::process::id() ^ Timestamp::now().subsec_nanosecond() as u32) % 1000;
    Duration::from_secs(base) + Duration::from_millis(jitter)
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
    let (mut failures, mut last_ok) = (0u32, None);
    loop {
        let wait = match poll_once(&queue, &f, &lexicon).await {
            Ok(count) => {
                failures = 0;
                last_ok = Some(Timestamp::now());
                tracing::debug!(source = %f.name, new = count.new, dup = count.duplicate, "polled");
                report(Health::Ok {
                    at: Timestamp::now(),
                });
                f.poll
            }
            Err(SourceError::RateLimited { until }) => {
                report(Health::Waiting { until, last_ok });
                until
                    .duration_since(Timestamp::now())
                    .unsigned_abs()
                    .max(Duration::from_secs(1))
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

/// `siaga ingest --once`: every source once; counts per source.
pub async fn ingest_once(
    queue: Arc<dyn QueueService>,
    sources: &[SourceConfig],
    lexicon: &Lexicon,
) -> BTreeMap<String, Result<PollCount, SourceError>> {
    let http = crate::source::http::client();
    let mut out = BTreeMap::new();
    for built in fetchers(sources, &http) {
        match built {
            Ok(f) => {
                out.insert(f.name.clone(), poll_once(&queue, &f, lexicon).await);
            }
            Err((name, e)) => {
                out.insert(name, Err(e));
            }
        }
    }
    out
}
