//! The same public pages as a Hugo site, for the benchmark's comparison:
//! every winner page (`/winners/<year>/<org>/`), every year page
//! (`/<year>/`) and every notice (`/notices/<id>/`), with the information
//! qaward's default theme shows, as Markdown with YAML front matter. The
//! layouts live in `bench/hugo/layouts/` (embedded here, so the generator
//! works from any folder); the static assets are the default theme's.

use std::error::Error;
use std::fmt::Write as _;

use super::text::{INDUSTRIES, RECOMMENDERS};
use super::{Programme, Writer, q, zh};

const CONFIG: &str = include_str!("../../bench/hugo/hugo.toml");

/// (path under `layouts/`, text)
const LAYOUTS: &[(&str, &str)] = &[
    ("baseof.html", include_str!("../../bench/hugo/layouts/baseof.html")),
    ("single.html", include_str!("../../bench/hugo/layouts/single.html")),
    ("list.html", include_str!("../../bench/hugo/layouts/list.html")),
    (
        "winners/single.html",
        include_str!("../../bench/hugo/layouts/winners/single.html"),
    ),
    (
        "years/single.html",
        include_str!("../../bench/hugo/layouts/years/single.html"),
    ),
    (
        "notices/single.html",
        include_str!("../../bench/hugo/layouts/notices/single.html"),
    ),
];

/// The default theme's assets, served from `assets/` as qaward does.
const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../themes/default/static/style.css")),
    ("emblem.svg", include_bytes!("../../themes/default/static/emblem.svg")),
];

const STAGES: [&str; 8] = [
    "发布申报通知",
    "申报截止",
    "资格审查",
    "资料评审",
    "现场评审",
    "市评委会审查表决",
    "初选公示",
    "审定批准并公布",
];

const COUNTS: [&str; 6] = [
    "申报企业（组织）",
    "通过资格审查",
    "进入现场评审",
    "确定为候选企业（组织）",
    "初步入选（公示）",
    "获奖企业（组织）",
];

/// One winner page: a cycle, an award, an organisation.
struct Win {
    year: i16,
    award: usize,
    org: usize,
}

pub(crate) fn write_site(p: &Programme, w: &mut Writer) -> Result<(), Box<dyn Error>> {
    w.file("hugo.toml", CONFIG.as_bytes())?;
    w.dir("layouts/winners")?;
    w.dir("layouts/years")?;
    w.dir("layouts/notices")?;
    for (path, text) in LAYOUTS {
        w.file(&format!("layouts/{path}"), text.as_bytes())?;
    }
    w.dir("static/assets")?;
    for (name, bytes) in STATIC {
        w.file(&format!("static/assets/{name}"), bytes)?;
    }
    w.dir("static/notices/files")?;
    w.file(
        "static/notices/files/申报表.txt",
        "温州市市长质量奖申报表（演示附件）\n\n一、企业（组织）基本情况\n二、卓越绩效管理实施情况\n三、近三年主要经济指标\n四、推荐单位意见\n".as_bytes(),
    )?;

    w.dir("content/winners")?;
    w.dir("content/years")?;
    w.dir("content/notices")?;
    w.file(
        "content/_index.md",
        "---\ntitle: 温州市市长质量奖公示公告（合成演示站点）\n---\n".as_bytes(),
    )?;
    w.file(
        "content/winners/_index.md",
        "---\ntitle: 历届获奖企业（组织）\ncrumb: 历届获奖\n---\n".as_bytes(),
    )?;
    w.file(
        "content/years/_index.md",
        "---\ntitle: 评审年度\ncrumb: 评审年度\n---\n".as_bytes(),
    )?;
    w.file("content/notices/_index.md", "---\ntitle: 通知公告\n---\n".as_bytes())?;

    let mut wins: Vec<Win> = Vec::new();
    for cycle in &p.cycles {
        for award in 0..2 {
            for org in cycle.winner_orgs(award) {
                wins.push(Win {
                    year: cycle.year,
                    award,
                    org,
                });
            }
        }
    }
    // An organisation's other titles, for "其他获奖记录".
    let mut by_org: Vec<Vec<usize>> = vec![Vec::new(); p.orgs.len()];
    for (i, win) in wins.iter().enumerate() {
        by_org[win.org].push(i);
    }

    let mut b = String::with_capacity(8192);
    for (i, win) in wins.iter().enumerate() {
        b.clear();
        winner_page(p, &wins, &by_org[win.org], i, &mut b);
        let org = &p.orgs[win.org];
        w.dir(&format!("content/winners/{}/{}", win.year, org.id))?;
        w.file(
            &format!("content/winners/{}/{}/index.md", win.year, org.id),
            b.as_bytes(),
        )?;
    }
    for cycle in &p.cycles {
        b.clear();
        let y = cycle.year;
        let _ = write!(
            b,
            "---\ntitle: {y}年度温州市市长质量奖\nurl: /{y}/\ndate: {}\nyear: {y}\nstage_now: 审定批准并公布\ncall_notice: notices/{y}-call/\npublicity: {y}/publicity/\ndecision: {y}/winners/\nstages:\n",
            cycle.decision
        );
        let dates = [
            zh(cycle.published),
            zh(cycle.deadline),
            zh(cycle.qualification_done),
            zh(cycle.material_done),
            format!("{} 至 {}", zh(cycle.onsite_start), zh(cycle.onsite_end)),
            zh(cycle.vote),
            format!("{} 至 {}", zh(cycle.publicity_start), zh(cycle.publicity_end)),
            zh(cycle.decision),
        ];
        for (name, dates) in STAGES.iter().zip(dates) {
            let _ = write!(b, "  - name: {name}\n    state: done\n    dates: {dates}\n");
        }
        b.push_str("counts:\n");
        for (label, value) in COUNTS.iter().zip(cycle.counts()) {
            let _ = write!(b, "  - label: {label}\n    value: {value}\n");
        }
        b.push_str("---\n");
        w.file(&format!("content/years/{y}.md"), b.as_bytes())?;
    }
    for n in &p.notices {
        b.clear();
        let _ = write!(
            b,
            "---\ntitle: {}\ndate: {}\nkind: {}\nkind_zh: {}\ndate_zh: {}\n",
            q(&n.title),
            n.date,
            n.kind,
            kind_zh(n.kind),
            zh(n.date)
        );
        if let Some(d) = &n.document {
            let _ = writeln!(b, "document: {}", q(d));
        }
        if n.attachment {
            b.push_str("attachments:\n  - title: 温州市市长质量奖申报表\n    path: notices/files/申报表.txt\n");
        }
        b.push_str("---\n\n");
        b.push_str(&n.body);
        w.file(&format!("content/notices/{}.md", n.id), b.as_bytes())?;
    }
    Ok(())
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "call" => "申报通知",
        "publicity" => "公示",
        "result" => "结果公布",
        "revocation" => "撤销决定",
        _ => "通知",
    }
}

