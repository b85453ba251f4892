//! The code builds for Windows (SPEC section 12): every use of a Unix-only
//! (or Windows-only) part of the standard library sits under a `cfg` that
//! a reader, and this test, can see. Nothing here can compile for Windows,
//! so this is the guard that keeps a Unix call from slipping into the
//! shared path; the release workflow's Windows job compiles and tests it.

use std::path::Path;

use crate::support::manifest_dir;

/// The brace depth at the start of each line (braces in strings and
/// comments come in pairs in this code, as `format!("{x}")` does).
fn depths(lines: &[&str]) -> Vec<i64> {
    let mut depth = 0;
    let mut out = Vec::with_capacity(lines.len() + 1);
    for line in lines {
        out.push(depth);
        let code = line.split("//").next().unwrap_or_default();
        depth += code.matches('{').count() as i64 - code.matches('}').count() as i64;
    }
    out.push(depth);
    out
}

/// Each line (1-based) of `text` that uses `module` outside every item or
/// statement marked `#[cfg(…)]` with `family` (and not `not(family)`): the
/// attribute's item must not have closed before the use.
fn unguarded(text: &str, module: &str, family: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let depth = depths(&lines);
    let marks = |line: &str| {
        let line = line.trim_start();
        line.starts_with("#[cfg(") && line.contains(family) && !line.contains(&format!("not({family}"))
    };
    // Whether the item after the attribute at `a` is still open at `n`.
    let encloses = |a: usize, n: usize| {
        let mut opened = false;
        for d in &depth[a + 1..=n] {
            if *d < depth[a] || (opened && *d == depth[a]) {
                return false;
            }
            opened |= *d > depth[a];
        }
        true
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.contains(module) && !line.trim_start().starts_with("//"))
        .filter(|(n, _)| !(0..*n).any(|a| marks(lines[a]) && encloses(a, *n)))
        .map(|(n, _)| n + 1)
        .collect()
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn every_platform_specific_use_is_under_its_cfg() {
    let top = manifest_dir();
    let mut found = Vec::new();
    let mut seen = 0;
    for file in rust_files(&top.join("src"))
        .into_iter()
        .chain(rust_files(&top.join("tests/it")))
    {
        if file.ends_with("portable.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        for (module, family) in [("std::os::unix", "unix"), ("std::os::windows", "windows")] {
            seen += text.matches(module).count();
            for line in unguarded(&text, module, family) {
                found.push(format!("{}:{line}: `{module}` outside `cfg({family})`", file.display()));
            }
        }
    }
    assert!(
        seen >= 10,
        "only {seen} uses found: is the scan looking in the right place?"
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_scan_catches_an_unguarded_use() {
    let bad = "fn a() {\n    use std::os::unix::fs::symlink;\n}\n";
    assert_eq!(unguarded(bad, "std::os::unix", "unix"), [2]);
    let negated = "#[cfg(not(unix))]\nfn a() {\n    use std::os::unix::fs::symlink;\n}\n";
    assert_eq!(unguarded(negated, "std::os::unix", "unix"), [3]);
    let good = "#[cfg(unix)]\nfn a() {\n    use std::os::unix::fs::symlink;\n}\n";
    assert!(unguarded(good, "std::os::unix", "unix").is_empty());
    let after = "#[cfg(unix)]\nfn a() {\n}\nfn b() {\n    use std::os::unix::fs::symlink;\n}\n";
    assert_eq!(
        unguarded(after, "std::os::unix", "unix"),
        [5],
        "the item marked closed before"
    );
    let statement =
        "fn a() {\n    #[cfg(unix)]\n    let x = {\n        use std::os::unix::fs::MetadataExt;\n    };\n}\n";
    assert!(unguarded(statement, "std::os::unix", "unix").is_empty());
}
