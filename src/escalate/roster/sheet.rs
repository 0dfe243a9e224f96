//! The roster as a CSV sheet, the e-mail's attachment: missions open it
//! in a spreadsheet, so every cell is what the person wrote made inert
//! there. Control and bidi characters are shown as visible escapes
//! (`triage::sanitize_line`, as on the desk's screen), and a cell a
//! spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//! gets a leading `'`. Quoting is the csv crate's.

use crate::i18n::Lang;
use crate::model::escalation::RosterRow;
use crate::model::group::GroupId;
use crate::tr;

/// Widest cell kept, in terminal columns (a name, a link, a list).
const CELL_WIDTH: usize = 2_000;

/// The UTF-8 byte order mark: without it a spreadsheet may read the
/// sheet in a legacy code page and garble names in other scripts.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The attachment's file name: `roster-g12.csv` for the whole roster,
/// `roster-g12-rows-4-5.csv` for an addition of its rows 4 to 5.
pub fn attachment_name(group: GroupId, rows: Option<&std::ops::Range<usize>>) -> String {
    match rows {
        None => format!("roster-{group}.csv"),
        Some(r) => format!("roster-{group}-rows-{}-{}.csv", r.start + 1, r.end),
    }
}

/// `rows` as a CSV sheet (RFC 4180: CRLF between records, UTF-8 with a
/// byte order mark): a header in Indonesian and English, then a row per
/// member.
pub fn csv(rows: &[RosterRow]) -> Vec<u8> {
    let mut sheet = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    sheet
        .write_record(header())
        .expect("a sheet in memory takes every record");
    for row in rows {
        sheet
            .write_record(cells(row))
            .expect("a sheet in memory takes every record");
    }
    sheet.into_inner().expect("a sheet in memory flushes")
}

/// "nama/name", ...: each column named in both languages.
fn header() -> [String; 9] {
    let both = |label: fn(Lang) -> String| [Lang::Id, Lang::En].map(label).join("/");
    [
        both(|l| tr!(l, "roster-column-name")),
        both(|l| tr!(l, "roster-column-handle")),
        both(|l| tr!(l, "roster-column-channel")),
        both(|l| tr!(l, "roster-column-places")),
        both(|l| tr!(l, "roster-column-phones")),
        both(|l| tr!(l, "roster-column-people")),
        both(|l| tr!(l, "roster-column-link")),
        both(|l| tr!(l, "roster-column-received")),
        both(|l| tr!(l, "roster-column-inquiry")),
    ]
}

/// One member's cells, in the header's order.
fn cells(row: &RosterRow) -> [String; 9] {
    let author = &row.author.value;
    [
        cell(&author.name),
        cell(&author.handle),
        cell(&row.channel),
        cell(&row.places.join("; ")),
        cell(&row.phones.value.join("; ")),
        row.people.map(|n| n.to_string()).unwrap_or_default(),
        cell(row.link.as_deref().unwrap_or("")),
        row.received_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        row.inquiry.to_string(),
    ]
}

/// Outside text as one inert cell.
fn cell(raw: &str) -> String {
    let line = crate::triage::sanitize_line(raw, CELL_WIDTH);
    if line.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{line}")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InquiryId;
    use crate::model::escalation::{PacketAuthor, Personal};

    fn row(name: &str, phones: &[&str]) -> RosterRow {
        RosterRow {
            inquiry: InquiryId(41),
            author: Personal::new(PacketAuthor {
                handle: "wni_41".into(),
                name: name.into(),
                platform_id: None,
            }),
            channel: "public".into(),
            places: vec!["Khartoum".into(), "Omdurman".into()],
            phones: Personal::new(phones.iter().map(|p| p.to_string()).collect()),
            people: Some(4),
            link: Some("https://x.com/wni_41/status/1".into()),
            received_at: "2026-12-07T08:00:05.123Z".parse().unwrap(),
        }
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("a BOM first");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn a_sheet_has_a_header_in_both_languages_and_a_row_per_member() {
        let sheet = read(&csv(&[row(
            "Siti Aminah",
            &["0812 3456 7890", "0155-1234"],
        )]));
        assert_eq!(
            sheet[0].join(","),
            "nama/name,akun/handle,kanal/channel,tempat/places,telepon/phones,\
             jumlah_orang/people,tautan/link,diterima/received (UTC RFC 3339),aduan/inquiry"
        );
        assert_eq!(
            sheet[1],
            [
                "Siti Aminah",
                "wni_41",
                "public",
                "Khartoum; Omdurman",
                "0812 3456 7890; 0155-1234",
                "4",
                "https://x.com/wni_41/status/1",
                "2026-12-07T08:00:05Z",
                "41"
            ]
        );
        assert_eq!(sheet.len(), 2);
    }

    #[test]
    fn a_cell_a_spreadsheet_would_compute_is_made_text() {
        let hostile = [
            (
                "=HYPERLINK(\"http://evil\",\"klik\")",
                "'=HYPERLINK(\"http://evil\",\"klik\")",
            ),
            ("+62 812 3456", "'+62 812 3456"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'=1+1"),
            // A line break is shown, so the cell starts with its mark.
            ("\r\n=1+1", "⏎ =1+1"),
            ("Budi = ok", "Budi = ok"),
        ];
        for (name, want) in hostile {
            let sheet = read(&csv(&[row(name, &["+62 812 3456 7890"])]));
            assert_eq!(sheet[1][0], want, "{name:?}");
            assert_eq!(sheet[1][4], "'+62 812 3456 7890");
        }
    }

    #[test]
    fn controls_bidi_quotes_and_line_breaks_stay_in_their_cell() {
        let name = "Siti\u{202e}gnp.exe\u{1b}]52;c;x\u{7}, \"Ani\"\nbaris dua";
        let sheet = read(&csv(&[row(name, &[])]));
        assert_eq!(sheet.len(), 2, "one record: {sheet:?}");
        let cell = &sheet[1][0];
        assert!(cell.contains("<U+202E>") && cell.contains("^["), "{cell}");
        assert!(cell.contains("\"Ani\"") && cell.contains("⏎"), "{cell}");
        assert!(!cell.chars().any(crate::triage::is_unsafe_char), "{cell:?}");
        assert_eq!(sheet[1][1], "wni_41");
    }

    #[test]
    fn an_addition_names_its_rows_in_the_file_name() {
        assert_eq!(attachment_name(GroupId(12), None), "roster-g12.csv");
        assert_eq!(
            attachment_name(GroupId(12), Some(&(3..5))),
            "roster-g12-rows-4-5.csv"
        );
    }
}
