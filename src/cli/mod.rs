//! The command line: clap definitions and one function per verb. Every verb
//! goes through the `QueueService`, exactly as the TUI keys do.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;
use tokio::sync::mpsc;

mod config_cmd;
mod desk;
mod duties;
mod escalate;
pub(crate) mod records;
mod reply;

use crate::config::{Config, ConfigErrors};
use crate::ingest::{self, Fetcher};
use crate::model::{Inquiry, InquiryId, Priority, Status};
use crate::queue::{Change, LocalQueue, QueuePosWire, QueueService, ViewQuery};
use crate::source::{demo, http, x::XClient};
use crate::store::Facet;
use crate::triage::{Lexicon, sanitize, sanitize_line};
use crate::ui::app::{UiOptions, color_wanted};

/// siaga: the duty officer's desk for citizen-protection inquiries.
///
/// Fetches mentions and direct messages addressed to the ministry's accounts
/// into a durable queue, most urgent first, for triage from the keyboard.
/// Run without a command for the terminal UI; `siaga demo` needs no account.
#[derive(Debug, Parser)]
#[command(name = "siaga", version, about, long_about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Config file to merge over the defaults [default: $XDG_CONFIG_HOME/siaga/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the queue is stored [default: store.data_dir, else $XDG_DATA_HOME/siaga]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

const AFTER_HELP: &str = "\
Keys in the UI: j/k or arrows move, g/G top/bottom, PgUp/PgDn, Enter opens,
Esc goes back, Tab next view, / search, Space mark, c claim, t tag, x close,
s snooze, n note, p/C priority/category, u undo, r reply (E: in $EDITOR),
e escalate to a mission, A record its acknowledgement, H shift handover,
? shows every binding, q quits. Writing a reply: C-s send, C-t public or
private, C-l language, C-x $EDITOR, Esc discard. Escalating: Tab summary or
note, C-p severity, C-s send. In the detail: R retries a failed reply, X
cancels an unsent one. Rebind keys in [keys.*] of your config.

With `siaga serve` running ([daemon] socket), siaga and every command are
its clients; officers are known by their Unix login.

Search terms: tag: status: prio: cat: lang: source: from: plus fuzzy words.

