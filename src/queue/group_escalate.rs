//! Escalating a group at once (#16): one escalation to the mission, its
//! packet that of the group's most urgent member, carrying every member
//! as a row of its roster (who, where, the phones they gave, how many
//! people they speak for, link, when). The mission gets one list, not a
//! hundred e-mails.
//!
//! A member who joins the group later is sent as an **addition** to the
//! same escalation (only the new rows), never as a new one: after each
//! page's placements the rosters of the groups that grew are brought up
//! to date (`sync_rosters`), and at start every escalated group's roster
//! is checked against its members (`sync_all_rosters`), so a crash
//! between a placement and its addition loses no member for good.
//!
//! Which escalations carry which group is not a stored index: it is read
//! from the escalations once per process and kept here.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::Timestamp;

use super::{LocalQueue, QueueResult, QueueService, limits};
use crate::escalate::packet::{EscalationRequest, platform_link};
use crate::escalate::roster::row_except;
use crate::escalate::{Escalation, EscalationId};
use crate::model::erase::{self, roster_row_erased};
use crate::model::escalation::{Roster, RosterRow};
use crate::model::group::GroupEscalationRequest;
use crate::model::{GroupId, Inquiry, Status};
use crate::store::{FieldChange, StoreError, check_usable};

/// Who writes the additions into the history.
const DESK: &str = "siaga";

/// Which escalations carry each group's roster, read once.
#[derive(Default)]
pub(super) struct GroupEscalations {
    known: Mutex<Option<HashMap<GroupId, Vec<EscalationId>>>>,
}

impl GroupEscalations {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<HashMap<GroupId, Vec<EscalationId>>>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl LocalQueue {
    /// Escalate every open member of `request.group` to one mission.
    pub(super) fn escalate_whole_group(
        &self,
        request: GroupEscalationRequest,
        officer: &str,
    ) -> QueueResult<Escalation> {
        let group = request.group;
        let members = self.members_to_escalate(group)?;
        let lead = most_urgent(&members)
            .ok_or_else(|| {
                StoreError::Refused(crate::said!(
                    "refused-group-nobody",
                    group = group.to_string()
                ))
            })?
            .clone();
        let summary = self.groups_named(&[group])?.pop();
        let mission = request
            .mission
            .or_else(|| summary.as_ref().and_then(|s| s.missions.first().cloned()))
            .ok_or_else(|| {
                StoreError::Refused(crate::said!(
                    "refused-group-no-mission",
                    group = group.to_string()
                ))
            })?;
        self.refuse_twice(group, &mission)?;
        let now = Timestamp::now();
        let history = self.store().history(lead.id)?;
        let ask = EscalationRequest {
            inquiry: lead.id,
            severity: request.severity.unwrap_or(lead.priority),
            summary: request.summary.unwrap_or_else(|| {
                summary.map_or_else(String::new, |s| format!("×{} {}", s.members.len(), s.label))
            }),
            note: request.note,
            mission,
            made: None,
        };
        let mut draft = self
            .policy()
            .escalation(ask, &lead, &history, officer, now)
            .map_err(|why| {
                StoreError::Refused(crate::said!("refused-not-escalated", why = why.said()))
            })?;
        draft.roster = Some(Roster {
            group,
            rows: self.rows_of(&members),
        });
        let e = self.record_escalation(draft, officer, now)?;
        self.note_group_escalation(group, e.id);
        let others: Vec<_> = members
            .iter()
            .map(|m| m.id)
            .filter(|id| *id != lead.id)
            .collect();
        self.mark_members(&e, &others, officer);
        Ok(e)
    }

    /// The group's members a mission is to hear of: open, and neither
    /// erased nor restricted.
    fn members_to_escalate(&self, group: GroupId) -> QueueResult<Vec<Inquiry>> {
        let store = self.store();
        let record = store.group(group)?.ok_or_else(|| {
            StoreError::Refused(crate::said!("refused-no-group", group = group.to_string()))
        })?;
        let mut out = Vec::new();
        for id in record.members.iter().take(limits::MAX_PAGE) {
            let inq = store.get(*id)?;
            if inq.status != Status::Closed && check_usable(&inq, "escalated").is_ok() {
                out.push(inq);
            }
        }
        Ok(out)
    }

    /// A group goes to a mission once; who joins later goes as additions.
    fn refuse_twice(&self, group: GroupId, mission: &str) -> QueueResult<()> {
        let store = self.store();
        for id in self.escalations_of_group(group)? {
            let e = store.escalation(id)?;
            if e.mission == mission {
                return Err(StoreError::Refused(crate::said!(
                    "refused-group-escalated",
                    group = group.to_string(),
                    mission = &e.mission_name,
                    escalation = e.id.to_string()
                )));
            }
        }
        Ok(())
    }

