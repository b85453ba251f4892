//! `qaward diff`: what a change to the content means, for its reviewer.
//!
//! Two content roots, the target branch (BASE) and the change (HEAD), are
//! compared twice:
//! - in award terms, from the models (`records`): applications added or
//!   withdrawn, stage results recorded, lists decided, objections,
//!   decisions, sanctions, programme changes. Ids and counts only; no
//!   scores, tallies or objection text.
//! - on the public site, from the public views only (`publish::public_view`,
//!   never the model): on the publication date and on every later date
//!   that either side schedules, both sites are rendered with the embedded
//!   theme and compared page by page (by URL and bytes), and the
//!   organisation names each view lists are compared by the first date
//!   each side makes them public.
//!
//! Nothing here prints; `markdown` and `json` return strings.

mod markdown;
mod records;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::calendar::DateView;
use crate::markdown::Memo;
use crate::model::Model;
use crate::publish::{self, PublicSite, PublishOptions};
use crate::render::{self, RenderError};
use crate::theme::Theme;

pub use markdown::markdown;
pub use records::{Change, changes};

/// One side of the comparison: a validated content root.
pub struct Side<'a> {
    pub model: &'a Model,
    /// Error and warning counts of its validation.
    pub errors: usize,
    pub warnings: usize,
    /// Every attachment under `notices/files/`, by name; the site copies
    /// those its published notices name.
    pub attachments: &'a [(String, Vec<u8>)],
}

/// Validation counts of one side.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    pub errors: usize,
    pub warnings: usize,
}

/// A page of the public site by URL (from the site root, e.g.
/// `/2024/publicity/`), with its `<title>` when it is HTML.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Page {
    pub url: String,
    pub title: Option<String>,
}

/// An organisation name as a public view lists it: on a publicity list,
/// a decision's winners, or the sanctions page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Listed {
    /// The page that lists it.
    pub url: String,
    /// Where, in words: `2024年度公示名单`, `2024年度获奖名单`, `撤销和取消称号`.
    pub place: String,
    pub name: String,
}

/// A name whose first public date differs between the two sides.
#[derive(Clone, Debug, Serialize)]
pub struct NameEvent {
    #[serde(flatten)]
    pub listed: Listed,
    /// When HEAD makes it public (`None`: never, as far as content says).
    pub head_date: Option<Date>,
    /// When BASE makes it public.
    pub base_date: Option<Date>,
    /// Whether HEAD makes the name public here for the first time anywhere
    /// on the site, earlier than BASE does anywhere (or BASE never does).
    /// A winner's name that a sanction lists again is not.
    pub first_time: bool,
}

/// An aggregate count of a cycle page that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountChange {
    pub year: i64,
    pub label: String,
    pub base: Option<usize>,
    pub head: Option<usize>,
}

/// What differs on the public site from one date on.
#[derive(Clone, Debug, Serialize)]
pub struct PublicDay {
    pub date: Date,
    /// Pages HEAD has and BASE has not.
    pub pages_added: Vec<Page>,
    /// Pages BASE has and HEAD has not.
    pub pages_removed: Vec<Page>,
    /// Pages both have, with different bytes.
    pub pages_changed: Vec<Page>,
    /// Names HEAD makes public on this date (earlier than BASE, or only HEAD).
    pub names_public: Vec<NameEvent>,
    /// Names BASE makes public on this date and HEAD does not (or later).
    pub names_withheld: Vec<NameEvent>,
    pub counts: Vec<CountChange>,
}

impl PublicDay {
    fn is_empty(&self) -> bool {
        self.pages_added.is_empty()
            && self.pages_removed.is_empty()
            && self.pages_changed.is_empty()
            && self.names_public.is_empty()
            && self.names_withheld.is_empty()
            && self.counts.is_empty()
    }
}

/// Totals over every reported date, for the first line of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Whether HEAD makes anything public that BASE does not: a new page or
    /// a name, on any date.
    pub becomes_public: bool,
    /// Distinct names HEAD makes public for the first time (see
    /// [`NameEvent::first_time`]).
    pub names: usize,
    /// The first date one of them becomes public.
    pub first_date: Option<Date>,
    pub pages_added: usize,
    pub pages_removed: usize,
    pub pages_changed: usize,
}

/// The whole comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    pub as_of: Date,
    pub base: Checked,
    pub head: Checked,
    pub summary: Summary,
    /// The change in award terms, from the models.
    pub records: Vec<Change>,
    /// The public site: the publication date first (always), then each
    /// later date on which something more differs.
    pub public: Vec<PublicDay>,
}

