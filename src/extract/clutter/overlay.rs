//! Boxes that can outweigh a short page's own text without ever wrapping
//! it: a dialog (`role="dialog"` or `alertdialog`: a privacy policy, the
//! terms of sale, a size guide, opened over the page by a script) and, on a
//! product page, the customers' reviews (the `reviews` words of
//! `rules/extract/words.toml`). The content search pardons furniture that
//! holds most of a page ([`crate::extract::content`]), so it would choose
//! such a box over a product's short description: these are dropped
//! outright instead, like consent banners ([`super::banner`]), unless they
//! wrap the page's own `<main>`, `<article>` or `<h1>` (a dialog: its
//! `<main>` or `<article>`, as the terms of sale it opens hold an `<h1>`
//! of their own).

use super::{furniture, names_element, wraps_page};
use crate::extract::page_type::Profile;
use crate::extract::tags;
use scraper::ElementRef;

/// ARIA roles of a box laid over the page.
const DIALOG_ROLES: &[&str] = &["dialog", "alertdialog"];

/// What a dialog holds when it is the page, shown over nothing.
const DIALOG_PAGE: &[&str] = &["main", "article"];

/// True for a dialog or a product page's reviews, which can never be the
/// article's wrapper.
pub(super) fn never_wraps(el: &ElementRef, profile: Profile) -> bool {
    if is_dialog(el) {
        return !el
            .descendent_elements()
            .any(|e| DIALOG_PAGE.contains(&e.value().name()));
    }
    profile.drop_reviews && names_element(el, &furniture().reviews) && !wraps_page(el)
}

fn is_dialog(el: &ElementRef) -> bool {
    tags::role(el.value()).is_some_and(|role| {
        DIALOG_ROLES
            .iter()
            .any(|r| role.trim().eq_ignore_ascii_case(r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first_div(html: &str, profile: Profile) -> bool {
        let doc = Html::parse_document(html);
        let div = Selector::parse("div").unwrap();
        never_wraps(&doc.select(&div).next().unwrap(), profile)
    }

    #[test]
    fn a_dialog_never_wraps_the_page_unless_it_holds_its_article() {
        let any = Profile::default();
        assert!(first_div(
            r#"<div role="dialog" aria-modal="true"><h2>Privacy policy</h2><p>We collect.</p></div>"#,
            any
        ));
        assert!(first_div(
            r#"<div role="AlertDialog"><p>Sure?</p></div>"#,
            any
        ));
        assert!(first_div(
            r#"<div role="dialog"><h1>Terms of sale</h1><p>We sell.</p></div>"#,
            any
        ));
        assert!(!first_div(
            r#"<div role="dialog"><article><h1>Title</h1><p>Text.</p></article></div>"#,
            any
        ));
        assert!(!first_div(r#"<div role="region"><p>Text.</p></div>"#, any));
    }

    #[test]
    fn reviews_never_wrap_a_product_page_only() {
        let html = r#"<div class="product-reviews"><p>Great mug, five stars.</p></div>"#;
        let product = Profile {
            drop_reviews: true,
            ..Profile::default()
        };
        assert!(first_div(html, product));
        assert!(!first_div(html, Profile::default()));
    }
}
