//! A group of near-identical pleas (#16): on a crisis day hundreds of
//! people ask the same thing, and the desk sees them as one row. Who is in
//! which group is kept beside the inquiries, never in them: grouping does
//! not change a member's own record, claim or history.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::reply::ReplyId;
use super::{Channel, InquiryId, Lang, Priority};

/// A group's number, given in order of founding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub u64);

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "g{}", self.0)
    }
}

impl std::str::FromStr for GroupId {
    type Err = String;

    /// "g12" or "12".
    fn from_str(text: &str) -> Result<GroupId, String> {
        let digits = text.strip_prefix('g').unwrap_or(text);
        digits
            .parse()
            .map(GroupId)
            .map_err(|_| format!("{text:?} is not a group (g12, or 12)"))
    }
}

/// A group as the store keeps it: when it was founded and who is in it,
/// in the order they joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRecord {
    pub id: GroupId,
    pub founded_at: Timestamp,
    pub members: Vec<InquiryId>,
}

/// A group as the desk lists it (`siaga groups`): its label, the missions
/// of the places its members name, its size and its most urgent member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: GroupId,
    /// Its common words and places: "evakuasi · keluarga · Khartoum".
    pub label: String,
    /// The missions of the places its members name, most named first.
    pub missions: Vec<String>,
    pub members: Vec<InquiryId>,
    /// How many members still need someone (not closed).
    pub open: usize,
    /// The highest priority among its open members (or all, if none is).
    pub priority: Priority,
    pub founded_at: Timestamp,
    /// When its newest member arrived.
    pub newest_at: Timestamp,
}

/// What an officer asks when they answer a group at once: one template,
/// for every member or for those they marked. Only this crosses from a
/// client to the desk; each member's reply is rendered and checked there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupReplyRequest {
    pub group: GroupId,
    pub template: String,
    /// The members to answer; empty: every member.
    pub members: Vec<InquiryId>,
    /// Say what would be sent, send nothing.
    pub dry_run: bool,
}

/// What answering a group did, member by member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReplyOutcome {
    pub group: GroupId,
    pub template: String,
    pub dry_run: bool,
    /// Each answered member's own reply (none queued in a dry run).
    pub queued: Vec<MemberReply>,
    /// Members whose words carry what the others' do not (a passport
    /// number, a child, an injury): left for an officer's own look.
    pub held: Vec<HeldBack>,
    /// Members not answered, and why.
    pub skipped: Vec<Skipped>,
}

impl GroupReplyOutcome {
    /// How many members were looked at.
    pub fn looked_at(&self) -> usize {
        self.queued.len() + self.held.len() + self.skipped.len()
    }
}

/// One member's reply in a group answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberReply {
    pub inquiry: InquiryId,
    /// The outbox record (None in a dry run).
    pub reply: Option<ReplyId>,
    pub channel: Channel,
    pub lang: Lang,
    pub text: String,
}

/// A member held back for an individual look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldBack {
    pub inquiry: InquiryId,
    /// What they said that most of the group did not: the scorer's raise
    /// signals ("hamil", "berdarah") and kinds of personal number
    /// ("passport").
    pub signals: Vec<String>,
}

/// A member a group answer passed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub inquiry: InquiryId,
    pub why: SkipReason,
}

/// Why a member was not answered with the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason", content = "detail")]
pub enum SkipReason {
    /// Not a member of the group (a marked inquiry that is not).
    NotMember,
    /// Closed: nobody is waiting.
    Closed,
    /// Already answered (a reply queued or sent, by anyone).
    Answered,
    /// Erased or restricted: it may not be answered.
    Withheld,
    /// The rendered reply failed the compose checks (too long, a number
    /// that may not go public...): the desk's words.
    Refused(String),
}

/// What an officer asks when they escalate a whole group: one escalation
/// to one mission, carrying every member as a row of its roster. Only
/// this crosses from a client; the desk builds the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEscalationRequest {
    pub group: GroupId,
    /// The mission's code; None: the mission its members name most.
    pub mission: Option<String>,
    /// None: the group's most urgent member's priority.
    pub severity: Option<Priority>,
    /// None: the group's size and label.
    pub summary: Option<String>,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_written_and_read_as_g_and_its_number() {
        assert_eq!(GroupId(12).to_string(), "g12");
        assert_eq!("g12".parse::<GroupId>(), Ok(GroupId(12)));
        assert_eq!("12".parse::<GroupId>(), Ok(GroupId(12)));
        assert!("gx".parse::<GroupId>().is_err());
    }
}
