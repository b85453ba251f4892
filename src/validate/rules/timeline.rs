//! `timeline/order`: the dates of a cycle and of its applications are in
//! order.

use jiff::civil::Date;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message};
use crate::model::procedure::Stage;
use crate::model::{Application, Cycle, Model};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(crate) fn check(model: &Model, sink: &mut Findings) {
    for cycle in model.cycles.values() {
        timeline_order(cycle, sink);
    }
}

/// One dated node: where it is and what it is called.
struct Point<'a> {
    file: &'a str,
    pointer: String,
    zh: &'static str,
    en: &'static str,
    date: Date,
}

fn point<'a>(file: &'a str, pointer: impl Into<String>, zh: &'static str, en: &'static str, date: Date) -> Point<'a> {
    Point {
        file,
        pointer: pointer.into(),
        zh,
        en,
        date,
    }
}

/// How a node's date must stand to another's.
#[derive(Clone, Copy)]
enum Rel {
    /// On or after the other date.
    NotBefore,
    /// On or before the other date.
    NotAfter,
}

/// Reports `at` (the offending node) when its date breaks `rel` against
/// `other` (the related node). Either may be absent: then nothing is
/// compared.
fn require(sink: &mut Findings, at: Option<&Point<'_>>, rel: Rel, other: Option<&Point<'_>>) {
    let (Some(at), Some(other)) = (at, other) else {
        return;
    };
    let (broken, zh, en) = match rel {
        Rel::NotBefore => (at.date < other.date, "早于", "before"),
        Rel::NotAfter => (at.date > other.date, "晚于", "after"),
    };
    if !broken {
        return;
    }
    sink.push(
        Diagnostic::new(
            catalogue::TIMELINE_ORDER,
            Location::value(at.file, at.pointer.clone()),
            Message::new(
                format!("{} {} {zh}{} {}", at.zh, at.date, other.zh, other.date),
                format!("{} {} is {en} {} {}", at.en, at.date, other.en, other.date),
            ),
        )
        .with_related(
            Location::value(other.file, other.pointer.clone()),
            Message::new(
                format!("{} {}", other.zh, other.date),
                format!("{} {}", other.en, other.date),
            ),
        ),
    );
}

/// Dates follow the procedure of 第十二条 to 第十九条. Equal dates are in
/// order everywhere; absent sections and fields are skipped.
///
/// The cycle: the dated fields of the procedure's stages that are present
/// (`call.published`, `call.deadline`, `qualification_review.completed`,
/// `material_review.completed`, `onsite_review.start` and `.end`,
/// `committee_vote.date`, `publicity.start` and `.end`, `decision.date`)
/// are compared with their present neighbour in that order (so an absent
/// section is bridged), reporting the later node of the pair with the
/// earlier one as related span. The pair `publicity.end` → `decision.date`
/// is left to `art19/winners`, which asks for strictly after.
///
/// Each application, reported at the application's node with the other
/// node related:
/// - `call.published` ≤ `submitted` ≤ `call.deadline`;
/// - `submitted` ≤ `qualification.date` ≤ `qualification_review.completed`;
/// - `qualification.date` ≤ `qualification.notified`;
/// - `material_review.completed` ≤ `material.notified` (the material review
///   has no per-application date; without a `material_review` nothing is
///   compared);
/// - `onsite_review.start` ≤ `onsite.signed` ≤ `onsite_review.end`;
/// - `submitted` ≤ `withdrawn.date`.
///
/// Each objection, reported at the objection's node:
/// `publicity.start` ≤ `received` ≤ `publicity.end`, and `received` ≤
/// `concluded`.
fn timeline_order(cycle: &Cycle, sink: &mut Findings) {
    cycle_order(cycle, sink);
    for app in cycle.applications.values() {
        application_order(cycle, app, sink);
    }
    objection_order(cycle, sink);
}

/// The first day of `stage` in `cycle`, as a point.
fn start_of(cycle: &Cycle, stage: Stage) -> Option<Point<'_>> {
    let field = stage.start_field();
    let period = stage.period(cycle)?;
    Some(point(&cycle.file, field.pointer, field.zh, field.en, period.start))
}

