//! One document through the pipeline: decode -> extract (HTML only) -> mojibake
//! repair -> language -> rules -> layout. Returns the clean text, its metadata
//! and the edits that made it, and flags a document that lost most of itself
//! (to the rules, or to extraction) with a warning.
//! Never fails: a document that yields nothing comes back with empty text.
//! The steps before the rules ([`prepare`]) are apart from the rules
//! ([`Prepared::clean_with`]), so that the review tools can run two rule sets
//! over one prepared document and show the text the rules started from.

mod metadata;

pub use metadata::Metadata;

use crate::decode::{self, mojibake};
use crate::extract::{self, Form, MdLine};
use crate::lang::{self, Identified};
use crate::layout::layout;
use crate::markdown;
use crate::rules::{Edit, RuleSet};
use crate::source::Doc;

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
    /// The language of the text the rules run on.
    pub lang: Option<Identified>,
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            extract: extract::Options::default(),
            title: true,
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

    /// Runs `rules` over the repaired body and lays the result out. The review
    /// tools call this once per rule set on the same prepared document.
    pub fn clean_with(&self, rules: &RuleSet) -> Cleaned {
        crate::budget::check_deadline();
        let input = self.rules_input();
        let applied = rules.apply_in(
            input,
            self.lang.and_then(|l| l.trusted()),
            self.meta.page_type.as_deref(),
        );
        let mut meta = self.meta.clone();
        for (field, value) in applied.captures {
            meta.absorb(field, value);
        }
        meta.normalise_date();
        // Words are counted only when a rule acted: without an edit the
        // rules removed nothing.
        let (before, after) = if applied.edits.is_empty() {
            (0, 0)
        } else {
            (word_count(input), word_count(&applied.text))
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

/// Decodes a document, extracts the article text of HTML, repairs mojibake.
pub fn prepare(doc: &Doc) -> Prepared {
    prepare_with(doc, &Options::default())
}

/// [`prepare`] with `options`.
pub fn prepare_with(doc: &Doc, options: &Options) -> Prepared {
    prepare_as(doc, options, false)
}

/// Like [`prepare`], and also records what extraction left out of an HTML
/// page ([`Prepared::dropped`]): for the review tools, at the cost of a
/// second walk of the page.
pub fn prepare_reviewed(doc: &Doc) -> Prepared {
    prepare_as(doc, &Options::default(), true)
}

fn prepare_as(doc: &Doc, options: &Options, report_dropped: bool) -> Prepared {
    let decoded = decode::decode(&doc.bytes, doc.hints.content_type.as_deref());
    crate::budget::check_deadline();
    let mut meta = Metadata {
        url: doc.hints.url.clone(),
        source: doc.origin.clone(),
        encoding: decoded.encoding.to_string(),
        extra: doc.hints.extra.clone(),
        ..Metadata::default()
    };
    let mut warnings = Vec::new();
    if decoded.malformed > 0 {
        warnings.push(format!(
            "{} malformed byte sequence(s) replaced while decoding as {}",
            decoded.malformed, decoded.encoding
        ));
        meta.extra
            .insert("malformed_bytes".into(), decoded.malformed.into());
    }
    if let Some(declared) = decoded.overruled {
        warnings.push(format!(
            "declared charset {declared} does not fit the bytes; decoded as {}",
            decoded.encoding
        ));
        meta.extra
            .insert("declared_encoding".into(), declared.into());
    }
    let is_html = doc
        .hints
        .is_html
        .unwrap_or_else(|| extract::looks_like_html(&decoded.text));
    let mut markdown = match options.extract.markup {
        Some(_) => MarkdownSource::Plain,
        None => MarkdownSource::None,
    };
    let mut comments = None;
    let mut dropped = Vec::new();
    let too_costly = is_html
        .then(|| crate::budget::html_over_budget(&decoded.text))
        .flatten();
    let body = if let Some(why) = too_costly {
        warnings.push(format!(
            "HTML too costly to parse: {why}; its text was taken with the tags stripped"
        ));
        meta.extra.insert("html_over_budget".into(), why.into());
        crate::budget::strip_tags(&decoded.text)
    } else if is_html {
        let url = doc.hints.url.as_deref();
        let page = if report_dropped {
            extract::extract_reviewed(&decoded.text, url, &options.extract)
        } else {
            extract::extract_with(&decoded.text, url, &options.extract)
        };
        crate::budget::check_deadline();
        let kept: usize = page.blocks.iter().map(|b| word_count(b)).sum();
        if page.visible_words >= FLAG_MIN_WORDS
            && (kept as f64) < KEPT_LITTLE * page.visible_words as f64
        {
            warnings.push(format!(
                "extraction kept {kept} of the page's {} visible words",
                page.visible_words
            ));
            meta.flags.push(FLAG_EXTRACTION_KEPT_LITTLE.into());
        }
        meta.title = page.title.clone();
        meta.date = page.meta.date;
        meta.date_raw = page.meta.date_raw;
        meta.site_name = page.meta.site_name;
        meta.author = page.meta.author;
        meta.page_type = Some(page.meta.page_type.as_str().to_string());
        meta.url = meta.url.or(page.meta.url);
        if !page.comments.is_empty() {
            comments = Some(Box::new(comments_part(page.comments, page.comments_markup)));
        }
        let mut body = String::new();
        // The line each paragraph starts on, and one past the last line.
        let mut starts = Vec::with_capacity(page.blocks.len() + 1);
        let mut line = 1;
        let title = page.title.iter().filter(|_| options.title);
        let has_title = title.clone().next().is_some();
        if let Some(mut paragraphs) = page.markup {
            let title_line = title.clone().map(|t| {
                let mut inline = String::new();
                extract::markup::escape_inline(t, false, &mut inline);
                vec![MdLine {
                    form: Form::Title,
                    quote: 0,
                    indent: 0,
                    inline,
                    images: Vec::new(),
                    images_after: Vec::new(),
                }]
            });
            paragraphs.splice(0..0, title_line);
            markdown = MarkdownSource::Lines(paragraphs);
        }
        for (i, block) in title.chain(&page.blocks).enumerate() {
            if i > 0 || !has_title {
                starts.push(line);
            }
            body.push_str(block);
            body.push_str("\n\n");
            line += block.matches('\n').count() + 2;
        }
        starts.push(line);
        dropped = page
            .dropped
            .into_iter()
            .map(|d| Dropped {
                line: starts.get(d.before).copied().unwrap_or(line),
                rule: d.decision.id(),
                text: d.text,
            })
            .collect();
        body
    } else {
        meta.title = text_title(&decoded.text);
        decoded.text.into_owned()
    };
    let (repaired, repairs) = repair(&body);
    if repaired.is_some() {
        meta.title = meta
            .title
            .map(|t| mojibake::repair(&t).map_or(t, |(r, _)| r));
    }
    let lang = lang::identify(repaired.as_deref().unwrap_or(&body));
    if let Some(found) = lang {
        meta.lang = Some(found.code.to_string());
        meta.lang_confidence = Some((found.confidence * 100.0).round() / 100.0);
    }
    Prepared {
        body,
        repaired,
        repairs,
        meta,
        warnings,
        dropped,
        markdown,
        comments,
        lang,
    }
}

/// The body with its mojibake repaired, and the repairs; none if it had none.
fn repair(body: &str) -> (Option<String>, Vec<Edit>) {
    match mojibake::repair(body) {
        Some((repaired, edits)) => (Some(repaired), edits),
        None => (None, Vec::new()),
    }
}

/// The comment section as a document of its own, ready for the rules.
fn comments_part(paragraphs: Vec<String>, markup: Option<Vec<Vec<MdLine>>>) -> Prepared {
    let mut body = paragraphs.join("\n\n");
    body.push_str("\n\n");
    let (repaired, repairs) = repair(&body);
    Prepared {
        body,
        repaired,
        repairs,
        markdown: markup.map_or(MarkdownSource::None, MarkdownSource::Lines),
        ..Prepared::default()
    }
}

/// Words as whitespace-separated runs: what the flags count.
fn word_count(text: &str) -> usize {
    crate::extract::count_words(text)
}

/// The title of a plain-text page: a short first line standing as its own paragraph.
fn text_title(text: &str) -> Option<String> {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let alone = lines.next().is_none_or(|l| l.trim().is_empty());
    let short = first.chars().count() <= 200 && !first.ends_with(['.', ':', ';', ',']);
    (alone && short).then(|| first.to_string())
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

    #[test]
    fn text_title_needs_a_short_line_of_its_own() {
        assert_eq!(text_title("Big News\n\nBody.").as_deref(), Some("Big News"));
        assert_eq!(text_title("A sentence.\n\nBody."), None);
        assert_eq!(text_title("Line one\nline two\n"), None);
    }
}
