//! HTML pages: the main text through a Readability port, the metadata from
//! `<meta>` tags and JSON-LD, and the paragraph structure kept as blank lines
//! so that segmentation downstream still sees where paragraphs end.

use std::panic::{AssertUnwindSafe, catch_unwind};

use dragoman_model::{Article, DateSource, Diagnostic, Origin};
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node, Selector};

use crate::dates::parse_date;
use crate::decode::{decode, encoding_for_label};
use crate::error::{ErrorKind, IngestError};

/// Pages with more elements than this skip boilerplate removal, whose cost
/// grows faster than the page; news pages have a few thousand.
const MAX_ELEMENTS_FOR_READABILITY: usize = 60_000;

/// Parsing time grows with the square of the nesting depth (html5ever's
/// scope checks, Readability's ancestor walks). News pages nest a few dozen
/// deep; past this Readability is skipped, past the hard limit the page is
/// refused, so that a hostile page cannot stall a batch for minutes.
const MAX_DEPTH_FOR_READABILITY: usize = 400;
const MAX_DEPTH: usize = 5_000;

/// Elements that never hold others, or that parsers close implicitly when
/// the next one opens; they do not deepen the nesting estimate.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd",
];

/// How far into a page a `<meta charset>` may appear; HTML requires the
/// first 1024 bytes, some servers pad more.
const CHARSET_SNIFF_BYTES: usize = 4096;

/// Elements whose content is never article text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "svg", "canvas", "button",
    "select", "textarea", "object", "embed",
];

/// Page furniture skipped when Readability could not pick the main content
/// and the whole body is taken instead.
const FURNITURE: &[&str] = &["nav", "header", "footer", "aside", "form", "menu", "dialog"];

/// Elements that end a paragraph: text on either side of them is not one run.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "aside",
    "html",
];

/// Reads one HTML page. `transport_charset` is a charset an envelope declared
/// (an HTTP header in a WARC record); a byte-order mark still wins over it.
pub(crate) fn read_html(
    origin: Origin,
    bytes: &[u8],
    transport_charset: Option<&'static Encoding>,
) -> Result<Article, IngestError> {
    let declared = transport_charset.or_else(|| declared_charset(bytes));
    let decoded = decode(bytes, declared);
    let mut diagnostics = decoded.diagnostics;
    let depth = nesting_depth_estimate(&decoded.text);
    if depth > MAX_DEPTH {
        return Err(IngestError::new(
            origin,
            ErrorKind::TooDeep {
                depth,
                limit: MAX_DEPTH,
            },
        ));
    }
    let page = Html::parse_document(&decoded.text);
    let metadata = page_metadata(&page);
    let text = if depth > MAX_DEPTH_FOR_READABILITY {
        diagnostics.push(Diagnostic::warning(format!(
            "page nests about {depth} elements deep, over {MAX_DEPTH_FOR_READABILITY}: \
             kept all body text, boilerplate included"
        )));
        body_text(&page)
    } else {
        readable_or_body_text(&decoded.text, &page, &mut diagnostics)
    };
    if text.is_empty() {
        return Err(IngestError::new(
            origin,
            ErrorKind::NoText("the page has no readable paragraphs".into()),
        ));
    }
    let published = metadata.published.as_deref().and_then(parse_date);
    if let (Some(written), None) = (&metadata.published, published) {
        diagnostics.push(Diagnostic::warning(format!(
            "unrecognised publication date {written:?} in the page metadata"
        )));
    }
    Ok(Article {
        title: metadata.title,
        outlet: metadata.outlet,
        url: metadata.url,
        published,
        published_source: published.map(|_| DateSource::PageMetadata),
        language: metadata.language,
        text,
        origin,
        diagnostics,
        ..Article::default()
    })
}

/// Turns an HTML fragment (a feed item's content) into paragraphs of text.
pub(crate) fn fragment_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    paragraphs(fragment.root_element(), &[])
}

