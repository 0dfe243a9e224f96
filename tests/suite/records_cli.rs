//! The records verbs in the real binary (issue #8): `subject`, `hold`,
//! `purge`, `audit verify`, `export`, `report`, `backup`/`restore` and
//! `check`, each against a temporary data dir seeded through the library
//! (the store closed before the binary runs), with a config whose daemon
//! socket does not exist, so every verb works on its own store.
//!
//! Times the CLI cannot make (an inquiry closed 400 days ago) are written
//! into the store with the library's `Store::update`, which takes the time
//! of the change.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use siaga::model::{Arrival, InquiryId};
use siaga::queue::{Change, LocalQueue, QueueService};
use tempfile::TempDir;

const SOURCE: &str = "kemlu-x";

pub(crate) struct Desk {
    root: TempDir,
    pub(crate) data: PathBuf,
    home: PathBuf,
    config: PathBuf,
}

pub(crate) fn desk() -> Desk {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let home = root.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let config = root.path().join("desk.toml");
    std::fs::write(
        &config,
        format!(
            "[daemon]\nsocket = \"{}\"\n",
            root.path().join("no-daemon.sock").display()
        ),
    )
    .unwrap();
    Desk {
        root,
        data,
        home,
        config,
    }
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
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

impl Desk {
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    /// The binary with this desk's config, data dir and home.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siaga"));
        cmd.arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("XDG_RUNTIME_DIR", self.home.join("run"))
            .env("TZ", "UTC")
            // English, whatever the locale of the machine running the tests.
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let out: Output = self.command(args).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// `run`, which must succeed.
    pub(crate) fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "siaga {args:?}: {r:?}");
        r
    }

    /// Work on the store through the library; closed again afterwards.
    pub(crate) fn seed<T>(&self, f: impl FnOnce(&Arc<LocalQueue>) -> T) -> T {
        let queue = open_retrying(&self.data);
        let out = f(&queue);
        queue.store().flush().unwrap();
        out
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

pub(crate) fn arrival(id: &str, handle: &str, text: &str, created_at: Timestamp) -> Arrival {
    let uid = format!("uid-{}", handle.to_lowercase());
    Arrival {
        author: common::author(handle, &format!("Name of {handle}"), &uid),
        created_at,
        reasons: vec!["labour: matched".into()],
        ..common::arrival(id, handle, text)
    }
}

/// Commit (id, handle, text) posts received at `now`; their ids.
fn ingest_at(queue: &LocalQueue, posts: &[(&str, &str, &str)], now: Timestamp) -> Vec<InquiryId> {
    let arrivals: Vec<Arrival> = posts
        .iter()
        .map(|(id, h, t)| arrival(id, h, t, now - SignedDuration::from_mins(5)))
        .collect();
    let commit = queue
        .store()
        .commit_page(&siaga::queue::DeskArrivals, SOURCE, &arrivals, None, now)
        .unwrap();
    assert_eq!(commit.new_ids.len(), posts.len());
    commit.new_ids
}

pub(crate) fn ingest(queue: &LocalQueue, posts: &[(&str, &str, &str)]) -> Vec<InquiryId> {
    ingest_at(queue, posts, Timestamp::now())
}

fn close_at(queue: &LocalQueue, id: InquiryId, at: Timestamp) {
    let change = Change::Close {
        reason: "answered".into(),
    };
    queue
        .store()
        .update(id, "ani", at, |inq| change.apply(inq, "ani", at))
        .unwrap();
}

pub(crate) fn sled_raw<T>(dir: &Path, f: impl FnOnce(&sled::Db) -> T) -> T {
    let deadline = Instant::now() + Duration::from_secs(5);
    let db = loop {
        match sled::Config::new().path(dir.join("db")).open() {
            Ok(db) => break db,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("opening the sled db directly: {e}"),
        }
    };
    let out = f(&db);
    db.flush().unwrap();
    out
}

pub(crate) fn event_key(id: InquiryId, seq: u32) -> Vec<u8> {
    let mut k = id.0.to_be_bytes().to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn subject_desk() -> (Desk, Vec<InquiryId>) {
    let d = desk();
    let ids = d.seed(|q| {
        ingest(
            q,
            &[
                ("71", "Budi_99", "@Kemlu_RI paspor sy hilang di Riyadh"),
                ("72", "budi_99", "@Kemlu_RI masih belum ada kabar"),
                ("73", "warga_c", "@Kemlu_RI kakak sy @BUDI_99 ditahan"),
                ("74", "warga_d", "@Kemlu_RI teman sy @budi_990 hilang"),
            ],
        )
    });
    (d, ids)
}

// ---------------------------------------------------------------------------
// subject

#[test]
fn subject_find_lists_a_persons_inquiries_and_mentions_in_words_and_json() {
    let (d, ids) = subject_desk();
    let r = d.ok(&["subject", "find", "@BUDI_99"]);
    let out = &r.stdout;
    assert!(out.contains("Person: @budi_99"), "{r:?}");
    assert!(out.contains("Inquiries they wrote: 2"), "{r:?}");
    assert!(out.contains(&format!("#{} ", ids[0])), "{r:?}");
    assert!(out.contains(&format!("#{} ", ids[1])), "{r:?}");
    assert!(out.contains("paspor sy hilang di Riyadh"), "{r:?}");
    assert!(
        out.contains(&format!(
            "Named in other people's inquiries (not erased with theirs): #{}",
            ids[2]
        )),
        "{r:?}"
    );
    assert!(!out.contains(&format!("#{}", ids[3])), "{r:?}");

    let r = d.ok(&["subject", "find", "budi_99", "--json"]);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {r:?}"));
    assert_eq!(v["handle"], "budi_99");
    let theirs: Vec<u64> = v["inquiries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect();
    assert_eq!(theirs, vec![ids[0].0, ids[1].0]);
    assert_eq!(v["mentioned_in"], serde_json::json!([ids[2].0]));
}

#[test]
fn subject_erase_lists_without_yes_and_erases_with_it() {
    let (d, ids) = subject_desk();
    let r = d.ok(&["subject", "erase", "@budi_99", "--reason", "e-mail ref 9"]);
    assert!(r.stdout.contains("Nothing erased"), "{r:?}");
    assert!(r.stdout.contains("Inquiries they wrote: 2"), "{r:?}");
    d.seed(|q| {
        for id in &ids {
            let inq = q.get(*id).unwrap().inquiry;
            assert!(inq.erased.is_none(), "#{id} erased without --yes");
            assert!(!inq.text.is_empty());
        }
    });
    let r = d.ok(&[
        "subject",
        "erase",
        "@budi_99",
        "--reason",
        "e-mail ref 9",
        "--yes",
    ]);
    assert!(
        r.stdout
            .contains(&format!("erased: #{} #{}", ids[0], ids[1])),
        "{r:?}"
    );
    assert!(
        r.stdout
            .contains("the learned model forgets them at its next training"),
        "{r:?}"
    );
    d.seed(|q| {
        for (i, id) in ids.iter().enumerate() {
            let inq = q.get(*id).unwrap().inquiry;
            assert_eq!(inq.erased.is_some(), i < 2, "#{id}");
            if i < 2 {
                assert_eq!(inq.text, "");
                assert!(inq.erased.unwrap().why.contains("e-mail ref 9"));
            }
        }
        assert!(q.store().verify_chain().unwrap().is_intact());
    });
    // Nothing of theirs is found any more.
    let r = d.ok(&["subject", "find", "budi_99"]);
    assert!(r.stdout.contains("Inquiries they wrote: 0"), "{r:?}");
}

#[test]
fn subject_erase_exits_non_zero_when_something_is_kept() {
    let (d, ids) = subject_desk();
    d.ok(&["hold", &ids[1].to_string(), "--reason", "police report 7"]);
    let r = d.run(&["subject", "erase", "budi_99", "--reason", "letter", "--yes"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains(&format!("erased: #{}", ids[0])), "{r:?}");
    assert!(
        r.stdout.contains(&format!(
            "kept #{}: inquiry {} is kept: on legal hold",
            ids[1], ids[1]
        )),
        "{r:?}"
    );
}

#[test]
fn subject_restrict_marks_theirs_and_is_shown_by_find() {
    let (d, ids) = subject_desk();
    let r = d.ok(&["subject", "restrict", "budi_99", "--reason", "objection"]);
    assert!(
        r.stdout
            .contains(&format!("restricted: #{} #{}", ids[0], ids[1])),
        "{r:?}"
    );
    let r = d.ok(&["subject", "find", "budi_99"]);
    assert!(r.stdout.contains("Restricted since"), "{r:?}");
    assert!(r.stdout.contains("[restricted]"), "{r:?}");
    let r = d.ok(&[
        "subject",
        "restrict",
        "budi_99",
        "--reason",
        "withdrawn",
        "--lift",
    ]);
    assert!(r.stdout.contains("restriction lifted: #"), "{r:?}");
    d.seed(|q| {
        for id in &ids {
            assert!(q.get(*id).unwrap().inquiry.restricted.is_none());
        }
    });
}

// ---------------------------------------------------------------------------
// hold and purge

#[test]
fn purge_of_freshly_closed_inquiries_erases_nothing() {
    let d = desk();
    let ids = d.seed(|q| {
        let ids = ingest(q, &[("p1", "a", "one"), ("p2", "b", "two")]);
        for id in &ids {
            close_at(q, *id, Timestamp::now());
        }
        ids
    });
    let r = d.ok(&["purge", "--dry-run"]);
    assert!(r.stdout.contains("would erase 0 inquiries"), "{r:?}");
    let r = d.ok(&["purge", "--dry-run", "--json"]);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["due"], serde_json::json!([]));
    let r = d.ok(&["purge"]);
    assert!(r.stdout.contains("erased 0 inquiries"), "{r:?}");
    d.seed(|q| {
        for id in &ids {
            assert!(q.get(*id).unwrap().inquiry.erased.is_none());
        }
    });
}

#[test]
fn hold_then_purge_erases_what_is_old_and_keeps_what_is_held() {
    let d = desk();
    let now = Timestamp::now();
    let long_ago = now - SignedDuration::from_hours(24 * 400);
    let ids = d.seed(|q| {
        let ids = ingest_at(
            q,
            &[
                ("o1", "a", "paspor A1234567"),
                ("o2", "b", "gaji"),
                ("o3", "c", "fresh"),
            ],
            long_ago,
        );
        close_at(q, ids[0], long_ago + SignedDuration::from_hours(1));
        close_at(q, ids[1], long_ago + SignedDuration::from_hours(1));
        close_at(q, ids[2], now);
        ids
    });
    let r = d.ok(&[
        "hold",
        &ids[1].to_string(),
        "--reason",
        "court case 12/2026",
    ]);
    assert!(r.stdout.contains("on legal hold"), "{r:?}");
    let r = d.ok(&["purge", "--dry-run"]);
    assert!(r.stdout.contains("would erase 1 inquiry\n"), "{r:?}");
    let closed_day = (long_ago + SignedDuration::from_hours(1))
        .strftime("%Y-%m-%d")
        .to_string();
    assert!(
        r.stdout.contains(&format!(
            "#{} labour closed {closed_day} (365 days)",
            ids[0]
        )),
        "{r:?}"
    );
    assert!(
        r.stdout
            .contains(&format!("kept #{}: on legal hold", ids[1])),
        "{r:?}"
    );
    d.seed(|q| assert!(q.get(ids[0]).unwrap().inquiry.erased.is_none()));
    let r = d.ok(&["purge"]);
    assert!(r.stdout.contains("erased 1 inquiry\n"), "{r:?}");
    d.seed(|q| {
        let e = q.get(ids[0]).unwrap().inquiry;
        assert!(e.erased.is_some() && e.text.is_empty(), "{e:?}");
        assert!(q.get(ids[1]).unwrap().inquiry.erased.is_none());
        assert!(q.get(ids[2]).unwrap().inquiry.erased.is_none());
    });
    // Released, the held one goes at the next purge.
    let r = d.ok(&[
        "hold",
        &ids[1].to_string(),
        "--reason",
        "case closed",
        "--release",
    ]);
    assert!(r.stdout.contains("legal hold released"), "{r:?}");
    let r = d.ok(&["purge"]);
    assert!(r.stdout.contains("erased 1 inquiry\n"), "{r:?}");
    let r = d.ok(&["audit", "verify"]);
    assert!(r.stdout.contains("history intact"), "{r:?}");
}

#[test]
fn hold_needs_a_reason_and_refuses_an_unknown_inquiry() {
    let d = desk();
    d.seed(|q| ingest(q, &[("h1", "a", "one")]));
    let r = d.run(&["hold", "1", "--reason", " "]);
    assert_ne!(r.code, 0, "{r:?}");
    let r = d.run(&["hold", "99", "--reason", "x"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("99"), "{r:?}");
    let r = d.run(&["hold", "1", "--reason", "x", "--release"]);
    assert_ne!(r.code, 0, "not on hold: {r:?}");
}

// ---------------------------------------------------------------------------
// audit verify

#[test]
fn audit_verify_passes_and_then_names_the_first_broken_link() {
    let d = desk();
    let (ids, total, victim_seq, victim_n) = d.seed(|q| {
        let ids = ingest(
            q,
            &[("a1", "a", "one"), ("a2", "b", "two"), ("a3", "c", "three")],
        );
        q.apply(ids[1], &Change::Tag { tag: "x".into() }, "ani")
            .unwrap();
        q.apply(
            ids[1],
            &Change::Note {
                text: "called".into(),
            },
            "ani",
        )
        .unwrap();
        q.apply(ids[2], &Change::Claim { take_over: false }, "ani")
            .unwrap();
        let total = q.store().verify_chain().unwrap().expected;
        let note = q
            .store()
            .history(ids[1])
            .unwrap()
            .into_iter()
            .find(|e| e.what == "note")
            .unwrap();
        (ids, total, note.seq, note.link.unwrap().n)
    });
    let r = d.ok(&["audit", "verify"]);
    assert!(
        r.stdout.contains(&format!(
            "history intact: {total} events chained and sealed; head {total}:"
        )),
        "{r:?}"
    );
    let r = d.ok(&["audit", "verify", "--json"]);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["checked"], total);
    assert_eq!(v["broken"], Value::Null);

    sled_raw(&d.data, |db| {
        let events = db.open_tree("events").unwrap();
        let key = event_key(ids[1], victim_seq);
        let mut e: Value = serde_json::from_slice(&events.get(&key).unwrap().unwrap()).unwrap();
        e["after"] = "nobody called".into();
        events.insert(key, serde_json::to_vec(&e).unwrap()).unwrap();
    });
    let r = d.run(&["audit", "verify"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains(&format!(
            "BROKEN: the history chain breaks at link {victim_n} (inquiry {}, event {victim_seq})",
            ids[1]
        )),
        "{r:?}"
    );
    assert!(
        r.stdout
            .contains(&format!("{victim_n} of {total} events verified before it.")),
        "{r:?}"
    );
    let r = d.run(&["audit", "verify", "--json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["broken"]["n"], victim_n);
    assert_eq!(v["broken"]["inquiry"], ids[1].0);
    assert_eq!(v["broken"]["seq"], victim_seq);
}

// ---------------------------------------------------------------------------
// export

const HEADER: &str = "id,source,channel,created_at,received_at,status,priority,category,tags,lang,author,text,replies_sent,missions,legal_hold,withheld";

fn export_desk() -> (Desk, Vec<InquiryId>) {
    let d = desk();
    let day0: Timestamp = "2026-10-01T08:00:00Z".parse().unwrap();
    let ids = d.seed(|q| {
        let posts = [
            ("e1", "rina_w", "paspor B7654321, hp +62 812-3456-7890"),
            ("e2", "agus_s", "NIK 3201234567890123"),
            ("e3", "rina_w", "email rina.w@yahoo.co.id, teman @dewi_k"),
            ("e4", "dewi_k", "gaji belum dibayar"),
        ];
        let mut ids = Vec::new();
        for (i, p) in posts.iter().enumerate() {
            ids.extend(ingest_at(
                q,
                std::slice::from_ref(p),
                day0 + SignedDuration::from_hours(24 * i as i64),
            ));
        }
        ids
    });
    (d, ids)
}

const RAW: &[&str] = &[
    "B7654321",
    "812-3456-7890",
    "3201234567890123",
    "rina.w@yahoo.co.id",
    "@dewi_k",
    "rina_w",
    "agus_s",
];

#[test]
fn export_csv_has_its_header_and_is_redacted() {
    let (d, ids) = export_desk();
    let r = d.ok(&["export", "--format", "csv"]);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some(HEADER), "{r:?}");
    assert_eq!(r.stdout.lines().count(), 1 + ids.len(), "{r:?}");
    for raw in RAW {
        assert!(!r.stdout.contains(raw), "the export carries {raw:?}: {r:?}");
    }
    assert!(
        r.stderr.contains("exported 4 inquiries (redacted)"),
        "{r:?}"
    );
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let authors: Vec<String> = reader
        .records()
        .map(|rec| rec.unwrap()[10].to_string())
        .collect();
    assert!(
        authors.iter().all(|a| a.starts_with("person-")),
        "{authors:?}"
    );
    assert_eq!(
        authors[0], authors[2],
        "the same person, the same pseudonym"
    );
    assert_ne!(authors[0], authors[1]);
    // Nothing recorded for a redacted export.
    d.seed(|q| {
        for id in &ids {
            assert!(
                !q.store()
                    .history(*id)
                    .unwrap()
                    .iter()
                    .any(|e| e.what == "exported")
            );
        }
    });
}

#[test]
fn export_jsonl_parses_line_by_line_and_filters_by_day() {
    let (d, ids) = export_desk();
    let r = d.ok(&["export", "--format", "jsonl"]);
    let rows: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows.iter()
            .map(|v| v["id"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        ids.iter().map(|i| i.0).collect::<Vec<_>>()
    );
    // Both days inclusive: 2 and 3 October.
    let r = d.ok(&[
        "export",
        "--format",
        "jsonl",
        "--from",
        "2026-10-02",
        "--to",
        "2026-10-03",
    ]);
    let got: Vec<u64> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(got, vec![ids[1].0, ids[2].0], "{r:?}");
    let r = d.run(&["export", "--from", "2026-10-03", "--to", "2026-10-02"]);
    assert_ne!(r.code, 0, "{r:?}");
    let r = d.run(&["export", "--format", "xml"]);
    assert_ne!(r.code, 0, "{r:?}");
}

#[test]
fn export_out_makes_a_private_file_and_never_overwrites_it() {
    let (d, _) = export_desk();
    let out = d.path("export.csv");
    let r = d.ok(&["export", "--out", out.to_str().unwrap()]);
    assert_eq!(r.stdout, "", "the rows go to the file: {r:?}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with(HEADER));
    assert_eq!(first.lines().count(), 5);
    let r = d.run(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("must not exist"), "{r:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first, "untouched");
}

#[test]
fn an_unredacted_export_from_the_cli_is_recorded() {
    let (d, ids) = export_desk();
    let r = d.ok(&["export", "--format", "jsonl", "--unredacted"]);
    assert!(r.stdout.contains("B7654321"), "{r:?}");
    assert!(r.stdout.contains("\"author\":\"rina_w\""), "{r:?}");
    assert!(r.stderr.contains("UNREDACTED"), "{r:?}");
    d.seed(|q| {
        for id in &ids {
            let n = q
                .store()
                .history(*id)
                .unwrap()
                .iter()
                .filter(|e| e.what == "exported")
                .count();
            assert_eq!(n, 1, "#{id}");
        }
    });
}

// ---------------------------------------------------------------------------
// report

#[test]
fn report_for_a_month_prints_markdown_tables() {
    let (d, _) = export_desk();
    // One more, in November: not in October's report.
    d.seed(|q| {
        ingest_at(
            q,
            &[("n1", "x", "later")],
            "2026-11-02T00:00:00Z".parse().unwrap(),
        )
    });
    let r = d.ok(&["report", "--month", "2026-10"]);
    let md = &r.stdout;
    assert!(
        md.starts_with("# siaga report: 2026-10-01 00:00 UTC to 2026-11-01 00:00 UTC"),
        "{r:?}"
    );
    for line in [
        "Inquiries received: **4**",
        "## By category",
        "| Category | Count |",
        "|---|---:|",
        "| labour | 4 |",
        "## By priority",
        "| P2 | 4 |",
        "## By channel",
        "| public | 4 |",
        "## By status now",
        "| new | 4 |",
        "## By escalated to",
        "| (none) | 0 |",
        "Median time to first reply, from the citizen's post: n/a (0 answered)",
    ] {
        assert!(md.contains(line), "missing {line:?}: {r:?}");
    }
    let r = d.run(&["report", "--month", "2026-13"]);
    assert_ne!(r.code, 0, "{r:?}");
}

// ---------------------------------------------------------------------------
// backup and restore

#[test]
fn backup_and_restore_with_replace_round_trip() {
    let d = desk();
    d.seed(|q| {
        ingest(
            q,
            &[("b1", "a", "one"), ("b2", "b", "two"), ("b3", "c", "three")],
        )
    });
    let file = d.path("siaga.backup");
    let r = d.ok(&["backup", file.to_str().unwrap()]);
    assert!(r.stdout.contains("backup written:"), "{r:?}");
    assert!(r.stdout.contains("3 inquiries"), "{r:?}");
    assert!(r.stdout.contains("sha256 "), "{r:?}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let r = d.run(&["backup", file.to_str().unwrap()]);
    assert_ne!(r.code, 0, "a second backup over the first: {r:?}");
    // Work goes on after the backup.
    d.seed(|q| ingest(q, &[("b4", "d", "four"), ("b5", "e", "five")]));
    let r = d.run(&["restore", file.to_str().unwrap()]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("--replace"), "{r:?}");
    d.seed(|q| assert_eq!(q.store().len(), 5, "untouched without --replace"));
    let r = d.ok(&["restore", file.to_str().unwrap(), "--replace"]);
    assert!(
        r.stdout.contains("the previous store was moved to"),
        "{r:?}"
    );
    assert!(r.stdout.contains("restored 3 inquiries"), "{r:?}");
    assert!(r.stdout.contains("history intact"), "{r:?}");
    d.seed(|q| {
        assert_eq!(q.store().len(), 3);
        assert!(q.store().check(false).unwrap().is_clean());
    });
    let aside: Vec<String> = std::fs::read_dir(&d.data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("db.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "the old store is kept aside");
    d.ok(&["check"]);
    d.ok(&["audit", "verify"]);
}

#[test]
fn restore_refuses_a_damaged_backup() {
    let d = desk();
    d.seed(|q| ingest(q, &[("b1", "a", "one")]));
    let file = d.path("siaga.backup");
    d.ok(&["backup", file.to_str().unwrap()]);
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 10);
    let bad = d.path("bad.backup");
    std::fs::write(&bad, bytes).unwrap();
    let r = d.run(&["restore", bad.to_str().unwrap(), "--replace"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("damaged"), "{r:?}");
    d.seed(|q| assert_eq!(q.store().len(), 1));
}

// ---------------------------------------------------------------------------
// check

#[test]
fn check_is_clean_on_a_clean_store_and_repairs_a_damaged_one() {
    let d = desk();
    let ids = d.seed(|q| ingest(q, &[("k1", "a", "one"), ("k2", "b", "two")]));
    let r = d.ok(&["check"]);
    assert!(r.stdout.contains("checked 2 inquiries"), "{r:?}");
    assert!(
        r.stdout.contains("every index agrees with the items"),
        "{r:?}"
    );
    let r = d.ok(&["check", "--json"]);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["repaired"], serde_json::json!([]));
    assert_eq!(v["unrepaired"], serde_json::json!([]));

    sled_raw(&d.data, |db| {
        let queue = db.open_tree("queue").unwrap();
        let keys: Vec<_> = queue
            .iter()
            .keys()
            .map(Result::unwrap)
            .filter(|k| k[k.len() - 8..] == ids[0].0.to_be_bytes())
            .collect();
        for k in keys {
            queue.remove(k).unwrap();
        }
    });
    let r = d.run(&["check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("repairable (run with --repair): 1 queue index entries were missing"),
        "{r:?}"
    );
    let r = d.ok(&["check", "--repair"]);
    assert!(
        r.stdout.contains("repaired: 1 queue index entries"),
        "{r:?}"
    );
    let r = d.ok(&["check"]);
    assert!(
        r.stdout.contains("every index agrees with the items"),
        "{r:?}"
    );
    let r = d.ok(&["list", "--json"]);
    assert_eq!(r.stdout.lines().count(), 2, "both listed again: {r:?}");
}
