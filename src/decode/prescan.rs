//! Charset declarations: the `charset` parameter of an HTTP `Content-Type`, and
//! `<meta charset>` / `<meta http-equiv="Content-Type">` (or an XML declaration)
//! near the start of a page, read from the raw bytes before decoding.

use encoding_rs::Encoding;

/// How far into a page to look for a declaration. Browsers look at 1024 bytes;
/// scraped pages often have long comments or scripts first, so look further.
const PRESCAN_BYTES: usize = 8192;

/// The encoding named by the `charset=` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let value = match rest.strip_prefix(['"', '\'']) {
        Some(quoted) => quoted.split(['"', '\'']).next()?,
        None => rest.split([';', ' ', '\t', ',']).next()?,
    };
    Encoding::for_label(value.trim().as_bytes())
}

/// The encoding a page declares in its head, if any.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(enc) = xml_declaration(head) {
        return Some(enc);
    }
    let mut at = 0;
    while let Some(found) = find_ascii_ci(&head[at..], b"<meta") {
        let start = at + found + b"<meta".len();
        let (attrs, end) = attributes(&head[start..]);
        at = start + end;
        let get = |name: &str| attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        if let Some(label) = get("charset") {
            if let Some(enc) = Encoding::for_label(label.trim().as_bytes()) {
                return Some(enc);
            }
        } else if get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"))
            && let Some(enc) = get("content").and_then(|c| charset_param(c))
        {
            return Some(enc);
        }
    }
    None
}

fn xml_declaration(head: &[u8]) -> Option<&'static Encoding> {
    let rest = head.strip_prefix(b"<?xml")?;
    let end = rest.iter().position(|&b| b == b'>')?;
    let decl = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
    let at = decl.find("encoding")?;
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    let label = value.split(['"', '\'', ' ', '?']).next()?;
    Encoding::for_label(label.as_bytes())
}

/// Finds `needle` (which starts with `<`) ignoring ASCII case; memchr jumps
/// from one `<` to the next.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(needle[0], haystack).find(|&at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Reads `name=value` pairs up to the closing `>`; names are lower-cased.
/// Returns them and how many bytes were read.
fn attributes(tag: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    let is_space = |b: u8| b.is_ascii_whitespace() || b == b'/';
    while i < tag.len() {
        while i < tag.len() && is_space(tag[i]) {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'>' || tag[i] == b'<' {
            break;
        }
        let name_start = i;
        while i < tag.len() && !is_space(tag[i]) && !matches!(tag[i], b'=' | b'>') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&tag[name_start..i]).to_ascii_lowercase();
        let mut value = String::new();
        if tag.get(i) == Some(&b'=') {
            i += 1;
            let (v, used) = attribute_value(&tag[i..]);
            value = v;
            i += used;
        }
        attrs.push((name, value));
    }
    (attrs, i)
}

fn attribute_value(rest: &[u8]) -> (String, usize) {
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match rest.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let len = rest[1..]
                .iter()
                .position(|&b| b == q)
                .unwrap_or(rest.len() - 1);
            (lossy(&rest[1..1 + len]), (len + 2).min(rest.len()))
        }
        _ => {
            let len = rest
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>')
                .unwrap_or(rest.len());
            (lossy(&rest[..len]), len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(e: Option<&'static Encoding>) -> Option<&'static str> {
        e.map(Encoding::name)
    }

    #[test]
    fn content_type_parameters() {
        assert_eq!(
            name(charset_param("text/html; charset=ISO-8859-2")),
            Some("ISO-8859-2")
        );
        assert_eq!(
            name(charset_param("text/html;charset=\"gb2312\"")),
            Some("GBK")
        );
        assert_eq!(name(charset_param("text/html")), None);
        assert_eq!(name(charset_param("text/html; charset=bogus")), None);
    }

    #[test]
    fn meta_tags_in_their_common_shapes() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (
                b"<html><head><meta charset=\"windows-1251\">",
                Some("windows-1251"),
            ),
            (b"<META CHARSET=euc-kr>", Some("EUC-KR")),
            (
                b"<meta name=x><meta content='text/html; charset=big5' http-equiv='Content-Type'/>",
                Some("Big5"),
            ),
            (
                b"<meta http-equiv=refresh content=\"0; charset=utf-8\">",
                None,
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html>",
                Some("Shift_JIS"),
            ),
            (b"<p>no declaration</p>", None),
            (b"<meta charset=", None),
        ];
        for (page, want) in cases {
            assert_eq!(
                name(meta_charset(page)),
                *want,
                "{}",
                String::from_utf8_lossy(page)
            );
        }
    }
}
