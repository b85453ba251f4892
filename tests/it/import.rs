//! `qaward import`: score sheets built here with rust_xlsxwriter in the
//! layout of docs/spreadsheets.md, imported into copies of the base
//! fixture by the real binary. Each bad cell is found at its place and
//! nothing is written; a good sheet changes exactly the `items` and
//! `score` lines of its stage, and `validate` passes afterwards.

use std::path::{Path, PathBuf};
use std::process::Output;

use rust_xlsxwriter::{Formula, Workbook};
use serde_json::Value;

use crate::support::{copy_tree, manifest_dir, qaward, read_tree};

/// The scored items of GB/T 19580-2012: clause, name and maximum.
fn standard_items() -> Vec<(String, String, u32)> {
    let text = std::fs::read_to_string(manifest_dir().join("data/standards/gbt-19580-2012.yaml")).expect("standard");
    let table: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let mut items = Vec::new();
    for category in table["categories"].as_sequence().expect("categories") {
        for item in category["items"].as_sequence().expect("items") {
            items.push((
                item["clause"].as_str().expect("clause").to_owned(),
                item["name"].as_str().expect("name").to_owned(),
                u32::try_from(item["points"].as_u64().expect("points")).expect("small"),
            ));
        }
    }
    assert_eq!(items.len(), 23);
    items
}

/// The score every sheet gives an item unless a test says otherwise.
fn default_score(max: u32) -> u32 {
    max * 3 / 5
}

/// A cell as a test writes it.
#[derive(Clone, Debug)]
enum Cell {
    Number(f64),
    Text(String),
    Bool(bool),
    Empty,
}

/// One row of the item table.
#[derive(Clone, Debug)]
struct Row {
    clause: Cell,
    points: Cell,
    score: Cell,
}

/// A score sheet: its labels and its rows.
#[derive(Clone, Debug)]
struct Sheet {
    name: String,
    id: Option<Cell>,
    year: Option<&'static str>,
    stage: Option<&'static str>,
    rows: Vec<Row>,
}

impl Sheet {
    /// A filled-in on-site sheet for `id` of 2024, every item at its default score.
    fn onsite(id: &str) -> Sheet {
        let rows = standard_items()
            .into_iter()
            .map(|(clause, _, max)| Row {
                clause: Cell::Text(clause),
                points: Cell::Number(f64::from(max)),
                score: Cell::Number(f64::from(default_score(max))),
            })
            .collect();
        Sheet {
            name: id.to_owned(),
            id: Some(Cell::Text(id.to_owned())),
            year: Some("2024"),
            stage: Some("现场评审"),
            rows,
        }
    }

    fn material(id: &str) -> Sheet {
        Sheet {
            stage: Some("资料评审"),
            ..Sheet::onsite(id)
        }
    }

    /// The same sheet with the score of `clause` set to `cell`.
    fn score(mut self, clause: &str, cell: Cell) -> Sheet {
        let row = self.row(clause);
        self.rows[row].score = cell;
        self
    }

    fn row(&self, clause: &str) -> usize {
        self.rows
            .iter()
            .position(|r| matches!(&r.clause, Cell::Text(c) if c == clause))
            .expect("clause")
    }
}

/// Where the score of `clause` is: `D6 6:4` for the first item (A5
/// holds the header; scores are in column D).
fn score_place(clause: &str) -> String {
    let row = standard_items()
        .iter()
        .position(|(c, _, _)| c == clause)
        .expect("clause")
        + 6;
    format!("D{row} {row}:4")
}

fn put(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, cell: &Cell) {
    let written = match cell {
        Cell::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
        Cell::Text(t) => sheet.write_string(row, col, t).map(|_| ()),
        Cell::Bool(b) => sheet.write_boolean(row, col, *b).map(|_| ()),
        Cell::Empty => Ok(()),
    };
    written.expect("write cell");
}

