//! What the demo feed says once its seeds are told: new inquiries, made up
//! from parts (a person, a relative, a place, a trouble), one now and then,
//! so a demo left running shows a desk that moves, and never the same
//! person writing the same words again under a new id.

use super::Seed;

const NAMES: [&str; 12] = [
    "Rina Marlina",
    "Dedi Kurniawan",
    "Yuni Astuti",
    "Agus Salim",
    "Wulan Sari",
    "Fajar Nugroho",
    "Lestari Dewi",
    "Bambang Irawan",
    "Nur Aini",
    "Hendra Wijaya",
    "Ratna Sari",
    "Joko Susilo",
];

const PLACES: [&str; 13] = [
    "Riyadh",
    "Jeddah",
    "Dubai",
    "Kuala Lumpur",
    "Johor Bahru",
    "Taipei",
    "Hong Kong",
    "Seoul",
    "Osaka",
    "Doha",
    "Kuwait",
    "Phnom Penh",
    "Amman",
];

/// (Indonesian, English) words for the person written about.
const RELATIVES: [(&str, &str); 7] = [
    ("adik", "sister"),
    ("kakak", "brother"),
    ("suami", "husband"),
    ("istri", "wife"),
    ("anak", "son"),
    ("sepupu", "cousin"),
    ("ibu", "mother"),
];

/// (language, text with `{rel}` and `{place}`, category, priority).
const TROUBLES: [(&str, &str, &str, &str); 8] = [
    (
        "in",
        "@Kemlu_RI min, {rel} sy di {place} gajinya blm dibayar 3 bulan, mohon bantuan",
        "labour",
        "P2",
    ),
    (
        "in",
        "@Kemlu_RI paspor {rel} saya ditahan agen di {place}, tidak bisa pulang. tolong",
        "labour",
        "P2",
    ),
    (
        "in",
        "@Kemlu_RI tolong, {rel} saya hilang kontak sejak 2 minggu di {place}",
        "welfare",
        "P2",
    ),
    (
        "in",
        "@Kemlu_RI bagaimana cara perpanjang paspor {rel} saya di {place}? terima kasih",
        "documents",
        "P4",
    ),
    (
        "en",
        "@Kemlu_RI my {rel} was offered a job in {place} but they keep her locked in the house, please help",
        "trafficking",
        "P1",
    ),
    (
        "en",
        "@Kemlu_RI is the embassy in {place} open on Saturday? my {rel} needs a document legalised",
        "documents",
        "P4",
    ),
    (
        "in",
        "@Kemlu_RI {rel} saya kecelakaan kerja di {place}, sekarang di rumah sakit, majikan tidak mau tanggung",
        "labour",
        "P2",
    ),
    (
        "en",
        "@Kemlu_RI thank you to the team in {place} for helping my {rel} come home",
        "other",
        "P4",
    ),
];

/// The `n`th made-up inquiry (any `n`; neighbours differ in every part).
pub fn seed(n: u64) -> Seed {
    let pick = |len: usize, stride: u64| ((n.wrapping_mul(stride)) % len as u64) as usize;
    let name = NAMES[pick(NAMES.len(), 5)];
    let place = PLACES[pick(PLACES.len(), 7)];
    let (rel_id, rel_en) = RELATIVES[pick(RELATIVES.len(), 3)];
    let (lang, text, category, priority) = TROUBLES[pick(TROUBLES.len(), 1)];
    let rel = if lang == "en" { rel_en } else { rel_id };
    let first = name.split(' ').next().unwrap_or(name).to_lowercase();
    Seed {
        handle: format!("{first}_{n}"),
        name: name.to_string(),
        lang: lang.to_string(),
        channel: if n.is_multiple_of(5) {
            "private"
        } else {
            "public"
        }
        .to_string(),
        text: text.replace("{rel}", rel).replace("{place}", place),
        expect_priority: priority.to_string(),
        expect_category: category.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn made_up_inquiries_are_new_people_with_words_filled_in() {
        let made: Vec<Seed> = (60..300).map(seed).collect();
        let handles: BTreeSet<&str> = made.iter().map(|s| s.handle.as_str()).collect();
        assert_eq!(handles.len(), made.len(), "one person, one inquiry");
        let texts: BTreeSet<&str> = made.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.len() > 200, "{} distinct texts of 240", texts.len());
        for s in &made {
            assert!(!s.text.contains('{'), "{}", s.text);
            assert!(s.text.starts_with("@Kemlu_RI "), "{}", s.text);
        }
        assert!(made.iter().any(|s| s.channel == "private"));
        assert!(made.iter().any(|s| s.lang == "en") && made.iter().any(|s| s.lang == "in"));
    }
}
