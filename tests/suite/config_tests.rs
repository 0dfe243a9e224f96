//! Integration tests of configuration loading: defaults, merging, and that
//! every mistake is reported with its file and line, all at once.

use std::path::Path;

use siaga::config::{Config, ConfigErrors};

const FILE: &str = "user.toml";

fn errors(text: &str) -> ConfigErrors {
    match Config::from_user_text(text, FILE) {
        Ok(c) => panic!("expected errors for:\n{text}\ngot {c:#?}"),
        Err(e) => e,
    }
}

/// Lines the problems were reported at.
fn lines(e: &ConfigErrors) -> Vec<Option<usize>> {
    e.0.iter().map(|p| p.line).collect()
}

/// The problem reported at `line`, with its full Display.
fn at_line(e: &ConfigErrors, line: usize) -> String {
    let hits: Vec<String> =
        e.0.iter()
            .filter(|p| p.line == Some(line))
            .map(|p| p.to_string())
            .collect();
    assert!(
        !hits.is_empty(),
        "no problem reported at line {line}; got:\n{e}"
    );
    hits.join("\n")
}

fn default_toml_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml")
}

// ---------------------------------------------------------------------------
// defaults

#[test]
fn empty_text_gives_the_defaults() {
    let c = Config::from_user_text("", FILE).unwrap();
    assert_eq!(c, Config::defaults());
    // and only comments or blank lines are as good as empty
    let c = Config::from_user_text("# nothing to change\n\n", FILE).unwrap();
    assert_eq!(c, Config::defaults());
}

#[test]
fn defaults_are_the_shipped_file() {
    // The defaults are the shipped default.toml with the shipped mission
    // directory (config/missions.toml) merged in.
    let text = std::fs::read_to_string(default_toml_path()).unwrap();
    let mut parsed: Config = toml::from_str(&text).unwrap();
    assert!(parsed.missions.is_empty());
    let dir = default_toml_path().with_file_name("missions.toml");
    let missions: Config = toml::from_str(&std::fs::read_to_string(dir).unwrap()).unwrap();
    parsed.missions = missions.missions;
    parsed.countries = missions.countries;
    assert_eq!(Config::defaults(), parsed);
    assert!(Config::defaults().missions.len() > 100);
    // Spot checks, so that an empty defaults file could not pass.
    let d = Config::defaults();
    assert_eq!(d.store.cache_mb, 64);
    assert_eq!(d.ui.page_size, 200);
    assert_eq!(d.demo.poll_secs, 2);
    assert!(d.sources.is_empty());
    assert_eq!(d.keys["queue"]["j"], "down");
    assert_eq!(d.keys["detail"]["Esc"], "back");
    // The shipped file, given as a user file, is valid and changes nothing.
    assert_eq!(Config::from_user_text(&text, FILE).unwrap(), d);
}

// ---------------------------------------------------------------------------
// errors of form: one at a time, with their line

#[test]
fn a_typo_in_a_key_names_the_key_and_its_line() {
    let e = errors("[ui]\npage_sise = 10\n");
    let msg = e.to_string();
    assert!(msg.contains("user.toml:2:"), "{msg}");
    assert!(msg.contains("page_sise"), "{msg}");
    assert_eq!(lines(&e), [Some(2)]);

    // deeper in the file, after valid lines
    let e = errors("[store]\ncache_mb = 64\n\n[demo]\ninitial = 3\nrelase_secs = 4\n");
    let msg = e.to_string();
    assert!(msg.contains("user.toml:6:"), "{msg}");
    assert!(msg.contains("relase_secs"), "{msg}");
}

#[test]
fn a_typo_inside_a_source_is_an_error() {
    let text = "[[sources]]\nname = \"a\"\nbase_url = \"https://x\"\ntoken_evn = \"T\"\n";
    let msg = errors(text).to_string();
    assert!(msg.contains("user.toml:4:"), "{msg}");
    assert!(msg.contains("token_evn"), "{msg}");
}

#[test]
fn an_unknown_table_is_an_error() {
    let e = errors("[ui]\npage_size = 50\n\n[uii]\npage_size = 50\n");
    let msg = e.to_string();
    assert!(msg.contains("user.toml:4:"), "{msg}");
    assert!(msg.contains("uii"), "{msg}");
}

