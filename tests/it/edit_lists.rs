//! The editing module on every list of every YAML text the project holds
//! (the demo content, the test cases and fixtures, the fuzzers' seeds
//! and corpora):
//! appending a copy of the last item and removing the first or the last
//! item either reads back as that change, keeping every original line
//! outside the item in order, or is refused with a line to edit by hand;
//! never a panic. On the demo content, none is refused.

use qaward::edit::{Change, Editable, Format};
use serde_json::Value;

use crate::support::manifest_dir;

/// Every YAML text under the folders, `.md` files' front matter too.
fn texts() -> Vec<(String, String, Format)> {
    let root = manifest_dir();
    let mut texts = Vec::new();
    for folder in [
        "content",
        "tests/cases",
        "tests/fixtures",
        "fuzz/seeds",
        "fuzz/corpus/loader",
        "fuzz/corpus/span_index",
    ] {
        let corpus = folder.starts_with("fuzz/corpus");
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let format = match ext {
                "md" => Format::FrontMatter,
                "yaml" | "yml" => Format::Yaml,
                _ if corpus && entry.file_type().is_file() => Format::Yaml,
                _ => continue,
            };
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.strip_prefix(&root).unwrap_or(path).display().to_string();
            texts.push((name, text, format));
        }
    }
    texts
}

/// The JSON pointer and length of every non-empty list in `value`.
fn lists(value: &Value, pointer: &str, out: &mut Vec<(String, usize)>) {
    match value {
        Value::Array(items) => {
            if !items.is_empty() {
                out.push((pointer.to_owned(), items.len()));
            }
            for (i, item) in items.iter().enumerate() {
                lists(item, &format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, v) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                lists(v, &format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_list_takes_an_item_and_gives_one_up_or_names_the_line() {
    let (mut done, mut refused) = (0, Vec::new());
    for (name, text, format) in texts() {
        let Ok(editable) = Editable::parse(text.as_bytes().to_vec(), format) else {
            continue;
        };
        let mut found = Vec::new();
        lists(editable.value(), "", &mut found);
        for (pointer, len) in found.into_iter().take(24) {
            let last = editable.value().pointer(&format!("{pointer}/{}", len - 1)).cloned();
            let mut edits = vec![Change::set(format!("{pointer}/-"), last.unwrap_or(Value::Null))];
            if len > 1 {
                edits.push(Change::remove(format!("{pointer}/0")));
                edits.push(Change::remove(format!("{pointer}/{}", len - 1)));
            }
            for change in edits {
                match editable.apply(std::slice::from_ref(&change)) {
                    Ok(out) => {
                        let out = String::from_utf8(out).expect("UTF-8");
                        // One change is one run of lines: what is before and after it stays.
                        let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
                            (text.lines().collect(), out.lines().collect());
                        let prefix = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
                        let suffix = old_lines[prefix..]
                            .iter()
                            .rev()
                            .zip(new_lines[prefix..].iter().rev())
                            .take_while(|(a, b)| a == b)
                            .count();
                        let gone = old_lines.len() - prefix - suffix;
                        // An append changes at most a flow list's line; a removal only the item's lines.
                        let item_lines = editable
                            .value()
                            .pointer(&change.pointer)
                            .map_or(1, |v| serde_json::to_string_pretty(v).map_or(1, |s| s.lines().count()));
                        assert!(gone <= item_lines, "{name} {change:?}: {gone} lines gone\n{out}");
                        done += 1;
                    }
                    Err(refusal) => {
                        assert!(refusal.line.is_some(), "{name} {change:?}: {}", refusal.message.en);
                        refused.push(format!("{name} {}: {}", change.pointer, refusal.message.en));
                    }
                }
            }
        }
    }
    eprintln!("{done} list edits made, {} refused", refused.len());
    let in_content: Vec<&String> = refused.iter().filter(|r| r.starts_with("content")).collect();
    assert!(in_content.is_empty(), "{in_content:#?}");
    assert!(done > 800, "{done}");
}
