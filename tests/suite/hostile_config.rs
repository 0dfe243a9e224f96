//! Attacks through configuration (issue #20, item 13 and "Configuration"),
//! against the real binary. Each test: the attack, what happened before,
//! what happens now.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::records_cli::{Desk, desk};

fn write_config(d: &Desk, text: &str) {
    std::fs::write(d.path("desk.toml"), text).unwrap();
}

fn x_source(token_file: &Path) -> String {
    format!(
        "[daemon]\nsocket = \"{}\"\n[[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\n\
         base_url = \"http://127.0.0.1:9\"\naccount_id = \"1\"\ntoken_file = \"{}\"\n\
         poll_secs = 3600\ntimeout_secs = 5\n",
        "/nonexistent/siaga.sock",
        token_file.display()
    )
}

fn private_token(d: &Desk, mode: u32) -> std::path::PathBuf {
    let path = d.path("x.token");
    std::fs::write(&path, "AAAA-token\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// Attack: a template with 8,000 unknown placeholders. Before: every
/// command paid 8.5 s at start (each problem located in the file on its
/// own). Now: one problem per text, naming five and counting the rest;
/// and any load reports at most 100 problems.
#[test]
fn thousands_of_unknown_placeholders_are_one_problem() {
    let d = desk();
    let slots: Vec<String> = (0..8000).map(|i| format!("{{x{i}}}")).collect();
    write_config(
        &d,
        &format!(
            "[[templates]]\nname = \"big\"\nid = \"\"\"{}\"\"\"\nen = \"ok\"\n",
            slots.join(" ")
        ),
    );
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{r:?}");
    assert!(lines[0].contains("desk.toml:3:"), "names its line: {r:?}");
    assert!(lines[0].contains("and 7995 more"), "{r:?}");
}

/// Attack: 300 templates without a name. Now: 100 problems, each with
/// its line, and a count of the rest.
#[test]
fn a_config_full_of_mistakes_reports_the_first_hundred() {
    let d = desk();
    let templates: String = (0..300)
        .map(|_| "[[templates]]\nname = \"\"\nid = \"a\"\nen = \"b\"\n")
        .collect();
    write_config(&d, &templates);
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stdout.lines().count(), 102, "{r:?}");
    assert!(r.stdout.contains("and 200 more problems"), "{r:?}");
    assert!(
        r.stdout
            .starts_with(&format!("{}:2:", d.path("desk.toml").display())),
        "{r:?}"
    );
}

/// Attack: a 50 MB config. Before: read and parsed by every command. Now:
/// refused by its size, before parsing.
#[test]
fn a_fifty_megabyte_config_is_refused_by_its_size() {
    let d = desk();
    let line = format!("# {}\n", "x".repeat(98));
    write_config(&d, &line.repeat(500_000));
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("at most 1048576"), "{r:?}");
}

/// Attack: a token file others may read, directly or through a symlink.
/// Before: `config check` said ok. Now: it names the key and the fix.
#[test]
fn config_check_refuses_a_token_file_others_can_read() {
    let d = desk();
    let token = private_token(&d, 0o644);
    let link = d.path("link.token");
    std::os::unix::fs::symlink(&token, &link).unwrap();
    for path in [&token, &link] {
        write_config(&d, &x_source(path));
        let r = d.run(&["config", "check"]);
        assert_eq!(r.code, 1, "{}: {r:?}", path.display());
        assert!(
            r.stdout.contains("[[sources]] kemlu-x token_file") && r.stdout.contains("chmod 600"),
            "{r:?}"
        );
    }
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    write_config(&d, &x_source(&token));
    d.ok(&["config", "check"]);
}

