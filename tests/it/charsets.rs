//! Every charset sample decodes with the encoding we expect, by the evidence we
//! expect, without a single replacement character.

use newsclean::decode::decode;
use std::path::Path;

const SAMPLES: &[(&str, &str, &str)] = &[
    // file, encoding, chosen by
    ("charset-utf-8.html", "UTF-8", "meta"),
    ("charset-windows-1252.html", "windows-1252", "meta"),
    ("charset-iso-8859-2.html", "ISO-8859-2", "meta"),
    ("charset-shift_jis.html", "Shift_JIS", "meta"),
    ("charset-gbk.html", "GBK", "meta"),
    ("charset-euc-kr.html", "EUC-KR", "meta"),
    ("charset-big5.html", "Big5", "meta"),
    ("charset-utf-16le.html", "UTF-16LE", "bom"),
    ("charset-undeclared.html", "windows-1251", "sniff"),
    ("charset-wrong-declaration.html", "windows-1252", "sniff"),
    ("charset-mojibake.html", "UTF-8", "meta"),
];

#[test]
fn every_charset_sample_decodes_cleanly() {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/raw");
    for (file, encoding, source) in SAMPLES {
        let bytes = std::fs::read(raw.join(file)).unwrap();
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (*encoding, *source), "{file}");
        assert_eq!(d.malformed, 0, "{file}");
        assert!(
            !d.text.contains('\u{FFFD}'),
            "{file}: replacement character"
        );
        assert!(d.text.contains("<article>"), "{file}: not decoded as text");
    }
}

#[test]
fn the_http_header_overrides_a_missing_declaration() {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/raw");
    let bytes = std::fs::read(raw.join("charset-undeclared.html")).unwrap();
    let d = decode(&bytes, Some("text/html; charset=windows-1251"));
    assert_eq!((d.encoding, d.source), ("windows-1251", "http"));
    assert!(d.text.contains("В Москве открылся новый парк"));
}
