//! The default theme, embedded in the binary, and the per-file overrides of
//! a content repository's own theme (`themes/NAME/` beside the content
//! root; read by [`crate::load::theme_overrides`]).

use std::collections::BTreeMap;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)))),*]
    };
}

/// Every file of `themes/default/`, by path relative to it.
const DEFAULT: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/notices.html",
    "templates/notice.html",
    "templates/cycle.html",
    "templates/publicity.html",
    "templates/decision.html",
    "templates/roll.html",
    "templates/facet.html",
    "templates/winner.html",
    "templates/sanctions.html",
    "templates/search.html",
    "templates/404.html",
    "templates/feed.xml",
    "templates/sitemap.xml",
    "templates/badge.svg",
    "static/style.css",
    "static/search.js",
    "static/care.js",
    "static/emblem.svg",
    "static/dzjg.svg",
    "docs/base.html",
    "docs/docs.css",
    "docs/index.html",
    "docs/qualification-notice.html",
    "docs/material-notice.html",
    "docs/onsite-report.html",
    "docs/review-report.html",
    "docs/objection-report.html",
    "docs/approval-list.html",
    "edit/base.html",
    "edit/index.html",
    "edit/list.html",
    "edit/form.html",
    "edit/changes.html",
    "edit/edit.css",
    "edit/edit.js",
    "edit/icon.svg",
];

/// A theme: template and static files by path.
#[derive(Clone, Debug)]
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The embedded default theme.
    pub fn embedded() -> Theme {
        Theme {
            files: DEFAULT.iter().map(|(p, b)| ((*p).to_owned(), b.to_vec())).collect(),
        }
    }

    /// The embedded theme with the overrides of `themes/NAME/` beside the
    /// content root `root`, when a theme is named.
    pub fn resolve(root: &std::path::Path, name: Option<&str>) -> Result<Theme, crate::load::LoadError> {
        let theme = Theme::embedded();
        match name {
            Some(name) => Ok(theme.with_overrides(crate::load::theme_overrides(root, name)?)),
            None => Ok(theme),
        }
    }

    /// The default theme with `overrides` replacing or adding files.
    pub fn with_overrides(mut self, overrides: BTreeMap<String, Vec<u8>>) -> Theme {
        self.files.extend(overrides);
        self
    }

    /// Templates: `templates/x` as `x`, with their text.
    pub fn templates(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("templates/")?;
            Some((name, String::from_utf8_lossy(bytes).into_owned()))
        })
    }

    /// The internal documents' templates (`qaward docs`): `docs/x` as `x`,
    /// but for Word files (the reference document). Neither
    /// [`Theme::templates`] nor [`Theme::assets`] yields them, so the site
    /// never loads or copies them.
    pub fn docs_templates(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("docs/").filter(|n| !n.ends_with(".docx"))?;
            Some((name, String::from_utf8_lossy(bytes).into_owned()))
        })
    }

    /// The staff's forms' templates (`serve --edit`): `edit/x.html` as
    /// `x.html`. They see internal fields; neither [`Theme::templates`]
    /// nor [`Theme::assets`] yields them, so the site never loads them.
    pub fn edit_templates(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("edit/").filter(|n| n.ends_with(".html"))?;
            Some((name, String::from_utf8_lossy(bytes).into_owned()))
        })
    }

    /// The forms' style and script: `edit/x` (not a template) as `x`.
    pub fn edit_assets(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("edit/").filter(|n| !n.ends_with(".html"))?;
            Some((name, bytes.as_slice()))
        })
    }

    /// `docs/reference.docx`, whose styles, page setup, header and footer
    /// the Word documents take (`qaward docs --docx`); the default theme
    /// has none.
    pub fn docs_reference(&self) -> Option<&[u8]> {
        self.files.get(crate::documents::docx::REFERENCE).map(Vec::as_slice)
    }

    /// Static files: `static/x` published as `assets/x`.
    pub fn assets(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("static/")?;
            Some((format!("assets/{name}"), bytes.as_slice()))
        })
    }
}
