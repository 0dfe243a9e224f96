//! The rules a reply must pass before it may be queued: each platform's own
//! length count (held to Twitter's conformance vectors), the personal
//! numbers a public reply must never carry, the draft checks, and the
//! templates of the config.
//!
//! `tests/data/twitter-text/validate-weighted.json` holds the
//! `WeightedTweetsCounterTest` (config v2) and
//! `WeightedTweetsWithDiscountedEmojiCounterTest` (config v3) sections of
//! twitter-text's `conformance/validate.yml`, converted to JSON once
//! (Apache-2.0, see the LICENSE next to it).

use jiff::Timestamp;
use serde::Deserialize;
use siaga::config::{Config, ConfigErrors};
use siaga::model::{Arrival, Author, Channel, FollowUp, Inquiry, InquiryId, Priority};
use siaga::reply::compose::{
    DraftProblem, MissionContact, ReplyConfig, check_draft, covering_mission, default_channel,
    fit_channel, render_for, render_naming, target,
};
use siaga::reply::length::{mastodon_length, x_parse, x_weighted_length};
use siaga::reply::template::{Values, check_text, render};
use siaga::reply::{Lang, Platform, PlatformRules};
use siaga::triage::privacy::{Personal, find_personal};
use twitter_text::TwitterTextParseResults;

// ---------------------------------------------------------------------------
// 1. twitter-text conformance
// ---------------------------------------------------------------------------

const VALIDATE_WEIGHTED: &str = include_str!("../data/twitter-text/validate-weighted.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightedSections {
    #[serde(rename = "WeightedTweetsCounterTest")]
    v2: Vec<Vector>,
    #[serde(rename = "WeightedTweetsWithDiscountedEmojiCounterTest")]
    v3: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    description: String,
    text: String,
    expected: Expected,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Expected {
    weighted_length: i32,
    valid: bool,
    permillage: i32,
    display_range_start: i32,
    display_range_end: i32,
    valid_range_start: i32,
    valid_range_end: i32,
}

impl From<TwitterTextParseResults> for Expected {
    fn from(r: TwitterTextParseResults) -> Expected {
        Expected {
            weighted_length: r.weighted_length,
            valid: r.is_valid,
            permillage: r.permillage,
            display_range_start: r.display_text_range.start(),
            display_range_end: r.display_text_range.end(),
            valid_range_start: r.valid_text_range.start(),
            valid_range_end: r.valid_text_range.end(),
        }
    }
}

fn sections() -> WeightedSections {
    serde_json::from_str(VALIDATE_WEIGHTED).expect("validate-weighted.json parses")
}

/// Every vector whose parse differs from the expectation, described.
fn mismatches(vectors: &[Vector], parse: impl Fn(&str) -> TwitterTextParseResults) -> Vec<String> {
    vectors
        .iter()
        .filter_map(|v| {
            let got = Expected::from(parse(&v.text));
            (got != v.expected).then(|| {
                format!(
                    "{:?}\n    expected {:?}\n    got      {:?}",
                    v.description, v.expected, got
                )
            })
        })
        .collect()
}

#[test]
fn conformance_file_holds_both_sections() {
    let s = sections();
    assert_eq!(s.v2.len(), 20, "WeightedTweetsCounterTest vectors");
    assert_eq!(
        s.v3.len(),
        22,
        "WeightedTweetsWithDiscountedEmojiCounterTest vectors"
    );
    assert!(s.v3.iter().any(|v| v.description == "140 family emoji"));
}

#[test]
fn x_parse_matches_every_twitter_text_v3_vector() {
    let s = sections();
    let failures = mismatches(&s.v3, x_parse);
    assert!(
        failures.is_empty(),
        "{} of {} v3 (discounted emoji) vectors fail:\n{}",
        failures.len(),
        s.v3.len(),
        failures.join("\n")
    );
}

#[test]
fn x_weighted_length_is_the_v3_weighted_length() {
    let s = sections();
    let failures: Vec<String> =
        s.v3.iter()
            .filter(|v| x_weighted_length(&v.text) as i32 != v.expected.weighted_length)
            .map(|v| {
                format!(
                    "{:?}: expected {}, got {}",
                    v.description,
                    v.expected.weighted_length,
                    x_weighted_length(&v.text)
                )
            })
            .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn twitter_text_matches_every_v2_vector() {
    let s = sections();
    let failures = mismatches(&s.v2, |text| {
        twitter_text::parse(text, twitter_text_config::config_v2(), true)
    });
    assert!(
        failures.is_empty(),
        "{} of {} v2 vectors fail:\n{}",
        failures.len(),
        s.v2.len(),
        failures.join("\n")
    );
}

/// The harness bites: counted with config v2, the discounted-emoji (v3)
/// vectors must not all pass, or the v3 test proves nothing.
#[test]
fn v2_config_fails_the_v3_emoji_vectors() {
    let s = sections();
    let failures = mismatches(&s.v3, |text| {
        twitter_text::parse(text, twitter_text_config::config_v2(), true)
    });
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("\"140 family emoji\"")),
        "{failures:?}"
    );
}

