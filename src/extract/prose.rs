//! What is prose even where its box looks like furniture: a weakly named box
//! of link-free text (a lead called `teaser`) or of paragraphs of prose (a
//! product box called `widget` in a buying guide), an inline element in running
//! text (a `dateline` span opening the lead), a paragraph of prose in a box of
//! links. [`super::clutter`] asks these questions before dropping a box.

use super::measure::Measure;
use super::repeated;
use super::tags;
use super::tuning::Tuning;
use scraper::ElementRef;

/// True when `el` holds a stretch of at least `min_chars` of text (non-space
/// characters; [`super::tuning::Tuning::weak_box_chars`]) without a single link (inside the
/// article that is its lead or a text box, not a teaser list or a byline,
/// which link to their stories and authors), or sits in running text, or
/// holds a paragraph of prose of its own (see [`paragraphs`]): a product box
/// of a buying guide with a link to its review, not one whose prose sits in
/// repeated items (reviews, story cards; [`repeated::in_repeated_card`]).
pub fn is_text_box(el: &ElementRef, tuning: &Tuning) -> bool {
    let m = Measure::of_element(el);
    let own_prose = || {
        paragraphs(el, tuning).any(|p| !repeated::in_repeated_card(&p, el, tuning.repeat_min_items))
    };
    (m.chars >= tuning.weak_box_chars && (m.link_chars == 0 || own_prose()))
        || in_running_text(el, tuning)
}

/// True when `el` is an inline element inside a paragraph of running text
/// (`<p><span class="dateline">KOBE –</span> A total of...</p>`): it is part
/// of the sentence, whatever its class says.
fn in_running_text(el: &ElementRef, tuning: &Tuning) -> bool {
    let inline = tags::is_sentence_part(el.value().name());
    inline
        && el.parent().and_then(ElementRef::wrap).is_some_and(|p| {
            p.value().name() == "p" && text_chars(&p) >= tuning.running_text_chars + text_chars(el)
        })
}

/// The paragraphs (`<p>`) inside `el` that are a stretch of prose with
/// (almost) no links.
pub fn paragraphs<'a>(
    el: &ElementRef<'a>,
    tuning: &Tuning,
) -> impl Iterator<Item = ElementRef<'a>> {
    el.descendent_elements()
        .filter(|p| p.value().name() == "p")
        .filter(|p| {
            let m = Measure::of_element(p);
            m.chars >= tuning.prose_paragraph_chars
                && m.links_under(tuning.prose_paragraph_link_share)
        })
}

/// Non-space characters of the text under `el`.
fn text_chars(el: &ElementRef) -> usize {
    Measure::of_element(el).chars
}
