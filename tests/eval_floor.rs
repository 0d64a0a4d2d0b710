//! Extraction must not regress: F1 over the whole development set
//! (`eval/trafilatura`, scored as `make eval` scores it) stays above a floor.
//! Raise the floor when extraction improves; never lower it to make a change pass.

use newsclean::eval;
use newsclean::rules::{RuleSet, builtin};
use std::path::Path;

/// A little below what extraction reaches today (`make eval` prints the figure).
const F1_FLOOR: f64 = 0.94;

#[test]
fn extraction_f1_on_the_development_set_stays_above_the_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/trafilatura");
    let (rules, _) = RuleSet::load(&builtin::sources()).expect("built-in rules compile");
    let pages = eval::run(&dir, &rules).expect("the development set loads");
    assert_eq!(
        pages.len(),
        990,
        "the development set should hold 990 pages"
    );
    let total = eval::total(&pages);
    let f1 = total.f1();
    assert!(
        f1 >= F1_FLOOR,
        "extraction F1 {f1:.4} fell below the floor {F1_FLOOR} (precision {:.4}, recall {:.4})",
        total.precision(),
        total.recall()
    );
}
