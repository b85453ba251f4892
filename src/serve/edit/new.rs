//! New records from `new`'s scaffolding (SPEC section 11): an
//! organisation, an expert, a notice, a cycle, an application. One flow
//! for all: the form shows the fields that choose the new file (its id, or
//! year, organisation and award) and the record's own fields; a save asks
//! [`scaffold::files`] for the files (with the checks of `qaward new`),
//! fills the main file's text through the editing module, checks the root
//! with the new files in it, and creates them all or none (never replacing
//! one) when no error is added.

use std::collections::BTreeMap;

use super::form::{self, Choice, Field, Finding, FormPage, Input};
use super::pages::render;
use super::{EditReply, Editor, Written};
use crate::edit::Editable;
use crate::load::{Kind, Overlay};
use crate::scaffold::{self, Request};
use crate::validate::{self, Validation};

/// A kind of new record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum New {
    Organization,
    Expert,
    Notice,
    Cycle,
    Application,
}

/// A field that chooses the new file, named apart from the record's
/// pointers (which start with `/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    Id,
    Year,
    Organization,
    Award,
    Date,
}

/// What differs between the kinds.
struct Spec {
    slug: &'static str,
    title: &'static str,
    kind: Kind,
    heads: &'static [Head],
    /// The record's own fields shown: none for a cycle (its call dates are
    /// planned by the scaffold and edited in its form afterwards).
    own: bool,
    /// The object sections shown, by name (others are later stages).
    sections: &'static [&'static str],
    /// Fields the heads decide, or not for a new record.
    hidden: &'static [&'static str],
    /// Lists the scaffold leaves empty that the form sets to `[]` when
    /// "none" is chosen and no row of its table is typed in.
    lists: &'static [(&'static str, &'static str, &'static str)],
}

/// The choice of an empty list.
const NONE: &str = "[]";

impl New {
    pub const ALL: [New; 5] = [
        New::Organization,
        New::Expert,
        New::Notice,
        New::Cycle,
        New::Application,
    ];

    fn spec(self) -> Spec {
        let (slug, title, kind) = match self {
            New::Organization => ("organization", "新建组织", Kind::Organization),
            New::Expert => ("expert", "新建评审专家", Kind::Expert),
            New::Notice => ("notice", "新建公告", Kind::Notice),
            New::Cycle => ("cycle", "新建年度", Kind::Cycle),
            New::Application => ("application", "新建申报", Kind::Application),
        };
        let (heads, sections, hidden): (&[Head], &[&str], &[&str]) = match self {
            New::Organization => (&[Head::Id], &["contact"], &[]),
            New::Expert => (&[Head::Id], &[], &[]),
            New::Notice => (&[Head::Id, Head::Date], &[], &["/date"]),
            New::Cycle => (&[Head::Year], &[], &[]),
            New::Application => (
                &[Head::Year, Head::Organization, Head::Award],
                &["declarations", "self_evaluation"],
                &["/organization", "/award", "/withdrawn"],
            ),
        };
        let lists: &[(&str, &str, &str)] = match self {
            New::Application => &[(
                "/declarations/incidents",
                "不良事件",
                "申报截止日前发生的不良事件（第十一条（五））。没有时选“无”；有时在下方的不良事件表中逐项填写（填写后此项不起作用）。",
            )],
            _ => &[],
        };
        Spec {
            slug,
            title,
            kind,
            heads,
            own: self != New::Cycle,
            sections,
            hidden,
            lists,
        }
    }

    /// The kind whose form is at `rest` (the path after `/_edit/`).
    pub fn at(rest: &str) -> Option<New> {
        let slug = rest.strip_prefix("new/")?.strip_suffix('/')?;
        New::ALL.into_iter().find(|n| n.spec().slug == slug)
    }

    /// The address of the empty form.
    pub fn href(self) -> String {
        format!("/_edit/new/{}/", self.spec().slug)
    }

