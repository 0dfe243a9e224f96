//! Building an escalation: the packet of facts from the inquiry and its
//! history, the deliveries its mission's contacts call for, the deadline
//! its severity sets; and rendering it for the wire: a plain-text e-mail
//! and a JSON body, with personal data marked as such in both.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::settings::EscalationConfig;
use crate::i18n::Lang;
use crate::model::escalation::{
    ContactProblem, Delivery, Escalation, EscalationId, MadeContact, Packet, PacketAuthor,
    PacketEvent, Personal, Purpose, Route,
};
use crate::model::missions::{Mission, Missions};
use crate::model::{Channel, Event, Inquiry, Priority};
use crate::source::settings::{SourceConfig, SourceKind};
use crate::tr;
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

/// `reason`'s words (as recorded, in English) in the officer's `lang`,
/// for the escalation form and wherever a reason is shown: "dipilih oleh
/// siti (saran: Riyadh (disebut sebagai tempat ia berada) → KBRI
/// Riyadh)". What is recorded and sent to the mission stays as `reason`
/// made it; a reason not in these shapes is shown as it is.
pub fn reason_in(lang: Lang, reason: &str) -> String {
    if let Some(rest) = reason.strip_prefix("chosen by ") {
        if let Some(officer) = rest.strip_suffix(" (no place named)") {
            return tr!(lang, "reason-chosen-no-place", officer = officer);
        }
        if let Some((officer, suggested)) = rest.split_once(" (suggested: ")
            && let Some(suggested) = suggested.strip_suffix(')')
        {
            return tr!(
                lang,
                "reason-chosen-suggested",
                officer = officer,
                suggested = suggestion_in(lang, suggested)
            );
        }
    }
    suggestion_in(lang, reason)
}

/// A routing suggestion's reason (`Suggestion::reason`: "Myawaddy (named
/// as where they are) → KBRI Yangon") in `lang`; as it is if it is not
/// in that shape (cut short, say).
pub fn suggestion_in(lang: Lang, reason: &str) -> String {
    let parts = reason.rsplit_once(") → ").and_then(|(head, mission)| {
        let (place, note) = head.rsplit_once(" (")?;
        Some((place, note_in(lang, note)?, mission))
    });
    match parts {
        Some((place, note, mission)) => tr!(
            lang,
            "route-reason",
            place = place,
            note = note,
            mission = mission
        ),
        None => reason.to_string(),
    }
}

/// The note of a suggestion: a role, "addressed; no place named", or a
/// role and the country it is inside ("named; inside Malaysia, named as
/// where they are").
fn note_in(lang: Lang, note: &str) -> Option<String> {
    if note == "addressed; no place named" {
        return Some(tr!(lang, "route-addressed"));
    }
    if let Some((role, inside)) = note.split_once("; inside ") {
        let (country, country_role) = inside.rsplit_once(", ")?;
        return Some(tr!(
            lang,
            "route-inside",
            role = role_in(lang, role)?,
            country = country,
            country_role = role_in(lang, country_role)?
        ));
    }
    role_in(lang, note)
}

