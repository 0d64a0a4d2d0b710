//! Boilerplate lines (issue 18, item 1): lines whose [`Shape`] recurs in many
//! documents of one site at a stable place (the first [`HEAD`] or the last
//! [`TAIL`] lines), or short labels that recur anywhere. Each document is
//! observed on a worker ([`observe`]); the counts live in a bounded map per
//! site ([`LineTally`]), pruned by lossy counting when the budget of entries
//! is spent, so memory does not grow with the crawl. A line that stands in
//! the middle of a document as prose is never proposed.

use super::propose::{Proposal, Side, markers, side};
use super::shape::Shape;
use super::{Candidate, Settings};
use std::collections::{HashMap, HashSet};

/// Lines counted from the start that make a document's head.
pub const HEAD: usize = 6;
/// Lines counted from the end that make its tail.
pub const TAIL: usize = 10;
/// Longer lines are article, or at least not one line of boilerplate.
const MAX_LINE_CHARS: usize = 300;
/// Distinct forms of a line kept as evidence.
pub(super) const VARIANTS: usize = 4;
/// Lines of context kept above and below a line for its example.
const ABOVE: usize = 2;
const BELOW: usize = 4;
/// Documents remembered to pass over exact copies.
const MAX_SEEN_DOCS: usize = 1 << 20;

/// One distinct line of a document, where it stands.
#[derive(Debug, Clone)]
pub struct Seen {
    shape: Shape,
    raw: String,
    index: usize,
    head: bool,
    tail: bool,
    middle: bool,
    prose: bool,
}

/// What a worker gives the tally for one document.
#[derive(Debug, Clone, Default)]
pub struct DocLines {
    lines: Vec<String>,
    seen: Vec<Seen>,
    hash: u64,
}

/// A line of running prose: a sentence of some length.
pub fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() >= 8
        && line.ends_with(['.', '!', '?', '"', '\u{201d}', ':', ';'])
}

/// The non-blank lines of `text`, each with its shape and place.
pub fn observe(text: &str) -> DocLines {
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let n = lines.len();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut seen: Vec<Seen> = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if line.chars().count() > MAX_LINE_CHARS {
            continue;
        }
        let head = k < HEAD;
        let tail = n - 1 - k < TAIL;
        let shape = Shape::of(line);
        match by_key.get(&shape.key) {
            // A line printed twice in one document counts once, in the middle
            // if either copy stands there.
            Some(&i) => seen[i].middle |= !(head || tail),
            None => {
                by_key.insert(shape.key.clone(), seen.len());
                seen.push(Seen {
                    shape,
                    raw: line.clone(),
                    index: k,
                    head,
                    tail,
                    middle: !(head || tail),
                    prose: is_prose(line),
                });
            }
        }
    }
    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    DocLines { lines, seen, hash }
}

