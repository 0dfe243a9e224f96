//! When a retry to the outside world (a reply, a delivery) is due: on
//! the wall clock, which an NTP step can move, so no wait is trusted
//! beyond `MAX_RETRY_WAIT`.

use jiff::{SignedDuration, Timestamp};

/// Retries to the outside world (replies, deliveries) are scheduled on the
/// wall clock, which an NTP step can move. None is ever scheduled further
/// ahead than this (a longer rate-limit reset is asked about again after
/// it), so a retry that seems further ahead was scheduled before the clock
/// stepped back, and is due now.
pub const MAX_RETRY_WAIT: SignedDuration = SignedDuration::from_mins(15);

/// Whether a retry scheduled for `next` is due at `now` (see
/// `MAX_RETRY_WAIT`).
pub fn retry_due(next: Option<Timestamp>, now: Timestamp) -> bool {
    next.is_none_or(|t| t <= now || t.duration_since(now) > MAX_RETRY_WAIT)
}

/// How long from `now` until a retry scheduled for `next`: never negative,
/// never beyond `MAX_RETRY_WAIT`.
pub fn retry_wait(next: Option<Timestamp>, now: Timestamp) -> SignedDuration {
    match next {
        Some(t) if !retry_due(next, now) => t.duration_since(now),
        _ => SignedDuration::ZERO,
    }
}

/// When to retry after a platform said "rate limited until `until`": at
/// the reset, but `floor` from now if the reset is already past (a clock
/// ahead of the platform's must not become a storm of retries), and never
/// beyond `MAX_RETRY_WAIT` (a clock behind must not hold a reply for
/// hours).
pub fn rate_limited_retry(until: Timestamp, now: Timestamp, floor: SignedDuration) -> Timestamp {
    if until <= now {
        now + floor
    } else {
        until.min(now + MAX_RETRY_WAIT)
    }
}

#[cfg(test)]
#[path = "clock_tests.rs"]
mod clock_tests;
