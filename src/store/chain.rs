//! The history's tamper evidence. Every event, in the order it was written
//! across the whole store, carries the SHA-256 of its content and of the
//! event written before it. Changing, removing or inserting an event breaks
//! the chain from that point on, and `siaga audit verify` names the first
//! broken link. What the person wrote is covered too: the `received` and
//! `follow_up` events carry the digest of the text and author as they
//! arrived, and the verifier compares it with the stored inquiry. The head
//! (how many events, the last hash) is sealed with the store's key
//! (`seal.rs`), so a chain recomputed over an edited backup does not pass,
//! and it is printed by the verifier and logged by `serve` so that it can
//! be written down outside the store.
//!
//! Erasing personal data for the law keeps the chain whole: an erased
//! `before`/`after` leaves its digest behind (`Sealed`), which is what the
//! hash covers.
//!
//! Trees: `chain` holds n (u64, big-endian) -> the event's key, `head`
//! -> the next n and the last hash, and `seal` -> the head's seal.

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use sled::transaction::TransactionalTree;

use super::keys::{event_key, item_key};
use super::seal::SealKey;
use super::{StoreError, StoreResult, TxResult, abort, from_json, to_json};
use crate::model::{Event, FollowUp, Inquiry, InquiryId, Link, Sealed};

const HEAD: &[u8] = b"head";
const SEAL: &[u8] = b"seal";
const DOMAIN: &[u8] = b"siaga-event-v1";

type Digest32 = [u8; 32];

/// Where the chain ends: the number the next event gets, and the hash of
/// the last one (zeros before the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub next: u64,
    pub hash: Digest32,
}

impl Head {
    const GENESIS: Head = Head {
        next: 0,
        hash: [0; 32],
    };

    fn decode(bytes: &[u8]) -> Option<Head> {
        if bytes.len() != 40 {
            return None;
        }
        Some(Head {
            next: u64::from_be_bytes(bytes[..8].try_into().ok()?),
            hash: bytes[8..].try_into().ok()?,
        })
    }

    fn encode(&self) -> [u8; 40] {
        let mut out = [0u8; 40];
        out[..8].copy_from_slice(&self.next.to_be_bytes());
        out[8..].copy_from_slice(&self.hash);
        out
    }
}

/// The digest of one field of an event (absent and empty differ).
pub fn field_digest(value: Option<&str>) -> Digest32 {
    let mut h = Sha256::new();
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update(v.as_bytes());
        }
    }
    h.finalize().into()
}

/// The digest (hex) of what a person wrote in an inquiry, as it arrived:
/// where, which post, who, and the text. Kept in its `received` event.
pub fn arrival_digest(inq: &Inquiry) -> String {
    let mut h = Sha256::new();
    h.update(b"siaga-arrival-v1");
    for part in [
        inq.source.as_str(),
        &inq.external_id,
        &inq.author.handle,
        &inq.author.display_name,
        inq.author.platform_id.as_deref().unwrap_or(""),
        inq.channel.as_str(),
        &inq.text,
    ] {
        put_str(&mut h, part);
    }
    h.update(inq.created_at.as_nanosecond().to_be_bytes());
    hex::encode(h.finalize())
}

/// The digest (hex) of a follow-up as it arrived; kept in its `follow_up`
/// event.
pub fn followup_digest(f: &FollowUp) -> String {
    let mut h = Sha256::new();
    h.update(b"siaga-followup-v1");
    put_str(&mut h, &f.external_id);
    put_str(&mut h, &f.text);
    h.update(f.created_at.as_nanosecond().to_be_bytes());
    hex::encode(h.finalize())
}

fn digests(event: &Event) -> Result<(Digest32, Digest32), String> {
    match &event.sealed {
        Some(Sealed { before, after }) => Ok((parse_hex(before)?, parse_hex(after)?)),
        None => Ok((
            field_digest(event.before.as_deref()),
            field_digest(event.after.as_deref()),
        )),
    }
}

fn parse_hex(s: &str) -> Result<Digest32, String> {
    let bytes = hex::decode(s).map_err(|e| format!("a sealed digest is not hex: {e}"))?;
    bytes
        .try_into()
        .map_err(|_| "a sealed digest is not 32 bytes".to_string())
}

fn put_str(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_be_bytes());
    h.update(s.as_bytes());
}

/// The hash of `event` as the `n`th link after `prev`, for inquiry `id`.
fn link_hash(prev: &Digest32, n: u64, id: InquiryId, event: &Event) -> Result<Digest32, String> {
    let (before, after) = digests(event)?;
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(prev);
    h.update(n.to_be_bytes());
    h.update(id.0.to_be_bytes());
    h.update(event.seq.to_be_bytes());
    h.update(event.at.as_nanosecond().to_be_bytes());
    put_str(&mut h, &event.officer);
    put_str(&mut h, &event.what);
    h.update(before);
    h.update(after);
    if let Some(content) = &event.content {
        h.update(b"content");
        h.update(parse_hex(content)?);
    }
    Ok(h.finalize().into())
}