#[test]
fn x_rules_measure_against_280() {
    let x = PlatformRules::x();
    assert_eq!(x.max, 280);
    let at_limit = x.measure(&"a".repeat(280));
    assert_eq!((at_limit.count, at_limit.fits), (280, true));
    let over = x.measure(&"a".repeat(281));
    assert_eq!((over.count, over.fits), (281, false));
    // CJK weighs 2; a URL 23 however long.
    assert_eq!(x.count(&"の".repeat(140)), 280);
    assert_eq!(
        x.count("lihat https://peduli.wni.kemlu.go.id/a/very/long/path/that/goes/on"),
        6 + 23
    );
}

// ---------------------------------------------------------------------------
// 2. Mastodon's count
// ---------------------------------------------------------------------------

#[test]
fn mastodon_counts_every_url_as_23() {
    assert_eq!(mastodon_length("https://a.co"), 23);
    assert_eq!(
        mastodon_length("https://peduli.wni.kemlu.go.id/a/very/long/path?with=query&and=more"),
        23
    );
    assert_eq!(mastodon_length("lihat http://x.co ya"), 6 + 23 + 3);
    assert_eq!(
        mastodon_length("a https://peduli.wni.kemlu.go.id b https://kemlu.go.id/x c"),
        2 + 23 + 3 + 23 + 2
    );
}

#[test]
fn mastodon_counts_remote_mentions_as_their_local_part() {
    assert_eq!(mastodon_length("@siti@mastodon.social"), "@siti".len());
    assert_eq!(
        mastodon_length("@siti@mastodon.social halo"),
        "@siti halo".len()
    );
    assert_eq!(
        mastodon_length("@siti@mastodon.social, halo"),
        "@siti, halo".len()
    );
    assert_eq!(
        mastodon_length("@siti@mastodon.social @budi@social.kemlu.go.id"),
        "@siti @budi".len()
    );
    // A local mention is counted as written.
    assert_eq!(mastodon_length("@siti halo"), 10);
    // An e-mail address is not a mention.
    assert_eq!(mastodon_length("siti@mastodon.social"), 20);
}

#[test]
fn mastodon_counts_graphemes() {
    assert_eq!(mastodon_length("👨‍👩‍👧‍👦"), 1, "family emoji");
    assert_eq!(mastodon_length("🇮🇩"), 1, "flag");
    assert_eq!(mastodon_length("👍🏽"), 1, "skin tone");
    assert_eq!(mastodon_length("e\u{301}"), 1, "combining accent");
    assert_eq!(mastodon_length("の"), 1, "CJK is not weighted");
    assert_eq!(mastodon_length("terima kasih 🙏🇮🇩"), 15);
    assert_eq!(mastodon_length(""), 0);
    assert_eq!(mastodon_length("a\n\nb"), 4);
}

#[test]
fn mastodon_limit_comes_from_the_instance() {
    assert_eq!(PlatformRules::mastodon(None).max, 500);
    let rules = PlatformRules::mastodon(Some(100));
    assert_eq!(rules.max, 100);
    let m = rules.measure(&"a".repeat(100));
    assert_eq!((m.count, m.max, m.fits), (100, 100, true));
    assert!(!rules.measure(&"a".repeat(101)).fits);
    // 100 family emoji are 100 characters; a long URL is 23.
    assert!(rules.measure(&"👨‍👩‍👧‍👦".repeat(100)).fits);
    assert!(!rules.measure(&"👨‍👩‍👧‍👦".repeat(101)).fits);
    let with_url = format!(
        "{} https://peduli.wni.kemlu.go.id/{}",
        "a".repeat(76),
        "p".repeat(200)
    );
    assert_eq!(rules.measure(&with_url).count, 100);
    assert!(rules.measure(&with_url).fits);
    assert!(!rules.measure("   ").fits, "blank never fits");
}

