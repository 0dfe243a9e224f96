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

/// One sweep of one source: how many inquiries were newly marked.
pub async fn sweep(queue: &Arc<LocalQueue>, fetcher: &Fetcher) -> Result<usize, SourceError> {
    let q = queue.clone();
    let name = fetcher.name.clone();
    let inquiries = tokio::task::spawn_blocking(move || candidates(&q, &name))
        .await
        .map_err(|e| SourceError::Network(e.to_string()))?
        .map_err(|e| SourceError::Network(e.to_string()))?;
    let (ids, gone) = match &fetcher.platform {
        Platform::X { client, .. } => {
            let ids: Vec<String> = inquiries
                .iter()
                .filter(|i| i.channel == crate::model::Channel::Public)
                .map(|i| i.external_id.clone())
                .collect();
            let gone = client.gone(&ids).await?;
            (ids, gone)
        }
        Platform::Mastodon(client) => {
            let ids: Vec<String> = inquiries.iter().map(|i| i.external_id.clone()).collect();
            let gone = client.gone(&ids).await?;
            (ids, gone)
        }
    };
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
    Ok(marked)
}

/// Sweep every source, every `every`, for as long as the daemon runs.
pub async fn run(queue: Arc<LocalQueue>, fetchers: Vec<Fetcher>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        for f in &fetchers {
            if let Err(e) = sweep(&queue, f).await {
                tracing::warn!(source = %f.name, "deletion check failed: {e}");
            }
        }
    }
}
