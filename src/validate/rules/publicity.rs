//! The publicity and the decision: `art18/publicity-days`,
//! `art18/objections` and `art19/winners`.

use super::caps::award_label;
use super::{CycleCtx, governed_cycles};
use crate::catalogue::{self, Severity};
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::{Cycle, Decision, Model, ObjectionOutcome, Programme};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(crate) fn check(model: &Model, sink: &mut Findings) {
    for ctx in governed_cycles(model) {
        art18_publicity_days(&ctx, sink);
    }
    for cycle in model.cycles.values() {
        art18_objections(cycle, sink);
        art19_winners(model, cycle, sink);
    }
}

/// 第十八条: the shortlist is publicised for `publicity_days` days, both
/// ends counted (end − start + 1). Fewer days is an error; more is a
/// warning (the public had longer, but the period is not the one set).
/// Reported at `publicity.end`. A period that ends before it starts is left
/// to `timeline/order`.
fn art18_publicity_days(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let Some(p) = &ctx.cycle.publicity else {
        return;
    };
    if p.end < p.start {
        return;
    }
    let days = p.start.duration_until(p.end).as_hours() / 24 + 1;
    let want = i64::from(ctx.regulation.rules.publicity_days);
    if days == want {
        return;
    }
    let file = &ctx.cycle.file;
    let document = &ctx.regulation.document;
    let (severity, zh, en) = if days < want {
        (Severity::Error, "不足", "short of")
    } else {
        (Severity::Warning, "超过", "longer than")
    };
    sink.push(
        Diagnostic::new(
            catalogue::ART18_PUBLICITY_DAYS,
            Location::value(file, "/publicity/end"),
            Message::new(
                format!(
                    "公示期 {} 至 {} 共 {days} 天，{zh}{document}第十八条规定的 {want} 天",
                    p.start, p.end
                ),
                format!(
                    "the publicity runs {} to {}, {days} days, {en} the {want} days of article 18 of {document}",
                    p.start, p.end
                ),
            ),
        )
        .with_severity(severity)
        .with_related(
            Location::value(file, "/publicity/start"),
            Message::new("公示开始日期", "publicity start"),
        ),
    );
}

