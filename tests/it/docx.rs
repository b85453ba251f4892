//! `qaward docs --docx`: the documents as Word files (SPEC section 10),
//! built from `tests/fixtures/documents/` and read back as XML (zip and
//! quick-xml): the page, margins, grid, fonts and styles of GB/T
//! 9704-2012, the tables with their grid, the same facts as the HTML,
//! the schema's element order, byte-identical runs, a theme's
//! `reference.docx` (its header, styles and page), hostile reference
//! files, and that `build` never sees any of it.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::documents::{CANARY, docs, repository, text};
use crate::support::{qaward, read_tree};

/// A Word file's parts, by name (binary parts as lossy text).
struct Docx {
    parts: BTreeMap<String, String>,
    /// Each entry's modification time as the zip stores it.
    times: Vec<zip::DateTime>,
}

impl Docx {
    fn open(bytes: &[u8]) -> Docx {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut parts = BTreeMap::new();
        let mut times = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("read entry");
            times.extend(file.last_modified());
            let name = file.name().expect("entry name").into_owned();
            parts.insert(name, String::from_utf8_lossy(&data).into_owned());
        }
        Docx { parts, times }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}; have {:?}", self.parts.keys().collect::<Vec<_>>()))
    }

    fn document(&self) -> &str {
        self.part("word/document.xml")
    }

    /// The part a relationship of the document of this type targets.
    fn related(&self, kind: &str) -> Vec<&str> {
        elements(self.part("word/_rels/document.xml.rels"), "Relationship")
            .into_iter()
            .filter(|r| r["Type"].ends_with(&format!("/{kind}")))
            .map(|r| self.part(&format!("word/{}", r["Target"])))
            .collect()
    }

    /// The header or footer of `kind` (`default`, `even`, `first`).
    fn margin(&self, element: &str, kind: &str) -> Option<&str> {
        let reference = elements(self.document(), element)
            .into_iter()
            .find(|r| r["w:type"] == kind)?;
        let rel = elements(self.part("word/_rels/document.xml.rels"), "Relationship")
            .into_iter()
            .find(|r| r["Id"] == reference["r:id"])?;
        Some(self.part(&format!("word/{}", rel["Target"])))
    }
}

type Attrs = BTreeMap<String, String>;

fn attrs(e: &BytesStart<'_>) -> Attrs {
    e.attributes()
        .map(|a| {
            let a = a.expect("attribute");
            let value = a.normalized_value(XmlVersion::Explicit1_0).expect("value");
            (a.key.0.to_owned(), value.into_owned())
        })
        .collect()
}

/// Every element named `name` in `xml`, with its attributes.
fn elements(xml: &str, name: &str) -> Vec<Attrs> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().0 == name => found.push(attrs(&e)),
            Event::Eof => return found,
            _ => {}
        }
    }
}