/// Mastodon finds URLs with twitter-text's extractor, which leaves
/// trailing punctuation out of the URL; siaga counts it into the 23.
#[test]
fn mastodon_counts_punctuation_after_a_url() {
    assert_eq!(
        mastodon_length("lihat https://peduli.wni.kemlu.go.id."),
        6 + 23 + 1
    );
    assert_eq!(mastodon_length("(https://a.co)"), 1 + 23 + 1);
    assert_eq!(mastodon_length("lihat https://a.co/x, ya"), 6 + 23 + 1 + 3);
}

// ---------------------------------------------------------------------------
// 3. Privacy
// ---------------------------------------------------------------------------

const HOTLINE: &str = "+62 812-9007-0027";

fn found(text: &str) -> Vec<Personal> {
    find_personal(text, &[])
}

#[test]
fn finds_indonesian_passports() {
    for text in [
        "paspor saya C1234567",
        "paspor B 9876543 ditahan majikan",
        "nomor paspor: c1234567",
        "paspor lama AB123456",
        "X1234567",
    ] {
        assert_eq!(found(text), vec![Personal::Passport], "{text}");
    }
}

#[test]
fn finds_niks_plain_and_grouped() {
    for text in [
        "NIK 3174012345670001",
        "NIK saya 317401 234567 0001",
        "NIK 317401.234567.0001",
    ] {
        assert_eq!(found(text), vec![Personal::Nik], "{text}");
    }
    // Grouped by fours, the NIK is refused in public too.
    for text in ["NIK 3174 0123 4567 0001", "NIK 3174.0123.4567.0001"] {
        assert!(!found(text).is_empty(), "{text}");
    }
}

#[test]
fn a_nik_grouped_by_fours_is_a_nik() {
    assert_eq!(found("NIK 3174 0123 4567 0001"), vec![Personal::Nik]);
    assert_eq!(found("NIK 3174.0123.4567.0001"), vec![Personal::Nik]);
    assert_eq!(found("NIK 3174-0123-4567-0001"), vec![Personal::Nik]);
}

#[test]
fn finds_indonesian_phones() {
    for text in [
        "hub 0812-3456-7890",
        "wa 081234567890",
        "wa +62 812 3456 7890",
        "+6281234567890",
        "kantor +62-21-5551234",
        "kantor 021-5551234",
    ] {
        assert_eq!(found(text), vec![Personal::Phone], "{text}");
    }
}

#[test]
fn finds_a_landline_with_its_area_code_in_parentheses() {
    assert_eq!(found("kantor (021) 555-1234"), vec![Personal::Phone]);
}

#[test]
fn finds_foreign_phones() {
    for text in [
        "call +60 12-345 6789",
        "majikan +966 50 123 4567",
        "+852 9123 4567",
    ] {
        assert_eq!(found(text), vec![Personal::Phone], "{text}");
    }
}

#[test]
fn finds_each_kind_once_in_fixed_order() {
    assert_eq!(
        found("0812-3456-7890 paspor C1234567 NIK 3174012345670001 wa 0813-1111-2222"),
        vec![Personal::Passport, Personal::Nik, Personal::Phone]
    );
}

#[test]
fn ordinary_numbers_are_not_personal() {
    for text in [
        "tahun 2026",
        "pada 2025 dan 2026",
        "sejak 2019 2020 2021 2022",
        "jam 15:30",
        "15:30 WIB",
        "pukul 08.00 - 16.00",
        "kasus SIAGA-42",
        "kasus SIAGA-1234567",
        "Rp 500.000",
        "gaji Rp 1.500.000 per bulan",
        "Rp 1.234.567.890",
        "tanggal 28/11/2026",
        "28-11-2026",
        "2026-11-28",
        "tanggal 28.11.2026",
        "UU 18/2017",
        "RT 005 RW 003",
        "PMI 2.000 orang",
        "iPhone 15 Pro",
        "kasus SIAGA-42, 15:30, 28/11/2026, Rp 500.000",
        "Silakan hubungi KBRI Kuala Lumpur, kasus SIAGA-42",
    ] {
        assert_eq!(found(text), vec![], "{text}");
    }
}

