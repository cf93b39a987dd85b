use dragoman_learn::Perceptron;

use crate::NerError;
use crate::corpus::{GoldDocument, parse_iob2};
use crate::decode::{Decoder, transitions};
use crate::evaluate::{Evaluation, evaluate_documents};
use crate::features::{Scratch, SentenceFeatures, extract, string_id, transition_feature};
use crate::gazetteer::Gazetteer;
use crate::label::{TAG_COUNT, Tag, tags_of};
use crate::lexicon::CommonWords;
use crate::recognizer::Recognizer;

/// How to train.
#[derive(Clone, Debug)]
pub struct TrainingOptions {
    pub epochs: usize,
    /// Seeds the order in which sentences are visited each epoch.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model file.
    pub min_weight: f32,
    /// The share of training sentences with names that are also trained on
    /// in lowercase (0 to 1).
    pub lowercased_copies: f32,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            epochs: 10,
            seed: 1,
            min_weight: 0.01,
            lowercased_copies: 0.3,
        }
    }
}

/// What one epoch achieved, reported while training runs.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// Counted from 1.
    pub epoch: usize,
    /// Training sentences the model got wrong during the epoch.
    pub mistaken_sentences: usize,
    pub sentences: usize,
    /// Scores on the development data with the weights averaged so far.
    pub dev: Evaluation,
    /// How many hashed features the frozen model keeps.
    pub features: usize,
}

/// Trains a recogniser on IOB2 `train` text, picks the epoch scoring best on
/// IOB2 `dev` text, and returns its model file bytes.
///
/// Deterministic: the same texts, gazetteer and options give the same bytes.
pub fn train(
    train: &str,
    dev: &str,
    gazetteer: Gazetteer,
    options: &TrainingOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<Vec<u8>, NerError> {
    let training_documents = parse_iob2(train)?;
    let dev_documents = parse_iob2(dev)?;
    let common_words = count_common_words(&training_documents);
    let mut scratch = Scratch::default();
    let mut examples: Vec<(SentenceFeatures, Vec<Tag>)> = Vec::new();
    let mut random = SplitMix(options.seed);
    for sentence in training_documents
        .iter()
        .flat_map(|document| &document.sentences)
    {
        let tags = tags_of(sentence.words.len(), &sentence.entities);
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let mut features = SentenceFeatures::default();
        extract(
            &gazetteer,
            &common_words,
            &words,
            &mut scratch,
            &mut features,
        );
        examples.push((features, tags.clone()));
        // Web copy often drops capitals; a lowercased copy of some sentences
        // with names teaches the model to find names without them.
        let lowercase_share = options.lowercased_copies;
        if !sentence.entities.is_empty()
            && (random.next() % 1000) < (lowercase_share * 1000.0) as u64
        {
            let lowered: Vec<String> = sentence
                .words
                .iter()
                .map(|word| word.to_lowercase())
                .collect();
            let words: Vec<&str> = lowered.iter().map(String::as_str).collect();
            let mut features = SentenceFeatures::default();
            extract(
                &gazetteer,
                &common_words,
                &words,
                &mut scratch,
                &mut features,
            );
            examples.push((features, tags));
        }
    }
    if examples.is_empty() {
        return Err(NerError::NoTrainingData);
    }
    let mut model = Perceptron::new(TAG_COUNT);
    let mut decoder = Decoder::default();
    let mut guess = Vec::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best: Option<(f64, Vec<u8>)> = None;
    for epoch in 1..=options.epochs {
        shuffle(&mut order, &mut random);
        let mut mistaken_sentences = 0;
        for &index in &order {
            let (features, gold) = &examples[index];
            let matrix = transitions(&model);
            decoder.decode(&model, &matrix, features, &mut guess);
            if &guess != gold {
                mistaken_sentences += 1;
                update(&mut model, features, gold, &guess);
            }
            model.tick();
        }
        let recognizer = Recognizer::from_parts(
            model.freeze(options.min_weight),
            gazetteer.clone(),
            common_words.clone(),
        )?;
        let dev = evaluate_documents(&recognizer, &dev_documents);
        on_epoch(&EpochReport {
            epoch,
            mistaken_sentences,
            sentences: examples.len(),
            dev,
            features: recognizer.feature_count(),
        });
        let score = dev.micro().f1();
        if best
            .as_ref()
            .is_none_or(|(best_score, _)| score > *best_score)
        {
            best = Some((score, recognizer.to_bytes()));
        }
    }
    best.map(|(_, bytes)| bytes).ok_or(NerError::NoTrainingData)
}

/// Which words the training text writes in lowercase; a capital at a
/// sentence start says nothing, so those are not counted.
fn count_common_words(documents: &[GoldDocument]) -> CommonWords {
    let observations = documents
        .iter()
        .flat_map(|document| &document.sentences)
        .flat_map(|sentence| sentence.words.iter().enumerate().skip(1))
        .filter(|(_, word)| word.chars().any(char::is_alphabetic))
        .map(|(_, word)| {
            let lowercase = !word.chars().any(char::is_uppercase);
            (string_id(&word.to_lowercase()), lowercase)
        });
    CommonWords::count(observations)
}

/// The structured perceptron update: reward the gold tags and transitions
/// where the guess went wrong, penalise the guessed ones.
fn update(model: &mut Perceptron, features: &SentenceFeatures, gold: &[Tag], guess: &[Tag]) {
    for index in 0..gold.len() {
        let previous_gold = index.checked_sub(1).map(|before| gold[before].index());
        let previous_guess = index.checked_sub(1).map(|before| guess[before].index());
        if gold[index] != guess[index] {
            model.update(features.token(index), gold[index].index(), 1.0);
            model.update(features.token(index), guess[index].index(), -1.0);
        }
        if (previous_gold, gold[index]) != (previous_guess, guess[index]) {
            model.update(
                &[transition_feature(previous_gold)],
                gold[index].index(),
                1.0,
            );
            model.update(
                &[transition_feature(previous_guess)],
                guess[index].index(),
                -1.0,
            );
        }
    }
}

/// A tiny seeded generator (splitmix64): training must not depend on a
/// random-number crate's version to be reproducible.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
}

