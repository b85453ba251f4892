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
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["qaward-validate-download", "qaward-validate-system", "qaward-validate"]
    );
    assert!(hooks.iter().all(|h| h["pass_filenames"] == false));
    assert_eq!(hooks[0]["entry"], "scripts/pre-commit-download.sh");
    let release = yaml("templates/gitlab/release.gitlab-ci.yml");
    assert_eq!(release["workflow"]["rules"][0]["if"], "$CI_COMMIT_TAG =~ /^v/");
    assert_eq!(release["release"]["release"]["tag_name"], "$CI_COMMIT_TAG");
    let attributes = read("templates/.gitattributes");
    assert!(attributes.lines().any(|l| l == "* text=auto eol=lf"), "{attributes}");
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

/// The lines between the `# >>>` and `# <<<` markers of the download step,
/// unindented.
fn install_block(text: &str) -> String {
    let marker = text
        .find("# >>> 下载并安装 qaward")
        .expect("the download step's start marker");
    let end = text
        .find("# <<< 下载并安装 qaward")
        .expect("the download step's end marker");
    let start = text[..marker].rfind('\n').map_or(0, |i| i + 1);
    let indent = marker - start;
    text[start..end]
        .lines()
        .map(|line| line.get(indent.min(line.len())..).unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

/// Every template downloads qaward with the same script, which refuses an
/// archive whose SHA-256 is not the one SHA256SUMS gives.
#[test]
fn every_template_downloads_with_the_same_checked_step() {
    let reference = install_block(&read("templates/github/validate.yml"));
    for file in [
        "templates/github/publish.yml",
        "templates/gitlab/.gitlab-ci.yml",
        "scripts/pre-commit-download.sh",
    ] {
        assert_eq!(
            install_block(&read(file)),
            reference,
            "{file}: the download step differs"
        );
    }
    for needed in ["SHA256SUMS", "sha256sum", "-c -", "exit 1", "QAWARD_VERSION"] {
        assert!(reference.contains(needed), "the download step lacks `{needed}`");
    }
}

/// The content repository is confidential: every GitHub job that runs
/// steps first checks that the repository is private, and every GitLab
/// job first refuses a public project.
#[test]
fn templates_refuse_a_public_repository_first() {
    for file in ["templates/github/validate.yml", "templates/github/publish.yml"] {
        let workflow = yaml(file);
        let jobs = workflow["jobs"].as_mapping().expect("jobs");
        for (name, job) in jobs {
            let steps = job["steps"].as_sequence().map(Vec::as_slice).unwrap_or_default();
            if !steps.iter().any(|s| s.get("run").is_some()) {
                // Runs no shell (deploy-pages): only after a job that checked.
                assert!(
                    job.get("needs").is_some(),
                    "{file}: job {name:?} runs without a checked job first"
                );
                continue;
            }
            let first = &steps[0];
            assert_eq!(
                first["env"]["REPOSITORY_PRIVATE"], "${{ github.event.repository.private }}",
                "{file}: job {name:?} does not check first that the repository is private"
            );
            let run = first["run"].as_str().expect("run");
            assert!(run.contains("!= \"true\"") && run.contains("exit 1"), "{file}: {run}");
        }
    }
    let gitlab = yaml("templates/gitlab/.gitlab-ci.yml");
    let first = gitlab[".qaward"]["before_script"][0].as_str().expect("before_script");
    assert!(
        first.contains("CI_PROJECT_VISIBILITY") && first.contains("exit 1"),
        "{first}"
    );
    for job in ["validate", "diff", "pages"] {
        assert_eq!(gitlab[job]["extends"], ".qaward", "{job}");
    }
    for file in ["templates/README.md", "README.md", "docs/zh/使用指南.md"] {
        assert!(
            read(file).contains("私有"),
            "{file} does not say the repository must be private"
        );
    }
}
