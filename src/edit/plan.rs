//! Turning changes into splices of the YAML text: which bytes to replace
//! with what, decided on the layout of the text as read.
//!
//! Six primitives touch text: a single-line scalar is replaced where it
//! stands (in a one-line flow mapping too); a block text's lines are
//! replaced by the new text's; a mapping entry is inserted as whole lines at its siblings'
//! indentation (after a sibling's last line, or before a sibling's key
//! and the comment lines just above it); a mapping entry is removed as
//! whole lines; list items are added as whole lines after the last item
//! at its dash column and removed as whole lines (all of one list in one
//! step, so a removed last item's place can take the new ones); a
//! one-line flow list of texts is written anew between its brackets.
//! Setting a mapping or a list to a new one is these applied key by key
//! or item by item, so keys, comments and order of what stays are kept.
//! Changes adding to the same missing mapping are first made one (`group`).
//! Each primitive refuses, naming where, when the text there has an
//! anchor or an alias, a flow collection it cannot write, or a
//! multi-line value.

use serde_json::{Map, Value};

use super::render::{self, Quote};
use super::{Op, Place, Prepared, same};
use crate::diagnostics::Message;
use crate::yaml::{Entry, Layout, NodeId, Shape, Style, line_end, line_start};

/// Replace `start..end` of the YAML text with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Why a change cannot be made, at a byte offset of the YAML text.
#[derive(Debug)]
pub(super) struct Refused {
    pub at: usize,
    pub message: Message,
}

type Planned = Result<(), Refused>;

/// Where new lines go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
    /// After the line whose content ends at this offset (before its break).
    AfterLine(usize),
    /// Before the line that starts at this offset.
    BeforeLine(usize),
}

/// The splices that make the `prepared` changes to `text`, whose layout
/// and value are given.
pub(super) fn plan(layout: &Layout, text: &str, value: &Value, prepared: &[Prepared]) -> Result<Vec<Splice>, Refused> {
    let mut planner = Planner {
        layout,
        text,
        eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
        step: indent_step(layout, text),
        splices: Vec::new(),
    };
    let mut lists: Vec<ListEdit> = Vec::new();
    for p in &group(layout, value, prepared) {
        let list = |lists: &mut Vec<ListEdit>| -> usize {
            let segments = match p.op {
                Op::Set(..) => p.segments.split_last().map_or(&[][..], |(_, parent)| parent),
                _ => &p.segments,
            };
            lists.iter().position(|l| l.segments == segments).unwrap_or_else(|| {
                lists.push(ListEdit {
                    segments: segments.to_vec(),
                    set: Vec::new(),
                    removed: Vec::new(),
                    appended: Vec::new(),
                });
                lists.len() - 1
            })
        };
        match &p.op {
            Op::Set(new, _) if let Some(i) = planner.flow_item(&p.segments) => {
                let at = list(&mut lists);
                lists[at].set.push((i, new.clone()));
            }
            Op::Set(new, place) => planner.set(value, &p.segments, new, place)?,
            Op::Remove => planner.remove(value, &p.segments)?,
            Op::Append(item) => {
                let at = list(&mut lists);
                lists[at].appended.push(item.clone());
            }
            Op::RemoveItem(i) => {
                let at = list(&mut lists);
                lists[at].removed.push(*i);
            }
        }
    }
    for list in &lists {
        planner.edit_list(value, list)?;
    }
    let mut splices = planner.splices;
    splices.sort_by_key(|s| (s.start, s.end));
    if let Some(pair) = splices.windows(2).find(|w| w[1].start < w[0].end) {
        return Err(Refused {
            at: pair[1].start,
            message: Message::new(
                "几处修改落在同一处文字上，无法一并完成",
                "two of the changes fall on the same text",
            ),
        });
    }
    Ok(splices)
}

/// The changes with those that add to the same missing mapping or list
/// (or the same empty key) made one set of it, where the first of them
/// was: `/onsite/date` and `/onsite/result` on a file without `onsite`
/// are one set of `/onsite` to `{date, result}`, keys in their order.
fn group(layout: &Layout, value: &Value, prepared: &[Prepared]) -> Vec<Prepared> {
    let mut out: Vec<Prepared> = Vec::with_capacity(prepared.len());
    // The index in `out` of each group's set.
    let mut groups: Vec<(Vec<String>, usize)> = Vec::new();
    for p in prepared {
        let (target, new, place) = match &p.op {
            Op::Set(new, place) => (p.segments.clone(), new, place),
            Op::Append(item) => (p.target(), item, &Place::End),
            Op::Remove | Op::RemoveItem(_) => {
                out.push(p.clone());
                continue;
            }
        };
        let Some(found) = (0..=target.len()).rev().find(|&n| layout.find(&target[..n]).is_some()) else {
            out.push(p.clone());
            continue;
        };
        let at = pointer_get(value, &target[..found]);
        let empty = found > 0
            && match at {
                Some(Value::Null) => true,
                Some(Value::Array(a)) => a.is_empty(),
                Some(Value::Object(o)) => o.is_empty(),
                _ => false,
            };
        let len = match at {
            Some(Value::Array(a)) if !empty => Some(a.len()),
            _ => None,
        };
        let exists =
            found == target.len() || (matches!(p.op, Op::Append(_)) && found + 1 == target.len() && len.is_some());
        // In a list, only an append adds (and an item beyond is refused by the planner).
        if exists || len.is_some() {
            out.push(p.clone());
            continue;
        }
        let key = target[..if empty { found } else { (found + 1).min(target.len()) }].to_vec();
        let relative = &target[key.len()..];
        let index = match groups.iter().find(|(k, _)| *k == key) {
            Some(&(_, index)) => index,
            None => {
                let place = if relative.is_empty() { place.clone() } else { Place::End };
                groups.push((key.clone(), out.len()));
                out.push(Prepared {
                    segments: key,
                    op: Op::Set(Value::Null, place),
                });
                out.len() - 1
            }
        };
        if let Op::Set(combined, _) = &mut out[index].op {
            put(combined, relative, new.clone());
        }
    }
    out
}

