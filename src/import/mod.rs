//! `qaward import`: filled-in score sheets back into the records (SPEC
//! section 10; the layout read is docs/spreadsheets.md).
//!
//! The pipeline: validate the root as it is (the model says which
//! applications exist and where they stand) → read each workbook into
//! grids (`workbook`, the only module naming calamine) → check each score
//! sheet: its stage, its application, every cell against the standard's
//! items (`check`) → for each application file, the `items` and `score`
//! of the stage as [`crate::edit::Change`]s, made by the editing module
//! on the file's bytes → validate the root as it would be (an overlay)
//! and refuse any error it would add. Nothing here writes: the command
//! writes [`Outcome::files`] through [`crate::write::write_edits`] when
//! [`Outcome::report`] has no error.
//!
//! Findings in a workbook carry its path as given, the sheet and the cell
//! ([`crate::diagnostics::Span::sheet`]); findings in content files are
//! placed as `validate` places them.

mod check;
mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::catalogue::{Rule, Severity, rule_table};
use crate::diagnostics::{Message, Position, Report, Resolved, ResolvedRelated, Span};
use crate::edit::{Change, Editable, Format, Place};
use crate::load::{self, Content, Overlay};
use crate::model::procedure::Review;
use crate::validate::{self, ValidateError};
use crate::write::EditedFile;
use check::Scored;
use workbook::{At, Unreadable};

// The findings `import` can report about workbooks and edits. They are
// not rules of the `validate` catalogue: they judge a spreadsheet, not
// the content.
rule_table! {
    WORKBOOK = ("import/workbook", Error, "", "评分表可以读取：有申报编号、评审阶段和“条款 | 评分项目 | 分值 | 得分”表格，每行是评审标准的一个条款", "the score sheet reads: 申报编号, the stage, and the 条款 | 评分项目 | 分值 | 得分 table of the standard's items");
    SCORE = ("import/score", Error, "第四条", "每个条款都已打分，得分为 0 至该条款分值的整数", "every item is scored with a whole number from 0 to its maximum");
    APPLICATION = ("import/application", Error, "", "评分表对应一份已到达该评审阶段、未撤回的申报，每份申报每个阶段只有一张评分表", "each sheet names an application that reached the stage and was not withdrawn, one sheet per application and stage");
    EDIT = ("import/edit", Error, "", "得分可以写入申报文件而不改动其他任何内容", "the scores can be written into the application file without changing anything else");
}

/// The review a sheet scores, by its name in the sheet's 评审阶段 cell
/// (资料评审, 现场评审); the qualification review has no score sheet.
fn review_named(text: &str) -> Option<Review> {
    Review::SCORED.into_iter().find(|r| r.name_zh() == text)
}

/// The review a workbook's file name gives (`score-sheet-onsite.xlsx`).
fn review_of_file(path: &Path) -> Option<Review> {
    let name = path.file_name()?.to_str()?;
    Review::SCORED
        .into_iter()
        .find(|r| name.starts_with(&format!("score-sheet-{}", r.key())))
}

/// One change to a record, in award terms: `field` is `score` or
/// `items.<clause>`; `old` or `new` is absent when the field is.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// The application file, relative to the content root.
    pub file: String,
    pub application: String,
    pub year: i64,
    pub stage: Review,
    pub field: String,
    /// The item's name in the standard, for an item.
    pub item: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// What an import would do: the changes, the files to write (only when
/// the report has no error) and every finding.
pub struct Outcome {
    pub changes: Vec<FieldChange>,
    pub files: Vec<EditedFile>,
    pub report: Report,
    /// The content root as it would be after the import, to show the
    /// source lines of findings in content files.
    pub content: Content,
}

/// Why an import could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the workbook ({message}): `{}`", path.display())]
    Workbook { path: PathBuf, message: String },
    #[error(transparent)]
    Validate(#[from] ValidateError),
}

