//! The embedded example programme in `content/`.

use crate::support::{copy_tree, findings, manifest_dir, validate_json};

#[test]
fn content_validates_without_findings() {
    let (code, json) = validate_json(&manifest_dir().join("content"), &["--deny-warnings"]);
    assert_eq!(findings(&json), Vec::<String>::new(), "{json:#}");
    assert_eq!(code, 0);
}

/// Appending an unknown key to an application file is reported at exactly
/// that file and line, whichever cycle it is in.
#[test]
fn unknown_key_in_any_application_is_pinpointed() {
    let content = manifest_dir().join("content");
    let mut cycles: Vec<_> = std::fs::read_dir(content.join("cycles"))
        .expect("cycles")
        .map(|e| e.expect("entry").path())
        .collect();
    cycles.sort();
    assert!(cycles.len() >= 3);
    for cycle in cycles {
        let mut apps: Vec<_> = std::fs::read_dir(cycle.join("applications"))
            .expect("applications")
            .map(|e| e.expect("entry").path())
            .collect();
        apps.sort();
        for app in [apps.first(), apps.last()].into_iter().flatten() {
            let tree = tempfile::tempdir().expect("temp");
            copy_tree(&content, tree.path());
            let rel = app
                .strip_prefix(&content)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            let target = tree.path().join(&rel);
            let mut text = std::fs::read_to_string(&target).expect("read");
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let line = text.lines().count() + 1;
            text.push_str("reviewer_note: 多余字段\n");
            std::fs::write(&target, text).expect("write");
            let (code, json) = validate_json(tree.path(), &[]);
            assert_eq!(code, 1, "{rel}");
            assert_eq!(findings(&json), vec![format!("schema {rel}:{line}:1")], "{json:#}");
        }
    }
}
