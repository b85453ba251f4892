//! Lists and maps in a record's form.
//!
//! - A list of objects with scalar properties (incidents, objections,
//!   attachments, sanctions) is a [`Table`]: a row per item, a column per
//!   property; a list of scalars (a review group's members, an expert's
//!   conflicts) a table of one column.
//! - A map of objects of scalars (tallies; the programme's awards,
//!   recommenders, industries) is one table keyed by its keys: a row per
//!   key, and new rows with a key input.
//! - A map of objects with lists (review groups) is a sub-section per
//!   existing key, with its fields and its tables; a map of lists
//!   (shortlisted, winners) a table per key. Their keys are added and
//!   removed by hand in a text editor.
//!
//! The form's names (each unambiguous, since a JSON pointer starts with
//! `/`):
//!
//! - `/list/i/prop` (or `/list/i` for a list of scalars): a cell of the
//!   file's item `i`, sent back and compared as any field;
//! - `_remove:/list/i` = `1`: the 删除 checkbox of item `i`;
//! - `_new:/list/k/prop` (or `_new:/list/k`): a cell of new row `k`
//!   (0, 1, …; the page has one blank row, edit.js clones it with the next
//!   `k`). A new row with any value becomes an item of its non-empty cells;
//! - `_newkey:/map/k`: the key of new row `k` of a map's table.
//!
//! The changes ([`changes`]), pointers into the file as read: a differing
//! cell `set`/`remove` at `/list/i/prop`; a checked 删除 `remove` at
//! `/list/i`; a new row `set` at `/list/-` (the whole list `set` at
//! `/list` when it is absent, or when every item is removed and rows are
//! added); every item removed and none added `remove` at `/list` (a
//! required list's absence is then the schema's finding). In a map's
//! table a row is `/map/key`: removed there, and a new row `set` there.
//!
//! A finding is placed by its pointer in the file as the save leaves it
//! (items removed, rows added): at its cell, else its row's first cell,
//! else below its table.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::form::{self, Choice, Context, Field, Finding, FormPage, Input, Section};
use crate::edit::Change;

/// The name prefix of a row's 删除 checkbox.
pub const REMOVE: &str = "_remove:";
/// The name prefix of a new row's cells.
pub const NEW: &str = "_new:";
/// The name prefix of a new row's key, in a map's table.
pub const NEW_KEY: &str = "_newkey:";

/// A list edited as a table.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    /// The list's pointer.
    pub pointer: String,
    pub caption: String,
    pub help: String,
    pub columns: Vec<Column>,
    /// The file's items, then the new rows.
    pub rows: Vec<Row>,
    pub required: bool,
    /// For a map of objects: the column of the keys (a new row's key is
    /// an input; the file's keys are the rows' headers).
    pub key: Option<Column>,
    /// Whether the list is in the file.
    pub present: bool,
    /// Findings about the list itself.
    pub findings: Vec<Finding>,
}

/// A column: an item's property (`key`), or the item itself.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    pub key: Option<String>,
    pub label: String,
    pub help: String,
    pub input: Input,
    pub choices: Vec<Choice>,
}

/// A row: one of the file's items, or a new one.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// 第 1 行, 新增 1, … (the row's name in the cells' labels).
    pub label: String,
    /// The name of the 删除 checkbox (the file's items only).
    pub remove: Option<String>,
    pub removed: bool,
    /// Whether this is a new row.
    pub new: bool,
    /// A new row's key, in a map's table.
    pub key: Option<Field>,
    pub cells: Vec<Field>,
}

