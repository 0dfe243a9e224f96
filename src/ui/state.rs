//! Everything the screen shows, as plain data. Views read it; only
//! `update` writes it.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use crate::ingest::Health;
use crate::model::{Inquiry, InquiryId, Status};
use crate::queue::{InquiryDetail, QueuePosWire, ViewQuery};
use crate::store::{Facet, StatusCounts};

use super::action::{Effect, UndoStep};
use super::keymap::Keymap;
use super::overlay::Overlay;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Queue,
    Detail,
    Help {
        over_detail: bool,
    },
    /// Writing a reply; `from_detail` says where Esc returns.
    Compose {
        from_detail: bool,
    },
    /// Filling in an escalation.
    Escalate {
        from_detail: bool,
    },
    /// The shift handover digest.
    Shift,
}

impl Mode {
    pub fn keymap_name(self) -> &'static str {
        match self {
            Mode::Queue => "queue",
            Mode::Detail => "detail",
            Mode::Help { .. } => "help",
            Mode::Compose { .. } => "compose",
            Mode::Escalate { .. } => "escalate",
            Mode::Shift => "shift",
        }
    }
}

/// A tab of the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: String,
    pub facet: Facet,
    pub statuses: Vec<Status>,
}

impl View {
    /// The next page of this view, after the row `after`.
    pub fn more_after(&self, after: &Inquiry, limit: usize) -> Effect {
        Effect::LoadView {
            query: ViewQuery {
                facet: self.facet.clone(),
                statuses: self.statuses.clone(),
                after: Some(QueuePosWire::of(after)),
                limit,
            },
            append: true,
        }
    }

    pub fn inbox() -> View {
        View {
            name: "Inbox".into(),
            facet: Facet::All,
            statuses: Status::OPEN.to_vec(),
        }
    }

    pub fn query(&self, limit: usize) -> ViewQuery {
        ViewQuery {
            facet: self.facet.clone(),
            statuses: self.statuses.clone(),
            after: None,
            limit,
        }
    }

    /// The view's count from its facet's counts.
    pub fn count(&self, counts: &StatusCounts) -> u64 {
        self.statuses.iter().map(|s| counts.get(*s)).sum()
    }
}

/// The list as it was before a search, to come back to on Esc.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedList {
    pub rows: Vec<Inquiry>,
    pub more: bool,
    pub selected: usize,
    pub offset: usize,
}

/// `/`: the query being typed and what it found.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub text: String,
    /// Keys go to the query; after Enter they move in the results.
    pub editing: bool,
    pub saved: SavedList,
    pub error: Option<String>,
    /// A search is running; `rerun` asks for one more when it ends.
    pub running: bool,
    pub rerun: bool,
    /// The text changed since the results shown: the next results start
    /// at the top. A refresh of the same text keeps the officer's place.
    pub fresh: bool,
}

