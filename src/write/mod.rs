//! Writing: the only module that writes files.
//!
//! `contract` decides which folder a command may replace; `publish` writes
//! a whole output folder beside it and swaps it in under a lock, so that a
//! crash at any moment leaves the previous folder complete. `scratch` is a
//! private temporary folder for intermediate files (PDF printing).

use std::path::{Path, PathBuf};

mod contract;
mod new_files;
mod publish;
mod scratch;

pub use contract::{OutputKind, OutputTarget};
pub use new_files::{NewFileError, write_new_file, write_new_files};
pub use publish::{OutputLock, publish};
pub use scratch::Scratch;

/// A write failure: an IO error naming its path, or a refusal of the
/// output contract (which names its path in its text).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{message}: `{}`", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{0}")]
    Refused(String),
}

impl WriteError {
    pub(crate) fn io(path: &Path, what: &str, e: std::io::Error) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            message: format!("{what} ({e})"),
        }
    }
}

/// Writes `files` (relative names and bytes) into `dir`, creating it.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError::io(dir, "cannot create folder", e))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| WriteError::io(&path, "cannot write file", e))?;
    }
    Ok(())
}

/// One output file: a path relative to the output folder and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Whether `path` stays inside the folder it is joined to: relative, with
/// only normal components.
pub fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment() {
        assert!(is_contained("notices/files/申报表.txt"));
        assert!(!is_contained("../x"));
        assert!(!is_contained("a/../../x"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a//b"));
        assert!(!is_contained("a\\..\\b"));
        assert!(!is_contained(""));
    }
}
