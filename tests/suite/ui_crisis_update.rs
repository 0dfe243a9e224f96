//! A crisis on the desk in `update` (#16), as tables: the crises the desk
//! lists become tabs after the configured views (a closed one's goes, and
//! from it back to the first view); arrivals ask the desk again only on a
//! tick at least a few seconds on; a selected crisis tab's line carries
//! its sparkline and counts; the surge banner appears on a suggestion,
//! `D` dismisses it through the desk, `O` opens an input prefilled with a
//! name and the city and Enter asks the desk for exactly that crisis.

use crate::common;

use common::ui::{chars, cmd, key, message, queue_state, run};
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use siaga::config::Config;
use siaga::model::{Crisis, CrisisSpec, CrisisSummary, InquiryId};
use siaga::queue::QueueEvent;
use siaga::store::Facet;
use siaga::triage::surge::Suggestion;
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::overlay::{InputPurpose, Overlay};
use siaga::ui::{Action, Command, Effect, State, update};

const OFFICER: &str = "siti";

fn options() -> UiOptions {
    UiOptions::from_config(&Config::defaults(), OFFICER, false, false)
}

pub fn summary(name: &str, minutes_ago: i64, closed: bool) -> CrisisSummary {
    let opened_at = common::now() - SignedDuration::from_mins(minutes_ago);
    CrisisSummary {
        crisis: Crisis {
            name: name.into(),
            places: vec!["Khartoum".into()],
            keywords: vec![],
            template: None,
            opened_by: OFFICER.into(),
            opened_at,
            closed_by: closed.then(|| OFFICER.into()),
            closed_at: closed.then_some(opened_at),
        },
        tagged: 143,
        last_hour: 41,
        buckets: vec![0, 0, 0, 0, 0, 0, 1, 2, 4, 7, 11, 16],
    }
}

pub fn surge() -> Suggestion {
    Suggestion {
        place: "khartoum".into(),
        last_hour: 150,
        usual_per_hour: 3.0,
    }
}

fn tabs(s: &State) -> Vec<String> {
    s.views.iter().map(|v| v.name.clone()).collect()
}

fn learned(s: &mut State, crises: Vec<CrisisSummary>) -> Vec<Effect> {
    update(s, Action::CrisesLoaded(Ok(crises)))
}

/// The whole screen as text.
pub fn draw(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    terminal.draw(|f| siaga::ui::view::render(s, f)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_desk_is_asked_for_its_crises_and_its_surge_at_start() {
    let mut s = queue_state(&options(), 0);
    let effects = siaga::ui::update::init(&mut s);
    assert!(effects.contains(&Effect::LoadCrises), "{effects:?}");
    assert!(effects.contains(&Effect::LoadSuggestion), "{effects:?}");
}

#[test]
fn open_crises_become_tabs_after_the_views_and_a_closed_ones_goes() {
    let mut s = queue_state(&options(), 0);
    let configured = tabs(&s);
    let effects = learned(
        &mut s,
        vec![
            summary("myanmar-raid", 10, false),
            summary("sudan-2026", 60, false),
            summary("old-flood", 900, true),
        ],
    );
    let mut want = configured.clone();
    want.extend(["sudan-2026".to_string(), "myanmar-raid".to_string()]);
    assert_eq!(tabs(&s), want, "open ones only, the oldest first");
    assert_eq!(s.view_counts.len(), s.views.len());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadViewCounts(v) if v.len() == want.len())),
        "the new tabs are counted: {effects:?}"
    );
    let sudan = s.views.len() - 2;
    assert_eq!(s.views[sudan].facet, Facet::Crisis("sudan-2026".into()));

    // On sudan's tab; the desk then lists it closed.
    s.view = sudan;
    let effects = learned(&mut s, vec![summary("myanmar-raid", 10, false)]);
    let mut want = configured;
    want.push("myanmar-raid".into());
    assert_eq!(tabs(&s), want);
    assert_eq!(s.view, 0, "back to the first view");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadView { query, .. } if query.facet == Facet::All)),
        "{effects:?}"
    );
}

#[test]
fn learning_the_same_crises_again_keeps_the_tab_and_asks_nothing() {
    let mut s = queue_state(&options(), 0);
    learned(&mut s, vec![summary("sudan-2026", 60, false)]);
    s.view = s.views.len() - 1;
    let effects = learned(&mut s, vec![summary("sudan-2026", 60, false)]);
    assert_eq!(effects, Vec::<Effect>::new());
    assert_eq!(s.current_view().name, "sudan-2026");
}

