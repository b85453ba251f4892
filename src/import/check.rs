//! Checking a score sheet: its stage, its application against the model,
//! and every cell of its table against the standard's items.

use std::collections::{BTreeMap, BTreeSet};

use super::workbook::{At, CellValue, Grid, Labelled, POINTS, SCORE, Table, TableRow};
use super::{Found, SheetRef, review_named};
use crate::diagnostics::{Message, code};
use crate::load::Content;
use crate::model::procedure::Review;
use crate::model::standard::{Item, Standard, standard};
use crate::model::{Application, Cycle, Model};

/// A sheet that passed every check: what to record.
#[derive(Clone, Debug)]
pub(super) struct Scored {
    pub id: String,
    pub year: i64,
    pub stage: Review,
    /// The review group a new on-site record names.
    pub group: Option<String>,
    /// Clause, item name and score, in the standard's order.
    pub items: Vec<(String, String, u32)>,
}

/// Checks one score sheet; `seen` holds the sheets already accepted, by
/// year, application and stage.
pub(super) fn sheet(
    model: &Model,
    content: &Content,
    at: &SheetRef,
    grid: &Grid,
    file_stage: Option<Review>,
    seen: &mut BTreeMap<(i64, String, Review), (SheetRef, At)>,
    found: &mut Found,
) -> Option<Scored> {
    let id_label = grid.labelled(&["申报编号"]);
    let table = grid.table();
    let (id_label, table) = match (id_label, table) {
        (None, None) => return None,
        (Some(id), Some(table)) => (id, table),
        (id, table) => {
            let place = id.as_ref().map(|l| l.label).or(table.as_ref().map(|t| t.header));
            let message = match id {
                Some(_) => Message::new(
                    "评分表缺少“条款 | 评分项目 | 分值 | 得分”表头",
                    "the score sheet lacks the header row 条款 | 评分项目 | 分值 | 得分",
                ),
                None => Message::new("评分表缺少“申报编号”", "the score sheet lacks the label 申报编号"),
            };
            found.workbook(at, place.unwrap_or((0, 0)), message);
            return None;
        }
    };
    // Every part is checked, so that one run lists every problem.
    let stage = stage(grid, file_stage, at, found);
    let id = application_id(&id_label, at, found);
    let year = id
        .as_ref()
        .and_then(|(id, id_at)| year(content, grid, id, *id_at, at, found));
    let reached = match (stage, &id, year) {
        (Some(stage), Some((id, id_at)), Some(year)) => reached(model, year, id, stage, *id_at, at, found),
        _ => None,
    };
    let scoring = match year {
        Some(year) => cycle_standard(model, year),
        None => latest_standard(model),
    };
    let Some(scoring) = scoring else {
        found.workbook(
            at,
            table.header,
            Message::new(
                "评审管理办法没有内置评分表：无法核对得分",
                "the regulation names no built-in scoring table, so the scores cannot be checked",
            ),
        );
        return None;
    };
    let items = scores(scoring, &table, at, found);
    let (Some(stage), Some((id, id_at)), Some(year), Some(group), Some(items)) = (stage, id, year, reached, items)
    else {
        return None;
    };
    if let Some(first) = seen.get(&(year, id.clone(), stage)) {
        found.duplicate(at, id_at, first, &id, stage);
        return None;
    }
    seen.insert((year, id.clone(), stage), (at.clone(), id_at));
    Some(Scored {
        id,
        year,
        stage,
        group,
        items,
    })
}

/// The scoring table of the regulation that governs the cycle of `year`.
fn cycle_standard(model: &Model, year: i64) -> Option<&'static Standard> {
    let cycle = model.cycles.get(&year)?;
    standard(&model.regulation_on(cycle.call.published)?.standard)
}

/// The scoring table of the latest regulation, for a sheet whose cycle
/// is unknown (its cells are still checked).
fn latest_standard(model: &Model) -> Option<&'static Standard> {
    let programme = model.programme.as_ref()?;
    let latest = programme
        .regulations
        .iter()
        .filter(|r| standard(&r.standard).is_some())
        .max_by_key(|r| r.effective)?;
    standard(&latest.standard)
}

