//! The list submitted for the government's approval (拟获评名单, 第十九条):
//! after the publicity and the handling of objections, the committee's
//! shortlist minus the applications whose objection was upheld, by award,
//! with each organisation's name and recommender.

use std::collections::BTreeSet;

use serde::Serialize;

use super::view::{Applicant, Head, cited, year_title, zh_number};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::diagnostics::Location;
use crate::model::{Approval, CommitteeVote, ObjectionOutcome, Publicity};
use crate::publish::DateView;

pub(crate) const FILE: &str = "approval-list.html";

#[derive(Clone, Debug, Serialize)]
pub(super) struct Entry {
    pub(super) number: usize,
    pub(super) applicant: Applicant,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct AwardList {
    /// 一, 二, … for the headings.
    pub(super) number: String,
    pub(super) name: String,
    /// The year-marked title to be conferred.
    pub(super) title: String,
    pub(super) entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct ApprovalView {
    pub(super) head: Head,
    pub(super) regulation: String,
    /// The publicity period.
    pub(super) period: String,
    pub(super) objections: usize,
    /// Shortlisted applications left out because an objection was upheld.
    pub(super) excluded: Vec<Applicant>,
    pub(super) dismissed: usize,
    pub(super) awards: Vec<AwardList>,
    pub(super) total: usize,
}

/// The list, due once the submission (`approval`) or the decision is
/// recorded.
pub(crate) fn list(ctx: &Ctx<'_>) -> Planned {
    Planned::new(DocKind::ApprovalList, FILE.to_owned(), None, state(ctx))
}

fn state(ctx: &Ctx<'_>) -> State {
    let cycle = ctx.cycle;
    if cycle.approval.is_none() && cycle.decision.is_none() {
        return State::NotDue(
            "报请市政府批准（cycle.yaml 的 approval）或市政府的决定（decision）记录后生成".to_owned(),
        );
    }
    let missing = missing_facts(ctx);
    match (&cycle.approval, &cycle.committee_vote, &cycle.publicity) {
        (Some(approval), Some(vote), Some(publicity)) if missing.is_empty() => {
            ready(&view(ctx, approval, vote, publicity))
        }
        _ => State::Missing(missing),
    }
}

fn missing_facts(ctx: &Ctx<'_>) -> Vec<Missing> {
    let cycle = ctx.cycle;
    let file = &cycle.file;
    let anchor = if cycle.approval.is_some() {
        Location::key(file, "/approval")
    } else {
        Location::key(file, "/decision")
    };
    let mut missing = Vec::new();
    if cycle.approval.is_none() {
        missing.push(Missing::new(
            anchor.clone(),
            "approval.submitted",
            "拟获评名单报请市政府批准的日期",
            "the date the list was submitted for approval",
        ));
    }
    if cycle.committee_vote.is_none() {
        missing.push(Missing::new(
            anchor.clone(),
            "committee_vote.shortlisted",
            "市评委会确定的初步入选名单",
            "the committee's shortlist",
        ));
    }
    match &cycle.publicity {
        None => missing.push(Missing::new(anchor, "publicity", "初选公示", "the publicity")),
        Some(p) => {
            for (i, o) in p.objections.iter().enumerate() {
                if o.outcome.is_none() {
                    missing.push(Missing::new(
                        Location::value(file, format!("/publicity/objections/{i}")),
                        format!("publicity.objections[{i}].outcome"),
                        "异议的处理结论",
                        "the outcome of the objection",
                    ));
                }
            }
        }
    }
    missing
}

/// The applications whose objection was upheld.
fn upheld(publicity: &Publicity) -> BTreeSet<&str> {
    publicity
        .objections
        .iter()
        .filter(|o| o.outcome == Some(ObjectionOutcome::Upheld))
        .map(|o| o.application.as_str())
        .collect()
}

/// The shortlist of each award (the programme's order) without `upheld`;
/// awards left empty are omitted.
fn award_lists(ctx: &Ctx<'_>, vote: &CommitteeVote, upheld: &BTreeSet<&str>) -> Vec<AwardList> {
    let lists = ctx.programme.awards.iter().filter_map(|(id, award)| {
        let entries: Vec<Entry> = vote
            .shortlisted
            .get(id)?
            .iter()
            .filter(|app| !upheld.contains(app.as_str()))
            .filter_map(|app| ctx.cycle.applications.get(app))
            .enumerate()
            .map(|(i, app)| Entry {
                number: i + 1,
                applicant: Applicant::of(ctx, app),
            })
            .collect();
        (!entries.is_empty()).then_some((award, entries))
    });
    lists
        .enumerate()
        .map(|(i, (award, entries))| AwardList {
            number: zh_number(i + 1),
            name: award.name.clone(),
            title: award.title_for(ctx.year()),
            entries,
        })
        .collect()
}

fn view(ctx: &Ctx<'_>, approval: &Approval, vote: &CommitteeVote, publicity: &Publicity) -> ApprovalView {
    let upheld = upheld(publicity);
    let awards = award_lists(ctx, vote, &upheld);
    let shortlisted: BTreeSet<&str> = vote.shortlisted.values().flatten().map(String::as_str).collect();
    let excluded: Vec<Applicant> = upheld
        .iter()
        .filter(|id| shortlisted.contains(*id))
        .filter_map(|id| ctx.cycle.applications.get(*id))
        .map(|app| Applicant::of(ctx, app))
        .collect();
    let (start, end): (DateView, DateView) = (publicity.start.into(), publicity.end.into());
    ApprovalView {
        head: Head::new(
            ctx,
            &["关于提请审定批准", &year_title(ctx), "拟获评企业（组织）名单的请示"],
            approval.submitted,
        )
        .document(approval.document.as_ref())
        .addressee(ctx.programme.issuer.clone())
        .confidential(),
        regulation: cited(ctx),
        period: format!("{}至{}", start.zh, end.zh),
        objections: publicity.objections.len(),
        dismissed: publicity
            .objections
            .iter()
            .filter(|o| o.outcome == Some(ObjectionOutcome::Dismissed))
            .count(),
        excluded,
        total: awards.iter().map(|a| a.entries.len()).sum(),
        awards,
    }
}
