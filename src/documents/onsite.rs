//! The on-site review report (现场评审报告, 第十六条): the review group with
//! its leader and members, the score with the item scores grouped by the
//! standard's categories, and the signature of the applicant's head.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::{Applicant, Head, score, year_title, zh_number};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::diagnostics::Location;
use crate::model::standard::Standard;
use crate::model::{Application, Onsite};
use crate::publish::DateView;

/// One item of the standard with its points.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ItemScore {
    pub clause: String,
    pub name: String,
    pub max: u32,
    /// `None` when the item was not scored.
    pub score: Option<String>,
}

/// A category of the standard (a top-level clause, 4.1 领导 …): the sum of
/// its scored items.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CategoryScore {
    pub clause: String,
    pub name: String,
    pub max: u32,
    /// `None` when none of its items was scored.
    pub score: Option<String>,
    pub items: Vec<ItemScore>,
}

/// Item scores grouped by the categories of `standard`, in its order.
pub(crate) fn by_category(standard: &Standard, items: &BTreeMap<String, f64>) -> Vec<CategoryScore> {
    standard
        .categories
        .iter()
        .map(|category| {
            let scored: Vec<f64> = category
                .items
                .iter()
                .filter_map(|i| items.get(&i.clause).copied())
                .collect();
            CategoryScore {
                clause: category.clause.clone(),
                name: category.name.clone(),
                max: category.points,
                score: (!scored.is_empty()).then(|| score(scored.iter().sum())),
                items: category
                    .items
                    .iter()
                    .map(|i| ItemScore {
                        clause: i.clause.clone(),
                        name: i.name.clone(),
                        max: i.points,
                        score: items.get(&i.clause).map(|s| score(*s)),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct GroupView {
    /// 第一评审组, by the group's place in `review_groups`.
    pub(super) name: String,
    pub(super) leader: String,
    /// Every member, the leader first.
    pub(super) members: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct OnsiteView {
    pub(super) head: Head,
    pub(super) applicant: Applicant,
    /// 2025年8月25日至2025年9月26日, when the cycle records it.
    pub(super) period: Option<String>,
    pub(super) group: GroupView,
    /// 《卓越绩效评价准则》（GB/T 19580-2012）.
    pub(super) standard: String,
    pub(super) total_max: u32,
    pub(super) total: String,
    pub(super) categories: Vec<CategoryScore>,
    pub(super) signed_by: String,
    pub(super) signed: DateView,
}

/// One report per application with an on-site review.
pub(crate) fn reports(ctx: &Ctx<'_>) -> Vec<Planned> {
    ctx.applications()
        .filter_map(|app| {
            let onsite = app.onsite.as_ref()?;
            Some(Planned::new(
                DocKind::OnsiteReport,
                format!("onsite-report-{}.html", app.id),
                Some(ctx.org_name(app)),
                report(ctx, app, onsite),
            ))
        })
        .collect()
}

fn report(ctx: &Ctx<'_>, app: &Application, onsite: &Onsite) -> State {
    let mut missing = missing_facts(app, onsite);
    let group = group(ctx, &onsite.group);
    if group.is_none() {
        missing.push(Missing::new(
            Location::value(&app.file, "/onsite/group"),
            "onsite.group",
            "本周期 review_groups 中的评审组",
            "a review group of the cycle's `review_groups`",
        ));
    }
    let (Some(group), Some(signed_by), Some(signed), true) =
        (group, &onsite.signed_by, onsite.signed, missing.is_empty())
    else {
        return State::Missing(missing);
    };
    let period = ctx.cycle.onsite_review.as_ref().map(|p| {
        let (start, end): (DateView, DateView) = (p.start.into(), p.end.into());
        format!("{}至{}", start.zh, end.zh)
    });
    ready(&OnsiteView {
        head: Head::new(ctx, &[&year_title(ctx), "现场评审报告"], signed),
        applicant: Applicant::of(ctx, app),
        period,
        group,
        standard: format!("《{}》（{}）", ctx.standard.title, ctx.standard.standard),
        total_max: ctx.standard.total,
        total: score(onsite.score),
        categories: by_category(ctx.standard, &onsite.items),
        signed_by: signed_by.clone(),
        signed: signed.into(),
    })
}

/// What the report needs of the application's own record.
pub(crate) fn missing_facts(app: &Application, onsite: &Onsite) -> Vec<Missing> {
    let at = || Location::value(&app.file, "/onsite");
    let mut missing = Vec::new();
    if onsite.items.is_empty() {
        missing.push(Missing::new(
            at(),
            "onsite.items",
            "现场评审分项得分",
            "the on-site item scores",
        ));
    }
    if onsite.signed_by.is_none() {
        missing.push(Missing::new(
            at(),
            "onsite.signed_by",
            "签字确认的受评企业（组织）负责人",
            "the applicant's head who signed",
        ));
    }
    if onsite.signed.is_none() {
        missing.push(Missing::new(
            at(),
            "onsite.signed",
            "签字确认日期",
            "the date of signature",
        ));
    }
    missing
}

fn group(ctx: &Ctx<'_>, id: &str) -> Option<GroupView> {
    let (index, _, group) = ctx.cycle.review_groups.get_full(id)?;
    let name = |expert: &str| {
        ctx.model
            .experts
            .get(expert)
            .map_or_else(|| expert.to_owned(), |e| e.name.clone())
    };
    let mut members = vec![name(&group.leader)];
    members.extend(group.members.iter().filter(|m| **m != group.leader).map(|m| name(m)));
    Some(GroupView {
        name: format!("第{}评审组", zh_number(index + 1)),
        leader: name(&group.leader),
        members,
    })
}
