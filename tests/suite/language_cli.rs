//! The records verbs, `siaga report` and the modes' messages in Bahasa
//! Indonesia (#15), in the real binary: each in `--lang id`, and the same
//! run in English unchanged. What the citizen wrote, ids, `--json` and the
//! exports stay as they are in either language.

use crate::records_cli::{desk, ingest};

/// `siaga --lang id report`: the statistics in Bahasa Indonesia, in the
/// same Markdown shape; categories and priorities are names, untranslated.
#[test]
fn the_report_speaks_the_officers_language() {
    let d = desk();
    d.seed(|q| {
        ingest(
            q,
            &[
                ("r1", "warga_a", "paspor saya hilang"),
                ("r2", "warga_b", "gaji belum dibayar"),
            ],
        )
    });
    let id = d.ok(&["--lang", "id", "report"]).stdout;
    assert!(id.starts_with("# Laporan siaga: "), "{id}");
    for line in [
        " s.d. ",
        "Aduan diterima: **2**",
        "- Median waktu hingga balasan pertama, sejak unggahan warga: belum ada (0 dijawab)",
        "  - sejak diambil siaga: belum ada",
        "- Median waktu hingga tanda terima dari Perwakilan: belum ada (0 diterima)",
        "## Menurut kategori\n\n| Kategori | Jumlah |\n|---|---:|\n| labour | 2 |",
        "## Menurut prioritas",
        "| P2 | 2 |",
        "## Menurut saluran",
        "| publik | 2 |",
        "## Menurut status saat ini",
        "| baru | 2 |",
        "## Menurut Perwakilan tujuan eskalasi",
        "| (tidak ada) | 0 |",
    ] {
        assert!(id.contains(line), "missing {line:?} in\n{id}");
    }
    for english in ["Inquiries", "Count", "By ", "n/a", "(none)"] {
        assert!(!id.contains(english), "{english:?} in\n{id}");
    }
    let en = d.ok(&["report"]).stdout;
    assert!(en.starts_with("# siaga report: "), "{en}");
    for line in [
        "Inquiries received: **2**",
        "- Median time to first reply, from the citizen's post: n/a (0 answered)",
        "  - from when siaga fetched it: n/a",
        "- Median time to acknowledgement by the mission: n/a (0 acknowledged)",
        "## By category\n\n| Category | Count |\n|---|---:|\n| labour | 2 |",
        "| public | 2 |",
        "## By status now",
        "| new | 2 |",
        "## By escalated to",
        "| (none) | 0 |",
    ] {
        assert!(en.contains(line), "missing {line:?} in\n{en}");
    }
    let bad = d.run(&["--lang", "id", "report", "--month", "2026-13"]);
    assert_ne!(bad.code, 0, "{bad:?}");
    assert!(
        bad.stderr
            .contains("siaga: `2026-13` bukan bulan; tulis YYYY-MM"),
        "{bad:?}"
    );
    let bad = d.run(&["report", "--month", "2026-13"]);
    assert!(
        bad.stderr
            .contains("siaga: `2026-13` is not a month; use YYYY-MM"),
        "{bad:?}"
    );
}

