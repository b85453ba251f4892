//! Which applications reached a scored stage, and so get a score sheet and
//! a row of the score summary. The procedure (`model::procedure`) says
//! which review lets an application in and when a stage is held; this
//! file adds the one question of the workbooks: was it withdrawn before.

use crate::model::procedure::Review;
use crate::model::{Application, Cycle};

/// Whether `app` reached the scored `review`: the review before let it in (its
/// qualification passed, for the material review; it advanced at the
/// material review, for the on-site review), and it was not withdrawn
/// before the stage. "Before" is judged against the stage's first day in
/// `cycle.yaml` (`material_review.completed`, `onsite_review.start`): a
/// withdrawal on or after that day leaves the stage reached; a withdrawal
/// while the stage has no date yet means it was never reached.
pub fn reached(cycle: &Cycle, app: &Application, review: Review) -> bool {
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
        assert!(reached(&held, &application(true, None, None), Review::Material));
        assert!(reached(&not_yet, &application(true, None, None), Review::Material));
        assert!(!reached(&held, &application(false, None, None), Review::Material));
        // Withdrawn before the review was completed: never reviewed.
        let early = application(true, None, Some(date(2024, 7, 1)));
        assert!(!reached(&held, &early, Review::Material));
        assert!(!reached(&not_yet, &early, Review::Material));
        // Withdrawn after it: it was reviewed.
        let late = application(true, Some(true), Some(date(2024, 8, 1)));
        assert!(reached(&held, &late, Review::Material));
        assert!(reached(
            &held,
            &application(true, None, Some(date(2024, 7, 20))),
            Review::Material
        ));
    }

    #[test]
    fn the_onsite_review_takes_what_advanced_and_was_not_withdrawn_before_it() {
        let held = cycle(Some(date(2024, 7, 20)), Some(date(2024, 8, 25)));
        assert!(reached(&held, &application(true, Some(true), None), Review::Onsite));
        assert!(!reached(&held, &application(true, Some(false), None), Review::Onsite));
        assert!(!reached(&held, &application(true, None, None), Review::Onsite));
        let before = application(true, Some(true), Some(date(2024, 8, 1)));
        assert!(!reached(&held, &before, Review::Onsite));
        let during = application(true, Some(true), Some(date(2024, 9, 1)));
        assert!(reached(&held, &during, Review::Onsite));
        let unscheduled = cycle(Some(date(2024, 7, 20)), None);
        assert!(!reached(&unscheduled, &during, Review::Onsite));
    }
}
