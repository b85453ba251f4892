//! Publication: the public view of the model, under the publication rules
//! of SPEC section 5 (第二十四条(四): the review stays confidential).
//!
//! Templates receive only the types of this module. They carry no expert,
//! review group, score, item, self-evaluation, declaration, contact, tally,
//! objection or stage outcome, and no applicant that was not publicised; a
//! theme cannot leak what it was never given. Everything is embargoed by
//! the publication date `as_of`:
//! - an organisation appears from the start of a publicity that lists it
//!   (name and recommender only) or from the decision that made it a winner;
//! - notices and sanctions appear from their date;
//! - a cycle's stages and counts appear as each stage is reached.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

pub(crate) use crate::calendar::DateView;
use crate::markdown::{self, Memo};
use crate::model::procedure::{self, Progress, Review, Stage};
use crate::model::{Cycle, Model, NoticeKind, Organization, Programme, SanctionKind};

/// What the publisher needs besides the model.
#[derive(Clone, Debug)]
pub struct PublishOptions {
    /// The publication date: nothing dated later is shown.
    pub as_of: Date,
    /// Overrides `site.base_url`.
    pub base_url: Option<String>,
}

/// An id with its display name.
#[derive(Clone, Debug, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FooterView {
    pub sponsor: String,
    /// 网站标识码; with it the footer links 我为政府网站找错.
    pub site_code: Option<String>,
    /// ICP备案号, linked to the MIIT filing system.
    pub icp: Option<String>,
    /// 公安备案号 as written.
    pub police: Option<String>,
    /// The digits of the 公安备案号: the record code its link names, when
    /// it has any.
    pub police_record: Option<String>,
    /// Where the 党政机关网站标识 links to; the mark shows only with it.
    pub dzjg_url: Option<String>,
    pub contact: String,
}

/// Site-wide facts every page shows.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/zlj/`), for the 404 page.
    pub base_path: String,
    pub language: String,
    pub programme: String,
    pub issuer: String,
    pub office: String,
    pub office_host: String,
    pub footer: FooterView,
    pub as_of: DateView,
}

