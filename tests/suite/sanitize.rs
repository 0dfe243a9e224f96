//! The terminal-safety contract of `siaga::triage::sanitize`, checked against
//! the Big List of Naughty Strings, a hand-written corpus of terminal escape
//! attacks, a real terminal emulator (vt100) and legitimate multilingual text.
//!
//! The predicates here are written independently of `is_unsafe_char`, so a
//! mistake in the module's own classification cannot hide itself.

use std::time::{Duration, Instant};

use siaga::triage::{is_unsafe_char, sanitize, sanitize_line};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const BLNS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blns/blns.json");

const WIDTHS: [usize; 6] = [0, 1, 10, 40, 80, 1000];

/// The bidirectional formatting controls (Unicode `Bidi_Control`).
const BIDI_CONTROLS: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Must never reach the terminal: control characters (general category Cc)
/// other than line feed, and the bidi controls.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || BIDI_CONTROLS.contains(&c)
}

/// Must not be emitted as itself either: separators that are normalised to
/// '\n' and the interlinear annotation characters.
fn rewritten(c: char) -> bool {
    forbidden(c)
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FFF9}' | '\u{FFFA}' | '\u{FFFB}'
        )
}

fn assert_clean(label: &str, out: &str) {
    if let Some(c) = out.chars().find(|&c| rewritten(c)) {
        panic!("{label}: output {out:?} contains U+{:04X}", u32::from(c));
    }
    assert!(
        !out.chars().any(is_unsafe_char),
        "{label}: is_unsafe_char accepts a char of {out:?}"
    );
}

fn blns() -> Vec<String> {
    let text = std::fs::read_to_string(BLNS_PATH)
        .unwrap_or_else(|e| panic!("cannot read {BLNS_PATH}: {e}"));
    let list: Vec<String> =
        serde_json::from_str(&text).expect("blns.json is a JSON array of strings");
    // Guard against silently testing nothing (a truncated or replaced file).
    assert!(
        list.len() > 500,
        "blns.json has only {} strings",
        list.len()
    );
    assert!(
        list.iter().any(|s| s.contains('\x1b')),
        "blns.json lost its ANSI escape strings"
    );
    list
}

// ---------------------------------------------------------------------------
// Big List of Naughty Strings
// ---------------------------------------------------------------------------

#[test]
fn blns_outputs_never_contain_unsafe_chars() {
    for (i, s) in blns().iter().enumerate() {
        assert_clean(&format!("blns[{i}] sanitize"), &sanitize(s));
        for w in WIDTHS {
            assert_clean(
                &format!("blns[{i}] sanitize_line({w})"),
                &sanitize_line(s, w),
            );
        }
    }
}

#[test]
fn blns_clean_strings_pass_through_unchanged() {
    let mut clean = 0;
    for (i, s) in blns().iter().enumerate() {
        if s.chars().any(rewritten) {
            assert_ne!(&sanitize(s), s, "blns[{i}] {s:?} should have been changed");
            continue;
        }
        clean += 1;
        assert_eq!(&sanitize(s), s, "blns[{i}] was altered");
    }
    assert!(
        clean > 450,
        "only {clean} clean strings: the filter is too eager"
    );
}

#[test]
fn blns_line_form_is_one_row_within_width() {
    for (i, s) in blns().iter().enumerate() {
        for w in WIDTHS {
            let out = sanitize_line(s, w);
            assert!(
                !out.contains('\n'),
                "blns[{i}] width {w}: newline in {out:?}"
            );
            assert!(
                out.width() <= w,
                "blns[{i}] width {w}: {out:?} is {} wide",
                out.width()
            );
            assert_eq!(out, out.trim(), "blns[{i}] width {w}: not trimmed");
            assert!(
                !out.contains("  "),
                "blns[{i}] width {w}: uncollapsed spaces in {out:?}"
            );
        }
    }
}

