//! The styles and fonts of the documents (`word/styles.xml`,
//! `word/fontTable.xml`).
//!
//! Word's built-in styles keep their built-in names (`Normal`, `Title`,
//! `heading 1`, `header`, `footer`), which Word and WPS show in Chinese
//! (正文, 标题, 标题 1, 页眉, 页脚) and which a `reference.docx` made in
//! either redefines; qaward's own styles are named in Chinese (发文机关标志,
//! 发文字号, 主送机关, 落款, 签字栏, 表格文字, 表头, 页码, 二级标题). Style ids
//! are ASCII. With a reference, its styles win by name and ours fill in
//! what it lacks ([`StyleIds::merged`]).

use std::collections::BTreeMap;

use super::page::{self, BODY_HALF_POINTS, EM, LINE, RED};
use super::wml::{self, Ind, Jc, Line, PPr, RPr, Rule, Spacing};
use super::xml::{W, Xml};

/// The faces of GB/T 9704-2012: 仿宋 for the body, 小标宋 for titles, 黑体
/// and 楷体 for the first two heading levels, 宋体 for page numbers, by
/// the names an office's machines have.
pub const FANGSONG: &str = "仿宋_GB2312";
pub const XIAOBIAOSONG: &str = "方正小标宋简体";
pub const HEITI: &str = "黑体";
pub const KAITI: &str = "楷体_GB2312";
pub const SONGTI: &str = "宋体";

/// A font of the font table: Word and WPS substitute `alt` when `name` is
/// missing, else the closest by panose, character set (86: GB2312) and
/// family.
struct Font {
    name: &'static str,
    alt: &'static str,
    panose: &'static str,
    family: &'static str,
    pitch: &'static str,
}

const FONTS: &[Font] = &[
    font(FANGSONG, "仿宋", "02010609030101010101", "modern", "fixed"),
    font("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    font(XIAOBIAOSONG, SONGTI, "02000000000000000000", "auto", "variable"),
    font(HEITI, "SimHei", "02010609060101010101", "modern", "fixed"),
    font(KAITI, "楷体", "02010609030101010101", "modern", "fixed"),
    font("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    font(SONGTI, "SimSun", "02010600030101010101", "auto", "variable"),
];

const fn font(
    name: &'static str,
    alt: &'static str,
    panose: &'static str,
    family: &'static str,
    pitch: &'static str,
) -> Font {
    Font {
        name,
        alt,
        panose,
        family,
        pitch,
    }
}

/// The styles qaward's documents use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    Normal,
    DefaultFont,
    TableNormal,
    Title,
    Heading1,
    Header,
    Footer,
    PageNumber,
    Issuer,
    DocNumber,
    Addressee,
    Signoff,
    Signature,
    TableText,
    TableHead,
    Lead,
    TableGrid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    Character,
    Table,
}

impl Kind {
    pub fn value(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::Character => "character",
            Kind::Table => "table",
        }
    }
}

/// Every style, in the order of `styles.xml`.
pub const ALL: &[Style] = &[
    Style::Normal,
    Style::DefaultFont,
    Style::TableNormal,
    Style::Title,
    Style::Heading1,
    Style::Header,
    Style::Footer,
    Style::PageNumber,
    Style::Issuer,
    Style::DocNumber,
    Style::Addressee,
    Style::Signoff,
    Style::Signature,
    Style::TableText,
    Style::TableHead,
    Style::Lead,
    Style::TableGrid,
];