#[test]
fn prices_and_reference_numbers_without_dots_are_not_passports() {
    assert_eq!(found("gaji Rp 4500000 per bulan"), vec![]);
    assert_eq!(found("Rp500000"), vec![]);
    assert_eq!(found("tiket no 1234567"), vec![]);
}

#[test]
fn the_desks_own_numbers_are_allowed() {
    let allowed = [HOTLINE];
    assert_eq!(find_personal("Hotline +62 812-9007-0027", &allowed), vec![]);
    assert_eq!(
        find_personal("Hotline +62 812-9007-0027 (24 jam)", &allowed),
        vec![]
    );
    // Written with other separators it is the same number.
    assert_eq!(find_personal("Hotline +62 812 9007 0027", &allowed), vec![]);
    assert_eq!(find_personal("Hotline +6281290070027", &allowed), vec![]);
    // Not allowed, it is a phone like any other.
    assert_eq!(
        find_personal("Hotline +62 812-9007-0027", &[]),
        vec![Personal::Phone]
    );
    // Allowing the hotline does not allow the citizen's number next to it.
    assert_eq!(
        find_personal(
            "Hotline +62 812-9007-0027, nomor Anda 0812-3456-7890",
            &allowed
        ),
        vec![Personal::Phone]
    );
}

#[test]
fn the_allowed_hotline_in_running_text() {
    let allowed = [HOTLINE];
    assert_eq!(
        find_personal("hotline +62 812-9007-0027 24 jam", &allowed),
        vec![]
    );
    assert_eq!(find_personal("hubungi 0812-9007-0027", &allowed), vec![]);
}

// ---------------------------------------------------------------------------
// 4. Drafts
// ---------------------------------------------------------------------------

fn reply_config() -> ReplyConfig {
    Config::defaults().reply
}

fn now() -> Timestamp {
    "2026-11-28T03:00:00Z".parse().unwrap()
}

