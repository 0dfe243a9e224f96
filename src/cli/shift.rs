//! `siaga shift`: the shift digest an outgoing officer hands over, and
//! `shift accept`, the incoming officer taking over what they held.

use std::process::ExitCode;

use anyhow::Result;

use super::ShiftCommand;
use crate::i18n::Lang;
use crate::queue::QueueService;
use crate::queue::shift::{Handover, accept, digest};
use crate::tr;
use crate::triage::sanitize_line;

/// `siaga shift [--officer WHO] [--markdown]` and `siaga shift accept`.
pub(super) fn verb(
    queue: &dyn QueueService,
    me: &str,
    command: Option<&ShiftCommand>,
    outgoing: Option<&str>,
    markdown: bool,
    lang: Lang,
) -> Result<ExitCode> {
    match command {
        None => {
            let digest = digest(queue, outgoing.unwrap_or(me), jiff::Timestamp::now())?;
            let text = digest.markdown(lang);
            if markdown {
                say_part!("{text}");
            } else {
                say_part!("{}", text.replace("## ", "").replace("# ", ""));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(ShiftCommand::Accept { from }) => take_over(queue, me, from, lang),
    }
}

fn take_over(queue: &dyn QueueService, me: &str, from: &str, lang: Lang) -> Result<ExitCode> {
    let Handover { taken, refused } = accept(queue, from, me)?;
    let count = taken.len();
    let took = if count == 1 {
        tr!(lang, "handover-took-over-one", count = count, from = from)
    } else {
        tr!(lang, "handover-took-over", count = count, from = from)
    };
    say!("{took}");
    for (id, why) in &refused {
        say!(
            "  {}",
            tr!(
                lang,
                "shift-not-taken",
                id = id.to_string(),
                why = sanitize_line(why, 120)
            )
        );
    }
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
