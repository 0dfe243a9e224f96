//! The escalation form: the mission and why it was suggested, severity
//! and deadline, who will receive it, the summary and the note.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{clock_zoned, theme};
use crate::i18n::Lang;
use crate::tr;
use crate::triage::sanitize_line;
use crate::ui::escalate::{EscalateForm, Field};
use crate::ui::state::State;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let Some(f) = &state.escalate else { return };
    frame.render_widget(Clear, area);
    let lang = state.lang;
    let lines = head_lines(state, f);
    let head_rows = wrapped_rows(&lines, area);
    let reached_rows = if f.via.is_some() { 2 } else { 0 };
    let [head, summary, note, reached, foot] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Min(3),
        Constraint::Length(6),
        Constraint::Length(reached_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), head);
    field(
        state,
        frame,
        summary,
        &f.summary,
        &tr!(lang, "escalate-summary"),
        f.focus == Field::Summary,
    );
    field(
        state,
        frame,
        note,
        &f.note,
        &tr!(lang, "escalate-note"),
        f.focus == Field::Note,
    );
    if f.via.is_some() {
        field(
            state,
            frame,
            reached,
            &f.reached,
            &tr!(lang, "escalate-reached"),
            f.focus == Field::Reached,
        );
    }
    let status = if f.sending {
        format!(" {}", tr!(lang, "escalate-recording"))
    } else {
        String::new()
    };
    frame.render_widget(Paragraph::new(Line::styled(status, theme::dim())), foot);
}

/// The form's head: the mission, why it was suggested, the deadline the
/// severity sets, who will receive the packet.
fn head_lines(state: &State, f: &EscalateForm) -> Vec<Line<'static>> {
    let lang = state.lang;
    vec![
        mission_line(state, f),
        Line::styled(
            format!(
                " {}",
                tr!(
                    lang,
                    "escalate-why",
                    reason =
                        sanitize_line(&crate::escalate::packet::reason_in(lang, &f.reason), 200)
                )
            ),
            theme::dim(),
        ),
        deadline_line(state, f),
        recipients_line(state, f),
        Line::styled(format!(" {}", tr!(lang, "escalate-packet")), theme::dim()),
    ]
}

/// The badge and the mission the packet goes to.
fn mission_line(state: &State, f: &EscalateForm) -> Line<'static> {
    let lang = state.lang;
    Line::from(vec![
        Span::styled(
            format!(" {} ", tr!(lang, "escalate-badge")),
            theme::demo_badge(state.color),
        ),
        Span::styled(
            format!(
                " {} ",
                tr!(
                    lang,
                    "escalate-to-mission",
                    id = f.inquiry.id.to_string(),
                    mission = sanitize_line(&f.mission_name, 40)
                )
            ),
            theme::label(),
        ),
    ])
}

/// The severity and when the mission must acknowledge it.
fn deadline_line(state: &State, f: &EscalateForm) -> Line<'static> {
    let lang = state.lang;
    let window = f.setup.escalation.ack_window(f.severity);
    let deadline = state.now + window;
    Line::from(vec![
        Span::styled(
            format!(" {} ", f.severity),
            theme::priority(state.color, f.severity),
        ),
        Span::raw(format!(
            " {}",
            tr!(
                lang,
                "escalate-ack-due",
                time = clock_zoned(deadline),
                within = human(lang, window)
            )
        )),
    ])
}

/// Who will receive the packet, or why it cannot be delivered.
fn recipients_line(state: &State, f: &EscalateForm) -> Line<'static> {
    let lang = state.lang;
    match f.recipients_in(lang) {
        Ok(list) if f.via.is_some() => Line::styled(
            format!(" {}", sanitize_line(&list.join(", "), 200)),
            theme::label(),
        ),
        Ok(list) => Line::raw(format!(
            " {}",
            tr!(
                lang,
                "escalate-to",
                list = sanitize_line(&list.join(", "), 200)
            )
        )),
        Err(why) => Line::styled(
            format!(
                " {}",
                tr!(
                    lang,
                    "escalate-cannot-deliver",
                    why = sanitize_line(&why, 300)
                )
            ),
            theme::warn(state.color),
        ),
    }
}

/// The rows the head takes once wrapped to `area`, so nothing in it is
/// lost, leaving the fields their room.
fn wrapped_rows(lines: &[Line], area: Rect) -> u16 {
    let width = usize::from(area.width.max(1));
    // Word wrapping can take a row more than the width alone says.
    let rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) + usize::from(l.width() > width))
        .sum();
    (rows as u16).min(area.height.saturating_sub(6))
}

fn field(
    _state: &State,
    frame: &mut Frame,
    area: Rect,
    editor: &ratatui_textarea::TextArea<'static>,
    title: &str,
    focused: bool,
) {
    let mut widget = editor.clone();
    let style = if focused {
        theme::label()
    } else {
        theme::dim()
    };
    widget.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(style)
            .title(format!(" {title} ")),
    );
    widget.set_cursor_line_style(Style::default());
    widget.set_cursor_style(if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    });
    frame.render_widget(&widget, area);
}

fn human(lang: Lang, d: jiff::SignedDuration) -> String {
    let mins = d.as_mins();
    match mins {
        m if m < 60 => tr!(lang, "duration-minutes", n = m),
        m if m % 60 == 0 && m < 60 * 24 => tr!(lang, "duration-hours", n = m / 60),
        m if m < 60 * 24 => tr!(lang, "duration-hours-minutes", h = m / 60, m = m % 60),
        m => tr!(lang, "duration-days", n = m / (60 * 24)),
    }
}
