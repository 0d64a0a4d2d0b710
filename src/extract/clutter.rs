//! What is not article: elements dropped with everything inside them, by tag
//! (scripts, navigation, asides, image captions, contact `<address>`es, site
//! headers and footers, forms), by ARIA role, by being hidden (`hidden`,
//! `display:none`, screen-reader-only classes), or by a class or id that names
//! page furniture (share buttons, related posts, comments, newsletter boxes,
//! cookie banners, ads, sidebars, widgets, breadcrumbs, tag lists, image
//! captions and credits, disclaimers, affiliate boxes, embeds, notices, post
//! metadata). A disclosure widget is not hidden furniture: the `<button>`
//! of an accordion or a FAQ and the hidden panel it opens are kept
//! ([`disclosure`]).
//!
//! Site headers, footers and forms, and everything named like furniture, are
//! only *suspects*: some pages wrap the whole article in a `<form>`, a
//! `<header>` left open, or a `<div class="widget">`. The content search
//! ([`super::content`]) pardons a suspect that turns out to hold most of the
//! page's text; [`Pruner`] carries those pardons to the text walker. Inside
//! the article, a box named only by a weak word (`teaser`, `meta`) that holds
//! a stretch of prose without links is kept: a lead or a text box. So is a
//! box of mostly links (see [`super::content`]) that holds a paragraph of
//! prose: links around a paragraph do not make it a link list.
//!
//! Class and id values are matched by whole words, never by substring: a value
//! is split at `-`, `_`, spaces, digits and camelCase humps, so `ad` matches
//! `top-ad` and `adSlot` but not `header`, `shadow` or `load`, and `tags`
//! matches `post-tags` but not `stage`.

use super::decision::Decision;
use super::page_type::Profile;
use super::prose;
use super::tags::{self, Container, HIDDEN_PAGE, INVISIBLE, MAYBE_PAGE, SUSPECT_FURNITURE};
use super::tuning::Tuning;
use super::words::{Furniture, WORDS};
pub use class_words::names_element;
use class_words::{for_each_word, is_taxonomy};
#[cfg(test)]
use class_words::{names_any, words};
use ego_tree::NodeId;
use html5ever::local_name;
use named::{ClassNames, Named};
use rustc_hash::FxHashSet as HashSet;
use scraper::ElementRef;

/// What to do with an element and everything inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    Drop,
    /// Furniture by its tag, class or id, unless it holds the article.
    Suspect,
}

/// Judges one element by its tag, role, visibility, class and id.
#[cfg(test)]
pub fn judge(el: &ElementRef) -> Verdict {
    judge_as(el, Profile::default())
}

/// Judges one element by its tag, role, visibility, class and id, for a page
/// of the profile given.
fn judge_as(el: &ElementRef, profile: Profile) -> Verdict {
    let value = el.value();
    let name = value.name();
    if (tags::never_text(name) && !disclosure::is_toggle(el)) || has_hidden_class(value) {
        return Verdict::Drop;
    }
    if hidden_until_scripts(value) && !is_streamed(el) && !disclosure::is_panel(el) {
        // Hidden boxes are modals, menus and footnotes, unless one holds
        // the page: some pages stay hidden until their scripts have run.
        return if wraps_page(el) {
            Verdict::Suspect
        } else {
            Verdict::Drop
        };
    }
    if let Some(verdict) = may_hold_page(el) {
        return verdict;
    }
    if overlay::never_wraps(el, profile) {
        return Verdict::Drop;
    }
    if has_furniture_role(el) {
        return Verdict::Suspect;
    }
    if name == "header" && in_article(el) {
        // The article's own header: its title, standfirst and lead.
        return Verdict::Keep;
    }
    if SUSPECT_FURNITURE.contains(&name) {
        return Verdict::Suspect;
    }
    if Container::holds_article(el) {
        return Verdict::Keep;
    }
    match named_furniture(el, profile) {
        // Inside code, classes are a highlighter's (`hljs-comment`,
        // `token comment`): they name the code's parts, not the page's.
        Some(_) if in_code(el) => Verdict::Keep,
        Some(Naming::Strong) if banner::is_banner(el) => Verdict::Drop,
        Some(_) => Verdict::Suspect,
        None => Verdict::Keep,
    }
}

/// True when the `<blockquote>` `el` stands in a post that answers it: its
/// parent holds text of its own beside the quote (a thread's quote of an
/// earlier post, which the thread already holds).
fn is_quote_in_reply(el: &ElementRef) -> bool {
    let Some(parent) = el.parent().and_then(ElementRef::wrap) else {
        return false;
    };
    let own: usize = parent
        .children()
        .filter(|c| c.id() != el.id())
        .flat_map(|c| {
            c.descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.trim().chars().count()))
                .collect::<Vec<_>>()
        })
        .sum();
    own >= 20
}