/// Puts `new` at `relative` in `value`, making mappings (and, for `-`,
/// lists) on the way.
fn put(value: &mut Value, relative: &[String], new: Value) {
    let Some((first, rest)) = relative.split_first() else {
        *value = new;
        return;
    };
    if first == "-" && rest.is_empty() {
        if !value.is_array() {
            *value = Value::Array(Vec::new());
        }
        if let Value::Array(items) = value {
            items.push(new);
        }
        return;
    }
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    if let Value::Object(map) = value {
        put(map.entry(first.clone()).or_insert(Value::Null), rest, new);
    }
}

/// The items of one list to remove (indices into the list as read) and
/// to add after its last item.
struct ListEdit {
    segments: Vec<String>,
    /// New values of items of a flow list (`[a, b]`), which is written anew.
    set: Vec<(usize, Value)>,
    removed: Vec<usize>,
    appended: Vec<Value>,
}

struct Planner<'a> {
    layout: &'a Layout,
    text: &'a str,
    eol: &'static str,
    step: usize,
    splices: Vec<Splice>,
}

impl Planner<'_> {
    fn set(&mut self, root: &Value, segments: &[String], new: &Value, place: &Place) -> Planned {
        if let Some((id, entry)) = self.layout.find(segments) {
            let old = pointer_get(root, segments).unwrap_or(&Value::Null);
            return self.replace(id, entry, old, new);
        }
        let Some((name, parent)) = segments.split_last() else {
            return Err(self.refuse(0, empty_document()));
        };
        match self.layout.find(parent) {
            Some((pid, _)) => self.insert(pid, name, new, place),
            None => {
                let mut wrapped = Map::new();
                wrapped.insert(name.clone(), new.clone());
                self.set(root, parent, &Value::Object(wrapped), &Place::End)
            }
        }
    }

    fn remove(&mut self, root: &Value, segments: &[String]) -> Planned {
        let Some((name, parent)) = segments.split_last() else {
            let message = Message::new(
                "qaward 不删除整个文件的内容",
                "qaward does not remove a file's whole content",
            );
            return Err(self.refuse(0, message));
        };
        match (self.layout.find(parent), pointer_get(root, segments)) {
            (Some((pid, _)), Some(_)) => self.remove_entry(pid, name),
            // Nothing there: nothing to remove.
            _ => Ok(()),
        }
    }

    /// Makes the node `id` (holding `old`) hold `new`.
    fn replace(&mut self, id: NodeId, entry: Option<Entry>, old: &Value, new: &Value) -> Planned {
        if same(old, new) {
            return Ok(());
        }
        let node = self.layout.node(id);
        match (node.shape, old, new) {
            (Shape::Scalar(style), _, Value::String(text)) if style.is_block() => self.replace_block(id, entry, text),
            (Shape::Scalar(style), _, _) if !style.is_block() && render::is_inline(new) => {
                self.replace_scalar(id, style, new)
            }
            (Shape::Scalar(Style::Plain), Value::Null, _) => self.fill(id, entry, new),
            (Shape::Mapping { flow: true } | Shape::Sequence { flow: true }, _, _) if render::is_inline(old) => {
                self.fill(id, entry, new)
            }
            (Shape::Sequence { flow: true }, Value::Array(old), Value::Array(new)) => {
                let set: Vec<(usize, Value)> = new.iter().take(old.len()).cloned().enumerate().collect();
                let removed: Vec<usize> = (new.len()..old.len()).collect();
                self.rewrite_flow(id, &set, &removed, new.get(old.len()..).unwrap_or_default())
            }
            (Shape::Mapping { flow: false }, Value::Object(old), Value::Object(new)) => {
                self.replace_mapping(id, old, new)
            }
            (Shape::Sequence { flow: false }, Value::Array(old), Value::Array(new)) => {
                // Item by item on the common length, then the tail added or removed.
                for (i, (o, n)) in old.iter().zip(new).enumerate() {
                    let item = self.layout.node(id).entries.get(i).copied();
                    if let Some(item) = item {
                        self.replace(item.value, Some(item), o, n)?;
                    }
                }
                let removed: Vec<usize> = (new.len()..old.len()).collect();
                let appended = new.get(old.len()..).unwrap_or_default();
                if removed.is_empty() && appended.is_empty() {
                    return Ok(());
                }
                self.edit_items(id, &removed, appended)
            }
            _ => {
                self.guard(id)?;
                let message = match node.shape {
                    Shape::Scalar(style) if style.is_block() => multi_line(),
                    Shape::Mapping { flow: true } | Shape::Sequence { flow: true } => flow_collection(),
                    Shape::Sequence { flow: false } => Message::new(
                        "qaward 暂不能增删列表中的项",
                        "qaward cannot yet add or remove list items",
                    ),
                    _ => Message::new(
                        "qaward 不能改变这个值的种类（文字、列表或映射）",
                        "qaward cannot change the kind of this value (text, list or mapping)",
                    ),
                };
                Err(self.refuse(node.value_start, message))
            }
        }
    }

    fn replace_scalar(&mut self, id: NodeId, style: Style, new: &Value) -> Planned {
        let in_flow = self.one_line_flow_mapping_around(id);
        if !in_flow {
            self.guard(id)?;
        }
        let node = self.layout.node(id);
        let (start, end) = (node.value_start, node.end);
        if self.text.get(start..end).is_none_or(|t| t.contains('\n')) {
            return Err(self.refuse(start, multi_line()));
        }
        let rendered = if in_flow {
            render::scalar_in_flow(new, Some(style))
        } else {
            render::scalar(new, Some(style))
        };
        let text = if start == end && start > 0 && self.text.as_bytes().get(start - 1) == Some(&b':') {
            // An empty value right after its key's colon.
            format!(" {rendered}")
        } else {
            rendered
        };
        self.splices.push(Splice { start, end, text });
        Ok(())
    }

    /// Writes `new` as the block text (`|`) of key `entry` in place of
    /// the old one: its header's comment kept, its lines at the old
    /// lines' indentation, `|-` when the text does not end with a line
    /// break. Refused when the text cannot be a literal block as is (it
    /// starts with a space, ends with several line breaks, has a line of
    /// spaces only or a carriage return), and for a block that keeps its
    /// trailing blank lines (`|+`) or states its indentation.
    fn replace_block(&mut self, id: NodeId, entry: Option<Entry>, new: &str) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        let start = node.value_start;
        let key = entry
            .and_then(|e| e.key)
            .ok_or_else(|| self.refuse(start, multi_line()))?;
        let key_indent = self.leading_indent(key)?;
        let header_end = line_end(self.text, start);
        let header = &self.text[start..header_end];
        let indicators = header.len() - header.trim_start_matches(['|', '>', '+', '-']).len();
        let (body, chomp) = match new.strip_suffix('\n') {
            Some(body) => (body, ""),
            None => (new, "-"),
        };
        let unwritable = body.starts_with(' ')
            || body.ends_with('\n')
            || body.contains('\r')
            || body.is_empty()
            || body
                .split('\n')
                .any(|l| !l.is_empty() && l.trim_matches(' ').is_empty())
            || header[..indicators].contains('+')
            || header[indicators..].starts_with(|c: char| c.is_ascii_digit());
        if unwritable {
            return Err(self.refuse(start, multi_line()));
        }
        let (content, last) = self.block_lines(header_end, key_indent);
        let indent = content.unwrap_or(key_indent + self.step);
        let mut lines = vec![format!("|{chomp}{}", &header[indicators..])];
        lines.extend(body.split('\n').map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{}{l}", " ".repeat(indent))
            }
        }));
        let end = last.unwrap_or(header_end);
        self.splices.push(Splice {
            start,
            end,
            text: lines.join(self.eol),
        });
        Ok(())
    }

    /// The lines of a block text whose header line ends at `header_end`:
    /// the indentation of its first line with text (deeper than its key's
    /// `key_indent`), and where its last line with text ends.
    fn block_lines(&self, header_end: usize, key_indent: usize) -> (Option<usize>, Option<usize>) {
        let mut indent = None;
        let mut last = None;
        let mut at = header_end;
        while at < self.text.len() {
            let from = if self.text[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            };
            let to = line_end(self.text, from);
            let line = &self.text[from..to];
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if !line.trim().is_empty() {
                if spaces <= key_indent || indent.is_some_and(|i| spaces < i) {
                    break;
                }
                indent.get_or_insert(spaces);
                last = Some(to);
            }
            at = to;
        }
        (indent, last)
    }

    fn replace_mapping(&mut self, id: NodeId, old: &Map<String, Value>, new: &Map<String, Value>) -> Planned {
        for (name, value) in new {
            if let (Some(entry), Some(before)) = (self.layout.entry(id, name), old.get(name)) {
                self.replace(entry.value, Some(entry), before, value)?;
            }
        }
        for name in old.keys().filter(|k| !new.contains_key(*k)) {
            self.remove_entry(id, name)?;
        }
        let names: Vec<&String> = new.keys().collect();
        for (i, (name, value)) in new.iter().enumerate() {
            if old.contains_key(name) {
                continue;
            }
            let kept = |n: &&&String| old.contains_key(n.as_str());
            let place = match names[..i].iter().rev().find(kept) {
                Some(prev) => Place::After((*prev).clone()),
                None => names[i + 1..]
                    .iter()
                    .find(kept)
                    .map_or(Place::End, |next| Place::Before((*next).clone())),
            };
            self.insert(id, name, value, &place)?;
        }
        Ok(())
    }

    /// A key with an empty or `null` value, or an empty `[]` or `{}`,
    /// gets a collection: its lines go under the key, and what was
    /// written after the key's colon goes.
    fn fill(&mut self, id: NodeId, entry: Option<Entry>, new: &Value) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        let Some(key) = entry.and_then(|e| e.key) else {
            return Err(self.refuse(
                node.value_start,
                Message::new(
                    "qaward 暂不能在这里填入列表或映射",
                    "qaward cannot put a list or mapping here yet",
                ),
            ));
        };
        let indent = self.key_column(key)?;
        if self.text[node.value_start..node.end].contains('\n') {
            return Err(self.refuse(node.value_start, multi_line()));
        }
        if node.value_start < node.end {
            let colon = self.text[self.layout.node(key).end..node.value_start].rfind(':');
            let from = colon.map_or(node.value_start, |c| self.layout.node(key).end + c + 1);
            self.splices.push(Splice {
                start: from,
                end: node.end,
                text: String::new(),
            });
        }
        let lines = render::children(new, indent + self.step, self.step, self.quote_of(node.parent))
            .map_err(|_| self.refuse(node.value_start, unwritable()))?;
        let at = Point::AfterLine(line_end(self.text, self.layout.node(key).end));
        self.put(at, &lines);
        Ok(())
    }

    /// Inserts the entry `name: value` into mapping `id`.
    fn insert(&mut self, id: NodeId, name: &str, value: &Value, place: &Place) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        if !matches!(node.shape, Shape::Mapping { flow: false }) {
            let message = match node.shape {
                Shape::Sequence { flow: false } => no_such_item(),
                Shape::Sequence { flow: true } | Shape::Mapping { flow: true } => flow_collection(),
                _ => Message::new(
                    "这里不是映射，不能加入字段",
                    "this is not a mapping, so no field can be added here",
                ),
            };
            return Err(self.refuse(node.value_start, message));
        }
        let Some(first) = node.entries.first().and_then(|e| e.key) else {
            return Err(self.refuse(node.value_start, flow_collection()));
        };
        let indent = self.column(first);
        let sibling = |n: &str| self.layout.entry(id, n);
        let at = match place {
            Place::After(n) if sibling(n).is_some() => sibling(n).map(|e| self.entry_end(e.value)),
            // A key that starts a list item (`- key:`) has no line of its
            // own to go before: the new key goes after its entry instead.
            Place::Before(n) => sibling(n).and_then(|e| Some((e, e.key?))).map(|(e, key)| {
                self.above_comments(key)
                    .map_or_else(|_| self.entry_end(e.value), Point::BeforeLine)
            }),
            _ => None,
        };
        let last = node.entries.last().map(|e| e.value);
        let at = match (at, last) {
            (Some(at), _) => at,
            (None, Some(last)) => self.entry_end(last),
            (None, None) => return Err(self.refuse(node.value_start, flow_collection())),
        };
        let lines = render::entry(name, value, indent, self.step, self.quote_of(Some(id)))
            .map_err(|_| self.refuse(node.value_start, unwritable()))?;
        self.put(at, &lines);
        Ok(())
    }

    fn remove_entry(&mut self, id: NodeId, name: &str) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        let Some(entry) = self.layout.entry(id, name) else {
            return Ok(());
        };
        let Some(key) = entry.key else {
            return Ok(());
        };
        if matches!(node.shape, Shape::Mapping { flow: true }) {
            return Err(self.refuse(node.value_start, flow_collection()));
        }
        for n in self.layout.subtree(entry.value) {
            let inner = self.layout.node(n);
            if inner.properties || inner.shape == Shape::Alias {
                return Err(self.refuse(inner.start, anchor_or_alias()));
            }
        }
        if node.entries.len() == 1 {
            return Err(self.refuse(
                self.layout.node(key).start,
                Message::new(
                    format!("删去 `{name}` 会使其所在的映射变空"),
                    format!("removing `{name}` would leave its mapping empty"),
                ),
            ));
        }
        if self.leading_indent(key).is_err() {
            return self.remove_first_key(id, key);
        }
        let mut start = line_start(self.text, self.layout.node(key).start);
        let end = match self.entry_end(entry.value) {
            Point::AfterLine(end) if self.text[end..].starts_with(self.eol) => end + self.eol.len(),
            Point::AfterLine(end) if self.text[end..].starts_with('\n') => end + 1,
            Point::AfterLine(end) => {
                // The file's last line, without a break: the break before it goes.
                start = self.text[..start].rfind('\n').map_or(start, |i| {
                    if i > 0 && self.text.as_bytes().get(i - 1) == Some(&b'\r') {
                        i - 1
                    } else {
                        i
                    }
                });
                end
            }
            Point::BeforeLine(end) => end,
        };
        self.splices.push(Splice {
            start,
            end,
            text: String::new(),
        });
        Ok(())
    }

    /// Appends and removes the items of one list, `list`.
    fn edit_list(&mut self, root: &Value, list: &ListEdit) -> Planned {
        let old = pointer_get(root, &list.segments);
        let Some((id, entry)) = self.layout.find(&list.segments) else {
            // An absent list: made with the appended items (the removals found nothing).
            return self.set(root, &list.segments, &Value::Array(list.appended.clone()), &Place::End);
        };
        if self.layout.node(id).shape == (Shape::Sequence { flow: false }) {
            return self.edit_items(id, &list.removed, &list.appended);
        }
        if self.layout.node(id).shape == (Shape::Sequence { flow: true }) && !self.layout.node(id).entries.is_empty() {
            return self.rewrite_flow(id, &list.set, &list.removed, &list.appended);
        }
        let empty = match old {
            None | Some(Value::Null) => true,
            Some(Value::Array(items)) => items.is_empty(),
            Some(_) => false,
        };
        if empty && list.removed.is_empty() {
            return self.replace(
                id,
                entry,
                old.unwrap_or(&Value::Null),
                &Value::Array(list.appended.clone()),
            );
        }
        self.guard(id)?;
        let node = self.layout.node(id);
        let message = match node.shape {
            Shape::Sequence { flow: true } | Shape::Mapping { flow: true } => flow_collection(),
            _ => Message::new("这里不是列表", "this is not a list"),
        };
        Err(self.refuse(node.value_start, message))
    }

    /// The index of the item at `segments` when it is in a flow list.
    fn flow_item(&self, segments: &[String]) -> Option<usize> {
        let (last, parent) = segments.split_last()?;
        let (id, _) = self.layout.find(parent)?;
        let node = self.layout.node(id);
        let i = last.parse::<usize>().ok()?;
        (node.shape == Shape::Sequence { flow: true } && i < node.entries.len()).then_some(i)
    }

    /// Writes the one-line flow list `id` (`[a, b]`) anew with items
    /// `set` changed, `removed` gone and `appended` added: the items kept
    /// as they were written, the brackets and the separator too. Only
    /// scalars; every item must be one.
    fn rewrite_flow(&mut self, id: NodeId, set: &[(usize, Value)], removed: &[usize], appended: &[Value]) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        let (Some(first), Some(last)) = (node.entries.first(), node.entries.last()) else {
            return Err(self.refuse(node.value_start, flow_collection()));
        };
        let (start, end) = (self.layout.node(first.value).start, self.layout.node(last.value).end);
        // On one line, a flow list holds no comment (it would hide the bracket).
        if self.text[node.value_start..node.end].contains('\n') {
            return Err(self.refuse(node.value_start, flow_collection()));
        }
        // The text between two items: each kept item keeps the one before it.
        let gap = |i: usize| -> &str {
            match (i.checked_sub(1).and_then(|p| node.entries.get(p)), node.entries.get(i)) {
                (Some(before), Some(item)) => {
                    &self.text[self.layout.node(before.value).end..self.layout.node(item.value).start]
                }
                _ => ", ",
            }
        };
        let separator = gap(1);
        let mut written = String::new();
        let mut items = 0;
        for (i, e) in node.entries.iter().enumerate() {
            let item = self.layout.node(e.value);
            let Shape::Scalar(style) = item.shape else {
                let message = if item.shape == Shape::Alias {
                    anchor_or_alias()
                } else {
                    flow_collection()
                };
                return Err(self.refuse(item.start, message));
            };
            if item.properties {
                return Err(self.refuse(item.start, anchor_or_alias()));
            }
            if removed.contains(&i) {
                continue;
            }
            if items > 0 {
                written.push_str(gap(i));
            }
            items += 1;
            match set.iter().rev().find(|(at, _)| *at == i) {
                Some((_, new)) if !new.is_array() && !new.is_object() => {
                    written.push_str(&render::scalar(new, Some(style)));
                }
                Some(_) => return Err(self.refuse(item.start, flow_collection())),
                None => written.push_str(&self.text[item.start..item.end]),
            }
        }
        for new in appended {
            if new.is_array() || new.is_object() {
                return Err(self.refuse(node.value_start, flow_collection()));
            }
            if items > 0 {
                written.push_str(separator);
            }
            items += 1;
            written.push_str(&render::scalar(new, None));
        }
        if items == 0 {
            return Err(self.refuse(node.value_start, list_left_empty()));
        }
        self.splices.push(Splice {
            start,
            end,
            text: written,
        });
        Ok(())
    }

    /// Removes items `removed` (indices as read) of the block sequence
    /// `id` as whole lines, and adds `appended` as lines after its last
    /// item, at the items' dash column. Comment lines between items stay.
    fn edit_items(&mut self, id: NodeId, removed: &[usize], appended: &[Value]) -> Planned {
        self.guard(id)?;
        let node = self.layout.node(id);
        let Some(last) = node.entries.last().map(|e| e.value) else {
            return Err(self.refuse(node.value_start, flow_collection()));
        };
        let count = node.entries.len();
        let mut removed: Vec<usize> = removed.iter().copied().filter(|&i| i < count).collect();
        removed.sort_unstable();
        removed.dedup();
        if removed.len() == count && appended.is_empty() {
            let at = removed
                .first()
                .and_then(|&i| node.entries.get(i))
                .map_or(node.start, |e| e.value);
            return Err(self.refuse(self.layout.node(at).start, list_left_empty()));
        }
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for &i in &removed {
            let Some(item) = node.entries.get(i).map(|e| e.value) else {
                continue;
            };
            self.no_anchors_in(item)?;
            let dash = self.dash(item)?;
            let end = self.through(self.entry_end(item));
            match ranges.last_mut() {
                Some(range) if range.1 >= line_start(self.text, dash) => range.1 = end,
                _ => ranges.push((line_start(self.text, dash), end)),
            }
        }
        // The file's last line has no break: the break before the removed lines goes.
        let mut tail = false;
        if let Some(range) = ranges.last_mut()
            && range.1 == self.text.len()
            && !self.text.ends_with('\n')
            && range.0 > 0
        {
            range.0 = break_before(self.text, range.0);
            tail = true;
        }
        let added = if appended.is_empty() {
            None
        } else {
            Some(self.item_lines(id, appended)?.join(self.eol))
        };
        let last_removed = removed.last() == Some(&(count - 1));
        for (i, &(start, end)) in ranges.iter().enumerate() {
            let text = match &added {
                Some(added) if last_removed && i + 1 == ranges.len() => {
                    if tail {
                        format!("{}{added}", self.eol)
                    } else {
                        format!("{added}{}", self.eol)
                    }
                }
                _ => String::new(),
            };
            self.splices.push(Splice { start, end, text });
        }
        if let Some(added) = added.filter(|_| !last_removed) {
            let at = self.entry_end(last);
            self.put(at, &[added]);
        }
        Ok(())
    }

    /// The lines of new items for the block sequence `id`, at its dash
    /// column, their keys quoted as its mapping items' are.
    fn item_lines(&self, id: NodeId, items: &[Value]) -> Result<Vec<String>, Refused> {
        let node = self.layout.node(id);
        let first = node.entries.first().map_or(id, |e| e.value);
        let dash = self.dash(first)?;
        let column = dash - line_start(self.text, dash);
        let mapping = node
            .entries
            .iter()
            .map(|e| e.value)
            .find(|&v| matches!(self.layout.node(v).shape, Shape::Mapping { .. }));
        let quote = self.quote_of(mapping);
        let mut lines = Vec::new();
        for item in items {
            let more = render::item_lines(item, column, self.step, quote)
                .map_err(|_| self.refuse(node.value_start, unwritable()))?;
            lines.extend(more);
        }
        Ok(lines)
    }

    /// The offset of the dash of the block sequence item `item`, which
    /// must be alone before it on its line and the item after it there.
    fn dash(&self, item: NodeId) -> Result<usize, Refused> {
        let at = self.layout.node(item).start;
        let start = line_start(self.text, at);
        let before = &self.text[start..at];
        let spaces = before.len() - before.trim_start_matches(' ').len();
        let rest = &before[spaces..];
        match rest.strip_prefix('-') {
            Some(gap) if !gap.is_empty() && gap.bytes().all(|b| b == b' ') => Ok(start + spaces),
            _ => Err(self.refuse(
                at,
                Message::new(
                    "这个列表项所在的行不只是 `- ` 和它本身（例如 `- - a`），或它不在 `-` 的那一行开始",
                    "this list item's line holds more than its `- ` (`- - a`, say), or the item does not start on its dash's line",
                ),
            )),
        }
    }

    /// The offset after the line break that ends the lines up to `at`.
    fn through(&self, at: Point) -> usize {
        match at {
            Point::AfterLine(end) if self.text[end..].starts_with("\r\n") => end + 2,
            Point::AfterLine(end) if self.text[end..].starts_with('\n') => end + 1,
            Point::AfterLine(end) | Point::BeforeLine(end) => end,
        }
    }

    /// Refuses when a node in `id`'s subtree has an anchor, a tag or is
    /// an alias: removing it would change what refers to it.
    fn no_anchors_in(&self, id: NodeId) -> Planned {
        for n in self.layout.subtree(id) {
            let inner = self.layout.node(n);
            if inner.properties || inner.shape == Shape::Alias {
                return Err(self.refuse(inner.start, anchor_or_alias()));
            }
        }
        Ok(())
    }

    /// Removes the first entry of the list item mapping `id`, on the
    /// item's dash line (`- key: v`): the next key moves up onto the dash
    /// line, when it starts the line right after the entry's lines.
    fn remove_first_key(&mut self, id: NodeId, key: NodeId) -> Planned {
        let node = self.layout.node(id);
        let next = match (node.entries.first(), node.entries.get(1)) {
            (Some(first), Some(next)) if first.key == Some(key) => next.key.map(|k| (first.value, k)),
            _ => None,
        };
        let start = self.layout.node(key).start;
        if let Some((value, next)) = next
            && self.key_column(key).is_ok()
            && self.leading_indent(next).is_ok()
            && self.through(self.entry_end(value)) == line_start(self.text, self.layout.node(next).start)
        {
            self.splices.push(Splice {
                start,
                end: self.layout.node(next).start,
                text: String::new(),
            });
            return Ok(());
        }
        Err(self.refuse(start, not_alone()))
    }

    /// Adds `lines` at `at`, with the file's line breaks.
    fn put(&mut self, at: Point, lines: &[String]) {
        let joined = lines.join(self.eol);
        let (offset, text) = match at {
            Point::AfterLine(offset) => (offset, format!("{}{joined}", self.eol)),
            Point::BeforeLine(offset) => (offset, format!("{joined}{}", self.eol)),
        };
        self.splices.push(Splice {
            start: offset,
            end: offset,
            text,
        });
    }

    /// Where the lines of the value `id` end: after its last line, or,
    /// for a block scalar that keeps its trailing blank lines (`|+`),
    /// before the line after them.
    fn entry_end(&self, id: NodeId) -> Point {
        let mut last = id;
        while let Some(e) = self.layout.node(last).entries.last() {
            if matches!(
                self.layout.node(last).shape,
                Shape::Mapping { flow: true } | Shape::Sequence { flow: true }
            ) {
                break;
            }
            last = e.value;
        }
        let node = self.layout.node(last);
        let keeps = matches!(node.shape, Shape::Scalar(s) if s.is_block())
            && self.text[node.value_start..line_end(self.text, node.value_start)]
                .split('#')
                .next()
                .is_some_and(|header| header.contains('+'));
        if keeps && node.after > node.end && node.after == line_start(self.text, node.after) {
            return Point::BeforeLine(node.after);
        }
        Point::AfterLine(line_end(self.text, node.end.max(node.value_start)))
    }

    /// The start of the line of key `key`, moved up over the comment lines
    /// just above it at its indentation (they describe it).
    fn above_comments(&self, key: NodeId) -> Result<usize, Refused> {
        let indent = self.leading_indent(key)?;
        let mut start = line_start(self.text, self.layout.node(key).start);
        while start > 0 {
            let prev = line_start(self.text, start - 1);
            let line = &self.text[prev..start];
            let body = line.trim_start_matches(' ');
            if body.starts_with('#') && line.len() - body.len() == indent {
                start = prev;
            } else {
                break;
            }
        }
        Ok(start)
    }

    /// The column of `id` on its line, which must hold only spaces before
    /// it (a key that starts a list item `- key:` does not).
    fn leading_indent(&self, id: NodeId) -> Result<usize, Refused> {
        let at = self.layout.node(id).start;
        let before = &self.text[line_start(self.text, at)..at];
        if before.bytes().all(|b| b == b' ') {
            Ok(before.len())
        } else {
            Err(self.refuse(at, not_alone()))
        }
    }

    /// The column of the key `id`, alone on its line or after a list
    /// item's dash (`- key:`).
    fn key_column(&self, id: NodeId) -> Result<usize, Refused> {
        let at = self.layout.node(id).start;
        let before = &self.text[line_start(self.text, at)..at];
        let rest = before.trim_start_matches(' ');
        let dash = rest
            .strip_prefix('-')
            .is_some_and(|gap| !gap.is_empty() && gap.bytes().all(|b| b == b' '));
        if rest.is_empty() || dash {
            Ok(before.len())
        } else {
            Err(self.refuse(at, not_alone()))
        }
    }

    /// The column of `id` on its line, in characters.
    fn column(&self, id: NodeId) -> usize {
        let at = self.layout.node(id).start;
        self.text[line_start(self.text, at)..at].chars().count()
    }

    /// How the keys of mapping `id` are quoted.
    fn quote_of(&self, id: Option<NodeId>) -> Quote {
        let single = id.is_some_and(|id| {
            self.layout.node(id).entries.iter().any(|e| {
                e.key
                    .is_some_and(|k| self.layout.node(k).shape == Shape::Scalar(Style::SingleQuoted))
            })
        });
        if single { Quote::Single } else { Quote::Double }
    }

    /// Refuses when `id` or a node around it carries an anchor or a tag,
    /// or sits in a flow collection: a change there would change what the
    /// aliases repeat, or need the collection rewritten.
    fn guard(&self, id: NodeId) -> Planned {
        for n in self.layout.ancestry(id) {
            let node = self.layout.node(n);
            if node.properties || node.shape == Shape::Alias {
                return Err(self.refuse(node.start, anchor_or_alias()));
            }
            if n != id
                && matches!(
                    node.shape,
                    Shape::Mapping { flow: true } | Shape::Sequence { flow: true }
                )
            {
                return Err(self.refuse(node.start, flow_collection()));
            }
        }
        Ok(())
    }

    /// Whether the scalar `id` is a value of a flow mapping written on one
    /// line (`{for: 19, against: 2}`), with no anchor, alias or tag around
    /// it and no other flow collection: such a value is replaced where it
    /// stands, like any other.
    fn one_line_flow_mapping_around(&self, id: NodeId) -> bool {
        let mut in_mapping = false;
        for n in self.layout.ancestry(id) {
            let node = self.layout.node(n);
            if node.properties || node.shape == Shape::Alias {
                return false;
            }
            match node.shape {
                Shape::Mapping { flow: true } if n != id => {
                    let one_line = self.text.get(node.start..node.end).is_some_and(|t| !t.contains('\n'));
                    if !one_line || in_mapping {
                        return false;
                    }
                    in_mapping = true;
                }
                Shape::Sequence { flow: true } => return false,
                _ => {}
            }
        }
        in_mapping
    }

    fn refuse(&self, at: usize, message: Message) -> Refused {
        Refused { at, message }
    }
}

