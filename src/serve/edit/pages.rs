//! The editor's pages that only read: the index, the list pages, the
//! changes of this run, and the style and script.

use serde::Serialize;
use tera::{Context, Tera};

use super::new::New;
use super::{EditReply, Editor};
use crate::load::Kind;
use crate::model::Model;
use crate::model::procedure::{Review, standing};
use crate::validate;

/// The theme's `edit/` templates.
pub fn tera(theme: &crate::theme::Theme) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::render::escape);
    let templates: Vec<(String, String)> = theme.edit_templates().map(|(n, t)| (n.to_owned(), t)).collect();
    tera.add_raw_templates(templates)
        .map_err(|e| format!("无法读取主题的编辑页面模板 edit/ (cannot load the theme's edit templates): {e:?}"))?;
    Ok(tera)
}

/// A page of the editor through its template; a template error is a 500
/// page naming it.
pub fn render(tera: &Tera, status: u16, template: &str, page: &impl Serialize) -> EditReply {
    let mut context = Context::new();
    context.insert("page", page);
    match tera.render(template, &context) {
        Ok(html) => EditReply::html(status, html),
        Err(e) => {
            use std::error::Error as _;
            let mut message = format!("模板 edit/{template} 出错: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            EditReply::html(
                500,
                format!(
                    "<!DOCTYPE html><meta charset=\"utf-8\"><pre>{}</pre>",
                    crate::render::escape(&message)
                ),
            )
        }
    }
}

pub fn not_found(tera: &Tera) -> EditReply {
    let page = ListPage {
        title: "页面未找到".into(),
        note: "没有这个编辑页面。".into(),
        ..ListPage::default()
    };
    render(tera, 404, "list.html", &page)
}

/// A cell of a list: its text and, when it leads somewhere, the link.
#[derive(Debug, Default, Serialize)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        href: None,
    }
}

fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        href: Some(href.into()),
    }
}

/// A list page: a table with a link to each record's form.
#[derive(Debug, Default, Serialize)]
pub struct ListPage {
    pub title: String,
    pub note: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// Links above the table (a new record).
    pub actions: Vec<Cell>,
}

/// The index: the years, then the other lists.
#[derive(Debug, Serialize)]
struct IndexPage {
    title: &'static str,
    years: Vec<Cell>,
    lists: Vec<Cell>,
    errors: usize,
    warnings: usize,
}

/// The form of the file `file` (relative to the root).
pub fn form_href(file: &str) -> String {
    format!("/_edit/form/{file}")
}

/// The content file a page of the site shows, by its path under the base
/// path: a notice, a winner's organisation, a cycle.
pub fn form_of_page(rest: &str) -> Option<String> {
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["notices", id] if *id != "page" => Some(format!("notices/{id}.md")),
        ["winners", year, org] if year.parse::<i64>().is_ok() => Some(format!("organizations/{org}.yaml")),
        [year] | [year, "publicity" | "winners"] if year.parse::<i64>().is_ok() => {
            Some(format!("cycles/{year}/cycle.yaml"))
        }
        _ => None,
    }
}

