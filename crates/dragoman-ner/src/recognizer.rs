use std::collections::HashMap;
use std::ops::Range;

use dragoman_learn::{ModelFile, ModelWriter, Weights};
use dragoman_text::Segmentation;

use crate::NerError;
use crate::decode::{Decoder, Transitions, transitions};
use crate::features::{Scratch, SentenceFeatures, extract};
use crate::gazetteer::Gazetteer;
use crate::label::{EntityLabel, entities_of};
use crate::lexicon::CommonWords;

const MODEL_KIND: &str = "ner";
/// Names the feature set the weights were trained with; bump it whenever a
/// template changes so that an old model is refused rather than misread.
const FEATURE_SET: &str = "ner-features-4";

const SHIPPED_MODEL: &[u8] = include_bytes!("../models/ner.bin");

/// A recognised entity mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySpan {
    /// The mention's tokens, as indices into [`Segmentation::tokens`].
    pub tokens: Range<usize>,
    /// Byte offset of the mention's first byte in the text.
    pub start: usize,
    /// Byte offset one past the mention's last byte.
    pub end: usize,
    pub label: EntityLabel,
}

/// A trained named-entity recogniser: frozen weights and the gazetteer.
#[derive(Clone, Debug)]
pub struct Recognizer {
    weights: Weights,
    transitions: Transitions,
    gazetteer: Gazetteer,
    common_words: CommonWords,
    document_consistency: bool,
}

/// Entities of one sentence: sentence-relative token ranges.
pub(crate) type SentenceEntities = Vec<(Range<usize>, EntityLabel)>;

impl Recognizer {
    /// The model that ships inside the library.
    pub fn shipped() -> Result<Recognizer, NerError> {
        Recognizer::from_bytes(SHIPPED_MODEL)
    }

    /// Loads a model file written by training.
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer, NerError> {
        let file = ModelFile::parse(bytes, MODEL_KIND)?;
        let feature_set = file.text_section("features")?;
        if feature_set != FEATURE_SET {
            return Err(NerError::FeatureSetMismatch {
                found: feature_set.to_owned(),
                expected: FEATURE_SET,
            });
        }
        let weights = Weights::from_bytes(file.section("weights")?)?;
        let gazetteer = Gazetteer::from_bytes(file.section("gazetteer")?)?;
        let common_words = CommonWords::from_bytes(file.section("common-words")?)?;
        Recognizer::from_parts(weights, gazetteer, common_words)
    }

    pub(crate) fn from_parts(
        weights: Weights,
        gazetteer: Gazetteer,
        common_words: CommonWords,
    ) -> Result<Recognizer, NerError> {
        if weights.classes() != crate::label::TAG_COUNT {
            return Err(NerError::CorruptModel(format!(
                "weights score {} tags, the recogniser uses {}",
                weights.classes(),
                crate::label::TAG_COUNT
            )));
        }
        Ok(Recognizer {
            transitions: transitions(&weights),
            weights,
            gazetteer,
            common_words,
            document_consistency: true,
        })
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        ModelWriter::new(MODEL_KIND)
            .section("features", FEATURE_SET.as_bytes().to_vec())
            .section("weights", self.weights.to_bytes())
            .section("gazetteer", self.gazetteer.to_bytes())
            .section("common-words", self.common_words.to_bytes())
            .to_bytes()
    }

    pub(crate) fn into_weights(self) -> Weights {
        self.weights
    }

    pub(crate) fn feature_count(&self) -> usize {
        self.weights.features()
    }

    /// Whether a name found once in a document labels its other mentions
    /// (exact repeats, and the surname of a person); on by default.
    pub fn with_document_consistency(mut self, enabled: bool) -> Recognizer {
        self.document_consistency = enabled;
        self
    }

