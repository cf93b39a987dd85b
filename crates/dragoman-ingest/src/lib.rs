//! Readers that turn what users have — plain-text files, saved web pages,
//! JSON lines, RSS/Atom feeds, WARC archives, directories of them, standard
//! input — into [`Article`]s: decoded text plus whatever metadata the input
//! carries (title, outlet, url, publication date and where that date came from).
//!
//! Every input yields articles or errors, never nothing and never a panic:
//! each [`IngestError`] names the input, the place inside it and the reason,
//! and one bad article never stops the others. The text of an article is the
//! input's text, decoded: nothing is normalised, because every span downstream
//! indexes it. This crate does no analysis, never reads the clock and never
//! touches the network.

mod dates;
mod decode;
mod error;
mod feed;
mod html;
mod jsonl;
mod text;
mod warc;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::str::FromStr;

use dragoman_model::{Article, Origin};
use flate2::read::MultiGzDecoder;

pub use crate::error::{ErrorKind, IngestError};

/// What a reader yields for one article: the article, or why it was refused.
pub type Item = Result<Article, IngestError>;

/// 50 MB: far above any news article, feed or day's JSON lines on a laptop,
/// low enough that a mistaken path to a disk image is refused at once.
pub const DEFAULT_MAX_BYTES: u64 = 50_000_000;

/// How much of an input format sniffing looks at: room for an XML prolog,
/// comments and a doctype before the root element.
const SNIFF_BYTES: usize = 2048;

/// The kind of input, or [`InputFormat::Auto`] to tell it from the content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// Sniff the first bytes, then use the file extension as a hint.
    #[default]
    Auto,
    Text,
    Html,
    Jsonl,
    /// RSS 2.0, Atom or JSON Feed.
    Feed,
    /// WARC, gzipped or not.
    Warc,
}

impl InputFormat {
    /// The names [`FromStr`] accepts, for a command line's help.
    pub const NAMES: [&'static str; 6] = ["auto", "text", "html", "jsonl", "feed", "warc"];
}

impl FromStr for InputFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" => Ok(InputFormat::Text),
            "html" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "feed" | "rss" | "atom" => Ok(InputFormat::Feed),
            "warc" => Ok(InputFormat::Warc),
            other => Err(format!(
                "unknown input format {other:?}; expected one of {}",
                InputFormat::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Feed => "feed",
            InputFormat::Warc => "warc",
        };
        f.write_str(name)
    }
}

/// How to read inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// Inputs larger than this are refused before they are read; it also
    /// bounds decompressed data. A WARC file is streamed and the limit
    /// bounds each of its records instead.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads a file, a directory (recursively, in sorted order, hidden entries
/// skipped) or `-` for standard input. Items come in input order.
pub fn read_path(path: &Path, options: &ReadOptions) -> Vec<Item> {
    if path.as_os_str() == "-" {
        return read_stdin(options);
    }
    let mut items = Vec::new();
    read_path_into(path, options, &mut items);
    if items.is_empty() {
        // Only a directory can yield nothing; say so rather than stay silent.
        items.push(Err(IngestError::new(
            Origin::file(path.display().to_string()),
            ErrorKind::NoText("the directory holds no files that are not hidden".into()),
        )));
    }
    items
}

/// Reads one named input already in memory (standard input, tests, a store).
/// `name` names the input in errors and hints at the format by its extension.
pub fn read_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Vec<Item> {
    read_bytes_once_inflated(name, bytes, options, true)
}