/// The sheet's stage: its 评审阶段 cell, else the workbook's file name.
fn stage(grid: &Grid, file_stage: Option<Review>, at: &SheetRef, found: &mut Found) -> Option<Review> {
    let Some(label) = grid.labelled(&["评审阶段"]) else {
        if file_stage.is_none() {
            found.workbook(at, (0, 0), Message::new(
                "看不出评分表属于哪个评审阶段：请在“评审阶段”右侧写“资料评审”或“现场评审”，或把文件命名为 score-sheet-material.xlsx / score-sheet-onsite.xlsx",
                "the sheet's stage is unknown: write 资料评审 or 现场评审 beside the label 评审阶段, or name the file score-sheet-material.xlsx / score-sheet-onsite.xlsx",
            ));
        }
        return file_stage;
    };
    let value = label.value.as_ref();
    let cell_stage = value.and_then(|(_, v)| v.text()).and_then(review_named);
    let place = value.map_or(label.label, |(a, _)| *a);
    match (cell_stage, file_stage) {
        (Some(s), Some(f)) if s != f => {
            found.workbook(
                at,
                place,
                Message::new(
                    format!(
                        "评审阶段写的是“{}”，文件名却表明是“{}”的评分表",
                        s.name_zh(),
                        f.name_zh()
                    ),
                    format!("the stage cell says {} but the file name says {}", s.key(), f.key()),
                ),
            );
            None
        }
        (Some(s), _) => Some(s),
        (None, _) => {
            let shown = value.map(|(_, v)| v.shown()).unwrap_or_default();
            found.workbook(
                at,
                place,
                Message::new(
                    format!("评审阶段应为“资料评审”或“现场评审”，而不是“{shown}”"),
                    format!("the stage must be 资料评审 or 现场评审, not `{shown}`"),
                ),
            );
            None
        }
    }
}

fn application_id(label: &Labelled, at: &SheetRef, found: &mut Found) -> Option<(String, At)> {
    let Some((id_at, value)) = &label.value else {
        found.workbook(
            at,
            label.label,
            Message::new(
                "“申报编号”右侧没有填写申报编号",
                "no application id beside the label 申报编号",
            ),
        );
        return None;
    };
    let id = value.shown();
    let valid = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        found.application(at, *id_at, Message::new(
            format!("申报编号 {} 无效：应为申报文件名（不含 .yaml），只含小写字母、数字和连字符", code(&id)),
            format!("application id {} is not valid: it is the application's file stem, lowercase letters, digits and hyphens", code(&id)),
        ));
        return None;
    }
    Some((id, *id_at))
}

/// The award year: the 年度 cell, else the title's `NNNN年度`, else the
/// one cycle holding the id.
#[allow(clippy::too_many_arguments)]
fn year(content: &Content, grid: &Grid, id: &str, id_at: At, at: &SheetRef, found: &mut Found) -> Option<i64> {
    let holding: Vec<i64> = content
        .application_ids
        .iter()
        .filter(|(_, ids)| ids.contains(id))
        .filter_map(|(y, _)| y.parse().ok())
        .collect();
    if let Some(label) = grid.labelled(&["年度", "评审年度"]) {
        return labelled_year(&label, &holding, content, id, id_at, at, found);
    }
    if let Some(year) = grid.title_year() {
        if !holding.contains(&year) {
            found.application(at, id_at, unknown(content, id, Some(year)));
            return None;
        }
        return Some(year);
    }
    match holding.as_slice() {
        [year] => Some(*year),
        [] => {
            found.application(at, id_at, unknown(content, id, None));
            None
        }
        years => {
            let list: Vec<String> = years.iter().map(i64::to_string).collect();
            found.application(
                at,
                id_at,
                Message::new(
                    format!("{} 年度都有申报 {}：请在“年度”右侧写明年度", list.join("、"), code(id)),
                    format!(
                        "application {} exists in {}: write the year beside the label 年度",
                        code(id),
                        list.join(", ")
                    ),
                ),
            );
            None
        }
    }
}

/// The year a 年度 label gives, when it is a year holding the application.
fn labelled_year(
    label: &Labelled,
    holding: &[i64],
    content: &Content,
    id: &str,
    id_at: At,
    at: &SheetRef,
    found: &mut Found,
) -> Option<i64> {
    let value = label.value.as_ref();
    let year = value.and_then(|(_, v)| {
        let shown = v.shown();
        shown
            .trim_end_matches("年度")
            .trim_end_matches('年')
            .trim()
            .parse::<i64>()
            .ok()
    });
    let place = value.map_or(label.label, |(a, _)| *a);
    let Some(year) = year else {
        found.workbook(
            at,
            place,
            Message::new(
                "“年度”应为四位年份，例如 2026",
                "the year must be four digits, as in 2026",
            ),
        );
        return None;
    };
    if !holding.contains(&year) {
        found.application(at, id_at, unknown(content, id, Some(year)));
        return None;
    }
    Some(year)
}

