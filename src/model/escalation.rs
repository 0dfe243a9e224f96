//! The escalation record: which mission, how severe, what the officer
//! said, the packet of facts that went out (frozen when escalated), each
//! delivery (e-mail, webhook) and where it stands, and the
//! acknowledgement the desk waits for before the deadline.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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

/// How a delivery travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    Email,
    Webhook,
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
        }
    }

    pub fn describe(&self) -> String {
        let route = self.describe_route();
        let purpose = match self.purpose {
            Purpose::Mission => "",
            Purpose::DefaultDesk => " (default desk)",
            Purpose::Supervisor => " (supervisor)",
        };
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
