//! A record's form, generated from its embedded JSON Schema: each scalar
//! property a field (its `title` the label, its `description` the help),
//! `enum` with `enumDescriptions` a choice, `format: date` a date input,
//! references (organisation, award, recommender, industry) a choice among
//! existing ids, and a stage's `items` the standard's item table with
//! its total. Lists and maps are tables and sub-sections (`lists`);
//! other structures are shown, not edited here.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::pages::{self, render};
use super::{EditReply, Editor};
use crate::edit::{Editable, Format};
use crate::load::{self, Kind};
use crate::model::Model;
use crate::model::standard::Standard;

/// A choice of a select.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub text: String,
}

/// What a field's value is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    #[default]
    Text,
    Integer,
    Number,
    Date,
    Boolean,
    Select,
    /// A text of several lines (a block scalar), kept as written.
    Textarea,
}

/// One editable value, named by its JSON pointer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Field {
    pub pointer: String,
    pub label: String,
    pub help: String,
    pub input: Input,
    pub choices: Vec<Choice>,
    /// The value as the form shows it ("" when absent).
    pub value: String,
    pub required: bool,
    /// Findings beside this field, in Chinese.
    pub findings: Vec<Finding>,
    /// For an item of the standard: its clause, name and maximum.
    pub item: Option<(String, String, u32)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub error: bool,
    pub text: String,
}

/// A group of fields: the record's own values, or one of its sections.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub title: String,
    pub help: String,
    pub fields: Vec<Field>,
    /// The standard's item table, when this section scores (its fields
    /// are the items; `total` is their sum as recorded).
    pub items: Vec<Field>,
    pub total: String,
    /// The field of the total the items must add up to.
    pub score: Option<String>,
    /// Values shown but edited by hand (structures no table fits).
    pub shown: Vec<(String, String)>,
    /// The lists edited as tables (`lists`).
    pub tables: Vec<super::lists::Table>,
    /// The sections of a map's entries, shown after this one.
    #[serde(skip)]
    pub sub: Vec<Section>,
}

/// The whole form page.
#[derive(Debug, Default, Serialize)]
pub struct FormPage {
    pub title: String,
    pub file: String,
    pub action: String,
    pub hash: String,
    pub sections: Vec<Section>,
    /// Findings placed on no field, and why a save was refused.
    pub notes: Vec<Finding>,
    pub saved: bool,
    /// When the file changed on disk since the form was opened: the text
    /// on disk now.
    pub conflict: Option<String>,
    /// A notice's Markdown body and its preview.
    pub body: Option<String>,
    pub preview: Option<String>,
    pub preview_href: Option<String>,
}

/// The SHA-256 of a file's bytes, in hex: the version a form was made from.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The kind of a content file, and its format for editing.
pub fn kind_of(file: &str) -> Option<(Kind, Format)> {
    let kind = load::kind_of(file)?;
    let format = if kind == Kind::Notice {
        Format::FrontMatter
    } else {
        Format::Yaml
    };
    Some((kind, format))
}

/// GET of a record's form.
pub fn get(editor: &Editor, file: &str, saved: bool) -> EditReply {
    let Some((kind, format)) = kind_of(file) else {
        return pages::not_found(&editor.tera);
    };
    let bytes = match load::read_bytes(&editor.root, file) {
        Ok(bytes) => bytes,
        Err(_) => return pages::not_found(&editor.tera),
    };
    let model = crate::validate::validate(&editor.root)
        .map(|v| (v.model, v.report))
        .ok();
    let mut page = match Editable::parse(bytes.clone(), format) {
        Ok(editable) => build(kind, file, editable.value(), model.as_ref().map(|m| &m.0)),
        Err(refusal) => refused(file, &refusal),
    };
    page.hash = digest(&bytes);
    page.saved = saved;
    if let Some((_, report)) = &model {
        place(
            &mut page,
            &bytes,
            report.diagnostics.iter().filter(|d| d.span.file == file),
        );
    }
    notice_body(&mut page, kind, &bytes);
    render(&editor.tera, 200, "form.html", &page)
}

/// A form that cannot be made: the file cannot be read as YAML.
pub fn refused(file: &str, refusal: &crate::edit::Refusal) -> FormPage {
    let line = refusal.line.map(|l| format!("（第 {l} 行）")).unwrap_or_default();
    FormPage {
        title: file.to_owned(),
        file: file.to_owned(),
        action: pages::form_href(file),
        notes: vec![Finding {
            error: true,
            text: format!("{}{line}：请在文本编辑器中修改这个文件", refusal.message.zh),
        }],
        ..FormPage::default()
    }
}