impl Style {
    /// (id, name, kind). A flat table.
    pub fn names(self) -> (&'static str, &'static str, Kind) {
        use Kind::{Character, Paragraph, Table};
        match self {
            Style::Normal => ("Normal", "Normal", Paragraph),
            Style::DefaultFont => ("DefaultParagraphFont", "Default Paragraph Font", Character),
            Style::TableNormal => ("TableNormal", "Normal Table", Table),
            Style::Title => ("Title", "Title", Paragraph),
            Style::Heading1 => ("Heading1", "heading 1", Paragraph),
            Style::Header => ("Header", "header", Paragraph),
            Style::Footer => ("Footer", "footer", Paragraph),
            Style::PageNumber => ("PageNumber", "页码", Paragraph),
            Style::Issuer => ("Issuer", "发文机关标志", Paragraph),
            Style::DocNumber => ("DocNumber", "发文字号", Paragraph),
            Style::Addressee => ("Addressee", "主送机关", Paragraph),
            Style::Signoff => ("Signoff", "落款", Paragraph),
            Style::Signature => ("Signature", "签字栏", Paragraph),
            Style::TableText => ("TableText", "表格文字", Paragraph),
            Style::TableHead => ("TableHead", "表头", Paragraph),
            Style::Lead => ("Lead", "二级标题", Character),
            Style::TableGrid => ("TableGrid", "Table Grid", Table),
        }
    }
}

/// The final style id of each style: ours, or, where a reference defines
/// a style of the same name, the reference's.
#[derive(Clone, Debug)]
pub struct StyleIds {
    ids: BTreeMap<Style, String>,
}

/// A style a reference defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub id: String,
    pub name: String,
    pub kind: String,
}

impl StyleIds {
    pub fn builtin() -> StyleIds {
        StyleIds {
            ids: ALL.iter().map(|s| (*s, s.names().0.to_owned())).collect(),
        }
    }

    /// The ids with a reference's styles `known`: a style of ours whose
    /// name (ignoring ASCII case, as Word does) and kind the reference
    /// has takes its id; the others keep theirs, renamed when the
    /// reference uses the id for another style. Returns the styles still
    /// to be added to the reference's.
    pub fn merged(known: &[Known]) -> (StyleIds, Vec<Style>) {
        let mut ids = BTreeMap::new();
        let mut missing = Vec::new();
        for style in ALL {
            let (id, name, kind) = style.names();
            let same = known
                .iter()
                .find(|k| k.name.eq_ignore_ascii_case(name) && k.kind == kind.value());
            match same {
                Some(k) => {
                    ids.insert(*style, k.id.clone());
                }
                None => {
                    let mut id = id.to_owned();
                    while known.iter().any(|k| k.id == id) {
                        id.push_str("Qaward");
                    }
                    ids.insert(*style, id);
                    missing.push(*style);
                }
            }
        }
        (StyleIds { ids }, missing)
    }

    pub fn id(&self, style: Style) -> &str {
        self.ids.get(&style).map_or_else(|| style.names().0, String::as_str)
    }
}

/// What a style is: based on, followed by, and its formatting.
struct Def {
    based_on: Option<Style>,
    next: Option<Style>,
    ui_priority: Option<u32>,
    semi_hidden: bool,
    ppr: PPr,
    rpr: RPr,
}

fn def(based_on: Option<Style>, ppr: PPr, rpr: RPr) -> Def {
    Def {
        based_on,
        next: None,
        ui_priority: None,
        semi_hidden: false,
        ppr,
        rpr,
    }
}

fn spacing(before: Option<u32>, after: Option<u32>, line: Option<Line>) -> Option<Spacing> {
    Some(Spacing { before, after, line })
}

/// No first-line indent (the body's is two characters).
fn flush() -> Option<Ind> {
    Some(Ind {
        first_line: Some(0),
        first_chars: Some(0),
        ..Ind::default()
    })
}

fn rpr(font: Option<&'static str>, size: Option<u32>) -> RPr {
    RPr {
        font,
        size,
        ..RPr::default()
    }
}

/// The body: 仿宋 三号, the grid's line, 28 characters to the line,
/// justified, two characters in, no extra space around digits and Latin
/// text.
fn normal() -> Def {
    let ppr = PPr {
        widow_control: Some(true),
        auto_space: Some(false),
        spacing: spacing(None, None, Some(Line::Exact(LINE))),
        ind: Some(Ind {
            first_line: Some(2 * EM),
            first_chars: Some(200),
            ..Ind::default()
        }),
        jc: Some(Jc::Both),
        ..PPr::default()
    };
    let rpr = RPr {
        spacing: Some(page::A4.char_spacing()),
        ..rpr(Some(FANGSONG), Some(BODY_HALF_POINTS))
    };
    def(None, ppr, rpr)
}

