//! The narrowing, early-stopping search answers exactly what the plain scan
//! answers, on a random corpus (Indonesian, English, emoji, CJK, Arabic,
//! diacritics), while the officer types, deletes, and inquiries arrive and
//! change between keystrokes.

use jiff::Timestamp;

use super::*;
use crate::model::{Arrival, Author, Channel, Priority};

const WORDS: [&str; 40] = [
    "tolong",
    "paspor",
    "ditahan",
    "majikan",
    "gaji",
    "belum",
    "dibayar",
    "bln",
    "min",
    "tlg",
    "sy",
    "adik",
    "Riyadh",
    "Myawaddy",
    "scam",
    "disekap",
    "tebusan",
    "kapal",
    "ABK",
    "jenazah",
    "help",
    "my",
    "cousin",
    "detained",
    "passport",
    "embassy",
    "José",
    "São",
    "Ñoño",
    "東京",
    "大使館",
    "서울",
    "الرياض",
    "🙏",
    "😭🇮🇩",
    "perpanjang",
    "online?",
    "KBRI",
    "KJRI",
    "p.a.s",
];

const QUERIES: [&str; 16] = [
    "tolong paspor",
    "gaji paspor",
    "myawaddy",
    "@warga_17",
    "prio:P1 paspor",
    "tag:minor gaji",
    "status:claimed tolong",
    "from:warga_3 sy",
    "jose sao",
    "東京",
    "🙏",
    "psprt",
    "kbri riyadh",
    "lang:en help",
    "source:mastodon kapal",
    "zzzq",
];

