//! Finding the main content of a page: the subtrees that hold the article.
//!
//! Every element is measured once (text, link text and punctuation, skipping
//! clutter). Paragraph-like elements give a score to their parent and, halved,
//! to their grandparent, in the spirit of Readability: long text, commas and
//! full stops count, link text counts against. The best-scoring element wins,
//! with those of its siblings that score nearly as well. A semantic container
//! (`[itemprop=articleBody]`, `<article>`, `<main>`) that agrees with the
//! winner is preferred to it, being the page's own statement of where the
//! article is.

use super::clutter::is_clutter;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Nesting deeper than this is measured as flat text (hostile pages).
pub const MAX_DEPTH: usize = 200;

/// Shortest text that counts as a paragraph.
const MIN_PARAGRAPH: usize = 25;

/// Text measured under one element, clutter excluded.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    chars: usize,
    link_chars: usize,
    punct: usize,
}

impl Measure {
    fn add(&mut self, other: Measure) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.punct += other.punct;
    }

    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            1.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    /// Score of a paragraph with this text.
    fn paragraph_score(&self) -> f32 {
        if self.chars < MIN_PARAGRAPH {
            return 0.0;
        }
        let base = 1.0 + self.punct as f32 + (self.chars as f32 / 100.0).min(3.0);
        base * (1.0 - self.link_density())
    }
}

struct Scorer {
    measures: HashMap<NodeId, Measure>,
    scores: HashMap<NodeId, f32>,
}

/// Elements whose own text makes a paragraph.
fn is_paragraph_tag(name: &str) -> bool {
    matches!(name, "p" | "pre" | "blockquote" | "td" | "dd")
}

impl Scorer {
    fn measure(&mut self, node: NodeRef<Node>, in_link: bool, depth: usize) -> Measure {
        match node.value() {
            Node::Text(text) => measure_text(text, in_link),
            Node::Element(el) => {
                let Some(element) = ElementRef::wrap(node) else {
                    return Measure::default();
                };
                if is_clutter(&element) {
                    return Measure::default();
                }
                let in_link = in_link || el.name() == "a";
                let mut total = Measure::default();
                let mut direct = Measure::default();
                for child in node.children() {
                    let m = if depth >= MAX_DEPTH {
                        flat_measure(child, in_link)
                    } else {
                        self.measure(child, in_link, depth + 1)
                    };
                    if child.value().is_text() {
                        direct.add(m);
                    }
                    total.add(m);
                }
                let unit = if is_paragraph_tag(el.name()) {
                    total
                } else {
                    direct
                };
                let score = unit.paragraph_score();
                if score > 0.0 {
                    // A paragraph tag scores for its parent and grandparent; a
                    // div holding text directly, for itself and its parent.
                    let first = if is_paragraph_tag(el.name()) {
                        node.parent()
                    } else {
                        Some(node)
                    };
                    let second = first.and_then(|n| n.parent());
                    for (target, share) in [(first, 1.0), (second, 0.5)] {
                        if let Some(target) = target {
                            *self.scores.entry(target.id()).or_default() += score * share;
                        }
                    }
                }
                self.measures.insert(node.id(), total);
                total
            }
            _ => Measure::default(),
        }
    }

    fn final_score(&self, id: NodeId) -> f32 {
        let raw = self.scores.get(&id).copied().unwrap_or(0.0);
        let density = self.measures.get(&id).map_or(1.0, Measure::link_density);
        raw * (1.0 - density)
    }

    fn chars(&self, id: NodeId) -> usize {
        self.measures.get(&id).map_or(0, |m| m.chars - m.link_chars)
    }
}

fn measure_text(text: &str, in_link: bool) -> Measure {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let punct = text
        .chars()
        .filter(|c| {
            matches!(
                c,
                ',' | '.' | '!' | '?' | ';' | '，' | '。' | '、' | '！' | '？'
            )
        })
        .count();
    Measure {
        chars,
        link_chars: if in_link { chars } else { 0 },
        punct,
    }
}

/// Measures a subtree without recursion (beyond the depth limit).
fn flat_measure(node: NodeRef<Node>, in_link: bool) -> Measure {
    let mut total = Measure::default();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            total.add(measure_text(t, in_link));
        }
    }
    total
}

/// The subtrees holding the article, in document order. Falls back to `<body>`
/// (or the whole document) when nothing scores.
pub fn main_content(doc: &Html) -> Vec<ElementRef<'_>> {
    let root = doc.root_element();
    let mut scorer = Scorer {
        measures: HashMap::new(),
        scores: HashMap::new(),
    };
    scorer.measure(*root, false, 0);
    let mut best: Option<(f32, ElementRef)> = None;
    for el in root.descendent_elements() {
        if !scorer.scores.contains_key(&el.id()) {
            continue;
        }
        let score = scorer.final_score(el.id());
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, el));
        }
    }
    let Some((best_score, best)) = best else {
        return vec![body(doc)];
    };
    if let Some(semantic) = semantic_container(doc, &scorer, best) {
        return vec![semantic];
    }
    let mut roots = vec![best];
    if let Some(parent) = best.parent() {
        let threshold = (best_score * 0.2).max(10.0);
        roots = parent
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|sib| {
                sib.id() == best.id()
                    || scorer.final_score(sib.id()) >= threshold
                    || (sib.value().name() == "p"
                        && scorer
                            .measures
                            .get(&sib.id())
                            .is_some_and(|m| m.chars >= 80 && m.link_density() < 0.25))
            })
            .collect();
    }
    roots
}

fn body(doc: &Html) -> ElementRef<'_> {
    let root = doc.root_element();
    root.child_elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or(root)
}

/// A semantic container that agrees with the best-scoring element: it contains
/// it, or it sits inside it and holds most of its text.
fn semantic_container<'a>(
    doc: &'a Html,
    scorer: &Scorer,
    best: ElementRef<'a>,
) -> Option<ElementRef<'a>> {
    let best_chars = scorer.chars(best.id()).max(1);
    let kinds: [fn(&ElementRef) -> bool; 3] = [
        |e| {
            e.value()
                .attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
        },
        |e| e.value().name() == "article",
        |e| e.value().name() == "main" || e.value().attr("role") == Some("main"),
    ];
    for is_kind in kinds {
        let candidates = doc
            .root_element()
            .descendent_elements()
            .filter(|e| is_kind(e) && scorer.measures.contains_key(&e.id()));
        let Some(found) = candidates.max_by_key(|e| scorer.chars(e.id())) else {
            continue;
        };
        let chars = scorer.chars(found.id());
        let contains_best = best.ancestors().any(|a| a.id() == found.id()) || found == best;
        let inside_best = found.ancestors().any(|a| a.id() == best.id());
        if (contains_best && chars <= best_chars * 3) || (inside_best && chars * 2 >= best_chars) {
            return Some(found);
        }
    }
    None
}
