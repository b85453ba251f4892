//! Rendering: the public view through the theme's tera templates into the
//! list of output files. Nothing here touches the disk; `write` does.
//!
//! Each page gets a small context: the site facts, the page's own facts
//! (title, path, the relative way back to the site root) and only the data
//! that page shows. Links are relative (`root` + path), so the site works
//! under any sub-path and from the file system; absolute URLs (canonical,
//! feed, sitemap) come from `base_url`.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use tera::{Context, Tera};

use crate::publish::{PublicSite, WinnerView};
use crate::theme::Theme;
use crate::write::{Collected, OutputFile, Sink};

mod locate;
pub mod search;

/// Notices per listing page.
pub(crate) const NOTICES_PER_PAGE: usize = 20;

/// Winners per page of the roll of honour and of its region and industry
/// listings: about 77 kB of HTML, well under the 300 kB of SPEC section 9.
pub(crate) const WINNERS_PER_PAGE: usize = 200;

/// A template failed; names the template.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
}

/// The text of a tera error and its chain of causes. A render error that
/// has no position (an unknown filter, test, function or variable) is
/// placed at the first template line that uses the culprit, searching the
/// template tera blames first, then `rendered`, then the others.
fn tera_error(what: &str, e: &tera::Error, rendered: &str, sources: &[(String, String)]) -> RenderError {
    use std::error::Error as _;
    let mut message = format!("{what}: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    if let Some(culprit) = locate::culprit(e) {
        let blamed = locate::template_named(e).unwrap_or_default();
        let mut order: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        order.sort_by_key(|(name, _)| (*name != blamed, *name != rendered, *name));
        let at = locate::first_use(&culprit, &order);
        message.push_str(&format!("\n  {}", locate::describe(&culprit, at)));
    }
    RenderError { message }
}

#[derive(Clone, Debug, Serialize)]
struct Crumb {
    name: String,
    path: String,
}

/// The facts about the page being rendered.
#[derive(Clone, Debug, Serialize)]
struct Page {
    title: String,
    /// Path from the site root, `""` for the home page, else ending in `/`.
    path: String,
    /// The relative way back to the site root: `""` or `../../`.
    root: String,
    canonical: String,
    /// The navigation entry to mark as current.
    section: &'static str,
    breadcrumbs: Vec<Crumb>,
    /// The sections that list something, and so have a navigation link.
    nav: Nav,
}

/// Which listing sections have entries. A section with none is left out of
/// the navigation (SPEC section 9, no empty column); its page still exists
/// and says what will appear there and when.
#[derive(Clone, Copy, Debug, Serialize)]
struct Nav {
    notices: bool,
    winners: bool,
    sanctions: bool,
}

impl Nav {
    fn of(site: &PublicSite) -> Nav {
        Nav {
            notices: !site.notices.is_empty(),
            winners: !site.winners.is_empty(),
            sanctions: !site.sanctions.is_empty(),
        }
    }
}

/// A theme's templates, compiled once.
pub(crate) struct Templates {
    tera: Tera,
    /// The templates' names and texts, for placing render errors.
    sources: Vec<(String, String)>,
}

impl Templates {
    pub fn compile(theme: &Theme) -> Result<Templates, RenderError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape);
        tera.register_filter("urlencode", urlencode_filter);
        let sources: Vec<(String, String)> = theme.templates().map(|(n, t)| (n.to_owned(), t)).collect();
        tera.add_raw_templates(sources.clone())
            .map_err(|e| tera_error("无法加载主题模板 (cannot load the theme's templates)", &e, "", &sources))?;
        Ok(Templates { tera, sources })
    }
}

struct Renderer<'a> {
    templates: &'a Templates,
    site: &'a PublicSite,
    /// Where finished files go.
    sink: &'a mut dyn Sink,
    /// Paths given to the sink: the first file for a path wins.
    written: HashSet<String>,
    /// Paths of HTML pages, for the sitemap.
    pages: Vec<String>,
}

/// Pages rendered in parallel at a time: enough to keep every thread busy,
/// few enough that a batch of pages in memory stays small.
const BATCH: usize = 256;