    /// What the submitted heads ask `scaffold` for; a date that is not
    /// one is refused (an empty one is today).
    fn request(self, heads: &BTreeMap<String, String>) -> Result<Request, String> {
        let head = |h: Head| heads.get(h.name()).map(|s| s.trim().to_owned()).unwrap_or_default();
        let date = head(Head::Date);
        let date = match date.parse() {
            Ok(date) => Some(date),
            Err(_) if date.is_empty() => None,
            Err(_) => return Err(format!("发布日期 `{date}` 无效：应为 YYYY-MM-DD，例如 2026-03-02")),
        };
        Ok(match self {
            New::Organization => Request::Organization { id: head(Head::Id) },
            New::Expert => Request::Expert { id: head(Head::Id) },
            New::Cycle => Request::Cycle { year: head(Head::Year) },
            New::Application => Request::Application {
                year: head(Head::Year),
                org_id: head(Head::Organization),
                award: head(Head::Award),
            },
            New::Notice => Request::Notice {
                id: head(Head::Id),
                date,
            },
        })
    }
}

impl Head {
    fn name(self) -> &'static str {
        match self {
            Head::Id => "_id",
            Head::Year => "_year",
            Head::Organization => "_organization",
            Head::Award => "_award",
            Head::Date => "_date",
        }
    }

    /// The head's field: its choices from the root, its default value.
    fn field(self, validation: Option<&Validation>, typed_year: bool) -> Field {
        let (label, help, input) = match self {
            Head::Id => (
                "编号（即文件名）",
                "小写字母、数字和连字符，以字母或数字开头，例如：demo-pumps。",
                Input::Text,
            ),
            Head::Year if typed_year => ("评审年度", "四位数年份，例如：2026。", Input::Text),
            Head::Year => (
                "评审年度",
                "已有的评审年度；新的年度请先在首页“新建年度”。",
                Input::Select,
            ),
            Head::Organization => (
                "申报企业（组织）",
                "一个组织每年度只有一份申报；须先在“组织”中建立。",
                Input::Select,
            ),
            Head::Award => ("奖项", "", Input::Select),
            Head::Date => (
                "发布日期",
                "网站自该日起公开本公告；默认为今天（北京时间）。",
                Input::Date,
            ),
        };
        let (choices, value) = head_choices(self, validation, typed_year);
        Field {
            pointer: self.name().to_owned(),
            label: label.to_owned(),
            help: help.to_owned(),
            input: if choices.is_empty() { input } else { Input::Select },
            choices,
            value,
            required: true,
            ..Field::default()
        }
    }
}

/// The choices of a head and its default: the cycles on disk (the
/// latest first), the organisations, the awards; the year after the
/// latest cycle for a new one (`typed_year`); today for a notice's date.
fn head_choices(head: Head, validation: Option<&Validation>, typed_year: bool) -> (Vec<Choice>, String) {
    let Some(v) = validation else {
        return (Vec::new(), String::new());
    };
    let choice = |value: &str, text: String| Choice {
        value: value.to_owned(),
        text,
    };
    let cycles = scaffold::ids(&v.content, Kind::Cycle);
    match head {
        Head::Id => (Vec::new(), String::new()),
        Head::Date => (Vec::new(), crate::calendar::today_in_china().to_string()),
        Head::Year if typed_year || cycles.is_empty() => {
            let next = cycles
                .last()
                .and_then(|y| y.parse::<i64>().ok())
                .map(|y| (y + 1).to_string());
            (Vec::new(), next.unwrap_or_default())
        }
        Head::Year => {
            let choices = cycles.iter().rev().map(|y| choice(y, format!("{y} 年度"))).collect();
            (choices, cycles.last().cloned().unwrap_or_default())
        }
        Head::Organization => {
            let orgs = scaffold::ids(&v.content, Kind::Organization).iter().map(|id| {
                let name = v
                    .model
                    .organizations
                    .get(id)
                    .map_or("（文件有错误）", |o| o.name.as_str());
                choice(id, format!("{name}（{id}）"))
            });
            (orgs.collect(), String::new())
        }
        Head::Award => {
            let awards = v.model.programme.iter().flat_map(|p| p.awards.iter());
            (
                awards
                    .map(|(id, a)| choice(id, format!("{}（{id}）", a.name)))
                    .collect(),
                String::new(),
            )
        }
    }
}

