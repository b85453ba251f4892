//! `qaward docs YEAR --xlsx` (SPEC section 10): the workbooks built from
//! `tests/fixtures/documents/` (laid over the base tree), read back with
//! calamine for the cells and formulas and from their XML parts (zip and
//! quick-xml) for what calamine does not expose: validations, panes,
//! filters, protection, styles and page setup. `docs/spreadsheets.md` is
//! the layout these tests hold the score sheets to.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;

use crate::documents::{repository, text};
use crate::support::{manifest_dir, qaward, read_tree};

const WORKBOOKS: [&str; 4] = [
    "applications.xlsx",
    "score-sheet-material.xlsx",
    "score-sheet-onsite.xlsx",
    "scores.xlsx",
];
const HEADER: [&str; 4] = ["条款", "评分项目", "分值", "得分"];
const DATE_FORMAT: &str = "yyyy\"年\"m\"月\"d\"日\"";

/// `docs 2024 --xlsx` in `repo`, expecting exit 0; the output folder.
fn export(repo: &Path) -> PathBuf {
    let out = qaward(repo, &["docs", "2024", "--root", "content", "--xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    repo.join("internal/2024")
}

fn edit(repo: &Path, file: &str, from: &str, to: &str) {
    let path = repo.join("content").join(file);
    let yaml = std::fs::read_to_string(&path).expect("read");
    assert!(yaml.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, yaml.replacen(from, to, 1)).expect("write");
}

/// A workbook opened with calamine.
fn open(dir: &Path, file: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    Xlsx::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn cells(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> calamine::Range<Data> {
    book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"))
}

/// A cell by its A1 name, as text (numbers as they print).
fn at(range: &calamine::Range<Data>, cell: &str) -> String {
    let (row, col) = position(cell);
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
        Some(value) => value.to_string(),
    }
}

/// `D6` → (5, 3).
fn position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    let row: u32 = cell[letters.len()..].parse().expect("row");
    (row - 1, col)
}

/// The items of the standard: clause, name, maximum.
fn standard_items() -> Vec<(String, String, u32)> {
    let text = std::fs::read_to_string(manifest_dir().join("data/standards/gbt-19580-2012.yaml")).expect("standard");
    let table: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    table["categories"]
        .as_sequence()
        .expect("categories")
        .iter()
        .flat_map(|c| c["items"].as_sequence().expect("items").iter())
        .map(|i| {
            (
                i["clause"].as_str().expect("clause").to_owned(),
                i["name"].as_str().expect("name").to_owned(),
                i["points"].as_u64().expect("points") as u32,
            )
        })
        .collect()
}

/// One XML element of a part: its name, attributes, text and parent.
#[derive(Debug)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    parent: Option<usize>,
}

impl El {
    fn attr(&self, key: &str) -> &str {
        self.attrs.get(key).map_or("", String::as_str)
    }
}

/// A part of the package, as a flat list of its elements in order.
fn part(dir: &Path, file: &str, name: &str) -> Vec<El> {
    let bytes = std::fs::read(dir.join(file)).expect("read");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{file}: {name}: {e}"))
        .read_to_string(&mut xml)
        .expect("utf-8");
    elements(&xml)
}

fn elements(xml: &str) -> Vec<El> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<El> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let (e, empty) = match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&t.xml10_content());
                }
                continue;
            }
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attrs = e
            .attributes()
            .filter_map(Result::ok)
            .map(|a| {
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("attribute");
                (a.key.into_inner().to_owned(), value.into_owned())
            })
            .collect();
        out.push(El {
            name: e.name().into_inner().to_owned(),
            attrs,
            text: String::new(),
            parent: open.last().copied(),
        });
        if !empty {
            open.push(out.len() - 1);
        }
    }
    out
}

fn named<'a>(els: &'a [El], name: &str) -> Vec<&'a El> {
    els.iter().filter(|e| e.name == name).collect()
}

