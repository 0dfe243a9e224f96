//! Why a mission was chosen, in words: the reason recorded (in English,
//! as sent to the mission) and the same reason worded in the officer's
//! language for the screens.

use crate::i18n::Lang;
use crate::model::Inquiry;
use crate::tr;
use crate::triage::route::Gazetteer;

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