/// A line in its page, for a rule's example.
#[derive(Debug, Clone)]
pub(super) struct Context {
    pub(super) above: Vec<String>,
    pub(super) line: String,
    pub(super) below: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct LineStat {
    pub(super) docs: u64,
    pub(super) head: u64,
    pub(super) tail: u64,
    pub(super) middle: u64,
    pub(super) prose: bool,
    pub(super) max_head: usize,
    pub(super) max_tail: usize,
    pub(super) tail_sum: u64,
    pub(super) variants: Vec<String>,
    pub(super) context: Option<Context>,
    pub(super) shape: Option<Shape>,
    /// Sites the line was seen on (the cross-site table only).
    pub(super) sites: u64,
}

#[derive(Debug, Default)]
struct Table {
    docs: u64,
    lines: HashMap<String, LineStat>,
}

impl Table {
    /// Counts `seen` (line `k` of `doc`); true when the key is new here.
    fn add(&mut self, doc: &DocLines, s: &Seen) -> bool {
        let n = doc.lines.len();
        let fresh = !self.lines.contains_key(&s.shape.key);
        let stat = self.lines.entry(s.shape.key.clone()).or_default();
        stat.docs += 1;
        stat.prose |= s.prose;
        if s.middle {
            stat.middle += 1;
        }
        if s.head {
            stat.head += 1;
            stat.max_head = stat.max_head.max(s.index);
        }
        if s.tail {
            let from_end = n - 1 - s.index;
            stat.tail += 1;
            stat.max_tail = stat.max_tail.max(from_end);
            stat.tail_sum += from_end as u64;
        }
        if stat.variants.len() < VARIANTS && !stat.variants.contains(&s.raw) {
            stat.variants.push(s.raw.clone());
        }
        // Context is kept from the second document on: most lines never recur.
        if stat.docs == 2 {
            let k = s.index;
            stat.context = Some(Context {
                above: doc.lines[k.saturating_sub(ABOVE)..k].to_vec(),
                line: doc.lines[k].clone(),
                below: doc.lines[k + 1..n.min(k + 1 + BELOW)].to_vec(),
            });
            stat.shape = Some(s.shape.clone());
        }
        fresh
    }
}

/// Recurring lines per site, in bounded memory.
#[derive(Debug)]
pub struct LineTally {
    sites: HashMap<String, Table>,
    /// Every site together: lines that recur across sites.
    all: Table,
    seen_docs: HashSet<u64>,
    /// Entries kept before pruning, and the count at or below which an entry
    /// is pruned next (lossy counting).
    budget: usize,
    entries: usize,
    floor: u64,
    /// Documents passed over as exact copies of earlier ones.
    pub copies: u64,
}

impl LineTally {
    pub fn new(budget: usize) -> LineTally {
        LineTally {
            sites: HashMap::new(),
            all: Table::default(),
            seen_docs: HashSet::new(),
            budget: budget.max(1000),
            entries: 0,
            floor: 1,
            copies: 0,
        }
    }

    pub fn add(&mut self, site: &str, doc: &DocLines) {
        if doc.lines.is_empty() {
            return;
        }
        if self.seen_docs.contains(&doc.hash) {
            self.copies += 1;
            return;
        }
        if self.seen_docs.len() < MAX_SEEN_DOCS {
            self.seen_docs.insert(doc.hash);
        }
        let table = self.sites.entry(site.to_string()).or_default();
        table.docs += 1;
        self.all.docs += 1;
        for s in &doc.seen {
            let new_here = table.add(doc, s);
            let new_anywhere = self.all.add(doc, s);
            self.entries += usize::from(new_here) + usize::from(new_anywhere);
            if new_here {
                if let Some(stat) = self.all.lines.get_mut(&s.shape.key) {
                    stat.sites += 1;
                }
            }
        }
        if self.entries > self.budget {
            self.prune();
        }
    }

    /// Drops the entries seen in at most `floor` documents until half the
    /// budget is free.
    fn prune(&mut self) {
        while self.entries > self.budget / 2 {
            let floor = self.floor;
            let mut entries = 0;
            for table in self.sites.values_mut().chain([&mut self.all]) {
                table.lines.retain(|_, s| s.docs > floor);
                entries += table.lines.len();
            }
            self.entries = entries;
            self.floor += 1;
        }
    }

    /// Documents counted (copies left out).
    pub fn documents(&self) -> u64 {
        self.all.docs
    }

    /// Sites seen.
    pub fn sites(&self) -> usize {
        self.sites.len()
    }

