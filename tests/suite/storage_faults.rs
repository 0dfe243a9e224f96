//! Storage faults (issue #20 items 10 and 11): a full disk, flipped bits,
//! salvage, and erasure reaching the bytes, each against the real binary
//! and a real sled store in a temporary data dir (seeded through the
//! library, closed before the binary runs; the config names a daemon
//! socket that does not exist, so every verb works on its own store).
//!
//! A full disk is simulated without root: the child siaga runs with a soft
//! `RLIMIT_FSIZE` (and SIGXFSZ ignored), so a write past the limit fails
//! with EFBIG exactly where ENOSPC would; and an unfinished snapshot is
//! the 0-byte `snap.*.generating` file a full disk left behind.
//!
//! Each test says: the attack, what happened before, what happens now.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common;
use jiff::{SignedDuration, Timestamp};
use siaga::model::{Arrival, Channel, InquiryId};
use siaga::queue::{Change, LocalQueue, QueueService};
use tempfile::TempDir;

const SOURCE: &str = "kemlu-x";

/// Personal data that erasure must take out of every file.
const PII: &[&str] = &[
    "X7719402",              // passport
    "3171015508880007",      // NIK
    "+6281299887766",        // phone
    "siti.aminah77@mail.id", // e-mail
    "siti_aminah_77",        // handle
    "Siti Aminah Rahayu",    // display name
];

/// Another person's data, which stays (proves the search would find it).
const KEPT: &str = "Y5520317";

struct Desk {
    root: TempDir,
    data: PathBuf,
    config: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn desk() -> Desk {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let config = root.path().join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[daemon]\nsocket = \"{}\"\n",
            root.path().join("no-daemon.sock").display()
        ),
    )
    .unwrap();
    Desk { root, data, config }
}

impl Desk {
    fn command(&self, args: &[&str]) -> Command {
        let home = self.root.path().join("home");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siaga"));
        cmd.arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_RUNTIME_DIR", home.join("run"))
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        finish(self.command(args).output().unwrap())
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "siaga {args:?}: {r:?}");
        r
    }

    /// `run` with every file the child writes limited to `bytes`: a write
    /// past it fails with EFBIG (SIGXFSZ ignored), as on a full disk.
    fn run_limited(&self, bytes: u64, args: &[&str]) -> Run {
        let mut cmd = self.command(args);
        limit_file_size(&mut cmd, bytes);
        finish(cmd.output().unwrap())
    }

    fn seed<T>(&self, f: impl FnOnce(&Arc<LocalQueue>) -> T) -> T {
        let queue = open_retrying(&self.data);
        let out = f(&queue);
        queue.store().flush().unwrap();
        out
    }
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The binary has just let go of the store; sled may hold its lock a
/// moment longer.
fn open_retrying(dir: &Path) -> Arc<LocalQueue> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match LocalQueue::open(dir, 16 << 20) {
            Ok(q) => return q,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("opening the store: {e}"),
        }
    }
}

fn arrival(id: &str, handle: &str, name: &str, text: &str) -> Arrival {
    Arrival {
        author: common::author(handle, name, &format!("uid-{handle}")),
        channel: Channel::Private,
        reasons: vec!["labour: matched".into()],
        ..common::arrival(id, handle, text)
    }
}

/// Siti's inquiry (every PII marker, in the text, a follow-up and a note)
/// and Budi's (the `KEPT` marker); their ids.
fn seed_people(d: &Desk) -> (InquiryId, InquiryId) {
    d.seed(|q| {
        let siti = format!(
            "tolong paspor {} NIK {} hp {} email {}",
            PII[0], PII[1], PII[2], PII[3]
        );
        let arrivals = [
            arrival("9001", PII[4], PII[5], &siti),
            arrival("9002", "budi_k", "Budi K", &format!("paspor {KEPT} hilang")),
        ];
        let ids = q
            .store()
            .commit_page(
                &siaga::queue::DeskArrivals,
                SOURCE,
                &arrivals,
                None,
                Timestamp::now(),
            )
            .unwrap()
            .new_ids;
        let follow = Arrival {
            in_reply_to: Some("9001".into()),
            ..arrival("9003", PII[4], PII[5], &format!("nomor saya {}", PII[2]))
        };
        q.store()
            .commit_page(
                &siaga::queue::DeskArrivals,
                SOURCE,
                &[follow],
                None,
                Timestamp::now(),
            )
            .unwrap();
        let note = Change::Note {
            text: format!("called {} about passport {}", PII[2], PII[0]),
        };
        q.apply(ids[0], &note, "ani").unwrap();
        // Many versions of the record, as a working desk makes.
        for i in 0..20 {
            q.apply(
                ids[0],
                &Change::Tag {
                    tag: format!("t{i}"),
                },
                "ani",
            )
            .unwrap();
        }
        (ids[0], ids[1])
    })
}

