//! A group's row (#16): Enter or `→` opens it in place to its members,
//! `←` folds it back, and `r` on it answers the whole group with one
//! template: the desk is asked first what it would do (who is answered,
//! who held back), the officer confirms with `y`, and the status bar
//! follows the replies as they go out, then sums them up.

use crate::model::GroupId;
use crate::model::group::{GroupReplyOutcome, GroupReplyRequest};
use crate::reply::{Reply, ReplyState};
use crate::tr;
use crate::triage::sanitize_line;
use crate::ui::action::Effect;
use crate::ui::overlay::{Confirm, Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::{GroupAnswer, State};

use super::nav;

/// The group whose row is selected.
fn selected_group(state: &State) -> Option<GroupId> {
    state.group_row(state.selected).map(|s| s.id)
}

/// Enter: a group's row opens or folds; any other row opens its detail.
pub fn open(state: &mut State) -> Vec<Effect> {
    match selected_group(state) {
        Some(group) if state.grouping.expanded.contains(&group) => fold(state, group),
        Some(group) => unfold(state, group),
        None => nav::open(state),
    }
}

/// `→`: open the selected group's row in place.
pub fn expand(state: &mut State) -> Vec<Effect> {
    match selected_group(state) {
        Some(group) if !state.grouping.expanded.contains(&group) => unfold(state, group),
        _ => Vec::new(),
    }
}

/// `←`: fold the group the selection is in (its row or a member).
pub fn collapse(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.rows.get(state.selected) else {
        return Vec::new();
    };
    match state.grouping.group_of(row.id) {
        Some(group) if state.search.is_none() && state.grouping.expanded.contains(&group) => {
            fold(state, group)
        }
        _ => Vec::new(),
    }
}

fn unfold(state: &mut State, group: GroupId) -> Vec<Effect> {
    state.grouping.expanded.insert(group);
    refold(state, group)
}

fn fold(state: &mut State, group: GroupId) -> Vec<Effect> {
    state.grouping.expanded.remove(&group);
    refold(state, group)
}

/// The rows folded again, the selection on the group's row.
fn refold(state: &mut State, group: GroupId) -> Vec<Effect> {
    let all = state.grouping.unfold(state.rows.clone());
    state.rows = state.grouping.fold(all);
    state.selected = state.grouping.head_of(group).unwrap_or(0);
    nav::keep_selection_visible(state);
    Vec::new()
}

/// `r` on a group's row: the templates to answer it with. None: not on a
/// group's row (the caller opens the single reply).
pub fn open_picker(state: &mut State) -> Option<Vec<Effect>> {
    let summary = state.group_row(state.selected)?.clone();
    if state.templates.is_empty() {
        state.message = Some(tr!(state.lang, "reply-no-templates"));
        return Some(Vec::new());
    }
    // Previewed for the member the row stands for; each member gets theirs.
    let head = &state.rows[state.selected];
    let values = crate::reply::compose::values(head, &state.officer, &state.reply_config, None);
    let mut offered = crate::reply::template::offer_order(&state.templates, &head.category);
    // The template of the crisis the group is in comes first.
    if let Some(name) = crisis_template(state, head)
        && let Some(at) = offered.iter().position(|t| t.name == name)
    {
        let t = offered.remove(at);
        offered.insert(0, t);
    }
    let items = offered
        .into_iter()
        .map(|t| super::compose::template_item(t, state.lang, &head.category, &values))
        .collect();
    let title = tr!(
        state.lang,
        "group-picker-title",
        group = summary.id.to_string(),
        size = summary.members.len()
    );
    state.overlay = Some(Overlay::Picker(Picker::new(
        PickerKind::GroupTemplate { group: summary.id },
        &title,
        items,
        false,
        Vec::new(),
    )));
    Some(Vec::new())
}

/// A template was picked for `group`: ask the desk what it would do, for
/// the members the officer marked (Space, in the open group), else all.
pub fn picked(state: &mut State, group: GroupId, template: &str) -> Vec<Effect> {
    state.message = Some(tr!(state.lang, "group-checking", group = group.to_string()));
    vec![Effect::ReplyGroup(GroupReplyRequest {
        group,
        template: template.to_string(),
        members: marked_members(state, group),
        dry_run: true,
    })]
}

/// The marked inquiries that are members of `group`.
fn marked_members(state: &State, group: GroupId) -> Vec<crate::model::InquiryId> {
    let Some(summary) = state.grouping.summaries.get(&group) else {
        return Vec::new();
    };
    summary
        .members
        .iter()
        .copied()
        .filter(|m| state.marked.contains(m))
        .collect()
}

/// The desk's answer: a dry run becomes the question, a real one the
/// progress the status bar follows.
pub fn answered(state: &mut State, result: Result<GroupReplyOutcome, String>) -> Vec<Effect> {
    match result {
        Err(why) => state.message = Some(sanitize_line(&why, 200)),
        Ok(outcome) if outcome.dry_run => confirm(state, outcome),
        Ok(outcome) => started(state, outcome),
    }
    Vec::new()
}

/// "Answer 142 of 143 with crisis_register? 1 held back: #512 (y/n)".
fn confirm(state: &mut State, outcome: GroupReplyOutcome) {
    if outcome.queued.is_empty() {
        state.message = Some(tr!(
            state.lang,
            "group-nobody-to-answer",
            group = outcome.group.to_string(),
            held = outcome.held.len(),
            skipped = outcome.skipped.len()
        ));
        return;
    }
    let question = tr!(
        state.lang,
        "group-confirm",
        queued = outcome.queued.len(),
        members = outcome.looked_at(),
        template = sanitize_line(&outcome.template, 40),
        held = outcome.held.len(),
        who = held_list(&outcome)
    );
    state.message = None;
    state.group_held = outcome.held.iter().map(|h| h.inquiry).collect();
    state.overlay = Some(Overlay::Confirm(Confirm {
        question,
        on_yes: Effect::ReplyGroup(GroupReplyRequest {
            group: outcome.group,
            template: outcome.template.clone(),
            // Exactly those the officer was told of: a member who joined
            // since waits for the next answer.
            members: outcome.queued.iter().map(|m| m.inquiry).collect(),
            dry_run: false,
        }),
    }));
}

/// "#512 #530" (at most five, then "…").
fn held_list(outcome: &GroupReplyOutcome) -> String {
    let mut ids: Vec<String> = outcome
        .held
        .iter()
        .take(5)
        .map(|h| format!("#{}", h.inquiry))
        .collect();
    if outcome.held.len() > 5 {
        ids.push("…".into());
    }
    ids.join(" ")
}

fn started(state: &mut State, outcome: GroupReplyOutcome) {
    let replies = outcome
        .queued
        .iter()
        .filter_map(|m| m.reply)
        .map(|r| {
            let heard = state.group_replies.get(&r).copied();
            (r, heard.unwrap_or(ReplyState::Pending))
        })
        .collect();
    let mut held = std::mem::take(&mut state.group_held);
    for h in &outcome.held {
        if !held.contains(&h.inquiry) {
            held.push(h.inquiry);
        }
    }
    state.group_answer = Some(GroupAnswer {
        group: outcome.group,
        replies,
        held,
    });
    state.message = None;
    sum_up_when_settled(state);
}

/// A reply of a group answer moved: follow it, and sum up once all of
/// the answer's settled.
pub fn reply_event(state: &mut State, reply: &Reply) {
    state.group_replies.insert(reply.id, reply.state);
    if let Some(slot) = state
        .group_answer
        .as_mut()
        .and_then(|a| a.replies.get_mut(&reply.id))
    {
        *slot = reply.state;
    }
    sum_up_when_settled(state);
}

fn sum_up_when_settled(state: &mut State) {
    let Some(answer) = state.group_answer.as_ref() else {
        return;
    };
    let (sent, failed, going) = answer.progress();
    if going > 0 {
        return;
    }
    let held: Vec<String> = answer.held.iter().map(|id| format!("#{id}")).collect();
    state.message = Some(tr!(
        state.lang,
        "group-answered",
        group = answer.group.to_string(),
        sent = sent,
        failed = failed,
        held = answer.held.len(),
        who = held.join(" ")
    ));
    for id in answer.replies.keys() {
        state.group_replies.remove(id);
    }
    state.group_answer = None;
}

/// `e` on a group's row: the mission to escalate the whole group to, the
/// missions its members name first. None: not on a group's row.
pub fn open_mission_picker(state: &mut State) -> Option<Vec<Effect>> {
    let summary = state.group_row(state.selected)?.clone();
    let Some(setup) = state.escalation.clone() else {
        state.message = Some(tr!(state.lang, "escalate-no-directory"));
        return Some(Vec::new());
    };
    let lang = state.lang;
    let label = |code: &str, m: &crate::escalate::Mission, named: bool| {
        PickerItem::plain(super::escalate::label(code, m, lang), named)
    };
    let mut items: Vec<PickerItem> = summary
        .missions
        .iter()
        .filter_map(|code| setup.missions.get(code).map(|m| label(code, m, true)))
        .collect();
    let mut rest: Vec<_> = setup
        .missions
        .iter()
        .filter(|(code, m)| m.takes_cases() && !summary.missions.contains(code))
        .collect();
    super::escalate::by_country(&mut rest, lang);
    items.extend(rest.into_iter().map(|(code, m)| label(code, m, false)));
    let title = tr!(
        state.lang,
        "group-escalate-title",
        group = summary.id.to_string(),
        size = summary.members.len()
    );
    state.overlay = Some(Overlay::Picker(Picker::new(
        PickerKind::GroupMission { group: summary.id },
        &title,
        items,
        false,
        Vec::new(),
    )));
    Some(Vec::new())
}

/// A mission was picked: asked once more, for a group goes out at once.
pub fn mission_picked(state: &mut State, group: GroupId, choice: &str) -> Vec<Effect> {
    let code = choice.split(" · ").next().unwrap_or(choice).to_string();
    let size = state
        .grouping
        .summaries
        .get(&group)
        .map_or(0, |s| s.members.len());
    let question = tr!(
        state.lang,
        "group-escalate-confirm",
        group = group.to_string(),
        size = size,
        mission = sanitize_line(choice, 60)
    );
    state.overlay = Some(Overlay::Confirm(Confirm {
        question,
        on_yes: Effect::EscalateGroup(crate::model::group::GroupEscalationRequest {
            group,
            mission: Some(code),
            severity: None,
            summary: None,
            note: String::new(),
        }),
    }));
    Vec::new()
}

/// The desk recorded the group's escalation, or said why not.
pub fn escalated(
    state: &mut State,
    result: Result<Box<crate::escalate::Escalation>, String>,
) -> Vec<Effect> {
    state.message = Some(match result {
        Ok(e) => {
            let (group, rows) = e
                .roster
                .as_ref()
                .map_or((String::new(), 0), |r| (r.group.to_string(), r.rows.len()));
            tr!(
                state.lang,
                "group-escalated",
                group = group,
                escalation = e.id.to_string(),
                mission = sanitize_line(&e.mission_name, 40),
                rows = rows
            )
        }
        Err(why) => sanitize_line(&why, 200),
    });
    Vec::new()
}

/// The template of the open crisis `member` is tagged with, if it names one.
fn crisis_template(state: &State, member: &crate::model::Inquiry) -> Option<String> {
    state
        .crises
        .iter()
        .map(|c| &c.crisis)
        .find(|c| c.is_open() && member.tags.contains(&c.tag()))
        .and_then(|c| c.template.clone())
}
