//! The `schema` check: every document against its JSON Schema, with
//! findings placed at the offending key or value.

use std::collections::HashMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::catalogue;
use crate::diagnostics::push_segment;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::load::{Document, Kind};
use crate::schemas;
use crate::suggest::suggest;

/// The compiled validators, one per file kind, built once per run.
pub(crate) struct Schemas {
    validators: HashMap<Kind, (Validator, Value)>,
}

impl Schemas {
    /// Compiles the embedded schemas. A failure is a defect of the tool,
    /// not of the content; a test keeps it from shipping.
    pub fn compile() -> Result<Schemas, String> {
        let mut validators = HashMap::new();
        for kind in Kind::ALL {
            let schema: Value = serde_json::from_str(schemas::text(kind))
                .map_err(|e| format!("embedded schema `{}` is not JSON: {e}", kind.name()))?;
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .map_err(|e| format!("embedded schema `{}` does not compile: {e}", kind.name()))?;
            validators.insert(kind, (validator, schema));
        }
        Ok(Schemas { validators })
    }

    /// Checks one document; an empty result means it matches.
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        let Some((validator, schema)) = self.validators.get(&doc.kind) else {
            return Vec::new();
        };
        let errors: Vec<ValidationError<'_>> = validator.iter_errors(&doc.value).collect();
        // A misspelt key also leaves its field missing; the unknown-key
        // finding already names the field, so the `required` one is dropped.
        let misspelt: Vec<(String, String)> = errors
            .iter()
            .filter_map(|err| match err.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    let allowed = allowed_keys(schema, err.schema_path().as_str());
                    let parent = err.instance_path().as_str().to_owned();
                    Some(
                        unexpected
                            .iter()
                            .filter_map(|k| suggest(k, &allowed).map(|s| (parent.clone(), s.to_owned())))
                            .collect::<Vec<_>>(),
                    )
                }
                _ => None,
            })
            .flatten()
            .collect();
        // A value of the wrong form fails both `format` and `pattern` (dates
        // have both); the format's finding says how to write it.
        let misformatted: Vec<&str> = errors
            .iter()
            .filter(|err| matches!(err.kind(), ValidationErrorKind::Format { .. }))
            .map(|err| err.instance_path().as_str())
            .collect();
        errors
            .iter()
            .filter(|err| match err.kind() {
                ValidationErrorKind::Pattern { .. } => !misformatted.contains(&err.instance_path().as_str()),
                ValidationErrorKind::Required { property } => {
                    let parent = err.instance_path().as_str();
                    !misspelt
                        .iter()
                        .any(|(p, s)| p == parent && property.as_str() == Some(s.as_str()))
                }
                _ => true,
            })
            .flat_map(|err| diagnose(doc, schema, err))
            .collect()
    }
}

fn diagnose(doc: &Document, schema: &Value, err: &ValidationError<'_>) -> Vec<Diagnostic> {
    let pointer = err.instance_path().as_str().to_owned();
    let file = doc.file.as_str();
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed = allowed_keys(schema, err.schema_path().as_str());
            unexpected
                .iter()
                .map(|key| unknown_key(file, &pointer, key, &allowed))
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            vec![missing_key(file, &pointer, property.as_str().unwrap_or_default())]
        }
        ValidationErrorKind::PropertyNames { error } => {
            vec![bad_key(file, &pointer, error.instance().as_str().unwrap_or_default())]
        }
        _ => {
            let (zh, en) = value_message(schema, err, &pointer);
            vec![Diagnostic::new(
                catalogue::SCHEMA,
                Location::value(file, pointer),
                Message::new(zh, en),
            )]
        }
    }
}

/// An unknown key, at the key, with a "did you mean" or the keys allowed.
fn unknown_key(file: &str, pointer: &str, key: &str, allowed: &[String]) -> Diagnostic {
    let mut at = pointer.to_owned();
    push_segment(&mut at, key);
    let (hint_zh, hint_en) = match suggest(key, allowed) {
        Some(s) => (
            format!("，是否想写 {}？", code(s)),
            format!("; did you mean {}?", code(s)),
        ),
        None if !allowed.is_empty() => (
            format!("；此处可用的字段：{}", allowed.join("、")),
            format!("; fields allowed here: {}", allowed.join(", ")),
        ),
        None => (String::new(), String::new()),
    };
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::key(file, at),
        Message::new(
            format!("未知字段 {}{hint_zh}", code(key)),
            format!("unknown field {}{hint_en}", code(key)),
        ),
    )
}

