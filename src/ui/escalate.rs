//! The escalation form's data: which mission and why, how severe, the
//! summary and the officer's note (each in an editor), and what the
//! directory says will happen (who receives it, by when). Plain data;
//! `update` drives it and `view` draws it.

use std::sync::Arc;

use ratatui_textarea::TextArea;

use super::compose::editor;

use crate::config::SourceConfig;
use crate::escalate::packet::{Request, build, default_summary, deliveries, platform_link};
use crate::escalate::{Escalation, EscalationConfig, Missions};
use crate::model::{Event, Inquiry, InquiryId, Priority};
use crate::triage::route::Gazetteer;

/// What escalating needs from the config, shared, built once.
#[derive(Debug)]
pub struct EscalationSetup {
    pub missions: Missions,
    pub gazetteer: Gazetteer,
    pub config: EscalationConfig,
    pub sources: Vec<SourceConfig>,
    pub case_prefix: String,
}

impl EscalationSetup {
    pub fn from_config(config: &crate::config::Config) -> EscalationSetup {
        EscalationSetup {
            missions: config.missions.clone(),
            gazetteer: Gazetteer::new(&config.missions, &config.countries),
            config: config.escalation.clone(),
            sources: config.sources.clone(),
            case_prefix: config.reply.case_prefix.clone(),
        }
    }
}

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
    pub setup: Arc<EscalationSetup>,
}

impl EscalateForm {
    pub fn new(
        inquiry: &Inquiry,
        history: Vec<Event>,
        mission: &str,
        reason: &str,
        setup: Arc<EscalationSetup>,
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

    pub fn request(&self) -> Request {
        Request {
            mission: self.mission.clone(),
            reason: self.reason.clone(),
            severity: self.severity,
            summary: self.summary.lines().join(" "),
            note: self.note.lines().join("\n"),
        }
    }

    /// Who would receive it: the deliveries, or why there are none.
    pub fn recipients(&self) -> Result<Vec<String>, String> {
        deliveries(&self.mission, &self.setup.missions, &self.setup.config).map(|ds| {
            ds.iter()
                .map(|d| format!("{} {}", d.describe_route(), d.to))
                .collect()
        })
    }

    /// The escalation to record, or what is missing.
    pub fn draft(&self, officer: &str, now: jiff::Timestamp) -> Result<Escalation, String> {
        let link = platform_link(&self.inquiry, &self.setup.sources);
        let case_ref = format!("{}{}", self.setup.case_prefix, self.inquiry.id);
        build(
            &self.inquiry,
            &self.history,
            &self.request(),
            officer,
            now,
            &self.setup.missions,
            &self.setup.config,
            link,
            &case_ref,
        )
    }
}
