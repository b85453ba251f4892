//! Writing new values as YAML text: scalars quoted conservatively, keys
//! quoted as the file quotes them, new entries as block lines.
//!
//! A string is written plain only when it cannot be read as anything
//! else, here or by a YAML 1.1 reader (an editor's), and reads back as
//! itself through [`crate::yaml::parse`]; otherwise it is double-quoted
//! (single-quoted where the value it replaces was). Dates `YYYY-MM-DD`
//! stay plain, as the content format writes them.

use serde_json::Value;

use crate::yaml::{self, Style};

/// How a key that needs quotes is quoted: as its siblings are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Quote {
    Double,
    Single,
}

/// Why a value cannot be written as new lines.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unwritable;

/// A scalar value as YAML text; `like` is the style of the value it
/// replaces, kept for strings where it can carry them.
pub(super) fn scalar(value: &Value, like: Option<Style>) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, like),
        // Collections are written as lines (`lines`), never here; an
        // empty one fits on its key's line.
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A scalar value as YAML text inside a one-line flow mapping
/// (`{for: 19, against: 2}`): as [`scalar`], but a plain string holding
/// a flow indicator or a comment mark is double-quoted.
pub(super) fn scalar_in_flow(value: &Value, like: Option<Style>) -> String {
    let text = scalar(value, like);
    match value {
        Value::String(s) if text == *s && s.contains([',', '[', ']', '{', '}', '#', ':']) => double_quoted(s),
        _ => text,
    }
}

fn string(s: &str, like: Option<Style>) -> String {
    match like {
        Some(Style::DoubleQuoted) => double_quoted(s),
        Some(Style::SingleQuoted) if !s.chars().any(needs_escape) => single_quoted(s),
        _ if plain_is_safe(s) => s.to_owned(),
        _ => double_quoted(s),
    }
}

/// A mapping key: plain when it is an identifier-like word, else quoted.
pub(super) fn key(name: &str, quote: Quote) -> String {
    let word = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if word && plain_is_safe(name) {
        return name.to_owned();
    }
    match quote {
        Quote::Single if !name.chars().any(needs_escape) => single_quoted(name),
        _ => double_quoted(name),
    }
}

/// Whether `s` may be written without quotes.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if is_date(s) {
        return true;
    }
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    // Numbers of YAML 1.1 too (`012`, `1_000`, `12:30`), and clause
    // numbers (`4.1.2`), which the content quotes.
    let numeric_like = (first.is_ascii_digit() || "+-.".contains(first))
        && s.chars().all(|c| c.is_ascii_digit() || "+-._:eE".contains(c));
    let yaml11_word = matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    );
    let awkward = s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(|c| needs_escape(c) || c == '\t' || ",[]{}".contains(c));
    if indicator || numeric_like || yaml11_word || awkward {
        return false;
    }
    // The last word: the parser reads it back as this very string.
    let probe = format!("k: {s}\n");
    matches!(yaml::parse(&probe), Ok(Value::Object(m)) if m.get("k").and_then(Value::as_str) == Some(s))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Characters a double-quoted scalar writes as escapes: controls, line
/// breaks of any kind, the byte-order mark and non-characters.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The lines of a new mapping entry `key: value` at `indent` spaces,
/// its children `step` deeper.
pub(super) fn entry(
    name: &str,
    value: &Value,
    indent: usize,
    step: usize,
    quote: Quote,
) -> Result<Vec<String>, Unwritable> {
    let head = format!("{}{}:", " ".repeat(indent), key(name, quote));
    if is_inline(value) {
        return Ok(vec![format!("{head} {}", scalar(value, None))]);
    }
    let mut lines = vec![head];
    lines.extend(children(value, indent + step, step, quote)?);
    Ok(lines)
}

/// A value written on its key's line: a scalar or an empty collection.
pub(super) fn is_inline(value: &Value) -> bool {
    match value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => true,
    }
}

/// The lines under a key for a non-empty collection: entries, or items
/// `- x` at `indent`.
pub(super) fn children(value: &Value, indent: usize, step: usize, quote: Quote) -> Result<Vec<String>, Unwritable> {
    let mut lines = Vec::new();
    match value {
        Value::Object(map) => {
            for (name, v) in map {
                lines.extend(entry(name, v, indent, step, quote)?);
            }
        }
        Value::Array(items) => {
            for item in items {
                lines.extend(item_lines(item, indent, step, quote)?);
            }
        }
        _ => return Err(Unwritable),
    }
    Ok(lines)
}