/// An inquiry as it arrives, in the style of `tests/common`'s builder
/// (not shared here: `common` pulls in the platform fakes).
fn inquiry(id: u64, channel: Channel, handle: &str) -> Inquiry {
    let arrival = Arrival {
        external_id: format!("18610000000000{id:05}"),
        conversation_id: None,
        in_reply_to: None,
        author: Author {
            handle: handle.into(),
            display_name: handle.to_uppercase(),
            platform_id: Some(format!("70000{id}")),
        },
        channel,
        text: "@Kemlu_RI tolong adik saya".into(),
        created_at: now(),
        lang: Some("in".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec!["labour: gaji, majikan".into()],
    };
    Inquiry::from_arrival(InquiryId(id), "demo", arrival, now())
}

fn public_inquiry(handle: &str) -> Inquiry {
    inquiry(1, Channel::Public, handle)
}

fn private_inquiry(handle: &str) -> Inquiry {
    inquiry(5, Channel::Private, handle)
}

fn check(
    text: &str,
    channel: Channel,
    inq: &Inquiry,
    rules: PlatformRules,
) -> Result<usize, DraftProblem> {
    check_draft(text, channel, inq, &rules, &reply_config(), None).map(|m| m.count)
}

#[test]
fn a_private_inquiry_refuses_a_public_reply() {
    let inq = private_inquiry("siti");
    for rules in [PlatformRules::x(), PlatformRules::mastodon(None)] {
        assert_eq!(
            check("Halo @siti, kami bantu", Channel::Public, &inq, rules),
            Err(DraftProblem::MustBePrivate)
        );
        assert!(check("Halo @siti, kami bantu", Channel::Private, &inq, rules).is_ok());
    }
}

#[test]
fn personal_data_is_refused_in_public_but_fine_in_private() {
    let inq = public_inquiry("siti");
    let cases = [
        (
            "Nomor Anda 0812-3456-7890 sudah kami catat",
            "a phone number",
        ),
        (
            "NIK 3174012345670001 sudah kami catat",
            "a NIK (national identity number)",
        ),
        ("Paspor C1234567 sudah kami catat", "a passport number"),
    ];
    for (body, what) in cases {
        let text = format!("@siti {body}");
        for rules in [PlatformRules::x(), PlatformRules::mastodon(None)] {
            assert_eq!(
                check(&text, Channel::Public, &inq, rules),
                Err(DraftProblem::PersonalData(what)),
                "{text}"
            );
            assert!(
                check(&text, Channel::Private, &inq, rules).is_ok(),
                "{text}"
            );
        }
    }
    let refused = check(cases[0].0, Channel::Public, &inq, PlatformRules::x()).unwrap_err();
    assert!(
        refused.to_string().contains("answer privately"),
        "{refused}"
    );
}

#[test]
fn the_desk_hotline_may_go_out_in_public() {
    let inq = public_inquiry("siti");
    let text = format!("Halo @siti, hubungi hotline {HOTLINE}.");
    assert!(check(&text, Channel::Public, &inq, PlatformRules::x()).is_ok());
}

#[test]
fn default_channel_follows_the_citizen_and_the_category() {
    let config = reply_config();
    assert!(
        config
            .private_categories
            .contains(&"trafficking".to_string())
    );
    assert!(!config.private_categories.contains(&"labour".to_string()));

    let mut inq = public_inquiry("siti");
    assert_eq!(default_channel(&inq, &config), Channel::Public);
    for category in &config.private_categories {
        inq.category = category.clone();
        assert_eq!(
            default_channel(&inq, &config),
            Channel::Private,
            "{category}"
        );
    }
    assert_eq!(
        default_channel(&private_inquiry("siti"), &config),
        Channel::Private
    );
}

#[test]
fn a_mastodon_direct_reply_must_mention_the_citizen() {
    let rules = PlatformRules::mastodon(None);
    for handle in ["siti", "siti@mastodon.social"] {
        let inq = private_inquiry(handle);
        let at = format!("@{handle}");
        let text = "Mohon kirim detail lewat pesan ini.".to_string();
        assert_eq!(
            check(&text, Channel::Private, &inq, rules),
            Err(DraftProblem::MissingMention(at.clone()))
        );
        let fitted = fit_channel(text.clone(), &inq, Channel::Private, Platform::Mastodon);
        assert_eq!(fitted, format!("{at} {text}"));
        assert!(
            check(&fitted, Channel::Private, &inq, rules).is_ok(),
            "{fitted}"
        );
        // Already mentioned (any case, with punctuation): left alone.
        for already in [
            format!("{at}, halo"),
            format!("Halo {}: ok", at.to_uppercase()),
        ] {
            assert_eq!(
                fit_channel(already.clone(), &inq, Channel::Private, Platform::Mastodon),
                already
            );
            assert!(
                check(&already, Channel::Private, &inq, rules).is_ok(),
                "{already}"
            );
        }
        // Public replies and X are not changed.
        assert_eq!(
            fit_channel(text.clone(), &inq, Channel::Public, Platform::Mastodon),
            text
        );
        assert_eq!(
            fit_channel(text.clone(), &inq, Channel::Private, Platform::X),
            text
        );
    }
}

#[test]
fn a_private_x_reply_needs_the_user_id() {
    let mut inq = private_inquiry("siti");
    assert!(check("Halo", Channel::Private, &inq, PlatformRules::x()).is_ok());
    inq.author.platform_id = None;
    assert_eq!(
        check("Halo", Channel::Private, &inq, PlatformRules::x()),
        Err(DraftProblem::NoRecipient)
    );
}

#[test]
fn an_x_direct_message_holds_ten_thousand_characters() {
    // X allows 10,000 characters in a DM; a post stays at 280 weighted.
    let inq = private_inquiry("siti");
    let x = PlatformRules::x();
    let long = "a".repeat(10_000);
    assert_eq!(check(&long, Channel::Private, &inq, x), Ok(10_000));
    assert_eq!(
        check(&"a".repeat(10_001), Channel::Private, &inq, x),
        Err(DraftProblem::TooLong {
            platform: "X",
            count: 10_001,
            max: 10_000
        })
    );
    // Characters, not weights: 5,000 CJK characters fit a DM.
    assert_eq!(
        check(&"の".repeat(5_000), Channel::Private, &inq, x),
        Ok(5_000)
    );
    // The same inquiry answered in public is held to 280.
    let public = public_inquiry("siti");
    assert!(check(&"a".repeat(281), Channel::Public, &public, x).is_err());
    // A Mastodon direct message is a status: the instance's limit.
    let m = PlatformRules::mastodon(None);
    assert!(check(&"a".repeat(501), Channel::Private, &inq, m).is_err());
}

#[test]
fn x_refuses_281_weighted_and_takes_280() {
    let inq = public_inquiry("siti");
    let x = PlatformRules::x();
    assert_eq!(check(&"a".repeat(280), Channel::Public, &inq, x), Ok(280));
    assert_eq!(
        check(&"a".repeat(281), Channel::Public, &inq, x),
        Err(DraftProblem::TooLong {
            platform: "X",
            count: 281,
            max: 280
        })
    );
    // Weighted: 140 CJK characters are 280, 141 are 282.
    assert_eq!(check(&"の".repeat(140), Channel::Public, &inq, x), Ok(280));
    assert_eq!(
        check(&"の".repeat(141), Channel::Public, &inq, x),
        Err(DraftProblem::TooLong {
            platform: "X",
            count: 282,
            max: 280
        })
    );
    // The same 281 characters are fine on Mastodon.
    assert_eq!(
        check(
            &"a".repeat(281),
            Channel::Public,
            &inq,
            PlatformRules::mastodon(None)
        ),
        Ok(281)
    );
}

#[test]
fn empty_is_refused() {
    let inq = public_inquiry("siti");
    for text in ["", "   ", "\n\t "] {
        for channel in [Channel::Public, Channel::Private] {
            for rules in [PlatformRules::x(), PlatformRules::mastodon(None)] {
                assert_eq!(
                    check(text, channel, &inq, rules),
                    Err(DraftProblem::Empty),
                    "{text:?}"
                );
            }
        }
    }
}

#[test]
fn every_builtin_template_renders_to_an_acceptable_draft() {
    let config = Config::defaults();
    let templates = config.templates();
    assert_eq!(
        templates.len(),
        builtin_template_count(),
        "every [[templates]] of config/templates.toml is checked"
    );
    let inq = public_inquiry("siti");
    for t in &templates {
        for lang in [Lang::Id, Lang::En] {
            for (platform, rules) in [
                (Platform::X, PlatformRules::x()),
                (Platform::Mastodon, PlatformRules::mastodon(None)),
            ] {
                for channel in [Channel::Public, Channel::Private] {
                    let text =
                        render_for(t, lang, &inq, "officer1", channel, platform, &config.reply);
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{}: {text}",
                        t.name
                    );
                    assert!(
                        check_draft(&text, channel, &inq, &rules, &config.reply, None).is_ok(),
                        "{} {lang:?} {platform:?} {channel:?}: {:?}\n{text}",
                        t.name,
                        check_draft(&text, channel, &inq, &rules, &config.reply, None)
                    );
                }
            }
        }
    }
}

