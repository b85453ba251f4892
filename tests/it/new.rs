//! `qaward new`: each form on a copy of `content/` and of the base
//! fixture, the files it writes (snapshots), the modeline, what `validate`
//! says afterwards, and every refusal leaving the tree as it was.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{copy_tree, edit_file, manifest_dir, qaward, tree_with, validate_json};

/// A content repository: `content/` (a copy of the embedded programme)
/// and, when `with_schemas`, the `schemas/` beside it.
fn repository(with_schemas: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&manifest_dir().join("content"), &dir.path().join("content"));
    if with_schemas {
        let out = qaward(dir.path(), &["schema", "--out", "schemas"]);
        assert_eq!(out.status.code(), Some(0));
    }
    dir
}

/// Every path under `dir` (folders too) with the bytes of each file.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect()
}

/// Runs `args` in `cwd` and returns exit code, stdout and stderr.
fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = qaward(cwd, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `schema FILE:LINE` for every line of `text` that holds a key with an
/// empty value: the fields `new` leaves to fill.
fn fields_to_fill(file: &str, text: &str) -> Vec<String> {
    let first_yaml_line = usize::from(file.ends_with(".md"));
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_start();
            !line.starts_with('#') && line.ends_with(':') && !line.contains(' ')
        })
        .filter(|(index, _)| *index >= first_yaml_line)
        .filter(|(_, line)| !["call:", "declarations:", "self_evaluation:", "contact:"].contains(&line.trim()))
        .map(|(index, _)| format!("schema {file}:{}", index + 1))
        .collect()
}

/// `rule FILE:LINE` of every finding, sorted.
fn findings_by_line(root: &Path) -> (i32, Vec<String>) {
    let (code, json) = validate_json(root, &["--deny-warnings"]);
    let mut lines: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["rule"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"]
            )
        })
        .collect();
    lines.sort();
    (code, lines)
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

