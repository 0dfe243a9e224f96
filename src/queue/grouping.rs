//! The desk's groups of near-identical pleas (#16), kept current as pages
//! arrive: each new inquiry is offered to the `triage::group::Grouper` of
//! the open pleas of the last `WINDOW`, and where it was placed is stored
//! (`Store::record_grouping`) right after its page commits.
//!
//! Groups are derived, not acknowledged: a crash between a page's commit
//! and its placements loses only those placements, and the grouper is
//! rebuilt from the store (the window's inquiries, read newest back, in
//! the groups they were stored in) the first time it is needed in a
//! process, so an inquiry left unplaced by a crash is placed then.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

use super::policy::DeskPolicy;
use crate::model::{GroupId, GroupRecord, GroupSummary, Inquiry, InquiryId, Priority, Status};
use crate::store::{Placed, Store, StoreResult};
use crate::triage::group::{Grouper, Placement, Vocabulary};

/// How far back an arrival looks for the pleas it may be one with.
pub const WINDOW: SignedDuration = SignedDuration::from_hours(72);

/// Whether the desk groups arrivals at all (`[grouping]` in the config).
/// Off, new arrivals are placed in no group; the groups kept are still
/// listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupingSettings {
    pub enabled: bool,
}

impl Default for GroupingSettings {
    fn default() -> GroupingSettings {
        GroupingSettings { enabled: true }
    }
}

/// The grouper, built on first use.
#[derive(Default)]
pub(super) struct Grouping {
    grouper: Mutex<Option<Grouper>>,
}

impl Grouping {
    /// Forget the grouper (the policy's gazetteer changed, or a placement
    /// could not be stored): the next use rebuilds it from the store.
    pub(super) fn reset(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Grouper>> {
        self.grouper.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `inquiry` left the desk (closed, erased, purged): later arrivals are
    /// no longer compared with it. Its stored group keeps it, as history.
    /// An unbuilt grouper leaves it out when it is built.
    pub(super) fn left(&self, inquiry: &Inquiry) {
        if (inquiry.status == Status::Closed || inquiry.erased.is_some())
            && let Some(grouper) = self.lock().as_mut()
        {
            grouper.forget(inquiry.id.0);
        }
    }

    /// Place the newly stored inquiries `arrived` (each naming the places
    /// of the missions `named`) and store where they went; the groups
    /// that grew.
    pub(super) fn place(
        &self,
        store: &Store,
        policy: &DeskPolicy,
        arrived: &[Inquiry],
        named: &[Vec<String>],
    ) -> Vec<GroupId> {
        if !policy.grouping.enabled {
            return Vec::new();
        }
        let mut slot = self.lock();
        // A rebuild may place what a crash left unplaced: every group may
        // have grown then.
        let rebuilding = slot.is_none();
        let result = ready(&mut slot, store, policy).and_then(|grouper| {
            let mut placed = Vec::new();
            for (inquiry, places) in arrived.iter().zip(named) {
                placed.extend(offer_named(grouper, inquiry, places));
            }
            store.record_grouping(&placed, Timestamp::now())?;
            Ok(placed)
        });
        let every = || -> Vec<GroupId> {
            let groups = store.groups().unwrap_or_default();
            groups.into_iter().map(|g| g.id).collect()
        };
        match result {
            Ok(_) if rebuilding => every(),
            Ok(placed) => {
                let mut grown: Vec<GroupId> = placed.iter().map(|p| p.group).collect();
                grown.sort();
                grown.dedup();
                grown
            }
            Err(e) => {
                let ids: Vec<InquiryId> = arrived.iter().map(|i| i.id).collect();
                tracing::warn!(
                    "grouping of inquiries {ids:?} not stored, rebuilt on next use: {e}"
                );
                *slot = None;
                Vec::new()
            }
        }
    }

    /// Every group the store keeps, as the desk lists it, oldest first.
    pub(super) fn summaries(
        &self,
        store: &Store,
        policy: &DeskPolicy,
    ) -> StoreResult<Vec<GroupSummary>> {
        let mut slot = self.lock();
        let grouper = ready(&mut slot, store, policy)?;
        store
            .groups()?
            .into_iter()
            .map(|record| summary(grouper, policy, store, record))
            .collect()
    }

    /// The groups `ids` as the desk lists them (each once, in `ids`'
    /// order; one not kept is left out): what a page of the queue needs,
    /// without summing up every group.
    pub(super) fn summaries_of(
        &self,
        store: &Store,
        policy: &DeskPolicy,
        ids: &[GroupId],
    ) -> StoreResult<Vec<GroupSummary>> {
        let mut slot = self.lock();
        let grouper = ready(&mut slot, store, policy)?;
        let mut out: Vec<GroupSummary> = Vec::new();
        for id in ids {
            if out.iter().any(|s| s.id == *id) {
                continue;
            }
            if let Some(record) = store.group(*id)? {
                out.push(summary(grouper, policy, store, record)?);
            }
        }
        Ok(out)
    }
}

/// The grouper in `slot`, rebuilt from the store if there is none.
fn ready<'a>(
    slot: &'a mut Option<Grouper>,
    store: &Store,
    policy: &DeskPolicy,
) -> StoreResult<&'a mut Grouper> {
    if slot.is_none() {
        *slot = Some(rebuilt(store, policy)?);
    }
    Ok(slot.as_mut().expect("just built"))
}

