//! Rule `art4/scores`: scores follow the scoring table of the standard the
//! regulation names (第四条: GB/T 19580, latest edition).
//!
//! The tables ship as data under `data/standards/`, one file per edition,
//! parsed once. A regulation version picks its edition by its `standard`;
//! a new edition is a new file and one line in [`SOURCES`].

use std::sync::LazyLock;

use serde::Deserialize;

use super::governed_cycles;
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::{Application, Model};
use crate::validate::Sink;

/// The embedded scoring tables, one per edition.
const SOURCES: &[&str] = &[include_str!("../../../data/standards/gbt-19580-2012.yaml")];

/// How far an item sum may be from the score and still match (rounding of
/// decimal points in binary floating point).
const SUM_TOLERANCE: f64 = 1e-6;

/// One edition's scoring table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Standard {
    /// The edition's name as a regulation writes it, e.g. `GB/T 19580-2012`.
    pub standard: String,
    pub title: String,
    /// The most points an assessment can give.
    pub total: u32,
    pub categories: Vec<Category>,
}

/// A category (e.g. 4.1 领导): not scored itself, the sum of its items.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Category {
    pub clause: String,
    pub name: String,
    pub points: u32,
    pub items: Vec<Item>,
}

/// A scored item (e.g. 4.1.2 高层领导的作用) and its maximum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Item {
    pub clause: String,
    pub name: String,
    pub points: u32,
}

impl Standard {
    pub(crate) fn item(&self, clause: &str) -> Option<&Item> {
        self.categories
            .iter()
            .flat_map(|c| &c.items)
            .find(|i| i.clause == clause)
    }

    pub(crate) fn category(&self, clause: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.clause == clause)
    }
}

/// The tables, read once. They are part of the program, not of the content:
/// `tables_parse_and_add_up` proves that every source reads.
static STANDARDS: LazyLock<Vec<Standard>> = LazyLock::new(|| SOURCES.iter().filter_map(|text| parse(text)).collect());

fn parse(text: &str) -> Option<Standard> {
    serde_json::from_value(crate::yaml::parse(text).ok()?).ok()
}

/// The scoring table an edition name selects; spaces and letter case do not
/// matter (`GB/T19580-2012` is the same edition).
pub(crate) fn standard(name: &str) -> Option<&'static Standard> {
    let key = normalise(name);
    STANDARDS.iter().find(|s| normalise(&s.standard) == key)
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Runs the rules of this module.
pub(super) fn check(model: &Model, sink: &mut Sink) {
    art4_scores(model, sink);
}

/// `art4/scores`: the review uses GB/T 19580 (第四条). Each regulation names
/// an edition the tool knows; every score is within the edition's total;
/// item scores name scored items, stay within their maxima and add up to the
/// score they detail.
fn art4_scores(model: &Model, sink: &mut Sink) {
    let Some(programme) = &model.programme else {
        return;
    };
    for (i, regulation) in programme.regulations.iter().enumerate() {
        if standard(&regulation.standard).is_some() {
            continue;
        }
        let known: Vec<String> = STANDARDS.iter().map(|s| code(&s.standard)).collect();
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
        let Some(table) = standard(&ctx.regulation.standard) else {
            continue;
        };
        for app in ctx.cycle.applications.values() {
            application_scores(table, app, sink);
        }
    }
}

