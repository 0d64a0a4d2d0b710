//! One document through the pipeline: decode -> extract (HTML only) -> mojibake
//! repair -> language -> rules -> layout. Returns the clean text, its metadata
//! and the edits that made it, and flags a document that lost most of itself
//! (to the rules, or to extraction) with a warning.
//! Never fails: a document that yields nothing comes back with empty text.
//! The steps before the rules ([`prepare`]) are apart from the rules
//! ([`Prepared::clean_with`]), so that the review tools can run two rule sets
//! over one prepared document and show the text the rules started from.

mod metadata;
mod prepare;

pub use metadata::Metadata;
pub use prepare::{prepare, prepare_reviewed, prepare_with};

use crate::extract::{self, MdLine};
use crate::lang::Identified;
use crate::layout::layout;
use crate::markdown;
use crate::rules::{Edit, RuleSet};
use crate::source::Doc;
use std::sync::OnceLock;

/// A cleaned document.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub meta: Metadata,
    pub edits: Vec<Edit>,
    /// Problems worth telling the user about that did not stop cleaning.
    pub warnings: Vec<String>,
    /// The clean text as Markdown, when asked for (`--format markdown`).
    pub markdown: Option<String>,
}

/// A document made ready for the rules: the text as extracted (for HTML, the
/// title and the article blocks, one paragraph each), its mojibake repaired,
/// and what is known so far.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The text as decoded and extracted, before any repair.
    pub body: String,
    /// The body with its mojibake repaired, when it had any; the rules run on it.
    pub repaired: Option<String>,
    /// The repairs, line by line (same line numbers as `body`).
    pub repairs: Vec<Edit>,
    pub meta: Metadata,
    pub warnings: Vec<String>,
    /// What extraction left out of an HTML page, placed by line of `body`;
    /// only filled by [`prepare_reviewed`].
    pub dropped: Vec<Dropped>,
    /// What the Markdown output is rendered from, when it is asked for.
    pub markdown: MarkdownSource,
    /// The page's comment section (`--comments`), prepared apart from the
    /// article so that the rules meant for an article's tail do not cut it
    /// or act on the article as if the comments were its end.
    pub comments: Option<Box<Prepared>>,
    /// The language of the text the rules run on, identified at the first
    /// ask ([`Prepared::lang`]): a run whose output shows no metadata asks
    /// only when a rule limited to some languages could act.
    pub(crate) lang: OnceLock<Option<Identified>>,
}

/// The warning for Markdown that did not line up with the text.
const MARKDOWN_OFF_LINE: &str =
    "the Markdown did not line up with the text; written as plain paragraphs";

/// The line that opens the comment section in text output.
pub const COMMENTS_MARKER: &str = "--- Comments ---";

/// What a prepared document's Markdown is made from.
#[derive(Debug, Clone, Default)]
pub enum MarkdownSource {
    /// No Markdown is asked for.
    #[default]
    None,
    /// The text itself, escaped (a plain-text document).
    Plain,
    /// The Markdown of each paragraph of the body, line for line.
    Lines(Vec<Vec<MdLine>>),
}

/// How documents are cleaned besides the rules: what extraction favours and
/// keeps, and what the output holds. The default is newsclean's default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub extract: extract::Options,
    /// The title leads the text (the default; `--no-title` leaves it out).
    pub title: bool,
    /// Identify every document's language, for its metadata (JSONL,
    /// sidecars) or the stop-word signal; otherwise only when a rule needs it.
    pub identify: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            extract: extract::Options::default(),
            title: true,
            identify: true,
        }
    }
}

/// A run of a page's visible text that extraction left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The 1-based line of `body` it stood before (one past the last line
    /// when it came after the article).
    pub line: usize,
    /// The id of the extraction decision that left it out
    /// (`extract.link-list`, ...; see [`extract::Decision`]).
    pub rule: &'static str,
    /// Its blocks, one per line.
    pub text: String,
}

/// A document is flagged when the rules remove more than this share of its
/// words, or extraction keeps less than [`KEPT_LITTLE`] of the page's
/// visible words.
pub const REMOVED_MOST: f64 = 0.5;
pub const KEPT_LITTLE: f64 = 0.1;
/// Flags and the extraction share are only judged on pages with at least this
/// many visible words (a page of a title and a line is not "little").
const FLAG_MIN_WORDS: usize = 100;

/// The flag of a document whose rules removed more than [`REMOVED_MOST`] of its words.
pub const FLAG_RULES_REMOVED_MOST: &str = "rules_removed_most";
/// The flag of a page whose article holds less than [`KEPT_LITTLE`] of its visible words.
pub const FLAG_EXTRACTION_KEPT_LITTLE: &str = "extraction_kept_little";

/// Cleans one document with `rules`.
pub fn clean(doc: &Doc, rules: &RuleSet) -> Cleaned {
    prepare(doc).clean_with(rules)
}

