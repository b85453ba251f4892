//! The body of each document in Word, from the same typed view its HTML
//! template renders and in the template's words, so that both print the
//! same facts. The tables get explicit column widths that add up to the
//! type area, in the HTML's proportions.

use super::Doc;
use super::letter::{head, signoff};
use super::page::LINE;
use super::styles::{FANGSONG, HEITI, Style};
use super::wml::{Block, Cell, Inline, Jc, Line, Para, Row, Run, Spacing, Table};
use crate::documents::approval::ApprovalView;
use crate::documents::notices::NoticeView;
use crate::documents::objections::ObjectionView;
use crate::documents::onsite::OnsiteView;
use crate::documents::review::ReviewView;
use crate::documents::view::{Head, width};
use crate::documents::{DocKind, View};

/// The document of `kind` from its view, for a type area `text_width`
/// twips wide.
pub fn build(kind: DocKind, view: &View, text_width: u32) -> Doc {
    match view {
        View::Notice(v) => notice(kind, v, text_width),
        View::Onsite(v) => onsite(v, text_width),
        View::Review(v) => review(v, text_width),
        View::Objections(v) => objections(v, text_width),
        View::Approval(v) => approval(v, text_width),
    }
}

/// Space around tables, in twips: 0.4 em of 12 pt above, 0.8 em below
/// (the HTML's table margins).
const ABOVE_TABLE: u32 = 96;
const BELOW_TABLE: u32 = 192;

fn doc(head_view: &Head, letter: bool, mut blocks: Vec<Block>) -> Doc {
    space_tables(&mut blocks);
    Doc {
        title: head_view.title.clone(),
        office: head_view.office.clone(),
        date: head_view.date.iso.clone(),
        letter,
        blocks,
    }
}

/// Space after the paragraph before a table and before the one after it.
fn space_tables(blocks: &mut [Block]) {
    let tables: Vec<usize> = (0..blocks.len())
        .filter(|i| matches!(blocks.get(*i), Some(Block::Table(_))))
        .collect();
    for i in tables {
        if let Some(Block::Para(p)) = i.checked_sub(1).and_then(|j| blocks.get_mut(j)) {
            let spacing = p.props.spacing.get_or_insert_with(Spacing::default);
            spacing.after = Some(spacing.after.unwrap_or(0).max(ABOVE_TABLE));
        }
        if let Some(Block::Para(p)) = blocks.get_mut(i + 1) {
            let spacing = p.props.spacing.get_or_insert_with(Spacing::default);
            spacing.before = Some(spacing.before.unwrap_or(0).max(BELOW_TABLE));
        }
    }
}

/// A body paragraph.
fn p(text: &str) -> Block {
    Block::Para(Para::new(Style::Normal).text(text))
}

/// A closing paragraph: kept with what follows, down to the 落款.
fn closing(text: &str) -> Block {
    Block::Para(Para::new(Style::Normal).text(text).keep())
}

fn h2(text: &str) -> Block {
    Block::Para(Para::new(Style::Heading1).text(text))
}

/// A letter: head, body, closing paragraphs, 落款.
fn letter(h: &Head, text_width: u32, body: Vec<Block>, closings: &[String]) -> Doc {
    let mut blocks = head(h, text_width, true);
    blocks.extend(body);
    blocks.extend(closings.iter().map(|c| closing(c)));
    blocks.extend(signoff(h, text_width));
    doc(h, true, blocks)
}

fn notice(kind: DocKind, v: &NoticeView, text_width: u32) -> Doc {
    let a = &v.applicant;
    let (opening, closing_text) = if kind == DocKind::QualificationNotice {
        (
            format!(
                "贵单位于{}申报{}。经市评审办对基本条件和申报内容真实性的审查，贵单位未通过资格审查，理由如下：",
                a.submitted.zh, a.award_title
            ),
            format!("根据{}第十四条的规定，特此书面告知。", v.regulation),
        )
    } else {
        (
            format!(
                "贵单位申报的{}已通过资格审查。经评审组对申报资料的书面评审，根据资料评审结果，贵单位未能进入现场评审。",
                a.award_title
            ),
            format!(
                "根据{}第十五条的规定，特此书面告知。欢迎贵单位继续深入实施卓越绩效管理。",
                v.regulation
            ),
        )
    };
    let mut body = vec![p(&opening)];
    body.extend(v.reason.as_deref().map(p));
    letter(&v.head, text_width, body, &[closing_text])
}