/// The last day of `stage` in `cycle`, as a point (its only day for a
/// one-day stage).
fn end_of(cycle: &Cycle, stage: Stage) -> Option<Point<'_>> {
    let field = stage.end_field().unwrap_or(stage.start_field());
    let period = stage.period(cycle)?;
    Some(point(&cycle.file, field.pointer, field.zh, field.en, period.end))
}

/// The cycle's own dates, stage after stage.
fn cycle_order(cycle: &Cycle, sink: &mut Findings) {
    let chain: Vec<Point<'_>> = Stage::dated_fields(cycle)
        .into_iter()
        .map(|(field, date)| point(&cycle.file, field.pointer, field.zh, field.en, date))
        .collect();
    let publicity_end = Stage::Publicity.end_field().map(|f| f.pointer);
    let decision = Stage::Decision.start_field().pointer;
    for pair in chain.windows(2) {
        let [earlier, later] = pair else {
            continue;
        };
        if Some(earlier.pointer.as_str()) == publicity_end && later.pointer == decision {
            continue;
        }
        require(sink, Some(later), Rel::NotBefore, Some(earlier));
    }
}

/// One application's dates against the cycle's.
fn application_order(cycle: &Cycle, app: &Application, sink: &mut Findings) {
    let a = app.file.as_str();
    let submitted = point(a, "/submitted", "申报日期", "submitted", app.submitted);
    require(
        sink,
        Some(&submitted),
        Rel::NotBefore,
        start_of(cycle, Stage::Call).as_ref(),
    );
    require(
        sink,
        Some(&submitted),
        Rel::NotAfter,
        end_of(cycle, Stage::Applications).as_ref(),
    );
    if let Some(q) = &app.qualification {
        let date = point(a, "/qualification/date", "资格审查日期", "qualification", q.date);
        require(sink, Some(&date), Rel::NotBefore, Some(&submitted));
        require(
            sink,
            Some(&date),
            Rel::NotAfter,
            end_of(cycle, Stage::Qualification).as_ref(),
        );
        let notified = q.notified.map(|n| {
            point(
                a,
                "/qualification/notified",
                "资格审查书面告知日期",
                "qualification notice",
                n,
            )
        });
        require(sink, notified.as_ref(), Rel::NotBefore, Some(&date));
    }
    if let Some(m) = &app.material {
        let notified = m.notified.map(|n| {
            point(
                a,
                "/material/notified",
                "资料评审书面告知日期",
                "material review notice",
                n,
            )
        });
        require(
            sink,
            notified.as_ref(),
            Rel::NotBefore,
            end_of(cycle, Stage::Material).as_ref(),
        );
    }
    if let Some(o) = &app.onsite {
        let signed = o
            .signed
            .map(|s| point(a, "/onsite/signed", "现场评审报告签字日期", "on-site report signed", s));
        require(
            sink,
            signed.as_ref(),
            Rel::NotBefore,
            start_of(cycle, Stage::Onsite).as_ref(),
        );
        require(
            sink,
            signed.as_ref(),
            Rel::NotAfter,
            end_of(cycle, Stage::Onsite).as_ref(),
        );
    }
    if let Some(w) = &app.withdrawn {
        let withdrawn = point(a, "/withdrawn/date", "撤回日期", "withdrawn", w.date);
        require(sink, Some(&withdrawn), Rel::NotBefore, Some(&submitted));
    }
}

/// Each objection within the publicity, and concluded after it came.
fn objection_order(cycle: &Cycle, sink: &mut Findings) {
    let Some(publicity) = &cycle.publicity else {
        return;
    };
    let f = cycle.file.as_str();
    let (start, end) = (start_of(cycle, Stage::Publicity), end_of(cycle, Stage::Publicity));
    for (i, o) in publicity.objections.iter().enumerate() {
        let base = format!("/publicity/objections/{i}");
        let received = point(
            f,
            format!("{base}/received"),
            "异议收到日期",
            "objection received",
            o.received,
        );
        require(sink, Some(&received), Rel::NotBefore, start.as_ref());
        require(sink, Some(&received), Rel::NotAfter, end.as_ref());
        let concluded = o
            .concluded
            .map(|c| point(f, format!("{base}/concluded"), "异议办结日期", "objection concluded", c));
        require(sink, concluded.as_ref(), Rel::NotBefore, Some(&received));
    }
}
