//! Reading workbooks into grids of cells, and finding in a grid the parts
//! of a score sheet (docs/spreadsheets.md): the labelled cells and the
//! item table. The only module that names calamine.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

/// A cell's value, as far as a score sheet cares.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum CellValue {
    Text(String),
    Number(f64),
    /// Anything else (a truth value, a date, an error), as shown.
    Other(String),
}

impl CellValue {
    /// The text of a text cell, trimmed.
    pub fn text(&self) -> Option<&str> {
        match self {
            CellValue::Text(t) => Some(t.trim()),
            _ => None,
        }
    }

    /// How the cell reads to a person.
    pub fn shown(&self) -> String {
        match self {
            CellValue::Text(t) => t.trim().to_owned(),
            CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            CellValue::Number(n) => n.to_string(),
            CellValue::Other(s) => s.clone(),
        }
    }
}

/// A cell's place: row and column from 0.
pub(super) type At = (u32, u32);

/// The non-empty cells of one worksheet by place.
#[derive(Clone, Debug, Default)]
pub(super) struct Grid {
    pub cells: BTreeMap<At, CellValue>,
}

/// Why a workbook could not be read as one.
#[derive(Debug)]
pub(super) enum Unreadable {
    /// The file cannot be opened (missing, no permission): a usage error.
    Io(std::io::Error),
    /// It is not a workbook calamine reads.
    Format(String),
}

/// A worksheet by name: its grid, or why it cannot be read.
pub(super) type Sheet = (String, Result<Grid, String>);

/// Every worksheet of the workbook at `path`, in order.
pub(super) fn read(path: &Path) -> Result<Vec<Sheet>, Unreadable> {
    std::fs::File::open(path).map_err(Unreadable::Io)?;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| Unreadable::Format(e.to_string()))?;
    let names = book.sheet_names();
    Ok(names
        .into_iter()
        .map(|name| {
            let grid = book
                .worksheet_range(&name)
                .map(|range| grid(&range))
                .map_err(|e| e.to_string());
            (name, grid)
        })
        .collect())
}

fn grid(range: &calamine::Range<Data>) -> Grid {
    let (top, left) = range.start().unwrap_or((0, 0));
    let cells = range
        .used_cells()
        .filter_map(|(row, col, data)| {
            let at = (top + u32::try_from(row).ok()?, left + u32::try_from(col).ok()?);
            let value = match data {
                Data::String(s) if s.trim().is_empty() => return None,
                Data::String(s) => CellValue::Text(s.clone()),
                Data::Int(i) => CellValue::Number(*i as f64),
                Data::Float(f) => CellValue::Number(*f),
                Data::Empty => return None,
                other => CellValue::Other(other.to_string()),
            };
            Some((at, value))
        })
        .collect();
    Grid { cells }
}

/// A label's cell and the cell of its value, when it has one.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Labelled {
    pub label: At,
    pub value: Option<(At, CellValue)>,
}

/// One row of the item table.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TableRow {
    pub row: u32,
    pub clause: Option<CellValue>,
    pub points: Option<CellValue>,
    pub score: Option<CellValue>,
}

/// The item table: the place of its `条款` header cell and its rows.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Table {
    pub header: At,
    pub rows: Vec<TableRow>,
}

/// The columns of the table after `条款`: `评分项目`, `分值`, `得分`.
pub(super) const NAME: u32 = 1;
pub(super) const POINTS: u32 = 2;
pub(super) const SCORE: u32 = 3;

const HEADER: [&str; 4] = ["条款", "评分项目", "分值", "得分"];
/// Every label a score sheet may have (docs/spreadsheets.md).
pub(super) const LABELS: [&str; 4] = ["申报编号", "年度", "评审年度", "评审阶段"];

fn is_label(value: &CellValue, labels: &[&str]) -> bool {
    value
        .text()
        .map(|t| t.trim_end_matches([':', '：']).trim())
        .is_some_and(|t| labels.contains(&t))
}
const TOTALS: [&str; 3] = ["合计", "总分", "总计"];

impl Grid {
    fn text(&self, at: At) -> Option<&str> {
        self.cells.get(&at).and_then(CellValue::text)
    }

    /// The first cell (row by row) whose text is one of `labels`, with or
    /// without a trailing colon, and its value: the first non-empty cell
    /// to its right, unless that is another label.
    pub fn labelled(&self, labels: &[&str]) -> Option<Labelled> {
        let (&label, _) = self.cells.iter().find(|(_, v)| is_label(v, labels))?;
        let value = self
            .cells
            .range((label.0, label.1 + 1)..(label.0 + 1, 0))
            .next()
            .filter(|(_, v)| !is_label(v, &LABELS))
            .map(|(at, v)| (*at, v.clone()));
        Some(Labelled { label, value })
    }

