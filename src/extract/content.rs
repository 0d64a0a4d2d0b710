//! Finding the main content of a page: the box that holds the article.
//!
//! One pass measures every element (text, link text, sentence punctuation),
//! leaving furniture out. Each text block scores by its length and punctuation,
//! less its share of link text, in the spirit of Readability and jusText; an
//! element's score is the sum of the blocks inside it. From `<body>` the search
//! descends into the child holding most of its parent's score (at least
//! [`Tuning::descend_share`], 0.8 by default) and stops where the text spreads over several children.
//! A semantic container (`[itemprop=articleBody]`, `<article>`, `<main>`) that
//! agrees with that box is preferred, being the page's own statement of where
//! the article is.
//!
//! Furniture *suspects* (see [`super::clutter`]) that would hold at least
//! [`Tuning::pardon_share`] of the page's score are pardoned and the page measured
//! again: some pages wrap everything in a `<form>` or a `<div class="widget">`.
//! A wrapper holds much of the page's text too ([`Tuning::pardon_text_share`]
//! of its characters): a promo box that outscores a page of links is no
//! wrapper. On a forum, suspects of one shape (a thread whose every post
//! sits in a `<form>`) are pardoned together when together they would be.

use super::clutter::{Pruner, Verdict};
use super::lead;
use super::measure::Measure;
use super::page_type::Profile;
use super::repeated;
use super::tags::{self, Container, MAX_DEPTH};
use super::tuning::Tuning;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap as HashMap;
use scraper::{ElementRef, Html, Node};

/// Score of a paragraph measuring `m`: long, punctuated prose scores,
/// link text counts against (unless links are the page's items).
fn paragraph_score(m: &Measure, profile: Profile, tuning: &Tuning) -> f32 {
    if m.chars < tuning.paragraph_min_chars {
        return 0.0;
    }
    let length = m.chars as f32 / tuning.length_point_chars;
    let base = 1.0 + m.punct as f32 + length.min(tuning.length_points_max);
    if profile.links_are_items {
        return base;
    }
    base * (1.0 - m.link_density()).max(0.0)
}

/// What the measuring pass knows about one element.
#[derive(Debug, Clone, Copy, Default)]
struct NodeStats {
    total: Measure,
    /// Sum of the paragraph scores of the text blocks inside.
    score: f32,
}

struct Scorer<'p> {
    pruner: &'p Pruner,
    stats: HashMap<NodeId, NodeStats>,
    /// Suspects left out, with the score and the characters they would
    /// have brought.
    suspects: Vec<(NodeId, f32, usize)>,
}

/// Whole text, the part of it that flows inline into the parent's text block,
/// and the score of the text blocks inside.
type Measured = (Measure, Measure, f32);

impl Scorer<'_> {
    /// Measures `node` and everything inside it.
    fn measure(&mut self, node: NodeRef<Node>, in_link: bool, depth: usize) -> Measured {
        let el = match node.value() {
            Node::Text(text) => {
                let m = Measure::of_text(text, in_link);
                return (m, m, 0.0);
            }
            Node::Element(el) => el,
            _ => return Default::default(),
        };
        let Some(element) = ElementRef::wrap(node) else {
            return Default::default();
        };
        match self.pruner.judge(&element) {
            Verdict::Drop => Default::default(),
            Verdict::Suspect if !self.pruner.pardoned.contains(&node.id()) => {
                // Measured only to know what pardoning it would bring: what is
                // inside stays out of the stats, so the search never enters it.
                let outside = std::mem::take(&mut self.stats);
                let (total, _, score) = self.measure_element(node, el.name(), in_link, depth);
                self.stats = outside;
                self.suspects.push((node.id(), score, total.chars));
                Default::default()
            }
            _ => self.measure_element(node, el.name(), in_link, depth),
        }
    }

    fn measure_element(
        &mut self,
        node: NodeRef<Node>,
        name: &str,
        in_link: bool,
        depth: usize,
    ) -> Measured {
        let in_link = in_link || name == "a";
        let mut total = Measure::default();
        let mut inline = Measure::default();
        let mut score = 0.0;
        for child in node.children() {
            let (t, i, s) = if depth >= MAX_DEPTH {
                let m = Measure::of_subtree_flat(child, in_link);
                (m, m, 0.0)
            } else {
                self.measure(child, in_link, depth + 1)
            };
            total.add(t);
            inline.add(i);
            score += s;
        }
        if tags::ends_scored_block(name) {
            // This element's own text block ends here.
            score += paragraph_score(&inline, self.pruner.profile, &self.pruner.tuning);
            inline = Measure::default();
        }
        self.stats.insert(node.id(), NodeStats { total, score });
        (total, inline, score)
    }
}

