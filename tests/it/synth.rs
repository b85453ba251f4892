//! The benchmark's synthetic programme (`examples/synth.rs`, run by
//! `bench/run.sh`) stays valid: the generator's own code, included here,
//! writes small programmes that `validate --deny-warnings` passes without a
//! finding and that `build` turns into a site. When the content format or
//! a rule changes, this test fails before the benchmark silently measures
//! a programme full of errors.

#[path = "../../examples/synth/generator.rs"]
mod generator;

use std::path::Path;

use crate::support::{findings, qaward, read_tree, validate_json};

fn generate(dir: &Path, cycles: u32, applications: u32, seed: u64) -> generator::Summary {
    generator::generate(&generator::Options {
        cycles,
        applications,
        seed,
        out: dir.join("content"),
        hugo: Some(dir.join("hugo")),
        one_org_per_application: false,
    })
    .expect("generate")
}

fn count_files(dir: &Path, name: &str) -> usize {
    read_tree(dir).keys().filter(|k| k.ends_with(name)).count()
}

/// Validates and builds the programme in `dir`, checking the site against
/// the summary.
fn validates_and_builds(dir: &Path, summary: &generator::Summary) {
    let (code, json) = validate_json(&dir.join("content"), &["--deny-warnings"]);
    assert_eq!(findings(&json), Vec::<String>::new(), "{json:#}");
    assert_eq!(code, 0);

    let as_of = summary.as_of.to_string();
    let out = qaward(dir, &["build", "--root", "content", "--out", "site", "--as-of", &as_of]);
    assert!(
        out.status.success(),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.join("site");
    // One page per winner, one per year, one per notice.
    let winners = read_tree(&site.join("winners"));
    let pages = winners.keys().filter(|k| k.starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(pages.count(), summary.winners);
    for year in summary.first_year..=summary.last_year {
        assert!(site.join(format!("{year}/index.html")).is_file(), "{year}");
    }
    let notices = read_tree(&site.join("notices"));
    let pages = notices
        .keys()
        .filter(|k| k.ends_with("/index.html") && !k.starts_with("page/"));
    assert_eq!(pages.count(), summary.notices);

    // The Hugo twin has the same winner, year and notice pages.
    let hugo = dir.join("hugo/content");
    assert_eq!(count_files(&hugo.join("winners"), "/index.md"), summary.winners);
    let years = usize::try_from(summary.last_year - summary.first_year + 1).expect("years");
    assert_eq!(count_files(&hugo.join("years"), ".md") - 1, years);
    assert_eq!(count_files(&hugo.join("notices"), ".md") - 1, summary.notices);
}

#[test]
fn a_small_synthetic_programme_is_valid_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = generate(dir.path(), 3, 60, 1);
    assert_eq!(summary.applications, 60);
    assert_eq!(count_files(&dir.path().join("content/cycles"), ".yaml"), 60 + 3);
    assert!(summary.winners > 0 && summary.failed > 0);
    // 第三条: at most one application a year, so more organisations than
    // applications in a cycle; experts for the review groups.
    assert!(summary.organizations >= 20 && summary.experts >= 24, "{summary:?}");
    validates_and_builds(dir.path(), &summary);
}

/// A seed whose programme has every rarer record: a withdrawal, failed
/// qualifications, an upheld objection, a revocation (with its ban on
/// later applications) and a cancellation.
#[test]
fn every_kind_of_record_stays_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = generate(dir.path(), 8, 240, 6);
    assert!(summary.withdrawn > 0, "{summary:?}");
    assert!(summary.upheld > 0, "{summary:?}");
    assert!(summary.revoked > 0 && summary.cancelled > 0, "{summary:?}");
    validates_and_builds(dir.path(), &summary);
}

/// `--one-org-per-application` (`ORGS=per-application bench/run.sh`, the
/// shape that costs the most memory): no organisation applies twice, so
/// there is an organisation file for every application, and the
/// programme is as valid as the default one.
#[test]
fn one_organisation_per_application_is_valid_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = generator::generate(&generator::Options {
        cycles: 3,
        applications: 60,
        seed: 1,
        out: dir.path().join("content"),
        hugo: Some(dir.path().join("hugo")),
        one_org_per_application: true,
    })
    .expect("generate");
    let cycles = read_tree(&dir.path().join("content/cycles"));
    let mut applicants: Vec<String> = cycles
        .values()
        .flat_map(|bytes| {
            String::from_utf8_lossy(bytes)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter_map(|line| line.strip_prefix("organization: ").map(str::to_owned))
        .collect();
    assert_eq!(applicants.len(), 60);
    applicants.sort();
    applicants.dedup();
    assert_eq!(applicants.len(), 60, "an organisation applied twice");
    assert!(summary.organizations >= 60, "{summary:?}");
    assert_eq!(
        count_files(&dir.path().join("content/organizations"), ".yaml"),
        summary.organizations
    );
    validates_and_builds(dir.path(), &summary);
}

#[test]
fn the_generator_is_deterministic() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    generate(a.path(), 4, 80, 42);
    generate(b.path(), 4, 80, 42);
    assert!(
        read_tree(a.path()) == read_tree(b.path()),
        "same seed, different output"
    );
    let c = tempfile::tempdir().expect("temp dir");
    generate(c.path(), 4, 80, 43);
    assert!(read_tree(a.path()) != read_tree(c.path()), "the seed changes nothing");
}

