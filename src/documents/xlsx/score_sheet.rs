//! The score sheets (`score-sheet-material.xlsx`, `score-sheet-onsite.xlsx`):
//! one worksheet per application that reached the stage, for its review
//! group to fill in. `docs/spreadsheets.md` is the layout's contract with
//! `qaward import`, which reads the sheets back; the constants below are
//! that layout.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError};

use super::book::{self, Orientation, Styles, Widths, number_text};
use super::reached::reached;
use super::{Built, WorkbookError, properties};
use crate::documents::Ctx;
use crate::documents::view::year_title;
use crate::model::Application;
use crate::model::procedure::Review;
use crate::model::standard::Standard;

/// Row (0-based) of the 申报编号 and 评审阶段 labels and their values.
pub const ID_ROW: u32 = 1;
/// Row of 申报单位 (the organisation's name).
const ORG_ROW: u32 = 2;
/// Row of 申报奖项 (the award's year-marked title).
const AWARD_ROW: u32 = 3;
/// Row of the table header 条款 | 评分项目 | 分值 | 得分.
pub const HEADER_ROW: u32 = 4;
/// The header, column A to D.
pub const HEADER: [&str; 4] = ["条款", "评分项目", "分值", "得分"];
/// Column of the scores (D).
const SCORE_COL: u16 = 3;
/// Excel's limit on a sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

/// The score sheet of `stage`, or `None` when no application reached it.
pub fn workbook(ctx: &Ctx<'_>, stage: Review, file: &str) -> Result<Option<Built>, WorkbookError> {
    let apps: Vec<&Application> = ctx.applications().filter(|a| reached(ctx.cycle, a, stage)).collect();
    if apps.is_empty() {
        return Ok(None);
    }
    let title = format!("{}{}评分表", year_title(ctx), stage.name_zh());
    let err = |e: XlsxError| WorkbookError::new(file, &e);
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(ctx, &title).map_err(err)?);
    let styles = Styles::new();
    let ids: Vec<&str> = apps.iter().map(|a| a.id.as_str()).collect();
    for (app, name) in apps.iter().zip(sheet_names(&ids)) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).map_err(err)?;
        let facts = Facts {
            title: &title,
            stage,
            organisation: ctx.org_name(app),
            award: ctx
                .programme
                .awards
                .get(&app.award)
                .map_or_else(|| app.award.clone(), |a| a.title_for(ctx.year())),
            recorded: stage.scores(app).map(|(_, items)| items),
        };
        write_sheet(sheet, &styles, ctx.standard, &app.id, &facts).map_err(err)?;
    }
    let bytes = book::save(&mut workbook, file)?;
    let bytes = super::structure::lock_structure(&bytes.bytes).map_err(|message| WorkbookError {
        file: file.to_owned(),
        message,
    })?;
    Ok(Some(Built {
        file: file.to_owned(),
        bytes,
        count: apps.len(),
    }))
}

/// What one sheet prints besides the standard.
struct Facts<'a> {
    title: &'a str,
    stage: Review,
    organisation: String,
    award: String,
    /// The item scores recorded for the stage, filled in as they are.
    recorded: Option<&'a BTreeMap<String, f64>>,
}

fn write_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    standard: &Standard,
    id: &str,
    facts: &Facts<'_>,
) -> Result<(), XlsxError> {
    book::title(sheet, styles, facts.title, HEADER.len() as u16)?;
    let mut widths = Widths::new(HEADER.len());
    let labelled = [
        (ID_ROW, 0, "申报编号"),
        (ID_ROW, 2, "评审阶段"),
        (ORG_ROW, 0, "申报单位"),
        (AWARD_ROW, 0, "申报奖项"),
    ];
    for (row, col, label) in labelled {
        sheet.write_string_with_format(row, col, label, &styles.label)?;
        widths.fit_text(col as usize, label);
    }
    sheet.write_string_with_format(ID_ROW, 1, id, &styles.centred)?;
    sheet.write_string_with_format(ID_ROW, 3, facts.stage.name_zh(), &styles.centred)?;
    sheet.merge_range(ORG_ROW, 1, ORG_ROW, 3, &facts.organisation, &styles.centred)?;
    sheet.merge_range(AWARD_ROW, 1, AWARD_ROW, 3, &facts.award, &styles.centred)?;
    widths.fit_text(1, id);
    widths.fit_text(3, facts.stage.name_zh());
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &styles.header)?;
        widths.fit(col, book::text_width(name) + 2);
    }
    let last = items(sheet, styles, standard, facts.recorded, &mut widths)?;
    let cached = standard
        .categories
        .iter()
        .flat_map(|c| &c.items)
        .filter_map(|i| facts.recorded.and_then(|r| r.get(&i.clause)))
        .sum();
    total(sheet, styles, last, cached, standard)?;
    // Signed on paper, under the table.
    sheet.merge_range(last + 3, 0, last + 3, 3, "评审专家（签字）：", &styles.plain)?;
    sheet.merge_range(last + 5, 0, last + 5, 3, "日期：　　　　年　　月　　日", &styles.plain)?;
    // The merged cells hold the organisation, the award and the title:
    // the item column takes up what they need beyond the others.
    let others = widths.get(0) + widths.get(2) + widths.get(3);
    widths.fit(1, book::text_width(&facts.organisation).saturating_sub(others));
    widths.fit(1, book::text_width(&facts.award).saturating_sub(others));
    widths.fit_title(1, facts.title);
    widths.apply(sheet)?;
    for row in [ID_ROW, ORG_ROW, AWARD_ROW, HEADER_ROW] {
        book::row_lines(sheet, row, 1)?;
    }
    sheet.autofilter(HEADER_ROW, 0, last, SCORE_COL)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    book::page(sheet, Orientation::Portrait, (0, HEADER_ROW))?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    Ok(())
}

