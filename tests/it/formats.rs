//! Output formats: the human view and GitHub annotations as snapshots, the
//! JSON shape, SARIF against the SARIF 2.1.0 schema, exit codes and flags.

use std::path::Path;

use crate::support::{edit_file, manifest_dir, qaward, tree_with};

/// A tree with a typo key, a broken programme reference, a duplicate key and
/// an eight-day publicity (a warning citing 第十八条).
fn broken_tree() -> tempfile::TempDir {
    let tree = tree_with(None);
    let root = tree.path();
    edit_file(
        &root.join("organizations/beta.yaml"),
        "industry: digital-economy",
        "industry: digital-economi",
    );
    edit_file(
        &root.join("cycles/2024/applications/beta.yaml"),
        "submitted:",
        "submited:",
    );
    edit_file(
        &root.join("cycles/2024/cycle.yaml"),
        "end: 2025-10-14",
        "end: 2025-10-15",
    );
    let alpha = root.join("organizations/alpha.yaml");
    let mut text = std::fs::read_to_string(&alpha).expect("read");
    text.push_str("industry: electrical\n");
    std::fs::write(&alpha, text).expect("write");
    tree
}

fn stdout(root: &Path, args: &[&str]) -> (i32, String) {
    let out = qaward(root, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn human_output() {
    let tree = broken_tree();
    let (code, text) = stdout(tree.path(), &["validate"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_zh", text);
    let (_, text) = stdout(tree.path(), &["validate", "--lang", "en"]);
    insta::assert_snapshot!("human_en", text);
}

#[test]
fn github_output() {
    let tree = broken_tree();
    let (code, text) = stdout(tree.path(), &["validate", "--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("github", text);
}

#[test]
fn github_actions_env_adds_annotations_to_human_output() {
    let tree = broken_tree();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(tree.path())
        .args(["validate"])
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[schema]"), "{text}");
    assert!(
        text.contains("::error file=cycles/2024/applications/beta.yaml,line=4,col=1"),
        "{text}"
    );
}

#[test]
fn json_has_the_spec_shape() {
    let tree = broken_tree();
    let (code, text) = stdout(tree.path(), &["validate", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["errors"], 3);
    assert_eq!(json["warnings"], 1);
    let keys: Vec<&str> = json["diagnostics"][0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "rule",
            "severity",
            "article",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "related"
        ]
    );
    let reference = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["rule"] == "ref")
        .expect("a ref finding");
    assert_eq!(reference["file"], "organizations/beta.yaml");
    assert_eq!(reference["related"][0]["file"], "programme.yaml");
    assert!(
        reference["message"]
            .as_str()
            .expect("text")
            .contains("`digital-economy`")
    );
}

#[test]
fn sarif_matches_the_sarif_2_1_0_schema() {
    let tree = broken_tree();
    let (code, text) = stdout(tree.path(), &["validate", "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&text).expect("json");
    let schema_text =
        std::fs::read_to_string(manifest_dir().join("tests/data/sarif-schema-2.1.0.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("compile SARIF schema");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "art15/onsite-cap" && r["properties"]["article"] == "第十五条")
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn deny_warnings_and_exit_codes() {
    let tree = tree_with(None);
    let (code, text) = stdout(tree.path(), &["validate"]);
    assert_eq!((code, text.trim()), (0, "检查通过：没有发现问题"));
    let out = qaward(tree.path(), &["validate", "--root", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-folder"));
    let out = qaward(tree.path(), &["validate", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_the_catalogue() {
    let tree = tree_with(None);
    let (code, text) = stdout(tree.path(), &["rules"]);
    assert_eq!(code, 0);
    assert_eq!(text.lines().count(), qaward::catalogue::ALL.len());
    assert!(
        text.lines()
            .any(|l| l.starts_with("art15/onsite-cap") && l.contains("第十五条"))
    );
}

#[test]
fn schema_writes_the_embedded_schemas() {
    let tree = tree_with(None);
    let out = qaward(tree.path(), &["schema", "--out", "schemas-out"]);
    assert_eq!(out.status.code(), Some(0));
    for kind in qaward::load::Kind::ALL {
        let name = qaward::schemas::file_name(kind);
        let written = std::fs::read_to_string(tree.path().join("schemas-out").join(&name)).expect("written");
        let source = std::fs::read_to_string(manifest_dir().join("schemas").join(&name)).expect("source");
        assert_eq!(written, source, "{name}");
    }
}
