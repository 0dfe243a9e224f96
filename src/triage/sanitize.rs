//! The one door through which outside text reaches the terminal.
//!
//! Everything siaga shows that came from outside — inquiry bodies, display
//! names, handles, file names, URLs, anything fetched from a social account —
//! is hostile and must pass through [`sanitize`] (multi-line views) or
//! [`sanitize_line`] (one row of a list) before it is handed to a widget.
//! Nothing else in the crate may put outside text on screen.
//!
//! # What this module must never do
//!
//! * Emit a C0 control (U+0000–U+001F) other than `'\n'`, DEL (U+007F) or a C1
//!   control (U+0080–U+009F). These are what terminal escape sequences are
//!   made of. Because ESC itself is rewritten to the visible text `^[` (and
//!   the 8-bit introducers such as U+009B CSI and U+009D OSC to `<U+009B>`,
//!   `<U+009D>`), every CSI, OSC (window title, OSC 52 clipboard write, OSC 8
//!   hyperlink), DCS (including DECRQSS and other terminal queries), APC, PM
//!   and SOS sequence arrives at the terminal as inert, *visible* text: an
//!   officer sees `^[]52;c;…^G` instead of having their clipboard rewritten.
//!   That visibility is intended — it tells the officer that the message
//!   tried something.
//! * Emit a bidirectional formatting control (U+202A–U+202E, U+2066–U+2069,
//!   U+200E, U+200F, U+061C). They reorder what is displayed (the classic
//!   `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`). They are shown as
//!   `<U+202E>` etc. Right-to-left *letters* (Arabic, Hebrew) are untouched;
//!   only the invisible controls go.
//! * Emit the interlinear annotation characters U+FFF9–U+FFFB, which hide or
//!   splice text (shown as `<U+FFF9>` etc.).
//! * Emit U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR, `'\r'` or
//!   `'\t'` as such: terminals and layout code disagree about them, so they
//!   are normalised (`'\n'`, `'\n'`, four spaces) — and `'\r'` can no longer
//!   be used to return to the start of a row and overprint it.
//! * Alter legitimate text. Indonesian, Arabic, CJK and emoji (including
//!   ZWJ U+200D sequences, variation selectors, skin-tone modifiers, flags
//!   and emoji tag sequences U+E0020–U+E007F) pass through byte for byte.
//! * Be slow or quadratic: both functions are a single O(n) pass writing into
//!   one pre-sized `String`, with no allocation per character.
//!
//! Controls are written as caret notation (`^@` NUL, `^G` BEL, `^H` BS, `^[`
//! ESC, `^?` DEL); the other escaped characters as `<U+XXXX>` with four
//! upper-case hex digits. Note that the literal two characters `^[` typed by
//! a sender look the same as an escaped ESC; both are harmless, and
//! [`is_unsafe_char`] is available to callers that want to flag raw input.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Spaces written for one `'\t'`.
const TAB: &str = "    ";
/// Marker written by [`sanitize_line`] where the original had a line break.
const LINE_BREAK_MARK: char = '⏎';
/// Appended by [`sanitize_line`] when it had to cut.
const ELLIPSIS: char = '…';

/// What [`sanitize`] / [`sanitize_line`] do with one character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Emitted unchanged.
    Keep,
    /// `'\n'`, `'\r'` (a following `'\n'` is folded into it), U+2028, U+2029.
    LineBreak,
    /// `'\t'`.
    Tab,
    /// C0 control or DEL: caret notation.
    Caret,
    /// C1 control, bidi control, interlinear annotation: `<U+XXXX>`.
    CodePoint,
}

#[inline]
const fn classify(c: char) -> Class {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => Class::LineBreak,
        '\t' => Class::Tab,
        '\0'..='\x1f' | '\x7f' => Class::Caret,
        // C1 controls.
        '\u{80}'..='\u{9f}'
        // Bidi controls: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        // Interlinear annotation anchor / separator / terminator.
        | '\u{fff9}'..='\u{fffb}' => Class::CodePoint,
        _ => Class::Keep,
    }
}

/// True if `c` would be replaced by sanitize (for tests and for callers that want to flag suspicious input).
///
/// That is every C0 control except `'\n'` (so also `'\t'` and `'\r'`, which
/// are normalised rather than escaped), DEL, every C1 control, the bidi
/// formatting controls, U+2028, U+2029 and U+FFF9–U+FFFB.
#[must_use]
pub fn is_unsafe_char(c: char) -> bool {
    c != '\n' && classify(c) != Class::Keep
}

/// Writes the visible escape for a `Caret` or `CodePoint` character.
#[inline]
fn push_escape(out: &mut String, c: char) {
    let cp = u32::from(c);
    if cp < 0x20 || cp == 0x7f {
        out.push('^');
        // NUL -> '@', 0x01 -> 'A', ESC -> '[', DEL -> '?'.
        out.push(char::from_u32(cp ^ 0x40).unwrap_or('?'));
    } else {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        out.push_str("<U+");
        // Every escaped non-C0 character is in the BMP, but stay correct
        // (at least four digits, more if needed) should the set ever grow.
        let digits = ((32 - cp.leading_zeros()).div_ceil(4)).max(4);
        for shift in (0..digits).rev() {
            out.push(char::from(HEX[((cp >> (shift * 4)) & 0xf) as usize]));
        }
        out.push('>');
    }
}

