//! `qaward status`: where a cycle stands, for the staff running it: counts
//! at each stage against the caps of the regulation in force, written
//! notices still owed, publicity days left, open objections, and the
//! findings of `validate` that concern the cycle.

use jiff::civil::Date;

use crate::calendar;
use crate::catalogue::Severity;
use crate::diagnostics::{Lang, Report};
use crate::model::Model;
use crate::model::procedure::{self, Review, Stage};

/// One count against its cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capped {
    pub count: usize,
    pub cap: Option<u32>,
}

/// The state of one cycle.
#[derive(Clone, Debug)]
pub struct CycleStatus {
    pub year: i64,
    pub as_of: Date,
    pub stage_zh: &'static str,
    pub stage_en: &'static str,
    pub applications: usize,
    pub withdrawn: usize,
    pub qualified: usize,
    pub not_qualified: usize,
    pub onsite: Capped,
    pub candidates: Capped,
    /// Award name, shortlisted count against the winners cap.
    pub shortlisted: Vec<(String, Capped)>,
    pub winners: Vec<(String, Capped)>,
    pub notices_owed_qualification: Vec<String>,
    pub notices_owed_material: Vec<String>,
    /// Material and on-site reviews scored without a result yet, by id,
    /// and whether the review's last day has passed on `as_of`.
    pub undecided: Vec<(Review, Vec<String>, bool)>,
    /// Days of publicity left including today, when it is running.
    pub publicity_days_left: Option<i64>,
    pub objections_open: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The count of each award's list decided at `stage`, against the winners
/// cap.
fn per_award(model: &Model, cycle: &crate::model::Cycle, stage: Stage, cap: Option<u32>) -> Vec<(String, Capped)> {
    let Some(programme) = model.programme.as_ref() else {
        return Vec::new();
    };
    let lists = stage.list(cycle);
    programme
        .awards
        .iter()
        .map(|(id, award)| {
            let count = lists.and_then(|l| l.get(id)).map_or(0, Vec::len);
            (award.name.clone(), Capped { count, cap })
        })
        .collect()
}

/// The errors and warnings among the findings in the cycle's folder.
fn findings_in(report: &Report, year: i64) -> (usize, usize) {
    let prefix = format!("cycles/{year}/");
    let concerns = report.diagnostics.iter().filter(|d| d.span.file.starts_with(&prefix));
    concerns.fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
    })
}

/// Computes the status of the cycle `year`.
pub fn cycle_status(model: &Model, report: &Report, year: i64, as_of: Date) -> Option<CycleStatus> {
    let cycle = model.cycles.get(&year)?;
    let rules = model.regulation_on(cycle.call.published).map(|r| &r.rules);
    let counts = procedure::counts(cycle);
    let capped = |review: Review| Capped {
        count: counts.review(review).proceeded,
        cap: rules.and_then(|r| review.cap(r)),
    };
    let winners_cap = rules.map(|r| r.winners_per_award);
    let (errors, warnings) = findings_in(report, year);
    let (stage_zh, stage_en) = procedure::standing(cycle, as_of);
    let publicity = cycle.publicity.as_ref();
    Some(CycleStatus {
        year,
        as_of,
        stage_zh,
        stage_en,
        applications: counts.applications,
        withdrawn: counts.withdrawn,
        qualified: counts.review(Review::Qualification).proceeded,
        not_qualified: counts.review(Review::Qualification).stopped,
        onsite: capped(Review::Material),
        candidates: capped(Review::Onsite),
        shortlisted: per_award(model, cycle, Stage::Vote, winners_cap),
        winners: per_award(model, cycle, Stage::Decision, winners_cap),
        notices_owed_qualification: counts.review(Review::Qualification).notices_owed.clone(),
        notices_owed_material: counts.review(Review::Material).notices_owed.clone(),
        undecided: Review::SCORED
            .into_iter()
            .map(|r| {
                let over = r.stage().period(cycle).is_some_and(|p| p.end < as_of);
                (r, counts.review(r).undecided.clone(), over)
            })
            .filter(|(_, ids, _)| !ids.is_empty())
            .collect(),
        publicity_days_left: publicity
            .filter(|p| p.start <= as_of && as_of <= p.end)
            .and_then(|p| (p.end - as_of).get_days().checked_add(1).map(i64::from)),
        objections_open: publicity.map_or(0, |p| p.objections.iter().filter(|o| o.concluded.is_none()).count()),
        errors,
        warnings,
    })
}

