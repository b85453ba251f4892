//! Findings rendered for people and machines: a rustc-like terminal view,
//! the JSON of SPEC section 3, GitHub workflow commands, SARIF 2.1.0,
//! GitLab Code Quality, JUnit XML and the Markdown table of a GitHub step
//! summary.
//!
//! Every function returns a `String`; the binary prints it.

use std::collections::{BTreeSet, HashMap};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

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
        if let (Some(sheet), Some(cell)) = (&d.span.sheet, d.span.cell()) {
            let place = match lang {
                Lang::Zh => format!("工作表 `{sheet}`，单元格 {cell}"),
                Lang::En => format!("sheet `{sheet}`, cell {cell}"),
            };
            groups.push(Group::with_title(Level::NOTE.secondary_title(place)));
        }
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
pub(crate) fn summary(report: &Report, lang: Lang) -> String {
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
    let mut text = serde_json::to_string_pretty(&json_value(report, lang)).unwrap_or_default();
    text.push('\n');
    text
}

/// [`json`]'s object as a value, for outputs that add to it (`import`).
/// A finding in a workbook also has `sheet` and `cell` (A1).
pub fn json_value(report: &Report, lang: Lang) -> Value {
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut value = json!({
                "rule": d.rule.id,
                "severity": d.severity.as_str(),
                "article": d.rule.article,
                "message": d.message.get(lang),
                "file": d.span.file,
                "line": d.span.start.line,
                "column": d.span.start.column,
                "end_line": d.span.end.line,
                "end_column": d.span.end.column,
                "related": d.related.iter().map(|r| {
                    let mut related = json!({
                        "file": r.span.file,
                        "line": r.span.start.line,
                        "column": r.span.start.column,
                        "message": r.message.get(lang),
                    });
                    add_cell(&mut related, &r.span);
                    related
                }).collect::<Vec<_>>(),
            });
            add_cell(&mut value, &d.span);
            value
        })
        .collect();
    json!({
        "errors": report.errors(),
        "warnings": report.warnings(),
        "diagnostics": diagnostics,
    })
}

/// Adds `sheet` and `cell` to the JSON of a span in a worksheet.
fn add_cell(value: &mut Value, span: &Span) {
    if let (Some(sheet), Some(cell), Some(object)) = (&span.sheet, span.cell(), value.as_object_mut()) {
        object.insert("sheet".into(), json!(sheet));
        object.insert("cell".into(), json!(cell));
    }
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
    let rules: Vec<Value> = catalogue::ALL.iter().map(|r| sarif_rule(r, lang)).collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| sarif_result(d, paths, lang))
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

/// A rule of the catalogue as SARIF rule metadata.
fn sarif_rule(r: &Rule, lang: Lang) -> Value {
    let (short, separator) = match lang {
        Lang::Zh => (r.summary_zh, "："),
        Lang::En => (r.summary_en, ": "),
    };
    let full = if r.article.is_empty() {
        short.to_owned()
    } else {
        format!("{}{separator}{short}", r.article)
    };
    json!({
        "id": r.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": sarif_level(r.severity)},
        "properties": {"article": r.article, "tags": ["qaward"]},
    })
}

