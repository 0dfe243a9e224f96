//! The desk's rules for what an officer may send, held by the queue that
//! owns the store: the reply policy, the mission directory and how to
//! escalate. A reply or an escalation is built here, from the stored
//! inquiry and the officer's words, whoever asked: the TUI in this
//! process, `siaga reply`, or a client of `siaga serve`. A client's own
//! idea of the record (its target, its recipients, its state) never
//! reaches the store.

use std::sync::Arc;

use jiff::Timestamp;

use crate::escalate::packet::{EscalationRequest, Problem, Request, build, platform_link, reason};
use crate::escalate::{Escalation, EscalationConfig, Missions};
use crate::model::{Event, Inquiry};
use crate::reply::compose::{Refusal, ReplyConfig, approve, covering_mission};
use crate::reply::{PlatformRules, Reply, ReplyRequest, Template};
use crate::source::settings::SourceConfig;
use crate::triage::Lexicon;
use crate::triage::route::Gazetteer;

/// What replying and escalating need from the config, built once.
#[derive(Debug)]
pub struct DeskPolicy {
    pub reply: ReplyConfig,
    /// The templates the desk offers (a group answer renders them here).
    pub templates: Vec<Template>,
    /// The scorer's words: a group answer holds back a member whose plea
    /// carries a raise signal most of the group's do not.
    pub lexicon: Arc<Lexicon>,
    pub missions: Missions,
    pub gazetteer: Gazetteer,
    pub escalation: EscalationConfig,
    pub sources: Vec<SourceConfig>,
    /// Officers the desk knows besides the host's logins (`[daemon]`
    /// officers and supervisors): who an inquiry may be given to.
    pub officers: Vec<String>,
    /// When a surge of arrivals suggests a crisis (`[crisis]`).
    pub surge: crate::triage::surge::SurgeSettings,
    /// Whether arrivals are grouped (`[grouping]`).
    pub grouping: super::grouping::GroupingSettings,
    /// How the learned model is used (`[triage] learned`).
    pub learned: crate::model::LearnedMode,
    /// Close reasons that say "not a protection case" to the learned
    /// model (`[triage] noise_reasons`).
    pub noise_reasons: Vec<String>,
}

impl Default for DeskPolicy {
    fn default() -> DeskPolicy {
        let missions = Missions::default();
        DeskPolicy {
            reply: ReplyConfig::default(),
            templates: Vec::new(),
            lexicon: Arc::new(Lexicon::builtin()),
            gazetteer: Gazetteer::new(&missions, &Default::default()),
            missions,
            escalation: EscalationConfig::default(),
            sources: Vec::new(),
            officers: Vec::new(),
            surge: Default::default(),
            grouping: Default::default(),
            learned: Default::default(),
            noise_reasons: super::learning::NOISE_REASONS.map(String::from).to_vec(),
        }
    }
}

impl DeskPolicy {
    /// Whether an inquiry may be given to `login`: a login on this host,
    /// or an officer the config names. A typo ("bdui") must not park a
    /// citizen's case with nobody.
    pub fn knows_officer(&self, login: &str) -> bool {
        let login = login.trim();
        self.officers.iter().any(|o| o == login)
            || matches!(nix::unistd::User::from_name(login), Ok(Some(_)))
    }

    /// The reply `request` asks for, or why it may not be queued.
    pub fn reply(
        &self,
        request: ReplyRequest,
        inq: &Inquiry,
        rules: &PlatformRules,
        officer: &str,
        now: Timestamp,
    ) -> Result<Reply, Refusal> {
        let mission = covering_mission(inq, &self.missions, &self.gazetteer);
        let names: Vec<String> = self.templates.iter().map(|t| t.name.clone()).collect();
        approve(
            request,
            inq,
            rules,
            &self.reply,
            mission.as_ref(),
            &names,
            officer,
            now,
        )
    }

    /// The escalation `request` asks for: packet, deliveries from the
    /// directory, deadline from the severity; or why there can be none.
    pub fn escalation(
        &self,
        request: EscalationRequest,
        inq: &Inquiry,
        history: &[Event],
        officer: &str,
        now: Timestamp,
    ) -> Result<Escalation, Problem> {
        let why = reason(inq, &request.mission, officer, &self.gazetteer);
        let request = Request {
            mission: request.mission,
            reason: why,
            severity: request.severity,
            summary: request.summary,
            note: request.note,
            made: request.made,
        };
        build(
            inq,
            history,
            &request,
            officer,
            now,
            &self.missions,
            &self.escalation,
            platform_link(inq, &self.sources),
            &self.case_ref(inq),
        )
    }

    /// The desk's reference for an inquiry: `SIAGA-42`.
    pub fn case_ref(&self, inq: &Inquiry) -> String {
        format!("{}{}", self.reply.case_prefix, inq.id)
    }
}
