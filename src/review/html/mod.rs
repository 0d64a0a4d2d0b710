//! The review page (`--html FILE` of `diff`, `diff --before/--after` and
//! `explain`): one self-contained HTML file, no network and no external
//! assets, that a browser or a CI job can show.
//!
//! The page holds a summary built here (per rule, per harm flag, per group of
//! a rule change) as plain HTML, and the documents as data: a small index of
//! every document (name, URL, rules, flags) and their marked text
//! ([`marked`](super::marked)) in chunks of [`CHUNK`] documents, each in a
//! script element of its own that the page's script parses only when one of
//! its documents is shown. The script filters the index (by rule, changed or
//! not, flag, group), shows one page of documents at a time, and keeps the
//! filter in the address (`#rule=ID&show=changed&page=2`), so a link shows
//! the same view. Documents stream in: their text goes to a temporary file as
//! it comes, and only the index stays in memory until the page is written.

mod summary;

use super::Reviewed;
use super::compare::{DocChange, RuleChanges};
use super::marked::{self, Line, Mark};
use super::stat::Stat;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::Path;

/// Documents per data chunk: what the page parses at once.
pub const CHUNK: usize = 100;
/// Documents shown per screen page.
pub const PAGE: usize = 50;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// What the page reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `diff`: raw against clean for every document.
    Diff,
    /// `explain`: one document.
    Explain,
    /// `diff --before/--after`: the documents a rule change changes.
    Compare,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Diff => "diff",
            Mode::Explain => "explain",
            Mode::Compare => "compare",
        }
    }
}

/// Per-document harm flags (from the document's metadata `flags`) and what
/// extraction dropped, counted for the summary.
#[derive(Debug, Default)]
struct Tally {
    /// Documents per flag.
    flags: BTreeMap<String, u64>,
    /// Flagged documents per rule that edited them.
    flagged_by_rule: BTreeMap<String, u64>,
    dropped_docs: u64,
    dropped_blocks: u64,
}

/// A group of documents that changed for the same rules (`Compare`).
#[derive(Debug, Default)]
struct Group {
    rules: Vec<String>,
    documents: u64,
    removed: u64,
    added: u64,
}

/// The review page, fed one document at a time; [`HtmlPage::finish`] writes it.
pub struct HtmlPage {
    mode: Mode,
    title: String,
    /// Labels (rule ids, or several joined) by first appearance; a mark
    /// refers to its label by index, which also picks its colour.
    labels: Vec<String>,
    label_index: HashMap<String, usize>,
    index: Vec<Value>,
    chunk: Vec<Value>,
    chunks: BufWriter<File>,
    stat: Stat,
    tally: Tally,
    groups: Vec<Group>,
    group_index: HashMap<Vec<String>, usize>,
    rule_changes: Option<RuleChanges>,
    /// The first error writing the documents' data; [`HtmlPage::finish`] returns it.
    error: Option<io::Error>,
}

impl HtmlPage {
    pub fn new(mode: Mode, title: &str) -> io::Result<HtmlPage> {
        Ok(HtmlPage {
            mode,
            title: title.to_string(),
            labels: Vec::new(),
            label_index: HashMap::new(),
            index: Vec::new(),
            chunk: Vec::new(),
            chunks: BufWriter::new(tempfile::tempfile()?),
            stat: Stat::default(),
            tally: Tally::default(),
            groups: Vec::new(),
            group_index: HashMap::new(),
            rule_changes: None,
            error: None,
        })
    }

    /// For `Compare`: which rule definitions differ, shown above the groups.
    pub fn set_rule_changes(&mut self, changes: RuleChanges) {
        self.rule_changes = Some(changes);
    }

    fn label(&mut self, label: &str) -> usize {
        if let Some(i) = self.label_index.get(label) {
            return *i;
        }
        self.labels.push(label.to_string());
        self.label_index
            .insert(label.to_string(), self.labels.len() - 1);
        self.labels.len() - 1
    }

    /// Adds one document as `diff` or `explain` sees it.
    pub fn add_doc(&mut self, doc: &Reviewed) {
        self.stat.add(doc);
        let mut rules: Vec<&str> = Vec::new();
        for e in doc.edits() {
            if !rules.contains(&&*e.rule) {
                rules.push(&e.rule);
            }
        }
        let flags = flags_of(doc.cleaned.meta.extra.get("flags"));
        for f in &flags {
            *self.tally.flags.entry(f.clone()).or_default() += 1;
        }
        if !flags.is_empty() {
            for r in &rules {
                *self.tally.flagged_by_rule.entry(r.to_string()).or_default() += 1;
            }
        }
        self.tally.dropped_docs += u64::from(!doc.dropped.is_empty());
        self.tally.dropped_blocks += doc
            .dropped
            .iter()
            .map(|d| d.text.lines().count() as u64)
            .sum::<u64>();
        let meta = &doc.cleaned.meta;
        // Extraction's decisions are chips and filters like the rules.
        for d in &doc.dropped {
            if !rules.contains(&d.rule) {
                rules.push(d.rule);
            }
        }
        let rule_ids: Vec<usize> = rules.iter().map(|r| self.label(r)).collect();
        let entry = json!({
            "id": doc.id,
            "title": meta.title,
            "url": meta.url,
            "c": doc.changed(),
            "e": doc.edits().len(),
            "r": rule_ids,
            "f": flags,
            "x": doc.dropped.len(),
        });
        let lines = marked::document(doc);
        self.push(entry, &lines)
    }

