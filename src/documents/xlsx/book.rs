//! What the workbooks share: cell styles, column widths that fit Chinese
//! text, the A4 page, document properties with a fixed creation time, a
//! summary table (title, header, rows) and saving to bytes.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::WorkbookError;
use crate::write::OutputFile;

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// Characters added to the widest text of a column.
const PADDING: usize = 3;
/// Room for the filter button in a header cell, in characters.
const FILTER_BUTTON: usize = 2;
/// The widest a column gets; longer text wraps.
const MAX_WIDTH: usize = 60;
/// The title's font size against the body's 11 points.
const TITLE_SIZE: f64 = 16.0;
/// Height of one line of body text, in points (11-point CJK glyphs need
/// more than Excel's 15).
const LINE_HEIGHT: f64 = 16.5;

/// The date format: a real date shown as 2025年5月20日.
pub const DATE_FORMAT: &str = "yyyy\"年\"m\"月\"d\"日\"";

/// The width of `text` in Excel's character units: a wide (CJK or
/// full-width) character counts two, any other one; a multi-line text is
/// as wide as its widest line.
pub fn text_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A number as a cell shows it in the General format: `32`, `612.5`.
pub fn number_text(value: f64) -> String {
    super::super::view::score(value)
}

/// The cell styles, each a thin-bordered cell unless said otherwise.
pub struct Styles {
    /// The sheet's title: large, bold, centred, no border.
    pub title: Format,
    /// Column headings: bold, centred, grey, wrapped.
    pub header: Format,
    /// Text, wrapped when the column is at its widest.
    pub text: Format,
    /// Short codes and numbers, centred.
    pub centred: Format,
    pub date: Format,
    /// A label beside its value (申报编号).
    pub label: Format,
    /// A score cell left open for the group: unlocked, pale yellow.
    pub input: Format,
    /// The total row: bold, centred.
    pub total: Format,
    /// A line of text without a border (the signature line).
    pub plain: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let centred = cell.clone().set_align(FormatAlign::Center);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(TITLE_SIZE)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: centred
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(0xD9D9D9),
            text: cell.clone().set_text_wrap().set_indent(1),
            date: centred.clone().set_num_format(DATE_FORMAT),
            label: centred.clone().set_bold().set_background_color(0xF2F2F2),
            input: centred.clone().set_unlocked().set_background_color(0xFFF2CC),
            total: centred.clone().set_bold(),
            plain: Format::new().set_align(FormatAlign::VerticalCenter),
            centred,
        }
    }
}

/// The widest text of each column, in characters.
#[derive(Clone, Debug)]
pub struct Widths(Vec<usize>);

impl Widths {
    pub fn new(columns: usize) -> Widths {
        Widths(vec![0; columns])
    }

    /// Makes room for `width` characters in column `col`.
    pub fn fit(&mut self, col: usize, width: usize) {
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(width);
        }
    }

    pub fn fit_text(&mut self, col: usize, text: &str) {
        self.fit(col, text_width(text));
    }

    /// The width column `col` gets: its text, the padding, the cap.
    pub fn get(&self, col: usize) -> usize {
        self.0.get(col).map_or(0, |w| (w + PADDING).min(MAX_WIDTH))
    }

    /// The lines the tallest of `cells` takes when each wraps at its
    /// column's width less the padding and `reserved` characters.
    pub fn lines(&self, cells: &[Cell], reserved: usize) -> usize {
        cells
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let room = self.get(c).saturating_sub(PADDING + reserved).max(1);
                cell.text()
                    .lines()
                    .map(|l| text_width(l).div_ceil(room).max(1))
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(1)
    }

    /// The columns' widths added up.
    pub fn total(&self) -> usize {
        (0..self.0.len()).map(|c| self.get(c)).sum()
    }

    /// Makes the columns together at least as wide as `title` needs in the
    /// title font, widening `col`.
    pub fn fit_title(&mut self, col: usize, title: &str) {
        let needed = (text_width(title) as f64 * TITLE_SIZE / 11.0).ceil() as usize + PADDING;
        let short = needed.saturating_sub(self.total());
        if let Some(w) = self.0.get_mut(col) {
            *w += short;
        }
    }

    pub fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for col in 0..self.0.len() {
            sheet.set_column_width(col as u16, self.get(col) as f64)?;
        }
        Ok(())
    }
}

/// The title row: merged over `columns`, tall enough for the title font.
pub fn title(sheet: &mut Worksheet, styles: &Styles, text: &str, columns: u16) -> Result<(), XlsxError> {
    sheet.merge_range(0, 0, 0, columns.saturating_sub(1), text, &styles.title)?;
    sheet.set_row_height(0, 32)?;
    Ok(())
}

/// A row tall enough for `lines` lines of body text.
pub fn row_lines(sheet: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    sheet.set_row_height(row, LINE_HEIGHT * lines.max(1) as f64 + 2.0)?;
    Ok(())
}

/// Page orientation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A4, fitted to the page width, centred, with the rows `repeat` (first,
/// last) printed atop every page and the internal-use mark in the header.
pub fn page(sheet: &mut Worksheet, orientation: Orientation, repeat: (u32, u32)) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    match orientation {
        Orientation::Portrait => sheet.set_portrait(),
        Orientation::Landscape => sheet.set_landscape(),
    };
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(repeat.0, repeat.1)?;
    sheet.set_header("&R内部资料　注意保密");
    Ok(())
}