/// The grouper as the store left it: the window's open inquiries, in the
/// order they arrived, each in the group it was stored in. One the store
/// has in no group is offered again: alone is not stored, so that is every
/// lone plea (placed alone again, as the same order decides the same) and
/// any a crash left unplaced (placed now, and stored).
fn rebuilt(store: &Store, policy: &DeskPolicy) -> StoreResult<Grouper> {
    let mut grouper = Grouper::new(Vocabulary::builtin());
    let mut group_of = HashMap::new();
    for record in store.groups()? {
        grouper.numbered_after(record.id);
        group_of.extend(record.members.iter().map(|m| (*m, record.id)));
    }
    let alone = store.kept_alone()?;
    let mut placed = Vec::new();
    for inquiry in store.received_since(Timestamp::now() - WINDOW)? {
        let left = inquiry.status == Status::Closed || inquiry.erased.is_some();
        if left || alone.contains(&inquiry.id) {
            continue;
        }
        match group_of.get(&inquiry.id) {
            Some(group) => restore(&mut grouper, policy, &inquiry, *group),
            None if policy.grouping.enabled => placed.extend(offer(&mut grouper, policy, &inquiry)),
            // Grouping off: a lone plea stays alone, no new group founded.
            None => restore_alone(&mut grouper, policy, &inquiry),
        }
    }
    store.record_grouping(&placed, Timestamp::now())?;
    Ok(grouper)
}

fn restore(grouper: &mut Grouper, policy: &DeskPolicy, inq: &Inquiry, group: GroupId) {
    let places = policy.gazetteer.missions_named(&inq.text);
    grouper.restore(inq.id.0, &inq.text, &places, &inq.category, Some(group));
}

fn restore_alone(grouper: &mut Grouper, policy: &DeskPolicy, inq: &Inquiry) {
    let places = policy.gazetteer.missions_named(&inq.text);
    grouper.restore(inq.id.0, &inq.text, &places, &inq.category, None);
}

/// Offer `inquiry`; what is to be stored of where it went.
fn offer(grouper: &mut Grouper, policy: &DeskPolicy, inquiry: &Inquiry) -> Vec<Placed> {
    let places = policy.gazetteer.missions_named(&inquiry.text);
    offer_named(grouper, inquiry, &places)
}

/// Offer `inquiry`, which names the places of the missions `places`.
fn offer_named(grouper: &mut Grouper, inquiry: &Inquiry, places: &[String]) -> Vec<Placed> {
    let at = |inquiry, group| Placed { inquiry, group };
    match grouper.offer(inquiry.id.0, &inquiry.text, places, &inquiry.category) {
        Placement::Alone => Vec::new(),
        Placement::Joined(group) => vec![at(inquiry.id, group)],
        Placement::Founded { group, with } => {
            vec![at(InquiryId(with), group), at(inquiry.id, group)]
        }
    }
}

/// How the desk lists `record`: label, missions, size and urgency.
fn summary(
    grouper: &Grouper,
    policy: &DeskPolicy,
    store: &Store,
    record: GroupRecord,
) -> StoreResult<GroupSummary> {
    let members: Vec<Inquiry> = record
        .members
        .iter()
        .map(|id| store.get(*id))
        .collect::<StoreResult<_>>()?;
    let open: Vec<&Inquiry> = members
        .iter()
        .filter(|m| m.status != Status::Closed)
        .collect();
    let urgent_among = if open.is_empty() {
        members.iter().collect()
    } else {
        open.clone()
    };
    let missions: Vec<String> = grouper
        .missions(record.id)
        .into_iter()
        .map(String::from)
        .collect();
    Ok(GroupSummary {
        label: label(grouper, policy, record.id, &missions),
        missions,
        open: open.len(),
        priority: urgent_among
            .iter()
            .map(|m| m.priority)
            .min()
            .unwrap_or(Priority::P4),
        newest_at: members
            .iter()
            .map(|m| m.received_at)
            .max()
            .unwrap_or(record.founded_at),
        founded_at: record.founded_at,
        members: record.members,
        id: record.id,
    })
}

/// "evakuasi · keluarga · Khartoum": the two words most of its members
/// say and the city of the mission they name most.
fn label(grouper: &Grouper, policy: &DeskPolicy, group: GroupId, missions: &[String]) -> String {
    let mut parts: Vec<String> = grouper
        .common_words(group, 2)
        .into_iter()
        .map(String::from)
        .collect();
    if let Some(city) = missions
        .first()
        .and_then(|code| policy.missions.get(code))
        .map(|m| m.city.clone())
    {
        parts.push(city);
    }
    parts.join(" · ")
}
