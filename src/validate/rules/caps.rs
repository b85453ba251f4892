//! The numeric caps of the regulation and the one-per-year rule:
//! `art3/quota`, `art3/one-per-year`, `art15/onsite-cap` and
//! `art16/candidate-cap`.
//!
//! Every cap is read from the regulation version that governs the cycle
//! (`regulations[].rules` in force on the call date); the one-per-year rule
//! holds no number and runs on every cycle.

use std::collections::BTreeMap;

use super::{CycleCtx, governed_cycles};
use crate::catalogue;
use crate::catalogue::Rule;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::procedure::Review;
use crate::model::{Application, Cycle, Model, Programme};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(crate) fn check(model: &Model, sink: &mut Findings) {
    for ctx in governed_cycles(model) {
        art3_quota(&ctx, sink);
        review_caps(&ctx, sink);
    }
    for cycle in model.cycles.values() {
        art3_one_per_year(model, cycle, sink);
    }
}

/// An award for messages: its name in 「」 when known, else its id.
pub(super) fn award_label(programme: Option<&Programme>, award: &str) -> String {
    programme
        .and_then(|p| p.awards.get(award))
        .map_or_else(|| code(award), |a| format!("「{}」", a.name))
}

/// An organisation for messages: its name and id when known, else its id.
pub(super) fn org_label(model: &Model, org: &str) -> String {
    model
        .organizations
        .get(org)
        .map_or_else(|| code(org), |o| format!("{}（{}）", o.name, code(org)))
}

