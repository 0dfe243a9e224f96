//! The detail pane: the whole text, wrapped, with who wrote it, why it sits
//! at its priority, and its history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{ago, shown, theme};
use crate::i18n::Lang;
use crate::model::{Channel, Event, Inquiry, zone};
use crate::queue::InquiryDetail;
use crate::tr;
use crate::triage::{sanitize, sanitize_line};
use crate::ui::state::State;

/// Why the text is masked or hidden, and what the officer can do.
fn privacy_line(state: &State, inq: &Inquiry) -> Option<Line<'static>> {
    let lang = state.lang;
    let mut flags = Vec::new();
    if let Some(h) = &inq.legal_hold {
        flags.push(tr!(
            lang,
            "privacy-legal-hold",
            reason = sanitize_line(&h.reason, 40)
        ));
    }
    if let Some(e) = &inq.erased {
        flags.push(tr!(
            lang,
            "privacy-erased",
            date = zone::date(e.at),
            why = sanitize_line(&e.why, 60)
        ));
        return Some(Line::styled(flags.join(" · "), theme::dim()));
    }
    if let Some(m) = &inq.restricted {
        flags.push(tr!(
            lang,
            "privacy-restricted",
            reason = sanitize_line(&m.reason, 40)
        ));
    }
    if let Some(at) = inq.deleted_on_platform {
        flags.push(tr!(lang, "privacy-deleted", at = zone::date_time(at)));
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
        flags.push(format!("v: {}", tr!(lang, "privacy-reveal")));
    } else if revealed {
        flags.push(format!(
            "{} · v: {}",
            tr!(lang, "privacy-revealed"),
            tr!(lang, "privacy-mask")
        ));
    }
    (!flags.is_empty()).then(|| Line::styled(format!("[{}]", flags.join(" · ")), theme::dim()))
}

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme::dim());
    let Some(inq) = state.selected_inquiry() else {
        let none = format!(" {}", tr!(state.lang, "detail-none"));
        frame.render_widget(Paragraph::new(none).block(block), area);
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
                    activity(state.lang, p.activity)
                )
            })
            .collect();
        lines.push(Line::styled(
            tr!(state.lang, "detail-on-it", who = who.join(", ")),
            theme::warn(state.color),
        ));
    }
    lines.extend(same_author_line(state.lang, detail));
    lines.push(Line::raw(""));
    lines.extend(text_lines(&shown(state, inq, &inq.text)));
    if let Some(line) = privacy_line(state, inq) {
        lines.push(line);
    }
    for f in &inq.followups {
        lines.push(Line::raw(""));
        let when = tr!(
            state.lang,
            "detail-followup",
            when = ago(state.lang, state.now, f.created_at)
        );
        lines.push(Line::styled(when, theme::label()));
        lines.extend(text_lines(&shown(state, inq, &f.text)));
    }
    if !inq.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            tr!(state.lang, "detail-notes"),
            theme::label(),
        ));
        for note in &inq.notes {
            let who = format!(
                "  {} {}: ",
                zone::day_clock(note.at),
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
        lines.push(Line::styled(
            tr!(state.lang, "detail-escalations"),
            theme::label(),
        ));
        for e in &d.escalations {
            lines.extend(escalation_lines(state, e));
        }
    }
    if let Some(d) = detail.filter(|d| !d.replies.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            tr!(state.lang, "detail-replies"),
            theme::label(),
        ));
        for r in &d.replies {
            lines.extend(reply_lines(state, r));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        tr!(state.lang, "detail-history"),
        theme::label(),
    ));
    match detail {
        Some(d) => lines.extend(d.history.iter().map(|e| history_line(state, inq, e))),
        None => lines.push(Line::styled(
            format!("  {}", tr!(state.lang, "detail-loading")),
            theme::dim(),
        )),
    }
    let text = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((state.detail_scroll, 0));
    frame.render_widget(text, area);
}

/// "Same author: 2 more open (#12, #40)": the person wrote more than once
/// (the demo's authors, a crisis' worried relatives), so one answer may
/// serve them all.
fn same_author_line(lang: Lang, detail: Option<&InquiryDetail>) -> Option<Line<'static>> {
    let others = &detail?.same_author_open;
    if others.is_empty() {
        return None;
    }
    let mut ids: Vec<String> = others.iter().take(5).map(|id| format!("#{id}")).collect();
    if others.len() > 5 {
        ids.push("…".into());
    }
    let text = tr!(
        lang,
        "detail-same-author",
        count = others.len(),
        ids = ids.join(", ")
    );
    Some(Line::styled(text, theme::label()))
}

pub fn activity(lang: Lang, a: crate::daemon::protocol::Activity) -> String {
    use crate::daemon::protocol::Activity;
    match a {
        Activity::Viewing => tr!(lang, "activity-viewing"),
        Activity::Replying => tr!(lang, "activity-replying"),
        Activity::Escalating => tr!(lang, "activity-escalating"),
    }
}

