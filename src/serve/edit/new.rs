//! A new organisation from `new`'s scaffolding: the form of an empty
//! record and its id; a save fills the scaffold's text through the
//! editing module, checks the root with the new file in it, and creates
//! the file (never replacing one) when no error is added.

use std::collections::BTreeMap;

use super::form::{self, Finding, FormPage};
use super::pages::render;
use super::{EditReply, Editor, Written};
use crate::edit::{Editable, Format};
use crate::load::{Kind, Overlay};
use crate::validate;

/// Where the form of a new organisation is.
pub const NEW_ORGANIZATION: &str = "new/organization/";

/// The field of the new record's id (its file name).
pub const ID: &str = "_id";

fn empty_page(model: Option<&crate::model::Model>) -> FormPage {
    let mut page = form::build(Kind::Organization, "organizations/", &serde_json::json!({}), model);
    page.title = "新建组织".to_owned();
    page.file = String::new();
    page.action = format!("/_edit/{NEW_ORGANIZATION}");
    page.new_id = Some(String::new());
    page
}

/// GET: the empty form.
pub fn get(editor: &Editor) -> EditReply {
    let model = validate::validate(&editor.root).ok().map(|v| v.model);
    render(&editor.tera, 200, "form.html", &empty_page(model.as_ref()))
}

/// POST: the new organisation, created when it validates.
pub fn post(editor: &Editor, submitted: &BTreeMap<String, String>) -> EditReply {
    let before = match validate::validate(&editor.root) {
        Ok(v) => v,
        Err(e) => return refuse(editor, empty_page(None), &e.to_string(), 500),
    };
    let mut page = empty_page(Some(&before.model));
    super::save::fill(&mut page, submitted);
    let id = submitted.get(ID).map(|s| s.trim().to_owned()).unwrap_or_default();
    page.new_id = Some(id.clone());
    let Some(programme) = before.model.programme.as_ref() else {
        return refuse(editor, page, "programme.yaml 有错误，请先改正", 422);
    };
    if let Err(e) = crate::scaffold::check_id(&id) {
        return refuse(editor, page, &e.to_string(), 422);
    }
    let scaffold = crate::scaffold::organization(programme, &id);
    if editor.root.join(&scaffold.path).symlink_metadata().is_ok() {
        return refuse(
            editor,
            page,
            &format!("编号 {id} 已被使用（{} 已存在），未写入文件", scaffold.path),
            409,
        );
    }
    let editable = match Editable::parse(scaffold.text.into_bytes(), Format::Yaml) {
        Ok(e) => e,
        Err(r) => return refuse(editor, page, &r.message.zh, 500),
    };
    // The scaffold's empty keys are the form's empty fields.
    let base = form::build(
        Kind::Organization,
        &scaffold.path,
        editable.value(),
        Some(&before.model),
    );
    let changes = super::save::changes(&base, submitted);
    let edited = match editable.apply(&changes) {
        Ok(edited) => edited,
        Err(r) => return refuse(editor, page, &r.message.zh, 422),
    };
    let overlay: Overlay = [(scaffold.path.clone(), edited.clone())].into_iter().collect();
    let after = match validate::validate_with(&editor.root, &overlay) {
        Ok(v) => v,
        Err(e) => return refuse(editor, page, &e.to_string(), 500),
    };
    let added = after.report.errors_added(&before.report);
    if !added.is_empty() {
        page.file.clone_from(&scaffold.path);
        form::place(&mut page, &edited, added.iter());
        page.file = String::new();
        return refuse(
            editor,
            page,
            &format!("有 {} 个错误，未写入文件：请修改标出的内容后再保存。", added.len()),
            422,
        );
    }
    if let Err(e) = crate::write::write_new_files(&editor.root, &[(scaffold.path.clone(), edited.clone())]) {
        return refuse(editor, page, &e.to_string(), 409);
    }
    editor.record_written(vec![Written {
        path: scaffold.path.clone(),
        before: Vec::new(),
        after: edited,
    }]);
    EditReply::redirect(&format!("{}?saved=1", super::pages::form_href(&scaffold.path)))
}

fn refuse(editor: &Editor, mut page: FormPage, message: &str, status: u16) -> EditReply {
    page.notes.insert(
        0,
        Finding {
            error: true,
            text: message.to_owned(),
        },
    );
    render(&editor.tera, status, "form.html", &page)
}
