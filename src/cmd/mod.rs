//! One file per command, the way mdBook lays them out: each defines its
//! clap arguments (`Args`) and a `run` that returns the exit code or a
//! usage/IO error message. `cli.rs` only parses and dispatches.

use std::io::Write;
use std::path::Path;

pub mod build;
pub mod diff;
pub mod docs;
pub mod new;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod status;
pub mod validate;

/// Writes `text` to the command's output stream.
/// Frees a large value on a thread of its own, so that the command's
/// answer does not wait for millions of small frees; when the process
/// exits first, the kernel takes the memory back at once.
pub(crate) fn release<T: Send + 'static>(value: T) {
    // When no thread can be started, the value is freed here instead.
    let _ = std::thread::Builder::new()
        .name("qaward-release".into())
        .spawn(move || drop(value));
}

pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<(), String> {
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write output ({e})"))
}

/// The content root's path from the current folder, when it lies inside
/// it: GitHub and SARIF want paths from the repository top.
pub(crate) fn prefix_from_cwd(root: &Path) -> String {
    let (Ok(cwd), Ok(root)) = (
        std::env::current_dir().and_then(|c| c.canonicalize()),
        root.canonicalize(),
    ) else {
        return String::new();
    };
    root.strip_prefix(&cwd)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}
