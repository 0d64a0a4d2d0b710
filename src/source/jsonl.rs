//! JSONL dumps: one JSON object per line with an id and the page as HTML or
//! text. The keys are `id`, `html` and `text` unless `--id-key`,
//! `--html-key`, `--text-key` name others (a dotted path reaches into nested
//! objects: `warc.raw_html`). A Dolma document (`{"id", "text", "source",
//! "added", "created", "metadata": {...}}`) is read with its fields where
//! they belong: `source`, `added` and `created` stay top-level fields of the
//! output, `metadata` is merged into the output metadata. A string `url`
//! becomes the document's URL; every other field is carried through into the
//! output metadata. A line without an id gets a stable one, the hash of its
//! file and line number (`id_generated` in its metadata). A line that is not
//! such an object, or whose text key is missing or not a string, is reported
//! with its number, and the next line is read.

use super::gz::Counting;
use super::limits::{self, read_line_capped};
use super::{Container, Doc, DocError, Hints, IdKeys, Item, Stream};
use serde_json::{Map, Value};
use std::io::BufRead;

/// The keys of a JSONL line that hold the id and the page.
#[derive(Debug, Clone)]
pub struct JsonlKeys {
    pub id: String,
    pub html: String,
    pub text: String,
}

impl Default for JsonlKeys {
    fn default() -> Self {
        JsonlKeys {
            id: "id".into(),
            html: "html".into(),
            text: "text".into(),
        }
    }
}

/// Top-level fields of a Dolma document that stay top-level in the output.
pub const DOLMA_TOP: [&str; 3] = ["source", "added", "created"];

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

/// A stable id for a line without one: the hash of its file and line number.
pub fn generated_id(rel: &str, number: u64) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(format!("{rel}:{number}").as_bytes());
    format!("{h:016x}")
}

/// One line's object as a document, or (its id if known, why not).
fn parse(line: &[u8], c: &Container, number: u64) -> Result<Doc, (Option<String>, String)> {
    let keys = &c.keys;
    let mut object: Map<String, Value> =
        serde_json::from_slice(line).map_err(|e| (None, format!("invalid JSON: {e}")))?;
    let (id, generated) = match take(&mut object, &keys.id) {
        Some(Value::String(s)) => (s, false),
        Some(Value::Number(n)) => (n.to_string(), false),
        None | Some(Value::Null) => (generated_id(&c.rel.to_string_lossy(), number), true),
        Some(_) => return Err((None, format!("\"{}\" is not a string or number", keys.id))),
    };
    let html = take(&mut object, &keys.html);
    let text = take(&mut object, &keys.text);
    let (mut text, is_html) = match (html, text) {
        (Some(Value::String(html)), text) => {
            text.map(|t| object.insert(keys.text.clone(), t));
            (html, true)
        }
        (html, Some(Value::String(text))) => {
            html.map(|h| object.insert(keys.html.clone(), h));
            (text, false)
        }
        (html, text) => {
            let what = |key: &str, v: &Option<Value>| match v {
                None => format!("no \"{key}\""),
                Some(v) => format!("\"{key}\" is {}", kind(v)),
            };
            let message = format!(
                "no page: {}, {} (choose the keys with --html-key, --text-key)",
                what(&keys.html, &html),
                what(&keys.text, &text)
            );
            return Err((Some(id), message));
        }
    };
    let full = text.len() as u64;
    limits::cut_str(&mut text, c.limits.max_doc_bytes);
    let mut dolma = Map::new();
    for key in DOLMA_TOP {
        if let Some(v) = object.remove(key) {
            dolma.insert(key.into(), v);
        }
    }
    if let Some(Value::Object(inner)) = object.remove("metadata") {
        for (key, value) in inner {
            let key = if object.contains_key(&key) {
                format!("metadata_{key}")
            } else {
                key
            };
            object.insert(key, value);
        }
    }
    let url = match object.remove("url") {
        Some(Value::String(url)) => Some(url),
        Some(other) => {
            object.insert("url".into(), other);
            None
        }
        None => None,
    };
    if generated {
        object.insert("id_generated".into(), true.into());
    }
    let ext = if is_html { "html" } else { "txt" };
    Ok(Doc {
        rel_path: c.rel.join(limits::safe_name(number, &id, ext)),
        cut_from: (full > text.len() as u64).then_some(full),
        bytes: text.into_bytes(),
        hints: Hints {
            url,
            is_html: Some(is_html),
            extra: object,
            dolma,
            ..Hints::default()
        },
        id,
        key: String::new(),
        order: String::new(),
        origin: String::new(),
    })
}