/// Reads `workbooks`, checks them against the content root `root`, and
/// makes the edits they call for, in memory.
pub fn prepare(root: &Path, workbooks: &[PathBuf]) -> Result<Outcome, ImportError> {
    let before = validate::validate(root)?;
    let mut found = Found::default();
    let mut seen = BTreeMap::new();
    let mut scored = Vec::new();
    for path in workbooks {
        let shown = path.display().to_string();
        let sheets = match workbook::read(path) {
            Ok(sheets) => sheets,
            Err(Unreadable::Io(e)) => {
                return Err(ImportError::Workbook {
                    path: path.clone(),
                    message: e.to_string(),
                });
            }
            Err(Unreadable::Format(e)) => {
                found.file(&shown, WORKBOOK, not_a_workbook(&e));
                continue;
            }
        };
        let before_count = scored.len() + found.list.len();
        for (name, grid) in sheets {
            let at = SheetRef {
                file: shown.clone(),
                sheet: name,
            };
            match grid {
                Ok(grid) => scored.extend(check::sheet(
                    &before.model,
                    &before.content,
                    &at,
                    &grid,
                    review_of_file(path),
                    &mut seen,
                    &mut found,
                )),
                Err(e) => found.workbook(&at, (0, 0), not_a_workbook(&e)),
            }
        }
        if scored.len() + found.list.len() == before_count {
            found.file(
                &shown,
                WORKBOOK,
                Message::new(
                    "这个工作簿中没有评分表（带“申报编号”和“条款 | 评分项目 | 分值 | 得分”表格的工作表）",
                    "the workbook holds no score sheet (a sheet with 申报编号 and the 条款 | 评分项目 | 分值 | 得分 table)",
                ),
            );
        }
    }
    let (files, changes) = edits(root, &scored, &mut found);
    let content = if files.is_empty() {
        before.content
    } else {
        let overlay: Overlay = files.iter().map(|f| (f.path.clone(), f.edited.clone())).collect();
        let after = validate::validate_with(root, &overlay)?;
        found.list.extend(after.report.errors_added(&before.report));
        after.content
    };
    Ok(Outcome {
        changes,
        files,
        report: Report::new(found.list),
        content,
    })
}

/// The columns of the text of line `n` (from 1) of `bytes`: from its
/// first non-blank character to after its last, in characters.
fn line_text(bytes: &[u8], n: usize) -> (usize, usize) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let line = text.lines().nth(n.saturating_sub(1)).unwrap_or_default();
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    (indent + 1, line.trim_end().chars().count() + 1)
}

fn not_a_workbook(detail: &str) -> Message {
    Message::new(
        format!("无法作为电子表格读取（{detail}）：请另存为 .xlsx"),
        format!("cannot be read as a spreadsheet ({detail}): save it as .xlsx"),
    )
}

/// The edits of every application file the sheets score, and the changes
/// they make in award terms.
fn edits(root: &Path, scored: &[Scored], found: &mut Found) -> (Vec<EditedFile>, Vec<FieldChange>) {
    let mut by_file: BTreeMap<String, Vec<&Scored>> = BTreeMap::new();
    for s in scored {
        by_file
            .entry(format!("cycles/{}/applications/{}.yaml", s.year, s.id))
            .or_default()
            .push(s);
    }
    let mut files = Vec::new();
    let mut changes = Vec::new();
    for (file, sheets) in by_file {
        let editable = match load::read_bytes(root, &file) {
            Ok(bytes) => Editable::parse(bytes, Format::Yaml),
            Err(e) => {
                let message = Message::new(format!("无法读取文件：{e}"), format!("cannot read the file: {e}"));
                found.content(&file, None, message);
                continue;
            }
        };
        let editable = match editable {
            Ok(editable) => editable,
            Err(refusal) => {
                found.content(&file, refusal.line, refusal.message);
                continue;
            }
        };
        let mut edit = Vec::new();
        let mut file_changes = Vec::new();
        for sheet in sheets {
            let (stage_edit, stage_changes) = stage_changes(&file, editable.value(), sheet);
            edit.extend(stage_edit);
            file_changes.extend(stage_changes);
        }
        if edit.is_empty() {
            continue;
        }
        match editable.apply(&edit) {
            Ok(bytes) => {
                files.push(EditedFile {
                    path: file,
                    original: editable.original().to_vec(),
                    edited: bytes,
                });
                changes.extend(file_changes);
            }
            Err(refusal) => {
                let line = refusal.line.map(|n| (n, line_text(editable.original(), n)));
                found.content_line(&file, line, refusal.message);
            }
        }
    }
    (files, changes)
}

/// The changes a sheet makes to its stage's `items` and `score`.
fn stage_changes(file: &str, value: &Value, sheet: &Scored) -> (Vec<Change>, Vec<FieldChange>) {
    let key = sheet.stage.key();
    let record = value.get(key);
    let old_items = record.and_then(|r| r.get("items")).and_then(Value::as_object);
    let items: Map<String, Value> = sheet
        .items
        .iter()
        .map(|(clause, _, score)| (clause.clone(), Value::from(*score)))
        .collect();
    let sum: u32 = sheet.items.iter().map(|(_, _, score)| score).sum();
    let change = |field: String, item: Option<&str>, old: Option<&Value>, new: Option<Value>| FieldChange {
        file: file.to_owned(),
        application: sheet.id.clone(),
        year: sheet.year,
        stage: sheet.stage,
        field,
        item: item.map(str::to_owned),
        old: old.cloned(),
        new,
    };
    let mut changes = Vec::new();
    let old_score = record.and_then(|r| r.get("score"));
    if !old_score.is_some_and(|o| crate::edit::same(o, &Value::from(sum))) {
        changes.push(change("score".into(), None, old_score, Some(Value::from(sum))));
    }
    for (clause, name, score) in &sheet.items {
        let old = old_items.and_then(|m| m.get(clause));
        if !old.is_some_and(|o| crate::edit::same(o, &Value::from(*score))) {
            changes.push(change(
                format!("items.{clause}"),
                Some(name),
                old,
                Some(Value::from(*score)),
            ));
        }
    }
    for (clause, old) in old_items.into_iter().flatten() {
        if !items.contains_key(clause) {
            changes.push(change(format!("items.{clause}"), None, Some(old), None));
        }
    }
    if changes.is_empty() {
        return (Vec::new(), changes);
    }
    let edits = match record {
        // A stage not yet recorded gets its whole record in one change: the
        // editor plans every change on the file as it was, so changes under
        // a mapping that does not exist yet would each create it.
        None => {
            let mut new = Map::new();
            if let Some(group) = &sheet.group {
                new.insert("group".into(), Value::from(group.clone()));
            }
            new.insert("score".into(), Value::from(sum));
            new.insert("items".into(), Value::Object(items));
            vec![Change::set(format!("/{key}"), Value::Object(new))]
        }
        Some(_) => vec![
            Change::set(format!("/{key}/score"), Value::from(sum)),
            Change::set_at(
                format!("/{key}/items"),
                Value::Object(items),
                Place::After("score".into()),
            ),
        ],
    };
    (edits, changes)
}