/// True when `el` holds the page's own `<main>`, `<article>` or `<h1>`
/// ([`HIDDEN_PAGE`]): a box that may wrap the page, whatever it is named.
fn wraps_page(el: &ElementRef) -> bool {
    el.descendent_elements()
        .any(|e| HIDDEN_PAGE.contains(&e.value().name()))
}

/// True when `el` is inside a `<pre>` or `<code>`.
fn in_code(el: &ElementRef) -> bool {
    el.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "pre" | "code"))
    })
}

/// Hidden by the `hidden` attribute, an inline style or a screen-reader class.
fn is_hidden(value: &scraper::node::Element) -> bool {
    hidden_until_scripts(value) || has_hidden_class(value)
}

/// Hidden by the `hidden` attribute or an inline style, which a script may
/// lift.
fn hidden_until_scripts(value: &scraper::node::Element) -> bool {
    if tags::attr(value, &local_name!("hidden")).is_some() {
        return true;
    }
    tags::attr(value, &local_name!("style")).is_some_and(|style| {
        let style: String = style
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Hidden by a screen-reader-only class.
fn has_hidden_class(value: &scraper::node::Element) -> bool {
    tags::class_values(value).any(|v| ClassNames::of(v).hidden)
}

/// For a tag of [`MAYBE_PAGE`]: a suspect when it holds one of the
/// elements that make it a possible wrapper of the page, else dropped.
fn may_hold_page(el: &ElementRef) -> Option<Verdict> {
    let (_, inside) = MAYBE_PAGE
        .iter()
        .find(|(tag, _)| *tag == el.value().name())?;
    let wraps = el
        .descendent_elements()
        .any(|e| inside.contains(&e.value().name()));
    Some(if wraps {
        Verdict::Suspect
    } else {
        Verdict::Drop
    })
}

/// True for a hidden box that React's streaming renderer fills server-side
/// (`<div hidden id="S:0">`) and moves into place with a script: it holds
/// the page's content, not hidden furniture.
fn is_streamed(el: &ElementRef) -> bool {
    el.value().id().is_some_and(|id| {
        id.strip_prefix("S:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// How sure a class or id is that it names furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// A `strong` word of `[furniture]` (`rules/extract/words.toml`).
    Strong,
    /// Only a `weak` word, and no `content` word.
    Weak,
}

/// Whether the element's class or id names page furniture, and how surely.
fn named_furniture(el: &ElementRef, profile: Profile) -> Option<Naming> {
    let value = el.value();
    let (mut weak, mut content) = (false, false);
    if let Some(id) = value.id() {
        let named = Named::of(id);
        let reviews = profile.drop_reviews && named.review;
        // An id that only repeats the box's heading names nothing.
        let slug = (named.strong || named.weak || reviews) && named::is_heading_slug(el, id);
        if !slug {
            if (named.strong && !(profile.keep_comments && named.thread)) || reviews {
                return Some(Naming::Strong);
            }
            weak = named.weak;
            content = named.content && !named.weak;
        }
    }
    // Each class as the id above, asked of the whole value at once.
    for classes in tags::class_values(value).map(ClassNames::of) {
        let strong = classes.strong_alone || (classes.strong && !profile.keep_comments);
        if strong || (profile.drop_reviews && classes.review) {
            return Some(Naming::Strong);
        }
        weak |= classes.weak;
        content |= classes.content;
    }
    (weak && !content).then_some(Naming::Weak)
}

/// True when a box only weakly named like furniture (`teaser`, `meta`,
/// `widget`) holds prose (see [`prose::is_text_box`]).
fn is_plain_prose(el: &ElementRef, profile: Profile, tuning: &Tuning) -> bool {
    let name = el.value().name();
    let by_name_only = !SUSPECT_FURNITURE.contains(&name)
        && !MAYBE_PAGE.iter().any(|(tag, _)| *tag == name)
        && !has_furniture_role(el)
        && !hidden_until_scripts(el.value());
    by_name_only
        && named_furniture(el, profile) == Some(Naming::Weak)
        && prose::is_text_box(el, tuning)
}

/// An image caption: a `<figcaption>`, or a box whose class or id names one.
fn is_caption(el: &ElementRef) -> bool {
    el.value().name() == "figcaption" || names_element(el, &furniture().caption)
}

fn has_furniture_role(el: &ElementRef) -> bool {
    tags::role(el.value()).is_some_and(|role| {
        furniture()
            .roles
            .iter()
            .any(|r| role.eq_ignore_ascii_case(r))
    })
}

fn in_article(el: &ElementRef) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| Container::Article.marks(&a))
}

/// The `[furniture]` words of `rules/extract/words.toml`.
fn furniture() -> &'static Furniture {
    &WORDS.furniture
}

/// Decides what is dropped, given the suspects pardoned for holding the article.
#[derive(Debug, Clone, Default)]
pub struct Pruner {
    pub pardoned: HashSet<NodeId>,
    /// Boxes inside the article that are mostly links (related posts, link lists).
    pub link_boxes: HashSet<NodeId>,
    /// The cards of teaser lists inside an article ([`super::repeated`]).
    pub teasers: HashSet<NodeId>,
    /// Leave out only what a browser does not show, furniture included: the
    /// whole visible text of a page, against which the review tools tell
    /// what extraction dropped.
    pub visible_only: bool,
    /// How the page's type has content found.
    pub profile: Profile,
    /// The thresholds of the extraction mode.
    pub tuning: Tuning,
    /// Tables are left out (`--no-tables`).
    pub drop_tables: bool,
}

impl Pruner {
    /// True when `el` and everything inside it is left out. The text walker
    /// asks this inside the chosen container, where a weakly named box of
    /// plain prose is kept (the content search does not count it), and so is
    /// a link box that holds a paragraph of prose.
    pub fn drops(&self, el: &ElementRef) -> bool {
        if self.visible_only {
            let value = el.value();
            return INVISIBLE.contains(&value.name()) || is_hidden(value);
        }
        if self.link_boxes.contains(&el.id()) && !self.holds_prose_paragraph(el) {
            return true;
        }
        self.teasers.contains(&el.id()) || self.is_quoted_post(el) || self.judged_out(el)
    }

    /// A thread's quote of an earlier post, in a reply: the thread already
    /// holds the post. Left out by the walker only, so that the search for
    /// the thread's box counts it.
    fn is_quoted_post(&self, el: &ElementRef) -> bool {
        self.profile.keep_comments && el.value().name() == "blockquote" && is_quote_in_reply(el)
    }

    /// Why `el` is left out with everything inside it ([`Pruner::drops`]),
    /// or none when it is not.
    pub fn why_dropped(&self, el: &ElementRef) -> Option<Decision> {
        if !self.drops(el) {
            return None;
        }
        let value = el.value();
        let name = value.name();
        if self.link_boxes.contains(&el.id()) && !self.holds_prose_paragraph(el) {
            return Some(Decision::LinkBox);
        }
        if self.teasers.contains(&el.id()) {
            return Some(Decision::TeaserList);
        }
        if self.is_quoted_post(el) {
            return Some(Decision::QuotedPost);
        }
        if self.drop_tables && name == "table" {
            return Some(Decision::Table);
        }
        if is_caption(el) {
            return Some(Decision::Caption);
        }
        let by_tag = tags::never_text(name)
            || SUSPECT_FURNITURE.contains(&name)
            || MAYBE_PAGE.iter().any(|(tag, _)| *tag == name)
            || has_furniture_role(el)
            || is_hidden(value);
        Some(match by_tag {
            true => Decision::FurnitureTag,
            false => Decision::FurnitureName,
        })
    }

    /// Judges one element by its tag, role, visibility, class and id, for
    /// this page's profile.
    pub fn judge(&self, el: &ElementRef) -> Verdict {
        judge_as(el, self.profile)
    }

    /// Left out for its own tag, role, visibility, class or id.
    fn judged_out(&self, el: &ElementRef) -> bool {
        if self.drop_tables && el.value().name() == "table" {
            return true;
        }
        if self.tuning.keep_captions && is_caption(el) {
            return false;
        }
        match self.judge(el) {
            Verdict::Keep => false,
            Verdict::Drop => true,
            Verdict::Suspect => {
                !self.pardoned.contains(&el.id()) && !is_plain_prose(el, self.profile, &self.tuning)
            }
        }
    }

    /// True when a paragraph of prose inside `box_el` is not itself left
    /// out: a box of links around it (buttons, a menu, a picture link) does
    /// not make it a link list.
    fn holds_prose_paragraph(&self, box_el: &ElementRef) -> bool {
        prose::paragraphs(box_el, &self.tuning).any(|p| {
            !p.ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != box_el.id())
                .chain(std::iter::once(p))
                .any(|a| self.judged_out(&a))
        })
    }
}

mod banner;
mod class_words;
mod disclosure;
mod named;
mod overlay;
#[cfg(test)]
mod tests;
