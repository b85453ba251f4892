//! Rules about the review groups: their size and leader (第九条), the
//! members' examiner level (第十条) and conflicts of interest (第二十四条(二)).

use std::collections::{BTreeSet, HashMap};

use super::{CycleCtx, governed_cycles};
use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::{Application, Cycle, Expert, ExpertLevel, Model, Organization, ReviewGroup};
use crate::validate::Findings;

/// Runs the rules of this module.
pub(super) fn check(model: &Model, sink: &mut Findings) {
    for ctx in governed_cycles(model) {
        art9_group_size(&ctx, sink);
        art10_expert_level(model, &ctx, sink);
    }
    art24_conflict(model, sink);
}

/// `art9/group-size`: a review group has between `group_size.min` and
/// `group_size.max` experts and works under a leader (第九条), who is one of
/// its members. (The schema keeps members unique.)
fn art9_group_size(ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let size = ctx.regulation.rules.group_size;
    let file = &ctx.cycle.file;
    for (id, group) in &ctx.cycle.review_groups {
        let n = group.members.len();
        if !(size.min..=size.max).contains(&u32::try_from(n).unwrap_or(u32::MAX)) {
            sink.push(Diagnostic::new(
                catalogue::ART9_GROUP_SIZE,
                Location::value(file, format!("/review_groups/{id}/members")),
                Message::new(
                    format!(
                        "评审组 {} 有 {n} 名专家，应为 {} 至 {} 名",
                        code(id),
                        size.min,
                        size.max
                    ),
                    format!(
                        "review group {} has {n} experts, expected {} to {}",
                        code(id),
                        size.min,
                        size.max
                    ),
                ),
            ));
        }
        if !group.members.contains(&group.leader) {
            sink.push(Diagnostic::new(
                catalogue::ART9_GROUP_SIZE,
                Location::value(file, format!("/review_groups/{id}/leader")),
                Message::new(
                    format!("评审组 {} 的组长 {} 不在组员名单中", code(id), code(&group.leader)),
                    format!(
                        "the leader {} of review group {} is not among its members",
                        code(&group.leader),
                        code(id)
                    ),
                ),
            ));
        }
    }
}

/// `art10/expert-level`: every examiner holds a qualification of a level in
/// `expert_levels` (第十条: provincial or above).
fn art10_expert_level(model: &Model, ctx: &CycleCtx<'_>, sink: &mut Findings) {
    let allowed = &ctx.regulation.rules.expert_levels;
    for (id, group) in &ctx.cycle.review_groups {
        for (i, member) in group.members.iter().enumerate() {
            // An unknown expert is `ref`'s finding.
            let Some(expert) = model.experts.get(member) else {
                continue;
            };
            if allowed.contains(&expert.level) {
                continue;
            }
            let (level_zh, level_en) = level_name(expert.level);
            let names_zh: Vec<&str> = allowed.iter().map(|l| level_name(*l).0).collect();
            let names_en: Vec<&str> = allowed.iter().map(|l| level_name(*l).1).collect();
            sink.push(
                Diagnostic::new(
                    catalogue::ART10_EXPERT_LEVEL,
                    Location::value(&ctx.cycle.file, format!("/review_groups/{id}/members/{i}")),
                    Message::new(
                        format!(
                            "评审组 {} 的专家 {}（{}）为{level_zh}评审员，评审专家应具有{}评审员资格",
                            code(id),
                            code(member),
                            expert.name,
                            names_zh.join("或")
                        ),
                        format!(
                            "expert {} ({}) of review group {} is a {level_en} examiner; examiners must be {}",
                            code(member),
                            expert.name,
                            code(id),
                            names_en.join(" or ")
                        ),
                    ),
                )
                .with_related(
                    Location::value(&expert.file, "/level"),
                    Message::new("专家的评审员级别", "the expert's examiner level"),
                ),
            );
        }
    }
}