/// The indentation step of the file: how much deeper the first nested
/// block mapping's keys are than their parent's; 2 when there is none.
fn indent_step(layout: &Layout, text: &str) -> usize {
    let column = |at: usize| at - line_start(text, at);
    for node in &layout.nodes {
        if node.shape != (Shape::Mapping { flow: false }) {
            continue;
        }
        for e in &node.entries {
            let child = layout.node(e.value);
            if let (Some(key), Shape::Mapping { flow: false }) = (e.key, child.shape) {
                let (outer, inner) = (column(layout.node(key).start), column(child.start));
                if inner > outer && line_start(text, child.start) != line_start(text, layout.node(key).start) {
                    return inner - outer;
                }
            }
        }
    }
    2
}

/// The value at the pointer's segments.
pub(super) fn pointer_get<'v>(value: &'v Value, segments: &[String]) -> Option<&'v Value> {
    segments.iter().try_fold(value, |v, s| match v {
        Value::Object(map) => map.get(s),
        Value::Array(items) => items.get(s.parse::<usize>().ok()?),
        _ => None,
    })
}

fn empty_document() -> Message {
    Message::new("文件没有内容，无法修改其中的值", "the file holds no document to change")
}

fn multi_line() -> Message {
    Message::new(
        "这个值占多行（块文本或折行的文字）",
        "this value spans several lines (a block or wrapped text)",
    )
}

