//! The modes that own a terminal or a loop: the demo, the desk (the TUI,
//! embedded or as a daemon's client) and `siaga ingest`; and how each
//! opens the store and its log.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::sync::mpsc;

use super::{Cli, desk, duties, officer};
use crate::config::Config;
use crate::i18n::Lang;
use crate::ingest::{self, Cut, Fetcher};
use crate::queue::{LocalQueue, QueueService};
use crate::source::{SourceError, demo, http, x::XClient};
use crate::store::StoreError;
use crate::tr;
use crate::triage::{Lexicon, sanitize_line};
use crate::ui::app::{UiOptions, color_wanted};

/// The store at `dir` as this desk's queue, holding the config's rules
/// for what replies and escalations may be.
pub(super) fn open_queue(
    dir: &Path,
    config: &Config,
) -> Result<Arc<LocalQueue>, crate::store::StoreError> {
    let queue = LocalQueue::open(dir, config.cache_bytes())?;
    for notice in queue.store().notices() {
        let notice = notice.in_lang(config.lang());
        eprintln!("siaga: {}", sanitize_line(&notice, 400));
    }
    queue.set_policy(config.desk_policy());
    Ok(queue)
}

/// `open_queue` for the modes that own the store: a store another siaga
/// holds is said in the officer's language; any other error as it is.
pub(super) fn open_own_queue(dir: &Path, config: &Config) -> Result<Arc<LocalQueue>> {
    open_queue(dir, config).map_err(|e| match e {
        StoreError::Locked { path, holder } => {
            let lang = config.lang();
            anyhow::anyhow!("{}", locked_words(lang, &path, &holder))
        }
        e => e.into(),
    })
}

/// `StoreError::Locked`, in the officer's language: who holds the store,
/// and what to do.
pub(super) fn locked_words(lang: Lang, path: &Path, holder: &str) -> String {
    format!(
        "{}\n{}",
        tr!(
            lang,
            "cli-store-locked",
            path = path.display().to_string(),
            holder = holder
        ),
        tr!(lang, "cli-store-locked-what-to-do")
    )
}

/// Why a walk stopped early (`Cut`'s words), in the officer's language.
fn cut_words(cut: Cut, lang: Lang) -> String {
    match cut {
        Cut::Pages(n) => tr!(lang, "cli-cut-pages", n = n),
        Cut::Time(t) => tr!(lang, "cli-cut-time", n = t.as_secs()),
        Cut::RepeatedToken => tr!(lang, "cli-cut-repeated-token"),
        Cut::NotAdvancing => tr!(lang, "cli-cut-not-advancing"),
    }
}

