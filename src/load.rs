//! Loading: finds the content root, reads every content file once, parses
//! YAML into JSON values and keeps the source text for positions.
//!
//! This is the only module that reads the content tree.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;
use walkdir::WalkDir;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, Resolved, ResolvedRelated, Span};
use crate::yaml::{self, ProblemAt, SpanIndex};

mod encoding;

/// Files larger than this are refused (rule `yaml`).
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The file kinds of a content root, one JSON Schema each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Programme,
    Organization,
    Expert,
    Cycle,
    Application,
    Notice,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Programme,
        Kind::Organization,
        Kind::Expert,
        Kind::Cycle,
        Kind::Application,
        Kind::Notice,
    ];

    /// The schema's file stem, e.g. `application` for
    /// `schemas/application.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Programme => "programme",
            Kind::Organization => "organization",
            Kind::Expert => "expert",
            Kind::Cycle => "cycle",
            Kind::Application => "application",
            Kind::Notice => "notice",
        }
    }
}

/// An IO failure, naming its path.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`", self.message, self.path.display())
    }
}

impl std::error::Error for LoadError {}

/// One parsed content document.
#[derive(Debug)]
pub struct Document {
    pub kind: Kind,
    /// Path relative to the content root, with `/`.
    pub file: String,
    /// The file stem: the id of the thing the file describes.
    pub id: String,
    /// The cycle folder for cycle and application files.
    pub year: Option<String>,
    /// The YAML (front matter for notices) as JSON.
    pub value: Value,
    /// The Markdown body of a notice.
    pub body: Option<String>,
}

/// Source text kept for locating findings.
#[derive(Clone, Debug)]
struct Source {
    text: Arc<str>,
    /// Lines before the YAML starts (the `---` of a notice).
    line_offset: usize,
}

/// Everything read from a content root.
#[derive(Debug)]
pub struct Content {
    pub root: PathBuf,
    /// Attachment files under `notices/files/`, relative to that folder.
    pub attachments: BTreeSet<String>,
    /// Ids present on disk, by kind, whether or not their files are valid;
    /// references to them resolve.
    pub ids: BTreeMap<Kind, BTreeSet<String>>,
    /// Application ids present on disk, by cycle folder.
    pub application_ids: BTreeMap<String, BTreeSet<String>>,
    sources: HashMap<String, Source>,
}

/// Finds the content root: `--root`, else the current folder when it holds
/// `programme.yaml`, else its `content/`.
pub(crate) fn find_root(explicit: Option<&Path>) -> Result<PathBuf, LoadError> {
    if let Some(dir) = explicit {
        if dir.join("programme.yaml").is_file() {
            return Ok(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()));
        }
        return Err(LoadError {
            path: dir.to_path_buf(),
            message: "no `programme.yaml` in the content root".into(),
        });
    }
    let cwd = std::env::current_dir().map_err(|e| LoadError {
        path: PathBuf::from("."),
        message: format!("cannot read the current folder ({e})"),
    })?;
    for dir in [cwd.clone(), cwd.join("content")] {
        if dir.join("programme.yaml").is_file() {
            return Ok(dir);
        }
    }
    Err(LoadError {
        path: cwd,
        message: "no content root found (neither `programme.yaml` nor `content/programme.yaml`); pass `--root DIR`"
            .into(),
    })
}

