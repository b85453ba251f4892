//! The YAML boundary: the only module that names a YAML library.
//!
//! Content is parsed in one pass over saphyr-parser's events straight into
//! the [`serde_json::Value`] that the schema check and the typed model read
//! (`tree`). The same pass holds every file to its bounds (`bounds`):
//! nesting deeper than [`MAX_DEPTH`] and aliases that would expand past
//! [`MAX_ALIAS_NODES`] nodes are refused at the event that crosses them,
//! before any tree grows past them, so the work is linear in the file
//! size. Positions for findings come from saphyr's marked tree, built only
//! for files that have findings ([`SpanIndex::build`]).
//!
//! Policy (see docs/content-format.md): one document per file; no tags; no
//! merge keys (`<<`); unique string keys only; finite numbers only.
//! Anchors and aliases are expanded.

mod bounds;
mod layout;
mod spans;
mod tree;

use saphyr::{Marker, ScanError};
use saphyr_parser::Parser;
use serde_json::Value;

use crate::diagnostics::{Message, Position};
use bounds::{Bounds, Excess};
pub use layout::{Entry, Layout, LayoutError, LayoutNode, NodeId, Shape, Style, line_end, line_start};
pub use spans::SpanIndex;
use tree::{Fatal, Tree};

/// Where a YAML problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemAt {
    /// A position range the parser reported (line and column from 1).
    Range(Position, Position),
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
pub(crate) const MAX_DEPTH: usize = 64;

/// How many nodes aliases may add to a file when expanded. Real content
/// repeats a short list now and then; a "billion laughs" file adds
/// billions.
pub(crate) const MAX_ALIAS_NODES: usize = 100_000;

/// The most YAML problems listed for one file; the rest are counted.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// Parses `text` into a JSON value, or returns every problem found. A
/// scan error, an exceeded bound, a duplicate key or a second document is
/// the only problem reported; otherwise every refused tag, merge key,
/// non-string key and non-finite number is.
pub fn parse(text: &str) -> Result<Value, Vec<Problem>> {
    if let Some(problem) = control_character(text) {
        return Err(vec![problem]);
    }
    let mut tree = Tree::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|scan| vec![scan_failure(text, &scan)])?;
        tree.event(event, span).map_err(|excess| vec![excess.problem()])?;
    }
    if let Some(Fatal::Duplicate(start, end)) = tree.fatal {
        let message = Message::new(
            "映射中有重复的键：同一个键只能出现一次，后一个会覆盖前一个",
            "duplicate key in mapping: a key may appear only once",
        );
        return Err(found_problems(text, vec![tree::Found { start, end, message }]));
    }
    if tree.documents > 1 {
        return Err(vec![documents_problem(tree.documents, tree.second)]);
    }
    if !tree.found.is_empty() {
        return Err(found_problems(text, std::mem::take(&mut tree.found)));
    }
    Ok(tree.root())
}

/// The first character YAML does not allow in a file (YAML 1.2, 5.1: C0
/// controls other than tab, line feed and carriage return; DEL; C1
/// controls other than NEL; U+FFFE and U+FFFF), as a problem. They are
/// invisible in an editor and come in with text pasted from elsewhere.
fn control_character(text: &str) -> Option<Problem> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9f)),
        0xef => bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    })?;
    let c = text[at..].chars().next()?;
    let pos = Position::after(&text[..at]);
    let code = format!("U+{:04X}", u32::from(c));
    Some(Problem {
        at: ProblemAt::Range(pos, pos.next_column()),
        message: Message::new(
            format!("文件含有控制字符 {code}（看不见的字符，常随从其他软件复制的文字带入）：请删去它"),
            format!(
                "the file holds the control character {code} (invisible, often pasted in from other software): delete it"
            ),
        ),
    })
}

