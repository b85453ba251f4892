//! `qaward build`: validate, publish, render, write the public site.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Env, Error, Outcome, Result, lock_output, write_out};
use crate::calendar;
use crate::diagnostics::Lang;
use crate::load;
use crate::report::{self, Paths};
use crate::theme::Theme;
use crate::write::{self, OutputKind, OutputTarget};
use crate::{public_site, publish, validate};

#[derive(clap::Args, Debug)]
pub struct Args {
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
}

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result {
    let root = load::find_root(args.root.as_deref())?;
    if let Some(url) = &args.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(Error::Usage(format!(
            "`--base-url` must be an absolute http(s) URL, not `{url}`"
        )));
    }
    // The contract first: a refused --out costs nothing and touches nothing.
    let target = OutputTarget::check(&args.out, OutputKind::Site, &root)?;
    let lock = lock_output(&target, &args.out, out)?;
    let as_of = args.as_of.unwrap_or_else(calendar::today_in_china);
    let Some(validation) = validated(&root, env, out)? else {
        return Ok(Outcome::ContentErrors);
    };
    // The report is written; the source texts it was placed with are not
    // needed to render, so they go before the site is made.
    let validate::Validation { content, model, report } = validation;
    super::release((content, report));
    let options = publish::PublishOptions {
        as_of,
        base_url: args.base_url.clone(),
    };
    let theme = Theme::resolve(&root, args.theme.as_deref())?;
    // Files go to disk as they are rendered; a failure leaves the previous
    // site as it was.
    let count = write::replace_streamed(&target, &lock, |sink| {
        public_site::render_into(&root, &model, &options, &theme, sink)
    })?;
    super::release(model);
    write_out(
        out,
        &format!("已生成 {count} 个文件到 {}（发布日期 {as_of}）\n", args.out.display()),
    )?;
    Ok(Outcome::Clean)
}

/// Validates, reporting what it found; `None` when the content has errors.
fn validated(root: &Path, env: &Env, out: &mut dyn Write) -> Result<Option<validate::Validation>> {
    let validation = validate::validate(root)?;
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
        return Ok(None);
    }
    Ok(Some(validation))
}
