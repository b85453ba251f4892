//! The checks behind the fuzz targets, kept in one place so that every
//! target (and a plain `cargo test` here) runs the same code.
//!
//! Each `check_*` function takes the raw fuzzer input and panics only when
//! the library breaks one of its promises (ARCHITECTURE.md, "Invariants"):
//! nothing content can reach panics, positions count from 1 and a node is
//! shown on one line, and published HTML carries no script.

use std::path::{Path, PathBuf};

use qaward::catalogue;
use qaward::diagnostics::{Diagnostic, Lang, Location, Part, Position, Report, Resolved, Span};
use qaward::load;
use qaward::markdown;
use qaward::report::{self, Paths, SourceLines};
use qaward::yaml::{self, ProblemAt, SpanIndex};
use serde_json::Value;

/// How many pointers one input may try: enough to reach every kind of
/// node, few enough that one exec stays well under a millisecond.
const MAX_POINTERS: usize = 32;

/// The text the loader would read: invalid UTF-8 is refused by `load`
/// before any parser sees it, so only the valid prefix is worth parsing.
pub fn text_of(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(err) => {
            // The first `valid_up_to` bytes are valid UTF-8 by definition.
            std::str::from_utf8(&data[..err.valid_up_to()]).unwrap_or_default()
        }
    }
}

/// A position the library promises: lines and columns from 1.
fn check_position(what: &str, pos: Position) {
    assert!(
        pos.line >= 1 && pos.column >= 1,
        "{what}: position {pos:?} is not 1-based"
    );
}

/// A range from the span index: 1-based, on one line, not empty.
fn check_span_range(pointer: &str, (start, end): (Position, Position), line_offset: usize) {
    check_position(pointer, start);
    assert!(
        start.line > line_offset,
        "{pointer:?}: line {} is inside the {line_offset} offset lines",
        start.line
    );
    assert_eq!(start.line, end.line, "{pointer:?}: a node is shown on its first line");
    assert!(
        end.column > start.column,
        "{pointer:?}: empty or reversed range {start:?}..{end:?}"
    );
}

/// Pointers of the nodes of `value`, breadth first, at most `MAX_POINTERS`.
pub fn pointers_of(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(String::new(), value)]);
    while let Some((pointer, node)) = queue.pop_front() {
        if out.len() >= MAX_POINTERS {
            break;
        }
        match node {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut p = pointer.clone();
                    qaward::diagnostics::push_segment(&mut p, k);
                    queue.push_back((p, v));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = pointer.clone();
                    qaward::diagnostics::push_segment(&mut p, &i.to_string());
                    queue.push_back((p, v));
                }
            }
            _ => {}
        }
        out.push(pointer);
    }
    out
}

/// Pointers read from the text itself, for when the two parsers disagree
/// or the text does not parse: every line that starts with `/`, plus the
/// plain keys of the first lines, alone, nested and with an index.
pub fn pointers_from_text(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new(), "/".into(), "/0".into(), "/0/0".into(), "//".into()];
    out.extend(text.lines().filter(|l| l.starts_with('/')).take(8).map(str::to_owned));
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().trim_start_matches("- ")))
        .filter(|k| !k.is_empty())
        .take(6)
        .collect();
    for (i, k) in keys.iter().enumerate() {
        let mut p = String::new();
        qaward::diagnostics::push_segment(&mut p, k);
        out.push(p.clone());
        out.push(format!("{p}/0"));
        out.push(format!("{p}/missing"));
        if let Some(next) = keys.get(i + 1) {
            qaward::diagnostics::push_segment(&mut p, next);
            out.push(p);
        }
    }
    out.truncate(MAX_POINTERS);
    out
}

/// One source file for the report renderer, as `Content::source_line`
/// serves it.
struct OneFile<'a> {
    name: &'a str,
    text: &'a str,
    line_offset: usize,
}

impl SourceLines for OneFile<'_> {
    fn line(&self, file: &str, line: usize) -> Option<&str> {
        if file != self.name {
            return None;
        }
        let index = line.checked_sub(1 + self.line_offset)?;
        self.text.lines().nth(index)
    }
}