    /// The year of a title such as `2024年度温州市市长质量奖现场评审评分表`:
    /// the first text cell that starts with four digits and `年度`.
    pub fn title_year(&self) -> Option<i64> {
        self.cells.values().filter_map(CellValue::text).find_map(|t| {
            let digits = t.get(..4)?;
            let rest = t.get(4..)?;
            (digits.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with("年度")).then(|| digits.parse().ok())?
        })
    }

    /// The item table, when the sheet has its header row.
    pub fn table(&self) -> Option<Table> {
        let header = self.cells.keys().copied().find(|&(row, col)| {
            HEADER
                .iter()
                .zip(0..)
                .all(|(name, i)| self.text((row, col + i)) == Some(*name))
        })?;
        let (top, col) = header;
        let last = self.cells.keys().map(|(row, _)| *row).max().unwrap_or(top);
        let mut rows = Vec::new();
        for row in top + 1..=last {
            let cell = |i: u32| self.cells.get(&(row, col + i)).cloned();
            let total = [0, NAME]
                .iter()
                .any(|&i| self.text((row, col + i)).is_some_and(|t| TOTALS.contains(&t)));
            let (clause, score) = (cell(0), cell(SCORE));
            if total || (clause.is_none() && score.is_none() && !rows.is_empty()) {
                break;
            }
            if clause.is_none() && score.is_none() {
                continue;
            }
            rows.push(TableRow {
                row,
                clause,
                points: cell(POINTS),
                score,
            });
        }
        Some(Table { header, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[((u32, u32), CellValue)]) -> Grid {
        Grid {
            cells: cells.iter().cloned().collect(),
        }
    }

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_owned())
    }

    #[test]
    fn a_label_takes_the_first_filled_cell_to_its_right() {
        let g = grid(&[
            ((0, 0), text("申报编号：")),
            ((0, 3), text("ouhai-demo-valve")),
            ((1, 0), text("年度")),
            ((2, 1), text("2026")),
            ((3, 0), text("申报编号")),
            ((3, 1), text("评审阶段：")),
        ]);
        let id = g.labelled(&["申报编号"]).expect("label");
        assert_eq!(id.value, Some(((0, 3), text("ouhai-demo-valve"))));
        assert_eq!(g.labelled(&["年度"]).expect("label").value, None);
        let g = Grid {
            cells: g.cells.into_iter().filter(|(at, _)| at.0 == 3).collect(),
        };
        assert_eq!(
            g.labelled(&["申报编号"]).expect("label").value,
            None,
            "another label is no value"
        );
        assert!(g.labelled(&["年度"]).is_none());
    }

    #[test]
    fn the_table_runs_from_its_header_to_its_total_or_a_blank_row() {
        let g = grid(&[
            ((3, 1), text("条款")),
            ((3, 2), text("评分项目")),
            ((3, 3), text("分值")),
            ((3, 4), text("得分")),
            ((4, 1), text("4.1")),
            ((5, 1), text("4.1.2")),
            ((5, 3), CellValue::Number(50.0)),
            ((5, 4), CellValue::Number(40.0)),
            ((7, 1), text("4.1.3")),
            ((8, 2), text("合计")),
            ((9, 1), text("评审组长签字")),
        ]);
        let table = g.table().expect("table");
        assert_eq!(table.header, (3, 1));
        let rows: Vec<u32> = table.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [4, 5]);
        assert_eq!(table.rows[1].score, Some(CellValue::Number(40.0)));
        let no_header = grid(&[((0, 0), text("条款")), ((0, 1), text("得分"))]);
        assert!(no_header.table().is_none());
    }

    #[test]
    fn the_year_comes_from_a_title_that_starts_with_it() {
        let g = grid(&[
            ((0, 0), text("评分表")),
            ((1, 0), text("2024年度温州市市长质量奖现场评审评分表")),
        ]);
        assert_eq!(g.title_year(), Some(2024));
        assert_eq!(grid(&[((0, 0), text("2024年5月"))]).title_year(), None);
        assert_eq!(grid(&[((0, 0), text("年度"))]).title_year(), None);
    }

    #[test]
    fn numbers_show_as_people_wrote_them() {
        assert_eq!(CellValue::Number(45.0).shown(), "45");
        assert_eq!(CellValue::Number(45.5).shown(), "45.5");
        assert_eq!(text(" x ").shown(), "x");
    }
}
