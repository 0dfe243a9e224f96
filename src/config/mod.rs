//! Typed configuration: embedded defaults (`config/default.toml`) with the
//! officer's file merged over them. Every mistake is reported with its file
//! and line; an unknown key is an error, never silence.
//!
//! Secrets never appear here: a source names the environment variable or the
//! 0600 file that holds its token (ARCHITECTURE.md rule 7).

mod locate;
mod ui_options;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::model::duration::parse_snooze;
pub use crate::source::secret::{check_secret_file, read_secret};
pub use crate::source::settings::{SourceConfig, SourceKind};
pub use locate::{Step, line_of, line_of_path};

/// The defaults, commented, as shipped.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// The built-in mission directory, as shipped.
pub const MISSIONS_TOML: &str = include_str!("../../config/missions.toml");

/// The built-in reply templates, commented, as shipped.
pub const TEMPLATES_TOML: &str = include_str!("../../config/templates.toml");

/// Where the built-in templates come from, in messages.
pub const TEMPLATES_FILE: &str = "config/templates.toml (built in)";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    templates: Vec<crate::reply::Template>,
}

/// The built-in templates.
pub fn builtin_templates() -> Vec<crate::reply::Template> {
    toml::from_str::<TemplateFile>(TEMPLATES_TOML)
        .expect("embedded config/templates.toml is valid")
        .templates
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub store: StoreConfig,
    pub ui: UiConfig,
    pub demo: DemoConfig,
    pub sources: Vec<SourceConfig>,
    pub views: Vec<ViewConfig>,
    pub triage: TriageConfig,
    /// Directory values and policy for replies.
    pub reply: crate::reply::compose::ReplyConfig,
    /// The officer's own templates, added to (or replacing by name) the
    /// built-in ones of `config/templates.toml`.
    pub templates: Vec<crate::reply::Template>,
    /// The mission directory (built in from `config/missions.toml`), with
    /// the deployment's contacts merged over it.
    pub missions: crate::escalate::Missions,
    /// Country names and the mission that covers each country.
    pub countries: crate::escalate::Countries,
    /// How escalation e-mail leaves.
    pub smtp: crate::escalate::SmtpConfig,
    /// Deadlines, the default desk, the supervisor, webhook signing.
    pub escalation: crate::escalate::EscalationConfig,
    /// `siaga serve`: the socket, who may connect, roles.
    pub daemon: crate::daemon::access::DaemonConfig,
    /// How long closed inquiries keep their personal content.
    pub retention: crate::records::RetentionConfig,
    /// mode -> key -> action name.
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    pub data_dir: String,
    pub cache_mb: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    pub page_size: usize,
    pub frame_ms: u64,
    pub split_min_width: u16,
    /// Ring the terminal bell when a P1 inquiry arrives.
    pub bell_on_p1: bool,
    /// "id" or "en"; unset, the locale decides (`Lang::choose`). The CLI
    /// settles it once at start (`--lang` first), so it is set below it.
    pub language: Option<crate::i18n::Lang>,
    /// The zone times are shown in: an IANA name ("Asia/Jakarta");
    /// unset, the system's (`TZ`, then /etc/localtime).
    pub timezone: Option<String>,
}

/// A tab of the queue: which statuses, in which facet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewConfig {
    pub name: String,
    pub statuses: Vec<crate::model::Status>,
    /// all | mine | private
    pub facet: ViewFacet,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ViewFacet {
    #[default]
    All,
    Mine,
    Private,
}

impl ViewFacet {
    /// The store facet for `officer`.
    pub fn for_officer(self, officer: &str) -> crate::store::Facet {
        match self {
            ViewFacet::All => crate::store::Facet::All,
            ViewFacet::Mine => crate::store::Facet::ClaimedBy(officer.to_string()),
            ViewFacet::Private => crate::store::Facet::Private,
        }
    }
}

/// Lists officers pick from while triaging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TriageConfig {
    pub tags: Vec<String>,
    pub close_reasons: Vec<String>,
    /// Durations such as "1h", "4h", "24h".
    pub snooze: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemoConfig {
    pub initial: usize,
    pub release_secs: u64,
    pub poll_secs: u64,
}

/// One problem in a config file, where to find it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<Problem>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A loaded config and the file it came from (None: defaults only).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub file: Option<PathBuf>,
}

impl Config {
    /// Every secret file the config names, with the key that names it
    /// (what `siaga config check` looks at).
    pub fn secret_files(&self) -> Vec<(String, &Path)> {
        let mut files: Vec<(String, &Path)> = self
            .sources
            .iter()
            .filter_map(|s| {
                let path = s.token_file.as_deref()?;
                Some((format!("[[sources]] {} token_file", s.name), path))
            })
            .collect();
        if let Some(p) = self.escalation.webhook_secret_file.as_deref() {
            files.push(("[escalation] webhook_secret_file".into(), p));
        }
        files.extend(self.missions.iter().filter_map(|(code, m)| {
            let path = m.webhook_secret_file.as_deref()?;
            Some((format!("[missions.{code}] webhook_secret_file"), path))
        }));
        if let Some(p) = self.smtp.password_file.as_deref() {
            files.push(("[smtp] password_file".into(), p));
        }
        files
    }