/// `art24/conflict`: reviewers stand aside from reviews they have an
/// interest in (第二十四条(二)): no group member reviews an organisation in
/// their declared `conflicts`, or the organisation they work for. A group
/// reviews the applications it lists and those whose on-site review names
/// it.
fn art24_conflict(model: &Model, sink: &mut Findings) {
    for cycle in model.cycles.values() {
        let onsite = onsite_by_group(cycle);
        for (id, group) in &cycle.review_groups {
            let visited = onsite.get(id.as_str()).map_or(&[][..], Vec::as_slice);
            for app in reviewed_by(cycle, group, visited) {
                // An unknown organisation is `ref`'s finding.
                let Some(org) = model.organizations.get(&app.organization) else {
                    continue;
                };
                for (i, member) in group.members.iter().enumerate() {
                    let Some(expert) = model.experts.get(member) else {
                        continue;
                    };
                    for (shown_at, label, reason) in interests(expert, org) {
                        let message = Message::new(
                            format!(
                                "专家 {}（{}）{}，却在评审组 {} 中评审其申报 {}",
                                code(member),
                                expert.name,
                                reason.zh,
                                code(id),
                                code(&app.id)
                            ),
                            format!(
                                "expert {} ({}) {}, yet reviews its application {} in group {}",
                                code(member),
                                expert.name,
                                reason.en,
                                code(&app.id),
                                code(id)
                            ),
                        );
                        sink.push(
                            Diagnostic::new(
                                catalogue::ART24_CONFLICT,
                                Location::value(&cycle.file, format!("/review_groups/{id}/members/{i}")),
                                message,
                            )
                            .with_related(shown_at, label)
                            .with_related(
                                Location::value(&app.file, "/organization"),
                                Message::new(
                                    format!("由评审组 {} 评审的申报", code(id)),
                                    format!("the application reviewed by group {}", code(id)),
                                ),
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Why `expert` must stand aside from `org`: where the expert's file shows
/// it, a label for that place, and the reason.
fn interests(expert: &Expert, org: &Organization) -> Vec<(Location, Message, Message)> {
    let mut found = Vec::new();
    let declared = expert.conflicts.contains(&org.id);
    if !declared && expert.affiliation != org.name {
        return found;
    }
    let whom_zh = format!("{}（{}）", code(&org.id), org.name);
    let whom_en = format!("{} ({})", code(&org.id), org.name);
    if let Some(k) = expert.conflicts.iter().position(|c| *c == org.id) {
        found.push((
            Location::value(&expert.file, format!("/conflicts/{k}")),
            Message::new("专家申报的利害关系", "the declared interest"),
            Message::new(
                format!("已申报与企业（组织）{whom_zh}有利害关系"),
                format!("declared an interest in organisation {whom_en}"),
            ),
        ));
    }
    if expert.affiliation == org.name {
        found.push((
            Location::value(&expert.file, "/affiliation"),
            Message::new("专家的任职单位", "the expert's employer"),
            Message::new(
                format!("任职于企业（组织）{whom_zh}"),
                format!("works for organisation {whom_en}"),
            ),
        ));
    }
    found
}

/// The applications whose on-site review names each group, found in one
/// pass over the cycle.
fn onsite_by_group(cycle: &Cycle) -> HashMap<&str, Vec<&str>> {
    let mut by_group: HashMap<&str, Vec<&str>> = HashMap::new();
    for app in cycle.applications.values() {
        if let Some(onsite) = &app.onsite {
            by_group.entry(onsite.group.as_str()).or_default().push(app.id.as_str());
        }
    }
    by_group
}

/// The applications a group reviews: those it lists and those whose on-site
/// review names it (`visited`), each once. Unknown ids are `ref`'s findings.
fn reviewed_by<'a>(cycle: &'a Cycle, group: &'a ReviewGroup, visited: &[&'a str]) -> Vec<&'a Application> {
    let mut ids: BTreeSet<&str> = group.applications.iter().map(String::as_str).collect();
    ids.extend(visited.iter().copied());
    ids.into_iter()
        .filter_map(|a| cycle.applications.get(a).map(|a| &**a))
        .collect()
}

fn level_name(level: ExpertLevel) -> (&'static str, &'static str) {
    match level {
        ExpertLevel::Municipal => ("市级", "municipal"),
        ExpertLevel::Provincial => ("省级", "provincial"),
        ExpertLevel::National => ("国家级", "national"),
    }
}
