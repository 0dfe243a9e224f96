//! The escalation record: which mission, how severe, what the officer
//! said, the packet of facts that went out (frozen when escalated), each
//! delivery (e-mail, webhook) and where it stands, and the
//! acknowledgement the desk waits for before the deadline. A group's
//! escalation (#16) also carries its roster, one row per member, and
//! members who join later go out as additions carrying only their rows.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use super::roster::{Roster, RosterRow};

use super::{InquiryId, Priority};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EscalationId(pub u64);

impl fmt::Display for EscalationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

impl FromStr for EscalationId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim_start_matches(['e', 'E', '#'])
            .parse()
            .map(EscalationId)
            .map_err(|_| format!("`{s}` is not an escalation id (such as e7)"))
    }
}

/// How a delivery travels. `Phone` and `WhatsApp` are made by the officer
/// themselves and recorded as made: siaga sends nothing for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    Email,
    Webhook,
    Phone,
    #[serde(rename = "whatsapp")]
    WhatsApp,
}

impl Route {
    /// Made by the officer (a call, a message), not sent by siaga.
    pub fn is_made_by_hand(self) -> bool {
        matches!(self, Route::Phone | Route::WhatsApp)
    }
}

impl FromStr for Route {
    type Err = String;
    /// What `--via` takes: the routes an officer makes by hand.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "phone" | "telepon" => Ok(Route::Phone),
            "whatsapp" | "wa" => Ok(Route::WhatsApp),
            _ => Err(format!(
                "`{s}` is not a way to reach a mission by hand: phone or whatsapp"
            )),
        }
    }
}

/// An escalation the officer made themselves, by phone or WhatsApp: who at
/// the mission they reached. The deadline and the acknowledgement work as
/// for a sent one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeContact {
    pub via: Route,
    /// The person at the mission the officer spoke or wrote to.
    pub reached: String,
}

/// Longest name of the person reached (characters).
pub const MAX_REACHED: usize = 200;

impl MadeContact {
    /// Refused unless made by hand, to a named person of sane length.
    pub fn check(&self) -> Result<(), String> {
        self.problem().map_or(Ok(()), |p| Err(p.to_string()))
    }

    /// What `check` refuses, as a value (`escalate::packet` words it in
    /// the officer's language).
    pub fn problem(&self) -> Option<ContactProblem> {
        if !self.via.is_made_by_hand() {
            return Some(ContactProblem::NotByHand);
        }
        let reached = self.reached.trim();
        if reached.is_empty() {
            return Some(ContactProblem::NoOneNamed);
        }
        if reached.chars().count() > MAX_REACHED {
            return Some(ContactProblem::NameTooLong);
        }
        None
    }
}

/// Why a contact made by hand cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactProblem {
    #[error("only a phone call or a WhatsApp message is recorded as made")]
    NotByHand,
    #[error("name the person you reached at the mission")]
    NoOneNamed,
    #[error("the name of the person reached is longer than {MAX_REACHED} characters")]
    NameTooLong,
}

/// Why a delivery exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The chosen mission's duty desk.
    Mission,
    /// The central desk, for a mission without contacts.
    DefaultDesk,
    /// The supervisor, because the deadline passed unacknowledged.
    Supervisor,
    /// Members who joined the group after the first send: only their
    /// roster rows, to where the first send went.
    Addition,
}

/// Where one delivery stands; the same life as a reply's (see
/// `model::reply`), except that an unknown outcome is sent again with the
/// same Message-ID or delivery id, which the receiving side deduplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    Pending,
    Sending,
    Unknown,
    Sent,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sending => "sending",
            DeliveryState::Unknown => "unknown",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, DeliveryState::Sent | DeliveryState::Failed)
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way the escalation goes out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub route: Route,
    /// The e-mail address or webhook URL.
    pub to: String,
    pub purpose: Purpose,
    pub state: DeliveryState,
    pub attempts: u32,
    pub first_attempt_at: Option<Timestamp>,
    pub last_attempt_at: Option<Timestamp>,
    pub next_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
    /// Stable for the delivery's whole life: the e-mail's Message-ID, or
    /// the webhook's delivery id. A resend carries the same one.
    pub message_id: String,
    /// The roster rows this delivery carries (an addition's); None: all
    /// of them, or no roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Range<usize>>,
}

