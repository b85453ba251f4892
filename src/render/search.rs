//! The site search index, in shards, so that a query loads only the part
//! of the index it needs (docs/search.md, "The sharded index").
//!
//! Every page worth finding is a [`Doc`]: title, URL, kind, date and its
//! normalised text. A text of up to `WHOLE` characters is one *record*; a
//! longer one (a publicity list, a result notice) is cut into records that
//! start `SEGMENT` characters apart and overlap by `OVERLAP`, so that a
//! substring of up to `OVERLAP + 1` characters lies whole inside one
//! record. Records are stored in *chunks*: the records of the documents
//! that share a group (the pages of one winning organisation, which hold
//! the same name and profile), or one record alone. A chunk's *grams* are
//! the distinct characters and character bigrams of its records' texts; a
//! gram's posting list is the chunks holding it. Chinese needs no word
//! segmentation this way: the client intersects the postings of a query's
//! bigrams and checks that each candidate record contains the query, so
//! any substring is found, across word boundaries.
//!
//! Each file under `search/` is one call `QAWARD_SEARCH({...});` of a JSON
//! literal, loaded by a `<script>` element (JSONP: `fetch()` fails on
//! `file://`):
//!
//! - `meta.js`: the counts and parameters below, the average size of the
//!   shards and of the chunks in 32 slices of their numbers (the client's
//!   cost estimates), and the most common bigrams (the client intersects
//!   them last);
//! - `g/N.js`: the postings of the grams whose FNV-1a hash is N modulo the
//!   number of shards, a gram → encoded list map ([`encode_postings`]);
//! - `d/N.js`: chunk N, its records each `[title, url, kind, date, text,
//!   doc]` (`doc` the document's number, for ties and duplicates), with
//!   `segment, segments` after it when the document has several records;
//!   those are alone in consecutive chunks.
//!
//! Every file carries the same `id`, a hash of the whole index, so that the
//! client can tell a shard of another build from one of its own.

use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

use crate::publish::PublicSite;

/// A text of at most this many characters is one record.
pub(crate) const WHOLE: usize = 1024;
/// Characters a record of a longer text starts after the one before it.
pub(crate) const SEGMENT: usize = 256;
/// Characters a record shares with the next one of its document.
pub(crate) const OVERLAP: usize = 64;
/// The size the shards of postings are aimed at, in bytes.
const SHARD_TARGET: usize = 8 * 1024;
/// A group's chunk takes no more records once it has this many bytes.
const GROUP_LIMIT: usize = 64 * 1024;
/// No file may be larger than this, in bytes, where the content allows.
pub const FILE_LIMIT: usize = 500_000;
/// `meta.js` gives the average size of the chunks in this many slices of
/// the chunk numbers, for the client's cost estimates.
const SIZE_SLICES: usize = 32;
/// At most this many common bigrams are named in `meta.js`.
const COMMON_MAX: usize = 128;
/// A bigram is common when at least 1 chunk in this many holds it.
const COMMON_SHARE: usize = 4;
/// The digits of the posting encoding: 5 bits of value, 1 of continuation.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// One searchable page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    /// Path from the site root.
    pub url: String,
    /// Kind label, shown with the result.
    pub kind: String,
    /// Date (ISO), for ordering.
    pub date: String,
    /// Searchable text, normalised.
    pub text: String,
    /// Documents of the same group share a chunk.
    pub group: Option<String>,
}

/// Lowercases and removes white space, so that queries match across line
/// breaks and spacing.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text of sanitised HTML, without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The documents of the public site: notices, winners, publicity lists.
pub fn documents(site: &PublicSite) -> Vec<Doc> {
    let mut docs = notice_docs(site);
    docs.extend(winner_docs(site));
    docs.extend(publicity_docs(site));
    docs
}

fn notice_docs(site: &PublicSite) -> Vec<Doc> {
    site.notices
        .iter()
        .map(|n| Doc {
            title: n.title.clone(),
            url: n.path.clone(),
            kind: n.kind_zh.to_owned(),
            date: n.date.iso.clone(),
            text: normalise(&format!(
                "{} {} {}",
                n.title,
                n.document.as_deref().unwrap_or_default(),
                n.text
            )),
            group: None,
        })
        .collect()
}

