//! The output contract of `build` (SPEC section 7): it replaces only a
//! folder that is absent, empty or marked as its own; every other target
//! is refused with exit 2 before anything is touched. Attacked with every
//! spelling of the protected folders, and with kills and concurrent runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_tree, edit_file, manifest_dir, qaward};

/// A content repository: `content/` (the base fixture) and `themes/custom/`.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp");
    copy_tree(
        &manifest_dir().join("tests/fixtures/base"),
        &repo.path().join("content"),
    );
    let theme = repo.path().join("themes/custom/static");
    std::fs::create_dir_all(&theme).expect("mkdir");
    std::fs::write(theme.join("style.css"), "/* custom */\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(repo.path().join("content"), repo.path().join("link-to-content")).expect("symlink");
        symlink(repo.path(), repo.path().join("link-to-repo")).expect("symlink");
    }
    repo
}

/// The spellings through `link-to-content` and `link-to-repo`, which
/// [`repository`] makes on Unix only (Windows needs a privilege for links).
fn through_links<'a>(spellings: &[&'a str]) -> Vec<&'a str> {
    if cfg!(unix) { spellings.to_vec() } else { Vec::new() }
}

/// Every entry under `dir` (symlinks not followed): file bytes, link
/// targets, folders.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let what = if e.path_is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).expect("link").display())
            } else if e.file_type().is_file() {
                format!("file {:?}", std::fs::read(e.path()).expect("read"))
            } else {
                "dir".to_owned()
            };
            (e.path().strip_prefix(dir).expect("inside").to_path_buf(), what)
        })
        .collect()
}

/// Runs `build --out OUT` from `cwd` and asserts exit 2, a message holding
/// `why`, and an unchanged repository.
fn assert_refused(repo: &Path, cwd: &Path, root: &str, out: &str, why: &str) {
    let before = snapshot(repo);
    let result = qaward(cwd, &["build", "--root", root, "--as-of", "2026-01-01", "--out", out]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(
        result.status.code(),
        Some(2),
        "--out {out} from {}: {stderr}",
        cwd.display()
    );
    assert!(
        stderr.contains(why),
        "--out {out}: the message does not say `{why}`:\n{stderr}"
    );
    assert!(stderr.contains("未做任何改动"), "--out {out}: {stderr}");
    assert!(snapshot(repo) == before, "--out {out} changed the repository");
}

#[test]
fn build_never_replaces_the_content_root_or_a_folder_inside_or_above_it() {
    let repo = repository();
    let top = repo.path();
    let abs = top.join("content").to_string_lossy().into_owned();
    let outs = [
        "content".to_owned(),
        "content/".into(),
        "./content".into(),
        "content/.".into(),
        "content/cycles/..".into(),
        "content/cycles/../".into(),
        "content/nosuch/..".into(),
        "themes/../content".into(),
        abs.clone(),
        format!("{abs}/."),
        format!("{abs}/organizations/.."),
        // Inside: an existing folder, a new one, a new nested one.
        "content/cycles".into(),
        "content/notices/files".into(),
        "content/public".into(),
        "content/a/b/c".into(),
        // Above: the repository, its parent.
        ".".into(),
        "./".into(),
        "..".into(),
        top.to_string_lossy().into_owned(),
    ];
    let linked = through_links(&[
        "link-to-content",
        "link-to-content/",
        "link-to-content/cycles/..",
        "link-to-repo/content",
        "link-to-content/public",
        "link-to-repo",
    ]);
    for out in outs.iter().map(String::as_str).chain(linked) {
        assert_refused(top, top, "content", out, "内容根目录");
    }
    // From inside the content root, the default `public` is inside it too.
    let content = top.join("content");
    for out in [".", "public", "..", "../content"]
        .into_iter()
        .chain(through_links(&["../link-to-content"]))
    {
        assert_refused(top, &content, ".", out, "内容根目录");
    }
    // The same spellings of the root itself, as `--root`.
    assert_refused(top, top, "content/cycles/..", "content", "内容根目录");
    if cfg!(unix) {
        assert_refused(top, top, "link-to-content", "content", "内容根目录");
        assert_refused(top, top, "content/cycles/..", "link-to-content", "内容根目录");
    }
}

#[test]
fn build_never_replaces_the_themes_folder() {
    let repo = repository();
    for out in [
        "themes",
        "themes/",
        "themes/custom",
        "themes/custom/static",
        "themes/new",
    ]
    .into_iter()
    .chain(through_links(&["link-to-repo/themes"]))
    {
        assert_refused(repo.path(), repo.path(), "content", out, "主题目录");
    }
}

#[test]
fn build_refuses_a_file_a_symlink_and_folders_it_did_not_write() {
    let repo = repository();
    let top = repo.path();
    std::fs::write(top.join("notes.txt"), "keep me").expect("write");
    assert_refused(top, top, "content", "notes.txt", "是一个文件");
    std::fs::create_dir(top.join("thesis")).expect("mkdir");
    std::fs::write(top.join("thesis/thesis.docx"), "years of work").expect("write");
    assert_refused(top, top, "content", "thesis", "thesis.docx");
    // A hidden file makes a folder non-empty too.
    std::fs::create_dir(top.join("dotfile")).expect("mkdir");
    std::fs::write(top.join("dotfile/.env"), "SECRET=1").expect("write");
    assert_refused(top, top, "content", "dotfile", "`.env`");
    // A folder of `qaward docs`: neither kind replaces the other.
    std::fs::create_dir(top.join("internal")).expect("mkdir");
    std::fs::write(top.join("internal/.qaward-docs"), "qaward docs 1\n").expect("write");
    std::fs::write(top.join("internal/review-report.html"), "内部").expect("write");
    assert_refused(top, top, "content", "internal", "qaward docs");
    // A symlink, even to a site qaward wrote.
    let built = qaward(
        top,
        &["build", "--root", "content", "--as-of", "2026-01-01", "--out", "site"],
    );
    assert_eq!(built.status.code(), Some(0));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(top.join("site"), top.join("site-link")).expect("symlink");
        assert_refused(top, top, "content", "site-link", "符号链接");
    }
    // A marker file alone is no licence when the name is a file.
    assert_refused(top, top, "content", "site/.qaward-site", "是一个文件");
}

