//! HTML to article text. Owns recognising HTML by its content, finding the main
//! content of a page, dropping everything around it, and lifting page metadata
//! (title, date, site name, canonical URL, author).

/// The article found in a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: Option<String>,
    /// Paragraphs of the article body, in order, whitespace collapsed.
    pub blocks: Vec<String>,
    pub meta: PageMeta,
}

/// Metadata a page states about itself.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub date: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

/// True when `text` is an HTML document rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

/// Extracts the article from an HTML page.
pub fn extract(html: &str) -> Page {
    let doc = scraper::Html::parse_document(html);
    let blocks = doc
        .root_element()
        .text()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    Page {
        title: None,
        blocks,
        meta: PageMeta::default(),
    }
}