/// What the content search found in a page.
pub struct Found<'a> {
    /// The element holding the article body.
    pub root: ElementRef<'a>,
    /// Elements before `root` that may hold the article's lead ([`lead`]).
    pub leads: Vec<ElementRef<'a>>,
    /// What inside them is furniture.
    pub pruner: Pruner,
}

/// The element holding the article, the elements that may hold its lead, and
/// the pruner that says what inside them is furniture. Falls back to `<body>`
/// when nothing scores. `profile` is the page type's; `tuning` says how
/// wide to look (see [`widen`]).
pub fn main_content<'a>(doc: &'a Html, profile: Profile, tuning: &Tuning) -> Found<'a> {
    let mut pruner = Pruner {
        profile,
        tuning: *tuning,
        ..Pruner::default()
    };
    let mut stats = HashMap::default();
    for _ in 0..tuning.pardon_rounds {
        let mut scorer = Scorer {
            pruner: &pruner,
            stats: HashMap::default(),
            suspects: Vec::new(),
        };
        let (text, _, page) = scorer.measure(*doc.root_element(), false, 0);
        let pardoned = |score: f32, chars: usize| {
            score > 0.0
                && score >= (page + score) * tuning.pardon_share
                && chars as f32 >= (text.chars + chars) as f32 * tuning.pardon_text_share
        };
        let mut pardons: Vec<NodeId> = scorer
            .suspects
            .iter()
            .filter(|(_, score, chars)| pardoned(*score, *chars))
            .map(|(id, _, _)| *id)
            .collect();
        if pardons.is_empty() && profile.keep_comments {
            // A thread whose posts each sit in a suspect (a `<form>` per
            // post): the posts of one shape are pardoned together.
            for group in
                repeated::same_shape(doc, &scorer.suspects, |s| s.0, tuning.repeat_min_items)
            {
                let score: f32 = group.iter().map(|(_, s, _)| s).sum();
                let chars: usize = group.iter().map(|(_, _, c)| c).sum();
                if pardoned(score, chars) {
                    pardons.extend(group.iter().map(|(id, _, _)| *id));
                }
            }
        }
        stats = scorer.stats;
        if pardons.is_empty() {
            break;
        }
        pruner.pardoned.extend(pardons);
    }
    let score = |id: NodeId| stats.get(&id).map_or(0.0, |s: &NodeStats| s.score);
    let mut container = body(doc);
    if score(container.id()) <= 0.0 {
        return Found {
            root: container,
            leads: Vec::new(),
            pruner,
        };
    }
    loop {
        let here = score(container.id());
        let top = container.child_elements().map(|c| (score(c.id()), c)).fold(
            None,
            |best: Option<(f32, ElementRef)>, (s, c)| match best {
                Some((b, _)) if b >= s => best,
                _ => Some((s, c)),
            },
        );
        match top {
            Some((s, child)) if s >= here * tuning.descend_share && s > 0.0 => container = child,
            _ => break,
        }
    }
    let root = semantic_container(doc, &stats, container).unwrap_or(container);
    let root = widen(root, score(body(doc).id()), tuning.widen_below_share, score);
    pruner.link_boxes = (!profile.links_are_items)
        .then(|| root.descendent_elements())
        .into_iter()
        .flatten()
        .filter(|e| tags::is_box(e.value().name()))
        .filter(|e| {
            stats
                .get(&e.id())
                .is_some_and(|s| s.total.link_density() > tuning.link_box_density)
        })
        .map(|e| e.id())
        .collect();
    pruner.teasers = repeated::teasers(root, profile, tuning, |id| Some(stats.get(&id)?.total))
        .into_iter()
        .collect();
    let leads = lead::candidates(root, &pruner, |el| Some(stats.get(&el.id())?.total));
    Found {
        root,
        leads,
        pruner,
    }
}

/// Climbs from `root` to wider containers while it holds less than `share`
/// of the page's score (`page`): a box that holds little of the text was
/// probably one part of the article, not all of it. Never climbs past `<body>`.
fn widen<'a>(
    mut root: ElementRef<'a>,
    page: f32,
    share: f32,
    score: impl Fn(NodeId) -> f32,
) -> ElementRef<'a> {
    while score(root.id()) < page * share && !tags::is_page_root(root.value().name()) {
        match root.parent().and_then(ElementRef::wrap) {
            Some(parent) => root = parent,
            None => break,
        }
    }
    root
}

fn body(doc: &Html) -> ElementRef<'_> {
    let root = doc.root_element();
    root.child_elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or(root)
}