/// A person's data erased, an inquiry held and released, and a purge, in
/// Bahasa Indonesia; `--json` and the reasons typed stay as they are.
#[test]
fn erase_hold_and_purge_speak_the_officers_language() {
    let d = desk();
    let ids = d.seed(|q| {
        ingest(
            q,
            &[
                ("e1", "budi_99", "paspor saya hilang di Riyadh"),
                ("e2", "budi_99", "masih belum ada kabar"),
                ("e3", "warga_c", "kakak saya @budi_99 ditahan"),
            ],
        )
    });
    let (first, held, other) = (ids[0], ids[1], ids[2]);
    let hold = d.ok(&[
        "--lang",
        "id",
        "hold",
        &held.to_string(),
        "--reason",
        "perkara 12/2026",
    ]);
    assert_eq!(
        hold.stdout,
        format!(
            "#{held}: ditahan untuk keperluan hukum (tidak dimusnahkan atau dihapus sampai \
             penahanan dicabut)\n"
        )
    );
    let listed = d.ok(&[
        "--lang",
        "id",
        "subject",
        "erase",
        "budi_99",
        "--reason",
        "surel 20 Nov",
    ]);
    let out = &listed.stdout;
    assert!(out.starts_with("Subjek data: @budi_99\n"), "{listed:?}");
    assert!(out.contains("Aduan yang ditulisnya: 2\n"), "{listed:?}");
    assert!(out.contains(" publik baru labour diterima "), "{listed:?}");
    assert!(
        out.contains("[ditahan untuk keperluan hukum: perkara 12/2026]"),
        "{listed:?}"
    );
    assert!(
        out.contains("    paspor saya hilang di Riyadh\n"),
        "{listed:?}"
    );
    assert!(
        out.contains(&format!(
            "Disebut dalam aduan orang lain (tidak ikut dihapus bersama data mereka): #{other}"
        )),
        "{listed:?}"
    );
    assert!(
        out.contains("\nBelum ada yang dihapus. Tambahkan --yes untuk menghapus data pribadi"),
        "{listed:?}"
    );
    let english = d.ok(&["subject", "erase", "budi_99", "--reason", "e-mail 20 Nov"]);
    assert!(
        english.stdout.starts_with("Person: @budi_99\n"),
        "{english:?}"
    );
    assert!(
        english.stdout.contains(" public new labour received "),
        "{english:?}"
    );
    assert!(
        english.stdout.contains("[legal hold: perkara 12/2026]"),
        "{english:?}"
    );
    assert!(
        english
            .stdout
            .contains("\nNothing erased. Add --yes to erase the inquiries listed above.\n"),
        "{english:?}"
    );
    let json_id = d.ok(&["--lang", "id", "subject", "find", "budi_99", "--json"]);
    let json_en = d.ok(&["subject", "find", "budi_99", "--json"]);
    assert_eq!(json_id.stdout, json_en.stdout, "--json is language-neutral");
    assert!(json_id.stdout.contains("\"status\":\"new\""), "{json_id:?}");

    let erased = d.run(&[
        "--lang",
        "id",
        "subject",
        "erase",
        "budi_99",
        "--reason",
        "surel 20 Nov",
        "--yes",
    ]);
    assert_eq!(erased.code, 1, "one inquiry is kept: {erased:?}");
    assert!(
        erased
            .stdout
            .contains(&format!("\ndata pribadi dihapus: #{first}\n")),
        "{erased:?}"
    );
    assert!(
        erased.stdout.contains(&format!("tetap disimpan #{held}: ")),
        "{erased:?}"
    );
    assert!(
        !erased.stdout.contains("erased:") && !erased.stdout.contains("kept #"),
        "{erased:?}"
    );

    let released = d.ok(&[
        "--lang",
        "id",
        "hold",
        &held.to_string(),
        "--reason",
        "perkara selesai",
        "--release",
    ]);
    assert_eq!(
        released.stdout,
        format!("#{held}: penahanan untuk keperluan hukum dicabut\n")
    );
    let purge = d.ok(&["--lang", "id", "purge", "--dry-run"]);
    assert!(
        purge.stdout.starts_with("0 aduan akan dihapus\n"),
        "{purge:?}"
    );
    let purge = d.ok(&["purge", "--dry-run"]);
    assert!(
        purge.stdout.starts_with("would erase 0 inquiries\n"),
        "{purge:?}"
    );
    let hold = d.ok(&["hold", &held.to_string(), "--reason", "court case"]);
    assert_eq!(
        hold.stdout,
        format!("#{held}: on legal hold (never purged or erased until released)\n")
    );
}

