//! The per-application review stages: written notices of 第十四条 and
//! 第十五条, the signed on-site report of 第十六条, and `stage/sequence`
//! (qualification → material → on-site, and nothing after withdrawal).

use crate::catalogue::{self, Severity};
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::procedure::{Review, Stage};
use crate::model::{Application, Cycle, Model};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(crate) fn check(model: &Model, sink: &mut Findings) {
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
fn art14_written_notice(cycle: &Cycle, sink: &mut Findings) {
    for app in cycle.applications.values() {
        let owed = Review::Qualification.notice(app) == Some(None);
        if let Some(q) = app.qualification.as_ref().filter(|_| owed) {
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
fn art15_written_notice(cycle: &Cycle, sink: &mut Findings) {
    for app in cycle.applications.values() {
        if Review::Material.notice(app) == Some(None) {
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
/// (`signed_by`) and when (`signed`). A record holding only the group's
/// scores is not a finished report yet: the signature is owed with the
/// result (`stage/sequence` warns once the review is over).
fn art16_report_signed(cycle: &Cycle, sink: &mut Findings) {
    for app in cycle.applications.values() {
        let Some(o) = app.onsite.as_ref().filter(|o| o.result.is_some()) else {
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

/// How `stage/sequence` words a review recorded without the previous one
/// letting the application in.
struct OutOfSequence {
    review: Review,
    /// The previous review stopped it / recorded nothing.
    stopped: (&'static str, &'static str),
    missing: (&'static str, &'static str),
    /// What it has and who may have it: `{id} {why}` are filled in.
    zh: &'static str,
    en: &'static str,
    /// The previous result, in English.
    previous_en: &'static str,
}

// A flat table: the reviews that have a previous one.
const OUT_OF_SEQUENCE: [OutOfSequence; 2] = [
    OutOfSequence {
        review: Review::Material,
        stopped: ("资格审查未通过", "failed qualification"),
        missing: ("没有资格审查结果", "has no qualification result"),
        zh: "申报 {id} {why}，却有资料评审结果；只有通过资格审查的才进入资料评审",
        en: "application {id} {why}, yet has a material review result; only qualified applications are reviewed",
        previous_en: "the qualification result",
    },
    OutOfSequence {
        review: Review::Onsite,
        stopped: ("资料评审未进入现场评审", "did not advance at the material review"),
        missing: ("没有资料评审结果", "has no material review result"),
        zh: "申报 {id} {why}，却有现场评审结果；只有进入现场评审的才接受现场评审",
        en: "application {id} {why}, yet has an on-site review; only advanced applications are reviewed on site",
        previous_en: "the material review result",
    },
];

/// The review stages follow each other (第十四条 to 第十七条): a material
/// result needs a `passed` qualification, an on-site review needs an
/// `advanced` material result. After a withdrawal no stage carries a later
/// date (`qualification.date`, `onsite.signed`), and no list decided on or
/// after the withdrawal (shortlist, winners) holds the application. Reported
/// at the stage that should not be there (`/material`, `/onsite`, the late
/// date, the list entry), with the earlier stage or the withdrawal related.
fn stage_sequence(cycle: &Cycle, sink: &mut Findings) {
    for app in cycle.applications.values() {
        for text in &OUT_OF_SEQUENCE {
            out_of_sequence(app, text, sink);
        }
        for review in Review::SCORED {
            undecided_when_over(cycle, app, review, sink);
        }
        after_withdrawal(app, sink);
    }
    withdrawn_in_lists(cycle, sink);
}

/// A review recorded although the previous one did not let `app` in.
fn out_of_sequence(app: &Application, text: &OutOfSequence, sink: &mut Findings) {
    let review = text.review;
    let Some(previous) = review.previous() else {
        return;
    };
    if !review.recorded(app) || review.entered(app) {
        return;
    }
    let recorded = previous.outcome(app).is_some();
    let (why_zh, why_en) = if recorded { text.stopped } else { text.missing };
    let id = code(&app.id);
    let fill = |t: &str, why: &str| t.replace("{id}", &id).replace("{why}", why);
    let mut d = Diagnostic::new(
        catalogue::STAGE_SEQUENCE,
        Location::value(&app.file, review.pointer()),
        Message::new(fill(text.zh, why_zh), fill(text.en, why_en)),
    );
    if recorded {
        d = d.with_related(
            Location::value(&app.file, previous.result_pointer()),
            Message::new(format!("{}结果", previous.name_zh()), text.previous_en),
        );
    }
    sink.push(d);
}

/// Scores come before results: a material or on-site review may hold its
/// `score` and `items` before its `result`. Once the cycle records the
/// stage that follows the review (the on-site review after the material
/// review, the committee's vote after the on-site review) the review is
/// over, and a result still missing is a warning at the review. (A later
/// review of the application itself without this result is an error of
/// `out_of_sequence`; validation reads no clock, so `status` is what
/// compares the review's dates with today.) A withdrawn application owes
/// no result.
fn undecided_when_over(cycle: &Cycle, app: &Application, review: Review, sink: &mut Findings) {
    let next = review.next_stage();
    let Some(period) = next.period(cycle) else {
        return;
    };
    if !review.undecided(app) || app.withdrawn.is_some() {
        return;
    }
    let name = review.name_zh();
    sink.push(
        Diagnostic::new(
            catalogue::STAGE_SEQUENCE,
            Location::value(&app.file, review.pointer()),
            Message::new(
                format!(
                    "申报 {} 的{name}已有得分，但还没有评审结果（`result`）；本年度已记录{}（{}），{name}的结果应已确定",
                    code(&app.id),
                    next.name_zh(),
                    period.start
                ),
                format!(
                    "application {} has {} scores but no `result`, while the cycle already records the {} ({}); the result is due",
                    code(&app.id),
                    review.key(),
                    next.name_en(),
                    period.start
                ),
            ),
        )
        .with_severity(Severity::Warning)
        .with_related(
            Location::value(&cycle.file, next.start_field().pointer),
            Message::new(next.start_field().zh, next.start_field().en),
        ),
    );
}

/// Stage dates later than the application's withdrawal.
fn after_withdrawal(app: &Application, sink: &mut Findings) {
    let rule = catalogue::STAGE_SEQUENCE;
    let id = code(&app.id);
    let file = &app.file;
    let Some(w) = &app.withdrawn else {
        return;
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

/// A list decided on or after the withdrawal may not hold it; one decided
/// before (a candidate that withdraws during the publicity) may.
fn withdrawn_in_lists(cycle: &Cycle, sink: &mut Findings) {
    let rule = catalogue::STAGE_SEQUENCE;
    let lists = [
        (Stage::Vote, "初步入选", "shortlisted"),
        (Stage::Decision, "获奖", "a winner"),
    ];
    for (stage, zh, en) in lists {
        let base = stage.list_pointer();
        let (Some(list), Some(period)) = (stage.list(cycle), stage.period(cycle)) else {
            continue;
        };
        let decided = period.start;
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
