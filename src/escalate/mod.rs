//! Escalation, as rules and means: the packet for a mission of the
//! directory in `model::missions` (`packet`), delivery by e-mail and signed
//! webhook (`deliver`, each mission's own key in `keys`) and the deadlines
//! (`settings`), and a group's roster (`roster`: a row per member, the
//! CSV sheet its e-mail carries). The record lives in `model::escalation`;
//! the courier that runs deliveries from the outbox and watches deadlines
//! is `outbound::courier`.

pub mod deliver;
pub mod keys;
pub mod packet;
pub mod roster;
pub mod settings;

pub use crate::model::escalation::{
    Ack, Delivery, DeliveryState, Escalation, EscalationBrief, EscalationId, Packet, Purpose, Route,
};
pub use crate::model::missions::{Countries, Country, Mission, Missions};
pub use settings::{EscalationConfig, SmtpConfig, Tls};

use crate::i18n::Lang;
use crate::tr;

impl Delivery {
    /// `describe` in the officer's `lang`: "e-mail sent", "webhook (piket
    /// pusat) gagal", "telepon dihubungi sendiri oleh petugas".
    pub fn describe_in(&self, lang: Lang) -> String {
        let route = match self.route {
            Route::Email => tr!(lang, "route-email"),
            Route::Webhook => tr!(lang, "route-webhook"),
            Route::Phone => tr!(lang, "route-phone"),
            Route::WhatsApp => tr!(lang, "route-whatsapp"),
        };
        let purpose = match self.purpose {
            Purpose::Mission => String::new(),
            Purpose::DefaultDesk => format!(" ({})", tr!(lang, "purpose-default-desk")),
            Purpose::Supervisor => format!(" ({})", tr!(lang, "purpose-supervisor")),
            Purpose::Addition => format!(" ({})", tr!(lang, "purpose-addition")),
        };
        if self.route.is_made_by_hand() {
            return tr!(lang, "delivery-made", route = route, purpose = purpose);
        }
        let state = match self.state {
            DeliveryState::Pending => tr!(lang, "send-state-pending"),
            DeliveryState::Sending => tr!(lang, "send-state-sending"),
            DeliveryState::Unknown => tr!(lang, "send-state-unknown"),
            DeliveryState::Sent => tr!(lang, "send-state-sent"),
            DeliveryState::Failed => tr!(lang, "send-state-failed"),
        };
        tr!(
            lang,
            "delivery-state",
            route = route,
            purpose = purpose,
            state = state
        )
    }
}
