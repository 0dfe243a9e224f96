//! The workers that carry the desk's decisions out of the store: the
//! `sender` posts each queued reply through its platform exactly once, the
//! `courier` delivers each escalation to its mission and watches its
//! acknowledgement deadline. They sit above the queue and the fetchers
//! whose services they use, so the rules of `reply` and `escalate` stay
//! pure and low enough for the store, the queue and the records to read.

pub mod courier;
pub mod sender;
