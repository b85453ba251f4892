//! The output contract: which folder `build` (or `docs`) may replace.
//!
//! A command replaces only a folder that is absent, empty, or carries its
//! own marker file. It refuses, before touching anything, the content
//! root, any folder inside it or above it, the `themes/` folder beside it,
//! a file, a symbolic link, a folder marked by the other kind of output,
//! and any other non-empty folder. Paths are compared in canonical form
//! (symlinks resolved, `.` and `..` removed), so no spelling of a protected
//! folder gets through, and no flag turns the refusal off.

use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// What a command writes; each kind marks its folders with its own file,
/// so that neither ever replaces the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutputKind {
    /// The public site (`qaward build`).
    Site,
    /// The office's internal documents (`qaward docs`).
    Documents,
}

impl OutputKind {
    /// The marker file at the top of every folder of this kind.
    pub fn marker(self) -> &'static str {
        match self {
            OutputKind::Site => ".qaward-site",
            OutputKind::Documents => ".qaward-docs",
        }
    }

    /// The marker's contents: the tool, the kind and the format version.
    pub fn marker_text(self) -> String {
        let (kind, command) = match self {
            OutputKind::Site => ("site", "qaward build"),
            OutputKind::Documents => ("docs", "qaward docs"),
        };
        format!(
            "qaward {kind} 1\n# 本目录由 `{command}` 生成，下次生成时整体替换；请勿在此存放其他文件。\n\
             # Written by `{command}`; the next run replaces this folder whole. Keep nothing else here.\n"
        )
    }

    fn other(self) -> OutputKind {
        match self {
            OutputKind::Site => OutputKind::Documents,
            OutputKind::Documents => OutputKind::Site,
        }
    }

    fn what_zh(self) -> &'static str {
        match self {
            OutputKind::Site => "网站",
            OutputKind::Documents => "文书",
        }
    }

    fn what_en(self) -> &'static str {
        match self {
            OutputKind::Site => "the site",
            OutputKind::Documents => "the documents",
        }
    }
}

/// An output folder that passed the contract.
#[derive(Clone, Debug)]
pub(crate) struct OutputTarget {
    /// The path as the user gave it, for messages.
    pub given: PathBuf,
    /// The canonical path (its parent exists once [`OutputTarget::prepare`] ran).
    pub path: PathBuf,
    pub kind: OutputKind,
    /// The content root and `themes/`, canonical, kept for the re-check
    /// just before the swap.
    protected: Vec<(PathBuf, Protected)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protected {
    ContentRoot,
    Themes,
}

impl OutputTarget {
    /// Checks `out` against the contract for a command reading
    /// `content_root`. Touches nothing.
    pub fn check(out: &Path, kind: OutputKind, content_root: &Path) -> Result<OutputTarget, WriteError> {
        let root = content_root
            .canonicalize()
            .map_err(|e| WriteError::io(content_root, "cannot resolve the content root", e))?;
        let mut protected = vec![(root.clone(), Protected::ContentRoot)];
        if let Some(themes) = root.parent().map(|p| p.join("themes"))
            && let Ok(themes) = themes.canonicalize()
        {
            protected.push((themes, Protected::Themes));
        }
        let target = OutputTarget {
            given: out.to_path_buf(),
            path: resolve(out)?,
            kind,
            protected,
        };
        target.recheck()?;
        Ok(target)
    }

    /// Runs the contract's checks again (the folder may have changed while
    /// the build ran).
    pub fn recheck(&self) -> Result<(), WriteError> {
        for (dir, what) in &self.protected {
            if self.path == *dir || self.path.starts_with(dir) || dir.starts_with(&self.path) {
                return Err(self.refuse_protected(*what));
            }
        }
        self.check_existing()
    }

