//! Answering as an officer would, in the real binary in a pseudo-terminal:
//! open an inquiry, `r`, pick a template by typing part of its name, edit
//! the text, send; the platform (a fake X API on 127.0.0.1, in this test)
//! received it exactly once, as a reply to the citizen's post. Then the
//! same through `E` and `$EDITOR`.

use crate::common;

use std::path::{Path, PathBuf};

use common::platform::{Platform, PostKind};
use common::pty::Session;
use siaga::model::{Arrival, Author, Channel, Priority};
use siaga::queue::{LocalQueue, QueueService};

const ACCOUNT: &str = "1000000001";
const TOKEN: &str = "e2e-token";
const POST_ID: &str = "1861000000000000101";

/// A store holding one public inquiry from @sitiaminah_92 on `kemlu-x`,
/// and a config whose `kemlu-x` source is the fake platform.
fn desk(home: &Path, platform: &Platform) -> (PathBuf, PathBuf) {
    let data = home.join("queue");
    let queue = LocalQueue::open(&data, 16 << 20).unwrap();
    let arrival = Arrival {
        external_id: POST_ID.into(),
        conversation_id: Some(POST_ID.into()),
        in_reply_to: None,
        author: Author {
            handle: "sitiaminah_92".into(),
            display_name: "Siti Aminah".into(),
            platform_id: Some("700001".into()),
        },
        channel: Channel::Public,
        text: "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar".into(),
        created_at: jiff::Timestamp::now(),
        lang: Some("in".into()),
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec!["labour: gaji".into()],
    };
    queue.ingest("kemlu-x", &[arrival], None).unwrap();
    drop(queue);
    let config = home.join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\nbase_url = \"{}\"\n\
             account_id = \"{ACCOUNT}\"\ntoken_env = \"SIAGA_TEST_TOKEN\"\n\
             poll_secs = 3600\ntimeout_secs = 5\n\n[reply]\nreconcile_grace_secs = 0\n",
            platform.url
        ),
    )
    .unwrap();
    (config, data)
}

fn start(home: &Path, config: &Path, data: &Path, env: &[(&str, &str)]) -> Session {
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let mut env = env.to_vec();
    env.push(("SIAGA_TEST_TOKEN", TOKEN));
    Session::start_with_env(&args, home, 100, 30, &env)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn open_reply_pick_template_edit_and_send_posts_once() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform);
    let mut s = start(home.path(), &config, &data, &[]);
    s.wait_text("sitiaminah_92");
    s.keys("\r");
    s.wait_text("History");
    s.keys("r");
    s.wait_text("Reply to @sitiaminah_92");
    s.keys("missi");
    s.keys("\r");
    let screen = s.wait_text("ready to send");
    assert!(screen.contains("template mission_contact"), "{screen}");
    assert!(screen.contains("PUBLIC reply"), "{screen}");
    s.keys(" Semoga lekas selesai.");
    s.wait_text("lekas selesai.");
    s.keys("\x13"); // C-s
    let screen = s.wait_text("posted as");
    let posted = platform.posted();
    assert_eq!(posted.len(), 1, "{posted:?}\n{screen}");
    let post = &posted[0];
    assert_eq!(post.kind, PostKind::Tweet);
    assert_eq!(post.in_reply_to.as_deref(), Some(POST_ID));
    assert!(
        post.text.starts_with("Halo @sitiaminah_92"),
        "{}",
        post.text
    );
    assert!(
        post.text.ends_with("Semoga lekas selesai."),
        "{}",
        post.text
    );
    assert!(post.text.contains("SIAGA-1"), "{}", post.text);
    // The detail shows the sent reply with the platform's id; the history
    // says who queued it and that it was posted.
    let screen = s.wait_text("Replies");
    assert!(screen.contains(&post.id), "{screen}");
    assert!(screen.contains("reply_sent"), "{screen}");
    s.keys("q");
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_eq!(platform.posted().len(), 1);
}

#[test]
fn e_writes_the_reply_in_editor_and_the_screen_comes_back() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform);
    // An "editor" that rewrites the greeting, as an officer would.
    let editor = "sed -i s/Halo/Selamat\\ siang/";
    let mut s = start(home.path(), &config, &data, &[("EDITOR", editor)]);
    s.wait_text("sitiaminah_92");
    s.keys("E");
    s.wait_text("Reply to @sitiaminah_92");
    s.keys("hotline\r");
    let screen = s.wait_text("Selamat siang @sitiaminah_92");
    assert!(screen.contains("ready to send"), "{screen}");
    assert!(screen.contains("PUBLIC reply"), "{screen}");
    s.keys("\x13");
    s.wait_text("posted as");
    let posted = platform.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert!(posted[0].text.starts_with("Selamat siang @sitiaminah_92"));
    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
}

/// Type a reply in `s` (the only inquiry, template `mission_contact`),
/// adding `words` (one token, so the editor's wrapping cannot split it)
/// to the rendered text; the screen once they show.
fn type_a_reply(s: &mut Session, words: &str) -> String {
    s.wait_text("sitiaminah_92");
    s.keys("r");
    s.wait_text("Reply to @sitiaminah_92");
    s.keys("missi\r");
    s.wait_text("ready to send");
    s.keys(words);
    s.wait_text(words.trim())
}

/// Started again on the same store: the start names the draft, and `r`
/// brings the typed words back.
fn the_draft_comes_back(home: &Path, config: &Path, data: &Path, words: &str) {
    let mut s = start(home, config, data, &[]);
    let screen = s.wait_text("1 draft kept: #1");
    assert!(!screen.contains(words), "{screen}");
    s.keys("r");
    let screen = s.wait_text("restored");
    assert!(screen.contains(words), "{screen}");
    assert!(screen.contains("draft from"), "{screen}");
    assert!(screen.contains("template mission_contact"), "{screen}");
    // Esc asks, the second throws it away; started again, nothing is kept.
    s.keys("\x1b");
    s.wait_text("Esc again discards");
    s.keys("\x1b");
    s.wait_text("reply discarded");
    s.keys("q");
    assert!(s.wait_exit().success());
    let mut s = start(home, config, data, &[]);
    s.wait_text("sitiaminah_92");
    s.settle(std::time::Duration::from_millis(300));
    s.keys("r");
    let screen = s.wait_text("Reply to @sitiaminah_92");
    assert!(!screen.contains(words), "{screen}");
    s.keys("\x1b");
    s.settle(std::time::Duration::from_millis(300));
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_reply_typed_then_quit_is_there_again_on_r_after_a_restart() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform);
    let mut s = start(home.path(), &config, &data, &[]);
    type_a_reply(&mut s, " KodeKBRI41Q");
    s.keys("\x03"); // C-c: asks, and says the draft is kept
    s.wait_text("its draft is kept");
    s.keys("\x03");
    assert!(s.wait_exit().success());
    the_draft_comes_back(home.path(), &config, &data, "KodeKBRI41Q");
    assert!(platform.posted().is_empty(), "a draft is never sent");
}

/// An SSH drop: the terminal hangs up (SIGHUP) moments after the last key.
#[test]
fn a_reply_typed_before_a_hangup_is_there_again_on_r_after_a_restart() {
    let rt = runtime();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform);
    let mut s = start(home.path(), &config, &data, &[]);
    type_a_reply(&mut s, " PasporA123");
    let pid = s.pid().expect("the siaga process").to_string();
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap();
    assert!(hup.success());
    s.wait_exit();
    the_draft_comes_back(home.path(), &config, &data, "PasporA123");
}
