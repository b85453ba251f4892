//! The written notices (书面告知): to each applicant that failed the
//! qualification review (第十四条), with the recorded reason, and to each
//! that did not advance to the on-site review (第十五条).

use serde::Serialize;

use super::view::{Applicant, Head, cited, year_title};
use super::{Ctx, DocKind, Missing, Planned, State, ready};
use crate::diagnostics::Location;
use crate::model::Application;
use crate::model::procedure::{Outcome, Review};

/// A written notice to one applicant.
#[derive(Clone, Debug, Serialize)]
pub(super) struct NoticeView {
    pub(super) head: Head,
    pub(super) applicant: Applicant,
    /// The recorded reason; required for a failed qualification.
    pub(super) reason: Option<String>,
    /// 《办法》（文号）, the regulation cited.
    pub(super) regulation: String,
}

/// The written notice of each review that owes one (第十四条, 第十五条).
const QUALIFICATION: (Review, DocKind) = (Review::Qualification, DocKind::QualificationNotice);
const MATERIAL: (Review, DocKind) = (Review::Material, DocKind::MaterialNotice);

/// The recorded facts of one notice.
struct Recorded<'a> {
    notified: Option<jiff::civil::Date>,
    document: Option<&'a String>,
    reason: Option<&'a String>,
}

/// One notice per application recorded `failed` at qualification; the
/// reason is required.
pub(crate) fn qualification(ctx: &Ctx<'_>) -> Vec<Planned> {
    ctx.applications()
        .filter_map(|app| {
            let q = app
                .qualification
                .as_ref()
                .filter(|_| Review::Qualification.outcome(app) == Some(Outcome::Stops))?;
            let mut missing = Vec::new();
            if q.reason.is_none() {
                missing.push(Missing::new(
                    Location::value(&app.file, Review::Qualification.pointer()),
                    "qualification.reason",
                    "未通过资格审查的理由",
                    "the reason the qualification failed",
                ));
            }
            let recorded = Recorded {
                notified: q.notified,
                document: q.document.as_ref(),
                reason: q.reason.as_ref(),
            };
            Some(notice(ctx, app, QUALIFICATION, &recorded, missing))
        })
        .collect()
}

/// One notice per application recorded `not-advanced` at the material
/// review; a recorded reason is printed, none is required.
pub(crate) fn material(ctx: &Ctx<'_>) -> Vec<Planned> {
    ctx.applications()
        .filter_map(|app| {
            let m = app
                .material
                .as_ref()
                .filter(|_| Review::Material.outcome(app) == Some(Outcome::Stops))?;
            let recorded = Recorded {
                notified: m.notified,
                document: m.document.as_ref(),
                reason: m.reason.as_ref(),
            };
            Some(notice(ctx, app, MATERIAL, &recorded, Vec::new()))
        })
        .collect()
}

/// The notice, or what it lacks. `notified` is its date (成文日期);
/// validation already requires it (`art14/written-notice`,
/// `art15/written-notice`), so it is checked here only for completeness.
fn notice(
    ctx: &Ctx<'_>,
    app: &Application,
    (review, kind): (Review, DocKind),
    recorded: &Recorded<'_>,
    mut missing: Vec<Missing>,
) -> Planned {
    if recorded.notified.is_none() {
        missing.push(Missing::new(
            Location::value(&app.file, review.pointer()),
            format!("{}.notified", review.key()),
            "书面告知的日期",
            "the date of the written notice",
        ));
    }
    let state = match recorded.notified {
        Some(date) if missing.is_empty() => {
            let applicant = Applicant::of(ctx, app);
            let head = Head::new(
                ctx,
                &[&year_title(ctx), &format!("{}结果告知书", review.name_zh())],
                date,
            )
            .document(recorded.document)
            .addressee(applicant.name.clone());
            ready(&NoticeView {
                head,
                applicant,
                reason: recorded.reason.cloned(),
                regulation: cited(ctx),
            })
        }
        _ => State::Missing(missing),
    };
    Planned::new(
        kind,
        format!("{}-{}.html", kind.stem(), app.id),
        Some(ctx.org_name(app)),
        state,
    )
}