/// Give `event` (about to be stored for inquiry `id`) the next link, and
/// seal the new head, inside the caller's transaction.
pub(super) fn link(
    chain: &TransactionalTree,
    seal: &SealKey,
    id: InquiryId,
    event: &mut Event,
) -> TxResult<()> {
    let head = match chain.get(HEAD)? {
        Some(bytes) => match Head::decode(&bytes) {
            Some(h) => h,
            None => return abort(corrupt("the chain's head is unreadable")),
        },
        None => Head::GENESIS,
    };
    let hash = match link_hash(&head.hash, head.next, id, event) {
        Ok(h) => h,
        Err(e) => return abort(corrupt(&e)),
    };
    event.link = Some(Link {
        n: head.next,
        hash: hex::encode(hash),
    });
    chain.insert(&head.next.to_be_bytes(), &event_key(id, event.seq))?;
    let next = Head {
        next: head.next + 1,
        hash,
    };
    chain.insert(HEAD, &next.encode()[..])?;
    chain.insert(SEAL, &seal.seal(&next.encode())[..])?;
    Ok(())
}

/// Replace an event's `before`/`after` by their digests; the link still
/// verifies. Idempotent.
pub fn seal(event: &mut Event) {
    if event.sealed.is_some() {
        return;
    }
    event.sealed = Some(Sealed {
        before: hex::encode(field_digest(event.before.as_deref())),
        after: hex::encode(field_digest(event.after.as_deref())),
    });
    event.before = None;
    event.after = None;
}

fn corrupt(detail: &str) -> StoreError {
    StoreError::Corrupt {
        what: "history chain".into(),
        detail: detail.to_string(),
    }
}

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

fn parse_event_key(key: &[u8]) -> Option<(InquiryId, u32)> {
    if key.len() != 12 {
        return None;
    }
    Some((
        InquiryId(u64::from_be_bytes(key[..8].try_into().ok()?)),
        u32::from_be_bytes(key[8..].try_into().ok()?),
    ))
}

/// What the store's history looks like when it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HistoryState {
    /// No events, no chain: a new store.
    Empty,
    /// Events from before the chain existed, none linked.
    Unlinked,
    /// A chain with a head, and whether the head carries a seal.
    Chained { sealed: bool },
    /// Linked events but no head: the chain was removed.
    Orphaned { linked: u64 },
}

/// How a content check of one event came out.
enum Content {
    Holds,
    /// The inquiry was erased since: its text is gone on purpose, if the
    /// history says so.
    Erased,
    Changed(&'static str),
}

impl super::Store {
    fn chain_head(&self) -> StoreResult<Head> {
        match self.chain.get(HEAD)? {
            Some(bytes) => Head::decode(&bytes).ok_or_else(|| corrupt("head unreadable")),
            None => Ok(Head::GENESIS),
        }
    }

    /// The head as an outsider writes it down: `<events>:<hash>`.
    pub fn history_head(&self) -> StoreResult<String> {
        let head = self.chain_head()?;
        Ok(format!("{}:{}", head.next, hex::encode(head.hash)))
    }

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

    /// Write the seal of the current head (a store from before the seal,
    /// or `reseal`).
    pub(super) fn seal_head(&self) -> StoreResult<()> {
        let head = self.chain_head()?;
        self.chain
            .insert(SEAL, &self.seal.seal(&head.encode())[..])?;
        self.db.flush()?;
        Ok(())
    }

    /// Link every event in key order, from the start, whatever links they
    /// carry: a store from before the chain existed (once, when it is
    /// first opened), or `reseal` after the chain was removed. Safe to
    /// repeat if interrupted: it starts again.
    pub(super) fn relink_history(&self) -> StoreResult<u64> {
        let mut head = Head::GENESIS;
        for kv in self.events.iter() {
            let (key, bytes) = kv?;
            let Some((id, _)) = parse_event_key(&key) else {
                continue;
            };
            let mut event: Event = from_json(&bytes, "event")?;
            event.link = None;
            let hash = link_hash(&head.hash, head.next, id, &event).map_err(|e| corrupt(&e))?;
            event.link = Some(Link {
                n: head.next,
                hash: hex::encode(hash),
            });
            self.events.insert(&key, to_json(&event))?;
            self.chain.insert(head.next.to_be_bytes(), &key)?;
            head = Head {
                next: head.next + 1,
                hash,
            };
        }
        self.chain.insert(HEAD, &head.encode()[..])?;
        self.chain
            .insert(SEAL, &self.seal.seal(&head.encode())[..])?;
        self.db.flush()?;
        Ok(head.next)
    }
}

/// Read what state the history of a just-opened database is in.
pub(super) fn history_state(chain: &sled::Tree, events: &sled::Tree) -> StoreResult<HistoryState> {
    if chain.get(HEAD)?.is_some() {
        return Ok(HistoryState::Chained {
            sealed: chain.get(SEAL)?.is_some(),
        });
    }
    let mut linked = 0;
    for kv in events.iter() {
        let (_, bytes) = kv?;
        if from_json::<Event>(&bytes, "event").is_ok_and(|e| e.link.is_some()) {
            linked += 1;
        }
    }
    Ok(match (events.is_empty(), linked) {
        (true, _) => HistoryState::Empty,
        (false, 0) => HistoryState::Unlinked,
        (false, linked) => HistoryState::Orphaned { linked },
    })
}
