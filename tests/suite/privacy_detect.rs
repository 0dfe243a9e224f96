//! Personal data on screen (#8): passport numbers, NIK, phones, e-mail
//! addresses and bank accounts are found in Indonesian and foreign
//! formats, ordinary numbers are left alone, and the masked text never
//! gives a value away.

use siaga::triage::privacy::{Personal, Span, find_personal, find_spans, mask, mask_personal};

use Personal::{BankAccount, Email, Nik, Passport, Phone};

/// The spans of `text` as (kind, the text they cover).
fn spans(text: &str, allowed: &[&str]) -> Vec<(Personal, String)> {
    find_spans(text, allowed)
        .into_iter()
        .map(|s| (s.kind, text[s.range].to_string()))
        .collect()
}

/// Every case: the text, and each piece of personal data in it.
const FOUND: &[(&str, &[(Personal, &str)])] = &[
    // Indonesian phones.
    ("hub +62 812-3456-7890", &[(Phone, "+62 812-3456-7890")]),
    ("hub 0812 3456 7890 ya", &[(Phone, "0812 3456 7890")]),
    ("hp 081234567890", &[(Phone, "081234567890")]),
    ("kantor (021) 5678 901", &[(Phone, "(021) 5678 901")]),
    ("kantor 021-5551234", &[(Phone, "021-5551234")]),
    ("wa 6281234567890", &[(Phone, "6281234567890")]),
    ("wa 62 812 3456 7890", &[(Phone, "62 812 3456 7890")]),
    ("WA: 0813.1111.2222", &[(Phone, "0813.1111.2222")]),
    ("WhatsApp +6281234567890", &[(Phone, "+6281234567890")]),
    ("chat wa.me/6281234567890", &[(Phone, "6281234567890")]),
    (
        "chat https://wa.me/+6281234567890?text=tolong",
        &[(Phone, "+6281234567890")],
    ),
    (
        "https://api.whatsapp.com/send?phone=6281234567890",
        &[(Phone, "6281234567890")],
    ),
    // Foreign phones.
    ("majikan +60 12-345 6789", &[(Phone, "+60 12-345 6789")]),
    ("majikan +966 50 123 4567", &[(Phone, "+966 50 123 4567")]),
    ("majikan +966501234567", &[(Phone, "+966501234567")]),
    ("agensi +886 912 345 678", &[(Phone, "+886 912 345 678")]),
    ("agensi +886-9-1234-5678", &[(Phone, "+886-9-1234-5678")]),
    ("employer +852 9123 4567", &[(Phone, "+852 9123 4567")]),
    ("employer +852-6123-4567", &[(Phone, "+852-6123-4567")]),
    ("call +1 (212) 555-0123", &[(Phone, "+1 (212) 555-0123")]),
    // NIK, with valid province codes.
    ("NIK 3171234567890123", &[(Nik, "3171234567890123")]),
    ("nik aceh 1101234567890001", &[(Nik, "1101234567890001")]),
    ("KTP 9471 0123 4567 0001", &[(Nik, "9471 0123 4567 0001")]),
    ("NIK 317401.234567.0001", &[(Nik, "317401.234567.0001")]),
    ("NIK 5201-0101-9000-0002", &[(Nik, "5201-0101-9000-0002")]),
    // Passports.
    ("paspor A1234567", &[(Passport, "A1234567")]),
    ("paspor B 1234567 ditahan", &[(Passport, "B 1234567")]),
    ("paspor X1234567", &[(Passport, "X1234567")]),
    ("paspor C5123456", &[(Passport, "C5123456")]),
    ("paspor lama AB123456", &[(Passport, "AB123456")]),
    ("Philippine passport P1234567A", &[(Passport, "P1234567A")]),
    ("old PH passport EB1234567", &[(Passport, "EB1234567")]),
    ("pasport Malaysia A12345678", &[(Passport, "A12345678")]),
    // E-mail addresses.
    (
        "email nur.aini+kbri@gmail.com",
        &[(Email, "nur.aini+kbri@gmail.com")],
    ),
    (
        "ke tki.hk@mail.yahoo.co.id.",
        &[(Email, "tki.hk@mail.yahoo.co.id")],
    ),
    (
        "Budi_Santoso@Outlook.COM",
        &[(Email, "Budi_Santoso@Outlook.COM")],
    ),
    // Indonesian bank accounts, by the words around them.
    ("rek BCA 1234567890", &[(BankAccount, "1234567890")]),
    (
        "no rekening mandiri 123-00-1234567-8",
        &[(BankAccount, "123-00-1234567-8")],
    ),
    ("BNI 0123456789 a/n Siti", &[(BankAccount, "0123456789")]),
    (
        "norek BRI 1234-01-012345-53-1",
        &[(BankAccount, "1234-01-012345-53-1")],
    ),
    (
        "transfer ke rekening 7001234567 (BSI)",
        &[(BankAccount, "7001234567")],
    ),
    ("a/n Siti Aminah 1234567890", &[(BankAccount, "1234567890")]),
    (
        "norek 3174012345670001 ya",
        &[(BankAccount, "3174012345670001")],
    ),
    // IBANs, mod-97 checked.
    (
        "IBAN DE89 3704 0044 0532 0130 00",
        &[(BankAccount, "DE89 3704 0044 0532 0130 00")],
    ),
    (
        "GB82WEST12345698765432",
        &[(BankAccount, "GB82WEST12345698765432")],
    ),
    (
        "GB82 WEST 1234 5698 7654 32 please",
        &[(BankAccount, "GB82 WEST 1234 5698 7654 32")],
    ),
    (
        "gaji ke SA03 8000 0000 6080 1016 7519",
        &[(BankAccount, "SA03 8000 0000 6080 1016 7519")],
    ),
    (
        "AE07 0331 2345 6789 0123 456",
        &[(BankAccount, "AE07 0331 2345 6789 0123 456")],
    ),
    // Several in one message, each its own span.
    (
        "paspor C1234567, NIK 3174012345670001, wa 0812-3456-7890, mail siti@gmail.com, rek BCA 1234567890",
        &[
            (Passport, "C1234567"),
            (Nik, "3174012345670001"),
            (Phone, "0812-3456-7890"),
            (Email, "siti@gmail.com"),
            (BankAccount, "1234567890"),
        ],
    ),
];

