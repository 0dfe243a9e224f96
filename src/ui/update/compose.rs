//! `r`: answering an inquiry. A fuzzy picker over the templates (those
//! suggested for its category first), then the compose screen: the
//! rendered text in an editor, the platform's live count, language and
//! channel switches, `$EDITOR`, and sending through the outbox. The
//! outbox's news (replies sent, failed, retried, cancelled) is `outbox`.

use crate::i18n::Lang;
use crate::model::{Channel, DeskState, DraftKind, Inquiry};
use crate::reply::compose::MissionContact;
use crate::reply::template::Values;
use crate::reply::template::offer_order;
use crate::reply::{PlatformRules, Reply, ReplyState, Template};
use crate::tr;
use crate::ui::action::{Command, Effect};
use crate::ui::compose::Compose;
use crate::ui::overlay::{Overlay, Picker, PickerItem, PickerKind};
use crate::ui::state::{Mode, State};

/// The label of the picker row that starts an empty reply ("(blank
/// reply)"): no template has it for a name, so picking it finds none.
pub fn blank(lang: Lang) -> String {
    tr!(lang, "reply-blank")
}

/// A template as the picker offers it: its title in the officer's
/// language, checked when it suits the category, and (under it, when it
/// is highlighted) the start of its text in that language, filled in with
/// `values` (this inquiry's).
pub(super) fn template_item(
    t: &Template,
    lang: Lang,
    category: &str,
    values: &Values,
) -> PickerItem {
    let lang = match lang {
        Lang::Id => crate::reply::Lang::Id,
        Lang::En => crate::reply::Lang::En,
    };
    PickerItem {
        label: t.title(lang),
        checked: t.suits(category),
        value: Some(t.name.clone()),
        preview: Some(crate::reply::template::render(t.text(lang), values)),
    }
}

/// The mission whose name and hotline a reply to `inq` gives.
fn covering_mission(state: &State, inq: &Inquiry) -> Option<MissionContact> {
    let setup = state.escalation.as_ref()?;
    crate::reply::compose::covering_mission(inq, &setup.missions, &setup.gazetteer)
}

pub fn open_picker(state: &mut State, then_editor: bool) -> Vec<Effect> {
    let Some(inq) = state.subject() else {
        return Vec::new();
    };
    if state.templates.is_empty() {
        state.message = Some(tr!(state.lang, "reply-no-templates"));
        return Vec::new();
    }
    let mission = covering_mission(state, inq);
    let values =
        crate::reply::compose::values(inq, &state.officer, &state.reply_config, mission.as_ref());
    let mut items: Vec<PickerItem> = offer_order(&state.templates, &inq.category)
        .into_iter()
        .map(|t| template_item(t, state.lang, &inq.category, &values))
        .collect();
    items.push(PickerItem::plain(blank(state.lang), false));
    let title = tr!(
        state.lang,
        "reply-picker-title",
        handle = crate::triage::sanitize_line(&inq.author.handle, 24),
        category = crate::triage::sanitize_line(&inq.category, 16)
    );
    if let Some(draft) = state.drafts.get(&(inq.id, DraftKind::Reply)).cloned() {
        let inq = inq.clone();
        return resume(state, &inq, &draft, then_editor);
    }
    let target = vec![(inq.id, DeskState::of(inq))];
    let id = inq.id;
    state.overlay = Some(Overlay::Picker(Picker::new(
        PickerKind::Template { then_editor },
        &title,
        items,
        false,
        target,
    )));
    // The detail carries the platform's length rules and the replies.
    vec![Effect::LoadDetail(id)]
}

/// A template was picked: open the compose screen with it rendered.
pub fn start(state: &mut State, picker: &Picker, choice: &str, then_editor: bool) -> Vec<Effect> {
    let Some((id, _)) = picker.targets.first() else {
        return Vec::new();
    };
    let detail = state.detail.as_ref().filter(|d| d.inquiry.id == *id);
    let Some(inq) = detail
        .map(|d| &d.inquiry)
        .or_else(|| state.rows.iter().find(|r| r.id == *id))
        .cloned()
    else {
        return Vec::new();
    };
    let template = state.templates.iter().find(|t| t.name == choice).cloned();
    let compose = new_compose(state, &inq, template);
    open(state, compose, then_editor)
}

