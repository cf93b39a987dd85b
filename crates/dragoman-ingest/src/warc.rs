//! WARC web archives (ISO 28500), plain or gzipped: each `response` or
//! `resource` record holding an HTML or plain-text page is one article.
//!
//! This is a small reader of our own rather than the `warc` crate: that crate
//! ends iteration silently when a header block is cut short (the rest of the
//! file is lost without a word) and overflows on a huge `Content-Length`.
//! Here every record is either read or reported, and reading stops at the
//! first record that cannot be framed, since nothing after it can be trusted.

use std::io::{BufRead, Read, Write};

use dragoman_model::{DateSource, Origin};
use encoding_rs::Encoding;

use crate::dates::parse_date;
use crate::decode::{decode, encoding_for_label};
use crate::error::{ErrorKind, IngestError};
use crate::html::read_html;
use crate::{Item, gzip_reader, is_gzip};

/// Longest header block we accept, for the WARC record and the HTTP message
/// alike; real ones are well under 4 KB.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Reads every record of `bytes`, gzipped or not. `max_bytes` bounds one
/// record's block, which keeps a decompression bomb from filling memory.
pub(crate) fn read_warc(input: &str, bytes: &[u8], max_bytes: u64) -> Vec<Item> {
    read_warc_stream(input, bytes, is_gzip(bytes), max_bytes)
}

/// Reads every record from a stream, so that an archive of any size passes
/// through holding one record at a time.
pub(crate) fn read_warc_stream(
    input: &str,
    stream: impl BufRead,
    gzipped: bool,
    max_bytes: u64,
) -> Vec<Item> {
    if gzipped {
        read_records(input, gzip_reader(stream), max_bytes)
    } else {
        read_records(input, stream, max_bytes)
    }
}

