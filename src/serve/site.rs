//! The in-memory site: what `render` produces, by path, with the content
//! type each file is served with.
//!
//! A rebuild does not render the site. It keeps the public view and the
//! compiled templates, and lists every path by running the renderer with
//! a sink that wants no file (no page data is made). A page is rendered
//! when it is first asked for, alone, with a sink that wants only it, and
//! kept until the next rebuild. After an edit the browser reloads one page,
//! so the preview costs a validation and one page, whatever the size of
//! the site; the bytes are those `build` writes.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::lock;
use crate::publish::PublicSite;
use crate::render::search::is_index_file;
use crate::render::{self, Templates};
use crate::theme::Theme;
use crate::write::{OutputFile, Sink, WriteError};

/// One file of the site as served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

impl Asset {
    fn new(path: &str, bytes: Vec<u8>) -> Asset {
        Asset {
            bytes,
            content_type: content_type(path),
        }
    }

    /// Whether this is an HTML page (which gets the reload script).
    pub fn is_html(&self) -> bool {
        self.content_type.starts_with("text/html")
    }
}

/// Files by path relative to the site root (`index.html`,
/// `notices/files/申报表.pdf`), exactly the bytes `build` would write:
/// held, or rendered on demand.
#[derive(Clone, Debug, Default)]
pub struct Site {
    files: Files,
}

#[derive(Clone, Debug)]
enum Files {
    Held(BTreeMap<String, Arc<Asset>>),
    OnDemand(Arc<OnDemand>),
}

impl Default for Files {
    fn default() -> Self {
        Files::Held(BTreeMap::new())
    }
}

/// What renders a page when it is asked for.
pub struct OnDemand {
    templates: Templates,
    site: PublicSite,
    theme: Theme,
    attachments: Vec<(String, Vec<u8>)>,
    paths: BTreeSet<String>,
    /// Files made so far, and from the start the theme's assets and the
    /// attachments, which need no rendering.
    made: Mutex<HashMap<String, Arc<Asset>>>,
    /// The rendered files asked for last, newest first, at most [`WARM`].
    recent: Mutex<VecDeque<String>>,
}

impl std::fmt::Debug for OnDemand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnDemand").field("paths", &self.paths.len()).finish()
    }
}

/// A sink that lists every path and keeps only the files it wants; for a
/// file of the search index, every file of it: they are made together,
/// and a search asks for several. Without one in `want` the index is not
/// made, and its paths are not listed.
struct Pick<'a> {
    want: &'a [String],
    paths: BTreeSet<String>,
    files: Vec<OutputFile>,
}

impl Sink for Pick<'_> {
    fn wants(&mut self, path: &str) -> bool {
        self.paths.insert(path.to_owned());
        self.want
            .iter()
            .any(|w| w == path || (is_index_file(w) && is_index_file(path)))
    }

    fn wants_index(&mut self) -> bool {
        self.want.iter().any(|w| is_index_file(w))
    }

    fn put(&mut self, file: OutputFile) -> Result<(), WriteError> {
        self.files.push(file);
        Ok(())
    }
}

/// How many of the pages last asked for a rebuild renders ahead.
const WARM: usize = 8;

impl Site {
    /// The site of (path, bytes) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, Vec<u8>)>) -> Site {
        let files = pairs
            .into_iter()
            .map(|(path, bytes)| {
                let asset = Asset::new(&path, bytes);
                (path, Arc::new(asset))
            })
            .collect();
        Site {
            files: Files::Held(files),
        }
    }

    /// The site of a public view, rendered page by page when asked for.
    /// The pages in `warm` (those the browser showed last, which it is about
    /// to reload) are rendered now, in the same pass that lists the paths.
    /// Fails when the templates do not compile or a warm page fails.
    pub fn on_demand(
        site: PublicSite,
        theme: Theme,
        attachments: Vec<(String, Vec<u8>)>,
        warm: &[String],
    ) -> Result<Site, String> {
        let templates = Templates::compile(&theme).map_err(|e| e.to_string())?;
        let mut pick = Pick {
            want: warm,
            paths: BTreeSet::new(),
            files: Vec::new(),
        };
        render::render_with(&templates, &site, &theme, &attachments, &mut pick).map_err(|e| e.to_string())?;
        let assets = theme.assets().map(|(path, bytes)| (path, bytes.to_vec()));
        let files = attachments
            .iter()
            .map(|(name, bytes)| (format!("notices/files/{name}"), bytes.clone()));
        // Generated files never lie under `assets/` or `notices/files/`, so
        // these paths are the theme's and the attachments' own.
        let warmed = pick.files.into_iter().map(|f| (f.path, f.bytes));
        let made = assets
            .chain(files)
            .filter(|(path, _)| pick.paths.contains(path))
            .chain(warmed)
            .map(|(path, bytes)| {
                let asset = Arc::new(Asset::new(&path, bytes));
                (path, asset)
            })
            .collect();
        let on_demand = OnDemand {
            templates,
            site,
            theme,
            attachments,
            paths: pick.paths,
            made: Mutex::new(made),
            recent: Mutex::new(VecDeque::from(warm.to_vec())),
        };
        Ok(Site {
            files: Files::OnDemand(Arc::new(on_demand)),
        })
    }

    /// The file at `path`; `Err` with the renderer's message when its
    /// template fails.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Asset>>, String> {
        match &self.files {
            Files::Held(files) => Ok(files.get(path).cloned()),
            Files::OnDemand(on_demand) => on_demand.get(path),
        }
    }

    /// Whether there is a file at `path`, without rendering it.
    pub fn contains(&self, path: &str) -> bool {
        match &self.files {
            Files::Held(files) => files.contains_key(path),
            Files::OnDemand(on_demand) => on_demand.has(path),
        }
    }

    /// The number of files; a site rendered on demand leaves out the
    /// files of the search index, which are listed only once made.
    /// How many files the site has.
    pub fn file_count(&self) -> usize {
        match &self.files {
            Files::Held(files) => files.len(),
            Files::OnDemand(on_demand) => on_demand.paths.len(),
        }
    }

    /// The rendered files asked for last, newest first: what the next
    /// rebuild renders ahead.
    pub fn recent(&self) -> Vec<String> {
        match &self.files {
            Files::Held(_) => Vec::new(),
            Files::OnDemand(on_demand) => lock(&on_demand.recent).iter().cloned().collect(),
        }
    }
}

