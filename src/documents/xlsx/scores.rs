//! `scores.xlsx` (评分汇总表): a worksheet per scored stage, with a row for
//! each application that reached it: its scores by category of the
//! standard, the total and the rank within its award.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::book::{self, Cell, Styles, Table};
use super::reached::reached;
use super::{Built, WorkbookError, properties};
use crate::documents::Ctx;
use crate::documents::view::year_title;
use crate::model::Application;
use crate::model::procedure::Review;
use crate::model::standard::Standard;

pub const FILE: &str = "scores.xlsx";
pub const NAME: &str = "评分汇总表";

/// The columns before the scores.
const LEADING: [&str; 4] = ["序号", "申报编号", "企业（组织）名称", "申报奖项"];
/// A category's header wraps at this width (four CJK characters).
const HEADER_WRAP: usize = 8;

/// One worksheet per stage (`资料评审得分`, `现场评审得分`), each listing the
/// applications that reached the stage.
pub fn workbook(ctx: &Ctx<'_>) -> Result<Built, WorkbookError> {
    let err = |e: XlsxError| WorkbookError::new(FILE, &e);
    let mut workbook = Workbook::new();
    let title = format!("{}{NAME}", year_title(ctx));
    workbook.set_properties(&properties(ctx, &title).map_err(err)?);
    let styles = Styles::new();
    let mut count = 0;
    for stage in Review::SCORED {
        let table = table(ctx, stage, &title);
        count = count.max(table.rows.len());
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(stage)).map_err(err)?;
        table.write(sheet, &styles).map_err(err)?;
    }
    Ok(Built {
        file: FILE.to_owned(),
        bytes: book::save(&mut workbook, FILE)?.bytes,
        count,
    })
}

/// The worksheet of a stage.
pub fn sheet_name(stage: Review) -> String {
    format!("{}得分", stage.name_zh())
}

fn table(ctx: &Ctx<'_>, stage: Review, title: &str) -> Table {
    let apps = ordered(ctx, stage);
    let ranks = ranks(&apps, stage);
    Table {
        title: format!("{title}（{}）", stage.name_zh()),
        header: header(ctx.standard),
        rows: apps
            .iter()
            .enumerate()
            .map(|(i, app)| row(ctx, stage, i + 1, app, &ranks))
            .collect(),
        frozen_columns: 3,
        header_wrap: Some(HEADER_WRAP),
    }
}

/// The leading columns, then one column per category (`4.1 领导（110分）`),
/// the total and the rank.
fn header(standard: &Standard) -> Vec<String> {
    let mut header: Vec<String> = LEADING.iter().map(|h| (*h).to_owned()).collect();
    header.extend(
        standard
            .categories
            .iter()
            .map(|c| format!("{} {}\n（{}分）", c.clause, c.name, c.points)),
    );
    header.push(format!("合计\n（{}分）", standard.total));
    header.push("排名".to_owned());
    header
}

/// The applications that reached `stage`: by award (the programme's
/// order), then by the stage's score, highest first (unscored last), then
/// by id.
fn ordered<'a>(ctx: &Ctx<'a>, stage: Review) -> Vec<&'a Application> {
    let mut apps: Vec<&Application> = ctx.applications().filter(|a| reached(ctx.cycle, a, stage)).collect();
    let award = |a: &Application| ctx.programme.awards.get_index_of(&a.award);
    apps.sort_by(|a, b| {
        award(a)
            .cmp(&award(b))
            .then_with(|| higher_first(score(a, stage), score(b, stage)))
            .then_with(|| a.id.cmp(&b.id))
    });
    apps
}

fn score(app: &Application, stage: Review) -> Option<f64> {
    stage.scores(app).map(|(score, _)| score)
}

/// Scored before unscored, higher scores first.
fn higher_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Each scored application's rank at `stage` among those of its award:
/// one more than the number scoring higher (equal scores share a rank).
fn ranks<'a>(apps: &[&'a Application], stage: Review) -> BTreeMap<&'a str, usize> {
    // Each award's scores, highest first.
    let mut scores: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for app in apps {
        if let Some(s) = score(app, stage) {
            scores.entry(app.award.as_str()).or_default().push(s);
        }
    }
    for list in scores.values_mut() {
        list.sort_by(|a, b| b.total_cmp(a));
    }
    apps.iter()
        .filter_map(|app| {
            let own = score(app, stage)?;
            let higher = scores.get(app.award.as_str())?.partition_point(|s| *s > own);
            Some((app.id.as_str(), higher + 1))
        })
        .collect()
}

fn row(ctx: &Ctx<'_>, stage: Review, number: usize, app: &Application, ranks: &BTreeMap<&str, usize>) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Number(number as f64),
        Cell::Code(app.id.clone()),
        Cell::Text(ctx.org_name(app)),
        Cell::Text(
            ctx.programme
                .awards
                .get(&app.award)
                .map_or_else(|| app.award.clone(), |a| a.name.clone()),
        ),
    ];
    let recorded = stage.scores(app);
    for category in &ctx.standard.categories {
        let scored: Vec<f64> = category
            .items
            .iter()
            .filter_map(|i| recorded.and_then(|(_, items)| items.get(&i.clause)).copied())
            .collect();
        cells.push(if scored.is_empty() {
            Cell::Empty
        } else {
            Cell::Number(scored.iter().sum())
        });
    }
    cells.push(recorded.map_or(Cell::Empty, |(score, _)| Cell::Number(score)));
    cells.push(
        ranks
            .get(app.id.as_str())
            .map_or(Cell::Empty, |r| Cell::Number(*r as f64)),
    );
    cells
}
