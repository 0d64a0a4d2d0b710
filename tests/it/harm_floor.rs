//! The text rules must not creep back into the article (`make eval` prints the
//! harm table these figures come from): on both development sets, the
//! reference words the rules remove (harm), their share of all the words the
//! rules remove, and the pages that lose more than 2% of their reference
//! words to rules, stay under their ceilings. Lower a ceiling when the rules
//! do less harm; never raise one to make a change pass.

use newsclean::clean::Options;
use newsclean::eval::harm;
use newsclean::extract::{Favor, Tuning};
use newsclean::rules::{RuleSet, builtin};
use std::path::Path;

/// What one set may lose to the rules in one `--favor` mode.
struct Ceiling {
    favor: Favor,
    /// Reference words removed.
    harm_words: f64,
    /// Reference words among all words removed.
    harm_share: f64,
    /// Pages losing more than 2% of their reference words.
    pages: usize,
}

/// A little above what the rules do today; the target is 5% and no
/// page.
const TRAFILATURA: Ceiling = Ceiling {
    favor: Favor::Balanced,
    harm_words: 5.0,
    harm_share: 0.005,
    pages: 0,
};
/// WCXB: 305 words, 12.8% today. The share's ceiling was 12.5% until
/// extraction itself began to leave out teaser lists, comment tails and
/// quoted posts that the rules used to remove as debris: the rules' harm fell
/// (315 reference words to 305), and so did the debris they still find
/// (2,252 words to 2,077); the words' ceiling keeps harm from creeping back.
const WCXB: Ceiling = Ceiling {
    favor: Favor::Balanced,
    harm_words: 310.0,
    harm_share: 0.13,
    pages: 4,
};
/// `--favor recall`, which turns off the rules that declare other `modes`:
/// 111 words, 6.0% today.
const WCXB_RECALL: Ceiling = Ceiling {
    favor: Favor::Recall,
    harm_words: 115.0,
    harm_share: 0.062,
    pages: 1,
};

/// Measures the set in `dir` as `clean --favor` extracts and applies the
/// rules, and holds it to `ceiling`.
fn check(dir: &str, pages_expected: usize, ceiling: Ceiling) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut rules = RuleSet::load(&builtin::sources())
        .expect("built-in rules compile")
        .0;
    rules.set_favor(ceiling.favor);
    let mut options = Options::default();
    options.extract.tuning = Tuning::of(ceiling.favor);
    let pages = harm::run(&dir, &rules, &options).expect("the development set loads");
    assert_eq!(pages.len(), pages_expected, "{}", dir.display());
    let total = harm::total(&pages);
    assert!(
        total.words() > 0.0,
        "the rules removed nothing at all: the harm figure cannot be judged"
    );
    assert!(
        total.harm <= ceiling.harm_words && total.harm_share() <= ceiling.harm_share,
        "{}: the rules removed {:.0} reference words (ceiling {:.0}) of {:.0} words removed ({:.1}%, ceiling {:.1}%): run `make eval` for the table",
        dir.display(),
        total.harm,
        ceiling.harm_words,
        total.words(),
        100.0 * total.harm_share(),
        100.0 * ceiling.harm_share
    );
    let harmed = harm::harmed_pages(&pages);
    let list: Vec<String> = harmed
        .iter()
        .map(|p| {
            format!(
                "{} {:.1}% {:?}",
                p.page,
                100.0 * p.loss(),
                p.harmful_rules()
            )
        })
        .collect();
    assert!(
        harmed.len() <= ceiling.pages,
        "{}: {} pages lose more than 2% of their reference words to rules (ceiling {}):\n{}",
        dir.display(),
        harmed.len(),
        ceiling.pages,
        list.join("\n")
    );
}

#[test]
fn rules_do_little_harm_on_the_trafilatura_set() {
    check("eval/trafilatura", 990, TRAFILATURA);
}

#[test]
fn rules_do_little_harm_on_the_wcxb_split() {
    check("../shared/eval/wcxb-dev", 1497, WCXB);
}

#[test]
fn rules_do_less_harm_when_favoring_recall_on_the_wcxb_split() {
    check("../shared/eval/wcxb-dev", 1497, WCXB_RECALL);
}
