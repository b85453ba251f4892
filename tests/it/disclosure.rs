//! SPEC section 9 on built pages: the 信息公开 table of every notice (its
//! headers, values and defaults) and the footer's identity marks (exact
//! links, the page's URL encoded, nothing shown that is not configured).

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{Html, Selector};

use crate::support::{build_site, edit_file, manifest_dir, page, texts, tree_with};

/// Builds `root` as of `as_of`; the built files by path.
fn build(root: &Path, as_of: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build_site(root, &["--as-of", as_of])
}

/// The rows of the 信息公开 table: (header, value), in order. Every header
/// is a `<th scope="row">`.
fn disclosure(doc: &Html) -> Vec<(String, String)> {
    let tables: Vec<_> = doc.select(&sel("table.disclosure")).collect();
    assert_eq!(tables.len(), 1, "one 信息公开 table");
    let table = tables[0];
    assert_eq!(
        table
            .select(&sel("caption"))
            .map(|c| c.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["信息公开"]
    );
    table
        .select(&sel("tr"))
        .map(|row| {
            let th: Vec<_> = row.select(&sel("th")).collect();
            let td: Vec<_> = row.select(&sel("td")).collect();
            assert_eq!((th.len(), td.len()), (1, 1), "{}", row.html());
            assert_eq!(th[0].value().attr("scope"), Some("row"), "{}", row.html());
            (
                th[0].text().collect::<String>().trim().to_owned(),
                td[0].text().collect::<String>().trim().to_owned(),
            )
        })
        .collect()
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(h, v)| ((*h).to_owned(), (*v).to_owned())).collect()
}

fn content_site() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build(&manifest_dir().join("content"), "2026-11-27")
}

#[test]
fn every_notice_page_has_the_table_before_its_body() {
    let (_dir, files) = content_site();
    let notices: Vec<&String> = files
        .keys()
        .filter(|p| {
            p.starts_with("notices/")
                && p.ends_with("/index.html")
                && !p.contains("/page/")
                && *p != "notices/index.html"
        })
        .collect();
    assert!(notices.len() >= 12, "{notices:?}");
    for path in notices {
        let html = String::from_utf8_lossy(&files[path]).into_owned();
        let (table, body) = (
            html.find("<table class=\"disclosure\">"),
            html.find("<div class=\"prose"),
        );
        assert!(
            table.is_some() && body.is_some() && table < body,
            "{path}: the table comes before the body"
        );
        let headers: Vec<String> = disclosure(&page(&files, path)).into_iter().map(|(h, _)| h).collect();
        assert_eq!(headers[0], "索引号", "{path}");
        assert!(headers.contains(&"主题分类".to_owned()), "{path}");
    }
}

/// Recorded values are shown as recorded; `written` defaults to `date`,
/// `topic` to `disclosure.topic`.
#[test]
fn recorded_values_and_defaults() {
    let (_dir, files) = content_site();
    assert_eq!(
        disclosure(&page(&files, "notices/2023-result/index.html")),
        rows(&[
            ("索引号", "11330300000000000X/2024-00003"),
            ("发布机构", "温州市人民政府"),
            ("成文日期", "2024年12月6日"),
            ("发布日期", "2024年12月6日"),
            ("文号", "温政发〔2024〕31号"),
            ("主题分类", "市场监管、安全生产监管/质量监督"),
        ])
    );
    // `publisher` defaults to the office's host; `written` recorded.
    assert_eq!(
        disclosure(&page(&files, "notices/training-2025/index.html")),
        rows(&[
            ("索引号", "11330300000000000X/2025-00001"),
            ("发布机构", "温州市市场监督管理局"),
            ("成文日期", "2025年3月10日"),
            ("发布日期", "2025年3月12日"),
            ("文号", "温市质奖办〔2025〕2号"),
            ("主题分类", "市场监管、安全生产监管/质量监督"),
        ])
    );
    let doc = page(&files, "notices/training-2025/index.html");
    let times: Vec<_> = doc
        .select(&sel("table.disclosure time"))
        .filter_map(|t| t.value().attr("datetime"))
        .collect();
    assert_eq!(times, ["2025-03-10", "2025-03-12"]);
    // No 文号 recorded: no 文号 row.
    assert_eq!(
        disclosure(&page(&files, "notices/2023-publicity/index.html")),
        rows(&[
            ("索引号", "11330300000000000X/2024-00002"),
            ("发布机构", "温州市市场监督管理局"),
            ("成文日期", "2024年10月28日"),
            ("发布日期", "2024年10月28日"),
            ("主题分类", "市场监管、安全生产监管/质量监督"),
        ])
    );
}

