//! `newsclean diff --before A --after B`: what a rule edit changes across a
//! corpus. Each document is prepared once and cleaned with both rule sets; a
//! document whose clean text differs is put in the group of the rules whose
//! edits differ on it (the edits say which rules behaved differently, so the
//! grouping needs no guess). Documents stream past on the same machinery as
//! `clean`; only counts, a bounded list of ids and a few sample hunks per
//! group are kept.

use super::diff::{self, Hunk};
use super::style::{self, ADDED, FILE, REMOVED, RULE};
use crate::clean;
use crate::rules::{Edit, RuleSet};
use crate::source::Doc;
use serde::Serialize;
use similar::ChangeTag;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// One document whose clean output differs between the two rule sets.
#[derive(Debug, Clone, Serialize)]
pub struct DocChange {
    pub id: String,
    pub origin: String,
    /// The page's title and URL, when known (for the review page).
    #[serde(skip)]
    pub title: Option<String>,
    #[serde(skip)]
    pub url: Option<String>,
    /// Rules whose edits on this document differ, in id order.
    pub rules: Vec<String>,
    pub lines_removed: usize,
    pub lines_added: usize,
    #[serde(skip)]
    pub hunks: Vec<Hunk>,
    /// The edits that only one side made.
    pub only_before: Vec<Edit>,
    pub only_after: Vec<Edit>,
}

/// Cleans `doc` with both rule sets; `None` when the clean text is the same.
pub fn compare_doc(
    doc: &Doc,
    before: &RuleSet,
    after: &RuleSet,
    context: usize,
) -> Option<DocChange> {
    let prepared = clean::prepare(doc);
    let a = prepared.clean_with(before);
    let b = prepared.clean_with(after);
    if a.text == b.text {
        return None;
    }
    let only_before = missing_from(&a.edits, &b.edits);
    let only_after = missing_from(&b.edits, &a.edits);
    let rules: BTreeSet<String> = only_before
        .iter()
        .chain(&only_after)
        .map(|e| e.rule.to_string())
        .collect();
    let mut rules: Vec<String> = rules.into_iter().collect();
    if rules.is_empty() {
        // Same edits, different text: the rules ran in another order.
        rules.push("(rule order)".into());
    }
    let hunks = diff::hunks(&a.text, &b.text, context, &|_| rules.clone());
    let count = |tag| {
        hunks
            .iter()
            .flat_map(|h| &h.lines)
            .filter(|l| l.tag == tag)
            .count()
    };
    Some(DocChange {
        id: doc.id.clone(),
        origin: doc.origin.clone(),
        title: b.meta.title.clone(),
        url: b.meta.url.clone(),
        lines_removed: count(ChangeTag::Delete),
        lines_added: count(ChangeTag::Insert),
        rules,
        hunks,
        only_before,
        only_after,
    })
}

