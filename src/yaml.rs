//! The YAML boundary: the only module that names a YAML library.
//!
//! Content is parsed once, by serde_yaml, into a [`serde_json::Value`] that
//! the schema check and the typed model read. Positions come from a second
//! parser, saphyr, whose marked tree is built only for files that have
//! findings ([`SpanIndex::build`]). Both agree on keys and sequence indices,
//! which is all a JSON pointer needs.
//!
//! Policy (see docs/content-format.md): one document per file; no tags; no
//! merge keys (`<<`); string keys only; finite numbers only; at most
//! [`MAX_DEPTH`] levels of nesting. Anchors and aliases are expanded by the
//! parser, within serde_yaml's expansion limit.
//!
//! Bounded work: before either parser builds a tree, [`check_depth`] reads
//! the file once as a stream of events (saphyr-parser, linear in the file
//! size) and refuses nesting deeper than [`MAX_DEPTH`]. libyaml, under
//! serde_yaml, takes time quadratic in the nesting depth (a 200 KB file of
//! `[[[[…` took a minute), so no file reaches it unchecked. A file must
//! also be readable by that event stream: where the two parsers disagree,
//! the file is refused rather than half-understood.

use std::collections::HashMap;

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, ScanError, YamlData};
use saphyr_parser::{Event, Parser};
use serde_json::{Map, Number, Value};

use crate::diagnostics::{Message, Part, Position};

/// Where a YAML problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemAt {
    /// A position range the parser reported (line and column from 1).
    Range(Position, Position),
    /// A node of the parsed document.
    Node(String, Part),
    /// Nowhere more precise than the file.
    File,
}

/// A reason a file is not acceptable YAML content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: ProblemAt,
    pub message: Message,
}

/// The deepest nesting of collections a content file may have; the root
/// mapping is level 1. Real content files use at most 6.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` into a JSON value, or returns every problem found.
pub fn parse(text: &str) -> Result<Value, Vec<Problem>> {
    check_depth(text).map_err(|p| vec![p])?;
    let raw: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => return Err(vec![syntax_problem(text, &err)]),
    };
    let mut problems = Vec::new();
    let value = to_json(raw, &mut String::new(), &mut problems);
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem {
            at: ProblemAt::File,
            message: Message::new(
                format!("此文件另有 {more} 处同类问题未列出：请先改正以上各处"),
                format!("{more} more problems of this kind in this file are not listed: fix the ones above first"),
            ),
        });
    }
    if problems.is_empty() { Ok(value) } else { Err(problems) }
}

/// The most YAML problems listed for one file; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// Explains a serde_yaml failure, locating it with saphyr, whose positions
/// are more precise (a duplicate key is reported at the second key, not at
/// the mapping).
fn syntax_problem(text: &str, err: &serde_yaml::Error) -> Problem {
    match MarkedYaml::load_from_str(text) {
        Err(scan) => scan_problem(text, &scan),
        Ok(docs) if docs.len() > 1 => {
            let start = docs[1].span.start;
            let pos = Position {
                line: start.line().max(1),
                column: start.col() + 1,
            };
            Problem {
                at: ProblemAt::Range(pos, next_column(pos)),
                message: Message::new(
                    format!(
                        "文件包含 {} 个 YAML 文档，每个文件只能有一个（删去 `---` 分隔的其余部分）",
                        docs.len()
                    ),
                    format!(
                        "the file holds {} YAML documents; each file must hold exactly one",
                        docs.len()
                    ),
                ),
            }
        }
        Ok(_) => {
            let at = err.location().map_or(ProblemAt::File, |loc| {
                let pos = Position {
                    line: loc.line(),
                    column: loc.column(),
                };
                ProblemAt::Range(pos, next_column(pos))
            });
            Problem {
                at,
                message: Message::new(format!("YAML 错误：{err}"), format!("YAML error: {err}")),
            }
        }
    }
}

