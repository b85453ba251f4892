//! Workbook structure protection, which rust_xlsxwriter does not write (its
//! author has declined it for the C and Python versions): a `<workbookProtection
//! lockStructure="1"/>` in `xl/workbook.xml`, so that a score sheet's
//! worksheets cannot be added, removed, renamed or moved while the score
//! cells stay open. The package is read back with the zip crate, the one
//! part rewritten with quick-xml, and every part stored again with the
//! options rust_xlsxwriter uses (deflated, a fixed 1980-01-01 time, mode
//! 0600), so the bytes stay the same from run to run.

use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

const WORKBOOK_PART: &str = "xl/workbook.xml";

/// `xlsx` with its workbook structure locked (no password).
pub fn lock_structure(xlsx: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(xlsx)).map_err(|e| e.to_string())?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o600);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut locked = false;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = part.name().map_err(|e| e.to_string())?.into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).map_err(|e| format!("`{name}`: {e}"))?;
        if name == WORKBOOK_PART {
            bytes = protect(&bytes)?;
            locked = true;
        }
        out.start_file(name.as_str(), options).map_err(|e| e.to_string())?;
        out.write_all(&bytes).map_err(|e| format!("`{name}`: {e}"))?;
    }
    if !locked {
        return Err(format!("the package has no `{WORKBOOK_PART}`"));
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// `workbook.xml` with `<workbookProtection lockStructure="1"/>` before
/// `<bookViews>`, where the schema's sequence puts it (after `workbookPr`).
fn protect(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::new());
    let mut inserted = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("`{WORKBOOK_PART}`: {e}"))?;
        let before_views = matches!(&event, Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "bookViews");
        if before_views && !inserted {
            let mut protection = BytesStart::new("workbookProtection");
            protection.push_attribute(("lockStructure", "1"));
            writer
                .write_event(Event::Empty(protection))
                .map_err(|e| e.to_string())?;
            inserted = true;
        }
        if matches!(event, Event::Eof) {
            break;
        }
        writer.write_event(event).map_err(|e| e.to_string())?;
        buf.clear();
    }
    if !inserted {
        return Err(format!("`{WORKBOOK_PART}` has no `bookViews`"));
    }
    Ok(writer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protection_goes_before_the_book_views() {
        let xml = br#"<?xml version="1.0"?><workbook><workbookPr/><bookViews><workbookView/></bookViews><sheets/></workbook>"#;
        let out = String::from_utf8(protect(xml).expect("protect")).expect("utf-8");
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><workbook><workbookPr/><workbookProtection lockStructure="1"/><bookViews><workbookView/></bookViews><sheets/></workbook>"#
        );
    }

    #[test]
    fn a_workbook_without_views_is_refused() {
        assert!(protect(b"<workbook><sheets/></workbook>").is_err());
        assert!(lock_structure(b"not a zip").is_err());
    }
}
