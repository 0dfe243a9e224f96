//! The gazetteer on a small directory of its own, and on the built-in one.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in mod.rs).

use super::*;
use crate::model::missions::{Country, Mission};

fn mission(kind: &str, city: &str, iso2: &str, covers: &[&str]) -> Mission {
    Mission {
        kind: kind.into(),
        city: city.into(),
        iso2: iso2.into(),
        covers: covers.iter().map(|s| s.to_string()).collect(),
        ..Mission::default()
    }
}

fn country(names: &[&str], mission: &str) -> Country {
    Country {
        names: names.iter().map(|s| s.to_string()).collect(),
        mission: mission.into(),
    }
}

/// A small directory, so these tests do not depend on missions.toml.
fn gazetteer() -> Gazetteer {
    let missions: Missions = [
        (
            "kualalumpur",
            mission("KBRI", "Kuala Lumpur", "MY", &["KL", "Selangor"]),
        ),
        (
            "tawau",
            mission("KRI", "Tawau", "MY", &["Semporna", "Lahad Datu"]),
        ),
        (
            "kotakinabalu",
            mission("KJRI", "Kota Kinabalu", "MY", &["Sabah", "Sandakan"]),
        ),
        (
            "yangon",
            mission("KBRI", "Yangon", "MM", &["Myawaddy", "KK Park"]),
        ),
        ("bangkok", mission("KBRI", "Bangkok", "TH", &["Mae Sot"])),
        (
            "phnompenh",
            mission("KBRI", "Phnom Penh", "KH", &["Sihanoukville"]),
        ),
        ("riyadh", mission("KBRI", "Riyadh", "SA", &["Dammam"])),
        (
            "jeddah",
            mission("KJRI", "Jeddah", "SA", &["Makkah", "Madinah"]),
        ),
        ("tokyo", mission("KBRI", "Tokyo", "JP", &[])),
        ("amman", mission("KBRI", "Amman", "JO", &[])),
        ("lima", mission("KBRI", "Lima", "PE", &[])),
        ("ptri-asean", mission("PTRI", "Jakarta", "ID", &[])),
        ("pwni", mission("DIT", "Jakarta", "ID", &["Indramayu"])),
        ("jenewa", mission("PTRI", "Geneva", "CH", &[])),
    ]
    .into_iter()
    .map(|(c, m)| (c.to_string(), m))
    .collect();
    let countries: Countries = [
        ("MY", country(&["Malaysia"], "kualalumpur")),
        ("MM", country(&["Myanmar"], "yangon")),
        ("TH", country(&["Thailand"], "bangkok")),
        ("KH", country(&["Kamboja", "Cambodia"], "phnompenh")),
        (
            "SA",
            country(&["Arab Saudi", "Saudi Arabia", "Arab"], "riyadh"),
        ),
        ("JP", country(&["Jepang", "Japan"], "tokyo")),
        ("JO", country(&["Jordan", "Yordania"], "amman")),
        ("PE", country(&["Peru"], "lima")),
    ]
    .into_iter()
    .map(|(c, m)| (c.to_string(), m))
    .collect();
    Gazetteer::new(&missions, &countries)
}

fn route(text: &str) -> Option<String> {
    gazetteer().suggest(text).map(|s| s.mission)
}

#[test]
fn a_place_names_its_mission_case_insensitively_as_a_whole_word() {
    assert_eq!(route("adik sy di SEMPORNA").as_deref(), Some("tawau"));
    assert_eq!(
        route("stuck in kuala lumpur").as_deref(),
        Some("kualalumpur")
    );
    assert_eq!(route("di Tawaunya"), None);
    assert_eq!(route("tolong min adik saya hilang kontak"), None);
}

#[test]
fn the_reason_names_the_place_as_written_and_the_mission() {
    let s = gazetteer()
        .suggest("sepupu sy dibawa ke Myawaddy, katanya kerja di Thailand")
        .unwrap();
    assert_eq!(s.mission, "yangon");
    assert_eq!(s.place, "Myawaddy");
    assert_eq!(s.reason, "Myawaddy (named as where they are) → KBRI Yangon");
    assert_eq!(s.others, vec!["Thailand (named as where they are)"]);
}

