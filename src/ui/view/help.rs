//! The help overlay, generated from the keymap so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme;
use crate::tr;
use crate::ui::state::{Mode, State};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let under = match state.mode {
        Mode::Help { over_detail: true } => "detail",
        _ => "queue",
    };
    let lang = state.lang;
    let mode = lang.member("mode", under);
    let mut lines = vec![Line::styled(
        tr!(lang, "help-keys", mode = mode),
        theme::label(),
    )];
    for (cmd, keys) in state.keymap.bindings(under) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys.join(" ")), theme::label()),
            Span::raw(cmd.description(lang)),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(tr!(lang, "help-rebind"), theme::dim()));
    let width = area.width.min(64);
    let height = area.height.min(lines.len() as u16 + 2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", tr!(lang, "help-title")));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.help_scroll, 0)),
        popup,
    );
}
