//! Posts their authors deleted. Where the platform tells (X's tweet
//! lookup, Mastodon's status lookup), an inquiry whose post is gone is
//! marked `deleted_on_platform` and its text hidden (unless it was already
//! escalated: the mission's copy is the record then). Checked for the
//! inquiries still being worked on (open or snoozed), by the daemon, every
//! `[retention] check_deleted_minutes`. X direct messages cannot be
//! checked (the API does not say); they are left alone.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use super::{Fetcher, Platform};
use crate::model::{Inquiry, Status};
use crate::queue::{Change, LocalQueue, QueueService};
use crate::source::SourceError;

/// The platform ids of `source`'s inquiries worth asking about.
fn candidates(queue: &LocalQueue, source: &str) -> Result<Vec<Inquiry>, crate::store::StoreError> {
    let mut statuses = Status::OPEN.to_vec();
    statuses.push(Status::Snoozed);
    Ok(queue
        .store()
        .list(&statuses, None, usize::MAX)?
        .into_iter()
        .filter(|i| i.source == source && i.deleted_on_platform.is_none() && i.erased.is_none())
        .collect())
}

/// How many posts one sweep asks about, per platform: Mastodon answers one
/// status per request (300 requests per 5 minutes), X 100 per request.
pub const SWEEP_CAP_MASTODON: usize = 200;
pub const SWEEP_CAP_X: usize = 1_000;

/// What one sweep of one source did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Swept {
    /// Inquiries newly marked deleted.
    pub marked: usize,
    /// Posts asked about.
    pub asked: usize,
    /// Where the next sweep starts (it goes round the candidates).
    pub next: usize,
    /// Why the sweep stopped early (what it found before is kept).
    pub stopped: Option<SourceError>,
}

/// One sweep of one source, asking about at most the platform's cap of
/// posts starting at candidate `start` (in id order, going round).
pub async fn sweep(
    queue: &Arc<LocalQueue>,
    fetcher: &Fetcher,
    start: usize,
) -> Result<Swept, SourceError> {
    let q = queue.clone();
    let name = fetcher.name.clone();
    let inquiries = tokio::task::spawn_blocking(move || candidates(&q, &name))
        .await
        .map_err(|e| SourceError::Network(e.to_string()))?
        .map_err(|e| SourceError::Network(e.to_string()))?;
    let (all, cap) = askable(&fetcher.platform, &inquiries);
    let start = if all.is_empty() { 0 } else { start % all.len() };
    let ids: Vec<String> = all
        .iter()
        .cycle()
        .skip(start)
        .take(cap.min(all.len()))
        .cloned()
        .collect();
    let (gone, stopped) = match &fetcher.platform {
        Platform::X { client, .. } => client.gone_partial(&ids).await,
        Platform::Mastodon(client) => client.gone_partial(&ids).await,
    };
    let marked = mark_deleted(queue, fetcher, &inquiries, &ids, &gone).await;
    Ok(Swept {
        marked,
        asked: ids.len(),
        next: if all.is_empty() {
            0
        } else {
            (start + ids.len()) % all.len()
        },
        stopped,
    })
}

/// The platform ids that may be asked about (on X, public posts only) and
/// how many one sweep asks.
fn askable(platform: &Platform, inquiries: &[Inquiry]) -> (Vec<String>, usize) {
    match platform {
        Platform::X { .. } => (
            inquiries
                .iter()
                .filter(|i| i.channel == crate::model::Channel::Public)
                .map(|i| i.external_id.clone())
                .collect(),
            SWEEP_CAP_X,
        ),
        Platform::Mastodon(_) => (
            inquiries.iter().map(|i| i.external_id.clone()).collect(),
            SWEEP_CAP_MASTODON,
        ),
    }
}

/// Each inquiry whose post the platform says is `gone` (of those asked
/// about) marked deleted on the platform; how many were.
async fn mark_deleted(
    queue: &Arc<LocalQueue>,
    fetcher: &Fetcher,
    inquiries: &[Inquiry],
    ids: &[String],
    gone: &[String],
) -> usize {
    let now = Timestamp::now();
    let mut marked = 0;
    for id in gone.iter().filter(|g| ids.contains(g)) {
        let Some(inq) = inquiries.iter().find(|i| &i.external_id == id) else {
            continue;
        };
        let q = queue.clone();
        let inq_id = inq.id;
        let applied = tokio::task::spawn_blocking(move || {
            q.apply(inq_id, &Change::DeletedOnPlatform { at: now }, "siaga")
        })
        .await;
        if let Ok(Ok(_)) = applied {
            marked += 1;
            tracing::info!(source = %fetcher.name, inquiry = %inq_id, "post deleted on the platform; text hidden");
        }
    }
    marked
}

/// Sweep every source, every `every`, for as long as the daemon runs.
pub async fn run(queue: Arc<LocalQueue>, fetchers: Vec<Fetcher>, every: Duration) {
    let mut next = vec![0usize; fetchers.len()];
    loop {
        tokio::time::sleep(every).await;
        for (f, start) in fetchers.iter().zip(next.iter_mut()) {
            match sweep(&queue, f, *start).await {
                Ok(swept) => {
                    *start = swept.next;
                    if let Some(e) = swept.stopped {
                        tracing::warn!(source = %f.name, "deletion check stopped early: {e}");
                    }
                }
                Err(e) => tracing::warn!(source = %f.name, "deletion check failed: {e}"),
            }
        }
    }
}
