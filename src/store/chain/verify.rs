//! `siaga audit verify`: the chain walked in the order it was written,
//! every link and what the person wrote checked, no event outside it, and
//! the head's seal; the first break named.

use std::collections::HashSet;

use super::super::keys::item_key;
use super::super::{Store, StoreResult, from_json};
use super::{Digest32, Head, SEAL, arrival_digest, followup_digest, link_hash, parse_event_key};
use crate::model::{Event, Inquiry, InquiryId};

/// What `siaga audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditReport {
    /// Events checked, in chain order.
    pub checked: u64,
    /// Events the chain says exist.
    pub expected: u64,
    /// The last hash (hex), to note down outside the store.
    pub head: String,
    /// The first broken link, if any.
    pub broken: Option<BrokenLink>,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Where the chain breaks and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrokenLink {
    pub n: u64,
    /// The inquiry and event number, when known.
    pub inquiry: Option<InquiryId>,
    pub seq: Option<u32>,
    pub problem: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "link {}", self.n)?;
        if let (Some(id), Some(seq)) = (self.inquiry, self.seq) {
            write!(f, " (inquiry {id}, event {seq})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// How a content check of one event came out.
enum Content {
    Holds,
    /// The inquiry was erased since: its text is gone on purpose, if the
    /// history says so.
    Erased,
    Changed(&'static str),
}

impl Store {
    /// Walk the whole chain in the order it was written and check every
    /// link and what the person wrote; then that no event sits outside it,
    /// and that the head carries this store's seal.
    pub fn verify_chain(&self) -> StoreResult<AuditReport> {
        let head = self.chain_head()?;
        let mut report = AuditReport {
            checked: 0,
            expected: head.next,
            head: hex::encode(head.hash),
            broken: None,
        };
        let mut prev = Head::GENESIS.hash;
        let mut erasures = HashSet::new();
        let mut erased_text = Vec::new();
        for n in 0..head.next {
            let (hash, id, event) = match self.check_link(n, &prev)? {
                Ok(linked) => linked,
                Err(broken) => {
                    report.broken = Some(broken);
                    return Ok(report);
                }
            };
            if event.what == "erased" {
                erasures.insert(id);
            }
            match self.check_content(id, &event)? {
                Content::Holds => {}
                Content::Erased => erased_text.push((n, id, event.seq)),
                Content::Changed(problem) => {
                    report.broken = Some(BrokenLink {
                        n,
                        inquiry: Some(id),
                        seq: Some(event.seq),
                        problem: problem.into(),
                    });
                    return Ok(report);
                }
            }
            prev = hash;
            report.checked += 1;
        }
        report.broken = self.head_problem(&head, &prev)?;
        if report.broken.is_none() {
            report.broken = erased_text
                .into_iter()
                .find(|(_, id, _)| !erasures.contains(id))
                .map(|(n, id, seq)| BrokenLink {
                    n,
                    inquiry: Some(id),
                    seq: Some(seq),
                    problem: "the inquiry's text is gone but its history records no erasure".into(),
                });
        }
        if report.broken.is_none() {
            report.broken = self.unlinked_event(head.next)?;
        }
        if report.broken.is_none() {
            report.broken = self.seal_problem(&head)?;
        }
        Ok(report)
    }

    fn head_problem(&self, head: &Head, last: &Digest32) -> StoreResult<Option<BrokenLink>> {
        Ok((last != &head.hash).then(|| BrokenLink {
            n: head.next.saturating_sub(1),
            inquiry: None,
            seq: None,
            problem: "the chain's head does not match its last event".into(),
        }))
    }

    fn seal_problem(&self, head: &Head) -> StoreResult<Option<BrokenLink>> {
        let problem = match self.chain.get(SEAL)? {
            Some(seal) if self.seal.opens(&head.encode(), &seal) => return Ok(None),
            None if head.next == 0 => return Ok(None),
            Some(_) => {
                "the head's seal does not match this store's chain.key: the history was \
                 rewritten, or restored from a backup of a store with another key"
            }
            None => "the head carries no seal: the seal was removed",
        };
        Ok(Some(BrokenLink {
            n: head.next.saturating_sub(1),
            inquiry: None,
            seq: None,
            problem: problem.into(),
        }))
    }

    /// Check link `n` after `prev`: its hash, inquiry and event, or what is
    /// wrong with it.
    #[allow(clippy::type_complexity)]
    fn check_link(
        &self,
        n: u64,
        prev: &Digest32,
    ) -> StoreResult<Result<(Digest32, InquiryId, Event), BrokenLink>> {
        let broken = |inquiry, seq, problem: &str| {
            Ok(Err(BrokenLink {
                n,
                inquiry,
                seq,
                problem: problem.to_string(),
            }))
        };
        let Some(key) = self.chain.get(n.to_be_bytes())? else {
            return broken(None, None, "missing from the chain index (removed)");
        };
        let Some((id, seq)) = parse_event_key(&key) else {
            return broken(None, None, "the chain index entry is unreadable");
        };
        let Some(bytes) = self.events.get(key)? else {
            return broken(Some(id), Some(seq), "the event was removed");
        };
        let event: Event = match from_json(&bytes, "event") {
            Ok(e) => e,
            Err(_) => return broken(Some(id), Some(seq), "the event is unreadable"),
        };
        let Some(link) = &event.link else {
            return broken(Some(id), Some(seq), "the event lost its link");
        };
        if link.n != n || event.seq != seq {
            return broken(Some(id), Some(seq), "the event was moved");
        }
        let hash = match link_hash(prev, n, id, &event) {
            Ok(h) => h,
            Err(e) => return broken(Some(id), Some(seq), &e),
        };
        if hex::encode(hash) != link.hash {
            return broken(
                Some(id),
                Some(seq),
                &format!(
                    "`{}` by {} at {}: its content or an earlier link was changed",
                    event.what, event.officer, event.at
                ),
            );
        }
        Ok(Ok((hash, id, event)))
    }

    /// Whether what the person wrote, as the event's digest remembers it,
    /// is still what the store holds.
    fn check_content(&self, id: InquiryId, event: &Event) -> StoreResult<Content> {
        let Some(want) = &event.content else {
            return Ok(Content::Holds);
        };
        let Some(bytes) = self.items.get(item_key(id))? else {
            return Ok(Content::Changed("the inquiry it records was removed"));
        };
        let Ok(inq) = from_json::<Inquiry>(&bytes, "inquiry") else {
            return Ok(Content::Changed("the inquiry it records is unreadable"));
        };
        if inq.erased.is_some() {
            return Ok(Content::Erased);
        }
        let got = if event.what == "follow_up" {
            let Some(f) = inq
                .followups
                .iter()
                .find(|f| Some(&f.external_id) == event.after.as_ref())
            else {
                return Ok(Content::Changed("the follow-up it records was removed"));
            };
            followup_digest(f)
        } else {
            arrival_digest(&inq)
        };
        Ok(if &got == want {
            Content::Holds
        } else {
            Content::Changed("what the person wrote (text or author) was changed after it arrived")
        })
    }

    /// An event the chain does not know (inserted behind its back).
    fn unlinked_event(&self, next: u64) -> StoreResult<Option<BrokenLink>> {
        for kv in self.events.iter() {
            let (key, bytes) = kv?;
            let (id, seq) = parse_event_key(&key).unzip();
            let linked = from_json::<Event>(&bytes, "event")
                .ok()
                .and_then(|e| e.link)
                .filter(|l| l.n < next)
                .map(|l| self.chain.get(l.n.to_be_bytes()))
                .transpose()?
                .flatten()
                .is_some_and(|k| k == key);
            if !linked {
                return Ok(Some(BrokenLink {
                    n: next,
                    inquiry: id,
                    seq,
                    problem: "an event outside the chain (inserted)".into(),
                }));
            }
        }
        Ok(None)
    }
}
