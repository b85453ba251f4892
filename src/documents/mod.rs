//! The office's own documents (`qaward docs`, SPEC section 8): the written
//! notices, reports and lists the regulation makes the office produce at
//! each stage, built from the records of one award year.
//!
//! The pipeline mirrors the site's: the validated model → a *plan* (one
//! entry per document the year calls for, each either ready with its own
//! view, or missing facts, or not yet due) → tera templates of the theme's
//! `docs/` folder → output files. The views carry internal facts (reasons,
//! scores, experts, objections), but each only what its document prints.
//! These files are internal (第二十四条（四）): `build` never reads this
//! module, and the output contract keeps the two folders apart.
//!
//! A document whose facts are incomplete is not rendered; each missing
//! fact becomes a finding at the node of the content where it belongs, in
//! the formats of `validate`, and is listed in `index.html`.

mod approval;
pub(crate) mod docx;
mod notices;
mod objections;
mod onsite;
pub mod pdf;
mod render;
mod review;
mod view;
mod xlsx;

use serde::Serialize;

use crate::catalogue::{Rule, rule_table};
use crate::diagnostics::{Diagnostic, Location, Message, Report, Resolved};
use crate::load::Content;
use crate::model::standard::{Standard, standard};
use crate::model::{Application, Cycle, Model, Programme, Regulation};
use crate::theme::Theme;
use crate::write::OutputFile;

pub(crate) use render::RenderError;

// The findings `docs` can report, one per kind of document. They are not
// rules of the `validate` catalogue: the content may be valid and still
// lack a fact a document prints.
rule_table! {
    QUALIFICATION_NOTICE = ("docs/qualification-notice", Error, "第十四条", "未通过资格审查的，由市评审办书面告知；告知书写明记录的理由", "a failed qualification is notified in writing, with the recorded reason");
    MATERIAL_NOTICE = ("docs/material-notice", Error, "第十五条", "未能进入现场评审的，由市评审办书面告知", "an application that does not advance is notified in writing");
    ONSITE_REPORT = ("docs/onsite-report", Error, "第十六条", "现场评审报告载明评审组、分项得分和受评企业（组织）负责人的签字确认", "the on-site report names the group, the item scores and the signature of the applicant's head");
    REVIEW_REPORT = ("docs/review-report", Error, "第十七条", "评审工作报告载明各阶段情况和候选企业（组织）的现场评审得分", "the review report gives each stage's figures and the candidates' on-site scores");
    OBJECTION_REPORT = ("docs/objection-report", Error, "第十八条", "公示期间反映的问题经调查核实，形成调查报告提交市评委会", "objections raised during the publicity are investigated and reported to the committee");
    APPROVAL_LIST = ("docs/approval-list", Error, "第十九条", "经公示和异议处理后，拟获评名单报市政府批准", "after the publicity and the objections, the proposed list goes to the government for approval");
}

/// The kinds of document, in the order of the procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DocKind {
    QualificationNotice,
    MaterialNotice,
    OnsiteReport,
    ReviewReport,
    ObjectionReport,
    ApprovalList,
}

impl DocKind {
    pub fn rule(self) -> &'static Rule {
        match self {
            DocKind::QualificationNotice => QUALIFICATION_NOTICE,
            DocKind::MaterialNotice => MATERIAL_NOTICE,
            DocKind::OnsiteReport => ONSITE_REPORT,
            DocKind::ReviewReport => REVIEW_REPORT,
            DocKind::ObjectionReport => OBJECTION_REPORT,
            DocKind::ApprovalList => APPROVAL_LIST,
        }
    }

    /// The file-name stem of its documents (SPEC section 8), which is also
    /// its template's.
    fn stem(self) -> &'static str {
        self.template().trim_end_matches(".html")
    }

    /// The template under the theme's `docs/` folder.
    fn template(self) -> &'static str {
        match self {
            DocKind::QualificationNotice => "qualification-notice.html",
            DocKind::MaterialNotice => "material-notice.html",
            DocKind::OnsiteReport => "onsite-report.html",
            DocKind::ReviewReport => "review-report.html",
            DocKind::ObjectionReport => "objection-report.html",
            DocKind::ApprovalList => "approval-list.html",
        }
    }

    /// What the document is, in Chinese.
    pub fn name_zh(self) -> &'static str {
        match self {
            DocKind::QualificationNotice => "资格审查结果书面告知书",
            DocKind::MaterialNotice => "资料评审结果书面告知书",
            DocKind::OnsiteReport => "现场评审报告",
            DocKind::ReviewReport => "评审工作报告",
            DocKind::ObjectionReport => "异议调查报告",
            DocKind::ApprovalList => "拟获评企业（组织）名单（报请市政府批准）",
        }
    }

    fn name_en(self) -> &'static str {
        match self {
            DocKind::QualificationNotice => "written notice of the qualification result",
            DocKind::MaterialNotice => "written notice of the material-review result",
            DocKind::OnsiteReport => "on-site review report",
            DocKind::ReviewReport => "review report",
            DocKind::ObjectionReport => "objection investigation report",
            DocKind::ApprovalList => "list submitted for approval",
        }
    }
}