/// Column widths in twips that add up to `total`: `fixed` for the given
/// columns (by weight of the HTML's ems), the rest shared by the others.
fn columns(total: u32, fixed: &[Option<u32>]) -> Vec<u32> {
    let taken: u32 = fixed.iter().flatten().sum();
    let free = fixed.iter().filter(|w| w.is_none()).count() as u32;
    let rest = total.saturating_sub(taken);
    let share = rest.checked_div(free).unwrap_or(0);
    let mut widths: Vec<u32> = fixed.iter().map(|w| w.unwrap_or(share)).collect();
    // The division's remainder goes to the last free column.
    if let Some(i) = fixed.iter().rposition(Option::is_none)
        && let Some(w) = widths.get_mut(i)
    {
        *w += rest - share * free;
    }
    widths
}

/// The type of a table's text: its size in half-points and its exact
/// line height in twips (the HTML's font size and line height).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Type {
    size: u32,
    line: u32,
}

/// 12 pt on 1.4 lines: the table text style itself.
const TABLE: Type = Type { size: 24, line: 336 };
/// 11 pt on 1.3 lines: the on-site scores.
const SCORES: Type = Type { size: 22, line: 286 };
/// 10.5 pt on 1.3 lines: the candidates.
const SMALL: Type = Type { size: 21, line: 273 };

impl Type {
    /// A cell of one paragraph in `style`, aligned `jc`; runs without a
    /// size of their own get this type's.
    fn cell(self, style: Style, jc: Jc, content: Vec<Inline>) -> Cell {
        let mut para = Para::new(style).jc(jc);
        if self != TABLE {
            para.props.spacing = Some(Spacing {
                line: Some(Line::Exact(self.line)),
                ..Spacing::default()
            });
        }
        for inline in content {
            para = para.inline(match inline {
                Inline::Run(r) if r.props.size.is_none() && self != TABLE => Inline::Run(r.size(self.size)),
                other => other,
            });
        }
        Cell::new(para)
    }

    fn text(self, jc: Jc, text: &str) -> Cell {
        self.cell(Style::TableText, jc, vec![Inline::Run(Run::new(text))])
    }

    /// A header row, repeated on each page the table runs over.
    fn head_row(self, names: &[&str]) -> Row {
        let cells = names
            .iter()
            .map(|n| self.cell(Style::TableHead, Jc::Center, vec![Inline::Run(Run::new(*n))]))
            .collect();
        Row::new(cells).header()
    }
}

fn or_dash(score: Option<&String>) -> &str {
    score.map_or("—", String::as_str)
}

fn onsite(v: &OnsiteView, text_width: u32) -> Doc {
    let mut blocks = head(&v.head, text_width, false);
    blocks.push(Block::Table(facts(v, text_width)));
    blocks.push(h2("一、评分结果"));
    let total = Para::new(Style::Normal)
        .text("评审组按照评审标准和程序进行了现场评审，现场评审得分为 ")
        .run(Run::new(&v.total).bold())
        .text(&format!(" 分（满分 {} 分），各类目和评分项目得分如下。", v.total_max))
        .keep();
    blocks.push(Block::Para(total));
    blocks.push(Block::Table(scores(v, text_width)));
    blocks.push(Block::Para(Para::new(Style::Heading1).text("二、现场反馈与签字确认")));
    blocks.push(closing(
        "本报告已于现场反馈给受评企业（组织），并由受评企业（组织）负责人签字确认（第十六条）。",
    ));
    let lines = [
        ("评审组组长：", &v.group.leader),
        ("受评企业（组织）负责人签字确认：", &v.signed_by),
        ("签字日期：", &v.signed.zh),
    ];
    for (i, (label, value)) in lines.iter().enumerate() {
        let mut para = Para::new(Style::Signature)
            .text(label)
            .run(Run::new(blank_padded(value)).underline());
        if i == 0 {
            para = para.before(LINE);
        }
        para.props.keep_next = i + 1 < lines.len();
        blocks.push(Block::Para(para));
    }
    doc(&v.head, false, blocks)
}

