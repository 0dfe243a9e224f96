//! `siaga triage train|eval`: the desk's learned model (#19) from the
//! command line. The desk does the work (`QueueService::train_model`,
//! `evaluate_model`), here or in `siaga serve`; this says what happened,
//! in the officer's language, or as one JSON object for a script.

use std::process::ExitCode;

use anyhow::Result;

use super::args::TriageCommand;
use crate::i18n::Lang;
use crate::queue::QueueService;
use crate::tr;
use crate::triage::learn::ClassScore;

pub(super) fn verb(
    queue: &dyn QueueService,
    me: &str,
    command: &TriageCommand,
    lang: Lang,
) -> Result<ExitCode> {
    match command {
        TriageCommand::Train { json } => {
            let report = queue.train_model(me)?;
            if *json {
                say!("{}", serde_json::to_string(&report)?);
            } else {
                say!(
                    "{}",
                    tr!(
                        lang,
                        "cli-triage-trained",
                        examples = report.examples.to_string(),
                        ms = report.took_ms.to_string(),
                        features = report.features.to_string(),
                        categories = report.categories.to_string(),
                        tags = report.tags.to_string(),
                        suggested = report.suggested.to_string()
                    )
                );
            }
        }
        TriageCommand::Eval { json } => {
            let eval = queue.evaluate_model()?;
            if *json {
                say!("{}", serde_json::to_string(&eval)?);
                return Ok(ExitCode::SUCCESS);
            }
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-triage-eval-head",
                    trained = eval.trained_on.to_string(),
                    held = eval.held_out.to_string()
                )
            );
            for (title, classes) in [
                (tr!(lang, "cli-triage-eval-priority"), &eval.priority),
                (tr!(lang, "cli-triage-eval-category"), &eval.category),
            ] {
                say!("{title}");
                for class in classes
                    .iter()
                    .filter(|c| c.support > 0 || c.precision.is_some())
                {
                    say!("  {}", class_line(class, lang));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn class_line(class: &ClassScore, lang: Lang) -> String {
    let share = |v: Option<f32>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"));
    tr!(
        lang,
        "cli-triage-eval-class",
        class = crate::triage::sanitize_line(&class.class, 40),
        precision = share(class.precision),
        recall = share(class.recall),
        support = class.support.to_string()
    )
}
