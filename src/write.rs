//! Writing: the only module that writes files.

use std::path::{Path, PathBuf};

/// An IO failure, naming its path.
#[derive(Debug, thiserror::Error)]
#[error("{message}: `{}`", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

/// Writes `files` (relative names and bytes) into `dir`, creating it.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError {
        path: dir.to_path_buf(),
        message: format!("cannot create folder ({e})"),
    })?;
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| WriteError {
            path: path.clone(),
            message: format!("cannot write file ({e})"),
        })?;
    }
    Ok(())
}
