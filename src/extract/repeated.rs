//! Repeated structure: runs of sibling boxes of one shape (teaser cards,
//! product tiles, the posts of a thread, the rows of a listing). A shape is
//! an element's tag with the words of its classes (digits left out, so
//! `card-1` and `card-2` are one shape); a *group* is at least
//! [`Tuning::repeat_min_items`] children of one parent with one shape that
//! hold text.
//!
//! What a group is depends on what the page is ([`Profile`]):
//! - on a page whose links are not its items (an article, a thread, a
//!   product), a group of *teasers* (short boxes, each led by a link
//!   that is a good part of its text or laid over the whole box, under a
//!   heading or beside a picture) is a "more stories" list and is left out
//!   ([`teasers`]); on an article, a box whose heading is one link (another
//!   story's title over its excerpt) leads with a link too;
//! - on a listing or a collection the items are the content: kept.
//!
//! No words here: only shapes and measures, with the thresholds in
//! [`Tuning`].

use super::measure::Measure;
use super::page_type::Profile;
use super::tags;
use super::tuning::Tuning;
use ego_tree::NodeId;
use rustc_hash::FxHasher;
use scraper::ElementRef;
use std::hash::{Hash, Hasher};

/// The shape of a box: its tag and the words of its classes, digits left
/// out, as one hash.
fn shape(el: &ElementRef) -> u64 {
    let value = el.value();
    let mut h = FxHasher::default();
    value.name().hash(&mut h);
    let mut classes: Vec<&str> = tags::classes(value).collect();
    classes.sort_unstable();
    classes.dedup();
    for class in classes {
        for b in class.bytes().filter(|b| !b.is_ascii_digit()) {
            h.write_u8(b);
        }
        h.write_u8(b' ');
    }
    h.finish()
}

/// The items of `items` (each an element, its id given by `id`) whose
/// elements share one shape with at least `min_items - 1` others, by shape:
/// wherever they stand (a thread's replies nest), not only as siblings.
pub fn same_shape<I: Copy>(
    doc: &scraper::Html,
    items: &[I],
    id: impl Fn(&I) -> NodeId,
    min_items: usize,
) -> Vec<Vec<I>> {
    let mut by_shape: rustc_hash::FxHashMap<u64, Vec<I>> = Default::default();
    for item in items {
        if let Some(el) = doc.tree.get(id(item)).and_then(ElementRef::wrap) {
            by_shape.entry(shape(&el)).or_default().push(*item);
        }
    }
    by_shape
        .into_values()
        .filter(|group| min_items > 0 && group.len() >= min_items)
        .collect()
}

/// The children of `parent` that share one shape with at least `min_items`
/// siblings holding text, by shape, in page order.
fn groups_under<'a>(parent: ElementRef<'a>, min_items: usize) -> Vec<Vec<ElementRef<'a>>> {
    if parent
        .child_elements()
        .nth(min_items.saturating_sub(1))
        .is_none()
    {
        return Vec::new();
    }
    let children: Vec<(u64, ElementRef)> =
        parent.child_elements().map(|c| (shape(&c), c)).collect();
    let mut shapes: Vec<u64> = children.iter().map(|(s, _)| *s).collect();
    shapes.sort_unstable();
    shapes.dedup();
    shapes
        .into_iter()
        .map(|s| {
            children
                .iter()
                .filter(|(t, _)| *t == s)
                .map(|(_, c)| *c)
                .collect::<Vec<_>>()
        })
        .filter(|items| items.len() >= min_items)
        .collect()
}

/// True for a tag that can be a card: a box or a list item, not a heading
/// or a paragraph (a run of linked headings is a table of contents).
fn is_card(name: &str) -> bool {
    matches!(name, "div" | "li" | "article" | "section")
}

/// True when `item` looks like a teaser: short, with a link that is a good
/// part of its text or laid over it, and a heading or a picture (a story's card, not a
/// sentence with a link in it).
fn is_teaser(item: &ElementRef, m: Measure, titled: bool, tuning: &Tuning) -> bool {
    if !is_card(item.value().name()) || m.chars == 0 || m.chars > tuning.teaser_max_chars {
        return false;
    }
    if (m.link_chars as f32) < m.chars as f32 * tuning.teaser_link_share
        && !has_blank_link(item)
        && !(titled && has_linked_heading(item))
    {
        return false;
    }
    item.descendent_elements().skip(1).any(|e| {
        let name = e.value().name();
        tags::is_heading(name) || name == "img" || name == "picture"
    })
}

