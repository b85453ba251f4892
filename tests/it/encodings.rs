//! Files saved by Windows tools (SPEC section 12). A UTF-8 byte-order
//! mark and CRLF line endings are read as usual, with the same positions
//! in every output format as the LF twin of the same tree; a file in GBK,
//! GB 18030 or UTF-16 (either byte order, with or without a mark) is an
//! error that names the encoding and says how to save it as UTF-8, and
//! nothing is converted.

use std::path::Path;

use crate::support::{copy_tree, edit_file, manifest_dir, qaward, replaced, tree_with, validate_json};

const ALPHA: &str = "organizations/alpha.yaml";

/// A content repository: the base fixture as `content/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&manifest_dir().join("tests/fixtures/base"), &dir.path().join("content"));
    dir
}

/// A content repository whose content has findings in YAML files and in a
/// notice's front matter: an unknown key, a broken reference, a warning, a
/// YAML syntax error in a notice, a duplicate key.
fn broken_repository() -> tempfile::TempDir {
    let dir = repository();
    let root = dir.path().join("content");
    let edit = |file: &str, from: &str, to: &str| edit_file(&root.join(file), from, to);
    edit("cycles/2024/applications/beta.yaml", "submitted:", "submited:");
    edit("organizations/beta.yaml", "digital-economy", "digital-economi");
    edit("cycles/2024/cycle.yaml", "end: 2025-10-14", "end: 2025-10-15");
    edit("notices/2024-call.md", "kind: call", "kind: 通知\nkind: call");
    edit("notices/2024-publicity.md", "year: 2024", "year: 2024\nextra: [1, 2");
    edit(ALPHA, "profile: 示例企业简介。", "profile: 示例企业简介。\n简介: 重复");
    dir
}

/// The same tree with every content file given a UTF-8 byte-order mark
/// and CRLF line endings, as Notepad saves them.
fn windows_twin(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(from, dir.path());
    for entry in walkdir::WalkDir::new(dir.path()) {
        let entry = entry.expect("walk");
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "yaml" || x == "md") {
            let text = std::fs::read_to_string(path).expect("read");
            assert!(!text.contains('\r'));
            std::fs::write(path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("write");
        }
    }
    dir
}

fn run(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = qaward(cwd, args);
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn bom_and_crlf_give_the_same_findings_at_the_same_places_in_every_format() {
    let lf = broken_repository();
    let crlf = windows_twin(lf.path());
    let raw = std::fs::read(crlf.path().join("content").join(ALPHA)).expect("read");
    assert!(raw.starts_with("\u{feff}".as_bytes()) && raw.windows(2).any(|w| w == b"\r\n"));
    for format in ["human", "json", "sarif", "gitlab", "github", "junit"] {
        for lang in ["zh", "en"] {
            let args = ["validate", "--root", "content", "--format", format, "--lang", lang];
            let (code, expected) = run(lf.path(), &args);
            assert_eq!(code, Some(1), "{format}: {expected}");
            let (code, got) = run(crlf.path(), &args);
            assert_eq!(code, Some(1), "{format}: {got}");
            assert_eq!(got, expected, "--format {format} --lang {lang} differs for BOM + CRLF");
        }
    }
    // The findings are those of the tree, placed: none is about the BOM or CRLF.
    let (_, json) = validate_json(&crlf.path().join("content"), &[]);
    let found = crate::support::findings(&json);
    for expected in [
        "schema cycles/2024/applications/beta.yaml:",
        "ref organizations/beta.yaml:",
        "yaml notices/2024-call.md:",
        "yaml notices/2024-publicity.md:",
        "schema organizations/alpha.yaml:",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "{expected} not in {found:#?}"
        );
    }
}

