//! The Markdown of `qaward diff`, for a pull-request comment or a step
//! summary. Chinese; the first line says plainly whether anything becomes
//! public.

use std::collections::BTreeMap;

use super::{Checked, Diff, NameEvent, Page, PublicDay};
use crate::calendar;
use crate::report::{markdown_cell, markdown_code};

/// The report, headed by the one-line verdict.
pub fn markdown(diff: &Diff) -> String {
    let mut out = verdict(diff);
    out.push_str("\n\n## 内容修改对比（qaward diff）\n\n");
    out.push_str(&facts(diff));
    out.push_str(&records(diff));
    out.push_str(&public(diff));
    out
}

/// The first line.
fn verdict(diff: &Diff) -> String {
    let s = &diff.summary;
    if diff.head.errors > 0 {
        return format!(
            "**本分支内容有错误，合并后网站不会更新**：本分支有 {} 个错误，`qaward build` 会拒绝生成网站；下文按能通过校验的内容对比，仅供参考。",
            diff.head.errors
        );
    }
    let mut others = Vec::new();
    if s.pages_added > 0 {
        others.push(format!("{} 个页面将上线", s.pages_added));
    }
    if s.pages_changed > 0 {
        others.push(format!("{} 个页面将更新", s.pages_changed));
    }
    if s.pages_removed > 0 {
        others.push(format!("{} 个页面将下线", s.pages_removed));
    }
    let others = others.join("，");
    match (s.names, s.first_date) {
        (n, Some(first)) if n > 0 => {
            let when = if first == diff.as_of {
                format!("自发布日期 {} 起", calendar::zh(first))
            } else {
                format!("最早在 {}", calendar::zh(first))
            };
            let tail = if others.is_empty() {
                String::new()
            } else {
                format!("；{others}")
            };
            format!("**会公开新的企业（组织）名称**：合并后，{n} 家企业（组织）的名称将公开，{when}{tail}。")
        }
        _ if s.pages_added > 0 => format!("**会公开新的页面，但不公开新的企业（组织）名称**：{others}。"),
        _ if !others.is_empty() => {
            format!("**不公开新的页面或企业（组织）名称**：只有已公开的内容有变化，{others}。")
        }
        _ => "**公开网站没有变化**：合并后，在发布日期和此后安排的每个日期，网站都与目标分支相同，不公开任何新内容。"
            .to_owned(),
    }
}

fn checked(c: &Checked) -> String {
    match (c.errors, c.warnings) {
        (0, 0) => "校验通过".to_owned(),
        (e, w) => format!("{e} 个错误，{w} 个警告"),
    }
}

fn facts(diff: &Diff) -> String {
    format!(
        "- 发布日期：{}\n- 目标分支（BASE）：{}\n- 本分支（HEAD）：{}\n\n",
        calendar::zh(diff.as_of),
        checked(&diff.base),
        checked(&diff.head)
    )
}

fn records(diff: &Diff) -> String {
    let mut out = "### 记录的变化\n\n".to_owned();
    if diff.records.is_empty() {
        out.push_str("本次修改没有记录评审事项的变化。\n\n");
        return out;
    }
    out.push_str("| 年度 | 事项 | 详情 |\n| --- | --- | --- |\n");
    for c in &diff.records {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            c.year.map_or_else(|| "—".to_owned(), |y| format!("{y}年度")),
            c.what,
            markdown_cell(&c.detail)
        ));
    }
    out.push('\n');
    out
}

fn public(diff: &Diff) -> String {
    let mut out = "### 公开网站的变化\n\n在发布日期和此后安排的每个日期，比较合并后与目标分支生成的公开网站（页面按网址和内容比较，只比较公开内容）；每个日期只列出新出现的差异。\n\n".to_owned();
    for d in &diff.public {
        let label = if d.date == diff.as_of { "（发布日期）" } else { "" };
        out.push_str(&format!("#### {}{label}\n\n", calendar::zh(d.date)));
        out.push_str(&public_day(d));
    }
    out
}

