//! Drafts: what the officer is writing is kept by the desk, so a quit, a
//! dropped SSH session or a crash loses at most the last tick of it.
//! `keep` (every tick, and on the way out) saves a reply or an escalation
//! changed since its last save; a send lets the desk drop it; a discard
//! drops it; `r` and `e` bring it back (`compose`, `escalate`); at start
//! the officer hears which inquiries have one. `State::drafts` follows
//! every save and drop as it is asked for, so it never waits on the desk.

use std::collections::BTreeMap;

use crate::model::{Draft, DraftBody, DraftKind, InquiryId};
use crate::tr;
use crate::ui::action::Effect;
use crate::ui::state::State;

type Kept = BTreeMap<(InquiryId, DraftKind), Draft>;

/// What the reply and the escalation form changed since their last save:
/// saved if the officer typed something, dropped if a kept draft has no
/// typed text any more (a template rendered again).
pub fn keep(state: &mut State) -> Vec<Effect> {
    let (officer, now) = (state.officer.clone(), state.now);
    let mut effects = Vec::new();
    if let Some(c) = state.compose.as_mut().filter(|c| c.unsaved && !c.sending) {
        c.unsaved = false;
        let body = c.draft();
        effects.extend(note(
            &mut state.drafts,
            (c.id(), body),
            c.edited,
            &mut c.draft_kept,
            &officer,
            now,
        ));
    }
    if let Some(f) = state.escalate.as_mut().filter(|f| f.unsaved && !f.sending) {
        f.unsaved = false;
        let body = f.draft();
        effects.extend(note(
            &mut state.drafts,
            (f.id(), body),
            f.edited,
            &mut f.draft_kept,
            &officer,
            now,
        ));
    }
    effects
}

/// The save (or drop) of one draft, noted in `kept` as it is asked for.
fn note(
    kept: &mut Kept,
    (inquiry, body): (InquiryId, DraftBody),
    edited: bool,
    stored: &mut bool,
    officer: &str,
    now: jiff::Timestamp,
) -> Option<Effect> {
    let kind = body.kind();
    if edited {
        *stored = true;
        let draft = Draft {
            inquiry,
            officer: officer.to_string(),
            saved_at: now,
            body: body.clone(),
        };
        kept.insert((inquiry, kind), draft);
        return Some(Effect::SaveDraft { inquiry, body });
    }
    if std::mem::take(stored) {
        kept.remove(&(inquiry, kind));
        return Some(Effect::DropDraft { inquiry, kind });
    }
    None
}

/// The officer threw the text away: the desk forgets it too, if it kept it.
pub fn discard(
    state: &mut State,
    inquiry: InquiryId,
    kind: DraftKind,
    stored: bool,
) -> Vec<Effect> {
    let known = state.drafts.remove(&(inquiry, kind)).is_some();
    if stored || known {
        vec![Effect::DropDraft { inquiry, kind }]
    } else {
        Vec::new()
    }
}

/// The desk took it (queued, recorded) and dropped the draft itself.
pub fn sent(state: &mut State, inquiry: InquiryId, kind: DraftKind) {
    state.drafts.remove(&(inquiry, kind));
}

/// "draft from 14:05 WIB restored".
pub fn restored(state: &mut State, draft: &Draft) {
    let time = crate::ui::view::clock_zoned(draft.saved_at);
    state.message = Some(tr!(state.lang, "draft-restored", time = time));
}

/// The officer's drafts at start: kept for `r` and `e`, and said once
/// ("2 drafts kept: #12, #40").
pub fn loaded(state: &mut State, result: Result<Vec<Draft>, String>) -> Vec<Effect> {
    let drafts = match result {
        Ok(drafts) => drafts,
        Err(why) => {
            state.message = Some(tr!(state.lang, "drafts-unreadable", why = why));
            return Vec::new();
        }
    };
    let mut ids: Vec<InquiryId> = drafts.iter().map(|d| d.inquiry).collect();
    ids.dedup();
    for d in drafts {
        state.drafts.entry((d.inquiry, d.kind())).or_insert(d);
    }
    if !ids.is_empty() {
        let list: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
        let (count, ids) = (ids.len(), list.join(", "));
        state.message = Some(if count == 1 {
            tr!(state.lang, "drafts-kept-one", count = count, ids = ids)
        } else {
            tr!(state.lang, "drafts-kept", count = count, ids = ids)
        });
    }
    Vec::new()
}

/// A save failed: say so (the officer's text is still on screen).
pub fn not_kept(state: &mut State, inquiry: InquiryId, why: &str) -> Vec<Effect> {
    let why = crate::triage::sanitize_line(why, 60);
    state.message = Some(tr!(
        state.lang,
        "draft-not-kept",
        id = inquiry.to_string(),
        why = why
    ));
    Vec::new()
}
