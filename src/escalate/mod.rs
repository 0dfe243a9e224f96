//! Escalation, as rules and means: the packet for a mission of the
//! directory in `model::missions` (`packet`), delivery by e-mail and signed
//! webhook (`deliver`, each mission's own key in `keys`) and the deadlines
//! (`settings`). The record lives in `model::escalation`; the courier that
//! runs deliveries from the outbox and watches deadlines is
//! `outbound::courier`.

pub mod deliver;
pub mod keys;
pub mod packet;
pub mod settings;

pub use crate::model::escalation::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Packet, Purpose, Route,
};
pub use crate::model::missions::{Countries, Country, Mission, Missions};
pub use settings::{EscalationConfig, SmtpConfig, Tls};
