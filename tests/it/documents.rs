//! `qaward docs`: the office's internal documents (SPEC section 8), built
//! from `tests/fixtures/documents/` (laid over the base tree) and parsed
//! with scraper: one test per document on its key facts, the missing-fact
//! findings, the output contract both ways, confidentiality against the
//! site, and the example content.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

use crate::support::{copy_tree, edit_file, manifest_dir, qaward, read_tree};

/// Strings only the documents fixture's internal fields hold.
pub(crate) const CANARY: &str = "文书专用";

/// A content repository: `content/` is the base fixture with the documents
/// overlay, so the default output is `internal/2024` beside it.
pub(crate) fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp");
    let content = repo.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &content);
    copy_tree(&manifest_dir().join("tests/fixtures/documents"), &content);
    repo
}

pub(crate) fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `docs 2024 --root content` from the repository top, expecting `code`.
pub(crate) fn docs(repo: &Path, extra: &[&str], code: i32) -> Output {
    let mut args = vec!["docs", "2024", "--root", "content"];
    args.extend_from_slice(extra);
    let out = qaward(repo, &args);
    assert_eq!(out.status.code(), Some(code), "docs {extra:?}:\n{}", text(&out));
    out
}

/// Runs `docs` and returns the repository with its generated folder.
fn generated() -> (tempfile::TempDir, PathBuf) {
    let repo = repository();
    docs(repo.path(), &[], 0);
    let out = repo.path().join("internal/2024");
    (repo, out)
}

fn page(dir: &Path, file: &str) -> Html {
    let text = std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}; have {:?}", read_tree(dir).keys().collect::<Vec<_>>()));
    Html::parse_document(&text)
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<String>())
        .collect()
}

