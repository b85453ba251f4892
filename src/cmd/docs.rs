//! `qaward docs YEAR`: the office's internal documents of one award year
//! (SPEC section 8), as print-ready HTML and, with `--pdf`, PDF; with
//! `--docx`, also as Word files (SPEC section 10).
//!
//! The output contract comes first (a refused `--out` touches nothing),
//! then Chromium when `--pdf` asks for it (none found: exit 2, nothing
//! written), validation (errors: exit 1, nothing written, not even the
//! lock file), the documents and their PDFs; the lock is taken only for
//! the swap, so a slow PDF run never holds it. Documents whose facts are
//! incomplete are listed as missing, each fact reported at its place, and
//! the run exits 1 after writing the complete ones.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Env, Error, HumanOrJson as Format, Outcome, Result, lock_output, write_out};
use crate::diagnostics::{Lang, Report};
use crate::documents::docx::{self, DocxError};
use crate::documents::{self, DocsError, Generated, pdf};
use crate::load;
use crate::report::{self, Paths};
use crate::theme::Theme;
use crate::validate::{self, Validation};
use crate::write::{self, OutputKind, OutputTarget};

/// The environment variable naming the Chromium to print with.
pub const CHROMIUM_ENV: &str = "QAWARD_CHROMIUM";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 评审年度 (award year)
    year: i64,
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 输出目录，默认为内容根目录旁的 internal/YEAR (output folder; internal/YEAR beside the content root by default)
    #[arg(long)]
    out: Option<PathBuf>,
    /// 同时用无界面 Chromium 生成 PDF (also print each document to PDF with headless Chromium)
    #[arg(long)]
    pdf: bool,
    /// 同时生成申报汇总表、评分汇总表和评分表（Excel）(also write the year's workbooks: rosters, score summary, score sheets)
    #[arg(long)]
    xlsx: bool,
    /// 同时生成可编辑的 Word 文件（.docx）(also write each document as an editable Word file)
    #[arg(long)]
    docx: bool,
    /// 缺少信息的提示格式，与 validate 相同 (format of the findings, as in validate)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 使用内容目录旁 themes/NAME/ 中的 docs/ 文件覆盖默认模板 (theme folder beside the content root)
    #[arg(long)]
    theme: Option<String>,
}

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result {
    let root = load::find_root(args.root.as_deref())?;
    let out_dir = match &args.out {
        Some(dir) => dir.clone(),
        None => default_out(&root, args.year)?,
    };
    let target = OutputTarget::check(&out_dir, OutputKind::Documents, &root)?;
    let chromium = if args.pdf { Some(chromium()?) } else { None };
    let validation = validate::validate(&root)?;
    if validation.report.errors() > 0 {
        write_out(out, &findings(&validation.report, &validation, args.format, env))?;
        if args.format == Format::Human {
            write_out(
                out,
                "内容有错误，未生成文书 (the content has errors; no documents were written)\n",
            )?;
        }
        return Ok(Outcome::ContentErrors);
    }
    let mut generated = generate(&root, &args, &validation)?;
    if let Some(chromium) = &chromium {
        let pdfs = pdf::render(chromium, &generated.files)?;
        generated.files.extend(pdfs);
        generated.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    let lock = lock_output(&target, &out_dir, out)?;
    write::replace(&target, &lock, &generated.files)?;
    if !generated.report.diagnostics.is_empty() || args.format == Format::Json {
        write_out(out, &findings(&generated.report, &validation, args.format, env))?;
    }
    if args.format == Format::Human {
        write_out(out, &summary(&generated, &out_dir, chromium.is_some()))?;
    }
    Ok(if generated.missing > 0 {
        Outcome::ContentErrors
    } else {
        Outcome::Clean
    })
}

/// `internal/YEAR` beside the content root, shown relative to the current
/// folder when it lies inside it.
fn default_out(root: &Path, year: i64) -> Result<PathBuf> {
    let parent = root.parent().ok_or_else(|| {
        Error::Usage(format!(
            "the content root `{}` has no parent folder; give --out",
            root.display()
        ))
    })?;
    let dir = parent.join("internal").join(year.to_string());
    let relative = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .ok()
        .and_then(|cwd| dir.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty());
    Ok(relative.unwrap_or(dir))
}

fn chromium() -> Result<PathBuf> {
    let explicit = std::env::var_os(CHROMIUM_ENV);
    pdf::find_chromium(explicit.as_deref()).ok_or_else(|| {
        let looked = match &explicit {
            Some(name) => format!("{CHROMIUM_ENV}={}", name.to_string_lossy()),
            None => pdf::candidates()
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
        };
        Error::Usage(format!(
            "找不到 Chromium（查找了 {looked}），无法生成 PDF；未写入任何文件。请安装 Chromium（Debian/Ubuntu：apt-get install chromium；Windows 自带的 Microsoft Edge 或 Chrome 也可以，或用 {CHROMIUM_ENV} 指明其路径），或去掉 --pdf 只生成 HTML。\n\
             (Chromium not found (looked for {looked}), so no PDF can be made; nothing was written. Install Chromium (Microsoft Edge or Chrome also do; {CHROMIUM_ENV} names one), or drop --pdf for HTML only)"
        ))
    })
}

fn generate(root: &Path, args: &Args, validation: &Validation) -> Result<Generated> {
    let theme = Theme::resolve(root, args.theme.as_deref())?;
    let options = documents::Options {
        pdf: args.pdf,
        xlsx: args.xlsx,
        docx: args.docx,
    };
    documents::generate(&validation.model, &validation.content, args.year, &theme, options).map_err(|e| match e {
        DocsError::Docx(DocxError::Reference(e)) => Error::Usage(format!(
            "`themes/{}/{}` cannot be used: it {e}; nothing was written",
            args.theme.as_deref().unwrap_or_default(),
            docx::REFERENCE
        )),
        e => Error::from(e),
    })
}

fn findings(report: &Report, validation: &Validation, format: Format, env: &Env) -> String {
    match format {
        Format::Human => report::human(report, &validation.content, &Paths::default(), Lang::Zh, env.styled),
        Format::Json => report::json(report, Lang::Zh),
    }
}

fn summary(generated: &Generated, out_dir: &Path, pdf: bool) -> String {
    let files = &generated.files;
    let mut text = format!(
        "已生成 {} 份文书和文书清单 index.html，共 {} 个文件，写入 {}\n",
        generated.generated,
        files.len(),
        out_dir.display()
    );
    if pdf {
        let pdfs = files.iter().filter(|f| f.path.ends_with(".pdf")).count();
        text.push_str(&format!("其中 PDF {pdfs} 个，由 Chromium 生成\n"));
    }
    let words = files.iter().filter(|f| f.path.ends_with(".docx")).count();
    if words > 0 {
        text.push_str(&format!("其中 Word 文件（.docx）{words} 个，可在 WPS 或 Word 中编辑\n"));
    }
    let workbooks: Vec<&str> = files
        .iter()
        .filter(|f| f.path.ends_with(".xlsx"))
        .map(|f| f.path.as_str())
        .collect();
    if !workbooks.is_empty() {
        text.push_str(&format!(
            "其中电子表格 {} 个：{}\n",
            workbooks.len(),
            workbooks.join("、")
        ));
    }
    if generated.missing > 0 {
        text.push_str(&format!(
            "另有 {} 份文书缺少信息，未生成：缺少的字段见上，也列在 index.html 中\n",
            generated.missing
        ));
    }
    text.push_str("这些文书是内部材料（第二十四条（四）），不要放进网站目录或对外发布\n");
    text
}