fn text(rng: &mut fastrand::Rng) -> String {
    let n = rng.usize(3..25);
    (0..n)
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn inquiry(rng: &mut fastrand::Rng, id: u64) -> Inquiry {
    let arrival = Arrival {
        external_id: id.to_string(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: format!("warga_{}", rng.u64(..60)),
            display_name: format!("Warga {}", WORDS[rng.usize(..WORDS.len())]),
            platform_id: None,
        },
        channel: if rng.u8(..5) == 0 {
            Channel::Private
        } else {
            Channel::Public
        },
        text: text(rng),
        created_at: Timestamp::UNIX_EPOCH,
        lang: Some(["in", "en"][rng.usize(..2)].into()),
        priority: Priority::ALL[rng.usize(..4)],
        category: "labour".into(),
        reasons: vec![],
    };
    let source = ["x", "mastodon"][rng.usize(..2)];
    // Few distinct arrival times: ties in the desk's order fall to the id.
    let queued = Timestamp::from_second(1_800_000_000 + rng.i64(0..50)).unwrap();
    let mut inq = Inquiry::from_arrival(InquiryId(id), source, arrival, queued);
    change(rng, &mut inq);
    inq
}

/// What officers do between keystrokes: tag, claim, close, re-prioritise.
fn change(rng: &mut fastrand::Rng, inq: &mut Inquiry) {
    match rng.u8(..5) {
        0 => inq
            .tags
            .push(["minor", "urgent", "ABK"][rng.usize(..3)].into()),
        1 => {
            inq.status = Status::Claimed;
            inq.claimed_by = Some(["ana", "budi"][rng.usize(..2)].into());
        }
        2 => inq.status = Status::Closed,
        3 => inq.priority = Priority::ALL[rng.usize(..4)],
        _ => {}
    }
}

fn views() -> Vec<ViewQuery> {
    let view = |facet, statuses: &[Status]| ViewQuery {
        facet,
        statuses: statuses.to_vec(),
        after: None,
        limit: 0,
    };
    vec![
        view(Facet::All, &Status::OPEN),
        view(Facet::ClaimedBy("ana".into()), &Status::OPEN),
        view(Facet::Private, &[Status::New, Status::Claimed]),
    ]
}

fn same(index: &mut SearchIndex, view: &ViewQuery, typed: &str, limit: usize) {
    let Ok(query) = Query::parse(typed) else {
        return;
    };
    let matcher = Matcher::new(query);
    let full = index.search_full(view, &matcher, limit);
    let fast = index.search(view, &matcher, limit);
    assert_eq!(fast, full, "{typed:?} limit {limit} in {:?}", view.facet);
}

#[test]
fn typing_deleting_and_arrivals_answer_like_a_full_scan() {
    let mut rng = fastrand::Rng::with_seed(18);
    let mut index = SearchIndex::default();
    let mut inquiries: Vec<Inquiry> = (1..=3_000).map(|id| inquiry(&mut rng, id)).collect();
    for inq in &inquiries {
        index.upsert(inq);
    }
    let views = views();
    for (round, query) in QUERIES.iter().enumerate() {
        let view = &views[round % views.len()];
        // A small page stops the walk early; a large one reads it all.
        let limit = [5, 40, 500][round % 3];
        let chars: Vec<char> = query.chars().collect();
        let mut typed = String::new();
        for c in &chars {
            typed.push(*c);
            same(&mut index, view, &typed, limit);
            if rng.bool() {
                // Something arrives or changes between keystrokes.
                if rng.bool() {
                    let id = inquiries.len() as u64 + 1;
                    inquiries.push(inquiry(&mut rng, id));
                } else {
                    let at = rng.usize(..inquiries.len());
                    change(&mut rng, &mut inquiries[at]);
                }
                let last = inquiries.len() - 1;
                let at = if rng.bool() { last } else { rng.usize(..=last) };
                index.upsert(&inquiries[at]);
            }
        }
        // Backspace all the way, then type it again.
        while typed.pop().is_some() {
            same(&mut index, view, &typed, limit);
        }
        typed.extend(chars.iter());
        same(&mut index, view, &typed, limit);
    }
}

#[test]
fn many_changes_between_keystrokes_outrun_the_log_and_still_agree() {
    let mut rng = fastrand::Rng::with_seed(21);
    let mut index = SearchIndex::default();
    let mut inquiries: Vec<Inquiry> = (1..=1_000).map(|id| inquiry(&mut rng, id)).collect();
    for inq in &inquiries {
        index.upsert(inq);
    }
    let view = &views()[0];
    same(&mut index, view, "pas", 10);
    for n in 0..CHANGE_LOG + 10 {
        let inq = &mut inquiries[n % 1_000];
        change(&mut rng, inq);
        index.upsert(inq);
    }
    same(&mut index, view, "pasp", 10);
    same(&mut index, view, "paspor", 500);
}

#[test]
fn what_arrives_or_changes_between_keystrokes_is_found() {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut index = SearchIndex::default();
    let mut inquiries: Vec<Inquiry> = (1..=500).map(|id| inquiry(&mut rng, id)).collect();
    for inq in &mut inquiries {
        inq.text = "terima kasih".into();
        inq.author.display_name = "Warga".into();
        inq.status = Status::New;
        index.upsert(inq);
    }
    let view = &views()[0];
    let find = |index: &mut SearchIndex, typed: &str| {
        index.search(view, &Matcher::new(Query::parse(typed).unwrap()), 50)
    };
    assert!(find(&mut index, "pas").is_empty());
    let mut new = inquiry(&mut rng, 501);
    new.text = "paspor ditahan".into();
    new.author.display_name = "Warga".into();
    new.status = Status::New;
    index.upsert(&new);
    inquiries[9].text = "paspor hilang".into();
    index.upsert(&inquiries[9]);
    let mut found = find(&mut index, "pasp");
    found.sort();
    assert_eq!(found, vec![inquiries[9].id, new.id]);
    new.status = Status::Closed;
    index.upsert(&new);
    assert_eq!(find(&mut index, "paspo"), vec![inquiries[9].id]);
}

#[test]
fn no_text_scores_a_word_above_its_ceiling() {
    let mut rng = fastrand::Rng::with_seed(3);
    for _ in 0..3_000 {
        let hay = crate::triage::search::lower(&text(&mut rng));
        // A word from the text, perhaps with a letter dropped or doubled.
        let words: Vec<&str> = hay.split(' ').collect();
        let mut word: Vec<char> = words[rng.usize(..words.len())].chars().collect();
        if word.len() > 2 && rng.bool() {
            word.remove(rng.usize(..word.len()));
        }
        let word: String = word.into_iter().collect();
        let matcher = Matcher::new(Query::parse(&word).unwrap());
        let doc = SearchDoc {
            haystack: hay.clone().into(),
            ..SearchDoc::of(&inquiry(&mut rng, 1))
        };
        if let Some(score) = matcher.score_doc(&doc) {
            assert!(
                score <= i64::from(matcher.ceiling()),
                "{word:?} in {hay:?}: {score} > {}",
                matcher.ceiling()
            );
        }
    }
}

#[test]
fn a_longer_query_extends_a_shorter_one() {
    let q = |t: &str| Query::parse(t).unwrap();
    assert!(extends(&q("paspor"), &q("pas")));
    assert!(extends(&q("gaji paspor"), &q("gaji")));
    assert!(extends(&q("prio:P1 paspor"), &q("paspor")));
    assert!(extends(&q("Paspor"), &q("psp")), "folded alike");
    assert!(!extends(&q("pas"), &q("paspor")), "Backspace widens");
    assert!(!extends(&q("gaji"), &q("prio:P1 gaji")), "a filter removed");
    assert!(!extends(&q("pa"), &q("ap")), "order matters");
}
