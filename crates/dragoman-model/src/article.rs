use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Diagnostic;

/// One article as a reader found it, before any analysis.
///
/// Readers fill in what their input carries; every field but `text` and
/// `origin` may be missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// An id the input gave (a JSON-lines `id`, a feed item's guid).
    pub id: Option<String>,
    pub title: Option<String>,
    /// The publication or site that published the article.
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub published_source: Option<DateSource>,
    /// ISO 639-1 code, when the input states it.
    pub language: Option<String>,
    /// The main text, decoded to UTF-8. All spans index into it.
    pub text: String,
    pub origin: Origin,
    /// What the reader noticed while decoding (a lossy decode, a dropped part).
    pub diagnostics: Vec<Diagnostic>,
}

/// Where an article came from, precisely enough to find it again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    /// The file path, URL or `-` for standard input that was read.
    pub input: String,
    /// The article's place inside a container input: `line 4`, `item 2`, `record 3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

impl Origin {
    pub fn file(input: impl Into<String>) -> Self {
        Origin {
            input: input.into(),
            locator: None,
        }
    }

    pub fn within(input: impl Into<String>, locator: impl Into<String>) -> Self {
        Origin {
            input: input.into(),
            locator: Some(locator.into()),
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.locator {
            Some(locator) => write!(f, "{} ({locator})", self.input),
            None => f.write_str(&self.input),
        }
    }
}

/// How the publication date was learned; analysts weigh a date from the
/// command line differently from one guessed out of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// `--published` on the command line.
    CommandLine,
    /// A `Date:` line of a plain-text header block.
    Header,
    /// A JSON-lines `date` field.
    Record,
    /// HTML `<meta>` or JSON-LD.
    PageMetadata,
    /// An RSS or Atom item date.
    Feed,
    /// A WARC record's `WARC-Date`.
    Archive,
}