fn public_day(d: &PublicDay) -> String {
    if d.pages_added.is_empty()
        && d.pages_removed.is_empty()
        && d.pages_changed.is_empty()
        && d.names_public.is_empty()
        && d.names_withheld.is_empty()
        && d.counts.is_empty()
    {
        return "与目标分支相同，没有变化。\n\n".to_owned();
    }
    let mut lines = name_lines(d);
    lines.extend(d.counts.iter().map(|c| {
        let n = |v: Option<usize>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
        format!(
            "统计数字：{}年度「{}」由 {} 变为 {}。",
            c.year,
            markdown_cell(&c.label),
            n(c.base),
            n(c.head)
        )
    }));
    let mut out: String = lines.iter().map(|l| format!("- {l}\n")).collect();
    if !lines.is_empty() {
        out.push('\n');
    }
    out.push_str(&page_table(d));
    out
}

/// Names grouped by the page that lists them.
fn by_place(events: &[NameEvent]) -> BTreeMap<(&str, &str), Vec<&NameEvent>> {
    let mut out: BTreeMap<(&str, &str), Vec<&NameEvent>> = BTreeMap::new();
    for e in events {
        out.entry((e.listed.url.as_str(), e.listed.place.as_str()))
            .or_default()
            .push(e);
    }
    out
}

fn name_with_note(e: &NameEvent, public: bool) -> String {
    let name = markdown_cell(&e.listed.name);
    match (public, e.base_date, e.head_date) {
        (true, Some(b), _) => format!("{name}（目标分支为 {}）", calendar::zh(b)),
        (false, _, Some(h)) => format!("{name}（本分支推迟到 {}）", calendar::zh(h)),
        _ => name,
    }
}

/// One line per page that lists names on this date: names public for the
/// first time, then names already public elsewhere on the site.
fn public_line(d: &PublicDay, url: &str, place: &str, events: &[&NameEvent]) -> String {
    let list = |first: bool| -> Vec<String> {
        events
            .iter()
            .filter(|e| e.first_time == first)
            .map(|e| name_with_note(e, true))
            .collect()
    };
    let (new, known) = (list(true), list(false));
    let mut parts = Vec::new();
    if !new.is_empty() {
        parts.push(format!(
            "以下 {} 家企业（组织）名称将首次公开：{}",
            new.len(),
            new.join("、")
        ));
    }
    if !known.is_empty() {
        parts.push(format!(
            "将列出 {} 家名称已公开的企业（组织）：{}",
            known.len(),
            known.join("、")
        ));
    }
    let opened = if d.pages_added.iter().any(|p| p.url == url) {
        "页面上线"
    } else {
        ""
    };
    format!("{place}{opened}（{}），{}。", markdown_code(url), parts.join("；"))
}

fn name_lines(d: &PublicDay) -> Vec<String> {
    let mut lines: Vec<String> = by_place(&d.names_public)
        .into_iter()
        .map(|((url, place), events)| public_line(d, url, place, &events))
        .collect();
    for ((url, place), events) in by_place(&d.names_withheld) {
        let names: Vec<String> = events.iter().map(|e| name_with_note(e, false)).collect();
        lines.push(format!(
            "{place}（{}）：目标分支此日公开的以下 {} 家企业（组织）名称，本分支不公开：{}。",
            markdown_code(url),
            names.len(),
            names.join("、")
        ));
    }
    lines
}

fn page_table(d: &PublicDay) -> String {
    let rows: Vec<(&str, &Page)> = d
        .pages_added
        .iter()
        .map(|p| ("上线", p))
        .chain(d.pages_removed.iter().map(|p| ("下线", p)))
        .chain(d.pages_changed.iter().map(|p| ("更新", p)))
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = "| 变化 | 页面 | 标题 |\n| --- | --- | --- |\n".to_owned();
    for (what, page) in rows {
        out.push_str(&format!(
            "| {what} | {} | {} |\n",
            markdown_code(&page.url),
            page.title.as_deref().map_or_else(|| "—".to_owned(), markdown_cell)
        ));
    }
    out.push('\n');
    out
}