#[test]
fn arrivals_ask_again_only_on_a_tick_a_few_seconds_on() {
    let mut s = queue_state(&options(), 0);
    siaga::ui::update::init(&mut s);
    let arrived = Action::Queue(QueueEvent::Arrived {
        source: "x".into(),
        ids: vec![InquiryId(9)],
        urgent: vec![],
    });
    let effects = update(&mut s, arrived.clone());
    assert!(!effects.contains(&Effect::LoadSuggestion), "not at once");
    let tick = |s: &mut State, secs: i64| {
        let at: Timestamp = common::now() + SignedDuration::from_secs(secs);
        update(s, Action::Tick(at))
    };
    assert!(!tick(&mut s, 1).contains(&Effect::LoadSuggestion));
    let effects = tick(&mut s, 6);
    assert!(effects.contains(&Effect::LoadSuggestion), "{effects:?}");
    assert!(effects.contains(&Effect::LoadCrises), "{effects:?}");
    assert!(
        !tick(&mut s, 20).contains(&Effect::LoadSuggestion),
        "no arrival since: not asked again"
    );
    update(&mut s, arrived);
    assert!(tick(&mut s, 21).contains(&Effect::LoadSuggestion));
}

#[test]
fn a_crisis_tab_shows_its_sparkline_and_counts_under_the_tabs() {
    let mut s = queue_state(&options(), 0);
    learned(&mut s, vec![summary("sudan-2026", 60, false)]);
    assert_eq!(s.header_rows(), 1, "no crisis tab selected");
    run(&mut s, [cmd(Command::PrevView)]);
    assert_eq!(s.current_view().name, "sudan-2026");
    assert_eq!(s.header_rows(), 2);
    let screen = draw(&s);
    let line = screen.lines().nth(1).unwrap();
    assert!(
        line.contains("sudan-2026 ▁▁▁▁▁▁▂▂▃▅▆█ 143 · 41 in the last hour"),
        "{line}"
    );
}

#[test]
fn a_suggestion_raises_the_banner_and_d_dismisses_it_through_the_desk() {
    let mut s = queue_state(&options(), 0);
    s.width = 100;
    update(&mut s, Action::SuggestionLoaded(Ok(Some(surge()))));
    let screen = draw(&s);
    let banner = screen.lines().nth(1).unwrap();
    let said = "Arrivals naming Khartoum surge: 150 in the last hour, usually 3/h — O open a crisis, D dismiss";
    assert!(banner.contains(said), "{banner}");
    s.width = 80;
    let screen = draw(&s);
    let banner = screen.lines().nth(1).unwrap();
    let said = "Khartoum surges: 150 in the last hour, usually 3/h — O open a crisis, D dismiss";
    assert!(banner.contains(said), "shorter at 80 columns: {banner}");
    let effects = run(&mut s, [cmd(Command::DismissSuggestion)]);
    assert_eq!(effects, [Effect::DismissSuggestion("khartoum".into())]);
    assert_eq!(s.suggestion, None);
    assert!(!draw(&s).contains("surge"), "the banner is gone");
    let effects = run(&mut s, [cmd(Command::DismissSuggestion)]);
    assert!(effects.is_empty());
    assert_eq!(message(&s), "no crisis is suggested");
}

#[test]
fn o_on_the_banner_opens_the_crisis_it_suggests_and_selects_its_tab() {
    let mut s = queue_state(&options(), 0);
    update(&mut s, Action::SuggestionLoaded(Ok(Some(surge()))));
    run(&mut s, [cmd(Command::OpenCrisis)]);
    let day = siaga::model::zone::date(s.now);
    let Some(Overlay::Input(input)) = &s.overlay else {
        panic!("an input: {:?}", s.overlay);
    };
    assert_eq!(input.purpose, InputPurpose::OpenCrisis);
    assert_eq!(input.text, format!("khartoum-{day} Khartoum"));
    let effects = run(&mut s, [key(TextKey::Enter)]);
    let spec = CrisisSpec {
        name: format!("khartoum-{day}"),
        places: vec!["Khartoum".into()],
        ..CrisisSpec::default()
    };
    assert_eq!(effects, [Effect::OpenCrisis(spec)]);
    assert!(s.overlay.is_none());

    let mut opened = summary(&format!("khartoum-{day}"), 0, false);
    opened.tagged = 12;
    let effects = update(&mut s, Action::CrisisOpened(Ok(Box::new(opened))));
    assert_eq!(s.current_view().name, format!("khartoum-{day}"));
    assert_eq!(s.suggestion, None, "the banner went with it");
    assert!(
        message(&s).contains("12 inquiries tagged"),
        "{}",
        message(&s)
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadView { query, .. }
            if query.facet == Facet::Crisis(format!("khartoum-{day}")))),
        "{effects:?}"
    );
}

