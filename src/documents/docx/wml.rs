//! The WordprocessingML the documents are made of: paragraphs of runs and
//! tables with an explicit grid, and how each is written. Properties are
//! written in the order of the ECMA-376 schema: `pPr` as `CT_PPrBase`
//! (pStyle, keepNext, keepLines, widowControl, pBdr, tabs, autoSpaceDE,
//! autoSpaceDN, snapToGrid, spacing, ind, jc, outlineLvl), `rPr` as
//! `EG_RPrBase` (rStyle, rFonts, b, bCs, color, spacing, sz, szCs, u),
//! `tblPr` as `CT_TblPrBase` (tblStyle, tblW, tblInd, tblLayout,
//! tblCellMar), then `tblGrid`, then the rows with
//! `trPr` (cantSplit, tblHeader) and cells with `tcPr` (tcW, gridSpan,
//! shd, vAlign).

use super::styles::{Style, StyleIds};
use super::xml::Xml;

/// Paragraph alignment (`w:jc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn value(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// A paragraph border line (`w:pBdr`), on one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `top` or `bottom`.
    pub side: &'static str,
    /// `w:val`, e.g. `thickThinSmallGap`.
    pub kind: &'static str,
    /// Width in eighths of a point.
    pub size: u32,
    /// Space to the text, in points.
    pub space: u32,
    pub color: &'static str,
}

/// A line height (`w:line` with its `w:lineRule`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// Exactly this many twips.
    Exact(u32),
    /// In 240ths of the font's own line (240: single).
    Auto(u32),
}

/// Paragraph spacing (`w:spacing`), in twips.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spacing {
    pub before: Option<u32>,
    pub after: Option<u32>,
    pub line: Option<Line>,
}

/// Indents (`w:ind`), in twips; `first_chars` in hundredths of a character.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ind {
    pub left: Option<i64>,
    pub right: Option<i64>,
    pub first_line: Option<u32>,
    pub first_chars: Option<u32>,
}

/// Paragraph properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PPr {
    pub style: Option<Style>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub widow_control: Option<bool>,
    pub rule: Option<Rule>,
    /// Right-aligned tab stops at these positions, in twips.
    pub right_tabs: Vec<u32>,
    /// Word's extra space between Chinese and Latin text or digits
    /// (`autoSpaceDE`, `autoSpaceDN`); the HTML has none.
    pub auto_space: Option<bool>,
    pub snap_to_grid: Option<bool>,
    pub spacing: Option<Spacing>,
    pub ind: Option<Ind>,
    pub jc: Option<Jc>,
    pub outline: Option<u8>,
}

/// Run properties. One font is named for every script (ASCII, East Asian,
/// the rest), as the documents set each text in one typeface.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RPr {
    pub style: Option<Style>,
    pub font: Option<&'static str>,
    pub bold: bool,
    pub color: Option<&'static str>,
    /// Extra space after each character, in twips (negative: closer).
    pub spacing: Option<i32>,
    /// In half-points.
    pub size: Option<u32>,
    pub underline: bool,
}

impl RPr {
    fn is_empty(&self) -> bool {
        *self == RPr::default()
    }
}

/// A run of text in one format.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub props: RPr,
    pub text: String,
}

/// Text as a run may hold it: a line break or tab in a recorded value
/// is a space (the HTML shows it as one), and a character XML 1.0 cannot
/// carry becomes U+FFFD.
fn run_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

impl Run {
    pub fn new(text: impl AsRef<str>) -> Run {
        Run {
            props: RPr::default(),
            text: run_text(text.as_ref()),
        }
    }

    pub fn style(mut self, style: Style) -> Run {
        self.props.style = Some(style);
        self
    }

    pub fn font(mut self, font: &'static str) -> Run {
        self.props.font = Some(font);
        self
    }

    pub fn bold(mut self) -> Run {
        self.props.bold = true;
        self
    }

    pub fn size(mut self, half_points: u32) -> Run {
        self.props.size = Some(half_points);
        self
    }

    pub fn underline(mut self) -> Run {
        self.props.underline = true;
        self
    }
}

/// What a paragraph holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Run(Run),
    /// A line break within the paragraph (`w:br`).
    Break,
    /// A tab character (`w:tab`), to a tab stop.
    Tab,
    /// The `PAGE` field, in the given format.
    PageNumber(RPr),
}

/// A paragraph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    pub props: PPr,
    pub content: Vec<Inline>,
}