#[test]
fn finds_each_format() {
    for (text, expected) in FOUND {
        let expected: Vec<(Personal, String)> =
            expected.iter().map(|(k, v)| (*k, v.to_string())).collect();
        assert_eq!(spans(text, &[]), expected, "{text}");
    }
}

#[test]
fn ordinary_numbers_links_and_allowed_ones_are_not_personal() {
    for text in [
        "Rp 15.000.000",
        "Rp15000000",
        "gaji Rp 15.000.000.000",
        "transfer Rp 1.500.000.000 ke agen",
        "sudah transfer Rp 15000000000",
        "sudah transfer 2 kali tanggal 12/05/2024",
        "tanggal 12/05/2024",
        "12-05-2024 jam 08.00",
        "tahun 2024, 2025 dan 2026",
        "sejak 2019 2020 2021 2022",
        "rekening 12345",
        "BCA 2024",
        "https://x.com/a/status/1790000000000000000",
        "rek https://x.com/a/status/1790000000000000000",
        "lihat x.com/kemlu_ri/status/1790000000000000000",
        "tweet 1790000000000000000 sudah transfer",
        "rek BCA https://bank.example/akun/1234567890",
        "lihat https://kemlu.go.id/files/0812-3456-7890.pdf",
        "x.com/i/status/3174012345670001",
        "www.example.com/passport/A1234567",
        "1234567890",
        "NIK 9912345678901234",
        "@siti@mastodon.social tolong",
        "kirim ke pelindungan.riyadh@kemlu.go.id",
        "IBAN DE88 3704 0044 0532 0130 00",
        "GB83WEST12345698765432",
        "tiket no 1234567",
        "RT 005 RW 003",
        "kasus SIAGA-1234567",
    ] {
        assert_eq!(spans(text, &[]), vec![], "{text}");
    }
    let allowed = ["+62 812-9007-8008", "pelindungan@example.org"];
    for text in [
        "hotline +62 812-9007-8008",
        "hotline 0812 9007 8008 (24 jam)",
        "hotline +6281290078008",
        "tulis ke Pelindungan@Example.org",
    ] {
        assert_eq!(spans(text, &allowed), vec![], "{text}");
    }
    // Allowing the hotline does not allow the number beside it.
    assert_eq!(
        spans("hotline +62 812-9007-8008, Anda 0812-3456-7890", &allowed),
        vec![(Phone, "0812-3456-7890".to_string())]
    );
}

#[test]
fn the_better_explanation_wins() {
    // A mobile next to a bank word is a phone (e-wallets use them).
    assert_eq!(
        spans("transfer ke DANA 081234567890", &[]),
        vec![(Phone, "081234567890".to_string())]
    );
    // 16 digits named a NIK stay a NIK beside a bank word.
    assert_eq!(
        spans("sudah transfer, NIK saya 3174012345670001", &[]),
        vec![(Nik, "3174012345670001".to_string())]
    );
    // A landline-looking number next to a bank's name is its account.
    assert_eq!(
        spans("tf ke 0661234567 BCA", &[]),
        vec![(BankAccount, "0661234567".to_string())]
    );
    // The digits of an e-mail address are part of it.
    assert_eq!(
        spans("budi081234567890@gmail.com", &[]),
        vec![(Email, "budi081234567890@gmail.com".to_string())]
    );
    // A grouped NIK is not also a landline.
    assert_eq!(
        spans("NIK 3174 0123 4567 0001", &[]),
        vec![(Nik, "3174 0123 4567 0001".to_string())]
    );
}

