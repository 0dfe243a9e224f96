//! The command line: `run` picks the mode or the verb. The clap schema is
//! `args`, the modes that own a loop `modes`, the background duties
//! `duties`; each verb lives with its kind (`inquiries`, `reply`,
//! `escalate`, `shift`, `records`) and goes through the `QueueService`,
//! exactly as the TUI keys do.

use std::process::ExitCode;

use anyhow::Result;

/// `println!` for the verbs' human output, except that a closed pipe
/// (`siaga list | head`) is an error the verb returns, not a panic: `main`
/// then ends quietly with status 0, as ripgrep does.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

/// `print!` with the same handling of a closed pipe as `say!`.
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*)?
    }};
}

mod args;
mod clap_said;
mod config_cmd;
mod crisis;
mod desk;
mod duties;
mod escalate;
mod group;
mod group_args;
mod group_edit;
mod groups;
mod help;
mod inquiries;
mod modes;
pub(crate) mod records;
mod reply;
mod shift;
mod triage;

pub use args::{
    Cli, Command, ConfigCommand, EscalationsCommand, GroupCommand, OutboxCommand, ShiftCommand,
};
use args::{completions, man_page};
pub use help::{help_command, help_ids, help_lang, help_texts};
use modes::{init_logging, open_queue, run_demo, run_desk, run_ingest};

use crate::config::{Config, ConfigErrors};
use crate::i18n::Lang;
use crate::queue::QueueService;
use crate::triage::sanitize;

/// The officer: the Unix login of this process (ARCHITECTURE.md rule 6).
pub fn officer() -> String {
    let uid = nix::unistd::getuid();
    nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| format!("uid{uid}"))
}

pub fn main() -> ExitCode {
    // Everything siaga creates (store files, logs, lock, backups, exports)
    // is its owner's alone from the first byte (the socket is opened to
    // its group explicitly).
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    let cli = help::parse(help_lang(std::env::args_os(), |name| {
        std::env::var(name).ok()
    }));
    // The language to end in: the one the run settles once its config is
    // loaded, else as before the config loads.
    let mut spoken = None;
    let early = Lang::for_this_run(cli.lang, None);
    match run_speaking(cli, &mut spoken) {
        Ok(code) => code,
        Err(e) if is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            crate::ui::terminal::restore();
            let lang = spoken.unwrap_or(early);
            eprintln!("siaga: {}", sanitize(&describe(&e, lang)));
            ExitCode::FAILURE
        }
    }
}

/// `e` as `main` ends with it: `{e:#}`, the error and its causes. In
/// Bahasa Indonesia, a store's or a daemon's error the officer meets is
/// said in it (`describe` beside its `Display`), after any context above
/// it as it is; anything else as in English.
fn describe(e: &anyhow::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{e:#}");
    }
    let mut said = Vec::new();
    for cause in e.chain() {
        let known = if let Some(store) = cause.downcast_ref::<crate::store::StoreError>() {
            Some(store.describe(lang))
        } else {
            cause
                .downcast_ref::<crate::daemon::client::ConnectError>()
                .map(|connect| connect.describe(lang))
        };
        if let Some(words) = known {
            said.push(words);
            return said.join(": ");
        }
        said.push(cause.to_string());
    }
    format!("{e:#}")
}

/// The reader of our output went away (`| head`): not the officer's problem.
fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The config, with the desk's language settled once for this run:
/// `--lang`, else `[ui] language`, else the locale, else English; and the
/// zone its times are shown in (`[ui] timezone`, else `TZ`, else the host's).
fn load_config(cli: &Cli) -> Result<Config> {
    Config::load(cli.config.as_deref())
        .map(|l| l.config)
        .map(|mut config| {
            config.ui.language = Some(Lang::for_this_run(cli.lang, config.ui.language));
            crate::model::zone::init(config.timezone());
            config
        })
        .map_err(|e: ConfigErrors| {
            let lang = Lang::for_this_run(cli.lang, None);
            let problems: Vec<String> = e.0.iter().map(|p| p.in_lang(lang)).collect();
            anyhow::anyhow!(
                "{}\n{}\n{}",
                crate::tr!(lang, "cli-config-refused"),
                problems.join("\n"),
                crate::tr!(lang, "cli-config-refused-hint")
            )
        })
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    run_speaking(cli, &mut None)
}

