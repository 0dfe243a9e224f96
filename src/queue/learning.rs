//! The desk's learned model (#19) as the queue that owns the store keeps
//! it: loaded from the store on first use, asked for each new inquiry's
//! suggestion inside its page (`DeskArrivals::first_look`), and trained
//! from the officers' recorded decisions (`siaga triage train`, and
//! nightly by `cli::duties`).
//!
//! What counts as a decision, and what it teaches:
//! - an inquiry an officer handled (replied, escalated or closed) or
//!   corrected (priority or category set by hand, a tag chosen);
//! - its priority where the officer left it; escalated to a mission and
//!   not set by hand: at least P2; closed as noise (`[triage]
//!   noise_reasons`, "not a protection case") and not set by hand: P4;
//! - its category where the officer left it (noise: `not_protection`),
//!   none while still `unsorted`; its tags, without the crises' `krisis:`.
//!
//! Never learned from: an inquiry erased, restricted at the person's
//! request or deleted on the platform, so an erasure leaves the model at
//! its next training. `triage eval` holds out every fifth decision (by
//! inquiry number), trains on the rest and scores the model on them.

use std::sync::{Arc, RwLock};

use jiff::Timestamp;

use super::{LocalQueue, QueueResult};
use crate::model::{Inquiry, InquiryId, Priority, Status};
use crate::store::{FieldChange, Store, StoreError, StoreResult};
use crate::triage::learn::{Evaluation, Example, Model, TrainProblem};

/// The close reasons of the shipped config that say "not a protection
/// case" (`[triage] noise_reasons`).
pub const NOISE_REASONS: [&str; 2] = ["not a protection case", "spam"];

/// The category a noise close teaches.
pub const NOISE_CATEGORY: &str = "not_protection";

/// The model in memory: `None` inside until loaded from the store.
#[derive(Default)]
pub struct Learning {
    slot: RwLock<Option<Option<Arc<Model>>>>,
}

/// What one training did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainReport {
    pub trained_at: Timestamp,
    pub examples: usize,
    pub features: usize,
    pub categories: usize,
    pub tags: usize,
    /// How long training took, in milliseconds.
    pub took_ms: u64,
    /// Open inquiries whose suggestion the new model changed.
    #[serde(default)]
    pub suggested: usize,
}

impl Learning {
    /// The model, loaded from `store` the first time; a stored model that
    /// cannot be read is logged and left out (the next training replaces
    /// it), never a reason to refuse an arrival.
    pub fn current(&self, store: &Store) -> Option<Arc<Model>> {
        if let Some(model) = self.slot.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            return model.clone();
        }
        let loaded = match store.model_bytes() {
            Ok(Some(bytes)) => match Model::from_bytes(&bytes) {
                Ok(model) => Some(Arc::new(model)),
                Err(e) => {
                    tracing::warn!("the learned model is unreadable, left out until trained: {e}");
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                tracing::warn!("the learned model could not be read: {e}");
                return None;
            }
        };
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = Some(loaded.clone());
        loaded
    }

    fn set(&self, model: Arc<Model>) {
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = Some(Some(model));
    }
}

/// The decision `inq` records, if an officer made one; `close_reason` is
/// the reason it was closed with, when closed.
pub fn decision(inq: &Inquiry, close_reason: Option<&str>, noise: &[String]) -> Option<Example> {
    if inq.text_hidden().is_some() {
        return None;
    }
    let tags: Vec<String> = inq
        .tags
        .iter()
        .filter(|t| !t.starts_with(crate::model::crisis::TAG_PREFIX))
        .cloned()
        .collect();
    let handled = matches!(
        inq.status,
        Status::Replied | Status::Escalated | Status::Closed
    );
    let corrected = inq.priority_set_by.is_some() || inq.category_set_by.is_some();
    if !handled && !corrected && tags.is_empty() && inq.escalations.is_empty() {
        return None;
    }
    let is_noise = inq.status == Status::Closed
        && close_reason.is_some_and(|r| noise.iter().any(|n| n.eq_ignore_ascii_case(r.trim())));
    let by_hand = inq.priority_set_by.is_some();
    let priority = if by_hand {
        inq.priority
    } else if !inq.escalations.is_empty() {
        inq.priority.min(Priority::P2)
    } else if is_noise {
        Priority::P4
    } else {
        inq.priority
    };
    let category = if inq.category_set_by.is_some() {
        Some(inq.category.clone())
    } else if is_noise {
        Some(NOISE_CATEGORY.to_string())
    } else {
        (inq.category != crate::triage::score::UNSORTED).then(|| inq.category.clone())
    };
    Some(Example {
        text: inq.text.clone(),
        priority,
        category,
        tags,
    })
}

/// Every decision the store records, with its inquiry's number.
pub fn decisions(store: &Store, noise: &[String]) -> StoreResult<Vec<(InquiryId, Example)>> {
    let mut out = Vec::new();
    for inq in store.scan() {
        let inq = inq?;
        let reason = if inq.status == Status::Closed {
            last_close_reason(store, inq.id)?
        } else {
            None
        };
        if let Some(example) = decision(&inq, reason.as_deref(), noise) {
            out.push((inq.id, example));
        }
    }
    Ok(out)
}

fn last_close_reason(store: &Store, id: InquiryId) -> StoreResult<Option<String>> {
    Ok(store
        .history(id)?
        .into_iter()
        .rev()
        .find(|e| e.what == "close_reason")
        .and_then(|e| e.after))
}

/// How many open inquiries one read of the re-suggestion takes.
const SUGGEST_PAGE: usize = 500;

/// Who writes a re-suggestion into the history.
const DESK: &str = "siaga";

