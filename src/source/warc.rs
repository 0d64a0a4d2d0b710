//! WARC files (`.warc`, `.warc.gz` with one gzip member per record), read one
//! record at a time. `response` records whose HTTP body is HTML become
//! documents, with `WARC-Target-URI`, `WARC-Date` and `WARC-Record-ID` in
//! their metadata and the HTTP `Content-Type` passed on to decode; every other
//! record is skipped with its reason. A malformed record is reported and the
//! reader looks for the next one; a truncated file ends the reading.
//!
//! Hand-written because the WARC crates on crates.io read whole records into
//! memory through their own gzip layer, which gives neither per-record member
//! offsets nor a guard against decompression bombs.

use super::gz::{self, Counting};
use super::limits::{self, read_block, read_line_capped};
use super::{Container, Doc, DocError, Hints, IdKeys, Item, Skipped, Stream, http};
use std::io::BufRead;

/// The longest WARC header line, and the most header lines in a record.
const MAX_HEADER_LINE: usize = 64 << 10;
const MAX_HEADERS: usize = 512;
/// Room for the HTTP head on top of `--max-doc-bytes` of body.
const HTTP_HEAD_ROOM: usize = 64 << 10;

/// The WARC headers of one record.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why reading a record went wrong, and whether the file can go on.
enum Problem {
    /// The record is bad but the stream is intact: look for the next record.
    Record(String),
    /// The stream itself is broken or ends early: stop reading this file.
    Stream(String),
}

pub(super) fn read(stream: &mut Stream, c: &Container, emit: &mut dyn FnMut(Item)) {
    let mut r = Counting::new(stream);
    match r.fill_buf() {
        Ok([]) => {
            return emit(c.empty_file());
        }
        Ok(_) => {}
        Err(e) => return emit(c.failed(e.to_string())),
    }
    let mut index = 0u64;
    let mut line = Vec::new();
    let mut resyncing = false;
    let mut ids = IdKeys::default();
    while !c.stopped() {
        // Records are separated by blank lines; find the next version line.
        let (start, offset);
        loop {
            // Fill first: a gzip member starts when its first bytes are read.
            let at = r.get_ref().member_start().unwrap_or(r.consumed());
            let here = r.consumed();
            match r.fill_buf() {
                Ok(_) => {}
                Err(e) if gz::can_go_on(&e) => {
                    emit(failed_at(c, (at, here), e.to_string()));
                    resyncing = true;
                    continue;
                }
                Err(e) => return emit(failed_at(c, (at, here), e.to_string())),
            }
            let at = r.get_ref().member_start().unwrap_or(r.consumed());
            match read_line_capped(&mut r, MAX_HEADER_LINE, &mut line) {
                Ok(None) => return,
                Ok(Some(Ok(()))) if line.is_empty() => continue,
                Ok(Some(Ok(()))) if line.starts_with(b"WARC/") => {
                    (start, offset) = (at, here);
                    break;
                }
                Ok(_) if resyncing => continue,
                Ok(_) if index == 0 => {
                    return emit(c.failed(format!(
                        "not a WARC file: it starts with {:?}, not a WARC/1.x version line",
                        String::from_utf8_lossy(&line[..line.len().min(40)])
                    )));
                }
                Ok(_) => {
                    resyncing = true;
                    emit(failed_at(
                        c,
                        (at, here),
                        "malformed WARC record: expected a WARC/1.x version line; skipping to the next record".into(),
                    ));
                }
                Err(e) if gz::can_go_on(&e) => {
                    emit(failed_at(c, (at, here), e.to_string()));
                    resyncing = true;
                }
                Err(e) => return emit(failed_at(c, (at, here), e.to_string())),
            }
        }
        resyncing = false;
        let origin = format!("{}@{start}", c.origin);
        match read_record(&mut r, c, (index, offset), &mut ids, &mut line, &origin) {
            Ok(item) => emit(item),
            Err(problem) => {
                let (message, go_on) = match problem {
                    Problem::Record(m) => (m, true),
                    Problem::Stream(m) => (m, false),
                };
                emit(failed_at(c, (start, offset), message));
                if !go_on {
                    return;
                }
                resyncing = true;
            }
        }
        index += 1;
    }
}

/// A record that could not be read, at byte `at` of the input (the start of
/// its gzip member when compressed) and `offset` of the decompressed stream.
fn failed_at(c: &Container, (at, offset): (u64, u64), message: String) -> Item {
    Item::Failed(DocError {
        id: format!("{}@{at}", c.rel.display()),
        key: c.offset_key(offset),
        origin: format!("{}@{at}", c.origin),
        message,
    })
}

