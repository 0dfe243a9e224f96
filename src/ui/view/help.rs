//! The help overlay, generated from the keymap so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme;
use crate::ui::state::{Mode, State};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let under = match state.mode {
        Mode::Help { over_detail: true } => "detail",
        _ => "queue",
    };
    let mut lines = vec![Line::styled(format!("Keys ({under})"), theme::label())];
    for (cmd, keys) in state.keymap.bindings(under) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys.join(" ")), theme::label()),
            Span::raw(cmd.description()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Rebind keys in [keys.*] of your config file.",
        theme::dim(),
    ));
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
        .title(" help · j/k scroll · Esc closes ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.help_scroll, 0)),
        popup,
    );
}
