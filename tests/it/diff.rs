//! `qaward diff`: pairs of content trees made from the base fixture, the
//! target branch (BASE) beside the change (HEAD), as a pull request would
//! have them.

use std::path::Path;

use serde_json::Value;

use crate::support::{copy_tree, manifest_dir, qaward, replaced};

/// A repository checkout: `head/content` and `base/content`, both the base
/// fixture to begin with.
struct Pair {
    dir: tempfile::TempDir,
}

impl Pair {
    fn new() -> Pair {
        let dir = tempfile::tempdir().expect("temp dir");
        for side in ["base", "head"] {
            copy_tree(
                &manifest_dir().join("tests/fixtures/base"),
                &dir.path().join(side).join("content"),
            );
        }
        Pair { dir }
    }

    fn path(&self, side: &str, file: &str) -> std::path::PathBuf {
        self.dir.path().join(side).join("content").join(file)
    }

    fn edit(&self, side: &str, file: &str, f: impl Fn(&str) -> String) {
        let path = self.path(side, file);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, f(&text)).expect("write");
    }

    fn write(&self, side: &str, file: &str, text: &str) {
        std::fs::write(self.path(side, file), text).expect("write");
    }

    /// `qaward diff ../base` run in `head/` (the folder holding `content/`,
    /// as `git worktree add ../base` leaves it).
    fn diff(&self, as_of: &str, format: &str) -> (i32, String) {
        let out = qaward(
            &self.dir.path().join("head"),
            &["diff", "../base", "--as-of", as_of, "--format", format],
        );
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    }

    fn json(&self, as_of: &str) -> (i32, Value) {
        let (code, text) = self.diff(as_of, "json");
        (
            code,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
        )
    }
}

const CYCLE: &str = "cycles/2024/cycle.yaml";

/// Cuts a cycle file before `section:`.
fn cut_before(text: &str, section: &str) -> String {
    text.find(section)
        .map_or_else(|| text.to_owned(), |i| text[..i].to_owned())
}

/// The 2024 cycle after the committee vote: BASE has no publicity yet,
/// HEAD schedules it (2025-10-08 to 2025-10-14) with its notice.
fn publicity_pair() -> Pair {
    let pair = Pair::new();
    pair.edit("head", CYCLE, |t| cut_before(t, "decision:"));
    pair.edit("base", CYCLE, |t| cut_before(t, "publicity:"));
    std::fs::remove_file(pair.path("base", "notices/2024-publicity.md")).expect("remove");
    pair
}

fn kinds(json: &Value) -> Vec<&str> {
    json["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|c| c["kind"].as_str().expect("kind"))
        .collect()
}

fn day<'a>(json: &'a Value, date: &str) -> &'a Value {
    json["public"]
        .as_array()
        .expect("public")
        .iter()
        .find(|d| d["date"] == date)
        .unwrap_or_else(|| panic!("no {date} in {json:#}"))
}

fn urls(day: &Value, key: &str) -> Vec<String> {
    day[key]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["url"].as_str().expect("url").to_owned())
        .collect()
}

