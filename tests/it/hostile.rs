//! Hostile input: what a careless or malicious pull request can put into a
//! content repository, and what qaward must do with it.
//!
//! Most hostile inputs are plain content trees and live as cases
//! (`tests/cases/hostile-*`, run by `cases.rs`). This file holds what a case
//! folder cannot say: time limits and crashes, symlinks (which do not travel
//! in a case folder), themes, the wording of messages, and checks of every
//! file of a site built from `tests/fixtures/hostile/`, whose public strings
//! all carry markup. `docs/robustness.md` lists every case.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};

use crate::support::{
    copy_tree, edit_file, findings, manifest_dir, page, qaward, read_tree, replaced, texts, tree_with,
};

/// The payload every public string of `tests/fixtures/hostile/` ends with.
const PAYLOAD: &str = concat!(
    "<script>alert(1)</script>\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">j</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
    "<b <!-- c --> ]]> {{ 7*7 }} {% if true %}T{% endif %} {# x #}",
);

/// The fixture's `site.base_url`.
const BASE_URL: &str = "https://example.gov.cn/zlj/";

/// The publication date the hostile site is built for: after every date in it.
const AS_OF: &str = "2026-01-01";

// ------------------------------------------------------------------ running

/// Runs the binary in `cwd` with a time limit; `None` when it had to be killed.
fn qaward_within(cwd: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(cwd)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qaward");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for qaward") {
            break Some(status);
        }
        if started.elapsed() > limit {
            // Only this child, which this test started.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    status.map(|status| Output { status, stdout, stderr })
}

/// `validate --format json` on `root` within `limit`: the findings, or what
/// went wrong (killed, crashed, no JSON).
fn findings_within(root: &Path, limit: Duration) -> Result<Vec<String>, String> {
    let started = Instant::now();
    let out = qaward_within(root, &["validate", "--format", "json", "--root", "."], limit)
        .ok_or_else(|| format!("`validate` did not finish within {limit:?} and was killed"))?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "`validate` ended ({}) after {:?} without JSON ({e}); stderr: {}",
            out.status,
            started.elapsed(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .take(3)
                .collect::<Vec<_>>()
                .join(" / ")
        )
    })?;
    Ok(findings(&json))
}

