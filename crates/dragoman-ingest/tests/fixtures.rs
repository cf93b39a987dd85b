//! Every reader over the hand-written fixtures in `tests/data`, through the
//! public entry points a caller uses.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dragoman_ingest::{ErrorKind, InputFormat, Item, ReadOptions, read_bytes, read_path};
use dragoman_model::{Article, DateSource};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<Item> {
    read_path(&fixture(name), &ReadOptions::default())
}

fn only_article(name: &str) -> Article {
    let mut items = read(name);
    assert_eq!(items.len(), 1, "{items:?}");
    items.remove(0).unwrap()
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

#[test]
fn html_page_loses_its_boilerplate_and_keeps_its_paragraphs() {
    let article = only_article("article.html");
    assert_eq!(
        article.title.as_deref(),
        Some("Border crossing reopens after three-week closure")
    );
    assert_eq!(article.outlet.as_deref(), Some("Northern Ledger"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://ledger.example/world/border-crossing-reopens")
    );
    assert_eq!(article.published, date(2026, 3, 2));
    assert_eq!(article.published_source, Some(DateSource::PageMetadata));
    assert!(article.text.contains("The main border crossing"));
    assert!(
        article
            .text
            .contains("\"a workable arrangement\" on Sunday night.\n\nDrivers")
    );
    for boilerplate in [
        "Home",
        "Advertisement",
        "Related stories",
        "reader42",
        "Copyright",
        "trackPageView",
    ] {
        assert!(
            !article.text.contains(boilerplate),
            "kept {boilerplate:?}:\n{}",
            article.text
        );
    }
}

#[test]
fn rss_feed_gives_one_article_per_item() {
    let items = read("feed.rss");
    let articles: Vec<&Article> = items.iter().map(|item| item.as_ref().unwrap()).collect();
    assert_eq!(articles.len(), 3);
    assert_eq!(articles[0].id.as_deref(), Some("harbour-2026-0301"));
    assert_eq!(articles[0].outlet.as_deref(), Some("Harbour Times"));
    assert_eq!(articles[0].language.as_deref(), Some("en"));
    assert_eq!(
        articles[0].text,
        "The fishing fleet stayed in port on Sunday as forecasters warned of gale-force winds.\n\n\
         \"Nobody sails tonight,\" said harbour master Ines Olafsdottir."
    );
    assert_eq!(articles[1].published, date(2026, 3, 2));
    assert_eq!(
        articles[2].text,
        "The island ferry operator cancelled its winter timetable, citing engine repairs.\n\n\
         Services resume in April."
    );
    assert_eq!(articles[2].origin.locator.as_deref(), Some("item 3"));
}

#[test]
fn atom_feed_uses_content_or_summary_and_the_published_date() {
    let items = read("feed.atom");
    let first = items[0].as_ref().unwrap();
    assert_eq!(
        first.url.as_deref(),
        Some("https://dispatch.example/farmers-block-highway")
    );
    // 00:30 on the 4th at UTC+2 is still the 3rd in UTC: the outlet's date wins.
    assert_eq!(first.published, date(2026, 3, 4));
    assert_eq!(first.published_source, Some(DateSource::Feed));
    assert!(
        first
            .text
            .ends_with("water quotas.\n\nPolice diverted traffic through nearby villages.")
    );
    let second = items[1].as_ref().unwrap();
    assert_eq!(
        second.text,
        "The regional governor said the quotas would be reviewed within a month."
    );
    assert_eq!(second.published, date(2026, 3, 4));
    assert_eq!(items.len(), 2);
}

/// Regression: feed-rs 3.0 panics slicing an author e-mail next to an em dash.
#[test]
fn feed_author_with_em_dash_is_an_error_naming_the_input() {
    let items = read("author-em-dash.rss");
    assert_eq!(items.len(), 1);
    let error = items[0].as_ref().unwrap_err();
    assert!(matches!(error.kind, ErrorKind::FeedParserPanic(_)));
    assert!(error.to_string().contains("author-em-dash.rss"));
}

#[test]
fn json_lines_come_through_around_a_broken_line() {
    let items = read("articles.jsonl");
    assert_eq!(items.len(), 3);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.id.as_deref(), Some("w-101"));
    assert_eq!(first.outlet.as_deref(), Some("Continental Wire"));
    let error = items[1].as_ref().unwrap_err();
    assert!(matches!(error.kind, ErrorKind::MalformedJson(_)));
    assert!(
        error
            .to_string()
            .contains("articles.jsonl (line 3): malformed JSON"),
        "{error}"
    );
    let third = items[2].as_ref().unwrap();
    assert_eq!(third.id.as_deref(), Some("103"));
    assert_eq!(third.published, date(2026, 2, 27));
}

fn check_crawl(name: &str) {
    let items = read(name);
    assert_eq!(items.len(), 2, "{items:?}");
    let rail = items[0].as_ref().unwrap();
    assert_eq!(
        rail.url.as_deref(),
        Some("https://coastline.example/rail-link")
    );
    assert_eq!(rail.outlet.as_deref(), Some("Coastline News"));
    assert_eq!(rail.published, date(2026, 3, 5));
    assert_eq!(rail.published_source, Some(DateSource::Archive));
    assert_eq!(rail.origin.locator.as_deref(), Some("record 3"));
    assert!(
        rail.text
            .contains("damaged by floods.\n\n\"Passengers can travel")
    );
    let grain = items[1].as_ref().unwrap();
    assert_eq!(grain.published, date(2026, 3, 4));
    assert_eq!(grain.published_source, Some(DateSource::PageMetadata));
    assert_eq!(grain.origin.locator.as_deref(), Some("record 5"));
}

#[test]
fn warc_response_records_are_articles() {
    check_crawl("crawl.warc");
}

#[test]
fn gzipped_warc_with_one_member_per_record_is_read_the_same() {
    check_crawl("crawl.warc.gz");
}

#[test]
fn a_warc_file_over_the_limit_streams_with_the_limit_on_each_record() {
    let options = ReadOptions {
        max_bytes: 1_200,
        ..ReadOptions::default()
    };
    for name in ["crawl.warc", "crawl.warc.gz"] {
        assert!(std::fs::metadata(fixture(name)).unwrap().len() > 1_200);
        let items = read_path(&fixture(name), &options);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items.iter().all(Result::is_ok));
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzipped_inputs_are_inflated_once_and_named_as_given() {
    let lines = std::fs::read(fixture("articles.jsonl")).unwrap();
    let items = read_bytes("day.jsonl.gz", &gzip(&lines), &ReadOptions::default());
    assert_eq!(items.len(), 3);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.origin.input, "day.jsonl.gz");
    assert_eq!(first.origin.locator.as_deref(), Some("line 1"));
    let twice = read_bytes(
        "day.jsonl.gz.gz",
        &gzip(&gzip(&lines)),
        &ReadOptions::default(),
    );
    assert!(matches!(
        twice[0].as_ref().unwrap_err().kind,
        ErrorKind::Decompression(_)
    ));
    let options = ReadOptions {
        max_bytes: 100,
        ..ReadOptions::default()
    };
    let bomb = gzip(&[b'a'; 10_000]);
    let items = read_bytes("bomb.txt.gz", &bomb, &options);
    assert_eq!(
        items[0].as_ref().unwrap_err().kind,
        ErrorKind::DecompressedTooLarge { limit: 100 }
    );
}

#[test]
fn text_header_block_is_metadata_and_crlf_is_kept() {
    let article = only_article("header-crlf.txt");
    assert_eq!(
        article.title.as_deref(),
        Some("Aid convoy reaches mountain villages")
    );
    assert_eq!(article.outlet.as_deref(), Some("Valley Post"));
    assert_eq!(article.published, date(2026, 3, 2));
    assert_eq!(article.published_source, Some(DateSource::Header));
    assert!(article.text.starts_with("An aid convoy reached"));
    assert!(
        article
            .text
            .contains("cut the only road.\r\n\r\n\"The children")
    );
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_at_its_offset() {
    let article = only_article("invalid-utf8.txt");
    assert!(article.text.contains("caf\u{FFFD} on the pier"));
    assert_eq!(article.diagnostics.len(), 1);
    assert_eq!(article.diagnostics[0].offset, Some(34));
}

#[test]
fn binary_data_is_refused() {
    let items = read("binary.png");
    let error = items[0].as_ref().unwrap_err();
    assert!(
        error.to_string().contains("looks like binary data"),
        "{error}"
    );
}

#[test]
fn a_directory_is_read_recursively_in_sorted_order_without_hidden_files() {
    let items = read("");
    let inputs: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(article) => article.origin.input.clone(),
            Err(error) => error.origin.input.clone(),
        })
        .collect();
    let mut sorted = inputs.clone();
    sorted.sort();
    assert_eq!(inputs, sorted);
    assert!(inputs.iter().all(|input| !input.contains("/.")));
    // 1 page + 3 + 2 feed items + 1 panic + 3 lines + 2 + 2 records + 1 binary + 2 texts.
    assert_eq!(items.len(), 17);
}

