//! A group's roster (#16): on a crisis day the mission gets one
//! escalation for hundreds of near-identical pleas, with one row per
//! person who wrote (who, where they said they are, the phones they gave,
//! how many people they speak for, where to see the post). [`row`] reads
//! an inquiry into its row; [`csv`] writes rows as the sheet attached to
//! the mission's e-mail, safe to open in a spreadsheet.

use crate::model::Inquiry;
use crate::model::escalation::{PacketAuthor, Personal, RosterRow};
use crate::triage::privacy::{self, Personal as Kind};
use crate::triage::route::Gazetteer;

mod people;
mod sheet;

pub use people::{MAX_PEOPLE, people};
pub use sheet::{attachment_name, csv};

/// `inq` as a roster row: every phone number it gives counts.
pub fn row(inq: &Inquiry, gazetteer: &Gazetteer, link: Option<String>) -> RosterRow {
    row_except(inq, gazetteer, link, &[])
}

/// `row`, but numbers in `desk_numbers` (the desk's own hotlines, which
/// a citizen may quote back) are not the citizen's phones.
pub fn row_except(
    inq: &Inquiry,
    gazetteer: &Gazetteer,
    link: Option<String>,
    desk_numbers: &[&str],
) -> RosterRow {
    let texts: Vec<&str> = std::iter::once(inq.text.as_str())
        .chain(inq.followups.iter().map(|f| f.text.as_str()))
        .collect();
    RosterRow {
        inquiry: inq.id,
        author: Personal::new(PacketAuthor {
            handle: inq.author.handle.clone(),
            name: inq.author.display_name.clone(),
            platform_id: inq.author.platform_id.clone(),
        }),
        channel: inq.channel.as_str().to_string(),
        places: once_each(texts.iter().flat_map(|t| gazetteer.places_named(t))),
        phones: Personal::new(phones(&texts, desk_numbers)),
        people: texts.iter().filter_map(|t| people(t)).max(),
        link,
        received_at: inq.received_at,
    }
}

/// The phone numbers the texts give, as written, each once (by digits).
fn phones(texts: &[&str], desk_numbers: &[&str]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts
        .iter()
        .flat_map(|text| {
            privacy::find_spans(text, desk_numbers)
                .into_iter()
                .filter(|s| s.kind == Kind::Phone)
                .map(|s| text[s.range].trim().to_string())
        })
        .filter(|p| seen.insert(p.chars().filter(char::is_ascii_digit).collect::<String>()))
        .collect()
}

/// Each name once (by its lowercase spelling), in order.
fn once_each(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.filter(|n| seen.insert(n.to_lowercase())).collect()
}

#[cfg(test)]
mod tests;