impl OnDemand {
    /// Whether `path` may be a file of the site: a listed path, or a file
    /// of the search index (not listed) of a site with a search page.
    fn has(&self, path: &str) -> bool {
        self.paths.contains(path) || (is_index_file(path) && self.paths.contains("search/index.html"))
    }

    fn get(&self, path: &str) -> Result<Option<Arc<Asset>>, String> {
        if !self.has(path) {
            return Ok(None);
        }
        // The index's files are not pages to render ahead: a search asks
        // for dozens, which would push the pages shown last out.
        let rendered = !path.starts_with("assets/") && !path.starts_with("notices/files/") && !is_index_file(path);
        if rendered {
            self.note_recent(path);
        }
        if let Some(asset) = lock(&self.made).get(path) {
            return Ok(Some(Arc::clone(asset)));
        }
        let want = [path.to_owned()];
        let mut pick = Pick {
            want: &want,
            paths: BTreeSet::new(),
            files: Vec::new(),
        };
        render::render_with(&self.templates, &self.site, &self.theme, &self.attachments, &mut pick)
            .map_err(|e| e.to_string())?;
        let mut made = lock(&self.made);
        for file in pick.files {
            made.insert(file.path.clone(), Arc::new(Asset::new(&file.path, file.bytes)));
        }
        Ok(made.get(path).cloned())
    }

    fn note_recent(&self, path: &str) {
        let mut recent = lock(&self.recent);
        recent.retain(|p| p != path);
        recent.push_front(path.to_owned());
        recent.truncate(WARM);
    }
}

/// What is being served: the site, or the page that replaces it.
#[derive(Clone, Debug)]
pub enum Served {
    Site(Site),
    /// The content or the theme has errors: every page shows `page`; the
    /// theme's own assets (`assets/…`) are still served so that it keeps
    /// the site's look.
    Errors {
        page: String,
        assets: Site,
    },
}

/// One rebuild's result, swapped in whole.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The path of `site.base_url` (`/zlj/`), always starting and ending
    /// with `/`.
    pub base_path: String,
    pub served: Served,
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some(ext) => attachment_type(ext),
        None => "application/octet-stream",
    }
}

/// Types of the attachments an office posts with its notices.
fn attachment_type(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "ofd" => "application/ofd",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "wps" => "application/vnd.ms-works",
        "zip" => "application/zip",
        "rar" => "application/vnd.rar",
        "7z" => "application/x-7z-compressed",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/vnd.microsoft.icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("search/index.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("data/winners.json"), "application/json");
        assert_eq!(content_type("data/winners.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("badges/2023-quality-a.svg"), "image/svg+xml");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("notices/files/申报表.PDF"), "application/pdf");
        assert_eq!(
            content_type("notices/files/名单.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("notices/files/v1.2/README"), "application/octet-stream");
        assert_eq!(content_type("notices/files/x.unknown"), "application/octet-stream");
    }

    #[test]
    fn a_pick_keeps_its_files_or_the_whole_search_index() {
        let pick = |want| Pick {
            want,
            paths: BTreeSet::new(),
            files: Vec::new(),
        };
        let page = ["notices/index.html".to_owned()];
        let mut one = pick(&page);
        assert!(one.wants("notices/index.html") && !one.wants("search/meta.js"));
        assert!(!one.wants_index(), "no index made for a page");
        let shard = ["search/d/3.js".to_owned()];
        let mut index = pick(&shard);
        assert!(index.wants("search/meta.js") && index.wants("search/g/0.js"));
        assert!(!index.wants("search/index.html") && index.wants_index());
        let mut listing = pick(&[]);
        assert!(!listing.wants("index.html") && !listing.wants_index());
        assert_eq!(listing.paths.len(), 1);
    }
}
