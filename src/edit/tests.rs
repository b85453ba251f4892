//! The editing module on files as staff write them, and a property test
//! on generated files: an edit changes only the bytes of the value asked.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn edit(text: &str, changes: &[Change]) -> Result<String, Refusal> {
    let editable = Editable::parse(text.as_bytes().to_vec(), Format::Yaml)?;
    editable
        .apply(changes)
        .map(|bytes| String::from_utf8(bytes).expect("UTF-8"))
}

fn refused(text: &str, changes: &[Change]) -> Refusal {
    edit(text, changes).expect_err("refused")
}

const APPLICATION: &str = "\
# yaml-language-server: $schema=../../../../schemas/application.schema.json
# 2026年度市长质量奖 · 瓯海演示阀门有限公司
organization: ouhai-demo-valve
award: quality
submitted: 2027-06-10   # 截止日前

self_evaluation:
  score: 640
  report: |
    《自评报告》，共 86 页。
    按 GB/T 19580-2012 逐条自评。

material:
  score: 655     # 资料评审
  result: advanced

onsite:
  group: 'group-a'
  score: 668
  items:
    \"4.1.2\": 40   # 高层领导的作用（满分 50）
    \"4.1.3\": 20
  signed_by: \"林某某\"
  result: candidate
";

#[test]
fn replacing_a_value_changes_its_bytes_only_and_keeps_comments_and_quotes() {
    let out = edit(APPLICATION, &[Change::set("/onsite/items/4.1.2", json!(44))]).expect("edit");
    assert_eq!(out, APPLICATION.replace("\"4.1.2\": 40   #", "\"4.1.2\": 44   #"));
    let out = edit(APPLICATION, &[Change::set("/onsite/signed_by", json!("王某某"))]).expect("edit");
    assert_eq!(out, APPLICATION.replace("\"林某某\"", "\"王某某\""));
    let out = edit(APPLICATION, &[Change::set("/onsite/group", json!("group-b"))]).expect("edit");
    assert_eq!(out, APPLICATION.replace("'group-a'", "'group-b'"));
    let out = edit(APPLICATION, &[Change::set("/submitted", json!("2027-06-11"))]).expect("edit");
    assert_eq!(out, APPLICATION.replace("2027-06-10   #", "2027-06-11   #"));
}

#[test]
fn a_value_beside_a_block_scalar_is_changed_and_the_block_kept() {
    let out = edit(APPLICATION, &[Change::set("/self_evaluation/score", json!(641))]).expect("edit");
    assert_eq!(out, APPLICATION.replace("score: 640", "score: 641"));
    let out = edit(
        APPLICATION,
        &[Change::set_at(
            "/self_evaluation/pages",
            json!(86),
            Place::After("report".into()),
        )],
    )
    .expect("edit");
    assert_eq!(out, APPLICATION.replace("逐条自评。\n", "逐条自评。\n  pages: 86\n"));
}