/// Text safe to draw in a terminal; keeps '\n' line breaks (CR LF and lone CR become '\n', U+2028/U+2029 become '\n'); tab becomes 4 spaces.
#[must_use]
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    // Start of the current run of characters that are copied verbatim.
    let mut run = 0;
    let mut iter = raw.char_indices();
    while let Some((i, c)) = iter.next() {
        let class = classify(c);
        if class == Class::Keep || c == '\n' {
            continue;
        }
        out.push_str(&raw[run..i]);
        run = i + c.len_utf8();
        match class {
            Class::LineBreak => {
                out.push('\n');
                if c == '\r' && bytes.get(run) == Some(&b'\n') {
                    iter.next();
                    run += 1;
                }
            }
            Class::Tab => out.push_str(TAB),
            Class::Caret | Class::CodePoint => push_escape(&mut out, c),
            Class::Keep => unreachable!("handled above"),
        }
    }
    out.push_str(&raw[run..]);
    out
}

/// Same, but for one row of a list: every line break becomes " ⏎ ", runs of whitespace collapse to one space, result trimmed; and cut to at most `max_width` terminal columns (unicode-width, grapheme-aware via unicode-segmentation, never splitting a grapheme) with a trailing '…' when cut.
///
/// Whitespace here is Unicode `White_Space` that is not escaped (space, tab,
/// NBSP, the U+2000 spaces, U+3000 …); `'\x0b'`, `'\x0c'` and U+0085 are
/// controls and stay visible as `^K`, `^L`, `<U+0085>`. Width is the sum of
/// each grapheme's `unicode-width`, which is how ratatui lays out a cell
/// row. When the text is cut, trailing spaces before the `'…'` are dropped
/// (unless the space belongs to a grapheme with a prepended mark before it).
#[must_use]
pub fn sanitize_line(raw: &str, max_width: usize) -> String {
    let line = flatten(raw);
    truncate(line, max_width)
}

/// `sanitize_line`, cut between words when it must be cut (a status bar at
/// 80 columns): "claimed: 3; 1 refused (clai…" becomes "claimed: 3; 1
/// refused …". A word longer than half the room is still cut inside.
pub fn sanitize_words(raw: &str, max_width: usize) -> String {
    let line = sanitize_line(raw, max_width);
    let Some(kept) = line.strip_suffix(ELLIPSIS) else {
        return line;
    };
    let flat = flatten(raw);
    if flat.width() <= max_width {
        return line; // it ended with '…' of its own
    }
    // Cut right after a whole word already: keep it.
    if flat
        .get(kept.len()..)
        .is_some_and(|rest| rest.starts_with(' '))
    {
        return line;
    }
    match kept.rfind(' ') {
        Some(space) if kept[..space].width() >= max_width / 2 => {
            format!("{} {ELLIPSIS}", kept[..space].trim_end())
        }
        _ => line,
    }
}

/// Escapes, turns line breaks into `⏎`, collapses whitespace and trims.
fn flatten(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    let mut iter = raw.chars().peekable();
    while let Some(c) = iter.next() {
        let class = classify(c);
        if class == Class::Keep && !c.is_whitespace() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
            continue;
        }
        match class {
            Class::LineBreak => {
                if c == '\r' && iter.peek() == Some(&'\n') {
                    iter.next();
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push(LINE_BREAK_MARK);
                pending_space = true;
            }
            Class::Tab | Class::Keep => pending_space = true,
            Class::Caret | Class::CodePoint => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                push_escape(&mut out, c);
            }
        }
    }
    out
}