/// How a place was named, in `lang` (the routing's own labels).
fn role_in(lang: Lang, role: &str) -> Option<String> {
    Some(match role {
        "named as where they are" => tr!(lang, "route-role-here"),
        "named as where they are going" => tr!(lang, "route-role-going"),
        "named" => tr!(lang, "route-role-named"),
        "origin/transit" => tr!(lang, "route-role-origin"),
        "nationality/flag" => tr!(lang, "route-role-affiliation"),
        _ => return None,
    })
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
        match self {
            Problem::NoMission(code) => tr!(lang, "escalate-no-mission", code = code),
            Problem::NoContact {
                mission,
                code,
                desk,
            } => tr!(
                lang,
                "escalate-no-contact",
                mission = mission,
                code = code,
                desk = desk
            ),
            Problem::NoCases(mission) => tr!(lang, "escalate-no-cases", mission = mission),
            Problem::NoSummary => tr!(lang, "escalate-no-summary"),
            Problem::SummaryTooLong => tr!(
                lang,
                "escalate-summary-too-long",
                max = MAX_SUMMARY.to_string()
            ),
            Problem::NoteTooLong => {
                tr!(lang, "escalate-note-too-long", max = MAX_NOTE.to_string())
            }
            Problem::Contact(ContactProblem::NotByHand) => tr!(lang, "contact-not-by-hand"),
            Problem::Contact(ContactProblem::NoOneNamed) => tr!(lang, "contact-no-one-named"),
            Problem::Contact(ContactProblem::NameTooLong) => tr!(
                lang,
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
) -> Result<Escalation, String> {
    if let Some(problem) = refusal(
        &request.mission,
        &request.summary,
        &request.note,
        request.made.as_ref(),
        missions,
        config,
    ) {
        return Err(problem.to_string());
    }
    let mission = missions
        .get(&request.mission)
        .ok_or_else(|| Problem::NoMission(request.mission.clone()).to_string())?;
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

/// The languages the e-mail's framing is written in, Indonesian first:
/// the mission reads it in either. The citizen's words, the summary and
/// the note appear once, as written.
const EMAIL_LANGS: [Lang; 2] = [Lang::Id, Lang::En];

/// A label in both languages: "Ringkasan / Summary".
fn both(label: impl Fn(Lang) -> String) -> String {
    EMAIL_LANGS.map(label).join(" / ")
}

/// The e-mail's subject line.
pub fn subject(e: &Escalation, delivery: &Delivery) -> String {
    let lead = match delivery.purpose {
        Purpose::Supervisor => format!("{}: ", both(|lang| tr!(lang, "email-subject-overdue"))),
        Purpose::DefaultDesk => {
            format!("{}: ", both(|lang| tr!(lang, "email-subject-default-desk")))
        }
        Purpose::Mission => String::new(),
    };
    // The summary may quote the citizen: it stays in the body, out of
    // mail lists and notifications.
    let category = crate::triage::sanitize_line(&e.packet.category, 30);
    let case = EMAIL_LANGS
        .map(|lang| tr!(lang, "email-subject-case", category = &category))
        .join(" / ");
    format!(
        "[SIAGA {} {}] {lead}{} — {case}",
        e.severity, e.packet.case_ref, e.mission_name,
    )
}

/// The e-mail's plain text: what happened, what to do, then the facts,
/// with personal data marked. siaga's own sentences in Indonesian, then
/// in English; each label in both.
pub fn email_text(e: &Escalation, delivery: &Delivery) -> String {
    let p = &e.packet;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let utc = crate::model::zone::utc_and_local;
    for lang in EMAIL_LANGS {
        match delivery.purpose {
            Purpose::Supervisor => line(tr!(lang, "email-overdue", due = utc(e.deadline))),
            Purpose::DefaultDesk => {
                line(tr!(lang, "email-default-desk", mission = &e.mission_name))
            }
            Purpose::Mission => {}
        }
    }
    for lang in EMAIL_LANGS {
        line(tr!(
            lang,
            "email-case",
            case = &p.case_ref,
            mission = &e.mission_name,
            officer = &e.officer,
            time = utc(e.created_at)
        ));
    }
    for lang in EMAIL_LANGS {
        line(tr!(
            lang,
            "email-acknowledge",
            severity = e.severity.to_string(),
            due = utc(e.deadline)
        ));
    }
    line(String::new());
    line(format!(
        "{}: {}",
        both(|lang| tr!(lang, "email-summary")),
        e.summary
    ));
    if !e.note.is_empty() {
        line(format!(
            "{}: {}",
            both(|lang| tr!(lang, "email-note")),
            e.note
        ));
    }
    for lang in EMAIL_LANGS {
        // As recorded in English; in Indonesian, the same reason worded.
        let reason = match lang {
            Lang::En => e.reason.clone(),
            Lang::Id => reason_in(lang, &e.reason),
        };
        line(format!("{}: {reason}", tr!(lang, "email-why")));
    }
    line(String::new());
    line(format!(
        "{}: {}   {}: {}",
        both(|lang| tr!(lang, "email-category")),
        p.category,
        both(|lang| tr!(lang, "email-priority")),
        p.priority
    ));
    if !p.tags.is_empty() {
        line(format!(
            "{}: {}",
            both(|lang| tr!(lang, "email-tags")),
            p.tags.join(", ")
        ));
    }
    line(format!(
        "{}: {} via {}",
        both(|lang| tr!(lang, "email-channel")),
        p.channel,
        p.source
    ));
    if let Some(link) = &p.link {
        line(format!("{}: {link}", both(|lang| tr!(lang, "email-link"))));
    }
    line(String::new());
    line(format!("{}:", both(|lang| tr!(lang, "email-author"))));
    let a = &p.author.value;
    line(format!(
        "  {} (@{}){}",
        a.name,
        a.handle,
        a.platform_id
            .as_deref()
            .map(|id| format!(", {} {id}", both(|lang| tr!(lang, "email-platform-id"))))
            .unwrap_or_default()
    ));
    line(String::new());
    line(format!("{}:", both(|lang| tr!(lang, "email-words"))));
    for (i, t) in p.text.value.iter().enumerate() {
        if i > 0 {
            for lang in EMAIL_LANGS {
                line(format!("  -- {} --", tr!(lang, "email-followup")));
            }
        }
        for l in t.lines() {
            line(format!("  {l}"));
        }
    }
    line(String::new());
    line(format!("{}:", both(|lang| tr!(lang, "email-history"))));
    for h in &p.history {
        line(format!(
            "  {} {} {} {} -> {}",
            h.at.strftime("%Y-%m-%d %H:%M UTC"),
            h.officer,
            h.what,
            h.before.as_deref().unwrap_or(""),
            h.after.as_deref().unwrap_or("")
        ));
    }
    for lang in EMAIL_LANGS {
        line(String::new());
        line(tr!(lang, "email-personal-data"));
    }
    // Outside text may carry escape sequences: make them visible.
    crate::triage::sanitize(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English a reason reads exactly as recorded; in Indonesian its
    /// words are the catalog's and the place and mission stay as written.
    #[test]
    fn a_reason_reads_as_recorded_in_english_and_worded_in_indonesian() {
        let cases = [
            (
                "Myawaddy (named as where they are) → KBRI Yangon",
                "Myawaddy (disebut sebagai tempat ia berada) → KBRI Yangon",
            ),
            (
                "Tawau (named; inside Malaysia, named as where they are going) → KRI Tawau",
                "Tawau (disebut; dalam wilayah Malaysia, disebut sebagai tujuannya) → KRI Tawau",
            ),
            (
                "@KBRITokyo (addressed; no place named) → KBRI Tokyo",
                "@KBRITokyo (akun Perwakilan disapa; tidak ada tempat yang disebut) → KBRI Tokyo",
            ),
            (
                "chosen by siti (suggested: Riyadh (origin/transit) → KBRI Riyadh)",
                "dipilih oleh siti (saran: Riyadh (asal/transit) → KBRI Riyadh)",
            ),
            (
                "chosen by siti (no place named)",
                "dipilih oleh siti (tidak ada tempat yang disebut)",
            ),
            ("something else (cut sho…", "something else (cut sho…"),
        ];
        for (en, id) in cases {
            assert_eq!(reason_in(Lang::En, en), en);
            assert_eq!(reason_in(Lang::Id, en), id);
        }
    }

    #[test]
    fn each_problem_reads_as_its_display_in_english() {
        let all = [
            Problem::NoMission("jeddah".into()),
            Problem::NoContact {
                mission: "KJRI Jeddah".into(),
                code: "jeddah".into(),
                desk: "pwni".into(),
            },
            Problem::NoCases("PTRI Jenewa".into()),
            Problem::NoSummary,
            Problem::SummaryTooLong,
            Problem::NoteTooLong,
            Problem::Contact(ContactProblem::NotByHand),
            Problem::Contact(ContactProblem::NoOneNamed),
            Problem::Contact(ContactProblem::NameTooLong),
        ];
        for p in all {
            assert_eq!(p.describe(Lang::En), p.to_string());
            assert_ne!(p.describe(Lang::Id), p.to_string());
        }
    }
}