/// A semantic container that agrees with the container found by scoring: it
/// contains it, or it sits inside it and holds most of its score.
fn semantic_container<'a>(
    doc: &'a Html,
    stats: &HashMap<NodeId, NodeStats>,
    best: ElementRef<'a>,
) -> Option<ElementRef<'a>> {
    let score = |id: NodeId| stats.get(&id).map_or(0.0, |s| s.score);
    let best_score = score(best.id());
    for kind in Container::ALL {
        let candidates = doc
            .root_element()
            .descendent_elements()
            .filter(|e| kind.marks(e) && stats.contains_key(&e.id()));
        let scored: Vec<(f32, ElementRef)> = candidates
            .map(|e| (score(e.id()), e))
            .filter(|(s, _)| *s > 0.0)
            .collect();
        let Some(&(score, found)) =
            scored
                .iter()
                .fold(None, |top: Option<&(f32, ElementRef)>, item| match top {
                    Some((t, _)) if *t >= item.0 => top,
                    _ => Some(item),
                })
        else {
            continue;
        };
        let contains_best = found == best || best.ancestors().any(|a| a.id() == found.id());
        let inside_best = found.ancestors().any(|a| a.id() == best.id());
        // Several scoring articles inside the best box: the box is the article.
        let alone = scored.len() == 1;
        if contains_best || (inside_best && alone && score * 2.0 >= best_score) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(word: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("<p>{word} {i}: one, two, three. Then four, five, six.</p>"))
            .collect()
    }

    #[test]
    fn a_promo_box_beside_a_page_of_links_is_not_pardoned() {
        let items: String = (0..40)
            .map(|i| format!("<li><a href=\"/p/{i}\">Product number {i} in blue and grey</a></li>"))
            .collect();
        let html = format!(
            r#"<html><body><ul class="grid">{items}</ul>
            <div class="newsletter"><p>Join us, today. You agree to receive mail, and you may leave.</p></div>
            </body></html>"#
        );
        let doc = Html::parse_document(&html);
        let found = main_content(&doc, Profile::default(), &Tuning::default());
        assert!(
            found.pruner.pardoned.is_empty(),
            "{:?}",
            found.pruner.pardoned
        );
        let untuned = Tuning {
            pardon_text_share: 0.0,
            ..Tuning::default()
        };
        let found = main_content(&doc, Profile::default(), &untuned);
        assert_eq!(found.pruner.pardoned.len(), 1);
    }

    /// The content found in `html` holds `kept`, and none of its blocks
    /// holds `gone`.
    fn keeps_without(html: &str, kept: &str, gone: &str) {
        let doc = Html::parse_document(html);
        let found = main_content(&doc, Profile::default(), &Tuning::default());
        let text: String = found.root.text().collect();
        assert!(text.contains(kept), "{text}");
        assert!(!found.pruner.drops(&found.root));
        let blocks = super::super::text::blocks(found.root, &found.pruner);
        assert!(blocks.iter().all(|b| !b.text.contains(gone)), "{blocks:?}");
    }

    #[test]
    fn a_dialog_that_outweighs_the_page_is_never_its_content() {
        // The terms of sale, opened over a product page by a script, hold
        // more prose (and an `<h1>` of their own) than the description.
        let html = format!(
            r#"<html><body><div class="product"><h1>Wool runner</h1>{}</div>
            <div role="dialog" aria-modal="true"><h1>Terms</h1>{}</div></body></html>"#,
            paragraphs("Shoe", 2),
            paragraphs("Terms", 12),
        );
        keeps_without(&html, "Shoe 1", "Terms");
    }

    #[test]
    fn a_threads_posts_each_in_a_form_are_pardoned_together() {
        let posts: String = (0..5)
            .map(|i| {
                format!(
                    "<div class=entry><form class=usertext><p>Reply {i}: I had the same problem, \
                     and the fix was to update the driver. It works now, thanks.</p></form></div>"
                )
            })
            .collect();
        // The side box outscores any one post, not the five together.
        let side =
            "<p>Welcome to the board: read the rules, then post. Be kind, and stay on topic.</p>"
                .repeat(2);
        let html = format!(
            "<html><body><div class=side>{side}</div>\
             <div class=thread>{posts}</div></body></html>"
        );
        let doc = Html::parse_document(&html);
        let thread = Profile {
            keep_comments: true,
            ..Profile::default()
        };
        let found = main_content(&doc, thread, &Tuning::default());
        assert_eq!(found.pruner.pardoned.len(), 5);
        let text: String = found.root.text().collect();
        assert!(text.contains("Reply 4"), "{text}");
        let article = main_content(&doc, Profile::default(), &Tuning::default());
        assert!(article.pruner.pardoned.is_empty());
    }

    #[test]
    fn the_search_never_enters_a_box_that_was_not_pardoned() {
        // Pardoning the newsletter box makes the page bigger, so the related
        // box (pardoned inside, not as a whole) is no longer pardoned: it is
        // dropped, and the search must not descend into it either.
        let html = format!(
            r#"<html><body><div class="story">{}</div><div class="newsletter">{}</div>
            <section class="related"><div class="widget">{}</div></section></body></html>"#,
            paragraphs("Story", 2),
            paragraphs("Letter", 3),
            paragraphs("Teaser", 4),
        );
        keeps_without(&html, "Story 1", "Teaser");
    }
}
