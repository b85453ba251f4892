//! `qaward build`: pages, links, publication rules, determinism.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use scraper::{Html, Selector};

use crate::support::{
    build_site as build, copy_tree, edit_file, manifest_dir, page, qaward, read_tree, search_literal, texts, tree_with,
};

fn title(doc: &Html) -> String {
    texts(doc, "title").join("")
}

fn content_site() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build(&manifest_dir().join("content"), &["--as-of", "2026-11-27"])
}

#[test]
fn pages_carry_the_specified_titles() {
    let (_dir, files) = content_site();
    assert_eq!(
        title(&page(&files, "index.html")),
        "温州市市长质量奖公示公告（演示站点）"
    );
    assert_eq!(title(&page(&files, "2025/index.html")), "2025年度温州市市长质量奖");
    assert_eq!(
        title(&page(&files, "2025/publicity/index.html")),
        "关于2025年度温州市市长质量奖拟获奖企业（组织）名单的公示"
    );
    assert_eq!(
        title(&page(&files, "2024/winners/index.html")),
        "2024年度温州市市长质量奖获奖企业（组织）名单"
    );
    assert_eq!(title(&page(&files, "winners/index.html")), "历届获奖企业（组织）");
    let winner = page(&files, "winners/2023/longwan-stainless/index.html");
    assert!(
        title(&winner).starts_with("2023年度温州市市长质量奖"),
        "{}",
        title(&winner)
    );
    assert!(texts(&winner, ".status").contains(&"已撤销".to_owned()));
    assert!(texts(&winner, ".title-use").join("").contains("不得用于产品宣传"));
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            assert_eq!(texts(&doc, "h1").len(), 1, "{path} must have one h1");
            let lang = Selector::parse("html[lang=zh-CN]").expect("selector");
            assert_eq!(doc.select(&lang).count(), 1, "{path} lang");
        }
    }
}

#[test]
fn publicity_page_has_the_table_period_and_contact() {
    let (_dir, files) = content_site();
    let doc = page(&files, "2025/publicity/index.html");
    assert_eq!(
        texts(&doc, "table.data thead th"),
        ["序号", "奖项", "企业（组织）名称", "推荐单位"]
    );
    let rows = texts(&doc, "table.data tbody tr");
    assert_eq!(rows.len(), 7, "the 2025 shortlist has 7 entries");
    let body = texts(&doc, "main").join("");
    for needle in [
        "2026年11月24日",
        "2026年11月30日",
        "书面",
        "真实姓名",
        "公章",
        "温州市市长质量奖评审委员会办公室",
    ] {
        assert!(body.contains(needle), "publicity page lacks {needle}");
    }
}

#[test]
fn decision_page_names_the_document() {
    let (_dir, files) = content_site();
    let doc = page(&files, "2024/winners/index.html");
    let body = texts(&doc, "main").join("");
    assert!(body.contains("温政发〔2025〕63号"), "{body}");
    assert_eq!(
        texts(&doc, "main h2"),
        ["2024年度温州市市长质量奖", "2024年度温州市质量管理创新奖"]
    );
}

#[test]
fn notices_are_paginated_newest_first_and_embargoed() {
    let (_dir, files) = content_site();
    let doc = page(&files, "notices/index.html");
    let sel = Selector::parse(".notice-list time").expect("selector");
    let dates: Vec<&str> = doc.select(&sel).filter_map(|t| t.value().attr("datetime")).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert!(dates.len() >= 10);
    assert_eq!(dates, sorted, "newest first");
    assert!(
        files.keys().all(|k| !k.starts_with("notices/exchange-2026/")),
        "a future notice was published"
    );
    assert!(files.contains_key("notices/files/申报表.txt"));
}

#[test]
fn notices_paginate_twenty_a_page() {
    let tree = tree_with(None);
    for day in 1..=23 {
        std::fs::write(
            tree.path().join(format!("notices/n{day:02}.md")),
            format!("---\ntitle: 第{day}号通知\ndate: 2025-12-{day:02}\nkind: general\n---\n正文。\n"),
        )
        .expect("write");
    }
    let (_dir, files) = build(tree.path(), &["--as-of", "2026-01-01"]);
    let first = page(&files, "notices/index.html");
    let second = page(&files, "notices/page/2/index.html");
    assert_eq!(texts(&first, ".notice-list li").len(), 20);
    assert_eq!(texts(&second, ".notice-list li").len(), 5);
    assert_eq!(texts(&first, ".notice-list a")[0], "第23号通知");
    assert_eq!(title(&second), "通知公告（第2页）");
    assert!(!files.contains_key("notices/page/3/index.html"));
}

