//! The fuzzers' corpora and crash reproducers (`fuzz/corpus/`,
//! `fuzz/regressions/`), replayed through the same library functions on
//! every `cargo test`: no panic, no hang, and no executable markup out of
//! the Markdown renderer.

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

/// Runs one input's checks under a hang guard. The guard is not a speed
/// target (those live in benchmarks: `bench/fuzz-replay.sh` times every
/// input in a release build): at 60 s it catches only what the fuzzers'
/// timeouts found, a loop that does not end or work that explodes with
/// the input's nesting, and never a debug build on a busy machine.
fn timed(name: &str, check: impl FnOnce()) {
    let started = Instant::now();
    check();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "{name} took {took:?}");
    if took > Duration::from_secs(1) {
        eprintln!("slow input: {name} took {took:?}");
    }
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

/// The editing module on every YAML input of the corpora and every YAML
/// file of the project's content and fixtures: each of the first nodes
/// set to a string, a number and a mapping, and removed. No panic, no
/// input slower than a few seconds; every edit made reads back as
/// exactly the change (`apply` checks that itself) and keeps every byte
/// before the first changed line.
#[test]
fn the_editing_module_holds_on_the_yaml_corpora_and_the_content() {
    let mut inputs_parsed = 0;
    let mut edits = 0;
    for folder in [
        "corpus/loader",
        "corpus/span_index",
        "regressions/loader",
        "regressions/span_index",
    ] {
        for (name, bytes) in inputs(folder) {
            let (parsed, made) = edit_everything(&format!("{folder}/{name}"), &bytes);
            inputs_parsed += usize::from(parsed);
            edits += made;
        }
    }
    assert!(inputs_parsed >= 100, "only {inputs_parsed} corpus inputs parsed");
    for dir in ["content", "tests/fixtures", "tests/cases"] {
        for entry in walkdir::WalkDir::new(manifest_dir().join(dir)).sort_by_file_name() {
            let entry = entry.expect("walk");
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                let bytes = std::fs::read(entry.path()).expect("read");
                edits += edit_everything(&entry.path().display().to_string(), &bytes).1;
            }
        }
    }
    assert!(edits >= 10_000, "only {edits} edits made");
}

/// Makes every edit of [`the_editing_module_holds_on_the_yaml_corpora_and_the_content`]
/// to one input: whether it parsed, and how many edits were made.
fn edit_everything(name: &str, bytes: &[u8]) -> (bool, usize) {
    use qaward::edit::{Change, Editable, Format};
    let values = [
        serde_json::json!("示例 #1: x"),
        serde_json::json!(7),
        serde_json::json!({"4.1.2": 1, "k": [1, {"a": "b"}]}),
    ];
    let mut made = 0;
    let mut parsed = false;
    timed(name, || {
        let Ok(editable) = Editable::parse(bytes.to_vec(), Format::Yaml) else {
            return;
        };
        parsed = true;
        for pointer in pointers(editable.value()).into_iter().take(12) {
            let changes = values
                .iter()
                .map(|v| Change::set(pointer.clone(), v.clone()))
                .chain([Change::remove(pointer.clone())]);
            for change in changes {
                if let Ok(out) = editable.apply(std::slice::from_ref(&change)) {
                    made += 1;
                    let same = out.iter().zip(bytes).take_while(|(a, b)| a == b).count();
                    let line_start = bytes[..same].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                    assert_eq!(out[..line_start], bytes[..line_start], "{name} {change:?}");
                }
            }
        }
    });
    (parsed, made)
}

/// The JSON pointers of a value's nodes, breadth first.
fn pointers(value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(String::new(), value)]);
    while let Some((at, v)) = queue.pop_front() {
        let children: Vec<(String, &serde_json::Value)> = match v {
            serde_json::Value::Object(map) => map
                .iter()
                .map(|(k, v)| (format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), v))
                .collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{at}/{i}"), v))
                .collect(),
            _ => Vec::new(),
        };
        for (pointer, child) in children {
            out.push(pointer.clone());
            queue.push_back((pointer, child));
        }
    }
    out
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
