//! The escalation form's data: which mission and why, how severe, the
//! summary and the officer's note (each in an editor), and what the
//! directory says will happen (who receives it, by when). Plain data;
//! `update` drives it and `view` draws it.

use std::sync::Arc;

use ratatui_textarea::TextArea;

use super::compose::editor;

use crate::escalate::packet::{EscalationRequest, default_summary, plan, refusal};
use crate::i18n::Lang;
use crate::model::escalation::{MadeContact, Route};
use crate::model::{DraftBody, Event, Inquiry, InquiryId, Priority};
use crate::queue::DeskPolicy;
use crate::tr;

/// Which field of the form has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Summary,
    Note,
    /// Who was reached, when the officer made the contact by hand.
    Reached,
}

#[derive(Debug, Clone)]
pub struct EscalateForm {
    pub inquiry: Box<Inquiry>,
    pub history: Vec<Event>,
    pub mission: String,
    pub mission_name: String,
    pub reason: String,
    pub severity: Priority,
    pub summary: TextArea<'static>,
    pub note: TextArea<'static>,
    /// None: siaga delivers it (e-mail, webhook). Phone or WhatsApp: the
    /// officer made the contact and names who they reached.
    pub via: Option<Route>,
    pub reached: TextArea<'static>,
    pub focus: Field,
    pub sending: bool,
    /// The officer typed in the summary or the note: leaving asks first.
    pub edited: bool,
    /// `Esc` was pressed once on typed text; the next one discards it.
    pub discard_armed: bool,
    /// Changed since the draft was last saved (the next tick saves it).
    pub unsaved: bool,
    /// The desk keeps a draft of it (saved, or restored from one).
    pub draft_kept: bool,
    pub setup: Arc<DeskPolicy>,
}

impl EscalateForm {
    pub fn new(
        inquiry: &Inquiry,
        history: Vec<Event>,
        mission: &str,
        reason: &str,
        setup: Arc<DeskPolicy>,
    ) -> EscalateForm {
        let mission_name = setup
            .missions
            .get(mission)
            .map_or_else(|| mission.to_string(), |m| m.display_name());
        EscalateForm {
            inquiry: Box::new(inquiry.clone()),
            history,
            mission: mission.to_string(),
            mission_name,
            reason: reason.to_string(),
            severity: inquiry.priority,
            summary: editor(&default_summary(inquiry)),
            note: editor(""),
            via: None,
            reached: editor(""),
            focus: Field::Summary,
            sending: false,
            edited: false,
            discard_armed: false,
            unsaved: false,
            draft_kept: false,
            setup,
        }
    }

    pub fn id(&self) -> InquiryId {
        self.inquiry.id
    }

    pub fn focused(&mut self) -> &mut TextArea<'static> {
        match self.focus {
            Field::Summary => &mut self.summary,
            Field::Note => &mut self.note,
            Field::Reached => &mut self.reached,
        }
    }

    /// Tab: summary, note, and who was reached when made by hand.
    pub fn next_field(&mut self) {
        self.focus = match (self.focus, self.via) {
            (Field::Summary, _) => Field::Note,
            (Field::Note, Some(_)) => Field::Reached,
            _ => Field::Summary,
        };
    }

    /// `C-o`: sent by siaga → a phone call made → a WhatsApp sent → back.
    /// Choosing one made by hand goes to the name of who was reached.
    pub fn next_via(&mut self) {
        self.via = match self.via {
            None => Some(Route::Phone),
            Some(Route::Phone) => Some(Route::WhatsApp),
            Some(_) => None,
        };
        self.focus = match self.via {
            Some(_) => Field::Reached,
            None if self.focus == Field::Reached => Field::Summary,
            None => self.focus,
        };
    }

    fn made(&self) -> Option<MadeContact> {
        self.via.map(|via| MadeContact {
            via,
            reached: self.reached.lines().join(" "),
        })
    }

    /// What the desk keeps of it as a draft (the editors' lines as typed).
    pub fn draft(&self) -> DraftBody {
        DraftBody::Escalation {
            mission: self.mission.clone(),
            severity: self.severity,
            summary: self.summary.lines().join("\n"),
            note: self.note.lines().join("\n"),
            via: self.via,
            reached: self.reached.lines().join("\n"),
        }
    }

    /// Take back what a draft kept (its mission is the form's already):
    /// severity, the three fields and how it goes. Edited, and kept.
    pub fn restore(&mut self, draft: &DraftBody) {
        let DraftBody::Escalation {
            severity,
            summary,
            note,
            via,
            reached,
            ..
        } = draft
        else {
            return;
        };
        self.severity = *severity;
        self.summary = editor(summary);
        self.note = editor(note);
        self.via = *via;
        self.reached = editor(reached);
        self.edited = true;
        self.unsaved = false;
        self.draft_kept = true;
    }

    /// What the desk is asked to escalate.
    pub fn request(&self) -> EscalationRequest {
        EscalationRequest {
            inquiry: self.inquiry.id,
            mission: self.mission.clone(),
            severity: self.severity,
            summary: self.summary.lines().join(" "),
            note: self.note.lines().join("\n"),
            made: self.made(),
        }
    }

    /// Who would receive it: the deliveries, or why there are none.
    pub fn recipients(&self) -> Result<Vec<String>, String> {
        self.recipients_in(Lang::En)
    }

    /// `recipients`, in the officer's language (the reason there are none
    /// too; the mission's name and its code as the directory has them).
    pub fn recipients_in(&self, lang: Lang) -> Result<Vec<String>, String> {
        if let Some(via) = self.via {
            let who = self.reached.lines().join(" ");
            let who = if who.trim().is_empty() {
                "?"
            } else {
                who.trim()
            };
            return Ok(vec![tr!(
                lang,
                "escalate-made-by-you",
                route = route_name(lang, via),
                who = who
            )]);
        }
        plan(&self.mission, &self.setup.missions, &self.setup.escalation)
            .map(|ds| {
                ds.iter()
                    .map(|d| format!("{} {}", route_name(lang, d.route), d.to))
                    .collect()
            })
            .map_err(|p| p.describe(lang))
    }

    /// What would keep the desk from recording it (the desk checks it
    /// again itself).
    pub fn check(&self, officer: &str, now: jiff::Timestamp) -> Result<(), String> {
        self.setup
            .escalation(self.request(), &self.inquiry, &self.history, officer, now)
            .map(|_| ())
            .map_err(|p| p.to_string())
    }

    /// `check`, what the form can tell itself (the directory, the
    /// summary, the note, who was reached) in the officer's `lang`; the
    /// desk's own answer as it gives it.
    pub fn check_in(&self, lang: Lang, officer: &str, now: jiff::Timestamp) -> Result<(), String> {
        let r = self.request();
        if let Some(problem) = refusal(
            &r.mission,
            &r.summary,
            &r.note,
            r.made.as_ref(),
            &self.setup.missions,
            &self.setup.escalation,
        ) {
            return Err(problem.describe(lang));
        }
        self.setup
            .escalation(self.request(), &self.inquiry, &self.history, officer, now)
            .map(|_| ())
            .map_err(|p| p.describe(lang))
    }
}

/// How a delivery goes, in the officer's language ("e-mail", "telepon").
pub fn route_name(lang: Lang, route: Route) -> String {
    match route {
        Route::Email => tr!(lang, "route-email"),
        Route::Webhook => tr!(lang, "route-webhook"),
        Route::Phone => tr!(lang, "route-phone"),
        Route::WhatsApp => tr!(lang, "route-whatsapp"),
    }
}