#[test]
fn build_replaces_an_absent_an_empty_and_its_own_folder() {
    let repo = repository();
    let top = repo.path();
    std::fs::create_dir(top.join("empty")).expect("mkdir");
    for out in ["new/deeper/public", "empty", "new/deeper/public"] {
        let result = qaward(
            top,
            &["build", "--root", "content", "--as-of", "2026-01-01", "--out", out],
        );
        assert_eq!(
            result.status.code(),
            Some(0),
            "{out}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(top.join(out).join(".qaward-site").is_file(), "{out}");
        assert!(top.join(out).join("index.html").is_file(), "{out}");
    }
    // The marker is never a page: not in the sitemap, not in the search index.
    let site = crate::support::read_tree(&top.join("empty"));
    let listing = site
        .iter()
        .filter(|(p, _)| *p == "sitemap.xml" || p.starts_with("search/"));
    assert!(listing.clone().count() > 3);
    for (listed, bytes) in listing {
        assert!(
            !String::from_utf8_lossy(bytes).contains("qaward-site"),
            "{listed} lists the marker"
        );
    }
}

/// A build of `content` into `public` as a child process.
fn spawn_build(top: &Path, as_of: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(top)
        .args(["build", "--root", "content", "--out", "public", "--as-of", as_of])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn site_files(out: &Path) -> BTreeMap<PathBuf, String> {
    snapshot(out)
}

/// The repository with enough attachment bytes that writing takes a
/// while, so that kills land in every phase.
fn heavy_repository() -> tempfile::TempDir {
    let repo = repository();
    let files = repo.path().join("content/notices/files");
    std::fs::create_dir_all(&files).expect("mkdir");
    let mut front = String::from("attachments:\n");
    for n in 0..8 {
        std::fs::write(files.join(format!("附件{n}.txt")), vec![b'x'; 2 << 20]).expect("write");
        front.push_str(&format!("  - title: 附件{n}\n    file: 附件{n}.txt\n"));
    }
    let notice = repo.path().join("content/notices/2024-call.md");
    edit_file(&notice, "year: 2024\n", &format!("year: 2024\n{front}"));
    repo
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole_and_the_next_build_works() {
    let repo = heavy_repository();
    let top = repo.path();
    let out = top.join("public");
    let first = spawn_build(top, "2026-01-01").wait_with_output().expect("first build");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let old = site_files(&out);
    let started = Instant::now();
    assert!(spawn_build(top, "2026-12-31").wait().expect("timed build").success());
    let new = site_files(&out);
    assert!(old != new, "the two as-of dates must give different sites");
    let duration = started.elapsed();
    let mut seen = BTreeMap::new();
    for step in 0..16u32 {
        // Back to the old site, then a build killed at step/16 of its run.
        assert!(spawn_build(top, "2026-01-01").wait().expect("reset").success());
        let mut child = spawn_build(top, "2026-12-31");
        std::thread::sleep(duration * step / 16);
        let _ = child.kill();
        let _ = child.wait();
        let now = site_files(&out);
        let state = if now == old {
            "previous"
        } else if now == new {
            "new"
        } else {
            panic!("after a kill at step {step}, `public/` is neither the previous nor the new site")
        };
        let leftover = std::fs::read_dir(top)
            .expect("read")
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(".public.tmp-"));
        *seen.entry((state, leftover)).or_insert(0) += 1;
    }
    eprintln!("kills by outcome (site, temporary folder left): {seen:?}");
    let last = spawn_build(top, "2026-12-31").wait().expect("next build");
    assert!(last.success());
    assert!(site_files(&out) == new);
    let mut names: Vec<String> = std::fs::read_dir(top)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".public.lock",
            "content",
            "link-to-content",
            "link-to-repo",
            "public",
            "themes"
        ]
    );
}

