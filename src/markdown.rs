//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitises raw
//! HTML (scripts, event handlers, styles and external embeds are removed),
//! and no resource is loaded from another host: an image (or any attribute
//! a browser fetches by itself) keeps only a relative URL.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lock;

use std::borrow::Cow;

use pulldown_cmark::{Options, Parser, html};

/// Attributes whose URL a browser fetches when the page loads (links,
/// which the reader follows or not, are not among them).
const FETCHED: &[&str] = &["src", "srcset", "poster", "data", "background", "xlink:href", "ping"];

/// The deepest nesting a Markdown body may have, counting Markdown
/// containers (quotes, lists, items, emphasis…) and raw HTML elements
/// together. Real notices use fewer than 10; the HTML sanitiser takes
/// time quadratic in the depth (10 000 nested `<div>`s in a 50 KB notice
/// took seconds), so no deeper body is rendered.
pub(crate) const MAX_NESTING: usize = 64;

/// The byte offset in `text` where nesting first passes [`MAX_NESTING`],
/// if it does. Linear in the size of `text`.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut markdown = 0usize;
    let mut open: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            pulldown_cmark::Event::Start(_) => markdown += 1,
            pulldown_cmark::Event::End(_) => markdown = markdown.saturating_sub(1),
            pulldown_cmark::Event::Html(raw) | pulldown_cmark::Event::InlineHtml(raw) => {
                open_elements_after(&raw, &mut open);
            }
            _ => {}
        }
        if markdown + open.len() > MAX_NESTING {
            return Some(range.start);
        }
    }
    None
}

/// The raw HTML elements still open after `raw`, counted so that the
/// count never falls below the depth a browser (or the sanitiser) builds:
/// an end tag closes the innermost open element of its name and what that
/// holds, and a stray one (`</x>`) closes nothing; the end tag of a
/// formatting element (`b`, `a`, `em`…) closes only when it is innermost,
/// since HTML's adoption agency keeps what it holds open (`<b><div></b>`
/// leaves the `div` open), and a formatting element closed by another's
/// end tag (`<div><b></div>`) stays counted, since HTML keeps it active
/// and re-creates it at the next text. `<div/>` opens a `div` (HTML ignores `/` on
/// non-void elements); a `<p>`, `<li>` or `<td>`-like tag closes an open
/// sibling of its own name, as HTML does, so plain markup is not
/// overcounted.
fn open_elements_after(raw: &str, open: &mut Vec<String>) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ];
    const SIBLINGS_CLOSE: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];
    const FORMATTING: &[&str] = &[
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    ];
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if closing {
            if FORMATTING.contains(&name.as_str()) {
                // The adoption agency keeps what a formatting element
                // holds open: only an innermost match closes.
                if open.last() == Some(&name) {
                    open.pop();
                }
            } else if let Some(index) = open.iter().rposition(|n| *n == name) {
                // Formatting elements closed this way stay active in HTML
                // and are re-created at the next text: still counted.
                let active: Vec<String> = open[index + 1..]
                    .iter()
                    .filter(|n| FORMATTING.contains(&n.as_str()))
                    .cloned()
                    .collect();
                open.truncate(index);
                open.extend(active);
            }
        } else if !VOID.contains(&name.as_str()) {
            if SIBLINGS_CLOSE.contains(&name.as_str()) && open.last() == Some(&name) {
                open.pop();
            }
            open.push(name);
            if open.len() > MAX_NESTING {
                // Past the bound already: the caller refuses the text.
                return;
            }
        }
    }
}

/// Rendered Markdown kept across calls: the same text always gives the
/// same HTML, so a process that renders the same profiles again and again
/// (`serve`, after each edit) renders each once. Entries not asked for
/// between two [`Memo::sweep`]s are dropped, so it holds only what is in
/// use.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    current: std::sync::Mutex<HashMap<String, Arc<str>>>,
    previous: std::sync::Mutex<HashMap<String, Arc<str>>>,
}