#[derive(Clone, Debug, Serialize)]
pub struct AttachmentView {
    pub title: String,
    /// Path from the site root, e.g. `notices/files/申报表.txt`.
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoticeView {
    pub id: String,
    pub title: String,
    pub date: DateView,
    pub kind: &'static str,
    pub kind_zh: &'static str,
    pub year: Option<i64>,
    pub document: Option<String>,
    /// The 信息公开 table: 索引号 (when recorded), 发布机构, 成文日期 and
    /// 主题分类 (when recorded or set in `disclosure.topic`), defaults
    /// applied.
    pub index_no: Option<String>,
    pub publisher: String,
    pub written: DateView,
    pub topic: Option<String>,
    pub body_html: String,
    /// Plain text of the body, for search and summaries.
    pub text: String,
    pub attachments: Vec<AttachmentView>,
    /// Path from the site root: `notices/<id>/`.
    pub path: String,
}

/// An award with its title for one year.
#[derive(Clone, Debug, Serialize)]
pub struct AwardView {
    pub id: String,
    pub name: String,
    /// The year-marked title (第二十二条), e.g. 2023年度温州市市长质量奖.
    pub title: String,
}

/// The public fields of a winning organisation.
#[derive(Clone, Debug, Serialize)]
pub struct OrgView {
    pub id: String,
    pub name: String,
    pub uscc: String,
    pub established: DateView,
    pub recommender: Named,
    pub industry: Named,
    pub website: Option<String>,
    pub profile_html: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SanctionView {
    pub org_id: String,
    pub org_name: String,
    pub kind: &'static str,
    pub kind_zh: &'static str,
    pub year: i64,
    pub award: AwardView,
    pub date: DateView,
    pub document: String,
    pub reason: String,
}

/// One award won: a row of the roll of honour and a winner page.
#[derive(Clone, Debug, Serialize)]
pub struct WinnerView {
    pub year: i64,
    pub award: AwardView,
    pub org: OrgView,
    /// `valid`, `revoked` or `cancelled`.
    pub status: &'static str,
    /// 有效, 已撤销 or 已取消.
    pub status_zh: &'static str,
    pub sanction: Option<SanctionView>,
    pub decision_document: String,
    pub decision_date: DateView,
    /// `winners/<year>/<org-id>/`.
    pub path: String,
    /// `badges/<year>-<award>-<org-id>.svg`.
    pub badge: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublicityEntry {
    pub index: usize,
    pub award: String,
    pub name: String,
    pub recommender: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContactView {
    pub department: String,
    pub phone: String,
    pub address: String,
    pub email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublicityView {
    pub title: String,
    pub start: DateView,
    pub end: DateView,
    pub days: i64,
    /// Whether `as_of` falls in the period.
    pub running: bool,
    pub entries: Vec<PublicityEntry>,
    pub contact: ContactView,
    pub issuer: String,
    pub notice: Option<String>,
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionAward {
    pub award: AwardView,
    pub winners: Vec<WinnerView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionView {
    pub title: String,
    pub page_title: String,
    pub date: DateView,
    pub document: String,
    pub awards: Vec<DecisionAward>,
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    pub name: &'static str,
    /// Empty until the stage is reached.
    pub dates: String,
    /// `done`, `current` or `upcoming`.
    pub state: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct CountView {
    pub label: &'static str,
    pub value: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct CycleView {
    pub year: i64,
    /// {year}年度{name}
    pub title: String,
    pub stage_now: &'static str,
    pub stages: Vec<StageView>,
    pub counts: Vec<CountView>,
    pub call_notice: Option<String>,
    pub publicity: Option<PublicityView>,
    pub decision: Option<DecisionView>,
    pub path: String,
}

/// A region or industry with the winners it has.
#[derive(Clone, Debug, Serialize)]
pub struct FacetView {
    pub id: String,
    pub name: String,
    pub count: usize,
    pub path: String,
}

/// Everything the site shows, and nothing more.
#[derive(Clone, Debug, Serialize)]
pub struct PublicSite {
    pub site: SiteView,
    pub awards: Vec<Named>,
    /// Newest first.
    pub notices: Vec<NoticeView>,
    /// Newest first; only cycles whose call is published.
    pub cycles: Vec<CycleView>,
    /// Newest year first, then award order, then decision order.
    pub winners: Vec<WinnerView>,
    pub sanctions: Vec<SanctionView>,
    pub regions: Vec<FacetView>,
    pub industries: Vec<FacetView>,
    /// Attachment files to copy (paths under `notices/files/`).
    pub attachments: BTreeSet<String>,
}

fn notice_kind(kind: NoticeKind) -> (&'static str, &'static str) {
    match kind {
        NoticeKind::Call => ("call", "申报通知"),
        NoticeKind::Publicity => ("publicity", "公示"),
        NoticeKind::Result => ("result", "结果公告"),
        NoticeKind::Revocation => ("revocation", "撤销公告"),
        NoticeKind::General => ("general", "工作动态"),
    }
}

fn award_view(programme: &Programme, id: &str, year: i64) -> AwardView {
    match programme.awards.get(id) {
        Some(a) => AwardView {
            id: id.to_owned(),
            name: a.name.clone(),
            title: a.title_for(year),
        },
        None => AwardView {
            id: id.to_owned(),
            name: id.to_owned(),
            title: format!("{year}年度{id}"),
        },
    }
}

fn named_recommender(programme: &Programme, id: &str) -> Named {
    Named {
        id: id.to_owned(),
        name: programme
            .recommenders
            .get(id)
            .map_or_else(|| id.to_owned(), |r| r.name.clone()),
    }
}

fn named_industry(programme: &Programme, id: &str) -> Named {
    Named {
        id: id.to_owned(),
        name: programme
            .industries
            .get(id)
            .map_or_else(|| id.to_owned(), |r| r.name.clone()),
    }
}

fn org_view(programme: &Programme, org: &Organization, md: &Memo) -> OrgView {
    OrgView {
        id: org.id.clone(),
        name: org.name.clone(),
        uscc: org.uscc.clone(),
        established: org.established.into(),
        recommender: named_recommender(programme, &org.recommender),
        industry: named_industry(programme, &org.industry),
        website: org.website.clone(),
        profile_html: org.profile.as_deref().map(|p| md.to_html(p).to_string()),
    }
}

fn sanction_view(programme: &Programme, org: &Organization, s: &crate::model::Sanction) -> SanctionView {
    let (kind, kind_zh) = match s.kind {
        SanctionKind::Revoked => ("revoked", "撤销"),
        SanctionKind::Cancelled => ("cancelled", "取消"),
    };
    SanctionView {
        org_id: org.id.clone(),
        org_name: org.name.clone(),
        kind,
        kind_zh,
        year: s.year,
        award: award_view(programme, &s.award, s.year),
        date: s.date.into(),
        document: s.document.clone(),
        reason: s.reason.clone(),
    }
}

/// The path part of a base URL, the site's folder on its host: no query or
/// fragment, ending in `/` (`https://example.gov.cn/zlj?x` → `/zlj/`).
/// `build` and `serve` both read it here.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let mut path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]).to_owned();
    if let Some(i) = path.find(['?', '#']) {
        path.truncate(i);
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Builds the public view, with Markdown rendered through `md` (a caller
/// that publishes again and again keeps it). The model must have a
/// programme (validation refuses to build otherwise); without one there is
/// no site.
pub fn public_view(model: &Model, options: &PublishOptions, md: &Memo) -> Option<PublicSite> {
    let programme = model.programme.as_ref()?;
    let as_of = options.as_of;
    let notices = notice_views(model, programme, as_of, md);
    let published_notices: BTreeSet<&str> = notices.iter().map(|n| n.id.as_str()).collect();
    let (cycles, winners) = cycle_views(model, programme, as_of, &published_notices, md);
    let (regions, industries) = facets(programme, &winners);
    Some(PublicSite {
        site: site_view(programme, options),
        awards: programme
            .awards
            .iter()
            .map(|(id, a)| Named {
                id: id.clone(),
                name: a.name.clone(),
            })
            .collect(),
        attachments: model
            .notices
            .values()
            .filter(|n| n.date <= as_of)
            .flat_map(|n| n.attachments.iter().map(|a| a.file.clone()))
            .collect(),
        notices,
        cycles,
        winners,
        sanctions: sanction_views(model, programme, as_of),
        regions,
        industries,
    })
}

/// The site's own facts: titles, addresses, the footer.
fn site_view(programme: &Programme, options: &PublishOptions) -> SiteView {
    let mut base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| programme.site.base_url.clone());
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    SiteView {
        title: programme.site.title.clone(),
        base_path: base_path(&base_url),
        base_url,
        language: programme.site.language.clone(),
        programme: programme.name.clone(),
        issuer: programme.issuer.clone(),
        office: programme.office.name.clone(),
        office_host: programme.office.host.clone(),
        footer: footer_view(&programme.site.footer),
        as_of: options.as_of.into(),
    }
}

/// The footer's fields and identity marks (SPEC section 9).
fn footer_view(footer: &crate::model::Footer) -> FooterView {
    let police_record = footer.police.as_deref().and_then(|police| {
        let digits: String = police.chars().filter(char::is_ascii_digit).collect();
        (!digits.is_empty()).then_some(digits)
    });
    FooterView {
        sponsor: footer.sponsor.clone(),
        site_code: footer.site_code.clone(),
        icp: footer.icp.clone(),
        police: footer.police.clone(),
        police_record,
        dzjg_url: footer.dzjg_url.clone(),
        contact: footer.contact.clone(),
    }
}

/// The notices dated by `as_of`, newest first. They are viewed in parallel
/// (their Markdown is most of the work) and collected in order.
fn notice_views(model: &Model, programme: &Programme, as_of: Date, md: &Memo) -> Vec<NoticeView> {
    let public: Vec<&crate::model::Notice> = model.notices.values().filter(|n| n.date <= as_of).collect();
    let mut notices: Vec<NoticeView> = public.into_par_iter().map(|n| notice_view(n, programme, md)).collect();
    notices.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    notices
}

fn notice_view(n: &crate::model::Notice, programme: &Programme, md: &Memo) -> NoticeView {
    let (kind, kind_zh) = notice_kind(n.kind);
    let default_topic = programme.disclosure.as_ref().and_then(|d| d.topic.as_ref());
    NoticeView {
        id: n.id.clone(),
        title: n.title.clone(),
        date: n.date.into(),
        kind,
        kind_zh,
        year: n.year,
        document: n.document.clone(),
        index_no: n.index_no.clone(),
        publisher: n.publisher.clone().unwrap_or_else(|| programme.office.host.clone()),
        written: n.written.unwrap_or(n.date).into(),
        topic: n.topic.as_ref().or(default_topic).cloned(),
        body_html: md.to_html(&n.body).to_string(),
        text: markdown::to_text(&n.body),
        attachments: n
            .attachments
            .iter()
            .map(|a| AttachmentView {
                title: a.title.clone(),
                path: format!("notices/files/{}", a.file),
            })
            .collect(),
        path: format!("notices/{}/", n.id),
    }
}

/// The cycles whose call is published, newest first, and their published
/// winners in the same order; viewed in parallel, collected in order.
fn cycle_views(
    model: &Model,
    programme: &Programme,
    as_of: Date,
    published_notices: &BTreeSet<&str>,
    md: &Memo,
) -> (Vec<CycleView>, Vec<WinnerView>) {
    let called: Vec<&Cycle> = model
        .cycles
        .values()
        .rev()
        .filter(|c| c.call.published <= as_of)
        .collect();
    let viewed: Vec<(Vec<WinnerView>, CycleView)> = called
        .into_par_iter()
        .map(|cycle| {
            let cycle_winners = cycle_winners(model, programme, cycle, as_of, md);
            let view = cycle_view(model, programme, cycle, as_of, published_notices, &cycle_winners);
            (cycle_winners, view)
        })
        .collect();
    let mut winners = Vec::new();
    let mut cycles = Vec::new();
    for (cycle_winners, view) in viewed {
        winners.extend(cycle_winners);
        cycles.push(view);
    }
    (cycles, winners)
}

/// The sanctions dated by `as_of`, newest first.
fn sanction_views(model: &Model, programme: &Programme, as_of: Date) -> Vec<SanctionView> {
    let mut sanctions: Vec<SanctionView> = model
        .organizations
        .values()
        .flat_map(|org| {
            org.sanctions
                .iter()
                .filter(|s| s.date <= as_of)
                .map(move |s| sanction_view(programme, org, s))
        })
        .collect();
    sanctions.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.org_id.cmp(&b.org_id)));
    sanctions
}

/// The regions and the industries that have winners, in the programme's
/// order, with their counts.
fn facets(programme: &Programme, winners: &[WinnerView]) -> (Vec<FacetView>, Vec<FacetView>) {
    let facet = |key: &dyn Fn(&WinnerView) -> &Named, prefix: &str| -> Vec<FacetView> {
        let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for w in winners {
            let n = key(w);
            counts.entry(n.id.clone()).or_insert_with(|| (n.name.clone(), 0)).1 += 1;
        }
        counts
            .into_iter()
            .map(|(id, (name, count))| FacetView {
                path: format!("winners/{prefix}/{id}/"),
                id,
                name,
                count,
            })
            .collect()
    };
    let mut regions = facet(&|w| &w.org.recommender, "region");
    regions.sort_by_key(|f| programme.recommenders.get_index_of(&f.id));
    let mut industries = facet(&|w| &w.org.industry, "industry");
    industries.sort_by_key(|f| programme.industries.get_index_of(&f.id));
    (regions, industries)
}

/// The winners of a cycle, once its decision is published.
fn cycle_winners(model: &Model, programme: &Programme, cycle: &Cycle, as_of: Date, md: &Memo) -> Vec<WinnerView> {
    let Some(decision) = cycle.decision.as_ref().filter(|d| d.date <= as_of) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for award_id in programme.awards.keys() {
        let Some(list) = decision.winners.get(award_id) else {
            continue;
        };
        for app_id in list {
            let Some(org) = cycle
                .applications
                .get(app_id)
                .and_then(|a| model.organizations.get(&a.organization))
            else {
                continue;
            };
            let sanction = org
                .sanctions
                .iter()
                .filter(|s| s.year == cycle.year && &s.award == award_id && s.date <= as_of)
                .max_by_key(|s| s.date);
            let (status, status_zh) = match sanction.map(|s| s.kind) {
                None => ("valid", "有效"),
                Some(SanctionKind::Revoked) => ("revoked", "已撤销"),
                Some(SanctionKind::Cancelled) => ("cancelled", "已取消"),
            };
            out.push(WinnerView {
                year: cycle.year,
                award: award_view(programme, award_id, cycle.year),
                org: org_view(programme, org, md),
                status,
                status_zh,
                sanction: sanction.map(|s| sanction_view(programme, org, s)),
                decision_document: decision.document.clone(),
                decision_date: decision.date.into(),
                path: format!("winners/{}/{}/", cycle.year, org.id),
                badge: format!("badges/{}-{}-{}.svg", cycle.year, award_id, org.id),
            });
        }
    }
    out
}

/// The public timeline's text for a stage's dates: a day, or a period.
fn period_text(stage: Stage, period: procedure::Period) -> String {
    if stage.end_field().is_none() {
        DateView::from(period.start).zh
    } else {
        format!(
            "{} 至 {}",
            DateView::from(period.start).zh,
            DateView::from(period.end).zh
        )
    }
}

/// Every stage of the procedure as the public timeline shows it on
/// `as_of`, and the name of the latest one reached.
fn timeline(cycle: &Cycle, as_of: Date) -> (&'static str, Vec<StageView>) {
    let mut stage_now = "申报通知已发布";
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let period = stage.period(cycle);
            let state = period.map_or(Progress::Upcoming, |p| p.progress(as_of));
            if state != Progress::Upcoming {
                stage_now = stage.timeline_zh();
            }
            StageView {
                name: stage.timeline_zh(),
                dates: match (state, period) {
                    (Progress::Upcoming, _) | (_, None) => String::new(),
                    (_, Some(p)) => period_text(stage, p),
                },
                state: state.as_str(),
            }
        })
        .collect();
    (stage_now, stages)
}

/// The aggregate counts the public sees, each from the last day of its
/// stage: applications, then how many went on at each review.
fn review_counts(cycle: &Cycle, as_of: Date) -> Vec<CountView> {
    let counts = procedure::counts(cycle);
    let ended = |stage: Stage| stage.period(cycle).is_some_and(|p| p.ended_by(as_of));
    let mut views = Vec::new();
    if ended(Stage::Applications) {
        views.push(CountView {
            label: "申报企业（组织）",
            value: counts.applications,
        });
    }
    for review in Review::ALL {
        if ended(review.stage()) {
            views.push(CountView {
                label: public_count_label(review),
                value: counts.review(review).proceeded,
            });
        }
    }
    views
}

/// What the public count of a review calls the applications that went on.
fn public_count_label(review: Review) -> &'static str {
    match review {
        Review::Qualification => "通过资格审查",
        Review::Material => "进入现场评审",
        Review::Onsite => "确定为候选企业（组织）",
    }
}

/// The 公示 list: the committee's shortlist, award by award.
fn publicity_entries(model: &Model, programme: &Programme, cycle: &Cycle) -> Vec<PublicityEntry> {
    let mut entries = Vec::new();
    let Some(shortlisted) = Stage::Vote.list(cycle) else {
        return entries;
    };
    for award_id in programme.awards.keys() {
        for app_id in shortlisted.get(award_id).into_iter().flatten() {
            let Some(app) = cycle.applications.get(app_id) else {
                continue;
            };
            let Some(org) = model.organizations.get(&app.organization) else {
                continue;
            };
            entries.push(PublicityEntry {
                index: entries.len() + 1,
                award: award_view(programme, award_id, cycle.year).name,
                name: org.name.clone(),
                recommender: named_recommender(programme, &app.recommender).name,
            });
        }
    }
    entries
}

/// The 公示 page, from its first day.
fn publicity_view(
    model: &Model,
    programme: &Programme,
    cycle: &Cycle,
    as_of: Date,
    published_notices: &BTreeSet<&str>,
) -> Option<PublicityView> {
    let p = cycle.publicity.as_ref().filter(|p| p.start <= as_of)?;
    Some(PublicityView {
        title: format!("关于{}年度{}拟获奖企业（组织）名单的公示", cycle.year, programme.name),
        start: p.start.into(),
        end: p.end.into(),
        days: i64::from((p.end - p.start).get_days()) + 1,
        running: p.start <= as_of && as_of <= p.end,
        entries: publicity_entries(model, programme, cycle),
        contact: ContactView {
            department: p.contact.department.clone(),
            phone: p.contact.phone.clone(),
            address: p.contact.address.clone(),
            email: p.contact.email.clone(),
        },
        issuer: programme.office.name.clone(),
        notice: p
            .notice
            .as_ref()
            .filter(|n| published_notices.contains(n.as_str()))
            .map(|n| format!("notices/{n}/")),
        path: format!("{}/publicity/", cycle.year),
    })
}

/// The decision page, from the decision's date.
fn decision_view(programme: &Programme, cycle: &Cycle, as_of: Date, winners: &[WinnerView]) -> Option<DecisionView> {
    let d = cycle.decision.as_ref().filter(|d| d.date <= as_of)?;
    Some(DecisionView {
        title: d.title.clone(),
        page_title: format!("{}年度{}获奖企业（组织）名单", cycle.year, programme.name),
        date: d.date.into(),
        document: d.document.clone(),
        awards: programme
            .awards
            .keys()
            .map(|award_id| DecisionAward {
                award: award_view(programme, award_id, cycle.year),
                winners: winners.iter().filter(|w| &w.award.id == award_id).cloned().collect(),
            })
            .collect(),
        path: format!("{}/winners/", cycle.year),
    })
}

fn cycle_view(
    model: &Model,
    programme: &Programme,
    cycle: &Cycle,
    as_of: Date,
    published_notices: &BTreeSet<&str>,
    winners: &[WinnerView],
) -> CycleView {
    let (stage_now, stages) = timeline(cycle, as_of);
    let mut counts = review_counts(cycle, as_of);
    let publicity = publicity_view(model, programme, cycle, as_of, published_notices);
    if let Some(p) = &publicity {
        counts.push(CountView {
            label: "初步入选（公示）",
            value: p.entries.len(),
        });
    }
    let decision = decision_view(programme, cycle, as_of, winners);
    if decision.is_some() {
        counts.push(CountView {
            label: "获奖企业（组织）",
            value: winners.len(),
        });
    }
    CycleView {
        year: cycle.year,
        title: format!("{}年度{}", cycle.year, programme.name),
        stage_now,
        stages,
        counts,
        call_notice: published_notices
            .contains(cycle.call.notice.as_str())
            .then(|| format!("notices/{}/", cycle.call.notice)),
        publicity,
        decision,
        path: format!("{}/", cycle.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://example.gov.cn/zlj/"), "/zlj/");
        assert_eq!(base_path("https://example.gov.cn/"), "/");
        assert_eq!(base_path("https://example.gov.cn"), "/");
        assert_eq!(base_path("https://example.gov.cn/zlj"), "/zlj/");
        assert_eq!(base_path("https://example.gov.cn/zlj/?utm=1"), "/zlj/");
        assert_eq!(base_path("https://example.gov.cn/zlj#top"), "/zlj/");
    }

    #[test]
    fn dates_read_in_chinese() {
        let d: DateView = jiff::civil::date(2023, 11, 5).into();
        assert_eq!(d.zh, "2023年11月5日");
        assert_eq!(d.iso, "2023-11-05");
    }
}