/// Removes and returns the value at `path`: the key itself if the object has
/// it, else a dotted path into nested objects (a parent left empty goes too).
fn take(object: &mut Map<String, Value>, path: &str) -> Option<Value> {
    if let Some(v) = object.remove(path) {
        return Some(v);
    }
    let (head, rest) = path.split_once('.')?;
    let Some(Value::Object(inner)) = object.get_mut(head) else {
        return None;
    };
    let found = take(inner, rest);
    if found.is_some() && inner.is_empty() {
        object.remove(head);
    }
    found
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn container(keys: JsonlKeys) -> Container {
        Container {
            origin: "d.jsonl".into(),
            key: "d.jsonl".into(),
            order: "00000".into(),
            rel: PathBuf::from("d.jsonl"),
            limits: Default::default(),
            keys,
            stop: Default::default(),
        }
    }

    #[test]
    fn dotted_keys_reach_into_nested_objects() {
        let keys = JsonlKeys {
            id: "meta.key".into(),
            html: "page.raw_html".into(),
            text: "content".into(),
        };
        let line = br#"{"meta":{"key":"a1","lang":"en"},"page":{"raw_html":"<p>Hi</p>"}}"#;
        let doc = parse(line, &container(keys), 1).unwrap();
        assert_eq!(doc.id, "a1");
        assert_eq!(doc.bytes, b"<p>Hi</p>");
        assert_eq!(doc.hints.is_html, Some(true));
        assert_eq!(doc.hints.extra["meta"], serde_json::json!({"lang": "en"}));
        assert!(!doc.hints.extra.contains_key("page"));
    }

    #[test]
    fn a_missing_id_is_made_from_file_and_line() {
        let c = container(JsonlKeys::default());
        let a = parse(br#"{"text":"x"}"#, &c, 3).unwrap();
        let b = parse(br#"{"text":"x"}"#, &c, 4).unwrap();
        assert_eq!(a.id, generated_id("d.jsonl", 3));
        assert_ne!(a.id, b.id);
        assert_eq!(a.hints.extra["id_generated"], true);
    }

    #[test]
    fn a_missing_or_non_string_page_is_an_error_naming_the_keys() {
        let c = container(JsonlKeys::default());
        let (id, why) = parse(br#"{"id":"q","text":7}"#, &c, 1).unwrap_err();
        assert_eq!(id.as_deref(), Some("q"));
        assert!(
            why.contains("\"text\" is a number") && why.contains("no \"html\""),
            "{why}"
        );
    }

    #[test]
    fn dolma_fields_go_where_they_belong() {
        let line = br#"{"id":"d","text":"t","source":"cc","added":"2024-01-01","metadata":{"url":"https://a.example/","lang":"de"}}"#;
        let doc = parse(line, &container(JsonlKeys::default()), 1).unwrap();
        assert_eq!(doc.hints.url.as_deref(), Some("https://a.example/"));
        assert_eq!(doc.hints.dolma["source"], "cc");
        assert_eq!(doc.hints.dolma["added"], "2024-01-01");
        assert_eq!(doc.hints.extra["lang"], "de");
        assert!(!doc.hints.extra.contains_key("metadata"));
    }
}