fn text_lines(raw: &str) -> Vec<Line<'static>> {
    sanitize(raw)
        .lines()
        .map(|l| Line::raw(numbers_whole(l)))
        .collect()
}

/// `line` with the spaces inside a number ("+62 812 3456 7890", masked
/// "+62 8•• •••• ••90") made non-breaking, so wrapping never splits a
/// phone number across lines (ratatui does not break at U+00A0).
fn numbers_whole(line: &str) -> String {
    let numeric = |word: &str| {
        !word.is_empty()
            && word.chars().any(|c| c.is_ascii_digit() || c == '•')
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | '•'))
    };
    let words: Vec<&str> = line.split(' ').collect();
    let mut out = String::with_capacity(line.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let joined = numeric(words[i - 1]) && numeric(word);
            out.push(if joined { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    out
}

fn field(name: String, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), theme::label()),
        Span::raw(value),
    ])
}

fn header(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let lang = state.lang;
    let channel = match inq.channel {
        Channel::Public => tr!(lang, "detail-channel-public"),
        Channel::Private => tr!(lang, "detail-channel-private"),
    };
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
    let title = Line::from(vec![
        Span::styled(
            format!("#{} {} ", inq.id, inq.priority),
            theme::priority(state.color, inq.priority),
        ),
        Span::styled(sanitize_line(&inq.category, 24), theme::label()),
        Span::raw(format!(
            "  {}  {claim}",
            lang.member("status", inq.status.as_str())
        )),
    ]);
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
    let mut lines = vec![
        title,
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
    ];
    // The scorer's reasons quote the text's words: hidden with it.
    if !inq.reasons.is_empty() && (inq.text_hidden().is_none() || state.revealed == Some(inq.id)) {
        lines.push(field(
            tr!(lang, "detail-why"),
            sanitize_line(&inq.reasons.join("; "), 400),
        ));
    }
    if !inq.tags.is_empty() {
        lines.push(field(
            tr!(lang, "detail-tags"),
            sanitize_line(&inq.tags.join(", "), 200),
        ));
    }
    let priority_by = inq
        .priority_set_by
        .as_ref()
        .map(|w| tr!(lang, "detail-set-priority", who = sanitize_line(w, 16)));
    let category_by = inq
        .category_set_by
        .as_ref()
        .map(|w| tr!(lang, "detail-set-category", who = sanitize_line(w, 16)));
    let overrides: Vec<String> = [priority_by, category_by].into_iter().flatten().collect();
    if !overrides.is_empty() {
        lines.push(field(tr!(lang, "detail-set-by-hand"), overrides.join(", ")));
    }
    if let Some(until) = inq.snoozed_until {
        lines.push(field(
            tr!(lang, "detail-snoozed-until"),
            zone::date_time(until),
        ));
    }
    lines
}

fn escalation_lines(state: &State, e: &crate::escalate::Escalation) -> Vec<Line<'static>> {
    let lang = state.lang;
    let overdue = e.is_overdue(state.now);
    let status = match &e.ack {
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
        None if overdue => tr!(
            lang,
            "detail-overdue-since",
            time = super::clock_zoned(e.deadline)
        ),
        None => tr!(
            lang,
            "detail-ack-due",
            time = super::clock_zoned(e.deadline)
        ),
    };
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
            status = status
        )
    );
    let style = if overdue {
        theme::warn(state.color)
    } else {
        theme::label()
    };
    let mut out = vec![Line::styled(head, style)];
    for d in &e.deliveries {
        let mut text = format!("    {} → {}", d.describe_in(lang), sanitize_line(&d.to, 50));
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
fn summary_shown(state: &State, e: &crate::escalate::Escalation) -> String {
    if state.revealed == Some(e.inquiry) {
        e.summary.clone()
    } else {
        crate::triage::privacy::mask_personal(&e.summary, &state.reply_config.public_numbers())
    }
}

fn channel_name(lang: Lang, c: Channel) -> String {
    match c {
        Channel::Public => tr!(lang, "channel-public"),
        Channel::Private => tr!(lang, "channel-private"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_kept_whole_and_words_still_break() {
        assert_eq!(
            numbers_whole("hubungi +62 812 3456 7890 ya"),
            "hubungi +62\u{a0}812\u{a0}3456\u{a0}7890 ya"
        );
        assert_eq!(
            numbers_whole("+62 8•• •••• ••90"),
            "+62\u{a0}8••\u{a0}••••\u{a0}••90"
        );
        assert_eq!(
            numbers_whole("sudah 5 bln di 2 kota"),
            "sudah 5 bln di 2 kota"
        );
    }
}
