//! What the documents share: the head and foot of a formal document
//! (GB/T 9704-2012), number and score formatting, and the index's view.

use serde::Serialize;

use super::{Ctx, Options, Planned, State};
use crate::calendar::DateView;
use crate::diagnostics::Resolved;
use crate::model::Application;

/// The parts of a formal document around its body: 发文机关标志, 发文字号,
/// 标题, 主送机关, 落款 and 成文日期.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Head {
    /// 发文机关标志 and 发文机关署名: `programme.yaml` `office.name`.
    pub office: String,
    /// 发文字号, only when the records hold one.
    pub document: Option<String>,
    pub title: String,
    /// The title in units that a line break never splits (GB/T 9704: a
    /// title breaks between words, in a balanced shape).
    pub title_parts: Vec<String>,
    /// 主送机关, without the colon.
    pub addressee: Option<String>,
    /// Marked 内部资料 (the documents for the committee and the government).
    pub confidential: bool,
    /// 成文日期, 2025年12月6日.
    pub date: DateView,
    /// The 落款's space from the right edge, in em: the office's name is
    /// centred over the date, the date four characters in, and the name
    /// at least two characters in (GB/T 9704-2012 7.3.5).
    pub signoff_indent: String,
}

impl Head {
    /// A head titled by `title_parts` (joined for the plain title).
    pub fn new(ctx: &Ctx<'_>, title_parts: &[&str], date: jiff::civil::Date) -> Head {
        let office = ctx.programme.office.name.clone();
        let date: DateView = date.into();
        Head {
            signoff_indent: format!("{}em", score(signoff_indent(&office, &date.zh))),
            office,
            document: None,
            title: title_parts.concat(),
            title_parts: title_parts.iter().map(|p| (*p).to_owned()).collect(),
            addressee: None,
            confidential: false,
            date,
        }
    }

    pub fn document(mut self, document: Option<&String>) -> Head {
        self.document = document.cloned();
        self
    }

    pub fn addressee(mut self, addressee: String) -> Head {
        self.addressee = Some(addressee);
        self
    }

    pub fn confidential(mut self) -> Head {
        self.confidential = true;
        self
    }
}

/// An application as documents name it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Applicant {
    pub id: String,
    /// 企业（组织）名称.
    pub name: String,
    pub award: String,
    /// The year-marked title, 2024年度温州市市长质量奖.
    pub award_title: String,
    pub recommender: String,
    pub submitted: DateView,
}

impl Applicant {
    pub fn of(ctx: &Ctx<'_>, app: &Application) -> Applicant {
        let (award, award_title) = ctx.programme.awards.get(&app.award).map_or_else(
            || (app.award.clone(), format!("{}年度{}", ctx.year(), app.award)),
            |a| (a.name.clone(), a.title_for(ctx.year())),
        );
        Applicant {
            id: app.id.clone(),
            name: ctx.org_name(app),
            award,
            award_title,
            recommender: ctx
                .programme
                .recommenders
                .get(&app.recommender)
                .map_or_else(|| app.recommender.clone(), |r| r.name.clone()),
            submitted: app.submitted.into(),
        }
    }
}

/// The regulation as the documents cite it: 《title》（document）.
pub(crate) fn cited(ctx: &Ctx<'_>) -> String {
    format!("《{}》（{}）", ctx.regulation.title, ctx.regulation.document)
}

/// `{year}年度{programme}`.
pub(crate) fn year_title(ctx: &Ctx<'_>) -> String {
    format!("{}年度{}", ctx.year(), ctx.programme.name)
}

/// The 市评委会 (第六条): the committee of the programme.
pub(crate) fn committee(ctx: &Ctx<'_>) -> String {
    format!("{}评审委员会", ctx.programme.name)
}