fn one(xml: &str, name: &str) -> Attrs {
    let found = elements(xml, name);
    assert_eq!(found.len(), 1, "{name}: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// The `w:style` element with `styleId` `id`, as text.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("no style {id}"));
    let end = styles[start..].find("</w:style>").map_or(styles.len(), |e| start + e);
    &styles[start..end]
}

/// The text of each paragraph outside tables (`w:tab` as a tab, `w:br` as
/// a line break), in order.
fn paragraphs(xml: &str) -> Vec<String> {
    walk(xml).0
}

/// Each table: its grid, and each row's cells as (width, span, text).
#[derive(Debug)]
struct Table {
    grid: Vec<u32>,
    rows: Vec<Vec<(u32, u32, String)>>,
}

fn tables(xml: &str) -> Vec<Table> {
    walk(xml).1
}

fn number(a: &Attrs, key: &str) -> u32 {
    a.get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{key} in {a:?}"))
}

/// Paragraphs outside tables and the tables of a part.
fn walk(xml: &str) -> (Vec<String>, Vec<Table>) {
    let mut reader = Reader::from_str(xml);
    let (mut paras, mut tables) = (Vec::new(), Vec::<Table>::new());
    let (mut depth, mut text, mut in_t) = (0usize, String::new(), false);
    let (mut width, mut span) = (0, 1);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().0 {
                "w:tbl" => {
                    depth += 1;
                    tables.push(Table {
                        grid: Vec::new(),
                        rows: Vec::new(),
                    });
                }
                "w:gridCol" => tables.last_mut().expect("table").grid.push(number(&attrs(&e), "w:w")),
                "w:tr" => tables.last_mut().expect("table").rows.push(Vec::new()),
                "w:tcW" => width = number(&attrs(&e), "w:w"),
                "w:gridSpan" => span = number(&attrs(&e), "w:val"),
                "w:t" => in_t = true,
                // A tab in a run; a tab stop (`w:tabs`) has attributes.
                "w:tab" if attrs(&e).is_empty() => text.push('\t'),
                "w:br" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => {
                let entity = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).expect("entity");
                text.push_str(entity);
            }
            Event::End(e) => match e.name().0 {
                "w:t" => in_t = false,
                "w:tbl" => depth -= 1,
                "w:tc" => {
                    let row = tables.last_mut().and_then(|t| t.rows.last_mut()).expect("row");
                    row.push((width, span, std::mem::take(&mut text)));
                    span = 1;
                }
                "w:p" if depth == 0 => paras.push(std::mem::take(&mut text)),
                "w:p" => text.push('\n'),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // A cell's paragraphs end with a line break each; drop the last.
    for table in &mut tables {
        for row in &mut table.rows {
            for cell in row.iter_mut() {
                cell.2 = cell.2.trim_end_matches('\n').to_owned();
            }
        }
    }
    (paras, tables)
}

/// The text of a table's row whose first cell is `first`.
fn row<'a>(table: &'a Table, first: &str) -> Vec<&'a str> {
    table
        .rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c.2 == first))
        .unwrap_or_else(|| panic!("no row `{first}`"))
        .iter()
        .map(|c| c.2.as_str())
        .collect()
}

/// `docs --docx` on the documents fixture: the repository and its output.
fn generated() -> (tempfile::TempDir, PathBuf) {
    let repo = repository();
    docs(repo.path(), &["--docx"], 0);
    let out = repo.path().join("internal/2024");
    (repo, out)
}

fn word(dir: &Path, file: &str) -> Docx {
    Docx::open(&std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}")))
}

#[test]
fn docx_writes_a_word_file_beside_each_document_and_the_index_links_them() {
    let (_repo, out) = generated();
    let files = read_tree(&out);
    let html: Vec<&String> = files
        .keys()
        .filter(|f| f.ends_with(".html") && *f != "index.html")
        .collect();
    assert_eq!(html.len(), 8);
    for name in &html {
        let docx = name.replace(".html", ".docx");
        assert!(files.contains_key(&docx), "no {docx}");
    }
    assert_eq!(files.keys().filter(|f| f.ends_with(".docx")).count(), 8);
    assert!(!files.contains_key("index.docx"));
    let index = String::from_utf8_lossy(&files["index.html"]).into_owned();
    for name in html {
        let docx = name.replace(".html", ".docx");
        assert!(
            index.contains(&format!("href=\"{docx}\"")),
            "index does not link {docx}"
        );
    }
}

#[test]
fn the_page_is_a4_with_the_type_area_and_grid_of_gbt_9704() {
    let (_repo, out) = generated();
    for file in ["qualification-notice-gamma.docx", "onsite-report-epsilon.docx"] {
        let doc = word(&out, file);
        let size = one(doc.document(), "w:pgSz");
        assert_eq!(
            (number(&size, "w:w"), number(&size, "w:h")),
            (11906, 16838),
            "{file}: A4"
        );
        let m = one(doc.document(), "w:pgMar");
        let mm = |key: &str| f64::from(number(&m, key)) * 25.4 / 1440.0;
        assert_eq!(
            [mm("w:top"), mm("w:bottom"), mm("w:left"), mm("w:right")].map(f64::round),
            [37.0, 35.0, 28.0, 26.0],
            "{file}: margins"
        );
        // The type area: 156 mm × 225 mm.
        assert!((210.0 - mm("w:left") - mm("w:right") - 156.0).abs() < 0.1);
        assert!((297.0 - mm("w:top") - mm("w:bottom") - 225.0).abs() < 0.1);
        // 22 lines of the body's exact line height fill it.
        let grid = one(doc.document(), "w:docGrid");
        let pitch = number(&grid, "w:linePitch");
        let height = 16838 - number(&m, "w:top") - number(&m, "w:bottom");
        assert!(pitch * 22 <= height && (pitch + 1) * 22 > height, "{pitch}");
        let normal = style(doc.part("word/styles.xml"), "Normal");
        let line = elements(normal, "w:spacing")
            .into_iter()
            .find(|s| s.contains_key("w:line"))
            .expect("line spacing");
        assert_eq!((number(&line, "w:line"), line["w:lineRule"].as_str()), (pitch, "exact"));
    }
}

