//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to` (files overwrite).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary content tree: the base fixture with `overlay` laid over it.
pub fn tree_with(overlay: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), dir.path());
    if let Some(overlay) = overlay {
        copy_tree(overlay, dir.path());
    }
    dir
}

/// Runs the binary in `cwd` with `args`.
pub fn qaward(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(cwd)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("run qaward")
}

/// `validate --format json` on `root`: exit code and parsed output.
pub fn validate_json(root: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["validate", "--format", "json", "--root", "."];
    args.extend_from_slice(extra);
    let out = qaward(root, &args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// `rule file:line:column` for every diagnostic, sorted.
pub fn findings(json: &serde_json::Value) -> Vec<String> {
    let mut lines: Vec<String> = json["diagnostics"]
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
        .collect();
    lines.sort();
    lines
}

/// Every file under `dir` by path relative to it (with `/`); empty when
/// `dir` is absent.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return std::collections::BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The JSON literal of a file of the site's search index, if the file is
/// nothing but the one call `QAWARD_SEARCH({...});` that registers it.
pub fn search_literal(bytes: &[u8]) -> Option<serde_json::Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let literal = text.strip_prefix("QAWARD_SEARCH(")?.strip_suffix(");\n")?;
    serde_json::from_str(literal).ok().filter(serde_json::Value::is_object)
}

/// The built page at `path` of `files` (from [`read_tree`]), parsed.
pub fn page(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> scraper::Html {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no page {path}; have {:?}", files.keys().collect::<Vec<_>>()));
    scraper::Html::parse_document(&String::from_utf8_lossy(bytes))
}

/// The trimmed text of every element `selector` matches in `doc`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// `text` with its first `from` replaced by `to`. Fails the test when
/// `text` has no `from`: a fixture edit never silently does nothing.
pub fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture text lacks {from:?}");
    text.replacen(from, to, 1)
}

/// Replaces the first `from` in the file at `path` by `to`, as
/// [`replaced`] does.
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(path, replaced(&text, from, to)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Builds `root` into a fresh folder; returns it with its files by path.
pub fn build_site(root: &Path, args: &[&str]) -> (tempfile::TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().expect("temp");
    let target = out.path().join("public");
    let mut all = vec!["build", "--root", ".", "--out"];
    let target_str = target.to_string_lossy().into_owned();
    all.push(&target_str);
    all.extend_from_slice(args);
    let result = qaward(root, &all);
    assert_eq!(
        result.status.code(),
        Some(0),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    let files = read_tree(&target);
    (out, files)
}