/// A notice's own `topic` wins over the programme's; without either, and
/// without an `index_no`, those rows are left out rather than shown empty.
#[test]
fn rows_without_a_value_are_left_out() {
    let tree = tree_with(None);
    let root = tree.path();
    edit_file(
        &root.join("notices/2024-call.md"),
        "kind: call\n",
        "kind: call\ntopic: 综合政务/通知公告\n",
    );
    let (_dir, files) = build(root, "2025-12-31");
    let call = disclosure(&page(&files, "notices/2024-call/index.html"));
    assert_eq!(
        call.last(),
        Some(&("主题分类".to_owned(), "综合政务/通知公告".to_owned()))
    );
    let publicity = disclosure(&page(&files, "notices/2024-publicity/index.html"));
    assert_eq!(publicity.last(), Some(&("主题分类".to_owned(), "质量监督".to_owned())));

    edit_file(&root.join("programme.yaml"), "  topic: 质量监督\n", "");
    edit_file(
        &root.join("notices/2024-publicity.md"),
        "\nindex_no: 11330300000000000X/2025-00002",
        "",
    );
    let (_dir, files) = build(root, "2025-12-31");
    assert_eq!(
        disclosure(&page(&files, "notices/2024-publicity/index.html")),
        rows(&[
            ("发布机构", "温州市市场监督管理局"),
            ("成文日期", "2025年10月8日"),
            ("发布日期", "2025年10月8日"),
        ])
    );
}

/// The `href` of the one element `css` matches, and its `rel`.
fn link(doc: &Html, css: &str) -> (String, String) {
    let found: Vec<_> = doc.select(&sel(css)).collect();
    assert_eq!(found.len(), 1, "{css}");
    let attr = |name| found[0].value().attr(name).unwrap_or_default().to_owned();
    (attr("href"), attr("rel"))
}

const REL: &str = "noopener noreferrer";

#[test]
fn footer_marks_link_to_their_registers() {
    let (_dir, files) = content_site();
    for (path, url) in [
        ("index.html", "https%3A%2F%2Fexample.gov.cn%2Fzlj%2F"),
        (
            "notices/2023-call/index.html",
            "https%3A%2F%2Fexample.gov.cn%2Fzlj%2Fnotices%2F2023-call%2F",
        ),
        (
            "winners/2023/longwan-stainless/index.html",
            "https%3A%2F%2Fexample.gov.cn%2Fzlj%2Fwinners%2F2023%2Flongwan-stainless%2F",
        ),
    ] {
        let doc = page(&files, path);
        assert_eq!(
            link(&doc, ".site-footer a.footer-icp"),
            ("https://beian.miit.gov.cn/".to_owned(), REL.to_owned())
        );
        assert_eq!(texts(&doc, ".site-footer a.footer-icp"), ["浙ICP备00000000号"]);
        assert_eq!(
            link(&doc, ".site-footer a.footer-police"),
            (
                "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33030202000000".to_owned(),
                REL.to_owned()
            )
        );
        assert_eq!(
            texts(&doc, ".site-footer a.footer-police"),
            ["浙公网安备33030202000000号"]
        );
        assert_eq!(
            link(&doc, ".site-footer a.footer-dzjg"),
            (
                "https://bszs.conac.cn/sitename?method=show&id=0000000000000000000000000000000D".to_owned(),
                REL.to_owned()
            )
        );
        assert_eq!(
            link(&doc, ".site-footer a.footer-jiucuo"),
            (
                format!("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=0000000000&url={url}"),
                REL.to_owned()
            )
        );
        assert_eq!(texts(&doc, ".site-footer a.footer-jiucuo"), ["我为政府网站找错"]);
        // The mark is a local image with its name as its text.
        let img: Vec<_> = doc.select(&sel(".site-footer a.footer-dzjg img")).collect();
        assert_eq!(img.len(), 1);
        assert_eq!(img[0].value().attr("alt"), Some("党政机关网站标识"));
        let src = img[0].value().attr("src").unwrap_or_default();
        let depth = path.matches('/').count();
        assert_eq!(src, format!("{}assets/dzjg.svg", "../".repeat(depth)));
    }
    let svg = String::from_utf8_lossy(&files["assets/dzjg.svg"]).into_owned();
    assert!(svg.starts_with("<svg ") && svg.contains("党政机关"), "{svg}");
    assert!(!svg.contains("href"), "the mark loads nothing: {svg}");
}