#[test]
fn an_empty_directory_is_an_error_not_silence() {
    let directory =
        std::env::temp_dir().join(format!("dragoman-ingest-empty-{}", std::process::id()));
    std::fs::create_dir_all(directory.join(".hidden-only")).unwrap();
    std::fs::write(directory.join(".hidden-only/story.txt"), "Text.").unwrap();
    let items = read_path(&directory, &ReadOptions::default());
    std::fs::remove_dir_all(&directory).unwrap();
    assert_eq!(items.len(), 1);
    assert!(matches!(
        items[0].as_ref().unwrap_err().kind,
        ErrorKind::NoText(_)
    ));
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let items = read("no-such-file.txt");
    let error = items[0].as_ref().unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Io(_)));
    assert!(error.to_string().contains("no-such-file.txt: cannot read"));
}

#[test]
fn an_input_over_the_limit_is_refused_before_reading() {
    let options = ReadOptions {
        max_bytes: 100,
        ..ReadOptions::default()
    };
    let items = read_path(&fixture("article.html"), &options);
    assert_eq!(
        items[0].as_ref().unwrap_err().kind,
        ErrorKind::TooLarge {
            size: std::fs::metadata(fixture("article.html")).unwrap().len(),
            limit: 100
        }
    );
    assert!(
        items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("limit of 100 bytes")
    );
}

#[test]
fn empty_input_is_an_error() {
    let items = read_bytes("-", b"", &ReadOptions::default());
    assert_eq!(items[0].as_ref().unwrap_err().to_string(), "-: empty input");
}

#[test]
fn the_format_can_be_forced() {
    let html = std::fs::read(fixture("article.html")).unwrap();
    let as_text = ReadOptions {
        format: InputFormat::Text,
        ..ReadOptions::default()
    };
    let items = read_bytes("page", &html, &as_text);
    assert!(
        items[0]
            .as_ref()
            .unwrap()
            .text
            .starts_with("<!DOCTYPE html>")
    );
    let as_html = ReadOptions {
        format: InputFormat::Html,
        ..ReadOptions::default()
    };
    let items = read_bytes("page.txt", &html, &as_html);
    assert!(!items[0].as_ref().unwrap().text.contains("<p>"));
}