/// A saphyr scan error as a problem at its position.
fn scan_problem(text: &str, scan: &ScanError) -> Problem {
    let info = scan.info();
    if info.contains("tab") {
        let pos = tab_position(text, scan.marker()).unwrap_or_else(|| marker_position(scan.marker()));
        return Problem {
            at: ProblemAt::Range(pos, next_column(pos)),
            message: Message::new(
                "YAML 不允许用制表符（Tab）缩进或分隔：请把它换成空格",
                "YAML does not allow tabs for indentation here: replace the tab with spaces",
            ),
        };
    }
    let pos = marker_position(scan.marker());
    let duplicate = info.contains("duplicated key");
    let message = if duplicate {
        Message::new(
            "映射中有重复的键：同一个键只能出现一次，后一个会覆盖前一个",
            "duplicate key in mapping: a key may appear only once",
        )
    } else {
        Message::new(format!("YAML 语法错误：{info}"), format!("YAML syntax error: {info}"))
    };
    let end = if duplicate {
        key_end(text, pos)
    } else {
        next_column(pos)
    };
    Problem {
        at: ProblemAt::Range(pos, end),
        message,
    }
}

/// The tab a tab error is about: saphyr reports it just after the tab
/// (in indentation) or at the start of the scalar before it.
fn tab_position(text: &str, marker: &Marker) -> Option<Position> {
    let line = text.lines().nth(marker.line().checked_sub(1)?)?;
    let indent: Vec<char> = line.chars().take(marker.col()).collect();
    if let Some(col) = indent.iter().rposition(|c| *c == '\t')
        && indent[..col].iter().all(|c| c.is_whitespace())
    {
        return Some(Position {
            line: marker.line(),
            column: col + 1,
        });
    }
    let (mut line, mut column) = (marker.line(), marker.col() + 1);
    for c in text.chars().skip(marker.index()) {
        match c {
            '\t' => return Some(Position { line, column }),
            '\n' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
    }
    None
}

fn marker_position(marker: &Marker) -> Position {
    Position {
        line: marker.line().max(1),
        column: marker.col() + 1,
    }
}

/// Reads `text` as a stream of parser events, without building a tree,
/// and refuses nesting deeper than [`MAX_DEPTH`] at the first collection
/// that exceeds it, and aliases that would expand to more than
/// [`MAX_ALIAS_NODES`] nodes at the alias that crosses the budget. Linear
/// in the size of `text`. A scan error is returned as a syntax problem,
/// so that no file one parser refuses reaches the other.
pub fn check_depth(text: &str) -> Result<(), Problem> {
    match first_excess(text) {
        Ok(None) => Ok(()),
        Ok(Some(excess)) => Err(excess.problem()),
        Err(scan) if scan.info().contains("recursion limit") => {
            // The scanner gave up (at 255 open flow levels) before the
            // parser reached level MAX_DEPTH + 1; the text before the
            // scanner's stop still holds that level.
            let stop = scan.marker().index();
            let prefix: String = text.chars().take(stop).collect();
            match first_excess(&prefix) {
                Ok(Some(excess)) => Err(excess.problem()),
                _ => Err(Excess::Depth(*scan.marker()).problem()),
            }
        }
        Err(scan) => Err(scan_problem(text, &scan)),
    }
}

/// How many nodes aliases may add to a file when expanded. Real content
/// repeats a short list now and then; a "billion laughs" file adds
/// billions.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// The first place where a file exceeds a bound.
enum Excess {
    Depth(Marker),
    Aliases(Marker),
}

impl Excess {
    fn problem(&self) -> Problem {
        let (at, message) = match self {
            Excess::Depth(at) => (
                at,
                Message::new(
                    format!("嵌套超过 {MAX_DEPTH} 层：内容文件不需要这样深的结构，请检查括号是否成对"),
                    format!(
                        "nesting deeper than {MAX_DEPTH} levels: content files never need this; check that brackets pair up"
                    ),
                ),
            ),
            Excess::Aliases(at) => (
                at,
                Message::new(
                    format!("别名（*引用）展开后超过 {MAX_ALIAS_NODES} 个节点：请直接写出内容，不要层层引用"),
                    format!(
                        "aliases (`*name`) expand to more than {MAX_ALIAS_NODES} nodes: write the values out instead"
                    ),
                ),
            ),
        };
        let pos = marker_position(at);
        Problem {
            at: ProblemAt::Range(pos, next_column(pos)),
            message,
        }
    }
}

/// One pass over the events: the depth of open collections, and the size
/// each anchored node would have once its aliases are expanded.
fn first_excess(text: &str) -> Result<Option<Excess>, ScanError> {
    // Open collections: (anchor id, expanded size so far).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut anchored: HashMap<usize, usize> = HashMap::new();
    let mut added = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event?;
        let finished = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                // The root mapping is level 1; the stream has no level.
                if open.len() >= MAX_DEPTH {
                    return Ok(Some(Excess::Depth(span.start)));
                }
                open.push((anchor, 1));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            Event::Scalar(_, _, anchor, _) => Some((anchor, 1)),
            Event::Alias(id) => {
                let size = anchored.get(&id).copied().unwrap_or(1);
                added = added.saturating_add(size);
                if added > MAX_ALIAS_NODES {
                    return Ok(Some(Excess::Aliases(span.start)));
                }
                Some((0, size))
            }
            _ => None,
        };
        if let Some((anchor, size)) = finished {
            if anchor > 0 {
                anchored.insert(anchor, size);
            }
            if let Some(parent) = open.last_mut() {
                parent.1 = parent.1.saturating_add(size);
            }
        }
    }
    Ok(None)
}

