//! `timeline/order`: the dates of a cycle and of its applications are in
//! order.

use jiff::civil::Date;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message};
use crate::model::Cycle;
use crate::model::Model;
use crate::validate::Sink;

/// Runs the rules of this module.
pub fn check(model: &Model, sink: &mut Sink) {
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
fn require(sink: &mut Sink, at: Option<&Point<'_>>, rel: Rel, other: Option<&Point<'_>>) {
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
/// The cycle: the present ones of `call.published`, `call.deadline`,
/// `qualification_review.completed`, `material_review.completed`,
/// `onsite_review.start`, `onsite_review.end`, `committee_vote.date`,
/// `publicity.start`, `publicity.end`, `decision.date` are compared with
/// their present neighbour in that order (so an absent section is bridged),
/// reporting the later node of the pair with the earlier one as related
/// span. The pair `publicity.end` → `decision.date` is left to
/// `art19/winners`, which asks for strictly after.
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
fn timeline_order(cycle: &Cycle, sink: &mut Sink) {
    let f = cycle.file.as_str();
    let published = point(
        f,
        "/call/published",
        "申报通知发布日期",
        "call published",
        cycle.call.published,
    );
    let deadline = point(
        f,
        "/call/deadline",
        "申报截止日期",
        "call deadline",
        cycle.call.deadline,
    );
    let qualification_done = cycle.qualification_review.as_ref().map(|q| {
        point(
            f,
            "/qualification_review/completed",
            "资格审查完成日期",
            "qualification review completed",
            q.completed,
        )
    });
    let material_done = cycle.material_review.as_ref().map(|m| {
        point(
            f,
            "/material_review/completed",
            "资料评审完成日期",
            "material review completed",
            m.completed,
        )
    });
    let onsite_start = cycle.onsite_review.as_ref().map(|o| {
        point(
            f,
            "/onsite_review/start",
            "现场评审开始日期",
            "on-site review start",
            o.start,
        )
    });
    let onsite_end = cycle
        .onsite_review
        .as_ref()
        .map(|o| point(f, "/onsite_review/end", "现场评审结束日期", "on-site review end", o.end));
    let vote = cycle
        .committee_vote
        .as_ref()
        .map(|v| point(f, "/committee_vote/date", "评委会表决日期", "committee vote", v.date));
    let publicity_start = cycle
        .publicity
        .as_ref()
        .map(|p| point(f, "/publicity/start", "公示开始日期", "publicity start", p.start));
    let publicity_end = cycle
        .publicity
        .as_ref()
        .map(|p| point(f, "/publicity/end", "公示结束日期", "publicity end", p.end));
    let decision = cycle
        .decision
        .as_ref()
        .map(|d| point(f, "/decision/date", "审定日期", "decision", d.date));

    let chain: Vec<&Point<'_>> = [
        Some(&published),
        Some(&deadline),
        qualification_done.as_ref(),
        material_done.as_ref(),
        onsite_start.as_ref(),
        onsite_end.as_ref(),
        vote.as_ref(),
        publicity_start.as_ref(),
        publicity_end.as_ref(),
        decision.as_ref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    for pair in chain.windows(2) {
        let [earlier, later] = pair else {
            continue;
        };
        if earlier.pointer == "/publicity/end" && later.pointer == "/decision/date" {
            continue;
        }
        require(sink, Some(later), Rel::NotBefore, Some(earlier));
    }

    for app in cycle.applications.values() {
        let a = app.file.as_str();
        let submitted = point(a, "/submitted", "申报日期", "submitted", app.submitted);
        require(sink, Some(&submitted), Rel::NotBefore, Some(&published));
        require(sink, Some(&submitted), Rel::NotAfter, Some(&deadline));
        if let Some(q) = &app.qualification {
            let date = point(a, "/qualification/date", "资格审查日期", "qualification", q.date);
            require(sink, Some(&date), Rel::NotBefore, Some(&submitted));
            require(sink, Some(&date), Rel::NotAfter, qualification_done.as_ref());
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
            require(sink, notified.as_ref(), Rel::NotBefore, material_done.as_ref());
        }
        if let Some(o) = &app.onsite {
            let signed = o
                .signed
                .map(|s| point(a, "/onsite/signed", "现场评审报告签字日期", "on-site report signed", s));
            require(sink, signed.as_ref(), Rel::NotBefore, onsite_start.as_ref());
            require(sink, signed.as_ref(), Rel::NotAfter, onsite_end.as_ref());
        }
        if let Some(w) = &app.withdrawn {
            let withdrawn = point(a, "/withdrawn/date", "撤回日期", "withdrawn", w.date);
            require(sink, Some(&withdrawn), Rel::NotBefore, Some(&submitted));
        }
    }

    let objections = cycle
        .publicity
        .as_ref()
        .map(|p| p.objections.as_slice())
        .unwrap_or_default();
    for (i, o) in objections.iter().enumerate() {
        let base = format!("/publicity/objections/{i}");
        let received = point(
            f,
            format!("{base}/received"),
            "异议收到日期",
            "objection received",
            o.received,
        );
        require(sink, Some(&received), Rel::NotBefore, publicity_start.as_ref());
        require(sink, Some(&received), Rel::NotAfter, publicity_end.as_ref());
        let concluded = o
            .concluded
            .map(|c| point(f, format!("{base}/concluded"), "异议办结日期", "objection concluded", c));
        require(sink, concluded.as_ref(), Rel::NotBefore, Some(&received));
    }
}