/// The compose screen for `inq` with `template` rendered, the platform's
/// rules from the detail if it is loaded (else when it arrives).
fn new_compose(state: &State, inq: &Inquiry, template: Option<crate::reply::Template>) -> Compose {
    let rules = state
        .detail
        .as_ref()
        .filter(|d| d.inquiry.id == inq.id)
        .map_or_else(PlatformRules::x, |d| d.rules);
    let mission = covering_mission(state, inq);
    Compose::new(
        inq,
        template,
        rules,
        mission,
        &state.officer,
        &state.reply_config,
    )
}

fn open(state: &mut State, compose: Compose, then_editor: bool) -> Vec<Effect> {
    let text = compose.text();
    state.compose = Some(Box::new(compose));
    state.mode = Mode::Compose {
        from_detail: state.mode == Mode::Detail,
    };
    if then_editor {
        vec![Effect::ExternalEdit(text)]
    } else {
        Vec::new()
    }
}

/// `r` on an inquiry this officer has a reply draft for: the compose
/// screen at once, with the draft's words, template, language, channel.
fn resume(
    state: &mut State,
    inq: &Inquiry,
    draft: &crate::model::Draft,
    then_editor: bool,
) -> Vec<Effect> {
    let name = match &draft.body {
        crate::model::DraftBody::Reply { template, .. } => template.clone(),
        crate::model::DraftBody::Escalation { .. } => None,
    };
    let template = name.and_then(|n| state.templates.iter().find(|t| t.name == n).cloned());
    let mut compose = new_compose(state, inq, template.clone());
    compose.restore(&draft.body, template);
    super::drafts::restored(state, draft);
    // The detail carries the platform's length rules and the replies.
    let mut effects = vec![Effect::LoadDetail(inq.id)];
    effects.extend(open(state, compose, then_editor));
    effects
}

fn leave(state: &mut State) {
    let from_detail = matches!(state.mode, Mode::Compose { from_detail: true });
    state.compose = None;
    super::nav::back_from_form(state, from_detail);
}

pub fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let Some(mut compose) = state.compose.take() else {
        leave(state);
        return Vec::new();
    };
    let effects = match cmd {
        Command::Back if compose.sending => {
            // It is in the outbox's hands: leave, and say so truthfully.
            leave(state);
            state.message = Some(tr!(state.lang, "reply-being-queued"));
            return Vec::new();
        }
        Command::Back if compose.edited && !compose.discard_armed => {
            compose.discard_armed = true;
            state.message = Some(tr!(state.lang, "reply-discard-again"));
            Vec::new()
        }
        Command::Back => {
            leave(state);
            state.message = Some(tr!(state.lang, "reply-discarded"));
            let kept = compose.draft_kept;
            return super::drafts::discard(state, compose.id(), DraftKind::Reply, kept);
        }
        Command::Send => send(state, &mut compose),
        Command::SwitchLang
            if compose.edited && !compose.relang_armed && compose.template.is_some() =>
        {
            arm_relang(state, &mut compose);
            state.compose = Some(compose);
            return Vec::new();
        }
        Command::SwitchLang => switch_lang(state, &mut compose),
        Command::ToggleChannel => toggle_channel(state, &mut compose),
        Command::ExternalEditor => vec![Effect::ExternalEdit(compose.text())],
        _ => Vec::new(),
    };
    if cmd != Command::Back {
        compose.discard_armed = false;
    }
    compose.relang_armed = false;
    state.compose = Some(compose);
    effects
}

/// A template's text was edited: switching language would render it
/// again over the officer's words, so the first press only warns.
fn arm_relang(state: &mut State, compose: &mut Compose) {
    compose.relang_armed = true;
    let key = state
        .keymap
        .key_for("compose", Command::SwitchLang)
        .unwrap_or_else(|| "switch_lang".into());
    let other = match compose.lang.other() {
        crate::reply::Lang::Id => tr!(state.lang, "reply-lang-id"),
        crate::reply::Lang::En => tr!(state.lang, "reply-lang-en"),
    };
    state.message = Some(tr!(
        state.lang,
        "reply-relang-again",
        key = key,
        lang = other
    ));
}

/// The reply in the other language, its template rendered again.
fn switch_lang(state: &mut State, compose: &mut Compose) -> Vec<Effect> {
    compose.lang = compose.lang.other();
    compose.rerender(&state.officer, &state.reply_config);
    compose.unsaved = true;
    let rendered = if compose.template.is_some() {
        format!(" {}", tr!(state.lang, "reply-rerendered"))
    } else {
        String::new()
    };
    state.message = Some(format!(
        "{}{rendered}",
        tr!(state.lang, "reply-language", lang = compose.lang.as_str())
    ));
    Vec::new()
}