    fn check_existing(&self) -> Result<(), WriteError> {
        let meta = match std::fs::symlink_metadata(&self.given) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(WriteError::io(&self.given, "cannot read the output folder", e)),
        };
        if meta.file_type().is_symlink() {
            return Err(self.refuse(
                "它是一个符号链接；请直接指定真实目录",
                "it is a symbolic link; name the real folder instead",
            ));
        }
        if !meta.is_dir() {
            return Err(self.refuse(
                "它是一个文件，不是目录；请指定一个不存在的目录或以前生成的目录",
                "it is a file, not a folder; name a new folder or one written before",
            ));
        }
        let mut entries = std::fs::read_dir(&self.path)
            .map_err(|e| WriteError::io(&self.path, "cannot read the output folder", e))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>();
        if entries.is_empty() || entries.iter().any(|n| n == self.kind.marker()) {
            return Ok(());
        }
        if entries.iter().any(|n| n == self.kind.other().marker()) {
            let (zh, en) = match self.kind {
                OutputKind::Site => (
                    "它是 `qaward docs` 生成的内部文书目录",
                    "it holds the internal documents of `qaward docs`",
                ),
                OutputKind::Documents => (
                    "它是 `qaward build` 生成的公开网站目录",
                    "it holds the public site of `qaward build`",
                ),
            };
            return Err(self.refuse(
                &format!("{zh}，两者不能互相替换；请另选目录"),
                &format!("{en}, and neither replaces the other; choose another folder"),
            ));
        }
        entries.sort();
        let shown = entries
            .iter()
            .take(3)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if entries.len() > 3 { ", …" } else { "" };
        Err(self.refuse(
            &format!(
                "该目录不是空的（含 {shown}{more}），也没有 `{}` 标记，不是 qaward 生成的；请指定一个不存在的目录或空目录",
                self.kind.marker()
            ),
            &format!(
                "the folder is not empty (it holds {shown}{more}) and has no `{}` marker, so qaward did not write it; name a new or empty folder",
                self.kind.marker()
            ),
        ))
    }

    fn refuse_protected(&self, what: Protected) -> WriteError {
        match what {
            Protected::ContentRoot => self.refuse(
                "它是内容根目录、其中的目录或包含它的目录，写入会替换评审记录；请用 --out 指定内容根目录以外的目录，例如与内容目录并列的 public",
                "it is the content root, a folder inside it, or a folder that holds it, and writing there would replace the records; give an --out outside the content root, such as `public` beside it",
            ),
            Protected::Themes => self.refuse(
                "它是主题目录 themes/（或其中、其上的目录）；请用 --out 指定其他目录",
                "it is the `themes/` folder (or inside or above it); give another --out",
            ),
        }
    }

    fn refuse(&self, zh: &str, en: &str) -> WriteError {
        let given = self.given.display();
        WriteError::Refused(format!(
            "拒绝把{}写入 `{given}`：{zh}。未做任何改动。\n(refusing to write {} into `{given}`: {en}; nothing was changed)",
            self.kind.what_zh(),
            self.kind.what_en(),
        ))
    }

    /// The folder that holds the output, and the output's own name.
    pub fn parent_and_name(&self) -> (&Path, String) {
        let parent = self.path.parent().unwrap_or(Path::new("/"));
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (parent, name)
    }
}

/// The canonical form of `path`, component by component: each existing
/// prefix is resolved by the file system (symlinks included), so `..`
/// after a symlink means what it means to the kernel; past the first
/// missing component the rest is applied as written. Refuses the
/// file-system root, which names no folder a command could replace.
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| WriteError::io(Path::new("."), "cannot read the current folder", e))?
            .join(path)
    };
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match resolved.canonicalize() {
                        Ok(canonical) => resolved = canonical,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    if resolved.parent().is_none() {
        return Err(WriteError::Refused(format!(
            "拒绝写入 `{}`：它是文件系统的根目录。\n(refusing to write into `{}`: it is the file-system root)",
            path.display(),
            path.display()
        )));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_applies_dots_after_the_existing_part() {
        let dir = tempfile::tempdir().expect("temp");
        let base = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir(base.join("a")).expect("mkdir");
        assert_eq!(resolve(&base.join("a/new/../x")).expect("resolves"), base.join("a/x"));
        assert_eq!(resolve(&base.join("a/./b/c")).expect("resolves"), base.join("a/b/c"));
        assert_eq!(resolve(&base.join("a/..")).expect("resolves"), base);
        assert!(resolve(Path::new("/")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn resolve_follows_a_link_before_its_dots() {
        let dir = tempfile::tempdir().expect("temp");
        let base = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(base.join("a/inner")).expect("mkdir");
        std::os::unix::fs::symlink(base.join("a"), base.join("link")).expect("symlink");
        // `link/inner/..` is `a`, as the kernel sees it.
        assert_eq!(resolve(&base.join("link/inner/..")).expect("resolves"), base.join("a"));
    }
}