    /// Finds the entities of `text`, which `segmentation` splits into
    /// sentences and tokens; the text is treated as one document.
    ///
    /// Tokens that do not slice the text (a segmentation of another text)
    /// read as empty words rather than panicking.
    pub fn recognize(&self, text: &str, segmentation: &Segmentation) -> Vec<EntitySpan> {
        let tokens = &segmentation.tokens;
        let words: Vec<&str> = tokens
            .iter()
            .map(|token| text.get(token.start..token.end).unwrap_or_default())
            .collect();
        let ranges: Vec<Range<usize>> = segmentation
            .sentences
            .iter()
            .map(|sentence| {
                let end = sentence.tokens.end.min(words.len());
                sentence.tokens.start.min(end)..end
            })
            .collect();
        let sentences: Vec<&[&str]> = ranges.iter().map(|range| &words[range.clone()]).collect();
        let found = self.label_document(&sentences);
        let mut spans = Vec::new();
        for (range, entities) in ranges.iter().zip(found) {
            for (relative, label) in entities {
                let first = range.start + relative.start;
                let last = range.start + relative.end - 1;
                spans.push(EntitySpan {
                    tokens: first..last + 1,
                    start: tokens[first].start,
                    end: tokens[last].end,
                    label,
                });
            }
        }
        spans
    }

    /// The entities of each sentence of one document.
    pub(crate) fn label_document(&self, sentences: &[&[&str]]) -> Vec<SentenceEntities> {
        let mut scratch = Scratch::default();
        let mut features = SentenceFeatures::default();
        let mut decoder = Decoder::default();
        let mut tags = Vec::new();
        let mut found: Vec<SentenceEntities> = sentences
            .iter()
            .map(|words| {
                extract(
                    &self.gazetteer,
                    &self.common_words,
                    words,
                    &mut scratch,
                    &mut features,
                );
                decoder.decode(&self.weights, &self.transitions, &features, &mut tags);
                entities_of(&tags)
            })
            .collect();
        if self.document_consistency {
            make_consistent(sentences, &mut found);
        }
        found
    }
}