/// Every file under `dir`, recursively, with the markers found in it.
fn markers_in(dir: &Path, markers: &[&str]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            for m in markers {
                if bytes.windows(m.len()).any(|w| w == m.as_bytes()) {
                    found.push((path.clone(), m.to_string()));
                }
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------
// 11. Erasure reaching the bytes

/// Attack: `subject erase`, then `strings` over the data directory.
/// Before: the passport, NIK, phone and e-mail were still in sled's log
/// (old versions of the record). Now: the store is rewritten after the
/// erasure; no file under the data dir holds any marker, while another
/// person's data is still found (the search works).
#[test]
fn erased_personal_data_leaves_every_file_of_the_data_dir() {
    let d = desk();
    let (siti, budi) = seed_people(&d);
    assert!(
        !markers_in(&d.data, PII).is_empty(),
        "the markers are in the files before the erasure"
    );
    let r = d.ok(&[
        "subject",
        "erase",
        PII[4],
        "--reason",
        "e-mail of 2026-12-01, ref 44",
        "--yes",
    ]);
    assert!(r.stdout.contains(&format!("erased: #{siti}")), "{r:?}");
    assert!(r.stdout.contains("files were rewritten"), "{r:?}");
    let left = markers_in(&d.data, PII);
    assert!(left.is_empty(), "erased data still on disk: {left:?}");
    assert!(
        !markers_in(&d.data, &[KEPT]).is_empty(),
        "another person's data is kept"
    );
    d.seed(|q| {
        assert_eq!(q.store().len(), 2);
        assert!(q.get(siti).unwrap().inquiry.erased.is_some());
        assert!(q.get(budi).unwrap().inquiry.text.contains(KEPT));
        assert!(q.store().verify_chain().unwrap().is_intact());
        assert!(q.store().check(false).unwrap().is_clean());
    });
    d.ok(&["audit", "verify"]);
}

/// Attack: a retention purge, then a search of the files. Before: purged
/// content stayed in sled's log like an erasure's. Now: the purge
/// rewrites the store too.
#[test]
fn a_retention_purge_rewrites_the_store_too() {
    let d = desk();
    let (siti, _) = seed_people(&d);
    d.seed(|q| {
        let at = Timestamp::now() - SignedDuration::from_hours(24 * 400);
        let close = Change::Close {
            reason: "answered".into(),
        };
        q.store()
            .update(siti, "ani", at, |inq| close.apply(inq, "ani", at))
            .unwrap();
    });
    let r = d.ok(&["purge"]);
    assert!(r.stdout.contains("erased 1 inquiry"), "{r:?}");
    assert!(r.stdout.contains("files were rewritten"), "{r:?}");
    let left = markers_in(&d.data, PII);
    assert!(left.is_empty(), "purged data still on disk: {left:?}");
}

/// Attack: a crash at each step of the rewrite (simulated by leaving the
/// directories as each step leaves them). Before: no rewrite. Now: open
/// finds the old store or the complete copy, never neither, and finishes
/// or discards what the crash interrupted; nothing is lost.
#[test]
fn a_rewrite_interrupted_at_any_step_loses_nothing() {
    let d = desk();
    seed_people(&d);
    let copy = |from: &Path, to: &Path| {
        let s = Command::new("cp")
            .arg("-a")
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(s.success());
    };
    let db = d.data.join("db");
    // 1. The copy was being made: half a directory beside the store.
    std::fs::create_dir(d.data.join("db.rewriting")).unwrap();
    std::fs::write(d.data.join("db.rewriting/db"), b"half").unwrap();
    d.ok(&["check"]);
    assert!(!d.data.join("db.rewriting").exists());
    // 2. The copy was complete but not yet swapped in.
    copy(&db, &d.data.join("db.rewritten"));
    d.ok(&["check"]);
    assert!(!d.data.join("db.rewritten").exists());
    // 3. Between the two renames: the store aside, the copy not in place.
    copy(&db, &d.data.join("db.rewritten"));
    std::fs::rename(&db, d.data.join("db.retired")).unwrap();
    let r = d.ok(&["list", "--json"]);
    assert_eq!(r.stdout.lines().count(), 2, "{r:?}");
    assert!(!d.data.join("db.retired").exists());
    d.seed(|q| assert_eq!(q.store().len(), 2));
}

/// Attack: `subject erase` through a running `siaga serve`, then a search
/// of the files while it still runs. Before: the old versions stayed in
/// sled's log. Now: the daemon rewrites its store under its users (they
/// wait a moment) and the files hold no marker; the daemon serves on.
#[test]
fn an_erasure_through_the_daemon_reaches_the_bytes_while_it_runs() {
    let d = desk();
    let (siti, budi) = seed_people(&d);
    let (mut child, _socket) = serve(&d, None);
    let r = d.ok(&["subject", "erase", PII[4], "--reason", "ref 9", "--yes"]);
    assert!(r.stdout.contains(&format!("erased: #{siti}")), "{r:?}");
    assert!(r.stdout.contains("files were rewritten"), "{r:?}");
    let left = markers_in(&d.data, PII);
    assert!(left.is_empty(), "erased data still on disk: {left:?}");
    d.ok(&["tag", &budi.to_string(), "after-rewrite"]);
    let r = d.ok(&["list", "--json"]);
    assert!(r.stdout.contains("after-rewrite"), "{r:?}");
    child.stop();
}

/// Attack: a crash right after an erasure was committed, before the store
/// was rewritten (made here by erasing through the library, which does
/// not rewrite, and closing). Before: the old versions stayed for good.
/// Now: the erasure's transaction records that a rewrite is due, and the
/// next open (any command) does it.
#[test]
fn a_rewrite_cut_off_after_the_erasure_is_done_on_the_next_open() {
    let d = desk();
    let (siti, _) = seed_people(&d);
    d.seed(|q| q.erase(siti, "ani", "ref 8").unwrap());
    assert!(!markers_in(&d.data, PII).is_empty(), "not yet rewritten");
    let r = d.ok(&["list", "--json"]);
    assert_eq!(r.stdout.lines().count(), 1, "{r:?}");
    let left = markers_in(&d.data, PII);
    assert!(left.is_empty(), "erased data still on disk: {left:?}");
    d.ok(&["audit", "verify"]);
}

/// Attack: `kill -9` of `subject erase` at ten moments spread over its
/// run (the erasure, the copy, the swap). Before: no rewrite. Now: the
/// next open finds a whole store every time, finishes or discards the
/// interrupted rewrite, and holds both inquiries, Siti's erased or not as
/// the kill fell; if she was erased, no marker is left in any file (an
/// erasure whose rewrite a crash cut off is rewritten on the next open),
/// and if not, erasing her again leaves none.
#[test]
fn kill_9_during_an_erasure_and_its_rewrite_loses_nothing() {
    for delay_ms in (0..50).step_by(5) {
        let d = desk();
        let (siti, budi) = seed_people(&d);
        let mut child = d
            .command(&["subject", "erase", PII[4], "--reason", "ref 7", "--yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let erased = d.seed(|q| {
            assert_eq!(q.store().len(), 2, "after a kill at {delay_ms} ms");
            assert!(q.get(budi).unwrap().inquiry.text.contains(KEPT));
            let erased = q.get(siti).unwrap().inquiry.erased.is_some();
            assert!(q.store().check(false).unwrap().is_clean(), "{delay_ms} ms");
            erased
        });
        for leftover in ["db.rewriting", "db.rewritten", "db.retired"] {
            assert!(
                !d.data.join(leftover).exists(),
                "{leftover} at {delay_ms} ms"
            );
        }
        if !erased {
            d.ok(&["subject", "erase", PII[4], "--reason", "ref 7", "--yes"]);
        }
        let left = markers_in(&d.data, PII);
        assert!(
            left.is_empty(),
            "{delay_ms} ms (erased before the kill: {erased}): {left:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// 10a. Disk full

/// Attack: the disk filled while sled wrote its snapshot on open, leaving
/// a 0-byte `snap.*.generating`. Before: every later command failed with
/// "Read corrupted data" until the file was deleted by hand. Now: open
/// sets it aside (kept, renamed `unfinished-snap.*`), says so, and the
/// store opens from its log with everything in it.
#[test]
fn an_unfinished_snapshot_left_by_a_full_disk_is_set_aside_on_open() {
    let d = desk();
    seed_people(&d);
    let stray = d.data.join("db/snap.7FFFFFFFFFFFFFFF.generating");
    std::fs::write(&stray, b"").unwrap();
    let r = d.ok(&["list", "--json"]);
    assert_eq!(r.stdout.lines().count(), 2, "{r:?}");
    assert!(r.stderr.contains("unfinished snapshot"), "{r:?}");
    assert!(r.stderr.contains("set aside"), "{r:?}");
    assert!(!stray.exists());
    assert!(
        d.data
            .join("db/unfinished-snap.7FFFFFFFFFFFFFFF.generating")
            .exists()
    );
    let r = d.ok(&["check"]);
    assert!(!r.stderr.contains("unfinished"), "said once: {r:?}");
}

/// Attack: no room to write while siaga works (a file-size limit standing
/// in for a full disk; it fails sled's first write, while it opens). Before:
/// a bare "storage error" (through ingest: "unexpected answer 0"). Now: the
/// command fails naming the limit and saying nothing was stored, nothing
/// acknowledged is lost, and once there is room the next command works
/// without any hand repair.
#[test]
fn no_room_to_write_is_named_and_the_store_opens_once_there_is_room() {
    let d = desk();
    let (siti, budi) = seed_people(&d);
    let size = std::fs::metadata(d.data.join("db/db")).unwrap().len();
    // Opening writes a snapshot, and a tag writes the log: neither fits.
    let r = d.run_limited(64, &["tag", &budi.to_string(), "urgent"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(!r.stderr.contains("panicked"), "{r:?}");
    assert!(
        r.stderr.contains("reached the size this process may write")
            || r.stderr.contains("is full"),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("nothing of this change was stored"),
        "{r:?}"
    );
    assert!(size > 64);
    // Room again: no hand repair.
    let r = d.ok(&["list", "--json"]);
    assert_eq!(r.stdout.lines().count(), 2, "{r:?}");
    d.ok(&["tag", &budi.to_string(), "urgent"]);
    d.seed(|q| {
        assert_eq!(q.get(siti).unwrap().inquiry.tags.len(), 20);
        assert!(q.get(budi).unwrap().inquiry.tags.contains(&"urgent".into()));
        assert!(q.store().check(false).unwrap().is_clean());
    });
}

/// Attack: no room to write when an officer replies or escalates (the
/// file-size limit fails sled's first write, as above: at open). Before:
/// untested. Now: the command fails naming the cause and saying nothing
/// was stored; no reply or escalation exists half-made, nothing went out
/// (nothing could be recorded first), and with room again the same
/// command works.
#[test]
fn no_room_to_reply_or_escalate_is_named_and_nothing_is_half_made() {
    let d = desk();
    let mut config = std::fs::read_to_string(&d.config).unwrap();
    config.push_str("[missions.riyadh]\nemail = \"pelindungan@kbri-riyadh.test\"\n");
    std::fs::write(&d.config, config).unwrap();
    let (_, budi) = seed_people(&d);
    let budi_id = budi.to_string();
    let verbs: [&[&str]; 2] = [
        &["reply", "--template", "hotline", "--wait", "0", &budi_id],
        &["escalate", "--mission", "riyadh", "--wait", "0", &budi_id],
    ];
    for args in verbs {
        let r = d.run_limited(64, args);
        assert_ne!(r.code, 0, "{args:?}: {r:?}");
        assert!(!r.stderr.contains("panicked"), "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("reached the size this process may write")
                || r.stderr.contains("is full"),
            "{args:?}: {r:?}"
        );
    }
    d.seed(|q| {
        let inq = q.get(budi).unwrap().inquiry;
        assert!(inq.replies.is_empty(), "{:?}", inq.replies);
        assert!(inq.escalations.is_empty(), "{:?}", inq.escalations);
        assert!(q.store().check(false).unwrap().is_clean());
    });
    // Room again: the escalation is recorded (its delivery has nowhere
    // to go in this config, which is said, not lost).
    let r = d.run(&["escalate", "--mission", "riyadh", "--wait", "0", &budi_id]);
    assert!(!r.stderr.contains("panicked"), "{r:?}");
    d.seed(|q| {
        let inq = q.get(budi).unwrap().inquiry;
        assert_eq!(inq.escalations.len(), 1, "{r:?}");
    });
}

// ---------------------------------------------------------------------------
// 10b. Flipped bits

/// `n` inquiries, one page each (as a desk receives them), every third
/// tagged; their ids and texts.
fn seed_many(d: &Desk, n: usize) -> Vec<(InquiryId, String)> {
    d.seed(|q| {
        let mut out = Vec::new();
        for i in 0..n {
            let text = format!("mohon bantuan nomor {i:04} paspor ditahan majikan di Riyadh");
            let a = arrival(&format!("77{i:04}"), &format!("warga_{i}"), "Warga", &text);
            let id = q
                .store()
                .commit_page(
                    &siaga::queue::DeskArrivals,
                    SOURCE,
                    &[a],
                    None,
                    Timestamp::now(),
                )
                .unwrap()
                .new_ids[0];
            if i % 3 == 0 {
                q.apply(
                    id,
                    &Change::Tag {
                        tag: "checked".into(),
                    },
                    "ani",
                )
                .unwrap();
            }
            out.push((id, text));
        }
        out
    })
}

/// Flip one bit at each of `offsets` (fractions of the written part) of
/// `file`.
fn flip(file: &Path, offsets: &[f64]) {
    let mut bytes = std::fs::read(file).unwrap();
    let used = bytes.iter().rposition(|b| *b != 0).unwrap_or(0) + 1;
    for f in offsets {
        let at = ((used as f64) * f) as usize;
        bytes[at.min(used - 1)] ^= 0x10;
    }
    std::fs::write(file, bytes).unwrap();
}

/// Attack: one flipped bit (or two) at several places in sled's log of a
/// populated store. Before: the store did not open ("Read corrupted
/// data"), or `list`, `check --repair` and `backup` failed, with no way
/// to save what was readable. Now: no command panics; opening names the
/// damage; `check` names it too (surveying a store that will not open);
/// `salvage --into` copies every readable inquiry into a fresh store,
/// whole and as it was, and names what it could not read. (A flip in
/// sled's log makes sled refuse the store however old the damaged record
/// is; what can be read is then the log up to that record, so the
/// recovered count grows with the offset: 7, 24, 35, 16, 40 of 40 here.)
#[test]
fn flipped_bits_are_named_and_salvage_copies_out_every_readable_inquiry() {
    const N: usize = 40;
    for offsets in [&[0.1][..], &[0.5], &[0.9], &[0.3, 0.7], &[0.995]] {
        let d = desk();
        let seeded = seed_many(&d, N);
        d.ok(&["check"]);
        flip(&d.data.join("db/db"), offsets);
        for args in [&["list", "--json"][..], &["backup", "/nonexistent/x"]] {
            let r = d.run(args);
            assert!(
                !r.stderr.contains("panicked"),
                "{offsets:?} {args:?}: {r:?}"
            );
        }
        let r = d.run(&["check"]);
        assert!(!r.stderr.contains("panicked"), "{offsets:?}: {r:?}");
        let damaged = r.code != 0;
        if damaged {
            assert!(
                r.stdout.contains("damaged") || r.stdout.contains("NOT repairable"),
                "{offsets:?}: check names the damage: {r:?}"
            );
        }
        let into = d.root.path().join("salvaged");
        let r = d.run(&["salvage", "--into", into.to_str().unwrap(), "--json"]);
        assert!(!r.stderr.contains("panicked"), "{offsets:?}: {r:?}");
        let line = r.stdout.lines().next().unwrap_or_default();
        let report: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {r:?}"));
        let recovered = report["inquiries"].as_u64().unwrap();
        assert!(recovered <= N as u64, "{r:?}");
        eprintln!(
            "flip at {offsets:?}: check exit {}, salvage recovered {recovered} of {N}, unreadable {}",
            if damaged { 1 } else { 0 },
            report["unreadable"]
        );
        if recovered < N as u64 {
            assert!(
                !report["unreadable"].as_array().unwrap().is_empty(),
                "what is lost is named: {r:?}"
            );
        }
        // The fresh store holds exactly what was recovered, as it was.
        let salvaged = open_retrying(&into);
        assert_eq!(salvaged.store().len() as u64, recovered, "{offsets:?}");
        for (id, text) in &seeded {
            if let Ok(detail) = salvaged.get(*id) {
                assert_eq!(&detail.inquiry.text, text, "{offsets:?} #{id}");
            }
        }
        assert!(
            salvaged.store().check(false).unwrap().is_clean(),
            "{offsets:?}"
        );
        // The damaged store is left as it was.
        assert!(d.data.join("db/db").exists());
    }
}

/// Attack: the disk fills while `siaga serve` runs (a file-size limit on
/// the daemon, raised again from outside with `prlimit`, stands in for a
/// full disk and space coming back). Before: sled stops writing after its
/// first I/O error, so the daemon failed every change until restarted.
/// Now: the change that met the limit fails saying the store is full and
/// that nothing was stored; once there is room the daemon reopens its
/// store by itself and the next change is stored; every acknowledged
/// change is on disk.
#[test]
fn serve_carries_on_without_a_restart_once_the_disk_has_room_again() {
    let d = desk();
    let ids = seed_many(&d, 3);
    // One sled segment: the daemon opens, its log cannot grow past it.
    let (mut child, socket) = serve(&d, Some(512 * 1024));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let q = rt
        .block_on(siaga::daemon::client::RemoteQueue::connect(&socket, "test"))
        .unwrap();
    let note = |n: usize| Change::Note {
        text: format!("{n:05} {}", "catatan panjang ".repeat(600)),
    };
    let mut acknowledged = 0;
    let refusal = loop {
        assert!(acknowledged < 500, "the limit was never met");
        match q.apply(ids[acknowledged % 3].0, &note(acknowledged), "ani") {
            Ok(_) => acknowledged += 1,
            Err(e) => break e.to_string(),
        }
    };
    assert!(refusal.contains("reached the size"), "{refusal}");
    assert!(
        refusal.contains("nothing of this change was stored"),
        "{refusal}"
    );
    // Room again, and no restart.
    let pid = child.0.id().to_string();
    let raised = Command::new("prlimit")
        .args(["--pid", &pid, "--fsize=unlimited:unlimited"])
        .status()
        .unwrap();
    assert!(raised.success());
    q.apply(ids[0].0, &note(acknowledged), "ani")
        .unwrap_or_else(|e| panic!("after room came back: {e}"));
    acknowledged += 1;
    drop(q);
    child.stop();
    d.seed(|q| {
        let notes: usize = ids
            .iter()
            .map(|(id, _)| q.get(*id).unwrap().inquiry.notes.len())
            .sum();
        assert_eq!(notes, acknowledged, "every acknowledged note, nothing else");
        assert!(q.store().check(false).unwrap().is_clean());
    });
}

/// `siaga serve` on the desk's store (root its supervisor), each file it
/// writes limited to `limit` bytes if given; once it listens.
fn serve(d: &Desk, limit: Option<u64>) -> (ChildGuard, PathBuf) {
    let socket = d.root.path().join("run/siaga.sock");
    std::fs::write(
        &d.config,
        format!(
            "[daemon]\nsocket = \"{}\"\nsupervisors = [\"root\"]\n",
            socket.display()
        ),
    )
    .unwrap();
    let mut cmd = d.command(&["serve"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(bytes) = limit {
        limit_file_size(&mut cmd, bytes);
    }
    let child = ChildGuard(cmd.spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(Instant::now() < deadline, "siaga serve never listened");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, socket)
}

/// Limit every file the child writes to `bytes` (soft; the hard limit
/// stays unlimited so it can be raised again); SIGXFSZ ignored, so a write
/// past it fails with EFBIG as a write to a full disk fails with ENOSPC.
fn limit_file_size(cmd: &mut Command, bytes: u64) {
    // SAFETY: between fork and exec only async-signal-safe calls
    // (setrlimit, signal) are made.
    unsafe {
        cmd.pre_exec(move || {
            use nix::sys::resource::{Resource, setrlimit};
            use nix::sys::signal::{SigHandler, Signal, signal};
            signal(Signal::SIGXFSZ, SigHandler::SigIgn).map_err(std::io::Error::from)?;
            setrlimit(Resource::RLIMIT_FSIZE, bytes, nix::libc::RLIM_INFINITY)
                .map_err(std::io::Error::from)
        });
    }
}

/// A child process stopped (SIGTERM, then waited for) however the test ends.
struct ChildGuard(std::process::Child);

impl ChildGuard {
    fn stop(&mut self) {
        use nix::sys::signal::{Signal, kill};
        let _ = kill(
            nix::unistd::Pid::from_raw(self.0.id() as i32),
            Signal::SIGTERM,
        );
        let _ = self.0.wait();
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            self.stop();
        }
    }
}
