//! The per-application review stages: written notices of 第十四条 and
//! 第十五条, the signed on-site report of 第十六条, and `stage/sequence`
//! (qualification → material → on-site, and nothing after withdrawal).

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::{Cycle, MaterialResult, Model, QualificationResult};
use crate::validate::Sink;

/// Runs the rules of this module.
pub fn check(model: &Model, sink: &mut Sink) {
    for cycle in model.cycles.values() {
        art14_written_notice(cycle, sink);
        art15_written_notice(cycle, sink);
        art16_report_signed(cycle, sink);
        stage_sequence(cycle, sink);
    }
}

/// 第十四条: the office tells an applicant in writing that it failed the
/// qualification review. A `failed` qualification must carry the date of
/// that notice (`notified`).
fn art14_written_notice(cycle: &Cycle, sink: &mut Sink) {
    for app in cycle.applications.values() {
        let Some(q) = &app.qualification else {
            continue;
        };
        if q.result == QualificationResult::Failed && q.notified.is_none() {
            sink.push(Diagnostic::new(
                catalogue::ART14_WRITTEN_NOTICE,
                Location::value(&app.file, "/qualification"),
                Message::new(
                    format!(
                        "申报 {} 于 {} 未通过资格审查，但没有书面告知的日期（`notified`）；第十四条要求书面告知企业（组织）",
                        code(&app.id),
                        q.date
                    ),
                    format!(
                        "application {} failed qualification on {} but has no written notice date (`notified`); article 14 requires a written notice",
                        code(&app.id),
                        q.date
                    ),
                ),
            ));
        }
    }
}

/// 第十五条: an applicant that does not go on to on-site review is told so
/// in writing. A `not-advanced` material result must carry the date of that
/// notice (`notified`).
fn art15_written_notice(cycle: &Cycle, sink: &mut Sink) {
    for app in cycle.applications.values() {
        let Some(m) = &app.material else {
            continue;
        };
        if m.result == MaterialResult::NotAdvanced && m.notified.is_none() {
            sink.push(Diagnostic::new(
                catalogue::ART15_WRITTEN_NOTICE,
                Location::value(&app.file, "/material"),
                Message::new(
                    format!(
                        "申报 {} 未能进入现场评审，但没有书面告知的日期（`notified`）；第十五条要求书面告知企业（组织）",
                        code(&app.id)
                    ),
                    format!(
                        "application {} did not advance to on-site review but has no written notice date (`notified`); article 15 requires a written notice",
                        code(&app.id)
                    ),
                ),
            ));
        }
    }
}

/// 第十六条: the on-site report is given to the reviewed organisation on the
/// spot and signed by its head. Every `onsite` records who signed
/// (`signed_by`) and when (`signed`).
fn art16_report_signed(cycle: &Cycle, sink: &mut Sink) {
    for app in cycle.applications.values() {
        let Some(o) = &app.onsite else {
            continue;
        };
        let missing: Vec<&str> = [("`signed_by`", o.signed_by.is_none()), ("`signed`", o.signed.is_none())]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
        if missing.is_empty() {
            continue;
        }
        sink.push(Diagnostic::new(
            catalogue::ART16_REPORT_SIGNED,
            Location::value(&app.file, "/onsite"),
            Message::new(
                format!(
                    "申报 {} 的现场评审报告缺少 {}；第十六条要求报告经受评企业（组织）负责人签字确认",
                    code(&app.id),
                    missing.join("、")
                ),
                format!(
                    "the on-site report of application {} lacks {}; article 16 requires it to be signed by the organisation's head",
                    code(&app.id),
                    missing.join(" and ")
                ),
            ),
        ));
    }
}