/// One sequence item: `- scalar`, or a mapping whose first entry shares
/// the dash's line and whose others align with it.
pub(super) fn item_lines(item: &Value, indent: usize, step: usize, quote: Quote) -> Result<Vec<String>, Unwritable> {
    let dash = format!("{}- ", " ".repeat(indent));
    match item {
        Value::Object(map) if !map.is_empty() => {
            let mut lines = children(item, indent + 2, step, quote)?;
            if let Some(first) = lines.first_mut() {
                *first = format!("{dash}{}", &first[indent + 2..]);
            }
            Ok(lines)
        }
        Value::Array(inner) if !inner.is_empty() => Err(Unwritable),
        scalar_item => Ok(vec![format!("{dash}{}", scalar(scalar_item, None))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_plain_only_when_unambiguous() {
        for (s, expected) in [
            ("温州示例", "温州示例"),
            ("2025-07-09", "2025-07-09"),
            ("group-a", "group-a"),
            ("Bob", "Bob"),
            ("0x1F", "\"0x1F\""),
            (
                "企业于2024年3月开始实施，未满2年。",
                "企业于2024年3月开始实施，未满2年。",
            ),
            ("https://example.gov.cn/zlj/", "https://example.gov.cn/zlj/"),
            ("", "\"\""),
            ("yes", "\"yes\""),
            ("No", "\"No\""),
            ("null", "\"null\""),
            ("012", "\"012\""),
            ("4.1.2", "\"4.1.2\""),
            ("12:30", "\"12:30\""),
            ("1e3", "\"1e3\""),
            ("a: b", "\"a: b\""),
            ("a #b", "\"a #b\""),
            ("- x", "\"- x\""),
            ("*ref", "\"*ref\""),
            (" lead", "\" lead\""),
            ("[x]", "\"[x]\""),
            ("two\nlines", "\"two\\nlines\""),
            ("say \"hi\" \\ \u{7f}", "\"say \\\"hi\\\" \\\\ \\u007F\""),
        ] {
            assert_eq!(scalar(&json!(s), None), expected, "{s:?}");
            let back = yaml::parse(&format!("k: {expected}\n")).expect(expected);
            assert_eq!(back["k"], json!(s), "{s:?} reads back");
        }
    }

    #[test]
    fn a_replaced_value_keeps_its_quotes_where_they_can_carry_it() {
        assert_eq!(scalar(&json!("x"), Some(Style::DoubleQuoted)), "\"x\"");
        assert_eq!(scalar(&json!("it's"), Some(Style::SingleQuoted)), "'it''s'");
        assert_eq!(scalar(&json!("a\nb"), Some(Style::SingleQuoted)), "\"a\\nb\"");
        assert_eq!(scalar(&json!(45.5), Some(Style::DoubleQuoted)), "45.5");
        assert_eq!(scalar(&json!(600), None), "600");
        assert_eq!(scalar(&json!(true), None), "true");
    }

    #[test]
    fn keys_are_quoted_as_their_siblings_are() {
        assert_eq!(key("score", Quote::Double), "score");
        assert_eq!(key("4.1.2", Quote::Double), "\"4.1.2\"");
        assert_eq!(key("4.1.2", Quote::Single), "'4.1.2'");
        assert_eq!(key("2024-call", Quote::Double), "\"2024-call\"");
        assert_eq!(key("on", Quote::Double), "\"on\"");
        assert_eq!(key("名称", Quote::Double), "\"名称\"");
    }

    #[test]
    fn new_entries_are_block_lines() {
        let value = json!({"score": 612, "items": {"4.1.2": 40, "4.1.3": 20}, "members": ["a", "b"],
            "incidents": [{"kind": "major-accident", "date": "2024-01-02"}], "empty": []});
        let lines = entry("material", &value, 0, 2, Quote::Double).expect("writable");
        assert_eq!(
            lines.join("\n"),
            "material:\n  score: 612\n  items:\n    \"4.1.2\": 40\n    \"4.1.3\": 20\n  members:\n    - a\n    - b\n  incidents:\n    - kind: major-accident\n      date: 2024-01-02\n  empty: []"
        );
        let text = format!("{}\n", lines.join("\n"));
        assert_eq!(yaml::parse(&text).expect("parses"), json!({"material": value}));
        assert_eq!(entry("x", &json!([[1]]), 0, 2, Quote::Double), Err(Unwritable));
    }
}
