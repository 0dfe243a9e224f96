//! What was done about the inquiry, as the detail shows it: its
//! escalations and their deliveries, the replies, and the history.

use ratatui::text::Line;

use crate::escalate::{Delivery, DeliveryState, Escalation};
use crate::i18n::Lang;
use crate::model::{Channel, Event, Inquiry, zone};
use crate::queue::InquiryDetail;
use crate::tr;
use crate::triage::sanitize_line;
use crate::ui::state::State;
use crate::ui::view::{ago, clock_zoned, theme};

/// "Escalations", then each escalation's lines; nothing when there are
/// none.
pub(super) fn escalations(state: &State, d: &InquiryDetail) -> Vec<Line<'static>> {
    if d.escalations.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(tr!(state.lang, "detail-escalations"), theme::label()),
    ];
    for e in &d.escalations {
        lines.extend(escalation_lines(state, e));
    }
    lines
}

/// "Replies", then each reply's lines; nothing when there are none.
pub(super) fn replies(state: &State, d: &InquiryDetail) -> Vec<Line<'static>> {
    if d.replies.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(tr!(state.lang, "detail-replies"), theme::label()),
    ];
    for r in &d.replies {
        lines.extend(reply_lines(state, r));
    }
    lines
}

/// "History", then a line per event, or that it is still loading.
pub(super) fn history(
    state: &State,
    inq: &Inquiry,
    detail: Option<&InquiryDetail>,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(tr!(state.lang, "detail-history"), theme::label()),
    ];
    match detail {
        Some(d) => lines.extend(d.history.iter().map(|e| history_line(state, inq, e))),
        None => lines.push(Line::styled(
            format!("  {}", tr!(state.lang, "detail-loading")),
            theme::dim(),
        )),
    }
    lines
}

/// One escalation: to whom, how severe, by whom and whether it was taken
/// (a warning once overdue), each delivery, and its summary.
fn escalation_lines(state: &State, e: &Escalation) -> Vec<Line<'static>> {
    let lang = state.lang;
    let overdue = e.is_overdue(state.now);
    let head = format!(
        "  {}",
        tr!(
            lang,
            "detail-escalation",
            id = e.id.to_string(),
            mission = sanitize_line(&e.mission_name, 30),
            severity = e.severity.to_string(),
            officer = sanitize_line(&e.officer, 16),
            when = ago(lang, state.now, e.created_at),
            status = ack_status(state, e, overdue)
        )
    );
    let style = if overdue {
        theme::warn(state.color)
    } else {
        theme::label()
    };
    let mut out = vec![Line::styled(head, style)];
    out.extend(e.deliveries.iter().map(|d| delivery_line(state, d)));
    out.push(Line::styled(
        format!("    {}", sanitize_line(&summary_shown(state, e), 200)),
        theme::dim(),
    ));
    out
}

/// Who acknowledged it, how and when; else since when it is overdue, or
/// when it is due.
fn ack_status(state: &State, e: &Escalation, overdue: bool) -> String {
    let lang = state.lang;
    match &e.ack {
        Some(ack) => tr!(
            lang,
            "detail-acked",
            by = sanitize_line(&ack.by, 24),
            how = if ack.how.is_empty() {
                String::new()
            } else {
                format!(" ({})", sanitize_line(&ack.how, 24))
            },
            when = ago(lang, state.now, ack.at)
        ),
        None if overdue => tr!(lang, "detail-overdue-since", time = clock_zoned(e.deadline)),
        None => tr!(lang, "detail-ack-due", time = clock_zoned(e.deadline)),
    }
}

/// "    sent → kbri@example: why it failed": one delivery, a warning if it
/// failed.
fn delivery_line(state: &State, d: &Delivery) -> Line<'static> {
    let lang = state.lang;
    let mut text = format!("    {} → {}", d.describe_in(lang), sanitize_line(&d.to, 50));
    if let (false, Some(err)) = (d.state == DeliveryState::Sent, &d.last_error) {
        text.push_str(&format!(": {}", sanitize_line(err, 80)));
    }
    let style = if d.state == DeliveryState::Failed {
        theme::warn(state.color)
    } else {
        theme::dim()
    };
    Line::styled(text, style)
}

/// One reply: its state, channel, officer and platform id, any error or
/// flag, and its text.
fn reply_lines(state: &State, r: &crate::reply::Reply) -> Vec<Line<'static>> {
    use crate::reply::ReplyState;
    let style = match r.state {
        ReplyState::Failed => theme::warn(state.color),
        ReplyState::Sent => theme::dim(),
        _ => theme::label(),
    };
    let lang = state.lang;
    let mut head = format!(
        "  {}",
        tr!(
            lang,
            "detail-reply",
            id = r.id.to_string(),
            state = crate::reply::state_name(lang, r.state),
            channel = channel_name(lang, r.channel),
            officer = sanitize_line(&r.officer, 16),
            when = ago(lang, state.now, r.created_at)
        )
    );
    if let Some(pid) = &r.platform_id {
        head.push_str(&format!(" → {}", sanitize_line(pid, 24)));
    }
    let mut out = vec![Line::styled(head, style)];
    if !r.state.is_final()
        && let Some(e) = &r.last_error
    {
        out.push(Line::styled(
            format!("    {}", sanitize_line(e, 200)),
            theme::warn(state.color),
        ));
    }
    if let Some(flag) = &r.flag {
        out.push(Line::styled(
            format!("    ⚑ {}", sanitize_line(flag, 200)),
            theme::warn(state.color),
        ));
    }
    out.push(Line::styled(
        format!("    {}", sanitize_line(&r.text, 300)),
        theme::dim(),
    ));
    out
}

/// One history event, its values masked as the text is.
fn history_line(state: &State, inq: &Inquiry, event: &Event) -> Line<'static> {
    let allowed = state.reply_config.public_numbers();
    let revealed = state.revealed == Some(inq.id);
    let shown = |v: &Option<String>| {
        v.as_deref().map(|v| {
            crate::records::mask::event_field_in(
                state.lang,
                inq,
                &event.what,
                v,
                revealed,
                &allowed,
            )
            .into_owned()
        })
    };
    let (before, after) = (shown(&event.before), shown(&event.after));
    let change = match (&before, &after) {
        (Some(b), Some(a)) => format!("{} → {}", sanitize_line(b, 40), sanitize_line(a, 80)),
        (None, Some(a)) => sanitize_line(a, 120),
        (Some(b), None) => tr!(state.lang, "history-removed", value = sanitize_line(b, 80)),
        (None, None) => String::new(),
    };
    Line::raw(format!(
        "  {} {} {} {change}",
        zone::day_clock(event.at),
        sanitize_line(&event.officer, 16),
        event.what
    ))
}

/// An escalation's summary (often the citizen's first line), masked like
/// the text unless the inquiry is revealed.
fn summary_shown(state: &State, e: &Escalation) -> String {
    if state.revealed == Some(e.inquiry) {
        e.summary.clone()
    } else {
        crate::triage::privacy::mask_personal(&e.summary, &state.reply_config.public_numbers())
    }
}

/// A reply's channel, in words.
fn channel_name(lang: Lang, c: Channel) -> String {
    match c {
        Channel::Public => tr!(lang, "channel-public"),
        Channel::Private => tr!(lang, "channel-private"),
    }
}
