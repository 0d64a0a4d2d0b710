//! Bytes to UTF-8. Owns the charset decision: a byte-order mark first, then the
//! HTTP `Content-Type` charset, then `<meta charset>` / `http-equiv` in the head,
//! then sniffing (chardetng); encoding_rs does the decoding. A declaration the
//! bytes contradict loses to the bytes, whatever the charset: UTF-8 declared
//! but invalid, a legacy charset declared on valid multi-byte UTF-8, UTF-16
//! declared on bytes without a NUL, a multi-byte charset whose sequences the
//! bytes break, or a charset the Encoding Standard maps to "replacement". Malformed sequences become U+FFFD
//! and are counted, never silently dropped. [`mojibake`] repairs text that was
//! mis-decoded before it reached us.

pub mod mojibake;
mod prescan;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// A document's text and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The bytes themselves when they are valid UTF-8 and decoded as such
    /// (most pages: no copy of the page is made), else the decoded text.
    pub text: Cow<'a, str>,
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Which evidence chose the encoding: `bom`, `http`, `meta`, `sniff` or `default`.
    pub source: &'static str,
    /// Number of malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
    /// A charset the document declared but that its bytes contradict.
    pub overruled: Option<&'static str>,
}

/// Decodes `bytes`, using `content_type` (an HTTP header value) when given.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], encoding, "bom", None);
    }
    let declared = content_type
        .and_then(prescan::charset_param)
        .map(|e| (e, "http"))
        .or_else(|| prescan::meta_charset(bytes).map(|e| (e, "meta")));
    if let Some((encoding, source)) = declared {
        // A declaration read from ASCII-compatible bytes cannot mean UTF-16.
        let encoding = if source == "meta" {
            encoding.output_encoding()
        } else {
            encoding
        };
        return match contradicted(bytes, encoding) {
            None => finish(bytes, encoding, source, None),
            Some(actual) => finish(bytes, actual, "sniff", Some(encoding.name())),
        };
    }
    match utf8_evidence(bytes) {
        Utf8::Valid => finish(bytes, UTF_8, "default", None),
        Utf8::Mostly => finish(bytes, UTF_8, "sniff", None),
        Utf8::No => finish(bytes, sniff(bytes), "sniff", None),
    }
}

/// How well bytes read as UTF-8.
#[derive(Debug, PartialEq, Eq)]
enum Utf8 {
    Valid,
    /// UTF-8 with a few broken sequences (a truncated character, a stray byte):
    /// decoding as UTF-8 and counting the damage beats reading it all as legacy.
    Mostly,
    No,
}

fn utf8_evidence(bytes: &[u8]) -> Utf8 {
    let mut rest = bytes;
    let (mut multibyte, mut errors) = (0usize, 0usize);
    loop {
        let (valid, error) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), None),
            Err(e) => (
                e.valid_up_to(),
                Some(e.error_len().unwrap_or(rest.len() - e.valid_up_to())),
            ),
        };
        if error.is_none() && errors == 0 {
            // Valid throughout: nothing to weigh (the common case).
            return Utf8::Valid;
        }
        multibyte += rest[..valid].iter().filter(|&&b| b >= 0xC0).count();
        match error {
            None => break,
            Some(len) => {
                errors += 1;
                rest = &rest[valid + len.max(1)..];
            }
        }
    }
    if multibyte >= 2 * errors {
        Utf8::Mostly
    } else {
        Utf8::No
    }
}

/// The encoding the bytes really are in, when they contradict `declared`.
/// Checked for every charset: a declaration is only ever a claim.
fn contradicted(bytes: &[u8], declared: &'static Encoding) -> Option<&'static Encoding> {
    if declared == encoding_rs::REPLACEMENT {
        // ISO-2022-KR, HZ and the like: the Encoding Standard decodes them to
        // one U+FFFD, which no page means. Their bytes decide.
        return Some(undeclared(bytes));
    }
    if declared == UTF_8 {
        return (utf8_evidence(bytes) == Utf8::No).then(|| sniff(bytes));
    }
    if declared == encoding_rs::UTF_16LE || declared == encoding_rs::UTF_16BE {
        // Without a BOM (a BOM was seen first), UTF-16 text has NUL bytes in
        // half its places; bytes without any cannot be it.
        let plausible =
            memchr::memchr(0, bytes).is_some() && decode_counting(bytes, declared).1 == 0;
        return (!plausible).then(|| undeclared(bytes));
    }
    // Legacy text almost never forms valid multi-byte UTF-8 by chance, while
    // UTF-8 pages with a stale legacy declaration are common.
    if !bytes.is_ascii()
        && std::str::from_utf8(bytes).is_ok()
        && declared != encoding_rs::X_USER_DEFINED
    {
        return Some(UTF_8);
    }
    if declared.is_single_byte() {
        return None;
    }
    // A multi-byte charset (Shift_JIS, EUC-KR, GBK, Big5, ISO-2022-JP ...)
    // whose sequences the bytes break, where the bytes' own charset reads
    // them with fewer errors.
    let errors = decode_counting(bytes, declared).1;
    if errors == 0 {
        return None;
    }
    let guess = undeclared(bytes);
    (guess != declared && decode_counting(bytes, guess).1 < errors).then_some(guess)
}

/// The charset of bytes with no declaration: UTF-8 when they read as it,
/// else chardetng's guess.
fn undeclared(bytes: &[u8]) -> &'static Encoding {
    match utf8_evidence(bytes) {
        Utf8::Valid | Utf8::Mostly => UTF_8,
        Utf8::No => sniff(bytes),
    }
}

/// chardetng's guess for bytes with no usable declaration.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Allow);
    // chardetng may answer UTF-8 for nearly-valid UTF-8; we know it is not valid,
    // so keep that answer: the errors are counted as malformed.
    if guess == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        guess
    }
}