/// The sheet part of each worksheet name, from the workbook's relations.
fn sheet_parts(dir: &Path, file: &str) -> Vec<(String, String)> {
    let workbook = part(dir, file, "xl/workbook.xml");
    let rels = part(dir, file, "xl/_rels/workbook.xml.rels");
    named(&workbook, "sheet")
        .iter()
        .map(|s| {
            let target = named(&rels, "Relationship")
                .into_iter()
                .find(|r| r.attr("Id") == s.attr("r:id"))
                .map(|r| format!("xl/{}", r.attr("Target")))
                .expect("relationship");
            (s.attr("name").to_owned(), target)
        })
        .collect()
}

/// Each style index's number format code and whether it locks the cell.
fn styles(dir: &Path, file: &str) -> Vec<(String, bool)> {
    let els = part(dir, file, "xl/styles.xml");
    let formats: BTreeMap<&str, &str> = named(&els, "numFmt")
        .iter()
        .map(|f| (f.attr("numFmtId"), f.attr("formatCode")))
        .collect();
    let cell_xfs = els.iter().position(|e| e.name == "cellXfs").expect("cellXfs");
    els.iter()
        .enumerate()
        .filter(|(_, e)| e.name == "xf" && e.parent == Some(cell_xfs))
        .map(|(i, xf)| {
            let unlocked = els
                .iter()
                .any(|p| p.name == "protection" && p.parent == Some(i) && p.attr("locked") == "0");
            let code = formats.get(xf.attr("numFmtId")).copied().unwrap_or("");
            (code.to_owned(), !unlocked)
        })
        .collect()
}

/// The style index of each cell of a sheet part.
fn cell_styles(els: &[El]) -> BTreeMap<String, usize> {
    named(els, "c")
        .iter()
        .map(|c| (c.attr("r").to_owned(), c.attr("s").parse().unwrap_or(0)))
        .collect()
}

#[test]
fn docs_xlsx_writes_the_four_workbooks_beside_the_documents_and_lists_them() {
    let repo = repository();
    let out = qaward(repo.path(), &["docs", "2024", "--root", "content", "--xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(
            "其中电子表格 4 个：applications.xlsx、score-sheet-material.xlsx、score-sheet-onsite.xlsx、scores.xlsx"
        ),
        "{}",
        text(&out)
    );
    let dir = repo.path().join("internal/2024");
    let files = read_tree(&dir);
    for file in WORKBOOKS {
        assert!(files[file].starts_with(b"PK\x03\x04"), "{file} is not a zip package");
    }
    assert!(
        files.contains_key("review-report.html"),
        "the documents are still there"
    );
    let index = scraper::Html::parse_document(&String::from_utf8_lossy(&files["index.html"]));
    let links = crate::support::texts(&index, "table.workbooks tr[data-state=generated] a");
    assert_eq!(links, ["申报汇总表", "评分汇总表", "资料评审评分表", "现场评审评分表"]);
    let sel = scraper::Selector::parse("table.workbooks a").expect("selector");
    let hrefs: Vec<&str> = index.select(&sel).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(
        hrefs,
        [
            "applications.xlsx",
            "scores.xlsx",
            "score-sheet-material.xlsx",
            "score-sheet-onsite.xlsx"
        ]
    );
}

