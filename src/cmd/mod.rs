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