/// A required key missing, at the mapping that lacks it.
fn missing_key(file: &str, pointer: &str, name: &str) -> Diagnostic {
    let (where_zh, where_en) = if pointer.is_empty() {
        ("文件".to_owned(), "the file".to_owned())
    } else {
        let parent = code(last_segment(pointer));
        (format!("{parent} 下"), parent)
    };
    let mut missing = pointer.to_owned();
    push_segment(&mut missing, name);
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::key(file, pointer.to_owned()),
        Message::new(
            format!("{where_zh}缺少必填字段 {}", code(name)),
            format!("{where_en} lacks the required field {}", code(name)),
        ),
    )
    .about(missing)
}

/// A key that is not an id (or a clause number), at the key.
fn bad_key(file: &str, pointer: &str, key: &str) -> Diagnostic {
    let mut at = pointer.to_owned();
    push_segment(&mut at, key);
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::key(file, at),
        Message::new(
            format!(
                "键 {} 不符合编号格式：只能用小写字母、数字和连字符（条款号为数字和点）",
                code(key)
            ),
            format!(
                "key {} is not a valid id (lowercase letters, digits and hyphens; clause numbers are digits and dots)",
                code(key)
            ),
        ),
    )
}

/// What is wrong with a value, in Chinese and English: a flat table of the
/// schema's keywords.
fn value_message(schema: &Value, err: &ValidationError<'_>, pointer: &str) -> (String, String) {
    let shown = || code(instance_text(err.instance()));
    match err.kind() {
        ValidationErrorKind::Type { kind } => {
            let names: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![t.as_str()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
            };
            let node = keyword_parent(schema, err.schema_path().as_str());
            type_message(&names, node, pointer, err.instance())
        }
        ValidationErrorKind::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| a.iter().map(instance_text).collect::<Vec<_>>())
                .unwrap_or_default();
            (
                format!("取值 {} 无效，应为 {} 之一", shown(), list.join("、")),
                format!("{} is not allowed; expected one of {}", shown(), list.join(", ")),
            )
        }
        ValidationErrorKind::Format { format } if format == "date" => (
            format!("{} 不是有效日期，应为 YYYY-MM-DD，例如 2024-05-31", shown()),
            format!("{} is not a valid date; write YYYY-MM-DD, e.g. 2024-05-31", shown()),
        ),
        ValidationErrorKind::Format { format } => (
            format!("{} 不符合格式 {format}", shown()),
            format!("{} is not a valid {format}", shown()),
        ),
        ValidationErrorKind::Pattern { pattern } => {
            let (zh, en) = pattern_rule(pattern);
            (
                format!("{} 写法不对：{zh}", shown()),
                format!("{} is not valid here: {en}", shown()),
            )
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => (
            format!("{} 小于允许的最小值 {limit}", shown()),
            format!("{} is below the minimum {limit}", shown()),
        ),
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => (
            format!("{} 大于允许的最大值 {limit}", shown()),
            format!("{} is above the maximum {limit}", shown()),
        ),
        kind => list_or_text_message(kind).unwrap_or_else(|| {
            (
                format!("不符合内容格式：{err}"),
                format!("does not match the content format: {err}"),
            )
        }),
    }
}

/// The limits on lists and texts.
fn list_or_text_message(kind: &ValidationErrorKind) -> Option<(String, String)> {
    Some(match kind {
        ValidationErrorKind::MinItems { limit } => (
            format!("列表至少应有 {limit} 项"),
            format!("the list needs at least {limit} items"),
        ),
        ValidationErrorKind::MaxItems { limit } => (
            format!("列表至多 {limit} 项"),
            format!("the list allows at most {limit} items"),
        ),
        ValidationErrorKind::MinLength { limit } => (
            format!("内容至少应有 {limit} 个字符"),
            format!("the text needs at least {limit} characters"),
        ),
        ValidationErrorKind::MaxLength { limit } => (
            format!("内容至多 {limit} 个字符"),
            format!("the text allows at most {limit} characters"),
        ),
        ValidationErrorKind::UniqueItems => ("列表中有重复项".to_owned(), "the list has duplicate items".to_owned()),
        _ => return None,
    })
}

