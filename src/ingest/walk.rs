//! Page walks, one per kind of stream. Each page commits with the cursor it
//! ends on, and a cursor only ever moves to a point whose every earlier item
//! is committed, so a crash or a failure anywhere re-fetches instead of
//! skipping, and dedupe makes the re-fetch harmless.

use std::future::Future;
use std::sync::Arc;

use super::{PollCount, commit};
use crate::queue::QueueService;
use crate::source::SourceError;
use crate::source::compare_ids;
use crate::source::ids::{self, BadId};
use crate::source::items::Rejected;
use crate::source::mastodon::MastodonClient;
use crate::source::x::{XClient, XPage};
use crate::triage::Lexicon;

/// Most pages one poll walks for a stream that has no `since` bound.
const MAX_PAGES: usize = 20;

/// Log each item a page left out as unreadable, by id and place, never
/// by content; how many there were.
fn record_rejected(source: &str, rejected: &[Rejected]) -> usize {
    for r in rejected {
        tracing::warn!(
            source,
            id = r.id.as_deref().unwrap_or("-"),
            index = r.index,
            reason = %r.reason,
            "unreadable item skipped"
        );
    }
    rejected.len()
}

/// `id` if `rule` takes it as the next value of the cursor `key`; a
/// refused one is logged with its reason, and the cursor stays.
fn checked(
    source: &str,
    key: &str,
    id: Option<String>,
    rule: fn(&str, &'static str) -> Result<(), BadId>,
) -> Option<String> {
    let id = id?;
    match rule(&id, "cursor") {
        Ok(()) => Some(id),
        Err(e) => {
            tracing::warn!(source, cursor = key, "cursor not moved: {e}");
            None
        }
    }
}

/// Log the ids a page offered as its cursor that were refused.
fn record_refused(source: &str, key: &str, refused: &[BadId]) {
    for e in refused {
        tracing::warn!(source, cursor = key, "{e}; the newest item's id is used");
    }
}

pub(crate) async fn cursor(queue: &Arc<dyn QueueService>, key: &str) -> Option<String> {
    let (queue, key) = (queue.clone(), key.to_string());
    tokio::task::spawn_blocking(move || queue.cursor(&key).ok().flatten())
        .await
        .ok()
        .flatten()
}

/// Mentions, then each search, then direct messages.
pub async fn x_all(
    queue: &Arc<dyn QueueService>,
    name: &str,
    client: &XClient,
    searches: &[String],
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    let key = format!("{name}/mentions");
    let mentions = move |since: Option<String>, token: Option<String>| async move {
        client.mentions(since.as_deref(), token.as_deref()).await
    };
    let mut count = x_since(queue, name, &key, lexicon, mentions).await?;
    for query in searches {
        let key = format!("{name}/search/{query}");
        let search = move |since: Option<String>, token: Option<String>| async move {
            client
                .search(query, since.as_deref(), token.as_deref())
                .await
        };
        count.add(x_since(queue, name, &key, lexicon, search).await?);
    }
    match x_dms(queue, name, client, lexicon).await {
        Ok(c) => count.add(c),
        // A token without DM scope still fetches mentions.
        Err(SourceError::Unauthorized { .. }) => {
            tracing::info!(source = %name, "no access to direct messages")
        }
        Err(e) => return Err(e),
    }
    Ok(count)
}

/// An X walk: every page newer than the cursor, all with the same
/// `since_id`; the cursor moves to the first page's `newest_id` with the
/// last page, so a failure on page 3 re-walks from the old cursor.
async fn x_since<F, Fut>(
    queue: &Arc<dyn QueueService>,
    name: &str,
    key: &str,
    lexicon: &Lexicon,
    fetch: F,
) -> Result<PollCount, SourceError>
where
    F: Fn(Option<String>, Option<String>) -> Fut,
    Fut: Future<Output = Result<XPage, SourceError>>,
{
    let since = cursor(queue, key).await;
    let (mut token, mut newest, mut count) = (None::<String>, None::<String>, PollCount::default());
    loop {
        let page = fetch(since.clone(), token.take()).await?;
        record_refused(name, key, &page.refused);
        newest = newest.or(checked(name, key, page.newest_id.clone(), ids::x));
        let done = page.next_token.is_none();
        let moved = newest
            .clone()
            .filter(|_| done)
            .map(|n| (key.to_string(), n));
        count.skipped += page.skipped;
        count.rejected += record_rejected(name, &page.rejected);
        count.add(commit(queue, name, page.posts, lexicon, moved).await?);
        match page.next_token {
            Some(next) if !done => token = Some(next),
            _ => return Ok(count),
        }
    }
}

/// X direct messages come newest first with no `since`: walk until a page
/// reaches what was seen (or `MAX_PAGES`); the cursor moves to the newest
/// id only when the walk ends there.
async fn x_dms(
    queue: &Arc<dyn QueueService>,
    name: &str,
    client: &XClient,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    let key = format!("{name}/dm");
    let seen = cursor(queue, &key).await;
    let (mut token, mut newest, mut count) = (None::<String>, None::<String>, PollCount::default());
    for _ in 0..MAX_PAGES {
        let page = client.dm_events(token.as_deref()).await?;
        newest = newest.or(checked(name, &key, page.newest_id.clone(), ids::x));
        let reached_seen = seen.as_deref().is_some_and(|s| {
            page.posts
                .iter()
                .any(|p| compare_ids(p.external_id.trim_start_matches("dm:"), s).is_le())
        });
        let done = reached_seen || page.next_token.is_none();
        let moved = newest.clone().filter(|_| done).map(|n| (key.clone(), n));
        count.skipped += page.skipped;
        count.rejected += record_rejected(name, &page.rejected);
        count.add(commit(queue, name, page.posts, lexicon, moved).await?);
        if done {
            break;
        }
        token = page.next_token;
    }
    Ok(count)
}

/// Mastodon: pages right after `min_id` until one comes back empty. Pages
/// go forward in time, so each one moves the cursor with its own commit.
pub async fn mastodon_mentions(
    queue: &Arc<dyn QueueService>,
    name: &str,
    client: &MastodonClient,
    lexicon: &Lexicon,
) -> Result<PollCount, SourceError> {
    let key = format!("{name}/notifications");
    // No cursor yet: start from the very first notification, so a new
    // source takes in the whole backlog instead of only the newest page.
    let mut min_id = Some(cursor(queue, &key).await.unwrap_or_else(|| "0".to_string()));
    let mut count = PollCount::default();
    loop {
        let page = client.mentions(min_id.as_deref()).await?;
        count.rejected += record_rejected(name, &page.rejected);
        let newest = checked(name, &key, page.newest_id.clone(), ids::mastodon);
        let Some(newest) = newest.filter(|_| page.notifications > 0) else {
            return Ok(count);
        };
        count.skipped += page.skipped;
        let moved = Some((key.clone(), newest.clone()));
        count.add(commit(queue, name, page.posts, lexicon, moved).await?);
        min_id = Some(newest);
    }
}