/// The form of `value`, a record of `kind` in `file`.
pub fn build(kind: Kind, file: &str, value: &Value, model: Option<&Model>) -> FormPage {
    let schema: Value = serde_json::from_str(crate::schemas::text(kind)).unwrap_or(Value::Null);
    let context = Context {
        defs: schema.get("$defs").cloned().unwrap_or(Value::Null),
        model,
        year: file
            .strip_prefix("cycles/")
            .and_then(|f| f.split('/').next()?.parse().ok()),
        standard: model.and_then(|m| standard_for(m, file)),
    };
    let mut own = section("基本信息", "", Vec::new());
    let mut sections = Vec::new();
    let required = required_of(&schema);
    for (name, sub) in properties(&schema) {
        let sub = context.resolve(sub);
        let pointer = format!("/{}", escape(name));
        let at = value.get(name);
        if is_object(&sub) && !is_map(&sub) {
            let mut s = section(text_of(&sub, "title"), text_of(&sub, "description"), Vec::new());
            context.object(&mut s, &pointer, &sub, at.unwrap_or(&Value::Null), "");
            sections.push(s);
        } else {
            context.field(&mut own, &pointer, name, &sub, at, required.contains(&name), "");
        }
    }
    sections.insert(0, own);
    let sections = flatten(sections);
    FormPage {
        title: title_of(kind, file, value, model),
        file: file.to_owned(),
        action: pages::form_href(file),
        sections,
        ..FormPage::default()
    }
}

/// Sections with the sections of their maps' entries after each.
fn flatten(sections: Vec<Section>) -> Vec<Section> {
    let mut out = Vec::new();
    for mut s in sections {
        let sub = std::mem::take(&mut s.sub);
        out.push(s);
        out.extend(flatten(sub));
    }
    out
}

/// The page's title: the record's name or title, an application's
/// organisation and id, or the file.
fn title_of(kind: Kind, file: &str, value: &Value, model: Option<&Model>) -> String {
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .split('.')
        .next()
        .unwrap_or(file);
    let own = value.get("name").or_else(|| value.get("title")).and_then(Value::as_str);
    let name = match (kind, own) {
        (Kind::Application, _) => {
            let org = value.get("organization").and_then(Value::as_str).unwrap_or_default();
            let org = model
                .and_then(|m| m.organizations.get(org))
                .map_or(org, |o| o.name.as_str());
            format!("{org} · {stem}")
        }
        (Kind::Cycle, _) => format!("{} 年度", value.get("year").map(shown).unwrap_or_default()),
        (_, Some(own)) => own.to_owned(),
        (_, None) => stem.to_owned(),
    };
    format!("{}：{name}", kind_name(kind))
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Programme => "评奖办法",
        Kind::Organization => "组织",
        Kind::Expert => "评审专家",
        Kind::Cycle => "年度安排",
        Kind::Application => "申报",
        Kind::Notice => "公告",
    }
}

/// A section of `fields` (a new record's fields that choose its file).
pub fn section_of(title: &str, fields: Vec<Field>) -> Section {
    section(title, "", fields)
}

pub(super) fn section(title: impl Into<String>, help: impl Into<String>, fields: Vec<Field>) -> Section {
    Section {
        title: title.into(),
        help: help.into(),
        fields,
        items: Vec::new(),
        total: String::new(),
        score: None,
        shown: Vec::new(),
        tables: Vec::new(),
        sub: Vec::new(),
    }
}

/// What a form is generated with: the schema's definitions, the model for
/// the choices of references, and the standard of the record's year.
pub(super) struct Context<'a> {
    defs: Value,
    model: Option<&'a Model>,
    /// The year of a cycle's file or an application's.
    year: Option<i64>,
    standard: Option<&'static Standard>,
}