/// The end of a plain or quoted key starting at `pos`: up to its `:`.
fn key_end(text: &str, pos: Position) -> Position {
    let width = text
        .lines()
        .nth(pos.line - 1)
        .map(|line| {
            let rest: String = line.chars().skip(pos.column - 1).collect();
            rest.find(':')
                .map_or(1, |i| rest[..i].trim_end().chars().count().max(1))
        })
        .unwrap_or(1);
    Position {
        line: pos.line,
        column: pos.column + width,
    }
}

fn next_column(pos: Position) -> Position {
    Position {
        line: pos.line,
        column: pos.column + 1,
    }
}

/// Appends one JSON-pointer segment, escaped per RFC 6901.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn to_json(raw: serde_yaml::Value, pointer: &mut String, problems: &mut Vec<Problem>) -> Value {
    use serde_yaml::Value as Y;
    match raw {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::String(s) => Value::String(s),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else if let Some(f) = n.as_f64().and_then(Number::from_f64) {
                Value::Number(f)
            } else {
                problems.push(Problem {
                    at: ProblemAt::Node(pointer.clone(), Part::Value),
                    message: Message::new(
                        "不接受非有限数值（.nan、.inf）",
                        "non-finite numbers (.nan, .inf) are not accepted",
                    ),
                });
                Value::Null
            }
        }
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let len = pointer.len();
                    push_segment(pointer, &i.to_string());
                    let v = to_json(item, pointer, problems);
                    pointer.truncate(len);
                    v
                })
                .collect(),
        ),
        Y::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let key = match key {
                    Y::String(s) => s,
                    other => {
                        let shown = scalar_text(&other);
                        let len = pointer.len();
                        push_segment(pointer, &shown);
                        problems.push(Problem {
                            at: ProblemAt::Node(pointer.clone(), Part::Key),
                            message: Message::new(
                                format!("键 `{shown}` 不是字符串：请加引号，例如 \"{shown}\""),
                                format!("key `{shown}` is not a string: quote it, as in \"{shown}\""),
                            ),
                        });
                        pointer.truncate(len);
                        continue;
                    }
                };
                let len = pointer.len();
                push_segment(pointer, &key);
                if key == "<<" {
                    problems.push(Problem {
                        at: ProblemAt::Node(pointer.clone(), Part::Key),
                        message: Message::new(
                            "不支持 YAML 合并键 `<<`：请把字段逐一写出",
                            "YAML merge keys `<<` are not supported: write the fields out",
                        ),
                    });
                } else {
                    let v = to_json(value, pointer, problems);
                    map.insert(key, v);
                }
                pointer.truncate(len);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => {
            problems.push(Problem {
                at: ProblemAt::Node(pointer.clone(), Part::Value),
                message: Message::new(
                    format!("不支持 YAML 标签 `{}`：请删去标签", tagged.tag),
                    format!("YAML tags such as `{}` are not supported: remove the tag", tagged.tag),
                ),
            });
            Value::Null
        }
    }
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::Null => "null".to_owned(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Sequence(_) => "[…]".to_owned(),
        serde_yaml::Value::Mapping(_) => "{…}".to_owned(),
        serde_yaml::Value::Tagged(t) => format!("{}", t.tag),
    }
}

