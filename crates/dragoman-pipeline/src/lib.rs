//! The analysis pipeline: one [`Article`] in, one [`Document`] out.
//!
//! [`Pipeline`] owns every loaded resource (lexicons, models) and runs the
//! stages in their fixed order: segmentation, tagging and parsing, name
//! recognition, entities and quotes, places, time expressions. It is the only crate that knows every stage; the stages know only
//! the document model and the stages before them.
//!
//! The pipeline is deterministic and sans-IO: it reads no files and never the
//! clock. Relative dates are anchored on the article's publication date.

mod quote_eval;

use std::collections::HashMap;

pub use quote_eval::{
    AttributionScores, GoldAttribution, QuoteScores, SpeakerMiss, parse_brat_attributions,
};

use chrono::NaiveDate;
use dragoman_extract::{Extraction, NameMention};
use dragoman_lexicon::{Lexicon, LexiconError};
use dragoman_model::{
    Article, DateSource, Diagnostic, Document, EntityKind, MentionKind, SCHEMA_VERSION, Span,
    document_id,
};
use dragoman_text::Segmentation;

/// Per-run settings that change what the pipeline assumes about its input.
#[derive(Clone, Debug, Default)]
pub struct AnalyzeOptions {
    /// A publication date that overrides whatever the input states.
    pub published: Option<NaiveDate>,
}

