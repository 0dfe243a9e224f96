//! `siaga export` (the records, redacted unless asked, page by page into
//! a private file or stdout) and `siaga report` (the period's statistics).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use jiff::Timestamp;

use super::{ask, period, unexpected};
use crate::cli::desk::Desk;
use crate::config::Config;
use crate::i18n::Lang;
use crate::records::export::{ExportQuery, Format, Writer};
use crate::records::steward::{Answer, Request};
use crate::tr;
use crate::triage::sanitize;

/// What `siaga export` was asked for, as typed.
pub struct ExportArgs<'a> {
    pub format: Format,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub unredacted: bool,
    pub out: Option<&'a Path>,
}

/// `siaga export`: every page of rows the desk gives, then how many on
/// stderr.
pub fn export(desk: &Desk, config: &Config, me: &str, args: ExportArgs<'_>) -> Result<ExitCode> {
    let lang = config.lang();
    let (from, to) = period(args.from, args.to, None, lang)?;
    let sink: Box<dyn Write> = match args.out {
        Some(path) => Box::new(std::io::BufWriter::new(private_file(path, lang)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer = Writer::new(sink, args.format);
    let mut query = ExportQuery {
        from,
        to,
        unredacted: args.unredacted,
        after: None,
        limit: 1_000,
    };
    let mut rows = 0usize;
    loop {
        let Answer::Export(page) = ask(
            desk,
            config,
            me,
            crate::records::steward::Request::Export {
                query: query.clone(),
            },
        )?
        else {
            return Err(unexpected(lang));
        };
        for row in &page.rows {
            writer.write(row)?;
        }
        rows += page.rows.len();
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    writer.finish()?;
    let exported = match (args.unredacted, rows == 1) {
        (true, true) => tr!(lang, "cli-exported-unredacted-one", count = rows),
        (true, false) => tr!(lang, "cli-exported-unredacted", count = rows),
        (false, true) => tr!(lang, "cli-exported-one", count = rows),
        (false, false) => tr!(lang, "cli-exported", count = rows),
    };
    eprintln!("{exported}");
    Ok(ExitCode::SUCCESS)
}

/// A new file readable by its owner only; never overwrites.
fn private_file(path: &Path, lang: Lang) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| tr!(lang, "cli-cannot-create", path = path.display().to_string()))
}

/// `siaga report`: the statistics of a period, as Markdown.
pub fn report(
    desk: &Desk,
    config: &Config,
    me: &str,
    (from, to): (Option<Timestamp>, Option<Timestamp>),
) -> Result<ExitCode> {
    let lang = config.lang();
    let Answer::Report(stats) = ask(desk, config, me, Request::Report { from, to })? else {
        return Err(unexpected(lang));
    };
    say_part!("{}", sanitize(&stats.markdown_in(lang)));
    Ok(ExitCode::SUCCESS)
}