/// Writes `sheets` as a workbook at `path`, laid out as `docs --xlsx` does.
fn workbook(path: &Path, sheets: &[Sheet]) {
    let names = standard_items();
    let mut book = Workbook::new();
    for spec in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&spec.name).expect("sheet name");
        let text = |s: &str| Cell::Text(s.to_owned());
        put(sheet, 0, 0, &text("2024年度温州市市长质量奖评分表"));
        put(sheet, 1, 0, &text("申报编号"));
        if let Some(id) = &spec.id {
            put(sheet, 1, 1, id);
        }
        if let Some(year) = spec.year {
            put(sheet, 1, 2, &text("年度"));
            put(sheet, 1, 3, &Cell::Number(year.parse().expect("year")));
        }
        if let Some(stage) = spec.stage {
            put(sheet, 2, 0, &text("评审阶段："));
            put(sheet, 2, 1, &text(stage));
        }
        for (col, head) in ["条款", "评分项目", "分值", "得分"].iter().enumerate() {
            put(sheet, 4, u16::try_from(col).expect("col"), &text(head));
        }
        let mut row = 5;
        for r in &spec.rows {
            put(sheet, row, 0, &r.clause);
            let name = match &r.clause {
                Cell::Text(c) => names.iter().find(|(n, _, _)| n == c).map(|(_, n, _)| n.clone()),
                _ => None,
            };
            put(sheet, row, 1, &Cell::Text(name.unwrap_or_default()));
            put(sheet, row, 2, &r.points);
            put(sheet, row, 3, &r.score);
            row += 1;
        }
        put(sheet, row, 1, &text("合计"));
        sheet
            .write_formula(row, 3, Formula::new(format!("=SUM(D6:D{row})")))
            .expect("formula");
        put(sheet, row + 2, 0, &text("评审组长签字："));
    }
    book.save(path).expect("save workbook");
}

fn import(root: &Path, books: &[&Path], extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["import", "--format", "json", "--root", "."];
    let paths: Vec<String> = books.iter().map(|b| b.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    args.extend_from_slice(extra);
    let out = qaward(root, &args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, json)
}

/// `rule sheet!cell line:column` of every finding.
fn places(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}!{} {}:{}",
                d["rule"].as_str().unwrap_or("?"),
                d["sheet"].as_str().unwrap_or("-"),
                d["cell"].as_str().unwrap_or("-"),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

/// The expected application file after an import of `sheet`'s scores
/// into the stage whose score line is `score_line`.
fn with_items(original: &str, score_line: &str, sheet: &Sheet) -> String {
    let scores: Vec<(String, u32)> = standard_items()
        .into_iter()
        .map(|(clause, _, max)| {
            let i = sheet.row(&clause);
            let n = match sheet.rows[i].score {
                Cell::Number(n) => n as u32,
                _ => default_score(max),
            };
            (clause, n)
        })
        .collect();
    let sum: u32 = scores.iter().map(|(_, n)| n).sum();
    let mut block = format!("  score: {sum}\n  items:\n");
    for (clause, n) in &scores {
        block.push_str(&format!("    \"{clause}\": {n}\n"));
    }
    assert_eq!(original.matches(score_line).count(), 1, "{score_line}");
    original.replacen(score_line, &block, 1)
}

const ALPHA: &str = "cycles/2024/applications/alpha.yaml";

/// A scratch folder holding `content/` (the base fixture with `overlay`
/// laid over it) and, beside it, the workbooks of a test.
fn setup(overlay: Option<&Path>) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("temp dir");
    let root = work.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &root);
    if let Some(overlay) = overlay {
        copy_tree(overlay, &root);
    }
    (work, root)
}

