//! Writing edited content files (`import --write`, `serve --edit`): all
//! files of one command or one save, or none, each replaced atomically,
//! and never a file whose bytes changed since the edit was made from them.
//!
//! Each new text goes to a temporary file beside its target (same folder,
//! so the rename cannot cross file systems), flushed to disk, with the
//! target's permissions. Immediately before the renames every target is
//! read again and compared with the bytes the edit was made from; then
//! each target gets a hard link as its backup (a copy where links are not
//! supported), the temporaries are renamed over the targets, and the
//! backups are removed. When a rename fails, the targets already replaced
//! get their backups renamed back, so the content is as it was.
//! Temporaries and backups are hidden (`.name.qaward-…`), which the loader
//! never reads.

use std::path::{Path, PathBuf};

use super::{WriteError, is_contained, link_on_the_way};

/// One edited file: its path relative to the content root (with `/`),
/// the bytes the edit was made from and the bytes to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedFile {
    pub path: String,
    pub original: Vec<u8>,
    pub edited: Vec<u8>,
}

/// Why edits were not written. Nothing was changed in either case.
#[derive(Debug, thiserror::Error)]
pub enum EditWriteError {
    /// The file on disk is no longer what the edit was made from; its
    /// bytes now are `current` (absent when it was removed).
    #[error(
        "文件在读取后已被修改，未写入任何文件：`{}` (the file changed on disk since it was read; nothing was written)",
        path.display()
    )]
    Changed { path: PathBuf, current: Option<Vec<u8>> },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Writes `files` under `root`, all or none (see the module's text).
pub fn write_edits(root: &Path, files: &[EditedFile]) -> Result<(), EditWriteError> {
    let targets = targets(root, files)?;
    let mut staged: Vec<PathBuf> = Vec::with_capacity(files.len());
    let result = stage_and_swap(&targets, files, &mut staged);
    for temp in &staged {
        let _ = std::fs::remove_file(temp);
    }
    result
}

/// The paths of the targets: inside the root, each once, regular files.
fn targets(root: &Path, files: &[EditedFile]) -> Result<Vec<PathBuf>, WriteError> {
    let mut seen = std::collections::BTreeSet::new();
    files
        .iter()
        .map(|file| {
            if !is_contained(&file.path) || !seen.insert(file.path.as_str()) {
                return Err(WriteError::Refused(format!(
                    "refusing to write `{}`: not a single file inside the content root",
                    file.path
                )));
            }
            if let Some(link) = link_on_the_way(root, &file.path) {
                return Err(WriteError::Refused(format!(
                    "refusing to write `{}`: the folder `{}` on the way is a symbolic link",
                    file.path,
                    link.display()
                )));
            }
            let path = root.join(&file.path);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_file() => Ok(path),
                Ok(_) => Err(WriteError::Refused(format!(
                    "refusing to write `{}`: not a regular file",
                    path.display()
                ))),
                Err(e) => Err(WriteError::io(&path, "cannot read file", e)),
            }
        })
        .collect()
}

fn stage_and_swap(targets: &[PathBuf], files: &[EditedFile], staged: &mut Vec<PathBuf>) -> Result<(), EditWriteError> {
    for (target, file) in targets.iter().zip(files) {
        staged.push(stage(target, &file.edited)?);
    }
    for (target, file) in targets.iter().zip(files) {
        match std::fs::read(target) {
            Ok(current) if current == file.original => {}
            Ok(current) => return Err(changed(target, Some(current))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(changed(target, None)),
            Err(e) => return Err(WriteError::io(target, "cannot read file", e).into()),
        }
    }
    let mut backups = Vec::with_capacity(targets.len());
    let outcome = backup_all(targets, &mut backups).and_then(|()| swap(targets, staged, &backups));
    for backup in &backups {
        let _ = std::fs::remove_file(backup);
    }
    outcome?;
    sync_folders(targets);
    Ok(())
}

fn changed(path: &Path, current: Option<Vec<u8>>) -> EditWriteError {
    EditWriteError::Changed {
        path: path.to_path_buf(),
        current,
    }
}

/// A hidden sibling of `target` that does not exist yet, for `what`.
fn sibling(target: &Path, what: &str, n: u32) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    target.with_file_name(format!(".{name}.qaward-{what}-{}-{n}", std::process::id()))
}

/// Writes `bytes` to a new temporary file beside `target`, flushed, with
/// `target`'s permissions.
fn stage(target: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    use std::io::Write;
    for n in 0u32..1000 {
        let temp = sibling(target, "edit", n);
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(WriteError::io(&temp, "cannot create file", e)),
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::metadata(target))
            .and_then(|meta| std::fs::set_permissions(&temp, meta.permissions()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(WriteError::io(&temp, "cannot write file", e));
        }
        return Ok(temp);
    }
    Err(WriteError::Refused(format!(
        "no free temporary name beside `{}`",
        target.display()
    )))
}

/// A backup of each target: a hard link, or a copy.
fn backup_all(targets: &[PathBuf], backups: &mut Vec<PathBuf>) -> Result<(), EditWriteError> {
    for target in targets {
        let backup = (0u32..1000)
            .map(|n| sibling(target, "backup", n))
            .find(|p| std::fs::symlink_metadata(p).is_err())
            .ok_or_else(|| WriteError::Refused(format!("no free backup name beside `{}`", target.display())))?;
        if std::fs::hard_link(target, &backup).is_err() {
            std::fs::copy(target, &backup).map_err(|e| WriteError::io(&backup, "cannot back up file", e))?;
        }
        backups.push(backup);
    }
    Ok(())
}

