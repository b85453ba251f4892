//! What every document shares in Word, from its [`Head`]: the row of the
//! internal-use mark and the 发文字号 under the red rule, the title broken
//! between its units, the 主送机关, and the 落款 (the office's name centred
//! over the date on the axis the HTML uses, two lines below the body).

use super::page::{EM, LINE};
use super::styles::{HEITI, Style};
use super::wml::{Block, Ind, Inline, Para, Run};
use crate::documents::view::{Head, signoff_indent, width};

/// The title's size, 二号 (22 pt), in twips per character.
const TITLE_EM: f64 = 440.0;

/// The head of a document: for a letter, the mark and 发文字号 when it has
/// either, the title two lines below, the 主送机关; for a plain document
/// the title at the top and a line below it.
pub fn head(head: &Head, text_width: u32, letter: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    if letter && (head.confidential || head.document.is_some()) {
        let mut marks = Para::new(Style::DocNumber);
        marks.props.right_tabs = vec![text_width];
        if head.confidential {
            marks = marks.run(Run::new("内部资料　注意保密").font(HEITI));
        }
        marks = marks.inline(Inline::Tab);
        if let Some(number) = &head.document {
            marks = marks.text(number);
        }
        blocks.push(Block::Para(marks));
    }
    // A character to spare: for the face's side bearings, and for the space
    // LibreOffice puts between Chinese and digits (it ignores
    // `autoSpaceDE`); the HTML breaks its titles in the same places.
    let capacity = (f64::from(text_width) / TITLE_EM).floor() - 1.0;
    let mut title = Para::new(Style::Title);
    for (i, line) in title_lines(&head.title_parts, capacity).iter().enumerate() {
        if i > 0 {
            title = title.inline(Inline::Break);
        }
        title = title.text(line);
    }
    title = if letter { title.before(2 * LINE) } else { title };
    if !letter {
        let spacing = title.props.spacing.get_or_insert_with(Default::default);
        spacing.after = Some(LINE);
    }
    blocks.push(Block::Para(title));
    if let Some(addressee) = &head.addressee {
        blocks.push(Block::Para(Para::new(Style::Addressee).text(&format!("{addressee}："))));
    }
    blocks
}

/// The 落款: the office's name and the date, each centred on the axis
/// that the HTML's `signoff_indent` gives (the date four characters from
/// the right, two for a long name), two lines below the last paragraph
/// and kept with it.
pub fn signoff(head: &Head, text_width: u32) -> Vec<Block> {
    let (name, date) = (&head.office, &head.date.zh);
    let axis_em = signoff_indent(name, date) + width(name).max(width(date)) / 2.0;
    let axis = (axis_em * f64::from(EM)).round() as i64;
    let left = (i64::from(text_width) - 2 * axis).max(0);
    let ind = Ind {
        left: Some(left),
        right: Some(0),
        first_line: Some(0),
        first_chars: Some(0),
    };
    let signer = Para::new(Style::Signoff).ind(ind).before(2 * LINE).text(name);
    let dated = Para::new(Style::Signoff).ind(ind).text(date);
    vec![Block::Para(signer), Block::Para(dated)]
}

/// The title's lines: its units (which a line never splits) in as few
/// lines as fit `capacity` characters, the longest line as short as
/// possible (the HTML's `text-wrap: balance`). A unit longer than a line
/// leaves the breaking to Word: the whole title on one paragraph line.
pub fn title_lines(parts: &[String], capacity: f64) -> Vec<String> {
    let whole = || vec![parts.concat()];
    if parts.len() < 2 || parts.len() > 16 || parts.iter().any(|p| width(p) > capacity) {
        return whole();
    }
    let gaps = parts.len() - 1;
    // Each bit of `mask` breaks the line after that unit.
    let best = (0u32..1 << gaps)
        .filter_map(|mask| {
            let lines = split(parts, mask);
            let widths: Vec<f64> = lines.iter().map(|l| width(l)).collect();
            let longest = widths.iter().copied().fold(0.0, f64::max);
            (longest <= capacity).then_some((lines.len(), longest, mask, lines))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    best.map_or_else(whole, |(_, _, _, lines)| lines)
}

fn split(parts: &[String], mask: u32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for (i, part) in parts.iter().enumerate() {
        if let Some(line) = lines.last_mut() {
            line.push_str(part);
        }
        if i + 1 < parts.len() && mask & (1 << i) != 0 {
            lines.push(String::new());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_title_breaks_between_units_in_balanced_lines() {
        let title = parts(&["2024年度温州市市长质量奖", "资格审查结果告知书"]);
        assert_eq!(title_lines(&title, 19.0), title);
        let title = parts(&[
            "关于提请审定批准",
            "2024年度温州市市长质量奖",
            "拟获评企业（组织）名单的请示",
        ]);
        assert_eq!(title_lines(&title, 19.0), title);
        let title = parts(&["关于", "2024年度温州市市长质量奖", "初选公示期间异议的调查报告"]);
        assert_eq!(
            title_lines(&title, 19.0),
            parts(&["关于2024年度温州市市长质量奖", "初选公示期间异议的调查报告"])
        );
    }

    #[test]
    fn a_short_title_stays_on_one_line_and_an_overlong_unit_is_left_to_word() {
        let short = parts(&["2024年度", "评审工作报告"]);
        assert_eq!(title_lines(&short, 19.0), ["2024年度评审工作报告"]);
        let long = parts(&["一个比一行还要长得多的标题单位甚至再长一些再长一些", "报告"]);
        assert_eq!(title_lines(&long, 19.0), [long.concat()]);
    }
}