#[test]
fn a_filled_sheet_changes_only_the_items_and_score_of_its_stage() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    let sheet = Sheet::onsite("alpha").score("4.1.2", Cell::Number(44.0));
    workbook(&book, std::slice::from_ref(&sheet));
    let before = read_tree(root);

    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(read_tree(root), before, "nothing written without --write");
    let changes = json["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 24, "the score and 23 new items");
    assert_eq!(
        changes[0],
        serde_json::json!({"file": ALPHA, "application": "alpha", "stage": "onsite", "field": "score", "old": 620, "new": expected_sum(&sheet)})
    );
    assert_eq!(changes[1]["field"], "items.4.1.2");
    assert_eq!(changes[1]["old"], Value::Null);
    assert_eq!(changes[1]["new"], 44);
    assert_eq!(json["errors"], 0);

    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    let after = read_tree(root);
    let original = String::from_utf8(before[ALPHA].clone()).expect("UTF-8");
    let onsite_score = "  group: g1\n  score: 620\n";
    let expected = with_items(&original, "  score: 620\n", &sheet);
    assert_eq!(String::from_utf8(after[ALPHA].clone()).expect("UTF-8"), expected);
    assert!(original.contains(onsite_score));
    for (file, bytes) in &before {
        if file != ALPHA {
            assert_eq!(&after[file], bytes, "{file} untouched");
        }
    }
    let (code, validation) = crate::support::validate_json(root, &[]);
    assert_eq!(code, 0, "{validation:#}");

    // Importing the same sheet again changes nothing.
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json["changes"], serde_json::json!([]));
    assert_eq!(read_tree(root), after);
}

fn expected_sum(sheet: &Sheet) -> u32 {
    sheet
        .rows
        .iter()
        .map(|r| match r.score {
            Cell::Number(n) => n as u32,
            _ => 0,
        })
        .sum()
}

#[test]
fn a_changed_item_changes_its_line_and_the_score_line_only() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-material.xlsx");
    workbook(&book, &[Sheet::material("beta")]);
    let (out, _) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0));
    let first = read_tree(root);
    let file = "cycles/2024/applications/beta.yaml";
    let old = String::from_utf8(first[file].clone()).expect("UTF-8");
    let sheet = Sheet::material("beta").score("4.7.2", Cell::Number(70.0));
    workbook(&book, std::slice::from_ref(&sheet));
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    let fields: Vec<&str> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, ["score", "items.4.7.2"]);
    let new = String::from_utf8(read_tree(root)[file].clone()).expect("UTF-8");
    let changed: Vec<(&str, &str)> = old.lines().zip(new.lines()).filter(|(a, b)| a != b).collect();
    let old_sum = expected_sum(&Sheet::material("beta"));
    assert_eq!(
        changed,
        [
            (
                format!("  score: {old_sum}").as_str(),
                format!("  score: {}", expected_sum(&sheet)).as_str()
            ),
            ("    \"4.7.2\": 48", "    \"4.7.2\": 70"),
        ]
    );
    assert_eq!(old.lines().count(), new.lines().count());
}

/// One bad sheet for `alpha`'s on-site review: its finding, and nothing written.
fn refused(sheet: Sheet, expected: &[&str]) {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    workbook(&book, &[sheet]);
    let before = read_tree(root);
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(1), "{json:#}");
    assert_eq!(places(&json), expected, "{json:#}");
    assert_eq!(json["changes"], serde_json::json!([]), "{json:#}");
    assert_eq!(read_tree(root), before, "nothing written");
    let file = json["diagnostics"][0]["file"].as_str().expect("file");
    assert!(file.ends_with("score-sheet-onsite.xlsx"), "{file}");
}

#[test]
fn a_score_that_is_not_a_number_is_refused_at_its_cell() {
    let place = format!("import/score alpha!{}", score_place("4.2.2"));
    refused(
        Sheet::onsite("alpha").score("4.2.2", Cell::Text("良好".into())),
        &[&place],
    );
    refused(Sheet::onsite("alpha").score("4.2.2", Cell::Bool(true)), &[&place]);
}

