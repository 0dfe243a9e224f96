//! Building an escalation: the packet of facts from the inquiry and its
//! history, the deliveries its mission's contacts call for, the deadline
//! its severity sets; and rendering it for the wire: a plain-text e-mail
//! and a JSON body, with personal data marked as such in both.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::settings::EscalationConfig;
use crate::model::escalation::{
    Delivery, Escalation, EscalationId, MadeContact, Packet, PacketAuthor, PacketEvent, Personal,
    Purpose, Route,
};
use crate::model::missions::{Mission, Missions};
use crate::model::{Channel, Event, Inquiry, Priority};
use crate::source::settings::{SourceConfig, SourceKind};
use crate::triage::route::Gazetteer;

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

/// Why `code` was chosen, in words for the mission: the gazetteer's own
/// reason when it suggests the same mission, otherwise who chose it.
pub fn reason(inq: &Inquiry, code: &str, officer: &str, gazetteer: &Gazetteer) -> String {
    match gazetteer.suggest(&routing_text(inq)) {
        Some(s) if s.mission == code => s.reason,
        Some(s) => format!(
            "chosen by {officer} (suggested: {})",
            crate::triage::sanitize_line(&s.reason, 80)
        ),
        None => format!("chosen by {officer} (no place named)"),
    }
}

/// The citizen's words and follow-ups: where routing looks.
pub fn routing_text(inq: &Inquiry) -> String {
    let mut text = inq.text.clone();
    for f in &inq.followups {
        text.push('\n');
        text.push_str(&f.text);
    }
    text
}

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

/// The deliveries for `mission`: its e-mail and webhook, or the default
/// desk's when it has none. An error names what to configure.
pub fn deliveries(
    code: &str,
    missions: &Missions,
    config: &EscalationConfig,
) -> Result<Vec<Delivery>, String> {
    let mission = missions
        .get(code)
        .ok_or_else(|| format!("no mission `{code}` in the directory"))?;
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
        _ => Err(format!(
            "{} has no e-mail or webhook, nor has the default desk `{}`; set \
             [missions.{code}] email = \"...\" in your config, or record a call \
             or WhatsApp you made (--via phone --reached NAME; phoned/WA in the form)",
            mission.display_name(),
            config.default_desk
        )),
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
) -> Result<Escalation, String> {
    let mission = missions
        .get(&request.mission)
        .ok_or_else(|| format!("no mission `{}` in the directory", request.mission))?;
    if !mission.takes_cases() {
        return Err(format!(
            "{} takes no consular cases",
            mission.display_name()
        ));
    }
    if request.summary.trim().is_empty() {
        return Err("an escalation needs a summary".into());
    }
    if request.summary.chars().count() > MAX_SUMMARY {
        return Err(format!(
            "the summary is longer than {MAX_SUMMARY} characters; put the rest in the note"
        ));
    }
    if request.note.chars().count() > MAX_NOTE {
        return Err(format!("the note is longer than {MAX_NOTE} characters"));
    }
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
                contact.check()?;
                vec![Delivery::made(contact, Purpose::Mission, now)]
            }
            None => deliveries(&request.mission, missions, config)?,
        },
        ack: None,
        overdue_at: None,
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
#[derive(Serialize)]
struct Body<'a> {
    version: u32,
    escalation: String,
    delivery: &'a str,
    purpose: Purpose,
    mission: MissionRef<'a>,
    severity: Priority,
    summary: &'a str,
    note: &'a str,
    officer: &'a str,
    created_at: Timestamp,
    ack_deadline: Timestamp,
    overdue: bool,
    packet: &'a Packet,
}

#[derive(Serialize)]
struct MissionRef<'a> {
    code: &'a str,
    name: &'a str,
}

