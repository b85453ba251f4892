use serde_json::json;

use super::*;
use crate::load::Kind;

const APP: &str = "cycles/2025/applications/a.yaml";
const LIST: &str = "/declarations/incidents";

fn incidents() -> Value {
    json!({"declarations": {"compliant": true, "incidents": [
        {"kind": "major-complaint", "date": "2021-08-03", "description": "投诉一"},
        {"kind": "major-accident", "date": "2022-01-05", "description": "事故二"},
    ]}})
}

/// The form of `value` as a browser sends it back: every field and cell
/// with its value, then `edits` (a name with `None` is not sent).
fn sent(page: &FormPage, edits: &[(&str, Option<&str>)]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = page
        .sections
        .iter()
        .flat_map(|s| {
            s.fields
                .iter()
                .chain(tables_of(s).flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter())))
        })
        .map(|f| (f.pointer.clone(), f.value.clone()))
        .collect();
    for (name, value) in edits {
        match value {
            Some(v) => out.insert((*name).to_owned(), (*v).to_owned()),
            None => out.remove(*name),
        };
    }
    out
}

fn tables_of(s: &Section) -> impl Iterator<Item = &Table> {
    s.tables.iter()
}

fn table<'a>(page: &'a FormPage, pointer: &str) -> &'a Table {
    tables(page)
        .find(|t| t.pointer == pointer)
        .unwrap_or_else(|| panic!("no table {pointer}"))
}

fn page_of(value: &Value) -> FormPage {
    form::build(Kind::Application, APP, value, None)
}

#[test]
fn a_list_of_objects_is_a_table_with_a_column_per_property_and_one_blank_row() {
    let page = page_of(&incidents());
    let t = table(&page, LIST);
    let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["事件类型（必填）", "发生日期（必填）", "事件说明（必填）"]);
    assert_eq!(t.columns[0].input, Input::Select);
    assert!(
        t.columns[0]
            .choices
            .iter()
            .any(|c| c.value == "major-accident" && c.text.contains("较大以上"))
    );
    assert_eq!(t.columns[1].input, Input::Date);
    assert_eq!(t.rows.len(), 3, "two items and one blank row");
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[2].pointer.as_str()).collect();
    assert_eq!(
        names,
        [
            "/declarations/incidents/0/description",
            "/declarations/incidents/1/description",
            "_new:/declarations/incidents/0/description",
        ]
    );
    assert_eq!(t.rows[1].cells[2].value, "事故二");
    assert_eq!(t.rows[0].remove.as_deref(), Some("_remove:/declarations/incidents/0"));
    assert_eq!(t.rows[2].remove, None);
    assert_eq!(t.rows[1].cells[0].label, "事件类型（必填）（第 2 行）");
    assert!(
        page.sections
            .iter()
            .all(|s| s.shown.iter().all(|(l, _)| l != "不良事件"))
    );
}

#[test]
fn the_form_sent_back_unchanged_asks_for_nothing() {
    let page = page_of(&incidents());
    assert_eq!(changes(&page, &sent(&page, &[])), vec![]);
}

