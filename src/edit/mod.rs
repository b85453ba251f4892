//! Editing content files in place: the values asked for change, every
//! other byte stays (SPEC section 10, "edits keep every other byte").
//!
//! An [`Editable`] is a file's bytes as read, its value and its layout
//! (byte ranges from [`crate::yaml::Layout`]). [`Editable::apply`] turns
//! [`Change`]s (JSON pointer → new value, or removal) into splices of the
//! YAML text (`plan`), writes new values conservatively (`render`), puts
//! back the byte-order mark and the notice's body untouched, then reads
//! the result again with [`crate::yaml::parse`] and requires it to equal
//! the old value with exactly those changes. Comments, blank lines, key
//! order, the quoting of untouched values, line endings (CRLF or LF) and
//! the modeline are never rewritten, since no splice reaches them.
//!
//! Refused, naming the line to edit by hand: a change where the text uses
//! an anchor, an alias or a tag, a flow collection (`[…]`, `{…}`) or a
//! multi-line value; adding or removing list items; changing a value's
//! kind (a text into a mapping), except giving an empty key a mapping or
//! list. Nothing here writes a file: [`crate::write::write_edits`] does.

mod plan;
mod render;
#[cfg(test)]
mod tests;

use std::ops::Range;

use serde_json::{Map, Value};

use crate::diagnostics::Message;
use crate::yaml::{self, Layout};

/// How a file holds its YAML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The whole file (programme, organisations, experts, cycles, applications).
    Yaml,
    /// Front matter between `---` lines, then Markdown (notices).
    FrontMatter,
}

/// Where a new mapping key goes among its siblings; a key already there
/// stays where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// After the last entry.
    End,
    /// After this sibling's lines (at the end when it is absent).
    After(String),
    /// Before this sibling and the comment lines just above it (at the end
    /// when it is absent).
    Before(String),
}

/// What to do at a pointer.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Make the value there `value`: a scalar is replaced, a mapping is
    /// changed key by key (new keys inserted after the nearest key before
    /// them in `value`'s order), a missing key is inserted at `place`
    /// (missing mappings above it too).
    Set { value: Value, place: Place },
    /// Remove the mapping entry there (nothing when it is absent).
    Remove,
}

/// One change: a JSON pointer (RFC 6901) into the file's value, and what
/// to do there.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub pointer: String,
    pub action: Action,
}

impl Change {
    pub fn set(pointer: impl Into<String>, value: Value) -> Change {
        Change::set_at(pointer, value, Place::End)
    }

    pub fn set_at(pointer: impl Into<String>, value: Value, place: Place) -> Change {
        Change {
            pointer: pointer.into(),
            action: Action::Set { value, place },
        }
    }

    pub fn remove(pointer: impl Into<String>) -> Change {
        Change {
            pointer: pointer.into(),
            action: Action::Remove,
        }
    }
}

/// Why an edit was refused: what, and the line of the file (from 1) to
/// edit by hand instead, when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub line: Option<usize>,
    pub message: Message,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for Refusal {}

/// A content file as read, ready to be edited.
#[derive(Debug)]
pub struct Editable {
    bytes: Vec<u8>,
    /// The YAML text's range in `bytes`.
    region: Range<usize>,
    /// Lines of the file before the YAML text (a notice's `---`).
    line_offset: usize,
    value: Value,
    layout: Layout,
}

impl Editable {
    /// Reads `bytes`, a whole content file. Refused when it is not UTF-8,
    /// a notice has no front matter, or the YAML does not parse (then the
    /// message gives the first problem's line).
    pub fn parse(bytes: Vec<u8>, format: Format) -> Result<Editable, Refusal> {
        let text = std::str::from_utf8(&bytes).map_err(|_| Refusal {
            line: None,
            message: Message::new("文件不是有效的 UTF-8 编码", "the file is not valid UTF-8"),
        })?;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let (region, line_offset) = match format {
            Format::Yaml => (bom..text.len(), 0),
            Format::FrontMatter => {
                let rest = &text[bom..];
                let (front, _) = crate::load::split_front_matter(rest).ok_or_else(|| Refusal {
                    line: Some(1),
                    message: Message::new(
                        "公告缺少 YAML 头信息（`---` 行之间）",
                        "the notice has no front matter between `---` lines",
                    ),
                })?;
                let start = bom + (front.as_ptr() as usize - rest.as_ptr() as usize);
                (start..start + front.len(), 1)
            }
        };
        let yaml_text = &text[region.clone()];
        let value = yaml::parse(yaml_text).map_err(|problems| {
            let line = problems.iter().find_map(|p| match p.at {
                yaml::ProblemAt::Range(start, _) => Some(start.line + line_offset),
                yaml::ProblemAt::File => None,
            });
            Refusal {
                line,
                message: Message::new(
                    "文件有 YAML 错误，请先用 qaward validate 检查并改正",
                    "the file has YAML errors: run qaward validate and fix them first",
                ),
            }
        })?;
        let layout = Layout::build(yaml_text).map_err(|e| Refusal {
            line: Some(line_of(yaml_text, e.at) + line_offset),
            message: Message::new(
                format!("YAML 语法错误：{}", e.info),
                format!("YAML syntax error: {}", e.info),
            ),
        })?;
        Ok(Editable {
            bytes,
            region,
            line_offset,
            value,
            layout,
        })
    }

