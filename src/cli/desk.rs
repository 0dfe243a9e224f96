//! Which queue a command works on: the daemon's, when `siaga serve`
//! answers on its socket, else this process's own store. And
//! `siaga serve` itself.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use tokio::sync::mpsc;

use super::{Cli, init_logging, officer, open_queue, runtime, spawn_fetchers};
use crate::config::Config;
use crate::daemon::client::{ConnectError, RemoteQueue};
use crate::daemon::server;
use crate::ingest;
use crate::queue::{LocalQueue, QueueService};
use crate::reply::sender::Sender;
use crate::store::StoreError;

/// A queue to work on, and what keeps it alive.
pub enum Desk {
    Local(Arc<LocalQueue>),
    Remote {
        queue: Arc<RemoteQueue>,
        /// Runs the connection; dropped last.
        _runtime: tokio::runtime::Runtime,
    },
}

impl Desk {
    pub fn service(&self) -> &dyn QueueService {
        match self {
            Desk::Local(q) => q.as_ref(),
            Desk::Remote { queue, .. } => queue.as_ref(),
        }
    }

    /// Who changes are recorded as: the daemon decides, else the login.
    pub fn officer(&self) -> String {
        self.service().officer().unwrap_or_else(officer)
    }
}

/// The daemon's queue if one answers, else the store, else a message that
/// says who holds it and what to do.
pub fn open(cli: &Cli, config: &Config) -> Result<Desk> {
    let socket = config.daemon.socket_path();
    if socket.exists() {
        let rt = runtime()?;
        if let Some(queue) = rt.block_on(connect_daemon(config, "siaga-cli"))? {
            return Ok(Desk::Remote {
                queue,
                _runtime: rt,
            });
        }
    }
    let dir = config.data_dir(cli.data_dir.as_deref());
    match open_queue(&dir, config) {
        Ok(q) => Ok(Desk::Local(q)),
        Err(e @ StoreError::Locked { .. }) => bail!(
            "{e}\nNo `siaga serve` answers on {}; if a daemon should run, start it \
             (systemctl start siaga), or close the other siaga.",
            socket.display()
        ),
        Err(e) => Err(e.into()),
    }
}

/// `siaga serve`: own the store, fetch, send, deliver, and serve clients
/// until SIGTERM or SIGINT.
pub fn serve(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let dir = config.data_dir(cli.data_dir.as_deref());
    let _log = init_logging(&crate::config::state_dir(&dir));
    let rt = runtime()?;
    rt.block_on(async {
        // Listen for SIGTERM before anyone can know the daemon runs.
        let stop = stop_signal()?;
        let local = open_queue(&dir, config)?;
        server::raise_fd_limit();
        let socket = config.daemon.socket_path();
        let listener = server::bind(&socket, &config.daemon.group)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", socket.display()))?;
        let shared = server::Shared::with_records(
            local.clone(),
            config.daemon.clone(),
            super::records::context(config),
        );
        let (health_tx, health_rx) = mpsc::unbounded_channel();
        tokio::spawn(shared.clone().relay_health(health_rx));
        let mut ready = Vec::new();
        for built in ingest::fetchers(&config.sources) {
            match built {
                Ok(f) => ready.push(f),
                Err((source, e)) => {
                    tracing::error!(source, "not started: {e}");
                    let _ = health_tx.send(ingest::HealthReport {
                        source,
                        health: ingest::Health::Stopped {
                            reason: e.to_string(),
                        },
                    });
                }
            }
        }
        if config.retention.check_deleted_minutes > 0 {
            tokio::spawn(ingest::deletions::run(
                local.clone(),
                ready.clone(),
                Duration::from_secs(config.retention.check_deleted_minutes * 60),
            ));
        }
        if config.retention.daily_purge {
            tokio::spawn(purge_daily(local.clone(), config.retention.clone()));
        }
        let queue: Arc<dyn QueueService> = local.clone();
        tokio::spawn(Sender::new(local.clone(), &ready, config.reply.clone()).run());
        tokio::spawn(super::escalate::courier(&local, config).run());
        spawn_fetchers(&queue, ready, &health_tx);
        tokio::spawn(wake_snoozed(local.clone()));
        tokio::spawn(log_history_head(local.clone()));
        let warm = local.clone();
        tokio::task::spawn_blocking(move || warm.prepare_search());
        tracing::info!(socket = %socket.display(), data_dir = %dir.display(), "daemon serving");
        eprintln!("siaga serve: listening on {}", socket.display());
        server::run(listener, socket, shared, stop).await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
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

/// Snoozed inquiries come back by themselves, daemon or not.
async fn wake_snoozed(queue: Arc<LocalQueue>) {
    loop {
        tokio::time::sleep(Duration::from_secs(30)).await;
        let q = queue.clone();
        let _ = tokio::task::spawn_blocking(move || q.wake_due(jiff::Timestamp::now())).await;
    }
}

/// A future that ends at SIGTERM or SIGINT; the handlers are installed
/// at once, not when it is first polled.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: stopping"),
            _ = int.recv() => tracing::info!("SIGINT: stopping"),
        }
    })
}

/// Whom this desk believes to be its daemon: root, oneself, and the
/// configured service user ([daemon] user).
fn siaga_trust(config: &Config) -> crate::daemon::socket::Trust {
    crate::daemon::socket::Trust::of(&config.daemon.user)
}

/// Connect to the daemon as `client` if one answers (None: no daemon).
pub async fn connect_daemon(config: &Config, client: &str) -> Result<Option<Arc<RemoteQueue>>> {
    let socket = config.daemon.socket_path();
    if !Path::new(&socket).exists() {
        return Ok(None);
    }
    let trust = siaga_trust(config);
    match RemoteQueue::connect_trusting(&socket, client, &trust).await {
        Ok(q) => Ok(Some(q)),
        Err(ConnectError::Absent(_)) => Ok(None),
        Err(e) => bail!("{e}"),
    }
}