Environment: NO_COLOR=1 draws without colour; SIAGA_LOG=debug logs more.
Tokens come from the variable or 0600 file each [[sources]] entry names,
never from the config text. Logs: $XDG_STATE_HOME/siaga/siaga.log.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The UI against a built-in demo feed (X API v2 on 127.0.0.1); no account needed.
    /// Uses a temporary data dir unless --data-dir is given.
    Demo,
    /// Fetch from every configured source.
    Ingest {
        /// Fetch once, print per-source counts, exit non-zero if any source failed.
        #[arg(long)]
        once: bool,
    },
    /// List the queue, most urgent first.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// Only these statuses (repeatable) [default: the open ones]
        #[arg(long, value_name = "S")]
        status: Vec<Status>,
        /// At most this many.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Only matches, best first: fuzzy words plus filter terms
        /// (tag: status: prio: cat: lang: source: from:), as `/` in the UI.
        #[arg(long, value_name = "QUERY")]
        search: Option<String>,
        /// A view from the config (Inbox, Mine, Private, ...) instead of --status.
        #[arg(long, value_name = "NAME", conflicts_with = "status")]
        view: Option<String>,
    },
    /// One inquiry with its history.
    Show {
        id: InquiryId,
        /// One JSON object, text as received (for tools).
        #[arg(long)]
        json: bool,
        /// Show masked numbers and hidden text (recorded in its history).
        #[arg(long)]
        reveal: bool,
    },
    /// Add tags to an inquiry (prefix a tag with - to remove it).
    Tag {
        id: InquiryId,
        #[arg(required = true, allow_hyphen_values = true)]
        tags: Vec<String>,
    },
    /// Claim an inquiry for yourself (your Unix login).
    Claim {
        id: InquiryId,
        /// Take it over from the colleague who holds it (recorded).
        #[arg(long)]
        take_over: bool,
    },
    /// Give an inquiry to a colleague (a supervisor's reassignment; recorded).
    Assign {
        id: InquiryId,
        /// The colleague's login.
        to: String,
    },
    /// Close an inquiry with a reason.
    Close {
        id: InquiryId,
        #[arg(long)]
        reason: String,
    },
    /// Answer an inquiry with a template, through the outbox. Without a
    /// running daemon the reply is sent at once and the platform's id printed.
    Reply {
        id: InquiryId,
        /// The template's name (see config/templates.toml).
        #[arg(long, value_name = "NAME")]
        template: String,
        /// Language of the template [default: the inquiry's].
        #[arg(long, value_name = "id|en")]
        lang: Option<crate::reply::Lang>,
        /// Answer privately (X direct message, Mastodon direct).
        #[arg(long, conflicts_with = "public")]
        private: bool,
        /// Answer in public even if the category defaults to private.
        #[arg(long)]
        public: bool,
        /// Longest time to keep retrying before leaving it to the outbox.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        wait: u64,
    },
    /// The reply outbox: list what is pending, failed and sent.
    Outbox {
        #[command(subcommand)]
        command: Option<OutboxCommand>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// How many sent or cancelled replies to list.
        #[arg(long, value_name = "N", default_value_t = 20)]
        recent: usize,
    },
    /// Escalate an inquiry to a mission's duty desk (e-mail and/or signed
    /// webhook). Without --mission, the mission suggested by the places the
    /// text names. Without a running daemon it is delivered at once.
    Escalate {
        id: InquiryId,
        /// The mission's code in the directory (riyadh, kotakinabalu, tawau, ...).
        #[arg(long, value_name = "CODE")]
        mission: Option<String>,
        /// P1 to P4 [default: the inquiry's priority]; sets the deadline.
        #[arg(long, value_name = "S")]
        severity: Option<Priority>,
        /// One line for the mission [default: category and first line of the text].
        #[arg(long, value_name = "TEXT")]
        summary: Option<String>,
        /// The officer's note for the mission.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Longest time to keep retrying before leaving it to the courier.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        wait: u64,
    },
    /// Record that the mission acknowledged the inquiry's escalation.
    Ack {
        id: InquiryId,
        /// Who at the mission confirmed.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// How: "phone", "reply e-mail", ...
        #[arg(long, value_name = "TEXT", default_value = "")]
        how: String,
    },
    /// Escalations: open ones (or --json, the latest of any state).
    Escalations {
        #[command(subcommand)]
        command: Option<EscalationsCommand>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "N", default_value_t = 50)]
        recent: usize,
    },
    /// The daemon: owns the store, runs the fetchers, the reply sender and
    /// the escalation courier, and serves officers' `siaga` over a Unix
    /// socket ([daemon] socket). Stops cleanly on SIGTERM.
    Serve,
    /// Shift handover: what you (or --officer) hold open, replies pending or
    /// failed, escalations awaiting acknowledgement, notes.
    Shift {
        #[command(subcommand)]
        command: Option<ShiftCommand>,
        /// The outgoing officer [default: you].
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// Markdown for the shift log.
        #[arg(long)]
        markdown: bool,
    },
    /// A person's data: find everything held about them, erase it, or
    /// restrict its processing (data-subject requests under UU 27/2022).
    Subject {
        #[command(subcommand)]
        command: records::SubjectCommand,
    },
    /// Erase the personal content of closed inquiries past their retention
    /// period ([retention]), keeping content-free statistics. The daemon
    /// does this daily by itself.
    Purge {
        /// Only list what would be erased (anyone may).
        #[arg(long)]
        dry_run: bool,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Put an inquiry on legal hold (never purged or erased), or --release it.
    Hold {
        id: InquiryId,
        /// Why (a case number, a court order); recorded.
        #[arg(long)]
        reason: String,
        #[arg(long)]
        release: bool,
    },
    /// The tamper-evident history.
    Audit {
        #[command(subcommand)]
        command: records::AuditCommand,
    },
    /// Export inquiries received in a period, one row each. Redacted unless
    /// --unredacted (supervisors only; recorded in each inquiry's history).
    Export {
        /// csv or jsonl.
        #[arg(long, default_value = "csv", value_name = "FORMAT")]
        format: crate::records::export::Format,
        /// First day (YYYY-MM-DD, local time), inclusive.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, local time), inclusive.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Names, handles and numbers as received.
        #[arg(long)]
        unredacted: bool,
        /// Write to this new file (created 0600) instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Statistics in Markdown: counts by category, priority, channel,
    /// mission; median time to first reply and to acknowledgement.
    /// Default: the last 24 hours (a shift).
    Report {
        /// A calendar month, YYYY-MM.
        #[arg(long, value_name = "MONTH", conflicts_with_all = ["from", "to"])]
        month: Option<String>,
        /// First day (YYYY-MM-DD, local time), inclusive.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, local time), inclusive.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Copy the whole store to a new file, consistently, while siaga runs
    /// (through the daemon when one runs: supervisors only).
    Backup { path: PathBuf },
    /// Make the store from a backup. siaga serve must be stopped. The
    /// current store is kept aside with --replace, never deleted.
    Restore {
        path: PathBuf,
        #[arg(long)]
        replace: bool,
        /// The chain.key of the store the backup was made from (backups
        /// never carry it; keep it apart). Without it, the key already in
        /// the data directory checks the restored history's seal.
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
    },
    /// Copy everything still readable of a damaged store (inquiries,
    /// history, replies, escalations) into a fresh store in a new
    /// directory, and say what could not be read. The damaged store is
    /// left as it is. siaga serve must be stopped.
    Salvage {
        /// The new data directory (must hold no store).
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check every index against the inquiries; --repair rebuilds what can
    /// be derived again and reports the rest. A store too damaged to open
    /// is surveyed instead: what a salvage would recover.
    Check {
        /// Rebuild what can be derived again (supervisors only through a daemon).
        #[arg(long)]
        repair: bool,
        #[arg(long)]
        json: bool,
    },
    /// Work with the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script, e.g.
    /// `siaga completions bash > /usr/share/bash-completion/completions/siaga`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `siaga man > siaga.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send every pending reply now (and reconcile any whose outcome was lost).
    Send {
        /// Longest time to keep retrying.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        wait: u64,
    },
    /// Send a failed reply again.
    Retry { id: crate::reply::ReplyId },
    /// Withdraw a reply that has not been sent.
    Cancel { id: crate::reply::ReplyId },
}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Take over every inquiry the outgoing officer holds (recorded in
    /// each inquiry's history).
    Accept {
        /// The outgoing officer's login.
        from: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum EscalationsCommand {
    /// Deliver what is due and mark what is overdue, now.
    Deliver {
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        wait: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config and print every problem with its line.
    /// Nothing goes to the network unless --online is given.
    Check {
        /// Also ask each source's platform which account its token belongs
        /// to, and whether that is its account_id.
        #[arg(long)]
        online: bool,
    },
    /// Print the commented defaults (a starting point for your own file).
    Default,
}

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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            crate::ui::terminal::restore();
            eprintln!("siaga: {}", sanitize(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn load_config(cli: &Cli) -> Result<Config> {
    Config::load(cli.config.as_deref())
        .map(|l| l.config)
        .map_err(|e: ConfigErrors| {
            anyhow::anyhow!(
                "the config has problems:\n{e}\nRun `siaga config check` after fixing them."
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
    match &cli.command {
        Some(Command::Config { command }) => return config_cmd::run(&cli, command),
        Some(Command::Completions { shell }) => return completions(*shell),
        Some(Command::Man) => return man_page(),
        _ => {}
    }
    let config = load_config(&cli)?;
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
        Some(command @ Command::Check { json, .. }) => {
            records::check_or_survey(&config.data_dir(cli.data_dir.as_deref()), *json, || {
                verb(&cli, &config, command)
            })
        }
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

/// The verbs that work on the queue, through the daemon when one runs.
fn verb(cli: &Cli, config: &Config, command: &Command) -> Result<ExitCode> {
    let desk = desk::open(cli, config)?;
    let queue = desk.service();
    let me = desk.officer();
    let log = || {
        init_logging(&crate::config::state_dir(
            &config.data_dir(cli.data_dir.as_deref()),
        ))
    };
    match command {
        Command::List {
            json,
            status,
            limit,
            search,
            view,
        } => {
            let query = view_query(config, &me, status, view.as_deref())?;
            list(queue, *json, query, *limit, search.as_deref())
        }
        Command::Show { id, json, reveal } => {
            if *reveal {
                queue.apply(
                    *id,
                    &Change::Reveal {
                        what: "personal numbers and hidden text (siaga show --reveal)".into(),
                    },
                    &me,
                )?;
            }
            show(queue, *id, *json, *reveal)
        }
        Command::Tag { id, tags } => tag(queue, &me, *id, tags),
        Command::Claim { id, take_over } => apply(
            queue,
            &me,
            *id,
            Change::Claim {
                take_over: *take_over,
            },
        ),
        Command::Assign { id, to } => apply(queue, &me, *id, Change::Assign { to: to.clone() }),
        Command::Close { id, reason } => apply(
            queue,
            &me,
            *id,
            Change::Close {
                reason: reason.clone(),
            },
        ),
        Command::Reply {
            id,
            template,
            lang,
            private,
            public,
            wait,
        } => {
            let args = reply::ReplyArgs {
                id: *id,
                template,
                lang: *lang,
                private: *private,
                public: *public,
                wait: Duration::from_secs(*wait),
            };
            match &desk {
                desk::Desk::Local(local) => {
                    let _log = log();
                    runtime()?.block_on(reply::reply(local.clone(), config, args))
                }
                desk::Desk::Remote { .. } => reply::reply_remote(queue, &me, config, args),
            }
        }
        Command::Outbox {
            command,
            json,
            recent,
        } => match (command, &desk) {
            (None, _) => reply::list(queue, *json, *recent),
            (Some(OutboxCommand::Send { wait }), desk::Desk::Local(local)) => {
                let _log = log();
                runtime()?.block_on(reply::send(
                    local.clone(),
                    config,
                    Duration::from_secs(*wait),
                ))
            }
            (Some(OutboxCommand::Send { .. }), desk::Desk::Remote { .. }) => {
                println!("siaga serve sends the outbox itself; here is where it stands:");
                reply::list(queue, *json, *recent)
            }
            (Some(OutboxCommand::Retry { id }), _) => reply::retry(queue, *id, &me),
            (Some(OutboxCommand::Cancel { id }), _) => reply::cancel(queue, *id, &me),
        },
        Command::Escalate {
            id,
            mission,
            severity,
            summary,
            note,
            wait,
        } => {
            let args = escalate::EscalateArgs {
                id: *id,
                mission: mission.as_deref(),
                severity: *severity,
                summary: summary.as_deref(),
                note,
                wait: Duration::from_secs(*wait),
            };
            match &desk {
                desk::Desk::Local(local) => {
                    let _log = log();
                    runtime()?.block_on(escalate::escalate(local.clone(), config, args))
                }
                desk::Desk::Remote { .. } => escalate::escalate_remote(queue, &me, config, args),
            }
        }
        Command::Ack { id, by, how } => escalate::ack(queue, &me, *id, by, how),
        Command::Escalations {
            command,
            json,
            recent,
        } => match (command, &desk) {
            (None, _) => escalate::list(queue, *json, *recent),
            (Some(EscalationsCommand::Deliver { wait }), desk::Desk::Local(local)) => {
                let _log = log();
                runtime()?.block_on(escalate::deliver(
                    local.clone(),
                    config,
                    Duration::from_secs(*wait),
                ))
            }
            (Some(EscalationsCommand::Deliver { .. }), desk::Desk::Remote { .. }) => {
                println!("siaga serve delivers escalations itself; here is where they stand:");
                escalate::list(queue, *json, *recent)
            }
        },
        Command::Shift {
            command,
            officer: outgoing,
            markdown,
        } => match command {
            None => {
                let who = outgoing.clone().unwrap_or_else(|| me.clone());
                let digest = crate::queue::shift::digest(queue, &who, jiff::Timestamp::now())?;
                if *markdown {
                    print!("{}", digest.markdown());
                } else {
                    print!("{}", digest.markdown().replace("## ", "").replace("# ", ""));
                }
                Ok(ExitCode::SUCCESS)
            }
            Some(ShiftCommand::Accept { from }) => {
                let crate::queue::shift::Handover { taken, refused } =
                    crate::queue::shift::accept(queue, from, &me)?;
                println!(
                    "took over {} inquir{} from {from}",
                    taken.len(),
                    if taken.len() == 1 { "y" } else { "ies" }
                );
                for (id, why) in &refused {
                    println!("  #{id} not taken: {}", sanitize_line(why, 120));
                }
                Ok(if refused.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                })
            }
        },
        Command::Subject { command } => records::subject(&desk, config, &me, command),
        Command::Purge { dry_run, json } => records::purge(&desk, config, &me, *dry_run, *json),
        Command::Hold {
            id,
            reason,
            release,
        } => records::hold(&desk, &me, *id, reason, *release),
        Command::Audit {
            command: records::AuditCommand::Verify { json },
        } => records::audit(&desk, config, &me, *json),
        Command::Audit {
            command: records::AuditCommand::Reseal,
        } => unreachable!("handled by run"),
        Command::Export {
            format,
            from,
            to,
            unredacted,
            out,
        } => records::export(
            &desk,
            config,
            &me,
            records::ExportArgs {
                format: *format,
                from: from.as_deref(),
                to: to.as_deref(),
                unredacted: *unredacted,
                out: out.as_deref(),
            },
        ),
        Command::Report { month, from, to } => {
            let range = if month.is_none() && from.is_none() && to.is_none() {
                let now = jiff::Timestamp::now();
                (Some(now - jiff::SignedDuration::from_hours(24)), Some(now))
            } else {
                records::period(from.as_deref(), to.as_deref(), month.as_deref())?
            };
            records::report(&desk, config, &me, range)
        }
        Command::Backup { path } => records::backup(&desk, config, &me, path),
        Command::Check { repair, json } => records::check(&desk, config, &me, *repair, *json),
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

/// Completions from the one clap definition, so they never drift.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "siaga", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `siaga.1` from the one clap definition: the main page, then a section
/// per command with its options.
fn man_page() -> Result<ExitCode> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = format!("siaga {}", sub.get_name());
        let page = clap_mangen::Man::new(
            sub.clone()
                .bin_name(name.clone())
                .display_name(name.clone()),
        );
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    std::io::Write::write_all(&mut std::io::stdout(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// The store at `dir` as this desk's queue, holding the config's rules
/// for what replies and escalations may be.
fn open_queue(dir: &Path, config: &Config) -> Result<Arc<LocalQueue>, crate::store::StoreError> {
    let queue = LocalQueue::open(dir, config.cache_bytes())?;
    for notice in queue.store().notices() {
        eprintln!("siaga: {}", sanitize_line(notice, 400));
    }
    queue.set_policy(config.desk_policy());
    Ok(queue)
}

fn init_logging(dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
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

async fn run_demo(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let temp;
    let dir = match &cli.data_dir {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::Builder::new().prefix("siaga-demo-").tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let _log = init_logging(&crate::config::state_dir(&dir));
    let local = open_queue(&dir, config)?;
    let queue: Arc<dyn QueueService> = local.clone();
    let server = demo::start(
        config.demo.initial,
        Duration::from_secs(config.demo.release_secs),
    )
    .await
    .context("starting the demo feed")?;
    tracing::info!(url = %server.base_url(), data_dir = %dir.display(), "demo feed started");
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

async fn run_desk(cli: &Cli, config: &Config) -> Result<ExitCode> {
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
    let local = open_queue(&dir, config)?;
    let queue: Arc<dyn QueueService> = local.clone();
    let (health_tx, health_rx) = mpsc::unbounded_channel();
    let ready = duties::fetchers(&config.sources, &health_tx);
    duties::start(&local, config, ready, duties::Platforms::Real, &health_tx);
    crate::ui::app::run(queue, ui_options(config, false), health_rx).await?;
    Ok(ExitCode::SUCCESS)
}

async fn run_ingest(cli: &Cli, config: &Config, once: bool) -> Result<ExitCode> {
    let dir = config.data_dir(cli.data_dir.as_deref());
    let _log = init_logging(&crate::config::state_dir(&dir));
    if config.sources.is_empty() {
        anyhow::bail!("no [[sources]] in the config; see `siaga config default` for an example");
    }
    if desk::connect_daemon(config, "siaga-ingest")
        .await?
        .is_some()
    {
        println!(
            "siaga serve owns the queue and fetches from every source itself; \
             its sources' health shows in the status bar of `siaga`"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let local = open_queue(&dir, config)?;
    let queue: Arc<dyn QueueService> = local.clone();
    if !once {
        let (health_tx, mut health_rx) = mpsc::unbounded_channel();
        let fetchers = ingest::fetchers(&config.sources);
        let (ready, broken): (Vec<_>, Vec<_>) = fetchers.into_iter().partition(Result::is_ok);
        for (name, e) in broken.into_iter().filter_map(Result::err) {
            eprintln!(
                "{name}: not started: {}",
                sanitize_line(&e.to_string(), 200)
            );
        }
        // Fetching only: replies, escalations and records are another
        // process's duty when `ingest` runs on its own.
        duties::spawn_fetchers(
            &local,
            ready.into_iter().filter_map(Result::ok).collect(),
            &health_tx,
        );
        loop {
            tokio::select! {
                Some(report) = health_rx.recv() => println!("{}: {:?}", report.source, report.health),
                _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
            }
        }
    }
    let results = ingest::ingest_once(queue, &config.sources, &Lexicon::builtin()).await;
    let mut failed = false;
    for (name, result) in results {
        match result {
            Ok(c) => {
                println!(
                    "{name}: {} new, {} follow-up, {} duplicate, {} skipped, {} unreadable",
                    c.new, c.followups, c.duplicate, c.skipped, c.rejected
                );
                if let Some(cut) = c.cut {
                    println!("{name}: walk cut short: {cut}; it goes on at the next poll");
                }
            }
            Err(e) => {
                failed = true;
                println!("{name}: failed: {}", sanitize_line(&e.to_string(), 300));
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The `list --json` contract (ARCHITECTURE.md).
#[derive(Debug, Serialize)]
struct JsonRow<'a> {
    id: InquiryId,
    source: &'a str,
    external_id: &'a str,
    author: &'a str,
    author_name: &'a str,
    text: &'a str,
    channel: &'a str,
    status: &'a str,
    priority: &'a str,
    category: &'a str,
    tags: &'a [String],
    claimed_by: Option<&'a str>,
    created_at: String,
    lang: Option<&'a str>,
}

impl<'a> JsonRow<'a> {
    fn of(i: &'a Inquiry) -> JsonRow<'a> {
        JsonRow {
            id: i.id,
            source: &i.source,
            external_id: &i.external_id,
            author: &i.author.handle,
            author_name: &i.author.display_name,
            text: &i.text,
            channel: i.channel.as_str(),
            status: i.status.as_str(),
            priority: i.priority.as_str(),
            category: &i.category,
            tags: &i.tags,
            claimed_by: i.claimed_by.as_deref(),
            created_at: i.created_at.to_string(),
            lang: i.lang.as_deref(),
        }
    }
}

/// The statuses and facet `siaga list` shows.
fn view_query(
    config: &Config,
    officer: &str,
    status: &[Status],
    view: Option<&str>,
) -> Result<ViewQuery> {
    if let Some(name) = view {
        let v = config
            .views
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = config.views.iter().map(|v| v.name.as_str()).collect();
                anyhow::anyhow!("no view named `{name}`; views are {}", names.join(", "))
            })?;
        return Ok(ViewQuery {
            facet: v.facet.for_officer(officer),
            statuses: v.statuses.clone(),
            after: None,
            limit: 0,
        });
    }
    let statuses = if status.is_empty() {
        Status::OPEN.to_vec()
    } else {
        status.to_vec()
    };
    Ok(ViewQuery {
        facet: Facet::All,
        statuses,
        after: None,
        limit: 0,
    })
}

fn list(
    queue: &dyn QueueService,
    json: bool,
    view: ViewQuery,
    limit: Option<usize>,
    search: Option<&str>,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut remaining = limit.unwrap_or(usize::MAX);
    if let Some(text) = search {
        let found = queue.search(&view, text, remaining)?;
        for inq in &found {
            print_row(&mut out, inq, json)?;
        }
        out.flush()?;
        if found.is_empty() {
            // On stderr, so a script reading stdout still sees no rows.
            eprintln!("no match for \"{}\"", sanitize_line(text, 80));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut after: Option<QueuePosWire> = None;
    while remaining > 0 {
        let page = queue.list(&ViewQuery {
            after,
            limit: remaining.min(1000),
            ..view.clone()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(QueuePosWire::of(last));
        remaining -= page.len();
        for inq in &page {
            print_row(&mut out, inq, json)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_row(out: &mut impl Write, inq: &Inquiry, json: bool) -> Result<()> {
    if json {
        serde_json::to_writer(&mut *out, &JsonRow::of(inq))?;
        writeln!(out)?;
    } else {
        let who = sanitize_line(&inq.author.handle, 16);
        let text = sanitize_line(&masked(inq, &inq.text, false), 60);
        let category = sanitize_line(&inq.category, 14);
        writeln!(
            out,
            "{:>6} {} {:<9} {category:<14} @{who:<16} {text}",
            inq.id,
            inq.priority,
            inq.status.as_str()
        )?;
    }
    Ok(())
}

/// `text` of `inq` as a person at a terminal may see it (see
/// `records::mask`); `reveal` only once the caller recorded it.
fn masked<'a>(inq: &Inquiry, text: &'a str, reveal: bool) -> std::borrow::Cow<'a, str> {
    crate::records::mask::for_display(inq, text, reveal, &[])
}

fn show(queue: &dyn QueueService, id: InquiryId, json: bool, reveal: bool) -> Result<ExitCode> {
    let detail = queue.get(id)?;
    if json {
        println!("{}", serde_json::to_string(&detail)?);
        return Ok(ExitCode::SUCCESS);
    }
    let i = &detail.inquiry;
    println!(
        "#{} {} {} [{}] {}",
        i.id,
        i.priority,
        sanitize_line(&i.category, 30),
        i.status,
        i.channel.as_str()
    );
    println!(
        "From: {} (@{})",
        sanitize_line(&i.author.display_name, 60),
        sanitize_line(&i.author.handle, 60)
    );
    println!(
        "Source: {} id {}",
        sanitize_line(&i.source, 30),
        sanitize_line(&i.external_id, 40)
    );
    println!("Created: {}", i.created_at);
    if let Some(who) = &i.claimed_by {
        println!("Claimed by: {}", sanitize_line(who, 40));
    }
    if !i.tags.is_empty() {
        println!("Tags: {}", sanitize_line(&i.tags.join(", "), 200));
    }
    println!("Why: {}", sanitize_line(&i.reasons.join("; "), 300));
    if let Some(h) = &i.legal_hold {
        println!(
            "Legal hold: {} (by {})",
            sanitize_line(&h.reason, 120),
            sanitize_line(&h.by, 40)
        );
    }
    if let Some(m) = &i.restricted {
        println!(
            "Restricted at the person's request: {}",
            sanitize_line(&m.reason, 120)
        );
    }
    if let Some(at) = i.deleted_on_platform {
        println!("Deleted on the platform (noticed {at})");
    }
    if let Some(e) = &i.erased {
        println!(
            "Personal data erased {} by {}: {}",
            e.at,
            sanitize_line(&e.by, 40),
            sanitize_line(&e.why, 120)
        );
    }
    println!("\n{}\n\nHistory:", sanitize(&masked(i, &i.text, reveal)));
    for e in &detail.history {
        let shown =
            |v: &str| crate::records::mask::event_field(i, &e.what, v, reveal, &[]).into_owned();
        let before = e
            .before
            .as_deref()
            .map(|b| sanitize_line(&shown(b), 60))
            .unwrap_or_default();
        let after = e
            .after
            .as_deref()
            .map(|a| sanitize_line(&shown(a), 100))
            .unwrap_or_default();
        println!(
            "  {} {} {} {before} -> {after}",
            e.at,
            sanitize_line(&e.officer, 20),
            e.what
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn apply(
    queue: &dyn QueueService,
    officer: &str,
    id: InquiryId,
    change: Change,
) -> Result<ExitCode> {
    let inq = queue.apply(id, &change, officer)?;
    println!(
        "#{} {} {}",
        inq.id,
        inq.status,
        inq.claimed_by
            .as_deref()
            .map(|c| format!("claimed by {c}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn tag(
    queue: &dyn QueueService,
    officer: &str,
    id: InquiryId,
    tags: &[String],
) -> Result<ExitCode> {
    for tag in tags {
        let change = match tag.strip_prefix('-') {
            Some(t) => Change::Untag { tag: t.to_string() },
            None => Change::Tag { tag: tag.clone() },
        };
        queue.apply(id, &change, officer)?;
    }
    let inq = queue.get(id)?.inquiry;
    println!(
        "#{} tags: {}",
        inq.id,
        sanitize_line(&inq.tags.join(", "), 200)
    );
    Ok(ExitCode::SUCCESS)
}