/// A list or a map in `s` when a table fits; false when it is to be shown
/// only.
#[allow(clippy::too_many_arguments)]
pub(super) fn structure(
    cx: &Context,
    s: &mut Section,
    pointer: &str,
    name: &str,
    schema: &Value,
    value: Option<&Value>,
    required: bool,
) -> bool {
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let caption = form::text_of(schema, "title");
        let help = form::text_of(schema, "description");
        return match table(cx, pointer, name, &caption, help, schema, value, required) {
            Some(t) => {
                s.tables.push(t);
                true
            }
            None => false,
        };
    }
    let Some(entry) = schema.get("additionalProperties").filter(|e| e.is_object()) else {
        return false;
    };
    let entry = cx.resolve(entry);
    let entries = value.and_then(Value::as_object);
    let title = form::text_of(schema, "title");
    let by_hand = match name {
        "shortlisted" | "winners" => "每个奖项一个表格；删除一个奖项的名单请在文本编辑器中修改。".to_owned(),
        _ => format!("新增或删除“{title}”的条目请在文本编辑器中修改。"),
    };
    match entry.get("type").and_then(Value::as_str) {
        Some("object") if form::is_object(&entry) && entry.get("properties").is_some() => {
            let help = form::text_of(schema, "description");
            if let Some(t) = keyed(cx, pointer, name, &entry, entries, (&title, help), required) {
                s.tables.push(t);
                return true;
            }
            let by_hand = match pointer {
                REVIEW_GROUPS => "新增评审组在下方“新增评审组”中填写；删除评审组请在文本编辑器中修改。".to_owned(),
                _ => by_hand,
            };
            s.shown.push((title.clone(), keys_of(entries, &by_hand)));
            for (key, v) in entries.into_iter().flatten() {
                let at = format!("{pointer}/{}", form::escape(key));
                let mut sub = form::section(
                    format!("{title}：{key}"),
                    form::text_of(&entry, "description"),
                    Vec::new(),
                );
                cx.object(&mut sub, &at, &entry, v, "");
                s.sub.push(sub);
            }
            if pointer == REVIEW_GROUPS {
                s.sub.push(new_group(cx));
            }
            true
        }
        Some("array") => {
            let mut tables = Vec::new();
            for (key, v) in keyed_by_award(cx, name, entries) {
                let at = format!("{pointer}/{}", form::escape(&key));
                let caption = format!("{title}：{}", cx.key_name(&key));
                let t = table(cx, &at, "applications", &caption, String::new(), &entry, v, true);
                tables.push(t);
            }
            let Some(tables) = tables.into_iter().collect::<Option<Vec<_>>>() else {
                return false;
            };
            s.shown.push((title, keys_of(entries, &by_hand)));
            s.tables.extend(tables);
            true
        }
        _ => false,
    }
}

/// The entries of a map of lists, and for the maps keyed by award (the
/// committee's shortlist, the decision's winners) an empty entry for each
/// award of the programme not there yet, so that its list can be begun
/// in the form.
fn keyed_by_award<'v>(
    cx: &Context,
    name: &str,
    entries: Option<&'v Map<String, Value>>,
) -> Vec<(String, Option<&'v Value>)> {
    let mut out: Vec<(String, Option<&Value>)> = entries
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), Some(v)))
        .collect();
    if matches!(name, "shortlisted" | "winners") {
        let awards = cx.awards();
        for award in awards {
            if !out.iter().any(|(k, _)| *k == award) {
                out.push((award, None));
            }
        }
    }
    out
}

/// The table of a map of objects of scalars (tallies, awards, industries):
/// a row per key, the key its header; a new row's key an input.
fn keyed(
    cx: &Context,
    pointer: &str,
    name: &str,
    entry: &Value,
    entries: Option<&Map<String, Value>>,
    (caption, help): (&str, String),
    required: bool,
) -> Option<Table> {
    let values: Vec<Value> = entries.into_iter().flatten().map(|(_, v)| v.clone()).collect();
    let columns = object_columns(cx, entry, Some(&values))?;
    let (input, choices) = match cx.input_of(name, &Value::Null, None) {
        Some((Input::Select, choices)) => (Input::Select, choices),
        _ => (Input::Text, Vec::new()),
    };
    let mut t = Table::new(pointer, caption, help, columns, required);
    t.key = Some(Column {
        key: None,
        label: "编号".to_owned(),
        help: String::new(),
        input,
        choices,
    });
    t.present = entries.is_some();
    for (key, v) in entries.into_iter().flatten() {
        let at = format!("{pointer}/{}", form::escape(key));
        let row = t.row(&cx.key_name(key), &at, false, |k| k.and_then(|k| v.get(k)));
        t.rows.push(row);
    }
    t.push_new(0, 0, None);
    Some(t)
}

