//! `applications.xlsx` (申报汇总表): one row per application of the year,
//! with its organisation, the dates and each stage's result.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::book::{self, Cell, Styles, Table};
use super::{Built, WorkbookError, properties};
use crate::documents::Ctx;
use crate::documents::view::year_title;
use crate::model::Application;
use crate::model::procedure::{self, Review};

pub const FILE: &str = "applications.xlsx";
pub const SHEET: &str = "申报汇总表";

const HEADER: [&str; 12] = [
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
    "撤回日期",
];

pub fn workbook(ctx: &Ctx<'_>) -> Result<Built, WorkbookError> {
    let table = Table {
        title: format!("{}{SHEET}", year_title(ctx)),
        header: HEADER.iter().map(|h| (*h).to_owned()).collect(),
        rows: ctx
            .applications()
            .enumerate()
            .map(|(i, app)| row(ctx, i + 1, app))
            .collect(),
        frozen_columns: 3,
        header_wrap: None,
    };
    let err = |e: XlsxError| WorkbookError::new(FILE, &e);
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(ctx, &table.title).map_err(err)?);
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET).map_err(err)?;
    table.write(sheet, &Styles::new()).map_err(err)?;
    Ok(Built {
        file: FILE.to_owned(),
        bytes: book::save(&mut workbook, FILE)?.bytes,
        count: table.rows.len(),
    })
}

fn row(ctx: &Ctx<'_>, number: usize, app: &Application) -> Vec<Cell> {
    let org = ctx.model.organizations.get(&app.organization);
    let named = |id: &str, name: Option<&String>| name.cloned().unwrap_or_else(|| id.to_owned());
    let industry = org.map(|o| named(&o.industry, ctx.programme.industries.get(&o.industry).map(|i| &i.name)));
    let mut cells = vec![
        Cell::Number(number as f64),
        Cell::Code(app.id.clone()),
        Cell::Text(ctx.org_name(app)),
        org.map_or(Cell::Empty, |o| Cell::Code(o.uscc.clone())),
        Cell::Text(named(
            &app.recommender,
            ctx.programme.recommenders.get(&app.recommender).map(|r| &r.name),
        )),
        industry.map_or(Cell::Empty, Cell::Text),
        Cell::Text(named(&app.award, ctx.programme.awards.get(&app.award).map(|a| &a.name))),
        Cell::Date(app.submitted),
    ];
    // 资格审查, 资料评审, 现场评审: the outcome in the procedure's words.
    cells.extend(Review::ALL.iter().map(|review| {
        review
            .outcome(app)
            .map(|o| review.outcome_words(o).0)
            .or_else(|| review.undecided(app).then_some(procedure::UNDECIDED.0))
            .map_or(Cell::Empty, |words| Cell::Code(words.to_owned()))
    }));
    cells.push(app.withdrawn.as_ref().map_or(Cell::Empty, |w| Cell::Date(w.date)));
    cells
}