    /// The file's value, as [`crate::yaml::parse`] reads it.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The bytes the edit is made from: [`crate::write::write_edits`]
    /// writes only while the file still holds them.
    pub fn original(&self) -> &[u8] {
        &self.bytes
    }

    fn yaml_text(&self) -> &str {
        // `parse` checked that the bytes are UTF-8 and the region lies on
        // character boundaries.
        std::str::from_utf8(&self.bytes[self.region.clone()]).unwrap_or_default()
    }

    /// The file's bytes with `changes` made, or why not. The result is
    /// read again and must equal the old value with exactly the changes.
    pub fn apply(&self, changes: &[Change]) -> Result<Vec<u8>, Refusal> {
        let text = self.yaml_text();
        let refusal = |at: usize, message: Message| Refusal {
            line: Some(line_of(text, at) + self.line_offset),
            message: with_line(message, line_of(text, at) + self.line_offset),
        };
        let splices = plan::plan(&self.layout, text, &self.value, changes).map_err(|r| refusal(r.at, r.message))?;
        let mut edited = String::with_capacity(text.len() + 256);
        let mut at = 0;
        for splice in &splices {
            edited.push_str(&text[at..splice.start]);
            edited.push_str(&splice.text);
            at = splice.end;
        }
        edited.push_str(&text[at..]);
        let mut expected = self.value.clone();
        for change in changes {
            expect(&mut expected, change);
        }
        let first = splices.first().map_or(0, |s| s.start);
        match yaml::parse(&edited) {
            Ok(reread) if same(&reread, &expected) => {}
            _ => {
                return Err(refusal(
                    first,
                    Message::new(
                        "修改后重新读取的内容与预期不符，未作修改",
                        "the edited file does not read back as the intended change, so nothing was changed",
                    ),
                ));
            }
        }
        let mut bytes = Vec::with_capacity(self.bytes.len() + edited.len() - text.len());
        bytes.extend_from_slice(&self.bytes[..self.region.start]);
        bytes.extend_from_slice(edited.as_bytes());
        bytes.extend_from_slice(&self.bytes[self.region.end..]);
        Ok(bytes)
    }
}

/// A refusal's message with the line to edit by hand.
fn with_line(message: Message, line: usize) -> Message {
    Message::new(
        format!(
            "第 {line} 行：{}；qaward 不自动修改这里，请手工编辑第 {line} 行",
            message.zh
        ),
        format!(
            "line {line}: {}; qaward does not change this itself: edit line {line} by hand",
            message.en
        ),
    )
}

/// The line (from 1) of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A JSON pointer's segments, unescaped (RFC 6901); `""` is the root.
pub(crate) fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Makes `change` to the value itself: what the edited file must read as.
fn expect(value: &mut Value, change: &Change) {
    let segments = segments(&change.pointer);
    match &change.action {
        Action::Set { value: new, .. } => {
            let mut at = value;
            for s in &segments {
                at = match at {
                    Value::Array(items) => match s.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        Some(item) => item,
                        None => return,
                    },
                    other => {
                        if !other.is_object() {
                            *other = Value::Object(Map::new());
                        }
                        match other {
                            Value::Object(map) => map.entry(s.clone()).or_insert(Value::Null),
                            _ => return,
                        }
                    }
                };
            }
            *at = new.clone();
        }
        Action::Remove => {
            if let Some((name, parent)) = segments.split_last()
                && let Some(Value::Object(map)) = plan::pointer_get_mut(value, parent)
            {
                map.shift_remove(name);
            }
        }
    }
}

/// Equal values, numbers by value (`603` is `603.0`), mappings in any order.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