/// One row per item of the standard, in its order: clause, name, maximum
/// and the open score cell with its validation. Returns the last row.
fn items(
    sheet: &mut Worksheet,
    styles: &Styles,
    standard: &Standard,
    recorded: Option<&BTreeMap<String, f64>>,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    let mut row = HEADER_ROW;
    for item in standard.categories.iter().flat_map(|c| &c.items) {
        row += 1;
        sheet.write_string_with_format(row, 0, &item.clause, &styles.centred)?;
        sheet.write_string_with_format(row, 1, &item.name, &styles.text)?;
        sheet.write_number_with_format(row, 2, f64::from(item.points), &styles.centred)?;
        match recorded.and_then(|r| r.get(&item.clause)) {
            Some(score) => {
                sheet.write_number_with_format(row, SCORE_COL, *score, &styles.input)?;
                widths.fit_text(3, &number_text(*score));
            }
            None => {
                sheet.write_blank(row, SCORE_COL, &styles.input)?;
            }
        }
        sheet.add_data_validation(
            row,
            SCORE_COL,
            row,
            SCORE_COL,
            &validation(&item.clause, &item.name, item.points)?,
        )?;
        book::row_lines(sheet, row, 1)?;
        widths.fit_text(0, &item.clause);
        widths.fit_text(1, &item.name);
        widths.fit_text(2, &item.points.to_string());
    }
    Ok(row)
}

/// 得分 of one item: a whole number from 0 to its maximum.
fn validation(clause: &str, name: &str, max: u32) -> Result<DataValidation, XlsxError> {
    let max = i32::try_from(max).unwrap_or(i32::MAX);
    DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, max))
        .set_input_title(format!("{clause} 得分"))?
        .set_input_message(format!("{name}：请填写 0 至 {max} 的整数。"))?
        .set_error_title("得分无效")?
        .set_error_message(format!(
            "{clause} {name}的得分应为 0 至 {max} 的整数（本项分值 {max} 分）。"
        ))
}

/// The total row after the last item: 合计, the standard's total and the
/// sum of the scores, both formulas; `cached` is the sum a reader sees
/// before the workbook is recalculated.
fn total(sheet: &mut Worksheet, styles: &Styles, last: u32, cached: f64, standard: &Standard) -> Result<(), XlsxError> {
    let row = last + 1;
    // A1 rows of the first and last item.
    let (first, last) = (HEADER_ROW + 2, last + 1);
    sheet.merge_range(row, 0, row, 1, "合计", &styles.total)?;
    let points = Formula::new(format!("=SUM(C{first}:C{last})")).set_result(standard.total.to_string());
    sheet.write_formula_with_format(row, 2, points, &styles.total)?;
    let sum = Formula::new(format!("=SUM(D{first}:D{last})")).set_result(number_text(cached));
    sheet.write_formula_with_format(row, SCORE_COL, sum, &styles.total)?;
    book::row_lines(sheet, row, 1)?;
    Ok(())
}

/// A sheet name for each id: the id itself, or, when Excel would refuse it
/// (longer than 31 characters, or `history`, which Excel reserves), the
/// id cut to 28 characters with `~N` to keep the names distinct. The
/// 申报编号 cell always holds the whole id.
pub fn sheet_names(ids: &[&str]) -> Vec<String> {
    let mut taken: BTreeSet<String> = ids
        .iter()
        .filter(|id| fits(id))
        .map(|id| id.to_ascii_lowercase())
        .collect();
    ids.iter()
        .map(|id| {
            if fits(id) {
                return (*id).to_owned();
            }
            // Room for `~` and four digits.
            let stem: String = id.chars().take(SHEET_NAME_MAX - 5).collect();
            let name = (1..)
                .map(|n| format!("{stem}~{n}"))
                .find(|name| !taken.contains(&name.to_ascii_lowercase()))
                .unwrap_or_default();
            taken.insert(name.to_ascii_lowercase());
            name
        })
        .collect()
}

fn fits(id: &str) -> bool {
    id.chars().count() <= SHEET_NAME_MAX && !id.eq_ignore_ascii_case("history")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_are_named_after_their_ids_shortened_only_where_excel_refuses() {
        let long = "a-very-long-application-identifier-of-forty";
        let longer = "a-very-long-application-identifier-of-fifty-chars";
        let names = sheet_names(&["alpha", long, longer, "history", "beta"]);
        assert_eq!(names[0], "alpha");
        assert_eq!(names[1], "a-very-long-application-id~1");
        assert_eq!(names[2], "a-very-long-application-id~2");
        assert_eq!(names[3], "history~1");
        assert_eq!(names[4], "beta");
        assert!(names.iter().all(|n| n.chars().count() <= SHEET_NAME_MAX));
    }

    #[test]
    fn a_shortened_name_never_takes_an_id_that_fits() {
        let long = "b".repeat(40);
        let taken = format!("{}~1", "b".repeat(26));
        let names = sheet_names(&[long.as_str(), taken.as_str()]);
        assert_eq!(names, [format!("{}~2", "b".repeat(26)), taken]);
    }
}
