//! Replacing an output folder so that no crash can break it.
//!
//! 1. [`OutputTarget::lock`] takes an advisory lock on `.<name>.lock`
//!    beside the output, so runs to the same place take turns, then clears
//!    what dead runs left: their temporary folders, and on systems without
//!    an atomic exchange a previous folder moved aside (put back when the
//!    output itself is missing).
//! 2. [`replace_streamed`] writes the marker into a new temporary sibling,
//!    then every file as the renderer makes it (nothing waits in memory
//!    for the whole site), then flushes it to disk (`syncfs`, one call on
//!    Linux; elsewhere each file as it is written).
//! 3. The new folder takes the old one's place in one step: Linux's
//!    `renameat2(RENAME_EXCHANGE)`; elsewhere, or on a file system without
//!    it, two renames. The old folder, now under the temporary name, is
//!    removed, and the parent folder is flushed so the swap is durable.
//!
//! A web server serving the output never sees it missing (on Linux), and
//! a process killed at any moment leaves either the old folder or the new
//! one complete, plus a marked leftover that the next run removes.
//!
//! Windows: the lock is `LockFileEx` (through the standard library's
//! `File::lock`), the swap is the two renames (retried while another
//! program briefly holds a file of the folder), each file is flushed as
//! it is written, and NTFS journals the renames.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::{OutputFile, OutputTarget, Sink, WriteError, is_contained};

/// The advisory lock held for a whole run; released when dropped.
#[derive(Debug)]
pub(crate) struct OutputLock {
    _file: File,
}

impl OutputTarget {
    /// Creates the output's parent folder, takes the lock beside the
    /// output (calling `on_wait` first when another run holds it, then
    /// waiting for it), and clears what dead runs left.
    pub fn lock(&self, on_wait: impl FnOnce()) -> Result<OutputLock, WriteError> {
        let (parent, name) = self.parent_and_name();
        std::fs::create_dir_all(parent).map_err(|e| WriteError::io(parent, "cannot create folder", e))?;
        let path = parent.join(format!(".{name}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| WriteError::io(&path, "cannot create the lock file", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock()
                    .map_err(|e| WriteError::io(&path, "cannot take the lock", e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(WriteError::io(&path, "cannot take the lock", e)),
        }
        let lock = OutputLock { _file: file };
        self.clear_leftovers()?;
        Ok(lock)
    }

    /// Removes the temporary and moved-aside folders of dead runs, those
    /// that are empty or carry this kind's marker; when the output itself
    /// is missing, a moved-aside folder is put back first.
    fn clear_leftovers(&self) -> Result<(), WriteError> {
        let (parent, name) = self.parent_and_name();
        let mut leftovers: Vec<(PathBuf, bool)> = std::fs::read_dir(parent)
            .map_err(|e| WriteError::io(parent, "cannot read folder", e))?
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let file_name = entry.file_name().to_string_lossy().into_owned();
                let rest = file_name.strip_prefix(&format!(".{name}."))?.to_owned();
                let moved_aside = rest.starts_with("old-");
                (moved_aside || rest.starts_with("tmp-")).then(|| (entry.path(), moved_aside))
            })
            .filter(|(path, _)| self.is_own_or_empty(path))
            .collect();
        leftovers.sort();
        if !self.path.exists()
            && let Some(index) = leftovers.iter().rposition(|(_, moved_aside)| *moved_aside)
        {
            let (old, _) = leftovers.remove(index);
            rename_dir(&old, &self.path).map_err(|e| WriteError::io(&old, "cannot restore the previous output", e))?;
        }
        for (path, _) in leftovers {
            remove_own(&path, self.kind.marker())?;
        }
        Ok(())
    }

    fn is_own_or_empty(&self, dir: &Path) -> bool {
        let is_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
        is_dir
            && (dir.join(self.kind.marker()).is_file()
                || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none()))
    }
}

/// Writes `files` as the whole new content of the output and swaps it in.
/// The caller holds `_lock`. On failure the output is left as it was.
pub(crate) fn replace(target: &OutputTarget, lock: &OutputLock, files: &[OutputFile]) -> Result<(), WriteError> {
    replace_streamed(target, lock, |sink| {
        for file in files {
            sink.put(file.clone())?;
        }
        Ok::<(), WriteError>(())
    })
    .map_err(|e| match e {
        Streamed::Write(e) | Streamed::Fill(e) => e,
    })
}

