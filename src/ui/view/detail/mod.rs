//! The detail pane: the whole text, wrapped, with who wrote it, why it sits
//! at its priority, and its history. This file lays the pane out and
//! draws the citizen's words; `header` is what the inquiry is, `trail`
//! what was done about it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{ago, shown, theme};
use crate::i18n::Lang;
use crate::model::{Inquiry, zone};
use crate::queue::InquiryDetail;
use crate::tr;
use crate::triage::{sanitize, sanitize_line};
use crate::ui::state::State;

mod header;
mod trail;

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

/// The selected inquiry, top to bottom: its header, who else is on it,
/// the text and follow-ups, notes, escalations, replies and history.
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
    let mut lines = header::header(state, inq);
    lines.extend(on_it_line(state, inq));
    lines.extend(same_author_line(state.lang, detail));
    lines.push(Line::raw(""));
    lines.extend(text_lines(&shown(state, inq, &inq.text)));
    lines.extend(privacy_line(state, inq));
    lines.extend(followup_lines(state, inq));
    lines.extend(note_lines(state, inq));
    if let Some(d) = detail {
        lines.extend(trail::escalations(state, d));
        lines.extend(trail::replies(state, d));
    }
    lines.extend(trail::history(state, inq, detail));
    let text = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((state.detail_scroll, 0));
    frame.render_widget(text, area);
}

/// "On it: ana (replying)": colleagues who have it open right now.
fn on_it_line(state: &State, inq: &Inquiry) -> Option<Line<'static>> {
    let others = state.others_on(inq.id);
    if others.is_empty() {
        return None;
    }
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
    Some(Line::styled(
        tr!(state.lang, "detail-on-it", who = who.join(", ")),
        theme::warn(state.color),
    ))
}

/// Each follow-up the citizen wrote: when, then its text.
fn followup_lines(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
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
    lines
}

/// The officers' notes, each with when and who.
fn note_lines(state: &State, inq: &Inquiry) -> Vec<Line<'static>> {
    if inq.notes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(tr!(state.lang, "detail-notes"), theme::label()),
    ];
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
    lines
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

/// What a colleague is doing with an inquiry, in words.
pub fn activity(lang: Lang, a: crate::daemon::protocol::Activity) -> String {
    use crate::daemon::protocol::Activity;
    match a {
        Activity::Viewing => tr!(lang, "activity-viewing"),
        Activity::Replying => tr!(lang, "activity-replying"),
        Activity::Escalating => tr!(lang, "activity-escalating"),
    }
}

/// The citizen's text, made safe, a line per line.
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
