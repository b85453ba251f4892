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
//! Pointers are RFC 6901's and, as in RFC 6902, all pointers of one
//! `apply` point into the file as read. On lists:
//! - `Change::set("/list/-", item)`, or `/list/N` with N the list's
//!   length, appends `item` after the last item's lines (before comment
//!   lines after it, as a new key goes before them), at the items' dash
//!   column: `- text`, or `- key: v` with the other keys under the first.
//!   An append to an absent, empty or `[]` list makes or fills it.
//! - `Change::remove("/list/N")` removes item N's lines (comment lines
//!   above or between items stay, as for mapping entries). A list that
//!   would be left empty is refused: remove its key instead.
//! - `Change::set("/list/N/key", v)` changes, adds or removes (`remove`)
//!   a key of a mapping item; its first key, on the dash line, goes only
//!   when the next key starts the next line (that key moves up).
//! - `Change::set("/list", items)` changes a list of another length item
//!   by item, then appends or removes the tail.
//! - A one-line flow list of texts (`members: [a, b]`) takes all of these
//!   too: it is written anew on its line, kept items as they were written.
//!
//! The value to read back models this: sets and mapping removals first,
//! then appends in order, then item removals from the last. A removal
//! takes the changes at or under its pointer with it; two other changes
//! one at or under the other are refused (`prepare`). Several sets under
//! one missing mapping (`/onsite/date`, `/onsite/result`) are one block.
//!
//! A block text (`|` or `>`) is given its new lines at its old lines'
//! indentation, as a literal block (`|-` without a final line break),
//! its header's comment kept; a value inside a one-line flow mapping
//! (`{for: 19, against: 2}`) is replaced where it stands.
//!
//! Refused, naming the line to edit by hand: a change where the text uses
//! an anchor, an alias or a tag, a flow mapping (`{…}`) on several lines,
//! nested or to gain or lose a key, a flow list on several lines or
//! holding collections, a multi-line plain or quoted value, a block text
//! that keeps its trailing lines (`|+`) or states its indentation, a text
//! a literal block cannot hold as it is (starting with a space, ending in
//! several line breaks); emptying a list; a nested
//! list item on its parent's dash line (`- - a`); changing a value's kind
//! (a text into a mapping), except giving an empty key a mapping or list.
//! Nothing here writes a file: [`crate::write::write_edits`] does.

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

    /// Where the deepest node on the way to `segments` starts.
    fn position(&self, segments: &[String]) -> usize {
        (0..=segments.len())
            .rev()
            .find_map(|n| self.layout.find(&segments[..n]))
            .map_or(0, |(id, _)| self.layout.node(id).start)
    }

    /// The file's bytes with `changes` made, or why not. The result is
    /// read again and must equal the old value with exactly the changes.
    pub fn apply(&self, changes: &[Change]) -> Result<Vec<u8>, Refusal> {
        let text = self.yaml_text();
        let refusal = |at: usize, message: Message| Refusal {
            line: Some(line_of(text, at) + self.line_offset),
            message: with_line(message, line_of(text, at) + self.line_offset),
        };
        let prepared = prepare(&self.value, changes).map_err(|segments| {
            refusal(
                self.position(&segments),
                Message::new(
                    "几处修改落在同一处（一处在另一处之内），无法一并完成",
                    "two of the changes fall on the same place (one inside the other)",
                ),
            )
        })?;
        let splices = plan::plan(&self.layout, text, &self.value, &prepared).map_err(|r| refusal(r.at, r.message))?;
        let mut edited = String::with_capacity(text.len() + 256);
        let mut at = 0;
        for splice in &splices {
            edited.push_str(&text[at..splice.start]);
            edited.push_str(&splice.text);
            at = splice.end;
        }
        edited.push_str(&text[at..]);
        let mut expected = self.value.clone();
        expect(&mut expected, &prepared);
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

/// What a change does, read on the original value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op {
    /// Make the value at the pointer `value` (at `place` when new).
    Set(Value, Place),
    /// Add `value` after the last item of the list at the pointer (the
    /// list is made when absent or empty).
    Append(Value),
    /// Remove the mapping entry at the pointer.
    Remove,
    /// Remove item `usize` of the list at the pointer.
    RemoveItem(usize),
}

/// A change made ready: the pointer's segments (the list's, for
/// [`Op::Append`] and [`Op::RemoveItem`]) and what to do there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Prepared {
    pub segments: Vec<String>,
    pub op: Op,
}

impl Prepared {
    /// The segments of the place it changes: a list item's index, `-`
    /// for an append.
    pub(crate) fn target(&self) -> Vec<String> {
        let mut target = self.segments.clone();
        match &self.op {
            Op::Append(_) => target.push("-".to_owned()),
            Op::RemoveItem(i) => target.push(i.to_string()),
            Op::Set(..) | Op::Remove => {}
        }
        target
    }
}

