//! The compose screen's data: the reply being written for one inquiry,
//! its template, language and channel, the editor holding its text, and
//! the live verdict (the platform's count, what would block sending).
//! Plain data and pure logic; `update` drives it and `view` draws it.

use ratatui_textarea::{TextArea, WrapMode};

use crate::model::{Channel, DraftBody, Inquiry, InquiryId};
use crate::reply::compose::{
    DraftProblem, MissionContact, ReplyConfig, check_draft, fit_channel, render_naming,
};
use crate::reply::{Lang, Measure, PlatformRules, ReplyRequest, Template};

#[derive(Debug, Clone)]
pub struct Compose {
    pub inquiry: Box<Inquiry>,
    pub template: Option<Template>,
    pub lang: Lang,
    pub channel: Channel,
    pub rules: PlatformRules,
    /// The mission `{mission_name}` names (None: the central desk).
    pub mission: Option<MissionContact>,
    pub editor: TextArea<'static>,
    /// Answers the officer saw when they began: a colleague's answer
    /// since then refuses the send.
    pub seen_answers: usize,
    /// The officer changed the text by hand (switching language then
    /// asks before throwing the edits away).
    pub edited: bool,
    /// Esc was pressed once on an edited reply; a second Esc discards.
    pub discard_armed: bool,
    /// The language switch was pressed once on an edited reply; a second
    /// press renders the template again in the other language.
    pub relang_armed: bool,
    /// Queued and waiting for the store's answer.
    pub sending: bool,
    /// Changed since the draft was last saved (the next tick saves it).
    pub unsaved: bool,
    /// The desk keeps a draft of it (saved, or restored from one).
    pub draft_kept: bool,
}

impl Compose {
    pub fn new(
        inquiry: &Inquiry,
        template: Option<Template>,
        rules: PlatformRules,
        mission: Option<MissionContact>,
        officer: &str,
        config: &ReplyConfig,
    ) -> Compose {
        let lang = Lang::for_inquiry(inquiry.lang.as_deref(), &inquiry.text);
        let channel = crate::reply::compose::default_channel(inquiry, config);
        let seen_answers = inquiry
            .replies
            .iter()
            .filter(|b| b.state.counts_as_answer())
            .count();
        let mut compose = Compose {
            inquiry: Box::new(inquiry.clone()),
            template,
            lang,
            channel,
            rules,
            mission,
            editor: editor(""),
            seen_answers,
            edited: false,
            discard_armed: false,
            relang_armed: false,
            sending: false,
            unsaved: false,
            draft_kept: false,
        };
        compose.rerender(officer, config);
        compose
    }

    pub fn id(&self) -> InquiryId {
        self.inquiry.id
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn set_text(&mut self, text: &str) {
        self.editor = editor(text);
    }

    /// Fill the editor from the template in the current language.
    pub fn rerender(&mut self, officer: &str, config: &ReplyConfig) {
        let text = match &self.template {
            Some(t) => render_naming(
                t,
                self.lang,
                &self.inquiry,
                officer,
                self.channel,
                self.rules.platform,
                config,
                self.mission.as_ref(),
            ),
            None => fit_channel(
                String::new(),
                &self.inquiry,
                self.channel,
                self.rules.platform,
            ),
        };
        self.set_text(&text);
        self.edited = false;
    }

    /// The platform's count and what, if anything, blocks sending.
    pub fn verdict(&self, config: &ReplyConfig) -> (Measure, Option<DraftProblem>) {
        let text = self.text();
        let measure = self.rules.for_channel(self.channel).measure(&text);
        let problem = check_draft(
            &text,
            self.channel,
            &self.inquiry,
            &self.rules,
            config,
            self.mission.as_ref(),
        )
        .err();
        (measure, problem)
    }

    /// What the desk keeps of it as a draft.
    pub fn draft(&self) -> DraftBody {
        DraftBody::Reply {
            text: self.text(),
            template: self.template.as_ref().map(|t| t.name.clone()),
            lang: self.lang,
            channel: self.channel,
        }
    }

    /// Take back what a draft kept: its words, language and channel (a
    /// private inquiry's reply stays private), and `template` if the desk
    /// still has it. Edited, and kept.
    pub fn restore(&mut self, draft: &DraftBody, template: Option<Template>) {
        let DraftBody::Reply {
            text,
            lang,
            channel,
            ..
        } = draft
        else {
            return;
        };
        self.template = template;
        self.lang = *lang;
        if self.inquiry.channel != Channel::Private {
            self.channel = *channel;
        }
        self.set_text(text);
        self.edited = true;
        self.unsaved = false;
        self.draft_kept = true;
    }

    /// What the desk is asked to send.
    pub fn request(&self) -> ReplyRequest {
        ReplyRequest {
            inquiry: self.inquiry.id,
            channel: self.channel,
            lang: self.lang,
            template: self.template.as_ref().map(|t| t.name.clone()),
            text: self.text(),
        }
    }
}

/// An editor holding `text`, wrapping words, the cursor at its end: the
/// reply's and the escalation form's fields alike.
pub fn editor(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}
