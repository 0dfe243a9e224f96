//! Everything that can happen to the UI arrives as an `Action`; everything
//! the UI wants done outside itself leaves as an `Effect`. `update` is the
//! only place state changes.

use jiff::Timestamp;

use crate::escalate::Escalation;
use crate::escalate::packet::EscalationRequest;
use crate::i18n::Lang;
use crate::ingest::HealthReport;
use crate::model::{
    CrisisSpec, CrisisSummary, DeskState, Draft, DraftBody, DraftKind, Inquiry, InquiryId, Status,
};
use crate::queue::{Change, InquiryDetail, QueueEvent, ViewQuery};
use crate::reply::{Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, StatusCounts};
use crate::triage::surge::Suggestion;

/// An inquiry an action will change, and its state when the officer chose
/// it (what undo restores).
pub type Target = (InquiryId, DeskState);

/// Keys while typing; fixed, not rebindable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    Char(char),
    Backspace,
    ClearLine,
    Enter,
    Esc,
    Up,
    Down,
}

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
    NextView,
    PrevView,
    Search,
    Mark,
    Tag,
    Claim,
    Close,
    Snooze,
    Note,
    Priority,
    Category,
    AcceptLearned,
    Undo,
    Back,
    Help,
    Quit,
    Reply,
    ReplyInEditor,
    Send,
    SwitchLang,
    ToggleChannel,
    ExternalEditor,
    RetryReply,
    CancelReply,
    Escalate,
    Acknowledge,
    NextField,
    Severity,
    Via,
    Shift,
    AcceptShift,
    Assign,
    Reveal,
    /// Open a group's row in place to its members.
    Expand,
    /// Fold an open group back into its row.
    Collapse,
    /// Open a crisis: the banner's suggestion, or one typed by hand.
    OpenCrisis,
    /// Close the crisis of the selected crisis tab (asked y/n).
    CloseCrisis,
    /// Say no to the banner's crisis suggestion.
    DismissSuggestion,
}

/// name (the config's), modes it may be bound in. What each does, in the
/// officer's words, is the catalog's `cmd-<name>` and `hint-<name>`.
const COMMANDS: [(Command, &str, &[&str]); N_COMMANDS] = [
    (Command::Down, "down", &["queue"]),
    (Command::Up, "up", &["queue"]),
    (Command::Top, "top", &["queue"]),
    (Command::Bottom, "bottom", &["queue"]),
    (Command::PageDown, "page_down", &["queue", "detail"]),
    (Command::PageUp, "page_up", &["queue", "detail"]),
    (Command::Open, "open", &["queue"]),
    (
        Command::ScrollDown,
        "scroll_down",
        &["detail", "help", "shift"],
    ),
    (Command::ScrollUp, "scroll_up", &["detail", "help", "shift"]),
    (Command::Next, "next", &["detail"]),
    (Command::Prev, "prev", &["detail"]),
    (Command::NextView, "next_view", &["queue"]),
    (Command::PrevView, "prev_view", &["queue"]),
    (Command::Search, "search", &["queue"]),
    (Command::Mark, "mark", &["queue"]),
    (Command::Tag, "tag", &["queue", "detail"]),
    (Command::Claim, "claim", &["queue", "detail"]),
    (Command::Close, "close", &["queue", "detail"]),
    (Command::Snooze, "snooze", &["queue", "detail"]),
    (Command::Note, "note", &["queue", "detail"]),
    (Command::Priority, "priority", &["queue", "detail"]),
    (Command::Category, "category", &["queue", "detail"]),
    (
        Command::AcceptLearned,
        "accept_learned",
        &["queue", "detail"],
    ),
    (Command::Undo, "undo", &["queue", "detail"]),
    (
        Command::Back,
        "back",
        &["queue", "detail", "help", "compose", "escalate", "shift"],
    ),
    (Command::Help, "help", &["queue", "detail"]),
    (
        Command::Quit,
        "quit",
        &["queue", "detail", "help", "compose", "escalate", "shift"],
    ),
    (Command::Reply, "reply", &["queue", "detail"]),
    (
        Command::ReplyInEditor,
        "reply_in_editor",
        &["queue", "detail"],
    ),
    (Command::Send, "send", &["compose", "escalate"]),
    (Command::SwitchLang, "switch_lang", &["compose"]),
    (Command::ToggleChannel, "toggle_channel", &["compose"]),
    (Command::ExternalEditor, "external_editor", &["compose"]),
    (Command::RetryReply, "retry_reply", &["detail"]),
    (Command::CancelReply, "cancel_reply", &["detail"]),
    (Command::Escalate, "escalate", &["queue", "detail"]),
    (Command::Acknowledge, "acknowledge", &["queue", "detail"]),
    (Command::NextField, "next_field", &["escalate"]),
    (Command::Shift, "shift", &["queue", "detail"]),
    (Command::Assign, "assign", &["queue", "detail"]),
    (Command::Reveal, "reveal", &["detail"]),
    (Command::AcceptShift, "accept_shift", &["shift"]),
    (Command::Severity, "severity", &["escalate"]),
    (Command::Via, "via", &["escalate"]),
    (Command::Expand, "expand", &["queue"]),
    (Command::Collapse, "collapse", &["queue"]),
    (Command::OpenCrisis, "open_crisis", &["queue"]),
    (Command::CloseCrisis, "close_crisis", &["queue"]),
    (Command::DismissSuggestion, "dismiss_suggestion", &["queue"]),
];