#[test]
fn concurrent_builds_take_turns_and_leave_one_whole_site() {
    let repo = heavy_repository();
    let top = repo.path();
    for count in [2, 3] {
        let children: Vec<_> = (0..count).map(|_| spawn_build(top, "2026-12-31")).collect();
        for child in children {
            let output = child.wait_with_output().expect("wait");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        }
        let mut names: Vec<String> = std::fs::read_dir(top)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".public.lock",
                "content",
                "link-to-content",
                "link-to-repo",
                "public",
                "themes"
            ]
        );
        assert!(top.join("public/index.html").is_file());
        assert_eq!(
            std::fs::read(top.join("public/notices/files/附件7.txt"))
                .expect("read")
                .len(),
            2 << 20
        );
    }
}

/// A waiting build says so; it neither fails nor writes over the other.
#[test]
fn a_second_build_waits_for_the_lock() {
    let repo = repository();
    let top = repo.path();
    std::fs::create_dir(top.join("public")).expect("mkdir");
    let lock_path = top.join(".public.lock");
    let file = std::fs::File::create(&lock_path).expect("lock file");
    file.lock().expect("lock");
    let child = Command::new(env!("CARGO_BIN_EXE_qaward"))
        .current_dir(top)
        .args(["build", "--root", "content", "--out", "public", "--as-of", "2026-01-01"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!top.join("public/index.html").exists(), "built while the lock was held");
    file.unlock().expect("unlock");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("等待其完成"));
    assert!(top.join("public/index.html").is_file());
}

/// Run as an unprivileged user (root ignores permissions), a build into a
/// folder whose parent is read-only fails with the path and the reason.
/// Unix modes and `setpriv`: Unix only.
#[cfg(unix)]
#[test]
fn a_read_only_parent_gives_a_clear_error() {
    let repo = repository();
    let top = repo.path();
    std::fs::create_dir(top.join("locked")).expect("mkdir");
    let open = |p: &Path, mode| std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode));
    for dir in walkdir::WalkDir::new(top).into_iter().filter_map(Result::ok) {
        if !dir.path_is_symlink() {
            let mode = if dir.file_type().is_dir() { 0o755 } else { 0o644 };
            open(dir.path(), mode).expect("chmod");
        }
    }
    open(top.join("locked").as_path(), 0o555).expect("chmod");
    let mut ancestor = top.parent();
    while let Some(dir) = ancestor {
        // The temporary folder's parents must be reachable by `nobody`.
        let _ = open(
            dir,
            0o755 | std::fs::metadata(dir).map_or(0, |m| std::os::unix::fs::PermissionsExt::mode(&m.permissions())),
        );
        ancestor = dir.parent();
    }
    let mut command = if rustix_is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_qaward"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_qaward"))
    };
    let output = command
        .current_dir(top)
        .args([
            "build",
            "--root",
            "content",
            "--as-of",
            "2026-01-01",
            "--out",
            "locked/public",
        ])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("locked/.public.lock") && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(top.join("locked")).expect("read").count(), 0);
}

#[cfg(unix)]
fn rustix_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// `schema --out` replaces its own earlier files, never someone else's.
#[test]
fn schema_never_replaces_a_file_it_did_not_write() {
    let repo = repository();
    let top = repo.path();
    let first = qaward(top, &["schema", "--out", "schemas"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(
        qaward(top, &["schema", "--out", "schemas"]).status.code(),
        Some(0),
        "its own files"
    );
    std::fs::write(top.join("schemas/cycle.schema.json"), "{\"mine\": true}").expect("write");
    let before = snapshot(top);
    let refused = qaward(top, &["schema", "--out", "schemas"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cycle.schema.json"));
    assert!(snapshot(top) == before, "a refused `schema --out` changed files");
}