fn id_is_valid(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What a path inside the root is.
enum Entry {
    Doc {
        kind: Kind,
        id: String,
        year: Option<String>,
    },
    Attachment(String),
    /// A file the format does not know (reported when it looks like content).
    Stray,
    Ignored,
}

/// The kind of record the file at `rel` (relative to the root, `/`
/// separated) holds, when it is a content document.
pub fn kind_of(rel: &str) -> Option<Kind> {
    match classify(rel) {
        Entry::Doc { kind, .. } => Some(kind),
        _ => None,
    }
}

fn classify(rel: &str) -> Entry {
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = |name: &str, ext: &str| name.strip_suffix(ext).map(str::to_owned);
    match parts.as_slice() {
        ["programme.yaml"] => Entry::Doc {
            kind: Kind::Programme,
            id: "programme".into(),
            year: None,
        },
        ["organizations", name] => match stem(name, ".yaml") {
            Some(id) => Entry::Doc {
                kind: Kind::Organization,
                id,
                year: None,
            },
            None => Entry::Stray,
        },
        ["experts", name] => match stem(name, ".yaml") {
            Some(id) => Entry::Doc {
                kind: Kind::Expert,
                id,
                year: None,
            },
            None => Entry::Stray,
        },
        ["cycles", year, "cycle.yaml"] => Entry::Doc {
            kind: Kind::Cycle,
            id: (*year).to_owned(),
            year: Some((*year).to_owned()),
        },
        ["cycles", year, "applications", name] => match stem(name, ".yaml") {
            Some(id) => Entry::Doc {
                kind: Kind::Application,
                id,
                year: Some((*year).to_owned()),
            },
            None => Entry::Stray,
        },
        ["notices", "files", rest @ ..] if !rest.is_empty() => Entry::Attachment(rest.join("/")),
        ["notices", name] => match stem(name, ".md") {
            Some(id) => Entry::Doc {
                kind: Kind::Notice,
                id,
                year: None,
            },
            None => Entry::Stray,
        },
        [first, ..] if ["organizations", "experts", "cycles", "notices"].contains(first) => Entry::Stray,
        [name] if name.ends_with(".yaml") || name.ends_with(".yml") => Entry::Stray,
        _ => Entry::Ignored,
    }
}

/// What [`load`] read: the content, what `digest` made of each parsed
/// document (in walk order), and the findings about single files.
pub struct Loaded<D> {
    pub content: Content,
    pub documents: Vec<D>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the content root. Files are read and parsed in parallel, and each
/// parsed document is handed to `digest` on the thread that parsed it, so
/// that its JSON value can be checked and dropped there instead of all of
/// them being held at once. The results are merged in walk order: the
/// outcome does not depend on the number of threads. Problems with single
/// files become diagnostics; only a failure to walk the tree or read a file
/// is an error.
///
/// Files whose size, modification time and inode are those `cache` saw are
/// not read again; their earlier outcome is reused.
pub fn load<D, F>(root: &Path, digest: F, cache: &mut LoadCache<D>) -> Result<Loaded<D>, LoadError>
where
    D: Clone + Send + Sync,
    F: Fn(Document) -> D + Sync,
{
    load_with(root, digest, cache, &Overlay::new())
}

/// Files read from memory instead of the disk, by path relative to the
/// content root (with `/`): the content root as it would be after an
/// edit (`import`, `serve --edit`), checked before anything is written.
/// A path that is not on disk is read as a new file.
pub type Overlay = BTreeMap<String, Vec<u8>>;

/// [`load`] with the files of `overlay` in place of those on disk. Their
/// outcomes are never cached.
pub fn load_with<D, F>(
    root: &Path,
    digest: F,
    cache: &mut LoadCache<D>,
    overlay: &Overlay,
) -> Result<Loaded<D>, LoadError>
where
    D: Clone + Send + Sync,
    F: Fn(Document) -> D + Sync,
{
    let mut content = Content {
        root: root.to_path_buf(),
        attachments: BTreeSet::new(),
        ids: Kind::ALL.iter().map(|k| (*k, BTreeSet::new())).collect(),
        application_ids: BTreeMap::new(),
        sources: HashMap::new(),
    };
    let mut diagnostics = Vec::new();
    let reads = walk(root, overlay, &mut content, &mut diagnostics)?;
    let seen = &*cache;
    let outcomes: Vec<Result<(Stamp, Outcome<D>), LoadError>> = reads
        .into_par_iter()
        .map(|read| {
            if let Some(bytes) = overlay.get(&read.file) {
                let stamp = Stamp::given(bytes);
                return read
                    .run(stamp.len, Some(bytes.clone()))
                    .map(|o| (stamp, o.digested(&digest)));
            }
            let stamp = read.stamp()?;
            if let Some(earlier) = seen.get(&read.file, stamp) {
                return Ok((stamp, earlier.clone()));
            }
            read.run(stamp.len, None).map(|o| (stamp, o.digested(&digest)))
        })
        .collect();
    let mut documents = Vec::new();
    let mut kept = HashMap::new();
    for outcome in outcomes {
        let (stamp, outcome) = outcome?;
        if cache.keep && !overlay.contains_key(&outcome.file) {
            kept.insert(outcome.file.clone(), (stamp, outcome.clone()));
        }
        documents.extend(outcome.document);
        diagnostics.extend(outcome.diagnostics);
        if let Some(source) = outcome.source {
            content.sources.insert(outcome.file, source);
        }
    }
    cache.entries = kept;
    Ok(Loaded {
        content,
        documents,
        diagnostics,
    })
}

/// Walks the content root in sorted order: the documents to read, with
/// the new files of `overlay` in their places; attachments and findings
/// about paths go into `content` and `diagnostics`.
fn walk(
    root: &Path,
    overlay: &Overlay,
    content: &mut Content,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<ReadJob>, LoadError> {
    let mut reads = Vec::new();
    let mut walked = BTreeSet::new();
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| LoadError {
            path: e.path().map_or_else(|| root.to_path_buf(), Path::to_path_buf),
            message: format!("cannot read the content tree ({e})"),
        })?;
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        if !overlay.is_empty() {
            walked.insert(rel.clone());
        }
        if entry.path_is_symlink() && entry.depth() > 0 {
            // Never followed: a link could publish any file of the machine.
            if !matches!(classify(&rel), Entry::Ignored) {
                diagnostics.push(symlink_finding(rel));
            }
            continue;
        }
        if entry.file_type().is_file() {
            visit(content, diagnostics, &mut reads, entry.path(), rel);
        }
    }
    let added: Vec<&String> = overlay
        .keys()
        .filter(|rel| crate::write::is_contained(rel) && !walked.contains(*rel))
        .collect();
    for rel in &added {
        visit(content, diagnostics, &mut reads, &root.join(rel), (*rel).clone());
    }
    if !added.is_empty() {
        // The walk's order: sorted by name, folder by folder.
        reads.sort_by(|a, b| a.file.split('/').cmp(b.file.split('/')));
    }
    Ok(reads)
}

/// What earlier loads made of each file, for a process that loads the
/// same root again and again (`serve`).
#[derive(Debug)]
pub struct LoadCache<D> {
    keep: bool,
    entries: HashMap<String, (Stamp, Outcome<D>)>,
}

impl<D> LoadCache<D> {
    /// A cache that keeps what each load read for the next.
    pub fn new() -> LoadCache<D> {
        LoadCache {
            keep: true,
            entries: HashMap::new(),
        }
    }

    /// No cache: every file is read.
    pub fn none() -> LoadCache<D> {
        LoadCache {
            keep: false,
            entries: HashMap::new(),
        }
    }

    fn get(&self, file: &str, stamp: Stamp) -> Option<&Outcome<D>> {
        self.entries.get(file).filter(|(s, _)| *s == stamp).map(|(_, o)| o)
    }
}

impl<D> Default for LoadCache<D> {
    fn default() -> Self {
        LoadCache::new()
    }
}

/// What says a file may have changed: its size, modification time and
/// more of its identity. On Unix, its inode and status-change time (an
/// editor that saves by renaming a new file over the old one gives a new
/// inode; a tool that restores the old modification time still moves the
/// status-change time). On Windows, its creation time (the standard
/// library has no stable file index or change time there); the
/// modification time counts 100 ns, so a save is never missed unless a
/// tool puts back the very same time on a file of the same size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of bytes from an [`Overlay`] (never cached).
    fn given(bytes: &[u8]) -> Stamp {
        Stamp {
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            modified: None,
            inode: 0,
            changed: (0, 0),
        }
    }

    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), (meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(windows)]
        let (inode, changed) = {
            use std::os::windows::fs::MetadataExt;
            (meta.creation_time(), (0, 0))
        };
        #[cfg(not(any(unix, windows)))]
        let (inode, changed) = (0, (0, 0));
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        }
    }
}

