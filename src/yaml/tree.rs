//! Building the JSON value of a file straight from parser events, in the
//! same pass that holds the file to its [`Bounds`]. Scalars are resolved
//! the way serde_yaml resolves them (YAML 1.2 core schema: `~`, `null`,
//! `true`, integers with `0x`/`0o`/`0b`, floats; `012` and dates stay
//! strings), so the content format did not change when this replaced it.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr::Marker;
use saphyr_parser::{Event, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use super::bounds::{Bounds, Excess};
use crate::diagnostics::Message;

/// A problem found while building, at a node's source range.
#[derive(Debug)]
pub(super) struct Found {
    pub start: Marker,
    pub end: Marker,
    pub message: Message,
}

/// Why the file cannot be read at all, beyond the first problem.
#[derive(Debug)]
pub(super) enum Fatal {
    /// A key repeated in one mapping, at the second one.
    Duplicate(Marker, Marker),
}

/// The value being built, one open collection per level.
#[derive(Debug, Default)]
pub(super) struct Tree {
    bounds: Bounds,
    stack: Vec<Open>,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
    /// Documents started so far.
    pub documents: usize,
    /// Where the second document's first node starts.
    pub second: Option<Marker>,
    pub fatal: Option<Fatal>,
    pub found: Vec<Found>,
}

#[derive(Debug)]
struct Open {
    slot: Slot,
    anchor: usize,
    start: Marker,
    tag: Option<String>,
}

#[derive(Debug)]
enum Slot {
    Sequence(Vec<Value>),
    Mapping(Map<String, Value>, Option<Key>),
}

/// The key of a mapping entry whose value is awaited.
#[derive(Debug)]
enum Key {
    Name(String),
    /// A key that was refused; its value is dropped.
    Refused,
}

/// A finished node, on its way into its parent.
struct Node {
    value: Value,
    anchor: usize,
    start: Marker,
    end: Marker,
    /// Already reported (a tag): no second finding as a key.
    reported: bool,
}

impl Tree {
    /// Takes one event; an exceeded bound stops the pass.
    pub(super) fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Excess> {
        match event {
            Event::DocumentStart(_) => self.documents += 1,
            Event::DocumentEnd => self.note_second(span.start),
            Event::SequenceStart(anchor, tag) => self.open(Slot::Sequence(Vec::new()), anchor, tag, span)?,
            Event::MappingStart(anchor, tag) => self.open(Slot::Mapping(Map::new(), None), anchor, tag, span)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Scalar(text, style, anchor, tag) => self.scalar(text, style, anchor, tag, span),
            Event::Alias(id) => self.alias(id, span)?,
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// The root value; `null` for a file without a document.
    pub(super) fn root(self) -> Value {
        self.root.unwrap_or(Value::Null)
    }

    fn note_second(&mut self, at: Marker) {
        if self.documents == 2 && self.second.is_none() {
            self.second = Some(at);
        }
    }

    fn open(&mut self, slot: Slot, anchor: usize, tag: Option<Cow<'_, Tag>>, span: Span) -> Result<(), Excess> {
        self.bounds.open(anchor, span.start)?;
        self.note_second(span.start);
        self.stack.push(Open {
            slot,
            anchor,
            start: span.start,
            tag: tag.map(|t| shown_tag(&t)),
        });
        Ok(())
    }

    fn close(&mut self, span: Span) {
        self.bounds.close();
        let Some(open) = self.stack.pop() else {
            return;
        };
        let value = match open.slot {
            Slot::Sequence(items) => Value::Array(items),
            Slot::Mapping(map, _) => Value::Object(map),
        };
        let mut node = Node {
            value,
            anchor: open.anchor,
            start: open.start,
            end: span.start,
            reported: false,
        };
        if let Some(tag) = open.tag {
            self.refuse_tag(&mut node, &tag);
        }
        self.add(node);
    }

    fn scalar(&mut self, text: Cow<'_, str>, style: ScalarStyle, anchor: usize, tag: Option<Cow<'_, Tag>>, span: Span) {
        self.bounds.scalar(anchor);
        self.note_second(span.start);
        let mut node = Node {
            value: Value::Null,
            anchor,
            start: span.start,
            end: span.end,
            reported: false,
        };
        match (tag, style) {
            (Some(tag), _) => self.refuse_tag(&mut node, &shown_tag(&tag)),
            (None, ScalarStyle::Plain) => match resolve_plain(text) {
                Ok(value) => node.value = value,
                Err(message) => {
                    self.report(&node, message);
                    node.reported = true;
                }
            },
            (None, _) => node.value = Value::String(owned(text)),
        }
        self.add(node);
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), Excess> {
        self.bounds.alias(id, span.start)?;
        self.note_second(span.start);
        let value = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
        self.add(Node {
            value,
            anchor: 0,
            start: span.start,
            end: span.end,
            reported: false,
        });
        Ok(())
    }

    fn refuse_tag(&mut self, node: &mut Node, tag: &str) {
        let message = Message::new(
            format!("不支持 YAML 标签 `{tag}`：请删去标签"),
            format!("YAML tags such as `{tag}` are not supported: remove the tag"),
        );
        self.report(node, message);
        node.value = Value::Null;
        node.reported = true;
    }

    fn report(&mut self, node: &Node, message: Message) {
        self.found.push(Found {
            start: node.start,
            end: node.end,
            message,
        });
    }

    /// Puts a finished node into its parent: an item, a key, or the value
    /// of the key before it.
    fn add(&mut self, node: Node) {
        if node.anchor > 0 {
            self.anchors.insert(node.anchor, node.value.clone());
        }
        let Some(parent) = self.stack.last_mut() else {
            if self.documents <= 1 {
                self.root = Some(node.value);
            }
            return;
        };
        match &mut parent.slot {
            Slot::Sequence(items) => items.push(node.value),
            Slot::Mapping(map, key) => match key.take() {
                None => *key = Some(accept_key(node, map, &mut self.found, &mut self.fatal)),
                Some(Key::Name(name)) => {
                    map.insert(name, node.value);
                }
                Some(Key::Refused) => {}
            },
        }
    }
}

/// A mapping key: a string not yet in the mapping, and not `<<`.
fn accept_key(node: Node, map: &Map<String, Value>, found: &mut Vec<Found>, fatal: &mut Option<Fatal>) -> Key {
    let message = match node.value {
        Value::String(name) if name != "<<" => {
            if map.contains_key(&name) {
                fatal.get_or_insert(Fatal::Duplicate(node.start, node.end));
                return Key::Refused;
            }
            return Key::Name(name);
        }
        Value::String(_) => Message::new(
            "不支持 YAML 合并键 `<<`：请把字段逐一写出",
            "YAML merge keys `<<` are not supported: write the fields out",
        ),
        _ if node.reported => return Key::Refused,
        other => {
            let shown = match other {
                Value::Array(_) => "[…]".to_owned(),
                Value::Object(_) => "{…}".to_owned(),
                scalar => scalar.to_string(),
            };
            Message::new(
                format!("键 `{shown}` 不是字符串：请加引号，例如 \"{shown}\""),
                format!("key `{shown}` is not a string: quote it, as in \"{shown}\""),
            )
        }
    };
    found.push(Found {
        start: node.start,
        end: node.end,
        message,
    });
    Key::Refused
}

/// A tag as written: `!x`, or `!!str` for the core schema's.
fn shown_tag(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        tag.to_string()
    }
}

/// The value of a plain scalar, or why it is refused (a non-finite
/// number).
fn resolve_plain(text: Cow<'_, str>) -> Result<Value, Message> {
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    if let Some(int) = parse_int(&text) {
        return Ok(Value::Number(int));
    }
    if !leading_zero_digits(&text)
        && let Some(f) = parse_float(&text)
    {
        return Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            Message::new(
                "不接受非有限数值（.nan、.inf）",
                "non-finite numbers (.nan, .inf) are not accepted",
            )
        });
    }
    Ok(Value::String(owned(text)))
}

