//! The command line: parses arguments, runs a command, and writes its
//! output to the writers it is given. `main.rs` only wires up stdio.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue;
use crate::diagnostics::Lang;
use crate::load::{self, Kind};
use crate::report::{self, Paths};
use crate::schemas;
use crate::validate;

/// Exit code: the content has errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code: usage or IO error.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "qaward",
    version,
    about = "质量奖评审记录校验与公示网站生成工具 (quality award records: validate and publish)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 校验内容：JSON Schema 与评审管理办法规则 (check content against the schemas and the regulation)
    Validate {
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
    },
    /// 打印规则目录 (print the rule catalogue)
    Rules {
        /// 提示语言 (language)
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// 输出内嵌的 JSON Schema (write the embedded JSON Schemas)
    Schema {
        /// 写入此目录；省略时打印到标准输出 (folder to write to; stdout when omitted)
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// What the process environment tells the command line.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `GITHUB_ACTIONS=true`: also emit workflow-command annotations.
    pub github_actions: bool,
    /// Colour the human output.
    pub styled: bool,
}

/// Runs one invocation; returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let text = if env.styled {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(target, "{text}");
            return code;
        }
    };
    let result = match cli.command {
        Command::Validate {
            root,
            format,
            deny_warnings,
            lang,
        } => run_validate(root.as_deref(), format, deny_warnings, lang.into(), env, out),
        Command::Rules { lang } => write_out(out, &rules_text(lang.into())).map(|()| 0),
        Command::Schema { out: dir } => run_schema(dir.as_deref(), out),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_USAGE
        }
    }
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<(), String> {
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write output ({e})"))
}

fn run_validate(
    root: Option<&Path>,
    format: Format,
    deny_warnings: bool,
    lang: Lang,
    env: &Env,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let root = load::find_root(root).map_err(|e| e.to_string())?;
    let validation = validate::validate(&root).map_err(|e| e.to_string())?;
    let report = &validation.report;
    let paths = Paths {
        prefix: prefix_from_cwd(&root),
    };
    let text = match format {
        Format::Human => report::human(report, &validation.content, &Paths::default(), lang, env.styled),
        Format::Json => report::json(report, lang),
        Format::Github => report::github(report, &paths, lang),
        Format::Sarif => report::sarif(report, &paths, lang),
    };
    write_out(out, &text)?;
    if env.github_actions && format == Format::Human {
        write_out(out, &report::github(report, &paths, lang))?;
    }
    Ok(if report.fails(deny_warnings) {
        super::cli::EXIT_CONTENT
    } else {
        0
    })
}

/// The content root's path from the current folder, when it lies inside
/// it: GitHub and SARIF want paths from the repository top.
fn prefix_from_cwd(root: &Path) -> String {
    let (Ok(cwd), Ok(root)) = (
        std::env::current_dir().and_then(|c| c.canonicalize()),
        root.canonicalize(),
    ) else {
        return String::new();
    };
    root.strip_prefix(&cwd)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

fn rules_text(lang: Lang) -> String {
    let width = catalogue::ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in catalogue::ALL {
        let article = if r.article.is_empty() { "—" } else { r.article };
        let summary = match lang {
            Lang::Zh => r.summary_zh,
            Lang::En => r.summary_en,
        };
        text.push_str(&format!(
            "{:<width$}  {:<7}  {}  {}\n",
            r.id,
            r.severity.as_str(),
            pad_article(article),
            summary
        ));
    }
    text
}

/// Pads an article to a fixed display width (CJK characters are two columns).
fn pad_article(article: &str) -> String {
    let width: usize = article.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{article}{}", " ".repeat(16usize.saturating_sub(width)))
}

fn run_schema(dir: Option<&Path>, out: &mut dyn Write) -> Result<u8, String> {
    match dir {
        Some(dir) => {
            let files: Vec<(String, Vec<u8>)> = Kind::ALL
                .iter()
                .map(|k| (schemas::file_name(*k), schemas::text(*k).as_bytes().to_vec()))
                .collect();
            crate::write::write_files(dir, &files).map_err(|e| e.to_string())?;
            Ok(0)
        }
        None => {
            let mut all = serde_json::Map::new();
            for kind in Kind::ALL {
                let schema: serde_json::Value = serde_json::from_str(schemas::text(kind)).map_err(|e| e.to_string())?;
                all.insert(schemas::file_name(kind), schema);
            }
            let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?;
            write_out(out, &format!("{text}\n"))?;
            Ok(0)
        }
    }
}
