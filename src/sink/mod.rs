//! Where cleaned documents go: a mirrored tree of `.txt` files (with
//! `--meta sidecar` a `.meta.json` beside each), plain text on stdout, or
//! Dolma JSONL to stdout or a file; and
//! the manifest of what became of every document. Files are written
//! atomically (temp file, then rename): no partial output is ever left behind.

pub mod jsonl;
pub mod manifest;

use crate::atomic::{parent_of, write_replacing};
pub use crate::atomic::{
    remove_temps_beside, remove_temps_under, temp_file_for, temp_file_in, write_atomic,
    write_atomic_with,
};
use crate::clean::Cleaned;
use crate::dataset::dolma::Shape;
use crate::source::Doc;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A destination for cleaned documents, written in input order.
pub trait Sink {
    /// Writes one cleaned document; `record` is its JSONL record when a
    /// worker rendered it already ([`crate::dataset::Examined::render`]).
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned, record: Option<&[u8]>) -> io::Result<()>;
    /// Where `doc` was written, for the manifest (none for stdout).
    fn output_path(&self, _doc: &Doc) -> Option<PathBuf> {
        None
    }
    /// Makes what was written durable when it is time to (or when `force`),
    /// and says whether everything written so far now is: only then may the
    /// manifest record those documents as done.
    fn checkpoint(&mut self, _force: bool) -> io::Result<bool> {
        Ok(true)
    }
    /// Completes the output; everything is durable afterwards.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Hands `each` the documents earlier runs wrote here (id, text, the id
    /// of the first copy for a duplicate), in input order: what `--resume`
    /// needs to rebuild the run-level state (the duplicate index). None for
    /// an output that cannot be read back.
    fn written(&self, _each: &mut dyn FnMut(&str, &str, Option<&str>)) -> io::Result<()> {
        Ok(())
    }
}

/// `OUT/a/b/page.txt` for the input `a/b/page.html` (or `page.html.gz`),
/// `page.md` holding the Markdown with `markdown`; with a `sidecar` shape
/// also `OUT/a/b/page.meta.json`: the document's Dolma record without its text.
pub struct TextTree {
    pub root: PathBuf,
    pub sidecar: Option<Shape>,
    pub markdown: bool,
}

/// What a text sink writes of a cleaned document: its text, or its Markdown
/// when `markdown` (and the document has one).
fn body(cleaned: &Cleaned, markdown: bool) -> &str {
    match &cleaned.markdown {
        Some(md) if markdown => md,
        _ => &cleaned.text,
    }
}

impl TextTree {
    pub fn path_for(&self, rel: &Path) -> PathBuf {
        let mut rel = rel.to_path_buf();
        if rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            rel.set_extension("");
        }
        rel.set_extension(if self.markdown { "md" } else { "txt" });
        self.root.join(rel)
    }
}

impl Sink for TextTree {
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned, _record: Option<&[u8]>) -> io::Result<()> {
        let path = self.path_for(&doc.rel_path);
        write_replacing(
            &path,
            |w| w.write_all(body(cleaned, self.markdown).as_bytes()),
            !SYNC_TREE_AT_ONCE,
        )?;
        if let Some(shape) = &self.sidecar {
            let record = shape.record(doc, cleaned, false);
            write_replacing(
                &path.with_extension("meta.json"),
                |w| {
                    serde_json::to_writer_pretty(&mut *w, &record)?;
                    w.write_all(b"\n")
                },
                !SYNC_TREE_AT_ONCE,
            )?;
        }
        crate::faults::kill_point("tree-file-written");
        Ok(())
    }

    fn output_path(&self, doc: &Doc) -> Option<PathBuf> {
        Some(self.path_for(&doc.rel_path))
    }

    /// Files are renamed into place as they are written, unsynced; they are
    /// made durable all at once (one `syncfs`) when the manifest is due. An
    /// `fsync` per small file made writing a tree ten times slower than
    /// cleaning it.
    fn checkpoint(&mut self, force: bool) -> io::Result<bool> {
        if !SYNC_TREE_AT_ONCE {
            return Ok(true);
        }
        if force {
            self.sync()?;
        }
        Ok(force)
    }

    fn finish(&mut self) -> io::Result<()> {
        if SYNC_TREE_AT_ONCE {
            self.sync()?;
        }
        Ok(())
    }
}

impl TextTree {
    /// Flushes the file system holding the tree.
    fn sync(&self) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        if self.root.exists() {
            rustix::fs::syncfs(std::fs::File::open(&self.root)?)?;
        }
        Ok(())
    }
}

/// Whether a tree is synced at checkpoints with `syncfs` (Linux) rather than
/// file by file.
const SYNC_TREE_AT_ONCE: bool = cfg!(target_os = "linux");

/// Locks an output against a second run: an output tree's folder itself, or
/// `FILE.lock` beside a JSONL file. The lock (an OS file lock, gone with the
/// process however it ends) is held as long as the returned file is open.
pub fn lock_output(lock: &Path, folder: bool) -> io::Result<std::fs::File> {
    let file = if !folder {
        std::fs::create_dir_all(parent_of(lock))?;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock)?
    } else {
        // A folder: locked through a handle on the folder (Unix allows it).
        std::fs::create_dir_all(lock)?;
        std::fs::File::open(lock)?
    };
    if try_lock(&file)? {
        Ok(file)
    } else {
        Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            format!(
                "{} is locked: another newsclean run is writing this output",
                lock.display()
            ),
        ))
    }
}

/// Takes an exclusive lock on `file` (a file or a folder) without waiting;
/// false when another process holds it. An OS lock (`flock`), released
/// however the process ends. Where there is no `flock` (not Linux), outputs
/// are not locked.
pub fn try_lock(file: &std::fs::File) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{FlockOperation, flock};
        match flock(file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(true),
            Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        Ok(true)
    }
}

/// Cleaned documents on stdout, streamed: texts (or their Markdown) one
/// after another, separated by a blank line, or Dolma JSONL, a line each.
pub struct Stdout {
    out: io::BufWriter<io::Stdout>,
    first: bool,
    form: StdoutForm,
}

/// What [`Stdout`] writes of each document.
#[derive(Debug, Clone, Default)]
pub enum StdoutForm {
    #[default]
    Text,
    Markdown,
    Jsonl(Shape),
}

impl Stdout {
    pub fn new(form: StdoutForm) -> Stdout {
        Stdout {
            out: io::BufWriter::with_capacity(1 << 16, io::stdout()),
            first: true,
            form,
        }
    }
}

impl Sink for Stdout {
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned, record: Option<&[u8]>) -> io::Result<()> {
        if cleaned.text.is_empty() {
            return Ok(());
        }
        let first = std::mem::replace(&mut self.first, false);
        match &self.form {
            StdoutForm::Jsonl(shape) => {
                jsonl::write_record(&mut self.out, shape, doc, cleaned, record)?;
                self.out.write_all(b"\n")
            }
            form => {
                if !first {
                    self.out.write_all(b"\n")?;
                }
                let markdown = matches!(form, StdoutForm::Markdown);
                self.out.write_all(body(cleaned, markdown).as_bytes())
            }
        }
    }

    fn checkpoint(&mut self, _force: bool) -> io::Result<bool> {
        self.out.flush()?;
        Ok(true)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