/// The empty form of `new`; `year` the year a list page asked for.
fn empty_page(new: New, validation: Option<&Validation>, year: Option<&str>) -> FormPage {
    let spec = new.spec();
    // A new cycle's year is typed; the other years are chosen.
    let typed_year = new == New::Cycle;
    let heads: Vec<Field> = spec
        .heads
        .iter()
        .map(|h| {
            let mut field = h.field(validation, typed_year);
            if let (Head::Year, Some(y)) = (h, year)
                && field.choices.iter().any(|c| c.value == y)
            {
                field.value = y.to_owned();
            }
            field
        })
        .collect();
    let model = validation.map(|v| &v.model);
    let mut page = form::build(spec.kind, "", &serde_json::json!({}), model);
    let mut sections = std::mem::take(&mut page.sections);
    for (i, s) in sections.iter_mut().enumerate() {
        let keep = |f: &Field| {
            let top = f.pointer.trim_start_matches('/').split('/').next().unwrap_or_default();
            spec.own && !spec.hidden.contains(&f.pointer.as_str()) && (i == 0 || spec.sections.contains(&top))
        };
        s.fields.retain(keep);
        s.items.retain(keep);
        if i > 0 || !spec.own {
            s.shown.clear();
        }
    }
    for (pointer, label, help) in spec.lists {
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let list = Field {
            pointer: (*pointer).to_owned(),
            label: (*label).to_owned(),
            help: (*help).to_owned(),
            input: Input::Select,
            choices: vec![Choice {
                value: NONE.to_owned(),
                text: "无".to_owned(),
            }],
            required: true,
            ..Field::default()
        };
        let home = sections
            .iter_mut()
            .find(|s| s.fields.iter().any(|f| f.pointer.starts_with(&format!("{parent}/"))));
        if let Some(s) = home {
            s.fields.push(list);
        }
    }
    sections.retain(|s| !s.fields.is_empty() || !s.items.is_empty() || !s.shown.is_empty());
    for f in sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        if let Some(hint) = hint(new, &f.pointer) {
            f.help = format!("{hint}{}", f.help);
            f.required = false;
        }
    }
    let mut head = form::section_of(legend(new), heads);
    head.help = help(new).to_owned();
    sections.insert(0, head);
    page.sections = sections;
    page.title = spec.title.to_owned();
    page.file = String::new();
    page.action = new.href();
    if new == New::Notice {
        page.body = Some(String::new());
    }
    page
}

/// The legend of the fields that choose the new file.
fn legend(new: New) -> &'static str {
    match new {
        New::Cycle => "年度",
        New::Application => "年度、企业（组织）和奖项",
        _ => "编号",
    }
}

/// What the form says of a field of the new record whose empty value the
/// scaffold fills (such a field is not required here).
fn hint(new: New, pointer: &str) -> Option<&'static str> {
    match (new, pointer) {
        (New::Application, "/recommender") => Some("留空时取自所选企业（组织）文件中的推荐单位。"),
        (New::Notice, "/kind" | "/year") => Some("留空时由编号推测。"),
        (New::Notice, "/index_no") => Some("留空时自动编排为当年下一个未用的索引号。"),
        _ => None,
    }
}

/// What the form says before its fields.
fn help(new: New) -> &'static str {
    match new {
        New::Cycle => {
            "将建立该年度的 cycle.yaml 和申报通知 notices/年度-call.md；申报通知的日期按办法规定的季度预填，保存后可在年度安排的表单中修改。"
        }
        New::Application => {
            "选择年度、企业（组织）和奖项，再填写下方各项；各评审阶段的结果在保存后打开的申报表单中填写。"
        }
        New::Notice => "编号即文件名，其中的词决定公告类型（例如 2026-call 为申报通知，training-2026 为一般公告）。",
        _ => "编号即文件名，保存后不能在表单中修改。保存前检查全部内容，有错误时不写入文件。",
    }
}

/// GET: the empty form.
pub fn get(editor: &Editor, new: New, query: &str) -> EditReply {
    let validation = validate::validate(&editor.root).ok();
    let year = super::guard::query_value(query, "year");
    let page = empty_page(new, validation.as_ref(), year);
    render(&editor.tera, 200, "form.html", &page)
}

