//! Crises on the desk (#16), as the queue that owns the store keeps them:
//! opening one stores it and tags the open inquiries of the last 72 h
//! that match it (as the officer who opened it), and from then on every
//! arrival matching an open crisis is tagged right after its page commits
//! (as "siaga"); the `SurgeWatch` hears every arrival's places, so the
//! desk can suggest a crisis nobody opened yet.
//!
//! Both are derived and in memory: the open crises' matchers are read
//! from the store when first needed (and again after an open or a close),
//! the watch is replayed from the store's baseline days the first time it
//! is asked, so a restart loses only a dismissal.

use std::sync::{Mutex, MutexGuard};

use jiff::{SignedDuration, Timestamp};

use super::{Change, LocalQueue, QueueResult, QueueService, policy::DeskPolicy};
use crate::model::crisis::{MAX_NAME, MAX_TERM, MAX_TERMS, SpecProblem, Term};
use crate::model::{Crisis, CrisisSpec, CrisisSummary, Inquiry, InquiryId, Status};
use crate::store::{Store, StoreError, StoreResult};
use crate::triage::surge::{self, BUCKET, Matcher, Suggestion, SurgeWatch, Words};

/// How far back a crisis just opened tags the open inquiries.
pub const WINDOW: SignedDuration = SignedDuration::from_hours(72);
/// Who tags an arrival in the history.
pub const DESK: &str = "siaga";
/// Bars of a crisis's sparkline: 2 hours of 10 minutes.
pub const SPARK_BARS: usize = 12;

/// The open crises' matchers and the surge watch, each built on first use.
#[derive(Default)]
pub(super) struct CrisisDesk {
    open: Mutex<Option<Vec<(String, Matcher)>>>,
    watch: Mutex<Option<SurgeWatch>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// When the person wrote it, as far as the desk can tell: the platform's
/// time, never after it reached the desk.
fn arrived_at(inq: &Inquiry) -> Timestamp {
    inq.created_at.min(inq.received_at)
}

/// Whether a crisis may look at `inq`'s text: open, not erased, not
/// restricted at the person's request.
fn usable(inq: &Inquiry) -> bool {
    inq.status != Status::Closed && inq.erased.is_none() && inq.restricted.is_none()
}

impl CrisisDesk {
    /// Forget both (the policy changed): the next use rebuilds them.
    pub(super) fn reset(&self) {
        *lock(&self.open) = None;
        *lock(&self.watch) = None;
    }

    /// The tag and matcher of every open crisis.
    fn open_matchers(
        &self,
        store: &Store,
        policy: &DeskPolicy,
    ) -> StoreResult<Vec<(String, Matcher)>> {
        let mut slot = lock(&self.open);
        if slot.is_none() {
            let open = store.crises()?.into_iter().filter(Crisis::is_open);
            *slot = Some(
                open.map(|c| (c.tag(), Matcher::new(&c, &policy.missions)))
                    .collect(),
            );
        }
        Ok(slot.clone().unwrap_or_default())
    }

    /// Run `f` on the watch, replayed from the store if there is none;
    /// false if it was replayed now (it has heard the store's arrivals).
    fn with_watch<T>(
        &self,
        store: &Store,
        policy: &DeskPolicy,
        f: impl FnOnce(&mut SurgeWatch, bool) -> T,
    ) -> StoreResult<T> {
        let mut slot = lock(&self.watch);
        let fresh = slot.is_none();
        if fresh {
            *slot = Some(replayed(store, policy)?);
        }
        Ok(f(slot.as_mut().expect("just built"), !fresh))
    }
}

/// The watch as the store's baseline days had it, each arrival heard at
/// its own time.
fn replayed(store: &Store, policy: &DeskPolicy) -> StoreResult<SurgeWatch> {
    let mut watch = SurgeWatch::new(policy.surge.clone());
    let days = i64::from(policy.surge.baseline_days.max(1));
    let since = Timestamp::now() - SignedDuration::from_hours(days * 24 + 1);
    for inq in store.received_since(since)? {
        let at = arrived_at(&inq);
        for place in policy.gazetteer.missions_named(&inq.text) {
            watch.note(&place, at, at);
        }
    }
    Ok(watch)
}

impl LocalQueue {
    /// Open the crisis `spec` asks for, as `officer`, and tag the open
    /// inquiries of the last 72 h that match it.
    pub(super) fn open_crisis_now(
        &self,
        spec: &CrisisSpec,
        officer: &str,
    ) -> QueueResult<CrisisSummary> {
        let spec = spec
            .checked()
            .map_err(|e| StoreError::Refused(spec_said(&e)))?;
        let policy = self.policy();
        if let Some(t) = spec.template.as_deref()
            && !policy.templates.iter().any(|known| known.name == t)
        {
            let known: Vec<&str> = policy.templates.iter().map(|k| k.name.as_str()).collect();
            return Err(StoreError::Refused(crate::said!(
                "refused-no-template-known",
                name = t,
                known = known.join(", ")
            )));
        }
        let now = Timestamp::now();
        let crisis = Crisis {
            name: spec.name,
            places: spec.places,
            keywords: spec.keywords,
            template: spec.template,
            opened_by: officer.to_string(),
            opened_at: now,
            closed_by: None,
            closed_at: None,
        };
        self.store().open_crisis(&crisis)?;
        *lock(&self.crisis.open) = None;
        let matcher = Matcher::new(&crisis, &policy.missions);
        self.crisis.with_watch(&self.store(), &policy, |w, _| {
            w.settle(|place| matcher.covers(place), now)
        })?;
        self.tag_window(&crisis, &matcher, officer)?;
        self.summaries_of(vec![crisis])
            .map(|mut s| s.pop().expect("one"))
    }

