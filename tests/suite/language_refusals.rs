//! The desk's refusals in Bahasa Indonesia (#15): a rule said no deep in
//! the store or the records steward, and the officer reads it in their
//! language through the real binary, the English run unchanged.

use crate::records_cli::{desk, ingest};

/// A restore over a store, a salvage into one, a salvage of none: each
/// refusal in `--lang id`, nothing of its English left; in English as it
/// always read.
#[test]
fn the_stores_refusals_speak_the_officers_language() {
    let d = desk();
    d.seed(|q| ingest(q, &[("g1", "warga_a", "paspor saya hilang")]));
    let backup = d.path("siaga.backup");
    d.ok(&["backup", backup.to_str().unwrap()]);

    let id = d.run(&["--lang", "id", "restore", backup.to_str().unwrap()]);
    assert_ne!(id.code, 0, "{id:?}");
    assert!(
        id.stderr
            .contains("sudah berisi penyimpanan; tambahkan --replace untuk memindahkannya"),
        "{id:?}"
    );
    assert!(!id.stderr.contains("already holds"), "{id:?}");
    let en = d.run(&["restore", backup.to_str().unwrap()]);
    assert!(
        en.stderr
            .contains("already holds a store; add --replace to move it aside (it is kept)"),
        "{en:?}"
    );

    let into = d.data.to_str().unwrap();
    let id = d.run(&["--lang", "id", "salvage", "--into", into]);
    assert_ne!(id.code, 0, "{id:?}");
    assert!(
        id.stderr
            .contains("sudah berisi penyimpanan; selamatkan data ke direktori baru"),
        "{id:?}"
    );
    let en = d.run(&["salvage", "--into", into]);
    assert!(
        en.stderr
            .contains("already holds a store; salvage into a new directory"),
        "{en:?}"
    );
}

/// A refusal carrying another sentence ("not queued: ...") says both in
/// the reader's language, through the store's error as any caller gets it.
#[test]
fn a_refusal_inside_a_refusal_is_said_whole() {
    use siaga::i18n::Lang;
    use siaga::model::Channel;
    use siaga::queue::QueueService;
    use siaga::reply::ReplyRequest;
    let d = desk();
    let refused = d.seed(|q| {
        let ids = ingest(q, &[("g2", "warga_b", "tolong bantu")]);
        q.queue_reply(
            ReplyRequest {
                inquiry: ids[0],
                channel: Channel::Public,
                lang: siaga::model::Lang::Id,
                template: None,
                text: "   ".into(),
            },
            "ana",
            None,
        )
        .unwrap_err()
    });
    assert_eq!(refused.to_string(), "not queued: the reply is empty");
    assert_eq!(
        refused.describe(Lang::Id),
        "tidak diantrekan: balasan masih kosong"
    );
}

/// `siaga config check` in `--lang id`: each problem after its FILE:LINE
/// in Bahasa Indonesia; in English as it always read.
#[test]
fn config_check_speaks_the_officers_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("desk.toml");
    std::fs::write(&config, "[ui]\npage_size = 5\n").unwrap();
    let check = |lang: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_siaga"))
            .args(["--lang", lang, "--config", config.to_str().unwrap()])
            .args(["config", "check"])
            .env("HOME", dir.path())
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let id = check("id");
    assert!(
        id.contains(":2: ui.page_size = 5 di luar rentang; gunakan 20 sampai 10000"),
        "{id}"
    );
    let en = check("en");
    assert!(
        en.contains(":2: ui.page_size = 5 is out of range; use 20 to 10000"),
        "{en}"
    );
}
