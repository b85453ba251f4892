//! `qaward rules`: the rule catalogue.

use std::io::Write;

use super::{Outcome, Result, write_out};
use crate::catalogue;
use crate::diagnostics::Lang;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 提示语言 (language)
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
}

pub fn run(args: Args, out: &mut dyn Write) -> Result {
    write_out(out, &rules_text(args.lang))?;
    Ok(Outcome::Clean)
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
