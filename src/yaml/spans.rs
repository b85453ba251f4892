//! Positions: JSON pointer → source range, from saphyr's marked tree,
//! built only for files that have findings.

use std::collections::HashMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, YamlData};

use super::check_depth;
use crate::diagnostics::push_segment;
use crate::diagnostics::{Part, Position};

/// The source range of one node, and of its key when it is a mapping value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NodeSpan {
    pub key: Option<(Position, Position)>,
    pub value: (Position, Position),
}

/// JSON pointer → source range, for one document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: HashMap<String, NodeSpan>,
}

impl SpanIndex {
    /// Indexes every node of `text`. Lines are shifted by `line_offset`
    /// (the front matter of a notice starts after its `---` line). Returns
    /// an empty index when saphyr cannot read the text or it nests deeper
    /// than [`MAX_DEPTH`] (its findings carry their own positions).
    pub fn build(text: &str, line_offset: usize) -> SpanIndex {
        let mut index = SpanIndex::default();
        if check_depth(text).is_err() {
            return index;
        }
        let Ok(docs) = MarkedYaml::load_from_str(text) else {
            return index;
        };
        let Some(root) = docs.first() else {
            return index;
        };
        let widths = line_widths(text);
        let ctx = Ctx {
            widths: &widths,
            line_offset,
        };
        let value = ctx.node(root);
        index.nodes.insert(String::new(), NodeSpan { key: None, value });
        index.walk(&ctx, root, &mut String::new());
        index
    }

    fn walk(&mut self, ctx: &Ctx<'_>, node: &MarkedYaml<'_>, pointer: &mut String) {
        match &node.data {
            YamlData::Mapping(map) => {
                for (key, value) in map {
                    let name = match &key.data {
                        YamlData::Value(saphyr::Scalar::String(s)) => s.to_string(),
                        other => key_text(other),
                    };
                    let len = pointer.len();
                    push_segment(pointer, &name);
                    self.nodes.insert(
                        pointer.clone(),
                        NodeSpan {
                            key: Some(ctx.node(key)),
                            value: ctx.node(value),
                        },
                    );
                    self.walk(ctx, value, pointer);
                    pointer.truncate(len);
                }
            }
            YamlData::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    push_segment(pointer, &i.to_string());
                    self.nodes.insert(
                        pointer.clone(),
                        NodeSpan {
                            key: None,
                            value: ctx.node(item),
                        },
                    );
                    self.walk(ctx, item, pointer);
                    pointer.truncate(len);
                }
            }
            YamlData::Tagged(_, inner) => self.walk(ctx, inner, pointer),
            _ => {}
        }
    }

    /// The range of the node at `pointer`, or of its nearest indexed
    /// ancestor. `Part::Key` gives the key when the node has one.
    pub fn find(&self, pointer: &str, part: Part) -> Option<(Position, Position)> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.nodes.get(p) {
                return Some(match (part, span.key) {
                    (Part::Key, Some(key)) if p == pointer => key,
                    // An ancestor stands in for a missing node: its key reads best.
                    (_, Some(key)) if p != pointer => key,
                    _ => span.value,
                });
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }
}

pub(super) struct Ctx<'a> {
    /// Each line's width in characters, trailing blanks left out.
    pub widths: &'a [usize],
    pub line_offset: usize,
}

/// Each line's width in characters, trailing blanks left out.
pub(super) fn line_widths(text: &str) -> Vec<usize> {
    text.lines().map(|l| l.trim_end().chars().count()).collect()
}

impl Ctx<'_> {
    fn node(&self, node: &MarkedYaml<'_>) -> (Position, Position) {
        self.range(node.span.start, node.span.end)
    }

    /// A node's range, kept to its first line so that a caret can show it.
    pub(super) fn range(&self, s: Marker, e: Marker) -> (Position, Position) {
        let line = s.line().max(1);
        let start = Position {
            line: line + self.line_offset,
            column: s.col() + 1,
        };
        let end_col = if e.line() == s.line() && e.col() > s.col() {
            e.col() + 1
        } else {
            // Multi-line node: up to the end of its first line.
            let width = self.widths.get(line - 1).copied().unwrap_or(0);
            (width + 1).max(start.column + 1)
        };
        (
            start,
            Position {
                line: start.line,
                column: end_col,
            },
        )
    }
}

/// A non-string key as it is spelled in a JSON pointer, from the node
/// itself: reading it back from the source
/// would cost the length of its line for every key.
fn key_text<'a>(data: &YamlData<'a, MarkedYaml<'a>>) -> String {
    match data {
        YamlData::Value(saphyr::Scalar::Null) => "null".to_owned(),
        YamlData::Value(saphyr::Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(saphyr::Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(saphyr::Scalar::FloatingPoint(f)) => f.to_string(),
        YamlData::Value(saphyr::Scalar::String(s)) => s.to_string(),
        YamlData::Sequence(_) => "[…]".to_owned(),
        YamlData::Mapping(_) => "{…}".to_owned(),
        YamlData::Tagged(_, inner) => key_text(&inner.data),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn span_index_counts_characters_and_offsets_lines() {
        let text = "名称: 温州示例\nlist:\n  - x: 1\n2023: y\n";
        let index = SpanIndex::build(text, 1);
        assert_eq!(index.find("/名称", Part::Value), Some((pos(2, 5), pos(2, 9))));
        assert_eq!(index.find("/名称", Part::Key), Some((pos(2, 1), pos(2, 3))));
        assert_eq!(index.find("/list/0/x", Part::Value), Some((pos(4, 8), pos(4, 9))));
        assert_eq!(index.find("/2023", Part::Key), Some((pos(5, 1), pos(5, 5))));
        // A missing child falls back to its parent's key.
        assert_eq!(index.find("/list/0/y", Part::Key), Some((pos(4, 5), pos(4, 9))));
    }

    #[test]
    fn the_span_index_of_a_too_deep_file_is_empty() {
        let text = format!("name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(SpanIndex::build(&text, 0).nodes.is_empty());
    }
}
