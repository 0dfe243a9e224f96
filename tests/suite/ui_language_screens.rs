//! Every screen of the desk in both languages, at 80x24 and 120x40 (#15):
//! the queue, the detail, help, a picker, the template picker, the compose
//! screen, the mission picker, the escalation form and the shift handover,
//! reached by the keys an officer presses. Each is a snapshot; each fits
//! its width; its hint bar is never cut mid-word (Indonesian runs longer:
//! a hint that does not fit is not drawn at all); and an Indonesian screen
//! shows none of the English words of its chrome.

use crate::common;

use common::screen::draw;
use common::ui::{press, screen_state, select, typed};

use insta::assert_snapshot;
use siaga::config::Config;
use siaga::i18n::Lang;
use siaga::model::Status;
use siaga::queue::InquiryDetail;
use siaga::queue::shift::ShiftDigest;
use siaga::reply::PlatformRules;
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::{Action, Command, Mode, State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn options(lang: Lang) -> UiOptions {
    // SAFETY: every test of the suite that sets TZ sets this same value.
    unsafe { std::env::set_var("TZ", "UTC") };
    let config = Config::from_user_text(
        "[missions.riyadh]\nemail = \"desk@kbri-riyadh.test\"\n",
        "t.toml",
    )
    .expect("a valid config");
    let mut options = UiOptions::from_config(&config, "siti", false, true);
    options.lang = lang;
    options
}

fn queue(lang: Lang, (w, h): (u16, u16)) -> State {
    let mut s = screen_state(&options(lang), w, h, 40);
    select(&mut s, 3);
    s
}

/// The selected inquiry's detail arrives, as `Open` and `r` ask for it.
fn detail_loaded(s: &mut State) {
    let inquiry = s.rows[s.selected].clone();
    update(
        s,
        Action::DetailLoaded(Box::new(InquiryDetail {
            inquiry,
            history: Vec::new(),
            replies: Vec::new(),
            rules: PlatformRules::x(),
            escalations: Vec::new(),
            same_author_open: Vec::new(),
        })),
    );
}

/// The screens, each reached from the queue by an officer's keys.
fn screens(lang: Lang, size: (u16, u16)) -> Vec<(&'static str, State)> {
    let mut out = vec![("queue", queue(lang, size))];

    let mut s = queue(lang, size);
    press(&mut s, Command::Open);
    detail_loaded(&mut s);
    out.push(("detail", s));

    let mut s = queue(lang, size);
    press(&mut s, Command::Help);
    out.push(("help", s));

    let mut s = queue(lang, size);
    press(&mut s, Command::Close);
    out.push(("close_picker", s));

    let mut s = queue(lang, size);
    press(&mut s, Command::Reply);
    detail_loaded(&mut s);
    out.push(("template_picker", s.clone()));
    typed(&mut s, "mission_contact");
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(matches!(s.mode, Mode::Compose { .. }), "{lang:?}: compose");
    out.push(("compose", s));

    let mut s = queue(lang, size);
    press(&mut s, Command::Escalate);
    out.push(("mission_picker", s.clone()));
    typed(&mut s, "riyadh");
    update(&mut s, Action::Text(TextKey::Enter));
    assert!(
        matches!(s.mode, Mode::Escalate { .. }),
        "{lang:?}: escalate"
    );
    out.push(("escalation_form", s));

    let mut s = queue(lang, size);
    press(&mut s, Command::Shift);
    let digest = ShiftDigest {
        officer: "siti".into(),
        at: s.now,
        held: s.rows[..3].to_vec(),
        snoozed: Vec::new(),
        replies: Vec::new(),
        escalations: Vec::new(),
        notes: Vec::new(),
    };
    update(&mut s, Action::ShiftLoaded(Ok(digest.markdown(lang))));
    out.push(("shift", s));
    out
}

fn lines(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .take_while(|l| !l.starts_with("styles "))
        .map(|l| l.trim_matches('"'))
        .collect()
}

/// Words of the desk's English chrome that an Indonesian screen must not
/// show (the citizens' words in the rows are Indonesian or English as
/// written, so only words no inquiry of `common::rows` uses).
const ENGLISH_CHROME: [&str; 15] = [
    " next ",
    " open ",
    " claim ",
    " search ",
    " help ",
    "Inbox",
    "Keys (",
    "History",
    "Shift handover",
    "Held open",
    " send ",
    "claimed ",
    // The directory's countries and the default close reasons.
    "Saudi Arabia",
    "(Algeria)",
    "referred to the mission",
];

#[test]
fn every_screen_in_both_languages_at_80x24_and_120x40() {
    for lang in Lang::ALL {
        for size in SIZES {
            for (name, s) in screens(lang, size) {
                let screen = draw(&s);
                let shown = lines(&screen);
                let (w, h) = size;
                for line in &shown {
                    assert!(
                        unicode_width::UnicodeWidthStr::width(*line) <= usize::from(w),
                        "{name} {lang:?} {w}x{h}: wider than the screen: {line:?}"
                    );
                }
                let hints = shown.last().unwrap().trim_end();
                assert!(
                    unicode_width::UnicodeWidthStr::width(hints) < usize::from(w),
                    "{name} {lang:?} {w}x{h}: the hint bar is cut: {hints:?}"
                );
                if lang == Lang::Id {
                    for word in ENGLISH_CHROME {
                        assert!(
                            !screen.contains(word),
                            "{name} {w}x{h}: English {word:?} on an Indonesian screen:\n{screen}"
                        );
                    }
                }
                assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), screen);
            }
        }
    }
}

#[test]
fn the_shift_screen_is_the_digest_in_the_officers_language() {
    for (lang, heading) in [
        (Lang::Id, "Serah terima piket: siti"),
        (Lang::En, "Shift handover: siti"),
    ] {
        let s = screens(lang, (80, 24)).pop().unwrap().1;
        assert!(matches!(s.mode, Mode::Shift), "{:?}", s.mode);
        let screen = draw(&s);
        assert!(screen.contains(heading), "{lang:?}:\n{screen}");
        assert_eq!(
            s.rows.iter().filter(|r| r.status == Status::New).count(),
            40
        );
    }
}
