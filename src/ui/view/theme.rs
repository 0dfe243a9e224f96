//! Styles, with and without colour (`NO_COLOR`): without colour, urgency
//! and selection still show through bold, dim and reverse.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Priority;

pub fn priority(color: bool, p: Priority) -> Style {
    let base = Style::default();
    match (color, p) {
        (true, Priority::P1) => base.fg(Color::Red).add_modifier(Modifier::BOLD),
        (true, Priority::P2) => base.fg(Color::Yellow),
        (true, Priority::P3) => base,
        (true, Priority::P4) => base.fg(Color::DarkGray),
        (false, Priority::P1) => base.add_modifier(Modifier::BOLD),
        (false, Priority::P4) => base.add_modifier(Modifier::DIM),
        (false, _) => base,
    }
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn bar(color: bool) -> Style {
    if color {
        Style::default().bg(Color::Blue).fg(Color::White)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

pub fn demo_badge(color: bool) -> Style {
    if color {
        Style::default()
            .bg(Color::Magenta)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    }
}

pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn label() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn warn(color: bool) -> Style {
    if color {
        Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    }
}

pub fn private_badge(color: bool) -> Style {
    if color {
        Style::default()
            .bg(Color::Blue)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}