fn unknown(content: &Content, id: &str, year: Option<i64>) -> Message {
    let all: Vec<String> = content
        .application_ids
        .values()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let hint = crate::suggest::suggest(id, &all)
        .map(|s| {
            (
                format!("（是不是 {}？）", code(s)),
                format!(" (did you mean {}?)", code(s)),
            )
        })
        .unwrap_or_default();
    match year {
        Some(y) => Message::new(
            format!("{y} 年度没有申报 {}{}", code(id), hint.0),
            format!("there is no application {} in {y}{}", code(id), hint.1),
        ),
        None => Message::new(
            format!("没有申报 {}{}", code(id), hint.0),
            format!("there is no application {}{}", code(id), hint.1),
        ),
    }
}

/// Whether the application has reached `stage` and is not withdrawn
/// (reported where not); for an on-site review not recorded yet, the
/// review group its new record names.
fn reached(
    model: &Model,
    year: i64,
    id: &str,
    stage: Review,
    id_at: At,
    at: &SheetRef,
    found: &mut Found,
) -> Option<Option<String>> {
    let file = format!("cycles/{year}/applications/{id}.yaml");
    let cycle = model.cycles.get(&year);
    let Some((cycle, app)) = cycle.and_then(|c| Some((c, c.applications.get(id)?))) else {
        found.application(
            at,
            id_at,
            Message::new(
                format!("{file} 或本年度 cycle.yaml 有错误：请先用 qaward validate 检查并改正"),
                format!("{file} or the year's cycle.yaml has errors: run qaward validate and fix them first"),
            ),
        );
        return None;
    };
    match not_reached(cycle, app, id, stage) {
        Err(message) => {
            found.application(at, id_at, message);
            None
        }
        Ok(group) => Some(group),
    }
}

/// Why `app` takes no scores for `stage`, if it does not: withdrawn, not
/// let into the review, or (for an on-site review not recorded yet) no
/// review group assigned to it in `cycle`.
fn not_reached(cycle: &Cycle, app: &Application, id: &str, stage: Review) -> Result<Option<String>, Message> {
    if app.withdrawn.is_some() {
        return Err(Message::new(
            format!("申报 {} 已撤回，不能再记评分", code(id)),
            format!("application {} was withdrawn and takes no more scores", code(id)),
        ));
    }
    if !stage.entered(app) {
        return Err(match stage {
            Review::Onsite => Message::new(
                format!("申报 {} 没有进入现场评审（资料评审结果不是 advanced）", code(id)),
                format!("application {} has not advanced to the on-site review", code(id)),
            ),
            _ => Message::new(
                format!("申报 {} 尚未通过资格审查，还没有到资料评审", code(id)),
                format!(
                    "application {} has not passed the qualification review, so it has not reached the material review",
                    code(id)
                ),
            ),
        });
    }
    if stage != Review::Onsite || stage.recorded(app) {
        return Ok(None);
    }
    // A new on-site record names its review group (scores come before
    // results, but not before the group).
    let group = cycle
        .review_groups
        .iter()
        .find(|(_, g)| g.applications.iter().any(|a| a == id))
        .map(|(name, _)| name.clone());
    group.map(Some).ok_or_else(|| {
        Message::new(
            format!(
                "申报 {} 还没有分到评审组：请先在 cycle.yaml 的 review_groups 中分组，再导入现场评审得分",
                code(id)
            ),
            format!(
                "application {} is in no review group yet: assign it in the `review_groups` of cycle.yaml, then import its on-site scores",
                code(id)
            ),
        )
    })
}

/// Every cell of the table, against the standard: the scores by clause
/// in the standard's order, or `None` when any is wrong.
fn scores(table: &Standard, rows: &Table, at: &SheetRef, found: &mut Found) -> Option<Vec<(String, String, u32)>> {
    let errors = found.errors();
    let mut cells = Cells {
        table,
        at,
        found,
        col: rows.header.1,
    };
    let mut scored: BTreeMap<&str, u32> = BTreeMap::new();
    for row in &rows.rows {
        if let Some((clause, score)) = cells.row(row, &scored) {
            scored.insert(clause, score);
        }
    }
    let items: Vec<_> = table.categories.iter().flat_map(|c| &c.items).collect();
    let listed: BTreeSet<String> = rows
        .rows
        .iter()
        .filter_map(|r| r.clause.as_ref().map(CellValue::shown))
        .collect();
    let missing: Vec<&str> = items
        .iter()
        .map(|i| i.clause.as_str())
        .filter(|c| !listed.contains(*c))
        .collect();
    if !missing.is_empty() {
        let (list_zh, list_en) = (missing.join("、"), missing.join(", "));
        found.score(
            at,
            rows.header,
            Message::new(
                format!(
                    "评分表缺少这些条款的行：{list_zh}（{} 的每个条款都须打分）",
                    table.standard
                ),
                format!(
                    "the table lacks the rows of items {list_en} (every item of {} is scored)",
                    table.standard
                ),
            ),
        );
    }
    if found.errors() > errors {
        return None;
    }
    let scores = items
        .iter()
        .filter_map(|i| Some((i.clause.clone(), i.name.clone(), *scored.get(i.clause.as_str())?)));
    Some(scores.collect())
}

