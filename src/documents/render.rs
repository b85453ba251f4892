//! The documents through the theme's `docs/` templates (tera). Touches no
//! disk. Every page is self-contained: `docs.css` is included in each, so
//! a single file prints or mails on its own.

use tera::{Context, Tera};

use super::view::IndexView;
use super::{Planned, State};
use crate::theme::Theme;
use crate::write::OutputFile;

/// A template failed; names the template and the file.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
}

fn tera_error(what: &str, e: &tera::Error) -> RenderError {
    use std::error::Error as _;
    let mut message = format!("{what}: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    RenderError { message }
}

fn tera(theme: &Theme) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::render::escape);
    let templates: Vec<(String, String)> = theme.docs_templates().map(|(n, t)| (n.to_owned(), t)).collect();
    tera.add_raw_templates(templates)
        .map_err(|e| tera_error("cannot load the theme's document templates (`docs/`)", &e))?;
    Ok(tera)
}

fn render(tera: &Tera, template: &str, file: &str, doc: &impl serde::Serialize) -> Result<OutputFile, RenderError> {
    let mut context = Context::new();
    context.insert("doc", doc);
    let html = tera
        .render(template, &context)
        .map_err(|e| tera_error(&format!("template `docs/{template}` for `{file}`"), &e))?;
    Ok(OutputFile {
        path: file.to_owned(),
        bytes: html.into_bytes(),
    })
}

/// Every complete document of the plan.
pub fn documents(theme: &Theme, plan: &[Planned]) -> Result<Vec<OutputFile>, RenderError> {
    let tera = tera(theme)?;
    plan.iter()
        .filter_map(|p| match &p.state {
            State::Ready(ready) => Some(render(&tera, p.kind.template(), &p.file, &ready.json)),
            _ => None,
        })
        .collect()
}

/// `index.html`.
pub(crate) fn index(theme: &Theme, view: &IndexView) -> Result<OutputFile, RenderError> {
    render(&tera(theme)?, "index.html", "index.html", view)
}
