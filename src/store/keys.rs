//! Byte layouts of the store's keys. Big-endian so that sled's byte order is
//! the desk's order: a status, then priority, then age, then id.

use jiff::Timestamp;

use crate::model::{InquiryId, Priority, Status};

/// Where an inquiry sits in its status's queue: the suffix of its index key,
/// also used as the "continue after" cursor of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueuePos {
    pub priority: Priority,
    /// Microseconds since the epoch of `queued_at`.
    pub queued_micros: i64,
    pub id: InquiryId,
}

impl QueuePos {
    pub fn new(priority: Priority, queued_at: Timestamp, id: InquiryId) -> QueuePos {
        QueuePos {
            priority,
            queued_micros: queued_at.as_microsecond(),
            id,
        }
    }

    fn suffix(&self) -> [u8; 17] {
        let mut out = [0u8; 17];
        out[0] = self.priority.rank();
        // Flip the sign bit so negative times still sort before positive ones.
        out[1..9].copy_from_slice(&((self.queued_micros as u64) ^ (1 << 63)).to_be_bytes());
        out[9..17].copy_from_slice(&self.id.0.to_be_bytes());
        out
    }

    fn from_suffix(bytes: &[u8]) -> Option<QueuePos> {
        if bytes.len() != 17 {
            return None;
        }
        let priority = Priority::from_rank(bytes[0])?;
        let micros = u64::from_be_bytes(bytes[1..9].try_into().ok()?) ^ (1 << 63);
        let id = u64::from_be_bytes(bytes[9..17].try_into().ok()?);
        Some(QueuePos {
            priority,
            queued_micros: micros as i64,
            id: InquiryId(id),
        })
    }
}

/// Key in the `queue` index: facet, NUL, status byte, position. A facet
/// narrows the index (see `Facet`); every inquiry is in the "" facet.
pub fn queue_key(facet: &str, status: Status, pos: &QueuePos) -> Vec<u8> {
    let mut out = status_prefix(facet, status);
    out.extend_from_slice(&pos.suffix());
    out
}

/// Facet, NUL, status byte: the start of a status's range in a facet, and
/// the key of that (facet, status) pair's count.
pub fn status_prefix(facet: &str, status: Status) -> Vec<u8> {
    let mut out = Vec::with_capacity(facet.len() + 19);
    out.extend_from_slice(facet.as_bytes());
    out.push(0);
    out.push(status.code());
    out
}

pub fn parse_queue_key(key: &[u8]) -> Option<(Status, QueuePos)> {
    let tail = key.get(key.len().checked_sub(18)?..)?;
    let (first, rest) = tail.split_first()?;
    Some((Status::from_code(*first)?, QueuePos::from_suffix(rest)?))
}

pub fn item_key(id: InquiryId) -> [u8; 8] {
    id.0.to_be_bytes()
}

pub fn parse_item_key(key: &[u8]) -> Option<InquiryId> {
    Some(InquiryId(u64::from_be_bytes(key.try_into().ok()?)))
}

/// Identity of an inquiry on its platform: (source name, platform id).
/// A NUL separates them; neither may contain one (checked by callers).
pub fn identity_key(source: &str, external_id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(source.len() + external_id.len() + 1);
    out.extend_from_slice(source.as_bytes());
    out.push(0);
    out.extend_from_slice(external_id.as_bytes());
    out
}

pub fn event_key(id: InquiryId, seq: u32) -> [u8; 12] {
    let mut out = [0u8; 12];
    out[..8].copy_from_slice(&id.0.to_be_bytes());
    out[8..].copy_from_slice(&seq.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_keys_sort_by_facet_status_priority_age_id() {
        let t = |s: i64| Timestamp::from_second(s).unwrap();
        let pos = |p, s, id| QueuePos::new(p, t(s), InquiryId(id));
        let keys = vec![
            queue_key("", Status::New, &pos(Priority::P1, -5, 9)),
            queue_key("", Status::New, &pos(Priority::P1, 10, 2)),
            queue_key("", Status::New, &pos(Priority::P1, 10, 3)),
            queue_key("", Status::New, &pos(Priority::P2, 1, 1)),
            queue_key("", Status::Claimed, &pos(Priority::P1, 0, 4)),
            queue_key("c:ana", Status::New, &pos(Priority::P1, 0, 4)),
        ];
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, keys);
    }

    #[test]
    fn queue_key_round_trips() {
        let pos = QueuePos::new(
            Priority::P3,
            Timestamp::from_second(1_700_000_000).unwrap(),
            InquiryId(77),
        );
        assert_eq!(
            parse_queue_key(&queue_key("c:ana", Status::Snoozed, &pos)),
            Some((Status::Snoozed, pos))
        );
        assert_eq!(parse_queue_key(&[1, 2, 3]), None);
    }
}