    /// Tag the open inquiries of the last `WINDOW` that match.
    fn tag_window(&self, crisis: &Crisis, matcher: &Matcher, officer: &str) -> QueueResult<()> {
        let policy = self.policy();
        let tag = crisis.tag();
        for inq in self.store().received_since(Timestamp::now() - WINDOW)? {
            if usable(&inq) && matches(matcher, &policy, &inq) {
                self.tag_one(inq.id, &tag, officer);
            }
        }
        Ok(())
    }

    /// Tag one inquiry; one that cannot take it (too many tags, gone) is
    /// logged, not a reason to stop tagging the others.
    fn tag_one(&self, id: InquiryId, tag: &str, officer: &str) {
        let change = Change::Tag {
            tag: tag.to_string(),
        };
        if let Err(e) = self.apply(id, &change, officer) {
            tracing::warn!("inquiry {id} not tagged {tag}: {e}");
        }
    }

    pub(super) fn close_crisis_now(&self, name: &str, officer: &str) -> QueueResult<CrisisSummary> {
        let closed = self
            .store()
            .close_crisis(name.trim(), officer, Timestamp::now())?;
        *lock(&self.crisis.open) = None;
        self.summaries_of(vec![closed])
            .map(|mut s| s.pop().expect("one"))
    }

    /// Every crisis, the most recently opened first, with its counts.
    pub(super) fn crisis_summaries(&self) -> QueueResult<Vec<CrisisSummary>> {
        let mut crises = self.store().crises()?;
        crises.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then(a.name.cmp(&b.name)));
        self.summaries_of(crises)
    }

    /// `crises` with their counts: the inquiries carrying each one's tag
    /// among those received since `WINDOW` before the earliest opened
    /// (what any of them can have tagged). One read back through that
    /// span per call: a crisis weeks old costs its weeks of arrivals.
    fn summaries_of(&self, crises: Vec<Crisis>) -> QueueResult<Vec<CrisisSummary>> {
        let Some(first) = crises.iter().map(|c| c.opened_at).min() else {
            return Ok(Vec::new());
        };
        let recent = self.store().received_since(first - WINDOW)?;
        let now = Timestamp::now();
        Ok(crises
            .into_iter()
            .map(|crisis| {
                let tag = crisis.tag();
                let times: Vec<Timestamp> = recent
                    .iter()
                    .filter(|i| i.tags.contains(&tag))
                    .map(arrived_at)
                    .collect();
                let hour = SignedDuration::from_hours(1);
                CrisisSummary {
                    tagged: times.len(),
                    last_hour: surge::buckets(&times, now, hour, 1)[0],
                    buckets: surge::buckets(&times, now, BUCKET, SPARK_BARS),
                    crisis,
                }
            })
            .collect())
    }

    /// After a page commits: its new inquiries heard by the watch and
    /// tagged with every open crisis they match.
    /// The page's new inquiries `arrived`, each with the missions whose
    /// places it names (`named`, read once for grouping and crises alike).
    pub(super) fn crisis_arrivals(&self, arrived: &[Inquiry], named: &[Vec<String>]) {
        if let Err(e) = self.crisis_arrivals_or(arrived, named) {
            let ids: Vec<InquiryId> = arrived.iter().map(|i| i.id).collect();
            tracing::warn!("crisis tags of inquiries {ids:?} not all given: {e}");
        }
    }