fn finish<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    source: &'static str,
    overruled: Option<&'static str>,
) -> Decoded<'a> {
    let (text, malformed) = decode_counting(bytes, encoding);
    Decoded {
        text,
        encoding: encoding.name(),
        source,
        malformed,
        overruled,
    }
}

/// Decodes without BOM handling, replacing each malformed sequence with U+FFFD
/// and counting them (a U+FFFD present in the input is not counted).
fn decode_counting<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> (Cow<'a, str>, usize) {
    if encoding == UTF_8
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return (Cow::Borrowed(text), 0);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut out = String::with_capacity(capacity);
    let mut malformed = 0;
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => return (Cow::Owned(out), malformed),
            DecoderResult::OutputFull => out.reserve(rest.len() * 3 + 16),
            DecoderResult::Malformed(_, _) => {
                malformed += 1;
                out.push('\u{FFFD}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, label: &str) -> Vec<u8> {
        let enc = Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{text} is not representable in {label}");
        bytes.into_owned()
    }

    #[test]
    fn a_bom_wins_over_every_declaration() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Grüße".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes, Some("text/html; charset=iso-8859-1"));
        assert_eq!(
            (&*d.text, d.encoding, d.source),
            ("Grüße", "UTF-16LE", "bom")
        );
    }

    #[test]
    fn the_http_header_wins_over_meta() {
        let page = "<meta charset=\"utf-8\"><p>Łódź</p>";
        let bytes = encode(page, "iso-8859-2");
        let d = decode(&bytes, Some("text/html; charset=ISO-8859-2"));
        assert_eq!(
            (d.encoding, d.source, d.malformed),
            ("ISO-8859-2", "http", 0)
        );
        assert!(d.text.contains("Łódź"));
    }

    #[test]
    fn meta_declarations_are_read() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body>日本語のニュース</body></html>";
        let bytes = encode(page, "shift_jis");
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), ("Shift_JIS", "meta"));
        assert!(d.text.contains("日本語のニュース"));
    }

    #[test]
    fn a_declaration_the_bytes_contradict_loses_whatever_the_charset() {
        let ascii = "<html><body><p>Plain ASCII news about the markets.</p></body></html>";
        for label in [
            "iso-2022-kr",
            "utf-16le",
            "utf-16be",
            "hz-gb-2312",
            "iso-2022-jp",
            "shift_jis",
        ] {
            let d = decode(
                ascii.as_bytes(),
                Some(&format!("text/html; charset={label}")),
            );
            assert_eq!(d.text, ascii, "{label}: {d:?}");
            assert_eq!(d.malformed, 0, "{label}");
        }
        let korean = "<p>서울에서 열린 회의에서 경제 전망이 논의되었다.</p>";
        let d = decode(korean.as_bytes(), Some("text/html; charset=euc-kr"));
        assert_eq!((&*d.text, d.overruled), (korean, Some("EUC-KR")));
        let french =
            "<p>Le gouvernement a annoncé une réforme des retraites très contestée à Paris.</p>";
        let bytes = encode(french, "windows-1252");
        let d = decode(&bytes, Some("text/html; charset=shift_jis"));
        assert_eq!((&*d.text, d.malformed), (french, 0), "{d:?}");
        // A declaration that fits is kept.
        let japanese = "<p>日本語のニュース記事です。</p>";
        let bytes = encode(japanese, "iso-2022-jp");
        let d = decode(&bytes, Some("text/html; charset=iso-2022-jp"));
        assert_eq!((&*d.text, d.source), (japanese, "http"));
    }

    #[test]
    fn a_wrong_utf8_declaration_is_caught() {
        let page = "<meta charset=utf-8><p>Caf\u{e9} cr\u{e8}me, \u{201c}quoted\u{201d} and na\u{ef}ve fa\u{e7}ade.</p>";
        let bytes = encode(page, "windows-1252");
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source, d.overruled),
            ("windows-1252", "sniff", Some("UTF-8"))
        );
        assert_eq!(d.malformed, 0);
        assert!(d.text.contains("Café crème, “quoted”"));
    }

    #[test]
    fn a_stale_legacy_declaration_on_utf8_is_caught() {
        let page = "<meta charset=iso-8859-2><p>Zürich – „Grüße“</p>";
        let d = decode(page.as_bytes(), None);
        assert_eq!((d.encoding, d.overruled), ("UTF-8", Some("ISO-8859-2")));
        assert!(d.text.contains("Zürich – „Grüße“"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_sniffed() {
        let text = "这是一篇关于经济发展的新闻报道，记者在北京采访了多位专家。";
        let bytes = encode(text, "gbk");
        let d = decode(&bytes, None);
        assert_eq!((&*d.text, d.source), (text, "sniff"));
        assert_eq!(d.encoding, "GBK");
    }

    #[test]
    fn malformed_sequences_are_counted_not_dropped() {
        let page = "<meta charset=utf-8><p>Größere Änderungen für Bürger: \u{FFFD} ok</p>";
        let mut bytes = page.as_bytes().to_vec();
        let at = page.find("<p>").unwrap() + 3;
        bytes.splice(at..at, [0xFF]);
        bytes.extend_from_slice(&"ü".as_bytes()[..1]);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source, d.overruled), ("UTF-8", "meta", None));
        // Two broken sequences; the U+FFFD already in the input is not counted.
        assert_eq!(d.malformed, 2, "{d:?}");
        assert!(
            d.text
                .contains("<p>\u{FFFD}Größere Änderungen für Bürger: \u{FFFD} ok")
        );
        assert!(d.text.ends_with("</p>\u{FFFD}"));
    }
}
