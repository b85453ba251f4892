//! The change in award terms, read from the two models: what the staff
//! recorded. Ids, dates, results and counts; never scores, tallies,
//! declarations or the text of objections.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::procedure::{Review, Stage};
use crate::model::{Application, Cycle, Model, ObjectionOutcome, Programme, Regulation, SanctionKind};

/// One fact the change records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// A stable key, e.g. `application-added`, `shortlist-decided`.
    pub kind: &'static str,
    /// The same in words: 新增申报, 确定公示名单.
    pub what: &'static str,
    /// The award year, for facts about a cycle or an award won.
    pub year: Option<i64>,
    /// The ids concerned (applications, organisations, notices, awards, …).
    pub ids: Vec<String>,
    /// The details, in Chinese.
    pub detail: String,
}

impl Change {
    fn new(kind: &'static str, what: &'static str, year: Option<i64>, ids: Vec<String>, detail: String) -> Self {
        Change {
            kind,
            what,
            year,
            ids,
            detail,
        }
    }
}

/// An award's name (its id when the programme lacks it).
fn award_name(model: &Model, id: &str) -> String {
    match model.programme.as_ref().and_then(|p| p.awards.get(id)) {
        Some(a) => a.name.clone(),
        None => format!("`{id}`"),
    }
}

/// `` `a`、`b` ``.
fn id_list(ids: &[String]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join("、")
}

/// Everything `head` records that `base` does not, or records otherwise.
pub fn changes(base: &Model, head: &Model) -> Vec<Change> {
    let mut out = programme_changes(base.programme.as_ref(), head.programme.as_ref());
    let years: BTreeSet<i64> = base.cycles.keys().chain(head.cycles.keys()).copied().collect();
    for year in years {
        out.extend(cycle_changes(
            head,
            year,
            base.cycles.get(&year),
            head.cycles.get(&year),
        ));
    }
    out.extend(sanction_changes(base, head));
    out.extend(file_changes(base, head));
    out
}

/// Keys of `head` missing from `base`, and of `base` missing from `head`.
fn added_removed<'a, K: Ord + Clone + 'a>(
    base: impl IntoIterator<Item = &'a K>,
    head: impl IntoIterator<Item = &'a K>,
) -> (Vec<K>, Vec<K>) {
    let b: BTreeSet<&K> = base.into_iter().collect();
    let h: BTreeSet<&K> = head.into_iter().collect();
    (
        h.difference(&b).map(|k| (*k).clone()).collect(),
        b.difference(&h).map(|k| (*k).clone()).collect(),
    )
}

fn programme_changes(base: Option<&Programme>, head: Option<&Programme>) -> Vec<Change> {
    let (Some(base), Some(head)) = (base, head) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut fields = Vec::new();
    for (label, b, h) in [
        ("名称", &base.name, &head.name),
        ("发布机关", &base.issuer, &head.issuer),
        ("评审办", &base.office.name, &head.office.name),
        ("网站标题", &base.site.title, &head.site.title),
        ("网站地址", &base.site.base_url, &head.site.base_url),
    ] {
        if b != h {
            fields.push(format!("{label}：{b} → {h}"));
        }
    }
    if !fields.is_empty() {
        out.push(Change::new(
            "programme-changed",
            "修改评选项目",
            None,
            Vec::new(),
            fields.join("；"),
        ));
    }
    out.extend(award_changes(base, head));
    out.extend(regulation_changes(&base.regulations, &head.regulations));
    out
}

