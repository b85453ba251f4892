//! `qaward import WORKBOOK…`: filled-in score sheets into the records
//! (SPEC section 10). Without `--write` it reports what would change;
//! with it, it writes, only when nothing is wrong, all files or none.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Env, HumanOrJson as Format, Outcome as Exit, Result, write_out};
use crate::diagnostics::{Lang, Report};
use crate::import::{self, FieldChange, Outcome};
use crate::load;
use crate::report::{self, Paths};
use crate::write;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 评审组填好的评分表（.xlsx，也可为 WPS、Excel、LibreOffice 另存的文件）(filled-in score sheets)
    #[arg(required = true, value_name = "WORKBOOK")]
    workbooks: Vec<PathBuf>,
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 没有问题时把得分写入申报文件 (write the scores into the application files when nothing is wrong)
    #[arg(long)]
    write: bool,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result {
    let root = load::find_root(args.root.as_deref())?;
    let outcome = import::prepare(&root, &args.workbooks)?;
    let fails = outcome.report.errors() > 0;
    let write = args.write && !fails && !outcome.files.is_empty();
    if write {
        write::write_edits(&root, &outcome.files)?;
    }
    let text = match args.format {
        Format::Json => json(&outcome),
        Format::Human => human(&outcome, args.write, env),
    };
    write_out(out, &text)?;
    Ok(if fails { Exit::ContentErrors } else { Exit::Clean })
}

/// `{"changes": […], "errors", "warnings", "diagnostics"}`.
fn json(outcome: &Outcome) -> String {
    let changes: Vec<Value> = outcome
        .changes
        .iter()
        .map(|c| {
            json!({
                "file": c.file,
                "application": c.application,
                "stage": c.stage.key(),
                "field": c.field,
                "old": c.old,
                "new": c.new,
            })
        })
        .collect();
    let mut value = json!({ "changes": changes });
    if let (Some(object), Value::Object(rest)) = (value.as_object_mut(), report::json_value(&outcome.report, Lang::Zh))
    {
        object.extend(rest);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn human(outcome: &Outcome, write: bool, env: &Env) -> String {
    let mut text = String::new();
    if !outcome.report.diagnostics.is_empty() {
        text.push_str(&report::human(
            &outcome.report,
            &outcome.content,
            &Paths::default(),
            Lang::Zh,
            env.styled,
        ));
    }
    text.push_str(&changes(&outcome.changes));
    text.push_str(&summary(&outcome.report, outcome.files.len(), write));
    text
}

/// The changes in award terms, application by application.
fn changes(changes: &[FieldChange]) -> String {
    let shown = |v: &Option<Value>| v.as_ref().map_or_else(|| "（无）".to_owned(), Value::to_string);
    let mut text = String::new();
    let mut heading = None;
    for c in changes {
        let this = (c.file.as_str(), c.stage);
        if heading != Some(this) {
            text.push_str(&format!(
                "{} 年度申报 {} 的{}（{}）：\n",
                c.year,
                c.application,
                c.stage.name_zh(),
                c.file
            ));
            heading = Some(this);
        }
        let field = match (&c.item, c.field.strip_prefix("items.")) {
            (Some(name), Some(clause)) => format!("条款 {clause} {name}"),
            (None, Some(clause)) => format!("条款 {clause}"),
            _ => "总分 score".to_owned(),
        };
        text.push_str(&format!("  {field}：{} → {}\n", shown(&c.old), shown(&c.new)));
    }
    text
}

fn summary(report: &Report, files: usize, write: bool) -> String {
    if report.errors() > 0 {
        return "评分表或内容有错误，未写入任何文件 (errors found; nothing was written)\n".to_owned();
    }
    match (files, write) {
        (0, _) => "评分表与记录一致，没有需要写入的内容 (the records already hold these scores)\n".to_owned(),
        (n, false) => format!(
            "以上修改尚未写入：核对无误后加 --write 再运行一次，将修改 {n} 个文件 (nothing written yet; run again with --write)\n"
        ),
        (n, true) => format!(
            "已写入 {n} 个文件，其他内容一字未改；请用 qaward validate 和 git diff 核对后提交 (written; check with git diff and commit)\n"
        ),
    }
}
