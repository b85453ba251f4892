//! The CI templates of `templates/` and `.pre-commit-hooks.yaml`: they
//! parse, they keep their schedule and reports, and every `qaward` command
//! line in them uses only flags the command has.

use std::collections::BTreeSet;

use crate::support::{manifest_dir, qaward};

const FILES: [&str; 4] = [
    "templates/github/validate.yml",
    "templates/github/publish.yml",
    "templates/gitlab/.gitlab-ci.yml",
    ".pre-commit-hooks.yaml",
];

fn read(file: &str) -> String {
    std::fs::read_to_string(manifest_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn yaml(file: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn templates_keep_their_triggers_and_reports() {
    let validate = yaml("templates/github/validate.yml");
    assert!(validate["on"].get("pull_request").is_some());
    let publish = yaml("templates/github/publish.yml");
    assert_eq!(publish["on"]["push"]["branches"][0], "main");
    assert_eq!(
        publish["on"]["schedule"][0]["cron"], "5 16 * * *",
        "00:05 in Asia/Shanghai"
    );
    assert!(read("templates/github/publish.yml").contains("--as-of \"$as_of\""));
    let gitlab = yaml("templates/gitlab/.gitlab-ci.yml");
    let reports = &gitlab["validate"]["artifacts"]["reports"];
    assert_eq!(reports["codequality"], "gl-code-quality-report.json");
    assert_eq!(reports["junit"], "qaward-junit.xml");
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");
    let hooks = yaml(".pre-commit-hooks.yaml");
    assert_eq!(hooks[0]["id"], "qaward-validate");
    assert_eq!(hooks[0]["pass_filenames"], false);
    let ignore = read("templates/.gitignore");
    assert!(ignore.lines().any(|l| l == "public/") && ignore.lines().any(|l| l == "internal/"));
}

/// `(subcommand, flags)` of every `qaward` command line in `text`, with
/// `\` continuations joined.
fn command_lines(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let joined = text.replace("\\\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let mut words = line
            .split_whitespace()
            .skip_while(|w| *w != "qaward" && !w.ends_with("qaward"));
        if words.next().is_none() {
            continue;
        }
        let Some(sub) = words.next() else { continue };
        if !["validate", "build", "diff", "status"].contains(&sub) {
            continue;
        }
        let flags = words
            .filter_map(|w| w.trim_start_matches("${changed[@]:+").strip_prefix("--"))
            .map(|f| f.trim_end_matches(['"', '}', ';']).to_owned())
            .map(|f| format!("--{f}"))
            .collect();
        out.push((sub.to_owned(), flags));
    }
    out
}

#[test]
fn template_command_lines_use_real_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut seen = 0;
    let mut all = BTreeSet::new();
    for file in FILES {
        for (sub, flags) in command_lines(&read(file)) {
            let help = qaward(dir.path(), &[&sub, "--help"]);
            let help = String::from_utf8_lossy(&help.stdout);
            for flag in &flags {
                assert!(help.contains(flag.as_str()), "{file}: `qaward {sub}` has no `{flag}`");
            }
            all.extend(flags);
            seen += 1;
        }
    }
    assert!(seen >= 8, "found {seen} qaward command lines");
    for flag in ["--root", "--changed", "--format", "--as-of", "--base-url", "--out"] {
        assert!(all.contains(flag), "{flag} not found in {all:?}");
    }
}