fn award_changes(base: &Programme, head: &Programme) -> Vec<Change> {
    let mut out = Vec::new();
    for (id, a) in head.awards.iter().filter(|(id, _)| !base.awards.contains_key(*id)) {
        out.push(Change::new(
            "award-added",
            "新增奖项",
            None,
            vec![id.clone()],
            format!("`{id}` {}（称号 {}）", a.name, a.title),
        ));
    }
    for (id, a) in base.awards.iter().filter(|(id, _)| !head.awards.contains_key(*id)) {
        out.push(Change::new(
            "award-removed",
            "删除奖项",
            None,
            vec![id.clone()],
            format!("`{id}` {}", a.name),
        ));
    }
    for (id, h) in &head.awards {
        let Some(b) = base.awards.get(id) else {
            continue;
        };
        if b.title != h.title || b.name != h.name {
            out.push(Change::new(
                "award-title-changed",
                "修改奖项称号",
                None,
                vec![id.clone()],
                format!("`{id}`：{}（{}）→ {}（{}）", b.name, b.title, h.name, h.title),
            ));
        }
    }
    out
}

/// The numbers and facts of a regulation version, as labelled text.
fn regulation_fields(r: &Regulation) -> Vec<(&'static str, String)> {
    let n = &r.rules;
    vec![
        ("文号", r.document.clone()),
        ("标题", r.title.clone()),
        ("施行", r.effective.to_string()),
        ("失效", r.expires.to_string()),
        ("评价标准", r.standard.clone()),
        ("每个奖项每年获奖上限", n.winners_per_award.to_string()),
        ("进入现场评审上限", n.onsite_max.to_string()),
        ("候选企业（组织）上限", n.candidates_max.to_string()),
        ("公示天数", n.publicity_days.to_string()),
        ("撤销后不得申报年限", n.revocation_ban_years.to_string()),
        ("经营年限", n.operating_years.to_string()),
        ("卓越绩效管理年限", n.excellence_years.to_string()),
        ("无质量安全事故年限", n.record_years.to_string()),
        ("评审组人数", format!("{}–{}", n.group_size.min, n.group_size.max)),
        ("专家级别", format!("{:?}", n.expert_levels).to_lowercase()),
        ("申报通知季度", n.call_quarter.to_string()),
        ("注册地区划代码", n.divisions.join("、")),
    ]
}

fn regulation_changes(base: &[Regulation], head: &[Regulation]) -> Vec<Change> {
    let mut out = Vec::new();
    let (added, removed) = added_removed(base.iter().map(|r| &r.id), head.iter().map(|r| &r.id));
    for id in added {
        out.push(Change::new(
            "regulation-added",
            "新增管理办法版本",
            None,
            vec![id.clone()],
            format!("`{id}`"),
        ));
    }
    for id in removed {
        out.push(Change::new(
            "regulation-removed",
            "删除管理办法版本",
            None,
            vec![id.clone()],
            format!("`{id}`"),
        ));
    }
    for h in head {
        let Some(b) = base.iter().find(|b| b.id == h.id) else {
            continue;
        };
        let changed: Vec<String> = regulation_fields(b)
            .into_iter()
            .zip(regulation_fields(h))
            .filter(|((_, x), (_, y))| x != y)
            .map(|((label, x), (_, y))| format!("{label} {x} → {y}"))
            .collect();
        if !changed.is_empty() {
            out.push(Change::new(
                "regulation-changed",
                "修改管理办法规则",
                None,
                vec![h.id.clone()],
                format!("`{}`：{}", h.id, changed.join("；")),
            ));
        }
    }
    out
}

fn cycle_changes(model: &Model, year: i64, base: Option<&Cycle>, head: Option<&Cycle>) -> Vec<Change> {
    let y = Some(year);
    match (base, head) {
        (None, Some(h)) => {
            let mut out = vec![Change::new(
                "cycle-added",
                "新增评审年度",
                y,
                Vec::new(),
                format!("{year}年度：申报通知 {}，截止 {}", h.call.published, h.call.deadline),
            )];
            out.extend(cycle_detail(model, year, &empty_like(h), h));
            out
        }
        (Some(_), None) => vec![Change::new(
            "cycle-removed",
            "删除评审年度",
            y,
            Vec::new(),
            format!("{year}年度"),
        )],
        (Some(b), Some(h)) => cycle_detail(model, year, b, h),
        (None, None) => Vec::new(),
    }
}

