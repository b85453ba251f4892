//! The year's workbooks (`qaward docs YEAR --xlsx`, SPEC section 10):
//! `applications.xlsx` (申报汇总表), `scores.xlsx` (评分汇总表) and the
//! score sheets of the material and on-site reviews, which the review
//! groups fill in and `qaward import` reads back. `docs/spreadsheets.md`
//! describes their layout.
//!
//! Written with rust_xlsxwriter; internal like the documents, into the
//! same folder. The same records give the same bytes: the creation time
//! in the document properties is the latest date the year's records hold
//! (never the clock), and the package's entries carry a fixed time.

mod applications;
mod book;
mod reached;
mod score_sheet;
mod scores;
mod structure;

use rust_xlsxwriter::{DocProperties, XlsxError};
use serde::Serialize;

use super::Ctx;
use crate::model::procedure;
use crate::write::OutputFile;

use crate::model::procedure::Review;

/// The score sheets of SPEC section 10: the review, the file (`import`
/// reads the review from the same name) and the title in `index.html`.
const SCORE_SHEETS: [(Review, &str, &str); 2] = [
    (Review::Material, "score-sheet-material.xlsx", "资料评审评分表"),
    (Review::Onsite, "score-sheet-onsite.xlsx", "现场评审评分表"),
];

/// A workbook could not be written; names the file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook `{file}`: {message}")]
pub struct WorkbookError {
    pub file: String,
    pub message: String,
}

impl WorkbookError {
    fn new(file: &str, error: &XlsxError) -> WorkbookError {
        WorkbookError {
            file: file.to_owned(),
            message: error.to_string(),
        }
    }
}

/// One workbook made: its file, its bytes and how many rows or sheets it
/// holds.
struct Built {
    file: String,
    bytes: Vec<u8>,
    count: usize,
}

/// A workbook as the index lists it.
#[derive(Clone, Debug, Serialize)]
pub struct WorkbookEntry {
    pub file: &'static str,
    pub name: &'static str,
    /// What it holds, or why it was not made.
    pub note: String,
    /// `generated` or `not-due`.
    pub state: &'static str,
    pub state_zh: &'static str,
}

/// The workbooks of the year and their index entries.
#[derive(Debug, Default)]
pub struct Workbooks {
    pub files: Vec<OutputFile>,
    pub entries: Vec<WorkbookEntry>,
}

impl Workbooks {
    fn add(&mut self, file: &'static str, name: &'static str, built: Option<Built>, note: String) {
        let (state, state_zh) = match &built {
            Some(_) => ("generated", "已生成"),
            None => ("not-due", "尚未到此阶段"),
        };
        if let Some(built) = built {
            self.files.push(OutputFile {
                path: built.file,
                bytes: built.bytes,
            });
        }
        self.entries.push(WorkbookEntry {
            file,
            name,
            note,
            state,
            state_zh,
        });
    }
}

/// Every workbook of the year; a score sheet only once an application
/// reached its stage.
pub(crate) fn workbooks(ctx: &Ctx<'_>) -> Result<Workbooks, WorkbookError> {
    let mut out = Workbooks::default();
    let built = applications::workbook(ctx)?;
    let note = format!(
        "每份申报一行，共 {} 份：企业（组织）、推荐单位、行业、日期和各阶段结果",
        built.count
    );
    out.add(applications::FILE, applications::SHEET, Some(built), note);
    let built = scores::workbook(ctx)?;
    let note =
        "资料评审、现场评审各一个工作表：进入该阶段的每份申报一行，按类目的得分、合计和同奖项内的排名".to_owned();
    out.add(scores::FILE, scores::NAME, Some(built), note);
    for (stage, file, name) in SCORE_SHEETS {
        let built = score_sheet::workbook(ctx, stage, file)?;
        let note = match &built {
            Some(b) => format!(
                "每份进入{}的申报一个工作表，共 {} 个，交评审组填写得分",
                stage.name_zh(),
                b.count
            ),
            None => format!("还没有进入{}的申报", stage.name_zh()),
        };
        out.add(file, name, built, note);
    }
    Ok(out)
}

/// The properties every workbook carries, created on the records' date.
fn properties(ctx: &Ctx<'_>, title: &str) -> Result<DocProperties, XlsxError> {
    book::properties(title, &ctx.programme.office.name, records_date(ctx))
}

/// The latest date the year's records hold: the cycle's stages (as the
/// procedure dates them), the submission for approval, and every
/// application's own dates.
fn records_date(ctx: &Ctx<'_>) -> jiff::civil::Date {
    let c = ctx.cycle;
    let stages = procedure::Stage::dated_fields(c)
        .into_iter()
        .map(|(_, date)| Some(date));
    let approval = c.approval.as_ref().map(|a| a.submitted);
    let applications = ctx.applications().flat_map(|a| {
        [
            Some(a.submitted),
            a.qualification.as_ref().map(|q| q.date),
            a.qualification.as_ref().and_then(|q| q.notified),
            a.material.as_ref().and_then(|m| m.notified),
            a.onsite.as_ref().and_then(|o| o.signed),
            a.withdrawn.as_ref().map(|w| w.date),
        ]
    });
    stages
        .chain([approval])
        .chain(applications)
        .flatten()
        .max()
        .unwrap_or(c.call.published)
}
