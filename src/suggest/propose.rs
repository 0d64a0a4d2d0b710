//! What a recurring line becomes: where it stands ([`side`]: head, tail, or
//! anywhere as a short label), which tail lines open a block that a
//! `truncate` cuts ([`markers`]), and the candidate rule with its pattern,
//! window, evidence and an example from a real page ([`Proposal`]), merged
//! over the sites that show it.

use super::lines::{Context, LineStat, VARIANTS};
use super::shape::Shape;
use super::{Action, Candidate};
use crate::rules::Kind;
use std::collections::HashSet;

/// A label that may recur anywhere has at most this many words.
const LABEL_WORDS: usize = 5;
/// Lines below a truncate marker, on average, that are not recurring ones.
const MAX_OTHER_BELOW: f64 = 1.0;

/// Where a recurring line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Head,
    Tail,
    Anywhere,
}

/// Where a line recurs steadily enough to be proposed, if anywhere.
pub(super) fn side(stat: &LineStat) -> Option<Side> {
    stat.shape.as_ref()?;
    let words = stat.variants[0].split_whitespace().count();
    // A short label may stand anywhere; prose in the middle is article.
    // ... and has letters: a line of punctuation alone (`{`, `)`) is code.
    let label = !stat.prose
        && words <= LABEL_WORDS
        && !stat.variants[0].ends_with('.')
        && stat.variants[0].chars().any(char::is_alphabetic);
    if stat.middle > 0 {
        return label.then_some(Side::Anywhere);
    }
    let (head, tail) = (stat.head == stat.docs, stat.tail == stat.docs);
    match (head, tail) {
        (true, true) if stat.max_head <= stat.max_tail => Some(Side::Head),
        (true, true) => Some(Side::Tail),
        (true, false) => Some(Side::Head),
        (false, true) => Some(Side::Tail),
        (false, false) => label.then_some(Side::Anywhere),
    }
}

/// Marks the tail lines that open a block of other recurring tail lines as
/// `truncate` markers, and leaves out the lines they cover.
pub(super) fn markers<'a>(
    found: Vec<(&'a str, Side, &'a LineStat)>,
) -> Vec<(&'a str, Side, &'a LineStat, Vec<Vec<String>>)> {
    let mean_tail = |s: &LineStat| s.tail_sum as f64 / s.docs.max(1) as f64;
    let mut tails: Vec<&(&str, Side, &LineStat)> =
        found.iter().filter(|f| f.1 == Side::Tail).collect();
    tails.sort_by(|a, b| mean_tail(b.2).total_cmp(&mean_tail(a.2)).then(a.0.cmp(b.0)));
    let mut covered: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (i, (key, _, stat)) in tails.iter().map(|t| **t).enumerate() {
        if covered.contains(key) {
            continue;
        }
        let marker = !stat.shape.as_ref().is_some_and(Shape::only_classes);
        let mut below: Vec<&str> = tails[i + 1..]
            .iter()
            .filter(|(k, _, s)| {
                marker
                    && !covered.contains(k)
                    && mean_tail(s) < mean_tail(stat)
                    && s.docs * 10 >= stat.docs * 8
                    && s.docs * 10 <= stat.docs * 11
            })
            .map(|t| t.0)
            .collect();
        // A marker opens a block: below it stand the recurring lines it
        // covers and, on average, at most one other line (a teaser title).
        // A label with article paragraphs below it cuts no tail.
        if mean_tail(stat) - below.len() as f64 > MAX_OTHER_BELOW {
            below.clear();
        }
        covered.extend(below.iter().copied());
        let covers = below
            .iter()
            .filter_map(|k| found.iter().find(|f| f.0 == *k))
            .map(|f| f.2.variants.clone())
            .collect();
        out.push((key, Side::Tail, stat, covers));
    }
    out.extend(
        found
            .iter()
            .filter(|f| f.1 != Side::Tail)
            .map(|&(k, side, s)| (k, side, s, Vec::new())),
    );
    out
}

/// A line proposed by one or more sites.
pub(super) struct Proposal {
    shape: Shape,
    side: Side,
    docs: u64,
    site_docs: u64,
    sites: Vec<String>,
    reach: usize,
    variants: Vec<String>,
    context: Option<Context>,
    /// The forms of the recurring lines a truncate marker covers.
    covers: Vec<Vec<String>>,
    conflict: bool,
}

