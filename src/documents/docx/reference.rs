//! An office's `themes/NAME/docs/reference.docx`, read as pandoc reads
//! `--reference-doc`: its styles (ours fill in the ones it lacks), its
//! page setup (the body's last `w:sectPr`), its headers and footers with
//! what they refer to (a letterhead image, say), its theme, numbering and
//! font table, and the settings that govern headers (`evenAndOddHeaders`,
//! `mirrorMargins`). Its body is not used.
//!
//! The file is a theme's, so it is bounded like content: each part read is
//! at most [`PART_LIMIT`] bytes, at most [`MAX_PARTS`] parts are copied,
//! and a target outside the package is refused. Only Office Open XML in
//! its transitional form with the usual `w` prefix is read (what Word,
//! WPS and LibreOffice save).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::page::{A4, Page};
use super::styles::Known;
use super::xml::{W, Xml};

/// The largest part read from a reference document.
pub const PART_LIMIT: u64 = 16 << 20;
/// The most parts copied from it (headers, footers and what they use).
pub const MAX_PARTS: usize = 64;

const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Why a reference document cannot be used; the caller names the file.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReferenceError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, ReferenceError> {
    Err(ReferenceError(message.into()))
}

/// A part of the reference whose root takes elements of ours at the end:
/// its bytes, where they go (before the root's end tag), and what it has.
#[derive(Clone, Debug)]
pub struct Mergeable<T> {
    pub xml: Vec<u8>,
    pub insert_at: usize,
    pub known: Vec<T>,
}

/// A part copied from the reference under a name of ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// Its relationships part, when it has relationships.
    pub rels: Option<Vec<u8>>,
}

/// A relationship of `word/document.xml` to a copied part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRel {
    pub id: String,
    pub kind: String,
    /// Relative to `word/`.
    pub target: String,
}

/// What the documents take from a reference.
#[derive(Clone, Debug)]
pub struct Reference {
    pub styles: Option<Mergeable<Known>>,
    pub fonts: Option<Mergeable<String>>,
    /// The rewritten `w:sectPr` and the page it sets up.
    pub section: Option<(Vec<u8>, Page)>,
    pub parts: Vec<Copied>,
    pub rels: Vec<DocRel>,
    pub even_and_odd: bool,
    pub mirror_margins: bool,
}

/// A relationship as a `.rels` part lists it.
#[derive(Clone, Debug)]
struct Rel {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The reader of one reference package.
struct Package<'a> {
    zip: Zip<'a>,
    defaults: BTreeMap<String, String>,
    overrides: BTreeMap<String, String>,
    /// Source part → our name, for each part copied.
    copied: BTreeMap<String, String>,
    parts: Vec<Copied>,
    counters: BTreeMap<&'static str, usize>,
}

impl Reference {
    pub fn read(bytes: &[u8]) -> Result<Reference, ReferenceError> {
        let zip =
            ZipArchive::new(Cursor::new(bytes)).or_else(|e| fail(format!("is not a Word document (.docx): {e}")))?;
        let mut package = Package {
            zip,
            defaults: BTreeMap::new(),
            overrides: BTreeMap::new(),
            copied: BTreeMap::new(),
            parts: Vec::new(),
            counters: BTreeMap::new(),
        };
        package.content_types()?;
        let document = package.main_document()?;
        package.read_reference(&document)
    }
}

