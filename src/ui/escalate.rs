//! The escalation form's data: which mission and why, how severe, the
//! summary and the officer's note (each in an editor), and what the
//! directory says will happen (who receives it, by when). Plain data;
//! `update` drives it and `view` draws it.

use std::sync::Arc;

use ratatui_textarea::TextArea;

use super::compose::editor;

use crate::escalate::packet::{EscalationRequest, default_summary, deliveries};
use crate::model::{Event, Inquiry, InquiryId, Priority};
use crate::queue::DeskPolicy;

/// Which field of the form has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Summary,
    Note,
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
    pub focus: Field,
    pub sending: bool,
    /// The officer typed in the summary or the note: leaving asks first.
    pub edited: bool,
    /// `Esc` was pressed once on typed text; the next one discards it.
    pub discard_armed: bool,
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
            focus: Field::Summary,
            sending: false,
            edited: false,
            discard_armed: false,
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
        }
    }

    /// What the desk is asked to escalate.
    pub fn request(&self) -> EscalationRequest {
        EscalationRequest {
            inquiry: self.inquiry.id,
            mission: self.mission.clone(),
            severity: self.severity,
            summary: self.summary.lines().join(" "),
            note: self.note.lines().join("\n"),
        }
    }

    /// Who would receive it: the deliveries, or why there are none.
    pub fn recipients(&self) -> Result<Vec<String>, String> {
        deliveries(&self.mission, &self.setup.missions, &self.setup.escalation).map(|ds| {
            ds.iter()
                .map(|d| format!("{} {}", d.describe_route(), d.to))
                .collect()
        })
    }

    /// What would keep the desk from recording it (the desk checks it
    /// again itself).
    pub fn check(&self, officer: &str, now: jiff::Timestamp) -> Result<(), String> {
        self.setup
            .escalation(self.request(), &self.inquiry, &self.history, officer, now)
            .map(|_| ())
    }
}
