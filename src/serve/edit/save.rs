//! A submitted form: the changes it asks for (only the fields whose value
//! differs from the file's), made through [`crate::edit`], checked on the
//! root as it would be, and written only when the file is still the one
//! the form was made from and no error is added (SPEC sections 10, 11).

use std::collections::BTreeMap;

use serde_json::Value;

use super::form::{self, Field, Finding, FormPage, Input};
use super::pages::render;
use super::{EditReply, Editor, Written};
use crate::edit::{Change, Editable};
use crate::load::{self, Overlay};
use crate::validate;
use crate::write::{EditedFile, write_edits};

/// The name of the hidden field carrying the digest of the file's bytes
/// the form was made from.
pub const HASH: &str = "_hash";

/// A POST the guard passed.
pub fn post(editor: &Editor, rest: &str, body: &[u8]) -> EditReply {
    if let Some(new) = super::new::New::at(rest) {
        return super::new::post(editor, new, &parse_form(body));
    }
    if let Some(file) = rest.strip_prefix("check/") {
        return super::check::post(editor, file, &parse_form(body));
    }
    match rest.strip_prefix("form/") {
        Some(file) => save(editor, file, &parse_form(body)),
        None => super::pages::not_found(&editor.tera),
    }
}

/// The fields of an `application/x-www-form-urlencoded` body; a name sent
/// twice keeps its first value.
pub fn parse_form(body: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    out
}

/// A submitted form against the file as it is on disk: what a save and
/// the live check both start from.
pub(super) struct Draft {
    /// The form of the file, with the submitted values in it.
    pub page: FormPage,
    /// The file's bytes as read, and the root validated as it is.
    pub bytes: Vec<u8>,
    pub before: validate::Validation,
    /// The changes the form asks for, and a notice's new body.
    pub changes: Vec<Change>,
    pub body: Option<String>,
    editable: Editable,
    notice: bool,
}

/// Why no draft could be made.
pub(super) enum NoDraft {
    /// Not a content file.
    NotFound,
    /// The root or the file could not be read.
    Failed(String),
    /// The file does not read as YAML.
    Unreadable(crate::edit::Refusal),
    /// The file changed on disk since the form was opened: its form and
    /// its bytes now.
    Changed(Box<FormPage>, Vec<u8>),
}

impl Draft {
    /// The draft of `submitted` against `file`.
    pub(super) fn make(editor: &Editor, file: &str, submitted: &BTreeMap<String, String>) -> Result<Draft, NoDraft> {
        let (kind, format) = form::kind_of(file).ok_or(NoDraft::NotFound)?;
        let before = validate::validate(&editor.root).map_err(|e| NoDraft::Failed(e.to_string()))?;
        let bytes = load::read_bytes(&editor.root, file).map_err(|e| NoDraft::Failed(e.to_string()))?;
        let editable = Editable::parse(bytes.clone(), format).map_err(NoDraft::Unreadable)?;
        let mut page = form::build(kind, file, editable.value(), Some(&before.model));
        page.hash = form::digest(&bytes);
        if submitted.get(HASH).map(String::as_str) != Some(page.hash.as_str()) {
            return Err(NoDraft::Changed(Box::new(page), bytes));
        }
        form::notice_body(&mut page, kind, &bytes);
        let changes = changes(&page, submitted);
        let body = new_body(&page, submitted, &bytes);
        // The page shows what was sent (the tables' rows too, for their
        // findings' places).
        fill(&mut page, submitted);
        Ok(Draft {
            notice: page.body.is_some(),
            page,
            bytes,
            before,
            changes,
            body,
            editable,
        })
    }

    /// The file's bytes with the draft's changes made.
    pub(super) fn edited(&self) -> Result<Vec<u8>, crate::edit::Refusal> {
        apply(&self.editable, &self.changes, self.body.as_deref(), self.notice)
    }
}

fn save(editor: &Editor, file: &str, submitted: &BTreeMap<String, String>) -> EditReply {
    let mut draft = match Draft::make(editor, file, submitted) {
        Ok(draft) => draft,
        Err(NoDraft::NotFound) => return super::pages::not_found(&editor.tera),
        Err(NoDraft::Failed(message)) => return failed(editor, file, &message),
        Err(NoDraft::Unreadable(refusal)) => {
            return render(&editor.tera, 409, "form.html", &form::refused(file, &refusal));
        }
        Err(NoDraft::Changed(page, bytes)) => return conflict(editor, *page, submitted, &bytes),
    };
    let mut page = std::mem::take(&mut draft.page);
    if let Some(text) = submitted.get(BODY) {
        page.preview = Some(crate::markdown::to_html(text));
        page.body = Some(text.clone());
    }
    if submitted.get("_action").map(String::as_str) == Some("preview") {
        page.notes.push(note(false, "这是正文的预览，尚未保存。"));
        return render(&editor.tera, 200, "form.html", &page);
    }
    if draft.changes.is_empty() && draft.body.is_none() {
        page.notes.push(note(false, "没有修改任何内容，未写入文件。"));
        return render(&editor.tera, 200, "form.html", &page);
    }
    let edited = match draft.edited() {
        Ok(edited) => edited,
        Err(refusal) => {
            // The editing module's message names the line to edit by hand.
            page.notes
                .push(note(true, &format!("{}；未写入文件", refusal.message.zh)));
            return render(&editor.tera, 422, "form.html", &page);
        }
    };
    check_and_write(editor, page, file, draft.bytes, edited, &draft.before.report)
}