#[test]
fn the_body_is_fangsong_sanhao_with_28_characters_and_titles_are_xiaobiaosong_erhao() {
    let (_repo, out) = generated();
    let doc = word(&out, "review-report.docx");
    let styles = doc.part("word/styles.xml");
    let normal = style(styles, "Normal");
    assert_eq!(one(normal, "w:rFonts")["w:eastAsia"], "仿宋_GB2312");
    assert_eq!(number(&one(normal, "w:sz"), "w:val"), 32, "三号 is 16 pt");
    // 28 characters of 16 pt, each brought closer by the run spacing,
    // fit the type area's width.
    let spacing: i32 = elements(normal, "w:spacing")
        .iter()
        .find_map(|s| s.get("w:val").and_then(|v| v.parse().ok()))
        .expect("character spacing");
    let width: i32 = 11906 - 1587 - 1474;
    assert!(
        (320 + spacing) * 28 <= width && (320 + spacing + 1) * 28 > width,
        "{spacing}"
    );
    let title = style(styles, "Title");
    assert!(title.contains("<w:name w:val=\"Title\"/>"));
    assert_eq!(one(title, "w:rFonts")["w:eastAsia"], "方正小标宋简体");
    assert_eq!(number(&one(title, "w:sz"), "w:val"), 44, "二号 is 22 pt");
    assert_eq!(one(style(styles, "Heading1"), "w:rFonts")["w:eastAsia"], "黑体");
    // qaward's own styles carry Chinese names.
    for name in ["发文机关标志", "发文字号", "主送机关", "落款", "表格文字", "页码"] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "no style {name}"
        );
    }
    // The font table names the faces with alternatives that Word and WPS
    // substitute, in the GB2312 character set.
    let fonts: BTreeMap<String, String> = {
        let table = doc.part("word/fontTable.xml");
        let names = elements(table, "w:font");
        let alts = elements(table, "w:altName");
        names
            .iter()
            .zip(&alts)
            .map(|(n, a)| (n["w:name"].clone(), a["w:val"].clone()))
            .collect()
    };
    assert_eq!(fonts["仿宋_GB2312"], "仿宋");
    assert_eq!(fonts["仿宋"], "FangSong");
    assert_eq!(fonts["方正小标宋简体"], "宋体");
    assert!(
        elements(doc.part("word/fontTable.xml"), "w:charset")
            .iter()
            .all(|c| c["w:val"] == "86")
    );
}

#[test]
fn a_letter_has_the_red_masthead_on_its_first_page_and_page_numbers_on_the_outer_side() {
    let (_repo, out) = generated();
    let doc = word(&out, "qualification-notice-gamma.docx");
    assert_eq!(elements(doc.document(), "w:titlePg").len(), 1);
    let header = doc.margin("w:headerReference", "first").expect("first-page header");
    assert_eq!(paragraphs(header), ["温州市市长质量奖评审委员会办公室"]);
    let styles = doc.part("word/styles.xml");
    let issuer = style(styles, "Issuer");
    assert_eq!(one(issuer, "w:color")["w:val"], "CC0000");
    // The red double rule is a paragraph border, thick over thin.
    let rule = one(issuer, "w:bottom");
    assert_eq!(
        (rule["w:val"].as_str(), rule["w:color"].as_str()),
        ("thickThinSmallGap", "CC0000")
    );
    let first = doc.margin("w:footerReference", "first").expect("first-page footer");
    assert_eq!(one(first, "w:bottom")["w:val"], "thinThickSmallGap");
    assert!(!first.contains("PAGE"), "no page number on a letter's first page");
    // Odd pages right, even pages left, "— N —" with the PAGE field.
    assert!(one(doc.part("word/settings.xml"), "w:evenAndOddHeaders").is_empty());
    for (kind, jc) in [("default", "right"), ("even", "left")] {
        let footer = doc.margin("w:footerReference", kind).expect("footer");
        assert_eq!(one(footer, "w:jc")["w:val"], jc, "{kind}");
        assert_eq!(one(footer, "w:instrText").len(), 1);
        assert!(footer.contains(" PAGE "), "{kind}");
        assert_eq!(paragraphs(footer), ["— 1 —"]);
    }
    let page_number = style(styles, "PageNumber");
    assert_eq!(one(page_number, "w:rFonts")["w:ascii"], "宋体");
    assert_eq!(number(&one(page_number, "w:sz"), "w:val"), 28, "4号 is 14 pt");
    // The on-site report is not a letter: numbers from page one, no masthead.
    let plain = word(&out, "onsite-report-epsilon.docx");
    assert!(elements(plain.document(), "w:titlePg").is_empty());
    assert!(elements(plain.document(), "w:headerReference").is_empty());
}