/// The YAML of one document file parsed on its own (the front matter of a
/// notice), or `None` when it cannot be read or parsed. For commands that
/// need a record's raw fields, such as `new` copying from an organisation.
pub(crate) fn read_value(root: &Path, kind: Kind, id: &str) -> Option<Value> {
    let rel = match kind {
        Kind::Programme => "programme.yaml".to_owned(),
        Kind::Organization => format!("organizations/{id}.yaml"),
        Kind::Expert => format!("experts/{id}.yaml"),
        Kind::Notice => format!("notices/{id}.md"),
        // Found by their folders; no command needs them alone.
        Kind::Cycle | Kind::Application => return None,
    };
    let read = ReadJob {
        path: root.join(&rel),
        file: rel,
        kind,
        id: id.to_owned(),
        year: None,
    };
    let len = read.stamp().ok()?.len;
    read.run(len, None).ok()?.document.map(|d| d.value)
}

/// The bytes of the content file `rel` (relative to the root, with `/`)
/// as they are on disk, for editing it in place: no byte-order mark or
/// line break is touched. A path outside the root, a symbolic link and a
/// file over [`MAX_FILE_BYTES`] are errors.
pub fn read_bytes(root: &Path, rel: &str) -> Result<Vec<u8>, LoadError> {
    let path = root.join(rel);
    let refuse = |message: &str| LoadError {
        path: path.clone(),
        message: message.to_owned(),
    };
    if !crate::write::is_contained(rel) {
        return Err(refuse("not a file inside the content root"));
    }
    if let Some(link) = crate::write::link_on_the_way(root, rel) {
        return Err(refuse(&format!(
            "the folder {} on the way is a symbolic link, which is never followed",
            link.display()
        )));
    }
    let meta = std::fs::symlink_metadata(&path).map_err(|e| refuse(&format!("cannot read file ({e})")))?;
    if !meta.file_type().is_file() {
        return Err(refuse("not a regular file (symbolic links are never followed)"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse("the file is over the 8 MiB limit"));
    }
    std::fs::read(&path).map_err(|e| refuse(&format!("cannot read file ({e})")))
}

/// `path` relative to `base`, with `/`; `None` outside it.
fn relative(base: &Path, path: &Path) -> Option<String> {
    Some(slash_path(path.strip_prefix(base).ok()?))
}

/// A relative path as the content format and every report write it, with
/// `/` whatever the platform (`cycles/2024/cycle.yaml`).
pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Handles one regular file of the content tree; documents are queued in
/// `reads`.
fn visit(content: &mut Content, diagnostics: &mut Vec<Diagnostic>, reads: &mut Vec<ReadJob>, path: &Path, rel: String) {
    match classify(&rel) {
        Entry::Ignored => {}
        Entry::Attachment(name) => {
            content.attachments.insert(name);
        }
        Entry::Stray => diagnostics.push(Diagnostic::new(
            catalogue::SCHEMA,
            Location::File { file: rel },
            Message::new(
                "内容目录中无法识别的文件：请按内容格式放置（YAML 文件扩展名为 .yaml，公告为 notices/<编号>.md）",
                "a file the content format does not know: see docs/content-format.md for where files go (`.yaml`, notices as `notices/<id>.md`)",
            ),
        )),
        Entry::Doc { kind, id, year } => {
            if let Some(d) = check_ids(&rel, kind, &id, year.as_deref()) {
                diagnostics.push(d);
                return;
            }
            content.ids.entry(kind).or_default().insert(id.clone());
            if let (Kind::Application, Some(y)) = (kind, &year) {
                content.application_ids.entry(y.clone()).or_default().insert(id.clone());
            }
            reads.push(ReadJob {
                path: path.to_path_buf(),
                file: rel,
                kind,
                id,
                year,
            });
        }
    }
}

/// A content document to read.
struct ReadJob {
    path: PathBuf,
    file: String,
    kind: Kind,
    id: String,
    year: Option<String>,
}

/// What reading one document gave; `D` is the document, or what a digest
/// made of it.
#[derive(Clone, Debug)]
struct Outcome<D = Document> {
    file: String,
    document: Option<D>,
    diagnostics: Vec<Diagnostic>,
    /// The text, kept to place findings.
    source: Option<Source>,
}

impl Outcome {
    fn digested<D>(self, digest: impl Fn(Document) -> D) -> Outcome<D> {
        Outcome {
            file: self.file,
            document: self.document.map(digest),
            diagnostics: self.diagnostics,
            source: self.source,
        }
    }
}

/// A notice body nested deeper than the Markdown limit, at the place it
/// passes it (`before` is the file's text up to there).
fn too_deep_finding(rel: &str, before: &str) -> Diagnostic {
    let start = crate::diagnostics::Position::after(before);
    let end = start.next_column();
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::Range {
            file: rel.to_owned(),
            start,
            end,
        },
        too_deep_message(),
    )
}

