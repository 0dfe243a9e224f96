//! A group's roster on its escalation (#16): every member of a group of
//! near-identical pleas as a row the mission can work from, and the
//! additions that carry the rows of members who joined after the first
//! send. Rows are only ever appended, so a delivery names its rows by
//! position.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::escalation::{Delivery, Escalation, PacketAuthor, Personal, Purpose, Route};
use super::{GroupId, InquiryId};

/// One member of a group, as the mission's roster lists them (#16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub inquiry: InquiryId,
    pub author: Personal<PacketAuthor>,
    pub channel: String,
    /// The places they named, as they wrote them.
    pub places: Vec<String>,
    /// The phone numbers they wrote.
    pub phones: Personal<Vec<String>>,
    /// How many people they say they are (None: not said).
    pub people: Option<u32>,
    /// Where to see the post (none for a direct message).
    pub link: Option<String>,
    pub received_at: Timestamp,
}

/// Every member of the group the escalation is for, in the order they
/// were added: rows are only ever appended, so a delivery names its rows
/// by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub group: GroupId,
    pub rows: Vec<RosterRow>,
}

impl Escalation {
    /// The roster rows delivery `d` carries: its range, or every row.
    pub fn rows_of(&self, d: &Delivery) -> &[RosterRow] {
        let Some(roster) = &self.roster else {
            return &[];
        };
        match &d.rows {
            None => &roster.rows,
            Some(r) => {
                let end = r.end.min(roster.rows.len());
                &roster.rows[r.start.min(end)..end]
            }
        }
    }

    /// The first send an addition follows (same route and address): the
    /// mission's or the default desk's delivery. None for any other
    /// delivery.
    pub fn first_send_of(&self, d: &Delivery) -> Option<&Delivery> {
        if d.purpose != Purpose::Addition {
            return None;
        }
        self.first_sends()
            .find(|f| f.route == d.route && f.to == d.to)
    }

    /// The deliveries that carried the escalation first: to the mission
    /// or the default desk, sent by siaga (not made by hand).
    fn first_sends(&self) -> impl Iterator<Item = &Delivery> {
        self.deliveries.iter().filter(|d| {
            matches!(d.purpose, Purpose::Mission | Purpose::DefaultDesk)
                && !d.route.is_made_by_hand()
        })
    }

    /// Append the members of `rows` not on the roster yet (by inquiry),
    /// and one `Addition` delivery of them per first send, due from
    /// `now`. Returns how many rows were added (0: nothing, no delivery).
    /// None when the escalation has no roster. Rows are only appended, so
    /// a delivery's range stays its rows. Each addition's Message-ID is
    /// given by the courier as for any delivery (`message_id(n, ..)`, `n`
    /// its place in `deliveries`), so a resend carries the same one.
    pub fn add_roster_rows(&mut self, rows: Vec<RosterRow>, now: Timestamp) -> Option<usize> {
        let roster = self.roster.as_mut()?;
        let from = roster.rows.len();
        for row in rows {
            if roster.rows.iter().all(|r| r.inquiry != row.inquiry) {
                roster.rows.push(row);
            }
        }
        let to = roster.rows.len();
        if to == from {
            return Some(0);
        }
        let mut targets: Vec<(Route, String)> = Vec::new();
        for d in self.first_sends() {
            if !targets.iter().any(|(r, t)| *r == d.route && *t == d.to) {
                targets.push((d.route, d.to.clone()));
            }
        }
        for (route, to_address) in targets {
            let mut d = Delivery::new(route, &to_address, Purpose::Addition);
            d.rows = Some(from..to);
            d.next_attempt_at = Some(now);
            self.deliveries.push(d);
        }
        Some(to - from)
    }
}

#[cfg(test)]
#[path = "roster_tests.rs"]
mod roster_tests;
