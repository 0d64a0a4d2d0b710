//! The steps before the rules: decode, extract the article of an HTML page
//! (or take a text's title), flag a page extraction kept little of, repair
//! mojibake, identify the language. [`Prepared`] is what they leave for the
//! rules, and for the review tools, which run two rule sets over one.

use super::{
    Dropped, FLAG_EXTRACTION_KEPT_LITTLE, FLAG_MIN_WORDS, KEPT_LITTLE, MarkdownSource, Metadata,
    Options, Prepared, word_count,
};
use crate::decode::{self, mojibake};
use crate::extract::{self, Form, MdLine};
use crate::rules::Edit;
use crate::source::Doc;
use std::sync::OnceLock;

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
    let page = is_html.then(|| {
        let url = doc.hints.url.as_deref();
        let html = mojibake::repair_nbsp(&decoded.text);
        if report_dropped {
            extract::extract_reviewed(&html, url, &options.extract)
        } else {
            extract::extract_with(&html, url, &options.extract)
        }
    });
    let body = if let Some(Err(extract::TooCostly(why))) = page {
        warnings.push(format!(
            "HTML too costly to parse: {why}; its text was taken with the tags stripped"
        ));
        meta.extra.insert("html_over_budget".into(), why.into());
        crate::budget::strip_tags(&decoded.text)
    } else if let Some(Ok(page)) = page {
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
    let mut prepared = Prepared {
        body,
        repaired,
        repairs,
        meta,
        warnings,
        dropped,
        markdown,
        comments,
        lang: OnceLock::new(),
    };
    if options.identify {
        if let Some(found) = prepared.lang() {
            prepared.meta.lang = Some(found.code.to_string());
            prepared.meta.lang_confidence = Some((found.confidence * 100.0).round() / 100.0);
        }
    }
    prepared
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
        // Not identified: every rule applies to the comments.
        lang: OnceLock::from(None),
        ..Prepared::default()
    }
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
    fn text_title_needs_a_short_line_of_its_own() {
        assert_eq!(text_title("Big News\n\nBody.").as_deref(), Some("Big News"));
        assert_eq!(text_title("A sentence.\n\nBody."), None);
        assert_eq!(text_title("Line one\nline two\n"), None);
    }
}
