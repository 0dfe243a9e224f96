//! The queue list: one line per inquiry, most urgent first.
//! `P1  12m @ handle         first line of the text…`

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use ratatui::style::Style;

use super::{age, theme};
use crate::model::escalation::EscalationBrief;
use crate::model::{Channel, Inquiry};
use crate::tr;
use crate::triage::sanitize_line;
use crate::triage::search::{Matcher, Query};
use crate::ui::group::RowKind;
use crate::ui::state::State;

const HANDLE_WIDTH: usize = 15;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    if state.rows.is_empty() {
        let text = empty_text(state);
        let text: Vec<Line> = text.lines().map(|l| Line::raw(format!(" {l}"))).collect();
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::dim())
                .wrap(ratatui::widgets::Wrap { trim: false }),
            area,
        );
        return;
    }
    let matcher = state
        .search
        .as_ref()
        .and_then(|s| Query::parse(&s.text).ok())
        .filter(|q| !q.fuzzy.is_empty())
        .map(Matcher::new);
    let mut lines: Vec<Line> = Vec::new();
    let (above, above_p1) = state.arrived_above();
    if above > 0 {
        lines.push(arrived_above_line(state, above, above_p1, area.width));
    }
    let room = usize::from(area.height).saturating_sub(lines.len());
    lines.extend(
        state
            .rows
            .iter()
            .enumerate()
            .skip(state.offset)
            .take(room)
            .map(|(i, inq)| {
                let selected = i == state.selected;
                match state.row_kind(i) {
                    RowKind::Group { summary, expanded } => {
                        group_row(state, summary, expanded, selected, area.width)
                    }
                    RowKind::Member => {
                        row(state, inq, selected, area.width, matcher.as_ref(), true)
                    }
                    RowKind::Alone => {
                        row(state, inq, selected, area.width, matcher.as_ref(), false)
                    }
                }
            }),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

/// What an empty list says: still loading, nothing matches the search,
/// no sources configured yet (where to start), or simply empty.
fn empty_text(state: &State) -> String {
    match &state.search {
        _ if state.loading => tr!(state.lang, "queue-loading"),
        Some(search) if !search.text.trim().is_empty() => tr!(
            state.lang,
            "queue-no-match",
            query = sanitize_line(search.text.trim(), 60)
        ),
        // A fresh install: say where to start rather than nothing.
        _ if state.health.is_empty() && !state.demo => {
            let start = match &state.config_file {
                Some(path) => tr!(
                    state.lang,
                    "queue-no-sources-at",
                    path = sanitize_line(path, 200)
                ),
                None => tr!(state.lang, "queue-no-sources"),
            };
            format!("{}\n\n{start}", tr!(state.lang, "queue-empty"))
        }
        _ => tr!(state.lang, "queue-empty"),
    }
}

/// "▲ 3 new above, 1 P1 · g to the top": arrivals the officer has not seen,
/// in place of a row, so the selection keeps its line.
fn arrived_above_line(state: &State, above: usize, p1: usize, width: u16) -> Line<'static> {
    let lang = state.lang;
    let mut text = format!(" {}", tr!(lang, "new-above", count = above));
    if p1 > 0 {
        text.push_str(&tr!(lang, "new-above-p1", count = p1));
    }
    if let Some(key) = state
        .keymap
        .key_for("queue", crate::ui::action::Command::Top)
    {
        text.push_str(&format!(" {}", tr!(lang, "new-above-top", key = key)));
    }
    let style = if p1 > 0 {
        theme::warn(state.color)
    } else {
        theme::label()
    };
    Line::from(Span::styled(
        sanitize_line(&text, usize::from(width)),
        style,
    ))
}

/// One inquiry's line: its head (flag, priority, age, channel, handle),
/// the tags that say who else is on it, then as much of the text as fits.
fn row<'a>(
    state: &State,
    inq: &'a Inquiry,
    selected: bool,
    width: u16,
    matcher: Option<&Matcher>,
    member: bool,
) -> Line<'a> {
    let mine = inq.claimed_by.as_deref() == Some(state.officer.as_str());
    let mut head = row_head(state, inq, mine);
    if member {
        // Under its open group's row.
        head.insert(0, '│');
    }
    let mut row = RowSpans {
        rest: usize::from(width)
            .saturating_sub(unicode_width::UnicodeWidthStr::width(head.as_str()) + 1),
        spans: vec![Span::styled(
            head,
            theme::priority(state.color, inq.priority),
        )],
    };
    if let Some(who) = holder_tag(state, inq, mine) {
        row.push(who, theme::label());
    }
    if let Some(tag) = presence_tag(state, inq) {
        row.push(tag, theme::warn(state.color));
    }
    if let Some(tag) = draft_tag(state, inq) {
        row.push(tag, theme::label());
    }
    if let Some(e) = inq.escalations.last() {
        let (tag, style) = escalation_tag(state, e, row.rest);
        row.push(tag, style);
    }
    if !inq.followups.is_empty() {
        // The citizen wrote again: show how many more messages there are.
        row.push(format!("+{} ", inq.followups.len()), theme::label());
    }
    let RowSpans { mut spans, rest } = row;
    let text = sanitize_line(&super::shown(state, inq, &inq.text), rest);
    match matcher {
        Some(m) => {
            let hits = m.highlights_in(&text);
            spans.extend(highlighted(text, &hits));
        }
        None => spans.push(Span::raw(text)),
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

/// A group's row: `▸P1   2m ×143 evakuasi · keluarga · Khartoum · 140 open`
/// (`▾` when open), in its most urgent member's priority, its age that
/// of its newest member.
fn group_row(
    state: &State,
    summary: &crate::model::GroupSummary,
    expanded: bool,
    selected: bool,
    width: u16,
) -> Line<'static> {
    let fold = if expanded { "▾" } else { "▸" };
    let text = format!(
        "{fold}{} {:>4} {}",
        summary.priority,
        age(state.lang, state.now, summary.newest_at),
        tr!(
            state.lang,
            "queue-group-row",
            size = summary.members.len(),
            label = sanitize_line(&summary.label, 60),
            open = summary.open
        )
    );
    let line = Line::from(Span::styled(
        sanitize_line(&text, usize::from(width)),
        theme::priority(state.color, summary.priority),
    ));
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

/// A row's spans so far and the columns left for the text.
struct RowSpans<'a> {
    spans: Vec<Span<'a>>,
    rest: usize,
}