/// The cheap second pass: the label most mentions of a name receive in a
/// document (the first one's on a tie) becomes its label everywhere in the
/// document, unlabelled repeats of it (starting with a capital) are
/// labelled, and so are lone surnames of people.
fn make_consistent(sentences: &[&[&str]], found: &mut [SentenceEntities]) {
    // Each name takes the label most of its mentions received; on a tie,
    // the label of its first mention.
    let mut votes: HashMap<&[&str], ([usize; 3], EntityLabel)> = HashMap::new();
    for (words, entities) in sentences.iter().zip(found.iter()) {
        for (range, label) in entities {
            let (counts, _) = votes
                .entry(&words[range.clone()])
                .or_insert(([0; 3], *label));
            counts[label.index()] += 1;
        }
    }
    let mut known: HashMap<&[&str], EntityLabel> = votes
        .into_iter()
        .map(|(name, (counts, first))| {
            let most = counts.iter().copied().max().unwrap_or(0);
            let winner = if counts[first.index()] == most {
                first
            } else {
                EntityLabel::ALL
                    .into_iter()
                    .find(|label| counts[label.index()] == most)
                    .unwrap_or(first)
            };
            (name, winner)
        })
        .collect();
    for (words, entities) in sentences.iter().zip(found.iter()) {
        for (range, label) in entities {
            let surname = &words[range.end - 1..range.end];
            if *label == EntityLabel::Person && range.len() > 1 && is_capitalised(surname[0]) {
                known.entry(surname).or_insert(EntityLabel::Person);
            }
        }
    }
    let longest = known.keys().map(|name| name.len()).max().unwrap_or(0);
    for (words, entities) in sentences.iter().zip(found.iter_mut()) {
        for (range, label) in entities.iter_mut() {
            if let Some(&first) = known.get(&words[range.clone()]) {
                *label = first;
            }
        }
        let mut added = Vec::new();
        let mut next_entity = 0;
        let mut index = 0;
        while index < words.len() {
            while next_entity < entities.len() && entities[next_entity].0.end <= index {
                next_entity += 1;
            }
            let free_until = entities
                .get(next_entity)
                .map_or(words.len(), |(range, _)| range.start);
            if index < free_until && is_capitalised(words[index]) {
                let longest_here = longest.min(free_until - index);
                let repeat = (1..=longest_here).rev().find_map(|length| {
                    let name = &words[index..index + length];
                    known.get(name).map(|&label| (index..index + length, label))
                });
                if let Some((range, label)) = repeat {
                    index = range.end;
                    added.push((range, label));
                    continue;
                }
            }
            index += 1;
        }
        if !added.is_empty() {
            entities.extend(added);
            entities.sort_by_key(|(range, _)| range.start);
        }
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;
    use std::time::Instant;

    static SHIPPED: LazyLock<Recognizer> =
        LazyLock::new(|| Recognizer::shipped().expect("the shipped model loads"));

    fn entities(recognizer: &Recognizer, text: &str) -> Vec<(String, EntityLabel)> {
        let segmentation = dragoman_text::segment(text);
        recognizer
            .recognize(text, &segmentation)
            .into_iter()
            .map(|span| (text[span.start..span.end].to_owned(), span.label))
            .collect()
    }

    #[test]
    fn the_shipped_model_loads_quickly_and_finds_news_entities() {
        let started = Instant::now();
        let recognizer = Recognizer::shipped().unwrap();
        let elapsed = started.elapsed();
        // Debug builds are slower; the budget for release is well under 100 ms.
        assert!(elapsed.as_millis() < 1000, "loading took {elapsed:?}");
        let text = "Prime Minister Mohammed Shia al-Sudani met officials of the United \
                    Nations in Baghdad on Monday, the Iraqi Foreign Ministry said.";
        assert_eq!(
            entities(&recognizer, text),
            vec![
                ("Mohammed Shia al-Sudani".to_owned(), EntityLabel::Person),
                ("United Nations".to_owned(), EntityLabel::Organization),
                ("Baghdad".to_owned(), EntityLabel::Location),
                (
                    "Iraqi Foreign Ministry".to_owned(),
                    EntityLabel::Organization
                ),
            ]
        );
    }

    #[test]
    fn spans_slice_the_text_even_for_a_foreign_segmentation() {
        let recognizer = Recognizer::shipped().unwrap();
        let text = "Lina Haddad flew to Amman.";
        let segmentation = dragoman_text::segment(text);
        for span in recognizer.recognize(text, &segmentation) {
            assert!(text.get(span.start..span.end).is_some());
        }
        // A segmentation of a longer text must not panic on this one.
        let other = dragoman_text::segment("Ahmed Karim arrived in Tehran on Tuesday evening.");
        let _ = recognizer.recognize("short", &other);
    }

    #[test]
    fn repeats_and_surnames_keep_the_first_label() {
        let words: Vec<Vec<&str>> = vec![
            vec!["Samir", "Hadi", "spoke", "in", "Erbil"],
            vec!["Hadi", "left", "Erbil", "and", "Samir", "Hadi", "too"],
        ];
        let sentences: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut found = vec![
            vec![(0..2, EntityLabel::Person), (4..5, EntityLabel::Location)],
            vec![(4..6, EntityLabel::Organization)],
        ];
        make_consistent(&sentences, &mut found);
        assert_eq!(
            found[1],
            vec![
                (0..1, EntityLabel::Person),
                (2..3, EntityLabel::Location),
                (4..6, EntityLabel::Person),
            ]
        );
    }

    #[test]
    fn corrupt_models_are_errors() {
        assert!(Recognizer::from_bytes(b"DRAGOMAN").is_err());
        let mut truncated = SHIPPED_MODEL.to_vec();
        truncated.truncate(truncated.len() / 2);
        assert!(Recognizer::from_bytes(&truncated).is_err());
    }

    proptest! {
        #[test]
        fn spans_are_sorted_disjoint_and_slice_any_text(text in "[A-Za-zÀ-ÿ0-9 .,'\"\n-]{0,120}") {
            let segmentation = dragoman_text::segment(&text);
            let spans = SHIPPED.recognize(&text, &segmentation);
            let mut end = 0;
            for span in spans {
                prop_assert!(span.start >= end && span.start < span.end);
                prop_assert!(text.get(span.start..span.end).is_some());
                prop_assert_eq!(span.start, segmentation.tokens[span.tokens.start].start);
                prop_assert_eq!(span.end, segmentation.tokens[span.tokens.end - 1].end);
                end = span.end;
            }
        }
    }
}