/// The deepest element nesting a page's tags suggest, counted from the
/// tags alone (no parse). It may overestimate on tags inside scripts, never
/// by much on real pages.
fn nesting_depth_estimate(html: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_length = rest
            .bytes()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        if name_length == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let name = rest[..name_length].to_ascii_lowercase();
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The charset a page declares in its first bytes, by `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let after = head
        .find("charset=")
        .map(|at| &head[at + "charset=".len()..])?;
    let label: String = after
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_for_label(&label)
}

/// The main text by Readability, or all body text when it finds none or
/// fails; a failure is reported, finding nothing (a short page) is not.
fn readable_or_body_text(html: &str, page: &Html, diagnostics: &mut Vec<Diagnostic>) -> String {
    // Readability is heuristic code run on hostile pages: should it ever
    // panic, the page still yields its body text rather than stopping a batch.
    let failure = match catch_unwind(AssertUnwindSafe(|| readable_text(html))) {
        Ok(Ok(text)) if !text.is_empty() => return text,
        Ok(Ok(_)) | Ok(Err(dom_smoothie::ReadabilityError::GrabFailed)) => None,
        Ok(Err(dom_smoothie::ReadabilityError::TooManyElements(found, limit))) => {
            Some(format!("page has {found} elements, over {limit}"))
        }
        Ok(Err(error)) => Some(format!("main-text extraction failed ({error})")),
        Err(_) => Some("main-text extraction crashed".to_owned()),
    };
    if let Some(failure) = failure {
        diagnostics.push(Diagnostic::warning(format!(
            "{failure}: kept all body text, boilerplate included"
        )));
    }
    body_text(page)
}

/// The main text by Readability, as paragraphs.
fn readable_text(html: &str) -> Result<String, dom_smoothie::ReadabilityError> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS_FOR_READABILITY,
        ..dom_smoothie::Config::default()
    };
    let mut readability = dom_smoothie::Readability::new(html, None, Some(config))?;
    let article = readability.parse()?;
    Ok(fragment_text(&article.content))
}

/// All text of the page body without its furniture: the fallback when
/// Readability finds no main content, so that a broken page still yields text.
fn body_text(page: &Html) -> String {
    paragraphs(page.root_element(), FURNITURE)
}

/// The text under `root`, one paragraph per block element, paragraphs joined
/// by a blank line. Runs of HTML whitespace collapse to one space, `<br>`
/// becomes a line break. Walks with an explicit stack: pages nest deeply.
fn paragraphs(root: ElementRef<'_>, also_skipped: &[&str]) -> String {
    let mut finished: Vec<String> = Vec::new();
    let mut current = String::new();
    // (node, leaving): each element is pushed twice, to act on entry and exit.
    let mut stack = vec![(*root, false)];
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Text(text) => push_collapsed(&mut current, text),
            Node::Element(element) => {
                let name = element.name();
                if NEVER_TEXT.contains(&name) || also_skipped.contains(&name) {
                    continue;
                }
                if name == "br" {
                    trim_trailing_spaces(&mut current);
                    current.push('\n');
                    continue;
                }
                if BLOCKS.contains(&name) {
                    finish_paragraph(&mut current, &mut finished);
                }
                if !leaving {
                    stack.push((node, true));
                    stack.extend(node.children().rev().map(|child| (child, false)));
                }
            }
            Node::Document | Node::Fragment => {
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            Node::Doctype(_) | Node::Comment(_) | Node::ProcessingInstruction(_) => {}
        }
    }
    finish_paragraph(&mut current, &mut finished);
    finished.join("\n\n")
}

fn push_collapsed(current: &mut String, text: &str) {
    for character in text.chars() {
        if character.is_ascii_whitespace() {
            if !current.is_empty() && !current.ends_with([' ', '\n']) {
                current.push(' ');
            }
        } else {
            current.push(character);
        }
    }
}

fn trim_trailing_spaces(current: &mut String) {
    let kept = current.trim_end_matches(' ').len();
    current.truncate(kept);
}

fn finish_paragraph(current: &mut String, finished: &mut Vec<String>) {
    let paragraph = current.trim_matches(|c: char| c.is_ascii_whitespace());
    if !paragraph.is_empty() {
        // A `<br>` at a line end leaves a space before the next line's text.
        let paragraph = paragraph.replace(" \n", "\n").replace("\n ", "\n");
        finished.push(paragraph);
    }
    current.clear();
}

/// What a page says about itself.
#[derive(Debug, Default, PartialEq)]
struct PageMetadata {
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    published: Option<String>,
    language: Option<String>,
}

fn page_metadata(page: &Html) -> PageMetadata {
    let outlet = first_meta(page, &["og:site_name", "application-name"]);
    let title = first_meta(page, &["og:title", "twitter:title"])
        .or_else(|| first_text(page, "title"))
        .or_else(|| first_text(page, "h1"))
        .map(|title| without_outlet_suffix(title, outlet.as_deref()));
    PageMetadata {
        title,
        outlet,
        url: first_meta(page, &["og:url"]).or_else(|| canonical_link(page)),
        published: first_meta(
            page,
            &[
                "article:published_time",
                "og:article:published_time",
                "og:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ],
        )
        .or_else(|| json_ld_date_published(page))
        .or_else(|| time_element_date(page)),
        language: page
            .root_element()
            .value()
            .attr("lang")
            .and_then(language_code),
    }
}

/// "Talks resume | Harbour Gazette" → "Talks resume" when the outlet is
/// known: a `<title>` usually carries the site's name, the headline does not.
fn without_outlet_suffix(title: String, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet else {
        return title;
    };
    [" | ", " - ", " – ", " — ", " :: "]
        .iter()
        .find_map(|separator| {
            let headline = title.strip_suffix(outlet)?.strip_suffix(separator)?;
            non_empty(headline)
        })
        .unwrap_or(title)
}

/// The first non-empty `content` of a `<meta>` whose `property`, `name` or
/// `itemprop` is one of `keys` (case-insensitive), in the order of `keys`.
fn first_meta(page: &Html, keys: &[&str]) -> Option<String> {
    let selector = Selector::parse("meta[content]").ok()?;
    let metas: Vec<(String, &str)> = page
        .select(&selector)
        .filter_map(|meta| {
            let element = meta.value();
            let key = element
                .attr("property")
                .or_else(|| element.attr("name"))
                .or_else(|| element.attr("itemprop"))?;
            Some((key.trim().to_ascii_lowercase(), element.attr("content")?))
        })
        .collect();
    keys.iter().find_map(|wanted| {
        metas
            .iter()
            .filter(|(key, _)| key == wanted)
            .find_map(|(_, content)| non_empty(content))
    })
}

fn first_text(page: &Html, tag: &str) -> Option<String> {
    let selector = Selector::parse(tag).ok()?;
    page.select(&selector)
        .find_map(|element| non_empty(&element.text().collect::<String>()))
}

fn canonical_link(page: &Html) -> Option<String> {
    let selector = Selector::parse("link[rel=canonical][href]").ok()?;
    page.select(&selector)
        .find_map(|link| non_empty(link.value().attr("href")?))
}

fn time_element_date(page: &Html) -> Option<String> {
    let selector = Selector::parse("time[datetime]").ok()?;
    page.select(&selector)
        .find_map(|time| non_empty(time.value().attr("datetime")?))
}

/// `datePublished` from the page's JSON-LD blocks, searched through `@graph`
/// and nested objects, since publishers wrap their NewsArticle differently.
fn json_ld_date_published(page: &Html) -> Option<String> {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    page.select(&selector).find_map(|script| {
        let json: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).ok()?;
        find_date_published(&json)
    })
}

fn find_date_published(json: &serde_json::Value) -> Option<String> {
    // An explicit stack bounds the work on hostile, deeply nested JSON.
    let mut stack = vec![json];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(fields) => {
                if let Some(date) = fields.get("datePublished").and_then(|v| v.as_str()) {
                    return non_empty(date);
                }
                stack.extend(fields.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

/// `en` from `en-GB`, `EN` or `en_US`; `None` for what is not a language tag.
pub(crate) fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn read(html: &str) -> Result<Article, IngestError> {
        read_html(Origin::file("page.html"), html.as_bytes(), None)
    }

    #[test]
    fn paragraphs_are_separated_by_a_blank_line() {
        let text = fragment_text(
            "<div><p>First   paragraph,\n spread over lines.</p><p>Second<br>with a break.</p>\
             <ul><li>One</li><li>Two</li></ul><script>var x = 1;</script></div>",
        );
        assert_eq!(
            text,
            "First paragraph, spread over lines.\n\nSecond\nwith a break.\n\nOne\n\nTwo"
        );
    }

    #[test]
    fn inline_elements_do_not_split_a_paragraph() {
        let text = fragment_text("<p>The <b>minister</b> said <a href='#'>on Monday</a>.</p>");
        assert_eq!(text, "The minister said on Monday.");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            fragment_text("<p>Tom &amp; Jerry&nbsp;Ltd</p>"),
            "Tom & Jerry\u{a0}Ltd"
        );
    }

    #[test]
    fn reads_metadata_from_meta_tags() {
        let article = read(
            r#"<html lang="en-GB"><head><title>Fallback title</title>
            <meta property="og:title" content="Ceasefire holds in the north">
            <meta property="og:site_name" content="Harbour Gazette">
            <meta property="og:url" content="https://gazette.example/ceasefire">
            <meta property="article:published_time" content="2026-03-02T08:00:00+03:00">
            </head><body><p>The ceasefire held for a third day.</p></body></html>"#,
        )
        .unwrap();
        assert_eq!(
            article.title.as_deref(),
            Some("Ceasefire holds in the north")
        );
        assert_eq!(article.outlet.as_deref(), Some("Harbour Gazette"));
        assert_eq!(
            article.url.as_deref(),
            Some("https://gazette.example/ceasefire")
        );
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(article.published_source, Some(DateSource::PageMetadata));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert_eq!(article.text, "The ceasefire held for a third day.");
    }

    #[test]
    fn reads_the_date_from_json_ld_and_the_url_from_canonical() {
        let article = read(
            r#"<html><head><link rel="canonical" href="https://wire.example/a1">
            <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},
              {"@type":"NewsArticle","datePublished":"2025-11-30T21:00:00Z"}]}</script>
            </head><body><p>Talks resumed.</p></body></html>"#,
        )
        .unwrap();
        assert_eq!(article.url.as_deref(), Some("https://wire.example/a1"));
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2025, 11, 30));
    }

    #[test]
    fn an_unreadable_date_is_reported_not_guessed() {
        let article = read(r#"<meta name="date" content="soon"><p>Officials met.</p>"#).unwrap();
        assert_eq!(article.published, None);
        assert!(article.diagnostics[0].message.contains("\"soon\""));
    }

    #[test]
    fn respects_a_declared_charset() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 owners protested.</p></body></html>";
        let article = read_html(Origin::file("p.html"), page, None).unwrap();
        assert_eq!(article.text, "Café owners protested.");
        assert!(article.diagnostics.is_empty());
    }

    #[test]
    fn broken_html_still_yields_its_text() {
        let article = read("<html><body><div><p>Unclosed paragraph <b>bold <i>and more").unwrap();
        assert_eq!(article.text, "Unclosed paragraph bold and more");
    }

    #[test]
    fn a_deeply_nested_page_skips_readability_and_a_deeper_one_is_refused() {
        let nested = |depth: usize| {
            format!(
                "<html><body>{}<p>Deep text.</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            )
        };
        let article = read(&nested(1_000)).unwrap();
        assert_eq!(article.text, "Deep text.");
        assert!(article.diagnostics[0].message.contains("nests about 1002"));
        let error = read(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(matches!(error.kind, ErrorKind::TooDeep { .. }), "{error}");
    }

    #[test]
    fn the_nesting_estimate_ignores_void_and_implicitly_closed_elements() {
        assert_eq!(
            nesting_depth_estimate("<div><p>a<p>b<br><img src=x/></div>"),
            1
        );
        assert_eq!(nesting_depth_estimate("<a><b><c/></b></a> 1 < 2"), 2);
        assert_eq!(nesting_depth_estimate("</x></y><z>"), 1);
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        let error =
            read("<html><head><script>x()</script></head><body> </body></html>").unwrap_err();
        assert!(matches!(error.kind, ErrorKind::NoText(_)));
        assert!(error.to_string().starts_with("page.html: no text"));
    }

    #[test]
    fn the_outlet_is_dropped_from_a_page_title() {
        let article = read(
            r#"<title>Talks resume | Harbour Gazette</title>
            <meta property="og:site_name" content="Harbour Gazette"><p>Talks resumed.</p>"#,
        )
        .unwrap();
        assert_eq!(article.title.as_deref(), Some("Talks resume"));
        let gazette = Some("Harbour Gazette");
        assert_eq!(
            without_outlet_suffix("Harbour Gazette".into(), gazette),
            "Harbour Gazette"
        );
        assert_eq!(without_outlet_suffix("A - B".into(), None), "A - B");
    }

    #[test]
    fn language_codes_are_iso_639_1() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("AR").as_deref(), Some("ar"));
        assert_eq!(language_code("english"), None);
        assert_eq!(language_code(""), None);
    }
}