/// A cycle with `c`'s call and nothing recorded yet, to compare a new
/// cycle against.
fn empty_like(c: &Cycle) -> Cycle {
    Cycle {
        file: c.file.clone(),
        applications: Default::default(),
        year: c.year,
        call: c.call.clone(),
        qualification_review: None,
        material_review: None,
        onsite_review: None,
        review_groups: IndexMap::new(),
        committee_vote: None,
        publicity: None,
        approval: None,
        decision: None,
    }
}

fn cycle_detail(model: &Model, year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let mut out = Vec::new();
    out.extend(application_changes(model, year, b, h));
    out.extend(stage_changes(year, b, h));
    out.extend(review_changes(year, b, h));
    out.extend(list_changes(model, year, "shortlist", shortlist(b), shortlist(h)));
    out.extend(publicity_changes(year, b, h));
    out.extend(objection_changes(year, b, h));
    out.extend(approval_changes(year, b, h));
    out.extend(decision_changes(year, b, h));
    out.extend(list_changes(model, year, "winners", winners(b), winners(h)));
    out
}

fn application_changes(model: &Model, year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let y = Some(year);
    let mut out = Vec::new();
    let (added, removed) = added_removed(b.applications.keys(), h.applications.keys());
    if !added.is_empty() {
        let detail = h
            .applications
            .iter()
            .filter(|(id, _)| !b.applications.contains_key(*id))
            .map(|(id, a)| {
                format!(
                    "`{id}` 申报{}（企业（组织）`{}`）",
                    award_name(model, &a.award),
                    a.organization
                )
            })
            .collect::<Vec<_>>()
            .join("、");
        out.push(Change::new(
            "application-added",
            "新增申报",
            y,
            added.clone(),
            format!("{} 项：{detail}", added.len()),
        ));
    }
    if !removed.is_empty() {
        out.push(Change::new(
            "application-removed",
            "删除申报",
            y,
            removed.clone(),
            format!("{} 项：{}", removed.len(), id_list(&removed)),
        ));
    }
    let withdrawn: Vec<String> = h
        .applications
        .iter()
        .filter(|(id, a)| a.withdrawn.is_some() && b.applications.get(*id).is_none_or(|x| x.withdrawn.is_none()))
        .map(|(id, _)| id.clone())
        .collect();
    if !withdrawn.is_empty() {
        out.push(Change::new(
            "application-withdrawn",
            "撤回申报",
            y,
            withdrawn.clone(),
            format!("{} 项：{}", withdrawn.len(), id_list(&withdrawn)),
        ));
    }
    out
}

fn stage_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let mut out = Vec::new();
    for review in Review::ALL {
        let result = |a: &Application| review.outcome(a).map(|o| review.outcome_words(o).0);
        let mut recorded: IndexMap<&'static str, Vec<String>> = IndexMap::new();
        let mut changed = Vec::new();
        for (id, a) in &h.applications {
            let before = b.applications.get(id).and_then(|x| result(x));
            match (result(a), before) {
                (Some(now), None) => recorded.entry(now).or_default().push(id.clone()),
                (Some(now), Some(was)) if now != was => changed.push(format!("`{id}` {was} → {now}")),
                _ => {}
            }
        }
        if !recorded.is_empty() {
            let ids: Vec<String> = recorded.values().flatten().cloned().collect();
            let detail = recorded
                .iter()
                .map(|(result, ids)| format!("{result} {}：{}", ids.len(), id_list(ids)))
                .collect::<Vec<_>>()
                .join("；");
            out.push(Change::new(
                stage_kind(review, true),
                "记录评审结果",
                Some(year),
                ids,
                format!("{}：{detail}", review.name_zh()),
            ));
        }
        if !changed.is_empty() {
            out.push(Change::new(
                stage_kind(review, false),
                "修改评审结果",
                Some(year),
                Vec::new(),
                format!("{}：{}", review.name_zh(), changed.join("；")),
            ));
        }
    }
    out
}

