//! `qaward new`: writes a new content file pre-filled from `programme.yaml`
//! (text from `scaffold`), never replacing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{Error, Outcome, Result, write_out};
use crate::load::Kind;
use crate::scaffold::{self, NewFile, Request};
use crate::validate;
use crate::write::NewFileError;
use crate::{load, schemas};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Clone, Debug)]
enum What {
    /// 新建评审周期 cycles/YEAR/cycle.yaml 及其申报通知 (a cycle and its call notice)
    Cycle {
        /// 评审年度，四位数字 (award year)
        year: String,
    },
    /// 新建申报 cycles/YEAR/applications/ORG-ID.yaml (an application)
    Application {
        /// 评审年度 (award year)
        year: String,
        /// 企业（组织）编号，organizations/ 下的文件名 (organization id)
        org_id: String,
        /// 奖项编号，programme.yaml 的 awards (award id)
        award: String,
    },
    /// 新建企业（组织） organizations/ID.yaml (an organization)
    Organization {
        /// 编号，即文件名 (id, the file name)
        id: String,
    },
    /// 新建评审专家 experts/ID.yaml (an expert; internal)
    Expert {
        /// 编号，即文件名 (id, the file name)
        id: String,
    },
    /// 新建公告 notices/ID.md (a notice)
    Notice {
        /// 编号，即文件名；类型由编号推测 (id, the file name; its words suggest the kind)
        id: String,
        /// 发布日期（YYYY-MM-DD），默认北京时间今天 (the notice's date; today in Asia/Shanghai by default)
        #[arg(long)]
        date: Option<jiff::civil::Date>,
    },
}

pub fn run(args: Args, out: &mut dyn Write) -> Result {
    let root = load::find_root(args.root.as_deref())?;
    let validation = validate::validate(&root)?;
    let programme = validation.model.programme.as_ref().ok_or_else(|| {
        Error::Usage(
            "programme.yaml 有错误，请先运行 `qaward validate` 并改正 (`programme.yaml` has errors; run `qaward validate` first)"
                .to_owned(),
        )
    })?;
    let files = scaffold::files(&request(&args.what), programme, &validation)?;
    let bytes: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone().into_bytes()))
        .collect();
    crate::write::write_new_files(&root, &bytes).map_err(|e| match e {
        NewFileError::Exists(path) => NewFileError::Exists(path.strip_prefix(&root).unwrap_or(&path).to_path_buf()),
        other => other,
    })?;
    write_out(out, &report(&root, &args.what, &files))?;
    Ok(Outcome::Clean)
}

/// The scaffold's request for the command's arguments.
fn request(what: &What) -> Request {
    match what.clone() {
        What::Cycle { year } => Request::Cycle { year },
        What::Application { year, org_id, award } => Request::Application { year, org_id, award },
        What::Organization { id } => Request::Organization { id },
        What::Expert { id } => Request::Expert { id },
        What::Notice { id, date } => Request::Notice { id, date },
    }
}

/// What was written, and what to do next.
fn report(root: &Path, what: &What, files: &[NewFile]) -> String {
    let mut text = String::new();
    for file in files {
        text.push_str(&format!("已创建 {}\n", file.path));
    }
    text.push_str(match what {
        What::Cycle { .. } => "申报通知的日期已按办法规定的季度预填，请按实际修改，然后运行 `qaward validate`。\n",
        _ => "请填写空着的字段，然后运行 `qaward validate`：尚未填写的字段会逐行列出。\n",
    });
    let schema_dir = root.parent().unwrap_or(root).join(schemas::DIR);
    let missing = Kind::ALL
        .iter()
        .any(|k| !schema_dir.join(schemas::file_name(*k)).is_file());
    if missing {
        text.push_str(
            "提示：内容目录旁还没有完整的 schemas/ 文件夹，编辑器无法按文件首行找到 schema；\
             请在内容仓库顶层运行 `qaward schema --out schemas`。\n",
        );
    }
    text
}
