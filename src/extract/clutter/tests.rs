//! Tests of what counts as furniture.
use super::*;

/// The default pruner with the extraction profile of a type of page.
fn with_profile(profile: Profile) -> Pruner {
    Pruner {
        profile,
        ..Pruner::default()
    }
}

#[test]
fn words_split_at_separators_digits_and_humps() {
    let w: Vec<String> = words("relatedPosts top-ad_2x AdSense").collect();
    assert_eq!(w, ["related", "posts", "top", "ad", "x", "ad", "sense"]);
}

#[test]
fn furniture_is_matched_by_whole_words() {
    let names_furniture = |v| names_any(v, &furniture().strong);
    for yes in [
        "share-buttons",
        "top-ad",
        "adSlot",
        "post-tags",
        "sidebar",
        "comments-area",
        "wp-caption-text",
        "img__credit",
        "legend",
        "aawp-disclaimer",
        "postmetadata",
        "affiliate-text",
        "community-notice",
    ] {
        assert!(names_furniture(yes), "{yes}");
    }
    // An embed is weak furniture: publishers call content boxes embeds too.
    assert!(names_any("privacy-embed-preview", &furniture().weak));
    for no in [
        "privacy-embed-preview",
        "header-title",
        "shadow",
        "load-more-x",
        "stage",
        "entry-content",
        "o-section--has-ads",
        "tag-ads",
    ] {
        assert!(!names_furniture(no), "{no}");
    }
}

#[test]
fn post_utility_lines_are_weak_furniture() {
    let html = scraper::Html::parse_document(
        r#"<div class="entry-utility">Posted in News</div><div class="utility entry-content">x</div>"#,
    );
    let sel = scraper::Selector::parse("div").unwrap();
    let mut divs = html.select(&sel);
    assert_eq!(judge(&divs.next().unwrap()), Verdict::Suspect);
    assert_eq!(judge(&divs.next().unwrap()), Verdict::Keep);
}

#[test]
fn a_font_style_class_names_no_furniture() {
    // Utility-first CSS names typography after what it looks like: the
    // cells of a table styled `font-utility-2` are text, not a post's
    // utility line.
    let names_weak = |v| names_any(v, &furniture().weak);
    assert!(!names_weak("font-utility-2"));
    assert!(names_weak("entry-utility"));
    assert!(names_weak("utility"));
}

#[test]
fn an_id_that_is_its_headings_slug_names_nothing() {
    let html = scraper::Html::parse_document(
        r#"<section id="respond-to-review-comments"><h2>Respond to review comments</h2><p>x</p></section>
        <section id="related-posts"><h2>Related posts</h2><p>y</p></section>
        <section id="comments-policy-in-short-2"><h3>Comments policy, in short</h3><p>z</p></section>
        <section id="comments-and-replies"><h2>What readers say</h2><p>w</p></section>"#,
    );
    let sel = scraper::Selector::parse("section").unwrap();
    let sections: Vec<_> = html.select(&sel).collect();
    let profile = Profile::default();
    assert_eq!(named_furniture(&sections[0], profile), None);
    // Two words head the furniture they name.
    assert_eq!(named_furniture(&sections[1], profile), Some(Naming::Strong));
    // A heading's slug without its punctuation, and a number after it.
    assert_eq!(named_furniture(&sections[2], profile), None);
    // An id of other words than the heading's still names the box.
    assert_eq!(named_furniture(&sections[3], profile), Some(Naming::Strong));
}

