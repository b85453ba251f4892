//! Rule `ref`: every id reference resolves.

use std::collections::BTreeSet;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::load::{Content, Kind};
use crate::model::procedure::Stage;
use crate::model::{Cycle, Model, Programme};
use crate::suggest::suggest;
use crate::validate::Findings;

/// One set of ids that references point into.
struct Namespace<'a> {
    ids: BTreeSet<&'a str>,
    what_zh: &'static str,
    what_en: &'static str,
    /// Where the set is defined, when it is one place.
    defined: Option<Location>,
    /// Where to add one, for the message.
    hint_zh: String,
    hint_en: String,
}

impl Namespace<'_> {
    fn check(&self, sink: &mut Findings, id: &str, at: Location) {
        if self.ids.contains(id) {
            return;
        }
        let candidates: Vec<String> = self.ids.iter().map(|s| (*s).to_owned()).collect();
        let (guess_zh, guess_en) = match suggest(id, &candidates) {
            Some(s) => (
                format!("，是否想写 {}？", code(s)),
                format!("; did you mean {}?", code(s)),
            ),
            None => (format!("（{}）", self.hint_zh), format!(" ({})", self.hint_en)),
        };
        let mut d = Diagnostic::new(
            catalogue::REF,
            at,
            Message::new(
                format!("找不到{} {}{guess_zh}", self.what_zh, code(id)),
                format!("no {} {}{guess_en}", self.what_en, code(id)),
            ),
        );
        if let Some(defined) = &self.defined {
            d = d.with_related(
                defined.clone(),
                Message::new(
                    format!("{}在此定义", self.what_zh),
                    format!("the {} ids are defined here", self.what_en),
                ),
            );
        }
        sink.push(d);
    }
}

fn folder<'a>(
    ids: impl IntoIterator<Item = &'a String>,
    what_zh: &'static str,
    what_en: &'static str,
    (hint_zh, hint_en): (&str, &str),
) -> Namespace<'a> {
    Namespace {
        ids: ids.into_iter().map(String::as_str).collect(),
        what_zh,
        what_en,
        defined: None,
        hint_zh: hint_zh.to_owned(),
        hint_en: hint_en.to_owned(),
    }
}

fn programme_map<'a>(
    ids: impl IntoIterator<Item = &'a String>,
    key: &str,
    what_zh: &'static str,
    what_en: &'static str,
) -> Namespace<'a> {
    Namespace {
        ids: ids.into_iter().map(String::as_str).collect(),
        what_zh,
        what_en,
        defined: Some(Location::key("programme.yaml", format!("/{key}"))),
        hint_zh: format!("可在 programme.yaml 的 `{key}` 中添加"),
        hint_en: format!("add it under `{key}` in programme.yaml"),
    }
}

/// The namespaces that are folders of the content root.
struct Folders<'a> {
    orgs: Namespace<'a>,
    experts: Namespace<'a>,
    notices: Namespace<'a>,
    attachments: Namespace<'a>,
}

impl<'a> Folders<'a> {
    fn of(content: &'a Content, empty: &'a BTreeSet<String>) -> Folders<'a> {
        let ids = |kind: Kind| content.ids.get(&kind).unwrap_or(empty);
        Folders {
            orgs: folder(
                ids(Kind::Organization),
                "企业（组织）",
                "organisation",
                (
                    "应有文件 organizations/<编号>.yaml",
                    "expected a file organizations/<id>.yaml",
                ),
            ),
            experts: folder(
                ids(Kind::Expert),
                "评审专家",
                "expert",
                ("应有文件 experts/<编号>.yaml", "expected a file experts/<id>.yaml"),
            ),
            notices: folder(
                ids(Kind::Notice),
                "公告",
                "notice",
                ("应有文件 notices/<编号>.md", "expected a file notices/<id>.md"),
            ),
            attachments: folder(
                &content.attachments,
                "附件文件",
                "attachment file",
                (
                    "文件应放在 notices/files/ 下，路径相对于该目录",
                    "expected the file under notices/files/, its path relative to that folder",
                ),
            ),
        }
    }
}

pub(crate) fn check(model: &Model, content: &Content, sink: &mut Findings) {
    let empty = BTreeSet::new();
    let folders = Folders::of(content, &empty);
    for expert in model.experts.values() {
        for (i, org) in expert.conflicts.iter().enumerate() {
            folders
                .orgs
                .check(sink, org, Location::value(&expert.file, format!("/conflicts/{i}")));
        }
    }
    for notice in model.notices.values() {
        for (i, a) in notice.attachments.iter().enumerate() {
            let at = Location::value(&notice.file, format!("/attachments/{i}/file"));
            folders.attachments.check(sink, &a.file, at);
        }
    }
    for cycle in model.cycles.values() {
        check_cycle_folders(cycle, content, &folders, sink);
    }
    // Without a valid programme.yaml only folder-backed references can be
    // checked.
    if let Some(programme) = &model.programme {
        check_programme_ids(model, programme, sink);
    }
}

