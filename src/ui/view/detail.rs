//! The detail pane: the whole text, wrapped, with who wrote it, why it sits
//! at its priority, and its history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{ago, shown, theme};
use crate::model::{Channel, Event, Inquiry};
use crate::triage::{sanitize, sanitize_line};
use crate::ui::state::State;

/// Why the text is masked or hidden, and what the officer can do.
fn privacy_line(state: &State, inq: &Inquiry) -> Option<Line<'static>> {
    let mut flags = Vec::new();
    if let Some(h) = &inq.legal_hold {
        flags.push(format!("legal hold ({})", sanitize_line(&h.reason, 40)));
    }
    if let Some(e) = &inq.erased {
        flags.push(format!(
            "personal data erased {} ({})",
            e.at.strftime("%Y-%m-%d"),
            sanitize_line(&e.why, 60)
        ));
        return Some(Line::styled(flags.join(" · "), theme::dim()));
    }
    if let Some(m) = &inq.restricted {
        flags.push(format!(
            "restricted at the person's request ({}): no reply, no escalation",
            sanitize_line(&m.reason, 40)
        ));
    }
    if let Some(at) = inq.deleted_on_platform {
        flags.push(format!(
            "deleted on the platform {}",
            at.strftime("%Y-%m-%d %H:%M")
        ));
    }
    let revealed = state.revealed == Some(inq.id);
    let masked = !revealed
        && (inq.text_hidden().is_some()
            || shown(state, inq, &inq.text) != inq.text.as_str()
            || inq
                .followups
                .iter()
                .any(|f| shown(state, inq, &f.text) != f.text.as_str()));
    if masked {
        flags.push("v: reveal (recorded)".into());
    } else if revealed {
        flags.push("revealed (recorded) · v: mask".into());
    }
    (!flags.is_empty()).then(|| Line::styled(format!("[{}]", flags.join(" · ")), theme::dim()))
}

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme::dim());
    let Some(inq) = state.selected_inquiry() else {
        frame.render_widget(Paragraph::new(" No inquiry selected.").block(block), area);
        return;
    };
    // The loaded detail is fresher (live changes); fall back to the row.
    let detail = state.selected_detail();
    let inq = detail.map_or(inq, |d| &d.inquiry);
    let mut lines = header(state, inq);
    let others = state.others_on(inq.id);
    if !others.is_empty() {
        let who: Vec<String> = others
            .iter()
            .map(|p| {
                format!(
                    "{} ({})",
                    sanitize_line(&p.officer, 16),
                    activity(p.activity)
                )
            })
            .collect();
        lines.push(Line::styled(
            format!("On it now: {}", who.join(", ")),
            theme::warn(state.color),
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(text_lines(&shown(state, inq, &inq.text)));
    if let Some(line) = privacy_line(state, inq) {
        lines.push(line);
    }
    for f in &inq.followups {
        lines.push(Line::raw(""));
        let when = format!(
            "── follow-up, {} ──",
            ago(state.lang, state.now, f.created_at)
        );
        lines.push(Line::styled(when, theme::label()));
        lines.extend(text_lines(&shown(state, inq, &f.text)));
    }
    if !inq.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Notes (internal)", theme::label()));
        for note in &inq.notes {
            let who = format!(
                "  {} {}: ",
                note.at.strftime("%m-%d %H:%M"),
                sanitize_line(&note.officer, 16)
            );
            lines.push(Line::from(vec![
                Span::styled(who, theme::dim()),
                Span::raw(sanitize_line(&shown(state, inq, &note.text), 500)),
            ]));
        }
    }
    if let Some(d) = detail.filter(|d| !d.escalations.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Escalations", theme::label()));
        for e in &d.escalations {
            lines.extend(escalation_lines(state, e));
        }
    }
    if let Some(d) = detail.filter(|d| !d.replies.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Replies", theme::label()));
        for r in &d.replies {
            lines.extend(reply_lines(state, r));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("History", theme::label()));
    match detail {
        Some(d) => lines.extend(d.history.iter().map(|e| history_line(state, inq, e))),
        None => lines.push(Line::styled("  loading…", theme::dim())),
    }
    let text = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((state.detail_scroll, 0));
    frame.render_widget(text, area);
}

pub fn activity(a: crate::daemon::protocol::Activity) -> &'static str {
    use crate::daemon::protocol::Activity;
    match a {
        Activity::Viewing => "viewing",
        Activity::Replying => "writing a reply",
        Activity::Escalating => "escalating",
    }
}

fn text_lines(raw: &str) -> Vec<Line<'static>> {
    sanitize(raw)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect()
}

fn field(name: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), theme::label()),
        Span::raw(value),
    ])
}

