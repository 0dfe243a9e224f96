//! Answering citizens: canned templates and their placeholders
//! (`template`), each platform's own length count (`length`), the durable outbox
//! record (`outbox`), composing a reply for an inquiry (`compose`), and the
//! sender that posts each reply exactly once (`sender`). The personal
//! numbers a public reply must never carry are found by `triage::privacy`.

pub mod compose;
pub mod length;
pub mod outbox;
pub mod sender;
pub mod template;

pub use length::{Measure, Platform, PlatformRules};
pub use outbox::{Reply, ReplyBrief, ReplyId, ReplyRequest, ReplyState, Target};
pub use template::{Lang, Template};
