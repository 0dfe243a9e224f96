//! The role a mention gets from the words just before it: where the person
//! is, where they are going, where they came from, a nationality, or a
//! language. The words themselves are in [`super::words`].

use super::tokens::Token;
use super::words::{WORDS, listed};

/// How far before a place a marker is looked for, in words.
const WINDOW: usize = 3;

/// What a mention says about the person, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Role {
    Affiliation,
    Origin,
    Named,
    Going,
    Here,
}

impl Role {
    /// For the officer, in a suggestion's reason.
    pub(super) fn label(self) -> &'static str {
        match self {
            Role::Here => "named as where they are",
            Role::Going => "named as where they are going",
            Role::Named => "named",
            Role::Origin => "origin/transit",
            Role::Affiliation => "nationality/flag",
        }
    }
}

/// What the words before a mention make of it.
pub(super) enum Marker {
    None,
    Language,
    Role {
        role: Role,
        /// Right before the place (or its "KBRI").
        immediate: bool,
        /// The marker word's token.
        at: Option<usize>,
    },
}

/// The mission and place words ("KBRI", "kota", "negara bagian") right
/// before a mention, skipped on the way to its marker.
struct Skipped {
    /// The first token skipped (the mention's own when none is).
    start: usize,
    /// A mission word was among them.
    via_mission: bool,
    /// A locative word was among them.
    via_locative: bool,
}

/// The role the words before token `at` give it, looking no further back
/// than `floor` (the end of the last match) and not across punctuation.
pub(super) fn marker(tokens: &[Token], at: usize, floor: usize) -> Marker {
    // Whether token k-1 belongs to the same stretch as token k.
    let joined = |k: usize| k > floor && !tokens[k].after_break;
    let skipped = skip_mission_and_place_words(tokens, at, joined);
    if joined(at) && listed(&WORDS.before.language, &tokens[at - 1].word) {
        return Marker::Language;
    }
    let mut k = skipped.start;
    for step in 0..WINDOW {
        if !joined(k) {
            break;
        }
        k -= 1;
        if let Some(role) = role_word(tokens, k, skipped.via_mission) {
            return Marker::Role {
                role,
                immediate: step == 0 || skipped.via_mission || skipped.via_locative,
                at: Some(k),
            };
        }
    }
    if skipped.via_mission || skipped.via_locative {
        // "KBRI KL": a mission named is a place named; "daerah Tawau",
        // "negeri Sabah": a place said to be one is where they are.
        return Marker::Role {
            role: if skipped.via_mission {
                Role::Named
            } else {
                Role::Here
            },
            immediate: true,
            at: None,
        };
    }
    Marker::None
}

/// Skip "KBRI", "kota", "negara bagian" right before token `at`.
fn skip_mission_and_place_words(
    tokens: &[Token],
    at: usize,
    joined: impl Fn(usize) -> bool,
) -> Skipped {
    let mut skipped = Skipped {
        start: at,
        via_mission: false,
        via_locative: false,
    };
    while joined(skipped.start) {
        let w = tokens[skipped.start - 1].word.as_str();
        if listed(&WORDS.between.missions, w) {
            skipped.via_mission = true;
        } else if listed(&WORDS.between.locative, w) {
            skipped.via_locative = true;
        } else {
            break;
        }
        skipped.start -= 1;
    }
    skipped
}

/// The role token `k` gives a place after it, if it is a role word; after a
/// mission word an origin word only names the place ("lewat KJRI Tawau").
fn role_word(tokens: &[Token], k: usize, via_mission: bool) -> Option<Role> {
    let w = tokens[k].word.as_str();
    let before = &WORDS.before;
    if listed(&before.here, w) {
        Some(Role::Here)
    } else if listed(&before.toward, w) {
        Some(if taken_before(tokens, k) {
            Role::Here
        } else {
            Role::Going
        })
    } else if listed(&before.origin, w) {
        Some(if via_mission {
            Role::Named
        } else {
            Role::Origin
        })
    } else if listed(&before.affiliation, w) {
        Some(Role::Affiliation)
    } else {
        None
    }
}

/// Whether a verb of being taken somewhere ("dibawa", "sent") is right
/// before token `k`.
pub(super) fn taken_before(tokens: &[Token], k: usize) -> bool {
    k > 0 && !tokens[k].after_break && listed(&WORDS.before.taken, &tokens[k - 1].word)
}