/// One fact a document needs and the records lack: where it belongs (the
/// node that should hold it) and what it is.
#[derive(Clone, Debug)]
pub(crate) struct Missing {
    pub location: Location,
    /// The field as written in the content, e.g. `qualification.reason`.
    pub field: String,
    pub what_zh: String,
    pub what_en: String,
}

impl Missing {
    pub(crate) fn new(location: Location, field: impl Into<String>, what_zh: &str, what_en: &str) -> Missing {
        Missing {
            location,
            field: field.into(),
            what_zh: what_zh.to_owned(),
            what_en: what_en.to_owned(),
        }
    }
}

/// A complete document's view, twice: as JSON for its template and typed
/// for the Word writer (`docx`), so both print the same facts.
#[derive(Clone, Debug)]
pub(crate) struct Ready {
    pub json: serde_json::Value,
    view: Box<View>,
}

/// The typed views, one variant per kind of view.
#[derive(Clone, Debug)]
enum View {
    Notice(notices::NoticeView),
    Onsite(onsite::OnsiteView),
    Review(review::ReviewView),
    Objections(objections::ObjectionView),
    Approval(approval::ApprovalView),
}

macro_rules! views {
    ($($variant:ident($ty:ty)),*) => {
        $(impl From<$ty> for View {
            fn from(view: $ty) -> View {
                View::$variant(view)
            }
        })*
    };
}

views!(
    Notice(notices::NoticeView),
    Onsite(onsite::OnsiteView),
    Review(review::ReviewView),
    Objections(objections::ObjectionView),
    Approval(approval::ApprovalView)
);

/// Where a planned document stands.
#[derive(Clone, Debug)]
pub(crate) enum State {
    /// Complete: the view its template renders.
    Ready(Ready),
    /// Facts are missing; the document is not generated.
    Missing(Vec<Missing>),
    /// The cycle has not reached the stage that calls for it.
    NotDue(String),
    /// The stage was reached but calls for no document (no objections).
    NotNeeded(String),
    /// The view could not be serialised (never expected); aborts the run.
    Failed(String),
}

/// One document the year calls for.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    pub kind: DocKind,
    /// The file name, e.g. `qualification-notice-acme.html` (SPEC section 8).
    pub file: String,
    /// The organisation it concerns, for per-application documents.
    pub subject: Option<String>,
    pub state: State,
}

impl Planned {
    fn new(kind: DocKind, file: String, subject: Option<String>, state: State) -> Planned {
        Planned {
            kind,
            file,
            subject,
            state,
        }
    }
}

/// What a run produced.
#[derive(Debug)]
pub(crate) struct Generated {
    /// `index.html` and every complete document, sorted by path.
    pub files: Vec<OutputFile>,
    /// The missing facts: one finding per document and node lacking them.
    pub report: Report,
    /// Documents generated, `index.html` not counted.
    pub generated: usize,
    /// Documents not generated for missing facts.
    pub missing: usize,
}

/// Options of a run.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Options {
    /// The index links a PDF beside each HTML file.
    pub pdf: bool,
    /// Also the year's workbooks (`--xlsx`, SPEC section 10).
    pub xlsx: bool,
    /// Each document also as a Word file (`.docx`), linked from the index.
    pub docx: bool,
}

/// Why no documents could be built at all.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DocsError {
    #[error("no cycle `{year}` (known: {known})")]
    NoCycle { year: i64, known: String },
    #[error("`programme.yaml` is missing")]
    NoProgramme,
    #[error("no regulation version is in force on the call date of cycle `{0}`")]
    NoRegulation(i64),
    #[error("the standard `{0}` has no built-in scoring table")]
    NoStandard(String),
    #[error("cannot build the view of `{file}`: {message}")]
    View { file: String, message: String },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Workbook(#[from] xlsx::WorkbookError),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
}

/// What every document builder reads: the cycle with its programme,
/// regulation and scoring table.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub programme: &'a Programme,
    pub cycle: &'a Cycle,
    pub regulation: &'a Regulation,
    pub standard: &'a Standard,
}

