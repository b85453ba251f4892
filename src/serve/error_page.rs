//! The page that replaces every page of the site while the content (or the
//! theme) has errors: each finding with its file, line, column, rule,
//! article and message, then the text `qaward validate` prints. It links
//! the theme's own stylesheet and repeats the header of `base.html`, so it
//! looks like the site; it is served only, never built.

use std::fmt::Write as _;

use crate::catalogue::Severity;
use crate::diagnostics::{Lang, Report};
use crate::render::escape;
use crate::report;

/// What stops the site from being built.
pub enum Problem<'a> {
    /// Validation errors, with `report::human`'s plain text of them.
    Content { report: &'a Report, human: &'a str },
    /// The theme (`--theme NAME`, or the default one) could not be read or
    /// a template failed.
    Theme { name: Option<&'a str>, message: &'a str },
    /// The content root could not be read: the message.
    Load(&'a str),
}

/// Styles for this page only, on top of the theme's `style.css`. The
/// report scrolls inside its own box, so the page never scrolls sideways.
const STYLE: &str = "\
.serve-findings { list-style: none; margin: 0.75rem 0 1.5rem; padding: 0; }
.serve-findings li { margin: 0 0 0.75rem; padding: 0.5rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--accent); background: var(--warning-bg); }
.serve-findings li.serve-warning { border-left-color: #7a4f00; background: var(--notice-bg); }
.serve-findings p { margin: 0.2rem 0; }
.serve-where { font-weight: 700; }
.serve-where code, .serve-rule code { overflow-wrap: anywhere; }
.serve-severity { display: inline-block; margin-right: 0.5rem; padding: 0 0.4rem; border: 1px solid currentColor; border-radius: 2px; font-size: 0.85rem; line-height: 1.6; color: var(--accent); }
.serve-warning .serve-severity { color: #7a4f00; }
.serve-rule { color: var(--muted); font-size: 0.9rem; }
.serve-report { margin: 0.5rem 0 0; padding: 0.75rem 1rem; max-width: 100%; overflow-x: auto; background: var(--wash); border: 1px solid var(--line); font-family: ui-monospace, \"Noto Sans Mono CJK SC\", \"Sarasa Mono SC\", monospace; font-size: 0.85rem; line-height: 1.5; }
.serve-report.wrap { white-space: pre-wrap; overflow-wrap: anywhere; }
.serve-report:focus-visible { box-shadow: 0 0 0 3px var(--ink); }
";

/// The whole page. `programme` is the programme's name when it could be
/// read.
pub(crate) fn page(base_path: &str, programme: Option<&str>, problem: &Problem<'_>) -> String {
    let (title, lead, body) = match problem {
        Problem::Content { report, human } => (
            "内容有错误，网站暂停预览",
            format!(
                "{}。改正并保存文件后，本页会自动刷新；错误全部改正后，网站自动恢复。",
                report::summary(report, Lang::Zh)
            ),
            content_body(report, human),
        ),
        Problem::Theme { name, message } => (
            "主题有错误，网站暂停预览",
            match name {
                Some(name) => format!("主题 themes/{name}/ 无法生成页面。改正并保存主题文件后，本页会自动刷新。"),
                None => "主题无法生成页面。改正后，本页会自动刷新。".to_owned(),
            },
            failure_body(message),
        ),
        Problem::Load(message) => (
            "无法读取内容，网站暂停预览",
            "内容目录无法读取。恢复后保存任一文件，本页会自动刷新。".to_owned(),
            failure_body(message),
        ),
    };
    let base = escape(base_path);
    let brand = escape(programme.unwrap_or("qaward"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n\
         <link rel=\"icon\" href=\"{base}assets/emblem.svg\" type=\"image/svg+xml\">\n\
         <link rel=\"stylesheet\" href=\"{base}assets/style.css\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip-link\" href=\"#main\">跳到主要内容</a>\n\
         <header class=\"site-header\">\n  <div class=\"wrap header-inner\">\n    <a class=\"brand\" href=\"{base}\">\n      \
         <img class=\"brand-emblem\" src=\"{base}assets/emblem.svg\" alt=\"\" width=\"44\" height=\"44\">\n      \
         <span class=\"brand-text\"><span class=\"brand-name\">{brand}</span>\
         <span class=\"brand-sub\">本地预览（qaward serve）</span></span>\n    </a>\n  </div>\n</header>\n\
         <main id=\"main\" tabindex=\"-1\">\n<h1>{title}</h1>\n<p class=\"lead\">{lead}</p>\n{body}</main>\n\
         <footer class=\"site-footer\">\n  <div class=\"wrap\"><p>本页只在 qaward serve 预览中出现，不会生成到网站中。\
         (preview only; never part of the built site)</p></div>\n</footer>\n</body>\n</html>\n",
        lead = escape(&lead),
    )
}

fn content_body(report: &Report, human: &str) -> String {
    let mut out = String::from("<h2>问题列表</h2>\n<ol class=\"serve-findings\">\n");
    for d in &report.diagnostics {
        let (class, label) = match d.severity {
            Severity::Error => ("serve-error", "错误"),
            Severity::Warning => ("serve-warning", "警告"),
        };
        let place = format!("{}:{}:{}", d.span.file, d.span.start.line, d.span.start.column);
        let article = if d.rule.article.is_empty() {
            String::new()
        } else {
            format!(
                "<p class=\"serve-rule\">依据评审管理办法{}：{}</p>\n",
                escape(d.rule.article),
                escape(d.rule.summary_zh)
            )
        };
        let _ = write!(
            out,
            "<li class=\"{class}\">\n<p class=\"serve-where\"><span class=\"serve-severity\">{label}</span>\
             <code>{place}</code></p>\n<p class=\"serve-message\">{message}</p>\n\
             <p class=\"serve-rule\">规则 <code>{rule}</code></p>\n{article}</li>\n",
            place = escape(&place),
            message = escape(d.message.get(Lang::Zh)),
            rule = escape(d.rule.id),
        );
    }
    out.push_str("</ol>\n<h2>校验输出（与 <code>qaward validate</code> 相同）</h2>\n");
    let _ = writeln!(
        out,
        "<pre class=\"serve-report\" tabindex=\"0\" aria-label=\"校验输出\">{}</pre>",
        escape(human.trim_end())
    );
    out
}

fn failure_body(message: &str) -> String {
    format!(
        "<pre class=\"serve-report wrap\" tabindex=\"0\" aria-label=\"错误信息\">{}</pre>\n",
        escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_escaped_and_links_the_theme() {
        let html = page(
            "/zlj/",
            Some("温州市市长质量奖"),
            &Problem::Theme {
                name: Some("local"),
                message: "template `index.html`: <unexpected>",
            },
        );
        assert!(html.contains("<html lang=\"zh-CN\">"));
        assert!(html.contains("href=\"/zlj/assets/style.css\""));
        assert!(html.contains("<h1>主题有错误，网站暂停预览</h1>"));
        assert!(html.contains("themes/local/"));
        assert!(html.contains("&lt;unexpected&gt;"));
        assert!(!html.contains("<unexpected>"));
        assert!(html.contains("温州市市长质量奖"));
    }
}