/// The 网站标识码 and the page URL are query values: every character but
/// the unreserved ones is percent-encoded, so neither can end the
/// parameter, add one, or leave the attribute.
#[test]
fn the_error_report_link_encodes_its_values() {
    let tree = tree_with(None);
    let root = tree.path();
    edit_file(
        &root.join("programme.yaml"),
        "site_code: \"3303000000\"",
        "site_code: '33 03&url=x#\"<b>'",
    );
    let (_dir, files) = build(root, "2025-12-31");
    let doc = page(&files, "notices/2024-call/index.html");
    assert_eq!(
        link(&doc, ".site-footer a.footer-jiucuo").0,
        "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=33%2003%26url%3Dx%23%22%3Cb%3E&url=https%3A%2F%2Fexample.gov.cn%2Fzlj%2Fnotices%2F2024-call%2F"
    );
    let html = String::from_utf8_lossy(&files["notices/2024-call/index.html"]).into_owned();
    assert!(
        html.contains("site_code=33%2003%26url%3Dx%23%22%3Cb%3E&amp;url=https%3A%2F%2F"),
        "the & is escaped in the attribute"
    );
}

/// Only what `site.footer` configures is shown: without the optional
/// fields there is no mark, no link off the site and no SiteCode; a
/// 公安备案号 without digits is shown as text, not linked.
#[test]
fn no_mark_that_is_not_configured() {
    let tree = tree_with(None);
    let root = tree.path();
    edit_file(
        &root.join("programme.yaml"),
        "    site_code: \"3303000000\"\n    icp: 浙ICP备00000000号\n    police: 浙公网安备00000000000000号\n",
        "",
    );
    let (_dir, files) = build(root, "2025-12-31");
    for path in ["index.html", "notices/2024-call/index.html", "404.html"] {
        let doc = page(&files, path);
        for css in [
            ".footer-icp",
            ".footer-police",
            ".footer-dzjg",
            ".footer-jiucuo",
            ".footer-marks",
            "meta[name=SiteCode]",
            "a[href^=\"http\"]",
        ] {
            assert_eq!(doc.select(&sel(css)).count(), 0, "{path}: {css}");
        }
        let footer = texts(&doc, ".site-footer").join("");
        assert!(footer.contains("主办单位：温州市人民政府（演示）"), "{footer}");
        for absent in ["网站标识码", "ICP", "公网安备", "找错"] {
            assert!(!footer.contains(absent), "{path}: {absent} in {footer}");
        }
    }

    edit_file(
        &root.join("programme.yaml"),
        "    contact: 0577-00000000\n",
        "    police: 浙公网安备（办理中）\n    contact: 0577-00000000\n",
    );
    let (_dir, files) = build(root, "2025-12-31");
    let doc = page(&files, "index.html");
    assert_eq!(doc.select(&sel(".footer-police")).count(), 0);
    assert_eq!(texts(&doc, ".footer-marks .footer-item"), ["浙公网安备（办理中）"]);
}