const N_COMMANDS: usize = 49;

impl Command {
    pub const ALL: [Command; N_COMMANDS] = {
        let mut out = [Command::Down; N_COMMANDS];
        let mut i = 0;
        while i < N_COMMANDS {
            out[i] = COMMANDS[i].0;
            i += 1;
        }
        out
    };

    fn entry(self) -> &'static (Command, &'static str, &'static [&'static str]) {
        COMMANDS
            .iter()
            .find(|c| c.0 == self)
            .expect("every command is listed")
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS.iter().find(|c| c.1 == name).map(|c| c.0)
    }

    /// What the help overlay says the command does.
    pub fn description(self, lang: Lang) -> String {
        lang.member("cmd", self.name())
    }

    /// What the hint bar says a key does: a word or two an officer reads,
    /// never the identifier the config binds (`scroll_down`).
    pub fn hint(self, lang: Lang) -> String {
        lang.member("hint", self.name())
    }

    pub fn allowed_in(self, mode: &str) -> bool {
        self.entry().2.contains(&mode)
    }
}

/// Why a change was not made, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// Another officer holds it: offer to take over.
    ClaimedBy {
        holder: String,
        since: Option<Timestamp>,
    },
    Other(String),
}

/// One undoable step: what it was ("closed"), and every inquiry it
/// changed, before and after. `u` undoes the whole step.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    pub what: &'static str,
    pub changes: Vec<(InquiryId, crate::model::DeskState, crate::model::DeskState)>,
}

