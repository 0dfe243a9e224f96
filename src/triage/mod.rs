//! Triage: making outside text safe to show (`sanitize`), deciding how
//! urgent an inquiry is and what kind of case it is (`score`), and finding
//! inquiries again (`search`), and which mission covers the place a
//! citizen names (`route`).

pub mod route;
mod sanitize;
pub mod score;
pub mod search;

pub use sanitize::{is_unsafe_char, sanitize, sanitize_line};
pub use score::{Lexicon, Verdict};