/// A winner's title status as of the publication date: 有效, or 已撤销 /
/// 已取消 with the sanction.
fn status<'a>(p: &'a Programme, win: &Win) -> (&'static str, &'static str, Option<&'a super::Sanction>) {
    let sanction = p.orgs[win.org]
        .sanctions
        .iter()
        .find(|s| s.year == win.year && s.award == win.award && s.date <= p.as_of);
    match sanction {
        Some(s) if s.revoked => ("revoked", "已撤销", Some(s)),
        Some(s) => ("cancelled", "已取消", Some(s)),
        None => ("valid", "有效", None),
    }
}

fn winner_page(p: &Programme, wins: &[Win], same_org: &[usize], i: usize, b: &mut String) {
    let win = &wins[i];
    let org = &p.orgs[win.org];
    let cycle = p.cycles.iter().find(|c| c.year == win.year);
    let title = p.award_title(win.award, win.year);
    let (status_id, status_zh, sanction) = status(p, win);
    let recommender = &RECOMMENDERS[org.recommender];
    let industry = &INDUSTRIES[org.industry];
    let _ = write!(
        b,
        "---\ntitle: {}\ndate: {}\naward_title: {}\norg: {}\nstatus: {status_id}\nstatus_zh: {status_zh}\nyear: {}\n",
        q(&format!("{title}：{}", org.name)),
        cycle.map_or(p.as_of, |c| c.decision),
        q(&title),
        q(&org.name),
        win.year
    );
    if let Some(s) = sanction {
        let _ = write!(
            b,
            "sanction:\n  date_iso: {}\n  date_zh: {}\n  kind_zh: {}\n  document: {}\n  reason: {}\n",
            s.date,
            zh(s.date),
            if s.revoked { "撤销" } else { "取消" },
            q(&s.document),
            q(&s.reason)
        );
    }
    if let Some(c) = cycle {
        let _ = write!(
            b,
            "decision_document: {}\ndecision_date_iso: {}\ndecision_date_zh: {}\n",
            q(&c.decision_document),
            c.decision,
            zh(c.decision)
        );
    }
    let _ = write!(
        b,
        "uscc: \"{}\"\nregion_id: {}\nregion_name: {}\nindustry_id: {}\nindustry_name: {}\nestablished_zh: {}\n",
        org.uscc,
        recommender.id,
        recommender.name,
        industry.id,
        industry.name,
        zh(org.established)
    );
    if org.website {
        let _ = writeln!(b, "website: https://{}.example.cn/", org.id);
    }
    let _ = writeln!(b, "badge: badges/{}-{}-{}.svg", win.year, p.award_id(win.award), org.id);
    // Newest first, as qaward lists them.
    let mut others: Vec<usize> = same_org.iter().copied().filter(|&j| j != i).collect();
    others.sort_by_key(|&j| std::cmp::Reverse((wins[j].year, wins[j].award)));
    if !others.is_empty() {
        b.push_str("other_awards:\n");
        for j in others {
            let other = &wins[j];
            let _ = write!(
                b,
                "  - path: winners/{}/{}/\n    title: {}\n    status_zh: {}\n",
                other.year,
                org.id,
                q(&p.award_title(other.award, other.year)),
                status(p, other).1
            );
        }
    }
    b.push_str("---\n\n");
    b.push_str(&org.profile);
}