/// `value` centred in a blank at least six characters wide, for the
/// underline the HTML draws under each signature.
fn blank_padded(value: &str) -> String {
    let missing = (6.0 - width(value)).max(0.0);
    let halves = (missing * 2.0).round() as usize;
    let (left, right) = (halves / 2, halves - halves / 2);
    let pad = |n: usize| format!("{}{}", "\u{3000}".repeat(n / 2), " ".repeat(n % 2));
    format!("{}{}{}", pad(left), value, pad(right))
}

/// The on-site report's facts: a label column of 8 characters (12 pt).
fn facts(v: &OnsiteView, text_width: u32) -> Table {
    let a = &v.applicant;
    let members: Vec<&str> = v.group.members.iter().skip(1).map(String::as_str).collect();
    let mut rows: Vec<(&str, String)> = vec![
        ("受评企业（组织）", a.name.clone()),
        ("申报奖项", a.award_title.clone()),
        ("推荐单位", a.recommender.clone()),
    ];
    if let Some(period) = &v.period {
        rows.push(("现场评审期间", period.clone()));
    }
    rows.extend([
        ("评审组", v.group.name.clone()),
        ("组长", v.group.leader.clone()),
        ("成员", members.join("、")),
        ("评审标准", v.standard.clone()),
    ]);
    let rows = rows
        .iter()
        .map(|(label, value)| {
            Row::new(vec![
                TABLE.text(Jc::Left, label).font(HEITI),
                TABLE.text(Jc::Left, value),
            ])
        })
        .collect();
    Table::new(columns(text_width, &[Some(2088), None]), rows)
}

/// The item scores by category of the standard: each category's row in
/// grey, its items under it, kept together; the total last.
fn scores(v: &OnsiteView, text_width: u32) -> Table {
    let t = SCORES;
    let mut rows = vec![t.head_row(&["条款", "类目和评分项目", "满分", "得分"])];
    for c in &v.categories {
        let max = c.max.to_string();
        let category = vec![
            t.text(Jc::Left, &c.clause).font(HEITI).shaded(),
            t.text(Jc::Left, &c.name).font(HEITI).shaded(),
            t.text(Jc::Center, &max).font(HEITI).shaded(),
            t.text(Jc::Center, or_dash(c.score.as_ref())).font(HEITI).shaded(),
        ];
        let mut group = vec![Row::new(category)];
        for i in &c.items {
            let max = i.max.to_string();
            group.push(Row::new(vec![
                t.text(Jc::Left, &i.clause),
                t.text(Jc::Left, &i.name),
                t.text(Jc::Center, &max),
                t.text(Jc::Center, or_dash(i.score.as_ref())),
            ]));
        }
        let last = group.len() - 1;
        rows.extend(
            group
                .into_iter()
                .enumerate()
                .map(|(n, r)| if n < last { r.keep() } else { r }),
        );
    }
    let max = v.total_max.to_string();
    rows.push(Row::new(vec![
        t.text(Jc::Center, "合计").font(HEITI).span(2).shaded(),
        t.text(Jc::Center, &max).font(HEITI).shaded(),
        t.text(Jc::Center, &v.total).font(HEITI).shaded(),
    ]));
    Table::new(columns(text_width, &[Some(940), None, Some(940), Some(940)]), rows)
}

