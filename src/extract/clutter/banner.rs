//! Consent banners: a box whose class or id names cookies or consent
//! (`[furniture] banner` of `rules/extract/words.toml`) is a cookie banner or
//! a consent manager's preference centre. Such a box can hold more prose
//! than a short page's article (a privacy notice, a paragraph per cookie
//! purpose), so the content search, which pardons furniture that holds most
//! of a page, must never pardon it: it is dropped outright, unless it wraps
//! the page's own `<main>`, `<article>` or `<h1>` (a page whose root says it
//! has set cookies).

use super::{furniture, names_element, wraps_page};
use scraper::ElementRef;

/// True for a consent banner that can never be the article's wrapper.
pub(super) fn is_banner(el: &ElementRef) -> bool {
    names_element(el, &furniture().banner) && !wraps_page(el)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first_div(html: &str) -> bool {
        let doc = Html::parse_document(html);
        let div = Selector::parse("div").unwrap();
        is_banner(&doc.select(&div).next().unwrap())
    }

    #[test]
    fn a_consent_box_is_a_banner_unless_it_wraps_the_page() {
        assert!(first_div(
            r#"<div id="onetrust-consent-sdk"><h2>Your privacy</h2><p>We use cookies.</p></div>"#
        ));
        assert!(first_div(
            r#"<div class="cookie-notice"><p>Cookies.</p></div>"#
        ));
        assert!(!first_div(
            r#"<div class="cookies-set"><article><h1>Title</h1><p>Text.</p></article></div>"#
        ));
        assert!(!first_div(
            r#"<div class="story"><p>About cookies.</p></div>"#
        ));
    }
}
