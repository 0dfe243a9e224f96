//! How reasons read in each language, and how each problem is told.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in mod.rs).

use super::*;

/// In English a reason reads exactly as recorded; in Indonesian its
/// words are the catalog's and the place and mission stay as written.
#[test]
fn a_reason_reads_as_recorded_in_english_and_worded_in_indonesian() {
    let cases = [
        (
            "Myawaddy (named as where they are) → KBRI Yangon",
            "Myawaddy (disebut sebagai tempat ia berada) → KBRI Yangon",
        ),
        (
            "Tawau (named; inside Malaysia, named as where they are going) → KRI Tawau",
            "Tawau (disebut; dalam wilayah Malaysia, disebut sebagai tujuannya) → KRI Tawau",
        ),
        (
            "@KBRITokyo (addressed; no place named) → KBRI Tokyo",
            "@KBRITokyo (akun Perwakilan disapa; tidak ada tempat yang disebut) → KBRI Tokyo",
        ),
        (
            "chosen by siti (suggested: Riyadh (origin/transit) → KBRI Riyadh)",
            "dipilih oleh siti (saran: Riyadh (asal/transit) → KBRI Riyadh)",
        ),
        (
            "chosen by siti (no place named)",
            "dipilih oleh siti (tidak ada tempat yang disebut)",
        ),
        ("something else (cut sho…", "something else (cut sho…"),
    ];
    for (en, id) in cases {
        assert_eq!(reason_in(Lang::En, en), en);
        assert_eq!(reason_in(Lang::Id, en), id);
    }
}

#[test]
fn each_problem_reads_as_its_display_in_english() {
    let all = [
        Problem::NoMission("jeddah".into()),
        Problem::NoContact {
            mission: "KJRI Jeddah".into(),
            code: "jeddah".into(),
            desk: "pwni".into(),
        },
        Problem::NoCases("PTRI Jenewa".into()),
        Problem::NoSummary,
        Problem::SummaryTooLong,
        Problem::NoteTooLong,
        Problem::Contact(ContactProblem::NotByHand),
        Problem::Contact(ContactProblem::NoOneNamed),
        Problem::Contact(ContactProblem::NameTooLong),
    ];
    for p in all {
        assert_eq!(p.describe(Lang::En), p.to_string());
        assert_ne!(p.describe(Lang::Id), p.to_string());
    }
}

// A group's escalation (#16): its roster in the mail and the JSON.

mod group {
    use super::super::*;
    use crate::escalate::keys::WebhookKeys;
    use crate::model::escalation::{Roster, RosterRow};
    use crate::model::group::GroupId;
    use crate::model::{Arrival, Author, InquiryId};
    use std::os::unix::fs::PermissionsExt;

