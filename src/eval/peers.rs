//! Scoring the text other extractors made of the same pages (`make
//! eval-peers`): a tree of `SET/NAME.txt` files, `SET` the development set's
//! folder name (`trafilatura`, `wcxb-dev`) and `NAME` the page's file name
//! without `.html` (the layout `bench/peers` writes), scored exactly as
//! newsclean's text is, so every figure of `make eval` has its peers beside it.
//! A page with no file scores as if the tool extracted nothing.

use super::{snippets, wcxb};
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;

/// The text a tool made of the page `file` (`x.html`, `x.html.gz`, or a
/// WCXB `file_id` such as `0136`) of the set in `set`, from the tree
/// `texts`; empty when there is none.
fn text_of(texts: &Path, set: &Path, file: &str) -> String {
    let folder = set.file_name().unwrap_or_default();
    let name = file.strip_suffix(".gz").unwrap_or(file);
    let name = name
        .strip_suffix(".html")
        .or_else(|| name.strip_suffix(".htm"))
        .unwrap_or(name);
    std::fs::read_to_string(texts.join(folder).join(format!("{name}.txt"))).unwrap_or_default()
}

/// A tool's figures on the set in `set` (a snippet set or a WCXB split), as
/// the lines `make eval` prints for newsclean: precision, recall and F1 of
/// the snippets, or word-bag F1 overall and per page type.
pub fn report(tool: &str, set: &Path, texts: &Path) -> Result<String> {
    let mut out = String::new();
    if set.join("evaldata.json").exists() {
        let cases = snippets::load(set)?;
        let pages: Vec<_> = cases
            .iter()
            .map(|(url, case)| snippets::score(url, case, &text_of(texts, set, &case.file)))
            .collect();
        let t = snippets::total(&pages);
        writeln!(
            out,
            "{tool}: precision {:.3}  recall {:.3}  F1 {:.3} (TP {}, FN {}, FP {})",
            t.precision(),
            t.recall(),
            t.f1(),
            t.true_pos,
            t.false_neg,
            t.false_pos
        )?;
    } else {
        let cases = wcxb::load(set)?;
        let pages: Vec<_> = cases
            .iter()
            .map(|case| wcxb::score(case, &text_of(texts, set, &case.file_id)))
            .collect();
        let all = wcxb::summary(&pages);
        write!(
            out,
            "{tool}: F1 {:.3} (P {:.3} R {:.3});",
            all.f1, all.precision, all.recall
        )?;
        for (kind, s) in wcxb::by_type(&pages) {
            write!(out, " {kind} {:.3}", s.f1)?;
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_text_is_found_by_its_set_and_name() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("wcxb-dev")).unwrap();
        std::fs::write(root.path().join("wcxb-dev/0136.txt"), "the text").unwrap();
        let set = Path::new("../shared/eval/wcxb-dev");
        assert_eq!(text_of(root.path(), set, "0136.html"), "the text");
        assert_eq!(text_of(root.path(), set, "0136.html.gz"), "the text");
        assert_eq!(text_of(root.path(), set, "0136"), "the text");
        assert_eq!(text_of(root.path(), set, "0137.html"), "");
    }
}
