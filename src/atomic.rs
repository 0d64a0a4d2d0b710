//! Files replaced atomically: a temp file in the target's folder, named
//! after the target and marked as newsclean's, filled, synced and renamed
//! over it, so that readers see the old file or the new one, never half of
//! one; and the removal of the temp files a killed run left. Below every
//! stage: the sink's outputs, the manifest, reports and `dedup` use it.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;

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
pub(crate) fn write_replacing(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    sync: bool,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = temp_file_for(path)?;
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
    temp_file_named(dir, std::ffi::OsStr::new(TEMP_MARK))
}

/// A temp file beside `path` that will replace it, named after it
/// (`.NAME.newsclean-XXXXXX.tmp`), so that a later run on `path` knows it
/// for its own leftover and no other output's.
pub fn temp_file_for(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    temp_file_named(parent_of(path), &temp_prefix(path))
}

/// What every temp file's name holds.
const TEMP_MARK: &str = ".newsclean-";
const TEMP_SUFFIX: &str = ".tmp";

fn temp_prefix(path: &Path) -> OsString {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut end = name.len().min(100);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    OsString::from(format!(".{}{TEMP_MARK}", &name[..end]))
}

pub(crate) fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Removes the temp files a killed run left beside `path` while replacing it.
pub fn remove_temps_beside(path: &Path) -> io::Result<()> {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(parent_of(path)) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let bytes = name.as_encoded_bytes();
        if bytes.starts_with(prefix.as_encoded_bytes()) && bytes.ends_with(TEMP_SUFFIX.as_bytes()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Removes every temp file a killed run left anywhere under `root` (an
/// output tree, which the run holds locked).
pub fn remove_temps_under(root: &Path) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            remove_temps_under(&entry.path())?;
        } else if kind.is_file() && name.contains(TEMP_MARK) && name.ends_with(TEMP_SUFFIX) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn temp_file_named(dir: &Path, prefix: &std::ffi::OsStr) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}
