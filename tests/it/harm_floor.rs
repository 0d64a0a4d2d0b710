//! The text rules must not creep back into the article (`make eval` prints the
//! harm table these figures come from): on both development sets, the share
//! of the words the rules remove that belong to the reference text (harm), and
//! the pages that lose more than 2% of their reference words to rules, stay
//! under their ceilings. Lower a ceiling when the rules do less harm; never
//! raise one to make a change pass.

use newsclean::clean::Options;
use newsclean::eval::harm;
use newsclean::extract::{Favor, Tuning};
use newsclean::rules::{RuleSet, builtin};
use std::path::Path;

/// A little above what the rules do today; the target is 5% and no page.
const TRAFILATURA_HARM_CEILING: f64 = 0.005;
const TRAFILATURA_PAGES_CEILING: usize = 0;
/// WCXB: 0.128 today. Raised from 0.125 when extraction itself began to
/// leave out teaser lists, comment tails and quoted posts that the rules used
/// to remove as debris: the rules' harm fell (315 reference words to 305),
/// but so did the debris they still find (2,252 words to 2,077).
const WCXB_HARM_CEILING: f64 = 0.13;
const WCXB_PAGES_CEILING: usize = 4;
/// `--favor recall`, which turns off the rules that declare other `modes`.
const WCXB_RECALL_HARM_CEILING: f64 = 0.06;
const WCXB_RECALL_PAGES_CEILING: usize = 1;

fn check(dir: &str, pages_expected: usize, harm_ceiling: f64, pages_ceiling: usize) {
    check_mode(
        Favor::Balanced,
        dir,
        pages_expected,
        harm_ceiling,
        pages_ceiling,
    );
}

/// [`check`] as `clean --favor favor` extracts and applies the rules.
fn check_mode(
    favor: Favor,
    dir: &str,
    pages_expected: usize,
    harm_ceiling: f64,
    pages_ceiling: usize,
) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut rules = RuleSet::load(&builtin::sources())
        .expect("built-in rules compile")
        .0;
    rules.set_favor(favor);
    let mut options = Options::default();
    options.extract.tuning = Tuning::of(favor);
    let pages = harm::run(&dir, &rules, &options).expect("the development set loads");
    assert_eq!(pages.len(), pages_expected, "{}", dir.display());
    let total = harm::total(&pages);
    assert!(
        total.words() > 0.0,
        "the rules removed nothing at all: the harm figure cannot be judged"
    );
    assert!(
        total.harm_share() <= harm_ceiling,
        "{}: the rules removed {:.0} reference words of {:.0} words removed ({:.1}%, ceiling {:.1}%): run `make eval` for the table",
        dir.display(),
        total.harm,
        total.words(),
        100.0 * total.harm_share(),
        100.0 * harm_ceiling
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
        harmed.len() <= pages_ceiling,
        "{}: {} pages lose more than 2% of their reference words to rules (ceiling {pages_ceiling}):\n{}",
        dir.display(),
        harmed.len(),
        list.join("\n")
    );
}

#[test]
fn rules_do_little_harm_on_the_trafilatura_set() {
    check(
        "eval/trafilatura",
        990,
        TRAFILATURA_HARM_CEILING,
        TRAFILATURA_PAGES_CEILING,
    );
}

#[test]
fn rules_do_little_harm_on_the_wcxb_split() {
    check(
        "../shared/eval/wcxb-dev",
        1497,
        WCXB_HARM_CEILING,
        WCXB_PAGES_CEILING,
    );
}

#[test]
fn rules_do_less_harm_when_favoring_recall_on_the_wcxb_split() {
    check_mode(
        Favor::Recall,
        "../shared/eval/wcxb-dev",
        1497,
        WCXB_RECALL_HARM_CEILING,
        WCXB_RECALL_PAGES_CEILING,
    );
}