/// The source range of one node, and of its key when it is a mapping value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
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
        let widths: Vec<usize> = text.lines().map(|l| l.trim_end().chars().count()).collect();
        let ctx = Ctx {
            widths: &widths,
            line_offset,
        };
        let value = ctx.range(root);
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
                            key: Some(ctx.range(key)),
                            value: ctx.range(value),
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
                            value: ctx.range(item),
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

struct Ctx<'a> {
    /// Each line's width in characters, trailing blanks left out.
    widths: &'a [usize],
    line_offset: usize,
}

impl Ctx<'_> {
    /// A node's range, kept to its first line so that a caret can show it.
    fn range(&self, node: &MarkedYaml<'_>) -> (Position, Position) {
        let (s, e) = (node.span.start, node.span.end);
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

/// A non-string key as serde_yaml spells it in a JSON pointer (see
/// `scalar_text`), from the node itself: reading it back from the source
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
    fn parses_to_json_and_keeps_dates_as_strings() {
        let v = parse("a: 2023-05-01\nb: 012\nc: [1, 2.5]\n").expect("parses");
        assert_eq!(v["a"], "2023-05-01");
        assert_eq!(v["b"], "012");
        assert_eq!(v["c"][1], 2.5);
    }

    #[test]
    fn duplicate_key_points_at_the_second_key() {
        let problems = parse("a: 1\nb: 2\na: 3\n").expect_err("duplicate");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 1), pos(3, 2)));
        assert!(problems[0].message.en.contains("duplicate key"));
    }

    #[test]
    fn rejects_tags_merge_keys_non_string_keys_and_nan() {
        let problems = parse("a: !x 1\nb:\n  <<: {c: 1}\n2023: x\nd: .nan\n").expect_err("problems");
        let at: Vec<_> = problems.iter().map(|p| p.at.clone()).collect();
        assert_eq!(
            at,
            vec![
                ProblemAt::Node("/a".into(), Part::Value),
                ProblemAt::Node("/b/<<".into(), Part::Key),
                ProblemAt::Node("/2023".into(), Part::Key),
                ProblemAt::Node("/d".into(), Part::Value),
            ]
        );
    }

    #[test]
    fn rejects_several_documents_at_the_second() {
        let problems = parse("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 1), pos(3, 2)));
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

    fn flow(depth: usize) -> String {
        format!("name: {}{}\n", "[".repeat(depth - 1), "]".repeat(depth - 1))
    }

    fn block(depth: usize) -> String {
        (0..depth)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect::<String>()
            + &"  ".repeat(depth)
            + "k: 1\n"
    }

    #[test]
    fn aliases_within_the_budget_expand_and_bombs_are_refused_at_the_crossing_alias() {
        let v = parse("a: &a [x, y]\nb: *a\nc: {k: *a}\n").expect("small aliases are fine");
        assert_eq!(v["c"]["k"][1], "y");
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            bomb.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 10].join(", ")
            ));
        }
        // a1..a3 add 110 + 1,110 + 11,110 nodes; a4's aliases add 11,111
        // each, and its eighth passes 100,000 (line 5).
        let problems = parse(&bomb).expect_err("a bomb");
        assert!(problems[0].message.en.contains("aliases"), "{problems:?}");
        let ProblemAt::Range(at, _) = problems[0].at else {
            panic!("unpositioned")
        };
        assert_eq!((at.line, at.column), (5, 45));
        // Aliases as mapping keys count too.
        let mut keys = String::from("x0: &a0 [l, l, l, l, l, l, l, l, l]\n");
        for i in 1..=7 {
            let entries: Vec<String> = (0..9).map(|j| format!("? [*a{}, {j}] : {j}", i - 1)).collect();
            keys.push_str(&format!("x{i}: &a{i} {{{}}}\n", entries.join(", ")));
        }
        assert!(parse(&keys).expect_err("a key bomb")[0].message.en.contains("aliases"));
    }

    fn depth_problem(text: &str) -> Option<ProblemAt> {
        parse(text)
            .err()
            .and_then(|p| p.into_iter().find(|p| p.message.en.contains("nesting deeper")))
            .map(|p| p.at)
    }

    #[test]
    fn nesting_up_to_the_limit_parses() {
        assert!(parse(&flow(MAX_DEPTH)).is_ok());
        assert!(parse(&block(MAX_DEPTH - 1)).is_ok());
    }

    #[test]
    fn flow_nesting_past_the_limit_is_refused_at_the_first_bracket_too_deep() {
        // Level 1 is the root mapping; `[` number 64 opens level 65.
        for depth in [MAX_DEPTH + 1, 200, 254, 255, 256, 300, 100_000] {
            let at = depth_problem(&flow(depth)).unwrap_or_else(|| panic!("depth {depth} accepted"));
            assert_eq!(
                at,
                ProblemAt::Range(pos(1, 6 + MAX_DEPTH), pos(1, 7 + MAX_DEPTH)),
                "depth {depth}"
            );
        }
        let mixed = format!("a: {}\n", "{b: [".repeat(1000));
        assert!(depth_problem(&mixed).is_some());
    }

    #[test]
    fn block_nesting_past_the_limit_is_refused_at_its_first_key() {
        // Mapping number 65 starts at line 65, after 64 levels of indentation.
        let at = depth_problem(&block(MAX_DEPTH + 5)).expect("refused");
        assert_eq!(at, ProblemAt::Range(pos(65, 129), pos(65, 130)));
        let seq: String = (0..200).map(|i| format!("{}-\n", "  ".repeat(i))).collect();
        assert!(depth_problem(&seq).is_some());
    }

    #[test]
    fn the_span_index_of_a_too_deep_file_is_empty() {
        assert!(SpanIndex::build(&flow(10_000), 0).nodes.is_empty());
    }

    #[test]
    fn problems_past_the_cap_are_counted_not_listed() {
        let text = format!(
            "{{{}}}\n",
            (0..250).map(|i| format!("{i}: x")).collect::<Vec<_>>().join(", ")
        );
        let problems = parse(&text).expect_err("non-string keys");
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(problems[MAX_PROBLEMS].at, ProblemAt::File);
        assert!(problems[MAX_PROBLEMS].message.en.starts_with("150 more"));
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        let problems = parse("a:\n\tb: 1\n").expect_err("tab indent");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(2, 1), pos(2, 2)));
        let problems = parse("a:\n  b: x\n  \tc: 1\n").expect_err("tab after spaces");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 3), pos(3, 4)));
    }

    #[test]
    fn pointer_segments_are_escaped() {
        let mut p = String::new();
        push_segment(&mut p, "a/b~c");
        assert_eq!(p, "/a~1b~0c");
    }
}