fn capped(c: &Capped) -> String {
    match c.cap {
        Some(cap) => format!("{}/{}", c.count, cap),
        None => c.count.to_string(),
    }
}

/// The status as text for the terminal.
pub fn render(status: &CycleStatus, award_title: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => render_zh(status, award_title),
        Lang::En => render_en(status, award_title),
    }
}

/// Each award with its count against the cap.
fn list(items: &[(String, Capped)], sep: &str) -> String {
    items
        .iter()
        .map(|(n, c)| format!("{n} {}", capped(c)))
        .collect::<Vec<_>>()
        .join(sep)
}

fn render_zh(s: &CycleStatus, award_title: &str) -> String {
    let owed = |ids: &[String]| {
        if ids.is_empty() {
            String::new()
        } else {
            format!("（{}）", ids.join("、"))
        }
    };
    let mut t = format!(
        "{}年度{award_title} 评审进度（截至{}）\n",
        s.year,
        calendar::zh(s.as_of)
    );
    t.push_str(&format!("当前阶段：{}\n", s.stage_zh));
    t.push_str(&format!("申报：{} 份（撤回 {} 份）\n", s.applications, s.withdrawn));
    t.push_str(&format!("资格审查：通过 {}，未通过 {}\n", s.qualified, s.not_qualified));
    t.push_str(&format!("进入现场评审：{}（第十五条）\n", capped(&s.onsite)));
    t.push_str(&format!("候选企业（组织）：{}（第十六条）\n", capped(&s.candidates)));
    t.push_str(&format!("初步入选：{}\n", list(&s.shortlisted, "，")));
    t.push_str(&format!("获奖：{}（第三条）\n", list(&s.winners, "，")));
    t.push_str(&format!(
        "待书面告知：资格审查 {} 份{}，资料评审 {} 份{}\n",
        s.notices_owed_qualification.len(),
        owed(&s.notices_owed_qualification),
        s.notices_owed_material.len(),
        owed(&s.notices_owed_material)
    ));
    for (review, ids, over) in &s.undecided {
        let due = if *over {
            "，评审已结束，请记录结果"
        } else {
            ""
        };
        t.push_str(&format!(
            "{}已评分待定：{} 份（{}）{due}\n",
            review.name_zh(),
            ids.len(),
            ids.join("、")
        ));
    }
    if let Some(days) = s.publicity_days_left {
        t.push_str(&format!("公示剩余：{days} 天（含今日）\n"));
    }
    t.push_str(&format!("未办结异议：{} 件\n", s.objections_open));
    t.push_str(&format!(
        "校验结果：{} 个错误，{} 个警告（详见 qaward validate）\n",
        s.errors, s.warnings
    ));
    t
}

fn render_en(s: &CycleStatus, award_title: &str) -> String {
    let mut t = format!("{} {award_title}: status as of {}\n", s.year, s.as_of);
    t.push_str(&format!("stage: {}\n", s.stage_en));
    t.push_str(&format!(
        "applications: {} ({} withdrawn)\n",
        s.applications, s.withdrawn
    ));
    t.push_str(&format!(
        "qualification: {} passed, {} failed\n",
        s.qualified, s.not_qualified
    ));
    t.push_str(&format!(
        "advanced to on-site review: {} (article 15)\n",
        capped(&s.onsite)
    ));
    t.push_str(&format!("candidates: {} (article 16)\n", capped(&s.candidates)));
    t.push_str(&format!("shortlisted: {}\n", list(&s.shortlisted, ", ")));
    t.push_str(&format!("winners: {} (article 3)\n", list(&s.winners, ", ")));
    t.push_str(&format!(
        "written notices owed: qualification {}, material {}\n",
        s.notices_owed_qualification.len(),
        s.notices_owed_material.len()
    ));
    for (review, ids, over) in &s.undecided {
        let due = if *over {
            "; the review is over, record the results"
        } else {
            ""
        };
        t.push_str(&format!(
            "{} scored, result to come: {} ({}){due}\n",
            review.stage().name_en(),
            ids.len(),
            ids.join(", ")
        ));
    }
    if let Some(days) = s.publicity_days_left {
        t.push_str(&format!("publicity days left: {days} (including today)\n"));
    }
    t.push_str(&format!("open objections: {}\n", s.objections_open));
    t.push_str(&format!(
        "findings: {} errors, {} warnings (see qaward validate)\n",
        s.errors, s.warnings
    ));
    t
}