/// A source's token variable unset (or empty) where `config check` runs is
/// what `ingest` would stop at: said, with the source, beside every other
/// secret problem, and not "config ok". Set, the check passes.
#[test]
fn config_check_names_an_unset_token_variable() {
    let d = desk();
    let token = private_token(&d, 0o644);
    let text = x_source(&token)
        + "[[sources]]\nname = \"kemlu-masto\"\nkind = \"mastodon\"\n\
           base_url = \"http://127.0.0.1:9\"\ntoken_env = \"SIAGA_TEST_UNSET_TOKEN\"\n";
    write_config(&d, &text);
    for value in [None, Some("  ")] {
        let mut cmd = d.command(&["config", "check"]);
        match value {
            None => cmd.env_remove("SIAGA_TEST_UNSET_TOKEN"),
            Some(v) => cmd.env("SIAGA_TEST_UNSET_TOKEN", v),
        };
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.contains("[[sources]] kemlu-masto token_env")
                && stdout.contains("SIAGA_TEST_UNSET_TOKEN is not set"),
            "{stdout}"
        );
        assert!(
            stdout.contains("[[sources]] kemlu-x token_file"),
            "both at once: {stdout}"
        );
        assert!(!stdout.contains("config ok"), "{stdout}");
    }
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = d
        .command(&["config", "check"])
        .env("SIAGA_TEST_UNSET_TOKEN", "a-token")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// Attack: a mission's own webhook secret in a file others may read.
/// Before: a mission could not name its own secret (one key signed for
/// every mission). Now: `config check` looks at each mission's
/// webhook_secret_file too, names the mission's key and the fix.
#[test]
fn config_check_refuses_a_mission_secret_file_others_can_read() {
    let d = desk();
    let key = d.path("riyadh.key");
    std::fs::write(&key, "key-of-kbri-riyadh\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    write_config(
        &d,
        &format!(
            "[missions.riyadh]\nwebhook_url = \"https://desk.example/siaga\"\n\
             webhook_secret_file = \"{}\"\n",
            key.display()
        ),
    );
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("[missions.riyadh] webhook_secret_file")
            && r.stdout.contains("chmod 600"),
        "{r:?}"
    );
    assert!(!r.stdout.contains("key-of-kbri-riyadh"), "{r:?}");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    d.ok(&["config", "check"]);
}

/// Attack: the token file is a FIFO nobody writes. Before: `ingest` hung
/// forever reading it. Now: refused at once as not a plain file, by
/// `config check` and by `ingest --once`.
#[test]
fn a_token_file_that_is_a_fifo_never_hangs_ingest() {
    let d = desk();
    let fifo = d.path("x.token");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    write_config(&d, &x_source(&fifo));
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("not a plain file"), "{r:?}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_siaga"))
        .arg("--config")
        .arg(d.path("desk.toml"))
        .arg("--data-dir")
        .arg(&d.data)
        .args(["ingest", "--once"])
        .env("HOME", d.path("home"))
        .env("XDG_STATE_HOME", d.path("home").join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Generous: it returns at once now; before, it never returned.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("ingest --once hung on a FIFO token file");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let both = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(both.contains("not a plain file"), "{both}");
}

/// Attack: templates with an unbalanced brace, either way. Before (held):
/// refused with its line; now a test, so a raw `{` never reaches a
/// citizen.
#[test]
fn a_template_with_an_unbalanced_brace_is_named_at_its_line() {
    let d = desk();
    write_config(
        &d,
        "[[templates]]\nname = \"ok\"\nid = \"Halo {author_name}\"\nen = \"Hello {author_name}\"\n\n\
         [[templates]]\nname = \"open\"\nid = \"Halo {author_name\"\nen = \"Hello\"\n\n\
         [[templates]]\nname = \"stray\"\nid = \"Halo\"\nen = \"Hello author_name}\"\n",
    );
    let r = d.run(&["config", "check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("desk.toml:8:"),
        "the open brace's line: {r:?}"
    );
    assert!(
        r.stdout.contains("desk.toml:14:"),
        "the stray brace's line: {r:?}"
    );
    assert!(r.stdout.contains("`{` is never closed"), "{r:?}");
    assert!(r.stdout.contains("a lone `}`"), "{r:?}");
    assert!(
        !r.stdout.contains("desk.toml:3:"),
        "the good one is fine: {r:?}"
    );
}