fn not_alone() -> Message {
    Message::new(
        "这一行的开头不只是这个字段（例如以 `- ` 开始的列表项）",
        "this line holds more than this field (a list item's `- `, say)",
    )
}

fn no_such_item() -> Message {
    Message::new(
        "列表中没有这一项（新项请用 `-` 或列表长度作序号）",
        "the list has no such item (a new item goes at `-` or the list's length)",
    )
}

fn list_left_empty() -> Message {
    Message::new(
        "删去这些项会使列表变空；请改为删去整个字段",
        "removing these items would leave the list empty: remove the whole field instead",
    )
}

/// Where the line break before the line starting at `start` starts.
fn break_before(text: &str, start: usize) -> usize {
    let before = &text[..start];
    if before.ends_with("\r\n") {
        start - 2
    } else if before.ends_with('\n') {
        start - 1
    } else {
        start
    }
}

fn flow_collection() -> Message {
    Message::new(
        "这个值写在方括号或花括号内（[…] 或 {…}）",
        "this value is written inside brackets or braces ([…] or {…})",
    )
}

fn anchor_or_alias() -> Message {
    Message::new(
        "这里使用了锚点（&）、别名（*）或标签（!），修改会牵连引用它的地方",
        "an anchor (&), alias (*) or tag (!) is used here, and a change would reach what refers to it",
    )
}

fn unwritable() -> Message {
    Message::new(
        "qaward 无法把这个值写成 YAML 行（列表中套列表）",
        "qaward cannot write this value as YAML lines (a list inside a list)",
    )
}

/// The value at the pointer's segments, to change.
pub(super) fn pointer_get_mut<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    segments.iter().try_fold(value, |v, s| match v {
        Value::Object(map) => map.get_mut(s),
        Value::Array(items) => items.get_mut(s.parse::<usize>().ok()?),
        _ => None,
    })
}
