//! The compose screen: whom the reply goes to and how (channel, language,
//! template), the citizen's words for reference, the editor, and the live
//! count against the platform's limit with whatever blocks sending.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme;
use crate::model::Channel;
use crate::tr;
use unicode_width::UnicodeWidthStr;

use crate::triage::sanitize_line;
use crate::ui::compose::Compose;
use crate::ui::state::State;

/// The compose screen, top to bottom: whom and how, the citizen's words,
/// the editor, the count and what blocks sending.
pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let Some(c) = &state.compose else { return };
    frame.render_widget(Clear, area);
    // The citizen's words on at most three rows, cut with an ellipsis.
    let width = usize::from(area.width.max(20));
    let quoted = sanitize_line(
        &super::shown(state, &c.inquiry, &c.inquiry.text),
        width * 3 - width / 4,
    );
    let quote_rows = quoted.width().div_ceil(width).clamp(1, 3) as u16 + 1;
    let [head, quote, editor, verdict] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(quote_rows),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![title_line(state, c), answered_line(state, c)]),
        head,
    );
    frame.render_widget(
        Paragraph::new(quoted)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        quote,
    );
    frame.render_widget(&editor_widget(c), editor);
    frame.render_widget(
        Paragraph::new(verdict_line(state, c)).wrap(Wrap { trim: false }),
        verdict,
    );
}

/// The channel's badge, then to whom, on which platform, in which
/// language and from which template.
fn title_line(state: &State, c: &Compose) -> Line<'static> {
    let lang = state.lang;
    let channel = match c.channel {
        Channel::Public => {
            Span::styled(format!(" {} ", tr!(lang, "compose-public")), theme::label())
        }
        Channel::Private => Span::styled(
            format!(" {} ", tr!(lang, "compose-private")),
            theme::private_badge(state.color),
        ),
    };
    let template = c.template.as_ref().map_or_else(
        || tr!(lang, "compose-blank"),
        |t| sanitize_line(&t.name, 24),
    );
    Line::from(vec![
        channel,
        Span::raw(format!(
            " {}",
            tr!(
                lang,
                "compose-to",
                handle = sanitize_line(&c.inquiry.author.handle, 20),
                id = c.inquiry.id.to_string(),
                platform = c.rules.platform.as_str(),
                lang = c.lang.as_str(),
                template = template
            )
        )),
    ])
}

/// A warning when colleagues already answered it, else "They wrote:".
fn answered_line(state: &State, c: &Compose) -> Line<'static> {
    let lang = state.lang;
    let answered = c.seen_answers;
    if answered > 0 {
        Line::styled(
            format!(" {}", tr!(lang, "compose-answered", count = answered)),
            theme::warn(state.color),
        )
    } else {
        Line::styled(
            format!(" {}", tr!(lang, "compose-they-wrote")),
            theme::dim(),
        )
    }
}

/// The officer's editor between two rules, its cursor shown reversed.
fn editor_widget(c: &Compose) -> ratatui_textarea::TextArea<'static> {
    let mut editor_widget = c.editor.clone();
    editor_widget.set_block(
        Block::default()
            .borders(Borders::TOP | Borders::BOTTOM)
            .border_style(theme::dim()),
    );
    editor_widget.set_cursor_line_style(ratatui::style::Style::default());
    editor_widget
        .set_cursor_style(ratatui::style::Style::default().add_modifier(Modifier::REVERSED));
    editor_widget
}

/// " 120/280 " (a warning over the limit), then queueing, what blocks
/// sending, or ready.
fn verdict_line(state: &State, c: &Compose) -> Line<'static> {
    let lang = state.lang;
    let (measure, problem) = c.verdict(&state.reply_config);
    let count = Span::styled(
        format!(" {}/{} ", measure.count, measure.max),
        if measure.count > measure.max {
            theme::warn(state.color)
        } else {
            theme::label()
        },
    );
    let status = match (&problem, c.sending) {
        (_, true) => Span::styled(tr!(lang, "compose-queueing"), theme::dim()),
        (Some(p), _) => Span::styled(
            sanitize_line(&p.describe(lang), 120),
            theme::warn(state.color),
        ),
        (None, _) => Span::styled(tr!(lang, "compose-ready"), theme::dim()),
    };
    Line::from(vec![count, status])
}