/// Text not set on the body's 28 characters: natural spacing.
fn unspaced(font: Option<&'static str>, size: Option<u32>) -> RPr {
    RPr {
        spacing: Some(0),
        ..rpr(font, size)
    }
}

/// The page number's line: 20 mm above the bottom edge up to 7 mm below
/// the type area, the number at its top.
fn page_number() -> Def {
    let line = 300;
    let after = (page::A4.bottom - page::mm(7)).saturating_sub(page::A4.footer + line);
    let ppr = PPr {
        spacing: spacing(Some(0), Some(after), Some(Line::Exact(line))),
        ..PPr::default()
    };
    def(Some(Style::Footer), ppr, unspaced(Some(SONGTI), Some(28)))
}

/// 发文机关标志: red 小标宋, centred, and 4 mm below it the red double
/// rule, thick over thin, 170 mm wide.
fn issuer() -> Def {
    let ppr = PPr {
        snap_to_grid: Some(false),
        rule: Some(Rule {
            side: "bottom",
            kind: "thickThinSmallGap",
            size: 18,
            space: 11,
            color: RED,
        }),
        spacing: spacing(Some(0), Some(0), Some(Line::Exact(624))),
        ind: Some(page::wide_rule()),
        jc: Some(Jc::Center),
        ..PPr::default()
    };
    let rpr = RPr {
        color: Some(RED),
        ..unspaced(Some(XIAOBIAOSONG), Some(52))
    };
    def(Some(Style::Normal), ppr, rpr)
}

/// Header and footer: off the grid, single lines, centred.
fn margin_text() -> Def {
    let ppr = PPr {
        snap_to_grid: Some(false),
        spacing: spacing(Some(0), Some(0), Some(Line::Auto(240))),
        ind: flush(),
        jc: Some(Jc::Center),
        ..PPr::default()
    };
    let mut def = def(Some(Style::Normal), ppr, unspaced(None, None));
    def.ui_priority = Some(99);
    def
}

/// Table text: 12 pt on 1.4 lines, off the grid (the HTML's tables).
fn table_text() -> Def {
    let ppr = PPr {
        widow_control: Some(false),
        snap_to_grid: Some(false),
        spacing: spacing(Some(0), Some(0), Some(Line::Exact(336))),
        ind: flush(),
        jc: Some(Jc::Left),
        ..PPr::default()
    };
    def(Some(Style::Normal), ppr, unspaced(None, Some(24)))
}

fn paragraph(based_on: Style, ppr: PPr, rpr: RPr) -> Def {
    let mut def = def(Some(based_on), ppr, rpr);
    def.next = Some(Style::Normal);
    def
}

/// The paragraphs around a letter's body, flush with the margin: the
/// 发文字号 row, the 主送机关, the 落款, the on-site report's signatures.
fn letter_part(style: Style) -> Def {
    let keep = |ppr: PPr| PPr {
        keep_next: true,
        keep_lines: true,
        ..ppr
    };
    match style {
        Style::DocNumber => paragraph(
            Style::Normal,
            PPr {
                spacing: spacing(Some(280), None, None),
                ind: flush(),
                jc: Some(Jc::Left),
                ..PPr::default()
            },
            RPr::default(),
        ),
        Style::Addressee => paragraph(
            Style::Normal,
            keep(PPr {
                spacing: spacing(Some(LINE), None, None),
                ind: flush(),
                ..PPr::default()
            }),
            RPr::default(),
        ),
        Style::Signoff => paragraph(
            Style::Normal,
            keep(PPr {
                ind: flush(),
                jc: Some(Jc::Center),
                ..PPr::default()
            }),
            RPr::default(),
        ),
        Style::Signature => paragraph(
            Style::Normal,
            PPr {
                ind: Some(Ind {
                    left: Some(i64::from(2 * EM)),
                    first_line: Some(0),
                    first_chars: Some(0),
                    ..Ind::default()
                }),
                jc: Some(Jc::Left),
                ..PPr::default()
            },
            RPr::default(),
        ),
        _ => paragraph(Style::Normal, PPr::default(), RPr::default()),
    }
}