/// Renders `report` for people: the annotate-snippets view is the one
/// that slices source lines by the positions found. (JSON, GitHub and
/// SARIF only copy numbers; they are rendered by the `validate` target,
/// where SARIF's embedded catalogue does not dominate the exec time.)
fn render_human(report: &Report, sources: &dyn SourceLines) {
    let _ = report::human(report, sources, &Paths::default(), Lang::Zh, false);
    let _ = report::human(report, sources, &Paths::default(), Lang::En, true);
}

/// Renders `report` every way the binary can.
fn render_all(report: &Report, sources: &dyn SourceLines) {
    let paths = Paths {
        prefix: "content".into(),
    };
    render_human(report, sources);
    for lang in [Lang::Zh, Lang::En] {
        let _ = report::json(report, lang);
        let _ = report::github(report, &paths, lang);
        let _ = report::sarif(report, &paths, lang);
    }
}

/// What the loader (`load::Read::run`) and `Content::resolve` do with one
/// YAML text, in memory: parse; place every problem (each carries its
/// range); place a finding at a sample of the document's nodes, as
/// schema and rule findings would be; render the lot.
fn yaml_document(file: &str, text: &str, line_offset: usize) {
    // Built only when needed, as `Content::resolve` does.
    let slot = std::cell::OnceCell::new();
    let index = || slot.get_or_init(|| SpanIndex::build(text, line_offset));
    let mut resolved = Vec::new();
    let span = |start: Position, end: Position| Span {
        file: file.to_owned(),
        sheet: None,
        start,
        end,
    };
    let first = Position { line: 1, column: 1 };
    match yaml::parse(text) {
        Ok(value) => {
            let pointers = pointers_of(&value);
            for pointer in &pointers {
                for part in [Part::Key, Part::Value] {
                    if let Some(range) = index().find(pointer, part) {
                        check_span_range(pointer, range, line_offset);
                        let d = Diagnostic::new(
                            catalogue::SCHEMA,
                            Location::Node {
                                file: file.into(),
                                pointer: pointer.clone(),
                                part,
                            },
                            qaward::diagnostics::Message::new("模糊测试", "fuzz"),
                        );
                        resolved.push(resolve(d, span(range.0, range.1)));
                    }
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "parse returned Err with no problem");
            for problem in problems {
                let (location, at) = match problem.at {
                    ProblemAt::Range(mut start, mut end) => {
                        check_position("problem start", start);
                        check_position("problem end", end);
                        start.line += line_offset;
                        end.line += line_offset;
                        (
                            Location::Range {
                                file: file.into(),
                                start,
                                end,
                            },
                            span(start, end),
                        )
                    }
                    ProblemAt::File => (Location::File { file: file.into() }, span(first, first)),
                };
                resolved.push(resolve(Diagnostic::new(catalogue::YAML, location, problem.message), at));
            }
        }
    }
    let sources = OneFile {
        name: file,
        text,
        line_offset,
    };
    render_human(&Report::new(resolved), &sources);
}

fn resolve(d: Diagnostic, span: Span) -> Resolved {
    Resolved {
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        span,
        related: Vec::new(),
    }
}

/// Target `loader`: the bytes as a YAML content file and as a notice
/// (front matter, then Markdown body), through the in-memory part of the
/// loader: `yaml::parse`, `SpanIndex::build`/`find`, and the reports.
pub fn check_loader(data: &[u8]) {
    let text = text_of(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    yaml_document("organizations/fuzz.yaml", text, 0);
    if let Some((front, body)) = load::split_front_matter(text) {
        yaml_document("notices/fuzz.md", front, 1);
        let _ = markdown::to_text(body);
    }
}

/// Target `span_index`: the first byte is the line offset (0–3), the rest
/// the text; every pointer the value has and some the text suggests.
pub fn check_span_index(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let line_offset = usize::from(first % 4);
    let text = text_of(rest);
    let index = SpanIndex::build(text, line_offset);
    let mut pointers = pointers_from_text(text);
    if let Ok(value) = yaml::parse(text) {
        pointers.extend(pointers_of(&value));
    }
    for pointer in &pointers {
        for part in [Part::Key, Part::Value] {
            if let Some(range) = index.find(pointer, part) {
                check_span_range(pointer, range, line_offset);
            }
        }
    }
}

/// What the sanitised HTML must never contain, checked on a real HTML5
/// parse (html5ever, as browsers parse): no `script`, `iframe` (nor the
/// other embedding elements), no `on*` event-handler attribute, no
/// `javascript:`/`vbscript:` URL in a URL attribute, and (ARCHITECTURE.md:
/// "Nothing is loaded from another host") no fetched attribute whose URL
/// leaves the site. Escaped text such as `&lt;script&gt;` is text to the
/// parser, so it passes.
pub fn html_violations(html: &str) -> Vec<String> {
    const FORBIDDEN_ELEMENTS: &[&str] = &[
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "form",
        "svg", "math",
    ];
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "xlink:href",
        "longdesc",
        "usemap",
        "lowsrc",
        "dynsrc",
        "ping",
    ];
    /// Attributes a browser fetches by itself when the page loads.
    const FETCHED: &[&str] = &[
        "src",
        "srcset",
        "poster",
        "data",
        "background",
        "xlink:href",
        "ping",
        "lowsrc",
        "dynsrc",
    ];
    let doc = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        if FORBIDDEN_ELEMENTS.contains(&name) {
            found.push(format!("<{name}> element"));
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("event handler `{attr}` on <{name}>"));
            }
            let urls = if attr == "srcset" {
                srcset_urls(value)
            } else {
                vec![value]
            };
            if URL_ATTRIBUTES.contains(&attr.as_str()) && urls.iter().any(|u| is_script_url(u)) {
                found.push(format!("script URL in `{attr}` of <{name}>: {value:?}"));
            }
            if FETCHED.contains(&attr.as_str()) && urls.iter().any(|u| is_external(u)) {
                found.push(format!("external resource in `{attr}` of <{name}>: {value:?}"));
            }
        }
    }
    found
}