#[test]
fn a_bom_and_crlf_tree_validates_and_builds_the_same_site() {
    let lf = repository();
    let crlf = windows_twin(lf.path());
    let (code, text) = run(crlf.path(), &["validate"]);
    assert_eq!((code, text.trim()), (Some(0), "检查通过：没有发现问题"));
    let build = |dir: &Path| {
        let out = qaward(
            dir,
            &["build", "--root", "content", "--out", "site", "--as-of", "2026-01-01"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        crate::support::read_tree(&dir.join("site"))
    };
    let (lf_site, crlf_site) = (build(lf.path()), build(crlf.path()));
    assert!(lf_site.len() > 10);
    assert_eq!(lf_site.keys().collect::<Vec<_>>(), crlf_site.keys().collect::<Vec<_>>());
    for (path, bytes) in &lf_site {
        assert!(crlf_site.get(path) == Some(bytes), "{path} differs for BOM + CRLF");
    }
}

/// One way a Windows tool saves text, and the name the finding must give.
struct Saved {
    name: &'static str,
    name_zh: &'static str,
    encode: fn(&str) -> Vec<u8>,
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units
        .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
        .collect()
}

fn legacy(encoding: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot hold the text", encoding.name());
    bytes.into_owned()
}

const SAVED: [Saved; 6] = [
    Saved {
        name: "GBK",
        name_zh: "GBK",
        encode: |t| legacy(encoding_rs::GBK, t),
    },
    Saved {
        name: "GB18030",
        name_zh: "GB18030",
        // 𠮷 (U+20BB7), seen in company names, exists only in GB 18030.
        encode: |t| legacy(encoding_rs::GB18030, &replaced(t, "示例企业简介", "𠮷示例企业简介")),
    },
    Saved {
        name: "UTF-16 LE (with BOM)",
        name_zh: "UTF-16 LE（带 BOM）",
        encode: |t| utf16(t, false, true),
    },
    Saved {
        name: "UTF-16 BE (with BOM)",
        name_zh: "UTF-16 BE（带 BOM）",
        encode: |t| utf16(t, true, true),
    },
    Saved {
        name: "UTF-16 LE (without BOM)",
        name_zh: "UTF-16 LE（无 BOM）",
        encode: |t| utf16(t, false, false),
    },
    Saved {
        name: "UTF-16 BE (without BOM)",
        name_zh: "UTF-16 BE（无 BOM）",
        encode: |t| utf16(t, true, false),
    },
];

/// The first place where `text` is not ASCII, as line and column.
fn first_non_ascii(text: &str) -> (u64, u64) {
    let at = text.find(|c: char| !c.is_ascii()).expect("non-ASCII text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u64, column as u64)
}

#[test]
fn each_windows_encoding_is_named_with_the_way_to_save_as_utf8() {
    let original = std::fs::read_to_string(manifest_dir().join("tests/fixtures/base").join(ALPHA)).expect("read");
    for saved in SAVED {
        let tree = tree_with(None);
        let path = tree.path().join(ALPHA);
        let bytes = (saved.encode)(&original);
        std::fs::write(&path, &bytes).expect("write");
        let (code, json) = validate_json(tree.path(), &[]);
        assert_eq!(code, 1, "{}: {json}", saved.name);
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        assert_eq!(
            diagnostics.len(),
            1,
            "{}: only the file's own finding: {json:#}",
            saved.name
        );
        let finding = &diagnostics[0];
        assert_eq!(
            (finding["rule"].as_str(), finding["file"].as_str()),
            (Some("yaml"), Some(ALPHA))
        );
        let zh = finding["message"].as_str().expect("message");
        assert!(
            zh.contains(&format!("看起来是 {}", saved.name_zh)),
            "{}: {zh}",
            saved.name
        );
        for said in ["不会自动转换", "记事本", "WPS", "VS Code", "UTF-8"] {
            assert!(zh.contains(said), "{}: `{said}` not in {zh}", saved.name);
        }
        if saved.name.starts_with("GB") {
            // Placed at the first byte that is not UTF-8: the first Chinese character.
            let (line, column) = first_non_ascii(&original);
            assert_eq!(
                (finding["line"].as_u64(), finding["column"].as_u64()),
                (Some(line), Some(column))
            );
        }
        let (_, en) = validate_json(tree.path(), &["--lang", "en"]);
        let en = en["diagnostics"][0]["message"].as_str().expect("message").to_owned();
        assert!(en.contains(&format!("appears to be in {}", saved.name)), "{en}");
        for said in ["converts nothing", "Notepad", "WPS", "VS Code"] {
            assert!(en.contains(said), "{}: `{said}` not in {en}", saved.name);
        }
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{}: the file was changed",
            saved.name
        );
    }
}

#[test]
fn a_notice_in_gbk_is_named_too_and_build_refuses_it() {
    let repo = repository();
    let tree = repo.path().join("content");
    let path = tree.join("notices/2024-call.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, legacy(encoding_rs::GBK, &text.replace('\n', "\r\n"))).expect("write");
    let (code, json) = validate_json(&tree, &[]);
    assert_eq!(code, 1);
    let message = json["diagnostics"][0]["message"].as_str().expect("message");
    assert!(message.contains("看起来是 GBK"), "{message}");
    let out = qaward(
        repo.path(),
        &["build", "--root", "content", "--out", "site", "--as-of", "2026-01-01"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!repo.path().join("site").exists());
}

#[test]
fn damaged_utf8_is_not_called_gbk() {
    let tree = tree_with(None);
    let path = tree.path().join(ALPHA);
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes.iter().position(|b| *b == b'\n').expect("a line") + 1;
    bytes.insert(at, 0xFF);
    std::fs::write(&path, &bytes).expect("write");
    let (code, json) = validate_json(tree.path(), &[]);
    assert_eq!(code, 1);
    let finding = &json["diagnostics"][0];
    let message = finding["message"].as_str().expect("message");
    assert!(message.contains("无效的字节") && !message.contains("GBK"), "{message}");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(1))
    );
}