fn read_records(input: &str, mut reader: impl BufRead, max_bytes: u64) -> Vec<Item> {
    let mut items = Vec::new();
    let mut record_number = 0;
    loop {
        record_number += 1;
        let origin = Origin::within(input, format!("record {record_number}"));
        let malformed = |reason: String| -> Item {
            Err(IngestError::new(
                origin.clone(),
                ErrorKind::MalformedWarc(reason),
            ))
        };
        let headers = match read_record_headers(&mut reader) {
            Ok(Some(headers)) => headers,
            Ok(None) => break,
            Err(reason) => {
                items.push(malformed(reason));
                break;
            }
        };
        let length = match header(&headers, "content-length").map(str::parse::<u64>) {
            Some(Ok(length)) => length,
            Some(Err(_)) => {
                items.push(malformed("Content-Length is not a number".into()));
                break;
            }
            None => {
                items.push(malformed("no Content-Length header".into()));
                break;
            }
        };
        let record_type = header(&headers, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let may_hold_an_article = matches!(record_type.as_str(), "response" | "resource");
        if !may_hold_an_article || length > max_bytes {
            // Requests, metadata and the like are no articles; an article
            // too large to hold is refused by name.
            if may_hold_an_article {
                items.push(Err(IngestError::new(
                    origin.clone(),
                    ErrorKind::TooLarge {
                        size: length,
                        limit: max_bytes,
                    },
                )));
            }
            match move_block(&mut reader, length, &mut std::io::sink()) {
                Ok(()) => continue,
                Err(problem) => {
                    items.push(Err(IngestError::new(origin, problem)));
                    break;
                }
            }
        }
        let mut block = Vec::new();
        if let Err(problem) = move_block(&mut reader, length, &mut block) {
            items.push(Err(IngestError::new(origin, problem)));
            break;
        }
        if let Some(item) = read_payload_record(origin, &headers, &block, max_bytes) {
            items.push(item);
        }
    }
    if items.is_empty() {
        items.push(Err(IngestError::new(
            Origin::file(input),
            ErrorKind::NoText("the archive holds no HTML or text response".into()),
        )));
    }
    items
}

/// Moves a record's block of `length` bytes from `reader` to `out` (a sink
/// to skip it); a block the input cuts short is malformed.
fn move_block(reader: &mut impl Read, length: u64, out: &mut impl Write) -> Result<(), ErrorKind> {
    match std::io::copy(&mut reader.take(length), out) {
        Ok(moved) if moved == length => Ok(()),
        Ok(moved) => Err(ErrorKind::MalformedWarc(format!(
            "truncated: Content-Length is {length} but only {moved} bytes follow"
        ))),
        Err(error) => Err(ErrorKind::Io(error.to_string())),
    }
}

type Headers = Vec<(String, String)>;

fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// The next record's header fields, `None` at a clean end of the archive.
/// Blank lines between records (the CRLF CRLF that ends each block) are
/// skipped; bare LF line ends are accepted, as some tools write them.
fn read_record_headers(reader: &mut impl BufRead) -> Result<Option<Headers>, String> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = read_limited_line(reader, &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err("expected a WARC/ version line".into());
    }
    let mut headers = Headers::new();
    let mut total = line.len();
    loop {
        line.clear();
        let read = read_limited_line(reader, &mut line)?;
        total += read;
        if read == 0 {
            return Err("the archive ends inside a header block".into());
        }
        if total > MAX_HEADER_BYTES {
            return Err(format!("header block longer than {MAX_HEADER_BYTES} bytes"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Some(headers));
        }
        push_header_line(&mut headers, text)?;
    }
}

/// Reads one line, refusing to buffer more than a header block may hold.
fn read_limited_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> Result<usize, String> {
    let limit = MAX_HEADER_BYTES as u64 + 1;
    let read = reader
        .take(limit)
        .read_until(b'\n', line)
        .map_err(|error| format!("cannot read: {error}"))?;
    if read as u64 == limit {
        return Err(format!("header line longer than {MAX_HEADER_BYTES} bytes"));
    }
    Ok(read)
}

fn push_header_line(headers: &mut Headers, line: &str) -> Result<(), String> {
    if line.starts_with([' ', '\t']) {
        // A folded continuation of the previous field's value.
        if let Some((_, value)) = headers.last_mut() {
            value.push(' ');
            value.push_str(line.trim());
            return Ok(());
        }
    }
    let (name, value) = line
        .split_once(':')
        .ok_or_else(|| format!("header line without a colon: {line:?}"))?;
    headers.push((name.trim().to_owned(), value.trim().to_owned()));
    Ok(())
}

/// An article from a response or resource record, or `None` for a record
/// that holds no article: a redirect, an error page, an image or a script.
fn read_payload_record(
    origin: Origin,
    headers: &Headers,
    block: &[u8],
    max_bytes: u64,
) -> Option<Item> {
    let (media_type, payload) = if block.starts_with(b"HTTP/") {
        let response = match split_http_response(block) {
            Ok(response) => response,
            Err(reason) => {
                return Some(Err(IngestError::new(
                    origin,
                    ErrorKind::MalformedWarc(reason),
                )));
            }
        };
        if !(200..300).contains(&response.status) {
            return None;
        }
        let media_type = header(&response.headers, "content-type")
            .unwrap_or("")
            .to_owned();
        match decoded_body(&response, max_bytes) {
            Ok(body) => (media_type, body),
            Err(kind) => return Some(Err(IngestError::new(origin, kind))),
        }
    } else {
        let media_type = header(headers, "content-type").unwrap_or("").to_owned();
        (media_type, block.to_vec())
    };
    let media_type = media_type.to_ascii_lowercase();
    let charset = charset_parameter(&media_type);
    let mut article = if media_type.contains("html") {
        read_html(origin, &payload, charset)
    } else if media_type.starts_with("text/plain") {
        plain_text(origin, &payload, charset)
    } else {
        return None;
    };
    if let Ok(article) = &mut article {
        article.url =
            header(headers, "warc-target-uri").map(|uri| uri.trim_matches(['<', '>']).to_owned());
        if article.published.is_none() {
            article.published = header(headers, "warc-date").and_then(parse_date);
            article.published_source = article.published.map(|_| DateSource::Archive);
        }
    }
    Some(article)
}

/// A text payload is taken whole: a header block is a convention of files
/// people write, not of pages a crawler fetched.
fn plain_text(
    origin: Origin,
    payload: &[u8],
    charset: Option<&'static Encoding>,
) -> Result<dragoman_model::Article, IngestError> {
    let decoded = decode(payload, charset);
    if decoded.text.trim().is_empty() {
        return Err(IngestError::new(
            origin,
            ErrorKind::NoText("empty payload".into()),
        ));
    }
    Ok(dragoman_model::Article {
        text: decoded.text,
        diagnostics: decoded.diagnostics,
        origin,
        ..dragoman_model::Article::default()
    })
}

struct HttpResponse<'a> {
    status: u16,
    headers: Headers,
    body: &'a [u8],
}

fn split_http_response(block: &[u8]) -> Result<HttpResponse<'_>, String> {
    let (head_end, body_start) = find_blank_line(block)
        .ok_or_else(|| "HTTP response without the blank line that ends its headers".to_owned())?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: &block[body_start..],
    })
}

