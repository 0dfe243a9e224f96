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

/// Key in the `queue` index: status byte + position.
pub fn queue_key(status: Status, pos: &QueuePos) -> [u8; 18] {
    let mut out = [0u8; 18];
    out[0] = status.code();
    out[1..].copy_from_slice(&pos.suffix());
    out
}

pub fn parse_queue_key(key: &[u8]) -> Option<(Status, QueuePos)> {
    let (first, rest) = key.split_first()?;
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
    fn queue_keys_sort_by_status_priority_age_id() {
        let t = |s: i64| Timestamp::from_second(s).unwrap();
        let keys = [
            queue_key(
                Status::New,
                &QueuePos::new(Priority::P1, t(-5), InquiryId(9)),
            ),
            queue_key(
                Status::New,
                &QueuePos::new(Priority::P1, t(10), InquiryId(2)),
            ),
            queue_key(
                Status::New,
                &QueuePos::new(Priority::P1, t(10), InquiryId(3)),
            ),
            queue_key(
                Status::New,
                &QueuePos::new(Priority::P2, t(1), InquiryId(1)),
            ),
            queue_key(
                Status::Claimed,
                &QueuePos::new(Priority::P1, t(0), InquiryId(4)),
            ),
        ];
        let mut sorted = keys;
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
            parse_queue_key(&queue_key(Status::Snoozed, &pos)),
            Some((Status::Snoozed, pos))
        );
        assert_eq!(parse_queue_key(&[1, 2, 3]), None);
    }
}
