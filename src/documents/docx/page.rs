//! The page of GB/T 9704-2012 in Word's terms: A4, the type area of
//! 156 mm × 225 mm (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), a
//! document grid of 22 lines of 28 characters, and the built-in header and
//! footers: the letter form's 发文机关标志 with its red double rule on the
//! first page, the closing red rule 20 mm above the bottom edge of that
//! page, and the page numbers "— 1 —" in 4号 宋体 7 mm below the type area
//! on the outer side (odd pages right, even pages left, one character in).
//! Lengths are in twips (1/20 pt).

use super::styles::{Style, StyleIds};
use super::wml::{self, Ind, Inline, Jc, Line, PPr, Para, RPr, Rule, Spacing};
use super::xml::{R, W, Xml};

/// Millimetres in twips, rounded.
pub const fn mm(mm: u32) -> u32 {
    (mm * 14400 + 127) / 254
}

/// Lines on a page and characters on a line (GB/T 9704-2012 5.2.2).
pub const LINES: u32 = 22;
pub const CHARS: u32 = 28;
/// The body's size: 三号, 16 pt, in half-points.
pub const BODY_HALF_POINTS: u32 = 32;
/// One character of the body, in twips.
pub const EM: u32 = BODY_HALF_POINTS * 10;
/// The red of the 发文机关标志 and its rules (the HTML's `#c00`).
pub const RED: &str = "CC0000";

/// A page: its size and margins (`w:pgSz`, `w:pgMar`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    /// From the top edge to the header's text.
    pub header: u32,
    /// From the bottom edge to the footer's last line.
    pub footer: u32,
    pub gutter: u32,
}

/// A4 with the type area of GB/T 9704-2012. The header starts 30 mm
/// below the top edge (the letter form's 发文机关标志); the footer ends
/// 20 mm above the bottom edge (the letter form's closing rule).
pub const A4: Page = Page {
    width: 11906,
    height: 16838,
    top: mm(37),
    bottom: mm(35),
    left: mm(28),
    right: mm(26),
    header: mm(30),
    footer: mm(20),
    gutter: 0,
};

impl Page {
    /// The type area's width.
    pub const fn text_width(&self) -> u32 {
        self.width.saturating_sub(self.left + self.right + self.gutter)
    }

    pub const fn text_height(&self) -> u32 {
        self.height.saturating_sub(self.top + self.bottom)
    }

    /// The document grid's line pitch: [`LINES`] lines fill the type area.
    pub const fn line_pitch(&self) -> u32 {
        self.text_height() / LINES
    }

    /// The space between body characters, in twips (negative: closer),
    /// that puts [`CHARS`] on a line: 156 mm hold 27.6 characters of 16
    /// pt, so each comes 0.25 pt closer. Rounded down, so the last still
    /// fits.
    pub const fn char_spacing(&self) -> i32 {
        let spare = self.text_width() as i32 - (EM * CHARS) as i32;
        spare.div_euclid(CHARS as i32)
    }
}

/// The body's line height: the grid's pitch on A4.
pub const LINE: u32 = A4.line_pitch();

/// `w:sectPr` of the built-in page: header and footer references (by
/// relationship id) first, then, in the schema's order, pgSz, pgMar, cols,
/// titlePg and docGrid.
///
/// The grid is a line grid (`lines`, 22 lines); the 28 characters come
/// from the body style's character spacing ([`Page::char_spacing`]), not
/// from a character grid: with `linesAndChars` and a negative
/// `w:charSpace`, Word and WPS narrow each cell below the character's
/// 16 pt, but LibreOffice lays every character wider than its cell over
/// two cells, which halves the characters on a line.
pub fn write_sect_pr(xml: &mut Xml, refs: &[(&str, &str, String)], first_page: bool) {
    xml.open("w:sectPr", &[]);
    for (element, kind, id) in refs {
        xml.empty(element, &[("w:type", kind), ("r:id", id)]);
    }
    let page = A4;
    let n = |v: u32| v.to_string();
    xml.empty("w:pgSz", &[("w:w", &n(page.width)), ("w:h", &n(page.height))]);
    xml.empty(
        "w:pgMar",
        &[
            ("w:top", &n(page.top)),
            ("w:right", &n(page.right)),
            ("w:bottom", &n(page.bottom)),
            ("w:left", &n(page.left)),
            ("w:header", &n(page.header)),
            ("w:footer", &n(page.footer)),
            ("w:gutter", &n(page.gutter)),
        ],
    );
    xml.empty("w:cols", &[("w:space", "425")]);
    xml.flag("w:titlePg", first_page);
    xml.empty(
        "w:docGrid",
        &[("w:type", "lines"), ("w:linePitch", &n(page.line_pitch()))],
    );
    xml.close("w:sectPr");
}

