//! The documents as Word files (`qaward docs --docx`, SPEC section 10):
//! each complete document also as `<name>.docx`, in the layout of GB/T
//! 9704-2012, editable (paragraphs, runs and tables with styles; no text
//! boxes, no pictures of text), byte-identical from run to run.
//!
//! A document is built from the same typed view its HTML template renders
//! ([`bodies`]), so both print the same facts, and only complete documents
//! exist: the missing-fact rules and confidentiality are the plan's. The
//! WordprocessingML is written with quick-xml ([`xml`], [`wml`]) in the
//! order the ECMA-376 schema demands, and zipped with fixed entry times
//! ([`package`]). A theme's `docs/reference.docx` lends its styles, page
//! setup, header and footer, as pandoc's `--reference-doc` does
//! ([`reference`]); the body stays qaward's.

mod bodies;
mod letter;
mod package;
mod page;
mod reference;
mod styles;
mod wml;
mod xml;

pub use reference::ReferenceError;

use super::{Planned, State};
use crate::write::OutputFile;
use reference::Reference;

/// The path of a theme's reference document, under the theme's folder.
pub const REFERENCE: &str = "docs/reference.docx";

/// A document ready to be packaged.
pub(crate) struct Doc {
    pub title: String,
    /// The issuing office: 发文机关标志, and the creator in the properties.
    pub office: String,
    /// 成文日期 as `YYYY-MM-DD`: the date in the document's properties.
    pub date: String,
    /// The letter form: the 发文机关标志 heads its first page.
    pub letter: bool,
    pub blocks: Vec<wml::Block>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The theme's reference document cannot be used; the caller adds its
    /// path.
    #[error("{0}")]
    Reference(#[from] ReferenceError),
    #[error("cannot write a Word file: {0}")]
    Xml(#[from] std::io::Error),
    #[error("cannot write a Word file: {0}")]
    Zip(String),
}

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> DocxError {
        DocxError::Zip(e.to_string())
    }
}

/// `review-report.docx` for `review-report.html`.
pub fn docx_name(html: &str) -> String {
    format!("{}.docx", html.strip_suffix(".html").unwrap_or(html))
}

/// A `.docx` for every complete document of the plan, laid out with the
/// theme's reference document when it has one.
pub(crate) fn documents(plan: &[Planned], reference: Option<&[u8]>) -> Result<Vec<OutputFile>, DocxError> {
    let reference = reference.map(Reference::read).transpose()?;
    let text_width = reference
        .as_ref()
        .and_then(|r| r.section.as_ref())
        .map_or(page::A4.text_width(), |(_, p)| p.text_width())
        .max(1);
    plan.iter()
        .filter_map(|p| match &p.state {
            State::Ready(ready) => Some((p, ready)),
            _ => None,
        })
        .map(|(p, ready)| {
            let doc = bodies::build(p.kind, &ready.view, text_width);
            Ok(OutputFile {
                path: docx_name(&p.file),
                bytes: package::docx(&doc, reference.as_ref())?,
            })
        })
        .collect()
}
