//! JSONL dumps: one JSON object per line with an `id` and the page as `html`
//! or `text`. A string `url` becomes the document's URL; every other field is
//! carried through into the output metadata. A line that is not such an
//! object is reported with its number, and the next line is read.

use super::gz::Counting;
use super::limits::{self, read_line_capped};
use super::{Container, Doc, DocError, Hints, IdKeys, Item, Stream};
use serde_json::{Map, Value};
use std::io::BufRead;

pub(super) fn read(stream: &mut Stream, c: &Container, emit: &mut dyn FnMut(Item)) {
    let cap = c.limits.max_line_bytes();
    let mut line = Vec::new();
    let mut number = 0u64;
    if matches!(stream.fill_buf(), Ok([])) {
        return emit(c.empty_file());
    }
    let mut stream = Counting::new(stream);
    let mut ids = IdKeys::default();
    while !c.stopped() {
        number += 1;
        let offset = stream.consumed();
        let origin = format!("{}:{number}", c.origin);
        let fail = |id: String, message: String| {
            Item::Failed(DocError {
                id,
                key: c.offset_key(offset),
                origin: origin.clone(),
                message,
            })
        };
        let line_id = || format!("{}:{number}", c.rel.display());
        match read_line_capped(&mut stream, cap, &mut line) {
            Ok(None) => return,
            Ok(Some(Err(len))) => emit(fail(
                line_id(),
                format!(
                    "line of {len} bytes is longer than the {cap}-byte limit (twice --max-doc-bytes, plus 1 MiB)"
                ),
            )),
            Ok(Some(Ok(()))) if line.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Some(Ok(()))) => match parse(&line, c, number) {
                Ok(mut doc) => {
                    doc.origin = origin.clone();
                    doc.key = ids.key(c, &doc.id);
                    doc.order = c.order(offset);
                    emit(Item::Doc(doc));
                }
                Err((id, message)) => emit(fail(id.unwrap_or_else(line_id), message)),
            },
            // A broken gzip member: the lines in it are lost, not the file.
            Err(e) if super::gz::can_go_on(&e) => emit(fail(line_id(), e.to_string())),
            Err(e) => return emit(fail(line_id(), e.to_string())),
        }
    }
}

/// One line's object as a document, or (its id if known, why not).
fn parse(line: &[u8], c: &Container, number: u64) -> Result<Doc, (Option<String>, String)> {
    let mut object: Map<String, Value> =
        serde_json::from_slice(line).map_err(|e| (None, format!("invalid JSON: {e}")))?;
    let id = match object.remove("id") {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err((None, "no \"id\" string or number".into())),
    };
    let (mut text, is_html) = match (object.remove("html"), object.remove("text")) {
        (Some(Value::String(html)), text) => {
            if let Some(text) = text {
                object.insert("text".into(), text);
            }
            (html, true)
        }
        (html, Some(Value::String(text))) => {
            if let Some(html) = html {
                object.insert("html".into(), html);
            }
            (text, false)
        }
        _ => return Err((Some(id), "no \"html\" or \"text\" string".into())),
    };
    let full = text.len() as u64;
    limits::cut_str(&mut text, c.limits.max_doc_bytes);
    let url = match object.remove("url") {
        Some(Value::String(url)) => Some(url),
        Some(other) => {
            object.insert("url".into(), other);
            None
        }
        None => None,
    };
    let ext = if is_html { "html" } else { "txt" };
    Ok(Doc {
        rel_path: c.rel.join(limits::safe_name(number, &id, ext)),
        cut_from: (full > text.len() as u64).then_some(full),
        bytes: text.into_bytes(),
        hints: Hints {
            url,
            is_html: Some(is_html),
            extra: object,
            ..Hints::default()
        },
        id,
        key: String::new(),
        order: String::new(),
        origin: String::new(),
    })
}