#[test]
fn a_score_that_is_not_whole_is_refused_at_its_cell() {
    refused(
        Sheet::onsite("alpha").score("4.4.3", Cell::Number(7.5)),
        &[&format!("import/score alpha!{}", score_place("4.4.3"))],
    );
}

#[test]
fn a_score_outside_zero_to_the_maximum_is_refused_at_its_cell() {
    refused(
        Sheet::onsite("alpha").score("4.1.2", Cell::Number(51.0)),
        &[&format!("import/score alpha!{}", score_place("4.1.2"))],
    );
    refused(
        Sheet::onsite("alpha").score("4.7.7", Cell::Number(-1.0)),
        &["import/score alpha!D28 28:4"],
    );
}

#[test]
fn a_missing_score_or_item_row_is_refused() {
    refused(
        Sheet::onsite("alpha").score("4.5.3", Cell::Empty),
        &[&format!("import/score alpha!{}", score_place("4.5.3"))],
    );
    let mut sheet = Sheet::onsite("alpha");
    let row = sheet.row("4.6.2");
    sheet.rows.remove(row);
    refused(sheet, &["import/score alpha!A5 5:1"]);
}

#[test]
fn unknown_and_repeated_clauses_and_wrong_maxima_are_refused_at_their_cells() {
    let mut sheet = Sheet::onsite("alpha");
    sheet.rows.push(Row {
        clause: Cell::Text("4.8.1".into()),
        points: Cell::Number(10.0),
        score: Cell::Number(5.0),
    });
    sheet.rows.push(sheet.rows[0].clone());
    sheet.rows[1].points = Cell::Number(35.0);
    refused(
        sheet,
        &[
            "import/workbook alpha!C7 7:3",
            "import/workbook alpha!A29 29:1",
            "import/workbook alpha!A30 30:1",
        ],
    );
}

#[test]
fn a_sheet_for_an_unknown_withdrawn_or_unreached_application_is_refused() {
    refused(Sheet::onsite("alhpa"), &["import/application alhpa!B2 2:2"]);
    // The cells of a sheet for an unknown application are checked all the same.
    refused(
        Sheet::onsite("alhpa").score("4.1.2", Cell::Number(51.0)),
        &["import/application alhpa!B2 2:2", "import/score alhpa!D6 6:4"],
    );
    let mut no_id = Sheet::onsite("alpha");
    no_id.id = None;
    refused(no_id, &["import/workbook alpha!A2 2:1"]);
    let mut wrong_year = Sheet::onsite("alpha");
    wrong_year.year = Some("2023");
    refused(wrong_year, &["import/application alpha!B2 2:2"]);
}

#[test]
fn withdrawn_applications_and_ungrouped_new_onsite_records_are_refused() {
    let overlay = tempfile::tempdir().expect("temp");
    let cycle_dir = overlay.path().join("cycles/2024");
    let apps = cycle_dir.join("applications");
    std::fs::create_dir_all(&apps).expect("mkdir");
    let fixture = manifest_dir().join("tests/fixtures/base");
    let base = std::fs::read_to_string(fixture.join(ALPHA)).expect("alpha");
    let cycle = std::fs::read_to_string(fixture.join("cycles/2024/cycle.yaml")).expect("cycle");
    let ungrouped = cycle.replace("applications: [alpha, beta]", "applications: [beta]");
    assert_ne!(ungrouped, cycle, "the fixture's review group names alpha");
    for (case, text, cycle_text) in [
        (
            "withdrawn",
            format!("{base}withdrawn:\n  date: 2025-08-20\n  reason: 主动撤回。\n"),
            cycle.clone(),
        ),
        (
            "no onsite record and no review group",
            base.split("onsite:").next().expect("head").to_owned(),
            ungrouped.clone(),
        ),
    ] {
        std::fs::write(apps.join("alpha.yaml"), &text).expect("write");
        std::fs::write(cycle_dir.join("cycle.yaml"), &cycle_text).expect("write");
        let (work, root) = setup(Some(overlay.path()));
        let root = root.as_path();
        let book = work.path().join("score-sheet-onsite.xlsx");
        workbook(&book, &[Sheet::onsite("alpha")]);
        let before = read_tree(root);
        let (out, json) = import(root, &[&book], &["--write"]);
        assert_eq!(out.status.code(), Some(1), "{case}: {json:#}");
        assert_eq!(places(&json), ["import/application alpha!B2 2:2"], "{case}: {json:#}");
        assert_eq!(read_tree(root), before, "{case}");
    }
}

