//! Triage: making outside text safe to show (`sanitize`), and deciding how
//! urgent an inquiry is and what kind of case it is (`score`).

mod sanitize;
pub mod score;

pub use sanitize::{is_unsafe_char, sanitize, sanitize_line};
pub use score::{Lexicon, Verdict};