#[test]
fn blns_is_idempotent() {
    for (i, s) in blns().iter().enumerate() {
        let once = sanitize(s);
        assert_eq!(sanitize(&once), once, "blns[{i}]");
        for w in WIDTHS {
            let once = sanitize_line(s, w);
            assert_eq!(sanitize_line(&once, w), once, "blns[{i}] width {w}");
        }
    }
}

#[test]
fn blns_cut_lines_keep_whole_graphemes() {
    for (i, s) in blns().iter().enumerate() {
        let full = sanitize_line(s, usize::MAX);
        for w in WIDTHS {
            let out = sanitize_line(s, w);
            if out == full {
                continue;
            }
            if w == 0 {
                assert_eq!(out, "", "blns[{i}] width 0");
                continue;
            }
            let kept = out
                .strip_suffix('…')
                .unwrap_or_else(|| panic!("blns[{i}] width {w}: cut without '…': {out:?}"));
            assert!(
                full.starts_with(kept),
                "blns[{i}] width {w}: {out:?} not a prefix of {full:?}"
            );
            let full_graphemes: Vec<&str> = full.graphemes(true).collect();
            let kept_graphemes: Vec<&str> = kept.graphemes(true).collect();
            assert_eq!(
                kept_graphemes[..],
                full_graphemes[..kept_graphemes.len()],
                "blns[{i}] width {w}: a grapheme was split"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// is_unsafe_char against the independent predicate, over all of Unicode
// ---------------------------------------------------------------------------

#[test]
fn is_unsafe_char_matches_behaviour_for_every_scalar_value() {
    let mut buf = [0u8; 4];
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(is_unsafe_char(c), rewritten(c), "U+{:04X}", u32::from(c));
        let s = c.encode_utf8(&mut buf);
        let out = sanitize(s);
        assert_eq!(
            out == *s,
            !is_unsafe_char(c),
            "U+{:04X} -> {out:?}",
            u32::from(c)
        );
        assert_clean(&format!("U+{:04X}", u32::from(c)), &out);
    }
}

// ---------------------------------------------------------------------------
// Escape-sequence corpus
// ---------------------------------------------------------------------------

/// (name, hostile input, exact `sanitize` output)
const CORPUS: &[(&str, &str, &str)] = &[
    ("csi sgr colour", "\x1b[31mred\x1b[0m", "^[[31mred^[[0m"),
    ("csi sgr conceal", "ok\x1b[8mhidden", "ok^[[8mhidden"),
    ("csi cursor up", "a\x1b[1Ab", "a^[[1Ab"),
    ("csi cursor position", "\x1b[10;20Hx", "^[[10;20Hx"),
    ("csi cursor forward", "x\x1b[20Cy", "x^[[20Cy"),
    ("clear screen", "\x1b[2J\x1b[H", "^[[2J^[[H"),
    ("erase line", "text\x1b[2K", "text^[[2K"),
    ("alternate screen", "\x1b[?1049h", "^[[?1049h"),
    ("mouse tracking on", "\x1b[?1000h", "^[[?1000h"),
    ("resize window", "\x1b[8;1;1t", "^[[8;1;1t"),
    (
        "bracketed paste breakout",
        "\x1b[201~rm -rf ~\x1b[200~",
        "^[[201~rm -rf ~^[[200~",
    ),
    ("save restore cursor", "\x1b7x\x1b8", "^[7x^[8"),
    ("full reset", "\x1bc", "^[c"),
    ("visual bell", "\x1bg", "^[g"),
    ("osc 0 title bel", "\x1b]0;pwned\x07", "^[]0;pwned^G"),
    ("osc 2 title st", "\x1b]2;pwned\x1b\\", "^[]2;pwned^[\\"),
    ("osc 1 icon name", "\x1b]1;icon\x07", "^[]1;icon^G"),
    (
        "osc 52 clipboard write",
        "\x1b]52;c;cm0gLXJmIH4K\x07",
        "^[]52;c;cm0gLXJmIH4K^G",
    ),
    (
        "osc 52 clipboard read",
        "\x1b]52;c;?\x1b\\",
        "^[]52;c;?^[\\",
    ),
    (
        "osc 8 hyperlink",
        "\x1b]8;;https://evil.example/\x1b\\klik\x1b]8;;\x1b\\",
        "^[]8;;https://evil.example/^[\\klik^[]8;;^[\\",
    ),
    ("dcs sixel", "\x1bPq#0;2;0;0;0\x1b\\", "^[Pq#0;2;0;0;0^[\\"),
    ("dcs decrqss query", "\x1bP$qm\x1b\\", "^[P$qm^[\\"),
    (
        "apc kitty graphics",
        "\x1b_Gf=100;AAAA\x1b\\",
        "^[_Gf=100;AAAA^[\\",
    ),
    ("pm", "\x1b^private\x1b\\", "^[^private^[\\"),
    ("sos", "\x1bXstring\x1b\\", "^[Xstring^[\\"),
    ("8-bit csi", "\u{9b}31mred", "<U+009B>31mred"),
    (
        "8-bit osc with 8-bit st",
        "\u{9d}2;title\u{9c}",
        "<U+009D>2;title<U+009C>",
    ),
    ("8-bit dcs", "\u{90}$qm\u{9c}", "<U+0090>$qm<U+009C>"),
    (
        "osc 52 with 8-bit st",
        "\x1b]52;c;QUFB\u{9c}",
        "^[]52;c;QUFB<U+009C>",
    ),
    ("next line c1", "a\u{85}b", "a<U+0085>b"),
    ("dsr cursor position query", "\x1b[6n", "^[[6n"),
    ("device attributes query", "\x1b[c", "^[[c"),
    ("bare esc at end", "tail\x1b", "tail^["),
    ("nul", "a\0b", "a^@b"),
    ("bel", "ding\x07\x07", "ding^G^G"),
    ("backspace overwrite", "abc\x08\x08\x08xyz", "abc^H^H^Hxyz"),
    ("cr overwrite", "safe\rEVIL", "safe\nEVIL"),
    ("crlf", "a\r\nb", "a\nb"),
    ("vertical tab form feed", "a\x0b\x0cb", "a^K^Lb"),
    ("shift out", "\x0egraphics\x0f", "^Ngraphics^O"),
    ("del", "x\x7fy", "x^?y"),
    (
        "rlo file name",
        "invoice\u{202E}fdp.exe",
        "invoice<U+202E>fdp.exe",
    ),
    (
        "lre rle pdf lro",
        "\u{202A}a\u{202B}b\u{202C}\u{202D}",
        "<U+202A>a<U+202B>b<U+202C><U+202D>",
    ),
    (
        "isolates lri rli fsi pdi",
        "\u{2066}a\u{2067}b\u{2068}c\u{2069}",
        "<U+2066>a<U+2067>b<U+2068>c<U+2069>",
    ),
    ("lrm rlm", "1\u{200E}2\u{200F}3", "1<U+200E>2<U+200F>3"),
    ("arabic letter mark", "\u{061C}x", "<U+061C>x"),
    (
        "trojan source",
        "if admin {\u{202E} \u{2066}// check\u{2069} \u{2066}",
        "if admin {<U+202E> <U+2066>// check<U+2069> <U+2066>",
    ),
    (
        "interlinear annotation",
        "\u{FFF9}shown\u{FFFA}hidden\u{FFFB}",
        "<U+FFF9>shown<U+FFFA>hidden<U+FFFB>",
    ),
    (
        "line and paragraph separator",
        "a\u{2028}b\u{2029}c",
        "a\nb\nc",
    ),
    ("tab", "a\tb", "a    b"),
];

#[test]
fn corpus_is_big_enough() {
    assert!(CORPUS.len() >= 25);
}

#[test]
fn corpus_exact_sanitize_output() {
    for (name, raw, expected) in CORPUS {
        assert_eq!(sanitize(raw), *expected, "{name}");
    }
}

#[test]
fn corpus_outputs_never_contain_unsafe_chars() {
    for (name, raw, _) in CORPUS {
        assert!(
            raw.chars().any(is_unsafe_char),
            "{name}: corpus entry is not hostile"
        );
        assert!(
            raw.chars().any(rewritten),
            "{name}: corpus entry is not hostile"
        );
        assert_clean(name, &sanitize(raw));
        for w in WIDTHS {
            let out = sanitize_line(raw, w);
            assert_clean(&format!("{name} line({w})"), &out);
            assert!(out.width() <= w, "{name} line({w}): {out:?}");
        }
    }
}

#[test]
fn corpus_exact_line_output() {
    let cases = [
        ("safe\rEVIL", "safe ⏎ EVIL"),
        ("a\r\n\r\nb", "a ⏎ ⏎ b"),
        ("\x1b]0;pwned\x07", "^[]0;pwned^G"),
        ("  tab\there\t ", "tab here"),
        ("x\u{2028}y", "x ⏎ y"),
        ("abc\x08\x08\x08xyz", "abc^H^H^Hxyz"),
        ("invoice\u{202E}fdp.exe", "invoice<U+202E>fdp.exe"),
    ];
    for (raw, expected) in cases {
        assert_eq!(sanitize_line(raw, 80), expected, "{raw:?}");
    }
    assert_eq!(sanitize_line("\x1b[31mred\x1b[0m", 8), "^[[31mr…");
}

// ---------------------------------------------------------------------------
// Terminal-level check with a real emulator
// ---------------------------------------------------------------------------

/// Records every side effect vt100 reports through its callbacks.
#[derive(Default, Debug)]
struct Recorder {
    audible_bells: usize,
    visual_bells: usize,
    resizes: Vec<(u16, u16)>,
    icon_names: Vec<Vec<u8>>,
    titles: Vec<Vec<u8>>,
    clipboard_writes: Vec<Vec<u8>>,
    clipboard_reads: usize,
    unhandled_chars: Vec<char>,
    unhandled_controls: Vec<u8>,
    unhandled_escapes: usize,
    unhandled_csis: usize,
    unhandled_oscs: usize,
}

impl Recorder {
    fn quiet(&self) -> bool {
        self.audible_bells == 0
            && self.visual_bells == 0
            && self.resizes.is_empty()
            && self.icon_names.is_empty()
            && self.titles.is_empty()
            && self.clipboard_writes.is_empty()
            && self.clipboard_reads == 0
            && self.unhandled_chars.is_empty()
            && self.unhandled_controls.is_empty()
            && self.unhandled_escapes == 0
            && self.unhandled_csis == 0
            && self.unhandled_oscs == 0
    }
}

impl vt100::Callbacks for Recorder {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.audible_bells += 1;
    }
    fn visual_bell(&mut self, _: &mut vt100::Screen) {
        self.visual_bells += 1;
    }
    fn resize(&mut self, _: &mut vt100::Screen, request: (u16, u16)) {
        self.resizes.push(request);
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, icon_name: &[u8]) {
        self.icon_names.push(icon_name.to_vec());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard_writes.push(data.to_vec());
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8]) {
        self.clipboard_reads += 1;
    }
    fn unhandled_char(&mut self, _: &mut vt100::Screen, c: char) {
        self.unhandled_chars.push(c);
    }
    fn unhandled_control(&mut self, _: &mut vt100::Screen, b: u8) {
        self.unhandled_controls.push(b);
    }
    fn unhandled_escape(&mut self, _: &mut vt100::Screen, _: Option<u8>, _: Option<u8>, _: u8) {
        self.unhandled_escapes += 1;
    }
    fn unhandled_csi(
        &mut self,
        _: &mut vt100::Screen,
        _: Option<u8>,
        _: Option<u8>,
        _: &[&[u16]],
        _: char,
    ) {
        self.unhandled_csis += 1;
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, _: &[&[u8]]) {
        self.unhandled_oscs += 1;
    }
}

const COLS: u16 = 80;

fn terminal(rows: u16, bytes: &[u8]) -> vt100::Parser<Recorder> {
    let mut parser = vt100::Parser::new_with_callbacks(rows, COLS, 0, Recorder::default());
    parser.process(bytes);
    parser
}

/// Every hostile string: BLNS plus the corpus.
fn hostile_strings() -> Vec<String> {
    let mut all = blns();
    all.extend(CORPUS.iter().map(|(_, raw, _)| (*raw).to_owned()));
    all
}

/// Columns vt100 gives the text: it measures char by char, not by grapheme,
/// so ZWJ sequences are wider there than for unicode-width.
fn vt100_width(s: &str) -> usize {
    s.chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

/// Drops zero-width characters, which vt100 may not keep: it appends them to
/// the previous cell, but discards one at the very first cell and caps a
/// cell at 22 bytes (BLNS has a string of 100+ format characters).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|&c| unicode_width::UnicodeWidthChar::width(c) != Some(0))
        .collect()
}

/// Asserts that the screen reads back as exactly `text` (apart from
/// zero-width characters): nothing was overprinted, erased or moved.
fn assert_screen_shows(screen: &vt100::Screen, text: &str, label: &str) {
    assert_eq!(
        visible(&screen.contents()),
        visible(text.trim_end_matches('\n')),
        "{label}: screen differs from text"
    );
}

/// The emulator must at least notice the attacks; otherwise the checks below
/// would pass vacuously.
#[test]
fn vt100_harness_detects_raw_attacks() {
    let raw = |name: &str| {
        CORPUS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, raw, _)| *raw)
            .unwrap_or_else(|| panic!("no corpus entry {name}"))
    };
    let t = terminal(24, raw("osc 2 title st").as_bytes());
    assert_eq!(t.callbacks().titles, vec![b"pwned".to_vec()]);
    let t = terminal(24, raw("osc 0 title bel").as_bytes());
    assert_eq!(t.callbacks().titles, vec![b"pwned".to_vec()]);
    let t = terminal(24, raw("bel").as_bytes());
    assert_eq!(t.callbacks().audible_bells, 2);
    let t = terminal(24, raw("osc 52 clipboard write").as_bytes());
    assert_eq!(
        t.callbacks().clipboard_writes,
        vec![b"cm0gLXJmIH4K".to_vec()]
    );
    let t = terminal(24, raw("resize window").as_bytes());
    assert_eq!(t.callbacks().resizes, vec![(1, 1)]);
    let t = terminal(24, raw("cr overwrite").as_bytes());
    assert_eq!(t.screen().contents(), "EVIL");
    let t = terminal(24, raw("backspace overwrite").as_bytes());
    assert_eq!(t.screen().contents(), "xyz");
    let t = terminal(24, raw("csi cursor position").as_bytes());
    assert_eq!(t.screen().cursor_position(), (9, 20));
    let t = terminal(24, b"secret\x1b[2J");
    assert_eq!(t.screen().contents(), "");
    let t = terminal(24, raw("alternate screen").as_bytes());
    assert!(t.screen().alternate_screen());
    for s in blns()
        .iter()
        .filter(|s| s.contains('\x1b') || s.contains('\x07'))
    {
        let t = terminal(24, s.as_bytes());
        assert!(
            !t.callbacks().quiet() || t.screen().contents() != *s,
            "raw {s:?} went unnoticed by the emulator"
        );
    }
}

