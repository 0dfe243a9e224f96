//! The words routing reads around place names (`config/place_words.toml`):
//! names that are not always places, the words before a place that give it
//! its role, the words skipped between them, and missions' handle prefixes.
//! Kept as data, commented, so they can be read and extended without
//! reading the matcher; parsed once, on first use.

use std::sync::LazyLock;

use serde::Deserialize;

/// The word lists as shipped, embedded in the binary.
pub const PLACE_WORDS_TOML: &str = include_str!("../../../config/place_words.toml");

/// Every list of `config/place_words.toml`, parsed once.
pub(super) static WORDS: LazyLock<PlaceWords> = LazyLock::new(|| {
    toml::from_str(PLACE_WORDS_TOML).expect("the embedded config/place_words.toml is valid")
});

/// The word lists, one field per table of the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlaceWords {
    pub names: Names,
    pub before: Before,
    pub between: Between,
    pub handles: Handles,
}

/// `[names]`: names that are not always places.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Names {
    /// Also ordinary words or given names: a place only with a place word
    /// right before them.
    pub gated: Vec<String>,
    /// Phrases that are not places abroad although place names are inside
    /// them.
    pub masks: Vec<String>,
}

/// `[before]`: words before a place that give it its role, folded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Before {
    /// The person is there.
    pub here: Vec<String>,
    /// Where they are going ("ke"/"to") ...
    pub toward: Vec<String>,
    /// ... unless one of these comes first: taken there, and there.
    pub taken: Vec<String>,
    /// Where they came from or pass through.
    pub origin: Vec<String>,
    /// A nationality or a ship's flag.
    pub affiliation: Vec<String>,
    /// A name right after these is a language.
    pub language: Vec<String>,
}

/// `[between]`: words skipped between a role word and the place, folded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Between {
    /// Words naming a mission ("KBRI", "embassy").
    pub missions: Vec<String>,
    /// Words calling the place a place ("daerah", "kota"); alone they say
    /// where the person is.
    pub locative: Vec<String>,
}

/// `[handles]`: how missions' accounts are named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Handles {
    /// Handle prefixes of missions' accounts ("kbri" in "@KBRITokyo").
    pub prefixes: Vec<String>,
}

/// Whether `word` is one of `list`.
pub(super) fn listed(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_word_lists_parse_with_every_word() {
        let w = &*WORDS;
        let sizes = [
            ("names.gated", w.names.gated.len(), 69),
            ("names.masks", w.names.masks.len(), 38),
            ("before.here", w.before.here.len(), 15),
            ("before.toward", w.before.toward.len(), 9),
            ("before.taken", w.before.taken.len(), 25),
            ("before.origin", w.before.origin.len(), 17),
            ("before.affiliation", w.before.affiliation.len(), 17),
            ("before.language", w.before.language.len(), 6),
            ("between.missions", w.between.missions.len(), 15),
            ("between.locative", w.between.locative.len(), 17),
            ("handles.prefixes", w.handles.prefixes.len(), 5),
        ];
        for (table, got, want) in sizes {
            assert_eq!(got, want, "{table}");
        }
        assert!(listed(&w.before.here, "في"));
        assert!(listed(&w.names.gated, "sri aman"));
        assert!(!listed(&w.before.here, "ke"));
    }
}