impl<'a> Ctx<'a> {
    fn new(model: &'a Model, year: i64) -> Result<Ctx<'a>, DocsError> {
        let programme = model.programme.as_ref().ok_or(DocsError::NoProgramme)?;
        let cycle = model.cycles.get(&year).ok_or_else(|| DocsError::NoCycle {
            year,
            known: model.cycles.keys().map(i64::to_string).collect::<Vec<_>>().join(", "),
        })?;
        let regulation = model
            .regulation_on(cycle.call.published)
            .ok_or(DocsError::NoRegulation(year))?;
        let standard =
            standard(&regulation.standard).ok_or_else(|| DocsError::NoStandard(regulation.standard.clone()))?;
        Ok(Ctx {
            model,
            programme,
            cycle,
            regulation,
            standard,
        })
    }

    pub fn year(&self) -> i64 {
        self.cycle.year
    }

    /// The applications of the cycle, by id.
    pub fn applications(&self) -> impl Iterator<Item = &'a Application> + use<'a> {
        self.cycle.applications.values().map(|a| &**a)
    }

    /// The organisation's name (its id when the file is gone; validation
    /// refuses that case before documents are built).
    pub fn org_name(&self, app: &Application) -> String {
        self.model
            .organizations
            .get(&app.organization)
            .map_or_else(|| app.organization.clone(), |o| o.name.clone())
    }
}

/// Builds every document of the award year `year` from a model that
/// passed validation; positions of missing facts are resolved in `content`.
pub(crate) fn generate(
    model: &Model,
    content: &Content,
    year: i64,
    theme: &Theme,
    options: Options,
) -> Result<Generated, DocsError> {
    let ctx = Ctx::new(model, year)?;
    let plan = plan(&ctx);
    if let Some((file, message)) = plan.iter().find_map(|p| match &p.state {
        State::Failed(message) => Some((p.file.clone(), message.clone())),
        _ => None,
    }) {
        return Err(DocsError::View { file, message });
    }
    let (report, positions) = findings(&plan, content);
    let mut files = render::documents(theme, &plan)?;
    if options.docx {
        files.extend(docx::documents(&plan, theme.docs_reference())?);
    }
    let workbooks = if options.xlsx {
        xlsx::workbooks(&ctx)?
    } else {
        xlsx::Workbooks::default()
    };
    let mut index = view::index(&ctx, &plan, &positions, options);
    index.workbooks = workbooks.entries;
    files.push(render::index(theme, &index)?);
    files.extend(workbooks.files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let count = |f: fn(&State) -> bool| plan.iter().filter(|p| f(&p.state)).count();
    Ok(Generated {
        files,
        report,
        generated: count(|s| matches!(s, State::Ready(_))),
        missing: count(|s| matches!(s, State::Missing(_))),
    })
}

/// Every document the year calls for, in the order of the procedure.
fn plan(ctx: &Ctx<'_>) -> Vec<Planned> {
    let mut plan = notices::qualification(ctx);
    plan.extend(notices::material(ctx));
    plan.extend(onsite::reports(ctx));
    plan.push(review::report(ctx));
    plan.push(objections::report(ctx));
    plan.push(approval::list(ctx));
    plan
}

/// The findings for every missing fact, resolved in one pass (one finding
/// for the facts a document lacks at the same node), and for each planned
/// document the resolved span of each of its missing facts.
fn findings(plan: &[Planned], content: &Content) -> (Report, Vec<Vec<Resolved>>) {
    // (planned document, how many of its facts the finding covers)
    let mut owners: Vec<(usize, usize)> = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, planned) in plan.iter().enumerate() {
        let State::Missing(missing) = &planned.state else {
            continue;
        };
        for group in missing.chunk_by(|a, b| a.location == b.location) {
            owners.push((i, group.len()));
            diagnostics.push(diagnostic(planned, group));
        }
    }
    let resolved = content.resolve(diagnostics);
    let mut positions = vec![Vec::new(); plan.len()];
    for ((owner, facts), r) in owners.into_iter().zip(resolved.iter()) {
        positions[owner].extend(std::iter::repeat_n(r.clone(), facts));
    }
    (Report::new(resolved), positions)
}

/// One finding for the facts `missing` (all at one node) of a document.
fn diagnostic(planned: &Planned, missing: &[Missing]) -> Diagnostic {
    let kind = planned.kind;
    let list = |what: fn(&Missing) -> &str, sep: &str| {
        missing
            .iter()
            .map(|m| format!("{}（`{}`）", what(m), m.field))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let location = missing
        .first()
        .map_or_else(|| Location::File { file: String::new() }, |m| m.location.clone());
    Diagnostic::new(
        kind.rule(),
        location,
        Message::new(
            format!(
                "`{}`（{}）未生成：缺少{}",
                planned.file,
                kind.name_zh(),
                list(|m| &m.what_zh, "、")
            ),
            format!(
                "`{}` ({}) was not generated: missing {}",
                planned.file,
                kind.name_en(),
                list(|m| &m.what_en, ", ")
            ),
        ),
    )
}

/// Serialises a view for its template and keeps it for the Word writer.
fn ready<V: Serialize + Clone + Into<View>>(view: &V) -> State {
    // A view is plain data with string keys, so this does not fail; if it
    // ever did, the run stops with an error instead of a panic.
    match serde_json::to_value(view) {
        Ok(json) => State::Ready(Ready {
            json,
            view: Box::new(view.clone().into()),
        }),
        Err(e) => State::Failed(e.to_string()),
    }
}
