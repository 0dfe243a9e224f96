//! The UI drawn on a ratatui `TestBackend` as text, and the drawn screen
//! read back: shared by the snapshot tests.
//!
//! Under each screen, the lines that carry a style the text cannot show are
//! repeated as marks: `~` reversed, `^` underlined, `!` red.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use siaga::ui::State;
use siaga::ui::view::render;

/// The screen as text, then the style marks of the lines that have any.
pub fn draw(s: &State) -> String {
    draw_marking(s, true)
}

/// As `draw`, but marking reversed and underlined cells only (no `!` for
/// red), under the legend "styles (~ reversed, ^ underlined)".
pub fn draw_without_red(s: &State) -> String {
    draw_marking(s, false)
}

/// The screen as text, then the style marks of the lines that have any;
/// red cells are marked `!` only when `red`.
fn draw_marking(s: &State, red: bool) -> String {
    let mut terminal = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    terminal.draw(|f| render(s, f)).unwrap();
    let backend = terminal.backend();
    let mut out = backend.to_string();
    let buffer = backend.buffer();
    let width = usize::from(buffer.area.width);
    let mut marks = Vec::new();
    for (y, cells) in buffer.content().chunks(width).enumerate() {
        let line: String = cells
            .iter()
            .map(|c| {
                if c.modifier.contains(Modifier::UNDERLINED) {
                    '^'
                } else if c.modifier.contains(Modifier::REVERSED) {
                    '~'
                } else if red && c.fg == Color::Red {
                    '!'
                } else {
                    ' '
                }
            })
            .collect();
        if line.trim().is_empty() {
            continue;
        }
        marks.push(format!("{y:>2} \"{line}\""));
    }
    if !marks.is_empty() {
        out.push_str(if red {
            "styles (~ reversed, ^ underlined, ! red), by screen line:\n"
        } else {
            "styles (~ reversed, ^ underlined), by screen line:\n"
        });
        for m in marks {
            out.push_str(&m);
            out.push('\n');
        }
    }
    out
}

pub fn screen_line(screen: &str, needle: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{screen}"))
        .to_string()
}

pub fn line_index(screen: &str, needle: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{screen}"))
}

/// The style marks drawn under screen line `y`.
pub fn marks(screen: &str, y: usize) -> String {
    let tag = format!("{y:>2} \"");
    screen
        .lines()
        .skip_while(|l| !l.starts_with("styles "))
        .find(|l| l.starts_with(&tag))
        .map(str::to_string)
        .unwrap_or_default()
}

/// The status bar: the line above the key hints.
pub fn status_bar(s: &State, screen: &str) -> String {
    screen
        .lines()
        .nth(usize::from(s.height) - 2)
        .unwrap()
        .to_string()
}

/// The screen as text alone, as the backend prints it (no style marks).
pub fn plain(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    terminal.draw(|f| render(s, f)).unwrap();
    terminal.backend().to_string()
}

/// Every screen line (before any style marks, the backend's note on wide
/// symbols aside) is at most `width` columns: nothing spills.
pub fn fits(screen: &str, width: usize) {
    for line in screen.lines().take_while(|l| !l.starts_with("styles ")) {
        let line = line.split("\" Hidden by").next().unwrap_or(line);
        let line = line.trim_matches('"');
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= width,
            "wider than {width}: {line:?}"
        );
    }
}

/// All the screen's text on one line, words single-spaced: for phrases
/// that wrap.
pub fn flat(screen: &str) -> String {
    screen
        .lines()
        .take_while(|l| !l.starts_with("styles "))
        .map(|l| l.trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