/// POST: the new record, created when it validates.
pub fn post(editor: &Editor, new: New, submitted: &BTreeMap<String, String>) -> EditReply {
    let before = match validate::validate(&editor.root) {
        Ok(v) => v,
        Err(e) => return refuse(editor, empty_page(new, None, None), &e.to_string(), 500),
    };
    let mut page = empty_page(new, Some(&before), None);
    super::save::fill(&mut page, submitted);
    let body = submitted.get(super::save::BODY).map(|b| b.replace("\r\n", "\n"));
    if let (Some(shown), Some(text)) = (page.body.as_mut(), body.as_ref()) {
        shown.clone_from(text);
        page.preview = Some(crate::markdown::to_html(text));
    }
    if submitted.get("_action").map(String::as_str) == Some("preview") {
        page.notes.push(note(false, "这是正文的预览，尚未保存。"));
        return render(&editor.tera, 200, "form.html", &page);
    }
    let Some(programme) = before.model.programme.as_ref() else {
        return refuse(editor, page, "programme.yaml 有错误，请先改正", 422);
    };
    let files = match new.request(submitted) {
        Ok(request) => scaffold::files(&request, programme, &before).map_err(|e| e.to_string()),
        Err(message) => Err(message),
    };
    let files = match files {
        Ok(files) => files,
        Err(message) => return refuse(editor, page, &message, 422),
    };
    if let Some(taken) = files
        .iter()
        .find(|f| editor.root.join(&f.path).symlink_metadata().is_ok())
    {
        let message = format!("{} 已存在：编号或年度已被使用，未写入文件", taken.path);
        return refuse(editor, page, &message, 409);
    }
    let mut texts: Vec<(String, Vec<u8>)> = files.into_iter().map(|f| (f.path, f.text.into_bytes())).collect();
    let Some((main, text)) = texts.first_mut() else {
        return refuse(editor, page, "没有要建立的文件", 500);
    };
    let own: BTreeMap<String, String> = submitted
        .iter()
        .filter(|(k, v)| !v.trim().is_empty() && shows(&page, k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let body = body
        .filter(|b| !b.trim().is_empty())
        .map(|b| format!("\n{}\n", b.trim_end()));
    match fill_text(new, main, text, &own, body.as_deref(), &before) {
        Ok(filled) => *text = filled,
        Err(message) => return refuse(editor, page, &message, 422),
    }
    create(editor, page, texts, &before.report)
}

/// Whether the page has the field `name`: a field's pointer, or a cell
/// of a new row of one of its tables.
fn shows(page: &FormPage, name: &str) -> bool {
    let row = [super::lists::NEW, super::lists::NEW_KEY]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix));
    match row {
        Some(rest) => page
            .sections
            .iter()
            .flat_map(|s| s.tables.iter())
            .any(|t| rest.starts_with(&format!("{}/", t.pointer))),
        None => page
            .sections
            .iter()
            .flat_map(|s| s.fields.iter().chain(s.items.iter()))
            .any(|f| f.pointer == name),
    }
}

/// The scaffold's `text` of `path` with the submitted fields (and a
/// notice's body) filled through the editing module; an empty field keeps
/// the scaffold's value.
fn fill_text(
    new: New,
    path: &str,
    text: &[u8],
    own: &BTreeMap<String, String>,
    body: Option<&str>,
    before: &Validation,
) -> Result<Vec<u8>, String> {
    let (_, format) = form::kind_of(path).ok_or_else(|| format!("{path} 不是内容文件"))?;
    let editable = Editable::parse(text.to_vec(), format).map_err(|r| r.message.zh)?;
    // The scaffold's empty keys are the form's empty fields.
    let kind = new.spec().kind;
    let base = form::build(kind, path, editable.value(), Some(&before.model));
    let mut changes = super::save::changes(&base, own);
    let spec = new.spec();
    // "None" declares an empty list, unless rows were typed into it.
    let typed = |list: &str| changes.iter().any(|c| c.pointer.starts_with(list));
    let lists: Vec<&String> = own
        .iter()
        .filter(|(k, v)| v.as_str() == NONE && spec.lists.iter().any(|(p, _, _)| p == k) && !typed(k))
        .map(|(k, _)| k)
        .collect();
    changes.extend(
        lists
            .into_iter()
            .map(|k| crate::edit::Change::set(k.clone(), serde_json::json!([]))),
    );
    super::save::apply(&editable, &changes, body, kind == Kind::Notice).map_err(|r| {
        // The editing module's message names the line when there is one.
        format!("{}；未写入文件", r.message.zh)
    })
}

