//! `qaward status` on the embedded content.

use crate::support::{manifest_dir, qaward, replaced, tree_with};

#[test]
fn status_of_the_cycle_in_progress() {
    let out = qaward(
        &manifest_dir(),
        &["status", "--root", "content", "--as-of", "2026-11-27"],
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("status_2025", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn status_of_a_finished_cycle_in_english() {
    let out = qaward(
        &manifest_dir(),
        &[
            "status",
            "2024",
            "--root",
            "content",
            "--as-of",
            "2026-11-27",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("status_2024_en", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn status_counts_notices_owed_and_reports_unknown_years() {
    let tree = tree_with(None);
    let app = tree.path().join("cycles/2024/applications/beta.yaml");
    let text = std::fs::read_to_string(&app).expect("read");
    let cut = text.find("material:").expect("material section");
    let failed = replaced(
        &text[..cut],
        "result: passed\n  date: 2025-06-10",
        "result: failed\n  date: 2025-06-10\n  reason: 不符合条件",
    );
    std::fs::write(&app, failed).expect("write");
    let out = qaward(tree.path(), &["status", "--as-of", "2025-07-01"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("待书面告知：资格审查 1 份（beta）"), "{text}");
    let out = qaward(tree.path(), &["status", "1999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no cycle `1999`"));
}

/// Scores come before results: a material review scored and not yet
/// decided is listed, and flagged once the review's last day has passed.
#[test]
fn status_lists_scored_reviews_awaiting_their_result() {
    let case = manifest_dir().join("tests/cases/stage-sequence-undecided-pass/tree");
    let tree = tree_with(Some(&case));
    let during = qaward(tree.path(), &["status", "2025", "--as-of", "2026-07-20"]);
    let text = String::from_utf8_lossy(&during.stdout);
    assert!(text.contains("资料评审已评分待定：1 份（gamma）\n"), "{text}");
    let after = qaward(tree.path(), &["status", "2025", "--as-of", "2026-07-21"]);
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(
        text.contains("资料评审已评分待定：1 份（gamma），评审已结束，请记录结果\n"),
        "{text}"
    );
    let english = qaward(
        tree.path(),
        &["status", "2025", "--as-of", "2026-07-21", "--lang", "en"],
    );
    let text = String::from_utf8_lossy(&english.stdout);
    assert!(
        text.contains("material review scored, result to come: 1 (gamma); the review is over, record the results\n"),
        "{text}"
    );
}
