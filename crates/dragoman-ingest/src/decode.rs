//! Bytes to UTF-8 text. The only changes ever made to the bytes are dropping a
//! byte-order mark and replacing undecodable sequences, and the latter is
//! always reported, because spans downstream index the decoded text.

use std::borrow::Cow;

use dragoman_model::Diagnostic;
use encoding_rs::{Encoding, UTF_8};

/// How many leading bytes the binary check looks at: enough to see a file
/// header or a run of binary records, cheap on a 50 MB input.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Above this share of control characters a "text" is almost surely binary;
/// real wire copy has tabs, newlines and the odd form feed, nothing else.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Text decoded from bytes, with what was noticed on the way.
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Refuses inputs that are not text: a NUL byte or many control characters
/// near the start. UTF-16 with a byte-order mark is text and passes.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes)
        && encoding != UTF_8
    {
        return None;
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if let Some(offset) = head.iter().position(|&byte| byte == 0) {
        return Some(format!("NUL byte at offset {offset}"));
    }
    let controls = head
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    let share = controls as f64 / head.len().max(1) as f64;
    (share > MAX_CONTROL_SHARE).then(|| {
        format!(
            "{controls} control characters in the first {} bytes",
            head.len()
        )
    })
}

/// Decodes `bytes`: a byte-order mark wins, then `declared` (an HTML or HTTP
/// charset), then UTF-8. Undecodable bytes become U+FFFD and a warning names
/// the input offset of the first one.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    let (encoding, bom_length) = match Encoding::for_bom(bytes) {
        Some((encoding, length)) => (encoding, length),
        None => (declared.unwrap_or(UTF_8), 0),
    };
    let body = &bytes[bom_length..];
    let mut diagnostics = Vec::new();
    let text = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(error) => {
                let offset = bom_length + error.valid_up_to();
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "invalid UTF-8 at byte {offset}; undecodable bytes replaced with U+FFFD"
                    ))
                    .at(offset),
                );
                String::from_utf8_lossy(body).into_owned()
            }
        }
    } else {
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            diagnostics.push(Diagnostic::warning(format!(
                "bytes that are not valid {} replaced with U+FFFD",
                encoding.name()
            )));
        }
        match text {
            Cow::Borrowed(text) => text.to_owned(),
            Cow::Owned(text) => text,
        }
    };
    Decoded { text, diagnostics }
}

/// The encoding named by a charset label (`utf-8`, `windows-1252`, `latin1`).
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_a_utf8_bom_and_nothing_else() {
        let decoded = decode(b"\xEF\xBB\xBFLine one\r\nLine two", None);
        assert_eq!(decoded.text, "Line one\r\nLine two");
        assert!(decoded.diagnostics.is_empty());
    }

    #[test]
    fn names_the_input_offset_of_the_first_invalid_byte() {
        let decoded = decode(b"\xEF\xBB\xBFabc\xFFdef", None);
        assert_eq!(decoded.text, "abc\u{FFFD}def");
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(decoded.diagnostics[0].offset, Some(6));
        assert!(decoded.diagnostics[0].message.contains("byte 6"));
    }

    #[test]
    fn honours_a_declared_legacy_charset() {
        let latin1 = encoding_for_label("ISO-8859-1");
        let decoded = decode(b"caf\xE9", latin1);
        assert_eq!(decoded.text, "café");
        assert!(decoded.diagnostics.is_empty());
    }

    #[test]
    fn a_bom_overrides_the_declared_charset() {
        let decoded = decode(b"\xFF\xFEh\0i\0", encoding_for_label("utf-8"));
        assert_eq!(decoded.text, "hi");
    }

    #[test]
    fn recognises_binary_data() {
        assert!(binary_reason(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_some());
        assert!(binary_reason(&[1, 2, 3, 4, 5, b'a']).is_some());
        assert!(binary_reason("Plain\ttext\r\n\u{c}with a form feed".as_bytes()).is_none());
        assert!(binary_reason(b"\xFF\xFEh\0i\0").is_none());
    }
}
