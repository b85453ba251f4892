//! A private scratch folder for intermediate files: the HTML that Chromium
//! prints to PDF for `qaward docs --pdf`, and the PDFs it writes back.
//!
//! The folder is created fresh under the system's temporary folder,
//! readable by its owner only (the documents are confidential), never
//! reused, and removed with everything in it when the `Scratch` is dropped.
//! It is never an output folder: what must survive goes into the file list
//! that [`super::replace`] writes.

use std::path::{Path, PathBuf};

use super::{WriteError, is_contained};

/// A fresh private folder, removed on drop.
#[derive(Debug)]
pub(crate) struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates `qaward-<label>-<pid>-<n>` in the temporary folder.
    pub fn new(label: &str) -> Result<Scratch, WriteError> {
        let base = std::env::temp_dir();
        let pid = std::process::id();
        for n in 0u32..1000 {
            let path = base.join(format!("qaward-{label}-{pid}-{n}"));
            match private_dir(&path) {
                Ok(()) => return Ok(Scratch { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(WriteError::io(&path, "cannot create the scratch folder", e)),
            }
        }
        Err(WriteError::Refused(format!(
            "no free scratch folder name in `{}`",
            base.display()
        )))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `name` (a contained relative path) and returns its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
        let path = self.contained(name)?;
        std::fs::write(&path, bytes).map_err(|e| WriteError::io(&path, "cannot write file", e))?;
        Ok(path)
    }

    /// Reads back `name`, written by us or by a program we ran.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, WriteError> {
        let path = self.contained(name)?;
        std::fs::read(&path).map_err(|e| WriteError::io(&path, "cannot read file", e))
    }

    fn contained(&self, name: &str) -> Result<PathBuf, WriteError> {
        if !is_contained(name) || name.contains('/') {
            return Err(WriteError::Refused(format!("refusing the scratch file name `{name}`")));
        }
        Ok(self.path.join(name))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(unix)]
fn private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(0o700).create(path)
}

#[cfg(not(unix))]
fn private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_is_private_and_removed() {
        let scratch = Scratch::new("test").expect("scratch");
        let path = scratch.path().to_path_buf();
        scratch.write("a.html", b"<p>x</p>").expect("write");
        assert_eq!(scratch.read("a.html").expect("read"), b"<p>x</p>");
        assert!(scratch.write("../escape", b"x").is_err());
        assert!(scratch.write("sub/dir", b"x").is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        drop(scratch);
        assert!(!path.exists());
    }
}
