//! Mojibake repair: text that was UTF-8 but was read as windows-1252 or Latin-1
//! somewhere upstream ("â€™" for "’", "Ã©" for "é", even twice over:
//! "Ã¢â‚¬â„¢"). Each suspicious run of characters is mapped back to the bytes
//! that produced it; when those bytes are valid UTF-8, the run is replaced.
//!
//! Correct text is never touched: a document is repaired only when it holds a
//! signature no correct text has (`Ã` or `Â` followed by a character that
//! stands for a UTF-8 continuation byte, `â€`, or `â` and a C1 control where
//! Latin-1 read the bytes), and each repair must decode cleanly.

use crate::edit::{Edit, Kind};
use std::borrow::Cow;
use std::sync::Arc;

/// The rule id the repairs are reported under.
pub const RULE_ID: &str = "builtin.mojibake";

/// Up to three rounds undo text that went through the wrong decoding repeatedly.
const MAX_ROUNDS: usize = 3;

/// Repairs `text`, returning the edits made (one per changed line, per round).
/// Returns `None` when the text shows no mojibake.
pub fn repair(text: &str) -> Option<(String, Vec<Edit>)> {
    if !has_signature(text) {
        return None;
    }
    let rule: Arc<str> = Arc::from(RULE_ID);
    let mut current = text.to_string();
    let mut edits = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        let mut next = String::with_capacity(current.len());
        let mut offset = 0;
        for (n, line) in current.split_inclusive('\n').enumerate() {
            let fixed = repair_line(line);
            if fixed != line {
                changed = true;
                edits.push(Edit {
                    rule: rule.clone(),
                    kind: Kind::Replace,
                    line: n + 1,
                    span: offset..offset + line.trim_end_matches('\n').len(),
                    before: line.trim_end_matches('\n').to_string(),
                    after: fixed.trim_end_matches('\n').to_string(),
                });
            }
            offset += line.len();
            next.push_str(&fixed);
        }
        current = next;
        if !changed || !has_signature(&current) {
            break;
        }
    }
    (!edits.is_empty()).then_some((current, edits))
}

/// An HTML page with its mis-decoded characters whose last byte was 0xA0
/// put right: "Â" and a no-break space for a no-break space, "Ã" and one
/// for "à". Extraction turns a no-break space into a plain space, which
/// stands for no byte of UTF-8, so [`repair`] of the extracted text could no
/// longer see them ("offersÂ a", "cittÃ "). Only a page that shows mojibake
/// ([`has_signature`]) is touched; the rest of its mojibake is left to
/// [`repair`], which reports it.
pub fn repair_nbsp(html: &str) -> Cow<'_, str> {
    // A lead byte of two-byte UTF-8 (0xc2 to 0xdf) read as Latin-1 is one
    // of 'Â' to 'ß', written 0xc3 0x82 to 0xc3 0x9f; the search is for the
    // no-break space (0xc2 0xa0), rarer in a page than either of its bytes.
    let bytes = html.as_bytes();
    let after_lead =
        |at: usize| at >= 2 && bytes[at - 2] == 0xc3 && (0x82..=0x9f).contains(&bytes[at - 1]);
    if !memchr::memmem::find_iter(bytes, "\u{a0}").any(after_lead) || !has_signature(html) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{a0}') {
            if let Some((fixed, 2)) = repair_at(&[c, '\u{a0}']) {
                out.push(fixed);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// True when `text` holds a sequence that only mis-decoded UTF-8 produces.
fn has_signature(text: &str) -> bool {
    // 'Â', 'Ã' and 'â' are all encoded as 0xC3 and one more byte, so memchr
    // skips to the candidates: most documents have none and cost one scan.
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xC3, bytes).any(|at| {
        let lead = match bytes.get(at + 1) {
            Some(0x82) => 'Â',
            Some(0x83) => 'Ã',
            Some(0xA2) => 'â',
            _ => return false,
        };
        let Some(next) = text[at + 2..].chars().next() else {
            return false;
        };
        if lead == 'â' {
            // `€` where windows-1252 read the byte 0x80, a C1 control
            // (never in correct text) where Latin-1 did.
            next == '€' || ('\u{80}'..='\u{9F}').contains(&next)
        } else {
            byte_of(next).is_some_and(is_continuation)
        }
    })
}

/// The windows-1252 (or Latin-1) byte a character came from, if it came from one.
fn byte_of(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// How many continuation bytes a UTF-8 lead byte needs.
fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(1),
        0xE0..=0xEF => Some(2),
        0xF0..=0xF4 => Some(3),
        _ => None,
    }
}