/// 第十八条: objections raised during the publicity are investigated and a
/// report goes to the committee before it settles the winners (第十九条).
/// Once a decision is recorded, every objection has a `report`, a
/// `concluded` date and an `outcome`, and was concluded no later than the
/// decision date. While no decision exists, open objections are normal.
/// Reported at the objection (missing fields) or at its `concluded` date
/// (too late), with the decision date related.
fn art18_objections(cycle: &Cycle, sink: &mut Findings) {
    let rule = catalogue::ART18_OBJECTIONS;
    let (Some(p), Some(decision)) = (&cycle.publicity, &cycle.decision) else {
        return;
    };
    let file = &cycle.file;
    let decided = || Location::value(file, "/decision/date");
    for (i, o) in p.objections.iter().enumerate() {
        let base = format!("/publicity/objections/{i}");
        let missing: Vec<&str> = [
            ("`report`", o.report.is_none()),
            ("`concluded`", o.concluded.is_none()),
            ("`outcome`", o.outcome.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        if !missing.is_empty() {
            sink.push(
                Diagnostic::new(
                    rule,
                    Location::value(file, &base),
                    Message::new(
                        format!(
                            "对申报 {} 的异议（{} 收到）缺少 {}，但已于 {} 审定；第十八条要求调查核实并形成调查报告",
                            code(&o.application),
                            o.received,
                            missing.join("、"),
                            decision.date
                        ),
                        format!(
                            "the objection to {} received on {} lacks {}, yet the decision is dated {}; article 18 requires an investigation and report",
                            code(&o.application),
                            o.received,
                            missing.join(", "),
                            decision.date
                        ),
                    ),
                )
                .with_related(decided(), Message::new("审定日期", "decision date")),
            );
        }
        if let Some(concluded) = o.concluded.filter(|c| *c > decision.date) {
            sink.push(
                Diagnostic::new(
                    rule,
                    Location::value(file, format!("{base}/concluded")),
                    Message::new(
                        format!(
                            "对申报 {} 的异议于 {concluded} 办结，晚于 {} 的审定；异议应在审定前处理完毕",
                            code(&o.application),
                            decision.date
                        ),
                        format!(
                            "the objection to {} was concluded on {concluded}, after the decision of {}",
                            code(&o.application),
                            decision.date
                        ),
                    ),
                )
                .with_related(decided(), Message::new("审定日期", "decision date")),
            );
        }
    }
}

/// 第十九条: after the publicity and the handling of objections, the
/// committee settles the winners for the city government to approve.
///
/// - a decision needs a publicity;
/// - every winner was publicised for the same award — the publicity lists
///   the committee's shortlist, so that is `committee_vote.shortlisted` —
///   and has no `upheld` objection;
/// - the decision is dated after the publicity ends (strictly).
///
/// Unknown application ids are left to `ref`.
fn art19_winners(model: &Model, cycle: &Cycle, sink: &mut Findings) {
    let Some(decision) = &cycle.decision else {
        return;
    };
    decided_after_publicity(cycle, decision, sink);
    let programme = model.programme.as_ref();
    let shortlisted = cycle.committee_vote.as_ref().map(|v| &v.shortlisted);
    for (award, ids) in &decision.winners {
        let publicised = shortlisted.and_then(|s| s.get(award));
        for (i, id) in ids.iter().enumerate() {
            if !cycle.applications.contains_key(id) {
                continue;
            }
            let at = Location::value(&cycle.file, format!("/decision/winners/{award}/{i}"));
            if !publicised.is_some_and(|list| list.contains(id)) {
                not_publicised(programme, cycle, (award, id), publicised.is_some(), at.clone(), sink);
            }
            objection_upheld(cycle, id, at, sink);
        }
    }
}

/// A decision without a publicity, or dated on or before its last day.
fn decided_after_publicity(cycle: &Cycle, decision: &Decision, sink: &mut Findings) {
    let rule = catalogue::ART19_WINNERS;
    let file = &cycle.file;
    match &cycle.publicity {
        None => sink.push(Diagnostic::new(
            rule,
            Location::key(file, "/decision"),
            Message::new(
                format!(
                    "{}年度已有审定结果，但没有初选公示（`publicity`）；第十九条规定经公示和异议处理后方可审定",
                    cycle.year
                ),
                format!(
                    "the {} cycle has a decision but no publicity; winners are settled only after the publicity",
                    cycle.year
                ),
            ),
        )),
        Some(p) if decision.date <= p.end => sink.push(
            Diagnostic::new(
                rule,
                Location::value(file, "/decision/date"),
                Message::new(
                    format!("审定日期 {} 不在公示期结束（{}）之后", decision.date, p.end),
                    format!(
                        "the decision of {} is not after the publicity ends ({})",
                        decision.date, p.end
                    ),
                ),
            )
            .with_related(
                Location::value(file, "/publicity/end"),
                Message::new("公示结束日期", "publicity end"),
            ),
        ),
        Some(_) => {}
    }
}

/// A winner that was not on the award's publicised list.
fn not_publicised(
    programme: Option<&Programme>,
    cycle: &Cycle,
    (award, id): (&str, &str),
    list_exists: bool,
    at: Location,
    sink: &mut Findings,
) {
    let mut d = Diagnostic::new(
        catalogue::ART19_WINNERS,
        at,
        Message::new(
            format!(
                "申报 {} 获{}，但不在该奖项的公示名单（初步入选名单）中",
                code(id),
                award_label(programme, award)
            ),
            format!(
                "application {} wins {} but was not publicised for it (not on its shortlist)",
                code(id),
                code(award)
            ),
        ),
    );
    if list_exists {
        d = d.with_related(
            Location::value(&cycle.file, format!("/committee_vote/shortlisted/{award}")),
            Message::new("该奖项的公示名单", "the award's publicised list"),
        );
    }
    sink.push(d);
}

/// A winner against which an objection was upheld.
fn objection_upheld(cycle: &Cycle, id: &str, at: Location, sink: &mut Findings) {
    let objections = cycle
        .publicity
        .as_ref()
        .map(|p| p.objections.as_slice())
        .unwrap_or_default();
    for (j, o) in objections.iter().enumerate() {
        if o.application == *id && o.outcome == Some(ObjectionOutcome::Upheld) {
            sink.push(
                Diagnostic::new(
                    catalogue::ART19_WINNERS,
                    at.clone(),
                    Message::new(
                        format!("申报 {} 获奖，但对其的异议（{} 收到）经调查成立", code(id), o.received),
                        format!(
                            "application {} wins although an objection to it (received {}) was upheld",
                            code(id),
                            o.received
                        ),
                    ),
                )
                .with_related(
                    Location::value(&cycle.file, format!("/publicity/objections/{j}/outcome")),
                    Message::new("异议成立", "objection upheld"),
                ),
            );
        }
    }
}
