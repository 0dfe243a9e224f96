//! Fuzz targets, as ordinary library functions.
//!
//! Every byte that reaches siaga from outside — a platform's response, a
//! post's HTML, an officer's config file, a line on the daemon's socket —
//! is hostile. Each function here feeds arbitrary bytes to one of the code
//! paths that reads such input and asserts what must hold for ANY input:
//! first of all, no panic; then the properties the module promises (its
//! header or its tests say so). They live in the library, not in `fuzz/`,
//! so that the cargo-fuzz binaries (`fuzz/fuzz_targets/*.rs`, nightly,
//! libFuzzer) and the ordinary test that replays the seed corpora and the
//! crashing inputs found so far (`tests/fuzz_corpus.rs`, stable) run the
//! very same checks. A function panics when an invariant breaks; that is
//! how libFuzzer recognises a crash.
//!
//! Nothing here is called by siaga itself.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::config::{Config, TEMPLATES_FILE};
use crate::daemon::protocol::{ClientMsg, ServerMsg, WireError, encode};
use crate::model::Channel;
use crate::source::SourceError;
use crate::source::html::{MentionRef, to_text};
use crate::source::{mastodon, x};
use crate::triage::{is_unsafe_char, sanitize as clean, sanitize_line};

/// The ministry's account id the X target parses direct messages for.
const X_ACCOUNT: &str = "1234";
/// The ministry's account id the Mastodon target parses notifications for.
const MASTODON_ACCOUNT: &str = "1";

/// Bytes as text the way a lenient reader sees them.
fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `GET /2/users/:id/mentions` (and search) and `GET /2/dm_events` pages.
///
/// Either a page or `SourceError::Malformed` (the parsers never see a
/// status code); every kept post has a valid X id (1 to 20 digits, a
/// direct message's prefixed with `dm:`), the right channel, and a direct
/// message is never the account's own.
pub fn x_mentions(data: &[u8]) {
    match x::parse_mentions(data) {
        Ok(page) => {
            for post in &page.posts {
                assert!(is_x_id(&post.external_id), "{:?}", post.external_id);
                assert_eq!(post.channel, Channel::Public);
            }
        }
        Err(e) => assert_malformed(&e),
    }
    match x::parse_dm_events(data, X_ACCOUNT) {
        Ok(page) => {
            for post in &page.posts {
                let id = post.external_id.strip_prefix("dm:");
                assert!(id.is_some_and(is_x_id), "{:?}", post.external_id);
                assert_eq!(post.channel, Channel::Private);
                assert_ne!(post.author.platform_id.as_deref(), Some(X_ACCOUNT));
            }
            // The next cursor is the newest event id on the page, kept or not.
            if page.newest_id.is_none() {
                assert!(page.posts.is_empty() && page.skipped == 0, "{page:?}");
            }
        }
        Err(e) => assert_malformed(&e),
    }
}

