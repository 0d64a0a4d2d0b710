//! The harm table of `make eval` (`--harm`, `--harm-edits`): what the text
//! rules removed from each set's reference text, per rule and per page type,
//! and the pages that lost most.

use newsclean::clean::Options;
use newsclean::eval::harm;
use newsclean::rules::RuleSet;
use std::path::Path;
use std::time::Instant;

/// Prints the harm table of one set: per rule, the words it removed that the
/// reference holds (harm) and the others (debris); then the pages that lost
/// more than 2% of their reference words to rules.
pub fn report(
    dir: &Path,
    rules: &RuleSet,
    options: &Options,
    worst: usize,
    edits: bool,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let pages = harm::run(dir, rules, options)?;
    let elapsed = start.elapsed();
    println!(
        "harm: words the text rules removed, against the reference ({} pages in {:.1}s)",
        pages.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  {:<34} {:>6} {:>9} {:>8} {:>8} {:>7}",
        "rule", "edits", "removed", "harm", "debris", "harm %"
    );
    let row = |id: &str, r: harm::Removed| {
        println!(
            "  {:<34} {:>6} {:>9.0} {:>8.1} {:>8.1} {:>6.1}%",
            id,
            r.edits,
            r.words(),
            r.harm,
            r.debris,
            100.0 * r.harm_share()
        )
    };
    let mut by_rule: Vec<_> = harm::by_rule(&pages).into_iter().collect();
    by_rule.sort_by(|a, b| b.1.harm.total_cmp(&a.1.harm).then(a.0.cmp(&b.0)));
    for (id, removed) in &by_rule {
        row(id, *removed);
    }
    row("all rules", harm::total(&pages));
    for (page_type, removed) in harm::by_page_type(&pages) {
        row(&format!("  on {page_type} pages"), removed);
    }
    let harmed = harm::harmed_pages(&pages);
    println!(
        "pages losing more than {:.0}% of their reference words to rules: {}",
        100.0 * harm::PAGE_LOSS_LIMIT,
        harmed.len()
    );
    for page in harmed.iter().take(worst) {
        let rules: Vec<String> = page
            .harmful_rules()
            .iter()
            .map(|(id, n)| format!("{id} {n:.0}"))
            .collect();
        println!(
            "  {} lost {:.1}% of {} words: {}  {}",
            page.page,
            100.0 * page.loss(),
            page.reference_words,
            rules.join(", "),
            page.url
        );
    }
    if edits {
        println!("edits that removed reference words:");
        for page in &pages {
            for e in page
                .edits
                .iter()
                .filter(|e| e.removed.harm > 0.0 || std::env::var_os("ALL_EDITS").is_some())
            {
                let before: String = e.before.chars().take(300).collect();
                println!(
                    "  {} ({}) line {} {} harm {:.1} of {:.0} words: {before:?}",
                    page.page,
                    page.page_type,
                    e.line,
                    e.rule,
                    e.removed.harm,
                    e.removed.harm + e.removed.debris
                );
            }
        }
    }
    println!();
    Ok(())
}