/// The body as the server meant it. Some crawlers store the bytes as they
/// came over the wire (chunked, compressed), others store them decoded but
/// keep the original headers; so chunking is undone only when the body
/// really is chunked, and decompression only when it really is compressed.
fn decoded_body(response: &HttpResponse<'_>, max_bytes: u64) -> Result<Vec<u8>, ErrorKind> {
    let transfer = header(&response.headers, "transfer-encoding").unwrap_or("");
    let body = if transfer.to_ascii_lowercase().contains("chunked") {
        dechunk(response.body).unwrap_or_else(|| response.body.to_vec())
    } else {
        response.body.to_vec()
    };
    let content_encoding = header(&response.headers, "content-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let inflated = match content_encoding.as_str() {
        "gzip" | "x-gzip" if crate::is_gzip(&body) => {
            let mut inflated = Vec::new();
            crate::gzip_reader(body.as_slice())
                .take(max_bytes.saturating_add(1))
                .read_to_end(&mut inflated)
                .map(|_| inflated)
        }
        "deflate" if body.first() == Some(&0x78) => {
            let mut inflated = Vec::new();
            flate2::read::ZlibDecoder::new(body.as_slice())
                .take(max_bytes.saturating_add(1))
                .read_to_end(&mut inflated)
                .map(|_| inflated)
        }
        "" | "identity" | "gzip" | "x-gzip" | "deflate" => return Ok(body),
        other => {
            return Err(ErrorKind::Decompression(format!(
                "unsupported HTTP Content-Encoding {other:?}"
            )));
        }
    };
    let inflated = inflated.map_err(|error| ErrorKind::Decompression(error.to_string()))?;
    if inflated.len() as u64 > max_bytes {
        return Err(ErrorKind::DecompressedTooLarge { limit: max_bytes });
    }
    Ok(inflated)
}

/// Undoes HTTP/1.1 chunked transfer coding, or `None` if `body` is not a
/// well-formed chunked body.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut joined = Vec::new();
    loop {
        let line_end = body.windows(2).position(|window| window == b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..line_end]).ok()?;
        let size_hex = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(joined);
        }
        let chunk_end = size.checked_add(2).filter(|&end| end <= body.len())?;
        if &body[size..chunk_end] != b"\r\n" {
            return None;
        }
        joined.extend_from_slice(&body[..size]);
        body = &body[chunk_end..];
    }
}

/// Where the header block ends and the body starts: at CRLF CRLF, or at
/// LF LF from servers that skip the CR.
fn find_blank_line(block: &[u8]) -> Option<(usize, usize)> {
    let crlf = block.windows(4).position(|window| window == b"\r\n\r\n");
    let lf = block.windows(2).position(|window| window == b"\n\n");
    match (crlf, lf) {
        (Some(crlf), Some(lf)) if lf < crlf => Some((lf, lf + 2)),
        (Some(crlf), _) => Some((crlf, crlf + 4)),
        (None, Some(lf)) => Some((lf, lf + 2)),
        (None, None) => None,
    }
}

