//! `qaward status`: where a cycle stands, for the staff running it: counts
//! at each stage against the caps of the regulation in force, written
//! notices still owed, publicity days left, open objections, and the
//! findings of `validate` that concern the cycle.

use jiff::civil::Date;

use crate::catalogue::Severity;
use crate::diagnostics::{Lang, Report};
use crate::model::{Cycle, MaterialResult, Model, OnsiteResult, QualificationResult};

/// Today in Asia/Shanghai (UTC+8 all year; China has kept no daylight
/// saving time since 1991), so no time-zone database is needed.
pub fn today_in_china() -> Date {
    jiff::tz::Offset::constant(8).to_datetime(jiff::Timestamp::now()).date()
}

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
    /// Days of publicity left including today, when it is running.
    pub publicity_days_left: Option<i64>,
    pub objections_open: usize,
    pub errors: usize,
    pub warnings: usize,
}

fn stage(cycle: &Cycle, as_of: Date) -> (&'static str, &'static str) {
    if let Some(d) = &cycle.decision
        && d.date <= as_of
    {
        return ("已公布获奖名单", "winners announced");
    }
    if let Some(p) = &cycle.publicity {
        if p.start <= as_of && as_of <= p.end {
            return ("公示中", "publicity running");
        }
        if p.end < as_of {
            return ("公示期满，待审定批准", "publicity over, awaiting the decision");
        }
    }
    if cycle.committee_vote.as_ref().is_some_and(|v| v.date <= as_of) {
        return ("市评委会已审查表决，待公示", "committee has voted, publicity to come");
    }
    if let Some(o) = &cycle.onsite_review {
        if o.end < as_of {
            return ("现场评审已结束，待审查表决", "on-site review over, vote to come");
        }
        if o.start <= as_of {
            return ("现场评审中", "on-site review");
        }
    }
    if cycle.material_review.as_ref().is_some_and(|m| m.completed <= as_of) {
        return (
            "资料评审已完成，待现场评审",
            "material review done, on-site review to come",
        );
    }
    if cycle
        .qualification_review
        .as_ref()
        .is_some_and(|q| q.completed <= as_of)
    {
        return ("资格审查已完成，资料评审中", "qualification done, material review");
    }
    if as_of <= cycle.call.deadline {
        if as_of < cycle.call.published {
            return ("尚未发布申报通知", "call not yet published");
        }
        return ("申报中", "applications open");
    }
    ("申报已截止，资格审查中", "applications closed, qualification review")
}

/// Computes the status of the cycle `year`.
pub fn cycle_status(model: &Model, report: &Report, year: i64, as_of: Date) -> Option<CycleStatus> {
    let cycle = model.cycles.get(&year)?;
    let rules = model.regulation_on(cycle.call.published).map(|r| &r.rules);
    let apps: Vec<_> = cycle.applications.values().collect();
    let count = |f: &dyn Fn(&crate::model::Application) -> bool| apps.iter().filter(|a| f(a)).count();
    let qual = |a: &crate::model::Application| a.qualification.as_ref().map(|q| q.result);
    let awards: Vec<(String, String)> = model
        .programme
        .as_ref()
        .map(|p| p.awards.iter().map(|(id, a)| (id.clone(), a.name.clone())).collect())
        .unwrap_or_default();
    let per_award = |lists: Option<&indexmap::IndexMap<String, Vec<String>>>| -> Vec<(String, Capped)> {
        awards
            .iter()
            .map(|(id, name)| {
                let count = lists.and_then(|l| l.get(id)).map_or(0, Vec::len);
                (
                    name.clone(),
                    Capped {
                        count,
                        cap: rules.map(|r| r.winners_per_award),
                    },
                )
            })
            .collect()
    };
    let prefix = format!("cycles/{year}/");
    let concerns = report.diagnostics.iter().filter(|d| d.span.file.starts_with(&prefix));
    let (errors, warnings) = concerns.fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
    });
    let (stage_zh, stage_en) = stage(cycle, as_of);
    Some(CycleStatus {
        year,
        as_of,
        stage_zh,
        stage_en,
        applications: apps.len(),
        withdrawn: count(&|a| a.withdrawn.is_some()),
        qualified: count(&|a| qual(a) == Some(QualificationResult::Passed)),
        not_qualified: count(&|a| qual(a) == Some(QualificationResult::Failed)),
        onsite: Capped {
            count: count(&|a| {
                a.material
                    .as_ref()
                    .is_some_and(|m| m.result == MaterialResult::Advanced)
            }),
            cap: rules.map(|r| r.onsite_max),
        },
        candidates: Capped {
            count: count(&|a| a.onsite.as_ref().is_some_and(|o| o.result == OnsiteResult::Candidate)),
            cap: rules.map(|r| r.candidates_max),
        },
        shortlisted: per_award(cycle.committee_vote.as_ref().map(|v| &v.shortlisted)),
        winners: per_award(cycle.decision.as_ref().map(|d| &d.winners)),
        notices_owed_qualification: apps
            .iter()
            .filter(|a| {
                a.qualification
                    .as_ref()
                    .is_some_and(|q| q.result == QualificationResult::Failed && q.notified.is_none())
            })
            .map(|a| a.id.clone())
            .collect(),
        notices_owed_material: apps
            .iter()
            .filter(|a| {
                a.material
                    .as_ref()
                    .is_some_and(|m| m.result == MaterialResult::NotAdvanced && m.notified.is_none())
            })
            .map(|a| a.id.clone())
            .collect(),
        publicity_days_left: cycle
            .publicity
            .as_ref()
            .filter(|p| p.start <= as_of && as_of <= p.end)
            .and_then(|p| (p.end - as_of).get_days().checked_add(1).map(i64::from)),
        objections_open: cycle
            .publicity
            .as_ref()
            .map_or(0, |p| p.objections.iter().filter(|o| o.concluded.is_none()).count()),
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
    let s = status;
    let list = |items: &[(String, Capped)], sep: &str| {
        items
            .iter()
            .map(|(n, c)| format!("{n} {}", capped(c)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let owed = |ids: &[String]| {
        if ids.is_empty() {
            String::new()
        } else {
            format!("（{}）", ids.join("、"))
        }
    };
    match lang {
        Lang::Zh => {
            let mut t = format!(
                "{}年度{award_title} 评审进度（截至{}）\n",
                s.year,
                crate::publish::DateView::from(s.as_of).zh
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
        Lang::En => {
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
    }
}
