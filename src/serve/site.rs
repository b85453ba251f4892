//! The in-memory site: what `render` produced, by path, with the content
//! type each file is served with.

use std::collections::BTreeMap;

use crate::write::OutputFile;

/// One file of the site as served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

impl Asset {
    /// Whether this is an HTML page (which gets the reload script).
    pub fn is_html(&self) -> bool {
        self.content_type.starts_with("text/html")
    }
}

/// Files by path relative to the site root (`index.html`,
/// `notices/files/申报表.pdf`), exactly the bytes `build` would write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, Asset>,
}

impl Site {
    /// The site of `render`'s output files.
    pub fn from_files(files: Vec<OutputFile>) -> Site {
        Site::from_pairs(files.into_iter().map(|f| (f.path, f.bytes)))
    }

    /// The site of (path, bytes) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, Vec<u8>)>) -> Site {
        let files = pairs
            .into_iter()
            .map(|(path, bytes)| {
                let content_type = content_type(&path);
                (path, Asset { bytes, content_type })
            })
            .collect();
        Site { files }
    }

    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
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
}