#[test]
fn vt100_sanitized_line_stays_on_its_row() {
    for s in hostile_strings() {
        let out = sanitize_line(&s, usize::from(COLS));
        let t = terminal(24, out.as_bytes());
        let screen = t.screen();
        assert!(
            t.callbacks().quiet(),
            "{s:?} -> {out:?} triggered {:?}",
            t.callbacks()
        );
        assert!(!screen.alternate_screen(), "{s:?}");
        assert!(!screen.hide_cursor(), "{s:?}");
        let (row, _) = screen.cursor_position();
        // The only thing allowed to move the cursor down is wrapping.
        for r in 0..row {
            assert!(
                screen.row_wrapped(r),
                "{s:?} -> {out:?}: cursor left row {r} without wrapping"
            );
        }
        if vt100_width(&out) <= usize::from(COLS) {
            assert_eq!(row, 0, "{s:?} -> {out:?} moved off row 0");
        }
        assert_screen_shows(screen, &out, &format!("{s:?}"));
    }
}

#[test]
fn vt100_sanitized_text_draws_exactly_itself() {
    for s in hostile_strings() {
        let out = sanitize(&s);
        // In raw mode a terminal needs CR LF to start a fresh line.
        let bytes = out.replace('\n', "\r\n");
        let t = terminal(200, bytes.as_bytes());
        let screen = t.screen();
        assert!(
            t.callbacks().quiet(),
            "{s:?} -> {out:?} triggered {:?}",
            t.callbacks()
        );
        assert!(!screen.alternate_screen(), "{s:?}");
        assert_screen_shows(screen, &out, &format!("{s:?}"));
        if s.contains('\x1b') {
            assert!(
                screen.contents().contains("^["),
                "{s:?}: escape not visible"
            );
        }
        if s.contains('\x07') {
            assert!(screen.contents().contains("^G"), "{s:?}: bell not visible");
        }
    }
}

