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