/// Scores come before results: a stage with no record yet gets a new
/// block holding the scores (and, on site, the review group), appended
/// after everything else in the file.
#[test]
fn scores_for_a_stage_not_yet_recorded_make_a_new_record_that_validates() {
    let overlay = tempfile::tempdir().expect("temp");
    let apps = overlay.path().join("cycles/2024/applications");
    std::fs::create_dir_all(&apps).expect("mkdir");
    let fixture = manifest_dir().join("tests/fixtures/base");
    let base = std::fs::read_to_string(fixture.join(ALPHA)).expect("alpha");
    let head = base.split("onsite:").next().expect("head").to_owned();
    // The year as it is while the groups score: no committee vote yet.
    let cycle = std::fs::read_to_string(fixture.join("cycles/2024/cycle.yaml")).expect("cycle");
    let scoring = cycle.split("committee_vote:").next().expect("head");
    std::fs::write(overlay.path().join("cycles/2024/cycle.yaml"), scoring).expect("write");
    for (stage, text, sheet, first_lines) in [
        (
            "onsite",
            head.clone(),
            Sheet::onsite("alpha"),
            "onsite:\n  group: g1\n  score: ",
        ),
        (
            "material",
            head.replace("material:\n  score: 600\n  result: advanced\n", ""),
            Sheet::material("alpha"),
            "material:\n  score: ",
        ),
    ] {
        assert_ne!(text, base, "{stage}: the overlay removes the record");
        std::fs::write(apps.join("alpha.yaml"), &text).expect("write");
        let (work, root) = setup(Some(overlay.path()));
        let root = root.as_path();
        let book = work.path().join(format!("score-sheet-{stage}.xlsx"));
        workbook(&book, std::slice::from_ref(&sheet));
        let before = read_tree(root);
        let (out, json) = import(root, &[&book], &["--write"]);
        assert_eq!(out.status.code(), Some(0), "{stage}: {json:#}");
        let after = String::from_utf8(read_tree(root)[ALPHA].clone()).expect("UTF-8");
        let added = after.strip_prefix(text.as_str()).expect("every earlier byte kept");
        assert!(added.starts_with(first_lines), "{stage}: {added}");
        assert!(
            added.contains(&format!("  score: {}\n", expected_sum(&sheet))),
            "{stage}: {added}"
        );
        assert!(added.contains("  items:\n"), "{stage}: {added}");
        assert!(!added.contains("result"), "{stage}: no result is invented: {added}");
        for (file, bytes) in &before {
            if file != ALPHA {
                assert_eq!(&read_tree(root)[file], bytes, "{stage}: {file} untouched");
            }
        }
        let (_, validation) = crate::support::validate_json(root, &[]);
        let schema_errors: Vec<&Value> = validation["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "schema" || d["rule"] == "art4/scores")
            .collect();
        assert!(schema_errors.is_empty(), "{stage}: {schema_errors:#?}");
    }
}

#[test]
fn two_sheets_for_one_application_and_stage_are_refused_at_the_second() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let one = work.path().join("score-sheet-onsite.xlsx");
    let two = work.path().join("score-sheet-onsite-again.xlsx");
    workbook(&one, &[Sheet::onsite("alpha")]);
    let mut again = Sheet::onsite("alpha");
    again.name = "alpha (2)".into();
    workbook(&two, &[again]);
    let before = read_tree(root);
    let (out, json) = import(root, &[&one, &two], &["--write"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json), ["import/application alpha (2)!B2 2:2"]);
    let related = &json["diagnostics"][0]["related"][0];
    assert_eq!(
        (related["sheet"].as_str(), related["cell"].as_str()),
        (Some("alpha"), Some("B2"))
    );
    assert!(
        json["diagnostics"][0]["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("score-sheet-onsite-again.xlsx")
    );
    assert_eq!(read_tree(root), before);
}

#[test]
fn the_stage_comes_from_the_sheet_or_the_file_name_and_they_must_agree() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let before = read_tree(root);
    // A material sheet in a file named for the on-site review.
    let book = work.path().join("score-sheet-onsite.xlsx");
    workbook(&book, &[Sheet::material("alpha")]);
    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json), ["import/workbook alpha!B3 3:2"]);
    // No stage anywhere.
    let book = work.path().join("评分表.xlsx");
    let mut sheet = Sheet::onsite("alpha");
    sheet.stage = None;
    workbook(&book, &[sheet.clone()]);
    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json), ["import/workbook alpha!A1 1:1"]);
    // The file name alone is enough.
    let book = work.path().join("score-sheet-onsite-group-a.xlsx");
    workbook(&book, &[sheet]);
    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(json["changes"][0]["stage"], "onsite");
    assert_eq!(read_tree(root), before);
}

