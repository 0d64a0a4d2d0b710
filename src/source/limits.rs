//! How much of anything a reader will take: documents cut at `--max-doc-bytes`,
//! lines and headers read with a cap, binary content recognised, and names for
//! output files made from untrusted ids. Every reader goes through these, so a
//! hostile dump costs bounded memory and can never write outside the output.

use std::io::{self, BufRead};

/// The caps a run reads with.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A document longer than this is cut here and reported.
    pub max_doc_bytes: usize,
    /// A gzip member may inflate to this many times its compressed size ...
    pub max_inflate_ratio: u64,
    /// ... once it has inflated past this many bytes (small members may compress
    /// very well without being bombs).
    pub inflate_grace_bytes: u64,
}

pub const DEFAULT_MAX_DOC_BYTES: usize = 8 << 20;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            max_inflate_ratio: 200,
            inflate_grace_bytes: 16 << 20,
        }
    }
}

impl Limits {
    /// The longest JSONL line read: a document of `max_doc_bytes` JSON-escaped,
    /// plus room for the other fields.
    pub fn max_line_bytes(&self) -> usize {
        self.max_doc_bytes.saturating_mul(2).saturating_add(1 << 20)
    }
}

/// What a capped read got: the bytes kept and the full length seen.
pub struct Capped {
    pub bytes: Vec<u8>,
    pub total: u64,
}

impl Capped {
    pub fn was_cut(&self) -> bool {
        self.total > self.bytes.len() as u64
    }
}

/// How far past the cap an input is read to measure it: an endless input
/// (`/dev/zero`, a pipe that never closes) ends here, its length a lower bound.
pub const MEASURE_PAST_CAP: u64 = 1 << 30;

/// Reads `r` to its end, keeping at most `cap` bytes and counting the rest,
/// up to [`MEASURE_PAST_CAP`] past the cap.
pub fn read_capped(r: &mut dyn BufRead, cap: usize) -> io::Result<Capped> {
    let mut bytes = Vec::new();
    let mut total = 0u64;
    let stop = (cap as u64).saturating_add(MEASURE_PAST_CAP);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() || total >= stop {
            return Ok(Capped { bytes, total });
        }
        let n = buf.len();
        let keep = n.min(cap.saturating_sub(bytes.len()));
        bytes.extend_from_slice(&buf[..keep]);
        total += n as u64;
        r.consume(n);
    }
}

/// Reads exactly `len` bytes of a record block, keeping at most `cap`. Fails
/// with `UnexpectedEof` (and how many bytes there were) when the stream ends first.
pub fn read_block(r: &mut dyn BufRead, len: u64, cap: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(len.min(cap as u64).min(1 << 20) as usize);
    let mut left = len;
    while left > 0 {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("expected {len} bytes, the stream ends after {}", len - left),
            ));
        }
        let n = (buf.len() as u64).min(left) as usize;
        let keep = n.min(cap.saturating_sub(bytes.len()));
        bytes.extend_from_slice(&buf[..keep]);
        r.consume(n);
        left -= n as u64;
    }
    Ok(bytes)
}

/// One line (without its `\n`), or `None` at the end of the stream. A line
/// longer than `cap` is consumed whole but returned as `Err(length)`.
pub fn read_line_capped(
    r: &mut dyn BufRead,
    cap: usize,
    line: &mut Vec<u8>,
) -> io::Result<Option<Result<(), u64>>> {
    line.clear();
    let mut total = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(if total == 0 {
                None
            } else {
                Some(finish_line(line, total, cap))
            });
        }
        let (chunk, found) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        total += chunk.len() as u64;
        if line.len() < cap {
            let keep = chunk.len().min(cap - line.len());
            line.extend_from_slice(&chunk[..keep]);
        }
        let used = found.unwrap_or(buf.len());
        r.consume(used);
        if found.is_some() {
            return Ok(Some(finish_line(line, total, cap)));
        }
    }
}

fn finish_line(line: &mut Vec<u8>, total: u64, cap: usize) -> Result<(), u64> {
    if total > cap as u64 {
        line.clear();
        return Err(total);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(())
}

/// Where the first NUL byte is in the first 8 KiB, unless the bytes start with
/// a UTF-16 byte-order mark (UTF-16 text is full of NULs).
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    memchr::memchr(0, &bytes[..bytes.len().min(8192)])
}