fn review(v: &ReviewView, text_width: u32) -> Doc {
    let body = vec![
        p(&format!(
            "依据{}，市评审办组织开展了本年度评审工作。现将评审工作情况报告如下。",
            v.regulation
        )),
        h2("一、各阶段评审情况"),
        Block::Table(stages(v, text_width)),
        h2("二、候选企业（组织）现场评审得分"),
        Block::Para(
            Para::new(Style::Normal)
                .text(&format!(
                    "候选企业（组织）{} 家，按{}各类目汇总的现场评审得分如下（类目名称下为该类目满分）。",
                    v.candidate_count, v.standard
                ))
                .keep(),
        ),
        Block::Table(candidates(v, text_width)),
        Block::Para(Para::new(Style::Heading1).text("三、提请审议事项").keep()),
    ];
    let closings = [
        format!(
            "以上 {} 家候选企业（组织）提请市评委会审查，并以无记名投票方式确定初步入选企业（组织）名单。每个奖项每年获奖企业（组织）不超过 {} 家（第三条）。",
            v.candidate_count, v.winners_cap
        ),
        "特此报告。".to_owned(),
    ];
    letter(&v.head, text_width, body, &closings)
}

/// Each stage with its article, dates, figure and cap.
fn stages(v: &ReviewView, text_width: u32) -> Table {
    let mut rows = vec![TABLE.head_row(&["阶段", "日期", "情况", "规定上限"])];
    for s in &v.stages {
        let stage = Para::new(Style::TableText)
            .text(s.name)
            .inline(Inline::Break)
            .run(Run::new(s.article).size(21));
        rows.push(Row::new(vec![
            Cell::new(stage),
            TABLE.text(Jc::Left, &s.dates),
            TABLE.text(Jc::Left, &s.figure),
            TABLE.text(Jc::Left, or_dash(s.cap.as_ref())),
        ]));
    }
    Table::new(columns(text_width, &[Some(1752), Some(2136), None, Some(1752)]), rows)
}

/// The candidates by award, a column per category with its maximum.
fn candidates(v: &ReviewView, text_width: u32) -> Table {
    let tiny = |text: &str| Inline::Run(Run::new(text).size(18));
    let mut header = vec![
        SMALL.text(Jc::Center, "序号").font(HEITI),
        SMALL.text(Jc::Center, "企业（组织）名称").font(HEITI),
    ];
    for c in &v.categories {
        let max = c.max.to_string();
        let runs = vec![
            tiny(&c.clause),
            Inline::Break,
            tiny(&c.name),
            Inline::Break,
            Inline::Run(Run::new(&max).size(18).font(FANGSONG)),
        ];
        header.push(SMALL.cell(Style::TableHead, Jc::Center, runs));
    }
    let total_max = v.total_max.to_string();
    header.push(SMALL.cell(
        Style::TableHead,
        Jc::Center,
        vec![
            tiny("总分"),
            Inline::Break,
            Inline::Run(Run::new(&total_max).size(18).font(FANGSONG)),
        ],
    ));
    let columns_count = v.categories.len() + 3;
    let mut rows = vec![Row::new(header).header()];
    for g in &v.groups {
        let award = format!("{}（{} 家）", g.award, g.rows.len());
        rows.push(
            Row::new(vec![
                SMALL.text(Jc::Left, &award).font(HEITI).span(columns_count).shaded(),
            ])
            .keep(),
        );
        for r in &g.rows {
            let mut cells = vec![
                SMALL.text(Jc::Center, &r.number.to_string()),
                SMALL.text(Jc::Left, &r.applicant.name),
            ];
            cells.extend(r.categories.iter().map(|s| SMALL.text(Jc::Center, or_dash(s.as_ref()))));
            cells.push(SMALL.cell(
                Style::TableText,
                Jc::Center,
                vec![Inline::Run(Run::new(&r.total).bold())],
            ));
            rows.push(Row::new(cells));
        }
    }
    let mut fixed = vec![Some(567), Some(2898)];
    fixed.extend(std::iter::repeat_n(None, v.categories.len() + 1));
    // 0.15 em of 10.5 pt at the sides, as the HTML pads these cells.
    Table {
        margin_x: 32,
        ..Table::new(columns(text_width, &fixed), rows)
    }
}