/// The lists officers pick from (from the config).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub tags: Vec<String>,
    pub close_reasons: Vec<String>,
    pub snooze: Vec<String>,
    pub categories: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub officer: String,
    /// The language the desk speaks to this officer.
    pub lang: crate::i18n::Lang,
    pub demo: bool,
    pub color: bool,
    pub now: Timestamp,
    pub width: u16,
    pub height: u16,
    pub split_min_width: u16,
    pub page_size: usize,
    pub keymap: Keymap,
    pub choices: Choices,
    pub mode: Mode,
    pub views: Vec<View>,
    pub view: usize,
    /// Count per view, in `views` order.
    pub view_counts: Vec<u64>,
    /// The loaded prefix of the view (or the search results), most urgent first.
    pub rows: Vec<Inquiry>,
    /// More rows exist past the loaded ones.
    pub more: bool,
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    /// The officer has pressed a key in this view: from then on the
    /// selection stays on its inquiry; before, it follows the top row, so
    /// the first screen starts at the top whatever arrives.
    pub placed: bool,
    /// Inquiries the queue announced since the list last reloaded.
    pub arrivals: BTreeSet<InquiryId>,
    /// Arrivals that sorted above the first row drawn and have not been on
    /// screen since: "▲ 3 new above, 1 P1".
    pub unseen_above: BTreeSet<InquiryId>,
    /// Ring the terminal bell when a P1 inquiry arrives (`[ui] bell_on_p1`).
    pub bell_on_p1: bool,
    /// Where the config is read from, for the fresh install's screen.
    pub config_file: Option<String>,
    pub marked: BTreeSet<InquiryId>,
    pub loading: bool,
    /// A reload was asked for while one was running (one running, one pending).
    pub reload_pending: bool,
    pub search: Option<Search>,
    pub overlay: Option<Overlay>,
    pub undo: Vec<UndoStep>,
    pub detail: Option<InquiryDetail>,
    /// The inquiry whose masked numbers and hidden text the officer
    /// revealed (recorded); any other is drawn masked.
    pub revealed: Option<InquiryId>,
    pub detail_scroll: u16,
    pub help_scroll: u16,
    pub counts: StatusCounts,
    pub health: BTreeMap<String, Health>,
    pub message: Option<String>,
    pub quitting: bool,
    /// `C-c` was pressed once with unsent typed text; the next one quits.
    pub quit_armed: bool,
    /// The reply being written (Mode::Compose).
    pub compose: Option<Box<super::compose::Compose>>,
    /// Every reply template, and the values and policy they use.
    pub templates: Vec<crate::reply::Template>,
    pub reply_config: crate::reply::compose::ReplyConfig,
    /// Replies not yet sent or cancelled, for the status bar.
    pub outbox: BTreeMap<crate::reply::ReplyId, OutboxItem>,
    /// Replies seen sent or cancelled (late "queued" answers ignore them).
    pub settled: BTreeSet<crate::reply::ReplyId>,
    /// This officer's drafts as the desk keeps them: loaded at start,
    /// then kept in step with every save and drop `update` asks for.
    pub drafts: BTreeMap<(InquiryId, crate::model::DraftKind), crate::model::Draft>,
    /// The escalation being filled in (Mode::Escalate).
    pub escalate: Option<Box<super::escalate::EscalateForm>>,
    /// The mission directory and escalation settings.
    pub escalation: Option<std::sync::Arc<crate::queue::DeskPolicy>>,
    /// Overdue escalations the bell has rung for.
    pub rung: BTreeSet<crate::escalate::EscalationId>,
    /// Who the dry run the officer is confirming held back (the answer
    /// itself asks only for those it would answer).
    pub group_held: Vec<InquiryId>,
    /// The open crises as the desk last listed them (#16), each a tab
    /// after the configured views.
    pub crises: Vec<crate::model::CrisisSummary>,
    /// The place whose arrivals surge: the banner above the list.
    pub suggestion: Option<crate::triage::surge::Suggestion>,
    /// When the crises and the surge were last asked about, and whether
    /// arrivals came since (the tick asks again, at most every few seconds).
    pub crisis_asked: Option<Timestamp>,
    pub crisis_stale: bool,
    /// Who (of the daemon's clients) is on which inquiry.
    pub presences: Vec<crate::daemon::protocol::Presence>,
    /// The shift digest shown in Mode::Shift (Markdown), once loaded.
    pub shift: Option<String>,
    pub shift_scroll: u16,
    /// What this officer last told colleagues they are on.
    pub told: Option<(InquiryId, crate::daemon::protocol::Activity)>,
    /// The loaded rows' groups, which are open, and the folded members.
    pub grouping: super::group::Grouping,
    /// The group answer under way, for the status bar's progress line.
    pub group_answer: Option<GroupAnswer>,
    /// Where each group answer's reply stood when last heard of: the
    /// sender may post some before the desk's answer reaches the screen.
    pub group_replies: BTreeMap<crate::reply::ReplyId, crate::reply::ReplyState>,
}

