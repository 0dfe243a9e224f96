//! A crisis opened from the banner (#16), in the real binary in a
//! pseudo-terminal against a fake X on 127.0.0.1: pleas naming Khartoum
//! arrive through the fetcher faster than its usual rate, the banner
//! suggests a crisis, `O` and `Enter` open it with the prefilled name and
//! the city, and its tab is selected showing its count.

use crate::common;

use std::path::{Path, PathBuf};

use common::platform::Platform;
use common::pty::Session;

const ACCOUNT: &str = "1000000001";
const TOKEN: &str = "e2e-token";

const PLEAS: [&str; 4] = [
    "@Kemlu_RI tolong evakuasi keluarga saya di Khartoum, sudah 3 hari tidak ada air",
    "@Kemlu_RI my brother is in Khartoum, no water, please help",
    "@Kemlu_RI keluarga saya di Khartoum butuh evakuasi, makanan habis",
    "@Kemlu_RI adik saya terjebak di Khartoum, mohon bantuan",
];

/// The fake X polled every second; a surge is 3 arrivals naming a place
/// (the fewest the config allows, times the lowest factor, for a desk
/// with no history).
fn desk(home: &Path, platform: &Platform) -> (PathBuf, PathBuf) {
    let config = home.join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[[sources]]\nname = \"kemlu-x\"\nkind = \"x\"\nbase_url = \"{}\"\n\
             account_id = \"{ACCOUNT}\"\ntoken_env = \"SIAGA_TEST_TOKEN\"\n\
             poll_secs = 1\ntimeout_secs = 5\n\n[crisis]\nmin_count = 2\nfactor = 1.5\n",
            platform.url
        ),
    )
    .unwrap();
    (config, home.join("queue"))
}

#[test]
fn a_surge_raises_the_banner_and_o_enter_opens_its_crisis_with_a_tab() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let platform = rt.block_on(Platform::start(ACCOUNT, TOKEN));
    let home = tempfile::tempdir().unwrap();
    let (config, data) = desk(home.path(), &platform);
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let env = [("SIAGA_TEST_TOKEN", TOKEN)];
    let mut s = Session::start_with_env(&args, home.path(), 100, 30, &env);
    for (n, text) in PLEAS.iter().enumerate() {
        let (uid, handle) = (format!("80000{n}"), format!("warga_{n}"));
        platform.mention((&uid, &handle, &format!("Warga {n}")), text);
    }
    s.wait_text("Arrivals naming Khartoum surge: 4 in the last hour");
    s.keys("O");
    let input = s.wait_text("Open a crisis");
    assert!(input.contains("khartoum-"), "prefilled: {input}");
    s.keys("\r");
    let screen = s.wait_for("the crisis's tab and its count", |text| {
        text.contains("opened: 4 inquiries tagged") && text.contains(" 4 · 4 in the last hour")
    });
    assert!(!screen.contains("surge:"), "the banner went: {screen}");
    s.keys("q");
    assert!(s.wait_exit().success());
}