    fn inquiry(n: u64, name: &str) -> Inquiry {
        let now: Timestamp = "2026-12-07T08:00:00Z".parse().unwrap();
        let arrival = Arrival {
            external_id: format!("18660000000000000{n:02}"),
            conversation_id: None,
            in_reply_to: None,
            author: Author {
                handle: format!("wni_{n}"),
                display_name: name.into(),
                platform_id: None,
            },
            channel: Channel::Public,
            text: format!("kami {n} orang di Khartoum, hub 0812-3456-78{n:02}"),
            created_at: now,
            lang: None,
            priority: Priority::P1,
            category: "evacuation".into(),
            reasons: Vec::new(),
        };
        Inquiry::from_arrival(InquiryId(n), "kemlu-x", arrival, now)
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
            phones: Personal::new(vec![format!("0812-3456-78{n:02}")]),
            people: Some(n as u32),
            link: None,
            received_at: "2026-12-07T08:00:00Z".parse().unwrap(),
        }
    }

    fn directory(dir: &std::path::Path) -> (Missions, EscalationConfig) {
        let secret = |name: &str| {
            let path = dir.join(name);
            std::fs::write(&path, format!("key-of-{name}")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            Some(path)
        };
        let mission = |kind: &str, city: &str, file| Mission {
            kind: kind.into(),
            city: city.into(),
            email: format!("{}@mission.test", city.to_lowercase()),
            webhook_url: format!("https://{}.test/hook", city.to_lowercase()),
            webhook_secret_file: file,
            ..Mission::default()
        };
        let missions: Missions = [
            (
                "khartoum".to_string(),
                mission("KBRI", "Khartoum", secret("khartoum")),
            ),
            (
                "pwni".to_string(),
                mission("DIT", "Jakarta", secret("pwni")),
            ),
            (
                "cairo".to_string(),
                Mission {
                    email: String::new(),
                    webhook_url: String::new(),
                    ..mission("KBRI", "Cairo", None)
                },
            ),
        ]
        .into();
        let config = EscalationConfig {
            default_desk: "pwni".into(),
            ..EscalationConfig::default()
        };
        (missions, config)
    }

    /// The group escalation of rows 1 and 2 to `mission`.
    fn escalation(mission: &str, dir: &std::path::Path) -> (Escalation, WebhookKeys) {
        let (missions, config) = directory(dir);
        let request = Request {
            mission: mission.into(),
            reason: "chosen by siti".into(),
            severity: Priority::P1,
            summary: "evakuasi".into(),
            note: String::new(),
            made: None,
        };
        let now = "2026-12-07T09:00:00Z".parse().unwrap();
        let inq = inquiry(1, "WNI 1");
        let mut e = build(
            &inq,
            &[],
            &request,
            "siti",
            now,
            &missions,
            &config,
            None,
            "SIAGA-1",
        )
        .unwrap();
        e.roster = Some(Roster {
            group: GroupId(12),
            rows: vec![row(1), row(2)],
        });
        (e, WebhookKeys::read(&missions, &config))
    }

    fn json(e: &Escalation, d: &Delivery) -> serde_json::Value {
        serde_json::from_slice(&json_body(e, d)).unwrap()
    }

    #[test]
    fn the_first_send_carries_every_row_and_an_addition_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (mut e, _) = escalation("khartoum", dir.path());
        let first = e.deliveries[0].clone();
        assert!(!subject(&e, &first).contains("Addition"));
        let text = email_text(&e, &first);
        assert!(text.contains("Daftar kelompok g12 (baris: 2,"), "{text}");
        assert!(text.contains("Roster of group g12 (rows: 2,"), "{text}");
        let (file, sheet) = attachment(&e, &first).unwrap();
        assert_eq!(file, "roster-g12.csv");
        assert_eq!(String::from_utf8(sheet).unwrap().lines().count(), 3);
        assert_eq!(json(&e, &first)["roster"].as_array().unwrap().len(), 2);
        assert_eq!(json(&e, &first)["group"], "g12");

        e.add_roster_rows(vec![row(3)], "2026-12-07T10:00:00Z".parse().unwrap());
        let addition = e.deliveries[2].clone();
        let subject = subject(&e, &addition);
        assert!(
            subject.contains("] Tambahan / Addition: KBRI Khartoum"),
            "{subject}"
        );
        let text = email_text(&e, &addition);
        assert!(text.starts_with("Tambahan untuk kasus SIAGA-1"), "{text}");
        assert!(text.contains("rows 3 to 3 of its roster"), "{text}");
        assert!(text.contains("(rows: 1,"), "{text}");
        let (file, sheet) = attachment(&e, &addition).unwrap();
        assert_eq!(file, "roster-g12-rows-3-3.csv");
        let sheet = String::from_utf8(sheet).unwrap();
        assert!(
            sheet.contains("WNI 3") && !sheet.contains("WNI 1"),
            "{sheet}"
        );
        let body = json(&e, &addition);
        assert_eq!(body["purpose"], "addition");
        let rows = body["roster"].as_array().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["author"]["personal_data"], true);
        assert_eq!(rows[0]["phones"]["value"][0], "0812-3456-7803");
        // The supervisor, told later, gets the whole roster.
        let supervisor = Delivery::new(Route::Email, "boss@kemlu.test", Purpose::Supervisor);
        assert_eq!(json(&e, &supervisor)["roster"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn an_escalation_without_a_roster_renders_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let (mut e, _) = escalation("khartoum", dir.path());
        e.roster = None;
        let d = e.deliveries[0].clone();
        assert_eq!(attachment(&e, &d), None);
        let text = email_text(&e, &d);
        assert!(!text.contains("g12") && !text.contains("Roster"), "{text}");
        let body = json(&e, &d);
        assert!(body.get("roster").is_none() && body.get("group").is_none());
        assert_eq!(e.add_roster_rows(vec![row(3)], e.created_at), None);
        assert_eq!(e.deliveries.len(), 2);
    }

    #[test]
    fn an_addition_is_signed_with_the_key_of_the_send_it_follows() {
        let dir = tempfile::tempdir().unwrap();
        for (mission, key) in [("khartoum", "key-of-khartoum"), ("cairo", "key-of-pwni")] {
            let (mut e, keys) = escalation(mission, dir.path());
            e.add_roster_rows(vec![row(3)], e.created_at);
            let hook = e
                .deliveries
                .iter()
                .find(|d| d.purpose == Purpose::Addition && d.route == Route::Webhook)
                .unwrap();
            assert_eq!(
                keys.for_delivery(&e, hook).unwrap(),
                key.as_bytes(),
                "{mission}"
            );
        }
    }

    #[test]
    fn a_row_of_an_inquiry_reads_its_phone_and_count() {
        let (missions, _) = directory(tempfile::tempdir().unwrap().path());
        let gazetteer = crate::triage::route::Gazetteer::new(&missions, &Default::default());
        let r = crate::escalate::roster::row(&inquiry(7, "WNI 7"), &gazetteer, None);
        assert_eq!(
            r,
            RosterRow {
                received_at: r.received_at,
                ..row(7)
            }
        );
    }
}