/// A URL as the URL parser reads it before the scheme: ASCII tab and
/// newlines removed anywhere, C0 controls and spaces trimmed, `\` as `/`.
fn url_prefix(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .replace('\\', "/")
        .to_ascii_lowercase()
}

/// The scheme of a URL, if it has one (`[a-z][a-z0-9+.-]*:`).
fn scheme(url: &str) -> Option<&str> {
    let (s, _) = url.split_once(':')?;
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(s)
}

/// Whether a URL would run script.
fn is_script_url(value: &str) -> bool {
    matches!(scheme(&url_prefix(value)), Some("javascript" | "vbscript"))
}

/// Whether a browser would fetch the URL from another host: it has a
/// scheme (`https:`, `data:`, …) or is protocol-relative.
fn is_external(value: &str) -> bool {
    let url = url_prefix(value);
    scheme(&url).is_some() || url.starts_with("//")
}

/// The URLs of a `srcset`, split as the HTML standard's algorithm does:
/// skip ASCII whitespace and commas, take the run of non-whitespace as the
/// URL (trailing commas dropped), then skip the descriptors up to the next
/// comma outside parentheses.
fn srcset_urls(value: &str) -> Vec<&str> {
    let ws = |c: char| matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ');
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| ws(c) || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(ws).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed);
        if trimmed.len() < url.len() {
            rest = after;
            continue;
        }
        // Descriptors: up to a comma outside parentheses.
        let mut depth = 0usize;
        let mut cut = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    cut = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[cut..];
    }
}

/// Target `markdown`: `markdown::to_html` must give script-free HTML;
/// `to_text` must not panic.
pub fn check_markdown(data: &[u8]) {
    let text = text_of(data);
    let html = markdown::to_html(text);
    let violations = html_violations(&html);
    assert!(
        violations.is_empty(),
        "unsafe HTML from markdown::to_html: {violations:#?}\n--- input ---\n{text}\n--- output ---\n{html}"
    );
    let _ = markdown::to_text(text);
}