#[test]
fn a_number_stored_as_text_is_read_with_a_warning() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    workbook(
        &book,
        &[Sheet::onsite("alpha").score("4.1.2", Cell::Text(" 45 ".into()))],
    );
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(places(&json), ["import/score alpha!D6 6:4"]);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    let text = String::from_utf8(read_tree(root)[ALPHA].clone()).expect("UTF-8");
    assert!(text.contains("    \"4.1.2\": 45\n"), "{text}");
}

#[test]
fn other_sheets_are_skipped_but_a_workbook_needs_one_score_sheet() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    let mut book_obj = Workbook::new();
    book_obj
        .add_worksheet()
        .set_name("说明")
        .expect("name")
        .write_string(0, 0, "请在得分列填写整数")
        .expect("write");
    book_obj.save(&book).expect("save");
    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json), ["import/workbook -!- 1:1"]);
    std::fs::write(&book, "not a workbook").expect("write");
    let (out, json) = import(root, &[&book], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json), ["import/workbook -!- 1:1"]);
    let out = qaward(root, &["import", "--root", ".", "../no-such.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such.xlsx"));
}

#[test]
fn an_application_file_with_an_anchor_where_the_scores_go_is_refused_with_its_line() {
    let overlay = tempfile::tempdir().expect("temp");
    let apps = overlay.path().join("cycles/2024/applications");
    std::fs::create_dir_all(&apps).expect("mkdir");
    let base = std::fs::read_to_string(manifest_dir().join("tests/fixtures/base").join(ALPHA)).expect("alpha");
    let anchored = base.replace(
        "onsite:\n  group: g1\n  score: 620\n",
        "onsite:\n  group: g1\n  score: &s 620\n",
    );
    assert_ne!(anchored, base);
    std::fs::write(apps.join("alpha.yaml"), &anchored).expect("write");
    let (work, root) = setup(Some(overlay.path()));
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    workbook(&book, &[Sheet::onsite("alpha")]);
    let before = read_tree(root);
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(1), "{json:#}");
    let line = anchored.lines().position(|l| l.contains("&s")).expect("line") + 1;
    assert_eq!(places(&json), [format!("import/edit -!- {line}:3")]);
    let message = json["diagnostics"][0]["message"].as_str().expect("message");
    assert!(message.contains(&format!("请手工编辑第 {line} 行")), "{message}");
    assert_eq!(read_tree(root), before);
}