impl Context<'_> {
    /// `schema` with a `$ref` to `#/$defs/x` replaced by the definition,
    /// the property's own title and description kept.
    pub(super) fn resolve(&self, schema: &Value) -> Value {
        let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            return schema.clone();
        };
        let mut out = self.defs.get(name).cloned().unwrap_or(Value::Null);
        if let (Some(map), Some(own)) = (out.as_object_mut(), schema.as_object()) {
            for (k, v) in own.iter().filter(|(k, _)| *k != "$ref") {
                map.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// The fields of an object section, nested objects flattened with
    /// their title before the label.
    pub(super) fn object(&self, s: &mut Section, pointer: &str, schema: &Value, value: &Value, prefix: &str) {
        // The fields an object requires are required once it is there.
        let required = if value.is_null() {
            Vec::new()
        } else {
            required_of(schema)
        };
        for (name, sub) in properties(schema) {
            let sub = self.resolve(sub);
            let at = format!("{pointer}/{}", escape(name));
            let current = value.get(name);
            if name == "items" && is_map(&sub) && self.standard.is_some() {
                self.items(s, &at, current);
                s.score = Some(format!("{pointer}/score"));
            } else if is_object(&sub) && !is_map(&sub) {
                let prefix = format!("{prefix}{}：", text_of(&sub, "title"));
                self.object(s, &at, &sub, current.unwrap_or(&Value::Null), &prefix);
            } else {
                self.field(s, &at, name, &sub, current, required.contains(&name), prefix);
            }
        }
    }

    /// One scalar field, a table when it is a list or a map (`lists`), or
    /// a shown value when no table fits.
    #[allow(clippy::too_many_arguments)]
    fn field(
        &self,
        s: &mut Section,
        pointer: &str,
        name: &str,
        schema: &Value,
        value: Option<&Value>,
        required: bool,
        prefix: &str,
    ) {
        let label = format!("{prefix}{}", text_of(schema, "title"));
        let Some((input, choices)) = self.input_of(name, schema, value) else {
            if !super::lists::structure(self, s, pointer, name, schema, value, required) {
                let shown = value
                    .map(|v| serde_json::to_string(v).unwrap_or_default())
                    .unwrap_or_default();
                s.shown.push((label, shown));
            }
            return;
        };
        s.fields.push(Field {
            pointer: pointer.to_owned(),
            label,
            help: text_of(schema, "description"),
            input,
            choices,
            value: value.map(shown).unwrap_or_default(),
            required,
            findings: Vec::new(),
            item: None,
        });
    }

    /// The input of a scalar property `name` and its choices; `None` for a
    /// list or a mapping.
    pub(super) fn input_of(&self, name: &str, schema: &Value, value: Option<&Value>) -> Option<(Input, Vec<Choice>)> {
        let kind = schema.get("type").and_then(Value::as_str).unwrap_or("string");
        Some(match kind {
            "array" | "object" => return None,
            "boolean" => (Input::Boolean, vec![choice("true", "是"), choice("false", "否")]),
            "integer" => (Input::Integer, Vec::new()),
            "number" => (Input::Number, Vec::new()),
            _ if schema.get("enum").is_some() => (Input::Select, enum_choices(schema)),
            _ if schema.get("format").and_then(Value::as_str) == Some("date") => (Input::Date, Vec::new()),
            _ if value.and_then(Value::as_str).is_some_and(|v| v.contains('\n')) => (Input::Textarea, Vec::new()),
            _ => match self.references(name) {
                Some(choices) => (Input::Select, choices),
                None => (Input::Text, Vec::new()),
            },
        })
    }

    /// A map's key as a caption shows it: an award's name after its id.
    /// The ids of the programme's awards, in its order.
    pub(super) fn awards(&self) -> Vec<String> {
        let programme = self.model.and_then(|m| m.programme.as_ref());
        programme
            .map(|p| p.awards.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub(super) fn key_name(&self, key: &str) -> String {
        let award = self.model.and_then(|m| m.programme.as_ref()?.awards.get(key));
        award.map_or_else(|| key.to_owned(), |a| format!("{key}（{}）", a.name))
    }

    /// The choices of a reference, by the property's name.
    fn references(&self, name: &str) -> Option<Vec<Choice>> {
        let model = self.model?;
        let programme = model.programme.as_ref();
        let list: Vec<Choice> = match name {
            "organization" => model.organizations.values().map(|o| choice(&o.id, &o.name)).collect(),
            "award" => programme?.awards.iter().map(|(id, a)| choice(id, &a.name)).collect(),
            "recommender" => programme?
                .recommenders
                .iter()
                .map(|(id, r)| choice(id, &r.name))
                .collect(),
            "industry" => programme?
                .industries
                .iter()
                .map(|(id, i)| choice(id, &i.name))
                .collect(),
            "leader" | "members" => model.experts.values().map(|e| choice(&e.id, &e.name)).collect(),
            "conflicts" => model.organizations.values().map(|o| choice(&o.id, &o.name)).collect(),
            "application" | "applications" | "tallies" => {
                let cycle = model.cycles.get(&self.year?)?;
                cycle
                    .applications
                    .values()
                    .map(|a| {
                        let org = model.organizations.get(&a.organization);
                        choice(&a.id, org.map_or(a.organization.as_str(), |o| o.name.as_str()))
                    })
                    .collect()
            }
            _ => return None,
        };
        Some(list)
    }

    /// The standard's item table of a stage, with the recorded scores.
    fn items(&self, s: &mut Section, pointer: &str, value: Option<&Value>) {
        let Some(standard) = self.standard else { return };
        let mut total = 0.0;
        for category in &standard.categories {
            for item in &category.items {
                let current = value.and_then(|v| v.get(&item.clause));
                total += current.and_then(Value::as_f64).unwrap_or(0.0);
                s.items.push(Field {
                    pointer: format!("{pointer}/{}", escape(&item.clause)),
                    label: format!("{} {}", item.clause, item.name),
                    help: String::new(),
                    input: Input::Integer,
                    choices: Vec::new(),
                    value: current.map(shown).unwrap_or_default(),
                    required: false,
                    findings: Vec::new(),
                    item: Some((item.clause.clone(), item.name.clone(), item.points)),
                });
            }
        }
        s.total = shown(&serde_json::json!(total));
    }
}

/// The standard of the cycle an application belongs to.
fn standard_for(model: &Model, file: &str) -> Option<&'static Standard> {
    let year: i64 = file.strip_prefix("cycles/")?.split('/').next()?.parse().ok()?;
    let cycle = model.cycles.get(&year)?;
    crate::model::standard::standard(&model.regulation_on(cycle.call.published)?.standard)
}

pub(super) fn choice(value: &str, text: &str) -> Choice {
    Choice {
        value: value.to_owned(),
        text: format!("{text}（{value}）"),
    }
}

fn enum_choices(schema: &Value) -> Vec<Choice> {
    let words = schema.get("enumDescriptions").and_then(Value::as_array);
    let values = schema
        .get("enum")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let v = v.as_str()?;
            let text = words.and_then(|w| w.get(i)).and_then(Value::as_str).unwrap_or(v);
            Some(choice(v, text))
        })
        .collect()
}