/// What one page needs to be rendered.
struct PageJob {
    template: &'static str,
    page: Page,
    data: serde_json::Value,
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

impl Renderer<'_> {
    fn page(
        &self,
        title: impl Into<String>,
        path: impl Into<String>,
        section: &'static str,
        crumbs: &[(&str, &str)],
    ) -> Page {
        let path = path.into();
        Page {
            title: title.into(),
            root: root_for(&path),
            canonical: format!("{}{}", self.site.site.base_url, path),
            section,
            nav: Nav::of(self.site),
            breadcrumbs: crumbs
                .iter()
                .map(|(name, path)| Crumb {
                    name: (*name).to_owned(),
                    path: (*path).to_owned(),
                })
                .collect(),
            path,
        }
    }

    /// Renders a page, its data made only when the sink wants the page.
    fn render(
        &mut self,
        template: &str,
        page: &Page,
        data: impl FnOnce() -> serde_json::Value,
    ) -> Result<(), RenderError> {
        let file = self.page_file(&page.path);
        if !self.claim(&file) {
            return Ok(());
        }
        let html = self.html(template, page, data())?;
        self.put(file, html.into_bytes())
    }

    /// A page's HTML: the site facts, the page's facts and its own data.
    fn html(&self, template: &str, page: &Page, data: serde_json::Value) -> Result<String, RenderError> {
        let mut context = match data {
            data @ serde_json::Value::Object(_) => Context::from_value(data).unwrap_or_default(),
            _ => Context::new(),
        };
        context.insert("site", &self.site.site);
        context.insert("page", page);
        self.templates.tera.render(template, &context).map_err(|e| {
            self.error(
                &format!(
                    "模板 `{template}`（页面 `/{}`）渲染失败 (template `{template}` for `/{}`)",
                    page.path, page.path
                ),
                template,
                &e,
            )
        })
    }