/// The edits of `a` that `b` does not have (as a multiset).
fn missing_from(a: &[Edit], b: &[Edit]) -> Vec<Edit> {
    let mut left: Vec<&Edit> = b.iter().collect();
    a.iter()
        .filter(|e| match left.iter().position(|o| o == e) {
            Some(i) => {
                left.swap_remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// Which rule definitions differ between the two sets, by id.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RuleChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl RuleChanges {
    /// Whether the definition of rule `id` differs between the two sets.
    pub fn touches(&self, id: &str) -> bool {
        [&self.added, &self.removed, &self.changed]
            .iter()
            .any(|ids| ids.iter().any(|i| i == id))
    }

    /// Splits a group's rules into those whose definition changed and those
    /// that only act differently because of them (a truncate that no longer
    /// fires leaves lines for later rules). When no rule of the group changed
    /// (the order did), all count as changed.
    pub fn split<'g>(&self, rules: &'g [String]) -> (Vec<&'g str>, Vec<&'g str>) {
        let (direct, knock_on): (Vec<&str>, Vec<&str>) = rules
            .iter()
            .map(String::as_str)
            .partition(|r| self.touches(r));
        if direct.is_empty() {
            (knock_on, Vec::new())
        } else {
            (direct, knock_on)
        }
    }

    pub fn between(before: &RuleSet, after: &RuleSet) -> RuleChanges {
        let sigs = |set: &RuleSet| -> BTreeMap<String, String> {
            set.rules()
                .iter()
                .map(|r| (r.id.to_string(), r.signature()))
                .collect()
        };
        let (a, b) = (sigs(before), sigs(after));
        RuleChanges {
            added: b.keys().filter(|k| !a.contains_key(*k)).cloned().collect(),
            removed: a.keys().filter(|k| !b.contains_key(*k)).cloned().collect(),
            changed: a
                .iter()
                .filter(|(k, s)| b.get(*k).is_some_and(|t| t != *s))
                .map(|(k, _)| k.clone())
                .collect(),
        }
    }
}

/// Documents that changed for the same rules.
#[derive(Debug, Default)]
pub struct Group {
    pub count: u64,
    pub ids: Vec<String>,
    pub samples: Vec<(String, Vec<Hunk>)>,
    pub removed: u64,
    pub added: u64,
}

/// Limits on what a report keeps per group.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Document ids listed per group.
    pub ids: usize,
    /// Documents whose hunks are shown per group.
    pub samples: usize,
    /// Hunks shown per sample document.
    pub hunks: usize,
}

/// The comparison of a corpus, fed one document at a time.
#[derive(Debug)]
pub struct Report {
    pub rules: RuleChanges,
    pub limits: Limits,
    pub documents: u64,
    pub failed: u64,
    groups: BTreeMap<Vec<String>, Group>,
}

impl Report {
    pub fn new(rules: RuleChanges, limits: Limits) -> Report {
        Report {
            rules,
            limits,
            documents: 0,
            failed: 0,
            groups: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, change: Option<DocChange>) {
        self.documents += 1;
        let Some(c) = change else { return };
        let g = self.groups.entry(c.rules).or_default();
        g.count += 1;
        g.removed += c.lines_removed as u64;
        g.added += c.lines_added as u64;
        if g.ids.len() < self.limits.ids {
            g.ids.push(c.id.clone());
        }
        if g.samples.len() < self.limits.samples {
            let mut hunks = c.hunks;
            hunks.truncate(self.limits.hunks);
            g.samples.push((c.id, hunks));
        }
    }

    /// Documents whose output changes.
    pub fn changed(&self) -> u64 {
        self.groups.values().map(|g| g.count).sum()
    }

    /// The groups, most documents first.
    pub fn sorted_groups(&self) -> Vec<(&Vec<String>, &Group)> {
        let mut groups: Vec<_> = self.groups.iter().collect();
        groups.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        groups
    }

    /// The full report: rule changes, groups with ids and sample hunks, summary.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        for (what, ids) in [
            ("changed", &self.rules.changed),
            ("added", &self.rules.added),
            ("removed", &self.rules.removed),
        ] {
            if !ids.is_empty() {
                writeln!(out, "rules {what}: {}", style::paint(RULE, ids.join(", ")))?;
            }
        }
        for (rules, g) in self.sorted_groups() {
            let (direct, knock_on) = self.rules.split(rules);
            let mut name = style::paint(RULE, direct.join(" + "));
            if !knock_on.is_empty() {
                name.push_str(&format!(" (and, as a result, {})", knock_on.join(", ")));
            }
            writeln!(
                out,
                "\n{name}: {} document{} ({}, {})",
                g.count,
                if g.count == 1 { " changes" } else { "s change" },
                style::paint(REMOVED, format!("-{}", g.removed)),
                style::paint(ADDED, format!("+{}", g.added)),
            )?;
            for id in &g.ids {
                writeln!(out, "  {id}")?;
            }
            if g.count > g.ids.len() as u64 {
                writeln!(out, "  ... and {} more", g.count - g.ids.len() as u64)?;
            }
            for (id, hunks) in &g.samples {
                writeln!(out, "  {}", style::paint(FILE, format!("sample: {id}")))?;
                for h in hunks {
                    diff::write_hunk(out, h, "    ")?;
                }
            }
        }
        writeln!(out, "\n{}", self.summary())
    }

    /// One line for a pull request: how many documents change, and by which rules.
    pub fn summary(&self) -> String {
        let (removed, added) = self
            .groups
            .values()
            .fold((0, 0), |(r, a), g| (r + g.removed, a + g.added));
        let mut by_rule: BTreeMap<&str, u64> = BTreeMap::new();
        for (rules, g) in &self.groups {
            for r in self.rules.split(rules).0 {
                *by_rule.entry(r).or_default() += g.count;
            }
        }
        let rules = if by_rule.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
            format!(" ({})", parts.join(", "))
        };
        let failed = if self.failed > 0 {
            format!("; {} failed", self.failed)
        } else {
            String::new()
        };
        format!(
            "rule change: {} of {} documents change{rules}, -{removed} +{added} lines{failed}",
            self.changed(),
            self.documents
        )
    }
}