impl RowSpans<'_> {
    /// Adds a tag, taking its width from the text's room.
    fn push(&mut self, tag: String, style: Style) {
        self.rest = self
            .rest
            .saturating_sub(unicode_width::UnicodeWidthStr::width(tag.as_str()));
        self.spans.push(Span::styled(tag, style));
    }
}

/// `*P1  12m @ handle         `: marked or held (by me ●, by another ○),
/// priority, age in the queue, channel and handle.
fn row_head(state: &State, inq: &Inquiry, mine: bool) -> String {
    let channel = match inq.channel {
        Channel::Public => "@",
        Channel::Private => "✉",
    };
    let handle = sanitize_line(&inq.author.handle, HANDLE_WIDTH);
    let flag = match (state.marked.contains(&inq.id), &inq.claimed_by) {
        (true, _) => "*",
        (false, Some(_)) if mine => "●",
        (false, Some(_)) => "○",
        (false, None) => " ",
    };
    format!(
        "{flag}{} {:>4} {channel} {handle:<w$} ",
        inq.priority,
        age(state.lang, state.now, inq.queued_at),
        w = HANDLE_WIDTH
    )
}

/// "[officer 5m] ": a colleague holds it, and since when.
fn holder_tag(state: &State, inq: &Inquiry, mine: bool) -> Option<String> {
    let holder = inq.claimed_by.as_ref().filter(|_| !mine)?;
    let since = inq
        .claimed_at
        .map(|t| format!(" {}", age(state.lang, state.now, t)))
        .unwrap_or_default();
    Some(format!("[{}{since}] ", sanitize_line(holder, 12)))
}

/// "»officer " or "✎officer ": a colleague has it open (or is answering
/// it) right now.
fn presence_tag(state: &State, inq: &Inquiry) -> Option<String> {
    let others = state.others_on(inq.id);
    let p = others.first()?;
    let mark = match p.activity {
        crate::daemon::protocol::Activity::Viewing => "»",
        _ => "✎",
    };
    Some(format!("{mark}{} ", sanitize_line(&p.officer, 10)))
}

/// "[⇢mission status] ": escalated, to whom, and whether they took it. At
/// most half of `rest`, so the citizen's words still show; a warning when
/// overdue or failed.
fn escalation_tag(state: &State, e: &EscalationBrief, rest: usize) -> (String, Style) {
    let overdue = !e.acked && state.now >= e.deadline;
    let lang = state.lang;
    let status = if e.acked {
        tr!(lang, "escalation-acked")
    } else if overdue {
        tr!(lang, "escalation-overdue")
    } else if e.delivery == crate::escalate::DeliveryState::Failed {
        tr!(lang, "escalation-failed")
    } else {
        let delivery = match e.delivery {
            crate::escalate::DeliveryState::Sent => tr!(lang, "escalation-sent"),
            _ => tr!(lang, "escalation-sending"),
        };
        tr!(
            lang,
            "escalation-ack-due",
            delivery = delivery,
            time = super::clock(e.deadline)
        )
    };
    let tag = format!("[⇢{} {status}]", sanitize_line(&e.mission_name, 14));
    let tag = format!("{} ", sanitize_line(&tag, (rest / 2).max(34)));
    let style = if overdue || e.delivery == crate::escalate::DeliveryState::Failed {
        theme::warn(state.color)
    } else {
        theme::label()
    };
    (tag, style)
}

/// "[draft] " on a row this officer keeps a draft for (a reply or an
/// escalation): `r` or `e` brings it back.
fn draft_tag(state: &State, inq: &Inquiry) -> Option<String> {
    let kinds = [
        crate::model::DraftKind::Reply,
        crate::model::DraftKind::Escalation,
    ];
    kinds
        .iter()
        .any(|k| state.drafts.contains_key(&(inq.id, *k)))
        .then(|| format!("{} ", tr!(state.lang, "row-draft")))
}

/// The text with matched characters emphasised.
fn highlighted(text: String, hits: &[usize]) -> Vec<Span<'static>> {
    if hits.is_empty() {
        return vec![Span::raw(text)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let hit = hits.binary_search(&i).is_ok();
        if hit != run_hit && !run.is_empty() {
            spans.push(span(std::mem::take(&mut run), run_hit));
        }
        run_hit = hit;
        run.push(c);
    }
    spans.push(span(run, run_hit));
    spans
}

fn span(text: String, hit: bool) -> Span<'static> {
    if hit {
        Span::styled(
            text,
            theme::label()
                .patch(Style::default().add_modifier(ratatui::style::Modifier::UNDERLINED)),
        )
    } else {
        Span::raw(text)
    }
}