/// The schema object holding the keyword at `schema_path` (following a
/// local `$ref` it may stop at).
fn keyword_parent<'s>(schema: &'s Value, schema_path: &str) -> Option<&'s Value> {
    let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
    let mut node = schema.pointer(parent);
    while let Some(target) = node.and_then(|n| n.get("$ref")).and_then(Value::as_str) {
        node = target.strip_prefix('#').and_then(|p| schema.pointer(p));
    }
    node
}

/// The property names the object schema at `schema_path`'s parent allows.
fn allowed_keys(schema: &Value, schema_path: &str) -> Vec<String> {
    keyword_parent(schema, schema_path)
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// How to write a date, in both languages.
const DATE_RULE: (&str, &str) = (
    "日期写作 YYYY-MM-DD，例如 2024-05-31",
    "write dates as YYYY-MM-DD, e.g. 2024-05-31",
);

/// A wrong type, with what to write instead: a date's form, or quotes
/// around a number or boolean where text is expected.
fn type_message(expected: &[&str], node: Option<&Value>, pointer: &str, found: &Value) -> (String, String) {
    let (found_zh, found_en) = (value_type_zh(found), value_type_en(found));
    // A null is an empty field (`key:`), already said by its type name.
    let shown = if found.is_null() {
        String::new()
    } else {
        format!(" {}", code(instance_text(found)))
    };
    if node.and_then(|n| n.get("format")).and_then(Value::as_str) == Some("date") {
        return (
            format!("类型错误：应为日期，实际为{found_zh}{shown}；{}", DATE_RULE.0),
            format!("wrong type: expected a date, found {found_en}{shown}; {}", DATE_RULE.1),
        );
    }
    let expected_zh = expected.iter().map(|n| type_zh(n)).collect::<Vec<_>>().join("或");
    let mut zh = format!("类型错误：应为{expected_zh}，实际为{found_zh}");
    let mut en = format!("wrong type: expected {}, found {found_en}", expected.join(" or "));
    if expected == ["string"] && matches!(found, Value::Number(_) | Value::Bool(_)) {
        let example = quoted_example(pointer, found);
        zh.push_str(&format!("；请给值加上引号，例如 {example}"));
        en.push_str(&format!("; put the value in quotes, e.g. {example}"));
    }
    (zh, en)
}

/// `key: "value"` (or `- "value"` in a list) for a scalar YAML read as a
/// number or boolean. A number too long for an integer has lost digits,
/// so its value is not repeated.
fn quoted_example(pointer: &str, found: &Value) -> String {
    let value = match found {
        Value::Number(n) if n.is_f64() => "…".to_owned(),
        other => instance_text(other),
    };
    let key = last_segment(pointer);
    if key.is_empty() || key.chars().all(|c| c.is_ascii_digit()) {
        format!("`- \"{value}\"`")
    } else {
        format!("`{key}: \"{value}\"`")
    }
}

/// The rule a schema pattern states, in words (never the regular
/// expression itself, which a staff member cannot be expected to read).
fn pattern_rule(pattern: &str) -> (&'static str, &'static str) {
    match pattern {
        "^[a-z0-9][a-z0-9-]*$" => (
            "编号只能用小写字母、数字和连字符，且以字母或数字开头，例如 2024-call",
            "an id uses lowercase letters, digits and hyphens, starting with a letter or digit, e.g. 2024-call",
        ),
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => DATE_RULE,
        "^[^./\\\\][^/\\\\]*(/[^./\\\\][^/\\\\]*)*$" => (
            "附件路径是 notices/files/ 下的相对路径：各段用 / 分隔，不含 `..` 和反斜杠，各段不以 . 开头，例如 2024/申报表.docx",
            "an attachment path is a relative path under notices/files/: parts separated by /, without `..` or backslashes, no part starting with a dot, e.g. 2024/form.docx",
        ),
        "^[0-9]{6}$" => (
            "应为 6 位数字，加引号书写，例如 \"330302\"",
            "write six digits in quotes, e.g. \"330302\"",
        ),
        "^[0-9]{1,6}$" => (
            "应为 1 至 6 位数字，加引号书写，例如 \"3303\"",
            "write one to six digits in quotes, e.g. \"3303\"",
        ),
        "^https?://" => (
            "网址应以 http:// 或 https:// 开头",
            "a web address starts with http:// or https://",
        ),
        "^https?://[^\\s/]+(/[^\\s]*)?/$" => (
            "网址应以 http:// 或 https:// 开头、以 / 结尾，不含空格，例如 https://example.gov.cn/zlj/",
            "a web address starts with http:// or https:// and ends with /, without spaces, e.g. https://example.gov.cn/zlj/",
        ),
        "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$" => ("应为语言标记，例如 zh-CN", "write a language tag such as zh-CN"),
        "^[0-9A-Z]+$" => (
            "组织机构代码只能用数字和大写字母，加引号书写，例如 \"11330300000000000X\"",
            "an organisation code uses digits and capital letters only, in quotes, e.g. \"11330300000000000X\"",
        ),
        "^[^{}]*(\\{(code|year|serial)\\}[^{}]*)*$" => (
            "索引号格式中的花括号只能用于 {code}、{year}、{serial} 三个占位符，例如 \"{code}/{year}-{serial}\"",
            "braces in the index-number form may only make the placeholders {code}, {year} and {serial}, e.g. \"{code}/{year}-{serial}\"",
        ),
        "\\{year\\}" => (
            "索引号格式须含 {year}（四位年份），例如 \"{code}/{year}-{serial}\"",
            "the index-number form needs {year} (the four-digit year), e.g. \"{code}/{year}-{serial}\"",
        ),
        "\\{serial\\}" => (
            "索引号格式须含 {serial}（当年流水号），例如 \"{code}/{year}-{serial}\"",
            "the index-number form needs {serial} (the serial within the year), e.g. \"{code}/{year}-{serial}\"",
        ),
        _ => (
            "写法不符合该字段的要求，见 docs/content-format.md",
            "it does not have the form this field needs; see docs/content-format.md",
        ),
    }
}

fn last_segment(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or(pointer)
}

fn instance_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_zh(name: &str) -> &'static str {
    match name {
        "string" => "文本",
        "integer" => "整数",
        "number" => "数字",
        "boolean" => "布尔值（true/false）",
        "array" => "列表",
        "object" => "映射（键: 值）",
        "null" => "空值",
        _ => "其他类型",
    }
}