/// Why [`replace_streamed`] failed: writing, or the caller's `fill`.
#[derive(Debug)]
pub(crate) enum Streamed<E> {
    Write(WriteError),
    Fill(E),
}

/// Lets `fill` stream the whole new content of the output into a fresh
/// folder beside it, then swaps it in. The caller holds `_lock`. On any
/// failure, `fill`'s included, the output is left as it was and the new
/// folder removed.
pub(crate) fn replace_streamed<T, E>(
    target: &OutputTarget,
    _lock: &OutputLock,
    fill: impl FnOnce(&mut dyn Sink) -> Result<T, E>,
) -> Result<T, Streamed<E>> {
    let marker = target.kind.marker();
    let temp = new_temp_folder(target).map_err(Streamed::Write)?;
    let result = write_tree(target, &temp, fill).and_then(|value| {
        target
            .recheck()
            .and_then(|()| swap_in(target, &temp))
            .map_err(Streamed::Write)?;
        Ok(value)
    });
    if result.is_err() {
        let _ = remove_own(&temp, marker);
    }
    result
}

/// Creates `.<name>.tmp-<pid>-<n>` beside the output, never reusing one.
fn new_temp_folder(target: &OutputTarget) -> Result<PathBuf, WriteError> {
    let (parent, name) = target.parent_and_name();
    let pid = std::process::id();
    for n in 0u32.. {
        let temp = parent.join(format!(".{name}.tmp-{pid}-{n}"));
        match std::fs::create_dir(&temp) {
            Ok(()) => return Ok(temp),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(WriteError::io(&temp, "cannot create the temporary folder", e)),
        }
    }
    Err(WriteError::Refused("no free temporary folder name".into()))
}

/// The marker first, so that a leftover of a killed run is recognisably
/// ours; then every file as `fill` makes it; then one flush.
fn write_tree<T, E>(
    target: &OutputTarget,
    temp: &Path,
    fill: impl FnOnce(&mut dyn Sink) -> Result<T, E>,
) -> Result<T, Streamed<E>> {
    let marker = temp.join(target.kind.marker());
    std::fs::write(&marker, target.kind.marker_text())
        .map_err(|e| Streamed::Write(WriteError::io(&marker, "cannot write file", e)))?;
    let mut writer = TreeWriter {
        root: temp,
        marker: target.kind.marker(),
        folders: HashSet::new(),
    };
    let value = fill(&mut writer).map_err(Streamed::Fill)?;
    sync_tree(temp).map_err(Streamed::Write)?;
    Ok(value)
}

/// Writes files into the new folder as they come, each folder created once.
struct TreeWriter<'a> {
    root: &'a Path,
    marker: &'a str,
    folders: HashSet<String>,
}

impl Sink for TreeWriter<'_> {
    fn put(&mut self, file: OutputFile) -> Result<(), WriteError> {
        if !is_contained(&file.path) || file.path == self.marker {
            return Err(WriteError::Refused(format!(
                "拒绝写入输出目录以外或保留的路径 `{}` (refusing to write outside the output folder or over its marker)",
                file.path
            )));
        }
        if let Some((folder, _)) = file.path.rsplit_once('/')
            && !self.folders.contains(folder)
        {
            let dir = self.root.join(folder);
            std::fs::create_dir_all(&dir).map_err(|e| WriteError::io(&dir, "cannot create folder", e))?;
            self.folders.insert(folder.to_owned());
        }
        let path = self.root.join(&file.path);
        write_file(&path, &file.bytes).map_err(|e| WriteError::io(&path, "cannot write file", e))
    }
}

/// Writes one file of the new tree. Linux flushes the whole tree at once
/// before the swap ([`sync_tree`]); elsewhere, with no such call, each
/// file is flushed as it is written.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    if !cfg!(target_os = "linux") {
        file.sync_data()?;
    }
    Ok(())
}

/// Renames a folder. Windows refuses while another program (the search
/// indexer, a virus scanner) holds one of its files open, which passes
/// within moments: there a refused rename is tried again for a second.
fn rename_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    let tries = if cfg!(windows) { 20 } else { 1 };
    let mut result = std::fs::rename(from, to);
    for _ in 1..tries {
        match &result {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                result = std::fs::rename(from, to);
            }
            _ => break,
        }
    }
    result
}

