//! Rule `art4/scores`: scores follow the scoring table of the standard the
//! regulation names (第四条: GB/T 19580, latest edition; the tables are
//! `model::standard`).

use std::collections::BTreeMap;

use super::governed_cycles;
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::standard::{self, Standard};
use crate::model::{Application, Model};
use crate::validate::Findings;

/// How far an item sum may be from the score and still match (rounding of
/// decimal points in binary floating point).
const SUM_TOLERANCE: f64 = 1e-6;

/// Runs the rules of this module.
pub(super) fn check(model: &Model, sink: &mut Findings) {
    art4_scores(model, sink);
}

/// `art4/scores`: the review uses GB/T 19580 (第四条). Each regulation names
/// an edition the tool knows; every score is within the edition's total;
/// item scores name scored items, stay within their maxima and add up to the
/// score they detail.
fn art4_scores(model: &Model, sink: &mut Findings) {
    let Some(programme) = &model.programme else {
        return;
    };
    for (i, regulation) in programme.regulations.iter().enumerate() {
        if standard::standard(&regulation.standard).is_some() {
            continue;
        }
        let known: Vec<String> = standard::editions().map(code).collect();
        sink.push(Diagnostic::new(
            catalogue::ART4_SCORES,
            Location::value("programme.yaml", format!("/regulations/{i}/standard")),
            Message::new(
                format!(
                    "办法版本 {} 的评审标准 {} 没有内置评分表（可用：{}）",
                    code(&regulation.id),
                    code(&regulation.standard),
                    known.join("、")
                ),
                format!(
                    "the standard {} of regulation {} has no built-in scoring table (known: {})",
                    code(&regulation.standard),
                    code(&regulation.id),
                    known.join(", ")
                ),
            ),
        ));
    }
    for ctx in governed_cycles(model) {
        // An unknown edition was reported above.
        let Some(table) = standard::standard(&ctx.regulation.standard) else {
            continue;
        };
        for app in ctx.cycle.applications.values() {
            application_scores(table, app, sink);
        }
    }
}

/// One scored record of an application: where it is, what it is called,
/// its score and its item scores.
struct Scored<'a> {
    base: &'static str,
    what_zh: &'static str,
    what_en: &'static str,
    score: f64,
    items: Option<&'a BTreeMap<String, f64>>,
}

/// The scores of one application, stage by stage.
fn application_scores(table: &Standard, app: &Application, sink: &mut Findings) {
    let scored = [
        Some(Scored {
            base: "/self_evaluation",
            what_zh: "自评得分",
            what_en: "self-evaluation score",
            score: app.self_evaluation.score,
            items: None,
        }),
        app.material.as_ref().map(|m| Scored {
            base: "/material",
            what_zh: "资料评审得分",
            what_en: "material review score",
            score: m.score,
            items: Some(&m.items),
        }),
        app.onsite.as_ref().map(|o| Scored {
            base: "/onsite",
            what_zh: "现场评审得分",
            what_en: "on-site review score",
            score: o.score,
            items: Some(&o.items),
        }),
    ];
    for s in scored.into_iter().flatten() {
        within_total(table, &app.file, &s, sink);
        // Items are optional; an empty map details nothing.
        if let Some(items) = s.items.filter(|i| !i.is_empty()) {
            item_scores(table, &app.file, &s, items, sink);
        }
    }
}

/// A score above the standard's total.
fn within_total(table: &Standard, file: &str, s: &Scored<'_>, sink: &mut Findings) {
    if s.score <= f64::from(table.total) {
        return;
    }
    let (what_zh, what_en) = (s.what_zh, s.what_en);
    sink.push(Diagnostic::new(
        catalogue::ART4_SCORES,
        Location::value(file, format!("{}/score", s.base)),
        Message::new(
            format!(
                "{what_zh} {} 超过 {}《{}》的总分 {}",
                points(s.score),
                table.standard,
                table.title,
                table.total
            ),
            format!(
                "the {what_en} {} exceeds the total {} of {} ({})",
                points(s.score),
                table.total,
                table.standard,
                table.title
            ),
        ),
    ));
}

/// Each item within its maximum and known to the standard, and the items
/// adding up to the score.
fn item_scores(table: &Standard, file: &str, s: &Scored<'_>, items: &BTreeMap<String, f64>, sink: &mut Findings) {
    for (clause, value) in items {
        let at = format!("{}/items/{clause}", s.base);
        match table.item(clause) {
            Some(item) if *value > f64::from(item.points) => sink.push(Diagnostic::new(
                catalogue::ART4_SCORES,
                Location::value(file, at),
                Message::new(
                    format!(
                        "条款 {clause}（{}）得分 {} 超过该条款满分 {}",
                        item.name,
                        points(*value),
                        item.points
                    ),
                    format!(
                        "item {clause} ({}) scores {}, above its maximum {}",
                        item.name,
                        points(*value),
                        item.points
                    ),
                ),
            )),
            Some(_) => {}
            None => sink.push(Diagnostic::new(
                catalogue::ART4_SCORES,
                Location::key(file, at),
                unknown_clause(table, clause),
            )),
        }
    }
    let sum: f64 = items.values().sum();
    if (sum - s.score).abs() > SUM_TOLERANCE {
        let (what_zh, what_en) = (s.what_zh, s.what_en);
        sink.push(Diagnostic::new(
            catalogue::ART4_SCORES,
            Location::value(file, format!("{}/score", s.base)),
            Message::new(
                format!("各条款得分合计 {}，与{what_zh} {} 不一致", points(sum), points(s.score)),
                format!(
                    "the item scores add up to {}, not the {what_en} {}",
                    points(sum),
                    points(s.score)
                ),
            ),
        ));
    }
}

/// Explains a clause that is not a scored item of the table.
fn unknown_clause(table: &Standard, clause: &str) -> Message {
    match table.category(clause) {
        Some(category) => {
            let items: Vec<&str> = category.items.iter().map(|i| i.clause.as_str()).collect();
            Message::new(
                format!(
                    "{clause} 是 {} 的类目（{}，{} 分），不单独评分，应按其条款 {} 评分",
                    table.standard,
                    category.name,
                    category.points,
                    items.join("、")
                ),
                format!(
                    "{clause} is a category of {} ({}, {} points) and is not scored itself; score its items {}",
                    table.standard,
                    category.name,
                    category.points,
                    items.join(", ")
                ),
            )
        }
        None => Message::new(
            format!("{} 中没有评分条款 {}", table.standard, code(clause)),
            format!("{} has no scored item {}", table.standard, code(clause)),
        ),
    }
}

/// A number of points as people write it: no trailing zeros, no binary
/// rounding noise.
fn points(value: f64) -> String {
    let text = format!("{value:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_as_written() {
        assert_eq!(points(600.0), "600");
        assert_eq!(points(45.5), "45.5");
        assert_eq!(points(0.1 + 0.2), "0.3");
    }
}
