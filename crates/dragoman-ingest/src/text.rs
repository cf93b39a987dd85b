//! Plain-text articles, with an optional header block of `Title:`, `Date:`,
//! `URL:` and `Source:` lines ended by a blank line. The text kept is the
//! decoded input after that block, byte for byte: CRLF stays CRLF.

use dragoman_model::{Article, DateSource, Diagnostic, Origin};

use crate::dates::parse_date;
use crate::decode::decode;
use crate::error::{ErrorKind, IngestError};

const HEADER_KEYS: [&str; 4] = ["title", "date", "url", "source"];

pub(crate) fn read_text(origin: Origin, bytes: &[u8]) -> Result<Article, IngestError> {
    let decoded = decode(bytes, None);
    let mut article = Article {
        origin,
        diagnostics: decoded.diagnostics,
        ..Article::default()
    };
    let body_start = match header_block(&decoded.text) {
        Some(header) => {
            apply_header(&mut article, &header.fields);
            header.body_start
        }
        None => 0,
    };
    let body = &decoded.text[body_start..];
    if body.trim().is_empty() {
        let context = if body_start > 0 {
            "nothing follows the header block"
        } else {
            "only whitespace"
        };
        return Err(IngestError::new(
            article.origin,
            ErrorKind::NoText(context.into()),
        ));
    }
    article.text = body.to_owned();
    Ok(article)
}

struct HeaderBlock<'a> {
    fields: Vec<(String, &'a str)>,
    /// Byte offset of the text after the blank line that ends the block.
    body_start: usize,
}

/// The header block, if the text opens with one: one or more `Key: value`
/// lines with known keys, then a blank line. Anything else means there is
/// no header and the whole input is text.
fn header_block(text: &str) -> Option<HeaderBlock<'_>> {
    let mut fields = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            return (!fields.is_empty()).then_some(HeaderBlock {
                fields,
                body_start: offset,
            });
        }
        let (key, value) = content.split_once(':')?;
        let key = key.trim().to_ascii_lowercase();
        if !HEADER_KEYS.contains(&key.as_str()) {
            return None;
        }
        fields.push((key, value.trim()));
    }
    None
}

fn apply_header(article: &mut Article, fields: &[(String, &str)]) {
    for (key, value) in fields {
        let value = (*value).to_owned();
        match key.as_str() {
            "title" => article.title = Some(value),
            "url" => article.url = Some(value),
            "source" => article.outlet = Some(value),
            "date" => match parse_date(&value) {
                Some(date) => {
                    article.published = Some(date);
                    article.published_source = Some(DateSource::Header);
                }
                None => article.diagnostics.push(Diagnostic::warning(format!(
                    "unrecognised date {value:?} in the header block"
                ))),
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn read(text: &str) -> Result<Article, IngestError> {
        read_text(Origin::file("story.txt"), text.as_bytes())
    }

    #[test]
    fn a_header_block_fills_metadata_and_is_removed() {
        let article = read(
            "Title: Port reopens\r\nDATE: 2 March 2026\r\nurl: https://n.example/1\r\nSource: Coast Herald\r\n\r\nThe port reopened.\r\nShips queued.\r\n",
        )
        .unwrap();
        assert_eq!(article.title.as_deref(), Some("Port reopens"));
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(article.published_source, Some(DateSource::Header));
        assert_eq!(article.url.as_deref(), Some("https://n.example/1"));
        assert_eq!(article.outlet.as_deref(), Some("Coast Herald"));
        assert_eq!(article.text, "The port reopened.\r\nShips queued.\r\n");
    }

    #[test]
    fn text_without_a_header_is_kept_whole() {
        let text = "Note: this is not a header.\n\nThe council met.";
        assert_eq!(read(text).unwrap().text, text);
        let text = "The council met.\n\nIt voted.";
        let article = read(text).unwrap();
        assert_eq!(article.text, text);
        assert_eq!(article.title, None);
    }

    #[test]
    fn a_header_needs_its_blank_line() {
        let text = "Title: A headline with no body after it";
        assert_eq!(read(text).unwrap().text, text);
    }

    #[test]
    fn an_unreadable_header_date_is_reported() {
        let article = read("Date: the day after\n\nText.").unwrap();
        assert_eq!(article.published, None);
        assert!(article.diagnostics[0].message.contains("the day after"));
    }

    proptest::proptest! {
        #[test]
        fn the_text_kept_is_a_suffix_of_the_input(input in "(Title: [a-z]{0,5}\r?\n|Date: [0-9 a-zA-Z-]{0,12}\n|[ a-z:]{0,8}\r?\n|\\PC{0,10}){0,8}") {
            match read(&input) {
                Ok(article) => proptest::prop_assert!(input.ends_with(&article.text)),
                Err(error) => proptest::prop_assert!(matches!(error.kind, ErrorKind::NoText(_))),
            }
        }
    }

    #[test]
    fn a_header_with_nothing_after_it_is_an_error() {
        let error = read("Title: Only a title\n\n  \n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "story.txt: no text (nothing follows the header block)"
        );
    }
}
