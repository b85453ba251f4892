//! `qaward validate`: schema and rule findings in the chosen format.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use clap::ValueEnum;

use super::{Env, Error, Outcome, Result, prefix_from_cwd, write_out};
use crate::diagnostics::{Lang, Report};
use crate::load;
use crate::report::{self, Changed, Paths};
use crate::validate;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 有警告时也以 1 退出 (exit 1 on warnings too)
    #[arg(long)]
    deny_warnings: bool,
    /// 提示语言 (message language)
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
    /// 本次修改的文件（相对当前目录或内容根目录）：仍校验全部内容，这些文件的问题排在最前
    /// (changed files, relative to the current folder or the content root: the whole tree is
    /// still checked, and their findings come first)
    #[arg(long, num_args = 1.., value_name = "FILE")]
    changed: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
    Junit,
}

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result {
    let lang = args.lang;
    let root = load::find_root(args.root.as_deref())?;
    let mut validation = validate::validate(&root)?;
    let changed = changed_files(&root, &args.changed);
    changed.order_report(&mut validation.report);
    let report = &validation.report;
    let paths = Paths {
        prefix: prefix_from_cwd(&root),
    };
    let text = match args.format {
        Format::Human => report::human(report, &validation.content, &Paths::default(), lang, env.styled),
        Format::Json => report::json(report, lang),
        Format::Github => report::github(report, &paths, lang),
        Format::Sarif => report::sarif(report, &paths, lang),
        Format::Gitlab => report::gitlab(report, &paths, lang),
        Format::Junit => {
            let mut files = report::checked_files(&validation.content, report);
            changed.order_files(&mut files);
            report::junit(report, &files, &paths, lang)
        }
    };
    write_out(out, &text)?;
    if env.github_actions && args.format == Format::Human {
        write_out(out, &report::github(report, &paths, lang))?;
    }
    if env.github_actions
        && let Some(summary) = &env.step_summary
    {
        append_step_summary(summary, report, &paths, lang)?;
    }
    let outcome = if report.fails(args.deny_warnings) {
        Outcome::ContentErrors
    } else {
        Outcome::Clean
    };
    super::release(validation);
    Ok(outcome)
}

/// Appends the findings to the file GitHub Actions named in
/// `GITHUB_STEP_SUMMARY`. The runner owns that file; this is the one write
/// outside `write.rs`, an append to a path the CI gave us.
fn append_step_summary(path: &Path, report: &Report, paths: &Paths, lang: Lang) -> Result<()> {
    let failed = |what: &str, e: std::io::Error| {
        Error::Usage(format!("cannot {what} the step summary ({e}): `{}`", path.display()))
    };
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| failed("open", e))?;
    file.write_all(report::step_summary(report, paths, lang).as_bytes())
        .map_err(|e| failed("write", e))
}

/// The `--changed` files as paths relative to the content root.
fn changed_files(root: &Path, given: &[PathBuf]) -> Changed {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let cwd = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .unwrap_or_default();
    Changed::new(given.iter().filter_map(|f| relative_to_root(&root, &cwd, f)))
}

/// A path given relative to the current folder (or absolute) that lies in
/// the content root, else a path relative to the content root itself.
/// Files need not exist: a pull request may delete them.
fn relative_to_root(root: &Path, cwd: &Path, given: &Path) -> Option<String> {
    let absolute = normalise(&cwd.join(given));
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    if let Ok(inside) = absolute.strip_prefix(root) {
        return slash_path(inside);
    }
    if given.is_absolute() {
        return None;
    }
    let relative = normalise(given);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    slash_path(&relative)
}

/// Removes `.` and resolves `..` without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn slash_path(path: &Path) -> Option<String> {
    let text = load::slash_path(path);
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_from_the_cwd_or_the_root() {
        let root = Path::new("/repo/content");
        let top = Path::new("/repo");
        let rel = |cwd: &Path, p: &str| relative_to_root(root, cwd, Path::new(p));
        assert_eq!(
            rel(top, "content/cycles/2024/cycle.yaml").as_deref(),
            Some("cycles/2024/cycle.yaml")
        );
        assert_eq!(
            rel(top, "./content/./programme.yaml").as_deref(),
            Some("programme.yaml")
        );
        assert_eq!(
            rel(top, "cycles/2024/cycle.yaml").as_deref(),
            Some("cycles/2024/cycle.yaml")
        );
        assert_eq!(rel(root, "cycles/../programme.yaml").as_deref(), Some("programme.yaml"));
        assert_eq!(
            rel(top, "/repo/content/programme.yaml").as_deref(),
            Some("programme.yaml")
        );
        assert_eq!(rel(top, "/elsewhere/programme.yaml"), None);
        assert_eq!(rel(top, "../outside.yaml"), None);
    }
}
