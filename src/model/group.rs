//! A group of near-identical pleas (#16): on a crisis day hundreds of
//! people ask the same thing, and the desk sees them as one row. Who is in
//! which group is kept beside the inquiries, never in them: grouping does
//! not change a member's own record, claim or history.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{InquiryId, Priority};

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
