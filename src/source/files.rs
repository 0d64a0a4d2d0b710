//! Files and folders: walking input folders in a stable order (symlinks
//! followed, each real folder at most once, so loops end) and reading a single
//! page, cut at `--max-doc-bytes`.

use super::limits::read_capped;
use super::{Container, Doc, Hints, Input, Item, Stream};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions of files picked up when walking a folder (also with `.gz`).
pub const FILE_EXTENSIONS: &[&str] = &["html", "htm", "txt", "warc", "jsonl", "ndjson"];

/// Lists the files to read under `inputs`, in a stable order. Folders are walked
/// recursively; files named on the command line are taken whatever their
/// extension. `-` means stdin.
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for (index, root) in inputs.iter().enumerate() {
        if root.as_os_str() == "-" {
            out.push(Input::Stdin { root: index });
        } else if root.is_dir() {
            let mut files = Vec::new();
            let mut seen = HashSet::new();
            walk(root, &mut seen, &mut files);
            files.sort();
            for path in files {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push(Input::File {
                    path,
                    rel,
                    root: index,
                });
            }
        } else {
            let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
            out.push(Input::File {
                path: root.clone(),
                rel,
                root: index,
            });
        }
    }
    out
}

/// Walks `dir`, following symlinks but entering each real folder once.
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        // Listing the folder as a file makes the read fail with the OS error,
        // so an unreadable folder is reported instead of silently missing.
        out.push(dir.to_path_buf());
        return;
    };
    // Sorted, so that which path reaches a folder first does not depend on
    // the order the OS lists entries in. By name: the paths share `dir`, so
    // that is their order as paths, without comparing them component by
    // component (most of a large folder's walk).
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| (e.file_name(), e.path()))
        .collect();
    paths.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (_, path) in paths {
        // `metadata` follows symlinks; a dangling one is skipped.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, seen, out);
        } else if meta.is_file() && has_known_extension(&path) {
            out.push(path);
        }
    }
}

/// Whether a file found in a folder is one to read. The name need not be
/// UTF-8: a name with other bytes is read like any other, not passed over.
fn has_known_extension(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Reads the whole input as one page, keeping at most `--max-doc-bytes`.
pub(super) fn read_page(
    stream: &mut Stream,
    container: &Container,
    is_html: Option<bool>,
    emit: &mut dyn FnMut(Item),
) {
    match read_capped(stream, container.limits.max_doc_bytes) {
        Ok(read) => emit(Item::Doc(Doc {
            id: container.rel.to_string_lossy().into_owned(),
            key: container.key.clone(),
            order: container.order(0),
            origin: container.origin.clone(),
            rel_path: container.rel.clone(),
            cut_from: read.was_cut().then_some(read.total),
            bytes: read.bytes,
            hints: Hints {
                is_html,
                ..Hints::default()
            },
        })),
        Err(e) => emit(container.failed(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("p.html"), "<p>x</p>").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let inputs = collect_inputs(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 1, "{inputs:?}");
    }
}