#[test]
fn render_for_fills_placeholders_from_the_inquiry_and_config() {
    let config = Config::defaults();
    let inq = public_inquiry("siti");
    let hotline = config
        .templates()
        .into_iter()
        .find(|t| t.name == "hotline")
        .expect("built-in hotline template");
    let text = render_for(
        &hotline,
        Lang::En,
        &inq,
        "o1",
        Channel::Public,
        Platform::X,
        &config.reply,
    );
    assert!(text.starts_with("Hello @siti,"), "{text}");
    assert!(text.contains(&config.reply.hotline), "{text}");
    assert!(
        text.contains(&format!("{}{}", config.reply.case_prefix, inq.id)),
        "{text}"
    );
    assert!(text.contains("SIAGA-1"), "{text}");
}

#[test]
fn target_answers_the_latest_post() {
    let mut inq = public_inquiry("siti");
    let t = target(&inq);
    assert_eq!(t.in_reply_to, inq.external_id);
    assert_eq!(t.recipient_id, inq.author.platform_id);
    assert_eq!(t.recipient_handle, "siti");
    inq.followups.push(FollowUp {
        external_id: "1861999".into(),
        text: "ada kabar?".into(),
        created_at: now(),
        received_at: now(),
    });
    assert_eq!(target(&inq).in_reply_to, "1861999");
}

// ---------------------------------------------------------------------------
// 5. Templates in the config
// ---------------------------------------------------------------------------

const FILE: &str = "user.toml";

