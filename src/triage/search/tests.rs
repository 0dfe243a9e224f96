//! Queries parsed, scattered letters told from words, folding, and the in-order precheck.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in its parent).

use super::*;

#[test]
fn parses_filters_and_fuzzy_words() {
    let q = Query::parse("tag:urgent prio:P1 paspor majikan from:@siti").unwrap();
    assert_eq!(
        q.filters,
        vec![
            Filter::Tag("urgent".into()),
            Filter::Priority(Priority::P1),
            Filter::From("siti".into())
        ]
    );
    assert_eq!(q.fuzzy, "paspor majikan");
    assert!(
        Query::parse("status:sleeping")
            .unwrap_err()
            .contains("unknown status")
    );
    assert_eq!(
        Query::parse("http://x.y").unwrap().fuzzy,
        "http://x.y",
        "not a filter key"
    );
}

#[test]
fn scattered_letters_are_not_a_match_but_words_are() {
    use crate::model::{Author, Channel, InquiryId};
    let inq = |text: &str| {
        let arrival = crate::model::Arrival {
            external_id: "1".into(),
            conversation_id: None,
            in_reply_to: None,
            author: Author {
                handle: "siti".into(),
                display_name: "Siti".into(),
                platform_id: None,
            },
            channel: Channel::Public,
            text: text.into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            lang: None,
            priority: Priority::P2,
            category: "labour".into(),
            reasons: vec![],
        };
        Inquiry::from_arrival(InquiryId(1), "x", arrival, jiff::Timestamp::UNIX_EPOCH)
    };
    let m = Matcher::new(Query::parse("paspor").unwrap());
    assert!(m.score(&inq("paspor sy ditahan majikan")).is_some());
    assert!(
        m.score(&inq(
            "pak saya sudah pergi ke kantor polisi dan rumah sakit"
        ))
        .is_none()
    );
    let two = Matcher::new(Query::parse("paspor riyadh").unwrap());
    assert!(
        two.score(&inq("di Riyadh paspor ditahan")).is_some(),
        "word order does not matter"
    );
    assert!(
        two.score(&inq("paspor ditahan di Jeddah")).is_none(),
        "every word must match"
    );
    for query in ["Riyadh", "RIYADH", "Paspor riyadh", "RiYaDh"] {
        let m = Matcher::new(Query::parse(query).unwrap());
        assert!(
            m.score(&inq("di Riyadh paspor ditahan")).is_some(),
            "{query}: case does not matter (#21)"
        );
        assert!(m.score(&inq("di Jeddah gaji")).is_none(), "{query}");
    }
    let accents = Matcher::new(Query::parse("Jose Sao").unwrap());
    assert!(
        accents.score(&inq("José di São Paulo")).is_some(),
        "diacritics do not matter"
    );
    let written = Matcher::new(Query::parse("José").unwrap());
    assert!(written.score(&inq("jose di Manila")).is_some());
    let mut hidden = inq("paspor sy ditahan majikan");
    hidden.restricted = Some(crate::model::Mark {
        at: jiff::Timestamp::UNIX_EPOCH,
        by: "sup".into(),
        reason: "request".into(),
    });
    assert!(
        m.score(&hidden).is_none(),
        "a hidden text is not found by its words"
    );
}

#[test]
fn folding_keeps_one_character_for_each_and_other_scripts_whole() {
    assert_eq!(lower("MYAWADDY Ñoño Über"), "myawaddy nono uber");
    for text in ["서울 대사관", "الرياض", "东京", "ÆØ ß"] {
        assert_eq!(lower(text).chars().count(), text.chars().count(), "{text}");
    }
    assert_eq!(lower("서울"), "서울", "Hangul is not decomposed");
    assert_eq!(lower("الرياض"), "الرياض");
}

#[test]
fn in_order_precheck() {
    let needle: Vec<char> = "psp".chars().collect();
    assert!(
        contains_in_order("paspor ditahan", &needle),
        "haystacks are lowercased beforehand"
    );
    assert!(!contains_in_order("gaji belum", &needle));
}
