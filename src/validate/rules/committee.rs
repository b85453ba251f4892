//! The committee's vote of 第十七条: `art17/shortlist`.

use super::caps::award_label;
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::procedure::{Outcome, Review};
use crate::model::{Application, CommitteeVote, Cycle, Model, Programme};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(crate) fn check(model: &Model, sink: &mut Findings) {
    for cycle in model.cycles.values() {
        art17_shortlist(model, cycle, sink);
    }
}

/// 第十七条: the committee, in a plenary meeting and by secret ballot,
/// draws the shortlist from the candidates the office put forward after the
/// on-site review (第十六条).
///
/// - every shortlisted application is a `candidate` and is shortlisted for
///   the award it applied for;
/// - every tally has for + against + abstain ≤ `members_present`;
/// - `members_present` ≤ `members_total`.
///
/// The ballot being secret, the record holds tallies only; the schema
/// already refuses any other field. Unknown application ids are left to
/// `ref`.
fn art17_shortlist(model: &Model, cycle: &Cycle, sink: &mut Findings) {
    let Some(vote) = &cycle.committee_vote else {
        return;
    };
    let programme = model.programme.as_ref();
    for (award, ids) in &vote.shortlisted {
        for (i, id) in ids.iter().enumerate() {
            let Some(app) = cycle.applications.get(id) else {
                continue;
            };
            let at = Location::value(&cycle.file, format!("/committee_vote/shortlisted/{award}/{i}"));
            not_a_candidate(app, at.clone(), sink);
            if app.award != *award {
                wrong_award(programme, app, award, at, sink);
            }
        }
    }
    tallies(&cycle.file, vote, sink);
}

/// A shortlisted application that the on-site review did not make a
/// candidate.
fn not_a_candidate(app: &Application, at: Location, sink: &mut Findings) {
    let result = Review::Onsite.outcome(app);
    if result == Some(Outcome::Proceeds) {
        return;
    }
    let (zh, en, related) = match result {
        Some(_) => (
            "现场评审结果不是候选（candidate）",
            "its on-site result is not `candidate`",
            Location::value(&app.file, "/onsite/result"),
        ),
        None if Review::Onsite.recorded(app) => (
            "现场评审只有得分、尚无结果（`result`）",
            "its on-site review is scored but has no `result` yet",
            Location::value(&app.file, "/onsite"),
        ),
        None => (
            "没有现场评审结果",
            "it has no on-site review",
            Location::value(&app.file, ""),
        ),
    };
    sink.push(
        Diagnostic::new(
            catalogue::ART17_SHORTLIST,
            at,
            Message::new(
                format!(
                    "申报 {} 初步入选，但{zh}；第十七条的初步入选名单只能出自候选企业（组织）",
                    code(&app.id)
                ),
                format!(
                    "application {} is shortlisted but {en}; the shortlist is drawn from the candidates",
                    code(&app.id)
                ),
            ),
        )
        .with_related(
            related,
            Message::new("该申报的现场评审", "the application's on-site review"),
        ),
    );
}

/// A shortlisted application on the list of an award it did not apply for.
fn wrong_award(programme: Option<&Programme>, app: &Application, award: &str, at: Location, sink: &mut Findings) {
    let id = &app.id;
    sink.push(
        Diagnostic::new(
            catalogue::ART17_SHORTLIST,
            at,
            Message::new(
                format!(
                    "申报 {} 申报的是{}，却列入{}的初步入选名单",
                    code(id),
                    award_label(programme, &app.award),
                    award_label(programme, award)
                ),
                format!(
                    "application {} applied for {} but is shortlisted for {}",
                    code(id),
                    code(&app.award),
                    code(award)
                ),
            ),
        )
        .with_related(
            Location::value(&app.file, "/award"),
            Message::new("申报的奖项", "the award applied for"),
        ),
    );
}

/// The tallies against the members present, and those against the
/// committee's size.
fn tallies(file: &str, vote: &CommitteeVote, sink: &mut Findings) {
    let rule = catalogue::ART17_SHORTLIST;
    let present = vote.members_present;
    for (id, tally) in &vote.tallies {
        let cast = u64::from(tally.in_favour) + u64::from(tally.against) + u64::from(tally.abstain);
        if cast > u64::from(present) {
            sink.push(
                Diagnostic::new(
                    rule,
                    Location::value(file, format!("/committee_vote/tallies/{id}")),
                    Message::new(
                        format!(
                            "申报 {} 的票数合计 {cast}（赞成 {}、反对 {}、弃权 {}），多于出席人数 {present}",
                            code(id),
                            tally.in_favour,
                            tally.against,
                            tally.abstain
                        ),
                        format!(
                            "the tally of {} adds up to {cast} ({} for, {} against, {} abstaining), more than the {present} members present",
                            code(id),
                            tally.in_favour,
                            tally.against,
                            tally.abstain
                        ),
                    ),
                )
                .with_related(
                    Location::value(file, "/committee_vote/members_present"),
                    Message::new("出席人数", "members present"),
                ),
            );
        }
    }
    if present > vote.members_total {
        sink.push(
            Diagnostic::new(
                rule,
                Location::value(file, "/committee_vote/members_present"),
                Message::new(
                    format!("出席人数 {present} 多于评委会成员总数 {}", vote.members_total),
                    format!(
                        "{present} members present, more than the committee's {} members",
                        vote.members_total
                    ),
                ),
            )
            .with_related(
                Location::value(file, "/committee_vote/members_total"),
                Message::new("评委会成员总数", "the committee's size"),
            ),
        );
    }
}