// ---------------------------------------------------------------------------
// Legitimate text is displayed correctly
// ---------------------------------------------------------------------------

const INDONESIAN: &str = "Tolong, paspor saya ditahan majikan";
const ARABIC: &str = "مرحبا بالعالم";
const CJK: &str = "印度尼西亚驻东京大使馆";
const FAMILY: &str = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
const FLAG_ID: &str = "🇮🇩";
const SKIN_TONES: &str = "👋🏻👋🏼👋🏽👋🏾👋🏿";
const WOMAN_TECHNOLOGIST_DARK: &str = "👩🏿\u{200D}💻";
const HEART_VS16: &str = "❤\u{FE0F}";
const ENGLAND_FLAG: &str = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";

#[test]
fn legitimate_text_passes_unchanged() {
    let mixed = format!("{INDONESIAN} {FLAG_ID}\n{ARABIC}\n{CJK} {FAMILY}");
    for s in [
        INDONESIAN,
        ARABIC,
        CJK,
        FAMILY,
        FLAG_ID,
        SKIN_TONES,
        WOMAN_TECHNOLOGIST_DARK,
        HEART_VS16,
        ENGLAND_FLAG,
        "Saya TKI di Malaysia 🙏🏽 mohon bantuan KBRI",
        "שלום",
        &mixed,
    ] {
        assert_eq!(sanitize(s), s);
        assert!(!s.chars().any(is_unsafe_char), "{s:?}");
        if !s.contains('\n') {
            assert_eq!(sanitize_line(s, 200), s);
        }
    }
    assert_eq!(
        sanitize_line(&mixed, 200),
        format!("{INDONESIAN} {FLAG_ID} ⏎ {ARABIC} ⏎ {CJK} {FAMILY}")
    );
}

