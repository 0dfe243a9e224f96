//! Who is on which inquiry, for everyone's screen: an officer viewing,
//! replying to or escalating an inquiry. The daemon collects and pushes it;
//! the queue's events and the UI carry it, so it lives here, below both.

use serde::{Deserialize, Serialize};

use crate::model::InquiryId;

/// What an officer is doing on an inquiry, for everyone's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Viewing,
    Replying,
    Escalating,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub officer: String,
    pub inquiry: InquiryId,
    pub activity: Activity,
}
