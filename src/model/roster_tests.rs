//! A group's roster on its escalation (#16): rows appended once per
//! member, each addition a delivery of only the new rows to where the
//! first send went, and records stored before rosters existed still read.
//! Compiled only under `#[cfg(test)]` (see the `mod roster_tests;` in
//! roster.rs).

use super::*;
use crate::model::Priority;
use crate::model::escalation::{DeliveryState, EscalationId, MadeContact, Packet};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn row(n: u64) -> RosterRow {
    RosterRow {
        inquiry: InquiryId(n),
        author: Personal::new(PacketAuthor {
            handle: format!("wni_{n}"),
            name: format!("WNI {n}"),
            platform_id: None,
        }),
        channel: "public".into(),
        places: vec!["Khartoum".into()],
        phones: Personal::new(vec![format!("+249 91 000 000{n}")]),
        people: Some(n as u32),
        link: None,
        received_at: at("2026-12-07T08:00:00Z"),
    }
}

fn packet() -> Packet {
    Packet {
        case_ref: "SIAGA-1".into(),
        inquiry: InquiryId(1),
        source: "kemlu-x".into(),
        channel: "public".into(),
        link: None,
        category: "evacuation".into(),
        priority: Priority::P1,
        tags: Vec::new(),
        received_at: at("2026-12-07T08:00:00Z"),
        author: Personal::new(PacketAuthor::default()),
        text: Personal::new(vec!["tolong".into()]),
        history: Vec::new(),
    }
}

/// A group escalation of rows 1..=3, sent by e-mail and webhook to the
/// mission, with the supervisor told and a call made by hand.
fn escalation() -> Escalation {
    let now = at("2026-12-07T09:00:00Z");
    let mut deliveries = vec![
        Delivery::new(Route::Email, "pwni@kbri-khartoum.test", Purpose::Mission),
        Delivery::new(Route::Webhook, "https://kbri.test/hook", Purpose::Mission),
        Delivery::new(Route::Email, "boss@kemlu.test", Purpose::Supervisor),
    ];
    let call = MadeContact {
        via: Route::Phone,
        reached: "Bu Rina".into(),
    };
    deliveries.push(Delivery::made(&call, Purpose::Mission, now));
    Escalation {
        id: EscalationId(7),
        inquiry: InquiryId(1),
        officer: "siti".into(),
        created_at: now,
        mission: "khartoum".into(),
        mission_name: "KBRI Khartoum".into(),
        reason: "chosen by siti".into(),
        severity: Priority::P1,
        summary: "evakuasi".into(),
        note: String::new(),
        deadline: now + jiff::SignedDuration::from_hours(1),
        packet: packet(),
        deliveries,
        ack: None,
        overdue_at: None,
        roster: Some(Roster {
            group: GroupId(12),
            rows: (1..=3).map(row).collect(),
        }),
    }
}

#[test]
fn an_addition_carries_only_the_new_rows_to_each_first_send() {
    let mut e = escalation();
    let now = at("2026-12-07T10:00:00Z");
    // Row 2 is on the roster already: only 4 and 5 join.
    assert_eq!(
        e.add_roster_rows(vec![row(2), row(4), row(5)], now),
        Some(2)
    );
    let rows = &e.roster.as_ref().unwrap().rows;
    let ids: Vec<u64> = rows.iter().map(|r| r.inquiry.0).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let additions: Vec<&Delivery> = e
        .deliveries
        .iter()
        .filter(|d| d.purpose == Purpose::Addition)
        .collect();
    // One per route the mission was sent by: not the supervisor, not the call.
    let targets: Vec<(Route, &str)> = additions.iter().map(|d| (d.route, d.to.as_str())).collect();
    assert_eq!(
        targets,
        [
            (Route::Email, "pwni@kbri-khartoum.test"),
            (Route::Webhook, "https://kbri.test/hook")
        ]
    );
    for d in &additions {
        assert_eq!(d.rows, Some(3..5));
        assert_eq!(d.state, DeliveryState::Pending);
        assert!(d.message_id.is_empty(), "the courier gives it, by position");
        let carried: Vec<u64> = e.rows_of(d).iter().map(|r| r.inquiry.0).collect();
        assert_eq!(carried, [4, 5]);
        assert_eq!(e.first_send_of(d).unwrap().purpose, Purpose::Mission);
    }
    // The first sends still carry every row; each delivery its own id.
    assert_eq!(e.rows_of(&e.deliveries[0]).len(), 5);
    assert_ne!(e.message_id(4, "desk.test"), e.message_id(5, "desk.test"));
    assert_eq!(e.first_send_of(&e.deliveries[0]), None);
}

#[test]
fn adding_the_same_members_twice_adds_nothing_the_second_time() {
    let mut e = escalation();
    let now = at("2026-12-07T10:00:00Z");
    assert_eq!(e.add_roster_rows(vec![row(4), row(4)], now), Some(1));
    let sent = e.deliveries.len();
    assert_eq!(e.add_roster_rows(vec![row(4), row(1)], now), Some(0));
    assert_eq!(e.add_roster_rows(Vec::new(), now), Some(0));
    assert_eq!(e.deliveries.len(), sent, "no delivery for nothing new");
    assert_eq!(e.roster.as_ref().unwrap().rows.len(), 4);
    // One inquiry's escalation has no roster to add to.
    let mut single = escalation();
    single.roster = None;
    assert_eq!(single.add_roster_rows(vec![row(9)], now), None);
    assert!(single.rows_of(&single.deliveries[0]).is_empty());
}

#[test]
fn an_addition_to_the_default_desk_follows_the_desks_send() {
    let mut e = escalation();
    e.deliveries = vec![Delivery::new(
        Route::Webhook,
        "https://pwni.test/hook",
        Purpose::DefaultDesk,
    )];
    e.add_roster_rows(vec![row(4)], at("2026-12-07T10:00:00Z"));
    let addition = &e.deliveries[1];
    assert_eq!(addition.purpose, Purpose::Addition);
    assert_eq!(
        e.first_send_of(addition).unwrap().purpose,
        Purpose::DefaultDesk
    );
    assert_eq!(addition.describe(), "webhook (addition) pending");
}

#[test]
fn an_escalation_stored_before_rosters_reads_and_writes_as_before() {
    let mut e = escalation();
    e.roster = None;
    let json = serde_json::to_value(&e).unwrap();
    assert!(json.get("roster").is_none(), "{json}");
    assert!(json["deliveries"][0].get("rows").is_none(), "{json}");
    // A record as an older siaga wrote it: no `roster`, no `rows`.
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("roster");
    let back: Escalation = serde_json::from_value(old).unwrap();
    assert_eq!(back, e);
    // And a roster and an addition's rows survive the store.
    let mut group = escalation();
    group.add_roster_rows(vec![row(4)], at("2026-12-07T10:00:00Z"));
    let text = serde_json::to_string(&group).unwrap();
    assert!(text.contains("\"purpose\":\"addition\""), "{text}");
    assert!(text.contains("\"group\":12"), "{text}");
    assert_eq!(serde_json::from_str::<Escalation>(&text).unwrap(), group);
}