/// `may_inflate` allows one level of gzip: nested gzip is refused, since
/// each level could multiply the size again.
fn read_bytes_once_inflated(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    may_inflate: bool,
) -> Vec<Item> {
    let refuse = |kind: ErrorKind| vec![Err(IngestError::new(Origin::file(name), kind))];
    if bytes.len() as u64 > options.max_bytes {
        return refuse(ErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: options.max_bytes,
        });
    }
    if bytes.is_empty() {
        return refuse(ErrorKind::Empty);
    }
    let format = match options.format {
        InputFormat::Auto => sniff_format(name, bytes),
        chosen => chosen,
    };
    if format == InputFormat::Warc {
        return warc::read_warc(name, bytes, options.max_bytes);
    }
    if is_gzip(bytes) {
        if !may_inflate {
            return refuse(ErrorKind::Decompression("gzip inside gzip".into()));
        }
        return match gunzip(bytes, options.max_bytes) {
            Ok(inflated) => {
                let inner_name = name.strip_suffix(".gz").unwrap_or(name);
                let inner = ReadOptions {
                    format,
                    ..options.clone()
                };
                // The name keeps `.gz` so errors point at the real file; the
                // inner name only guides sniffing.
                let mut items = read_bytes_once_inflated(inner_name, &inflated, &inner, false);
                for item in &mut items {
                    rename_input(item, name);
                }
                items
            }
            Err(kind) => refuse(kind),
        };
    }
    if let Some(reason) = decode::binary_reason(bytes) {
        return refuse(ErrorKind::Binary { reason });
    }
    let origin = Origin::file(name);
    match format {
        InputFormat::Html => vec![html::read_html(origin, bytes, None)],
        InputFormat::Jsonl => jsonl::read_json_lines(name, bytes),
        InputFormat::Feed => feed::read_feed(name, bytes),
        // WARC and gzip (the only input sniffing leaves as Auto) returned above.
        InputFormat::Text | InputFormat::Auto | InputFormat::Warc => {
            vec![text::read_text(origin, bytes)]
        }
    }
}

fn rename_input(item: &mut Item, name: &str) {
    let origin = match item {
        Ok(article) => &mut article.origin,
        Err(error) => &mut error.origin,
    };
    origin.input = name.to_owned();
}

fn read_stdin(options: &ReadOptions) -> Vec<Item> {
    let mut bytes = Vec::new();
    // One byte past the limit is enough to know the input is too large.
    let read = std::io::stdin()
        .lock()
        .take(options.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes);
    match read {
        Ok(_) if bytes.len() as u64 > options.max_bytes => vec![Err(IngestError::new(
            Origin::file("-"),
            ErrorKind::StdinTooLarge {
                limit: options.max_bytes,
            },
        ))],
        Ok(_) => read_bytes("-", &bytes, options),
        Err(error) => vec![Err(IngestError::new(
            Origin::file("-"),
            ErrorKind::Io(error.to_string()),
        ))],
    }
}

fn read_path_into(path: &Path, options: &ReadOptions, items: &mut Vec<Item>) {
    let name = path.display().to_string();
    let io_error = |error: std::io::Error| {
        Err(IngestError::new(
            Origin::file(name.clone()),
            ErrorKind::Io(error.to_string()),
        ))
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return items.push(io_error(error)),
    };
    if metadata.is_dir() {
        let listing = match std::fs::read_dir(path) {
            Ok(listing) => listing,
            Err(error) => return items.push(io_error(error)),
        };
        let mut entries = Vec::new();
        for entry in listing {
            match entry {
                Ok(entry) => entries.push(entry.path()),
                Err(error) => items.push(io_error(error)),
            }
        }
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .is_some_and(|file_name| file_name.to_string_lossy().starts_with('.'));
            // Symbolic links to directories are not followed: they can loop.
            let linked_directory = std::fs::symlink_metadata(&entry)
                .is_ok_and(|link| link.file_type().is_symlink())
                && entry.is_dir();
            if !hidden && !linked_directory {
                read_path_into(&entry, options, items);
            }
        }
        return;
    }
    match is_warc_file(path, &name, options.format) {
        Ok(true) => return items.extend(read_warc_file(path, &name, options.max_bytes)),
        Ok(false) => {}
        Err(error) => return items.push(io_error(error)),
    }
    if metadata.len() > options.max_bytes {
        return items.push(Err(IngestError::new(
            Origin::file(name),
            ErrorKind::TooLarge {
                size: metadata.len(),
                limit: options.max_bytes,
            },
        )));
    }
    match std::fs::read(path) {
        Ok(bytes) => items.extend(read_bytes(&name, &bytes, options)),
        Err(error) => items.push(io_error(error)),
    }
}