/// A group answer the officer sent: its replies, as they go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupAnswer {
    pub group: crate::model::GroupId,
    /// Each queued reply and where it stands.
    pub replies: BTreeMap<crate::reply::ReplyId, crate::reply::ReplyState>,
    /// Members held back for the officer's own look.
    pub held: Vec<InquiryId>,
}

impl GroupAnswer {
    /// (sent, failed, still going) of its replies.
    pub fn progress(&self) -> (usize, usize, usize) {
        use crate::reply::ReplyState;
        self.replies
            .values()
            .fold((0, 0, 0), |(sent, failed, going), state| match state {
                ReplyState::Sent => (sent + 1, failed, going),
                ReplyState::Failed | ReplyState::Cancelled => (sent, failed + 1, going),
                _ => (sent, failed, going + 1),
            })
    }
}

/// What the status bar needs of an open reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub inquiry: InquiryId,
    pub officer: String,
    pub state: crate::reply::ReplyState,
}

impl State {
    pub fn new(officer: &str, keymap: Keymap, now: Timestamp) -> State {
        State {
            officer: officer.to_string(),
            lang: crate::i18n::Lang::En,
            demo: false,
            color: true,
            now,
            width: 80,
            height: 24,
            split_min_width: 120,
            page_size: 200,
            keymap,
            choices: Choices::default(),
            mode: Mode::Queue,
            views: vec![View::inbox()],
            view: 0,
            view_counts: vec![0],
            rows: Vec::new(),
            more: false,
            selected: 0,
            offset: 0,
            placed: false,
            arrivals: BTreeSet::new(),
            unseen_above: BTreeSet::new(),
            bell_on_p1: true,
            config_file: None,
            marked: BTreeSet::new(),
            loading: false,
            reload_pending: false,
            search: None,
            overlay: None,
            undo: Vec::new(),
            detail: None,
            detail_scroll: 0,
            help_scroll: 0,
            counts: StatusCounts::default(),
            health: BTreeMap::new(),
            message: None,
            quitting: false,
            quit_armed: false,
            compose: None,
            templates: Vec::new(),
            reply_config: crate::reply::compose::ReplyConfig::default(),
            revealed: None,
            outbox: BTreeMap::new(),
            settled: BTreeSet::new(),
            drafts: BTreeMap::new(),
            escalate: None,
            escalation: None,
            rung: BTreeSet::new(),
            presences: Vec::new(),
            shift: None,
            shift_scroll: 0,
            told: None,
            grouping: super::group::Grouping::default(),
            group_answer: None,
            group_replies: BTreeMap::new(),
            group_held: Vec::new(),
            crises: Vec::new(),
            suggestion: None,
            crisis_asked: None,
            crisis_stale: false,
        }
    }

