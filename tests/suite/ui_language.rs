//! The desk in Bahasa Indonesia (#15): the same screens as `ui_snapshots`,
//! drawn with `[ui] language = "id"`, at 80x24 and 120x40; rebound keys
//! show in the Indonesian help and hints as in the English; the locale
//! chooses the language of a real `siaga demo` in a pseudo-terminal.

use crate::common;
use common::screen::{fits, plain as draw};

use insta::assert_snapshot;
use siaga::config::Config;
use siaga::i18n::Lang;
use siaga::ui::app::UiOptions;
use siaga::ui::keymap::Keymap;
use siaga::ui::{Action, Command, State, update};

use common::pty::Session;

fn state(lang: Lang, width: u16, height: u16, rows: u64) -> State {
    let mut options = UiOptions::from_config(&Config::defaults(), "alice", true, true);
    options.lang = lang;
    common::ui::screen_state(&options, width, height, rows)
}

#[test]
fn queue_80x24_in_indonesian() {
    let mut s = state(Lang::Id, 80, 24, 40);
    update(&mut s, Action::Command(Command::Down));
    let screen = draw(&s);
    assert!(screen.contains(" Masuk 40 "), "the Inbox tab:\n{screen}");
    assert!(screen.contains("ambil"), "the hints:\n{screen}");
    assert!(screen.contains("baru "), "the counts:\n{screen}");
    fits(&screen, 80);
    assert_snapshot!(screen);
}

#[test]
fn queue_120x40_in_indonesian() {
    let s = state(Lang::Id, 120, 40, 40);
    let screen = draw(&s);
    assert!(screen.contains("Milik saya"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn help_80x24_in_indonesian_comes_from_the_keymap() {
    let mut s = state(Lang::Id, 80, 24, 10);
    update(&mut s, Action::Command(Command::Help));
    let screen = draw(&s);
    assert!(screen.contains("Tombol (antrean)"), "{screen}");
    assert!(screen.contains("aduan berikutnya"), "{screen}");
    assert!(!screen.contains("next inquiry"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn empty_queue_80x24_in_indonesian() {
    let s = state(Lang::Id, 80, 24, 0);
    let screen = draw(&s);
    assert!(screen.contains("Kosong"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn rebound_keys_show_in_the_indonesian_help_and_hints() {
    let text = "[keys.queue]\nj = \"none\"\nn = \"down\"\n";
    let config = Config::from_user_text(text, "user.toml").unwrap();
    let mut s = state(Lang::Id, 80, 24, 5);
    s.keymap = Keymap::from_config(&config.keys);
    let screen = draw(&s);
    assert!(
        screen.contains(" n berikut"),
        "hint shows the new key:\n{screen}"
    );
    assert!(!screen.contains(" j berikut"), "{screen}");
    update(&mut s, Action::Command(Command::Help));
    let help = draw(&s);
    assert!(
        help.lines()
            .any(|l| l.contains(" n ") && l.contains("aduan berikutnya")),
        "{help}"
    );
}

#[test]
fn the_config_names_a_language_it_does_not_know_and_its_line() {
    let text = "[ui]\npage_size = 50\nlanguage = \"fr\"\n";
    let err = Config::from_user_text(text, "user.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("user.toml:3"), "names the line: {err}");
    assert!(err.contains("`id`") && err.contains("`en`"), "{err}");
    let config = Config::from_user_text("[ui]\nlanguage = \"id\"\n", "user.toml").unwrap();
    assert_eq!(config.ui.language, Some(Lang::Id));
}

#[test]
fn an_indonesian_locale_opens_the_demo_in_indonesian() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("demo.toml");
    std::fs::write(
        &config,
        "[demo]\ninitial = 30\nrelease_secs = 3600\npoll_secs = 1\n",
    )
    .unwrap();
    let data = home.path().join("queue");
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "demo",
    ];
    let mut s = Session::start_with_env(&args, home.path(), 80, 24, &[("LANG", "id_ID.UTF-8")]);
    let screen = s.wait_for("the Inbox in Indonesian", |sc| sc.contains(" Masuk 30 "));
    assert!(screen.contains("ambil"), "hints in Indonesian:\n{screen}");
    assert!(
        screen.contains("diambil"),
        "counts in Indonesian:\n{screen}"
    );
    s.keys("q");
    assert!(s.wait_exit().success());

    // `--lang en` overrides the locale for one run.
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("demo.toml");
    std::fs::write(
        &config,
        "[demo]\ninitial = 30\nrelease_secs = 3600\npoll_secs = 1\n",
    )
    .unwrap();
    let data = home.path().join("queue");
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "--lang",
        "en",
        "demo",
    ];
    let mut s = Session::start_with_env(&args, home.path(), 80, 24, &[("LANG", "id_ID.UTF-8")]);
    let screen = s.wait_for("the Inbox in English", |sc| sc.contains(" Inbox 30 "));
    assert!(screen.contains("claim"), "{screen}");
    s.keys("q");
    assert!(s.wait_exit().success());
}
