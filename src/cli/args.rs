//! The command line's schema: every verb, flag and help text of `siaga`,
//! in one clap definition, and what is generated from it (shell
//! completions, the man page), so they never drift.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

pub use super::group_args::GroupCommand;
use super::records;
use crate::model::{InquiryId, Priority, Status};

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
    /// The desk's language for this run: id (Bahasa Indonesia) or en [default: [ui] language, else the locale (LANG), else en]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(text: &str) -> Result<crate::i18n::Lang, String> {
    match text {
        "id" => Ok(crate::i18n::Lang::Id),
        "en" => Ok(crate::i18n::Lang::En),
        _ => Err(format!("`{text}` is not a language siaga speaks: id or en")),
    }
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
        /// One JSON object per line (numbers masked as on screen, unless --reveal).
        #[arg(long)]
        json: bool,
        /// Show masked numbers and hidden text (recorded in each listed inquiry's history).
        #[arg(long)]
        reveal: bool,
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
        /// One JSON object (numbers masked as on screen, unless --reveal).
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
    /// Give an inquiry to a colleague (a supervisor's reassignment; recorded; a login of this host or one in [daemon] officers or supervisors).
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
        /// Language of the reply's template [default: the inquiry's]. (`--lang`
        /// before the command is the language siaga itself speaks.)
        #[arg(long, value_name = "id|en")]
        reply_lang: Option<crate::reply::Lang>,
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
        /// You reached the mission yourself: phone or whatsapp. Recorded
        /// with the same deadline and acknowledgement; nothing is sent.
        #[arg(long, value_name = "HOW", requires = "reached")]
        via: Option<crate::model::escalation::Route>,
        /// With --via: the person at the mission you spoke or wrote to.
        #[arg(long, value_name = "NAME", requires = "via")]
        reached: Option<String>,
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
    /// Groups of near-identical pleas (a crisis's hundreds of "evacuate my
    /// family"): size, label, places and the most urgent priority.
    Groups {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Work on one group of near-identical pleas at once.
    Group {
        #[command(subcommand)]
        command: GroupCommand,
    },
    /// Crises on the desk: open one (its inquiries are tagged krisis:NAME), close it, list them with their live counts.
    Crisis {
        #[command(subcommand)]
        command: CrisisCommand,
    },
    /// The learned model: train it on the officers' recorded decisions, or measure it on decisions it did not see.
    Triage {
        #[command(subcommand)]
        command: TriageCommand,
    },
    /// The daemon: owns the store, runs the fetchers, the reply sender and
    /// the escalation courier, and serves officers' `siaga` over a Unix
    /// socket ([daemon] socket). Stops cleanly on SIGTERM.
    Serve,
    /// Shift handover: what you (or --officer) hold open, replies pending or
    /// failed, escalations awaiting acknowledgement, call-backs you promised
    /// (snoozes you set, claimed or not), notes.
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
    /// mission; median time to first reply (from the citizen's post, and from
    /// when siaga fetched it) and to acknowledgement.
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
pub enum CrisisCommand {
    /// Open a crisis: tag the open inquiries of the last 72 hours that name its places or keywords, and every matching arrival from now on.
    Open {
        /// Its name: letters, digits and '-' (sudan-2026).
        name: String,
        /// Places its pleas name, comma-separated (Khartoum,Omdurman).
        #[arg(long, value_name = "PLACES", value_delimiter = ',')]
        places: Vec<String>,
        /// Words its pleas say, comma-separated (evakuasi,evacuate).
        #[arg(long, value_name = "WORDS", value_delimiter = ',')]
        keywords: Vec<String>,
        /// The reply template for its inquiries.
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
    },
    /// Close a crisis: arrivals are no longer tagged; its record and its tags stay.
    Close {
        /// The crisis's name.
        name: String,
    },
    /// Every crisis: open or closed, its places, inquiries tagged, arrivals in the last hour and a sparkline of the last 2 hours.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Train the learned model on every decision the store records (priorities and categories set by hand, tags, escalations, closes) and use it for the open queue and every arrival from now on; siaga also does this nightly.
    Train {
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Train on four fifths of the decisions and print precision and recall per priority and category on the fifth held out; the desk's model is left as it is.
    Eval {
        /// One JSON object.
        #[arg(long)]
        json: bool,
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

/// Completions from the one clap definition, so they never drift.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "siaga", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `siaga.1` from the one clap definition: the main page, then a section
/// per command with its options.
pub(super) fn man_page() -> Result<ExitCode> {
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