impl<'a> Package<'a> {
    /// A part's bytes, or `None` when the package has no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReferenceError> {
        let file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return fail(format!("cannot read its part `{name}`: {e}")),
        };
        let mut bytes = Vec::new();
        file.take(PART_LIMIT + 1)
            .read_to_end(&mut bytes)
            .or_else(|e| fail(format!("cannot read its part `{name}`: {e}")))?;
        if bytes.len() as u64 > PART_LIMIT {
            return fail(format!("its part `{name}` is larger than {} MiB", PART_LIMIT >> 20));
        }
        Ok(Some(bytes))
    }

    fn required(&mut self, name: &str) -> Result<Vec<u8>, ReferenceError> {
        self.read(name)?
            .map_or_else(|| fail(format!("has no part `{name}`")), Ok)
    }

    fn content_types(&mut self) -> Result<(), ReferenceError> {
        let bytes = self.required("[Content_Types].xml")?;
        let text = utf8("[Content_Types].xml", &bytes)?;
        for element in elements(text, "[Content_Types].xml")? {
            match element.name.as_str() {
                "Default" => {
                    if let (Some(ext), Some(ct)) = (element.get("Extension"), element.get("ContentType")) {
                        self.defaults.insert(ext.to_ascii_lowercase(), ct.to_owned());
                    }
                }
                "Override" => {
                    if let (Some(part), Some(ct)) = (element.get("PartName"), element.get("ContentType")) {
                        let part = part.trim_start_matches('/').to_ascii_lowercase();
                        self.overrides.insert(part, ct.to_owned());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn content_type(&self, part: &str) -> Result<String, ReferenceError> {
        let lower = part.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        self.overrides
            .get(&lower)
            .or_else(|| self.defaults.get(ext))
            .cloned()
            .map_or_else(|| fail(format!("gives no content type for its part `{part}`")), Ok)
    }

    /// The relationships of `part` (none when it has no `.rels`).
    fn rels(&mut self, part: &str) -> Result<Vec<Rel>, ReferenceError> {
        let name = rels_name(part);
        let Some(bytes) = self.read(&name)? else {
            return Ok(Vec::new());
        };
        let text = utf8(&name, &bytes)?;
        let rels = elements(text, &name)?
            .into_iter()
            .filter(|e| e.name == "Relationship")
            .filter_map(|e| {
                Some(Rel {
                    id: e.get("Id")?.to_owned(),
                    kind: e.get("Type")?.to_owned(),
                    target: e.get("Target")?.to_owned(),
                    external: e.get("TargetMode") == Some("External"),
                })
            })
            .collect();
        Ok(rels)
    }

    /// `word/document.xml`, or wherever the package relationships say.
    fn main_document(&mut self) -> Result<String, ReferenceError> {
        let rels = self.rels("")?;
        let main = rels
            .iter()
            .find(|r| r.kind == format!("{REL_BASE}officeDocument") && !r.external);
        match main {
            Some(rel) => resolve("", &rel.target),
            None if rels.iter().any(|r| r.kind.ends_with("/officeDocument")) => fail(
                "is saved as Strict Office Open XML; save it again as a Word document (.docx) in Word, WPS or LibreOffice",
            ),
            None => fail("has no main document (`officeDocument` relationship)"),
        }
    }

    fn read_reference(mut self, document: &str) -> Result<Reference, ReferenceError> {
        let bytes = self.required(document)?;
        let text = utf8(document, &bytes)?;
        check_prefix(document, text)?;
        let rels = self.rels(document)?;
        let of = |kind: &str| {
            rels.iter()
                .find(|r| !r.external && r.kind == format!("{REL_BASE}{kind}"))
                .cloned()
        };
        let styles = match of("styles") {
            Some(rel) => self
                .mergeable(document, &rel)?
                .map(|m| styles_of(&m))
                .transpose()?
                .flatten(),
            None => None,
        };
        let fonts = match of("fontTable") {
            Some(rel) => self
                .mergeable(document, &rel)?
                .map(|m| fonts_of(&m))
                .transpose()?
                .flatten(),
            None => None,
        };
        let (even_and_odd, mirror_margins) = match of("settings") {
            Some(rel) => self.settings(document, &rel)?,
            None => (false, false),
        };
        let mut doc_rels = Vec::new();
        for kind in ["theme", "numbering"] {
            if let Some(rel) = of(kind) {
                let source = resolve(document, &rel.target)?;
                let name = self.copy(&source, &rel.kind, 0)?;
                doc_rels.push(doc_rel(&format!("ref{}", doc_rels.len() + 1), &rel.kind, &name));
            }
        }
        let section = section(text, document)?;
        let section = match section {
            Some(events) => Some(self.rewrite_section(document, &rels, &events, &mut doc_rels)?),
            None => None,
        };
        Ok(Reference {
            styles,
            fonts,
            section,
            parts: self.parts,
            rels: doc_rels,
            even_and_odd,
            mirror_margins,
        })
    }

    /// The part `rel` of `from` with its root checked for the `w` prefix.
    fn mergeable(&mut self, from: &str, rel: &Rel) -> Result<Option<(String, Vec<u8>)>, ReferenceError> {
        let name = resolve(from, &rel.target)?;
        let Some(bytes) = self.read(&name)? else {
            return Ok(None);
        };
        check_prefix(&name, utf8(&name, &bytes)?)?;
        Ok(Some((name, bytes)))
    }

    fn settings(&mut self, from: &str, rel: &Rel) -> Result<(bool, bool), ReferenceError> {
        let name = resolve(from, &rel.target)?;
        let Some(bytes) = self.read(&name)? else {
            return Ok((false, false));
        };
        let text = utf8(&name, &bytes)?;
        let found = elements(text, &name)?;
        let on = |tag: &str| {
            found
                .iter()
                .find(|e| e.name == tag && e.depth == 1)
                .is_some_and(|e| e.get("w:val").is_none_or(|v| matches!(v, "1" | "true" | "on")))
        };
        Ok((on("w:evenAndOddHeaders"), on("w:mirrorMargins")))
    }

    /// Copies `source` (and, recursively, the parts it refers to) under a
    /// name of ours for `kind`; returns that name.
    fn copy(&mut self, source: &str, kind: &str, depth: usize) -> Result<String, ReferenceError> {
        if let Some(done) = self.copied.get(source) {
            return Ok(done.clone());
        }
        if self.parts.len() >= MAX_PARTS || depth > 8 {
            return fail(format!(
                "refers to more than {MAX_PARTS} parts from its headers and footers"
            ));
        }
        let bytes = self.read(source)?.map_or_else(
            || fail(format!("refers to a part `{source}` that it does not contain")),
            Ok,
        )?;
        let content_type = self.content_type(source)?;
        let name = self.name_for(kind, source);
        self.copied.insert(source.to_owned(), name.clone());
        let mut rels = self.rels(source)?;
        for rel in rels.iter_mut().filter(|r| !r.external) {
            let target = resolve(source, &rel.target)?;
            let copied = self.copy(&target, &rel.kind.clone(), depth + 1)?;
            rel.target = relative(&name, &copied);
        }
        let rels = (!rels.is_empty()).then(|| rels_xml(&rels)).transpose()?;
        self.parts.push(Copied {
            name: name.clone(),
            content_type,
            bytes,
            rels,
        });
        Ok(name)
    }

    /// `word/header1.xml`, `word/media/image1.png`, …: by the kind of
    /// relationship, numbered, with the source's extension.
    fn name_for(&mut self, kind: &str, source: &str) -> String {
        let short = kind.rsplit('/').next().unwrap_or_default();
        let (key, stem): (&'static str, &str) = match short {
            "header" => ("header", "word/header"),
            "footer" => ("footer", "word/footer"),
            "theme" => ("theme", "word/theme/theme"),
            "numbering" => ("numbering", "word/numbering"),
            "image" => ("image", "word/media/image"),
            _ => ("part", "word/parts/part"),
        };
        let counter = self.counters.entry(key).or_insert(0);
        *counter += 1;
        let ext = source
            .rsplit_once('.')
            .map(|(_, e)| e)
            .filter(|e| !e.contains('/') && e.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or("bin");
        format!("{stem}{counter}.{}", ext.to_ascii_lowercase())
    }

    /// The reference's `w:sectPr` in our document: its header and footer
    /// references to the copied parts (new relationship ids), elements of
    /// other namespaces and the printer settings dropped.
    fn rewrite_section(
        &mut self,
        document: &str,
        rels: &[Rel],
        events: &[Event<'static>],
        doc_rels: &mut Vec<DocRel>,
    ) -> Result<(Vec<u8>, Page), ReferenceError> {
        let mut xml = Xml::fragment();
        let mut page = A4;
        let mut skip = 0usize;
        for event in events {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    if skip > 0 || !keep_element(e) {
                        skip += usize::from(!empty);
                        continue;
                    }
                    let name = e.name().0.to_owned();
                    if name == "w:headerReference" || name == "w:footerReference" {
                        self.reference(document, rels, e, &name, doc_rels, &mut xml)?;
                        skip += usize::from(!empty);
                        continue;
                    }
                    page_field(&mut page, e);
                    let attrs = w_attributes(e);
                    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    if empty {
                        xml.empty(&name, &attrs);
                    } else {
                        xml.open(&name, &attrs);
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                    } else {
                        xml.close(e.name().0);
                    }
                }
                _ => {}
            }
        }
        let bytes = xml.finish().or_else(|e| fail(e.to_string()))?;
        Ok((bytes, page))
    }

    /// One header or footer reference: its part copied, a relationship
    /// of ours, the reference written with that id.
    fn reference(
        &mut self,
        document: &str,
        rels: &[Rel],
        e: &BytesStart<'_>,
        name: &str,
        doc_rels: &mut Vec<DocRel>,
        xml: &mut Xml,
    ) -> Result<(), ReferenceError> {
        let (Some(kind), Some(id)) = (attr(e, "w:type"), attr(e, "r:id")) else {
            return Ok(());
        };
        let Some(rel) = rels.iter().find(|r| r.id == id && !r.external) else {
            return fail(format!(
                "its section refers to a relationship `{id}` that `{document}` does not have"
            ));
        };
        let source = resolve(document, &rel.target)?;
        let copied = self.copy(&source, &rel.kind, 0)?;
        let new_id = format!("ref{}", doc_rels.len() + 1);
        doc_rels.push(doc_rel(&new_id, &rel.kind, &copied));
        xml.empty(name, &[("w:type", kind.as_str()), ("r:id", new_id.as_str())]);
        Ok(())
    }
}

fn doc_rel(id: &str, kind: &str, name: &str) -> DocRel {
    DocRel {
        id: id.to_owned(),
        kind: kind.to_owned(),
        target: relative("word/document.xml", name),
    }
}

/// An element of the section kept: in the `w` namespace, not the printer
/// settings (a binary part of the reference's printer) nor a revision.
fn keep_element(e: &BytesStart<'_>) -> bool {
    let name = e.name().0;
    name.starts_with("w:") && name != "w:printerSettings" && name != "w:sectPrChange"
}

/// The `w:` attributes of `e`, unescaped.
fn w_attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .filter(|a| a.key.0.starts_with("w:"))
        .filter_map(|a| {
            let value = a.normalized_value(XmlVersion::Explicit1_0).ok()?;
            Some((a.key.0.to_owned(), value.into_owned()))
        })
        .collect()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    a.normalized_value(XmlVersion::Explicit1_0).ok().map(|v| v.into_owned())
}

/// Reads the page size and margins from `w:pgSz` and `w:pgMar`.
fn page_field(page: &mut Page, e: &BytesStart<'_>) {
    let twips = |key: &str| {
        attr(e, key)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|v| v.unsigned_abs())
    };
    let set = |field: &mut u32, key: &str| {
        if let Some(v) = twips(key).and_then(|v| u32::try_from(v).ok()) {
            *field = v;
        }
    };
    match e.name().0 {
        "w:pgSz" => {
            set(&mut page.width, "w:w");
            set(&mut page.height, "w:h");
        }
        "w:pgMar" => {
            set(&mut page.top, "w:top");
            set(&mut page.bottom, "w:bottom");
            set(&mut page.left, "w:left");
            set(&mut page.right, "w:right");
            set(&mut page.header, "w:header");
            set(&mut page.footer, "w:footer");
            set(&mut page.gutter, "w:gutter");
        }
        _ => {}
    }
}

/// The events of the body's own `w:sectPr` (the last section's), owned.
fn section(text: &str, part: &str) -> Result<Option<Vec<Event<'static>>>, ReferenceError> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut found: Option<Vec<Event<'static>>> = None;
    let mut inside = 0usize;
    loop {
        let event = reader
            .read_event()
            .or_else(|e| fail(format!("its part `{part}` is not well-formed XML: {e}")))?;
        if inside > 0 {
            match &event {
                Event::Start(_) => inside += 1,
                Event::End(_) => inside -= 1,
                Event::Eof => return fail(format!("its part `{part}` ends inside `w:sectPr`")),
                _ => {}
            }
            if let Some(events) = found.as_mut() {
                events.push(event.into_owned());
            }
            continue;
        }
        match event {
            Event::Start(e) => {
                let name = e.name().0.to_owned();
                if name == "w:sectPr" && path.len() == 2 && path.last().is_some_and(|p| p == "w:body") {
                    inside = 1;
                    found = Some(vec![Event::Start(e.into_owned())]);
                } else {
                    path.push(name);
                }
            }
            Event::Empty(e) if e.name().0 == "w:sectPr" && path.len() == 2 => {
                found = Some(vec![Event::Empty(e.into_owned())]);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// An element of a part: its depth below the root (the root is 0), name
/// and attributes; and, for `w:style`, the `w:name` under it.
#[derive(Clone, Debug)]
struct Element {
    depth: usize,
    name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Every element of `text`, in order, and where the root's end tag starts
/// (`None` for an empty root element).
fn scan(text: &str, part: &str) -> Result<(Vec<Element>, Option<usize>), ReferenceError> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut out = Vec::new();
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .or_else(|e| fail(format!("its part `{part}` is not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                out.push(element(depth, &e));
                depth += 1;
            }
            Event::Empty(e) => {
                out.push(element(depth, &e));
                if depth == 0 {
                    return Ok((out, None));
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok((out, Some(before)));
                }
            }
            Event::Eof => return fail(format!("its part `{part}` ends before its root element does")),
            _ => {}
        }
    }
}

fn element(depth: usize, e: &BytesStart<'_>) -> Element {
    let attrs = e
        .attributes()
        .filter_map(Result::ok)
        .filter_map(|a| {
            let v = a.normalized_value(XmlVersion::Explicit1_0).ok()?;
            Some((a.key.0.to_owned(), v.into_owned()))
        })
        .collect();
    Element {
        depth,
        name: e.name().0.to_owned(),
        attrs,
    }
}

fn elements(text: &str, part: &str) -> Result<Vec<Element>, ReferenceError> {
    Ok(scan(text, part)?.0)
}

/// The styles of a reference's `styles.xml` (`None` when it has none).
fn styles_of((name, bytes): &(String, Vec<u8>)) -> Result<Option<Mergeable<Known>>, ReferenceError> {
    let (found, insert_at) = scan(utf8(name, bytes)?, name)?;
    let Some(insert_at) = insert_at else {
        return Ok(None);
    };
    let mut known: Vec<Known> = Vec::new();
    for e in &found {
        match (e.depth, e.name.as_str()) {
            (1, "w:style") => known.push(Known {
                id: e.get("w:styleId").unwrap_or_default().to_owned(),
                name: String::new(),
                kind: e.get("w:type").unwrap_or("paragraph").to_owned(),
            }),
            (2, "w:name") => {
                if let (Some(style), Some(v)) = (known.last_mut(), e.get("w:val")) {
                    style.name = v.to_owned();
                }
            }
            _ => {}
        }
    }
    Ok(Some(Mergeable {
        xml: bytes.clone(),
        insert_at,
        known,
    }))
}

/// The fonts of a reference's font table (`None` when it has none).
fn fonts_of((name, bytes): &(String, Vec<u8>)) -> Result<Option<Mergeable<String>>, ReferenceError> {
    let (found, insert_at) = scan(utf8(name, bytes)?, name)?;
    let Some(insert_at) = insert_at else {
        return Ok(None);
    };
    let known = found
        .iter()
        .filter(|e| e.depth == 1 && e.name == "w:font")
        .filter_map(|e| e.get("w:name").map(str::to_owned))
        .collect();
    Ok(Some(Mergeable {
        xml: bytes.clone(),
        insert_at,
        known,
    }))
}

fn utf8<'b>(part: &str, bytes: &'b [u8]) -> Result<&'b str, ReferenceError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).or_else(|_| fail(format!("its part `{part}` is not UTF-8")))
}

/// The root of `text` must bind `w` to the transitional namespace, as
/// qaward writes its own elements with that prefix.
fn check_prefix(part: &str, text: &str) -> Result<(), ReferenceError> {
    let found = elements_root(text, part)?;
    if found.as_deref() == Some(W) {
        return Ok(());
    }
    fail(format!(
        "its part `{part}` does not bind the prefix `w` to the WordprocessingML namespace (Strict Office Open XML?); save it again as a Word document (.docx) in Word, WPS or LibreOffice"
    ))
}

/// The namespace the root element binds to `w`.
fn elements_root(text: &str, part: &str) -> Result<Option<String>, ReferenceError> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader
            .read_event()
            .or_else(|e| fail(format!("its part `{part}` is not well-formed XML: {e}")))?
        {
            Event::Start(e) | Event::Empty(e) => return Ok(attr(&e, "xmlns:w")),
            Event::Eof => return fail(format!("its part `{part}` is empty")),
            _ => {}
        }
    }
}

/// `word/_rels/document.xml.rels` for `word/document.xml`; `_rels/.rels`
/// for the package (`""`).
fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship of `from` targets: relative to `from`'s
/// folder, or absolute from the package root; never outside it.
fn resolve(from: &str, target: &str) -> Result<String, ReferenceError> {
    let mut segments: Vec<&str> = match (target.strip_prefix('/'), from.rsplit_once('/')) {
        (Some(_), _) | (None, None) => Vec::new(),
        (None, Some((dir, _))) => dir.split('/').collect(),
    };
    for segment in target.trim_start_matches('/').split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return fail(format!("refers to `{target}`, outside the package"));
                }
            }
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return fail(format!("refers to `{target}`, which is not a part"));
    }
    Ok(segments.join("/"))
}

