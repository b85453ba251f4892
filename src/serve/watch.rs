//! The file watcher: notify's recommended backend (inotify on Linux)
//! behind notify-debouncer-full, which folds the bursts an editor's save
//! makes (write, rename, chmod) into one batch of events. The debouncer
//! keeps each event's kind, which matters: inotify also reports every
//! file that is opened, so the rebuild's own reads would otherwise call
//! for another rebuild, forever.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

/// How long the debouncer waits for a burst of events to end.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What the watcher saw.
#[derive(Debug)]
pub enum Change {
    /// Files or folders changed (hidden ones, such as `.git/`, and reads
    /// left out: the loader skips them too).
    Files,
    /// The watcher reported an error (its text).
    Error(String),
}

/// A running watcher; it stops when dropped.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    pub changes: Receiver<Change>,
}

/// The watcher could not start on a folder.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch `{}` ({message})", path.display())]
pub struct WatchError {
    pub path: PathBuf,
    pub message: String,
}

/// Watches `folders`, recursively.
pub fn watch(folders: &[PathBuf]) -> Result<Watch, WatchError> {
    let (tx, changes) = channel();
    let roots = folders.to_vec();
    let handler = move |result: DebounceEventResult| {
        let change = match result {
            Ok(events) => {
                let changed = events
                    .iter()
                    .filter(|e| changes_content(e))
                    .flat_map(|e| e.paths.iter())
                    .any(|p| !is_hidden(&roots, p));
                if !changed {
                    return;
                }
                Change::Files
            }
            Err(errors) => Change::Error(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
        };
        let _ = tx.send(change);
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(|e| WatchError {
        path: folders.first().cloned().unwrap_or_default(),
        message: e.to_string(),
    })?;
    for folder in folders {
        debouncer
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| WatchError {
                path: folder.clone(),
                message: e.to_string(),
            })?;
    }
    Ok(Watch {
        _debouncer: debouncer,
        changes,
    })
}

/// Whether an event may change what is built: anything but a read (an
/// open, a read, a close after reading).
fn changes_content(event: &DebouncedEvent) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether `path` lies in a hidden file or folder below one of `roots`.
fn is_hidden(roots: &[PathBuf], path: &Path) -> bool {
    roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .is_some_and(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_paths_below_the_roots() {
        let roots = vec![PathBuf::from("/home/u/.config/site/content")];
        assert!(is_hidden(&roots, Path::new("/home/u/.config/site/content/.git/index")));
        assert!(is_hidden(&roots, Path::new("/home/u/.config/site/content/.a.yaml.swp")));
        assert!(!is_hidden(
            &roots,
            Path::new("/home/u/.config/site/content/programme.yaml")
        ));
    }
}
