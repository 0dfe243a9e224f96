//! `e`: escalating to a mission. A fuzzy picker over the missions with
//! the routing suggestion first (and why), then the form: severity,
//! summary, note, and who will receive it; `A` records that the mission
//! acknowledged. Also the courier's news: delivered, failed, overdue (the
//! bell rings once for each overdue escalation).

use crate::escalate::Escalation;
use crate::i18n::Lang;
use crate::model::{DeskState, DraftBody, DraftKind, Inquiry, Priority};
use crate::tr;
use crate::ui::action::{Command, Effect};
use crate::ui::escalate::EscalateForm;
use crate::ui::overlay::{Input, InputPurpose, Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::{Mode, State};

/// The picker's label for a mission, its country in `lang`; its code
/// leads, up to " · ".
pub(super) fn label(code: &str, m: &crate::escalate::Mission, lang: Lang) -> String {
    format!("{code} · {} ({})", m.display_name(), m.country_in(lang))
}

/// Missions in the picker's order: by country as the officer reads it,
/// then city.
pub(super) fn by_country(missions: &mut [(&String, &crate::escalate::Mission)], lang: Lang) {
    missions
        .sort_by(|a, b| (a.1.country_in(lang), &a.1.city).cmp(&(b.1.country_in(lang), &b.1.city)));
}

pub fn open_picker(state: &mut State) -> Vec<Effect> {
    let Some(setup) = state.escalation.clone() else {
        state.message = Some(tr!(state.lang, "escalate-no-directory"));
        return Vec::new();
    };
    let Some(inq) = state.subject() else {
        return Vec::new();
    };
    if let Some(draft) = state.drafts.get(&(inq.id, DraftKind::Escalation)).cloned() {
        let inq = inq.clone();
        return resume(state, &inq, &draft, setup);
    }
    let suggestion = setup
        .gazetteer
        .suggest(&crate::escalate::packet::routing_text(inq));
    let mut items = Vec::new();
    if let Some(s) = &suggestion
        && let Some(m) = setup.missions.get(&s.mission)
    {
        items.push(PickerItem::plain(label(&s.mission, m, state.lang), true));
    }
    let mut rest: Vec<(&String, &crate::escalate::Mission)> = setup
        .missions
        .iter()
        .filter(|(code, m)| {
            m.takes_cases() && suggestion.as_ref().is_none_or(|s| s.mission != **code)
        })
        .collect();
    by_country(&mut rest, state.lang);
    items.extend(
        rest.into_iter()
            .map(|(code, m)| PickerItem::plain(label(code, m, state.lang), false)),
    );
    let title = match &suggestion {
        Some(s) => tr!(
            state.lang,
            "escalate-picker-suggested",
            id = inq.id.to_string(),
            reason = crate::triage::sanitize_line(
                &crate::escalate::packet::suggestion_in(state.lang, &s.reason),
                60
            )
        ),
        None => tr!(state.lang, "escalate-picker-none", id = inq.id.to_string()),
    };
    let target = vec![(inq.id, DeskState::of(inq))];
    let id = inq.id;
    state.overlay = Some(Overlay::Picker(Picker::new(
        PickerKind::Mission,
        &title,
        items,
        false,
        target,
    )));
    vec![Effect::LoadDetail(id)]
}

pub fn start(state: &mut State, picker: &Picker, choice: &str) -> Vec<Effect> {
    let (Some((id, _)), Some(setup)) = (picker.targets.first(), state.escalation.clone()) else {
        return Vec::new();
    };
    let code = choice.split(" · ").next().unwrap_or(choice).to_string();
    let detail = state.detail.as_ref().filter(|d| d.inquiry.id == *id);
    let Some(inq) = detail
        .map(|d| &d.inquiry)
        .or_else(|| state.rows.iter().find(|r| r.id == *id))
        .cloned()
    else {
        return Vec::new();
    };
    let form = new_form(state, &inq, &code, setup);
    open(state, form);
    Vec::new()
}

/// The form for `inq` to the mission `code`, with the history if the
/// detail has it (else when it arrives).
fn new_form(
    state: &State,
    inq: &Inquiry,
    code: &str,
    setup: std::sync::Arc<crate::queue::DeskPolicy>,
) -> EscalateForm {
    let history = state
        .detail
        .as_ref()
        .filter(|d| d.inquiry.id == inq.id)
        .map(|d| d.history.clone())
        .unwrap_or_default();
    let reason = crate::escalate::packet::reason(inq, code, &state.officer, &setup.gazetteer);
    EscalateForm::new(inq, history, code, &reason, setup)
}

fn open(state: &mut State, form: EscalateForm) {
    state.escalate = Some(Box::new(form));
    state.mode = Mode::Escalate {
        from_detail: state.mode == Mode::Detail,
    };
}

/// `e` on an inquiry this officer has an escalation draft for: the form
/// at once, to the draft's mission, with what it kept.
fn resume(
    state: &mut State,
    inq: &Inquiry,
    draft: &crate::model::Draft,
    setup: std::sync::Arc<crate::queue::DeskPolicy>,
) -> Vec<Effect> {
    let DraftBody::Escalation { mission, .. } = &draft.body else {
        return Vec::new();
    };
    let mut form = new_form(state, inq, mission, setup);
    form.restore(&draft.body);
    super::drafts::restored(state, draft);
    open(state, form);
    // The detail carries the history the packet quotes.
    vec![Effect::LoadDetail(inq.id)]
}

fn leave(state: &mut State) {
    let from_detail = matches!(state.mode, Mode::Escalate { from_detail: true });
    state.escalate = None;
    super::nav::back_from_form(state, from_detail);
}

pub fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let Some(mut form) = state.escalate.take() else {
        leave(state);
        return Vec::new();
    };
    let effects = match cmd {
        Command::Back if form.sending => {
            state.message = Some(tr!(state.lang, "escalate-being-recorded"));
            Vec::new()
        }
        Command::Back if form.edited && !form.discard_armed => {
            form.discard_armed = true;
            state.message = Some(tr!(state.lang, "escalate-discard-again"));
            state.escalate = Some(form);
            return Vec::new();
        }
        Command::Back => {
            leave(state);
            state.message = Some(tr!(state.lang, "escalate-not-sent"));
            let kept = form.draft_kept;
            return super::drafts::discard(state, form.id(), DraftKind::Escalation, kept);
        }
        Command::NextField => {
            form.next_field();
            Vec::new()
        }
        Command::Via if !form.sending => {
            form.next_via();
            form.unsaved = true;
            Vec::new()
        }
        Command::Severity => {
            let next = (form.severity.rank() % 4) + 1;
            form.severity = Priority::from_rank(next).unwrap_or(Priority::P1);
            form.unsaved = true;
            Vec::new()
        }
        Command::Send if !form.sending => {
            match form.check_in(state.lang, &state.officer, state.now) {
                Ok(()) => {
                    form.sending = true;
                    state.message = Some(tr!(state.lang, "escalate-recording-status"));
                    vec![Effect::Escalate(form.request())]
                }
                Err(why) => {
                    state.message = Some(tr!(state.lang, "escalate-refused", why = why));
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };
    form.discard_armed = false;
    state.escalate = Some(form);
    effects
}

pub fn input(state: &mut State, input: ratatui_textarea::Input) -> Vec<Effect> {
    if let Some(form) = state.escalate.as_mut().filter(|f| !f.sending) {
        if form.focused().input(input) {
            form.edited = true;
            form.unsaved = true;
        }
        form.discard_armed = false;
    }
    Vec::new()
}

pub fn recorded(state: &mut State, result: Result<Box<Escalation>, String>) -> Vec<Effect> {
    let waiting = state.escalate.as_ref().is_some_and(|f| f.sending);
    match result {
        Ok(e) => {
            let made = e.deliveries.iter().any(|d| d.route.is_made_by_hand());
            let id = e.id.to_string();
            let mission = crate::triage::sanitize_line(&e.mission_name, 30);
            let time = crate::ui::view::clock_zoned(e.deadline);
            state.message = Some(if made {
                tr!(
                    state.lang,
                    "escalate-recorded-made",
                    id = id,
                    mission = mission,
                    time = time
                )
            } else {
                tr!(
                    state.lang,
                    "escalate-recorded",
                    id = id,
                    mission = mission,
                    time = time
                )
            });
            if waiting && state.escalate.as_ref().is_some_and(|f| f.id() == e.inquiry) {
                leave(state);
            }
            super::drafts::sent(state, e.inquiry, DraftKind::Escalation);
        }
        Err(why) => {
            if let Some(f) = state.escalate.as_mut() {
                f.sending = false;
            }
            state.message = Some(tr!(state.lang, "escalate-refused", why = why));
        }
    }
    Vec::new()
}

/// `A`: ask who at the mission confirmed, and how.
pub fn open_ack(state: &mut State) -> Vec<Effect> {
    let Some(inq) = state.subject() else {
        return Vec::new();
    };
    if !inq.escalations.iter().any(|b| !b.acked) {
        state.message = Some(tr!(
            state.lang,
            "escalate-none-awaiting",
            id = inq.id.to_string()
        ));
        return Vec::new();
    }
    state.overlay = Some(Overlay::Input(Input {
        title: tr!(state.lang, "escalate-ack-title"),
        text: String::new(),
        targets: vec![(inq.id, DeskState::of(inq))],
        purpose: InputPurpose::Ack,
        discard_armed: false,
    }));
    Vec::new()
}

/// Enter in the acknowledgement input: "Rina, by phone".
pub fn acknowledge(state: &mut State, input: Input) -> Vec<Effect> {
    let Some((id, _)) = input.targets.first() else {
        return Vec::new();
    };
    let (by, how) = match input.text.split_once(',') {
        Some((by, how)) => (by.trim().to_string(), how.trim().to_string()),
        None => (input.text.trim().to_string(), String::new()),
    };
    if by.is_empty() {
        state.overlay = Some(Overlay::Input(input));
        return Vec::new();
    }
    vec![Effect::Acknowledge {
        inquiry: *id,
        by,
        how,
    }]
}

pub fn changed(state: &mut State, result: Result<Box<Escalation>, String>) -> Vec<Effect> {
    let lang = state.lang;
    state.message = Some(match result {
        Ok(e) => match &e.ack {
            Some(ack) => tr!(
                lang,
                "escalate-acked",
                id = e.id.to_string(),
                by = crate::triage::sanitize_line(&ack.by, 30)
            ),
            None => tr!(lang, "escalate-updated", id = e.id.to_string()),
        },
        Err(why) => why,
    });
    Vec::new()
}

/// News from the courier: keep the detail current; an overdue
/// escalation rings the bell, once.
pub fn escalation_event(state: &mut State, e: &Escalation) -> Vec<Effect> {
    if let Some(d) = state.detail.as_mut().filter(|d| d.inquiry.id == e.inquiry) {
        match d.escalations.iter_mut().find(|x| x.id == e.id) {
            Some(x) => *x = e.clone(),
            None => d.escalations.push(e.clone()),
        }
    }
    let mut effects = Vec::new();
    if e.overdue_at.is_some() && e.ack.is_none() && state.rung.insert(e.id) {
        state.message = Some(tr!(
            state.lang,
            "escalate-overdue",
            id = e.id.to_string(),
            mission = crate::triage::sanitize_line(&e.mission_name, 30),
            time = crate::ui::view::clock_zoned(e.deadline)
        ));
        effects.push(Effect::Bell);
    } else if e.officer == state.officer
        && e.deliveries
            .iter()
            .any(|d| d.state == crate::escalate::DeliveryState::Failed)
    {
        state.message = Some(tr!(
            state.lang,
            "escalate-delivery-failed",
            id = e.id.to_string(),
            mission = crate::triage::sanitize_line(&e.mission_name, 30)
        ));
    }
    effects
}

/// Every tick: an escalation in view whose deadline just passed rings
/// the bell once (the courier also marks it, where it runs).
pub fn check_deadlines(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let due: Vec<crate::escalate::EscalationId> = state
        .rows
        .iter()
        .flat_map(|r| r.escalations.iter())
        .filter(|b| !b.acked && now >= b.deadline)
        .map(|b| b.id)
        .filter(|id| !state.rung.contains(id))
        .collect();
    if due.is_empty() {
        return Vec::new();
    }
    state.rung.extend(due.iter().copied());
    state.message = Some(if due.len() == 1 {
        tr!(state.lang, "escalate-overdue-count-one", count = due.len())
    } else {
        tr!(state.lang, "escalate-overdue-count", count = due.len())
    });
    vec![Effect::Bell]
}