/// The message for Markdown nested deeper than [`crate::markdown::MAX_NESTING`].
pub(crate) fn too_deep_message() -> Message {
    let max = crate::markdown::MAX_NESTING;
    Message::new(
        format!("正文嵌套超过 {max} 层（引用、列表或 HTML 标签层层套叠）：请简化结构"),
        format!("the text nests deeper than {max} levels (quotes, lists or HTML elements): simplify it"),
    )
}

/// A symbolic link where content is read: reported at the link, never followed.
fn symlink_finding(rel: String) -> Diagnostic {
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::File { file: rel },
        Message::new(
            "这是符号链接：qaward 不读取符号链接指向的内容，请把文件本身复制到内容目录中",
            "this is a symbolic link: qaward does not follow symbolic links; copy the file itself into the content tree",
        ),
    )
}

fn check_ids(rel: &str, kind: Kind, id: &str, year: Option<&str>) -> Option<Diagnostic> {
    if let Some(y) = year
        && (y.len() != 4 || !y.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(Diagnostic::new(
            catalogue::SCHEMA,
            Location::File { file: rel.into() },
            Message::new(
                format!("周期目录名 `{y}` 应为四位年度数字，例如 cycles/2024/"),
                format!("cycle folder `{y}` must be a four-digit year, as in cycles/2024/"),
            ),
        ));
    }
    if kind != Kind::Programme && kind != Kind::Cycle && !id_is_valid(id) {
        return Some(Diagnostic::new(
            catalogue::SCHEMA,
            Location::File { file: rel.into() },
            Message::new(
                format!("文件名 `{id}` 不是有效编号：只能用小写字母、数字和连字符，且以字母或数字开头"),
                format!(
                    "file name `{id}` is not a valid id: use lowercase letters, digits and hyphens, starting with a letter or digit"
                ),
            ),
        ));
    }
    None
}

