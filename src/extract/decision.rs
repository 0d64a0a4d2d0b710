//! The decisions by which extraction leaves text out, each with a stable id
//! (`extract.link-list`, `extract.edge-label`, ...) that the review tools
//! show beside what it removed, as they show a rule's id beside its edits:
//! `explain` lists them, `diff --html` labels the greyed text with them.
//! One registry: every place that drops text names one of these.

/// Why a run of the page's visible text is not in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Outside the box the content search chose (and not its lead).
    OutsideArticle,
    /// Before the body box, but not a prose paragraph that can lead it.
    NotLead,
    /// Furniture by its tag or ARIA role (`nav`, `script`, `footer`,
    /// `role=banner`). (What is hidden is not visible text: never reported.)
    FurnitureTag,
    /// Furniture by a word of its class or id (`share`, `related`, `sidebar`).
    FurnitureName,
    /// An image caption (`figcaption`, a box named `caption`).
    Caption,
    /// A box inside the article that is mostly links.
    LinkBox,
    /// A card of a teaser list inside an article: one of several boxes of
    /// one shape, each a short link to another story.
    TeaserList,
    /// In a forum thread, a reply's quote of an earlier post.
    QuotedPost,
    /// A data table, with `--no-tables`.
    Table,
    /// A block or a list of mostly links, or the heading that labels one.
    LinkList,
    /// A picture credit or copyright line ("Foto: dpa", "© Getty Images").
    Credit,
    /// A short paragraph that ends no sentence (`--favor precision`).
    ShortParagraph,
    /// A heading with nothing after it.
    TrailingHeading,
    /// A label at the edges of the article ("3 min read", "Photo: Reuters").
    EdgeLabel,
    /// The article's own copy of its title (the title leads the text).
    TitleRepeat,
    /// A block that repeats an earlier block of the article word for word.
    Copy,
    /// In a forum thread, a short line repeated in the posts (a member's
    /// rank, "Offline", "1 Like"), after its first copy.
    PostLabel,
}

impl Decision {
    /// Every decision, in the order of the stages that take them.
    pub const ALL: [Decision; 17] = [
        Decision::OutsideArticle,
        Decision::NotLead,
        Decision::FurnitureTag,
        Decision::FurnitureName,
        Decision::Caption,
        Decision::LinkBox,
        Decision::TeaserList,
        Decision::QuotedPost,
        Decision::Table,
        Decision::LinkList,
        Decision::Credit,
        Decision::ShortParagraph,
        Decision::TrailingHeading,
        Decision::EdgeLabel,
        Decision::TitleRepeat,
        Decision::Copy,
        Decision::PostLabel,
    ];

    /// The decision's id, as the review tools show it.
    pub fn id(self) -> &'static str {
        match self {
            Decision::OutsideArticle => "extract.outside-article",
            Decision::NotLead => "extract.not-lead",
            Decision::FurnitureTag => "extract.furniture-tag",
            Decision::FurnitureName => "extract.furniture-name",
            Decision::Caption => "extract.caption",
            Decision::LinkBox => "extract.link-box",
            Decision::TeaserList => "extract.teaser-list",
            Decision::QuotedPost => "extract.quoted-post",
            Decision::Table => "extract.table",
            Decision::LinkList => "extract.link-list",
            Decision::Credit => "extract.credit",
            Decision::ShortParagraph => "extract.short-paragraph",
            Decision::TrailingHeading => "extract.trailing-heading",
            Decision::EdgeLabel => "extract.edge-label",
            Decision::TitleRepeat => "extract.title-repeat",
            Decision::Copy => "extract.copy",
            Decision::PostLabel => "extract.post-label",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_named_like_rules() {
        for (i, d) in Decision::ALL.iter().enumerate() {
            let id = d.id();
            assert!(id.starts_with("extract.") && !id.contains(' '), "{id}");
            assert!(Decision::ALL[..i].iter().all(|e| e.id() != id), "{id}");
        }
    }
}
