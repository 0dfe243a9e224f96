//! Page walks, one per kind of stream. Each page commits with the cursor it
//! ends on, and a cursor only ever moves to a point whose every earlier item
//! is committed, so a crash or a failure anywhere re-fetches instead of
//! skipping, and dedupe makes the re-fetch harmless. Every walk is bounded
//! (`limits`): one cut short says why and goes on at the next poll.

use std::future::Future;
use std::sync::Arc;

use super::limits::{Budget, Cut, WalkLimits};
use super::{PollCount, commit};
use crate::queue::QueueService;
use crate::source::SourceError;
use crate::source::compare_ids;
use crate::source::ids::{self, BadId};
use crate::source::items::Rejected;
use crate::source::mastodon::MastodonClient;
use crate::source::x::{XClient, XPage};
use crate::triage::Lexicon;

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

/// Mentions, then each search, then direct messages; each stream's walk
/// has its own `limits`.
pub async fn x_all(
    queue: &Arc<dyn QueueService>,
    name: &str,
    client: &XClient,
    searches: &[String],
    lexicon: &Lexicon,
    limits: WalkLimits,
) -> Result<PollCount, SourceError> {
    let key = format!("{name}/mentions");
    let mentions = move |since: Option<String>, token: Option<String>| async move {
        client.mentions(since.as_deref(), token.as_deref()).await
    };
    let walk = XWalk {
        queue,
        name,
        lexicon,
        limits,
    };
    let mut count = walk.since(&key, mentions).await?;
    for query in searches {
        let key = format!("{name}/search/{query}");
        let search = move |since: Option<String>, token: Option<String>| async move {
            client
                .search(query, since.as_deref(), token.as_deref())
                .await
        };
        count.add(walk.since(&key, search).await?);
    }
    match x_dms(&walk, client).await {
        Ok(c) => count.add(c),
        // A token without DM scope still fetches mentions.
        Err(SourceError::Unauthorized { .. }) => {
            tracing::info!(source = %name, "no access to direct messages")
        }
        Err(e) => return Err(e),
    }
    Ok(count)
}

/// Where an X walk that was cut short by its limits stands, kept as the
/// cursor `<key>#resume` with the page it stopped after: the `since` it walks
/// above, the page token to fetch next, and the newest id of its first
/// page (where the cursor goes when the walk ends). It only counts while
/// the cursor is still that `since`: a finished walk moves the cursor, so
/// a resume left behind by a crash is ignored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Resume {
    since: Option<String>,
    token: String,
    newest: Option<String>,
}

impl Resume {
    fn key(key: &str) -> String {
        format!("{key}#resume")
    }

    fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The resume stored under `key`, if it belongs to the walk above
    /// `since`.
    fn decode(stored: Option<String>, since: &Option<String>) -> Option<Resume> {
        let resume: Resume = serde_json::from_str(stored.as_deref()?).ok()?;
        (resume.since == *since).then_some(resume)
    }
}

/// What a walk does after a page.
enum Step {
    /// The walk is over: the platform said so, or (with the reason) it
    /// broke its own paging and following it would never end.
    Done(Option<Cut>),
    Next(String),
    /// Out of pages or time: the rest at the next poll, from this token.
    Cut(String, Cut),
}

/// Which cursor an X page moves, and to what: at the end, the cursor to
/// the newest id seen; a cut, the kept place (`Resume`) to where it is.
fn x_cursor_move(
    step: &Step,
    key: &str,
    since: &Option<String>,
    newest: &Option<String>,
) -> Option<(String, String)> {
    match step {
        Step::Done(_) => newest.clone().map(|n| (key.to_string(), n)),
        // A failure midway re-walks from the cursor (or from the
        // last place kept), so only a cut keeps a new place.
        Step::Next(_) => None,
        Step::Cut(t, _) => {
            let resume = Resume {
                since: since.clone(),
                token: t.clone(),
                newest: newest.clone(),
            };
            Some((Resume::key(key), resume.encode()))
        }
    }
}