/// Puts `temp` in the output's place and removes what it replaced.
fn swap_in(target: &OutputTarget, temp: &Path) -> Result<(), WriteError> {
    let out = &target.path;
    let (parent, _) = target.parent_and_name();
    if std::fs::symlink_metadata(out).is_err() {
        rename_dir(temp, out).map_err(|e| WriteError::io(out, "cannot move the new output into place", e))?;
    } else if exchange(temp, out).map_err(|e| WriteError::io(out, "cannot swap the new output in", e))? {
        // `temp` now holds the previous output.
        remove_own(temp, target.kind.marker())?;
    } else {
        two_renames(target, temp)?;
    }
    sync_dir(parent)
}

/// Without an atomic exchange: the old folder aside, the new one in, the
/// old one removed. A crash between the renames leaves the old folder
/// under `.<name>.old-…`, which the next run puts back.
fn two_renames(target: &OutputTarget, temp: &Path) -> Result<(), WriteError> {
    let out = &target.path;
    let (parent, name) = target.parent_and_name();
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    rename_dir(out, &old).map_err(|e| WriteError::io(out, "cannot move the previous output aside", e))?;
    if let Err(e) = rename_dir(temp, out) {
        let _ = rename_dir(&old, out);
        return Err(WriteError::io(out, "cannot move the new output into place", e));
    }
    remove_own(&old, target.kind.marker())
}

/// Removes a folder this kind wrote, its marker last, so that a removal
/// cut short still leaves a folder the next run recognises as its own.
fn remove_own(dir: &Path, marker: &str) -> Result<(), WriteError> {
    let failed = |e| WriteError::io(dir, "cannot remove a folder written before", e);
    for entry in std::fs::read_dir(dir).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        if entry.file_name() == marker {
            continue;
        }
        let path = entry.path();
        let removed = if entry.file_type().map_err(failed)?.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(|e| WriteError::io(&path, "cannot remove a file written before", e))?;
    }
    match std::fs::remove_file(dir.join(marker)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
        _ => {}
    }
    std::fs::remove_dir(dir).map_err(failed)
}

