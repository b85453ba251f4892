//! The staff guide `docs/zh/使用指南.md` is run as written: its fenced
//! blocks are replayed in order on a copy of `content/`, so that every
//! command works, exits as the guide says, and prints what the guide shows.
//!
//! Blocks the test understands:
//! - ```` ```console ````: lines `$ qaward …` are commands, the lines after
//!   each its output (stdout, then stderr); a trailing `# 退出码 N` states
//!   the exit code (0 when absent). Commands `new`, `validate`, `status`,
//!   `build`, `docs`, `rules` and `schema` are run from the repository top (the
//!   folder holding `content/`), and so is `rm PATH`; `serve` is only
//!   shown.
//! - ```` ```yaml file=PATH ```` (or any language): writes the block as the
//!   whole file PATH, relative to the repository top.
//! - ```` ```yaml append=PATH ````: appends the block to PATH.
//! - ```` ```diff edit=PATH ````: replaces the ` `/`-` lines with the
//!   ` `/`+` lines, which must occur exactly once in PATH.
//! - ```` ```text xlsx=PATH sheet=NAME ````: a filled-in score sheet as
//!   staff see it, one line a row, cells split by `|`: written as the
//!   workbook PATH (rust_xlsxwriter) with one worksheet NAME, whole
//!   numbers as numbers. A later ```` ```diff edit=PATH ```` changes
//!   rows of that table and writes the workbook again.
//!
//! `QAWARD_BLESS=1 cargo test --test it guide` rewrites the outputs shown
//! in the guide from the real ones (the exit codes stay as written).

use std::collections::HashMap;
use std::path::Path;

use crate::support::{copy_tree, manifest_dir, qaward};

const GUIDE: &str = "docs/zh/使用指南.md";
const RUNNABLE: [&str; 8] = [
    "new", "validate", "status", "build", "docs", "rules", "schema", "import",
];
const SHOWN_ONLY: [&str; 1] = ["serve"];

/// One fenced block of the guide: its info string and its lines.
struct Fence {
    info: String,
    body: Vec<String>,
}

enum Piece {
    Text(String),
    Fence(Fence),
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut open: Option<Fence> = None;
    for line in text.lines() {
        match open.take() {
            Some(fence) if line == "```" => pieces.push(Piece::Fence(fence)),
            Some(mut fence) => {
                fence.body.push(line.to_owned());
                open = Some(fence);
            }
            None => match line.strip_prefix("```") {
                Some(info) => {
                    open = Some(Fence {
                        info: info.to_owned(),
                        body: Vec::new(),
                    })
                }
                None => pieces.push(Piece::Text(line.to_owned())),
            },
        }
    }
    assert!(open.is_none(), "{GUIDE}: a code block is not closed");
    pieces
}

/// The `key=value` attribute of a fence's info string.
fn attribute<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split_whitespace()
        .find_map(|word| word.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
}

/// A command line: its words and the exit code it states.
fn command(line: &str) -> (Vec<String>, i32) {
    let (words, code) = match line.split_once('#') {
        Some((words, comment)) => {
            let code = comment
                .trim()
                .strip_prefix("退出码")
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or_else(|| panic!("{GUIDE}: comment `#{comment}` is not `# 退出码 N`"));
            (words, code)
        }
        None => (line, 0),
    };
    (words.split_whitespace().map(str::to_owned).collect(), code)
}

fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Runs a console block; returns the block with the real outputs.
fn console(repo: &Path, body: &[String]) -> Vec<String> {
    let mut shown = Vec::new();
    let mut lines = body.iter().peekable();
    while let Some(line) = lines.next() {
        let cmd = line
            .strip_prefix("$ ")
            .unwrap_or_else(|| panic!("{GUIDE}: console blocks start with `$ `: {line}"));
        shown.push(line.clone());
        let mut written = Vec::new();
        while let Some(next) = lines.next_if(|l| !l.starts_with("$ ")) {
            written.push(next.clone());
        }
        let (words, code) = command(cmd);
        let sub = words.get(1).map(String::as_str).unwrap_or_default();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        if let ["rm", path] = refs.as_slice() {
            assert!(
                qaward::write::is_contained(path),
                "{GUIDE}: `{cmd}` leaves the repository"
            );
            std::fs::remove_file(repo.join(path)).unwrap_or_else(|e| panic!("{GUIDE}: `{cmd}`: {e}"));
            shown.extend(written);
            continue;
        }
        if words.first().map(String::as_str) != Some("qaward") || SHOWN_ONLY.contains(&sub) {
            shown.extend(written);
            continue;
        }
        assert!(RUNNABLE.contains(&sub), "{GUIDE}: unknown command `{cmd}`");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let out = qaward(repo, &args);
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            out.status.code(),
            Some(code),
            "{GUIDE}: `{cmd}` exits otherwise:\n{text}"
        );
        shown.extend(normalise(&text));
    }
    shown
}

/// The score sheets written so far: path → (sheet name, the table's text).
type Sheets = HashMap<String, (String, String)>;

