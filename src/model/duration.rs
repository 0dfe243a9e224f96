//! Lengths of time as officers type them ("30m", "4h", "2d"): a snooze,
//! an acknowledgement deadline. Read by the config, the escalation
//! settings and the snooze picker alike.

/// A snooze length such as "30m", "4h" or "2d".
pub fn parse_snooze(text: &str) -> Result<jiff::SignedDuration, crate::i18n::Said> {
    let t = text.trim();
    let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = number
        .parse()
        .map_err(|_| crate::said!("duration-not-a-length", text = text))?;
    let minutes = match unit.trim() {
        "m" | "min" => Some(n),
        "h" => n.checked_mul(60),
        "d" => n.checked_mul(60 * 24),
        _ => {
            return Err(crate::said!("duration-not-a-length", text = text));
        }
    };
    let Some(minutes) = minutes.filter(|m| (1..=60 * 24 * 90).contains(m)) else {
        return Err(crate::said!("duration-out-of-range", text = text));
    };
    Ok(jiff::SignedDuration::from_mins(minutes))
}

#[cfg(test)]
mod tests {
    use super::parse_snooze;

    #[test]
    fn snooze_lengths_out_of_range_or_overflowing_are_errors() {
        assert_eq!(parse_snooze("4h"), Ok(jiff::SignedDuration::from_mins(240)));
        assert!(parse_snooze("0m").is_err());
        assert!(parse_snooze("91d").is_err());
        for huge in [
            "999999999999999999d",
            "999999999999999999h",
            "99999999999999999999m",
        ] {
            assert!(parse_snooze(huge).is_err(), "{huge}");
        }
    }
}