/// Reads the headers and block of one record, its version line already read.
fn read_record(
    r: &mut Counting<&mut Stream>,
    c: &Container,
    (index, offset): (u64, u64),
    ids: &mut IdKeys,
    line: &mut Vec<u8>,
    origin: &str,
) -> Result<Item, Problem> {
    let headers = read_headers(r, line)?;
    let length: u64 = headers
        .get("Content-Length")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| Problem::Record("WARC record without a valid Content-Length".into()))?;
    let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let record_id = headers.get("WARC-Record-ID");
    let key = match record_id {
        Some(id) => ids.key(c, id),
        None => c.offset_key(offset),
    };
    let id = record_id
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}#{index}", c.rel.display()));
    let cap = if kind == "response" {
        c.limits.max_doc_bytes.saturating_add(HTTP_HEAD_ROOM)
    } else {
        0
    };
    let block = read_block(r, length, cap).map_err(|e| {
        if gz::can_go_on(&e) {
            Problem::Record(format!("WARC record {id}: {e}"))
        } else {
            Problem::Stream(format!("truncated WARC record {id}: {e}"))
        }
    })?;
    let skip = |reason: String| {
        Item::Skipped(Skipped {
            id: id.clone(),
            key: key.clone(),
            origin: origin.to_string(),
            reason,
            bytes: length,
            notable: false,
        })
    };
    if kind != "response" {
        return Ok(skip(format!("WARC {kind} record")));
    }
    let head = match http::parse(&block) {
        Ok(head) => head,
        Err(e) => return Err(Problem::Record(format!("response record {id}: {e}"))),
    };
    if !(200..300).contains(&head.status) {
        return Ok(skip(format!("HTTP status {}", head.status)));
    }
    let is_html = match head.content_type.as_deref() {
        Some(t) if http::is_html_type(t) => Some(true),
        Some(t) => return Ok(skip(format!("not HTML (Content-Type: {t})"))),
        None => None,
    };
    let url = headers.get("WARC-Target-URI").map(str::to_string);
    let body_len = length.saturating_sub(head.body_start as u64);
    let capped = (block.len() as u64) < length;
    let mut raw = block;
    raw.drain(..head.body_start.min(raw.len()));
    let (body, cut) = match http::body(&head, raw, c.limits.max_doc_bytes) {
        Ok(body) => body,
        Err(e) => return Ok(skip(e)),
    };
    let mut extra = serde_json::Map::new();
    extra.insert("warc_record_id".into(), id.clone().into());
    if let Some(date) = headers.get("WARC-Date") {
        extra.insert("warc_date".into(), date.into());
    }
    let name = limits::safe_name(
        index,
        limits::url_for_name(url.as_deref().unwrap_or(&id)),
        "html",
    );
    let doc = Doc {
        rel_path: c.rel.join(name),
        cut_from: (cut || capped).then_some(body_len),
        bytes: body,
        hints: Hints {
            content_type: head.content_type,
            fetch_date: headers.get("WARC-Date").map(str::to_string),
            url,
            is_html,
            extra,
            ..Hints::default()
        },
        id,
        key,
        order: c.order(offset),
        origin: origin.to_string(),
    };
    Ok(Item::Doc(doc))
}

fn read_headers(r: &mut Counting<&mut Stream>, line: &mut Vec<u8>) -> Result<Headers, Problem> {
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        match read_line_capped(r, MAX_HEADER_LINE, line) {
            Ok(None) => {
                return Err(Problem::Stream(
                    "truncated WARC record: the file ends inside its headers".into(),
                ));
            }
            Ok(Some(Err(len))) => {
                return Err(Problem::Record(format!("WARC header line of {len} bytes")));
            }
            Ok(Some(Ok(()))) if line.is_empty() => return Ok(Headers(headers)),
            Ok(Some(Ok(()))) => {}
            Err(e) if gz::can_go_on(&e) => return Err(Problem::Record(e.to_string())),
            Err(e) => return Err(Problem::Stream(e.to_string())),
        }
        if headers.len() >= MAX_HEADERS {
            return Err(Problem::Record(format!(
                "more than {MAX_HEADERS} WARC headers"
            )));
        }
        let text = String::from_utf8_lossy(line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        } else {
            return Err(Problem::Record(format!(
                "malformed WARC header line {:?}",
                text.chars().take(60).collect::<String>()
            )));
        }
    }
}