/// Say why a walk stopped before the platform's end, in the log and in
/// the poll's count (`ingest --once` prints it).
fn stopped(source: &str, key: &str, mut count: PollCount, cut: Cut) -> PollCount {
    match cut {
        Cut::RepeatedToken | Cut::NotAdvancing => {
            tracing::warn!(source, cursor = key, "walk ended: {cut}")
        }
        Cut::Pages(_) | Cut::Time(_) => tracing::warn!(
            source,
            cursor = key,
            "walk cut short: {cut}; it goes on at the next poll"
        ),
    }
    count.cut = count.cut.or(Some(cut));
    count
}

/// The parts every X walk of one source shares.
struct XWalk<'a> {
    queue: &'a Arc<dyn QueueService>,
    name: &'a str,
    lexicon: &'a Lexicon,
    limits: WalkLimits,
}

impl XWalk<'_> {
    /// Commit a page with the cursor move that goes with it.
    async fn commit(
        &self,
        page: XPage,
        count: &mut PollCount,
        moved: Option<(String, String)>,
    ) -> Result<(), SourceError> {
        count.skipped += page.skipped;
        count.rejected += record_rejected(self.name, &page.rejected);
        let stored = commit(self.queue, self.name, page.posts, self.lexicon, moved).await?;
        count.add(stored);
        Ok(())
    }

    /// What follows a page whose next token is `next`, within `budget`.
    fn step(&self, next: Option<String>, budget: &mut Budget) -> Step {
        let Some(next) = next else {
            return Step::Done(None);
        };
        if let Err(cut) = budget.follow(&next) {
            // Never legitimate: following it would go round forever, so
            // the walk ends here as if the platform had said so.
            return Step::Done(Some(cut));
        }
        match budget.exhausted() {
            Some(cut) => Step::Cut(next, cut),
            None => Step::Next(next),
        }
    }

    /// An X walk: every page newer than the cursor, all with the same
    /// `since_id`; the cursor moves to the first page's `newest_id` with
    /// the last page, so a failure on page 3 re-walks from the old cursor.
    /// A walk cut short by its limits keeps its place (`Resume`) and the
    /// next poll goes on from there.
    async fn since<F, Fut>(&self, key: &str, fetch: F) -> Result<PollCount, SourceError>
    where
        F: Fn(Option<String>, Option<String>) -> Fut,
        Fut: Future<Output = Result<XPage, SourceError>>,
    {
        let since = cursor(self.queue, key).await;
        let resume_key = Resume::key(key);
        let resumed = Resume::decode(cursor(self.queue, &resume_key).await, &since);
        let from_resume = resumed.is_some();
        let (mut token, mut newest) = match resumed {
            Some(r) => (Some(r.token), r.newest),
            None => (None, None),
        };
        let (mut budget, mut count) = (Budget::new(self.limits), PollCount::default());
        loop {
            let page = match fetch(since.clone(), token.take()).await {
                Ok(page) => page,
                Err(e) => {
                    if from_resume && matches!(e, SourceError::Unexpected { .. }) {
                        // The kept token expired or was refused (X says
                        // 400): the next poll walks afresh from the top.
                        self.clear(&resume_key).await;
                    }
                    return Err(e);
                }
            };
            budget.page();
            record_refused(self.name, key, &page.refused);
            let offered = checked(self.name, key, page.newest_id.clone(), ids::x);
            newest = newest.or(offered.filter(|n| is_above(n, &since)));
            let step = self.step(page.next_token.clone(), &mut budget);
            let moved = x_cursor_move(&step, key, &since, &newest);
            self.commit(page, &mut count, moved).await?;
            match step {
                Step::Done(broken) => {
                    if from_resume {
                        self.clear(&resume_key).await;
                    }
                    return Ok(match broken {
                        Some(cut) => stopped(self.name, key, count, cut),
                        None => count,
                    });
                }
                Step::Cut(_, cut) => return Ok(stopped(self.name, key, count, cut)),
                Step::Next(next) => token = Some(next),
            }
        }
    }

    /// Forget a kept place (an empty value is no resume).
    async fn clear(&self, resume_key: &str) {
        let moved = Some((resume_key.to_string(), String::new()));
        if let Err(e) = commit(self.queue, self.name, Vec::new(), self.lexicon, moved).await {
            tracing::warn!(source = self.name, "could not clear a walk's place: {e}");
        }
    }
}