/// The keys of a map and how to add one, as shown.
fn keys_of(entries: Option<&Map<String, Value>>, by_hand: &str) -> String {
    let keys: Vec<&str> = entries.into_iter().flatten().map(|(k, _)| k.as_str()).collect();
    if keys.is_empty() {
        format!("（未填写）{by_hand}")
    } else {
        format!("{}。{by_hand}", keys.join("、"))
    }
}

/// The table of the list at `pointer`, when its items are scalars or
/// objects of scalars.
#[allow(clippy::too_many_arguments)]
fn table(
    cx: &Context,
    pointer: &str,
    name: &str,
    caption: &str,
    help: String,
    schema: &Value,
    value: Option<&Value>,
    required: bool,
) -> Option<Table> {
    let item = cx.resolve(schema.get("items")?);
    let items = value.and_then(Value::as_array);
    let columns = match cx.input_of(name, &item, None) {
        Some((input, choices)) => vec![Column {
            key: None,
            label: form::text_of(&item, "title"),
            help: form::text_of(&item, "description"),
            input,
            choices,
        }],
        None if form::is_object(&item) => object_columns(cx, &item, items)?,
        None => return None,
    };
    let mut t = Table::new(pointer, caption, help, columns, required);
    t.present = value.is_some();
    for (i, v) in items.into_iter().flatten().enumerate() {
        let row = t.row(&format!("第 {} 行", i + 1), &format!("{pointer}/{i}"), false, |key| {
            key.map_or(Some(v), |k| v.get(k))
        });
        t.rows.push(row);
    }
    t.push_new(0, 0, None);
    Some(t)
}

/// The columns of a list of objects, each property a scalar.
fn object_columns(cx: &Context, item: &Value, items: Option<&Vec<Value>>) -> Option<Vec<Column>> {
    let mut columns = Vec::new();
    for (key, sub) in form::properties(item) {
        let sub = cx.resolve(sub);
        // A text of several lines in any item makes the column a text area.
        let several = items
            .into_iter()
            .flatten()
            .filter_map(|v| v.get(key))
            .find(|v| v.as_str().is_some_and(|t| t.contains('\n')));
        let (input, choices) = match cx.input_of(key, &sub, several)? {
            (Input::Text, _) if prose(key, items) => (Input::Textarea, Vec::new()),
            other => other,
        };
        let label = form::text_of(&sub, "title");
        let required = form::required_of(item).contains(&key);
        columns.push(Column {
            key: Some(key.to_owned()),
            label: if required {
                format!("{label}（必填）")
            } else {
                label
            },
            help: form::text_of(&sub, "description"),
            input,
            choices,
        });
    }
    Some(columns)
}

/// Whether a text column holds prose (a description, a summary, a
/// reason, or any value over 24 characters): a text area, not a line.
fn prose(key: &str, items: Option<&Vec<Value>>) -> bool {
    matches!(key, "description" | "summary" | "reason" | "report")
        || items
            .into_iter()
            .flatten()
            .filter_map(|v| v.get(key)?.as_str())
            .any(|t| t.chars().count() > 24)
}

