//! Byte ranges of every node of a YAML text, for editing it in place.
//!
//! Built from saphyr-parser's event markers, which count characters and
//! are off for editing in three places, each corrected here against the
//! text itself:
//! - a quoted scalar's end runs on over the blanks and the comment after
//!   its closing quote: the end is found by scanning for that quote;
//! - a block scalar (`|`, `>`) starts at its first content line and ends
//!   after its trailing blank lines: its start is moved back to its
//!   header (properties or indicator), and its `end` is the end of its
//!   last line with text, the parser's end kept as `after`;
//! - a block collection ends where the next token starts, possibly lines
//!   later: its end is its last child's end. (An indentless sequence's
//!   start marker is after its first `- `: moved back to the dash.)
//!
//! Flow collections end after their closing bracket, as the parser says.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The index of a node in [`Layout::nodes`].
pub type NodeId = usize;

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

impl Style {
    /// A block scalar (`|` or `>`), always multi-line.
    pub fn is_block(self) -> bool {
        matches!(self, Style::Literal | Style::Folded)
    }
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Scalar(Style),
    Alias,
    /// `flow` for `{…}`.
    Mapping {
        flow: bool,
    },
    /// `flow` for `[…]`.
    Sequence {
        flow: bool,
    },
}

/// One entry of a collection: a mapping's key and value, or a sequence's
/// item (no key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: Option<NodeId>,
    pub value: NodeId,
}

/// One node as written. Offsets are bytes into the text given to
/// [`Layout::build`]; `end` is exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutNode {
    pub shape: Shape,
    /// It carries an anchor (`&name`) or a tag.
    pub properties: bool,
    /// Where the node starts: its properties, else its value.
    pub start: usize,
    /// Where its value starts: the quote, the block indicator, the
    /// bracket, the first key or dash, the first character.
    pub value_start: usize,
    /// Where its text ends: after the closing quote or bracket, after the
    /// last character of a plain scalar, after the last non-blank line of
    /// a block scalar, after the last child of a block collection.
    pub end: usize,
    /// Where the parser's reading of it ends: after a block scalar's
    /// trailing blank lines (which belong to it under `|+`); else `end`.
    pub after: usize,
    /// A scalar's value (keys are looked up by it).
    pub scalar: Option<String>,
    pub parent: Option<NodeId>,
    pub entries: Vec<Entry>,
}

/// Every node of one YAML document, the root first.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub nodes: Vec<LayoutNode>,
}

/// Why a text has no layout: the parser stopped at this byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    pub at: usize,
    pub info: String,
}

impl Layout {
    /// The layout of `text` (no byte-order mark), whose nesting the caller
    /// has bounded (by [`super::parse`] succeeding on it). Only the first
    /// document is laid out.
    pub fn build(text: &str) -> Result<Layout, LayoutError> {
        let mut builder = Builder {
            text,
            offsets: CharOffsets::new(text),
            nodes: Vec::new(),
            open: Vec::new(),
            prev_end: 0,
            documents: 0,
        };
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| LayoutError {
                at: builder.offsets.byte(e.marker().index()),
                info: e.info().to_owned(),
            })?;
            builder.event(event, span);
            if builder.documents > 1 {
                break;
            }
        }
        Ok(Layout { nodes: builder.nodes })
    }

    /// The root node, when the document has one.
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }

    pub fn node(&self, id: NodeId) -> &LayoutNode {
        &self.nodes[id]
    }

    /// The entry of mapping `id` whose key is the string `name`.
    pub fn entry(&self, id: NodeId, name: &str) -> Option<Entry> {
        let node = self.nodes.get(id)?;
        node.entries
            .iter()
            .copied()
            .find(|e| e.key.and_then(|k| self.nodes.get(k)).and_then(|k| k.scalar.as_deref()) == Some(name))
    }

    /// The node a JSON pointer's segments (already unescaped) lead to,
    /// with the entry that holds it (none for the root).
    pub fn find(&self, segments: &[String]) -> Option<(NodeId, Option<Entry>)> {
        let mut at = (self.root()?, None);
        for segment in segments {
            let node = self.nodes.get(at.0)?;
            let entry = match node.shape {
                Shape::Mapping { .. } => self.entry(at.0, segment)?,
                Shape::Sequence { .. } => *node.entries.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
            at = (entry.value, Some(entry));
        }
        Some(at)
    }

    /// `id` and its ancestors, innermost first.
    pub fn ancestry(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(Some(id), |&n| self.nodes.get(n).and_then(|n| n.parent))
    }

    /// The descendants of `id` (keys included), `id` first.
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = vec![id];
        let mut i = 0;
        while let Some(&n) = out.get(i) {
            if let Some(node) = self.nodes.get(n) {
                for e in &node.entries {
                    out.extend(e.key);
                    out.push(e.value);
                }
            }
            i += 1;
        }
        out
    }
}