/// The width of `text` in em: ASCII (digits) half, the rest whole.
pub(super) fn width(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// The right indent of the 落款 block, whose two lines are centred on one
/// axis: the date ends four characters in, unless the name would then
/// come closer than two characters to the edge.
pub(super) fn signoff_indent(name: &str, date: &str) -> f64 {
    let (name, date) = (width(name), width(date));
    let axis = (4.0 + date / 2.0).max(2.0 + name / 2.0);
    axis - name.max(date) / 2.0
}

/// A number in Chinese characters, for headings (一、二、…); 1 to 99.
pub(crate) fn zh_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// A score as printed: `32`, `615.5`; no trailing zeros.
pub(crate) fn score(value: f64) -> String {
    let text = format!("{:.2}", value);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The index of the year's documents.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IndexView {
    pub title: String,
    pub office: String,
    pub generated: usize,
    pub missing: usize,
    pub pending: usize,
    pub entries: Vec<IndexEntry>,
    /// The workbooks of `--xlsx`, when asked for.
    pub workbooks: Vec<super::xlsx::WorkbookEntry>,
}

/// One document of the index.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct IndexEntry {
    pub number: usize,
    pub name: &'static str,
    pub article: &'static str,
    pub subject: Option<String>,
    pub file: String,
    /// The PDF beside the HTML, when `--pdf` made one.
    pub pdf: Option<String>,
    /// The Word file beside the HTML, when `--docx` made one.
    pub docx: Option<String>,
    /// `generated`, `missing`, `not-due` or `not-needed`.
    pub state: &'static str,
    pub state_zh: &'static str,
    /// Why it is not due or not needed.
    pub note: Option<String>,
    pub missing: Vec<MissingLine>,
}

/// A missing fact as the index lists it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MissingLine {
    /// `file:line:column`.
    pub place: String,
    pub what: String,
    pub field: String,
}

/// The index: every document of the plan with its state; for missing
/// ones, each fact at its resolved place.
pub(crate) fn index(ctx: &Ctx<'_>, plan: &[Planned], positions: &[Vec<Resolved>], options: Options) -> IndexView {
    let entries: Vec<IndexEntry> = plan
        .iter()
        .zip(positions)
        .enumerate()
        .map(|(i, (planned, spans))| index_entry(i + 1, planned, spans, options))
        .collect();
    let count = |state: &str| entries.iter().filter(|e| e.state == state).count();
    IndexView {
        title: format!("{}评审文书清单", year_title(ctx)),
        office: ctx.programme.office.name.clone(),
        generated: count("generated"),
        missing: count("missing"),
        pending: count("not-due"),
        entries,
        workbooks: Vec::new(),
    }
}

fn index_entry(number: usize, planned: &Planned, spans: &[Resolved], options: Options) -> IndexEntry {
    let (state, state_zh, note) = match &planned.state {
        State::Ready(_) => ("generated", "已生成", None),
        State::Missing(_) => ("missing", "缺少信息，未生成", None),
        State::NotDue(why) => ("not-due", "尚未到此阶段", Some(why.clone())),
        State::NotNeeded(why) => ("not-needed", "无需制作", Some(why.clone())),
        State::Failed(why) => ("missing", "未生成", Some(why.clone())),
    };
    let missing = match &planned.state {
        State::Missing(facts) => facts
            .iter()
            .zip(spans)
            .map(|(m, span)| MissingLine {
                place: format!("{}:{}:{}", span.span.file, span.span.start.line, span.span.start.column),
                what: m.what_zh.clone(),
                field: m.field.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let generated = state == "generated";
    IndexEntry {
        number,
        name: planned.kind.name_zh(),
        article: planned.kind.rule().article,
        subject: planned.subject.clone(),
        pdf: (generated && options.pdf).then(|| planned.file.replace(".html", ".pdf")),
        docx: (generated && options.docx).then(|| super::docx::docx_name(&planned.file)),
        file: planned.file.clone(),
        state,
        state_zh,
        note,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(10), "十");
        assert_eq!(zh_number(12), "十二");
        assert_eq!(zh_number(20), "二十");
        assert_eq!(zh_number(35), "三十五");
    }

    #[test]
    fn signoff_keeps_the_date_four_characters_in() {
        // A short name: the date ends four characters in.
        assert_eq!(signoff_indent("市评审办", "2025年7月9日"), 4.0);
        // A long name pushes the axis left, two characters from the edge.
        assert_eq!(signoff_indent("温州市市长质量奖评审委员会办公室", "2025年7月9日"), 2.0);
    }

    #[test]
    fn scores_without_trailing_zeros() {
        assert_eq!(score(32.0), "32");
        assert_eq!(score(615.5), "615.5");
        assert_eq!(score(0.25), "0.25");
    }
}