fn charset_parameter(media_type: &str) -> Option<&'static Encoding> {
    media_type
        .split(';')
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim() == "charset")
        .and_then(|(_, value)| encoding_for_label(value))
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// A WARC record with a correct Content-Length around `block`.
    pub(crate) fn warc_record(record_type: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {record_type}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2026-02-14T06:30:00Z\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n\
             Content-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    pub(crate) fn http_page(status: u16, content_type: &str, body: &str) -> String {
        format!("HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\n\r\n{body}")
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// The body of a 200 response with `headers`, decoded under a 1000-byte limit.
    fn decoded(headers: &str, body: &[u8]) -> Result<Vec<u8>, ErrorKind> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        decoded_body(&split_http_response(&block).unwrap(), 1000)
    }

    #[test]
    fn chunked_and_compressed_bodies_are_decoded_when_they_really_are() {
        let chunked = b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        assert_eq!(
            decoded("Transfer-Encoding: chunked\r\n", chunked).unwrap(),
            b"Hello, world"
        );
        // Stored already decoded, the original header kept: taken as it is.
        assert_eq!(
            decoded("Transfer-Encoding: chunked\r\n", b"Hello").unwrap(),
            b"Hello"
        );
        let gzipped = gzip(b"<p>Hi</p>");
        assert_eq!(
            decoded("Content-Encoding: gzip\r\n", &gzipped).unwrap(),
            b"<p>Hi</p>"
        );
        assert_eq!(
            decoded("Content-Encoding: gzip\r\n", b"<p>Hi</p>").unwrap(),
            b"<p>Hi</p>"
        );
        let bomb = gzip(&[b'a'; 5000]);
        assert_eq!(
            decoded("Content-Encoding: gzip\r\n", &bomb).unwrap_err(),
            ErrorKind::DecompressedTooLarge { limit: 1000 }
        );
        assert!(matches!(
            decoded("Content-Encoding: br\r\n", b"\x1b\x00").unwrap_err(),
            ErrorKind::Decompression(_)
        ));
    }

    #[test]
    fn dechunk_refuses_what_is_not_chunked() {
        assert_eq!(dechunk(b"ffffffffffffffffff\r\nabc"), None);
        assert_eq!(dechunk(b"3\r\nabcX\r\n0\r\n\r\n"), None);
        assert_eq!(dechunk(b"3\r\nabc\r\n"), None);
        assert_eq!(dechunk(b"0\r\n\r\n"), Some(Vec::new()));
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let archive = [
            warc_record("warcinfo", "", "software: none"),
            warc_record("request", "https://a.example/1", "GET /1 HTTP/1.1\r\n\r\n"),
            warc_record(
                "response",
                "https://a.example/1",
                &http_page(
                    200,
                    "text/html; charset=utf-8",
                    "<p>Rain fell in the capital.</p>",
                ),
            ),
            warc_record(
                "response",
                "https://a.example/2",
                &http_page(301, "text/html", ""),
            ),
            warc_record(
                "response",
                "https://a.example/logo",
                &http_page(200, "image/png", "PNG"),
            ),
        ]
        .concat();
        let items = read_warc("crawl.warc", archive.as_bytes(), 1_000_000);
        assert_eq!(items.len(), 1);
        let article = items[0].as_ref().unwrap();
        assert_eq!(article.text, "Rain fell in the capital.");
        assert_eq!(article.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2026, 2, 14));
        assert_eq!(article.published_source, Some(DateSource::Archive));
        assert_eq!(article.origin.locator.as_deref(), Some("record 3"));
    }

    #[test]
    fn a_date_in_the_page_wins_over_the_archive_date() {
        let page = r#"<meta name="date" content="2026-02-10"><p>Old news.</p>"#;
        let archive = warc_record(
            "response",
            "https://a.example/",
            &http_page(200, "text/html", page),
        );
        let items = read_warc("crawl.warc", archive.as_bytes(), 1_000_000);
        let article = items[0].as_ref().unwrap();
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2026, 2, 10));
        assert_eq!(article.published_source, Some(DateSource::PageMetadata));
    }

    #[test]
    fn a_truncated_record_is_reported_after_the_good_ones() {
        let good = warc_record(
            "response",
            "https://a.example/1",
            &http_page(200, "text/plain", "Fine."),
        );
        let cut = warc_record(
            "response",
            "https://a.example/2",
            &http_page(200, "text/plain", "Cut here"),
        );
        let archive = format!("{good}{}", &cut[..cut.len() - 10]);
        let items = read_warc("crawl.warc", archive.as_bytes(), 1_000_000);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].as_ref().unwrap().text, "Fine.");
        let error = items[1].as_ref().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("crawl.warc (record 2): malformed WARC: truncated"),
            "{error}"
        );
    }

    #[test]
    fn a_truncated_record_that_is_skipped_is_reported_too() {
        let request = warc_record("request", "https://a.example/1", "GET /1 HTTP/1.1");
        let archive = &request[..request.len() - 10];
        let items = read_warc("crawl.warc", archive.as_bytes(), 1_000_000);
        assert_eq!(items.len(), 1);
        let error = items[0].as_ref().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("crawl.warc (record 1): malformed WARC: truncated"),
            "{error}"
        );
    }

    #[test]
    fn a_cut_header_block_is_not_a_silent_end() {
        let items = read_warc(
            "crawl.warc",
            b"WARC/1.1\r\nWARC-Type: response\r\n",
            1_000_000,
        );
        let error = items[0].as_ref().unwrap_err();
        assert!(
            error.to_string().contains("ends inside a header block"),
            "{error}"
        );
    }

    #[test]
    fn an_oversized_record_is_refused_and_skipped() {
        let big = warc_record(
            "response",
            "https://a.example/big",
            &http_page(200, "text/plain", &"x".repeat(500)),
        );
        let small = warc_record(
            "response",
            "https://a.example/s",
            &http_page(200, "text/plain", "Small."),
        );
        let items = read_warc("crawl.warc", format!("{big}{small}").as_bytes(), 200);
        assert!(matches!(
            items[0].as_ref().unwrap_err().kind,
            ErrorKind::TooLarge { limit: 200, .. }
        ));
        assert_eq!(items[1].as_ref().unwrap().text, "Small.");
    }

    #[test]
    fn a_large_record_that_is_no_article_is_skipped_without_complaint() {
        let metadata = warc_record("metadata", "https://a.example/s", &"m".repeat(500));
        let small = warc_record(
            "response",
            "https://a.example/s",
            &http_page(200, "text/plain", "Small."),
        );
        let items = read_warc("crawl.warc", format!("{metadata}{small}").as_bytes(), 200);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap().text, "Small.");
    }

    #[test]
    fn a_huge_content_length_does_not_overflow() {
        let archive =
            "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 18446744073709551615\r\n\r\nabc";
        let items = read_warc("crawl.warc", archive.as_bytes(), 1_000_000);
        assert!(matches!(
            items[0].as_ref().unwrap_err().kind,
            ErrorKind::TooLarge { .. }
        ));
        assert!(items[1].is_err());
    }
}
