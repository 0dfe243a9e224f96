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
//!
//! Here: digests, linking and sealing; the audit that walks the chain is
//! [`verify`].

use sha2::{Digest, Sha256};
use sled::transaction::TransactionalTree;

use super::keys::event_key;
use super::seal::SealKey;
use super::{StoreError, StoreResult, TxResult, abort, from_json, to_json};
use crate::model::{Event, FollowUp, Inquiry, InquiryId, Link, Sealed};

mod verify;

pub use verify::{AuditReport, BrokenLink};

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

/// An event's key: its inquiry and its number in that inquiry's history.
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
