//! The Dolma document shape of JSONL output:
//! `{"id", "text", "source", "added", "created", "metadata": {...}}`.
//! `source` names where the document came from (`--source`: the input file,
//! the host of its URL, or a name the user gives), `added` when this run made
//! it, `created` the page's own date when known (else the date it was
//! fetched, as Dolma's "best guess"), all ISO 8601. An input line that was
//! already a Dolma document keeps its `source`, `added` and `created`.
//! The same shape, without `text`, is a text tree's `page.meta.json`.

use crate::clean::Cleaned;
use crate::extract::date;
use crate::source::Doc;
use serde::Serialize;
use serde_json::{Map, Value};
use std::str::FromStr;

/// What `source` says (`--source`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SourceName {
    /// The input the document was read from (`dump.warc.gz`, `a/b/page.html`).
    #[default]
    File,
    /// The host of the document's URL (the input when it has none).
    Host,
    /// A name for the whole run (`cc-news-2024`).
    Named(String),
}

impl FromStr for SourceName {
    type Err = String;
    fn from_str(s: &str) -> Result<SourceName, String> {
        Ok(match s {
            "file" => SourceName::File,
            "host" => SourceName::Host,
            "" => return Err("empty source name".into()),
            name => SourceName::Named(name.to_string()),
        })
    }
}

/// How this run shapes its documents.
#[derive(Debug, Clone)]
pub struct Shape {
    pub source: SourceName,
    /// When this run made its documents (ISO 8601, UTC, to the second).
    pub added: String,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            source: SourceName::File,
            added: run_time(),
        }
    }
}

/// The time of this run, or `SOURCE_DATE_EPOCH` (seconds) when set, for
/// reproducible output.
pub fn run_time() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// One output document.
#[derive(Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// The Markdown form of the text, when asked for (`--format jsonl --markdown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<&'a str>,
    pub source: Value,
    pub added: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Value>,
    pub metadata: Map<String, Value>,
}

impl Shape {
    /// The Dolma record of a cleaned document; `with_text` false for a sidecar.
    pub fn record<'a>(&self, doc: &'a Doc, cleaned: &'a Cleaned, with_text: bool) -> Record<'a> {
        let given = |key: &str| doc.hints.dolma.get(key).cloned();
        let source = given("source").unwrap_or_else(|| {
            match &self.source {
                SourceName::File => doc.hints.input.clone(),
                SourceName::Host => cleaned
                    .meta
                    .url
                    .as_deref()
                    .and_then(host)
                    .unwrap_or_else(|| doc.hints.input.clone()),
                SourceName::Named(name) => name.clone(),
            }
            .into()
        });
        let created = given("created").or_else(|| {
            cleaned
                .meta
                .date
                .clone()
                .or_else(|| doc.hints.fetch_date.as_deref().and_then(date::iso8601))
                .map(Value::from)
        });
        Record {
            id: &doc.id,
            text: with_text.then_some(cleaned.text.as_str()),
            markdown: cleaned.markdown.as_deref().filter(|_| with_text),
            source,
            added: given("added").unwrap_or_else(|| self.added.clone().into()),
            created,
            metadata: cleaned.meta.to_json(),
        }
    }

    /// Writes the compact JSON object of a document's record with its text
    /// (a JSONL line without its newline).
    pub fn write_record(
        &self,
        w: &mut impl std::io::Write,
        doc: &Doc,
        cleaned: &Cleaned,
    ) -> std::io::Result<()> {
        serde_json::to_writer(w, &self.record(doc, cleaned, true)).map_err(std::io::Error::other)
    }

    /// The bytes [`Shape::write_record`] writes.
    pub fn render(&self, doc: &Doc, cleaned: &Cleaned) -> Vec<u8> {
        // The text, escaped, and about as much again for the rest.
        let mut out = Vec::with_capacity(cleaned.text.len() + 1024);
        self.write_record(&mut out, doc, cleaned)
            .expect("a record serialises into memory");
        out
    }
}

/// The host of a URL, lowercased, without user, port or path.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host("https://User@News.Example.com:8080/a?b").as_deref(),
            Some("news.example.com")
        );
        assert_eq!(host("http://[::1]/x").as_deref(), Some("::1"));
        assert_eq!(host("https:///x"), None);
    }

    #[test]
    fn source_names() {
        assert_eq!("file".parse(), Ok(SourceName::File));
        assert_eq!("host".parse(), Ok(SourceName::Host));
        assert_eq!("cc-news".parse(), Ok(SourceName::Named("cc-news".into())));
    }

    #[test]
    fn the_run_time_is_iso_8601_utc() {
        let t = run_time();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
