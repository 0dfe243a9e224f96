//! What is never personal: the desk's own numbers and addresses, blanked
//! from the text before anything is looked for.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

/// Replace `range` of `text` by as many spaces (offsets stay valid).
pub(super) fn blank(text: &mut String, range: Range<usize>) {
    text.replace_range(range.clone(), &" ".repeat(range.len()));
}

/// `text` with every allowed number or address replaced by spaces.
pub(super) fn blank_allowed(text: &str, allowed: &[&str]) -> String {
    let mut out = text.to_string();
    for entry in allowed {
        let Some(re) = allowed_pattern_cached(entry) else {
            continue;
        };
        let found: Vec<Range<usize>> = re.find_iter(&out).map(|m| m.range()).collect();
        for range in found {
            blank(&mut out, range);
        }
    }
    out
}

/// [`allowed_pattern`], compiled once per entry: the same few hotlines
/// are asked about for every row on screen.
fn allowed_pattern_cached(entry: &str) -> Option<Regex> {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<Regex>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(re) = cache.get(entry) {
        return re.clone();
    }
    if cache.len() >= 256 {
        cache.clear();
    }
    let re = allowed_pattern(entry);
    cache.insert(entry.to_string(), re.clone());
    re
}

/// A pattern for one allowed entry: an e-mail address as written (any
/// case); a number as its digits with any separators between them, `+62`
/// or `0` in front.
fn allowed_pattern(entry: &str) -> Option<Regex> {
    let entry = entry.trim();
    if entry.contains('@') {
        return Regex::new(&format!("(?i){}", regex::escape(entry))).ok();
    }
    let digits: String = entry.chars().filter(char::is_ascii_digit).collect();
    let spaced = |d: &str| {
        d.chars()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(r"[\s.\-()]?")
    };
    let international = entry.starts_with('+');
    let pattern = match (digits.strip_prefix("62"), digits.strip_prefix('0')) {
        // Indonesian: written +62 or 0 in front.
        (Some(national), _) if international => {
            format!(r"(?:\+62|\b0)[\s.\-]?{}\b", spaced(national))
        }
        (_, Some(national)) => format!(r"(?:\+62|\b0)[\s.\-]?{}\b", spaced(national)),
        // A mission abroad: its international number, any spacing.
        _ if international && !digits.is_empty() => format!(r"\+{}\b", spaced(&digits)),
        _ => return None,
    };
    Regex::new(&pattern).ok()
}