fn shuffle(order: &mut [usize], random: &mut SplitMix) {
    for index in (1..order.len()).rev() {
        let other = (random.next() % (index as u64 + 1)) as usize;
        order.swap(index, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate_iob2;

    /// A toy corpus in the IOB2 format: capitalised words after "met" are
    /// people, after "in" places.
    fn corpus(names: &[(&str, &str)]) -> String {
        let mut text = String::new();
        for (person, place) in names {
            text.push_str(&format!(
                "1\tWe\tO\n2\tmet\tO\n3\t{person}\tB-PER\n4\tin\tO\n5\t{place}\tB-LOC\n6\t.\tO\n\n"
            ));
        }
        text
    }

    #[test]
    fn training_learns_a_toy_corpus_deterministically() {
        let train_text = corpus(&[
            ("Samir", "Basra"),
            ("Huda", "Najaf"),
            ("Karim", "Mosul"),
            ("Rana", "Kirkuk"),
        ]);
        let dev_text = corpus(&[("Omar", "Erbil")]);
        let options = TrainingOptions {
            epochs: 4,
            ..TrainingOptions::default()
        };
        let mut epochs = Vec::new();
        let bytes = train(
            &train_text,
            &dev_text,
            Gazetteer::default(),
            &options,
            &mut |report| epochs.push(report.epoch),
        )
        .unwrap();
        assert_eq!(epochs, vec![1, 2, 3, 4]);
        let again = train(
            &train_text,
            &dev_text,
            Gazetteer::default(),
            &options,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(bytes, again);
        let recognizer = Recognizer::from_bytes(&bytes).unwrap();
        let evaluation = evaluate_iob2(&recognizer, &dev_text).unwrap();
        assert_eq!(evaluation.micro().f1(), 1.0, "{evaluation}");
    }

    #[test]
    fn empty_training_data_is_an_error() {
        let result = train(
            "",
            "",
            Gazetteer::default(),
            &TrainingOptions::default(),
            &mut |_| {},
        );
        assert!(matches!(result, Err(NerError::NoTrainingData)));
    }

    #[test]
    fn shuffling_is_a_seeded_permutation() {
        let mut order: Vec<usize> = (0..50).collect();
        shuffle(&mut order, &mut SplitMix(7));
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(order, sorted);
    }
}