/// The answer to a GET the guard passed; `rest` is the decoded path
/// after `/_edit/`.
pub fn get(editor: &Editor, rest: &str, query: &str) -> EditReply {
    if let Some(name) = rest.strip_prefix("assets/") {
        return asset(editor, name);
    }
    if let Some(file) = rest.strip_prefix("form/") {
        return super::form::get(editor, file, super::guard::query_value(query, "saved").is_some());
    }
    if let Some(new) = super::new::New::at(rest) {
        return super::new::get(editor, new, query);
    }
    if rest == "changes/" {
        return changes(editor);
    }
    let validation = match validate::validate(&editor.root) {
        Ok(v) => v,
        Err(e) => return render(&editor.tera, 500, "list.html", &failed(&e.to_string())),
    };
    let model = &validation.model;
    let page = match rest {
        "" => {
            let page = IndexPage {
                title: "编辑记录",
                years: validation
                    .content
                    .ids
                    .get(&Kind::Cycle)
                    .into_iter()
                    .flatten()
                    .rev()
                    .map(|y| link(format!("{y} 年度"), format!("/_edit/cycles/{y}/")))
                    .collect(),
                lists: vec![
                    link("组织", "/_edit/organizations/"),
                    link("评审专家", "/_edit/experts/"),
                    link("公告", "/_edit/notices/"),
                    link("本次修改", "/_edit/changes/"),
                    link("新建申报", New::Application.href()),
                    link("新建年度", New::Cycle.href()),
                ],
                errors: validation.report.errors(),
                warnings: validation.report.count(crate::catalogue::Severity::Warning),
            };
            return render(&editor.tera, 200, "index.html", &page);
        }
        "organizations/" => organizations(model),
        "experts/" => experts(model),
        "notices/" => notices(model),
        _ => match cycle_year(rest).and_then(|y| applications(&validation, y)) {
            Some(page) => page,
            None => return not_found(&editor.tera),
        },
    };
    let mut page = page;
    with_invalid(&mut page, rest, &validation.content);
    render(&editor.tera, 200, "list.html", &page)
}

/// The records whose files are on disk but not in the model (they fail
/// their schema): listed too, so that their form can be opened.
fn with_invalid(page: &mut ListPage, rest: &str, content: &crate::load::Content) {
    let (kind, file): (Kind, fn(&str) -> String) = match rest {
        "organizations/" => (Kind::Organization, |id| format!("organizations/{id}.yaml")),
        "experts/" => (Kind::Expert, |id| format!("experts/{id}.yaml")),
        "notices/" => (Kind::Notice, |id| format!("notices/{id}.md")),
        _ => return,
    };
    let listed: std::collections::BTreeSet<String> = page
        .rows
        .iter()
        .filter_map(|r| r.first().map(|c| c.text.clone()))
        .collect();
    for id in content
        .ids
        .get(&kind)
        .into_iter()
        .flatten()
        .filter(|id| !listed.contains(*id))
    {
        let mut row = vec![link(id.as_str(), form_href(&file(id))), cell(INVALID)];
        row.resize_with(page.columns.len(), Cell::default);
        page.rows.push(row);
    }
}

/// What a list says of a record whose file fails its schema.
const INVALID: &str = "（文件有错误，打开修改或运行 qaward validate 查看）";

fn failed(message: &str) -> ListPage {
    ListPage {
        title: "无法读取内容".into(),
        note: message.to_owned(),
        ..ListPage::default()
    }
}

fn asset(editor: &Editor, name: &str) -> EditReply {
    let Some(bytes) = editor.assets.get(name) else {
        return not_found(&editor.tera);
    };
    let content_type = if name.ends_with(".css") {
        "text/css; charset=utf-8"
    } else if name.ends_with(".svg") {
        "image/svg+xml"
    } else if name.ends_with(".js") {
        "text/javascript; charset=utf-8"
    } else {
        "application/octet-stream"
    };
    EditReply {
        status: 200,
        headers: vec![("Content-Type", content_type.to_owned())],
        body: bytes.clone(),
    }
}

fn cycle_year(rest: &str) -> Option<i64> {
    rest.strip_prefix("cycles/")?.strip_suffix('/')?.parse().ok()
}