    /// Adds one document whose output a rule change changes (`Compare`).
    pub fn add_change(&mut self, change: &DocChange) {
        let g = match self.group_index.get(&change.rules) {
            Some(g) => *g,
            None => {
                self.groups.push(Group {
                    rules: change.rules.clone(),
                    ..Group::default()
                });
                self.group_index
                    .insert(change.rules.clone(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[g];
        group.documents += 1;
        group.removed += change.lines_removed as u64;
        group.added += change.lines_added as u64;
        let rule_ids: Vec<usize> = change.rules.iter().map(|r| self.label(r)).collect();
        let entry = json!({
            "id": change.id,
            "title": change.title,
            "url": change.url,
            "c": true,
            "e": change.only_before.len() + change.only_after.len(),
            "r": rule_ids,
            "f": [],
            "g": g,
            "x": 0,
        });
        let lines = marked::hunks(
            &change.hunks,
            &change.only_before,
            &change.only_after,
            &change.rules.join(" + "),
        );
        self.push(entry, &lines)
    }

    fn push(&mut self, entry: Value, lines: &[Line]) {
        let body: Vec<Value> = lines.iter().map(|l| self.line_json(l)).collect();
        self.index.push(entry);
        self.chunk.push(Value::Array(body));
        if self.chunk.len() == CHUNK
            && let Err(e) = self.flush_chunk()
        {
            self.error.get_or_insert(e);
        }
    }

    /// A line as data: a string when it is all kept text, else its pieces as
    /// `[mark, text, label]` (`k` kept, `d` removed, `a` added, `x` dropped
    /// by extraction, `g` a gap between hunks).
    fn line_json(&mut self, line: &Line) -> Value {
        if let [seg] = line.as_slice()
            && seg.mark == Mark::Kept
        {
            return Value::String(seg.text.clone());
        }
        let segs = line.iter().map(|s| {
            let mark = match s.mark {
                Mark::Kept => "k",
                Mark::Removed => "d",
                Mark::Added => "a",
                Mark::Dropped => "x",
                Mark::Gap => "g",
            };
            match &s.rule {
                Some(r) => json!([mark, s.text, self.label(r)]),
                None => json!([mark, s.text]),
            }
        });
        Value::Array(segs.collect())
    }

    fn flush_chunk(&mut self) -> io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let data = Value::Array(std::mem::take(&mut self.chunk));
        writeln!(
            self.chunks,
            "<script type=\"application/json\" class=\"nc-chunk\">{}</script>",
            script_json(&data)
        )
    }

    /// Writes the page to `path` (atomically: a reader never sees half of
    /// it). `summary` is the closing line the terminal view prints.
    pub fn finish(mut self, path: &Path, summary: &str) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.flush_chunk()?;
        let mut chunks = self.chunks.into_inner().map_err(|e| e.into_error())?;
        chunks.rewind()?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut out = crate::sink::temp_file_in(dir)?;
        {
            let mut w = BufWriter::new(out.as_file_mut());
            let head = summary::Head {
                mode: self.mode,
                title: &self.title,
                summary,
                stat: &self.stat,
                tally: &self.tally,
                groups: &self.groups,
                rule_changes: self.rule_changes.as_ref(),
                documents: self.index.len(),
            };
            write!(
                w,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>{}</title>\n<style>{CSS}</style></head>\n<body class=\"mode-{}\">\n",
                esc(&self.title),
                self.mode.name()
            )?;
            head.write(&mut w)?;
            let index = json!({
                "mode": self.mode.name(),
                "chunk": CHUNK,
                "page": PAGE,
                "labels": self.labels,
                "docs": self.index,
            });
            writeln!(
                w,
                "<script type=\"application/json\" id=\"nc-index\">{}</script>",
                script_json(&index)
            )?;
            io::copy(&mut chunks, &mut w)?;
            writeln!(w, "<script>{SCRIPT}</script>\n</body></html>")?;
            w.flush()?;
        }
        out.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The harm flags in a document's metadata: a list of names, or one name.
fn flags_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// JSON that can stand inside a `<script>` element: no `<` that could end it.
fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// Text escaped for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_close_its_element() {
        let v = json!({"t": "</script><script>alert(1)</script>"});
        let s = script_json(&v);
        assert!(!s.contains("</"), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn flags_are_a_list_or_one_name() {
        assert_eq!(
            flags_of(Some(&json!(["rules_removed_most", 3]))),
            ["rules_removed_most"]
        );
        assert_eq!(flags_of(Some(&json!("short"))), ["short"]);
        assert!(flags_of(None).is_empty());
    }
}