/// The cells of one table, checked against the standard.
struct Cells<'t, 'f> {
    table: &'t Standard,
    at: &'t SheetRef,
    found: &'f mut Found,
    /// The column of `条款`.
    col: u32,
}

impl<'t> Cells<'t, '_> {
    /// One row: its item's clause and score, when it is an item row and
    /// all is well.
    fn row(&mut self, row: &TableRow, scored: &BTreeMap<&str, u32>) -> Option<(&'t str, u32)> {
        let clause_at = (row.row, self.col);
        let clause = row.clause.as_ref().map(CellValue::shown).unwrap_or_default();
        if clause.is_empty() {
            let message = Message::new("这一行有得分却没有条款号", "this row has a score but no clause");
            self.found.workbook(self.at, clause_at, message);
            return None;
        }
        if self.table.category(&clause).is_some() {
            return None;
        }
        let Some(item) = self.table.item(&clause) else {
            self.found.workbook(
                self.at,
                clause_at,
                Message::new(
                    format!("{} 中没有评分条款 {}", self.table.standard, code(&clause)),
                    format!("{} has no scored item {}", self.table.standard, code(&clause)),
                ),
            );
            return None;
        };
        if scored.contains_key(item.clause.as_str()) {
            let message = Message::new(
                format!("条款 {clause} 出现了两次"),
                format!("item {clause} appears twice"),
            );
            self.found.workbook(self.at, clause_at, message);
            return None;
        }
        self.points(item, row.points.as_ref(), (row.row, self.col + POINTS));
        let score = self.score(item, row.score.as_ref(), (row.row, self.col + SCORE))?;
        Some((item.clause.as_str(), score))
    }

    /// A 分值 cell: the item's maximum.
    fn points(&mut self, item: &'t Item, cell: Option<&CellValue>, place: At) {
        let (clause, max) = (&item.clause, item.points);
        if cell.and_then(number) != Some(f64::from(max)) {
            let shown = cell.map(CellValue::shown).unwrap_or_default();
            self.found.workbook(
                self.at,
                place,
                Message::new(
                    format!("条款 {clause} 的分值写的是“{shown}”，评审标准规定为 {max} 分"),
                    format!("item {clause} shows the maximum `{shown}`; the standard gives {max}"),
                ),
            );
        }
    }

    /// A 得分 cell: a whole number from 0 to the item's maximum.
    fn score(&mut self, item: &'t Item, cell: Option<&CellValue>, place: At) -> Option<u32> {
        let (clause, name, max) = (&item.clause, &item.name, item.points);
        let Some(cell) = cell else {
            self.found.score(
                self.at,
                place,
                Message::new(
                    format!("条款 {clause}（{name}）没有打分"),
                    format!("item {clause} ({name}) has no score"),
                ),
            );
            return None;
        };
        let shown = cell.shown();
        let Some(value) = number(cell) else {
            self.found.score(
                self.at,
                place,
                Message::new(
                    format!("条款 {clause}（{name}）的得分“{shown}”不是数字"),
                    format!("the score `{shown}` of item {clause} ({name}) is not a number"),
                ),
            );
            return None;
        };
        let problem = if value.fract() != 0.0 {
            Some(("不是整数", "is not a whole number"))
        } else if value < 0.0 {
            Some(("小于 0", "is below 0"))
        } else if value > f64::from(max) {
            Some(("超过该条款分值", "is above the item's maximum"))
        } else {
            None
        };
        if let Some((zh, en)) = problem {
            self.found.score(
                self.at,
                place,
                Message::new(
                    format!("条款 {clause}（{name}）的得分 {shown} {zh}：应为 0 至 {max} 的整数"),
                    format!(
                        "the score {shown} of item {clause} ({name}) {en}: it must be a whole number from 0 to {max}"
                    ),
                ),
            );
            return None;
        }
        if matches!(cell, CellValue::Text(_)) {
            self.found.text_number(self.at, place, clause);
        }
        // Whole and within 0..=max: the cast is exact.
        Some(value as u32)
    }
}

/// A cell's number: a number cell, or a text cell holding only one.
fn number(cell: &CellValue) -> Option<f64> {
    match cell {
        CellValue::Number(n) if n.is_finite() => Some(*n),
        CellValue::Text(t) => t.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}