impl Table {
    /// A row whose cells are named under `name` with the values `at` gives.
    fn row<'v>(&self, label: &str, name: &str, new: bool, at: impl Fn(Option<&str>) -> Option<&'v Value>) -> Row {
        let cells = self
            .columns
            .iter()
            .map(|c| Field {
                pointer: match &c.key {
                    Some(k) => format!("{name}/{}", form::escape(k)),
                    None => name.to_owned(),
                },
                label: format!("{}（{label}）", c.label),
                help: String::new(),
                input: c.input,
                choices: c.choices.clone(),
                value: at(c.key.as_deref()).map(form::shown).unwrap_or_default(),
                required: false,
                findings: Vec::new(),
                item: None,
            })
            .collect();
        Row {
            label: label.to_owned(),
            remove: (!new).then(|| format!("{REMOVE}{name}")),
            removed: false,
            new,
            key: None,
            cells,
        }
    }

    /// New row number `k` (its names), shown as the `i`-th new row, with
    /// the values submitted for it when given. A row keeps the number it
    /// was sent with, so that the live check's findings, named by it,
    /// find it in the page as the browser holds it.
    fn push_new(&mut self, i: usize, k: usize, from: Option<&BTreeMap<String, String>>) {
        let name = format!("{NEW}{}/{k}", self.pointer);
        let label = format!("新增 {}", i + 1);
        let mut row = self.row(&label, &name, true, |_| None);
        row.key = self.key.as_ref().map(|c| Field {
            pointer: format!("{NEW_KEY}{}/{k}", self.pointer),
            label: format!("{}（{label}）", c.label),
            help: String::new(),
            input: c.input,
            choices: c.choices.clone(),
            value: String::new(),
            required: true,
            findings: Vec::new(),
            item: None,
        });
        if let Some(submitted) = from {
            for cell in &mut row.cells {
                if let Some(v) = submitted.get(&cell.pointer) {
                    cell.value.clone_from(v);
                }
            }
            if let (Some(key), Some(v)) = (&mut row.key, self.new_key(k, submitted)) {
                key.value = v;
            }
        }
        self.rows.push(row);
    }

    /// The new rows' numbers submitted, in order.
    fn new_rows(&self, submitted: &BTreeMap<String, String>) -> Vec<usize> {
        let mut ks: Vec<usize> = [NEW, NEW_KEY]
            .iter()
            .flat_map(|p| {
                let prefix = format!("{p}{}/", self.pointer);
                submitted
                    .range(prefix.clone()..)
                    .take_while(move |(k, _)| k.starts_with(&prefix))
                    .filter_map(move |(k, _)| {
                        k.get(p.len() + self.pointer.len() + 1..)?
                            .split('/')
                            .next()?
                            .parse()
                            .ok()
                    })
            })
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }

    /// New row `k` as an item: its non-empty cells, typed; `None` when
    /// every cell is empty.
    fn new_item(&self, k: usize, submitted: &BTreeMap<String, String>) -> Option<Value> {
        let name = format!("{NEW}{}/{k}", self.pointer);
        let mut object = Map::new();
        for c in &self.columns {
            let at = match &c.key {
                Some(key) => format!("{name}/{}", form::escape(key)),
                None => name.clone(),
            };
            let Some(text) = submitted
                .get(&at)
                .map(|t| cell_text(c.input, t))
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            let value = super::save::typed(c.input, &text);
            match &c.key {
                Some(key) => {
                    object.insert(key.clone(), value);
                }
                None => return Some(value),
            }
        }
        (!object.is_empty()).then_some(Value::Object(object))
    }

    /// New row `k`'s key, as typed (a map's table only).
    fn new_key(&self, k: usize, submitted: &BTreeMap<String, String>) -> Option<String> {
        self.key.as_ref()?;
        let text = submitted.get(&format!("{NEW_KEY}{}/{k}", self.pointer))?;
        Some(text.trim().to_owned()).filter(|t| !t.is_empty())
    }

    /// New row `k` as an entry: its key (in a map) and its item; `None`
    /// when nothing was typed in it.
    fn new_entry(&self, k: usize, submitted: &BTreeMap<String, String>) -> Option<(Option<String>, Value)> {
        let key = self.new_key(k, submitted);
        match (self.new_item(k, submitted), &key) {
            (Some(item), _) => Some((key, item)),
            (None, Some(_)) => Some((key, Value::Object(Map::new()))),
            (None, None) => None,
        }
    }

    fn existing(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| !r.new)
    }
}

/// A cell's text as it is compared and written: a text area keeps its
/// lines (browsers send CRLF), any other cell is trimmed.
fn cell_text(input: Input, text: &str) -> String {
    if input == Input::Textarea {
        text.replace("\r\n", "\n")
    } else {
        text.trim().to_owned()
    }
}

fn tables(page: &FormPage) -> impl Iterator<Item = &Table> {
    page.sections.iter().flat_map(|s| s.tables.iter())
}