/// Checks the root with `files` in it; creates them all when no error is
/// added, else shows the errors (the main file's beside its fields).
fn create(
    editor: &Editor,
    mut page: FormPage,
    files: Vec<(String, Vec<u8>)>,
    before: &crate::diagnostics::Report,
) -> EditReply {
    let overlay: Overlay = files.iter().cloned().collect();
    let after = match validate::validate_with(&editor.root, &overlay) {
        Ok(v) => v,
        Err(e) => return refuse(editor, page, &e.to_string(), 500),
    };
    let added = after.report.errors_added(before);
    let Some((main, text)) = files.first() else {
        return refuse(editor, page, "没有要建立的文件", 500);
    };
    if !added.is_empty() {
        page.file.clone_from(main);
        form::place(&mut page, text, added.iter().filter(|d| d.span.file == *main));
        page.file = String::new();
        for d in added.iter().filter(|d| d.span.file != *main) {
            let text = format!(
                "{}：{}（第 {} 行，{}）",
                d.span.file, d.message.zh, d.span.start.line, d.rule.id
            );
            page.notes.push(note(true, &text));
        }
        let message = format!("有 {} 个错误，未写入文件：请修改标出的内容后再保存。", added.len());
        return refuse(editor, page, &message, 422);
    }
    if let Err(e) = crate::write::write_new_files(&editor.root, &files) {
        return refuse(editor, page, &format!("{e}，未写入文件"), 409);
    }
    let href = format!("{}?saved=1", super::pages::form_href(main));
    editor.record_written(
        files
            .into_iter()
            .map(|(path, after)| Written {
                path,
                before: Vec::new(),
                after,
            })
            .collect(),
    );
    EditReply::redirect(&href)
}

fn note(error: bool, text: &str) -> Finding {
    Finding {
        error,
        text: text.to_owned(),
    }
}

fn refuse(editor: &Editor, mut page: FormPage, message: &str, status: u16) -> EditReply {
    page.notes.insert(0, note(true, message));
    render(&editor.tera, status, "form.html", &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_address() {
        for new in New::ALL {
            let rest = new.href().trim_start_matches("/_edit/").to_owned();
            assert_eq!(New::at(&rest), Some(new), "{rest}");
        }
        assert_eq!(New::at("new/programme/"), None);
        assert_eq!(New::at("new/organization"), None);
    }

    #[test]
    fn heads_become_the_scaffold_request() {
        let heads: BTreeMap<String, String> = [("_year", " 2025 "), ("_organization", "acme"), ("_award", "quality")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            New::Application.request(&heads),
            Ok(Request::Application {
                year: "2025".into(),
                org_id: "acme".into(),
                award: "quality".into()
            })
        );
        let today = Ok(Request::Notice {
            id: String::new(),
            date: None,
        });
        assert_eq!(New::Notice.request(&heads), today, "an empty date is today");
        let dated = |d: &str| -> BTreeMap<String, String> {
            [("_id".to_owned(), "x".to_owned()), ("_date".to_owned(), d.to_owned())].into()
        };
        let date = Some(jiff::civil::date(2026, 3, 2));
        let on = Ok(Request::Notice { id: "x".into(), date });
        assert_eq!(New::Notice.request(&dated(" 2026-03-02 ")), on);
        for bad in ["2026-13-01", "2026/03/02", "明天", "2026-02-30"] {
            assert!(New::Notice.request(&dated(bad)).is_err(), "{bad}");
        }
    }
}
