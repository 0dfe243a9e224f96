//! A crisis on the desk in the TUI (#16): each open crisis is a tab after
//! the configured views, learned from the desk at start, after the officer
//! opens or closes one, and on arrivals at most every few seconds (the
//! tick asks); the surge suggestion is a banner the officer accepts (`O`:
//! an input prefilled with a name and the city) or dismisses (`D`), never
//! acted on by itself; `X` closes the selected crisis tab's crisis, asked
//! y/n. Pure, as all of `update`: the desk is asked through effects.

use std::collections::HashMap;

use jiff::SignedDuration;

use crate::model::{CrisisSpec, CrisisSummary, Status};
use crate::store::Facet;
use crate::tr;
use crate::triage::sanitize_line;
use crate::triage::surge::Suggestion;
use crate::ui::action::{Command, Effect};
use crate::ui::overlay::{Confirm, Input, InputPurpose, Overlay};
use crate::ui::state::{State, View};

use super::nav;

/// Arrivals ask the desk again after at least this long.
pub const REFRESH: SignedDuration = SignedDuration::from_secs(5);
/// With a crisis open, its counts are asked again this often anyway (its
/// last hour moves on without arrivals).
pub const LIVE: SignedDuration = SignedDuration::from_secs(60);

/// Ask the desk for its crises and whether anything surges.
pub fn ask(state: &mut State) -> Vec<Effect> {
    state.crisis_asked = Some(state.now);
    state.crisis_stale = false;
    vec![Effect::LoadCrises, Effect::LoadSuggestion]
}

/// Arrivals came: the tick asks again once `REFRESH` has passed.
pub fn arrived(state: &mut State) {
    state.crisis_stale = true;
}

/// On each tick: ask again when arrivals came and `REFRESH` passed, or a
/// crisis is open and `LIVE` passed.
pub fn tick(state: &mut State) -> Vec<Effect> {
    let since = state
        .crisis_asked
        .map_or(SignedDuration::MAX, |t| state.now.duration_since(t));
    let due =
        (state.crisis_stale && since >= REFRESH) || (!state.crises.is_empty() && since >= LIVE);
    if due { ask(state) } else { Vec::new() }
}

pub fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::OpenCrisis => open_input(state),
        Command::CloseCrisis => confirm_close(state),
        Command::DismissSuggestion => dismiss(state),
        _ => Vec::new(),
    }
}

/// The tab of an open crisis: its name, its facet, its open inquiries.
fn tab(summary: &CrisisSummary) -> View {
    View {
        name: summary.crisis.name.clone(),
        facet: Facet::Crisis(summary.crisis.name.clone()),
        statuses: Status::OPEN.to_vec(),
    }
}

/// The desk's crises: a tab for each open one, oldest first so a new one
/// comes last; a closed one's tab goes (from it, back to the first view).
pub fn loaded(state: &mut State, result: Result<Vec<CrisisSummary>, String>) -> Vec<Effect> {
    match result {
        Ok(crises) => set_crises(state, crises),
        // Not the officer's to act on (consular staff are refused the
        // list): logged, the tabs kept as they were.
        Err(why) => {
            tracing::debug!("listing the crises failed: {why}");
            Vec::new()
        }
    }
}

fn set_crises(state: &mut State, mut open: Vec<CrisisSummary>) -> Vec<Effect> {
    open.retain(|c| c.crisis.is_open());
    open.sort_by_key(|c| c.crisis.opened_at);
    let current = state.current_view().facet.clone();
    let counts: HashMap<Facet, u64> = state
        .views
        .iter()
        .map(|v| v.facet.clone())
        .zip(state.view_counts.iter().copied())
        .collect();
    let before: Vec<Facet> = state.views.iter().map(|v| v.facet.clone()).collect();
    state.views.retain(|v| !matches!(v.facet, Facet::Crisis(_)));
    state.views.extend(open.iter().map(tab));
    state.view_counts = (state.views.iter())
        .map(|v| counts.get(&v.facet).copied().unwrap_or(0))
        .collect();
    state.crises = open;
    let mut effects = match state.views.iter().position(|v| v.facet == current) {
        Some(i) => {
            state.view = i;
            Vec::new()
        }
        None => go_to(state, 0),
    };
    if state.views.iter().map(|v| &v.facet).ne(before.iter()) {
        effects.push(nav::view_counts(state));
    }
    effects
}

/// Select tab `i` (its first page loads).
fn go_to(state: &mut State, i: usize) -> Vec<Effect> {
    let by = i as i64 - state.view as i64;
    nav::switch_view(state, by)
}

pub fn suggestion_loaded(
    state: &mut State,
    result: Result<Option<Suggestion>, String>,
) -> Vec<Effect> {
    match result {
        Ok(suggestion) => state.suggestion = suggestion,
        Err(why) => tracing::debug!("asking the desk about a surge failed: {why}"),
    }
    Vec::new()
}

/// `O`: with the banner, an input prefilled with a name made of its city
/// and today's date and the city as its place; without, an empty one for
/// a crisis typed by hand.
fn open_input(state: &mut State) -> Vec<Effect> {
    let text = match state.suggested_city() {
        Some(city) => {
            let day = crate::model::zone::date(state.now);
            format!("{} {city}", slug(&city, &day))
        }
        None => String::new(),
    };
    state.overlay = Some(Overlay::Input(Input {
        title: tr!(state.lang, "input-open-crisis"),
        text,
        targets: Vec::new(),
        purpose: InputPurpose::OpenCrisis,
        discard_armed: false,
    }));
    Vec::new()
}

/// "khartoum-2026-12-07": a crisis name of a city and a day (letters and
/// digits kept, anything else one '-'), at most `MAX_NAME` characters.
pub fn slug(city: &str, day: &str) -> String {
    let mut out = String::new();
    for c in format!("{city} {day}").chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars().take(crate::model::crisis::MAX_NAME).collect()
}

