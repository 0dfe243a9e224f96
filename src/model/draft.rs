//! A draft: the reply or escalation an officer was writing and has not
//! sent, kept in the desk's store so that a quit, a dropped SSH session or
//! a crash loses at most the last few seconds of typing. It is one
//! officer's own (keyed by inquiry, kind and officer), and it is not an
//! act: no history records it. It goes when it is sent or discarded, and
//! with the inquiry's personal data when that is erased or purged (it
//! quotes the citizen).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::escalation::Route;
use super::{Channel, InquiryId, Lang, Priority};

/// Which screen a draft belongs to; an officer keeps at most one of each
/// per inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Reply,
    Escalation,
}

/// What the officer had typed and chosen, as the screen needs it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DraftBody {
    Reply {
        text: String,
        /// The template it started from (a name the desk knows), if any.
        template: Option<String>,
        lang: Lang,
        channel: Channel,
    },
    Escalation {
        mission: String,
        severity: Priority,
        summary: String,
        note: String,
        /// None: siaga delivers it; Some: the officer made the contact.
        via: Option<Route>,
        reached: String,
    },
}

impl DraftBody {
    pub fn kind(&self) -> DraftKind {
        match self {
            DraftBody::Reply { .. } => DraftKind::Reply,
            DraftBody::Escalation { .. } => DraftKind::Escalation,
        }
    }
}

/// A draft as the store keeps it: whose, for which inquiry, and when it
/// was last saved. The officer and the time are the desk's, never a
/// client's word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub inquiry: InquiryId,
    pub officer: String,
    pub saved_at: Timestamp,
    pub body: DraftBody,
}

impl Draft {
    pub fn kind(&self) -> DraftKind {
        self.body.kind()
    }
}
