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