fn one(doc: &Html, selector: &str) -> String {
    let found = texts(doc, selector);
    assert_eq!(found.len(), 1, "`{selector}`: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// The cells of the table row matching `selector`.
fn cells(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    let cell = Selector::parse("th, td").expect("selector");
    let row = doc.select(&sel).next().unwrap_or_else(|| panic!("no row `{selector}`"));
    row.select(&cell)
        .map(|c| c.text().collect::<String>().split_whitespace().collect())
        .collect()
}

#[test]
fn docs_writes_every_document_the_year_calls_for() {
    let (_repo, out) = generated();
    let files: Vec<String> = read_tree(&out).into_keys().collect();
    assert_eq!(
        files,
        [
            ".qaward-docs",
            "approval-list.html",
            "index.html",
            "material-notice-delta.html",
            "objection-report.html",
            "onsite-report-alpha.html",
            "onsite-report-beta.html",
            "onsite-report-epsilon.html",
            "qualification-notice-gamma.html",
            "review-report.html",
        ]
    );
    let index = page(&out, "index.html");
    assert_eq!(texts(&index, "tr[data-state=generated]").len(), 8);
    assert_eq!(one(&index, ".summary .missing"), "0");
}

#[test]
fn qualification_notice_gives_the_recorded_reason() {
    let (_repo, out) = generated();
    let doc = page(&out, "qualification-notice-gamma.html");
    assert_eq!(one(&doc, "h1.title"), "2024年度温州市市长质量奖资格审查结果告知书");
    assert_eq!(one(&doc, ".issuer"), "温州市市长质量奖评审委员会办公室");
    assert_eq!(one(&doc, ".docno"), "温评审办〔2025〕7号");
    assert_eq!(one(&doc, ".addressee"), "鹿城演示标牌有限公司：");
    assert_eq!(
        one(&doc, ".reason"),
        "文书专用理由甲：申报材料中的检验报告与原件不符，申报内容不真实。"
    );
    assert_eq!(one(&doc, ".signoff .signer"), "温州市市长质量奖评审委员会办公室");
    assert_eq!(one(&doc, ".signoff .date"), "2025年6月25日");
    assert!(one(&doc, ".body").contains("第十四条") || one(&doc, ".closing").contains("第十四条"));
    // A notice to the applicant carries no internal-use mark.
    assert!(texts(&doc, ".secrecy").iter().all(String::is_empty));
}

#[test]
fn material_notice_goes_to_each_application_not_advanced() {
    let (_repo, out) = generated();
    let files = read_tree(&out);
    let notices: Vec<&String> = files.keys().filter(|f| f.starts_with("material-notice-")).collect();
    assert_eq!(notices, ["material-notice-delta.html"]);
    let doc = page(&out, "material-notice-delta.html");
    assert_eq!(one(&doc, ".addressee"), "乐清演示仪器有限公司：");
    assert_eq!(one(&doc, ".reason"), "文书专用理由乙：创新成果的应用成效证明不充分。");
    assert_eq!(one(&doc, ".signoff .date"), "2025年7月25日");
    assert!(one(&doc, ".closing").contains("第十五条"));
    // No number is recorded, so none is printed.
    assert!(texts(&doc, ".docno").is_empty());
}

#[test]
fn onsite_report_groups_item_scores_by_category_and_carries_the_signature() {
    let (_repo, out) = generated();
    let doc = page(&out, "onsite-report-epsilon.html");
    assert_eq!(one(&doc, "h1.title"), "2024年度温州市市长质量奖现场评审报告");
    assert_eq!(one(&doc, "td.org"), "鹿城演示电器有限公司");
    assert_eq!(one(&doc, "td.group"), "第一评审组");
    assert_eq!(one(&doc, "td.leader"), "专家e1");
    assert_eq!(one(&doc, "td.members"), "专家e2、专家e3");
    assert_eq!(one(&doc, "strong.total"), "612.5");
    // Categories are the standard's top-level clauses, in its order.
    let categories: Vec<String> = texts(&doc, "tr.category-row th[scope=rowgroup]");
    assert_eq!(categories, ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]);
    assert_eq!(
        cells(&doc, "tbody[data-clause='4.1'] tr.category-row"),
        ["4.1", "领导", "110", "67.5"]
    );
    assert_eq!(
        cells(&doc, "tr.item-row[data-clause='4.1.2']"),
        ["4.1.2", "高层领导的作用", "50", "27.5"]
    );
    assert_eq!(
        cells(&doc, "tbody[data-clause='4.7'] tr.category-row"),
        ["4.7", "结果", "400", "241"]
    );
    assert_eq!(cells(&doc, "tr.total-row"), ["合计", "1000", "612.5"]);
    assert_eq!(one(&doc, ".signed-by"), "文书专用签字人丙");
    assert_eq!(one(&doc, ".signed-date"), "2025年8月20日");
    assert_eq!(one(&doc, ".leader-signature"), "专家e1");
}

#[test]
fn review_report_counts_each_stage_against_its_cap_and_scores_the_candidates() {
    let (_repo, out) = generated();
    let doc = page(&out, "review-report.html");
    assert_eq!(one(&doc, ".addressee"), "温州市市长质量奖评审委员会：");
    assert_eq!(one(&doc, ".secrecy"), "内部资料注意保密");
    assert_eq!(one(&doc, ".signoff .date"), "2025年9月20日");
    let stage = |name: &str| cells(&doc, &format!("tr[data-stage='{name}']"));
    assert_eq!(stage("申报推荐")[2], "申报5家，其中撤回0家");
    assert_eq!(stage("资格审查")[2], "通过4家；未通过1家，已书面告知1家");
    assert_eq!(
        stage("资料评审")[2..],
        ["进入现场评审3家；未进入1家，已书面告知1家", "不超过20家"]
    );
    assert_eq!(stage("现场评审")[2..], ["确定候选企业（组织）3家", "不超过10家"]);
    // By award, then on-site score; one column per category, then the total.
    let rows: Vec<Vec<String>> = ["alpha", "epsilon", "beta"]
        .iter()
        .map(|id| cells(&doc, &format!("tr[data-application='{id}']")))
        .collect();
    assert_eq!(
        rows[0],
        [
            "1",
            "温州示例电气有限公司",
            "70",
            "55",
            "55",
            "84",
            "60",
            "50",
            "246",
            "620"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "2",
            "鹿城演示电器有限公司",
            "67.5",
            "55",
            "55",
            "84",
            "60",
            "50",
            "241",
            "612.5"
        ]
    );
    assert_eq!(rows[2][..2], ["3", "乐清演示数字科技有限公司"]);
    assert_eq!(
        texts(&doc, "tr.award-row"),
        ["市长质量奖（2家）", "质量管理创新奖（1家）"]
    );
}

#[test]
fn objection_report_gives_each_objection_and_its_outcome() {
    let (_repo, out) = generated();
    let doc = page(&out, "objection-report.html");
    assert_eq!(
        one(&doc, "h1.title"),
        "关于2024年度温州市市长质量奖初选公示期间异议的调查报告"
    );
    assert_eq!(one(&doc, ".addressee"), "温州市市长质量奖评审委员会：");
    let upheld = "section[data-application=epsilon][data-outcome=upheld]";
    assert_eq!(
        one(&doc, &format!("{upheld} h2")),
        "一、关于鹿城演示电器有限公司（市长质量奖）"
    );
    assert_eq!(one(&doc, &format!("{upheld} .received")), "2025年10月9日");
    assert_eq!(
        one(&doc, &format!("{upheld} .summary")),
        "文书专用摘要丁：来信反映该企业一批产品抽检不合格。"
    );
    assert_eq!(
        one(&doc, &format!("{upheld} .findings")),
        "文书专用报告戊：经核实，反映问题属实，属于第十一条（五）项情形。"
    );
    assert_eq!(one(&doc, &format!("{upheld} .concluded")), "2025年10月20日");
    assert!(one(&doc, &format!("{upheld} .outcome")).starts_with("异议成立"));
    let dismissed = "section[data-application=alpha][data-outcome=dismissed]";
    assert!(one(&doc, &format!("{dismissed} .outcome")).starts_with("异议不成立"));
    // Dated by the last objection concluded.
    assert_eq!(one(&doc, ".signoff .date"), "2025年10月20日");
}

#[test]
fn approval_list_is_the_shortlist_minus_upheld_objections() {
    let (_repo, out) = generated();
    let doc = page(&out, "approval-list.html");
    assert_eq!(one(&doc, ".addressee"), "温州市人民政府：");
    assert_eq!(one(&doc, ".docno"), "温评审办〔2025〕20号");
    assert_eq!(one(&doc, ".signoff .date"), "2025年10月24日");
    let rows: Vec<Vec<String>> = {
        let sel = Selector::parse("table.list tbody tr").expect("selector");
        let cell = Selector::parse("td").expect("selector");
        doc.select(&sel)
            .map(|r| r.select(&cell).map(|c| c.text().collect::<String>()).collect())
            .collect()
    };
    assert_eq!(
        rows,
        [
            ["1", "温州示例电气有限公司", "鹿城区"],
            ["1", "乐清演示数字科技有限公司", "乐清市"],
        ]
    );
    assert_eq!(
        texts(&doc, "section.award h2"),
        [
            "一、2024年度温州市市长质量奖（1家）",
            "二、2024年度温州市质量管理创新奖（1家）"
        ]
    );
    // The upheld objection's applicant is named as left out, not listed.
    assert_eq!(one(&doc, ".excluded"), "鹿城演示电器有限公司");
}

/// The output of `validate --format json`-style findings of `docs`.
fn findings(out: &Output) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", text(out)));
    json["diagnostics"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["rule"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

/// Regression: a failed qualification without its reason must not yield a
/// notice without one; the finding points at the qualification and the
/// index lists the notice as missing.
#[test]
fn a_missing_reason_is_named_at_its_place_and_the_notice_is_not_generated() {
    let repo = repository();
    let file = repo.path().join("content/cycles/2024/applications/gamma.yaml");
    let yaml = std::fs::read_to_string(&file).expect("read");
    let without: String = yaml
        .lines()
        .filter(|l| !l.trim_start().starts_with("reason:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, without).expect("write");
    // The content itself is still valid.
    assert_eq!(
        qaward(repo.path(), &["validate", "--root", "content"]).status.code(),
        Some(0)
    );

    let json = docs(repo.path(), &["--format", "json"], 1);
    assert_eq!(
        findings(&json),
        ["docs/qualification-notice cycles/2024/applications/gamma.yaml:13:3"]
    );
    let human = docs(repo.path(), &[], 1);
    let shown = text(&human);
    assert!(shown.contains("error[docs/qualification-notice]"), "{shown}");
    assert!(
        shown.contains("--> cycles/2024/applications/gamma.yaml:13:3"),
        "{shown}"
    );
    assert!(shown.contains("`qualification.reason`"), "{shown}");
    assert!(shown.contains("第十四条"), "{shown}");

    let out = repo.path().join("internal/2024");
    assert!(!out.join("qualification-notice-gamma.html").exists());
    assert!(
        out.join("review-report.html").exists(),
        "the complete documents are still written"
    );
    let index = page(&out, "index.html");
    let row = "tr[data-file='qualification-notice-gamma.html']";
    assert_eq!(
        one(&index, &format!("{row}[data-state=missing] .state")),
        "缺少信息，未生成"
    );
    let facts = format!("{row}.missing-facts");
    assert_eq!(
        one(&index, &format!("{facts} .place")),
        "cycles/2024/applications/gamma.yaml:13:3"
    );
    assert_eq!(one(&index, &format!("{facts} .field")), "qualification.reason");
    assert_eq!(one(&index, ".summary .missing"), "1");
}

#[test]
fn an_open_objection_leaves_both_reports_that_need_it_missing() {
    let repo = repository();
    let file = repo.path().join("content/cycles/2024/cycle.yaml");
    let yaml = std::fs::read_to_string(&file).expect("read");
    // Drop the second objection's report, date and outcome, and the decision
    // (validation requires every objection concluded before one).
    let mut kept = Vec::new();
    let mut in_decision = false;
    for (i, line) in yaml.lines().enumerate() {
        in_decision |= line.starts_with("decision:");
        let second = yaml
            .lines()
            .position(|l| l.contains("来电反映该企业合同纠纷"))
            .unwrap_or(usize::MAX);
        let dropped = i > second && i <= second + 3;
        if !in_decision && !dropped {
            kept.push(format!("{line}\n"));
        }
    }
    std::fs::write(&file, kept.concat()).expect("write");
    assert_eq!(
        qaward(repo.path(), &["validate", "--root", "content"]).status.code(),
        Some(0)
    );
    let json = docs(repo.path(), &["--format", "json"], 1);
    assert_eq!(
        findings(&json),
        [
            "docs/approval-list cycles/2024/cycle.yaml:45:7",
            "docs/objection-report cycles/2024/cycle.yaml:45:7",
        ]
    );
    let out = repo.path().join("internal/2024");
    assert!(!out.join("objection-report.html").exists());
    assert!(!out.join("approval-list.html").exists());
}

#[test]
fn content_with_errors_is_refused_and_nothing_is_written() {
    let repo = repository();
    let file = repo.path().join("content/cycles/2024/applications/gamma.yaml");
    edit_file(&file, "  notified: 2025-06-25\n", "");
    let out = docs(repo.path(), &[], 1);
    assert!(text(&out).contains("art14/written-notice"), "{}", text(&out));
    assert!(text(&out).contains("未生成文书"), "{}", text(&out));
    assert!(!repo.path().join("internal").exists(), "not even the lock file");
}

#[test]
fn nothing_of_the_documents_reaches_the_site() {
    let (repo, internal) = generated();
    let documents = read_tree(&internal);
    // The canaries are there, in the documents.
    let in_docs = documents
        .values()
        .filter(|b| String::from_utf8_lossy(b).contains(CANARY))
        .count();
    assert!(in_docs >= 4, "the canaries are missing from the documents ({in_docs})");
    let built = qaward(
        repo.path(),
        &["build", "--root", "content", "--out", "public", "--as-of", "2030-01-01"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built));
    let site = read_tree(&repo.path().join("public"));
    assert!(site.len() > 20);
    let leaks: Vec<String> = site
        .iter()
        .filter_map(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let found: Vec<&str> = [CANARY, "GB/T 9704", "内部资料", "qualification-notice", "approval-list"]
                .into_iter()
                .filter(|c| text.contains(c))
                .collect();
            (!found.is_empty()).then(|| format!("{path}: {found:?}"))
        })
        .collect();
    assert!(leaks.is_empty(), "documents leaked into the site: {leaks:#?}");
    assert!(site.keys().all(|p| !p.contains("docs")), "{:?}", site.keys());
}

/// Every `docs` refusal exits 2 and leaves the repository as it was.
fn assert_refused(repo: &Path, args: &[&str], why: &str) {
    let before = read_tree(repo);
    let out = qaward(repo, args);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {shown}");
    assert!(shown.contains(why), "{args:?} does not say `{why}`: {shown}");
    assert!(
        shown.contains("未做任何改动") || shown.contains("未写入任何文件"),
        "{shown}"
    );
    assert!(read_tree(repo) == before, "{args:?} changed the repository");
}

#[test]
fn docs_refuses_a_site_folder_and_build_refuses_a_documents_folder() {
    let (repo, _) = generated();
    let top = repo.path();
    let built = qaward(
        top,
        &["build", "--root", "content", "--out", "public", "--as-of", "2030-01-01"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built));
    assert_refused(
        top,
        &["docs", "2024", "--root", "content", "--out", "public"],
        "它是 `qaward build` 生成的公开网站目录",
    );
    assert_refused(
        top,
        &[
            "build",
            "--root",
            "content",
            "--out",
            "internal/2024",
            "--as-of",
            "2030-01-01",
        ],
        "它是 `qaward docs` 生成的内部文书目录",
    );
}

#[test]
fn docs_refuses_the_content_root_and_folders_inside_or_above_it() {
    let repo = repository();
    for out in ["content", "content/cycles", "content/cycles/..", "."] {
        assert_refused(
            repo.path(),
            &["docs", "2024", "--root", "content", "--out", out],
            "内容根目录",
        );
    }
    assert_refused(
        repo.path(),
        &["docs", "2024", "--root", "content", "--out", "content/internal"],
        "内容根目录",
    );
}

#[test]
fn docs_replaces_its_own_folder_and_is_byte_identical() {
    let (repo, out) = generated();
    let first = read_tree(&out);
    std::fs::write(out.join("stale.html"), "old").expect("write");
    docs(repo.path(), &[], 0);
    let second = read_tree(&out);
    assert!(first == second, "a second run differs or kept a stale file");
}

#[test]
fn docs_without_chromium_for_pdf_exits_2_and_writes_nothing() {
    let repo = repository();
    let out = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(repo.path())
        .args(["docs", "2024", "--root", "content", "--pdf"])
        .env("QAWARD_CHROMIUM", "/nonexistent/chromium")
        .env("NO_COLOR", "1")
        .output()
        .expect("run qaward");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("找不到 Chromium"), "{}", text(&out));
    assert!(!repo.path().join("internal").exists());
}

/// Only where Chromium is installed (CI installs it for the browser tests).
#[test]
fn docs_prints_pdfs_beside_the_html_with_chromium() {
    if qaward::documents::pdf::find_chromium(None).is_none() {
        eprintln!("skipped: no Chromium on this machine");
        return;
    }
    let repo = repository();
    let out = docs(repo.path(), &["--pdf"], 0);
    assert!(text(&out).contains("PDF 9 个"), "{}", text(&out));
    let files = read_tree(&repo.path().join("internal/2024"));
    let html: Vec<&String> = files.keys().filter(|f| f.ends_with(".html")).collect();
    for name in html {
        let pdf = name.replace(".html", ".pdf");
        let bytes = files.get(&pdf).unwrap_or_else(|| panic!("no {pdf}"));
        assert!(bytes.starts_with(b"%PDF-"), "{pdf}");
    }
    let index = page(&repo.path().join("internal/2024"), "index.html");
    let sel = Selector::parse("a[href='review-report.pdf']").expect("selector");
    assert_eq!(index.select(&sel).count(), 1);
}

#[test]
fn docs_of_an_unknown_year_is_a_usage_error() {
    let repo = repository();
    let out = qaward(repo.path(), &["docs", "2019", "--root", "content"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no cycle `2019`"), "{}", text(&out));
}

#[test]
fn the_example_content_of_2024_yields_every_kind_of_document() {
    let out = tempfile::tempdir().expect("temp");
    let target = out.path().join("2024");
    let result = qaward(
        &manifest_dir(),
        &["docs", "2024", "--root", "content", "--out", &target.to_string_lossy()],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let files: Vec<String> = read_tree(&target).into_keys().collect();
    for prefix in [
        "index.html",
        "qualification-notice-",
        "material-notice-",
        "onsite-report-",
        "review-report.html",
        "objection-report.html",
        "approval-list.html",
    ] {
        assert!(files.iter().any(|f| f.starts_with(prefix)), "no {prefix} in {files:?}");
    }
    let index = page(&target, "index.html");
    assert_eq!(one(&index, ".summary .missing"), "0");
}

#[test]
fn a_theme_overrides_the_document_templates_file_by_file() {
    let repo = repository();
    let docs_dir = repo.path().join("themes/custom/docs");
    std::fs::create_dir_all(&docs_dir).expect("mkdir");
    std::fs::write(
        docs_dir.join("qualification-notice.html"),
        "{% extends \"base.html\" %}{% block body %}<p class=\"custom\">自定义：{{ doc.reason }}</p>{% endblock %}",
    )
    .expect("write");
    docs(repo.path(), &["--theme", "custom"], 0);
    let out = repo.path().join("internal/2024");
    let notice = page(&out, "qualification-notice-gamma.html");
    assert!(one(&notice, ".custom").starts_with("自定义：文书专用理由甲"));
    // The other files still come from the default theme.
    assert_eq!(one(&notice, ".issuer"), "温州市市长质量奖评审委员会办公室");
    assert_eq!(texts(&page(&out, "material-notice-delta.html"), ".custom").len(), 0);
}