#[test]
fn an_edited_cell_of_an_item_is_the_only_change() {
    let page = page_of(&incidents());
    let submitted = sent(
        &page,
        &[
            ("/declarations/incidents/1/description", Some("事故二（已整改）")),
            ("/declarations/incidents/0/date", Some("")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![
            Change::remove("/declarations/incidents/0/date"),
            Change::set("/declarations/incidents/1/description", json!("事故二（已整改）")),
        ]
    );
}

#[test]
fn a_checked_delete_removes_its_item_and_ignores_its_cells() {
    let page = page_of(&incidents());
    let submitted = sent(
        &page,
        &[
            ("_remove:/declarations/incidents/0", Some("1")),
            ("/declarations/incidents/0/description", Some("改了也不算")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![Change::remove("/declarations/incidents/0")]
    );
}

#[test]
fn new_rows_with_a_value_are_appended_typed_and_blank_ones_ignored() {
    let page = page_of(&incidents());
    let submitted = sent(
        &page,
        &[
            ("_new:/declarations/incidents/0/kind", Some("serious-violation")),
            ("_new:/declarations/incidents/0/date", Some(" 2023-02-01 ")),
            ("_new:/declarations/incidents/0/description", Some("")),
            // Rows edit.js added: one left blank, one filled.
            ("_new:/declarations/incidents/1/kind", Some("")),
            ("_new:/declarations/incidents/2/description", Some("说明")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![
            Change::set(
                "/declarations/incidents/-",
                json!({"kind": "serious-violation", "date": "2023-02-01"})
            ),
            Change::set("/declarations/incidents/-", json!({"description": "说明"})),
        ]
    );
}

#[test]
fn a_row_added_to_an_absent_list_sets_the_whole_list() {
    let page = page_of(&json!({"declarations": {"compliant": true}}));
    assert!(!table(&page, LIST).present);
    let submitted = sent(
        &page,
        &[
            ("_new:/declarations/incidents/0/kind", Some("major-complaint")),
            ("_new:/declarations/incidents/1/kind", Some("major-accident")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![Change::set(
            LIST,
            json!([{"kind": "major-complaint"}, {"kind": "major-accident"}])
        )]
    );
}

#[test]
fn every_item_removed_removes_the_list_or_replaces_it_with_the_new_rows() {
    let page = page_of(&incidents());
    let all = [
        ("_remove:/declarations/incidents/0", Some("1")),
        ("_remove:/declarations/incidents/1", Some("on")),
    ];
    assert_eq!(changes(&page, &sent(&page, &all)), vec![Change::remove(LIST)]);
    let mut with_new = all.to_vec();
    with_new.push(("_new:/declarations/incidents/0/description", Some("新的")));
    assert_eq!(
        changes(&page, &sent(&page, &with_new)),
        vec![Change::set(LIST, json!([{"description": "新的"}]))]
    );
}

#[test]
fn a_list_of_ids_is_a_table_of_one_column() {
    let value = json!({"name": "专家", "conflicts": ["demo-a", "demo-b"]});
    let page = form::build(Kind::Expert, "experts/e.yaml", &value, None);
    let t = table(&page, "/conflicts");
    assert_eq!(t.columns.len(), 1);
    assert_eq!(t.rows[1].cells[0].pointer, "/conflicts/1");
    assert_eq!(t.rows[2].cells[0].pointer, "_new:/conflicts/0");
    let submitted = sent(
        &page,
        &[
            ("/conflicts/0", Some("demo-c")),
            ("_remove:/conflicts/1", Some("1")),
            ("_new:/conflicts/0", Some("demo-d")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![
            Change::set("/conflicts/0", json!("demo-c")),
            Change::remove("/conflicts/1"),
            Change::set("/conflicts/-", json!("demo-d")),
        ]
    );
}

#[test]
fn a_map_of_objects_is_a_section_per_key_with_its_lists() {
    let value = json!({"year": 2025, "review_groups": {"group-a": {"leader": "x", "members": ["x", "y"], "applications": ["p"]}}});
    let page = form::build(Kind::Cycle, "cycles/2025/cycle.yaml", &value, None);
    let s = page
        .sections
        .iter()
        .find(|s| s.title == "评审组（内部）：group-a")
        .expect("the group's section");
    assert!(s.fields.iter().any(|f| f.pointer == "/review_groups/group-a/leader"));
    assert_eq!(table(&page, "/review_groups/group-a/members").rows.len(), 3);
    let submitted = sent(&page, &[("_new:/review_groups/group-a/members/0", Some("z"))]);
    assert_eq!(
        changes(&page, &submitted),
        vec![Change::set("/review_groups/group-a/members/-", json!("z"))]
    );
}

#[test]
fn a_map_of_lists_is_a_table_per_key() {
    let value = json!({"year": 2025, "decision": {"winners": {"quality": ["a", "b"]}}});
    let page = form::build(Kind::Cycle, "cycles/2025/cycle.yaml", &value, None);
    let t = table(&page, "/decision/winners/quality");
    assert_eq!(t.rows.len(), 3);
    assert!(t.caption.ends_with("：quality"), "{}", t.caption);
}

#[test]
fn a_refused_save_shows_the_rows_as_sent_with_their_numbers_and_its_findings_in_place() {
    let mut page = page_of(&incidents());
    let submitted = sent(
        &page,
        &[
            ("_remove:/declarations/incidents/0", Some("1")),
            ("_new:/declarations/incidents/0/kind", Some("")),
            ("_new:/declarations/incidents/3/kind", Some("major-complaint")),
        ],
    );
    fill(&mut page, &submitted);
    let t = table(&page, LIST);
    assert!(t.rows[0].removed && !t.rows[1].removed);
    assert_eq!(t.rows.len(), 3, "the filled new row only");
    assert_eq!(
        t.rows[2].cells[0].pointer, "_new:/declarations/incidents/3/kind",
        "its number as sent, which the page in the browser holds"
    );
    assert_eq!(t.rows[2].label, "新增 1");
    assert_eq!(t.rows[2].cells[0].value, "major-complaint");
    // In the file as it would be: item 0 is the file's item 1, item 1 the
    // new row.
    let finding = |text: &str| Finding {
        error: true,
        text: text.to_owned(),
    };
    assert!(place(&mut page, "/declarations/incidents/1/date", finding("缺少日期")).is_none());
    assert!(place(&mut page, "/declarations/incidents/0", finding("条目")).is_none());
    assert!(place(&mut page, LIST, finding("列表")).is_none());
    assert!(place(&mut page, "/declarations/compliant", finding("别处")).is_some());
    let t = table(&page, LIST);
    assert_eq!(t.rows[2].cells[1].findings.len(), 1, "beside the new row's date");
    assert_eq!(t.rows[1].cells[0].findings.len(), 1, "in the kept item's row");
    assert_eq!(t.findings.len(), 1);
}

#[test]
fn a_map_of_objects_of_scalars_is_a_table_keyed_by_its_keys() {
    let value = json!({"year": 2025, "committee_vote": {"tallies": {
        "a": {"for": 19, "against": 2, "abstain": 1},
        "b": {"for": 18, "against": 2, "abstain": 2},
    }}});
    let page = form::build(Kind::Cycle, "cycles/2025/cycle.yaml", &value, None);
    let t = table(&page, "/committee_vote/tallies");
    assert_eq!(t.rows[0].label, "a");
    assert_eq!(t.rows[1].cells[0].pointer, "/committee_vote/tallies/b/for");
    assert_eq!(t.rows[1].cells[0].input, Input::Integer);
    assert_eq!(
        t.rows[2].key.as_ref().map(|k| k.pointer.as_str()),
        Some("_newkey:/committee_vote/tallies/0")
    );
    let submitted = sent(
        &page,
        &[
            ("/committee_vote/tallies/a/against", Some("3")),
            ("_remove:/committee_vote/tallies/b", Some("1")),
            ("_newkey:/committee_vote/tallies/0", Some(" c ")),
            ("_new:/committee_vote/tallies/0/for", Some("7")),
        ],
    );
    assert_eq!(
        changes(&page, &submitted),
        vec![
            Change::set("/committee_vote/tallies/a/against", json!(3)),
            Change::remove("/committee_vote/tallies/b"),
            Change::set("/committee_vote/tallies/c", json!({"for": 7})),
        ]
    );
    // As the save leaves the file: a finding about the new entry's cell.
    let mut page = page;
    fill(&mut page, &submitted);
    let finding = Finding {
        error: true,
        text: "缺少反对票".to_owned(),
    };
    assert!(place(&mut page, "/committee_vote/tallies/c/against", finding).is_none());
    let t = table(&page, "/committee_vote/tallies");
    assert_eq!(t.rows[2].key.as_ref().map(|k| k.value.as_str()), Some("c"));
    assert_eq!(t.rows[2].cells[1].findings.len(), 1);
}
