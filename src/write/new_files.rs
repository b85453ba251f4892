//! New files for `qaward new`: created with `create_new`, all or none,
//! never replacing anything.

use std::path::{Path, PathBuf};

use super::{WriteError, is_contained, link_on_the_way};

/// Why a new file was not written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NewFileError {
    /// The path is taken: nothing is ever replaced.
    #[error("文件已存在，未写入任何文件：`{}` (refusing to overwrite an existing file; nothing was written)", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Creates the file `path` with `bytes`, and its missing parent folders.
/// Never replaces anything: an existing path is [`NewFileError::Exists`].
pub(crate) fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), NewFileError> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| WriteError::Io {
            path: dir.to_path_buf(),
            message: format!("cannot create folder ({e})"),
        })?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(NewFileError::Exists(path.into())),
        Err(e) => {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                message: format!("cannot create file ({e})"),
            }
            .into());
        }
    };
    file.write_all(bytes).map_err(|e| {
        let _ = std::fs::remove_file(path);
        NewFileError::Write(WriteError::Io {
            path: path.to_path_buf(),
            message: format!("cannot write file ({e})"),
        })
    })
}

/// Creates several new files under `root` (relative paths with `/`), all
/// or none: when any path is taken, nothing is written; when a write fails,
/// the files and folders created so far are removed again.
pub(crate) fn write_new_files(root: &Path, files: &[(String, Vec<u8>)]) -> Result<(), NewFileError> {
    if let Some((bad, _)) = files.iter().find(|(name, _)| !is_contained(name)) {
        return Err(WriteError::Io {
            path: root.join(bad),
            message: "refusing to write outside the content root".into(),
        }
        .into());
    }
    if let Some(link) = files.iter().find_map(|(name, _)| link_on_the_way(root, name)) {
        return Err(WriteError::Io {
            path: link,
            message: "refusing to write through a folder that is a symbolic link".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