fn is_x_id(id: &str) -> bool {
    (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

fn assert_malformed(e: &SourceError) {
    assert!(matches!(e, SourceError::Malformed(_)), "{e:?}");
}

/// `GET /api/v1/notifications` pages.
///
/// Either a page or `SourceError::Malformed`; every notification is kept,
/// counted as skipped or rejected as unreadable; the walk's next `min_id`
/// exists when a notification was read, never on an empty page; nothing the account wrote itself is kept; the text
/// is what [`to_text`] promises (with a `CW:` line first when there is a
/// content warning).
pub fn mastodon_notifications(data: &[u8]) {
    match mastodon::parse_notifications(data, MASTODON_ACCOUNT) {
        Ok(page) => {
            let read = page.posts.len() + page.skipped;
            assert_eq!(read + page.rejected.len(), page.notifications);
            if read > 0 {
                assert!(page.newest_id.is_some(), "{page:?}");
            }
            if page.notifications == 0 {
                assert!(page.newest_id.is_none(), "{page:?}");
            }
            for post in &page.posts {
                assert!(!post.external_id.is_empty());
                assert_ne!(post.author.platform_id.as_deref(), Some(MASTODON_ACCOUNT));
                assert_tidy(&post.text);
            }
        }
        Err(e) => assert_malformed(&e),
    }
}

/// `source::html::to_text`, with and without the mentions a status lists.
///
/// The result is tidy: no leading or trailing line break, at most one
/// blank line in a row, no line ending in whitespace.
pub fn html_to_text(data: &[u8]) {
    let html = text(data);
    let mentions = [
        MentionRef {
            url: "https://kemlu.social/@kemlu".into(),
            acct: "kemlu@kemlu.social".into(),
        },
        MentionRef {
            url: "https://mastodon.social/@siti".into(),
            acct: "siti@mastodon.social".into(),
        },
    ];
    assert_tidy(&to_text(&html, &[]));
    assert_tidy(&to_text(&html, &mentions));
}

fn assert_tidy(out: &str) {
    assert!(!out.starts_with('\n'), "leading line break: {out:?}");
    assert!(!out.ends_with('\n'), "trailing line break: {out:?}");
    assert!(!out.contains("\n\n\n"), "two blank lines in a row: {out:?}");
    for line in out.split('\n') {
        assert_eq!(line, line.trim_end(), "trailing whitespace in {out:?}");
    }
}

/// Widths the line form is tried at; the first byte of the input picks one.
const WIDTHS: [usize; 12] = [0, 1, 2, 3, 4, 5, 8, 13, 24, 40, 80, 160];

/// `triage::sanitize` and `triage::sanitize_line`, the one door to the
/// terminal (the first input byte picks the line's width, the rest is the
/// text).
///
/// Neither ever emits a control character other than `'\n'`, a bidi
/// control, U+2028/U+2029 or an interlinear annotation character; both
/// are idempotent; text without such characters passes `sanitize`
/// unchanged. The line form is one trimmed row without double spaces, at
/// most the width wide (by `unicode-width`, whole string or per grapheme),
/// and when it had to cut it is a prefix of the uncut row, in whole
/// graphemes, followed by `'…'`.
pub fn sanitize(data: &[u8]) {
    let (width, raw) = match data.split_first() {
        Some((first, rest)) => (WIDTHS[usize::from(*first) % WIDTHS.len()], text(rest)),
        None => (80, text(data)),
    };
    let raw: &str = &raw;

    let out = clean(raw);
    assert_safe(&out);
    assert_eq!(clean(&out), out, "sanitize is not idempotent");
    if !raw.chars().any(is_unsafe_char) {
        assert_eq!(out, raw, "clean text was altered");
    }

    let line = sanitize_line(raw, width);
    assert_safe(&line);
    assert!(!line.contains('\n'), "{line:?}");
    assert_eq!(line, line.trim(), "not trimmed: {line:?}");
    assert!(!line.contains("  "), "double space: {line:?}");
    assert!(line.width() <= width, "{line:?} wider than {width}");
    let columns: usize = line.graphemes(true).map(UnicodeWidthStr::width).sum();
    assert!(
        columns <= width,
        "{line:?} takes {columns} > {width} columns"
    );
    assert_eq!(
        sanitize_line(&line, width),
        line,
        "line form not idempotent"
    );

    let full = sanitize_line(raw, usize::MAX);
    if line != full {
        if width == 0 {
            assert_eq!(line, "");
        } else {
            let kept = line.strip_suffix('…').expect("a cut line ends in '…'");
            assert!(
                full.starts_with(kept),
                "{line:?} is not a prefix of {full:?}"
            );
            let mut ends = full.graphemes(true).scan(0, |at, g| {
                *at += g.len();
                Some(*at)
            });
            assert!(
                kept.is_empty() || ends.any(|end| end == kept.len()),
                "{line:?} splits a grapheme of {full:?}"
            );
        }
    }
}

fn assert_safe(out: &str) {
    let bad = out.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || is_unsafe_char(c)
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fff9}'..='\u{fffb}')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    if let Some(c) = bad {
        panic!("U+{:04X} reaches the terminal in {out:?}", u32::from(c));
    }
}

/// The file name config problems are reported under.
const USER_FILE: &str = "user.toml";

