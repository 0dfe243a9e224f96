//! `siaga config check [--online]` and `siaga config default`. The check
//! reads the config and the secret files it names; only with `--online`
//! does it ask each source's platform which account its token belongs to
//! (`ingest::account::token_account`), all sources at once.

use std::process::ExitCode;

use anyhow::Result;

use super::{Cli, ConfigCommand, runtime};
use crate::config::{Config, ConfigErrors, SourceConfig};
use crate::i18n::Lang;
use crate::ingest;
use crate::source::{Account, SourceError};
use crate::tr;
use crate::triage::{sanitize, sanitize_line};

pub fn run(cli: &Cli, command: &ConfigCommand) -> Result<ExitCode> {
    match command {
        ConfigCommand::Default => {
            say_part!("{}", crate::config::DEFAULT_TOML);
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Check { online } => check(cli, *online),
    }
}

fn check(cli: &Cli, online: bool) -> Result<ExitCode> {
    let loaded = match Config::load(cli.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(errors) => return refused(&errors, Lang::for_this_run(cli.lang, None)),
    };
    let ui = Lang::for_this_run(cli.lang, loaded.config.ui.language);
    let secrets = secret_problems(&loaded.config, ui);
    for problem in &secrets {
        say!("{}", sanitize(problem));
    }
    if !secrets.is_empty() {
        say!("{}", tr!(ui, "cli-config-problems", count = secrets.len()));
        return Ok(ExitCode::FAILURE);
    }
    let from = loaded
        .file
        .map_or(tr!(ui, "cli-config-defaults-only"), |f| {
            f.display().to_string()
        });
    let sources = &loaded.config.sources;
    say!(
        "{}",
        tr!(ui, "cli-config-ok", from = from, count = sources.len())
    );
    if !online {
        return Ok(ExitCode::SUCCESS);
    }
    let failed = runtime()?.block_on(ask_platforms(sources, ui))?;
    if failed > 0 {
        say!("{}", tr!(ui, "cli-sources-not-confirmed", count = failed));
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn refused(errors: &ConfigErrors, ui: Lang) -> Result<ExitCode> {
    for problem in &errors.0 {
        say!("{}", sanitize(&problem.in_lang(ui)));
    }
    say!("{}", tr!(ui, "cli-config-problems", count = errors.0.len()));
    Ok(ExitCode::FAILURE)
}

/// What is wrong with the secrets the config names: each secret file, and
/// each source's token variable (unset or empty here is what `ingest` would
/// stop at), in `ui`.
fn secret_problems(config: &Config, ui: Lang) -> Vec<String> {
    let variables = config.sources.iter().filter_map(|s| {
        let var = s.token_env.as_deref()?;
        let problem = crate::source::secret::read_secret(Some(var), None).err()?;
        Some(format!(
            "[[sources]] {} token_env: {}",
            s.name,
            problem.in_lang(ui)
        ))
    });
    config
        .secret_files()
        .into_iter()
        .filter_map(|(key, path)| {
            crate::config::check_secret_file(path).map(|p| format!("{key}: {}", p.in_lang(ui)))
        })
        .chain(variables)
        .collect()
}

/// Ask every source at once which account its token is; print what each
/// said, in config order; how many could not ask or disagree.
async fn ask_platforms(sources: &[SourceConfig], ui: Lang) -> Result<usize> {
    let asks =
        ingest::fetchers(sources)
            .into_iter()
            .zip(sources)
            .map(|(built, source)| async move {
                match built {
                    Ok(f) => answer(
                        source,
                        ingest::account::token_account(&f.platform).await,
                        ui,
                    ),
                    Err((name, e)) => could_not_ask(&name, &e, ui),
                }
            });
    let mut failed = 0;
    for (lines, ok) in futures::future::join_all(asks).await {
        for line in lines {
            say!("{}", sanitize_line(&line, 400));
        }
        failed += usize::from(!ok);
    }
    Ok(failed)
}

/// The lines for one source's answer, and whether it is as configured.
fn answer(
    source: &SourceConfig,
    asked: Result<Account, SourceError>,
    ui: Lang,
) -> (Vec<String>, bool) {
    let name = &source.name;
    let account = match asked {
        Ok(account) => account,
        Err(e) => return could_not_ask(name, &e, ui),
    };
    let shown = account.to_string();
    match source.account_id.as_deref() {
        None => (
            vec![tr!(
                ui,
                "cli-config-account-taken",
                name = name,
                account = shown
            )],
            true,
        ),
        Some(id) if id == account.id => (
            vec![tr!(
                ui,
                "cli-config-account-as-said",
                name = name,
                account = shown
            )],
            true,
        ),
        Some(id) => {
            let wrong = tr!(
                ui,
                "cli-config-account-wrong",
                name = name,
                configured = id,
                id = &account.id,
                at = account.at()
            );
            let belongs = tr!(ui, "cli-config-account-is", name = name, account = shown);
            (vec![belongs, wrong], false)
        }
    }
}

/// The platform's own words (`e`) stay as it gave them.
fn could_not_ask(name: &str, e: &SourceError, ui: Lang) -> (Vec<String>, bool) {
    let line = tr!(
        ui,
        "cli-config-could-not-ask",
        name = name,
        why = e.to_string()
    );
    (vec![line], false)
}