#[test]
fn o_without_a_banner_takes_a_crisis_typed_by_hand() {
    let mut s = queue_state(&options(), 0);
    let mut actions = vec![cmd(Command::OpenCrisis)];
    actions.extend(chars("sudan-2026 Khartoum, Omdurman"));
    actions.push(key(TextKey::Enter));
    let effects = run(&mut s, actions);
    let spec = CrisisSpec {
        name: "sudan-2026".into(),
        places: vec!["Khartoum".into(), "Omdurman".into()],
        ..CrisisSpec::default()
    };
    assert_eq!(effects, [Effect::OpenCrisis(spec)]);

    // A name alone is no crisis: said, and the input stays to fix it.
    let mut actions = vec![cmd(Command::OpenCrisis)];
    actions.extend(chars("sudan"));
    actions.push(key(TextKey::Enter));
    assert!(run(&mut s, actions).is_empty());
    assert!(
        message(&s).contains("at least one place"),
        "{}",
        message(&s)
    );
    assert!(matches!(s.overlay, Some(Overlay::Input(_))));
}

#[test]
fn the_crisis_input_takes_keywords_and_a_template_as_the_command_does() {
    let mut s = queue_state(&options(), 0);
    let mut actions = vec![cmd(Command::OpenCrisis)];
    actions.extend(chars(
        "sudan-2026 Khartoum, Omdurman --keywords evakuasi, perang --template evakuasi",
    ));
    actions.push(key(TextKey::Enter));
    let effects = run(&mut s, actions);
    let spec = CrisisSpec {
        name: "sudan-2026".into(),
        places: vec!["Khartoum".into(), "Omdurman".into()],
        keywords: vec!["evakuasi".into(), "perang".into()],
        template: Some("evakuasi".into()),
    };
    assert_eq!(effects, [Effect::OpenCrisis(spec)]);

    // A flag it does not know is named, and the input stays to fix it.
    let mut actions = vec![cmd(Command::OpenCrisis)];
    actions.extend(chars("sudan-2026 Khartoum --kata evakuasi"));
    actions.push(key(TextKey::Enter));
    assert!(run(&mut s, actions).is_empty());
    assert!(
        message(&s).contains("--kata is not a crisis option"),
        "{}",
        message(&s)
    );
    assert!(matches!(s.overlay, Some(Overlay::Input(_))));
}

#[test]
fn x_on_a_crisis_tab_asks_then_closes_it_and_its_tab_goes() {
    let mut s = queue_state(&options(), 0);
    run(&mut s, [cmd(Command::CloseCrisis)]);
    assert_eq!(message(&s), "select a crisis's tab to close its crisis");
    learned(&mut s, vec![summary("sudan-2026", 60, false)]);
    run(&mut s, [cmd(Command::PrevView)]);
    run(&mut s, [cmd(Command::CloseCrisis)]);
    let Some(Overlay::Confirm(confirm)) = &s.overlay else {
        panic!("a question: {:?}", s.overlay);
    };
    assert!(confirm.question.contains("Close crisis sudan-2026?"));
    let effects = run(&mut s, [key(TextKey::Char('y'))]);
    assert_eq!(effects, [Effect::CloseCrisis("sudan-2026".into())]);
    let closed = summary("sudan-2026", 60, true);
    update(&mut s, Action::CrisisClosed(Ok(Box::new(closed))));
    assert!(!tabs(&s).contains(&"sudan-2026".to_string()));
    assert_eq!(s.view, 0);
    assert!(
        message(&s).contains("crisis sudan-2026 closed"),
        "{}",
        message(&s)
    );
}

#[test]
fn a_crisis_name_is_a_slug_of_the_city_and_the_day() {
    use siaga::ui::update::slug;
    assert_eq!(slug("Khartoum", "2026-12-07"), "khartoum-2026-12-07");
    assert_eq!(
        slug("Kota Kinabalu", "2026-12-07"),
        "kota-kinabalu-2026-12-07"
    );
    assert_eq!(slug("Bandar Seri Begawan (BSB)", "2026-12-07").len(), 34);
}

#[test]
fn crisis_tab_with_the_banner_80x24() {
    let options = UiOptions::from_config(&Config::defaults(), "alice", true, true);
    let mut s = common::ui::screen_state(&options, 80, 24, 30);
    learned(&mut s, vec![summary("sudan-2026", 60, false)]);
    s.view = s.views.len() - 1;
    s.view_counts[s.view] = 143;
    update(&mut s, Action::SuggestionLoaded(Ok(Some(surge()))));
    assert_eq!(s.list_height(), 18, "two header rows more than without");
    let screen = draw(&s);
    let tabs = screen.lines().next().unwrap_or_default();
    assert!(
        tabs.contains("sudan-2026 143 "),
        "the selected tab whole: {tabs}"
    );
    insta::assert_snapshot!(screen);
}
