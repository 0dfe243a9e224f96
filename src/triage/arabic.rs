//! Arabic script as routing reads it: which letters are one letter, which
//! marks are not letters at all, and which letters joined to the front of a
//! word are words of their own.
//!
//! Arabic is written with optional short vowels and marks (harakat, shadda,
//! sukun) and stretched with tatweel; the same name is spelt with or without
//! hamza on its alef, with ta marbuta or ha, with alef maqsura or ya. These
//! fold away, so "الرِّيَاض", "الريـــاض" and "الرياض" are one word.
//!
//! Conjunctions and prepositions of one letter are written joined to the
//! next word: "و" and, "ف" then, "ب" in, "ل" to, "ك" like, a conjunction
//! before a preposition ("وب", "ول"), and "لل" for "ل" + the article "ال"
//! (its alef dropped). [`prefix_splits`] lists the ways a word may be such
//! letters and a rest; the gazetteer keeps the split whose rest is a name.

/// Joined letters that can stand first: conjunctions.
const CONJUNCTIONS: &[char] = &['و', 'ف'];
/// Joined letters that can follow a conjunction, or stand first.
const PREPOSITIONS: &[char] = &['ب', 'ل', 'ك'];
/// Tatweel (kashida): stretches a word, is no letter.
const TATWEEL: char = '\u{0640}';

/// Whether the word is written in Arabic script.
pub fn is_arabic(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'))
}

/// A character that belongs to the word around it without being a letter of
/// it: combining marks (harakat, and Latin accents written apart), tatweel,
/// the zero-width joiners.
pub fn is_silent(c: char) -> bool {
    c == TATWEEL
        || matches!(c, '\u{200C}' | '\u{200D}')
        || unicode_normalization::char::is_combining_mark(c)
}

/// An Arabic letter in the form it is matched in; any other unchanged.
pub fn fold_letter(c: char) -> char {
    match c {
        // alef with hamza above or below, with madda, wasla
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        // ta marbuta is written as ha as often
        'ة' => 'ه',
        // alef maqsura, and the Persian ya of some keyboards
        'ى' | 'ی' => 'ي',
        // the Persian kaf of some keyboards
        'ک' => 'ك',
        _ => c,
    }
}

/// A folded word read as joined letters and the rest, fewest letters first:
/// (the joined letters, the rest as it is looked up). "بالرياض" gives ("ب",
/// "الرياض"); "للرياض" gives ("ل", "لرياض") and ("ل", "الرياض"). The rest
/// keeps two letters at least.
pub fn prefix_splits(word: &str) -> Vec<(String, String)> {
    let letters: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for joined in 1..=2.min(letters.len()) {
        let prefix = &letters[..joined];
        if !is_joined_prefix(prefix) || letters.len() - joined < 2 {
            continue;
        }
        let prefix_text: String = prefix.iter().collect();
        let rest: String = letters[joined..].iter().collect();
        if prefix.last() == Some(&'ل') && rest.starts_with('ل') {
            out.push((prefix_text.clone(), rest.clone()));
            out.push((prefix_text, format!("ا{rest}")));
        } else {
            out.push((prefix_text, rest));
        }
    }
    out
}

/// One conjunction or preposition, or a conjunction then a preposition.
fn is_joined_prefix(letters: &[char]) -> bool {
    match letters {
        [one] => CONJUNCTIONS.contains(one) || PREPOSITIONS.contains(one),
        [first, second] => CONJUNCTIONS.contains(first) && PREPOSITIONS.contains(second),
        _ => false,
    }
}

/// Where each letter of `written` starts, in bytes, and its end last: the
/// silent marks after a letter are the letter's.
pub fn letter_offsets(written: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = written
        .char_indices()
        .filter(|(_, c)| !is_silent(*c))
        .map(|(i, _)| i)
        .collect();
    offsets.push(written.len());
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_tatweel_and_letter_variants_fold_away() {
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| !is_silent(*c))
                .map(fold_letter)
                .collect()
        };
        assert_eq!(fold("الرِّيَاض"), "الرياض");
        assert_eq!(fold("الريـــاض"), "الرياض");
        assert_eq!(fold("أبوظبي"), "ابوظبي");
        assert_eq!(fold("جدة"), "جده");
        assert_eq!(fold("فى"), "في");
    }

    #[test]
    fn a_word_splits_into_joined_letters_and_a_rest() {
        let splits = |w: &str| prefix_splits(w);
        assert_eq!(splits("بالرياض"), vec![("ب".into(), "الرياض".into())]);
        assert_eq!(
            splits("وبالرياض"),
            vec![
                ("و".into(), "بالرياض".into()),
                ("وب".into(), "الرياض".into())
            ]
        );
        assert_eq!(
            splits("للرياض"),
            vec![("ل".into(), "لرياض".into()), ("ل".into(), "الرياض".into())]
        );
        // Not a joined letter, or nothing left.
        assert!(splits("الرياض").is_empty());
        assert!(splits("بي").is_empty());
    }

    #[test]
    fn marks_belong_to_the_letter_before_them() {
        let written = "بِالرِّيَاض";
        let offsets = letter_offsets(written);
        assert_eq!(&written[offsets[1]..], "الرِّيَاض");
        assert_eq!(offsets.len(), "بالرياض".chars().count() + 1);
    }
}
