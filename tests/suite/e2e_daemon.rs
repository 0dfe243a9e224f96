//! Two officers at one queue: the real `siaga serve`, and two `siaga` TUIs
//! side by side in two pseudo-terminals, as two different Unix users (the
//! daemon knows officers by the socket's peer credentials, and a TUI does
//! not mark its own officer's claims or presence as a colleague's): root,
//! and `nobody` (started through `setpriv`). The daemon's config is a
//! desk's: `group = "nogroup"` (nobody's group; the socket and its
//! directory are given to it) and `officers = ["root"]`.
//!
//! Officer 1 (root) claims the first row with `c`; officer 2's screen shows
//! the claim with the holder's name without a key pressed. Officer 1 opens
//! the inquiry; officer 2's row shows `»root`, and loses it when officer 1
//! quits.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::Session;
use siaga::model::{Arrival, Priority};
use siaga::queue::{LocalQueue, QueueService};

const NOBODY: u32 = 65534;
const FIRST: &str = "sitiaminah_92";

fn arrival(n: usize, handle: &str, priority: Priority, text: &str) -> Arrival {
    Arrival {
        conversation_id: None,
        author: common::author(handle, &handle.to_uppercase(), &format!("90000{n}")),
        created_at: jiff::Timestamp::now(),
        priority,
        ..common::arrival(&format!("1863{n:015}"), handle, text)
    }
}

fn seed(data: &Path) {
    let queue = LocalQueue::open(data, 16 << 20).unwrap();
    let arrivals = [
        arrival(
            1,
            FIRST,
            Priority::P1,
            "@Kemlu_RI TOLONG adik sy disekap di Sihanoukville, diminta tebusan",
        ),
        arrival(
            2,
            "warga_bekasi",
            Priority::P2,
            "@Kemlu_RI gaji 5 bln blm dibayar, paspor ditahan majikan di Riyadh",
        ),
        arrival(
            3,
            "warga_medan",
            Priority::P3,
            "@Kemlu_RI mohon info perpanjang paspor di KBRI Tokyo",
        ),
    ];
    queue.ingest("kemlu-x", &arrivals, None).unwrap();
}

/// `siaga serve`, stopped with SIGTERM on drop if still running.
struct Daemon(Child);

impl Daemon {
    fn stop(mut self) -> std::process::ExitStatus {
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.0.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "siaga serve ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// The row of `handle` on the screen.
fn row_of<'a>(screen: &'a str, handle: &str) -> &'a str {
    screen.lines().find(|l| l.contains(handle)).unwrap_or("")
}

#[test]
fn a_claim_and_an_open_detail_show_on_the_colleagues_screen_by_themselves() {
    let root = tempfile::Builder::new()
        .prefix("siaga-e2e-daemon-")
        .tempdir()
        .unwrap();
    // nobody must reach the config and the socket's directory in here.
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let data = root.path().join("data");
    seed(&data);
    let socket = root.path().join("run").join("siaga.sock");
    let config = root.path().join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[daemon]\nsocket = \"{}\"\ngroup = \"nogroup\"\nofficers = [\"root\"]\n",
            socket.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let daemon_home = root.path().join("daemon");
    let home1 = root.path().join("root-home");
    let home2 = root.path().join("nobody-home");
    for home in [&daemon_home, &home1, &home2] {
        std::fs::create_dir(home).unwrap();
    }
    nix::unistd::chown(
        &home2,
        Some(nix::unistd::Uid::from_raw(NOBODY)),
        Some(nix::unistd::Gid::from_raw(NOBODY)),
    )
    .unwrap();

    let daemon = Daemon(
        Command::new(env!("CARGO_BIN_EXE_siaga"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(&data)
            .arg("serve")
            .env("HOME", &daemon_home)
            .env("XDG_STATE_HOME", daemon_home.join("state"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(Instant::now() < deadline, "siaga serve never listened");
        std::thread::sleep(Duration::from_millis(20));
    }

    let args = ["--config", config.to_str().unwrap()];
    let mut one = Session::start_with_env(&args, &home1, 100, 30, &[]);
    let mut two = Session::start_as(NOBODY, NOBODY, &args, &home2, 100, 30, &[]);
    one.wait_text(FIRST);
    two.wait_text(FIRST);
    let before = two.contents();
    assert!(!row_of(&before, FIRST).contains("[root"), "{before}");

    // Officer 1 claims the first row; officer 2 presses nothing.
    one.keys("c");
    let screen = one.wait_for("the claim on officer 1's row", |s| {
        row_of(s, FIRST).contains('●')
    });
    assert!(!row_of(&screen, FIRST).contains("[root"), "{screen}");
    let screen = two.wait_for("root's claim on officer 2's row", |s| {
        let row = row_of(s, FIRST);
        row.contains('○') && row.contains("[root")
    });
    let row = row_of(&screen, FIRST);
    assert!(row.trim_start().starts_with('○'), "{row}");

    // Officer 1 opens it; officer 2 sees them on it.
    one.keys("\r");
    one.wait_text("History");
    let screen = two.wait_for("root's presence on officer 2's row", |s| {
        row_of(s, FIRST).contains("»root")
    });
    assert!(row_of(&screen, FIRST).contains("[root"), "{screen}");

    // Officer 1 leaves; the presence goes with them.
    one.keys("q");
    one.keys("q");
    let status = one.wait_exit();
    assert!(status.success(), "{status:?}");
    two.wait_for("the presence gone from officer 2's row", |s| {
        let row = row_of(s, FIRST);
        !row.contains("»root") && row.contains("[root")
    });
    two.keys("q");
    let status = two.wait_exit();
    assert!(status.success(), "{status:?}");

    let status = daemon.stop();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(!socket.exists());
    // The claim is in the store, as root's.
    let queue = LocalQueue::open(&data, 16 << 20).unwrap();
    let first = queue
        .list(&siaga::queue::ViewQuery {
            facet: siaga::store::Facet::All,
            statuses: siaga::model::Status::ALL.to_vec(),
            after: None,
            limit: 1,
        })
        .unwrap();
    assert_eq!(first[0].author.handle, FIRST);
    assert_eq!(first[0].claimed_by.as_deref(), Some("root"));
}