fn errors(text: &str) -> ConfigErrors {
    match Config::from_user_text(text, FILE) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e,
    }
}

/// Every problem as `file:line: message`.
fn shown(e: &ConfigErrors) -> Vec<String> {
    e.0.iter().map(ToString::to_string).collect()
}

/// How many templates `config/templates.toml` ships, counted in the file
/// itself, so a loop over the loaded ones cannot pass by seeing none.
fn builtin_template_count() -> usize {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/config/templates.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let count = text.lines().filter(|l| l.trim() == "[[templates]]").count();
    assert!(count > 0, "{path} holds no [[templates]]");
    count
}

#[test]
fn every_builtin_template_passes() {
    Config::from_user_text("", "x").expect("defaults with the built-in templates are valid");
    let templates = Config::defaults().templates();
    assert_eq!(templates.len(), builtin_template_count());
    for t in templates {
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(
                check_text(t.text(lang)),
                Vec::<siaga::i18n::Said>::new(),
                "{} {lang:?}",
                t.name
            );
        }
    }
}

#[test]
fn an_unknown_placeholder_names_its_line() {
    let text = "\
# my templates

[[templates]]
name = \"custom\"
id = \"Halo {author}, hubungi {mision_name}\"
en = \"Hello {author}\"
";
    let e = errors(text);
    let all = shown(&e);
    assert_eq!(all.len(), 1, "{e}");
    assert!(all[0].starts_with("user.toml:5: "), "{e}");
    assert!(
        all[0].contains("unknown placeholder `{mision_name}`"),
        "{e}"
    );
    assert!(
        all[0].contains("{mission_name}"),
        "suggests the known ones: {e}"
    );
}

#[test]
fn a_user_template_replaces_the_builtin_of_its_name() {
    let builtin = Config::defaults().templates();
    let text = "\
[[templates]]
name = \"thanks\"
id = \"Terima kasih {author}!\"
en = \"Thanks {author}!\"

[[templates]]
name = \"extra\"
id = \"Halo {author}\"
en = \"Hello {author}\"
";
    let config = Config::from_user_text(text, FILE).expect("valid");
    let all = config.templates();
    assert_eq!(all.len(), builtin.len() + 1);
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    let builtin_names: Vec<&str> = builtin.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(&names[..builtin.len()], &builtin_names[..], "order kept");
    assert_eq!(names.last(), Some(&"extra"));
    let thanks: Vec<_> = all.iter().filter(|t| t.name == "thanks").collect();
    assert_eq!(thanks.len(), 1);
    assert_eq!(thanks[0].id, "Terima kasih {author}!");
    assert_eq!(thanks[0].en, "Thanks {author}!");
}

#[test]
fn a_template_too_long_for_x_once_rendered_is_reported() {
    // 250 characters as written, but {author_name} can be 50 more.
    let en = format!("{} {{author_name}}", "a".repeat(249));
    assert!(x_weighted_length(&en) <= 280);
    let text = format!("[[templates]]\nname = \"long\"\nid = \"Halo {{author}}\"\nen = \"{en}\"\n");
    let e = errors(&text);
    let all = shown(&e);
    assert_eq!(all.len(), 1, "{e}");
    assert!(all[0].starts_with("user.toml:4: "), "{e}");
    assert!(all[0].contains("`long` (en)"), "{e}");
    assert!(all[0].contains("X's 280"), "{e}");
}

#[test]
fn a_template_too_long_for_the_configured_mastodon_limit_is_reported() {
    let text = format!(
        "[reply]\nmastodon_max_characters = 100\n\n[[templates]]\nname = \"t\"\nid = \"{}\"\nen = \"ok\"\n",
        "a".repeat(150)
    );
    let e = errors(&text);
    let mine: Vec<String> = shown(&e)
        .into_iter()
        .filter(|p| p.starts_with("user.toml"))
        .collect();
    assert_eq!(mine.len(), 1, "{e}");
    assert!(mine[0].starts_with("user.toml:6: "), "{e}");
    assert!(mine[0].contains("Mastodon's 100"), "{e}");
}

#[test]
fn a_template_missing_a_language_is_reported() {
    let text = "\
# c

[[templates]]
name = \"custom\"
id = \"Halo {author}\"
";
    let e = errors(text);
    let all = shown(&e);
    assert_eq!(all.len(), 1, "{e}");
    assert!(all[0].starts_with("user.toml:3: "), "{e}");
    assert!(all[0].contains("template `custom` has no `en` text"), "{e}");
}

