//! The header (view and counts), the status bar (queue counts, each
//! source's health, the officer) and the key hints from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::i18n::Lang;
use crate::ingest::Health;
use crate::model::Status;
use crate::tr;
use crate::triage::{sanitize_line, sanitize_words};
use crate::ui::action::Command;
use crate::ui::state::{Mode, Search, State};

pub fn header(state: &State, frame: &mut Frame, area: Rect) {
    let mut spans = vec![];
    if state.demo {
        spans.push(Span::styled(" DEMO ", theme::demo_badge(state.color)));
    }
    let position = Span::styled(position(state), theme::label());
    let room = usize::from(area.width)
        .saturating_sub(spans.iter().map(Span::width).sum::<usize>() + position.width());
    spans.extend(fitted_tabs(tabs(state), state.view, room));
    spans.push(position);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A tab per view with its count, the selected one lit. On a narrow
/// terminal the other tabs shrink: to the catalog's short form for a view
/// of the defaults, to four letters for one named otherwise.
fn tabs(state: &State) -> Vec<Span<'static>> {
    let narrow = state.width < 100;
    let tab = |(i, view): (usize, &crate::ui::state::View)| {
        let count = state.view_counts.get(i).copied().unwrap_or(0);
        let name = view_name(state.lang, &view.name, narrow && i != state.view);
        let style = if i == state.view {
            theme::selected()
        } else {
            theme::dim()
        };
        Span::styled(format!(" {name} {count} "), style)
    };
    state.views.iter().enumerate().map(tab).collect()
}

