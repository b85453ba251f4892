//! The command line: parses arguments, dispatches to one file per command
//! under `cmd/`, and alone turns what a command returns into an exit code.
//! `main.rs` only wires up stdio and the environment.

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};

use crate::cmd::{self, Outcome};

pub use crate::cmd::Env;

/// Exit code: the content has errors.
const EXIT_CONTENT: u8 = 1;
/// Exit code: usage or IO error.
const EXIT_USAGE: u8 = 2;

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
    Validate(cmd::validate::Args),
    /// 校验后生成公示公告网站 (validate, then build the public site)
    Build(cmd::build::Args),
    /// 在本机预览网站，保存文件后自动刷新 (preview the site locally, reloading on change)
    Serve(cmd::serve::Args),
    /// 查看年度评审进度 (where a cycle stands: counts against caps, notices owed, publicity)
    Status(cmd::status::Args),
    /// 打印规则目录 (print the rule catalogue)
    Rules(cmd::rules::Args),
    /// 输出内嵌的 JSON Schema (write the embedded JSON Schemas)
    Schema(cmd::schema::Args),
    /// 对比目标分支：记录的变化与公开网站的变化 (what a change records and what becomes public)
    Diff(cmd::diff::Args),
    /// 按 programme.yaml 新建内容文件，不覆盖已有文件 (write a new content file, pre-filled; never overwrites)
    New(cmd::new::Args),
    /// 生成本年度评审工作文书（内部，不公开）(the office's internal documents of a year)
    Docs(cmd::docs::Args),
    /// 把评审组填好的评分表导入申报记录，不改动其他内容 (bring filled-in score sheets into the records)
    Import(cmd::import::Args),
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
        Command::Validate(args) => cmd::validate::run(args, env, out),
        Command::Build(args) => cmd::build::run(args, env, out),
        Command::Serve(args) => cmd::serve::run(args, out),
        Command::Status(args) => cmd::status::run(args, out),
        Command::Rules(args) => cmd::rules::run(args, out),
        Command::Schema(args) => cmd::schema::run(args, out),
        Command::Diff(args) => cmd::diff::run(args, out),
        Command::New(args) => cmd::new::run(args, out),
        Command::Docs(args) => cmd::docs::run(args, env, out),
        Command::Import(args) => cmd::import::run(args, env, out),
    };
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::ContentErrors) => EXIT_CONTENT,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_USAGE
        }
    }
}
