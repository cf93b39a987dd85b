//! First-order Viterbi decoding over BILOU tags, restricted to the tag
//! sequences that spell well-formed entities.

use dragoman_learn::{Perceptron, Weights};

use crate::features::{SentenceFeatures, transition_feature};
use crate::label::{TAG_COUNT, Tag};

/// Anything that scores features per tag: the perceptron while training,
/// the frozen weights at run time.
pub(crate) trait Scorer {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]);
}

impl Scorer for Perceptron {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        Perceptron::add_scores(self, features, scores);
    }
}

impl Scorer for Weights {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        Weights::add_scores(self, features, scores);
    }
}

/// Row `p` scores going from tag `p` to each tag; the last row is the sentence start.
pub(crate) type Transitions = [[f32; TAG_COUNT]; TAG_COUNT + 1];

pub(crate) fn transitions(scorer: &impl Scorer) -> Transitions {
    let mut matrix = [[0.0; TAG_COUNT]; TAG_COUNT + 1];
    for (previous, row) in matrix.iter_mut().enumerate() {
        let previous = (previous < TAG_COUNT).then_some(previous);
        scorer.add_scores(&[transition_feature(previous)], row);
        for (tag, score) in row.iter_mut().enumerate() {
            if !Tag::from_index(tag).can_follow(previous.map(Tag::from_index)) {
                *score = f32::NEG_INFINITY;
            }
        }
    }
    matrix
}

/// Reusable decoding buffers.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    emissions: Vec<f32>,
    best: Vec<f32>,
    back: Vec<u8>,
}

impl Decoder {
    /// The best well-formed tag sequence for a sentence's features.
    pub(crate) fn decode(
        &mut self,
        scorer: &impl Scorer,
        transitions: &Transitions,
        features: &SentenceFeatures,
        tags: &mut Vec<Tag>,
    ) {
        tags.clear();
        let length = features.len();
        if length == 0 {
            return;
        }
        self.emissions.clear();
        self.emissions.resize(length * TAG_COUNT, 0.0);
        for (index, scores) in self.emissions.chunks_exact_mut(TAG_COUNT).enumerate() {
            scorer.add_scores(features.token(index), scores);
        }
        self.best.clear();
        self.best.resize(length * TAG_COUNT, f32::NEG_INFINITY);
        self.back.clear();
        self.back.resize(length * TAG_COUNT, 0);
        let starts = &transitions[TAG_COUNT];
        for ((best, emission), start) in self.best.iter_mut().zip(&self.emissions).zip(starts) {
            *best = emission + start;
        }
        for index in 1..length {
            let (done, rest) = self.best.split_at_mut(index * TAG_COUNT);
            let previous_best = &done[(index - 1) * TAG_COUNT..];
            let current = &mut rest[..TAG_COUNT];
            for tag in 0..TAG_COUNT {
                let mut winner = 0;
                let mut winning = f32::NEG_INFINITY;
                for (previous, &score) in previous_best.iter().enumerate() {
                    let total = score + transitions[previous][tag];
                    if total > winning {
                        winning = total;
                        winner = previous;
                    }
                }
                current[tag] = winning + self.emissions[index * TAG_COUNT + tag];
                self.back[index * TAG_COUNT + tag] = winner as u8;
            }
        }
        let last = &self.best[(length - 1) * TAG_COUNT..];
        let mut tag = (0..TAG_COUNT)
            .filter(|&tag| Tag::from_index(tag).can_end())
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .expect("O can always end a sentence");
        tags.resize(length, Tag::OUTSIDE);
        for index in (0..length).rev() {
            tags[index] = Tag::from_index(tag);
            tag = usize::from(self.back[index * TAG_COUNT + tag]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{EntityLabel, Position};

    /// Scores each feature (a token number) with a fixed per-tag table.
    struct Table(Vec<[f32; TAG_COUNT]>);

    impl Scorer for Table {
        fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
            for &feature in features {
                if let Some(row) = self.0.get(feature as usize) {
                    for (score, weight) in scores.iter_mut().zip(row) {
                        *score += weight;
                    }
                }
            }
        }
    }

    fn sentence(length: usize) -> SentenceFeatures {
        SentenceFeatures {
            keys: (0..length as u64).collect(),
            starts: (0..=length).collect(),
        }
    }

    #[test]
    fn decoding_never_leaves_an_entity_open() {
        // Token 0 strongly prefers B-PER, token 1 strongly prefers O: the
        // decoder must pick a well-formed sequence instead.
        let begin = Tag::new(EntityLabel::Person, Position::Begin).index();
        let unit = Tag::new(EntityLabel::Person, Position::Unit).index();
        let mut rows = vec![[0.0; TAG_COUNT]; 2];
        rows[0][begin] = 5.0;
        rows[0][unit] = 4.0;
        rows[1][Tag::OUTSIDE.index()] = 5.0;
        let table = Table(rows);
        let transitions = transitions(&table);
        let mut tags = Vec::new();
        Decoder::default().decode(&table, &transitions, &sentence(2), &mut tags);
        assert_eq!(tags, vec![Tag::from_index(unit), Tag::OUTSIDE]);
    }

    #[test]
    fn an_empty_sentence_has_no_tags() {
        let table = Table(Vec::new());
        let mut tags = vec![Tag::OUTSIDE];
        Decoder::default().decode(&table, &transitions(&table), &sentence(0), &mut tags);
        assert!(tags.is_empty());
    }
}
