//! `qaward status`: where a cycle stands.

use std::io::Write;
use std::path::PathBuf;

use super::{Error, Outcome, Result, write_out};
use crate::diagnostics::Lang;
use crate::load;
use crate::validate;
use crate::{calendar, status};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 评审年度，默认最近一个年度 (award year; the latest by default)
    year: Option<i64>,
    /// 内容根目录（含 programme.yaml）(content root)
    #[arg(long)]
    root: Option<PathBuf>,
    /// 以此日期为准（YYYY-MM-DD），默认北京时间今天 (the day to report for; today in Asia/Shanghai by default)
    #[arg(long)]
    as_of: Option<jiff::civil::Date>,
    /// 提示语言 (language)
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
}

pub fn run(args: Args, out: &mut dyn Write) -> Result {
    let root = load::find_root(args.root.as_deref())?;
    let validation = validate::validate(&root)?;
    let model = &validation.model;
    let year = match args.year.or_else(|| model.cycles.keys().next_back().copied()) {
        Some(year) => year,
        None => {
            return Err(Error::Usage(
                "no cycle with a valid `cycle.yaml` in `cycles/`".to_owned(),
            ));
        }
    };
    let as_of = args.as_of.unwrap_or_else(calendar::today_in_china);
    let Some(found) = status::cycle_status(model, &validation.report, year, as_of) else {
        let known: Vec<String> = model.cycles.keys().map(i64::to_string).collect();
        return Err(Error::Usage(format!("no cycle `{year}` (known: {})", known.join(", "))));
    };
    let name = model.programme.as_ref().map_or("", |p| p.name.as_str());
    write_out(out, &status::render(&found, name, args.lang))?;
    Ok(Outcome::Clean)
}
