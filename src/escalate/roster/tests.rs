//! An inquiry read into its roster row: places as written, phones as
//! found by `triage::privacy`, the count of people, the author marked as
//! personal data. Compiled only under `#[cfg(test)]` (see the `mod tests;`
//! in mod.rs).

use super::*;
use crate::model::escalation::RosterRow;
use crate::model::missions::{Countries, Missions};
use crate::model::{Arrival, Author, Channel, FollowUp, InquiryId, Priority};

/// The built-in directory's gazetteer, as `config/missions.toml` ships it.
fn gazetteer() -> Gazetteer {
    #[derive(serde::Deserialize)]
    struct Directory {
        missions: Missions,
        #[serde(default)]
        countries: Countries,
    }
    let d: Directory = toml::from_str(include_str!("../../../config/missions.toml")).unwrap();
    Gazetteer::new(&d.missions, &d.countries)
}

fn inquiry(text: &str, followups: &[&str]) -> Inquiry {
    let now: jiff::Timestamp = "2026-12-07T08:00:00Z".parse().unwrap();
    let arrival = Arrival {
        external_id: "1866000000000000001".into(),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: "ahmad_sdn".into(),
            display_name: "Ahmad Fauzi".into(),
            platform_id: Some("9001".into()),
        },
        channel: Channel::Public,
        text: text.into(),
        created_at: now,
        lang: Some("in".into()),
        priority: Priority::P1,
        category: "evacuation".into(),
        reasons: Vec::new(),
    };
    let mut inq = Inquiry::from_arrival(InquiryId(41), "kemlu-x", arrival, now);
    inq.followups = followups
        .iter()
        .map(|t| FollowUp {
            external_id: "1866000000000000002".into(),
            text: t.to_string(),
            created_at: now,
            received_at: now,
        })
        .collect();
    inq
}

fn row_of(text: &str, followups: &[&str]) -> RosterRow {
    row(
        &inquiry(text, followups),
        &gazetteer(),
        Some("https://x.com/ahmad_sdn/status/1866000000000000001".into()),
    )
}

#[test]
fn a_row_holds_who_where_the_phones_and_how_many() {
    let r = row_of(
        "Tolong kami 4 orang WNI terjebak di Omdurman, Sudan. HP +249 912 345 678",
        &["keluarga di Khartoum, hub 0812-3456-7890 atau +249 912 345 678"],
    );
    assert_eq!(r.inquiry, InquiryId(41));
    assert!(r.author.personal_data && r.phones.personal_data);
    assert_eq!(r.author.value.name, "Ahmad Fauzi");
    assert_eq!(r.author.value.handle, "ahmad_sdn");
    assert_eq!(r.channel, "public");
    assert_eq!(r.places, ["Omdurman", "Sudan", "Khartoum"]);
    // The same number twice is one phone.
    assert_eq!(r.phones.value, ["+249 912 345 678", "0812-3456-7890"]);
    assert_eq!(r.people, Some(4));
    assert_eq!(
        r.link.as_deref(),
        Some("https://x.com/ahmad_sdn/status/1866000000000000001")
    );
    assert_eq!(r.received_at, inquiry("", &[]).received_at);
}

#[test]
fn a_plea_that_says_nothing_leaves_its_cells_empty() {
    let r = row_of("tolong bantu saudara saya", &[]);
    assert!(r.places.is_empty());
    assert!(r.phones.value.is_empty());
    assert_eq!(r.people, None);
}

#[test]
fn the_desks_own_number_is_not_the_citizens_phone() {
    let inq = inquiry("sudah telp hotline 0812-9000-1234, kami di Port Sudan", &[]);
    let r = row_except(&inq, &gazetteer(), None, &["+62 812 9000 1234"]);
    assert!(r.phones.value.is_empty(), "{:?}", r.phones.value);
    assert_eq!(r.places, ["Port Sudan"]);
    let r = row(&inq, &gazetteer(), None);
    assert_eq!(r.phones.value, ["0812-9000-1234"]);
}

#[test]
fn hostile_text_passes_as_data() {
    let r = row_of("=cmd|' /C calc'!A0 kami 3 orang di Khartoum\u{1b}[2J", &[]);
    assert_eq!(r.people, Some(3));
    assert_eq!(r.places, ["Khartoum"]);
    let sheet = String::from_utf8(csv(&[r])).unwrap();
    assert!(!sheet.contains('\u{1b}'), "{sheet:?}");
}