#[test]
fn the_human_report_names_the_workbook_sheet_and_cell_and_the_changes() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let book = work.path().join("score-sheet-onsite.xlsx");
    workbook(&book, &[Sheet::onsite("alpha").score("4.1.3", Cell::Number(31.0))]);
    let out = qaward(root, &["import", "--root", ".", "../score-sheet-onsite.xlsx"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[import/score]: 条款 4.1.3（组织治理）的得分 31 超过该条款分值：应为 0 至 30 的整数"),
        "{text}"
    );
    assert!(text.contains("--> ../score-sheet-onsite.xlsx:7:4"), "{text}");
    assert!(text.contains("工作表 `alpha`，单元格 D7"), "{text}");
    assert!(text.contains("未写入任何文件"), "{text}");
    workbook(&book, &[Sheet::onsite("alpha")]);
    let out = qaward(root, &["import", "--root", ".", "../score-sheet-onsite.xlsx"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("2024 年度申报 alpha 的现场评审（cycles/2024/applications/alpha.yaml）："),
        "{text}"
    );
    assert!(text.contains("  总分 score：620 → "), "{text}");
    assert!(text.contains("  条款 4.1.2 高层领导的作用：（无） → 30"), "{text}");
    assert!(text.contains("加 --write"), "{text}");
}

/// The score sheet of `id` that `docs 2024 --xlsx` writes for the on-site
/// review, filled in as a group would: every cell of the exported sheet
/// (formulas as their cached values) copied into a workbook of that one
/// sheet, with `score` (clause, maximum → points) in the 得分 column.
fn filled_export(work: &Path, root: &Path, id: &str, score: impl Fn(&str, u32) -> u32) -> PathBuf {
    use calamine::{Data, Reader};
    let internal = work.join("internal");
    let out = qaward(
        root,
        &[
            "docs",
            "2024",
            "--xlsx",
            "--root",
            ".",
            "--out",
            &internal.display().to_string(),
        ],
    );
    // The base fixture lacks facts some documents print (exit 1); the
    // workbooks are written all the same.
    assert!(
        internal.join("score-sheet-onsite.xlsx").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut exported = calamine::open_workbook_auto(internal.join("score-sheet-onsite.xlsx")).expect("exported");
    let range = exported.worksheet_range(id).expect("the application's sheet");
    let maxima: std::collections::HashMap<String, u32> = standard_items()
        .into_iter()
        .map(|(clause, _, max)| (clause, max))
        .collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(id).expect("name");
    let (top, left) = range.start().expect("cells");
    for (r, c, data) in range.used_cells() {
        let (row, col) = (
            top + u32::try_from(r).expect("row"),
            u16::try_from(left as usize + c).expect("col"),
        );
        match data {
            Data::String(text) => put(sheet, row, col, &Cell::Text(text.clone())),
            Data::Float(n) => put(sheet, row, col, &Cell::Number(*n)),
            Data::Int(n) => put(sheet, row, col, &Cell::Number(*n as f64)),
            _ => {}
        }
        if let (Data::String(clause), 0) = (data, col)
            && let Some(max) = maxima.get(clause.as_str())
        {
            put(sheet, row, 3, &Cell::Number(f64::from(score(clause, *max))));
        }
    }
    let path = work.join("returned/score-sheet-onsite.xlsx");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    book.save(&path).expect("save");
    path
}

#[test]
fn a_sheet_exported_by_docs_xlsx_and_filled_in_imports_into_exactly_its_lines() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let before = read_tree(root);
    let book = filled_export(work.path(), root, "alpha", |clause, max| {
        if clause == "4.1.2" { 44 } else { default_score(max) }
    });
    // The exported sheet has no 年度 label: the year comes from its title.
    let (out, json) = import(root, &[&book], &["--write"]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    let expected_sheet = Sheet::onsite("alpha").score("4.1.2", Cell::Number(44.0));
    let original = String::from_utf8(before[ALPHA].clone()).expect("UTF-8");
    let after = read_tree(root);
    assert_eq!(
        String::from_utf8(after[ALPHA].clone()).expect("UTF-8"),
        with_items(&original, "  score: 620\n", &expected_sheet)
    );
    let changed: Vec<&String> = before.keys().filter(|f| before[*f] != after[*f]).collect();
    assert_eq!(changed, [ALPHA]);
    let (code, validation) = crate::support::validate_json(root, &[]);
    assert_eq!(code, 0, "{validation:#}");
}

/// A sheet exported by `docs --xlsx`, filled in, then re-saved by
/// LibreOffice Calc reads the same. Needs `soffice`
/// (libreoffice-calc-nogui); `.ci/run` installs it and runs this test.
#[test]
#[ignore = "needs LibreOffice: run by .ci/run"]
fn a_workbook_resaved_by_libreoffice_imports_the_same() {
    let (work, root) = setup(None);
    let root = root.as_path();
    let made = filled_export(work.path(), root, "alpha", |clause, max| {
        if clause == "4.3.3" { 33 } else { default_score(max) }
    });
    let sheet = Sheet::onsite("alpha").score("4.3.3", Cell::Number(33.0));
    let resaved = libreoffice_resave(&made, &work.path().join("resaved"));
    assert_ne!(
        std::fs::read(&made).expect("made"),
        std::fs::read(&resaved).expect("resaved")
    );
    let before = String::from_utf8(read_tree(root)[ALPHA].clone()).expect("UTF-8");
    let (out, json) = import(root, &[&resaved], &["--write"]);
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(24));
    let after = String::from_utf8(read_tree(root)[ALPHA].clone()).expect("UTF-8");
    assert_eq!(after, with_items(&before, "  score: 620\n", &sheet));
    let (code, validation) = crate::support::validate_json(root, &[]);
    assert_eq!(code, 0, "{validation:#}");
}

/// `soffice --headless --convert-to xlsx`, with a profile of its own.
fn libreoffice_resave(book: &Path, out_dir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().expect("profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(out_dir)
        .arg(book)
        .output()
        .expect("run soffice (install libreoffice-calc-nogui)");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let resaved = out_dir.join(book.file_name().expect("name"));
    assert!(
        resaved.is_file(),
        "soffice wrote nothing: {}",
        String::from_utf8_lossy(&status.stdout)
    );
    resaved
}

#[test]
fn the_root_as_it_would_be_is_validated_without_touching_the_disk() {
    let (_work, root) = setup(None);
    let before_files = read_tree(&root);
    let before = qaward::validate::validate(&root).expect("validate");
    assert_eq!(before.report.errors(), 0);
    let alpha = String::from_utf8(before_files[ALPHA].clone()).expect("UTF-8");
    let overlay: qaward::load::Overlay = [
        (
            ALPHA.to_owned(),
            alpha.replace("  score: 620\n", "  score: 1200\n").into_bytes(),
        ),
        (
            "cycles/2024/applications/gamma.yaml".to_owned(),
            b"organization: nobody\n".to_vec(),
        ),
    ]
    .into();
    let after = qaward::validate::validate_with(&root, &overlay).expect("validate");
    let added: Vec<(&str, String, usize)> = after
        .report
        .errors_added(&before.report)
        .into_iter()
        .map(|d| (d.rule.id, d.span.file, d.span.start.line))
        .collect();
    assert!(added.contains(&("art4/scores", ALPHA.to_owned(), 20)), "{added:?}");
    assert!(
        added
            .iter()
            .any(|(rule, file, _)| *rule == "schema" && file.ends_with("gamma.yaml")),
        "{added:?}"
    );
    assert_eq!(read_tree(&root), before_files, "nothing written");
    assert_eq!(after.content.source_line(ALPHA, 20), Some("  score: 1200"));
}