fn header(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let channel = match inq.channel {
        Channel::Public => "public mention",
        Channel::Private => "private message",
    };
    let claim = match (&inq.claimed_by, inq.claimed_at) {
        (Some(who), Some(at)) => format!(
            "claimed by {} {}",
            sanitize_line(who, 32),
            ago(state.lang, state.now, at)
        ),
        (Some(who), None) => format!("claimed by {}", sanitize_line(who, 32)),
        (None, _) => "unclaimed".into(),
    };
    let title = Line::from(vec![
        Span::styled(
            format!("#{} {} ", inq.id, inq.priority),
            theme::priority(state.color, inq.priority),
        ),
        Span::styled(sanitize_line(&inq.category, 24), theme::label()),
        Span::raw(format!("  {}  {claim}", inq.status)),
    ]);
    let author = if inq.erased.is_some() {
        "(erased)".to_string()
    } else {
        format!(
            "{} (@{})",
            sanitize_line(&inq.author.display_name, 40),
            sanitize_line(&inq.author.handle, 40)
        )
    };
    let lang = inq
        .lang
        .as_deref()
        .map(|l| sanitize_line(&crate::model::lang::canonical_code(l), 8))
        .unwrap_or_else(|| "?".into());
    let mut lines = vec![
        title,
        field("From", author),
        field(
            "Where",
            format!(
                "{channel} · {} · lang {lang}",
                sanitize_line(&inq.source, 24)
            ),
        ),
        field(
            "Received",
            format!(
                "{} ({})",
                ago(state.lang, state.now, inq.created_at),
                inq.created_at.strftime("%Y-%m-%d %H:%M UTC")
            ),
        ),
    ];
    // The scorer's reasons quote the text's words: hidden with it.
    if !inq.reasons.is_empty() && (inq.text_hidden().is_none() || state.revealed == Some(inq.id)) {
        lines.push(field("Why", sanitize_line(&inq.reasons.join("; "), 400)));
    }
    if !inq.tags.is_empty() {
        lines.push(field("Tags", sanitize_line(&inq.tags.join(", "), 200)));
    }
    let set_by = [
        ("priority", &inq.priority_set_by),
        ("category", &inq.category_set_by),
    ];
    let overrides: Vec<String> = set_by
        .iter()
        .filter_map(|(what, who)| {
            who.as_ref()
                .map(|w| format!("{what} by {}", sanitize_line(w, 16)))
        })
        .collect();
    if !overrides.is_empty() {
        lines.push(field("Set by hand", overrides.join(", ")));
    }
    if let Some(until) = inq.snoozed_until {
        lines.push(field(
            "Snoozed until",
            until.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        ));
    }
    lines
}

fn escalation_lines(state: &State, e: &crate::escalate::Escalation) -> Vec<Line<'static>> {
    let overdue = e.is_overdue(state.now);
    let status = match &e.ack {
        Some(ack) => format!(
            "acknowledged by {}{} {}",
            sanitize_line(&ack.by, 24),
            if ack.how.is_empty() {
                String::new()
            } else {
                format!(" ({})", sanitize_line(&ack.how, 24))
            },
            ago(state.lang, state.now, ack.at)
        ),
        None if overdue => format!("OVERDUE since {}", super::clock_zoned(e.deadline)),
        None => format!("ack due {}", super::clock_zoned(e.deadline)),
    };
    let head = format!(
        "  {} {} {} by {} {} · {status}",
        e.id,
        sanitize_line(&e.mission_name, 30),
        e.severity,
        sanitize_line(&e.officer, 16),
        ago(state.lang, state.now, e.created_at)
    );
    let style = if overdue {
        theme::warn(state.color)
    } else {
        theme::label()
    };
    let mut out = vec![Line::styled(head, style)];
    for d in &e.deliveries {
        let mut text = format!("    {} → {}", d.describe(), sanitize_line(&d.to, 50));
        if let (false, Some(err)) = (
            d.state == crate::escalate::DeliveryState::Sent,
            &d.last_error,
        ) {
            text.push_str(&format!(": {}", sanitize_line(err, 80)));
        }
        let style = if d.state == crate::escalate::DeliveryState::Failed {
            theme::warn(state.color)
        } else {
            theme::dim()
        };
        out.push(Line::styled(text, style));
    }
    out.push(Line::styled(
        format!("    {}", sanitize_line(&summary_shown(state, e), 200)),
        theme::dim(),
    ));
    out
}

fn reply_lines(state: &State, r: &crate::reply::Reply) -> Vec<Line<'static>> {
    use crate::reply::ReplyState;
    let style = match r.state {
        ReplyState::Failed => theme::warn(state.color),
        ReplyState::Sent => theme::dim(),
        _ => theme::label(),
    };
    let mut head = format!(
        "  {} {} {} by {} {}",
        r.id,
        r.state,
        r.channel.as_str(),
        sanitize_line(&r.officer, 16),
        ago(state.lang, state.now, r.created_at)
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

fn history_line(state: &State, inq: &Inquiry, event: &Event) -> Line<'static> {
    let allowed = state.reply_config.public_numbers();
    let revealed = state.revealed == Some(inq.id);
    let shown = |v: &Option<String>| {
        v.as_deref().map(|v| {
            crate::records::mask::event_field(inq, &event.what, v, revealed, &allowed).into_owned()
        })
    };
    let (before, after) = (shown(&event.before), shown(&event.after));
    let change = match (&before, &after) {
        (Some(b), Some(a)) => format!("{} → {}", sanitize_line(b, 40), sanitize_line(a, 80)),
        (None, Some(a)) => sanitize_line(a, 120),
        (Some(b), None) => format!("removed {}", sanitize_line(b, 80)),
        (None, None) => String::new(),
    };
    Line::raw(format!(
        "  {} {} {} {change}",
        event.at.strftime("%m-%d %H:%M"),
        sanitize_line(&event.officer, 16),
        event.what
    ))
}

/// An escalation's summary (often the citizen's first line), masked like
/// the text unless the inquiry is revealed.
fn summary_shown(state: &State, e: &crate::escalate::Escalation) -> String {
    if state.revealed == Some(e.inquiry) {
        e.summary.clone()
    } else {
        crate::triage::privacy::mask_personal(&e.summary, &state.reply_config.public_numbers())
    }
}