fn objections(v: &ObjectionView, text_width: u32) -> Doc {
    let mut body = vec![p(&format!(
        "本年度初步入选企业（组织）名单于{}进行了公示。公示期间，市评审办共收到异议 {} 件，均已调查核实：异议成立 {} 件，不成立 {} 件。现将调查情况报告如下。",
        v.period,
        v.objections.len(),
        v.upheld,
        v.dismissed
    ))];
    let lead = |text: &str| Run::new(text).style(Style::Lead);
    for o in &v.objections {
        body.push(h2(&format!(
            "{}、关于{}（{}）",
            o.number, o.applicant.name, o.applicant.award
        )));
        let para = |l: &str, rest: String| Block::Para(Para::new(Style::Normal).run(lead(l)).text(&rest));
        body.push(para(
            "（一）反映问题。",
            format!("{}收到。{}", o.received.zh, o.summary),
        ));
        body.push(para("（二）调查核实情况。", o.report.clone()));
        body.push(para(
            "（三）处理结论。",
            format!("{}；{}办结。", o.outcome_zh, o.concluded.zh),
        ));
    }
    letter(&v.head, text_width, body, &["以上报告，请市评委会审查。".to_owned()])
}

/// The request's opening sentence, as the template words it.
fn approval_opening(v: &ApprovalView) -> String {
    let mut text = format!(
        "依据{}，经企业（组织）自愿申报、推荐单位推荐、资格审查、资料评审、现场评审、市评委会审查表决和初选公示（{}），",
        v.regulation, v.period
    );
    if v.objections == 0 {
        text.push_str("公示期间未收到异议");
    } else {
        text.push_str(&format!(
            "公示期间收到的异议 {} 件已调查核实，其中不成立 {} 件",
            v.objections, v.dismissed
        ));
        if !v.excluded.is_empty() {
            let names: Vec<&str> = v.excluded.iter().map(|e| e.name.as_str()).collect();
            text.push_str(&format!("，成立的涉及{}，不列入拟获评名单", names.join("、")));
        }
    }
    text.push_str(&format!("。市评委会确定拟获评企业（组织）共 {} 家", v.total));
    for (i, a) in v.awards.iter().enumerate() {
        text.push_str(if i == 0 { "，其中" } else { "、" });
        text.push_str(&format!("{} {} 家", a.name, a.entries.len()));
    }
    text.push_str("。现将名单报请审定批准。");
    text
}

fn approval(v: &ApprovalView, text_width: u32) -> Doc {
    let mut body = vec![p(&approval_opening(v))];
    for a in &v.awards {
        let heading = format!("{}、{}（{} 家）", a.number, a.title, a.entries.len());
        body.push(Block::Para(Para::new(Style::Heading1).text(&heading).keep()));
        let mut rows = vec![TABLE.head_row(&["序号", "企业（组织）名称", "推荐单位"]).keep()];
        let last = a.entries.len();
        for (i, e) in a.entries.iter().enumerate() {
            let row = Row::new(vec![
                TABLE.text(Jc::Center, &e.number.to_string()),
                TABLE.text(Jc::Left, &e.applicant.name),
                TABLE.text(Jc::Left, &e.applicant.recommender),
            ]);
            rows.push(if i + 1 < last { row.keep() } else { row });
        }
        body.push(Block::Table(Table::new(
            columns(text_width, &[Some(888), None, Some(2328)]),
            rows,
        )));
    }
    letter(&v.head, text_width, body, &["妥否，请批示。".to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_add_up_to_the_type_area() {
        assert_eq!(columns(8845, &[Some(888), None, Some(2328)]), [888, 5629, 2328]);
        let shared = columns(8845, &[Some(567), Some(2898), None, None, None]);
        assert_eq!(shared.iter().sum::<u32>(), 8845);
        assert_eq!(shared, [567, 2898, 1793, 1793, 1794]);
    }

    #[test]
    fn a_signature_blank_is_six_characters_wide() {
        assert_eq!(blank_padded("专家e1"), "\u{3000} 专家e1\u{3000} ");
        assert_eq!(blank_padded("文书专用签字人丙"), "文书专用签字人丙");
        assert_eq!(width(&blank_padded("张三")), 6.0);
    }
}
