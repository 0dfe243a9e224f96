//! The help overlay, generated from the keymap so it always tells the truth.
//! A description too long for the popup wraps under itself (never cut at
//! 80 columns), and the help scrolls no further than its last line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::tr;
use crate::ui::state::{Mode, State};

/// Widest the popup grows (a long line is easier to read wrapped).
const MAX_WIDTH: u16 = 78;
/// The key column: two spaces, the keys, padding to here.
const KEYS: usize = 20;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let lines = lines(state, inner_width(area));
    let height = area.height.min(lines.len() as u16 + 2);
    let width = area.width.min(MAX_WIDTH);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", tr!(state.lang, "help-title")));
    let scroll = state.help_scroll.min(last_scroll(lines.len(), height));
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}

/// How far the help can scroll on `state`'s terminal: beyond it, only
/// blank lines would show.
pub fn max_scroll(state: &State) -> u16 {
    let body = super::body_area(state);
    let lines = lines(state, inner_width(body)).len();
    last_scroll(lines, body.height.min(lines as u16 + 2))
}

fn last_scroll(lines: usize, popup_height: u16) -> u16 {
    (lines as u16).saturating_sub(popup_height.saturating_sub(2))
}

fn inner_width(area: Rect) -> usize {
    usize::from(area.width.min(MAX_WIDTH).saturating_sub(2))
}

/// Every line of the help `width` columns wide.
fn lines(state: &State, width: usize) -> Vec<Line<'static>> {
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
        let keys = format!("  {:<w$}", keys.join(" "), w = KEYS - 2);
        let room = width.saturating_sub(keys.width().max(KEYS)).max(12);
        let mut parts = wrap(&cmd.description(lang), room).into_iter();
        let first = parts.next().unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(keys.clone(), theme::label()),
            Span::raw(first),
        ]));
        let indent = " ".repeat(keys.width());
        lines.extend(parts.map(|more| Line::raw(format!("{indent}{more}"))));
    }
    lines.push(Line::raw(""));
    for part in wrap(&tr!(lang, "help-rebind"), width) {
        lines.push(Line::styled(part, theme::dim()));
    }
    lines
}

/// `text` in lines of at most `width` columns, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_between_words_within_the_width() {
        let lines = wrap(
            "back (from a search, the detail, help); in a reply: discard it",
            20,
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "back (from a search, the detail, help); in a reply: discard it"
        );
        assert_eq!(wrap("", 10), vec![String::new()]);
    }
}
