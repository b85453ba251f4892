//! Who may apply: the conditions of 第二条 and 第十一条 judged against the
//! recorded qualification decision, the ban of 第二十一条 and the
//! recommendation channel of 第十三条.

use jiff::ToSpan;
use jiff::civil::Date;

use super::uscc;
use super::{CycleCtx, disqualifying, governed_cycles, years_before};
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::{Application, Cycle, IncidentKind, Model, Organization, SanctionKind};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(super) fn check(model: &Model, sink: &mut Findings) {
    art2_legal_person(model, sink);
    art11_compliant(model, sink);
    art13_recommender(model, sink);
    for ctx in governed_cycles(model) {
        art11_registered_locally(model, &ctx, sink);
        art11_operating_years(model, &ctx, sink);
        art11_excellence_years(model, &ctx, sink);
        art11_clean_record(&ctx, sink);
        art21_ban(model, &ctx, sink);
    }
}

/// `art2/legal-person`: both awards are for organisations with independent
/// legal personality (第二条, restated in 第十一条(一)). The category in the
/// credit code tells: a sole trader (个体工商户) never qualifies.
fn art2_legal_person(model: &Model, sink: &mut Findings) {
    for cycle in model.cycles.values() {
        for (app, org) in with_organization(model, cycle) {
            let Ok(parsed) = uscc::parse(&org.uscc) else {
                continue;
            };
            let Some(category) = uscc::category(parsed.department(), parsed.category()) else {
                continue;
            };
            if category.legal_person {
                continue;
            }
            let (dept_zh, dept_en) = uscc::department(parsed.department()).map_or(("", ""), |d| (d.zh, d.en));
            let prefix = code(format!("{}{}", parsed.department(), parsed.category()));
            let fact = Message::new(
                format!(
                    "企业（组织）{}的统一社会信用代码 {} 第 1、2 位为 {prefix}，即{dept_zh}部门登记的{}，不具有独立法人资格",
                    org_zh(org),
                    code(&org.uscc),
                    category.zh,
                ),
                format!(
                    "organisation {} has the unified social credit code {}, whose first two characters {prefix} denote the category “{}” of {dept_en}, which is not an independent legal person",
                    org_en(org),
                    code(&org.uscc),
                    category.en,
                ),
            );
            disqualifying(
                sink,
                catalogue::ART2_LEGAL_PERSON,
                app,
                Location::value(&app.file, "/organization"),
                fact,
                vec![uscc_related(org)],
            );
        }
    }
}

/// `art11/registered-locally`: the applicant is registered within the city
/// (第十一条(一)); the division code of its credit code starts with one of
/// the regulation's `divisions`.
fn art11_registered_locally(model: &Model, ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let divisions = &ctx.regulation.rules.divisions;
    for (app, org) in with_organization(model, ctx.cycle) {
        let Ok(parsed) = uscc::parse(&org.uscc) else {
            continue;
        };
        let division = parsed.division();
        if divisions.iter().any(|d| division.starts_with(d.as_str())) {
            continue;
        }
        let allowed = divisions.iter().map(code).collect::<Vec<_>>();
        let fact = Message::new(
            format!(
                "企业（组织）{}的统一社会信用代码 {} 中登记管理机关行政区划码为 {}，不以 {} 开头，不在本市行政区域内注册登记",
                org_zh(org),
                code(&org.uscc),
                code(division),
                allowed.join("、"),
            ),
            format!(
                "organisation {} has the division code {} in its unified social credit code {}, which does not start with {}, so it is not registered within the city",
                org_en(org),
                code(division),
                code(&org.uscc),
                allowed.join(" or "),
            ),
        );
        disqualifying(
            sink,
            catalogue::ART11_REGISTERED_LOCALLY,
            app,
            Location::value(&app.file, "/organization"),
            fact,
            vec![uscc_related(org)],
        );
    }
}

/// `art11/operating-years`: the applicant has operated normally for at
/// least `operating_years` years (第十一条(一)), counted from its founding to
/// the call's deadline; exactly that many years is enough.
fn art11_operating_years(model: &Model, ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let years = ctx.regulation.rules.operating_years;
    let deadline = ctx.cycle.call.deadline;
    let latest = years_before(deadline, years);
    for (app, org) in with_organization(model, ctx.cycle) {
        if org.established <= latest {
            continue;
        }
        let fact = Message::new(
            format!(
                "企业（组织）{}成立于 {}，至申报截止日 {deadline} 正常运营不满 {years} 年（须成立于 {latest} 或之前）",
                org_zh(org),
                org.established,
            ),
            format!(
                "organisation {} was established on {}, less than {years} years before the deadline {deadline} (it must be on or before {latest})",
                org_en(org),
                org.established,
            ),
        );
        let established = (
            Location::value(&org.file, "/established"),
            Message::new("成立日期", "the date of establishment"),
        );
        disqualifying(
            sink,
            catalogue::ART11_OPERATING_YEARS,
            app,
            Location::value(&app.file, "/organization"),
            fact,
            vec![established, deadline_related(ctx.cycle)],
        );
    }
}

