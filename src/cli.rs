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
use crate::status;
use crate::theme::Theme;
use crate::validate;
use crate::{publish, render};

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
    /// 校验后生成公示公告网站 (validate, then build the public site)
    Build {
        /// 内容根目录（含 programme.yaml）(content root)
        #[arg(long)]
        root: Option<PathBuf>,
        /// 输出目录 (output folder)
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// 发布日期（YYYY-MM-DD），此后的内容不公开；默认北京时间今天 (publication date; today in Asia/Shanghai by default)
        #[arg(long)]
        as_of: Option<jiff::civil::Date>,
        /// 网站根地址，覆盖 programme.yaml 的 site.base_url (site base URL)
        #[arg(long)]
        base_url: Option<String>,
        /// 使用内容目录旁 themes/NAME/ 中的主题文件覆盖默认主题 (theme folder beside the content root)
        #[arg(long)]
        theme: Option<String>,
    },
    /// 查看年度评审进度 (where a cycle stands: counts against caps, notices owed, publicity)
    Status {
        /// 评审年度，默认最近一个年度 (award year; the latest by default)
        year: Option<i64>,
        /// 内容根目录（含 programme.yaml）(content root)
        #[arg(long)]
        root: Option<PathBuf>,
        /// 以此日期为准（YYYY-MM-DD），默认北京时间今天 (the day to report for; today in Asia/Shanghai by default)
        #[arg(long)]
        as_of: Option<jiff::civil::Date>,
        /// 提示语言 (language)
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
        Command::Build {
            root,
            out: out_dir,
            as_of,
            base_url,
            theme,
        } => run_build(root.as_deref(), &out_dir, as_of, base_url, theme.as_deref(), env, out),
        Command::Status {
            year,
            root,
            as_of,
            lang,
        } => run_status(root.as_deref(), year, as_of, lang.into(), out),
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

fn run_build(
    root: Option<&Path>,
    out_dir: &Path,
    as_of: Option<jiff::civil::Date>,
    base_url: Option<String>,
    theme_name: Option<&str>,
    env: &Env,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let root = load::find_root(root).map_err(|e| e.to_string())?;
    if let Some(url) = &base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(format!("`--base-url` must be an absolute http(s) URL, not `{url}`"));
    }
    let validation = validate::validate(&root).map_err(|e| e.to_string())?;
    let report = &validation.report;
    if !report.diagnostics.is_empty() {
        write_out(
            out,
            &report::human(report, &validation.content, &Paths::default(), Lang::Zh, env.styled),
        )?;
    }
    if report.errors() > 0 {
        write_out(
            out,
            "内容有错误，未生成网站 (the content has errors; nothing was built)\n",
        )?;
        return Ok(EXIT_CONTENT);
    }
    let options = publish::PublishOptions {
        as_of: as_of.unwrap_or_else(status::today_in_china),
        base_url,
    };
    let site = publish::publish(&validation.model, &options).ok_or("`programme.yaml` is missing")?;
    let mut theme = Theme::embedded();
    if let Some(name) = theme_name {
        theme = theme.with_overrides(load::theme_overrides(&root, name).map_err(|e| e.to_string())?);
    }
    let attachments = load::attachments(&root, &site.attachments).map_err(|e| e.to_string())?;
    let files = render::render(&site, &theme, attachments).map_err(|e| e.to_string())?;
    crate::write::write_site(out_dir, &files).map_err(|e| e.to_string())?;
    write_out(
        out,
        &format!(
            "已生成 {} 个文件到 {}（发布日期 {}）\n",
            files.len(),
            out_dir.display(),
            options.as_of
        ),
    )?;
    Ok(0)
}

fn run_status(
    root: Option<&Path>,
    year: Option<i64>,
    as_of: Option<jiff::civil::Date>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let root = load::find_root(root).map_err(|e| e.to_string())?;
    let validation = validate::validate(&root).map_err(|e| e.to_string())?;
    let model = &validation.model;
    let year = match year.or_else(|| model.cycles.keys().next_back().copied()) {
        Some(year) => year,
        None => return Err("no cycle with a valid `cycle.yaml` in `cycles/`".to_owned()),
    };
    let as_of = as_of.unwrap_or_else(status::today_in_china);
    let Some(found) = status::cycle_status(model, &validation.report, year, as_of) else {
        let known: Vec<String> = model.cycles.keys().map(i64::to_string).collect();
        return Err(format!("no cycle `{year}` (known: {})", known.join(", ")));
    };
    let name = model.programme.as_ref().map_or("", |p| p.name.as_str());
    write_out(out, &status::render(&found, name, lang))?;
    Ok(0)
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
