//! The queue list: one line per inquiry, most urgent first.
//! `P1  12m @ handle         first line of the text…`

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{age, theme};
use crate::model::{Channel, Inquiry};
use crate::triage::sanitize_line;
use crate::ui::state::State;

const HANDLE_WIDTH: usize = 15;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    if state.rows.is_empty() {
        let text = if state.loading {
            " Loading…"
        } else {
            " Nothing here: the queue is empty."
        };
        frame.render_widget(Paragraph::new(text).style(theme::dim()), area);
        return;
    }
    let lines: Vec<Line> = state
        .rows
        .iter()
        .enumerate()
        .skip(state.offset)
        .take(usize::from(area.height))
        .map(|(i, inq)| row(state, inq, i == state.selected, area.width))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn row<'a>(state: &State, inq: &'a Inquiry, selected: bool, width: u16) -> Line<'a> {
    let channel = match inq.channel {
        Channel::Public => "@",
        Channel::Private => "✉",
    };
    let handle = sanitize_line(&inq.author.handle, HANDLE_WIDTH);
    let claim = if inq.claimed_by.is_some() { "●" } else { " " };
    let head = format!(
        "{claim}{} {:>4} {channel} {handle:<w$} ",
        inq.priority,
        age(state.now, inq.queued_at),
        w = HANDLE_WIDTH
    );
    let rest =
        usize::from(width).saturating_sub(unicode_width::UnicodeWidthStr::width(head.as_str()) + 1);
    let mut spans = vec![Span::styled(
        head,
        theme::priority(state.color, inq.priority),
    )];
    let mut rest = rest;
    if !inq.followups.is_empty() {
        // The citizen wrote again: show how many more messages there are.
        let more = format!("+{} ", inq.followups.len());
        rest = rest.saturating_sub(more.len());
        spans.push(Span::styled(more, theme::label()));
    }
    spans.push(Span::raw(sanitize_line(&inq.text, rest)));
    let line = Line::from(spans);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}
