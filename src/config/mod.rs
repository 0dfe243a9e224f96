//! Typed configuration: embedded defaults (`config/default.toml`) with the
//! officer's file merged over them. Every mistake is reported with its file
//! and line; an unknown key is an error, never silence.
//!
//! Secrets never appear here: a source names the environment variable or the
//! 0600 file that holds its token (ARCHITECTURE.md rule 7).
//!
//! Here: the config's types; how a file is read, merged and checked is
//! [`load`], what its values mean is checked in [`validate`].

mod load;
mod locate;
mod typing;
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
    /// When the desk suggests opening a crisis (`triage::surge`).
    pub crisis: crate::triage::surge::SurgeSettings,
    /// Whether near-identical pleas are grouped at ingest (`queue::grouping`).
    pub grouping: crate::queue::grouping::GroupingSettings,
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
    /// How the learned model is used: `off`, `suggest`, `raise` (#19).
    pub learned: crate::model::LearnedMode,
    /// Close reasons that teach the learned model "not a protection case".
    pub noise_reasons: Vec<String>,
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
    /// In the catalog's words where it has them (`config check` says it
    /// in the officer's language); English as `Display`.
    pub message: crate::i18n::Said,
}

impl Problem {
    /// The problem as `Display` writes it, its message in `lang`.
    pub fn in_lang(&self, lang: crate::i18n::Lang) -> String {
        let message = self.message.in_lang(lang);
        match self.line {
            Some(line) => format!("{}:{}: {message}", self.file, line),
            None => format!("{}: {message}", self.file),
        }
    }
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

    /// The desk's rules for replies and escalations, as the queue that
    /// owns the store enforces them.
    pub fn desk_policy(&self) -> crate::queue::DeskPolicy {
        crate::queue::DeskPolicy {
            reply: self.reply.clone(),
            templates: self.templates(),
            lexicon: std::sync::Arc::new(crate::triage::Lexicon::builtin()),
            missions: self.missions.clone(),
            gazetteer: crate::triage::route::Gazetteer::new(&self.missions, &self.countries),
            escalation: self.escalation.clone(),
            sources: self.sources.clone(),
            officers: [&self.daemon.officers, &self.daemon.supervisors]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            surge: self.crisis.clone(),
            grouping: self.grouping.clone(),
            learned: self.triage.learned,
            noise_reasons: self.triage.noise_reasons.clone(),
        }
    }

    /// Every template: the built-in ones, with the officer's added or
    /// replacing those of the same name.
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
    fn the_crisis_section_refuses_an_unknown_key_and_a_value_out_of_range_at_its_line() {
        let c = Config::from_user_text("[crisis]\nfactor = 6.0\n", "x.toml").unwrap();
        assert_eq!(c.crisis.factor, 6.0);
        assert_eq!(c.crisis.min_count, 20, "the rest from the defaults");
        let text = "[crisis]\nmin_count = 20\nfactro = 4.0\n";
        let typo = Config::from_user_text(text, "x.toml").unwrap_err().0;
        assert_eq!(typo.len(), 1, "{typo:#?}");
        assert_eq!(typo[0].line, Some(3));
        assert!(typo[0].message.contains("factro"), "{typo:#?}");
        let text = "[crisis]\nfactor = 1.0\nquiet_hours = 0\n";
        let range = Config::from_user_text(text, "x.toml").unwrap_err().0;
        let lines: Vec<Option<usize>> = range.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3)], "{range:#?}");
    }

    #[test]
    fn the_grouping_section_turns_grouping_off_and_refuses_a_typo_at_its_line() {
        assert!(Config::defaults().grouping.enabled);
        assert!(Config::defaults().desk_policy().grouping.enabled);
        let c = Config::from_user_text("[grouping]\nenabled = false\n", "x.toml").unwrap();
        assert!(!c.desk_policy().grouping.enabled);
        let text = "[grouping]\nenabled = true\nenable = false\n";
        let typo = Config::from_user_text(text, "x.toml").unwrap_err().0;
        assert_eq!(typo.len(), 1, "{typo:#?}");
        assert_eq!(typo[0].line, Some(3));
        let text = "[grouping]\nenabled = \"yes\"\n";
        let typed = Config::from_user_text(text, "x.toml").unwrap_err().0;
        assert_eq!(typed[0].line, Some(2), "{typed:#?}");
    }

    #[test]
    fn user_keys_merge_over_defaults() {
        let c = Config::from_user_text("[keys.queue]\nj = \"up\"\n", "x.toml").unwrap();
        assert_eq!(c.keys["queue"]["j"], "up");
        assert_eq!(c.keys["queue"]["k"], "up");
        assert_eq!(c.keys["detail"]["Esc"], "back");
    }
}
