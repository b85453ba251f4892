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