impl ReadJob {
    fn io_error(&self, e: std::io::Error) -> LoadError {
        LoadError {
            path: self.path.clone(),
            message: format!("cannot read file ({e})"),
        }
    }

    /// The file's bytes, read into a buffer of the size its stamp gave
    /// (one open, no second `stat`).
    fn bytes(&self, size: u64) -> std::io::Result<Vec<u8>> {
        use std::io::Read as _;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        std::fs::File::open(&self.path)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn stamp(&self) -> Result<Stamp, LoadError> {
        std::fs::metadata(&self.path)
            .map(|m| Stamp::of(&m))
            .map_err(|e| self.io_error(e))
    }

    /// Reads and parses the file, `size` bytes long, or parses `given`,
    /// its bytes from an [`Overlay`]. Only an IO failure is an error.
    fn run(self, size: u64, given: Option<Vec<u8>>) -> Result<Outcome, LoadError> {
        let mut outcome = Outcome {
            file: self.file.clone(),
            document: None,
            diagnostics: Vec::new(),
            source: None,
        };
        let Some(text) = self.text(size, given, &mut outcome.diagnostics)? else {
            return Ok(outcome);
        };
        let rel = &self.file;
        let (yaml_text, line_offset, body) = if self.kind == Kind::Notice {
            match split_front_matter(&text) {
                Some((front, body)) => {
                    if let Some(at) = crate::markdown::too_deep(body) {
                        let before = &text[..text.len() - body.len() + at];
                        outcome.diagnostics.push(too_deep_finding(rel, before));
                    }
                    (front.to_owned(), 1, Some(body.to_owned()))
                }
                None => {
                    outcome.diagnostics.push(no_front_matter(rel));
                    outcome.source = Some(Source {
                        text: text.into(),
                        line_offset: 0,
                    });
                    return Ok(outcome);
                }
            }
        } else {
            (text, 0, None)
        };
        match yaml::parse(&yaml_text) {
            Ok(value) => {
                outcome.document = Some(Document {
                    kind: self.kind,
                    file: self.file.clone(),
                    id: self.id,
                    year: self.year,
                    value,
                    body,
                });
            }
            Err(problems) => {
                let found = problems.into_iter().map(|p| yaml_finding(rel, line_offset, p));
                outcome.diagnostics.extend(found);
            }
        }
        outcome.source = Some(Source {
            text: yaml_text.into(),
            line_offset,
        });
        Ok(outcome)
    }

    /// The file's text without a byte-order mark; `None` (with a finding)
    /// when it is too large or not UTF-8 (see [`encoding`]); `given` holds
    /// its bytes when they come from an [`Overlay`].
    fn text(
        &self,
        size: u64,
        given: Option<Vec<u8>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<String>, LoadError> {
        let rel = self.file.clone();
        if size > MAX_FILE_BYTES {
            diagnostics.push(Diagnostic::new(
                catalogue::YAML,
                Location::File { file: rel },
                Message::new(
                    format!("文件大小 {size} 字节，超过 8 MiB 上限"),
                    format!("the file is {size} bytes, over the 8 MiB limit"),
                ),
            ));
            return Ok(None);
        }
        let bytes = match given {
            Some(bytes) => bytes,
            None => self.bytes(size).map_err(|e| self.io_error(e))?,
        };
        // One pass in the usual case: valid UTF-8 without NUL bytes. The
        // rest is examined for the encoding it is in (UTF-16 is valid
        // UTF-8 when it holds only ASCII, but never without NUL bytes).
        let bytes = match String::from_utf8(bytes) {
            Ok(text) if !text.as_bytes().contains(&0) => return Ok(Some(without_bom(text))),
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        match encoding::examine(&bytes) {
            Some(found) => {
                diagnostics.push(encoding::finding(&rel, &bytes, found));
                Ok(None)
            }
            // `examine` found UTF-8 text (with a NUL the YAML reader reports).
            None => Ok(String::from_utf8(bytes).ok().map(without_bom)),
        }
    }
}

/// `text` without a leading UTF-8 byte-order mark.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

fn no_front_matter(rel: &str) -> Diagnostic {
    Diagnostic::new(
        catalogue::SCHEMA,
        Location::Range {
            file: rel.to_owned(),
            start: crate::diagnostics::Position { line: 1, column: 1 },
            end: crate::diagnostics::Position { line: 1, column: 2 },
        },
        Message::new(
            "公告缺少 YAML 头信息：文件应以 `---` 行开始，并以 `---` 行结束头信息",
            "the notice lacks YAML front matter: start the file with a `---` line and close the front matter with another",
        ),
    )
}

/// A YAML problem as a finding, its lines shifted past a notice's `---`.
fn yaml_finding(rel: &str, line_offset: usize, problem: yaml::Problem) -> Diagnostic {
    let location = match problem.at {
        ProblemAt::Range(mut start, mut end) => {
            start.line += line_offset;
            end.line += line_offset;
            Location::Range {
                file: rel.to_owned(),
                start,
                end,
            }
        }
        ProblemAt::File => Location::File { file: rel.to_owned() },
    };
    Diagnostic::new(catalogue::YAML, location, problem.message)
}

/// Splits `---\n<yaml>\n---\n<body>`; `None` when there is no front matter.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

impl Content {
    /// Turns pointer-based findings into positioned ones, parsing a file
    /// for positions only when it has a finding.
    pub fn resolve(&self, diagnostics: Vec<Diagnostic>) -> Vec<Resolved> {
        let mut indexes: HashMap<&str, SpanIndex> = HashMap::new();
        let mut span_of = |location: &Location| -> Span {
            let file = location.file().to_owned();
            let first = crate::diagnostics::Position { line: 1, column: 1 };
            let (start, end) = match location {
                Location::Range { start, end, .. } => (*start, *end),
                Location::File { .. } => (first, first),
                Location::Node { pointer, part, .. } => {
                    let found = self.sources.get_key_value(file.as_str()).and_then(|(k, src)| {
                        indexes
                            .entry(k.as_str())
                            .or_insert_with(|| SpanIndex::build(&src.text, src.line_offset))
                            .find(pointer, *part)
                    });
                    found.unwrap_or((first, first))
                }
            };
            Span {
                file,
                sheet: None,
                start,
                end,
            }
        };
        diagnostics
            .into_iter()
            .map(|d| {
                let span = span_of(&d.primary);
                let pointer = d.about.clone().or_else(|| match &d.primary {
                    Location::Node { pointer, .. } => Some(pointer.clone()),
                    _ => None,
                });
                let related = d
                    .related
                    .iter()
                    .map(|r| ResolvedRelated {
                        span: span_of(&r.location),
                        message: r.message.clone(),
                    })
                    .collect();
                Resolved {
                    rule: d.rule,
                    severity: d.severity,
                    message: d.message,
                    span,
                    related,
                    pointer,
                }
            })
            .collect()
    }

    /// Every file that was read as a content document, whether or not it
    /// parsed, in no particular order.
    pub fn read_files(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// The full text of a file as read (front matter only for notices), for
    /// showing source lines; `None` for files that were not read.
    pub fn source_line(&self, file: &str, line: usize) -> Option<&str> {
        let src = self.sources.get(file)?;
        let index = line.checked_sub(1 + src.line_offset)?;
        src.text.lines().nth(index)
    }
}

/// Reads the files of a content repository's theme `themes/<name>/`,
/// beside the content root, by path relative to the theme folder.
///
/// `name` must be an id (a folder of `themes/`, never a path), and no
/// symbolic link is followed: a link in the theme is an error naming it.
pub(crate) fn theme_overrides(root: &Path, name: &str) -> Result<BTreeMap<String, Vec<u8>>, LoadError> {
    if !id_is_valid(name) {
        return Err(LoadError {
            path: PathBuf::from(name),
            message: format!(
                "主题名 `{name}` 无效：应为 themes/ 下的文件夹名，只能用小写字母、数字和连字符，且以字母或数字开头 \
                 (a theme name is the name of a folder of themes/: lowercase letters, digits and hyphens)"
            ),
        });
    }
    let themes = root.parent().unwrap_or(root).join("themes");
    let base = themes.join(name);
    for dir in [&themes, &base] {
        refuse_symlink(dir)?;
    }
    if !base.is_dir() {
        return Err(LoadError {
            path: base,
            message: format!("no theme `{name}` (expected a folder `themes/{name}/` beside the content root)"),
        });
    }
    let mut files = BTreeMap::new();
    let mut links = Vec::new();
    for entry in WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError {
            path: base.clone(),
            message: format!("cannot read the theme ({e})"),
        })?;
        let Some(rel) = relative(&base, entry.path()) else {
            continue;
        };
        if entry.path_is_symlink() {
            links.push(format!("themes/{name}/{rel}"));
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|e| LoadError {
                path: entry.path().to_path_buf(),
                message: format!("cannot read theme file ({e})"),
            })?;
            files.insert(rel, bytes);
        }
    }
    if !links.is_empty() {
        return Err(symlink_error(base, &links.join("`, `")));
    }
    Ok(files)
}

/// An error when `path` is a symbolic link.
fn refuse_symlink(path: &Path) -> Result<(), LoadError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            Err(symlink_error(path.to_path_buf(), &path.display().to_string()))
        }
        _ => Ok(()),
    }
}