/// `Config::from_user_text`: an officer's config file, merged over the
/// defaults and checked.
///
/// Either a config or at least one problem, in line order, each with a
/// message, under the user's file or the built-in templates; a line, when
/// given, is one of the file's; a TOML mistake (syntax, type, unknown key)
/// is reported alone and at its line.
pub fn config(data: &[u8]) {
    let text = text(data);
    let Err(errors) = Config::from_user_text(&text, USER_FILE) else {
        return;
    };
    let problems = &errors.0;
    assert!(!problems.is_empty(), "an error without a problem");
    let last_line = text.bytes().filter(|b| *b == b'\n').count() + 1;
    for p in problems {
        assert!(!p.message.trim().is_empty(), "{p:?}");
        match p.file.as_str() {
            USER_FILE => {
                if let Some(line) = p.line {
                    assert!((1..=last_line).contains(&line), "{p:?} of {last_line}");
                }
            }
            TEMPLATES_FILE => assert!(p.line.is_some(), "{p:?}"),
            other => panic!("a problem in an unknown file {other:?}"),
        }
    }
    assert!(
        problems.is_sorted_by_key(|p| p.line.unwrap_or(usize::MAX)),
        "{problems:?}"
    );
    if let Err(first) = toml::from_str::<Config>(&text) {
        // Every typing problem is named at once, each with its line, the
        // one serde meets first among them.
        assert!(!problems.is_empty(), "{problems:?}");
        assert!(
            problems.iter().all(|p| p.line.is_some()),
            "TOML error without a line: {errors}"
        );
        let line = first.span().map(|s| crate::config::line_of(&text, s.start));
        assert!(
            problems.iter().any(|p| p.line == line),
            "serde's first problem (line {line:?}) is among {problems:?}"
        );
    }
}

/// One line on the daemon's socket, read the way `daemon::server` (a
/// `ClientMsg`, bytes without the newline) and `daemon::client` (a
/// `ServerMsg`, text with it) read it.
///
/// A line decodes to a typed message or to a serde error; a message
/// encodes to exactly one line that decodes back to the same message; so
/// does the `Malformed` error the daemon sends back for a bad line.
pub fn protocol(data: &[u8]) {
    match serde_json::from_slice::<ClientMsg>(data) {
        Ok(msg) => assert_round_trip(&msg),
        Err(e) => assert_round_trip(&ServerMsg::Error {
            error: WireError::Malformed {
                message: e.to_string(),
            },
        }),
    }
    if let Ok(line) = std::str::from_utf8(data) {
        let line = format!("{line}\n");
        if let Ok(msg) = serde_json::from_str::<ServerMsg>(&line) {
            assert_round_trip(&msg);
        }
    }
}

fn assert_round_trip<T>(msg: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let line = encode(msg);
    let (last, body) = line.split_last().expect("a line is never empty");
    assert_eq!(*last, b'\n', "a line ends in a newline");
    assert!(!body.contains(&b'\n'), "a newline inside a message");
    match serde_json::from_slice::<T>(body) {
        Ok(back) if &back == msg => {}
        Ok(back) => {
            // The one allowed difference: a float inside an answer's opaque
            // JSON (`Outcome::Ok`) may move by one ulp, as serde_json parses
            // floats without its `float_roundtrip` feature. siaga's own
            // messages carry no floats.
            let (want, got) = (serde_json::to_value(msg), serde_json::to_value(&back));
            assert!(
                matches!((want, got), (Ok(w), Ok(g)) if same_json(&w, &g)),
                "{msg:?} came back as {back:?}: {}",
                String::from_utf8_lossy(body)
            );
        }
        Err(e) => panic!(
            "{msg:?} encodes to a line that does not decode ({e}): {}",
            String::from_utf8_lossy(body)
        ),
    }
}

/// Equal JSON, but for floats that differ by at most one ulp.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x != y => {
            match (x.is_f64() && y.is_f64(), x.as_f64(), y.as_f64()) {
                (true, Some(x), Some(y)) => x.to_bits().abs_diff(y.to_bits()) <= 1,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