/// A cap as a length.
fn limit(cap: u32) -> usize {
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// 第三条: each award is given to at most `winners_per_award` organisations
/// a year. Reported at the award's winner list, with every entry beyond the
/// cap as a related span.
fn art3_quota(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let Some(decision) = &ctx.cycle.decision else {
        return;
    };
    let cap = ctx.regulation.rules.winners_per_award;
    let file = &ctx.cycle.file;
    let year = ctx.cycle.year;
    let document = &ctx.regulation.document;
    for (award, winners) in &decision.winners {
        let count = winners.len();
        if count <= limit(cap) {
            continue;
        }
        let name = award_label(Some(ctx.programme), award);
        let mut d = Diagnostic::new(
            catalogue::ART3_QUOTA,
            Location::value(file, format!("/decision/winners/{award}")),
            Message::new(
                format!("{year}年度{name}获奖 {count} 家，{document}第三条规定每个奖项每年不超过 {cap} 家"),
                format!(
                    "{count} winners of {} in {year}, while article 3 of {document} allows at most {cap} per award a year",
                    code(award)
                ),
            ),
        );
        for (i, app) in winners.iter().enumerate().skip(limit(cap)) {
            d = d.with_related(
                Location::value(file, format!("/decision/winners/{award}/{i}")),
                Message::new(
                    format!("超出名额的第 {} 家：{}", i + 1, code(app)),
                    format!("winner {} beyond the cap: {}", i + 1, code(app)),
                ),
            );
        }
        sink.push(d);
    }
}

/// 第三条: the award is given once a year, so an organisation files at most
/// one application a cycle and wins at most one award a cycle.
///
/// Withdrawn applications do not count towards the one application: an
/// organisation may withdraw and file again (for instance for the other
/// award). The application half is reported at each further application's
/// `organization`, with the organisation's other applications related; the
/// award half looks at the decision's winner lists across all awards and is
/// reported at the second winning entry, with the first related.
fn art3_one_per_year(model: &Model, cycle: &Cycle, sink: &mut Findings) {
    let year = cycle.year;
    let mut by_org: BTreeMap<&str, Vec<&Application>> = BTreeMap::new();
    for app in cycle.applications.values().filter(|a| a.withdrawn.is_none()) {
        by_org.entry(app.organization.as_str()).or_default().push(app);
    }
    for (org, apps) in &by_org {
        let who = org_label(model, org);
        for (i, app) in apps.iter().enumerate().skip(1) {
            let mut d = Diagnostic::new(
                catalogue::ART3_ONE_PER_YEAR,
                Location::value(&app.file, "/organization"),
                Message::new(
                    format!(
                        "{who}在{year}年度有 {} 份申报；奖项每年评定一次（第三条），同一企业（组织）每年至多申报一次",
                        apps.len()
                    ),
                    format!(
                        "{who} has {} applications in {year}; the award is given once a year, one application per organisation",
                        apps.len()
                    ),
                ),
            );
            for (j, other) in apps.iter().enumerate() {
                if j != i {
                    d = d.with_related(
                        Location::value(&other.file, "/organization"),
                        Message::new(
                            format!("同一企业（组织）的另一份申报 {}", code(&other.id)),
                            format!("another application of the same organisation: {}", code(&other.id)),
                        ),
                    );
                }
            }
            sink.push(d);
        }
    }
    one_award_per_year(model, cycle, sink);
}

/// The award half of 第三条's once a year: an organisation among the
/// winners of two awards, or twice among one's.
fn one_award_per_year(model: &Model, cycle: &Cycle, sink: &mut Findings) {
    let Some(decision) = &cycle.decision else {
        return;
    };
    let year = cycle.year;
    let file = &cycle.file;
    let programme = model.programme.as_ref();
    let mut first: BTreeMap<&str, (&str, usize, &str)> = BTreeMap::new();
    for (award, winners) in &decision.winners {
        for (i, id) in winners.iter().enumerate() {
            let Some(app) = cycle.applications.get(id) else {
                continue;
            };
            let org = app.organization.as_str();
            let Some(&(first_award, first_i, first_id)) = first.get(org) else {
                first.insert(org, (award, i, id));
                continue;
            };
            let who = org_label(model, org);
            let earlier = award_label(programme, first_award);
            sink.push(
                Diagnostic::new(
                    catalogue::ART3_ONE_PER_YEAR,
                    Location::value(file, format!("/decision/winners/{award}/{i}")),
                    Message::new(
                        format!(
                            "{who}在{year}年度已凭申报 {} 获{earlier}，又凭申报 {} 获{}；第三条下每家每年至多获一个奖项",
                            code(first_id),
                            code(id),
                            award_label(programme, award)
                        ),
                        format!(
                            "{who} already wins {} in {year} with {}, and again {} with {}; an organisation wins at most one award a year",
                            code(first_award),
                            code(first_id),
                            code(award),
                            code(id)
                        ),
                    ),
                )
                .with_related(
                    Location::value(file, format!("/decision/winners/{first_award}/{first_i}")),
                    Message::new(
                        format!("该企业（组织）的第一个奖项：{earlier}"),
                        format!("the organisation's first award: {}", code(first_award)),
                    ),
                ),
            );
        }
    }
}

/// How a review's cap (第十五条, 第十六条) is reported.
struct CapText {
    review: Review,
    rule: &'static Rule,
    /// `{count}`, `{year}`, `{cap}` and `{document}` are filled in.
    zh: &'static str,
    en: &'static str,
    beyond_zh: &'static str,
    beyond_en: &'static str,
}

// A flat table: the reviews the regulation caps.
const CAPS: [CapText; 2] = [
    // 第十五条: after the material review at most `onsite_max` go on to
    // on-site review (recorded `advanced`).
    CapText {
        review: Review::Material,
        rule: catalogue::ART15_ONSITE_CAP,
        zh: "{year}年度有 {count} 家申报进入现场评审（资料评审结果为 advanced），{document}第十五条规定不超过 {cap} 家",
        en: "{count} applications advanced to on-site review in {year}, while article 15 of {document} allows at most {cap}",
        beyond_zh: "记录为进入现场评审",
        beyond_en: "is recorded as advanced",
    },
    // 第十六条: after the on-site review at most `candidates_max` become
    // candidates for the committee (recorded `candidate`).
    CapText {
        review: Review::Onsite,
        rule: catalogue::ART16_CANDIDATE_CAP,
        zh: "{year}年度有 {count} 家申报确定为候选企业（组织）（现场评审结果为 candidate），{document}第十六条规定不超过 {cap} 家",
        en: "{count} applications became candidates in {year}, while article 16 of {document} allows at most {cap}",
        beyond_zh: "记录为候选",
        beyond_en: "is recorded as a candidate",
    },
];

/// 第十五条 and 第十六条: the applications recorded as going on past a
/// capped review, against the cap of the regulation in force. Reported at
/// the cycle's section for the review (or its year), with every
/// application beyond the cap, in id order, as a related span.
fn review_caps(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    for text in &CAPS {
        if let Some(cap) = text.review.cap(&ctx.regulation.rules) {
            report_cap(ctx, text, cap, sink);
        }
    }
}

fn report_cap(ctx: &CycleCtx<'_>, text: &CapText, cap: u32, sink: &mut Findings) {
    let cycle = ctx.cycle;
    let review = text.review;
    let counted: Vec<&Application> = cycle
        .applications
        .values()
        .map(|a| &**a)
        .filter(|a| review.proceeded(a))
        .collect();
    let count = counted.len();
    if count <= limit(cap) {
        return;
    }
    let fill = |t: &str| {
        t.replace("{count}", &count.to_string())
            .replace("{year}", &cycle.year.to_string())
            .replace("{cap}", &cap.to_string())
            .replace("{document}", &ctx.regulation.document)
    };
    let stage = review.stage();
    let section = stage.period(cycle).map_or("/year", |_| stage.section());
    let mut d = Diagnostic::new(
        text.rule,
        Location::value(&cycle.file, section),
        Message::new(fill(text.zh), fill(text.en)),
    );
    for app in counted.iter().skip(limit(cap)) {
        d = d.with_related(
            Location::value(&app.file, review.result_pointer()),
            Message::new(
                format!("超出名额：{} {}", code(&app.id), text.beyond_zh),
                format!("beyond the cap: {} {}", code(&app.id), text.beyond_en),
            ),
        );
    }
    sink.push(d);
}
