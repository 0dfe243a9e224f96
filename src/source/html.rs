//! Mastodon's `status.content` is HTML. This turns it into the plain text an
//! officer reads and the store keeps: paragraphs and `<br>` become line
//! breaks, links keep their URL, mentions keep the full `@user@instance`,
//! entities are decoded, everything else (tags, scripts, styles) is dropped.
//! html5ever (through scraper) does the parsing: it is what browsers do with
//! broken markup, so hostile HTML cannot confuse it.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// A mention as the platform lists it beside the HTML: its profile URL and
/// its full account name (`user` or `user@instance`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRef {
    pub url: String,
    pub acct: String,
}

pub fn to_text(html: &str, mentions: &[MentionRef]) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    walk(fragment.tree.root(), mentions, &mut out);
    tidy(&out)
}

/// One element being read whose output waits for its end: a link, whose
/// visible text is read before it is known what the link becomes.
struct OpenLink<'a> {
    el: &'a scraper::node::Element,
    outer: String,
}

/// Read the tree in document order with an explicit stack (`traverse`),
/// never by recursion: a post of 10,000 nested `<span>`s is as cheap as a
/// flat one and cannot overflow the stack (#20 item 4).
fn walk(root: NodeRef<'_, Node>, mentions: &[MentionRef], out: &mut String) {
    let mut links: Vec<OpenLink<'_>> = Vec::new();
    let mut skipping = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                let Node::Element(el) = node.value() else {
                    if let (Node::Text(text), 0) = (node.value(), skipping) {
                        out.push_str(text);
                    }
                    continue;
                };
                if skipping > 0 || is_hidden(el.name()) {
                    skipping += 1;
                    continue;
                }
                match el.name() {
                    "br" => out.push('\n'),
                    name if is_block(name) => paragraph_break(out),
                    "a" => links.push(OpenLink {
                        el,
                        outer: std::mem::take(out),
                    }),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match el.name() {
                    name if is_block(name) => paragraph_break(out),
                    "a" => {
                        if let Some(open) = links.pop() {
                            let inner = std::mem::replace(out, open.outer);
                            link(open.el, &inner, mentions, out);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "li"
            | "ul"
            | "ol"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Elements whose content is never text for a reader.
fn is_hidden(name: &str) -> bool {
    matches!(name, "script" | "style" | "template" | "head" | "title")
}

fn link(el: &scraper::node::Element, inner: &str, mentions: &[MentionRef], out: &mut String) {
    let href = el.attr("href").unwrap_or_default();
    if el.classes().any(|c| c == "mention") {
        if let Some(m) = mentions.iter().find(|m| m.url == href) {
            out.push('@');
            out.push_str(&m.acct);
        } else {
            // A hashtag or an unlisted mention: its visible text says it.
            out.push_str(inner.trim());
        }
    } else if href.starts_with("http://") || href.starts_with("https://") {
        out.push_str(href);
    } else {
        out.push_str(inner);
    }
}

fn paragraph_break(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\t']).len();
    out.truncate(trimmed);
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

/// At most one blank line in a row; no trailing spaces; no leading or
/// trailing blank lines.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim_matches('\n').lines() {
        let line = line.trim_end();
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank > 1 {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    // Lines of only spaces at the end (text after the last paragraph,
    // `<br> `) were emptied above and must not leave a trailing break.
    out.truncate(out.trim_end_matches('\n').len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(url: &str, acct: &str) -> MentionRef {
        MentionRef {
            url: url.into(),
            acct: acct.into(),
        }
    }

    #[test]
    fn paragraphs_breaks_links_mentions_entities() {
        let html = r#"<p><span class="h-card"><a href="https://kemlu.social/@kemlu" class="u-url mention">@<span>kemlu</span></a></span> tolong &amp; segera!</p><p>baris satu<br>baris dua<br/>lihat <a href="https://example.org/berita/123" rel="nofollow"><span class="invisible">https://</span><span class="">example.org/berita/123</span></a></p>"#;
        let text = to_text(
            html,
            &[m("https://kemlu.social/@kemlu", "kemlu@kemlu.social")],
        );
        assert_eq!(
            text,
            "@kemlu@kemlu.social tolong & segera!\n\nbaris satu\nbaris dua\nlihat https://example.org/berita/123"
        );
    }

    #[test]
    fn hashtags_keep_their_text_and_scripts_go() {
        let html = r#"<p>info <a href="https://m.s/tags/NegaraMelindungi" class="mention hashtag">#<span>NegaraMelindungi</span></a><script>alert(1)</script></p>"#;
        assert_eq!(to_text(html, &[]), "info #NegaraMelindungi");
    }

    #[test]
    fn broken_markup_and_escapes_survive() {
        assert_eq!(to_text("<p>unclosed <b>bold", &[]), "unclosed bold");
        assert_eq!(to_text("a &lt;b&gt; &#x1b;[31m", &[]), "a <b> \u{1b}[31m");
        assert_eq!(to_text("", &[]), "");
    }

    #[test]
    fn spaces_after_the_last_line_leave_no_trailing_break() {
        // Found by fuzzing (fuzz/regressions/html_to_text/).
        assert_eq!(to_text("x<br> ", &[]), "x");
        assert_eq!(to_text("<p>x</p> <br>&nbsp;", &[]), "x");
        assert_eq!(to_text("<p>x</p>\n<p>y</p> \n ", &[]), "x\n\ny");
    }

    #[test]
    fn ten_thousand_nested_spans_are_read_without_recursion() {
        let depth = 10_000;
        let html = format!(
            "{}tolong{}",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        // A small stack: the old recursive walk overflowed here.
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || to_text(&html, &[]))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(text, "tolong");
    }

    #[test]
    fn links_nested_in_hidden_and_in_links_keep_their_rules() {
        let html = r#"<p>a<script><a href="https://x.y/">no</a></script> <a href="/rel"><b>in</b> side</a></p>"#;
        assert_eq!(to_text(html, &[]), "a in side");
    }
}
