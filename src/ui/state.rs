//! Everything the screen shows, as plain data. Views read it; only
//! `update` writes it.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::ingest::Health;
use crate::model::{Inquiry, InquiryId, Status};
use crate::queue::InquiryDetail;
use crate::store::StatusCounts;

use super::keymap::Keymap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Queue,
    Detail,
    Help { over_detail: bool },
}

impl Mode {
    pub fn keymap_name(self) -> &'static str {
        match self {
            Mode::Queue => "queue",
            Mode::Detail => "detail",
            Mode::Help { .. } => "help",
        }
    }
}

#[derive(Debug, Clone)]
pub struct State {
    pub officer: String,
    pub demo: bool,
    pub color: bool,
    pub now: Timestamp,
    pub width: u16,
    pub height: u16,
    pub split_min_width: u16,
    pub page_size: usize,
    pub keymap: Keymap,
    pub mode: Mode,
    pub view_name: String,
    pub view_statuses: Vec<Status>,
    /// The loaded prefix of the view, most urgent first.
    pub rows: Vec<Inquiry>,
    /// More rows exist past the loaded ones.
    pub more: bool,
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    pub loading: bool,
    /// A reload was asked for while one was running (one running, one pending).
    pub reload_pending: bool,
    pub detail: Option<InquiryDetail>,
    pub detail_scroll: u16,
    pub help_scroll: u16,
    pub counts: StatusCounts,
    pub health: BTreeMap<String, Health>,
    pub message: Option<String>,
    pub quitting: bool,
}

impl State {
    pub fn new(officer: &str, keymap: Keymap, now: Timestamp) -> State {
        State {
            officer: officer.to_string(),
            demo: false,
            color: true,
            now,
            width: 80,
            height: 24,
            split_min_width: 120,
            page_size: 200,
            keymap,
            mode: Mode::Queue,
            view_name: "Inbox".into(),
            view_statuses: Status::OPEN.to_vec(),
            rows: Vec::new(),
            more: false,
            selected: 0,
            offset: 0,
            loading: false,
            reload_pending: false,
            detail: None,
            detail_scroll: 0,
            help_scroll: 0,
            counts: StatusCounts::default(),
            health: BTreeMap::new(),
            message: None,
            quitting: false,
        }
    }

    pub fn selected_inquiry(&self) -> Option<&Inquiry> {
        self.rows.get(self.selected)
    }

    pub fn selected_id(&self) -> Option<InquiryId> {
        self.selected_inquiry().map(|i| i.id)
    }

    /// Rows the list area can show: the screen less header, status and hints.
    pub fn list_height(&self) -> usize {
        usize::from(self.height.saturating_sub(4)).max(1)
    }

    pub fn split(&self) -> bool {
        self.width >= self.split_min_width
    }

    /// The detail of the selected inquiry, if it has been loaded.
    pub fn selected_detail(&self) -> Option<&InquiryDetail> {
        let id = self.selected_id()?;
        self.detail.as_ref().filter(|d| d.inquiry.id == id)
    }
}
