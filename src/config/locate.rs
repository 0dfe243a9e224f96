//! Turning a place in a TOML document into a line number, so that every
//! config problem names the line an officer must fix.

use toml::de::{DeTable, DeValue};

/// One step of a path into a document: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub fn key(name: &str) -> Step {
    Step::Key(name.to_string())
}

/// 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Line where the value at `path` is written, or the nearest enclosing
/// value that exists (a missing key is reported at its table).
pub fn line_of_path(text: &str, path: &[Step]) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut span = None;
    let mut current: Option<&DeValue<'_>> = None;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    for step in path {
        let next = match (step, table, current) {
            (Step::Key(k), Some(t), _) => {
                t.iter()
                    .find(|(name, _)| name.get_ref() == k)
                    .map(|(name, v)| {
                        span.get_or_insert(name.span());
                        span = Some(name.span());
                        v
                    })
            }
            (Step::Index(i), None, Some(DeValue::Array(items))) => items.get(*i),
            _ => None,
        };
        let Some(value) = next else { break };
        if matches!(step, Step::Index(_)) {
            span = Some(value.span());
        }
        current = Some(value.get_ref());
        table = match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    span.map(|s| line_of(text, s.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "[ui]\npage_size = 3\n\n[[sources]]\nname = \"a\"\n\n[[sources]]\nname = \"b\"\npoll_secs = 0\n";

    #[test]
    fn finds_nested_keys_and_array_items() {
        assert_eq!(line_of_path(DOC, &[key("ui"), key("page_size")]), Some(2));
        assert_eq!(
            line_of_path(DOC, &[key("sources"), Step::Index(1), key("poll_secs")]),
            Some(9)
        );
        assert_eq!(
            line_of_path(DOC, &[key("sources"), Step::Index(1), key("missing")]),
            Some(7)
        );
    }

    #[test]
    fn line_counting() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
