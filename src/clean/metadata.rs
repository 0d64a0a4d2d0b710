//! A document's metadata ([`Metadata`]): what the container, the page and the
//! capture rules said about it, merged (the first value of a field wins, tags
//! accumulate), its date written as ISO 8601, and its JSON form.

use crate::extract;
use serde::Serialize;
use serde_json::{Map, Value};

/// What is known about a document: from the container, the page and the rules.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The page's date as it stated it, when `date` is its ISO 8601 form
    /// written otherwise, or when it could not be read as a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_raw: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// What kind of page an HTML page is: `article`, `listing`, `collection`,
    /// `forum`, `product`, `documentation` or `service`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// The language of the text (ISO 639-1), and how sure its identification is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang_confidence: Option<f64>,
    /// What went wrong with the document although it was cleaned
    /// (`rules_removed_most`, `extraction_kept_little`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// Where the document came from (path, WARC record, JSONL line).
    pub source: String,
    pub encoding: String,
    /// Other values: from capture rules and from the container.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Metadata {
    /// The metadata as one JSON object with each key once: a named field wins
    /// over an extra value of the same name, which is kept as `extra_<key>`
    /// (a JSONL input's `source`, a capture rule's `url`), never dropped.
    pub fn to_json(&self) -> Map<String, Value> {
        let named = Metadata {
            extra: Map::new(),
            ..self.clone()
        };
        let Ok(Value::Object(mut map)) = serde_json::to_value(&named) else {
            unreachable!("metadata serialises to an object")
        };
        for (key, value) in &self.extra {
            let key = if map.contains_key(key) {
                format!("extra_{key}")
            } else {
                key.clone()
            };
            map.entry(key).or_insert_with(|| value.clone());
        }
        map
    }

    /// Writes `date` as ISO 8601 and keeps the value as found in `date_raw`
    /// when it differs; a value that is not clearly one date moves to
    /// `date_raw` alone, so `date` is always ISO 8601 or absent.
    pub(super) fn normalise_date(&mut self) {
        let Some(raw) = self.date.take() else {
            return;
        };
        self.date = extract::date::iso8601(&raw);
        if self.date.as_deref() != Some(raw.as_str()) && self.date_raw.is_none() {
            self.date_raw = Some(raw);
        }
    }

    /// Takes a value lifted by a capture rule. The first value of a field wins;
    /// tags accumulate.
    pub(super) fn absorb(&mut self, field: String, value: Value) {
        let text = |v: &Value| {
            v.as_str()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        match field.as_str() {
            "tags" => {
                let values = match &value {
                    Value::Array(items) => items.iter().filter_map(text).collect(),
                    other => text(other).into_iter().collect::<Vec<_>>(),
                };
                for v in values {
                    if !self.tags.contains(&v) {
                        self.tags.push(v);
                    }
                }
            }
            "date" if self.date.is_none() => self.date = text(&value),
            "title" if self.title.is_none() => self.title = text(&value),
            "author" if self.author.is_none() => self.author = text(&value),
            "date" | "title" | "author" => {}
            _ => {
                self.extra.entry(field).or_insert(value);
            }
        }
    }
}