#[test]
fn a_stage_gains_its_items_after_its_score_and_a_new_score() {
    let items = json!({"4.1.2": 45, "4.1.3": 25});
    let out = edit(
        APPLICATION,
        &[
            Change::set("/material/score", json!(70)),
            Change::set_at("/material/items", items, Place::After("score".into())),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        APPLICATION.replace(
            "  score: 655     # 资料评审\n",
            "  score: 70     # 资料评审\n  items:\n    \"4.1.2\": 45\n    \"4.1.3\": 25\n"
        )
    );
}

#[test]
fn setting_a_mapping_changes_inserts_and_removes_keys_in_place() {
    let new_items = json!({"4.1.2": 40, "4.1.3": 21, "4.1.4": 22});
    let out = edit(APPLICATION, &[Change::set("/onsite/items", new_items)]).expect("edit");
    assert_eq!(
        out,
        APPLICATION.replace("    \"4.1.3\": 20\n", "    \"4.1.3\": 21\n    \"4.1.4\": 22\n")
    );
    let fewer = json!({"4.1.3": 20});
    let out = edit(APPLICATION, &[Change::set("/onsite/items", fewer)]).expect("edit");
    assert_eq!(
        out,
        APPLICATION.replace("    \"4.1.2\": 40   # 高层领导的作用（满分 50）\n", "")
    );
    let first = json!({"4.1.1": 1, "4.1.2": 40, "4.1.3": 20});
    let out = edit(APPLICATION, &[Change::set("/onsite/items", first)]).expect("edit");
    assert_eq!(out, APPLICATION.replace("  items:\n", "  items:\n    \"4.1.1\": 1\n"));
}

#[test]
fn whole_blocks_are_added_and_removed_at_their_siblings_indentation() {
    let out = edit(
        APPLICATION,
        &[Change::set_at(
            "/withdrawn",
            json!({"date": "2027-09-01", "reason": "企业主动申请撤回。"}),
            Place::After("onsite".into()),
        )],
    )
    .expect("edit");
    assert_eq!(
        out,
        format!("{APPLICATION}withdrawn:\n  date: 2027-09-01\n  reason: 企业主动申请撤回。\n")
    );
    let out = edit(APPLICATION, &[Change::remove("/material")]).expect("edit");
    assert_eq!(
        out,
        APPLICATION.replace("material:\n  score: 655     # 资料评审\n  result: advanced\n", "")
    );
    let out = edit(APPLICATION, &[Change::set("/qualification/result", json!("passed"))]).expect("edit");
    assert_eq!(out, format!("{APPLICATION}qualification:\n  result: passed\n"));
}

#[test]
fn a_new_key_goes_before_its_sibling_and_the_comments_above_it() {
    let text = "a: 1\n\n# 第十六条\n# 现场评审\nonsite: x\n";
    let out = edit(
        text,
        &[Change::set_at("/material", json!(2), Place::Before("onsite".into()))],
    )
    .expect("edit");
    assert_eq!(out, "a: 1\n\nmaterial: 2\n# 第十六条\n# 现场评审\nonsite: x\n");
}

#[test]
fn crlf_and_a_byte_order_mark_are_kept() {
    let text =
        "\u{feff}# yaml-language-server: $schema=x\r\nname: 示例\r\nscore: 1\r\n\r\nitems:\r\n  \"4.1.2\": 1\r\n";
    let out = edit(
        text,
        &[
            Change::set("/name", json!("演示")),
            Change::set("/items", json!({"4.1.2": 2, "4.1.3": 3})),
            Change::set_at("/after", json!({"x": 1}), Place::After("score".into())),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        "\u{feff}# yaml-language-server: $schema=x\r\nname: 演示\r\nscore: 1\r\nafter:\r\n  x: 1\r\n\r\nitems:\r\n  \"4.1.2\": 2\r\n  \"4.1.3\": 3\r\n"
    );
}

#[test]
fn a_file_without_a_final_line_break_keeps_it_so() {
    assert_eq!(
        edit("a: 1\nb: 2", &[Change::set("/c", json!(3))]).expect("edit"),
        "a: 1\nb: 2\nc: 3"
    );
    assert_eq!(edit("a: 1\nb: 2", &[Change::remove("/b")]).expect("edit"), "a: 1");
}

#[test]
fn an_empty_key_gets_a_value_or_lines() {
    let text = "name:\nitems:   # 分项得分\nother: ~\nnext: 1\n";
    let out = edit(
        text,
        &[
            Change::set("/name", json!("示例")),
            Change::set("/items", json!({"4.1.2": 1})),
            Change::set("/other", json!(["a"])),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        "name: 示例\nitems:   # 分项得分\n  \"4.1.2\": 1\nother:\n  - a\nnext: 1\n"
    );
}

#[test]
fn an_empty_flow_collection_gets_lines_and_a_filled_one_is_refused() {
    let text = "declarations:\n  compliant: true\n  incidents: []   # 无\nitems: {}\n";
    let incident = json!([{"kind": "major-accident", "date": "2024-03-01", "description": "示例"}]);
    let out = edit(
        text,
        &[
            Change::set("/declarations/incidents", incident),
            Change::set("/items", json!({"4.1.2": 40})),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        "declarations:\n  compliant: true\n  incidents:   # 无\n    - kind: major-accident\n      date: 2024-03-01\n      description: 示例\nitems:\n  \"4.1.2\": 40\n"
    );
    let refusal = refused("members: {a: 1}\n", &[Change::set("/members", json!({"a": 1, "b": 2}))]);
    assert_eq!(refusal.line, Some(1));
    assert!(refusal.message.en.contains("brackets"), "{}", refusal.message.en);
}

#[test]
fn notices_are_edited_in_their_front_matter_and_the_body_kept() {
    let text =
        "---\n# yaml-language-server: $schema=x\ntitle: 通知\ndate: 2026-04-01\n---\n# 正文\n\ndate: 不是头信息\n";
    let editable = Editable::parse(text.as_bytes().to_vec(), Format::FrontMatter).expect("notice");
    assert_eq!(editable.value()["title"], "通知");
    let out = editable
        .apply(&[Change::set("/date", json!("2026-04-02"))])
        .expect("edit");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        text.replace("2026-04-01", "2026-04-02")
    );
    let refusal = editable
        .apply(&[Change::set("/list/0", json!(1)), Change::set("/list", json!([1, 2]))])
        .expect_err("refused");
    assert!(refusal.line.is_some());
}

#[test]
fn anchors_and_aliases_are_refused_with_the_line_to_edit() {
    let text = "a: 1\nbase: &b\n  x: 1\n  y: 2\ncopy: *b\nc: &c 3\n";
    for (change, line) in [
        (Change::set("/base/x", json!(5)), 2),
        (Change::set("/copy/x", json!(5)), 5),
        (Change::set("/c", json!(4)), 6),
        (Change::set("/base/z", json!(4)), 2),
        (Change::remove("/copy"), 5),
    ] {
        let refusal = refused(text, std::slice::from_ref(&change));
        assert_eq!(refusal.line, Some(line), "{change:?}");
        assert!(
            refusal.message.zh.contains(&format!("请手工编辑第 {line} 行")),
            "{}",
            refusal.message.zh
        );
        assert!(refusal.message.en.contains("anchor"), "{}", refusal.message.en);
    }
    assert_eq!(
        edit(text, &[Change::set("/a", json!(2))]).expect("elsewhere is fine"),
        text.replacen("a: 1", "a: 2", 1)
    );
}

#[test]
fn flow_and_multi_line_values_are_refused_with_their_line() {
    let text = "members: [a, b]\nvote: {for: 1}\nreport: |\n  第一行\n  第二行\nlong: 一段\n  折行的文字\n\"quoted\": \"x\n  y\"\nlist:\n  - a\n";
    for (change, line, word) in [
        (Change::set("/vote/against", json!(2)), 2, "brackets"),
        (Change::set("/vote", json!({"for": 1, "against": 2})), 2, "brackets"),
        (Change::set("/report", json!(" 缩进开头")), 3, "several lines"),
        (Change::set("/report", json!("x\n\n")), 3, "several lines"),
        (Change::set("/long", json!("x")), 6, "several lines"),
        (Change::set("/quoted", json!("x")), 8, "several lines"),
        (Change::set("/members/-", json!({"name": "c"})), 1, "brackets"),
        (Change::set("/members/0", json!(["c"])), 1, "brackets"),
        (Change::set("/list/2", json!("c")), 11, "no such item"),
        (Change::set("/list/x", json!("c")), 11, "no such item"),
    ] {
        let refusal = refused(text, std::slice::from_ref(&change));
        assert_eq!(refusal.line, Some(line), "{change:?}: {}", refusal.message.en);
        assert!(refusal.message.en.contains(word), "{change:?}: {}", refusal.message.en);
    }
}

#[test]
fn a_value_in_a_one_line_flow_mapping_is_replaced_where_it_stands() {
    let text = "tallies:\n  a:   {for: 19, against: 2, abstain: 1}   # 表决\r\n  b: {note: 'x', n: 1}\n";
    let out = edit(text, &[Change::set("/tallies/a/for", json!(20))]).expect("edit");
    assert_eq!(out, text.replace("{for: 19,", "{for: 20,"));
    let out = edit(
        text,
        &[
            Change::set("/tallies/a/against", json!(3)),
            Change::set("/tallies/a/abstain", json!(0)),
        ],
    )
    .expect("edit");
    assert_eq!(out, text.replace("against: 2, abstain: 1}", "against: 3, abstain: 0}"));
    // A text holding a flow indicator is quoted; a quoted one keeps its quotes.
    let out = edit(text, &[Change::set("/tallies/b/note", json!("y, z"))]).expect("edit");
    assert_eq!(out, text.replace("'x'", "'y, z'"));
    let plain = "v: {note: x}\n";
    for (new, written) in [
        ("a, b", "\"a, b\""),
        ("a}b", "\"a}b\""),
        ("a #b", "\"a #b\""),
        ("a: b", "\"a: b\""),
        ("ab", "ab"),
    ] {
        let out = edit(plain, &[Change::set("/v/note", json!(new))]).expect("edit");
        assert_eq!(out, format!("v: {{note: {written}}}\n"), "{new}");
    }
    // Still refused: a mapping over several lines, nested, in a list, or anchored.
    for (text, pointer) in [
        ("v: {a: 1,\n  b: 2}\n", "/v/a"),
        ("v: {a: {b: 1}}\n", "/v/a/b"),
        ("v: [{a: 1}]\n", "/v/0/a"),
        ("v: &x {a: 1}\nw: *x\n", "/v/a"),
    ] {
        let refusal = refused(text, &[Change::set(pointer, json!(2))]);
        assert_eq!(refusal.line, Some(1), "{text}");
    }
}

#[test]
fn a_block_text_is_replaced_by_its_new_lines_and_nothing_else() {
    let text = "name: 甲\nprofile: |   # 简介\n  第一段。\n\n  第二段。\n\n# 下一项\nwebsite: https://a.example/\n";
    let out = edit(
        text,
        &[Change::set("/profile", json!("新的一段。\n\n又一段。\n第三行\n"))],
    )
    .expect("edit");
    assert_eq!(
        out,
        text.replace("  第一段。\n\n  第二段。\n", "  新的一段。\n\n  又一段。\n  第三行\n")
    );
    // Without a final line break: `|-`; CRLF kept; a folded block becomes literal.
    let crlf = text.replace('\n', "\r\n");
    let out = edit(&crlf, &[Change::set("/profile", json!("一行"))]).expect("edit");
    assert_eq!(
        out,
        crlf.replace("|   # 简介\r\n  第一段。\r\n\r\n  第二段。", "|-   # 简介\r\n  一行")
    );
    let folded = "a:\n    profile: >\n        折叠的\n        文字\n    b: 1\n";
    let out = edit(folded, &[Change::set("/a/profile", json!("x\ny\n"))]).expect("edit");
    assert_eq!(out, "a:\n    profile: |\n        x\n        y\n    b: 1\n");
    // Texts a literal block cannot hold as they are stay refused.
    for new in [" 空格开头\n", "两个换行\n\n", "空白行\n   \n下一行\n", "回车\r\n", ""] {
        let refusal = refused(text, &[Change::set("/profile", json!(new))]);
        assert_eq!(refusal.line, Some(2), "{new:?}");
    }
    let keep = "p: |+\n  a\n\nb: 1\n";
    assert_eq!(refused(keep, &[Change::set("/p", json!("x\n"))]).line, Some(1));
    let stated = "p: |2\n   a\nb: 1\n";
    assert_eq!(refused(stated, &[Change::set("/p", json!("x\n"))]).line, Some(1));
}

#[test]
fn a_change_that_would_not_read_back_as_asked_is_refused() {
    // The last field of a mapping cannot go: the mapping would become empty (null).
    let refusal = refused("a:\n  b: 1\n", &[Change::remove("/a/b")]);
    assert_eq!(refusal.line, Some(2));
    // A list item's first key cannot have lines put before it.
    let text = "list:\n  - kind: x\n    date: 2024-01-01\n";
    let out = edit(text, &[Change::set("/list/0/date", json!("2024-01-02"))]).expect("edit");
    assert_eq!(out, text.replace("01-01", "01-02"));
    let refusal = refused(
        "list:\n  - kind: x\n    # 日期\n    date: 2024-01-01\n",
        &[Change::remove("/list/0/kind")],
    );
    assert_eq!(refusal.line, Some(2));
    assert!(refusal.message.en.contains("`- `"), "{}", refusal.message.en);
    // A key to go before a list item's first key goes after it.
    let out = edit(
        text,
        &[Change::set_at("/list/0/id", json!("x"), Place::Before("kind".into()))],
    )
    .expect("edit");
    assert_eq!(out, "list:\n  - kind: x\n    id: x\n    date: 2024-01-01\n");
    assert!(
        refused(text, &[Change::remove("")])
            .message
            .en
            .contains("whole content")
    );
}

#[test]
fn a_file_with_yaml_errors_is_refused_at_its_first_problem() {
    let refusal = Editable::parse(b"a: 1\nb: [\n".to_vec(), Format::Yaml).expect_err("refused");
    assert!(refusal.line.is_some());
    let refusal = Editable::parse(b"a: 1\na: 2\n".to_vec(), Format::Yaml).expect_err("duplicate");
    assert_eq!(refusal.line, Some(2));
    assert!(Editable::parse(vec![0xff, 0xfe], Format::Yaml).is_err());
    assert!(Editable::parse(b"title: x\n".to_vec(), Format::FrontMatter).is_err());
}

#[test]
fn values_equal_by_number_are_left_alone() {
    let text = "score: 603.0  # 原样\n";
    assert_eq!(edit(text, &[Change::set("/score", json!(603))]).expect("edit"), text);
    assert!(same(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
    assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
}

// ---- the property: an edit changes only the value asked for ----------

/// A generated content-like file: top-level sections of scalar fields
/// in assorted styles, with comments, blank lines and a block scalar.
#[derive(Clone, Debug)]
struct Generated {
    text: String,
    /// Pointers of single-line scalars, and the line each is on.
    scalars: Vec<(String, usize)>,
}

fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,8}",
        "[0-9]{1,4}",
        "2[0-9]{3}-0[1-9]-[12][0-9]",
        "\"[a-z 温州示例#:]{0,8}\"",
        "'[a-z 示例]{0,6}'",
        "[示例温州演示有限公司]{1,6}",
    ]
}

prop_compose! {
    fn generated()(
        sections in prop::collection::vec(
            ("[a-z]{2,6}", prop::collection::vec(("[a-z]{1,5}", scalar_text(), any::<bool>(), any::<bool>()), 1..5), any::<bool>()),
            1..5,
        ),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        block_after in any::<bool>(),
    ) -> Generated {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if bom { text.push('\u{feff}'); }
        text.push_str("# yaml-language-server: $schema=x");
        text.push_str(eol);
        let mut line = 1;
        let mut scalars = Vec::new();
        let mut seen_sections = std::collections::BTreeSet::new();
        for (name, fields, blank) in sections {
            if !seen_sections.insert(name.clone()) { continue; }
            if blank { text.push_str(eol); line += 1; }
            text.push_str(&format!("{name}:{eol}"));
            line += 1;
            let mut seen = std::collections::BTreeSet::new();
            for (key, value, comment, _) in fields {
                if !seen.insert(key.clone()) { continue; }
                let note = if comment { "   # 注释 #1" } else { "" };
                text.push_str(&format!("  {key}: {value}{note}{eol}"));
                line += 1;
                scalars.push((format!("/{name}/{key}"), line));
            }
            if block_after {
                text.push_str(&format!("  zz_block: |{eol}    第一行{eol}    second: line{eol}"));
                line += 3;
            }
        }
        Generated { text, scalars }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_changes_only_the_value_asked_for(
        file in generated(),
        pick in any::<prop::sample::Index>(),
        new in prop_oneof![
            scalar_text().prop_map(Value::String),
            (0u32..1000).prop_map(Value::from),
            Just(json!("yes")),
            Just(json!("a: b # c")),
            Just(json!("4.1.2")),
        ],
    ) {
        let Ok(editable) = Editable::parse(file.text.as_bytes().to_vec(), Format::Yaml) else {
            // A generated key may collide with a reserved word; such files are not content.
            return Ok(());
        };
        prop_assume!(!file.scalars.is_empty());
        let (pointer, line) = &file.scalars[pick.index(file.scalars.len())];
        let out = editable.apply(&[Change::set(pointer.clone(), new.clone())]).expect("a plain field is editable");
        let out = String::from_utf8(out).expect("UTF-8");
        // Every line but the value's is byte for byte the same.
        let old_lines: Vec<&str> = file.text.split('\n').collect();
        let new_lines: Vec<&str> = out.split('\n').collect();
        prop_assert_eq!(old_lines.len(), new_lines.len());
        for (i, (a, b)) in old_lines.iter().zip(&new_lines).enumerate() {
            if i + 1 != *line {
                prop_assert_eq!(a, b, "line {}", i + 1);
            } else {
                // The comment after the value stays too.
                let note = a.find("   # 注释").map(|at| &a[at..]);
                prop_assert_eq!(note, b.find("   # 注释").map(|at| &b[at..]));
            }
        }
        // And the file reads as the old value with just that change.
        let mut expected = editable.value().clone();
        let segs = segments(pointer);
        if let Some(slot) = plan::pointer_get_mut(&mut expected, &segs) {
            *slot = new;
        }
        let text = out.trim_start_matches('\u{feff}');
        prop_assert!(same(&crate::yaml::parse(text).expect("parses"), &expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn adding_or_removing_a_field_adds_or_removes_its_line_only(
        file in generated(),
        pick in any::<prop::sample::Index>(),
        new in scalar_text(),
        remove in any::<bool>(),
    ) {
        let Ok(editable) = Editable::parse(file.text.as_bytes().to_vec(), Format::Yaml) else {
            return Ok(());
        };
        prop_assume!(!file.scalars.is_empty());
        let (pointer, line) = &file.scalars[pick.index(file.scalars.len())];
        let segs = segments(pointer);
        let section = &editable.value()[segs[0].as_str()];
        let old_lines: Vec<String> = file.text.split('\n').map(str::to_owned).collect();
        let (change, expected_lines) = if remove {
            if section.as_object().is_none_or(|m| m.len() < 2) {
                return Ok(());
            }
            let mut lines = old_lines.clone();
            lines.remove(line - 1);
            (Change::remove(pointer.clone()), lines)
        } else {
            // A new field right after the picked one, at its indentation.
            let added = format!("/{}/zz_new", segs[0]);
            let value: Value = crate::yaml::parse(&format!("k: {new}\n")).expect("scalar")["k"].clone();
            let mut lines = old_lines.clone();
            let eol = if file.text.contains("\r\n") { "\r" } else { "" };
            let shown = render::scalar(&value, None);
            lines.insert(*line, format!("  zz_new: {shown}{eol}"));
            (Change::set_at(added, value, Place::After(segs[1].clone())), lines)
        };
        let out = editable.apply(std::slice::from_ref(&change)).expect("a plain field can be added or removed");
        let out = String::from_utf8(out).expect("UTF-8");
        prop_assert_eq!(out.split('\n').map(str::to_owned).collect::<Vec<_>>(), expected_lines);
    }
}

// ---- list items ------------------------------------------------------

const CYCLE: &str = "\
# yaml-language-server: $schema=../../../schemas/cycle.schema.json
year: 2025

# 评审组（内部信息）
review_groups:
  group-a:
    leader: wang-mouhua
    members:
      - wang-mouhua
      - xu-mouhong     # 替补
      # 周某云已回避
      - zhou-mouyun
    applications:
      - zhenan-data
      - ruian-machinery
  group-b:
    leader: liu-moujun
    members: [liu-moujun, ye-mouqing]
    applications:
    - wencheng-agri   # 缩进与键对齐
    - yueqing-connector

# 第十七条
committee_vote:
  date: 2026-11-17
";

#[test]
fn an_item_is_appended_after_the_last_item_at_its_dash_column() {
    let out = edit(
        CYCLE,
        &[Change::set("/review_groups/group-a/members/-", json!("li-moumin"))],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE.replace("      - zhou-mouyun\n", "      - zhou-mouyun\n      - li-moumin\n")
    );
    // The list's length as the index is the same as `-`.
    let same = edit(
        CYCLE,
        &[Change::set("/review_groups/group-a/members/3", json!("li-moumin"))],
    )
    .expect("edit");
    assert_eq!(same, out);
    // An indentless list keeps its dashes at the key's column; two appends keep their order.
    let out = edit(
        CYCLE,
        &[
            Change::set("/review_groups/group-b/applications/-", json!("cangnan-printing")),
            Change::set("/review_groups/group-b/applications/-", json!("yes")),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE.replace(
            "    - yueqing-connector\n",
            "    - yueqing-connector\n    - cangnan-printing\n    - \"yes\"\n"
        )
    );
}

#[test]
fn an_item_is_removed_with_its_lines_and_the_comments_between_items_stay() {
    let out = edit(CYCLE, &[Change::remove("/review_groups/group-a/members/1")]).expect("edit");
    assert_eq!(out, CYCLE.replace("      - xu-mouhong     # 替补\n", ""));
    let out = edit(CYCLE, &[Change::remove("/review_groups/group-a/members/2")]).expect("edit");
    assert_eq!(out, CYCLE.replace("      - zhou-mouyun\n", ""));
    // Indices are the file's as read, whatever the order given.
    let out = edit(
        CYCLE,
        &[
            Change::remove("/review_groups/group-a/members/0"),
            Change::remove("/review_groups/group-a/members/2"),
            Change::set("/review_groups/group-a/members/1", json!("xu-mouhong2")),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE
            .replace("      - wang-mouhua\n", "")
            .replace("      - zhou-mouyun\n", "")
            .replace("xu-mouhong     #", "xu-mouhong2     #")
    );
}

#[test]
fn removing_every_item_is_refused_and_the_key_can_go_instead() {
    let refusal = refused(
        CYCLE,
        &[
            Change::remove("/review_groups/group-a/applications/0"),
            Change::remove("/review_groups/group-a/applications/1"),
        ],
    );
    assert_eq!(refusal.line, Some(14));
    assert!(
        refusal.message.en.contains("remove the whole field"),
        "{}",
        refusal.message.en
    );
    assert!(refusal.message.zh.contains("删去整个字段"), "{}", refusal.message.zh);
    let text = "a:\n  - x\nb: 1\n";
    assert_eq!(refused(text, &[Change::remove("/a/0")]).line, Some(2));
    // Removed and replaced by a new item in one edit: the list is never empty.
    let out = edit(text, &[Change::remove("/a/0"), Change::set("/a/-", json!("z"))]).expect("edit");
    assert_eq!(out, "a:\n  - z\nb: 1\n");
}

const APPLICATION_WITH_INCIDENTS: &str = "\
organization: ouhai-demo-valve
award: quality
declarations:
  compliant: false
  # 近三年事故
  incidents:
    - kind: major-accident   # 重大事故
      date: 2024-03-01
      description: 车间起火，无人员伤亡。
    - kind: quality-incident
      date: 2025-01-12
  objections: []
";

#[test]
fn fields_of_a_mapping_item_are_replaced_added_and_removed() {
    let t = APPLICATION_WITH_INCIDENTS;
    let out = edit(t, &[Change::set("/declarations/incidents/0/date", json!("2024-03-02"))]).expect("edit");
    assert_eq!(out, t.replace("2024-03-01", "2024-03-02"));
    let out = edit(t, &[Change::set("/declarations/incidents/0/kind", json!("other"))]).expect("edit");
    assert_eq!(out, t.replace("major-accident   #", "other   #"));
    let out = edit(
        t,
        &[Change::set("/declarations/incidents/1/description", json!("批次召回"))],
    )
    .expect("edit");
    assert_eq!(
        out,
        t.replace(
            "      date: 2025-01-12\n",
            "      date: 2025-01-12\n      description: 批次召回\n"
        )
    );
    let out = edit(t, &[Change::remove("/declarations/incidents/0/description")]).expect("edit");
    assert_eq!(out, t.replace("      description: 车间起火，无人员伤亡。\n", ""));
    // The first key on the dash line: the next key moves up onto it.
    let out = edit(t, &[Change::remove("/declarations/incidents/0/kind")]).expect("edit");
    assert_eq!(
        out,
        t.replace("    - kind: major-accident   # 重大事故\n      date", "    - date")
    );
    // Both keys of an item: it would be left empty (their splices overlap).
    let refusal = refused(
        t,
        &[
            Change::remove("/declarations/incidents/1/kind"),
            Change::remove("/declarations/incidents/1/date"),
            // Both keys of an item: it would be left empty (the key lines overlap).
        ],
    );
    assert_eq!(refusal.line, Some(11));
}

#[test]
fn an_item_key_on_the_dash_line_gets_its_list() {
    let text = "sanctions:\n  - authority: 市场监管局\n    items: []\n  - refs: []   # 无\n    note: x\n";
    let out = edit(
        text,
        &[
            Change::set("/sanctions/0/items/-", json!("罚款")),
            Change::set("/sanctions/1/refs/-", json!("温市监罚〔2024〕1号")),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        "sanctions:\n  - authority: 市场监管局\n    items:\n      - 罚款\n  - refs:   # 无\n      - 温市监罚〔2024〕1号\n    note: x\n"
    );
}

#[test]
fn mapping_items_are_appended_and_removed_whole() {
    let t = APPLICATION_WITH_INCIDENTS;
    let incident = json!({"kind": "environmental", "date": "2025-06-01", "description": "超标排放：已整改"});
    let out = edit(t, &[Change::set("/declarations/incidents/-", incident.clone())]).expect("edit");
    assert_eq!(
        out,
        t.replace(
            "      date: 2025-01-12\n",
            "      date: 2025-01-12\n    - kind: environmental\n      date: 2025-06-01\n      description: 超标排放：已整改\n"
        )
    );
    let out = edit(t, &[Change::remove("/declarations/incidents/0")]).expect("edit");
    assert_eq!(
        out,
        t.replace("    - kind: major-accident   # 重大事故\n      date: 2024-03-01\n      description: 车间起火，无人员伤亡。\n", "")
    );
    // The last item removed and a new one added: the new one takes its place.
    let out = edit(
        t,
        &[
            Change::remove("/declarations/incidents/1"),
            Change::set("/declarations/incidents/2", incident.clone()),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        t.replace(
            "    - kind: quality-incident\n      date: 2025-01-12\n",
            "    - kind: environmental\n      date: 2025-06-01\n      description: 超标排放：已整改\n"
        )
    );
    // An empty `[]` list gets its first items.
    let out = edit(
        t,
        &[
            Change::set("/declarations/objections/-", json!("a")),
            Change::set("/declarations/objections/-", json!("b")),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        t.replace("  objections: []\n", "  objections:\n    - a\n    - b\n")
    );
    // An absent list is made.
    let out = edit(
        t,
        &[Change::set("/declarations/attachments/-", json!({"title": "整改报告"}))],
    )
    .expect("edit");
    assert_eq!(out, format!("{t}  attachments:\n    - title: 整改报告\n"));
}

#[test]
fn a_list_set_to_a_different_length_changes_adds_or_removes_its_tail() {
    let out = edit(
        CYCLE,
        &[Change::set(
            "/review_groups/group-a/members",
            json!(["wang-mouhua", "chen-mouping"]),
        )],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE
            .replace("      - xu-mouhong     # 替补\n", "      - chen-mouping     # 替补\n")
            .replace("      - zhou-mouyun\n", "")
    );
    let out = edit(
        CYCLE,
        &[Change::set(
            "/review_groups/group-a/applications",
            json!(["zhenan-data", "ruian-machinery", "taishun-tea"]),
        )],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE.replace(
            "      - ruian-machinery\n",
            "      - ruian-machinery\n      - taishun-tea\n"
        )
    );
    let out = edit(
        CYCLE,
        &[Change::set(
            "/review_groups/group-c",
            json!({"leader": "chen-mouping", "members": ["chen-mouping", "li-moumin"]}),
        )],
    )
    .expect("edit");
    assert_eq!(
        out,
        CYCLE.replace(
            "\n# 第十七条",
            "  group-c:\n    leader: chen-mouping\n    members:\n      - chen-mouping\n      - li-moumin\n\n# 第十七条"
        )
    );
    let refusal = refused(CYCLE, &[Change::set("/review_groups/group-a/applications", json!([]))]);
    assert_eq!(refusal.line, Some(14));
}

#[test]
fn changes_under_one_missing_mapping_make_one_block() {
    let text = "organization: x\naward: quality\n";
    let changes = [
        Change::set("/onsite/date", json!("2026-09-01")),
        Change::set("/onsite/result", json!("candidate")),
        Change::set("/onsite/group", json!("group-a")),
        Change::set("/onsite/items/4.1.2", json!(40)),
        Change::set("/material/score", json!(600)),
    ];
    let expected = "organization: x\naward: quality\nonsite:\n  date: 2026-09-01\n  result: candidate\n  group: group-a\n  items:\n    \"4.1.2\": 40\nmaterial:\n  score: 600\n";
    assert_eq!(edit(text, &changes).expect("edit"), expected);
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(
        edit(&crlf, &changes).expect("edit"),
        format!("\u{feff}{}", expected.replace('\n', "\r\n"))
    );
    // An empty key gets them all too.
    let out = edit("onsite:   # 待定\nx: 1\n", &changes[..2]).expect("edit");
    assert_eq!(out, "onsite:   # 待定\n  date: 2026-09-01\n  result: candidate\nx: 1\n");
}

#[test]
fn changes_at_one_place_are_refused_and_a_removal_takes_what_is_under_it() {
    let t = APPLICATION_WITH_INCIDENTS;
    for changes in [
        vec![
            Change::set("/declarations/incidents", json!([])),
            Change::set("/declarations/incidents/0/date", json!("x")),
        ],
        vec![
            Change::set("/declarations/incidents/0", json!({"kind": "x"})),
            Change::set("/declarations/incidents/0/date", json!("x")),
        ],
        vec![
            Change::set("/declarations/incidents/-", json!({"kind": "x"})),
            Change::set("/declarations/incidents", json!([])),
        ],
        vec![Change::set("/award", json!("a")), Change::set("/award", json!("b"))],
    ] {
        let refusal = refused(t, &changes);
        assert!(
            refusal.message.en.contains("same place"),
            "{changes:?}: {}",
            refusal.message.en
        );
        assert!(refusal.line.is_some());
    }
    let removed = t.replace("    - kind: quality-incident\n      date: 2025-01-12\n", "");
    for changes in [
        vec![
            Change::remove("/declarations/incidents/1"),
            Change::remove("/declarations/incidents/1"),
        ],
        vec![
            Change::set("/declarations/incidents/1/date", json!("2025-01-13")),
            Change::remove("/declarations/incidents/1"),
        ],
        vec![
            Change::remove("/declarations/incidents/1"),
            Change::remove("/declarations/incidents/1/date"),
        ],
    ] {
        assert_eq!(edit(t, &changes).expect("edit"), removed, "{changes:?}");
    }
    // Nothing there, nothing removed.
    assert_eq!(
        edit(t, &[Change::remove("/declarations/incidents/7")]).expect("edit"),
        t
    );
}

#[test]
fn a_one_line_flow_list_of_texts_is_written_anew_keeping_its_items() {
    let t = "\u{feff}# 评审组\r\nmembers: [wang-mouhua, \"xu-mouhong\",  'zhou-mouyun']   # 组长在前\r\nnext: 1\r\n";
    let out = edit(t, &[Change::set("/members/-", json!("li-moumin"))]).expect("edit");
    assert_eq!(out, t.replace("'zhou-mouyun']", "'zhou-mouyun', li-moumin]"));
    // Each kept item keeps the text before it; a new one gets the first separator.
    let out = edit(
        t,
        &[
            Change::remove("/members/1"),
            Change::set("/members/2", json!("on")),
            Change::set("/members/-", json!("x")),
        ],
    )
    .expect("edit");
    assert_eq!(out, t.replace("\"xu-mouhong\",  'zhou-mouyun'", " 'on', x"));
    let out = edit(t, &[Change::remove("/members/0")]).expect("edit");
    assert_eq!(out, t.replace("[wang-mouhua, ", "["));
    let out = edit(t, &[Change::set("/members/1", json!("chen-mouping"))]).expect("edit");
    assert_eq!(out, t.replace("\"xu-mouhong\"", "\"chen-mouping\""));
    let out = edit(t, &[Change::set("/members", json!(["wang-mouhua", "a, b"]))]).expect("edit");
    assert_eq!(out, t.replace("\"xu-mouhong\",  'zhou-mouyun'", "\"a, b\""));
    assert_eq!(refused(t, &[Change::set("/members", json!([]))]).line, Some(2));
    for text in [
        "members: [a,\n  b]\n",
        "members: [a, [b]]\n",
        "members: [a, {b: 1}]\n",
        "x: &x a\nmembers: [*x, b]\n",
        "members: [&y a, b]\n",
    ] {
        let refusal = refused(text, &[Change::set("/members/-", json!("c"))]);
        assert!(refusal.line.is_some(), "{text}");
    }
}

#[test]
fn list_edits_keep_crlf_and_the_byte_order_mark() {
    let t = format!("\u{feff}{}", CYCLE.replace('\n', "\r\n"));
    let out = edit(
        &t,
        &[
            Change::remove("/review_groups/group-a/members/0"),
            Change::set("/review_groups/group-a/members/-", json!("li-moumin")),
            Change::set("/review_groups/group-b/applications/-", json!("cangnan-printing")),
            Change::set("/review_groups/group-b/members/-", json!("zheng-mouliang")),
        ],
    )
    .expect("edit");
    let expected = CYCLE
        .replace("      - wang-mouhua\n", "")
        .replace("      - zhou-mouyun\n", "      - zhou-mouyun\n      - li-moumin\n")
        .replace(
            "    - yueqing-connector\n",
            "    - yueqing-connector\n    - cangnan-printing\n",
        )
        .replace("ye-mouqing]", "ye-mouqing, zheng-mouliang]");
    assert_eq!(out, format!("\u{feff}{}", expected.replace('\n', "\r\n")));
    // The last line without a break: removed with the break before it, or added after it.
    let text = "a:\r\n  - x\r\n  - y\r\n  - z";
    assert_eq!(
        edit(text, &[Change::remove("/a/2"), Change::remove("/a/1")]).expect("edit"),
        "a:\r\n  - x"
    );
    assert_eq!(
        edit(text, &[Change::set("/a/-", json!("w"))]).expect("edit"),
        "a:\r\n  - x\r\n  - y\r\n  - z\r\n  - w"
    );
    assert_eq!(
        edit(text, &[Change::remove("/a/2"), Change::set("/a/-", json!("w"))]).expect("edit"),
        "a:\r\n  - x\r\n  - y\r\n  - w"
    );
}

#[test]
fn items_holding_several_lines_or_anchors() {
    let text = "list:\n  - |\n    第一行\n    第二行\n  - 一段\n    折行的文字\n  - &a x\n  - y\nref: *a\n";
    let out = edit(text, &[Change::remove("/list/0"), Change::remove("/list/1")]).expect("edit");
    assert_eq!(out, "list:\n  - &a x\n  - y\nref: *a\n");
    let refusal = refused(text, &[Change::remove("/list/2")]);
    assert_eq!(refusal.line, Some(7));
    assert!(refusal.message.en.contains("anchor"), "{}", refusal.message.en);
    let refusal = refused(text, &[Change::set("/list/1", json!("x"))]);
    assert_eq!(refusal.line, Some(5));
    let nested = "list:\n  - - a\n    - b\n  - c\n";
    assert_eq!(
        edit(nested, &[Change::remove("/list/0/1")]).expect("edit"),
        "list:\n  - - a\n  - c\n"
    );
    assert_eq!(refused(nested, &[Change::remove("/list/0/0")]).line, Some(2));
    assert_eq!(refused(nested, &[Change::set("/list/0/-", json!("x"))]).line, Some(2));
    let refusal = refused(
        "list:\n  - - a\n    - b\n  - c\n",
        &[Change::set("/list/-", json!(["x"]))],
    );
    assert_eq!(refusal.line, Some(2));
}

// ---- the property on lists: only the items asked for change ----------

/// A generated file of lists: sections each holding a list of texts or
/// of two-key mappings, some indentless, with comments on and between
/// the items, then a field.
#[derive(Clone, Debug)]
struct GeneratedLists {
    text: String,
    /// Each list's pointer and its items: the (0-based) lines of each,
    /// and whether it is a mapping (`- ka: x` / `  kb: y`).
    lists: Vec<(String, Vec<GeneratedItem>)>,
}

/// The (0-based) lines of a generated item, and whether it is a mapping.
type GeneratedItem = (Vec<usize>, bool);

prop_compose! {
    fn generated_lists()(
        sections in prop::collection::vec(
            ("[a-z]{2,5}", any::<bool>(), prop::collection::vec((any::<bool>(), scalar_text(), scalar_text(), any::<bool>(), any::<bool>()), 1..5), any::<bool>()),
            1..4,
        ),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) -> GeneratedLists {
        let mut lines = vec![format!("{}# yaml-language-server: $schema=x", if bom { "\u{feff}" } else { "" }), "name: 示例".to_owned()];
        let mut lists = Vec::new();
        let mut seen = std::collections::BTreeSet::from(["name".to_owned()]);
        for (name, indentless, items, blank) in sections {
            if !seen.insert(name.clone()) { continue; }
            if blank { lines.push(String::new()); }
            lines.push(format!("{name}:"));
            lines.push("  list:   # 列表".to_owned());
            let dash = if indentless { "  " } else { "    " };
            let mut placed = Vec::new();
            for (mapping, a, b, comment, comment_line) in items {
                if comment_line { lines.push(format!("{dash}# 注释")); }
                let note = if comment { "   # 注" } else { "" };
                let first = lines.len();
                if mapping {
                    lines.push(format!("{dash}- ka: {a}{note}"));
                    lines.push(format!("{dash}  kb: {b}"));
                } else {
                    lines.push(format!("{dash}- {a}{note}"));
                }
                placed.push(((first..lines.len()).collect(), mapping));
            }
            lines.push("  after: 1".to_owned());
            lists.push((format!("/{name}/list"), placed));
        }
        let eol = if crlf { "\r\n" } else { "\n" };
        GeneratedLists { text: format!("{}{eol}", lines.join(eol)), lists }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn list_edits_change_only_the_items_asked_for(
        file in generated_lists(),
        ops in prop::collection::vec((0u8..3, any::<prop::sample::Index>(), any::<prop::sample::Index>(), scalar_text()), 1..6),
    ) {
        let Ok(editable) = Editable::parse(file.text.as_bytes().to_vec(), Format::Yaml) else {
            return Ok(());
        };
        let mut expected = editable.value().clone();
        let mut changes = Vec::new();
        let mut touched = std::collections::BTreeSet::new();
        let (mut appended, mut appends, mut removals) = (0, Vec::new(), Vec::new());
        let mut gone = std::collections::BTreeSet::new();
        for (kind, l, i, text) in ops {
            let l = l.index(file.lists.len());
            let (pointer, items) = &file.lists[l];
            let i = i.index(items.len());
            let value: Value = crate::yaml::parse(&format!("k: {text}\n")).expect("scalar")["k"].clone();
            let segs = segments(pointer);
            if kind == 0 {
                changes.push(Change::set(format!("{pointer}/-"), value.clone()));
                appends.push((segs, value));
                appended += 1;
                continue;
            }
            if !touched.insert((l, i)) {
                continue;
            }
            let (lines, mapping) = &items[i];
            if kind == 1 {
                changes.push(Change::remove(format!("{pointer}/{i}")));
                removals.push((segs, i));
                gone.extend(lines.iter().copied());
            } else {
                let at = if *mapping { format!("{pointer}/{i}/ka") } else { format!("{pointer}/{i}") };
                if let Some(slot) = plan::pointer_get_mut(&mut expected, &segments(&at)) {
                    *slot = value.clone();
                }
                changes.push(Change::set(at, value));
                gone.insert(lines[0]);
            }
        }
        for (segs, value) in appends {
            if let Some(Value::Array(items)) = plan::pointer_get_mut(&mut expected, &segs) {
                items.push(value);
            }
        }
        removals.sort_by_key(|(_, i)| std::cmp::Reverse(*i));
        for (segs, i) in &removals {
            if let Some(Value::Array(items)) = plan::pointer_get_mut(&mut expected, segs) {
                items.remove(*i);
            }
        }
        let emptied = file.lists.iter().any(|(p, _)| expected.pointer(p).and_then(Value::as_array).is_some_and(Vec::is_empty));
        let result = editable.apply(&changes);
        if emptied {
            let refusal = result.expect_err("a list left empty is refused");
            prop_assert!(refusal.message.en.contains("empty"), "{}", refusal.message.en);
            return Ok(());
        }
        let out = String::from_utf8(result.expect("list items can be edited")).expect("UTF-8");
        let reread = crate::yaml::parse(out.trim_start_matches('\u{feff}')).expect("parses");
        prop_assert!(same(&reread, &expected), "{}", out);
        // Every line outside the touched items is there, in order; new items add one line each.
        let old_lines: Vec<&str> = file.text.split('\n').collect();
        let new_lines: Vec<&str> = out.split('\n').collect();
        let removed_lines: usize = removals.iter().map(|(segs, i)| {
            let pointer = format!("/{}", segs.join("/"));
            file.lists.iter().find(|(p, _)| *p == pointer).map_or(0, |(_, items)| items[*i].0.len())
        }).sum();
        prop_assert_eq!(new_lines.len(), old_lines.len() - removed_lines + appended);
        let mut rest = new_lines.iter();
        for (n, line) in old_lines.iter().enumerate() {
            if !gone.contains(&n) {
                prop_assert!(rest.any(|l| l == line), "line {} {:?} kept in order in\n{}", n + 1, line, out);
            }
        }
    }
}

#[test]
fn a_form_save_of_a_list_in_one_edit() {
    let t = APPLICATION_WITH_INCIDENTS;
    // One item's field changed, another item removed, a new one added, under a missing mapping too.
    let out = edit(
        t,
        &[
            Change::set("/declarations/incidents/1/date", json!("2025-01-13")),
            Change::remove("/declarations/incidents/0"),
            Change::set(
                "/declarations/incidents/-",
                json!({"kind": "other", "date": "2025-07-01"}),
            ),
            Change::set("/onsite/date", json!("2026-09-01")),
            Change::set("/onsite/members/-", json!("wang-mouhua")),
            Change::set("/onsite/members/-", json!("li-moumin")),
        ],
    )
    .expect("edit");
    let expected = t
        .replace("    - kind: major-accident   # 重大事故\n      date: 2024-03-01\n      description: 车间起火，无人员伤亡。\n", "")
        .replace("      date: 2025-01-12\n", "      date: 2025-01-13\n    - kind: other\n      date: 2025-07-01\n");
    assert_eq!(
        out,
        format!("{expected}onsite:\n  date: 2026-09-01\n  members:\n    - wang-mouhua\n    - li-moumin\n")
    );
    // A list removed takes the appends to it along.
    let out = edit(
        t,
        &[
            Change::remove("/declarations/incidents"),
            Change::set("/declarations/incidents/-", json!({"kind": "x"})),
        ],
    )
    .expect("edit");
    assert_eq!(
        out,
        t.replace("  incidents:\n    - kind: major-accident   # 重大事故\n      date: 2024-03-01\n      description: 车间起火，无人员伤亡。\n    - kind: quality-incident\n      date: 2025-01-12\n", "")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn flow_list_edits_change_only_their_line(
        items in prop::collection::vec(scalar_text(), 1..6),
        gap in prop_oneof![Just(", "), Just(","), Just(" , ")],
        crlf in any::<bool>(),
        ops in prop::collection::vec((0u8..3, any::<prop::sample::Index>(), scalar_text()), 1..5),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let text = format!("# 评审组{eol}group:{eol}  leader: x{eol}  members: [{}]   # 注{eol}  after: 1{eol}", items.join(gap));
        let Ok(editable) = Editable::parse(text.as_bytes().to_vec(), Format::Yaml) else {
            return Ok(());
        };
        let Some(old) = editable.value().pointer("/group/members").and_then(Value::as_array).cloned() else {
            return Ok(());
        };
        let mut changes = Vec::new();
        let (mut sets, mut appends, mut removals) = (Vec::new(), Vec::new(), Vec::new());
        let mut touched = std::collections::BTreeSet::new();
        for (kind, i, new) in ops {
            let i = i.index(old.len());
            let value: Value = crate::yaml::parse(&format!("k: {new}\n")).expect("scalar")["k"].clone();
            match kind {
                0 => {
                    changes.push(Change::set("/group/members/-", value.clone()));
                    appends.push(value);
                }
                _ if !touched.insert(i) => {}
                1 => {
                    changes.push(Change::remove(format!("/group/members/{i}")));
                    removals.push(i);
                }
                _ => {
                    changes.push(Change::set(format!("/group/members/{i}"), value.clone()));
                    sets.push((i, value));
                }
            }
        }
        let mut expected = old.clone();
        for (i, v) in sets { expected[i] = v; }
        expected.extend(appends);
        removals.sort_unstable_by(|a, b| b.cmp(a));
        for i in removals { expected.remove(i); }
        let result = editable.apply(&changes);
        if expected.is_empty() {
            prop_assert!(result.is_err());
            return Ok(());
        }
        let out = String::from_utf8(result.expect("a flow list of texts can be edited")).expect("UTF-8");
        let reread = crate::yaml::parse(&out).expect("parses");
        prop_assert!(same(&reread["group"]["members"], &Value::Array(expected)), "{}", out);
        let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (text.split('\n').collect(), out.split('\n').collect());
        prop_assert_eq!(old_lines.len(), new_lines.len());
        for (n, (a, b)) in old_lines.iter().zip(&new_lines).enumerate() {
            if n == 3 {
                prop_assert!(b.starts_with("  members: [") && b.ends_with(&format!("]   # 注{}", eol.trim_end_matches('\n'))), "{}", b);
            } else {
                prop_assert_eq!(a, b);
            }
        }
    }
}
