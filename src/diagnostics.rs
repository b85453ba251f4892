//! Findings as data: what `validate` reports, before and after positions are
//! attached.
//!
//! Checks create [`Diagnostic`]s that point at content by JSON pointer
//! ([`Location::Node`]); the loader resolves pointers to line and column only
//! for files that have findings (see [`crate::load::Content::resolve`]).

use serde::Serialize;

use crate::catalogue::{Rule, Severity};

/// A text in both languages of the tool. Chinese is the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The language of user-facing text (`--lang zh|en`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Which part of a mapping entry a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The key of the entry (an unknown field, a duplicate id).
    Key,
    /// The value of the entry.
    Value,
}

/// A one-based line and column; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position just after `before`, the text of a file up to a
    /// point; columns count characters, as editors show them.
    pub fn after(before: &str) -> Position {
        Position {
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
        }
    }

    /// The position one column to the right.
    pub fn next_column(self) -> Position {
        Position {
            line: self.line,
            column: self.column + 1,
        }
    }
}

/// Where in the content a finding is. `file` is relative to the content root
/// and always uses `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A node found by JSON pointer (`""` is the document root).
    Node { file: String, pointer: String, part: Part },
    /// A known position range (YAML syntax errors); `end` is exclusive.
    Range {
        file: String,
        start: Position,
        end: Position,
    },
    /// The file as a whole (unreadable, too large).
    File { file: String },
}

impl Location {
    pub fn value(file: &str, pointer: impl Into<String>) -> Self {
        Location::Node {
            file: file.to_owned(),
            pointer: pointer.into(),
            part: Part::Value,
        }
    }

    pub fn key(file: &str, pointer: impl Into<String>) -> Self {
        Location::Node {
            file: file.to_owned(),
            pointer: pointer.into(),
            part: Part::Key,
        }
    }

    pub fn file(&self) -> &str {
        match self {
            Location::Node { file, .. } | Location::Range { file, .. } | Location::File { file } => file,
        }
    }
}

/// A location that also explains its part in the finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: Message,
}

/// One finding of `validate`.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: Message,
    pub primary: Location,
    pub related: Vec<Related>,
    /// The JSON pointer of the value the finding is about, when it is not
    /// the primary location's node (a missing key: the key it lacks).
    pub about: Option<String>,
}

impl Diagnostic {
    /// A finding at the rule's default severity.
    pub fn new(rule: &'static Rule, primary: Location, message: Message) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            primary,
            related: Vec::new(),
            about: None,
        }
    }

    /// The finding is about the value at `pointer` (a form shows it there).
    pub fn about(mut self, pointer: String) -> Self {
        self.about = Some(pointer);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_related(mut self, location: Location, message: Message) -> Self {
        self.related.push(Related { location, message });
        self
    }
}

/// A resolved place: file, start and exclusive end.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub file: String,
    /// The worksheet, when `file` is a workbook (`import`): `start` is then
    /// the cell, its row as the line and its column number as the column.
    pub sheet: Option<String>,
    pub start: Position,
    pub end: Position,
}

impl Span {
    /// The cell in A1 notation, when the span is in a worksheet.
    pub fn cell(&self) -> Option<String> {
        self.sheet.as_ref()?;
        Some(format!("{}{}", column_letters(self.start.column), self.start.line))
    }
}

/// A spreadsheet column's letters: 1 → `A`, 27 → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A resolved related location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedRelated {
    pub span: Span,
    pub message: Message,
}

/// A finding with every location turned into a [`Span`], ready to print.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: Message,
    pub span: Span,
    pub related: Vec<ResolvedRelated>,
    /// The JSON pointer of the value the finding is about, when it is one
    /// (a form places the finding beside that field).
    pub pointer: Option<String>,
}

/// The outcome of a check run: every finding, sorted for stable output.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Resolved>,
}

impl Report {
    pub fn new(mut diagnostics: Vec<Resolved>) -> Self {
        diagnostics.sort_by(|a, b| (&a.span, a.rule.id, &a.message.zh).cmp(&(&b.span, b.rule.id, &b.message.zh)));
        diagnostics.dedup_by(|a, b| a.span == b.span && a.rule.id == b.rule.id && a.message == b.message);
        Report { diagnostics }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The errors of this report that `before` does not have, each
    /// matched once by rule, file and message (positions move when a file
    /// is edited): what an edit would add.
    pub fn errors_added(&self, before: &Report) -> Vec<Resolved> {
        let key = |d: &Resolved| (d.rule.id, d.span.file.clone(), d.message.zh.clone());
        let mut known: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
        for d in before.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            *known.entry(key(d)).or_default() += 1;
        }
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| match known.get_mut(&key(d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect()
    }

    /// Whether `validate` should fail.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors() > 0 || (deny_warnings && self.warnings() > 0)
    }
}

/// Quotes a value for a message: `` `x` ``.
pub(crate) fn code(text: impl std::fmt::Display) -> String {
    format!("`{text}`")
}

/// Appends one JSON-pointer segment, escaped per RFC 6901.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(file: &str, line: usize, zh: &str) -> Resolved {
        let start = Position { line, column: 1 };
        Resolved {
            rule: crate::catalogue::SCHEMA,
            severity: Severity::Error,
            message: Message::new(zh, zh),
            span: Span {
                file: file.to_owned(),
                sheet: None,
                start,
                end: start,
            },
            related: Vec::new(),
            pointer: None,
        }
    }

    #[test]
    fn errors_added_are_matched_by_rule_file_and_message_once_each() {
        let before = Report::new(vec![error("a.yaml", 3, "x"), error("a.yaml", 9, "y")]);
        // The same errors moved by an edit, one more `x`, and a warning.
        let mut warning = error("a.yaml", 1, "w");
        warning.severity = Severity::Warning;
        let after = Report::new(vec![
            error("a.yaml", 5, "x"),
            error("a.yaml", 11, "y"),
            error("a.yaml", 12, "x"),
            warning,
        ]);
        let added: Vec<(usize, String)> = after
            .errors_added(&before)
            .into_iter()
            .map(|d| (d.span.start.line, d.message.zh))
            .collect();
        assert_eq!(added, [(12, "x".to_owned())]);
        assert!(before.errors_added(&after).is_empty());
    }

    #[test]
    fn pointer_segments_are_escaped() {
        let mut p = String::new();
        push_segment(&mut p, "a/b~c");
        assert_eq!(p, "/a~1b~0c");
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        let cases = [
            (1, "A"),
            (4, "D"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (702, "ZZ"),
            (703, "AAA"),
        ];
        for (n, letters) in cases {
            assert_eq!(column_letters(n), letters);
        }
    }
}
