//! Loading the config: the officer's file read (a plain file, bounded),
//! typed with every typing problem at its line, merged over the built-in
//! defaults, then checked for meaning (`validate`), each problem located.

use std::path::Path;

use super::{
    Config, ConfigErrors, DEFAULT_TOML, Loaded, MISSIONS_TOML, Problem, Step, TEMPLATES_FILE,
    TEMPLATES_TOML, builtin_templates, line_of_path, user_config_path, validate,
};

impl Config {
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

    /// Parse an officer's file, merge it over the defaults and validate the
    /// result; `file` is the name used in messages.
    pub fn from_user_text(text: &str, file: &str) -> Result<Config, ConfigErrors> {
        let problem = |line, message: crate::i18n::Said| Problem {
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
        let config = merged_over_defaults(text)
            .map_err(|message| ConfigErrors(vec![problem(None, message)]))?;
        let mut problems = meaning_problems(&config, text, file);
        problems.extend(builtin_template_problems(&config));
        problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(problems))
        }
    }
}

/// `text` (which types) merged over the built-in settings, as a `Config`.
fn merged_over_defaults(text: &str) -> Result<Config, crate::i18n::Said> {
    let user: toml::Table = toml::from_str(text).expect("parsed in pass 1");
    let mut merged = builtin_table();
    merge(&mut merged, user);
    toml::Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| super::typing::said_of(e.message(), false))
}

/// What the merged config means that it should not, located in `text`
/// (`file`), at most `MAX_PROBLEMS` of them.
fn meaning_problems(config: &Config, text: &str, file: &str) -> Vec<Problem> {
    let problem = |line, message: crate::i18n::Said| Problem {
        file: file.to_string(),
        line,
        message,
    };
    let found = validate::check(config);
    let more = found.len().saturating_sub(MAX_PROBLEMS);
    let mut problems: Vec<Problem> = found
        .into_iter()
        .take(MAX_PROBLEMS)
        .map(|(path, message)| problem(line_of_path(text, &path), message))
        .collect();
    if more > 0 {
        problems.push(problem(
            None,
            crate::said!("config-more-problems", count = more.to_string()),
        ));
    }
    problems
}

/// The built-in templates the config keeps (does not replace by name)
/// that its reply settings make wrong, located in the built-in file.
fn builtin_template_problems(config: &Config) -> Vec<Problem> {
    let replaced: Vec<&str> = config.templates.iter().map(|t| t.name.as_str()).collect();
    validate::check_template_list(&builtin_templates(), &config.reply)
        .into_iter()
        .filter(|(path, _)| match path.get(1) {
            Some(Step::Index(i)) => !replaced.contains(&builtin_templates()[*i].name.as_str()),
            _ => true,
        })
        .map(|(path, message)| Problem {
            file: TEMPLATES_FILE.to_string(),
            line: line_of_path(TEMPLATES_TOML, &path),
            message,
        })
        .collect()
}

/// The largest config file read: a desk's config is a few KiB; anything
/// near this is a mistake (or an attack on every command's start-up).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Read a config file that is a plain file of at most 1 MiB, never
/// blocking on a FIFO.
fn read_config_file(path: &Path) -> Result<String, crate::i18n::Said> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let unreadable = |e: std::io::Error| crate::said!("config-unreadable", why = e.to_string());
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)
        .map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.file_type().is_file() {
        return Err(crate::said!("config-not-a-file"));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(crate::said!(
            "config-too-big",
            bytes = meta.len().to_string(),
            max = MAX_CONFIG_BYTES.to_string()
        ));
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(unreadable)?;
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

/// Every problem of typing `text` as a `Config`, each with its line: serde
/// stops at the first, so each is set aside (its line blanked, or a whole
/// unknown table) and the text typed again, until it types or nothing more
/// can be set aside. A text that is not TOML at all has one problem.
fn typing_problems(text: &str) -> Vec<(Option<usize>, crate::i18n::Said)> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut found = Vec::new();
    while found.len() < MAX_PROBLEMS {
        let current = lines.join("\n");
        let Err(e) = toml::from_str::<Config>(&current) else {
            break;
        };
        let line = e.span().map(|s| super::locate::line_of(&current, s.start));
        let toml = toml::from_str::<toml::Table>(&current).is_ok();
        found.push((line, super::typing::said_of(e.message(), !toml)));
        let Some(line) = line.filter(|_| toml) else {
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

/// Tables merge key by key; anything else in `over` replaces `base`.
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
