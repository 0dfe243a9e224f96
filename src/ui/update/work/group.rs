//! The officer's changes on a group's row (#16), none marked: a change
//! that makes sense for the whole group (claim, tag, close, snooze,
//! priority, category) goes to every open member the view lists, one
//! undo step, and the status bar says how many members; one that is
//! about one person (a note, a hand-over, a mark) is refused, saying to
//! open the group and act on a member. Never on the head alone.

use std::collections::BTreeSet;

use crate::model::{GroupSummary, Inquiry, InquiryId};
use crate::tr;
use crate::ui::action::{Command, Effect};
use crate::ui::state::State;
use crate::ui::update::nav;

/// What a command does on a group's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnGroup {
    /// Done to every open member the view lists.
    EveryMember,
    /// Refused: the officer opens the group and acts on a member.
    OpenFirst,
    /// Not a change to members (moving, the group's own reply).
    NotAChange,
}

/// Per command, what it does on a group's row.
pub fn on_group(cmd: Command) -> OnGroup {
    match cmd {
        Command::Claim
        | Command::Tag
        | Command::Close
        | Command::Snooze
        | Command::Priority
        | Command::Category => OnGroup::EveryMember,
        Command::Note
        | Command::Assign
        | Command::Mark
        | Command::ReplyInEditor
        | Command::Acknowledge => OnGroup::OpenFirst,
        _ => OnGroup::NotAChange,
    }
}

/// The group whose row is selected, when nothing is marked (marks are
/// the officer's own choice and win).
fn selected_group(state: &State) -> Option<&GroupSummary> {
    let in_queue = state.mode == crate::ui::state::Mode::Queue;
    if !in_queue || !state.marked.is_empty() || state.search.is_some() {
        return None;
    }
    state.group_row(state.selected)
}

/// A command refused on a group's row: said, and for a mark the
/// selection moves on as `Space` always does. None: not refused.
pub fn refused(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    if on_group(cmd) != OnGroup::OpenFirst {
        return None;
    }
    let group = selected_group(state)?.id.to_string();
    let what = cmd.hint(state.lang);
    state.message = Some(tr!(
        state.lang,
        "group-open-first",
        group = group,
        what = what
    ));
    Some(if cmd == Command::Mark {
        nav::move_selection(state, 1)
    } else {
        Vec::new()
    })
}

/// On a group's row, the members a change goes to: every open member
/// loaded in this view (the rows shown and those folded), in queue
/// order, each once. None: not on a group's row.
pub fn members_targeted(state: &State) -> Option<Vec<&Inquiry>> {
    let summary = selected_group(state)?;
    let members: BTreeSet<InquiryId> = summary.members.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let out = (state.rows.iter())
        .chain(&state.grouping.folded)
        .filter(|r| members.contains(&r.id) && r.status != crate::model::Status::Closed)
        .filter(|r| seen.insert(r.id))
        .collect();
    Some(out)
}

/// The group every inquiry of a change is in, when there are at least two
/// of them: the status bar then names the group and its members.
pub fn group_of_change(state: &State, ids: &[InquiryId]) -> Option<crate::model::GroupId> {
    let (first, rest) = ids.split_first()?;
    let group = state.grouping.group_of(*first)?;
    let all = !rest.is_empty()
        && rest
            .iter()
            .all(|id| state.grouping.group_of(*id) == Some(group));
    all.then_some(group)
}