/// Writes `table` (one line a row, cells split by `|`) as the workbook
/// `path` with the one worksheet `sheet`.
fn workbook(repo: &Path, path: &str, sheet: &str, table: &str) {
    let target = repo.join(path);
    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    let mut book = rust_xlsxwriter::Workbook::new();
    let worksheet = book.add_worksheet();
    worksheet.set_name(sheet).expect("sheet name");
    for (row, line) in table.lines().enumerate() {
        for (col, cell) in line.split('|').map(str::trim).enumerate() {
            let (row, col) = (u32::try_from(row).expect("row"), u16::try_from(col).expect("col"));
            let written = match cell.parse::<u32>() {
                _ if cell.is_empty() => continue,
                Ok(n) => worksheet.write_number(row, col, f64::from(n)).map(|_| ()),
                Err(_) => worksheet.write_string(row, col, cell).map(|_| ()),
            };
            written.expect("cell");
        }
    }
    book.save(&target)
        .unwrap_or_else(|e| panic!("{GUIDE}: workbook {path}: {e}"));
}

fn edit(repo: &Path, path: &str, body: &[String], sheets: &mut Sheets) {
    let target = repo.join(path);
    let text = match sheets.get(path) {
        Some((_, table)) => table.clone(),
        None => std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{GUIDE}: edit {path}: {e}")),
    };
    let mut old = String::new();
    let mut new = String::new();
    for line in body {
        let (mark, rest) = line.split_at(line.chars().next().map_or(0, char::len_utf8));
        match mark {
            "-" => old.push_str(&format!("{rest}\n")),
            "+" => new.push_str(&format!("{rest}\n")),
            " " | "" => {
                old.push_str(&format!("{rest}\n"));
                new.push_str(&format!("{rest}\n"));
            }
            _ => panic!("{GUIDE}: diff lines start with ` `, `-` or `+`: {line}"),
        }
    }
    assert_eq!(
        text.matches(&old).count(),
        1,
        "{GUIDE}: edit {path}: not found once:\n{old}"
    );
    let edited = text.replacen(&old, &new, 1);
    match sheets.get_mut(path) {
        Some((sheet, table)) => {
            workbook(repo, path, sheet, &edited);
            *table = edited;
        }
        None => std::fs::write(&target, edited).expect("write"),
    }
}

fn apply(repo: &Path, fence: &Fence, sheets: &mut Sheets) {
    let body = fence.body.iter().map(|l| format!("{l}\n")).collect::<String>();
    if let Some(path) = attribute(&fence.info, "xlsx") {
        let sheet = attribute(&fence.info, "sheet").unwrap_or_else(|| panic!("{GUIDE}: xlsx={path} without sheet="));
        workbook(repo, path, sheet, &body);
        sheets.insert(path.to_owned(), (sheet.to_owned(), body));
    } else if let Some(path) = attribute(&fence.info, "file") {
        let target = repo.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, body).expect("write");
    } else if let Some(path) = attribute(&fence.info, "append") {
        let target = repo.join(path);
        let mut text = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{GUIDE}: append {path}: {e}"));
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&body);
        std::fs::write(target, text).expect("write");
    } else if let Some(path) = attribute(&fence.info, "edit") {
        edit(repo, path, &fence.body, sheets);
    }
}

#[test]
fn the_staff_guide_runs_as_written() {
    let path = manifest_dir().join(GUIDE);
    let guide = std::fs::read_to_string(&path).expect("the staff guide");
    let repo = tempfile::tempdir().expect("temp dir");
    copy_tree(&manifest_dir().join("content"), &repo.path().join("content"));
    let mut rewritten = Vec::new();
    let mut commands = 0;
    let mut sheets = Sheets::new();
    for piece in pieces(&guide) {
        match piece {
            Piece::Text(line) => rewritten.push(line),
            Piece::Fence(fence) => {
                rewritten.push(format!("```{}", fence.info));
                if fence.info.split_whitespace().next() == Some("console") {
                    commands += fence.body.iter().filter(|l| l.starts_with("$ qaward")).count();
                    rewritten.extend(console(repo.path(), &fence.body));
                } else {
                    apply(repo.path(), &fence, &mut sheets);
                    rewritten.extend(fence.body);
                }
                rewritten.push("```".to_owned());
            }
        }
    }
    assert!(commands >= 20, "{GUIDE}: only {commands} commands");
    let mut expected = rewritten.join("\n");
    expected.push('\n');
    if expected == guide {
        return;
    }
    if std::env::var_os("QAWARD_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("bless the guide");
        return;
    }
    let first = guide
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(guide.lines().count().min(expected.lines().count()));
    panic!(
        "{GUIDE}: the outputs shown differ from the real ones from line {}: shown `{}`, real `{}`; \
         rerun with QAWARD_BLESS=1 to update the guide",
        first + 1,
        guide.lines().nth(first).unwrap_or_default(),
        expected.lines().nth(first).unwrap_or_default()
    );
}