/// The review stages follow each other (第十四条 to 第十七条): a material
/// result needs a `passed` qualification, an on-site review needs an
/// `advanced` material result. After a withdrawal no stage carries a later
/// date (`qualification.date`, `onsite.signed`), and no list decided on or
/// after the withdrawal (shortlist, winners) holds the application. Reported
/// at the stage that should not be there (`/material`, `/onsite`, the late
/// date, the list entry), with the earlier stage or the withdrawal related.
fn stage_sequence(cycle: &Cycle, sink: &mut Sink) {
    let rule = catalogue::STAGE_SEQUENCE;
    for app in cycle.applications.values() {
        let id = code(&app.id);
        let file = &app.file;
        if app.material.is_some() {
            let qualification = app.qualification.as_ref().map(|q| q.result);
            if qualification != Some(QualificationResult::Passed) {
                let (zh, en) = match qualification {
                    Some(_) => ("资格审查未通过", "failed qualification"),
                    None => ("没有资格审查结果", "has no qualification result"),
                };
                let mut d = Diagnostic::new(
                    rule,
                    Location::value(file, "/material"),
                    Message::new(
                        format!("申报 {id} {zh}，却有资料评审结果；只有通过资格审查的才进入资料评审"),
                        format!(
                            "application {id} {en}, yet has a material review result; only qualified applications are reviewed"
                        ),
                    ),
                );
                if qualification.is_some() {
                    d = d.with_related(
                        Location::value(file, "/qualification/result"),
                        Message::new("资格审查结果", "the qualification result"),
                    );
                }
                sink.push(d);
            }
        }
        if app.onsite.is_some() {
            let material = app.material.as_ref().map(|m| m.result);
            if material != Some(MaterialResult::Advanced) {
                let (zh, en) = match material {
                    Some(_) => ("资料评审未进入现场评审", "did not advance at the material review"),
                    None => ("没有资料评审结果", "has no material review result"),
                };
                let mut d = Diagnostic::new(
                    rule,
                    Location::value(file, "/onsite"),
                    Message::new(
                        format!("申报 {id} {zh}，却有现场评审结果；只有进入现场评审的才接受现场评审"),
                        format!(
                            "application {id} {en}, yet has an on-site review; only advanced applications are reviewed on site"
                        ),
                    ),
                );
                if material.is_some() {
                    d = d.with_related(
                        Location::value(file, "/material/result"),
                        Message::new("资料评审结果", "the material review result"),
                    );
                }
                sink.push(d);
            }
        }

        let Some(w) = &app.withdrawn else {
            continue;
        };
        let withdrawn_at = || {
            (
                Location::value(file, "/withdrawn/date"),
                Message::new(format!("于 {} 撤回申报", w.date), format!("withdrawn on {}", w.date)),
            )
        };
        let later = [
            (
                app.qualification.as_ref().map(|q| q.date),
                "/qualification/date",
                "资格审查",
                "qualification",
            ),
            (
                app.onsite.as_ref().and_then(|o| o.signed),
                "/onsite/signed",
                "现场评审报告签字",
                "on-site report signature",
            ),
        ];
        for (date, pointer, zh, en) in later {
            let Some(date) = date.filter(|d| *d > w.date) else {
                continue;
            };
            let (at, msg) = withdrawn_at();
            sink.push(
                Diagnostic::new(
                    rule,
                    Location::value(file, pointer),
                    Message::new(
                        format!("申报 {id} 已于 {} 撤回，{zh}日期 {date} 在撤回之后", w.date),
                        format!(
                            "application {id} was withdrawn on {}, yet its {en} is dated {date}",
                            w.date
                        ),
                    ),
                )
                .with_related(at, msg),
            );
        }
    }

    // A list decided on or after the withdrawal may not hold it; one decided
    // before (a candidate that withdraws during the publicity) may.
    let lists = [
        (
            cycle.committee_vote.as_ref().map(|v| (v.date, &v.shortlisted)),
            "/committee_vote/shortlisted",
            "初步入选",
            "shortlisted",
        ),
        (
            cycle.decision.as_ref().map(|d| (d.date, &d.winners)),
            "/decision/winners",
            "获奖",
            "a winner",
        ),
    ];
    for (list, base, zh, en) in lists {
        let Some((decided, list)) = list else {
            continue;
        };
        for (award, ids) in list {
            for (i, id) in ids.iter().enumerate() {
                let Some(app) = cycle.applications.get(id) else {
                    continue;
                };
                let Some(w) = app.withdrawn.as_ref().filter(|w| w.date <= decided) else {
                    continue;
                };
                sink.push(
                    Diagnostic::new(
                        rule,
                        Location::value(&cycle.file, format!("{base}/{award}/{i}")),
                        Message::new(
                            format!("申报 {} 已于 {} 撤回，不能{zh}", code(id), w.date),
                            format!(
                                "application {} was withdrawn on {} and cannot be {en}",
                                code(id),
                                w.date
                            ),
                        ),
                    )
                    .with_related(
                        Location::value(&app.file, "/withdrawn/date"),
                        Message::new(format!("于 {} 撤回申报", w.date), format!("withdrawn on {}", w.date)),
                    ),
                );
            }
        }
    }
}
