//! Drawing the picker, the yes/no question and the note input over the
//! queue, centred, on a cleared area.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme;
use crate::i18n::Lang;
use crate::tr;
use crate::triage::sanitize_line;
use crate::ui::overlay::{Confirm, Input, Overlay, Picker, PickerKind};
use crate::ui::state::State;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    match &state.overlay {
        Some(Overlay::Picker(p)) => picker(lang, p, frame, area),
        Some(Overlay::Confirm(c)) => confirm(lang, c, frame, area),
        Some(Overlay::Input(i)) => input(lang, i, frame, area),
        None => {}
    }
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn boxed<'a>(title: &str, width: u16) -> Block<'a> {
    let room = usize::from(width).saturating_sub(4).max(10);
    Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", sanitize_line(title, room)))
}

fn picker(lang: Lang, p: &Picker, frame: &mut Frame, area: Rect) {
    // Wide enough for the title (a mission picker says why it suggests).
    let title_width = unicode_width::UnicodeWidthStr::width(p.title.as_str()) as u16 + 4;
    let width = title_width.clamp(62, 100).min(area.width);
    let (lines, selected_line) = picker_lines(lang, p, usize::from(width.saturating_sub(2)));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centred(area, width, height);
    // Keep the highlighted row (and its preview) on screen in a short
    // terminal.
    let inner = popup.height.saturating_sub(2);
    let scroll = (selected_line as u16 + 2).saturating_sub(inner);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(boxed(&p.title, popup.width))
            .scroll((scroll, 0)),
        popup,
    );
}

/// The picker's lines inside its frame of `room` columns, and which line
/// is the highlighted item. Under the highlighted item, its preview (the
/// start of a template's text): one line, so nine templates still fit
/// at 80x24.
fn picker_lines(lang: Lang, p: &Picker, room: usize) -> (Vec<Line<'static>>, usize) {
    let visible = p.visible();
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme::label()),
        Span::raw(format!("{}▏", sanitize_line(&p.query, 50))),
    ])];
    let mut selected_line = 0;
    for (i, item) in visible.iter().enumerate() {
        let check = match (p.kind, item.checked) {
            (PickerKind::Tag, true) => "[x] ",
            (PickerKind::Tag, false) => "[ ] ",
            (PickerKind::Template { .. } | PickerKind::Mission, true) => "✓ ",
            (PickerKind::Template { .. } | PickerKind::Mission, false) => "  ",
            _ => "",
        };
        let line = Line::raw(format!(" {check}{}", sanitize_line(&item.label, 90)));
        if i == p.selected {
            selected_line = lines.len();
        }
        lines.push(if i == p.selected {
            line.style(theme::selected())
        } else {
            line
        });
        if let Some(preview) = item.preview.as_ref().filter(|_| i == p.selected) {
            let indent = 1 + check.chars().count();
            let text = sanitize_line(preview, room.saturating_sub(indent + 1));
            lines.push(Line::styled(
                format!("{}{text}", " ".repeat(indent)),
                theme::dim(),
            ));
        }
    }
    if p.offers_new() {
        let typed = sanitize_line(p.query.trim(), 50);
        let line = Line::raw(format!(" {}", tr!(lang, "picker-new", name = typed)));
        if p.selected >= visible.len() {
            selected_line = lines.len();
        }
        lines.push(if p.selected >= visible.len() {
            line.style(theme::selected())
        } else {
            line
        });
    }
    lines.push(Line::styled(
        format!(" {}", tr!(lang, "picker-keys")),
        theme::dim(),
    ));
    (lines, selected_line)
}

fn confirm(lang: Lang, c: &Confirm, frame: &mut Frame, area: Rect) {
    let popup = centred(area, 60, 5);
    frame.render_widget(Clear, popup);
    let text = Paragraph::new(sanitize_line(&c.question, 200))
        .wrap(Wrap { trim: true })
        .block(boxed(&tr!(lang, "confirm-title"), popup.width));
    frame.render_widget(text, popup);
}

fn input(lang: Lang, i: &Input, frame: &mut Frame, area: Rect) {
    let popup = centred(area, 70, 5);
    frame.render_widget(Clear, popup);
    let lines = vec![
        Line::raw(format!("{}▏", crate::triage::sanitize_line(&i.text, 500))),
        Line::styled(tr!(lang, "input-keys"), theme::dim()),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(&i.title, popup.width)),
        popup,
    );
}
