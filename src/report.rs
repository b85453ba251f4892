//! Findings rendered for people and machines: a rustc-like terminal view,
//! the JSON of SPEC section 3, GitHub workflow commands and SARIF 2.1.0.
//!
//! Every function returns a `String`; the binary prints it.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::{Value, json};

use crate::catalogue::{self, Rule, Severity};
use crate::diagnostics::{Lang, Report, Resolved, Span};

/// Gives the text of a source line (1-based) of a content file.
pub trait SourceLines {
    fn line(&self, file: &str, line: usize) -> Option<&str>;
}

impl SourceLines for crate::load::Content {
    fn line(&self, file: &str, line: usize) -> Option<&str> {
        self.source_line(file, line)
    }
}

/// How file paths are shown: relative to the content root, with a prefix
/// (the root's path from the repository top, for GitHub and SARIF).
#[derive(Clone, Debug, Default)]
pub struct Paths {
    pub prefix: String,
}

impl Paths {
    pub fn show(&self, file: &str) -> String {
        if self.prefix.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{file}", self.prefix.trim_end_matches('/'))
        }
    }
}

fn article_note(rule: &Rule, lang: Lang) -> Option<String> {
    if rule.article.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!("依据评审管理办法{}：{}", rule.article, rule.summary_zh),
        Lang::En => format!("regulation {}: {}", rule.article, rule.summary_en),
    })
}

/// Byte range of the characters `[start, end)` (1-based columns) in `line`.
fn byte_range(line: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let offset = |col: usize| {
        line.char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
    };
    let a = offset(start);
    let b = offset(end.max(start + 1)).max(a);
    a..b
}

/// The rustc-like terminal view, with a summary line at the end.
pub fn human(report: &Report, sources: &dyn SourceLines, paths: &Paths, lang: Lang, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let primary_path = paths.show(&d.span.file);
        let group = level.primary_title(d.message.get(lang)).id(d.rule.id).element(located(
            sources,
            &d.span,
            &primary_path,
            AnnotationKind::Primary,
        ));
        let mut groups = vec![group];
        for r in &d.related {
            let path = paths.show(&r.span.file);
            groups.push(
                Group::with_title(Level::NOTE.secondary_title(r.message.get(lang).to_owned())).element(located(
                    sources,
                    &r.span,
                    &path,
                    AnnotationKind::Context,
                )),
            );
        }
        if let Some(note) = article_note(d.rule, lang) {
            groups.push(Group::with_title(Level::NOTE.secondary_title(note)));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report, lang));
    out.push('\n');
    out
}

fn located<'a>(
    sources: &'a dyn SourceLines,
    span: &Span,
    path: &str,
    kind: AnnotationKind,
) -> annotate_snippets::Element<'a> {
    match sources.line(&span.file, span.start.line) {
        Some(text) => {
            let end = if span.end.line == span.start.line {
                span.end.column
            } else {
                text.chars().count() + 1
            };
            let annotation = kind.span(byte_range(text, span.start.column, end));
            Snippet::source(text)
                .line_start(span.start.line)
                .path(path.to_owned())
                .annotation(annotation)
                .into()
        }
        None => Origin::path(path.to_owned())
            .line(span.start.line)
            .char_column(span.start.column)
            .into(),
    }
}

/// `检查完成：2 个错误，1 个警告` / `2 errors, 1 warning`.
pub fn summary(report: &Report, lang: Lang) -> String {
    let (e, w) = (report.errors(), report.warnings());
    match lang {
        Lang::Zh if e == 0 && w == 0 => "检查通过：没有发现问题".to_owned(),
        Lang::Zh => format!("检查完成：{e} 个错误，{w} 个警告"),
        Lang::En => {
            let plural = |n: usize, word: &str| {
                if n == 1 {
                    format!("{n} {word}")
                } else {
                    format!("{n} {word}s")
                }
            };
            if e == 0 && w == 0 {
                "no problems found".to_owned()
            } else {
                format!("{}, {}", plural(e, "error"), plural(w, "warning"))
            }
        }
    }
}

/// The JSON object of SPEC section 3.
pub fn json(report: &Report, lang: Lang) -> String {
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule.id,
                "severity": d.severity.as_str(),
                "article": d.rule.article,
                "message": d.message.get(lang),
                "file": d.span.file,
                "line": d.span.start.line,
                "column": d.span.start.column,
                "end_line": d.span.end.line,
                "end_column": d.span.end.column,
                "related": d.related.iter().map(|r| json!({
                    "file": r.span.file,
                    "line": r.span.start.line,
                    "column": r.span.start.column,
                    "message": r.message.get(lang),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "errors": report.errors(),
        "warnings": report.warnings(),
        "diagnostics": diagnostics,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes a workflow-command message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one line per finding.
pub fn github(report: &Report, paths: &Paths, lang: Lang) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = if d.rule.article.is_empty() {
            d.rule.id.to_owned()
        } else {
            format!("{} {}", d.rule.id, d.rule.article)
        };
        let mut message = d.message.get(lang).to_owned();
        for r in &d.related {
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                paths.show(&r.span.file),
                r.span.start.line,
                r.span.start.column,
                r.message.get(lang)
            ));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&paths.show(&d.span.file)),
            d.span.start.line,
            d.span.start.column,
            d.span.end.line,
            d.span.end.column,
            escape_property(&title),
            escape_data(&message),
        ));
    }
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn sarif_location(span: &Span, paths: &Paths) -> Value {
    json!({
        "artifactLocation": {"uri": paths.show(&span.file), "uriBaseId": "%SRCROOT%"},
        "region": {
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column.max(span.start.column + usize::from(span.end.line == span.start.line)),
        }
    })
}

/// SARIF 2.1.0 for GitHub code scanning, with the catalogue as rule
/// metadata.
pub fn sarif(report: &Report, paths: &Paths, lang: Lang) -> String {
    let rules: Vec<Value> = catalogue::ALL
        .iter()
        .map(|r| {
            let (short, full) = match lang {
                Lang::Zh => (
                    r.summary_zh,
                    format!(
                        "{}{}",
                        if r.article.is_empty() {
                            String::new()
                        } else {
                            format!("{}：", r.article)
                        },
                        r.summary_zh
                    ),
                ),
                Lang::En => (
                    r.summary_en,
                    format!(
                        "{}{}",
                        if r.article.is_empty() {
                            String::new()
                        } else {
                            format!("{}: ", r.article)
                        },
                        r.summary_en
                    ),
                ),
            };
            json!({
                "id": r.id,
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "properties": {"article": r.article, "tags": ["qaward"]},
            })
        })
        .collect();
    let index_of = |id: &str| catalogue::ALL.iter().position(|r| r.id == id).unwrap_or(0);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d: &Resolved| {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({"id": i + 1, "physicalLocation": sarif_location(&r.span, paths), "message": {"text": r.message.get(lang)}})
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule.id,
                "ruleIndex": index_of(d.rule.id),
                "level": sarif_level(d.severity),
                "message": {"text": d.message.get(lang)},
                "locations": [{"physicalLocation": sarif_location(&d.span, paths)}],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "qaward",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("x:y,z%"), "x%3Ay%2Cz%25");
    }

    #[test]
    fn byte_ranges_follow_characters() {
        let line = "名称: 温州示例";
        assert_eq!(&line[byte_range(line, 5, 9)], "温州示例");
        assert_eq!(&line[byte_range(line, 1, 3)], "名称");
        assert_eq!(byte_range(line, 20, 21), line.len()..line.len());
    }
}
