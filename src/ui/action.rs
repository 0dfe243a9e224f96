//! Everything that can happen to the UI arrives as an `Action`; everything
//! the UI wants done outside itself leaves as an `Effect`. `update` is the
//! only place state changes.

use jiff::Timestamp;

use crate::ingest::HealthReport;
use crate::model::{Inquiry, InquiryId};
use crate::queue::{InquiryDetail, QueueEvent, QueuePosWire, ViewQuery};
use crate::store::StatusCounts;

/// What a key can be bound to. Names are the config's action names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    ScrollDown,
    ScrollUp,
    Next,
    Prev,
    Back,
    Help,
    Quit,
}

impl Command {
    pub const ALL: [Command; 14] = [
        Command::Down,
        Command::Up,
        Command::Top,
        Command::Bottom,
        Command::PageDown,
        Command::PageUp,
        Command::Open,
        Command::ScrollDown,
        Command::ScrollUp,
        Command::Next,
        Command::Prev,
        Command::Back,
        Command::Help,
        Command::Quit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Command::Down => "down",
            Command::Up => "up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::Open => "open",
            Command::ScrollDown => "scroll_down",
            Command::ScrollUp => "scroll_up",
            Command::Next => "next",
            Command::Prev => "prev",
            Command::Back => "back",
            Command::Help => "help",
            Command::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What the help overlay says the command does.
    pub fn description(self) -> &'static str {
        match self {
            Command::Down => "next inquiry",
            Command::Up => "previous inquiry",
            Command::Top => "first inquiry (most urgent)",
            Command::Bottom => "last inquiry loaded",
            Command::PageDown => "one screen down",
            Command::PageUp => "one screen up",
            Command::Open => "open the inquiry: full text and history",
            Command::ScrollDown => "scroll the text down",
            Command::ScrollUp => "scroll the text up",
            Command::Next => "open the next inquiry",
            Command::Prev => "open the previous inquiry",
            Command::Back => "back",
            Command::Help => "this help",
            Command::Quit => "quit siaga",
        }
    }

    pub fn allowed_in(self, mode: &str) -> bool {
        use Command::*;
        match mode {
            "queue" => matches!(
                self,
                Down | Up | Top | Bottom | PageDown | PageUp | Open | Help | Quit
            ),
            "detail" => matches!(
                self,
                ScrollDown | ScrollUp | PageDown | PageUp | Next | Prev | Back | Help | Quit
            ),
            "help" => matches!(self, Back | Quit | ScrollDown | ScrollUp),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Timestamp),
    /// A page of the current view. `append` continues the loaded rows.
    ViewLoaded {
        rows: Vec<Inquiry>,
        more: bool,
        append: bool,
    },
    CountsLoaded(StatusCounts),
    DetailLoaded(Box<InquiryDetail>),
    Queue(QueueEvent),
    Health(HealthReport),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load a page of the view; `append` when continuing after the last row.
    LoadView {
        query: ViewQuery,
        append: bool,
    },
    LoadCounts,
    LoadDetail(InquiryId),
    Quit,
}

impl Effect {
    pub fn load_more(statuses: &[crate::model::Status], after: &Inquiry, limit: usize) -> Effect {
        Effect::LoadView {
            query: ViewQuery {
                statuses: statuses.to_vec(),
                after: Some(QueuePosWire::of(after)),
                limit,
            },
            append: true,
        }
    }
}