#[test]
fn every_table_has_an_explicit_grid_and_cells_as_wide_as_the_columns_they_span() {
    let (_repo, out) = generated();
    for file in ["onsite-report-epsilon.docx", "review-report.docx", "approval-list.docx"] {
        let doc = word(&out, file);
        let found = tables(doc.document());
        assert!(!found.is_empty(), "{file}");
        for table in &found {
            assert!(!table.grid.is_empty());
            assert_eq!(
                table.grid.iter().sum::<u32>(),
                11906 - 1587 - 1474,
                "{file}: the type area"
            );
            for r in &table.rows {
                let mut column = 0usize;
                for (width, span, _) in r {
                    let span = usize::try_from(*span).expect("span");
                    let expected: u32 = table.grid.iter().skip(column).take(span).sum();
                    assert_eq!(*width, expected, "{file}: w:tcW of a cell spanning {span}");
                    column += span;
                }
                assert_eq!(column, table.grid.len(), "{file}: a row fills the grid");
            }
        }
        assert_eq!(
            elements(doc.document(), "w:tblGrid").len(),
            elements(doc.document(), "w:tbl").len()
        );
    }
}

#[test]
fn the_notices_carry_the_same_facts_as_their_html() {
    let (_repo, out) = generated();
    let doc = word(&out, "qualification-notice-gamma.docx");
    let paras = paragraphs(doc.document());
    assert_eq!(paras[0], "\t温评审办〔2025〕7号", "no internal-use mark on a notice");
    assert_eq!(paras[1], "2024年度温州市市长质量奖\n资格审查结果告知书");
    assert_eq!(paras[2], "鹿城演示标牌有限公司：");
    assert!(paras.contains(&"文书专用理由甲：申报材料中的检验报告与原件不符，申报内容不真实。".to_owned()));
    assert!(paras.iter().any(|p| p.contains("第十四条的规定，特此书面告知。")));
    assert_eq!(
        paras[paras.len() - 2..],
        ["温州市市长质量奖评审委员会办公室", "2025年6月25日"]
    );
    let material = paragraphs(word(&out, "material-notice-delta.docx").document());
    assert!(material.contains(&"文书专用理由乙：创新成果的应用成效证明不充分。".to_owned()));
    assert_eq!(material.last().map(String::as_str), Some("2025年7月25日"));
    // No number recorded: no row of marks at all, the title comes first.
    assert!(material[0].starts_with("2024年度温州市市长质量奖"), "{material:?}");
}

#[test]
fn the_onsite_report_groups_scores_by_category_as_the_html_does() {
    let (_repo, out) = generated();
    let doc = word(&out, "onsite-report-epsilon.docx");
    let found = tables(doc.document());
    let (facts, scores) = (&found[0], &found[1]);
    assert_eq!(
        row(facts, "受评企业（组织）"),
        ["受评企业（组织）", "鹿城演示电器有限公司"]
    );
    assert_eq!(row(facts, "成员"), ["成员", "专家e2、专家e3"]);
    assert_eq!(row(scores, "4.1"), ["4.1", "领导", "110", "67.5"]);
    assert_eq!(row(scores, "4.1.2"), ["4.1.2", "高层领导的作用", "50", "27.5"]);
    assert_eq!(row(scores, "4.7"), ["4.7", "结果", "400", "241"]);
    assert_eq!(row(scores, "合计"), ["合计", "1000", "612.5"]);
    // The header row repeats on every page; each category row is shaded.
    assert_eq!(elements(doc.document(), "w:tblHeader").len(), 1);
    assert_eq!(elements(doc.document(), "w:shd").len(), 7 * 4 + 3);
    let paras = paragraphs(doc.document());
    assert!(
        paras
            .iter()
            .any(|p| p.contains("现场评审得分为 612.5 分（满分 1000 分）"))
    );
    assert!(paras.iter().any(|p| p.contains("文书专用签字人丙")));
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("签字日期：") && p.contains("2025年8月20日"))
    );
}

