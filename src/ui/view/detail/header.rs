//! The detail's head: what the inquiry is (number, priority, category,
//! status, who holds it), who wrote it, where and when, and what the
//! scorer and the officers set on it.

use ratatui::text::{Line, Span};

use crate::model::{Channel, Inquiry, zone};
use crate::tr;
use crate::triage::sanitize_line;
use crate::ui::state::State;
use crate::ui::view::{ago, theme};

/// The head's lines: the title, the facts of its arrival, then what was
/// set on it.
pub(super) fn header(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let mut lines = vec![title(state, inq)];
    lines.extend(arrival(state, inq));
    lines.extend(settings(state, inq));
    lines
}

/// "#12 P1 consular  claimed  claimed by ana 5m ago".
fn title(state: &State, inq: &Inquiry) -> Line<'static> {
    let lang = state.lang;
    let claim = match (&inq.claimed_by, inq.claimed_at) {
        (Some(who), Some(at)) => tr!(
            lang,
            "detail-claimed-ago",
            who = sanitize_line(who, 32),
            when = ago(lang, state.now, at)
        ),
        (Some(who), None) => tr!(lang, "detail-claimed", who = sanitize_line(who, 32)),
        (None, _) => tr!(lang, "detail-unclaimed"),
    };
    Line::from(vec![
        Span::styled(
            format!("#{} {} ", inq.id, inq.priority),
            theme::priority(state.color, inq.priority),
        ),
        Span::styled(sanitize_line(&inq.category, 24), theme::label()),
        Span::raw(format!(
            "  {}  {claim}",
            lang.member("status", inq.status.as_str())
        )),
    ])
}

/// From whom (unless erased), where (channel, source, language) and when.
fn arrival(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let lang = state.lang;
    let channel = match inq.channel {
        Channel::Public => tr!(lang, "detail-channel-public"),
        Channel::Private => tr!(lang, "detail-channel-private"),
    };
    let author = if inq.erased.is_some() {
        tr!(lang, "detail-erased-author")
    } else {
        format!(
            "{} (@{})",
            sanitize_line(&inq.author.display_name, 40),
            sanitize_line(&inq.author.handle, 40)
        )
    };
    let written_in = inq
        .lang
        .as_deref()
        .map(|l| sanitize_line(&crate::model::lang::canonical_code(l), 8))
        .unwrap_or_else(|| "?".into());
    vec![
        field(tr!(lang, "detail-from"), author),
        field(
            tr!(lang, "detail-where"),
            tr!(
                lang,
                "detail-where-value",
                channel = channel,
                source = sanitize_line(&inq.source, 24),
                lang = written_in
            ),
        ),
        field(
            tr!(lang, "detail-received"),
            format!(
                "{} ({})",
                ago(lang, state.now, inq.created_at),
                zone::date_time(inq.created_at)
            ),
        ),
    ]
}

/// Why it scored so (hidden with the text), its tags, what an officer set
/// by hand, and until when it is snoozed.
fn settings(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let lang = state.lang;
    let mut lines = Vec::new();
    // The scorer's reasons quote the text's words: hidden with it.
    if !inq.reasons.is_empty() && (inq.text_hidden().is_none() || state.revealed == Some(inq.id)) {
        lines.push(field(
            tr!(lang, "detail-why"),
            sanitize_line(&inq.reasons.join("; "), 400),
        ));
    }
    if let Some(learned) = learned(state, inq) {
        lines.push(field(tr!(lang, "detail-learned"), learned));
    }
    if !inq.tags.is_empty() {
        lines.push(field(
            tr!(lang, "detail-tags"),
            sanitize_line(&inq.tags.join(", "), 200),
        ));
    }
    if let Some(by_hand) = set_by_hand(state, inq) {
        lines.push(field(tr!(lang, "detail-set-by-hand"), by_hand));
    }
    if let Some(until) = inq.snoozed_until {
        lines.push(field(
            tr!(lang, "detail-snoozed-until"),
            zone::date_time(until),
        ));
    }
    lines
}

/// "P1 (87%) · labour · abk — from: abk, kapal ikan": the learned model's
/// suggestion beside the lexicon's (#19), hidden with the text (its words
/// are the text's); `accept_learned` (`L`) takes it.
fn learned(state: &State, inq: &Inquiry) -> Option<String> {
    let l = inq.learned.as_ref()?;
    if inq.text_hidden().is_some() && state.revealed != Some(inq.id) {
        return None;
    }
    let mut parts = vec![format!("{} ({:.0}%)", l.priority, l.confidence * 100.0)];
    parts.extend(l.category.clone());
    if !l.tags.is_empty() {
        parts.push(l.tags.join(", "));
    }
    let said = tr!(
        state.lang,
        "detail-learned-value",
        suggestion = parts.join(" · "),
        words = l.words.join(", ")
    );
    Some(sanitize_line(&said, 300))
}

/// "priority by ana, category by budi": the scorer's choices an officer
/// overrode.
fn set_by_hand(state: &State, inq: &Inquiry) -> Option<String> {
    let lang = state.lang;
    let priority_by = inq
        .priority_set_by
        .as_ref()
        .map(|w| tr!(lang, "detail-set-priority", who = sanitize_line(w, 16)));
    let category_by = inq
        .category_set_by
        .as_ref()
        .map(|w| tr!(lang, "detail-set-category", who = sanitize_line(w, 16)));
    let overrides: Vec<String> = [priority_by, category_by].into_iter().flatten().collect();
    (!overrides.is_empty()).then(|| overrides.join(", "))
}

/// "name: value", the name as a label.
fn field(name: String, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), theme::label()),
        Span::raw(value),
    ])
}