#[test]
fn where_they_are_beats_origin_and_transit() {
    assert_eq!(
        route("dari Malaysia dibawa ke Kamboja").as_deref(),
        Some("phnompenh")
    );
    let s = gazetteer()
        .suggest("transit via Thailand, now held in Myawaddy")
        .unwrap();
    assert_eq!(s.mission, "yangon");
    assert_eq!(s.others, vec!["Thailand (origin/transit)"]);
    // Named only as an origin: still suggested, saying so.
    let s = gazetteer().suggest("baru pulang dari Malaysia").unwrap();
    assert_eq!(s.reason, "Malaysia (origin/transit) → KBRI Kuala Lumpur");
}

#[test]
fn where_they_are_beats_where_they_are_going() {
    assert_eq!(
        route("ditawari kerja di Kamboja, berangkat lusa lewat Bali trus ke Bangkok").as_deref(),
        Some("phnompenh")
    );
}

#[test]
fn a_place_beats_a_country_and_wins_inside_the_country_named() {
    assert_eq!(
        route("kerja di Arab Saudi, sekarang kabur ke KBRI Riyadh").as_deref(),
        Some("riyadh")
    );
    let s = gazetteer()
        .suggest("saudara sy di Malaysia, ditahan polisi Tawau")
        .unwrap();
    assert_eq!(s.mission, "tawau");
    assert_eq!(
        s.reason,
        "Tawau (named; inside Malaysia, named as where they are) → KRI Tawau"
    );
}

#[test]
fn a_place_word_says_where_they_are() {
    assert_eq!(
        route("kerja di Sabah, daerah Tawau").as_deref(),
        Some("tawau")
    );
    assert_eq!(route("pulang dari kota Riyadh").as_deref(), Some("riyadh"));
    let s = gazetteer().suggest("pulang dari kota Riyadh").unwrap();
    assert_eq!(s.reason, "Riyadh (origin/transit) → KBRI Riyadh");
    assert_eq!(route("di kota Madinah").as_deref(), Some("jeddah"));
    assert_eq!(route("warga negara Malaysia"), route("WN Malaysia"));
}

#[test]
fn the_later_mention_wins_among_equals() {
    assert_eq!(
        route("dulu di Riyadh, sekarang di Makkah").as_deref(),
        Some("jeddah")
    );
    assert_eq!(
        route("dulu di Makkah, sekarang di Riyadh").as_deref(),
        Some("riyadh")
    );
}

#[test]
fn a_qualifying_region_does_not_outrank_the_town() {
    assert_eq!(route("ditahan di Tawau, Sabah").as_deref(), Some("tawau"));
    assert_eq!(route("kerja di Semporna Sabah").as_deref(), Some("tawau"));
    assert_eq!(
        route("held in Sihanoukville, Cambodia").as_deref(),
        Some("phnompenh")
    );
}

#[test]
fn kk_park_is_in_myanmar() {
    assert_eq!(route("ADIK SAYA DI KK PARK!!!").as_deref(), Some("yangon"));
    assert_eq!(route("kk sy di rumah"), None);
}

#[test]
fn handles_and_urls_are_not_places_but_a_mission_handle_is_a_weak_hint() {
    assert_eq!(
        route("@KBRIKualaLumpur adik sy di Makkah").as_deref(),
        Some("jeddah")
    );
    assert_eq!(route("info di bit.ly/Malaysia-jobs"), None);
    assert_eq!(route("cek https://example.com/Tawau"), None);
    let s = gazetteer()
        .suggest("@Kemlu_RI @KBRITokyo min paspor sy ilang di kereta")
        .unwrap();
    assert_eq!(s.mission, "tokyo");
    assert_eq!(s.place, "@KBRITokyo");
    assert_eq!(
        s.reason,
        "@KBRITokyo (addressed; no place named) → KBRI Tokyo"
    );
    assert_eq!(route("@Kemlu_RI mohon info"), None);
}

#[test]
fn ambiguous_words_need_a_place_word() {
    assert_eq!(route("kerja di Arab udh 3 thn").as_deref(), Some("riyadh"));
    assert_eq!(route("bisa bahasa Arab sedikit"), None);
    assert_eq!(route("majikan orang Arab"), None);
    assert_eq!(route("tlg kl bisa dibantu"), None);
    assert_eq!(route("sy di KL").as_deref(), Some("kualalumpur"));
    assert_eq!(route("my friend Jordan is missing"), None);
    assert_eq!(route("she works in Jordan").as_deref(), Some("amman"));
    assert_eq!(route("anak ke lima sy"), None);
    assert_eq!(route("di Lima, Peru").as_deref(), Some("lima"));
}