#[test]
fn the_review_report_counts_stages_against_caps_and_scores_candidates_by_category() {
    let (_repo, out) = generated();
    let doc = word(&out, "review-report.docx");
    let paras = paragraphs(doc.document());
    assert_eq!(paras[0], "内部资料　注意保密\t");
    assert!(paras.contains(&"温州市市长质量奖评审委员会：".to_owned()));
    let found = tables(doc.document());
    let stages = &found[0];
    assert_eq!(
        row(stages, "资料评审\n第十五条")[2..],
        ["进入现场评审 3 家；未进入 1 家，已书面告知 1 家", "不超过 20 家"]
    );
    assert_eq!(
        row(stages, "现场评审\n第十六条")[2..],
        ["确定候选企业（组织）3 家", "不超过 10 家"]
    );
    let candidates = &found[1];
    assert_eq!(
        row(candidates, "1"),
        [
            "1",
            "温州示例电气有限公司",
            "70",
            "55",
            "55",
            "84",
            "60",
            "50",
            "246",
            "620"
        ]
    );
    assert_eq!(row(candidates, "3")[..2], ["3", "乐清演示数字科技有限公司"]);
    let groups: Vec<&str> = candidates
        .rows
        .iter()
        .filter(|r| r.len() == 1)
        .map(|r| r[0].2.as_str())
        .collect();
    assert_eq!(groups, ["市长质量奖（2 家）", "质量管理创新奖（1 家）"]);
    assert!(
        paras
            .iter()
            .any(|p| p.contains("每个奖项每年获奖企业（组织）不超过 5 家"))
    );
}

#[test]
fn the_objection_report_and_the_approval_list_name_the_outcomes_and_the_winners() {
    let (_repo, out) = generated();
    let objections = paragraphs(word(&out, "objection-report.docx").document());
    assert!(objections.contains(&"一、关于鹿城演示电器有限公司（市长质量奖）".to_owned()));
    assert!(
        objections.contains(
            &"（一）反映问题。2025年10月9日收到。文书专用摘要丁：来信反映该企业一批产品抽检不合格。".to_owned()
        )
    );
    assert!(objections.iter().any(|p| p.starts_with("（三）处理结论。异议成立")));
    assert_eq!(objections.last().map(String::as_str), Some("2025年10月20日"));
    let approval = word(&out, "approval-list.docx");
    let paras = paragraphs(approval.document());
    assert_eq!(paras[0], "内部资料　注意保密\t温评审办〔2025〕20号");
    assert!(paras.contains(&"温州市人民政府：".to_owned()));
    assert!(
        paras
            .iter()
            .any(|p| p.contains("成立的涉及鹿城演示电器有限公司，不列入拟获评名单"))
    );
    assert!(paras.contains(&"一、2024年度温州市市长质量奖（1 家）".to_owned()));
    let lists = tables(approval.document());
    let rows: Vec<Vec<&str>> = lists.iter().map(|t| row(t, "1")).collect();
    assert_eq!(
        rows,
        [
            ["1", "温州示例电气有限公司", "鹿城区"],
            ["1", "乐清演示数字科技有限公司", "乐清市"]
        ]
    );
}

/// The order of the children that ECMA-376 demands, for the property
/// elements qaward writes.
const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    ("w:tbl", &["w:tblPr", "w:tblGrid", "w:tr"]),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:settings",
        &[
            "w:zoom",
            "w:mirrorMargins",
            "w:defaultTabStop",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:compat",
            "w:themeFontLang",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
    (
        "w:font",
        &[
            "w:altName",
            "w:panose1",
            "w:charset",
            "w:family",
            "w:notTrueType",
            "w:pitch",
            "w:sig",
        ],
    ),
];

