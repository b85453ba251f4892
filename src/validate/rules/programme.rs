//! Rules about the programme and the calls: year-marked titles (第二十二条),
//! the regulation in force (第二十六条) and the season of the call (第十二条).

use super::{CycleCtx, governed_cycles};
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::Model;
use crate::validate::Findings;

/// Runs the rules of this module.
pub(super) fn check(model: &Model, sink: &mut Findings) {
    art22_year_title(model, sink);
    art26_in_force(model, sink);
    for ctx in governed_cycles(model) {
        art12_call_quarter(&ctx, sink);
    }
}

/// `art22/year-title`: a winner may use the title only with the year it was
/// won (第二十二条), so every award's title template carries `{year}`.
fn art22_year_title(model: &Model, sink: &mut Findings) {
    let Some(programme) = &model.programme else {
        return;
    };
    for (id, award) in &programme.awards {
        if award.title.contains("{year}") {
            continue;
        }
        sink.push(Diagnostic::new(
            catalogue::ART22_YEAR_TITLE,
            Location::value("programme.yaml", format!("/awards/{id}/title")),
            Message::new(
                format!(
                    "奖项 {} 的称号 {} 不含 `{{year}}`：称号须注明获评年份，例如 `{{year}}年度{}`",
                    code(id),
                    code(&award.title),
                    award.name
                ),
                format!(
                    "the title {} of award {} lacks `{{year}}`: the title must carry the year it was won, e.g. `{{year}}年度{}`",
                    code(&award.title),
                    code(id),
                    award.name
                ),
            ),
        ));
    }
}

/// `art26/in-force`: the regulation applies from its effective date until it
/// expires (第二十六条); a call published outside every recorded version has
/// no rules to follow, and the number-based checks skip its cycle.
fn art26_in_force(model: &Model, sink: &mut Findings) {
    let Some(programme) = &model.programme else {
        return;
    };
    for cycle in model.cycles.values() {
        let day = cycle.call.published;
        if model.regulation_on(day).is_some() {
            continue;
        }
        let regulations = &programme.regulations;
        let zh: Vec<String> = regulations
            .iter()
            .map(|r| format!("{} {} 至 {}", code(&r.id), r.effective, r.expires))
            .collect();
        let en: Vec<String> = regulations
            .iter()
            .map(|r| format!("{} {} to {}", code(&r.id), r.effective, r.expires))
            .collect();
        sink.push(
            Diagnostic::new(
                catalogue::ART26_IN_FORCE,
                Location::value(&cycle.file, "/call/published"),
                Message::new(
                    format!(
                        "{} 年度申报通知发布日 {day} 没有施行中的办法版本（已登记：{}）",
                        cycle.year,
                        zh.join("、")
                    ),
                    format!(
                        "no version of the regulation is in force on {day}, when the {} call was published (recorded: {})",
                        cycle.year,
                        en.join(", ")
                    ),
                ),
            )
            .with_related(
                Location::value("programme.yaml", "/regulations"),
                Message::new("办法各版本的施行期在此登记", "the versions and their periods are recorded here"),
            ),
        );
    }
}

/// `art12/call-quarter`: the office usually publishes the call in quarter
/// `call_quarter` of the year (第十二条). "Usually" makes it a warning.
fn art12_call_quarter(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let day = ctx.cycle.call.published;
    let quarter = (i32::from(day.month()) - 1) / 3 + 1;
    let expected = ctx.regulation.rules.call_quarter;
    if i64::from(quarter) == i64::from(expected) {
        return;
    }
    sink.push(Diagnostic::new(
        catalogue::ART12_CALL_QUARTER,
        Location::value(&ctx.cycle.file, "/call/published"),
        Message::new(
            format!(
                "{} 年度申报通知于 {day} 发布，在第 {quarter} 季度；办法规定一般在第 {expected} 季度发布",
                ctx.cycle.year
            ),
            format!(
                "the {} call was published on {day}, in quarter {quarter}; the regulation expects quarter {expected}",
                ctx.cycle.year
            ),
        ),
    ));
}