/// What one change did to one inquiry.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub id: InquiryId,
    pub before: DeskState,
    pub result: Result<Box<Inquiry>, ApplyError>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    /// Quit at once, asking nothing: SIGTERM, SIGHUP, the terminal gone.
    Terminate,
    /// A key while typing (search, picker, input).
    Text(TextKey),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Timestamp),
    /// A page of a view. `append` continues the loaded rows. `for_view`
    /// names the view it was read for (facet, statuses): a page for a view
    /// the officer has since left is dropped. None: the current view.
    ViewLoaded {
        for_view: Option<(Facet, Vec<Status>)>,
        rows: Vec<Inquiry>,
        /// The groups these rows are in (#16), as the desk lists them.
        groups: Vec<crate::model::GroupSummary>,
        more: bool,
        append: bool,
    },
    CountsLoaded(StatusCounts),
    ViewCounts(Vec<u64>),
    DetailLoaded(Box<InquiryDetail>),
    SearchDone {
        text: String,
        result: Result<Vec<Inquiry>, String>,
    },
    /// What an undo did: one outcome per inquiry of the step.
    Undone {
        what: &'static str,
        outcomes: Vec<Outcome>,
    },
    Applied {
        change: Change,
        outcomes: Vec<Outcome>,
        undoable: bool,
    },
    Queue(QueueEvent),
    Health(HealthReport),
    Failed(String),
    /// A key for the reply editor.
    ComposeInput(ratatui_textarea::Input),
    /// The outbox answered a send: the queued reply, or why not.
    ReplyQueued(Result<Box<Reply>, String>),
    /// `$EDITOR` returned the reply's text (or failed).
    ExternalEdited(Result<String, String>),
    /// The open replies, at start.
    OutboxLoaded(Vec<Reply>),
    /// A retry or cancel of a reply was done (or refused).
    ReplyChanged(Result<Box<Reply>, String>),
    /// A key for the escalation form's focused field.
    EscalateInput(ratatui_textarea::Input),
    /// The store recorded the escalation (or refused it).
    Escalated(Result<Box<Escalation>, String>),
    /// An acknowledgement was recorded (or refused).
    EscalationChanged(Result<Box<Escalation>, String>),
    /// The handover digest (Markdown), or why not.
    ShiftLoaded(Result<String, String>),
    /// A handover was accepted: what happened, in words.
    ShiftAccepted(Result<String, String>),
    /// This officer's drafts, at start (or why they could not be read).
    DraftsLoaded(Result<Vec<Draft>, String>),
    /// A draft could not be saved, and why.
    DraftNotKept {
        inquiry: InquiryId,
        why: String,
    },
    /// What answering a group did (or, `dry_run`, would do), or why not.
    GroupAnswered(Result<crate::model::group::GroupReplyOutcome, String>),
    /// The group's escalation as recorded, or why not.
    GroupEscalated(Result<Box<crate::escalate::Escalation>, String>),
    /// Every crisis the desk lists (#16), or why not: the open ones get tabs.
    CrisesLoaded(Result<Vec<CrisisSummary>, String>),
    /// The place whose arrivals surge now, if any (the banner), or why not.
    SuggestionLoaded(Result<Option<Suggestion>, String>),
    /// A crisis the officer opened, as the desk opened it, or why not.
    CrisisOpened(Result<Box<CrisisSummary>, String>),
    /// A crisis the officer closed, or why not.
    CrisisClosed(Result<Box<CrisisSummary>, String>),
    /// A dismissed suggestion the desk could not record, and why.
    DismissFailed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load a page of the view; `append` when continuing after the last row.
    LoadView {
        query: ViewQuery,
        append: bool,
    },
    LoadCounts,
    /// Counts of each view (facet and statuses), in order.
    LoadViewCounts(Vec<(Facet, Vec<Status>)>),
    LoadDetail(InquiryId),
    Search {
        view: ViewQuery,
        text: String,
        limit: usize,
    },
    /// Undo a whole step: each inquiry back to what it was before it,
    /// unless changed since.
    Undo(UndoStep),
    /// Apply `change` to each target; `undoable` records it for `u`.
    Apply {
        targets: Vec<Target>,
        change: Change,
        undoable: bool,
    },
    WakeDue,
    Quit,
    /// Put a reply in the outbox (the sender picks it up).
    QueueReply {
        request: ReplyRequest,
        seen_answers: usize,
    },
    /// Suspend the screen and edit `text` in `$EDITOR` (run by the loop
    /// itself, which owns the terminal).
    ExternalEdit(String),
    LoadOutbox,
    RetryReply(ReplyId),
    CancelReply(ReplyId),
    /// Record an escalation (the courier delivers it).
    Escalate(EscalationRequest),
    Acknowledge {
        inquiry: InquiryId,
        by: String,
        how: String,
    },
    /// Ring the terminal bell (an escalation went overdue).
    Bell,
    /// The handover digest, in the officer's language.
    LoadShift {
        lang: Lang,
    },
    /// `lang`: the language the result is said in.
    AcceptShift {
        from: String,
        lang: Lang,
    },
    /// Keep what the officer is writing for `inquiry` (replacing their
    /// draft of its kind). Run in order with the drops and the sends
    /// (`touches_drafts`), so an older save never lands after them.
    SaveDraft {
        inquiry: InquiryId,
        body: DraftBody,
    },
    /// Forget the officer's draft of `kind` for `inquiry`.
    DropDraft {
        inquiry: InquiryId,
        kind: DraftKind,
    },
    /// The officer's drafts, at start.
    LoadDrafts,
    /// Answer a group with one template (`dry_run`: only say what would go).
    ReplyGroup(crate::model::group::GroupReplyRequest),
    /// Escalate a group to one mission, its members on the roster.
    EscalateGroup(crate::model::group::GroupEscalationRequest),
    /// The crises the desk lists (#16).
    LoadCrises,
    /// Whether arrivals naming one place surge (a crisis to suggest).
    LoadSuggestion,
    /// Open the crisis the officer asked for.
    OpenCrisis(CrisisSpec),
    /// Close the open crisis of this name.
    CloseCrisis(String),
    /// The officer said no to the suggestion for this place.
    DismissSuggestion(String),
}

impl Effect {
    /// Effects the loop runs one after another, in the order `update`
    /// asked for them, and finishes before it exits: those that write a
    /// draft, and the sends that make the desk drop one.
    pub fn touches_drafts(&self) -> bool {
        matches!(
            self,
            Effect::SaveDraft { .. }
                | Effect::DropDraft { .. }
                | Effect::QueueReply { .. }
                | Effect::Escalate(_)
                | Effect::EscalateGroup(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_is_words_never_an_identifier() {
        for (cmd, lang) in Command::ALL
            .into_iter()
            .flat_map(|c| Lang::ALL.map(|l| (c, l)))
        {
            let hint = cmd.hint(lang);
            assert!(!hint.contains('_') && !hint.is_empty(), "{cmd:?}: {hint}");
            assert!(
                hint.chars().count() <= 16,
                "{cmd:?} in {lang:?}: `{hint}` is long for the hint bar"
            );
        }
    }
}
