//! Escalation: handing a case to consular staff at the right mission: the
//! escalation record and its packet (to a mission of the directory in
//! `model::missions`), delivery by e-mail and signed webhook (each mission's own key,
//! `keys`) through a durable outbox, and acknowledgement deadlines.

pub mod courier;
pub mod deliver;
pub mod keys;
pub mod packet;
pub mod record;
pub mod settings;

pub use crate::model::missions::{Countries, Country, Mission, Missions};
pub use record::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Packet, Purpose, Route,
};
pub use settings::{EscalationConfig, SmtpConfig, Tls};