/// A header or footer part holding `paras`.
fn part(root: &str, ids: &StyleIds, paras: &[Para]) -> Xml {
    let mut xml = Xml::part();
    xml.open(root, &[("xmlns:w", W), ("xmlns:r", R)]);
    for para in paras {
        wml::write_para(&mut xml, ids, para);
    }
    xml.close(root);
    xml
}

/// The letter form's first-page header: the 发文机关标志 in red 小标宋 with
/// the red double rule (thick over thin) 4 mm below it, a paragraph
/// border as wide as the standard's 170 mm.
pub fn masthead(ids: &StyleIds, office: &str) -> Xml {
    part("w:hdr", ids, &[Para::new(Style::Issuer).text(office)])
}

/// The letter form's first-page footer: no page number, the closing red
/// double rule (thin over thick) 20 mm above the bottom edge.
pub fn closing_rule(ids: &StyleIds) -> Xml {
    let para = Para {
        props: PPr {
            style: Some(Style::Footer),
            rule: Some(Rule {
                side: "bottom",
                kind: "thinThickSmallGap",
                size: 18,
                space: 0,
                color: RED,
            }),
            spacing: Some(Spacing {
                line: Some(Line::Exact(20)),
                ..Spacing::default()
            }),
            ind: Some(wide_rule()),
            ..PPr::default()
        },
        content: Vec::new(),
    };
    part("w:ftr", ids, &[para])
}

/// The indents that widen a rule from the type area's 156 mm to 170 mm.
pub fn wide_rule() -> Ind {
    let out = -i64::from(mm(7));
    Ind {
        left: Some(out),
        right: Some(out),
        first_line: Some(0),
        first_chars: Some(0),
    }
}

/// A footer with the page number "— N —" on the outer side: right on odd
/// pages, left on even ones, one character (of its 14 pt) in.
pub fn page_number(ids: &StyleIds, odd: bool) -> Xml {
    let one_char = 280;
    let (jc, ind) = if odd {
        (
            Jc::Right,
            Ind {
                right: Some(one_char),
                ..Ind::default()
            },
        )
    } else {
        (
            Jc::Left,
            Ind {
                left: Some(one_char),
                ..Ind::default()
            },
        )
    };
    let para = Para::new(Style::PageNumber)
        .jc(jc)
        .ind(ind)
        .text("— ")
        .inline(Inline::PageNumber(RPr::default()))
        .text(" —");
    part("w:ftr", ids, &[para])
}

/// `word/settings.xml`, its children in the schema's order.
pub fn settings(even_and_odd: bool, mirror_margins: bool) -> Xml {
    let mut xml = Xml::part();
    xml.open("w:settings", &[("xmlns:w", W)]);
    xml.empty("w:zoom", &[("w:percent", "100")]);
    xml.flag("w:mirrorMargins", mirror_margins);
    xml.val("w:defaultTabStop", "420");
    xml.flag("w:evenAndOddHeaders", even_and_odd);
    xml.val("w:characterSpacingControl", "doNotCompress");
    xml.open("w:compat", &[])
        .empty(
            "w:compatSetting",
            &[
                ("w:name", "compatibilityMode"),
                ("w:uri", "http://schemas.microsoft.com/office/word"),
                ("w:val", "15"),
            ],
        )
        .close("w:compat");
    xml.empty("w:themeFontLang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")]);
    xml.val("w:decimalSymbol", ".").val("w:listSeparator", ",");
    xml.close("w:settings");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_area_is_156_by_225_mm() {
        assert_eq!((A4.top, A4.bottom, A4.left, A4.right), (2098, 1984, 1587, 1474));
        // 156 mm and 225 mm, within a twip of rounding.
        assert!(A4.text_width().abs_diff(mm(156)) <= 1, "{}", A4.text_width());
        assert!(A4.text_height().abs_diff(mm(225)) <= 1, "{}", A4.text_height());
    }

    #[test]
    fn twenty_two_lines_of_twenty_eight_characters_fit() {
        let pitch = A4.line_pitch();
        assert_eq!(pitch, 579);
        assert!(pitch * LINES <= A4.text_height() && (pitch + 1) * LINES > A4.text_height());
        let spacing = A4.char_spacing();
        assert_eq!(spacing, -5);
        // 28 characters of 16 pt, each `spacing` twips closer, fit the
        // line; one twip less close would not.
        let line = |s: i32| (EM as i32 + s) * CHARS as i32;
        let width = A4.text_width() as i32;
        assert!(line(spacing) <= width && line(spacing + 1) > width, "{spacing}");
    }
}