/// Renames each temporary over its target; on a failure, puts the
/// backups of the targets already replaced back.
fn swap(targets: &[PathBuf], staged: &[PathBuf], backups: &[PathBuf]) -> Result<(), EditWriteError> {
    for (i, (target, temp)) in targets.iter().zip(staged).enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            for (done, backup) in targets[..i].iter().zip(backups) {
                let _ = std::fs::rename(backup, done);
            }
            return Err(WriteError::io(target, "cannot replace file", e).into());
        }
    }
    Ok(())
}

/// Makes the renames durable: each target's folder is flushed (Unix; on
/// Windows a rename is flushed with the file system's journal).
fn sync_folders(targets: &[PathBuf]) {
    #[cfg(unix)]
    {
        let mut folders: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            if let Ok(dir) = std::fs::File::open(folder) {
                let _ = dir.sync_all();
            }
        }
    }
    #[cfg(not(unix))]
    let _ = targets;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(path: &str, original: &[u8], edited: &[u8]) -> EditedFile {
        EditedFile {
            path: path.to_owned(),
            original: original.to_vec(),
            edited: edited.to_vec(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn all_files_are_replaced_and_nothing_is_left_beside_them() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
        std::fs::write(dir.path().join("a/one.yaml"), "x: 1\n").expect("write");
        std::fs::write(dir.path().join("two.yaml"), "y: 1\n").expect("write");
        let files = [
            edited("a/one.yaml", b"x: 1\n", b"x: 2\n"),
            edited("two.yaml", b"y: 1\n", b"y: 2\n"),
        ];
        write_edits(dir.path(), &files).expect("written");
        assert_eq!(std::fs::read(dir.path().join("a/one.yaml")).expect("read"), b"x: 2\n");
        assert_eq!(std::fs::read(dir.path().join("two.yaml")).expect("read"), b"y: 2\n");
        assert_eq!(listing(dir.path()), ["a/one.yaml", "two.yaml"]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_stops_every_write() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join("one.yaml"), "x: 1\n").expect("write");
        std::fs::write(dir.path().join("two.yaml"), "y: 1  # 刚改过\n").expect("write");
        let files = [
            edited("one.yaml", b"x: 1\n", b"x: 2\n"),
            edited("two.yaml", b"y: 1\n", b"y: 2\n"),
        ];
        match write_edits(dir.path(), &files) {
            Err(EditWriteError::Changed { path, current }) => {
                assert!(path.ends_with("two.yaml"));
                assert_eq!(current.as_deref(), Some("y: 1  # 刚改过\n".as_bytes()));
            }
            other => panic!("not refused: {other:?}"),
        }
        assert_eq!(std::fs::read(dir.path().join("one.yaml")).expect("read"), b"x: 1\n");
        assert_eq!(listing(dir.path()), ["one.yaml", "two.yaml"]);
        std::fs::remove_file(dir.path().join("two.yaml")).expect("rm");
        assert!(matches!(
            write_edits(dir.path(), &files),
            Err(EditWriteError::Write(_) | EditWriteError::Changed { .. })
        ));
        assert_eq!(std::fs::read(dir.path().join("one.yaml")).expect("read"), b"x: 1\n");
    }

    #[test]
    fn paths_outside_the_root_twice_named_or_not_regular_files_are_refused() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join("one.yaml"), "x: 1\n").expect("write");
        std::fs::create_dir(dir.path().join("folder")).expect("mkdir");
        for files in [
            vec![edited("../one.yaml", b"", b"")],
            vec![
                edited("one.yaml", b"x: 1\n", b"x: 2\n"),
                edited("one.yaml", b"x: 1\n", b"x: 3\n"),
            ],
            vec![edited("folder", b"", b"")],
            vec![edited("missing.yaml", b"", b"x")],
        ] {
            assert!(write_edits(dir.path(), &files).is_err(), "{files:?}");
        }
        assert_eq!(std::fs::read(dir.path().join("one.yaml")).expect("read"), b"x: 1\n");
        assert_eq!(listing(dir.path()), ["one.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_rename_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir(dir.path().join("b")).expect("mkdir");
        std::fs::write(dir.path().join("a.yaml"), "a: 1\n").expect("write");
        std::fs::write(dir.path().join("b/b.yaml"), "b: 1\n").expect("write");
        let files = [
            edited("a.yaml", b"a: 1\n", b"a: 2\n"),
            edited("b/b.yaml", b"b: 1\n", b"b: 2\n"),
        ];
        // Staging and backing up succeed; the second rename is made to fail
        // by swapping a folder in where the temporary was.
        let targets = targets(dir.path(), &files).expect("targets");
        let staged: Vec<PathBuf> = targets
            .iter()
            .zip(&files)
            .map(|(t, f)| stage(t, &f.edited).expect("staged"))
            .collect();
        std::fs::remove_file(&staged[1]).expect("rm");
        std::fs::create_dir(&staged[1]).expect("a folder where the file was");
        let mut backups = Vec::new();
        backup_all(&targets, &mut backups).expect("backups");
        assert!(swap(&targets, &staged, &backups).is_err());
        assert_eq!(std::fs::read(dir.path().join("a.yaml")).expect("read"), b"a: 1\n");
        assert_eq!(std::fs::read(dir.path().join("b/b.yaml")).expect("read"), b"b: 1\n");
        assert!(!staged[0].exists(), "the first file was replaced, then put back");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("one.yaml");
        std::fs::write(&path, "x: 1\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_edits(dir.path(), &[edited("one.yaml", b"x: 1\n", b"x: 2\n")]).expect("written");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