fn value_type_en(value: &Value) -> &'static str {
    match value {
        Value::Null => "null (an empty value)",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

fn value_type_zh(value: &Value) -> &'static str {
    match value {
        Value::Null => "空值（未填写）",
        Value::Bool(_) => "布尔值",
        Value::Number(n) if n.is_i64() || n.is_u64() => "整数",
        Value::Number(_) => "数字",
        Value::String(_) => "文本",
        Value::Array(_) => "列表",
        Value::Object(_) => "映射",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `pattern` of the embedded schemas (but those of
    /// `propertyNames`, which have their own message) is said in words.
    #[test]
    fn every_pattern_has_words() {
        fn walk(node: &Value, found: &mut Vec<String>) {
            match node {
                Value::Object(map) => {
                    if let Some(Value::String(p)) = map.get("pattern") {
                        found.push(p.clone());
                    }
                    for (k, v) in map {
                        if k != "propertyNames" {
                            walk(v, found);
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
                _ => {}
            }
        }
        let mut patterns = Vec::new();
        for kind in Kind::ALL {
            let schema: Value = serde_json::from_str(schemas::text(kind)).expect("schema JSON");
            walk(&schema, &mut patterns);
        }
        assert!(patterns.len() > 5);
        let fallback = pattern_rule("");
        for p in patterns {
            assert_ne!(pattern_rule(&p), fallback, "no words for {p}");
        }
    }

    #[test]
    fn quoting_hint_repeats_the_key_and_value() {
        assert_eq!(
            quoted_example("/contact/phone", &serde_json::json!(57788888888u64)),
            "`phone: \"57788888888\"`"
        );
        assert_eq!(quoted_example("/divisions/0", &serde_json::json!(3303)), "`- \"3303\"`");
        assert_eq!(quoted_example("/uscc", &serde_json::json!(1e20)), "`uscc: \"…\"`");
    }

    #[test]
    fn embedded_schemas_compile() {
        assert!(Schemas::compile().is_ok());
    }
}