#[test]
fn broken_braces_and_duplicate_names_are_reported() {
    let text = "\
[[templates]]
name = \"t\"
id = \"Halo {author\"
en = \"Hello }\"

[[templates]]
name = \"t\"
id = \"a\"
en = \"b\"
";
    let e = errors(text);
    let all = shown(&e);
    assert_eq!(all.len(), 3, "{e}");
    assert!(
        all[0].starts_with("user.toml:3: ") && all[0].contains("never closed"),
        "{e}"
    );
    assert!(
        all[1].starts_with("user.toml:4: ") && all[1].contains("lone `}`"),
        "{e}"
    );
    assert!(
        all[2].starts_with("user.toml:7: ") && all[2].contains("two templates are named `t`"),
        "{e}"
    );
}

#[test]
fn doubled_braces_are_literal() {
    let v = Values {
        author: "@siti".into(),
        case_ref: "SIAGA-7".into(),
        ..Values::default()
    };
    assert_eq!(render("{{case_ref}}", &v), "{case_ref}");
    assert_eq!(render("{{{case_ref}}}", &v), "{SIAGA-7}");
    assert_eq!(render("a }} b {{", &v), "a } b {");
    assert_eq!(
        render("{author} {{mision_name}}", &v),
        "@siti {mision_name}"
    );
    assert!(check_text("{{mision_name}}").is_empty());
    assert!(check_text("{{{case_ref}}}").is_empty());
    assert!(check_text("}}{{").is_empty());
    assert!(check_text("{{{mision_name}}}")[0].contains("unknown placeholder `{mision_name}`"));
    // An unknown placeholder is kept as written, never dropped.
    assert_eq!(render("Halo {mision_name}", &v), "Halo {mision_name}");
}

/// `{mission_name}` and `{mission_hotline}` name the mission that covers
/// the case: the one escalated to, else the one the text names, when the
/// deployment gave it a hotline; else the central desk. Its hotline may
/// go out in public.
#[test]
fn mission_placeholders_follow_the_covering_mission() {
    let config = Config::from_user_text(
        "[missions.riyadh]\nhotline = \"+966 11 488 2800\"\n",
        "user.toml",
    )
    .unwrap();
    let gazetteer = siaga::triage::route::Gazetteer::new(&config.missions, &config.countries);
    let mut inq = public_inquiry("siti");
    inq.text = "@Kemlu_RI adik sy kerja di Riyadh, gaji blm dibayar".into();
    let mission = covering_mission(&inq, &config.missions, &gazetteer);
    assert_eq!(
        mission,
        Some(MissionContact {
            name: "KBRI Riyadh".into(),
            hotline: "+966 11 488 2800".into(),
        })
    );
    let templates = config.templates();
    let template = templates
        .iter()
        .find(|t| t.name == "mission_contact")
        .unwrap();
    let text = render_naming(
        template,
        Lang::Id,
        &inq,
        "siti",
        Channel::Public,
        Platform::X,
        &config.reply,
        mission.as_ref(),
    );
    assert!(text.contains("KBRI Riyadh di +966 11 488 2800"), "{text}");
    let rules = PlatformRules::x();
    assert!(
        check_draft(
            &text,
            Channel::Public,
            &inq,
            &rules,
            &config.reply,
            mission.as_ref()
        )
        .is_ok(),
        "the mission's own hotline may go out in public: {text}"
    );
    assert_eq!(
        check_draft(&text, Channel::Public, &inq, &rules, &config.reply, None),
        Err(DraftProblem::PersonalData(Personal::Phone.describe())),
        "without the mission, the number is just a phone number"
    );
    // A mission without a hotline is not named: the central desk is.
    let mut taipei = inq.clone();
    taipei.text = "@Kemlu_RI sy di Taichung, agensi tahan paspor".into();
    assert_eq!(
        covering_mission(&taipei, &config.missions, &gazetteer),
        None
    );
    // No place named: the central desk.
    let mut nowhere = inq.clone();
    nowhere.text = "@Kemlu_RI mohon info cara perpanjang paspor".into();
    assert_eq!(
        covering_mission(&nowhere, &config.missions, &gazetteer),
        None
    );
}