fn stage_kind(review: Review, recorded: bool) -> &'static str {
    match (review, recorded) {
        (Review::Qualification, true) => "qualification-recorded",
        (Review::Qualification, false) => "qualification-changed",
        (Review::Material, true) => "material-recorded",
        (Review::Material, false) => "material-changed",
        (Review::Onsite, true) => "onsite-recorded",
        (Review::Onsite, false) => "onsite-changed",
    }
}

/// Stage completion dates, review groups and the committee vote (its date
/// only: tallies are secret to the reviewer too).
fn review_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let y = Some(year);
    let mut out = Vec::new();
    // The review stages' dates, under the reviewer's labels.
    let labels = [
        (Stage::Qualification, "资格审查完成"),
        (Stage::Material, "资料评审完成"),
        (Stage::Onsite, "现场评审"),
        (Stage::Vote, "市评委会表决"),
    ];
    let text = |c: &Cycle, stage: Stage| {
        stage.period(c).map(|p| match stage.end_field() {
            Some(_) => format!("{} 至 {}", p.start, p.end),
            None => p.start.to_string(),
        })
    };
    let dates = labels.map(|(stage, label)| (label, text(b, stage), text(h, stage)));
    for (label, before, now) in dates {
        if before != now {
            out.push(Change::new(
                "stage-dates-changed",
                "评审阶段日期",
                y,
                Vec::new(),
                format!(
                    "{label}：{} → {}",
                    before.as_deref().unwrap_or("未记录"),
                    now.as_deref().unwrap_or("未记录")
                ),
            ));
        }
    }
    out.extend(group_changes(year, b, h));
    out
}

/// Review groups added, removed or recomposed (ids only).
fn group_changes(year: i64, b: &Cycle, h: &Cycle) -> Option<Change> {
    let (added, removed) = added_removed(b.review_groups.keys(), h.review_groups.keys());
    let mut groups = added;
    groups.extend(removed);
    groups.extend(
        h.review_groups
            .iter()
            .filter(|(id, g)| {
                b.review_groups
                    .get(*id)
                    .is_some_and(|x| x.members != g.members || x.leader != g.leader || x.applications != g.applications)
            })
            .map(|(id, _)| id.clone()),
    );
    groups.sort();
    (!groups.is_empty()).then(|| {
        Change::new(
            "review-groups-changed",
            "调整评审组",
            Some(year),
            groups.clone(),
            format!("{} 个评审组：{}", groups.len(), id_list(&groups)),
        )
    })
}

fn shortlist(c: &Cycle) -> Option<&IndexMap<String, Vec<String>>> {
    c.committee_vote.as_ref().map(|v| &v.shortlisted)
}

fn winners(c: &Cycle) -> Option<&IndexMap<String, Vec<String>>> {
    c.decision.as_ref().map(|d| &d.winners)
}

/// A list decided by award (the shortlist, the winners): newly decided, or
/// changed by award.
fn list_changes(
    model: &Model,
    year: i64,
    which: &'static str,
    base: Option<&IndexMap<String, Vec<String>>>,
    head: Option<&IndexMap<String, Vec<String>>>,
) -> Vec<Change> {
    let (decided_kind, changed_kind, decided, changed) = match which {
        "shortlist" => ("shortlist-decided", "shortlist-changed", "确定公示名单", "修改公示名单"),
        _ => ("winners-decided", "winners-changed", "确定获奖名单", "修改获奖名单"),
    };
    let Some(head) = head else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let mut ids = Vec::new();
    for (award, list) in head {
        let before = base.and_then(|b| b.get(award)).map(Vec::as_slice).unwrap_or_default();
        let (added, removed) = added_removed(before, list);
        let award = award_name(model, award);
        if base.is_none() {
            parts.push(format!("{award} {} 家：{}", list.len(), id_list(list)));
        } else if !added.is_empty() || !removed.is_empty() {
            parts.push(format!(
                "{award}：新增 {}；移出 {}",
                if added.is_empty() {
                    "无".to_owned()
                } else {
                    id_list(&added)
                },
                if removed.is_empty() {
                    "无".to_owned()
                } else {
                    id_list(&removed)
                }
            ));
        }
        ids.extend(if base.is_none() { list.clone() } else { added });
    }
    if parts.is_empty() {
        return Vec::new();
    }
    let (kind, what) = if base.is_none() {
        (decided_kind, decided)
    } else {
        (changed_kind, changed)
    };
    vec![Change::new(kind, what, Some(year), ids, parts.join("；"))]
}

