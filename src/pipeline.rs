//! The public-site steps after validation, shared by `build` and `serve`:
//! the theme with its overrides, the public view, the attachments it
//! names, and the rendered files, all in memory.

use std::path::Path;

use crate::markdown::Memo;
use crate::model::Model;
use crate::publish::{self, PublishOptions};
use crate::theme::Theme;
use crate::write::{OutputFile, Sink};
use crate::{load, render};

/// Why a site without content errors could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SiteError {
    /// A theme file could not be read or a template failed.
    Theme(String),
    /// A content file (an attachment, the programme) could not be read.
    Load(String),
}

impl SiteError {
    pub fn message(&self) -> &str {
        match self {
            SiteError::Theme(m) | SiteError::Load(m) => m,
        }
    }
}

/// The embedded theme with the overrides of `themes/NAME/` beside `root`.
pub fn theme(root: &Path, name: Option<&str>) -> Result<Theme, SiteError> {
    let theme = Theme::embedded();
    match name {
        Some(name) => load::theme_overrides(root, name)
            .map(|overrides| theme.with_overrides(overrides))
            .map_err(|e| SiteError::Theme(e.to_string())),
        None => Ok(theme),
    }
}

/// The public view of `model` under `options`, rendered with `theme` into
/// memory, sorted by path.
pub fn render_files(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    theme: &Theme,
) -> Result<Vec<OutputFile>, SiteError> {
    let (site, attachments) = public_site(root, model, options)?;
    render::render_in_memory(&site, theme, attachments).map_err(|e| SiteError::Theme(e.to_string()))
}

/// The same, streamed into `sink` as each file is made; returns how many
/// files were made.
pub fn render_into(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    theme: &Theme,
    sink: &mut dyn Sink,
) -> Result<usize, SiteError> {
    let (site, attachments) = public_site(root, model, options)?;
    render::render(&site, theme, attachments, sink).map_err(|e| SiteError::Theme(e.to_string()))
}

/// Attachment files: names under `notices/files/` and their bytes.
pub type Attachments = Vec<(String, Vec<u8>)>;

/// The public view and the attachments it names.
pub fn public_site(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
) -> Result<(publish::PublicSite, Attachments), SiteError> {
    public_site_with(root, model, options, &Memo::default())
}

/// [`public_site`] with Markdown rendered through `md`, which `serve`
/// keeps from one rebuild to the next.
pub fn public_site_with(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    md: &Memo,
) -> Result<(publish::PublicSite, Attachments), SiteError> {
    let site = publish::publish_with(model, options, md)
        .ok_or_else(|| SiteError::Load("`programme.yaml` is missing".to_owned()))?;
    let attachments = load::attachments(root, &site.attachments).map_err(|e| SiteError::Load(e.to_string()))?;
    Ok((site, attachments))
}