/// The ids that `programme.yaml` defines: awards, recommenders,
/// industries.
fn check_programme_ids(model: &Model, programme: &Programme, sink: &mut Findings) {
    let awards = programme_map(programme.awards.keys(), "awards", "奖项", "award");
    let recommenders = programme_map(programme.recommenders.keys(), "recommenders", "推荐单位", "recommender");
    let industries = programme_map(programme.industries.keys(), "industries", "行业", "industry");
    for org in model.organizations.values() {
        recommenders.check(sink, &org.recommender, Location::value(&org.file, "/recommender"));
        industries.check(sink, &org.industry, Location::value(&org.file, "/industry"));
        for (i, s) in org.sanctions.iter().enumerate() {
            let at = Location::value(&org.file, format!("/sanctions/{i}/award"));
            awards.check(sink, &s.award, at);
        }
    }
    for cycle in model.cycles.values() {
        let file = &cycle.file;
        for stage in Stage::LISTS {
            for award in stage.list(cycle).into_iter().flat_map(|l| l.keys()) {
                let pointer = format!("{}/{award}", stage.list_pointer());
                awards.check(sink, award, Location::key(file, pointer));
            }
        }
        for app in cycle.applications.values() {
            awards.check(sink, &app.award, Location::value(&app.file, "/award"));
            recommenders.check(sink, &app.recommender, Location::value(&app.file, "/recommender"));
        }
    }
}

/// References inside a cycle that do not need programme.yaml.
fn check_cycle_folders(cycle: &Cycle, content: &Content, folders: &Folders<'_>, sink: &mut Findings) {
    let file = &cycle.file;
    let year = cycle.year.to_string();
    let no_apps = BTreeSet::new();
    let apps = folder(
        content.application_ids.get(&year).unwrap_or(&no_apps),
        "本年度申报",
        "application of this cycle",
        (
            &format!("应有文件 cycles/{year}/applications/<编号>.yaml"),
            &format!("expected a file cycles/{year}/applications/<id>.yaml"),
        ),
    );
    folders
        .notices
        .check(sink, &cycle.call.notice, Location::value(file, "/call/notice"));
    if let Some(notice) = cycle.publicity.as_ref().and_then(|p| p.notice.as_ref()) {
        folders
            .notices
            .check(sink, notice, Location::value(file, "/publicity/notice"));
    }
    check_review_groups(cycle, &folders.experts, &apps, sink);
    check_listed_applications(cycle, &apps, sink);
    for app in cycle.applications.values() {
        let at = Location::value(&app.file, "/organization");
        folders.orgs.check(sink, &app.organization, at);
    }
}

/// The review groups' experts and applications, and each on-site review's
/// group.
fn check_review_groups(cycle: &Cycle, experts: &Namespace<'_>, apps: &Namespace<'_>, sink: &mut Findings) {
    let file = &cycle.file;
    let groups = Namespace {
        ids: cycle.review_groups.keys().map(String::as_str).collect(),
        what_zh: "评审组",
        what_en: "review group",
        defined: Some(Location::key(file, "/review_groups")),
        hint_zh: format!("可在 {file} 的 `review_groups` 中添加"),
        hint_en: format!("add it under `review_groups` in {file}"),
    };
    for (id, group) in &cycle.review_groups {
        let base = format!("/review_groups/{id}");
        experts.check(sink, &group.leader, Location::value(file, format!("{base}/leader")));
        for (i, m) in group.members.iter().enumerate() {
            experts.check(sink, m, Location::value(file, format!("{base}/members/{i}")));
        }
        for (i, a) in group.applications.iter().enumerate() {
            apps.check(sink, a, Location::value(file, format!("{base}/applications/{i}")));
        }
    }
    for app in cycle.applications.values() {
        if let Some(onsite) = &app.onsite {
            groups.check(sink, &onsite.group, Location::value(&app.file, "/onsite/group"));
        }
    }
}

/// The applications that the tallies, the lists and the objections name.
fn check_listed_applications(cycle: &Cycle, apps: &Namespace<'_>, sink: &mut Findings) {
    let file = &cycle.file;
    if let Some(vote) = &cycle.committee_vote {
        for app in vote.tallies.keys() {
            apps.check(sink, app, Location::key(file, format!("/committee_vote/tallies/{app}")));
        }
    }
    for stage in Stage::LISTS {
        for (award, list) in stage.list(cycle).into_iter().flatten() {
            for (i, app) in list.iter().enumerate() {
                let pointer = format!("{}/{award}/{i}", stage.list_pointer());
                apps.check(sink, app, Location::value(file, pointer));
            }
        }
    }
    if let Some(publicity) = &cycle.publicity {
        for (i, o) in publicity.objections.iter().enumerate() {
            let pointer = format!("/publicity/objections/{i}/application");
            apps.check(sink, &o.application, Location::value(file, pointer));
        }
    }
}