    /// Renders one page per item at `path` (a page path, `…/`), `BATCH` at
    /// a time in parallel, and hands them to the sink in the items' order.
    fn render_each<T: Sync>(
        &mut self,
        items: &[T],
        path: impl Fn(&T) -> &str,
        job: impl Fn(&Renderer<'_>, &T) -> PageJob + Sync,
    ) -> Result<(), RenderError> {
        self.make_each(
            items,
            |r, item| r.page_file(path(item)),
            |r, item| {
                let PageJob { template, page, data } = job(r, item);
                r.html(template, &page, data).map(String::into_bytes)
            },
        )
    }

    /// Renders one file per item at `path` from a template and its
    /// context, in parallel like [`Renderer::render_each`].
    fn render_each_file<T: Sync>(
        &mut self,
        items: &[T],
        path: impl Fn(&T) -> &str,
        job: impl Fn(&T) -> (&'static str, Context) + Sync,
    ) -> Result<(), RenderError> {
        self.make_each(
            items,
            |_, item| path(item).to_owned(),
            |r, item| {
                let (template, context) = job(item);
                r.template(template, &context)
            },
        )
    }

    /// Makes one file per item, `BATCH` at a time: each item's file is
    /// claimed in order, the wanted ones are made in parallel, and they
    /// reach the sink in the items' order.
    fn make_each<T: Sync>(
        &mut self,
        items: &[T],
        file: impl Fn(&mut Self, &T) -> String,
        make: impl Fn(&Renderer<'_>, &T) -> Result<Vec<u8>, RenderError> + Sync,
    ) -> Result<(), RenderError> {
        for batch in items.chunks(BATCH) {
            let mut wanted: Vec<(String, &T)> = Vec::new();
            for item in batch {
                let path = file(self, item);
                if self.claim(&path) {
                    wanted.push((path, item));
                }
            }
            let this = &*self;
            let made: Vec<Result<(String, Vec<u8>), RenderError>> = wanted
                .into_par_iter()
                .map(|(path, item)| make(this, item).map(|bytes| (path, bytes)))
                .collect();
            for file in made {
                let (path, bytes) = file?;
                self.put(path, bytes)?;
            }
        }
        Ok(())
    }

    /// The file of the page at `path`, noted for the sitemap.
    fn page_file(&mut self, path: &str) -> String {
        self.pages.push(path.to_owned());
        format!("{path}index.html")
    }

    /// Takes `path` for the file about to be made: false when a file for it
    /// came first (it wins) or the sink does not want it.
    fn claim(&mut self, path: &str) -> bool {
        self.written.insert(path.to_owned()) && self.sink.wants(path)
    }

    /// A file made by `make`, when the sink wants it.
    fn file(
        &mut self,
        path: &str,
        make: impl FnOnce(&Renderer<'_>) -> Result<Vec<u8>, RenderError>,
    ) -> Result<(), RenderError> {
        if !self.claim(path) {
            return Ok(());
        }
        let bytes = make(self)?;
        self.put(path.to_owned(), bytes)
    }

    /// A file whose bytes are at hand.
    fn raw(&mut self, path: impl Into<String>, bytes: Vec<u8>) -> Result<(), RenderError> {
        let path = path.into();
        if !self.claim(&path) {
            return Ok(());
        }
        self.put(path, bytes)
    }

    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<(), RenderError> {
        self.sink.put(OutputFile { path, bytes }).map_err(|e| RenderError {
            message: format!("写入失败 (cannot write the site): {e}"),
        })
    }

    fn template(&self, template: &str, context: &Context) -> Result<Vec<u8>, RenderError> {
        self.templates
            .tera
            .render(template, context)
            .map(String::into_bytes)
            .map_err(|e| {
                self.error(
                    &format!("模板 `{template}` 渲染失败 (template `{template}`)"),
                    template,
                    &e,
                )
            })
    }

    fn error(&self, what: &str, template: &str, e: &tera::Error) -> RenderError {
        tera_error(what, e, template, &self.templates.sources)
    }
}

/// Renders the whole site into `sink`, file by file; returns how many
/// files it made. Which files and which bytes do not depend on the number
/// of threads.
pub fn render(
    site: &PublicSite,
    theme: &Theme,
    attachments: Vec<(String, Vec<u8>)>,
    sink: &mut dyn Sink,
) -> Result<usize, RenderError> {
    let templates = Templates::compile(theme)?;
    render_with(&templates, site, theme, &attachments, sink)
}

/// [`render`] with compiled templates; files the sink does not want are
/// skipped before their data is made, and still counted.
pub(crate) fn render_with(
    templates: &Templates,
    site: &PublicSite,
    theme: &Theme,
    attachments: &[(String, Vec<u8>)],
    sink: &mut dyn Sink,
) -> Result<usize, RenderError> {
    let mut r = Renderer {
        templates,
        site,
        sink,
        written: HashSet::new(),
        pages: Vec::new(),
    };

    home(&mut r)?;
    notices(&mut r)?;
    cycles(&mut r)?;
    winners(&mut r)?;
    let page = r.page(
        "撤销和取消称号",
        "sanctions/",
        "sanctions",
        &[("撤销和取消称号", "sanctions/")],
    );
    r.render("sanctions.html", &page, || json!({"sanctions": site.sanctions}))?;
    search(&mut r)?;
    not_found(&mut r)?;
    feed(&mut r)?;
    open_data(&mut r)?;
    badges(&mut r)?;
    sitemap_and_robots(&mut r)?;

    for (path, bytes) in theme.assets() {
        r.raw(path, bytes.to_vec())?;
    }
    for (name, bytes) in attachments {
        r.raw(format!("notices/files/{name}"), bytes.clone())?;
    }
    Ok(r.written.len())
}

/// Renders the whole site into memory, sorted by path.
pub(crate) fn render_in_memory(
    site: &PublicSite,
    theme: &Theme,
    attachments: Vec<(String, Vec<u8>)>,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut collected = Collected::default();
    render(site, theme, attachments, &mut collected)?;
    let mut files = collected.files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn home(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    let latest_year = site.winners.first().map(|w| w.year);
    let latest_winners: Vec<&WinnerView> = site.winners.iter().filter(|w| Some(w.year) == latest_year).collect();
    let page = r.page(site.site.title.clone(), "", "home", &[]);
    r.render("index.html", &page, || {
        json!({
            "cycle": site.cycles.first(),
            "notices": site.notices.iter().take(6).collect::<Vec<_>>(),
            "winners": latest_winners,
            "winners_year": latest_year,
        })
    })
}

/// The path of page `number` of a listing whose first page is at `first`
/// (`notices/`): the first page keeps the listing's own address, the
/// others are `…/page/N/`.
fn page_path(first: &str, number: usize) -> String {
    match number {
        1 => first.to_owned(),
        n => format!("{first}page/{n}/"),
    }
}

/// The pagination facts of page `number` of `total` of the listing at
/// `first`, for the theme's pagination block.
fn pagination(first: &str, number: usize, total: usize) -> serde_json::Value {
    json!({
        "number": number,
        "total": total,
        "previous": (number > 1).then(|| page_path(first, number - 1)),
        "next": (number < total).then(|| page_path(first, number + 1)),
        "pages": (1..=total).map(|n| json!({"number": n, "path": page_path(first, n)})).collect::<Vec<_>>(),
    })
}

/// A listing cut into pages of `per_page` (one empty page when there is
/// nothing to list).
fn pages_of<T>(items: &[T], per_page: usize) -> Vec<&[T]> {
    if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(per_page).collect()
    }
}

/// The title of page `number` of a listing called `title`.
fn page_title(title: &str, number: usize) -> String {
    match number {
        1 => title.to_owned(),
        n => format!("{title}（第{n}页）"),
    }
}

fn notices(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    let chunks = pages_of(&site.notices, NOTICES_PER_PAGE);
    let total = chunks.len();
    for (i, chunk) in chunks.iter().enumerate() {
        let number = i + 1;
        let page = r.page(
            page_title("通知公告", number),
            page_path("notices/", number),
            "notices",
            &[("通知公告", "notices/")],
        );
        r.render(
            "notices.html",
            &page,
            || json!({"notices": chunk, "pagination": pagination("notices/", number, total)}),
        )?;
    }
    for notice in &site.notices {
        let page = r.page(
            notice.title.clone(),
            notice.path.clone(),
            "notices",
            &[("通知公告", "notices/")],
        );
        r.render("notice.html", &page, || json!({"notice": notice}))?;
    }
    Ok(())
}

fn cycles(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    for cycle in &site.cycles {
        let year_crumb = format!("{}年度", cycle.year);
        let page = r.page(
            cycle.title.clone(),
            cycle.path.clone(),
            "cycles",
            &[(&year_crumb, &cycle.path)],
        );
        r.render("cycle.html", &page, || json!({"cycle": cycle}))?;
        if let Some(p) = &cycle.publicity {
            let page = r.page(
                p.title.clone(),
                p.path.clone(),
                "cycles",
                &[(&year_crumb, &cycle.path), ("公示", &p.path)],
            );
            r.render(
                "publicity.html",
                &page,
                || json!({"cycle": {"year": cycle.year, "title": cycle.title}, "publicity": p}),
            )?;
        }
        if let Some(d) = &cycle.decision {
            let page = r.page(
                d.page_title.clone(),
                d.path.clone(),
                "cycles",
                &[(&year_crumb, &cycle.path), ("获奖名单", &d.path)],
            );
            r.render(
                "decision.html",
                &page,
                || json!({"cycle": {"year": cycle.year, "title": cycle.title}, "decision": d}),
            )?;
        }
    }
    Ok(())
}

/// Winners grouped by award, in programme order, for listings.
fn by_award<'a>(site: &'a PublicSite, winners: &[&'a WinnerView]) -> Vec<serde_json::Value> {
    site.awards
        .iter()
        .map(|a| {
            let list: Vec<&&WinnerView> = winners.iter().filter(|w| w.award.id == a.id).collect();
            json!({"award": a, "winners": list})
        })
        .filter(|v| v["winners"].as_array().is_some_and(|l| !l.is_empty()))
        .collect()
}

/// Renders a listing of winners (the roll of honour at `winners/`, a
/// region's or an industry's) in pages of [`WINNERS_PER_PAGE`], newest year
/// first, so that no page grows with the years (SPEC section 9). The first
/// page keeps the listing's address; each page links every page and the
/// page where each year starts.
fn winner_listing(
    r: &mut Renderer<'_>,
    template: &'static str,
    (title, first): (&str, &str),
    crumbs: &[(&str, &str)],
    winners: &[&WinnerView],
    extra: &serde_json::Value,
) -> Result<(), RenderError> {
    let site = r.site;
    let chunks = pages_of(winners, WINNERS_PER_PAGE);
    let total = chunks.len();
    // The page on which each year's winners start, newest year first.
    let mut years: Vec<serde_json::Value> = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        for w in chunk.iter() {
            if years.last().and_then(|y| y["year"].as_i64()) != Some(w.year) {
                years.push(json!({"year": w.year, "path": page_path(first, i + 1), "number": i + 1}));
            }
        }
    }
    for (i, chunk) in chunks.iter().enumerate() {
        let number = i + 1;
        let page = r.page(page_title(title, number), page_path(first, number), "winners", crumbs);
        r.render(template, &page, || {
            let mut data = json!({
                "groups": by_award(site, chunk),
                "regions": site.regions,
                "industries": site.industries,
                "total": winners.len(),
                "per_page": WINNERS_PER_PAGE,
                "first_index": i * WINNERS_PER_PAGE,
                "years": years,
                "pagination": pagination(first, number, total),
            });
            if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
                data.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            data
        })?;
    }
    Ok(())
}

fn winners(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    let all: Vec<&WinnerView> = site.winners.iter().collect();
    winner_listing(
        r,
        "roll.html",
        ("历届获奖企业（组织）", "winners/"),
        &[("历届获奖", "winners/")],
        &all,
        &json!({"cycle": site.cycles.first()}),
    )?;
    for (facets, label, pick) in [
        (
            &site.regions,
            "地区",
            (|w: &WinnerView| w.org.recommender.id.clone()) as fn(&WinnerView) -> String,
        ),
        (&site.industries, "行业", |w: &WinnerView| w.org.industry.id.clone()),
    ] {
        for facet in facets {
            let list: Vec<&WinnerView> = site.winners.iter().filter(|w| pick(w) == facet.id).collect();
            let title = format!("历届获奖企业（组织）：{}", facet.name);
            winner_listing(
                r,
                "facet.html",
                (&title, &facet.path),
                &[("历届获奖", "winners/"), (&facet.name, &facet.path)],
                &list,
                &json!({"facet": facet, "facet_label": label}),
            )?;
        }
    }
    // Each organisation's awards, so that a winner page lists the others
    // without scanning every winner (linear in the number of winners).
    let mut by_org: HashMap<&str, Vec<&WinnerView>> = HashMap::new();
    for w in &site.winners {
        by_org.entry(w.org.id.as_str()).or_default().push(w);
    }
    r.render_each(
        &site.winners,
        |w| &w.path,
        |r, w| {
            let title = format!("{}：{}", w.award.title, w.org.name);
            let page = r.page(
                title,
                w.path.clone(),
                "winners",
                &[("历届获奖", "winners/"), (&w.org.name, &w.path)],
            );
            let other: Vec<&WinnerView> = by_org
                .get(w.org.id.as_str())
                .into_iter()
                .flatten()
                .filter(|o| o.path != w.path)
                .copied()
                .collect();
            PageJob {
                template: "winner.html",
                page,
                data: json!({"winner": w, "other_awards": other}),
            }
        },
    )
}

fn search(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    // Its files are known only once it is made, so it is made only when
    // the sink may want them (serve lists and renders pages without).
    if r.sink.wants_index() {
        let files = search::index_files(&search::documents(r.site)).map_err(|e| RenderError {
            message: format!("无法生成搜索索引 (cannot serialise the search index): {e}"),
        })?;
        for (path, bytes) in files {
            r.raw(path, bytes)?;
        }
    }
    let page = r.page("站内搜索", "search/", "search", &[("站内搜索", "search/")]);
    r.render("search.html", &page, || json!({}))
}

fn not_found(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    r.file("404.html", |r| {
        // Served at any depth, so its links are absolute paths from base_url.
        let mut page = r.page("页面未找到", "", "", &[]);
        page.root = r.site.site.base_path.clone();
        page.canonical = format!("{}404.html", r.site.site.base_url);
        let mut context = Context::new();
        context.insert("site", &r.site.site);
        context.insert("page", &page);
        r.template("404.html", &context)
    })
}

fn feed(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    r.file("feed.xml", |r| {
        let mut context = Context::new();
        context.insert("site", &r.site.site);
        context.insert("notices", &r.site.notices.iter().take(30).collect::<Vec<_>>());
        context.insert(
            "updated",
            &r.site.notices.first().map_or(&r.site.site.as_of.iso, |n| &n.date.iso),
        );
        r.template("feed.xml", &context)
    })
}

fn sitemap_and_robots(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    r.file("sitemap.xml", |r| {
        let mut pages = r.pages.clone();
        pages.sort();
        let mut context = Context::new();
        context.insert("site", &r.site.site);
        context.insert("pages", &pages);
        r.template("sitemap.xml", &context)
    })?;
    r.file("robots.txt", |r| {
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            r.site.site.base_url
        );
        Ok(robots.into_bytes())
    })
}

/// The columns of `data/winners.csv`, documented in docs/open-data.md.
pub const CSV_COLUMNS: &[&str] = &[
    "year",
    "award_id",
    "award",
    "title",
    "organization_id",
    "organization",
    "uscc",
    "region",
    "industry",
    "decision_document",
    "decision_date",
    "status",
    "sanction_kind",
    "sanction_date",
    "sanction_document",
];

/// A cell of `data/winners.csv`. Text that a spreadsheet would take for a
/// formula (a leading `=`, `+`, `-`, `@`, tab or carriage return: the
/// OWASP list) gets a leading `'`, so that it is shown and never run
/// (CSV injection). Quoting is left to the `csv` writer.
fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// `data/winners.csv`: UTF-8 with a byte-order mark, so that spreadsheet
/// programs read the Chinese text correctly; RFC 4180 quoting and CRLF
/// line ends.
fn winners_csv(site: &PublicSite) -> Result<Vec<u8>, RenderError> {
    let failed = |e: csv::Error| RenderError {
        message: format!("cannot write data/winners.csv: {e}"),
    };
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    csv.write_record(CSV_COLUMNS).map_err(failed)?;
    for w in &site.winners {
        let s = w.sanction.as_ref();
        let row = [
            w.year.to_string(),
            w.award.id.clone(),
            w.award.name.clone(),
            w.award.title.clone(),
            w.org.id.clone(),
            w.org.name.clone(),
            w.org.uscc.clone(),
            w.org.recommender.name.clone(),
            w.org.industry.name.clone(),
            w.decision_document.clone(),
            w.decision_date.iso.clone(),
            w.status.to_owned(),
            s.map(|s| s.kind.to_owned()).unwrap_or_default(),
            s.map(|s| s.date.iso.clone()).unwrap_or_default(),
            s.map(|s| s.document.clone()).unwrap_or_default(),
        ];
        csv.write_record(row.iter().map(|f| csv_cell(f).into_owned()))
            .map_err(failed)?;
    }
    csv.into_inner().map_err(|e| RenderError {
        message: format!("cannot write data/winners.csv: {}", e.error()),
    })
}

fn open_data(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    r.file("data/winners.json", |_| winners_json(site))?;
    r.file("data/winners.csv", |_| winners_csv(site))
}

/// `data/winners.json`, documented in docs/open-data.md.
fn winners_json(site: &PublicSite) -> Result<Vec<u8>, RenderError> {
    let records: Vec<serde_json::Value> = site
        .winners
        .iter()
        .map(|w| {
            json!({
                "year": w.year,
                "award_id": w.award.id,
                "award": w.award.name,
                "title": w.award.title,
                "organization_id": w.org.id,
                "organization": w.org.name,
                "uscc": w.org.uscc,
                "region": w.org.recommender.name,
                "industry": w.org.industry.name,
                "decision_document": w.decision_document,
                "decision_date": w.decision_date.iso,
                "status": w.status,
                "sanction": w.sanction.as_ref().map(|s| json!({
                    "kind": s.kind, "date": s.date.iso, "document": s.document, "reason": s.reason,
                })),
                "page": format!("{}{}", site.site.base_url, w.path),
            })
        })
        .collect();
    let sanctions: Vec<serde_json::Value> = site
        .sanctions
        .iter()
        .map(|s| {
            json!({
                "organization_id": s.org_id, "organization": s.org_name, "kind": s.kind,
                "year": s.year, "award_id": s.award.id, "title": s.award.title,
                "date": s.date.iso, "document": s.document, "reason": s.reason,
            })
        })
        .collect();
    let data = json!({
        "programme": site.site.programme,
        "issuer": site.site.issuer,
        "as_of": site.site.as_of.iso,
        "winners": records,
        "sanctions": sanctions,
    });
    let mut text = serde_json::to_string_pretty(&data).map_err(|e| RenderError {
        message: format!("cannot serialise open data: {e}"),
    })?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// Escapes text for HTML and XML: `&`, `<`, `>`, `"` and `'`. (Tera's
/// default also escapes `/`, which makes URLs unreadable.)
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes every byte of `text` but the unreserved characters of
/// RFC 3986 (letters, digits, `-._~`): a value safe inside a query.
pub(crate) fn urlencode(text: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, RESERVED).to_string()
}

/// The `urlencode` filter of the templates: [`urlencode`] of a string.
fn urlencode_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    match value.as_str() {
        Some(text) => Ok(tera::Value::String(urlencode(text))),
        None => Err(tera::Error::msg("urlencode 只用于文字 (urlencode takes a string)")),
    }
}

/// Approximate rendered width of `text` at 12 px: CJK and full-width
/// characters take the full em, others about 0.6 em.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 7 } else { 12 }).sum()
}