pub fn json_body(e: &Escalation, delivery: &Delivery) -> Vec<u8> {
    let body = Body {
        version: 1,
        escalation: e.id.to_string(),
        delivery: &delivery.message_id,
        purpose: delivery.purpose,
        mission: MissionRef {
            code: &e.mission,
            name: &e.mission_name,
        },
        severity: e.severity,
        summary: &e.summary,
        note: &e.note,
        officer: &e.officer,
        created_at: e.created_at,
        ack_deadline: e.deadline,
        overdue: delivery.purpose == Purpose::Supervisor,
        packet: &e.packet,
    };
    serde_json::to_vec(&body).expect("escalation bodies serialize")
}

/// The e-mail's subject line.
pub fn subject(e: &Escalation, delivery: &Delivery) -> String {
    let lead = match delivery.purpose {
        Purpose::Supervisor => "OVERDUE, not acknowledged: ",
        Purpose::DefaultDesk => "For the default desk: ",
        Purpose::Mission => "",
    };
    // The summary may quote the citizen: it stays in the body, out of
    // mail lists and notifications.
    format!(
        "[SIAGA {} {}] {lead}{} — {} case",
        e.severity,
        e.packet.case_ref,
        e.mission_name,
        crate::triage::sanitize_line(&e.packet.category, 30)
    )
}

/// The e-mail's plain text: what happened, what to do, then the facts,
/// with personal data marked.
pub fn email_text(e: &Escalation, delivery: &Delivery) -> String {
    let p = &e.packet;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    match delivery.purpose {
        Purpose::Supervisor => line(format!(
            "This escalation was not acknowledged by its deadline ({}).",
            e.deadline.strftime("%Y-%m-%d %H:%M UTC")
        )),
        Purpose::DefaultDesk => line(format!(
            "{} has no contact configured in siaga; this case is for them.",
            e.mission_name
        )),
        Purpose::Mission => {}
    }
    line(format!(
        "Case {} escalated to {} by {} at {}.",
        p.case_ref,
        e.mission_name,
        e.officer,
        e.created_at.strftime("%Y-%m-%d %H:%M UTC")
    ));
    line(format!(
        "Severity {}. Please acknowledge by {} (reply to this e-mail or call the desk).",
        e.severity,
        e.deadline.strftime("%Y-%m-%d %H:%M UTC")
    ));
    line(String::new());
    line(format!("Summary: {}", e.summary));
    if !e.note.is_empty() {
        line(format!("Officer's note: {}", e.note));
    }
    line(format!("Why this mission: {}", e.reason));
    line(String::new());
    line(format!(
        "Category: {}   Priority: {}",
        p.category, p.priority
    ));
    if !p.tags.is_empty() {
        line(format!("Tags: {}", p.tags.join(", ")));
    }
    line(format!("Channel: {} via {}", p.channel, p.source));
    if let Some(link) = &p.link {
        line(format!("Link: {link}"));
    }
    line(String::new());
    line("[PERSONAL DATA] Author:".into());
    let a = &p.author.value;
    line(format!(
        "  {} (@{}){}",
        a.name,
        a.handle,
        a.platform_id
            .as_deref()
            .map(|id| format!(", platform id {id}"))
            .unwrap_or_default()
    ));
    line(String::new());
    line("[PERSONAL DATA] The citizen's words, as received:".into());
    for (i, t) in p.text.value.iter().enumerate() {
        if i > 0 {
            line("  -- follow-up --".into());
        }
        for l in t.lines() {
            line(format!("  {l}"));
        }
    }
    line(String::new());
    line("History:".into());
    for h in &p.history {
        line(format!(
            "  {} {} {} {} -> {}",
            h.at.strftime("%Y-%m-%d %H:%M"),
            h.officer,
            h.what,
            h.before.as_deref().unwrap_or(""),
            h.after.as_deref().unwrap_or("")
        ));
    }
    line(String::new());
    line(
        "This message holds personal data of a citizen in need of protection \
         (UU 27/2022). Share it only with those handling the case."
            .into(),
    );
    // Outside text may carry escape sequences: make them visible.
    crate::triage::sanitize(&out)
}