/// A date as Excel stores it.
pub fn excel_date(date: jiff::civil::Date) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The workbook's properties: its title, the office as author, the
/// internal-use mark, and `created` as the creation time, so that the same
/// records give the same bytes.
pub fn properties(title: &str, office: &str, created: jiff::civil::Date) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(office)
        .set_company(office)
        .set_comment("内部资料　注意保密（第二十四条（四））")
        .set_creation_datetime(&excel_date(created)?))
}

/// A cell of a summary table.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    /// Centred text (ids, codes, results).
    Code(String),
    Number(f64),
    Date(jiff::civil::Date),
    Empty,
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Code(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            // 2025年12月31日: four digits, three CJK characters, up to
            // four more digits.
            Cell::Date(_) => "0000年00月00日".to_owned(),
            Cell::Empty => String::new(),
        }
    }
}

/// A summary table: the title row, the header row with its filter, and
/// the rows; the header and the first `frozen_columns` columns stay in
/// view. A header wider than `header_wrap` characters wraps, and its
/// column is sized by its cells.
#[derive(Clone, Debug)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub frozen_columns: u16,
    pub header_wrap: Option<usize>,
}

/// The row of a summary table's header (0-based), under the title.
pub const TABLE_HEADER_ROW: u32 = 1;

impl Table {
    pub fn write(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let columns = self.header.len() as u16;
        let header = TABLE_HEADER_ROW;
        title(sheet, styles, &self.title, columns)?;
        let mut widths = Widths::new(self.header.len());
        for (c, name) in self.header.iter().enumerate() {
            sheet.write_string_with_format(header, c as u16, name, &styles.header)?;
            let width = text_width(name);
            widths.fit(
                c,
                self.header_wrap.map_or(width, |wrap| width.min(wrap)) + FILTER_BUTTON,
            );
        }
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate() {
                widths.fit_text(c, &cell.text());
            }
        }
        widths.apply(sheet)?;
        let header_cells: Vec<Cell> = self.header.iter().map(|h| Cell::Text(h.clone())).collect();
        row_lines(sheet, header, widths.lines(&header_cells, FILTER_BUTTON))?;
        for (r, row) in self.rows.iter().enumerate() {
            let at = header + 1 + r as u32;
            for (c, cell) in row.iter().enumerate() {
                write_cell(sheet, styles, at, c as u16, cell)?;
            }
            row_lines(sheet, at, widths.lines(row, 0))?;
        }
        let last_row = header + self.rows.len() as u32;
        sheet.autofilter(header, 0, last_row, columns.saturating_sub(1))?;
        sheet.set_freeze_panes(header + 1, self.frozen_columns)?;
        page(sheet, Orientation::Landscape, (0, header))?;
        sheet.set_footer("&C第 &P 页，共 &N 页");
        Ok(())
    }
}

fn write_cell(sheet: &mut Worksheet, styles: &Styles, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) => sheet.write_string_with_format(row, col, t, &styles.text)?,
        Cell::Code(t) => sheet.write_string_with_format(row, col, t, &styles.centred)?,
        Cell::Number(n) => sheet.write_number_with_format(row, col, *n, &styles.centred)?,
        Cell::Date(d) => sheet.write_datetime_with_format(row, col, excel_date(*d)?, &styles.date)?,
        Cell::Empty => sheet.write_blank(row, col, &styles.centred)?,
    };
    Ok(())
}

/// Saves `workbook` as the output file `file`.
pub fn save(workbook: &mut Workbook, file: &str) -> Result<OutputFile, WorkbookError> {
    let bytes = workbook.save_to_buffer().map_err(|e| WorkbookError::new(file, &e))?;
    Ok(OutputFile {
        path: file.to_owned(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(text_width("4.1.2"), 5);
        assert_eq!(text_width("申报编号"), 8);
        assert_eq!(text_width("（80分）"), 8);
        assert_eq!(text_width("测量、分析与改进"), 16);
        assert_eq!(text_width("4.6 测量\n（80分）"), 8);
        assert_eq!(text_width(""), 0);
    }

    #[test]
    fn columns_fit_their_widest_text_and_stop_at_the_cap() {
        let mut widths = Widths::new(3);
        widths.fit_text(0, "申报编号");
        widths.fit_text(0, "4.1.2");
        widths.fit_text(1, &"很".repeat(100));
        assert_eq!(widths.get(0), 8 + PADDING);
        assert_eq!(widths.get(1), MAX_WIDTH);
        assert_eq!(widths.get(2), PADDING);
    }

    #[test]
    fn a_title_widens_the_chosen_column_until_it_fits() {
        let mut widths = Widths::new(2);
        widths.fit_text(0, "条款");
        widths.fit_text(1, "评分项目");
        assert_eq!(widths.total(), 4 + 8 + 2 * PADDING);
        // Ten CJK characters at 16 points: 20 × 16 / 11 → 30, plus padding.
        widths.fit_title(1, &"标".repeat(10));
        assert_eq!(widths.get(0), 4 + PADDING, "only the chosen column widens");
        assert_eq!(widths.total(), 30 + PADDING);
        widths.fit_title(1, "短");
        assert_eq!(widths.total(), 30 + PADDING, "a title that fits changes nothing");
    }
}
