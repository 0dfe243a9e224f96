//! `siaga crisis open|close|list`: a crisis on the desk (#16) from the
//! command line, for the officer who sees the surge coming and for a
//! script (`list --json`). The desk does the work (`QueueService::
//! open_crisis`): tagging, refusing a name in use; this only asks and
//! says what happened. Names and places are the officer's words, shown
//! sanitized like any text.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::args::CrisisCommand;
use crate::config::Config;
use crate::i18n::Lang;
use crate::model::{CrisisSpec, CrisisSummary};
use crate::queue::QueueService;
use crate::tr;
use crate::triage::sanitize_line;
use crate::triage::surge::sparkline;

pub(super) fn verb(
    queue: &dyn QueueService,
    config: &Config,
    me: &str,
    command: &CrisisCommand,
    lang: Lang,
) -> Result<ExitCode> {
    match command {
        CrisisCommand::Open {
            name,
            places,
            keywords,
            template,
        } => {
            let spec = CrisisSpec {
                name: name.clone(),
                places: places.clone(),
                keywords: keywords.clone(),
                template: template.clone(),
            };
            open(queue, config, me, &spec, lang)
        }
        CrisisCommand::Close { name } => {
            let closed = queue.close_crisis(name, me)?;
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-crisis-closed",
                    name = closed.crisis.name.as_str(),
                    tagged = closed.tagged.to_string()
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        CrisisCommand::List { json } => list(queue, *json, lang),
    }
}

fn open(
    queue: &dyn QueueService,
    config: &Config,
    me: &str,
    spec: &CrisisSpec,
    lang: Lang,
) -> Result<ExitCode> {
    if let Some(t) = spec.template.as_deref() {
        let known: Vec<String> = config.templates().into_iter().map(|t| t.name).collect();
        if !known.iter().any(|k| k == t) {
            bail!(tr!(
                lang,
                "cli-crisis-no-template",
                template = sanitize_line(t, 64),
                known = known.join(", ")
            ));
        }
    }
    let opened = queue.open_crisis(spec, me)?;
    say!(
        "{}",
        tr!(
            lang,
            "cli-crisis-opened",
            name = opened.crisis.name.as_str(),
            tagged = opened.tagged.to_string(),
            tag = opened.crisis.tag()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Every crisis, the most recent first: one JSON object a line, or a line
/// each.
fn list(queue: &dyn QueueService, json: bool, lang: Lang) -> Result<ExitCode> {
    let crises = queue.crises()?;
    if json {
        for crisis in &crises {
            say!("{}", serde_json::to_string(crisis)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if crises.is_empty() {
        say!("{}", tr!(lang, "cli-no-crises"));
    }
    for crisis in &crises {
        say!("{}", row(crisis, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// "sudan-2026  open  Khartoum, Omdurman  143 tagged, 37 in the last hour  ▁▂▃▅▇█"
fn row(summary: &CrisisSummary, lang: Lang) -> String {
    let c = &summary.crisis;
    let state = if c.is_open() {
        tr!(lang, "cli-crisis-state-open")
    } else {
        tr!(lang, "cli-crisis-state-closed")
    };
    let terms: Vec<&str> = c
        .places
        .iter()
        .chain(&c.keywords)
        .map(String::as_str)
        .collect();
    tr!(
        lang,
        "cli-crisis-row",
        name = c.name.as_str(),
        state = state,
        places = sanitize_line(&terms.join(", "), 60),
        tagged = summary.tagged.to_string(),
        last_hour = summary.last_hour.to_string(),
        spark = sparkline(&summary.buckets)
    )
}