pub(super) fn init_logging(dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    crate::store::create_private_dir(dir).ok()?;
    let appender = tracing_appender::rolling::never(dir, "siaga.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("SIAGA_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}

fn ui_options(config: &Config, demo: bool) -> UiOptions {
    UiOptions::from_config(config, &officer(), demo, color_wanted())
}

pub(super) async fn run_demo(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let temp;
    let dir = match &cli.data_dir {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::Builder::new().prefix("siaga-demo-").tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let _log = init_logging(&crate::config::state_dir(&dir));
    let server = demo::start(
        config.demo.initial,
        Duration::from_secs(config.demo.release_secs),
    )
    .await
    .with_context(|| {
        let lang = config.lang();
        tr!(lang, "cli-demo-feed-starting")
    })?;
    tracing::info!(url = %server.base_url(), data_dir = %dir.display(), "demo feed started");
    let config = &with_demo_mission_desk(config, &dir, &server)?;
    let local = open_own_queue(&dir, config)?;
    let queue: Arc<dyn QueueService> = local.clone();
    let client = XClient::new(
        http::client(http::DEFAULT_TIMEOUT),
        &server.base_url(),
        demo::ACCOUNT_ID,
        demo::TOKEN.into(),
    );
    let fetcher = Fetcher::x("demo", Duration::from_secs(config.demo.poll_secs), client);
    let (health_tx, health_rx) = mpsc::unbounded_channel();
    duties::start(
        &local,
        config,
        vec![fetcher],
        duties::Platforms::Demo,
        &health_tx,
    );
    crate::ui::app::run(queue, ui_options(config, true), health_rx).await?;
    Ok(ExitCode::SUCCESS)
}

/// The demo's escalations go to its pretend mission desk: the default desk
/// gets the demo server's webhook (signed with a secret in the data dir),
/// so escalate, deliver and acknowledge can be tried with no contacts.
fn with_demo_mission_desk(
    config: &Config,
    dir: &std::path::Path,
    server: &demo::DemoServer,
) -> Result<Config> {
    let mut config = config.clone();
    let lang = config.lang();
    std::fs::create_dir_all(dir)
        .with_context(|| tr!(lang, "cli-creating", path = dir.display().to_string()))?;
    let secret = dir.join("demo-mission-desk.key");
    std::fs::write(&secret, demo::MISSION_DESK_SECRET)
        .with_context(|| tr!(lang, "cli-writing", path = secret.display().to_string()))?;
    let code = config.escalation.default_desk.clone();
    if let Some(desk) = config.missions.get_mut(&code)
        && desk.email.trim().is_empty()
        && desk.webhook_url.trim().is_empty()
    {
        desk.webhook_url = server.mission_desk_url();
        desk.webhook_secret_env = None;
        desk.webhook_secret_file = Some(secret);
    }
    Ok(config)
}

pub(super) async fn run_desk(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let dir = config.data_dir(cli.data_dir.as_deref());
    let _log = init_logging(&crate::config::state_dir(&dir));
    // A daemon owns the queue: be its client. Health and colleagues'
    // presence come with its events.
    if let Some(remote) = desk::connect_daemon(config, "siaga-tui").await? {
        let me = remote.officer().unwrap_or_else(officer);
        let options = UiOptions::from_config(config, &me, false, color_wanted());
        let (_health_tx, health_rx) = mpsc::unbounded_channel();
        crate::ui::app::run(remote, options, health_rx).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let local = open_own_queue(&dir, config)?;
    let queue: Arc<dyn QueueService> = local.clone();
    let (health_tx, health_rx) = mpsc::unbounded_channel();
    let ready = duties::fetchers(&config.sources, &health_tx);
    duties::start(&local, config, ready, duties::Platforms::Real, &health_tx);
    let mut options = ui_options(config, false);
    options.config_file = cli.config.clone().or_else(crate::config::user_config_path);
    crate::ui::app::run(queue, options, health_rx).await?;
    Ok(ExitCode::SUCCESS)
}

/// `siaga ingest`: nothing when a daemon fetches already; else every
/// source polled once (`--once`) or fetched until Ctrl-C.
pub(super) async fn run_ingest(cli: &Cli, config: &Config, once: bool) -> Result<ExitCode> {
    let dir = config.data_dir(cli.data_dir.as_deref());
    let _log = init_logging(&crate::config::state_dir(&dir));
    let lang = config.lang();
    if config.sources.is_empty() {
        anyhow::bail!(tr!(lang, "cli-no-sources"));
    }
    if desk::connect_daemon(config, "siaga-ingest")
        .await?
        .is_some()
    {
        say!("{}", tr!(lang, "cli-ingest-daemon-fetches"));
        return Ok(ExitCode::SUCCESS);
    }
    let local = open_own_queue(&dir, config)?;
    if !once {
        return fetch_until_stopped(&local, config).await;
    }
    let queue: Arc<dyn QueueService> = local.clone();
    let results = ingest::ingest_once(queue, &config.sources, &Lexicon::builtin()).await;
    let mut failed = false;
    for (name, result) in results {
        failed |= !say_poll(&name, result, lang)?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The fetchers alone (replies, escalations and records are another
/// process's duty when `ingest` runs on its own), each source's health
/// printed as it comes, until Ctrl-C. A source that cannot start is said
/// and left out.
async fn fetch_until_stopped(local: &Arc<LocalQueue>, config: &Config) -> Result<ExitCode> {
    let lang = config.lang();
    let (health_tx, mut health_rx) = mpsc::unbounded_channel();
    let fetchers = ingest::fetchers(&config.sources);
    let (ready, broken): (Vec<_>, Vec<_>) = fetchers.into_iter().partition(Result::is_ok);
    for (name, e) in broken.into_iter().filter_map(Result::err) {
        eprintln!(
            "{}",
            tr!(
                lang,
                "cli-source-not-started",
                source = name,
                why = sanitize_line(&e.to_string(), 200)
            )
        );
    }
    duties::spawn_fetchers(
        local,
        ready.into_iter().filter_map(Result::ok).collect(),
        &health_tx,
    );
    loop {
        tokio::select! {
            Some(report) = health_rx.recv() => say!("{}: {:?}", report.source, report.health),
            _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
        }
    }
}

/// One source's poll in words: its counts (and where the walk was cut),
/// or why it failed. Whether it succeeded.
fn say_poll(
    name: &str,
    result: Result<ingest::PollCount, SourceError>,
    lang: Lang,
) -> Result<bool> {
    let c = match result {
        Ok(c) => c,
        Err(e) => {
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-ingest-failed",
                    source = name,
                    why = sanitize_line(&e.to_string(), 300)
                )
            );
            return Ok(false);
        }
    };
    say!(
        "{}",
        tr!(
            lang,
            "cli-ingest-counts",
            source = name,
            new = c.new,
            followups = c.followups,
            duplicate = c.duplicate,
            skipped = c.skipped,
            unreadable = c.rejected
        )
    );
    if let Some(cut) = c.cut {
        say!(
            "{}",
            tr!(
                lang,
                "cli-ingest-cut",
                source = name,
                cut = cut_words(cut, lang)
            )
        );
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog's English is the words the store and the walk use
    /// themselves (their `Display`), so the English output is unchanged.
    #[test]
    fn the_english_words_are_the_errors_own() {
        for cut in [
            Cut::Pages(3),
            Cut::Time(Duration::from_secs(40)),
            Cut::RepeatedToken,
            Cut::NotAdvancing,
        ] {
            assert_eq!(cut_words(cut, Lang::En), cut.to_string());
        }
        let path = Path::new("/var/lib/siaga");
        let locked = StoreError::Locked {
            path: path.to_path_buf(),
            holder: " (pid 42)".into(),
        };
        assert_eq!(
            locked_words(Lang::En, path, " (pid 42)"),
            locked.to_string()
        );
        let id = locked_words(Lang::Id, path, " (pid 42)");
        assert!(
            id.starts_with(
                "penyimpanan di /var/lib/siaga sedang dipakai proses siaga lain (pid 42)."
            ),
            "{id}"
        );
    }
}