/// Cuts `line` to at most `max_width` columns, ending in '…' if it was cut.
fn truncate(mut line: String, max_width: usize) -> String {
    // Byte offset up to which the text fits with room left for '…'.
    let mut cut_at = 0;
    let mut width = 0;
    for (i, g) in line.grapheme_indices(true) {
        if width <= max_width.saturating_sub(1) {
            cut_at = i;
        }
        width += g.width();
        if width > max_width {
            if max_width == 0 {
                line.clear();
                return line;
            }
            line.truncate(cut_at);
            // Drop trailing spaces that are graphemes of their own: a space
            // after a prepended mark (U+070F, U+0600…) belongs to that
            // mark's grapheme, and cutting it off would split it.
            while let Some((i, " ")) = line.grapheme_indices(true).next_back() {
                line.truncate(i);
            }
            line.push(ELLIPSIS);
            debug_assert!(line.width() <= max_width);
            return line;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_cut_for_the_status_bar_is_cut_between_words() {
        use super::sanitize_words;
        use unicode_width::UnicodeWidthStr;
        let text = "closed: 3; 1 refused (claimed by budi) and more words here";
        let cut = sanitize_words(text, 25);
        assert_eq!(cut, "closed: 3; 1 refused …", "not `(cl…`");
        assert!(cut.width() <= 25);
        assert_eq!(sanitize_words(text, 30), "closed: 3; 1 refused (claimed…");
        assert_eq!(
            sanitize_words("new 40 claimed 0 replied 0 escalated 0", 27),
            "new 40 claimed 0 replied 0…",
            "a whole word before the cut stays"
        );
        assert_eq!(sanitize_words("short", 30), "short");
        assert_eq!(
            sanitize_words("ends with its own…", 30),
            "ends with its own…"
        );
        let long = "x".repeat(50);
        assert_eq!(
            sanitize_words(&long, 10).width(),
            10,
            "one long word is cut inside"
        );
    }

    use super::*;

    #[test]
    fn caret_notation_for_c0_and_del() {
        assert_eq!(sanitize("\0"), "^@");
        assert_eq!(sanitize("\x01"), "^A");
        assert_eq!(sanitize("\x07"), "^G");
        assert_eq!(sanitize("\x08"), "^H");
        assert_eq!(sanitize("\x0b\x0c"), "^K^L");
        assert_eq!(sanitize("\x1b"), "^[");
        assert_eq!(sanitize("\x1c\x1d\x1e\x1f"), "^\\^]^^^_");
        assert_eq!(sanitize("\x7f"), "^?");
    }

    #[test]
    fn code_point_notation_for_c1_bidi_and_annotations() {
        assert_eq!(sanitize("\u{80}"), "<U+0080>");
        assert_eq!(sanitize("\u{85}"), "<U+0085>");
        assert_eq!(sanitize("\u{9b}"), "<U+009B>");
        assert_eq!(sanitize("\u{9f}"), "<U+009F>");
        assert_eq!(sanitize("\u{61c}"), "<U+061C>");
        assert_eq!(sanitize("\u{200e}\u{200f}"), "<U+200E><U+200F>");
        assert_eq!(sanitize("\u{202e}"), "<U+202E>");
        assert_eq!(sanitize("\u{2066}\u{2069}"), "<U+2066><U+2069>");
        assert_eq!(sanitize("\u{fffa}"), "<U+FFFA>");
    }

    #[test]
    fn escape_formats_wider_code_points() {
        let mut s = String::new();
        push_escape(&mut s, '\u{e0001}');
        assert_eq!(s, "<U+E0001>");
        s.clear();
        push_escape(&mut s, '\u{10ffff}');
        assert_eq!(s, "<U+10FFFF>");
    }

    #[test]
    fn every_c0_is_caret_and_every_c1_is_code_point() {
        for cp in (0u32..0x20).chain([0x7f]) {
            let c = char::from_u32(cp).unwrap();
            if matches!(c, '\n' | '\r' | '\t') {
                continue;
            }
            let expected = format!("^{}", char::from_u32(cp ^ 0x40).unwrap());
            assert_eq!(sanitize(&c.to_string()), expected, "U+{cp:04X}");
            assert!(is_unsafe_char(c));
        }
        for cp in 0x80u32..0xa0 {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(sanitize(&c.to_string()), format!("<U+{cp:04X}>"));
            assert!(is_unsafe_char(c));
        }
    }

    #[test]
    fn line_breaks_and_tabs() {
        assert_eq!(sanitize("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize("a\r\r\nb"), "a\n\nb");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a\nb\nc");
        assert_eq!(sanitize("\tx"), "    x");
        assert!(!is_unsafe_char('\n'));
        assert!(is_unsafe_char('\r'));
        assert!(is_unsafe_char('\t'));
    }

    #[test]
    fn line_form() {
        assert_eq!(sanitize_line("  a\r\n\tb  \u{2029} c ", 80), "a ⏎ b ⏎ c");
        assert_eq!(sanitize_line("\n\nx", 80), "⏎ ⏎ x");
        assert_eq!(sanitize_line("a \x1b b", 80), "a ^[ b");
        assert_eq!(sanitize_line("a\u{a0}\u{3000}b", 80), "a b");
        assert_eq!(sanitize_line("hello world", 7), "hello…");
        assert_eq!(sanitize_line("hello", 5), "hello");
        assert_eq!(sanitize_line("hello", 4), "hel…");
        assert_eq!(sanitize_line("hello", 1), "…");
        assert_eq!(sanitize_line("hello", 0), "");
        assert_eq!(sanitize_line("", 0), "");
        assert_eq!(sanitize_line("大使馆", 5), "大使…");
        assert_eq!(sanitize_line("大使馆", 4), "大…");
    }

    #[test]
    fn a_cut_never_splits_a_prepended_mark_from_its_space() {
        // Found by fuzzing (fuzz/regressions/sanitize/): U+070F SYRIAC
        // ABBREVIATION MARK is a prepend, so "\u{70f} " is one grapheme.
        assert_eq!(sanitize_line("ab\u{70f} cdef", 4), "ab\u{70f} …");
        assert_eq!(sanitize_line("ab cdef", 4), "ab…");
    }

    #[test]
    fn keeps_emoji_joiners_and_tags() {
        for s in [
            "👨\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}",
            "👍🏽",
            "🇮🇩",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
        ] {
            assert_eq!(sanitize(s), s);
            assert_eq!(sanitize_line(s, 80), s);
        }
    }
}