/// `audit verify`, `check`, `backup` and `export` in Bahasa Indonesia;
/// the export itself is the same file in either language.
#[test]
fn audit_check_backup_and_export_speak_the_officers_language() {
    let d = desk();
    d.seed(|q| ingest(q, &[("a1", "warga_a", "paspor saya hilang")]));
    let audit = d.ok(&["--lang", "id", "audit", "verify"]);
    assert!(audit.stdout.starts_with("riwayat utuh: "), "{audit:?}");
    assert!(
        audit.stdout.contains("(Catat ujung ini di luar siaga"),
        "{audit:?}"
    );
    let audit = d.ok(&["audit", "verify"]);
    assert!(audit.stdout.starts_with("history intact: "), "{audit:?}");
    let check = d.ok(&["--lang", "id", "check"]);
    assert_eq!(
        check.stdout,
        "1 aduan diperiksa\n  semua indeks sesuai dengan data aduan\n"
    );
    let check = d.ok(&["check"]);
    assert_eq!(
        check.stdout,
        "checked 1 inquiries\n  every index agrees with the items\n"
    );
    let backup = d.path("backup.siaga");
    let made = d.ok(&["--lang", "id", "backup", backup.to_str().unwrap()]);
    assert!(made.stdout.starts_with("cadangan ditulis: "), "{made:?}");
    assert!(made.stdout.contains(" bita, "), "{made:?}");
    assert!(made.stdout.contains("\nsha256 "), "{made:?}");
    assert!(
        made.stdout.contains("ujung riwayat saat dicadangkan: "),
        "{made:?}"
    );
    let id = d.ok(&["--lang", "id", "export", "--format", "csv"]);
    assert_eq!(id.stderr, "1 aduan diekspor (disamarkan)\n");
    let en = d.ok(&["export", "--format", "csv"]);
    assert_eq!(en.stderr, "exported 1 inquiry (redacted)\n");
    assert_eq!(
        id.stdout.lines().next(),
        en.stdout.lines().next(),
        "the export's columns are language-neutral"
    );
    let taken = d.path("taken.csv");
    std::fs::write(&taken, "").unwrap();
    let refused = d.run(&["--lang", "id", "export", "--out", taken.to_str().unwrap()]);
    assert!(
        refused.stderr.contains("(berkas itu belum boleh ada)"),
        "{refused:?}"
    );
}

/// `siaga ingest --once` with no sources says so in Bahasa Indonesia.
#[test]
fn ingest_without_sources_speaks_the_officers_language() {
    let d = desk();
    let id = d.run(&["--lang", "id", "ingest", "--once"]);
    assert_ne!(id.code, 0, "{id:?}");
    assert_eq!(
        id.stderr,
        "siaga: tidak ada [[sources]] di konfigurasi; lihat contohnya dengan \
         `siaga config default`\n"
    );
    let en = d.run(&["ingest", "--once"]);
    assert_ne!(en.code, 0, "{en:?}");
    assert_eq!(
        en.stderr,
        "siaga: no [[sources]] in the config; see `siaga config default` for an example\n"
    );
}

/// A store another siaga holds: who holds it and what to do, in Bahasa
/// Indonesia; in English word for word as before.
#[test]
fn a_locked_store_is_said_in_the_officers_language() {
    let d = desk();
    let data = d.data.display().to_string();
    let socket = d.path("no-daemon.sock").display().to_string();
    let pid = std::process::id();
    let (id, en) = d.seed(|_held_here| (d.run(&["--lang", "id", "list"]), d.run(&["list"])));
    assert_ne!(id.code, 0, "{id:?}");
    assert_eq!(
        id.stderr,
        format!(
            "siaga: penyimpanan di {data} sedang dipakai proses siaga lain (pid {pid}).\n\
             Tutup siaga itu, atau jika `siaga serve` berjalan di host ini, jalankan siaga \
             sebagai kliennya.\n\
             Tidak ada `siaga serve` yang menjawab di {socket}; jika daemon seharusnya \
             berjalan, jalankan (systemctl start siaga), atau tutup siaga yang lain.\n"
        )
    );
    assert_ne!(en.code, 0, "{en:?}");
    assert_eq!(
        en.stderr,
        format!(
            "siaga: the store at {data} is in use by another siaga process (pid {pid}).\n\
             Close that siaga, or if `siaga serve` runs on this host, start siaga as its \
             client.\n\
             No `siaga serve` answers on {socket}; if a daemon should run, start it \
             (systemctl start siaga), or close the other siaga.\n"
        )
    );
}
