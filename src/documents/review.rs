//! The review report (评审工作报告, 第十七条) the office gives the committee
//! at its meeting: the cycle's figures at each stage against the caps of
//! the regulation in force (counted by `model::procedure`), and the candidates with
//! their on-site scores by category of the standard.

use serde::Serialize;

use super::onsite::by_category;
use super::view::{Applicant, Head, cited, committee, score, year_title};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::calendar;
use crate::diagnostics::Location;
use crate::model::Application;
use crate::model::procedure::{self, Counts, Review, ReviewCount, Stage};

pub(crate) const FILE: &str = "review-report.html";

/// One stage of the procedure with its figure and cap.
#[derive(Clone, Debug, Serialize)]
pub(super) struct StageRow {
    pub(super) name: &'static str,
    pub(super) article: &'static str,
    /// Its date or period, empty when the cycle records none.
    pub(super) dates: String,
    pub(super) figure: String,
    /// 不超过 20 家, when the regulation caps the stage.
    pub(super) cap: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct CategoryHead {
    pub(super) clause: String,
    pub(super) name: String,
    pub(super) max: u32,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct CandidateRow {
    pub(super) number: usize,
    pub(super) applicant: Applicant,
    pub(super) total: String,
    /// One score per category, in the standard's order.
    pub(super) categories: Vec<Option<String>>,
}

/// The candidates of one award.
#[derive(Clone, Debug, Serialize)]
pub(super) struct CandidateGroup {
    pub(super) award: String,
    pub(super) rows: Vec<CandidateRow>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct ReviewView {
    pub(super) head: Head,
    pub(super) regulation: String,
    pub(super) standard: String,
    pub(super) stages: Vec<StageRow>,
    pub(super) winners_cap: u32,
    pub(super) categories: Vec<CategoryHead>,
    pub(super) total_max: u32,
    pub(super) candidate_count: usize,
    pub(super) groups: Vec<CandidateGroup>,
}

/// The report, due once the committee's meeting is recorded.
pub fn report(ctx: &Ctx<'_>) -> Planned {
    Planned::new(DocKind::ReviewReport, FILE.to_owned(), None, state(ctx))
}

fn state(ctx: &Ctx<'_>) -> State {
    let Some(vote) = &ctx.cycle.committee_vote else {
        return State::NotDue("市评委会审查表决（cycle.yaml 的 committee_vote）记录后生成".to_owned());
    };
    let candidates = candidates(ctx);
    let missing: Vec<Missing> = candidates
        .iter()
        .filter(|app| app.onsite.as_ref().is_some_and(|o| o.items.is_empty()))
        .map(|app| {
            Missing::new(
                Location::value(&app.file, "/onsite"),
                "onsite.items",
                "候选企业（组织）的现场评审分项得分",
                "the candidate's on-site item scores",
            )
        })
        .collect();
    if !missing.is_empty() {
        return State::Missing(missing);
    }
    let head = Head::new(ctx, &[&year_title(ctx), "评审工作报告"], vote.date)
        .addressee(committee(ctx))
        .confidential();
    ready(&ReviewView {
        head,
        regulation: cited(ctx),
        standard: format!("《{}》（{}）", ctx.standard.title, ctx.standard.standard),
        stages: stages(ctx),
        winners_cap: ctx.regulation.rules.winners_per_award,
        categories: ctx
            .standard
            .categories
            .iter()
            .map(|c| CategoryHead {
                clause: c.clause.clone(),
                name: c.name.clone(),
                max: c.points,
            })
            .collect(),
        total_max: ctx.standard.total,
        candidate_count: candidates.len(),
        groups: groups(rows(ctx, &candidates)),
    })
}

/// The candidates by award (the programme's order), then on-site score,
/// highest first, then id.
fn candidates<'a>(ctx: &Ctx<'a>) -> Vec<&'a Application> {
    let mut list: Vec<&Application> = ctx.applications().filter(|a| Review::Onsite.proceeded(a)).collect();
    let score = |a: &Application| a.onsite.as_ref().map_or(0.0, |o| o.score);
    list.sort_by(|a, b| {
        let award = |x: &Application| ctx.programme.awards.get_index_of(&x.award);
        award(a)
            .cmp(&award(b))
            .then(score(b).total_cmp(&score(a)))
            .then(a.id.cmp(&b.id))
    });
    list
}

fn rows(ctx: &Ctx<'_>, candidates: &[&Application]) -> Vec<CandidateRow> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(i, app)| {
            let onsite = app.onsite.as_ref()?;
            Some(CandidateRow {
                number: i + 1,
                applicant: Applicant::of(ctx, app),
                total: score(onsite.score),
                categories: by_category(ctx.standard, &onsite.items)
                    .into_iter()
                    .map(|c| c.score)
                    .collect(),
            })
        })
        .collect()
}

