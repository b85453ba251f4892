//! A document as a Word package (Office Open XML, ECMA-376 part 2): the
//! parts, their content types and relationships, the document properties
//! (fixed: the document's own date, never the time of the run), zipped
//! with fixed entry times in a fixed order, so the same document gives the
//! same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::reference::{Mergeable, Reference};
use super::styles::{self, StyleIds};
use super::xml::{R, W, Xml};
use super::{Doc, DocxError, page, wml};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const WML_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// A part: its name in the package and content type.
struct Part {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

/// A relationship of `word/document.xml`.
struct Rel {
    id: String,
    kind: String,
    target: String,
}

/// The parts and relationships being assembled.
struct Assembly {
    parts: Vec<Part>,
    rels: Vec<Rel>,
}

impl Assembly {
    fn add(&mut self, name: &str, content_type: String, bytes: Vec<u8>) {
        self.parts.push(Part {
            name: name.to_owned(),
            content_type,
            bytes,
        });
    }

    /// A part of `word/` related to the document as `kind`; returns the
    /// relationship's id.
    fn related(&mut self, file: &str, kind: &str, content_type: String, bytes: Vec<u8>) -> String {
        let id = format!("rId{}", self.rels.len() + 1);
        self.rels.push(Rel {
            id: id.clone(),
            kind: format!("{REL}{kind}"),
            target: file.to_owned(),
        });
        self.add(&format!("word/{file}"), content_type, bytes);
        id
    }
}

fn wml_type(kind: &str) -> String {
    format!("{WML_TYPE}{kind}+xml")
}

/// `xml` spliced into a reference part before its root's end tag.
fn spliced<T>(m: &Mergeable<T>, xml: &[u8]) -> Vec<u8> {
    let at = m.insert_at.min(m.xml.len());
    let mut bytes = m.xml.get(..at).unwrap_or_default().to_vec();
    bytes.extend_from_slice(xml);
    bytes.extend_from_slice(m.xml.get(at..).unwrap_or_default());
    bytes
}

/// The `.docx` bytes of `doc`, with `reference`'s styles, page, header
/// and footer when there is one.
pub fn docx(doc: &Doc, reference: Option<&Reference>) -> Result<Vec<u8>, DocxError> {
    let mut a = Assembly {
        parts: Vec::new(),
        rels: Vec::new(),
    };
    let ref_styles = reference.and_then(|r| r.styles.as_ref());
    let ids = match ref_styles {
        Some(m) => {
            let (ids, missing) = StyleIds::merged(&m.known);
            let bytes = spliced(m, &styles::fragment(&ids, &missing)?);
            a.related("styles.xml", "styles", wml_type("styles"), bytes);
            ids
        }
        None => {
            let ids = StyleIds::builtin();
            a.related(
                "styles.xml",
                "styles",
                wml_type("styles"),
                styles::styles(&ids).finish()?,
            );
            ids
        }
    };
    let section = reference.and_then(|r| r.section.as_ref().map(|s| (r, s)));
    let (even_and_odd, mirror) = section.map_or((true, false), |(r, _)| (r.even_and_odd, r.mirror_margins));
    let settings = page::settings(even_and_odd, mirror).finish()?;
    a.related("settings.xml", "settings", wml_type("settings"), settings);
    let fonts = match reference.and_then(|r| r.fonts.as_ref()) {
        Some(m) => spliced(m, &styles::font_fragment(&m.known)?),
        None => styles::font_table().finish()?,
    };
    a.related("fontTable.xml", "fontTable", wml_type("fontTable"), fonts);
    let sect_pr = match section {
        Some((_, (bytes, _))) => bytes.clone(),
        None => builtin_section(&mut a, &ids, doc)?,
    };
    if let Some(r) = reference {
        add_reference_parts(&mut a, r);
    }
    let document = document(&ids, doc, &sect_pr)?;
    a.add("word/document.xml", wml_type("document.main"), document);
    zip(&package(a, doc)?)
}

/// The built-in header and footers and the section that refers to them.
fn builtin_section(a: &mut Assembly, ids: &StyleIds, doc: &Doc) -> Result<Vec<u8>, DocxError> {
    let header = wml_type("header");
    let footer = wml_type("footer");
    let mut refs = Vec::new();
    if doc.letter {
        let id = a.related(
            "header1.xml",
            "header",
            header,
            page::masthead(ids, &doc.office).finish()?,
        );
        refs.push(("w:headerReference", "first", id));
    }
    let odd = a.related(
        "footer1.xml",
        "footer",
        footer.clone(),
        page::page_number(ids, true).finish()?,
    );
    refs.push(("w:footerReference", "default", odd));
    let even = a.related(
        "footer2.xml",
        "footer",
        footer.clone(),
        page::page_number(ids, false).finish()?,
    );
    refs.push(("w:footerReference", "even", even));
    if doc.letter {
        let id = a.related("footer3.xml", "footer", footer, page::closing_rule(ids).finish()?);
        refs.push(("w:footerReference", "first", id));
    }
    let mut xml = Xml::fragment();
    page::write_sect_pr(&mut xml, &refs, doc.letter);
    Ok(xml.finish()?)
}

/// The parts copied from a reference (its theme and numbering; its
/// headers and footers, which are copied only when its section is used)
/// and the document's relationships to them.
fn add_reference_parts(a: &mut Assembly, r: &Reference) {
    for rel in &r.rels {
        a.rels.push(Rel {
            id: rel.id.clone(),
            kind: rel.kind.clone(),
            target: rel.target.clone(),
        });
    }
    for part in &r.parts {
        a.add(&part.name, part.content_type.clone(), part.bytes.clone());
        if let Some(rels) = &part.rels {
            a.add(&rels_name(&part.name), rels_type(), rels.clone());
        }
    }
}

fn rels_type() -> String {
    "application/vnd.openxmlformats-package.relationships+xml".to_owned()
}

fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// `word/document.xml`: the body's blocks, then the section.
fn document(ids: &StyleIds, doc: &Doc, sect_pr: &[u8]) -> Result<Vec<u8>, DocxError> {
    let mut xml = Xml::part();
    xml.open("w:document", &[("xmlns:w", W), ("xmlns:r", R)])
        .open("w:body", &[]);
    wml::write_blocks(&mut xml, ids, &doc.blocks);
    xml.raw(sect_pr).close("w:body").close("w:document");
    Ok(xml.finish()?)
}

/// Every part of the package, in the order they are zipped.
fn package(mut a: Assembly, doc: &Doc) -> Result<Vec<Part>, DocxError> {
    let document_rels = rels_part(
        &a.rels
            .iter()
            .map(|r| (r.id.as_str(), r.kind.as_str(), r.target.as_str()))
            .collect::<Vec<_>>(),
    )?;
    a.add("word/_rels/document.xml.rels", rels_type(), document_rels);
    a.add(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        core(doc)?,
    );
    a.add(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        app(doc)?,
    );
    let package_rels = rels_part(&[
        ("rId1", &format!("{REL}officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("rId3", &format!("{REL}extended-properties"), "docProps/app.xml"),
    ])?;
    a.add("_rels/.rels", rels_type(), package_rels);
    let content_types = content_types(&a.parts)?;
    let mut parts = vec![Part {
        name: "[Content_Types].xml".to_owned(),
        content_type: String::new(),
        bytes: content_types,
    }];
    // The package's relationships and the main document first, as Word
    // writes them; then the rest by name.
    let rank = |p: &Part| match p.name.as_str() {
        "_rels/.rels" => 0,
        "word/document.xml" => 1,
        "word/_rels/document.xml.rels" => 2,
        _ => 3,
    };
    a.parts.sort_by(|x, y| rank(x).cmp(&rank(y)).then(x.name.cmp(&y.name)));
    parts.extend(a.parts);
    Ok(parts)
}

fn rels_part(rels: &[(&str, &str, &str)]) -> Result<Vec<u8>, DocxError> {
    let mut xml = Xml::part();
    xml.open("Relationships", &[("xmlns", PACKAGE_RELS)]);
    for (id, kind, target) in rels {
        xml.empty("Relationship", &[("Id", id), ("Type", kind), ("Target", target)]);
    }
    xml.close("Relationships");
    Ok(xml.finish()?)
}

/// `[Content_Types].xml`: `.rels` and `.xml` by default, every other
/// part by name.
fn content_types(parts: &[Part]) -> Result<Vec<u8>, DocxError> {
    let mut xml = Xml::part();
    xml.open(
        "Types",
        &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")],
    );
    xml.empty("Default", &[("Extension", "rels"), ("ContentType", &rels_type())]);
    xml.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    let mut named: Vec<&Part> = parts.iter().filter(|p| !p.name.ends_with(".rels")).collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    for part in named {
        xml.empty(
            "Override",
            &[
                ("PartName", &format!("/{}", part.name)),
                ("ContentType", &part.content_type),
            ],
        );
    }
    xml.close("Types");
    Ok(xml.finish()?)
}

/// The core properties: title, the office as creator, and the document's
/// own date as its creation and modification (never the time of the run).
fn core(doc: &Doc) -> Result<Vec<u8>, DocxError> {
    let when = format!("{}T00:00:00Z", doc.date);
    let w3cdtf = [("xsi:type", "dcterms:W3CDTF")];
    let mut xml = Xml::part();
    xml.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    xml.leaf("dc:title", &[], &doc.title)
        .leaf("dc:creator", &[], &doc.office)
        .leaf("cp:lastModifiedBy", &[], &doc.office)
        .leaf("dc:language", &[], "zh-CN")
        .leaf("dcterms:created", &w3cdtf, &when)
        .leaf("dcterms:modified", &w3cdtf, &when);
    xml.close("cp:coreProperties");
    Ok(xml.finish()?)
}

fn app(doc: &Doc) -> Result<Vec<u8>, DocxError> {
    let mut xml = Xml::part();
    xml.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    xml.leaf("Application", &[], "qaward")
        .leaf("DocSecurity", &[], "0")
        .leaf("Company", &[], &doc.office);
    xml.close("Properties");
    Ok(xml.finish()?)
}

/// The parts zipped in order, deflated, every entry dated 1980-01-01 (the
/// zip format's earliest date) and marked as made on DOS, as Word does.
fn zip(parts: &[Part]) -> Result<Vec<u8>, DocxError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Dos);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for part in parts {
        zip.start_file(part.name.as_str(), options)?;
        zip.write_all(&part.bytes).map_err(|e| DocxError::Zip(e.to_string()))?;
    }
    Ok(zip.finish()?.into_inner())
}
