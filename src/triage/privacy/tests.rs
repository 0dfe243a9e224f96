//! Detection and masking: tables of what is found and what is not,
//! masks as the officer sees them, and invariants on random text.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in mod.rs).

use super::*;

#[test]
fn finds_indonesian_formats() {
    assert_eq!(
        find_personal("paspor saya C1234567", &[]),
        vec![Personal::Passport]
    );
    assert_eq!(
        find_personal("NIK 3174012345670001", &[]),
        vec![Personal::Nik]
    );
    assert_eq!(
        find_personal("hub 0812-3456-7890", &[]),
        vec![Personal::Phone]
    );
    assert_eq!(
        find_personal("wa +62 812 3456 7890", &[]),
        vec![Personal::Phone]
    );
    assert_eq!(
        find_personal("call +60 12-345 6789", &[]),
        vec![Personal::Phone]
    );
}

#[test]
fn plain_text_and_allowed_numbers_pass() {
    assert!(find_personal("Silakan hubungi KBRI Kuala Lumpur, kasus SIAGA-42", &[]).is_empty());
    assert!(find_personal("Hotline +62 812-9007-0027", &["+62 812-9007-0027"]).is_empty());
    assert!(find_personal("KBRI +966 11 488 2800", &["+966 11 488 2800"]).is_empty());
    assert_eq!(
        find_personal("KBRI +966 11 488 2800", &["+62 812-9007-0027"]),
        vec![Personal::Phone]
    );
    assert!(find_personal("tahun 2026, 15 menit", &[]).is_empty());
}

/// Each (text, kind, the exact text of the span) is found as that one
/// span and nothing else.
#[test]
fn detection_table() {
    let cases: &[(&str, Personal, &str)] = &[
        // Indonesian phones.
        (
            "hub +62 812-3456-7890 ya",
            Personal::Phone,
            "+62 812-3456-7890",
        ),
        ("hub 0812 3456 7890 ya", Personal::Phone, "0812 3456 7890"),
        ("hub 081234567890 ya", Personal::Phone, "081234567890"),
        ("kantor (021) 5678 901", Personal::Phone, "(021) 5678 901"),
        ("wa 6281234567890", Personal::Phone, "6281234567890"),
        ("WA: 0812-3456-7890", Personal::Phone, "0812-3456-7890"),
        (
            "chat wa.me/6281234567890 ya",
            Personal::Phone,
            "6281234567890",
        ),
        (
            "https://api.whatsapp.com/send?phone=6281234567890&text=halo",
            Personal::Phone,
            "6281234567890",
        ),
        ("0812-3456-7890 24 jam", Personal::Phone, "0812-3456-7890"),
        // Foreign phones.
        (
            "majikan +60 12-345 6789",
            Personal::Phone,
            "+60 12-345 6789",
        ),
        (
            "majikan +966 55 123 4567",
            Personal::Phone,
            "+966 55 123 4567",
        ),
        ("agen +886 912 345 678", Personal::Phone, "+886 912 345 678"),
        ("+852 9123 4567 (HK)", Personal::Phone, "+852 9123 4567"),
        (
            "call +1 (555) 123-4567",
            Personal::Phone,
            "+1 (555) 123-4567",
        ),
        // NIK.
        ("NIK 3174012345670001", Personal::Nik, "3174012345670001"),
        (
            "ktp 3201 0123 4567 0002.",
            Personal::Nik,
            "3201 0123 4567 0002",
        ),
        (
            "nik 510101-010190-0001",
            Personal::Nik,
            "510101-010190-0001",
        ),
        // Passports.
        ("paspor A1234567", Personal::Passport, "A1234567"),
        ("paspor B 1234567 ditahan", Personal::Passport, "B 1234567"),
        ("paspor X1234567", Personal::Passport, "X1234567"),
        ("paspor C5123456", Personal::Passport, "C5123456"),
        (
            "Philippine passport P1234567A",
            Personal::Passport,
            "P1234567A",
        ),
        (
            "Malaysian passport A12345678",
            Personal::Passport,
            "A12345678",
        ),
        // E-mail.
        (
            "email budi.santoso+kbri@gmail.com ya",
            Personal::Email,
            "budi.santoso+kbri@gmail.com",
        ),
        (
            "ke siti_88@mail.student.ui.ac.id.",
            Personal::Email,
            "siti_88@mail.student.ui.ac.id",
        ),
        // Bank accounts.
        (
            "rek BCA 1234567890 a/n Siti",
            Personal::BankAccount,
            "1234567890",
        ),
        (
            "no rekening mandiri 123-00-1234567-8",
            Personal::BankAccount,
            "123-00-1234567-8",
        ),
        ("tf ke 0661234567 BCA", Personal::BankAccount, "0661234567"),
        (
            "BRI 1234 5678 9012 345 a/n Budi",
            Personal::BankAccount,
            "1234 5678 9012 345",
        ),
        (
            "norek 3174012345670001",
            Personal::BankAccount,
            "3174012345670001",
        ),
        (
            "IBAN DE89 3704 0044 0532 0130 00 ya",
            Personal::BankAccount,
            "DE89 3704 0044 0532 0130 00",
        ),
        (
            "iban GB82WEST12345698765432",
            Personal::BankAccount,
            "GB82WEST12345698765432",
        ),
        (
            "SA03 8000 0000 6080 1016 7519 BCA",
            Personal::BankAccount,
            "SA03 8000 0000 6080 1016 7519",
        ),
    ];
    for &(text, kind, value) in cases {
        let spans = find_spans(text, &[]);
        let got: Vec<(Personal, &str)> = spans
            .iter()
            .map(|s| (s.kind, &text[s.range.clone()]))
            .collect();
        assert_eq!(got, vec![(kind, value)], "{text}");
    }
}