/// The scalar's text as an owned string without spare capacity: the
/// scanner grows it a character at a time, and the string may live in the
/// model for the whole build (a profile's block scalar with up to twice
/// its length in capacity, times one organisation file per application).
fn owned(text: Cow<'_, str>) -> String {
    let mut text = text.into_owned();
    text.shrink_to_fit();
    text
}

/// Digits with a leading zero (`012`, `-007`) are a string in YAML 1.2.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// An integer: decimal with an optional sign, or `0x`, `0o`, `0b`
/// (`-0x…` too). Out of range of i64 and u64, it is left to floats.
fn parse_int(text: &str) -> Option<Number> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if unsigned.starts_with(['+', '-']) {
        return None;
    }
    let (radix, digits) = match unsigned.get(..2) {
        Some("0x") => (16, &unsigned[2..]),
        Some("0o") => (8, &unsigned[2..]),
        Some("0b") => (2, &unsigned[2..]),
        _ => {
            if leading_zero_digits(unsigned) {
                return None;
            }
            (10, unsigned)
        }
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if !negative {
        return Some(magnitude.into());
    }
    // -9223372036854775808 is the one magnitude past i64::MAX that fits.
    0i64.checked_sub_unsigned(magnitude).map(Number::from)
}

/// A float as serde_yaml reads one: Rust's syntax, finite, or one of the
/// YAML spellings of infinity and NaN (returned non-finite, to refuse).
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Value {
        resolve_plain(Cow::Borrowed(text)).unwrap_or_else(|m| panic!("{text}: {}", m.en))
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_resolves_them() {
        let cases: &[(&str, Value)] = &[
            ("", Value::Null),
            ("~", Value::Null),
            ("NULL", Value::Null),
            ("True", Value::Bool(true)),
            ("FALSE", Value::Bool(false)),
            ("yes", Value::from("yes")),
            ("0", Value::from(0)),
            ("-0", Value::from(0)),
            ("2024", Value::from(2024)),
            ("+12", Value::from(12)),
            ("-12", Value::from(-12)),
            ("0x1F", Value::from(31)),
            ("-0x1F", Value::from(-31)),
            ("0o17", Value::from(15)),
            ("0b101", Value::from(5)),
            ("012", Value::from("012")),
            ("-007", Value::from("-007")),
            ("0x", Value::from("0x")),
            ("0x-1", Value::from("0x-1")),
            ("+-1", Value::from("+-1")),
            ("1_000", Value::from("1_000")),
            ("18446744073709551615", Value::from(u64::MAX)),
            ("-9223372036854775808", Value::from(i64::MIN)),
            ("2.5", Value::from(2.5)),
            ("-.5", Value::from(-0.5)),
            ("1e3", Value::from(1000.0)),
            ("18446744073709551616", Value::from(18446744073709551616.0)),
            ("inf", Value::from("inf")),
            ("NaN", Value::from("NaN")),
            ("2023-05-01", Value::from("2023-05-01")),
            ("0.5.1", Value::from("0.5.1")),
            ("91330300MA2L0A0B1X", Value::from("91330300MA2L0A0B1X")),
        ];
        for (text, expected) in cases {
            assert_eq!(&plain(text), expected, "{text}");
        }
    }

    #[test]
    fn non_finite_spellings_are_refused() {
        for text in [".inf", "-.Inf", "+.INF", ".nan", ".NaN"] {
            assert!(resolve_plain(Cow::Borrowed(text)).is_err(), "{text}");
        }
    }
}
