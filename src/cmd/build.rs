//! `qaward build`: validate, publish, render, write the public site.

use std::io::Write;
use std::path::PathBuf;

use super::write_out;
use crate::cli::{EXIT_CONTENT, Env};
use crate::diagnostics::Lang;
use crate::load;
use crate::report::{self, Paths};
use crate::status;
use crate::theme::Theme;
use crate::validate;
use crate::{publish, render};

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

pub fn run(args: Args, env: &Env, out: &mut dyn Write) -> Result<u8, String> {
    let root = load::find_root(args.root.as_deref()).map_err(|e| e.to_string())?;
    if let Some(url) = &args.base_url
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
        as_of: args.as_of.unwrap_or_else(status::today_in_china),
        base_url: args.base_url,
    };
    let site = publish::publish(&validation.model, &options).ok_or("`programme.yaml` is missing")?;
    let mut theme = Theme::embedded();
    if let Some(name) = &args.theme {
        theme = theme.with_overrides(load::theme_overrides(&root, name).map_err(|e| e.to_string())?);
    }
    let attachments = load::attachments(&root, &site.attachments).map_err(|e| e.to_string())?;
    let files = render::render(&site, &theme, attachments).map_err(|e| e.to_string())?;
    crate::write::write_site(&args.out, &files).map_err(|e| e.to_string())?;
    write_out(
        out,
        &format!(
            "已生成 {} 个文件到 {}（发布日期 {}）\n",
            files.len(),
            args.out.display(),
            options.as_of
        ),
    )?;
    Ok(0)
}
