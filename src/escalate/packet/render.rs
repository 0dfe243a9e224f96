//! An escalation rendered for the wire: the webhook's JSON body, and the
//! e-mail's subject and plain text (siaga's own sentences in Indonesian,
//! then in English), with personal data marked as such in both. A
//! group's escalation carries its roster too (the delivery's rows: all,
//! or an addition's): in the JSON, and as a CSV sheet attached to the
//! e-mail.

use jiff::Timestamp;
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::Priority;
use crate::model::escalation::{Delivery, Escalation, Packet, Purpose, RosterRow};
use crate::tr;

use super::reason_in;
use crate::escalate::roster;

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
    /// A group's escalation: the group ("g12") and the delivery's rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roster: Option<&'a [RosterRow]>,
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
        group: e.roster.as_ref().map(|r| r.group.to_string()),
        roster: e.roster.as_ref().map(|_| e.rows_of(delivery)),
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
        Purpose::Addition => format!("{}: ", both(|lang| tr!(lang, "email-subject-addition"))),
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
    let mut out = Lines::default();
    opening(&mut out, e, delivery);
    out.blank();
    officer_words(&mut out, e);
    out.blank();
    facts(&mut out, p);
    out.blank();
    author(&mut out, p);
    out.blank();
    citizen_words(&mut out, p);
    out.blank();
    history(&mut out, p);
    for lang in EMAIL_LANGS {
        out.blank();
        out.line(tr!(lang, "email-personal-data"));
    }
    // Outside text may carry escape sequences: make them visible.
    crate::triage::sanitize(&out.0)
}

/// The e-mail's text, a line at a time.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.line("");
    }
}

/// Why this mail (overdue, or for the default desk), the case, and what
/// acknowledging asks, in each language.
fn opening(out: &mut Lines, e: &Escalation, delivery: &Delivery) {
    let utc = crate::model::zone::utc_and_local;
    for lang in EMAIL_LANGS {
        match delivery.purpose {
            Purpose::Supervisor => out.line(tr!(lang, "email-overdue", due = utc(e.deadline))),
            Purpose::DefaultDesk => {
                out.line(tr!(lang, "email-default-desk", mission = &e.mission_name))
            }
            Purpose::Addition => addition_line(out, e, delivery, lang),
            Purpose::Mission => {}
        }
    }
    for lang in EMAIL_LANGS {
        out.line(tr!(
            lang,
            "email-case",
            case = &e.packet.case_ref,
            mission = &e.mission_name,
            officer = &e.officer,
            time = utc(e.created_at)
        ));
    }
    for lang in EMAIL_LANGS {
        out.line(tr!(
            lang,
            "email-acknowledge",
            severity = e.severity.to_string(),
            due = utc(e.deadline)
        ));
    }
    roster_lines(out, e, delivery);
}

/// An addition: which rows of the group's roster are new, in `lang`.
fn addition_line(out: &mut Lines, e: &Escalation, delivery: &Delivery, lang: Lang) {
    let (Some(roster), Some(rows)) = (&e.roster, &delivery.rows) else {
        return;
    };
    out.line(tr!(
        lang,
        "email-addition",
        case = &e.packet.case_ref,
        group = roster.group.to_string(),
        from = rows.start + 1,
        to = rows.end
    ));
}

/// A group's roster: the group, how many rows this mail carries and the
/// attachment's name.
fn roster_lines(out: &mut Lines, e: &Escalation, delivery: &Delivery) {
    let Some((group, file)) = attachment_name(e, delivery) else {
        return;
    };
    let count = e.rows_of(delivery).len();
    for lang in EMAIL_LANGS {
        out.line(tr!(
            lang,
            "email-roster",
            group = &group,
            count = count,
            file = &file
        ));
    }
}

/// A group's escalation: the group ("g12") and the name of the sheet
/// attached for `delivery`.
fn attachment_name(e: &Escalation, delivery: &Delivery) -> Option<(String, String)> {
    let roster = e.roster.as_ref()?;
    let file = roster::attachment_name(roster.group, delivery.rows.as_ref());
    Some((roster.group.to_string(), file))
}

/// The roster sheet a group's e-mail carries for `delivery` (an
/// addition's rows only): its file name and the CSV. None without a
/// roster.
pub fn attachment(e: &Escalation, delivery: &Delivery) -> Option<(String, Vec<u8>)> {
    let (_, file) = attachment_name(e, delivery)?;
    Some((file, roster::csv(e.rows_of(delivery))))
}

/// The officer's summary and note, and why this mission.
fn officer_words(out: &mut Lines, e: &Escalation) {
    out.line(format!(
        "{}: {}",
        both(|lang| tr!(lang, "email-summary")),
        e.summary
    ));
    if !e.note.is_empty() {
        out.line(format!(
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
        out.line(format!("{}: {reason}", tr!(lang, "email-why")));
    }
}

/// Category, priority, tags, channel and the link to the post.
fn facts(out: &mut Lines, p: &Packet) {
    out.line(format!(
        "{}: {}   {}: {}",
        both(|lang| tr!(lang, "email-category")),
        p.category,
        both(|lang| tr!(lang, "email-priority")),
        p.priority
    ));
    if !p.tags.is_empty() {
        out.line(format!(
            "{}: {}",
            both(|lang| tr!(lang, "email-tags")),
            p.tags.join(", ")
        ));
    }
    out.line(format!(
        "{}: {} via {}",
        both(|lang| tr!(lang, "email-channel")),
        p.channel,
        p.source
    ));
    if let Some(link) = &p.link {
        out.line(format!("{}: {link}", both(|lang| tr!(lang, "email-link"))));
    }
}

/// Who wrote: name, handle, platform id.
fn author(out: &mut Lines, p: &Packet) {
    out.line(format!("{}:", both(|lang| tr!(lang, "email-author"))));
    let a = &p.author.value;
    out.line(format!(
        "  {} (@{}){}",
        a.name,
        a.handle,
        a.platform_id
            .as_deref()
            .map(|id| format!(", {} {id}", both(|lang| tr!(lang, "email-platform-id"))))
            .unwrap_or_default()
    ));
}

/// The citizen's words and follow-ups, indented, as written.
fn citizen_words(out: &mut Lines, p: &Packet) {
    out.line(format!("{}:", both(|lang| tr!(lang, "email-words"))));
    for (i, t) in p.text.value.iter().enumerate() {
        if i > 0 {
            for lang in EMAIL_LANGS {
                out.line(format!("  -- {} --", tr!(lang, "email-followup")));
            }
        }
        for l in t.lines() {
            out.line(format!("  {l}"));
        }
    }
}

/// The inquiry's history, one event a line.
fn history(out: &mut Lines, p: &Packet) {
    out.line(format!("{}:", both(|lang| tr!(lang, "email-history"))));
    for h in &p.history {
        out.line(format!(
            "  {} {} {} {} -> {}",
            h.at.strftime("%Y-%m-%d %H:%M UTC"),
            h.officer,
            h.what,
            h.before.as_deref().unwrap_or(""),
            h.after.as_deref().unwrap_or("")
        ));
    }
}
