//! `siaga --help` and the errors a command ends with, in Bahasa Indonesia
//! (#15), in the real binary: `--lang id` or an Indonesian locale asks for
//! it before anything is parsed. English is clap's own derive output,
//! unchanged, and the English catalog's `help-*` messages are exactly its
//! texts, so one walk of the command tree finds a text left untranslated.

use std::process::{Command, Stdio};

use clap::CommandFactory;
use siaga::cli::{Cli, help_command, help_texts};
use siaga::i18n::{CATALOG_EN, CATALOG_ID, Lang, message_ids};

use crate::records_cli::{desk, ingest};

/// `siaga ARGS` with the locale `lang` and nothing else of the machine's
/// (no config, no terminal width), HOME in `home`: what it printed and
/// how it ended.
fn siaga_in(home: &std::path::Path, args: &[&str], lang: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_siaga"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("nowhere"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `siaga_in` a fresh home: its standard output, which must be a success.
fn siaga(args: &[&str], lang: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = siaga_in(home.path(), args, lang);
    assert!(out.status.success(), "siaga {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lang_id_asks_for_the_help_in_indonesian() {
    let long = siaga(&["--lang", "id", "--help"], "C.UTF-8");
    for words in [
        "siaga: meja piket untuk aduan Pelindungan WNI.",
        "Mengambil sebutan dan pesan pribadi",
        "Bahasa meja piket kali ini",
        "Jawab aduan dengan templat",
        "Tombol di UI: j/k atau panah pindah",
        "Istilah pencarian: tag: status:",
    ] {
        assert!(long.contains(words), "missing {words:?} in\n{long}");
    }
    for english in ["Fetches mentions", "Keys in the UI", "Answer an inquiry"] {
        assert!(!long.contains(english), "{english:?} in\n{long}");
    }
    let short = siaga(&["--lang=id", "-h"], "en_GB.UTF-8");
    assert!(
        short.contains("Meja piket di terminal bagi petugas piket"),
        "{short}"
    );
    let after = siaga(&["--help", "--lang", "id"], "C.UTF-8");
    assert_eq!(after, long, "`--lang` after `--help` counts too");
}

#[test]
fn an_indonesian_locale_asks_for_indonesian_argument_help() {
    for args in [&["reply", "--help"][..], &["help", "reply"]] {
        let help = siaga(args, "id_ID.UTF-8");
        for words in [
            "Jawab aduan dengan templat, lewat kotak keluar.",
            "Nama templat (lihat config/templates.toml)",
            "Lama maksimum mencoba ulang sebelum menyerahkannya ke kotak keluar",
            // A global option, in every command's help.
            "Tempat antrean disimpan",
        ] {
            assert!(
                help.contains(words),
                "{args:?}: missing {words:?} in\n{help}"
            );
        }
        assert!(!help.contains("The template's name"), "{help}");
    }
    let nested = siaga(&["outbox", "send", "--help"], "id_ID.UTF-8");
    assert!(nested.contains("Lama maksimum mencoba ulang"), "{nested}");
    let told = siaga(&["--lang", "en", "reply", "--help"], "id_ID.UTF-8");
    assert!(
        told.contains("The template's name (see config/templates.toml)"),
        "`--lang en` wins over the locale:\n{told}"
    );
}

/// clap's own words around the texts are Indonesian too: the headings,
/// its flags, `[default: ..]`, its `help` command.
#[test]
fn claps_own_words_are_indonesian_too() {
    let long = siaga(&["--lang", "id", "--help"], "C.UTF-8");
    let short = siaga(&["--lang", "id", "-h"], "C.UTF-8");
    let reply = siaga(&["reply", "--help"], "id_ID.UTF-8");
    for (help, words) in [
        (&long, "Penggunaan: siaga [OPTIONS] [COMMAND]"),
        (&long, "\nPerintah:\n"),
        (&long, "\nOpsi:\n"),
        (&long, "Tampilkan bantuan (ringkasnya dengan '-h')"),
        (&long, "Tampilkan versi"),
        (
            &long,
            "Tampilkan bantuan ini atau bantuan perintah yang disebut",
        ),
        (&short, "Tampilkan bantuan (lebih lengkap dengan '--help')"),
        (&reply, "\nArgumen:\n"),
        (&reply, "[bawaan: 30]"),
    ] {
        assert!(help.contains(words), "missing {words:?} in\n{help}");
    }
    for help in [&long, &short, &reply] {
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "Print version",
            "[default:",
        ] {
            assert!(!help.contains(english), "{english:?} in\n{help}");
        }
    }
    assert_eq!(
        siaga(&["--lang", "id", "-V"], "C.UTF-8"),
        siaga(&["-V"], "C.UTF-8")
    );
}

/// English is what clap makes of the derive, byte for byte (the width is
/// clap's default without a terminal).
#[test]
fn the_english_help_is_claps_own() {
    let mut command = Cli::command().term_width(100);
    assert_eq!(
        siaga(&["--help"], "C.UTF-8"),
        command.render_long_help().to_string()
    );
    assert_eq!(siaga(&["-h"], "C.UTF-8"), command.render_help().to_string());
    assert_eq!(
        siaga(&["--help"], "en_US.UTF-8"),
        siaga(&["--lang", "en", "--help"], "id_ID.UTF-8")
    );
    assert_eq!(
        help_command(Lang::En).render_long_help().to_string(),
        Cli::command().render_long_help().to_string()
    );
}

/// Each text of the tree, with the path to it, for a readable failure.
fn each_text(command: &clap::Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
    let here = |what: &str| format!("{path} {what}");
    assert!(
        command.get_before_help().is_none()
            && command.get_before_long_help().is_none()
            && command.get_after_long_help().is_none(),
        "{path}: a text `help.rs` does not translate"
    );
    out.push((here("about"), command.get_about().map(|s| s.to_string())));
    out.push((
        here("long_about"),
        command.get_long_about().map(|s| s.to_string()),
    ));
    out.push((
        here("after_help"),
        command.get_after_help().map(|s| s.to_string()),
    ));
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = arg.get_id();
        out.push((
            here(&format!("{id} help")),
            arg.get_help().map(|s| s.to_string()),
        ));
        out.push((
            here(&format!("{id} long_help")),
            arg.get_long_help().map(|s| s.to_string()),
        ));
    }
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        each_text(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[test]
fn every_text_of_the_help_has_its_indonesian_message_and_english_is_claps() {
    let (id_ids, en_ids) = (message_ids(CATALOG_ID), message_ids(CATALOG_EN));
    let texts = help_texts();
    assert!(texts.len() > 80, "{texts:?}");
    for (name, english) in &texts {
        let id = format!("help-{name}");
        assert!(id_ids.contains(&id), "{id} is not in id/help.ftl");
        assert!(en_ids.contains(&id), "{id} is not in en/help.ftl");
        assert_eq!(
            &Lang::En.member("help", name),
            english,
            "{id} in en/help.ftl is not the derive's text (args.rs)"
        );
    }
    let (mut en, mut id) = (Vec::new(), Vec::new());
    // Built, as the Indonesian one is: with clap's own flags and `help`.
    let mut built = Cli::command();
    built.build();
    each_text(&built, "siaga", &mut en);
    each_text(&help_command(Lang::Id), "siaga", &mut id);
    assert_eq!(en.len(), id.len(), "the same tree");
    let mut about = 0;
    for ((place, english), (same_place, indonesian)) in en.iter().zip(&id) {
        assert_eq!(place, same_place);
        match (english, indonesian) {
            (None, None) => {}
            // An argument without words but with a default says it.
            (None, Some(indonesian)) if indonesian.starts_with("[bawaan: ") => {}
            (Some(english), Some(indonesian)) => {
                assert!(
                    !indonesian.starts_with("help-"),
                    "{place}: no message {indonesian}"
                );
                assert_ne!(english, indonesian, "{place}: left in English");
                about += usize::from(place.ends_with(" about"));
            }
            _ => panic!("{place}: {english:?} became {indonesian:?}"),
        }
    }
    let commands = en.iter().filter(|(p, _)| p.ends_with(" about")).count();
    assert_eq!(about, commands, "every command has an about, translated");
}

/// `siaga --lang id show 99999`: the store's error in Bahasa Indonesia;
/// English as it always was. A rule's refusal is said in the catalog's
/// words too (`said!`).
#[test]
fn a_commands_error_is_said_in_the_officers_language() {
    let d = desk();
    let ids = d.seed(|q| ingest(q, &[("h1", "warga_a", "paspor saya hilang")]));
    let missing = d.run(&["--lang", "id", "show", "99999"]);
    assert_ne!(missing.code, 0, "{missing:?}");
    assert_eq!(
        missing.stderr, "siaga: aduan 99999 tidak ada\n",
        "{missing:?}"
    );
    let missing = d.run(&["show", "99999"]);
    assert_ne!(missing.code, 0, "{missing:?}");
    assert_eq!(
        missing.stderr, "siaga: inquiry 99999 does not exist\n",
        "{missing:?}"
    );
    let id = ids[0].to_string();
    let refused = d.run(&["--lang", "id", "close", &id, "--reason", " "]);
    assert_ne!(refused.code, 0, "{refused:?}");
    assert_eq!(
        refused.stderr, "siaga: menutup perlu alasan\n",
        "{refused:?}"
    );
    let refused = d.run(&["close", &id, "--reason", " "]);
    assert_eq!(
        refused.stderr, "siaga: closing needs a reason\n",
        "{refused:?}"
    );
}

/// `siaga` with what an officer might mistype, under an Indonesian locale:
/// clap's parse errors and the TOML reader's said in Bahasa Indonesia,
/// still naming the argument, the value and the line; exit 2 and 1 as in
/// English, where clap's and the reader's wording are kept.
#[test]
fn a_mistyped_command_line_or_config_is_said_in_indonesian() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], lang: &str| siaga_in(home.path(), args, lang);
    let typo = run(&["lisst"], "id_ID.UTF-8");
    assert_eq!(typo.status.code(), Some(2), "{typo:?}");
    let said = String::from_utf8_lossy(&typo.stderr);
    assert!(
        said.starts_with("kesalahan: perintah 'lisst' tidak dikenal"),
        "{said}"
    );
    assert!(
        said.contains("'list'") && said.contains("Penggunaan: siaga"),
        "{said}"
    );
    let english = run(&["lisst"], "C.UTF-8");
    assert_eq!(english.status.code(), Some(2));
    let english = String::from_utf8_lossy(&english.stderr);
    assert!(
        english.contains("unrecognized subcommand 'lisst'"),
        "{english}"
    );

    let config = home.path().join("desk.toml");
    std::fs::write(
        &config,
        "[ui]\nlanguag = \"id\"\n[reply]\ngroup_pace_x_secs = \"lima\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let bad = run(&["--config", config, "config", "check"], "id_ID.UTF-8");
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    let said =
        String::from_utf8_lossy(&bad.stderr).to_string() + &String::from_utf8_lossy(&bad.stdout);
    assert!(
        said.contains("desk.toml:2: kunci `languag` tidak dikenal"),
        "{said}"
    );
    assert!(
        said.contains("desk.toml:4: teks \"lima\" bukan jenis nilai"),
        "{said}"
    );
    assert!(
        !said.contains("unknown field") && !said.contains("invalid type"),
        "{said}"
    );

    // A config that types but means something wrong: each check's words.
    let meaning = home.path().join("meaning.toml");
    std::fs::write(
        &meaning,
        "[ui]\ntimezone = \"Asia/Atlantis\"\n[keys.queue]\nj = \"dwon\"\n\
         [[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\nbase_url = \"https://api.x.com\"\n\
         poll_secs = 0\n",
    )
    .unwrap();
    let bad = run(
        &["--config", meaning.to_str().unwrap(), "config", "check"],
        "id_ID.UTF-8",
    );
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    let said =
        String::from_utf8_lossy(&bad.stderr).to_string() + &String::from_utf8_lossy(&bad.stdout);
    for indonesian in [
        "`Asia/Atlantis` bukan zona waktu",
        "tindakan `dwon` tidak dikenal",
        "sumber ini tidak punya token",
        "poll_secs paling sedikit 1",
    ] {
        assert!(said.contains(indonesian), "{indonesian}: {said}");
    }
}
