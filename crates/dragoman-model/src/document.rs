use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{DateSource, Entity, Event, Origin, Place, Quote, Span, TimeExpression};

/// The version tag every serialized [`Document`] carries.
pub const SCHEMA_VERSION: &str = "dragoman/1";

/// One analysed article: its text, metadata and every extracted record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema: String,
    /// The id the input gave, else a stable hash of the text ([`document_id`]).
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The anchor for relative dates.
    pub published: Option<NaiveDate>,
    pub published_source: Option<DateSource>,
    /// ISO 639-1 code, given or detected.
    pub language: Option<String>,
    pub origin: Origin,
    /// The article text every span indexes into.
    pub text: String,
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub places: Vec<Place>,
    pub times: Vec<TimeExpression>,
    pub events: Vec<Event>,
    /// Warnings about this input: lossy decoding, dropped parts, analysis limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Something worth telling the user about one input, with where it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte offset in the input (not the decoded text) where it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
}

impl Diagnostic {
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            offset: None,
        }
    }

    pub fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
}

/// A stable id for a text: the first 16 hex digits of its SHA-256.
///
/// Stable across runs, machines and versions, so re-ingesting the same text
/// yields the same id.
pub fn document_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl Document {
    /// Every span of every record, for invariant checks.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        let entity_spans = self.entities.iter().flat_map(|entity| {
            entity
                .mentions
                .iter()
                .map(|mention| &mention.span)
                .chain(entity.roles.iter().map(|role| &role.evidence))
        });
        let quote_spans = self.quotes.iter().flat_map(|quote| {
            [
                Some(&quote.content),
                quote.cue.as_ref(),
                Some(&quote.evidence),
            ]
            .into_iter()
            .flatten()
        });
        let place_spans = self.places.iter().flat_map(|place| {
            std::iter::once(&place.mention)
                .chain(place.relation.as_ref().map(|relation| &relation.evidence))
        });
        self.sentences
            .iter()
            .chain(entity_spans)
            .chain(quote_spans)
            .chain(place_spans)
            .chain(self.times.iter().map(|time| &time.span))
            .chain(self.events.iter().map(|event| &event.evidence))
    }

    /// Checks that every span is in bounds, on character boundaries and
    /// carries exactly the text it covers. Returns the first offender.
    pub fn check_spans(&self) -> Result<(), String> {
        for span in self.spans() {
            match self.text.get(span.range()) {
                Some(covered) if covered == span.text => {}
                Some(covered) => {
                    return Err(format!(
                        "span {}..{} says {:?} but covers {covered:?}",
                        span.start, span.end, span.text
                    ));
                }
                None => {
                    return Err(format!(
                        "span {}..{} ({:?}) is out of bounds or splits a character",
                        span.start, span.end, span.text
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_document(text: &str) -> Document {
        Document {
            schema: SCHEMA_VERSION.to_owned(),
            id: document_id(text),
            title: None,
            outlet: None,
            url: None,
            published: None,
            published_source: None,
            language: None,
            origin: Origin::file("-"),
            text: text.to_owned(),
            sentences: vec![Span::of(text, 0..text.len())],
            entities: vec![],
            quotes: vec![],
            places: vec![],
            times: vec![],
            events: vec![],
            diagnostics: vec![],
        }
    }

    #[test]
    fn document_id_is_stable_and_short() {
        assert_eq!(document_id("hello"), "2cf24dba5fb0a30e");
        assert_ne!(document_id("hello"), document_id("hello "));
    }

    #[test]
    fn check_spans_catches_a_span_whose_text_disagrees() {
        let mut document = empty_document("Troops left.");
        assert_eq!(document.check_spans(), Ok(()));
        document.sentences[0].text = "Troops stayed.".to_owned();
        assert!(document.check_spans().unwrap_err().contains("covers"));
    }

    #[test]
    fn check_spans_catches_a_span_out_of_bounds() {
        let mut document = empty_document("Troops left.");
        document.sentences[0].end = 99;
        assert!(
            document
                .check_spans()
                .unwrap_err()
                .contains("out of bounds")
        );
    }
}
