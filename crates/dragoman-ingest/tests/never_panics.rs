//! Whatever the bytes and whatever the format, reading never panics and
//! never returns nothing: every input yields articles or errors.

use dragoman_ingest::{InputFormat, ReadOptions, read_bytes};
use proptest::prelude::*;

const FORMATS: [InputFormat; 6] = [
    InputFormat::Auto,
    InputFormat::Text,
    InputFormat::Html,
    InputFormat::Jsonl,
    InputFormat::Feed,
    InputFormat::Warc,
];

fn check(bytes: &[u8]) {
    for format in FORMATS {
        let options = ReadOptions {
            format,
            max_bytes: 4096,
        };
        let items = read_bytes("input", bytes, &options);
        assert!(!items.is_empty(), "{format}: nothing for {bytes:?}");
        for item in &items {
            let origin = match item {
                Ok(article) => &article.origin,
                Err(error) => &error.origin,
            };
            assert_eq!(origin.input, "input");
        }
    }
}

/// Fragments of every format, so that random inputs reach deep into the
/// parsers instead of failing on the first byte.
fn format_fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"WARC/1.1\r\n".to_vec()),
        Just(b"WARC-Type: response\r\n".to_vec()),
        Just(b"Content-Length: 12\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec()),
        Just(b"<html><body><p>".to_vec()),
        Just(b"</p><br><div>".to_vec()),
        Just(b"<meta charset=\"latin1\">".to_vec()),
        Just(b"<rss version=\"2.0\"><channel><item><title>".to_vec()),
        Just(b"<description>".to_vec()),
        Just("<author>A\u{2014}a@b.example</author>".as_bytes().to_vec()),
        Just(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>".to_vec()),
        Just(b"{\"text\": \"".to_vec()),
        Just(b"\", \"date\": \"2 March 2026\"}\n".to_vec()),
        Just(b"Title: x\nDate: 2026-03-02\n\n".to_vec()),
        Just(vec![0x1f, 0x8b, 0x08, 0x00]),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just("caf\u{e9} \u{2014} \u{a0}".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..16),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn spliced_format_fragments_never_panic(
        fragments in proptest::collection::vec(format_fragment(), 0..24)
    ) {
        check(&fragments.concat());
    }
}

#[test]
fn gzip_of_anything_never_panics() {
    use std::io::Write;
    for payload in [&b""[..], b"WARC/1.1\r\n", b"plain text", b"\0\0\0"] {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(payload).unwrap();
        let gzipped = encoder.finish().unwrap();
        check(&gzipped);
        check(&gzipped[..gzipped.len() / 2]);
    }
}
