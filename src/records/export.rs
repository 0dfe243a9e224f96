//! Exports for an inquiry by the ministry or an oversight body: one row
//! per inquiry received in a period, as CSV or JSON Lines. Redacted by
//! default: the author becomes a stable pseudonym (repeat contacts still
//! count), personal numbers and e-mail addresses in the text are masked,
//! and @handles are hidden. An unredacted export is recorded in the
//! history of every inquiry it carried.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{Inquiry, InquiryId};
use crate::reply::ReplyState;
use crate::triage::privacy::mask_personal;

/// The period and form of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportQuery {
    /// Received at or after (inclusive).
    pub from: Option<Timestamp>,
    /// Received before (exclusive).
    pub to: Option<Timestamp>,
    pub unredacted: bool,
    /// Continue after this inquiry (paging over the socket).
    pub after: Option<InquiryId>,
    pub limit: usize,
}

impl ExportQuery {
    pub fn covers(&self, inq: &Inquiry) -> bool {
        self.from.is_none_or(|f| inq.received_at >= f)
            && self.to.is_none_or(|t| inq.received_at < t)
    }
}

/// One inquiry, as an export carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    pub id: u64,
    pub source: String,
    pub channel: String,
    pub created_at: String,
    pub received_at: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub tags: String,
    pub lang: String,
    pub author: String,
    pub text: String,
    pub replies_sent: usize,
    pub missions: String,
    pub legal_hold: bool,
    /// Why the text is not here (erased, restricted, deleted), if it is not.
    pub withheld: String,
}

/// A page of rows, and where the next starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPage {
    pub rows: Vec<ExportRow>,
    pub next: Option<InquiryId>,
}

/// Hide @handles (other people, named in the text).
pub fn hide_handles(text: &str) -> String {
    static HANDLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"@[A-Za-z0-9_]+(?:@[A-Za-z0-9.\-]+)?").expect("valid")
    });
    HANDLE.replace_all(text, "@•••").into_owned()
}

/// The row for `inq`; `pseudonym` names its author in a redacted export.
pub fn row(inq: &Inquiry, unredacted: bool, pseudonym: &str, allowed: &[&str]) -> ExportRow {
    let withheld = inq.text_hidden().unwrap_or_default().to_string();
    let text = if !withheld.is_empty() {
        String::new()
    } else {
        let whole = std::iter::once(inq.text.as_str())
            .chain(inq.followups.iter().map(|f| f.text.as_str()))
            .collect::<Vec<_>>()
            .join("\n");
        if unredacted {
            whole
        } else {
            hide_handles(&mask_personal(&whole, allowed))
        }
    };
    let author = if inq.erased.is_some() {
        String::new()
    } else if unredacted {
        inq.author.handle.clone()
    } else {
        pseudonym.to_string()
    };
    ExportRow {
        id: inq.id.0,
        source: inq.source.clone(),
        channel: inq.channel.as_str().into(),
        created_at: inq.created_at.to_string(),
        received_at: inq.received_at.to_string(),
        status: inq.status.to_string(),
        priority: inq.priority.to_string(),
        category: inq.category.clone(),
        tags: inq.tags.join(";"),
        lang: inq.lang.clone().unwrap_or_default(),
        author,
        text,
        replies_sent: inq
            .replies
            .iter()
            .filter(|r| r.state == ReplyState::Sent)
            .count(),
        missions: inq
            .escalations
            .iter()
            .map(|e| e.mission_name.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        legal_hold: inq.legal_hold.is_some(),
        withheld,
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "csv" => Ok(Format::Csv),
            "jsonl" => Ok(Format::Jsonl),
            _ => Err(format!("unknown format `{s}`; use csv or jsonl")),
        }
    }
}

/// Writes rows as they come, in one format.
pub struct Writer<W: std::io::Write> {
    inner: WriterKind<W>,
}

enum WriterKind<W: std::io::Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: std::io::Write> Writer<W> {
    pub fn new(out: W, format: Format) -> Writer<W> {
        Writer {
            inner: match format {
                Format::Csv => WriterKind::Csv(Box::new(csv::Writer::from_writer(out))),
                Format::Jsonl => WriterKind::Jsonl(out),
            },
        }
    }

    pub fn write(&mut self, row: &ExportRow) -> std::io::Result<()> {
        match &mut self.inner {
            WriterKind::Csv(w) => w.serialize(row).map_err(std::io::Error::other),
            WriterKind::Jsonl(w) => {
                serde_json::to_writer(&mut *w, row).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            }
        }
    }

    pub fn finish(self) -> std::io::Result<()> {
        match self.inner {
            WriterKind::Csv(mut w) => w.flush(),
            WriterKind::Jsonl(mut w) => w.flush(),
        }
    }
}
