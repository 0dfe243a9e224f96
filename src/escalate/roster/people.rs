//! How many people a plea speaks for ("kami 4 orang", "12 WNI", "two of
//! us"), for a group's roster: the mission plans an evacuation by heads,
//! not by posts. The words are data (`config/people_words.toml`, whose
//! header says how a count is read); the text is hostile and only ever
//! read here, never echoed.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The word lists as shipped, embedded in the binary.
pub const PEOPLE_WORDS_TOML: &str = include_str!("../../../config/people_words.toml");

/// More people than one plea believably speaks for: no count.
pub const MAX_PEOPLE: u32 = 10_000;

static WORDS: LazyLock<PeopleWords> = LazyLock::new(|| {
    toml::from_str(PEOPLE_WORDS_TOML).expect("the embedded config/people_words.toml is valid")
});

/// One field per table of the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleWords {
    numbers: HashMap<String, u64>,
    scales: HashMap<String, u64>,
    whole: HashMap<String, u32>,
    people: Lists,
}

/// `[people]`: the words around a number that make it a count of people.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lists {
    after: Vec<String>,
    before: Vec<String>,
    filler: Vec<String>,
    units: Vec<String>,
}

/// The largest count of people `text` gives, None when it gives none
/// (or only one above [`MAX_PEOPLE`]).
pub fn people(text: &str) -> Option<u32> {
    let words = words(text);
    (0..words.len())
        .filter_map(|i| count_at(&words, i))
        .filter(|n| (1..=u64::from(MAX_PEOPLE)).contains(n))
        .max()
        .and_then(|n| u32::try_from(n).ok())
}

/// The count of people that starts at word `i`, if one does.
fn count_at(words: &[String], i: usize) -> Option<u64> {
    let w = &*WORDS;
    if let Some(&n) = w.whole.get(&words[i]) {
        return Some(u64::from(n));
    }
    let (n, len) = number_at(words, i)?;
    let after = &words[i + len..];
    let unit = after.first().is_some_and(|a| listed(&w.people.units, a));
    (people_after(after) || !unit && people_before(&words[..i])).then_some(n)
}

/// The number written at word `i` (in digits or in words) and how many
/// words it takes.
fn number_at(words: &[String], i: usize) -> Option<(u64, usize)> {
    let w = &*WORDS;
    if let Some(n) = digits(&words[i]) {
        let scales = words[i + 1..].iter().map_while(|s| w.scales.get(s));
        let (value, len) = scales.fold((n, 1), |(v, len), s| (v.saturating_mul(*s), len + 1));
        return Some((value, len));
    }
    let (mut total, mut current, mut last, mut len) = (0u64, 0u64, 0u64, 0);
    for word in &words[i..] {
        if let Some(&n) = w.numbers.get(word) {
            (current, last) = (current.saturating_add(n), n);
        } else if let Some(&s) = w.scales.get(word).filter(|_| len > 0) {
            match s {
                1000.. => (total, current) = (total.saturating_add(current.max(1) * s), 0),
                100.. => current = current.max(1).saturating_mul(s),
                // "dua puluh": the last word only ("seratus dua puluh").
                _ => current = current - last + last * s,
            }
            last = 0;
        } else if word == "belas" && (1..10).contains(&last) {
            (current, last) = (current + 10, 0);
        } else {
            break;
        }
        len += 1;
    }
    (len > 0).then_some((total.saturating_add(current), len))
}

/// A number in digits: "12", "1.200", "1,200"; not one with a leading 0
/// (a phone's piece, a code) nor a decimal ("2.5").
fn digits(word: &str) -> Option<u64> {
    let mut groups = word.split(['.', ',']);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = rest.iter().all(|g| g.len() == 3) && (rest.is_empty() || first.len() <= 3);
    let all = format!("{first}{}", rest.concat());
    let plain = !all.is_empty() && all.bytes().all(|b| b.is_ascii_digit());
    if !plain || !grouped || all.starts_with('0') || all.len() > 9 {
        return None;
    }
    all.parse().ok()
}

/// A word (or phrase) of people right after the number, past fillers.
fn people_after(after: &[String]) -> bool {
    let rest: Vec<&String> = skip_fillers(after.iter()).take(3).collect();
    WORDS.people.after.iter().any(|phrase| {
        let parts: Vec<&str> = phrase.split_whitespace().collect();
        rest.len() >= parts.len() && parts.iter().zip(&rest).all(|(p, r)| *p == r.as_str())
    })
}