/// Resolves a relative link from the page at `from` (a file path).
fn resolve(from: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or_default();
    if link.is_empty() || link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.ends_with("/.") || link == "." || path.is_empty() {
        path = if path.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{path}/index.html")
        };
    }
    Some(path)
}

/// Where the footer's identity marks link to (SPEC section 9); the demo
/// content's 党政机关网站标识 registers at bszs.conac.cn.
const FOOTER_MARKS: [&str; 4] = [
    "https://beian.miit.gov.cn/",
    "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=",
    "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=",
    "https://bszs.conac.cn/sitename?",
];

#[test]
fn every_internal_link_resolves() {
    let (_dir, files) = build(
        &manifest_dir().join("content"),
        &["--as-of", "2026-11-27", "--base-url", "https://example.gov.cn/zlj/"],
    );
    let sel = Selector::parse("a[href], link[href], img[src], script[src]").expect("selector");
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for el in doc.select(&sel) {
            let link = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or_default();
            // The footer's identity marks (SPEC section 9) are the only
            // links off the site, and links only: nothing is loaded.
            let footer_mark = el.value().name() == "a" && FOOTER_MARKS.iter().any(|m| link.starts_with(m));
            if link.starts_with("http") && !link.starts_with("https://example.gov.cn/zlj/") && !footer_mark {
                broken.push(format!("{path}: external {link}"));
            }
            if let Some(target) = resolve(path, link) {
                checked += 1;
                let decoded = target.replace("%20", " ");
                if !files.contains_key(&decoded) {
                    broken.push(format!("{path}: {link} -> {decoded}"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(broken.is_empty(), "{broken:#?}");
    let feed = String::from_utf8_lossy(&files["feed.xml"]).into_owned();
    assert!(feed.contains("<id>https://example.gov.cn/zlj/notices/"), "{feed}");
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    assert!(sitemap.contains("<loc>https://example.gov.cn/zlj/2025/publicity/</loc>"));
    let not_found = String::from_utf8_lossy(&files["404.html"]).into_owned();
    assert!(not_found.contains("href=\"/zlj/notices/\""), "{not_found}");
}

#[test]
fn open_data_and_badges() {
    let (_dir, files) = content_site();
    let json: serde_json::Value = serde_json::from_slice(&files["data/winners.json"]).expect("json");
    let winners = json["winners"].as_array().expect("winners");
    assert_eq!(winners.len(), 17);
    assert!(
        winners
            .iter()
            .any(|w| w["organization_id"] == "longwan-stainless" && w["status"] == "revoked")
    );
    let csv = String::from_utf8_lossy(&files["data/winners.csv"]).into_owned();
    let header = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .expect("header")
        .to_owned();
    assert_eq!(header, qaward::render::CSV_COLUMNS.join(","));
    assert_eq!(csv.lines().count(), 18);
    let badges: Vec<&String> = files.keys().filter(|k| k.starts_with("badges/")).collect();
    assert_eq!(badges.len(), 17);
    let badge = String::from_utf8_lossy(&files[badges[0]]).into_owned();
    assert!(badge.contains("年度温州市"), "{badge}");
}

/// The search index a build wrote under `search/`, read the way
/// `assets/search.js` reads it (for queries short enough to lie whole in
/// one record).
struct SearchIndex {
    meta: serde_json::Value,
    files: BTreeMap<String, serde_json::Value>,
}

impl SearchIndex {
    fn read(files: &BTreeMap<String, Vec<u8>>) -> SearchIndex {
        let files: BTreeMap<String, serde_json::Value> = files
            .iter()
            .filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js"))
            .map(|(path, bytes)| (path.clone(), search_literal(bytes).unwrap_or_else(|| panic!("{path}"))))
            .collect();
        let meta = files["search/meta.js"].clone();
        SearchIndex { meta, files }
    }

    fn count(&self, key: &str) -> usize {
        self.meta[key].as_u64().unwrap_or_else(|| panic!("meta.{key}")) as usize
    }

    /// The chunks that hold `gram`, from the shard its hash names.
    fn postings(&self, gram: &str) -> Vec<u32> {
        let shard = qaward::render::search::shard_of(gram, self.count("shards"));
        let list = self.files[&format!("search/g/{shard}.js")]["grams"][gram].as_str();
        list.map(|l| qaward::render::search::decode_postings(l).expect("postings"))
            .unwrap_or_default()
    }

    fn chunk(&self, n: u32) -> &Vec<serde_json::Value> {
        self.files[&format!("search/d/{n}.js")]["docs"]
            .as_array()
            .expect("docs")
    }

    /// The chunk numbers of the records of the page at `url`.
    fn chunks_of(&self, url: &str) -> Vec<u32> {
        (0..self.count("chunks") as u32)
            .filter(|&n| self.chunk(n).iter().any(|r| r[1] == url))
            .collect()
    }

    /// The pages whose text holds `query`: the chunks in the postings of
    /// all its bigrams (of its character, if it has one), then the text.
    fn search(&self, query: &str) -> BTreeSet<String> {
        let query = qaward::render::search::normalise(query);
        let chars: Vec<char> = query.chars().collect();
        let grams: Vec<String> = match chars.len() {
            1 => vec![query.clone()],
            _ => chars.windows(2).map(|w| w.iter().collect()).collect(),
        };
        let lists: Vec<Vec<u32>> = grams.iter().map(|g| self.postings(g)).collect();
        let candidates = lists[0].iter().filter(|n| lists.iter().all(|l| l.contains(n)));
        candidates
            .flat_map(|&n| self.chunk(n).iter())
            .filter(|r| r[4].as_str().is_some_and(|x| x.contains(&query)))
            .filter_map(|r| r[1].as_str().map(str::to_owned))
            .collect()
    }
}

#[test]
fn search_index_finds_substrings_across_word_boundaries() {
    let (_dir, files) = content_site();
    let index = SearchIndex::read(&files);
    for (query, page) in [
        ("州示", "winners/2023/longwan-valve/"),
        ("示例电气", "winners/2023/yueqing-electric/"),
        ("不锈钢", "notices/revocation-longwan-stainless/"),
        ("2024年度温州市市长质量奖", "notices/2024-result/"),
        ("鞋", "winners/2023/lucheng-shoes/"),
        ("GB/T 19580", "notices/2025-call/"),
    ] {
        let hits = index.search(query);
        assert!(hits.contains(page), "{query} should find {page}; found {hits:?}");
    }
    assert!(index.search("州示例电气股份").is_empty(), "no page holds it");
}

/// Every winner of the demo content: each bigram of its name is posted
/// for the chunk of its page, whose text holds the name, so the search
/// finds it by any part of the name; and no search file is large.
#[test]
fn search_index_finds_every_winner_by_its_name() {
    let (_dir, files) = content_site();
    let index = SearchIndex::read(&files);
    let data: serde_json::Value = serde_json::from_slice(&files["data/winners.json"]).expect("json");
    let winners = data["winners"].as_array().expect("winners");
    assert!(winners.len() >= 10);
    for w in winners {
        let name = w["organization"].as_str().expect("name");
        let page = format!("winners/{}/{}/", w["year"], w["organization_id"].as_str().expect("id"));
        let chunks = index.chunks_of(&page);
        assert_eq!(chunks.len(), 1, "{page} is one record");
        let record = index
            .chunk(chunks[0])
            .iter()
            .find(|r| r[1] == page.as_str())
            .expect("record");
        assert!(
            record[4].as_str().is_some_and(|x| x.contains(name)),
            "{page} holds {name}"
        );
        let chars: Vec<char> = name.chars().collect();
        for pair in chars.windows(2) {
            let gram: String = pair.iter().collect();
            assert!(index.postings(&gram).contains(&chunks[0]), "{gram} of {name}");
        }
        let middle: String = chars[2..chars.len() - 2].iter().collect();
        assert!(index.search(&middle).contains(&page), "{middle} finds {page}");
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("search/")) {
        assert!(bytes.len() <= qaward::render::search::FILE_LIMIT, "{path}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let root = manifest_dir().join("content");
    let one = tempfile::tempdir().expect("temp");
    let two = tempfile::tempdir().expect("temp");
    for (dir, threads) in [(&one, "1"), (&two, "8")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qaward"))
            .current_dir(&root)
            .args(["build", "--root", ".", "--as-of", "2026-11-27", "--out"])
            .arg(dir.path().join("public"))
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
    }
    let (a, b) = (
        read_tree(&one.path().join("public")),
        read_tree(&two.path().join("public")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn build_refuses_content_with_errors_and_keeps_the_old_site() {
    let tree = tree_with(None);
    let site = tempfile::tempdir().expect("temp");
    let out = site.path().join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let args = ["build", "--out", out_arg.as_str(), "--as-of", "2026-01-01"];
    assert_eq!(qaward(tree.path(), &args).status.code(), Some(0));
    let before = read_tree(&out);
    let alpha = tree.path().join("organizations/alpha.yaml");
    edit_file(&alpha, "industry: electrical", "industry: nosuch");
    let result = qaward(tree.path(), &args);
    assert_eq!(result.status.code(), Some(1));
    assert!(read_tree(&out) == before, "a failed build changed the site");
    let siblings: Vec<PathBuf> = std::fs::read_dir(site.path())
        .expect("read")
        .map(|e| e.expect("e").path())
        .collect();
    assert!(
        siblings.iter().all(|p| !p.to_string_lossy().contains(".tmp-")),
        "{siblings:?}"
    );
}

#[test]
fn a_theme_overrides_the_default_file_by_file() {
    let repo = tempfile::tempdir().expect("temp");
    let content = repo.path().join("content");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &content);
    let custom = repo.path().join("themes/custom/static");
    std::fs::create_dir_all(&custom).expect("mkdir");
    std::fs::write(custom.join("style.css"), "/* custom */\n").expect("write");
    let (_dir, files) = build(&content, &["--as-of", "2026-01-01", "--theme", "custom"]);
    assert_eq!(files["assets/style.css"], b"/* custom */\n");
    assert!(files.contains_key("assets/search.js"));
    let missing = qaward(
        repo.path(),
        &[
            "build",
            "--root",
            "content",
            "--as-of",
            "2026-01-01",
            "--theme",
            "nosuch",
            "--out",
            "x",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nosuch"));
    assert!(!repo.path().join("x/index.html").exists());
}

/// Every internal field and every non-publicised applicant carries a
/// unique canary; none may reach any output file.
#[test]
fn internal_fields_never_reach_the_site() {
    let overlay = manifest_dir().join("tests/fixtures/canary");
    let seeded = walkdir::WalkDir::new(&overlay)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("CANARY")))
        .count();
    assert!(seeded >= 8, "the canary fixture lost its canaries ({seeded} files)");
    let tree = tree_with(Some(&overlay));
    let (_dir, files) = build(tree.path(), &["--as-of", "2026-11-27"]);
    assert!(files.len() > 20);
    let mut leaks = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for (i, _) in text.match_indices("CANARY").chain(text.match_indices("canary")) {
            let end = (i + 40).min(text.len());
            leaks.push(format!("{path}: {}", text.get(i..end).unwrap_or("CANARY")));
        }
        for secret in ["777.125", "533.375", "金丝雀"] {
            if text.contains(secret) {
                leaks.push(format!("{path}: {secret}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
    // The publicised and winning names do appear.
    assert!(String::from_utf8_lossy(&files["index.html"]).contains("温州示例电气有限公司"));
}

#[test]
fn embargo_follows_the_publication_date() {
    let tree = tree_with(None);
    let names = ["温州示例电气有限公司", "乐清演示数字科技有限公司"];
    let leaked = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .iter()
            .filter(|(_, b)| names.iter().any(|n| String::from_utf8_lossy(b).contains(n)))
            .map(|(p, _)| p.clone())
            .collect()
    };
    // The day before the publicity: no 公示 page, no names anywhere.
    let (_d, before) = build(tree.path(), &["--as-of", "2025-10-07"]);
    assert!(!before.contains_key("2024/publicity/index.html"));
    assert_eq!(leaked(&before), Vec::<String>::new());
    // The day it starts: the 公示 page names them; no winners yet.
    let (_d, start) = build(tree.path(), &["--as-of", "2025-10-08"]);
    assert!(start.contains_key("2024/publicity/index.html"));
    let publicity = String::from_utf8_lossy(&start["2024/publicity/index.html"]).into_owned();
    assert!(names.iter().all(|n| publicity.contains(n)));
    assert!(!start.contains_key("2024/winners/index.html"));
    assert!(start.keys().all(|k| !k.starts_with("winners/2024/")));
    // The day before the decision, still no winners; from it, winners.
    let (_d, eve) = build(tree.path(), &["--as-of", "2025-10-31"]);
    assert!(!eve.contains_key("2024/winners/index.html"));
    let (_d, decided) = build(tree.path(), &["--as-of", "2025-11-01"]);
    assert!(decided.contains_key("2024/winners/index.html"));
    assert!(decided.contains_key("winners/2024/alpha/index.html"));
    // A future-dated notice stays unpublished until its date.
    std::fs::write(
        tree.path().join("notices/later.md"),
        "---\ntitle: 关于以后的通知\ndate: 2025-12-01\nkind: general\n---\n以后发布。\n",
    )
    .expect("write");
    let (_d, early) = build(tree.path(), &["--as-of", "2025-11-30"]);
    assert!(!early.contains_key("notices/later/index.html"));
    assert!(
        early
            .values()
            .all(|b| !String::from_utf8_lossy(b).contains("关于以后的通知"))
    );
    let (_d, late) = build(tree.path(), &["--as-of", "2025-12-01"]);
    assert!(late.contains_key("notices/later/index.html"));
}

/// Every page's links (any `a[href]` inside the site), resolved to files.
fn links_of(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String, bool)> {
    let link = Selector::parse("a[href]").expect("selector");
    let nav = Selector::parse(".site-nav a[href]").expect("selector");
    let mut out = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && *p != "404.html") {
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        let in_nav: BTreeSet<String> = doc
            .select(&nav)
            .filter_map(|a| a.value().attr("href").and_then(|h| resolve(path, h)))
            .collect();
        for a in doc.select(&link) {
            if let Some(target) = a.value().attr("href").and_then(|h| resolve(path, h)) {
                out.push((path.clone(), target.clone(), in_nav.contains(&target)));
            }
        }
    }
    out
}

/// SPEC section 9, no empty column: on a content root with no winners and
/// no sanctions (and, earlier still, no notices), no link of any page —
/// the navigation above all — leads to a listing that lists nothing; those
/// listings still exist at their addresses and say what will appear there
/// and when.
#[test]
fn no_navigation_link_leads_to_an_empty_list() {
    let tree = tree_with(None);
    let nav_names = |files: &BTreeMap<String, Vec<u8>>| texts(&page(files, "index.html"), ".site-nav a");
    let empty = Selector::parse(".empty-column").expect("selector");
    // A call and a publicity published, nothing decided, nothing revoked;
    // then a day before anything at all was published.
    for (as_of, listed, unlisted) in [
        (
            "2025-10-10",
            &["首页", "通知公告", "站内搜索"][..],
            &["winners/index.html", "sanctions/index.html"][..],
        ),
        (
            "2025-01-01",
            &["首页", "站内搜索"][..],
            &["winners/index.html", "sanctions/index.html", "notices/index.html"][..],
        ),
    ] {
        let (_dir, files) = build(tree.path(), &["--as-of", as_of]);
        assert_eq!(nav_names(&files), listed, "navigation on {as_of}");
        for list in unlisted {
            let doc = page(&files, list);
            let said = texts(&doc, ".empty-column").join("");
            assert!(
                said.contains("在此"),
                "{as_of}: {list} should say what will appear there: {said:?}"
            );
        }
        let mut dead_ends = Vec::new();
        for (from, to, in_nav) in links_of(&files) {
            let Some(bytes) = files.get(&to) else {
                dead_ends.push(format!("{from} → {to}: missing"));
                continue;
            };
            let target = Html::parse_document(&String::from_utf8_lossy(bytes));
            if target.select(&empty).next().is_some() {
                dead_ends.push(format!(
                    "{from} → {to}{}: lists nothing",
                    if in_nav { " (navigation)" } else { "" }
                ));
            }
        }
        assert!(dead_ends.is_empty(), "{as_of}: {dead_ends:#?}");
        let year_lists: Vec<&String> = files
            .keys()
            .filter(|k| k.ends_with("/winners/index.html") && *k != "winners/index.html")
            .collect();
        assert!(
            year_lists.is_empty(),
            "{as_of}: a year's winners page with no decision: {year_lists:?}"
        );
        assert!(
            !files
                .keys()
                .any(|k| k.starts_with("winners/region/") || k.starts_with("winners/industry/")),
            "{as_of}: a region or industry listing with no winners"
        );
    }
    // With winners, sanctions and notices, every section is in the navigation.
    let (_dir, files) = content_site();
    assert_eq!(
        nav_names(&files),
        ["首页", "通知公告", "历届获奖", "撤销和取消", "站内搜索"]
    );
    assert!(
        files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .all(|(_, b)| !String::from_utf8_lossy(b).contains("empty-column"))
    );
}
