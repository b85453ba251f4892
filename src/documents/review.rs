//! The review report (评审工作报告, 第十七条) the office gives the committee
//! at its meeting: the cycle's figures at each stage against the caps of
//! the regulation in force (counted by `status`), and the candidates with
//! their on-site scores by category of the standard.

use serde::Serialize;

use super::onsite::by_category;
use super::view::{Applicant, Head, cited, committee, score, year_title};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::diagnostics::{Location, Report};
use crate::model::{Application, MaterialResult, OnsiteResult};
use crate::publish::DateView;
use crate::status::{Capped, CycleStatus, cycle_status};

pub const FILE: &str = "review-report.html";

/// One stage of the procedure with its figure and cap.
#[derive(Clone, Debug, Serialize)]
struct StageRow {
    name: &'static str,
    article: &'static str,
    /// Its date or period, empty when the cycle records none.
    dates: String,
    figure: String,
    /// 不超过 20 家, when the regulation caps the stage.
    cap: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
struct CategoryHead {
    clause: String,
    name: String,
    max: u32,
}

#[derive(Clone, Debug, Serialize)]
struct CandidateRow {
    number: usize,
    applicant: Applicant,
    total: String,
    /// One score per category, in the standard's order.
    categories: Vec<Option<String>>,
}

/// The candidates of one award.
#[derive(Clone, Debug, Serialize)]
struct CandidateGroup {
    award: String,
    rows: Vec<CandidateRow>,
}

#[derive(Clone, Debug, Serialize)]
struct ReviewView {
    head: Head,
    regulation: String,
    standard: String,
    stages: Vec<StageRow>,
    winners_cap: u32,
    categories: Vec<CategoryHead>,
    total_max: u32,
    candidate_count: usize,
    groups: Vec<CandidateGroup>,
}

/// The report, due once the committee's meeting is recorded.
pub fn report(ctx: &Ctx<'_>) -> Planned {
    Planned::new(DocKind::ReviewReport, FILE.to_owned(), None, state(ctx))
}

fn state(ctx: &Ctx<'_>) -> State {
    let Some(vote) = &ctx.cycle.committee_vote else {
        return State::NotDue("市评委会审查表决（cycle.yaml 的 committee_vote）记录后生成".to_owned());
    };
    let Some(status) = cycle_status(ctx.model, &Report::default(), ctx.year(), vote.date) else {
        return State::NotDue("本年度没有评审记录".to_owned());
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
        stages: stages(ctx, &status),
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
    let mut list: Vec<&Application> = ctx
        .applications()
        .filter(|a| a.onsite.as_ref().is_some_and(|o| o.result == OnsiteResult::Candidate))
        .collect();
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

fn day(date: jiff::civil::Date) -> String {
    DateView::from(date).zh
}

fn cap(c: &Capped) -> Option<String> {
    c.cap.map(|cap| format!("不超过 {cap} 家"))
}

fn stages(ctx: &Ctx<'_>, s: &CycleStatus) -> Vec<StageRow> {
    let cycle = ctx.cycle;
    let not_advanced = ctx
        .applications()
        .filter(|a| {
            a.material
                .as_ref()
                .is_some_and(|m| m.result == MaterialResult::NotAdvanced)
        })
        .count();
    let row = |name, article, dates: String, figure: String, cap: Option<String>| StageRow {
        name,
        article,
        dates,
        figure,
        cap,
    };
    vec![
        row(
            "发布申报通知",
            "第十二条",
            day(cycle.call.published),
            String::new(),
            None,
        ),
        row(
            "申报推荐",
            "第十三条",
            format!("{}截止", day(cycle.call.deadline)),
            format!("申报 {} 家，其中撤回 {} 家", s.applications, s.withdrawn),
            None,
        ),
        row(
            "资格审查",
            "第十四条",
            cycle
                .qualification_review
                .as_ref()
                .map(|q| day(q.completed))
                .unwrap_or_default(),
            format!(
                "通过 {} 家；未通过 {} 家，已书面告知 {} 家",
                s.qualified,
                s.not_qualified,
                s.not_qualified.saturating_sub(s.notices_owed_qualification.len())
            ),
            None,
        ),
        row(
            "资料评审",
            "第十五条",
            cycle
                .material_review
                .as_ref()
                .map(|m| day(m.completed))
                .unwrap_or_default(),
            format!(
                "进入现场评审 {} 家；未进入 {} 家，已书面告知 {} 家",
                s.onsite.count,
                not_advanced,
                not_advanced.saturating_sub(s.notices_owed_material.len())
            ),
            cap(&s.onsite),
        ),
        row(
            "现场评审",
            "第十六条",
            cycle
                .onsite_review
                .as_ref()
                .map(|p| format!("{}至{}", day(p.start), day(p.end)))
                .unwrap_or_default(),
            format!("确定候选企业（组织）{} 家", s.candidates.count),
            cap(&s.candidates),
        ),
    ]
}