    /// The candidate rules, most documents covered first.
    pub fn candidates(&self, settings: &Settings) -> Vec<Candidate> {
        let mut by_key: HashMap<&str, Proposal> = HashMap::new();
        let mut sites: Vec<(&String, &Table)> = self.sites.iter().collect();
        sites.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then(a.0.cmp(b.0)));
        for (site, table) in sites {
            if table.docs < settings.min_docs {
                continue;
            }
            let mut found: Vec<(&str, Side, &LineStat)> = Vec::new();
            for (key, stat) in &table.lines {
                let share = stat.docs as f64 / table.docs as f64;
                if stat.docs < settings.min_docs || share < settings.min_share {
                    continue;
                }
                if let Some(side) = side(stat) {
                    found.push((key, side, stat));
                }
            }
            for (key, side, stat, covers) in markers(found) {
                let p = by_key
                    .entry(key)
                    .or_insert_with(|| Proposal::new(key, side, stat));
                p.merge(site, table.docs, side, stat, covers);
            }
        }
        // Lines that recur at the head or tail across sites, however few
        // documents each site has. (Not labels: the short lines many sites
        // share anywhere are headings, "Conclusion", "Pros", "FAQ".)
        for (key, stat) in &self.all.lines {
            if by_key.contains_key(key.as_str())
                || stat.sites < settings.min_sites
                || stat.docs < settings.min_docs
            {
                continue;
            }
            if let Some(side) = side(stat).filter(|s| *s != Side::Anywhere) {
                let p = by_key
                    .entry(key)
                    .or_insert_with(|| Proposal::new(key, side, stat));
                let name = format!("{} sites", stat.sites);
                p.merge(&name, stat.docs, side, stat, Vec::new());
            }
        }
        let mut list: Vec<Candidate> = by_key.into_values().filter_map(Proposal::finish).collect();
        list.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.id.cmp(&b.id)));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Kind;
    use crate::suggest::Action;

    fn settings() -> Settings {
        Settings {
            min_docs: 3,
            min_share: 0.2,
            min_sites: 3,
            ..Settings::default()
        }
    }

    /// A page whose article lines differ from page to page in words.
    fn page(i: usize, middle: &str) -> String {
        let w = |k: usize| -> String {
            let n = i * 20 + k;
            [n % 26, n / 26 % 26, n / 676 % 26]
                .iter()
                .map(|&d| char::from(b'a' + d as u8))
                .collect()
        };
        let mut lines = vec![
            format!("Title {}", w(0)),
            format!("Posted 2024-01-{:02} 10:{:02}", i % 28 + 1, i % 60),
        ];
        lines.extend((1..7).map(|k| format!("Paragraph {} of the story.", w(k))));
        lines.push(middle.to_string());
        lines.extend((7..14).map(|k| format!("Paragraph {} of the story.", w(k))));
        lines.push("Related posts".into());
        lines.push(format!("Other story {}", w(15)));
        lines.push("More stories".into());
        lines.join("\n\n") + "\n"
    }

    #[test]
    fn recurring_head_and_tail_lines_become_rules_and_middle_prose_never_does() {
        let mut tally = LineTally::new(10_000);
        let prose = "The minister said the talks would continue next week in the capital.";
        for i in 0..10 {
            tally.add("a.example", &observe(&page(i, prose)));
        }
        let found = tally.candidates(&settings());
        let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
        assert!(ids.contains(&"suggested.head.posted"), "{ids:?}");
        assert!(ids.contains(&"suggested.tail.related-posts"), "{ids:?}");
        // "More stories" is covered by the truncate at "Related posts".
        assert!(!ids.contains(&"suggested.tail.more-stories"), "{ids:?}");
        assert!(!found.iter().any(|c| c.description.contains("minister")));
        let posted = found
            .iter()
            .find(|c| c.id == "suggested.head.posted")
            .unwrap();
        let Action::Line {
            pattern,
            kind,
            within,
            ..
        } = &posted.action
        else {
            panic!("a line rule")
        };
        assert_eq!(*kind, Kind::DropLine);
        assert_eq!(pattern, r"^Posted \d+\-\d+\-\d+ \d+:\d+$");
        assert_eq!(within.as_deref(), Some("head:3"));
        assert_eq!(posted.docs, 10);
    }

    #[test]
    fn exact_copies_count_once_and_the_map_stays_bounded() {
        let mut tally = LineTally::new(1000);
        for _ in 0..5 {
            tally.add("a", &observe(&page(1, "x")));
        }
        assert_eq!(tally.copies, 4);
        assert!(tally.candidates(&settings()).is_empty());
        for i in 0..2000 {
            let text = format!("Unique line {i} a\n\nUnique line {i} b\n\nShared footer\n");
            tally.add(&format!("site{}", i % 7), &observe(&text));
            assert!(tally.entries <= 1000 + 3 * 2);
        }
        let found = tally.candidates(&settings());
        assert!(found.iter().any(|c| c.id == "suggested.tail.shared-footer"));
    }
}