/// Character index → byte offset (identity for ASCII text).
struct CharOffsets {
    /// Byte offset of each character, and the length last; empty for ASCII.
    table: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()
        };
        CharOffsets { table, len: text.len() }
    }

    fn byte(&self, index: usize) -> usize {
        if self.table.is_empty() {
            index.min(self.len)
        } else {
            self.table.get(index).copied().unwrap_or(self.len)
        }
    }
}

/// An open collection and, for a mapping, the key awaiting its value.
struct Open {
    id: NodeId,
    key: Option<NodeId>,
}

struct Builder<'t> {
    text: &'t str,
    offsets: CharOffsets,
    nodes: Vec<LayoutNode>,
    open: Vec<Open>,
    /// Where the last node read ends: a block scalar's header is after it.
    prev_end: usize,
    documents: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        let (start, end) = (
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        );
        match event {
            Event::DocumentStart(_) => self.documents += 1,
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(value.into_owned(), style, anchor > 0 || tag.is_some(), start, end)
            }
            Event::Alias(_) => {
                let node = self.leaf(Shape::Alias, false, start, start, end);
                self.add(node);
            }
            Event::MappingStart(anchor, tag) => self.open(true, anchor > 0 || tag.is_some(), start),
            Event::SequenceStart(anchor, tag) => self.open(false, anchor > 0 || tag.is_some(), start),
            Event::MappingEnd | Event::SequenceEnd => self.close(start, end),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }

    fn leaf(&self, shape: Shape, properties: bool, start: usize, value_start: usize, end: usize) -> LayoutNode {
        LayoutNode {
            shape,
            properties,
            start,
            value_start,
            end,
            after: end,
            scalar: None,
            parent: None,
            entries: Vec::new(),
        }
    }

    fn scalar(&mut self, value: String, style: ScalarStyle, properties: bool, start: usize, end: usize) {
        let style = match style {
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
            _ => Style::Plain,
        };
        let mut node = if style.is_block() {
            self.block_scalar(style, properties, start, end)
        } else {
            let value_start = if properties {
                skip_properties(self.text, start)
            } else {
                start
            };
            let (value_start, end) = match style {
                Style::SingleQuoted | Style::DoubleQuoted => {
                    (value_start, closing_quote(self.text, value_start).unwrap_or(end))
                }
                // An empty value is placed on its key's colon: moved after it.
                _ if value.is_empty() && start == end && self.text.as_bytes().get(start) == Some(&b':') => {
                    (start + 1, start + 1)
                }
                _ => (value_start, end),
            };
            let start = if properties { start } else { value_start };
            self.leaf(Shape::Scalar(style), properties, start, value_start, end)
        };
        node.scalar = Some(value);
        self.add(node);
    }

    /// A block scalar whose content the parser places at `content..after`.
    fn block_scalar(&self, style: Style, properties: bool, content: usize, after: usize) -> LayoutNode {
        let header = if properties {
            content
        } else {
            first_token(self.text, self.prev_end, content)
        };
        let indicator = if properties {
            block_indicator(self.text, skip_properties(self.text, header), after).unwrap_or(header)
        } else {
            header
        };
        let body = self.text.get(content..after).unwrap_or_default();
        let end = match body.trim_end().len() {
            0 => line_end(self.text, indicator),
            n => content + n,
        };
        let mut node = self.leaf(Shape::Scalar(style), properties, header, indicator, end.max(indicator));
        node.after = after.max(node.end);
        node
    }

    fn open(&mut self, mapping: bool, properties: bool, start: usize) {
        let value_start = if properties {
            skip_properties(self.text, start)
        } else {
            start
        };
        let bracket = if mapping { b'{' } else { b'[' };
        let flow = self.text.as_bytes().get(value_start) == Some(&bracket);
        let (start, value_start) = if !flow && !mapping && !properties {
            let dash = dash_before(self.text, start);
            (dash, dash)
        } else {
            (start, value_start)
        };
        let shape = if mapping {
            Shape::Mapping { flow }
        } else {
            Shape::Sequence { flow }
        };
        let id = self.nodes.len();
        self.nodes.push(self.leaf(shape, properties, start, value_start, start));
        self.link(id);
        self.open.push(Open { id, key: None });
    }

    /// Closes the innermost collection; the parser's end event is at
    /// `start..end` (a flow collection's bracket, then maybe blanks and a
    /// comment).
    fn close(&mut self, start: usize, end: usize) {
        let Some(open) = self.open.pop() else {
            return;
        };
        let text = self.text;
        let Some(node) = self.nodes.get(open.id) else {
            return;
        };
        let flow = matches!(
            node.shape,
            Shape::Mapping { flow: true } | Shape::Sequence { flow: true }
        );
        let (end, after) = if flow {
            let bracket_end = closing_bracket(text, start).unwrap_or(end);
            (bracket_end, bracket_end)
        } else {
            let last = node.entries.last().and_then(|e| self.nodes.get(e.value));
            last.map_or((node.value_start, node.value_start), |l| (l.end, l.after))
        };
        if let Some(node) = self.nodes.get_mut(open.id) {
            node.end = end.max(node.start);
            node.after = after.max(node.end);
        }
        self.prev_end = after;
        self.finish(open.id);
    }

    /// Adds a finished leaf node.
    fn add(&mut self, node: LayoutNode) {
        self.prev_end = node.after;
        let id = self.nodes.len();
        self.nodes.push(node);
        self.link(id);
        self.finish(id);
    }

    /// Sets the parent of a node that has just started.
    fn link(&mut self, id: NodeId) {
        let parent = self.open.last().map(|o| o.id);
        if let Some(node) = self.nodes.get_mut(id) {
            node.parent = parent;
        }
    }

    /// Places a finished node in its parent: a key, a key's value or an item.
    fn finish(&mut self, id: NodeId) {
        let Some(open) = self.open.last_mut() else {
            return;
        };
        let Some(parent) = self.nodes.get_mut(open.id) else {
            return;
        };
        match parent.shape {
            Shape::Mapping { .. } => match open.key.take() {
                None => open.key = Some(id),
                Some(key) => parent.entries.push(Entry {
                    key: Some(key),
                    value: id,
                }),
            },
            _ => parent.entries.push(Entry { key: None, value: id }),
        }
    }
}