#[test]
fn cjk_is_cut_between_wide_chars() {
    for w in 0..=24 {
        let out = sanitize_line(CJK, w);
        assert!(out.width() <= w, "width {w}: {out:?}");
        let kept = out.strip_suffix('…').unwrap_or(&out);
        assert!(CJK.starts_with(kept), "width {w}: {out:?}");
        // The cut is as late as possible: the '…' fits, but one more wide
        // char and the '…' would not.
        if out != CJK && w > 0 {
            let spare = w - kept.width();
            assert!((1..=2).contains(&spare), "width {w}: {out:?}");
        }
    }
    assert_eq!(sanitize_line(CJK, 10), "印度尼西…");
    assert_eq!(sanitize_line(CJK, 9), "印度尼西…");
    assert_eq!(sanitize_line(CJK, 22), CJK);
}

#[test]
fn emoji_clusters_are_never_split() {
    let row =
        format!("{FAMILY}{FLAG_ID}{SKIN_TONES}{ENGLAND_FLAG}{WOMAN_TECHNOLOGIST_DARK}").repeat(3);
    let graphemes: Vec<&str> = row.graphemes(true).collect();
    for w in 0..=40 {
        let out = sanitize_line(&row, w);
        assert!(out.width() <= w, "width {w}: {out:?}");
        let kept = out.strip_suffix('…').unwrap_or(&out);
        let kept_graphemes: Vec<&str> = kept.graphemes(true).collect();
        assert_eq!(
            kept_graphemes[..],
            graphemes[..kept_graphemes.len()],
            "width {w}"
        );
    }
}

