//! PDF through headless Chromium (`qaward docs --pdf`).
//!
//! Each HTML document is written to a private scratch folder and printed
//! by one Chromium run (`--print-to-pdf`, no header or footer of the
//! browser's own: the page numbers come from the documents' CSS); the PDF
//! bytes are read back into the file list, so that the output folder is
//! still written in one swap. Chromium's PDF bytes are not deterministic
//! (it stamps creation dates and ids), unlike every other output.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::write::{OutputFile, Scratch, WriteError};

/// Where Chromium is looked for, in order: absolute paths as they are,
/// other names on `PATH`.
pub(crate) const CANDIDATES: &[&str] = &[
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long one document may take to print.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot run `{}` ({message})", program.display())]
    Spawn { program: PathBuf, message: String },
    #[error("Chromium failed to print `{file}` ({status}): {stderr}")]
    Failed {
        file: String,
        status: String,
        stderr: String,
    },
    #[error("Chromium took longer than {} s to print `{file}` and was stopped", TIMEOUT.as_secs())]
    Timeout { file: String },
    #[error("Chromium did not write a PDF for `{file}`")]
    NotPdf { file: String },
}

/// The Chromium to use: `explicit` (a path, or a name looked up on `PATH`)
/// when given, else the first of [`CANDIDATES`] that exists.
pub fn find_chromium(explicit: Option<&OsStr>) -> Option<PathBuf> {
    match explicit {
        Some(name) => locate(Path::new(name)),
        None => CANDIDATES.iter().find_map(|name| locate(Path::new(name))),
    }
}

fn locate(name: &Path) -> Option<PathBuf> {
    if name.components().count() > 1 || name.is_absolute() {
        return is_executable(name).then(|| name.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Prints every `.html` of `files` to a PDF of the same stem.
pub fn render(chromium: &Path, files: &[OutputFile]) -> Result<Vec<OutputFile>, PdfError> {
    let scratch = Scratch::new("docs-pdf")?;
    let html: Vec<&OutputFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    for file in &html {
        scratch.write(&file.path, &file.bytes)?;
    }
    let mut pdfs = Vec::new();
    for file in html {
        let name = format!("{}.pdf", file.path.trim_end_matches(".html"));
        print(chromium, &scratch, &file.path, &name)?;
        let bytes = scratch.read(&name).map_err(|_| PdfError::NotPdf {
            file: file.path.clone(),
        })?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(PdfError::NotPdf {
                file: file.path.clone(),
            });
        }
        pdfs.push(OutputFile { path: name, bytes });
    }
    Ok(pdfs)
}

/// One Chromium run: `html` to `pdf`, both in the scratch folder, with a
/// profile of its own there (no user profile is read or changed).
fn print(chromium: &Path, scratch: &Scratch, html: &str, pdf: &str) -> Result<(), PdfError> {
    let dir = scratch.path();
    let mut child = Command::new(chromium)
        .arg("--headless")
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--disable-background-networking")
        .arg("--disable-extensions")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", dir.join(pdf).display()))
        .arg(file_url(&dir.join(html)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::Spawn {
            program: chromium.to_path_buf(),
            message: e.to_string(),
        })?;
    // Drain stderr on a thread, so that a chatty Chromium never blocks.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout { file: html.to_owned() });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                return Err(PdfError::Spawn {
                    program: chromium.to_path_buf(),
                    message: e.to_string(),
                });
            }
        }
    };
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    Err(PdfError::Failed {
        file: html.to_owned(),
        status: status.to_string(),
        stderr: stderr.lines().rev().take(5).collect::<Vec<_>>().join(" | "),
    })
}

/// `file://` URL of an absolute path, percent-encoded byte by byte.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => url.push(char::from(byte)),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(file_url(Path::new("/tmp/a b/x.html")), "file:///tmp/a%20b/x.html");
        assert_eq!(
            file_url(Path::new("/tmp/文书.html")),
            "file:///tmp/%E6%96%87%E4%B9%A6.html"
        );
    }

    #[test]
    fn a_missing_explicit_chromium_is_not_found() {
        assert_eq!(find_chromium(Some(OsStr::new("/nonexistent/chromium"))), None);
        assert_eq!(find_chromium(Some(OsStr::new("no-such-browser-qaward"))), None);
    }
}
