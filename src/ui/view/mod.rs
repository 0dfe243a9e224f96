//! Views: pure functions from `State` to a frame. They never reach into the
//! store or the network; all outside text goes through `triage::sanitize`.

mod cells;
mod compose;
mod crisis;
mod detail;
mod escalate;
mod help;
mod overlay;
mod queue;
mod status;
pub mod theme;

pub use help::max_scroll as help_max_scroll;
pub use status::DEFAULT_VIEWS;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::state::{Mode, State};
use crate::i18n::Lang;
use crate::model::Inquiry;
use crate::tr;

/// What of an inquiry's `text` (its message, a follow-up, a note) the
/// officer sees: personal numbers and e-mail addresses masked, a hidden
/// text (restricted, deleted by its author) replaced by why; both as they
/// are once the officer revealed this inquiry with `v` (recorded).
pub fn shown<'a>(state: &State, inq: &Inquiry, text: &'a str) -> Cow<'a, str> {
    crate::records::mask::for_display_in(
        state.lang,
        inq,
        text,
        state.revealed == Some(inq.id),
        &state.reply_config.public_numbers(),
    )
}

/// The screen's rows: header (`header_rows` of them), body, status line,
/// hints.
fn layout(area: Rect, header_rows: u16) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where the body (list, detail, pop-ups) is drawn on the state's screen.
fn body_area(state: &State) -> Rect {
    let area = Rect::new(0, 0, state.width, state.height);
    layout(area, state.header_rows())[1]
}

pub fn render(state: &State, frame: &mut Frame) {
    let [header, body, status_line, hints] = layout(frame.area(), state.header_rows());
    render_header(state, frame, header);
    render_body(state, frame, body);
    let message_rest = status::status_bar(state, frame, status_line);
    status::hints(state, frame, hints, message_rest);
    if let Mode::Help { .. } = state.mode {
        help::render(state, frame, body);
    }
    if let Mode::Compose { .. } = state.mode {
        compose::render(state, frame, body);
    }
    if let Mode::Escalate { .. } = state.mode {
        escalate::render(state, frame, body);
    }
    if state.mode == Mode::Shift {
        shift(state, frame, body);
    }
    overlay::render(state, frame, body);
    cells::settle(frame.buffer_mut());
}

/// The tabs, then (room allowing) the selected crisis's line and the
/// surge banner.
fn render_header(state: &State, frame: &mut Frame, area: Rect) {
    let mut rows = area.rows();
    if let Some(tabs) = rows.next() {
        status::header(state, frame, tabs);
    }
    let extra = [crisis::header_line(state), crisis::banner(state)];
    for (line, row) in extra.into_iter().flatten().zip(rows) {
        frame.render_widget(ratatui::widgets::Paragraph::new(line), row);
    }
}

fn render_body(state: &State, frame: &mut Frame, area: Rect) {
    let showing_detail = matches!(state.mode, Mode::Detail | Mode::Help { over_detail: true });
    if state.split() {
        let [list, detail_area] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        queue::render(state, frame, list);
        detail::render(state, frame, detail_area);
    } else if showing_detail {
        detail::render(state, frame, area);
    } else {
        queue::render(state, frame, area);
    }
}

/// "14:05" and "14:05 WIB": a time of day in the zone of the run
/// (`model::zone`), bare or named for sentences.
pub use crate::model::zone::{clock, clock_zoned};

/// The shift handover digest, as the CLI prints it, scrollable.
fn shift(state: &State, frame: &mut Frame, area: Rect) {
    use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
    frame.render_widget(Clear, area);
    let text = state.shift.as_deref().map_or_else(
        || format!(" {}", tr!(state.lang, "shift-loading")),
        crate::triage::sanitize,
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", tr!(state.lang, "shift-title")));
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((state.shift_scroll, 0)),
        area,
    );
}

/// "3m ago", "just now" ("3 menit lalu", "baru saja"): for sentences.
pub fn ago(lang: Lang, now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    match elapsed(now, then) {
        (Elapsed::Now, _) => tr!(lang, "ago-now"),
        (Elapsed::Minutes, n) => tr!(lang, "ago-minutes", n = n),
        (Elapsed::Hours, n) => tr!(lang, "ago-hours", n = n),
        (Elapsed::Days, n) => tr!(lang, "ago-days", n = n),
    }
}

/// "3m", "5h", "2d" ("3m", "5j", "2h"): how long ago, in the fewest
/// characters.
pub fn age(lang: Lang, now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    match elapsed(now, then) {
        (Elapsed::Now, _) => tr!(lang, "age-now"),
        (Elapsed::Minutes, n) => tr!(lang, "age-minutes", n = n),
        (Elapsed::Hours, n) => tr!(lang, "age-hours", n = n),
        (Elapsed::Days, n) => tr!(lang, "age-days", n = n),
    }
}

enum Elapsed {
    Now,
    Minutes,
    Hours,
    Days,
}

/// How long ago, in its largest whole unit.
fn elapsed(now: jiff::Timestamp, then: jiff::Timestamp) -> (Elapsed, i64) {
    let secs = now.duration_since(then).as_secs().max(0);
    match secs {
        0..60 => (Elapsed::Now, 0),
        60..3600 => (Elapsed::Minutes, secs / 60),
        3600..86_400 => (Elapsed::Hours, secs / 3600),
        _ => (Elapsed::Days, secs / 86_400),
    }
}
