//! A crisis surge answered as an officer would (#16), in the real binary in
//! a pseudo-terminal against a fake X on 127.0.0.1: the pleas arrive
//! through the fetcher, their group's row grows on screen as they come,
//! `r` on it and one template answer the whole group after a `y`, and the
//! platform receives exactly one reply per member, none for the member
//! held back. Then the same with a SIGKILL in the middle of the sending:
//! the next start finishes it, still exactly one reply each.

use crate::common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::platform::{Platform, PostKind};
use common::pty::Session;

const ACCOUNT: &str = "1000000001";
const TOKEN: &str = "e2e-token";

const PLEAS: [&str; 5] = [
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
    "@Kemlu_RI min tlg evakuasi kluarga sy di Khartoum, air habis",
    "@Kemlu_RI keluarga saya di Khartoum butuh evakuasi, air dan makanan habis",
    "@Kemlu_RI evakuasi keluarga kami dari Khartoum secepatnya, tidak ada air",
    "@Kemlu_RI mohon evakuasi keluarga saya di Khartoum, air sudah habis",
];
/// Like them, and carrying what they do not: a pregnancy.
const PREGNANT: &str =
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, istri saya hamil, tidak ada air";
const UNRELATED: &str = "@Kemlu_RI mohon info syarat perpanjang paspor di KBRI Tokyo";

/// A config whose `kemlu-x` source is the fake, polled every second, and
/// whose group answers are spaced `pace` seconds apart.
fn desk(home: &Path, platform: &Platform, pace: u64) -> (PathBuf, PathBuf) {
    let config = home.join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\nbase_url = \"{}\"\n\
             account_id = \"{ACCOUNT}\"\ntoken_env = \"SIAGA_TEST_TOKEN\"\n\
             poll_secs = 1\ntimeout_secs = 5\n\n[reply]\nreconcile_grace_secs = 0\n\
             group_pace_x_secs = {pace}\n",
            platform.url
        ),
    )
    .unwrap();
    (config, home.join("queue"))
}

fn start(home: &Path, config: &Path, data: &Path) -> Session {
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    Session::start_with_env(&args, home, 100, 30, &[("SIAGA_TEST_TOKEN", TOKEN)])
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn citizen(n: usize) -> (String, String, String) {
    (
        format!("70000{n}"),
        format!("warga_{n}"),
        format!("Warga {n}"),
    )
}

fn mention(platform: &Platform, n: usize, text: &str) -> String {
    let (uid, handle, name) = citizen(n);
    platform.mention((&uid, &handle, &name), text)
}

/// The surge arrives in two waves while the officer watches the group's
/// row grow; the ids of the pleas that are to be answered (the held-back
/// one's last).
fn surge(s: &Session, platform: &Platform) -> (Vec<String>, String) {
    let mut answered: Vec<String> = PLEAS[..3]
        .iter()
        .enumerate()
        .map(|(n, text)| mention(platform, n, text))
        .collect();
    mention(platform, 9, UNRELATED);
    s.wait_text("×3 ");
    for (n, text) in PLEAS.iter().enumerate().skip(3) {
        answered.push(mention(platform, n, text));
    }
    let held = mention(platform, 7, PREGNANT);
    s.wait_text("×6 ");
    (answered, held)
}

/// `r` on the group's row (the top one: its most urgent member, the
/// pregnant one, is the most urgent of all), the template, and `y`.
fn answer_the_group(s: &mut Session) {
    s.keys("g");
    s.keys("r");
    s.wait_text("Answer g1 (×6) with");
    s.keys("crisis\r");
    let question = s.wait_text("(y/n)");
    assert!(
        question.contains("Answer 5 of 6 with crisis_register? 1 held back"),
        "{question}"
    );
    s.keys("y");
}

/// Wait (at most `limit`) until the platform has `n` posts.
fn wait_posts(platform: &Platform, n: usize, limit: Duration) {
    let deadline = Instant::now() + limit;
    while platform.posted().len() < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Exactly one reply per answered plea, in its own thread, none for the
/// held-back one.
fn assert_one_each(platform: &Platform, answered: &[String], held: &str) {
    let posted = platform.posted();
    let threads: Vec<Option<String>> = posted.iter().map(|p| p.in_reply_to.clone()).collect();
    let distinct: HashSet<&Option<String>> = threads.iter().collect();
    assert_eq!(posted.len(), answered.len(), "{posted:#?}");
    assert_eq!(distinct.len(), posted.len(), "one each: {threads:?}");
    for id in answered {
        assert!(threads.contains(&Some(id.clone())), "#{id} got none");
    }
    assert!(
        !threads.contains(&Some(held.to_string())),
        "held back, yet answered"
    );
    assert!(posted.iter().all(|p| p.kind == PostKind::Tweet));
}

#[test]
fn a_surge_grows_one_row_and_one_template_answers_each_member_once() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform, 0);
    let mut s = start(home.path(), &config, &data);
    let (answered, held) = surge(&s, &platform);
    let screen = s.contents();
    assert!(screen.contains("Khartoum"), "{screen}");
    assert!(
        screen.contains("warga_9"),
        "the unrelated plea is its own row: {screen}"
    );
    answer_the_group(&mut s);
    let screen = s.wait_text("g1 answered: 5 sent, 0 failed");
    assert!(
        screen.contains("1 held back for your own look #"),
        "{screen}"
    );
    assert_one_each(&platform, &answered, &held);
    s.keys("q");
    assert!(s.wait_exit().success());
    assert_one_each(&platform, &answered, &held);
}