fn publicity_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let period = |c: &Cycle| c.publicity.as_ref().map(|p| format!("{} 至 {}", p.start, p.end));
    match (period(b), period(h)) {
        (None, Some(p)) => vec![Change::new(
            "publicity-scheduled",
            "安排公示",
            Some(year),
            Vec::new(),
            format!("公示期 {p}"),
        )],
        (Some(x), Some(y)) if x != y => vec![Change::new(
            "publicity-changed",
            "修改公示期",
            Some(year),
            Vec::new(),
            format!("{x} → {y}"),
        )],
        (Some(x), None) => vec![Change::new(
            "publicity-removed",
            "取消公示",
            Some(year),
            Vec::new(),
            format!("原公示期 {x}"),
        )],
        _ => Vec::new(),
    }
}

fn objection_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let list = |c: &Cycle| c.publicity.as_ref().map(|p| p.objections.clone()).unwrap_or_default();
    let (before, now) = (list(b), list(h));
    let key = |o: &crate::model::Objection| (o.application.clone(), o.received);
    let known: BTreeSet<_> = before.iter().map(key).collect();
    let mut out = Vec::new();
    let added: Vec<String> = now
        .iter()
        .filter(|o| !known.contains(&key(o)))
        .map(|o| o.application.clone())
        .collect();
    if !added.is_empty() {
        out.push(Change::new(
            "objection-added",
            "收到异议",
            Some(year),
            added.clone(),
            format!("{} 件，涉及 {}", added.len(), id_list(&added)),
        ));
    }
    let concluded: Vec<String> = now
        .iter()
        .filter(|o| o.concluded.is_some())
        .filter(|o| !before.iter().any(|x| key(x) == key(o) && x.concluded.is_some()))
        .map(|o| {
            let outcome = match o.outcome {
                Some(ObjectionOutcome::Upheld) => "异议成立",
                Some(ObjectionOutcome::Dismissed) => "异议不成立",
                None => "未记录结论",
            };
            format!("`{}` {outcome}", o.application)
        })
        .collect();
    if !concluded.is_empty() {
        out.push(Change::new(
            "objection-concluded",
            "异议办结",
            Some(year),
            now.iter()
                .filter(|o| o.concluded.is_some())
                .map(|o| o.application.clone())
                .collect(),
            format!("{} 件：{}", concluded.len(), concluded.join("、")),
        ));
    }
    out
}

fn decision_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let fact = |c: &Cycle| c.decision.as_ref().map(|d| format!("{}，{}", d.date, d.document));
    let kinds = ["decision-recorded", "decision-changed", "decision-removed"];
    fact_changes(
        year,
        kinds,
        ["记录审定批准", "修改审定批准", "删除审定批准"],
        fact(b),
        fact(h),
    )
}

/// The list submitted for approval (第十九条): internal, so only its date
/// and document number are named.
fn approval_changes(year: i64, b: &Cycle, h: &Cycle) -> Vec<Change> {
    let fact = |c: &Cycle| {
        c.approval.as_ref().map(|a| {
            format!(
                "{}{}",
                a.submitted,
                a.document.as_deref().map(|d| format!("，{d}")).unwrap_or_default()
            )
        })
    };
    let kinds = ["approval-recorded", "approval-changed", "approval-removed"];
    let words = [
        "记录报请审定的拟获评名单",
        "修改报请审定的拟获评名单",
        "删除报请审定的拟获评名单",
    ];
    fact_changes(year, kinds, words, fact(b), fact(h))
}