/// The changes the page's tables ask for (see the module's docs).
pub fn changes(page: &FormPage, submitted: &BTreeMap<String, String>) -> Vec<Change> {
    let mut out: Vec<Change> = new_group_change(page, submitted).into_iter().collect();
    for t in tables(page) {
        let removed = t
            .existing()
            .filter(|r| r.remove.as_ref().is_some_and(|n| submitted.contains_key(n)))
            .count();
        let added: Vec<(Option<String>, Value)> = t
            .new_rows(submitted)
            .into_iter()
            .filter_map(|k| t.new_entry(k, submitted))
            .collect();
        let all = t.existing().count();
        if all > 0 && removed == all && (added.is_empty() || t.key.is_none()) {
            out.push(match added.is_empty() {
                true => Change::remove(t.pointer.clone()),
                false => Change::set(
                    t.pointer.clone(),
                    Value::Array(added.into_iter().map(|(_, v)| v).collect()),
                ),
            });
            continue;
        }
        for row in t.existing() {
            match &row.remove {
                Some(name) if submitted.contains_key(name) => {
                    out.push(Change::remove(name[REMOVE.len()..].to_owned()));
                }
                _ => out.extend(row.cells.iter().filter_map(|f| super::save::change_of(f, submitted))),
            }
        }
        out.extend(t.additions(added));
    }
    out
}

/// A cycle's review groups, which the form can add to.
const REVIEW_GROUPS: &str = "/review_groups";
/// The fields of a new review group: its id and its leader.
const NEW_GROUP_ID: &str = "_newkey:/review_groups/0";
const NEW_GROUP_LEADER: &str = "_new:/review_groups/0/leader";

/// The most members a group has (第九条: three to five).
const NEW_GROUP_MEMBERS: usize = 5;

fn new_group_member(i: usize) -> String {
    format!("_new:/review_groups/0/members/{i}")
}

/// The section that adds a review group: its id, leader and members (the
/// leader is one of them, 第九条, and comes first); its applications are
/// added in its table once saved.
fn new_group(cx: &Context) -> Section {
    let (input, choices) = cx
        .input_of("leader", &Value::Null, None)
        .unwrap_or((Input::Text, Vec::new()));
    let id = Field {
        pointer: NEW_GROUP_ID.to_owned(),
        label: "评审组编号".to_owned(),
        help: "小写字母、数字和连字符，以字母或数字开头，例如 group-e。".to_owned(),
        ..Field::default()
    };
    let leader = Field {
        pointer: NEW_GROUP_LEADER.to_owned(),
        label: "组长".to_owned(),
        help: "组长的专家编号；组长也是该组的成员，不必在下面重复选择（第九条）。".to_owned(),
        input,
        choices: choices.clone(),
        ..Field::default()
    };
    let members = (0..NEW_GROUP_MEMBERS - 1).map(|i| Field {
        pointer: new_group_member(i),
        label: format!("其他成员 {}", i + 1),
        input,
        choices: choices.clone(),
        ..Field::default()
    });
    let fields = [id, leader].into_iter().chain(members).collect();
    form::section(
        "新增评审组",
        "填写编号和组长才会新增；每组一般 3 至 5 名省级以上评审专家（第九条、第十条）。所评审的申报在保存后于该组的表格中添加。",
        fields,
    )
}

/// The change adding the review group the form's 新增评审组 asks for.
fn new_group_change(page: &FormPage, submitted: &BTreeMap<String, String>) -> Option<Change> {
    let shown = page
        .sections
        .iter()
        .flat_map(|s| s.fields.iter())
        .any(|f| f.pointer == NEW_GROUP_ID);
    let id = submitted.get(NEW_GROUP_ID).map(|v| v.trim()).filter(|v| !v.is_empty());
    let leader = submitted
        .get(NEW_GROUP_LEADER)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty());
    let (id, leader) = (id?, leader?);
    let mut members = vec![leader];
    for i in 0..NEW_GROUP_MEMBERS - 1 {
        match submitted.get(&new_group_member(i)).map(|v| v.trim()) {
            Some(m) if !m.is_empty() && !members.contains(&m) => members.push(m),
            _ => {}
        }
    }
    shown.then(|| {
        Change::set(
            format!("{REVIEW_GROUPS}/{}", form::escape(id)),
            serde_json::json!({"leader": leader, "members": members, "applications": []}),
        )
    })
}

impl Table {
    /// A table of the list at `pointer` with no rows yet, no key column,
    /// not in the file.
    fn new(pointer: &str, caption: &str, help: String, columns: Vec<Column>, required: bool) -> Table {
        Table {
            pointer: pointer.to_owned(),
            caption: caption.to_owned(),
            help,
            columns,
            rows: Vec::new(),
            required,
            key: None,
            present: false,
            findings: Vec::new(),
        }
    }