/// A word of people right before the number, past fillers.
fn people_before(before: &[String]) -> bool {
    skip_fillers(before.iter().rev())
        .next()
        .is_some_and(|w| listed(&WORDS.people.before, w))
}

/// The words past at most two fillers.
fn skip_fillers<'a>(
    words: impl Iterator<Item = &'a String> + Clone,
) -> impl Iterator<Item = &'a String> {
    let fillers = words
        .clone()
        .take(2)
        .take_while(|w| listed(&WORDS.people.filler, w))
        .count();
    words.skip(fillers)
}

fn listed(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The text's words, lowercase: runs of letters, runs of digits (with the
/// dots and commas between digits that group thousands); "30an" is "30",
/// "an".
fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, &c) in chars.iter().enumerate() {
        let digit = c.is_ascii_digit();
        let joins_digits = matches!(c, '.' | ',')
            && current.ends_with(|p: char| p.is_ascii_digit())
            && chars.get(k + 1).is_some_and(char::is_ascii_digit);
        let same_kind = current
            .chars()
            .last()
            .is_some_and(|p| p.is_ascii_digit() == digit || matches!(p, '.' | ','));
        if joins_digits || (c.is_alphanumeric() && (current.is_empty() || same_kind)) {
            current.extend(c.to_lowercase());
            continue;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_before_a_word_of_people_is_a_count() {
        let cases = [
            ("tolong kami 3 orang terjebak", Some(3)),
            ("kami lima orang di asrama", Some(5)),
            ("there are two of us here", Some(2)),
            ("kami 4 orang belum makan", Some(4)),
            ("keluarga saya 5 orang di Khartoum", Some(5)),
            ("ada 12 WNI di KBRI", Some(12)),
            ("30 pekerja pabrik tidak digaji", Some(30)),
            ("sekitar 30an orang", Some(30)),
            ("dua puluh lima orang", Some(25)),
            ("tiga belas penumpang", Some(13)),
            ("seratus dua puluh jamaah", Some(120)),
            ("1.200 pekerja", Some(1200)),
            ("2 ribu orang", Some(2000)),
            ("twenty five workers", Some(25)),
        ];
        for (text, want) in cases {
            assert_eq!(people(text), want, "{text}");
        }
    }

    #[test]
    fn a_word_of_people_before_a_number_counts_unless_a_unit_follows() {
        assert_eq!(people("WNI sebanyak 12 masih di sana"), Some(12));
        assert_eq!(people("we are 4"), Some(4));
        assert_eq!(people("kami ber-4 di sini"), Some(4));
        assert_eq!(people("kami berlima"), Some(5));
        assert_eq!(people("seorang WNI ditahan"), Some(1));
        assert_eq!(people("kami 2 hari tidak makan"), None);
        assert_eq!(people("kami 3x ditolak"), None);
    }

    #[test]
    fn no_count_is_none_and_an_absurd_one_too() {
        let none = [
            "tolong adik saya di Riyadh",
            "gaji 5 bln blm dibayar",
            "hub 0812 3456 7890",
            "umur 30 tahun",
            "ada 50000 orang",
            "2.5 orang",
            "",
            "orang orang",
        ];
        for text in none {
            assert_eq!(people(text), None, "{text}");
        }
    }

    #[test]
    fn the_largest_count_is_kept() {
        assert_eq!(people("kami 5 orang, 3 anak"), Some(5));
        assert_eq!(people("2 anak dan 10 orang dewasa"), Some(10));
    }

    #[test]
    fn words_split_letters_from_digits_and_keep_grouped_thousands() {
        assert_eq!(
            words("30an org, 1.200 WNI. 5."),
            ["30", "an", "org", "1.200", "wni", "5"]
        );
        assert_eq!(words("ber-4"), ["ber", "4"]);
    }

    #[test]
    fn the_embedded_word_lists_parse() {
        let w = &*WORDS;
        assert_eq!(w.numbers["lima"], 5);
        assert_eq!(w.scales["puluh"], 10);
        assert!(listed(&w.people.after, "of us"));
    }
}