/// `run`, telling `spoken` the language the run settled on once its
/// config is loaded.
fn run_speaking(cli: Cli, spoken: &mut Option<Lang>) -> Result<ExitCode> {
    match &cli.command {
        Some(Command::Config { command }) => return config_cmd::run(&cli, command),
        Some(Command::Completions { shell }) => return completions(*shell),
        Some(Command::Man) => return man_page(),
        _ => {}
    }
    let config = load_config(&cli)?;
    *spoken = config.ui.language;
    match &cli.command {
        Some(Command::Demo) => runtime()?.block_on(run_demo(&cli, &config)),
        None => runtime()?.block_on(run_desk(&cli, &config)),
        Some(Command::Ingest { once }) => runtime()?.block_on(run_ingest(&cli, &config, *once)),
        Some(Command::Serve) => desk::serve(&cli, &config),
        Some(Command::Salvage { into, json }) => records::salvage(
            &config.data_dir(cli.data_dir.as_deref()),
            &config,
            into,
            *json,
        ),
        Some(command @ Command::Check { json, .. }) => records::check_or_survey(
            &config.data_dir(cli.data_dir.as_deref()),
            *json,
            config.lang(),
            || verb(&cli, &config, command),
        ),
        Some(Command::Restore { path, replace, key }) => records::restore(
            &config.data_dir(cli.data_dir.as_deref()),
            &config,
            path,
            *replace,
            key.as_deref(),
        ),
        Some(Command::Audit {
            command: records::AuditCommand::Reseal,
        }) => {
            let dir = config.data_dir(cli.data_dir.as_deref());
            let _log = init_logging(&crate::config::state_dir(&dir));
            let me = crate::daemon::socket::user_name(nix::unistd::getuid().as_raw());
            records::reseal(&dir, &config, &me)
        }
        Some(command) => verb(&cli, &config, command),
    }
}

/// What every verb on the queue works with: the desk (embedded or a
/// daemon's client), the config and the officer.
pub(crate) struct Verb<'a> {
    cli: &'a Cli,
    config: &'a Config,
    desk: desk::Desk,
    me: String,
}

impl Verb<'_> {
    fn queue(&self) -> &dyn QueueService {
        self.desk.service()
    }

    /// The language this run speaks (settled by `load_config`).
    fn lang(&self) -> crate::i18n::Lang {
        self.config.lang()
    }

    /// The log, for verbs that do background work in this process.
    fn log(&self) -> Option<tracing_appender::non_blocking::WorkerGuard> {
        init_logging(&crate::config::state_dir(
            &self.config.data_dir(self.cli.data_dir.as_deref()),
        ))
    }
}

/// The verbs that work on the queue, through the daemon when one runs.
fn verb(cli: &Cli, config: &Config, command: &Command) -> Result<ExitCode> {
    let desk = desk::open(cli, config)?;
    let me = desk.officer();
    let v = Verb {
        cli,
        config,
        desk,
        me,
    };
    let (queue, me) = (v.queue(), v.me.as_str());
    let lang = config.lang();
    match command {
        Command::List { .. }
        | Command::Show { .. }
        | Command::Tag { .. }
        | Command::Claim { .. }
        | Command::Assign { .. }
        | Command::Close { .. } => inquiries::verb(&v, command),
        Command::Reply { .. } | Command::Outbox { .. } => reply::verb(&v, command),
        Command::Escalate { .. } | Command::Ack { .. } | Command::Escalations { .. } => {
            escalate::verb(&v, command)
        }
        Command::Groups { json } => groups::list(queue, *json, lang),
        Command::Group { command } => group::verb(&v, command),
        Command::Crisis { command } => crisis::verb(queue, config, me, command, lang),
        Command::Triage { command } => triage::verb(queue, me, command, lang),
        Command::Shift {
            command,
            officer: outgoing,
            markdown,
        } => shift::verb(
            queue,
            me,
            command.as_ref(),
            outgoing.as_deref(),
            *markdown,
            lang,
        ),
        Command::Subject { .. }
        | Command::Purge { .. }
        | Command::Hold { .. }
        | Command::Audit { .. }
        | Command::Export { .. }
        | Command::Report { .. }
        | Command::Backup { .. }
        | Command::Check { .. } => records::verb(&v.desk, config, me, command),
        Command::Demo
        | Command::Ingest { .. }
        | Command::Serve
        | Command::Restore { .. }
        | Command::Salvage { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Config { .. } => {
            unreachable!("handled by run")
        }
    }
}
