//! `qaward diff`: what a change means in award terms and on the public
//! site, against the content root of the target branch.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{Error, Outcome, Result, write_out};
use crate::calendar;
use crate::diff::{self, Side};
use crate::load;
use crate::validate::{self, Validation};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 目标分支的内容根目录（或含 content/ 的目录），例如用 git worktree 检出的目标分支
    /// (the content root of the target branch, or a folder holding `content/`)
    base_root: PathBuf,
    /// 本分支的内容根目录（含 programme.yaml）(content root of the change)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 发布日期（YYYY-MM-DD），默认北京时间今天 (publication date; today in Asia/Shanghai by default)
    #[arg(long)]
    as_of: Option<jiff::civil::Date>,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// The base root as given, else its `content/`.
fn base_root(dir: &Path) -> Result<PathBuf> {
    load::find_root(Some(dir))
        .or_else(|first| load::find_root(Some(&dir.join("content"))).map_err(|_| first))
        .map_err(Error::BaseRoot)
}

/// A validated root and its attachments.
struct Loaded {
    validation: Validation,
    attachments: Vec<(String, Vec<u8>)>,
}

fn load_side(root: &Path) -> Result<Loaded> {
    let validation = validate::validate(root)?;
    let attachments = load::attachments(root, &validation.content.attachments)?;
    Ok(Loaded {
        validation,
        attachments,
    })
}

fn side(loaded: &Loaded) -> Side<'_> {
    Side {
        model: &loaded.validation.model,
        errors: loaded.validation.report.errors(),
        warnings: loaded.validation.report.warnings(),
        attachments: &loaded.attachments,
    }
}

/// Prints the comparison; exits 1 when either root has content errors
/// (the comparison is still printed, from what validated).
pub fn run(args: Args, out: &mut dyn Write) -> Result {
    let base = load_side(&base_root(&args.base_root)?)?;
    let head_root = load::find_root(args.root.as_deref())?;
    let head = load_side(&head_root)?;
    let as_of = args.as_of.unwrap_or_else(calendar::today_in_china);
    let found = diff::diff(&side(&base), &side(&head), as_of)?;
    let text = match args.format {
        Format::Markdown => diff::markdown(&found),
        Format::Json => diff::json(&found),
    };
    write_out(out, &text)?;
    Ok(if found.base.errors > 0 || found.head.errors > 0 {
        Outcome::ContentErrors
    } else {
        Outcome::Clean
    })
}
