//! A crisis on the screen (#16): the line under the tabs when a crisis's
//! tab is selected ("sudan-2026 ▁▂▃▅▇█ 143 · 41 in the last hour": the
//! arrivals of its last 2 hours per 10 minutes, its tagged inquiries, its
//! last hour) and the banner of a surge the desk suggests a crisis for,
//! naming the keys that accept or dismiss it. Pure, from `State`.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::tr;
use crate::triage::sanitize_line;
use crate::triage::surge::sparkline;
use crate::ui::action::Command;
use crate::ui::state::State;

/// The selected crisis tab's line, if one is selected.
pub fn header_line(state: &State) -> Option<Line<'static>> {
    let c = state.selected_crisis()?;
    let text = tr!(
        state.lang,
        "crisis-header",
        name = sanitize_line(&c.crisis.name, 40),
        spark = sparkline(&c.buckets),
        count = c.tagged,
        last_hour = c.last_hour
    );
    Some(indented(state, &text, theme::label()))
}

/// "Arrivals naming Khartoum surge: 150 in the last hour, usually 3/h —
/// O open a crisis, D dismiss", when the desk suggests one; said shorter
/// when that does not fit ("Khartoum surges: …" at 80 columns).
pub fn banner(state: &State) -> Option<Line<'static>> {
    let s = state.suggestion.as_ref()?;
    let city = sanitize_line(&state.suggested_city()?, 40);
    let lang = state.lang;
    let keys = [Command::OpenCrisis, Command::DismissSuggestion]
        .into_iter()
        .filter_map(|cmd| {
            let key = state.keymap.key_for("queue", cmd)?;
            Some(format!("{key} {}", cmd.hint(lang)))
        })
        .collect::<Vec<_>>();
    let keys = match keys.is_empty() {
        true => String::new(),
        false => format!(" — {}", keys.join(", ")),
    };
    let usual = per_hour(s.usual_per_hour);
    let width = usize::from(state.width);
    let (place, count) = (city.as_str(), s.last_hour);
    let said = [
        tr!(
            lang,
            "crisis-banner",
            place = place,
            count = count,
            usual = &usual
        ),
        tr!(
            lang,
            "crisis-banner-short",
            place = place,
            count = count,
            usual = &usual
        ),
    ]
    .map(|words| format!("{words}{keys}"));
    let text = said.iter().find(|t| t.width() < width).unwrap_or(&said[1]);
    Some(indented(state, text, theme::warn(state.color)))
}

/// `text` one column in, as the list's rows, cut to the screen.
fn indented(state: &State, text: &str, style: ratatui::style::Style) -> Line<'static> {
    let room = usize::from(state.width).saturating_sub(1);
    Line::from(vec![
        Span::raw(" "),
        Span::styled(sanitize_line(text, room), style),
    ])
}

/// "3", "0.4": a usual rate per hour as a person says it.
fn per_hour(rate: f64) -> String {
    if rate >= 10.0 {
        format!("{rate:.0}")
    } else {
        let one = format!("{rate:.1}");
        one.strip_suffix(".0").map_or(one.clone(), str::to_string)
    }
}