/// The tabs that fit in `room` columns, always the selected one whole:
/// those before it as far as they fit, then those after; a side with
/// tabs left out shows `‹` or `›` (a crisis tab after seven views must
/// not lose its count at 80 columns).
fn fitted_tabs(tabs: Vec<Span<'static>>, selected: usize, room: usize) -> Vec<Span<'static>> {
    let total: usize = tabs.iter().map(Span::width).sum();
    if total <= room || selected >= tabs.len() {
        return tabs;
    }
    let mut used = tabs[selected].width() + 2;
    let mut lo = selected;
    while lo > 0 && used + tabs[lo - 1].width() <= room {
        lo -= 1;
        used += tabs[lo].width();
    }
    let mut hi = selected + 1;
    while hi < tabs.len() && used + tabs[hi].width() <= room {
        used += tabs[hi].width();
        hi += 1;
    }
    let more = || Span::styled("›", theme::dim());
    let mut out = Vec::new();
    if lo > 0 {
        out.push(Span::styled("‹", theme::dim()));
    }
    let last = tabs.len();
    out.extend(tabs.into_iter().take(hi).skip(lo));
    if hi < last {
        out.push(more());
    }
    out
}

/// " 3/120" (and how many are marked): where the cursor is in the list.
fn position(state: &State) -> String {
    match (state.rows.len(), state.marked.len()) {
        (0, _) => String::new(),
        (n, 0) => format!(
            " {}/{}{}",
            state.selected + 1,
            n,
            if state.more { "+" } else { "" }
        ),
        (n, m) => format!(
            " {}/{} ({})",
            state.selected + 1,
            n,
            tr!(state.lang, "marked-count", count = m)
        ),
    }
}

/// The views of the default config, whose names the catalogs translate
/// (`view-inbox`, `view-short-inbox`, ...).
pub const DEFAULT_VIEWS: [&str; 7] = [
    "Inbox",
    "Mine",
    "Private",
    "Escalated",
    "Snoozed",
    "Closed",
    "All",
];

/// A view of the default config ("Inbox") in the officer's language; one
/// the officer named otherwise, as named. `short`: for a narrow tab.
pub fn view_name(lang: Lang, name: &str, short: bool) -> String {
    let width = if short { 4 } else { 16 };
    match (DEFAULT_VIEWS.contains(&name), short) {
        (true, false) => lang.member("view", &name.to_lowercase()),
        (true, true) => lang.member("view-short", &name.to_lowercase()),
        (false, _) => sanitize_line(name, 16).chars().take(width).collect(),
    }
}

/// Draws the status line; returns the rest of a message too long for it,
/// which `hints` draws in its place.
pub fn status_bar(state: &State, frame: &mut Frame, area: Rect) -> Option<String> {
    let officer = format!(" {} ", sanitize_line(&state.officer, 20));
    let room = usize::from(area.width).saturating_sub(officer.chars().count());
    let (text, rest) = status_text(state, room);
    let line = Line::from(vec![
        Span::raw(format!("{text:<room$}")),
        Span::styled(officer, theme::label()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme::bar(state.color)), area);
    rest
}

/// The status line's text in `room` columns and, for a message too long
/// for it, the rest of the message, which takes the hints' line until the
/// next key (not while a search shows its query there).
///
/// Most pressing first, so a narrow terminal cuts the least urgent: the
/// last action's result, the outbox, the counts, the sources (each by
/// name when they fit, else those in trouble, else summed up: "sources:
/// 2/3 ok, check mastodon").
fn status_text(state: &State, room: usize) -> (String, Option<String>) {
    let message = state.message.as_deref().map(|m| sanitize_line(m, 300));
    let mut parts: Vec<String> = message.iter().cloned().collect();
    parts.extend(group_progress(state));
    parts.extend(outbox_summary(state));
    parts.push(counts_summary(state));
    let health = health_summary(state);
    let whole = format!("{} │ {health}", parts.join(" │ "));
    if whole.width() <= room {
        return (whole, None);
    }
    let Some(message) = message.filter(|m| m.width() > room && state.search.is_none()) else {
        // Shortened by meaning, else the sources left out.
        for health in health_shortened(state) {
            let text = format!("{} │ {health}", parts.join(" │ "));
            if text.width() <= room {
                return (text, None);
            }
        }
        return (sanitize_words(&parts.join(" │ "), room), None);
    };
    let lines = textwrap::wrap(&message, room.max(1));
    let first = lines.first().map_or_else(String::new, |l| l.to_string());
    let rest: Vec<&str> = lines.iter().skip(1).map(|l| l.as_ref()).collect();
    let width = usize::from(state.width);
    (first, Some(sanitize_words(&rest.join(" "), width)))
}

/// "new 3 claimed 1 replied 0 escalated 0 snoozed 0".
fn counts_summary(state: &State) -> String {
    Status::ALL
        .iter()
        .filter(|s| **s != Status::Closed)
        .map(|s| {
            format!(
                "{} {}",
                state.lang.member("status", s.as_str()),
                state.counts.get(*s)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "g3 ↑ sent 12 · failed 0 · queued 130 of 142": a group answer going out.
fn group_progress(state: &State) -> Option<String> {
    let answer = state.group_answer.as_ref()?;
    let (sent, failed, going) = answer.progress();
    Some(tr!(
        state.lang,
        "group-progress",
        group = answer.group.to_string(),
        sent = sent,
        failed = failed,
        queued = going,
        of = answer.replies.len()
    ))
}

/// "outbox 2 sending, 1 FAILED": what is still to go out.
fn outbox_summary(state: &State) -> Option<String> {
    use crate::reply::ReplyState;
    if state.outbox.is_empty() {
        return None;
    }
    let count = |wanted: &[ReplyState]| {
        state
            .outbox
            .values()
            .filter(|o| wanted.contains(&o.state))
            .count()
    };
    let going = count(&[
        ReplyState::Pending,
        ReplyState::Sending,
        ReplyState::Unknown,
    ]);
    let failed = count(&[ReplyState::Failed]);
    let mut parts = Vec::new();
    let lang = state.lang;
    if going > 0 {
        parts.push(tr!(lang, "outbox-sending", count = going));
    }
    if failed > 0 {
        parts.push(tr!(lang, "outbox-failed", count = failed));
    }
    Some(tr!(lang, "outbox", parts = parts.join(", ")))
}

fn health_summary(state: &State) -> String {
    if state.health.is_empty() {
        return tr!(state.lang, "no-sources");
    }
    state
        .health
        .iter()
        .map(|(name, h)| format!("{}: {}", sanitize_line(name, 16), describe(state.lang, h)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// What the sources' part of the status line becomes when each one's
/// words do not fit, longest first: those in trouble and why ("hung-x:
/// failing: …"), all summed up ("sources: 2/3 ok, check hung-x"), the
/// names of those in trouble ("check hung-x").
fn health_shortened(state: &State) -> Vec<String> {
    let lang = state.lang;
    if state.health.is_empty() {
        return vec![tr!(lang, "no-sources")];
    }
    let troubled: Vec<(String, &Health)> = state
        .health
        .iter()
        .filter(|(_, h)| !matches!(h, Health::Ok { .. } | Health::Starting))
        .map(|(name, h)| (sanitize_line(name, 16), h))
        .collect();
    let all = state.health.len();
    let ok = all - troubled.len();
    if troubled.is_empty() {
        return vec![tr!(lang, "health-brief", ok = ok, all = all)];
    }
    let why: Vec<String> = troubled
        .iter()
        .map(|(name, h)| format!("{name}: {}", describe(lang, h)))
        .collect();
    let names: Vec<&str> = troubled.iter().map(|(name, _)| name.as_str()).collect();
    let names = names.join(", ");
    vec![
        why.join("  "),
        tr!(
            lang,
            "health-brief-trouble",
            ok = ok,
            all = all,
            names = names.clone()
        ),
        tr!(lang, "health-check", names = names),
    ]
}

fn describe(lang: Lang, h: &Health) -> String {
    match h {
        Health::Starting => tr!(lang, "health-starting"),
        Health::Ok { at } => tr!(lang, "health-ok", time = super::clock(*at)),
        Health::Waiting { until, .. } => tr!(lang, "health-waiting", time = super::clock(*until)),
        Health::Failing { reason, last_ok } => {
            let reason = sanitize_line(reason, 40);
            match last_ok {
                Some(t) => tr!(
                    lang,
                    "health-failing-since",
                    reason = reason,
                    time = super::clock(*t)
                ),
                None => tr!(lang, "health-failing", reason = reason),
            }
        }
        Health::Stopped { reason } => {
            tr!(lang, "health-stopped", reason = sanitize_line(reason, 40))
        }
    }
}

/// The keys of the mode, or the search's query, or (`message_rest`) the
/// rest of a long message.
pub fn hints(state: &State, frame: &mut Frame, area: Rect, message_rest: Option<String>) {
    if let Some(rest) = message_rest {
        let line = Line::styled(rest, theme::label());
        frame.render_widget(Paragraph::new(line).style(theme::bar(state.color)), area);
        return;
    }
    if let Some(search) = &state.search {
        frame.render_widget(Paragraph::new(search_line(state, search)), area);
        return;
    }
    let mode = state.mode.keymap_name();
    let hints: Vec<Span> = hinted(state.mode)
        .iter()
        .filter_map(|cmd| {
            let key = state.keymap.key_for(mode, *cmd)?;
            Some([
                Span::styled(format!(" {key}"), theme::label()),
                Span::raw(format!(" {} ", cmd.hint(state.lang))),
            ])
        })
        .flatten()
        .collect();
    frame.render_widget(Paragraph::new(Line::from(hints)).style(theme::dim()), area);
}

/// " /query▏  12 found": the query as typed and how the search went.
fn search_line(state: &State, search: &Search) -> Line<'static> {
    let cursor = if search.editing { "▏" } else { "" };
    let status = match (&search.error, search.running) {
        (Some(e), _) => sanitize_line(e, 50),
        (None, true) => tr!(state.lang, "search-running"),
        (None, false) if search.text.is_empty() => tr!(state.lang, "search-empty"),
        (None, false) => tr!(state.lang, "search-found", count = state.rows.len()),
    };
    Line::from(vec![
        Span::styled(
            format!(" /{}{cursor}", sanitize_line(&search.text, 50)),
            theme::label(),
        ),
        Span::styled(format!("  {status}"), theme::dim()),
    ])
}

/// The commands each mode's hint line offers, in order.
fn hinted(mode: Mode) -> &'static [Command] {
    match mode {
        Mode::Queue => &[
            Command::Down,
            Command::Open,
            Command::Claim,
            Command::Reply,
            Command::Tag,
            Command::Close,
            Command::Search,
            Command::Help,
        ],
        Mode::Detail => &[
            Command::ScrollDown,
            Command::Next,
            Command::Claim,
            Command::Reply,
            Command::RetryReply,
            Command::Back,
            Command::Help,
        ],
        Mode::Help { .. } => &[Command::Back],
        Mode::Shift => &[Command::ScrollDown, Command::AcceptShift, Command::Back],
        Mode::Escalate { .. } => &[
            Command::Send,
            Command::NextField,
            Command::Severity,
            Command::Via,
            Command::Back,
        ],
        Mode::Compose { .. } => &[
            Command::Send,
            Command::ToggleChannel,
            Command::SwitchLang,
            Command::ExternalEditor,
            Command::Back,
        ],
    }
}
