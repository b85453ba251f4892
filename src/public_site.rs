//! The public site from a validated model, as `build` and `serve` make it:
//! the public view with the attachment files it names, and its rendered
//! files streamed into a sink.

use std::path::Path;

use crate::markdown::Memo;
use crate::model::Model;
use crate::publish::{self, PublicSite, PublishOptions};
use crate::theme::Theme;
use crate::write::Sink;
use crate::{load, render};

/// Why a site without content errors could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SiteError {
    /// A theme file could not be read or a template failed.
    #[error("{0}")]
    Theme(String),
    /// A content file (an attachment, the programme) could not be read.
    #[error("{0}")]
    Load(String),
}

/// Attachment files: names under `notices/files/` and their bytes.
pub type Attachments = Vec<(String, Vec<u8>)>;

/// The public view of `model` under `options` and the attachments it
/// names, with Markdown rendered through `md` (which `serve` keeps from
/// one rebuild to the next).
pub fn assemble(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    md: &Memo,
) -> Result<(PublicSite, Attachments), SiteError> {
    let site = publish::public_view(model, options, md)
        .ok_or_else(|| SiteError::Load("`programme.yaml` is missing".to_owned()))?;
    let attachments = load::attachments(root, &site.attachments).map_err(|e| SiteError::Load(e.to_string()))?;
    Ok((site, attachments))
}

/// The public site of `model`, rendered with `theme` and streamed into
/// `sink` as each file is made; returns how many files were made.
pub fn render_into(
    root: &Path,
    model: &Model,
    options: &PublishOptions,
    theme: &Theme,
    sink: &mut dyn Sink,
) -> Result<usize, SiteError> {
    let (site, attachments) = assemble(root, model, options, &Memo::default())?;
    render::render(&site, theme, attachments, sink).map_err(|e| SiteError::Theme(e.to_string()))
}
