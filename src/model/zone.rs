//! The zone this run shows times in (#21), and the one way each kind of
//! human output writes a time in it.
//!
//! Officers read times on their own clock: `[ui] timezone` (an IANA name
//! such as "Asia/Jakarta"), else the system's (`TZ`, then /etc/localtime).
//! The CLI settles it once at start (`init`), before any time is drawn;
//! until then, and in a library test that sets nothing, it is UTC, so
//! output does not depend on the host. A test that wants another zone
//! pins it on its own thread (`pin`). Every time stored or given as
//! `--json` stays an instant in UTC: only the words shown change.

use std::cell::RefCell;
use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;

static RUN: OnceLock<TimeZone> = OnceLock::new();

thread_local! {
    static PINNED: RefCell<Option<TimeZone>> = const { RefCell::new(None) };
}

/// Settle the run's zone; the first call wins (a later one is ignored and
/// says so with `false`).
pub fn init(zone: TimeZone) -> bool {
    RUN.set(zone).is_ok()
}

/// The zone an IANA name stands for, or why it stands for none: from the
/// host's zoneinfo, else from the copy built into siaga (a host without
/// zoneinfo, or with only part of it, still knows "Asia/Jayapura").
pub fn named(name: &str) -> Result<TimeZone, crate::i18n::Said> {
    jiff::tz::db()
        .get(name)
        .or_else(|_| jiff::tz::TimeZoneDatabase::bundled().get(name))
        .map_err(|_| crate::said!("zone-unknown", name = name))
}

/// `configured` if given (already checked by the config), else `TZ` if it
/// names a zone, else the system's: what `init` is given at start.
pub fn for_run(configured: Option<&str>) -> TimeZone {
    let tz = std::env::var("TZ").ok();
    let from_tz = || {
        let name = tz.as_deref()?;
        named(name.strip_prefix(':').unwrap_or(name)).ok()
    };
    configured
        .and_then(|name| named(name).ok())
        .or_else(from_tz)
        .unwrap_or_else(TimeZone::system)
}

/// Times drawn on this thread use `zone` until the guard is dropped.
pub fn pin(zone: TimeZone) -> Pinned {
    let before = PINNED.with(|p| p.replace(Some(zone)));
    Pinned { before }
}

/// What `pin` returns: dropping it puts back the zone before.
pub struct Pinned {
    before: Option<TimeZone>,
}

impl Drop for Pinned {
    fn drop(&mut self) {
        let before = self.before.take();
        PINNED.with(|p| *p.borrow_mut() = before);
    }
}

/// The zone times are shown in here: the thread's pin, the run's, else UTC.
pub fn current() -> TimeZone {
    PINNED
        .with(|p| p.borrow().clone())
        .or_else(|| RUN.get().cloned())
        .unwrap_or(TimeZone::UTC)
}

fn format(t: Timestamp, pattern: &str) -> String {
    t.to_zoned(current()).strftime(pattern).to_string()
}

/// "14:05": a time of day, where the zone is said elsewhere or obvious.
pub fn clock(t: Timestamp) -> String {
    format(t, "%H:%M")
}

/// "14:05 WIB": a time of day with its zone, for sentences.
pub fn clock_zoned(t: Timestamp) -> String {
    format(t, "%H:%M %Z")
}

/// "2026-12-07": the day.
pub fn date(t: Timestamp) -> String {
    format(t, "%Y-%m-%d")
}

/// "12-07 14:05": a day and time in a list (a history, notes).
pub fn day_clock(t: Timestamp) -> String {
    format(t, "%m-%d %H:%M")
}

/// "2026-12-07 14:05 WIB": a day and time with its zone.
pub fn date_time(t: Timestamp) -> String {
    format(t, "%Y-%m-%d %H:%M %Z")
}

/// "2026-12-07T14:05:09+07:00": RFC 3339 to the second, with the offset
/// ("Z" in UTC); fractions of a second are for `--json` only.
pub fn rfc3339_seconds(t: Timestamp) -> String {
    let zoned = t.to_zoned(current());
    if zoned.offset() == jiff::tz::Offset::UTC {
        zoned.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// "2026-12-07 07:05 UTC (14:05 WIB)": for a reader in another zone (a
/// mission abroad), UTC first, then the desk's own clock unless it is UTC.
pub fn utc_and_local(t: Timestamp) -> String {
    let utc = t.strftime("%Y-%m-%d %H:%M UTC").to_string();
    if t.to_zoned(current()).offset() == jiff::tz::Offset::UTC {
        utc
    } else {
        format!("{utc} ({})", clock_zoned(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Timestamp {
        "2026-12-07T07:05:09.123456789Z".parse().unwrap()
    }

    fn in_zone(name: &str, f: impl FnOnce() -> String) -> String {
        let _pin = pin(named(name).unwrap());
        f()
    }

    #[test]
    fn indonesian_zones_are_named() {
        assert_eq!(in_zone("Asia/Jakarta", || clock_zoned(at())), "14:05 WIB");
        assert_eq!(
            in_zone("Asia/Makassar", || date_time(at())),
            "2026-12-07 15:05 WITA"
        );
        assert_eq!(in_zone("Asia/Jayapura", || clock_zoned(at())), "16:05 WIT");
    }

    #[test]
    fn rfc3339_is_to_the_second_with_the_offset() {
        assert_eq!(
            in_zone("Asia/Jakarta", || rfc3339_seconds(at())),
            "2026-12-07T14:05:09+07:00"
        );
        assert_eq!(
            in_zone("UTC", || rfc3339_seconds(at())),
            "2026-12-07T07:05:09Z"
        );
    }

    #[test]
    fn unpinned_and_unset_is_utc() {
        // Nothing in the library's tests calls `init`.
        assert_eq!(clock_zoned(at()), "07:05 UTC");
        assert_eq!(day_clock(at()), "12-07 07:05");
        assert_eq!(date(at()), "2026-12-07");
    }

    #[test]
    fn a_pin_ends_with_its_guard() {
        {
            let _pin = pin(named("Asia/Jakarta").unwrap());
            assert_eq!(clock(at()), "14:05");
        }
        assert_eq!(clock(at()), "07:05");
    }

    #[test]
    fn the_mission_reads_utc_then_the_desk_clock() {
        assert_eq!(
            in_zone("Asia/Jakarta", || utc_and_local(at())),
            "2026-12-07 07:05 UTC (14:05 WIB)"
        );
        assert_eq!(utc_and_local(at()), "2026-12-07 07:05 UTC");
    }

    #[test]
    fn a_made_up_zone_is_refused() {
        assert!(named("Asia/Atlantis").is_err());
        assert!(named("Asia/Jakarta").is_ok());
    }
}