    fn rows_of(&self, members: &[Inquiry]) -> Vec<RosterRow> {
        let policy = self.policy();
        let desk_numbers = policy.reply.public_numbers();
        members
            .iter()
            .map(|m| {
                let link = platform_link(m, &policy.sources);
                row_except(m, &policy.gazetteer, link, &desk_numbers)
            })
            .collect()
    }

    /// The escalations carrying `group`'s roster.
    fn escalations_of_group(&self, group: GroupId) -> QueueResult<Vec<EscalationId>> {
        let mut known = self.group_escalations.lock();
        if known.is_none() {
            *known = Some(self.read_group_escalations()?);
        }
        let map = known.as_ref().expect("just read");
        Ok(map.get(&group).cloned().unwrap_or_default())
    }

    fn read_group_escalations(&self) -> QueueResult<HashMap<GroupId, Vec<EscalationId>>> {
        let mut map: HashMap<GroupId, Vec<EscalationId>> = HashMap::new();
        for e in self.store().recent_escalations(usize::MAX)? {
            if let Some(roster) = &e.roster {
                map.entry(roster.group).or_default().push(e.id);
            }
        }
        Ok(map)
    }

    fn note_group_escalation(&self, group: GroupId, id: EscalationId) {
        if let Some(map) = self.group_escalations.lock().as_mut() {
            map.entry(group).or_default().push(id);
        }
    }

    /// Send the members who joined `groups` since their escalations as
    /// additions. A failure is logged: the next sync (the next placement
    /// in the group, or the next start) sends them.
    pub(super) fn sync_rosters(&self, groups: &[GroupId]) {
        for group in groups {
            if let Err(e) = self.sync_roster(*group) {
                tracing::warn!("the roster of {group} is not brought up to date: {e}");
            }
        }
    }

    /// Every escalated group's roster checked against its members.
    pub fn sync_all_rosters(&self) -> QueueResult<()> {
        let groups: Vec<GroupId> = {
            let _ = self.escalations_of_group(GroupId(0))?;
            let known = self.group_escalations.lock();
            known.iter().flat_map(|m| m.keys().copied()).collect()
        };
        self.sync_rosters(&groups);
        Ok(())
    }

    fn sync_roster(&self, group: GroupId) -> QueueResult<()> {
        let escalations = self.escalations_of_group(group)?;
        if escalations.is_empty() {
            return Ok(());
        }
        let erased = self.erased_members(group)?;
        if !erased.is_empty() {
            self.erase_rows(group, &erased, DESK)?;
        }
        let members = self.members_to_escalate(group)?;
        for id in escalations {
            let e = self.store().escalation(id)?;
            let missing: Vec<Inquiry> = members
                .iter()
                .filter(|m| !in_roster(&e, m))
                .cloned()
                .collect();
            if !missing.is_empty() {
                self.add_rows(id, group, self.rows_of(&missing))?;
            }
        }
        Ok(())
    }

    fn add_rows(&self, id: EscalationId, group: GroupId, rows: Vec<RosterRow>) -> QueueResult<()> {
        let now = Timestamp::now();
        let added: Vec<_> = rows.iter().map(|r| r.inquiry).collect();
        let (e, _) = self.update_escalation(id, DESK, |e, _| {
            let added = e.add_roster_rows(rows.clone(), now).unwrap_or(0);
            Ok(vec![FieldChange::new(
                "roster_addition",
                None,
                Some(format!(
                    "{id}: {added} who joined {group} sent as an addition"
                )),
            )])
        })?;
        self.mark_members(&e, &added, DESK);
        Ok(())
    }

    /// Each member carried by group escalation `e` moves to "escalated"
    /// in its own history, naming the escalation that carries it (its
    /// record holds no brief of its own: the mission has one packet).
    /// A member that cannot be marked is logged; the roster already
    /// holds it, which is what the mission sees.
    fn mark_members(&self, e: &Escalation, members: &[crate::model::InquiryId], officer: &str) {
        for id in members {
            if let Err(err) = self.mark_member(e, *id, officer) {
                tracing::warn!("inquiry {id} not marked as escalated with {}: {err}", e.id);
            }
        }
    }

