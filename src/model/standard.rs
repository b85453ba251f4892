//! The scoring tables of GB/T 19580 (第四条), item clauses and maxima by
//! category, which scores, score sheets and documents read.
//!
//! The tables ship as data under `data/standards/`, one file per edition,
//! parsed once. A regulation version picks its edition by its `standard`;
//! a new edition is a new file and one line in [`SOURCES`].

use std::sync::LazyLock;

use serde::Deserialize;

/// The embedded scoring tables, one per edition.
const SOURCES: &[&str] = &[include_str!("../../data/standards/gbt-19580-2012.yaml")];

/// One edition's scoring table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
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
pub struct Category {
    pub clause: String,
    pub name: String,
    pub points: u32,
    pub items: Vec<Item>,
}

/// A scored item (e.g. 4.1.2 高层领导的作用) and its maximum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub clause: String,
    pub name: String,
    pub points: u32,
}

impl Standard {
    pub fn item(&self, clause: &str) -> Option<&Item> {
        self.categories
            .iter()
            .flat_map(|c| &c.items)
            .find(|i| i.clause == clause)
    }

    pub fn category(&self, clause: &str) -> Option<&Category> {
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
pub fn standard(name: &str) -> Option<&'static Standard> {
    let key = normalise(name);
    STANDARDS.iter().find(|s| normalise(&s.standard) == key)
}

/// The name of every edition that has a table.
pub fn editions() -> impl Iterator<Item = &'static str> {
    STANDARDS.iter().map(|s| s.standard.as_str())
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
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
}