fn winner_docs(site: &PublicSite) -> Vec<Doc> {
    site.winners
        .iter()
        .map(|w| Doc {
            title: format!("{}：{}", w.award.title, w.org.name),
            url: w.path.clone(),
            kind: format!("获奖企业（{}）", w.status_zh),
            date: w.decision_date.iso.clone(),
            text: normalise(&format!(
                "{} {} {} {} {} {} {} {}",
                w.org.name,
                w.award.title,
                w.award.name,
                w.org.recommender.name,
                w.org.industry.name,
                w.decision_document,
                w.sanction
                    .as_ref()
                    .map(|s| format!("{} {} {}", s.kind_zh, s.document, s.reason))
                    .unwrap_or_default(),
                w.org.profile_html.as_deref().map(strip_tags).unwrap_or_default(),
            )),
            group: Some(w.org.id.clone()),
        })
        .collect()
}

fn publicity_docs(site: &PublicSite) -> Vec<Doc> {
    let lists = site.cycles.iter().filter_map(|c| c.publicity.as_ref());
    lists
        .map(|p| {
            let names: Vec<String> = p
                .entries
                .iter()
                .map(|e| format!("{} {} {}", e.award, e.name, e.recommender))
                .collect();
            Doc {
                title: p.title.clone(),
                url: p.path.clone(),
                kind: "公示名单".to_owned(),
                date: p.start.iso.clone(),
                text: normalise(&format!("{} {}", p.title, names.join(" "))),
                group: None,
            }
        })
        .collect()
}

/// One record: a document's text, or a segment of it.
#[derive(Debug)]
struct Passage<'a> {
    doc: &'a Doc,
    /// The document's number.
    number: usize,
    text: String,
    /// Which segment of the document, from 0.
    segment: usize,
    /// How many segments the document has.
    segments: usize,
}

/// The records' texts of a document's text: itself if it has at most
/// `WHOLE` characters, else segments `SEGMENT` characters apart, each
/// `OVERLAP` characters longer, the last running to the end.
fn segments(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= WHOLE {
        return vec![text.to_owned()];
    }
    let count = (chars.len() - OVERLAP).div_ceil(SEGMENT);
    (0..count)
        .map(|i| {
            let end = ((i + 1) * SEGMENT + OVERLAP).min(chars.len());
            chars[i * SEGMENT..end].iter().collect()
        })
        .collect()
}

fn passages(docs: &[Doc]) -> Vec<Passage<'_>> {
    let mut out = Vec::new();
    for (number, doc) in docs.iter().enumerate() {
        let parts = segments(&doc.text);
        let count = parts.len();
        out.extend(parts.into_iter().enumerate().map(|(segment, text)| Passage {
            doc,
            number,
            text,
            segment,
            segments: count,
        }));
    }
    out
}

/// A character, or a character bigram.
type Gram = (char, Option<char>);

fn gram_text((first, second): Gram) -> String {
    [Some(first), second].into_iter().flatten().collect()
}

/// The distinct characters and character bigrams of a text.
fn grams(text: &str) -> Vec<Gram> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Gram> = chars.iter().map(|&c| (c, None)).collect();
    out.extend(chars.windows(2).map(|pair| (pair[0], Some(pair[1]))));
    out.sort_unstable();
    out.dedup();
    out
}