#[test]
fn a_wrong_type_names_its_line() {
    let e = errors("[ui]\nframe_ms = 16\npage_size = \"ten\"\n");
    let msg = e.to_string();
    assert!(msg.contains("user.toml:3:"), "{msg}");
    assert_eq!(lines(&e), [Some(3)]);

    // a table where a list of tables belongs
    let e = errors("# sources\n[sources]\nname = \"a\"\n");
    assert!(e.to_string().starts_with("user.toml:"), "{e}");
}

#[test]
fn broken_syntax_names_its_line() {
    let e = errors("[ui]\npage_size = 50\nframe_ms = \n");
    let msg = e.to_string();
    assert!(msg.contains("user.toml:3:"), "{msg}");

    let e = errors("[store]\ncache_mb = 64\n\n[ui\n");
    assert!(e.to_string().contains("user.toml:4:"), "{e}");

    let e = errors("[demo]\ninitial = 3\ninitial = 4\n");
    assert!(e.to_string().contains("user.toml:3:"), "duplicate key: {e}");
}

// ---------------------------------------------------------------------------
// errors of meaning: all at once, each at its own line

const MANY_PROBLEMS: &str = r#"[demo]
poll_secs = 0

[[sources]]
name = "kemlu-x"
base_url = "https://api.x.com"
account_id = "123456789"
token_env = "SIAGA_X_TOKEN"
poll_secs = 60

[[sources]]
name = "kemlu-x"
base_url = "https://api.x.com"
account_id = "123456789"
token_env = "SIAGA_X_TOKEN"
poll_secs = 60

[[sources]]
name = "both-tokens"
base_url = "https://api.x.com"
account_id = "1"
token_env = "SIAGA_X_TOKEN"
token_file = "/etc/siaga/x.token"
poll_secs = 60

[[sources]]
name = "ftp"
base_url = "ftp://x"
account_id = "2"
token_env = "SIAGA_X_TOKEN"
poll_secs = 60

[[sources]]
name = "handle"
base_url = "https://api.x.com"
account_id = "@kemlu_ri"
token_env = "SIAGA_X_TOKEN"
poll_secs = 60

[[sources]]
name = "never"
base_url = "https://api.x.com"
account_id = "3"
token_env = "SIAGA_X_TOKEN"
poll_secs = 0

[keys.queue]
j = "dwon"

[keys.nope]
x = "down"
"#;

#[test]
fn every_semantic_problem_is_reported_at_its_line() {
    let e = errors(MANY_PROBLEMS);
    let text = e.to_string();
    // (line, a word the message must contain)
    let expected: [(usize, &str); 8] = [
        (2, "poll_secs"),   // demo.poll_secs = 0
        (12, "kemlu-x"),    // second source with the same name
        (23, "token"),      // both token_env and token_file
        (28, "ftp://x"),    // not http(s)
        (36, "account_id"), // an X account id that is a handle
        (45, "poll_secs"),  // source poll_secs = 0
        (48, "dwon"),       // unknown action
        (50, "nope"),       // unknown key mode, at its table
    ];
    for (line, word) in expected {
        let found = at_line(&e, line);
        assert!(found.starts_with(&format!("user.toml:{line}: ")), "{found}");
        assert!(
            found.contains(word),
            "line {line} should mention `{word}`: {found}"
        );
    }
    assert_eq!(
        e.0.len(),
        expected.len(),
        "exactly the expected problems, no more:\n{text}"
    );
    // The valid first source is not blamed.
    for line in 4..=9 {
        assert!(!lines(&e).contains(&Some(line)), "line {line}:\n{text}");
    }
}

#[test]
fn each_semantic_problem_alone_is_caught() {
    let source = |extra: &str| {
        format!(
            "[[sources]]\nname = \"s\"\nbase_url = \"https://api.x.com\"\naccount_id = \"1\"\npoll_secs = 5\n{extra}"
        )
    };
    // A fully valid source passes.
    let ok = Config::from_user_text(&source("token_env = \"T\"\n"), FILE).unwrap();
    assert_eq!(ok.sources.len(), 1);
    assert_eq!(ok.sources[0].name, "s");
    assert_eq!(ok.sources[0].token_env.as_deref(), Some("T"));
    // Sources replace, keys and scalars keep their defaults.
    assert_eq!(ok.ui, Config::defaults().ui);
    assert_eq!(ok.keys, Config::defaults().keys);

    // No token at all.
    let e = errors(&source(""));
    assert_eq!(e.0.len(), 1, "{e}");
    assert!(e.to_string().contains("token"), "{e}");

    // Out-of-range numbers.
    let e = errors("[ui]\npage_size = 5\n");
    assert_eq!(lines(&e), [Some(2)], "{e}");
    assert!(e.to_string().contains("page_size"), "{e}");
    let e = errors("[store]\n\ncache_mb = 0\n");
    assert_eq!(lines(&e), [Some(3)], "{e}");
}