/// Exchanges two paths atomically; `Ok(false)` where the system or file
/// system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Flushes the new tree before it is swapped in, so that after a power
/// loss the output is never a folder of empty files. One `syncfs` call on
/// Linux; elsewhere [`write_file`] flushed each file already.
fn sync_tree(dir: &Path) -> Result<(), WriteError> {
    #[cfg(target_os = "linux")]
    {
        let handle = File::open(dir).map_err(|e| WriteError::io(dir, "cannot open folder", e))?;
        rustix::fs::syncfs(&handle).map_err(|e| WriteError::io(dir, "cannot flush to disk", e.into()))?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    Ok(())
}

/// Makes a rename in `dir` durable. Windows cannot open a folder to flush
/// it; NTFS journals the rename itself.
fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        let handle = File::open(dir).map_err(|e| WriteError::io(dir, "cannot open folder", e))?;
        handle
            .sync_all()
            .map_err(|e| WriteError::io(dir, "cannot flush to disk", e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::*;
    use crate::write::OutputKind;

    fn site(text: &str) -> Vec<OutputFile> {
        vec![
            OutputFile {
                path: "index.html".into(),
                bytes: text.as_bytes().to_vec(),
            },
            OutputFile {
                path: "a/b/page.html".into(),
                bytes: text.as_bytes().to_vec(),
            },
        ]
    }

    fn target(dir: &Path) -> (PathBuf, OutputTarget) {
        let root = dir.join("content");
        std::fs::create_dir_all(&root).expect("mkdir");
        let out = dir.join("public");
        let target = OutputTarget::check(&out, OutputKind::Site, &root).expect("allowed");
        (out, target)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_site_is_swapped_in_whole_and_marked() {
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        for text in ["one", "two"] {
            let lock = target.lock(|| {}).expect("lock");
            replace(&target, &lock, &site(text)).expect("replace");
        }
        assert_eq!(std::fs::read_to_string(out.join("a/b/page.html")).expect("read"), "two");
        assert!(
            std::fs::read_to_string(out.join(".qaward-site"))
                .expect("marker")
                .starts_with("qaward site 1\n")
        );
        assert_eq!(names(dir.path()), [".public.lock", "content", "public"]);
    }

    #[test]
    fn paths_that_leave_the_output_or_replace_the_marker_are_refused() {
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        let lock = target.lock(|| {}).expect("lock");
        replace(&target, &lock, &site("old")).expect("replace");
        for bad in ["../escape", "/etc/x", "a/../../x", "a\\..\\x", ".qaward-site"] {
            let files = vec![OutputFile {
                path: bad.into(),
                bytes: Vec::new(),
            }];
            assert!(replace(&target, &lock, &files).is_err(), "{bad}");
        }
        assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("read"), "old");
        assert!(!dir.path().join("escape").exists());
        assert_eq!(names(dir.path()), [".public.lock", "content", "public"]);
    }

    #[test]
    fn leftovers_of_dead_runs_are_cleared_and_foreign_folders_kept() {
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        let lock = target.lock(|| {}).expect("lock");
        replace(&target, &lock, &site("old")).expect("replace");
        drop(lock);
        let marker = OutputKind::Site.marker();
        for dead in [".public.tmp-1-0", ".public.tmp-2-0", ".public.old-3"] {
            std::fs::create_dir_all(dir.path().join(dead).join("x")).expect("mkdir");
            std::fs::write(dir.path().join(dead).join(marker), "").expect("marker");
        }
        std::fs::create_dir(dir.path().join(".public.tmp-4-0")).expect("empty leftover");
        // Not ours: no marker, and not empty.
        std::fs::create_dir(dir.path().join(".public.tmp-thesis")).expect("mkdir");
        std::fs::write(dir.path().join(".public.tmp-thesis/thesis.docx"), "x").expect("write");
        let lock = target.lock(|| {}).expect("lock");
        drop(lock);
        assert_eq!(
            names(dir.path()),
            [".public.lock", ".public.tmp-thesis", "content", "public"]
        );
        assert!(out.join("index.html").is_file());
    }

    #[test]
    fn a_site_moved_aside_by_a_dead_run_is_put_back() {
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        let lock = target.lock(|| {}).expect("lock");
        replace(&target, &lock, &site("old")).expect("replace");
        drop(lock);
        // A run without atomic exchange killed between its two renames.
        std::fs::rename(&out, dir.path().join(".public.old-77")).expect("rename");
        let lock = target.lock(|| {}).expect("lock");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("restored"),
            "old"
        );
        drop(lock);
        assert_eq!(names(dir.path()), [".public.lock", "content", "public"]);
    }

    #[test]
    fn the_fallback_two_renames_also_publish() {
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        let lock = target.lock(|| {}).expect("lock");
        replace(&target, &lock, &site("old")).expect("replace");
        let temp = new_temp_folder(&target).expect("temp folder");
        let files = site("new");
        write_tree(&target, &temp, |sink| {
            files.iter().try_for_each(|f| sink.put(f.clone()))
        })
        .expect("write");
        two_renames(&target, &temp).expect("swap");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("read"), "new");
        assert_eq!(names(dir.path()), [".public.lock", "content", "public"]);
    }

    /// What a web server serving the output sees while it is replaced:
    /// `index.html` must open at every moment.
    #[test]
    fn swaps_never_leave_the_output_missing() {
        let swaps: usize = std::env::var("QAWARD_SWAPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(200);
        let dir = tempfile::tempdir().expect("temp");
        let (out, target) = target(dir.path());
        let lock = target.lock(|| {}).expect("lock");
        replace(&target, &lock, &site("0")).expect("replace");
        let stop = Arc::new(AtomicBool::new(false));
        let (reads, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let reader = {
            let (stop, reads, misses, page) = (stop.clone(), reads.clone(), misses.clone(), out.join("index.html"));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    reads.fetch_add(1, Ordering::Relaxed);
                    if std::fs::read(&page).is_err() {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        };
        for n in 1..=swaps {
            replace(&target, &lock, &site(&n.to_string())).expect("replace");
        }
        stop.store(true, Ordering::Relaxed);
        reader.join().expect("reader");
        let (reads, misses) = (reads.load(Ordering::Relaxed), misses.load(Ordering::Relaxed));
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{swaps} swaps, {reads} reads of index.html, {misses} misses");
        }
        assert!(reads > swaps, "the reader ran only {reads} times");
        assert_eq!(misses, 0, "{misses} of {reads} reads found no index.html");
    }
}
