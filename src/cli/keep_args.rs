//! The options of `clean` a trafilatura user reaches for: how extraction
//! trades precision for recall (`--favor`), what it keeps (`--tables`,
//! `--comments`, `--no-title`) and what Markdown output holds (`--links`,
//! `--images`, `--markdown` for JSONL); resolved, with the combinations that
//! make no sense refused, into [`clean::Options`].

use super::OutputFormat;
use crate::clean;
use crate::extract::{Favor, MarkupOptions, Tuning};
use clap::Args;

#[derive(Args, Debug, Clone, Default)]
pub struct KeepArgs {
    /// How extraction trades precision for recall on HTML pages: precision
    /// drops borderline blocks, recall keeps them and looks wider.
    #[arg(long, value_enum, value_name = "MODE", default_value = "balanced")]
    pub favor: Favor,
    /// Keep data tables (the default).
    #[arg(long, conflicts_with = "no_tables")]
    pub tables: bool,
    /// Leave data tables out.
    #[arg(long)]
    pub no_tables: bool,
    /// Keep the page's comment section, after the article, as a part of its own.
    #[arg(long)]
    pub comments: bool,
    /// Do not lead the text with the page's title.
    #[arg(long)]
    pub no_title: bool,
    /// Keep link targets, as [text](url) (Markdown output only).
    #[arg(long)]
    pub links: bool,
    /// Keep images, as ![alt](src) (Markdown output only).
    #[arg(long)]
    pub images: bool,
    /// With --format jsonl, add a "markdown" field to each record.
    #[arg(long)]
    pub markdown: bool,
}

impl KeepArgs {
    /// The cleaning options for output in `format`, and whether a text tree
    /// or stdout gets Markdown; or why the combination makes no sense.
    pub fn resolve(&self, format: OutputFormat) -> Result<(clean::Options, bool), String> {
        let markdown_out = format == OutputFormat::Markdown;
        let jsonl = format == OutputFormat::Jsonl;
        if self.markdown && !jsonl {
            return Err(format!(
                "--markdown adds a field to JSONL records, and the output is {}: \
                 use --format markdown for Markdown files",
                format.name()
            ));
        }
        let has_markdown = markdown_out || self.markdown;
        for (flag, on) in [("--links", self.links), ("--images", self.images)] {
            if on && !has_markdown {
                let fix = if jsonl {
                    "add --markdown"
                } else {
                    "use --format markdown"
                };
                return Err(format!(
                    "{flag} keeps what only Markdown can show, and the output is {} \
                     without Markdown: {fix}",
                    format.name()
                ));
            }
        }
        let markup = has_markdown.then_some(MarkupOptions {
            links: self.links,
            images: self.images,
        });
        let options = clean::Options {
            extract: crate::extract::Options {
                tuning: Tuning::of(self.favor),
                tables: !self.no_tables,
                markup,
                comments: self.comments,
            },
            title: !self.no_title,
            identify: true,
        };
        Ok((options, markdown_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_images_need_markdown_output() {
        let links = KeepArgs {
            links: true,
            ..KeepArgs::default()
        };
        let err = links.resolve(OutputFormat::Text).unwrap_err();
        assert!(err.contains("--format markdown"), "{err}");
        let err = links.resolve(OutputFormat::Jsonl).unwrap_err();
        assert!(err.contains("--markdown"), "{err}");
        let (options, to_markdown) = links.resolve(OutputFormat::Markdown).unwrap();
        assert!(to_markdown);
        assert_eq!(
            options.extract.markup,
            Some(MarkupOptions {
                links: true,
                images: false
            })
        );
        let jsonl = KeepArgs {
            links: true,
            markdown: true,
            ..KeepArgs::default()
        };
        let (options, to_markdown) = jsonl.resolve(OutputFormat::Jsonl).unwrap();
        assert!(!to_markdown && options.extract.markup.is_some());
    }

    #[test]
    fn the_markdown_field_is_for_jsonl_only() {
        let md = KeepArgs {
            markdown: true,
            ..KeepArgs::default()
        };
        assert!(md.resolve(OutputFormat::Text).is_err());
        assert!(md.resolve(OutputFormat::Markdown).is_err());
    }

    #[test]
    fn the_defaults_are_newsclean_s_defaults() {
        let (options, to_markdown) = KeepArgs::default().resolve(OutputFormat::Text).unwrap();
        assert_eq!(options, clean::Options::default());
        assert!(!to_markdown);
    }
}
