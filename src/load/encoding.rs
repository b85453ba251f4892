//! Content files that are not UTF-8 text: what they appear to be, for the
//! finding that says so.
//!
//! Windows tools still save text in other encodings: Notepad's "Unicode"
//! is UTF-16 LE, WPS and older Notepad save GBK (Chinese Windows' code
//! page 936), and some exports are GB 18030. qaward reads UTF-8 only (a
//! UTF-8 byte-order mark is fine) and never converts a file silently: a
//! file in another encoding is an error that names the encoding it
//! appears to be in and says how to save it as UTF-8 in the editors the
//! office uses.
//!
//! UTF-16 is recognised by its byte-order mark, or without one by its NUL
//! bytes (which UTF-8 text never holds) and a clean UTF-16 decoding; the
//! legacy encodings by chardetng, the detector Firefox uses, whose guess
//! must also decode the whole file cleanly with encoding_rs.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, Position};

/// What a file that is not UTF-8 text appears to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    Utf16 {
        big_endian: bool,
        bom: bool,
    },
    /// GBK (code page 936) when no four-byte sequence occurs, else GB 18030.
    Chinese {
        gb18030: bool,
    },
    /// Another legacy encoding chardetng recognised (Big5, Shift_JIS, …).
    Other(&'static Encoding),
    /// UTF-8 with invalid bytes in it (cut or damaged), not another encoding.
    DamagedUtf8,
    /// Not UTF-8, and no encoding decodes it cleanly.
    Unknown,
}

/// What `bytes` are when they are not UTF-8 text; `None` when they are
/// (NUL bytes that do not make UTF-16 are left to the YAML reader).
pub(crate) fn examine(bytes: &[u8]) -> Option<Found> {
    if let Some(found) = utf16(bytes) {
        return Some(found);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    if mostly_utf8(bytes) {
        return Some(Found::DamagedUtf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_none()
    {
        return Some(Found::Unknown);
    }
    Some(if guess == GBK || guess == GB18030 {
        Found::Chinese {
            gb18030: has_four_byte_sequence(bytes),
        }
    } else {
        Found::Other(guess)
    })
}

/// UTF-16 by its byte-order mark, or by NUL bytes falling on one side of
/// the pairs (the high bytes of ASCII characters) and a clean decoding.
fn utf16(bytes: &[u8]) -> Option<Found> {
    match bytes {
        [0xFF, 0xFE, ..] => {
            return Some(Found::Utf16 {
                big_endian: false,
                bom: true,
            });
        }
        [0xFE, 0xFF, ..] => {
            return Some(Found::Utf16 {
                big_endian: true,
                bom: true,
            });
        }
        _ => {}
    }
    if bytes.len() < 2 || !bytes.contains(&0) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair.first() == Some(&0));
        odd += usize::from(pair.get(1) == Some(&0));
    }
    let (big_endian, encoding) = if odd > even {
        (false, UTF_16LE)
    } else {
        (true, UTF_16BE)
    };
    let clean = bytes.len().is_multiple_of(2)
        && encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some();
    clean.then_some(Found::Utf16 { big_endian, bom: false })
}

/// Whether the valid parts of `bytes` hold more multibyte UTF-8
/// characters than there are invalid runs: a UTF-8 file damaged here and
/// there. Text in a legacy encoding read as UTF-8 has almost none.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > invalid
}

/// Whether `bytes` hold a GB 18030 four-byte sequence (a lead byte
/// 0x81–0xFE followed by a digit 0x30–0x39), which GBK does not have.
fn has_four_byte_sequence(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if !(0x81..=0xFE).contains(&lead) {
            i += 1;
            continue;
        }
        if bytes.get(i + 1).is_some_and(|b| (0x30..=0x39).contains(b)) {
            return true;
        }
        i += 2;
    }
    false
}

impl Found {
    /// The encoding's name as Notepad, WPS and VS Code show it, with
    /// whether a UTF-16 file starts with a byte-order mark, in Chinese
    /// (`zh`) or English.
    pub(crate) fn name(self, zh: bool) -> String {
        match self {
            Found::Utf16 { big_endian, bom } => {
                let order = if big_endian { "BE" } else { "LE" };
                match (zh, bom) {
                    (true, true) => format!("UTF-16 {order}（带 BOM）"),
                    (true, false) => format!("UTF-16 {order}（无 BOM）"),
                    (false, true) => format!("UTF-16 {order} (with BOM)"),
                    (false, false) => format!("UTF-16 {order} (without BOM)"),
                }
            }
            Found::Chinese { gb18030: false } => "GBK".into(),
            Found::Chinese { gb18030: true } => "GB18030".into(),
            Found::Other(encoding) => encoding.name().into(),
            Found::DamagedUtf8 | Found::Unknown => String::new(),
        }
    }
}

/// The finding for `rel`, whose bytes are `bytes`, found to be `found`.
/// A legacy or damaged file is marked at its first byte that is not
/// UTF-8; a UTF-16 file (whose lines UTF-8 cannot count) as a whole.
pub(crate) fn finding(rel: &str, bytes: &[u8], found: Found) -> Diagnostic {
    let location = match found {
        Found::Utf16 { .. } => Location::File { file: rel.to_owned() },
        _ => {
            let start = first_invalid(bytes);
            Location::Range {
                file: rel.to_owned(),
                start,
                end: start.next_column(),
            }
        }
    };
    Diagnostic::new(catalogue::YAML, location, message(found))
}