impl Delivery {
    pub fn new(route: Route, to: &str, purpose: Purpose) -> Delivery {
        Delivery {
            route,
            to: to.to_string(),
            purpose,
            state: DeliveryState::Pending,
            attempts: 0,
            first_attempt_at: None,
            last_attempt_at: None,
            next_attempt_at: None,
            last_error: None,
            sent_at: None,
            message_id: String::new(),
            rows: None,
        }
    }

    /// A contact the officer made at `now`: recorded as sent, never sent.
    pub fn made(contact: &MadeContact, purpose: Purpose, now: Timestamp) -> Delivery {
        Delivery {
            state: DeliveryState::Sent,
            attempts: 1,
            first_attempt_at: Some(now),
            last_attempt_at: Some(now),
            sent_at: Some(now),
            ..Delivery::new(contact.via, contact.reached.trim(), purpose)
        }
    }

    pub fn is_due(&self, now: Timestamp) -> bool {
        matches!(
            self.state,
            DeliveryState::Pending | DeliveryState::Sending | DeliveryState::Unknown
        ) && crate::model::retry_due(self.next_attempt_at, now)
    }

    pub fn describe_route(&self) -> &'static str {
        match self.route {
            Route::Email => "e-mail",
            Route::Webhook => "webhook",
            Route::Phone => "phone",
            Route::WhatsApp => "WhatsApp",
        }
    }

    pub fn describe(&self) -> String {
        let route = self.describe_route();
        let purpose = match self.purpose {
            Purpose::Mission => "",
            Purpose::DefaultDesk => " (default desk)",
            Purpose::Supervisor => " (supervisor)",
            Purpose::Addition => " (addition)",
        };
        if self.route.is_made_by_hand() {
            return format!("{route}{purpose} made by the officer");
        }
        format!("{route}{purpose} {}", self.state)
    }
}

/// Who at the mission took the case, and how the desk knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    /// The person at the mission who confirmed.
    pub by: String,
    /// How: "phone", "reply e-mail", "WhatsApp".
    pub how: String,
    /// The officer who recorded it.
    pub recorded_by: String,
    pub at: Timestamp,
}

/// A field of the packet that holds personal data (UU 27/2022): marked so
/// in the JSON and the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personal<T> {
    pub personal_data: bool,
    pub value: T,
}

impl<T> Personal<T> {
    pub fn new(value: T) -> Personal<T> {
        Personal {
            personal_data: true,
            value,
        }
    }
}

/// The citizen as the packet names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketAuthor {
    pub handle: String,
    pub name: String,
    pub platform_id: Option<String>,
}

/// One line of the inquiry's history, as it went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketEvent {
    pub at: Timestamp,
    pub officer: String,
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Everything consular staff need, frozen when the case was escalated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packet {
    pub case_ref: String,
    pub inquiry: InquiryId,
    pub source: String,
    pub channel: String,
    /// Where to see the post on the platform (none for a direct message).
    pub link: Option<String>,
    pub category: String,
    pub priority: Priority,
    pub tags: Vec<String>,
    pub received_at: Timestamp,
    pub author: Personal<PacketAuthor>,
    /// The citizen's words, and their follow-ups, as received.
    pub text: Personal<Vec<String>>,
    pub history: Vec<PacketEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub id: EscalationId,
    pub inquiry: InquiryId,
    pub officer: String,
    pub created_at: Timestamp,
    /// The mission's code in the directory, and its name.
    pub mission: String,
    pub mission_name: String,
    /// Why this mission (the routing suggestion, or "chosen by NAME").
    pub reason: String,
    pub severity: Priority,
    pub summary: String,
    pub note: String,
    /// Acknowledgement expected by then.
    pub deadline: Timestamp,
    pub packet: Packet,
    pub deliveries: Vec<Delivery>,
    pub ack: Option<Ack>,
    /// When the desk noticed the deadline pass unacknowledged (the
    /// supervisor was told then).
    pub overdue_at: Option<Timestamp>,
    /// A group's escalation: every member (None: one inquiry's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<Roster>,
}