/// Reads `changes` on the original `value` (RFC 6902 pointers, all of
/// them into the file as read): a set of `/list/-` or `/list/N` with N
/// the list's length is an append, a removal of `/list/N` an item's
/// removal, a removal of what is absent nothing. A removal takes the
/// changes at or under its pointer with it. Two changes of which one is
/// at or under the other are refused (two appends to one list are not):
/// the segments of the second are returned.
pub(crate) fn prepare(value: &Value, changes: &[Change]) -> Result<Vec<Prepared>, Vec<String>> {
    let mut prepared: Vec<Prepared> = Vec::new();
    for change in changes {
        let mut segments = segments(&change.pointer);
        let last = segments.last().cloned();
        let parent = segments
            .split_last()
            .and_then(|(_, parent)| plan::pointer_get(value, parent));
        let op = match (&change.action, parent, last) {
            (Action::Set { value: new, .. }, Some(Value::Array(items)), Some(last))
                if last == "-" || last.parse::<usize>().ok() == Some(items.len()) =>
            {
                segments.pop();
                Op::Append(new.clone())
            }
            (Action::Set { value: new, .. }, None | Some(Value::Null), Some(last)) if last == "-" => {
                segments.pop();
                Op::Append(new.clone())
            }
            (Action::Set { value: new, place }, ..) => Op::Set(new.clone(), place.clone()),
            (Action::Remove, Some(Value::Array(items)), Some(last)) => match last.parse::<usize>() {
                Ok(i) if i < items.len() && last == i.to_string() => {
                    segments.pop();
                    Op::RemoveItem(i)
                }
                _ => continue,
            },
            (Action::Remove, Some(Value::Object(map)), Some(last)) if map.contains_key(&last) => Op::Remove,
            // Nothing there: nothing to remove. (The root cannot go: the planner says so.)
            (Action::Remove, ..) if segments.is_empty() => Op::Remove,
            (Action::Remove, ..) => continue,
        };
        prepared.push(Prepared { segments, op });
    }
    let removed: Vec<(usize, Vec<String>)> = prepared
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.op, Op::Remove | Op::RemoveItem(_)))
        .map(|(i, p)| (i, p.target()))
        .collect();
    let mut kept = Vec::with_capacity(prepared.len());
    for (i, p) in prepared.into_iter().enumerate() {
        let target = p.target();
        let removal = matches!(p.op, Op::Remove | Op::RemoveItem(_));
        // Under a removal, or at it: a second removal of the same goes, a set there too.
        let taken =
            |(j, r): &(usize, Vec<String>)| *j != i && target.starts_with(r) && (target != *r || !removal || *j < i);
        if !removed.iter().any(taken) {
            kept.push(p);
        }
    }
    let targets: Vec<Vec<String>> = kept.iter().map(Prepared::target).collect();
    for (i, a) in targets.iter().enumerate() {
        for (j, b) in targets.iter().enumerate().skip(i + 1) {
            let appends = matches!((&kept[i].op, &kept[j].op), (Op::Append(_), Op::Append(_))) && a == b;
            if !appends && (a.starts_with(b) || b.starts_with(a)) {
                return Err(targets[j].clone());
            }
        }
    }
    Ok(kept)
}

/// Makes the prepared changes to the value itself: what the edited file
/// must read as. Pointers are into the original value, so sets and
/// mapping removals come first, then appends in their order, then item
/// removals, deepest first and from the last item.
fn expect(value: &mut Value, prepared: &[Prepared]) {
    for p in prepared {
        match &p.op {
            Op::Set(new, _) => {
                if let Some(slot) = slot(value, &p.segments) {
                    *slot = new.clone();
                }
            }
            Op::Remove => {
                if let Some((name, parent)) = p.segments.split_last()
                    && let Some(Value::Object(map)) = plan::pointer_get_mut(value, parent)
                {
                    map.shift_remove(name);
                }
            }
            Op::Append(_) | Op::RemoveItem(_) => {}
        }
    }
    for p in prepared {
        if let Op::Append(item) = &p.op
            && let Some(slot) = slot(value, &p.segments)
        {
            if slot.is_null() {
                *slot = Value::Array(Vec::new());
            }
            if let Value::Array(items) = slot {
                items.push(item.clone());
            }
        }
    }
    let mut removals: Vec<(&[String], usize)> = prepared
        .iter()
        .filter_map(|p| match p.op {
            Op::RemoveItem(i) => Some((p.segments.as_slice(), i)),
            _ => None,
        })
        .collect();
    removals.sort_by_key(|(segments, i)| std::cmp::Reverse((segments.len(), *i)));
    for (segments, i) in removals {
        if let Some(Value::Array(items)) = plan::pointer_get_mut(value, segments)
            && i < items.len()
        {
            items.remove(i);
        }
    }
}

/// The value at `segments`, mappings made on the way where a key is
/// missing or the value there is not a mapping; none through a list
/// without that item.
fn slot<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    let mut at = value;
    for s in segments {
        at = match at {
            Value::Array(items) => items.get_mut(s.parse::<usize>().ok()?)?,
            other => {
                if !other.is_object() {
                    *other = Value::Object(Map::new());
                }
                match other {
                    Value::Object(map) => map.entry(s.clone()).or_insert(Value::Null),
                    _ => return None,
                }
            }
        };
    }
    Some(at)
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