#[test]
fn the_generator_refuses_a_folder_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "keep").expect("write");
    let err = generator::generate(&generator::Options {
        cycles: 1,
        applications: 10,
        seed: 1,
        out: dir.path().to_path_buf(),
        hugo: None,
        one_org_per_application: false,
    })
    .expect_err("a non-empty folder");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(read_tree(dir.path()).len(), 1);
}

/// SPEC section 9, page weight: the roll of honour and its region and
/// industry listings are cut into pages of 200 winners (the first page at
/// the listing's own address, the others at `…/page/N/`), which together
/// list every winner once, link to one another, and link to every year.
/// (At this size only the roll has more than 200 winners; the listings
/// share its code and are held to the same bounds.)
#[test]
fn the_roll_of_honour_and_its_listings_are_split_into_pages() {
    use scraper::{Html, Selector};
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = generate(dir.path(), 2, 2400, 3);
    assert!(summary.winners > 200, "{summary:?}");
    let as_of = summary.as_of.to_string();
    let out = qaward(
        dir.path(),
        &["build", "--root", "content", "--out", "site", "--as-of", &as_of],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site = read_tree(&dir.path().join("site"));
    let rows = Selector::parse("table.data tbody tr td.wrap-cell a").expect("selector");
    let pager = Selector::parse(".pagination a, .pagination [aria-current=page]").expect("selector");
    let title = Selector::parse("title").expect("selector");
    // Each listing: its first page and its further pages.
    let mut listings: Vec<&str> = vec!["winners/"];
    listings.extend(
        site.keys()
            .filter(|k| {
                (k.starts_with("winners/region/") || k.starts_with("winners/industry/")) && k.matches('/').count() == 3
            })
            .map(|k| k.trim_end_matches("index.html")),
    );
    let mut split = 0;
    let (mut in_regions, mut in_industries) = (0, 0);
    for first in listings {
        let mut listed = Vec::new();
        let mut number = 1;
        loop {
            let path = if number == 1 {
                format!("{first}index.html")
            } else {
                format!("{first}page/{number}/index.html")
            };
            let Some(bytes) = site.get(&path) else { break };
            assert!(bytes.len() < 300_000, "{path}: {} bytes", bytes.len());
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            let here: Vec<String> = doc
                .select(&rows)
                .filter_map(|a| a.value().attr("href").map(str::to_owned))
                .collect();
            assert!(!here.is_empty() && here.len() <= 200, "{path}: {} rows", here.len());
            if number > 1 {
                let t: String = doc.select(&title).flat_map(|t| t.text()).collect();
                assert!(t.ends_with(&format!("（第{number}页）")), "{path}: {t}");
            }
            listed.extend(here.into_iter().map(|h| h.trim_start_matches("../").to_owned()));
            number += 1;
        }
        let pages = number - 1;
        if pages > 1 {
            split += 1;
            let doc = Html::parse_document(&String::from_utf8_lossy(&site[&format!("{first}index.html")]));
            assert_eq!(doc.select(&pager).count(), pages + 1, "{first}: every page and 下一页");
        }
        let unique: std::collections::BTreeSet<&String> = listed.iter().collect();
        assert_eq!(unique.len(), listed.len(), "{first}: a winner listed twice");
        if first.starts_with("winners/region/") {
            in_regions += listed.len();
        } else if first.starts_with("winners/industry/") {
            in_industries += listed.len();
        }
        if first == "winners/" {
            assert_eq!(listed.len(), summary.winners, "the roll lists every winner");
            assert!(pages > 1, "the roll is split");
            let roll = String::from_utf8_lossy(&site["winners/index.html"]).into_owned();
            for year in summary.first_year..=summary.last_year {
                assert!(roll.contains(&format!(">{year}年度</a>")), "the roll links {year}");
            }
        }
    }
    assert!(split >= 1, "the roll is split");
    // Every winner is in one region's listing and one industry's.
    assert_eq!(in_regions, summary.winners);
    assert_eq!(in_industries, summary.winners);
}