/// Each element of `ORDER` in `xml` has only children of its list, in
/// the list's order.
fn check_order(part: &str, xml: &str) {
    let mut reader = Reader::from_str(xml);
    // (element, index of the last child seen) for each open element.
    let mut stack: Vec<(String, usize)> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (name, empty) = match &event {
            Event::Start(e) => (e.name().0.to_owned(), false),
            Event::Empty(e) => (e.name().0.to_owned(), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => return,
            _ => continue,
        };
        if let Some((parent, last)) = stack.last_mut()
            && let Some((_, order)) = ORDER.iter().find(|(p, _)| p == parent)
        {
            let at = order
                .iter()
                .position(|o| o.split('|').any(|n| n == name))
                .unwrap_or_else(|| panic!("{part}: `{name}` is not a child of `{parent}`"));
            assert!(at >= *last, "{part}: `{name}` comes after a later child of `{parent}`");
            *last = at;
        }
        if !empty {
            stack.push((name, 0));
        }
    }
}

#[test]
fn elements_come_in_the_order_the_schema_demands() {
    let (_repo, out) = generated();
    for (name, bytes) in read_tree(&out).iter().filter(|(n, _)| n.ends_with(".docx")) {
        let doc = Docx::open(bytes);
        for (part, xml) in doc.parts.iter().filter(|(p, _)| p.ends_with(".xml")) {
            check_order(&format!("{name}/{part}"), xml);
        }
    }
}

#[test]
fn word_files_are_editable_text_with_no_text_boxes_or_pictures() {
    let (_repo, out) = generated();
    for (name, bytes) in read_tree(&out).iter().filter(|(n, _)| n.ends_with(".docx")) {
        let doc = Docx::open(bytes);
        for (part, xml) in &doc.parts {
            for banned in ["w:txbxContent", "w:drawing", "w:pict", "w:object", "w:framePr"] {
                assert!(!xml.contains(&format!("<{banned}")), "{name}/{part} has {banned}");
            }
        }
        assert!(doc.parts.keys().all(|p| !p.starts_with("word/media/")), "{name}");
    }
}

