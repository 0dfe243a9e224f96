//! `siaga group split ID` and `siaga group join G1 G2`: an officer's edits
//! of the desk's groups (#16). Each is one change in the store, written in
//! the history of every member it moves; the grouper follows the store.

use std::process::ExitCode;

use anyhow::Result;

use super::{GroupCommand, Verb};
use crate::tr;

/// `siaga group split` / `join`; `reply` and `escalate` are `cli::group`'s.
pub(super) fn verb(v: &Verb, command: &GroupCommand) -> Result<ExitCode> {
    let lang = v.lang();
    match command {
        GroupCommand::Split { inquiry } => {
            let group = v.queue().split_from_group(*inquiry, &v.me)?;
            let (id, group) = (inquiry.to_string(), group.to_string());
            say!("{}", tr!(lang, "cli-group-split", id = id, group = group));
        }
        GroupCommand::Join { into, from } => {
            let moved = v.queue().groups()?.into_iter().find(|g| g.id == *from);
            let moved = moved.map_or(0, |g| g.members.len());
            let joined = v.queue().join_groups(*into, *from, &v.me)?;
            say!(
                "{}",
                tr!(
                    lang,
                    "cli-group-joined",
                    from = from.to_string(),
                    into = into.to_string(),
                    moved = moved.to_string(),
                    size = joined.members.len().to_string()
                )
            );
        }
        GroupCommand::Reply { .. } | GroupCommand::Escalate { .. } => {
            unreachable!("cli::group handles reply and escalate")
        }
    }
    Ok(ExitCode::SUCCESS)
}
