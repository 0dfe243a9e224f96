//! Which queue a command works on: the daemon's, when `siaga serve`
//! answers on its socket, else this process's own store. And
//! `siaga serve` itself.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use tokio::sync::mpsc;

use super::modes::{locked_words, open_own_queue};
use super::{Cli, init_logging, officer, open_queue, runtime};
use crate::config::Config;
use crate::daemon::client::{ConnectError, RemoteQueue};
use crate::daemon::server;
use crate::queue::{LocalQueue, QueueService};
use crate::store::StoreError;
use crate::tr;

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
    let lang = config.lang();
    match open_queue(&dir, config) {
        Ok(q) => Ok(Desk::Local(q)),
        Err(StoreError::Locked { path, holder }) => bail!(
            "{}\n{}",
            locked_words(lang, &path, &holder),
            tr!(
                lang,
                "cli-no-daemon-answers",
                socket = socket.display().to_string()
            )
        ),
        Err(e) => Err(e.into()),
    }
}

/// `siaga serve`: own the store, fetch, send, deliver, and serve clients
/// until SIGTERM or SIGINT.
pub fn serve(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let dir = config.data_dir(cli.data_dir.as_deref());
    let _log = init_logging(&crate::config::state_dir(&dir));
    let lang = config.lang();
    let rt = runtime()?;
    rt.block_on(async {
        // Listen for SIGTERM before anyone can know the daemon runs.
        let stop = stop_signal()?;
        let local = open_own_queue(&dir, config)?;
        server::raise_fd_limit();
        let socket = config.daemon.socket_path();
        let listener = server::bind(&socket, &config.daemon.group)
            .await
            .map_err(|e| {
                anyhow::anyhow!(tr!(
                    lang,
                    "cli-cannot-listen",
                    socket = socket.display().to_string(),
                    why = e.to_string()
                ))
            })?;
        let shared = server::Shared::with_records(
            local.clone(),
            config.daemon.clone(),
            super::records::context(config),
        );
        let (health_tx, health_rx) = mpsc::unbounded_channel();
        tokio::spawn(shared.clone().relay_health(health_rx));
        let ready = super::duties::fetchers(&config.sources, &health_tx);
        super::duties::start(
            &local,
            config,
            ready,
            super::duties::Platforms::Real,
            &health_tx,
        );
        let warm = local.clone();
        tokio::task::spawn_blocking(move || warm.prepare_search());
        tracing::info!(socket = %socket.display(), data_dir = %dir.display(), "daemon serving");
        eprintln!(
            "{}",
            tr!(
                lang,
                "cli-serve-listening",
                socket = socket.display().to_string()
            )
        );
        server::run(listener, socket, shared, stop).await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
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
        // Its own type, so that `main` says it in the officer's language.
        Err(e) => Err(e.into()),
    }
}
