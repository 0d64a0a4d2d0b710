//! The WCXB split's part of `make eval`: the worst pages, the figures per
//! page type, the confusion table of page types, the metadata agreement,
//! and each page's result for `--json`.

use newsclean::clean::Options;
use newsclean::eval::wcxb;
use newsclean::rules::RuleSet;
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;

/// Scores the split in `dir`, prints its report, and returns every page's
/// result.
pub(crate) fn report_wcxb(
    dir: &Path,
    rules: &RuleSet,
    options: &Options,
    worst: usize,
) -> anyhow::Result<Value> {
    let start = Instant::now();
    let mut pages = wcxb::run_with(dir, rules, options)?;
    let elapsed = start.elapsed();
    pages.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    println!("worst pages (word-bag F1):");
    for page in pages.iter().take(worst) {
        println!(
            "  {} {:<13} F1 {:.3} P {:.3} R {:.3}  {}",
            page.file_id, page.page_type, page.f1, page.precision, page.recall, page.url
        );
    }
    println!("{} pages in {:.1}s", pages.len(), elapsed.as_secs_f64());
    println!(
        "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "page type", "pages", "F1", "P", "R", "with", "without"
    );
    let row = |name: &str, s: wcxb::Summary| {
        println!(
            "{:<14} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>8.3}",
            name, s.pages, s.f1, s.precision, s.recall, s.with_rate, s.without_rate
        )
    };
    row("all", wcxb::summary(&pages));
    for (kind, summary) in wcxb::by_type(&pages) {
        row(&kind, summary);
    }
    print_confusion(&pages);
    println!("\nmetadata agreeing with the split's (pages where it has the field):");
    for (field, known, rate) in wcxb::metadata_accuracy(&pages) {
        println!(
            "  {:<7} {:>5} pages  {:.3}",
            format!("{field:?}").to_lowercase(),
            known,
            rate
        );
    }
    println!();
    pages.sort_by(|a, b| a.file_id.cmp(&b.file_id));
    Ok(pages
        .iter()
        .map(|p| {
            json!({"file": p.file_id, "page_type": p.page_type, "f1": p.f1,
                   "precision": p.precision, "recall": p.recall,
                   "predicted_type": p.predicted_type,
                   "title_ok": p.title_ok, "author_ok": p.author_ok,
                   "date_ok": p.date_ok, "date": p.date,
                   "missed": p.missed, "leaked": p.leaked})
        })
        .collect())
}

/// Prints the page types newsclean gives against the split's: a row per
/// true type, a column per type given, then precision and recall per type.
fn print_confusion(pages: &[wcxb::PageScore]) {
    let table = wcxb::confusion(pages);
    let mut given: Vec<&String> = table.values().flat_map(|r| r.keys()).collect();
    given.sort();
    given.dedup();
    println!("\npage types (rows: the split's, columns: newsclean's):");
    print!("{:<14}", "");
    for g in &given {
        print!(" {:>6.6}", g);
    }
    println!(" {:>7} {:>7}", "recall", "prec.");
    for (truth, row) in &table {
        print!("{truth:<14}");
        for g in &given {
            print!(" {:>6}", row.get(*g).copied().unwrap_or(0));
        }
        let hit = row.get(truth).copied().unwrap_or(0);
        let total: usize = row.values().sum();
        let called: usize = table.values().filter_map(|r| r.get(truth)).sum();
        println!(
            " {:>7.3} {:>7.3}",
            hit as f64 / total.max(1) as f64,
            hit as f64 / called.max(1) as f64
        );
    }
    let hits: usize = table.iter().filter_map(|(t, r)| r.get(t)).sum();
    println!("accuracy {:.3}", hits as f64 / pages.len().max(1) as f64);
}
