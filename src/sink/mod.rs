//! Where cleaned documents go: a mirrored tree of `.txt` files, plain text on
//! stdout, or JSONL (`{"id", "text", "metadata"}`) to stdout or a file; and
//! the manifest of what became of every document. Files are written
//! atomically (temp file, then rename): no partial output is ever left behind.

pub mod jsonl;
pub mod manifest;

use crate::clean::Cleaned;
use crate::source::Doc;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A destination for cleaned documents, written in input order.
pub trait Sink {
    /// Writes one cleaned document; `n` is its number in the input stream.
    fn write(&mut self, n: u64, doc: &Doc, cleaned: &Cleaned) -> io::Result<()>;
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
}

/// `OUT/a/b/page.txt` for the input `a/b/page.html` (or `page.html.gz`);
/// `page.md` holding the Markdown with `markdown`.
pub struct TextTree {
    pub root: PathBuf,
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
    fn write(&mut self, _n: u64, doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        let path = self.path_for(&doc.rel_path);
        write_replacing(
            &path,
            |w| w.write_all(body(cleaned, self.markdown).as_bytes()),
            !SYNC_TREE_AT_ONCE,
        )
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

/// Writes `bytes` to `path` so that readers see the old file or the new one,
/// never half of it: a temp file in the same folder, synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the content streamed by `fill`.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_replacing(path, fill, true)
}

/// Temp file, then rename; `sync` flushes the data before the rename (else
/// the caller makes it durable later, e.g. a whole tree at once).
fn write_replacing(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    sync: bool,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = temp_file_in(dir)?;
    {
        let mut w = io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    if sync {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temp file in `dir` for an atomic write. Unlike tempfile's default
/// (0600), it gets the permissions any new file gets (0666 less the umask),
/// since it becomes the output.
pub fn temp_file_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".newsclean-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Cleaned texts (or their Markdown) on stdout, one after another,
/// separated by a blank line.
pub struct Stdout {
    out: io::BufWriter<io::Stdout>,
    first: bool,
    markdown: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: io::BufWriter::with_capacity(1 << 16, io::stdout()),
            first: true,
            markdown: false,
        }
    }

    /// Writes each document's Markdown instead of its text.
    pub fn with_markdown(mut self, markdown: bool) -> Stdout {
        self.markdown = markdown;
        self
    }
}

impl Default for Stdout {
    fn default() -> Self {
        Stdout::new()
    }
}

impl Sink for Stdout {
    fn write(&mut self, _n: u64, _doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        if cleaned.text.is_empty() {
            return Ok(());
        }
        if !self.first {
            self.out.write_all(b"\n")?;
        }
        self.first = false;
        self.out.write_all(body(cleaned, self.markdown).as_bytes())
    }

    fn checkpoint(&mut self, _force: bool) -> io::Result<bool> {
        self.out.flush()?;
        Ok(true)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