    /// What row `i` is: a group's row, a member under an open one, or
    /// alone (every search result is: a search finds members).
    pub fn row_kind(&self, i: usize) -> super::group::RowKind<'_> {
        if self.search.is_some() {
            return super::group::RowKind::Alone;
        }
        self.grouping.kind(&self.rows, i)
    }

    /// The group whose row is row `i`, if it is one.
    pub fn group_row(&self, i: usize) -> Option<&crate::model::GroupSummary> {
        match self.row_kind(i) {
            super::group::RowKind::Group { summary, .. } => Some(summary),
            _ => None,
        }
    }

    pub fn current_view(&self) -> &View {
        &self.views[self.view.min(self.views.len() - 1)]
    }

    pub fn selected_inquiry(&self) -> Option<&Inquiry> {
        self.rows.get(self.selected)
    }

    pub fn selected_id(&self) -> Option<InquiryId> {
        self.selected_inquiry().map(|i| i.id)
    }

    /// Rows the list area can show: the screen less header, status and hints.
    pub fn list_height(&self) -> usize {
        usize::from(self.height.saturating_sub(3 + self.header_rows())).max(1)
    }

    /// The header's rows: the tabs, then the crisis tab's line (sparkline
    /// and counts) when one is selected, then the suggestion's banner. A
    /// screen under 12 rows keeps only the tabs.
    pub fn header_rows(&self) -> u16 {
        if self.height < 12 {
            return 1;
        }
        1 + u16::from(self.selected_crisis().is_some()) + u16::from(self.suggestion.is_some())
    }

    /// The city the banner's suggestion names: its mission's city from the
    /// directory, else the place as the desk said it.
    pub fn suggested_city(&self) -> Option<String> {
        let place = &self.suggestion.as_ref()?.place;
        let mission = self.escalation.as_ref().and_then(|p| p.missions.get(place));
        Some(mission.map_or_else(|| place.clone(), |m| m.city.clone()))
    }

    /// The crisis whose tab is selected, as the desk last listed it.
    pub fn selected_crisis(&self) -> Option<&crate::model::CrisisSummary> {
        match &self.current_view().facet {
            Facet::Crisis(name) => self.crises.iter().find(|c| c.crisis.name == *name),
            _ => None,
        }
    }

    /// How many unseen arrivals sit above the screen, and how many of
    /// them are P1.
    pub fn arrived_above(&self) -> (usize, usize) {
        if self.unseen_above.is_empty() {
            return (0, 0);
        }
        self.rows[..self.offset.min(self.rows.len())]
            .iter()
            .filter(|r| self.unseen_above.contains(&r.id))
            .fold((0, 0), |(n, p1), r| {
                (
                    n + 1,
                    p1 + usize::from(r.priority == crate::model::Priority::P1),
                )
            })
    }

    pub fn split(&self) -> bool {
        self.width >= self.split_min_width
    }

    /// The detail of the selected inquiry, if it has been loaded.
    pub fn selected_detail(&self) -> Option<&InquiryDetail> {
        let id = self.selected_id()?;
        self.detail.as_ref().filter(|d| d.inquiry.id == id)
    }

    /// The inquiry an action is about: the one on screen (its loaded
    /// detail, fresher, if that is the selected one), else the selected row.
    pub fn subject(&self) -> Option<&Inquiry> {
        self.selected_detail()
            .map(|d| &d.inquiry)
            .or_else(|| self.selected_inquiry())
    }

    /// What colleagues should see this officer on: the reply or escalation
    /// being written, else the inquiry open in the detail (or the split).
    pub fn presence(&self) -> Option<(InquiryId, crate::daemon::protocol::Activity)> {
        use crate::daemon::protocol::Activity;
        match self.mode {
            Mode::Compose { .. } => self.compose.as_ref().map(|c| (c.id(), Activity::Replying)),
            Mode::Escalate { .. } => self
                .escalate
                .as_ref()
                .map(|f| (f.id(), Activity::Escalating)),
            Mode::Detail => self.selected_id().map(|id| (id, Activity::Viewing)),
            _ if self.split() => self.selected_id().map(|id| (id, Activity::Viewing)),
            _ => None,
        }
    }

    /// Colleagues (not this officer) on `id`, and what they do there.
    pub fn others_on(&self, id: InquiryId) -> Vec<&crate::daemon::protocol::Presence> {
        self.presences
            .iter()
            .filter(|p| p.inquiry == id && p.officer != self.officer)
            .collect()
    }

    /// Keys are text while a picker, an input or a search query has focus.
    pub fn typing(&self) -> bool {
        self.overlay.is_some() || self.search.as_ref().is_some_and(|s| s.editing)
    }

    /// Keys go to the reply editor (those the compose keymap binds aside).
    pub fn composing(&self) -> bool {
        matches!(self.mode, Mode::Compose { .. }) && self.overlay.is_none()
    }

    /// Keys go to the escalation form's focused field.
    pub fn filling_escalation(&self) -> bool {
        matches!(self.mode, Mode::Escalate { .. }) && self.overlay.is_none()
    }
}