/// A worksheet of a workbook, as findings name them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SheetRef {
    /// The workbook's path as given on the command line.
    pub file: String,
    pub sheet: String,
}

/// The findings of an import, positioned.
#[derive(Default)]
pub(crate) struct Found {
    list: Vec<Resolved>,
}

impl Found {
    fn errors(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    fn push(&mut self, rule: &'static Rule, severity: Severity, span: Span, message: Message) {
        self.list.push(Resolved {
            rule,
            severity,
            message,
            span,
            related: Vec::new(),
            pointer: None,
        });
    }

    fn cell_span(at: &SheetRef, cell: At) -> Span {
        let start = Position {
            line: cell.0 as usize + 1,
            column: cell.1 as usize + 1,
        };
        Span {
            file: at.file.clone(),
            sheet: Some(at.sheet.clone()),
            start,
            end: start.next_column(),
        }
    }

    fn workbook(&mut self, at: &SheetRef, cell: At, message: Message) {
        self.push(WORKBOOK, Severity::Error, Self::cell_span(at, cell), message);
    }

    fn score(&mut self, at: &SheetRef, cell: At, message: Message) {
        self.push(SCORE, Severity::Error, Self::cell_span(at, cell), message);
    }

    fn application(&mut self, at: &SheetRef, cell: At, message: Message) {
        self.push(APPLICATION, Severity::Error, Self::cell_span(at, cell), message);
    }

    /// A score typed as text: read, with a warning.
    fn text_number(&mut self, at: &SheetRef, cell: At, clause: &str) {
        let message = Message::new(
            format!("条款 {clause} 的得分是以文本形式保存的数字：已按数字读取，请在表格中把它改为数字格式"),
            format!(
                "the score of item {clause} is a number stored as text: it was read as a number; make the cell a number"
            ),
        );
        self.push(SCORE, Severity::Warning, Self::cell_span(at, cell), message);
    }

    /// A second sheet for an application and stage, pointing at the first.
    fn duplicate(&mut self, at: &SheetRef, cell: At, first: &(SheetRef, At), id: &str, stage: Review) {
        let message = Message::new(
            format!(
                "申报 `{id}` 的{}已有一张评分表：每份申报每个阶段只能导入一张",
                stage.name_zh()
            ),
            format!(
                "application `{id}` already has a {} score sheet: one sheet per application and stage",
                stage.key()
            ),
        );
        self.push(APPLICATION, Severity::Error, Self::cell_span(at, cell), message);
        if let Some(last) = self.list.last_mut() {
            last.related.push(ResolvedRelated {
                span: Self::cell_span(&first.0, first.1),
                message: Message::new("第一张评分表", "the first sheet"),
            });
        }
    }

    /// A finding about a whole file (a workbook that does not read).
    fn file(&mut self, file: &str, rule: &'static Rule, message: Message) {
        let first = Position { line: 1, column: 1 };
        let span = Span {
            file: file.to_owned(),
            sheet: None,
            start: first,
            end: first,
        };
        self.push(rule, Severity::Error, span, message);
    }

    /// A content file that cannot be edited, at the line to edit by hand.
    fn content(&mut self, file: &str, line: Option<usize>, message: Message) {
        self.content_line(file, line.map(|n| (n, (1, 1))), message);
    }

    /// [`Found::content`] with the columns of the line's text, to mark it.
    fn content_line(&mut self, file: &str, line: Option<(usize, (usize, usize))>, message: Message) {
        let (line, (from, to)) = line.unwrap_or((1, (1, 1)));
        let span = Span {
            file: file.to_owned(),
            sheet: None,
            start: Position { line, column: from },
            end: Position {
                line,
                column: to.max(from + 1),
            },
        };
        self.push(EDIT, Severity::Error, span, message);
    }
}