    /// The changes adding the new rows' entries: each appended to a list
    /// (or the whole list set when it is absent), or set at its key in a
    /// map (a row without a key at the key "", for the schema to report).
    fn additions(&self, added: Vec<(Option<String>, Value)>) -> Vec<Change> {
        if added.is_empty() {
            return Vec::new();
        }
        if self.key.is_some() {
            return added
                .into_iter()
                .map(|(key, item)| {
                    let key = key.unwrap_or_default();
                    Change::set(format!("{}/{}", self.pointer, form::escape(&key)), item)
                })
                .collect();
        }
        let items = added.into_iter().map(|(_, v)| v);
        if !self.present {
            return vec![Change::set(self.pointer.clone(), Value::Array(items.collect()))];
        }
        let end = format!("{}/-", self.pointer);
        items.map(|item| Change::set(end.clone(), item)).collect()
    }

    /// Each row's pointer in the file as the save leaves it (the items
    /// kept, then the new rows typed in; in a map, by key), or `None`.
    fn pointers_after(&self) -> Vec<Option<String>> {
        let mut next = 0;
        self.rows
            .iter()
            .map(|r| {
                let typed = r.cells.iter().chain(&r.key).any(|c| !c.value.trim().is_empty());
                if r.removed || (r.new && !typed) {
                    return None;
                }
                if let Some(key) = &r.key {
                    return Some(format!("{}/{}", self.pointer, form::escape(key.value.trim())));
                }
                if self.key.is_some() {
                    return r.remove.as_ref().map(|n| n[REMOVE.len()..].to_owned());
                }
                next += 1;
                Some(format!("{}/{}", self.pointer, next - 1))
            })
            .collect()
    }
}

/// The tables show what was submitted: the cells' values, the rows
/// checked for removal, and the new rows that had a value, with their
/// numbers (one blank row when none had).
pub fn fill(page: &mut FormPage, submitted: &BTreeMap<String, String>) {
    for t in page.sections.iter_mut().flat_map(|s| s.tables.iter_mut()) {
        let ks: Vec<usize> = t
            .new_rows(submitted)
            .into_iter()
            .filter(|&k| t.new_entry(k, submitted).is_some())
            .collect();
        t.rows.retain(|r| !r.new);
        for row in &mut t.rows {
            row.removed = row.remove.as_ref().is_some_and(|n| submitted.contains_key(n));
            for cell in &mut row.cells {
                if let Some(v) = submitted.get(&cell.pointer) {
                    cell.value.clone_from(v);
                }
            }
        }
        for (i, &k) in ks.iter().enumerate() {
            t.push_new(i, k, Some(submitted));
        }
        if ks.is_empty() {
            t.push_new(0, 0, None);
        }
    }
}

/// Puts a finding about `pointer` (in the file as the save leaves it)
/// beside its cell, in its row (at its first cell), or on its table;
/// gives it back when no table holds it.
pub fn place(page: &mut FormPage, pointer: &str, finding: Finding) -> Option<Finding> {
    for t in page.sections.iter_mut().flat_map(|s| s.tables.iter_mut()) {
        if pointer == t.pointer {
            t.findings.push(finding);
            return None;
        }
        if !pointer.starts_with(&format!("{}/", t.pointer)) {
            continue;
        }
        let after = t.pointers_after();
        let found = after.iter().enumerate().find_map(|(i, at)| {
            let rest = pointer.strip_prefix(at.as_deref()?)?;
            (rest.is_empty() || rest.starts_with('/')).then_some((i, rest))
        });
        let Some((i, rest)) = found else {
            t.findings.push(finding);
            return None;
        };
        let row = &mut t.rows[i];
        let key = rest.split('/').nth(1);
        let at = key
            .and_then(|k| row.cells.iter().position(|c| c.pointer.rsplit('/').next() == Some(k)))
            .unwrap_or(0);
        match (key, &mut row.key) {
            // A new entry's key is wrong or missing: beside its input.
            (None, Some(field)) if row.cells.is_empty() || rest.is_empty() => field.findings.push(finding),
            _ => {
                if let Some(cell) = row.cells.get_mut(at) {
                    cell.findings.push(finding);
                }
            }
        }
        return None;
    }
    Some(finding)
}

#[cfg(test)]
mod tests;
