//! Rules `index-no/missing`, `index-no/form` and `index-no/unique`: every
//! notice carries an 索引号 of the 政府信息公开 catalogue (SPEC section 9),
//! of the programme's form and unique in the content root. These follow
//! the norms of government websites (国办发〔2017〕47号), not the award's
//! regulation, so they cite no article.

use std::collections::BTreeMap;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::Model;
use crate::model::index_no::IndexForm;
use crate::validate::Findings;

/// Runs the rules of this module, notices in file order.
pub(super) fn check(model: &Model, sink: &mut Findings) {
    let form = model
        .programme
        .as_ref()
        .and_then(|p| p.disclosure.as_ref())
        .map(|d| d.form());
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for notice in model.notices.values() {
        let Some(index_no) = notice.index_no.as_deref() else {
            sink.push(missing(&notice.file, form.as_ref()));
            continue;
        };
        if let Some(form) = &form
            && form.read(index_no).is_none()
        {
            sink.push(malformed(&notice.file, index_no, form));
        }
        match first.get(index_no) {
            Some(earlier) => sink.push(duplicate(&notice.file, index_no, earlier)),
            None => {
                first.insert(index_no, &notice.file);
            }
        }
    }
}

/// `index-no/missing`: a warning at the front matter, with the number
/// `new notice` would give when the form is known.
fn missing(file: &str, form: Option<&IndexForm>) -> Diagnostic {
    let (hint_zh, hint_en) = match form {
        Some(form) => (
            format!("格式为 {}", code(form.shown())),
            format!("of the form {}", code(form.shown())),
        ),
        None => (
            "并在 programme.yaml 的 `disclosure` 中设置组织机构代码 `org_code`".to_owned(),
            "and set the organisation code `org_code` under `disclosure` in programme.yaml".to_owned(),
        ),
    };
    Diagnostic::new(
        catalogue::INDEX_NO_MISSING,
        Location::value(file, ""),
        Message::new(
            format!("公告没有索引号：政府信息公开的公告须有唯一的索引号，请添加 `index_no`，{hint_zh}"),
            format!("the notice has no index number: a published notice needs a unique `index_no`; add one {hint_en}"),
        ),
    )
}

/// `index-no/form`: an error at the value.
fn malformed(file: &str, index_no: &str, form: &IndexForm) -> Diagnostic {
    Diagnostic::new(
        catalogue::INDEX_NO_FORM,
        Location::value(file, "/index_no"),
        Message::new(
            format!(
                "索引号 {} 不符合 programme.yaml 规定的格式 {}（YYYY 为四位年份，N 为流水号的一位数字）",
                code(index_no),
                code(form.shown())
            ),
            format!(
                "the index number {} does not have the form {} set in programme.yaml (YYYY a four-digit year, each N a digit of the serial)",
                code(index_no),
                code(form.shown())
            ),
        ),
    )
}

/// `index-no/unique`: an error at the later notice's value, the earlier
/// one's as the related place.
fn duplicate(file: &str, index_no: &str, earlier: &str) -> Diagnostic {
    Diagnostic::new(
        catalogue::INDEX_NO_UNIQUE,
        Location::value(file, "/index_no"),
        Message::new(
            format!(
                "索引号 {} 已由 {earlier} 使用：索引号在内容根目录内唯一，发布后不再改变，请为本公告另取一个（`qaward new notice` 给出下一个未用的索引号）",
                code(index_no)
            ),
            format!(
                "the index number {} is already used by {earlier}: index numbers are unique and never change once published; give this notice another (`qaward new notice` gives the next free one)",
                code(index_no)
            ),
        ),
    )
    .with_related(
        Location::value(earlier, "/index_no"),
        Message::new("该索引号首次使用于此", "the index number is first used here"),
    )
}