/// `art11/excellence-years`: 卓越绩效管理 has been in place for at least
/// `excellence_years` years before the deadline (第十一条(三)), except in the
/// industries the article exempts (the programme's `excellence_waived`).
fn art11_excellence_years(model: &Model, ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let years = ctx.regulation.rules.excellence_years;
    let deadline = ctx.cycle.call.deadline;
    let latest = years_before(deadline, years);
    for (app, org) in with_organization(model, ctx.cycle) {
        if app.excellence_since <= latest {
            continue;
        }
        // An unknown industry is `ref`'s finding; it cannot be judged here.
        let Some(industry) = ctx.programme.industries.get(&org.industry) else {
            continue;
        };
        if industry.excellence_waived {
            continue;
        }
        let fact = Message::new(
            format!(
                "自 {} 起实施卓越绩效管理，至申报截止日 {deadline} 不满 {years} 年（须不晚于 {latest}），且行业 {}（{}）不属于免除年限要求的行业",
                app.excellence_since,
                code(&org.industry),
                industry.name,
            ),
            format!(
                "excellence management began on {}, less than {years} years before the deadline {deadline} (it must be on or before {latest}), and the industry {} ({}) is not exempt",
                app.excellence_since,
                code(&org.industry),
                industry.name,
            ),
        );
        let waived = (
            Location::value(
                "programme.yaml",
                format!("/industries/{}/excellence_waived", org.industry),
            ),
            Message::new("行业未免除年限要求", "the industry is not exempt"),
        );
        disqualifying(
            sink,
            catalogue::ART11_EXCELLENCE_YEARS,
            app,
            Location::value(&app.file, "/excellence_since"),
            fact,
            vec![deadline_related(ctx.cycle), waived],
        );
    }
}

/// `art11/compliant`: the applicant's production and business comply with
/// the law, mandatory standards and industrial policy (第十一条(二)), as it
/// declares.
fn art11_compliant(model: &Model, sink: &mut Findings) {
    for cycle in model.cycles.values() {
        for app in cycle.applications.values() {
            if app.declarations.compliant {
                continue;
            }
            let fact = Message::new(
                "申报声明生产经营不符合有关法律法规、强制性标准或产业政策要求（`compliant: false`）",
                "the application declares that its operation does not comply with the law, mandatory standards or industrial policy (`compliant: false`)",
            );
            disqualifying(
                sink,
                catalogue::ART11_COMPLIANT,
                app,
                Location::value(&app.file, "/declarations/compliant"),
                fact,
                Vec::new(),
            );
        }
    }
}

/// `art11/clean-record`: no failed spot check, major accident, major
/// complaint or serious violation in the `record_years` years before the
/// deadline (第十一条(五)). An incident exactly that many years before the
/// deadline is outside the period.
fn art11_clean_record(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let years = ctx.regulation.rules.record_years;
    let deadline = ctx.cycle.call.deadline;
    let since = years_before(deadline, years);
    for app in ctx.cycle.applications.values() {
        for (i, incident) in app.declarations.incidents.iter().enumerate() {
            if incident.date <= since || incident.date > deadline {
                continue;
            }
            let (kind_zh, kind_en) = incident_kind(incident.kind);
            let fact = Message::new(
                format!(
                    "{} 发生{kind_zh}，在申报截止日 {deadline} 前 {years} 年内（{since} 之后）",
                    incident.date
                ),
                format!(
                    "a {kind_en} on {} is within the {years} years before the deadline {deadline} (after {since})",
                    incident.date
                ),
            );
            disqualifying(
                sink,
                catalogue::ART11_CLEAN_RECORD,
                app,
                Location::value(&app.file, format!("/declarations/incidents/{i}")),
                fact,
                vec![deadline_related(ctx.cycle)],
            );
        }
    }
}

