//! newsclean: scraped news pages in, clean article text out.
//!
//! One document's journey, one module per stage:
//! [`source`] (files, gzip, WARC, JSONL, stdin) -> [`decode`] (bytes to UTF-8) -> [`extract`]
//! (HTML to blocks) -> [`rules`] (boilerplate and typo rules) -> [`sink`]
//! (text tree, JSONL, manifest). [`select`] picks a run's documents (`--shard`,
//! `--resume`). [`clean`] chains decode, extract and rules for one
//! document; [`run`] drives a whole batch on rayon workers; [`cli`] parses
//! the command line once into a [`run::Config`]. [`review`] holds the views
//! of what the rules did (diffs, explanations, statistics, rule-set
//! comparisons), all computed from the edits that [`rules`] records.
//! [`dataset`] makes the output a dataset: the Dolma shape, quality signals
//! and filters, duplicates.
//! [`markdown`] renders the lines the rules kept as Markdown.
//! [`suggest`] proposes rules mined from a crawl, for review.

pub mod atomic;
pub mod budget;
pub mod clean;
pub mod cli;
pub mod dataset;
pub mod decode;
pub mod edit;
pub mod eval;
pub mod exit;
pub mod extract;
pub mod faults;
pub mod lang;
pub mod layout;
pub mod markdown;
pub mod report;
pub mod review;
pub mod rules;
pub mod run;
pub mod select;
pub mod sink;
pub mod source;
pub mod suggest;