/// Each gram with the chunks that hold it, in chunk order.
fn postings(chunks: &[Vec<Passage<'_>>]) -> BTreeMap<String, Vec<u32>> {
    let mut out: HashMap<Gram, Vec<u32>> = HashMap::new();
    for (n, chunk) in (0u32..).zip(chunks) {
        let mut all: Vec<Gram> = chunk.iter().flat_map(|r| grams(&r.text)).collect();
        all.sort_unstable();
        all.dedup();
        for gram in all {
            out.entry(gram).or_default().push(n);
        }
    }
    out.into_iter().map(|(gram, list)| (gram_text(gram), list)).collect()
}

fn push_number(out: &mut String, mut value: usize) {
    while value >= 32 {
        out.push(char::from(DIGITS[32 | (value & 31)]));
        value >>= 5;
    }
    out.push(char::from(DIGITS[value]));
}

/// A sorted list of distinct record numbers as text: runs of consecutive
/// numbers, each as `2 × gap + (length > 1)` and, for a longer run,
/// `length − 2`, where the gap is from the end of the run before (from 0
/// for the first). Numbers are little-endian groups of 5 bits, one digit
/// each, the digit's sixth bit set on all but the last group.
pub(crate) fn encode_postings(list: &[u32]) -> String {
    let mut out = String::new();
    let mut next = 0usize;
    let mut i = 0;
    while let Some(&first) = list.get(i) {
        let start = first as usize;
        let mut len = 1;
        while list.get(i + len).is_some_and(|&n| n as usize == start + len) {
            len += 1;
        }
        push_number(&mut out, 2 * (start - next) + usize::from(len > 1));
        if len > 1 {
            push_number(&mut out, len - 2);
        }
        next = start + len;
        i += len;
    }
    out
}

/// The inverse of [`encode_postings`]; `None` for text it does not write.
pub fn decode_postings(text: &str) -> Option<Vec<u32>> {
    let mut digits = text.bytes().map(|b| DIGITS.iter().position(|&d| d == b));
    let mut number = || -> Option<Option<usize>> {
        let mut value = 0usize;
        for shift in (0..usize::BITS).step_by(5) {
            let Some(digit) = digits.next() else {
                return Some(None).filter(|_| shift == 0);
            };
            let digit = digit?;
            value |= (digit & 31).checked_shl(shift)?;
            if digit < 32 {
                return Some(Some(value));
            }
        }
        None
    };
    let mut out = Vec::new();
    let mut next = 0usize;
    while let Some(value) = number()? {
        let start = next.checked_add(value / 2)?;
        let len = if value % 2 == 1 { number()??.checked_add(2)? } else { 1 };
        next = start.checked_add(len)?;
        u32::try_from(next).ok()?;
        out.extend((start..next).filter_map(|n| u32::try_from(n).ok()));
    }
    Some(out)
}

/// FNV-1a, 32 bits: the hash that puts a gram in its shard.
pub(crate) fn fnv1a(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0x811c_9dc5, |h: u32, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The shard of a gram among `shards`.
pub fn shard_of(gram: &str, shards: usize) -> usize {
    fnv1a(gram.as_bytes()) as usize % shards.max(1)
}

/// FNV-1a, 64 bits, over several texts: the index's id.
fn fnv1a64<'a>(texts: impl Iterator<Item = &'a str>) -> u64 {
    let bytes = texts.flat_map(|t| t.bytes().chain([0]));
    bytes.fold(0xcbf2_9ce4_8422_2325, |h: u64, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The number of shards: enough for `SHARD_TARGET` bytes each, doubled
/// while the largest would pass `FILE_LIMIT` (and there are grams left to
/// spread). `entries` are each gram with its encoded size.
fn shard_count(entries: &[(&str, usize)]) -> usize {
    let total: usize = entries.iter().map(|(_, size)| size).sum();
    let mut count = total.div_ceil(SHARD_TARGET).max(1);
    let largest = |count: usize| {
        let mut sizes = vec![0usize; count];
        for (gram, size) in entries {
            sizes[shard_of(gram, count)] += size;
        }
        sizes.into_iter().max().unwrap_or_default()
    };
    while count < entries.len() && largest(count) > FILE_LIMIT {
        count *= 2;
    }
    count
}

/// The bigrams that at least one chunk in `COMMON_SHARE` holds, the most
/// common first (then by gram), at most `COMMON_MAX`.
fn common(postings: &BTreeMap<String, Vec<u32>>, chunks: usize) -> Vec<String> {
    let mut bigrams: Vec<(&str, usize)> = postings
        .iter()
        .filter(|(gram, list)| gram.chars().count() == 2 && list.len() * COMMON_SHARE >= chunks)
        .map(|(gram, list)| (gram.as_str(), list.len()))
        .collect();
    bigrams.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    bigrams
        .into_iter()
        .take(COMMON_MAX)
        .map(|(gram, _)| gram.to_owned())
        .collect()
}

fn passage_json(record: &Passage<'_>) -> Result<String, serde_json::Error> {
    let doc = record.doc;
    let mut fields = vec![
        json!(doc.title),
        json!(doc.url),
        json!(doc.kind),
        json!(doc.date),
        json!(record.text),
        json!(record.number),
    ];
    if record.segments > 1 {
        fields.extend([json!(record.segment), json!(record.segments)]);
    }
    serde_json::to_string(&Value::Array(fields))
}

/// The records in chunks: those of a one-record document with a group
/// join the group's last chunk while it has fewer than `GROUP_LIMIT`
/// bytes; any other record starts a chunk of its own. Each record comes
/// with its JSON. The newest chunks (by their newest document) come
/// first, so that a query with more candidates than one round of loading
/// shows the newest; the segments of a document stay in order, together.
fn chunks(records: Vec<Passage<'_>>) -> Result<Vec<Vec<(Passage<'_>, String)>>, serde_json::Error> {
    let mut out: Vec<Vec<(Passage<'_>, String)>> = Vec::new();
    let mut open: HashMap<&str, (usize, usize)> = HashMap::new();
    for record in records {
        let json = passage_json(&record)?;
        let group = record.doc.group.as_deref().filter(|_| record.segments == 1);
        match group.and_then(|g| open.get_mut(g)) {
            Some((at, bytes)) if *bytes < GROUP_LIMIT => {
                *bytes += json.len();
                out[*at].push((record, json));
            }
            _ => {
                if let Some(g) = group {
                    open.insert(g, (out.len(), json.len()));
                }
                out.push(vec![(record, json)]);
            }
        }
    }
    out.sort_by_cached_key(|chunk| {
        let newest = chunk.iter().map(|(r, _)| r.doc.date.as_str()).max().unwrap_or_default();
        (
            std::cmp::Reverse(newest.to_owned()),
            chunk.first().map(|(r, _)| (r.number, r.segment)),
        )
    });
    Ok(out)
}

/// The JSON bodies of the index's files, before they are wrapped.
struct Bodies {
    shards: Vec<String>,
    chunks: Vec<String>,
    common: Vec<String>,
    records: usize,
}

fn shard_bodies(postings: &BTreeMap<String, Vec<u32>>) -> Result<Vec<String>, serde_json::Error> {
    let encoded: Vec<(&str, String)> = postings
        .iter()
        .map(|(gram, list)| (gram.as_str(), encode_postings(list)))
        .collect();
    let sizes: Vec<(&str, usize)> = encoded.iter().map(|(g, e)| (*g, g.len() + e.len() + 6)).collect();
    let count = shard_count(&sizes);
    let mut shards = vec![BTreeMap::new(); count];
    for (gram, list) in encoded {
        shards[shard_of(gram, count)].insert(gram, list);
    }
    shards.iter().map(serde_json::to_string).collect()
}

fn bodies(docs: &[Doc]) -> Result<Bodies, serde_json::Error> {
    let records = passages(docs);
    let count = records.len();
    let (chunked, texts): (Vec<Vec<Passage<'_>>>, Vec<String>) = chunks(records)?
        .into_iter()
        .map(|chunk| {
            let (records, jsons): (Vec<_>, Vec<String>) = chunk.into_iter().unzip();
            (records, format!("[{}]", jsons.join(",")))
        })
        .unzip();
    let postings = postings(&chunked);
    Ok(Bodies {
        shards: shard_bodies(&postings)?,
        common: common(&postings, texts.len()),
        chunks: texts,
        records: count,
    })
}

fn average(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum::<usize>() / texts.len().max(1)
}

/// The slice width and the average size of the chunks in each slice.
fn chunk_sizes(chunks: &[String]) -> (usize, Vec<usize>) {
    let width = chunks.len().div_ceil(SIZE_SLICES).max(1);
    (width, chunks.chunks(width).map(average).collect())
}

fn meta_json(b: &Bodies, docs: usize) -> Value {
    let (slice, sizes) = chunk_sizes(&b.chunks);
    json!({
        "kind": "meta",
        "version": 2,
        "docs": docs,
        "records": b.records,
        "whole": WHOLE,
        "segment": SEGMENT,
        "overlap": OVERLAP,
        "shards": b.shards.len(),
        "shard_bytes": average(&b.shards),
        "chunks": b.chunks.len(),
        "chunk_slice": slice,
        "chunk_sizes": sizes,
        "common": b.common,
    })
}

/// Whether `path` (from the site root) is a file of the search index.
pub(crate) fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".js")
}

/// One file: the call that registers its data.
fn file(path: String, head: &str, body: &str) -> (String, Vec<u8>) {
    (path, format!("QAWARD_SEARCH({{{head},{body}}});\n").into_bytes())
}

/// The files of the index of `docs`, by path under the site root.
pub(crate) fn index_files(docs: &[Doc]) -> Result<Vec<(String, Vec<u8>)>, serde_json::Error> {
    let b = bodies(docs)?;
    let meta = serde_json::to_string(&meta_json(&b, docs.len()))?;
    let all = [&meta].into_iter().chain(&b.shards).chain(&b.chunks);
    let id = format!("{:016x}", fnv1a64(all.map(String::as_str)));
    let meta_fields = meta
        .strip_prefix('{')
        .and_then(|m| m.strip_suffix('}'))
        .unwrap_or_default();
    let mut files = vec![file(
        "search/meta.js".to_owned(),
        &format!("\"id\":\"{id}\""),
        meta_fields,
    )];
    for (kind, dir, bodies) in [("grams", "g", &b.shards), ("docs", "d", &b.chunks)] {
        files.extend(bodies.iter().enumerate().map(|(n, body)| {
            let head = format!("\"kind\":\"{kind}\",\"id\":\"{id}\",\"n\":{n}");
            file(format!("search/{dir}/{n}.js"), &head, &format!("\"{kind}\":{body}"))
        }));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize, text: &str) -> Doc {
        Doc {
            title: format!("标题{n}"),
            url: format!("p/{n}/"),
            kind: "公告".to_owned(),
            date: "2024-01-01".to_owned(),
            text: normalise(text),
            group: None,
        }
    }

    fn grouped(n: usize, text: &str, group: &str) -> Doc {
        Doc {
            group: Some(group.to_owned()),
            ..doc(n, text)
        }
    }

    /// A deterministic text of `len` characters: words of 2 to 4 of 1500
    /// Chinese characters, drawn from 400 words.
    fn text(seed: usize, len: usize) -> String {
        let word = |k: usize| -> String {
            (0..2 + k % 3)
                .filter_map(|j| char::from_u32(0x4e00 + ((k * 7919 + j * 131) % 1500) as u32))
                .collect()
        };
        let mut state = (seed as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut out = String::new();
        while out.chars().count() < len {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.push_str(&word((state >> 33) as usize % 400));
        }
        out.chars().take(len).collect()
    }

    /// The files as JSON values by path, the call stripped.
    fn parse(files: &[(String, Vec<u8>)]) -> BTreeMap<String, Value> {
        files
            .iter()
            .map(|(path, bytes)| {
                let text = std::str::from_utf8(bytes).expect("utf-8");
                let literal = text.strip_prefix("QAWARD_SEARCH(").and_then(|t| t.strip_suffix(");\n"));
                let value = serde_json::from_str(literal.expect("one call")).expect("json");
                (path.clone(), value)
            })
            .collect()
    }

    fn count(meta: &Value, key: &str) -> usize {
        meta[key].as_u64().unwrap_or_else(|| panic!("meta.{key}")) as usize
    }

    /// Chunk `n`'s records.
    fn chunk(files: &BTreeMap<String, Value>, n: usize) -> &Vec<Value> {
        files[&format!("search/d/{n}.js")]["docs"].as_array().expect("docs")
    }

    #[test]
    fn normalise_drops_spaces_and_case() {
        assert_eq!(normalise("温州 示例\nABC"), "温州示例abc");
    }

    #[test]
    fn shard_assignment_is_stable() {
        // FNV-1a test vectors, then pinned shards: a change here moves
        // every gram of every published index (and search.js must follow).
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
        assert_eq!(
            [
                shard_of("有限", 97),
                shard_of("温州", 97),
                shard_of("州示", 7),
                shard_of("x", 1)
            ],
            [84, 70, 5, 0]
        );
    }

    #[test]
    fn postings_round_trip() {
        for list in [
            vec![],
            vec![0],
            vec![5],
            vec![0, 1, 2, 3],
            vec![1, 2, 40, 41, 42, 1000, 100_000, 100_001],
            (0..5000).collect(),
        ] {
            let text = encode_postings(&list);
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
            assert_eq!(decode_postings(&text), Some(list), "{text}");
        }
        assert_eq!(encode_postings(&(0..5000).collect::<Vec<_>>()).len(), 4);
        assert_eq!(decode_postings("!"), None);
        assert_eq!(decode_postings("Z"), None, "a continued number must go on");
        assert_eq!(decode_postings("1"), None, "a run must have its length");
    }

    #[test]
    fn segments_overlap_so_short_queries_stay_whole() {
        assert_eq!(segments(""), vec![String::new()]);
        assert_eq!(segments(&"字".repeat(WHOLE)).len(), 1);
        let text = text(1, WHOLE + 3 * SEGMENT + 7);
        let parts = segments(&text);
        assert_eq!(parts.len(), (WHOLE + 3 * SEGMENT + 7 - OVERLAP).div_ceil(SEGMENT));
        assert!(parts.iter().all(|p| p.chars().count() <= SEGMENT + OVERLAP));
        let joined: String = parts.iter().enumerate().fold(String::new(), |mut all, (i, p)| {
            let own = if i + 1 < parts.len() { SEGMENT } else { usize::MAX };
            all.extend(p.chars().take(own));
            all
        });
        assert_eq!(joined, text);
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() - OVERLAP {
            let query: String = chars[start..start + OVERLAP + 1].iter().collect();
            assert!(parts.iter().any(|p| p.contains(&query)), "at {start}");
        }
    }

    #[test]
    fn every_gram_of_every_record_is_in_its_shard() {
        let length = |n: usize| if n.is_multiple_of(50) { 2000 + n } else { 10 + n % 40 };
        let docs: Vec<Doc> = (0..300)
            .map(|n| grouped(n, &text(n, length(n)), &format!("g{}", n % 60)))
            .collect();
        let files = parse(&index_files(&docs).expect("index"));
        let meta = &files["search/meta.js"];
        let shards = count(meta, "shards");
        let mut lists: HashMap<String, Vec<u32>> = HashMap::new();
        for n in 0..shards {
            for (gram, list) in files[&format!("search/g/{n}.js")]["grams"].as_object().expect("grams") {
                let list = decode_postings(list.as_str().expect("list")).expect("postings");
                assert_eq!(shard_of(gram, shards), n, "{gram} in shard {n}");
                lists.insert(gram.clone(), list);
            }
        }
        let mut records = 0;
        for n in 0..count(meta, "chunks") {
            for record in chunk(&files, n) {
                for gram in grams(record[4].as_str().expect("text")).into_iter().map(gram_text) {
                    assert!(lists[&gram].binary_search(&(n as u32)).is_ok(), "{gram} of chunk {n}");
                }
                records += 1;
            }
        }
        assert_eq!(records, count(meta, "records"));
        assert!(shards > 1);
    }

    #[test]
    fn chunks_hold_a_group_or_one_record() {
        let mut docs: Vec<Doc> = (0..6).map(|n| grouped(n, &text(n, 40), ["a", "b"][n % 2])).collect();
        docs.push(doc(6, &text(6, 40)));
        docs.push(grouped(7, &text(7, WHOLE + 2 * SEGMENT), "a"));
        docs.push(doc(8, &text(8, 40)));
        let files = parse(&index_files(&docs).expect("index"));
        let meta = &files["search/meta.js"];
        let long = (WHOLE + 2 * SEGMENT - OVERLAP).div_ceil(SEGMENT);
        assert_eq!(count(meta, "records"), 8 + long);
        assert_eq!(count(meta, "chunks"), 4 + long, "a, b, 6, the segments of 7, 8");
        let numbers = |n: usize| -> Vec<u64> { chunk(&files, n).iter().filter_map(|r| r[5].as_u64()).collect() };
        assert_eq!(numbers(0), [0, 2, 4]);
        assert_eq!(numbers(1), [1, 3, 5]);
        assert_eq!(numbers(2), [6]);
        for s in 0..long {
            let records = chunk(&files, 3 + s);
            assert_eq!(records.len(), 1);
            let r = &records[0];
            assert_eq!(
                (r[5].as_u64(), r[6].as_u64(), r[7].as_u64()),
                (Some(7), Some(s as u64), Some(long as u64))
            );
        }
        assert_eq!(numbers(3 + long), [8]);
        assert!(!files.contains_key(&format!("search/d/{}.js", 4 + long)));
        assert_eq!(
            chunk(&files, 0)[0].as_array().map(Vec::len),
            Some(6),
            "no segment fields"
        );
        assert!(files.values().all(|v| v["id"] == meta["id"]));
    }

    #[test]
    fn the_newest_chunks_come_first() {
        let mut docs: Vec<Doc> = (0..4).map(|n| doc(n, &text(n, 40))).collect();
        docs[2].date = "2025-05-01".to_owned();
        docs.push(Doc {
            date: "2024-06-01".to_owned(),
            ..doc(4, &text(4, WHOLE + SEGMENT))
        });
        let files = parse(&index_files(&docs).expect("index"));
        let long = (WHOLE + SEGMENT - OVERLAP).div_ceil(SEGMENT);
        let order: Vec<u64> = (0..long + 4).filter_map(|n| chunk(&files, n)[0][5].as_u64()).collect();
        let mut want = vec![2];
        want.extend(std::iter::repeat_n(4, long));
        want.extend([0, 1, 3]);
        assert_eq!(order, want);
        let segments: Vec<u64> = (1..=long).filter_map(|n| chunk(&files, n)[0][6].as_u64()).collect();
        assert_eq!(segments, (0..long as u64).collect::<Vec<_>>());
    }

    #[test]
    fn a_group_fills_chunks_up_to_its_limit() {
        let docs: Vec<Doc> = (0..200).map(|n| grouped(n, &text(n, WHOLE), "a")).collect();
        let files = index_files(&docs).expect("index");
        let chunks: Vec<&(String, Vec<u8>)> = files.iter().filter(|(p, _)| p.starts_with("search/d/")).collect();
        assert!(chunks.len() > 1);
        assert!(
            chunks.iter().all(|(_, b)| b.len() < GROUP_LIMIT + 4 * WHOLE),
            "one record past the limit at most"
        );
    }

    #[test]
    fn same_docs_give_same_bytes() {
        let docs: Vec<Doc> = (0..120).map(|n| doc(n, &text(n, 300))).collect();
        let one = index_files(&docs).expect("index");
        assert_eq!(one, index_files(&docs.clone()).expect("index"));
        let mut other = docs.clone();
        other[7].text.push('新');
        let two = index_files(&other).expect("index");
        assert_ne!(one[0], two[0], "the id follows the content");
    }

    #[test]
    fn files_stay_small_at_a_large_size() {
        // 3 000 pages of 400 characters in groups of 10, and 10 lists of
        // 15 000: the text of about 25 000 applications.
        let mut docs: Vec<Doc> = (0..3000)
            .map(|n| grouped(n, &text(n, 400), &format!("org{}", n % 300)))
            .collect();
        docs.extend((0..10).map(|n| doc(3000 + n, &text(n, 15_000))));
        let files = index_files(&docs).expect("index");
        let largest = files.iter().map(|(_, b)| b.len()).max().unwrap_or_default();
        assert!(largest <= FILE_LIMIT, "largest file {largest} B");
        let meta = parse(&files[..1]);
        let meta = &meta["search/meta.js"];
        assert!(count(meta, "shards") > 10);
        assert_eq!(count(meta, "chunks"), 300 + 10 * (15_000 - OVERLAP).div_ceil(SEGMENT));
        assert!(count(meta, "shard_bytes") < 2 * SHARD_TARGET);
        assert!(files[0].1.len() < 4096, "meta.js is {} B", files[0].1.len());
    }
}