impl Escalation {
    /// Work remains: a delivery to make, or an acknowledgement to wait for.
    pub fn is_open(&self) -> bool {
        self.ack.is_none() || self.deliveries.iter().any(|d| !d.state.is_final())
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.ack.is_none() && now >= self.deadline
    }

    /// Where delivery stands overall: failed if any failed, else sending
    /// while any is unfinished, else sent.
    pub fn delivery(&self) -> DeliveryState {
        let states: Vec<DeliveryState> = self
            .deliveries
            .iter()
            .filter(|d| d.purpose != Purpose::Supervisor)
            .map(|d| d.state)
            .collect();
        if states.contains(&DeliveryState::Failed) {
            DeliveryState::Failed
        } else if states.iter().all(|s| *s == DeliveryState::Sent) {
            DeliveryState::Sent
        } else if states.contains(&DeliveryState::Unknown) {
            DeliveryState::Unknown
        } else {
            DeliveryState::Pending
        }
    }

    /// The stable id of delivery `n`.
    pub fn message_id(&self, n: usize, domain: &str) -> String {
        format!("siaga.{}.d{n}.i{}@{domain}", self.id, self.inquiry)
    }
}

/// What an inquiry keeps of each escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationBrief {
    pub id: EscalationId,
    pub mission: String,
    pub mission_name: String,
    pub severity: Priority,
    pub delivery: DeliveryState,
    pub deadline: Timestamp,
    pub acked: bool,
    pub overdue: bool,
}

impl EscalationBrief {
    pub fn of(e: &Escalation) -> EscalationBrief {
        EscalationBrief {
            id: e.id,
            mission: e.mission.clone(),
            mission_name: e.mission_name.clone(),
            severity: e.severity,
            delivery: e.delivery(),
            deadline: e.deadline,
            acked: e.ack.is_some(),
            overdue: e.overdue_at.is_some() && e.ack.is_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(via: Route, reached: &str) -> MadeContact {
        MadeContact {
            via,
            reached: reached.into(),
        }
    }

    #[test]
    fn only_a_call_or_whatsapp_to_a_named_person_is_recorded_as_made() {
        assert!(made(Route::Phone, "Bu Rina").check().is_ok());
        assert!(made(Route::WhatsApp, "Pak Hendra").check().is_ok());
        // A client cannot claim an e-mail or webhook went out by hand.
        for route in [Route::Email, Route::Webhook] {
            let err = made(route, "Bu Rina").check().unwrap_err();
            assert!(err.contains("phone call or a WhatsApp"), "{err}");
        }
        assert!(
            made(Route::Phone, "  ")
                .check()
                .unwrap_err()
                .contains("name the person")
        );
        let long = "x".repeat(MAX_REACHED + 1);
        assert!(
            made(Route::Phone, &long)
                .check()
                .unwrap_err()
                .contains("longer than")
        );
    }

    #[test]
    fn a_contact_made_by_hand_is_sent_and_never_due() {
        let now = Timestamp::now();
        let d = Delivery::made(&made(Route::WhatsApp, " Bu Rina "), Purpose::Mission, now);
        assert_eq!(d.state, DeliveryState::Sent);
        assert_eq!(d.to, "Bu Rina");
        assert_eq!(d.sent_at, Some(now));
        assert!(!d.is_due(now + jiff::SignedDuration::from_hours(1)));
        assert_eq!(d.describe(), "WhatsApp made by the officer");
    }

    #[test]
    fn via_takes_phone_and_whatsapp_in_either_language() {
        assert_eq!("phone".parse::<Route>(), Ok(Route::Phone));
        assert_eq!("Telepon".parse::<Route>(), Ok(Route::Phone));
        assert_eq!("WA".parse::<Route>(), Ok(Route::WhatsApp));
        assert!("email".parse::<Route>().is_err());
        let json = serde_json::to_string(&Route::WhatsApp).unwrap();
        assert_eq!(json, "\"whatsapp\"");
    }
}