/// The target of a relationship from `from` to `to` (both in `word/`
/// or below it), relative to `from`'s folder.
fn relative(from: &str, to: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let depth = if dir.is_empty() { 0 } else { dir.split('/').count() };
    let common = dir
        .split('/')
        .zip(to.split('/'))
        .take_while(|(a, b)| a == b)
        .count()
        .min(depth);
    let up = "../".repeat(depth - common);
    let rest: Vec<&str> = to.split('/').skip(common).collect();
    format!("{up}{}", rest.join("/"))
}

/// A `.rels` part listing `rels`.
fn rels_xml(rels: &[Rel]) -> Result<Vec<u8>, ReferenceError> {
    let mut xml = Xml::part();
    xml.open("Relationships", &[("xmlns", PACKAGE_RELS)]);
    for rel in rels {
        let mut attrs = vec![
            ("Id", rel.id.as_str()),
            ("Type", rel.kind.as_str()),
            ("Target", rel.target.as_str()),
        ];
        if rel.external {
            attrs.push(("TargetMode", "External"));
        }
        xml.empty("Relationship", &attrs);
    }
    xml.close("Relationships");
    xml.finish().or_else(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("word/document.xml", "header1.xml").ok(),
            Some("word/header1.xml".to_owned())
        );
        assert_eq!(
            resolve("word/header1.xml", "media/a.png").ok(),
            Some("word/media/a.png".to_owned())
        );
        assert_eq!(
            resolve("word/document.xml", "/word/x.xml").ok(),
            Some("word/x.xml".to_owned())
        );
        assert_eq!(
            resolve("", "word/document.xml").ok(),
            Some("word/document.xml".to_owned())
        );
        assert!(resolve("word/document.xml", "../../etc/passwd").is_err());
        assert!(resolve("word/document.xml", "..").is_err());
    }

    #[test]
    fn relative_targets() {
        assert_eq!(relative("word/document.xml", "word/header1.xml"), "header1.xml");
        assert_eq!(
            relative("word/header1.xml", "word/media/image1.png"),
            "media/image1.png"
        );
        assert_eq!(
            relative("word/theme/theme1.xml", "word/media/image1.png"),
            "../media/image1.png"
        );
    }

    #[test]
    fn rels_parts_sit_beside_their_part() {
        assert_eq!(rels_name("word/document.xml"), "word/_rels/document.xml.rels");
        assert_eq!(rels_name(""), "_rels/.rels");
    }

    #[test]
    fn the_root_end_is_where_styles_go() {
        let text = "<?xml version=\"1.0\"?><w:styles xmlns:w=\"x\"><w:style w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style></w:styles>";
        let (found, at) = scan(text, "styles.xml").expect("scan");
        assert_eq!(at.and_then(|at| text.get(at..)), Some("</w:styles>"));
        assert_eq!(found.iter().map(|e| e.depth).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