/// A one-line fact recorded, changed or removed: `kinds` and `words` in
/// that order.
fn fact_changes(
    year: i64,
    kinds: [&'static str; 3],
    words: [&'static str; 3],
    b: Option<String>,
    h: Option<String>,
) -> Vec<Change> {
    let (index, detail) = match (b, h) {
        (None, Some(d)) => (0, d),
        (Some(x), Some(y)) if x != y => (1, format!("{x} → {y}")),
        (Some(x), None) => (2, x),
        _ => return Vec::new(),
    };
    vec![Change::new(kinds[index], words[index], Some(year), Vec::new(), detail)]
}

/// Sanctions by organisation, keyed by kind, year, award and date.
fn sanction_keys(model: &Model) -> BTreeSet<(String, &'static str, i64, String, String)> {
    model
        .organizations
        .values()
        .flat_map(|o| {
            o.sanctions.iter().map(|s| {
                let kind = match s.kind {
                    SanctionKind::Revoked => "撤销",
                    SanctionKind::Cancelled => "取消",
                };
                (
                    o.id.clone(),
                    kind,
                    s.year,
                    s.award.clone(),
                    format!("{}，{}", s.date, s.document),
                )
            })
        })
        .collect()
}

fn sanction_changes(base: &Model, head: &Model) -> Vec<Change> {
    let (b, h) = (sanction_keys(base), sanction_keys(head));
    let mut out = Vec::new();
    for (list, kind, what, model) in [
        (h.difference(&b), "sanction-added", "新增撤销或取消称号", head),
        (b.difference(&h), "sanction-removed", "删除撤销或取消称号", base),
    ] {
        for (org, sanction, year, award, when) in list {
            out.push(Change::new(
                kind,
                what,
                Some(*year),
                vec![org.clone()],
                format!(
                    "`{org}`：{sanction} {year}年度{}称号（{when}）",
                    award_name(model, award)
                ),
            ));
        }
    }
    out
}

/// Organisations, experts and notices added, removed or edited.
fn file_changes(base: &Model, head: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    let sets = [
        (
            added_removed(base.organizations.keys(), head.organizations.keys()),
            ["organization-added", "organization-removed"],
            ["新增企业（组织）", "删除企业（组织）"],
        ),
        (
            added_removed(base.experts.keys(), head.experts.keys()),
            ["expert-added", "expert-removed"],
            ["新增评审专家", "删除评审专家"],
        ),
    ];
    for ((added, removed), kinds, whats) in sets {
        for (ids, kind, what) in [(added, kinds[0], whats[0]), (removed, kinds[1], whats[1])] {
            if !ids.is_empty() {
                out.push(Change::new(
                    kind,
                    what,
                    None,
                    ids.clone(),
                    format!("{} 个：{}", ids.len(), id_list(&ids)),
                ));
            }
        }
    }
    out.extend(notice_changes(base, head));
    out
}

fn notice_changes(base: &Model, head: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    for (id, n) in head.notices.iter().filter(|(id, _)| !base.notices.contains_key(*id)) {
        out.push(Change::new(
            "notice-added",
            "新增公告",
            n.year,
            vec![id.clone()],
            format!("`{id}` {}（{}）", n.title, n.date),
        ));
    }
    for (id, n) in base.notices.iter().filter(|(id, _)| !head.notices.contains_key(*id)) {
        out.push(Change::new(
            "notice-removed",
            "删除公告",
            n.year,
            vec![id.clone()],
            format!("`{id}` {}", n.title),
        ));
    }
    for (id, n) in &head.notices {
        let Some(b) = base.notices.get(id) else {
            continue;
        };
        if b.title != n.title || b.date != n.date || b.body != n.body || b.document != n.document {
            out.push(Change::new(
                "notice-changed",
                "修改公告",
                n.year,
                vec![id.clone()],
                format!("`{id}` {}（{}）", n.title, n.date),
            ));
        }
    }
    out
}