/// The offset after the closing quote of the quoted scalar opening at
/// `open`.
fn closing_quote(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(open)?;
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (b'"', b'\\') => i += 2,
            (b'\'', b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            _ if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The offset after the bracket that closes a flow collection, at the
/// start of the parser's end event.
fn closing_bracket(text: &str, at: usize) -> Option<usize> {
    matches!(text.as_bytes().get(at), Some(b']' | b'}')).then_some(at + 1)
}

/// The offset after a node's properties (`&anchor`, `!tag`) and the
/// blanks after them.
fn skip_properties(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while matches!(bytes.get(at), Some(b'&' | b'!')) {
        while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
    }
    at
}

/// The first character after `from` (before `to`) that is not a blank,
/// a line break, an indicator `:`/`-`/`?` followed by a blank, or in a
/// comment: where a block scalar's header starts.
fn first_token(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
            Some(b':' | b'-' | b'?') if bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace) => i += 1,
            Some(b'#') => i = line_end(text, i),
            _ => return i,
        }
    }
    to
}

/// The block indicator (`|` or `>`) at or after `from`.
fn block_indicator(text: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..to).find(|&i| matches!(bytes.get(i), Some(b'|' | b'>')))
}

/// The dash of the block sequence item whose content starts at `at`
/// (the parser's start of an indentless sequence), or `at`.
fn dash_before(text: &str, at: usize) -> usize {
    let line = &text[line_start(text, at)..at];
    match line.trim_end().strip_suffix('-') {
        Some(before) if before.trim().is_empty() => before.len() + line_start(text, at),
        _ => at,
    }
}

/// The offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1)
}

