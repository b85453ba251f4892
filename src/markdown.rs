//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitises raw
//! HTML (scripts, event handlers, styles and external embeds are removed).

use pulldown_cmark::{Options, Parser, html};

/// Renders `text` as sanitised HTML. Headings are shifted so that the
/// body's highest heading is `<h2>` (the page title is the only `<h1>`), and
/// tables get column-header scopes and a scroll box for narrow screens.
pub fn to_html(text: &str) -> String {
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
    use super::*;

    #[test]
    fn raw_html_is_sanitised() {
        let html = to_html("正文<script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(html.contains("正文"));
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