/// Where the first byte that is not UTF-8 is, a UTF-8 byte-order mark
/// not counted.
fn first_invalid(bytes: &[u8]) -> Position {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // Up to `valid_up_to` the bytes are UTF-8 (the standard library says so).
        Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
    };
    Position::after(valid.strip_prefix('\u{feff}').unwrap_or(valid))
}

const HOW_ZH: &str = "记事本：“文件”→“另存为”，“编码”选“UTF-8”；\
     WPS：“文件”→“另存为”，文件类型选“纯文本”，编码选“UTF-8”，文件名仍用原来的扩展名；\
     VS Code：点窗口右下角状态栏里的编码名称，";
const HOW_EN: &str = "in Notepad, File → Save As with Encoding “UTF-8”; \
     in WPS, File → Save As, file type “Plain Text”, encoding “UTF-8”, keeping the file's extension; \
     in VS Code, click the encoding in the status bar, ";

/// The message: what the file appears to be, that nothing was converted,
/// and how to save it as UTF-8 in Notepad, WPS and VS Code.
fn message(found: Found) -> Message {
    let (name, name_en) = (found.name(true), found.name(false));
    let (what_zh, what_en) = match found {
        Found::Utf16 { .. } => ("记事本旧版称之为“Unicode”", "what older Notepad calls “Unicode”"),
        Found::Chinese { gb18030: false } => ("简体中文 Windows 的默认编码", "the default of Chinese Windows"),
        Found::Chinese { gb18030: true } => ("国家标准 GB 18030 编码", "the national standard GB 18030"),
        Found::Other(_) => ("一种旧的非 UTF-8 编码", "a legacy encoding"),
        Found::DamagedUtf8 => {
            return Message::new(
                "文件是 UTF-8 编码，但从这里起有无效的字节（文件可能被截断或损坏）：请改正此处的文字，或从备份中恢复该文件",
                "the file is UTF-8 but holds invalid bytes from here on (it may be cut or damaged): retype the text here or restore the file from a copy",
            );
        }
        Found::Unknown => {
            return Message::new(
                format!(
                    "文件不是 UTF-8 编码，也不是能识别的其他编码：qaward 只读取 UTF-8，请以 UTF-8 另存。{HOW_ZH}选“通过编码保存”→“UTF-8”"
                ),
                format!(
                    "the file is not UTF-8 nor any encoding recognised: qaward reads UTF-8 only; save it as UTF-8: {HOW_EN}“Save with Encoding” → “UTF-8”"
                ),
            );
        }
    };
    let label = match found {
        Found::Utf16 { big_endian: true, .. } => "UTF-16 BE".to_owned(),
        Found::Utf16 { big_endian: false, .. } => "UTF-16 LE".to_owned(),
        _ => name_en.clone(),
    };
    Message::new(
        format!(
            "文件编码看起来是 {name}（{what_zh}），不是 UTF-8：qaward 只读取 UTF-8，不会自动转换。请以 UTF-8 另存。\
             {HOW_ZH}先选“通过编码重新打开”→“{label}”，文字显示正常后再选“通过编码保存”→“UTF-8”"
        ),
        format!(
            "the file appears to be in {name_en} ({what_en}), not UTF-8: qaward reads UTF-8 only and converts nothing; \
             save it as UTF-8: {HOW_EN}“Reopen with Encoding” → “{label}”, then “Save with Encoding” → “UTF-8”"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# 2024年度市长质量奖\nname: 温州示例电气有限公司\nshort_name: 示例电气\nindustry: electrical\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for unit in units {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf8_is_not_examined_further() {
        assert_eq!(examine(TEXT.as_bytes()), None);
        assert_eq!(examine(format!("\u{feff}{TEXT}").as_bytes()), None);
        assert_eq!(examine(b"a: \0\n"), None, "a stray NUL is the YAML reader's to report");
    }

    #[test]
    fn utf16_is_found_in_both_orders_with_and_without_a_mark() {
        for big_endian in [false, true] {
            for bom in [false, true] {
                let found = examine(&utf16(TEXT, big_endian, bom));
                assert_eq!(found, Some(Found::Utf16 { big_endian, bom }), "{big_endian} {bom}");
            }
        }
    }

    #[test]
    fn gbk_and_gb18030_are_told_apart() {
        let (gbk, _, bad) = GBK.encode(TEXT);
        assert!(!bad);
        assert_eq!(examine(&gbk), Some(Found::Chinese { gb18030: false }));
        // 𠀀 (U+20000) exists only in GB 18030, as a four-byte sequence.
        let text = format!("{TEXT}note: 𠀀\n");
        let (gb18030, _, bad) = GB18030.encode(&text);
        assert!(!bad);
        assert_eq!(examine(&gb18030), Some(Found::Chinese { gb18030: true }));
    }

    #[test]
    fn damaged_utf8_is_not_called_another_encoding() {
        let mut bytes = TEXT.as_bytes().to_vec();
        bytes.insert(40, 0xFF);
        assert_eq!(examine(&bytes), Some(Found::DamagedUtf8));
    }

    #[test]
    fn the_first_invalid_byte_is_placed_past_a_byte_order_mark() {
        let (gbk, _, _) = GBK.encode("a: 1\nb: 温州\n");
        assert_eq!(first_invalid(&gbk), Position { line: 2, column: 4 });
        let mut marked = "\u{feff}".as_bytes().to_vec();
        marked.extend_from_slice(&gbk);
        assert_eq!(first_invalid(&marked), Position { line: 2, column: 4 });
    }
}