    fn crisis_arrivals_or(&self, arrived: &[Inquiry], named: &[Vec<String>]) -> QueueResult<()> {
        let policy = self.policy();
        let open = self.crisis.open_matchers(&self.store(), &policy)?;
        let now = Timestamp::now();
        // A watch replayed just now has heard this page from the store.
        self.crisis.with_watch(&self.store(), &policy, |watch, hear| {
            if !hear {
                return;
            }
            for (inq, places) in arrived.iter().zip(named) {
                for place in places {
                    if let Some(s) = watch.note(place, arrived_at(inq), now) {
                        tracing::info!(place = %s.place, last_hour = s.last_hour, "a crisis is suggested");
                    }
                }
            }
        })?;
        for (inq, places) in arrived.iter().zip(named) {
            let words = Words::of(&inq.text);
            for (tag, matcher) in &open {
                if usable(inq) && matcher.matches(&words, places) {
                    self.tag_one(inq.id, tag, DESK);
                }
            }
        }
        Ok(())
    }

    pub(super) fn suggestion_now(&self) -> QueueResult<Option<Suggestion>> {
        let now = Timestamp::now();
        self.crisis
            .with_watch(&self.store(), &self.policy(), |w, _| w.current(now))
    }

    pub(super) fn dismiss_now(&self, place: &str, officer: &str) -> QueueResult<()> {
        let now = Timestamp::now();
        self.crisis
            .with_watch(&self.store(), &self.policy(), |w, _| w.dismiss(place, now))?;
        tracing::info!(place, officer, "crisis suggestion dismissed");
        Ok(())
    }
}

fn matches(matcher: &Matcher, policy: &DeskPolicy, inq: &Inquiry) -> bool {
    matcher.matches(
        &Words::of(&inq.text),
        &policy.gazetteer.missions_named(&inq.text),
    )
}
/// Why a spec cannot be a crisis, as a catalog sentence (its English is
/// the problem's `Display`).
pub fn spec_said(p: &SpecProblem) -> crate::i18n::Said {
    let term = |t: &Term| match t {
        Term::Place => "place",
        Term::Keyword => "keyword",
    };
    match p {
        SpecProblem::NoName => crate::said!("crisis-spec-no-name"),
        SpecProblem::NameTooLong { shown } => crate::said!(
            "crisis-spec-name-too-long",
            shown = shown,
            max = MAX_NAME.to_string()
        ),
        SpecProblem::NameNotSlug { shown, bad } => {
            crate::said!("crisis-spec-name-not-slug", shown = shown, bad = bad)
        }
        SpecProblem::TooManyTerms(t) => crate::said!(
            "crisis-spec-too-many-terms",
            what = term(t),
            max = MAX_TERMS.to_string()
        ),
        SpecProblem::TermTooLong { what, shown } => crate::said!(
            "crisis-spec-term-too-long",
            what = term(what),
            shown = shown,
            max = MAX_TERM.to_string()
        ),
        SpecProblem::NoTerms => crate::said!("crisis-spec-no-terms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn each_spec_problem_reads_as_its_display_in_english_and_has_indonesian() {
        let spec = |name: &str, places: Vec<String>| CrisisSpec {
            name: name.into(),
            places,
            ..CrisisSpec::default()
        };
        let problems: Vec<SpecProblem> = [
            spec("", vec!["x".into()]),
            spec(&"a".repeat(50), vec!["x".into()]),
            spec("sudan 2026", vec!["x".into()]),
            spec("sudan", vec!["x".into(); 40]),
            spec("sudan", vec!["x".repeat(70)]),
            spec("sudan", vec![]),
        ]
        .iter()
        .map(|s| s.checked().unwrap_err())
        .collect();
        for p in &problems {
            let said = spec_said(p);
            assert_eq!(said.to_string(), p.to_string());
            assert_ne!(said.in_lang(Lang::Id), p.to_string(), "{p:?}");
        }
        assert_eq!(
            spec_said(&problems[4]).in_lang(Lang::Id),
            "tempat \"xxxxxxxxxxxxxxxxxxxx\"... terlalu panjang: paling banyak 64 karakter"
        );
    }
}
