//! One file per command, the way mdBook lays them out: each defines its
//! clap arguments (`Args`) and a `run` that returns the exit code or a
//! usage/IO error message. `cli.rs` only parses and dispatches.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::diff::DiffError;
use crate::documents::DocsError;
use crate::documents::pdf::PdfError;
use crate::import::ImportError;
use crate::load::LoadError;
use crate::public_site::SiteError;
use crate::scaffold::ScaffoldError;
use crate::serve::WatchError;
use crate::validate::ValidateError;
use crate::write::{EditWriteError, NewFileError, OutputLock, OutputTarget, Streamed, WriteError};

pub mod build;
pub mod diff;
pub mod docs;
pub mod import;
pub mod new;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod status;
pub mod validate;

/// The `--format` of a command that prints either for a person or as JSON
/// (`docs`, `import`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HumanOrJson {
    Human,
    Json,
}
/// What the process environment tells the commands.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `GITHUB_ACTIONS=true`: also emit workflow-command annotations.
    pub github_actions: bool,
    /// Colour the human output.
    pub styled: bool,
    /// `GITHUB_STEP_SUMMARY`: the file GitHub Actions shows as the step's
    /// summary; under `github_actions`, `validate` appends its findings.
    pub step_summary: Option<PathBuf>,
}

/// What a command that ran to its end found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong with the content.
    Clean,
    /// The content has errors (or warnings under `--deny-warnings`, or
    /// documents that lack facts); the command said which.
    ContentErrors,
}

/// Why a command could not do its work: a usage or IO error. Each
/// library error keeps its own words (the path it concerns included).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Validate(#[from] ValidateError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    NewFile(#[from] NewFileError),
    #[error(transparent)]
    Scaffold(#[from] ScaffoldError),
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Docs(#[from] DocsError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Diff(#[from] DiffError),
    #[error(transparent)]
    Watch(#[from] WatchError),
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Edited files were not written (a file changed on disk meanwhile).
    #[error(transparent)]
    EditWrite(#[from] EditWriteError),
    /// The base root of `diff`.
    #[error("base root: {0}")]
    BaseRoot(LoadError),
    #[error("cannot write output ({0})")]
    Output(std::io::Error),
    /// A refusal the command words itself.
    #[error("{0}")]
    Usage(String),
}

impl From<Streamed<SiteError>> for Error {
    fn from(e: Streamed<SiteError>) -> Error {
        match e {
            Streamed::Write(e) => Error::Write(e),
            Streamed::Fill(e) => Error::Site(e),
        }
    }
}

/// What a command returns to `cli`, which alone turns it into an exit code.
pub type Result<T = Outcome> = std::result::Result<T, Error>;

/// Frees a large value on a thread of its own, so that the command's
/// answer does not wait for millions of small frees; when the process
/// exits first, the kernel takes the memory back at once.
pub(crate) fn release<T: Send + 'static>(value: T) {
    // When no thread can be started, the value is freed here instead.
    let _ = std::thread::Builder::new()
        .name("qaward-release".into())
        .spawn(move || drop(value));
}

/// Writes `text` to the command's output stream.
pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes()).map_err(Error::Output)
}

/// Takes the output folder's lock, saying so when another run holds it.
pub(crate) fn lock_output(target: &OutputTarget, shown: &Path, out: &mut dyn Write) -> Result<OutputLock> {
    let lock = target.lock(|| {
        let _ = write_out(
            out,
            &format!(
                "另一个 qaward 正在写入 {}，等待其完成… (another qaward run is writing there; waiting)\n",
                shown.display()
            ),
        );
    })?;
    Ok(lock)
}

/// The content root's path from the current folder, when it lies inside
/// it: GitHub and SARIF want paths from the repository top.
pub(crate) fn prefix_from_cwd(root: &Path) -> String {
    let (Ok(cwd), Ok(root)) = (
        std::env::current_dir().and_then(|c| c.canonicalize()),
        root.canonicalize(),
    ) else {
        return String::new();
    };
    root.strip_prefix(&cwd).map(crate::load::slash_path).unwrap_or_default()
}
