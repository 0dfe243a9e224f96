//! The texts made below the screen, in the officer's language (#15): the
//! compose checks' refusals, the escalation's reason and the directory's
//! problems, the placeholder of a restricted text, a reply in one line,
//! and the escalation e-mail's framing in both languages. What is
//! recorded and sent (the reason, the packet, the history) keeps its
//! words; only what a person reads is worded.

use crate::common;
use common::screen::flat;

use common::screen::{draw, status_bar};
use common::ui::{press, run, screen_state, select, terminal_keys, typed};

use jiff::SignedDuration;
use siaga::config::Config;
use siaga::escalate::packet::{Request, build, email_text, reason_in, subject};
use siaga::escalate::{Delivery, Escalation, Purpose, Route};
use siaga::i18n::Lang;
use siaga::model::{Channel, Event, Inquiry, Mark};
use siaga::queue::InquiryDetail;
use siaga::queue::shift::ShiftDigest;
use siaga::reply::{PlatformRules, Reply, ReplyId, ReplyState};
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::{Action, Command, Mode, State, update};

fn config() -> Config {
    Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n",
        "t.toml",
    )
    .expect("a valid config")
}

fn options(lang: Lang) -> UiOptions {
    let mut options = UiOptions::from_config(&config(), "siti", false, true);
    options.lang = lang;
    options
}

/// The queue of `common::rows(40)`; #3 names Riyadh.
fn state(lang: Lang) -> State {
    screen_state(&options(lang), 80, 24, 40)
}