#[test]
fn without_the_flag_no_workbook_is_written_or_listed() {
    let repo = repository();
    let out = qaward(repo.path(), &["docs", "2024", "--root", "content"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = read_tree(&repo.path().join("internal/2024"));
    assert!(files.keys().all(|f| !f.ends_with(".xlsx")), "{:?}", files.keys());
    let index = scraper::Html::parse_document(&String::from_utf8_lossy(&files["index.html"]));
    assert!(crate::support::texts(&index, "table.workbooks").is_empty());
    assert!(crate::support::texts(&index, "table.documents").len() == 1);
}

#[test]
fn the_roster_has_a_row_per_application_with_real_dates() {
    let repo = repository();
    edit(
        repo.path(),
        "cycles/2024/applications/delta.yaml",
        "  notified: 2025-07-25\n",
        "  notified: 2025-07-25\nwithdrawn:\n  date: 2025-07-28\n  reason: 企业自愿撤回\n",
    );
    let dir = export(repo.path());
    let mut book = open(&dir, "applications.xlsx");
    assert_eq!(book.sheet_names(), ["申报汇总表"]);
    let range = cells(&mut book, "申报汇总表");
    assert_eq!(at(&range, "A1"), "2024年度温州市市长质量奖申报汇总表");
    let header: Vec<String> = (0..12)
        .map(|c| at(&range, &format!("{}2", (b'A' + c) as char)))
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "申报编号",
            "企业（组织）名称",
            "统一社会信用代码",
            "推荐单位",
            "所属行业",
            "申报奖项",
            "申报日期",
            "资格审查",
            "资料评审",
            "现场评审",
            "撤回日期"
        ]
    );
    let ids: Vec<String> = (3..=7).map(|r| at(&range, &format!("B{r}"))).collect();
    assert_eq!(ids, ["alpha", "beta", "delta", "epsilon", "gamma"]);
    assert_eq!(at(&range, "B8"), "", "one row per application");
    // alpha: passed, advanced, a candidate.
    let row: Vec<String> = ["A3", "C3", "E3", "G3", "I3", "J3", "K3", "L3"]
        .iter()
        .map(|c| at(&range, c))
        .collect();
    assert_eq!(
        row,
        [
            "1",
            "温州示例电气有限公司",
            "鹿城区",
            "市长质量奖",
            "通过",
            "进入现场评审",
            "确定为候选",
            ""
        ]
    );
    assert_eq!(at(&range, "I7"), "未通过");
    assert_eq!(at(&range, "J5"), "未进入现场评审");
    // The credit code is text, never a number.
    let uscc = range.get_value(position("D3")).expect("D3");
    assert!(matches!(uscc, Data::String(s) if s.len() == 18), "{uscc:?}");
    // Dates are numbers with a date format, not text.
    for (cell, serial) in [("H3", 45797.0), ("L5", 45866.0)] {
        match range.get_value(position(cell)) {
            Some(Data::DateTime(d)) => {
                assert!(d.is_datetime(), "{cell}");
                assert_eq!(d.as_f64(), serial, "{cell}");
            }
            other => panic!("{cell} is not a date: {other:?}"),
        }
    }
    let parts = sheet_parts(&dir, "applications.xlsx");
    let sheet = part(&dir, "applications.xlsx", &parts[0].1);
    let style = cell_styles(&sheet);
    let formats = styles(&dir, "applications.xlsx");
    for cell in ["H3", "H7", "L5"] {
        assert_eq!(formats[style[cell]].0, DATE_FORMAT, "{cell}");
    }
    let raw = named(&sheet, "c")
        .into_iter()
        .find(|c| c.attr("r") == "H3")
        .expect("H3");
    assert_eq!(raw.attr("t"), "", "a date is stored as a number");
}

#[test]
fn every_sheet_has_frozen_headers_a_filter_and_an_a4_page() {
    let repo = repository();
    let dir = export(repo.path());
    // (workbook, orientation, frozen rows, frozen columns, filter)
    let expected = [
        ("applications.xlsx", "landscape", "2", "3", "A2:L7"),
        ("scores.xlsx", "landscape", "2", "3", "A2:M"),
        ("score-sheet-material.xlsx", "portrait", "5", "", "A5:D28"),
        ("score-sheet-onsite.xlsx", "portrait", "5", "", "A5:D28"),
    ];
    for (file, orientation, rows, cols, filter) in expected {
        let parts = sheet_parts(&dir, file);
        assert!(!parts.is_empty(), "{file}");
        for (name, path) in parts {
            let sheet = part(&dir, file, &path);
            let pane = named(&sheet, "pane");
            assert_eq!(pane.len(), 1, "{file} {name}");
            assert_eq!(pane[0].attr("state"), "frozen", "{file} {name}");
            assert_eq!(pane[0].attr("ySplit"), rows, "{file} {name}");
            assert_eq!(pane[0].attr("xSplit"), cols, "{file} {name}");
            let auto = named(&sheet, "autoFilter");
            assert!(
                auto[0].attr("ref").starts_with(filter),
                "{file} {name}: {:?}",
                auto[0].attrs
            );
            let setup = named(&sheet, "pageSetup")[0];
            assert_eq!(setup.attr("paperSize"), "9", "{file} {name}: A4");
            assert_eq!(setup.attr("orientation"), orientation, "{file} {name}");
            assert_eq!(setup.attr("fitToHeight"), "0", "{file} {name}: fit to width");
            assert_eq!(named(&sheet, "pageSetUpPr")[0].attr("fitToPage"), "1");
            assert_eq!(named(&sheet, "printOptions")[0].attr("horizontalCentered"), "1");
            assert!(named(&sheet, "oddHeader")[0].text.contains("内部资料"));
            // Every column has a width of its own.
            assert!(!named(&sheet, "col").is_empty(), "{file} {name}");
        }
        let workbook = part(&dir, file, "xl/workbook.xml");
        let titles: Vec<&El> = named(&workbook, "definedName")
            .into_iter()
            .filter(|d| d.attr("name") == "_xlnm.Print_Titles")
            .collect();
        assert_eq!(
            titles.len(),
            sheet_parts(&dir, file).len(),
            "{file}: repeated header rows"
        );
        assert!(
            titles.iter().all(|t| t.text.ends_with(&format!("!$1:${rows}"))),
            "{file}"
        );
    }
}

