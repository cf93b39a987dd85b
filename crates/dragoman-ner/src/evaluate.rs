use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use dragoman_model::score::Counts;

use crate::NerError;
use crate::corpus::{GoldDocument, parse_gum, parse_iob2};
use crate::label::EntityLabel;
use crate::recognizer::Recognizer;

/// CoNLL-style scores: an entity counts only when span and label match exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    per_label: [Counts; 3],
}

impl Evaluation {
    pub fn label(&self, label: EntityLabel) -> Counts {
        self.per_label[label.index()]
    }

    /// The counts over all labels (micro-averaging).
    pub fn micro(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.per_label {
            total += counts;
        }
        total
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            formatter,
            "{:<6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "label", "gold", "found", "right", "P", "R", "F1"
        )?;
        let rows = EntityLabel::ALL
            .iter()
            .map(|&label| (label.code(), self.label(label)))
            .chain([("micro", self.micro())]);
        for (name, counts) in rows {
            writeln!(
                formatter,
                "{:<6} {:>6} {:>6} {:>6} {:>7.2} {:>7.2} {:>7.2}",
                name,
                counts.gold,
                counts.predicted,
                counts.predicted_matched,
                100.0 * counts.precision(),
                100.0 * counts.recall(),
                100.0 * counts.f1()
            )?;
        }
        Ok(())
    }
}

/// Scores `recognizer` on Universal NER IOB2 text.
pub fn evaluate_iob2(recognizer: &Recognizer, iob2: &str) -> Result<Evaluation, NerError> {
    Ok(evaluate_documents(recognizer, &parse_iob2(iob2)?))
}

/// Scores `recognizer` on GUM CoNLL-U text, mapping GUM's entity annotation
/// as `parse_gum` describes (named person, organization and place mentions).
pub fn evaluate_gum(recognizer: &Recognizer, conllu: &str) -> Result<Evaluation, NerError> {
    Ok(evaluate_documents(recognizer, &parse_gum(conllu)?))
}

pub(crate) fn evaluate_documents(
    recognizer: &Recognizer,
    documents: &[GoldDocument],
) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for document in documents {
        let words: Vec<Vec<&str>> = document
            .sentences
            .iter()
            .map(|sentence| sentence.words.iter().map(String::as_str).collect())
            .collect();
        let sentences: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let found = recognizer.label_document(&sentences);
        for (sentence, predicted) in document.sentences.iter().zip(found) {
            score_sentence(&mut evaluation, &sentence.entities, &predicted);
        }
    }
    evaluation
}

fn score_sentence(
    evaluation: &mut Evaluation,
    gold: &[(Range<usize>, EntityLabel)],
    predicted: &[(Range<usize>, EntityLabel)],
) {
    let gold_set: HashSet<(usize, usize, EntityLabel)> = gold
        .iter()
        .map(|(range, label)| (range.start, range.end, *label))
        .collect();
    for (_, label) in gold {
        evaluation.per_label[label.index()].gold += 1;
    }
    for (range, label) in predicted {
        let counts = &mut evaluation.per_label[label.index()];
        counts.predicted += 1;
        // A prediction is right when its span and label both match a gold entity.
        if gold_set.contains(&(range.start, range.end, *label)) {
            counts.add_match();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_and_labels_are_required() {
        let mut evaluation = Evaluation::default();
        let gold = [(0..2, EntityLabel::Person), (4..5, EntityLabel::Location)];
        let predicted = [
            (0..2, EntityLabel::Person),
            (4..6, EntityLabel::Location),
            (7..8, EntityLabel::Organization),
        ];
        score_sentence(&mut evaluation, &gold, &predicted);
        let micro = evaluation.micro();
        assert_eq!(micro, Counts::one_to_one(2, 3, 1));
        assert!((micro.f1() - 0.4).abs() < 1e-9);
        assert_eq!(evaluation.label(EntityLabel::Person).f1(), 1.0);
        assert_eq!(evaluation.label(EntityLabel::Location).gold_matched, 0);
        let table = evaluation.to_string();
        assert!(table.contains("micro"), "{table}");
        assert!(table.contains("40.00"), "{table}");
    }
}
