//! Building an escalation: the packet of facts from the inquiry and its
//! history, the deliveries its mission's contacts call for, the deadline
//! its severity sets. Rendering it for the wire (a plain-text e-mail and a
//! JSON body) is [`render`]; the routing reason in words is [`wording`].

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::settings::EscalationConfig;
use crate::i18n::{Lang, Said};
use crate::model::escalation::{
    ContactProblem, Delivery, Escalation, EscalationId, MadeContact, Packet, PacketAuthor,
    PacketEvent, Personal, Purpose, Route,
};
use crate::model::missions::{Mission, Missions};
use crate::model::{Channel, Event, Inquiry, Priority};
use crate::said;
use crate::source::settings::{SourceConfig, SourceKind};

mod render;
mod wording;

pub use render::{attachment, email_text, json_body, subject};
pub use wording::{reason, reason_in, routing_text, suggestion_in};

/// What an officer asks: escalate this inquiry to this mission, this
/// severe, in these words. Only this crosses from a client to the desk;
/// the desk builds the packet, the deliveries (from its own directory)
/// and the deadline itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationRequest {
    pub inquiry: crate::model::InquiryId,
    pub mission: String,
    pub severity: Priority,
    pub summary: String,
    pub note: String,
    /// Made by the officer by phone or WhatsApp: recorded, nothing sent.
    /// None: the desk delivers it by e-mail and/or webhook.
    #[serde(default)]
    pub made: Option<MadeContact>,
}

/// Longest summary an escalation takes (characters).
pub const MAX_SUMMARY: usize = 1_000;
/// Longest officer's note an escalation takes (characters).
pub const MAX_NOTE: usize = 10_000;

/// What the officer chose in the form (or on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub mission: String,
    pub reason: String,
    pub severity: Priority,
    pub summary: String,
    pub note: String,
    pub made: Option<MadeContact>,
}

/// Where a post can be seen: X posts by id; Mastodon statuses on the
/// source's instance; direct messages have no public link.
pub fn platform_link(inq: &Inquiry, sources: &[SourceConfig]) -> Option<String> {
    if inq.channel == Channel::Private {
        return None;
    }
    match sources.iter().find(|s| s.name == inq.source) {
        Some(s) if s.kind == SourceKind::Mastodon => Some(format!(
            "{}/@{}/{}",
            s.base_url.trim_end_matches('/'),
            inq.author.handle,
            inq.external_id
        )),
        _ => Some(format!(
            "https://x.com/{}/status/{}",
            inq.author.handle, inq.external_id
        )),
    }
}

/// The packet for `inq` as it stands, with its history.
pub fn packet(inq: &Inquiry, history: &[Event], link: Option<String>, case_ref: &str) -> Packet {
    let mut text = vec![inq.text.clone()];
    text.extend(inq.followups.iter().map(|f| f.text.clone()));
    Packet {
        case_ref: case_ref.to_string(),
        inquiry: inq.id,
        source: inq.source.clone(),
        channel: inq.channel.as_str().to_string(),
        link,
        category: inq.category.clone(),
        priority: inq.priority,
        tags: inq.tags.clone(),
        received_at: inq.received_at,
        author: Personal::new(PacketAuthor {
            handle: inq.author.handle.clone(),
            name: inq.author.display_name.clone(),
            platform_id: inq.author.platform_id.clone(),
        }),
        text: Personal::new(text),
        history: history
            .iter()
            .map(|e| PacketEvent {
                at: e.at,
                officer: e.officer.clone(),
                what: e.what.clone(),
                before: e.before.clone(),
                after: e.after.clone(),
            })
            .collect(),
    }
}

/// Why an escalation cannot be recorded or delivered. `Display` is
/// English, as the desk answers a client and logs it; `describe` is in
/// the officer's language, for the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No such mission code in the directory.
    NoMission(String),
    /// Neither the mission (its name, its code) nor the default desk has
    /// an e-mail or a webhook.
    NoContact {
        mission: String,
        code: String,
        desk: String,
    },
    /// The mission (by name) takes no consular cases.
    NoCases(String),
    NoSummary,
    SummaryTooLong,
    NoteTooLong,
    Contact(ContactProblem),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoMission(code) => write!(f, "no mission `{code}` in the directory"),
            Problem::NoContact {
                mission,
                code,
                desk,
            } => write!(
                f,
                "{mission} has no e-mail or webhook, nor has the default desk `{desk}`; set \
                 [missions.{code}] email = \"...\" in your config, or record a call \
                 or WhatsApp you made (--via phone --reached NAME; phoned/WA in the form)"
            ),
            Problem::NoCases(mission) => write!(f, "{mission} takes no consular cases"),
            Problem::NoSummary => f.write_str("an escalation needs a summary"),
            Problem::SummaryTooLong => write!(
                f,
                "the summary is longer than {MAX_SUMMARY} characters; put the rest in the note"
            ),
            Problem::NoteTooLong => write!(f, "the note is longer than {MAX_NOTE} characters"),
            Problem::Contact(p) => p.fmt(f),
        }
    }
}

impl std::error::Error for Problem {}