/// What the input says, as `siaga crisis open` reads it: its first word
/// the name, then its places separated by commas, then optionally
/// `--keywords a, b` and `--template T` ("sudan-2026 Khartoum, Omdurman
/// --keywords evakuasi, perang --template evakuasi"). A flag of another
/// name is refused with its spelling.
pub fn spec_of(text: &str) -> Result<CrisisSpec, String> {
    let mut head = Vec::new();
    let mut keywords = Vec::new();
    let mut template = Vec::new();
    let mut into = &mut head;
    for word in text.split_whitespace() {
        match word {
            "--keywords" => into = &mut keywords,
            "--template" => into = &mut template,
            flag if flag.starts_with("--") => return Err(sanitize_line(flag, 40)),
            word => into.push(word),
        }
    }
    let (name, places) = head.split_first().map_or(("", &[][..]), |(n, p)| (*n, p));
    let template = template.join(" ");
    Ok(CrisisSpec {
        name: name.to_string(),
        places: listed(&places.join(" ")),
        keywords: listed(&keywords.join(" ")),
        template: (!template.is_empty()).then_some(template),
    })
}

/// "a, b ,c" as its terms, trimmed (the spec drops empty ones).
fn listed(text: &str) -> Vec<String> {
    text.split(',').map(|p| p.trim().to_string()).collect()
}

/// Enter on the crisis input: the crisis asked of the desk, or why it
/// cannot be one (the input stays open to fix it).
pub fn submit(state: &mut State, input: Input) -> Vec<Effect> {
    let spec = match spec_of(&input.text) {
        Ok(spec) => spec,
        Err(flag) => {
            state.message = Some(tr!(state.lang, "crisis-unknown-flag", flag = flag));
            state.overlay = Some(Overlay::Input(input));
            return Vec::new();
        }
    };
    match spec.checked() {
        Ok(spec) => {
            state.message = Some(tr!(
                state.lang,
                "crisis-opening",
                name = sanitize_line(&spec.name, 40)
            ));
            vec![Effect::OpenCrisis(spec)]
        }
        Err(why) => {
            let why = crate::queue::spec_said(&why).in_lang(state.lang);
            state.message = Some(tr!(state.lang, "crisis-refused", why = why));
            state.overlay = Some(Overlay::Input(input));
            Vec::new()
        }
    }
}

/// The crisis the desk opened or closed; a refusal said instead.
fn done(state: &mut State, result: Result<Box<CrisisSummary>, String>) -> Option<CrisisSummary> {
    match result {
        Ok(summary) => Some(*summary),
        Err(why) => {
            state.message = Some(tr!(state.lang, "crisis-refused", why = why));
            None
        }
    }
}

/// The desk opened it: said, its tab added and selected; the banner goes
/// when it was for one of its places.
pub fn opened(state: &mut State, result: Result<Box<CrisisSummary>, String>) -> Vec<Effect> {
    let Some(summary) = done(state, result) else {
        return Vec::new();
    };
    let name = summary.crisis.name.clone();
    let tagged = summary.tagged;
    if let Some(city) = state.suggested_city()
        && summary
            .crisis
            .places
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&city))
    {
        state.suggestion = None;
    }
    let mut crises = state.crises.clone();
    crises.retain(|c| c.crisis.name != name);
    crises.push(summary);
    let mut effects = set_crises(state, crises);
    let facet = Facet::Crisis(name.clone());
    if let Some(i) = state.views.iter().position(|v| v.facet == facet) {
        effects.extend(go_to(state, i));
    }
    let name = sanitize_line(&name, 40);
    state.message = Some(tr!(
        state.lang,
        "crisis-opened",
        name = name,
        count = tagged
    ));
    effects.extend(ask(state));
    effects
}

/// `X` on a crisis tab: "Close crisis sudan-2026? (y/n)".
fn confirm_close(state: &mut State) -> Vec<Effect> {
    let Facet::Crisis(name) = state.current_view().facet.clone() else {
        state.message = Some(tr!(state.lang, "crisis-close-which"));
        return Vec::new();
    };
    let question = tr!(
        state.lang,
        "confirm-close-crisis",
        name = sanitize_line(&name, 40)
    );
    state.overlay = Some(Overlay::Confirm(Confirm {
        question,
        on_yes: Effect::CloseCrisis(name),
    }));
    Vec::new()
}

/// The desk closed it: said, its tab gone.
pub fn closed(state: &mut State, result: Result<Box<CrisisSummary>, String>) -> Vec<Effect> {
    let Some(summary) = done(state, result) else {
        return Vec::new();
    };
    let name = summary.crisis.name.clone();
    let mut crises = state.crises.clone();
    crises.retain(|c| c.crisis.name != name);
    let mut effects = set_crises(state, crises);
    let count = summary.tagged;
    let name = sanitize_line(&name, 40);
    state.message = Some(tr!(state.lang, "crisis-closed", name = name, count = count));
    effects.extend(ask(state));
    effects
}

/// `D`: the banner goes at once and the desk records the no.
fn dismiss(state: &mut State) -> Vec<Effect> {
    match state.suggestion.take() {
        Some(s) => vec![Effect::DismissSuggestion(s.place)],
        None => {
            state.message = Some(tr!(state.lang, "crisis-nothing-to-dismiss"));
            Vec::new()
        }
    }
}

/// The desk could not record the dismissal: said (the banner may return).
pub fn dismiss_failed(state: &mut State, why: String) -> Vec<Effect> {
    state.message = Some(tr!(state.lang, "crisis-refused", why = why));
    Vec::new()
}
