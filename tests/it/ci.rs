//! The CI outputs of `validate`: GitLab Code Quality against GitLab's own
//! schema, JUnit XML parsed back, `--changed` ordering in every format, and
//! the GitHub Actions step summary.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::support::{copy_tree, edit_file, manifest_dir, qaward};

const CYCLE: &str = "content/cycles/2024/cycle.yaml";

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    edit_file(&root.join(file), from, to);
}

/// A content repository: the base fixture under `content/`, with a schema
/// error, a broken reference, an eight-day publicity (a warning), the same
/// finding twice in one file (an unknown key in two incidents), and a key
/// holding `<`, `&` and `|`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &root);
    let r = dir.path();
    edit(
        r,
        "content/cycles/2024/applications/beta.yaml",
        "submitted:",
        "submited:",
    );
    edit(
        r,
        "content/organizations/beta.yaml",
        "digital-economy",
        "digital-economi",
    );
    edit(r, CYCLE, "end: 2025-10-14", "end: 2025-10-15");
    let incident = "    - {kind: major-complaint, date: 2020-01-01, description: 投诉, zzz: 1}\n";
    edit(
        r,
        "content/cycles/2024/applications/beta.yaml",
        "  incidents: []\n",
        &format!("  incidents:\n{incident}{incident}"),
    );
    edit(
        r,
        "content/organizations/alpha.yaml",
        "profile:",
        "\"x<y&z|w\": 1\nprofile:",
    );
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = qaward(dir, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn gitlab(dir: &Path) -> Vec<serde_json::Value> {
    let (code, text) = run(dir, &["validate", "--root", "content", "--format", "gitlab"]);
    assert_eq!(code, 1, "{text}");
    serde_json::from_str(&text).expect("a JSON array")
}

#[test]
fn gitlab_code_quality_matches_gitlabs_schema() {
    let dir = repo();
    let issues = gitlab(dir.path());
    assert_eq!(issues.len(), 6, "{issues:#?}");
    let schema_text =
        std::fs::read_to_string(manifest_dir().join("tests/data/gitlab-codeclimate.json")).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("compile GitLab schema");
    for issue in &issues {
        let errors: Vec<String> = validator.iter_errors(issue).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{issue}: {errors:?}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().expect("severity"))
        );
        assert!(issue["check_name"].is_string());
        assert!(
            issue["location"]["path"]
                .as_str()
                .expect("path")
                .starts_with("content/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().expect("line") >= 1);
    }
    let warning = issues
        .iter()
        .find(|i| i["check_name"] == "art18/publicity-days")
        .expect("the publicity warning");
    assert_eq!(warning["severity"], "minor");
    assert!(warning["description"].as_str().expect("text").ends_with("（第十八条）"));
    let fingerprints: BTreeSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().expect("fp")).collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    let twins: Vec<_> = issues
        .iter()
        .filter(|i| i["description"].as_str().is_some_and(|d| d.contains("`zzz`")))
        .collect();
    assert_eq!(twins.len(), 2, "the same finding twice, told apart by its rank");
    assert_eq!(twins[0]["description"], twins[1]["description"]);
}

#[test]
fn gitlab_fingerprints_survive_reruns_and_moved_lines() {
    let dir = repo();
    let prints = |dir: &Path| -> BTreeSet<String> {
        gitlab(dir)
            .iter()
            .map(|i| i["fingerprint"].as_str().expect("fp").to_owned())
            .collect()
    };
    let first = prints(dir.path());
    assert_eq!(first, prints(dir.path()));
    // Lines added above every finding move them all; the fingerprints stay.
    for file in [
        CYCLE,
        "content/organizations/alpha.yaml",
        "content/organizations/beta.yaml",
    ] {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("# 注释\n# 注释\n{text}")).expect("write");
    }
    let moved = gitlab(dir.path());
    assert!(
        moved
            .iter()
            .any(|i| i["location"]["path"] == CYCLE && i["location"]["lines"]["begin"] == 32)
    );
    assert_eq!(
        first,
        moved
            .iter()
            .map(|i| i["fingerprint"].as_str().expect("fp").to_owned())
            .collect()
    );
    // English messages give the same fingerprints.
    let (_, en) = run(
        dir.path(),
        &["validate", "--root", "content", "--format", "gitlab", "--lang", "en"],
    );
    let en: Vec<serde_json::Value> = serde_json::from_str(&en).expect("json");
    assert_eq!(
        first,
        en.iter()
            .map(|i| i["fingerprint"].as_str().expect("fp").to_owned())
            .collect()
    );
}

/// What a JUnit file holds, read back with quick-xml.
#[derive(Debug, Default)]
struct Junit {
    suite: Vec<(String, String)>,
    cases: Vec<String>,
    failures: usize,
    failed_cases: BTreeSet<String>,
    outputs: Vec<String>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.into_inner() == name)
        .map(|a| {
            a.normalized_value(XmlVersion::Explicit1_0)
                .expect("attribute")
                .into_owned()
        })
}

fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Junit::default();
    let mut case = String::new();
    let mut output: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().into_inner() {
                "testsuite" => {
                    for key in ["tests", "failures", "errors"] {
                        out.suite.push((key.to_owned(), attr(&e, key).expect("count")));
                    }
                }
                "testcase" => {
                    case = attr(&e, "name").expect("name");
                    out.cases.push(case.clone());
                }
                "failure" => {
                    out.failures += 1;
                    out.failed_cases.insert(case.clone());
                }
                "system-out" => output = Some(String::new()),
                _ => {}
            },
            Event::Text(t) => {
                if let Some(text) = output.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(text) = output.as_mut() {
                    text.push_str(resolve_predefined_entity(&r.xml10_content()).expect("a predefined entity"));
                }
            }
            Event::End(e) if e.name().into_inner() == "system-out" => out.outputs.extend(output.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn junit_has_a_case_per_file_and_a_failure_per_error() {
    let dir = repo();
    let (code, xml) = run(dir.path(), &["validate", "--root", "content", "--format", "junit"]);
    assert_eq!(code, 1);
    let junit = parse_junit(&xml);
    // Every content file of the fixture, clean ones included.
    let files = walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(junit.cases.len(), files, "{:?}", junit.cases);
    assert!(junit.cases.contains(&"content/experts/e1.yaml".to_owned()));
    let (_, json) = run(dir.path(), &["validate", "--root", "content", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(junit.failures, json["errors"].as_u64().expect("errors") as usize);
    assert_eq!(
        junit.suite,
        [
            ("tests".to_owned(), files.to_string()),
            ("failures".to_owned(), junit.failed_cases.len().to_string()),
            ("errors".to_owned(), "0".to_owned()),
        ]
    );
    assert_eq!(
        junit.failed_cases,
        [
            "content/cycles/2024/applications/beta.yaml",
            "content/organizations/alpha.yaml",
            "content/organizations/beta.yaml"
        ]
        .map(str::to_owned)
        .into()
    );
    // The warning is text of its file's case; escaped characters come back.
    assert!(
        junit
            .outputs
            .iter()
            .any(|o| o.contains("warning[art18/publicity-days]"))
    );
    assert!(
        junit.outputs.iter().any(|o| o.contains("`x<y&z|w`")),
        "{:?}",
        junit.outputs
    );
}

fn files_in_order(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().expect("file").to_owned())
        .collect()
}

#[test]
fn changed_files_come_first_however_they_are_named() {
    let dir = repo();
    let (_, plain) = run(dir.path(), &["validate", "--root", "content", "--format", "json"]);
    let plain: serde_json::Value = serde_json::from_str(&plain).expect("json");
    assert_ne!(files_in_order(&plain)[0], "organizations/beta.yaml");
    let from_top = ["content/organizations/beta.yaml", "./content/cycles/2024/cycle.yaml"];
    let from_root = ["organizations/beta.yaml", "cycles/2024/cycle.yaml"];
    let absolute = dir.path().join("content/organizations/beta.yaml");
    let absolute = absolute.to_str().expect("utf-8");
    for (cwd, names) in [
        (dir.path().to_path_buf(), from_top.to_vec()),
        (dir.path().to_path_buf(), from_root.to_vec()),
        (dir.path().join("content"), from_root.to_vec()),
        (dir.path().join("content/cycles"), vec![absolute, "2024/cycle.yaml"]),
    ] {
        let mut args = vec!["validate", "--format", "json", "--root"];
        let root = dir.path().join("content");
        let root = root.to_str().expect("utf-8").to_owned();
        args.push(&root);
        args.push("--changed");
        args.extend(names.iter());
        let (code, text) = run(&cwd, &args);
        assert_eq!(code, 1);
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        let files = files_in_order(&json);
        assert_eq!(
            files.len(),
            files_in_order(&plain).len(),
            "the whole tree is still checked"
        );
        let changed = files
            .iter()
            .take_while(|f| *f == "cycles/2024/cycle.yaml" || *f == "organizations/beta.yaml")
            .count();
        assert_eq!(changed, 2, "{names:?} from {cwd:?}: {files:?}");
        assert!(files[..changed].is_sorted(), "sorted within the changed part");
        assert!(files[changed..].is_sorted(), "sorted within the rest");
    }
    // The human view and JUnit follow the same order.
    let (_, human) = run(
        dir.path(),
        &[
            "validate",
            "--root",
            "content",
            "--changed",
            "content/organizations/beta.yaml",
        ],
    );
    let first = human
        .lines()
        .find(|l| l.trim_start().starts_with("-->"))
        .expect("a location");
    assert!(first.contains("organizations/beta.yaml"), "{human}");
    let (_, xml) = run(
        dir.path(),
        &[
            "validate",
            "--root",
            "content",
            "--format",
            "junit",
            "--changed",
            "content/programme.yaml",
        ],
    );
    assert_eq!(parse_junit(&xml).cases[0], "content/programme.yaml");
}

#[test]
fn github_step_summary_gets_the_findings_table() {
    let dir = repo();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "前一步的摘要\n").expect("write");
    let run_with = |github: &str| {
        Command::new(env!("CARGO_BIN_EXE_qaward"))
            .current_dir(dir.path())
            .args(["validate", "--root", "content", "--format", "json"])
            .env("GITHUB_ACTIONS", github)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("NO_COLOR", "1")
            .output()
            .expect("run")
    };
    assert_eq!(run_with("false").status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&summary).expect("read"), "前一步的摘要\n");
    assert_eq!(run_with("true").status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).expect("read");
    assert!(text.starts_with("前一步的摘要\n### qaward 校验结果\n"), "{text}");
    assert!(text.contains("| 级别 | 规则 | 位置 | 条款 | 说明 |"));
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("| 错误") || l.starts_with("| 警告"))
        .collect();
    assert_eq!(rows.len(), 6, "{text}");
    assert!(
        rows.iter()
            .any(|r| r.contains("`content/cycles/2024/cycle.yaml:30:8`") && r.contains("第十八条"))
    );
    let escaped = rows.iter().find(|r| r.contains("x&lt;y&amp;z")).expect("the odd key");
    assert!(escaped.contains("z\\|w"), "{escaped}");
    // Escaped pipes aside, every row has the five cells.
    for row in rows {
        assert_eq!(row.replace("\\|", "").matches('|').count(), 6, "{row}");
    }
}