/// True when `item` holds a link with no text and no picture of its own: a
/// link laid over the whole card (its name in `aria-label`), the way shops
/// and news sites make a card clickable. (A picture's link is no sign: the
/// cards of a documentation hub and the avatars of a thread have them.)
fn has_blank_link(item: &ElementRef) -> bool {
    item.descendent_elements().any(|e| {
        e.value().name() == "a"
            && e.value().attr("href").is_some()
            && e.text().all(|t| t.trim().is_empty())
            && !e
                .descendent_elements()
                .any(|d| matches!(d.value().name(), "img" | "picture" | "svg"))
    })
}

/// True when a heading of `item` is one link: the title of a story told
/// elsewhere.
fn has_linked_heading(item: &ElementRef) -> bool {
    item.descendent_elements()
        .filter(|e| tags::is_heading(e.value().name()))
        .any(|h| {
            let all: usize = h.text().map(|t| t.trim().len()).sum();
            let linked: usize = h
                .descendent_elements()
                .filter(|e| e.value().name() == "a" && e.value().attr("href").is_some())
                .flat_map(|a| a.text())
                .map(|t| t.trim().len())
                .sum();
            all > 0 && linked >= all
        })
}

/// True when `el`, or a card around it below `within`, is one of at least
/// `min_items` siblings of its shape: an item of a repeated group (a
/// review, a teaser card), not the box's own text.
pub fn in_repeated_card(el: &ElementRef, within: &ElementRef, min_items: usize) -> bool {
    if min_items == 0 {
        return false;
    }
    std::iter::once(*el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take_while(|a| a.id() != within.id())
        .filter(|a| is_card(a.value().name()))
        .any(|card| {
            let Some(parent) = card.parent().and_then(ElementRef::wrap) else {
                return false;
            };
            let own = shape(&card);
            parent
                .child_elements()
                .filter(|c| shape(c) == own)
                .nth(min_items - 1)
                .is_some()
        })
}

/// The items of the teaser groups inside `root`, on an article (no teasers
/// on a page whose links are its items): at least
/// [`Tuning::repeat_min_items`] boxes of one shape, nearly all teasers.
/// `measure` gives the text of an element as the content search counted it
/// (none for what it left out).
pub fn teasers(
    root: ElementRef,
    profile: Profile,
    tuning: &Tuning,
    measure: impl Fn(NodeId) -> Option<Measure>,
) -> Vec<NodeId> {
    if profile.links_are_items || tuning.repeat_min_items == 0 {
        return Vec::new();
    }
    let Some(page) = measure(root.id()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for parent in std::iter::once(root).chain(root.descendent_elements()) {
        for items in groups_under(parent, tuning.repeat_min_items) {
            let with_text: Vec<(ElementRef, Measure)> = items
                .iter()
                .filter_map(|i| Some((*i, measure(i.id())?)))
                .filter(|(_, m)| m.chars > 0)
                .collect();
            if with_text.len() < tuning.repeat_min_items {
                continue;
            }
            let teasers = with_text
                .iter()
                .filter(|(i, m)| is_teaser(i, *m, profile.titled_teasers, tuning))
                .count();
            let chars: usize = with_text.iter().map(|(_, m)| m.chars).sum();
            // A list that is most of the text is the page (a listing not
            // recognised as one), not a list beside the article.
            let beside = chars as f32 <= page.chars as f32 * tuning.teaser_page_share;
            if beside && teasers as f32 >= with_text.len() as f32 * tuning.teaser_group_share {
                out.extend(with_text.iter().map(|(i, _)| i.id()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn teaser_ids(html: &str) -> (Html, Vec<NodeId>) {
        let doc = Html::parse_document(html);
        let ids = teasers(
            doc.root_element(),
            Profile::default(),
            &Tuning::default(),
            |id| {
                let el = ElementRef::wrap(doc.tree.get(id)?)?;
                Some(Measure::of_element(&el))
            },
        );
        (doc, ids)
    }

    fn card(i: usize) -> String {
        format!(
            "<div class='card card-{i}'><img src=/p{i}.jpg><h3><a href=/s/{i}>Story {i}: \
             the council votes on the bridge</a></h3><p>Short summary.</p></div>"
        )
    }

    #[test]
    fn cards_of_one_shape_are_teasers() {
        let cards: String = (0..4).map(card).collect();
        let story = "<p>A sentence of the article that is long enough to count as text.</p>";
        let (doc, ids) = teaser_ids(&format!(
            "<body>{}<div>{cards}</div></body>",
            story.repeat(12)
        ));
        assert_eq!(ids.len(), 4);
        for id in ids {
            let el = ElementRef::wrap(doc.tree.get(id).unwrap()).unwrap();
            assert!(el.value().classes().any(|c| c == "card"));
        }
    }

    #[test]
    fn cards_under_a_blank_link_are_teasers_and_picture_links_are_not() {
        let story = "<p>A sentence of the article that is long enough to count as text.</p>";
        let cards = |link: &str| -> String {
            (0..4)
                .map(|i| {
                    format!(
                        "<li class=tile><h3>Blue mug {i}, stoneware</h3><span>$12.00</span>\
                         <span>+ $4.99 delivery</span>{}</li>",
                        link.replace("{i}", &i.to_string())
                    )
                })
                .collect()
        };
        let page =
            |link: &str| format!("<body>{}<ul>{}</ul></body>", story.repeat(12), cards(link));
        let overlay = "<a href=/itm/{i} aria-label='Blue mug {i}'></a>";
        assert_eq!(teaser_ids(&page(overlay)).1.len(), 4);
        let picture = "<a href=/itm/{i}><img src=/m{i}.jpg></a>";
        assert!(teaser_ids(&page(picture)).1.is_empty());
    }

    #[test]
    fn excerpt_cards_under_a_linked_title_are_teasers_on_an_article_only() {
        let story = "<p>A sentence of the article that is long enough to count as text.</p>";
        let cards: String = (0..4)
            .map(|i| {
                format!(
                    "<article class='post post-{i} category-{i}'><h3><a href=/p/{i}>Post {i}</a></h3>\
                     <p>An excerpt of another post, long enough to be most of the card's text, \
                     that goes on for a while before it stops...</p></article>"
                )
            })
            .collect();
        let doc = Html::parse_document(&format!(
            "<body>{}<div>{cards}</div></body>",
            story.repeat(30)
        ));
        let found = |profile: Profile| {
            teasers(doc.root_element(), profile, &Tuning::default(), |id| {
                let el = ElementRef::wrap(doc.tree.get(id)?)?;
                Some(Measure::of_element(&el))
            })
            .len()
        };
        let article = Profile {
            titled_teasers: true,
            ..Profile::default()
        };
        assert_eq!(found(article), 4);
        assert_eq!(found(Profile::default()), 0);
    }

    #[test]
    fn cards_that_are_most_of_the_text_are_the_page() {
        let cards: String = (0..4).map(card).collect();
        let (_, ids) = teaser_ids(&format!("<body><p>Text.</p><div>{cards}</div></body>"));
        assert!(ids.is_empty());
    }

    #[test]
    fn too_few_or_long_or_unlinked_boxes_are_not() {
        let cards: String = (0..2).map(card).collect();
        assert!(teaser_ids(&format!("<div>{cards}</div>")).1.is_empty());
        let long = "A sentence of the article that is long enough to count as text. ".repeat(8);
        let boxes: String = (0..4)
            .map(|i| format!("<div class=s><h2><a href=/{i}>Part {i}</a></h2><p>{long}</p></div>"))
            .collect();
        assert!(teaser_ids(&format!("<div>{boxes}</div>")).1.is_empty());
        let plain: String = (0..4)
            .map(|i| format!("<li><h3>Step {i}</h3> Mix the flour and the eggs.</li>"))
            .collect();
        assert!(teaser_ids(&format!("<ul>{plain}</ul>")).1.is_empty());
    }

    #[test]
    fn a_listing_keeps_its_cards() {
        let cards: String = (0..4).map(card).collect();
        let doc = Html::parse_document(&format!("<div>{cards}</div>"));
        let listing = Profile {
            links_are_items: true,
            ..Profile::default()
        };
        let ids = teasers(doc.root_element(), listing, &Tuning::default(), |_| {
            Some(Measure {
                chars: 10,
                link_chars: 10,
                punct: 0,
            })
        });
        assert!(ids.is_empty());
    }
}
