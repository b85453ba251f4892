//! The data-driven cases under `tests/cases/`.

use std::path::Path;

use crate::support::{findings, manifest_dir, tree_with, validate_json};

/// The name of a case folder, for messages.
fn name(case: &Path) -> String {
    case.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs one case; returns a description of the mismatch, if any. A case
/// that cannot be set up as written fails too: a `remove` entry the tree
/// lacks would otherwise test the unchanged base tree.
fn run_case(case: &Path) -> Option<String> {
    let expect_path = case.join("expect");
    let expected_text = match std::fs::read_to_string(&expect_path) {
        Ok(text) => text,
        Err(e) => return Some(format!("case {}: cannot read `expect` ({e})", name(case))),
    };
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
            if let Err(e) = std::fs::remove_file(tree.path().join(rel)) {
                return Some(format!(
                    "case {}: `remove` names `{rel}`, which the tree does not hold ({e})",
                    name(case)
                ));
            }
        }
    }
    let (code, json) = validate_json(tree.path(), &[]);
    let actual = findings(&json);
    let has_error = json["errors"].as_u64().unwrap_or(0) > 0;
    let expected_code = i32::from(has_error);
    if actual != expected || code != expected_code {
        return Some(format!(
            "case {}: exit {code} (want {expected_code})\n  expected: {expected:#?}\n  actual:   {actual:#?}\n  output: {json:#}",
            name(case),
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

/// A case that removes a file the tree does not hold is a failure, not a
/// pass of the unchanged base tree.
#[test]
fn a_remove_entry_the_tree_lacks_fails_the_case() {
    let case = tempfile::tempdir().expect("temp dir");
    std::fs::write(case.path().join("expect"), "").expect("write");
    std::fs::write(case.path().join("remove"), "organizations/no-such.yaml\n").expect("write");
    let failure = run_case(case.path()).expect("the case must fail");
    assert!(failure.contains("no-such.yaml"), "{failure}");
}

/// Every folder of `tests/cases/` is a case the runner reads whole: an
/// `expect`, a `tree` and/or a `remove`, nothing else, and a name that
/// starts with a rule of the catalogue (or `hostile-`), as `docs.rs`
/// pairs cases with rules.
#[test]
fn every_case_folder_is_used() {
    let rules: Vec<String> = qaward::catalogue::ALL.iter().map(|r| r.id.replace('/', "-")).collect();
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(manifest_dir().join("tests/cases")).expect("tests/cases") {
        let path = entry.expect("entry").path();
        let case = name(&path);
        if !path.is_dir() {
            problems.push(format!("{case}: not a folder"));
            continue;
        }
        let parts: Vec<String> = std::fs::read_dir(&path)
            .expect("case folder")
            .map(|e| name(&e.expect("entry").path()))
            .collect();
        for part in &parts {
            if !["expect", "tree", "remove"].contains(&part.as_str()) {
                problems.push(format!("{case}: `{part}` is read by no one"));
            }
        }
        if !parts.iter().any(|p| p == "tree" || p == "remove") {
            problems.push(format!("{case}: changes nothing in the base tree"));
        }
        let known = case.starts_with("hostile-") || rules.iter().any(|r| case.starts_with(&format!("{r}-")));
        if !known {
            problems.push(format!("{case}: names no rule of the catalogue"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every snapshot under `tests/it/snapshots/` belongs to a test that
/// still takes it: its name (`it__<module>__<name>.snap`, with insta's
/// `-N` suffix for a test's further snapshots) is a snapshot name or a
/// test function of that module. A renamed or deleted test leaves an
/// orphan that insta would never compare again.
#[test]
fn every_snapshot_has_its_test() {
    let dir = manifest_dir().join("tests/it/snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots") {
        let file = name(&entry.expect("entry").path());
        let Some(stem) = file.strip_suffix(".snap") else {
            orphans.push(format!("{file}: not a snapshot (a pending `.snap.new`?)"));
            continue;
        };
        let mut parts = stem.splitn(3, "__");
        let (Some("it"), Some(module), Some(snapshot)) = (parts.next(), parts.next(), parts.next()) else {
            orphans.push(format!("{file}: not named it__<module>__<name>"));
            continue;
        };
        let base = snapshot
            .rsplit_once('-')
            .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
            .map_or(snapshot, |(base, _)| base);
        let source = std::fs::read_to_string(manifest_dir().join(format!("tests/it/{module}.rs"))).unwrap_or_default();
        if !source.contains(&format!("\"{base}\"")) && !source.contains(&format!("fn {base}(")) {
            orphans.push(format!("{file}: no test of tests/it/{module}.rs takes it"));
        }
    }
    assert!(orphans.is_empty(), "{orphans:#?}");
}

/// The Chinese message of every rule of the catalogue, as its canonical
/// failing case (`<rule>-fail`, else the first `<rule>-…-fail`) gives it,
/// in one snapshot: a change of wording is a reviewed change.
#[test]
fn every_rule_message_in_chinese() {
    let cases = manifest_dir().join("tests/cases");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .expect("tests/cases")
        .map(|e| name(&e.expect("entry").path()))
        .collect();
    names.sort();
    let mut text = String::new();
    for rule in qaward::catalogue::ALL {
        let slug = rule.id.replace('/', "-");
        let canonical = format!("{slug}-fail");
        let case = names
            .iter()
            .find(|n| **n == canonical)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.starts_with(&format!("{slug}-")) && n.ends_with("-fail"))
            })
            .unwrap_or_else(|| panic!("no failing case for {}", rule.id));
        text.push_str(&format!("{} ({case})\n", rule.id));
        for line in rule_messages(&cases.join(case), rule.id) {
            text.push_str(&format!("  {line}\n"));
        }
    }
    insta::assert_snapshot!("rule_messages_zh", text);
}

/// The `file:line:column message` of each finding of `rule` in a case.
fn rule_messages(case: &Path, rule: &str) -> Vec<String> {
    let tree_dir = case.join("tree");
    let tree = tree_with(tree_dir.is_dir().then_some(tree_dir.as_path()));
    let (_, json) = validate_json(tree.path(), &[]);
    let messages: Vec<String> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(!messages.is_empty(), "{} gives no {rule} finding", case.display());
    messages
}