/// The scores of one application, stage by stage.
fn application_scores(table: &Standard, app: &Application, sink: &mut Sink) {
    let stages = [
        Some((
            "/self_evaluation",
            "自评得分",
            "self-evaluation score",
            app.self_evaluation.score,
            None,
        )),
        app.material.as_ref().map(|m| {
            (
                "/material",
                "资料评审得分",
                "material review score",
                m.score,
                Some(&m.items),
            )
        }),
        app.onsite.as_ref().map(|o| {
            (
                "/onsite",
                "现场评审得分",
                "on-site review score",
                o.score,
                Some(&o.items),
            )
        }),
    ];
    for (base, what_zh, what_en, score, items) in stages.into_iter().flatten() {
        let file = &app.file;
        let total = f64::from(table.total);
        if score > total {
            sink.push(Diagnostic::new(
                catalogue::ART4_SCORES,
                Location::value(file, format!("{base}/score")),
                Message::new(
                    format!(
                        "{what_zh} {} 超过 {}《{}》的总分 {}",
                        points(score),
                        table.standard,
                        table.title,
                        table.total
                    ),
                    format!(
                        "the {what_en} {} exceeds the total {} of {} ({})",
                        points(score),
                        table.total,
                        table.standard,
                        table.title
                    ),
                ),
            ));
        }
        // Items are optional; an empty map details nothing.
        let Some(items) = items.filter(|i| !i.is_empty()) else {
            continue;
        };
        for (clause, value) in items {
            let at = format!("{base}/items/{clause}");
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
        if (sum - score).abs() > SUM_TOLERANCE {
            sink.push(Diagnostic::new(
                catalogue::ART4_SCORES,
                Location::value(file, format!("{base}/score")),
                Message::new(
                    format!("各条款得分合计 {}，与{what_zh} {} 不一致", points(sum), points(score)),
                    format!(
                        "the item scores add up to {}, not the {what_en} {}",
                        points(sum),
                        points(score)
                    ),
                ),
            ));
        }
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
    fn tables_parse_and_add_up() {
        assert_eq!(STANDARDS.len(), SOURCES.len());
        for table in STANDARDS.iter() {
            let categories: u32 = table.categories.iter().map(|c| c.points).sum();
            assert_eq!(categories, table.total, "{}", table.standard);
            for category in &table.categories {
                let items: u32 = category.items.iter().map(|i| i.points).sum();
                assert_eq!(items, category.points, "{} {}", table.standard, category.clause);
                for item in &category.items {
                    assert!(
                        item.clause.starts_with(&format!("{}.", category.clause)),
                        "{}",
                        item.clause
                    );
                }
            }
        }
    }

    #[test]
    fn gbt_19580_2012_has_its_categories_and_items() {
        let table = standard("GB/T 19580-2012").expect("2012 edition");
        assert_eq!(table.total, 1000);
        let categories: Vec<(&str, &str, u32)> = table
            .categories
            .iter()
            .map(|c| (c.clause.as_str(), c.name.as_str(), c.points))
            .collect();
        assert_eq!(
            categories,
            [
                ("4.1", "领导", 110),
                ("4.2", "战略", 90),
                ("4.3", "顾客与市场", 90),
                ("4.4", "资源", 130),
                ("4.5", "过程管理", 100),
                ("4.6", "测量、分析与改进", 80),
                ("4.7", "结果", 400),
            ]
        );
        let items: Vec<(&str, u32)> = table
            .categories
            .iter()
            .flat_map(|c| &c.items)
            .map(|i| (i.clause.as_str(), i.points))
            .collect();
        assert_eq!(
            items,
            [
                ("4.1.2", 50),
                ("4.1.3", 30),
                ("4.1.4", 30),
                ("4.2.2", 40),
                ("4.2.3", 50),
                ("4.3.2", 40),
                ("4.3.3", 50),
                ("4.4.2", 60),
                ("4.4.3", 15),
                ("4.4.4", 20),
                ("4.4.5", 15),
                ("4.4.6", 10),
                ("4.4.7", 10),
                ("4.5.2", 50),
                ("4.5.3", 50),
                ("4.6.2", 40),
                ("4.6.3", 40),
                ("4.7.2", 80),
                ("4.7.3", 80),
                ("4.7.4", 80),
                ("4.7.5", 60),
                ("4.7.6", 50),
                ("4.7.7", 50),
            ]
        );
        assert_eq!(table.item("4.1.2").map(|i| i.name.as_str()), Some("高层领导的作用"));
        assert!(table.item("4.1").is_none());
        assert!(table.item("4.1.1").is_none());
    }

    #[test]
    fn edition_names_ignore_spaces_and_case() {
        assert!(standard("GB/T19580-2012").is_some());
        assert!(standard("gb/t 19580-2012").is_some());
        assert!(standard("GB/T 19580-2004").is_none());
    }

    #[test]
    fn points_read_as_written() {
        assert_eq!(points(600.0), "600");
        assert_eq!(points(45.5), "45.5");
        assert_eq!(points(0.1 + 0.2), "0.3");
    }
}