/// A shipped resource that failed to load: a build or packaging fault, never
/// a property of the input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("loading the shipped lexicon: {0}")]
    Lexicon(#[from] LexiconError),
    #[error("loading the shipped entity recogniser: {0}")]
    Recognizer(#[from] dragoman_ner::NerError),
    #[error("loading the shipped tagger and parser: {0}")]
    Syntax(#[from] dragoman_nlp::NlpError),
    #[error("loading the shipped gazetteer: {0}")]
    Gazetteer(#[from] dragoman_geo::GeoError),
}

/// Every loaded resource the stages need, built once and shared by all threads.
pub struct Pipeline {
    lexicon: Lexicon,
    gazetteer: dragoman_geo::Gazetteer<'static>,
    syntax: dragoman_nlp::Models,
    recognizer: dragoman_ner::Recognizer,
}

/// Which of the shipped dependency parsers the pipeline runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ParserChoice {
    /// The greedy parser: the fastest.
    #[default]
    Greedy,
    /// The beam-search parser: more accurate, several times slower.
    Beam,
}

impl Pipeline {
    /// Loads the shipped lexicons and models, with the greedy parser.
    pub fn shipped() -> Result<Pipeline, LoadError> {
        Pipeline::shipped_with(ParserChoice::Greedy)
    }

    /// Loads the shipped lexicons and models, with the parser chosen.
    pub fn shipped_with(parser: ParserChoice) -> Result<Pipeline, LoadError> {
        Ok(Pipeline {
            lexicon: Lexicon::embedded()?,
            gazetteer: dragoman_geo::Gazetteer::shipped()?,
            syntax: match parser {
                ParserChoice::Greedy => dragoman_nlp::Models::shipped()?,
                ParserChoice::Beam => dragoman_nlp::Models::shipped_beam()?,
            },
            recognizer: dragoman_ner::Recognizer::shipped()?,
        })
    }

    /// Analyses one article.
    pub fn analyze(&self, article: &Article, options: &AnalyzeOptions) -> Document {
        let text = article.text.as_str();
        let segmentation = dragoman_text::segment(text);
        let (published, published_source) = match options.published {
            Some(date) => (Some(date), Some(DateSource::CommandLine)),
            None => (article.published, article.published_source),
        };
        let mut diagnostics = article.diagnostics.clone();
        let language = article.language.clone().or_else(|| detect_language(text));
        if let Some(language) = language.as_deref().filter(|&language| language != "en") {
            diagnostics.push(Diagnostic::warning(format!(
                "the text looks like language {language:?}; dragoman's models are for English"
            )));
        }
        let syntax = dragoman_nlp::analyze(text, &segmentation, &self.syntax);
        let recognized = self.recognizer.recognize(text, &segmentation);
        let baseline = dragoman_extract::baseline_mentions(text, &segmentation, &self.lexicon);
        let mentions = merge_mentions(&recognized, &baseline);
        let Extraction {
            mut entities,
            quotes,
            places: _provisional_places,
            diagnostics: extraction_diagnostics,
        } = dragoman_extract::extract(text, &segmentation, Some(&syntax), &mentions, &self.lexicon);
        diagnostics.extend(extraction_diagnostics);
        let demonym_of = |words: &str| {
            self.lexicon
                .demonym(&dragoman_lexicon::phrase_key(words))
                .map(str::to_owned)
        };
        for entity in &mut entities {
            // The geoparser resolves places against the full gazetteer with
            // document context; extraction's lexicon lookup is only a
            // fallback of the day-one pipeline, so its place links go.
            entity.place = None;
            // A demonym the recogniser took for a place ("German" in "German
            // tourists") is an adjective, not a name: looked up as a toponym
            // it finds San Germán. The demonym pass below places it in its
            // country.
            let only_demonyms = || {
                !entity.mentions.is_empty()
                    && entity.mentions.iter().all(|mention| {
                        mention.kind == MentionKind::Name
                            && demonym_of(&mention.span.text).is_some()
                    })
            };
            if entity.kind == EntityKind::Place && only_demonyms() {
                entity.kind = EntityKind::Other;
            }
        }
        let mut places =
            dragoman_geo::resolve_places(text, &segmentation, &mut entities, &self.gazetteer);
        dragoman_geo::add_demonym_places(
            text,
            &segmentation,
            &entities,
            &self.gazetteer,
            demonym_of,
            &mut places,
        );
        let tags: Vec<&str> = syntax
            .tokens
            .iter()
            .map(|token| token.xpos.as_str())
            .collect();
        let times = dragoman_time::recognize_with_tags(text, &segmentation, published, Some(&tags));
        Document {
            schema: SCHEMA_VERSION.to_owned(),
            id: article.id.clone().unwrap_or_else(|| document_id(text)),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            url: article.url.clone(),
            published,
            published_source,
            language,
            origin: article.origin.clone(),
            text: text.to_owned(),
            sentences: sentence_spans(text, &segmentation),
            entities,
            quotes,
            places,
            times,
            events: Vec::new(),
            diagnostics,
        }
    }
}

/// The statistical recogniser decides where names are and what they are;
/// the baseline adds what the recogniser does not model: outlets recognised
/// by their context ("told the Tigris Wire") and names it missed that the
/// baseline knows from the lexicon or a title.
fn merge_mentions(
    recognized: &[dragoman_ner::EntitySpan],
    baseline: &[NameMention],
) -> Vec<NameMention> {
    // Lookups by span and by position keep the merge linear-logarithmic: a
    // long article has thousands of mentions on each side.
    let mut baseline_kinds: HashMap<(usize, usize), EntityKind> =
        HashMap::with_capacity(baseline.len());
    for mention in baseline {
        baseline_kinds
            .entry((mention.start, mention.end))
            .or_insert(mention.kind);
    }
    let mut merged: Vec<NameMention> = recognized
        .iter()
        .map(|span| {
            let baseline_kind = baseline_kinds.get(&(span.start, span.end)).copied();
            let kind = match (span.label, baseline_kind) {
                (_, Some(EntityKind::Media)) => EntityKind::Media,
                // A name the place table knows, which the recogniser took for a
                // person ("the western province of Anbar"): surnames that are
                // also region or country names are rarer than this mistake.
                (dragoman_ner::EntityLabel::Person, Some(EntityKind::Place)) => EntityKind::Place,
                (dragoman_ner::EntityLabel::Person, _) => EntityKind::Person,
                (dragoman_ner::EntityLabel::Organization, _) => EntityKind::Organization,
                (dragoman_ner::EntityLabel::Location, _) => EntityKind::Place,
            };
            NameMention {
                start: span.start,
                end: span.end,
                kind,
            }
        })
        .collect();
    let mut by_start: Vec<(usize, usize)> = recognized
        .iter()
        .map(|span| (span.start, span.end))
        .collect();
    by_start.sort_unstable();
    // The furthest end among the spans starting at or before each one.
    let furthest_end: Vec<usize> = by_start
        .iter()
        .scan(0, |furthest, &(_, end)| {
            *furthest = (*furthest).max(end);
            Some(*furthest)
        })
        .collect();
    let overlaps_recognized = |mention: &NameMention| {
        let starting_before_its_end = by_start.partition_point(|&(start, _)| start < mention.end);
        starting_before_its_end > 0 && furthest_end[starting_before_its_end - 1] > mention.start
    };
    merged.extend(
        baseline
            .iter()
            .filter(|mention| {
                !overlaps_recognized(mention) && BASELINE_KEPT.contains(&mention.kind)
            })
            .copied(),
    );
    merged.sort_by_key(|mention| (mention.start, mention.end));
    merged
}

/// Baseline mention kinds kept where the recogniser found nothing.
const BASELINE_KEPT: [EntityKind; 4] = [
    EntityKind::Media,
    EntityKind::Place,
    EntityKind::Person,
    EntityKind::Organization,
];

fn sentence_spans(text: &str, segmentation: &Segmentation) -> Vec<Span> {
    segmentation
        .sentences
        .iter()
        .map(|sentence| Span::of(text, sentence.start..sentence.end))
        .collect()
}

/// ISO 639-1 code of the text's language, when the detector is confident.
fn detect_language(text: &str) -> Option<String> {
    // The first few kilobytes decide as well as the whole and keep this cheap.
    let sample = match text.char_indices().nth(4096) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    Some(iso_639_1(info.lang()).to_owned())
}

/// whatlang names languages by ISO 639-3; the document model uses 639-1
/// where a language has such a code, which covers every language listed here.
fn iso_639_1(language: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match language {
        Eng => "en",
        Ara => "ar",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Rus => "ru",
        Tur => "tr",
        Pes => "fa",
        Urd => "ur",
        Heb => "he",
        Nld => "nl",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Ukr => "uk",
        Pol => "pl",
        _ => language.code(),
    }
}
