//! Terms in scripts written without spaces between words.
//!
//! Chinese, Japanese and Thai run their words together ("雇主每天打我"), so a
//! whole-word match never finds a lexicon term inside them. A term written
//! in such a script is matched as a run of characters (a character n-gram
//! of the term's length) anywhere in the text instead. Negation is read the
//! way those languages write it: a negating character just before
//! ("没有被打", "不给饭" is itself a term), or Japanese "ない" / "ません"
//! just after.

/// Whether `c` belongs to a script written without spaces.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{FF66}'..='\u{FF9F}' // halfwidth Katakana
        | '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
    )
}

/// Whether a (normalised) term is one of those scripts' and is to be
/// matched inside a run of text.
pub fn is_unspaced_term(term: &str) -> bool {
    term.chars().any(is_unspaced)
}

/// Characters that negate what follows them (Chinese; Thai "ไม่" is "ไม"
/// once its tone mark is dropped).
const BEFORE: [&str; 10] = ["不", "没", "沒", "未", "无", "無", "别", "別", "非", "ไม"];

/// Japanese negation, written after the verb.
const AFTER: [&str; 4] = ["ない", "なかっ", "ません", "ず"];

/// Whether `needle` is in `text`, and (with `mind_negation`) not negated.
pub fn find(text: &str, needle: &str, mind_negation: bool) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        if !mind_negation {
            return true;
        }
        let before: String = text[..at]
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &text[at + needle.len()..];
        !(BEFORE.iter().any(|n| before.contains(n)) || AFTER.iter().any(|n| after.starts_with(n)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_found_inside_a_run_of_characters() {
        assert!(is_unspaced_term("被打"));
        assert!(!is_unspaced_term("dipukul"));
        assert!(find(" 雇主每天被打还被关在房间里 ", "被打", true));
        assert!(find(" 寮が倒壊しました ", "倒壊", true));
    }

    #[test]
    fn negation_before_or_after_is_read() {
        assert!(!find(" 她没有被打 ", "被打", true));
        assert!(find(" 她没有被打 ", "被打", false));
        assert!(!find(" 殴られない ", "殴られ", true));
    }
}
