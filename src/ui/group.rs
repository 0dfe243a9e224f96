//! The loaded rows folded into their groups (#16): on a crisis day the
//! queue shows one row for a hundred near-identical pleas, `×143 evakuasi ·
//! Khartoum`, where its most urgent member would sit, and opens in place
//! to its members.
//!
//! Folding keeps `State::rows` a plain list of inquiries, so moving,
//! marking and acting work as they always did: a collapsed group is its
//! head (its first member in queue order) drawn as the group's row, its
//! other members kept aside in `folded`; an open group is its head drawn
//! as the group's row, then every member (the head again first), each
//! drawn as a member. Search results are never folded: a search finds
//! members.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{GroupId, GroupSummary, Inquiry, InquiryId};
use crate::queue::QueuePosWire;
use crate::store::QueuePos;

/// The smallest group the list folds into one row: folding helps with
/// many, and hides with few (a pair stays two rows; `siaga groups` still
/// lists it).
pub const FOLDED_FROM: usize = 3;

/// What the queue knows of the loaded rows' groups, and which are open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouping {
    /// The groups of the loaded rows, as the desk last listed them.
    pub summaries: BTreeMap<GroupId, GroupSummary>,
    of: HashMap<InquiryId, GroupId>,
    /// Groups the officer opened (`→`, Enter).
    pub expanded: BTreeSet<GroupId>,
    /// Members of collapsed groups, out of `rows`, in queue order.
    pub folded: Vec<Inquiry>,
    /// The index in `rows` of each group's row.
    heads: HashMap<GroupId, usize>,
}

/// What one row of the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind<'a> {
    /// An inquiry in no group (or a group of one so far).
    Alone,
    /// A group's row: `expanded` if its members follow.
    Group {
        summary: &'a GroupSummary,
        expanded: bool,
    },
    /// A member of an open group, drawn under its row.
    Member,
}

impl Grouping {
    /// Take the desk's summaries of the groups the loaded rows are in.
    pub fn learn(&mut self, summaries: Vec<GroupSummary>) {
        for s in summaries {
            self.summaries.insert(s.id, s);
        }
        self.of = self
            .summaries
            .values()
            .flat_map(|s| s.members.iter().map(move |m| (*m, s.id)))
            .collect();
        self.expanded.retain(|g| self.of.values().any(|v| v == g));
    }

    /// The group `id` is in, if it is one the list folds.
    pub fn group_of(&self, id: InquiryId) -> Option<GroupId> {
        let group = *self.of.get(&id)?;
        let size = self.summaries.get(&group)?.members.len();
        (size >= FOLDED_FROM).then_some(group)
    }

    /// Every loaded row, in queue order: the rows shown and the folded.
    pub fn unfold(&mut self, rows: Vec<Inquiry>) -> Vec<Inquiry> {
        let mut all = rows;
        all.append(&mut self.folded);
        let mut seen = BTreeSet::new();
        all.retain(|r| seen.insert(r.id));
        all.sort_by_key(|r| QueuePos::from(QueuePosWire::of(r)));
        all
    }

    /// `all` (in queue order) as the list shows it: each group's members
    /// folded under its row, or following it when it is open.
    pub fn fold(&mut self, all: Vec<Inquiry>) -> Vec<Inquiry> {
        self.heads.clear();
        self.folded.clear();
        let mut members: BTreeMap<GroupId, Vec<Inquiry>> = BTreeMap::new();
        for inq in &all {
            if let Some(g) = self.group_of(inq.id) {
                members.entry(g).or_default().push(inq.clone());
            }
        }
        let mut rows = Vec::with_capacity(all.len());
        for inq in all {
            let Some(g) = self.group_of(inq.id) else {
                rows.push(inq);
                continue;
            };
            if self.heads.contains_key(&g) {
                if !self.expanded.contains(&g) {
                    self.folded.push(inq);
                }
                continue;
            }
            self.heads.insert(g, rows.len());
            if self.expanded.contains(&g) {
                rows.extend(members.remove(&g).unwrap_or_default());
                rows.insert(self.heads[&g], inq);
            } else {
                rows.push(inq);
            }
        }
        rows
    }