impl Problem {
    /// The problem in the officer's `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        self.said().in_lang(lang)
    }

    /// The problem as a catalog sentence, said in each reader's language
    /// (it crosses the daemon inside a store refusal).
    pub fn said(&self) -> Said {
        match self {
            Problem::NoMission(code) => said!("escalate-no-mission", code = code),
            Problem::NoContact {
                mission,
                code,
                desk,
            } => said!(
                "escalate-no-contact",
                mission = mission,
                code = code,
                desk = desk
            ),
            Problem::NoCases(mission) => said!("escalate-no-cases", mission = mission),
            Problem::NoSummary => said!("escalate-no-summary"),
            Problem::SummaryTooLong => {
                said!("escalate-summary-too-long", max = MAX_SUMMARY.to_string())
            }
            Problem::NoteTooLong => said!("escalate-note-too-long", max = MAX_NOTE.to_string()),
            Problem::Contact(ContactProblem::NotByHand) => said!("contact-not-by-hand"),
            Problem::Contact(ContactProblem::NoOneNamed) => said!("contact-no-one-named"),
            Problem::Contact(ContactProblem::NameTooLong) => said!(
                "contact-name-too-long",
                max = crate::model::escalation::MAX_REACHED.to_string()
            ),
        }
    }
}

/// The deliveries for `mission`: its e-mail and webhook, or the default
/// desk's when it has none. An error names what to configure.
pub fn deliveries(
    code: &str,
    missions: &Missions,
    config: &EscalationConfig,
) -> Result<Vec<Delivery>, String> {
    plan(code, missions, config).map_err(|p| p.to_string())
}

/// `deliveries`, the error as a `Problem` (to be worded in the officer's
/// language).
pub fn plan(
    code: &str,
    missions: &Missions,
    config: &EscalationConfig,
) -> Result<Vec<Delivery>, Problem> {
    let mission = missions
        .get(code)
        .ok_or_else(|| Problem::NoMission(code.to_string()))?;
    let of = |m: &Mission, purpose| {
        let mut out = Vec::new();
        if !m.email.trim().is_empty() {
            out.push(Delivery::new(Route::Email, m.email.trim(), purpose));
        }
        if !m.webhook_url.trim().is_empty() {
            out.push(Delivery::new(Route::Webhook, m.webhook_url.trim(), purpose));
        }
        out
    };
    let own = of(mission, Purpose::Mission);
    if !own.is_empty() {
        return Ok(own);
    }
    let desk = missions
        .get(&config.default_desk)
        .map(|d| of(d, Purpose::DefaultDesk));
    match desk {
        Some(d) if !d.is_empty() => Ok(d),
        _ => Err(Problem::NoContact {
            mission: mission.display_name(),
            code: code.to_string(),
            desk: config.default_desk.clone(),
        }),
    }
}

/// What keeps an escalation of `mission` with this summary, note and
/// contact made by hand from being recorded, in the order `build` finds
/// it: the form asks before the desk does, in the officer's words.
pub fn refusal(
    mission: &str,
    summary: &str,
    note: &str,
    made: Option<&MadeContact>,
    missions: &Missions,
    config: &EscalationConfig,
) -> Option<Problem> {
    let Some(m) = missions.get(mission) else {
        return Some(Problem::NoMission(mission.to_string()));
    };
    if !m.takes_cases() {
        return Some(Problem::NoCases(m.display_name()));
    }
    if summary.trim().is_empty() {
        return Some(Problem::NoSummary);
    }
    if summary.chars().count() > MAX_SUMMARY {
        return Some(Problem::SummaryTooLong);
    }
    if note.chars().count() > MAX_NOTE {
        return Some(Problem::NoteTooLong);
    }
    match made {
        Some(contact) => contact.problem().map(Problem::Contact),
        None => plan(mission, missions, config).err(),
    }
}

/// A new escalation, ready for the store (which numbers it).
#[allow(clippy::too_many_arguments)]
pub fn build(
    inq: &Inquiry,
    history: &[Event],
    request: &Request,
    officer: &str,
    now: Timestamp,
    missions: &Missions,
    config: &EscalationConfig,
    link: Option<String>,
    case_ref: &str,
) -> Result<Escalation, Problem> {
    if let Some(problem) = refusal(
        &request.mission,
        &request.summary,
        &request.note,
        request.made.as_ref(),
        missions,
        config,
    ) {
        return Err(problem);
    }
    let mission = missions
        .get(&request.mission)
        .ok_or_else(|| Problem::NoMission(request.mission.clone()))?;
    Ok(Escalation {
        id: EscalationId(0),
        inquiry: inq.id,
        officer: officer.to_string(),
        created_at: now,
        mission: request.mission.clone(),
        mission_name: mission.display_name(),
        reason: request.reason.clone(),
        severity: request.severity,
        summary: request.summary.trim().to_string(),
        note: request.note.trim().to_string(),
        deadline: now + config.ack_window(request.severity),
        packet: packet(inq, history, link, case_ref),
        deliveries: match &request.made {
            Some(contact) => {
                if let Some(p) = contact.problem() {
                    return Err(Problem::Contact(p));
                }
                vec![Delivery::made(contact, Purpose::Mission, now)]
            }
            None => plan(&request.mission, missions, config)?,
        },
        ack: None,
        overdue_at: None,
        roster: None,
    })
}

/// The prefilled summary: the first line of the citizen's words, short.
pub fn default_summary(inq: &Inquiry) -> String {
    let first = inq
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let clean = crate::triage::sanitize_line(first, 160);
    format!("{} — {}", inq.category, clean)
}

/// The webhook's JSON body.
#[cfg(test)]
mod tests;