/// Whether a file is a WARC archive, by its first bytes and name. Archives
/// are streamed, so `max_bytes` bounds each record rather than the file:
/// crawl files run to gigabytes of small pages.
fn is_warc_file(path: &Path, name: &str, format: InputFormat) -> std::io::Result<bool> {
    match format {
        InputFormat::Warc => return Ok(true),
        InputFormat::Auto => {}
        _ => return Ok(false),
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    File::open(path)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(sniff_format(name, &head) == InputFormat::Warc)
}

fn read_warc_file(path: &Path, name: &str, max_bytes: u64) -> Vec<Item> {
    let mut file = match File::open(path) {
        Ok(file) => BufReader::new(file),
        Err(error) => {
            return vec![Err(IngestError::new(
                Origin::file(name),
                ErrorKind::Io(error.to_string()),
            ))];
        }
    };
    let gzipped = file.fill_buf().is_ok_and(is_gzip);
    warc::read_warc_stream(name, file, gzipped, max_bytes)
}

/// The format of an input by its first bytes, then by its name's extension.
fn sniff_format(name: &str, bytes: &[u8]) -> InputFormat {
    if bytes.starts_with(b"WARC/") || (is_gzip(bytes) && gzip_starts_with(bytes, b"WARC/")) {
        return InputFormat::Warc;
    }
    let lower_name = name.to_ascii_lowercase();
    let lower_name = lower_name.strip_suffix(".gz").unwrap_or(&lower_name);
    let by_extension = [
        (".html", InputFormat::Html),
        (".htm", InputFormat::Html),
        (".xhtml", InputFormat::Html),
        (".jsonl", InputFormat::Jsonl),
        (".ndjson", InputFormat::Jsonl),
        (".rss", InputFormat::Feed),
        (".atom", InputFormat::Feed),
        (".xml", InputFormat::Feed),
        (".warc", InputFormat::Warc),
        (".txt", InputFormat::Text),
    ]
    .into_iter()
    .find(|(extension, _)| lower_name.ends_with(extension))
    .map(|(_, format)| format);
    if is_gzip(bytes) {
        // The content is sniffed again once inflated.
        return by_extension.unwrap_or(InputFormat::Auto);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]).to_ascii_lowercase();
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with('<') {
        if ["<rss", "<feed", "<rdf:rdf"]
            .iter()
            .any(|root| head.contains(root))
        {
            return InputFormat::Feed;
        }
        return InputFormat::Html;
    }
    if head.starts_with('{') {
        // A JSON Feed is one object with a `version` URL; JSON lines hold one per line.
        if head.contains("jsonfeed.org/version") {
            return InputFormat::Feed;
        }
        return InputFormat::Jsonl;
    }
    by_extension.unwrap_or(InputFormat::Text)
}

pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

pub(crate) fn gzip_reader<R: BufRead>(compressed: R) -> impl BufRead {
    BufReader::new(MultiGzDecoder::new(compressed))
}

fn gzip_starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    let mut head = Vec::with_capacity(prefix.len());
    let read = gzip_reader(bytes)
        .take(prefix.len() as u64)
        .read_to_end(&mut head);
    read.is_ok() && head == prefix
}

fn gunzip(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, ErrorKind> {
    let mut inflated = Vec::new();
    gzip_reader(bytes)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut inflated)
        .map_err(|error| ErrorKind::Decompression(error.to_string()))?;
    if inflated.len() as u64 > max_bytes {
        return Err(ErrorKind::DecompressedTooLarge { limit: max_bytes });
    }
    if inflated.is_empty() {
        return Err(ErrorKind::Empty);
    }
    Ok(inflated)
}
