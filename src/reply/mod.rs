//! Answering citizens, as rules: canned templates and their placeholders
//! (`template`), each platform's own length count (`length`) and composing
//! a reply for an inquiry (`compose`). The outbox record lives in
//! `model::reply`, the sender that posts each reply exactly once in
//! `outbound::sender`. The personal numbers a public reply must never
//! carry are found by `triage::privacy`.

pub mod compose;
pub mod length;
pub mod template;

pub use crate::model::Lang;
pub use crate::model::reply::{Reply, ReplyBrief, ReplyId, ReplyRequest, ReplyState, Target};
pub use length::{Measure, Platform, PlatformRules};
pub use template::Template;

use crate::i18n::Lang as DeskLang;
use crate::model::Channel;
use crate::tr;

impl Reply {
    /// `summary`, in the officer's `lang` ("r3 terkirim publik oleh budi
    /// -> 1865…"): for the detail, `siaga outbox` and the shift digest.
    /// The platform's error and the sender's flag stay as recorded. (In
    /// `reply`, not `model`: the model sits beside `i18n`, not above it.)
    pub fn summary_in(&self, lang: DeskLang) -> String {
        let head = tr!(
            lang,
            "reply-summary",
            id = self.id.to_string(),
            state = state_name(lang, self.state),
            channel = match self.channel {
                Channel::Public => tr!(lang, "channel-public"),
                Channel::Private => tr!(lang, "channel-private"),
            },
            officer = &self.officer
        );
        head + &self.summary_tail()
    }
}

/// A reply's state in the officer's language ("terkirim", "gagal").
pub fn state_name(lang: DeskLang, state: ReplyState) -> String {
    match state {
        ReplyState::Pending => tr!(lang, "send-state-pending"),
        ReplyState::Sending => tr!(lang, "send-state-sending"),
        ReplyState::Unknown => tr!(lang, "send-state-unknown"),
        ReplyState::Sent => tr!(lang, "send-state-sent"),
        ReplyState::Failed => tr!(lang, "send-state-failed"),
        ReplyState::Cancelled => tr!(lang, "send-state-cancelled"),
    }
}