/// A year's applications with the stage each has reached; those whose
/// files fail their schema are listed as such.
fn applications(validation: &validate::Validation, year: i64) -> Option<ListPage> {
    let model = &validation.model;
    let on_disk = validation.content.application_ids.get(&year.to_string());
    let Some(cycle) = model.cycles.get(&year) else {
        let ids = on_disk.filter(|_| {
            validation
                .content
                .ids
                .get(&Kind::Cycle)
                .is_some_and(|c| c.contains(&year.to_string()))
        })?;
        let file = format!("cycles/{year}/cycle.yaml");
        return Some(ListPage {
            title: format!("{year} 年度申报"),
            note: format!("年度安排有错误{INVALID}"),
            columns: vec!["申报编号", "组织", "奖项", "当前阶段"],
            rows: ids.iter().map(|id| invalid_application(year, id)).collect(),
            actions: vec![link("年度安排（cycle.yaml）", form_href(&file))],
        });
    };
    let today = crate::calendar::today_in_china();
    let (now, _) = standing(cycle, today);
    let invalid = on_disk
        .into_iter()
        .flatten()
        .filter(|id| !cycle.applications.contains_key(*id))
        .map(|id| invalid_application(year, id));
    let rows = cycle
        .applications
        .values()
        .map(|app| {
            let name = model
                .organizations
                .get(&app.organization)
                .map_or(app.organization.as_str(), |o| o.name.as_str());
            vec![
                link(app.id.as_str(), form_href(&app.file)),
                link(name, form_href(&format!("organizations/{}.yaml", app.organization))),
                cell(
                    model
                        .programme
                        .as_ref()
                        .and_then(|p| p.awards.get(&app.award))
                        .map_or(app.award.as_str(), |a| a.name.as_str()),
                ),
                cell(stage_of(app)),
            ]
        })
        .chain(invalid)
        .collect();
    Some(ListPage {
        title: format!("{year} 年度申报"),
        note: format!("本年度进度：{now}"),
        columns: vec!["申报编号", "组织", "奖项", "当前阶段"],
        rows,
        actions: vec![
            link("年度安排（cycle.yaml）", form_href(&cycle.file)),
            link("新建申报", format!("{}?year={year}", New::Application.href())),
        ],
    })
}

fn invalid_application(year: i64, id: &str) -> Vec<Cell> {
    let file = format!("cycles/{year}/applications/{id}.yaml");
    vec![link(id, form_href(&file)), cell(""), cell(""), cell(INVALID)]
}

/// Where an application stands: withdrawn, the last review recorded and
/// its outcome, or waiting for the qualification review.
fn stage_of(app: &crate::model::Application) -> String {
    if app.withdrawn.is_some() {
        return "已撤回".to_owned();
    }
    let reviews = [Review::Qualification, Review::Material, Review::Onsite];
    match reviews.into_iter().rev().find(|r| r.recorded(app)) {
        Some(review) if review.undecided(app) => format!("{}：已评分，待定", review.name_zh()),
        Some(review) => match review.outcome(app) {
            Some(outcome) => format!("{}：{}", review.name_zh(), review.outcome_words(outcome).0),
            None => review.name_zh().to_owned(),
        },
        None => "待资格审查".to_owned(),
    }
}

fn organizations(model: &Model) -> ListPage {
    ListPage {
        title: "组织".into(),
        note: String::new(),
        columns: vec!["编号", "名称", "统一社会信用代码", "推荐单位"],
        rows: model
            .organizations
            .values()
            .map(|o| {
                vec![
                    link(o.id.as_str(), form_href(&o.file)),
                    cell(o.name.as_str()),
                    cell(o.uscc.as_str()),
                    cell(o.recommender.as_str()),
                ]
            })
            .collect(),
        actions: vec![link("新建组织", New::Organization.href())],
    }
}

fn experts(model: &Model) -> ListPage {
    ListPage {
        title: "评审专家".into(),
        note: String::new(),
        columns: vec!["编号", "姓名", "所在单位"],
        rows: model
            .experts
            .values()
            .map(|e| {
                vec![
                    link(e.id.as_str(), form_href(&e.file)),
                    cell(e.name.as_str()),
                    cell(e.affiliation.as_str()),
                ]
            })
            .collect(),
        actions: vec![link("新建专家", New::Expert.href())],
    }
}