/// The name of a notice's body field.
pub const BODY: &str = "_body";

/// A notice's submitted body, with the file's line endings, when it
/// differs from the body in `bytes`.
fn new_body(page: &FormPage, submitted: &BTreeMap<String, String>, bytes: &[u8]) -> Option<String> {
    let old = page.body.as_deref()?;
    let text = submitted.get(BODY)?.replace("\r\n", "\n");
    let text = if bytes.windows(2).any(|w| w == b"\r\n") {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    (text != old).then_some(text)
}

/// The file with `changes` made and, for a notice, its body replaced (the
/// body is the file's tail, which the editing module keeps as it was).
pub(super) fn apply(
    editable: &Editable,
    changes: &[Change],
    body: Option<&str>,
    notice: bool,
) -> Result<Vec<u8>, crate::edit::Refusal> {
    let mut edited = if changes.is_empty() {
        editable.original().to_vec()
    } else {
        editable.apply(changes)?
    };
    let Some(body) = body.filter(|_| notice) else {
        return Ok(edited);
    };
    let text = String::from_utf8_lossy(editable.original()).into_owned();
    let old = crate::load::split_front_matter(text.trim_start_matches('\u{feff}')).map_or("", |(_, b)| b);
    if !edited.ends_with(old.as_bytes()) {
        return Err(crate::edit::Refusal {
            line: None,
            message: crate::diagnostics::Message::new("无法找到公告正文", "the notice's body was not found"),
        });
    }
    edited.truncate(edited.len() - old.len());
    edited.extend_from_slice(body.as_bytes());
    Ok(edited)
}

/// Validates the root with the edited file in place; writes when no error
/// is added.
fn check_and_write(
    editor: &Editor,
    mut page: FormPage,
    file: &str,
    original: Vec<u8>,
    edited: Vec<u8>,
    before: &crate::diagnostics::Report,
) -> EditReply {
    let overlay: Overlay = [(file.to_owned(), edited.clone())].into_iter().collect();
    let after = match validate::validate_with(&editor.root, &overlay) {
        Ok(v) => v,
        Err(e) => return failed(editor, file, &e.to_string()),
    };
    let added = after.report.errors_added(before);
    if !added.is_empty() {
        form::place(&mut page, &edited, added.iter());
        page.notes.insert(
            0,
            note(
                true,
                &format!("有 {} 个错误，未写入文件：请修改标出的内容后再保存。", added.len()),
            ),
        );
        return render(&editor.tera, 422, "form.html", &page);
    }
    let files = [EditedFile {
        path: file.to_owned(),
        original: original.clone(),
        edited: edited.clone(),
    }];
    if let Err(e) = write_edits(&editor.root, &files) {
        page.notes.insert(0, note(true, &format!("未能写入文件：{e}")));
        return render(&editor.tera, 500, "form.html", &page);
    }
    editor.record_written(vec![Written {
        path: file.to_owned(),
        before: original,
        after: edited,
    }]);
    EditReply::redirect(&format!("{}?saved=1", super::pages::form_href(file)))
}

/// The file changed on disk since the form was opened: nothing written;
/// the page shows the file as it is now and the values submitted.
fn conflict(editor: &Editor, mut page: FormPage, submitted: &BTreeMap<String, String>, bytes: &[u8]) -> EditReply {
    fill(&mut page, submitted);
    page.conflict = Some(String::from_utf8_lossy(bytes).into_owned());
    page.notes.insert(
        0,
        note(
            true,
            "打开表单后，这个文件在磁盘上已被修改，未写入文件。下方是文件现在的内容，表单中是您提交的值；请核对后重新保存。",
        ),
    );
    render(&editor.tera, 409, "form.html", &page)
}

fn failed(editor: &Editor, file: &str, message: &str) -> EditReply {
    let page = FormPage {
        title: file.to_owned(),
        notes: vec![note(true, &format!("无法读取内容，未写入文件：{message}"))],
        ..FormPage::default()
    };
    render(&editor.tera, 500, "form.html", &page)
}

fn note(error: bool, text: &str) -> Finding {
    Finding {
        error,
        text: text.to_owned(),
    }
}

fn fields(page: &FormPage) -> impl Iterator<Item = &Field> {
    page.sections.iter().flat_map(|s| s.fields.iter().chain(s.items.iter()))
}

/// The form shows what was submitted.
pub fn fill(page: &mut FormPage, submitted: &BTreeMap<String, String>) {
    for f in page
        .sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut().chain(s.items.iter_mut()))
    {
        if let Some(v) = submitted.get(&f.pointer) {
            f.value.clone_from(v);
        }
    }
    super::lists::fill(page, submitted);
}