/// The problems found while building, positioned, at most
/// [`MAX_PROBLEMS`] of them.
fn found_problems(text: &str, found: Vec<tree::Found>) -> Vec<Problem> {
    let widths = spans::line_widths(text);
    let ctx = spans::Ctx {
        widths: &widths,
        line_offset: 0,
    };
    let more = found.len().saturating_sub(MAX_PROBLEMS);
    let mut problems: Vec<Problem> = found
        .into_iter()
        .take(MAX_PROBLEMS)
        .map(|f| {
            let (start, end) = ctx.range(f.start, f.end);
            Problem {
                at: ProblemAt::Range(start, end),
                message: f.message,
            }
        })
        .collect();
    if more > 0 {
        problems.push(Problem {
            at: ProblemAt::File,
            message: Message::new(
                format!("此文件另有 {more} 处同类问题未列出：请先改正以上各处"),
                format!("{more} more problems of this kind in this file are not listed: fix the ones above first"),
            ),
        });
    }
    problems
}

fn documents_problem(count: usize, second: Option<Marker>) -> Problem {
    let at = second.map_or(ProblemAt::File, |m| {
        let pos = marker_position(&m);
        ProblemAt::Range(pos, pos.next_column())
    });
    Problem {
        at,
        message: Message::new(
            format!("文件包含 {count} 个 YAML 文档，每个文件只能有一个（删去 `---` 分隔的其余部分）"),
            format!("the file holds {count} YAML documents; each file must hold exactly one"),
        ),
    }
}

/// A scan error as a problem. The scanner gives up at 255 open flow
/// levels, which may come before the parser reaches level
/// [`MAX_DEPTH`] + 1 in its events; the text before the scanner's stop
/// still holds that level, and the finding is placed there.
fn scan_failure(text: &str, scan: &ScanError) -> Problem {
    if !scan.info().contains("recursion limit") {
        return scan_problem(text, scan);
    }
    let stop = scan.marker().index();
    let prefix: String = text.chars().take(stop).collect();
    match first_excess(&prefix) {
        Ok(Some(excess)) => excess.problem(),
        _ => Excess::Depth(*scan.marker()).problem(),
    }
}