#[test]
fn ten_kilobytes_of_emoji() {
    let emoji = "😀".repeat(2500);
    assert_eq!(emoji.len(), 10_000);
    assert_eq!(sanitize(&emoji), emoji);
    let line = sanitize_line(&emoji, 80);
    assert!(line.width() <= 80);
    assert_eq!(line, format!("{}…", "😀".repeat(39)));

    // O(n) and no per-char allocation: even an unoptimised build handles
    // 100 x 10 KB of mixed emoji in a small fraction of this bound.
    let mixed = format!("{FAMILY}{FLAG_ID} {SKIN_TONES}\n\x1b[31m").repeat(200);
    assert!(mixed.len() > 10_000);
    let start = Instant::now();
    for _ in 0..100 {
        assert!(sanitize(&emoji).len() == emoji.len());
        assert!(sanitize_line(&emoji, 80).width() <= 80);
        assert!(!sanitize(&mixed).contains('\x1b'));
        assert!(sanitize_line(&mixed, 80).width() <= 80);
    }
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

/// Deterministic pseudo-random strings from the characters most likely to
/// confuse width measurement and segmentation.
#[test]
fn generated_strings_keep_the_invariants() {
    const ALPHABET: &[char] = &[
        'a',
        ' ',
        '\t',
        '\n',
        '\r',
        '\x1b',
        '\x07',
        '\x08',
        '\0',
        '\x7f',
        '\u{85}',
        '\u{9b}',
        '\u{a0}',
        '\u{202E}',
        '\u{2066}',
        '\u{2028}',
        '\u{FFFA}',
        '\u{200B}',
        '\u{200D}',
        '\u{FE0F}',
        '\u{FE0E}',
        '\u{301}',
        '\u{1F1EE}',
        '\u{1F1E9}',
        '\u{1F468}',
        '\u{1F3FD}',
        '\u{1F3F4}',
        '\u{E0067}',
        '\u{E007F}',
        '\u{2764}',
        '印',
        '\u{3000}',
        'ل',
        'ا',
        '\u{17D2}',
        'ក',
        '\u{2D31}',
        '\u{2D7F}',
        '#',
        '\u{20E3}',
        '…',
        '⏎',
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let out = sanitize(&s);
        assert_clean(&format!("{s:?}"), &out);
        assert_eq!(sanitize(&out), out, "{s:?}");
        for w in [0, 1, 2, 3, 5, 8, 13, 80] {
            let line = sanitize_line(&s, w);
            assert_clean(&format!("{s:?} line({w})"), &line);
            assert!(!line.contains('\n'));
            assert!(
                line.width() <= w,
                "{s:?} line({w}) = {line:?} is {} wide",
                line.width()
            );
            assert_eq!(sanitize_line(&line, w), line, "{s:?} line({w})");
        }
    }
}
