//! Validation: the schema check, then the rule checks on the typed model.
//!
//! Validation never stops at the first problem: it returns the model it
//! could build together with every finding.

pub(crate) mod rules;
pub(crate) mod schema;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Report};
use crate::load::{self, Content, LoadError};
use crate::model::{Model, Record};

/// The outcome of validating a content root.
pub struct Validation {
    pub content: Content,
    pub model: Model,
    pub report: Report,
}

/// Why validation could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Schemas(String),
}

/// Loads and checks the content root at `root`.
pub fn validate(root: &Path) -> Result<Validation, ValidateError> {
    validate_again(root, &mut ValidateCache::none())
}

/// What earlier validations found in each file, for `serve`: a file that
/// has not changed is not read or checked again. Only the checks of single
/// files are cached; the rules always run on the whole model.
pub(crate) struct ValidateCache {
    files: load::LoadCache<Checked>,
    /// Compiled once, by the first validation.
    schemas: Option<schema::Schemas>,
}

impl ValidateCache {
    pub fn new() -> ValidateCache {
        ValidateCache {
            files: load::LoadCache::new(),
            schemas: None,
        }
    }

    fn none() -> ValidateCache {
        ValidateCache {
            files: load::LoadCache::none(),
            schemas: None,
        }
    }
}

impl Default for ValidateCache {
    fn default() -> Self {
        ValidateCache::new()
    }
}

/// [`validate`], reusing what `cache` holds for unchanged files.
pub(crate) fn validate_again(root: &Path, cache: &mut ValidateCache) -> Result<Validation, ValidateError> {
    validate_overlaid(root, cache, &load::Overlay::new())
}

/// [`validate`] on the content root as it would be with the files of
/// `overlay` in place of those on disk (or added): the schemas and every
/// rule, before an edit is written. Nothing is written.
pub fn validate_with(root: &Path, overlay: &load::Overlay) -> Result<Validation, ValidateError> {
    validate_overlaid(root, &mut ValidateCache::none(), overlay)
}

fn validate_overlaid(
    root: &Path,
    cache: &mut ValidateCache,
    overlay: &load::Overlay,
) -> Result<Validation, ValidateError> {
    let schemas = match cache.schemas.take() {
        Some(schemas) => schemas,
        None => schema::Schemas::compile().map_err(ValidateError::Schemas)?,
    };
    let loaded = load::load_with(root, |doc| check_document(&schemas, doc), &mut cache.files, overlay);
    cache.schemas = Some(schemas);
    let loaded = loaded?;
    let (content, mut diagnostics) = (loaded.content, loaded.diagnostics);
    let mut records = Vec::with_capacity(loaded.documents.len());
    for checked in loaded.documents {
        diagnostics.extend(checked.findings);
        records.extend(checked.record);
    }
    let model = Model::assemble(records);
    diagnostics.extend(rules::check(&model, &content));
    let report = Report::new(content.resolve(diagnostics));
    Ok(Validation { content, model, report })
}

/// One document after the checks that need only itself.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    findings: Vec<Diagnostic>,
    /// Its typed form, when it passed them.
    record: Option<Record>,
}

/// The checks of one document, run on the thread that parsed it: the
/// nesting of its profile's Markdown and its schema, both reported, then
/// its typed form when neither found anything. Its JSON value is dropped
/// here.
fn check_document(schemas: &schema::Schemas, doc: load::Document) -> Checked {
    let mut findings = schemas.check(&doc);
    if let Some(profile) = doc.value.get("profile").and_then(serde_json::Value::as_str)
        && crate::markdown::too_deep(profile).is_some()
    {
        let at = crate::diagnostics::Location::value(&doc.file, "/profile");
        findings.push(Diagnostic::new(crate::catalogue::SCHEMA, at, load::too_deep_message()));
    }
    if !findings.is_empty() {
        return Checked { findings, record: None };
    }
    match Record::read(doc) {
        Ok(record) => Checked {
            findings: Vec::new(),
            record,
        },
        Err(finding) => Checked {
            findings: vec![*finding],
            record: None,
        },
    }
}

/// The findings one check collects.
pub(crate) type Findings = Vec<Diagnostic>;
