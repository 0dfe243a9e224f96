//! The history's tamper evidence. Every event, in the order it was written
//! across the whole store, carries the SHA-256 of its content and of the
//! event written before it. Changing, removing or inserting an event breaks
//! the chain from that point on, and `siaga audit verify` names the first
//! broken link. The head (how many events, the last hash) is printed by the
//! verifier so that it can be written down outside the store.
//!
//! Erasing personal data for the law keeps the chain whole: an erased
//! `before`/`after` leaves its digest behind (`Sealed`), which is what the
//! hash covers.
//!
//! Trees: `chain` holds n (u64, big-endian) -> the event's key, and `head`
//! -> the next n and the last hash.

use sha2::{Digest, Sha256};
use sled::transaction::TransactionalTree;

use super::keys::event_key;
use super::{StoreError, StoreResult, TxResult, abort, from_json, to_json};
use crate::model::{Event, InquiryId, Link, Sealed};

const HEAD: &[u8] = b"head";
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
    Ok(h.finalize().into())
}

/// Give `event` (about to be stored for inquiry `id`) the next link, inside
/// the caller's transaction.
pub(super) fn link(chain: &TransactionalTree, id: InquiryId, event: &mut Event) -> TxResult<()> {
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

impl super::Store {
    fn chain_head(&self) -> StoreResult<Head> {
        match self.chain.get(HEAD)? {
            Some(bytes) => Head::decode(&bytes).ok_or_else(|| corrupt("head unreadable")),
            None => Ok(Head::GENESIS),
        }
    }

    /// Walk the whole chain in the order it was written and check every
    /// link; then check that no event sits outside it.
    pub fn verify_chain(&self) -> StoreResult<AuditReport> {
        let head = self.chain_head()?;
        let mut report = AuditReport {
            checked: 0,
            expected: head.next,
            head: hex::encode(head.hash),
            broken: None,
        };
        let mut prev = Head::GENESIS.hash;
        for n in 0..head.next {
            match self.check_link(n, &prev)? {
                Ok(hash) => {
                    prev = hash;
                    report.checked += 1;
                }
                Err(broken) => {
                    report.broken = Some(broken);
                    return Ok(report);
                }
            }
        }
        if prev != head.hash {
            report.broken = Some(BrokenLink {
                n: head.next.saturating_sub(1),
                inquiry: None,
                seq: None,
                problem: "the chain's head does not match its last event".into(),
            });
            return Ok(report);
        }
        report.broken = self.unlinked_event(head.next)?;
        Ok(report)
    }

    /// Check link `n` after `prev`: its hash, or what is wrong with it.
    fn check_link(&self, n: u64, prev: &Digest32) -> StoreResult<Result<Digest32, BrokenLink>> {
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
        Ok(Ok(hash))
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

    /// Link the events of a store made before the chain existed, once, in
    /// key order. Safe to repeat if interrupted: it starts again.
    pub(super) fn adopt_unlinked_history(&self) -> StoreResult<()> {
        if self.chain.get(HEAD)?.is_some() || self.events.is_empty() {
            return Ok(());
        }
        let mut head = Head::GENESIS;
        for kv in self.events.iter() {
            let (key, bytes) = kv?;
            let Some((id, _)) = parse_event_key(&key) else {
                continue;
            };
            let mut event: Event = from_json(&bytes, "event")?;
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
        self.db.flush()?;
        tracing::info!(events = head.next, "history chained");
        Ok(())
    }
}