    fn mark_member(
        &self,
        e: &Escalation,
        id: crate::model::InquiryId,
        officer: &str,
    ) -> QueueResult<()> {
        let group = e.roster.as_ref().map(|r| r.group);
        let (before, inquiry) =
            self.store()
                .update_traced(id, officer, Timestamp::now(), |inq| {
                    let settled = inq.status == Status::Escalated || inq.status == Status::Closed;
                    if settled || check_usable(inq, "escalated").is_err() {
                        return Ok(Vec::new());
                    }
                    let carried = format!(
                        "{} to {} carries it in the roster of {}",
                        e.id,
                        e.mission_name,
                        group.map_or_else(String::new, |g| g.to_string())
                    );
                    let changes = vec![
                        FieldChange::new("group_escalation", None, Some(carried)),
                        FieldChange::new(
                            "status",
                            Some(inq.status.to_string()),
                            Some(Status::Escalated.to_string()),
                        ),
                    ];
                    inq.status = Status::Escalated;
                    inq.snoozed_until = None;
                    Ok(changes)
                })?;
        if before.status != inquiry.status {
            self.announce(&inquiry, officer, None);
        }
        Ok(())
    }
}

impl LocalQueue {
    /// `inquiry`'s own escalations, then those of its group that carry
    /// it in their roster, each as a member sees it (its own row, none of
    /// the lead's packet): what its detail shows (the whole roster stays
    /// in the escalation listing and the lead's detail).
    pub(super) fn escalations_carrying(&self, inquiry: &Inquiry) -> QueueResult<Vec<Escalation>> {
        let store = self.store();
        let mut out = store.escalations_of(inquiry)?;
        let Some(group) = store.group_of(inquiry.id)? else {
            return Ok(out);
        };
        for id in self.escalations_of_group(group)? {
            if out.iter().any(|e| e.id == id) {
                continue;
            }
            let mut e = store.escalation(id)?;
            if !in_roster(&e, inquiry) {
                continue;
            }
            erase::escalation_for_member(&mut e, inquiry.id);
            out.push(e);
        }
        Ok(out)
    }

    /// The newest unacknowledged group escalation carrying `inquiry`.
    pub(super) fn open_group_escalation(
        &self,
        inquiry: &Inquiry,
    ) -> QueueResult<Option<EscalationId>> {
        let open = self
            .escalations_carrying(inquiry)?
            .into_iter()
            .rev()
            .find(|e| e.ack.is_none() && e.roster.is_some());
        Ok(open.map(|e| e.id))
    }

    /// Erased inquiry `id`'s rows blanked in every group escalation that
    /// carries it (its own escalations were erased with it). A crash
    /// before this is made good at the next start (`sync_roster`).
    pub(super) fn erase_from_rosters(&self, id: crate::model::InquiryId, officer: &str) {
        let result = self.store().group_of(id).and_then(|group| match group {
            Some(group) => self.erase_rows(group, &[id], officer),
            None => Ok(()),
        });
        if let Err(e) = result {
            tracing::warn!("inquiry {id}'s roster rows not erased yet: {e}");
        }
    }

    fn erase_rows(
        &self,
        group: GroupId,
        ids: &[crate::model::InquiryId],
        officer: &str,
    ) -> QueueResult<()> {
        for eid in self.escalations_of_group(group)? {
            let e = self.store().escalation(eid)?;
            let holds = |r: &RosterRow| ids.contains(&r.inquiry) && !roster_row_erased(r);
            if !e.roster.as_ref().is_some_and(|r| r.rows.iter().any(holds)) {
                continue;
            }
            self.update_escalation(eid, officer, |e, _| {
                let rows = e
                    .roster
                    .as_mut()
                    .map(|r| r.rows.as_mut_slice())
                    .unwrap_or_default();
                for row in rows.iter_mut().filter(|r| ids.contains(&r.inquiry)) {
                    erase::roster_row(row);
                }
                Ok(vec![FieldChange::new(
                    "roster_row_erased",
                    None,
                    Some(format!("{eid}: {} erased member(s)", ids.len())),
                )])
            })?;
        }
        Ok(())
    }

    /// Members of `group` erased while their rows were not blanked.
    fn erased_members(&self, group: GroupId) -> QueueResult<Vec<crate::model::InquiryId>> {
        let store = self.store();
        let Some(record) = store.group(group)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for id in record.members {
            if store.get(id)?.erased.is_some() {
                out.push(id);
            }
        }
        Ok(out)
    }
}

fn in_roster(e: &Escalation, member: &Inquiry) -> bool {
    e.roster
        .as_ref()
        .is_some_and(|r| r.rows.iter().any(|row| row.inquiry == member.id))
}

/// The member whose packet leads: the most urgent, then the earliest.
fn most_urgent(members: &[Inquiry]) -> Option<&Inquiry> {
    members.iter().min_by_key(|m| (m.priority, m.received_at))
}