/// One finding as a SARIF result, its related spans as related locations.
fn sarif_result(d: &Resolved, paths: &Paths, lang: Lang) -> Value {
    let index = catalogue::ALL.iter().position(|r| r.id == d.rule.id).unwrap_or(0);
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
        "ruleIndex": index,
        "level": sarif_level(d.severity),
        "message": {"text": d.message.get(lang)},
        "locations": [{"physicalLocation": sarif_location(&d.span, paths)}],
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

/// The files named by `--changed`, relative to the content root: their
/// findings (and JUnit test cases) come first, in every format.
#[derive(Clone, Debug, Default)]
pub(crate) struct Changed {
    files: BTreeSet<String>,
}

impl Changed {
    pub fn new(files: impl IntoIterator<Item = String>) -> Self {
        Changed {
            files: files.into_iter().collect(),
        }
    }

    pub fn contains(&self, file: &str) -> bool {
        self.files.contains(file)
    }

    /// Moves the findings in changed files to the front, keeping the sorted
    /// order within each part.
    pub fn order_report(&self, report: &mut Report) {
        report.diagnostics.sort_by_key(|d| !self.contains(&d.span.file));
    }

    /// Moves the changed files to the front, keeping the order otherwise.
    pub fn order_files(&self, files: &mut [String]) {
        files.sort_by_key(|f| !self.contains(f));
    }
}

/// Every file `validate` checked: each content document read, and each file
/// a finding names (files that failed to parse, stray files), sorted.
pub(crate) fn checked_files(content: &crate::load::Content, report: &Report) -> Vec<String> {
    let mut files: BTreeSet<String> = content.read_files().map(str::to_owned).collect();
    files.extend(report.diagnostics.iter().map(|d| d.span.file.clone()));
    files.into_iter().collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One fingerprint per finding, in the report's order. Each hashes the rule,
/// the file (relative to the content root), the Chinese message (whatever
/// `--lang`) and the finding's rank among identical ones; positions are left
/// out, so a finding keeps its fingerprint when lines above it move.
pub(crate) fn fingerprints(report: &Report) -> Vec<String> {
    let mut canonical: Vec<usize> = (0..report.diagnostics.len()).collect();
    canonical.sort_by(|&a, &b| {
        let (x, y) = (&report.diagnostics[a], &report.diagnostics[b]);
        (&x.span, x.rule.id, &x.message.zh).cmp(&(&y.span, y.rule.id, &y.message.zh))
    });
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut out = vec![String::new(); report.diagnostics.len()];
    for index in canonical {
        let d = &report.diagnostics[index];
        let rank = seen
            .entry((d.rule.id, d.span.file.as_str(), d.message.zh.as_str()))
            .or_insert(0);
        let mut hasher = Sha256::new();
        for part in [
            d.rule.id,
            d.span.file.as_str(),
            d.message.zh.as_str(),
            &rank.to_string(),
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        *rank += 1;
        out[index] = hex(&hasher.finalize());
    }
    out
}

/// GitLab Code Quality severity: errors fail the pipeline (`major`),
/// warnings do not (`minor`).
fn gitlab_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

fn with_article(d: &Resolved, lang: Lang) -> String {
    let message = d.message.get(lang);
    match (d.rule.article.is_empty(), lang) {
        (true, _) => message.to_owned(),
        (false, Lang::Zh) => format!("{message}（{}）", d.rule.article),
        (false, Lang::En) => format!("{message} ({})", d.rule.article),
    }
}

/// GitLab Code Quality JSON (`artifacts:reports:codequality`): an array of
/// issues with stable fingerprints.
pub(crate) fn gitlab(report: &Report, paths: &Paths, lang: Lang) -> String {
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(fingerprints(report))
        .map(|(d, fingerprint)| {
            json!({
                "description": with_article(d, lang),
                "check_name": d.rule.id,
                "fingerprint": fingerprint,
                "severity": gitlab_severity(d.severity),
                "location": {
                    "path": paths.show(&d.span.file),
                    "lines": {"begin": d.span.start.line},
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    text.push('\n');
    text
}

/// Replaces the characters XML 1.0 cannot carry, even escaped.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// `file:line:column`, for text outputs.
fn place(paths: &Paths, span: &Span) -> String {
    format!("{}:{}:{}", paths.show(&span.file), span.start.line, span.start.column)
}

/// A finding as a few lines of plain text: where, rule, article, message,
/// related places.
fn plain(d: &Resolved, paths: &Paths, lang: Lang) -> String {
    let mut text = format!(
        "{} {}[{}] {}",
        place(paths, &d.span),
        d.severity.as_str(),
        d.rule.id,
        with_article(d, lang)
    );
    for r in &d.related {
        text.push_str(&format!("\n  {}: {}", place(paths, &r.span), r.message.get(lang)));
    }
    text
}

/// Counts for a JUnit suite.
struct SuiteCounts {
    tests: usize,
    failures: usize,
}

fn suite_counts(report: &Report, files: &[String]) -> SuiteCounts {
    let failing: BTreeSet<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.span.file.as_str())
        .collect();
    SuiteCounts {
        tests: files.len(),
        failures: files.iter().filter(|f| failing.contains(f.as_str())).count(),
    }
}

type XmlResult = std::io::Result<()>;

fn junit_case(w: &mut Writer<Vec<u8>>, report: &Report, file: &str, paths: &Paths, lang: Lang) -> XmlResult {
    let shown = xml_safe(&paths.show(file));
    let findings: Vec<&Resolved> = report.diagnostics.iter().filter(|d| d.span.file == file).collect();
    let case = w
        .create_element("testcase")
        .with_attribute(("name", shown.as_str()))
        .with_attribute(("classname", "qaward.validate"))
        .with_attribute(("file", shown.as_str()))
        .with_attribute(("time", "0"));
    if findings.is_empty() {
        case.write_empty()?;
        return Ok(());
    }
    case.write_inner_content(|w| {
        for d in findings.iter().filter(|d| d.severity == Severity::Error) {
            let message = xml_safe(&with_article(d, lang).replace(['\n', '\r'], " "));
            w.create_element("failure")
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", d.rule.id))
                .write_text_content(BytesText::new(&xml_safe(&plain(d, paths, lang))))?;
        }
        let all: Vec<String> = findings.iter().map(|d| plain(d, paths, lang)).collect();
        w.create_element("system-out")
            .write_text_content(BytesText::new(&xml_safe(&all.join("\n"))))?;
        Ok(())
    })?;
    Ok(())
}

fn junit_xml(report: &Report, files: &[String], paths: &Paths, lang: Lang) -> std::io::Result<Vec<u8>> {
    let counts = suite_counts(report, files);
    let (tests, failures) = (counts.tests.to_string(), counts.failures.to_string());
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attribute(("name", "qaward validate"))
        .with_attribute(("tests", tests.as_str()))
        .with_attribute(("failures", failures.as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attribute(("name", "qaward validate"))
                .with_attribute(("tests", tests.as_str()))
                .with_attribute(("failures", failures.as_str()))
                .with_attribute(("errors", "0"))
                .with_attribute(("skipped", "0"))
                .with_attribute(("time", "0"))
                .write_inner_content(|w| {
                    for file in files {
                        junit_case(w, report, file, paths, lang)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// JUnit XML: one test case per file checked (`files`, in the order given),
/// one `<failure>` per error in it, and every finding of the file, warnings
/// included, as text in its `<system-out>`. A file fails when it has an
/// error; `failures` counts failing files, `errors` (a check that could not
/// run) is always 0.
pub(crate) fn junit(report: &Report, files: &[String], paths: &Paths, lang: Lang) -> String {
    match junit_xml(report, files, paths, lang) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    }
}

/// Makes text safe in a Markdown table cell.
pub(crate) fn markdown_cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// Text as a code span in a Markdown table cell.
pub(crate) fn markdown_code(text: &str) -> String {
    let inner = text.replace('`', "'").replace('|', "\\|").replace(['\n', '\r'], " ");
    format!("`{inner}`")
}

/// The findings as a Markdown table, for a GitHub Actions step summary;
/// ends with a blank line, so that what the next step appends starts a
/// new paragraph.
pub(crate) fn step_summary(report: &Report, paths: &Paths, lang: Lang) -> String {
    let (title, head) = match lang {
        Lang::Zh => ("### qaward 校验结果", "| 级别 | 规则 | 位置 | 条款 | 说明 |"),
        Lang::En => (
            "### qaward validate",
            "| severity | rule | location | article | message |",
        ),
    };
    let mut out = format!("{title}\n\n{}\n\n", summary(report, lang));
    if report.diagnostics.is_empty() {
        return out;
    }
    out.push_str(&format!("{head}\n| --- | --- | --- | --- | --- |\n"));
    for d in &report.diagnostics {
        let severity = match (d.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (s, Lang::En) => s.as_str(),
        };
        out.push_str(&format!(
            "| {severity} | {} | {} | {} | {} |\n",
            markdown_code(d.rule.id),
            markdown_code(&place(paths, &d.span)),
            if d.rule.article.is_empty() {
                "—".to_owned()
            } else {
                markdown_cell(d.rule.article)
            },
            markdown_cell(d.message.get(lang)),
        ));
    }
    out.push('\n');
    out
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

    #[test]
    fn markdown_cells_escape_pipes_and_lines() {
        assert_eq!(markdown_cell("a|b\nc<d>"), "a\\|b<br>c&lt;d&gt;");
    }

    #[test]
    fn xml_text_drops_control_characters() {
        assert_eq!(xml_safe("a\u{1}b\tc"), "a\u{fffd}b\tc");
    }
}