/// The offset where the line holding `at` ends: its `\r\n`, `\n` or the
/// end of the text.
pub fn line_end(text: &str, at: usize) -> usize {
    let end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes().get(end - 1) == Some(&b'\r') && end < text.len() {
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the node at `pointer` (segments split on `/`).
    fn text_at<'t>(text: &'t str, layout: &Layout, pointer: &str) -> &'t str {
        let segments: Vec<String> = pointer.split('/').skip(1).map(str::to_owned).collect();
        let (id, _) = layout.find(&segments).unwrap_or_else(|| panic!("no node {pointer}"));
        let node = layout.node(id);
        &text[node.start..node.end]
    }

    #[test]
    fn scalars_span_exactly_their_text_quotes_included_comments_excluded() {
        let text = "a: plain value   # c\nb: \"dq\"   # 注\nc: 'it''s'  # k\nd: \"a\\\"b\" # e\n名称: 温州示例\nk:\nl: ~\n\"4.1.2\": 32\n";
        let layout = Layout::build(text).expect("layout");
        for (pointer, expected) in [
            ("/a", "plain value"),
            ("/b", "\"dq\""),
            ("/c", "'it''s'"),
            ("/d", "\"a\\\"b\""),
            ("/名称", "温州示例"),
            ("/k", ""),
            ("/l", "~"),
            ("/4.1.2", "32"),
        ] {
            assert_eq!(text_at(text, &layout, pointer), expected, "{pointer}");
        }
        let (_, entry) = layout.find(&["4.1.2".into()]).expect("entry");
        let key = layout.node(entry.and_then(|e| e.key).expect("key"));
        assert_eq!(&text[key.start..key.end], "\"4.1.2\"");
    }

    #[test]
    fn block_scalars_start_at_their_header_and_end_at_their_last_text() {
        let text = "a: |\n  line1\n  line2\n\nb: &x >-\n  folded\nc: |+\n  kept\n\n\nd: |\ne: 1\n";
        let layout = Layout::build(text).expect("layout");
        assert_eq!(text_at(text, &layout, "/a"), "|\n  line1\n  line2");
        assert_eq!(text_at(text, &layout, "/b"), "&x >-\n  folded");
        let (b, _) = layout.find(&["b".into()]).expect("b");
        assert_eq!(&text[layout.node(b).value_start..layout.node(b).end], ">-\n  folded");
        let (c, _) = layout.find(&["c".into()]).expect("c");
        assert_eq!(&text[layout.node(c).start..layout.node(c).after], "|+\n  kept\n\n\n");
        assert_eq!(text_at(text, &layout, "/d"), "|");
        let items = "list:\n- |\n  u\n- x  # a | b\n- >\n  v\n";
        let layout = Layout::build(items).expect("layout");
        assert_eq!(text_at(items, &layout, "/list/0"), "|\n  u");
        assert_eq!(text_at(items, &layout, "/list/2"), ">\n  v");
    }

    #[test]
    fn collections_span_from_their_first_token_to_their_last() {
        let text = "f: [1, 2, \"x\"]  # c\ng: {x: 1}\nh:\n  - 1\n  - k: v\n    k2: w\n\ni:\n- a\n- b\nm:\n  n:\n    o: 1\n\np: last\n";
        let layout = Layout::build(text).expect("layout");
        assert_eq!(text_at(text, &layout, "/f"), "[1, 2, \"x\"]");
        assert_eq!(text_at(text, &layout, "/g"), "{x: 1}");
        assert_eq!(text_at(text, &layout, "/h"), "- 1\n  - k: v\n    k2: w");
        assert_eq!(text_at(text, &layout, "/h/1"), "k: v\n    k2: w");
        assert_eq!(text_at(text, &layout, "/i"), "- a\n- b");
        assert_eq!(text_at(text, &layout, "/m"), "n:\n    o: 1");
        let root = layout.node(0);
        assert_eq!(&text[root.start..root.end], &text[..text.len() - 1]);
        assert_eq!(layout.node(0).shape, Shape::Mapping { flow: false });
        let (f, _) = layout.find(&["f".into()]).expect("f");
        assert_eq!(layout.node(f).shape, Shape::Sequence { flow: true });
    }

    #[test]
    fn crlf_cjk_anchors_and_aliases_are_placed_in_bytes() {
        let text = "名称: 温州示例\r\nb: \"注\"  # 注释\r\nc: &a 值\r\nd: *a\r\ne:\r\n  f: 是\r\n";
        let layout = Layout::build(text).expect("layout");
        assert_eq!(text_at(text, &layout, "/b"), "\"注\"");
        assert_eq!(text_at(text, &layout, "/c"), "&a 值");
        let (c, _) = layout.find(&["c".into()]).expect("c");
        assert!(layout.node(c).properties);
        assert_eq!(&text[layout.node(c).value_start..layout.node(c).end], "值");
        assert_eq!(text_at(text, &layout, "/d"), "*a");
        assert_eq!(text_at(text, &layout, "/e/f"), "是");
        let (f, _) = layout.find(&["e".into(), "f".into()]).expect("f");
        assert_eq!(line_end(text, layout.node(f).end), text.len() - 2);
        assert_eq!(
            line_start(text, layout.node(f).start),
            text.rfind("  f").expect("f line")
        );
    }

    #[test]
    fn pointers_that_lead_nowhere_find_nothing() {
        let layout = Layout::build("a:\n  b: 1\nl: [x]\n").expect("layout");
        for pointer in [&["z"][..], &["a", "c"], &["a", "b", "c"], &["l", "1"], &["l", "x"]] {
            let segments: Vec<String> = pointer.iter().map(|s| (*s).to_owned()).collect();
            assert!(layout.find(&segments).is_none(), "{pointer:?}");
        }
        assert!(Layout::build("").expect("empty").root().is_none());
    }
}
