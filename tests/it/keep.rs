//! What `clean` keeps, end to end: `--favor`, `--no-tables`, `--no-title`,
//! `--comments`, Markdown of plain text. The combinations refused as usage
//! errors are cases in `tests/cmd/` (`keep-*`).

use crate::common::newsclean;

/// Cleans `file` to stdout with `args`; its stdout.
fn clean(file: &str, args: &[&str]) -> String {
    let out = newsclean()
        .args(["clean", "-q", file])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn tables_and_the_title_can_be_left_out() {
    let page = "samples/markdown/raw/table.html";
    let all = clean(page, &[]);
    assert!(all.starts_with("Election results in the valley\n\n"));
    assert!(all.contains("Liberals | 9 | -1"));
    let without = clean(page, &["--no-tables", "--no-title"]);
    assert!(!without.contains("Liberals"), "{without}");
    assert!(without.starts_with("Turnout rose"), "{without}");
    assert_eq!(clean(page, &["--tables"]), all);
}

#[test]
fn comments_come_after_the_article_as_a_marked_part() {
    let page = "samples/markdown/raw/comments.html";
    let plain = clean(page, &[]);
    assert!(!plain.contains("grandfather"), "{plain}");
    let with = clean(page, &["--comments"]);
    let (article, comments) = with.split_once("\n--- Comments ---\n\n").expect(&with);
    assert_eq!(article, plain);
    assert!(comments.contains("My grandfather fished"), "{comments}");
    // The rules run on the comments too (a doubled word), but the article's
    // tail rules do not cut them, and the reply form and dates stay out.
    assert!(comments.contains("The budget was tight"), "{comments}");
    assert!(!comments.contains("Leave a Reply") && !comments.contains("9:12"));
}

#[test]
fn the_modes_are_accepted_and_balanced_is_the_default() {
    let page = "samples/raw/wordpress-article.html";
    let default = clean(page, &[]);
    assert_eq!(clean(page, &["--favor", "balanced"]), default);
    for mode in ["precision", "recall"] {
        assert!(!clean(page, &["--favor", mode]).is_empty());
    }
}

#[test]
fn plain_text_becomes_escaped_markdown_paragraphs() {
    let md = clean(
        "samples/raw/timestamps-and-tags.txt",
        &["--format", "markdown"],
    );
    let text = clean("samples/raw/timestamps-and-tags.txt", &[]);
    assert_eq!(md.lines().count(), text.lines().count());
    assert!(!md.contains("Updated: 2024"), "the rules ran first");
}