    /// The embedded defaults alone.
    pub fn defaults() -> Config {
        toml::Value::Table(builtin_table())
            .try_into()
            .expect("embedded config/default.toml and config/missions.toml are valid")
    }

    /// Load `explicit`, or the user's file if it exists, over the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Loaded, ConfigErrors> {
        let file = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => user_config_path().filter(|p| p.exists()),
        };
        let config = match &file {
            Some(path) => {
                let text = read_config_file(path).map_err(|message| {
                    ConfigErrors(vec![Problem {
                        file: path.display().to_string(),
                        line: None,
                        message,
                    }])
                })?;
                Config::from_user_text(&text, &path.display().to_string())?
            }
            None => Config::defaults(),
        };
        Ok(Loaded { config, file })
    }

    /// The language this run speaks: what `cli::load_config` settled into
    /// `[ui] language` (`--lang`, the config, the locale), else English.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.ui.language.unwrap_or_default()
    }

    /// The zone this run shows times in: `[ui] timezone`, else the
    /// system's. The CLI gives it to `model::zone::init` once at start.
    pub fn timezone(&self) -> jiff::tz::TimeZone {
        crate::model::zone::for_run(self.ui.timezone.as_deref())
    }

    /// Parse an officer's file, merge it over the defaults and validate the
    /// result; `file` is the name used in messages.
    pub fn from_user_text(text: &str, file: &str) -> Result<Config, ConfigErrors> {
        let problem = |line, message| Problem {
            file: file.to_string(),
            line,
            message,
        };
        // Pass 1: the user's own text, typed, so errors point at its lines;
        // every one of them at once, not the first alone.
        let typed = typing_problems(text);
        if !typed.is_empty() {
            return Err(ConfigErrors(
                typed
                    .into_iter()
                    .map(|(line, message)| problem(line, message))
                    .collect(),
            ));
        }
        // Pass 2: merge over the defaults, then check meaning.
        let user: toml::Table = toml::from_str(text).expect("parsed in pass 1");
        let mut merged = builtin_table();
        merge(&mut merged, user);
        let config: Config =
            toml::Value::Table(merged)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    ConfigErrors(vec![problem(None, e.message().to_string())])
                })?;
        let found = validate::check(&config);
        let more = found.len().saturating_sub(MAX_PROBLEMS);
        let mut problems: Vec<Problem> = found
            .into_iter()
            .take(MAX_PROBLEMS)
            .map(|(path, message)| problem(line_of_path(text, &path), message))
            .collect();
        if more > 0 {
            problems.push(problem(
                None,
                format!("and {more} more problems; fix these first"),
            ));
        }
        let replaced: Vec<&str> = config.templates.iter().map(|t| t.name.as_str()).collect();
        problems.extend(
            validate::check_template_list(&builtin_templates(), &config.reply)
                .into_iter()
                .filter(|(path, _)| match path.get(1) {
                    Some(Step::Index(i)) => {
                        !replaced.contains(&builtin_templates()[*i].name.as_str())
                    }
                    _ => true,
                })
                .map(|(path, message)| Problem {
                    file: TEMPLATES_FILE.to_string(),
                    line: line_of_path(TEMPLATES_TOML, &path),
                    message,
                }),
        );
        problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(problems))
        }
    }

    /// Every template: the built-in ones, with the officer's added or
    /// replacing those of the same name.
    /// The desk's rules for replies and escalations, as the queue that
    /// owns the store enforces them.
    pub fn desk_policy(&self) -> crate::queue::DeskPolicy {
        crate::queue::DeskPolicy {
            reply: self.reply.clone(),
            templates: self.templates().into_iter().map(|t| t.name).collect(),
            missions: self.missions.clone(),
            gazetteer: crate::triage::route::Gazetteer::new(&self.missions, &self.countries),
            escalation: self.escalation.clone(),
            sources: self.sources.clone(),
            officers: [&self.daemon.officers, &self.daemon.supervisors]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
        }
    }

    pub fn templates(&self) -> Vec<crate::reply::Template> {
        let mut all = builtin_templates();
        for own in &self.templates {
            match all.iter_mut().find(|t| t.name == own.name) {
                Some(t) => *t = own.clone(),
                None => all.push(own.clone()),
            }
        }
        all
    }

    /// The data directory: `--data-dir`, else the config's, else XDG.
    pub fn data_dir(&self, cli: Option<&Path>) -> PathBuf {
        if let Some(dir) = cli {
            return dir.to_path_buf();
        }
        if !self.store.data_dir.is_empty() {
            return PathBuf::from(&self.store.data_dir);
        }
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("siaga")
    }

    pub fn cache_bytes(&self) -> u64 {
        self.store.cache_mb.max(1) * 1024 * 1024
    }
}

/// `$XDG_CONFIG_HOME/siaga/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("siaga").join("config.toml"))
}