#[test]
fn killed_in_the_middle_of_a_group_answer_the_next_start_sends_the_rest_once() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform, 1);
    let mut s = start(home.path(), &config, &data);
    let (answered, held) = surge(&s, &platform);
    answer_the_group(&mut s);
    wait_posts(&platform, 2, Duration::from_secs(30));
    let sent_before = platform.posted().len();
    assert!(
        (2..answered.len()).contains(&sent_before),
        "killed mid-answer ({sent_before} sent)"
    );
    let pid = s.pid().expect("siaga runs") as i32;
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::SIGKILL).unwrap();
    s.wait_exit();
    drop(s);
    let s = start(home.path(), &config, &data);
    wait_posts(&platform, answered.len(), Duration::from_secs(60));
    // A moment more: a second post of any of them would show now.
    s.settle(Duration::from_secs(2));
    assert_one_each(&platform, &answered, &held);
}

/// `c` and `t` on the group's row act on every member at once, as the
/// status bar says, and the desk records it on each (read back through
/// `siaga list --json` after the officer quits).
#[test]
fn claim_and_tag_on_the_group_row_reach_every_member() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform, 0);
    let mut s = start(home.path(), &config, &data);
    surge(&s, &platform);
    s.keys("g");
    s.keys("c");
    s.wait_text("g1, 6 members: claimed: 6");
    s.keys("t");
    s.wait_text("(6 inquiries)");
    s.keys("evakuasi\r");
    s.wait_text("g1, 6 members: tagged: 6");
    s.keys("\x1b");
    s.wait_for("the picker closed", |sc| !sc.contains("Enter toggles"));
    s.keys("q");
    assert!(s.wait_exit().success());

    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let rows = common::listed(home.path(), &args, &[("SIAGA_TEST_TOKEN", TOKEN)]);
    let members: Vec<&serde_json::Value> = rows.iter().filter(|r| !r["group"].is_null()).collect();
    assert_eq!(members.len(), 6, "{rows:#?}");
    for m in &members {
        assert!(m["claimed_by"].is_string(), "{m:#}");
        let tags = m["tags"].as_array().unwrap();
        assert!(tags.contains(&serde_json::json!("evakuasi")), "{m:#}");
    }
    let unrelated = rows
        .iter()
        .find(|r| r["author"] == "warga_9")
        .expect("the unrelated plea");
    assert!(unrelated["claimed_by"].is_null(), "{unrelated:#}");
}