/// Symbolic links in a theme: refused by name, never followed.
fn symlink_error(path: PathBuf, names: &str) -> LoadError {
    LoadError {
        path,
        message: format!(
            "主题中的符号链接不会被读取，请把文件本身复制进主题：`{names}` \
             (symbolic links in a theme are not followed; copy the files themselves into the theme)"
        ),
    }
}

/// Reads the attachment files named, from `notices/files/`.
pub(crate) fn attachments(root: &Path, names: &BTreeSet<String>) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    names
        .iter()
        .map(|name| {
            let path = root.join("notices/files").join(name);
            std::fs::read(&path)
                .map(|bytes| (name.clone(), bytes))
                .map_err(|e| LoadError {
                    path,
                    message: format!("cannot read attachment ({e})"),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits_at_the_closing_line() {
        let (front, body) = split_front_matter("---\ntitle: x\n---\n# 正文\n").expect("front matter");
        assert_eq!(front, "title: x\n");
        assert_eq!(body, "# 正文\n");
        assert!(split_front_matter("title: x\n").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    #[test]
    fn ids_follow_the_pattern() {
        assert!(id_is_valid("shili-dianqi"));
        assert!(id_is_valid("2024-call"));
        assert!(!id_is_valid("-x"));
        assert!(!id_is_valid("Shili"));
        assert!(!id_is_valid("a_b"));
        assert!(!id_is_valid(""));
    }

    #[test]
    fn theme_names_are_ids() {
        let root = Path::new("/nonexistent/content");
        for name in ["../elsewhere", "/etc", "a/b", "", "Dark"] {
            let err = theme_overrides(root, name).expect_err(name);
            assert!(err.message.contains("主题名"), "{name}: {err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_findings_and_never_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("organizations")).expect("mkdir");
        std::fs::write(root.join("secret.yaml"), "name: x\n").expect("write");
        std::os::unix::fs::symlink(root.join("secret.yaml"), root.join("organizations/a.yaml")).expect("link");
        std::os::unix::fs::symlink(root.join("secret.yaml"), root.join("README.md")).expect("link");
        let loaded = load(root, |d| d.file, &mut LoadCache::none()).expect("load");
        let files: Vec<&str> = loaded.diagnostics.iter().map(|d| d.primary.file()).collect();
        assert_eq!(files, ["organizations/a.yaml", "secret.yaml"]);
        assert!(loaded.documents.is_empty());
        assert_eq!(loaded.content.read_files().count(), 0);
    }

    #[test]
    fn an_overlay_replaces_and_adds_files_in_walk_order_and_is_never_cached() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("organizations")).expect("mkdir");
        std::fs::write(root.join("programme.yaml"), "name: x\n").expect("write");
        std::fs::write(root.join("organizations/b.yaml"), "name: disk\n").expect("write");
        let overlay: Overlay = [
            (
                "organizations/b.yaml".to_owned(),
                b"\xef\xbb\xbfname: memory\n".to_vec(),
            ),
            ("organizations/a.yaml".to_owned(), b"name: new\n".to_vec()),
            ("../outside.yaml".to_owned(), b"name: no\n".to_vec()),
        ]
        .into();
        let mut cache = LoadCache::new();
        let name = |d: Document| format!("{} {}", d.file, d.value["name"].as_str().unwrap_or_default());
        let loaded = load_with(root, name, &mut cache, &overlay).expect("load");
        assert_eq!(
            loaded.documents,
            [
                "organizations/a.yaml new",
                "organizations/b.yaml memory",
                "programme.yaml x"
            ]
        );
        assert!(loaded.content.ids[&Kind::Organization].contains("a"));
        assert_eq!(
            loaded.content.source_line("organizations/b.yaml", 1),
            Some("name: memory")
        );
        assert_eq!(
            read_bytes(root, "organizations/b.yaml").expect("bytes"),
            b"name: disk\n"
        );
        let again = load(root, name, &mut cache).expect("load");
        assert_eq!(again.documents, ["organizations/b.yaml disk", "programme.yaml x"]);
        assert!(read_bytes(root, "../x.yaml").is_err());
    }

    #[test]
    fn classify_knows_the_layout() {
        assert!(matches!(
            classify("cycles/2024/applications/a.yaml"),
            Entry::Doc {
                kind: Kind::Application,
                ..
            }
        ));
        assert!(matches!(classify("notices/files/申报表.txt"), Entry::Attachment(_)));
        assert!(matches!(classify("organizations/a.yml"), Entry::Stray));
        assert!(matches!(classify("README.md"), Entry::Ignored));
    }
}
