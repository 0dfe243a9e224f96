//! The shell completions and the manual page come from the one clap
//! definition (issue #13): every command `siaga --help` lists is in both,
//! and neither needs a config or a store.

use std::process::Command;

fn siaga(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_siaga"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("nowhere"))
        .output()
        .unwrap();
    assert!(out.status.success(), "siaga {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The commands `siaga --help` lists.
fn commands() -> Vec<String> {
    let help = siaga(&["--help"]);
    let listed: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(listed.len() > 20, "{help}");
    listed
}

#[test]
fn every_command_has_a_completion_in_each_shell() {
    let commands = commands();
    for shell in ["bash", "zsh", "fish"] {
        let script = siaga(&["completions", shell]);
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell}: no `{c}`");
        }
    }
    assert!(siaga(&["completions", "bash"]).contains("complete -F _siaga"));
}

#[test]
fn the_manual_page_documents_every_command_and_its_options() {
    let page = siaga(&["man"]);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..200]
    );
    assert!(page.contains(".TH siaga 1"), "a section-1 page");
    for c in commands() {
        assert!(
            page.contains(&format!(".SH \"SIAGA {}\"", c.to_uppercase())),
            "no section for `{c}`"
        );
    }
    for option in [
        "\\-\\-template",
        "\\-\\-data\\-dir",
        "\\-\\-replace",
        "\\-\\-key",
    ] {
        assert!(page.contains(option), "{option}");
    }
}
