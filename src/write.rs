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

/// Why a new file was not written.
#[derive(Debug, thiserror::Error)]
pub enum NewFileError {
    /// The path is taken: nothing is ever replaced.
    #[error("文件已存在，未写入任何文件：`{}` (refusing to overwrite an existing file; nothing was written)", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Creates the file `path` with `bytes`, and its missing parent folders.
/// Never replaces anything: an existing path is [`NewFileError::Exists`].
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), NewFileError> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| WriteError {
            path: dir.to_path_buf(),
            message: format!("cannot create folder ({e})"),
        })?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(NewFileError::Exists(path.into())),
        Err(e) => {
            return Err(WriteError {
                path: path.to_path_buf(),
                message: format!("cannot create file ({e})"),
            }
            .into());
        }
    };
    file.write_all(bytes).map_err(|e| {
        let _ = std::fs::remove_file(path);
        NewFileError::Write(WriteError {
            path: path.to_path_buf(),
            message: format!("cannot write file ({e})"),
        })
    })
}

/// Creates several new files under `root` (relative paths with `/`), all
/// or none: when any path is taken, nothing is written; when a write fails,
/// the files and folders created so far are removed again.
pub fn write_new_files(root: &Path, files: &[(String, Vec<u8>)]) -> Result<(), NewFileError> {
    if let Some((bad, _)) = files.iter().find(|(name, _)| !is_contained(name)) {
        return Err(WriteError {
            path: root.join(bad),
            message: "refusing to write outside the content root".into(),
        }
        .into());
    }
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| root.join(name)).collect();
    if let Some(taken) = paths.iter().find(|p| p.symlink_metadata().is_ok()) {
        return Err(NewFileError::Exists(taken.clone()));
    }
    let mut new_dirs: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| p.ancestors().skip(1).take_while(|a| *a != root).map(Path::to_path_buf))
        .filter(|dir| !dir.exists())
        .collect();
    new_dirs.sort();
    new_dirs.dedup();
    for (index, (path, (_, bytes))) in paths.iter().zip(files).enumerate() {
        if let Err(e) = write_new_file(path, bytes) {
            for written in &paths[..index] {
                let _ = std::fs::remove_file(written);
            }
            for dir in new_dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
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

/// Writes a whole site: every file goes into a temporary sibling of `out`,
/// which then replaces `out` in one rename. On failure `out` is left as it
/// was and the temporary folder is removed.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let err = |path: &Path, what: &str, e: std::io::Error| WriteError {
        path: path.to_path_buf(),
        message: format!("{what} ({e})"),
    };
    if let Some(bad) = files.iter().find(|f| !is_contained(&f.path)) {
        return Err(WriteError {
            path: out.join(&bad.path),
            message: "refusing to write outside the output folder".into(),
        });
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError {
            path: out.to_path_buf(),
            message: "the output folder needs a name".into(),
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| err(&parent, "cannot create folder", e))?;
    let pid = std::process::id();
    let temp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if temp.exists() {
        std::fs::remove_dir_all(&temp).map_err(|e| err(&temp, "cannot remove stale temporary folder", e))?;
    }
    let written = (|| {
        for file in files {
            let path = temp.join(&file.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| err(dir, "cannot create folder", e))?;
            }
            std::fs::write(&path, &file.bytes).map_err(|e| err(&path, "cannot write file", e))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    let had_out = out.exists();
    if had_out {
        std::fs::rename(out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&temp);
            err(out, "cannot move the previous output aside", e)
        })?;
    }
    if let Err(e) = std::fs::rename(&temp, out) {
        if had_out {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err(out, "cannot move the new output into place", e));
    }
    if had_out {
        std::fs::remove_dir_all(&old).map_err(|e| err(&old, "cannot remove the previous output", e))?;
    }
    Ok(())
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
        assert!(!is_contained(""));
    }

    #[test]
    fn new_files_never_replace_anything() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        let files = vec![
            ("a/b/one.yaml".to_owned(), b"1".to_vec()),
            ("two.yaml".to_owned(), b"2".to_vec()),
        ];
        write_new_files(root, &files).expect("write");
        assert_eq!(std::fs::read(root.join("a/b/one.yaml")).expect("read"), b"1");
        let again = vec![
            ("c/three.yaml".to_owned(), b"3".to_vec()),
            ("two.yaml".to_owned(), b"new".to_vec()),
        ];
        assert!(matches!(write_new_files(root, &again), Err(NewFileError::Exists(_))));
        assert_eq!(std::fs::read(root.join("two.yaml")).expect("read"), b"2");
        assert!(!root.join("c").exists());
        assert!(matches!(
            write_new_file(&root.join("two.yaml"), b"x"),
            Err(NewFileError::Exists(_))
        ));
        let outside = vec![("../escape.yaml".to_owned(), Vec::new())];
        assert!(write_new_files(root, &outside).is_err());
    }

    #[test]
    fn site_is_swapped_in_whole() {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).expect("mkdir");
        let files = vec![OutputFile {
            path: "a/index.html".into(),
            bytes: b"x".to_vec(),
        }];
        write_site(&out, &files).expect("write");
        assert!(out.join("a/index.html").is_file());
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("read").collect();
        assert_eq!(leftovers.len(), 1);
        let bad = vec![OutputFile {
            path: "../escape".into(),
            bytes: Vec::new(),
        }];
        assert!(write_site(&out, &bad).is_err());
        assert!(out.join("a/index.html").is_file());
    }
}
