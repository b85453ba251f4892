//! The investigation report (调查报告, 第十八条) on the objections received
//! during the publicity, for the committee: each objection's application,
//! received date, summary, findings, concluded date and outcome.

use serde::Serialize;

use super::view::{Applicant, Head, committee, year_title, zh_number};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::diagnostics::Location;
use crate::model::{Objection, ObjectionOutcome};
use crate::publish::DateView;

pub(crate) const FILE: &str = "objection-report.html";

#[derive(Clone, Debug, Serialize)]
pub(super) struct ObjectionRow {
    /// 一, 二, … for the headings.
    pub(super) number: String,
    pub(super) applicant: Applicant,
    pub(super) received: DateView,
    pub(super) summary: String,
    pub(super) report: String,
    pub(super) concluded: DateView,
    /// `upheld` or `dismissed`.
    pub(super) outcome: &'static str,
    pub(super) outcome_zh: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct ObjectionView {
    pub(super) head: Head,
    /// 2025年11月3日至2025年11月9日.
    pub(super) period: String,
    pub(super) upheld: usize,
    pub(super) dismissed: usize,
    pub(super) objections: Vec<ObjectionRow>,
}

/// The report, due once the publicity received an objection.
pub fn report(ctx: &Ctx<'_>) -> Planned {
    Planned::new(DocKind::ObjectionReport, FILE.to_owned(), None, state(ctx))
}

fn state(ctx: &Ctx<'_>) -> State {
    let Some(publicity) = &ctx.cycle.publicity else {
        return State::NotDue("初选公示（cycle.yaml 的 publicity）记录后，如收到异议则生成".to_owned());
    };
    if publicity.objections.is_empty() {
        return State::NotNeeded("公示期间未收到异议".to_owned());
    }
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for (i, objection) in publicity.objections.iter().enumerate() {
        match row(ctx, i, objection) {
            Ok(r) => rows.push(r),
            Err(m) => missing.extend(m),
        }
    }
    if !missing.is_empty() {
        return State::Missing(missing);
    }
    let Some(last) = publicity.objections.iter().filter_map(|o| o.concluded).max() else {
        return State::Missing(missing);
    };
    let (start, end): (DateView, DateView) = (publicity.start.into(), publicity.end.into());
    let upheld = rows.iter().filter(|r| r.outcome == "upheld").count();
    ready(&ObjectionView {
        head: Head::new(ctx, &["关于", &year_title(ctx), "初选公示期间异议的调查报告"], last)
            .addressee(committee(ctx))
            .confidential(),
        period: format!("{}至{}", start.zh, end.zh),
        upheld,
        dismissed: rows.len() - upheld,
        objections: rows,
    })
}

/// One objection, or the facts it lacks.
fn row(ctx: &Ctx<'_>, i: usize, o: &Objection) -> Result<ObjectionRow, Vec<Missing>> {
    let file = &ctx.cycle.file;
    let at = || Location::value(file, format!("/publicity/objections/{i}"));
    let app = ctx.cycle.applications.get(&o.application);
    let mut missing = Vec::new();
    let mut need = |absent: bool, field: &str, zh: &str, en: &str| {
        if absent {
            missing.push(Missing::new(at(), format!("publicity.objections[{i}].{field}"), zh, en));
        }
    };
    need(
        app.is_none(),
        "application",
        "异议所涉的本年度申报",
        "the application of this cycle it concerns",
    );
    need(
        o.report.is_none(),
        "report",
        "调查核实情况",
        "the findings of the investigation",
    );
    need(
        o.concluded.is_none(),
        "concluded",
        "办结日期",
        "the date it was concluded",
    );
    need(
        o.outcome.is_none(),
        "outcome",
        "处理结论",
        "the outcome (upheld or dismissed)",
    );
    let (Some(app), Some(report), Some(concluded), Some(outcome)) = (app, &o.report, o.concluded, o.outcome) else {
        return Err(missing);
    };
    let (outcome, outcome_zh) = match outcome {
        ObjectionOutcome::Upheld => ("upheld", "异议成立，建议不列入拟获评名单"),
        ObjectionOutcome::Dismissed => ("dismissed", "异议不成立，维持初步入选结果"),
    };
    Ok(ObjectionRow {
        number: zh_number(i + 1),
        applicant: Applicant::of(ctx, app),
        received: o.received.into(),
        summary: o.summary.clone(),
        report: report.clone(),
        concluded: concluded.into(),
        outcome,
        outcome_zh,
    })
}