/// Where logs go: `$XDG_STATE_HOME/siaga`, never the terminal.
pub fn state_dir(data_dir: &Path) -> PathBuf {
    dirs::state_dir().map_or_else(|| data_dir.join("log"), |d| d.join("siaga"))
}

/// The largest config file read: a desk's config is a few KiB; anything
/// near this is a mistake (or an attack on every command's start-up).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Read a config file that is a plain file of at most 1 MiB, never
/// blocking on a FIFO.
fn read_config_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)
        .map_err(|e| format!("cannot read the config file: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the config file: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("the config is not a plain file (a pipe, device or directory)".into());
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "the config file is {} bytes; a config is at most {MAX_CONFIG_BYTES} (1 MiB)",
            meta.len()
        ));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the config file: {e}"))?;
    Ok(text)
}

/// The most problems one load locates and reports: each is looked up in
/// the file, and a broken file must not take seconds to say so.
const MAX_PROBLEMS: usize = 100;

/// The built-in settings: `config/default.toml` with the mission
/// directory of `config/missions.toml` merged in.
fn builtin_table() -> toml::Table {
    let mut table: toml::Table = toml::from_str(DEFAULT_TOML).expect("embedded defaults parse");
    let missions: toml::Table =
        toml::from_str(MISSIONS_TOML).expect("embedded config/missions.toml parses");
    merge(&mut table, missions);
    table
}

/// Tables merge key by key; anything else in `over` replaces `base`.
/// Every problem of typing `text` as a `Config`, each with its line: serde
/// stops at the first, so each is set aside (its line blanked, or a whole
/// unknown table) and the text typed again, until it types or nothing more
/// can be set aside. A text that is not TOML at all has one problem.
fn typing_problems(text: &str) -> Vec<(Option<usize>, String)> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut found = Vec::new();
    while found.len() < MAX_PROBLEMS {
        let current = lines.join("\n");
        let Err(e) = toml::from_str::<Config>(&current) else {
            break;
        };
        let line = e.span().map(|s| locate::line_of(&current, s.start));
        found.push((line, e.message().trim().to_string()));
        let Some(line) = line.filter(|_| toml::from_str::<toml::Table>(&current).is_ok()) else {
            break; // not TOML: nothing further can be read reliably
        };
        if !set_aside(&mut lines, line - 1) {
            break;
        }
    }
    found.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
    found
}

/// Blank line `at` (0-based) so the text types without it: a table header
/// takes its whole table with it (its keys would land in the table above),
/// a value spanning lines (an array) all its lines. False if nothing was
/// left to blank.
fn set_aside(lines: &mut [String], at: usize) -> bool {
    let Some(first) = lines.get(at) else {
        return false;
    };
    let header = first.trim_start().starts_with('[');
    let mut end = at + 1;
    if header {
        while end < lines.len() && !lines[end].trim_start().starts_with('[') {
            end += 1;
        }
    } else {
        // A value that goes on: blank until the text parses as TOML again
        // (within a bound: each try parses the whole text).
        while end < lines.len().min(at + 200) {
            let mut trial: Vec<&str> = lines.iter().map(String::as_str).collect();
            for l in &mut trial[at..end] {
                *l = "";
            }
            if toml::from_str::<toml::Table>(&trial.join("\n")).is_ok() {
                break;
            }
            end += 1;
        }
    }
    let blanked = lines[at..end].iter().any(|l| !l.trim().is_empty());
    for l in &mut lines[at..end] {
        l.clear();
    }
    blanked
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_validate() {
        let c = Config::from_user_text("", "x.toml").unwrap();
        assert_eq!(c, Config::defaults());
        assert_eq!(c.store.cache_mb, 64);
        assert_eq!(c.keys["queue"]["j"], "down");
    }

    #[test]
    fn every_typing_problem_is_named_with_its_line_at_once() {
        let text = "[ui]\npage_size = \"x\"\nlanguage = \"fr\"\n[store]\ncache_mb = -1\n[nosuch]\na = 1\nb = [\n  1,\n]\n[demo]\ninitial = \"many\"\n";
        let problems = Config::from_user_text(text, "x.toml").unwrap_err().0;
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            vec![Some(2), Some(3), Some(5), Some(6), Some(12)],
            "{problems:#?}"
        );
        assert!(problems[1].message.contains("`fr`"), "{problems:#?}");
        assert!(problems[3].message.contains("nosuch"), "{problems:#?}");
        let broken = Config::from_user_text("[ui\npage_size = 1\n", "x.toml")
            .unwrap_err()
            .0;
        assert_eq!(broken.len(), 1, "not TOML: one problem, {broken:#?}");
    }

    #[test]
    fn user_keys_merge_over_defaults() {
        let c = Config::from_user_text("[keys.queue]\nj = \"up\"\n", "x.toml").unwrap();
        assert_eq!(c.keys["queue"]["j"], "up");
        assert_eq!(c.keys["queue"]["k"], "up");
        assert_eq!(c.keys["detail"]["Esc"], "back");
    }
}