#[test]
fn find_personal_names_each_kind_once_in_order() {
    assert_eq!(
        find_personal(
            "rek BCA 1234567890, siti@gmail.com, 0812-3456-7890, 0813-1111-2222, paspor C1234567",
            &[]
        ),
        vec![Passport, Phone, Email, BankAccount]
    );
    assert_eq!(Email.describe(), "an e-mail address");
    assert_eq!(BankAccount.describe(), "a bank account number");
}

#[test]
fn masks_as_documented() {
    for (text, masked) in [
        ("paspor A1234567", "paspor A1••••67"),
        ("paspor A12345678", "paspor A1•••••78"),
        ("paspor P1234567A", "paspor P1•••••7A"),
        ("paspor B 1234567", "paspor B 1••••67"),
        ("NIK 3174012345670001", "NIK 317•••••••••••01"),
        ("NIK 3174 0123 4567 0001", "NIK 317• •••• •••• ••01"),
        ("hp +62 812-3456-7890", "hp +62 812-••••-••90"),
        ("hp 081234567890", "hp 0812••••••90"),
        ("hp (021) 5678 901", "hp (021) •••• •01"),
        ("hp +852 9123 4567", "hp +852 91•• ••67"),
        ("hp +966 50 123 4567", "hp +966 50 ••• ••67"),
        ("hp +1 (212) 555-0123", "hp +1 (212) •••-••23"),
        ("wa.me/6281234567890", "wa.me/62812••••••90"),
        (
            "mail nur.aini+kbri@gmail.com",
            "mail n••••••••••••@gmail.com",
        ),
        ("mail bu@gmail.com", "mail ••@gmail.com"),
        ("rek BCA 1234567890 a/n Siti", "rek BCA 123•••••90 a/n Siti"),
        ("rek 123-00-1234567-8", "rek 123-••-••••••7-8"),
        ("GB82WEST12345698765432", "GB8•••••••••••••••••32"),
        ("tanpa data pribadi 2026", "tanpa data pribadi 2026"),
    ] {
        assert_eq!(mask_personal(text, &[]), masked, "{text}");
    }
    // The allowed hotline is not masked, the citizen's number is.
    assert_eq!(
        mask_personal(
            "hotline +62 812-9007-8008, Anda 0812-3456-7890",
            &["+62 812-9007-8008"]
        ),
        "hotline +62 812-9007-8008, Anda 0812-••••-••90"
    );
}

/// The longest run of digits left visible in `masked`, separators
/// (spaces, dashes, dots, brackets) skipped over.
fn longest_visible_digits(masked: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in masked.chars() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+') {
            run = 0;
        }
    }
    best
}

#[test]
fn a_masked_value_never_gives_itself_away() {
    for (text, expected) in FOUND {
        let found = find_spans(text, &[]);
        assert_eq!(found.len(), expected.len(), "{text}");
        for span in &found {
            let value = &text[span.range.clone()];
            let alone = mask(
                value,
                &[Span {
                    kind: span.kind,
                    range: 0..value.len(),
                }],
            );
            // As many characters, separators where they were.
            assert_eq!(alone.chars().count(), value.chars().count(), "{value}");
            // Separators where they were (an address's local part is
            // masked whole: its dots say too much).
            for (a, b) in value.chars().zip(alone.chars()) {
                if !a.is_alphanumeric() && (span.kind != Email || a == '@') {
                    assert_eq!(a, b, "{value} -> {alone}");
                }
            }
            assert_ne!(alone, value, "{value}");
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let compact: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
            let shown: String = alone.chars().filter(char::is_ascii_alphanumeric).collect();
            if span.kind == Email {
                // The domain is shown; of the local part, one character.
                let local = value.split('@').next().unwrap();
                assert!(!alone.contains(local), "{value} -> {alone}");
                assert!(alone.ends_with(&value[local.len()..]), "{value} -> {alone}");
                continue;
            }
            assert!(
                shown.len() * 2 <= compact.len() + phone_prefix_len(span.kind, value),
                "more than half shown: {value} -> {alone}"
            );
            assert!(
                longest_visible_digits(&alone) * 2 <= digits,
                "a run of more than half the digits: {value} -> {alone}"
            );
        }
        // In context too: nothing of the value left whole.
        let masked = mask(text, &found);
        for span in &found {
            assert!(
                !masked.contains(&text[span.range.clone()]),
                "{text} -> {masked}"
            );
        }
    }
}

/// The country code or trunk `0` a phone keeps on top of half its number.
fn phone_prefix_len(kind: Personal, value: &str) -> usize {
    if kind != Phone {
        return 0;
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let trunk = value.starts_with('0') || value.starts_with("(0");
    if trunk || digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if [
        "60", "62", "63", "65", "66", "81", "82", "86", "44", "49", "31", "33",
    ]
    .iter()
    .any(|p| digits.starts_with(p))
    {
        2
    } else {
        3
    }
}