/// `art13/recommender`: an application comes through the recommender of the
/// organisation's own area, or, for units directly under the province or
/// city, straight to the office (第十三条). A warning: the office may have
/// accepted a transfer.
fn art13_recommender(model: &Model, sink: &mut Findings) {
    let Some(programme) = &model.programme else {
        return;
    };
    for cycle in model.cycles.values() {
        for (app, org) in with_organization(model, cycle) {
            if app.recommender == org.recommender {
                continue;
            }
            // Unknown ids are `ref`'s findings.
            let (Some(via), Some(own)) = (
                programme.recommenders.get(&app.recommender),
                programme.recommenders.get(&org.recommender),
            ) else {
                continue;
            };
            if via.direct {
                continue;
            }
            let message = Message::new(
                format!(
                    "申报由 {}（{}）推荐，但企业（组织）{}所在地的推荐单位是 {}（{}）；只有省、市直属单位可直接报送",
                    code(&app.recommender),
                    via.name,
                    org_zh(org),
                    code(&org.recommender),
                    own.name,
                ),
                format!(
                    "the application is recommended by {} ({}), but organisation {} belongs to {} ({}); only units directly under the province or city may apply directly",
                    code(&app.recommender),
                    via.name,
                    org_en(org),
                    code(&org.recommender),
                    own.name,
                ),
            );
            sink.push(
                Diagnostic::new(
                    catalogue::ART13_RECOMMENDER,
                    Location::value(&app.file, "/recommender"),
                    message,
                )
                .with_related(
                    Location::value(&org.file, "/recommender"),
                    Message::new("企业（组织）所在地的推荐单位", "the organisation's own recommender"),
                ),
            );
        }
    }
}

/// `art21/ban`: an organisation whose title was revoked (撤销) may not apply
/// again for `revocation_ban_years` years (第二十一条). The application date
/// stands for the call it answers; an application exactly that many years
/// after the revocation is allowed. A cancellation (取消) bars nothing.
fn art21_ban(model: &Model, ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let years = ctx.regulation.rules.revocation_ban_years;
    for (app, org) in with_organization(model, ctx.cycle) {
        let earliest_allowed = years_before(app.submitted, years);
        for (i, sanction) in org.sanctions.iter().enumerate() {
            if sanction.kind != SanctionKind::Revoked
                || sanction.date <= earliest_allowed
                || sanction.date > app.submitted
            {
                continue;
            }
            let award = ctx
                .programme
                .awards
                .get(&sanction.award)
                .map_or(sanction.award.as_str(), |a| a.name.as_str());
            let until = sanction.date.checked_add(i64::from(years).years()).unwrap_or(Date::MAX);
            let message = Message::new(
                format!(
                    "企业（组织）{}的 {} 年度{award}称号于 {} 被撤销，{years} 年内（{until} 前）不得再次申报，但本申报提交于 {}",
                    org_zh(org),
                    sanction.year,
                    sanction.date,
                    app.submitted,
                ),
                format!(
                    "organisation {} had its {} {award} title revoked on {}, so it may not apply again for {years} years (before {until}), yet this application was submitted on {}",
                    org_en(org),
                    sanction.year,
                    sanction.date,
                    app.submitted,
                ),
            );
            sink.push(
                Diagnostic::new(catalogue::ART21_BAN, Location::value(&app.file, "/submitted"), message).with_related(
                    Location::value(&org.file, format!("/sanctions/{i}")),
                    Message::new(
                        format!("撤销决定（{}）", sanction.document),
                        format!("the revocation ({})", sanction.document),
                    ),
                ),
            );
        }
    }
}

/// The applications of a cycle with their organisation; an unknown
/// organisation is `ref`'s finding and is skipped.
fn with_organization<'a>(
    model: &'a Model,
    cycle: &'a Cycle,
) -> impl Iterator<Item = (&'a Application, &'a Organization)> {
    cycle
        .applications
        .values()
        .filter_map(|app| Some((&**app, model.organizations.get(&app.organization)?)))
}

/// An organisation as named in Chinese messages: `` `id`（name） ``.
fn org_zh(org: &Organization) -> String {
    format!("{}（{}）", code(&org.id), org.name)
}

/// An organisation as named in English messages: `` `id` (name) ``.
fn org_en(org: &Organization) -> String {
    format!("{} ({})", code(&org.id), org.name)
}

fn uscc_related(org: &Organization) -> (Location, Message) {
    (
        Location::value(&org.file, "/uscc"),
        Message::new("统一社会信用代码", "the unified social credit code"),
    )
}

fn deadline_related(cycle: &Cycle) -> (Location, Message) {
    (
        Location::value(&cycle.file, "/call/deadline"),
        Message::new(
            format!("{} 年度申报截止日期", cycle.year),
            format!("the application deadline of {}", cycle.year),
        ),
    )
}

fn incident_kind(kind: IncidentKind) -> (&'static str, &'static str) {
    match kind {
        IncidentKind::SpotCheckFailure => ("质量监督抽查不合格", "failed quality spot check"),
        IncidentKind::MajorAccident => ("较大以上事故", "major accident"),
        IncidentKind::MajorComplaint => ("重大投诉", "major complaint"),
        IncidentKind::SeriousViolation => ("严重违法违规行为", "serious violation"),
    }
}
