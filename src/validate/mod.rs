//! Validation: the schema check, then the rule checks on the typed model.
//!
//! Validation never stops at the first problem: it returns the model it
//! could build together with every finding.

pub mod rules;
pub mod schema;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Report};
use crate::load::{self, Content, LoadError};
use crate::model::Model;

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
    let schemas = schema::Schemas::compile().map_err(ValidateError::Schemas)?;
    let (content, mut diagnostics) = load::load(root)?;
    let mut valid = Vec::new();
    for doc in &content.documents {
        if let Some(profile) = doc.value.get("profile").and_then(serde_json::Value::as_str)
            && crate::markdown::too_deep(profile).is_some()
        {
            let at = crate::diagnostics::Location::value(&doc.file, "/profile");
            diagnostics.push(Diagnostic::new(crate::catalogue::SCHEMA, at, load::too_deep_message()));
            continue;
        }
        let found = schemas.check(doc);
        if found.is_empty() {
            valid.push(doc);
        }
        diagnostics.extend(found);
    }
    let (model, found) = Model::build(valid);
    diagnostics.extend(found);
    diagnostics.extend(rules::check(&model, &content));
    let report = Report::new(content.resolve(diagnostics));
    Ok(Validation { content, model, report })
}

/// Collects findings for one check.
pub(crate) type Sink = Vec<Diagnostic>;