#[test]
fn missions_taking_no_cases_or_at_home_are_never_suggested() {
    assert_eq!(route("rapat di Geneva"), None);
    assert_eq!(route("sy di Jakarta"), None);
    assert_eq!(route("pulang ke Indramayu"), None);
}

#[test]
fn a_mission_named_is_not_an_origin() {
    let s = gazetteer()
        .suggest("ditahan polisi, tlg dibantu lewat KJRI Tawau")
        .unwrap();
    assert_eq!(s.reason, "Tawau (named) → KRI Tawau");
}

#[test]
fn folding_drops_accents_apostrophes_and_emphasis() {
    assert_eq!(fold("Sana'a"), "sanaa");
    assert_eq!(fold("Zürich"), "zurich");
    assert_eq!(fold("MALAYSIAAA!!"), "malaysia");
    assert_eq!(fold("Ras al-Khaimah"), "ras al khaimah");
    // An accent written apart (NFD) is part of its letter, not a break.
    assert_eq!(fold("Zu\u{308}rich"), "zurich");
    assert_eq!(fold("الرِّيَاض"), "الرياض");
    assert_eq!(
        route("TOLONGGG adik sy di MALAYSIAAAA").as_deref(),
        Some("kualalumpur")
    );
}

/// Every place and country name of the built-in directory routes to its
/// own mission: no phrase is shadowed by another mission's.
#[test]
fn every_builtin_place_and_country_routes_to_its_mission() {
    /// The built-in directory, as `config/missions.toml` ships it.
    #[derive(serde::Deserialize)]
    struct Directory {
        missions: crate::model::missions::Missions,
        #[serde(default)]
        countries: crate::model::missions::Countries,
    }
    let config: Directory = toml::from_str(include_str!("../../../config/missions.toml")).unwrap();
    let g = Gazetteer::new(&config.missions, &config.countries);
    let mut wrong = Vec::new();
    let masked: HashSet<String> = WORDS.names.masks.iter().map(|m| fold(m)).collect();
    let mut check = |phrase: &str, code: &str| {
        if masked.contains(&fold(phrase)) {
            return;
        }
        let got = g
            .suggest(&format!("adik sy di {phrase} tolong"))
            .map(|s| s.mission);
        if got.as_deref() != Some(code) {
            wrong.push(format!("{phrase:?}: {got:?}, not {code}"));
        }
    };
    for (code, m) in config.missions.iter().filter(|(_, m)| routable(m)) {
        for place in std::iter::once(&m.city).chain(&m.covers) {
            check(place, code);
        }
    }
    for c in config.countries.values() {
        for name in &c.names {
            check(name, &c.mission);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Indonesia is nobody's destination; the PTRI missions take no cases.
    assert!(!config.countries.contains_key("ID"));
    assert_eq!(g.suggest("rapat di Jakarta"), None);
    assert!(
        config
            .countries
            .values()
            .all(|c| config.missions[&c.mission].takes_cases())
    );
}

#[test]
fn places_named_lists_each_place_as_written_once() {
    let g = gazetteer();
    assert_eq!(
        g.places_named("kami di MYAWADDY, dekat Mae Sot, dari Thailand; myawaddy lagi"),
        ["MYAWADDY", "Mae Sot", "Thailand"]
    );
    // Handles and links are not places; a gated name needs its place word;
    // home towns are no place abroad.
    assert_eq!(
        g.places_named("@KBRITokyo https://x.com/Tawau/1 Jordan asal Indramayu"),
        Vec::<String>::new()
    );
    assert_eq!(g.places_named("kerja di Jordan"), ["Jordan"]);
}

#[test]
fn a_flag_routes_only_when_no_place_is_written() {
    let g = gazetteer();
    let s = g.suggest("😭🙏 🇸🇦🏠🔒 🛂❌ 💰❌ ✈️🇮🇩❓ 🆘").unwrap();
    assert_eq!(s.mission, "riyadh");
    assert_eq!(
        s.reason,
        "🇸🇦 → Arab Saudi (a flag; no place written) → KBRI Riyadh"
    );
    assert!(g.suggest("🇮🇩🇮🇩 ❤️").is_none(), "home names nothing");
    let s = g.suggest("🇸🇦 sy sekarang di Tokyo").unwrap();
    assert_eq!(s.mission, "tokyo", "the written place wins");
    let s = g.suggest("🇮🇩✈️🇯🇵 🇹🇭").unwrap();
    assert_eq!(
        (s.mission.as_str(), s.others.as_slice()),
        ("tokyo", &["🇹🇭 Thailand (a flag)".to_string()][..])
    );
}
