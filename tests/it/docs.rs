//! Documents and fixtures that must follow the rule catalogue.

use crate::support::manifest_dir;

fn slug(id: &str) -> String {
    id.replace('/', "-")
}

/// `docs/rules.md` lists every rule of the catalogue, with the same
/// severity and article, and nothing else.
#[test]
fn rules_document_matches_the_catalogue() {
    let text = std::fs::read_to_string(manifest_dir().join("docs/rules.md")).expect("docs/rules.md");
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect();
    let documented: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].replace('—', "")))
        .collect();
    let catalogue: Vec<(String, String, String)> = qaward::catalogue::ALL
        .iter()
        .map(|r| {
            let severity = if r.id == "art18/publicity-days" {
                "error / warning"
            } else {
                r.severity.as_str()
            };
            (r.id.to_owned(), severity.to_owned(), r.article.to_owned())
        })
        .collect();
    assert_eq!(documented, catalogue, "docs/rules.md drifted from src/catalogue.rs");
    for row in &rows {
        assert!(
            row.len() >= 5 && !row[4].is_empty(),
            "rule {} has no example message",
            row[0]
        );
    }
}

/// Every rule has a failing and a passing case under `tests/cases/`.
#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let cases = manifest_dir().join("tests/cases");
    let mut missing = Vec::new();
    for rule in qaward::catalogue::ALL {
        let prefix = slug(rule.id);
        let has = |suffix: &str| {
            std::fs::read_dir(&cases)
                .expect("cases")
                .filter_map(Result::ok)
                .any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(&prefix) && name.ends_with(suffix)
                })
        };
        for suffix in ["-fail", "-pass"] {
            if !has(suffix) {
                missing.push(format!("{prefix}…{suffix}"));
            }
        }
    }
    assert!(missing.is_empty(), "rules without cases: {missing:#?}");
}

/// A failing case yields its own rule: its `expect` names the rule it is
/// named after.
#[test]
fn failing_cases_expect_their_rule() {
    let cases = manifest_dir().join("tests/cases");
    for rule in qaward::catalogue::ALL {
        let prefix = slug(rule.id);
        for entry in std::fs::read_dir(&cases).expect("cases").filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with("-fail") {
                let expect = std::fs::read_to_string(entry.path().join("expect")).expect("expect");
                assert!(
                    expect.lines().any(|l| l.starts_with(&format!("{} ", rule.id))),
                    "{name} does not expect {}",
                    rule.id
                );
            }
        }
    }
}