/// The fixture files the `validate` target can replace, chosen by the
/// input's first byte; the last entries are new files of each kind.
pub const VALIDATE_FILES: &[&str] = &[
    "programme.yaml",
    "organizations/alpha.yaml",
    "experts/e1.yaml",
    "cycles/2024/cycle.yaml",
    "cycles/2024/applications/alpha.yaml",
    "notices/2024-call.md",
    "notices/2024-publicity.md",
    "organizations/zz-fuzz.yaml",
    "cycles/2024/applications/zz-fuzz.yaml",
    "notices/zz-fuzz.md",
];

/// A private copy of `tests/fixtures/base`, made once per process under
/// `fuzz/target/validate-trees/<pid>/` (libFuzzer exits without running
/// destructors, so the copy stays there, in the ignored build folder).
pub struct Tree {
    pub root: PathBuf,
}

impl Tree {
    pub fn new() -> Tree {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
        let base = fuzz.join("../tests/fixtures/base");
        let root = fuzz.join("target/validate-trees").join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&root);
        copy_tree(&base, &root);
        Tree { root }
    }

    /// Validates the tree with `data` as the file chosen by its first
    /// byte, renders the report every way, and puts the file back.
    pub fn check(&self, data: &[u8]) {
        let Some((&first, rest)) = data.split_first() else {
            return;
        };
        let rel = VALIDATE_FILES[usize::from(first) % VALIDATE_FILES.len()];
        let path = self.root.join(rel);
        let original = std::fs::read(&path).ok();
        std::fs::write(&path, rest).expect("write the fuzz file");
        let outcome = qaward::validate::validate(&self.root);
        match original {
            Some(bytes) => std::fs::write(&path, bytes).expect("restore the fixture"),
            None => std::fs::remove_file(&path).expect("remove the fuzz file"),
        }
        let validation = outcome.expect("validate: only walking the tree may fail");
        for d in &validation.report.diagnostics {
            for s in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
                check_position(&s.file, s.start);
                check_position(&s.file, s.end);
            }
        }
        render_all(&validation.report, &validation.content);
    }
}

impl Default for Tree {
    fn default() -> Self {
        Tree::new()
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the tree");
    for entry in std::fs::read_dir(from).expect("read the fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_see_markup_not_text() {
        assert!(html_violations("<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:x onclick=1</p>").is_empty());
        assert!(html_violations(r#"<a title="<script>">x</a>"#).is_empty());
        assert_eq!(html_violations("<ScRiPt>x</script>").len(), 1);
        assert_eq!(html_violations(r#"<a href=" JaVa&#x09;script:x">x</a>"#).len(), 1);
        assert_eq!(html_violations(r#"<img src=x oNerror=alert(1)>"#).len(), 1);
        assert_eq!(html_violations("<IFRAME src=x></iframe>").len(), 1);
        assert!(
            html_violations(r#"<img src="a/b.png" srcset="x.png 1x, y,z.png 2x"><a href="https://x">y</a>"#).is_empty()
        );
        assert_eq!(html_violations(r#"<img src="/\\evil.example/x.png">"#).len(), 1);
        assert_eq!(
            html_violations(r#"<img srcset="a.png 1x,, https://evil.example/x.png 2x">"#).len(),
            1
        );
        assert_eq!(
            html_violations(r#"<img srcset="a.png (1x, //evil) , DATA:x">"#).len(),
            1
        );
    }

    #[test]
    fn checks_run_on_samples() {
        check_loader(b"a: [1, {b: &x c}, *x]\n---\nd: 1\n");
        check_loader(b"---\ntitle: x\n---\n# body\n");
        check_span_index(b"\x01a:\n  - b: 1\n/a/0/b\n");
        check_markdown(b"<script>alert(1)</script>[x](javascript:alert(1))");
    }
}