/// Cuts `text` to at most `max` bytes on a character boundary.
pub fn cut_str(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// Longest name part taken from an id, in bytes.
const NAME_BYTES: usize = 80;

/// A file name for the `n`th document of a container, from an untrusted id or
/// URL: `000042-example.com_news_story.html`. Only `[A-Za-z0-9._-]` survive, no
/// leading dot, at most 80 bytes; the number keeps names unique and in order.
pub fn safe_name(n: u64, id: &str, ext: &str) -> String {
    let mut name = String::with_capacity(NAME_BYTES);
    let mut last_sep = true;
    for c in id.chars() {
        if name.len() >= NAME_BYTES {
            break;
        }
        if c.is_ascii_alphanumeric() || c == '-' || (c == '.' && !last_sep) {
            name.push(c);
            last_sep = false;
        } else if !last_sep {
            name.push('_');
            last_sep = true;
        }
    }
    let name = name.trim_end_matches(['_', '.']);
    if name.is_empty() {
        format!("{n:06}.{ext}")
    } else {
        format!("{n:06}-{name}.{ext}")
    }
}

/// Strips a URL's scheme, for naming: `https://a.com/x` -> `a.com/x`.
pub fn url_for_name(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_safe_and_numbered() {
        assert_eq!(
            safe_name(3, "../../etc/passwd", "txt"),
            "000003-etc_passwd.txt"
        );
        assert_eq!(safe_name(0, "/abs/path", "txt"), "000000-abs_path.txt");
        assert_eq!(safe_name(7, "a\0b", "txt"), "000007-a_b.txt");
        assert_eq!(safe_name(9, "...", "txt"), "000009.txt");
        assert_eq!(
            safe_name(1, url_for_name("https://ex.com/news/a.html"), "html"),
            "000001-ex.com_news_a.html.html"
        );
        assert!(safe_name(1, &"x".repeat(5000), "txt").len() < 100);
    }

    #[test]
    fn long_lines_are_refused_with_their_length_and_the_next_line_survives() {
        let input = format!("{}\nshort\r\n", "y".repeat(100));
        let mut r = io::Cursor::new(input.into_bytes());
        let mut line = Vec::new();
        assert_eq!(
            read_line_capped(&mut r, 10, &mut line).unwrap(),
            Some(Err(100))
        );
        assert_eq!(
            read_line_capped(&mut r, 10, &mut line).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(line, b"short");
        assert_eq!(read_line_capped(&mut r, 10, &mut line).unwrap(), None);
    }

    #[test]
    fn an_endless_input_is_read_to_a_bound() {
        let mut endless = io::BufReader::new(io::repeat(b'a'));
        let read = read_capped(&mut endless, 10).unwrap();
        assert_eq!(read.bytes.len(), 10);
        assert!(read.was_cut() && read.total >= MEASURE_PAST_CAP);
    }

    #[test]
    fn blocks_report_truncation() {
        let mut r = io::Cursor::new(b"abc".to_vec());
        let err = read_block(&mut r, 10, 100).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        let mut r = io::Cursor::new(b"abcdef".to_vec());
        assert_eq!(read_block(&mut r, 5, 2).unwrap(), b"ab");
    }

    #[test]
    fn binary_is_recognised_but_not_utf16() {
        assert_eq!(binary_offset(b"ab\0c"), Some(2));
        assert_eq!(binary_offset(b"\xff\xfea\0b\0"), None);
        assert_eq!(binary_offset(b"plain"), None);
    }

    proptest! {
        #[test]
        fn safe_names_never_leave_their_folder(n in 0u64..1_000_000, id in any::<String>()) {
            let name = safe_name(n, &id, "txt");
            prop_assert!(!name.contains('/') && !name.contains('\\') && !name.contains('\0'));
            prop_assert!(!name.starts_with('.'));
            prop_assert!(name.len() <= NAME_BYTES + 20);
        }

        #[test]
        fn cut_str_keeps_a_char_boundary(s in any::<String>(), max in 0usize..64) {
            let mut t = s.clone();
            cut_str(&mut t, max);
            prop_assert!(t.len() <= max && s.starts_with(&t));
        }
    }
}