impl Memo {
    /// [`to_html`] of `text`, rendered once.
    pub fn to_html(&self, text: &str) -> Arc<str> {
        if let Some(html) = lock(&self.current).get(text) {
            return Arc::clone(html);
        }
        let html = lock(&self.previous)
            .remove(text)
            .unwrap_or_else(|| Arc::from(to_html(text)));
        lock(&self.current).insert(text.to_owned(), Arc::clone(&html));
        html
    }

    /// Forgets what was not asked for since the last sweep.
    pub fn sweep(&self) {
        let used = std::mem::take(&mut *lock(&self.current));
        *lock(&self.previous) = used;
    }
}

/// Renders `text` as sanitised HTML. Headings are shifted so that the
/// body's highest heading is `<h2>` (the page title is the only `<h1>`), and
/// tables get column-header scopes and a scroll box for narrow screens.
pub fn to_html(text: &str) -> String {
    if too_deep(text).is_some() {
        // Validation refuses such a body; never hand it to the sanitiser.
        return format!("<pre>{}</pre>", ammonia::clean_text(text));
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let top = Parser::new_ext(text, options)
        .filter_map(|event| match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let demote = |level: pulldown_cmark::HeadingLevel| shift(level, top);
    let parser = Parser::new_ext(text, options).map(|event| match event {
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        other => other,
    });
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    let clean = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(local_resources_only)
        .clean(&raw)
        .to_string();
    // Added after sanitising, so only the tool writes these attributes.
    clean
        .replace("<th>", "<th scope=\"col\">")
        .replace(
            "<table>",
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"表格\"><table>",
        )
        .replace("</table>", "</table></div>")
}

/// Drops a fetched attribute whose URL (any of them, for `srcset`) leaves
/// the site: SPEC section 4, no external requests (a tracking pixel in a
/// notice would tell another host who reads it).
fn local_resources_only<'u>(_element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let fetched = FETCHED.contains(&attribute.to_ascii_lowercase().as_str());
    let urls: Vec<&str> = if attribute.eq_ignore_ascii_case("srcset") {
        value.split(',').filter_map(|c| c.split_whitespace().next()).collect()
    } else {
        vec![value]
    };
    if fetched && urls.iter().any(|u| leaves_the_site(u)) {
        None
    } else {
        Some(value.into())
    }
}

/// Whether a browser would fetch `url` from another host: it has a scheme
/// (`https:`, `data:` …) or is protocol-relative (`//host/…`). Browsers
/// drop tabs and line breaks, trim spaces and control characters and read
/// `\` as `/`, so this does too.
fn leaves_the_site(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .replace('\\', "/");
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    scheme || url.starts_with("//")
}

/// Moves `level` so that the level `top` becomes `<h2>`.
fn shift(level: pulldown_cmark::HeadingLevel, top: usize) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel as H;
    match (level as usize + 2).saturating_sub(top) {
        0..=2 => H::H2,
        3 => H::H3,
        4 => H::H4,
        5 => H::H5,
        _ => H::H6,
    }
}