fn badges(r: &mut Renderer<'_>) -> Result<(), RenderError> {
    let site = r.site;
    r.render_each_file(
        &site.winners,
        |w| &w.badge,
        |w| {
            let left = w.award.title.clone();
            let right = if w.status == "valid" {
                w.org.name.clone()
            } else {
                format!("{}（{}）", w.org.name, w.status_zh)
            };
            let (lw, rw) = (text_width(&left) + 16, text_width(&right) + 16);
            let mut context = Context::new();
            context.insert("winner", w);
            context.insert("left", &left);
            context.insert("right", &right);
            context.insert("left_width", &lw);
            context.insert("right_width", &rw);
            context.insert("width", &(lw + rw));
            ("badge.svg", context)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencode_keeps_only_unreserved_characters() {
        assert_eq!(
            urlencode("https://example.gov.cn/zlj/notices/2024-call/"),
            "https%3A%2F%2Fexample.gov.cn%2Fzlj%2Fnotices%2F2024-call%2F"
        );
        assert_eq!(urlencode("a b&c=d?e#f%g+h"), "a%20b%26c%3Dd%3Fe%23f%25g%2Bh");
        assert_eq!(urlencode("<\"'>"), "%3C%22%27%3E");
        assert_eq!(urlencode("通知"), "%E9%80%9A%E7%9F%A5");
        assert_eq!(urlencode("Az09-._~"), "Az09-._~");
    }

    #[test]
    fn roots_climb_to_the_site_root() {
        assert_eq!(root_for(""), "");
        assert_eq!(root_for("notices/"), "../");
        assert_eq!(root_for("winners/2023/a/"), "../../../");
    }

    #[test]
    fn listings_keep_their_address_as_the_first_page() {
        assert_eq!(page_path("winners/", 1), "winners/");
        assert_eq!(page_path("winners/region/a/", 3), "winners/region/a/page/3/");
        let p = pagination("winners/", 2, 3);
        assert_eq!(p["previous"], "winners/");
        assert_eq!(p["next"], "winners/page/3/");
        assert_eq!(p["pages"].as_array().map(Vec::len), Some(3));
        assert_eq!(pages_of::<u8>(&[], 200).len(), 1, "an empty listing still has its page");
        assert_eq!(
            pages_of(&[0u8; 401], 200).iter().map(|c| c.len()).collect::<Vec<_>>(),
            [200, 200, 1]
        );
        assert_eq!(page_title("历届获奖企业（组织）", 2), "历届获奖企业（组织）（第2页）");
    }

    #[test]
    fn csv_cells_start_no_formula() {
        assert_eq!(csv_cell("温州"), "温州");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        for lead in ["+", "-", "@", "\t", "\r"] {
            assert_eq!(csv_cell(&format!("{lead}x")), format!("'{lead}x"));
        }
        assert_eq!(csv_cell("a-b"), "a-b");
    }
}
