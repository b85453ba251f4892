//! Which applications reached a scored stage, and so get a score sheet and
//! a row of the score summary. The procedure (`model::procedure`) says
//! which review lets an application in and when a stage is held; this
//! file adds the one question of the workbooks: was it withdrawn before.

use crate::model::procedure::Review;
use crate::model::{Application, Cycle};

/// A stage of the review that scores an application against the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// 资料评审 (第十五条).
    Material,
    /// 现场评审 (第十六条).
    Onsite,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::Material, Stage::Onsite];

    /// The review of the procedure.
    pub fn review(self) -> Review {
        match self {
            Stage::Material => Review::Material,
            Stage::Onsite => Review::Onsite,
        }
    }

    /// The stage as the sheets name it, in the 评审阶段 cell: 资料评审,
    /// 现场评审.
    pub fn name_zh(self) -> &'static str {
        self.review().name_zh()
    }

    /// The score sheet's file name (SPEC section 10).
    pub fn file(self) -> &'static str {
        match self {
            Stage::Material => "score-sheet-material.xlsx",
            Stage::Onsite => "score-sheet-onsite.xlsx",
        }
    }

    /// The recorded score and item scores of the stage, if any.
    pub fn scores(self, app: &Application) -> Option<(f64, &std::collections::BTreeMap<String, f64>)> {
        match self {
            Stage::Material => app.material.as_ref().map(|m| (m.score, &m.items)),
            Stage::Onsite => app.onsite.as_ref().map(|o| (o.score, &o.items)),
        }
    }
}

/// Whether `app` reached `stage`: the review before let it in (its
/// qualification passed, for the material review; it advanced at the
/// material review, for the on-site review), and it was not withdrawn
/// before the stage. "Before" is judged against the stage's first day in
/// `cycle.yaml` (`material_review.completed`, `onsite_review.start`): a
/// withdrawal on or after that day leaves the stage reached; a withdrawal
/// while the stage has no date yet means it was never reached.
pub fn reached(cycle: &Cycle, app: &Application, stage: Stage) -> bool {
    let review = stage.review();
    let held = review.stage().period(cycle).map(|p| p.start);
    let withdrawn_before = match (&app.withdrawn, held) {
        (None, _) => false,
        (Some(w), Some(held)) => w.date < held,
        (Some(_), None) => true,
    };
    review.entered(app) && !withdrawn_before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Completed, Material, MaterialResult, Period, Qualification, QualificationResult, Withdrawal};
    use jiff::civil::date;

    fn cycle(material: Option<jiff::civil::Date>, onsite: Option<jiff::civil::Date>) -> Cycle {
        let yaml = serde_json::json!({
            "year": 2024,
            "call": {"notice": "n", "published": "2024-04-01", "deadline": "2024-05-31"},
        });
        let mut cycle: Cycle = serde_json::from_value(yaml).expect("cycle");
        cycle.material_review = material.map(|completed| Completed { completed });
        cycle.onsite_review = onsite.map(|start| Period { start, end: start });
        cycle
    }

    fn application(passed: bool, advanced: Option<bool>, withdrawn: Option<jiff::civil::Date>) -> Application {
        let yaml = serde_json::json!({
            "organization": "o", "award": "quality", "recommender": "r",
            "submitted": "2024-05-20", "excellence_since": "2018-01-01",
            "declarations": {"compliant": true},
            "self_evaluation": {"score": 600, "report": "r"},
        });
        let mut app: Application = serde_json::from_value(yaml).expect("application");
        app.qualification = Some(Qualification {
            result: if passed {
                QualificationResult::Passed
            } else {
                QualificationResult::Failed
            },
            date: date(2024, 6, 10),
            reason: None,
            notified: None,
            document: None,
        });
        app.material = advanced.map(|advanced| Material {
            score: 600.0,
            items: Default::default(),
            result: Some(if advanced {
                MaterialResult::Advanced
            } else {
                MaterialResult::NotAdvanced
            }),
            reason: None,
            notified: None,
            document: None,
        });
        app.withdrawn = withdrawn.map(|date| Withdrawal {
            date,
            reason: "r".to_owned(),
        });
        app
    }

    #[test]
    fn the_material_review_takes_what_qualified_and_was_not_withdrawn_before_it() {
        let held = cycle(Some(date(2024, 7, 20)), None);
        let not_yet = cycle(None, None);
        assert!(reached(&held, &application(true, None, None), Stage::Material));
        assert!(reached(&not_yet, &application(true, None, None), Stage::Material));
        assert!(!reached(&held, &application(false, None, None), Stage::Material));
        // Withdrawn before the review was completed: never reviewed.
        let early = application(true, None, Some(date(2024, 7, 1)));
        assert!(!reached(&held, &early, Stage::Material));
        assert!(!reached(&not_yet, &early, Stage::Material));
        // Withdrawn after it: it was reviewed.
        let late = application(true, Some(true), Some(date(2024, 8, 1)));
        assert!(reached(&held, &late, Stage::Material));
        assert!(reached(
            &held,
            &application(true, None, Some(date(2024, 7, 20))),
            Stage::Material
        ));
    }

    #[test]
    fn the_onsite_review_takes_what_advanced_and_was_not_withdrawn_before_it() {
        let held = cycle(Some(date(2024, 7, 20)), Some(date(2024, 8, 25)));
        assert!(reached(&held, &application(true, Some(true), None), Stage::Onsite));
        assert!(!reached(&held, &application(true, Some(false), None), Stage::Onsite));
        assert!(!reached(&held, &application(true, None, None), Stage::Onsite));
        let before = application(true, Some(true), Some(date(2024, 8, 1)));
        assert!(!reached(&held, &before, Stage::Onsite));
        let during = application(true, Some(true), Some(date(2024, 9, 1)));
        assert!(reached(&held, &during, Stage::Onsite));
        let unscheduled = cycle(Some(date(2024, 7, 20)), None);
        assert!(!reached(&unscheduled, &during, Stage::Onsite));
    }
}