/// The plain text of Markdown, for search and summaries.
pub fn to_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => out.push(' '),
            pulldown_cmark::Event::End(
                pulldown_cmark::TagEnd::Paragraph
                | pulldown_cmark::TagEnd::Heading(_)
                | pulldown_cmark::TagEnd::Item
                | pulldown_cmark::TagEnd::TableCell
                | pulldown_cmark::TagEnd::BlockQuote(_)
                | pulldown_cmark::TagEnd::CodeBlock,
            ) if !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_memo_renders_each_text_once_and_keeps_only_what_is_in_use() {
        let memo = Memo::default();
        let first = memo.to_html("**甲**");
        assert_eq!(&*first, to_html("**甲**"));
        assert!(Arc::ptr_eq(&first, &memo.to_html("**甲**")), "rendered once");
        memo.to_html("乙");
        memo.sweep();
        // Asked for again after the sweep: still the same rendering.
        assert!(Arc::ptr_eq(&first, &memo.to_html("**甲**")));
        memo.sweep();
        // `乙` was not asked for between the sweeps: it is gone.
        assert!(!lock(&memo.previous).contains_key("乙"));
        assert!(lock(&memo.previous).contains_key("**甲**"));
    }
    #[test]
    fn nesting_is_bounded_in_markdown_and_raw_html_alike() {
        let within = format!("{}x\n", "> ".repeat(super::MAX_NESTING - 2));
        assert_eq!(super::too_deep(&within), None);
        for deep in [
            format!("{}x\n", "> ".repeat(10_000)),
            "<div>".repeat(10_000),
            "<ul><li>".repeat(8_000),
            format!("{}x", "- ".repeat(5_000)),
            "<b><i>".repeat(100),
            "<div/>".repeat(10_000),
            "<div></x>".repeat(10_000),
            "<b><div></b>".repeat(10_000),
            "<a href=x><blockquote></a>".repeat(10_000),
            (0..2_000)
                .map(|n| format!("<div><b title=\"{n}\"></div>"))
                .collect::<String>(),
        ] {
            let started = std::time::Instant::now();
            assert!(super::too_deep(&deep).is_some(), "{}", &deep[..20]);
            assert!(super::to_html(&deep).starts_with("<pre>"));
            // A hang guard, not a speed target (bench/fuzz-replay.sh
            // times the fuzzers' inputs in a release build).
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "{:?}",
                started.elapsed()
            );
        }
        // Void elements do not nest, and closed ones close.
        assert_eq!(super::too_deep(&"<br><img src=a.png><hr/>".repeat(200)), None);
        assert_eq!(super::too_deep(&"<div><p>x</p></div>".repeat(500)), None);
        let table = format!("<table>{}</table>", "<tr><td>a<td>b</tr>".repeat(300));
        assert_eq!(super::too_deep(&table), None, "implicitly closed cells");
        assert_eq!(
            super::too_deep(&"<p>para".repeat(300)),
            None,
            "implicitly closed paragraphs"
        );
    }

    use super::*;

    #[test]
    fn raw_html_is_sanitised() {
        let html = to_html("正文<script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("正文"));
    }

    #[test]
    fn images_load_only_from_the_site() {
        for external in [
            "![p](https://evil.example/p.gif)",
            "<img src=\"//evil.example/p.gif\">",
            "<img src=\" /\\evil.example/p.gif\">",
            "<img src=\"HTTP://evil.example/p.gif\">",
            "<img src=\"h\ttps://evil.example/p.gif\">",
        ] {
            let html = to_html(external);
            assert!(!html.contains("evil.example"), "{external}: {html}");
        }
        let html = to_html("![申报表](../files/form.png) [官网](https://example.com/)");
        assert!(html.contains("src=\"../files/form.png\""), "{html}");
        assert!(html.contains("href=\"https://example.com/\""), "{html}");
    }

    #[test]
    fn resource_urls_are_judged_as_a_browser_reads_them() {
        assert!(leaves_the_site("https://x/"));
        assert!(leaves_the_site(" //x/"));
        assert!(leaves_the_site("\\\\x/"));
        assert!(leaves_the_site("data:image/png;base64,AA"));
        assert!(!leaves_the_site("../files/a.png"));
        assert!(!leaves_the_site("a/b:c.png"));
        assert!(!leaves_the_site("/assets/emblem.svg"));
    }

    #[test]
    fn tables_render_and_headings_shift() {
        let html = to_html("# 标题\n\n### 小节\n\n| 序号 | 名称 |\n|---|---|\n| 1 | 示例 |\n");
        assert!(html.contains("<h2>标题</h2>"));
        assert!(html.contains("<h4>小节</h4>"));
        assert!(html.contains("<th scope=\"col\">序号</th>"));
        assert!(html.contains("<div class=\"table-scroll\""));
        let html = to_html("## 一、总体要求\n\n### （一）\n");
        assert!(html.contains("<h2>一、总体要求</h2>"));
        assert!(html.contains("<h3>（一）</h3>"));
        let html = to_html("<table><tr><td onclick=\"x()\">1</td></tr></table>");
        assert!(!html.contains("onclick"));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(to_text("## 一、通知\n\n**重要**内容"), "一、通知 重要内容");
    }
}