/// Cleans one document with `rules` and `options`.
pub fn clean_with_options(doc: &Doc, rules: &RuleSet, options: &Options) -> Cleaned {
    prepare_with(doc, options).clean_with(rules)
}

impl Prepared {
    /// The text the rules run on.
    pub fn rules_input(&self) -> &str {
        self.repaired.as_deref().unwrap_or(&self.body)
    }

    /// The language of the text the rules run on; identified at the first ask.
    pub fn lang(&self) -> Option<Identified> {
        *self
            .lang
            .get_or_init(|| crate::lang::identify(self.rules_input()))
    }

    /// Runs `rules` over the repaired body and lays the result out. The review
    /// tools call this once per rule set on the same prepared document.
    pub fn clean_with(&self, rules: &RuleSet) -> Cleaned {
        crate::budget::check_deadline();
        let input = self.rules_input();
        let applied = rules.apply_in(
            input,
            &|| self.lang().and_then(|l| l.trusted()),
            self.meta.page_type.as_deref(),
        );
        let mut meta = self.meta.clone();
        for (field, value) in applied.captures {
            meta.absorb(field, value);
        }
        meta.normalise_date();
        // Words are counted only when the rules may have removed enough of
        // them to be flagged (see [`may_remove`]).
        let (before, after) =
            if may_remove(&applied.edits) as f64 > REMOVED_MOST * FLAG_MIN_WORDS as f64 {
                (word_count(input), word_count(&applied.text))
            } else {
                (0, 0)
            };
        let removed_most = before >= FLAG_MIN_WORDS
            && (before - after.min(before)) as f64 > REMOVED_MOST * before as f64;
        if removed_most {
            meta.flags.push(FLAG_RULES_REMOVED_MOST.into());
        }
        let mut edits = self.repairs.clone();
        edits.extend(applied.edits);
        let text = layout(&applied.text);
        let mut warnings = self.warnings.clone();
        if removed_most {
            warnings.push(format!(
                "the rules removed {} of its {before} words: check them with `newsclean explain`",
                before - after
            ));
        }
        let markdown = match &self.markdown {
            MarkdownSource::None => None,
            MarkdownSource::Plain => Some(markdown::plain(&text)),
            MarkdownSource::Lines(paragraphs) => Some(
                markdown::render(&self.body, paragraphs, &applied.text, &edits).unwrap_or_else(
                    || {
                        warnings.push(MARKDOWN_OFF_LINE.to_string());
                        markdown::plain(&text)
                    },
                ),
            ),
        };
        let mut cleaned = Cleaned {
            text,
            meta,
            edits,
            warnings,
            markdown,
        };
        if let Some(comments) = &self.comments {
            cleaned.append_comments(comments.clean_with(rules), self.body.lines().count());
        }
        cleaned
    }
}

impl Cleaned {
    /// Appends the cleaned comment section after the article, marked, unless
    /// nothing is left of either; its edits count lines on from `lines`.
    fn append_comments(&mut self, comments: Cleaned, lines: usize) {
        if self.text.is_empty() || comments.text.is_empty() {
            return;
        }
        self.text = format!("{}\n{COMMENTS_MARKER}\n\n{}", self.text, comments.text);
        if let (Some(md), Some(more)) = (&mut self.markdown, &comments.markdown) {
            *md = format!("{md}\n---\n\n## Comments\n\n{more}");
        }
        self.edits.extend(comments.edits.into_iter().map(|mut e| {
            e.line += lines;
            e
        }));
    }
}

/// The most words `edits` can have removed: each takes at most the words of
/// the text it replaced, and one more where it joins two words into one.
/// When that is at most [`REMOVED_MOST`] of [`FLAG_MIN_WORDS`], no page is
/// flagged (a shorter one is never judged, and from a longer one less than
/// that share went), so neither text needs counting: most documents lose a
/// line or two.
fn may_remove(edits: &[Edit]) -> usize {
    edits.iter().map(|e| word_count(&e.before) + 1).sum()
}

