//! JSON lines: one article per line, `{id, title, text, url, date, source}`.
//! Each line stands alone, so a malformed line costs that line only.

use dragoman_model::{Article, DateSource, Diagnostic, Origin};
use serde::Deserialize;

use crate::dates::parse_date;
use crate::decode::decode;
use crate::error::{ErrorKind, IngestError};
use crate::html::language_code;

#[derive(Deserialize)]
struct Record {
    /// Ids come as strings or numbers in the wild.
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    url: Option<String>,
    date: Option<String>,
    source: Option<String>,
    #[serde(alias = "lang")]
    language: Option<String>,
}

/// One item per non-blank line, in order; locators are `line N` (1-based).
pub(crate) fn read_json_lines(input: &str, bytes: &[u8]) -> Vec<Result<Article, IngestError>> {
    let mut items = Vec::new();
    let mut line_start = 0;
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let start = line_start;
        line_start += line.len();
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let origin = Origin::within(input, format!("line {}", index + 1));
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        items.push(read_line(origin, line, start));
    }
    if items.is_empty() {
        items.push(Err(IngestError::new(
            Origin::file(input),
            ErrorKind::NoText("only blank lines".into()),
        )));
    }
    items
}

fn read_line(origin: Origin, line: &[u8], line_offset: usize) -> Result<Article, IngestError> {
    let decoded = decode(line, None);
    let record: Record = match serde_json::from_str(&decoded.text) {
        Ok(record) => record,
        Err(error) => {
            return Err(IngestError::new(
                origin,
                ErrorKind::MalformedJson(error.to_string()),
            ));
        }
    };
    let Some(text) = record.text.filter(|text| !text.trim().is_empty()) else {
        return Err(IngestError::new(origin, ErrorKind::MissingTextField));
    };
    // Offsets in the model point into the whole input, not the line.
    let mut diagnostics: Vec<Diagnostic> = decoded
        .diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            diagnostic.offset = diagnostic.offset.map(|offset| offset + line_offset);
            diagnostic
        })
        .collect();
    let published = record.date.as_deref().and_then(parse_date);
    if let (Some(written), None) = (&record.date, published) {
        diagnostics.push(Diagnostic::warning(format!(
            "unrecognised date {written:?} in the record"
        )));
    }
    Ok(Article {
        id: record.id.and_then(id_text),
        title: record.title,
        outlet: record.source,
        url: record.url,
        published,
        published_source: published.map(|_| DateSource::Record),
        language: record.language.as_deref().and_then(language_code),
        text,
        origin,
        diagnostics,
    })
}

fn id_text(id: serde_json::Value) -> Option<String> {
    match id {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn reads_each_line_and_reports_the_broken_one() {
        let input = concat!(
            r#"{"id": 7, "title": "Talks", "text": "Delegates met.", "url": "https://x.example/7", "date": "2026-01-05", "source": "Wire", "lang": "en"}"#,
            "\n\n",
            r#"{"id": "b", "text": "Broken"#,
            "\n",
            r#"{"text": "Second story."}"#,
            "\n"
        );
        let items = read_json_lines("day.jsonl", input.as_bytes());
        assert_eq!(items.len(), 3);
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.id.as_deref(), Some("7"));
        assert_eq!(first.outlet.as_deref(), Some("Wire"));
        assert_eq!(first.published, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(first.published_source, Some(DateSource::Record));
        assert_eq!(first.language.as_deref(), Some("en"));
        assert_eq!(first.origin.locator.as_deref(), Some("line 1"));
        let error = items[1].as_ref().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("day.jsonl (line 3): malformed JSON: EOF while parsing"),
            "{error}"
        );
        let third = items[2].as_ref().unwrap();
        assert_eq!(third.text, "Second story.");
        assert_eq!(third.origin.locator.as_deref(), Some("line 4"));
    }

    #[test]
    fn a_record_without_text_is_an_error() {
        let items = read_json_lines("x.jsonl", br#"{"title": "No body"}"#);
        assert_eq!(
            items[0].as_ref().unwrap_err().to_string(),
            "x.jsonl (line 1): record has no \"text\" string"
        );
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_input_offset() {
        let items = read_json_lines("x.jsonl", b"{\"text\": \"a\"}\n{\"text\": \"b\xff\"}\n");
        let article = items[1].as_ref().unwrap();
        assert_eq!(article.text, "b\u{FFFD}");
        assert_eq!(article.diagnostics[0].offset, Some(25));
    }

    #[test]
    fn only_blank_lines_is_an_error() {
        let items = read_json_lines("x.jsonl", b"\n \r\n");
        assert_eq!(items.len(), 1);
        assert!(items[0].is_err());
    }
}
