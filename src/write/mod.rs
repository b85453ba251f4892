//! Writing: the only module that writes files.
//!
//! `contract` decides which folder a command may replace; `swap` writes
//! a whole output folder beside it and swaps it in under a lock, so that a
//! crash at any moment leaves the previous folder complete. `scratch` is a
//! private temporary folder for intermediate files (PDF printing).
//! `edits` replaces edited content files, all or none, each atomically,
//! never one that changed since it was read.

use std::path::{Path, PathBuf};

mod contract;
mod edits;
mod new_files;
mod scratch;
mod swap;

pub(crate) use contract::{OutputKind, OutputTarget};
pub(crate) use edits::{EditWriteError, EditedFile, write_edits};
pub(crate) use new_files::{NewFileError, write_new_files};
pub(crate) use scratch::Scratch;
pub(crate) use swap::{OutputLock, Streamed, replace, replace_streamed};

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
/// A file already there is replaced only when `is_own` recognises its
/// bytes as an earlier output of the same command; otherwise nothing at
/// all is written.
pub(crate) fn write_files(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    is_own: impl Fn(&[u8]) -> bool,
) -> Result<(), WriteError> {
    if let Some((bad, _)) = files.iter().find(|(name, _)| !is_contained(name)) {
        return Err(WriteError::Refused(format!(
            "refusing to write outside `{}`: `{bad}`",
            dir.display()
        )));
    }
    for (name, _) in files {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) if !is_own(&bytes) => {
                return Err(WriteError::Refused(format!(
                    "拒绝替换 `{}`：它不是 qaward 写的文件。未做任何改动。\n(refusing to replace `{}`: qaward did not write it; nothing was changed)",
                    path.display(),
                    path.display()
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(WriteError::io(&path, "cannot read file", e)),
        }
    }
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

/// Where rendered files go, one at a time, as they are made: a folder
/// being written (`build`), or memory (`serve`, `diff`). Which files and
/// which bytes never depend on the sink.
pub trait Sink: Sync {
    /// Whether to make the file at `path` at all; a sink that serves one
    /// page at a time wants only that one.
    fn wants(&mut self, path: &str) -> bool {
        let _ = path;
        true
    }

    /// Whether the files of the search index (`search/*.js`) may be
    /// wanted. Their paths are known only once the index is made, so a
    /// sink that answers no neither gets them nor hears their paths.
    fn wants_index(&mut self) -> bool {
        true
    }

    fn put(&mut self, file: OutputFile) -> Result<(), WriteError>;
}

/// Keeps every file in memory, in the order they came.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub files: Vec<OutputFile>,
}

impl Sink for Collected {
    fn put(&mut self, file: OutputFile) -> Result<(), WriteError> {
        self.files.push(file);
        Ok(())
    }
}

/// Whether `path` stays inside the folder it is joined to: relative, with
/// only normal components.
pub fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// The first folder on the way from `root` to `path` (relative, with
/// `/`) that is a symbolic link, if any: reading or writing through it
/// would reach outside the content root, and no link is ever followed.
/// Folders not there yet are not links.
pub fn link_on_the_way(root: &Path, path: &str) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break;
        }
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_folder_on_the_way_that_is_a_link_is_named() {
        let dir = tempfile::tempdir().expect("temp");
        let (root, outside) = (dir.path().join("content"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("cycles/2025/applications")).expect("dirs");
        std::fs::create_dir_all(outside.join("applications")).expect("dirs");
        std::os::unix::fs::symlink(&outside, root.join("cycles/2030")).expect("link");
        std::os::unix::fs::symlink(&outside, root.join("organizations")).expect("link");
        assert_eq!(link_on_the_way(&root, "cycles/2025/applications/a.yaml"), None);
        assert_eq!(
            link_on_the_way(&root, "cycles/2025/new/deeper/a.yaml"),
            None,
            "not there yet"
        );
        assert_eq!(
            link_on_the_way(&root, "cycles/2030/applications/a.yaml"),
            Some(root.join("cycles/2030"))
        );
        assert_eq!(
            link_on_the_way(&root, "organizations/a.yaml"),
            Some(root.join("organizations"))
        );
        // The file itself is not a folder on the way: callers check it.
        assert_eq!(link_on_the_way(&root, "cycles/2030"), None);
    }

    #[test]
    fn files_are_replaced_only_when_recognised_as_own() {
        let dir = tempfile::tempdir().expect("temp");
        let own = |b: &[u8]| b.starts_with(b"own");
        let files = vec![
            ("a.json".to_owned(), b"own 2".to_vec()),
            ("b.json".to_owned(), b"own 2".to_vec()),
        ];
        std::fs::write(dir.path().join("a.json"), "own 1").expect("write");
        write_files(dir.path(), &files, own).expect("replaces its own");
        assert_eq!(std::fs::read(dir.path().join("b.json")).expect("read"), b"own 2");
        std::fs::write(dir.path().join("b.json"), "years of work").expect("write");
        std::fs::write(dir.path().join("a.json"), "own 1").expect("write");
        assert!(write_files(dir.path(), &files, own).is_err());
        assert_eq!(
            std::fs::read(dir.path().join("b.json")).expect("read"),
            b"years of work"
        );
        assert_eq!(
            std::fs::read(dir.path().join("a.json")).expect("read"),
            b"own 1",
            "all or nothing"
        );
        let outside = vec![("../x.json".to_owned(), Vec::new())];
        assert!(write_files(dir.path(), &outside, own).is_err());
    }

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