/// Words as whitespace-separated runs: what the flags count.
fn word_count(text: &str) -> usize {
    crate::extract::count_words(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_json_has_each_key_once() {
        let mut meta = Metadata {
            url: Some("https://a.example/".into()),
            source: "dump.jsonl:3".into(),
            ..Metadata::default()
        };
        meta.extra.insert("url".into(), "https://b.example/".into());
        meta.extra.insert("source".into(), "common-crawl".into());
        meta.extra.insert("lang".into(), "en".into());
        let json = serde_json::to_string(&meta.to_json()).unwrap();
        assert_eq!(json.matches("\"url\"").count(), 1, "{json}");
        assert_eq!(json.matches("\"source\"").count(), 1, "{json}");
        let map = meta.to_json();
        assert_eq!(map["url"], "https://a.example/");
        assert_eq!(map["extra_url"], "https://b.example/");
        assert_eq!(map["extra_source"], "common-crawl");
        assert_eq!(map["lang"], "en");
    }

    fn rules(toml: &str) -> RuleSet {
        let source = crate::rules::RuleSource {
            name: "test.toml".into(),
            text: toml.into(),
            dir: None,
        };
        RuleSet::load(&[source]).expect("rules compile").0
    }

    fn doc(text: &str, html: bool) -> Doc {
        Doc {
            bytes: text.as_bytes().to_vec(),
            hints: crate::source::Hints {
                is_html: Some(html),
                ..Default::default()
            },
            ..Doc::default()
        }
    }

    #[test]
    fn a_document_the_rules_mostly_removed_is_flagged_with_a_warning() {
        let drop = rules(
            "[[rule]]\nid = \"t.noise\"\nkind = \"drop_line\"\ndescription = \"d\"\npattern = '^Noise '\n",
        );
        let noise = "Noise line with several words in it here.\n".repeat(20);
        let text = format!("A kept line of text that stays.\n{noise}");
        let cleaned = clean(&doc(&text, false), &drop);
        assert_eq!(cleaned.meta.flags, [FLAG_RULES_REMOVED_MOST]);
        assert!(
            cleaned
                .warnings
                .iter()
                .any(|w| w.contains("removed 160 of its 167 words"))
        );
        // Half or less is not "most".
        let half = format!(
            "{}{}",
            "Kept line of eight words in it here.\n".repeat(20),
            noise
        );
        assert!(clean(&doc(&half, false), &drop).meta.flags.is_empty());
        // A short document is not judged.
        assert!(
            clean(&doc("Noise a b c\n", false), &drop)
                .meta
                .flags
                .is_empty()
        );
    }

    #[test]
    fn a_page_whose_article_is_a_sliver_of_its_text_is_flagged() {
        let links: String = (0..40)
            .map(|i| format!("<li><a href=\"/{i}\">Section number {i} of the site</a></li>"))
            .collect();
        let page = format!(
            "<html><body><nav><ul>{links}</ul></nav><article><h1>Title</h1>\
             <p>One short sentence of article.</p></article></body></html>"
        );
        let cleaned = clean(&doc(&page, true), &RuleSet::new(Vec::new()));
        assert!(
            cleaned.text.contains("One short sentence"),
            "{}",
            cleaned.text
        );
        assert_eq!(cleaned.meta.flags, [FLAG_EXTRACTION_KEPT_LITTLE]);
        let json = serde_json::to_string(&cleaned.meta.to_json()).unwrap();
        assert!(
            json.contains("\"flags\":[\"extraction_kept_little\"]"),
            "{json}"
        );
    }

    #[test]
    fn language_is_in_the_metadata_and_chooses_the_rules() {
        let doubled = rules(
            "[[rule]]\nid = \"t.doubled\"\nkind = \"doubled_word\"\ndescription = \"d\"\nlanguages = [\"en\"]\n",
        );
        let en = "The council said on Monday that the the budget would grow by a tenth next year, and the mayor agreed with it.\n";
        let cleaned = clean(&doc(en, false), &doubled);
        assert_eq!(cleaned.meta.lang.as_deref(), Some("en"));
        assert!(cleaned.meta.lang_confidence.is_some_and(|c| c > 0.5));
        assert!(cleaned.text.contains("that the budget"), "{}", cleaned.text);
        let id = "Menurut warga, kejadian itu sudah biasa biasa saja dan tidak perlu dibesar-besarkan oleh media setempat.\n";
        let cleaned = clean(&doc(id, false), &doubled);
        assert_eq!(cleaned.meta.lang.as_deref(), Some("id"));
        assert!(
            cleaned.text.contains("biasa biasa saja"),
            "{}",
            cleaned.text
        );
    }

    proptest::proptest! {
        /// What [`may_remove`] rests on: replacing one span of a text takes
        /// away at most the words of the span and one more.
        #[test]
        fn an_edit_removes_at_most_its_words_and_one(
            text in "([a-z]{1,3}| |  |\n|\u{a0}|é){0,30}",
            a in 0usize..40,
            b in 0usize..40,
            after in "([a-z]{1,2}| ){0,3}",
        ) {
            let chars: Vec<char> = text.chars().collect();
            let (a, b) = (a.min(chars.len()), b.min(chars.len()));
            let (a, b) = (a.min(b), a.max(b));
            let piece = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
            let before = piece(a..b);
            let edited = format!("{}{after}{}", piece(0..a), piece(b..chars.len()));
            let removed = word_count(&text).saturating_sub(word_count(&edited));
            proptest::prop_assert!(removed <= word_count(&before) + 1);
        }
    }
}