/// A change for every field whose submitted value differs from the
/// file's; a field not submitted is left alone, one emptied is removed;
/// then the changes of the tables' rows (`lists`).
pub fn changes(page: &FormPage, submitted: &BTreeMap<String, String>) -> Vec<Change> {
    // Fields named otherwise than by a pointer (a new entry's) are the
    // tables' to turn into changes.
    let mut out: Vec<Change> = fields(page)
        .filter(|f| f.pointer.starts_with('/'))
        .filter_map(|f| change_of(f, submitted))
        .collect();
    out.extend(super::lists::changes(page, submitted));
    out
}

/// The change of one field, when its submitted value differs.
pub(super) fn change_of(f: &Field, submitted: &BTreeMap<String, String>) -> Option<Change> {
    let sent = submitted.get(&f.pointer)?;
    // A text area keeps its lines (browsers send CRLF); a field
    // is compared without the spaces around it.
    let lines;
    let new = if f.input == Input::Textarea {
        lines = sent.replace("\r\n", "\n");
        lines.as_str()
    } else {
        sent.trim()
    };
    if new == f.value || (f.input != Input::Textarea && new == f.value.trim()) {
        return None;
    }
    if new.is_empty() {
        return Some(Change::remove(f.pointer.clone()));
    }
    Some(Change::set(f.pointer.clone(), typed(f.input, new)))
}

/// The value of a field as its input says; what does not read as its
/// type stays text, for the schema to report beside the field.
pub(super) fn typed(input: Input, text: &str) -> Value {
    match input {
        Input::Integer | Input::Number => {
            if let Ok(n) = text.parse::<i64>() {
                Value::from(n)
            } else if let Some(n) = text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && input == Input::Number)
            {
                Value::from(n)
            } else {
                Value::String(text.to_owned())
            }
        }
        Input::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        Input::Text | Input::Date | Input::Select | Input::Textarea => Value::String(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Kind;

    #[test]
    fn forms_decode_as_browsers_send_them() {
        let f = parse_form(b"_hash=ab&%2Fonsite%2Fitems%2F4.1.2=31&%2Fname=%E6%B8%A9+%E5%B7%9E&x=1&x=2&bad=%zz&=e");
        assert_eq!(f.get("/onsite/items/4.1.2").map(String::as_str), Some("31"));
        assert_eq!(f.get("/name").map(String::as_str), Some("温 州"));
        assert_eq!(f.get("x").map(String::as_str), Some("1"), "the first value");
        // As the WHATWG form decoding: a malformed escape stays as sent,
        // to be checked like any other value.
        assert_eq!(f.get("bad").map(String::as_str), Some("%zz"));
    }

    #[test]
    fn only_fields_that_differ_become_changes() {
        let value = serde_json::json!({"name": "甲", "uscc": "1", "established": "2020-01-01", "website": "https://a.example/"});
        let page = form::build(Kind::Organization, "organizations/a.yaml", &value, None);
        let submitted: BTreeMap<String, String> = [
            ("/name", "甲"),
            ("/uscc", " 2 "),
            ("/established", "2020-01-01"),
            ("/website", ""),
            ("/recommender", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            changes(&page, &submitted),
            vec![Change::set("/uscc", Value::from("2")), Change::remove("/website")]
        );
    }

    #[test]
    fn a_text_of_several_lines_is_unchanged_when_sent_back_with_crlf() {
        let value = serde_json::json!({"name": "甲", "profile": "第一段。\n\n第二段。\n"});
        let page = form::build(Kind::Organization, "organizations/a.yaml", &value, None);
        let sent = |profile: &str| -> BTreeMap<String, String> {
            [
                ("/name".to_owned(), "甲".to_owned()),
                ("/profile".to_owned(), profile.to_owned()),
            ]
            .into_iter()
            .collect()
        };
        assert_eq!(changes(&page, &sent("第一段。\r\n\r\n第二段。\r\n")), vec![]);
        assert_eq!(
            changes(&page, &sent("第一段。\r\n")),
            vec![Change::set("/profile", Value::from("第一段。\n"))]
        );
    }

    #[test]
    fn values_take_their_field_type_or_stay_text_for_the_schema() {
        assert_eq!(typed(Input::Integer, "31"), Value::from(31));
        assert_eq!(typed(Input::Integer, "3.5"), Value::from("3.5"));
        assert_eq!(typed(Input::Number, "612.5"), Value::from(612.5));
        assert_eq!(typed(Input::Number, "NaN"), Value::from("NaN"));
        assert_eq!(typed(Input::Boolean, "true"), Value::Bool(true));
        assert_eq!(typed(Input::Date, "2024-01-02"), Value::from("2024-01-02"));
    }
}
