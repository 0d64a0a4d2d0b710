//! Extraction's decisions, one folder each: `tests/extract/DECISION/page.html`
//! is a page where extraction must leave something out for that decision
//! (`extract.caption`, `extract.link-box`, ...), and `expected.txt` is the
//! text it keeps (before any rule runs). The test checks both: the kept text,
//! byte for byte (re-recorded with `NEWSCLEAN_BLESS=1`), and that what the
//! decision left out is named by it and kept out of the text.

use crate::common::assert_expected;
use newsclean::clean::prepare_reviewed;
use newsclean::source::Doc;

const DIR: &str = "tests/extract";

#[test]
fn each_decision_leaves_out_what_its_page_shows_and_keeps_the_article() {
    let mut folders: Vec<_> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    assert!(folders.len() >= 4, "the cases are folders of {DIR}");
    for folder in &folders {
        let decision = folder.file_name().unwrap().to_string_lossy().into_owned();
        let page = std::fs::read(folder.join("page.html")).unwrap();
        let doc = Doc {
            id: "page.html".into(),
            origin: folder.join("page.html").display().to_string(),
            bytes: page,
            ..Doc::default()
        };
        let prepared = prepare_reviewed(&doc);
        assert_expected(&folder.join("expected.txt"), &prepared.body);
        let left_out: Vec<&str> = prepared
            .dropped
            .iter()
            .filter(|d| d.rule == decision)
            .flat_map(|d| d.text.lines())
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            !left_out.is_empty(),
            "{decision}: the page shows nothing left out by it; left out: {:?}",
            prepared
                .dropped
                .iter()
                .map(|d| (d.rule, d.text.as_str()))
                .collect::<Vec<_>>()
        );
        for line in left_out {
            assert!(
                !prepared.body.lines().any(|b| b.trim() == line.trim()),
                "{decision}: {line:?} is both left out and kept"
            );
        }
    }
}
