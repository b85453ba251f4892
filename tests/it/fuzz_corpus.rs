//! The fuzzers' corpora and crash reproducers (`fuzz/corpus/`,
//! `fuzz/regressions/`), replayed through the same library functions on
//! every `cargo test`: no panic, no input slower than a few seconds, and no
//! executable markup out of the Markdown renderer.

use std::time::{Duration, Instant};

use crate::support::manifest_dir;

fn inputs(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = manifest_dir().join("fuzz").join(folder);
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(&dir).unwrap_or(e.path()).display().to_string();
            (name, std::fs::read(e.path()).expect("read a fuzz input"))
        })
        .collect();
    files.sort();
    files
}

fn timed(name: &str, check: impl FnOnce()) {
    let started = Instant::now();
    check();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{name} took {:?}",
        started.elapsed()
    );
}

fn yaml_input(name: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    timed(name, || {
        let _ = qaward::yaml::parse(&text);
        let index = qaward::yaml::SpanIndex::build(&text, 0);
        let _ = index.find("/name", qaward::diagnostics::Part::Key);
    });
}

/// Executable markup that survived sanitising, found by parsing the HTML
/// the way a browser does.
fn executable(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let el = node.value();
        if [
            "script", "iframe", "object", "embed", "frame", "base", "meta", "link", "form",
        ]
        .contains(&el.name())
        {
            found.push(format!("<{}>", el.name()));
        }
        for (attr, value) in el.attrs() {
            // URLs as a browser reads them: tabs and line breaks removed.
            let url = value.replace(['\t', '\n', '\r'], "").trim().to_ascii_lowercase();
            let is_url = ["href", "src", "action", "formaction", "xlink:href"].contains(&attr);
            if attr.starts_with("on") || (is_url && (url.starts_with("javascript:") || url.starts_with("vbscript:"))) {
                found.push(format!("{attr}={value}"));
            }
        }
    }
    found
}

#[test]
fn yaml_corpora_and_reproducers_hold() {
    let mut count = 0;
    for folder in [
        "corpus/loader",
        "corpus/span_index",
        "corpus/validate",
        "regressions/loader",
        "regressions/span_index",
    ] {
        for (name, bytes) in inputs(folder) {
            yaml_input(&format!("{folder}/{name}"), &bytes);
            count += 1;
        }
    }
    assert!(
        count >= 900,
        "only {count} fuzz inputs under fuzz/corpus and fuzz/regressions"
    );
}

#[test]
fn markdown_corpus_and_reproducers_leave_no_script() {
    let mut count = 0;
    for folder in ["corpus/markdown", "regressions/markdown"] {
        for (name, bytes) in inputs(folder) {
            let text = String::from_utf8_lossy(&bytes);
            let label = format!("{folder}/{name}");
            timed(&label, || {
                let html = qaward::markdown::to_html(&text);
                let found = executable(&html);
                assert!(found.is_empty(), "{label}: {found:?}");
                let _ = qaward::markdown::to_text(&text);
            });
            count += 1;
        }
    }
    assert!(count >= 300, "only {count} Markdown fuzz inputs");
    assert!(
        !inputs("regressions/markdown").is_empty(),
        "the reproducers are missing"
    );
}