/// One round of repair over a line.
fn repair_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if stray_nbsp_lead(&chars, i) {
            // "Â" + NBSP whose NBSP became a plain space on the way: the space stays.
            i += 1;
        } else if let Some((fixed, used)) = repair_at(&chars[i..]) {
            out.push(fixed);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// True for an "Â" after a non-letter and before a plain space.
fn stray_nbsp_lead(chars: &[char], i: usize) -> bool {
    chars[i] == 'Â' && chars.get(i + 1) == Some(&' ') && (i == 0 || !chars[i - 1].is_alphabetic())
}

/// The character that `chars` (a lead and its continuations) spelled in UTF-8.
fn repair_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = byte_of(chars[0])?;
    let need = continuation_count(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    for (slot, &c) in bytes[1..=need].iter_mut().zip(chars.get(1..=need)?) {
        let b = byte_of(c)?;
        if !is_continuation(b) {
            return None;
        }
        *slot = b;
    }
    let decoded = std::str::from_utf8(&bytes[..=need]).ok()?;
    // A C1 control may come out of a round: it is a byte of text that was
    // mis-decoded twice, which the next round puts right.
    Some((decoded.chars().next()?, need + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        repair(text).map_or_else(|| text.to_string(), |(t, _)| t)
    }

    #[test]
    fn common_mojibake_is_put_right() {
        assert_eq!(
            fixed("Itâ€™s a cafÃ© â€“ â€œniceâ€\u{9d}"),
            "It’s a café – “nice”"
        );
        assert_eq!(
            fixed("GrÃ¼ÃŸe aus ZÃ¼rich, 20Â°C"),
            "Grüße aus Zürich, 20°C"
        );
        assert_eq!(
            fixed("cafÃ© at 3Â\u{a0}â‚¬ or 4Â €"),
            "café at 3\u{a0}€ or 4 €"
        );
        assert_eq!(
            fixed("Ã‰tÃ© Ã\u{a0}Paris; zÅ‚oty, Å‚Ã³dka"),
            "Été àParis; złoty, łódka"
        );
    }

    #[test]
    fn mojibake_read_as_latin_1_is_put_right() {
        // UTF-8 read as Latin-1: the bytes 0x80 to 0x9F became C1 controls.
        assert_eq!(
            fixed("in debt\u{e2}\u{80}\u{94}nearly; we\u{e2}\u{80}\u{99}ve"),
            "in debt\u{2014}nearly; we\u{2019}ve"
        );
        assert_eq!(
            fixed("pâte à la crème, château"),
            "pâte à la crème, château"
        );
    }

    #[test]
    fn double_mojibake_is_undone() {
        assert_eq!(fixed("ItÃ¢â‚¬â„¢s here"), "It’s here");
    }

    #[test]
    fn correct_text_is_untouched() {
        for text in [
            "Straße” und „ÄRGER…“, São Paulo, NÃO, Ångström, ×2 – done",
            "Café crème, naïve façade, “quoted”, 20 °C, © 2024",
            "日本語のニュース, Łódź, Ελληνικά, русский",
            "Straße\u{a0}12, ×\u{a0}2, Å\u{a0}river, NÃO\u{a0}sei, Ð\u{a0}",
            "São Paulo, 20\u{a0}°C",
        ] {
            assert!(repair(text).is_none(), "{text}");
            assert!(matches!(repair_nbsp(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn edits_name_the_rule_and_the_line() {
        let (text, edits) = repair("Fine line\nCafÃ© line\n").unwrap();
        assert_eq!(text, "Fine line\nCafé line\n");
        assert_eq!(edits.len(), 1);
        assert_eq!((&*edits[0].rule, edits[0].line), (RULE_ID, 2));
        assert_eq!(
            (edits[0].before.as_str(), edits[0].after.as_str()),
            ("CafÃ© line", "Café line")
        );
        assert_eq!(edits[0].span, 10..22);
    }

    #[test]
    fn a_no_break_space_read_as_latin_1_is_put_right_before_extraction() {
        assert_eq!(
            repair_nbsp("<p>offersÂ\u{a0}a deal in the cittÃ\u{a0} vecchia</p>"),
            "<p>offers\u{a0}a deal in the città vecchia</p>"
        );
        // The rest of the mojibake is left to `repair`, which reports it.
        assert_eq!(repair_nbsp("cafÃ© atÂ\u{a0}3"), "cafÃ© at\u{a0}3");
    }
}