#[test]
fn new_cycle_writes_a_valid_cycle_and_its_call_notice() {
    let repo = repository(true);
    let (code, stdout, stderr) = run(repo.path(), &["new", "cycle", "2026"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("cycle_stdout", stdout);
    let root = repo.path().join("content");
    let cycle = read(&root, "cycles/2026/cycle.yaml");
    let notice = read(&root, "notices/2026-call.md");
    assert!(cycle.starts_with("# yaml-language-server: $schema=../../../schemas/cycle.schema.json\n"));
    assert!(notice.starts_with("---\n# yaml-language-server: $schema=../../schemas/notice.schema.json\n"));
    insta::assert_snapshot!("cycle_yaml", cycle);
    insta::assert_snapshot!("cycle_call_notice", notice);
    assert_eq!(findings_by_line(&root), (0, Vec::new()));
}

/// The call year follows the latest cycle (the base fixture calls 2024 in
/// 2025), and the dates fall in the regulation's `call_quarter`.
#[test]
fn new_cycle_on_the_base_fixture_follows_its_calls() {
    let tree = tree_with(None);
    let (code, _, stderr) = run(tree.path(), &["new", "--root", ".", "cycle", "2025"]);
    assert_eq!(code, 0, "{stderr}");
    let cycle = read(tree.path(), "cycles/2025/cycle.yaml");
    assert!(
        cycle.contains("  published: 2026-04-01\n  deadline: 2026-06-30\n"),
        "{cycle}"
    );
    assert_eq!(findings_by_line(tree.path()), (0, Vec::new()));
}

#[test]
fn new_cycle_takes_the_quarter_of_the_version_in_force() {
    let tree = tree_with(None);
    let programme = tree.path().join("programme.yaml");
    edit_file(&programme, "call_quarter: 2", "call_quarter: 3");
    let (code, _, stderr) = run(tree.path(), &["new", "cycle", "2025"]);
    assert_eq!(code, 0, "{stderr}");
    let cycle = read(tree.path(), "cycles/2025/cycle.yaml");
    assert!(
        cycle.contains("  published: 2026-07-01\n  deadline: 2026-09-30\n"),
        "{cycle}"
    );
    assert!(cycle.contains("第三季度"), "{cycle}");
}

#[test]
fn new_organization_leaves_every_field_to_fill_at_its_line() {
    let repo = repository(true);
    let (code, stdout, stderr) = run(repo.path(), &["new", "organization", "ouhai-demo-valve"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("schemas/"), "the schemas are there: {stdout}");
    let root = repo.path().join("content");
    let file = "organizations/ouhai-demo-valve.yaml";
    let text = read(&root, file);
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/organization.schema.json\n"));
    insta::assert_snapshot!("organization_yaml", text);
    let expected = fields_to_fill(file, &text);
    assert_eq!(
        expected.len(),
        8,
        "name, uscc, established, recommender, industry, contact ×3"
    );
    assert_eq!(findings_by_line(&root), (1, sorted(expected)));
}

#[test]
fn new_expert_leaves_every_field_to_fill_at_its_line() {
    let repo = repository(true);
    let (code, stdout, stderr) = run(repo.path(), &["new", "expert", "qian-mouli"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("已创建 experts/qian-mouli.yaml"), "{stdout}");
    let root = repo.path().join("content");
    let file = "experts/qian-mouli.yaml";
    let text = read(&root, file);
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/expert.schema.json\n"));
    insta::assert_snapshot!("expert_yaml", text);
    let expected = fields_to_fill(file, &text);
    assert_eq!(expected.len(), 4, "name, level, certificate, affiliation");
    // An empty `level` is neither a string nor one of its values: two
    // findings at its line.
    let (code, mut lines) = findings_by_line(&root);
    lines.dedup();
    assert_eq!((code, lines), (1, sorted(expected)));
    // Taken now: refused, nothing replaced.
    let (code, _, stderr) = run(repo.path(), &["new", "expert", "qian-mouli"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(read(&root, file), text);
    let (code, _, stderr) = run(repo.path(), &["new", "expert", "Qian"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("编号 `Qian` 无效"), "{stderr}");
    assert!(!root.join("experts/Qian.yaml").exists());
}

#[test]
fn new_application_takes_the_recommender_from_the_organization() {
    let repo = repository(true);
    let (code, _, stderr) = run(
        repo.path(),
        &["new", "application", "2025", "yongjia-agri", "innovation"],
    );
    assert_eq!(code, 0, "{stderr}");
    let root = repo.path().join("content");
    let file = "cycles/2025/applications/yongjia-agri.yaml";
    let text = read(&root, file);
    assert!(text.starts_with("# yaml-language-server: $schema=../../../../schemas/application.schema.json\n"));
    assert!(text.contains("\nrecommender: yongjia\n"), "{text}");
    insta::assert_snapshot!("application_yaml", text);
    let expected = fields_to_fill(file, &text);
    assert_eq!(
        expected.len(),
        6,
        "submitted, excellence_since, compliant, incidents, score, report"
    );
    assert_eq!(findings_by_line(&root), (1, sorted(expected)));
}

/// On the base fixture: a new organisation, then its application, whose
/// recommender is left to fill because the organisation has none yet.
#[test]
fn new_organization_then_application_on_the_base_fixture() {
    let tree = tree_with(None);
    let root = tree.path();
    assert_eq!(run(root, &["new", "organization", "gamma"]).0, 0);
    let (code, _, stderr) = run(root, &["new", "application", "2024", "gamma", "quality"]);
    assert_eq!(code, 0, "{stderr}");
    let app = "cycles/2024/applications/gamma.yaml";
    let text = read(root, app);
    assert!(text.contains("\nrecommender:\n"), "{text}");
    let org = "organizations/gamma.yaml";
    let mut expected = fields_to_fill(app, &text);
    assert_eq!(expected.len(), 7);
    expected.extend(fields_to_fill(org, &read(root, org)));
    assert_eq!(findings_by_line(root), (1, sorted(expected)));
}

#[test]
fn new_notice_guesses_its_kind_and_leaves_the_title_to_fill() {
    let repo = repository(false);
    let (code, stdout, stderr) = run(
        repo.path(),
        &["new", "notice", "2026-publicity", "--date", "2027-11-20"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("qaward schema --out schemas"),
        "hint when schemas/ is missing: {stdout}"
    );
    let root = repo.path().join("content");
    let file = "notices/2026-publicity.md";
    let text = read(&root, file);
    insta::assert_snapshot!("notice_md", text);
    assert_eq!(findings_by_line(&root), (1, vec![format!("schema {file}:4")]));
    assert_eq!(fields_to_fill(file, &text), vec![format!("schema {file}:4")]);
}

#[test]
fn new_notice_is_dated_today_in_china_by_default() {
    let tree = tree_with(None);
    let before = qaward::calendar::today_in_china();
    let (code, _, stderr) = run(tree.path(), &["new", "notice", "training-2027"]);
    let after = qaward::calendar::today_in_china();
    assert_eq!(code, 0, "{stderr}");
    let text = read(tree.path(), "notices/training-2027.md");
    assert!(
        text.contains(&format!("\ndate: {before}\n")) || text.contains(&format!("\ndate: {after}\n")),
        "{text}"
    );
    assert!(text.contains("\nkind: general\n"), "{text}");
    assert!(
        text.contains("\n# year: "),
        "no award year guessed for a general notice: {text}"
    );
}

/// The guess agrees with every notice of the example programme.
#[test]
fn kind_guess_matches_the_example_notices() {
    let validation = qaward::validate::validate(&manifest_dir().join("content")).expect("validate");
    assert!(validation.model.notices.len() >= 10);
    for (id, notice) in &validation.model.notices {
        let kind = qaward::scaffold::guess_kind(id);
        assert_eq!(kind, notice.kind, "{id}");
        if let Some(year) = qaward::scaffold::guess_year(id, kind) {
            assert_eq!(Some(year), notice.year, "{id}");
        }
    }
}

/// The modeline of each new file names, relative to that file, the schema
/// that `qaward schema --out schemas` wrote beside the content root.
#[test]
fn modelines_point_at_the_schemas_beside_the_root() {
    let repo = repository(true);
    for args in [
        vec!["new", "cycle", "2026"],
        vec!["new", "organization", "demo-new"],
        vec!["new", "application", "2025", "demo-new", "quality"],
        vec!["new", "notice", "demo-general"],
    ] {
        assert_eq!(run(repo.path(), &args).0, 0, "{args:?}");
    }
    let root = repo.path().join("content");
    for (file, kind) in [
        ("cycles/2026/cycle.yaml", qaward::load::Kind::Cycle),
        ("notices/2026-call.md", qaward::load::Kind::Notice),
        ("organizations/demo-new.yaml", qaward::load::Kind::Organization),
        (
            "cycles/2025/applications/demo-new.yaml",
            qaward::load::Kind::Application,
        ),
        ("notices/demo-general.md", qaward::load::Kind::Notice),
    ] {
        let text = read(&root, file);
        let line = text
            .lines()
            .find(|l| l.starts_with("# yaml-language-server: $schema="))
            .unwrap_or_else(|| panic!("{file} has no modeline"));
        let target = line.trim_start_matches("# yaml-language-server: $schema=");
        let folder = root.join(file).parent().expect("parent").to_path_buf();
        let schema = std::fs::read_to_string(folder.join(target)).unwrap_or_else(|e| panic!("{file}: {target}: {e}"));
        assert_eq!(schema, qaward::schemas::text(kind), "{file}");
    }
}

/// Each refusal exits 2, says why, and writes nothing.
#[test]
fn refusals_write_nothing() {
    let repo = repository(true);
    std::fs::write(repo.path().join("content/notices/2027-call.md"), "---\ntitle: x\n---\n").expect("write");
    let cases: &[(&[&str], &str)] = &[
        (&["new", "cycle", "2025"], "文件已存在"),
        (&["new", "cycle", "2027"], "notices/2027-call.md"),
        (&["new", "organization", "yongjia-pump"], "文件已存在"),
        (&["new", "notice", "2025-call"], "文件已存在"),
        (&["new", "application", "2025", "yongjia-pump", "quality"], "文件已存在"),
        (&["new", "cycle", "26"], "四位数年份"),
        (&["new", "cycle", "20266"], "四位数年份"),
        (&["new", "cycle", "abcd"], "四位数年份"),
        (&["new", "cycle", "1999"], "四位数年份"),
        (&["new", "application", "25", "yongjia-agri", "quality"], "四位数年份"),
        (
            &["new", "application", "2031", "yongjia-agri", "quality"],
            "qaward new cycle 2031",
        ),
        (
            &["new", "application", "2025", "yongjia-agri", "gold"],
            "已有：quality、innovation",
        ),
        (
            &["new", "application", "2025", "yongjia-agri", "qualty"],
            "是否想写 `quality`",
        ),
        (
            &["new", "application", "2025", "yongjia-agr", "quality"],
            "是否想写 `yongjia-agri`",
        ),
        (
            &["new", "application", "2025", "nobody", "quality"],
            "已有：cangnan-instruments、",
        ),
        (&["new", "cycle", "2045"], "regulations"),
    ];
    let invalid_ids = [
        "Demo",
        "示例企业",
        "demo pumps",
        "..",
        "a/b",
        "../escape",
        "demo_pumps",
        "",
    ];
    let before = tree(repo.path());
    let check = |args: &[&str], expect: &str| {
        let (code, stdout, stderr) = run(repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert_eq!(tree(repo.path()), before, "{args:?} wrote something");
    };
    for (args, expect) in cases {
        check(args, expect);
    }
    for id in invalid_ids {
        let rule = "^[a-z0-9][a-z0-9-]*$";
        check(&["new", "organization", id], rule);
        check(&["new", "notice", id], rule);
        check(&["new", "application", "2025", id, "quality"], rule);
    }
    // clap takes a leading hyphen for an option: still exit 2, nothing written.
    check(&["new", "organization", "-demo"], "unexpected argument");
    let (_, _, stderr) = run(repo.path(), &["new", "organization", "Demo"]);
    assert!(
        stderr.contains("小写英文字母、数字和连字符") && stderr.contains("lowercase letters"),
        "{stderr}"
    );
}

/// A content root whose programme does not validate cannot be scaffolded.
#[test]
fn new_needs_a_valid_programme() {
    let dir = tree_with(None);
    let programme = dir.path().join("programme.yaml");
    edit_file(&programme, "name: 温州市市长质量奖\n", "nmae: 温州市市长质量奖\n");
    let before = tree(dir.path());
    let (code, _, stderr) = run(dir.path(), &["new", "organization", "gamma"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("programme.yaml"), "{stderr}");
    assert_eq!(tree(dir.path()), before);
}

/// The 索引号 of the notices of `root`, by file.
fn index_nos(root: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(root.join("notices"))
        .expect("notices")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let line = text.lines().find_map(|l| l.strip_prefix("index_no: "))?.to_owned();
            Some((p.file_name()?.to_string_lossy().into_owned(), line))
        })
        .collect()
}

/// `new notice` gives the largest serial of the notice's year plus one:
/// gaps are not filled, other years do not count, a notice that fails
/// its schema still holds its number, and no existing notice changes.
#[test]
fn new_notice_numbers_after_the_largest_serial_of_its_year_and_renumbers_nothing() {
    let dir = tree_with(None);
    let root = dir.path();
    std::fs::write(
        root.join("notices/training-2025.md"),
        "---\ntitle: 培训通知\ndate: 2025-11-02\nindex_no: 11330300000000000X/2025-00007\nkind: general\n---\n正文。\n",
    )
    .expect("write");
    std::fs::write(
        root.join("notices/broken-2025.md"),
        "---\ntitle: 无效公告\ndate: 2025-11-03\nindex_no: 11330300000000000X/2025-00009\nkind: bogus\n---\n正文。\n",
    )
    .expect("write");
    std::fs::write(
        root.join("notices/exchange-2026.md"),
        "---\ntitle: 交流通知\ndate: 2026-01-05\nindex_no: 11330300000000000X/2026-00031\nkind: general\n---\n正文。\n",
    )
    .expect("write");
    let before = tree(root);
    let (code, _, stderr) = run(root, &["new", "notice", "evaluation-2025", "--date", "2025-12-01"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(root, &["new", "notice", "meeting-2027", "--date", "2027-01-04"]);
    assert_eq!(code, 0, "{stderr}");
    let after = tree(root);
    let changed: Vec<&String> = before.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "existing files changed: {changed:?}");
    let numbers = index_nos(root);
    assert_eq!(numbers["evaluation-2025.md"], "11330300000000000X/2025-00010");
    assert_eq!(numbers["meeting-2027.md"], "11330300000000000X/2027-00001");
    assert_eq!(numbers["2024-call.md"], "11330300000000000X/2025-00001");
    assert_eq!(numbers["2024-publicity.md"], "11330300000000000X/2025-00002");
    // The numbers given are unique and of the form: no index-no finding.
    std::fs::remove_file(root.join("notices/broken-2025.md")).expect("remove");
    let (_, json) = validate_json(root, &[]);
    let index_findings: Vec<String> = crate::support::findings(&json)
        .into_iter()
        .filter(|f| f.starts_with("index-no/"))
        .collect();
    assert_eq!(index_findings, Vec::<String>::new());
}

/// Without `disclosure` in programme.yaml, `new notice` writes no number
/// and says where to set the organisation code.
#[test]
fn new_notice_without_disclosure_says_what_to_set() {
    let dir = tree_with(None);
    let root = dir.path();
    edit_file(
        &root.join("programme.yaml"),
        "disclosure:\n  org_code: \"11330300000000000X\"\n  topic: 质量监督\n",
        "",
    );
    let (code, _, stderr) = run(root, &["new", "notice", "training-2027", "--date", "2027-03-01"]);
    assert_eq!(code, 0, "{stderr}");
    let text = read(root, "notices/training-2027.md");
    assert!(!text.contains("\nindex_no:"), "{text}");
    assert!(
        text.contains("# 索引号（政府信息公开）：在 programme.yaml 的 disclosure 中设置组织机构代码 org_code 后填写\n# index_no:\n"),
        "{text}"
    );
}
