//! `newsclean diff --stat`: per-rule counts over a corpus (edits, documents,
//! lines removed), counted from the edits as they stream past, after the list
//! of the documents that lost most of themselves (their `flags`).

use super::Reviewed;
use super::style::{self, FILE, RULE};
use crate::report::Summary;
use crate::rules::Kind;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts for a corpus; fed one document at a time.
#[derive(Debug, Default)]
pub struct Stat {
    /// Edits and documents per rule, counted as `clean --report` counts them.
    pub hits: Summary,
    /// Non-blank lines removed per rule (by drop_line, capture, truncate).
    pub lines_removed: BTreeMap<String, u64>,
    pub documents: u64,
    /// Documents whose clean text differs from the text the rules saw.
    pub changed: u64,
    /// The flagged documents (id, flags), in input order.
    pub flagged: Vec<(String, Vec<String>)>,
}

impl Stat {
    pub fn add(&mut self, doc: &Reviewed) {
        self.documents += 1;
        self.changed += u64::from(doc.changed());
        self.hits.count_edits(doc.edits());
        if !doc.cleaned.meta.flags.is_empty() {
            self.flagged
                .push((doc.id.clone(), doc.cleaned.meta.flags.clone()));
        }
        for e in doc.edits() {
            if matches!(e.kind, Kind::DropLine | Kind::Capture | Kind::Truncate) {
                let n = e.before.lines().filter(|l| !l.trim().is_empty()).count();
                *self.lines_removed.entry(e.rule.to_string()).or_default() += n as u64;
            }
        }
    }

    /// The flagged documents first, then a table, rules by edits (most
    /// first), and a closing total.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let heading =
            |out: &mut dyn Write, text: String| writeln!(out, "{}", style::paint(FILE, text));
        if !self.flagged.is_empty() {
            let n = self.flagged.len();
            heading(out, format!("{n} document(s) lost most of themselves:"))?;
            for (id, flags) in &self.flagged {
                writeln!(out, "  {id}  {}", style::paint(RULE, flags.join(", ")))?;
            }
            writeln!(out)?;
        }
        let rules = self.hits.top_rules(usize::MAX);
        let width = rules
            .iter()
            .map(|(id, _)| id.len())
            .max()
            .unwrap_or(4)
            .max(4);
        heading(
            out,
            format!(
                "{:width$}  {:>6}  {:>5}  {:>13}",
                "rule", "edits", "docs", "lines removed"
            ),
        )?;
        for (id, hits) in &rules {
            let lines = self.lines_removed.get(*id).copied().unwrap_or(0);
            writeln!(
                out,
                "{}  {:>6}  {:>5}  {:>13}",
                style::paint(RULE, format!("{id:width$}")),
                hits.hits,
                hits.documents,
                lines
            )?;
        }
        writeln!(out, "{}", self.total())
    }

    /// The closing line: documents, changed, edits, rules, lines removed.
    pub fn total(&self) -> String {
        let edits: u64 = self.hits.rules.values().map(|h| h.hits).sum();
        let removed: u64 = self.lines_removed.values().sum();
        format!(
            "{} documents, {} changed: {edits} edits by {} rules, {removed} lines removed",
            self.documents,
            self.changed,
            self.hits.rules.len()
        )
    }
}