#[test]
fn a_publicity_makes_names_public_on_its_first_day() {
    let pair = publicity_pair();
    let (code, markdown) = pair.diff("2025-10-01", "markdown");
    assert_eq!(code, 0, "{markdown}");
    assert!(
        markdown
            .starts_with("**会公开新的企业（组织）名称**：合并后，2 家企业（组织）的名称将公开，最早在 2025年10月8日"),
        "{markdown}"
    );
    insta::assert_snapshot!("diff_publicity", markdown);

    let (code, json) = pair.json("2025-10-01");
    assert_eq!(code, 0);
    assert_eq!(json["as_of"], "2025-10-01");
    assert_eq!(json["summary"]["names"], 2);
    assert_eq!(json["summary"]["first_date"], "2025-10-08");
    assert_eq!(json["summary"]["becomes_public"], true);
    assert_eq!(kinds(&json), ["publicity-scheduled", "notice-added"]);
    // Nothing differs yet on the publication date itself.
    let first = &json["public"][0];
    assert_eq!(first["date"], "2025-10-01");
    assert!(urls(first, "pages_added").is_empty() && urls(first, "pages_changed").is_empty());
    let start = day(&json, "2025-10-08");
    assert_eq!(
        urls(start, "pages_added"),
        ["/2024/publicity/", "/notices/2024-publicity/"]
    );
    let names: Vec<(&str, &str, bool)> = start["names_public"]
        .as_array()
        .expect("names")
        .iter()
        .map(|n| {
            (
                n["place"].as_str().expect("place"),
                n["name"].as_str().expect("name"),
                n["first_time"].as_bool().expect("flag"),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("2024年度公示名单", "乐清演示数字科技有限公司", true),
            ("2024年度公示名单", "温州示例电气有限公司", true)
        ]
    );
    // Only the start is a date on which something more differs.
    assert_eq!(json["public"].as_array().expect("days").len(), 2);
}

#[test]
fn a_publicity_already_running_is_public_from_the_publication_date() {
    let pair = publicity_pair();
    let (_, markdown) = pair.diff("2025-10-09", "markdown");
    assert!(
        markdown.starts_with(
            "**会公开新的企业（组织）名称**：合并后，2 家企业（组织）的名称将公开，自发布日期 2025年10月9日 起"
        ),
        "{markdown}"
    );
}

#[test]
fn a_postponed_publicity_withholds_names_until_its_new_start() {
    let pair = publicity_pair();
    std::fs::copy(
        pair.path("head", "notices/2024-publicity.md"),
        pair.path("base", "notices/2024-publicity.md"),
    )
    .expect("copy");
    pair.edit("base", CYCLE, |_| {
        std::fs::read_to_string(pair.path("head", CYCLE)).expect("read")
    });
    pair.edit("head", CYCLE, |t| {
        let t = replaced(t, "start: 2025-10-08", "start: 2025-10-10");
        replaced(&t, "end: 2025-10-14", "end: 2025-10-16")
    });
    let (code, json) = pair.json("2025-10-01");
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["names"], 0, "no name becomes public earlier");
    let held = &day(&json, "2025-10-08")["names_withheld"];
    assert_eq!(held.as_array().expect("names").len(), 2);
    assert_eq!(held[0]["head_date"], "2025-10-10");
    assert_eq!(urls(day(&json, "2025-10-08"), "pages_removed"), ["/2024/publicity/"]);
    let later = &day(&json, "2025-10-10")["names_public"];
    assert_eq!(later[0]["base_date"], "2025-10-08");
    assert_eq!(later[0]["first_time"], false);
    assert_eq!(kinds(&json), ["publicity-changed"]);
}

/// A new organisation and its application to the 2024 cycle, failed at
/// the qualification review.
fn application_pair() -> Pair {
    let pair = Pair::new();
    pair.write(
        "head",
        "organizations/gamma.yaml",
        "name: 瑞安演示机械有限公司\nuscc: 91330302MA2XYW123E\nestablished: 2010-03-01\nrecommender: lucheng\nindustry: electrical\n",
    );
    pair.write(
        "head",
        "cycles/2024/applications/gamma.yaml",
        "organization: gamma\naward: quality\nrecommender: lucheng\nsubmitted: 2025-05-21\nexcellence_since: 2018-01-01\n\
declarations:\n  compliant: true\n  incidents: []\nself_evaluation:\n  score: 600\n  report: 自评报告摘要\n\
qualification:\n  result: failed\n  date: 2025-06-10\n  reason: 材料不全\n  notified: 2025-06-15\n",
    );
    pair
}

#[test]
fn an_application_alone_makes_nothing_public() {
    let pair = application_pair();
    let (code, markdown) = pair.diff("2026-02-01", "markdown");
    assert_eq!(code, 0, "{markdown}");
    let first = markdown.lines().next().expect("a first line");
    assert!(first.starts_with("**不公开新的页面或企业（组织）名称**"), "{first}");
    // The applicant was never publicised: its name is nowhere in the report.
    assert!(!markdown.contains("瑞安演示机械"), "{markdown}");
    assert!(markdown.contains("| 2024年度 | 新增申报 | 1 项：`gamma` 申报市长质量奖（企业（组织）`gamma`） |"));
    assert!(markdown.contains("资格审查：未通过 1：`gamma`"));
    let (_, json) = pair.json("2026-02-01");
    assert_eq!(
        kinds(&json),
        ["application-added", "qualification-recorded", "organization-added"]
    );
    assert_eq!(json["summary"]["becomes_public"], false);
    assert_eq!(json["summary"]["names"], 0);
    assert_eq!(json["summary"]["pages_added"], 0);
    // Only the public aggregate count of applications moves, on the cycle page.
    let now = &json["public"][0];
    assert_eq!(urls(now, "pages_changed"), ["/2024/"]);
    assert_eq!(now["counts"][0]["label"], "申报企业（组织）");
    assert_eq!(
        (now["counts"][0]["base"].clone(), now["counts"][0]["head"].clone()),
        (2.into(), 3.into())
    );
    assert_eq!(json["public"].as_array().expect("days").len(), 1);
}

