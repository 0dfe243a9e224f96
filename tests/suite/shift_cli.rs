//! What a duty officer hit using the CLI verbs for a shift (issue #21), in
//! the real binary against a store seeded through the library: each test
//! failed before its fix.

use std::io::Read;
use std::process::Stdio;

use crate::records_cli::{desk, ingest};

/// `siaga list | head -1`: the reader goes away after one line.
#[test]
fn a_closed_pipe_ends_list_quietly_with_status_zero() {
    let d = desk();
    let posts: Vec<(String, String, String)> = (0..3000)
        .map(|i| {
            (
                format!("p{i}"),
                format!("warga{i}"),
                format!("tolong paspor saya ditahan majikan nomor {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = posts
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    d.seed(|q| ingest(q, &refs));

    let mut child = d
        .command(&["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: siaga's next writes meet a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
}

/// `siaga show 1 | head -1` where the reader is already gone.
#[test]
fn a_closed_pipe_ends_show_quietly_with_status_zero() {
    let d = desk();
    let ids = d.seed(|q| ingest(q, &[("p1", "warga", "paspor saya ditahan")]));
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = d
        .command(&["show", &ids[0].0.to_string()])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
}

/// `siaga shift`: a promise to call back is the officer's, claimed or not.
#[test]
fn shift_lists_the_snoozes_i_made_of_unclaimed_inquiries_and_not_a_colleagues() {
    use siaga::queue::{Change, QueueService};
    let d = desk();
    let me = siaga::cli::officer();
    let ids = d.seed(|q| {
        let ids = ingest(
            q,
            &[
                (
                    "p1",
                    "warga_a",
                    "tolong telepon saya besok pagi soal paspor",
                ),
                ("p2", "warga_b", "mohon dihubungi lagi nanti sore"),
            ],
        );
        let until = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3);
        q.apply(ids[0], &Change::Snooze { until }, &me).unwrap();
        q.apply(ids[1], &Change::Snooze { until }, "budi-lain")
            .unwrap();
        ids
    });
    let out = d.ok(&["shift"]).stdout;
    let mine = format!("#{} ", ids[0]);
    let theirs = format!("#{} ", ids[1]);
    let callbacks = out
        .split("Promised call-backs")
        .nth(1)
        .unwrap_or_else(|| panic!("no call-backs section:\n{out}"));
    assert!(callbacks.contains(&mine), "my snooze is listed:\n{out}");
    assert!(
        !out.contains(&theirs),
        "a colleague's snooze is theirs:\n{out}"
    );
}

/// A fresh install has no mission contacts: an officer who phoned the
/// mission records that, with the same deadline and acknowledgement.
#[test]
fn escalate_records_a_call_made_by_phone_without_any_contact_configured() {
    let d = desk();
    let ids = d.seed(|q| ingest(q, &[("p1", "warga", "adik saya di Riyadh paspor ditahan")]));
    let id = ids[0].to_string();
    // Sending is still refused, and says what else can be done.
    let refused = d.run(&["escalate", &id, "--mission", "riyadh", "--wait", "0"]);
    assert_ne!(refused.code, 0, "{refused:?}");
    assert!(refused.stderr.contains("--via phone"), "{refused:?}");

    let made = d.ok(&[
        "escalate",
        &id,
        "--mission",
        "riyadh",
        "--via",
        "phone",
        "--reached",
        "Pak Hendra \u{1b}[31m(piket)",
    ]);
    assert!(made.stdout.contains("to KBRI Riyadh recorded"), "{made:?}");
    assert!(
        made.stdout
            .contains("phone made by the officer → Pak Hendra ^[[31m(piket)"),
        "who was reached, shown safely: {made:?}"
    );
    assert!(made.stdout.contains("ack due"), "{made:?}");
    let open = d.ok(&["escalations"]).stdout;
    assert!(
        open.contains("KBRI Riyadh"),
        "awaiting acknowledgement: {open}"
    );
    let acked = d.ok(&["ack", &id, "--by", "Pak Hendra", "--how", "phone"]);
    assert!(
        acked.stdout.contains("acknowledged by Pak Hendra"),
        "{acked:?}"
    );

    // Only a call or a WhatsApp is recorded as made; a name is needed.
    let bad = d.run(&[
        "escalate",
        &id,
        "--mission",
        "riyadh",
        "--via",
        "email",
        "--reached",
        "x",
    ]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("phone or whatsapp"), "{bad:?}");
    let unnamed = d.run(&["escalate", &id, "--mission", "riyadh", "--via", "whatsapp"]);
    assert_eq!(unnamed.code, 2, "{unnamed:?}");
    assert!(unnamed.stderr.contains("--reached"), "{unnamed:?}");
}

/// `siaga --lang id shift`: the digest in Bahasa Indonesia, in the same
/// shape (#15); the locale chooses the same when `--lang` is not given.
#[test]
fn the_shift_digest_speaks_the_officers_language() {
    let d = desk();
    d.seed(|q| ingest(q, &[("p1", "warga", "paspor saya ditahan")]));
    let english = d.ok(&["shift", "--markdown"]).stdout;
    assert!(english.contains("# Shift handover: "), "{english}");
    let indonesian = d.ok(&["--lang", "id", "shift", "--markdown"]).stdout;
    assert!(
        indonesian.contains("# Serah terima piket: "),
        "{indonesian}"
    );
    assert!(
        indonesian.contains("## Eskalasi menunggu tanda terima (0)"),
        "{indonesian}"
    );
    assert!(indonesian.contains("- tidak ada"), "{indonesian}");
    assert!(!indonesian.contains("Held open"), "{indonesian}");
    let out = d
        .command(&["shift"])
        .env("LANG", "id_ID.UTF-8")
        .output()
        .unwrap();
    let by_locale = String::from_utf8(out.stdout).unwrap();
    assert!(by_locale.contains("Serah terima piket: "), "{by_locale}");
    let took = d.ok(&["--lang", "id", "shift", "accept", "nobody"]).stdout;
    assert!(
        took.contains("mengambil alih 0 aduan dari nobody"),
        "{took}"
    );
    let took = d.ok(&["shift", "accept", "nobody"]).stdout;
    assert!(took.contains("took over 0 inquiries from nobody"), "{took}");
}

/// `show`, `claim`, `tag` and `list` in Bahasa Indonesia (#15); the
/// citizen's words and `--json` stay as they are.
#[test]
fn the_inquiry_verbs_speak_the_officers_language() {
    let d = desk();
    let ids = d.seed(|q| ingest(q, &[("p1", "warga", "paspor saya ditahan")]));
    let id = ids[0].0.to_string();
    let shown = d.ok(&["--lang", "id", "show", &id]).stdout;
    assert!(shown.contains("Dari: "), "{shown}");
    assert!(shown.contains("Riwayat:"), "{shown}");
    assert!(shown.contains("paspor saya ditahan"), "{shown}");
    assert!(!shown.contains("From: "), "{shown}");
    let claimed = d.ok(&["--lang", "id", "claim", &id]).stdout;
    assert!(
        claimed.contains(&format!("#{id} diambil oleh ")),
        "said once (#21): {claimed}"
    );
    let tagged = d.ok(&["--lang", "id", "tag", &id, "minor"]).stdout;
    assert!(tagged.contains("label: minor"), "{tagged}");
    let listed = d.ok(&["--lang", "id", "list"]).stdout;
    assert!(listed.contains(" diambil "), "{listed}");
    let json = d.ok(&["--lang", "id", "list", "--json"]).stdout;
    assert!(
        json.contains("\"status\":\"claimed\""),
        "stable identifiers: {json}"
    );
    let english = d.ok(&["show", &id]).stdout;
    assert!(
        english.contains("From: ") && english.contains("History:"),
        "{english}"
    );
    let closed = d.ok(&["close", &id, "--reason", "done"]).stdout;
    assert!(
        closed.contains(&format!("#{id} closed, claimed by ")),
        "{closed}"
    );
}

/// The outbox, the escalations and `config check` in Bahasa Indonesia;
/// the same runs in English unchanged (#15).
#[test]
fn the_outbox_escalations_and_config_check_speak_the_officers_language() {
    let d = desk();
    d.seed(|q| ingest(q, &[("p1", "warga", "paspor saya ditahan")]));
    let outbox = d.ok(&["--lang", "id", "outbox"]).stdout;
    assert!(outbox.contains("Belum terkirim (0):"), "{outbox}");
    assert!(
        outbox.contains("Terakhir terkirim atau dibatalkan (0):"),
        "{outbox}"
    );
    let open = d.ok(&["--lang", "id", "escalations"]).stdout;
    assert!(open.contains("Terbuka (0):"), "{open}");
    let checked = d.ok(&["--lang", "id", "config", "check"]).stdout;
    assert!(checked.contains("konfigurasi baik ("), "{checked}");
    assert!(d.ok(&["outbox"]).stdout.contains("Not yet sent (0):"));
    assert!(d.ok(&["config", "check"]).stdout.contains("config ok ("));
    let refused = d.run(&["--lang", "id", "reply", "1", "--template", "nope"]);
    assert!(
        refused.stderr.contains("tidak ada templat bernama `nope`"),
        "{}",
        refused.stderr
    );
}