/// Why the comparison could not be made (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("cannot render the public site of the {side} root: {source}")]
    Render {
        side: &'static str,
        #[source]
        source: RenderError,
    },
}

/// Compares `base` and `head` from `as_of` on.
pub fn diff(base: &Side, head: &Side, as_of: Date) -> Result<Diff, DiffError> {
    let theme = Theme::embedded();
    let timeline = timeline(base.model, head.model, as_of);
    let states = public_states(base, head, &timeline, &theme)?;
    let public = public_days(&timeline, &states);
    Ok(Diff {
        as_of,
        base: Checked {
            errors: base.errors,
            warnings: base.warnings,
        },
        head: Checked {
            errors: head.errors,
            warnings: head.warnings,
        },
        summary: summary(&public),
        records: changes(base.model, head.model),
        public,
    })
}

/// The JSON form of a [`Diff`]; its shape is documented in README.md.
pub fn json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(diff).unwrap_or_default();
    text.push('\n');
    text
}

/// Every date either model names (and the day after each, when a period
/// that ended is shown as over), after `as_of`, preceded by `as_of`.
fn timeline(base: &Model, head: &Model, as_of: Date) -> Vec<Date> {
    let mut dates = BTreeSet::new();
    for model in [base, head] {
        for day in model_dates(model) {
            dates.insert(day);
            if let Ok(next) = day.tomorrow() {
                dates.insert(next);
            }
        }
    }
    std::iter::once(as_of)
        .chain(dates.into_iter().filter(|d| *d > as_of))
        .collect()
}

/// The dates that can change what a public view shows.
fn model_dates(model: &Model) -> Vec<Date> {
    let mut out: Vec<Date> = model.notices.values().map(|n| n.date).collect();
    out.extend(
        model
            .organizations
            .values()
            .flat_map(|o| o.sanctions.iter().map(|s| s.date)),
    );
    for c in model.cycles.values() {
        out.extend([c.call.published, c.call.deadline]);
        out.extend(c.qualification_review.as_ref().map(|q| q.completed));
        out.extend(c.material_review.as_ref().map(|m| m.completed));
        out.extend(c.onsite_review.iter().flat_map(|o| [o.start, o.end]));
        out.extend(c.committee_vote.as_ref().map(|v| v.date));
        out.extend(c.publicity.iter().flat_map(|p| [p.start, p.end]));
        out.extend(c.decision.as_ref().map(|d| d.date));
    }
    out
}

/// What one side's public site is on one date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Snapshot {
    /// URL → SHA-256 of the bytes.
    pages: BTreeMap<String, Vec<u8>>,
    titles: BTreeMap<String, String>,
    names: BTreeSet<Listed>,
    counts: BTreeMap<(i64, String), usize>,
}

/// Both sides on one date.
#[derive(Clone, Debug, Default)]
struct State {
    base: Snapshot,
    head: Snapshot,
}

/// The public view of `side` on `day`, with the publication date blanked,
/// as text: two equal keys render the same site but for that date.
fn view_key(site: Option<&PublicSite>) -> String {
    let Some(site) = site else {
        return String::new();
    };
    let mut site = site.clone();
    site.site.as_of = DateView::default();
    serde_json::to_string(&site).unwrap_or_default()
}

fn publish_on(model: &Model, day: Date) -> Option<PublicSite> {
    let options = PublishOptions {
        as_of: day,
        base_url: None,
    };
    publish::public_view(model, &options, &Memo::default())
}

/// Renders and snapshots both sides on every date of the timeline; a date
/// on which neither public view changes reuses the previous state.
fn public_states(base: &Side, head: &Side, timeline: &[Date], theme: &Theme) -> Result<Vec<State>, DiffError> {
    let mut states: Vec<State> = Vec::with_capacity(timeline.len());
    let mut last_keys: Option<(String, String)> = None;
    for &day in timeline {
        let (b, h) = (publish_on(base.model, day), publish_on(head.model, day));
        let keys = (view_key(b.as_ref()), view_key(h.as_ref()));
        if let (Some(prev), Some(last)) = (&last_keys, states.last())
            && *prev == keys
        {
            states.push(last.clone());
            continue;
        }
        states.push(State {
            base: snapshot(b.as_ref(), base.attachments, theme)
                .map_err(|source| DiffError::Render { side: "base", source })?,
            head: snapshot(h.as_ref(), head.attachments, theme)
                .map_err(|source| DiffError::Render { side: "head", source })?,
        });
        last_keys = Some(keys);
    }
    Ok(states)
}