#[test]
fn a_bad_key_name_is_reported() {
    let e = errors("[keys.queue]\n\"C-\" = \"down\"\n");
    assert_eq!(lines(&e), [Some(2)], "{e}");
}

// ---------------------------------------------------------------------------
// merging

#[test]
fn rebinding_one_key_keeps_the_other_defaults() {
    let d = Config::defaults();
    // `Z`: a key the queue does not bind (`X` closes a crisis since #16).
    let c = Config::from_user_text("[keys.queue]\nj = \"up\"\nZ = \"quit\"\n", FILE).unwrap();
    assert_eq!(c.keys["queue"]["j"], "up");
    assert_eq!(c.keys["queue"]["Z"], "quit");
    for (key, action) in &d.keys["queue"] {
        if key != "j" {
            assert_eq!(&c.keys["queue"][key], action, "queue {key}");
        }
    }
    assert_eq!(c.keys["queue"].len(), d.keys["queue"].len() + 1);
    assert_eq!(c.keys["detail"], d.keys["detail"]);
    assert_eq!(c.keys["help"], d.keys["help"]);
    // and everything else is untouched
    assert_eq!(c.store, d.store);
    assert_eq!(c.ui, d.ui);
    assert_eq!(c.demo, d.demo);
}

#[test]
fn scalars_merge_key_by_key() {
    let d = Config::defaults();
    let c = Config::from_user_text("[ui]\npage_size = 50\n", FILE).unwrap();
    assert_eq!(c.ui.page_size, 50);
    assert_eq!(c.ui.frame_ms, d.ui.frame_ms);
    assert_eq!(c.ui.split_min_width, d.ui.split_min_width);
    assert_eq!(c.store, d.store);
}

#[test]
fn unbinding_with_none_is_accepted() {
    let c = Config::from_user_text("[keys.queue]\nq = \"none\"\n", FILE).unwrap();
    assert_eq!(c.keys["queue"]["q"], "none");
}

// ---------------------------------------------------------------------------
// load

#[test]
fn load_of_a_missing_explicit_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.toml");
    let e = Config::load(Some(&path)).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert_eq!(e.0.len(), 1);
}

#[test]
fn load_reads_an_explicit_file_and_names_it_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("siaga.toml");
    std::fs::write(&path, "[ui]\npage_size = 64\n").unwrap();
    let loaded = Config::load(Some(&path)).unwrap();
    assert_eq!(loaded.file.as_deref(), Some(path.as_path()));
    assert_eq!(loaded.config.ui.page_size, 64);
    assert_eq!(loaded.config.keys, Config::defaults().keys);

    std::fs::write(&path, "[ui]\n\npage_sise = 64\n").unwrap();
    let msg = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(
        msg.contains(&format!("{}:3:", path.display())),
        "error names the file and line: {msg}"
    );
}

#[test]
fn an_empty_unknown_key_mode_is_an_error_too() {
    let e = Config::from_user_text("[keys.nope]\n", "user.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("user.toml:1: unknown key mode `nope`"),
        "{e}"
    );
}

#[test]
fn a_retention_for_an_unknown_category_or_out_of_range_names_its_line() {
    let e = errors(
        "[retention]\ndefault_days = 0\n\n[retention.categories]\ntrafficking = 3650\ntraficking = 30\nlabour = 99999\n",
    );
    assert!(at_line(&e, 2).contains("default_days"), "{e}");
    assert!(
        at_line(&e, 6).contains("unknown category `traficking`"),
        "{e}"
    );
    assert!(at_line(&e, 7).contains("out of range"), "{e}");
    assert!(
        Config::from_user_text("[retention.categories]\nnot_protection = 14\n", FILE).is_ok(),
        "a known category with a sane period is fine"
    );
}

// ---------------------------------------------------------------------------
// each mission's own webhook secret (issue 13)

