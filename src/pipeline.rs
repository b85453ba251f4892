//! The public-site steps after validation, shared by `build` and `serve`:
//! the theme with its overrides, the public view, the attachments it
//! names, and the rendered files, all in memory.

use std::path::Path;

use crate::model::Model;
use crate::publish::{self, PublishOptions};
use crate::theme::Theme;
use crate::write::OutputFile;
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

/// The public view of `model` under `options`, rendered with `theme`.
pub fn render_files(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    theme: &Theme,
) -> Result<Vec<OutputFile>, SiteError> {
    let site =
        publish::publish(model, options).ok_or_else(|| SiteError::Load("`programme.yaml` is missing".to_owned()))?;
    let attachments = load::attachments(root, &site.attachments).map_err(|e| SiteError::Load(e.to_string()))?;
    render::render(&site, theme, attachments).map_err(|e| SiteError::Theme(e.to_string()))
}