/// How the report names the files of the search index.
const SEARCH_INDEX: &str = "/search/*.js";

fn digest(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// `2024/publicity/index.html` → `/2024/publicity/`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    }
}

/// The text of the first `<title>` of a rendered page.
fn html_title(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<title>")? + "<title>".len();
    let end = start + text[start..].find("</title>")?;
    Some(
        text[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

fn snapshot(
    site: Option<&PublicSite>,
    attachments: &[(String, Vec<u8>)],
    theme: &Theme,
) -> Result<Snapshot, RenderError> {
    let Some(site) = site else {
        return Ok(Snapshot::default());
    };
    let mut out = Snapshot {
        names: listed_names(site),
        counts: counts(site),
        ..Snapshot::default()
    };
    // The files of the search index count as one: a reviewer needs to
    // know that it changes, not which of its shards.
    let mut index = Sha256::new();
    for file in render::render_in_memory(site, theme, Vec::new())? {
        let url = url_of(&file.path);
        if file.path.ends_with(".html")
            && let Some(title) = html_title(&file.bytes)
        {
            out.titles.insert(url.clone(), title);
        }
        if render::search::is_index_file(&file.path) {
            index.update(file.path.as_bytes());
            index.update(digest(&file.bytes));
        } else {
            out.pages.insert(url, digest(&file.bytes));
        }
    }
    out.pages.insert(SEARCH_INDEX.to_owned(), index.finalize().to_vec());
    for (name, bytes) in attachments.iter().filter(|(n, _)| site.attachments.contains(n)) {
        out.pages.insert(format!("/notices/files/{name}"), digest(bytes));
    }
    Ok(out)
}

/// Every organisation name the public view lists, and where.
fn listed_names(site: &PublicSite) -> BTreeSet<Listed> {
    let mut out = BTreeSet::new();
    for cycle in &site.cycles {
        if let Some(p) = &cycle.publicity {
            out.extend(p.entries.iter().map(|e| Listed {
                url: format!("/{}", p.path),
                place: format!("{}年度公示名单", cycle.year),
                name: e.name.clone(),
            }));
        }
    }
    out.extend(site.winners.iter().map(|w| Listed {
        url: format!("/{}/winners/", w.year),
        place: format!("{}年度获奖名单", w.year),
        name: w.org.name.clone(),
    }));
    out.extend(site.sanctions.iter().map(|s| Listed {
        url: "/sanctions/".to_owned(),
        place: "撤销和取消称号".to_owned(),
        name: s.org_name.clone(),
    }));
    out
}

fn counts(site: &PublicSite) -> BTreeMap<(i64, String), usize> {
    site.cycles
        .iter()
        .flat_map(|c| c.counts.iter().map(|n| ((c.year, n.label.to_owned()), n.value)))
        .collect()
}

/// How HEAD differs from BASE on one date.
#[derive(Clone, Debug, Default)]
struct Compared {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
    changed: BTreeSet<String>,
    counts: BTreeMap<(i64, String), (Option<usize>, Option<usize>)>,
}

fn compare(state: &State) -> Compared {
    let (b, h) = (&state.base.pages, &state.head.pages);
    let mut out = Compared {
        added: h.keys().filter(|u| !b.contains_key(*u)).cloned().collect(),
        removed: b.keys().filter(|u| !h.contains_key(*u)).cloned().collect(),
        changed: h
            .iter()
            .filter(|(u, bytes)| b.get(*u).is_some_and(|other| other != *bytes))
            .map(|(u, _)| u.clone())
            .collect(),
        counts: BTreeMap::new(),
    };
    let keys: BTreeSet<&(i64, String)> = state.base.counts.keys().chain(state.head.counts.keys()).collect();
    for key in keys {
        let pair = (state.base.counts.get(key).copied(), state.head.counts.get(key).copied());
        if pair.0 != pair.1 {
            out.counts.insert(key.clone(), pair);
        }
    }
    out
}

/// The first date on the timeline each name is listed, per side: by
/// listing, and by name wherever listed.
#[derive(Default)]
struct FirstDates {
    listed: BTreeMap<Listed, Date>,
    name: BTreeMap<String, Date>,
}

fn first_dates(timeline: &[Date], states: &[State], head: bool) -> FirstDates {
    let mut out = FirstDates::default();
    for (day, state) in timeline.iter().zip(states) {
        let names = if head { &state.head.names } else { &state.base.names };
        for listed in names {
            out.listed.entry(listed.clone()).or_insert(*day);
            out.name.entry(listed.name.clone()).or_insert(*day);
        }
    }
    out
}

/// Names whose first public date differs, as events on the dates they
/// concern: a name HEAD publishes first (or alone) on HEAD's date, a name
/// BASE publishes first (or alone) on BASE's date, a postponed name on both.
fn name_events(timeline: &[Date], states: &[State]) -> BTreeMap<Date, (Vec<NameEvent>, Vec<NameEvent>)> {
    let head = first_dates(timeline, states, true);
    let base = first_dates(timeline, states, false);
    let all: BTreeSet<&Listed> = head.listed.keys().chain(base.listed.keys()).collect();
    let mut out: BTreeMap<Date, (Vec<NameEvent>, Vec<NameEvent>)> = BTreeMap::new();
    for listed in all {
        let (h, b) = (head.listed.get(listed).copied(), base.listed.get(listed).copied());
        if h == b {
            continue;
        }
        let first_time = h.is_some_and(|day| {
            head.name.get(&listed.name) == Some(&day) && base.name.get(&listed.name).is_none_or(|b| *b > day)
        });
        let event = NameEvent {
            listed: listed.clone(),
            head_date: h,
            base_date: b,
            first_time,
        };
        if let Some(day) = h {
            out.entry(day).or_default().0.push(event.clone());
        }
        if let Some(day) = b
            && h.is_none_or(|h| h > day)
        {
            out.entry(day).or_default().1.push(event);
        }
    }
    out
}

fn pages(urls: &BTreeSet<String>, titles: &BTreeMap<String, String>) -> Vec<Page> {
    urls.iter()
        .map(|u| Page {
            url: u.clone(),
            title: titles.get(u).cloned(),
        })
        .collect()
}

/// Each date's differences, keeping only what was not already different on
/// the date before; the publication date is always kept.
fn public_days(timeline: &[Date], states: &[State]) -> Vec<PublicDay> {
    let mut names = name_events(timeline, states);
    let mut previous = Compared::default();
    let mut out = Vec::new();
    for (i, (day, state)) in timeline.iter().zip(states).enumerate() {
        let now = compare(state);
        let seen: BTreeSet<&String> = previous
            .changed
            .iter()
            .chain(&previous.added)
            .chain(&previous.removed)
            .collect();
        let (public, withheld) = names.remove(day).unwrap_or_default();
        let record = PublicDay {
            date: *day,
            pages_added: pages(&(&now.added - &previous.added), &state.head.titles),
            pages_removed: pages(&(&now.removed - &previous.removed), &state.base.titles),
            pages_changed: pages(
                &now.changed.iter().filter(|u| !seen.contains(u)).cloned().collect(),
                &state.head.titles,
            ),
            names_public: public,
            names_withheld: withheld,
            counts: now
                .counts
                .iter()
                .filter(|(k, v)| previous.counts.get(*k) != Some(*v))
                .map(|((year, label), (b, h))| CountChange {
                    year: *year,
                    label: label.clone(),
                    base: *b,
                    head: *h,
                })
                .collect(),
        };
        if i == 0 || !record.is_empty() {
            out.push(record);
        }
        previous = now;
    }
    out
}

fn summary(days: &[PublicDay]) -> Summary {
    let new: Vec<&NameEvent> = days
        .iter()
        .flat_map(|d| d.names_public.iter())
        .filter(|e| e.first_time)
        .collect();
    let names: BTreeSet<&str> = new.iter().map(|e| e.listed.name.as_str()).collect();
    let count = |f: fn(&PublicDay) -> usize| days.iter().map(f).sum::<usize>();
    let pages_added = count(|d| d.pages_added.len());
    Summary {
        becomes_public: !names.is_empty() || pages_added > 0,
        names: names.len(),
        first_date: new.iter().filter_map(|e| e.head_date).min(),
        pages_added,
        pages_removed: count(|d| d.pages_removed.len()),
        pages_changed: count(|d| d.pages_changed.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_output_files() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("2024/publicity/index.html"), "/2024/publicity/");
        assert_eq!(url_of("feed.xml"), "/feed.xml");
        assert_eq!(url_of("notices/files/a.pdf"), "/notices/files/a.pdf");
    }

    #[test]
    fn titles_are_unescaped() {
        assert_eq!(
            html_title(b"<head><title>A &amp; B &lt;C&gt;</title>").as_deref(),
            Some("A & B <C>")
        );
        assert_eq!(html_title(b"no title"), None);
    }
}
