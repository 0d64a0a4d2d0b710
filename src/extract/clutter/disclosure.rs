//! Disclosure widgets (accordions, FAQ lists): a `<button>` that shows and
//! hides a panel (`aria-controls`, `aria-expanded`) and the panel it opens,
//! hidden until a reader clicks (`hidden`, `display:none`). The button holds
//! the question or the section's title, the panel its answer or its text:
//! both are the page's content, however the page hides them at first.

use html5ever::local_name;
use scraper::ElementRef;

/// True for a `<button>` that opens and closes a panel: it names the panel
/// (`aria-controls`) or says whether it is open (`aria-expanded`); a tab
/// (`role="tab"`) is one too: its panel is the page's text as much as the
/// one shown first.
pub(super) fn is_toggle(el: &ElementRef) -> bool {
    let value = el.value();
    value.name.local == local_name!("button")
        && (value.attr("aria-controls").is_some() || value.attr("aria-expanded").is_some())
}

/// True when `el` is the panel of a toggle beside it: a toggle among its
/// siblings (or inside one) names `el`'s id in its `aria-controls`.
pub(super) fn is_panel(el: &ElementRef) -> bool {
    let Some(id) = el.value().id().filter(|id| !id.is_empty()) else {
        return false;
    };
    let Some(parent) = el.parent() else {
        return false;
    };
    parent
        .children()
        .filter(|sibling| sibling.id() != el.id())
        .flat_map(|sibling| sibling.descendants())
        .filter_map(ElementRef::wrap)
        .any(|e| {
            is_toggle(&e)
                && e.value()
                    .attr("aria-controls")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == id))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toggle_names_its_panel_and_nothing_else() {
        let html = scraper::Html::parse_document(
            r#"<div><button aria-controls="a1" aria-expanded="false">Is it free?</button>
            <div id="a1" hidden><p>Yes.</p></div><div id="a2" hidden><p>No.</p></div></div>
            <button>Send</button>"#,
        );
        let sel = scraper::Selector::parse("button, div[id]").unwrap();
        let els: Vec<_> = html.select(&sel).collect();
        let toggles: Vec<bool> = els.iter().map(is_toggle).collect();
        let panels: Vec<bool> = els.iter().map(is_panel).collect();
        // In document order: the toggle, panel a1, panel a2, the plain button.
        assert_eq!(toggles, [true, false, false, false]);
        assert_eq!(panels, [false, true, false, false]);
    }
}