fn loaded(s: &mut State, inquiry: Inquiry, replies: Vec<Reply>) {
    update(
        s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history: Vec::new(),
            replies,
            rules: PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
}

/// `r` on #3, the `mission_contact` template, and `more` typed after it.
fn compose(lang: Lang, more: &str) -> State {
    let mut s = state(lang);
    select(&mut s, 3);
    press(&mut s, Command::Reply);
    let inquiry = s.rows[s.selected].clone();
    loaded(&mut s, inquiry, Vec::new());
    typed(&mut s, "miss");
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(matches!(s.mode, Mode::Compose { .. }));
    run(&mut s, terminal_keys(more, Action::ComposeInput));
    s
}

// ------------------------------------------------------------- compose

#[test]
fn a_compose_refusal_reads_in_indonesian_on_the_screen_and_in_the_news() {
    let long = " Mohon juga siapkan salinan kontrak kerja, slip gaji terakhir, nama agen penyalur dan alamat majikan.";
    let mut s = compose(Lang::Id, long);
    let (measure, problem) = s.compose.as_ref().unwrap().verdict(&s.reply_config);
    assert!(measure.count > 280, "{measure:?}");
    let problem = problem.expect("too long");
    assert_eq!(
        problem.to_string(),
        format!("too long for X: {} of 280", measure.count),
        "what the desk answers a client stays English"
    );
    let screen = draw(&s);
    let verdict = format!(
        " {}/280 terlalu panjang untuk X: {} dari 280",
        measure.count, measure.count
    );
    assert!(screen.contains(&verdict), "{verdict}:\n{screen}");
    assert!(!screen.contains("too long for"), "{screen}");
    press(&mut s, Command::Send);
    assert_eq!(
        s.message.as_deref(),
        Some(
            format!(
                "tidak dikirim: terlalu panjang untuk X: {} dari 280",
                measure.count
            )
            .as_str()
        )
    );

    // A phone number in public, named in Indonesian.
    let s = compose(Lang::Id, " Hubungi 0812-7777-3412.");
    let text = flat(&draw(&s));
    assert!(
        text.contains("balasan publik tidak boleh memuat nomor telepon; balas secara pribadi saja"),
        "{text}"
    );

    // And in English as it always read.
    let s = compose(Lang::En, " Hubungi 0812-7777-3412.");
    let text = flat(&draw(&s));
    assert!(
        text.contains("a public reply must not contain a phone number; answer privately instead"),
        "{text}"
    );
}

// ---------------------------------------------------------- escalation

/// `e` on #3 (Riyadh), `mission` typed, Enter.
fn form(lang: Lang, mission: &str) -> State {
    let mut s = state(lang);
    select(&mut s, 3);
    press(&mut s, Command::Escalate);
    typed(&mut s, mission);
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(matches!(s.mode, Mode::Escalate { .. }), "{mission}");
    s
}

#[test]
fn the_escalation_forms_reason_and_the_directorys_problem_read_in_indonesian() {
    let s = form(Lang::Id, "");
    let text = flat(&draw(&s));
    assert!(
        text.contains("alasan: Riyadh (disebut sebagai tempat ia berada) → KBRI Riyadh"),
        "{text}"
    );
    // What is recorded stays as routing made it.
    let f = s.escalate.as_ref().unwrap();
    assert_eq!(f.reason, "Riyadh (named as where they are) → KBRI Riyadh");

    // Another mission than the suggested one; it has no contact.
    let mut s = form(Lang::Id, "tawau");
    let text = flat(&draw(&s));
    assert!(
        text.contains(
            "alasan: dipilih oleh siti (saran: Riyadh (disebut sebagai tempat ia berada) → KBRI Riyadh)"
        ),
        "{text}"
    );
    assert!(
        text.contains("tidak dapat dikirim: KRI Tawau tidak punya surel atau webhook"),
        "{text}"
    );
    assert!(text.contains("isi [missions.tawau] email"), "{text}");
    assert!(!text.contains("has no e-mail"), "{text}");
    assert!(
        s.escalate
            .as_ref()
            .unwrap()
            .reason
            .starts_with("chosen by siti (suggested: "),
        "recorded in English"
    );
    // Sent as it stands: refused in Indonesian, nothing asked of the desk.
    press(&mut s, Command::Send);
    let screen = draw(&s);
    let bar = status_bar(&s, &screen);
    assert!(
        bar.contains("tidak diteruskan: KRI Tawau tidak punya surel"),
        "{bar}"
    );
    assert!(!s.escalate.as_ref().unwrap().sending);

    // Phoned, but no one named yet.
    press(&mut s, Command::Via);
    press(&mut s, Command::Send);
    assert_eq!(
        s.message.as_deref(),
        Some("tidak diteruskan: sebutkan nama orang yang Anda hubungi di Perwakilan")
    );

    // In English, the form reads as before.
    let s = form(Lang::En, "tawau");
    let text = flat(&draw(&s));
    assert!(
        text.contains(
            "why: chosen by siti (suggested: Riyadh (named as where they are) → KBRI Riyadh)"
        ),
        "{text}"
    );
    assert!(
        text.contains("cannot deliver: KRI Tawau has no e-mail or webhook"),
        "{text}"
    );
}

#[test]
fn the_mission_pickers_suggestion_reads_in_indonesian() {
    let mut s = state(Lang::Id);
    select(&mut s, 3);
    press(&mut s, Command::Escalate);
    let screen = draw(&s);
    assert!(
        screen
            .contains("Teruskan #3 ke (✓ Riyadh (disebut sebagai tempat ia berada) → KBRI Riyadh)"),
        "{screen}"
    );
}

// ------------------------------------------------- restricted, replies

fn restricted(inq: &mut Inquiry) {
    inq.restricted = Some(Mark {
        at: common::now(),
        by: "supervisor".into(),
        reason: "surat 20 Nov".into(),
    });
}

#[test]
fn a_restricted_inquirys_detail_says_so_in_indonesian() {
    let mut s = state(Lang::Id);
    select(&mut s, 3);
    press(&mut s, Command::Open);
    let mut inquiry = s.rows[s.selected].clone();
    restricted(&mut inquiry);
    s.rows[s.selected] = inquiry.clone();
    loaded(&mut s, inquiry.clone(), Vec::new());
    let screen = draw(&s);
    let text = flat(&screen);
    assert!(
        text.contains("[teks dibatasi atas permintaan yang bersangkutan]"),
        "{screen}"
    );
    assert!(!text.contains("Riyadh"), "the text stays hidden:\n{screen}");
    assert!(!text.contains("[text restricted"), "{screen}");

    // In English, as it always read; what is stored is the text itself.
    let mut s = state(Lang::En);
    select(&mut s, 3);
    press(&mut s, Command::Open);
    s.rows[s.selected] = inquiry.clone();
    loaded(&mut s, inquiry.clone(), Vec::new());
    let text = flat(&draw(&s));
    assert!(
        text.contains("[text restricted at the person's request]"),
        "{text}"
    );
    assert!(inquiry.text.contains("Riyadh"));
    assert_eq!(
        siaga::records::mask::for_display(&inquiry, &inquiry.text, false, &[]),
        "[text restricted at the person's request]"
    );
}

fn reply(inq: &Inquiry, state: ReplyState, minutes_ago: i64) -> Reply {
    let mut r = Reply::draft(
        inq.id,
        &inq.source,
        "budi",
        common::now() - SignedDuration::from_mins(minutes_ago),
        Channel::Public,
        siaga::reply::Lang::Id,
        Some("mission_contact".into()),
        "Halo, mohon hubungi Direktorat Pelindungan WNI.".into(),
        siaga::reply::compose::target(inq),
    );
    r.id = ReplyId(7);
    r.state = state;
    if state == ReplyState::Sent {
        r.platform_id = Some("1999000000000000001".into());
    } else {
        r.last_error = Some("X 503: Service Unavailable".into());
    }
    r
}

#[test]
fn a_reply_in_one_line_reads_in_indonesian_in_the_detail_and_the_digest() {
    let inq = common::rows(3).into_iter().find(|i| i.id.0 == 3).unwrap();
    let sent = reply(&inq, ReplyState::Sent, 30);
    assert_eq!(
        sent.summary_in(Lang::Id),
        "r7 terkirim publik oleh budi -> 1999000000000000001"
    );
    let failed = reply(&inq, ReplyState::Failed, 5);
    assert_eq!(
        failed.summary_in(Lang::Id),
        "r7 gagal publik oleh budi (X 503: Service Unavailable)",
        "the platform's error as it came"
    );
    for r in [&sent, &failed] {
        assert_eq!(r.summary_in(Lang::En), r.summary(), "English as before");
    }

    // The detail's replies.
    let mut s = state(Lang::Id);
    select(&mut s, 3);
    press(&mut s, Command::Open);
    let inquiry = s.rows[s.selected].clone();
    loaded(&mut s, inquiry.clone(), vec![sent.clone()]);
    let text = flat(&draw(&s));
    assert!(
        text.contains("r7 terkirim publik oleh budi 30 menit lalu → 1999000000000000001"),
        "{text}"
    );

    // The shift digest: the reply, and a restricted inquiry held.
    let mut held = inquiry.clone();
    restricted(&mut held);
    held.claimed_by = Some("budi".into());
    held.status = siaga::model::Status::Claimed;
    let digest = ShiftDigest {
        officer: "budi".into(),
        at: common::now(),
        held: vec![held],
        snoozed: Vec::new(),
        replies: vec![failed.clone()],
        escalations: Vec::new(),
        notes: Vec::new(),
    };
    let id = digest.markdown(Lang::Id);
    assert!(
        id.contains("- r7 #3: r7 gagal publik oleh budi (X 503: Service Unavailable)"),
        "{id}"
    );
    assert!(
        id.contains("[diambil]: [teks dibatasi atas permintaan yang bersangkutan]"),
        "{id}"
    );
    let en = digest.markdown(Lang::En);
    assert!(
        en.contains("- r7 #3: r7 failed public by budi (X 503: Service Unavailable)"),
        "{en}"
    );
    assert!(
        en.contains("[claimed]: [text restricted at the person's request]"),
        "{en}"
    );
}

// ------------------------------------------------------------- e-mail

/// #3 escalated to KBRI Riyadh by siti, the reason as the form records
/// it when the officer chose another mission than routing's.
fn escalated(purpose: Purpose) -> (Escalation, Delivery) {
    let config = config();
    let options = options(Lang::Id);
    let inq = common::rows(3).into_iter().find(|i| i.id.0 == 3).unwrap();
    let history = vec![Event {
        seq: 0,
        at: inq.created_at,
        officer: "siaga".into(),
        what: "received".into(),
        before: None,
        after: Some("demo".into()),
        link: None,
        sealed: None,
        content: None,
    }];
    let request = Request {
        mission: "riyadh".into(),
        reason: "chosen by siti (suggested: Riyadh (named as where they are) → KBRI Riyadh)".into(),
        severity: siaga::model::Priority::P2,
        summary: "labour — gaji tidak dibayar".into(),
        note: "Majikan di Dammam.".into(),
        made: None,
    };
    let e = build(
        &inq,
        &history,
        &request,
        "siti",
        common::now(),
        &config.missions,
        &options.escalation.escalation,
        None,
        "SIAGA-3",
    )
    .expect("riyadh takes it");
    let mut d = e.deliveries[0].clone();
    if purpose != Purpose::Mission {
        d = Delivery::new(Route::Email, "pwni@kemlu.test", purpose);
    }
    (e, d)
}

#[test]
fn the_escalation_email_frames_the_case_in_indonesian_then_english() {
    let (e, d) = escalated(Purpose::Mission);
    let body = email_text(&e, &d);
    let at = |needle: &str| {
        body.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{body}"))
    };
    // Each sentence in Indonesian, then in English.
    let pairs = [
        (
            "Kasus SIAGA-3 diteruskan ke KBRI Riyadh oleh siti pada ",
            "Case SIAGA-3 escalated to KBRI Riyadh by siti at ",
        ),
        (
            "Tingkat keparahan P2. Mohon kirim tanda terima sebelum ",
            "Severity P2. Please acknowledge by ",
        ),
        (
            "Alasan memilih Perwakilan ini: dipilih oleh siti (saran: Riyadh (disebut sebagai tempat ia berada) → KBRI Riyadh)",
            "Why this mission: chosen by siti (suggested: Riyadh (named as where they are) → KBRI Riyadh)",
        ),
        ("  -- pesan susulan --", "  -- follow-up --"),
        (
            "Pesan ini memuat data pribadi warga yang memerlukan pelindungan (UU 27/2022).",
            "This message holds personal data of a citizen in need of protection (UU 27/2022).",
        ),
    ];
    for (id, en) in pairs {
        if id.contains("susulan") && e.packet.text.value.len() < 2 {
            continue;
        }
        assert!(at(id) < at(en), "{id:?} before {en:?}:\n{body}");
    }
    // Labels in both, Indonesian first; the words once, as written.
    for label in [
        "Ringkasan / Summary: labour — gaji tidak dibayar",
        "Catatan petugas / Officer's note: Majikan di Dammam.",
        "Kategori / Category: ",
        "Prioritas / Priority: ",
        "Saluran / Channel: ",
        "[DATA PRIBADI] Penulis / [PERSONAL DATA] Author:",
        "[DATA PRIBADI] Isi pesan warga, sebagaimana diterima / [PERSONAL DATA] The citizen's words, as received:",
        "Riwayat / History:",
    ] {
        assert!(body.contains(label), "{label:?}:\n{body}");
    }
    let words = &e.packet.text.value[0];
    let first = words.lines().next().unwrap();
    assert_eq!(body.matches(first).count(), 1, "{body}");
    assert_eq!(body.matches("Majikan di Dammam.").count(), 1, "{body}");
    // What is recorded is unchanged.
    assert!(e.reason.starts_with("chosen by siti (suggested: "));
    assert_eq!(
        reason_in(Lang::En, &e.reason),
        e.reason,
        "the English reason as recorded"
    );

    let s = subject(&e, &d);
    assert_eq!(
        s,
        "[SIAGA P2 SIAGA-3] KBRI Riyadh — kasus labour / labour case"
    );
}

/// The mission may be in another zone (#21): the e-mail gives UTC first,
/// then the desk's own clock, named; on a desk in UTC, UTC alone.
#[test]
fn the_escalation_email_gives_utc_then_the_desks_clock() {
    let (e, d) = escalated(Purpose::Mission);
    let utc = email_text(&e, &d);
    assert!(utc.contains("by siti at 2026-11-28 03:00 UTC."), "{utc}");
    let jakarta = siaga::model::zone::named("Asia/Jakarta").unwrap();
    let _pin = siaga::model::zone::pin(jakarta);
    let body = email_text(&e, &d);
    assert!(body.contains("2026-11-28 03:00 UTC (10:00 WIB)"), "{body}");
    let due = siaga::model::zone::clock_zoned(e.deadline);
    assert!(due.ends_with(" WIB"), "{due}");
    let due = format!("{} UTC ({due})", e.deadline.strftime("%Y-%m-%d %H:%M"));
    assert!(body.contains(&due), "{due} in:\n{body}");
    // The history's times, as recorded, say they are UTC.
    let history = body.split("Riwayat / History:").nth(1).expect(&body);
    let times: Vec<&str> = history.lines().filter(|l| l.starts_with("  20")).collect();
    assert!(!times.is_empty(), "{body}");
    assert!(times.iter().all(|l| l[2..].contains(" UTC ")), "{body}");
}

#[test]
fn the_supervisor_and_the_default_desk_read_both_languages_too() {
    let (e, d) = escalated(Purpose::Supervisor);
    let s = subject(&e, &d);
    assert!(
        s.contains("LEWAT BATAS, belum ada tanda terima / OVERDUE, not acknowledged: KBRI Riyadh"),
        "{s}"
    );
    let body = email_text(&e, &d);
    let id = body.find("Eskalasi ini belum mendapat tanda terima hingga batas waktunya");
    let en = body.find("This escalation was not acknowledged by its deadline");
    assert!(id.is_some() && id < en, "{body}");

    let (e, d) = escalated(Purpose::DefaultDesk);
    let s = subject(&e, &d);
    assert!(
        s.contains("Untuk piket pusat / For the default desk: "),
        "{s}"
    );
    let body = email_text(&e, &d);
    let id =
        body.find("KBRI Riyadh belum punya kontak di siaga; kasus ini ditujukan kepada mereka.");
    let en = body.find("KBRI Riyadh has no contact configured in siaga; this case is for them.");
    assert!(id.is_some() && id < en, "{body}");
}
