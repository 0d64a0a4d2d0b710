//! What a run may write, checked before anything is read: no output, manifest
//! or report equal to or inside an input, no input inside an output tree, no
//! two inputs whose cleaned text would land on the same file of a tree; and
//! the lock that keeps a second run off the same output.

use super::{Config, Output};
use crate::source::Input;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

/// Refuses a run whose outputs would touch its inputs or collide.
pub fn check(config: &Config, inputs: &[Input]) -> Result<(), String> {
    let roots: Vec<PathBuf> = config
        .inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| absolute(p))
        .collect();
    let mut written: Vec<(&str, &Path)> = Vec::new();
    match &config.output {
        Output::Dir(dir) => written.push(("output folder", dir)),
        Output::JsonlFile(file) => written.push(("output file", file)),
        Output::Stdout | Output::JsonlStdout => {}
    }
    if let Some(m) = &config.manifest {
        written.push(("manifest", m));
    }
    if let Some(r) = &config.report {
        written.push(("report", r));
    }
    for (what, path) in &written {
        let target = absolute(path);
        for (root, given) in roots
            .iter()
            .zip(config.inputs.iter().filter(|p| p.as_os_str() != "-"))
        {
            if target.starts_with(root) {
                return Err(format!(
                    "the {what} {} is {} the input {}; it would overwrite inputs or be read as one. Write it elsewhere",
                    path.display(),
                    if &target == root {
                        "the same as"
                    } else {
                        "inside"
                    },
                    given.display()
                ));
            }
        }
    }
    if let Output::Dir(dir) = &config.output {
        let tree = absolute(dir);
        for (root, given) in roots.iter().zip(&config.inputs) {
            if root.starts_with(&tree) {
                return Err(format!(
                    "the input {} is inside the output folder {}; cleaned files could replace it. Write the output elsewhere",
                    given.display(),
                    dir.display()
                ));
            }
        }
        check_collisions(inputs)?;
    }
    Ok(())
}

/// Two inputs whose documents would be written to the same place of a tree
/// (`page.html` and `page.txt` both make `page.txt`; `crawl.warc` and
/// `crawl.warc.gz` both fill `crawl.warc/`; the same name under two input
/// folders) are refused, naming both.
fn check_collisions(inputs: &[Input]) -> Result<(), String> {
    let mut places: HashMap<PathBuf, String> = HashMap::new();
    for input in inputs {
        let (place, name) = match input {
            Input::Stdin { .. } => (PathBuf::from("stdin.txt"), "-".to_string()),
            Input::File { path, rel, .. } => (output_place(rel), path.display().to_string()),
        };
        if let Some(first) = places.insert(place.clone(), name.clone()) {
            return Err(format!(
                "{first} and {name} would both be written to {} in the output tree; \
                 rename one of them or clean them into separate outputs",
                place.display()
            ));
        }
    }
    Ok(())
}

/// Where an input's cleaned text goes in a tree: `a/page.txt` for a page
/// `a/page.html[.gz]`, the folder `a/crawl.warc` for the records of a dump.
fn output_place(rel: &Path) -> PathBuf {
    let name = rel.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let is_dump = [".warc", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| name.ends_with(ext));
    let mut place = rel.to_path_buf();
    if place
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        place.set_extension("");
    }
    if !is_dump {
        place.set_extension("txt");
    }
    place
}

/// The lock on a run's output, held while it lives.
pub struct Lock {
    _file: File,
    /// The lock file beside a JSONL output, removed once the output is finished.
    beside: Option<PathBuf>,
}

impl Lock {
    /// The output is finished: a lock file beside a JSONL file goes.
    pub fn release(self) {
        if let Some(path) = &self.beside {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Locks the output against a second run (the folder itself for a tree,
/// `FILE.lock` for a JSONL file); `None` for stdout.
pub fn lock(output: &Output) -> Result<Option<Lock>, String> {
    let (path, beside) = match output {
        Output::Dir(dir) => (dir.clone(), false),
        Output::JsonlFile(file) => {
            let mut name = file.as_os_str().to_owned();
            name.push(".lock");
            (PathBuf::from(name), true)
        }
        Output::Stdout | Output::JsonlStdout => return Ok(None),
    };
    match crate::sink::lock_output(&path, !beside) {
        Ok(file) => Ok(Some(Lock {
            _file: file,
            beside: beside.then_some(path),
        })),
        Err(e) => Err(format!("cannot lock the output: {e}")),
    }
}

/// `path` made absolute and resolved through every symlink of the part that
/// exists (an output often does not exist yet), without `.` or `..`.
fn absolute(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    // Nothing of it exists (or it ends in `..`): a lexical answer.
    let base = std::env::current_dir().unwrap_or_default();
    let mut out = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_of_pages_and_dumps() {
        assert_eq!(
            output_place(Path::new("a/page.html")),
            Path::new("a/page.txt")
        );
        assert_eq!(
            output_place(Path::new("page.htm.gz")),
            Path::new("page.txt")
        );
        assert_eq!(
            output_place(Path::new("crawl.warc.gz")),
            Path::new("crawl.warc")
        );
        assert_eq!(output_place(Path::new("d.JSONL")), Path::new("d.JSONL"));
    }

    #[test]
    fn colliding_inputs_are_named() {
        let file = |p: &str| Input::File {
            path: PathBuf::from(format!("in/{p}")),
            rel: PathBuf::from(p),
            root: 0,
        };
        let err = check_collisions(&[file("page.html"), file("page.txt")]).unwrap_err();
        assert!(err.contains("in/page.html and in/page.txt"), "{err}");
        assert!(check_collisions(&[file("crawl.warc"), file("crawl.warc.gz")]).is_err());
        assert!(check_collisions(&[file("a.html"), file("b.html"), file("a/b.html")]).is_ok());
    }

    #[test]
    fn paths_that_do_not_exist_yet_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(absolute(&dir.path().join("x/../y/z")), real.join("y/z"));
    }
}
