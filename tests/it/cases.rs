//! The data-driven cases under `tests/cases/`.

use std::path::Path;

use crate::support::{findings, manifest_dir, tree_with, validate_json};

/// Runs one case; returns a description of the mismatch, if any.
fn run_case(case: &Path) -> Option<String> {
    let expect_path = case.join("expect");
    let expected_text = std::fs::read_to_string(&expect_path).ok()?;
    let mut expected: Vec<String> = expected_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    expected.sort();
    let tree_dir = case.join("tree");
    let tree = tree_with(tree_dir.is_dir().then_some(tree_dir.as_path()));
    if let Ok(removals) = std::fs::read_to_string(case.join("remove")) {
        for rel in removals.lines().map(str::trim).filter(|l| !l.is_empty()) {
            std::fs::remove_file(tree.path().join(rel)).ok()?;
        }
    }
    let (code, json) = validate_json(tree.path(), &[]);
    let actual = findings(&json);
    let has_error = json["errors"].as_u64().unwrap_or(0) > 0;
    let expected_code = i32::from(has_error);
    if actual != expected || code != expected_code {
        return Some(format!(
            "case {}: exit {code} (want {expected_code})\n  expected: {expected:#?}\n  actual:   {actual:#?}\n  output: {json:#}",
            case.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ));
    }
    None
}

#[test]
fn all_cases_hold() {
    let dir = manifest_dir().join("tests/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            case.join("expect").is_file(),
            "case {} has no `expect` file",
            case.display()
        );
        if let Some(failure) = run_case(case) {
            failures.push(failure);
        }
    }
    assert!(cases.len() >= 8, "only {} cases found", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn base_tree_is_clean() {
    let tree = tree_with(None);
    let (code, json) = validate_json(tree.path(), &["--deny-warnings"]);
    assert_eq!(findings(&json), Vec::<String>::new());
    assert_eq!(code, 0);
}

/// An 8 MiB file is too large to commit as a fixture; it is made here.
#[test]
fn oversize_file_is_refused() {
    let tree = tree_with(None);
    let mut text = String::from("name: 温州示例电气有限公司\nprofile: |\n");
    let line = "  示例企业简介示例企业简介示例企业简介示例企业简介。\n";
    while text.len() <= 8 * 1024 * 1024 {
        text.push_str(line);
    }
    std::fs::write(tree.path().join("organizations/alpha.yaml"), text).expect("write");
    let (code, json) = validate_json(tree.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        findings(&json).contains(&"yaml organizations/alpha.yaml:1:1".to_owned()),
        "{json:#}"
    );
}