impl Proposal {
    pub(super) fn new(_key: &str, side: Side, stat: &LineStat) -> Proposal {
        Proposal {
            shape: stat.shape.clone().expect("proposed lines have a shape"),
            side,
            docs: 0,
            site_docs: 0,
            sites: Vec::new(),
            reach: 0,
            variants: Vec::new(),
            context: stat.context.clone(),
            covers: Vec::new(),
            conflict: false,
        }
    }

    pub(super) fn merge(
        &mut self,
        site: &str,
        site_docs: u64,
        side: Side,
        s: &LineStat,
        covers: Vec<Vec<String>>,
    ) {
        self.conflict |= side != self.side;
        self.docs += s.docs;
        self.site_docs += site_docs;
        self.sites.push(site.to_string());
        self.reach = self.reach.max(match side {
            Side::Head => s.max_head,
            Side::Tail => s.max_tail,
            Side::Anywhere => 0,
        });
        for v in &s.variants {
            if self.variants.len() < VARIANTS && !self.variants.contains(v) {
                self.variants.push(v.clone());
            }
        }
        if self.covers.is_empty() {
            self.covers = covers;
        }
    }

    pub(super) fn finish(self) -> Option<Candidate> {
        // Head on one site and tail on another: no one window fits both.
        if self.conflict {
            return None;
        }
        let context = self.context?;
        let truncate = !self.covers.is_empty();
        let within = match self.side {
            Side::Head => Some(format!("head:{}", self.reach + 2)),
            Side::Tail => Some(format!("tail:{}", self.reach + 2)),
            Side::Anywhere => None,
        };
        let differ = self.variants.len() > 1;
        let pattern = if differ {
            let lower: HashSet<String> = self.variants.iter().map(|v| v.to_lowercase()).collect();
            self.shape.pattern(lower.len() < self.variants.len())
        } else {
            format!("^{}$", regex_syntax::escape(&self.variants[0]))
        };
        let words = self
            .variants
            .iter()
            .map(|v| v.split_whitespace().count())
            .max();
        let max_words = (self.side == Side::Anywhere).then(|| words.unwrap_or(1));
        let place = match self.side {
            Side::Head => format!("in the first {} lines", self.reach + 1),
            Side::Tail => format!("in the last {} lines", self.reach + 1),
            Side::Anywhere => "anywhere, as a short label, never as prose".into(),
        };
        let mut sites = self.sites.clone();
        let more = sites.len().saturating_sub(3);
        sites.truncate(3);
        let mut description = format!(
            "Recurs in {} of {} documents of {}{} ({place})",
            self.docs,
            self.site_docs,
            sites.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
        );
        if differ && self.shape.has_classes() {
            description.push_str("; its forms differ in a number, a date or hashtags");
        }
        if truncate {
            let first: Vec<&str> = self.covers.iter().map(|v| v[0].as_str()).collect();
            description.push_str(&format!(
                "; opens the tail that also holds: {}",
                first.join(" | ")
            ));
        }
        let example = |with_line: bool| -> String {
            let mut lines: Vec<&str> = context.above.iter().map(String::as_str).collect();
            if with_line {
                lines.push(&context.line);
                if truncate {
                    lines.extend(context.below.iter().map(String::as_str));
                }
            }
            if !truncate {
                lines.extend(context.below.iter().map(String::as_str));
            }
            let mut text = lines.join("\n\n");
            text.push('\n');
            text
        };
        let side = match self.side {
            Side::Head => "head",
            Side::Tail => "tail",
            Side::Anywhere => "label",
        };
        let mut own = vec![pattern.clone()];
        own.extend(
            self.covers
                .iter()
                .flatten()
                .map(|v| format!("^{}$", regex_syntax::escape(v))),
        );
        Some(Candidate {
            id: format!("suggested.{side}.{}", self.shape.slug()),
            own,
            action: Action::Line {
                kind: if truncate {
                    Kind::Truncate
                } else {
                    Kind::DropLine
                },
                pattern,
                within,
                max_words,
            },
            description,
            examples: vec![(example(true), example(false))],
            docs: self.docs,
            score: self.docs as f64 / self.site_docs.max(1) as f64,
            review: None,
            check: None,
        })
    }
}