fn send(state: &mut State, compose: &mut Compose) -> Vec<Effect> {
    if compose.sending {
        return Vec::new();
    }
    let (_, problem) = compose.verdict(&state.reply_config);
    if let Some(problem) = problem {
        state.message = Some(tr!(
            state.lang,
            "reply-not-sent",
            why = problem.describe(state.lang)
        ));
        return Vec::new();
    }
    compose.sending = true;
    state.message = Some(tr!(state.lang, "reply-queueing"));
    vec![Effect::QueueReply {
        request: compose.request(),
        seen_answers: compose.seen_answers,
    }]
}

fn toggle_channel(state: &mut State, compose: &mut Compose) -> Vec<Effect> {
    if compose.inquiry.channel == Channel::Private {
        state.message = Some(tr!(state.lang, "reply-stays-private"));
        return Vec::new();
    }
    compose.channel = match compose.channel {
        Channel::Public => Channel::Private,
        Channel::Private => Channel::Public,
    };
    compose.unsaved = true;
    if compose.edited {
        let text = crate::reply::compose::fit_channel(
            compose.text(),
            &compose.inquiry,
            compose.channel,
            compose.rules.platform,
        );
        compose.set_text(&text);
        compose.edited = true;
    } else {
        compose.rerender(&state.officer, &state.reply_config);
    }
    state.message = Some(tr!(
        state.lang,
        "reply-channel",
        how = channel_words(state.lang, compose.channel)
    ));
    Vec::new()
}

pub fn channel_words(lang: Lang, channel: Channel) -> String {
    match channel {
        Channel::Public => tr!(lang, "reply-in-public"),
        Channel::Private => tr!(lang, "reply-as-private"),
    }
}

/// A key for the editor.
pub fn input(state: &mut State, input: ratatui_textarea::Input) -> Vec<Effect> {
    if let Some(compose) = state.compose.as_mut().filter(|c| !c.sending) {
        if compose.editor.input(input) {
            compose.edited = true;
            compose.unsaved = true;
        }
        compose.discard_armed = false;
        compose.relang_armed = false;
    }
    Vec::new()
}

pub fn queued(state: &mut State, result: Result<Box<Reply>, String>) -> Vec<Effect> {
    // The answer is for the compose screen that is waiting for it, if the
    // officer is still there; otherwise it only brings news.
    let waiting = state.compose.as_ref().is_some_and(|c| c.sending);
    match result {
        Ok(reply) => {
            // Unless the outbox's news (sent, failed) came first.
            let known = state.settled.contains(&reply.id) || state.outbox.contains_key(&reply.id);
            let failed = state
                .outbox
                .get(&reply.id)
                .is_some_and(|o| o.state == ReplyState::Failed);
            if !state.settled.contains(&reply.id) && !failed {
                state.message = Some(tr!(
                    state.lang,
                    "reply-queued",
                    id = reply.id.to_string(),
                    handle = crate::triage::sanitize_line(&reply.target.recipient_handle, 24),
                    how = channel_words(state.lang, reply.channel)
                ));
            }
            if !known {
                super::outbox::track(state, &reply);
            }
            super::drafts::sent(state, reply.inquiry, DraftKind::Reply);
            if waiting
                && state
                    .compose
                    .as_ref()
                    .is_some_and(|c| c.id() == reply.inquiry)
            {
                leave(state);
            }
            Vec::new()
        }
        Err(why) => {
            if let Some(c) = state.compose.as_mut().filter(|c| c.sending) {
                c.sending = false;
            }
            state.message = Some(tr!(state.lang, "reply-not-sent", why = why));
            Vec::new()
        }
    }
}

pub fn edited(state: &mut State, result: Result<String, String>) -> Vec<Effect> {
    match (result, state.compose.as_mut()) {
        (Ok(text), Some(c)) => {
            c.set_text(text.trim_end_matches('\n'));
            c.edited = true;
            c.unsaved = true;
        }
        (Err(why), _) => state.message = Some(tr!(state.lang, "reply-editor-failed", why = why)),
        _ => {}
    }
    Vec::new()
}
