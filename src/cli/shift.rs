//! `siaga shift`: the shift digest an outgoing officer hands over, and
//! `shift accept`, the incoming officer taking over what they held.

use std::process::ExitCode;

use anyhow::Result;

use super::ShiftCommand;
use crate::queue::QueueService;
use crate::queue::shift::{Handover, accept, digest};
use crate::triage::sanitize_line;

/// `siaga shift [--officer WHO] [--markdown]` and `siaga shift accept`.
pub(super) fn verb(
    queue: &dyn QueueService,
    me: &str,
    command: Option<&ShiftCommand>,
    outgoing: Option<&str>,
    markdown: bool,
) -> Result<ExitCode> {
    match command {
        None => {
            let digest = digest(queue, outgoing.unwrap_or(me), jiff::Timestamp::now())?;
            if markdown {
                say_part!("{}", digest.markdown());
            } else {
                say_part!("{}", digest.markdown().replace("## ", "").replace("# ", ""));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(ShiftCommand::Accept { from }) => take_over(queue, me, from),
    }
}

fn take_over(queue: &dyn QueueService, me: &str, from: &str) -> Result<ExitCode> {
    let Handover { taken, refused } = accept(queue, from, me)?;
    say!(
        "took over {} inquir{} from {from}",
        taken.len(),
        if taken.len() == 1 { "y" } else { "ies" }
    );
    for (id, why) in &refused {
        say!("  #{id} not taken: {}", sanitize_line(why, 120));
    }
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
