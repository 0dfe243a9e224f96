//! The background duties of a desk that owns its store, started in one
//! place for every mode that owns it (`siaga` without a daemon, `siaga
//! --demo`, `siaga serve`), so that no mode quietly lacks one (#14): the
//! fetchers, the reply sender, the escalation courier, snoozes waking, the
//! history head in the log, the deletion sweep and the daily retention
//! purge, the nightly training of the learned model. Before, each mode
//! wired its own copy, and only `serve` purged or hid posts deleted on
//! the platform.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::config::{Config, SourceConfig};
use crate::ingest::{self, Fetcher, HealthReport};
use crate::outbound::sender::Sender;
use crate::queue::{LocalQueue, QueueService};
use crate::triage::Lexicon;

/// Which duties a mode runs beyond the ones every mode runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platforms {
    /// Real platforms: posts deleted there are looked for, hourly.
    Real,
    /// The demo feed, which deletes nothing.
    Demo,
}

/// The configured sources as fetchers; a source that cannot start (no
/// token) is reported as stopped, by name, and logged, never stopping the
/// others.
pub fn fetchers(sources: &[SourceConfig], health: &UnboundedSender<HealthReport>) -> Vec<Fetcher> {
    let mut ready = Vec::new();
    for built in ingest::fetchers(sources) {
        match built {
            Ok(f) => ready.push(f),
            Err((source, e)) => {
                tracing::error!(source, "not started: {e}");
                let _ = health.send(HealthReport {
                    source,
                    health: ingest::Health::Stopped {
                        reason: e.to_string(),
                    },
                });
            }
        }
    }
    ready
}

/// Start every duty on the current runtime; they run until it ends.
pub fn start(
    local: &Arc<LocalQueue>,
    config: &Config,
    fetchers: Vec<Fetcher>,
    platforms: Platforms,
    health: &UnboundedSender<HealthReport>,
) {
    let retention = &config.retention;
    if platforms == Platforms::Real && retention.check_deleted_minutes > 0 {
        tokio::spawn(ingest::deletions::run(
            local.clone(),
            fetchers.clone(),
            Duration::from_secs(retention.check_deleted_minutes * 60),
        ));
    }
    if retention.daily_purge {
        tokio::spawn(purge_daily(local.clone(), retention.clone()));
    }
    tokio::spawn(Sender::new(local.clone(), &fetchers, config.reply.clone()).run());
    tokio::spawn(super::escalate::courier(local, config).run());
    spawn_fetchers(local, fetchers, health);
    tokio::spawn(wake_snoozed(local.clone()));
    tokio::spawn(log_history_head(local.clone()));
    tokio::spawn(sync_rosters(local.clone()));
    tokio::spawn(train_nightly(local.clone()));
}

/// An escalated group's members who joined while no process ran (or
/// whose addition a crash lost) go to the mission as additions now.
async fn sync_rosters(queue: Arc<LocalQueue>) {
    let done = tokio::task::spawn_blocking(move || queue.sync_all_rosters()).await;
    if let Ok(Err(e)) = done {
        tracing::warn!("escalated groups' rosters not checked: {e}");
    }
}

/// One task per source: a source that hangs holds up only itself.
pub fn spawn_fetchers(
    local: &Arc<LocalQueue>,
    fetchers: Vec<Fetcher>,
    health: &UnboundedSender<HealthReport>,
) {
    let queue: Arc<dyn QueueService> = local.clone();
    let lexicon = Arc::new(Lexicon::builtin());
    for f in fetchers {
        tokio::spawn(ingest::run_fetcher(
            queue.clone(),
            f,
            lexicon.clone(),
            health.clone(),
        ));
    }
}

/// The history's head in the log at start and every hour: written outside
/// the store, so that a rewritten history can be shown not to continue
/// from it (`store::chain`).
async fn log_history_head(queue: Arc<LocalQueue>) {
    loop {
        match queue.store().history_head() {
            Ok(head) => tracing::info!(head = %head, "history head"),
            Err(e) => tracing::warn!("history head unreadable: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// Retention, by itself: a few minutes after start, then once a day.
async fn purge_daily(queue: Arc<LocalQueue>, retention: crate::records::RetentionConfig) {
    let mut wait = Duration::from_secs(300);
    loop {
        tokio::time::sleep(wait).await;
        wait = Duration::from_secs(24 * 3600);
        let q = queue.clone();
        let r = retention.clone();
        let done = tokio::task::spawn_blocking(move || {
            crate::records::steward::purge(&q, "siaga", &r, false, jiff::Timestamp::now())
        })
        .await;
        match done {
            Ok(Ok(report)) => tracing::info!(
                erased = report.due.len(),
                kept = report.kept.len(),
                failed = report.failed.len(),
                "retention purge"
            ),
            Ok(Err(e)) => tracing::error!("retention purge failed: {e}"),
            Err(e) => tracing::error!("retention purge failed: {e}"),
        }
    }
}

/// The learned model (#19), retrained on the day's decisions: half an
/// hour after start, then once a day. Too few decisions is no failure.
async fn train_nightly(queue: Arc<LocalQueue>) {
    let mut wait = Duration::from_secs(1800);
    loop {
        tokio::time::sleep(wait).await;
        wait = Duration::from_secs(24 * 3600);
        if queue.policy().learned == crate::model::LearnedMode::Off {
            continue;
        }
        let q = queue.clone();
        match tokio::task::spawn_blocking(move || q.train_model("siaga")).await {
            Ok(Ok(_)) => {}
            Ok(Err(crate::store::StoreError::Refused(why))) => {
                tracing::info!("learned model not trained: {why}")
            }
            Ok(Err(e)) => tracing::error!("learned model training failed: {e}"),
            Err(e) => tracing::error!("learned model training failed: {e}"),
        }
    }
}

/// Snoozed inquiries come back by themselves, daemon or not.
async fn wake_snoozed(queue: Arc<LocalQueue>) {
    loop {
        tokio::time::sleep(Duration::from_secs(30)).await;
        let q = queue.clone();
        let _ = tokio::task::spawn_blocking(move || q.wake_due(jiff::Timestamp::now())).await;
    }
}