#[test]
fn negatives_table() {
    for text in [
        "Rp 15.000.000",
        "Rp15000000",
        "transfer Rp 1.500.000.000 kemarin",
        "transfer Rp 15000000000 ke agen",
        "gaji Rp 15.000.000.000 setahun",
        "tanggal 12/05/2024",
        "tahun 2024 dan 2025",
        "https://x.com/a/status/1790000000000000000",
        "lihat x.com/a/status/1790000000000000000 dan transfer",
        "rek https://bank.example/1234567890123",
        "tweet 1790000000000000000 sudah transfer",
        "@siti@mastodon.social tolong",
        "kirim ke pelindungan@kemlu.go.id",
        "sejak 2019 2020 2021 2022",
        "NIK 9912345678901234",
        "pukul 08.00 - 16.00",
        "1234567890",
        "IBAN DE88 3704 0044 0532 0130 00",
        "GB83WEST12345698765432",
        "RT 005 RW 003",
    ] {
        assert_eq!(find_spans(text, &[]), vec![], "{text}");
    }
}

#[test]
fn a_nik_named_as_such_beats_a_bank_word() {
    let text = "sudah transfer, NIK saya 3174012345670001";
    assert_eq!(find_personal(text, &[]), vec![Personal::Nik]);
}

#[test]
fn a_mobile_beats_a_bank_word_an_email_beats_its_digits() {
    assert_eq!(
        find_personal("transfer ke DANA 081234567890", &[]),
        vec![Personal::Phone]
    );
    assert_eq!(
        find_personal("budi081234567890@gmail.com", &[]),
        vec![Personal::Email]
    );
}

#[test]
fn allowed_email_and_hotline_pass() {
    assert_eq!(
        find_spans(
            "tulis ke Desk@Example.org atau +62 812-9007-8008",
            &["desk@example.org", "+62 812-9007-8008"]
        ),
        vec![]
    );
}

#[test]
fn masking_table() {
    for (text, masked) in [
        ("paspor A1234567", "paspor A1••••67"),
        ("paspor A12345678", "paspor A1•••••78"),
        ("paspor P1234567A", "paspor P1•••••7A"),
        ("paspor B 1234567", "paspor B 1••••67"),
        ("NIK 3174012345670001", "NIK 317•••••••••••01"),
        ("hp +62 812-3456-7890", "hp +62 812-••••-••90"),
        ("hp 081234567890", "hp 0812••••••90"),
        ("hp 0812 3456 7890", "hp 0812 •••• ••90"),
        ("hp (021) 5678 901", "hp (021) •••• •01"),
        ("hp +852 9123 4567", "hp +852 91•• ••67"),
        ("hp +60 12-345 6789", "hp +60 12-••• ••89"),
        ("wa 6281234567890", "wa 62812••••••90"),
        ("mail budi.santoso@gmail.com", "mail b•••••••••••@gmail.com"),
        ("mail bu@gmail.com", "mail ••@gmail.com"),
        ("rek BCA 1234567890", "rek BCA 123•••••90"),
        ("rek 123-00-1234567-8", "rek 123-••-••••••7-8"),
        ("DE89 3704 0044 0532 0130 00", "DE8• •••• •••• •••• •••• 00"),
    ] {
        assert_eq!(mask_personal(text, &[]), masked, "{text}");
    }
}

/// Random text made of what personal data is made of never panics; its
/// spans are sorted, apart, on character boundaries, and masked one
/// character for one.
#[test]
fn random_text_keeps_the_invariants() {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "6",
        "8",
        "9",
        "12",
        "62",
        "0812",
        "3174",
        "+",
        "+62",
        " ",
        " ",
        "-",
        ".",
        ",",
        "/",
        "(",
        ")",
        "@",
        "a",
        "B",
        "DE",
        "GB82",
        "rek ",
        "BCA ",
        "NIK ",
        "é",
        "ü",
        "•",
        "\u{212A}",
        "x.com/",
        "https://",
        "wa.me/",
        "gmail.com",
        "a/n ",
        "Rp",
        "\u{a0}",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..2000 {
        let len = next(40);
        let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        let spans = find_spans(&text, &["+62 812-9007-8008"]);
        for pair in spans.windows(2) {
            assert!(pair[0].range.end <= pair[1].range.start, "{text:?}");
        }
        for s in &spans {
            assert!(s.range.start < s.range.end, "{text:?}");
            assert!(text.is_char_boundary(s.range.start), "{text:?}");
            assert!(text.is_char_boundary(s.range.end), "{text:?}");
        }
        // One character for one: the screen layout does not move.
        let masked = mask(&text, &spans);
        assert_eq!(masked.chars().count(), text.chars().count(), "{text:?}");
        for s in &spans {
            let value = &text[s.range.clone()];
            if value.bytes().filter(u8::is_ascii_digit).count() >= 8 {
                assert_ne!(mask_value(s.kind, value), value, "{text:?}");
            }
        }
    }
}

#[test]
fn masking_copes_with_odd_spans() {
    let text = "é 1234567890 ü";
    let spans = [
        Span {
            kind: Personal::BankAccount,
            range: 4..14,
        },
        Span {
            kind: Personal::BankAccount,
            range: 1..6,
        },
        Span {
            kind: Personal::Phone,
            range: 100..200,
        },
    ];
    // Widened to whole characters, the second span masked from where
    // the first ended, the one past the end ignored.
    assert_eq!(mask(text, &spans), "é ••34•••••0 ü");
}
