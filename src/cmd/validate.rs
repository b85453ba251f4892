//! `qaward validate`: schema and rule findings in the chosen format.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{prefix_from_cwd, write_out};
use crate::cli::{EXIT_CONTENT, Env, LangArg};
use crate::diagnostics::Lang;
use crate::load;
use crate::report::{self, Paths};
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
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result<u8, String> {
    let lang: Lang = args.lang.into();
    let root = load::find_root(args.root.as_deref()).map_err(|e| e.to_string())?;
    let validation = validate::validate(&root).map_err(|e| e.to_string())?;
    let report = &validation.report;
    let paths = Paths {
        prefix: prefix_from_cwd(&root),
    };
    let text = match args.format {
        Format::Human => report::human(report, &validation.content, &Paths::default(), lang, env.styled),
        Format::Json => report::json(report, lang),
        Format::Github => report::github(report, &paths, lang),
        Format::Sarif => report::sarif(report, &paths, lang),
    };
    write_out(out, &text)?;
    if env.github_actions && args.format == Format::Human {
        write_out(out, &report::github(report, &paths, lang))?;
    }
    Ok(if report.fails(args.deny_warnings) {
        EXIT_CONTENT
    } else {
        0
    })
}
