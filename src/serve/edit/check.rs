//! The live check: a form's values, sent while the staff member types,
//! checked exactly as a save checks them (the changes through
//! [`crate::edit`], the schema and every rule on the root as it would
//! be) and answered as JSON, field by field. Nothing is ever written.

use std::collections::BTreeMap;

use serde::Serialize;

use super::form::{self, Finding, FormPage};
use super::save::{Draft, NoDraft};
use super::{EditReply, Editor};
use crate::load::Overlay;
use crate::validate;

/// What the form would show after a save of these values.
#[derive(Debug, Default, Serialize)]
pub struct Checked {
    /// Whether a save would be refused (an error added, a refusal, or the
    /// file changed on disk since the form was opened).
    pub blocked: bool,
    /// Findings by the pointer of their field.
    pub fields: BTreeMap<String, Vec<Finding>>,
    /// Findings on no field, and why a save would be refused.
    pub notes: Vec<Finding>,
}

/// POST of a form's values to `/_edit/check/<file>`.
pub fn post(editor: &Editor, file: &str, submitted: &BTreeMap<String, String>) -> EditReply {
    let checked = match check(editor, file, submitted) {
        Ok(checked) | Err(checked) => checked,
    };
    let body = serde_json::to_vec(&checked).unwrap_or_default();
    EditReply::json(body)
}

fn check(editor: &Editor, file: &str, submitted: &BTreeMap<String, String>) -> Result<Checked, Checked> {
    let draft = Draft::make(editor, file, submitted).map_err(|no| match no {
        NoDraft::NotFound => blocked("没有这个记录文件"),
        NoDraft::Failed(message) => blocked(&message),
        NoDraft::Unreadable(refusal) => blocked(&refusal.message.zh),
        NoDraft::Changed(..) => blocked("打开表单后，这个文件在磁盘上已被修改：保存时不会写入，请重新打开表单"),
    })?;
    let edited = draft.edited().map_err(|r| {
        // The editing module's message names the line to edit by hand.
        blocked(&format!("{}；保存时不会写入", r.message.zh))
    })?;
    let Draft { mut page, before, .. } = draft;
    let overlay: Overlay = [(file.to_owned(), edited.clone())].into_iter().collect();
    let after = validate::validate_with(&editor.root, &overlay).map_err(|e| blocked(&e.to_string()))?;
    let added = after.report.errors_added(&before.report);
    // The file's own findings as they would be, placed as the form places
    // them; errors added elsewhere (a reference broken) among the notes.
    form::place(
        &mut page,
        &edited,
        after.report.diagnostics.iter().filter(|d| d.span.file == file),
    );
    let mut checked = collect(page);
    checked.blocked = !added.is_empty();
    checked.notes.extend(
        added
            .iter()
            .filter(|d| d.span.file != file)
            .map(|d| finding(true, &format!("{}：{}（{}）", d.span.file, d.message.zh, d.rule.id))),
    );
    Ok(checked)
}

/// The findings of a page whose findings were placed, by field.
fn collect(page: FormPage) -> Checked {
    let mut fields = BTreeMap::new();
    let mut notes = page.notes;
    for s in page.sections {
        let cells = s.tables.into_iter().flat_map(|t| {
            notes.extend(t.findings);
            t.rows.into_iter().flat_map(|r| r.cells)
        });
        let all: Vec<_> = s.fields.into_iter().chain(s.items).chain(cells).collect();
        for f in all {
            if !f.findings.is_empty() {
                fields.insert(f.pointer, f.findings);
            }
        }
    }
    Checked {
        blocked: false,
        fields,
        notes,
    }
}

fn blocked(text: &str) -> Checked {
    Checked {
        blocked: true,
        fields: BTreeMap::new(),
        notes: vec![finding(true, text)],
    }
}

fn finding(error: bool, text: &str) -> Finding {
    Finding {
        error,
        text: text.to_owned(),
    }
}
