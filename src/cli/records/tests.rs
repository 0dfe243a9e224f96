//! The records verbs' words in both languages.

use super::storage::opened_words;
use super::subject::channel_words;
use super::*;

/// The catalog's English is the records' own words, so the English
/// output is unchanged.
#[test]
fn the_english_words_are_the_records_own() {
    for files in [
        Scrub::Nothing,
        Scrub::Rewritten,
        Scrub::Pending,
        Scrub::Failed("disk full".into()),
    ] {
        assert_eq!(scrub_words(&files, Lang::En), files.words());
    }
    use crate::reply::ReplyState;
    for state in [
        ReplyState::Pending,
        ReplyState::Sending,
        ReplyState::Unknown,
        ReplyState::Sent,
        ReplyState::Failed,
        ReplyState::Cancelled,
    ] {
        assert_eq!(crate::reply::state_name(Lang::En, state), state.as_str());
    }
    assert_eq!(channel_words("public", Lang::Id), "publik");
    assert_eq!(opened_words("as it is", Lang::Id), "apa adanya");
    assert_eq!(opened_words("as it is", Lang::En), "as it is");
    assert_eq!(ids(&[], Lang::Id), "tidak ada");
    assert_eq!(ids(&[], Lang::En), "none");
}