/// A value as a form shows it.
pub fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

pub(super) fn properties(schema: &Value) -> Vec<(&str, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

pub(super) fn required_of(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

pub(super) fn is_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
}

/// An object keyed by ids or clauses (`additionalProperties` a schema).
fn is_map(schema: &Value) -> bool {
    is_object(schema) && schema.get("properties").is_none()
}

pub(super) fn text_of(schema: &Value, key: &str) -> String {
    schema.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A key as a JSON pointer segment (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Puts each finding of the file beside its field: the field of the
/// value it is about (a missing required key too) or, for a finding at a
/// place in the text (a YAML error), the field at its line; the others
/// among the page's notes.
pub fn place<'a>(page: &mut FormPage, bytes: &[u8], findings: impl Iterator<Item = &'a crate::diagnostics::Resolved>) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let index = match load::split_front_matter(text) {
        Some((front, _)) if page.file.starts_with("notices/") => crate::yaml::SpanIndex::build(front, 1),
        _ => crate::yaml::SpanIndex::build(text, 0),
    };
    for d in findings {
        let finding = Finding {
            error: d.severity == crate::catalogue::Severity::Error,
            text: format!("{}（第 {} 行，{}）", d.message.zh, d.span.start.line, d.rule.id),
        };
        let line = d.span.start.line;
        let at_line = |f: &Field| {
            index
                .find(&f.pointer, crate::diagnostics::Part::Value)
                .is_some_and(|(start, end)| (start.line..=end.line).contains(&line) && exact(&index, &f.pointer, start))
        };
        let mut fields: Vec<&mut Field> = page
            .sections
            .iter_mut()
            .flat_map(|s| s.fields.iter_mut().chain(s.items.iter_mut()))
            .collect();
        let found = match d.pointer.as_deref() {
            Some(pointer) => fields.iter().position(|f| f.pointer == pointer),
            None => fields.iter().position(|f| at_line(f)),
        };
        match found.and_then(|i| fields.get_mut(i)) {
            Some(f) => f.findings.push(finding),
            None => {
                // A cell, a row or a list of a table; else a note.
                let rest = match d.pointer.as_deref() {
                    Some(pointer) => super::lists::place(page, pointer, finding),
                    None => Some(finding),
                };
                page.notes.extend(rest);
            }
        }
    }
}

/// Whether `pointer` itself is in the file (not only an ancestor found
/// in its place).
fn exact(index: &crate::yaml::SpanIndex, pointer: &str, start: crate::diagnostics::Position) -> bool {
    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
    parent.is_empty()
        || index
            .find(parent, crate::diagnostics::Part::Value)
            .is_none_or(|(p, _)| p != start)
}

/// A notice's Markdown body, shown with its preview.
pub fn notice_body(page: &mut FormPage, kind: Kind, bytes: &[u8]) {
    if kind != Kind::Notice {
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some((_, body)) = load::split_front_matter(text.trim_start_matches('\u{feff}')) {
        page.preview = Some(crate::markdown::to_html(body));
        page.body = Some(body.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(page: &'a FormPage, pointer: &str) -> &'a Field {
        page.sections
            .iter()
            .flat_map(|s| s.fields.iter())
            .find(|f| f.pointer == pointer)
            .unwrap_or_else(|| panic!("no field {pointer}"))
    }

    #[test]
    fn the_schema_gives_labels_help_choices_and_dates() {
        let value = serde_json::json!({"qualification": {"result": "passed", "date": "2025-06-20"}});
        let page = build(Kind::Application, "cycles/2025/applications/a.yaml", &value, None);
        let result = field(&page, "/qualification/result");
        assert_eq!(result.label, "审查结果");
        assert_eq!(result.input, Input::Select);
        assert_eq!(result.value, "passed");
        assert!(
            result
                .choices
                .iter()
                .any(|c| c.value == "failed" && c.text.contains("未通过资格审查"))
        );
        let date = field(&page, "/qualification/date");
        assert_eq!((date.input, date.value.as_str()), (Input::Date, "2025-06-20"));
        assert!(field(&page, "/submitted").help.contains("申报材料提交的日期"));
        assert!(field(&page, "/submitted").required);
        assert_eq!(field(&page, "/declarations/compliant").input, Input::Boolean);
        let county = field(&page, "/county_award/year");
        assert_eq!(county.label, "获奖年度", "under its section's title");
        assert!(
            page.sections
                .iter()
                .any(|s| s.title == "已获县级质量奖" && s.fields.iter().any(|f| f.pointer == "/county_award/year"))
        );
    }

    fn finding(pointer: Option<&str>, line: usize) -> crate::diagnostics::Resolved {
        let at = crate::diagnostics::Position { line, column: 1 };
        crate::diagnostics::Resolved {
            rule: crate::catalogue::SCHEMA,
            severity: crate::catalogue::Severity::Error,
            message: crate::diagnostics::Message::new("缺少必填字段 `submitted`", "lacks `submitted`"),
            span: crate::diagnostics::Span {
                file: "cycles/2025/applications/a.yaml".to_owned(),
                sheet: None,
                start: at,
                end: at,
            },
            related: Vec::new(),
            pointer: pointer.map(str::to_owned),
        }
    }

    #[test]
    fn a_missing_required_key_is_shown_beside_its_field_not_among_the_notes() {
        let text = "organization: a\naward: quality\nqualification:\n  date: 2025-06-20\n";
        let value = crate::yaml::parse(text).expect("YAML");
        let mut page = build(Kind::Application, "cycles/2025/applications/a.yaml", &value, None);
        // The schema's finding of a missing key is at the mapping that lacks
        // it (line 1 for the file, line 3 for `qualification`); its pointer
        // names the key.
        let found = [
            finding(Some("/submitted"), 1),
            finding(Some("/qualification/result"), 3),
            finding(Some("/no/such/field"), 3),
            finding(Some(""), 1),
            finding(None, 4),
        ];
        place(&mut page, text.as_bytes(), found.iter());
        assert_eq!(field(&page, "/submitted").findings.len(), 1);
        assert_eq!(field(&page, "/qualification/result").findings.len(), 1);
        assert_eq!(field(&page, "/qualification/date").findings.len(), 1, "by its line");
        assert_eq!(field(&page, "/organization").findings.len(), 0);
        assert_eq!(page.notes.len(), 2, "a pointer with no field goes to the notes");
    }

    #[test]
    fn numbers_show_as_written() {
        assert_eq!(shown(&serde_json::json!(622)), "622");
        assert_eq!(shown(&serde_json::json!(612.5)), "612.5");
        assert_eq!(shown(&serde_json::json!(600.0)), "600");
        assert_eq!(shown(&Value::Null), "");
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }
}
