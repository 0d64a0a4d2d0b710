//! The HTTP response stored in a WARC `response` record: status code,
//! `Content-Type` (whose charset the decode stage uses), and the body as the
//! page's bytes: chunked transfer coding undone, gzip or deflate content coding
//! inflated (within the document size limit). Only what newsclean needs.

use std::io::Read;

/// The parsed head of an HTTP response.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    pub content_type: Option<String>,
    /// `Transfer-Encoding`, lower-cased (`chunked`).
    pub transfer_encoding: Option<String>,
    /// `Content-Encoding`, lower-cased (`gzip`, `deflate`, ...).
    pub content_encoding: Option<String>,
    /// Where the body starts in the record block.
    pub body_start: usize,
}

/// The longest HTTP head looked for.
const MAX_HEAD: usize = 64 << 10;

/// Parses the head at the start of `block`, or says why it cannot.
pub fn parse(block: &[u8]) -> Result<Head, String> {
    let window = &block[..block.len().min(MAX_HEAD)];
    let (head_len, body_start) = find_end(window)
        .ok_or_else(|| format!("no end of HTTP headers in the first {} bytes", window.len()))?;
    let head = String::from_utf8_lossy(&window[..head_len]);
    let mut lines = head.split('\n').map(|l| l.trim_end_matches('\r'));
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP status line: {:?}", clip(status_line)))?;
    let fields: Vec<(&str, &str)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim(), value.trim()))
        .collect();
    let field = |wanted: &str| {
        fields
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.to_string())
    };
    let lower = |v: String| v.to_ascii_lowercase();
    Ok(Head {
        status,
        content_type: field("content-type"),
        transfer_encoding: field("transfer-encoding").map(lower),
        content_encoding: field("content-encoding").map(lower),
        body_start,
    })
}

/// The page's bytes from the raw body: chunks joined, content coding undone,
/// at most `max` bytes (the second value says whether more were cut off).
/// Archivers often store bodies already decoded but keep the headers, so a body
/// that does not have the announced shape is taken as it is.
pub fn body(head: &Head, raw: Vec<u8>, max: usize) -> Result<(Vec<u8>, bool), String> {
    let chunked = head
        .transfer_encoding
        .as_deref()
        .is_some_and(|t| t.contains("chunked"));
    let raw = match chunked.then(|| dechunk(&raw)).flatten() {
        Some(joined) => joined,
        None => raw,
    };
    let coding = head.content_encoding.as_deref().unwrap_or("identity");
    let inflated = match coding {
        "identity" | "" | "none" => None,
        "gzip" | "x-gzip" if raw.starts_with(&[0x1f, 0x8b]) => {
            Some(inflate(flate2::read::MultiGzDecoder::new(&raw[..]), max)?)
        }
        "deflate" if looks_zlib(&raw) => {
            Some(inflate(flate2::read::ZlibDecoder::new(&raw[..]), max)?)
        }
        "gzip" | "x-gzip" | "deflate" => None,
        other => return Err(format!("unsupported Content-Encoding: {other}")),
    };
    let mut bytes = inflated.unwrap_or(raw);
    let cut = bytes.len() > max;
    bytes.truncate(max);
    Ok((bytes, cut))
}

/// Joins the chunks of a chunked body; `None` when it is not one.
fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        let eol = memchr::memchr(b'\n', rest)?;
        let size_line = std::str::from_utf8(&rest[..eol]).ok()?.trim();
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let chunk = rest.get(..size)?;
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            // Truncated after a whole chunk: keep what arrived.
            return Some(out);
        }
    }
}

fn looks_zlib(raw: &[u8]) -> bool {
    raw.len() >= 2 && raw[0] & 0x0f == 8 && (u16::from(raw[0]) << 8 | u16::from(raw[1])) % 31 == 0
}

/// Inflates at most `max + 1` bytes, so a bomb costs no more than a page.
fn inflate(decoder: impl Read, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot inflate the HTTP body: {e}"))?;
    Ok(out)
}

/// End of the head (`\r\n\r\n`, or `\n\n` from sloppy servers): its length and
/// where the body starts.
fn find_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// True when a `Content-Type` value names HTML.
pub fn is_html_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_gives_status_type_and_body() {
        let block = b"HTTP/1.1 200 OK\r\nServer: x\r\ncontent-type: text/html; charset=ISO-8859-1\r\n\r\n<p>hi</p>";
        let head = parse(block).unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(
            head.content_type.as_deref(),
            Some("text/html; charset=ISO-8859-1")
        );
        assert_eq!(&block[head.body_start..], b"<p>hi</p>");
    }

    #[test]
    fn bad_heads_are_explained() {
        assert!(
            parse(b"garbage\r\n\r\nbody")
                .unwrap_err()
                .contains("status line")
        );
        assert!(
            parse(b"HTTP/1.1 200 OK\r\nno end")
                .unwrap_err()
                .contains("no end")
        );
    }

    fn head(transfer: Option<&str>, coding: Option<&str>) -> Head {
        Head {
            status: 200,
            content_type: None,
            transfer_encoding: transfer.map(str::to_string),
            content_encoding: coding.map(str::to_string),
            body_start: 0,
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_undone() {
        let page = b"<p>Hello, chunked world</p>";
        let h = head(Some("chunked"), None);
        let raw = b"5\r\n<p>He\r\n16;ext=1\r\nllo, chunked world</p>\r\n0\r\n\r\n".to_vec();
        assert_eq!(body(&h, raw, 1 << 20).unwrap(), (page.to_vec(), false));

        let h = head(None, Some("gzip"));
        assert_eq!(
            body(&h, gzip(page), 1 << 20).unwrap(),
            (page.to_vec(), false)
        );

        let zipped = gzip(page);
        let mut raw = format!("{:x}\r\n", zipped.len()).into_bytes();
        raw.extend_from_slice(&zipped);
        raw.extend_from_slice(b"\r\n0\r\n\r\n");
        let h = head(Some("chunked"), Some("gzip"));
        assert_eq!(body(&h, raw, 1 << 20).unwrap(), (page.to_vec(), false));
    }

    #[test]
    fn bodies_stored_already_decoded_pass_as_they_are() {
        let page = b"<p>stored decoded</p>".to_vec();
        let h = head(Some("chunked"), Some("gzip"));
        assert_eq!(body(&h, page.clone(), 1 << 20).unwrap(), (page, false));
    }

    #[test]
    fn inflating_stops_at_the_limit() {
        let bomb = gzip(&vec![b'a'; 1 << 20]);
        let (bytes, cut) = body(&head(None, Some("gzip")), bomb, 1000).unwrap();
        assert_eq!((bytes.len(), cut), (1000, true));
        assert!(body(&head(None, Some("br")), b"x".to_vec(), 10).is_err());
    }

    #[test]
    fn html_types() {
        assert!(is_html_type("text/html; charset=utf-8"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("image/png"));
    }
}