/// Two suggestions alike for the officer: priority, category and tags.
fn same_suggestion(old: Option<&crate::model::Learned>, new: &crate::model::Learned) -> bool {
    old.is_some_and(|o| {
        o.priority == new.priority && o.category == new.category && o.tags == new.tags
    })
}

/// "P1 (87%) · labour": a suggestion as the history keeps it, without the
/// words of the text.
fn summary(l: &crate::model::Learned) -> String {
    let mut out = format!("{} ({:.0}%)", l.priority, l.confidence * 100.0);
    if let Some(c) = &l.category {
        out.push_str(" · ");
        out.push_str(c);
    }
    out
}

/// Whether `id` is one of the held-out fifth `triage eval` scores on.
fn held_out(id: InquiryId) -> bool {
    id.0.is_multiple_of(5)
}

fn refused(problem: TrainProblem) -> StoreError {
    match problem {
        TrainProblem::TooFew { examples, needed } => StoreError::Refused(crate::said!(
            "refused-train-too-few",
            examples = examples.to_string(),
            needed = needed.to_string()
        )),
    }
}

impl LocalQueue {
    /// The model, as new arrivals are asked about.
    pub fn learned_model(&self) -> Option<Arc<Model>> {
        self.learning.current(&self.store())
    }

    /// Train the model on every decision the store records, keep it in
    /// the store and use it from now on: the open queue gets its
    /// suggestions, as every arrival after.
    pub(super) fn train_now(&self, officer: &str) -> QueueResult<TrainReport> {
        let started = std::time::Instant::now();
        let policy = self.policy();
        let examples: Vec<Example> = decisions(&self.store(), &policy.noise_reasons)?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let now = Timestamp::now();
        let model =
            Model::train(&examples, policy.lexicon.abbreviations(), now).map_err(refused)?;
        self.store().save_model(&model.to_bytes())?;
        let mut report = TrainReport {
            trained_at: now,
            examples: model.examples,
            features: model.features(),
            categories: model.categories().len(),
            tags: model.tag_count(),
            took_ms: started.elapsed().as_millis() as u64,
            suggested: 0,
        };
        let model = Arc::new(model);
        self.learning.set(model.clone());
        if policy.learned != crate::model::LearnedMode::Off {
            report.suggested = self.suggest_open(&model)?;
        }
        tracing::info!(
            officer,
            suggested = report.suggested,
            examples = report.examples,
            features = report.features,
            took_ms = report.took_ms,
            "learned model trained"
        );
        Ok(report)
    }

    /// The open inquiries' suggestions brought up to the new model, so the
    /// queue an officer is working shows them without waiting for new
    /// arrivals. Only the suggestion: a priority already on the desk is
    /// never raised afterwards (an officer may have looked at it). The
    /// history says so without the words (they are the text's). Returns
    /// how many changed.
    fn suggest_open(&self, model: &Model) -> QueueResult<usize> {
        let store = self.store();
        let policy = self.policy();
        let abbreviations = policy.lexicon.abbreviations();
        let mut changed = 0;
        let mut after = None;
        loop {
            let page = store.list(&Status::OPEN, after, SUGGEST_PAGE)?;
            let Some(last) = page.last() else { break };
            after = Some(crate::store::QueuePos::new(
                last.priority,
                last.queued_at,
                last.id,
            ));
            for inq in page.iter().filter(|i| i.text_hidden().is_none()) {
                let fresh = model.suggest(&inq.text, abbreviations);
                if same_suggestion(inq.learned.as_ref(), &fresh) {
                    continue;
                }
                // One that cannot be written (changed or erased meanwhile,
                // a disk error) is left as it was: the model stands.
                match self.write_suggestion(inq, fresh) {
                    Ok(true) => changed += 1,
                    Ok(false) => {}
                    Err(e) => tracing::warn!("inquiry {}: suggestion not kept: {e}", inq.id),
                }
            }
            if page.len() < SUGGEST_PAGE {
                break;
            }
        }
        Ok(changed)
    }

    /// Keep `fresh` on `seen`, unless the inquiry changed since it was
    /// read in a way that makes it wrong: its text, hidden or erased,
    /// handled. True: written.
    fn write_suggestion(&self, seen: &Inquiry, fresh: crate::model::Learned) -> QueueResult<bool> {
        let (before, after) =
            self.store()
                .update_traced(seen.id, DESK, Timestamp::now(), |inq| {
                    let open = Status::OPEN.contains(&inq.status);
                    if !open || inq.text != seen.text || inq.text_hidden().is_some() {
                        return Ok(Vec::new());
                    }
                    let before = inq.learned.as_ref().map(summary);
                    let after = summary(&fresh);
                    inq.learned = Some(fresh.clone());
                    Ok(vec![FieldChange::new("learned", before, Some(after))])
                })?;
        Ok(before.learned != after.learned)
    }

    /// Train on four fifths of the decisions and score the model on the
    /// fifth held out; the desk's model is left as it is.
    pub(super) fn evaluate_now(&self) -> QueueResult<Evaluation> {
        let policy = self.policy();
        let (held, train): (Vec<_>, Vec<_>) = decisions(&self.store(), &policy.noise_reasons)?
            .into_iter()
            .partition(|(id, _)| held_out(*id));
        let strip =
            |v: Vec<(InquiryId, Example)>| v.into_iter().map(|(_, e)| e).collect::<Vec<_>>();
        let abbrev = policy.lexicon.abbreviations();
        let model = Model::train(&strip(train), abbrev, Timestamp::now()).map_err(refused)?;
        Ok(model.evaluate(&strip(held), abbrev))
    }
}