    /// What row `i` of `rows` is.
    pub fn kind(&self, rows: &[Inquiry], i: usize) -> RowKind<'_> {
        let Some(g) = rows.get(i).and_then(|r| self.group_of(r.id)) else {
            return RowKind::Alone;
        };
        match (self.heads.get(&g), self.summaries.get(&g)) {
            (Some(head), Some(summary)) if *head == i => RowKind::Group {
                summary,
                expanded: self.expanded.contains(&g),
            },
            _ if self.expanded.contains(&g) => RowKind::Member,
            _ => RowKind::Alone,
        }
    }

    /// The group whose row is row `i`, if it is one.
    pub fn group_at(&self, rows: &[Inquiry], i: usize) -> Option<&GroupSummary> {
        match self.kind(rows, i) {
            RowKind::Group { summary, .. } => Some(summary),
            _ => None,
        }
    }

    /// The index of group `g`'s row.
    pub fn head_of(&self, g: GroupId) -> Option<usize> {
        self.heads.get(&g).copied()
    }

    /// How many rows are loaded, shown or folded.
    pub fn loaded(&self, rows: &[Inquiry]) -> usize {
        rows.len() + self.folded.len()
    }

    /// The last loaded row in queue order: where the next page starts.
    pub fn last_loaded<'a>(&'a self, rows: &'a [Inquiry]) -> Option<&'a Inquiry> {
        rows.iter()
            .chain(&self.folded)
            .max_by_key(|r| QueuePos::from(QueuePosWire::of(r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Arrival, Priority};

    fn inq(id: u64, priority: Priority, minutes: i64) -> Inquiry {
        let at = jiff::Timestamp::from_second(1_700_000_000 + minutes * 60).unwrap();
        let arrival = Arrival {
            external_id: id.to_string(),
            conversation_id: None,
            in_reply_to: None,
            author: crate::model::Author {
                handle: format!("w{id}"),
                display_name: String::new(),
                platform_id: None,
            },
            channel: crate::model::Channel::Public,
            text: "t".into(),
            created_at: at,
            lang: None,
            priority,
            category: "crisis".into(),
            reasons: Vec::new(),
        };
        Inquiry::from_arrival(InquiryId(id), "x", arrival, at)
    }

    fn summary(id: u64, members: &[u64]) -> GroupSummary {
        let at = jiff::Timestamp::UNIX_EPOCH;
        GroupSummary {
            id: GroupId(id),
            label: "evakuasi · Khartoum".into(),
            missions: vec!["khartoum".into()],
            members: members.iter().map(|m| InquiryId(*m)).collect(),
            open: members.len(),
            priority: Priority::P1,
            founded_at: at,
            newest_at: at,
        }
    }

    fn ids(rows: &[Inquiry]) -> Vec<u64> {
        rows.iter().map(|r| r.id.0).collect()
    }

    /// 1 (P1) and 4 are in one group (with a closed third), 2 and 3
    /// alone, in queue order 1 2 3 4.
    fn queue() -> (Grouping, Vec<Inquiry>) {
        let mut g = Grouping::default();
        g.learn(vec![summary(7, &[1, 4, 9])]);
        let all = vec![
            inq(1, Priority::P1, 0),
            inq(2, Priority::P2, 1),
            inq(3, Priority::P2, 2),
            inq(4, Priority::P2, 3),
        ];
        (g, all)
    }

    #[test]
    fn a_collapsed_group_is_one_row_where_its_most_urgent_member_sits() {
        let (mut g, all) = queue();
        let rows = g.fold(all);
        assert_eq!(ids(&rows), [1, 2, 3]);
        assert_eq!(ids(&g.folded), [4]);
        assert!(matches!(
            g.kind(&rows, 0),
            RowKind::Group {
                expanded: false,
                ..
            }
        ));
        assert_eq!(g.kind(&rows, 1), RowKind::Alone);
        assert_eq!(g.loaded(&rows), 4);
        assert_eq!(g.last_loaded(&rows).map(|r| r.id.0), Some(4));
    }

    #[test]
    fn an_open_group_lists_every_member_under_its_row_and_folds_back() {
        let (mut g, all) = queue();
        g.expanded.insert(GroupId(7));
        let rows = g.fold(all);
        assert_eq!(ids(&rows), [1, 1, 4, 2, 3], "its row, then its members");
        assert!(matches!(
            g.kind(&rows, 0),
            RowKind::Group { expanded: true, .. }
        ));
        assert_eq!(g.kind(&rows, 1), RowKind::Member);
        assert_eq!(g.kind(&rows, 2), RowKind::Member);
        assert_eq!(g.kind(&rows, 3), RowKind::Alone);
        g.expanded.clear();
        let all = g.unfold(rows);
        assert_eq!(ids(&all), [1, 2, 3, 4]);
        assert_eq!(ids(&g.fold(all)), [1, 2, 3]);
    }

    #[test]
    fn a_pair_is_two_ordinary_rows() {
        let mut g = Grouping::default();
        g.learn(vec![summary(7, &[1, 2])]);
        let rows = g.fold(vec![inq(1, Priority::P1, 0), inq(2, Priority::P2, 1)]);
        assert_eq!(ids(&rows), [1, 2]);
        assert_eq!(g.kind(&rows, 0), RowKind::Alone);
        assert_eq!(g.kind(&rows, 1), RowKind::Alone);
    }
}
