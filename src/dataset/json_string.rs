//! A JSON string, escaped exactly as serde_json's compact writer escapes it
//! (`\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`,
//! everything else as is), but eight bytes at a time where none needs
//! escaping: a JSONL record is mostly its text, and serde_json looks at
//! each byte of it in turn. A property test holds the two to the same bytes.

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// Whether any byte of `x` is below `n` (at most 0x80): exact as a yes or
/// no, since a borrow only starts at a byte that is below.
fn any_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS != 0
}

/// Whether any of the eight bytes needs an escape: a control character, a
/// quote or a backslash.
fn needs_escape(x: u64) -> bool {
    any_below(x, 0x20)
        || any_below(x ^ (ONES * u64::from(b'"')), 1)
        || any_below(x ^ (ONES * u64::from(b'\\')), 1)
}

/// Appends `s` to `out` as a JSON string, quotes included.
pub fn write(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[start..i]` is to be written as it is.
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0C => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1F => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(short);
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, s);
        out
    }

    #[test]
    fn escapes_what_serde_json_escapes() {
        let s = "a \"quoted\" line\\ with\ttabs\r\n\u{0}\u{1f}\u{7f} é — “x” 0123456789";
        assert_eq!(escaped(s), serde_json::to_vec(s).unwrap());
        assert_eq!(escaped(""), b"\"\"");
    }

    proptest::proptest! {
        #[test]
        fn the_same_bytes_as_serde_json(s in "([a-z ]{0,12}|[\\x00-\\x20\"\\\\\\x7f]|[é—’€😀])*") {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_vec(&s).unwrap());
        }
    }
}