/// The definition of each style. A flat table.
fn definition(style: Style) -> Def {
    let keep = |ppr: PPr| PPr {
        keep_next: true,
        keep_lines: true,
        ..ppr
    };
    match style {
        Style::Normal => normal(),
        Style::DefaultFont | Style::TableNormal | Style::TableGrid => Def {
            ui_priority: Some(if style == Style::TableGrid { 59 } else { 1 }),
            semi_hidden: style != Style::TableGrid,
            ..def(
                (style == Style::TableGrid).then_some(Style::TableNormal),
                PPr::default(),
                RPr::default(),
            )
        },
        Style::Title => paragraph(
            Style::Normal,
            keep(PPr {
                snap_to_grid: Some(false),
                spacing: spacing(Some(0), Some(0), Some(Line::Exact(640))),
                ind: flush(),
                jc: Some(Jc::Center),
                ..PPr::default()
            }),
            unspaced(Some(XIAOBIAOSONG), Some(44)),
        ),
        Style::Heading1 => paragraph(
            Style::Normal,
            keep(PPr {
                outline: Some(0),
                ..PPr::default()
            }),
            rpr(Some(HEITI), None),
        ),
        Style::Header | Style::Footer => margin_text(),
        Style::PageNumber => page_number(),
        Style::Issuer => issuer(),
        Style::DocNumber | Style::Addressee | Style::Signoff | Style::Signature => letter_part(style),
        Style::TableText => table_text(),
        Style::TableHead => def(
            Some(Style::TableText),
            PPr {
                jc: Some(Jc::Center),
                ..PPr::default()
            },
            rpr(Some(HEITI), None),
        ),
        Style::Lead => def(None, PPr::default(), rpr(Some(KAITI), None)),
    }
}

/// `w:style` of `style`; `default` marks the default of its kind.
fn write_style(xml: &mut Xml, ids: &StyleIds, style: Style, default: bool) {
    let (_, name, kind) = style.names();
    let d = definition(style);
    let mut attrs = vec![("w:type", kind.value())];
    if default {
        attrs.push(("w:default", "1"));
    }
    attrs.push(("w:styleId", ids.id(style)));
    xml.open("w:style", &attrs);
    xml.val("w:name", name);
    if let Some(base) = d.based_on {
        xml.val("w:basedOn", ids.id(base));
    }
    if let Some(next) = d.next {
        xml.val("w:next", ids.id(next));
    }
    if let Some(p) = d.ui_priority {
        xml.val("w:uiPriority", &p.to_string());
    }
    xml.flag("w:semiHidden", d.semi_hidden)
        .flag("w:unhideWhenUsed", d.semi_hidden)
        .flag(
            "w:qFormat",
            matches!(style, Style::Normal | Style::Title | Style::Heading1),
        );
    if d.ppr != PPr::default() {
        xml.open("w:pPr", &[]);
        wml::write_ppr(xml, ids, &d.ppr);
        xml.close("w:pPr");
    }
    if d.rpr != RPr::default() {
        xml.open("w:rPr", &[]);
        wml::write_rpr(xml, ids, &d.rpr);
        xml.close("w:rPr");
    }
    write_table_style(xml, style);
    xml.close("w:style");
}

