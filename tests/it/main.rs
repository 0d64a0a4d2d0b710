//! The one integration test crate: every test that runs the real binary or
//! the library from outside, linked once (`cargo test --test it`, or
//! `cargo test --test it MODULE::` for one module).
//!
//! How to add a case, by what it checks:
//! - what a command prints and its exit code: a case file in `tests/cmd/`
//!   (`cmd.rs`; re-record every expected output with `NEWSCLEAN_BLESS=1`);
//! - a cleaned page: a page in `samples/raw/` and its expected text in
//!   `samples/clean/` (`golden.rs`);
//! - an extraction decision: a folder `tests/extract/DECISION/` with the
//!   page and the text extraction keeps (`extract_cases.rs`);
//! - a broken rule file: a file in `tests/broken-rules/` whose header names
//!   the findings (`broken_rules.rs`);
//! - a rule's behaviour: an `examples` entry in the rule file itself
//!   (`rule_examples.rs`);
//! - anything else: a `#[test]` in the module of its subject below.

mod common;

mod bad_input;
mod broken_rules;
mod browser;
mod charsets;
mod cli;
mod cmd;
mod dataset;
mod diff_cmd;
mod dumps;
mod eval_floor;
mod extract_cases;
mod extract_fuzz;
mod extract_words;
mod golden;
mod harm_floor;
mod hostile;
mod hostile_input;
mod keep;
mod kill_points;
mod layers;
mod mojibake;
mod prefilter_equivalence;
mod properties;
mod resume;
mod review;
mod review_properties;
mod rule_examples;
mod shards;
mod suggest;