#[test]
fn word_files_are_byte_identical_from_run_to_run_and_stamped_with_their_own_date() {
    let (repo, first) = generated();
    let other = repo.path().join("again");
    let out = qaward(
        repo.path(),
        &[
            "docs",
            "2024",
            "--root",
            "content",
            "--docx",
            "--out",
            &other.to_string_lossy(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let (a, b) = (read_tree(&first), read_tree(&other));
    let words = |t: &BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        t.iter()
            .filter(|(n, _)| n.ends_with(".docx"))
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect()
    };
    assert_eq!(words(&a).len(), 8);
    assert!(words(&a) == words(&b), "a second run wrote other bytes");
    let doc = word(&first, "qualification-notice-gamma.docx");
    assert!(doc.times.iter().all(|t| (t.year(), t.month(), t.day()) == (1980, 1, 1)));
    let core = doc.part("docProps/core.xml");
    assert!(core.contains(">2025-06-25T00:00:00Z</dcterms:created>"), "{core}");
    assert!(core.contains("<dc:title>2024年度温州市市长质量奖资格审查结果告知书</dc:title>"));
}

#[test]
fn a_document_with_missing_facts_gets_no_word_file_either() {
    let repo = repository();
    let file = repo.path().join("content/cycles/2024/applications/gamma.yaml");
    let yaml = std::fs::read_to_string(&file).expect("read");
    let without: String = yaml
        .lines()
        .filter(|l| !l.trim_start().starts_with("reason:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, without).expect("write");
    docs(repo.path(), &["--docx"], 1);
    let out = repo.path().join("internal/2024");
    assert!(!out.join("qualification-notice-gamma.docx").exists());
    assert!(out.join("review-report.docx").exists());
}

/// A Word package of `parts` (name, text), as a user's reference file.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A reference document as Chinese Word saves one: Normal with the id
/// `a`, a header with distinctive text and a letterhead image, US Letter
/// with one-inch margins, even and odd headers.
fn reference_docx(header_target: &str) -> Vec<u8> {
    let types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/></Types>";
    let rels = format!(
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
    );
    let document = format!(
        "<?xml version=\"1.0\"?><w:document {W}><w:body><w:p><w:r><w:t>样稿正文不会被使用</w:t></w:r></w:p><w:sectPr w:rsidR=\"00A1\"><w:headerReference w:type=\"default\" r:id=\"rId7\"/><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:printerSettings r:id=\"rId9\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>"
    );
    let doc_rels = format!(
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rId7\" Type=\"{REL}/header\" Target=\"{header_target}\"/><Relationship Id=\"rId9\" Type=\"{REL}/printerSettings\" Target=\"printerSettings/printerSettings1.bin\"/></Relationships>"
    );
    let header = format!(
        "<?xml version=\"1.0\"?><w:hdr {W}><w:p><w:r><w:t>示例市质量奖办公室专用信笺 REF-HEADER-7</w:t></w:r></w:p></w:hdr>"
    );
    let header_rels = format!(
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/image\" Target=\"media/emblem.png\"/></Relationships>"
    );
    let styles = format!(
        "<?xml version=\"1.0\"?><w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:rPr><w:rFonts w:eastAsia=\"REF-FONT-9\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Issuer\"><w:name w:val=\"信笺自有样式\"/></w:style></w:styles>"
    );
    let settings = format!("<?xml version=\"1.0\"?><w:settings {W}><w:evenAndOddHeaders w:val=\"0\"/></w:settings>");
    package(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/header1.xml", header.as_bytes()),
        ("word/_rels/header1.xml.rels", header_rels.as_bytes()),
        ("word/media/emblem.png", b"\x89PNG\r\n\x1a\nnot really"),
        ("word/styles.xml", styles.as_bytes()),
        ("word/settings.xml", settings.as_bytes()),
        ("word/printerSettings/printerSettings1.bin", b"\x00\x01"),
    ])
}

fn with_reference(bytes: &[u8]) -> tempfile::TempDir {
    let repo = repository();
    let dir = repo.path().join("themes/letterhead/docs");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("reference.docx"), bytes).expect("write");
    repo
}

#[test]
fn a_reference_docx_lends_its_header_styles_and_page_and_the_body_stays_ours() {
    let repo = with_reference(&reference_docx("header1.xml"));
    docs(repo.path(), &["--docx", "--theme", "letterhead"], 0);
    let out = repo.path().join("internal/2024");
    let doc = word(&out, "qualification-notice-gamma.docx");
    // Its header, with the image it refers to.
    let headers = doc.related("header");
    assert_eq!(headers.len(), 1);
    assert!(headers[0].contains("示例市质量奖办公室专用信笺 REF-HEADER-7"));
    let image = doc
        .parts
        .keys()
        .find(|p| p.starts_with("word/media/"))
        .expect("the header's image");
    assert!(
        doc.part("[Content_Types].xml")
            .contains(&format!("/{image}\" ContentType=\"image/png\""))
    );
    // Its page, without the printer settings it cannot carry along.
    let size = one(doc.document(), "w:pgSz");
    assert_eq!((number(&size, "w:w"), number(&size, "w:h")), (12240, 15840));
    assert!(elements(doc.document(), "w:printerSettings").is_empty());
    assert!(elements(doc.document(), "w:titlePg").is_empty());
    // Tables fill its type area.
    let onsite = word(&out, "onsite-report-epsilon.docx");
    for table in tables(onsite.document()) {
        assert_eq!(table.grid.iter().sum::<u32>(), 12240 - 2 * 1440);
    }
    // Its styles win by name (its Normal is `a`); ours fill in the rest,
    // renamed where it uses our id for a style of its own.
    let styles = doc.part("word/styles.xml");
    assert!(styles.contains("REF-FONT-9"));
    assert!(styles.contains("<w:name w:val=\"发文机关标志\"/>"));
    assert!(styles.contains("w:styleId=\"IssuerQaward\""));
    assert!(styles.contains("<w:name w:val=\"信笺自有样式\"/>"));
    assert!(doc.document().contains("<w:pStyle w:val=\"a\"/>"));
    assert!(!doc.document().contains("<w:pStyle w:val=\"Normal\"/>"));
    assert!(elements(doc.part("word/settings.xml"), "w:evenAndOddHeaders").is_empty());
    // Its body is not ours to print.
    assert!(!doc.parts.values().any(|p| p.contains("样稿正文不会被使用")));
    // The body is still the notice.
    assert!(paragraphs(doc.document()).contains(&"鹿城演示标牌有限公司：".to_owned()));
    // The HTML is untouched by the Word file in the theme.
    let html = String::from_utf8_lossy(&read_tree(&out)["qualification-notice-gamma.html"]).into_owned();
    assert!(html.contains("温州市市长质量奖评审委员会办公室"));
    check_order("reference", doc.document());
}

/// A reference file that cannot be used stops the run with its path;
/// nothing is written.
fn assert_refused(bytes: &[u8], why: &str) {
    let repo = with_reference(bytes);
    let out = docs(repo.path(), &["--docx", "--theme", "letterhead"], 2);
    let shown = text(&out);
    assert!(
        shown.contains("`themes/letterhead/docs/reference.docx` cannot be used"),
        "{shown}"
    );
    assert!(shown.contains(why), "does not say `{why}`: {shown}");
    assert!(!repo.path().join("internal").exists(), "something was written");
}

#[test]
fn a_reference_that_is_not_a_word_file_or_reaches_outside_its_package_is_refused() {
    assert_refused(b"{% raw %}not a zip at all", "is not a Word document (.docx)");
    assert_refused(&reference_docx("../../../etc/passwd"), "outside the package");
    assert_refused(
        &reference_docx("missing.xml"),
        "refers to a part `word/missing.xml` that it does not contain",
    );
    let strict = package(&[
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        (
            "_rels/.rels",
            b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        ),
    ]);
    assert_refused(&strict, "Strict Office Open XML");
}

#[test]
fn build_never_sees_the_word_files_nor_the_reference() {
    let repo = with_reference(&reference_docx("header1.xml"));
    docs(repo.path(), &["--docx", "--theme", "letterhead"], 0);
    let built = qaward(
        repo.path(),
        &[
            "build",
            "--root",
            "content",
            "--out",
            "public",
            "--as-of",
            "2030-01-01",
            "--theme",
            "letterhead",
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built));
    let site = read_tree(&repo.path().join("public"));
    assert!(site.len() > 20);
    assert!(site.keys().all(|p| !p.ends_with(".docx")), "{:?}", site.keys());
    let leaks: Vec<&String> = site
        .iter()
        .filter(|(_, b)| {
            let t = String::from_utf8_lossy(b);
            t.contains(CANARY) || t.contains("REF-HEADER-7")
        })
        .map(|(p, _)| p)
        .collect();
    assert!(leaks.is_empty(), "{leaks:?}");
    // The documents folder and the site refuse each other, Word files or not.
    let refused = qaward(
        repo.path(),
        &[
            "build",
            "--root",
            "content",
            "--out",
            "internal/2024",
            "--as-of",
            "2030-01-01",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
}

/// The office's likely way to make a letterhead: open a generated file in
/// Word or WPS, change its header, save it as the reference. Our own file
/// as a reference gives the same styles once each and its masthead.
#[test]
fn a_generated_word_file_serves_as_a_reference_and_styles_stay_single() {
    let (repo, out) = generated();
    let own = std::fs::read(out.join("approval-list.docx")).expect("read");
    let theme = repo.path().join("themes/own/docs");
    std::fs::create_dir_all(&theme).expect("mkdir");
    std::fs::write(theme.join("reference.docx"), own).expect("write");
    docs(repo.path(), &["--docx", "--theme", "own"], 0);
    let doc = word(&out, "onsite-report-epsilon.docx");
    let styles = doc.part("word/styles.xml");
    for name in ["Normal", "Title", "发文机关标志", "表格文字"] {
        assert_eq!(
            styles.matches(&format!("<w:name w:val=\"{name}\"/>")).count(),
            1,
            "{name}"
        );
    }
    // The reference is a letter: its first-page masthead now heads the
    // on-site report too, as pandoc's reference documents do.
    assert_eq!(elements(doc.document(), "w:titlePg").len(), 1);
    let header = doc.margin("w:headerReference", "first").expect("masthead");
    assert_eq!(paragraphs(header), ["温州市市长质量奖评审委员会办公室"]);
    check_order("own reference", doc.document());
}