/// Whether `id` is newer than `since` (any id is, without one): a newest
/// id at or below the cursor is never a move.
fn is_above(id: &str, since: &Option<String>) -> bool {
    since.as_deref().is_none_or(|s| compare_ids(id, s).is_gt())
}

/// X direct messages come newest first with no `since`: walk until a page
/// reaches what was seen (or the walk's limits); the cursor moves to the
/// newest id only when the walk ends there, so a cut walk re-reads from the
/// newest next poll and dedupe makes that harmless.
async fn x_dms(walk: &XWalk<'_>, client: &XClient) -> Result<PollCount, SourceError> {
    let key = format!("{}/dm", walk.name);
    let seen = cursor(walk.queue, &key).await;
    let (mut token, mut newest) = (None::<String>, None::<String>);
    let (mut budget, mut count) = (Budget::new(walk.limits), PollCount::default());
    loop {
        let page = client.dm_events(token.as_deref()).await?;
        budget.page();
        newest = newest.or(checked(walk.name, &key, page.newest_id.clone(), ids::x));
        let reached_seen = seen.as_deref().is_some_and(|s| {
            page.posts
                .iter()
                .any(|p| compare_ids(p.external_id.trim_start_matches("dm:"), s).is_le())
        });
        let step = match reached_seen {
            true => Step::Done(None),
            false => walk.step(page.next_token.clone(), &mut budget),
        };
        let moved = match step {
            Step::Done(_) => newest.clone().map(|n| (key.clone(), n)),
            _ => None,
        };
        walk.commit(page, &mut count, moved).await?;
        match step {
            Step::Done(None) => return Ok(count),
            Step::Done(Some(cut)) | Step::Cut(_, cut) => {
                return Ok(stopped(walk.name, &key, count, cut));
            }
            Step::Next(next) => token = Some(next),
        }
    }
}

/// Mastodon: pages right after `min_id` until one comes back empty. Pages
/// go forward in time, so each one moves the cursor with its own commit,
/// and a walk cut short by its limits simply goes on from its cursor at
/// the next poll. A page that does not move past `min_id` (a server that
/// ignores it) ends the walk.
pub async fn mastodon_mentions(
    queue: &Arc<dyn QueueService>,
    name: &str,
    client: &MastodonClient,
    lexicon: &Lexicon,
    limits: WalkLimits,
) -> Result<PollCount, SourceError> {
    let key = format!("{name}/notifications");
    // No cursor yet: start from the very first notification, so a new
    // source takes in the whole backlog instead of only the newest page.
    let mut min_id = cursor(queue, &key).await.unwrap_or_else(|| "0".to_string());
    let (mut budget, mut count) = (Budget::new(limits), PollCount::default());
    loop {
        let page = client.mentions(Some(&min_id)).await?;
        budget.page();
        count.rejected += record_rejected(name, &page.rejected);
        let newest = checked(name, &key, page.newest_id.clone(), ids::mastodon);
        let Some(newest) = newest.filter(|_| page.notifications > 0) else {
            return Ok(count);
        };
        count.skipped += page.skipped;
        if compare_ids(&newest, &min_id).is_le() {
            // Stored for what it holds (dedupe keeps it once); no move.
            count.add(commit(queue, name, page.posts, lexicon, None).await?);
            return Ok(stopped(name, &key, count, Cut::NotAdvancing));
        }
        let moved = Some((key.clone(), newest.clone()));
        count.add(commit(queue, name, page.posts, lexicon, moved).await?);
        min_id = newest;
        if let Some(cut) = budget.exhausted() {
            return Ok(stopped(name, &key, count, cut));
        }
    }
}