#[test]
fn columns_fit_chinese_text_counted_two_per_character() {
    let repo = repository();
    let dir = export(repo.path());
    let parts = sheet_parts(&dir, "applications.xlsx");
    let sheet = part(&dir, "applications.xlsx", &parts[0].1);
    let width = |col: u32| -> f64 {
        named(&sheet, "col")
            .into_iter()
            .find(|c| c.attr("min").parse::<u32>().unwrap_or(0) <= col && col <= c.attr("max").parse().unwrap_or(0))
            .map(|c| c.attr("width").parse().expect("width"))
            .expect("column width")
    };
    // C: 乐清演示数字科技有限公司, twelve CJK characters: 24 and padding.
    assert!((27.0..29.0).contains(&width(3)), "{}", width(3));
    // B: the longest id, `epsilon`, is shorter than the header 申报编号 and
    // its filter button.
    assert!((12.0..14.0).contains(&width(2)), "{}", width(2));
    // D: the 18-character credit code.
    assert!((21.0..23.0).contains(&width(4)), "{}", width(4));
}

#[test]
fn score_sheets_hold_one_sheet_per_application_that_reached_the_stage() {
    let repo = repository();
    let dir = export(repo.path());
    // gamma failed the qualification; delta did not advance.
    assert_eq!(
        open(&dir, "score-sheet-material.xlsx").sheet_names(),
        ["alpha", "beta", "delta", "epsilon"]
    );
    assert_eq!(
        open(&dir, "score-sheet-onsite.xlsx").sheet_names(),
        ["alpha", "beta", "epsilon"]
    );
}