/// `validate --format json --lang LANG` on `root`: the diagnostics.
fn diagnostics(root: &Path, lang: &str) -> Vec<serde_json::Value> {
    let out = qaward(root, &["validate", "--format", "json", "--root", ".", "--lang", lang]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("validate prints JSON");
    json["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// `build --root . --out OUT --as-of AS_OF` plus `extra`, run in `root`.
fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["build", "--root", ".", "--out", out.as_str(), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    qaward(root, &args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `s` as a single-quoted YAML scalar.
fn yaml_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A repository holding the base fixture as `content/`, with room for
/// `themes/` and `outside/` beside it.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp dir");
    copy_tree(
        &manifest_dir().join("tests/fixtures/base"),
        &repo.path().join("content"),
    );
    repo
}

// ------------------------------------------------------------ YAML limits

fn organization_with(tail: &str) -> String {
    format!(
        "name: 温州示例电气有限公司\nuscc: 91330302MA2ABCDE11\nestablished: 2000-01-01\nrecommender: lucheng\nindustry: electrical\n{tail}"
    )
}

/// Billion laughs: the 9 × 9 bomb of the case `hostile-alias-bomb-fail`, a
/// 12 × 10 one (refused at the alias where the expansion passes the
/// parser's budget of 100 000 nodes: the 8th on line 10), and one that hides
/// its fan-out in mapping keys, which the parser's node count does not
/// enter. Each must be a `yaml` finding on the bomb's lines, fast.
#[test]
fn alias_bombs_are_refused_quickly() {
    let case = manifest_dir().join("tests/cases/hostile-alias-bomb-fail/tree/organizations/alpha.yaml");
    let nine = std::fs::read_to_string(case).expect("the alias-bomb case");
    let mut twelve = organization_with("x0: &a0 [");
    twelve.push_str(&["\"lol\""; 10].join(", "));
    twelve.push_str("]\n");
    for i in 1..=12 {
        twelve.push_str(&format!(
            "x{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    let mut keys = organization_with(
        "x0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 1..=7 {
        let entries: Vec<String> = (0..9).map(|j| format!("? [*a{}, {j}] : {j}", i - 1)).collect();
        keys.push_str(&format!("x{i}: &a{i} {{{}}}\n", entries.join(", ")));
    }
    let mut failures = Vec::new();
    for (name, yaml, expected) in [
        ("9 × 9 sequences", nine, Some("yaml organizations/alpha.yaml:11:10")),
        ("12 × 10 sequences", twelve, Some("yaml organizations/alpha.yaml:10:45")),
        // Where a budget that counts keys would stop is the fix's choice:
        // any `yaml` finding on the anchors' lines 6 to 13.
        ("7 × 9 mapping keys", keys, None),
    ] {
        let tree = tree_with(None);
        std::fs::write(tree.path().join("organizations/alpha.yaml"), &yaml).expect("write bomb");
        let started = Instant::now();
        match findings_within(tree.path(), Duration::from_secs(10)) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(found) => {
                let ok = match expected {
                    Some(line) => found == [line],
                    None => {
                        found.len() == 1
                            && (6..=13).any(|l| found[0].starts_with(&format!("yaml organizations/alpha.yaml:{l}:")))
                    }
                };
                if !ok {
                    failures.push(format!("{name}: {found:?} after {:?}", started.elapsed()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Nesting far beyond the limit of 64 levels, in files well under the 8 MiB
/// limit: refused with one `yaml` finding at the first collection too deep
/// (level 65; the root mapping is level 1), quickly and without a crash.
#[test]
fn deep_nesting_is_refused_quickly_without_a_crash() {
    let n = 200_000;
    let inputs = [
        (
            "flow sequences `[[[…]]]`",
            replaced(
                &organization_with(""),
                "name: 温州示例电气有限公司",
                &format!("name: {}{}", "[".repeat(n), "]".repeat(n)),
            ),
            // `name: ` is 6 characters; the 64th `[` is level 65.
            "yaml organizations/alpha.yaml:1:70",
        ),
        (
            "flow mappings `{a: {a: …}}`",
            replaced(
                &organization_with(""),
                "name: 温州示例电气有限公司",
                &format!("name: {}1{}", "{a: ".repeat(n), "}".repeat(n)),
            ),
            "yaml organizations/alpha.yaml:1:259",
        ),
        (
            "compact block sequences `- - - …`",
            organization_with(&format!("sanctions:\n{}x\n", "- ".repeat(n / 2))),
            // The 64th `-` of line 7 opens level 65.
            "yaml organizations/alpha.yaml:7:127",
        ),
    ];
    let mut failures = Vec::new();
    for (name, yaml, expected) in inputs {
        let tree = tree_with(None);
        std::fs::write(tree.path().join("organizations/alpha.yaml"), &yaml).expect("write");
        let started = Instant::now();
        match findings_within(tree.path(), Duration::from_secs(15)) {
            Err(e) => failures.push(format!("{name} ({} KiB): {e}", yaml.len() / 1024)),
            Ok(found) if found != [expected] => {
                failures.push(format!(
                    "{name}: {found:?} after {:?}, want [{expected}]",
                    started.elapsed()
                ));
            }
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// In a CRLF file a finding's span stops before the carriage return.
#[test]
fn crlf_spans_end_before_the_carriage_return() {
    let case = manifest_dir().join("tests/cases/hostile-crlf-position-fail/tree");
    let tree = tree_with(Some(&case));
    let found = diagnostics(tree.path(), "en");
    let email = found
        .iter()
        .find(|d| d["file"] == "organizations/alpha.yaml")
        .expect("the email finding");
    let span: Vec<Option<u64>> = ["line", "column", "end_line", "end_column"]
        .iter()
        .map(|k| email[*k].as_u64())
        .collect();
    assert_eq!(span, [Some(10), Some(10), Some(10), Some(14)], "{email:#}");
    assert!(!email["message"].as_str().unwrap_or_default().contains('\r'));
}

/// The YAML 1.1 words of `hostile-yaml11-words-pass` reach the site as the
/// words written, not as booleans.
#[test]
fn yaml11_words_stay_text_on_the_site() {
    let tree = tree_with(Some(&manifest_dir().join("tests/cases/hostile-yaml11-words-pass/tree")));
    let out = tempfile::tempdir().expect("temp");
    let result = build(tree.path(), &out.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let files = read_tree(&out.path().join("public"));
    let h1 = |path: &str| texts(&page(&files, path), "h1");
    assert_eq!(h1("winners/2024/alpha/index.html"), ["no"]);
    assert_eq!(h1("notices/2024-call/index.html"), ["on"]);
    let data: serde_json::Value = serde_json::from_slice(&files["data/winners.json"]).expect("json");
    let alpha = data["winners"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["organization_id"] == "alpha"))
        .expect("alpha in the open data");
    let words: Vec<&str> = ["organization", "award", "industry"]
        .iter()
        .filter_map(|k| alpha[*k].as_str())
        .collect();
    assert_eq!(words, ["no", "yes", "off"]);
}

/// Unquoted values with a leading zero (`hostile-leading-zero-pass`) keep
/// every digit.
#[test]
fn leading_zero_values_keep_their_digits() {
    let tree = tree_with(Some(&manifest_dir().join("tests/cases/hostile-leading-zero-pass/tree")));
    let out = tempfile::tempdir().expect("temp");
    let result = build(tree.path(), &out.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let files = read_tree(&out.path().join("public"));
    let footer = texts(&page(&files, "index.html"), ".site-footer").join(" ");
    assert!(footer.contains("网站标识码：0330000000"), "{footer}");
    assert!(footer.contains("057700000000"), "{footer}");
}

/// A finding must tell a staff member what to write instead, in both
/// languages: not a regular expression, not a bare type name.
#[test]
fn messages_say_how_to_fix_the_value() {
    // (case, file of the finding, what each language's message must contain)
    let checks: &[(&str, &str, &[&str], &[&str])] = &[
        // A number where text is expected: say to quote it.
        (
            "hostile-numeric-uscc-fail",
            "organizations/alpha.yaml",
            &["引号"],
            &["quot"],
        ),
        // A date written as a number: say how to write a date.
        (
            "hostile-date-compact-fail",
            "cycles/2024/cycle.yaml",
            &["YYYY-MM-DD"],
            &["YYYY-MM-DD"],
        ),
        // An attachment path that leaves notices/files/: say what a path may be.
        (
            "hostile-attachment-parent-fail",
            "notices/2024-call.md",
            &["notices/files/"],
            &["notices/files/"],
        ),
        // A notice reference that is not an id: say what an id is.
        (
            "hostile-dotdot-notice-ref-fail",
            "cycles/2024/cycle.yaml",
            &["小写字母"],
            &["lowercase"],
        ),
    ];
    let mut failures = Vec::new();
    for (case, file, zh, en) in checks {
        let tree = tree_with(Some(&manifest_dir().join("tests/cases").join(case).join("tree")));
        for (lang, needles) in [("zh", zh), ("en", en)] {
            let found = diagnostics(tree.path(), lang);
            let Some(d) = found.iter().find(|d| d["file"] == *file) else {
                failures.push(format!("{case}: no finding in {file}"));
                continue;
            };
            let message = d["message"].as_str().unwrap_or_default();
            if needles.iter().any(|n| !message.contains(n)) || message.contains("^[") {
                failures.push(format!("{case} ({lang}): {message}"));
            }
        }
    }
    // The English message of a missing attachment is English.
    let tree = tree_with(Some(
        &manifest_dir().join("tests/cases/hostile-attachment-missing-fail/tree"),
    ));
    let found = diagnostics(tree.path(), "en");
    let message = found.first().and_then(|d| d["message"].as_str()).unwrap_or_default();
    if message.contains('下') {
        failures.push(format!("hostile-attachment-missing-fail (en): {message}"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// ------------------------------------------------------------------ symlinks

/// Canary text of files outside the content root.
#[cfg(unix)]
const OUTSIDE: &str = "OUTSIDE-THE-ROOT-7f3a";

/// A repository whose `content/` holds symlinks to files in `outside/`
/// beside it, each of which would be published if it were followed:
/// an organisation, a notice dated before the publication date, an
/// attachment and a folder of attachments.
#[cfg(unix)]
fn repository_with_symlinks() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let repo = repository();
    let outside = repo.path().join("outside");
    std::fs::create_dir_all(outside.join("folder")).expect("mkdir");
    std::fs::write(
        outside.join("org.yaml"),
        replaced(
            &organization_with(""),
            "温州示例电气有限公司",
            &format!("外部企业{OUTSIDE}"),
        ),
    )
    .expect("write");
    std::fs::write(
        outside.join("notice.md"),
        format!("---\ntitle: 外部公告{OUTSIDE}\ndate: 2025-05-01\nkind: general\n---\n外部正文{OUTSIDE}\n"),
    )
    .expect("write");
    std::fs::write(outside.join("secret.txt"), format!("{OUTSIDE}\n")).expect("write");
    std::fs::write(outside.join("folder/inner.txt"), format!("{OUTSIDE}\n")).expect("write");
    let content = repo.path().join("content");
    std::fs::create_dir_all(content.join("notices/files")).expect("mkdir");
    symlink(outside.join("org.yaml"), content.join("organizations/gamma.yaml")).expect("symlink");
    symlink("../../outside/notice.md", content.join("notices/leak.md")).expect("symlink");
    symlink("../../../outside/secret.txt", content.join("notices/files/leak.txt")).expect("symlink");
    symlink(outside.join("folder"), content.join("notices/files/folder")).expect("symlink");
    repo
}

/// Each symlink is a finding at the link itself, as a stray file is.
#[cfg(unix)]
#[test]
fn symlinks_in_content_are_reported_at_the_link() {
    let repo = repository_with_symlinks();
    let found = findings_within(&repo.path().join("content"), Duration::from_secs(30)).expect("validate");
    let missing: Vec<&str> = [
        "schema notices/files/folder:1:1",
        "schema notices/files/leak.txt:1:1",
        "schema notices/leak.md:1:1",
        "schema organizations/gamma.yaml:1:1",
    ]
    .into_iter()
    .filter(|want| !found.iter().any(|f| f == want))
    .collect();
    assert!(missing.is_empty(), "not reported: {missing:#?}\nfindings: {found:#?}");
}

/// Whatever `build` does with the symlinks, nothing of the files they
/// point at reaches the site: neither a linked notice nor, when a notice
/// names them, linked attachments.
#[cfg(unix)]
#[test]
fn symlinked_files_never_reach_the_site() {
    let repo = repository_with_symlinks();
    let content = repo.path().join("content");
    let check = |label: &str| {
        let out = repo.path().join(format!("public-{label}"));
        let result = build(&content, &out, &[]);
        let files = read_tree(&out);
        match result.status.code() {
            Some(0) => {
                assert!(files.len() > 20, "{label}: {} files", files.len());
                let leaks: Vec<&String> = files
                    .iter()
                    .filter(|(p, b)| {
                        p.contains("leak") || p.contains("folder/") || String::from_utf8_lossy(b).contains(OUTSIDE)
                    })
                    .map(|(p, _)| p)
                    .collect();
                assert!(leaks.is_empty(), "{label}: {leaks:?}");
            }
            Some(1) => assert!(files.is_empty(), "{label}: refused, yet wrote {:?}", files.keys()),
            _ => panic!("{label}: {}", text(&result)),
        }
    };
    check("unreferenced");
    let call = content.join("notices/2024-call.md");
    edit_file(
        &call,
        "year: 2024\n",
        "year: 2024\nattachments:\n  - title: 申报表\n    file: leak.txt\n  - title: 附件\n    file: folder/inner.txt\n",
    );
    check("referenced");
}

/// A theme whose files are symlinks to files outside it: a template that
/// would print the outside file, and a static file that would publish it.
#[cfg(unix)]
fn repository_with_theme_symlinks() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let repo = repository();
    let outside = repo.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(
        outside.join("base.html"),
        format!("<!DOCTYPE html><html lang=\"zh-CN\"><head><title>{{{{ page.title }}}}</title></head><body>{OUTSIDE}{{% block content %}}{{% endblock content %}}</body></html>\n"),
    )
    .expect("write");
    std::fs::write(outside.join("secret.txt"), format!("{OUTSIDE}\n")).expect("write");
    let theme = repo.path().join("themes/linked");
    std::fs::create_dir_all(theme.join("templates")).expect("mkdir");
    std::fs::create_dir_all(theme.join("static")).expect("mkdir");
    symlink(outside.join("base.html"), theme.join("templates/base.html")).expect("symlink");
    symlink(outside.join("secret.txt"), theme.join("static/leak.txt")).expect("symlink");
    repo
}

#[cfg(unix)]
#[test]
fn theme_symlinks_never_reach_the_site() {
    let repo = repository_with_theme_symlinks();
    let out = repo.path().join("public");
    let result = build(&repo.path().join("content"), &out, &["--theme", "linked"]);
    let files = read_tree(&out);
    match result.status.code() {
        Some(0) => {
            let leaks: Vec<&String> = files
                .iter()
                .filter(|(p, b)| p.contains("leak") || String::from_utf8_lossy(b).contains(OUTSIDE))
                .map(|(p, _)| p)
                .collect();
            assert!(leaks.is_empty(), "{leaks:?}");
        }
        Some(2) => assert!(files.is_empty(), "refused, yet wrote {:?}", files.keys()),
        _ => panic!("{}", text(&result)),
    }
}

/// A theme file that is a symlink is refused with a message naming it, not
/// silently replaced by the default file.
#[cfg(unix)]
#[test]
fn theme_symlinks_are_refused_by_name() {
    let repo = repository_with_theme_symlinks();
    let out = repo.path().join("public");
    let result = build(&repo.path().join("content"), &out, &["--theme", "linked"]);
    let message = text(&result);
    assert_eq!(result.status.code(), Some(2), "{message}");
    assert!(message.contains("templates/base.html"), "{message}");
    assert!(!out.exists());
}

/// `--theme` names a folder of `themes/`; it cannot reach a folder
/// elsewhere.
#[test]
fn theme_name_cannot_leave_the_themes_folder() {
    let repo = repository();
    let elsewhere = repo.path().join("elsewhere/templates");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::write(
        elsewhere.join("index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>ELSEWHERE-THEME</h1>{% endblock content %}\n",
    )
    .expect("write");
    // A real theme folder, so that `themes/../elsewhere` resolves.
    std::fs::create_dir_all(repo.path().join("themes/plain/static")).expect("mkdir");
    let absolute = repo.path().join("elsewhere").to_string_lossy().into_owned();
    let mut failures = Vec::new();
    for name in ["../elsewhere", absolute.as_str()] {
        let out = repo.path().join("public");
        let result = build(&repo.path().join("content"), &out, &["--theme", name]);
        let used = read_tree(&out)
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("ELSEWHERE-THEME"));
        if result.status.code() != Some(2) || used {
            failures.push(format!(
                "--theme {name}: exit {:?}, outside theme used: {used}",
                result.status.code()
            ));
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---------------------------------------------------------- broken themes

/// Builds the base content, then again with `themes/broken/` holding
/// `templates/index.html` = `template`: the second build must fail with
/// exit 2 and leave the first site byte for byte as it was. Returns the
/// failing build's output.
fn broken_theme_build(template: &str) -> String {
    let repo = repository();
    let content = repo.path().join("content");
    let out = repo.path().join("public");
    let first = build(&content, &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let before = read_tree(&out);
    assert!(before.len() > 20);
    let theme = repo.path().join("themes/broken/templates");
    std::fs::create_dir_all(&theme).expect("mkdir");
    std::fs::write(theme.join("index.html"), template).expect("write");
    let second = build(&content, &out, &["--theme", "broken"]);
    let message = text(&second);
    assert_eq!(second.status.code(), Some(2), "{message}");
    let after = read_tree(&out);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
    let leftovers: Vec<String> = std::fs::read_dir(repo.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    message
}

/// Whether `message` points at line `line` of a template.
fn names_line(message: &str, line: usize) -> bool {
    [
        format!("--> {line}:"),
        format!(":{line}:"),
        format!("line {line}"),
        format!("第{line}行"),
        format!("第 {line} 行"),
    ]
    .iter()
    .any(|needle| message.contains(needle.as_str()))
}

/// `{% if %}` never closed: tera notices at the `{% endblock %}` of line 5.
#[test]
fn unclosed_tag_in_a_theme_is_refused_and_the_old_site_kept() {
    let message = broken_theme_build(
        "{% extends \"base.html\" %}\n{% block content %}\n{% if site.title %}\n<p>未闭合</p>\n{% endblock content %}\n",
    );
    assert!(message.contains("index.html"), "{message}");
    assert!(names_line(&message, 5), "{message}");
    assert!(message.contains("endif"), "{message}");
}

/// An unknown filter on line 4: the message names the filter, the template
/// and the line.
#[test]
fn unknown_filter_in_a_theme_is_refused_with_its_line() {
    let message = broken_theme_build(
        "{% extends \"base.html\" %}\n{% block content %}\n<p>x</p>\n<p>{{ site.title | nosuchfilter }}</p>\n{% endblock content %}\n",
    );
    assert!(message.contains("index.html"), "{message}");
    assert!(message.contains("nosuchfilter"), "{message}");
    assert!(names_line(&message, 4), "{message}");
}

// ---------------------------------------------------- markup everywhere

fn fixture() -> std::path::PathBuf {
    manifest_dir().join("tests/fixtures/hostile")
}

fn yaml_file(rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture().join(rel)).expect("fixture file");
    let yaml = if rel.ends_with(".md") {
        qaward::load::split_front_matter(&text)
            .expect("front matter")
            .0
            .to_owned()
    } else {
        text
    };
    serde_yaml::from_str(&yaml).expect("fixture YAML")
}

/// The public plain-text fields of the fixture, as (file, JSON pointer).
const PUBLIC_FIELDS: &[(&str, &str)] = &[
    ("programme.yaml", "/name"),
    ("programme.yaml", "/issuer"),
    ("programme.yaml", "/office/name"),
    ("programme.yaml", "/office/host"),
    ("programme.yaml", "/site/title"),
    ("programme.yaml", "/site/footer/sponsor"),
    ("programme.yaml", "/site/footer/site_code"),
    ("programme.yaml", "/site/footer/icp"),
    ("programme.yaml", "/site/footer/police"),
    ("programme.yaml", "/site/footer/contact"),
    ("programme.yaml", "/disclosure/topic"),
    ("programme.yaml", "/awards/quality/name"),
    ("programme.yaml", "/awards/quality/title"),
    ("programme.yaml", "/awards/innovation/name"),
    ("programme.yaml", "/awards/innovation/title"),
    ("programme.yaml", "/recommenders/lucheng/name"),
    ("programme.yaml", "/recommenders/yueqing/name"),
    ("programme.yaml", "/recommenders/direct/name"),
    ("programme.yaml", "/industries/electrical/name"),
    ("programme.yaml", "/industries/digital-economy/name"),
    ("programme.yaml", "/regulations/0/document"),
    ("programme.yaml", "/regulations/0/title"),
    ("organizations/alpha.yaml", "/name"),
    ("organizations/beta.yaml", "/name"),
    ("organizations/beta.yaml", "/sanctions/0/document"),
    ("organizations/beta.yaml", "/sanctions/0/reason"),
    ("cycles/2024/cycle.yaml", "/publicity/contact/department"),
    ("cycles/2024/cycle.yaml", "/publicity/contact/phone"),
    ("cycles/2024/cycle.yaml", "/publicity/contact/address"),
    ("cycles/2024/cycle.yaml", "/decision/title"),
    ("cycles/2024/cycle.yaml", "/decision/document"),
    ("notices/2024-call.md", "/title"),
    ("notices/2024-call.md", "/document"),
    ("notices/2024-call.md", "/publisher"),
    ("notices/2024-call.md", "/attachments/0/title"),
    ("notices/2024-publicity.md", "/title"),
    ("notices/2024-result.md", "/title"),
    ("notices/2024-revocation.md", "/title"),
];

/// A field of the fixture, as text.
fn field(rel: &str, pointer: &str) -> String {
    yaml_file(rel)
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_else(|| panic!("{rel} {pointer}"))
        .to_owned()
}

/// File names that are legal in `notices/files/` and hostile in a page.
const HOSTILE_FILE_NAMES: [&str; 2] = ["x\"><img src=x onerror=alert(1)>.txt", "javascript:alert(1)"];

/// The hostile fixture, plus a notice whose attachments have hostile file
/// names (made here: such names do not belong in a git checkout), built.
fn hostile_site(extra: &[&str]) -> (tempfile::TempDir, Output, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path().join("content");
    copy_tree(&fixture(), &root);
    let mut front = format!(
        "---\ntitle: {}\ndate: 2025-12-02\nindex_no: 11330300000000000X/2025-00009\nkind: general\nattachments:\n",
        yaml_quote(&format!("附件公告{PAYLOAD}"))
    );
    for (i, name) in HOSTILE_FILE_NAMES.iter().enumerate() {
        std::fs::write(root.join("notices/files").join(name), "附件\n").expect("write attachment");
        front.push_str(&format!(
            "  - title: {}\n    file: {}\n",
            yaml_quote(&format!("附件{i}{PAYLOAD}")),
            yaml_quote(name)
        ));
    }
    front.push_str("---\n附件正文。\n");
    std::fs::write(root.join("notices/2024-files.md"), front).expect("write notice");
    let out = dir.path().join("public");
    let result = build(&root, &out, extra);
    let files = read_tree(&out);
    (dir, result, files)
}

/// The fixture validates with no finding at all, and its payloads are in
/// place (so that the checks below test something).
#[test]
fn hostile_fixture_is_valid_and_armed() {
    let out = qaward(
        &fixture(),
        &["validate", "--format", "json", "--root", ".", "--deny-warnings"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(findings(&json), Vec::<String>::new());
    assert_eq!(out.status.code(), Some(0));
    let unarmed: Vec<String> = PUBLIC_FIELDS
        .iter()
        .filter(|(rel, pointer)| !field(rel, pointer).ends_with(PAYLOAD))
        .map(|(rel, pointer)| format!("{rel} {pointer}"))
        .collect();
    assert!(unarmed.is_empty(), "fields without the payload: {unarmed:?}");
    for (rel, markdown) in [
        (
            "organizations/alpha.yaml",
            field("organizations/alpha.yaml", "/profile"),
        ),
        ("organizations/beta.yaml", field("organizations/beta.yaml", "/profile")),
        (
            "notices/2024-call.md",
            std::fs::read_to_string(fixture().join("notices/2024-call.md")).expect("read"),
        ),
    ] {
        for attack in [
            "<script>alert(1)</script>",
            "](javascript:alert(1))",
            "onerror=",
            "<iframe",
            "https://evil.example/",
        ] {
            assert!(markdown.contains(attack), "{rel} lacks {attack}");
        }
    }
}

/// What is wrong with one element of a built page, if anything.
/// The site's own 关怀模式 switch: a plain button of the page header.
fn care_switch(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let in_header = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value().name() == "header"
            && a.value()
                .has_class("site-header", scraper::CaseSensitivity::CaseSensitive)
    });
    v.id() == Some("care-toggle")
        && v.attr("type") == Some("button")
        && v.has_class("care-toggle", scraper::CaseSensitivity::CaseSensitive)
        && el.text().collect::<String>() == "关怀模式"
        && in_header
}

fn element_problems(path: &str, el: ElementRef<'_>, problems: &mut Vec<String>) {
    let v = el.value();
    let name = v.name();
    let search_page = path == "search/index.html";
    let own = match name {
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style" | "svg" | "math"
        | "template" | "portal" | "video" | "audio" | "source" | "track" | "noembed" | "noframes" => false,
        // The site's own form, on the search page only.
        "form" => {
            search_page
                && v.attr("action") == Some("./")
                && v.has_class("search-form", scraper::CaseSensitivity::CaseSensitive)
        }
        "input" => search_page && v.id() == Some("q"),
        "button" => (search_page && v.attr("type") == Some("submit")) || care_switch(el),
        "meta" => v.attr("charset").is_some() || matches!(v.attr("name"), Some("viewport" | "SiteCode")),
        "link" => matches!(v.attr("rel"), Some("canonical" | "alternate" | "icon" | "stylesheet")),
        // Scripts are counted by the caller.
        _ => true,
    };
    if !own {
        problems.push(format!(
            "{path}: <{name}> {:?}",
            el.html().chars().take(120).collect::<String>()
        ));
    }
    for (attr, value) in v.attrs() {
        let attr = attr.to_ascii_lowercase();
        if attr.starts_with("on") || matches!(attr.as_str(), "style" | "srcdoc" | "formaction") {
            problems.push(format!("{path}: <{name} {attr}={value:?}>"));
        }
        let is_url = matches!(
            attr.as_str(),
            "href" | "src" | "action" | "poster" | "data" | "cite" | "background" | "xlink:href" | "srcset" | "ping"
        );
        let squeezed: String = value
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        if is_url
            && ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| squeezed.starts_with(s))
        {
            problems.push(format!("{path}: <{name} {attr}={value:?}>"));
        }
    }
}

/// The only scripts a page of the site may load: 关怀模式's `care.js` on
/// every page (in `<head>`, from the page's way back to the site root, or
/// from `base_path` on the 404 page) and `search.js` on the search page.
fn page_scripts(path: &str, base_path: &str) -> Vec<String> {
    let root = if path == "404.html" {
        base_path.to_owned()
    } else {
        "../".repeat(path.matches('/').count())
    };
    let mut scripts = vec![format!("{root}assets/care.js")];
    if path == "search/index.html" {
        scripts.push(format!("{root}assets/search.js"));
    }
    scripts
}

/// Every problem of one HTML document or fragment; `scripts_allowed` lists
/// the `src` of the only script elements it may hold.
fn html_problems(path: &str, doc: &Html, scripts_allowed: &[&str], problems: &mut Vec<String>) {
    let all = Selector::parse("*").expect("selector");
    let mut scripts = Vec::new();
    for el in doc.select(&all) {
        if el.value().name() == "script" {
            let inline = el.text().collect::<String>();
            scripts.push(format!(
                "{}{}",
                el.value().attr("src").unwrap_or("(inline)"),
                if inline.trim().is_empty() {
                    ""
                } else {
                    " with inline code"
                }
            ));
        }
        element_problems(path, el, problems);
    }
    if scripts != scripts_allowed {
        problems.push(format!("{path}: scripts {scripts:?}, allowed {scripts_allowed:?}"));
    }
}

/// One XML element: its name and attributes (unescaped).
struct XmlElement {
    name: String,
    attrs: Vec<(String, String)>,
}

fn xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':'))
}

/// Replaces the five predefined entities and character references; any
/// other `&` is an error.
fn xml_unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .find(';')
            .filter(|e| *e <= 10)
            .ok_or_else(|| format!("bare `&` before {:?}", after.chars().take(12).collect::<String>()))?;
        let entity = &after[..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity `&{entity};`"))?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses one start tag after its `<`: the element, the bytes used, and
/// whether it closes itself.
fn xml_tag(tag: &str) -> Result<(XmlElement, usize, bool), String> {
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .ok_or("unclosed tag")?;
    let name = &tag[..name_end];
    if !xml_name(name) {
        return Err(format!("bad element name {name:?}"));
    }
    let mut element = XmlElement {
        name: name.to_owned(),
        attrs: Vec::new(),
    };
    let mut at = name_end;
    loop {
        let rest = &tag[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("/>") {
            return Ok((element, at + 2, true));
        }
        if trimmed.starts_with('>') {
            return Ok((element, at + 1, false));
        }
        if at == name_end || !rest.starts_with(char::is_whitespace) {
            return Err(format!("<{name}>: attributes need white space before them"));
        }
        let eq = trimmed
            .find('=')
            .ok_or_else(|| format!("<{name}>: attribute without a value"))?;
        let attr = trimmed[..eq].trim_end();
        if !xml_name(attr) {
            return Err(format!("<{name}>: bad attribute name {attr:?}"));
        }
        let value_part = trimmed[eq + 1..].trim_start();
        let quote = value_part
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or_else(|| format!("<{name} {attr}>: unquoted value"))?;
        let close = value_part[1..]
            .find(quote)
            .ok_or_else(|| format!("<{name} {attr}>: unclosed value"))?;
        let raw = &value_part[1..1 + close];
        if raw.contains('<') {
            return Err(format!("<{name} {attr}>: `<` in a value"));
        }
        if element.attrs.iter().any(|(a, _)| a == attr) {
            return Err(format!("<{name}>: attribute {attr} twice"));
        }
        element.attrs.push((attr.to_owned(), xml_unescape(raw)?));
        at += (trimmed.len() - value_part.len()) + close + 2;
    }
}

/// Checks that `text` is well-formed XML (no XML parser is a dependency):
/// one root element, elements closed in order, attributes quoted and
/// unique, only predefined entities and character references, no `<` or
/// `]]>` in text, comments, processing instructions and CDATA closed.
/// Returns the elements in document order.
fn xml_elements(text: &str) -> Result<Vec<XmlElement>, String> {
    let mut elements = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let offset = text.len() - rest.len();
        let fail = |what: &str| format!("{what} at byte {offset}");
        if let Some(r) = rest.strip_prefix("<?") {
            let end = r.find("?>").ok_or_else(|| fail("unclosed processing instruction"))?;
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("--").ok_or_else(|| fail("unclosed comment"))?;
            if !r[end..].starts_with("-->") {
                return Err(fail("`--` inside a comment"));
            }
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            if open.is_empty() {
                return Err(fail("CDATA outside the root element"));
            }
            let end = r.find("]]>").ok_or_else(|| fail("unclosed CDATA section"))?;
            rest = &r[end + 3..];
        } else if rest.starts_with("<!") {
            return Err(fail("unexpected declaration"));
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or_else(|| fail("unclosed end tag"))?;
            let name = r[..end].trim_end();
            match open.pop() {
                Some(o) if o == name => {}
                other => return Err(fail(&format!("</{name}> closes {other:?}"))),
            }
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let (element, used, empty) = xml_tag(r).map_err(|e| fail(&e))?;
            if open.is_empty() {
                roots += 1;
            }
            if !empty {
                open.push(element.name.clone());
            }
            elements.push(element);
            rest = &r[used..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            if open.is_empty() && !chunk.trim().is_empty() {
                return Err(fail("text outside the root element"));
            }
            if chunk.contains("]]>") {
                return Err(fail("`]]>` in text"));
            }
            xml_unescape(chunk).map_err(|e| fail(&e))?;
            rest = &rest[end..];
        }
    }
    if let Some(o) = open.last() {
        return Err(format!("<{o}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

/// The unescaped contents of every `<name …>…</name>` of well-formed XML
/// without nested markup inside them.
fn xml_texts(text: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    let open = format!("<{name}");
    let close = format!("</{name}>");
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let Some(start) = after.find('>') else { break };
        let Some(end) = after.find(&close) else { break };
        out.push(xml_unescape(&after[start + 1..end]).unwrap_or_default());
        rest = &after[end..];
    }
    out
}

/// Every built file, by kind: no executable markup survives anywhere, and
/// the XML and JSON files still parse.
#[test]
fn no_executable_markup_survives_in_any_output() {
    let (_dir, result, files) = hostile_site(&[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (path, bytes) in &files {
        let body = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            let allowed = page_scripts(path, "/zlj/");
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let allowed = allowed.as_slice();
            html_problems(path, &Html::parse_document(&body), allowed, &mut problems);
            let raw_scripts = body.to_ascii_lowercase().matches("<script").count();
            if raw_scripts != allowed.len() {
                problems.push(format!("{path}: {raw_scripts} `<script` in the source"));
            }
            checked.insert("html");
        } else if path == "feed.xml" || path == "sitemap.xml" {
            match xml_elements(&body) {
                Err(e) => problems.push(format!("{path}: not well-formed XML: {e}")),
                Ok(elements) => {
                    for el in &elements {
                        if el.attrs.iter().any(|(a, _)| a.to_ascii_lowercase().starts_with("on")) {
                            problems.push(format!("{path}: <{}> has an event attribute", el.name));
                        }
                    }
                }
            }
            if path == "feed.xml" {
                // Feed readers render each entry's HTML: it is held to the
                // same standard as a page.
                for (i, html) in xml_texts(&body, "content").iter().enumerate() {
                    html_problems(
                        &format!("feed.xml entry {i}"),
                        &Html::parse_fragment(html),
                        &[],
                        &mut problems,
                    );
                }
            } else {
                for loc in xml_texts(&body, "loc") {
                    if !loc.starts_with(BASE_URL) {
                        problems.push(format!("sitemap.xml: <loc>{loc}</loc>"));
                    }
                }
            }
            checked.insert(path.as_str());
        } else if path.starts_with("badges/") {
            match xml_elements(&body) {
                Err(e) => problems.push(format!("{path}: not well-formed XML: {e}")),
                Ok(elements) => {
                    for el in &elements {
                        if !matches!(el.name.as_str(), "svg" | "title" | "rect" | "g" | "text") {
                            problems.push(format!("{path}: element <{}>", el.name));
                        }
                        for (a, _) in &el.attrs {
                            let a = a.to_ascii_lowercase();
                            if a.starts_with("on") || a.ends_with("href") || a == "style" {
                                problems.push(format!("{path}: <{} {a}>", el.name));
                            }
                        }
                    }
                }
            }
            checked.insert("badge");
        } else if path == "data/winners.json" {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&body) {
                problems.push(format!("{path}: {e}"));
            }
            checked.insert("json");
        } else if path.starts_with("search/") && path.ends_with(".js") {
            // Each file of the index must be one call with a JSON
            // literal: nothing in it is code.
            if crate::support::search_literal(bytes).is_none() {
                problems.push(format!("{path}: not one QAWARD_SEARCH call with a JSON literal"));
            }
            checked.insert("search");
        } else if path == "robots.txt" {
            if body != format!("User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}sitemap.xml\n") {
                problems.push(format!("{path}: {body}"));
            }
            checked.insert("robots");
        }
    }
    for kind in ["html", "feed.xml", "sitemap.xml", "badge", "json", "search", "robots"] {
        assert!(checked.contains(kind), "no {kind} output checked");
    }
    assert!(files.contains_key("data/winners.csv"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Escaped, not stripped or evaluated: each payload reads on the site
/// exactly as written (so `{{ 7*7 }}` shows as itself, not as 49).
#[test]
fn payloads_are_shown_as_text() {
    let (_dir, result, files) = hostile_site(&[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let site_title = field("programme.yaml", "/site/title");
    let alpha = field("organizations/alpha.yaml", "/name");
    let beta = field("organizations/beta.yaml", "/name");
    let call = field("notices/2024-call.md", "/title");
    let quality = field("programme.yaml", "/awards/quality/title").replace("{year}", "2024");
    let mut wrong = Vec::new();
    let mut expect = |what: &str, ok: bool| {
        if !ok {
            wrong.push(what.to_owned());
        }
    };
    let home = page(&files, "index.html");
    expect("home <title>", texts(&home, "title") == [site_title.clone()]);
    let footer = texts(&home, ".site-footer").join("");
    expect(
        "footer sponsor",
        footer.contains(&field("programme.yaml", "/site/footer/sponsor")),
    );
    expect(
        "footer site code",
        footer.contains(&field("programme.yaml", "/site/footer/site_code")),
    );
    expect(
        "footer contact",
        footer.contains(&field("programme.yaml", "/site/footer/contact")),
    );
    let winner = page(&files, "winners/2024/alpha/index.html");
    expect("winner <h1>", texts(&winner, "h1") == [alpha.clone()]);
    expect(
        "winner award title",
        texts(&winner, ".award-title") == [quality.clone()],
    );
    let sanctioned = texts(&page(&files, "winners/2024/beta/index.html"), "main").join("");
    expect(
        "sanction reason",
        sanctioned.contains(&field("organizations/beta.yaml", "/sanctions/0/reason")),
    );
    let notice = page(&files, "notices/2024-call/index.html");
    expect("notice <h1>", texts(&notice, "h1") == [call.clone()]);
    expect(
        "attachment title",
        texts(&notice, ".attachments a") == [field("notices/2024-call.md", "/attachments/0/title")],
    );
    let decision = texts(&page(&files, "2024/winners/index.html"), ".lead").join("");
    expect(
        "decision title",
        decision.contains(&field("cycles/2024/cycle.yaml", "/decision/title")),
    );
    let publicity = texts(&page(&files, "2024/publicity/index.html"), "main").join("");
    expect(
        "publicity address",
        publicity.contains(&field("cycles/2024/cycle.yaml", "/publicity/contact/address")),
    );
    let files_notice = page(&files, "notices/2024-files/index.html");
    let sel = Selector::parse(".attachments a").expect("selector");
    let hrefs: Vec<String> = files_notice
        .select(&sel)
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    let want: Vec<String> = HOSTILE_FILE_NAMES
        .iter()
        .map(|n| format!("../../notices/files/{n}"))
        .collect();
    expect("hostile attachment links", hrefs == want);
    expect(
        "hostile attachment files",
        HOSTILE_FILE_NAMES
            .iter()
            .all(|n| files.contains_key(&format!("notices/files/{n}"))),
    );
    let feed = String::from_utf8_lossy(&files["feed.xml"]).into_owned();
    expect("feed entry title", xml_texts(&feed, "title").contains(&call));
    let badge = String::from_utf8_lossy(&files["badges/2024-quality-alpha.svg"]).into_owned();
    expect(
        "badge text",
        xml_texts(&badge, "text") == [quality.clone(), alpha.clone()],
    );
    let data: serde_json::Value = serde_json::from_slice(&files["data/winners.json"]).expect("json");
    let names: Vec<&str> = data["winners"]
        .as_array()
        .expect("winners")
        .iter()
        .filter_map(|w| w["organization"].as_str())
        .collect();
    expect("open data names", names == [alpha.as_str(), beta.as_str()]);
    assert!(wrong.is_empty(), "not shown as written: {wrong:?}");
}

/// Whether a URL in an attribute would make the browser load from another
/// host than the site's.
fn loads_from_elsewhere(url: &str) -> bool {
    let url = url.trim();
    let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    (url.starts_with("//") || has_scheme) && !url.starts_with(BASE_URL)
}

/// The site makes no request to another host (SPEC section 4; the
/// architecture's "nothing is loaded from another host"): Markdown images
/// and raw `<img>` pointing elsewhere must not survive sanitising.
#[test]
fn no_page_loads_anything_from_another_host() {
    let (_dir, result, files) = hostile_site(&[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let all = Selector::parse("*").expect("selector");
    let mut external = Vec::new();
    let mut scan = |path: &str, doc: &Html| {
        for el in doc.select(&all) {
            let v = el.value();
            let loads_href = v.name() == "link"
                && v.attr("rel").is_some_and(|r| {
                    r.split_whitespace().any(|r| {
                        matches!(
                            r,
                            "stylesheet" | "icon" | "preload" | "prefetch" | "modulepreload" | "manifest"
                        )
                    })
                });
            for (attr, value) in v.attrs() {
                let loads = matches!(attr, "src" | "srcset" | "poster" | "data" | "background")
                    || (attr == "href" && loads_href);
                if loads
                    && value
                        .split(',')
                        .any(|part| loads_from_elsewhere(part.split_whitespace().next().unwrap_or("")))
                {
                    external.push(format!("{path}: <{} {attr}={value:?}>", v.name()));
                }
            }
        }
    };
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            scan(path, &Html::parse_document(&String::from_utf8_lossy(bytes)));
        }
    }
    let feed = String::from_utf8_lossy(&files["feed.xml"]).into_owned();
    for html in xml_texts(&feed, "content") {
        scan("feed.xml", &Html::parse_fragment(&html));
    }
    assert!(
        external.is_empty(),
        "{} external loads:\n{}",
        external.len(),
        external.join("\n")
    );
}

/// Splits RFC 4180 CSV into rows of fields.
fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut fresh) = (false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if fresh => {
                quoted = true;
                fresh = false;
            }
            '"' => return Err(format!("a quote inside the unquoted field {field:?}")),
            ',' => {
                row.push(std::mem::take(&mut field));
                fresh = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                fresh = true;
            }
            c => {
                field.push(c);
                fresh = false;
            }
        }
    }
    if quoted {
        return Err("unclosed quoted field".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// `data/winners.csv` keeps its shape whatever the names hold, and no cell
/// starts a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR: the OWASP
/// list); the fixture's organisation `beta` is named `=HYPERLINK(…)`, its
/// region starts with `+` and its industry with `@`, alpha's industry with `-`.
#[test]
fn open_data_csv_keeps_its_shape_and_starts_no_formula() {
    let (_dir, result, files) = hostile_site(&[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let rows = csv_rows(&String::from_utf8_lossy(&files["data/winners.csv"])).expect("CSV parses");
    assert_eq!(rows[0], qaward::render::CSV_COLUMNS);
    assert_eq!(rows.len(), 3, "a header and two winners");
    let width = qaward::render::CSV_COLUMNS.len();
    assert!(rows.iter().all(|r| r.len() == width), "{rows:#?}");
    let organization = qaward::render::CSV_COLUMNS
        .iter()
        .position(|c| *c == "organization")
        .expect("column");
    // Each name is in one cell, whole (a leading `'` that neutralises a
    // formula may precede it).
    for (row, org) in rows[1..]
        .iter()
        .zip(["organizations/alpha.yaml", "organizations/beta.yaml"])
    {
        let name = field(org, "/name");
        let cell = &row[organization];
        assert!(
            cell == &name || cell.strip_prefix('\'') == Some(name.as_str()),
            "{cell}"
        );
    }
    let formulas: Vec<String> = rows[1..]
        .iter()
        .flatten()
        .filter(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r']))
        .map(|cell| cell.chars().take(40).collect())
        .collect();
    assert!(formulas.is_empty(), "cells that start a formula: {formulas:#?}");
}

/// `--base-url` with markup in it is either refused as a usage error or
/// escaped like everything else.
#[test]
fn base_url_flag_cannot_inject_markup() {
    let url = "https://example.gov.cn/zlj/\"><script>alert(1)</script>/";
    let (_dir, result, files) = hostile_site(&["--base-url", url]);
    match result.status.code() {
        Some(2) => assert!(text(&result).contains("--base-url"), "{}", text(&result)),
        Some(0) => {
            let mut problems = Vec::new();
            for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
                let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
                // The 404 page links from the base URL's path, markup and all.
                let base = Selector::parse("head script").expect("selector");
                let care = doc
                    .select(&base)
                    .next()
                    .and_then(|s| s.value().attr("src"))
                    .unwrap_or("");
                let base = care.strip_suffix("assets/care.js").unwrap_or("/");
                let allowed = page_scripts(path, base);
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                html_problems(path, &doc, &allowed, &mut problems);
            }
            for path in ["feed.xml", "sitemap.xml"] {
                if let Err(e) = xml_elements(&String::from_utf8_lossy(&files[path])) {
                    problems.push(format!("{path}: {e}"));
                }
            }
            assert!(problems.is_empty(), "{problems:#?}");
        }
        _ => panic!("{}", text(&result)),
    }
}

/// The checkers above find what they look for (so that a clean result
/// means something).
#[test]
fn the_markup_checkers_catch_what_they_look_for() {
    let mut problems = Vec::new();
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" JaVa&#x09;Script:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<iframe src=\"x\"></iframe>",
        "<p style=\"x\">x</p>",
        "<form action=\"x\"></form>",
        "<meta http-equiv=\"refresh\" content=\"0\">",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        // The 关怀模式 switch is the site's own only in the page header.
        "<p><button type=\"button\" id=\"care-toggle\" class=\"care-toggle\">关怀模式</button></p>",
    ] {
        let before = problems.len();
        html_problems("t.html", &Html::parse_fragment(bad), &[], &mut problems);
        assert!(problems.len() > before, "not caught: {bad}");
    }
    let mut clean = Vec::new();
    html_problems(
        "t.html",
        &Html::parse_fragment("<p><a href=\"../x/\">&lt;script&gt;</a></p>"),
        &[],
        &mut clean,
    );
    assert!(clean.is_empty(), "{clean:?}");
    for bad in [
        "<a>]]></a>",
        "<a b=c/>",
        "<a>&nbsp;</a>",
        "<a><b></a></b>",
        "<a b=\"1\" b=\"2\"/>",
        "<a>x < y</a>",
        "<a/><b/>",
        "<a><!-- x -- y --></a>",
        "<a b=\"<\"/>",
    ] {
        assert!(xml_elements(bad).is_err(), "not caught: {bad}");
    }
    let good = "<?xml version=\"1.0\"?>\n<a x=\"&quot;&#39;\"><b/><![CDATA[<]]>&lt;&#x4e2d;</a>\n";
    let elements = xml_elements(good).expect("well-formed");
    assert_eq!(elements.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(elements[0].attrs, [("x".to_owned(), "\"'".to_owned())]);
    assert_eq!(xml_texts("<t><text x=\"1\">&lt;b</text></t>", "text"), ["<b"]);
    assert!(loads_from_elsewhere("https://evil.example/x.gif"));
    assert!(loads_from_elsewhere("//evil.example/x.gif"));
    assert!(!loads_from_elsewhere("../assets/emblem.svg"));
    assert!(!loads_from_elsewhere("https://example.gov.cn/zlj/x.gif"));
    assert_eq!(
        csv_rows("\u{feff}a,b\r\n\"x,\"\"y\"\"\",=1\r\n").expect("csv"),
        [
            vec!["a".to_owned(), "b".to_owned()],
            vec!["x,\"y\"".to_owned(), "=1".to_owned()]
        ]
    );
    assert!(csv_rows("a\"b\r\n").is_err());
}
