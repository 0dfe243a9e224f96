//! What the desk's learned model (#19, `triage::learn`) suggests for one
//! inquiry, kept on it beside the lexicon's verdict: a priority, a
//! category and up to three tags, with the words that drove them. A
//! suggestion never changes the inquiry by itself: the officer accepts it
//! (`L`), or `[triage] learned = "raise"` lets it raise (never lower) the
//! priority at arrival.

use serde::{Deserialize, Serialize};

use super::Priority;

/// How the desk uses its learned model (`[triage] learned`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LearnedMode {
    /// Not consulted: no suggestion is made.
    Off,
    /// Suggested beside the lexicon's verdict; the officer accepts or not.
    #[default]
    Suggest,
    /// Suggested, and a more urgent suggestion raises the priority at
    /// arrival (never lowers it; an officer's own priority stands).
    Raise,
}

/// The model's suggestion for one inquiry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    pub priority: Priority,
    /// How sure, 0..=1: the model's probability of `priority`.
    pub confidence: f32,
    /// Only when the model is sure enough of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The words of the message that weighed most for `priority`, most
    /// first: what "Why:" shows beside the lexicon's reasons.
    #[serde(default)]
    pub words: Vec<String>,
}