impl Para {
    pub fn new(style: Style) -> Para {
        Para {
            props: PPr {
                style: Some(style),
                ..PPr::default()
            },
            content: Vec::new(),
        }
    }

    /// Appends plain text.
    pub fn text(self, text: &str) -> Para {
        self.run(Run::new(text))
    }

    pub fn run(mut self, run: Run) -> Para {
        self.content.push(Inline::Run(run));
        self
    }

    pub fn inline(mut self, inline: Inline) -> Para {
        self.content.push(inline);
        self
    }

    /// Kept on the page of the next paragraph and never split
    /// (`break-inside: avoid; break-after: avoid` in the HTML).
    pub fn keep(mut self) -> Para {
        self.props.keep_next = true;
        self.props.keep_lines = true;
        self
    }

    /// Space before the paragraph, in twips.
    pub fn before(mut self, twips: u32) -> Para {
        let spacing = self.props.spacing.get_or_insert_with(Spacing::default);
        spacing.before = Some(twips);
        self
    }

    pub fn jc(mut self, jc: Jc) -> Para {
        self.props.jc = Some(jc);
        self
    }

    pub fn ind(mut self, ind: Ind) -> Para {
        self.props.ind = Some(ind);
        self
    }
}

/// A table cell: its paragraphs, spanning `span` grid columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub span: usize,
    pub shaded: bool,
    pub paras: Vec<Para>,
}

impl Cell {
    pub fn new(para: Para) -> Cell {
        Cell {
            span: 1,
            shaded: false,
            paras: vec![para],
        }
    }

    pub fn span(mut self, span: usize) -> Cell {
        self.span = span;
        self
    }

    pub fn shaded(mut self) -> Cell {
        self.shaded = true;
        self
    }

    /// Sets every run of the cell in `font`.
    pub fn font(mut self, font: &'static str) -> Cell {
        for para in &mut self.paras {
            for inline in &mut para.content {
                if let Inline::Run(run) = inline {
                    run.props.font = Some(font);
                }
            }
        }
        self
    }
}

/// A table row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Repeated at the top of each page (`w:tblHeader`).
    pub header: bool,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { header: false, cells }
    }

    pub fn header(mut self) -> Row {
        self.header = true;
        self
    }

    /// Kept on the page of the next row: every paragraph keeps with next.
    pub fn keep(mut self) -> Row {
        for cell in &mut self.cells {
            for para in &mut cell.paras {
                para.props.keep_next = true;
            }
        }
        self
    }
}

/// A table: column widths in twips (`w:tblGrid`, which WPS sizes columns
/// from) and rows whose cells span those columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub widths: Vec<u32>,
    pub rows: Vec<Row>,
    /// The cells' left and right margins, in twips.
    pub margin_x: u32,
}

impl Table {
    /// A table with the usual cell margins.
    pub fn new(widths: Vec<u32>, rows: Vec<Row>) -> Table {
        Table {
            widths,
            rows,
            margin_x: CELL_MARGIN_X,
        }
    }
}

/// What a body is made of.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// Cell margins of every table: 0.1 em above and below, 0.35 em at the
/// sides, of 12 pt text (the HTML's padding), in twips.
const CELL_MARGIN_Y: u32 = 24;
const CELL_MARGIN_X: u32 = 84;
/// The grey of category and group rows (`#f0f0f0` in the HTML).
const SHADE: &str = "F0F0F0";

pub fn write_blocks(xml: &mut Xml, ids: &StyleIds, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Para(p) => write_para(xml, ids, p),
            Block::Table(t) => write_table(xml, ids, t),
        }
    }
}

pub fn write_para(xml: &mut Xml, ids: &StyleIds, para: &Para) {
    xml.open("w:p", &[]);
    if para.props != PPr::default() {
        xml.open("w:pPr", &[]);
        write_ppr(xml, ids, &para.props);
        xml.close("w:pPr");
    }
    for inline in &para.content {
        match inline {
            Inline::Run(run) => write_run(xml, ids, &run.props, &run.text),
            Inline::Break => {
                xml.open("w:r", &[]).empty("w:br", &[]).close("w:r");
            }
            Inline::Tab => {
                xml.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
            }
            Inline::PageNumber(props) => write_page_field(xml, ids, props),
        }
    }
    xml.close("w:p");
}