fn notices(model: &Model) -> ListPage {
    let mut list: Vec<_> = model.notices.values().collect();
    list.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
    ListPage {
        title: "公告".into(),
        note: String::new(),
        columns: vec!["编号", "标题", "日期"],
        rows: list
            .into_iter()
            .map(|n| {
                vec![
                    link(n.id.as_str(), form_href(&n.file)),
                    cell(n.title.as_str()),
                    cell(n.date.to_string()),
                ]
            })
            .collect(),
        actions: vec![link("新建公告", New::Notice.href())],
    }
}

/// What this run wrote, file by file, with a line diff.
#[derive(Debug, Serialize)]
struct ChangesPage {
    title: &'static str,
    files: Vec<FileDiff>,
}

#[derive(Debug, Serialize)]
pub struct FileDiff {
    pub path: String,
    pub href: String,
    /// Lines with their mark: `-` removed, `+` added, ` ` context.
    pub lines: Vec<(char, String)>,
}

fn changes(editor: &Editor) -> EditReply {
    let files = editor
        .written()
        .into_iter()
        .map(|w| FileDiff {
            href: form_href(&w.path),
            lines: diff_lines(&w.before, &w.after),
            path: w.path,
        })
        .collect();
    render(
        &editor.tera,
        200,
        "changes.html",
        &ChangesPage {
            title: "本次修改",
            files,
        },
    )
}

/// The lines that differ between `before` and `after`, grouped with one
/// line of context around each change (a line diff by `similar`); a `…`
/// line separates the groups.
pub fn diff_lines(before: &[u8], after: &[u8]) -> Vec<(char, String)> {
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    let diff = similar::TextDiff::from_lines(before.as_ref(), after.as_ref());
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(1).iter().enumerate() {
        if i > 0 {
            out.push(('…', String::new()));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let mark = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                let line = change.value().trim_end_matches(['\n', '\r']).to_owned();
                out.push((mark, line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_map_to_the_file_they_show() {
        assert_eq!(
            form_of_page("notices/2025-call/").as_deref(),
            Some("notices/2025-call.md")
        );
        assert_eq!(form_of_page("notices/page/2/"), None);
        assert_eq!(form_of_page("notices/page/"), None);
        assert_eq!(
            form_of_page("winners/2024/acme/").as_deref(),
            Some("organizations/acme.yaml")
        );
        assert_eq!(
            form_of_page("2024/publicity/").as_deref(),
            Some("cycles/2024/cycle.yaml")
        );
        assert_eq!(form_of_page("2024/").as_deref(), Some("cycles/2024/cycle.yaml"));
        assert_eq!(form_of_page("winners/region/lucheng/"), None);
        assert_eq!(form_of_page(""), None);
    }

    #[test]
    fn the_diff_shows_changed_lines_with_context() {
        let before = b"a: 1\nb: 2\nc: 3\nd: 4\n";
        let after = b"a: 1\nb: 5\nc: 3\nd: 6\n";
        assert_eq!(
            diff_lines(before, after),
            vec![
                (' ', "a: 1".to_owned()),
                ('-', "b: 2".to_owned()),
                ('+', "b: 5".to_owned()),
                (' ', "c: 3".to_owned()),
                ('-', "d: 4".to_owned()),
                ('+', "d: 6".to_owned()),
            ]
        );
        let new = diff_lines(b"", b"x: 1\n");
        assert_eq!(new, vec![('+', "x: 1".to_owned())]);
        // Changes apart are shown as separate groups; CRLF lines compare
        // as lines, and an item added in the middle is one added line.
        let before = b"a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: 5\r\n";
        let after = b"a: 0\r\nb: 2\r\nc: 3\r\nd: 4\r\nx: 9\r\ne: 5\r\n";
        assert_eq!(
            diff_lines(before, after),
            vec![
                ('-', "a: 1".to_owned()),
                ('+', "a: 0".to_owned()),
                (' ', "b: 2".to_owned()),
                ('…', String::new()),
                (' ', "d: 4".to_owned()),
                ('+', "x: 9".to_owned()),
                (' ', "e: 5".to_owned()),
            ]
        );
        assert!(diff_lines(b"a: 1\n", b"a: 1\n").is_empty());
    }
}
