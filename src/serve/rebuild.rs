//! One rebuild: the steps of `build` (validate → publish → render), into
//! memory. Whatever goes wrong becomes the error page, never an error of
//! the server.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use super::error_page::{self, Problem};
use super::site::{Served, Site, Snapshot};
use crate::diagnostics::{Lang, Report};
use crate::markdown::Memo;
use crate::model::Model;
use crate::public_site::{self, SiteError};
use crate::report::{self, Paths};
use crate::theme::Theme;
use crate::validate::{self, ValidateCache, Validation};
use crate::{calendar, publish};

/// What to build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The content root.
    pub root: PathBuf,
    /// `--theme`: a theme folder `themes/NAME/` beside the content root.
    pub theme: Option<String>,
    /// `--as-of`; today in Asia/Shanghai at each rebuild when `None`.
    pub as_of: Option<Date>,
}

impl Options {
    /// The folders whose changes call for a rebuild: the content root and
    /// the theme folder.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut paths = vec![self.root.clone()];
        if let Some(name) = &self.theme {
            paths.push(theme_dir(&self.root, name));
        }
        paths
    }
}

/// Where `load::theme_overrides` reads theme `name` from.
pub(crate) fn theme_dir(root: &Path, name: &str) -> PathBuf {
    root.parent().unwrap_or(root).join("themes").join(name)
}

/// How a rebuild went, for the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The site: its file count and the warnings found.
    Built { files: usize, warnings: usize },
    /// The content has errors. `first` is the first finding, as
    /// `file:line:column rule`.
    ContentErrors {
        errors: usize,
        warnings: usize,
        first: String,
    },
    /// The theme failed or the content root could not be read.
    Failed { message: String },
}

/// A rebuild's snapshot, outcome and duration.
pub struct Rebuilt {
    pub snapshot: Snapshot,
    pub outcome: Outcome,
    pub elapsed: Duration,
    pub as_of: Date,
}

/// What a rebuild keeps for the next: the checks of unchanged files and
/// the rendered Markdown still in use.
#[derive(Default)]
pub struct Kept {
    pub validation: ValidateCache,
    pub markdown: Memo,
}

/// Rebuilds the site. `base_path` is the one served so far, kept while the
/// programme cannot be read. Files unchanged since the last rebuild are
/// taken from `kept`, not read again; the pages in `warm` (the ones the
/// browser showed last) are rendered ahead.
pub fn rebuild(options: &Options, base_path: &str, kept: &mut Kept, warm: &[String]) -> Rebuilt {
    let started = Instant::now();
    let as_of = options.as_of.unwrap_or_else(calendar::today_in_china);
    let (snapshot, outcome) = match validate::validate_again(&options.root, &mut kept.validation) {
        Ok(validation) => from_validation(options, &validation, (as_of, base_path), (warm, &kept.markdown)),
        Err(e) => failed(
            options,
            base_path,
            None,
            &theme_or_default(options),
            &SiteError::Load(e.to_string()),
        ),
    };
    Rebuilt {
        snapshot,
        outcome,
        elapsed: started.elapsed(),
        as_of,
    }
}

fn from_validation(
    options: &Options,
    validation: &Validation,
    (as_of, base_path): (Date, &str),
    (warm, md): (&[String], &Memo),
) -> (Snapshot, Outcome) {
    let base_path = programme_base_path(&validation.model).unwrap_or_else(|| base_path.to_owned());
    let name = validation.model.programme.as_ref().map(|p| p.name.as_str());
    let report = &validation.report;
    if report.errors() > 0 {
        return content_errors(options, validation, &base_path, name);
    }
    let theme = match theme(options) {
        Ok(theme) => theme,
        Err(message) => {
            let failure = SiteError::Theme(message);
            return failed(options, &base_path, name, &Theme::embedded(), &failure);
        }
    };
    match render_site(options, &validation.model, &theme, as_of, (warm, md)) {
        Ok(site) => {
            let outcome = Outcome::Built {
                files: site.file_count(),
                warnings: report.warnings(),
            };
            let served = Served::Site(site);
            (Snapshot { base_path, served }, outcome)
        }
        Err(failure) => failed(options, &base_path, name, &theme, &failure),
    }
}

/// The site, to be rendered page by page as the browser asks (see
/// `site.rs`), with the pages in `warm` rendered ahead.
fn render_site(
    options: &Options,
    model: &Model,
    theme: &Theme,
    as_of: Date,
    (warm, md): (&[String], &Memo),
) -> Result<Site, SiteError> {
    let publish_options = publish::PublishOptions { as_of, base_url: None };
    let (site, attachments) = public_site::assemble(&options.root, model, &publish_options, md)?;
    md.sweep();
    Site::on_demand(site, theme.clone(), attachments, warm).map_err(SiteError::Theme)
}

fn content_errors(
    options: &Options,
    validation: &Validation,
    base_path: &str,
    name: Option<&str>,
) -> (Snapshot, Outcome) {
    let report = &validation.report;
    let human = report::human(report, &validation.content, &Paths::default(), Lang::Zh, false);
    let page = error_page::page(base_path, name, &Problem::Content { report, human: &human });
    let outcome = Outcome::ContentErrors {
        errors: report.errors(),
        warnings: report.warnings(),
        first: first_finding(report),
    };
    let served = Served::Errors {
        page,
        assets: assets(&theme_or_default(options)),
    };
    let base_path = base_path.to_owned();
    (Snapshot { base_path, served }, outcome)
}

/// The error page for a theme or load failure.
fn failed(
    options: &Options,
    base_path: &str,
    name: Option<&str>,
    theme: &Theme,
    failure: &SiteError,
) -> (Snapshot, Outcome) {
    let (problem, message) = match failure {
        SiteError::Theme(message) => (
            Problem::Theme {
                name: options.theme.as_deref(),
                message,
            },
            message,
        ),
        SiteError::Load(message) => (Problem::Load(message), message),
    };
    let page = error_page::page(base_path, name, &problem);
    let served = Served::Errors {
        page,
        assets: assets(theme),
    };
    let outcome = Outcome::Failed {
        message: message.to_owned(),
    };
    let base_path = base_path.to_owned();
    (Snapshot { base_path, served }, outcome)
}

fn first_finding(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::catalogue::Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d.span.file, d.span.start.line, d.span.start.column, d.rule.id
            )
        })
        .unwrap_or_default()
}

fn theme(options: &Options) -> Result<Theme, String> {
    Theme::resolve(&options.root, options.theme.as_deref()).map_err(|e| e.to_string())
}

/// The theme for the error page's look: the site's, or the default one when
/// the site's cannot be read.
fn theme_or_default(options: &Options) -> Theme {
    theme(options).unwrap_or_else(|_| Theme::embedded())
}

fn assets(theme: &Theme) -> Site {
    Site::from_pairs(theme.assets().map(|(path, bytes)| (path, bytes.to_vec())))
}

/// The path part of the programme's `site.base_url`, as `publish` derives
/// it: `https://example.gov.cn/zlj/` → `/zlj/`.
fn programme_base_path(model: &Model) -> Option<String> {
    Some(publish::base_path(&model.programme.as_ref()?.site.base_url))
}