#[test]
fn an_internal_change_leaves_the_site_as_it_is() {
    let pair = Pair::new();
    pair.write(
        "head",
        "experts/e4.yaml",
        "name: 专家e4\nlevel: national\ncertificate: 浙江省政府质量奖评审员 ZJ-e4\naffiliation: 某示例大学\n",
    );
    let (code, markdown) = pair.diff("2025-10-01", "markdown");
    assert_eq!(code, 0);
    assert!(markdown.starts_with("**公开网站没有变化**"), "{markdown}");
    assert!(markdown.contains("| — | 新增评审专家 | 1 个：`e4` |"));
    assert!(markdown.contains("与目标分支相同，没有变化。"));
}

#[test]
fn a_revocation_lists_a_known_name_on_the_sanctions_page() {
    let pair = Pair::new();
    pair.edit("head", "organizations/alpha.yaml", |t| {
        format!(
            "{t}sanctions:\n  - kind: revoked\n    year: 2024\n    award: quality\n    date: 2026-03-02\n    document: 温政发〔2026〕9号\n    reason: 申报材料弄虚作假\n"
        )
    });
    pair.write(
        "head",
        "notices/revocation-alpha.md",
        "---\ntitle: 关于撤销温州示例电气有限公司2024年度温州市市长质量奖称号的公告\ndate: 2026-03-02\nkind: revocation\nyear: 2024\ndocument: 温政发〔2026〕9号\n---\n依据第二十一条撤销其称号。\n",
    );
    let (code, json) = pair.json("2026-02-01");
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(kinds(&json), ["sanction-added", "notice-added"]);
    assert_eq!(json["records"][0]["ids"][0], "alpha");
    assert!(
        json["records"][0]["detail"]
            .as_str()
            .expect("detail")
            .contains("撤销 2024年度市长质量奖称号")
    );
    let on = day(&json, "2026-03-02");
    assert_eq!(urls(on, "pages_added"), ["/notices/revocation-alpha/"]);
    let changed = urls(on, "pages_changed");
    for url in [
        "/sanctions/",
        "/winners/2024/alpha/",
        "/data/winners.json",
        "/badges/2024-quality-alpha.svg",
    ] {
        assert!(changed.iter().any(|u| u == url), "{url} in {changed:?}");
    }
    let listed = &on["names_public"][0];
    assert_eq!(
        (&listed["place"], &listed["name"], &listed["first_time"]),
        (&"撤销和取消称号".into(), &"温州示例电气有限公司".into(), &false.into())
    );
    assert_eq!(json["summary"]["names"], 0, "a winner's name was public already");
    let (_, markdown) = pair.diff("2026-02-01", "markdown");
    assert!(
        markdown.starts_with("**会公开新的页面，但不公开新的企业（组织）名称**"),
        "{markdown}"
    );
    assert!(markdown.contains("#### 2026年3月2日\n"));
    assert!(
        markdown
            .contains("- 撤销和取消称号（`/sanctions/`），将列出 1 家名称已公开的企业（组织）：温州示例电气有限公司。"),
        "{markdown}"
    );
}

#[test]
fn content_errors_exit_1_and_still_report() {
    let pair = application_pair();
    pair.edit("head", "cycles/2024/applications/gamma.yaml", |t| {
        replaced(t, "award: quality", "award: qualiti")
    });
    let (code, markdown) = pair.diff("2026-02-01", "markdown");
    assert_eq!(code, 1, "{markdown}");
    assert!(
        markdown.starts_with("**本分支内容有错误，合并后网站不会更新**"),
        "{markdown}"
    );
    assert!(markdown.contains("- 本分支（HEAD）：1 个错误"));
    assert!(markdown.contains("新增申报"));
}

#[test]
fn a_missing_base_root_is_a_usage_error() {
    let pair = Pair::new();
    let out = qaward(&pair.dir.path().join("head"), &["diff", "../nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
    let out = qaward(
        Path::new(&pair.dir.path().join("head")),
        &["diff", "../base", "--format", "html"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn programme_changes_name_the_caps_and_titles() {
    let pair = Pair::new();
    pair.edit("head", "programme.yaml", |t| {
        let t = replaced(t, "winners_per_award: 5", "winners_per_award: 6");
        replaced(
            &t,
            "\"{year}年度温州市质量管理创新奖\"",
            "\"{year}年度温州市质量创新奖\"",
        )
    });
    let (code, json) = pair.json("2026-01-01");
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(kinds(&json), ["award-title-changed", "regulation-changed"]);
    assert_eq!(
        json["records"][1]["detail"],
        "`wzb-2020-79`：每个奖项每年获奖上限 5 → 6"
    );
    // The new title shows on the winner's page at once.
    let changed = urls(&json["public"][0], "pages_changed");
    assert!(changed.iter().any(|u| u == "/winners/2024/beta/"), "{changed:?}");
    assert_eq!(json["summary"]["becomes_public"], false);
}