/// The children of `w:pPr` (without the element itself, so that styles
/// write the same properties).
pub fn write_ppr(xml: &mut Xml, ids: &StyleIds, p: &PPr) {
    if let Some(style) = p.style {
        xml.val("w:pStyle", ids.id(style));
    }
    xml.flag("w:keepNext", p.keep_next).flag("w:keepLines", p.keep_lines);
    if let Some(on) = p.widow_control {
        xml.val("w:widowControl", on_off(on));
    }
    if let Some(rule) = &p.rule {
        let (size, space) = (rule.size.to_string(), rule.space.to_string());
        xml.open("w:pBdr", &[])
            .empty(
                &format!("w:{}", rule.side),
                &[
                    ("w:val", rule.kind),
                    ("w:sz", &size),
                    ("w:space", &space),
                    ("w:color", rule.color),
                ],
            )
            .close("w:pBdr");
    }
    if !p.right_tabs.is_empty() {
        xml.open("w:tabs", &[]);
        for pos in &p.right_tabs {
            xml.empty("w:tab", &[("w:val", "right"), ("w:pos", &pos.to_string())]);
        }
        xml.close("w:tabs");
    }
    if let Some(on) = p.auto_space {
        xml.val("w:autoSpaceDE", on_off(on)).val("w:autoSpaceDN", on_off(on));
    }
    if let Some(on) = p.snap_to_grid {
        xml.val("w:snapToGrid", on_off(on));
    }
    if let Some(spacing) = &p.spacing {
        write_spacing(xml, spacing);
    }
    if let Some(ind) = &p.ind {
        write_ind(xml, ind);
    }
    if let Some(jc) = p.jc {
        xml.val("w:jc", jc.value());
    }
    if let Some(level) = p.outline {
        xml.val("w:outlineLvl", &level.to_string());
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

fn write_spacing(xml: &mut Xml, s: &Spacing) {
    let before = s.before.map(|v| v.to_string());
    let after = s.after.map(|v| v.to_string());
    let (line, rule) = match s.line {
        Some(Line::Exact(v)) => (Some(v.to_string()), "exact"),
        Some(Line::Auto(v)) => (Some(v.to_string()), "auto"),
        None => (None, ""),
    };
    let mut attrs = Vec::new();
    if let Some(v) = &before {
        attrs.push(("w:before", v.as_str()));
    }
    if let Some(v) = &after {
        attrs.push(("w:after", v.as_str()));
    }
    if let Some(v) = &line {
        attrs.push(("w:line", v.as_str()));
        attrs.push(("w:lineRule", rule));
    }
    xml.empty("w:spacing", &attrs);
}

fn write_ind(xml: &mut Xml, ind: &Ind) {
    let values = [
        ("w:left", ind.left.map(|v| v.to_string())),
        ("w:right", ind.right.map(|v| v.to_string())),
        ("w:firstLineChars", ind.first_chars.map(|v| v.to_string())),
        ("w:firstLine", ind.first_line.map(|v| v.to_string())),
    ];
    let attrs: Vec<(&str, &str)> = values
        .iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
        .collect();
    xml.empty("w:ind", &attrs);
}

/// The children of `w:rPr`.
pub fn write_rpr(xml: &mut Xml, ids: &StyleIds, r: &RPr) {
    if let Some(style) = r.style {
        xml.val("w:rStyle", ids.id(style));
    }
    if let Some(font) = r.font {
        xml.empty(
            "w:rFonts",
            &[
                ("w:ascii", font),
                ("w:eastAsia", font),
                ("w:hAnsi", font),
                ("w:cs", font),
            ],
        );
    }
    xml.flag("w:b", r.bold).flag("w:bCs", r.bold);
    if let Some(color) = r.color {
        xml.val("w:color", color);
    }
    if let Some(spacing) = r.spacing {
        xml.val("w:spacing", &spacing.to_string());
    }
    if let Some(size) = r.size {
        let size = size.to_string();
        xml.val("w:sz", &size).val("w:szCs", &size);
    }
    if r.underline {
        xml.val("w:u", "single");
    }
}

fn write_run_props(xml: &mut Xml, ids: &StyleIds, props: &RPr) {
    if !props.is_empty() {
        xml.open("w:rPr", &[]);
        write_rpr(xml, ids, props);
        xml.close("w:rPr");
    }
}

fn write_run(xml: &mut Xml, ids: &StyleIds, props: &RPr, text: &str) {
    xml.open("w:r", &[]);
    write_run_props(xml, ids, props);
    xml.leaf("w:t", &[("xml:space", "preserve")], text);
    xml.close("w:r");
}

/// `PAGE` as a complex field, its last result `1` (every reader updates it).
fn write_page_field(xml: &mut Xml, ids: &StyleIds, props: &RPr) {
    let run = |xml: &mut Xml, body: &dyn Fn(&mut Xml)| {
        xml.open("w:r", &[]);
        write_run_props(xml, ids, props);
        body(xml);
        xml.close("w:r");
    };
    run(xml, &|x| {
        x.empty("w:fldChar", &[("w:fldCharType", "begin")]);
    });
    run(xml, &|x| {
        x.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
    });
    run(xml, &|x| {
        x.empty("w:fldChar", &[("w:fldCharType", "separate")]);
    });
    run(xml, &|x| {
        x.leaf("w:t", &[], "1");
    });
    run(xml, &|x| {
        x.empty("w:fldChar", &[("w:fldCharType", "end")]);
    });
}

fn dxa(xml: &mut Xml, name: &str, twips: u32) {
    xml.empty(name, &[("w:w", &twips.to_string()), ("w:type", "dxa")]);
}

pub fn write_table(xml: &mut Xml, ids: &StyleIds, table: &Table) {
    let total: u32 = table.widths.iter().sum();
    xml.open("w:tbl", &[]).open("w:tblPr", &[]);
    xml.val("w:tblStyle", ids.id(Style::TableGrid));
    dxa(xml, "w:tblW", total);
    dxa(xml, "w:tblInd", 0);
    xml.empty("w:tblLayout", &[("w:type", "fixed")]);
    xml.open("w:tblCellMar", &[]);
    dxa(xml, "w:top", CELL_MARGIN_Y);
    dxa(xml, "w:left", table.margin_x);
    dxa(xml, "w:bottom", CELL_MARGIN_Y);
    dxa(xml, "w:right", table.margin_x);
    xml.close("w:tblCellMar").close("w:tblPr");
    xml.open("w:tblGrid", &[]);
    for width in &table.widths {
        xml.empty("w:gridCol", &[("w:w", &width.to_string())]);
    }
    xml.close("w:tblGrid");
    for row in &table.rows {
        write_row(xml, ids, &table.widths, row);
    }
    xml.close("w:tbl");
}

fn write_row(xml: &mut Xml, ids: &StyleIds, widths: &[u32], row: &Row) {
    xml.open("w:tr", &[]).open("w:trPr", &[]);
    xml.empty("w:cantSplit", &[]).flag("w:tblHeader", row.header);
    xml.close("w:trPr");
    let mut column = 0;
    for cell in &row.cells {
        let span = cell.span.max(1);
        let width: u32 = widths.iter().skip(column).take(span).sum();
        column += span;
        xml.open("w:tc", &[]).open("w:tcPr", &[]);
        dxa(xml, "w:tcW", width);
        if span > 1 {
            xml.val("w:gridSpan", &span.to_string());
        }
        if cell.shaded {
            xml.empty("w:shd", &[("w:val", "clear"), ("w:color", "auto"), ("w:fill", SHADE)]);
        }
        xml.val("w:vAlign", "center").close("w:tcPr");
        if cell.paras.is_empty() {
            xml.empty("w:p", &[]);
        }
        for para in &cell.paras {
            write_para(xml, ids, para);
        }
        xml.close("w:tc");
    }
    xml.close("w:tr");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_line_breaks_are_spaces_and_unwritable_characters_are_replaced() {
        assert_eq!(Run::new("甲\n乙\t丙\r\n丁").text, "甲 乙 丙  丁");
        assert_eq!(Run::new("a\u{1}b\u{ffff}").text, "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn a_cell_is_as_wide_as_the_columns_it_spans_and_never_empty() {
        let table = Table::new(
            vec![100, 200, 300],
            vec![Row::new(vec![
                Cell::new(Para::new(Style::TableText).text("x")).span(2),
                Cell {
                    span: 1,
                    shaded: true,
                    paras: Vec::new(),
                },
            ])],
        );
        let mut xml = Xml::fragment();
        write_table(&mut xml, &StyleIds::builtin(), &table);
        let text = String::from_utf8(xml.finish().expect("xml")).expect("utf-8");
        assert!(
            text.contains("<w:tcW w:w=\"300\" w:type=\"dxa\"/><w:gridSpan w:val=\"2\"/>"),
            "{text}"
        );
        assert!(text.contains("<w:tcW w:w=\"300\" w:type=\"dxa\"/><w:shd"), "{text}");
        assert!(text.contains("</w:tcPr><w:p/></w:tc>"), "{text}");
    }
}
