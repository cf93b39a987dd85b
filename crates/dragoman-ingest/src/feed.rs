//! RSS 2.0 and Atom feeds (and JSON Feed, which the same parser reads): one
//! article per item. A feed that does not parse to its end, truncated ones
//! included, is one error for the whole input: the parser keeps no partial
//! result, and half a feed passed off as whole would be silent loss.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::NaiveTime;
use dragoman_model::{Article, DateSource, Origin};
use feed_rs::model::{Entry, Feed};

use crate::dates::parse_date;
use crate::error::{ErrorKind, IngestError};
use crate::html::{fragment_text, language_code};

/// One item per feed entry, in feed order; locators are `item N` (1-based).
pub(crate) fn read_feed(input: &str, bytes: &[u8]) -> Vec<Result<Article, IngestError>> {
    let feed = match parse_feed(bytes) {
        Ok(feed) => feed,
        Err(kind) => return vec![Err(IngestError::new(Origin::file(input), kind))],
    };
    if feed.entries.is_empty() {
        return vec![Err(IngestError::new(
            Origin::file(input),
            ErrorKind::NoText("the feed has no items".into()),
        ))];
    }
    let outlet = feed.title.as_ref().map(|title| plain(&title.content, true));
    let feed_language = feed.language.as_deref().and_then(language_code);
    feed.entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let origin = Origin::within(input, format!("item {}", index + 1));
            let mut article = read_entry(origin, entry)?;
            article.outlet.clone_from(&outlet);
            article.language = article.language.or_else(|| feed_language.clone());
            Ok(article)
        })
        .collect()
}

/// feed-rs panics on some malformed `<author>` values (a byte index inside a
/// multi-byte character), so one bad feed must not take the batch down.
fn parse_feed(bytes: &[u8]) -> Result<Feed, ErrorKind> {
    let parser = feed_rs::parser::Builder::new()
        // Missing ids stay missing: the default generator hashes the link or,
        // failing that, invents a random id, which is not one the input gave.
        .id_generator(|_, _, _| String::new())
        // feed-rs turns every stamp into UTC, which moves a story filed late
        // in the evening east of Greenwich to the day before. Only the date
        // is kept, so the outlet's own date is handed over as midnight UTC.
        .timestamp_parser(|written| Some(parse_date(written)?.and_time(NaiveTime::MIN).and_utc()))
        .build();
    match catch_unwind(AssertUnwindSafe(|| parser.parse(bytes))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(error)) => Err(ErrorKind::MalformedFeed(error.to_string())),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            Err(ErrorKind::FeedParserPanic(message.to_owned()))
        }
    }
}

fn read_entry(origin: Origin, entry: &Entry) -> Result<Article, IngestError> {
    let body = entry
        .content
        .as_ref()
        .and_then(|content| {
            let body = content.body.as_deref()?;
            Some(plain(body, is_html(content.content_type.as_ref(), body)))
        })
        .filter(|text| !text.is_empty())
        .or_else(|| {
            let summary = entry.summary.as_ref()?;
            let html = is_html(summary.content_type.as_ref(), &summary.content);
            Some(plain(&summary.content, html))
        })
        .filter(|text| !text.is_empty());
    let Some(text) = body else {
        return Err(IngestError::new(
            origin,
            ErrorKind::NoText("the item has neither content nor summary".into()),
        ));
    };
    let published = entry
        .published
        .or(entry.updated)
        .map(|stamp| stamp.date_naive());
    let url = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())
        .map(|link| link.href.clone());
    Ok(Article {
        id: (!entry.id.is_empty()).then(|| entry.id.clone()),
        title: entry.title.as_ref().map(|title| {
            let html = is_html(title.content_type.as_ref(), &title.content);
            plain(&title.content, html)
        }),
        url,
        published,
        published_source: published.map(|_| DateSource::Feed),
        language: entry.language.as_deref().and_then(language_code),
        text,
        origin,
        ..Article::default()
    })
}

/// RSS says nothing about the markup of a description, and many feeds put
/// HTML in a field typed as plain text, so markup is also recognised by sight.
fn is_html(media_type: &str, body: &str) -> bool {
    media_type.contains("html") || body.contains("</") || body.contains("<br")
}

fn plain(body: &str, html: bool) -> String {
    if html {
        fragment_text(body)
    } else {
        body.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Courier</title><language>en-us</language>
<item><title>Dam talks stall</title><link>https://courier.example/dam</link>
<guid>courier-1</guid><pubDate>Tue, 03 Mar 2026 09:00:00 +0000</pubDate>
<description>&lt;p&gt;Negotiators left without a deal.&lt;/p&gt;&lt;p&gt;They meet again Friday.&lt;/p&gt;</description></item>
<item><title>No body</title></item>
</channel></rss>"#;

    #[test]
    fn reads_rss_items_with_html_descriptions() {
        let items = read_feed("courier.rss", RSS.as_bytes());
        assert_eq!(items.len(), 2);
        let article = items[0].as_ref().unwrap();
        assert_eq!(article.title.as_deref(), Some("Dam talks stall"));
        assert_eq!(article.outlet.as_deref(), Some("Valley Courier"));
        assert_eq!(article.id.as_deref(), Some("courier-1"));
        assert_eq!(article.url.as_deref(), Some("https://courier.example/dam"));
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2026, 3, 3));
        assert_eq!(article.published_source, Some(DateSource::Feed));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(
            article.text,
            "Negotiators left without a deal.\n\nThey meet again Friday."
        );
        assert_eq!(
            items[1].as_ref().unwrap_err().to_string(),
            "courier.rss (item 2): no text (the item has neither content nor summary)"
        );
    }

    #[test]
    fn a_truncated_feed_is_one_error_naming_the_input() {
        let truncated = &RSS[..RSS.len() / 2];
        let items = read_feed("courier.rss", truncated.as_bytes());
        assert_eq!(items.len(), 1);
        let error = items[0].as_ref().unwrap_err();
        assert_eq!(error.origin, Origin::file("courier.rss"));
        assert!(matches!(error.kind, ErrorKind::MalformedFeed(_)), "{error}");
    }

    #[test]
    fn an_author_email_next_to_an_em_dash_is_an_error_not_a_crash() {
        let feed = "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title>\
            <author>Dana Reyes\u{2014}dana@courier.example</author>\
            <description>Text.</description></item></channel></rss>";
        let items = read_feed("panic.rss", feed.as_bytes());
        assert_eq!(items.len(), 1);
        let error = items[0].as_ref().unwrap_err();
        assert!(
            matches!(error.kind, ErrorKind::FeedParserPanic(_)),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("panic.rss: the feed parser crashed")
        );
    }
}