/// A saphyr scan error as a problem at its position.
fn scan_problem(text: &str, scan: &ScanError) -> Problem {
    let info = scan.info();
    if info.contains("tab") {
        let pos = tab_position(text, scan.marker()).unwrap_or_else(|| marker_position(scan.marker()));
        return Problem {
            at: ProblemAt::Range(pos, pos.next_column()),
            message: Message::new(
                "YAML 不允许用制表符（Tab）缩进或分隔：请把它换成空格",
                "YAML does not allow tabs for indentation here: replace the tab with spaces",
            ),
        };
    }
    let pos = marker_position(scan.marker());
    Problem {
        at: ProblemAt::Range(pos, pos.next_column()),
        message: Message::new(format!("YAML 语法错误：{info}"), format!("YAML syntax error: {info}")),
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
/// and refuses it at the first exceeded bound (see [`parse`]) or scan
/// error. Linear in the size of `text`.
pub fn check_depth(text: &str) -> Result<(), Problem> {
    match first_excess(text) {
        Ok(None) => Ok(()),
        Ok(Some(excess)) => Err(excess.problem()),
        Err(scan) => Err(scan_failure(text, &scan)),
    }
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
            Excess::Recursive(at) => (
                at,
                Message::new(
                    "别名（*引用）引用了它自己所在的节点，展开永无止境：请直接写出内容",
                    "an alias (`*name`) inside the very node it names would expand forever: write the values out instead",
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
            at: ProblemAt::Range(pos, pos.next_column()),
            message,
        }
    }
}

/// One pass over the events that only counts them against the bounds.
fn first_excess(text: &str) -> Result<Option<Excess>, ScanError> {
    let mut bounds = Bounds::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event?;
        if let Err(excess) = bounds.event(&event, &span) {
            return Ok(Some(excess));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Part;

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
    fn rejects_tags_merge_keys_non_string_keys_and_nan_at_the_nodes_the_span_index_gives() {
        let text = "a: !x 1\nb:\n  <<: {c: 1}\n2023: x\nd: .nan\ne: !!str 5\nf: !t\n  g: 1\n? [k]\n: v\n";
        let problems = parse(text).expect_err("problems");
        let at: Vec<_> = problems.iter().map(|p| p.at.clone()).collect();
        let index = SpanIndex::build(text, 0);
        let node = |pointer: &str, part| {
            let (start, end) = index.find(pointer, part).expect("indexed");
            ProblemAt::Range(start, end)
        };
        assert_eq!(
            at,
            vec![
                node("/a", Part::Value),
                node("/b/<<", Part::Key),
                node("/2023", Part::Key),
                node("/d", Part::Value),
                node("/e", Part::Value),
                node("/f", Part::Value),
                node("/[…]", Part::Key),
            ]
        );
        let messages: Vec<&str> = problems.iter().map(|p| p.message.en.as_str()).collect();
        assert!(messages[0].contains("`!x`"), "{messages:?}");
        assert!(messages[4].contains("`!!str`"), "{messages:?}");
        assert!(messages[6].contains("key `[…]`"), "{messages:?}");
    }

    #[test]
    fn a_duplicate_is_the_only_problem_reported_and_quoted_keys_count() {
        let problems = parse("a: !x 1\n\"b\": 2\nb: 3\n").expect_err("duplicate");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 1), pos(3, 2)));
    }

    #[test]
    fn anchors_expand_into_keys_and_values_and_empty_files_are_null() {
        let v = parse("k: &k name\n*k : 1\nlist: &l [1, {x: y}]\nagain: *l\n").expect("parses");
        assert_eq!(v["name"], 1);
        assert_eq!(v["again"][1]["x"], "y");
        assert_eq!(parse("").expect("empty"), Value::Null);
        assert_eq!(parse("# only a comment\n").expect("comment"), Value::Null);
        assert_eq!(
            parse("a:\nb: ''\n").expect("empty values"),
            serde_json::json!({"a": null, "b": ""})
        );
    }

    #[test]
    fn rejects_several_documents_at_the_second() {
        let problems = parse("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 1), pos(3, 2)));
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
    fn control_characters_are_refused_where_they_are_even_when_quoted() {
        for (text, at, code) in [
            ("a: x\u{2}y\n", pos(1, 5), "U+0002"),
            ("a: 1\nb: \"\u{7f}\"\n", pos(2, 5), "U+007F"),
            ("名称: 温州\u{85}示例\u{9c}\n", pos(1, 10), "U+009C"),
            ("a: |\n  \u{ffff}\n", pos(2, 3), "U+FFFF"),
            ("\u{0}", pos(1, 1), "U+0000"),
        ] {
            let problems = parse(text).expect_err(code);
            assert_eq!(problems.len(), 1, "{code}");
            assert_eq!(problems[0].at, ProblemAt::Range(at, at.next_column()), "{code}");
            assert!(problems[0].message.en.contains(code), "{code}");
        }
        // Tab, CR LF, NEL, a byte-order mark and characters beyond the BMP are text.
        let v = parse("a: \t1\r\nb: \"x\u{85}\u{feff}😀\u{fffd}\"\n").expect("allowed");
        assert_eq!(v["b"], "x\u{85}\u{feff}😀\u{fffd}");
    }

    #[test]
    fn an_alias_inside_the_node_it_names_is_refused_at_the_alias() {
        for text in ["a: &a [1, *a]\n", "base: &b\n  child:\n    x: *b\n"] {
            let problems = parse(text).expect_err(text);
            assert!(problems[0].message.en.contains("expand forever"), "{text}");
        }
        let problems = parse("base: &b\n  child:\n    x: *b\n").expect_err("recursive");
        assert_eq!(problems[0].at, ProblemAt::Range(pos(3, 8), pos(3, 9)));
    }

    #[test]
    fn aliases_cannot_nest_deeper_than_the_limit_once_expanded() {
        // Each anchor nests the one before one level deeper: a_k is k + 1
        // levels high, and `x: *a_k` in the root mapping reaches k + 2.
        let chain = |n: usize| {
            let mut text = String::from("a0: &a0 [x]\n");
            for k in 1..n {
                text.push_str(&format!("a{k}: &a{k} [*a{}]\n", k - 1));
            }
            text
        };
        // Every line is at most 2 levels deep as written.
        let deepest_allowed = format!("{}x: *a{}\n", chain(MAX_DEPTH - 1), MAX_DEPTH - 2);
        assert!(parse(&deepest_allowed).is_ok());
        let too_deep = format!("{}x: [*a{}]\n", chain(MAX_DEPTH - 1), MAX_DEPTH - 2);
        assert_eq!(
            depth_problem(&too_deep),
            Some(ProblemAt::Range(pos(MAX_DEPTH, 5), pos(MAX_DEPTH, 6)))
        );
    }
}
