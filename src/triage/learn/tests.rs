use super::*;

fn abbrev() -> BTreeMap<String, String> {
    crate::triage::Lexicon::builtin().abbreviations().clone()
}

fn example(text: &str, priority: Priority, category: &str, tags: &[&str]) -> Example {
    Example {
        text: text.to_string(),
        priority,
        category: Some(category.to_string()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

/// A desk where officers raise every message about crew stuck on a
/// fishing boat to P1, tag it `abk`, and leave paperwork questions at P4.
fn desk() -> Vec<Example> {
    let boats = [
        "adik saya abk di kapal ikan taiwan sudah 3 bulan tidak digaji",
        "suami saya abk kapal ikan, paspor ditahan kapten",
        "abk indonesia di kapal china tidak boleh turun ke darat",
        "kakak saya kerja di kapal ikan, kontak putus sejak minggu lalu",
        "tolong abk kapal ikan korea dipukul mandor",
        "anak saya abk di kapal ikan somalia, makan tidak cukup",
        "kapal ikan tempat sepupu saya kerja tidak pulang pulang",
        "abk kapal ikan dari tegal minta dipulangkan",
    ];
    let papers = [
        "mohon info syarat perpanjang paspor di KBRI Tokyo",
        "jam buka layanan paspor KJRI Jeddah hari sabtu?",
        "bagaimana cara lapor diri online untuk pelajar",
        "syarat legalisir ijazah di KBRI Kuala Lumpur apa saja",
        "apakah bisa perpanjang paspor lewat pos",
        "info biaya paspor elektronik di KBRI Seoul",
    ];
    let mut out = Vec::new();
    for round in 0..3 {
        for b in boats {
            out.push(example(
                &format!("{b} {round}"),
                Priority::P1,
                "labour",
                &["abk"],
            ));
        }
        for p in papers {
            out.push(example(p, Priority::P4, "consular_info", &[]));
        }
    }
    out
}

#[test]
fn officers_raising_one_kind_of_message_is_learned_with_the_words_that_drove_it() {
    let model = Model::train(&desk(), &abbrev(), Timestamp::UNIX_EPOCH).unwrap();
    let s = model.suggest(
        "bapak saya abk kapal ikan di fiji, gaji tidak dibayar",
        &abbrev(),
    );
    assert_eq!(s.priority, Priority::P1, "{s:?}");
    assert!(s.confidence > RAISE_CONFIDENCE, "{s:?}");
    assert_eq!(s.category.as_deref(), Some("labour"));
    assert_eq!(s.tags, vec!["abk".to_string()]);
    assert!(
        s.words
            .iter()
            .any(|w| w.contains("abk") || w.contains("kapal")),
        "{s:?}"
    );
    let calm = model.suggest("info perpanjang paspor di KBRI Tokyo", &abbrev());
    assert_eq!(calm.priority, Priority::P4, "{calm:?}");
    assert!(calm.tags.is_empty());
}

#[test]
fn raise_only_raises_and_only_when_sure() {
    let sure = Learned {
        priority: Priority::P1,
        confidence: 0.9,
        category: None,
        tags: vec![],
        words: vec![],
    };
    assert_eq!(Model::raises(&sure, Priority::P3), Some(Priority::P1));
    assert_eq!(Model::raises(&sure, Priority::P1), None);
    let calm = Learned {
        priority: Priority::P4,
        ..sure.clone()
    };
    assert_eq!(Model::raises(&calm, Priority::P2), None, "never lowers");
    let unsure = Learned {
        confidence: 0.5,
        ..sure
    };
    assert_eq!(Model::raises(&unsure, Priority::P3), None);
}

#[test]
fn numbers_handles_and_links_are_never_features() {
    let f = features(
        "@budi_88 paspor B1234567 no 0812345678 https://t.co/x tolong 🆘🆘",
        &abbrev(),
    );
    assert!(
        f.iter().all(|x| !x.chars().any(|c| c.is_ascii_digit())),
        "{f:?}"
    );
    assert!(
        f.iter().all(|x| !x.contains("budi") && !x.contains("t.co")),
        "{f:?}"
    );
    assert!(f.contains(&"tolong".to_string()), "{f:?}");
    assert!(f.contains(&"🆘".to_string()), "{f:?}");
    assert_eq!(
        f.iter().filter(|x| *x == "🆘").count(),
        1,
        "each feature once"
    );
}

#[test]
fn text_without_spaces_is_read_in_character_pairs() {
    let f = features("我的妹妹被困", &abbrev());
    assert!(f.contains(&"被困".to_string()), "{f:?}");
}

#[test]
fn a_word_seen_once_is_not_kept() {
    let mut examples = desk();
    examples[0].text.push_str(" sutrisnowati");
    let model = Model::train(&examples, &abbrev(), Timestamp::UNIX_EPOCH).unwrap();
    assert!(!model.features.iter().any(|f| f.contains("sutrisnowati")));
}

#[test]
fn too_few_decisions_train_nothing() {
    let few = &desk()[..5];
    assert_eq!(
        Model::train(few, &abbrev(), Timestamp::UNIX_EPOCH).unwrap_err(),
        TrainProblem::TooFew {
            examples: 5,
            needed: MIN_EXAMPLES
        }
    );
}

#[test]
fn the_stored_form_suggests_the_same() {
    let model = Model::train(&desk(), &abbrev(), Timestamp::UNIX_EPOCH).unwrap();
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    let text = "abk kapal ikan tidak digaji";
    assert_eq!(
        model.suggest(text, &abbrev()),
        back.suggest(text, &abbrev())
    );
    assert!(Model::from_bytes(b"{\"broken\"").is_err());
}

#[test]
fn evaluation_gives_precision_and_recall_per_class() {
    let examples = desk();
    let (train, held): (Vec<_>, Vec<_>) = examples
        .into_iter()
        .enumerate()
        .partition(|(i, _)| i % 4 != 0);
    let train: Vec<Example> = train.into_iter().map(|(_, e)| e).collect();
    let held: Vec<Example> = held.into_iter().map(|(_, e)| e).collect();
    let model = Model::train(&train, &abbrev(), Timestamp::UNIX_EPOCH).unwrap();
    let eval = model.evaluate(&held, &abbrev());
    assert_eq!(eval.held_out, held.len());
    let p1 = eval.priority.iter().find(|c| c.class == "P1").unwrap();
    assert!(p1.support > 0);
    assert_eq!(p1.recall, Some(1.0), "{eval:?}");
    assert_eq!(p1.precision, Some(1.0), "{eval:?}");
    let p2 = eval.priority.iter().find(|c| c.class == "P2").unwrap();
    assert_eq!((p2.support, p2.recall), (0, None));
}