#[test]
fn a_withdrawal_before_the_stage_takes_the_application_off_its_score_sheet() {
    // delta passed the qualification; the material review was completed
    // on 2025-07-20.
    let after = repository();
    edit(
        after.path(),
        "cycles/2024/applications/delta.yaml",
        "  notified: 2025-07-25\n",
        "  notified: 2025-07-25\nwithdrawn:\n  date: 2025-07-28\n  reason: 企业自愿撤回\n",
    );
    let dir = export(after.path());
    assert_eq!(
        open(&dir, "score-sheet-material.xlsx").sheet_names(),
        ["alpha", "beta", "delta", "epsilon"],
        "reviewed before it withdrew"
    );
    let before = repository();
    let file = before.path().join("content/cycles/2024/applications/delta.yaml");
    let yaml = std::fs::read_to_string(&file).expect("read");
    let (kept, _) = yaml.split_once("material:").expect("a material record");
    std::fs::write(
        &file,
        format!("{kept}withdrawn:\n  date: 2025-07-01\n  reason: 企业自愿撤回\n"),
    )
    .expect("write");
    let checked = qaward(before.path(), &["validate", "--root", "content"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    let dir = export(before.path());
    assert_eq!(
        open(&dir, "score-sheet-material.xlsx").sheet_names(),
        ["alpha", "beta", "epsilon"]
    );
    let mut book = open(&dir, "scores.xlsx");
    let material = cells(&mut book, "资料评审得分");
    let ids: Vec<String> = (3..=6).map(|r| at(&material, &format!("B{r}"))).collect();
    assert_eq!(ids, ["epsilon", "alpha", "beta", ""]);
}

#[test]
fn each_score_sheet_has_the_id_the_stage_the_items_and_a_total_that_sums_itself() {
    let repo = repository();
    // epsilon's material items are recorded; they appear as recorded.
    edit(
        repo.path(),
        "cycles/2024/applications/epsilon.yaml",
        "  score: 610\n",
        "  score: 610\n  items: {\"4.1.2\": 40, \"4.7.7\": 45, \"4.1.3\": 25, \"4.1.4\": 25, \"4.2.2\": 30, \"4.2.3\": 35, \"4.3.2\": 30, \"4.3.3\": 35, \"4.4.2\": 40, \"4.4.3\": 10, \"4.4.4\": 12, \"4.4.5\": 10, \"4.4.6\": 6, \"4.4.7\": 6, \"4.5.2\": 30, \"4.5.3\": 30, \"4.6.2\": 25, \"4.6.3\": 25, \"4.7.2\": 40, \"4.7.3\": 40, \"4.7.4\": 40, \"4.7.5\": 31}\n",
    );
    let dir = export(repo.path());
    let items = standard_items();
    assert_eq!(items.len(), 23);
    for (file, stage) in [
        ("score-sheet-material.xlsx", "资料评审"),
        ("score-sheet-onsite.xlsx", "现场评审"),
    ] {
        let mut book = open(&dir, file);
        for sheet in book.sheet_names() {
            let range = cells(&mut book, &sheet);
            let formulas = book.worksheet_formula(&sheet).expect("formulas");
            let place = format!("{file} {sheet}");
            assert_eq!(
                at(&range, "A1"),
                format!("2024年度温州市市长质量奖{stage}评分表"),
                "{place}"
            );
            assert_eq!(
                (at(&range, "A2"), at(&range, "B2")),
                ("申报编号".into(), sheet.clone()),
                "{place}"
            );
            assert_eq!(
                (at(&range, "C2"), at(&range, "D2")),
                ("评审阶段".into(), stage.into()),
                "{place}"
            );
            assert_eq!(at(&range, "A3"), "申报单位", "{place}");
            assert_eq!(at(&range, "A4"), "申报奖项", "{place}");
            let header: Vec<String> = ["A5", "B5", "C5", "D5"].iter().map(|c| at(&range, c)).collect();
            assert_eq!(header, HEADER, "{place}");
            for (i, (clause, name, max)) in items.iter().enumerate() {
                let r = 6 + i;
                assert_eq!(at(&range, &format!("A{r}")), *clause, "{place} row {r}");
                assert_eq!(at(&range, &format!("B{r}")), *name, "{place} row {r}");
                assert_eq!(at(&range, &format!("C{r}")), max.to_string(), "{place} row {r}");
            }
            assert_eq!(at(&range, "A29"), "合计", "{place}");
            assert_eq!(at(&range, "C29"), "1000", "{place}");
            let formula = |cell: &str| formulas.get_value(position(cell)).cloned().unwrap_or_default();
            assert_eq!(formula("C29"), "SUM(C6:C28)", "{place}");
            assert_eq!(formula("D29"), "SUM(D6:D28)", "{place}");
            assert_eq!(at(&range, "A30"), "", "{place}: nothing follows the total row");
        }
        // Scores are empty or as recorded.
        let alpha = cells(&mut book, "alpha");
        let scores: Vec<String> = (6..=28).map(|r| at(&alpha, &format!("D{r}"))).collect();
        if stage == "现场评审" {
            assert_eq!(scores[0], "30");
            assert_eq!(scores[22], "30");
            assert_eq!(at(&alpha, "D29"), "620", "the cached total");
        } else {
            assert!(scores.iter().all(String::is_empty), "{scores:?}");
            let epsilon = cells(&mut book, "epsilon");
            assert_eq!(at(&epsilon, "D6"), "40");
            assert_eq!(at(&epsilon, "D28"), "45");
            assert_eq!(at(&epsilon, "D29"), "610");
        }
    }
}

#[test]
fn score_cells_take_whole_numbers_up_to_the_items_maximum_and_are_the_only_open_cells() {
    let repo = repository();
    let dir = export(repo.path());
    let maxima: Vec<u32> = standard_items().into_iter().map(|(_, _, max)| max).collect();
    for file in ["score-sheet-material.xlsx", "score-sheet-onsite.xlsx"] {
        let formats = styles(&dir, file);
        for (name, path) in sheet_parts(&dir, file) {
            let sheet = part(&dir, file, &path);
            let place = format!("{file} {name}");
            let mut rules: Vec<(u32, String, String, String)> = named(&sheet, "dataValidation")
                .into_iter()
                .map(|v| {
                    let i = sheet.iter().position(|e| std::ptr::eq(e, v)).expect("index");
                    let child = |n: &str| {
                        sheet
                            .iter()
                            .find(|e| e.name == n && e.parent == Some(i))
                            .map(|e| e.text.clone())
                            .unwrap_or_default()
                    };
                    assert_eq!(v.attr("type"), "whole", "{place}");
                    assert_eq!(v.attr("showErrorMessage"), "1", "{place}");
                    assert!(v.attr("error").contains("整数"), "{place}: {:?}", v.attrs);
                    assert!(v.attr("prompt").contains("整数"), "{place}: {:?}", v.attrs);
                    let row = v.attr("sqref").trim_start_matches('D').parse().expect("row");
                    (row, v.attr("sqref").to_owned(), child("formula1"), child("formula2"))
                })
                .collect();
            rules.sort();
            let expected: Vec<(u32, String, String, String)> = maxima
                .iter()
                .enumerate()
                .map(|(i, max)| (6 + i as u32, format!("D{}", 6 + i), "0".to_owned(), max.to_string()))
                .collect();
            assert_eq!(rules, expected, "{place}");
            // Protected: only the score cells are unlocked.
            let protection = named(&sheet, "sheetProtection");
            assert_eq!(protection[0].attr("sheet"), "1", "{place}");
            for forbidden in ["insertRows", "deleteRows", "insertColumns", "deleteColumns", "sort"] {
                assert_eq!(protection[0].attr(forbidden), "", "{place}: {forbidden} allowed");
            }
            let unlocked: Vec<String> = cell_styles(&sheet)
                .into_iter()
                .filter(|(_, s)| !formats[*s].1)
                .map(|(cell, _)| cell)
                .collect();
            let mut scores: Vec<String> = (6..=28).map(|r| format!("D{r}")).collect();
            scores.sort();
            assert_eq!(unlocked, scores, "{place}");
        }
        let workbook = part(&dir, file, "xl/workbook.xml");
        assert_eq!(
            named(&workbook, "workbookProtection")[0].attr("lockStructure"),
            "1",
            "{file}: sheets cannot be added, removed or renamed"
        );
    }
}

#[test]
fn the_score_summary_ranks_each_stage_within_each_award() {
    let repo = repository();
    let dir = export(repo.path());
    let mut book = open(&dir, "scores.xlsx");
    assert_eq!(book.sheet_names(), ["资料评审得分", "现场评审得分"]);
    let onsite = cells(&mut book, "现场评审得分");
    let header: Vec<String> = (0..13)
        .map(|c| at(&onsite, &format!("{}2", (b'A' + c) as char)))
        .collect();
    assert_eq!(
        header[..5],
        [
            "序号",
            "申报编号",
            "企业（组织）名称",
            "申报奖项",
            "4.1 领导\n（110分）"
        ]
    );
    assert_eq!(header[11..], ["合计\n（1000分）", "排名"]);
    let row = |range: &calamine::Range<Data>, r: u32| -> Vec<String> {
        (0..13)
            .map(|c| at(range, &format!("{}{r}", (b'A' + c) as char)))
            .collect()
    };
    assert_eq!(
        row(&onsite, 3),
        [
            "1",
            "alpha",
            "温州示例电气有限公司",
            "市长质量奖",
            "70",
            "55",
            "55",
            "84",
            "60",
            "50",
            "246",
            "620",
            "1"
        ]
    );
    assert_eq!(
        row(&onsite, 4)[1..],
        [
            "epsilon",
            "鹿城演示电器有限公司",
            "市长质量奖",
            "67.5",
            "55",
            "55",
            "84",
            "60",
            "50",
            "241",
            "612.5",
            "2"
        ]
    );
    assert_eq!(
        row(&onsite, 5)[1..4],
        ["beta", "乐清演示数字科技有限公司", "质量管理创新奖"]
    );
    assert_eq!(row(&onsite, 5)[11..], ["620", "1"], "ranked within its own award");
    assert_eq!(at(&onsite, "B6"), "");
    let material = cells(&mut book, "资料评审得分");
    let ranked: Vec<(String, String, String)> = (3..=6)
        .map(|r| {
            (
                at(&material, &format!("B{r}")),
                at(&material, &format!("L{r}")),
                at(&material, &format!("M{r}")),
            )
        })
        .collect();
    let expected = [
        ("epsilon", "610", "1"),
        ("alpha", "600", "2"),
        ("beta", "600", "1"),
        ("delta", "480", "2"),
    ];
    assert_eq!(
        ranked,
        expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    // No items recorded for the material review: the categories are empty.
    assert_eq!(at(&material, "E3"), "");
}

#[test]
fn equal_scores_share_a_rank() {
    let repo = repository();
    edit(
        repo.path(),
        "cycles/2024/applications/epsilon.yaml",
        "  score: 610\n",
        "  score: 600\n",
    );
    let dir = export(repo.path());
    let mut book = open(&dir, "scores.xlsx");
    let material = cells(&mut book, "资料评审得分");
    let ranks: Vec<(String, String)> = (3..=4)
        .map(|r| (at(&material, &format!("B{r}")), at(&material, &format!("M{r}"))))
        .collect();
    assert_eq!(
        ranks,
        [
            ("alpha".to_owned(), "1".to_owned()),
            ("epsilon".to_owned(), "1".to_owned())
        ]
    );
}

#[test]
fn workbooks_are_byte_identical_from_run_to_run() {
    let repo = repository();
    let dir = export(repo.path());
    let first = read_tree(&dir);
    // Past a second boundary: no clock reaches the bytes.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(repo.path())
        .args(["docs", "2024", "--root", "content", "--xlsx"])
        .env("RAYON_NUM_THREADS", "1")
        .env("TZ", "Pacific/Kiritimati")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let second = read_tree(&dir);
    for file in WORKBOOKS {
        assert!(first[file] == second[file], "{file} differs between runs");
    }
    // The creation time is the records' latest date, not the clock's.
    let core = part(&dir, "scores.xlsx", "docProps/core.xml");
    assert_eq!(named(&core, "dcterms:created")[0].text, "2025-11-01T00:00:00Z");
    // Every entry of the package carries the same fixed time.
    let bytes = std::fs::read(dir.join("score-sheet-onsite.xlsx")).expect("read");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("entry");
        let time = entry.last_modified().expect("time");
        assert_eq!(
            (time.year(), time.month(), time.day()),
            (1980, 1, 1),
            "{:?}",
            entry.name()
        );
    }
}

#[test]
fn hostile_names_stay_text_and_long_ids_get_sheets_that_excel_accepts() {
    let repo = repository();
    edit(
        repo.path(),
        "organizations/epsilon.yaml",
        "name: 鹿城演示电器有限公司",
        "name: \"=HYPERLINK(\\\"http://example.com\\\",\\\"点此\\\")\"",
    );
    // An id longer than Excel's 31-character sheet names.
    let long = "delta-with-an-identifier-far-longer-than-excel-allows";
    let apps = repo.path().join("content/cycles/2024/applications");
    std::fs::rename(apps.join("delta.yaml"), apps.join(format!("{long}.yaml"))).expect("rename");
    let checked = qaward(repo.path(), &["validate", "--root", "content"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    let dir = export(repo.path());
    let mut book = open(&dir, "score-sheet-material.xlsx");
    let names = book.sheet_names();
    assert_eq!(names, ["alpha", "beta", "delta-with-an-identifier-f~1", "epsilon"]);
    let sheet = cells(&mut book, &names[2]);
    assert_eq!(at(&sheet, "B2"), long, "the 申报编号 cell holds the whole id");
    let epsilon = cells(&mut book, "epsilon");
    assert_eq!(at(&epsilon, "B3"), "=HYPERLINK(\"http://example.com\",\"点此\")");
    let formulas = book.worksheet_formula("epsilon").expect("formulas");
    assert_eq!(formulas.get_value(position("B3")).cloned().unwrap_or_default(), "");
}
