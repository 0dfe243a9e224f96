//! Many officers, one queue: `siaga serve` owns the store, the fetchers,
//! the reply sender and the escalation courier, and serves officers'
//! `siaga` clients over a Unix socket (`server`); `client` is the same
//! `QueueService` over that socket; `protocol` is the wire between them;
//! `access` decides who may connect and as which role, `authorize` what
//! each role may do (one table);
//! `socket` checks where the socket lives and who stands behind it.

pub mod access;
pub mod authorize;
pub mod client;
pub mod protocol;
pub mod server;
pub mod socket;