/// The `w:tblPr` of the table styles: cell margins of the default table,
/// the thin black rules of the grid.
fn write_table_style(xml: &mut Xml, style: Style) {
    match style {
        Style::TableNormal => {
            xml.open("w:tblPr", &[]);
            xml.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
            xml.open("w:tblCellMar", &[]);
            for (side, w) in [("w:top", "0"), ("w:left", "108"), ("w:bottom", "0"), ("w:right", "108")] {
                xml.empty(side, &[("w:w", w), ("w:type", "dxa")]);
            }
            xml.close("w:tblCellMar").close("w:tblPr");
        }
        Style::TableGrid => {
            xml.open("w:tblPr", &[]).open("w:tblBorders", &[]);
            for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
                xml.empty(
                    side,
                    &[
                        ("w:val", "single"),
                        ("w:sz", "4"),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                );
            }
            xml.close("w:tblBorders").close("w:tblPr");
        }
        _ => {}
    }
}

/// The styles of `which`, for appending to a reference's `styles.xml`
/// (never marked default there: the reference has its defaults).
pub fn fragment(ids: &StyleIds, which: &[Style]) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::fragment();
    for style in which {
        write_style(&mut xml, ids, *style, false);
    }
    xml.finish()
}

/// `word/styles.xml` of the built-in styles.
pub fn styles(ids: &StyleIds) -> Xml {
    let mut xml = Xml::part();
    xml.open("w:styles", &[("xmlns:w", W)]);
    xml.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    wml::write_rpr(&mut xml, ids, &rpr(Some(FANGSONG), Some(BODY_HALF_POINTS)));
    xml.empty(
        "w:lang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN"), ("w:bidi", "ar-SA")],
    );
    xml.close("w:rPr").close("w:rPrDefault");
    xml.empty("w:pPrDefault", &[]).close("w:docDefaults");
    for style in ALL {
        let default = matches!(style, Style::Normal | Style::DefaultFont | Style::TableNormal);
        write_style(&mut xml, ids, *style, default);
    }
    xml.close("w:styles");
    xml
}

fn write_font(xml: &mut Xml, f: &Font) {
    xml.open("w:font", &[("w:name", f.name)]);
    xml.val("w:altName", f.alt)
        .val("w:panose1", f.panose)
        .val("w:charset", "86")
        .val("w:family", f.family)
        .val("w:pitch", f.pitch);
    xml.close("w:font");
}

/// The fonts not in `known`, for appending to a reference's font table.
pub fn font_fragment(known: &[String]) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::fragment();
    for f in FONTS.iter().filter(|f| !known.iter().any(|k| k == f.name)) {
        write_font(&mut xml, f);
    }
    xml.finish()
}

/// `word/fontTable.xml`.
pub fn font_table() -> Xml {
    let mut xml = Xml::part();
    xml.open("w:fonts", &[("xmlns:w", W)]);
    for f in FONTS {
        write_font(&mut xml, f);
    }
    xml.close("w:fonts");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: &str, name: &str, kind: &str) -> Known {
        Known {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: kind.to_owned(),
        }
    }

    #[test]
    fn a_reference_style_of_the_same_name_wins_and_ids_never_collide() {
        // As Chinese Word names them: ids `a` and `1`, built-in names.
        let known = [
            known("a", "Normal", "paragraph"),
            known("1", "Heading 1", "paragraph"),
            known("Title", "My own title", "paragraph"),
        ];
        let (ids, missing) = StyleIds::merged(&known);
        assert_eq!(ids.id(Style::Normal), "a");
        assert_eq!(ids.id(Style::Heading1), "1");
        assert_eq!(ids.id(Style::Title), "TitleQaward");
        assert!(!missing.contains(&Style::Normal) && missing.contains(&Style::Title));
        assert!(missing.contains(&Style::Issuer));
    }

    #[test]
    fn every_style_has_a_distinct_id_and_name() {
        let ids: std::collections::BTreeSet<&str> = ALL.iter().map(|s| s.names().0).collect();
        let names: std::collections::BTreeSet<&str> = ALL.iter().map(|s| s.names().1).collect();
        assert_eq!((ids.len(), names.len()), (ALL.len(), ALL.len()));
        assert!(ids.iter().all(|id| id.is_ascii()));
    }
}
