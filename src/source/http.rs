//! The HTTP response head stored in a WARC `response` record: status code and
//! `Content-Type` (whose charset the decode stage uses). Only what newsclean
//! needs; the body is left as it is.

/// The parsed head of an HTTP response.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    pub content_type: Option<String>,
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
    let content_type = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| value.trim().to_string())
    });
    Ok(Head {
        status,
        content_type,
        body_start,
    })
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

    #[test]
    fn html_types() {
        assert!(is_html_type("text/html; charset=utf-8"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("image/png"));
    }
}