#[test]
fn article_is_never_dropped_for_its_class() {
    let html = scraper::Html::parse_document(
        r#"<article class="post comments-open"><p>x</p></article><div class="comments">c</div>"#,
    );
    let sel = |s| scraper::Selector::parse(s).unwrap();
    let article = html.select(&sel("article")).next().unwrap();
    let comments = html.select(&sel("div")).next().unwrap();
    assert_eq!(judge(&article), Verdict::Keep);
    let html =
        scraper::Html::parse_document(r#"<span class="x screen-reader-text">Posted on</span>"#);
    let span = html.select(&sel("span")).next().unwrap();
    assert_eq!(judge(&span), Verdict::Drop);
    assert_eq!(judge(&comments), Verdict::Suspect);
}

#[test]
fn weakly_named_prose_is_kept_inside_the_article() {
    let lead = "The cabinet agreed on the programme for the presidency at its two-day retreat in the capital this week.";
    let html = scraper::Html::parse_document(&format!(
        r#"<p class="article-teaser">{lead}</p>
        <div class="teaser"><a href="/x">Other story</a> {lead}</div>
        <footer class="meta">{lead}</footer><p class="meta">Mon, 3 May</p>
        <div class="related">{lead}</div>"#
    ));
    let pruner = Pruner::default();
    let sel = scraper::Selector::parse("p, div, footer").unwrap();
    let dropped: Vec<bool> = html.select(&sel).map(|e| pruner.drops(&e)).collect();
    assert_eq!(dropped, [false, true, true, true, true]);
    let html = scraper::Html::parse_document(&format!(
        r#"<p><span class="dateline">KOBE –</span> {lead}</p>
        <p><span class="byline">By Ann Lee</span> | <span class="meta">3 May</span></p>"#
    ));
    let sel = scraper::Selector::parse("span").unwrap();
    let dropped: Vec<bool> = html.select(&sel).map(|e| pruner.drops(&e)).collect();
    assert_eq!(dropped, [false, true, true]);
}

#[test]
fn a_link_box_holding_a_paragraph_of_prose_is_kept() {
    let prose = "At the fair the van stood beside a row of tents, and visitors could see \
                 how the awning, the roof bed and the kitchen fold away for the road, all of it built by a small firm from the valley that opened the show this year.";
    let html = scraper::Html::parse_document(&format!(
        r#"<div id="a"><a href="/1">Home</a> <a href="/2">News</a> <p>{prose}</p></div>
        <div id="b"><a href="/1">Home</a> <a href="/2">News</a> <p>Short line.</p></div>
        <div id="c"><a href="/1">Home</a> <figcaption><p>{prose}</p></figcaption></div>"#
    ));
    let sel = scraper::Selector::parse("div").unwrap();
    let boxes: Vec<ElementRef> = html.select(&sel).collect();
    let pruner = Pruner {
        link_boxes: boxes.iter().map(|b| b.id()).collect(),
        ..Pruner::default()
    };
    let dropped: Vec<bool> = boxes.iter().map(|b| pruner.drops(b)).collect();
    assert_eq!(dropped, [false, true, true]);
}

#[test]
fn one_pass_naming_agrees_with_asking_each_list() {
    let f = furniture();
    for value in [
        "share-buttons",
        "has-comments",
        "no-sidebar widget",
        "commentList",
        "tag-ads",
        "article-teaser",
        "entry-content",
        "post-meta",
        "relatedPosts",
        "Kommentare",
        "ÜberSidebar",
    ] {
        let named = Named::of(value);
        let each = (
            names_any(value, &f.strong),
            names_any(value, &f.weak),
            names_any(value, &f.content),
            names_any(value, &f.thread),
        );
        assert_eq!(
            (named.strong, named.weak, named.content, named.thread),
            each,
            "{value}"
        );
    }
}

#[test]
fn a_page_hidden_until_its_scripts_ran_is_kept_and_hidden_footnotes_are_not() {
    let long = "A sentence of the article that is long enough to count as text.";
    let more = "Another sentence of the article, long enough to count as text too.";
    let page = crate::extract::extract(&format!(
        "<body><div style=\"visibility:hidden\"><h1>Title</h1><p>{long}</p><p>{more}</p>\
         <div hidden><p>Footnote one, which the reader opens with a click.</p></div></div></body>"
    ))
    .unwrap();
    assert_eq!(page.blocks, [long, more]);
    let doc = scraper::Html::parse_fragment(
        "<div style=\"display: none\"><h1>T</h1></div><div hidden><p>Note</p></div>",
    );
    let verdicts: Vec<Verdict> = doc
        .root_element()
        .child_elements()
        .map(|e| judge(&e))
        .collect();
    assert_eq!(verdicts, [Verdict::Suspect, Verdict::Drop]);
}

#[test]
fn a_highlighters_classes_inside_code_are_not_furniture() {
    let html = scraper::Html::parse_document(
        r#"<pre><code><span class="hljs-comment"># view the state</span> git status</code></pre>
        <span class="token comment">// outside code</span>"#,
    );
    let sel = scraper::Selector::parse("span").unwrap();
    let mut spans = html.select(&sel);
    assert_eq!(judge(&spans.next().unwrap()), Verdict::Keep);
    assert_eq!(judge(&spans.next().unwrap()), Verdict::Suspect);
}

#[test]
fn a_replys_quote_of_an_earlier_post_is_left_out_of_a_thread_only() {
    let html = scraper::Html::parse_document(
        r#"<div class=post><blockquote>The first post, quoted.</blockquote>
        <p>And the answer to it, in the reply.</p></div>
        <div class=post><blockquote>A post that is one quote.</blockquote></div>"#,
    );
    let sel = scraper::Selector::parse("blockquote").unwrap();
    let quotes: Vec<_> = html.select(&sel).collect();
    let thread = with_profile(Profile {
        keep_comments: true,
        ..Profile::default()
    });
    assert!(thread.drops(&quotes[0]));
    assert_eq!(thread.why_dropped(&quotes[0]), Some(Decision::QuotedPost));
    assert!(!thread.drops(&quotes[1]));
    assert!(!Pruner::default().drops(&quotes[0]));
}

#[test]
fn a_weakly_named_box_with_a_paragraph_of_prose_is_kept_unless_it_is_a_repeated_item() {
    let prose = "The dishwasher cleaned every stubborn stain in our tests, dried the plastics \
                 and ran quieter than any other model we have measured in the lab this year, \
                 at a price well under its rivals.";
    let review = |i: usize| format!(r#"<div class="review"><b>Ann {i}</b><p>{prose}</p></div>"#);
    let html = scraper::Html::parse_document(&format!(
        r#"<div id="a" class="product-widget"><h3>Best dishwasher</h3><p>{prose}</p>
        <a href="/review">Read our full review.</a></div>
        <div id="b" class="review-widget"><a href="/write">Write a review</a>{}</div>"#,
        (0..3).map(review).collect::<String>()
    ));
    let sel = scraper::Selector::parse("div[id]").unwrap();
    let pruner = Pruner::default();
    let dropped: Vec<bool> = html.select(&sel).map(|e| pruner.drops(&e)).collect();
    assert_eq!(dropped, [false, true]);
}

#[test]
fn customers_reviews_are_furniture_on_a_product_page_only() {
    let html = scraper::Html::parse_document(
        r#"<div class="product-reviews"><h3>Customer reviews</h3>
        <p>Great pack, I carried it up three mountains and it never let me down.</p></div>
        <div class="review-body"><p>Our verdict on the pack, after a month of use.</p></div>"#,
    );
    let sel = scraper::Selector::parse("div").unwrap();
    let boxes: Vec<_> = html.select(&sel).collect();
    let product = with_profile(Profile {
        drop_reviews: true,
        ..Profile::default()
    });
    assert!(product.drops(&boxes[0]));
    assert_eq!(
        product.why_dropped(&boxes[0]),
        Some(Decision::FurnitureName)
    );
    // One review, not the customers' reviews: on an article it is the article.
    assert!(!product.drops(&boxes[1]));
    assert!(!Pruner::default().drops(&boxes[0]));
}

#[test]
fn machine_made_parts_of_a_class_spell_no_furniture() {
    for hashed in ["jXK9ad", "jXK9ad-SmKAyb", "old-record-id-VmX0adK9pQr2ZtYw"] {
        assert!(!names_any(hashed, &furniture().strong), "{hashed}");
    }
    for named in [
        "ad728x90",
        "adSlot300x250",
        "top-ad",
        "navBar2016",
        "sidebar-2",
    ] {
        assert!(names_any(named, &furniture().strong), "{named}");
    }
}