#[test]
fn a_mission_with_both_a_secret_env_and_a_secret_file_names_its_line() {
    let e = errors(
        "[missions.riyadh]\nwebhook_url = \"https://desk.example/siaga\"\n\
         webhook_secret_env = \"SIAGA_RIYADH_KEY\"\n\
         webhook_secret_file = \"/etc/siaga/riyadh.key\"\n",
    );
    assert_eq!(lines(&e), [Some(4)], "{e}");
    let found = at_line(&e, 4);
    assert!(
        found.starts_with("user.toml:4: mission `riyadh`"),
        "{found}"
    );
    assert!(found.contains("not both"), "{found}");
}

#[test]
fn a_webhook_url_with_no_secret_anywhere_names_the_missions_line() {
    let e = errors(
        "[escalation]\ndefault_desk = \"pwni\"\n\n\
         [missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n\
         webhook_url = \"https://desk.example/siaga\"\n",
    );
    assert_eq!(lines(&e), [Some(6)], "{e}");
    let found = at_line(&e, 6);
    assert!(found.contains("mission `riyadh`"), "{found}");
    assert!(found.contains("[missions.riyadh]"), "{found}");
    assert!(found.contains("webhook_secret_file"), "{found}");
}

#[test]
fn a_missions_own_secret_suffices_without_a_global_one() {
    let text = "[missions.riyadh]\nwebhook_url = \"https://desk.example/siaga\"\n\
                webhook_secret_file = \"/etc/siaga/riyadh.key\"\n\
                [missions.jeddah]\nwebhook_url = \"https://desk.example/jeddah\"\n\
                webhook_secret_env = \"SIAGA_JEDDAH_KEY\"\n";
    let c = Config::from_user_text(text, FILE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.escalation.webhook_secret_env, None);
    assert_eq!(c.escalation.webhook_secret_file, None);
    assert_eq!(
        c.missions["riyadh"].webhook_secret_file.as_deref(),
        Some(Path::new("/etc/siaga/riyadh.key"))
    );
    assert_eq!(
        c.missions["jeddah"].webhook_secret_env.as_deref(),
        Some("SIAGA_JEDDAH_KEY")
    );
    // Its secret file is one `config check` looks at.
    assert!(
        c.secret_files().iter().any(|(key, path)| {
            key == "[missions.riyadh] webhook_secret_file"
                && *path == Path::new("/etc/siaga/riyadh.key")
        }),
        "{:?}",
        c.secret_files()
    );
    // Yet another mission with a webhook and no secret is still an error.
    let e = errors(&format!(
        "{text}[missions.tawau]\nwebhook_url = \"https://desk.example/tawau\"\n"
    ));
    assert_eq!(lines(&e), [Some(8)], "{e}");
    assert!(at_line(&e, 8).contains("mission `tawau`"), "{e}");
}

#[test]
fn a_global_secret_still_signs_for_missions_that_name_none() {
    let c = Config::from_user_text(
        "[escalation]\nwebhook_secret_env = \"SIAGA_WEBHOOK_SECRET\"\n\
         [missions.riyadh]\nwebhook_url = \"https://desk.example/siaga\"\n",
        FILE,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!c.missions["riyadh"].has_own_secret());
}

#[test]
fn a_mission_secret_env_that_is_not_a_variable_name_is_not_repeated() {
    let e = errors(
        "[missions.riyadh]\nwebhook_url = \"https://desk.example/siaga\"\n\
         webhook_secret_env = \"hunter2 hunter2\"\n",
    );
    assert_eq!(lines(&e), [Some(3)], "{e}");
    let found = at_line(&e, 3);
    assert!(found.contains("NAME of an environment variable"), "{found}");
    assert!(!found.contains("hunter2"), "the value is repeated: {found}");
}

// ---------------------------------------------------------------------------
// the zone times are shown in (issue 21)

#[test]
fn a_timezone_that_is_no_zone_names_its_line() {
    let e = errors("[ui]\nbell_on_p1 = true\ntimezone = \"Asia/Atlantis\"\n");
    let found = at_line(&e, 3);
    assert!(found.contains("Asia/Atlantis"), "{e}");
    assert!(found.contains("IANA"), "{e}");
    assert_eq!(lines(&e), vec![Some(3)], "{e}");
}

#[test]
fn an_iana_timezone_is_taken_and_named() {
    let c = Config::from_user_text("[ui]\ntimezone = \"Asia/Makassar\"\n", FILE).unwrap();
    assert_eq!(c.ui.timezone.as_deref(), Some("Asia/Makassar"));
    assert_eq!(c.timezone().iana_name(), Some("Asia/Makassar"));
}