/// Consecutive rows of the same award, as groups (the rows are sorted by
/// award).
fn groups(rows: Vec<CandidateRow>) -> Vec<CandidateGroup> {
    let mut groups: Vec<CandidateGroup> = Vec::new();
    for row in rows {
        match groups.last_mut() {
            Some(group) if group.award == row.applicant.award => group.rows.push(row),
            _ => groups.push(CandidateGroup {
                award: row.applicant.award.clone(),
                rows: vec![row],
            }),
        }
    }
    groups
}

/// The stages the report gives figures for, up to the committee's meeting.
const REPORTED: [Stage; 5] = [
    Stage::Call,
    Stage::Applications,
    Stage::Qualification,
    Stage::Material,
    Stage::Onsite,
];

fn stages(ctx: &Ctx<'_>) -> Vec<StageRow> {
    let counts = procedure::counts(ctx.cycle);
    REPORTED
        .into_iter()
        .map(|stage| StageRow {
            name: stage.name_zh(),
            article: stage.article(),
            dates: stage_dates(ctx, stage),
            figure: figure(stage, &counts),
            cap: cap(ctx, stage),
        })
        .collect()
}

/// A stage's day or period as the report prints it.
fn stage_dates(ctx: &Ctx<'_>, stage: Stage) -> String {
    let Some(period) = stage.period(ctx.cycle) else {
        return String::new();
    };
    match stage {
        Stage::Applications => format!("{}截止", calendar::zh(period.end)),
        _ if stage.end_field().is_some() => {
            format!("{}至{}", calendar::zh(period.start), calendar::zh(period.end))
        }
        _ => calendar::zh(period.start),
    }
}

/// What the stage came to, in figures.
fn figure(stage: Stage, counts: &Counts) -> String {
    let notified = |c: &ReviewCount| c.stopped.saturating_sub(c.notices_owed.len());
    match stage {
        Stage::Applications => format!("申报 {} 家，其中撤回 {} 家", counts.applications, counts.withdrawn),
        Stage::Qualification => {
            let c = counts.review(Review::Qualification);
            format!(
                "通过 {} 家；未通过 {} 家，已书面告知 {} 家",
                c.proceeded,
                c.stopped,
                notified(c)
            )
        }
        Stage::Material => {
            let c = counts.review(Review::Material);
            format!(
                "进入现场评审 {} 家；未进入 {} 家，已书面告知 {} 家",
                c.proceeded,
                c.stopped,
                notified(c)
            )
        }
        Stage::Onsite => format!("确定候选企业（组织）{} 家", counts.review(Review::Onsite).proceeded),
        _ => String::new(),
    }
}

/// 不超过 20 家, for a stage whose review the regulation caps.
fn cap(ctx: &Ctx<'_>, stage: Stage) -> Option<String> {
    let review = Review::ALL.into_iter().find(|r| r.stage() == stage)?;
    let cap = review.cap(&ctx.regulation.rules)?;
    Some(format!("不超过 {cap} 家"))
}
