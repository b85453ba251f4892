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

/// Names looked up on `PATH` everywhere, after the places of the platform.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "chrome",
    "msedge",
];

/// Where Chromium (or Chrome, or Microsoft Edge, both Chromium inside) is
/// looked for, in order: the places the platform installs it, then names
/// on `PATH`.
pub(crate) fn candidates() -> Vec<PathBuf> {
    #[cfg(windows)]
    let mut places = windows_places(|name| std::env::var_os(name));
    #[cfg(target_os = "macos")]
    let mut places: Vec<PathBuf> = MACOS_PLACES.iter().map(PathBuf::from).collect();
    #[cfg(not(any(windows, target_os = "macos")))]
    let mut places = vec![PathBuf::from("/usr/bin/chromium")];
    places.extend(NAMES.iter().map(PathBuf::from));
    places
}

/// Where Chrome and Edge install themselves on Windows: for all users
/// under `%ProgramFiles%` or `%ProgramFiles(x86)%`, for one user under
/// `%LOCALAPPDATA%`. `var` reads an environment variable.
#[cfg_attr(not(windows), allow(dead_code))]
fn windows_places(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let programs = [
        r"Google\Chrome\Application\chrome.exe",
        r"Microsoft\Edge\Application\msedge.exe",
    ];
    let roots = ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"];
    let mut places = Vec::new();
    for program in programs {
        for root in roots {
            if let Some(dir) = var(root).filter(|d| !d.is_empty()) {
                places.push(PathBuf::from(dir).join(program));
            }
        }
    }
    places
}

/// Where Chrome, Chromium and Edge install themselves on macOS.
#[cfg(target_os = "macos")]
const MACOS_PLACES: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
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
/// when given, else the first of [`candidates`] that exists.
pub fn find_chromium(explicit: Option<&OsStr>) -> Option<PathBuf> {
    match explicit {
        Some(name) => locate(Path::new(name)),
        None => candidates().iter().find_map(|name| locate(name)),
    }
}

fn locate(name: &Path) -> Option<PathBuf> {
    if name.components().count() > 1 || name.is_absolute() {
        return is_executable(name).then(|| name.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            let bare = dir.join(name);
            // Windows finds programs by their `.exe` name.
            let exe = (cfg!(windows) && name.extension().is_none()).then(|| bare.with_extension("exe"));
            std::iter::once(bare).chain(exe)
        })
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
    url_of(&path.to_string_lossy(), cfg!(windows))
}

/// `file://` URL of an absolute path written as `text`. A Windows path
/// (`C:\dir\a.html`, or `\\?\C:\dir\a.html` as `canonicalize` gives
/// it) becomes `file:///C:/dir/a.html`.
fn url_of(text: &str, windows: bool) -> String {
    let mut url = String::from("file://");
    let path = if windows {
        let plain = text.strip_prefix(r"\\?\").unwrap_or(text).replace('\\', "/");
        if plain.starts_with('/') {
            plain
        } else {
            format!("/{plain}")
        }
    } else {
        text.to_owned()
    };
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => url.push(char::from(byte)),
            b':' if windows => url.push(':'),
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
    fn windows_paths_become_file_urls() {
        assert_eq!(
            url_of(r"C:\Users\张三\AppData\Local\Temp\q-1\a b.html", true),
            "file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/Temp/q-1/a%20b.html"
        );
        assert_eq!(url_of(r"\\?\D:\docs\x.html", true), "file:///D:/docs/x.html");
        assert_eq!(url_of("/tmp/a:b.html", false), "file:///tmp/a%3Ab.html");
    }

    #[test]
    fn edge_and_chrome_are_looked_for_where_windows_installs_them() {
        let env = |name: &str| match name {
            "ProgramFiles" => Some(r"C:\Program Files".into()),
            "ProgramFiles(x86)" => Some(r"C:\Program Files (x86)".into()),
            "LOCALAPPDATA" => Some(r"C:\Users\a\AppData\Local".into()),
            _ => None,
        };
        let places: Vec<String> = windows_places(env)
            .iter()
            .map(|p| p.to_string_lossy().replace('/', "\\"))
            .collect();
        assert_eq!(
            places,
            [
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
                r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
                r"C:\Users\a\AppData\Local\Google\Chrome\Application\chrome.exe",
                r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
                r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
                r"C:\Users\a\AppData\Local\Microsoft\Edge\Application\msedge.exe",
            ]
        );
        assert!(windows_places(|_| None).is_empty());
    }

    #[test]
    fn a_missing_explicit_chromium_is_not_found() {
        assert_eq!(find_chromium(Some(OsStr::new("/nonexistent/chromium"))), None);
        assert_eq!(find_chromium(Some(OsStr::new("no-such-browser-qaward"))), None);
    }
}
