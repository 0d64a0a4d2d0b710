//! Where cleaned documents go: a mirrored tree of `.txt` files (written
//! atomically: temp file, then rename) or stdout. A tree is flushed to disk
//! once, when the run finishes, not once per file: `fsync` per small file
//! made writing a tree about ten times slower than cleaning it.

use crate::clean::Cleaned;
use crate::source::Doc;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A destination for cleaned documents, written in input order.
pub trait Sink {
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `OUT/a/b/page.txt` for the input `a/b/page.html` (or `page.html.gz`).
pub struct TextTree {
    pub root: PathBuf,
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
        rel.set_extension("txt");
        self.root.join(rel)
    }
}

impl Sink for TextTree {
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        let path = self.path_for(&doc.rel_path);
        write_replacing(&path, cleaned.text.as_bytes(), !SYNC_AT_FINISH)
    }

    /// Every file is in place (renamed) already; this makes them durable.
    fn finish(&mut self) -> io::Result<()> {
        if SYNC_AT_FINISH && self.root.exists() {
            #[cfg(target_os = "linux")]
            rustix::fs::syncfs(std::fs::File::open(&self.root)?)?;
        }
        Ok(())
    }
}

/// Whether a tree is synced once with `syncfs` (Linux) rather than per file.
const SYNC_AT_FINISH: bool = cfg!(target_os = "linux");

/// Writes `bytes` to `path` so that readers see the old file or the new one,
/// never half of it: a temp file in the same folder, synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replacing(path, bytes, true)
}

/// Temp file, then rename; `sync` flushes the data before the rename (the
/// caller syncs otherwise, e.g. the whole tree at the end of a run).
fn write_replacing(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".newsclean-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Cleaned texts on stdout, one after another, separated by a blank line.
pub struct Stdout {
    out: io::BufWriter<io::Stdout>,
    first: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: io::BufWriter::with_capacity(1 << 16, io::stdout()),
            first: true,
        }
    }
}

impl Default for Stdout {
    fn default() -> Self {
        Stdout::new()
    }
}

impl Sink for Stdout {
    fn write(&mut self, _doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        if cleaned.text.is_empty() {
            return Ok(());
        }
        if !self.first {
            self.out.write_all(b"\n")?;
        }
        self.first = false;
        self.out.write_all(cleaned.text.as_bytes())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
