//! Everything that can happen to the UI arrives as an `Action`; everything
//! the UI wants done outside itself leaves as an `Effect`. `update` is the
//! only place state changes.

use jiff::Timestamp;

use crate::escalate::Escalation;
use crate::escalate::packet::EscalationRequest;
use crate::ingest::HealthReport;
use crate::model::{DeskState, Inquiry, InquiryId, Status};
use crate::queue::{Change, InquiryDetail, QueueEvent, ViewQuery};
use crate::reply::{Reply, ReplyId, ReplyRequest};
use crate::store::{Facet, StatusCounts};

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
}

/// name, description, modes it may be bound in.
const COMMANDS: [(Command, &str, &str, &[&str]); N_COMMANDS] = [
    (Command::Down, "down", "next inquiry", &["queue"]),
    (Command::Up, "up", "previous inquiry", &["queue"]),
    (
        Command::Top,
        "top",
        "first inquiry (most urgent)",
        &["queue"],
    ),
    (Command::Bottom, "bottom", "last inquiry loaded", &["queue"]),
    (
        Command::PageDown,
        "page_down",
        "one screen down",
        &["queue", "detail"],
    ),
    (
        Command::PageUp,
        "page_up",
        "one screen up",
        &["queue", "detail"],
    ),
    (
        Command::Open,
        "open",
        "open the inquiry: full text and history",
        &["queue"],
    ),
    (
        Command::ScrollDown,
        "scroll_down",
        "scroll down",
        &["detail", "help", "shift"],
    ),
    (
        Command::ScrollUp,
        "scroll_up",
        "scroll up",
        &["detail", "help", "shift"],
    ),
    (Command::Next, "next", "open the next inquiry", &["detail"]),
    (
        Command::Prev,
        "prev",
        "open the previous inquiry",
        &["detail"],
    ),
    (
        Command::NextView,
        "next_view",
        "next view (tab)",
        &["queue"],
    ),
    (Command::PrevView, "prev_view", "previous view", &["queue"]),
    (
        Command::Search,
        "search",
        "search this view (tag: status: prio: cat: lang: source: from:)",
        &["queue"],
    ),
    (
        Command::Mark,
        "mark",
        "mark for a bulk action, and move on",
        &["queue"],
    ),
    (
        Command::Tag,
        "tag",
        "tag (marked inquiries, or this one)",
        &["queue", "detail"],
    ),
    (
        Command::Claim,
        "claim",
        "claim for yourself",
        &["queue", "detail"],
    ),
    (
        Command::Close,
        "close",
        "close with a reason",
        &["queue", "detail"],
    ),
    (
        Command::Snooze,
        "snooze",
        "snooze until later",
        &["queue", "detail"],
    ),
    (
        Command::Note,
        "note",
        "add an internal note (never posted)",
        &["queue", "detail"],
    ),
    (
        Command::Priority,
        "priority",
        "set the priority yourself",
        &["queue", "detail"],
    ),
    (
        Command::Category,
        "category",
        "set the category yourself",
        &["queue", "detail"],
    ),
    (
        Command::Undo,
        "undo",
        "undo your last change",
        &["queue", "detail"],
    ),
    (
        Command::Back,
        "back",
        "back (from a search, the detail, help); in a reply or escalation: discard it",
        &["queue", "detail", "help", "compose", "escalate", "shift"],
    ),
    (Command::Help, "help", "this help", &["queue", "detail"]),
    (
        Command::Quit,
        "quit",
        "quit siaga",
        &["queue", "detail", "help", "compose", "escalate", "shift"],
    ),
    (
        Command::Reply,
        "reply",
        "reply with a template (picked by typing part of its name)",
        &["queue", "detail"],
    ),
    (
        Command::ReplyInEditor,
        "reply_in_editor",
        "reply with a template, written in $EDITOR",
        &["queue", "detail"],
    ),
    (
        Command::Send,
        "send",
        "send the reply or the escalation (through the outbox)",
        &["compose", "escalate"],
    ),
    (
        Command::SwitchLang,
        "switch_lang",
        "switch the template's language (Indonesian, English)",
        &["compose"],
    ),
    (
        Command::ToggleChannel,
        "toggle_channel",
        "switch between a public reply and a private message",
        &["compose"],
    ),
    (
        Command::ExternalEditor,
        "external_editor",
        "edit the reply in $EDITOR",
        &["compose"],
    ),
    (
        Command::RetryReply,
        "retry_reply",
        "send this inquiry's failed reply again",
        &["detail"],
    ),
    (
        Command::CancelReply,
        "cancel_reply",
        "withdraw this inquiry's unsent reply",
        &["detail"],
    ),
    (
        Command::Escalate,
        "escalate",
        "escalate to a mission (KBRI/KJRI), suggested from the places named",
        &["queue", "detail"],
    ),
    (
        Command::Acknowledge,
        "acknowledge",
        "record that the mission acknowledged the escalation (who, how)",
        &["queue", "detail"],
    ),
    (
        Command::NextField,
        "next_field",
        "move between the summary and the note",
        &["escalate"],
    ),
    (
        Command::Shift,
        "shift",
        "shift handover: what you hold, pending replies, escalations awaiting acknowledgement",
        &["queue", "detail"],
    ),
    (
        Command::Assign,
        "assign",
        "give to a colleague (through a daemon: supervisors only; recorded)",
        &["queue", "detail"],
    ),
    (
        Command::Reveal,
        "reveal",
        "show masked numbers and hidden text of this inquiry (recorded in its history); again to mask",
        &["detail"],
    ),
    (
        Command::AcceptShift,
        "accept_shift",
        "take over every claim of the outgoing officer (recorded)",
        &["shift"],
    ),
    (
        Command::Severity,
        "severity",
        "change the escalation's severity (P1 to P4)",
        &["escalate"],
    ),
    (
        Command::Via,
        "via",
        "how the mission is reached: sent by siaga, or a call or WhatsApp you made (recorded)",
        &["escalate"],
    ),
];

const N_COMMANDS: usize = 43;

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

    fn entry(self) -> &'static (Command, &'static str, &'static str, &'static [&'static str]) {
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
    pub fn description(self) -> &'static str {
        self.entry().2
    }

    /// What the hint bar says a key does: a word or two an officer reads,
    /// never the identifier the config binds (`scroll_down`).
    pub fn hint(self) -> String {
        let word = match self {
            Command::Down => "next",
            Command::Up | Command::Prev => "previous",
            Command::ScrollDown => "scroll",
            Command::ToggleChannel => "public/private",
            Command::SwitchLang => "language",
            Command::ExternalEditor => "editor",
            Command::Help => "help",
            Command::Via => "phoned/WA",
            _ => return self.name().replace('_', " "),
        };
        word.to_string()
    }

    pub fn allowed_in(self, mode: &str) -> bool {
        self.entry().3.contains(&mode)
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
    LoadShift,
    AcceptShift {
        from: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_is_words_never_an_identifier() {
        for cmd in Command::ALL {
            let hint = cmd.hint();
            assert!(!hint.contains('_') && !hint.is_empty(), "{cmd:?}: {hint}");
            assert!(
                hint.len() <= 16,
                "{cmd:?}: `{hint}` is long for the hint bar"
            );
        }
    }
}
