//! Triage: making outside text safe to show (`sanitize`), deciding how
//! urgent an inquiry is and what kind of case it is (`score`), and finding
//! inquiries again (`search`), which mission covers the place a citizen
//! names (`route`, reading Arabic script with `arabic`), which personal
//! numbers a text holds (`privacy`: masked on screen and in logs, refused
//! in a public reply), and which pleas say the same thing (`group`). The
//! scorer reads emoji as words (`emoji`), affixed Indonesian forms as the
//! lexicon's words (`morph`) and terms of scripts without spaces inside a
//! run of text (`unspaced`).

mod arabic;
pub mod emoji;
pub mod group;
pub mod learn;
pub mod mask;
mod morph;
pub mod privacy;
pub mod route;
mod sanitize;
pub mod score;
pub mod search;
pub mod surge;
mod unspaced;

pub use sanitize::{is_unsafe_char, sanitize, sanitize_line, sanitize_words};
pub use score::{Lexicon, Verdict};
